//! TLS records: the record layer and handshake message types (no decryption).

use super::{Build, Ctx, Node, Value};
use crate::analysis::tls::{handshake_name, is_record_header, version_name};

/// Dissects whole records; `ds` is the data source when reassembled.
pub fn dissect(cx: &mut Ctx, bytes: &[u8], ds: Option<u8>, start: usize) {
    cx.proto("tls");
    let base = if ds.is_some() { 0 } else { start };
    let mut root =
        Node::new("tls", Value::None, base, bytes.len()).label("Transport Layer Security");
    let mut pos = 0;
    while pos + 5 <= bytes.len() && is_record_header(&bytes[pos..]) {
        let t = bytes[pos];
        let v = u16::from_be_bytes([bytes[pos + 1], bytes[pos + 2]]);
        let l = u16::from_be_bytes([bytes[pos + 3], bytes[pos + 4]]) as usize;
        let end = (pos + 5 + l).min(bytes.len());
        let ct = match t {
            20 => "Change Cipher Spec",
            21 => "Alert",
            22 => "Handshake",
            23 => "Application Data",
            _ => "Heartbeat",
        };
        let mut r = Node::new("tls.record", Value::None, base + pos, end - pos)
            .label_fmt(|| format!("{} Record Layer: {ct} Protocol", version_name(v)));
        r.add(
            "tls.record.content_type",
            Value::Uint(t as u64, 0),
            base + pos,
            1,
        )
        .label_fmt(|| format!("Content Type: {ct} ({t})"));
        r.add(
            "tls.record.version",
            Value::Uint(v as u64, 4),
            base + pos + 1,
            2,
        )
        .label_fmt(|| format!("Version: {} (0x{v:04x})", version_name(v)));
        r.add(
            "tls.record.length",
            Value::Uint(l as u64, 0),
            base + pos + 3,
            2,
        );
        if t == 22 && end > pos + 9 {
            let ht = bytes[pos + 5];
            r.add(
                "tls.handshake.type",
                Value::Uint(ht as u64, 0),
                base + pos + 5,
                1,
            )
            .label_fmt(|| format!("Handshake Type: {} ({ht})", handshake_name(ht)));
        } else if t == 23 {
            r.add(
                "tls.app_data",
                Value::Bytes(bytes[pos + 5..end].to_vec()),
                base + pos + 5,
                end - pos - 5,
            )
            .label_fmt(|| format!("Encrypted Application Data: {} bytes", end - pos - 5));
        }
        root.push(r);
        pos = end;
    }
    if let Some(d) = ds {
        super::ip::set_ds(&mut root, d);
    }
    cx.roots.push(root);
}
