//! GRE (IP protocol 47): version 0 with its optional checksum, key and sequence number, and
//! PPTP's enhanced version 1 (key = payload length and call ID, optional sequence and
//! acknowledgment numbers) carrying PPP.

use super::ctx::{be16, Ctx};
use super::tree::{Build, Node, Value};

// GRE as IP protocol 47
inventory::submit! {
    super::table::IpProto { protos: &[47], dissect: |cx, off, _, cap| dissect(cx, off, cap) }
}

pub fn dissect(cx: &mut Ctx, off: usize, cap: usize) {
    cx.proto("gre");
    let b = cx.bytes;
    let end = (off + cap).min(b.len());
    let (Some(flags), Some(ptype)) = (be16(b, off), be16(b, off + 2)) else {
        cx.malformed("GRE", cx.snapped());
        return;
    };
    let version = flags & 7;
    let mut p = off + 4;
    if flags & 0x8000 != 0 {
        p += 4; // checksum and reserved
    }
    if flags & 0x2000 != 0 {
        p += 4; // key (v1: payload length, call ID)
    }
    if flags & 0x1000 != 0 {
        p += 4; // sequence number
    }
    if version == 1 && flags & 0x0080 != 0 {
        p += 4; // acknowledgment number
    }
    if cx.tree {
        let what = match ptype {
            0x880b => "PPP",
            0x0800 => "IP",
            0x86dd => "IPv6",
            0x6558 => "Transparent Ethernet bridging",
            _ => "Unknown",
        };
        let mut n = Node::new(fid!("gre"), Value::None, off, p.min(end) - off)
            .label_fmt(|| format!("Generic Routing Encapsulation ({what})"));
        n.add(
            fid!("gre.flags_and_version"),
            Value::Uint(flags as u64, 4),
            off,
            2,
        )
        .label_fmt(|| format!("Flags and Version: 0x{flags:04x}"));
        n.add(fid!("gre.proto"), Value::Uint(ptype as u64, 4), off + 2, 2)
            .label_fmt(|| format!("Protocol Type: {what} (0x{ptype:04x})"));
        cx.roots.push(n);
        cx.cols.protocol = "GRE".into();
        cx.cols.info = format!("Encapsulated {what}");
    }
    if p >= end {
        return;
    }
    match ptype {
        0x880b => {
            let mut q = p;
            if b.get(q..q + 2) == Some(&[0xff, 0x03]) {
                q += 2;
            }
            super::ppp::ppp(cx, q);
        }
        0x0800 => super::ip::dissect(cx, p),
        0x86dd => super::ipv6::dissect(cx, p),
        _ => super::ctx::data(cx, p),
    }
}
