//! State across frames, built in the first pass (in file order) and read by everything else.

pub mod chunked;
pub mod decode_as;
pub mod exchanges;
pub mod frames;
pub mod framing;
pub mod http;
pub mod http2;
pub mod http_syntax;
pub mod ipfrag;
pub mod lines;
pub mod pdu;
mod per_stream;
pub mod reassembly;
pub mod register;
pub mod seq;
pub mod tcp;
pub mod tls;
pub mod tls_store;

use crate::capture::file::{CaptureFile, PacketSource, Record};
use crate::wire::{Addr, TH_FIN};
use ipfrag::FragTable;
use std::collections::HashMap;

/// Everything the first pass learned. Frame numbers are 1-based, as in Wireshark.
#[derive(Default)]
pub struct Analysis {
    /// The compact per-frame store (24 bytes a frame).
    pub frames: frames::Frames,
    pub pcapng: bool,
    pub comments: HashMap<u32, String>,
    /// Frames the user ignores (Edit ▸ Ignore Packet): kept in the list, left out of every
    /// analysis, as Wireshark leaves them out.
    pub ignored: std::collections::HashSet<u32>,
    pub ip: FragTable,
    /// Which frames have a record in `tcp_frames`, and where.
    pub tcp_index: frames::RankIndex,
    pub tcp_frames: Vec<tcp::TcpFrame>,
    /// Which TCP records (by their place in `tcp_frames`) have a [`tcp::Flight`], and the
    /// flights of those that do, in order.
    pub tcp_flight_index: frames::RankIndex,
    pub tcp_flights: Vec<tcp::Flight>,
    /// Duplicate-ACK and RTO details of the few frames that have them.
    pub tcp_rare: HashMap<u32, tcp::Rare>,
    pub tcp_streams: chunked::Chunked<tcp::Stream>,
    pub udp_stream: HashMap<u32, u32>,
    /// pcapng interface names by id ("unknown" when the file gives none).
    pub iface_names: Vec<String>,
    /// The decimals of the file's timestamps (6 or 9), as tshark prints times.
    pub time_digits: u8,
    /// Each UDP conversation's frames, in order (for its timestamps).
    pub udp_frames: Vec<Vec<u32>>,
    /// TCP / UDP stream indexes of the headers sampled inside a frame (sFlow), in order.
    pub inner_tcp: HashMap<u32, Vec<u32>>,
    pub inner_udp: HashMap<u32, Vec<u32>>,
    /// What the registered protocols (SSH, X11) keep across frames, one state each.
    pub protos: register::ProtoData,
    pub udp_stream_count: u32,
    /// Echo request/reply pairs: frame -> (other frame, this one is the request).
    pub icmp_pairs: HashMap<u32, (u32, bool)>,
    pub reasm: reassembly::Reassembly,
    /// Where the capture file's packets are read from for lazy re-dissection.
    pub source: Option<PacketSource>,
    pub warning: Option<String>,
    /// The first pass has seen every frame.
    pub complete: bool,
}

impl Analysis {
    /// Reads the TLS key log file the preference names, for the first pass to come (a
    /// file that cannot be read leaves a warning).
    pub fn load_tls_keys(&mut self) {
        let (keys, err) = crate::tls::keylog::load();
        if let Some(t) = self.reasm.tls_mut() {
            t.sessions = crate::tls::session::Sessions::new(keys);
        }
        if err.is_some() {
            self.warning = err;
        }
    }

    /// Reserves the per-frame stores for a file of `bytes` bytes, so that they never grow by
    /// copying: a store that doubles holds the old and the new copy at once (on ten million
    /// frames, hundreds of megabytes more at the peak, and a copy that held the analysis for
    /// a third of a second). The room is for records as small as a bare TCP ACK; room never
    /// written takes no memory. Where it cannot be had, the stores grow as they go.
    pub fn reserve_for_file(&mut self, bytes: u64) {
        const SMALLEST: u64 = 16 + 54;
        let n = usize::try_from(bytes / SMALLEST).unwrap_or(usize::MAX);
        // (PDUs: one for every fourth frame at most, in all but odd captures)
        let room = self.frames.try_reserve_exact(n).is_ok()
            && self.tcp_index.try_reserve_exact(n).is_ok()
            && self.tcp_frames.try_reserve_exact(n).is_ok()
            && self.tcp_flight_index.try_reserve_exact(n).is_ok()
            && self.tcp_flights.try_reserve_exact(n).is_ok()
            && self.reasm.reserve(n / 4);
        if !room {
            // (growing as it goes is what it did before; nothing is lost)
            self.frames.shrink_to_fit();
            self.tcp_index.shrink_to_fit();
            self.tcp_frames.shrink_to_fit();
            self.tcp_flight_index.shrink_to_fit();
            self.tcp_flights.shrink_to_fit();
            self.reasm.pdus.shrink_to_fit();
        }
    }

    pub fn tcp(&self, frame: u32) -> Option<&tcp::TcpFrame> {
        let i = self.tcp_index.get(frame.checked_sub(1)? as usize)?;
        self.tcp_frames.get(i as usize)
    }

    /// A TCP frame's bytes in flight and bytes sent since the last PSH (zero when it has none).
    pub fn flight(&self, frame: u32) -> tcp::Flight {
        let flight = || {
            let i = self.tcp_index.get(frame.checked_sub(1)? as usize)?;
            let j = self.tcp_flight_index.get(i as usize)?;
            self.tcp_flights.get(j as usize).copied()
        };
        flight().unwrap_or_default()
    }

    /// Appends a TCP frame's record and its flight.
    fn push_tcp(&mut self, tf: tcp::TcpFrame, flight: tcp::Flight) {
        self.tcp_frames.push(tf);
        self.tcp_index.push(true);
        self.tcp_flight_index.push(!flight.is_empty());
        if !flight.is_empty() {
            self.tcp_flights.push(flight);
        }
    }

    /// `tcp.analysis.ack_rtt` of a TCP frame: the time from the segment it acknowledges
    /// (`acks_frame`) to it, 0 when it acknowledges none. (Derived, not stored: eight bytes a
    /// frame less in the per-frame record.)
    pub fn ack_rtt_ns(&self, frame: u32, t: &tcp::TcpFrame) -> i64 {
        let ts = |f: u32| self.frames.ts_ns(f.checked_sub(1)? as usize);
        match (self.acks_frame(frame, t), ts(frame)) {
            (0, _) | (_, None) => 0,
            (acked, Some(now)) => ts(acked).map_or(0, |then| now - then),
        }
    }

    /// The window scale of a TCP frame's direction: -1 unknown, -2 no scaling, else the shift
    /// (see [`tcp::Stream::win_scale`]).
    pub fn win_scale(&self, t: &tcp::TcpFrame) -> i8 {
        self.tcp_streams
            .get(t.stream as usize)
            .map_or(-1, |s| s.win_scale[usize::from(t.dir() & 1)])
    }

    /// `tcp.analysis.acks_frame` of TCP frame `frame` (record `t`): the frame it
    /// acknowledges, 0 for none.
    pub fn acks_frame(&self, frame: u32, t: &tcp::TcpFrame) -> u32 {
        t.acks_frame_near(frame)
            .unwrap_or_else(|| self.tcp_rare.get(&frame).map_or(0, |r| r.acks_frame))
    }

    /// `tcp.reassembled_in` of TCP frame `frame` (record `t`): where its PDU was reassembled,
    /// 0 for nowhere.
    pub fn reassembled_in(&self, frame: u32, t: &tcp::TcpFrame) -> u32 {
        t.reassembled_in_near(frame)
            .unwrap_or_else(|| self.tcp_rare.get(&frame).map_or(0, |r| r.reassembled_in))
    }

    fn set_reassembled_in(&mut self, frame: u32, rin: u32) {
        let Some(t) = self.tcp_frame_mut(frame) else {
            return;
        };
        if !t.set_reassembled_in(frame, rin) {
            self.tcp_rare.entry(frame).or_default().reassembled_in = rin;
        }
    }

    fn tcp_frame_mut(&mut self, frame: u32) -> Option<&mut tcp::TcpFrame> {
        let i = self.tcp_index.get(frame.checked_sub(1)? as usize)?;
        self.tcp_frames.get_mut(i as usize)
    }

    /// The packet comments keyed by their record's offset in the file, as
    /// `capture::save::save_with_comments` takes them.
    pub fn comments_by_offset(&self) -> HashMap<u64, String> {
        self.comments
            .iter()
            .filter_map(|(&f, c)| self.record(f).map(|r| (r.offset, c.clone())))
            .collect()
    }

    pub fn record(&self, frame: u32) -> Option<Record> {
        self.frames.get(frame.checked_sub(1)? as usize)
    }

    /// The bytes of one frame.
    pub fn packet(&self, frame: u32, buf: &mut Vec<u8>) -> bool {
        match (self.record(frame), &self.source) {
            (Some(r), Some(src)) => src.read(&r, buf).is_ok(),
            _ => false,
        }
    }

    /// A reader for a pass over the PDUs in frame order ([`Analysis::message_bytes`]): its
    /// blocks reach back 256 KiB for the earlier segments of each message.
    pub fn message_source(&self) -> Option<crate::capture::file::ScanSource> {
        let src = self.source.as_ref()?.scan().ok()?;
        Some(src.with_lookback(256 << 10))
    }

    /// The bytes of a PDU that ends in `frame`, every segment read from the file through
    /// `src` (a pass over the PDUs in frame order finds most segments in its block).
    pub fn message_bytes(
        &self,
        pdu: &reassembly::Pdu,
        frame: u32,
        src: &mut crate::capture::file::ScanSource,
    ) -> Vec<u8> {
        let mut read = |f: u32| self.segment_bytes(f, &mut |rec, buf| src.read(rec, buf).is_ok());
        let own = read(frame);
        self.pdu_bytes_with(pdu, frame, &own, &mut read)
    }

    /// A frame's bytes from where its TCP payload starts to the end of what was captured, for
    /// the segment ranges of a PDU (each within the payload the first pass measured, so
    /// nothing past the payload, such as Ethernet padding, is read). Unlike [`tcp_payload`]
    /// it needs no decode of the headers.
    ///
    /// [`tcp_payload`]: Analysis::tcp_payload
    /// `read` fills a buffer with a record's bytes.
    fn segment_bytes(
        &self,
        frame: u32,
        read: &mut dyn FnMut(&Record, &mut Vec<u8>) -> bool,
    ) -> Vec<u8> {
        let (Some(t), Some(rec)) = (self.tcp(frame), &self.record(frame)) else {
            return Vec::new();
        };
        let Some(hdr) = t
            .payload_off()
            .filter(|_| !self.ip.done.contains_key(&frame))
        else {
            // from a reassembled IP datagram, or past the record's reach: decoded
            return self.tcp_payload(frame);
        };
        let mut buf = Vec::new();
        if !read(rec, &mut buf) || buf.len() < hdr {
            return Vec::new();
        }
        buf.drain(..hdr);
        buf
    }

    /// The captured TCP payload of a frame (from the frame, or from a reassembled IP
    /// datagram).
    pub fn tcp_payload(&self, frame: u32) -> Vec<u8> {
        let Some(t) = self.tcp(frame) else {
            return Vec::new();
        };
        let mut buf = Vec::new();
        if let Some(r) = self.ip.done.get(&frame) {
            let hdr = t.payload_off().unwrap_or(usize::MAX);
            return r.data.get(hdr..).map(|s| s.to_vec()).unwrap_or_default();
        }
        if !self.packet(frame, &mut buf) {
            return Vec::new();
        }
        let Some(rec) = &self.record(frame) else {
            return Vec::new();
        };
        // recompute the captured payload length through a quick decode
        let mut ft = FragTable::default();
        let dec = register::decode(rec, frame, &buf, &mut ft);
        match dec.tcp {
            Some(seg) => {
                let s = seg.payload_off as usize;
                let e = s + seg.payload_cap as usize;
                buf.get(s..e).map(|x| x.to_vec()).unwrap_or_default()
            }
            None => Vec::new(),
        }
    }

    /// The bytes of a PDU, gathered from the frames it spans.
    pub fn pdu_bytes(
        &self,
        pdu: &reassembly::Pdu,
        this_frame: u32,
        this_payload: &[u8],
    ) -> Vec<u8> {
        let mut positional = |rec: &Record, buf: &mut Vec<u8>| {
            self.source
                .as_ref()
                .is_some_and(|s| s.read(rec, buf).is_ok())
        };
        self.pdu_bytes_with(pdu, this_frame, this_payload, &mut |f| {
            self.segment_bytes(f, &mut positional)
        })
    }

    /// [`Analysis::pdu_bytes`] with the other segments' bytes from `segment` (see
    /// [`Analysis::segment_bytes`]).
    fn pdu_bytes_with(
        &self,
        pdu: &reassembly::Pdu,
        this_frame: u32,
        this_payload: &[u8],
        segment: &mut dyn FnMut(u32) -> Vec<u8>,
    ) -> Vec<u8> {
        let mut out = Vec::with_capacity(pdu.len as usize);
        for s in pdu.segs() {
            let p;
            let payload: &[u8] = if s.frame == this_frame {
                this_payload
            } else {
                p = segment(s.frame);
                &p
            };
            // bytes an earlier segment already gave (a retransmission's overlap) are skipped
            let overlap = out.len().saturating_sub(s.at as usize).min(s.len as usize);
            let a = (s.off as usize + overlap).min(payload.len());
            let b = (s.off as usize + s.len as usize).min(payload.len());
            out.extend_from_slice(&payload[a..b]);
        }
        out
    }
}

/// Runs the first pass incrementally: push records in file order, then `finish`.
pub struct Analyzer {
    pub an: Analysis,
    pass: Pass,
}

/// The first pass's working state (what only the pass itself needs).
#[derive(Default)]
pub struct Pass {
    tcp: tcp::TcpAnalyzer,
    udp_keys: HashMap<tcp::ConvKey, u32>,
    icmp_open: HashMap<(Addr, Addr, u16, u16, u16), u32>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer {
    /// A first pass; it reads the TLS key log file the preference names now (a file that
    /// cannot be read leaves the analysis a warning).
    pub fn new() -> Analyzer {
        let mut an = Analysis::default();
        an.load_tls_keys();
        Analyzer {
            an,
            pass: Pass::default(),
        }
    }

    pub fn push(&mut self, rec: Record, bytes: &[u8], comment: Option<String>) {
        self.pass.push(&mut self.an, rec, bytes, comment);
    }

    pub fn finish(mut self, source: Option<PacketSource>) -> Analysis {
        self.pass.finish(&mut self.an);
        self.an.source = source;
        self.an
    }
}

impl Pass {
    /// The UDP stream index of a pair of endpoints (opened on first sight).
    fn udp_conversation(&mut self, an: &mut Analysis, a: (Addr, u16), b: (Addr, u16)) -> u32 {
        let k = if a <= b { (a, b) } else { (b, a) };
        let next = self.udp_keys.len() as u32;
        let s = *self.udp_keys.entry(k).or_insert(next);
        an.udp_stream_count = self.udp_keys.len() as u32;
        s
    }

    /// The TCP and UDP headers an sFlow datagram samples join (or open) conversations, as
    /// Wireshark's conversation table sees them; they are not analysed further.
    fn sampled_headers(&mut self, an: &mut Analysis, frame: u32, sampled: Vec<register::Sampled>) {
        let mut streams = Vec::new();
        let mut udp = Vec::new();
        for h in sampled {
            match h {
                register::Sampled::Tcp(src, dst, seg) => {
                    streams.push(self.tcp.conversation(&mut an.tcp_streams, src, dst, &seg))
                }
                register::Sampled::Udp(src, dst, sport, dport) => {
                    udp.push(self.udp_conversation(an, (src, sport), (dst, dport)))
                }
            }
        }
        if !streams.is_empty() {
            an.inner_tcp.insert(frame, streams);
        }
        if !udp.is_empty() {
            an.inner_udp.insert(frame, udp);
        }
    }

    /// The protocols registered from their own files take their datagrams: `d`, whose
    /// payload is `span` of `src` (the frame or its reassembled IP datagram).
    fn udp_protocols(
        &mut self,
        an: &mut Analysis,
        d: &register::Datagram,
        src: &[u8],
        span: (usize, usize),
    ) {
        for p in register::udp_protocols() {
            if !(p.watches)(d.sport, d.dport, d.payload) {
                continue;
            }
            match p.role {
                register::UdpRole::Samples(samples) => {
                    let sampled = samples(src, span);
                    self.sampled_headers(an, d.frame, sampled);
                }
                // HTTP over UDP: its exchanges are numbered per UDP conversation
                register::UdpRole::Http => {
                    if let Some(x) = an.reasm.state_mut::<exchanges::Exchanges>() {
                        x.http_datagram(udp_http_key(d.stream), d.frame, d.payload);
                    }
                }
                register::UdpRole::Observe(observe) => observe(&mut an.protos, d),
            }
        }
    }

    /// Analyses the next frame into `an` (frames must come in file order).
    pub fn push(&mut self, an: &mut Analysis, rec: Record, bytes: &[u8], comment: Option<String>) {
        an.frames.push(rec);
        let frame = an.frames.len() as u32;
        if let Some(c) = comment {
            an.comments.insert(frame, c);
        }
        if an.ignored.contains(&frame) {
            an.tcp_index.push(false);
            return;
        }
        let dec = register::decode(&rec, frame, bytes, &mut an.ip);
        // where transport payloads are: the frame, or its reassembled IP datagram
        let payload_src: &[u8] = match &dec.reassembled_ip {
            Some(b) => b,
            None => bytes,
        };
        if let (Some(_), Some(u)) = (dec.tcp, dec.udp) {
            // TCP inside a UDP tunnel (L2TP): the outer datagram's conversation too
            if let (Some(src), Some(dst)) = (u.src, u.dst) {
                let s = self.udp_conversation(an, (src, u.sport), (dst, u.dport));
                // (its frames count in the conversation's timestamps too)
                an.add_udp_frame(s, frame);
            }
        }
        if let (Some(seg), Some(src), Some(dst)) = (dec.tcp, dec.src, dec.dst) {
            let wide = self
                .tcp
                .segment(&mut an.tcp_streams, &an.frames, frame, src, dst, &seg);
            let (mut tf, mut rare) = wide.split(frame);
            let mut flight = wide.flight();
            if seg.payload_off as usize > payload_src.len() {
                // options cut by the snapshot length: the analysis has seen the segment, but
                // tshark shows none of it (its tree stops at the options)
                tf = tf.bare();
                rare = None;
                flight = tcp::Flight::default();
            }
            if let Some(r) = rare {
                an.tcp_rare.insert(frame, r);
            }
            tf.set_payload_off(seg.payload_off as usize);
            let flags = wide.flags;
            let s = seg.payload_off as usize;
            let e = s + seg.payload_cap as usize;
            let payload = payload_src.get(s..e).unwrap_or(&[]);
            // Wireshark hands retransmitted and out-of-order segments to no subdissector.
            // (an out-of-order segment may still fill a hole in a PDU being assembled)
            let skip = flags & (tcp::A_RETRANSMISSION | tcp::A_SPURIOUS_RETRANSMISSION) != 0;
            let ooo = flags & tcp::A_OUT_OF_ORDER != 0;
            // A segment cut short by the snapshot length cannot be reassembled.
            let whole = seg.payload_cap == seg.len;
            let ports = reassembly::Ports {
                src: seg.sport,
                dst: seg.dport,
                server: an
                    .tcp_streams
                    .get(tf.stream as usize)
                    .map_or(0, |st| st.server_port),
            };
            // the protocols registered from their own files see their connections' payloads
            if !payload.is_empty() && !skip && !ooo {
                for p in register::tcp_protocols() {
                    if let Some(server) = (p.watches)(ports) {
                        let s = register::Segment {
                            stream: tf.stream,
                            side: usize::from(seg.sport == server),
                            frame,
                            ts_ns: rec.ts_ns,
                            payload,
                            len: seg.len,
                        };
                        (p.observe)(&mut an.protos, &s);
                    }
                }
            }
            if ooo {
                an.reasm
                    .out_of_order(frame, tf.stream, tf.dir(), seg.seq, payload);
            } else {
                use reassembly::Special;
                let fast = flags & tcp::A_FAST_RETRANSMISSION != 0;
                let fin = seg.flags & TH_FIN != 0;
                let what = if fast && whole && !payload.is_empty() {
                    Some((Some(Special::FastRetransmission), payload, false))
                } else if !skip && whole {
                    Some((None, payload, fin))
                } else if !skip && !payload.is_empty() {
                    // truncated: dissect what is there as a single PDU
                    Some((Some(Special::Truncated), payload, false))
                } else if fin {
                    Some((None, &[][..], true))
                } else {
                    None
                };
                if let Some((how, data, fin)) = what {
                    let at = (frame, tf.stream, tf.dir(), seg.seq);
                    an.reasm.segment_as(how, at, data, fin, ports);
                }
            }
            an.push_tcp(tf, flight);
            // the reassembly's verdicts on this and earlier segments
            for (f, rin) in an.reasm.take_reassembled_in() {
                an.set_reassembled_in(f, rin);
            }
            for (f, on) in an.reasm.take_partial() {
                if let Some(t) = an.tcp_frame_mut(f) {
                    t.set_partial(on);
                }
            }
            return;
        } else if let (Some(u), Some(src), Some(dst)) = (
            dec.udp,
            dec.udp.and_then(|u| u.src),
            dec.udp.and_then(|u| u.dst),
        ) {
            let s = self.udp_conversation(an, (src, u.sport), (dst, u.dport));
            an.add_udp_frame(s, frame);
            let d = register::Datagram {
                stream: s,
                frame,
                ts_ns: rec.ts_ns,
                sport: u.sport,
                dport: u.dport,
                payload: payload_src.get(u.payload.0..u.payload.1).unwrap_or(&[]),
            };
            self.udp_protocols(an, &d, payload_src, u.payload);
        } else if let (Some(src), Some(dst)) = (dec.src, dec.dst) {
            if let Some(i) = dec.icmp {
                icmp_pairing(&mut self.icmp_open, an, frame, i, src, dst);
            }
            if let Some((qs, qd, sp, dp)) = dec.quoted_udp {
                let s = self.udp_conversation(an, (qs, sp), (qd, dp));
                an.udp_stream.insert(frame, s);
            }
            if let Some((qs, qd, sport, dport)) = dec.quoted_tcp {
                let seg = crate::wire::TcpSeg {
                    sport,
                    dport,
                    ..Default::default()
                };
                let s = self.tcp.conversation(&mut an.tcp_streams, qs, qd, &seg);
                an.inner_tcp.insert(frame, vec![s]);
            }
        }
        an.tcp_index.push(false);
    }

    /// Ends the pass: settles what only the end can tell. The pass's own state is freed
    /// when the caller drops it (outside any lock: half a million connections' state takes a
    /// while to free).
    pub fn finish(&mut self, an: &mut Analysis) {
        self.tcp
            .finish(&an.tcp_streams, &mut an.tcp_frames, &an.tcp_index);
        an.reasm.finish();
        // PDUs the file ends before: their partial reassemblies
        for (f, rin) in an.reasm.take_reassembled_in() {
            an.set_reassembled_in(f, rin);
        }
        // (each stream's frame list grows by a quarter at a time, so it is not shrunk here:
        // half a million reallocations while the analysis is locked, for a few megabytes)
        // (the per-frame stores keep the room reserved for them, see `reserve_for_file`:
        // pages never written take no memory, and shrinking would copy the stores)
        an.complete = true;
    }
}

/// Pairs ICMP / ICMPv6 echo requests and replies by id and sequence number.
fn icmp_pairing(
    open: &mut HashMap<(Addr, Addr, u16, u16, u16), u32>,
    an: &mut Analysis,
    frame: u32,
    (t, id, seq, ck): (u8, u16, u16, u16),
    src: Addr,
    dst: Addr,
) {
    let (is_req, is_rep) = match t {
        8 | 128 => (true, false),
        0 | 129 => (false, true),
        _ => return,
    };
    if is_req {
        open.insert((src, dst, id, seq, ck), frame);
    } else if is_rep {
        if let Some(req) = open.remove(&(dst, src, id, seq, ck)) {
            an.icmp_pairs.insert(req, (frame, true));
            an.icmp_pairs.insert(frame, (req, false));
        }
    }
}

/// Reads a whole capture file and runs the first pass. `progress` gets (bytes read, frames)
/// and returns false to cancel.
pub fn analyze_file(
    cf: &CaptureFile,
    progress: impl FnMut(u64, u32) -> bool,
) -> std::io::Result<Analysis> {
    analyze_file_upto(cf, None, progress)
}

/// [`analyze_file`] over the first `limit` packets only (tshark's `-c`).
pub fn analyze_file_upto(
    cf: &CaptureFile,
    limit: Option<u32>,
    mut progress: impl FnMut(u64, u32) -> bool,
) -> std::io::Result<Analysis> {
    let mut r = cf.reader()?;
    let mut a = Analyzer::new();
    a.an.pcapng = cf.format == crate::capture::file::Format::Pcapng;
    if limit.is_none() {
        a.an.reserve_for_file(cf.data_len());
    }
    let mut buf = Vec::with_capacity(65536);
    let mut guard = crate::memory::Guard::new();
    let mut stopped = None;
    while let Some(rec) = r.next(&mut buf) {
        if limit.is_some_and(|l| a.an.frames.len() as u32 >= l) {
            break;
        }
        for k in r.secrets.drain(..) {
            if let Some(t) = a.an.reasm.tls_mut() {
                t.sessions.add_secrets(&k);
            }
        }
        a.push(rec, &buf, r.comment.take());
        if let Some(stop) = guard.frame() {
            stopped = Some(stop.message(&cf.name(), false));
            break;
        }
        if a.an.frames.len().is_multiple_of(4096)
            && !progress(r.position(), a.an.frames.len() as u32)
        {
            break;
        }
    }
    let warning = stopped.or_else(|| r.damage().map(|d| d.message(&cf.name())));
    let src = PacketSource::new(cf).ok();
    let mut an = a.finish(src);
    an.warning = warning.or(an.warning.take());
    an.iface_names = r.iface_names.clone();
    an.time_digits = r.time_digits();
    Ok(an)
}

/// The key of a UDP conversation among the HTTP exchanges, apart from TCP stream numbers.
impl Analysis {
    /// Frame `frame` is a datagram of UDP conversation `s` (`udp.stream`, and the
    /// conversation's timestamps).
    fn add_udp_frame(&mut self, s: u32, frame: u32) {
        self.udp_stream.insert(frame, s);
        if self.udp_frames.len() <= s as usize {
            self.udp_frames.resize_with(s as usize + 1, Vec::new);
        }
        self.udp_frames[s as usize].push(frame);
    }
}

pub fn udp_http_key(udp_stream: u32) -> u32 {
    u32::MAX - udp_stream
}
