//! Linux "cooked" capture headers, v1 (SLL) and v2 (SLL2).

use super::ctx::Ctx;
use super::tree::{Build, Node, Value};
use crate::wire::{Sll2Header, SllHeader};

fields! {
    "sll.unused", "Unused", FT_BYTES;
    "sll.src.other", "Source", FT_BYTES;
}

fn pkttype_name(t: u16) -> &'static str {
    match t {
        0 => "Unicast to us",
        1 => "Broadcast",
        2 => "Multicast",
        3 => "Unicast to another host",
        4 => "Sent by us",
        _ => "Unknown",
    }
}

fn addr_text(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

pub fn dissect(cx: &mut Ctx) {
    cx.proto("sll");
    let Some(h) = SllHeader::new_checked(cx.bytes) else {
        cx.malformed("Linux cooked-mode capture v1", cx.snapped());
        return;
    };
    let (pkttype, hatype, proto) = (h.packet_type(), h.hw_type(), h.protocol());
    let alen = h.addr_len();
    if cx.tree {
        let src = addr_text(h.addr());
        let mut n = Node::new(fid!("sll"), Value::None, 0, 16).label("Linux cooked capture v1");
        n.add_uint(fid!("sll.pkttype"), pkttype as u64, 0, 2)
            .label_fmt(|| format!("Packet type: {} ({pkttype})", pkttype_name(pkttype)));
        n.add_uint(fid!("sll.hatype"), hatype as u64, 2, 2);
        n.add_uint(fid!("sll.halen"), alen as u64, 4, 2);
        match <[u8; 6]>::try_from(h.addr()) {
            Ok(m) => n.add(fid!("sll.src.eth"), Value::Ether(m), 6, 6),
            Err(_) => n.add(
                fid!("sll.src.other"),
                Value::Bytes(h.addr().to_vec()),
                6,
                alen,
            ),
        };
        n.add(
            fid!("sll.unused"),
            Value::Bytes(h.unused().to_vec()),
            6 + alen,
            8 - alen,
        );
        n.add(fid!("sll.etype"), Value::Uint(proto as u64, 4), 14, 2)
            .label_fmt(|| {
                format!(
                    "Protocol: {} (0x{proto:04x})",
                    super::ethernet::etype_name(proto)
                )
            });
        cx.roots.push(n);
        cx.cols.src = src;
        cx.cols.protocol = "SLL".into();
    }
    inner(cx, hatype, proto, 16);
}

fn inner(cx: &mut Ctx, hatype: u16, proto: u16, off: usize) {
    match (hatype, proto) {
        (_, 0x0800) | (_, 0x86dd) | (_, 0x0806) | (_, 0x8100) => {
            super::table::ethertype(cx, proto, off)
        }
        _ if proto >= 0x0600 => super::table::ethertype(cx, proto, off),
        _ => super::ctx::data(cx, off),
    }
}

pub fn dissect2(cx: &mut Ctx) {
    cx.proto("sll");
    let Some(h) = Sll2Header::new_checked(cx.bytes) else {
        cx.malformed("Linux cooked-mode capture v2", cx.snapped());
        return;
    };
    let (proto, ifindex, hatype) = (h.protocol(), h.if_index(), h.hw_type());
    let (pkttype, alen) = (h.packet_type() as u16, h.addr_len());
    if cx.tree {
        let mut n = Node::new(fid!("sll"), Value::None, 0, 20).label("Linux cooked capture v2");
        n.add(fid!("sll.etype"), Value::Uint(proto as u64, 4), 0, 2)
            .label_fmt(|| {
                format!(
                    "Protocol: {} (0x{proto:04x})",
                    super::ethernet::etype_name(proto)
                )
            });
        n.add_uint(fid!("sll.ifindex"), ifindex as u64, 4, 4);
        n.add_uint(fid!("sll.hatype"), hatype as u64, 8, 2);
        n.add_uint(fid!("sll.pkttype"), pkttype as u64, 10, 1)
            .label_fmt(|| format!("Packet type: {} ({pkttype})", pkttype_name(pkttype)));
        n.add_uint(fid!("sll.halen"), alen as u64, 11, 1);
        if let Ok(m) = <[u8; 6]>::try_from(h.addr()) {
            n.add(fid!("sll.src.eth"), Value::Ether(m), 12, 6);
        }
        cx.roots.push(n);
        cx.cols.src = addr_text(h.addr());
        cx.cols.protocol = "SLL".into();
    }
    inner(cx, hatype, proto, 20);
}
