//! How long a WebSocket (RFC 6455) frame is: its header's lengths, for the reassembly to cut
//! frames and for the dissector to read them.

use super::framing::Need;

/// One frame's header: (header length, payload length, masked).
pub fn header(b: &[u8]) -> Option<(usize, u64, bool)> {
    let b1 = *b.get(1)?;
    let masked = b1 & 0x80 != 0;
    let (mut h, len) = match b1 & 0x7f {
        126 => (4, u16::from_be_bytes([*b.get(2)?, *b.get(3)?]) as u64),
        127 => {
            let x = b.get(2..10)?;
            (10, u64::from_be_bytes(x.try_into().ok()?))
        }
        l => (2, l as u64),
    };
    if masked {
        h += 4;
    }
    (b.len() >= h).then_some((h, len, masked))
}

/// How many bytes the frame starting `b` takes (reassembly framing).
pub fn need(b: &[u8]) -> Need {
    match header(b) {
        None => Need::More,
        Some((h, len, _)) => {
            let total = (h as u64).saturating_add(len);
            match usize::try_from(total) {
                Ok(t) if t <= b.len() => Need::Complete(t),
                Ok(t) => Need::Exactly(t),
                Err(_) => Need::Exactly(usize::MAX),
            }
        }
    }
}

// (after an upgrade: a frame's payload may well carry HTTP text, it is no HTTP message)
inventory::submit! {
    super::framing::Framing {
        name: "websocket",
        kind: super::reassembly::PduKind::WebSocket,
        ports: None,
        need: |_, u, _| need(u.bytes),
        continuation: false,
        started: None,
        finish: |_, _, _, _| super::framing::Switch::Stay,
        abandoned: |_| None,
        done: None,
    }
}
