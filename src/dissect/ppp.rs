//! PPPoE session stage and the PPP header it carries.

use super::{be16, Build, Ctx, Node, Value};

pub fn pppoe_session(cx: &mut Ctx, off: usize) {
    cx.proto("pppoes");
    let b = cx.bytes;
    let (Some(&vt), Some(&code), Some(sid), Some(plen)) = (
        b.get(off),
        b.get(off + 1),
        be16(b, off + 2),
        be16(b, off + 4),
    ) else {
        cx.malformed("PPPoE", cx.snapped());
        return;
    };
    if cx.tree {
        let mut n = Node::new("pppoes", Value::None, off, 6).label("PPP-over-Ethernet Session");
        n.add("pppoe.version", Value::Uint((vt >> 4) as u64, 0), off, 1);
        n.add("pppoe.type", Value::Uint((vt & 0xf) as u64, 0), off, 1);
        n.add("pppoe.code", Value::Uint(code as u64, 2), off + 1, 1);
        n.add("pppoe.session_id", Value::Uint(sid as u64, 4), off + 2, 2);
        n.add(
            "pppoe.payload_length",
            Value::Uint(plen as u64, 0),
            off + 4,
            2,
        );
        cx.roots.push(n);
        cx.cols.protocol = "PPPoES".into();
    }
    ppp(cx, off + 6);
}

pub fn ppp(cx: &mut Ctx, off: usize) {
    cx.proto("ppp");
    let Some(proto) = be16(cx.bytes, off) else {
        cx.malformed("PPP", cx.snapped());
        return;
    };
    if cx.tree {
        let mut n = Node::new("ppp", Value::None, off, 2).label("Point-to-Point Protocol");
        n.add("ppp.protocol", Value::Uint(proto as u64, 4), off, 2);
        cx.roots.push(n);
        cx.cols.protocol = "PPP".into();
    }
    match proto {
        0x0021 => super::ip::dissect(cx, off + 2),
        0x0057 => super::ipv6::dissect(cx, off + 2),
        _ => super::data(cx, off + 2),
    }
}
