//! BSD loopback (NULL and LOOP link types): a 4-byte address family.

use super::ctx::Ctx;
use super::tree::{Build, Node, Value};
use crate::wire::LoopbackHeader;

pub fn dissect(cx: &mut Ctx) {
    cx.proto("null");
    let Some(h) = LoopbackHeader::new_checked(cx.bytes) else {
        cx.malformed("Null/Loopback", cx.snapped());
        return;
    };
    let (le, be) = (h.little_endian(), h.big_endian());
    // NULL is host byte order; LOOP is network order. A NULL header whose upper half is set
    // is either a little-endian family (lower half 0) or an Ethernet type in its last two
    // bytes (as some systems write it).
    let etype = (cx.rec.linktype != 108 && be & 0xffff_0000 != 0 && be & 0xffff != 0)
        .then_some((be & 0xffff) as u16);
    let fam = if cx.rec.linktype == 108 {
        be
    } else if le < 0x10000 {
        le
    } else {
        be
    };
    if cx.tree {
        let mut n = Node::new(fid!("null"), Value::None, 0, 4).label("Null/Loopback");
        match etype {
            Some(t) => {
                n.add(fid!("null.type"), Value::Uint(t as u64, 4), 2, 2)
                    .label_fmt(|| format!("Type: {} (0x{t:04x})", super::ethernet::etype_name(t)));
            }
            None => {
                n.add_uint(fid!("null.family"), fam as u64, 0, 4)
                    .label_fmt(|| {
                        format!(
                            "Family: {} ({fam})",
                            match fam {
                                2 => "IP",
                                24 | 28 | 30 => "IPv6",
                                _ => "Unknown",
                            }
                        )
                    });
            }
        }
        cx.roots.push(n);
        cx.cols.protocol = "NULL".into();
    }
    match (etype, fam) {
        (Some(0x0800), _) => super::ip::dissect(cx, 4),
        (Some(0x86dd), _) => super::ipv6::dissect(cx, 4),
        (Some(_), _) => super::ctx::data(cx, 4),
        (None, 2) => super::ip::dissect(cx, 4),
        (None, 24 | 28 | 30 | 10) => super::ipv6::dissect(cx, 4),
        _ => super::ctx::data(cx, 4),
    }
}
