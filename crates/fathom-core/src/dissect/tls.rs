//! TLS records: the record layer, the handshake messages (the hellos' fields) and, where
//! the key log opened a record, its plaintext (`crate::tls`).

use super::ctx::Ctx;
use super::table::{PduAt, PduColumns, PduSegment};
use super::tree::{Build, Node, Value};
use crate::analysis::reassembly::PduKind;
use crate::analysis::tls::{handshake_name, sslv2_hello_len, version_name};
use crate::dissect::fields::FieldId;
use crate::wire::{tls_records, TlsRecordHeader};

fields! {
    "tls.segments", "Reassembled TLS segments", FT_NONE;
}

/// Where a PDU of records is: its offset in the frame, its number among the frame's PDUs
/// (the key to what the first pass opened of it) and its TCP stream.
#[derive(Clone, Copy)]
pub struct At {
    pub start: usize,
    pub pdu: u16,
    pub stream: Option<u32>,
}

fn content_name(t: u8) -> &'static str {
    match t {
        20 => "Change Cipher Spec",
        21 => "Alert",
        22 => "Handshake",
        23 => "Application Data",
        24 => "Heartbeat",
        _ => "Unknown",
    }
}

/// Dissects whole records; `ds` is the data source when reassembled.
pub fn dissect(cx: &mut Ctx, bytes: &[u8], ds: Option<u8>, at: At) {
    cx.proto("tls");
    let an = cx.an;
    let stream_version = at
        .stream
        .and_then(|s| an.and_then(|a| a.reasm.tls().version.get(&s).copied()));
    let tls13_stream = stream_version == Some(0x0304);
    if cx.tree {
        record_layers(cx, bytes, &at, tls13_stream);
    }
    let store = an.map(|a| &a.reasm.tls().store);
    let alpn = at.stream.and_then(|s| {
        an.and_then(|a| a.reasm.tls().sessions.hello(s))
            .and_then(|h| h.alpn.clone())
    });
    let http1 = alpn.as_deref() != Some("h2");
    // what tshark names the application data of records it cannot open: the protocol the
    // ALPN or HTTPS's port hands the session to
    let ports = at
        .stream
        .and_then(|s| an.and_then(|a| a.tcp_streams.get(s as usize)))
        .map_or((0, 0), |t| (t.a.1, t.b.1));
    let on_port = |p: u16| ports.0 == p || ports.1 == p;
    let port_443 = on_port(443);
    let app_proto = if http1 {
        "Hypertext Transfer Protocol"
    } else {
        "HyperText Transfer Protocol 2"
    };
    let base = if ds.is_some() { 0 } else { at.start };
    let mut root =
        Node::new(fid!("tls"), Value::None, base, bytes.len()).label("Transport Layer Security");
    let mut pos = 0;
    if let Some(l) = sslv2_hello_len(bytes) {
        root.push(sslv2_hello(&bytes[..l.min(bytes.len())], base));
        pos = l;
    }
    let mut ccs_seen = false;
    let start = pos;
    for (at_rec, h, body) in tls_records(bytes.get(start..).unwrap_or_default()) {
        let pos = start + at_rec;
        let (t, v, l) = (h.content_type(), h.version(), h.length());
        let end = pos + TlsRecordHeader::LEN + body.len();
        let opened_data = store.and_then(|st| {
            st.records_at(cx.frame, at.pdu)
                .find(|r| r.off as usize == pos)
                .map(|r| (r, st.data(r)))
        });
        let opened = opened_data.as_ref().map(|(r, d)| (*r, d.as_deref()));
        let inner = opened.map_or(t, |(r, _)| r.content_type);
        let ct = content_name(inner);
        let tls13 = opened.is_some() && stream_version == Some(0x0304);
        let what = match (inner, opened) {
            (22, Some((_, Some(d)))) if d.len() >= 4 => handshake_name(d[0]).to_string(),
            (23, Some(_)) => app_proto.to_string(),
            (22, None) if ccs_seen => "Encrypted Handshake Message".into(),
            (22, None) => clear_handshake_name(body).to_string(),
            (23, None) if alpn.as_deref().is_some_and(|a| a.starts_with("spdy/")) => "SPDY".into(),
            (23, None) if alpn.is_some() || port_443 => app_proto.to_string(),
            // (MySQL's own switch to TLS keeps the port's protocol)
            (23, None) if on_port(3306) => "MySQL Protocol".into(),
            _ => ct.to_string(),
        };
        // (the session's version names every record, as in tshark's second pass)
        let rv = stream_version.unwrap_or(v);
        let clear = match opened {
            Some((_, d)) => d,
            None => (!ccs_seen && body.len() == 2).then_some(body),
        };
        let alert = (inner == 21).then(|| crate::analysis::tls::alert_text(clear));
        let mut r =
            Node::new(fid!("tls.record"), Value::None, base + pos, end - pos).label_fmt(|| {
                match &alert {
                    Some(a) => format!("{} Record Layer: {a}", version_name(rv)),
                    None => format!("{} Record Layer: {ct} Protocol: {what}", version_name(rv)),
                }
            });
        header_fields(&mut r, (t, v, l), base + pos, inner, tls13);
        if opened.is_none() {
            closed_record(&mut r, t, body, base + pos + 5, ccs_seen, tls13_stream);
        }
        if let Some(d) = ds {
            super::ctx::set_ds(&mut r, d);
        }
        if let Some((rec, data)) = opened {
            let src = OpenedAt {
                body,
                at: base + pos + 5,
                ds,
                http1,
                tls13: tls13_stream,
            };
            opened_record(&mut r, rec, data, src, &mut cx.sources);
        }
        if t == 20 {
            ccs_seen = stream_version != Some(0x0304);
        }
        root.push(r);
    }
    if let Some(d) = ds {
        root.ds = d;
    }
    if let (Some(s), Some(a)) = (at.stream, an) {
        if let Some(why) = a.reasm.tls().sessions.no_key(s) {
            if a.reasm.tls().sessions.has_keys()
                || matches!(why, crate::tls::session::NoKey::BadRecord)
            {
                let text = no_key_text(why);
                root.add(
                    fid!("tls.keylog.missing"),
                    Value::Str(text.clone()),
                    base,
                    0,
                )
                .generated()
                .label_fmt(|| format!("[{text}]"));
            }
        }
    }
    cx.roots.push(root);
}

/// The handshake messages' protocols (certificates, ...) in the layers, including those of
/// the records the key log opened.
fn record_layers(cx: &mut Ctx, bytes: &[u8], at: &At, tls13_stream: bool) {
    let mut layers = Vec::new();
    handshake_layers(bytes, &mut layers);
    let store = cx.an.map(|a| &a.reasm.tls().store);
    for r in store
        .into_iter()
        .flat_map(|st| st.records_at(cx.frame, at.pdu))
        .filter(|r| r.content_type == 22)
    {
        if let Some(d) = store.and_then(|st| st.data(r)) {
            message_layers(&d, tls13_stream, &mut layers);
        }
    }
    for l in layers {
        cx.proto(l);
    }
}

/// The items of a record of content type `t` nobody could open, its `body` at `at`.
fn closed_record(r: &mut Node, t: u8, body: &[u8], at: usize, ccs_seen: bool, tls13: bool) {
    match t {
        22 if !ccs_seen => handshake_msgs(r, body, at, tls13),
        22 => {
            r.add(fid!("tls.handshake"), Value::None, at, body.len())
                .label("Handshake Protocol: Encrypted Handshake Message");
        }
        20 => {
            r.add(fid!("tls.change_cipher_spec"), Value::None, at, body.len());
        }
        23 => {
            r.add(
                fid!("tls.app_data"),
                Value::Bytes(body.to_vec()),
                at,
                body.len(),
            )
            .label_fmt(|| format!("Encrypted Application Data: {} bytes", body.len()));
        }
        _ => {}
    }
}

/// The name of a clear handshake record: its message's, or "Multiple Handshake Messages".
fn clear_handshake_name(body: &[u8]) -> &'static str {
    let mut n = 0;
    let mut at = 0usize;
    while let Some(h) = body.get(at..at + 4) {
        n += 1;
        at += 4 + u32::from_be_bytes([0, h[1], h[2], h[3]]) as usize;
    }
    match (n, body.first()) {
        (1, Some(&t)) => handshake_name(t),
        (0, _) => "Handshake",
        _ => "Multiple Handshake Messages",
    }
}

/// Why the key log opened none of a session's records, as the tree says it.
pub fn no_key_text(why: &crate::tls::session::NoKey) -> String {
    use crate::tls::session::NoKey;
    match why {
        NoKey::NotInKeyLog(r) => {
            let hex: String = r.iter().map(|b| format!("{b:02x}")).collect();
            format!("No key for this session in the key log: client random {hex}")
        }
        NoKey::Suite(id) => format!("Fathom does not decrypt cipher suite 0x{id:04x}"),
        NoKey::NoHandshake => {
            "No key: the capture lacks this session's Client Hello or Server Hello".into()
        }
        NoKey::BadRecord => {
            "A record did not decrypt with the key log's key (a wrong key or a lost record)".into()
        }
    }
}

/// A record header's fields at `at`: (type, version, length). An opened TLS 1.3 record
/// shows its outer type as the opaque type and its inner type as generated.
fn header_fields(r: &mut Node, (t, v, l): (u8, u16, usize), at: usize, inner: u8, tls13: bool) {
    let ct = content_name(inner);
    if tls13 {
        r.add_uint(fid!("tls.record.opaque_type"), t as u64, at, 1)
            .label_fmt(|| format!("Opaque Type: {} ({t})", content_name(t)));
    } else {
        r.add_uint(fid!("tls.record.content_type"), t as u64, at, 1)
            .label_fmt(|| format!("Content Type: {} ({t})", content_name(t)));
    }
    r.add(
        fid!("tls.record.version"),
        Value::Uint(v as u64, 4),
        at + 1,
        2,
    )
    .label_fmt(|| format!("Version: {} (0x{v:04x})", version_label(v)));
    r.add_uint(fid!("tls.record.length"), l as u64, at + 3, 2);
    if tls13 {
        r.add_uint(fid!("tls.record.content_type"), inner as u64, at, 0)
            .generated()
            .label_fmt(|| format!("[Content Type: {ct} ({inner})]"));
    }
}

/// Where an opened record's ciphertext is: its body, its offset and data source, and
/// whether its stream carries HTTP/1.x.
struct OpenedAt<'b> {
    body: &'b [u8],
    at: usize,
    ds: Option<u8>,
    http1: bool,
    tls13: bool,
}

/// The tree of an opened record: its plaintext, as handshake messages, an alert or the
/// application data's protocol. The plaintext becomes a data source of its own ("Decrypted
/// TLS"), which the nodes over it point into.
fn opened_record(
    r: &mut Node,
    rec: &crate::analysis::tls_store::Record,
    data: Option<&[u8]>,
    src: OpenedAt,
    sources: &mut Vec<(String, Vec<u8>)>,
) {
    let Some(d) = data else {
        r.push(Node::text(
            "[Decrypted data no longer kept: the capture decrypts to more than Fathom keeps]",
            src.at,
            0,
        ));
        return;
    };
    let first = r.children.len();
    match rec.content_type {
        22 => handshake_msgs(r, d, 0, src.tls13),
        21 if d.len() >= 2 => {
            let lvl = if d[0] == 1 { "Warning" } else { "Fatal" };
            let mut a = Node::text("Alert Message", 0, 2);
            a.add_uint(fid!("tls.alert_message.level"), d[0] as u64, 0, 1)
                .label_fmt(|| format!("Level: {lvl} ({})", d[0]));
            a.add_uint(fid!("tls.alert_message.desc"), d[1] as u64, 1, 1)
                .label_fmt(|| {
                    format!(
                        "Description: {} ({})",
                        crate::analysis::tls::alert_desc(d[1]),
                        d[1]
                    )
                });
            r.push(a);
        }
        23 => {
            let (body, at) = (src.body, src.at);
            let mut enc = Node::new(
                fid!("tls.app_data"),
                Value::Bytes(body.to_vec()),
                at,
                body.len(),
            )
            .label_fmt(|| {
                let hex: String = body.iter().take(36).map(|b| format!("{b:02x}")).collect();
                let more = if body.len() > 36 { "…" } else { "" };
                format!("Encrypted Application Data: {hex}{more}")
            });
            if let Some(ds) = src.ds {
                enc.ds = ds;
            }
            r.push(enc);
            let proto = if src.http1 {
                "Hypertext Transfer Protocol"
            } else {
                "HyperText Transfer Protocol 2"
            };
            r.add(fid!("tls.app_data_proto"), Value::Str(proto.into()), at, 0)
                .generated()
                .label_fmt(|| format!("[Application Data Protocol: {proto}]"));
            // (a record that holds whole HTTP messages shows its plaintext under them)
            if rec.reassembled_in != 0 {
                let ds = sources.len() as u8 + 1;
                sources.push((format!("Decrypted TLS ({} bytes)", d.len()), d.to_vec()));
                let f = rec.reassembled_in;
                let mut seg = Node::new(
                    fid!("tls.segment.data"),
                    Value::Bytes(d.to_vec()),
                    0,
                    d.len(),
                )
                .label_fmt(|| format!("TLS segment data ({} bytes)", d.len()));
                seg.ds = ds;
                r.push(seg);
                r.add(fid!("tls.reassembled_in"), Value::Frame(f), 0, 0)
                    .generated()
                    .label_fmt(|| format!("[Reassembled PDU in frame: {f}]"));
            }
            return;
        }
        _ => {}
    }
    let ds = sources.len() as u8 + 1;
    sources.push((format!("Decrypted TLS ({} bytes)", d.len()), d.to_vec()));
    for c in r.children.iter_mut().skip(first) {
        super::ctx::set_ds(c, ds);
    }
}

/// A version as the record layer names it ("TLS 1.2").
fn version_label(v: u16) -> &'static str {
    match v {
        0x0300 => "SSL 3.0",
        0x0301 => "TLS 1.0",
        0x0302 => "TLS 1.1",
        0x0303 => "TLS 1.2",
        0x0304 => "TLS 1.3",
        _ => "Unknown",
    }
}

/// The handshake messages of a record body (`b`, at `at`), each as a "Handshake Protocol"
/// node with its type and length and, for the hellos, their fields.
fn handshake_msgs(r: &mut Node, b: &[u8], at: usize, tls13: bool) {
    let mut p = 0usize;
    while p + 4 <= b.len() {
        let ht = b[p];
        let hl = u32::from_be_bytes([0, b[p + 1], b[p + 2], b[p + 3]]) as usize;
        let end = (p + 4 + hl).min(b.len());
        let name = handshake_name(ht);
        let mut h = Node::new(fid!("tls.handshake"), Value::None, at + p, end - p)
            .label_fmt(|| format!("Handshake Protocol: {name}"));
        h.add_uint(fid!("tls.handshake.type"), ht as u64, at + p, 1)
            .label_fmt(|| format!("Handshake Type: {name} ({ht})"));
        h.add_uint(fid!("tls.handshake.length"), hl as u64, at + p + 1, 3);
        let m = &b[p + 4..end];
        if ht == 1 || ht == 2 {
            hello(&mut h, m, at + p + 4, ht == 1, tls13);
        } else if ht == 12 && m.first() == Some(&3) {
            h.push(ecdh_server_params(m, at + p + 4));
        } else if ht == 15 && m.len() >= 4 {
            // Certificate Verify: the scheme, then the signature
            h.push(sig_alg_node(be16(m, 0), at + p + 4));
            let sl = be16(m, 2) as usize;
            h.add_uint(
                fid!("tls.handshake.client_cert_vrfy.sig_len"),
                sl as u64,
                at + p + 6,
                2,
            );
            if let Some(sig) = m.get(4..4 + sl) {
                h.add(
                    fid!("tls.handshake.client_cert_vrfy.sig"),
                    Value::Bytes(sig.to_vec()),
                    at + p + 8,
                    sl,
                )
                .label_fmt(|| super::ctx::bytes_label("Signature", sig));
            }
        } else if ht == 8 {
            extensions_tree(&mut h, m, 0, at + p + 4, false);
        } else if ht == 11 && tls13 {
            certificate13(&mut h, m, at + p + 4);
        } else if ht == 4 && tls13 {
            // lifetime, age add, nonce, ticket, then the extensions
            let nonce = m.get(8).map_or(0, |&n| n as usize);
            let q = 9 + nonce;
            let tl = be16(m, q) as usize;
            extensions_tree(&mut h, m, q + 2 + tl, at + p + 4, false);
        }
        r.push(h);
        p += 4 + hl;
    }
}

/// A TLS 1.3 Certificate's entries: each certificate's extensions.
fn certificate13(h: &mut Node, m: &[u8], at: usize) {
    let Some(&ctx) = m.first() else { return };
    let mut q = 1 + ctx as usize + 3;
    while q + 3 <= m.len() {
        let cl = u32::from_be_bytes([0, m[q], m[q + 1], m[q + 2]]) as usize;
        q += 3 + cl;
        if q + 2 > m.len() {
            break;
        }
        let el = be16(m, q) as usize;
        extensions_tree(h, m, q, at, false);
        q += 2 + el;
    }
}

/// A Client or Server Hello's fields.
/// A Server Key Exchange's ECDHE parameters (a named curve) and its signature (TLS 1.2).
fn ecdh_server_params(m: &[u8], at: usize) -> Node {
    let mut n = Node::text("EC Diffie-Hellman Server Params", at, m.len());
    let curve = be16(m, 1);
    n.add(
        fid!("tls.handshake.server_curve_type"),
        Value::Uint(3, 2),
        at,
        1,
    )
    .label("Curve Type: named_curve (0x03)");
    n.add(
        fid!("tls.handshake.server_named_curve"),
        Value::Uint(curve as u64, 4),
        at + 1,
        2,
    )
    .label_fmt(|| format!("Named Curve: {} (0x{curve:04x})", group_name(curve)));
    let pl = m.get(3).copied().unwrap_or(0) as usize;
    n.add_uint(fid!("tls.handshake.server_point_len"), pl as u64, at + 3, 1)
        .label_fmt(|| format!("Pubkey Length: {pl}"));
    let Some(point) = m.get(4..4 + pl) else {
        return n;
    };
    n.add(
        fid!("tls.handshake.server_point"),
        Value::Bytes(point.to_vec()),
        at + 4,
        pl,
    )
    .label_fmt(|| super::ctx::bytes_label("Pubkey", point));
    let q = 4 + pl;
    if q + 4 > m.len() {
        return n;
    }
    n.push(sig_alg_node(be16(m, q), at + q));
    let sl = be16(m, q + 2) as usize;
    n.add_uint(fid!("tls.handshake.sig_len"), sl as u64, at + q + 2, 2)
        .label_fmt(|| format!("Signature Length: {sl}"));
    if let Some(sig) = m.get(q + 4..q + 4 + sl) {
        n.add(
            fid!("tls.handshake.sig"),
            Value::Bytes(sig.to_vec()),
            at + q + 4,
            sl,
        )
        .label_fmt(|| super::ctx::bytes_label("Signature", sig));
    }
    n
}

/// A Client or Server Hello; `tls13`: the session is TLS 1.3 (whose random is no time).
fn hello(h: &mut Node, m: &[u8], at: usize, client: bool, tls13: bool) {
    let v = be16(m, 0);
    if m.len() < 35 {
        return;
    }
    h.add(
        fid!("tls.handshake.version"),
        Value::Uint(v as u64, 4),
        at,
        2,
    )
    .label_fmt(|| format!("Version: {} (0x{v:04x})", version_label(v)));
    let r = h.add(
        fid!("tls.handshake.random"),
        Value::Bytes(m[2..34].to_vec()),
        at + 2,
        32,
    );
    // (its first four bytes were a time before TLS 1.3; tshark still reads them as one)
    if !tls13 {
        let t = u32::from_be_bytes([m[2], m[3], m[4], m[5]]) as i64;
        r.add(
            fid!("tls.handshake.random_time"),
            Value::AbsTime(t * 1_000_000_000),
            at + 2,
            4,
        );
        r.add(
            fid!("tls.handshake.random_bytes"),
            Value::Bytes(m[6..34].to_vec()),
            at + 6,
            28,
        );
    }
    let sid = m[34] as usize;
    h.add_uint(
        fid!("tls.handshake.session_id_length"),
        sid as u64,
        at + 34,
        1,
    );
    let mut q = 35;
    if sid > 0 {
        if let Some(id) = m.get(q..q + sid) {
            h.add(
                fid!("tls.handshake.session_id"),
                Value::Bytes(id.to_vec()),
                at + q,
                sid,
            );
        }
    }
    q += sid;
    if client {
        let n = be16(m, q) as usize;
        h.add_uint(
            fid!("tls.handshake.cipher_suites_length"),
            n as u64,
            at + q,
            2,
        );
        let list = m.get(q + 2..q + 2 + n).unwrap_or_default();
        let mut cs = Node::new(
            fid!("tls.handshake.ciphersuites"),
            Value::None,
            at + q + 2,
            list.len(),
        )
        .label_fmt(|| format!("Cipher Suites ({} suites)", list.len() / 2));
        for (i, c) in list.chunks_exact(2).enumerate() {
            let id = u16::from_be_bytes([c[0], c[1]]);
            cs.add(
                fid!("tls.handshake.ciphersuite"),
                Value::Uint(id as u64, 4),
                at + q + 2 + 2 * i,
                2,
            )
            .label_fmt(|| suite_label(id));
        }
        h.push(cs);
        q += 2 + n;
        let cm = m.get(q).copied().unwrap_or(0) as usize;
        if q < m.len() {
            h.add_uint(
                fid!("tls.handshake.comp_methods_length"),
                cm as u64,
                at + q,
                1,
            );
            let list = m.get(q + 1..q + 1 + cm).unwrap_or_default();
            let s = if list.len() == 1 { "" } else { "s" };
            let mut c = Node::new(
                fid!("tls.handshake.comp_methods"),
                Value::None,
                at + q + 1,
                cm,
            )
            .label_fmt(|| format!("Compression Methods ({} method{s})", list.len()));
            for (i, &x) in list.iter().enumerate() {
                c.push(comp_method(x, at + q + 1 + i));
            }
            h.push(c);
        }
        q += 1 + cm;
    } else {
        let id = be16(m, q);
        h.add(
            fid!("tls.handshake.ciphersuite"),
            Value::Uint(id as u64, 4),
            at + q,
            2,
        )
        .label_fmt(|| suite_label(id));
        if let Some(&c) = m.get(q + 2) {
            h.push(comp_method(c, at + q + 2));
        }
        q += 3;
    }
    extensions_tree(h, m, q, at, client);
    ja3_nodes(h, m, q, client);
}

/// GREASE values (RFC 8701: 0x0a0a, 0x1a1a, … 0xfafa), left out of JA3.
fn grease(v: u16) -> bool {
    v & 0x0f0f == 0x0a0a && v >> 8 == v & 0xff
}

/// JA3 (of a Client Hello) or JA3S (of a Server Hello): the version, the cipher suites, the
/// extensions and, for a client, its groups and point formats, as decimal lists, and that
/// string's MD5 (RustCrypto's `md-5`). `q` is where the extensions block starts in `m`.
fn ja3_nodes(h: &mut Node, m: &[u8], q: usize, client: bool) {
    use md5::Digest;
    let dec = |v: &[u16]| {
        v.iter()
            .filter(|&&x| !grease(x))
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join("-")
    };
    let pairs = |b: &[u8]| -> Vec<u16> {
        b.chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect()
    };
    let sid = m.get(34).copied().unwrap_or(0) as usize;
    let c = 35 + sid;
    let suites = if client {
        let n = be16(m, c) as usize;
        pairs(m.get(c + 2..c + 2 + n).unwrap_or_default())
    } else {
        vec![be16(m, c)]
    };
    let (mut exts, mut groups, mut formats) = (Vec::new(), Vec::new(), Vec::new());
    let end = (q + 2 + be16(m, q) as usize).min(m.len());
    let mut e = q + 2;
    while e + 4 <= end {
        let (t, l) = (be16(m, e), be16(m, e + 2) as usize);
        let d = m.get(e + 4..(e + 4 + l).min(end)).unwrap_or_default();
        exts.push(t);
        match t {
            10 => groups = pairs(d.get(2..).unwrap_or_default()),
            11 => {
                formats = d
                    .get(1..)
                    .unwrap_or_default()
                    .iter()
                    .map(|&x| x as u16)
                    .collect()
            }
            _ => {}
        }
        e += 4 + l;
    }
    let v = be16(m, 0);
    let full = if client {
        format!(
            "{v},{},{},{},{}",
            dec(&suites),
            dec(&exts),
            dec(&groups),
            dec(&formats)
        )
    } else {
        format!("{v},{},{}", dec(&suites), dec(&exts))
    };
    let mut hash = String::with_capacity(32);
    super::tree::hex_into(&md5::Md5::digest(full.as_bytes()), &mut hash);
    let (f_full, f_hash, name) = if client {
        (
            fid!("tls.handshake.ja3_full"),
            fid!("tls.handshake.ja3"),
            "JA3",
        )
    } else {
        (
            fid!("tls.handshake.ja3s_full"),
            fid!("tls.handshake.ja3s"),
            "JA3S",
        )
    };
    h.add(f_full, Value::Str(full.clone()), 0, 0)
        .generated()
        .label_fmt(|| format!("{name} Fullstring: {full}"));
    h.add(f_hash, Value::Str(hash.clone()), 0, 0)
        .generated()
        .label_fmt(|| format!("{name}: {hash}"));
}

/// "Cipher Suite: TLS_AES_128_GCM_SHA256 (0x1301)": the IANA name, from the `tls-parser`
/// crate's table (Wireshark names suites by IANA's names too).
fn suite_label(id: u16) -> String {
    let name = tls_parser::TlsCipherSuite::from_id(id).map_or("Unknown", |c| c.name);
    format!("Cipher Suite: {name} (0x{id:04x})")
}

/// A list of 2-byte values behind a 2-byte length (supported groups, signature
/// algorithms): the length's item (`fields.0`), then a node (`fields.1`) titled by the count
/// with an item per value.
fn u16_list(
    x: &mut Node,
    fields: (FieldId, FieldId),
    (d, at): (&[u8], usize),
    title: impl FnOnce(usize) -> String,
    item: impl Fn(u16, usize) -> Node,
) {
    let n = be16(d, 0) as usize;
    x.add(fields.0, Value::Uint(n as u64, 0), at, 2);
    let list = d.get(2..2 + n).unwrap_or_default();
    let count = list.len() / 2;
    let mut g = Node::new(fields.1, Value::None, at + 2, list.len()).label_fmt(|| title(count));
    for (i, c) in list.chunks_exact(2).enumerate() {
        g.push(item(u16::from_be_bytes([c[0], c[1]]), at + 2 + 2 * i));
    }
    x.push(g);
}

/// The name of a named group (RFC 8446 section 4.2.7, RFC 7919), as Wireshark gives it.
fn group_name(v: u16) -> &'static str {
    match v {
        0x0017 => "secp256r1",
        0x0018 => "secp384r1",
        0x0019 => "secp521r1",
        0x001d => "x25519",
        0x001e => "x448",
        0x0100 => "ffdhe2048",
        0x0101 => "ffdhe3072",
        0x0102 => "ffdhe4096",
        0x0103 => "ffdhe6144",
        0x0104 => "ffdhe8192",
        _ => "Unknown",
    }
}

/// One signature scheme, with the hash and signature halves TLS 1.2 gave its two bytes.
fn sig_alg_node(v: u16, at: usize) -> Node {
    let name = match v {
        0x0401 => "rsa_pkcs1_sha256".to_string(),
        0x0501 => "rsa_pkcs1_sha384".into(),
        0x0601 => "rsa_pkcs1_sha512".into(),
        0x0201 => "rsa_pkcs1_sha1".into(),
        0x0403 => "ecdsa_secp256r1_sha256".into(),
        0x0503 => "ecdsa_secp384r1_sha384".into(),
        0x0603 => "ecdsa_secp521r1_sha512".into(),
        0x0203 => "ecdsa_sha1".into(),
        0x0804 => "rsa_pss_rsae_sha256".into(),
        0x0805 => "rsa_pss_rsae_sha384".into(),
        0x0806 => "rsa_pss_rsae_sha512".into(),
        0x0807 => "ed25519".into(),
        0x0808 => "ed448".into(),
        0x0809 => "rsa_pss_pss_sha256".into(),
        0x080a => "rsa_pss_pss_sha384".into(),
        0x080b => "rsa_pss_pss_sha512".into(),
        _ => format!("{} {}", sig_hash_name(v >> 8), sig_sig_name(v & 0xff)),
    };
    let (h, g) = (v >> 8, v & 0xff);
    let mut n = Node::new(
        fid!("tls.handshake.sig_hash_alg"),
        Value::Uint(v as u64, 4),
        at,
        2,
    )
    .label_fmt(|| format!("Signature Algorithm: {name} (0x{v:04x})"));
    n.add_uint(fid!("tls.handshake.sig_hash_hash"), h as u64, at, 1)
        .label_fmt(|| format!("Signature Hash Algorithm Hash: {} ({h})", sig_hash_name(h)));
    n.add_uint(fid!("tls.handshake.sig_hash_sig"), g as u64, at + 1, 1)
        .label_fmt(|| {
            format!(
                "Signature Hash Algorithm Signature: {} ({g})",
                sig_sig_name(g)
            )
        });
    n
}

fn sig_hash_name(h: u16) -> &'static str {
    match h {
        0 => "None",
        1 => "MD5",
        2 => "SHA1",
        3 => "SHA224",
        4 => "SHA256",
        5 => "SHA384",
        6 => "SHA512",
        _ => "Unknown",
    }
}

fn sig_sig_name(g: u16) -> &'static str {
    match g {
        0 => "Anonymous",
        1 => "RSA",
        2 => "DSA",
        3 => "ECDSA",
        4 => "SM2",
        _ => "Unknown",
    }
}

/// One compression method ("Compression Method: null (0)").
fn comp_method(x: u8, at: usize) -> Node {
    let name = match x {
        0 => "null",
        1 => "DEFLATE",
        64 => "LZS",
        _ => "Unknown",
    };
    Node::new(
        fid!("tls.handshake.comp_method"),
        Value::Uint(x as u64, 0),
        at,
        1,
    )
    .label_fmt(|| format!("Compression Method: {name} ({x})"))
}

/// The extensions block of a hello or of Encrypted Extensions, at `q` in `m`.
fn extensions_tree(h: &mut Node, m: &[u8], q: usize, at: usize, client: bool) {
    if q + 2 > m.len() {
        return;
    }
    let total = be16(m, q) as usize;
    h.add_uint(
        fid!("tls.handshake.extensions_length"),
        total as u64,
        at + q,
        2,
    );
    let end = (q + 2 + total).min(m.len());
    let mut e = q + 2;
    while e + 4 <= end {
        let t = be16(m, e);
        let l = be16(m, e + 2) as usize;
        let d = m.get(e + 4..(e + 4 + l).min(end)).unwrap_or_default();
        let mut x = Node::new(
            fid!("tls.handshake.extension"),
            Value::None,
            at + e,
            4 + d.len(),
        )
        .label_fmt(|| format!("Extension: {} (len={l})", extension_name(t)));
        x.add_uint(fid!("tls.handshake.extension.type"), t as u64, at + e, 2)
            .label_fmt(|| format!("Type: {} ({t})", extension_name(t)));
        x.add_uint(fid!("tls.handshake.extension.len"), l as u64, at + e + 2, 2);
        extension_fields(&mut x, t, d, at + e + 4, client);
        h.push(x);
        e += 4 + l;
    }
}

fn extension_name(t: u16) -> &'static str {
    match t {
        0 => "server_name",
        10 => "supported_groups",
        11 => "ec_point_formats",
        13 => "signature_algorithms",
        16 => "application_layer_protocol_negotiation",
        22 => "encrypt_then_mac",
        23 => "extended_master_secret",
        35 => "session_ticket",
        41 => "pre_shared_key",
        43 => "supported_versions",
        45 => "psk_key_exchange_modes",
        51 => "key_share",
        0xff01 => "renegotiation_info",
        _ => "Unknown type",
    }
}

/// The fields filters ask of an extension: the server name, the ALPN protocols, the
/// supported versions.
fn extension_fields(x: &mut Node, t: u16, d: &[u8], at: usize, client: bool) {
    match t {
        0 => {
            // server_name_list: (type, length, name)…
            let mut q = 2;
            while q + 3 <= d.len() {
                let l = be16(d, q + 1) as usize;
                let Some(name) = d.get(q + 3..q + 3 + l) else {
                    break;
                };
                if d[q] == 0 {
                    let n = String::from_utf8_lossy(name).into_owned();
                    x.add(
                        fid!("tls.handshake.extensions_server_name"),
                        Value::Str(n.clone()),
                        at + q + 3,
                        l,
                    )
                    .label_fmt(|| format!("Server Name: {n}"));
                }
                q += 3 + l;
            }
        }
        16 => {
            let total = be16(d, 0);
            x.add_uint(
                fid!("tls.handshake.extensions_alpn_len"),
                total as u64,
                at,
                2,
            );
            let mut list = Node::new(
                fid!("tls.handshake.extensions_alpn_list"),
                Value::None,
                at + 2,
                d.len().saturating_sub(2),
            );
            let mut q = 2;
            while q < d.len() {
                let l = d[q] as usize;
                let Some(p) = d.get(q + 1..q + 1 + l) else {
                    break;
                };
                let n = String::from_utf8_lossy(p).into_owned();
                list.add_uint(
                    fid!("tls.handshake.extensions_alpn_str_len"),
                    l as u64,
                    at + q,
                    1,
                );
                list.add(
                    fid!("tls.handshake.extensions_alpn_str"),
                    Value::Str(n.clone()),
                    at + q + 1,
                    l,
                )
                .label_fmt(|| format!("ALPN Next Protocol: {n}"));
                q += 1 + l;
            }
            x.push(list);
        }
        10 => u16_list(
            x,
            (
                fid!("tls.handshake.extensions_supported_groups_length"),
                fid!("tls.handshake.extensions_supported_groups"),
            ),
            (d, at),
            |n| format!("Supported Groups ({n} groups)"),
            |v, at| {
                Node::new(
                    fid!("tls.handshake.extensions_supported_group"),
                    Value::Uint(v as u64, 4),
                    at,
                    2,
                )
                .label_fmt(|| format!("Supported Group: {} (0x{v:04x})", group_name(v)))
            },
        ),
        13 => u16_list(
            x,
            (
                fid!("tls.handshake.sig_hash_alg_len"),
                fid!("tls.handshake.sig_hash_algs"),
            ),
            (d, at),
            |n| format!("Signature Hash Algorithms ({n} algorithms)"),
            sig_alg_node,
        ),
        11 => {
            // ec_point_formats: a 1-byte length, then 1-byte formats
            let n = d.first().copied().unwrap_or(0) as usize;
            x.add_uint(
                fid!("tls.handshake.extensions_ec_point_formats_length"),
                n as u64,
                at,
                1,
            );
            let list = d.get(1..1 + n).unwrap_or_default();
            let mut f = Node::new(
                fid!("tls.handshake.extensions_ec_point_formats"),
                Value::None,
                at + 1,
                list.len(),
            )
            .label_fmt(|| format!("Elliptic curves point formats ({})", list.len()));
            for (i, &p) in list.iter().enumerate() {
                let name = match p {
                    0 => "uncompressed",
                    1 => "ansiX962_compressed_prime",
                    2 => "ansiX962_compressed_char2",
                    _ => "Unknown",
                };
                f.add_uint(
                    fid!("tls.handshake.extensions_ec_point_format"),
                    p as u64,
                    at + 1 + i,
                    1,
                )
                .label_fmt(|| format!("EC point format: {name} ({p})"));
            }
            x.push(f);
        }
        43 => {
            let (from, list) = if client {
                (1, d.get(1..).unwrap_or_default())
            } else {
                (0, d)
            };
            for (i, c) in list.chunks_exact(2).enumerate() {
                let v = u16::from_be_bytes([c[0], c[1]]);
                x.add(
                    fid!("tls.handshake.extensions.supported_version"),
                    Value::Uint(v as u64, 4),
                    at + from + 2 * i,
                    2,
                )
                .label_fmt(|| format!("Supported Version: {} (0x{v:04x})", version_label(v)));
            }
        }
        _ => {}
    }
}

fn be16(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |x| u16::from_be_bytes([x[0], x[1]]))
}

/// An SSL 2.0 compatible Client Hello record (`b` starts with its two-byte header).
fn sslv2_hello(b: &[u8], base: usize) -> Node {
    let mut r = Node::new(fid!("tls.record"), Value::None, base, b.len())
        .label("SSLv2 Record Layer: Client Hello");
    r.add(fid!("tls.record.version"), Value::Uint(2, 4), base, 0)
        .generated()
        .label("Version: SSL 2.0 (0x0002)");
    let len = be16(b, 0) & 0x7fff;
    r.add_uint(fid!("tls.record.length"), len as u64, base, 2);
    r.add_uint(fid!("tls.handshake.type"), 1, base + 2, 1)
        .label("Handshake Message Type: Client Hello (1)");
    let v = be16(b, 3);
    r.add(
        fid!("tls.handshake.version"),
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
    r.add_uint(
        fid!("tls.handshake.cipher_spec_len"),
        cl as u64,
        base + 5,
        2,
    );
    r.add_uint(
        fid!("tls.handshake.session_id_length"),
        sl as u64,
        base + 7,
        2,
    );
    r.add_uint(
        fid!("tls.handshake.challenge_length"),
        chl as u64,
        base + 9,
        2,
    );
    let specs = &b[11.min(b.len())..(11 + cl).min(b.len())];
    let mut c = Node::new(
        fid!("tls.handshake.ciphersuites"),
        Value::None,
        base + 11,
        specs.len(),
    )
    .label_fmt(|| format!("Cipher Specs ({} specs)", specs.len() / 3));
    for (i, s) in specs.chunks_exact(3).enumerate() {
        let v = (s[0] as u32) << 16 | (s[1] as u32) << 8 | s[2] as u32;
        c.add(
            fid!("tls.handshake.cipherspec"),
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
            fid!("tls.handshake.session_id"),
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
            fid!("tls.handshake.challenge"),
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
    for (_, h, body) in tls_records(bytes) {
        match h.content_type() {
            22 => hs.extend_from_slice(body),
            20 => break,
            _ => {}
        }
    }
    message_layers(&hs, false, out);
}

/// The certificate layers of whole handshake messages (`hs`, in the clear or decrypted;
/// `tls13`: TLS 1.3's Certificate framing).
pub fn message_layers(hs: &[u8], tls13: bool, out: &mut Vec<&'static str>) {
    let mut p = 0usize;
    while p + 4 <= hs.len() {
        let t = hs[p];
        let l = u32::from_be_bytes([0, hs[p + 1], hs[p + 2], hs[p + 3]]) as usize;
        let Some(body) = hs.get(p + 4..p + 4 + l) else {
            break;
        };
        if t == 11 && body.len() >= 3 {
            // TLS 1.3 opens with a request context, and each certificate has extensions
            let mut q = if tls13 { 1 + body[0] as usize + 3 } else { 3 };
            while q + 3 <= body.len() {
                let cl = u32::from_be_bytes([0, body[q], body[q + 1], body[q + 2]]) as usize;
                let Some(cert) = body.get(q + 3..q + 3 + cl) else {
                    break;
                };
                certificate_layers(cert, out);
                q += 3 + cl;
                if tls13 {
                    let el = body
                        .get(q..q + 2)
                        .map_or(0, |x| u16::from_be_bytes([x[0], x[1]]) as usize);
                    q += 2 + el;
                }
            }
        }
        if t == 13 && !tls13 {
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

/// The HTTP messages over TLS that end in this frame, each dissected over its decrypted
/// bytes (reassembled when they span records). Returns their Info, or None when there are
/// none.
pub fn http_layers(cx: &mut Ctx, frame: u32) -> Option<String> {
    let store = &cx.an?.reasm.tls().store;
    let pdus = store.pdus_at(frame);
    if pdus.is_empty() {
        return None;
    }
    let mut info = String::new();
    // HTTP/2: a layer per frame; the protocol is counted once per record
    let mut h2_rec: Option<u32> = None;
    for p in pdus {
        let Some(bytes) = store.app_bytes(p.stream, p.dir, p.start, p.len) else {
            continue;
        };
        let bytes: &[u8] = &bytes;
        if let Some(u) = &p.h2 {
            // (a frame that spans records is dissected as a PDU of its own)
            let own = p.segs.len() > 1;
            if own || h2_rec != Some(p.rec) {
                cx.proto("http2");
                h2_rec = Some(if own { u32::MAX } else { p.rec });
            }
            let ds = reassembled_source(cx, p, bytes);
            let ex = u.head.and_then(|h| store.h2.get(p.stream, h.stream));
            let mut l = super::http2::layer();
            let at = super::http2::Place { ds, base: 0, ex };
            super::http2::unit_into(cx, &mut l, u, bytes, &at);
            cx.roots.push(l);
            if !info.is_empty() {
                info.push_str(", ");
            }
            info.push_str(&u.info);
            continue;
        }
        let ds = reassembled_source(cx, p, bytes);
        let bytes = bytes.to_vec();
        if p.continuation {
            let mut h = super::http::continuation_layer(cx, &bytes, 0);
            super::ctx::set_ds(&mut h, ds);
            cx.roots.push(h);
            info.push_str("Continuation");
        } else {
            info.push_str(&super::http::dissect(cx, &bytes, Some(ds), 0, false));
        }
    }
    Some(info)
}

/// The data source of a unit's bytes ("Reassembled TLS" with its segments when it spans
/// records, else "Decrypted TLS"); returns its number.
fn reassembled_source(cx: &mut Ctx, p: &crate::analysis::tls_store::AppPdu, bytes: &[u8]) -> u8 {
    let total = bytes.len();
    let ds = cx.sources.len() as u8 + 1;
    if p.segs.len() > 1 {
        let mut seg = super::ctx::pieces_node(
            fid!("tls.segments"),
            fid!("tls.segment"),
            "Reassembled TLS segments",
            &p.segs,
            total,
        );
        seg.add_uint(fid!("tls.segment.count"), p.segs.len() as u64, 0, 0)
            .label_fmt(|| format!("[Segment count: {}]", p.segs.len()));
        seg.add_uint(fid!("tls.reassembled.length"), total as u64, 0, 0)
            .label_fmt(|| format!("[Reassembled PDU length: {total}]"));
        seg.add(fid!("tls.reassembled.data"), Value::Slice, 0, total)
            .label_fmt(|| {
                format!(
                    "[{}]",
                    super::ctx::bytes_label("Reassembled PDU data", bytes)
                )
            });
        super::ctx::set_ds(&mut seg, ds);
        cx.roots.push(seg);
        cx.sources
            .push((format!("Reassembled TLS ({total} bytes)"), bytes.to_vec()));
    } else {
        cx.sources
            .push((format!("Decrypted TLS ({total} bytes)"), bytes.to_vec()));
    }
    ds
}

/// Whether a frame's records are all application data the key log opened that belongs to
/// an HTTP message ending in a later frame (its Info then says so, as tshark's does).
pub fn only_segments(an: &crate::analysis::Analysis, frame: u32, items: &[String]) -> bool {
    let store = &an.reasm.tls().store;
    let a = store.records.partition_point(|r| r.frame < frame);
    let mut recs = store.records[a..]
        .iter()
        .take_while(|r| r.frame == frame)
        .peekable();
    recs.peek().is_some()
        && items.iter().all(|i| i == "Application Data")
        && recs.all(|r| r.content_type == 23 && r.reassembled_in != 0)
}

// whole TLS records cut by the TCP reassembly
inventory::submit! {
    super::table::PduProtocol { rank: 40, takes: takes_pdu, dissect: pdu, columns }
}

fn takes_pdu(k: PduKind) -> bool {
    k == PduKind::Tls
}

/// TLS's part of a segment's columns: its records' Info items, the version the first record
/// names, and whether that record is SSL 2.0.
#[derive(Default)]
struct Shown {
    info: Vec<String>,
    version: Option<u16>,
    sslv2: bool,
}

fn pdu(cx: &mut Ctx, p: &PduAt, cols: &mut PduColumns) {
    let bytes = p.bytes;
    let place = At {
        start: p.start,
        pdu: p.no,
        stream: p.seg.tf.map(|t| t.stream),
    };
    dissect(cx, bytes, p.ds_base, place);
    let shown = cols.part::<Shown>();
    if sslv2_hello_len(bytes).is_some() {
        // an SSL 2.0 record names its own version in the column
        shown.sslv2 = shown.version.is_none();
    }
    if shown.version.is_none() && bytes.len() >= 3 {
        shown.version = Some(u16::from_be_bytes([bytes[1], bytes[2]]));
    }
    // a fragment is named only while nothing else is in the column
    for item in p
        .pdu
        .info()
        .unwrap_or("")
        .split(", ")
        .filter(|x| !x.is_empty())
    {
        if !item.ends_with("Fragment]") || shown.info.is_empty() {
            shown.info.push(item.to_string());
        }
    }
}

/// The columns: `SSLv2`, else HTTP inside the records the key log opened, else the
/// connection's TLS version and the records' Info.
fn columns(cx: &mut Ctx, seg: &PduSegment, cols: &mut PduColumns) -> bool {
    let Some(shown) = cols.get::<Shown>() else {
        return false;
    };
    let (protocol, info) = if shown.sslv2 {
        ("SSLv2".to_string(), shown.info.join(", "))
    } else if !shown.info.is_empty() || shown.version.is_some() {
        if let Some(i) = http_layers(cx, seg.frame) {
            let h2 = cx.protos.contains(&"http2");
            let protocol = if h2 {
                "HTTP2"
            } else {
                super::http::protocol_column(cx)
            };
            (protocol.to_string(), i)
        } else {
            let info = if only_segments(seg.an, seg.frame, &shown.info) {
                // application data the key log opened, part of a message that ends later
                "[TLS segment of a reassembled PDU]".to_string()
            } else {
                shown.info.join(", ")
            };
            let v = seg
                .tf
                .and_then(|t| seg.an.reasm.tls().version.get(&t.stream).copied())
                .or(shown.version)
                .unwrap_or(0x0303);
            (version_name(v).to_string(), info)
        }
    } else {
        return false;
    };
    cx.cols.protocol = protocol;
    cx.cols.info = format!("{}{info}", seg.prefix);
    true
}
