//! L2TP (UDP 1701) data messages carrying PPP.

use super::ctx::{be16, Ctx};
use super::tree::{bits_str, flag_label, Build, Node, Value};

// L2TP on its UDP port.
inventory::submit! {
    super::table::UdpClaim {
        rank: 40,
        carries: super::table::Carries::Packets,
        claim: super::table::Claim::Port(1701),
        dissect,
    }
}

fields! {
    "l2tp.flags", "Flags", FT_UINT16;
    "l2tp.type", "Type", FT_UINT16;
    "l2tp.length_bit", "Length Bit", FT_BOOLEAN;
    "l2tp.seq_bit", "Sequence Bit", FT_BOOLEAN;
    "l2tp.offset_bit", "Offset bit", FT_BOOLEAN;
    "l2tp.priority", "Priority", FT_BOOLEAN;
    "l2tp.version", "Version", FT_UINT16;
    "l2tp.length", "Length", FT_UINT16;
    "l2tp.tunnel", "Tunnel ID", FT_UINT16;
    "l2tp.session", "Session ID", FT_UINT16;
    "l2tp.Ns", "Ns", FT_UINT16;
    "l2tp.Nr", "Nr", FT_UINT16;
    "l2tp.offset", "Offset", FT_UINT16;
    "l2tp.zero_length_body_message", "Zero Length Body message", FT_NONE;
}

/// The flags word: its summary and each bit, as Wireshark shows them.
fn flags_node(flags: u16, at: usize) -> Node {
    let control = flags & 0x8000 != 0;
    let mut n =
        Node::new(fid!("l2tp.flags"), Value::Uint(flags as u64, 4), at, 2).label_fmt(|| {
            let mut l = format!(
                "Flags: 0x{flags:04x}, Type: {} Message",
                if control { "Control" } else { "Data" }
            );
            for (bit, name) in [
                (0x4000, "Length Bit"),
                (0x0800, "Sequence Bit"),
                (0x0200, "Offset bit"),
                (0x0100, "Priority"),
            ] {
                if flags & bit != 0 {
                    l.push_str(", ");
                    l.push_str(name);
                }
            }
            l
        });
    let bits = |mask: u16| bits_str(flags as u64, mask as u64, 16);
    n.add_uint(fid!("l2tp.type"), control as u64, at, 2)
        .label_fmt(|| {
            let kind = if control { "Control" } else { "Data" };
            format!(
                "{} = Type: {kind} Message ({})",
                bits(0x8000),
                control as u8
            )
        });
    for (abbrev, mask, name, yes, no) in [
        (
            fid!("l2tp.length_bit"),
            0x4000,
            "Length Bit",
            "Length field is present",
            "Length field is not present",
        ),
        (
            fid!("l2tp.seq_bit"),
            0x0800,
            "Sequence Bit",
            "Ns and Nr fields are present",
            "Ns and Nr fields are not present",
        ),
        (
            fid!("l2tp.offset_bit"),
            0x0200,
            "Offset bit",
            "Offset Size field is present",
            "Offset size field is not present",
        ),
        (
            fid!("l2tp.priority"),
            0x0100,
            "Priority",
            "This data message has priority",
            "No priority",
        ),
    ] {
        n.add(abbrev, Value::Bool(flags & mask != 0), at, 2)
            .label_fmt(|| flag_label(flags as u64, mask as u64, 16, name, (yes, no)));
    }
    let v = flags & 0xf;
    n.add_uint(fid!("l2tp.version"), v as u64, at, 2)
        .label_fmt(|| format!("{} = Version: {v}", bits(0xf)));
    n
}

pub fn dissect(cx: &mut Ctx, off: usize, end: usize) {
    cx.proto("l2tp");
    let b = cx.bytes;
    let Some(flags) = be16(b, off) else {
        cx.malformed("L2TP", cx.snapped());
        return;
    };
    let control = flags & 0x8000 != 0;
    let mut n = Node::new(fid!("l2tp"), Value::None, off, 0).label("Layer 2 Tunneling Protocol");
    n.push(flags_node(flags, off));
    let mut p = off + 2;
    if flags & 0x4000 != 0 {
        n.add_uint(fid!("l2tp.length"), be16(b, p).unwrap_or(0) as u64, p, 2);
        p += 2;
    }
    let tunnel = be16(b, p).unwrap_or(0);
    let session = be16(b, p + 2).unwrap_or(0);
    n.add_uint(fid!("l2tp.tunnel"), tunnel as u64, p, 2);
    n.add_uint(fid!("l2tp.session"), session as u64, p + 2, 2);
    p += 4;
    if flags & 0x0800 != 0 {
        n.add_uint(fid!("l2tp.Ns"), be16(b, p).unwrap_or(0) as u64, p, 2);
        n.add_uint(
            fid!("l2tp.Nr"),
            be16(b, p + 2).unwrap_or(0) as u64,
            p + 2,
            2,
        );
        p += 4;
    }
    if flags & 0x0200 != 0 {
        let o = be16(b, p).unwrap_or(0) as usize;
        n.add_uint(fid!("l2tp.offset"), o as u64, p, 2);
        p += 2 + o;
    }
    let zlb = control && p >= end.min(b.len());
    if zlb {
        n.add(fid!("l2tp.zero_length_body_message"), Value::None, p, 0);
    }
    n.len = p.saturating_sub(off) as u32;
    if cx.tree {
        cx.roots.push(n);
        cx.cols.protocol = "L2TP".into();
        cx.cols.info = if control {
            // the message type is the first attribute's value; none at all is a ZLB
            let kind = match (be16(b, p + 4), be16(b, p + 6)) {
                _ if zlb => "ZLB     ",
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
