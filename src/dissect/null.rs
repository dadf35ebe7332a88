//! BSD loopback (NULL and LOOP link types): a 4-byte address family.

use super::{Build, Ctx, Node, Value};

pub fn dissect(cx: &mut Ctx) {
    cx.proto("null");
    let b = cx.bytes;
    let Some(h) = b.get(0..4) else {
        cx.malformed("Null/Loopback", cx.snapped());
        return;
    };
    let le = u32::from_le_bytes([h[0], h[1], h[2], h[3]]);
    let be = u32::from_be_bytes([h[0], h[1], h[2], h[3]]);
    // NULL is host byte order; LOOP is network order. Take whichever is small.
    let fam = if cx.rec.linktype == 108 {
        be
    } else if le < 0x10000 {
        le
    } else {
        be
    };
    if cx.tree {
        let mut n = Node::new("null", Value::None, 0, 4).label("Null/Loopback");
        n.add("null.family", Value::Uint(fam as u64, 0), 0, 4)
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
        cx.roots.push(n);
        cx.cols.protocol = "NULL".into();
    }
    match fam {
        2 => super::ip::dissect(cx, 4),
        24 | 28 | 30 | 10 => super::ipv6::dissect(cx, 4),
        _ => super::data(cx, 4),
    }
}
