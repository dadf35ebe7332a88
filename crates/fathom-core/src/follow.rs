//! Follow TCP Stream and Follow HTTP Stream: a conversation's bytes in order, each direction
//! reassembled (retransmitted and overlapping bytes once, out-of-order segments put back in
//! order, holes marked), and tshark's `-z follow` text forms.

use crate::analysis::reassembly::PduKind;
use crate::analysis::Analysis;
use crate::dissect::{content as dcontent, Addr};
use std::collections::BTreeMap;

/// A run of bytes one side sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// 0 = the side that spoke first (Node 0, the client), 1 = the other.
    pub dir: u8,
    /// The frame the bytes came in (the last one, for a reassembled HTTP message).
    pub frame: u32,
    pub data: Vec<u8>,
    /// Bytes missing from the capture just before this chunk.
    pub missing_before: u64,
}

#[derive(Clone, Debug)]
pub struct Follow {
    pub stream: u32,
    pub nodes: [(Addr, u16); 2],
    pub chunks: Vec<Chunk>,
    /// Segments with data, by direction.
    pub packets: [usize; 2],
    /// Follow HTTP/2 Stream: the HTTP/2 stream followed inside the TCP stream.
    pub sub: Option<u32>,
}

impl Follow {
    /// A TCP stream's endpoints, nothing followed yet.
    fn empty(stream: u32, st: &crate::analysis::tcp::Stream) -> Follow {
        Follow {
            stream,
            nodes: [st.a, st.b],
            chunks: Vec::new(),
            packets: [0, 0],
            sub: None,
        }
    }
}

impl Follow {
    pub fn bytes(&self, dir: u8) -> usize {
        self.chunks
            .iter()
            .filter(|c| c.dir == dir)
            .map(|c| c.data.len())
            .sum()
    }
    /// How many times the talking side changes.
    pub fn turns(&self) -> usize {
        let mut t = 0;
        let mut last = None;
        for c in &self.chunks {
            if last != Some(c.dir) {
                t += 1;
                last = Some(c.dir);
            }
        }
        t
    }
}

use crate::analysis::seq::{lt, since};

/// The TCP payloads of a stream, each direction in sequence order. With `show_after_holes`,
/// data after bytes the capture never had is shown (with the hole marked); tshark leaves it
/// out, and so does `fathom print -z follow`.
pub fn follow_tcp(an: &Analysis, stream: u32, show_after_holes: bool) -> Option<Follow> {
    let st = an.tcp_streams.get(stream as usize)?;
    let mut f = Follow::empty(stream, st);
    let mut next: [Option<u32>; 2] = [None, None];
    // queued out-of-order segments by (sequence number, frame): two that start at the same
    // place are both kept, in the order they came (tshark shows the second one's extra bytes
    // as a chunk of their own)
    let mut pending: [Pending; 2] = [BTreeMap::new(), BTreeMap::new()];
    let mut buf = Vec::new();
    for &frame in &st.frames {
        let Some(t) = an.tcp(frame) else { continue };
        let d = t.dir() as usize;
        let Some(rec) = &an.record(frame) else {
            continue;
        };
        if !an.packet(frame, &mut buf) {
            continue;
        }
        let mut ft = crate::dissect::ip::FragTable::default();
        let dec = crate::dissect::decode(rec, frame, &buf, &mut ft);
        let Some(seg) = dec.tcp else { continue };
        if seg.flags & crate::dissect::TH_SYN != 0 {
            next[d] = Some(seg.seq.wrapping_add(1));
        }
        let payload = match &an.ip.done.get(&frame) {
            Some(r) => r
                .data
                .get(seg.payload_off as usize..seg.payload_off as usize + seg.payload_cap as usize)
                .unwrap_or(&[])
                .to_vec(),
            None => buf
                .get(seg.payload_off as usize..seg.payload_off as usize + seg.payload_cap as usize)
                .unwrap_or(&[])
                .to_vec(),
        };
        // an ACK beyond a hole in the other direction: those bytes were sent and never
        // captured, so what waits behind the hole is shown, the hole marked (as tshark does)
        let o = 1 - d;
        if seg.flags & crate::dissect::TH_ACK != 0
            && !pending[o].is_empty()
            && next[o].is_some_and(|n| lt(n, seg.ack))
        {
            drain(&mut f.chunks, o as u8, &mut pending[o], &mut next[o], true);
        }
        if payload.is_empty() {
            continue;
        }
        f.packets[d] += 1;
        let n = *next[d].get_or_insert(seg.seq);
        if lt(n, seg.seq) {
            // out of order: keep it until the gap before it is filled (or the stream ends)
            pending[d].insert((seg.seq, frame), payload);
            continue;
        }
        push_new(
            &mut f.chunks,
            d as u8,
            frame,
            seg.seq,
            payload,
            &mut next[d],
            0,
        );
        // a segment cut by the snapshot length still advances by its full length
        if (seg.payload_cap as usize) < seg.len as usize {
            let end = seg.seq.wrapping_add(seg.len);
            if next[d].is_none_or(|n| lt(n, end)) {
                next[d] = Some(end);
            }
        }
        drain(&mut f.chunks, d as u8, &mut pending[d], &mut next[d], false);
    }
    if show_after_holes {
        for d in 0..2 {
            drain(&mut f.chunks, d as u8, &mut pending[d], &mut next[d], true);
        }
    }
    Some(f)
}

/// Out-of-order segments waiting for the gap before them: (seq, frame) -> payload.
type Pending = BTreeMap<(u32, u32), Vec<u8>>;

/// Appends the part of a segment after `next` (retransmitted bytes are skipped).
fn push_new(
    chunks: &mut Vec<Chunk>,
    dir: u8,
    frame: u32,
    seq: u32,
    data: Vec<u8>,
    next: &mut Option<u32>,
    missing: u64,
) {
    let n = next.unwrap_or(seq);
    let skip = if lt(seq, n) {
        n.wrapping_sub(seq) as usize
    } else {
        0
    };
    if skip >= data.len() {
        return;
    }
    let end = seq.wrapping_add(data.len() as u32);
    chunks.push(Chunk {
        dir,
        frame,
        data: data[skip..].to_vec(),
        missing_before: missing,
    });
    *next = Some(end);
}

/// Emits queued out-of-order segments that have become contiguous; at the end, all of them,
/// marking the holes.
fn drain(
    chunks: &mut Vec<Chunk>,
    dir: u8,
    pending: &mut Pending,
    next: &mut Option<u32>,
    end: bool,
) {
    loop {
        let Some(n) = *next else { return };
        // the queued segment that starts first relative to next
        let Some((&(seq, frame), _)) = pending.iter().min_by_key(|(&(s, f), _)| (since(s, n), f))
        else {
            return;
        };
        let gap = since(seq, n);
        if gap > 0 && !end {
            return;
        }
        let data = pending.remove(&(seq, frame)).unwrap_or_default();
        let missing = gap.max(0) as u64;
        if gap > 0 {
            *next = Some(seq);
        }
        push_new(chunks, dir, frame, seq, data, next, missing);
    }
}

/// The HTTP messages of a stream: each message's headers, then its body de-chunked and
/// decompressed, in the order they completed.
pub fn follow_http(an: &Analysis, stream: u32) -> Option<Follow> {
    let st = an.tcp_streams.get(stream as usize)?;
    let mut f = Follow::empty(stream, st);
    let mut any_http = false;
    for &frame in &st.frames {
        let Some(t) = an.tcp(frame) else { continue };
        let pdus = an.reasm.pdus_at(frame);
        if pdus.is_empty() {
            continue;
        }
        let payload = an.tcp_payload(frame);
        f.packets[t.dir() as usize] += 1;
        // HTTP over TLS the key log opened: its messages are the decrypted bytes
        for p in an.reasm.tls().store.pdus_at(frame) {
            let Some(bytes) = an
                .reasm
                .tls()
                .store
                .app_bytes(p.stream, p.dir, p.start, p.len)
            else {
                continue;
            };
            // (HTTP/2 frames feed HTTP/2's tap, not HTTP's)
            if p.continuation || p.h2.is_some() {
                continue;
            }
            any_http = true;
            push_message(&mut f.chunks, t.dir(), frame, &bytes);
        }
        for (_, p) in pdus {
            let bytes = an.pdu_bytes(p, frame, &payload);
            match p.kind {
                PduKind::Http => {
                    any_http = true;
                    push_message(&mut f.chunks, t.dir(), frame, &bytes);
                }
                // HTTP's tap sees nothing of the WebSocket frames after an upgrade, nor
                // of TLS records (what the key log opened of them is above)
                PduKind::WebSocket | PduKind::Tls | PduKind::Http2 => {}
                // bytes that start no message: on a stream with a request naming a URI they
                // are a "Continuation" the tap skips; otherwise the tap sees an empty head,
                // then the bytes
                PduKind::Continuation if an.reasm.http().continuation_is_http(stream) => {}
                PduKind::Continuation => {
                    f.chunks.push(Chunk {
                        dir: t.dir(),
                        frame,
                        data: Vec::new(),
                        missing_before: 0,
                    });
                    f.chunks.push(Chunk {
                        dir: t.dir(),
                        frame,
                        data: bytes,
                        missing_before: 0,
                    });
                }
                _ => f.chunks.push(Chunk {
                    dir: t.dir(),
                    frame,
                    data: bytes,
                    missing_before: 0,
                }),
            }
        }
    }
    if !any_http {
        // only HTTP's tap feeds Follow HTTP: a stream of TLS records (or other data) has none
        f.chunks.clear();
    }
    Some(f)
}

/// An HTTP message as HTTP's tap gives it to Follow: its head, then its body (de-chunked and
/// decompressed) when it has one.
fn push_message(chunks: &mut Vec<Chunk>, dir: u8, frame: u32, bytes: &[u8]) {
    let hl = crate::analysis::http::header_end(bytes).unwrap_or(bytes.len());
    let chunk = |data| Chunk {
        dir,
        frame,
        data,
        missing_before: 0,
    };
    chunks.push(chunk(bytes[..hl].to_vec()));
    let body = decode_body(&bytes[..hl], &bytes[hl..]);
    if !body.is_empty() {
        chunks.push(chunk(body));
    }
}

/// Follow TLS Stream: the application data the key log opened, record by record. As
/// tshark's TLS tap, the first side is the sender of the first record opened (in TLS 1.3
/// the server, whose handshake is encrypted; in TLS 1.2 the client's Finished).
pub fn follow_tls(an: &Analysis, stream: u32) -> Option<Follow> {
    let st = an.tcp_streams.get(stream as usize)?;
    let mut f = Follow::empty(stream, st);
    let store = &an.reasm.tls().store;
    let mut first: Option<u8> = None;
    for &frame in &st.frames {
        let Some(t) = an.tcp(frame) else { continue };
        let a = store.records.partition_point(|r| r.frame < frame);
        let mut any = false;
        // (the records of a frame are its TCP segment's, so this stream's)
        for r in store.records[a..].iter().take_while(|r| r.frame == frame) {
            let d0 = *first.get_or_insert(t.dir());
            if r.content_type != 23 {
                continue;
            }
            if let Some(d) = store.data(r) {
                any = true;
                f.chunks.push(Chunk {
                    dir: t.dir() ^ d0,
                    frame,
                    data: d.to_vec(),
                    missing_before: 0,
                });
            }
        }
        if any {
            f.packets[usize::from(t.dir() ^ first.unwrap_or(0))] += 1;
        }
    }
    if first == Some(1) {
        f.nodes.swap(0, 1);
    }
    Some(f)
}

/// Follow HTTP/2 Stream: HTTP/2 stream `sub` of TCP stream `stream`, as tshark's HTTP/2
/// tap gives it: each header block decoded (every header as a 4-byte length and the name,
/// a 4-byte length and the value), every other frame whole.
pub fn follow_http2(an: &Analysis, stream: u32, sub: u32) -> Option<Follow> {
    let st = an.tcp_streams.get(stream as usize)?;
    let mut f = Follow::empty(stream, st);
    f.sub = Some(sub);
    let store = &an.reasm.tls().store;
    // (h2c's frames are TCP PDUs, read back from the file)
    let mut src = an.message_source();
    let mut first: Option<u8> = None;
    for &frame in &st.frames {
        let Some(t) = an.tcp(frame) else { continue };
        let mut any = false;
        let mut units: Vec<(&crate::analysis::http2::Unit, Option<Vec<u8>>)> = Vec::new();
        for p in store.pdus_at(frame) {
            let Some(u) = p.h2.as_deref() else { continue };
            let wanted = u.head.is_some_and(|h| h.stream == sub) && u.headers.is_none();
            let bytes = wanted
                .then(|| store.app_bytes(p.stream, p.dir, p.start, p.len))
                .flatten();
            units.push((u, bytes.map(std::borrow::Cow::into_owned)));
        }
        for (i, (_, pdu)) in an.reasm.pdus_at(frame).iter().enumerate() {
            if pdu.kind != crate::analysis::reassembly::PduKind::Http2 {
                continue;
            }
            let Some(u) = an.reasm.h2_unit(frame, i as u16) else {
                continue;
            };
            let wanted = u.head.is_some_and(|h| h.stream == sub) && u.headers.is_none();
            let bytes = match (&mut src, wanted) {
                (Some(src), true) => Some(an.message_bytes(pdu, frame, src)),
                _ => None,
            };
            units.push((u, bytes));
        }
        for (u, bytes) in units {
            let Some(h) = u.head.filter(|h| h.stream == sub) else {
                continue;
            };
            let data = match (&u.headers, h.ty) {
                (Some(list), _) => {
                    let mut v = Vec::new();
                    for (k, val) in list {
                        v.extend_from_slice(&(k.len() as u32).to_be_bytes());
                        v.extend_from_slice(k.as_bytes());
                        v.extend_from_slice(&(val.len() as u32).to_be_bytes());
                        v.extend_from_slice(val.as_bytes());
                    }
                    v
                }
                // any other frame whole, its header too
                (None, _) => bytes.unwrap_or_default(),
            };
            any = true;
            let d0 = *first.get_or_insert(t.dir());
            f.chunks.push(Chunk {
                dir: t.dir() ^ d0,
                frame,
                data,
                missing_before: 0,
            });
        }
        f.packets[usize::from(t.dir() ^ first.unwrap_or(0))] += usize::from(any);
    }
    // as tshark's tap, the first side is the one that sent the stream's first frame
    if first == Some(1) {
        f.nodes.swap(0, 1);
    }
    Some(f)
}

/// An entity body as the program saw it: de-chunked, then decompressed.
pub fn decode_body(head: &[u8], body: &[u8]) -> Vec<u8> {
    let head = crate::analysis::http::HttpHead::or_all(head);
    let header = |name: &str| head.header_text(name).map(|v| v.to_ascii_lowercase());
    let mut out = body.to_vec();
    if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        out = dcontent::dechunk(body, 0).0;
    }
    if let Some(enc) = header("content-encoding") {
        if let Ok(d) = dcontent::decompress(&enc, &out) {
            out = d;
        }
    }
    out
}

/// The charset a message's Content-Type names.
pub fn charset(head: &[u8]) -> Option<String> {
    let ct = crate::analysis::http::HttpHead::or_all(head)
        .header_text("content-type")?
        .to_ascii_lowercase();
    ct.split(';')
        .find_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches('"').to_string())
}

fn node(ep: &(Addr, u16)) -> String {
    match ep.0 {
        Addr::V4(_) => format!("{}:{}", ep.0, ep.1),
        Addr::V6(_) => format!("[{}]:{}", ep.0, ep.1),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Ascii,
    Hex,
    Raw,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "ascii" => Some(Mode::Ascii),
            "hex" => Some(Mode::Hex),
            "raw" => Some(Mode::Raw),
            _ => None,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Mode::Ascii => "ascii",
            Mode::Hex => "hex",
            Mode::Raw => "raw",
        }
    }
}

/// tshark's `-z follow,PROTO,MODE,N` output (PROTO `tcp` or `http`).
pub fn tshark_follow(an: &Analysis, proto: &str, mode: Mode, stream: u32) -> String {
    tshark_follow_sub(an, proto, mode, stream, None)
}

/// [`tshark_follow`], with the HTTP/2 stream of `-z follow,http2,MODE,N,S`.
pub fn tshark_follow_sub(
    an: &Analysis,
    proto: &str,
    mode: Mode,
    stream: u32,
    sub: Option<u32>,
) -> String {
    // a stream no frame of its own carries (only seen sampled inside sFlow), no stream at
    // all, or no HTTP on it: tshark prints the frame of the text with empty endpoints
    let seen = an
        .tcp_streams
        .get(stream as usize)
        .is_some_and(|s| !s.frames.is_empty());
    let f = if proto == "http" {
        follow_http(an, stream).filter(|f| !f.chunks.is_empty())
    } else if proto == "tls" {
        follow_tls(an, stream).filter(|f| !f.chunks.is_empty())
    } else if proto == "http2" {
        follow_http2(an, stream, sub.unwrap_or(0)).filter(|f| !f.chunks.is_empty())
    } else {
        follow_tcp(an, stream, false)
    };
    match f.filter(|_| seen) {
        Some(f) => tshark_text(&f, proto, mode),
        None => {
            let mut e = tshark_empty(proto, mode, stream);
            if let Some(sub) = sub {
                let at = format!("tcp.stream eq {stream}\n");
                e = e.replacen(
                    &at,
                    &format!("tcp.stream eq {stream} and http2.streamid eq {sub}\n"),
                    1,
                );
            }
            e
        }
    }
}

/// tshark's `-z follow,PROTO,MODE,N` output for a stream with no frames.
pub fn tshark_empty(proto: &str, mode: Mode, stream: u32) -> String {
    let bar = "=".repeat(67);
    format!(
        "\n{bar}\nFollow: {proto},{}\nFilter: tcp.stream eq {stream}\nNode 0: :0\nNode 1: :0\n{bar}\n",
        mode.name()
    )
}

/// tshark's `-z follow,PROTO,MODE,N` output.
pub fn tshark_text(f: &Follow, proto: &str, mode: Mode) -> String {
    let bar = "=".repeat(67);
    let mut s = format!(
        "\n{bar}\nFollow: {proto},{}\nFilter: tcp.stream eq {}",
        mode.name(),
        f.stream
    );
    if let Some(sub) = f.sub {
        crate::push_fmt!(s, " and http2.streamid eq {sub}");
    }
    s.push('\n');
    crate::push_fmtln!(s, "Node 0: {}", node(&f.nodes[0]));
    if proto == "tls" {
        // tshark 4.0's TLS tap names only the side that spoke first
        crate::push_fmtln!(s, "Node 1: :0");
    } else {
        crate::push_fmtln!(s, "Node 1: {}", node(&f.nodes[1]));
    }
    let mut off = [0usize; 2];
    for c in &f.chunks {
        let tab = if c.dir == 1 { "\t" } else { "" };
        if c.missing_before > 0 && mode == Mode::Ascii {
            let m = format!("[{} bytes missing in capture file].", c.missing_before);
            crate::push_fmtln!(s, "{tab}{}\n{m}", m.len());
        }
        match mode {
            Mode::Ascii => {
                crate::push_fmtln!(s, "{tab}{}", c.data.len());
                for &b in &c.data {
                    s.push(
                        if b.is_ascii_graphic() || matches!(b, b' ' | b'\n' | b'\r') {
                            b as char
                        } else {
                            '.'
                        },
                    );
                }
                s.push('\n');
            }
            Mode::Hex => {
                for (i, line) in c.data.chunks(16).enumerate() {
                    crate::push_fmt!(s, "{tab}{:08X}  ", off[c.dir as usize] + i * 16);
                    for j in 0..16 {
                        match line.get(j) {
                            Some(b) => {
                                crate::push_fmt!(s, "{b:02x} ");
                            }
                            None => s.push_str("   "),
                        }
                        if j == 7 {
                            s.push(' ');
                        }
                    }
                    s.push(' ');
                    for (j, &b) in line.iter().enumerate() {
                        s.push(if b.is_ascii_graphic() || b == b' ' {
                            b as char
                        } else {
                            '.'
                        });
                        if j == 7 {
                            s.push(' ');
                        }
                    }
                    // (tshark's line is one character short when it ends in a space)
                    if s.ends_with(' ') {
                        s.pop();
                    }
                    s.push('\n');
                }
                off[c.dir as usize] += c.data.len();
            }
            Mode::Raw => {
                s.push_str(tab);
                for b in &c.data {
                    crate::push_fmt!(s, "{b:02x}");
                }
                s.push('\n');
            }
        }
    }
    s.push_str(&bar);
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_order_and_retransmitted_bytes() {
        let mut chunks = Vec::new();
        let mut next = Some(100u32);
        let mut pending = BTreeMap::new();
        // 100..105 arrives after 105..110
        pending.insert((105u32, 2u32), b"fghij".to_vec());
        push_new(&mut chunks, 0, 1, 100, b"abcde".to_vec(), &mut next, 0);
        drain(&mut chunks, 0, &mut pending, &mut next, false);
        // a retransmission of 103..108 adds nothing
        push_new(&mut chunks, 0, 3, 103, b"defgh".to_vec(), &mut next, 0);
        let all: Vec<u8> = chunks.iter().flat_map(|c| c.data.clone()).collect();
        assert_eq!(all, b"abcdefghij");
        // a hole at the end is marked
        pending.insert((120u32, 4u32), b"xyz".to_vec());
        drain(&mut chunks, 0, &mut pending, &mut next, true);
        assert_eq!(chunks.last().map(|c| c.missing_before), Some(10));
        // two queued segments at the same place: the first, then the second's extra bytes
        pending.insert((130u32, 6u32), b"klmnop".to_vec());
        pending.insert((130u32, 5u32), b"klm".to_vec());
        next = Some(130);
        let before = chunks.len();
        drain(&mut chunks, 0, &mut pending, &mut next, false);
        let added: Vec<&[u8]> = chunks[before..].iter().map(|c| c.data.as_slice()).collect();
        assert_eq!(added, vec![&b"klm"[..], &b"nop"[..]]);
    }
}
