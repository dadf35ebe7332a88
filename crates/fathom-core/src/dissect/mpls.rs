//! MPLS label stacks, and what they carry (IPv4, IPv6, or Ethernet behind a pseudowire
//! control word).

use super::ctx::{be32, Ctx};
use super::tree::{Build, Node, Value};

fields! {
    "mpls.label", "MPLS Label", FT_UINT32;
    "mpls.exp", "MPLS Experimental Bits", FT_UINT32;
    "mpls.bottom", "MPLS Bottom Of Label Stack", FT_UINT32;
    "mpls.ttl", "MPLS TTL", FT_UINT32;
    "pwethcw", "PW Ethernet Control Word", FT_PROTOCOL;
}

// MPLS (unicast and multicast) behind an Ethernet type
inventory::submit! { super::table::EtherType { etypes: &[0x8847, 0x8848], dissect } }

pub fn dissect(cx: &mut Ctx, mut off: usize) {
    cx.proto("mpls");
    let start = off;
    let mut n =
        Node::new(fid!("mpls"), Value::None, off, 0).label("MultiProtocol Label Switching Header");
    loop {
        let Some(e) = be32(cx.bytes, off) else {
            cx.malformed("MPLS", cx.snapped());
            return;
        };
        if cx.tree {
            n.add_uint(fid!("mpls.label"), (e >> 12) as u64, off, 4);
            n.add(
                fid!("mpls.exp"),
                Value::Uint(((e >> 9) & 7) as u64, 0),
                off,
                4,
            );
            n.add(
                fid!("mpls.bottom"),
                Value::Uint(((e >> 8) & 1) as u64, 0),
                off,
                4,
            );
            n.add_uint(fid!("mpls.ttl"), (e & 0xff) as u64, off, 4);
        }
        off += 4;
        if e & 0x100 != 0 || off - start > 64 {
            break;
        }
    }
    if cx.tree {
        n.len = (off - start) as u32;
        cx.roots.push(n);
        cx.cols.protocol = "MPLS".into();
    }
    match cx.bytes.get(off).map(|b| b >> 4) {
        Some(4) => super::ip::dissect(cx, off),
        Some(6) => super::ipv6::dissect(cx, off),
        Some(0) if cx.bytes.len() >= off + 4 + 14 => {
            // Ethernet pseudowire with a control word
            cx.proto("pwethheuristic");
            cx.proto("pwethcw");
            if cx.tree {
                cx.roots.push(
                    Node::new(fid!("pwethcw"), Value::None, off, 4)
                        .label("PW Ethernet Control Word"),
                );
            }
            super::ethernet::dissect(cx, off + 4);
        }
        _ => super::ctx::data(cx, off),
    }
}
