//! PPPoE session stage and the PPP header it carries.

use super::ctx::{be16, Ctx};
use super::tree::{Build, Node, Value};

// a PPPoE session behind an Ethernet type
inventory::submit! { super::table::EtherType { etypes: &[0x8864], dissect: pppoe_session } }

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
        n.add_uint("pppoe.version", (vt >> 4) as u64, off, 1);
        n.add_uint("pppoe.type", (vt & 0xf) as u64, off, 1);
        n.add("pppoe.code", Value::Uint(code as u64, 2), off + 1, 1);
        n.add("pppoe.session_id", Value::Uint(sid as u64, 4), off + 2, 2);
        n.add_uint("pppoe.payload_length", plen as u64, off + 4, 2);
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
        0xc021 => lcp(cx, off + 2),
        _ => super::ctx::data(cx, off + 2),
    }
}

fn lcp_code(c: u8) -> &'static str {
    match c {
        1 => "Configuration Request",
        2 => "Configuration Ack",
        3 => "Configuration Nak",
        4 => "Configuration Reject",
        5 => "Termination Request",
        6 => "Termination Ack",
        7 => "Code Reject",
        8 => "Protocol Reject",
        9 => "Echo Request",
        10 => "Echo Reply",
        11 => "Discard Request",
        12 => "Identification",
        13 => "Time Remaining",
        _ => "Unknown",
    }
}

/// PPP's Link Control Protocol: its code, identifier and length.
fn lcp(cx: &mut Ctx, off: usize) {
    cx.proto("lcp");
    let b = cx.bytes;
    let (Some(&code), Some(&id), Some(len)) = (b.get(off), b.get(off + 1), be16(b, off + 2)) else {
        cx.malformed("PPP LCP", cx.snapped());
        return;
    };
    let name = lcp_code(code);
    if cx.tree {
        let mut n = Node::new("lcp", Value::None, off, (len as usize).min(b.len() - off))
            .label("PPP Link Control Protocol");
        n.add_uint("ppp.code", code as u64, off, 1)
            .label_fmt(|| format!("Code: {name} ({code})"));
        n.add_uint("ppp.identifier", id as u64, off + 1, 1)
            .label_fmt(|| format!("Identifier: {id} (0x{id:02x})"));
        n.add_uint("ppp.length", len as u64, off + 2, 2);
        cx.roots.push(n);
    }
    cx.cols.protocol = "PPP LCP".into();
    cx.cols.info = name.into();
}
