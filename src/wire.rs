//! What a frame's headers say, as the first pass needs it: addresses, a TCP segment's
//! numbers and options, a UDP datagram's ports and payload. The dissectors fill these in
//! their first-pass mode ([`crate::dissect::decode`]) and the analysis reads them; neither
//! the analysis nor this module reads the dissectors.

/// Network-layer addresses, enough to key conversations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Addr {
    V4([u8; 4]),
    V6([u8; 16]),
}

impl std::fmt::Display for Addr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Addr::V4(a) => write!(f, "{}.{}.{}.{}", a[0], a[1], a[2], a[3]),
            Addr::V6(a) => write!(f, "{}", std::net::Ipv6Addr::from(*a)),
        }
    }
}

/// TCP options that the analysis needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TcpOpts {
    pub mss: Option<u16>,
    pub wscale: Option<u8>,
    pub sack_perm: bool,
    pub ts: Option<(u32, u32)>,
    /// SACK blocks (left, right edges, raw sequence numbers).
    pub sack: [(u32, u32); 4],
    pub nsack: u8,
}

/// One TCP segment as the first pass sees it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TcpSeg {
    pub sport: u16,
    pub dport: u16,
    pub seq: u32,
    pub ack: u32,
    pub flags: u16,
    pub window: u16,
    pub hdr_len: u8,
    /// Segment length as the IP header reports it.
    pub len: u32,
    /// Offset of the payload in the frame, and how many of its bytes were captured.
    pub payload_off: u32,
    pub payload_cap: u32,
    pub opts: TcpOpts,
}

pub const TH_FIN: u16 = 0x01;
pub const TH_SYN: u16 = 0x02;
pub const TH_RST: u16 = 0x04;
pub const TH_PUSH: u16 = 0x08;
pub const TH_ACK: u16 = 0x10;
pub const TH_URG: u16 = 0x20;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UdpDgram {
    /// The addresses of the IP header around it (a tunnel's inner packet may set the frame's
    /// addresses afterwards).
    pub src: Option<Addr>,
    pub dst: Option<Addr>,
    pub sport: u16,
    pub dport: u16,
    /// Where the captured payload is in the frame: [start, end).
    pub payload: (usize, usize),
}

/// What the first pass learns about a frame.
#[derive(Clone, Debug, Default)]
pub struct Decoded {
    pub src: Option<Addr>,
    pub dst: Option<Addr>,
    pub tcp: Option<TcpSeg>,
    pub udp: Option<UdpDgram>,
    /// The IP layer's payload when it came from fragment reassembly (then `payload_off` of
    /// `tcp` indexes into this buffer).
    pub reassembled_ip: Option<std::sync::Arc<Vec<u8>>>,
    /// IP fragment still waiting for the rest (no transport layer in this frame).
    pub ip_fragment: bool,
    /// ICMP/ICMPv6 echo: (type, identifier, sequence number).
    pub icmp: Option<(u8, u16, u16)>,
    /// Offsets of the outermost IPv4 / IPv6 header, and how many IP layers were seen.
    pub ip4_off: Option<u32>,
    pub ip6_off: Option<u32>,
    pub ip_layers: u8,
    /// The frame carries headers inside headers (an ICMP error's datagram, a tunnel).
    pub nested: bool,
    /// The UDP header of the datagram an ICMP error quotes: (src, dst, sport, dport). Its
    /// conversation is looked up (or opened), as Wireshark's UDP dissector does.
    pub quoted_udp: Option<(Addr, Addr, u16, u16)>,
}
