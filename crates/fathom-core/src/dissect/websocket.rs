//! WebSocket (RFC 6455) on an HTTP connection after `101 Switching Protocols` with
//! `Upgrade: websocket`: the frames (FIN, opcode, mask, lengths, the unmasked payload) and
//! the Info column as tshark shows it (`WebSocket Text [FIN] [MASKED]`). Text payloads are
//! shown as line-based text, binary ones as data. The reassembly cuts the connection's
//! bytes into frames by this file's length rule (its `Framing`, registered below).

use super::ctx::Ctx;
use super::table::{PduAt, PduColumns, PduSegment};
use super::tree::{Build, Node, Value};
use crate::analysis::framing::Need;
use crate::analysis::reassembly::PduKind;

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
    crate::analysis::framing::Framing {
        name: "websocket",
        kind: PduKind::WebSocket,
        ports: None,
        need: |_, u, _| need(u.bytes),
        continuation: false,
        started: None,
        finish: |_, _, _, _| crate::analysis::framing::Switch::Stay,
        abandoned: |_| None,
        done: None,
    }
}

pub fn opcode_name(op: u8) -> &'static str {
    match op {
        0 => "Continuation",
        1 => "Text",
        2 => "Binary",
        8 => "Connection Close",
        9 => "Ping",
        10 => "Pong",
        _ => "Unknown",
    }
}

/// The Info text of one frame.
pub fn info(b: &[u8]) -> String {
    let (b0, masked) = (
        b.first().copied().unwrap_or(0),
        b.get(1).is_some_and(|x| x & 0x80 != 0),
    );
    format!(
        "WebSocket {}{} {}",
        opcode_name(b0 & 0x0f),
        if b0 & 0x80 != 0 { " [FIN]" } else { "" },
        if masked { "[MASKED]" } else { "" }
    )
}

/// Dissects one frame (`bytes`, at `start` in the frame or in data source `ds`).
pub fn dissect(cx: &mut Ctx, bytes: &[u8], ds: Option<u8>, start: usize) {
    cx.proto("websocket");
    cx.cols.protocol = "WebSocket".into();
    let base = if ds.is_some() { 0 } else { start };
    let Some((h, len, masked)) = header(bytes) else {
        cx.malformed("WebSocket", cx.snapped());
        return;
    };
    let op = bytes[0] & 0x0f;
    let mut n = Node::new(fid!("websocket"), Value::None, base, bytes.len()).label("WebSocket");
    header_items(&mut n, bytes, base, len, masked);
    let key = masked.then(|| [bytes[h - 4], bytes[h - 3], bytes[h - 2], bytes[h - 1]]);
    if let Some(k) = key {
        n.add(
            fid!("websocket.masking_key"),
            Value::Bytes(k.to_vec()),
            base + h - 4,
            4,
        )
        .label_fmt(|| {
            format!(
                "Masking-Key: {:02x}{:02x}{:02x}{:02x}",
                k[0], k[1], k[2], k[3]
            )
        });
    }
    let body = &bytes[h..];
    let plain: Vec<u8> = match key {
        Some(k) => body.iter().enumerate().map(|(i, c)| c ^ k[i % 4]).collect(),
        None => body.to_vec(),
    };
    if masked && !body.is_empty() {
        n.add(
            fid!("websocket.masked_payload"),
            Value::Bytes(body.to_vec()),
            base + h,
            body.len(),
        )
        .label("Masked payload");
    }
    let text = (!plain.is_empty() && payload_items(&mut n, op, &plain, base + h)).then_some(&plain);
    if let Some(d) = ds {
        super::ctx::set_ds(&mut n, d);
    }
    cx.roots.push(n);
    match (op, text) {
        (1, Some(t)) => text_lines(cx, t, ds, base + h),
        (8..=10, _) => {}
        _ if !plain.is_empty() => {
            cx.proto("data");
            let l = plain.len();
            let mut d = Node::new(fid!("data"), Value::None, base + h, l)
                .label_fmt(|| format!("Data ({l} bytes)"));
            d.add(fid!("data.data"), Value::Bytes(plain), base + h, l);
            if let Some(x) = ds {
                super::ctx::set_ds(&mut d, x);
            }
            cx.roots.push(d);
        }
        _ => {}
    }
}

/// The header's bit fields and extended length at `base` (`len` the payload length).
fn header_items(n: &mut Node, bytes: &[u8], base: usize, len: u64, masked: bool) {
    let b0 = bytes.first().copied().unwrap_or(0);
    let op = b0 & 0x0f;
    n.add(fid!("websocket.fin"), Value::Bool(b0 & 0x80 != 0), base, 1)
        .label_fmt(|| {
            format!(
                "{} = Fin: {}",
                super::tree::bits_str(b0 as u64, 0x80, 8),
                if b0 & 0x80 != 0 { "True" } else { "False" }
            )
        });
    n.add(
        fid!("websocket.rsv"),
        Value::Uint(((b0 >> 4) & 7) as u64, 2),
        base,
        1,
    )
    .label_fmt(|| {
        format!(
            "{} = Reserved: 0x{:x}",
            super::tree::bits_str(b0 as u64, 0x70, 8),
            (b0 >> 4) & 7
        )
    });
    n.add_uint(fid!("websocket.opcode"), op as u64, base, 1)
        .label_fmt(|| {
            format!(
                "{} = Opcode: {} ({op})",
                super::tree::bits_str(b0 as u64, 0x0f, 8),
                opcode_name(op)
            )
        });
    let b1 = bytes.get(1).copied().unwrap_or(0);
    n.add(fid!("websocket.mask"), Value::Bool(masked), base + 1, 1)
        .label_fmt(|| {
            format!(
                "{} = Mask: {}",
                super::tree::bits_str(b1 as u64, 0x80, 8),
                if masked { "True" } else { "False" }
            )
        });
    let l7 = b1 & 0x7f;
    n.add_uint(fid!("websocket.payload_length"), l7 as u64, base + 1, 1)
        .label_fmt(|| {
            let extra = match l7 {
                126 => " Extended Payload Length (16 bits)",
                127 => " Extended Payload Length (64 bits)",
                _ => "",
            };
            format!(
                "{} = Payload length: {l7}{extra}",
                super::tree::bits_str(b1 as u64, 0x7f, 8)
            )
        });
    match l7 {
        126 => {
            n.add_uint(fid!("websocket.payload_length_ext_16"), len, base + 2, 2);
        }
        127 => {
            n.add_uint(fid!("websocket.payload_length_ext_64"), len, base + 2, 8);
        }
        _ => {}
    }
}

/// The `Payload` item of a frame with opcode `op` and unmasked payload `plain` at `at`;
/// whether the payload is text.
fn payload_items(n: &mut Node, op: u8, plain: &[u8], at: usize) -> bool {
    let p = n
        .add(fid!("websocket.payload"), Value::None, at, plain.len())
        .label("Payload");
    match op {
        1 => {
            let t = String::from_utf8_lossy(plain).into_owned();
            p.add(
                fid!("websocket.payload.text"),
                Value::Str(t.clone()),
                at,
                plain.len(),
            )
            .label_fmt(|| format!("Text: {}", super::tree::escape_crlf(&t)));
            return true;
        }
        8 if plain.len() >= 2 => {
            let code = u16::from_be_bytes([plain[0], plain[1]]);
            p.add_uint(
                fid!("websocket.payload.close.status_code"),
                code as u64,
                at,
                2,
            )
            .label_fmt(|| format!("Close: {code}"));
        }
        _ => {}
    }
    false
}

/// A text payload as tshark's line-based text: one item per line.
fn text_lines(cx: &mut Ctx, t: &[u8], ds: Option<u8>, at: usize) {
    cx.proto("data-text-lines");
    let text = String::from_utf8_lossy(t);
    let nlines = text.split_inclusive('\n').count();
    let mut n = Node::new(fid!("data-text-lines"), Value::None, at, t.len())
        .label_fmt(|| format!("Line-based text data ({nlines} lines)"));
    for l in text.split_inclusive('\n').take(10_000) {
        n.push(Node::text(super::tree::escape_crlf(l), at, 0));
    }
    if let Some(d) = ds {
        super::ctx::set_ds(&mut n, d);
    }
    cx.roots.push(n);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_and_info_as_tshark() {
        // unmasked text "hi", FIN
        let f = [0x81, 0x02, b'h', b'i', 0x88];
        assert_eq!(need(&f), Need::Complete(4));
        assert_eq!(info(&f), "WebSocket Text [FIN] ");
        // masked, 16-bit length 300, header 8 bytes
        let mut m = vec![0x82, 0xfe, 0x01, 0x2c, 1, 2, 3, 4];
        assert_eq!(need(&m), Need::Exactly(308));
        m.resize(308, 0);
        assert_eq!(need(&m), Need::Complete(308));
        assert_eq!(info(&m), "WebSocket Binary [FIN] [MASKED]");
        assert_eq!(
            info(&[0x08, 0x80, 0, 0, 0, 0]),
            "WebSocket Connection Close [MASKED]"
        );
        // short or absurd headers never panic
        assert_eq!(need(&[0x81]), Need::More);
        assert_eq!(need(&[0x81, 0xff, 0, 0]), Need::More);
        let huge = [0x82, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert!(matches!(need(&huge), Need::Exactly(_)));
    }
}

// WebSocket frames after an upgrade
inventory::submit! {
    super::table::PduProtocol { rank: 30, takes: takes_pdu, dissect: pdu, columns }
}

fn takes_pdu(k: PduKind) -> bool {
    k == PduKind::WebSocket
}

/// WebSocket's part of a segment's columns: its frames' Info, run together.
#[derive(Default)]
struct Shown(String);

fn pdu(cx: &mut Ctx, p: &PduAt, cols: &mut PduColumns) {
    if !p.pdu.is_reassembled() {
        // a frame framed by its length, whole in the segment: TCP's [PDU Size]
        cx.pdu_sizes.push((p.start, p.pdu.len as usize));
    }
    // WebSocket runs on the HTTP connection it upgraded
    cx.proto("http");
    dissect(cx, p.bytes, p.ds_base, p.start);
    cols.part::<Shown>().0.push_str(&info(p.bytes));
}

fn columns(cx: &mut Ctx, seg: &PduSegment, cols: &mut PduColumns) -> bool {
    let Some(Shown(info)) = cols.get::<Shown>().filter(|s| !s.0.is_empty()) else {
        return false;
    };
    cx.cols.protocol = "WebSocket".into();
    cx.cols.info = format!("{}{info}", seg.prefix);
    true
}
