//! HTTP/2 in the first pass (RFC 9113): where each frame ends in a direction's byte
//! stream, the header blocks decoded in order with each direction's HPACK table (the
//! `loona-hpack` crate), and each frame's Info item as tshark writes it.

use super::framing::{self, Framing, Heuristic, Need, Switch};
use super::reassembly::{Pdu, PduKind, Reassembly};
use super::register::ProtoData;

/// The client's connection preface.
pub const MAGIC: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// Frame types.
pub const DATA: u8 = 0;
pub const HEADERS: u8 = 1;
pub const PUSH_PROMISE: u8 = 5;
pub const CONTINUATION: u8 = 9;

/// Flags.
pub const END_STREAM: u8 = 0x1;
pub const END_HEADERS: u8 = 0x4;
pub const PADDED: u8 = 0x8;
pub const PRIORITY: u8 = 0x20;

pub fn type_name(t: u8) -> &'static str {
    match t {
        0 => "DATA",
        1 => "HEADERS",
        2 => "PRIORITY",
        3 => "RST_STREAM",
        4 => "SETTINGS",
        5 => "PUSH_PROMISE",
        6 => "PING",
        7 => "GOAWAY",
        8 => "WINDOW_UPDATE",
        9 => "CONTINUATION",
        10 => "ALTSVC",
        11 => "BLOCKED",
        12 => "ORIGIN",
        16 => "PRIORITY_UPDATE",
        _ => "Unknown",
    }
}

/// A frame's 9-byte header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Head {
    pub len: u32,
    pub ty: u8,
    pub flags: u8,
    pub stream: u32,
}

pub fn head(b: &[u8]) -> Option<Head> {
    let h = b.get(..9)?;
    Some(Head {
        len: u32::from_be_bytes([0, h[0], h[1], h[2]]),
        ty: h[3],
        flags: h[4],
        stream: u32::from_be_bytes([h[5], h[6], h[7], h[8]]) & 0x7fff_ffff,
    })
}

/// How long the next unit at `b` is (the preface, or a frame), when it is all there.
pub fn unit_len(b: &[u8], at_start: bool) -> Option<usize> {
    if at_start && b.starts_with(MAGIC) {
        return Some(MAGIC.len());
    }
    if at_start && MAGIC.starts_with(&b[..b.len().min(MAGIC.len())]) && b.len() < MAGIC.len() {
        return None;
    }
    let h = head(b)?;
    let n = 9 + h.len as usize;
    (n <= b.len()).then_some(n)
}

/// The header block fragment of a HEADERS, PUSH_PROMISE or CONTINUATION frame's payload.
pub fn block_fragment(h: &Head, p: &[u8]) -> Option<std::ops::Range<usize>> {
    let mut a = 0usize;
    let mut pad = 0usize;
    if h.ty != CONTINUATION && h.flags & PADDED != 0 {
        pad = *p.first()? as usize;
        a = 1;
    }
    if h.ty == HEADERS && h.flags & PRIORITY != 0 {
        a += 5;
    }
    if h.ty == PUSH_PROMISE {
        a += 4;
    }
    let e = p.len().checked_sub(pad)?;
    (a <= e).then_some(a..e)
}

/// One decoded unit of a direction: a frame (or the preface) with its headers.
#[derive(Clone, Debug, Default)]
pub struct Unit {
    /// None: the connection preface.
    pub head: Option<Head>,
    /// The decoded header list of a HEADERS frame whose block ends in it.
    pub headers: Option<Vec<(String, String)>>,
    /// The Info item ("HEADERS[1]: GET /index.html", "DATA[1] (text/html)").
    pub info: String,
}

/// A direction's HPACK table and what is pending in it.
#[derive(Default)]
pub struct DirState {
    dec: Option<loona_hpack::Decoder<'static>>,
    /// A header block continued in CONTINUATION frames.
    block: Vec<u8>,
}

const MAX_BLOCK: usize = 1 << 20;

impl DirState {
    /// Reads one whole unit (from [`unit_len`]).
    pub fn unit(&mut self, b: &[u8]) -> Unit {
        let Some(h) = head(b).filter(|_| !b.starts_with(MAGIC)) else {
            return Unit {
                info: "Magic".into(),
                ..Default::default()
            };
        };
        let p = b.get(9..).unwrap_or_default();
        let mut u = Unit {
            head: Some(h),
            info: format!("{}[{}]", type_name(h.ty), h.stream),
            ..Default::default()
        };
        match h.ty {
            HEADERS | PUSH_PROMISE | CONTINUATION => {
                if h.ty != CONTINUATION {
                    self.block.clear();
                }
                if let Some(r) = block_fragment(&h, p) {
                    if self.block.len() + r.len() <= MAX_BLOCK {
                        self.block.extend_from_slice(&p[r]);
                    }
                }
                if h.flags & END_HEADERS != 0 {
                    let list = self.decode_block();
                    let get = |k: &str| list.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
                    if let (Some(m), Some(p)) = (get(":method"), get(":path")) {
                        u.info.push_str(&format!(": {m} {p}"));
                    } else if let Some(s) = get(":status") {
                        let code: u16 = s.parse().unwrap_or(0);
                        u.info
                            .push_str(&format!(": {s} {}", super::http::status_desc(code)));
                    }
                    u.headers = Some(list);
                }
            }
            _ => {}
        }
        u
    }

    /// Decodes the header block gathered so far with this direction's table (an empty list
    /// when it does not decode).
    fn decode_block(&mut self) -> Vec<(String, String)> {
        let dec = self.dec.get_or_insert_with(loona_hpack::Decoder::new);
        let list = match dec.decode(&self.block) {
            Ok(l) => l
                .into_iter()
                .map(|(n, v)| {
                    (
                        String::from_utf8_lossy(&n).into_owned(),
                        String::from_utf8_lossy(&v).into_owned(),
                    )
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        self.block.clear();
        list
    }
}

/// The payload of a DATA frame without its padding.
pub fn data_range(h: &Head, p: &[u8]) -> std::ops::Range<usize> {
    if h.flags & PADDED == 0 {
        return 0..p.len();
    }
    let Some(&pad) = p.first() else {
        return 0..0;
    };
    1..p.len().saturating_sub(pad as usize).max(1)
}

/// One message body of a stream: the DATA frames that carried it and, within the pass's
/// budget, its bytes.
#[derive(Clone, Debug, Default)]
pub struct Body {
    /// (frame, length) of each DATA frame, in order.
    pub frags: Vec<(u32, u32)>,
    pub data: Vec<u8>,
    /// Bytes past the budget were not kept.
    pub cut: bool,
    /// The frame of the DATA that ended the stream (0: not ended).
    pub end: u32,
    /// Its media type (without parameters) and content coding, from its headers.
    pub ctype: String,
    pub encoding: String,
}

/// One request and its response on an HTTP/2 stream (Wireshark 4.2's `http2.request_in`,
/// `http2.response_in` and `http2.time` pair them; tshark 4.0 does not).
#[derive(Clone, Debug, Default)]
pub struct Exchange {
    pub tcp_stream: u32,
    pub sid: u32,
    /// The frames of the request's and the response's HEADERS (0: not seen).
    pub req: u32,
    pub resp: u32,
    pub method: String,
    pub path: String,
    pub authority: String,
    pub scheme: String,
    pub status: u16,
    /// The request's and the response's bodies.
    pub bodies: [Body; 2],
}

impl Exchange {
    /// The full request URI (`http2.request.full_uri`).
    pub fn full_uri(&self) -> String {
        format!("{}://{}{}", self.scheme, self.authority, self.path)
    }
    /// The body that the DATA in `frame` ended, if it ended one.
    pub fn body_ended_in(&self, frame: u32) -> Option<&Body> {
        self.bodies.iter().find(|b| b.end == frame && frame != 0)
    }
}

/// The exchange of (TCP stream, HTTP/2 stream), opened when new.
fn exchange<'a>(
    index: &mut rustc_hash::FxHashMap<(u32, u32), u32>,
    exchanges: &'a mut Vec<Exchange>,
    stream: u32,
    sid: u32,
) -> &'a mut Exchange {
    let n = exchanges.len() as u32;
    let i = *index.entry((stream, sid)).or_insert(n) as usize;
    if i == exchanges.len() {
        exchanges.push(Exchange {
            tcp_stream: stream,
            sid,
            ..Default::default()
        });
    }
    &mut exchanges[i]
}

/// At most this many body bytes are kept over a pass (the rest are counted, not kept).
const MAX_BODIES: usize = 256 << 20;

/// Every HTTP/2 connection of a pass: each direction's HPACK table, and the streams'
/// exchanges with their bodies (kept after the pass).
#[derive(Default)]
pub struct Conns {
    dirs: rustc_hash::FxHashMap<(u32, u8), DirState>,
    /// Which direction is the client's, by TCP stream.
    client: rustc_hash::FxHashMap<u32, u8>,
    index: rustc_hash::FxHashMap<(u32, u32), u32>,
    pub exchanges: Vec<Exchange>,
    kept: usize,
}

impl Conns {
    /// Reads one whole unit of direction `dir` of TCP stream `stream`, seen in `frame`.
    pub fn unit(&mut self, stream: u32, dir: u8, frame: u32, b: &[u8]) -> Unit {
        let mut u = self.dirs.entry((stream, dir)).or_default().unit(b);
        let Some(h) = u.head else {
            // the preface comes from the client
            self.client.insert(stream, dir);
            return u;
        };
        if h.stream == 0 || !matches!(h.ty, DATA | HEADERS | CONTINUATION) {
            return u;
        }
        if let Some(list) = &u.headers {
            if list.iter().any(|(n, _)| n == ":method") {
                self.client.insert(stream, dir);
            }
        }
        let request = self.client.get(&stream) == Some(&dir);
        let ex = exchange(&mut self.index, &mut self.exchanges, stream, h.stream);
        if let Some(list) = &u.headers {
            let get = |k: &str| list.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
            let body = &mut ex.bodies[usize::from(!request)];
            if let Some(t) = get("content-type") {
                body.ctype = t.split(';').next().unwrap_or_default().trim().to_string();
            }
            if let Some(e) = get("content-encoding") {
                body.encoding = e.trim().to_ascii_lowercase();
            }
            if request && ex.req == 0 {
                ex.req = frame;
                ex.method = get(":method").unwrap_or_default();
                ex.path = get(":path").unwrap_or_default();
                ex.authority = get(":authority").unwrap_or_default();
                ex.scheme = get(":scheme").unwrap_or_default();
            } else if !request && ex.resp == 0 {
                if let Some(s) = get(":status") {
                    ex.resp = frame;
                    ex.status = s.parse().unwrap_or(0);
                }
            }
        }
        if h.ty == DATA {
            let body = &mut ex.bodies[usize::from(!request)];
            let r = data_range(&h, b.get(9..).unwrap_or_default());
            let d = b.get(9..).and_then(|p| p.get(r)).unwrap_or_default();
            if body.end == 0 {
                body.frags.push((frame, d.len() as u32));
                if self.kept + d.len() <= MAX_BODIES {
                    self.kept += d.len();
                    body.data.extend_from_slice(d);
                } else {
                    body.cut = true;
                }
                if h.flags & END_STREAM != 0 {
                    body.end = frame;
                    body.data.shrink_to_fit();
                }
            }
            // the DATA that ends a body names its media type (an empty body has none)
            if body.end == frame && !body.ctype.is_empty() && body.frags.iter().any(|f| f.1 > 0) {
                u.info.push_str(&format!(" ({})", body.ctype));
            }
        }
        u
    }

    /// The exchange of HTTP/2 stream `sid` on TCP stream `stream`.
    pub fn get(&self, stream: u32, sid: u32) -> Option<&Exchange> {
        self.exchanges
            .get(*self.index.get(&(stream, sid))? as usize)
    }

    /// The pass has ended: the tables go, the exchanges stay.
    pub fn finish(&mut self) {
        self.dirs = Default::default();
        self.client = Default::default();
    }
}

/// How one header field of a block was represented (RFC 7541 section 6), as Wireshark
/// names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repr {
    /// A field (its representation and, for an indexed one or an indexed name, the index).
    Field(&'static str, Option<u64>),
    /// A dynamic table size update.
    TableSize(u64),
}

/// The representations of a whole header block, in order (without decoding it: the
/// strings are skipped). Stops at the first malformed one.
pub fn representations(block: &[u8]) -> Vec<Repr> {
    fn int(b: &[u8], at: &mut usize, bits: u32) -> Option<u64> {
        let mask = (1u64 << bits) - 1;
        let mut v = *b.get(*at)? as u64 & mask;
        *at += 1;
        if v < mask {
            return Some(v);
        }
        let mut shift = 0u32;
        loop {
            let x = *b.get(*at)?;
            *at += 1;
            v = v.checked_add(((x & 0x7f) as u64).checked_shl(shift)?)?;
            shift += 7;
            if x & 0x80 == 0 || shift > 56 {
                return (x & 0x80 == 0).then_some(v);
            }
        }
    }
    fn string(b: &[u8], at: &mut usize) -> Option<()> {
        let n = int(b, at, 7)? as usize;
        *at = at.checked_add(n).filter(|&e| e <= b.len())?;
        Some(())
    }
    let mut out = Vec::new();
    let mut at = 0usize;
    while at < block.len() {
        let first = block[at];
        let (kind, bits) = match first {
            x if x & 0x80 != 0 => {
                let Some(i) = int(block, &mut at, 7) else {
                    break;
                };
                out.push(Repr::Field("Indexed Header Field", Some(i)));
                continue;
            }
            x if x & 0xc0 == 0x40 => ("Literal Header Field with Incremental Indexing", 6),
            x if x & 0xe0 == 0x20 => {
                let Some(n) = int(block, &mut at, 5) else {
                    break;
                };
                out.push(Repr::TableSize(n));
                continue;
            }
            x if x & 0xf0 == 0x10 => ("Literal Header Field never Indexed", 4),
            _ => ("Literal Header Field without Indexing", 4),
        };
        let Some(i) = int(block, &mut at, bits) else {
            break;
        };
        if i == 0 && string(block, &mut at).is_none() {
            break;
        }
        if string(block, &mut at).is_none() {
            break;
        }
        out.push(match (i, kind) {
            (0, "Literal Header Field with Incremental Indexing") => Repr::Field(
                "Literal Header Field with Incremental Indexing - New Name",
                None,
            ),
            (0, "Literal Header Field never Indexed") => {
                Repr::Field("Literal Header Field never Indexed - New Name", None)
            }
            (0, _) => Repr::Field("Literal Header Field without Indexing - New Name", None),
            (i, "Literal Header Field with Incremental Indexing") => Repr::Field(
                "Literal Header Field with Incremental Indexing - Indexed Name",
                Some(i),
            ),
            (i, "Literal Header Field never Indexed") => {
                Repr::Field("Literal Header Field never Indexed - Indexed Name", Some(i))
            }
            (i, _) => Repr::Field(
                "Literal Header Field without Indexing - Indexed Name",
                Some(i),
            ),
        });
    }
    out
}

/// h2c's first-pass state: the connections, and the unit each PDU holds.
#[derive(Default)]
pub struct H2c {
    /// HPACK tables (for the pass), exchanges and bodies.
    pub conns: Conns,
    /// The HTTP/2 units of the h2c PDUs, by (frame, the PDU's index among the frame's).
    units: rustc_hash::FxHashMap<(u32, u16), Box<Unit>>,
}

/// How much of a frame (or of the connection preface) the bytes hold.
fn framing_need(b: &[u8]) -> Need {
    match unit_len(b, true) {
        Some(n) => Need::Complete(n),
        None => match head(b) {
            Some(h) if !b.starts_with(&MAGIC[..b.len().min(24)]) => {
                Need::Exactly(9 + h.len as usize)
            }
            _ => Need::More,
        },
    }
}

fn framing_finish(data: &mut ProtoData, pdu: &mut Pdu, u: &framing::Unit, index: u16) -> Switch {
    if let Some(h) = data.get_or_default::<H2c>() {
        let unit = h.conns.unit(u.stream, u.dir, u.frame, u.bytes);
        pdu.set_text(&unit.info);
        h.units.insert((u.frame, index), Box::new(unit));
    }
    Switch::Stay
}

inventory::submit! {
    Framing {
        name: "http2",
        kind: PduKind::Http2,
        ports: None,
        need: |_, u, _| framing_need(u.bytes),
        continuation: false,
        started: None,
        finish: framing_finish,
        abandoned: |_| None,
        done: Some(|d| {
            if let Some(h) = d.get_or_default::<H2c>() {
                h.conns.finish();
            }
        }),
    }
}

// HTTP/2 by prior knowledge: the client opens with the preface where HTTP owns the port
// (HTTP hands the connection to HTTP/2, both ways)
inventory::submit! {
    Heuristic {
        rank: 10,
        framing: "http2",
        test: |_, p| (super::http::on_http_port(p.ports) && p.bytes.starts_with(&MAGIC[..14]))
            .then_some(true),
    }
}

impl Reassembly {
    fn h2c(&self) -> Option<&H2c> {
        self.state()
    }

    /// Every HTTP/2 stream's exchange: h2c's, then those over TLS.
    pub fn h2_exchanges(&self) -> impl Iterator<Item = &Exchange> {
        let h2c = self.h2c().map(|h| h.conns.exchanges.as_slice());
        h2c.unwrap_or_default()
            .iter()
            .chain(&self.tls().store.h2.exchanges)
    }

    /// The h2c exchange of HTTP/2 stream `sid` on TCP stream `stream`.
    pub fn h2c_exchange(&self, stream: u32, sid: u32) -> Option<&Exchange> {
        self.h2c()?.conns.get(stream, sid)
    }

    /// Every h2c unit with its frame, in frame order.
    pub fn h2_units(&self) -> Vec<(u32, &Unit)> {
        let Some(h) = self.h2c() else {
            return Vec::new();
        };
        let mut v: Vec<(&(u32, u16), &Box<Unit>)> = h.units.iter().collect();
        v.sort_by_key(|(k, _)| **k);
        v.into_iter().map(|(k, u)| (k.0, &**u)).collect()
    }

    /// The HTTP/2 unit of the `idx`th PDU of `frame` (h2c).
    pub fn h2_unit(&self, frame: u32, idx: u16) -> Option<&Unit> {
        self.h2c()?.units.get(&(frame, idx)).map(|u| &**u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_headers_as_tshark_names_them() {
        assert_eq!(unit_len(MAGIC, true), Some(24));
        assert_eq!(unit_len(&MAGIC[..10], true), None);
        let settings = [0u8, 0, 0, 4, 1, 0, 0, 0, 0];
        assert_eq!(unit_len(&settings, false), Some(9));
        assert_eq!(unit_len(&settings[..5], false), None);
        let mut st = DirState::default();
        assert_eq!(st.unit(&settings).info, "SETTINGS[0]");
        // RFC 7541 C.3.1: :method GET, :scheme http, :path /, :authority www.example.com
        let block = b"\x82\x86\x84\x41\x0fwww.example.com";
        let mut f = vec![
            0,
            0,
            block.len() as u8,
            HEADERS,
            END_HEADERS | END_STREAM,
            0,
            0,
            0,
            1,
        ];
        f.extend_from_slice(block);
        let u = st.unit(&f);
        assert_eq!(u.info, "HEADERS[1]: GET /");
        let h = u.headers.expect("decoded");
        assert_eq!(h[3], (":authority".into(), "www.example.com".into()));
        // a frame cut anywhere is no whole unit, and a bad block decodes to nothing
        for n in 0..f.len() {
            assert_eq!(unit_len(&f[..n], false), None);
        }
        f[9] = 0xff;
        assert!(st.unit(&f).headers.expect("read").is_empty());
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    #[test]
    fn representations_as_rfc_7541_appendix_c_writes_them() {
        let one = |h: &str| representations(&hex(h));
        assert_eq!(
            one("400a637573746f6d2d6b65790d637573746f6d2d686561646572"),
            vec![Repr::Field(
                "Literal Header Field with Incremental Indexing - New Name",
                None
            )]
        );
        assert_eq!(
            one("040c2f73616d706c652f70617468"),
            vec![Repr::Field(
                "Literal Header Field without Indexing - Indexed Name",
                Some(4)
            )]
        );
        assert_eq!(
            one("100870617373776f726406736563726574"),
            vec![Repr::Field(
                "Literal Header Field never Indexed - New Name",
                None
            )]
        );
        assert_eq!(
            one("82"),
            vec![Repr::Field("Indexed Header Field", Some(2))]
        );
        // a table size update (5-bit prefix, then 7-bit continuation bytes: 31 + 97 + 3968)
        assert_eq!(one("3fe11f82")[0], Repr::TableSize(4096));
        // cut anywhere, a block yields what was whole before the cut
        let b = hex("828684410f7777772e6578616d706c652e636f6d");
        for n in 0..b.len() {
            assert!(representations(&b[..n]).len() <= 4);
        }
        assert_eq!(representations(&b).len(), 4);
    }

    #[test]
    fn bodies_gather_their_data_frames_and_pair_with_the_request() {
        let mut c = Conns::default();
        let frame = |ty: u8, flags: u8, sid: u8, p: &[u8]| {
            let mut f = vec![0, 0, p.len() as u8, ty, flags, 0, 0, 0, sid];
            f.extend_from_slice(p);
            f
        };
        c.unit(0, 0, 1, MAGIC);
        c.unit(
            0,
            0,
            2,
            &frame(
                HEADERS,
                END_HEADERS | END_STREAM,
                1,
                b"\x82\x86\x84\x41\x0fwww.example.com",
            ),
        );
        c.unit(0, 1, 3, &frame(HEADERS, END_HEADERS, 1, b"\x88"));
        c.unit(0, 1, 4, &frame(DATA, 0, 1, b"hello "));
        // padded: one byte of pad length, two of padding
        c.unit(
            0,
            1,
            5,
            &frame(DATA, PADDED | END_STREAM, 1, b"\x02world\0\0"),
        );
        let e = c.get(0, 1).expect("exchange");
        assert_eq!((e.req, e.resp, e.status), (2, 3, 200));
        assert_eq!(e.full_uri(), "http://www.example.com/");
        let b = e.body_ended_in(5).expect("body");
        assert_eq!(b.data, b"hello world");
        assert_eq!(b.frags, vec![(4, 6), (5, 5)]);
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_are_read_without_panic(units in proptest::collection::vec(proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64), 0..24)) {
            let mut c = Conns::default();
            for (i, u) in units.iter().enumerate() {
                // a unit is never longer than the bytes, a field at least one byte
                proptest::prop_assert!(unit_len(u, i == 0).is_none_or(|n| n <= u.len()));
                proptest::prop_assert!(representations(u).len() <= u.len());
                c.unit(0, (i % 2) as u8, i as u32 + 1, u);
            }
        }
    }
}
