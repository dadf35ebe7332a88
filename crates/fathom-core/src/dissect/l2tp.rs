//! L2TP (UDP 1701) data messages carrying PPP.

use super::ctx::{be16, Ctx};
use super::tree::{Build, Node, Value};

// L2TP on its UDP port.
inventory::submit! {
    super::table::UdpClaim {
        rank: 40,
        carries: super::table::Carries::Packets,
        claim: super::table::Claim::Port(1701),
        dissect,
    }
}

pub fn dissect(cx: &mut Ctx, off: usize, end: usize) {
    cx.proto("l2tp");
    let b = cx.bytes;
    let Some(flags) = be16(b, off) else {
        cx.malformed("L2TP", cx.snapped());
        return;
    };
    let control = flags & 0x8000 != 0;
    let mut p = off + 2;
    if flags & 0x4000 != 0 {
        p += 2; // length
    }
    let tunnel = be16(b, p).unwrap_or(0);
    let session = be16(b, p + 2).unwrap_or(0);
    p += 4;
    if flags & 0x0800 != 0 {
        p += 4; // Ns, Nr
    }
    if flags & 0x0200 != 0 {
        let o = be16(b, p).unwrap_or(0) as usize;
        p += 2 + o;
    }
    if cx.tree {
        let mut n = Node::new("l2tp", Value::None, off, p.saturating_sub(off))
            .label("Layer 2 Tunneling Protocol");
        n.add_uint("l2tp.tunnel", tunnel as u64, off, 0);
        n.add_uint("l2tp.session", session as u64, off, 0);
        cx.roots.push(n);
        cx.cols.protocol = "L2TP".into();
        cx.cols.info = if control {
            // the message type is the first attribute's value; none at all is a ZLB
            let kind = match (be16(b, p + 4), be16(b, p + 6)) {
                _ if p >= end.min(b.len()) => "ZLB     ",
                (Some(0), Some(t)) => message_type(t),
                _ => "Unknown",
            };
            format!("Control Message - {kind} (tunnel id={tunnel}, session id={session})")
        } else {
            format!("Data    (tunnel_id={tunnel}, session_id={session})")
        };
    }
    if control || p >= end.min(b.len()) {
        return;
    }
    // PPP, with or without the HDLC address and control bytes
    if b.get(p..p + 2) == Some(&[0xff, 0x03]) {
        p += 2;
    }
    super::ppp::ppp(cx, p);
}

fn message_type(t: u16) -> &'static str {
    match t {
        1 => "SCCRQ",
        2 => "SCCRP",
        3 => "SCCCN",
        4 => "StopCCN",
        6 => "Hello",
        7 => "OCRQ",
        8 => "OCRP",
        9 => "OCCN",
        10 => "ICRQ",
        11 => "ICRP",
        12 => "ICCN",
        14 => "CDN",
        15 => "WEN",
        16 => "SLI",
        _ => "Unknown",
    }
}
