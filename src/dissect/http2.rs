//! HTTP/2 frames (RFC 9113) as the first pass cut and decoded them (`analysis::http2`): a
//! "HyperText Transfer Protocol 2" layer per TLS record, a "Stream" node per frame with its
//! header fields and, for HEADERS, the decoded header list.

use super::{Build, Node, Value};
use crate::analysis::http2::{type_name, Unit};

/// The node of one frame (or the connection preface) whose bytes are `b`, at `base` in data
/// source `ds`.
pub fn unit_node(u: &Unit, b: &[u8], ds: u8, base: usize) -> Node {
    let mut n = unit_node_at0(u, b);
    shift(&mut n, base);
    super::ip::set_ds(&mut n, ds);
    n
}

fn shift(n: &mut Node, by: usize) {
    n.start = n.start.saturating_add(by as u32);
    for c in &mut n.children {
        shift(c, by);
    }
}

fn unit_node_at0(u: &Unit, b: &[u8]) -> Node {
    let Some(h) = u.head else {
        let mut n = Node::new("http2.stream", Value::None, 0, b.len()).label("Stream: Magic");
        n.add("http2.magic", Value::Bytes(b.to_vec()), 0, b.len())
            .label("Magic: PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n");
        return n;
    };
    let name = type_name(h.ty);
    let mut n = Node::new("http2.stream", Value::None, 0, b.len())
        .label_fmt(|| format!("Stream: {name}, Stream ID: {}, Length {}", h.stream, h.len));
    n.add("http2.length", Value::Uint(h.len as u64, 0), 0, 3);
    n.add("http2.type", Value::Uint(h.ty as u64, 0), 3, 1)
        .label_fmt(|| format!("Type: {name} ({})", h.ty));
    n.add("http2.flags", Value::Uint(h.flags as u64, 2), 4, 1);
    n.add("http2.streamid", Value::Uint(h.stream as u64, 0), 5, 4)
        .label_fmt(|| format!("Stream Identifier: {}", h.stream));
    if let Some(list) = &u.headers {
        for (k, v) in list {
            let mut x = Node::new("http2.header", Value::None, 9, 0)
                .label_fmt(|| format!("Header: {k}: {v}"));
            x.add("http2.header.name", Value::Str(k.clone()), 9, 0)
                .label_fmt(|| format!("Name: {k}"));
            x.add("http2.header.value", Value::Str(v.clone()), 9, 0)
                .label_fmt(|| format!("Value: {v}"));
            let pseudo = match k.as_str() {
                ":method" => Some("http2.headers.method"),
                ":path" => Some("http2.headers.path"),
                ":status" => Some("http2.headers.status"),
                ":scheme" => Some("http2.headers.scheme"),
                ":authority" => Some("http2.headers.authority"),
                _ => None,
            };
            if let Some(f) = pseudo {
                // (the status is a number, the others text)
                let val = match (f, v.parse::<u16>()) {
                    ("http2.headers.status", Ok(n)) => Value::Uint(n as u64, 0),
                    _ => Value::Str(v.clone()),
                };
                x.add(f, val, 9, 0).label_fmt(|| format!("{k}: {v}"));
            }
            n.push(x);
        }
    }
    n
}

/// The layer of one TLS record's frames.
pub fn layer() -> Node {
    Node::new("http2", Value::None, 0, 0).label("HyperText Transfer Protocol 2")
}
