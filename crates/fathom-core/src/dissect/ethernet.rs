//! Ethernet II and 802.1Q / 802.1ad VLAN tags.

use super::ctx::{be16, Ctx};
use super::tree::{Build, Node, Value};
use crate::dissect::fields::FieldId;
use crate::wire::EthernetHeader;

// 802.1Q, 802.1ad and QinQ tags behind an Ethernet type
inventory::submit! { super::table::EtherType { etypes: &[0x8100, 0x88a8, 0x9100], dissect: vlan } }

pub fn fmt_mac(m: &[u8; 6]) -> String {
    Value::Ether(*m).to_fields_string()
}

pub fn dissect(cx: &mut Ctx, off: usize) {
    cx.proto("eth");
    let b = cx.bytes;
    let Some(h) = b.get(off..).and_then(EthernetHeader::new_checked) else {
        if cx.tree {
            cx.cols.protocol = "Ethernet".into();
            cx.roots.push(
                Node::new(fid!("eth"), Value::None, off, b.len().saturating_sub(off))
                    .label("Ethernet II"),
            );
        }
        cx.malformed("Ethernet", cx.snapped());
        return;
    };
    let (dst, src, etype) = (h.dst(), h.src(), h.ethertype());
    if etype < 0x0600 {
        // 802.3 length field: show as data
        if cx.tree {
            let mut e = Node::new(fid!("eth"), Value::None, off, 14).label_fmt(|| {
                format!(
                    "IEEE 802.3 Ethernet, Src: {}, Dst: {}",
                    fmt_mac(&src),
                    fmt_mac(&dst)
                )
            });
            e.add(fid!("eth.dst"), Value::Ether(dst), off, 6);
            e.add(fid!("eth.src"), Value::Ether(src), off + 6, 6);
            e.add_uint(fid!("eth.len"), etype as u64, off + 12, 2);
            cx.roots.push(e);
            cx.cols.src = fmt_mac(&src);
            cx.cols.dst = fmt_mac(&dst);
            cx.cols.protocol = "LLC".into();
        }
        super::ctx::data(cx, off + 14);
        return;
    }
    if cx.tree {
        let mut e = Node::new(fid!("eth"), Value::None, off, 14).label_fmt(|| {
            format!(
                "Ethernet II, Src: {}, Dst: {}",
                crate::names::mac_label(&src),
                crate::names::mac_label(&dst)
            )
        });
        mac_node(&mut e, fid!("eth.dst"), &dst, off, "Destination");
        mac_node(&mut e, fid!("eth.src"), &src, off + 6, "Source");
        e.add(fid!("eth.type"), Value::Uint(etype as u64, 4), off + 12, 2)
            .label_fmt(|| format!("Type: {} (0x{etype:04x})", etype_name(etype)));
        cx.roots.push(e);
        cx.cols.src = fmt_mac(&src);
        cx.cols.dst = fmt_mac(&dst);
        cx.cols.protocol = "Ethernet".into();
        // what the column says when no layer above names anything
        cx.cols.info = "Ethernet II".into();
    }
    super::table::ethertype(cx, etype, off + 14);
    if cx.tree {
        padding(cx);
    }
}

fn mac_node(e: &mut Node, abbrev: FieldId, m: &[u8; 6], off: usize, what: &str) {
    let n = e
        .add(abbrev, Value::Ether(*m), off, 6)
        .label_fmt(|| format!("{what}: {}", crate::names::mac_label(m)));
    if abbrev == fid!("eth.src") && m[0] & 1 != 0 {
        n.push(super::tree::expert_info(
            fid!("eth.src_not_group"),
            super::tree::Severity::Warn,
            super::tree::Group::Protocol,
            "Source MAC must not be a group address: IEEE 802.3-2002, Section 3.2.3(b)",
            off,
        ));
    }
    n.add(fid!("eth.addr"), Value::Ether(*m), off, 6)
        .label_fmt(|| format!("Address: {}", crate::names::mac_label(m)));
    // the two address bits of the first byte, as tshark pictures them in 24 bits
    let bit = |n: &mut Node, abbrev: FieldId, mask: u8, name: &str, yes: &str, no: &str| {
        let set = m[0] & mask != 0;
        n.add(abbrev, Value::Bool(set), off, 3).label_fmt(|| {
            let pic = super::tree::bits_str((m[0] as u64) << 16, (mask as u64) << 16, 24);
            format!("{pic} = {name}: {}", if set { yes } else { no })
        });
    };
    bit(
        n,
        fid!("eth.lg"),
        2,
        "LG bit",
        "Locally administered address (this is NOT the factory default)",
        "Globally unique address (factory default)",
    );
    bit(
        n,
        fid!("eth.ig"),
        1,
        "IG bit",
        "Group address (multicast/broadcast)",
        "Individual address (unicast)",
    );
}

/// Bytes after the IP datagram (or ARP message) inside an Ethernet frame, as Wireshark
/// splits them: zeros up to the 60-byte minimum frame (4 more per VLAN tag) are padding;
/// in a frame of 64 bytes or more the last 4 bytes of what remains are taken for the frame
/// check sequence (the capture does not say whether it kept one); anything else is a
/// trailer, noted when a short frame's padding was not zeros.
fn padding(cx: &mut Ctx) {
    let b = cx.bytes;
    // (an IPv4 length shorter than its header is bogus: the IP dissector stops there)
    let ip_end = |off: Option<u32>, len_at: usize, extra: usize, least: usize| {
        let off = off? as usize;
        let len = super::ctx::be16(b, off + len_at)? as usize;
        (len >= least.max(1)).then_some(off + extra + len)
    };
    let end = ip_end(cx.dec.ip4_off, 2, 0, 20)
        .or_else(|| ip_end(cx.dec.ip6_off, 4, 40, 0))
        .or_else(|| {
            let arp = cx.roots.iter().find(|n| n.field == fid!("arp"))?;
            Some((arp.start + arp.len) as usize)
        });
    let Some(end) = end.filter(|&e| e < b.len()) else {
        return;
    };
    let tags = cx.roots.iter().filter(|n| n.field == fid!("vlan")).count();
    let extra = &b[end..];
    // what was on the wire after the datagram, and what of it was captured
    let wire = (cx.rec.origlen as usize).max(b.len());
    // behind VLAN tags the innermost tag's tree shows them, and the FCS test counts the
    // bytes from that tag on (Wireshark hands the trailer to the tag's Ethernet type)
    let from = if tags > 0 { 14 + 4 * (tags - 1) } else { 0 };
    let Tail {
        pad,
        rest,
        fcs,
        note,
    } = tail(wire, end, extra, from);
    let layer = if tags > 0 { "vlan" } else { "eth" };
    let Some(eth) = cx.roots.iter_mut().rev().find(|n| n.abbrev() == layer) else {
        return;
    };
    if pad > 0 {
        eth.add(
            fid!("eth.padding"),
            Value::Bytes(extra[..pad].to_vec()),
            end,
            pad,
        );
    }
    if rest > 0 {
        let t = eth.add(
            if tags > 0 {
                fid!("vlan.trailer")
            } else {
                fid!("eth.trailer")
            },
            Value::Bytes(extra[pad..pad + rest].to_vec()),
            end + pad,
            rest,
        );
        if note {
            t.push(super::tree::expert_info(
                fid!("eth.padding_bad"),
                super::tree::Severity::Note,
                super::tree::Group::Protocol,
                "Didn't find padding of zeros, and an undecoded trailer exists. There may be padding of non-zeros.",
                end,
            ));
        }
    }
    if let Some(f) = fcs.and_then(|at| extra.get(at..at + 4)) {
        let at = end + pad + rest;
        let v = u32::from_be_bytes([f[0], f[1], f[2], f[3]]);
        eth.add(fid!("eth.fcs"), Value::Uint(v as u64, 8), at, 4)
            .label_fmt(|| format!("Frame check sequence: 0x{v:08x} [unverified]"));
        eth.add_uint(fid!("eth.fcs.status"), 2, at, 0)
            .label_fmt(|| "FCS Status: Unverified".into())
            .generated();
    }
}

/// How the bytes after a frame's datagram divide: `pad` bytes of zero padding (up to the
/// 60-byte minimum frame), then `rest` bytes of trailer, then (at `fcs`, counted from the
/// first byte after the datagram) a frame check sequence, if what follows byte `from` of
/// the frame is 64 bytes or more; `note` when a frame that was padded has a trailer but no
/// zero padding. `wire` is the frame's length on the wire, `end` where its datagram ends.
pub struct Tail {
    pub pad: usize,
    pub rest: usize,
    pub fcs: Option<usize>,
    pub note: bool,
}

pub fn tail(wire: usize, end: usize, extra: &[u8], from: usize) -> Tail {
    let min = 60;
    let mut rest_wire = wire.saturating_sub(end);
    let maybe_padded = wire >= min && wire - rest_wire < min;
    let mut pad = if maybe_padded {
        min - (wire - rest_wire)
    } else {
        0
    };
    if extra.get(..pad).is_none_or(|p| p.iter().any(|&x| x != 0)) {
        pad = 0;
    }
    rest_wire -= pad;
    let mut rest = extra.len() - pad;
    let mut fcs = None;
    if wire.saturating_sub(from) >= 64 && rest_wire >= 4 {
        rest_wire -= 4;
        rest = rest.min(rest_wire);
        fcs = Some(pad + rest);
    }
    Tail {
        pad,
        rest,
        fcs,
        note: maybe_padded && pad == 0 && rest > 0,
    }
}

/// Whether the Ethernet layer of a whole untagged frame `b` whose datagram ends at `end`
/// carries an expert item: a source address with the group bit, or a trailer where zero
/// padding was expected (the statistics' shortcut for plain frames asks this).
pub fn has_expert(b: &[u8], end: usize) -> bool {
    let group_source = b.get(6).is_some_and(|m| m & 1 != 0);
    let odd_tail = end < b.len() && tail(b.len(), end, &b[end..], 0).note;
    group_source || odd_tail
}

pub fn etype_name(t: u16) -> &'static str {
    match t {
        0x0800 => "IPv4",
        0x86dd => "IPv6",
        0x0806 => "ARP",
        0x8100 => "802.1Q Virtual LAN",
        0x88a8 => "802.1ad Provider Bridge (Q-in-Q)",
        0x8864 => "PPPoE Session",
        0x8863 => "PPPoE Discovery",
        0x8847 => "MPLS label switched packet",
        0x88cc => "802.1 Link Layer Discovery Protocol (LLDP)",
        _ => "Unknown",
    }
}

pub fn vlan(cx: &mut Ctx, off: usize) {
    cx.proto("vlan");
    let b = cx.bytes;
    let (Some(tci), Some(etype)) = (be16(b, off), be16(b, off + 2)) else {
        cx.malformed("802.1Q Virtual LAN", cx.snapped());
        return;
    };
    let id = tci & 0x0fff;
    let prio = tci >> 13;
    if cx.tree {
        let mut v = Node::new(fid!("vlan"), Value::None, off, 4).label_fmt(|| {
            format!(
                "802.1Q Virtual LAN, PRI: {prio}, DEI: {}, ID: {id}",
                (tci >> 12) & 1
            )
        });
        v.add_uint(fid!("vlan.priority"), prio as u64, off, 2);
        v.add(
            fid!("vlan.dei"),
            Value::Uint(((tci >> 12) & 1) as u64, 0),
            off,
            2,
        );
        v.add_uint(fid!("vlan.id"), id as u64, off, 2);
        v.add(fid!("vlan.etype"), Value::Uint(etype as u64, 4), off + 2, 2)
            .label_fmt(|| format!("Type: {} (0x{etype:04x})", etype_name(etype)));
        cx.roots.push(v);
        cx.cols.protocol = "802.1Q".into();
        cx.cols.info = format!("PRI: {prio}  DEI: {}  ID: {id}", (tci >> 12) & 1);
    }
    super::table::ethertype(cx, etype, off + 4);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(wire: usize, end: usize, extra: &[u8]) -> (usize, usize, Option<usize>, bool) {
        let t = tail(wire, end, extra, 0);
        (t.pad, t.rest, t.fcs, t.note)
    }

    #[test]
    fn bytes_after_the_datagram_divide_as_wireshark_divides_them() {
        // a bare ACK padded with zeros to the minimum frame
        assert_eq!(split(60, 54, &[0; 6]), (6, 0, None, false));
        // padded with something else: a trailer, and the note that padding was expected
        assert_eq!(split(60, 54, &[0xaa; 6]), (0, 6, None, true));
        // 64 bytes or more: the last four are the frame check sequence
        assert_eq!(split(70, 66, &[1, 2, 3, 4]), (0, 0, Some(0), false));
        assert_eq!(split(64, 54, &[0; 10]), (6, 0, Some(6), false));
        assert_eq!(split(1520, 1514, &[9; 6]), (0, 2, Some(2), false));
        // a frame cut short of its FCS: the trailer stops where the FCS starts
        assert_eq!(split(1520, 1514, &[9; 3]), (0, 2, Some(2), false));
        // shorter than the minimum (a capture that dropped the padding): all trailer
        assert_eq!(split(58, 54, &[0; 4]), (0, 4, None, false));
    }
}
