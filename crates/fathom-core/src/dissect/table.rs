//! The tables through which one protocol hands bytes to the next without naming it, as
//! Wireshark's dissector tables do (`ethertype`, `ip.proto`, `udp.port`, `tcp.port`): a
//! protocol registers its entry from its own file (`inventory::submit!`), and a carrier
//! asks the table. So IP never imports TCP,
//! UDP or GRE, and GRE, MPLS or PPP reach IP through the same table Ethernet uses; the
//! protocol files import this module, the context and the tree, never the dispatcher in
//! `mod.rs`.

use super::ctx::{data, Ctx};
use crate::analysis::reassembly::{Pdu, PduKind};
use std::sync::OnceLock;

/// A dissector reached by an Ethernet type (Ethernet, VLAN, SLL, GRE, PPP…): the frame's
/// bytes from `off`.
pub type ByEtherType = fn(&mut Ctx, usize);

/// One entry of the Ethernet-type table.
pub struct EtherType {
    pub etypes: &'static [u16],
    pub dissect: ByEtherType,
}
inventory::collect!(EtherType);

/// A dissector reached by an IP protocol number: `(off, len, cap)`, the payload's start, its
/// length by the IP header and how much of it the frame holds.
pub type ByIpProto = fn(&mut Ctx, usize, usize, usize);

/// One entry of the IP protocol table (IPv4's Protocol, IPv6's Next Header).
pub struct IpProto {
    pub protos: &'static [u8],
    pub dissect: ByIpProto,
}
inventory::collect!(IpProto);

fn ethertypes() -> &'static [(u16, ByEtherType)] {
    static T: OnceLock<Vec<(u16, ByEtherType)>> = OnceLock::new();
    T.get_or_init(|| {
        inventory::iter::<EtherType>
            .into_iter()
            .flat_map(|e| e.etypes.iter().map(move |&t| (t, e.dissect)))
            .collect()
    })
}

fn ip_protos() -> &'static [Option<ByIpProto>; 256] {
    static T: OnceLock<[Option<ByIpProto>; 256]> = OnceLock::new();
    T.get_or_init(|| {
        let mut t: [Option<ByIpProto>; 256] = [None; 256];
        for e in inventory::iter::<IpProto> {
            for &p in e.protos {
                t[p as usize] = Some(e.dissect);
            }
        }
        t
    })
}

/// Dispatch on an Ethernet type; what no protocol registered is data, with the type
/// itself in the Protocol column (`0x0c0d`), as Wireshark's ethertype dissector puts it.
pub fn ethertype(cx: &mut Ctx, etype: u16, off: usize) {
    cx.proto("ethertype");
    match ethertypes().iter().find(|(t, _)| *t == etype) {
        Some((_, d)) => d(cx, off),
        None => {
            if cx.tree {
                cx.cols.protocol = format!("0x{etype:04x}");
            }
            data(cx, off)
        }
    }
}

/// The dissector registered for an IP protocol number, if any.
pub fn ip_proto(proto: u8) -> Option<ByIpProto> {
    ip_protos()[proto as usize]
}

/// A dissector of a payload `[start, end)` of the frame.
pub type Payload = fn(&mut Ctx, usize, usize);

/// How a protocol claims a datagram (Wireshark's `dissector_add_uint("udp.port", …)` and
/// heuristic tables).
pub enum Claim {
    /// Either port is this one.
    Port(u16),
    /// The (source, destination) ports are one of these pairs.
    Pairs(&'static [(u16, u16)]),
    /// A test of the ports and the payload.
    Heuristic(fn(u16, u16, &[u8]) -> bool),
}

impl Claim {
    pub fn takes(&self, sport: u16, dport: u16, payload: &[u8]) -> bool {
        match self {
            Claim::Port(p) => sport == *p || dport == *p,
            Claim::Pairs(pairs) => pairs.contains(&(sport, dport)),
            Claim::Heuristic(f) => f(sport, dport, payload),
        }
    }
}

/// One protocol's claim on UDP datagrams: what it claims and the dissector of its payload.
/// Each protocol's file submits its own (`inventory::submit!`); UDP asks them by `rank`
/// (lower first; the first that claims a datagram takes it), so adding a protocol touches
/// no other file.
pub struct UdpClaim {
    pub rank: u16,
    /// What the payload carries that matters beyond its own tree.
    pub carries: Carries,
    pub claim: Claim,
    pub dissect: Payload,
}

/// What a UDP payload carries that the first pass or a filter needs even when no tree is
/// built.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Carries {
    /// Only itself.
    Nothing,
    /// Whole packets the first pass must see (L2TP's PPP frames): dissected in every pass.
    Packets,
    /// Sampled headers (sFlow's): a filter needs the whole tree of the frame.
    Samples,
}
inventory::collect!(UdpClaim);

/// A whole-datagram dissector on its UDP port (Wireshark's `udp.port` table), looked up
/// after every [`UdpClaim`] declined, the lower port first.
pub struct UdpPort {
    pub port: u16,
    pub dissect: Payload,
}
inventory::collect!(UdpPort);

/// One protocol's claim on a TCP segment's payload outside reassembled messages: it takes
/// the payload and says so, or declines. Asked by `rank` (lower first), as [`UdpClaim`].
pub struct TcpClaim {
    pub rank: u16,
    pub claim: fn(&mut Ctx, &Segment) -> bool,
}
inventory::collect!(TcpClaim);

/// A segment that ends PDUs the TCP reassembly cut: its frame, where its payload is, its TCP
/// record and the analysis tags in front of its Info.
pub struct PduSegment<'a> {
    pub an: &'a crate::analysis::Analysis,
    pub frame: u32,
    /// The payload's start and captured length in the frame.
    pub off: usize,
    pub cap: usize,
    /// The segment's length (more than `cap` when the capture cut it).
    pub len: u32,
    pub tf: Option<crate::analysis::tcp::TcpFrame>,
    pub prefix: &'a str,
}

/// One PDU that ends in the segment, as its protocol dissects it: its bytes (reassembled or
/// the segment's own), the data source they are in (`None`: the frame) and where in the
/// frame it starts.
pub struct PduAt<'a> {
    pub seg: &'a PduSegment<'a>,
    pub pdu: &'a Pdu,
    /// Its place among the PDUs that end in the segment.
    pub no: u16,
    pub bytes: &'a [u8],
    pub ds_base: Option<u8>,
    pub start: usize,
}

/// What the PDUs of one segment leave for the columns: each protocol keeps its own part
/// (a type of its own file, [`PduColumns::part`]), read back when the columns are set.
#[derive(Default)]
pub struct PduColumns {
    parts: Vec<Box<dyn std::any::Any>>,
    /// A protocol took bytes it shows nothing of (no data layer for them).
    pub took: bool,
}

impl PduColumns {
    /// The part of type `T`, made empty the first time it is asked for.
    pub fn part<T: Default + 'static>(&mut self) -> &mut T {
        let i = match self.parts.iter().position(|p| p.is::<T>()) {
            Some(i) => i,
            None => {
                self.parts.push(Box::new(T::default()));
                self.parts.len() - 1
            }
        };
        // (the place found holds a T, or one was just put there)
        self.parts[i]
            .downcast_mut::<T>()
            .expect("a part of this type")
    }

    /// The part of type `T`, if a PDU made one.
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.parts.iter().find_map(|p| p.downcast_ref::<T>())
    }
}

/// A protocol carried in PDUs the TCP reassembly cuts (Wireshark's dissectors that
/// reassemble with `tcp_dissect_pdus`): the kinds of PDU it takes, its dissector of one PDU,
/// and how it sets the segment's columns. TCP dissects each PDU with the protocol that
/// takes its kind, then asks the protocols by `rank` (lower first) to set the columns from
/// what they left; the first that does ends the frame, and when none does TCP goes on with
/// the segment's own payload.
pub struct PduProtocol {
    pub rank: u16,
    pub takes: fn(PduKind) -> bool,
    pub dissect: fn(&mut Ctx, &PduAt, &mut PduColumns),
    pub columns: fn(&mut Ctx, &PduSegment, &mut PduColumns) -> bool,
}
inventory::collect!(PduProtocol);

/// The entries of a table in rank order (gathered once).
fn by_rank<T: 'static>(
    cell: &'static OnceLock<Vec<&'static T>>,
    all: impl Iterator<Item = &'static T>,
    rank: fn(&T) -> u16,
) -> &'static [&'static T] {
    cell.get_or_init(|| {
        let mut v: Vec<&'static T> = all.collect();
        v.sort_by_key(|e| rank(e));
        v
    })
}

/// The protocols that claim UDP datagrams, in the order they are asked.
pub fn udp_claims() -> &'static [&'static UdpClaim] {
    static T: OnceLock<Vec<&'static UdpClaim>> = OnceLock::new();
    by_rank(&T, inventory::iter::<UdpClaim>.into_iter(), |e| e.rank)
}

/// The protocols that claim TCP payload, in the order they are asked.
pub fn tcp_claims() -> &'static [&'static TcpClaim] {
    static T: OnceLock<Vec<&'static TcpClaim>> = OnceLock::new();
    by_rank(&T, inventory::iter::<TcpClaim>.into_iter(), |e| e.rank)
}

/// The protocols carried in reassembled PDUs, in the order they set the columns.
pub fn pdu_protocols() -> &'static [&'static PduProtocol] {
    static T: OnceLock<Vec<&'static PduProtocol>> = OnceLock::new();
    by_rank(&T, inventory::iter::<PduProtocol>.into_iter(), |e| e.rank)
}

/// Who takes a UDP datagram, as Wireshark's UDP decides it: what is registered on the lower
/// port (a protocol claiming that port or the pair of ports, in rank order, then a
/// whole-datagram dissector on it), then on the higher port, then the heuristics in rank
/// order. Both passes ask this, so the first pass dissects the same carrier the tree
/// shows. Returns the dissector and what it carries.
pub fn udp_choice(sport: u16, dport: u16, payload: &[u8]) -> Option<(Payload, Carries)> {
    match udp_chosen(sport, dport, payload)? {
        Chosen::Claim(c) => Some((c.dissect, c.carries)),
        Chosen::Port(d) => Some((d, Carries::Nothing)),
    }
}

/// The rank of the claim that takes a UDP datagram (see [`udp_choice`]); `None` when
/// nobody or a whole-datagram dissector takes it. A protocol that watches its datagrams in
/// the first pass asks this, so it watches exactly those its dissector is handed.
pub fn udp_claim_rank(sport: u16, dport: u16, payload: &[u8]) -> Option<u16> {
    match udp_chosen(sport, dport, payload)? {
        Chosen::Claim(c) => Some(c.rank),
        Chosen::Port(_) => None,
    }
}

enum Chosen {
    Claim(&'static UdpClaim),
    Port(Payload),
}

fn udp_chosen(sport: u16, dport: u16, payload: &[u8]) -> Option<Chosen> {
    let (lo, hi) = (sport.min(dport), sport.max(dport));
    for p in [lo, hi].into_iter().filter(|&p| p != 0) {
        let on_port = udp_claims().iter().find(|c| match c.claim {
            Claim::Port(q) => q == p,
            Claim::Pairs(_) => c.claim.takes(sport, dport, payload),
            Claim::Heuristic(_) => false,
        });
        if let Some(c) = on_port {
            return Some(Chosen::Claim(c));
        }
        if let Some(d) = port_entry(p) {
            return Some(Chosen::Port(d));
        }
    }
    udp_claims()
        .iter()
        .find(|c| matches!(c.claim, Claim::Heuristic(_)) && c.claim.takes(sport, dport, payload))
        .map(|c| Chosen::Claim(c))
}

/// The whole-datagram dissector registered on UDP port `p`, if any.
fn port_entry(p: u16) -> Option<Payload> {
    inventory::iter::<UdpPort>
        .into_iter()
        .find(|e| e.port == p)
        .map(|e| e.dissect)
}

/// The UDP port table's dissector for a pair of ports: the lower port first, as Wireshark's
/// tables are searched.
pub fn udp_port(sport: u16, dport: u16) -> Option<Payload> {
    let (lo, hi) = (sport.min(dport), sport.max(dport));
    [lo, hi].iter().find_map(|&p| {
        inventory::iter::<UdpPort>
            .into_iter()
            .find(|e| e.port == p)
            .map(|e| e.dissect)
    })
}

/// A dissector of a message body by its media type (Wireshark's `media_type` table):
/// `(cx, parent, content type as sent, body, start, len)`; it adds its layer under
/// `parent` and answers the text the Info column gains (` (text/plain)`), if any.
pub type ByMediaType =
    fn(&mut Ctx, &mut super::tree::Node, &str, &[u8], usize, usize) -> Option<String>;

/// A protocol that reads the value of one of HTTP's headers (Wireshark finds such a
/// dissector by its name, as HTTP does `http2.settings` for `HTTP2-Settings`): the header's
/// name, and the items it adds under the header's item (`value`, the header's offset).
pub struct HttpHeaderValue {
    pub header: &'static str,
    pub items: fn(value: &str, at: usize) -> Vec<super::tree::Node>,
}
inventory::collect!(HttpHeaderValue);

/// The items a registered protocol reads from an HTTP header's value (none when no
/// protocol registered for that header).
pub fn http_header_items(name: &str, value: &str, at: usize) -> Vec<super::tree::Node> {
    inventory::iter::<HttpHeaderValue>
        .into_iter()
        .find(|e| e.header.eq_ignore_ascii_case(name))
        .map(|e| (e.items)(value, at))
        .unwrap_or_default()
}

/// One entry of the media-type table: the types (lower case, no parameters) it takes.
pub struct MediaType {
    pub types: &'static [&'static str],
    pub dissect: ByMediaType,
}
inventory::collect!(MediaType);

/// The dissector registered for a media type (lower case, no parameters), if any.
pub fn media_type(mime: &str) -> Option<ByMediaType> {
    inventory::iter::<MediaType>
        .into_iter()
        .find(|e| e.types.contains(&mime))
        .map(|e| e.dissect)
}

/// A segment's payload outside any reassembled message, as a protocol registered on TCP
/// sees it.
pub struct Segment<'a> {
    /// The payload: `[start, end)` of the frame.
    pub start: usize,
    pub end: usize,
    pub sport: u16,
    pub dport: u16,
    /// The port of the side that accepted the connection (0 when unknown).
    pub server_port: u16,
    pub frame: u32,
    pub stream: Option<u32>,
    /// The analysis tags that lead the Info column (`[TCP Retransmission] `).
    pub prefix: &'a str,
    /// TCP's own Info text, for a protocol that has none of its own.
    pub tcp_info: &'a str,
}

impl Segment<'_> {
    /// Whether either port is `p`.
    pub fn has_port(&self, p: u16) -> bool {
        self.sport == p || self.dport == p
    }

    /// Dissects the payload with a whole-payload dissector when either port is `port`, with
    /// the analysis tags in front of its Info text.
    pub fn whole(&self, cx: &mut Ctx, port: u16, d: Payload) -> bool {
        if !self.has_port(port) {
            return false;
        }
        d(cx, self.start, self.end);
        cx.cols.info = format!("{}{}", self.prefix, cx.cols.info);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_number_is_registered_once_and_the_carriers_find_their_protocols() {
        let mut et: Vec<u16> = inventory::iter::<EtherType>
            .into_iter()
            .flat_map(|e| e.etypes.iter().copied())
            .collect();
        let n = et.len();
        et.sort_unstable();
        et.dedup();
        assert_eq!(et.len(), n, "an Ethernet type is registered twice");
        for t in [
            0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8, 0x9100, 0x8864, 0x8847, 0x8848,
        ] {
            assert!(et.contains(&t), "Ethernet type {t:#06x} has no dissector");
        }
        let mut ip: Vec<u8> = inventory::iter::<IpProto>
            .into_iter()
            .flat_map(|e| e.protos.iter().copied())
            .collect();
        let n = ip.len();
        ip.sort_unstable();
        ip.dedup();
        assert_eq!(ip.len(), n, "an IP protocol is registered twice");
        assert_eq!(ip, [0, 1, 2, 4, 6, 17, 41, 43, 44, 47, 58, 60]);
        assert!(ip.iter().all(|&p| ip_proto(p).is_some()));
        // SCTP is not dissected: IP shows it as data
        assert!(ip_proto(132).is_none());
    }

    #[test]
    fn claims_are_asked_in_one_order_and_ports_are_registered_once() {
        // a rank shared by two claims would leave their order to the linker
        for ranks in [
            udp_claims().iter().map(|c| c.rank).collect::<Vec<_>>(),
            tcp_claims().iter().map(|c| c.rank).collect::<Vec<_>>(),
            pdu_protocols().iter().map(|c| c.rank).collect::<Vec<_>>(),
        ] {
            assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
        }
        assert!(udp_claims().len() >= 8, "{}", udp_claims().len());
        assert!(tcp_claims().len() >= 6, "{}", tcp_claims().len());
        // every kind of PDU the reassembly cuts has exactly one protocol
        for k in [
            PduKind::Http,
            PduKind::Tls,
            PduKind::Imap,
            PduKind::Smtp,
            PduKind::Continuation,
            PduKind::WebSocket,
            PduKind::Http2,
        ] {
            let n = pdu_protocols().iter().filter(|p| (p.takes)(k)).count();
            assert_eq!(n, 1, "{k:?}");
        }
        let mut ports: Vec<u16> = inventory::iter::<UdpPort>
            .into_iter()
            .map(|e| e.port)
            .collect();
        ports.sort_unstable();
        assert_eq!(ports, [123, 520, 17500]);
        // DNS on 53 is claimed before anything else is asked
        let dns = udp_claims().first().map(|c| c.claim.takes(5000, 53, &[]));
        assert_eq!(dns, Some(true));
        // L2TP's frames reach the first pass; sFlow's samples make a filter build the tree
        let carries: Vec<(u16, Carries)> = udp_claims()
            .iter()
            .filter(|c| c.carries != Carries::Nothing)
            .map(|c| {
                let port = [1701, 6343]
                    .into_iter()
                    .find(|&p| c.claim.takes(40000, p, &[]))
                    .unwrap_or(0);
                (port, c.carries)
            })
            .collect();
        assert_eq!(
            carries,
            [(1701, Carries::Packets), (6343, Carries::Samples)]
        );
        // the lower port is looked up first; none of the pair: no dissector
        assert!(udp_port(40000, 123).is_some());
        assert!(udp_port(40000, 40001).is_none());
        // a datagram between two registered ports goes to the lower one, whether it is a
        // claim's port or a whole-datagram dissector's: NTP's 123 before NBNS's 137, DNS's
        // 53 before mDNS's 5353; heuristics only after both ports
        let ntp = udp_choice(123, 137, &[0; 10]).map(|(d, _)| d);
        assert!(
            ntp.is_some_and(|d| udp_port(123, 40000).is_some_and(|n| std::ptr::fn_addr_eq(d, n)))
        );
        let dns = udp_choice(5353, 53, b"").map(|(d, _)| d);
        let by_rank = udp_claims().first().map(|c| c.dissect);
        assert!(dns
            .zip(by_rank)
            .is_some_and(|(a, b)| std::ptr::fn_addr_eq(a, b)));
        assert_eq!(
            udp_choice(40000, 1701, b"").map(|(_, c)| c),
            Some(Carries::Packets)
        );
        assert!(udp_choice(40000, 40001, b"\x00").is_none());
    }
}
