//! The field registry: every abbrev the dissectors produce, with its display name and type.
//! `fathom print -G fields` lists it; the tree uses it for labels it does not set itself.

pub struct FieldDef {
    pub abbrev: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
}

macro_rules! fields {
    ($( $a:literal, $n:literal, $k:literal; )*) => {
        pub static FIELDS: &[FieldDef] = &[ $( FieldDef { abbrev: $a, name: $n, kind: $k }, )* ];
    };
}

fields! {
    "frame", "Frame", "FT_PROTOCOL";
    "frame.number", "Frame Number", "FT_UINT32";
    "frame.len", "Frame Length", "FT_UINT32";
    "frame.cap_len", "Capture Length", "FT_UINT32";
    "frame.time", "Arrival Time", "FT_ABSOLUTE_TIME";
    "frame.time_epoch", "Epoch Time", "FT_ABSOLUTE_TIME";
    "frame.time_delta", "Time delta from previous captured frame", "FT_RELATIVE_TIME";
    "frame.time_delta_displayed", "Time delta from previous displayed frame", "FT_RELATIVE_TIME";
    "frame.time_relative", "Time since reference or first frame", "FT_RELATIVE_TIME";
    "frame.protocols", "Protocols in frame", "FT_STRING";
    "frame.encap_type", "Encapsulation type", "FT_INT16";
    "frame.interface_id", "Interface id", "FT_UINT32";
    "frame.comment", "Comment", "FT_STRING";
    "frame.marked", "Frame is marked", "FT_BOOLEAN";
    "frame.ignored", "Frame is ignored", "FT_BOOLEAN";
    "eth", "Ethernet", "FT_PROTOCOL";
    "eth.dst", "Destination", "FT_ETHER";
    "eth.src", "Source", "FT_ETHER";
    "eth.addr", "Address", "FT_ETHER";
    "eth.type", "Type", "FT_UINT16";
    "eth.len", "Length", "FT_UINT16";
    "eth.lg", "LG bit", "FT_BOOLEAN";
    "eth.ig", "IG bit", "FT_BOOLEAN";
    "eth.padding", "Padding", "FT_BYTES";
    "vlan", "802.1Q Virtual LAN", "FT_PROTOCOL";
    "vlan.priority", "Priority", "FT_UINT16";
    "vlan.dei", "DEI", "FT_UINT16";
    "vlan.id", "ID", "FT_UINT16";
    "vlan.etype", "Type", "FT_UINT16";
    "sll", "Linux cooked capture", "FT_PROTOCOL";
    "sll.pkttype", "Packet type", "FT_UINT16";
    "sll.hatype", "Link-layer address type", "FT_UINT16";
    "sll.halen", "Link-layer address length", "FT_UINT16";
    "sll.src.eth", "Source", "FT_ETHER";
    "sll.etype", "Protocol", "FT_UINT16";
    "sll.ifindex", "Interface index", "FT_UINT32";
    "null.family", "Family", "FT_UINT32";
    "arp", "Address Resolution Protocol", "FT_PROTOCOL";
    "arp.hw.type", "Hardware type", "FT_UINT16";
    "arp.proto.type", "Protocol type", "FT_UINT16";
    "arp.hw.size", "Hardware size", "FT_UINT8";
    "arp.proto.size", "Protocol size", "FT_UINT8";
    "arp.opcode", "Opcode", "FT_UINT16";
    "arp.src.hw_mac", "Sender MAC address", "FT_ETHER";
    "arp.src.proto_ipv4", "Sender IP address", "FT_IPv4";
    "arp.dst.hw_mac", "Target MAC address", "FT_ETHER";
    "arp.dst.proto_ipv4", "Target IP address", "FT_IPv4";
    "ip", "Internet Protocol Version 4", "FT_PROTOCOL";
    "ip.version", "Version", "FT_UINT8";
    "ip.hdr_len", "Header Length", "FT_UINT8";
    "ip.dsfield", "Differentiated Services Field", "FT_UINT8";
    "ip.dsfield.dscp", "Differentiated Services Codepoint", "FT_UINT8";
    "ip.dsfield.ecn", "Explicit Congestion Notification", "FT_UINT8";
    "ip.len", "Total Length", "FT_UINT16";
    "ip.id", "Identification", "FT_UINT16";
    "ip.flags", "Flags", "FT_UINT8";
    "ip.flags.rb", "Reserved bit", "FT_BOOLEAN";
    "ip.flags.df", "Don't fragment", "FT_BOOLEAN";
    "ip.flags.mf", "More fragments", "FT_BOOLEAN";
    "ip.frag_offset", "Fragment Offset", "FT_UINT16";
    "ip.ttl", "Time to Live", "FT_UINT8";
    "ip.proto", "Protocol", "FT_UINT8";
    "ip.checksum", "Header Checksum", "FT_UINT16";
    "ip.checksum.status", "Header checksum status", "FT_UINT8";
    "ip.src", "Source Address", "FT_IPv4";
    "ip.dst", "Destination Address", "FT_IPv4";
    "ip.addr", "Source or Destination Address", "FT_IPv4";
    "ip.src_host", "Source Host", "FT_STRING";
    "ip.dst_host", "Destination Host", "FT_STRING";
    "ip.host", "Source or Destination Host", "FT_STRING";
    "ip.fragment", "IPv4 Fragment", "FT_FRAMENUM";
    "ip.fragment.count", "IPv4 Fragment count", "FT_UINT32";
    "ip.reassembled_in", "Reassembled IPv4 in frame", "FT_FRAMENUM";
    "ip.reassembled.length", "Reassembled IPv4 length", "FT_UINT32";
    "ipv6", "Internet Protocol Version 6", "FT_PROTOCOL";
    "ipv6.version", "Version", "FT_UINT8";
    "ipv6.tclass", "Traffic Class", "FT_UINT32";
    "ipv6.flow", "Flow Label", "FT_UINT32";
    "ipv6.plen", "Payload Length", "FT_UINT16";
    "ipv6.nxt", "Next Header", "FT_UINT8";
    "ipv6.hlim", "Hop Limit", "FT_UINT8";
    "ipv6.src", "Source Address", "FT_IPv6";
    "ipv6.dst", "Destination Address", "FT_IPv6";
    "ipv6.addr", "Source or Destination Address", "FT_IPv6";
    "ipv6.fraghdr", "Fragment Header for IPv6", "FT_NONE";
    "ipv6.fraghdr.offset", "Offset", "FT_UINT16";
    "ipv6.fraghdr.more", "More Fragments", "FT_BOOLEAN";
    "ipv6.fraghdr.ident", "Identification", "FT_UINT32";
    "icmp", "Internet Control Message Protocol", "FT_PROTOCOL";
    "icmp.type", "Type", "FT_UINT8";
    "icmp.code", "Code", "FT_UINT8";
    "icmp.checksum", "Checksum", "FT_UINT16";
    "icmp.ident", "Identifier (BE)", "FT_UINT16";
    "icmp.seq", "Sequence Number (BE)", "FT_UINT16";
    "icmp.resp_in", "Response frame", "FT_FRAMENUM";
    "icmp.resp_to", "Response to", "FT_FRAMENUM";
    "icmpv6", "Internet Control Message Protocol v6", "FT_PROTOCOL";
    "icmpv6.type", "Type", "FT_UINT8";
    "icmpv6.code", "Code", "FT_UINT8";
    "icmpv6.checksum", "Checksum", "FT_UINT16";
    "udp", "User Datagram Protocol", "FT_PROTOCOL";
    "udp.srcport", "Source Port", "FT_UINT16";
    "udp.dstport", "Destination Port", "FT_UINT16";
    "udp.port", "Source or Destination Port", "FT_UINT16";
    "udp.length", "Length", "FT_UINT16";
    "udp.checksum", "Checksum", "FT_UINT16";
    "udp.checksum.status", "Checksum Status", "FT_UINT8";
    "udp.stream", "Stream index", "FT_UINT32";
    "udp.payload", "Payload", "FT_BYTES";
    "dns", "Domain Name System", "FT_PROTOCOL";
    "dns.id", "Transaction ID", "FT_UINT16";
    "dns.flags", "Flags", "FT_UINT16";
    "dns.flags.response", "Response", "FT_BOOLEAN";
    "dns.flags.opcode", "Opcode", "FT_UINT16";
    "dns.flags.rcode", "Reply code", "FT_UINT16";
    "dns.count.queries", "Questions", "FT_UINT16";
    "dns.count.answers", "Answer RRs", "FT_UINT16";
    "dns.count.auth_rr", "Authority RRs", "FT_UINT16";
    "dns.count.add_rr", "Additional RRs", "FT_UINT16";
    "dns.qry.name", "Name", "FT_STRING";
    "dns.qry.type", "Type", "FT_UINT16";
    "dns.qry.class", "Class", "FT_UINT16";
    "dns.resp.name", "Name", "FT_STRING";
    "dns.resp.type", "Type", "FT_UINT16";
    "dns.resp.class", "Class", "FT_UINT16";
    "dns.resp.ttl", "Time to live", "FT_UINT32";
    "dns.resp.len", "Data length", "FT_UINT16";
    "dns.a", "Address", "FT_IPv4";
    "dns.aaaa", "AAAA Address", "FT_IPv6";
    "dns.cname", "CNAME", "FT_STRING";
    "dns.ns", "Name Server", "FT_STRING";
    "tcp", "Transmission Control Protocol", "FT_PROTOCOL";
    "tcp.srcport", "Source Port", "FT_UINT16";
    "tcp.dstport", "Destination Port", "FT_UINT16";
    "tcp.port", "Source or Destination Port", "FT_UINT16";
    "tcp.stream", "Stream index", "FT_UINT32";
    "tcp.completeness", "Conversation completeness", "FT_UINT8";
    "tcp.len", "TCP Segment Len", "FT_UINT32";
    "tcp.seq", "Sequence Number", "FT_UINT32";
    "tcp.seq_raw", "Sequence Number (raw)", "FT_UINT32";
    "tcp.nxtseq", "Next Sequence Number", "FT_UINT32";
    "tcp.ack", "Acknowledgment Number", "FT_UINT32";
    "tcp.ack_raw", "Acknowledgment number (raw)", "FT_UINT32";
    "tcp.hdr_len", "Header Length", "FT_UINT8";
    "tcp.flags", "Flags", "FT_UINT16";
    "tcp.flags.res", "Reserved", "FT_BOOLEAN";
    "tcp.flags.ae", "Accurate ECN", "FT_BOOLEAN";
    "tcp.flags.cwr", "Congestion Window Reduced", "FT_BOOLEAN";
    "tcp.flags.ece", "ECN-Echo", "FT_BOOLEAN";
    "tcp.flags.urg", "Urgent", "FT_BOOLEAN";
    "tcp.flags.ack", "Acknowledgment", "FT_BOOLEAN";
    "tcp.flags.push", "Push", "FT_BOOLEAN";
    "tcp.flags.reset", "Reset", "FT_BOOLEAN";
    "tcp.flags.syn", "Syn", "FT_BOOLEAN";
    "tcp.flags.fin", "Fin", "FT_BOOLEAN";
    "tcp.flags.str", "TCP Flags", "FT_STRING";
    "tcp.window_size_value", "Window", "FT_UINT16";
    "tcp.window_size", "Calculated window size", "FT_UINT32";
    "tcp.window_size_scalefactor", "Window size scaling factor", "FT_INT32";
    "tcp.checksum", "Checksum", "FT_UINT16";
    "tcp.checksum.status", "Checksum Status", "FT_UINT8";
    "tcp.urgent_pointer", "Urgent Pointer", "FT_UINT16";
    "tcp.options", "TCP Options", "FT_BYTES";
    "tcp.option_kind", "Kind", "FT_UINT8";
    "tcp.option_len", "Length", "FT_UINT8";
    "tcp.options.mss_val", "MSS Value", "FT_UINT16";
    "tcp.options.wscale.shift", "Shift count", "FT_UINT8";
    "tcp.options.wscale.multiplier", "Multiplier", "FT_UINT16";
    "tcp.options.sack_perm", "TCP SACK Permitted Option", "FT_NONE";
    "tcp.options.sack_le", "TCP SACK Left Edge", "FT_UINT32";
    "tcp.options.sack_re", "TCP SACK Right Edge", "FT_UINT32";
    "tcp.options.sack.count", "TCP SACK Count", "FT_UINT8";
    "tcp.options.timestamp.tsval", "Timestamp value", "FT_UINT32";
    "tcp.options.timestamp.tsecr", "Timestamp echo reply", "FT_UINT32";
    "tcp.options.nop", "TCP Option - No-Operation (NOP)", "FT_BYTES";
    "tcp.options.eol", "TCP Option - End of Option List (EOL)", "FT_NONE";
    "tcp.options.tfo", "TCP Option - TCP Fast Open", "FT_BYTES";
    "tcp.analysis", "SEQ/ACK analysis", "FT_NONE";
    "tcp.analysis.flags", "TCP Analysis Flags", "FT_NONE";
    "tcp.analysis.acks_frame", "This is an ACK to the segment in frame", "FT_FRAMENUM";
    "tcp.analysis.ack_rtt", "The RTT to ACK the segment was", "FT_RELATIVE_TIME";
    "tcp.analysis.initial_rtt", "iRTT", "FT_RELATIVE_TIME";
    "tcp.analysis.bytes_in_flight", "Bytes in flight", "FT_UINT32";
    "tcp.analysis.push_bytes_sent", "Bytes sent since last PSH flag", "FT_UINT32";
    "tcp.analysis.retransmission", "Retransmission", "FT_NONE";
    "tcp.analysis.fast_retransmission", "Fast Retransmission", "FT_NONE";
    "tcp.analysis.spurious_retransmission", "Spurious Retransmission", "FT_NONE";
    "tcp.analysis.out_of_order", "Out Of Order", "FT_NONE";
    "tcp.analysis.lost_segment", "Previous segment(s) not captured", "FT_NONE";
    "tcp.analysis.ack_lost_segment", "ACKed segment that wasn't captured", "FT_NONE";
    "tcp.analysis.duplicate_ack", "Duplicate ACK", "FT_NONE";
    "tcp.analysis.duplicate_ack_num", "Duplicate ACK #", "FT_UINT32";
    "tcp.analysis.duplicate_ack_frame", "Duplicate to the ACK in frame", "FT_FRAMENUM";
    "tcp.analysis.zero_window", "Zero Window", "FT_NONE";
    "tcp.analysis.zero_window_probe", "Zero Window Probe", "FT_NONE";
    "tcp.analysis.zero_window_probe_ack", "Zero Window Probe Ack", "FT_NONE";
    "tcp.analysis.window_full", "Window full", "FT_NONE";
    "tcp.analysis.window_update", "Window update", "FT_NONE";
    "tcp.analysis.keep_alive", "Keep Alive", "FT_NONE";
    "tcp.analysis.keep_alive_ack", "Keep Alive ACK", "FT_NONE";
    "tcp.analysis.reused_ports", "TCP Port numbers reused", "FT_NONE";
    "tcp.analysis.rto", "The RTO for this segment was", "FT_RELATIVE_TIME";
    "tcp.analysis.rto_frame", "RTO based on delta from frame", "FT_FRAMENUM";
    "tcp.connection.rst", "Connection reset (RST)", "FT_NONE";
    "tcp.connection.syn", "Connection establish request (SYN)", "FT_NONE";
    "tcp.connection.sack", "Connection establish acknowledge (SYN+ACK)", "FT_NONE";
    "tcp.connection.fin", "Connection finish (FIN)", "FT_NONE";
    "tcp.time_relative", "Time since first frame in this TCP stream", "FT_RELATIVE_TIME";
    "tcp.time_delta", "Time since previous frame in this TCP stream", "FT_RELATIVE_TIME";
    "tcp.payload", "TCP payload", "FT_BYTES";
    "tcp.segment_data", "TCP segment data", "FT_BYTES";
    "tcp.reassembled_in", "Reassembled PDU in frame", "FT_FRAMENUM";
    "tcp.segments", "Reassembled TCP Segments", "FT_NONE";
    "tcp.segment", "TCP Segment", "FT_FRAMENUM";
    "tcp.segment.count", "Segment count", "FT_UINT32";
    "tcp.reassembled.length", "Reassembled TCP length", "FT_UINT32";
    "tcp.reassembled.data", "Reassembled TCP Data", "FT_BYTES";
    "http", "Hypertext Transfer Protocol", "FT_PROTOCOL";
    "http.request", "Request", "FT_BOOLEAN";
    "http.response", "Response", "FT_BOOLEAN";
    "http.request.method", "Request Method", "FT_STRING";
    "http.request.uri", "Request URI", "FT_STRING";
    "http.request.version", "Request Version", "FT_STRING";
    "http.request.full_uri", "Full request URI", "FT_STRING";
    "http.request.line", "Request line", "FT_STRING";
    "http.response.version", "Response Version", "FT_STRING";
    "http.response.code", "Status Code", "FT_UINT16";
    "http.response.code.desc", "Status Code Description", "FT_STRING";
    "http.response.phrase", "Response Phrase", "FT_STRING";
    "http.response.line", "Response line", "FT_STRING";
    "http.host", "Host", "FT_STRING";
    "http.user_agent", "User-Agent", "FT_STRING";
    "http.accept", "Accept", "FT_STRING";
    "http.accept_encoding", "Accept Encoding", "FT_STRING";
    "http.accept_language", "Accept-Language", "FT_STRING";
    "http.content_type", "Content-Type", "FT_STRING";
    "http.content_length_header", "Content-Length", "FT_STRING";
    "http.content_length", "Content length", "FT_UINT64";
    "http.content_encoding", "Content-Encoding", "FT_STRING";
    "http.transfer_encoding", "Transfer-Encoding", "FT_STRING";
    "http.connection", "Connection", "FT_STRING";
    "http.server", "Server", "FT_STRING";
    "http.date", "Date", "FT_STRING";
    "http.location", "Location", "FT_STRING";
    "http.last_modified", "Last-Modified", "FT_STRING";
    "http.cache_control", "Cache-Control", "FT_STRING";
    "http.referer", "Referer", "FT_STRING";
    "http.cookie", "Cookie", "FT_STRING";
    "http.set_cookie", "Set-Cookie", "FT_STRING";
    "http.authorization", "Authorization", "FT_STRING";
    "http.upgrade", "Upgrade", "FT_STRING";
    "http.request_in", "Request in frame", "FT_FRAMENUM";
    "http.response_in", "Response in frame", "FT_FRAMENUM";
    "http.time", "Time since request", "FT_RELATIVE_TIME";
    "http.request_number", "Request number", "FT_UINT32";
    "http.prev_request_in", "Prev request in frame", "FT_FRAMENUM";
    "http.next_request_in", "Next request in frame", "FT_FRAMENUM";
    "http.file_data", "File Data", "FT_BYTES";
    "http.chunk_size", "Chunk size", "FT_UINT32";
    "http.chunk_data", "Chunk data", "FT_BYTES";
    "data", "Data", "FT_PROTOCOL";
    "data.data", "Data", "FT_BYTES";
    "data.len", "Length", "FT_INT32";
    "data-text-lines", "Line-based text data", "FT_PROTOCOL";
    "media", "Media Type", "FT_PROTOCOL";
    "_ws.malformed", "Malformed Packet", "FT_PROTOCOL";
    "_ws.col.Protocol", "Protocol", "FT_STRING";
    "_ws.col.Info", "Information", "FT_STRING";
}

pub fn find(abbrev: &str) -> Option<&'static FieldDef> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static MAP: OnceLock<HashMap<&'static str, &'static FieldDef>> = OnceLock::new();
    MAP.get_or_init(|| FIELDS.iter().map(|f| (f.abbrev, f)).collect())
        .get(abbrev)
        .copied()
}

pub fn name_of(abbrev: &str) -> &str {
    find(abbrev).map(|f| f.name).unwrap_or(abbrev)
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_duplicate_abbrevs() {
        let mut seen = std::collections::HashSet::new();
        for f in super::FIELDS {
            assert!(seen.insert(f.abbrev), "{} twice", f.abbrev);
        }
    }
}
