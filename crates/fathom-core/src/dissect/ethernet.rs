//! Ethernet II and 802.1Q / 802.1ad VLAN tags.

use super::ctx::{be16, Ctx};
use super::tree::{Build, Node, Value};
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
                Node::new("eth", Value::None, off, b.len().saturating_sub(off))
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
            let mut e = Node::new("eth", Value::None, off, 14).label_fmt(|| {
                format!(
                    "IEEE 802.3 Ethernet, Src: {}, Dst: {}",
                    fmt_mac(&src),
                    fmt_mac(&dst)
                )
            });
            e.add("eth.dst", Value::Ether(dst), off, 6);
            e.add("eth.src", Value::Ether(src), off + 6, 6);
            e.add_uint("eth.len", etype as u64, off + 12, 2);
            cx.roots.push(e);
            cx.cols.src = fmt_mac(&src);
            cx.cols.dst = fmt_mac(&dst);
            cx.cols.protocol = "LLC".into();
        }
        super::ctx::data(cx, off + 14);
        return;
    }
    if cx.tree {
        let mut e = Node::new("eth", Value::None, off, 14).label_fmt(|| {
            format!(
                "Ethernet II, Src: {}, Dst: {}",
                crate::names::mac_label(&src),
                crate::names::mac_label(&dst)
            )
        });
        mac_node(&mut e, "eth.dst", &dst, off, "Destination");
        mac_node(&mut e, "eth.src", &src, off + 6, "Source");
        e.add("eth.type", Value::Uint(etype as u64, 4), off + 12, 2)
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

fn mac_node(e: &mut Node, abbrev: &'static str, m: &[u8; 6], off: usize, what: &str) {
    let n = e
        .add(abbrev, Value::Ether(*m), off, 6)
        .label_fmt(|| format!("{what}: {}", crate::names::mac_label(m)));
    n.add("eth.addr", Value::Ether(*m), off, 6)
        .label_fmt(|| format!("Address: {}", crate::names::mac_label(m)));
    // the two address bits of the first byte, as tshark pictures them in 24 bits
    let bit = |n: &mut Node, abbrev: &'static str, mask: u8, name: &str, yes: &str, no: &str| {
        let set = m[0] & mask != 0;
        n.add(abbrev, Value::Bool(set), off, 3).label_fmt(|| {
            let pic = super::tree::bits_str((m[0] as u64) << 16, (mask as u64) << 16, 24);
            format!("{pic} = {name}: {}", if set { yes } else { no })
        });
    };
    bit(
        n,
        "eth.lg",
        2,
        "LG bit",
        "Locally administered address (this is NOT the factory default)",
        "Globally unique address (factory default)",
    );
    bit(
        n,
        "eth.ig",
        1,
        "IG bit",
        "Group address (multicast/broadcast)",
        "Individual address (unicast)",
    );
}

/// Bytes after the IP datagram (or ARP message) inside an Ethernet frame: padding up to the
/// 60-byte minimum frame, a trailer beyond it.
fn padding(cx: &mut Ctx) {
    let b = cx.bytes;
    let ip_end = |off: Option<u32>, len_at: usize, extra: usize| {
        let off = off? as usize;
        let len = super::ctx::be16(b, off + len_at)? as usize;
        (len > 0).then_some(off + extra + len)
    };
    let end = ip_end(cx.dec.ip4_off, 2, 0)
        .or_else(|| ip_end(cx.dec.ip6_off, 4, 40))
        .or_else(|| {
            let arp = cx.roots.iter().find(|n| n.abbrev == "arp")?;
            Some((arp.start + arp.len) as usize)
        });
    let Some(end) = end.filter(|&e| e < b.len()) else {
        return;
    };
    // a frame of exactly the minimum size (60 bytes and 4 per VLAN tag) whose extra bytes are
    // all zero was padded; anything else after the datagram is a trailer (as tshark says)
    let tags = cx.roots.iter().filter(|n| n.abbrev == "vlan").count();
    let extra = &b[end..];
    let padded = b.len() == 60 + 4 * tags && extra.iter().all(|&x| x == 0);
    let field = if padded { "eth.padding" } else { "eth.trailer" };
    if let Some(eth) = cx.roots.iter_mut().find(|n| n.abbrev == "eth") {
        eth.add(field, Value::Bytes(extra.to_vec()), end, extra.len());
    }
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
        let mut v = Node::new("vlan", Value::None, off, 4).label_fmt(|| {
            format!(
                "802.1Q Virtual LAN, PRI: {prio}, DEI: {}, ID: {id}",
                (tci >> 12) & 1
            )
        });
        v.add_uint("vlan.priority", prio as u64, off, 2);
        v.add("vlan.dei", Value::Uint(((tci >> 12) & 1) as u64, 0), off, 2);
        v.add_uint("vlan.id", id as u64, off, 2);
        v.add("vlan.etype", Value::Uint(etype as u64, 4), off + 2, 2)
            .label_fmt(|| format!("Type: {} (0x{etype:04x})", etype_name(etype)));
        cx.roots.push(v);
        cx.cols.protocol = "802.1Q".into();
        cx.cols.info = format!("PRI: {prio}  DEI: {}  ID: {id}", (tci >> 12) & 1);
    }
    super::table::ethertype(cx, etype, off + 4);
}
