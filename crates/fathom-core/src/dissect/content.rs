//! HTTP content, shared by HTTP/1.1 (`http.rs`) and HTTP/2 (`http2.rs`): a body's content
//! coding undone (gzip, deflate, Brotli), chunked transfer coding, text in its charset, and
//! the media layer a body's type names (JSON, images, form data…). Both versions import it,
//! so neither imports the other for it.

use super::ctx::Ctx;
use super::tree::{Build, Node, Value};
use crate::analysis::http::trim_cr;
use std::io::Read;

fields! {
    "gif.data_block_type.unknown", "Unknown GIF data block type", FT_NONE;
}

/// The signature a PNG image starts with.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The most bytes a body may decompress to.
pub const MAX_DECOMPRESSED: u64 = 64 << 20;

/// Adds the media layer (a registered media type's dissector, else the types read here);
/// returns the text it adds to the Info column, as it is appended (` (text/plain)`).
pub(crate) fn media(
    cx: &mut Ctx,
    h: &mut Node,
    ctype: Option<&str>,
    entity: &[u8],
    start: usize,
    len: usize,
) -> Option<String> {
    let mime = mime_of(ctype.unwrap_or(""));
    if let Some(d) = super::table::media_type(&mime) {
        return d(cx, h, ctype.unwrap_or(""), entity, start, len);
    }
    // (the JSON dissector adds its own name to the column, after a comma)
    built_in(cx, h, ctype, mime, entity, start, len).map(|mi| {
        if mi.starts_with(", ") {
            mi
        } else {
            format!(" ({mi})")
        }
    })
}

/// A Content-Type's media type: lower case, without its parameters.
pub fn mime_of(ctype: &str) -> String {
    ctype
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The media types Fathom reads here: their layer, and what Info shows in parentheses.
fn built_in(
    cx: &mut Ctx,
    h: &mut Node,
    ctype: Option<&str>,
    mut mime: String,
    entity: &[u8],
    start: usize,
    len: usize,
) -> Option<String> {
    let ct = ctype.unwrap_or("");
    // a PNG that is a GIF: the PNG dissector refuses it, and the GIF signature finds its
    // reader (as tshark shows it)
    if mime == "image/png" && !entity.starts_with(PNG) && entity.starts_with(b"GIF8") {
        mime = "image/gif".into();
    }
    if mime == "application/octet-stream" {
        cx.proto("data");
        h.push(data_node(entity, start, len));
        return None;
    }
    if mime.is_empty() {
        // without a Content-Type: the data layer, inside HTTP's
        cx.proto("data");
        h.push(data_node(entity, start, len));
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
    // a line-based text body that is an XML document (longer than an XML declaration can
    // be, starting with one) is read as XML, as Wireshark's text-lines dissector hands it on
    let xml_document = text_lines
        && entity.len() > 38
        && entity
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"<?xml"));
    if xml_document || mime.ends_with("xml") || mime.ends_with("+xml") {
        if xml_document {
            // (the text-lines dissector took it first: it is in the frame's protocols)
            cx.proto("data-text-lines");
        }
        cx.proto("xml");
        h.push(Node::new(fid!("xml"), Value::None, start, len).label("eXtensible Markup Language"));
        return None;
    }
    if mime == "application/json" || mime.ends_with("+json") {
        cx.proto("json");
        h.push(
            Node::new(fid!("json"), Value::None, start, len)
                .label_fmt(|| format!("JavaScript Object Notation: {mime}")),
        );
        // the JSON dissector adds its own name to the column, after a comma
        return Some(format!(", JavaScript Object Notation ({mime})"));
    }
    if mime == "image/gif" && !entity.starts_with(b"GIF8") {
        return media_type(cx, h, mime, entity, start, len);
    }
    if text_lines {
        cx.proto("data-text-lines");
        // the lines are text items only: a tree without labels has no use for them
        if !crate::dissect::tree::labels_on() {
            h.push(Node::new(fid!("data-text-lines"), Value::None, start, len));
            return Some(mime);
        }
        let charset = ct
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("charset="))
            .next()
            .map(|c| c.trim_matches('"').to_string());
        let text = decode_text(entity, charset.as_deref());
        let nlines = text.split_inclusive('\n').count();
        let mut n = Node::new(fid!("data-text-lines"), Value::None, start, len)
            .label_fmt(|| format!("Line-based text data: {mime} ({nlines} lines)"));
        for l in text.split_inclusive('\n').take(10_000) {
            n.push(Node::text(super::tree::escape_crlf(l), start, 0));
        }
        h.push(n);
        return Some(mime);
    }
    match mime.as_str() {
        "image/gif" => {
            cx.proto("image-gif");
            let ver = String::from_utf8_lossy(entity.get(..6).unwrap_or(b"")).into_owned();
            let mut g = Node::new(fid!("image-gif"), Value::None, start, len)
                .label_fmt(|| format!("Compuserve GIF, Version: {ver}"));
            for _ in 0..gif_unknown_blocks(entity) {
                g.push(super::tree::expert_info(
                    fid!("gif.data_block_type.unknown"),
                    super::tree::Severity::Warn,
                    super::tree::Group::Protocol,
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
                Node::new(fid!("image-jfif"), Value::None, start, len)
                    .label("JPEG File Interchange Format"),
            );
            Some("JPEG JFIF image".into())
        }
        // (the PNG dissector takes only what starts with PNG's signature; the rest is media)
        "image/png" if entity.starts_with(PNG) => {
            cx.proto("png");
            h.push(
                Node::new(fid!("png"), Value::None, start, len).label("Portable Network Graphics"),
            );
            Some("PNG".into())
        }
        "application/x-www-form-urlencoded" => {
            cx.proto("urlencoded-form");
            let mut n = Node::new(fid!("urlencoded-form"), Value::None, start, len)
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
        _ => media_type(cx, h, mime, entity, start, len),
    }
}

/// The data layer over bytes `b` at `start` (`len` bytes) of their source: the bytes and
/// their length.
pub fn data_node(b: &[u8], start: usize, len: usize) -> Node {
    let n = b.len();
    let mut d =
        Node::new(fid!("data"), Value::None, start, len).label_fmt(|| super::ctx::data_title(n));
    d.add(fid!("data.data"), Value::Bytes(b.to_vec()), start, len)
        .label_fmt(|| super::ctx::data_label(b));
    d.add_uint(fid!("data.len"), n as u64, start, 0).flags |= super::tree::GENERATED;
    d
}

/// A body of a type no dissector reads: the media layer with its bytes.
fn media_type(
    cx: &mut Ctx,
    h: &mut Node,
    mime: String,
    entity: &[u8],
    start: usize,
    len: usize,
) -> Option<String> {
    cx.proto("media");
    let mut m = Node::new(fid!("media"), Value::None, start, len).label("Media Type");
    m.add(
        fid!("media.type"),
        Value::Bytes(entity.to_vec()),
        start,
        len,
    )
    .label_fmt(|| format!("Media type: {mime} ({} bytes)", entity.len()));
    h.push(m);
    Some(mime)
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
                    .expert(super::tree::Severity::Error, "Malformed chunked encoding"),
            );
            break;
        };
        let data_start = pos + nl + 1;
        if size == 0 {
            let mut c = Node::text("End of chunked encoding", start + pos, body.len() - pos);
            c.add_uint(fid!("http.chunk_size"), 0, start + pos, nl)
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
        c.add_uint(fid!("http.chunk_size"), size as u64, start + pos, nl)
            .label_fmt(|| format!("Chunk size: {size} octets"));
        c.add(
            fid!("http.chunk_data"),
            Value::Bytes(body[data_start.min(body.len())..data_end].to_vec()),
            start + data_start,
            data_end - data_start.min(data_end),
        );
        let boundary = crlf_at(body, data_end);
        if boundary > 0 {
            c.add(
                fid!("http.chunk_boundary"),
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
