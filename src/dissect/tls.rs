//! TLS records: the record layer and handshake message types (no decryption).

use super::{Build, Ctx, Node, Value};
use crate::analysis::tls::{handshake_name, is_record_header, sslv2_hello_len, version_name};

/// Dissects whole records; `ds` is the data source when reassembled.
pub fn dissect(cx: &mut Ctx, bytes: &[u8], ds: Option<u8>, start: usize) {
    cx.proto("tls");
    let base = if ds.is_some() { 0 } else { start };
    let mut root =
        Node::new("tls", Value::None, base, bytes.len()).label("Transport Layer Security");
    let mut pos = 0;
    if let Some(l) = sslv2_hello_len(bytes) {
        root.push(sslv2_hello(&bytes[..l.min(bytes.len())], base));
        pos = l;
    }
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

fn be16(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |x| u16::from_be_bytes([x[0], x[1]]))
}

/// An SSL 2.0 compatible Client Hello record (`b` starts with its two-byte header).
fn sslv2_hello(b: &[u8], base: usize) -> Node {
    let mut r = Node::new("tls.record", Value::None, base, b.len())
        .label("SSLv2 Record Layer: Client Hello");
    r.add("tls.record.version", Value::Uint(2, 4), base, 0)
        .generated()
        .label("Version: SSL 2.0 (0x0002)");
    let len = be16(b, 0) & 0x7fff;
    r.add("tls.record.length", Value::Uint(len as u64, 0), base, 2);
    r.add("tls.handshake.type", Value::Uint(1, 0), base + 2, 1)
        .label("Handshake Message Type: Client Hello (1)");
    let v = be16(b, 3);
    r.add(
        "tls.handshake.version",
        Value::Uint(v as u64, 4),
        base + 3,
        2,
    )
    .label_fmt(|| {
        let name = match v {
            2 => "SSL 2.0",
            0x0300 => "SSL 3.0",
            0x0301 => "TLS 1.0",
            0x0302 => "TLS 1.1",
            0x0303 => "TLS 1.2",
            _ => "TLS 1.3",
        };
        format!("Version: {name} (0x{v:04x})")
    });
    let (cl, sl, chl) = (
        be16(b, 5) as usize,
        be16(b, 7) as usize,
        be16(b, 9) as usize,
    );
    r.add(
        "tls.handshake.cipher_spec_len",
        Value::Uint(cl as u64, 0),
        base + 5,
        2,
    )
    .label_fmt(|| format!("Cipher Spec Length: {cl}"));
    r.add(
        "tls.handshake.session_id_length",
        Value::Uint(sl as u64, 0),
        base + 7,
        2,
    )
    .label_fmt(|| format!("Session ID Length: {sl}"));
    r.add(
        "tls.handshake.challenge_length",
        Value::Uint(chl as u64, 0),
        base + 9,
        2,
    )
    .label_fmt(|| format!("Challenge Length: {chl}"));
    let specs = &b[11.min(b.len())..(11 + cl).min(b.len())];
    let mut c = Node::new(
        "tls.handshake.cipherspecs",
        Value::None,
        base + 11,
        specs.len(),
    )
    .label_fmt(|| format!("Cipher Specs ({} specs)", specs.len() / 3));
    for (i, s) in specs.chunks_exact(3).enumerate() {
        let v = (s[0] as u32) << 16 | (s[1] as u32) << 8 | s[2] as u32;
        c.add(
            "tls.handshake.cipherspec",
            Value::Uint(v as u64, 6),
            base + 11 + 3 * i,
            3,
        )
        .label_fmt(|| format!("Cipher Spec: 0x{v:06x}"));
    }
    r.push(c);
    let at = 11 + cl;
    if sl > 0 && at < b.len() {
        let e = (at + sl).min(b.len());
        r.add(
            "tls.handshake.session_id",
            Value::Bytes(b[at..e].to_vec()),
            base + at,
            e - at,
        )
        .label("Session ID");
    }
    let at = at + sl;
    if chl > 0 && at < b.len() {
        let e = (at + chl).min(b.len());
        r.add(
            "tls.handshake.challenge",
            Value::Bytes(b[at..e].to_vec()),
            base + at,
            e - at,
        )
        .label("Challenge");
    }
    r
}
