//! The field registry: every abbrev the dissectors produce, with its display name and type.
//! Each protocol declares its own fields in its file with a `fields!` block (Wireshark's
//! `proto_register_field_array`); the crate's build script numbers them all into one table,
//! and `fid!("tcp.seq")` names one by its number, a [`FieldId`], resolved while the crate
//! compiles: a tree item carries that number, never a string, and a name no `fields!` block
//! declares does not compile. `fathom print -G fields` lists the table.

pub struct FieldDef {
    pub abbrev: &'static str,
    pub name: &'static str,
    pub kind: FieldKind,
}

/// A registered field, by its number in the table (0: a text item, which is no field).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldId(u16);

impl FieldId {
    /// A text item's: no field, only a label.
    pub const TEXT: FieldId = FieldId(0);

    pub fn def(self) -> &'static FieldDef {
        // (an id is made only from the table's own numbers)
        &TABLE[usize::from(self.0).min(TABLE.len() - 1)]
    }
    /// Wireshark's name of the field (`tcp.seq`); empty for a text item.
    pub fn abbrev(self) -> &'static str {
        self.def().abbrev
    }
    /// Its display name (`Sequence Number`).
    pub fn name(self) -> &'static str {
        self.def().name
    }
    pub fn kind(self) -> FieldKind {
        self.def().kind
    }
}

include!(concat!(env!("OUT_DIR"), "/field_table.rs"));

/// The number of a registered field; a `const fn`, so that `fid!` resolves it while the crate
/// compiles (a binary search over the sorted abbrevs).
pub const fn id(abbrev: &str) -> FieldId {
    match position(abbrev) {
        Some(i) => FieldId(i),
        None => panic!("not a registered field: declare it in its protocol's fields! block"),
    }
}

const fn position(abbrev: &str) -> Option<u16> {
    let key = abbrev.as_bytes();
    let (mut lo, mut hi) = (0, SORTED.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        let c = compare(SORTED[mid].0.as_bytes(), key);
        if c < 0 {
            lo = mid + 1;
        } else if c > 0 {
            hi = mid;
        } else {
            return Some(SORTED[mid].1);
        }
    }
    None
}

const fn compare(a: &[u8], b: &[u8]) -> i8 {
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return if a[i] < b[i] { -1 } else { 1 };
        }
        i += 1;
    }
    if a.len() < b.len() {
        -1
    } else if a.len() > b.len() {
        1
    } else {
        0
    }
}

/// A field's number by its name, for names known only at run time (a filter's, a column's).
pub fn lookup(abbrev: &str) -> Option<FieldId> {
    position(abbrev).map(FieldId)
}

/// Every registered field, in declaration order.
pub fn all() -> &'static [FieldDef] {
    &TABLE[1..]
}

/// A field's type, named as Wireshark's `ftenum` (what `-G fields` prints).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    FT_NONE,
    FT_PROTOCOL,
    FT_BOOLEAN,
    FT_UINT8,
    FT_UINT16,
    FT_UINT24,
    FT_UINT32,
    FT_UINT64,
    FT_INT16,
    FT_INT32,
    FT_DOUBLE,
    FT_FRAMENUM,
    FT_STRING,
    FT_BYTES,
    FT_ETHER,
    FT_IPv4,
    FT_IPv6,
    FT_RELATIVE_TIME,
    FT_ABSOLUTE_TIME,
}

impl FieldKind {
    /// Wireshark's name of the type (`FT_UINT32`).
    pub fn name(self) -> &'static str {
        use FieldKind::*;
        match self {
            FT_NONE => "FT_NONE",
            FT_PROTOCOL => "FT_PROTOCOL",
            FT_BOOLEAN => "FT_BOOLEAN",
            FT_UINT8 => "FT_UINT8",
            FT_UINT16 => "FT_UINT16",
            FT_UINT24 => "FT_UINT24",
            FT_UINT32 => "FT_UINT32",
            FT_UINT64 => "FT_UINT64",
            FT_INT16 => "FT_INT16",
            FT_INT32 => "FT_INT32",
            FT_DOUBLE => "FT_DOUBLE",
            FT_FRAMENUM => "FT_FRAMENUM",
            FT_STRING => "FT_STRING",
            FT_BYTES => "FT_BYTES",
            FT_ETHER => "FT_ETHER",
            FT_IPv4 => "FT_IPv4",
            FT_IPv6 => "FT_IPv6",
            FT_RELATIVE_TIME => "FT_RELATIVE_TIME",
            FT_ABSOLUTE_TIME => "FT_ABSOLUTE_TIME",
        }
    }

    /// An unsigned integer of any width.
    pub fn is_uint(self) -> bool {
        use FieldKind::*;
        matches!(
            self,
            FT_UINT8 | FT_UINT16 | FT_UINT24 | FT_UINT32 | FT_UINT64
        )
    }

    /// A signed integer of any width.
    pub fn is_int(self) -> bool {
        matches!(self, FieldKind::FT_INT16 | FieldKind::FT_INT32)
    }
}

impl std::fmt::Display for FieldKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

fields! {
    "frame", "Frame", FT_PROTOCOL;
    "frame.number", "Frame Number", FT_UINT32;
    "frame.len", "Frame Length", FT_UINT32;
    "frame.cap_len", "Capture Length", FT_UINT32;
    "frame.time", "Arrival Time", FT_ABSOLUTE_TIME;
    "frame.time_epoch", "Epoch Time", FT_ABSOLUTE_TIME;
    "frame.offset_shift", "Time shift for this packet", FT_RELATIVE_TIME;
    "frame.time_delta", "Time delta from previous captured frame", FT_RELATIVE_TIME;
    "frame.time_delta_displayed", "Time delta from previous displayed frame", FT_RELATIVE_TIME;
    "frame.time_relative", "Time since reference or first frame", FT_RELATIVE_TIME;
    "frame.protocols", "Protocols in frame", FT_STRING;
    "frame.encap_type", "Encapsulation type", FT_INT16;
    "frame.interface_id", "Interface id", FT_UINT32;
    "frame.interface_name", "Interface name", FT_STRING;
    "frame.section_number", "Section number", FT_UINT32;
    "frame.comment", "Comment", FT_STRING;
    "frame.marked", "Frame is marked", FT_BOOLEAN;
    "frame.ignored", "Frame is ignored", FT_BOOLEAN;
    "eth", "Ethernet", FT_PROTOCOL;
    "eth.dst", "Destination", FT_ETHER;
    "eth.src", "Source", FT_ETHER;
    "eth.addr", "Address", FT_ETHER;
    "eth.type", "Type", FT_UINT16;
    "eth.len", "Length", FT_UINT16;
    "eth.lg", "LG bit", FT_BOOLEAN;
    "eth.ig", "IG bit", FT_BOOLEAN;
    "eth.padding", "Padding", FT_BYTES;
    "eth.trailer", "Trailer", FT_BYTES;
    "eth.fcs", "Frame check sequence", FT_UINT32;
    "eth.fcs.status", "FCS Status", FT_UINT8;
    "eth.padding_bad", "Padding identification may be inaccurate and impact trailer dissector", FT_NONE;
    "eth.src_not_group", "Source MAC must not be a group address", FT_NONE;
    "vlan", "802.1Q Virtual LAN", FT_PROTOCOL;
    "vlan.priority", "Priority", FT_UINT16;
    "vlan.dei", "DEI", FT_UINT16;
    "vlan.id", "ID", FT_UINT16;
    "vlan.trailer", "Trailer", FT_BYTES;
    "vlan.etype", "Type", FT_UINT16;
    "sll", "Linux cooked capture", FT_PROTOCOL;
    "sll.pkttype", "Packet type", FT_UINT16;
    "sll.hatype", "Link-layer address type", FT_UINT16;
    "sll.halen", "Link-layer address length", FT_UINT16;
    "sll.src.eth", "Source", FT_ETHER;
    "sll.etype", "Protocol", FT_UINT16;
    "sll.ifindex", "Interface index", FT_UINT32;
    "null.family", "Family", FT_UINT32;
    "null.type", "Type", FT_UINT16;
    "arp", "Address Resolution Protocol", FT_PROTOCOL;
    "arp.hw.type", "Hardware type", FT_UINT16;
    "arp.proto.type", "Protocol type", FT_UINT16;
    "arp.hw.size", "Hardware size", FT_UINT8;
    "arp.proto.size", "Protocol size", FT_UINT8;
    "arp.opcode", "Opcode", FT_UINT16;
    "arp.src.hw_mac", "Sender MAC address", FT_ETHER;
    "arp.isgratuitous", "Is gratuitous", FT_BOOLEAN;
    "arp.isannouncement", "Is announcement", FT_BOOLEAN;
    "arp.isprobe", "Is probe", FT_BOOLEAN;
    "arp.src.proto_ipv4", "Sender IP address", FT_IPv4;
    "arp.dst.hw_mac", "Target MAC address", FT_ETHER;
    "arp.dst.proto_ipv4", "Target IP address", FT_IPv4;
    "ip", "Internet Protocol Version 4", FT_PROTOCOL;
    "ip.version", "Version", FT_UINT8;
    "ip.hdr_len", "Header Length", FT_UINT8;
    "ip.dsfield", "Differentiated Services Field", FT_UINT8;
    "ip.dsfield.dscp", "Differentiated Services Codepoint", FT_UINT8;
    "ip.dsfield.ecn", "Explicit Congestion Notification", FT_UINT8;
    "ip.len", "Total Length", FT_UINT16;
    "ip.id", "Identification", FT_UINT16;
    "ip.flags", "Flags", FT_UINT8;
    "ip.flags.rb", "Reserved bit", FT_BOOLEAN;
    "ip.flags.df", "Don't fragment", FT_BOOLEAN;
    "ip.flags.mf", "More fragments", FT_BOOLEAN;
    "ip.frag_offset", "Fragment Offset", FT_UINT16;
    "ip.ttl", "Time to Live", FT_UINT8;
    "ip.ttl.lncb", "Time To Live != 1 for a packet sent to the Local Network Control Block", FT_NONE;
    "ip.ttl.too_small", "Time To Live only", FT_NONE;
    "ip.proto", "Protocol", FT_UINT8;
    "ip.checksum", "Header Checksum", FT_UINT16;
    "ip.checksum.status", "Header checksum status", FT_UINT8;
    "ip.src", "Source Address", FT_IPv4;
    "ip.dst", "Destination Address", FT_IPv4;
    "ip.addr", "Source or Destination Address", FT_IPv4;
    "ip.src_host", "Source Host", FT_STRING;
    "ip.dst_host", "Destination Host", FT_STRING;
    "ip.host", "Source or Destination Host", FT_STRING;
    "ip.fragments", "IPv4 Fragments", FT_BYTES;
    "ip.fragment", "IPv4 Fragment", FT_FRAMENUM;
    "ip.fragment.overlap", "Fragment overlap", FT_BOOLEAN;
    "ip.fragment.overlap.conflict", "Conflicting data in fragment overlap", FT_BOOLEAN;
    "ip.fragment.multipletails", "Multiple tail fragments found", FT_BOOLEAN;
    "ip.fragment.toolongfragment", "Fragment too long", FT_BOOLEAN;
    "ip.fragment.count", "Fragment count", FT_UINT32;
    "ip.reassembled_in", "Reassembled IPv4 in frame", FT_FRAMENUM;
    "ip.reassembled.length", "Reassembled IPv4 length", FT_UINT32;
    "ip.reassembled.data", "Reassembled IPv4 data", FT_BYTES;
    "ipv6.fragments", "IPv6 Fragments", FT_NONE;
    "ipv6.fragment", "IPv6 Fragment", FT_FRAMENUM;
    "ipv6.fragment.overlap", "Fragment overlap", FT_BOOLEAN;
    "ipv6.fragment.overlap.conflict", "Conflicting data in fragment overlap", FT_BOOLEAN;
    "ipv6.fragment.multipletails", "Multiple tail fragments found", FT_BOOLEAN;
    "ipv6.fragment.toolongfragment", "Fragment too long", FT_BOOLEAN;
    "ipv6.fragment.count", "Fragment count", FT_UINT32;
    "ipv6.reassembled.in", "Reassembled IPv6 in frame", FT_FRAMENUM;
    "ipv6.reassembled.length", "Reassembled IPv6 length", FT_UINT32;
    "ipv6.reassembled.data", "Reassembled IPv6 data", FT_BYTES;
    "ipv6", "Internet Protocol Version 6", FT_PROTOCOL;
    "ipv6.version", "Version", FT_UINT8;
    "ipv6.tclass", "Traffic Class", FT_UINT32;
    "ipv6.src_slaac_mac", "Source SLAAC MAC", FT_ETHER;
    "ipv6.dst_slaac_mac", "Destination SLAAC MAC", FT_ETHER;
    "ipv6.tclass.dscp", "Differentiated Services Codepoint", FT_UINT32;
    "ipv6.tclass.ecn", "Explicit Congestion Notification", FT_UINT32;
    "ipv6.flow", "Flow Label", FT_UINT32;
    "ipv6.plen", "Payload Length", FT_UINT16;
    "ipv6.nxt", "Next Header", FT_UINT8;
    "ipv6.hlim", "Hop Limit", FT_UINT8;
    "ipv6.src", "Source Address", FT_IPv6;
    "ipv6.dst", "Destination Address", FT_IPv6;
    "ipv6.addr", "Source or Destination Address", FT_IPv6;
    "ipv6.src_host", "Source Host", FT_STRING;
    "ipv6.dst_host", "Destination Host", FT_STRING;
    "ipv6.host", "Source or Destination Host", FT_STRING;
    "ipv6.fraghdr", "Fragment Header for IPv6", FT_NONE;
    "ipv6.fraghdr.nxt", "Next header", FT_UINT8;
    "ipv6.fraghdr.offset", "Offset", FT_UINT16;
    "ipv6.fraghdr.reserved_octet", "Reserved octet", FT_UINT8;
    "ipv6.fraghdr.reserved_bits", "Reserved bits", FT_UINT16;
    "ipv6.fraghdr.more", "More Fragments", FT_BOOLEAN;
    "ipv6.fraghdr.ident", "Identification", FT_UINT32;
    "icmp", "Internet Control Message Protocol", FT_PROTOCOL;
    "icmp.type", "Type", FT_UINT8;
    "icmp.code", "Code", FT_UINT8;
    "icmp.checksum", "Checksum", FT_UINT16;
    "icmp.ident", "Identifier (BE)", FT_UINT16;
    "icmp.ident_le", "Identifier (LE)", FT_UINT16;
    "icmp.seq", "Sequence Number (BE)", FT_UINT16;
    "icmp.seq_le", "Sequence Number (LE)", FT_UINT16;
    "icmp.resp_in", "Response frame", FT_FRAMENUM;
    "icmp.resp_to", "Request frame", FT_FRAMENUM;
    "icmp.resptime", "Response time", FT_DOUBLE;
    "icmp.unused", "Unused", FT_BYTES;
    "icmp.mtu", "MTU of next hop", FT_UINT16;
    "icmp.no_resp", "No response seen", FT_NONE;
    "icmp.resp_not_found", "Response not found", FT_NONE;
    "icmp.checksum.status", "Checksum Status", FT_UINT8;
    "icmp.checksum_bad", "Bad checksum", FT_NONE;
    "icmp.data_time", "Timestamp from icmp data", FT_ABSOLUTE_TIME;
    "icmp.data_time_relative", "Timestamp from icmp data (relative)", FT_RELATIVE_TIME;
    "icmpv6", "Internet Control Message Protocol v6", FT_PROTOCOL;
    "icmpv6.type", "Type", FT_UINT8;
    "icmpv6.code", "Code", FT_UINT8;
    "icmpv6.checksum", "Checksum", FT_UINT16;
    "icmpv6.checksum.status", "Checksum Status", FT_UINT8;
    "icmpv6.checksum_bad.expert", "Bad checksum", FT_NONE;
    "icmpv6.reserved", "Reserved", FT_BYTES;
    "icmpv6.nd.ns.target_address", "Target Address", FT_IPv6;
    "icmpv6.nd.na.target_address", "Target Address", FT_IPv6;
    "icmpv6.nd.na.flag", "Flags", FT_UINT32;
    "icmpv6.nd.na.flag.r", "Router", FT_BOOLEAN;
    "icmpv6.nd.na.flag.s", "Solicited", FT_BOOLEAN;
    "icmpv6.nd.na.flag.o", "Override", FT_BOOLEAN;
    "icmpv6.nd.na.flag.rsv", "Reserved", FT_UINT32;
    "icmpv6.opt", "ICMPv6 Option", FT_NONE;
    "icmpv6.opt.type", "Type", FT_UINT8;
    "icmpv6.opt.length", "Length", FT_UINT8;
    "icmpv6.opt.linkaddr", "Link-layer address", FT_ETHER;
    "icmpv6.opt.src_linkaddr", "Source Link-layer address", FT_ETHER;
    "icmpv6.opt.target_linkaddr", "Target Link-layer address", FT_ETHER;
    "icmp.redir_gw", "Gateway Address", FT_IPv4;
    "icmp.pointer", "Pointer", FT_UINT32;
    "icmpv6.mtu", "MTU", FT_UINT32;
    "icmpv6.pointer", "Pointer", FT_UINT32;
    "icmpv6.echo.identifier", "Identifier", FT_UINT16;
    "icmpv6.echo.sequence_number", "Sequence", FT_UINT16;
    "icmpv6.resp_in", "Response In", FT_FRAMENUM;
    "icmpv6.resp_to", "Response To", FT_FRAMENUM;
    "icmpv6.resptime", "Response Time", FT_DOUBLE;
    "udp", "User Datagram Protocol", FT_PROTOCOL;
    "udp.srcport", "Source Port", FT_UINT16;
    "udp.dstport", "Destination Port", FT_UINT16;
    "udp.port", "Source or Destination Port", FT_UINT16;
    "udp.length", "Length", FT_UINT16;
    "udp.checksum", "Checksum", FT_UINT16;
    "udp.checksum.status", "Checksum Status", FT_UINT8;
    "udp.checksum.zero", "Illegal checksum value (0)", FT_NONE;
    "udp.length.bad", "Bad length value", FT_NONE;
    "udp.possible_traceroute", "Possible traceroute", FT_NONE;
    "udp.stream", "Stream index", FT_UINT32;
    "sflow", "InMon sFlow", FT_PROTOCOL;
    "sflow.enterprise", "Enterprise", FT_UINT32;
    "sflow.flow_sample.dropped_packets", "Dropped packets", FT_UINT32;
    "sflow.flow_sample.flow_record", "Flow record", FT_UINT32;
    "sflow.flow_sample.sample_pool", "Sample pool", FT_UINT32;
    "sflow.flow_sample.sampling_rate", "Sampling rate", FT_UINT32;
    "sflow.flow_sample.sequence_number", "Sequence number", FT_UINT32;
    "sflow_245.agent", "Agent address", FT_IPv4;
    "sflow_245.agenttype", "Agent address type", FT_UINT32;
    "sflow_245.flow_record_format", "Format", FT_UINT32;
    "sflow_245.header", "Header of sampled packet", FT_BYTES;
    "sflow_245.header.frame_length", "Frame Length", FT_UINT32;
    "sflow_245.header.payload_stripped", "Payload stripped", FT_UINT32;
    "sflow_245.header.sampled_header_length", "Sampled header length", FT_UINT32;
    "sflow_245.header_protocol", "Header protocol", FT_UINT32;
    "sflow_245.numsamples", "NumSamples", FT_UINT32;
    "sflow_245.sampletype", "sFlow sample type", FT_UINT32;
    "sflow_245.sequence_number", "Sequence number", FT_UINT32;
    "sflow_245.sub_agent_id", "Sub-agent ID", FT_UINT32;
    "sflow_245.sysuptime", "SysUptime", FT_UINT32;
    "sflow_245.version", "Datagram version", FT_UINT32;
    "sflow_5.flow_data_length", "Flow data length (byte)", FT_UINT32;
    "sflow_5.sample_length", "Sample length (byte)", FT_UINT32;
    "sflow_245.agent.v6", "Agent address", FT_IPv6;
    "udp.payload", "Payload", FT_BYTES;
    "udp.time_relative", "Time since first frame", FT_RELATIVE_TIME;
    "udp.time_delta", "Time since previous frame", FT_RELATIVE_TIME;
    "tcp", "Transmission Control Protocol", FT_PROTOCOL;
    "tcp.srcport", "Source Port", FT_UINT16;
    "tcp.dstport", "Destination Port", FT_UINT16;
    "tcp.port", "Source or Destination Port", FT_UINT16;
    "tcp.stream", "Stream index", FT_UINT32;
    "tcp.completeness", "Conversation completeness", FT_UINT8;
    "tcp.len", "TCP Segment Len", FT_UINT32;
    "tcp.seq", "Sequence Number", FT_UINT32;
    "tcp.seq_raw", "Sequence Number (raw)", FT_UINT32;
    "tcp.nxtseq", "Next Sequence Number", FT_UINT32;
    "tcp.ack", "Acknowledgment Number", FT_UINT32;
    "tcp.ack_raw", "Acknowledgment number (raw)", FT_UINT32;
    "tcp.ack.nonzero", "The acknowledgment number field is nonzero while the ACK flag is not set", FT_NONE;
    "tcp.hdr_len", "Header Length", FT_UINT8;
    "tcp.flags", "Flags", FT_UINT16;
    "tcp.flags.res", "Reserved", FT_BOOLEAN;
    "tcp.flags.ae", "Accurate ECN", FT_BOOLEAN;
    "tcp.flags.cwr", "Congestion Window Reduced", FT_BOOLEAN;
    "tcp.flags.ece", "ECN-Echo", FT_BOOLEAN;
    "tcp.flags.urg", "Urgent", FT_BOOLEAN;
    "tcp.flags.ack", "Acknowledgment", FT_BOOLEAN;
    "tcp.flags.push", "Push", FT_BOOLEAN;
    "tcp.flags.reset", "Reset", FT_BOOLEAN;
    "tcp.flags.syn", "Syn", FT_BOOLEAN;
    "tcp.flags.fin", "Fin", FT_BOOLEAN;
    "tcp.flags.str", "TCP Flags", FT_STRING;
    "tcp.window_size_value", "Window", FT_UINT16;
    "tcp.window_size", "Calculated window size", FT_UINT32;
    "tcp.window_size_scalefactor", "Window size scaling factor", FT_INT32;
    "tcp.checksum", "Checksum", FT_UINT16;
    "tcp.checksum.status", "Checksum Status", FT_UINT8;
    "tcp.urgent_pointer", "Urgent Pointer", FT_UINT16;
    "tcp.urgent_pointer.non_zero", "The urgent pointer field is nonzero while the URG flag is not set", FT_NONE;
    "tcp.short_segment", "Short segment. Segment/fragment does not contain a full TCP header (might be NMAP or someone else deliberately sending unusual packets)", FT_NONE;
    "tcp.options", "TCP Options", FT_BYTES;
    "tcp.option_kind", "Kind", FT_UINT8;
    "tcp.option_len", "Length", FT_UINT8;
    "tcp.options.mss_val", "MSS Value", FT_UINT16;
    "tcp.options.wscale.shift", "Shift count", FT_UINT8;
    "tcp.options.wscale.multiplier", "Multiplier", FT_UINT16;
    "tcp.options.sack_perm", "TCP SACK Permitted Option", FT_NONE;
    "tcp.options.sack_le", "TCP SACK Left Edge", FT_UINT32;
    "tcp.options.sack_re", "TCP SACK Right Edge", FT_UINT32;
    "tcp.options.sack.count", "TCP SACK Count", FT_UINT8;
    "tcp.options.timestamp.tsval", "Timestamp value", FT_UINT32;
    "tcp.options.timestamp.tsecr", "Timestamp echo reply", FT_UINT32;
    "tcp.options.mss", "TCP Option - Maximum segment size", FT_BYTES;
    "tcp.options.wscale", "TCP Option - Window scale", FT_BYTES;
    "tcp.options.timestamp", "TCP Option - Timestamps", FT_BYTES;
    "tcp.options.sack", "TCP Option - SACK", FT_BYTES;
    "tcp.options.unknown", "TCP Option - Unknown", FT_BYTES;
    "tcp.options.tfo.request", "Fast Open Cookie Request", FT_NONE;
    "tcp.options.tfo.cookie", "Fast Open Cookie", FT_BYTES;
    "tcp.options.nop", "TCP Option - No-Operation (NOP)", FT_BYTES;
    "tcp.options.eol", "TCP Option - End of Option List (EOL)", FT_NONE;
    "tcp.options.tfo", "TCP Option - TCP Fast Open", FT_BYTES;
    "tcp.non_zero_bytes_after_eol", "Non zero bytes in option space after EOL option", FT_NONE;
    "tcp.pdu.size", "PDU Size", FT_UINT32;
    "tcp.analysis", "SEQ/ACK analysis", FT_NONE;
    "tcp.analysis.flags", "TCP Analysis Flags", FT_NONE;
    "tcp.analysis.acks_frame", "This is an ACK to the segment in frame", FT_FRAMENUM;
    "tcp.analysis.ack_rtt", "The RTT to ACK the segment was", FT_RELATIVE_TIME;
    "tcp.analysis.initial_rtt", "iRTT", FT_RELATIVE_TIME;
    "tcp.analysis.bytes_in_flight", "Bytes in flight", FT_UINT32;
    "tcp.analysis.push_bytes_sent", "Bytes sent since last PSH flag", FT_UINT32;
    "tcp.analysis.retransmission", "Retransmission", FT_NONE;
    "tcp.analysis.fast_retransmission", "Fast Retransmission", FT_NONE;
    "tcp.analysis.spurious_retransmission", "Spurious Retransmission", FT_NONE;
    "tcp.analysis.out_of_order", "Out Of Order", FT_NONE;
    "tcp.analysis.lost_segment", "Previous segment(s) not captured", FT_NONE;
    "tcp.analysis.ack_lost_segment", "ACKed segment that wasn't captured", FT_NONE;
    "tcp.analysis.duplicate_ack", "Duplicate ACK", FT_NONE;
    "tcp.analysis.duplicate_ack_num", "Duplicate ACK #", FT_UINT32;
    "tcp.analysis.duplicate_ack_frame", "Duplicate to the ACK in frame", FT_FRAMENUM;
    "tcp.analysis.zero_window", "Zero Window", FT_NONE;
    "tcp.analysis.zero_window_probe", "Zero Window Probe", FT_NONE;
    "tcp.analysis.zero_window_probe_ack", "Zero Window Probe Ack", FT_NONE;
    "tcp.analysis.window_full", "Window full", FT_NONE;
    "tcp.analysis.window_update", "Window update", FT_NONE;
    "tcp.analysis.keep_alive", "Keep Alive", FT_NONE;
    "tcp.analysis.keep_alive_ack", "Keep Alive ACK", FT_NONE;
    "tcp.analysis.reused_ports", "TCP Port numbers reused", FT_NONE;
    "tcp.analysis.rto", "The RTO for this segment was", FT_RELATIVE_TIME;
    "tcp.analysis.rto_frame", "RTO based on delta from frame", FT_FRAMENUM;
    "tcp.connection.rst", "Connection reset (RST)", FT_NONE;
    "tcp.connection.syn", "Connection establish request (SYN)", FT_NONE;
    "tcp.connection.synack", "Connection establish acknowledge (SYN+ACK)", FT_NONE;
    "tcp.connection.fin", "Connection finish (FIN)", FT_NONE;
    "tcp.connection.fin_active", "This frame initiates the connection closing", FT_NONE;
    "tcp.connection.fin_passive", "This frame undergoes the connection closing", FT_NONE;
    "tcp.time_relative", "Time since first frame in this TCP stream", FT_RELATIVE_TIME;
    "tcp.time_delta", "Time since previous frame in this TCP stream", FT_RELATIVE_TIME;
    "tcp.payload", "TCP payload", FT_BYTES;
    "tcp.segment_data", "TCP segment data", FT_BYTES;
    "tcp.reassembled_in", "Reassembled PDU in frame", FT_FRAMENUM;
    "tcp.segments", "Reassembled TCP Segments", FT_NONE;
    "tcp.segment", "TCP Segment", FT_FRAMENUM;
    "tcp.segment.overlap", "Segment overlap", FT_BOOLEAN;
    "tcp.segment.count", "Segment count", FT_UINT32;
    "tcp.reassembled.length", "Reassembled TCP length", FT_UINT32;
    "tcp.reassembled.data", "Reassembled TCP Data", FT_BYTES;
    "http", "Hypertext Transfer Protocol", FT_PROTOCOL;
    "http.request", "Request", FT_BOOLEAN;
    "http.response", "Response", FT_BOOLEAN;
    "http.request.method", "Request Method", FT_STRING;
    "http.request.uri", "Request URI", FT_STRING;
    "http.request.version", "Request Version", FT_STRING;
    "http.request.full_uri", "Full request URI", FT_STRING;
    "http.request.line", "Request line", FT_STRING;
    "http.chat", "Request or response line", FT_NONE;
    "http.response.version", "Response Version", FT_STRING;
    "http.response.code", "Status Code", FT_UINT16;
    "http.response.code.desc", "Status Code Description", FT_STRING;
    "http.response.phrase", "Response Phrase", FT_STRING;
    "http.response.line", "Response line", FT_STRING;
    "http.host", "Host", FT_STRING;
    "http.user_agent", "User-Agent", FT_STRING;
    "http.accept", "Accept", FT_STRING;
    "http.accept_encoding", "Accept Encoding", FT_STRING;
    "http.accept_language", "Accept-Language", FT_STRING;
    "http.content_type", "Content-Type", FT_STRING;
    "http.content_length_header", "Content-Length", FT_STRING;
    "http.content_length", "Content length", FT_UINT64;
    "http.content_encoding", "Content-Encoding", FT_STRING;
    "http.transfer_encoding", "Transfer-Encoding", FT_STRING;
    "http.connection", "Connection", FT_STRING;
    "http.server", "Server", FT_STRING;
    "http.date", "Date", FT_STRING;
    "http.location", "Location", FT_STRING;
    "http.last_modified", "Last-Modified", FT_STRING;
    "http.cache_control", "Cache-Control", FT_STRING;
    "http.referer", "Referer", FT_STRING;
    "http.cookie", "Cookie", FT_STRING;
    "http.cookie_pair", "Cookie pair", FT_STRING;
    "http.request.uri.path", "Request URI Path", FT_STRING;
    "http.request.uri.query", "Request URI Query", FT_STRING;
    "http.request.uri.query.parameter", "Request URI Query Parameter", FT_STRING;
    "http.set_cookie", "Set-Cookie", FT_STRING;
    "http.authorization", "Authorization", FT_STRING;
    "http.upgrade", "Upgrade", FT_STRING;
    "http.x_forwarded_for", "X-Forwarded-For", FT_STRING;
    "http.continuation", "Continuation", FT_BYTES;
    "http.request_in", "Request in frame", FT_FRAMENUM;
    "http.response_in", "Response in frame", FT_FRAMENUM;
    "http.time", "Time since request", FT_RELATIVE_TIME;
    "http.request_number", "Request number", FT_UINT32;
    "http.prev_request_in", "Prev request in frame", FT_FRAMENUM;
    "http.next_request_in", "Next request in frame", FT_FRAMENUM;
    "http.response_number", "Response number", FT_UINT32;
    "http.prev_response_in", "Prev response in frame", FT_FRAMENUM;
    "http.next_response_in", "Next response in frame", FT_FRAMENUM;
    "http.response_for.uri", "Request URI", FT_STRING;
    "http.file_data", "File Data", FT_BYTES;
    "http.chunk_size", "Chunk size", FT_UINT32;
    "http.chunk_data", "Chunk data", FT_BYTES;
    "http.chunk_boundary", "Chunk boundary", FT_BYTES;
    "data", "Data", FT_PROTOCOL;
    "ssdp", "Simple Service Discovery Protocol", FT_PROTOCOL;
    "tls", "Transport Layer Security", FT_PROTOCOL;
    "tls.record", "TLS Record Layer", FT_NONE;
    "tls.record.content_type", "Content Type", FT_UINT8;
    "tls.record.version", "Version", FT_UINT16;
    "tls.record.length", "Length", FT_UINT16;
    "tls.handshake.type", "Handshake Type", FT_UINT8;
    "tls.app_data", "Encrypted Application Data", FT_BYTES;
    "tls.record.opaque_type", "Opaque Type", FT_UINT8;
    "tls.app_data_proto", "Application Data Protocol", FT_STRING;
    "tls.handshake", "Handshake Protocol", FT_NONE;
    "tls.handshake.length", "Length", FT_UINT24;
    "tls.handshake.random", "Random", FT_BYTES;
    "tls.handshake.random_time", "GMT Unix Time", FT_ABSOLUTE_TIME;
    "tls.handshake.random_bytes", "Random Bytes", FT_BYTES;
    "tls.handshake.comp_methods_length", "Compression Methods Length", FT_UINT8;
    "tls.handshake.comp_methods", "Compression Methods", FT_NONE;
    "tls.change_cipher_spec", "Change Cipher Spec Message", FT_NONE;
    "tls.handshake.ja3_full", "JA3 Fullstring", FT_STRING;
    "tls.handshake.server_curve_type", "Curve Type", FT_UINT8;
    "tls.handshake.server_named_curve", "Named Curve", FT_UINT16;
    "tls.handshake.server_point_len", "Pubkey Length", FT_UINT8;
    "tls.handshake.server_point", "Pubkey", FT_BYTES;
    "tls.handshake.sig_len", "Signature Length", FT_UINT16;
    "tls.handshake.sig", "Signature", FT_BYTES;
    "tls.handshake.client_cert_vrfy.sig_len", "Signature length", FT_UINT16;
    "tls.handshake.client_cert_vrfy.sig", "Signature", FT_BYTES;
    "tls.handshake.ja3", "JA3", FT_STRING;
    "tls.handshake.ja3s_full", "JA3S Fullstring", FT_STRING;
    "tls.handshake.ja3s", "JA3S", FT_STRING;
    "tls.handshake.sig_hash_alg_len", "Signature Hash Algorithms Length", FT_UINT16;
    "tls.handshake.sig_hash_algs", "Signature Algorithms", FT_NONE;
    "tls.handshake.sig_hash_alg", "Signature Algorithm", FT_UINT16;
    "tls.handshake.sig_hash_hash", "Signature Hash Algorithm Hash", FT_UINT8;
    "tls.handshake.sig_hash_sig", "Signature Hash Algorithm Signature", FT_UINT8;
    "tls.handshake.extensions_supported_groups_length", "Supported Groups List Length", FT_UINT16;
    "tls.handshake.extensions_supported_groups", "Supported Groups List", FT_NONE;
    "tls.handshake.extensions_supported_group", "Supported Group", FT_UINT16;
    "tls.handshake.extensions_ec_point_formats_length", "EC point formats Length", FT_UINT8;
    "tls.handshake.extensions_ec_point_formats", "EC point formats", FT_NONE;
    "tls.handshake.extensions_ec_point_format", "EC point format", FT_UINT8;
    "tls.handshake.extensions_alpn_len", "ALPN Extension Length", FT_UINT16;
    "tls.handshake.extensions_alpn_list", "ALPN Protocol", FT_NONE;
    "tls.handshake.extensions_alpn_str_len", "ALPN string length", FT_UINT8;
    "tls.handshake.cipher_suites_length", "Cipher Suites Length", FT_UINT16;
    "tls.handshake.ciphersuite", "Cipher Suite", FT_UINT16;
    "tls.handshake.comp_method", "Compression Method", FT_UINT8;
    "tls.handshake.extensions_length", "Extensions Length", FT_UINT16;
    "tls.handshake.extension.type", "Type", FT_UINT16;
    "tls.handshake.extension.len", "Length", FT_UINT16;
    "tls.handshake.extensions_server_name", "Server Name", FT_STRING;
    "tls.handshake.extensions_alpn_str", "ALPN Next Protocol", FT_STRING;
    "tls.handshake.extensions.supported_version", "Supported Version", FT_UINT16;
    "tls.segment", "TLS segment", FT_FRAMENUM;
    "tls.segment.count", "Segment count", FT_UINT32;
    "tls.reassembled_in", "Reassembled PDU in frame", FT_FRAMENUM;
    "tls.reassembled.length", "Reassembled PDU length", FT_UINT32;
    "tls.reassembled.data", "Reassembled PDU data", FT_BYTES;
    "tls.segment.data", "TLS segment data", FT_BYTES;
    "tls.keylog.missing", "No key in the key log", FT_STRING;
    "tls.handshake.extension", "Extension", FT_NONE;
    "tls.alert_message.level", "Level", FT_UINT8;
    "tls.alert_message.desc", "Description", FT_UINT8;
    "http2", "HyperText Transfer Protocol 2", FT_PROTOCOL;
    "http2.stream", "Stream", FT_NONE;
    "http2.magic", "Magic", FT_STRING;
    "http2.length", "Length", FT_UINT24;
    "http2.type", "Type", FT_UINT8;
    "http2.flags", "Flags", FT_UINT8;
    "http2.streamid", "Stream Identifier", FT_UINT32;
    "http2.header", "Header", FT_NONE;
    "http2.header.name", "Name", FT_STRING;
    "http2.header.value", "Value", FT_STRING;
    "http2.headers.method", ":method", FT_STRING;
    "http2.headers.path", ":path", FT_STRING;
    "http2.headers.status", ":status", FT_UINT16;
    "http2.headers.scheme", ":scheme", FT_STRING;
    "http2.headers.authority", ":authority", FT_STRING;
    "http2.r", "Reserved", FT_UINT32;
    "http2.flags.end_stream", "End Stream", FT_BOOLEAN;
    "http2.flags.eh", "End Headers", FT_BOOLEAN;
    "http2.flags.padded", "Padded", FT_BOOLEAN;
    "http2.flags.priority", "Priority", FT_BOOLEAN;
    "http2.flags.ack.ping", "ACK", FT_BOOLEAN;
    "http2.flags.ack.settings", "ACK", FT_BOOLEAN;
    "http2.flags.unused", "Unused", FT_UINT8;
    "http2.flags.unused_settings", "Unused", FT_UINT8;
    "http2.flags.unused_ping", "Unused", FT_UINT8;
    "http2.flags.unused_continuation", "Unused", FT_UINT8;
    "http2.flags.unused_push_promise", "Unused", FT_UINT8;
    "http2.flags.unused_data", "Unused", FT_UINT8;
    "http2.flags.unused_headers", "Unused", FT_UINT8;
    "http2.padding", "Pad Length", FT_UINT8;
    "http2.pad_length", "Pad Length", FT_UINT16;
    "http2.exclusive", "Exclusive", FT_BOOLEAN;
    "http2.stream_dependency", "Stream Dependency", FT_UINT32;
    "http2.headers.weight", "Weight", FT_UINT8;
    "http2.headers.weight_real", "Weight real", FT_UINT8;
    "http2.data.data", "Data", FT_BYTES;
    "http2.body.fragments", "Body fragments", FT_NONE;
    "http2.body.fragment", "Body fragment", FT_FRAMENUM;
    "http2.body.fragment.count", "Body fragment count", FT_UINT32;
    "http2.body.reassembled.in", "Reassembled body in frame", FT_FRAMENUM;
    "http2.body.reassembled.length", "Reassembled body length", FT_UINT32;
    "http2.body.reassembled.data", "Reassembled body data", FT_BYTES;
    "http2.headers", "Header Block Fragment", FT_BYTES;
    "http2.header.length", "Header Length", FT_UINT32;
    "http2.header.count", "Header Count", FT_UINT32;
    "http2.header.name.length", "Name Length", FT_UINT32;
    "http2.header.value.length", "Value Length", FT_UINT32;
    "http2.header.unescaped", "Unescaped", FT_STRING;
    "http2.header.repr", "Representation", FT_STRING;
    "http2.header.index", "Index", FT_UINT32;
    "http2.header_table_size_update", "Header table size update", FT_NONE;
    "http2.header_table_size_update.header_table_size", "Header table size", FT_UINT32;
    "http2.request.full_uri", "Full request URI", FT_STRING;
    "http2.request_in", "Request in frame", FT_FRAMENUM;
    "http2.response_in", "Response in frame", FT_FRAMENUM;
    "http2.time", "Time since request", FT_RELATIVE_TIME;
    "http2.rst_stream.error", "Error", FT_UINT32;
    "http2.settings", "Settings", FT_NONE;
    "http2.settings.id", "Settings Identifier", FT_UINT16;
    "http2.settings.header_table_size", "Header table size", FT_UINT32;
    "http2.settings.enable_push", "Enable PUSH", FT_UINT32;
    "http2.settings.max_concurrent_streams", "Max concurrent streams", FT_UINT32;
    "http2.settings.initial_window_size", "Initial Windows Size", FT_UINT32;
    "http2.settings.max_frame_size", "Max frame size", FT_UINT32;
    "http2.settings.max_header_list_size", "Max header list size", FT_UINT32;
    "http2.settings.extended_connect", "Extended CONNECT", FT_UINT32;
    "http2.settings.unknown", "Unknown Settings", FT_UINT32;
    "http2.push_promise.promised_stream_id", "Promised-Stream-ID", FT_UINT32;
    "http2.push_promise.header", "Header Block Fragment", FT_BYTES;
    "http2.ping", "Ping", FT_BYTES;
    "http2.pong", "Pong", FT_BYTES;
    "http2.goway.r", "Reserved", FT_UINT32;
    "http2.goaway.last_stream_id", "Last-Stream-ID", FT_UINT32;
    "http2.goaway.error", "Error", FT_UINT32;
    "http2.goaway.addata", "Additional Debug Data", FT_BYTES;
    "http2.window_update.r", "Reserved", FT_UINT32;
    "http2.window_update.window_size_increment", "Window Size Increment", FT_UINT32;
    "http2.continuation.header", "Continuation Header", FT_STRING;
    "http2.unknown", "Unknown", FT_BYTES;
    "http2.headers.accept", "accept", FT_STRING;
    "http2.headers.accept_charset", "accept-charset", FT_STRING;
    "http2.headers.accept_encoding", "accept-encoding", FT_STRING;
    "http2.headers.accept_language", "accept-language", FT_STRING;
    "http2.headers.accept_ranges", "accept-ranges", FT_STRING;
    "http2.headers.access_control_allow_origin", "access-control-allow-origin", FT_STRING;
    "http2.headers.age", "age", FT_UINT64;
    "http2.headers.allow", "allow", FT_STRING;
    "http2.headers.authorization", "authorization", FT_STRING;
    "http2.headers.cache_control", "cache-control", FT_STRING;
    "http2.headers.content_disposition", "content-disposition", FT_STRING;
    "http2.headers.content_encoding", "content-encoding", FT_STRING;
    "http2.headers.content_language", "content-language", FT_STRING;
    "http2.headers.content_length", "content-length", FT_UINT64;
    "http2.headers.content_location", "content-location", FT_STRING;
    "http2.headers.content_range", "content-range", FT_STRING;
    "http2.headers.content_type", "content-type", FT_STRING;
    "http2.headers.cookie", "cookie", FT_STRING;
    "http2.headers.date", "date", FT_STRING;
    "http2.headers.etag", "etag", FT_STRING;
    "http2.headers.expect", "expect", FT_STRING;
    "http2.headers.expires", "expires", FT_STRING;
    "http2.headers.from", "from", FT_STRING;
    "http2.headers.if_match", "if-match", FT_STRING;
    "http2.headers.if_modified_since", "if-modified-since", FT_STRING;
    "http2.headers.if_none_match", "if-none-match", FT_STRING;
    "http2.headers.if_range", "if-range", FT_STRING;
    "http2.headers.if_unmodified_since", "if-unmodified-since", FT_STRING;
    "http2.headers.last_modified", "last-modified", FT_STRING;
    "http2.headers.link", "link", FT_STRING;
    "http2.headers.location", "location", FT_STRING;
    "http2.headers.max_forwards", "max-forwards", FT_UINT64;
    "http2.headers.proxy_authenticate", "proxy-authenticate", FT_STRING;
    "http2.headers.proxy_authorization", "proxy-authorization", FT_STRING;
    "http2.headers.range", "range", FT_STRING;
    "http2.headers.referer", "referer", FT_STRING;
    "http2.headers.refresh", "refresh", FT_STRING;
    "http2.headers.retry_after", "retry-after", FT_STRING;
    "http2.headers.server", "server", FT_STRING;
    "http2.headers.set_cookie", "set-cookie", FT_STRING;
    "http2.headers.strict_transport_security", "strict-transport-security", FT_STRING;
    "http2.headers.user_agent", "user-agent", FT_STRING;
    "http2.headers.vary", "vary", FT_STRING;
    "http2.headers.via", "via", FT_STRING;
    "http2.headers.www_authenticate", "www-authenticate", FT_STRING;
    "imap", "Internet Message Access Protocol", FT_PROTOCOL;
    "smtp", "Simple Mail Transfer Protocol", FT_PROTOCOL;
    "nbns", "NetBIOS Name Service", FT_PROTOCOL;
    "dhcp", "Dynamic Host Configuration Protocol", FT_PROTOCOL;
    "igmp", "Internet Group Management Protocol", FT_PROTOCOL;
    "mpls", "MultiProtocol Label Switching Header", FT_PROTOCOL;
    "l2tp", "Layer 2 Tunneling Protocol", FT_PROTOCOL;
    "pppoes", "PPP-over-Ethernet Session", FT_PROTOCOL;
    "ppp", "Point-to-Point Protocol", FT_PROTOCOL;
    "nflog", "Linux Netfilter NFLOG", FT_PROTOCOL;
    "null", "Null/Loopback", FT_PROTOCOL;
    "mdns", "Multicast Domain Name System", FT_PROTOCOL;
    "llmnr", "Link-local Multicast Name Resolution", FT_PROTOCOL;
    "image-gif", "Compuserve GIF", FT_PROTOCOL;
    "image-jfif", "JPEG File Interchange Format", FT_PROTOCOL;
    "png", "Portable Network Graphics", FT_PROTOCOL;
    "json", "JavaScript Object Notation", FT_PROTOCOL;
    "xml", "eXtensible Markup Language", FT_PROTOCOL;
    "urlencoded-form", "HTML Form URL Encoded", FT_PROTOCOL;
    "raw", "Raw packet data", FT_PROTOCOL;
    "data.data", "Data", FT_BYTES;
    "data.len", "Length", FT_INT32;
    "data-text-lines", "Line-based text data", FT_PROTOCOL;
    "media", "Media Type", FT_PROTOCOL;
    "media.type", "Media type", FT_BYTES;
    "mysql", "MySQL Protocol", FT_PROTOCOL;
    "mysql.packet_length", "Packet Length", FT_UINT24;
    "mysql.packet_number", "Packet Number", FT_UINT8;
    "mysql.server_greeting", "Server Greeting", FT_NONE;
    "mysql.protocol", "Protocol", FT_UINT8;
    "mysql.version", "Version", FT_STRING;
    "mysql.login_request", "Login Request", FT_NONE;
    "mysql.user", "Username", FT_STRING;
    "mysql.schema", "Schema", FT_STRING;
    "mysql.command", "Command", FT_UINT8;
    "mysql.query", "Statement", FT_STRING;
    "mysql.response_code", "Response Code", FT_UINT8;
    "mysql.error_code", "Error Code", FT_UINT16;
    "_ws.malformed", "Malformed Packet", FT_PROTOCOL;
    "_ws.malformed.expert", "Malformed Packet (Exception occurred)", FT_NONE;
    "_ws.short", "Packet size limited during capture", FT_PROTOCOL;
    "_ws.expert", "Expert Info", FT_PROTOCOL;
    "_ws.expert.message", "Message", FT_STRING;
    "_ws.expert.severity", "Severity level", FT_UINT32;
    "_ws.expert.group", "Group", FT_UINT32;
    "ssh", "SSH Protocol", FT_PROTOCOL;
    "ssh.protocol", "Protocol", FT_STRING;
    "websocket", "WebSocket", FT_PROTOCOL;
    "websocket.fin", "Fin", FT_BOOLEAN;
    "websocket.rsv", "Reserved", FT_UINT8;
    "websocket.opcode", "Opcode", FT_UINT8;
    "websocket.mask", "Mask", FT_BOOLEAN;
    "websocket.payload_length", "Payload length", FT_UINT8;
    "websocket.payload_length_ext_16", "Extended Payload length (16 bits)", FT_UINT16;
    "websocket.payload_length_ext_64", "Extended Payload length (64 bits)", FT_UINT64;
    "websocket.masking_key", "Masking-Key", FT_BYTES;
    "websocket.masked_payload", "Masked payload", FT_BYTES;
    "websocket.payload", "Payload", FT_BYTES;
    "websocket.payload.text", "Text", FT_STRING;
    "websocket.payload.close.status_code", "Close", FT_UINT16;
    "ntp", "Network Time Protocol", FT_PROTOCOL;
    "ntp.flags", "Flags", FT_UINT8;
    "ntp.flags.li", "Leap Indicator", FT_UINT8;
    "ntp.flags.vn", "Version number", FT_UINT8;
    "ntp.flags.mode", "Mode", FT_UINT8;
    "ntp.stratum", "Peer Clock Stratum", FT_UINT8;
    "rip", "Routing Information Protocol", FT_PROTOCOL;
    "rip.command", "Command", FT_UINT8;
    "rip.version", "Version", FT_UINT8;
    "db-lsp-disc", "Dropbox LAN sync Discovery Protocol", FT_PROTOCOL;
    "telnet", "Telnet", FT_PROTOCOL;
    "gre", "Generic Routing Encapsulation", FT_PROTOCOL;
    "gre.flags_and_version", "Flags and Version", FT_UINT16;
    "gre.proto", "Protocol Type", FT_UINT16;
    "pptp", "Point-to-Point Tunnelling Protocol", FT_PROTOCOL;
    "pptp.length", "Length", FT_UINT16;
    "pptp.type", "Message type", FT_UINT16;
    "pptp.control_message_type", "Control Message Type", FT_UINT16;
    "lcp", "PPP Link Control Protocol", FT_PROTOCOL;
    "pppoe.version", "Version", FT_UINT8;
    "pppoe.type", "Type", FT_UINT8;
    "pppoe.code", "Code", FT_UINT8;
    "pppoe.session_id", "Session ID", FT_UINT16;
    "pppoe.payload_length", "Payload Length", FT_UINT16;
    "ppp.address", "Address", FT_UINT8;
    "ppp.control", "Control", FT_UINT8;
    "ppp.protocol", "Protocol", FT_UINT16;
    "ppp.code", "Code", FT_UINT8;
    "ppp.identifier", "Identifier", FT_UINT8;
    "ppp.length", "Length", FT_UINT16;
    "telnet.data", "Data", FT_STRING;
    "tcp.options.sack.dsack_le", "D-SACK Left Edge", FT_UINT32;
    "tcp.options.sack.dsack_re", "D-SACK Right Edge", FT_UINT32;
    "tcp.options.sack.dsack", "D-SACK Sequence", FT_NONE;
    "x11", "X11", FT_PROTOCOL;
    "x11.opcode", "opcode", FT_UINT8;
    "x11.request-length", "request-length", FT_UINT16;
    "x11.reply", "reply", FT_UINT8;
    "x11.reply-sequencenumber", "reply-sequencenumber", FT_UINT16;
    "x11.replylength", "replylength", FT_UINT32;
    "x11.eventcode", "eventcode", FT_UINT8;
    "x11.event-sequencenumber", "event-sequencenumber", FT_UINT16;
    "x11.error", "error", FT_UINT8;
    "x11.errorcode", "errorcode", FT_UINT8;
    "x11.error_sequencenumber", "error_sequencenumber", FT_UINT16;
    "tls.handshake.version", "Version", FT_UINT16;
    "tls.handshake.cipher_spec_len", "Cipher Spec Length", FT_UINT16;
    "tls.handshake.session_id_length", "Session ID Length", FT_UINT16;
    "tls.handshake.challenge_length", "Challenge Length", FT_UINT16;
    "tls.handshake.ciphersuites", "Cipher Suites", FT_NONE;
    "tls.handshake.cipherspec", "Cipher Spec", FT_UINT24;
    "tls.handshake.session_id", "Session ID", FT_BYTES;
    "tls.handshake.challenge", "Challenge", FT_NONE;
    "ssh.packet_length", "Packet Length", FT_UINT32;
    "ssh.padding_length", "Padding Length", FT_UINT8;
    "ssh.message_code", "Message Code", FT_UINT8;
    "ssh.encrypted_packet", "Encrypted Packet", FT_BYTES;
    "_ws.malformed.reassembly", "Reassembly error", FT_NONE;
    "_ws.col.Protocol", "Protocol", FT_STRING;
    "_ws.col.Info", "Information", FT_STRING;
}

pub fn find(abbrev: &str) -> Option<&'static FieldDef> {
    lookup(abbrev).map(FieldId::def)
}

pub fn name_of(abbrev: &str) -> &str {
    find(abbrev).map(|f| f.name).unwrap_or(abbrev)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_found_by_its_name_at_run_time_and_while_compiling() {
        for f in all() {
            let id = lookup(f.abbrev).expect(f.abbrev);
            assert!(std::ptr::eq(id.def(), f), "{}", f.abbrev);
        }
        assert_eq!(lookup("tcp.seq"), Some(fid!("tcp.seq")));
        assert_eq!(lookup(""), None);
        assert_eq!(lookup("tcp.seq "), None);
        assert_eq!(FieldId::TEXT.abbrev(), "");
        assert!(all().iter().all(|f| !f.abbrev.is_empty()));
    }

    #[test]
    fn protocols_declare_their_fields_in_their_own_files() {
        // (the build script reads the `fields!` blocks of every file, not only this one's)
        assert_eq!(fid!("l2tp.tunnel").name(), "Tunnel ID");
        assert_eq!(fid!("mpls.label").kind(), FieldKind::FT_UINT32);
    }
}
