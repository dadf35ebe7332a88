//! Per-direction TCP byte streams and the PDUs that span segments (Wireshark's
//! "multi-segment PDUs"), framed by the rules each protocol registers (a
//! [`super::framing::Framing`] in its own file: HTTP, TLS, IMAP, SMTP, WebSocket, HTTP/2).
//!
//! Only the bytes of a PDU still being assembled are held, and at most [`MAX_MSP`] of them;
//! a finished PDU is remembered as the list of segments it came from, and re-read from the
//! file when a frame is shown.

use super::framing::{self, Framing, Need, Probe, Switch, Unit};
pub use super::pdu::{Pdu, PduKind, Seg};
use super::per_stream::DENSE_STREAMS;
use super::register::ProtoData;
pub use super::register::{claimed_elsewhere, is_http_port, PortOwner, Ports, TLS_PORT};
use std::any::Any;
// (keys are stream indexes and frame numbers Fathom assigns: a fast hash is safe)
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The most bytes one PDU under assembly may hold.
pub const MAX_MSP: usize = 64 << 20;

struct Msp {
    start: u32,
    buf: Vec<u8>,
    /// Byte ranges present, relative to `start`, merged and sorted.
    have: Vec<(usize, usize)>,
    /// (position in the PDU, segment)
    segs: Vec<(usize, Seg)>,
    total: Option<usize>,
    until_fin: bool,
    /// Where its headers became whole with the body still to come, after more than one
    /// segment: Wireshark reassembles what it has there (a partial reassembly), and if the
    /// PDU never completes, its segments so far stay "reassembled in" that frame.
    /// (frame, how many of `segs` it had then, whether that segment came out of order)
    partial: Option<(u32, usize, bool)>,
    /// How many bytes from its start are known to hold no whole HTTP header block (so the
    /// next search starts near there: a header split over many segments is read once).
    scanned: usize,
    /// The protocol that frames it.
    framing: &'static Framing,
}

impl Msp {
    /// Notes a partial reassembly in `frame` if the PDU spans more than one segment.
    fn mark_partial(&mut self, frame: u32, out_of_order: bool) {
        if self.segs.iter().any(|(_, s)| s.frame != frame) {
            self.partial = Some((frame, self.segs.len(), out_of_order));
        }
    }

    fn prefix(&self) -> usize {
        match self.have.first() {
            Some(&(0, e)) => e,
            _ => 0,
        }
    }
    fn add_range(&mut self, s: usize, e: usize) {
        self.have.push((s, e));
        self.have.sort();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(self.have.len());
        for &(s, e) in &self.have {
            if let Some(last) = merged.last_mut() {
                if s <= last.1 {
                    last.1 = last.1.max(e);
                    continue;
                }
            }
            merged.push((s, e));
        }
        self.have = merged;
    }
    /// Bytes not yet present within [s, e).
    fn new_bytes(&self, s: usize, e: usize) -> usize {
        let mut covered = 0;
        for &(hs, he) in &self.have {
            let a = hs.max(s);
            let b = he.min(e);
            if b > a {
                covered += b - a;
            }
        }
        (e - s) - covered
    }
}

/// The application protocol a direction carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum App {
    /// Nothing has claimed it yet.
    #[default]
    Unknown,
    /// A registered protocol frames it.
    Framed(&'static Framing),
    /// One the engine does not frame (a port another protocol owns, a switch to one).
    Other,
}

impl App {
    fn of(f: Option<&'static Framing>) -> App {
        f.map_or(App::Other, App::Framed)
    }

    fn framing(self) -> Option<&'static Framing> {
        match self {
            App::Framed(f) => Some(f),
            _ => None,
        }
    }
}

#[derive(Default)]
struct DirState {
    /// Which direction of its stream this is (0 or 1, as the caller numbers them).
    dir: u8,
    next: Option<u32>,
    msp: Option<Box<Msp>>,
    app: App,
    /// The direction comes from the port that gave the protocol the connection.
    from_server: bool,
    /// Sequence range of the last PDU assembled from several segments: a fast
    /// retransmission inside it is not dissected again.
    done_msp: Option<(u32, u32)>,
    /// The last unfinished PDU a later segment jumped past: a segment that arrives out of
    /// order can still join it (Wireshark keeps every such PDU by sequence number).
    stale: Option<Box<Msp>>,
}

/// Each conversation direction's state: TCP streams' (dense numbers) in a chunked array,
/// the others' in a map; boxed, so that a stream with no data costs a pointer per
/// direction. (A hash map of a million directions doubled to two million buckets in one
/// step, holding both tables and rehashing every entry while the analysis was locked; the
/// array grows a chunk at a time.)
#[derive(Default)]
struct DirStates {
    dense: super::chunked::Chunked<[Option<Box<DirState>>; 2]>,
    sparse: HashMap<(u32, u8), Box<DirState>>,
}

impl DirStates {
    /// The dense slot of a TCP stream's direction, made when missing (`None`: a sparse key).
    fn slot(&mut self, stream: u32, dir: u8) -> Option<&mut Option<Box<DirState>>> {
        if stream >= DENSE_STREAMS || dir > 1 {
            return None;
        }
        while self.dense.len() <= stream as usize {
            self.dense.push([None, None]);
        }
        self.dense
            .get_mut(stream as usize)
            .and_then(|d| d.get_mut(usize::from(dir)))
    }

    fn get(&self, stream: u32, dir: u8) -> Option<&DirState> {
        if stream >= DENSE_STREAMS || dir > 1 {
            return self.sparse.get(&(stream, dir)).map(|b| &**b);
        }
        self.dense
            .get(stream as usize)
            .and_then(|d| d.get(usize::from(dir)))
            .and_then(|s| s.as_deref())
    }

    fn take(&mut self, stream: u32, dir: u8) -> Option<Box<DirState>> {
        if stream >= DENSE_STREAMS || dir > 1 {
            return self.sparse.remove(&(stream, dir));
        }
        // (taking grows nothing: only `put` makes room)
        self.dense
            .get_mut(stream as usize)
            .and_then(|d| d.get_mut(usize::from(dir)))
            .and_then(Option::take)
    }

    fn put(&mut self, stream: u32, dir: u8, st: Box<DirState>) {
        match self.slot(stream, dir) {
            Some(s) => *s = Some(st),
            None => {
                self.sparse.insert((stream, dir), st);
            }
        }
    }

    /// Every state, TCP streams in order first.
    fn values_mut(&mut self) -> impl Iterator<Item = &mut DirState> {
        self.dense
            .iter_mut()
            .flat_map(|d| d.iter_mut().flatten().map(|b| &mut **b))
            .chain(self.sparse.values_mut().map(|b| &mut **b))
    }
}

/// The reassembly and HTTP results of the first pass.
#[derive(Default)]
pub struct Reassembly {
    /// PDUs by the frame that completed them, in frame order.
    pub pdus: Vec<(u32, Pdu)>,
    /// The frames of `pdus`, alone: searched for every frame of a pass, they stay in cache.
    pdu_frames: Vec<u32>,
    /// (segment frame, frame where its PDU was reassembled), for the caller to apply.
    reassembled_in: Vec<(u32, u32)>,
    /// (frame, whether it carries part of a PDU completed elsewhere or never).
    partial: Vec<(u32, bool)>,
    dirs: DirStates,
    /// Each framed protocol's state across frames, one value of its own type (HTTP's
    /// exchanges, TLS's connections, h2c's HPACK tables…), read through [`Reassembly::state`].
    data: ProtoData,
    /// Streams that switched protocols (101 Switching Protocols, or HTTP/2's preface where
    /// HTTP owns the port): what comes instead (`None`: a protocol the engine does not frame).
    upgraded: HashMap<u32, Option<&'static Framing>>,
    /// Streams a protocol the engine does not frame handed over to one it does (MySQL's SSL
    /// request: TLS records follow, both ways), from the next segment on.
    handed_over: HashMap<u32, &'static Framing>,
    /// The segment being fed was cut by the snapshot length: what is there is one PDU.
    cut: bool,
    /// Frames where a partial reassembly of a PDU that never completed found whole HTTP
    /// headers: their Info shows the message's first line (as tshark's does).
    partial_info: HashMap<u32, String>,
    /// Fast retransmissions inside a PDU already assembled (Wireshark's "New fragment
    /// overlaps old data" reassembly error).
    overlap: HashSet<u32>,
    /// The segment being fed is a fast retransmission (outside a PDU being assembled it is
    /// dissected again from its start, as tshark does).
    fast: bool,
}

impl Reassembly {
    /// The Info text of a partial reassembly's frame (see `partial_info`).
    pub fn partial_info(&self, frame: u32) -> Option<&str> {
        self.partial_info.get(&frame).map(String::as_str)
    }

    /// Whether a fast retransmission fell inside a PDU already assembled.
    pub fn overlaps_old_data(&self, frame: u32) -> bool {
        self.overlap.contains(&frame)
    }

    /// A framed protocol's state (of its own type `T`), if it has kept one.
    pub fn state<T: Any>(&self) -> Option<&T> {
        self.data.get()
    }

    /// A framed protocol's state, made empty on first use.
    pub fn state_mut<T: Any + Send + Sync + Default>(&mut self) -> Option<&mut T> {
        self.data.get_or_default()
    }
}

use super::seq::{lt, since};

/// How `Reassembly::segment_as` treats a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Special {
    Truncated,
    FastRetransmission,
}

/// A segment's payload as the reassembly takes it: its frame, stream, sequence number and
/// bytes, and its ports (which decide which protocol an unclaimed direction is).
#[derive(Clone, Copy)]
struct Piece<'a> {
    frame: u32,
    stream: u32,
    seq: u32,
    data: &'a [u8],
    ports: Ports,
}

impl Reassembly {
    /// Feeds one segment's payload.
    #[allow(clippy::too_many_arguments)]
    pub fn segment(
        &mut self,
        frame: u32,
        stream: u32,
        dir: u8,
        seq: u32,
        payload: &[u8],
        fin: bool,
        ports: impl Into<Ports>,
    ) {
        let ports: Ports = ports.into();
        let existed = self.dirs.get(stream, dir).is_some();
        if !existed && payload.is_empty() && !fin {
            // nothing to keep for a direction that has sent no data yet (a million one-SYN
            // streams cost no reassembly state)
            return;
        }
        let mut st = self.dirs.take(stream, dir).unwrap_or_default();
        st.dir = dir;
        if let Some(&app) = self.upgraded.get(&stream) {
            if st.msp.is_none() {
                st.app = App::of(app);
            }
        }
        if st.app == App::Unknown && claimed_elsewhere(ports) {
            st.app = App::Other;
        }
        if st.app == App::Other && st.msp.is_none() {
            if let Some(&f) = self.handed_over.get(&stream) {
                st.app = App::Framed(f);
            }
        }
        if st.app == App::Unknown {
            if let Some((f, from_server)) = framing::by_port(ports) {
                st.app = App::Framed(f);
                st.from_server = from_server;
            }
        }
        if !payload.is_empty() {
            let piece = Piece {
                frame,
                stream,
                seq,
                data: payload,
                ports,
            };
            self.feed(&mut st, &piece);
            if st.app == App::Other {
                if let Some(f) = framing::handover(ports, payload) {
                    self.handed_over.insert(stream, f);
                }
            }
        }
        if fin {
            if let Some(m) = st.msp.take() {
                if m.until_fin {
                    let n = m.prefix();
                    let kind = m.framing.kind;
                    self.complete(*m, n, kind, frame, stream, &mut st, true);
                } else {
                    st.msp = Some(m);
                }
            }
        }
        // a direction that has finished needs no state (bytes after a FIN are not dissected)
        if !(fin && st.msp.is_none()) {
            self.dirs.put(stream, dir, st);
        } else if let Some(m) = st.stale.take() {
            self.abandon(*m);
        }
    }

    /// A PDU that will never complete: the segments of a partial reassembly stay
    /// "reassembled in" its frame.
    fn abandon(&mut self, m: Msp) {
        if let Some((pf, n, ooo)) = m.partial {
            let head = &m.buf[..m.prefix().min(m.buf.len())];
            // (what an out-of-order segment completed was handed to no protocol)
            if let Some(info) = (!ooo).then(|| (m.framing.abandoned)(head)).flatten() {
                self.partial_info.insert(pf, info);
            }
            for (_, s) in m.segs.iter().take(n) {
                if s.frame != pf {
                    self.reassembled_in.push((s.frame, pf));
                }
            }
        }
    }

    /// Feeds a segment, `at` = (frame, time, stream, direction, sequence number). `how` says
    /// which need care: one the snapshot length cut short cannot be reassembled, so what was
    /// captured is dissected as it is (as Wireshark does); a fast retransmission is dissected
    /// again where it is not part of a PDU already assembled.
    pub fn segment_as(
        &mut self,
        how: Option<Special>,
        at: (u32, u32, u8, u32),
        payload: &[u8],
        fin: bool,
        ports: impl Into<Ports>,
    ) {
        let (frame, stream, dir, seq) = at;
        match how {
            None => {}
            Some(Special::Truncated) => self.cut = true,
            Some(Special::FastRetransmission) => {
                let inside_pdu = self
                    .dirs
                    .get(stream, dir)
                    .is_some_and(|st| st.done_msp.is_some_and(|(a, b)| !lt(seq, a) && lt(seq, b)));
                if inside_pdu {
                    self.overlap.insert(frame);
                    return;
                }
                self.fast = true;
            }
        }
        self.segment(frame, stream, dir, seq, payload, fin, ports);
        self.cut = false;
        self.fast = false;
    }

    /// An out-of-order segment: it only fills a hole in a PDU being assembled.
    pub fn out_of_order(&mut self, frame: u32, stream: u32, dir: u8, seq: u32, data: &[u8]) {
        let Some(mut st) = self.dirs.take(stream, dir) else {
            return;
        };
        if !data.is_empty() && st.done_msp.is_some_and(|(a, b)| !lt(seq, a) && lt(seq, b)) {
            // late bytes of a PDU already assembled: Wireshark's "New fragment overlaps old
            // data" reassembly error
            self.overlap.insert(frame);
        } else {
            let piece = Piece {
                frame,
                stream,
                seq,
                data,
                ports: Ports::default(),
            };
            self.out_of_order_in(&mut st, &piece);
        }
        self.dirs.put(stream, dir, st);
    }

    fn out_of_order_in(&mut self, st: &mut DirState, piece: &Piece) {
        let (frame, seq, data) = (piece.frame, piece.seq, piece.data);
        // the unfinished PDU it falls in: the current one, or one a segment jumped past
        let inside = |m: &Msp| {
            let rel = since(seq, m.start);
            rel >= 0 && m.total.is_none_or(|t| (rel as usize) < t)
        };
        if st.msp.as_ref().is_none_or(|m| !inside(m)) && st.stale.as_deref().is_some_and(inside) {
            std::mem::swap(&mut st.msp, &mut st.stale);
            self.out_of_order_in(st, piece);
            std::mem::swap(&mut st.msp, &mut st.stale);
            return;
        }
        let Some(m) = st.msp.as_mut() else { return };
        let rel = since(seq, m.start);
        if rel < 0 || data.is_empty() {
            return;
        }
        if m.total.is_some_and(|t| m.prefix() >= t) {
            // this PDU was reassembled already (by an earlier out-of-order segment)
            self.overlap.insert(frame);
            return;
        }
        let pos = rel as usize;
        let end = pos + data.len();
        if m.total.is_some_and(|t| pos >= t) {
            return;
        }
        let fresh = m.new_bytes(pos, end);
        if fresh > 0 && end <= MAX_MSP {
            if m.buf.len() < end {
                m.buf.resize(end, 0);
            }
            m.buf[pos..end].copy_from_slice(data);
        }
        // a segment the PDU already has is still listed among its segments, as tshark does
        m.add_range(pos, end);
        m.segs.push((
            pos,
            Seg {
                frame,
                off: 0,
                len: data.len() as u32,
                at: 0,
            },
        ));
        self.partial.push((frame, true));
        // the headers may be whole now: a partial reassembly happens here; a PDU this
        // segment completes is reassembled here too, but an out-of-order segment hands
        // nothing to HTTP (tshark shows its segments "reassembled in" it, and no message)
        let before = m.partial;
        if m.total.is_some_and(|t| m.prefix() >= t) {
            m.mark_partial(frame, true);
        } else if m.total.is_none() && !m.until_fin {
            let prefix = m.prefix().min(m.buf.len());
            let unit = self.unit(st.dir, st.from_server, piece, &m.buf[..prefix]);
            match (m.framing.need)(&self.data, &unit, &mut m.scanned) {
                Need::Exactly(t) => m.total = Some(t),
                Need::UntilFin => m.until_fin = true,
                Need::More => {}
                _ => return,
            }
            m.mark_partial(frame, true);
        }
        // the frame a reassembly happened in is no "segment of a reassembled PDU" itself
        if m.partial != before {
            self.partial.push((frame, false));
        }
    }

    /// One segment's payload `data` at `seq` in direction `st` of `stream`: added to the
    /// message being reassembled, or the start of new ones.
    fn feed(&mut self, st: &mut DirState, piece: &Piece) {
        let (seq, data) = (piece.seq, piece.data);
        let len = data.len() as u32;
        let mut off = 0usize;
        if self.cut {
            if let Some(m) = st.msp.take() {
                self.abandon(*m);
            }
        }
        self.leave_passed_msp(st, seq);
        if let Some(m) = st.msp.take() {
            match self.extend_msp(st, m, piece) {
                Some(rest) => off = rest,
                None => return,
            }
        } else if let Some(n) = st.next.filter(|_| !self.fast) {
            // data already handed to the application: a retransmission
            let end = seq.wrapping_add(len);
            if !lt(n, end) {
                return;
            }
            if lt(seq, n) {
                off = n.wrapping_sub(seq) as usize;
            }
        }
        let nseq = seq.wrapping_add(len);
        if st.next.is_none_or(|n| lt(n, nseq)) {
            st.next = Some(nseq);
        }
        self.start_pdus(st, piece, off);
    }

    /// A segment that starts past the PDU's end (Wireshark's nxtpdu) is not part of it: the
    /// PDU stays unfinished and this segment starts afresh.
    fn leave_passed_msp(&mut self, st: &mut DirState, seq: u32) {
        let Some(m) = &st.msp else { return };
        let rel = since(seq, m.start) as i64;
        let limit = match (m.total, m.until_fin) {
            (Some(t), _) => t as i64,
            (None, true) => i64::MAX,
            (None, false) => m.have.last().map(|h| h.1).unwrap_or(0) as i64,
        };
        if rel > limit || (m.total.is_some() && rel >= limit) {
            if let Some(old) = std::mem::replace(&mut st.stale, st.msp.take()) {
                self.abandon(*old);
            }
            st.next = Some(seq);
        }
    }

    /// Adds segment `data` at `seq` to the message `m` being reassembled; when that
    /// completes it, returns where in `data` the bytes after it start (`None`: nothing
    /// after it, or the message goes on).
    fn extend_msp(&mut self, st: &mut DirState, mut m: Box<Msp>, piece: &Piece) -> Option<usize> {
        let (frame, stream, seq, data) = (piece.frame, piece.stream, piece.seq, piece.data);
        let len = data.len() as u32;
        let rel = since(seq, m.start) as i64;
        let (skip, pos) = if rel < 0 {
            ((-rel) as usize, 0usize)
        } else {
            (0, rel as usize)
        };
        if skip >= data.len() {
            st.msp = Some(m);
            return None;
        }
        let part = &data[skip..];
        let end = pos + part.len();
        let fresh = m.new_bytes(pos, end);
        let this = Seg {
            frame,
            off: skip as u32,
            len: part.len() as u32,
            at: 0,
        };
        if fresh == 0 {
            // nothing new: a retransmission of bytes the PDU already has (a fast
            // retransmission is listed among its segments, as tshark lists it)
            if self.fast {
                m.segs.push((pos, this));
            }
            self.partial.push((frame, true));
            st.msp = Some(m);
            return None;
        }
        if end <= MAX_MSP {
            if m.buf.len() < end {
                m.buf.resize(end, 0);
            }
            m.buf[pos..end].copy_from_slice(part);
        }
        m.add_range(pos, end);
        m.segs.push((pos, this));
        let nseq = seq.wrapping_add(len);
        if st.next.is_none_or(|n| lt(n, nseq)) {
            st.next = Some(nseq);
        }
        let prefix = m.prefix().min(m.buf.len());
        let mut no_message = false;
        let done = if let Some(t) = m.total {
            (prefix >= t).then_some(t)
        } else if m.until_fin {
            None
        } else {
            let unit = self.unit(st.dir, st.from_server, piece, &m.buf[..prefix]);
            match (m.framing.need)(&self.data, &unit, &mut m.scanned) {
                Need::Complete(n) => Some(n),
                Need::Exactly(t) => {
                    m.total = Some(t);
                    if prefix < t {
                        m.mark_partial(frame, false);
                    }
                    (prefix >= t).then_some(t)
                }
                Need::UntilFin => {
                    m.until_fin = true;
                    m.mark_partial(frame, false);
                    None
                }
                // HTTP asks for one more segment (headers or chunks not whole yet):
                // each one is reassembled with what came before
                Need::More => {
                    m.mark_partial(frame, false);
                    if let Some(p) = m.partial.as_mut() {
                        p.1 = 1;
                    }
                    None
                }
                // what was held for more turns out to be no message once it has more:
                // the bytes so far are one reassembled run of continuation data
                Need::NoMessage => {
                    no_message = m.framing.continuation;
                    Some(prefix)
                }
            }
        };
        match done {
            Some(n) => {
                let pdu_end_seq = m.start.wrapping_add(n as u32);
                let kind = if no_message {
                    PduKind::Continuation
                } else {
                    m.framing.kind
                };
                self.complete(*m, n, kind, frame, stream, st, false);
                let rest = since(pdu_end_seq, seq);
                (rest > 0 && (rest as usize) < data.len()).then_some(rest as usize)
            }
            None => {
                self.partial.push((frame, true));
                st.msp = Some(m);
                None
            }
        }
    }

    /// New messages from `off` in segment `data` at `seq`, as many as it holds whole, and
    /// the start of one it holds only part of.
    fn start_pdus(&mut self, st: &mut DirState, piece: &Piece, mut off: usize) {
        let (frame, stream, seq, data) = (piece.frame, piece.stream, piece.seq, piece.data);
        while off < data.len() {
            let b = &data[off..];
            let start_seq = seq.wrapping_add(off as u32);
            if st.app == App::Unknown && !self.classify(st, b, piece) {
                // not yet: Wireshark's heuristics try each segment until one claims the
                // conversation
                return;
            }
            let Some(f) = st.app.framing() else { return };
            let unit = self.unit(st.dir, st.from_server, piece, b);
            let mut need = (f.need)(&self.data, &unit, &mut 0);
            if self.cut && matches!(need, Need::Exactly(_) | Need::More | Need::UntilFin) {
                need = Need::Complete(b.len());
            }
            if need != Need::NoMessage {
                if let Some(started) = f.started {
                    started(&mut self.data, &unit);
                }
            }
            match need {
                Need::Complete(n) => {
                    let n = n.max(1).min(b.len());
                    let one = |len: usize, kind| {
                        let seg = Seg {
                            frame,
                            off: off as u32,
                            len: len as u32,
                            at: 0,
                        };
                        Pdu::new(vec![seg], len as u32, kind)
                    };
                    self.finish_pdu(one(n, f.kind), &b[..n], frame, stream, st);
                    off += n;
                }
                Need::NoMessage => {
                    if f.continuation {
                        let seg = Seg {
                            frame,
                            off: off as u32,
                            len: b.len() as u32,
                            at: 0,
                        };
                        let pdu = Pdu::new(vec![seg], b.len() as u32, PduKind::Continuation);
                        self.add_pdu(frame, pdu);
                    }
                    return;
                }
                Need::Exactly(_) | Need::More | Need::UntilFin => {
                    self.start_msp(st, (frame, off, start_seq), b, need, f);
                    return;
                }
            }
        }
    }

    /// The bytes `b` of `piece`'s direction as its protocol sees them.
    fn unit<'a>(&self, dir: u8, from_server: bool, piece: &Piece, b: &'a [u8]) -> Unit<'a> {
        Unit {
            frame: piece.frame,
            stream: piece.stream,
            dir,
            from_server,
            cut: self.cut,
            bytes: b,
        }
    }

    /// The application of a direction nothing has claimed yet, from its first bytes `b`
    /// (the registered heuristics, in rank order); `false` when none claims them.
    fn classify(&mut self, st: &mut DirState, b: &[u8], piece: &Piece) -> bool {
        let probe = Probe {
            stream: piece.stream,
            ports: piece.ports,
            bytes: b,
        };
        let Some((f, both)) = framing::classify(&self.data, &probe) else {
            return false;
        };
        if both {
            // (HTTP/2's preface where HTTP owns the port: HTTP hands the connection to
            // HTTP/2, both ways)
            self.upgraded.insert(piece.stream, Some(f));
        }
        st.app = App::Framed(f);
        true
    }

    /// Starts reassembling the message at `at` = (frame, offset in its payload, sequence
    /// number), `b` from there on, of which protocol `framing` `need`s more.
    fn start_msp(
        &mut self,
        st: &mut DirState,
        at: (u32, usize, u32),
        b: &[u8],
        need: Need,
        framing: &'static Framing,
    ) {
        let (frame, off, start_seq) = at;
        let mut m = Msp {
            start: start_seq,
            buf: b[..b.len().min(MAX_MSP)].to_vec(),
            have: vec![(0, b.len())],
            segs: vec![(
                0,
                Seg {
                    frame,
                    off: off as u32,
                    len: b.len() as u32,
                    at: 0,
                },
            )],
            total: None,
            until_fin: false,
            scanned: 0,
            partial: None,
            framing,
        };
        match need {
            Need::Exactly(t) => m.total = Some(t),
            Need::UntilFin => m.until_fin = true,
            _ => {}
        }
        self.partial.push((frame, true));
        st.msp = Some(Box::new(m));
    }

    /// Completes the PDU of `m`'s first `n` bytes in `frame`. `closing`: a FIN in `frame`
    /// ends a PDU that runs until the connection closes; a FIN that brings no data of its
    /// own still counts as one of its segments, an empty one (tshark's `#22(0)`).
    #[allow(clippy::too_many_arguments)]
    fn complete(
        &mut self,
        mut m: Msp,
        n: usize,
        kind: PduKind,
        frame: u32,
        stream: u32,
        st: &mut DirState,
        closing: bool,
    ) {
        // the segments that cover [0, n), in sequence order
        m.segs.sort_by_key(|&(pos, _)| pos);
        let mut segs = Vec::new();
        for &(pos, s) in &m.segs {
            if pos >= n {
                break;
            }
            let take = (s.len as usize).min(n - pos);
            segs.push(Seg {
                frame: s.frame,
                off: s.off,
                len: take as u32,
                at: pos as u32,
            });
        }
        if closing && segs.last().is_some_and(|s| s.frame != frame) {
            segs.push(Seg {
                frame,
                off: 0,
                len: 0,
                at: n as u32,
            });
        }
        m.buf.truncate(n.min(m.buf.len()));
        if segs.iter().any(|s| s.frame != frame) {
            st.done_msp = Some((m.start, m.start.wrapping_add(n as u32)));
        }
        for s in &segs {
            if s.frame != frame {
                self.reassembled_in.push((s.frame, frame));
            }
        }
        self.partial.push((frame, false));
        let pdu = Pdu::new(segs, n as u32, kind);
        if kind == PduKind::Continuation {
            self.add_pdu(frame, pdu);
            return;
        }
        let buf = std::mem::take(&mut m.buf);
        self.finish_pdu(pdu, &buf, frame, stream, st);
    }

    /// A whole message: its protocol reads it and describes it in its PDU, and may switch
    /// the stream to another protocol.
    fn finish_pdu(
        &mut self,
        mut pdu: Pdu,
        bytes: &[u8],
        frame: u32,
        stream: u32,
        st: &mut DirState,
    ) {
        let Some(f) = st.app.framing() else {
            self.add_pdu(frame, pdu);
            return;
        };
        let unit = Unit {
            frame,
            stream,
            dir: st.dir,
            from_server: st.from_server,
            cut: self.cut,
            bytes,
        };
        // (PDUs are added in frame order: this frame's so far are the last ones)
        let index = self
            .pdu_frames
            .iter()
            .rev()
            .take_while(|&&f| f == frame)
            .count() as u16;
        let switch = (f.finish)(&mut self.data, &mut pdu, &unit, index);
        self.add_pdu(frame, pdu);
        match switch {
            Switch::Stay => {}
            Switch::Later(to) => {
                self.upgraded.insert(stream, to);
            }
            Switch::Now(to) => {
                self.upgraded.insert(stream, Some(to));
                st.app = App::Framed(to);
            }
        }
    }

    /// Reserves room for `n` PDUs (see `Analysis::reserve_for_file`); false when it cannot
    /// be had.
    pub fn reserve(&mut self, n: usize) -> bool {
        self.pdus.try_reserve_exact(n).is_ok() && self.pdu_frames.try_reserve_exact(n).is_ok()
    }

    fn add_pdu(&mut self, frame: u32, pdu: Pdu) {
        self.pdus.push((frame, pdu));
        self.pdu_frames.push(frame);
    }

    /// The PDUs dissected in one frame.
    pub fn pdus_at(&self, frame: u32) -> &[(u32, Pdu)] {
        let a = self.pdu_frames.partition_point(|f| *f < frame);
        let n = self
            .pdu_frames
            .get(a..)
            .unwrap_or_default()
            .iter()
            .take_while(|f| **f == frame)
            .count();
        self.pdus.get(a..a + n).unwrap_or_default()
    }

    /// The reassembled-in links found since the last call.
    pub fn take_reassembled_in(&mut self) -> Vec<(u32, u32)> {
        std::mem::take(&mut self.reassembled_in)
    }

    /// The partial-PDU marks found since the last call.
    pub fn take_partial(&mut self) -> Vec<(u32, bool)> {
        std::mem::take(&mut self.partial)
    }

    /// Drops the state that only the first pass needs.
    pub fn finish(&mut self) {
        let open: Vec<Box<Msp>> = self
            .dirs
            .values_mut()
            .flat_map(|d| [d.msp.take(), d.stale.take()])
            .flatten()
            .collect();
        for m in open {
            self.abandon(*m);
        }
        self.dirs = DirStates::default();
        for done in framing::framings().filter_map(|f| f.done) {
            done(&mut self.data);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upgrade_to_h2c_turns_both_directions_to_http2() {
        let mut r = Reassembly::default();
        let req = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n";
        r.segment(1, 0, 0, 1000, req, false, (40000, 80));
        // the 101 and the server's SETTINGS in one segment
        let mut res =
            b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"
                .to_vec();
        res.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 0, 0]);
        r.segment(2, 0, 1, 5000, &res, false, (80, 40000));
        // the client's preface, its SETTINGS and a request (RFC 7541 C.3.1's block)
        let mut c = crate::analysis::http2::MAGIC.to_vec();
        c.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 0, 0]);
        let block = b"\x82\x86\x84\x41\x0fwww.example.com";
        c.extend_from_slice(&[0, 0, block.len() as u8, 1, 5, 0, 0, 0, 3]);
        c.extend_from_slice(block);
        r.segment(3, 0, 0, 1000 + req.len() as u32, &c, false, (40000, 80));
        let kinds = |f: u32| r.pdus_at(f).iter().map(|(_, p)| p.kind).collect::<Vec<_>>();
        assert_eq!(kinds(2), vec![PduKind::Http, PduKind::Http2]);
        assert_eq!(kinds(3), vec![PduKind::Http2; 3]);
        let info = |f: u32, i: u16| r.h2_unit(f, i).map(|u| u.info.clone());
        assert_eq!(info(2, 1).as_deref(), Some("SETTINGS[0]"));
        assert_eq!(info(3, 0).as_deref(), Some("Magic"));
        assert_eq!(info(3, 2).as_deref(), Some("HEADERS[3]: GET /"));
    }

    #[test]
    fn a_port_claimed_by_another_protocol_is_no_http() {
        // insecure.pcap: GET requests from port 34980 are EtherCAT frames to tshark
        // the server port a SYN named is looked up before the lower port: a client whose
        // ephemeral port falls in X11's range still talks HTTP to 8080
        let p = Ports {
            src: 6029,
            dst: 8080,
            server: 8080,
        };
        assert_eq!(p.owner(), Some((8080, PortOwner::Http)));
        assert!(!claimed_elsewhere(p));
        assert_eq!(p.owned_by("x11"), None);
        // without a SYN, the lower port comes first
        let p = Ports::from((6029, 8080));
        assert_eq!(p.owned_by("x11"), Some(6029));
        let p = Ports {
            src: 40000,
            dst: 6000,
            server: 6000,
        };
        assert_eq!(p.owned_by("x11"), Some(6000));
        assert!(claimed_elsewhere((34980, 5000)));
        assert!(claimed_elsewhere((5000, 34980)));
        // the lower port is looked up first: HTTP's own port wins
        assert!(!claimed_elsewhere((34980, 80)));
        assert!(!claimed_elsewhere((34940, 5000)));

        let mut r = Reassembly::default();
        let get = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        r.segment(1, 0, 0, 1000, get, false, (34980, 5000));
        r.segment(2, 1, 0, 1000, get, false, (34940, 5000));
        assert!(r.pdus_at(1).is_empty());
        assert_eq!(r.pdus_at(2).len(), 1);
    }

    #[test]
    fn a_fast_retransmission_inside_a_pdu_is_listed_as_an_overlap() {
        // tcp-lossy-download.pcap: a fast retransmission of a segment the response already
        // has is one of its segments (tcp.segment.overlap) and gets tcp.reassembled_in
        let mut r = Reassembly::default();
        let fast = Some(Special::FastRetransmission);
        let head = b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n";
        let ports = (80, 40000);
        r.segment(1, 0, 1, 100, head, false, ports);
        r.segment(2, 0, 1, 100 + head.len() as u32, b"abcd", false, ports);
        let seq = 100 + head.len() as u32;
        r.segment_as(fast, (3, 0, 1, seq), b"abcd", false, ports);
        assert!(!r.overlaps_old_data(3));
        r.segment(4, 0, 1, 104 + head.len() as u32, b"efgh", false, ports);
        let pdus = r.pdus_at(4);
        assert_eq!(pdus.len(), 1);
        let segs: Vec<(u32, u32, u32)> = pdus[0].1.segs().map(|s| (s.frame, s.at, s.len)).collect();
        let h = head.len() as u32;
        assert_eq!(segs, vec![(1, 0, h), (2, h, 4), (3, h, 4), (4, h + 4, 4)]);
        let rin = r.take_reassembled_in();
        assert!(rin.contains(&(3, 4)), "{rin:?}");
        // after the PDU, a fast retransmission of its bytes is a reassembly error
        let seq = 100 + head.len() as u32;
        r.segment_as(fast, (5, 0, 1, seq), b"abcd", false, ports);
        assert!(r.overlaps_old_data(5));
        assert!(r.pdus_at(5).is_empty());
    }

    #[test]
    fn a_pdu_the_file_ends_before_stays_reassembled_in_its_last_partial_reassembly() {
        // test_fragroute.pcap: a chunked response whose headers end in the second segment
        // and whose body never completes; tshark says the first is reassembled in the second
        let ports = (80, 40000);
        let mut r = Reassembly::default();
        let a = b"HTTP/1.1 200 OK\r\nTransfer-Enc";
        let b = b"oding: chunked\r\n\r\n1c48\r\nxyz";
        r.segment(1, 0, 1, 1, a, false, ports);
        r.segment(2, 0, 1, 1 + a.len() as u32, b, false, ports);
        assert!(r.take_reassembled_in().is_empty());
        r.finish();
        assert_eq!(r.take_reassembled_in(), vec![(1, 2)]);
        assert_eq!(r.partial_info(2), Some("HTTP/1.1 200 OK "));

        // http-ooo.pcap: a segment jumps past an unfinished request; the missing bytes arrive
        // out of order and complete it: its segments are "reassembled in" that frame, which
        // shows no message
        let ports = (40000, 80);
        let mut r = Reassembly::default();
        let head = b"PUT /1 HTTP/1.1\r\nContent-Length: 4\r\n\r\n";
        let h = head.len() as u32;
        r.segment(1, 0, 0, 1, head, false, ports);
        r.segment(2, 0, 0, 1 + h, b"1\n", false, ports);
        r.segment(3, 0, 0, 1 + h + 10, b"\r\n", false, ports);
        r.out_of_order(4, 0, 0, 1 + h + 2, b"2\n");
        r.out_of_order(5, 0, 0, 1 + h + 2, b"2\n");
        assert!(r.overlaps_old_data(5));
        r.finish();
        let mut rin = r.take_reassembled_in();
        rin.sort();
        assert_eq!(rin, vec![(1, 4), (2, 4)]);
        assert_eq!(r.partial_info(4), None);
    }

    #[test]
    fn text_held_for_its_first_line_that_is_no_message_completes_as_continuation() {
        // zeek/tcp-reassembly.pcap: after a capture gap, the tail of a long line (no line
        // end yet) is held as a possible request line; once its line ends and it is no
        // request, what was held is one reassembled run of continuation data, no message
        let ports = (40000, 80);
        let mut r = Reassembly::default();
        let a = b"abcdefgh GET /x HTTP/1.1";
        let b = b" more\r\nHost: h\r\n\r\n";
        r.segment(1, 0, 0, 1, a, false, ports);
        assert!(r.pdus_at(1).is_empty());
        r.segment(2, 0, 0, 1 + a.len() as u32, b, false, ports);
        let pdus = r.pdus_at(2);
        assert_eq!(pdus.len(), 1);
        assert_eq!(pdus[0].1.kind, PduKind::Continuation);
        assert_eq!(pdus[0].1.seg_count(), 2);
        assert_eq!(pdus[0].1.msg(), None);
        assert_eq!(r.http().exchanges(0), 0);
        assert_eq!(r.take_reassembled_in(), vec![(1, 2)]);
    }

    #[test]
    fn a_fin_that_ends_a_message_is_its_last_empty_segment() {
        // insecure.pcap: an HTTP/1.0 response with no length ends with the connection; the
        // FIN that brings no data is listed as its last segment, `#22(0)`, as tshark lists it
        let ports = (5000, 34940);
        let mut r = Reassembly::default();
        let head = b"HTTP/1.0 302 Found\r\nLocation: /admin\r\n\r\nmoved";
        r.segment(20, 0, 1, 1, head, false, ports);
        assert!(r.pdus_at(20).is_empty());
        r.segment(22, 0, 1, 1 + head.len() as u32, b"", true, ports);
        let pdus = r.pdus_at(22);
        assert_eq!(pdus.len(), 1);
        let segs: Vec<(u32, u32, u32)> = pdus[0].1.segs().map(|s| (s.frame, s.at, s.len)).collect();
        assert_eq!(
            segs,
            [(20, 0, head.len() as u32), (22, head.len() as u32, 0)]
        );
        assert_eq!(pdus[0].1.len, head.len() as u32);
        assert_eq!(r.take_reassembled_in(), vec![(20, 22)]);

        // a FIN that carries the message's last bytes is a segment for its data, once
        let mut r = Reassembly::default();
        r.segment(20, 0, 1, 1, head, false, ports);
        r.segment(22, 0, 1, 1 + head.len() as u32, b"!", true, ports);
        let frames: Vec<u32> = r.pdus_at(22)[0].1.segs().map(|s| s.frame).collect();
        assert_eq!(frames, [20, 22]);
    }

    #[test]
    fn one_more_segment_after_another_leaves_only_the_first_reassembled_in_the_last() {
        // zeek/tcp-reassembly.pcap: text without a line end in three segments, then a gap the
        // file never fills; tshark names the last segment as where the first was reassembled
        // and says nothing of the segments between
        let ports = (40000, 80);
        let mut r = Reassembly::default();
        let mut seq = 1;
        for frame in 1..=3 {
            r.segment(frame, 0, 0, seq, b"xxxx", false, ports);
            seq += 4;
        }
        assert!(r.pdus_at(3).is_empty());
        r.finish();
        assert_eq!(r.take_reassembled_in(), vec![(1, 3)]);
    }
}
