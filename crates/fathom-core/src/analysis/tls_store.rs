//! What the first pass decrypted, kept for the second: each opened record (by frame, the
//! PDU it is in and its place there), each direction's application data as one byte
//! stream, and the HTTP messages cut from that stream (by the frame whose record ends
//! them, as Wireshark shows a PDU reassembled over TLS records).

use super::http::{self, Need};
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// Decrypted messages kept for the tree, in all (past it, a message is read and then let
/// go, and the tree says it was not kept).
pub const MAX_KEPT: u64 = 512 << 20;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Data {
    /// Application data: a range of its direction's stream.
    App {
        stream: u32,
        dir: u8,
        start: u64,
        len: u32,
    },
    /// Anything else (a handshake message, an alert): its own bytes.
    Own(Box<[u8]>),
}

/// One opened record.
#[derive(Clone, Debug)]
pub struct Record {
    pub frame: u32,
    /// Which of the frame's PDUs holds it, and where it starts in that PDU's bytes.
    pub pdu: u16,
    pub off: u32,
    pub content_type: u8,
    pub data: Data,
    /// The frame where the HTTP message this record's data starts or continues ends, when
    /// that is another frame and the record ends no message itself (`tls.reassembled_in`).
    pub reassembled_in: u32,
    /// A message (or HTTP/2 frame) ends in this record.
    pub ends_pdu: bool,
}

/// An HTTP message over TLS: a range of a direction's decrypted stream, and the records it
/// was cut from (their frames and the bytes each gave).
#[derive(Clone, Debug)]
pub struct AppPdu {
    pub frame: u32,
    pub stream: u32,
    pub dir: u8,
    pub start: u64,
    pub len: u32,
    pub segs: Vec<(u32, u32)>,
    /// Data that is no HTTP message (an HTTP "Continuation").
    pub continuation: bool,
    /// A request (else a response).
    pub request: bool,
    /// An HTTP/2 frame (or the connection preface): its header, headers and Info.
    pub h2: Option<Box<super::http2::Unit>>,
    /// The index (in `records`) of the record that completed it.
    pub rec: u32,
}

/// What a direction's decrypted bytes carry (ALPN, else HTTP/1.x).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppProto {
    Http1,
    Http2,
}

#[derive(Default)]
struct AppStream {
    /// The messages cut so far, each with its place in the stream, in order (each held in
    /// exactly its size: a buffer that grew by doubling would hold up to twice the bytes).
    done: Vec<(u64, Box<[u8]>)>,
    /// The stream's bytes from `base` on: the message still being cut.
    bytes: Vec<u8>,
    base: u64,
    /// Where the message being cut starts.
    pending: u64,
    scanned: usize,
    /// (start in the stream, frame, record index): each record's data.
    recs: Vec<(u64, u32, usize)>,
}

impl AppStream {
    fn end(&self) -> u64 {
        self.base + self.bytes.len() as u64
    }
}

#[derive(Default)]
pub struct Store {
    pub records: Vec<Record>,
    pub pdus: Vec<AppPdu>,
    streams: FxHashMap<(u32, u8), AppStream>,
    /// Each HTTP/2 direction's HPACK table (dropped when the pass ends).
    /// The HTTP/2 connections (ALPN h2): tables, exchanges and bodies.
    pub h2: super::http2::Conns,
    kept: u64,
}

/// A message the cutter found: the caller reads its head into the exchange table.
pub struct Cut {
    pub bytes: Vec<u8>,
    pub continuation: bool,
}

impl Store {
    /// Adds an opened record; application data joins its direction's stream. Returns the
    /// HTTP messages that record completes (`cut_http`: the stream carries HTTP/1.x;
    /// `head_pending`: the newest request of the conversation was a HEAD).
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        frame: u32,
        pdu: u16,
        off: u32,
        stream: u32,
        dir: u8,
        content_type: u8,
        data: Vec<u8>,
        app: AppProto,
        head_pending: bool,
    ) -> Vec<Cut> {
        let idx = self.records.len();
        if content_type != 23 {
            self.records.push(Record {
                frame,
                pdu,
                off,
                content_type,
                data: Data::Own(data.into_boxed_slice()),
                reassembled_in: 0,
                ends_pdu: false,
            });
            return Vec::new();
        }
        let s = self.streams.entry((stream, dir)).or_default();
        let start = s.end();
        self.records.push(Record {
            frame,
            pdu,
            off,
            content_type,
            data: Data::App {
                stream,
                dir,
                start,
                len: data.len() as u32,
            },
            reassembled_in: 0,
            ends_pdu: false,
        });
        s.bytes.extend_from_slice(&data);
        s.recs.push((start, frame, idx));
        let mut cuts = Vec::new();
        loop {
            let from = (s.pending - s.base) as usize;
            let b = s.bytes.get(from..).unwrap_or_default();
            if b.is_empty() {
                break;
            }
            let mut h2 = None;
            let (n, continuation) = match app {
                AppProto::Http2 => {
                    let Some(n) = super::http2::unit_len(b, s.pending == 0) else {
                        break;
                    };
                    h2 = Some(Box::new(self.h2.unit(stream, dir, frame, &b[..n])));
                    (n, false)
                }
                AppProto::Http1 => match http::need_from(b, head_pending, &mut s.scanned) {
                    Need::Complete(n) => (n.clamp(1, b.len()), false),
                    Need::Exactly(t) if t <= b.len() => (t.max(1), false),
                    Need::NoMessage => (b.len(), true),
                    Need::Exactly(_) | Need::More | Need::UntilFin => break,
                },
            };
            let request = !b.starts_with(b"HTTP/");
            if h2.is_none() {
                cuts.push(Cut {
                    bytes: b[..n].to_vec(),
                    continuation,
                });
            }
            let (a, e) = (s.pending, s.pending + n as u64);
            let mut segs = Vec::new();
            for &(rs, rf, ri) in &s.recs {
                let Some(rec) = self.records.get_mut(ri) else {
                    continue;
                };
                let Data::App { len, .. } = rec.data else {
                    continue;
                };
                let re = rs + len as u64;
                if re <= a || rs >= e {
                    continue;
                }
                segs.push((rf, (re.min(e) - rs.max(a)) as u32));
                if rf != frame && rec.reassembled_in == 0 && !rec.ends_pdu {
                    rec.reassembled_in = frame;
                }
            }
            self.pdus.push(AppPdu {
                frame,
                stream,
                dir,
                start: a,
                len: n as u32,
                segs,
                continuation,
                request,
                h2,
                rec: idx as u32,
            });
            if let Some(r) = self.records.get_mut(idx) {
                r.ends_pdu = true;
            }
            // the message's bytes move out of the buffer, kept while the total allows
            let msg: Box<[u8]> = s.bytes.drain(..n.min(s.bytes.len())).collect();
            if self.kept + msg.len() as u64 <= MAX_KEPT {
                self.kept += msg.len() as u64;
                s.done.push((a, msg));
            }
            if s.bytes.is_empty() {
                s.bytes = Vec::new();
            }
            s.base = e;
            s.pending = e;
            s.scanned = 0;
            // records wholly before the next message are done with
            s.recs.retain(|&(rs, _, ri)| {
                let len = match self.records.get(ri).map(|r| &r.data) {
                    Some(Data::App { len, .. }) => *len as u64,
                    _ => 0,
                };
                rs + len > e
            });
        }
        cuts
    }

    /// The opened records of PDU `pdu` of `frame`.
    pub fn records_at(&self, frame: u32, pdu: u16) -> impl Iterator<Item = &Record> {
        let a = self.records.partition_point(|r| r.frame < frame);
        self.records[a..]
            .iter()
            .take_while(move |r| r.frame == frame)
            .filter(move |r| r.pdu == pdu)
    }

    /// Any opened record in `frame`.
    pub fn any_at(&self, frame: u32) -> bool {
        let a = self.records.partition_point(|r| r.frame < frame);
        self.records.get(a).is_some_and(|r| r.frame == frame)
    }

    /// The HTTP messages over TLS that end in `frame`.
    pub fn pdus_at(&self, frame: u32) -> &[AppPdu] {
        let a = self.pdus.partition_point(|p| p.frame < frame);
        let n = self.pdus[a..]
            .iter()
            .take_while(|p| p.frame == frame)
            .count();
        &self.pdus[a..a + n]
    }

    /// Bytes of a direction's decrypted stream (None: not kept): borrowed when one message
    /// (or the buffer) holds them, else joined.
    pub fn app_bytes(&self, stream: u32, dir: u8, start: u64, len: u32) -> Option<Cow<'_, [u8]>> {
        let s = self.streams.get(&(stream, dir))?;
        let end = start + len as u64;
        if start >= s.base {
            let from = (start - s.base) as usize;
            return s.bytes.get(from..from + len as usize).map(Cow::Borrowed);
        }
        // the message that holds `start`, then as many after it as the range needs
        let i = s
            .done
            .partition_point(|(a, _)| *a <= start)
            .checked_sub(1)?;
        let (a, m) = &s.done[i];
        let from = (start - a) as usize;
        if end <= a + m.len() as u64 {
            return m.get(from..from + len as usize).map(Cow::Borrowed);
        }
        let mut v = Vec::with_capacity(len as usize);
        let mut at = start;
        for (k, (a, m)) in s.done[i..].iter().enumerate() {
            if k > 0 && *a != at {
                return None; // a message in between was not kept
            }
            let from = (at - a) as usize;
            let take = ((end - at) as usize).min(m.len().saturating_sub(from));
            v.extend_from_slice(m.get(from..from + take)?);
            at += take as u64;
            if at == end {
                return Some(Cow::Owned(v));
            }
        }
        if at >= s.base {
            let from = (at - s.base) as usize;
            v.extend_from_slice(s.bytes.get(from..from + (end - at) as usize)?);
            return Some(Cow::Owned(v));
        }
        None
    }

    /// A record's plaintext (None: not kept).
    pub fn data<'a>(&'a self, r: &'a Record) -> Option<Cow<'a, [u8]>> {
        match &r.data {
            Data::Own(b) => Some(Cow::Borrowed(b)),
            Data::App {
                stream,
                dir,
                start,
                len,
            } => self.app_bytes(*stream, *dir, *start, *len),
        }
    }

    /// The pass has ended: the working lists go.
    pub fn finish(&mut self) {
        for s in self.streams.values_mut() {
            s.recs = Vec::new();
        }
        self.h2.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Messages cut across records and records across messages: each record's plaintext
    /// and each message's bytes read back whole, whichever way they split.
    #[test]
    fn records_and_messages_read_back_across_their_boundaries() {
        let mut st = Store::default();
        let get = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n".to_vec();
        let get2 = b"GET /b HTTP/1.1\r\nHost: x\r\n\r\n".to_vec();
        // record 1: the first request and half the second; record 2: the rest
        let mut r1 = get.clone();
        r1.extend_from_slice(&get2[..10]);
        let r2 = get2[10..].to_vec();
        let add = |st: &mut Store, frame, data: Vec<u8>| {
            st.add(frame, 0, 0, 7, 0, 23, data, AppProto::Http1, false)
                .len()
        };
        assert_eq!(add(&mut st, 5, r1.clone()), 1);
        assert_eq!(add(&mut st, 6, r2.clone()), 1);
        let recs: Vec<Record> = st.records.clone();
        assert_eq!(st.data(&recs[0]).as_deref(), Some(&r1[..]));
        assert_eq!(st.data(&recs[1]).as_deref(), Some(&r2[..]));
        let p: Vec<AppPdu> = st.pdus.clone();
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].segs, vec![(5, 10), (6, r2.len() as u32)]);
        let b = st.app_bytes(7, 0, p[1].start, p[1].len);
        assert_eq!(b.as_deref(), Some(&get2[..]));
        // the first record ends a message, so it is no mere segment of the second
        assert_eq!(recs[0].reassembled_in, 0);
        // a half message is still in the buffer
        add(&mut st, 8, b"GET /c HT".to_vec());
        let last = st.records.last().cloned().expect("record");
        assert_eq!(st.data(&last).as_deref(), Some(&b"GET /c HT"[..]));
    }
}
