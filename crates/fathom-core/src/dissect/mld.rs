//! Multicast Listener Discovery (ICMPv6 types 130–132 and 143): version 1's query, report
//! and done, version 2's query (a query of 28 bytes or more) and report with its records.

use super::tree::{bits_str, Build, Node, Value};
use crate::dissect::fields::FieldId;

fn ipv6(m: &[u8], i: usize) -> Option<[u8; 16]> {
    m.get(i..i + 16)?.try_into().ok()
}

/// A 16-bit field (0 where the message ends first).
fn be16(m: &[u8], i: usize) -> u16 {
    super::ctx::be16(m, i).unwrap_or(0)
}

/// An address item labelled `what: <address>`.
fn address(n: &mut Node, abbrev: FieldId, what: &str, a: [u8; 16], at: usize) {
    let text = Value::Ipv6(a).to_fields_string();
    n.add(abbrev, Value::Ipv6(a), at, 16)
        .label_fmt(|| format!("{what}: {text}"));
}

/// MLDv2's floating-point codes (RFC 3810): a value with its top bit set is a 3-bit
/// exponent and a `mant_bits`-bit mantissa.
fn decode_code(v: u32, mant_bits: u32) -> u32 {
    let top = 1 << (mant_bits + 3);
    if v < top {
        return v;
    }
    let exp = (v >> mant_bits) & 7;
    let mant = v & ((1 << mant_bits) - 1);
    (mant | (1 << mant_bits)) << (exp + 3)
}

/// A message of type `t` in `m` (from its type on, at `off` in the frame) under `n`.
/// Returns false when it is too short for its fixed part.
pub fn dissect(n: &mut Node, m: &[u8], off: usize, t: u8) -> bool {
    if t == 143 {
        return report_v2(n, m, off);
    }
    let Some(group) = ipv6(m, 8) else {
        return false;
    };
    let delay = be16(m, 4);
    let v2 = t == 130 && m.len() >= 28;
    if v2 {
        let code = decode_code(delay as u32, 12);
        n.add_uint(
            fid!("icmpv6.mld.maximum_response_code"),
            code as u64,
            off + 4,
            2,
        )
        .label_fmt(|| format!("Maximum Response Code: {code}"));
    } else {
        n.add_uint(
            fid!("icmpv6.mld.maximum_response_delay"),
            delay as u64,
            off + 4,
            2,
        )
        .label_fmt(|| format!("Maximum Response Delay [ms]: {delay}"));
    }
    n.add(
        fid!("icmpv6.reserved"),
        Value::Bytes(m[6..8].to_vec()),
        off + 6,
        2,
    );
    address(
        n,
        fid!("icmpv6.mld.multicast_address"),
        "Multicast Address",
        group,
        off + 8,
    );
    if v2 {
        query_v2(n, m, off);
    }
    true
}

/// The part of an MLDv2 query after the multicast address.
fn query_v2(n: &mut Node, m: &[u8], off: usize) {
    let f = m[24];
    let s = f & 0x08 != 0;
    let qrv = f & 7;
    let fl = n
        .add(
            fid!("icmpv6.mld.flag"),
            Value::Uint(f as u64, 2),
            off + 24,
            1,
        )
        .label_fmt(|| {
            let mut l = format!("Flags: 0x{f:02x}");
            if s {
                l.push_str(", Suppress Router-Side Processing");
            }
            l
        });
    let bits = |mask: u64| bits_str(f as u64, mask, 8);
    fl.add(fid!("icmpv6.mld.flag.s"), Value::Bool(s), off + 24, 1)
        .label_fmt(|| {
            format!(
                "{} = Suppress Router-Side Processing: {}",
                bits(0x08),
                if s { "True" } else { "False" }
            )
        });
    fl.add_uint(fid!("icmpv6.mld.flag.qrv"), qrv as u64, off + 24, 1)
        .label_fmt(|| {
            format!(
                "{} = QRV (Querier's Robustness Variable): {qrv}",
                bits(0x07)
            )
        });
    fl.add_uint(
        fid!("icmpv6.mld.flag.reserved"),
        (f >> 4) as u64,
        off + 24,
        1,
    )
    .label_fmt(|| format!("{} = Reserved: {}", bits(0xf0), f >> 4));
    let qqic = decode_code(m[25] as u32, 4);
    n.add_uint(fid!("icmpv6.mld.qqi"), qqic as u64, off + 25, 1)
        .label_fmt(|| format!("QQIC (Querier's Query Interval Code): {qqic}"));
    let count = be16(m, 26);
    n.add_uint(fid!("icmpv6.mld.nb_sources"), count as u64, off + 26, 2)
        .label_fmt(|| format!("Number of Sources: {count}"));
    for i in 0..count as usize {
        let at = 28 + 16 * i;
        let Some(a) = ipv6(m, at) else { break };
        address(
            n,
            fid!("icmpv6.mld.source_address"),
            "Source Address",
            a,
            off + at,
        );
    }
}

fn record_type_name(t: u8) -> &'static str {
    match t {
        1 => "Include",
        2 => "Exclude",
        3 => "Changed to include",
        4 => "Changed to exclude",
        5 => "Allow new sources",
        6 => "Block old sources",
        _ => "Unknown",
    }
}

/// An MLDv2 report: its multicast address records, each with its sources.
fn report_v2(n: &mut Node, m: &[u8], off: usize) -> bool {
    if m.len() < 8 {
        return false;
    }
    n.add(
        fid!("icmpv6.reserved"),
        Value::Bytes(m[4..6].to_vec()),
        off + 4,
        2,
    );
    let count = be16(m, 6);
    n.add_uint(
        fid!("icmpv6.mldr.nb_mcast_records"),
        count as u64,
        off + 6,
        2,
    )
    .label_fmt(|| format!("Number of Multicast Address Records: {count}"));
    let mut at = 8;
    for _ in 0..count {
        let Some(group) = ipv6(m, at + 4) else { break };
        let (rt, aux, sources) = (m[at], m[at + 1], be16(m, at + 2));
        let len = 20 + 16 * sources as usize + 4 * aux as usize;
        let text = Value::Ipv6(group).to_fields_string();
        let mut r = Node::new(fid!("icmpv6.mldr.mar"), Value::None, off + at, len)
            .label_fmt(|| format!("Multicast Address Record {}: {text}", record_type_name(rt)));
        r.add_uint(fid!("icmpv6.mldr.mar.record_type"), rt as u64, off + at, 1)
            .label_fmt(|| format!("Record Type: {} ({rt})", record_type_name(rt)));
        r.add_uint(
            fid!("icmpv6.mldr.mar.aux_data_len"),
            aux as u64,
            off + at + 1,
            1,
        )
        .label_fmt(|| format!("Aux Data Len: {aux}"));
        r.add_uint(
            fid!("icmpv6.mldr.mar.nb_sources"),
            sources as u64,
            off + at + 2,
            2,
        )
        .label_fmt(|| format!("Number of Sources: {sources}"));
        address(
            &mut r,
            fid!("icmpv6.mldr.mar.multicast_address"),
            "Multicast Address",
            group,
            off + at + 4,
        );
        for i in 0..sources as usize {
            let s = at + 20 + 16 * i;
            let Some(a) = ipv6(m, s) else { break };
            address(
                &mut r,
                fid!("icmpv6.mldr.mar.source_address"),
                "Source Address",
                a,
                off + s,
            );
        }
        n.push(r);
        at += len;
    }
    true
}

fields! {
    "icmpv6.mld.maximum_response_delay", "Maximum Response Delay [ms]", FT_UINT16;
    "icmpv6.mld.maximum_response_code", "Maximum Response Code", FT_UINT16;
    "icmpv6.mld.multicast_address", "Multicast Address", FT_IPv6;
    "icmpv6.mld.flag", "Flags", FT_UINT8;
    "icmpv6.mld.flag.s", "Suppress Router-Side Processing", FT_BOOLEAN;
    "icmpv6.mld.flag.qrv", "QRV (Querier's Robustness Variable)", FT_UINT8;
    "icmpv6.mld.flag.reserved", "Reserved", FT_UINT8;
    "icmpv6.mld.qqi", "QQIC (Querier's Query Interval Code)", FT_UINT8;
    "icmpv6.mld.nb_sources", "Number of Sources", FT_UINT16;
    "icmpv6.mld.source_address", "Source Address", FT_IPv6;
    "icmpv6.mldr.nb_mcast_records", "Number of Multicast Address Records", FT_UINT16;
    "icmpv6.mldr.mar", "Multicast Address Record", FT_NONE;
    "icmpv6.mldr.mar.record_type", "Record Type", FT_UINT8;
    "icmpv6.mldr.mar.aux_data_len", "Aux Data Len", FT_UINT8;
    "icmpv6.mldr.mar.nb_sources", "Number of Sources", FT_UINT16;
    "icmpv6.mldr.mar.multicast_address", "Multicast Address", FT_IPv6;
    "icmpv6.mldr.mar.source_address", "Source Address", FT_IPv6;
}
