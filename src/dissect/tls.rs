//! TLS records: the record layer and handshake message types (no decryption).

use super::{Build, Ctx, Node, Value};
use crate::analysis::tls::{handshake_name, is_record_header, sslv2_hello_len, version_name};

/// Dissects whole records; `ds` is the data source when reassembled.
pub fn dissect(cx: &mut Ctx, bytes: &[u8], ds: Option<u8>, start: usize) {
    cx.proto("tls");
    if cx.tree {
        let mut layers = Vec::new();
        handshake_layers(bytes, &mut layers);
        for l in layers {
            cx.proto(l);
        }
    }
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
    );
    r.add(
        "tls.handshake.session_id_length",
        Value::Uint(sl as u64, 0),
        base + 7,
        2,
    );
    r.add(
        "tls.handshake.challenge_length",
        Value::Uint(chl as u64, 0),
        base + 9,
        2,
    );
    let specs = &b[11.min(b.len())..(11 + cl).min(b.len())];
    let mut c = Node::new(
        "tls.handshake.ciphersuites",
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

/// One DER element at `b[0..]`: (tag, header length, content length).
fn der(b: &[u8]) -> Option<(u8, usize, usize)> {
    let tag = *b.first()?;
    let l0 = *b.get(1)? as usize;
    if l0 < 0x80 {
        return Some((tag, 2, l0));
    }
    let n = l0 & 0x7f;
    if n == 0 || n > 4 {
        return None;
    }
    let mut len = 0usize;
    for i in 0..n {
        len = len << 8 | *b.get(2 + i)? as usize;
    }
    Some((tag, 2 + n, len))
}

/// The elements inside a constructed DER value, each as (tag, its whole bytes, its content).
fn der_items(b: &[u8]) -> Vec<(u8, &[u8], &[u8])> {
    let mut v = Vec::new();
    let mut p = 0usize;
    while p < b.len() {
        let Some((t, h, l)) = der(&b[p..]) else { break };
        let Some(whole) = b.get(p..p + h + l) else {
            break;
        };
        v.push((t, whole, &whole[h..]));
        p += h + l;
    }
    v
}

/// The protocol whose dissector Wireshark registers for an object identifier (its DER
/// content bytes), as far as certificates use them: attribute types (x509sat), certificate
/// extensions (x509ce), the PKIX ones, and algorithm parameters.
fn oid_layer(oid: &[u8]) -> Option<&'static str> {
    const AT: &[u8] = &[0x55, 0x04]; // 2.5.4
    const CE: &[u8] = &[0x55, 0x1d]; // 2.5.29
    const PE: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01]; // 1.3.6.1.5.5.7.1
    const QT: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02]; // 1.3.6.1.5.5.7.2
    const EMAIL: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01];
    const DC: &[u8] = &[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19];
    const SCT: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02];
    const EC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    const DSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01];
    const RSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
    match oid {
        o if o.len() == 3 && o.starts_with(AT) => Some("x509sat"),
        o if o == EMAIL || o == DC => Some("x509sat"),
        o if o.len() == 3 && o.starts_with(CE) => Some("x509ce"),
        o if o == SCT => Some("x509ce"),
        o if o.len() == PE.len() + 1 && o.starts_with(PE) => Some("pkix1implicit"),
        o if o.len() == QT.len() + 1 && o.starts_with(QT) => Some("pkix1explicit"),
        o if o == EC_KEY || o == RSA_PSS => Some("pkcs-1"),
        o if o == DSA => Some("x509af"),
        _ => None,
    }
}

/// An AlgorithmIdentifier: its parameters, when present and not NULL, are dissected by the
/// algorithm's protocol.
fn algorithm_layers(alg: &[u8], out: &mut Vec<&'static str>) {
    let items = der_items(alg);
    if let (Some((0x06, _, oid)), Some((t, _, _))) = (items.first(), items.get(1)) {
        if *t != 0x05 {
            out.extend(oid_layer(oid));
        }
    }
}

/// A Name: one layer per attribute whose type has a registered dissector.
fn name_layers(name: &[u8], out: &mut Vec<&'static str>) {
    for (_, _, rdn) in der_items(name) {
        for (_, _, atv) in der_items(rdn) {
            if let Some((0x06, _, oid)) = der_items(atv).first() {
                out.extend(oid_layer(oid));
            }
        }
    }
}

/// The layers Wireshark's BER object-identifier table adds while it dissects one X.509
/// certificate, in its order (they show in `frame.protocols`).
pub fn certificate_layers(cert: &[u8], out: &mut Vec<&'static str>) {
    let Some((0x30, _, outer)) = der_items(cert).first().copied() else {
        return;
    };
    let parts = der_items(outer);
    let Some((0x30, _, tbs)) = parts.first().copied() else {
        return;
    };
    let mut f = der_items(tbs).into_iter().peekable();
    if f.peek().is_some_and(|x| x.0 == 0xa0) {
        f.next(); // version
    }
    f.next(); // serial number
    if let Some((_, _, alg)) = f.next() {
        algorithm_layers(alg, out);
    }
    if let Some((_, _, issuer)) = f.next() {
        name_layers(issuer, out);
    }
    f.next(); // validity
    if let Some((_, _, subject)) = f.next() {
        name_layers(subject, out);
    }
    if let Some((_, _, spki)) = f.next() {
        if let Some((0x30, _, alg)) = der_items(spki).first().copied() {
            algorithm_layers(alg, out);
        }
    }
    for (t, _, c) in f {
        if t != 0xa3 {
            continue;
        }
        for (_, _, exts) in der_items(c) {
            for (_, _, ext) in der_items(exts) {
                let items = der_items(ext);
                let Some((0x06, _, oid)) = items.first().copied() else {
                    continue;
                };
                let Some(layer) = oid_layer(oid) else {
                    continue;
                };
                out.push(layer);
                // the value's own registered contents (policy qualifiers, directory names)
                if let Some((0x04, _, val)) = items.last().copied() {
                    extension_value_layers(oid, val, out);
                }
            }
        }
    }
    if let Some((0x30, _, alg)) = parts.get(1).copied() {
        algorithm_layers(alg, out);
    }
}

/// Directory names (`[4]` in GeneralNames) anywhere inside a DER value, in order.
fn directory_names(b: &[u8], depth: u8, out: &mut Vec<&'static str>) {
    if depth > 8 {
        return;
    }
    for (t, _, c) in der_items(b) {
        if t == 0xa4 {
            if let Some((0x30, _, name)) = der_items(c).first().copied() {
                name_layers(name, out);
            }
        } else if t & 0x20 != 0 {
            directory_names(c, depth + 1, out);
        }
    }
}

/// Layers inside an extension's value: the qualifiers of certificate policies, the
/// attributes of directory names.
fn extension_value_layers(oid: &[u8], val: &[u8], out: &mut Vec<&'static str>) {
    if oid != [0x55, 0x1d, 0x20] {
        directory_names(val, 0, out);
        return;
    }
    for (_, _, policies) in der_items(val) {
        for (_, _, info) in der_items(policies) {
            let items = der_items(info);
            let Some((0x30, _, quals)) = items.get(1).copied() else {
                continue;
            };
            for (_, _, q) in der_items(quals) {
                if let Some((0x06, _, qid)) = der_items(q).first().copied() {
                    out.extend(oid_layer(qid));
                }
            }
        }
    }
}

/// The certificate layers of the whole handshake messages in a PDU's records (before a
/// Change Cipher Spec): each Certificate message's certificates in order.
pub fn handshake_layers(bytes: &[u8], out: &mut Vec<&'static str>) {
    let mut hs = Vec::new();
    let mut pos = 0;
    while pos + 5 <= bytes.len() && is_record_header(&bytes[pos..]) {
        let l = u16::from_be_bytes([bytes[pos + 3], bytes[pos + 4]]) as usize;
        let end = (pos + 5 + l).min(bytes.len());
        match bytes[pos] {
            22 => hs.extend_from_slice(&bytes[pos + 5..end]),
            20 => break,
            _ => {}
        }
        pos = end;
    }
    let mut p = 0usize;
    while p + 4 <= hs.len() {
        let t = hs[p];
        let l = u32::from_be_bytes([0, hs[p + 1], hs[p + 2], hs[p + 3]]) as usize;
        let Some(body) = hs.get(p + 4..p + 4 + l) else {
            break;
        };
        if t == 11 && body.len() >= 3 {
            let mut q = 3usize;
            while q + 3 <= body.len() {
                let cl = u32::from_be_bytes([0, body[q], body[q + 1], body[q + 2]]) as usize;
                let Some(cert) = body.get(q + 3..q + 3 + cl) else {
                    break;
                };
                certificate_layers(cert, out);
                q += 3 + cl;
            }
        }
        if t == 13 {
            request_layers(body, out);
        }
        p += 4 + l;
    }
}

/// A Certificate Request's distinguished names of acceptable authorities (TLS 1.2 lists the
/// signature algorithms first; TLS 1.0 and 1.1 do not: whichever framing fits the message).
fn request_layers(body: &[u8], out: &mut Vec<&'static str>) {
    let be16 = |at: usize| {
        body.get(at..at + 2)
            .map(|x| u16::from_be_bytes([x[0], x[1]]) as usize)
    };
    let types = 1 + body.first().copied().unwrap_or(0) as usize;
    let with_algs = be16(types).map(|n| types + 2 + n);
    let start = [with_algs, Some(types)]
        .into_iter()
        .flatten()
        .find(|&at| be16(at).is_some_and(|n| at + 2 + n == body.len()));
    let Some(at) = start else { return };
    let mut q = at + 2;
    while let Some(n) = be16(q) {
        let Some(dn) = body.get(q + 2..q + 2 + n) else {
            break;
        };
        if let Some((0x30, _, name)) = der_items(dn).first().copied() {
            name_layers(name, out);
        }
        q += 2 + n;
    }
}
