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
        let mut n =
            Node::new(fid!("pppoes"), Value::None, off, 6).label("PPP-over-Ethernet Session");
        let bits = |mask: u64| super::tree::bits_str(vt as u64, mask, 8);
        n.add_uint(fid!("pppoe.version"), (vt >> 4) as u64, off, 1)
            .label_fmt(|| format!("{} = Version: {}", bits(0xf0), vt >> 4));
        n.add_uint(fid!("pppoe.type"), (vt & 0xf) as u64, off, 1)
            .label_fmt(|| format!("{} = Type: {}", bits(0x0f), vt & 0xf));
        n.add(fid!("pppoe.code"), Value::Uint(code as u64, 2), off + 1, 1)
            .label_fmt(|| format!("Code: {} (0x{code:02x})", code_name(code)));
        n.add(
            fid!("pppoe.session_id"),
            Value::Uint(sid as u64, 4),
            off + 2,
            2,
        )
        .label_fmt(|| format!("Session ID: 0x{sid:04x}"));
        n.add_uint(fid!("pppoe.payload_length"), plen as u64, off + 4, 2);
        cx.roots.push(n);
        cx.cols.protocol = "PPPoES".into();
    }
    ppp(cx, off + 6);
}

/// A PPP frame at `off`: with the HDLC address and control bytes (0xff 0x03) when it starts
/// with them, then the protocol and what it carries.
pub fn ppp(cx: &mut Ctx, off: usize) {
    cx.proto("ppp");
    let hdlc = cx.bytes.get(off..off + 2) == Some(&[0xff, 0x03]);
    let at = if hdlc { off + 2 } else { off };
    let Some(proto) = be16(cx.bytes, at) else {
        cx.malformed("PPP", cx.snapped());
        return;
    };
    if cx.tree {
        let mut n =
            Node::new(fid!("ppp"), Value::None, off, at + 2 - off).label("Point-to-Point Protocol");
        if hdlc {
            n.add_uint(fid!("ppp.address"), 0xff, off, 1)
                .label_fmt(|| "Address: 0xff".into());
            n.add_uint(fid!("ppp.control"), 0x03, off + 1, 1)
                .label_fmt(|| "Control: 0x03".into());
        }
        n.add(fid!("ppp.protocol"), Value::Uint(proto as u64, 4), at, 2)
            .label_fmt(|| format!("Protocol: {} (0x{proto:04x})", protocol_name(proto)));
        cx.roots.push(n);
        cx.cols.protocol = "PPP".into();
    }
    let off = at;
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
        let mut n = Node::new(
            fid!("lcp"),
            Value::None,
            off,
            (len as usize).min(b.len() - off),
        )
        .label("PPP Link Control Protocol");
        n.add_uint(fid!("ppp.code"), code as u64, off, 1)
            .label_fmt(|| format!("Code: {name} ({code})"));
        n.add_uint(fid!("ppp.identifier"), id as u64, off + 1, 1)
            .label_fmt(|| format!("Identifier: {id} (0x{id:02x})"));
        n.add_uint(fid!("ppp.length"), len as u64, off + 2, 2);
        cx.roots.push(n);
    }
    cx.cols.protocol = "PPP LCP".into();
    cx.cols.info = name.into();
}

/// A PPP protocol number's name, as Wireshark's PPP dissector names the common ones.
fn protocol_name(p: u16) -> &'static str {
    match p {
        0x0021 => "Internet Protocol version 4",
        0x0057 => "Internet Protocol version 6",
        0xc021 => "Link Control Protocol",
        0x8021 => "Internet Protocol Control Protocol",
        0x8057 => "IPv6 Control Protocol",
        0xc023 => "Password Authentication Protocol",
        0xc223 => "Challenge Handshake Authentication Protocol",
        0x80fd => "Compression Control Protocol",
        _ => "Unknown",
    }
}

/// A PPPoE code's name (the discovery stage's and the session stage's).
fn code_name(c: u8) -> &'static str {
    match c {
        0x00 => "Session Data",
        0x07 => "Active Discovery Offer (PADO)",
        0x09 => "Active Discovery Initiation (PADI)",
        0x19 => "Active Discovery Request (PADR)",
        0x65 => "Active Discovery Session-confirmation (PADS)",
        0xa7 => "Active Discovery Terminate (PADT)",
        _ => "Unknown",
    }
}
