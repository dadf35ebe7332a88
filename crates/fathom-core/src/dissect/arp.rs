//! ARP over Ethernet/IPv4.

use super::ctx::{be16, Ctx};
use super::tree::{Build, Node, Value};

// ARP behind an Ethernet type
inventory::submit! { super::table::EtherType { etypes: &[0x0806], dissect } }

pub fn dissect(cx: &mut Ctx, off: usize) {
    cx.proto("arp");
    let b = cx.bytes;
    let (Some(htype), Some(ptype)) = (be16(b, off), be16(b, off + 2)) else {
        cx.malformed("ARP", cx.snapped());
        return;
    };
    let (Some(&hlen), Some(&plen), Some(op)) = (b.get(off + 4), b.get(off + 5), be16(b, off + 6))
    else {
        cx.malformed("ARP", cx.snapped());
        return;
    };
    let (hl, pl) = (hlen as usize, plen as usize);
    let total = 8 + 2 * hl + 2 * pl;
    if b.len() < off + total {
        cx.malformed("ARP", cx.snapped());
        return;
    }
    if !cx.tree {
        return;
    }
    let sha = &b[off + 8..off + 8 + hl];
    let spa = &b[off + 8 + hl..off + 8 + hl + pl];
    let tha = &b[off + 8 + hl + pl..off + 8 + 2 * hl + pl];
    let tpa = &b[off + 8 + 2 * hl + pl..off + total];
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
    let mut n = Node::new("arp", Value::None, off, total)
        .label_fmt(|| format!("Address Resolution Protocol ({opname})"));
    n.add_uint("arp.hw.type", htype as u64, off, 2);
    n.add("arp.proto.type", Value::Uint(ptype as u64, 4), off + 2, 2);
    n.add_uint("arp.hw.size", hlen as u64, off + 4, 1);
    n.add_uint("arp.proto.size", plen as u64, off + 5, 1);
    n.add_uint("arp.opcode", op as u64, off + 6, 2)
        .label_fmt(|| format!("Opcode: {opname} ({op})"));
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
    n.add("arp.src.hw_mac", mac(sha), off + 8, hl);
    n.add("arp.src.proto_ipv4", v4(spa), off + 8 + hl, pl);
    n.add("arp.dst.hw_mac", mac(tha), off + 8 + hl + pl, hl);
    n.add("arp.dst.proto_ipv4", v4(tpa), off + 8 + 2 * hl + pl, pl);
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
        2 => format!("{} is at {}", ip(spa), hw(sha)),
        _ => format!("ARP opcode {op}"),
    };
}
