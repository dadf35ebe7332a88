//! Telnet on TCP port 23: the data lines (option negotiation is shown as data too).

use super::ctx::Ctx;
use super::tree::{Build, Node, Value};

pub const PORT: u16 = 23;

// The TELNET claim on TCP (asked after lower ranks).
inventory::submit! {
    super::table::TcpClaim { rank: 40, claim: on_tcp }
}

/// Telnet on its TCP port.
pub fn on_tcp(cx: &mut Ctx, s: &super::table::Segment) -> bool {
    s.whole(cx, PORT, dissect)
}

pub fn dissect(cx: &mut Ctx, start: usize, end: usize) {
    cx.proto("telnet");
    let mut n = Node::new(fid!("telnet"), Value::None, start, end - start).label("Telnet");
    let data = cx.bytes.get(start..end).unwrap_or(&[]);
    let mut at = start;
    for l in data.split_inclusive(|&c| c == b'\n').take(1000) {
        let text = super::tree::escape_crlf(&String::from_utf8_lossy(l));
        n.add(fid!("telnet.data"), Value::Str(text.clone()), at, l.len())
            .label_fmt(|| format!("Data: {text}"));
        at += l.len();
    }
    cx.roots.push(n);
    cx.cols.protocol = "TELNET".into();
    cx.cols.info = "Telnet Data ...".into();
}
