//! TCP conversation analysis with Wireshark's rules, in Wireshark's order: streams, relative
//! sequence numbers, ACK tracking, bytes in flight, and the `tcp.analysis.*` expert flags.

use crate::wire::{Addr, TcpSeg, TH_ACK, TH_FIN, TH_PUSH, TH_RST, TH_SYN};
use std::collections::HashMap;

pub const A_RETRANSMISSION: u16 = 1 << 0;
pub const A_LOST_PACKET: u16 = 1 << 1;
pub const A_ACK_LOST_PACKET: u16 = 1 << 2;
pub const A_KEEP_ALIVE: u16 = 1 << 3;
pub const A_DUPLICATE_ACK: u16 = 1 << 4;
pub const A_ZERO_WINDOW: u16 = 1 << 5;
pub const A_ZERO_WINDOW_PROBE: u16 = 1 << 6;
pub const A_ZERO_WINDOW_PROBE_ACK: u16 = 1 << 7;
pub const A_KEEP_ALIVE_ACK: u16 = 1 << 8;
pub const A_OUT_OF_ORDER: u16 = 1 << 9;
pub const A_FAST_RETRANSMISSION: u16 = 1 << 10;
pub const A_WINDOW_UPDATE: u16 = 1 << 11;
pub const A_WINDOW_FULL: u16 = 1 << 12;
pub const A_REUSED_PORTS: u16 = 1 << 13;
pub const A_SPURIOUS_RETRANSMISSION: u16 = 1 << 14;

/// The tags the Info column puts in front of a segment's summary for its analysis flags, in
/// Wireshark's order, each followed by a space: `[TCP ZeroWindow] [TCP Dup ACK 7#1]
/// [TCP Retransmission] `. Only the zero-window tags show on a segment without a SEQ/ACK
/// analysis record (`analysed` false). The TCP dissector's Info column and the flow graph's
/// notes both read them from here.
pub fn info_tags(flags: u16, rare: &Rare, analysed: bool) -> String {
    let mut out = String::new();
    for t in problems(flags, rare, analysed) {
        out.push_str("[TCP ");
        out.push_str(&t);
        out.push_str("] ");
    }
    out
}

/// The names inside those tags, in the same order: `ZeroWindow`, `Dup ACK 7#1`,
/// `Retransmission`.
pub fn problems(flags: u16, rare: &Rare, analysed: bool) -> Vec<std::borrow::Cow<'static, str>> {
    use std::borrow::Cow;
    let mut out: Vec<Cow<'static, str>> = Vec::new();
    for (bit, tag) in [
        (A_ZERO_WINDOW_PROBE_ACK, "ZeroWindowProbeAck"),
        (A_ZERO_WINDOW, "ZeroWindow"),
        (A_ZERO_WINDOW_PROBE, "ZeroWindowProbe"),
    ] {
        if flags & bit != 0 {
            out.push(Cow::Borrowed(tag));
        }
    }
    if !analysed {
        return out;
    }
    if flags & A_DUPLICATE_ACK != 0 && rare.dupack_num != 0 {
        out.push(Cow::Owned(format!(
            "Dup ACK {}#{}",
            rare.dupack_frame, rare.dupack_num
        )));
    }
    // the last flag Wireshark's dissector meets is the first tag
    for (bit, tag) in [
        (A_KEEP_ALIVE_ACK, "Keep-Alive ACK"),
        (A_KEEP_ALIVE, "Keep-Alive"),
        (A_WINDOW_FULL, "Window Full"),
        (A_WINDOW_UPDATE, "Window Update"),
        (A_ACK_LOST_PACKET, "ACKed unseen segment"),
        (A_LOST_PACKET, "Previous segment not captured"),
        (A_OUT_OF_ORDER, "Out-Of-Order"),
        (A_SPURIOUS_RETRANSMISSION, "Spurious Retransmission"),
        (A_FAST_RETRANSMISSION, "Fast Retransmission"),
        (A_RETRANSMISSION, "Retransmission"),
        (A_REUSED_PORTS, "Port numbers reused"),
    ] {
        if flags & bit != 0 {
            out.push(Cow::Borrowed(tag));
        }
    }
    out
}

/// Everything the sequence analysis computes for one segment, before it is split into the
/// compact per-frame record and the rare extras.
#[derive(Clone, Copy, Debug, Default)]
pub struct Wide {
    pub stream: u32,
    pub seq_rel: u32,
    pub ack_rel: u32,
    pub nxtseq_rel: u32,
    pub acks_frame: u32,
    pub bytes_in_flight: u32,
    pub push_bytes: u32,
    pub flags: u16,
    pub dupack_num: u32,
    pub dupack_frame: u32,
    pub rto_ns: i64,
    pub rto_frame: u32,
    pub dir: u8,
    pub has_ta: bool,
    pub ack_flag: bool,
}

impl Wide {
    /// The compact record of frame `frame`, and what it keeps aside.
    pub fn split(&self, frame: u32) -> (TcpFrame, Option<Rare>) {
        let mut f = TcpFrame {
            stream: self.stream,
            seq_rel: self.seq_rel,
            ack_rel: self.ack_rel,
            flags: self.flags,
            bits: if self.has_ta { TcpFrame::HAS_TA } else { 0 }
                | if self.ack_flag { TcpFrame::ACK_FLAG } else { 0 }
                | if self.dir & 1 != 0 { TcpFrame::DIR } else { 0 },
            links: 0,
        };
        let mut rare = Rare {
            dupack_num: self.dupack_num,
            dupack_frame: self.dupack_frame,
            rto_ns: self.rto_ns,
            rto_frame: self.rto_frame,
            ..Default::default()
        };
        if !f.set_acks_frame(frame, self.acks_frame) {
            rare.acks_frame = self.acks_frame;
        }
        (f, (rare != Rare::default()).then_some(rare))
    }

    /// What the frame's [`Flight`] keeps.
    pub fn flight(&self) -> Flight {
        Flight {
            bytes_in_flight: self.bytes_in_flight,
            push_bytes: self.push_bytes,
        }
    }
}

/// `tcp.analysis.bytes_in_flight` and `tcp.analysis.push_bytes_sent`: only segments that
/// carry data have them (a third of the frames of a web capture), so they are kept apart
/// from the per-frame record, in [`crate::analysis::Analysis::flight`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flight {
    pub bytes_in_flight: u32,
    pub push_bytes: u32,
}

impl Flight {
    pub fn is_empty(&self) -> bool {
        *self == Flight::default()
    }
}

pub const MAX_UNACKED: usize = 10_000;

/// What the analysis says about one TCP frame (a compact, fixed-size record).
#[derive(Clone, Copy, Debug, Default)]
pub struct TcpFrame {
    pub stream: u32,
    pub seq_rel: u32,
    pub ack_rel: u32,
    pub flags: u16,
    /// [`TcpFrame::has_ta`], [`TcpFrame::ack_flag`], [`TcpFrame::partial`] and
    /// [`TcpFrame::dir`] in the top four bits, [`TcpFrame::payload_off`] in the low twelve:
    /// the record is 20 bytes (ten million of them 280 MB less than at 48). The window scale
    /// is the stream's ([`Stream::win_scale`]).
    bits: u16,
    /// `tcp.analysis.acks_frame` in the low half, as this frame's number less it (0: none),
    /// and `tcp.reassembled_in` in the high half, as it less this frame's number plus
    /// 0x8000 (0: none); [`TcpFrame::FAR`] in a half when the frame is too far for it, kept
    /// in the frame's [`Rare`] instead. Read through [`crate::analysis::Analysis::acks_frame`]
    /// and [`crate::analysis::Analysis::reassembled_in`].
    links: u32,
}

impl TcpFrame {
    const HAS_TA: u16 = 1 << 15;
    const ACK_FLAG: u16 = 1 << 14;
    const PARTIAL: u16 = 1 << 13;
    const DIR: u16 = 1 << 12;
    /// A link too far for the record (see `links`).
    pub const FAR: u16 = u16::MAX;

    /// The frame this one acknowledges, as far as the record holds it: `Some(0)` none,
    /// `None` kept in the frame's [`Rare`].
    pub fn acks_frame_near(&self, frame: u32) -> Option<u32> {
        match self.links as u16 {
            0 => Some(0),
            Self::FAR => None,
            d => Some(frame.wrapping_sub(u32::from(d))),
        }
    }

    /// Records the frame this one (`frame`) acknowledges; false when it is too far for the
    /// record (the caller keeps it in the frame's [`Rare`]).
    pub fn set_acks_frame(&mut self, frame: u32, acks: u32) -> bool {
        let code = match acks {
            0 => Some(0),
            a => frame
                .checked_sub(a)
                .filter(|&d| d > 0 && d < u32::from(Self::FAR))
                .map(|d| d as u16),
        };
        self.links = (self.links & 0xffff_0000) | u32::from(code.unwrap_or(Self::FAR));
        code.is_some()
    }

    /// The frame this one's PDU was reassembled in, as far as the record holds it: `Some(0)`
    /// none, `None` kept in the frame's [`Rare`].
    pub fn reassembled_in_near(&self, frame: u32) -> Option<u32> {
        match (self.links >> 16) as u16 {
            0 => Some(0),
            Self::FAR => None,
            c => Some((i64::from(frame) + i64::from(c) - 0x8000) as u32),
        }
    }

    /// Records the frame this one's (`frame`) PDU was reassembled in; false when it is too
    /// far for the record (the caller keeps it in the frame's [`Rare`]).
    pub fn set_reassembled_in(&mut self, frame: u32, rin: u32) -> bool {
        let code = match rin {
            0 => Some(0),
            r => u16::try_from(i64::from(r) - i64::from(frame) + 0x8000)
                .ok()
                .filter(|&c| c != 0 && c != Self::FAR),
        };
        self.links = (self.links & 0xffff) | (u32::from(code.unwrap_or(Self::FAR)) << 16);
        code.is_some()
    }

    /// The payload offsets the record holds; a larger one (only a crafted frame has four
    /// kilobytes of headers before its TCP payload) is kept as "unknown".
    const OFF_MASK: u16 = (1 << 12) - 1;

    /// 0 = the side that spoke first (client), 1 = the other.
    pub fn dir(&self) -> u8 {
        u8::from(self.bits & Self::DIR != 0)
    }

    /// Where the TCP payload starts in the frame (or in its reassembled IP datagram), `None`
    /// when it lies too far in for the record (then it is found by decoding the frame).
    pub fn payload_off(&self) -> Option<usize> {
        let off = self.bits & Self::OFF_MASK;
        (off != Self::OFF_MASK).then_some(off as usize)
    }

    pub fn set_payload_off(&mut self, off: usize) {
        let off = u16::try_from(off)
            .unwrap_or(Self::OFF_MASK)
            .min(Self::OFF_MASK);
        self.bits = (self.bits & !Self::OFF_MASK) | off;
    }

    /// Whether Wireshark would have a "SEQ/ACK analysis" record for this frame.
    pub fn has_ta(&self) -> bool {
        self.bits & Self::HAS_TA != 0
    }

    /// The segment has the ACK flag (its `ack_rel` is relative).
    pub fn ack_flag(&self) -> bool {
        self.bits & Self::ACK_FLAG != 0
    }

    /// Part of a PDU that is completed in another frame, or never.
    pub fn partial(&self) -> bool {
        self.bits & Self::PARTIAL != 0
    }

    pub fn set_partial(&mut self, on: bool) {
        self.bits = (self.bits & !Self::PARTIAL) | if on { Self::PARTIAL } else { 0 };
    }

    /// The record of a segment the analysis saw but tshark shows nothing of beyond its
    /// header's start: its conversation, direction and relative numbers only.
    pub fn bare(&self) -> TcpFrame {
        TcpFrame {
            stream: self.stream,
            seq_rel: self.seq_rel,
            ack_rel: self.ack_rel,
            bits: self.bits & (Self::ACK_FLAG | Self::DIR),
            ..Default::default()
        }
    }
}

/// Analysis results that few frames have (kept out of the per-frame record).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rare {
    pub dupack_num: u32,
    pub dupack_frame: u32,
    pub rto_ns: i64,
    pub rto_frame: u32,
    /// `tcp.analysis.acks_frame` and `tcp.reassembled_in` when too far from the frame for
    /// its record (see [`TcpFrame::FAR`]).
    pub acks_frame: u32,
    pub reassembled_in: u32,
}

#[derive(Clone, Debug)]
struct Unacked {
    frame: u32,
    seq: u32,
    /// Where the segment ends, a SYN's or FIN's sequence number counted.
    nextseq: u32,
}

#[derive(Clone, Debug)]
struct Dir {
    base_seq: u32,
    base_set: bool,
    win_scale: i8,
    window: u32,
    window_from_syn: bool,
    nextseq: u32,
    /// (Its time is read from the frame store when wanted, as is the last ACK's.)
    nextseq_frame: u32,
    maxseqtobeacked: u32,
    lastack: u32,
    /// The frame of this direction's latest segment, whose ACK is `lastack`.
    lastack_frame: u32,
    lastnondupack: u32,
    dupacknum: u32,
    lastsegmentflags: u16,
    /// (Behind one pointer, as is `sack`: a direction of a connection is 88 bytes, not 136.)
    segments: thin_vec::ThinVec<Unacked>,
    valid_bif: bool,
    push_bytes_sent: u32,
    push_set_last: bool,
    /// The SACK blocks of this direction's latest segment (most segments have none: an empty
    /// list takes no allocation and 8 bytes where the array took 33).
    sack: thin_vec::ThinVec<(u32, u32)>,
    /// Bumped on every segment added to `segments` (wrapping: only compared for equality).
    pushes: u32,
    /// The ACK number the other side last removed this side's acknowledged segments with,
    /// and `pushes` then: the same ACK again with no segment added since changes nothing, so
    /// the list is not walked again (a long one-way flow stays linear).
    ack_scanned: (u32, u32),
    ack_scanned_set: bool,
    /// (base, lowest start, highest end) of `segments` relative to base, kept up to date as
    /// segments are added, and [`NO_SPAN`] (start after end) when one is acknowledged (bytes
    /// in flight in O(1)).
    span: (u32, u32, u32),
}

/// [`Dir::span`] when it must be counted again from the segments.
const NO_SPAN: (u32, u32, u32) = (0, u32::MAX, 0);

/// The span a [`Dir::span`] holds, if it holds one.
fn span_of(span: (u32, u32, u32)) -> Option<(u32, u32, u32)> {
    (span.1 <= span.2).then_some(span)
}

impl Default for Dir {
    fn default() -> Self {
        Dir {
            base_seq: 0,
            base_set: false,
            win_scale: -1,
            window: u32::MAX,
            window_from_syn: false,
            nextseq: 0,
            nextseq_frame: 0,
            maxseqtobeacked: 0,
            lastack: 0,
            lastack_frame: 0,
            lastnondupack: 0,
            dupacknum: 0,
            lastsegmentflags: 0,
            segments: thin_vec::ThinVec::new(),
            valid_bif: true,
            push_bytes_sent: 0,
            push_set_last: false,
            sack: thin_vec::ThinVec::new(),
            pushes: 0,
            ack_scanned: (0, 0),
            ack_scanned_set: false,
            span: NO_SPAN,
        }
    }
}

/// One TCP conversation (`tcp.stream`).
#[derive(Clone, Debug)]
pub struct Stream {
    /// Endpoint that sent the first segment seen, and the other one.
    pub a: (Addr, u16),
    pub b: (Addr, u16),
    pub completeness: u8,
    /// Completeness bits from every frame but the first.
    pub completeness_rest: u8,
    pub first_is_syn: bool,
    /// The most recent SYN's frame, 0 before any (its time is read from the frame store).
    mru_syn_frame: u32,
    /// [`Stream::initial_rtt_ns`], [`NO_IRTT`] while unknown (8 bytes, where an `Option`
    /// took 16).
    irtt_ns: i64,
    /// Every frame of the stream, in order (for Follow Stream and the flow graph).
    pub frames: Vec<u32>,
    /// The stream's first segment with FIN (it "initiates the connection closing"; any later
    /// FIN "undergoes" it), 0 before any.
    pub first_fin: u32,
    /// The server's port as the latest SYN (its destination) or SYN+ACK (its source) named
    /// it, 0 before any: Wireshark looks it up first in its port table.
    pub server_port: u16,
    /// Each direction's window scale (by [`TcpFrame::dir`]): -1 unknown, -2 no scaling, else
    /// the shift. Every frame shows its direction's latest, as tshark's second pass shows
    /// the final one.
    pub win_scale: [i8; 2],
}

pub const C_SYN: u8 = 1;
pub const C_SYNACK: u8 = 2;
pub const C_ACK: u8 = 4;
pub const C_DATA: u8 = 8;
pub const C_FIN: u8 = 16;
pub const C_RST: u8 = 32;

use super::seq::{gt, le, lt};

#[derive(Default)]
pub struct TcpAnalyzer {
    /// Per-direction sequence state, dropped when the first pass ends.
    dirs: super::chunked::Chunked<[Dir; 2]>,
    /// Each conversation's latest stream, found by the endpoints the stream holds.
    by_key: super::chunked::ShardedIndex,
    /// Sequence bases moved by a SYN/ACK with a new initial sequence number.
    rebased: Vec<Rebase>,
}

/// One side's initial sequence number changed after frames that counted from the old one.
struct Rebase {
    stream: u32,
    dir: u8,
    old: u32,
    new: u32,
    frame: u32,
}

/// Both endpoints of a conversation, in a canonical order.
pub type ConvKey = ((Addr, u16), (Addr, u16));

fn key(src: (Addr, u16), dst: (Addr, u16)) -> ConvKey {
    if src <= dst {
        (src, dst)
    } else {
        (dst, src)
    }
}

/// [`Stream::irtt_ns`] while the initial RTT is unknown.
const NO_IRTT: i64 = i64::MIN;

impl Stream {
    /// `tcp.analysis.initial_rtt`, once the handshake has given it.
    pub fn initial_rtt_ns(&self) -> Option<i64> {
        (self.irtt_ns != NO_IRTT).then_some(self.irtt_ns)
    }

    /// The completeness value shown in one of this stream's frames.
    pub fn completeness_for(&self, frame: u32) -> u8 {
        if !self.first_is_syn && self.frames.first() == Some(&frame) {
            self.completeness_rest
        } else {
            self.completeness
        }
    }
}

impl TcpAnalyzer {
    /// Analyses one segment of frame `frame`, whose record (and every earlier frame's) is in
    /// `frames`.
    pub fn segment(
        &mut self,
        streams: &mut super::chunked::Chunked<Stream>,
        frames: &super::frames::Frames,
        frame: u32,
        src: Addr,
        dst: Addr,
        t: &TcpSeg,
    ) -> Wide {
        let ts_of = |f: u32| f.checked_sub(1).and_then(|i| frames.ts_ns(i as usize));
        let ts = ts_of(frame).unwrap_or(0);
        let s_ep = (src, t.sport);
        let d_ep = (dst, t.dport);
        let k = key(s_ep, d_ep);
        let (idx, reused) = self.find_stream(streams, frame, k, s_ep, d_ep, t);
        let st = &mut streams[idx as usize];
        let dirs = &mut self.dirs[idx as usize];
        if st.frames.len() == st.frames.capacity() {
            // a quarter more each time rather than double: half a million connections'
            // lists hold a quarter of their room unused at most, not half
            st.frames.reserve_exact((st.frames.len() / 4).max(4));
        }
        st.frames.push(frame);
        if t.flags & TH_FIN != 0 && st.first_fin == 0 {
            st.first_fin = frame;
        }
        let d = if st.a == s_ep { 0usize } else { 1 };
        let mut out = Wide {
            stream: idx,
            dir: d as u8,
            ack_flag: t.flags & TH_ACK != 0,
            ..Default::default()
        };
        if reused {
            out.flags |= A_REUSED_PORTS;
        }

        if t.flags & TH_SYN != 0 {
            window_scale(st, dirs, d, t);
        }
        handshake_facts(st, frame, &ts_of, t);

        let irtt = st.initial_rtt_ns();
        let (fwd, rev) = if d == 0 {
            let (a, b) = dirs.split_at_mut(1);
            (&mut a[0], &mut b[0])
        } else {
            let (a, b) = dirs.split_at_mut(1);
            (&mut b[0], &mut a[0])
        };
        let times = Times {
            now: ts,
            irtt,
            nextseq: ts_of(fwd.nextseq_frame).unwrap_or(0),
            lastack: ts_of(rev.lastack_frame).unwrap_or(0),
            eldest: fwd
                .segments
                .first()
                .map(|u| (u.frame, ts_of(u.frame).unwrap_or(0))),
        };
        analyze_seq(frame, &times, t, fwd, rev, &mut out);
        out.seq_rel = t.seq.wrapping_sub(fwd.base_seq);
        out.nxtseq_rel =
            out.seq_rel
                .wrapping_add(t.len)
                .wrapping_add(if t.flags & (TH_SYN | TH_FIN) != 0 {
                    1
                } else {
                    0
                });
        out.ack_rel = if t.flags & TH_ACK != 0 && rev.base_set {
            t.ack.wrapping_sub(rev.base_seq)
        } else {
            t.ack
        };
        if out.flags != 0
            || out.acks_frame != 0
            || out.bytes_in_flight != 0
            || out.dupack_num != 0
            || out.push_bytes != 0
        {
            out.has_ta = true;
        }
        out
    }

    /// The stream of a segment with key `k` from `s_ep` to `d_ep`, and whether its ports were
    /// reused: a SYN with a new initial sequence number starts a new stream.
    fn find_stream(
        &mut self,
        streams: &mut super::chunked::Chunked<Stream>,
        frame: u32,
        k: ConvKey,
        s_ep: (Addr, u16),
        d_ep: (Addr, u16),
        t: &TcpSeg,
    ) -> (u32, bool) {
        match self.by_key.get(&k, stream_key(streams)) {
            Some(i) => {
                let st = &streams[i as usize];
                let d = if st.a == s_ep { 0 } else { 1 };
                let dirs = &mut self.dirs[i as usize];
                let other_isn = dirs[d].base_set && t.seq != dirs[d].base_seq;
                let syn_or_synack = t.flags & (TH_SYN | TH_ACK);
                if syn_or_synack == TH_SYN && other_isn {
                    // a SYN with a new initial sequence number starts a new conversation
                    (self.new_stream(streams, k, s_ep, d_ep), true)
                } else {
                    if syn_or_synack == (TH_SYN | TH_ACK) && other_isn {
                        // a SYN/ACK with a new initial sequence number stays in the same
                        // conversation (tshark 4.0 keeps the stream): sequence numbers of this
                        // side count from it, and the other side's next expected sequence
                        // number is forgotten
                        self.rebased.push(Rebase {
                            stream: i,
                            dir: d as u8,
                            old: dirs[d].base_seq,
                            new: t.seq,
                            frame,
                        });
                        dirs[d].base_seq = t.seq;
                        dirs[1 - d].nextseq = 0;
                        return (i, true);
                    }
                    (i, false)
                }
            }
            None => (self.new_stream(streams, k, s_ep, d_ep), false),
        }
    }

    /// Ends the pass. tshark's second pass starts from what each conversation knew at the
    /// end: frames before a SYN/ACK that moved a side's initial sequence number count from
    /// the last one (and every frame shows the final window scale of its side: see
    /// [`Stream::win_scale`]).
    pub fn finish(
        &mut self,
        streams: &super::chunked::Chunked<Stream>,
        frames: &mut [TcpFrame],
        index: &super::frames::RankIndex,
    ) {
        let slot = |f: u32| -> usize {
            f.checked_sub(1)
                .and_then(|i| index.get(i as usize))
                .map_or(usize::MAX, |i| i as usize)
        };
        // In tshark's second pass a side's base moves again at each such SYN/ACK, so only
        // the frames before the first one see a different base: the last one.
        let mut first_last: HashMap<(u32, u8), (usize, u32)> = HashMap::new();
        for (i, r) in self.rebased.iter().enumerate() {
            first_last.entry((r.stream, r.dir)).or_insert((i, r.new)).1 = r.new;
        }
        for (first, last_base) in first_last.into_values() {
            let r = &self.rebased[first];
            let Some(s) = streams.get(r.stream as usize) else {
                continue;
            };
            let shift = r.old.wrapping_sub(last_base);
            for &f in s.frames.iter().take_while(|&&f| f < r.frame) {
                if let Some(tf) = frames.get_mut(slot(f)) {
                    if tf.dir() == r.dir {
                        tf.seq_rel = tf.seq_rel.wrapping_add(shift);
                    } else if tf.ack_flag() {
                        tf.ack_rel = tf.ack_rel.wrapping_add(shift);
                    }
                }
            }
        }
        self.rebased = Vec::new();
    }

    /// The conversation a TCP header seen inside another packet belongs to (an sFlow
    /// sample): found by its endpoints, or opened, without any sequence analysis.
    pub fn conversation(
        &mut self,
        streams: &mut super::chunked::Chunked<Stream>,
        src: Addr,
        dst: Addr,
        t: &TcpSeg,
    ) -> u32 {
        let (s_ep, d_ep) = ((src, t.sport), (dst, t.dport));
        let k = key(s_ep, d_ep);
        match self.by_key.get(&k, stream_key(streams)) {
            Some(i) => i,
            None => self.new_stream(streams, k, s_ep, d_ep),
        }
    }

    fn new_stream(
        &mut self,
        streams: &mut super::chunked::Chunked<Stream>,
        k: ConvKey,
        a: (Addr, u16),
        b: (Addr, u16),
    ) -> u32 {
        let i = streams.len() as u32;
        self.dirs.push([Dir::default(), Dir::default()]);
        streams.push(Stream {
            a,
            b,
            completeness: 0,
            completeness_rest: 0,
            first_is_syn: false,
            server_port: 0,
            win_scale: [-1, -1],
            mru_syn_frame: 0,
            irtt_ns: NO_IRTT,
            frames: Vec::new(),
            first_fin: 0,
        });
        self.by_key.set(&k, i, stream_key(streams));
        i
    }
}

/// Window scaling from a SYN's options, for both directions of stream `st`.
fn window_scale(st: &mut Stream, dirs: &mut [Dir; 2], d: usize, t: &TcpSeg) {
    let fwd = &mut dirs[d];
    if let Some(ws) = t.opts.wscale {
        fwd.win_scale = ws.min(14) as i8;
    }
    let is_synack = t.flags & TH_ACK != 0;
    let (fwd_ws, rev_ws) = (dirs[d].win_scale, dirs[1 - d].win_scale);
    if fwd_ws == -1 {
        dirs[d].win_scale = -2;
        dirs[1 - d].win_scale = -2;
    } else if is_synack && rev_ws == -2 {
        dirs[d].win_scale = -2;
    }
    st.win_scale = [dirs[0].win_scale, dirs[1].win_scale];
}

/// What a segment tells of its stream's handshake: completeness, the server's port, the
/// most recent SYN and the initial RTT (`ts_of`: a frame's time).
fn handshake_facts(st: &mut Stream, frame: u32, ts_of: &impl Fn(u32) -> Option<i64>, t: &TcpSeg) {
    // completeness, as tshark 4.0 reports it: the ACK bit comes from a bare ACK, the FIN
    // bit from a FIN that acknowledges (tcp-fin_retransmission.pcap, http-ooo.pcap), and the
    // first frame of a stream that does not open with a SYN does not count for itself.
    let mut bits = 0u8;
    if t.flags & TH_SYN != 0 {
        bits |= if t.flags & TH_ACK != 0 {
            C_SYNACK
        } else {
            C_SYN
        };
    }
    if t.flags & (TH_SYN | TH_ACK) == TH_ACK && t.len == 0 {
        bits |= C_ACK;
    }
    if t.len > 0 {
        bits |= C_DATA;
    }
    // a FIN counts with its ACK: a bare FIN (no ACK bit) leaves the bit unset
    if t.flags & (TH_FIN | TH_ACK) == TH_FIN | TH_ACK {
        bits |= C_FIN;
    }
    if t.flags & TH_RST != 0 {
        bits |= C_RST;
    }
    st.completeness |= bits;
    if t.flags & TH_SYN != 0 {
        st.server_port = if t.flags & TH_ACK != 0 {
            t.sport
        } else {
            t.dport
        };
    }
    if st.frames.len() == 1 {
        st.first_is_syn = t.flags & (TH_SYN | TH_ACK) == TH_SYN;
    } else {
        st.completeness_rest |= bits;
    }
    // initial RTT: from the most recent SYN to the first ACK of the handshake
    if t.flags & (TH_SYN | TH_ACK) == TH_SYN {
        st.mru_syn_frame = frame;
    }
    // Wireshark takes it from the first pure ACK after a SYN; a SYN stamped at the epoch
    // itself (time zero) counts as no SYN time, and a zero delta leaves the RTT unset (it
    // tests both for zero), so a later ACK sets it
    if t.flags & (TH_SYN | TH_ACK) == TH_ACK && st.irtt_ns == NO_IRTT && st.mru_syn_frame != 0 {
        let ts = ts_of(frame).unwrap_or(0);
        let syn = ts_of(st.mru_syn_frame).filter(|&syn| syn != 0 && ts != syn);
        if let Some(syn) = syn {
            st.irtt_ns = ts - syn;
        }
    }
}

/// How [`TcpAnalyzer::by_key`] reads a stream's key.
fn stream_key(streams: &super::chunked::Chunked<Stream>) -> impl Fn(u32) -> Option<ConvKey> + '_ {
    |i| streams.get(i as usize).map(|s| key(s.a, s.b))
}

/// The times [`analyze_seq`] compares: the frame's, the connection's initial RTT, and those
/// of the frames that set the sender's next sequence number and the receiver's last ACK
/// (0 before any).
struct Times {
    now: i64,
    irtt: Option<i64>,
    nextseq: i64,
    lastack: i64,
    /// The sender's oldest segment not yet acknowledged, and its time.
    eldest: Option<(u32, i64)>,
}

/// The first pass's sequence analysis of segment `t` in frame `frame`: the flags and
/// numbers it earns in `out`, and the state of its direction (`fwd`) and the other (`rev`)
/// updated, as Wireshark's TCP analysis does it.
fn analyze_seq(
    frame: u32,
    times: &Times,
    t: &TcpSeg,
    fwd: &mut Dir,
    rev: &mut Dir,
    out: &mut Wide,
) {
    let (seq, ack, flags) = (t.seq, t.ack, t.flags);
    if !fwd.base_set {
        fwd.base_seq = if flags & TH_SYN != 0 {
            seq
        } else {
            seq.wrapping_sub(1)
        };
        fwd.base_set = true;
    }
    if !rev.base_set && flags & TH_ACK != 0 {
        rev.base_seq = ack.wrapping_sub(1);
        rev.base_set = true;
    }
    let mut f = window_and_ack_flags(t, fwd, rev, out);
    if ack != fwd.lastack {
        fwd.lastnondupack = frame;
        fwd.dupacknum = 0;
    }
    // ACKed unseen segment
    // (tshark 4.0 says it once: not again on a segment that repeats this side's last ACK)
    if rev.maxseqtobeacked != 0
        && gt(ack, rev.maxseqtobeacked)
        && flags & TH_ACK != 0
        && !(fwd.lastack != 0 && ack == fwd.lastack)
    {
        f |= A_ACK_LOST_PACKET;
        rev.maxseqtobeacked = rev.nextseq;
    }
    if t.len > 0 || flags & (TH_SYN | TH_FIN) != 0 {
        f |= retransmission_flags(times, t, fwd, rev, f, out);
    }
    record_sent(frame, t, fwd, f);
    apply_ack(ack, rev, out);
    if t.len != 0 && !fwd.segments.is_empty() && fwd.valid_bif {
        in_flight(t, fwd, rev, out);
    }
    if flags & TH_ACK != 0 {
        rev.valid_bif = true;
    }
    out.flags |= f;
}

/// Zero window (probe), lost segment, keep-alive, window update/full and duplicate ACK.
#[inline]
fn window_and_ack_flags(t: &TcpSeg, fwd: &mut Dir, rev: &Dir, out: &mut Wide) -> u16 {
    let (seq, ack, seglen, flags) = (t.seq, t.ack, t.len, t.flags);
    let window = t.window as u32;
    let mut f = 0u16;
    // zero window probe
    if seglen == 1 && seq == fwd.nextseq && rev.window == 0 {
        f |= A_ZERO_WINDOW_PROBE;
        return f;
    }
    // zero window
    if window == 0 && flags & (TH_RST | TH_FIN | TH_SYN) == 0 {
        f |= A_ZERO_WINDOW;
    }
    // lost segment
    if fwd.nextseq != 0 && gt(seq, fwd.nextseq) && flags & TH_RST == 0 {
        f |= A_LOST_PACKET;
        fwd.valid_bif = false;
    }
    // keep-alive
    if (seglen == 0 || seglen == 1)
        && seq == fwd.nextseq.wrapping_sub(1)
        && flags & (TH_SYN | TH_FIN | TH_RST) == 0
    {
        f |= A_KEEP_ALIVE;
    }
    // window update
    if seglen == 0
        && window != 0
        && window != fwd.window
        && seq == fwd.nextseq
        && ack == fwd.lastack
        && flags & (TH_SYN | TH_FIN | TH_RST) == 0
    {
        f |= A_WINDOW_UPDATE;
    }
    // window full
    if seglen > 0 && rev.win_scale != -1 && rev.window != u32::MAX {
        let shift = if rev.window_from_syn || rev.win_scale == -2 {
            0
        } else {
            rev.win_scale as u32
        };
        let edge = rev.lastack.wrapping_add(rev.window << shift);
        if seq.wrapping_add(seglen) == edge && flags & (TH_SYN | TH_FIN | TH_RST) == 0 {
            f |= A_WINDOW_FULL;
        }
    }
    // keep-alive ACK
    if seglen == 0
        && window != 0
        && window == fwd.window
        && seq == fwd.nextseq
        && ack == fwd.lastack
        && rev.lastsegmentflags & A_KEEP_ALIVE != 0
        && flags & (TH_SYN | TH_FIN | TH_RST) == 0
    {
        f |= A_KEEP_ALIVE_ACK;
        return f;
    }
    // zero window probe ACK
    if seglen == 0
        && window == 0
        && window == fwd.window
        && seq == fwd.nextseq
        && (ack == fwd.lastack || ack == fwd.lastack.wrapping_add(1))
        && rev.lastsegmentflags & A_ZERO_WINDOW_PROBE != 0
        && flags & (TH_SYN | TH_FIN | TH_RST) == 0
    {
        f |= A_ZERO_WINDOW_PROBE_ACK;
        return f;
    }
    // duplicate ACK
    if seglen == 0
        && window != 0
        && window == fwd.window
        && seq == fwd.nextseq
        && ack == fwd.lastack
        && flags & (TH_SYN | TH_FIN | TH_RST) == 0
    {
        fwd.dupacknum += 1;
        f |= A_DUPLICATE_ACK;
        out.dupack_num = fwd.dupacknum;
        out.dupack_frame = fwd.lastnondupack;
    }
    f
}

/// Retransmission, fast retransmission, spurious retransmission or out-of-order, for a
/// segment that carries data, SYN or FIN and has flags `f` so far.
#[inline]
fn retransmission_flags(
    times: &Times,
    t: &TcpSeg,
    fwd: &Dir,
    rev: &Dir,
    f: u16,
    out: &mut Wide,
) -> u16 {
    let (seq, seglen, flags) = (t.seq, t.len, t.flags);
    let (ts, irtt) = (times.now, times.irtt);
    let mut f = f;
    let mut seq_not_advanced = fwd.nextseq != 0 && lt(seq, fwd.nextseq);
    if f & A_KEEP_ALIVE != 0 {
        return f;
    }
    // more than one byte starting one before the expected sequence number adds new data
    // after a possible zero window probe: no retransmission, though it may be spurious
    if seglen > 1 && fwd.nextseq.wrapping_sub(1) == seq {
        seq_not_advanced = false;
    }
    // data the other side has already acknowledged is a spurious retransmission; tshark
    // checks this before fast retransmission and out-of-order
    if seglen > 0 && rev.lastack != 0 && le(seq.wrapping_add(seglen), rev.lastack) {
        f |= A_SPURIOUS_RETRANSMISSION;
        return f;
    }
    let since_dupack = ts - times.lastack;
    if seq_not_advanced && rev.dupacknum >= 2 && rev.lastack == seq && since_dupack < 20_000_000 {
        f |= A_FAST_RETRANSMISSION;
        return f;
    }
    let since_next = ts - times.nextseq;
    let ooo_thres = match irtt {
        Some(r) if r != 0 => r,
        _ => 3_000_000,
    };
    let synfin = if flags & (TH_SYN | TH_FIN) != 0 { 1 } else { 0 };
    if seq_not_advanced
        && since_next < ooo_thres
        && fwd.nextseq != seq.wrapping_add(seglen).wrapping_add(synfin)
    {
        f |= A_OUT_OF_ORDER;
        return f;
    }
    if seq_not_advanced {
        f |= A_RETRANSMISSION;
        // the RTO counts from the oldest segment still unacknowledged (likely the one
        // sent again), else from the one that set the next sequence number, as Wireshark
        (out.rto_frame, out.rto_ns) = match times.eldest {
            Some((frame, at)) => (frame, ts - at),
            None => (fwd.nextseq_frame, ts - times.nextseq),
        };
    }
    f
}

/// The sender's side after segment `t` with flags `f`: its unacknowledged segments, next
/// sequence number, window, SACK blocks and last ACK.
#[inline]
fn record_sent(frame: u32, t: &TcpSeg, fwd: &mut Dir, f: u16) {
    let (seq, ack, seglen, flags) = (t.seq, t.ack, t.len, t.flags);
    let window = t.window as u32;
    let mut nextseq = seq.wrapping_add(seglen);
    if (seglen > 0 || flags & (TH_SYN | TH_FIN) != 0) && fwd.segments.len() < MAX_UNACKED {
        if flags & (TH_SYN | TH_FIN) != 0 {
            nextseq = nextseq.wrapping_add(1);
        }
        fwd.pushes = fwd.pushes.wrapping_add(1);
        if let Some((base, first, last)) = span_of(fwd.span) {
            let s = seq.wrapping_sub(base);
            let e = nextseq.wrapping_sub(base);
            fwd.span = (base, first.min(s), last.max(e));
        }
        fwd.segments.push(Unacked {
            frame,
            seq,
            nextseq,
        });
    }
    let zwp = f & A_ZERO_WINDOW_PROBE != 0;
    if (gt(nextseq, fwd.nextseq) || fwd.nextseq == 0) && !zwp {
        fwd.nextseq = nextseq;
        fwd.nextseq_frame = frame;
    }
    if (seq == fwd.maxseqtobeacked || fwd.maxseqtobeacked == 0) && !zwp {
        fwd.maxseqtobeacked = fwd.nextseq;
    }
    fwd.window = window;
    fwd.window_from_syn = flags & TH_SYN != 0;
    let sack = t.opts.sack.get(..t.opts.nsack as usize).unwrap_or_default();
    if fwd.sack[..] != *sack {
        fwd.sack = sack.iter().copied().collect();
    }
    fwd.lastack = ack;
    fwd.lastack_frame = frame;
    fwd.lastsegmentflags = f;
}

/// What `ack` acknowledges of the other direction's unacknowledged segments: the frame it
/// acknowledges in `out`, and those segments removed or trimmed.
#[inline]
fn apply_ack(ack: u32, rev: &mut Dir, out: &mut Wide) {
    // remove what this ACKs from the other direction's unacked list
    let unchanged = rev.ack_scanned_set && rev.ack_scanned == (ack, rev.pushes);
    let mut i = if unchanged { 0 } else { rev.segments.len() };
    rev.ack_scanned = (ack, rev.pushes);
    rev.ack_scanned_set = true;
    while i > 0 {
        i -= 1;
        let u = &mut rev.segments[i];
        if ack == u.nextseq {
            out.acks_frame = u.frame;
        } else if gt(ack, u.seq) && le(ack, u.nextseq) {
            u.seq = ack;
            rev.span = NO_SPAN;
            continue;
        } else if gt(u.nextseq, ack) {
            continue;
        }
        rev.segments.remove(i);
        rev.span = NO_SPAN;
    }
    if rev.segments.is_empty() && rev.segments.capacity() > 0 {
        // room for unacknowledged segments is not kept while there are none: held by every
        // connection of a long capture (most of them closed), it was a large part of the
        // first pass's memory
        rev.segments = thin_vec::ThinVec::new();
    }
}

/// Bytes in flight and bytes sent since the last PSH of a data segment `t`.
#[inline]
fn in_flight(t: &TcpSeg, fwd: &mut Dir, rev: &Dir, out: &mut Wide) {
    let (seglen, flags) = (t.len, t.flags);
    let base = fwd.base_seq;
    let (first, last) = match span_of(fwd.span) {
        Some((b, first, last)) if b == base => (first, last),
        _ => {
            let newest = &fwd.segments[fwd.segments.len() - 1];
            let end = |u: &Unacked| u.nextseq.wrapping_sub(base);
            let mut first = newest.seq.wrapping_sub(base);
            let mut last = end(newest);
            for u in &fwd.segments {
                let s = u.seq.wrapping_sub(base);
                let e = end(u);
                if e > last {
                    last = e;
                }
                if s < first {
                    first = s;
                }
            }
            fwd.span = (base, first, last);
            (first, last)
        }
    };
    // bytes the receiver has SACKed are not in flight: Wireshark takes off the whole width
    // of each block of the other side's latest SACK option, where the block lies (a D-SACK
    // below the ACK included), and a result below zero wraps to no value at all
    let delivered = rev
        .sack
        .iter()
        .fold(0u32, |d, &(le, re)| d.wrapping_add(re.wrapping_sub(le)));
    let in_flight = last.wrapping_sub(first).wrapping_sub(delivered);
    if in_flight > 0 && in_flight < 2_000_000_000 {
        // a SYN's or FIN's sequence number is no byte: one less when this segment has one
        // (an earlier FIN still unacknowledged counts, as in Wireshark)
        out.bytes_in_flight = in_flight - u32::from(flags & (TH_SYN | TH_FIN) != 0);
    }
    if flags & TH_PUSH != 0 && !fwd.push_set_last {
        fwd.push_bytes_sent = fwd.push_bytes_sent.wrapping_add(seglen);
        fwd.push_set_last = true;
    } else if flags & TH_PUSH != 0 && fwd.push_set_last {
        fwd.push_bytes_sent = seglen;
        fwd.push_set_last = true;
    } else if fwd.push_set_last {
        fwd.push_bytes_sent = seglen;
        fwd.push_set_last = false;
    } else {
        fwd.push_bytes_sent = fwd.push_bytes_sent.wrapping_add(seglen);
    }
    out.push_bytes = fwd.push_bytes_sent;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The frame store with frame `frame` at time `ts` (the frames before it at their times
    /// already, or at `ts` when the test skipped them).
    fn tick(
        fr: &mut crate::analysis::frames::Frames,
        frame: u32,
        ts: i64,
    ) -> &crate::analysis::frames::Frames {
        while fr.len() < frame as usize {
            fr.push(crate::capture::file::Record {
                ts_ns: ts,
                ..Default::default()
            });
        }
        fr
    }

    #[test]
    fn the_record_packs_its_bits() {
        assert_eq!(std::mem::size_of::<TcpFrame>(), 20);
        assert_eq!(std::mem::size_of::<[Dir; 2]>(), 176);
        assert_eq!(std::mem::size_of::<Stream>(), 88);
        let wide = Wide {
            dir: 1,
            has_ta: true,
            ack_flag: false,
            ..Default::default()
        };
        let (mut t, _) = wide.split(1);
        t.set_payload_off(54);
        t.set_partial(true);
        assert_eq!(
            (t.dir(), t.has_ta(), t.ack_flag(), t.partial()),
            (1, true, false, true)
        );
        assert_eq!(t.payload_off(), Some(54));
        t.set_partial(false);
        t.set_payload_off(4094);
        assert_eq!(
            (t.dir(), t.partial(), t.payload_off()),
            (1, false, Some(4094))
        );
        // headers longer than the record can say: the offset is unknown, nothing else moves
        t.set_payload_off(70_000);
        assert_eq!((t.dir(), t.has_ta(), t.payload_off()), (1, true, None));
        let bare = t.bare();
        assert_eq!(
            (bare.dir(), bare.has_ta(), bare.payload_off()),
            (1, false, Some(0))
        );
    }

    #[test]
    fn info_tags_follow_wiresharks_order() {
        let rare = Rare {
            dupack_num: 1,
            dupack_frame: 7,
            ..Default::default()
        };
        let f = A_RETRANSMISSION | A_DUPLICATE_ACK | A_ZERO_WINDOW | A_KEEP_ALIVE;
        assert_eq!(
            info_tags(f, &rare, true),
            "[TCP ZeroWindow] [TCP Dup ACK 7#1] [TCP Keep-Alive] [TCP Retransmission] "
        );
        // without a SEQ/ACK analysis record only the zero-window tags show
        assert_eq!(info_tags(f, &rare, false), "[TCP ZeroWindow] ");
        assert_eq!(
            problems(A_FAST_RETRANSMISSION | A_OUT_OF_ORDER, &rare, true),
            ["Out-Of-Order", "Fast Retransmission"]
        );
        assert!(problems(0, &rare, true).is_empty());
    }

    proptest! {
        #[test]
        fn relative_seq_survives_wrap(isn in any::<u32>(), len in 1u32..100_000) {
            let mut an = TcpAnalyzer::default();
            let mut st = crate::analysis::chunked::Chunked::<Stream>::default();
            let mut fr = crate::analysis::frames::Frames::default();
            let c = Addr::V4([10, 0, 0, 2]);
            let s = Addr::V4([10, 0, 0, 1]);
            let syn = TcpSeg { sport: 1000, dport: 80, seq: isn, flags: TH_SYN, window: 1000, ..Default::default() };
            let f1 = an.segment(&mut st, tick(&mut fr, 1, 0), 1, c, s, &syn);
            prop_assert_eq!(f1.seq_rel, 0);
            let data = TcpSeg { sport: 1000, dport: 80, seq: isn.wrapping_add(1), ack: 5, flags: TH_ACK, window: 1000, len, ..Default::default() };
            let f2 = an.segment(&mut st, tick(&mut fr, 2, 10), 2, c, s, &data);
            prop_assert_eq!(f2.seq_rel, 1);
            prop_assert_eq!(f2.nxtseq_rel, 1 + len);
            prop_assert_eq!(f2.flags & (A_LOST_PACKET | A_RETRANSMISSION), 0);
        }
    }

    #[test]
    fn a_fin_is_not_a_byte_in_flight() {
        // 650HttpResponses.pcap: a response of 360 bytes with FIN is 360 bytes in flight
        let mut an = TcpAnalyzer::default();
        let mut st = crate::analysis::chunked::Chunked::<Stream>::default();
        let mut fr = crate::analysis::frames::Frames::default();
        let (c, s) = (Addr::V4([10, 0, 0, 2]), Addr::V4([10, 0, 0, 1]));
        let seg = |seq, len, flags| TcpSeg {
            sport: 80,
            dport: 4000,
            seq,
            ack: 7,
            flags,
            window: 1000,
            len,
            ..Default::default()
        };
        let a = an.segment(
            &mut st,
            tick(&mut fr, 1, 0),
            1,
            s,
            c,
            &seg(100, 50, TH_ACK | TH_PUSH),
        );
        assert_eq!(a.bytes_in_flight, 50);
        let b = an.segment(
            &mut st,
            tick(&mut fr, 2, 1),
            2,
            s,
            c,
            &seg(150, 30, TH_ACK | TH_PUSH | TH_FIN),
        );
        assert_eq!(b.bytes_in_flight, 80);
        assert_eq!(
            b.nxtseq_rel,
            1 + 80 + 1,
            "the FIN still takes a sequence number"
        );
        // the first segment sent again (no FIN on it): the FIN still unacknowledged is
        // counted, as Wireshark counts it (81, not 80)
        let again = an.segment(&mut st, tick(&mut fr, 3, 2), 3, s, c, &seg(100, 50, TH_ACK));
        assert_eq!(again.bytes_in_flight, 81);
    }

    /// One connection's first pass, fed segment by segment: the client 10.0.0.2:4000, the
    /// server 10.0.0.1:80.
    struct Rig {
        an: TcpAnalyzer,
        st: crate::analysis::chunked::Chunked<Stream>,
        fr: crate::analysis::frames::Frames,
    }

    impl Rig {
        fn new() -> Rig {
            Rig {
                an: TcpAnalyzer::default(),
                st: Default::default(),
                fr: Default::default(),
            }
        }

        /// Frame `frame` at `ts` ns, sent by the server when `from_server`.
        fn push(&mut self, frame: u32, ts: i64, from_server: bool, seg: &TcpSeg) -> Wide {
            let (c, s) = (Addr::V4([10, 0, 0, 2]), Addr::V4([10, 0, 0, 1]));
            let (src, dst) = if from_server { (s, c) } else { (c, s) };
            let fr = tick(&mut self.fr, frame, ts);
            self.an.segment(&mut self.st, fr, frame, src, dst, seg)
        }
    }

    /// 100 bytes of the server's at `seq`, acknowledging the client's byte 7.
    fn server_data(seq: u32) -> TcpSeg {
        TcpSeg {
            sport: 80,
            dport: 4000,
            seq,
            ack: 7,
            flags: TH_ACK,
            window: 1000,
            len: 100,
            ..Default::default()
        }
    }

    /// The client's bare ACK of the server's byte `ack`.
    fn client_ack(ack: u32) -> TcpSeg {
        TcpSeg {
            sport: 4000,
            dport: 80,
            seq: 7,
            ack,
            flags: TH_ACK,
            window: 1000,
            ..Default::default()
        }
    }

    #[test]
    fn the_rto_counts_from_the_oldest_unacknowledged_segment() {
        const MS: i64 = 1_000_000;
        let mut r = Rig::new();
        r.push(1, 0, true, &server_data(100));
        r.push(2, MS, true, &server_data(200));
        // the second segment again, 100 ms later: Wireshark measures from the oldest
        // segment still unacknowledged (frame 1), not from the one that set the next
        // sequence number (frame 2)
        let again = r.push(3, 100 * MS, true, &server_data(200));
        assert_ne!(again.flags & A_RETRANSMISSION, 0);
        assert_eq!((again.rto_frame, again.rto_ns), (1, 100 * MS));
    }

    #[test]
    fn sacked_blocks_are_taken_off_whole() {
        // the receiver's last ACK carries a D-SACK (a block below the ACK): Wireshark takes
        // its whole width off the next segment's bytes in flight, which leaves none
        let mut r = Rig::new();
        let mut ack = client_ack(300);
        ack.opts.sack[0] = (200, 300);
        ack.opts.nsack = 1;
        for (i, seq) in [100, 200, 200].into_iter().enumerate() {
            let n = i as u32 + 1;
            r.push(n, i as i64, true, &server_data(seq));
        }
        r.push(4, 4, false, &ack);
        let next = r.push(5, 5, true, &server_data(300));
        assert_eq!(next.bytes_in_flight, 0, "100 in flight less the 100 SACKed");
        // an ACK without SACK blocks: the next segment's bytes count again
        r.push(6, 6, false, &client_ack(400));
        let last = r.push(7, 7, true, &server_data(400));
        assert_eq!(last.bytes_in_flight, 100);
    }

    #[test]
    fn acked_unseen_is_said_once_per_ack() {
        // the capture starts mid-connection and misses the client's FIN (as in
        // http-cooper-grill-dvwa.pcapng): the server's ACK of it is flagged, its own FIN
        // repeating that ACK is not, and the ACK of the client's later FIN is again
        let mut an = TcpAnalyzer::default();
        let mut st = crate::analysis::chunked::Chunked::<Stream>::default();
        let mut fr = crate::analysis::frames::Frames::default();
        let c = Addr::V4([10, 0, 0, 2]);
        let s = Addr::V4([10, 0, 0, 1]);
        let seg = |sport, dport, seq, ack, flags| TcpSeg {
            sport,
            dport,
            seq,
            ack,
            flags,
            window: 1000,
            ..Default::default()
        };
        let lost = |f: &Wide| f.flags & A_ACK_LOST_PACKET != 0;
        let f1 = an.segment(
            &mut st,
            tick(&mut fr, 1, 0),
            1,
            c,
            s,
            &seg(1000, 80, 100, 500, TH_ACK),
        );
        let f2 = an.segment(
            &mut st,
            tick(&mut fr, 2, 1),
            2,
            s,
            c,
            &seg(80, 1000, 500, 101, TH_ACK),
        );
        let f3 = an.segment(
            &mut st,
            tick(&mut fr, 3, 2),
            3,
            s,
            c,
            &seg(80, 1000, 500, 101, TH_ACK | TH_FIN),
        );
        let f4 = an.segment(
            &mut st,
            tick(&mut fr, 4, 3),
            4,
            c,
            s,
            &seg(1000, 80, 101, 501, TH_ACK | TH_FIN),
        );
        let f5 = an.segment(
            &mut st,
            tick(&mut fr, 5, 4),
            5,
            s,
            c,
            &seg(80, 1000, 501, 103, TH_ACK),
        );
        assert!(!lost(&f1));
        assert!(lost(&f2), "acks a byte never seen");
        assert!(!lost(&f3), "the same ACK again is not a new loss");
        assert!(!lost(&f4));
        assert!(lost(&f5), "acks past the FIN it saw: a new loss");
    }

    #[test]
    fn handshake_acks_and_irtt() {
        let mut an = TcpAnalyzer::default();
        let mut st = crate::analysis::chunked::Chunked::<Stream>::default();
        let mut fr = crate::analysis::frames::Frames::default();
        let c = Addr::V4([10, 0, 0, 2]);
        let s = Addr::V4([10, 0, 0, 1]);
        let o = TcpOpts {
            wscale: Some(7),
            ..Default::default()
        };
        let syn = TcpSeg {
            sport: 5000,
            dport: 80,
            seq: 100,
            flags: TH_SYN,
            window: 64240,
            opts: o,
            ..Default::default()
        };
        let synack = TcpSeg {
            sport: 80,
            dport: 5000,
            seq: 900,
            ack: 101,
            flags: TH_SYN | TH_ACK,
            window: 65160,
            opts: o,
            ..Default::default()
        };
        let ack = TcpSeg {
            sport: 5000,
            dport: 80,
            seq: 101,
            ack: 901,
            flags: TH_ACK,
            window: 502,
            ..Default::default()
        };
        // (a SYN stamped at the epoch itself would count as no SYN time: see below)
        let t0 = 1_000_000;
        let a = an.segment(&mut st, tick(&mut fr, 1, t0), 1, c, s, &syn);
        let b = an.segment(&mut st, tick(&mut fr, 2, t0 + 1000), 2, s, c, &synack);
        let x = an.segment(&mut st, tick(&mut fr, 3, t0 + 3000), 3, c, s, &ack);
        assert_eq!(a.stream, 0);
        assert!(!a.has_ta);
        assert_eq!(b.acks_frame, 1);
        // the ACK RTT is derived from frame times (`Analysis::ack_rtt_ns`): the SYN/ACK at
        // 1000 ns less the SYN it acknowledges at 0
        let times = [0i64, 1000, 3000];
        assert_eq!(times[1] - times[b.acks_frame as usize - 1], 1000);
        assert_eq!(x.acks_frame, 2);
        // the window scale is the stream's, by direction
        assert_eq!(st[0].win_scale[usize::from(x.dir)], 7);
        assert_eq!(st[0].initial_rtt_ns(), Some(3000));
        // the same ACK again is a duplicate ACK
        let d = an.segment(&mut st, tick(&mut fr, 4, t0 + 4000), 4, c, s, &ack);
        assert_eq!(d.flags & A_DUPLICATE_ACK, A_DUPLICATE_ACK);
        assert_eq!((d.dupack_num, d.dupack_frame), (1, 3));

        // Wireshark tests the SYN's time for zero: a SYN at the epoch (as crafted captures
        // have it: http-ooo2.pcap, tcp-badsegments.pcap) gives no initial RTT
        let mut an = TcpAnalyzer::default();
        let mut st = crate::analysis::chunked::Chunked::<Stream>::default();
        let mut fr = crate::analysis::frames::Frames::default();
        an.segment(&mut st, tick(&mut fr, 1, 0), 1, c, s, &syn);
        an.segment(&mut st, tick(&mut fr, 2, 1000), 2, s, c, &synack);
        an.segment(&mut st, tick(&mut fr, 3, 3000), 3, c, s, &ack);
        assert_eq!(st[0].initial_rtt_ns(), None);
    }

    use crate::wire::TcpOpts;
}

#[cfg(test)]
mod link_tests {
    use super::*;

    proptest::proptest! {
        /// Whatever the distance, a link reads back as it was set: from the record when it
        /// fits, else from the frame's `Rare` (as `Analysis` keeps it); setting one half leaves
        /// the other alone.
        #[test]
        fn links_read_back_near_or_far(
            frame in 1u32..,
            acks_back in proptest::prop_oneof![0u32..4, 0u32..70_000, proptest::num::u32::ANY],
            rin_step in proptest::prop_oneof![-3i64..3, -40_000i64..40_000, proptest::num::i64::ANY],
        ) {
            let acks = frame.saturating_sub(acks_back);
            let rin = (i64::from(frame) + rin_step).clamp(0, i64::from(u32::MAX)) as u32;
            let mut t = TcpFrame::default();
            let mut rare = Rare::default();
            if !t.set_acks_frame(frame, acks) {
                rare.acks_frame = acks;
            }
            if !t.set_reassembled_in(frame, rin) {
                rare.reassembled_in = rin;
            }
            let a = t.acks_frame_near(frame).unwrap_or(rare.acks_frame);
            let r = t.reassembled_in_near(frame).unwrap_or(rare.reassembled_in);
            proptest::prop_assert_eq!((a, r), (acks, rin));
            // near ones never need the side record
            if acks_back > 0 && acks_back < 65_535 && acks != 0 {
                proptest::prop_assert!(t.acks_frame_near(frame).is_some());
            }
            if rin != 0 && rin_step.abs() < 30_000 {
                proptest::prop_assert!(t.reassembled_in_near(frame).is_some());
            }
        }
    }

    #[test]
    fn an_empty_record_links_nowhere() {
        let t = TcpFrame::default();
        assert_eq!(t.acks_frame_near(7), Some(0));
        assert_eq!(t.reassembled_in_near(7), Some(0));
        let mut t = t;
        assert!(t.set_reassembled_in(7, 7), "its own frame is near");
        assert_eq!(t.reassembled_in_near(7), Some(7));
        assert!(t.set_acks_frame(7, 6));
        assert_eq!(
            (t.acks_frame_near(7), t.reassembled_in_near(7)),
            (Some(6), Some(7))
        );
        assert!(
            !t.set_acks_frame(7, 7),
            "a frame cannot acknowledge itself: kept aside"
        );
    }
}
