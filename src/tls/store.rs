//! What the first pass decrypted, kept for the second: each opened record (by frame, the
//! PDU it is in and its place there), each direction's application data as one byte
//! stream, and the HTTP messages cut from that stream (by the frame whose record ends
//! them, as Wireshark shows a PDU reassembled over TLS records).

use crate::analysis::http::{self, Need};
use rustc_hash::FxHashMap;

/// Decrypted bytes kept for the tree, in all (past it, a direction keeps only the bytes of
/// the HTTP message it is still cutting, and the tree says the rest was not kept).
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
    pub h2: Option<Box<crate::analysis::http2::Unit>>,
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
    /// The stream's bytes from `base` on.
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
    h2: FxHashMap<(u32, u8), crate::analysis::http2::DirState>,
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
        self.kept += data.len() as u64;
        s.bytes.extend_from_slice(&data);
        s.recs.push((start, frame, idx));
        if self.kept > MAX_KEPT {
            // keep only what the message being cut still needs
            let drop = (s.pending - s.base) as usize;
            s.bytes.drain(..drop.min(s.bytes.len()));
            s.base = s.pending;
        }
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
                    let Some(n) = crate::analysis::http2::unit_len(b, s.pending == 0) else {
                        break;
                    };
                    let st = self.h2.entry((stream, dir)).or_default();
                    h2 = Some(Box::new(st.unit(&b[..n])));
                    (n, false)
                }
                AppProto::Http1 => match http::need_from(b, head_pending, &mut s.scanned) {
                    Need::Complete(n) => (n.clamp(1, b.len()), false),
                    Need::Exactly(t) if t <= b.len() => (t.max(1), false),
                    Need::NotHttp => (b.len(), true),
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

    /// Bytes of a direction's decrypted stream (None: not kept).
    pub fn app_bytes(&self, stream: u32, dir: u8, start: u64, len: u32) -> Option<&[u8]> {
        let s = self.streams.get(&(stream, dir))?;
        let from = start.checked_sub(s.base)? as usize;
        s.bytes.get(from..from + len as usize)
    }

    /// A record's plaintext (None: not kept).
    pub fn data<'a>(&'a self, r: &'a Record) -> Option<&'a [u8]> {
        match &r.data {
            Data::Own(b) => Some(b),
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
        self.h2 = FxHashMap::default();
    }
}
