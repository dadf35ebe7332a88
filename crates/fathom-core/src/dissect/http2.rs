//! HTTP/2 frames (RFC 9113) as the first pass cut and decoded them (`analysis::http2`): a
//! "HyperText Transfer Protocol 2" layer per TLS record (or TCP PDU), a "Stream" node per
//! frame with its header, flags and payload fields, the decoded header list of a HEADERS
//! frame, the request/response links, and on the DATA that ends a body, the body's
//! fragments and its media layer.

use super::ctx::Ctx;
use super::table::{PduAt, PduColumns, PduSegment};
use super::tree::{bits_str, Build, Node, Value, GENERATED};
use crate::analysis::http2::{
    block_fragment, data_range, representations, type_name, Exchange, Head, Repr, Unit,
    CONTINUATION, DATA, END_STREAM, HEADERS, PUSH_PROMISE,
};
use crate::analysis::reassembly::PduKind;
use crate::dissect::fields::FieldId;

/// Where a unit's bytes are: data source `ds`, from `base` in it; `ex` is the exchange of
/// its HTTP/2 stream (None for stream 0 and the preface).
pub struct Place<'a> {
    pub ds: u8,
    pub base: usize,
    pub ex: Option<&'a Exchange>,
}

/// Adds the node of one frame (or the connection preface) whose bytes are `b` to `layer`,
/// and after it, when the frame ends a body, the body's media layer.
pub fn unit_into(cx: &mut Ctx, layer: &mut Node, u: &Unit, b: &[u8], at: &Place) {
    let body = u.head.filter(|h| h.ty == DATA && h.flags & END_STREAM != 0);
    let body = body.and(at.ex).and_then(|e| e.body_ended_in(cx.frame));
    let body = body.filter(|b| !b.data.is_empty() || b.cut);
    let mut n = unit_node_at0(cx, u, b, at.ex, body.is_none());
    shift(&mut n, at.base);
    super::ctx::set_ds(&mut n, at.ds);
    let Some(body) = body else {
        layer.push(n);
        return;
    };
    // the whole body: over a source of its own when it took more than one frame
    let total = body.data.len();
    let (ds, start) = if body.frags.len() > 1 {
        let ds = cx.sources.len() as u8 + 1;
        cx.sources.push((
            format!("Reassembled body ({total} bytes)"),
            body.data.clone(),
        ));
        n.push(fragments_node(&body.frags, &body.data, ds));
        (ds, 0)
    } else {
        (at.ds, at.base + 9 + data_span(u, b).start)
    };
    let enc = body.encoding.as_str();
    let ctype = (!body.ctype.is_empty()).then_some(body.ctype.as_str());
    let decoded = match enc {
        "" | "identity" => None,
        _ if body.cut => None,
        _ => super::content::decompress(enc, &body.data).ok(),
    };
    let Some(plain) = decoded else {
        n.add(fid!("http2.data.data"), Value::Slice, start, total)
            .label_fmt(|| super::ctx::bytes_label("Data", &body.data))
            .ds = ds;
        layer.push(n);
        if !body.cut {
            let mut m = Node::new(FieldId::TEXT, Value::None, 0, 0);
            super::content::media(cx, &mut m, ctype, &body.data, start, total);
            for mut c in m.children {
                super::ctx::set_ds(&mut c, ds);
                layer.push(c);
            }
        }
        return;
    };
    // a content-coded body: the decoded bytes, with the media layer inside
    let len = plain.len();
    let pds = cx.sources.len() as u8 + 1;
    let mut c = Node::text(String::new(), start, total)
        .label_fmt(|| format!("Content-encoded entity body ({enc}): {total} bytes -> {len} bytes"));
    c.ds = ds;
    c.add(fid!("http2.data.data"), Value::Slice, 0, len)
        .label_fmt(|| super::ctx::bytes_label("Data", &plain))
        .ds = pds;
    let mut m = Node::new(FieldId::TEXT, Value::None, 0, 0);
    super::content::media(cx, &mut m, ctype, &plain, 0, len);
    n.push(c);
    for mut x in m.children {
        super::ctx::set_ds(&mut x, pds);
        n.push(x);
    }
    cx.sources
        .push((format!("Uncompressed entity body ({len} bytes)"), plain));
    layer.push(n);
}

fn data_span(u: &Unit, b: &[u8]) -> std::ops::Range<usize> {
    match u.head {
        Some(h) => data_range(&h, b.get(9..).unwrap_or_default()),
        None => 0..0,
    }
}

/// "[3 Body fragments (21918 bytes): #32(8192), #36(8192), #36(5534)]" with its items.
fn fragments_node(frags: &[(u32, u32)], data: &[u8], ds: u8) -> Node {
    let total = data.len();
    let mut f = super::ctx::pieces_node(
        fid!("http2.body.fragments"),
        fid!("http2.body.fragment"),
        "Body fragments",
        frags,
        total,
    );
    let n = frags.len();
    f.add_uint(fid!("http2.body.fragment.count"), n as u64, 0, 0)
        .label_fmt(|| format!("[Body fragment count: {n}]"));
    f.add_uint(fid!("http2.body.reassembled.length"), total as u64, 0, 0)
        .label_fmt(|| format!("[Reassembled body length: {total}]"));
    f.add(fid!("http2.body.reassembled.data"), Value::Slice, 0, total)
        .label_fmt(|| {
            format!(
                "[{}]",
                super::ctx::bytes_label("Reassembled body data", data)
            )
        });
    super::ctx::set_ds(&mut f, ds);
    f
}

fn shift(n: &mut Node, by: usize) {
    n.start = n.start.saturating_add(by as u32);
    for c in &mut n.children {
        shift(c, by);
    }
}

/// The frame's node; `data`: whether a DATA frame shows its own bytes (not when it ends a
/// body, which [`unit_into`] shows whole).
fn unit_node_at0(cx: &Ctx, u: &Unit, b: &[u8], ex: Option<&Exchange>, data: bool) -> Node {
    let Some(h) = u.head else {
        let mut n = Node::new(fid!("http2.stream"), Value::None, 0, b.len()).label("Stream: Magic");
        n.add(fid!("http2.magic"), Value::Bytes(b.to_vec()), 0, b.len())
            .label("Magic: PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n");
        return n;
    };
    let name = type_name(h.ty);
    let what = match (&u.headers, h.ty) {
        (Some(_), _) => u.info.split_once(": ").map(|(_, w)| format!(", {w}")),
        (None, DATA) if h.flags & END_STREAM == 0 => Some(" (partial entity body)".into()),
        _ => None,
    };
    let mut n = Node::new(fid!("http2.stream"), Value::None, 0, b.len()).label_fmt(|| {
        format!(
            "Stream: {name}, Stream ID: {}, Length {}{}",
            h.stream,
            h.len,
            what.as_deref().unwrap_or("")
        )
    });
    n.add_uint(fid!("http2.length"), h.len as u64, 0, 3);
    n.add_uint(fid!("http2.type"), h.ty as u64, 3, 1)
        .label_fmt(|| format!("Type: {name} ({})", h.ty));
    n.push(flags_node(&h));
    let raw = super::ctx::be32(b, 5).unwrap_or(h.stream);
    reserved_and_31(&mut n, fid!("http2.r"), fid!("http2.streamid"), raw, 5);
    let p = b.get(9..).unwrap_or_default();
    match h.ty {
        DATA => {
            n.push(pad_length(&h, p));
            let r = data_range(&h, p);
            if h.flags & END_STREAM == 0 {
                let frame = cx.frame;
                let whole = ex.and_then(|e| {
                    e.bodies
                        .iter()
                        .find(|b| b.end != 0 && b.frags.iter().any(|f| f.0 == frame))
                });
                if let Some(e) = whole.map(|b| b.end) {
                    n.add(fid!("http2.body.reassembled.in"), Value::Frame(e), 9, 0)
                        .label_fmt(|| format!("Reassembled body in frame: {e}"));
                }
            }
            if data && r.is_empty() {
                // (tshark's empty byte field)
                n.add(
                    fid!("http2.data.data"),
                    Value::Str("<MISSING>".into()),
                    9,
                    0,
                )
                .label("Data: <MISSING>");
            } else if data {
                let d = &p[r.clone()];
                n.add(fid!("http2.data.data"), Value::Slice, 9 + r.start, r.len())
                    .label_fmt(|| super::ctx::bytes_label("Data", d));
            }
        }
        HEADERS | PUSH_PROMISE | CONTINUATION => headers_fields(&mut n, &h, p, u, ex, cx),
        _ => payload_fields(&mut n, &h, p),
    }
    n
}

/// The Flags item with its bits, as each frame type defines them.
fn flags_node(h: &Head) -> Node {
    // (mask, field, name) from the high bit down; the unused bits first
    let bits: &[(u8, FieldId, &'static str)] = match h.ty {
        DATA => &[
            (0x08, fid!("http2.flags.padded"), "Padded"),
            (0x01, fid!("http2.flags.end_stream"), "End Stream"),
        ],
        HEADERS => &[
            (0x20, fid!("http2.flags.priority"), "Priority"),
            (0x08, fid!("http2.flags.padded"), "Padded"),
            (0x04, fid!("http2.flags.eh"), "End Headers"),
            (0x01, fid!("http2.flags.end_stream"), "End Stream"),
        ],
        4 => &[(0x01, fid!("http2.flags.ack.settings"), "ACK")],
        PUSH_PROMISE => &[
            (0x08, fid!("http2.flags.padded"), "Padded"),
            (0x04, fid!("http2.flags.eh"), "End Headers"),
        ],
        6 => &[(0x01, fid!("http2.flags.ack.ping"), "ACK")],
        CONTINUATION => &[(0x04, fid!("http2.flags.eh"), "End Headers")],
        _ => &[],
    };
    let unused_field = match h.ty {
        DATA => fid!("http2.flags.unused_data"),
        HEADERS => fid!("http2.flags.unused_headers"),
        4 => fid!("http2.flags.unused_settings"),
        PUSH_PROMISE => fid!("http2.flags.unused_push_promise"),
        6 => fid!("http2.flags.unused_ping"),
        CONTINUATION => fid!("http2.flags.unused_continuation"),
        _ => fid!("http2.flags.unused"),
    };
    let f = h.flags;
    let set: Vec<&str> = bits
        .iter()
        .filter(|(m, _, _)| f & m != 0)
        .map(|(_, _, n)| *n)
        .collect();
    let mut n = Node::new(fid!("http2.flags"), Value::Uint(f as u64, 2), 4, 1).label_fmt(|| {
        let mut l = format!("Flags: 0x{f:02x}");
        for s in &set {
            l.push_str(", ");
            l.push_str(s);
        }
        l
    });
    let unused = !bits.iter().fold(0u8, |a, (m, _, _)| a | m);
    n.add(unused_field, Value::Uint((f & unused) as u64, 2), 4, 1)
        .label_fmt(|| {
            format!(
                "{} = Unused: 0x{:02x}",
                bits_str(f as u64, unused as u64, 8),
                f & unused
            )
        });
    for &(m, field, name) in bits {
        let on = f & m != 0;
        n.add(field, Value::Bool(on), 4, 1).label_fmt(|| {
            format!(
                "{} = {name}: {}",
                bits_str(f as u64, m as u64, 8),
                if on { "True" } else { "False" }
            )
        });
    }
    n
}

/// "[Pad Length: 0]" (generated when the frame is not padded).
fn pad_length(h: &Head, p: &[u8]) -> Node {
    if h.flags & crate::analysis::http2::PADDED != 0 {
        let v = p.first().copied().unwrap_or(0);
        return Node::new(fid!("http2.padding"), Value::Uint(v as u64, 2), 9, 1)
            .label_fmt(|| format!("Pad Length: {v}"));
    }
    let mut n = Node::new(fid!("http2.pad_length"), Value::Uint(0, 0), 9, 0);
    n.flags |= GENERATED;
    n
}

/// A HEADERS, PUSH_PROMISE or CONTINUATION frame's fields, and the header list when its
/// block ends here.
fn headers_fields(n: &mut Node, h: &Head, p: &[u8], u: &Unit, ex: Option<&Exchange>, cx: &Ctx) {
    if h.ty != CONTINUATION {
        n.push(pad_length(h, p));
    }
    if h.ty == PUSH_PROMISE {
        let id = super::ctx::be32(p, usize::from(h.flags & 0x08 != 0)).unwrap_or(0) & 0x7fff_ffff;
        n.add_uint(
            fid!("http2.push_promise.promised_stream_id"),
            id as u64,
            9,
            4,
        );
    }
    let Some(r) = block_fragment(h, p) else {
        return;
    };
    let field = match h.ty {
        HEADERS => fid!("http2.headers"),
        PUSH_PROMISE => fid!("http2.push_promise.header"),
        _ => fid!("http2.continuation.header"),
    };
    let name = field.name();
    n.add(field, Value::Slice, 9 + r.start, r.len())
        .label_fmt(|| super::ctx::bytes_label(name, &p[r.clone()]));
    let Some(list) = &u.headers else { return };
    let size: usize = list.iter().map(|(k, v)| k.len() + v.len() + 8).sum();
    n.add_uint(fid!("http2.header.length"), size as u64, 9, 0)
        .generated();
    // (the representations are read from this frame's block when it is whole here)
    let reprs = if h.flags & crate::analysis::http2::END_HEADERS != 0 && h.ty != CONTINUATION {
        representations(&p[r])
    } else {
        Vec::new()
    };
    // (a table size update counts as a header)
    let count = list.len() + reprs.len()
        - reprs
            .iter()
            .filter(|r| matches!(r, Repr::Field(..)))
            .count();
    n.add_uint(fid!("http2.header.count"), count as u64, 9, 0)
        .generated();
    let mut fields = reprs.iter().filter_map(|r| match r {
        Repr::Field(k, i) => Some((*k, *i)),
        Repr::TableSize(_) => None,
    });
    for r in &reprs {
        if let Repr::TableSize(size) = *r {
            let mut t = Node::new(fid!("http2.header_table_size_update"), Value::None, 9, 0);
            t.add_uint(
                fid!("http2.header_table_size_update.header_table_size"),
                size,
                9,
                0,
            );
            n.push(t);
        }
    }
    for (k, v) in list {
        n.push(header_node(k, v, fields.next()));
    }
    if let Some(e) = ex {
        links(n, e, cx);
    }
}

/// One decoded header field.
fn header_node(k: &str, v: &str, repr: Option<(&'static str, Option<u64>)>) -> Node {
    let status = (k == ":status").then(|| v.parse::<u16>().ok()).flatten();
    let mut x = Node::new(fid!("http2.header"), Value::None, 9, 0).label_fmt(|| match status {
        Some(c) => format!("Header: {k}: {v} {}", crate::analysis::http::status_desc(c)),
        None => format!("Header: {k}: {v}"),
    });
    x.add_uint(fid!("http2.header.name.length"), k.len() as u64, 9, 0);
    x.add(fid!("http2.header.name"), Value::Str(k.to_string()), 9, 0);
    x.add_uint(fid!("http2.header.value.length"), v.len() as u64, 9, 0);
    x.add(fid!("http2.header.value"), Value::Str(v.to_string()), 9, 0);
    if let Some((f, uint)) = known_header(k) {
        let val = match (uint, v.parse::<u64>()) {
            (true, Ok(n)) => Value::Uint(n, 0),
            _ => Value::Str(v.to_string()),
        };
        x.add(f, val, 9, 0).label_fmt(|| format!("{k}: {v}"));
    }
    x.add(
        fid!("http2.header.unescaped"),
        Value::Str(v.to_string()),
        9,
        0,
    )
    .generated();
    if let Some((kind, idx)) = repr {
        x.add(
            fid!("http2.header.repr"),
            Value::Str(kind.to_string()),
            9,
            0,
        );
        if let Some(i) = idx {
            x.add_uint(fid!("http2.header.index"), i, 9, 0);
        }
    }
    x
}

/// The request's full URI and its link to the response, or the response's to the request
/// and the time between them.
fn links(n: &mut Node, e: &Exchange, cx: &Ctx) {
    let frame = cx.frame;
    let link = |n: &mut Node, abbrev: FieldId, what: &'static str, f: u32| {
        if f != 0 {
            n.add(abbrev, Value::Frame(f), 9, 0)
                .label_fmt(|| format!("{what} in frame: {f}"))
                .generated();
        }
    };
    if e.req == frame {
        let uri = e.full_uri();
        n.add(fid!("http2.request.full_uri"), Value::Str(uri), 9, 0)
            .flags |= GENERATED;
        link(n, fid!("http2.response_in"), "Response", e.resp);
    } else if e.resp == frame {
        link(n, fid!("http2.request_in"), "Request", e.req);
        if let (Some(an), true) = (cx.an, e.req != 0) {
            let ts = |f: u32| an.record(f).map_or(0, |r| r.ts_ns);
            let dt = ts(e.resp) - ts(e.req);
            n.add(fid!("http2.time"), Value::RelTime(dt), 9, 0)
                .label_fmt(|| format!("Time since request: {} seconds", super::tree::secs(dt)))
                .generated();
        }
    }
}

/// A reserved bit and a 31-bit number (`raw`, 4 bytes at `at`), as tshark draws them:
/// "0... …= Reserved: 0x0", ".000 … 0011 = Stream Identifier: 3".
fn reserved_and_31(n: &mut Node, r: FieldId, field: FieldId, raw: u32, at: usize) {
    let (bit, v) = (raw >> 31, raw & 0x7fff_ffff);
    n.add(r, Value::Uint(bit as u64, 8), at, 4).label_fmt(|| {
        format!(
            "{} = Reserved: 0x{bit:x}",
            bits_str(raw as u64, 1 << 31, 32)
        )
    });
    let name = field.name();
    n.add(field, Value::Uint(v as u64, 0), at, 4)
        .label_fmt(|| format!("{} = {name}: {v}", bits_str(v as u64, 0x7fff_ffff, 32)));
}

/// The payload of the frame types without a header block or data.
fn payload_fields(n: &mut Node, h: &Head, p: &[u8]) {
    let be32 = |at: usize| super::ctx::be32(p, at).unwrap_or(0);
    match h.ty {
        2 => {
            let d = be32(0);
            n.add(fid!("http2.exclusive"), Value::Bool(d >> 31 != 0), 9, 4);
            n.add_uint(
                fid!("http2.stream_dependency"),
                (d & 0x7fff_ffff) as u64,
                9,
                4,
            );
            let w = p.get(4).copied().unwrap_or(0);
            n.add_uint(fid!("http2.headers.weight"), w as u64, 13, 1);
            n.add_uint(fid!("http2.headers.weight_real"), w as u64 + 1, 13, 1)
                .generated();
        }
        3 => {
            let e = be32(0);
            n.add_uint(fid!("http2.rst_stream.error"), e as u64, 9, 4)
                .label_fmt(|| format!("Error: {} ({e})", error_name(e)));
        }
        4 => {
            for (i, s) in p.chunks_exact(6).enumerate() {
                n.push(setting_node(s, 9 + i * 6));
            }
        }
        6 => {
            let f = if h.flags & 1 != 0 {
                fid!("http2.pong")
            } else {
                fid!("http2.ping")
            };
            let d = &p[..p.len().min(8)];
            n.add(f, Value::Slice, 9, d.len())
                .label_fmt(|| super::ctx::bytes_label(f.name(), d));
        }
        7 => {
            let last = be32(0);
            reserved_and_31(
                n,
                fid!("http2.goway.r"),
                fid!("http2.goaway.last_stream_id"),
                last,
                9,
            );
            let e = be32(4);
            n.add_uint(fid!("http2.goaway.error"), e as u64, 13, 4)
                .label_fmt(|| format!("Error: {} ({e})", error_name(e)));
            if p.len() > 8 {
                n.add(fid!("http2.goaway.addata"), Value::Slice, 17, p.len() - 8)
                    .label_fmt(|| super::ctx::bytes_label("Additional Debug Data", &p[8..]));
            }
        }
        8 => {
            let inc = be32(0);
            let f = fid!("http2.window_update.window_size_increment");
            reserved_and_31(n, fid!("http2.window_update.r"), f, inc, 9);
        }
        _ if !p.is_empty() => {
            n.add(fid!("http2.unknown"), Value::Slice, 9, p.len())
                .label_fmt(|| super::ctx::bytes_label("Unknown", p));
        }
        _ => {}
    }
}

// an upgrade to h2c carries the client's SETTINGS payload in its HTTP2-Settings header,
// in base64url
inventory::submit! {
    super::table::HttpHeaderValue { header: "HTTP2-Settings", items: upgrade_settings }
}

fn upgrade_settings(value: &str, at: usize) -> Vec<Node> {
    use base64::Engine;
    let eng = base64::engine::GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    match eng.decode(value) {
        Ok(p) => p.chunks_exact(6).map(|c| setting_node(c, at)).collect(),
        Err(_) => Vec::new(),
    }
}

/// One SETTINGS parameter (6 bytes at `at`).
fn setting_node(s: &[u8], at: usize) -> Node {
    let id = u16::from_be_bytes([s[0], s[1]]);
    let v = u32::from_be_bytes([s[2], s[3], s[4], s[5]]);
    let (name, field, vname) = match id {
        1 => (
            "Header table size",
            fid!("http2.settings.header_table_size"),
            "Header table size",
        ),
        2 => (
            "Enable PUSH",
            fid!("http2.settings.enable_push"),
            "Enable PUSH",
        ),
        3 => (
            "Max concurrent streams",
            fid!("http2.settings.max_concurrent_streams"),
            "Max concurrent streams",
        ),
        4 => (
            "Initial Windows size",
            fid!("http2.settings.initial_window_size"),
            "Initial Windows Size",
        ),
        5 => (
            "Max frame size",
            fid!("http2.settings.max_frame_size"),
            "Max frame size",
        ),
        6 => (
            "Max header list size",
            fid!("http2.settings.max_header_list_size"),
            "Max header list size",
        ),
        8 => (
            "Extended CONNECT",
            fid!("http2.settings.extended_connect"),
            "Extended CONNECT",
        ),
        _ => (
            "Unknown",
            fid!("http2.settings.unknown"),
            "Unknown Settings",
        ),
    };
    let mut n = Node::new(fid!("http2.settings"), Value::None, at, 6)
        .label_fmt(|| format!("Settings - {name} : {v}"));
    n.add_uint(fid!("http2.settings.id"), id as u64, at, 2)
        .label_fmt(|| format!("Settings Identifier: {name} ({id})"));
    n.add(field, Value::Uint(v as u64, 0), at + 2, 4)
        .label_fmt(|| format!("{vname}: {v}"));
    n
}

/// RFC 9113's error codes.
pub fn error_name(e: u32) -> &'static str {
    match e {
        0 => "NO_ERROR",
        1 => "PROTOCOL_ERROR",
        2 => "INTERNAL_ERROR",
        3 => "FLOW_CONTROL_ERROR",
        4 => "SETTINGS_TIMEOUT",
        5 => "STREAM_CLOSED",
        6 => "FRAME_SIZE_ERROR",
        7 => "REFUSED_STREAM",
        8 => "CANCEL",
        9 => "COMPRESSION_ERROR",
        10 => "CONNECT_ERROR",
        11 => "ENHANCE_YOUR_CALM",
        12 => "INADEQUATE_SECURITY",
        13 => "HTTP_1_1_REQUIRED",
        _ => "Unknown",
    }
}

/// The headers Wireshark gives a field of their own (`http2.headers.<name>`, registered with
/// the header's name), and whether its value is a number.
fn known_header(k: &str) -> Option<(FieldId, bool)> {
    let abbrev = format!(
        "http2.headers.{}",
        k.trim_start_matches(':').replace('-', "_")
    );
    let id = super::fields::lookup(&abbrev).filter(|f| f.name() == k)?;
    use super::fields::FieldKind::{FT_UINT16, FT_UINT64};
    Some((id, matches!(id.kind(), FT_UINT16 | FT_UINT64)))
}

/// The layer of one TLS record's frames.
pub fn layer() -> Node {
    Node::new(fid!("http2"), Value::None, 0, 0).label("HyperText Transfer Protocol 2")
}

// HTTP/2 frames after an upgrade to h2c: its columns come first (with the upgrade's HTTP
// Info before them)
inventory::submit! {
    super::table::PduProtocol { rank: 10, takes: takes_pdu, dissect: pdu, columns }
}

fn takes_pdu(k: PduKind) -> bool {
    k == PduKind::Http2
}

/// HTTP/2's part of a segment's columns: each frame's Info, and whether the layer of the
/// segment's own frames is open (HTTP/2 is counted once for them, once for each frame
/// reassembled from several).
#[derive(Default)]
struct Shown {
    info: Vec<String>,
    open: bool,
}

fn pdu(cx: &mut Ctx, p: &PduAt, cols: &mut PduColumns) {
    if !p.pdu.is_reassembled() {
        // a frame framed by its length, whole in the segment: TCP's [PDU Size]
        cx.pdu_sizes.push((p.start, p.pdu.len as usize));
    }
    let (an, seg) = (p.seg.an, p.seg);
    let Some(u) = an.reasm.h2_unit(seg.frame, p.no) else {
        return;
    };
    if !cx.protos.contains(&"http") {
        // (HTTP hands the upgraded connection to HTTP/2)
        cx.proto("http");
    }
    let shown = cols.part::<Shown>();
    let own = p.pdu.is_reassembled();
    if own || !shown.open {
        cx.proto("http2");
    }
    shown.open = !own;
    let (ds, base) = match p.ds_base {
        Some(d) => (d, 0),
        None => (0, p.start),
    };
    let ex = u
        .head
        .zip(seg.tf)
        .and_then(|(h, t)| an.reasm.h2c_exchange(t.stream, h.stream));
    let mut l = layer();
    let place = Place { ds, base, ex };
    unit_into(cx, &mut l, u, p.bytes, &place);
    cx.roots.push(l);
    shown.info.push(u.info.clone());
}

fn columns(cx: &mut Ctx, seg: &PduSegment, cols: &mut PduColumns) -> bool {
    let Some(h2) = cols.get::<Shown>().filter(|s| !s.info.is_empty()) else {
        return false;
    };
    let http = cols
        .get::<super::http::Shown>()
        .map(|h| h.info.concat())
        .unwrap_or_default();
    let sep = if http.is_empty() { "" } else { ", " };
    cx.cols.protocol = "HTTP2".into();
    cx.cols.info = format!("{}{http}{sep}{}", seg.prefix, h2.info.join(", "));
    true
}
