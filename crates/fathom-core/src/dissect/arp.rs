//! ARP over Ethernet/IPv4.

use super::ctx::Ctx;
use super::tree::{Build, Node, Value};
use crate::wire::ArpPacket;

// ARP behind an Ethernet type
inventory::submit! { super::table::EtherType { etypes: &[0x0806], dissect } }

pub fn dissect(cx: &mut Ctx, off: usize) {
    cx.proto("arp");
    let Some(p) = cx.bytes.get(off..).and_then(ArpPacket::new_checked) else {
        cx.malformed("ARP", cx.snapped());
        return;
    };
    if !cx.tree {
        return;
    }
    let (htype, ptype, op) = (p.hw_type(), p.proto_type(), p.opcode());
    let (hl, pl, total) = (p.hw_size() as usize, p.proto_size() as usize, p.total_len());
    let (sha, spa, tha, tpa) = (
        p.sender_hw(),
        p.sender_proto(),
        p.target_hw(),
        p.target_proto(),
    );
    let at = p.offsets().map(|o| off + o);
    let opname = match op {
        1 => "request",
        2 => "reply",
        3 => "reverse request",
        4 => "reverse reply",
        _ => "unknown",
    };
    let ip = |a: &[u8]| {
        a.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(".")
    };
    let hw = |a: &[u8]| {
        a.iter()
            .map(|x| format!("{x:02x}"))
            .collect::<Vec<_>>()
            .join(":")
    };
    // what Wireshark tells of a request or reply about the sender's own address
    let zero = |a: &[u8]| a.iter().all(|&x| x == 0);
    let gratuitous = matches!(op, 1 | 2) && spa == tpa;
    let announcement = op == 1 && gratuitous && zero(tha);
    let probe = op == 1 && zero(spa);
    let mut n = Node::new(fid!("arp"), Value::None, off, total).label_fmt(|| {
        let what = if announcement {
            "ARP Announcement".to_string()
        } else if probe {
            "ARP Probe".to_string()
        } else if gratuitous {
            format!("{opname}/gratuitous ARP")
        } else {
            opname.to_string()
        };
        format!("Address Resolution Protocol ({what})")
    });
    n.add_uint(fid!("arp.hw.type"), htype as u64, off, 2)
        .label_fmt(|| {
            let name = match htype {
                1 => "Ethernet",
                6 => "IEEE 802",
                _ => return format!("Hardware type: {htype}"),
            };
            format!("Hardware type: {name} ({htype})")
        });
    n.add(
        fid!("arp.proto.type"),
        Value::Uint(ptype as u64, 4),
        off + 2,
        2,
    )
    .label_fmt(|| {
        format!(
            "Protocol type: {} (0x{ptype:04x})",
            super::ethernet::etype_name(ptype)
        )
    });
    n.add_uint(fid!("arp.hw.size"), hl as u64, off + 4, 1);
    n.add_uint(fid!("arp.proto.size"), pl as u64, off + 5, 1);
    n.add_uint(fid!("arp.opcode"), op as u64, off + 6, 2)
        .label_fmt(|| format!("Opcode: {opname} ({op})"));
    for (on, field, what) in [
        (gratuitous, fid!("arp.isgratuitous"), "Is gratuitous"),
        (announcement, fid!("arp.isannouncement"), "Is announcement"),
        (probe, fid!("arp.isprobe"), "Is probe"),
    ] {
        if on {
            n.add(field, Value::Bool(true), 0, 0)
                .label_fmt(|| format!("[{what}: True]"))
                .generated();
        }
    }
    let v4 = |a: &[u8]| {
        if a.len() == 4 {
            Value::Ipv4([a[0], a[1], a[2], a[3]])
        } else {
            Value::Bytes(a.to_vec())
        }
    };
    let mac = |a: &[u8]| {
        if a.len() == 6 {
            Value::Ether([a[0], a[1], a[2], a[3], a[4], a[5]])
        } else {
            Value::Bytes(a.to_vec())
        }
    };
    n.add(fid!("arp.src.hw_mac"), mac(sha), at[0], hl)
        .label_fmt(|| match <[u8; 6]>::try_from(sha) {
            Ok(m) => format!("Sender MAC address: {}", crate::names::mac_label(&m)),
            Err(_) => format!("Sender MAC address: {}", hw(sha)),
        });
    n.add(fid!("arp.src.proto_ipv4"), v4(spa), at[1], pl);
    n.add(fid!("arp.dst.hw_mac"), mac(tha), at[2], hl)
        .label_fmt(|| match <[u8; 6]>::try_from(tha) {
            Ok(m) => format!("Target MAC address: {}", crate::names::mac_label(&m)),
            Err(_) => format!("Target MAC address: {}", hw(tha)),
        });
    n.add(fid!("arp.dst.proto_ipv4"), v4(tpa), at[3], pl);
    cx.roots.push(n);
    cx.cols.protocol = "ARP".into();
    if !cx.cols.src.is_empty() && cx.cols.dst == "ff:ff:ff:ff:ff:ff" {
        cx.cols.dst = "Broadcast".into();
    }
    cx.cols.info = match op {
        // a request for its own address that asks no one in particular announces it
        1 if spa == tpa && tha.iter().all(|&x| x == 0) => {
            format!("ARP Announcement for {}", ip(spa))
        }
        1 if spa == tpa => format!("Gratuitous ARP for {} (Request)", ip(spa)),
        1 if spa.iter().all(|&x| x == 0) => format!("Who has {}? (ARP Probe)", ip(tpa)),
        1 => format!("Who has {}? Tell {}", ip(tpa), ip(spa)),
        2 if gratuitous => format!("Gratuitous ARP for {} (Reply)", ip(spa)),
        2 => format!("{} is at {}", ip(spa), hw(sha)),
        _ => format!("ARP opcode {op}"),
    };
}
