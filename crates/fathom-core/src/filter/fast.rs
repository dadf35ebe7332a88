//! Evaluating a filter on one frame: first from the frame's headers and the first pass's
//! tables (no tree), and only when a field needs it, from the full dissection.

use super::value::{from_tree, V};
use super::{Filter, Source};
use crate::analysis::reassembly::PduKind;
use crate::analysis::{tcp as ta, Analysis};
use crate::dissect::fields::FieldId;
use crate::dissect::{self, ip::FragTable, Decoded, Dissection, Node, Value};
use crate::wire::{EthernetHeader, Ipv4Header, Ipv6Header};

/// Field values from the full protocol tree.
pub struct TreeSource<'a> {
    pub dis: &'a Dissection,
    pub bytes: &'a [u8],
}

impl Source for TreeSource<'_> {
    fn values(&mut self, field: FieldId, out: &mut Vec<V>) -> bool {
        let kind = field.kind();
        let tree = &self.dis.tree;
        let bytes = self.bytes;
        tree.walk(&mut |n: &Node| {
            if n.field != field {
                return;
            }
            let src = tree.source(bytes, n.ds);
            let range = |end: usize| {
                let a = (n.start as usize).min(src.len());
                src[a..end.min(src.len()).max(a)].to_vec()
            };
            out.push(match (&n.value, kind) {
                (Value::Slice, _) => V::Bytes(range(n.start as usize + n.len as usize)),
                // a protocol's value is its bytes to the end of the data
                (Value::None, crate::dissect::fields::FieldKind::FT_PROTOCOL) => {
                    V::Bytes(range(src.len()))
                }
                (v, _) => from_tree(v),
            });
        });
        true
    }
}

/// Field values a frame's headers and the analysis tables answer directly.
struct FastSource<'a> {
    an: &'a Analysis,
    frame: u32,
    bytes: &'a [u8],
    dec: &'a Decoded,
    /// Protocol names are only tested for presence (so a value-less answer will do).
    presence_only: bool,
}

impl FastSource<'_> {
    fn proto_value(&self, start: usize) -> V {
        if self.presence_only {
            V::None
        } else {
            V::Bytes(self.bytes.get(start..).unwrap_or(&[]).to_vec())
        }
    }

    fn eth(&self, field: &str, out: &mut Vec<V>) -> bool {
        let rec = match self.an.record(self.frame) {
            Some(r) => r,
            None => return false,
        };
        if rec.linktype != 1 {
            return true; // no Ethernet header
        }
        let Some(h) = EthernetHeader::new_checked(self.bytes) else {
            return false;
        };
        if h.ethertype() < 0x0600 {
            return false;
        }
        match field {
            "eth" => out.push(self.proto_value(0)),
            "eth.dst" => out.push(V::Ether(h.dst())),
            "eth.src" => out.push(V::Ether(h.src())),
            "eth.addr" => {
                out.push(V::Ether(h.dst()));
                out.push(V::Ether(h.src()));
            }
            "eth.type" => out.push(V::U(h.ethertype() as u64)),
            _ => return false,
        }
        true
    }

    fn ip(&self, field: &str, out: &mut Vec<V>) -> bool {
        let d = self.dec;
        if d.ip6_off.is_some() {
            if field == "ip.version" {
                out.push(V::U(6));
                return true;
            }
            return true; // IPv6 only: no IPv4 fields
        }
        let Some(o) = d.ip4_off.map(|o| o as usize) else {
            return true;
        };
        let Some(h) = self.bytes.get(o..).and_then(Ipv4Header::new_checked) else {
            return false;
        };
        if h.version() != 4 || h.header_len() < 20 {
            return false; // bogus headers: the tree knows what it shows
        }
        match field {
            "ip" => out.push(self.proto_value(o)),
            "ip.version" => out.push(V::U(4)),
            "ip.hdr_len" => out.push(V::U(h.header_len() as u64)),
            "ip.len" => {
                let l = h.total_len() as u64;
                if l == 0 {
                    return false;
                }
                out.push(V::U(l))
            }
            "ip.id" => out.push(V::U(h.ident() as u64)),
            "ip.flags.df" => out.push(V::B(h.dont_fragment())),
            "ip.flags.mf" => out.push(V::B(h.more_fragments())),
            "ip.frag_offset" => out.push(V::U((h.frag_offset() / 8) as u64)),
            "ip.ttl" => out.push(V::U(h.ttl() as u64)),
            "ip.proto" => out.push(V::U(h.protocol() as u64)),
            "ip.src" => out.push(V::V4(h.src())),
            "ip.dst" => out.push(V::V4(h.dst())),
            "ip.addr" => {
                out.push(V::V4(h.src()));
                out.push(V::V4(h.dst()));
            }
            _ => return false,
        }
        true
    }

    fn ipv6(&self, field: &str, out: &mut Vec<V>) -> bool {
        let d = self.dec;
        let Some(o) = d.ip6_off.map(|o| o as usize) else {
            return true;
        };
        let Some(h) = self.bytes.get(o..).and_then(Ipv6Header::new_checked) else {
            return false;
        };
        match field {
            "ipv6" => out.push(self.proto_value(o)),
            "ipv6.src" => out.push(V::V6(h.src())),
            "ipv6.dst" => out.push(V::V6(h.dst())),
            "ipv6.addr" => {
                out.push(V::V6(h.src()));
                out.push(V::V6(h.dst()));
            }
            "ipv6.hlim" => out.push(V::U(h.hop_limit() as u64)),
            "ipv6.nxt" => out.push(V::U(h.next_header() as u64)),
            "ipv6.plen" => out.push(V::U(h.payload_len() as u64)),
            _ => return false,
        }
        true
    }

    fn ip_proto_is(&self, p: u8) -> bool {
        let at = |o: u32| self.bytes.get(o as usize..).unwrap_or_default();
        match (self.dec.ip4_off, self.dec.ip6_off) {
            (Some(o), _) => Ipv4Header::new_checked(at(o)).is_some_and(|h| h.protocol() == p),
            (_, Some(o)) => Ipv6Header::new_checked(at(o)).is_some_and(|h| h.next_header() == p),
            _ => false,
        }
    }

    fn tcp(&self, field: &str, out: &mut Vec<V>) -> bool {
        let Some(s) = self.dec.tcp else {
            // no TCP header was read: only sure when the IP layer carries something else
            return !(self.ip_proto_is(6)
                || self.dec.ip4_off.is_none()
                    && self.dec.ip6_off.is_none()
                    && self.dec.udp.is_none()
                    && field == "tcp");
        };
        if self.dec.reassembled_ip.is_some() {
            return false;
        }
        let t = self.an.tcp(self.frame);
        let flag = |f: u16| t.is_some_and(|t| t.flags & f != 0);
        let start = (s.payload_off as usize).saturating_sub(s.hdr_len as usize);
        match field {
            "tcp" => out.push(self.proto_value(start)),
            "tcp.srcport" => out.push(V::U(s.sport as u64)),
            "tcp.dstport" => out.push(V::U(s.dport as u64)),
            "tcp.port" => {
                out.push(V::U(s.sport as u64));
                out.push(V::U(s.dport as u64));
            }
            "tcp.len" => out.push(V::U(s.len as u64)),
            "tcp.hdr_len" => out.push(V::U(s.hdr_len as u64)),
            "tcp.flags" => out.push(V::U(s.flags as u64)),
            "tcp.flags.syn" => out.push(V::B(s.flags & dissect::TH_SYN != 0)),
            "tcp.flags.ack" => out.push(V::B(s.flags & dissect::TH_ACK != 0)),
            "tcp.flags.fin" => out.push(V::B(s.flags & dissect::TH_FIN != 0)),
            "tcp.flags.reset" => out.push(V::B(s.flags & dissect::TH_RST != 0)),
            "tcp.flags.push" => out.push(V::B(s.flags & dissect::TH_PUSH != 0)),
            "tcp.flags.urg" => out.push(V::B(s.flags & dissect::TH_URG != 0)),
            "tcp.window_size_value" => out.push(V::U(s.window as u64)),
            "tcp.seq_raw" => out.push(V::U(s.seq as u64)),
            "tcp.ack_raw" => out.push(V::U(s.ack as u64)),
            "tcp.options.mss_val" => out.extend(s.opts.mss.map(|m| V::U(m as u64))),
            _ => {
                let Some(t) = t else { return false };
                match field {
                    "tcp.stream" => out.push(V::U(t.stream as u64)),
                    "tcp.seq" => out.push(V::U(t.seq_rel as u64)),
                    "tcp.ack" => out.push(V::U(if s.flags & dissect::TH_ACK != 0 {
                        t.ack_rel as u64
                    } else {
                        s.ack as u64
                    })),
                    "tcp.window_size" => {
                        let syn = s.flags & dissect::TH_SYN != 0;
                        let w = s.window as u64;
                        let ws = self.an.win_scale(t);
                        out.push(V::U(if !syn && ws >= 0 { w << ws } else { w }));
                    }
                    "tcp.analysis.flags" => {
                        if t.flags != 0 {
                            out.push(V::None)
                        }
                    }
                    "tcp.analysis.acks_frame" => {
                        let acks = self.an.acks_frame(self.frame, t);
                        if t.has_ta() && acks != 0 {
                            out.push(V::U(acks as u64))
                        }
                    }
                    "tcp.analysis.bytes_in_flight" => {
                        let bif = self.an.flight(self.frame).bytes_in_flight;
                        if bif != 0 {
                            out.push(V::U(bif as u64))
                        }
                    }
                    "tcp.reassembled_in" => {
                        let rin = self.an.reassembled_in(self.frame, t);
                        if rin != 0 {
                            out.push(V::U(rin as u64))
                        }
                    }
                    "tcp.analysis.duplicate_ack" => {
                        let n = self
                            .an
                            .tcp_rare
                            .get(&self.frame)
                            .map(|r| r.dupack_num)
                            .unwrap_or(0);
                        if flag(ta::A_DUPLICATE_ACK) && n != 0 {
                            out.push(V::None)
                        }
                    }
                    _ => {
                        let bit = match field {
                            "tcp.analysis.retransmission" => {
                                ta::A_RETRANSMISSION
                                    | ta::A_FAST_RETRANSMISSION
                                    | ta::A_SPURIOUS_RETRANSMISSION
                            }
                            "tcp.analysis.fast_retransmission" => ta::A_FAST_RETRANSMISSION,
                            "tcp.analysis.spurious_retransmission" => ta::A_SPURIOUS_RETRANSMISSION,
                            "tcp.analysis.out_of_order" => ta::A_OUT_OF_ORDER,
                            "tcp.analysis.lost_segment" => ta::A_LOST_PACKET,
                            "tcp.analysis.ack_lost_segment" => ta::A_ACK_LOST_PACKET,
                            "tcp.analysis.window_update" => ta::A_WINDOW_UPDATE,
                            "tcp.analysis.window_full" => ta::A_WINDOW_FULL,
                            "tcp.analysis.keep_alive" => ta::A_KEEP_ALIVE,
                            "tcp.analysis.keep_alive_ack" => ta::A_KEEP_ALIVE_ACK,
                            "tcp.analysis.zero_window" => ta::A_ZERO_WINDOW,
                            "tcp.analysis.zero_window_probe" => ta::A_ZERO_WINDOW_PROBE,
                            "tcp.analysis.zero_window_probe_ack" => ta::A_ZERO_WINDOW_PROBE_ACK,
                            "tcp.analysis.reused_ports" => ta::A_REUSED_PORTS,
                            _ => return false,
                        };
                        if t.flags & bit != 0 {
                            out.push(V::None);
                        }
                    }
                }
            }
        }
        true
    }

    fn udp(&self, field: &str, out: &mut Vec<V>) -> bool {
        let Some(u) = self.dec.udp else {
            return !self.ip_proto_is(17);
        };
        match field {
            "udp.srcport" => out.push(V::U(u.sport as u64)),
            "udp.dstport" => out.push(V::U(u.dport as u64)),
            "udp.port" => {
                out.push(V::U(u.sport as u64));
                out.push(V::U(u.dport as u64));
            }
            "udp.stream" => {
                out.extend(self.an.udp_stream.get(&self.frame).map(|&s| V::U(s as u64)))
            }
            _ => return false,
        }
        true
    }

    fn http(&self, field: &str, out: &mut Vec<V>) -> bool {
        if self
            .dec
            .udp
            .is_some_and(|u| u.sport == 1900 || u.dport == 1900)
        {
            return false; // SSDP: HTTP over UDP, read by the tree
        }
        if !self.an.reasm.tls().store.pdus_at(self.frame).is_empty() {
            return false; // HTTP over TLS the key log opened: read by the tree
        }
        let pdus = self.an.reasm.pdus_at(self.frame);
        if pdus.is_empty() {
            return true; // no HTTP in this frame
        }
        // a Continuation is HTTP only on a stream where a request named a URI
        let continuation_is_http = self
            .an
            .tcp(self.frame)
            .is_some_and(|t| self.an.reasm.http().continuation_is_http(t.stream));
        for (_, p) in pdus {
            match (field, p.kind) {
                (_, PduKind::Continuation) if !continuation_is_http => {}
                ("http", PduKind::Http | PduKind::Continuation) if self.presence_only => {
                    out.push(V::None)
                }
                ("http", PduKind::Http | PduKind::Continuation) => return false,
                ("http.request", PduKind::Http) if p.request => out.push(V::B(true)),
                ("http.response", PduKind::Http) if !p.request => out.push(V::B(true)),
                ("http.request.method", PduKind::Http) if p.request => {
                    out.extend(p.method().map(|m| V::S(m.to_string())))
                }
                ("http.response.code", PduKind::Http) if !p.request => {
                    out.push(V::U(p.status as u64))
                }
                (
                    "http"
                    | "http.request"
                    | "http.response"
                    | "http.request.method"
                    | "http.response.code",
                    _,
                ) => {}
                _ => return false,
            }
        }
        true
    }
}

impl Source for FastSource<'_> {
    fn values(&mut self, field: FieldId, out: &mut Vec<V>) -> bool {
        let field = field.abbrev();
        if self.dec.nested || self.dec.ip_fragment {
            return false;
        }
        let rec = match self.an.record(self.frame) {
            Some(r) => r,
            None => return false,
        };
        match field {
            "frame" => {
                out.push(V::Bytes(self.bytes.to_vec()));
                true
            }
            "frame.number" => {
                out.push(V::U(self.frame as u64));
                true
            }
            "frame.len" => {
                out.push(V::U(rec.origlen as u64));
                true
            }
            "frame.cap_len" => {
                out.push(V::U(rec.caplen as u64));
                true
            }
            f if f == "eth" || f.starts_with("eth.") => self.eth(f, out),
            f if f == "ip" || f.starts_with("ip.") => self.ip(f, out),
            f if f == "ipv6" || f.starts_with("ipv6.") => self.ipv6(f, out),
            f if f == "tcp" || f.starts_with("tcp.") => self.tcp(f, out),
            "udp" => {
                match self.dec.udp {
                    Some(_) => out.push(V::None),
                    None if self.ip_proto_is(17) => return false,
                    None => {}
                }
                self.presence_only || self.dec.udp.is_none()
            }
            f if f.starts_with("udp.") => self.udp(f, out),
            f if f == "http" || f.starts_with("http.") => self.http(f, out),
            _ => false,
        }
    }
}

/// Evaluates one filter over frames, reusing buffers.
pub struct FrameEval<'a> {
    an: &'a Analysis,
    filter: &'a Filter,
    buf: Vec<u8>,
    presence_only: bool,
    /// Block reads for frames visited in file order (see [`FrameEval::scanning`]).
    scan: Option<crate::capture::file::ScanSource>,
}

impl<'a> FrameEval<'a> {
    pub fn new(an: &'a Analysis, filter: &'a Filter) -> FrameEval<'a> {
        let presence_only = filter.protocols_presence_only();
        FrameEval {
            an,
            filter,
            buf: Vec::with_capacity(2048),
            presence_only,
            scan: None,
        }
    }

    /// An evaluator for frames visited in increasing order: it reads the file a block at a
    /// time instead of once per frame.
    pub fn scanning(an: &'a Analysis, filter: &'a Filter) -> FrameEval<'a> {
        let mut ev = FrameEval::new(an, filter);
        ev.scan = an.source.as_ref().and_then(|s| s.scan().ok());
        ev
    }

    fn read(&mut self, frame: u32) -> bool {
        match (&mut self.scan, self.an.record(frame)) {
            (Some(s), Some(r)) => s.read(&r, &mut self.buf).is_ok(),
            _ => self.an.packet(frame, &mut self.buf),
        }
    }

    pub fn matches(&mut self, frame: u32) -> bool {
        let Some(rec) = self.an.record(frame) else {
            return false;
        };
        if self.an.ignored.contains(&frame) {
            // nothing above the frame is dissected: no protocol field is there to match
            return false;
        }
        if !self.read(frame) {
            return false;
        }
        let mut ft = FragTable::default();
        let dec = dissect::decode(&rec, frame, &self.buf, &mut ft);
        let mut fast = FastSource {
            an: self.an,
            frame,
            bytes: &self.buf,
            dec: &dec,
            presence_only: self.presence_only,
        };
        if let Some(m) = self.filter.matches(&mut fast) {
            return m;
        }
        let dis = dissect::dissect_with(&rec, frame, &self.buf, self.an, dissect::Labels::Skipped);
        self.filter
            .matches(&mut TreeSource {
                dis: &dis,
                bytes: &self.buf,
            })
            .unwrap_or(false)
    }
}

/// Evaluates a filter against one already-dissected frame.
pub fn matches_tree(filter: &Filter, dis: &Dissection, bytes: &[u8]) -> bool {
    filter
        .matches(&mut TreeSource { dis, bytes })
        .unwrap_or(false)
}
