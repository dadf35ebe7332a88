//! HTTP/1.x messages: request/status line, headers, body (de-chunked and decompressed, with
//! a size cap), media (line-based text in its charset, or file data), and the pairing links.

use super::content::{dechunk, decompress, media};
use super::ctx::Ctx;
use super::table::{PduAt, PduColumns, PduSegment};
use super::tree::{Build, Node, Severity, Value, HIDDEN};
use crate::analysis::http::{header_end, trim_cr};
use crate::analysis::reassembly::PduKind;
use crate::dissect::fields::FieldId;

fn header_abbrev(name: &str, request: bool) -> FieldId {
    match name.to_ascii_lowercase().as_str() {
        "host" => fid!("http.host"),
        "user-agent" => fid!("http.user_agent"),
        "accept" => fid!("http.accept"),
        "accept-encoding" => fid!("http.accept_encoding"),
        "accept-language" => fid!("http.accept_language"),
        "content-type" => fid!("http.content_type"),
        "content-length" => fid!("http.content_length_header"),
        "content-encoding" => fid!("http.content_encoding"),
        "transfer-encoding" => fid!("http.transfer_encoding"),
        "connection" => fid!("http.connection"),
        "server" => fid!("http.server"),
        "date" => fid!("http.date"),
        "location" => fid!("http.location"),
        "last-modified" => fid!("http.last_modified"),
        "cache-control" => fid!("http.cache_control"),
        "referer" => fid!("http.referer"),
        "cookie" => fid!("http.cookie"),
        "set-cookie" => fid!("http.set_cookie"),
        "authorization" => fid!("http.authorization"),
        "upgrade" => fid!("http.upgrade"),
        "x-forwarded-for" => fid!("http.x_forwarded_for"),
        _ => {
            if request {
                fid!("http.request.line")
            } else {
                fid!("http.response.line")
            }
        }
    }
}

pub use crate::analysis::http::status_desc;

/// A request URI's path, query and query parameters beneath it, as Wireshark splits them
/// (their labels are the registry's "Name: value").
fn uri_parts(un: &mut Node, u: &str, pos: usize) {
    let Some((path, query)) = u.split_once('?') else {
        return;
    };
    un.add(
        fid!("http.request.uri.path"),
        Value::Str(path.into()),
        pos,
        path.len(),
    );
    let qpos = pos + path.len() + 1;
    let q = un.add(
        fid!("http.request.uri.query"),
        Value::Str(query.into()),
        qpos,
        query.len(),
    );
    let mut at = qpos;
    for p in query.split('&') {
        if !p.is_empty() {
            q.add(
                fid!("http.request.uri.query.parameter"),
                Value::Str(p.into()),
                at,
                p.len(),
            );
        }
        at += p.len() + 1;
    }
}

/// The pairing links Wireshark shows on a message (of the exchange its frame last touched):
/// its number of all in the conversation, the previous and next request (and response), the
/// other half of the exchange, the time since the request, and a response's request URI.
fn http_links(
    h: &mut Node,
    an: &crate::analysis::Analysis,
    frame: u32,
    request: bool,
    base: usize,
) {
    let r = &an.reasm;
    let Some(m) = r.http().msg_at(frame) else {
        return;
    };
    let total = r.http().exchanges(m.stream);
    let link = |h: &mut Node, abbrev: FieldId, what: &'static str, f: u32| {
        if f != 0 {
            h.add(abbrev, Value::Frame(f), base, 0)
                .label_fmt(|| format!("{what} in frame: {f}"))
                .generated();
        }
    };
    let (prev_req, next_req) = (r.http().req_frame_of(m.prev), r.http().req_frame_of(m.next));
    if request {
        let n = m.number;
        h.add_uint(fid!("http.request_number"), n as u64, base, 0)
            .label_fmt(|| format!("HTTP request {n}/{total}"))
            .generated();
        link(h, fid!("http.prev_request_in"), "Prev request", prev_req);
        link(h, fid!("http.response_in"), "Response", m.res_frame);
        link(h, fid!("http.next_request_in"), "Next request", next_req);
        return;
    }
    let n = m.number;
    h.add_uint(fid!("http.response_number"), n as u64, base, 0)
        .label_fmt(|| format!("HTTP response {n}/{total}"))
        .generated();
    if m.req_frame != 0 {
        // (the frames' times: the message table keeps none of its own)
        let ts = |f: u32| an.record(f).map_or(0, |r| r.ts_ns);
        let dt = ts(m.res_frame) - ts(m.req_frame);
        h.add(fid!("http.time"), Value::RelTime(dt), base, 0)
            .label_fmt(|| format!("Time since request: {} seconds", super::tree::secs(dt)))
            .generated();
    }
    link(h, fid!("http.prev_request_in"), "Prev request", prev_req);
    link(
        h,
        fid!("http.prev_response_in"),
        "Prev response",
        r.http().res_frame_of(m.prev),
    );
    link(h, fid!("http.request_in"), "Request", m.req_frame);
    link(h, fid!("http.next_request_in"), "Next request", next_req);
    link(
        h,
        fid!("http.next_response_in"),
        "Next response",
        r.http().res_frame_of(m.next),
    );
    if let Some(u) = r.http().response_for(m) {
        h.add(
            fid!("http.response_for.uri"),
            Value::Str(u.to_string()),
            base,
            0,
        )
        .label_fmt(|| format!("Request URI: {u}"))
        .generated();
    }
}

// SSDP's first pass, registered with the analysis: its datagrams are HTTP messages.
inventory::submit! {
    crate::analysis::register::UdpProtocol {
        name: "ssdp",
        watches: is_ssdp,
        role: crate::analysis::register::UdpRole::Http,
    }
}

/// SSDP: an HTTP message in a datagram to or from port 1900.
pub fn is_ssdp(sport: u16, dport: u16, payload: &[u8]) -> bool {
    (sport == 1900 || dport == 1900)
        && !payload.is_empty()
        && crate::analysis::http::starts_message(payload).is_some()
}

// SSDP: HTTP over UDP on port 1900, read by the HTTP dissector under the name "ssdp".
inventory::submit! {
    super::table::UdpClaim {
        rank: 80,
        carries: super::table::Carries::Nothing,
        claim: super::table::Claim::Heuristic(is_ssdp),
        dissect: ssdp,
    }
}

fn ssdp(cx: &mut Ctx, start: usize, end: usize) {
    let body = cx.bytes[start..end].to_vec();
    let info = dissect(cx, &body, None, start, false);
    if let Some(last) = cx.protos.iter_mut().rev().find(|x| **x == "http") {
        *last = "ssdp";
    }
    if let Some(root) = cx.roots.iter_mut().rev().find(|n| n.field == fid!("http")) {
        root.field = fid!("ssdp");
        root.label = Some("Simple Service Discovery Protocol".into());
    }
    cx.cols.protocol = "SSDP".into();
    cx.cols.info = info;
}

/// Dissects one HTTP message. `ds` is the data source of `bytes` when reassembled (None when
/// they lie in the frame at `start`). Returns the Info text for this message.
pub fn dissect(
    cx: &mut Ctx,
    bytes: &[u8],
    ds: Option<u8>,
    start: usize,
    truncated: bool,
) -> String {
    // several messages in one segment are one call of Wireshark's HTTP dissector
    if !(ds.is_none() && cx.protos.last() == Some(&"http")) {
        cx.proto("http");
    }
    let base = if ds.is_some() { 0 } else { start };
    let total = bytes.len();
    let mut h =
        Node::new(fid!("http"), Value::None, base, total).label("Hypertext Transfer Protocol");
    let hl = header_end(bytes).unwrap_or(total);
    let mut lines = Vec::new();
    let mut p = 0usize;
    while p < hl {
        let e = bytes[p..hl]
            .iter()
            .position(|&c| c == b'\n')
            .map(|i| p + i + 1)
            .unwrap_or(hl);
        lines.push((p, e));
        p = e;
    }
    // each header line is an item and a hidden line item; the request line, the links and
    // the body add a dozen more
    h.children.reserve(lines.len() * 2 + 12);
    let first = lines
        .first()
        .map(|&(s, e)| trim_cr(bytes[s..e].strip_suffix(b"\n").unwrap_or(&bytes[s..e])).to_vec())
        .unwrap_or_default();
    let first_s = String::from_utf8_lossy(&first).into_owned();
    let request = !first.starts_with(b"HTTP/");
    let mut info = joined(&first_s, " ");
    let mut seen = Seen::default();
    if let Some(&(s, e)) = lines.first() {
        let fl = first_line(cx.lean, &mut h, &first_s, request, base + s, e - s);
        seen.method_uri = fl;
    }
    for &(s, e) in lines.iter().skip(1) {
        let raw = &bytes[s..e];
        let line = trim_cr(raw.strip_suffix(b"\n").unwrap_or(raw));
        header_line(cx.lean, &mut h, line, request, base + s, e - s, &mut seen);
    }
    if request {
        if let (Some(hst), Some((method, uri))) = (&seen.host, &seen.method_uri) {
            let tls = cx.protos.contains(&"tls");
            let full = crate::analysis::http::full_uri(method, uri, hst, tls);
            h.add(
                fid!("http.request.full_uri"),
                Value::Str(full.clone()),
                base,
                0,
            )
            .label_fmt(|| format!("Full request URI: {full}"))
            .generated();
        }
    }
    if let Some(an) = cx.an {
        http_links(&mut h, an, cx.frame, request, base);
    }
    // a message the snapshot length cut: its body is not read (Wireshark stops there too)
    let body = if truncated {
        &bytes[0..0]
    } else {
        &bytes[hl.min(total)..]
    };
    let (media_info, mut after) = if body.is_empty() {
        (None, Vec::new())
    } else {
        entity_body(cx, &mut h, body, base + hl, &seen)
    };
    if let Some(d) = ds {
        super::ctx::set_ds(&mut h, d);
        for n in &mut after {
            super::ctx::set_ds(n, d);
        }
    }
    cx.roots.push(h);
    cx.roots.extend(after);
    if let Some(mi) = media_info {
        info.push_str(&mi);
    }
    info
}

/// What the headers say that the body's handling and the full URI need.
#[derive(Default)]
struct Seen {
    /// A request's method and URI.
    method_uri: Option<(String, String)>,
    host: Option<String>,
    ctype: Option<String>,
    /// Content-Encoding, lower case.
    cenc: Option<String>,
    chunked: bool,
}

/// The request or status line at `at` (`len` bytes with its line end) and its fields;
/// returns a request's method and URI.
fn first_line(
    lean: bool,
    h: &mut Node,
    first_s: &str,
    request: bool,
    at: usize,
    len: usize,
) -> Option<(String, String)> {
    let mut fl = Node::new(FieldId::TEXT, Value::None, at, len)
        .label_fmt(|| format!("{}\\r\\n", super::tree::show_text(first_s)));
    // Wireshark notes every request and response line as a "chat" expert item
    fl.push(super::tree::expert_info(
        fid!("http.chat"),
        super::tree::Severity::Chat,
        super::tree::Group::Sequence,
        &joined(first_s, "\\r\\n"),
        at,
    ));
    let parts: Vec<&str> = first_s.splitn(3, ' ').collect();
    let part = |i: usize| parts.get(i).copied().unwrap_or("");
    let mut pos = at;
    let mut method_uri = None;
    if request {
        let (m, u, v) = (part(0), part(1), part(2));
        method_uri = Some((m.to_string(), u.to_string()));
        fl.add(
            fid!("http.request.method"),
            Value::Str(m.into()),
            pos,
            m.len(),
        )
        .label_fmt(|| format!("Request Method: {m}"));
        pos += m.len() + 1;
        let un = fl
            .add(fid!("http.request.uri"), Value::Str(u.into()), pos, u.len())
            .label_fmt(|| format!("Request URI: {u}"));
        if !lean {
            uri_parts(un, u, pos);
            pos += u.len() + 1;
            fl.add(
                fid!("http.request.version"),
                Value::Str(v.into()),
                pos,
                v.len(),
            )
            .label_fmt(|| format!("Request Version: {v}"));
            h.add(fid!("http.request"), Value::Bool(true), at, 0).flags |= HIDDEN;
        }
    } else {
        let (v, c, ph) = (part(0), part(1), part(2));
        if !lean {
            fl.add(
                fid!("http.response.version"),
                Value::Str(v.into()),
                pos,
                v.len(),
            )
            .label_fmt(|| format!("Response Version: {v}"));
        }
        pos += v.len() + 1;
        let code: u16 = c.parse().unwrap_or(0);
        fl.add_uint(fid!("http.response.code"), code as u64, pos, c.len())
            .label_fmt(|| format!("Status Code: {code}"));
        if !lean {
            fl.add(
                fid!("http.response.code.desc"),
                Value::Str(status_desc(code).into()),
                pos,
                c.len(),
            )
            .label_fmt(|| format!("[Status Code Description: {}]", status_desc(code)));
            pos += c.len() + 1;
            fl.add(
                fid!("http.response.phrase"),
                Value::Str(ph.into()),
                pos,
                ph.len(),
            )
            .label_fmt(|| format!("Response Phrase: {ph}"));
            h.add(fid!("http.response"), Value::Bool(true), at, 0).flags |= HIDDEN;
        }
    }
    if crate::dissect::tree::labels_on() {
        fl.label = Some(format!("{}\\r\\n", super::tree::show_text(first_s)));
    }
    h.push(fl);
    method_uri
}

/// One header line at `at` (`len` bytes with its line end; `line` without it).
fn header_line(
    lean: bool,
    h: &mut Node,
    line: &[u8],
    request: bool,
    at: usize,
    len: usize,
    seen: &mut Seen,
) {
    if line.is_empty() {
        if !lean {
            h.push(Node::text("\\r\\n", at, len));
        }
        return;
    }
    let text = String::from_utf8_lossy(line);
    let Some(colon) = text.find(':') else {
        if !lean {
            h.push(Node::text(
                joined(&super::tree::show_text(&text), "\\r\\n"),
                at,
                len,
            ));
        }
        return;
    };
    let value = text[colon + 1..].trim();
    let ab = header_abbrev(&text[..colon], request);
    match ab.abbrev() {
        "http.host" => seen.host = Some(value.to_string()),
        "http.content_type" => seen.ctype = Some(value.to_string()),
        "http.content_encoding" => seen.cenc = Some(value.to_ascii_lowercase()),
        "http.transfer_encoding" => seen.chunked |= value.to_ascii_lowercase().contains("chunked"),
        _ => {}
    }
    if lean {
        // only the headers the HTTP tap reads become items
        if matches!(ab.abbrev(), "http.host" | "http.referer" | "http.location") {
            h.add(ab, Value::Str(value.to_string()), at, len);
        }
        return;
    }
    let vnode = if ab.abbrev().ends_with(".line") {
        Value::Str(joined(&text, "\r\n"))
    } else {
        Value::Str(value.to_string())
    };
    let mut n = Node::new(ab, vnode, at, len)
        .label_fmt(|| format!("{}\\r\\n", super::tree::show_text(&text)));
    if ab == fid!("http.cookie") {
        // each name=value pair of a request's Cookie header
        for pair in value.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            n.add(
                fid!("http.cookie_pair"),
                Value::Str(pair.to_string()),
                at,
                len,
            );
        }
    }
    // what another protocol reads from the value (HTTP/2 from HTTP2-Settings)
    n.children
        .extend(super::table::http_header_items(&text[..colon], value, at));
    if ab == fid!("http.content_length_header") {
        if let Ok(v) = value.parse::<u64>() {
            n.add_uint(fid!("http.content_length"), v, at, len)
                .label_fmt(|| format!("[Content length: {v}]"))
                .generated();
        }
    }
    h.push(n);
    if !ab.abbrev().ends_with(".line") {
        let la = if request {
            fid!("http.request.line")
        } else {
            fid!("http.response.line")
        };
        h.add(la, Value::Str(joined(&text, "\r\n")), at, len).flags |= HIDDEN;
    }
}

/// A message's body at `at`: de-chunked and decompressed as its headers say, then handed to
/// its media type. Returns the media's Info text and the layers that follow HTTP's.
fn entity_body(
    cx: &mut Ctx,
    h: &mut Node,
    body: &[u8],
    at: usize,
    seen: &Seen,
) -> (Option<String>, Vec<Node>) {
    let mut entity: Vec<u8> = body.to_vec();
    if seen.chunked {
        let (dechunked, node) = dechunk(body, at);
        h.push(node);
        entity = dechunked;
        cx.sources
            .push(("De-chunked entity body".into(), entity.clone()));
    }
    if let Some(enc) = seen.cenc.as_deref() {
        match decompress(enc, &entity) {
            Ok(out) => {
                h.push(Node::text(
                    format!(
                        "Content-encoded entity body ({enc}): {} bytes -> {} bytes",
                        entity.len(),
                        out.len()
                    ),
                    at,
                    body.len(),
                ));
                cx.sources
                    .push(("Uncompressed entity body".into(), out.clone()));
                entity = out;
            }
            Err(e) => {
                h.push(
                    Node::text(
                        format!(
                            "Content-encoded entity body ({enc}): {} bytes [Error: Decompression failed: {e}]",
                            entity.len()
                        ),
                        at,
                        body.len(),
                    )
                    .expert(super::tree::Severity::Warn, "Decompression failed"),
                );
            }
        }
    }
    let fd_len = entity.len();
    if fd_len == 0 {
        return (None, Vec::new());
    }
    // (the bytes move into the item once the media layer has read them)
    let fd = h.children.len();
    h.add(fid!("http.file_data"), Value::None, at, body.len())
        .label_fmt(|| format!("File Data: {fd_len} bytes"));
    let before = h.children.len();
    let ctype = seen.ctype.as_deref();
    let media_info = media(cx, h, ctype, &entity, at, body.len());
    if let Some(n) = h.children.get_mut(fd) {
        n.value = Value::Bytes(std::mem::take(&mut entity));
    }
    // the body's own protocol follows HTTP at the top of the tree, as in tshark's (a body
    // without a Content-Type is data inside HTTP's item)
    let untyped = ctype.is_none_or(|c| c.trim().is_empty());
    let after = if h
        .children
        .get(before)
        .is_some_and(|n| !(untyped && n.field == fid!("data")))
    {
        h.children.drain(before..).collect()
    } else {
        Vec::new()
    };
    (media_info, after)
}

/// `a` followed by `b` in a string allocated once at its final size (what `format!` does
/// with two growths; this runs for every header line of every HTTP message).
fn joined(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len());
    s.push_str(a);
    s.push_str(b);
    s
}

#[cfg(test)]
mod tests {
    // the content helpers (content.rs) as HTTP/1.1 bodies use them
    use crate::dissect::content::{decode_text, gif_unknown_blocks, MAX_DECOMPRESSED};

    #[test]
    fn gif_blocks_walked_as_wireshark_walks_them() {
        // header, screen descriptor without a color table, two unknown bytes, an extension
        // with one data block, an image with none, the trailer
        let mut g = b"GIF89a".to_vec();
        g.extend_from_slice(&[1, 0, 1, 0, 0, 0, 0]);
        g.extend_from_slice(&[0x55, 0x66]);
        g.extend_from_slice(&[0x21, 0xf9, 2, 9, 9, 0]);
        g.extend_from_slice(&[0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 0]);
        g.push(0x3b);
        g.push(0x77); // after the trailer: not looked at
        assert_eq!(gif_unknown_blocks(&g), 2);
        // data blocks that run past the end stop the walk
        let mut cut = b"GIF89a".to_vec();
        cut.extend_from_slice(&[1, 0, 1, 0, 0, 0, 0, 0x21, 1, 200, 1]);
        assert_eq!(gif_unknown_blocks(&cut), 0);
        assert_eq!(gif_unknown_blocks(b"GIF"), 0);
    }

    use super::*;
    use std::io::Write;

    #[test]
    fn gzip_and_caps() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"hello hello hello").unwrap();
        let z = gz.finish().unwrap();
        assert_eq!(decompress("gzip", &z).unwrap(), b"hello hello hello");
        assert!(decompress("gzip", b"not gzip").is_err());
        // a bomb stops at the cap
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..80 {
            gz.write_all(&zeros).unwrap();
        }
        let z = gz.finish().unwrap();
        assert_eq!(
            decompress("gzip", &z).unwrap().len() as u64,
            MAX_DECOMPRESSED
        );
    }

    #[test]
    fn dechunks() {
        let (b, _) = dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", 0);
        assert_eq!(b, b"abcde");
    }

    #[test]
    fn gb2312() {
        let (bytes, _, _) = encoding_rs::GBK.encode("你好");
        assert_eq!(decode_text(&bytes, Some("gb2312")), "你好");
    }
}

// HTTP messages cut by the TCP reassembly, and the bytes on an HTTP connection that start
// no message; HTTP sets the columns after every other protocol of the segment declined
inventory::submit! {
    super::table::PduProtocol { rank: 50, takes: takes_pdu, dissect: pdu, columns }
}

fn takes_pdu(k: PduKind) -> bool {
    matches!(k, PduKind::Http | PduKind::Continuation)
}

/// HTTP's part of a segment's columns: the Info of each message (or continuation) shown.
#[derive(Default)]
pub struct Shown {
    pub info: Vec<String>,
}

fn pdu(cx: &mut Ctx, p: &PduAt, cols: &mut PduColumns) {
    match p.pdu.kind {
        PduKind::Continuation
            if p.seg
                .tf
                .is_none_or(|t| !p.seg.an.reasm.http().continuation_is_http(t.stream)) =>
        {
            // no request with a URI on this stream: HTTP takes the bytes but shows
            // nothing of them (no layer above TCP, TCP's Info)
            cols.took = true;
        }
        PduKind::Continuation => continuation(cx, p, cols),
        _ => message(cx, p, cols),
    }
}

/// One HTTP message, and its Info.
fn message(cx: &mut Ctx, p: &PduAt, cols: &mut PduColumns) {
    let (pdu, start, seg) = (p.pdu, p.start, p.seg);
    // cut by the snapshot length: it ends where the captured payload ends
    let cut = cx.snapped()
        && !pdu.is_reassembled()
        && pdu.first.off as usize + pdu.len as usize >= seg.cap
        && (seg.cap as u32) < seg.len;
    let mut i = dissect(cx, p.bytes, p.ds_base, start, cut);
    if cut {
        if !p.bytes.contains(&b'\n') {
            // not even the first line whole: tshark's Info calls it a continuation
            // (though it pairs the request)
            i = "Continuation".into();
        }
        i.push_str("[Packet size limited during capture]");
        cx.roots.push(
            Node::text(
                "[Packet size limited during capture: HTTP truncated]",
                start,
                0,
            )
            .expert(Severity::Warn, "Packet size limited during capture"),
        );
    }
    cols.part::<Shown>().info.push(i);
}

/// Bytes on an HTTP connection that start no message, and their Info.
fn continuation(cx: &mut Ctx, p: &PduAt, cols: &mut PduColumns) {
    let h = continuation_layer(cx, p.bytes, p.start);
    cx.roots.push(h);
    cols.part::<Shown>().info.push("Continuation".into());
}

/// HTTP's layer over bytes that start no message (`b`, at `start` of their source): it
/// holds them as data, after a "File Data" item when a line ends in them (Wireshark reads
/// the lines it finds as the start of a body, and hands what has none to the data
/// dissector).
pub fn continuation_layer(cx: &mut Ctx, b: &[u8], start: usize) -> Node {
    cx.proto("http");
    let mut h =
        Node::new(fid!("http"), Value::None, start, b.len()).label("Hypertext Transfer Protocol");
    if b.contains(&b'\n') {
        h.add(
            fid!("http.file_data"),
            Value::Bytes(b.to_vec()),
            start,
            b.len(),
        )
        .label_fmt(|| format!("File Data: {} bytes", b.len()));
    }
    cx.proto("data");
    h.push(super::content::data_node(b, start, b.len()));
    h
}

/// The Protocol column of a frame whose messages HTTP showed: `HTTP`, with the name the
/// body's JSON or XML layer appends to it (`HTTP/JSON`, `HTTP/XML`).
pub fn protocol_column(cx: &Ctx) -> &'static str {
    if cx.protos.contains(&"json") {
        "HTTP/JSON"
    } else if cx.protos.contains(&"xml") {
        "HTTP/XML"
    } else {
        "HTTP"
    }
}

/// The columns when HTTP showed a message: [`protocol_column`] and the messages' Info.
fn columns(cx: &mut Ctx, seg: &PduSegment, cols: &mut PduColumns) -> bool {
    let Some(shown) = cols.get::<Shown>() else {
        return false;
    };
    cx.cols.protocol = protocol_column(cx).into();
    cx.cols.info = format!("{}{}", seg.prefix, shown.info.concat());
    true
}
