//! MIME multipart bodies (RFC 2046): a form upload (`multipart/form-data`), a range
//! response (`multipart/byteranges`), mail-style `multipart/mixed`… The body is cut at its
//! boundary into parts; each part's headers are shown, and its content goes back through
//! the media-type table (text, JSON, another multipart…), as Wireshark's `mime_multipart`
//! does. Registered on the media-type table from this file alone.

use super::content::{media, mime_of};
use super::ctx::Ctx;
use super::tree::{Build, Group, Node, Severity, Value, GENERATED};
use crate::dissect::fields::FieldId;

inventory::submit! {
    super::table::MediaType {
        types: &[
            "multipart/mixed",
            "multipart/alternative",
            "multipart/digest",
            "multipart/parallel",
            "multipart/related",
            "multipart/form-data",
            "multipart/report",
            "multipart/signed",
            "multipart/encrypted",
            "multipart/byteranges",
            "multipart/x-mixed-replace",
        ],
        dissect,
    }
}

fields! {
    "mime_multipart", "MIME Multipart Media Encapsulation", FT_PROTOCOL;
    "mime_multipart.type", "Type", FT_STRING;
    "mime_multipart.preamble", "Preamble", FT_BYTES;
    "mime_multipart.first_boundary", "First boundary", FT_STRING;
    "mime_multipart.boundary", "Boundary", FT_STRING;
    "mime_multipart.last_boundary", "Last boundary", FT_STRING;
    "mime_multipart.trailer", "Trailer", FT_BYTES;
    "mime_multipart.part", "Encapsulated multipart part", FT_STRING;
    "mime_multipart.header.content-description", "Content-Description", FT_STRING;
    "mime_multipart.header.content-disposition", "Content-Disposition", FT_STRING;
    "mime_multipart.header.content-encoding", "Content-Encoding", FT_STRING;
    "mime_multipart.header.content-id", "Content-Id", FT_STRING;
    "mime_multipart.header.content-language", "Content-Language", FT_STRING;
    "mime_multipart.header.content-length", "Content-Length", FT_STRING;
    "mime_multipart.header.content-transfer-encoding", "Content-Transfer-Encoding", FT_STRING;
    "mime_multipart.header.content-type", "Content-Type", FT_STRING;
    "mime_multipart.no_required_parameter", "The multipart dissector could not find a required parameter.", FT_NONE;
}

/// The part headers shown as fields (the others are text items), by lower-case name.
const HEADERS: &[(&str, FieldId)] = &[
    (
        "content-description",
        fid!("mime_multipart.header.content-description"),
    ),
    (
        "content-disposition",
        fid!("mime_multipart.header.content-disposition"),
    ),
    (
        "content-encoding",
        fid!("mime_multipart.header.content-encoding"),
    ),
    ("content-id", fid!("mime_multipart.header.content-id")),
    (
        "content-language",
        fid!("mime_multipart.header.content-language"),
    ),
    (
        "content-length",
        fid!("mime_multipart.header.content-length"),
    ),
    (
        "content-transfer-encoding",
        fid!("mime_multipart.header.content-transfer-encoding"),
    ),
    ("content-type", fid!("mime_multipart.header.content-type")),
];

/// How deep multiparts may nest (a crafted body could nest them without end).
const MAX_DEPTH: u8 = 8;
/// The most parts one body is cut into.
const MAX_PARTS: usize = 10_000;

/// A multipart body `entity` of type `ctype`, at `start` (`len` bytes) of its data source.
fn dissect(
    cx: &mut Ctx,
    h: &mut Node,
    ctype: &str,
    entity: &[u8],
    start: usize,
    len: usize,
) -> Option<String> {
    cx.proto("mime_multipart");
    let Some(boundary) = parameter(ctype, "boundary").filter(|b| !b.is_empty()) else {
        let msg = "The multipart dissector could not find a required parameter.";
        let mut t = Node::text(msg, start, 0);
        t.push(super::tree::expert_info(
            fid!("mime_multipart.no_required_parameter"),
            Severity::Error,
            Group::Protocol,
            msg,
            start,
        ));
        h.push(t);
        cx.proto("data");
        h.push(super::content::data_node(entity, start, len));
        return None;
    };
    let depth = cx.multipart_depth;
    if depth >= MAX_DEPTH {
        return None;
    }
    cx.multipart_depth = depth + 1;
    let mime = mime_of(ctype);
    let mut m = Node::new(fid!("mime_multipart"), Value::None, start, len).label_fmt(|| {
        format!("MIME Multipart Media Encapsulation, Type: {mime}, Boundary: \"{boundary}\"")
    });
    m.add(
        fid!("mime_multipart.type"),
        Value::Str(mime.clone()),
        start,
        0,
    )
    .label_fmt(|| format!("[Type: {mime}]"))
    .flags |= GENERATED;
    let info = Body {
        entity,
        start,
        delim: format!("--{boundary}").into_bytes(),
    }
    .parts(cx, &mut m);
    cx.multipart_depth = depth;
    h.push(m);
    info
}

/// A multipart body being cut at its delimiter (`--` and the boundary).
struct Body<'a> {
    entity: &'a [u8],
    start: usize,
    delim: Vec<u8>,
}

impl Body<'_> {
    /// The body's position `at` in its data source.
    fn pos(&self, at: usize) -> usize {
        self.start + at
    }

    /// Adds the preamble, the boundaries and the parts under `m`; returns the Info text the
    /// parts' contents give.
    fn parts(&self, cx: &mut Ctx, m: &mut Node) -> Option<String> {
        let e = self.entity;
        // the first delimiter starts the body or a line
        let first = (0..e.len())
            .find(|&i| (i == 0 || e[i - 1] == b'\n') && e[i..].starts_with(&self.delim))?;
        if first > 0 {
            let pre = e[..first].to_vec();
            let hex = super::tree::hex_string(&pre);
            m.add(
                fid!("mime_multipart.preamble"),
                Value::Bytes(pre),
                self.pos(0),
                first,
            )
            .label_fmt(|| format!("Preamble: {hex}"));
        }
        let mut at = line_end(e, first);
        self.boundary(
            m,
            fid!("mime_multipart.first_boundary"),
            "First boundary",
            first,
            at,
        );
        let mut info: Option<String> = None;
        for _ in 0..MAX_PARTS {
            // a part ends where a line end and the delimiter follow
            let Some(end) = self.next_delimiter(at) else {
                // no delimiter closes it: an empty part, as Wireshark shows one
                m.add(
                    fid!("mime_multipart.part"),
                    Value::Str(String::new()),
                    self.pos(at),
                    0,
                )
                .label("Encapsulated multipart part: ");
                break;
            };
            if let Some(more) = self.part(cx, m, at, end) {
                info.get_or_insert_with(String::new).push_str(&more);
            }
            let after = end + 2 + self.delim.len();
            if e[after..].starts_with(b"--") {
                let stop = line_end(e, after + 2);
                self.boundary(
                    m,
                    fid!("mime_multipart.last_boundary"),
                    "Last boundary",
                    end,
                    stop,
                );
                if stop < e.len() {
                    let rest = e[stop..].to_vec();
                    let hex = super::tree::hex_string(&rest);
                    m.add(
                        fid!("mime_multipart.trailer"),
                        Value::Bytes(rest),
                        self.pos(stop),
                        e.len() - stop,
                    )
                    .label_fmt(|| format!("Trailer: {hex}"));
                }
                break;
            }
            at = line_end(e, after);
            self.boundary(m, fid!("mime_multipart.boundary"), "Boundary", end, at);
        }
        info
    }

    /// The first `\r\n` + delimiter at or after `from`.
    fn next_delimiter(&self, from: usize) -> Option<usize> {
        let e = self.entity;
        let mut pat = b"\r\n".to_vec();
        pat.extend_from_slice(&self.delim);
        e.get(from..)?
            .windows(pat.len())
            .position(|w| w == pat.as_slice())
            .map(|p| from + p)
    }

    /// A boundary item over `[from, to)`.
    fn boundary(&self, m: &mut Node, abbrev: FieldId, name: &str, from: usize, to: usize) {
        let text = String::from_utf8_lossy(&self.entity[from..to]).into_owned();
        let shown = super::tree::escape_crlf(&text);
        m.add(abbrev, Value::Str(text), self.pos(from), to - from)
            .label_fmt(|| format!("{name}: {shown}"));
    }

    /// The part `[from, to)`: its headers, then its content through the media table.
    fn part(&self, cx: &mut Ctx, m: &mut Node, from: usize, to: usize) -> Option<String> {
        let e = self.entity;
        let bytes = &e[from.min(to)..to];
        // the headers end at an empty line (or run to the part's end)
        let (head_len, body_at) = match find(bytes, b"\r\n\r\n") {
            Some(p) => (p, p + 4),
            None => (bytes.len(), bytes.len()),
        };
        let lines = unfold(&bytes[..head_len]);
        let ctype = lines
            .iter()
            .find(|(name, _, _, _)| name.eq_ignore_ascii_case("content-type"))
            .map(|(_, value, _, _)| value.clone());
        let shown = ctype.as_deref().map(mime_of);
        let mut p = Node::new(
            fid!("mime_multipart.part"),
            Value::Str(String::new()),
            self.pos(from),
            to - from,
        )
        .label_fmt(|| match &shown {
            Some(t) => format!("Encapsulated multipart part:  ({t})"),
            None => "Encapsulated multipart part: ".to_string(),
        });
        let n = lines.len();
        for (i, (name, value, at, len)) in lines.into_iter().enumerate() {
            // the last header's item takes the empty line that ends the headers
            let end = if i + 1 == n && body_at > head_len {
                "\\r\\n\\r\\n"
            } else {
                "\\r\\n"
            };
            let raw = String::from_utf8_lossy(&bytes[at..at + len]).into_owned();
            let label = format!("{}{end}", super::tree::escape_crlf(&raw));
            let lower = name.to_ascii_lowercase();
            let pos = self.pos(from + at);
            match HEADERS.iter().find(|(h, _)| *h == lower) {
                Some((_, abbrev)) => {
                    p.add(*abbrev, Value::Str(compact(&value)), pos, len)
                        .label(label);
                }
                None => {
                    p.push(Node::text(label, pos, len));
                }
            }
        }
        let body = &bytes[body_at..];
        let at = self.pos(from + body_at);
        let info = match &ctype {
            _ if body.is_empty() => None,
            Some(t) => media(cx, &mut p, Some(t), body, at, body.len()),
            // a part of no type is data
            None => {
                cx.proto("data");
                p.push(super::content::data_node(body, at, body.len()));
                None
            }
        };
        m.push(p);
        info
    }
}

/// The header lines of a part, continuation lines joined to their header: (name, value,
/// start, length) with the start and length of the whole (folded) line in `head`.
fn unfold(head: &[u8]) -> Vec<(String, String, usize, usize)> {
    let mut out: Vec<(String, String, usize, usize)> = Vec::new();
    let mut at = 0;
    while at < head.len() {
        let end = find(&head[at..], b"\r\n").map_or(head.len(), |p| at + p);
        let line = String::from_utf8_lossy(&head[at..end]).into_owned();
        match out.last_mut() {
            Some(last) if line.starts_with([' ', '\t']) => {
                last.1.push(' ');
                last.1.push_str(line.trim());
                last.3 = end - last.2;
            }
            _ => {
                let (name, value) = line.split_once(':').unwrap_or((&line, ""));
                out.push((
                    name.trim().to_string(),
                    value.trim().to_string(),
                    at,
                    end - at,
                ));
            }
        }
        at = end + 2;
    }
    out
}

/// A header value as Wireshark files it: white space outside quoted strings removed.
fn compact(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut quoted = false;
    for c in v.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if quoted || !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// A parameter of a Content-Type (`boundary`), its quotes removed.
fn parameter(ctype: &str, key: &str) -> Option<String> {
    ctype.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// Where a line that starts at `from` ends (after its line end; the body's end if none).
fn line_end(e: &[u8], from: usize) -> usize {
    e.get(from..)
        .and_then(|r| r.iter().position(|&c| c == b'\n'))
        .map_or(e.len(), |p| from + p + 1)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_and_parameters_as_wireshark_files_them() {
        assert_eq!(
            compact(" form-data; name=\"a b\";  filename=\"x.txt\" "),
            "form-data;name=\"a b\";filename=\"x.txt\""
        );
        let ct = "multipart/form-data; boundary=\"----XyZ\"; charset=utf-8";
        assert_eq!(parameter(ct, "boundary").as_deref(), Some("----XyZ"));
        assert_eq!(
            parameter("multipart/mixed;BOUNDARY=b", "boundary").as_deref(),
            Some("b")
        );
        assert_eq!(parameter("multipart/mixed", "boundary"), None);
        let lines = unfold(b"Content-Type: text/plain;\r\n charset=utf-8\r\nX-A: 1");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].1, "text/plain; charset=utf-8");
        assert_eq!((lines[0].2, lines[0].3), (0, 41));
        assert_eq!((lines[1].0.as_str(), lines[1].1.as_str()), ("X-A", "1"));
    }

    #[test]
    fn any_body_is_cut_without_panic() {
        use proptest::prelude::*;
        proptest!(|(body in proptest::collection::vec(
            proptest::sample::select(vec![b'-', b'B', b'\r', b'\n', b':', b'a', b' ']),
            0..300,
        ))| {
            let rec = crate::capture::file::Record::default();
            let mut cx = Ctx::new(&[], &rec, 1, true);
            let mut h = Node::new(fid!("http"), Value::None, 0, body.len());
            dissect(&mut cx, &mut h, "multipart/mixed; boundary=B", &body, 0, body.len());
        });
    }

    #[test]
    fn multiparts_nested_without_end_stop_at_the_limit_and_the_depth_comes_back() {
        // twenty multiparts, each the only part of the one around it
        let mut body = b"x".to_vec();
        for i in (0..20).rev() {
            let inner = i + 1;
            let mut b =
                format!("--b{i}z\r\nContent-Type: multipart/mixed; boundary=b{inner}z\r\n\r\n")
                    .into_bytes();
            b.extend_from_slice(&body);
            b.extend_from_slice(format!("\r\n--b{i}z--\r\n").as_bytes());
            body = b;
        }
        let rec = crate::capture::file::Record::default();
        let mut cx = Ctx::new(&[], &rec, 1, true);
        let mut h = Node::new(fid!("http"), Value::None, 0, body.len());
        dissect(
            &mut cx,
            &mut h,
            "multipart/mixed; boundary=b0z",
            &body,
            0,
            body.len(),
        );
        let mut deepest = 0;
        let mut walk = vec![(&h, 0)];
        while let Some((n, d)) = walk.pop() {
            let d = d + usize::from(n.field == fid!("mime_multipart"));
            deepest = deepest.max(d);
            walk.extend(n.children.iter().map(|c| (c, d)));
        }
        assert_eq!(deepest, MAX_DEPTH as usize);
        assert_eq!(cx.multipart_depth, 0);
    }
}
