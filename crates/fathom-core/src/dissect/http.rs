//! HTTP/1.x messages: request/status line, headers, body (de-chunked and decompressed, with
//! a size cap), media (line-based text in its charset, or file data), and the pairing links.

use super::tree::HIDDEN;
use super::{Build, Ctx, Node, Value};
use crate::analysis::http::{header_end, trim_cr};
use std::io::Read;

/// The most bytes a body may decompress to.
pub const MAX_DECOMPRESSED: u64 = 64 << 20;

fn header_abbrev(name: &str, request: bool) -> &'static str {
    match name.to_ascii_lowercase().as_str() {
        "host" => "http.host",
        "user-agent" => "http.user_agent",
        "accept" => "http.accept",
        "accept-encoding" => "http.accept_encoding",
        "accept-language" => "http.accept_language",
        "content-type" => "http.content_type",
        "content-length" => "http.content_length_header",
        "content-encoding" => "http.content_encoding",
        "transfer-encoding" => "http.transfer_encoding",
        "connection" => "http.connection",
        "server" => "http.server",
        "date" => "http.date",
        "location" => "http.location",
        "last-modified" => "http.last_modified",
        "cache-control" => "http.cache_control",
        "referer" => "http.referer",
        "cookie" => "http.cookie",
        "set-cookie" => "http.set_cookie",
        "authorization" => "http.authorization",
        "upgrade" => "http.upgrade",
        "x-forwarded-for" => "http.x_forwarded_for",
        _ => {
            if request {
                "http.request.line"
            } else {
                "http.response.line"
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
        "http.request.uri.path",
        Value::Str(path.into()),
        pos,
        path.len(),
    );
    let qpos = pos + path.len() + 1;
    let q = un.add(
        "http.request.uri.query",
        Value::Str(query.into()),
        qpos,
        query.len(),
    );
    let mut at = qpos;
    for p in query.split('&') {
        if !p.is_empty() {
            q.add(
                "http.request.uri.query.parameter",
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
    let Some(m) = r.msg_at(frame) else {
        return;
    };
    let total = r.exchanges(m.stream);
    let link = |h: &mut Node, abbrev: &'static str, what: &'static str, f: u32| {
        if f != 0 {
            h.add(abbrev, Value::Frame(f), base, 0)
                .label_fmt(|| format!("{what} in frame: {f}"))
                .generated();
        }
    };
    let (prev_req, next_req) = (r.req_frame_of(m.prev), r.req_frame_of(m.next));
    if request {
        let n = m.number;
        h.add_uint("http.request_number", n as u64, base, 0)
            .label_fmt(|| format!("HTTP request {n}/{total}"))
            .generated();
        link(h, "http.prev_request_in", "Prev request", prev_req);
        link(h, "http.response_in", "Response", m.res_frame);
        link(h, "http.next_request_in", "Next request", next_req);
        return;
    }
    let n = m.number;
    h.add_uint("http.response_number", n as u64, base, 0)
        .label_fmt(|| format!("HTTP response {n}/{total}"))
        .generated();
    if m.req_frame != 0 {
        // (the frames' times: the message table keeps none of its own)
        let ts = |f: u32| an.record(f).map_or(0, |r| r.ts_ns);
        let dt = ts(m.res_frame) - ts(m.req_frame);
        h.add("http.time", Value::RelTime(dt), base, 0)
            .label_fmt(|| format!("Time since request: {} seconds", super::tcp::secs(dt)))
            .generated();
    }
    link(h, "http.prev_request_in", "Prev request", prev_req);
    link(
        h,
        "http.prev_response_in",
        "Prev response",
        r.res_frame_of(m.prev),
    );
    link(h, "http.request_in", "Request", m.req_frame);
    link(h, "http.next_request_in", "Next request", next_req);
    link(
        h,
        "http.next_response_in",
        "Next response",
        r.res_frame_of(m.next),
    );
    if let Some(u) = r.response_for(m) {
        h.add("http.response_for.uri", Value::Str(u.to_string()), base, 0)
            .label_fmt(|| format!("Request URI: {u}"))
            .generated();
    }
}

/// SSDP: HTTP over UDP on port 1900, read by the HTTP dissector under the name "ssdp".
pub const SSDP_UDP: super::udp::Registration = super::udp::Registration {
    claim: super::udp::Claim::Heuristic(super::udp::is_ssdp),
    dissect: ssdp,
};

fn ssdp(cx: &mut Ctx, start: usize, end: usize) {
    let body = cx.bytes[start..end].to_vec();
    let info = dissect(cx, &body, None, start, false);
    if let Some(last) = cx.protos.iter_mut().rev().find(|x| **x == "http") {
        *last = "ssdp";
    }
    if let Some(root) = cx.roots.iter_mut().rev().find(|n| n.abbrev == "http") {
        root.abbrev = "ssdp";
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
    let mut h = Node::new("http", Value::None, base, total).label("Hypertext Transfer Protocol");
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
            h.add("http.request.full_uri", Value::Str(full.clone()), base, 0)
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
        super::ip::set_ds(&mut h, d);
        for n in &mut after {
            super::ip::set_ds(n, d);
        }
    }
    cx.roots.push(h);
    cx.roots.extend(after);
    if let Some(mi) = media_info {
        if mi.starts_with(", ") {
            info.push_str(&mi);
        } else {
            info.push_str(&format!(" ({mi})"));
        }
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
    let mut fl = Node::new("", Value::None, at, len).label_fmt(|| format!("{first_s}\\r\\n"));
    // Wireshark notes every request and response line as a "chat" expert item
    fl.push(super::expert_info(
        "http.chat",
        super::Severity::Chat,
        super::Group::Sequence,
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
        fl.add("http.request.method", Value::Str(m.into()), pos, m.len())
            .label_fmt(|| format!("Request Method: {m}"));
        pos += m.len() + 1;
        let un = fl
            .add("http.request.uri", Value::Str(u.into()), pos, u.len())
            .label_fmt(|| format!("Request URI: {u}"));
        if !lean {
            uri_parts(un, u, pos);
            pos += u.len() + 1;
            fl.add("http.request.version", Value::Str(v.into()), pos, v.len())
                .label_fmt(|| format!("Request Version: {v}"));
            h.add("http.request", Value::Bool(true), at, 0).flags |= HIDDEN;
        }
    } else {
        let (v, c, ph) = (part(0), part(1), part(2));
        if !lean {
            fl.add("http.response.version", Value::Str(v.into()), pos, v.len())
                .label_fmt(|| format!("Response Version: {v}"));
        }
        pos += v.len() + 1;
        let code: u16 = c.parse().unwrap_or(0);
        fl.add_uint("http.response.code", code as u64, pos, c.len())
            .label_fmt(|| format!("Status Code: {code}"));
        if !lean {
            fl.add(
                "http.response.code.desc",
                Value::Str(status_desc(code).into()),
                pos,
                c.len(),
            )
            .label_fmt(|| format!("[Status Code Description: {}]", status_desc(code)));
            pos += c.len() + 1;
            fl.add("http.response.phrase", Value::Str(ph.into()), pos, ph.len())
                .label_fmt(|| format!("Response Phrase: {ph}"));
            h.add("http.response", Value::Bool(true), at, 0).flags |= HIDDEN;
        }
    }
    if crate::dissect::tree::labels_on() {
        fl.label = Some(format!("{first_s}\\r\\n"));
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
            h.push(Node::text(joined(&text, "\\r\\n"), at, len));
        }
        return;
    };
    let value = text[colon + 1..].trim();
    let ab = header_abbrev(&text[..colon], request);
    match ab {
        "http.host" => seen.host = Some(value.to_string()),
        "http.content_type" => seen.ctype = Some(value.to_string()),
        "http.content_encoding" => seen.cenc = Some(value.to_ascii_lowercase()),
        "http.transfer_encoding" => seen.chunked |= value.to_ascii_lowercase().contains("chunked"),
        _ => {}
    }
    if lean {
        // only the headers the HTTP tap reads become items
        if matches!(ab, "http.host" | "http.referer" | "http.location") {
            h.add(ab, Value::Str(value.to_string()), at, len);
        }
        return;
    }
    let vnode = if ab.ends_with(".line") {
        Value::Str(joined(&text, "\r\n"))
    } else {
        Value::Str(value.to_string())
    };
    let mut n = Node::new(ab, vnode, at, len).label_fmt(|| format!("{text}\\r\\n"));
    if ab == "http.cookie" {
        // each name=value pair of a request's Cookie header
        for pair in value.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            n.add("http.cookie_pair", Value::Str(pair.to_string()), at, len);
        }
    }
    if text[..colon].eq_ignore_ascii_case("HTTP2-Settings") {
        // an upgrade to h2c carries the client's SETTINGS payload in base64url
        use base64::Engine;
        let eng = base64::engine::GeneralPurpose::new(
            &base64::alphabet::URL_SAFE,
            base64::engine::GeneralPurposeConfig::new()
                .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
        );
        if let Ok(p) = eng.decode(value) {
            for c in p.chunks_exact(6) {
                n.push(super::http2::setting_node(c, at));
            }
        }
    }
    if ab == "http.content_length_header" {
        if let Ok(v) = value.parse::<u64>() {
            n.add_uint("http.content_length", v, at, len)
                .label_fmt(|| format!("[Content length: {v}]"))
                .generated();
        }
    }
    h.push(n);
    if !ab.ends_with(".line") {
        let la = if request {
            "http.request.line"
        } else {
            "http.response.line"
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
                    .expert(super::Severity::Warn, "Decompression failed"),
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
    h.add("http.file_data", Value::None, at, body.len())
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
        .is_some_and(|n| !(untyped && n.abbrev == "data"))
    {
        h.children.drain(before..).collect()
    } else {
        Vec::new()
    };
    (media_info, after)
}

/// Adds the media layer; returns the Info text it contributes.
pub(crate) fn media(
    cx: &mut Ctx,
    h: &mut Node,
    ctype: Option<&str>,
    entity: &[u8],
    start: usize,
    len: usize,
) -> Option<String> {
    let ct = ctype.unwrap_or("").to_string();
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    // without a Content-Type (or with application/octet-stream) the body is plain data
    if mime.is_empty() || mime == "application/octet-stream" {
        cx.proto("data");
        h.push(
            Node::new("data", Value::None, start, len)
                .label_fmt(|| format!("Data ({} bytes)", entity.len())),
        );
        return None;
    }
    let text_lines = matches!(
        mime.as_str(),
        "text/plain"
            | "text/html"
            | "text/css"
            | "text/javascript"
            | "application/x-javascript"
            | "application/x-tcl"
            | "text/vnd.wap.wml"
            | "text/x-component"
            | "text/vcard"
    );
    if mime.ends_with("xml") || mime.ends_with("+xml") {
        cx.proto("xml");
        h.push(Node::new("xml", Value::None, start, len).label("eXtensible Markup Language"));
        return None;
    }
    if mime == "application/json" || mime.ends_with("+json") {
        cx.proto("json");
        h.push(
            Node::new("json", Value::None, start, len)
                .label_fmt(|| format!("JavaScript Object Notation: {mime}")),
        );
        // the JSON dissector adds its own name to the column, after a comma
        return Some(format!(", JavaScript Object Notation ({mime})"));
    }
    if mime == "image/gif" && !entity.starts_with(b"GIF8") {
        cx.proto("media");
        h.push(
            Node::new("media", Value::None, start, len)
                .label_fmt(|| format!("Media Type: {mime} ({} bytes)", entity.len())),
        );
        return Some(mime);
    }
    if text_lines {
        cx.proto("data-text-lines");
        // the lines are text items only: a tree without labels has no use for them
        if !crate::dissect::tree::labels_on() {
            h.push(Node::new("data-text-lines", Value::None, start, len));
            return Some(mime);
        }
        let charset = ct
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("charset="))
            .next()
            .map(|c| c.trim_matches('"').to_string());
        let text = decode_text(entity, charset.as_deref());
        let nlines = text.split_inclusive('\n').count();
        let mut n = Node::new("data-text-lines", Value::None, start, len)
            .label_fmt(|| format!("Line-based text data: {mime} ({nlines} lines)"));
        for l in text.split_inclusive('\n').take(10_000) {
            n.push(Node::text(
                l.replace('\r', "\\r").replace('\n', "\\n"),
                start,
                0,
            ));
        }
        h.push(n);
        return Some(mime);
    }
    match mime.as_str() {
        "image/gif" => {
            cx.proto("image-gif");
            let ver = String::from_utf8_lossy(entity.get(..6).unwrap_or(b"")).into_owned();
            let mut g = Node::new("image-gif", Value::None, start, len)
                .label_fmt(|| format!("Compuserve GIF, Version: {ver}"));
            for _ in 0..gif_unknown_blocks(entity) {
                g.push(super::tree::expert_info(
                    "gif.unknown_data_block_type",
                    super::Severity::Warn,
                    super::Group::Protocol,
                    "Unknown GIF data block type",
                    start,
                ));
            }
            h.push(g);
            Some(ver)
        }
        "image/jpeg" => {
            cx.proto("image-jfif");
            h.push(
                Node::new("image-jfif", Value::None, start, len)
                    .label("JPEG File Interchange Format"),
            );
            Some("JPEG JFIF image".into())
        }
        "image/png" => {
            cx.proto("png");
            h.push(Node::new("png", Value::None, start, len).label("Portable Network Graphics"));
            Some("PNG".into())
        }
        "application/x-www-form-urlencoded" => {
            cx.proto("urlencoded-form");
            let mut n = Node::new("urlencoded-form", Value::None, start, len)
                .label("HTML Form URL Encoded: application/x-www-form-urlencoded");
            for kv in String::from_utf8_lossy(entity).split('&') {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                n.push(Node::text(
                    format!("Form item: \"{k}\" = \"{v}\""),
                    start,
                    0,
                ));
            }
            h.push(n);
            Some(mime)
        }
        _ => {
            cx.proto("media");
            h.push(
                Node::new("media", Value::None, start, len)
                    .label_fmt(|| format!("Media Type: {mime} ({} bytes)", entity.len())),
            );
            Some(mime)
        }
    }
}

/// Decodes text in the charset its Content-Type names (GB2312, Shift_JIS, ISO-8859-x…).
pub fn decode_text(b: &[u8], charset: Option<&str>) -> String {
    let enc = charset
        .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    let (t, _, _) = enc.decode(b);
    t.into_owned()
}

/// Removes chunked transfer coding; returns the body and a tree node of the chunks.
pub fn dechunk(body: &[u8], start: usize) -> (Vec<u8>, Node) {
    let mut out = Vec::new();
    let mut node = Node::text("HTTP chunked response", start, body.len());
    let mut pos = 0usize;
    let mut n = 0;
    loop {
        let rest = &body[pos..];
        let Some(nl) = rest.iter().position(|&c| c == b'\n') else {
            break;
        };
        let line = trim_cr(&rest[..nl]);
        let hex: String = line
            .iter()
            .take_while(|c| c.is_ascii_hexdigit())
            .map(|&c| c as char)
            .collect();
        let Ok(size) = u64::from_str_radix(if hex.is_empty() { "x" } else { &hex }, 16) else {
            node.push(
                Node::text("[Malformed chunk]", start + pos, rest.len())
                    .expert(super::Severity::Error, "Malformed chunked encoding"),
            );
            break;
        };
        let data_start = pos + nl + 1;
        if size == 0 {
            let mut c = Node::text("End of chunked encoding", start + pos, body.len() - pos);
            c.add_uint("http.chunk_size", 0, start + pos, nl)
                .label("Chunk size: 0 octets");
            node.push(c);
            // no trailer: the empty line that ends the body
            let end = crlf_at(body, data_start);
            if end > 0 {
                node.push(Node::text("\\r\\n", start + data_start, end));
            }
            break;
        }
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        let data_end = data_start.saturating_add(size).min(body.len());
        n += 1;
        let mut c = Node::text(
            format!("Data chunk ({size} octets)"),
            start + pos,
            data_end - pos,
        );
        c.add_uint("http.chunk_size", size as u64, start + pos, nl)
            .label_fmt(|| format!("Chunk size: {size} octets"));
        c.add(
            "http.chunk_data",
            Value::Bytes(body[data_start.min(body.len())..data_end].to_vec()),
            start + data_start,
            data_end - data_start.min(data_end),
        );
        let boundary = crlf_at(body, data_end);
        if boundary > 0 {
            c.add(
                "http.chunk_boundary",
                Value::Bytes(body[data_end..data_end + boundary].to_vec()),
                start + data_end,
                boundary,
            );
            c.len += boundary as u32;
        }
        node.push(c);
        out.extend_from_slice(&body[data_start.min(body.len())..data_end]);
        if data_end >= body.len() {
            break;
        }
        pos = data_end;
        if body.get(pos) == Some(&b'\r') {
            pos += 1;
        }
        if body.get(pos) == Some(&b'\n') {
            pos += 1;
        }
        if n > 1_000_000 {
            break;
        }
    }
    (out, node)
}

/// `a` followed by `b` in a string allocated once at its final size (what `format!` does
/// with two growths; this runs for every header line of every HTTP message).
fn joined(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len());
    s.push_str(a);
    s.push_str(b);
    s
}

/// The length of the line break ("\r\n" or "\n") at `at`, 0 when there is none.
fn crlf_at(b: &[u8], at: usize) -> usize {
    match b.get(at..).unwrap_or(&[]) {
        [b'\r', b'\n', ..] => 2,
        [b'\n', ..] => 1,
        _ => 0,
    }
}

/// gzip, deflate (zlib or raw) and br, each capped at [`MAX_DECOMPRESSED`] bytes.
pub fn decompress(enc: &str, b: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let r = match enc {
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(b)
            .take(MAX_DECOMPRESSED)
            .read_to_end(&mut out),
        "deflate" => {
            let z = flate2::read::ZlibDecoder::new(b)
                .take(MAX_DECOMPRESSED)
                .read_to_end(&mut out);
            if z.is_err() {
                out.clear();
                flate2::read::DeflateDecoder::new(b)
                    .take(MAX_DECOMPRESSED)
                    .read_to_end(&mut out)
            } else {
                z
            }
        }
        "br" => brotli::Decompressor::new(b, 4096)
            .take(MAX_DECOMPRESSED)
            .read_to_end(&mut out),
        other => return Err(format!("unsupported encoding {other}")),
    };
    match r {
        Ok(_) => Ok(out),
        // what was inflated before the error is kept, as Wireshark shows it
        Err(_) if !out.is_empty() => Ok(out),
        Err(e) => Err(e.to_string()),
    }
}

/// How many bytes after a GIF's header and color table are no block (extension `!`, image
/// `,`, trailer `;`), as Wireshark's GIF dissector walks them: each is a warning, and the walk
/// steps over it; an extension's or image's data blocks that run past the end stop it.
pub fn gif_unknown_blocks(b: &[u8]) -> usize {
    fn blocks(b: &[u8], mut off: usize) -> Option<usize> {
        while off < b.len() {
            let l = b[off] as usize;
            off += 1;
            if l == 0 {
                return Some(off);
            }
            off += l;
        }
        None
    }
    let Some(&flags) = b.get(10) else { return 0 };
    let mut off = 13;
    if flags & 0x80 != 0 {
        off += 3 * (1 << (1 + (flags & 7)));
    }
    let mut unknown = 0;
    while off < b.len() {
        match b[off] {
            0x21 => match blocks(b, off + 2) {
                Some(o) => off = o,
                None => break,
            },
            0x2c => {
                let f = b.get(off + 9).copied().unwrap_or(0);
                off += 10;
                if f & 0x80 != 0 {
                    off += 3 * (1 << (1 + (f & 7)));
                }
                match blocks(b, off + 1) {
                    Some(o) => off = o,
                    None => break,
                }
            }
            0x3b => break,
            _ => {
                unknown += 1;
                off += 1;
            }
        }
    }
    unknown
}

#[cfg(test)]
mod tests {
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
