//! PPTP's control connection on TCP port 1723: the control message types.

use super::ctx::{be16, Ctx};
use super::tree::{Build, Node, Value};

pub const PORT: u16 = 1723;

pub fn message_name(t: u16) -> &'static str {
    match t {
        1 => "Start-Control-Connection-Request",
        2 => "Start-Control-Connection-Reply",
        3 => "Stop-Control-Connection-Request",
        4 => "Stop-Control-Connection-Reply",
        5 => "Echo-Request",
        6 => "Echo-Reply",
        7 => "Outgoing-Call-Request",
        8 => "Outgoing-Call-Reply",
        9 => "Incoming-Call-Request",
        10 => "Incoming-Call-Reply",
        11 => "Incoming-Call-Connected",
        12 => "Call-Clear-Request",
        13 => "Call-Disconnect-Notify",
        14 => "WAN-Error-Notify",
        15 => "Set-Link-Info",
        _ => "Unknown control type",
    }
}

// The PPTP claim on TCP (asked after lower ranks).
inventory::submit! {
    super::table::TcpClaim { rank: 50, claim: on_tcp }
}

/// PPTP on its TCP port.
pub fn on_tcp(cx: &mut Ctx, s: &super::table::Segment) -> bool {
    s.whole(cx, PORT, dissect)
}

pub fn dissect(cx: &mut Ctx, start: usize, end: usize) {
    cx.proto("pptp");
    let b = cx.bytes;
    let len = be16(b, start).unwrap_or(0);
    let ctype = be16(b, start + 8).unwrap_or(0);
    let name = message_name(ctype);
    let mut n = Node::new(fid!("pptp"), Value::None, start, end - start)
        .label("Point-to-Point Tunnelling Protocol");
    n.add_uint(fid!("pptp.length"), len as u64, start, 2);
    if let Some(mt) = be16(b, start + 2) {
        n.add_uint(fid!("pptp.type"), mt as u64, start + 2, 2)
            .label_fmt(|| {
                format!(
                    "Message type: {} ({mt})",
                    if mt == 1 {
                        "Control Message"
                    } else {
                        "Management Message"
                    }
                )
            });
    }
    n.add_uint(
        fid!("pptp.control_message_type"),
        ctype as u64,
        start + 8,
        2,
    )
    .label_fmt(|| format!("Control Message Type: {name} ({ctype})"));
    cx.roots.push(n);
    cx.cols.protocol = "PPTP".into();
    cx.cols.info = name.into();
}
