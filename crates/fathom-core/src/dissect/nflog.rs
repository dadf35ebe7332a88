//! Linux NFLOG (link type 239): a family byte and type-length-value attributes, one of which
//! is the logged packet.

use super::ctx::{be16, Ctx};
use super::tree::{Build, Node, Value};

fields! {
    "nflog.family", "Family", FT_UINT8;
    "nflog.version", "Version", FT_UINT8;
    "nflog.res_id", "Resource id", FT_UINT16;
}

pub fn dissect(cx: &mut Ctx) {
    cx.proto("nflog");
    let b = cx.bytes;
    if b.len() < 4 {
        cx.malformed("NFLOG", cx.snapped());
        return;
    }
    let family = b[0];
    if cx.tree {
        let mut n =
            Node::new(fid!("nflog"), Value::None, 0, b.len()).label("Linux Netfilter NFLOG");
        n.add_uint(fid!("nflog.family"), family as u64, 0, 1);
        n.add_uint(fid!("nflog.version"), b[1] as u64, 1, 1);
        n.add_uint(fid!("nflog.res_id"), be16(b, 2).unwrap_or(0) as u64, 2, 2);
        cx.roots.push(n);
        cx.cols.protocol = "NFLOG".into();
    }
    let mut off = 4usize;
    while off + 4 <= b.len() {
        let len = u16::from_le_bytes([b[off], b[off + 1]]) as usize;
        let typ = u16::from_le_bytes([b[off + 2], b[off + 3]]) & 0x7fff;
        if len < 4 || off + len > b.len() {
            break;
        }
        if typ == 9 {
            let start = off + 4;
            if let Some(root) = cx.roots.last_mut() {
                root.len = start as u32;
            }
            match family {
                2 => super::ip::dissect(cx, start),
                10 => super::ipv6::dissect(cx, start),
                _ => super::ctx::data(cx, start),
            }
            return;
        }
        off += len.div_ceil(4) * 4;
    }
}
