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
    /// ICMP/ICMPv6 echo: (type, identifier, sequence number, the checksum a request has or
    /// a reply's answers; 0 for ICMPv6).
    pub icmp: Option<(u8, u16, u16, u16)>,
    /// Offsets of the outermost IPv4 / IPv6 header, and how many IP layers were seen.
    pub ip4_off: Option<u32>,
    pub ip6_off: Option<u32>,
    pub ip_layers: u8,
    /// The frame carries headers inside headers (an ICMP error's datagram, a tunnel).
    pub nested: bool,
    /// The UDP header of the datagram an ICMP error quotes: (src, dst, sport, dport). Its
    /// conversation is looked up (or opened), as Wireshark's UDP dissector does.
    pub quoted_udp: Option<(Addr, Addr, u16, u16)>,
    /// The same of a quoted TCP header: its conversation is looked up (or opened), and the
    /// error's frame shows that stream's index, as Wireshark's TCP dissector does.
    pub quoted_tcp: Option<(Addr, Addr, u16, u16)>,
}

/// Header views: each checks once that its fixed header is there (`new_checked`), then reads
/// its fields by name without failing (the header is held as a fixed-size array, so no read
/// can fall outside it). The dissectors, the first pass and the fast filter path read headers
/// through these, so a field's offset is written once.
macro_rules! be {
    ($h:expr, $i:literal, u16) => {
        u16::from_be_bytes([$h[$i], $h[$i + 1]])
    };
    ($h:expr, $i:literal, u32) => {
        u32::from_be_bytes([$h[$i], $h[$i + 1], $h[$i + 2], $h[$i + 3]])
    };
}

/// Takes the first `N` bytes of `b` as a fixed array.
fn fixed<const N: usize>(b: &[u8]) -> Option<&[u8; N]> {
    b.get(..N)?.try_into().ok()
}

/// An Ethernet II header's 14 bytes.
#[derive(Clone, Copy, Debug)]
pub struct EthernetHeader<'a>(&'a [u8; 14]);

impl<'a> EthernetHeader<'a> {
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        fixed(b).map(EthernetHeader)
    }
    pub fn dst(&self) -> [u8; 6] {
        let mut m = [0; 6];
        m.copy_from_slice(&self.0[0..6]);
        m
    }
    pub fn src(&self) -> [u8; 6] {
        let mut m = [0; 6];
        m.copy_from_slice(&self.0[6..12]);
        m
    }
    /// The EtherType, or an 802.3 frame's length (below 0x0600).
    pub fn ethertype(&self) -> u16 {
        be!(self.0, 12, u16)
    }
}

/// A UDP header's 8 bytes.
#[derive(Clone, Copy, Debug)]
pub struct UdpHeader<'a>(&'a [u8; 8]);

impl<'a> UdpHeader<'a> {
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        fixed(b).map(UdpHeader)
    }
    pub fn src_port(&self) -> u16 {
        be!(self.0, 0, u16)
    }
    pub fn dst_port(&self) -> u16 {
        be!(self.0, 2, u16)
    }
    /// The length field: header and payload.
    pub fn length(&self) -> u16 {
        be!(self.0, 4, u16)
    }
    pub fn checksum(&self) -> u16 {
        be!(self.0, 6, u16)
    }
}

/// An ICMP or ICMPv6 header: type, code and checksum (4 bytes), and the word after them
/// when the message holds it (an echo's identifier and sequence number, an error's unused
/// bytes or next-hop MTU).
#[derive(Clone, Copy, Debug)]
pub struct IcmpHeader<'a> {
    head: &'a [u8; 4],
    word: Option<&'a [u8; 4]>,
}

impl<'a> IcmpHeader<'a> {
    /// The header at the start of `b`, when its first four bytes are there.
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        Some(IcmpHeader {
            head: fixed(b)?,
            word: b.get(4..).and_then(fixed),
        })
    }
    pub fn msg_type(&self) -> u8 {
        self.head[0]
    }
    pub fn code(&self) -> u8 {
        self.head[1]
    }
    pub fn checksum(&self) -> u16 {
        be!(self.head, 2, u16)
    }
    /// The second word (bytes 4 to 7) as it stands: a redirect's gateway, a parameter
    /// problem's pointer and unused bytes.
    pub fn word(&self) -> Option<[u8; 4]> {
        self.word.copied()
    }
    /// Whether the second word (bytes 4 to 7) is there.
    pub fn has_word(&self) -> bool {
        self.word.is_some()
    }
    /// An echo's identifier (bytes 4 and 5).
    pub fn ident(&self) -> Option<u16> {
        self.word.map(|w| be!(w, 0, u16))
    }
    /// An echo's sequence number; a "fragmentation needed" message's next-hop MTU (bytes 6
    /// and 7).
    pub fn seq(&self) -> Option<u16> {
        self.word.map(|w| be!(w, 2, u16))
    }
}

/// A DNS message header's 12 bytes (NBNS, mDNS and LLMNR share it).
#[derive(Clone, Copy, Debug)]
pub struct DnsHeader<'a>(&'a [u8; 12]);

impl<'a> DnsHeader<'a> {
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        fixed(b).map(DnsHeader)
    }
    pub fn id(&self) -> u16 {
        be!(self.0, 0, u16)
    }
    pub fn flags(&self) -> u16 {
        be!(self.0, 2, u16)
    }
    /// The four record counts: questions, answers, authority and additional records.
    pub fn counts(&self) -> [u16; 4] {
        [
            be!(self.0, 4, u16),
            be!(self.0, 6, u16),
            be!(self.0, 8, u16),
            be!(self.0, 10, u16),
        ]
    }
}

/// An IPv4 header's fixed 20 bytes.
#[derive(Clone, Copy, Debug)]
pub struct Ipv4Header<'a>(&'a [u8; 20]);

impl<'a> Ipv4Header<'a> {
    /// The header at the start of `b`, when its 20 fixed bytes are there.
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        fixed(b).map(Ipv4Header)
    }
    pub fn version(&self) -> u8 {
        self.0[0] >> 4
    }
    /// The version and header-length byte as it stands.
    pub fn version_ihl(&self) -> u8 {
        self.0[0]
    }
    /// The header's length in bytes (the IHL field times four).
    pub fn header_len(&self) -> usize {
        ((self.0[0] & 0x0f) as usize) * 4
    }
    /// The DSCP and ECN byte.
    pub fn tos(&self) -> u8 {
        self.0[1]
    }
    pub fn total_len(&self) -> u16 {
        be!(self.0, 2, u16)
    }
    pub fn ident(&self) -> u16 {
        be!(self.0, 4, u16)
    }
    /// The flags and fragment offset word as it stands.
    pub fn flags_frag(&self) -> u16 {
        be!(self.0, 6, u16)
    }
    pub fn dont_fragment(&self) -> bool {
        self.flags_frag() & 0x4000 != 0
    }
    pub fn more_fragments(&self) -> bool {
        self.flags_frag() & 0x2000 != 0
    }
    /// The fragment's offset in bytes.
    pub fn frag_offset(&self) -> u32 {
        ((self.flags_frag() & 0x1fff) as u32) * 8
    }
    pub fn ttl(&self) -> u8 {
        self.0[8]
    }
    pub fn protocol(&self) -> u8 {
        self.0[9]
    }
    pub fn checksum(&self) -> u16 {
        be!(self.0, 10, u16)
    }
    pub fn src(&self) -> [u8; 4] {
        [self.0[12], self.0[13], self.0[14], self.0[15]]
    }
    pub fn dst(&self) -> [u8; 4] {
        [self.0[16], self.0[17], self.0[18], self.0[19]]
    }
}

/// An IPv6 header's fixed 40 bytes.
#[derive(Clone, Copy, Debug)]
pub struct Ipv6Header<'a>(&'a [u8; 40]);

impl<'a> Ipv6Header<'a> {
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        fixed(b).map(Ipv6Header)
    }
    /// The first word: version, traffic class and flow label.
    pub fn word0(&self) -> u32 {
        be!(self.0, 0, u32)
    }
    pub fn version(&self) -> u8 {
        self.0[0] >> 4
    }
    pub fn payload_len(&self) -> u16 {
        be!(self.0, 4, u16)
    }
    pub fn next_header(&self) -> u8 {
        self.0[6]
    }
    pub fn hop_limit(&self) -> u8 {
        self.0[7]
    }
    pub fn src(&self) -> [u8; 16] {
        let mut a = [0; 16];
        a.copy_from_slice(&self.0[8..24]);
        a
    }
    pub fn dst(&self) -> [u8; 16] {
        let mut a = [0; 16];
        a.copy_from_slice(&self.0[24..40]);
        a
    }
}

/// A TCP header's fixed 20 bytes.
#[derive(Clone, Copy, Debug)]
pub struct TcpHeader<'a>(&'a [u8; 20]);

impl<'a> TcpHeader<'a> {
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        fixed(b).map(TcpHeader)
    }
    pub fn src_port(&self) -> u16 {
        be!(self.0, 0, u16)
    }
    pub fn dst_port(&self) -> u16 {
        be!(self.0, 2, u16)
    }
    pub fn seq(&self) -> u32 {
        be!(self.0, 4, u32)
    }
    pub fn ack(&self) -> u32 {
        be!(self.0, 8, u32)
    }
    /// The header's length in bytes (the data offset times four).
    pub fn header_len(&self) -> usize {
        ((self.0[12] >> 4) as usize) * 4
    }
    /// The twelve flag bits (reserved bits, AE, CWR, ECE, URG, ACK, PSH, RST, SYN, FIN).
    pub fn flags(&self) -> u16 {
        be!(self.0, 12, u16) & 0x0fff
    }
    pub fn window(&self) -> u16 {
        be!(self.0, 14, u16)
    }
    pub fn checksum(&self) -> u16 {
        be!(self.0, 16, u16)
    }
    pub fn urgent(&self) -> u16 {
        be!(self.0, 18, u16)
    }
}

/// An ARP packet: its 8-byte fixed part and the four addresses after it, whose sizes the
/// fixed part gives (Ethernet and IPv4: 28 bytes in all).
#[derive(Clone, Copy, Debug)]
pub struct ArpPacket<'a> {
    head: &'a [u8; 8],
    addrs: &'a [u8],
}

impl<'a> ArpPacket<'a> {
    /// The packet at the start of `b`, when its fixed part and all four addresses are there.
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        let head: &[u8; 8] = fixed(b)?;
        let (hl, pl) = (head[4] as usize, head[5] as usize);
        let addrs = b.get(8..8 + 2 * hl + 2 * pl)?;
        Some(ArpPacket { head, addrs })
    }
    pub fn hw_type(&self) -> u16 {
        be!(self.head, 0, u16)
    }
    pub fn proto_type(&self) -> u16 {
        be!(self.head, 2, u16)
    }
    pub fn hw_size(&self) -> u8 {
        self.head[4]
    }
    pub fn proto_size(&self) -> u8 {
        self.head[5]
    }
    pub fn opcode(&self) -> u16 {
        be!(self.head, 6, u16)
    }
    /// The packet's length: the fixed part and the four addresses.
    pub fn total_len(&self) -> usize {
        8 + self.addrs.len()
    }
    /// Where each address starts, from the packet's start: sender hardware, sender protocol,
    /// target hardware, target protocol.
    pub fn offsets(&self) -> [usize; 4] {
        let (hl, pl) = (self.hw_size() as usize, self.proto_size() as usize);
        [8, 8 + hl, 8 + hl + pl, 8 + 2 * hl + pl]
    }
    fn addr(&self, i: usize, hw: bool) -> &'a [u8] {
        let at = self.offsets()[i] - 8;
        let n = if hw {
            self.hw_size()
        } else {
            self.proto_size()
        } as usize;
        &self.addrs[at..at + n]
    }
    pub fn sender_hw(&self) -> &'a [u8] {
        self.addr(0, true)
    }
    pub fn sender_proto(&self) -> &'a [u8] {
        self.addr(1, false)
    }
    pub fn target_hw(&self) -> &'a [u8] {
        self.addr(2, true)
    }
    pub fn target_proto(&self) -> &'a [u8] {
        self.addr(3, false)
    }
}

/// An IGMP message's first 8 bytes: type, max response time, checksum and group address
/// (a version 3 report has its record count where the group would be).
#[derive(Clone, Copy, Debug)]
pub struct IgmpHeader<'a>(&'a [u8; 8]);

impl<'a> IgmpHeader<'a> {
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        fixed(b).map(IgmpHeader)
    }
    pub fn msg_type(&self) -> u8 {
        self.0[0]
    }
    /// The maximum response time (tenths of a second; 0 in a version 1 query).
    pub fn max_resp(&self) -> u8 {
        self.0[1]
    }
    pub fn checksum(&self) -> u16 {
        be!(self.0, 2, u16)
    }
    pub fn group(&self) -> [u8; 4] {
        [self.0[4], self.0[5], self.0[6], self.0[7]]
    }
    /// A version 3 report's number of group records.
    pub fn records(&self) -> u16 {
        be!(self.0, 6, u16)
    }
}

/// An IGMPv3 group record's fixed 8 bytes: record type, auxiliary data length (in words),
/// number of sources and the multicast address.
#[derive(Clone, Copy, Debug)]
pub struct IgmpRecord<'a>(&'a [u8; 8]);

impl<'a> IgmpRecord<'a> {
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        fixed(b).map(IgmpRecord)
    }
    pub fn record_type(&self) -> u8 {
        self.0[0]
    }
    pub fn aux_words(&self) -> u8 {
        self.0[1]
    }
    pub fn sources(&self) -> u16 {
        be!(self.0, 2, u16)
    }
    pub fn group(&self) -> [u8; 4] {
        [self.0[4], self.0[5], self.0[6], self.0[7]]
    }
    /// The record's length: its fixed part, its sources and its auxiliary data.
    pub fn total_len(&self) -> usize {
        8 + self.sources() as usize * 4 + self.aux_words() as usize * 4
    }
}

/// A Linux cooked capture v1 header's 16 bytes.
#[derive(Clone, Copy, Debug)]
pub struct SllHeader<'a>(&'a [u8; 16]);

impl<'a> SllHeader<'a> {
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        fixed(b).map(SllHeader)
    }
    pub fn packet_type(&self) -> u16 {
        be!(self.0, 0, u16)
    }
    pub fn hw_type(&self) -> u16 {
        be!(self.0, 2, u16)
    }
    /// The link-layer address length, as far as the header's 8 bytes hold it.
    pub fn addr_len(&self) -> usize {
        (be!(self.0, 4, u16) as usize).min(8)
    }
    /// The sender's link-layer address.
    pub fn addr(&self) -> &'a [u8] {
        &self.0[6..6 + self.addr_len()]
    }
    /// The address field's bytes past the address.
    pub fn unused(&self) -> &'a [u8] {
        &self.0[6 + self.addr_len()..14]
    }
    pub fn protocol(&self) -> u16 {
        be!(self.0, 14, u16)
    }
}

/// A Linux cooked capture v2 header's 20 bytes.
#[derive(Clone, Copy, Debug)]
pub struct Sll2Header<'a>(&'a [u8; 20]);

impl<'a> Sll2Header<'a> {
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        fixed(b).map(Sll2Header)
    }
    pub fn protocol(&self) -> u16 {
        be!(self.0, 0, u16)
    }
    pub fn if_index(&self) -> u32 {
        be!(self.0, 4, u32)
    }
    pub fn hw_type(&self) -> u16 {
        be!(self.0, 8, u16)
    }
    pub fn packet_type(&self) -> u8 {
        self.0[10]
    }
    /// The link-layer address length, as far as the header's 8 bytes hold it.
    pub fn addr_len(&self) -> usize {
        (self.0[11] as usize).min(8)
    }
    /// The sender's link-layer address.
    pub fn addr(&self) -> &'a [u8] {
        &self.0[12..12 + self.addr_len()]
    }
}

/// A BSD loopback header's 4 bytes: the address family, in the writer's byte order (NULL)
/// or in network order (LOOP).
#[derive(Clone, Copy, Debug)]
pub struct LoopbackHeader<'a>(&'a [u8; 4]);

impl<'a> LoopbackHeader<'a> {
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        fixed(b).map(LoopbackHeader)
    }
    pub fn big_endian(&self) -> u32 {
        be!(self.0, 0, u32)
    }
    pub fn little_endian(&self) -> u32 {
        u32::from_le_bytes(*self.0)
    }
}

/// A TLS record header's 5 bytes (content type, version, length), checked to be one that
/// Wireshark's TLS dissector takes as a record: a content type from 20 (Change Cipher Spec)
/// to 24 (Heartbeat), an SSL 3.0 to TLS 1.3 version, and a length of at most 2^14 + 2048.
#[derive(Clone, Copy, Debug)]
pub struct TlsRecordHeader<'a>(&'a [u8; 5]);

impl<'a> TlsRecordHeader<'a> {
    pub const LEN: usize = 5;
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        let h = TlsRecordHeader(fixed(b)?);
        ((20..=24).contains(&h.content_type())
            && h.0[1] == 3
            && h.0[2] <= 4
            && h.length() <= (1 << 14) + 2048)
            .then_some(h)
    }
    pub fn content_type(&self) -> u8 {
        self.0[0]
    }
    pub fn version(&self) -> u16 {
        be!(self.0, 1, u16)
    }
    /// The body's length, the header not counted.
    pub fn length(&self) -> usize {
        be!(self.0, 3, u16) as usize
    }
    /// The header as sent (what a record's decryption authenticates).
    pub fn bytes(&self) -> [u8; 5] {
        *self.0
    }
}

/// The TLS records that follow each other from the start of `b`, as far as their headers
/// hold: each one's offset, header and body (cut short where `b` ends).
pub fn tls_records(b: &[u8]) -> impl Iterator<Item = (usize, TlsRecordHeader<'_>, &[u8])> {
    let mut pos = 0usize;
    std::iter::from_fn(move || {
        let h = TlsRecordHeader::new_checked(b.get(pos..)?)?;
        let at = pos;
        let start = pos + TlsRecordHeader::LEN;
        let end = (start + h.length()).min(b.len());
        pos = start + h.length();
        Some((at, h, &b[start..end]))
    })
}

#[cfg(test)]
mod header_tests {
    use super::*;

    #[test]
    fn tls_records_follow_each_other_until_bytes_are_no_record() {
        let mut b = vec![22, 3, 1, 0, 2, 0xaa, 0xbb, 20, 3, 3, 0, 1, 1];
        // no record: an unknown content type ends the walk
        b.extend_from_slice(&[99, 3, 3, 0, 0]);
        let recs: Vec<(usize, u8, u16, &[u8])> = tls_records(&b)
            .map(|(at, h, body)| (at, h.content_type(), h.version(), body))
            .collect();
        assert_eq!(
            recs,
            [
                (0, 22, 0x0301, &[0xaa, 0xbb][..]),
                (7, 20, 0x0303, &[1][..])
            ]
        );
        // a body cut short is given as far as it goes, and ends the walk
        let cut = [23, 3, 3, 0, 9, 1, 2];
        let recs: Vec<_> = tls_records(&cut)
            .map(|(_, h, body)| (h.length(), body))
            .collect();
        assert_eq!(recs, [(9, &[1, 2][..])]);
        // SSL 2 versions, over-long records and short headers are refused
        assert!(TlsRecordHeader::new_checked(&[22, 2, 0, 0, 1]).is_none());
        assert!(TlsRecordHeader::new_checked(&[23, 3, 3, 0x48, 0x01]).is_none());
        assert!(TlsRecordHeader::new_checked(&[23, 3, 3, 0]).is_none());
    }

    #[test]
    fn views_read_their_fields_and_refuse_short_headers() {
        let ip: Vec<u8> = vec![
            0x45, 0x10, 0, 60, 0x12, 0x34, 0x40, 0x02, 64, 6, 0xab, 0xcd, 10, 0, 0, 1, 10, 0, 0, 2,
            0xff,
        ];
        let h = Ipv4Header::new_checked(&ip).unwrap();
        assert_eq!((h.version(), h.header_len(), h.tos()), (4, 20, 0x10));
        assert_eq!(
            (h.total_len(), h.ident(), h.ttl(), h.protocol()),
            (60, 0x1234, 64, 6)
        );
        assert!(h.dont_fragment() && !h.more_fragments());
        assert_eq!(h.frag_offset(), 16);
        assert_eq!(
            (h.checksum(), h.src(), h.dst()),
            (0xabcd, [10, 0, 0, 1], [10, 0, 0, 2])
        );
        assert!(Ipv4Header::new_checked(&ip[..19]).is_none());

        let mut tcp = vec![0u8; 20];
        tcp[..4].copy_from_slice(&[0xc3, 0x50, 0, 80]);
        tcp[4..8].copy_from_slice(&7u32.to_be_bytes());
        tcp[8..12].copy_from_slice(&9u32.to_be_bytes());
        tcp[12..14].copy_from_slice(&[0x81, 0x12]);
        tcp[14..20].copy_from_slice(&[0xfa, 0xf0, 0x12, 0x34, 0, 1]);
        let t = TcpHeader::new_checked(&tcp).unwrap();
        assert_eq!(
            (t.src_port(), t.dst_port(), t.seq(), t.ack()),
            (50000, 80, 7, 9)
        );
        assert_eq!((t.header_len(), t.flags()), (32, 0x112));
        assert_eq!((t.window(), t.checksum(), t.urgent()), (64240, 0x1234, 1));
        assert!(TcpHeader::new_checked(&tcp[..19]).is_none());

        let mut v6 = vec![0u8; 40];
        v6[..8].copy_from_slice(&[0x60, 0, 0, 1, 0, 20, 6, 63]);
        v6[23] = 1;
        v6[39] = 2;
        let h = Ipv6Header::new_checked(&v6).unwrap();
        assert_eq!(
            (h.version(), h.word0(), h.payload_len()),
            (6, 0x6000_0001, 20)
        );
        assert_eq!((h.next_header(), h.hop_limit()), (6, 63));
        assert_eq!((h.src()[15], h.dst()[15]), (1, 2));
        assert!(Ipv6Header::new_checked(&v6[..39]).is_none());

        let eth = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x86, 0xdd];
        let e = EthernetHeader::new_checked(&eth).unwrap();
        assert_eq!((e.dst()[0], e.src()[5], e.ethertype()), (1, 12, 0x86dd));
        assert!(EthernetHeader::new_checked(&eth[..13]).is_none());
        let udp = [0x00, 0x35, 0xc3, 0x50, 0, 30, 0xbe, 0xef];
        let u = UdpHeader::new_checked(&udp).unwrap();
        assert_eq!(
            (u.src_port(), u.dst_port(), u.length(), u.checksum()),
            (53, 50000, 30, 0xbeef)
        );
        assert!(UdpHeader::new_checked(&udp[..7]).is_none());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icmp_and_dns_header_views() {
        // an echo request: type 8, code 0, checksum, identifier 0x1234, sequence 7
        let echo = [8u8, 0, 0xf7, 0xc4, 0x12, 0x34, 0, 7];
        let h = IcmpHeader::new_checked(&echo).expect("eight bytes");
        assert_eq!((h.msg_type(), h.code(), h.checksum()), (8, 0, 0xf7c4));
        assert_eq!((h.ident(), h.seq()), (Some(0x1234), Some(7)));
        // four bytes: type, code and checksum only; fewer: no header
        let short = IcmpHeader::new_checked(&echo[..6]).expect("four bytes");
        assert!(!short.has_word());
        assert_eq!(short.ident(), None);
        assert!(IcmpHeader::new_checked(&echo[..3]).is_none());
        let dns = [0xab, 0xcd, 0x81, 0x80, 0, 1, 0, 2, 0, 3, 0, 4];
        let d = DnsHeader::new_checked(&dns).expect("twelve bytes");
        assert_eq!(
            (d.id(), d.flags(), d.counts()),
            (0xabcd, 0x8180, [1, 2, 3, 4])
        );
        assert!(DnsHeader::new_checked(&dns[..11]).is_none());
    }

    #[test]
    fn arp_igmp_and_link_header_views() {
        // an ARP request over Ethernet for IPv4: 28 bytes
        let mut arp = vec![0, 1, 8, 0, 6, 4, 0, 1];
        arp.extend_from_slice(&[0xaa; 6]);
        arp.extend_from_slice(&[10, 0, 0, 1]);
        arp.extend_from_slice(&[0; 6]);
        arp.extend_from_slice(&[10, 0, 0, 2]);
        let a = ArpPacket::new_checked(&arp).expect("28 bytes");
        assert_eq!((a.hw_type(), a.proto_type(), a.opcode()), (1, 0x0800, 1));
        assert_eq!((a.hw_size(), a.proto_size(), a.total_len()), (6, 4, 28));
        assert_eq!(a.offsets(), [8, 14, 18, 24]);
        assert_eq!(
            (a.sender_hw(), a.sender_proto(), a.target_proto()),
            (&[0xaa; 6][..], &[10, 0, 0, 1][..], &[10, 0, 0, 2][..])
        );
        assert_eq!(a.target_hw(), &[0; 6]);
        // the sizes ask for more address bytes than there are
        assert!(ArpPacket::new_checked(&arp[..27]).is_none());
        assert!(ArpPacket::new_checked(&arp[..7]).is_none());

        // an IGMPv3 report with one record of two sources and one word of auxiliary data
        let igmp = [0x22, 0, 0xab, 0xcd, 0, 0, 0, 1];
        let h = IgmpHeader::new_checked(&igmp).expect("8 bytes");
        assert_eq!((h.msg_type(), h.checksum(), h.records()), (0x22, 0xabcd, 1));
        assert_eq!(h.group(), [0, 0, 0, 1]);
        let rec = [4, 1, 0, 2, 239, 1, 2, 3];
        let r = IgmpRecord::new_checked(&rec).expect("8 bytes");
        assert_eq!((r.record_type(), r.aux_words(), r.sources()), (4, 1, 2));
        assert_eq!((r.group(), r.total_len()), ([239, 1, 2, 3], 8 + 8 + 4));
        assert!(IgmpHeader::new_checked(&igmp[..7]).is_none());
        assert!(IgmpRecord::new_checked(&rec[..7]).is_none());

        // Linux cooked v1: outgoing, Ethernet, a 6-byte address, IPv4
        let mut sll = vec![0, 4, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 8, 0];
        let h = SllHeader::new_checked(&sll).expect("16 bytes");
        assert_eq!((h.packet_type(), h.hw_type(), h.protocol()), (4, 1, 0x0800));
        assert_eq!(
            (h.addr(), h.unused()),
            (&[1, 2, 3, 4, 5, 6][..], &[0, 0][..])
        );
        // an address length past the field's 8 bytes reads as 8
        sll[5] = 200;
        assert_eq!(SllHeader::new_checked(&sll).map(|h| h.addr_len()), Some(8));
        assert!(SllHeader::new_checked(&sll[..15]).is_none());
        // v2: IPv6 on interface 3, multicast, a 6-byte address
        let sll2 = [
            0x86, 0xdd, 0, 0, 0, 0, 0, 3, 0, 1, 2, 6, 1, 2, 3, 4, 5, 6, 0, 0,
        ];
        let h = Sll2Header::new_checked(&sll2).expect("20 bytes");
        assert_eq!((h.protocol(), h.if_index(), h.hw_type()), (0x86dd, 3, 1));
        assert_eq!((h.packet_type(), h.addr()), (2, &[1, 2, 3, 4, 5, 6][..]));
        assert!(Sll2Header::new_checked(&sll2[..19]).is_none());
        // BSD loopback: the family in either byte order
        let lo = LoopbackHeader::new_checked(&[2, 0, 0, 0]).expect("4 bytes");
        assert_eq!((lo.little_endian(), lo.big_endian()), (2, 0x0200_0000));
        assert!(LoopbackHeader::new_checked(&[2, 0, 0]).is_none());
    }
}
