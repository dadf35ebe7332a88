//! sFlow version 5 (UDP port 6343): the agent's header, its flow and counter samples, and
//! the sampled packet headers inside flow samples, dissected as Ethernet frames the way
//! Wireshark shows a packet inside an error packet (no sequence analysis, but each inner TCP
//! conversation gets its stream index).

use super::ctx::{be32, Ctx};
use super::tree::{Build, Node, Value};
use crate::dissect::fields::FieldId;
use crate::wire::Addr;

fn addr(b: &[u8]) -> Option<Addr> {
    match b.len() {
        4 => Some(Addr::V4(b.try_into().ok()?)),
        16 => Some(Addr::V6(b.try_into().ok()?)),
        _ => None,
    }
}

fn addr_value(a: Addr) -> Value {
    match a {
        Addr::V4(x) => Value::Ipv4(x),
        Addr::V6(x) => Value::Ipv6(x),
    }
}

pub const PORT: u16 = 6343;

// sFlow's first pass, registered with the analysis: the TCP and UDP headers its datagrams
// sample join (or open) their conversations.
inventory::submit! {
    crate::analysis::register::UdpProtocol {
        name: "sflow",
        watches: |sport, dport, _| sport == PORT || dport == PORT,
        role: crate::analysis::register::UdpRole::Samples(sampled),
    }
}

/// The Ethernet/IP/TCP or UDP headers the datagram in `b[start..end]` samples.
fn sampled(b: &[u8], (start, end): (usize, usize)) -> Vec<crate::analysis::register::Sampled> {
    use crate::analysis::register::Sampled;
    let mut out = Vec::new();
    for h in raw_headers(b, start, end) {
        if h.proto != 1 {
            continue;
        }
        let Some(hb) = b.get(h.off..h.off + h.len) else {
            continue;
        };
        if let Some((src, dst, seg)) = inner_tcp(hb) {
            out.push(Sampled::Tcp(src, dst, seg));
        } else if let Some((src, dst, sport, dport)) = inner_udp(hb) {
            out.push(Sampled::Udp(src, dst, sport, dport));
        }
    }
    out
}

/// A sampled packet header inside a flow sample: where its bytes are in the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawHeader {
    /// Header protocol (1 = Ethernet).
    pub proto: u32,
    pub frame_len: u32,
    pub stripped: u32,
    pub off: usize,
    pub len: usize,
}

/// One sample or record: its format, the offset of its data and its length.
struct Item {
    enterprise: u32,
    format: u32,
    at: usize,
    data: usize,
    len: usize,
}

/// Reads `count` (format, length, data) items from `off`, stopping at `end` or at the first
/// one that does not fit.
fn items(b: &[u8], mut off: usize, end: usize, count: u32) -> Vec<Item> {
    let mut v = Vec::new();
    for _ in 0..count.min(4096) {
        let (Some(fmt), Some(len)) = (be32(b, off), be32(b, off + 4)) else {
            break;
        };
        let data = off + 8;
        let len = len as usize;
        if data.saturating_add(len) > end {
            break;
        }
        v.push(Item {
            enterprise: fmt >> 12,
            format: fmt & 0xfff,
            at: off,
            data,
            len,
        });
        off = data + len;
    }
    v
}

/// The datagram header: (agent address length, offset of the first sample, sample count).
fn header(b: &[u8], start: usize, end: usize) -> Option<(usize, usize, u32)> {
    if be32(b, start)? != 5 {
        return None;
    }
    let alen = match be32(b, start + 4)? {
        1 => 4,
        2 => 16,
        _ => return None,
    };
    let first = start + 8 + alen + 16;
    if first > end {
        return None;
    }
    Some((alen, first, be32(b, first - 4)?))
}

/// The record list of a flow sample (plain or expanded): (offset, count).
fn flow_records(b: &[u8], s: &Item) -> Option<(usize, u32)> {
    let fixed = match (s.enterprise, s.format) {
        (0, 1) => 28,
        (0, 3) => 40,
        _ => return None,
    };
    let at = s.data + fixed;
    Some((at + 4, be32(b, at)?))
}

/// Every sampled packet header of an sFlow datagram in `b[start..end]`.
pub fn raw_headers(b: &[u8], start: usize, end: usize) -> Vec<RawHeader> {
    let end = end.min(b.len());
    let mut out = Vec::new();
    let Some((_, first, n)) = header(b, start, end) else {
        return out;
    };
    for s in items(b, first, end, n) {
        let Some((at, count)) = flow_records(b, &s) else {
            continue;
        };
        for r in items(b, at, s.data + s.len, count) {
            if let Some(h) = raw_header(b, &r) {
                out.push(h);
            }
        }
    }
    out
}

fn raw_header(b: &[u8], r: &Item) -> Option<RawHeader> {
    if (r.enterprise, r.format) != (0, 1) || r.len < 16 {
        return None;
    }
    let len = be32(b, r.data + 12)? as usize;
    let off = r.data + 16;
    if off.saturating_add(len) > r.data + r.len {
        return None;
    }
    Some(RawHeader {
        proto: be32(b, r.data)?,
        frame_len: be32(b, r.data + 4)?,
        stripped: be32(b, r.data + 8)?,
        off,
        len,
    })
}

fn uint(n: &mut Node, abbrev: FieldId, b: &[u8], off: usize, label: &str) -> u32 {
    let v = be32(b, off).unwrap_or(0);
    n.add(abbrev, Value::Uint(v as u64, 0), off, 4)
        .label_fmt(|| format!("{label}: {v}"));
    v
}

fn uptime(ms: u32) -> String {
    let s = ms / 1000;
    let (d, h, m, s) = (s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
    format!("{d} days, {h} hours, {m} minutes, {s} seconds ({ms}ms)")
}

// sFlow on its UDP port.
inventory::submit! {
    super::table::UdpClaim {
        rank: 50,
        carries: super::table::Carries::Samples,
        claim: super::table::Claim::Port(PORT),
        dissect,
    }
}

pub fn dissect(cx: &mut Ctx, start: usize, end: usize) {
    let b = cx.bytes;
    let end = end.min(b.len());
    let Some((alen, first, nsamples)) = header(b, start, end) else {
        super::ctx::data(cx, start);
        return;
    };
    cx.proto("sflow");
    cx.dec.nested = true;
    let agent = addr(&b[start + 8..start + 8 + alen]);
    let seq = be32(b, start + 12 + alen).unwrap_or(0);
    let sub = be32(b, start + 8 + alen).unwrap_or(0);
    let mut n = Node::new(fid!("sflow"), Value::None, start, end - start).label("InMon sFlow");
    n.add_uint(fid!("sflow_245.version"), 5, start, 4)
        .label("Datagram version: 5");
    let at = be32(b, start + 4).unwrap_or(0);
    n.add_uint(fid!("sflow_245.agenttype"), at as u64, start + 4, 4)
        .label_fmt(|| {
            format!(
                "Agent address type: {} ({at})",
                if at == 1 { "IPv4" } else { "IPv6" }
            )
        });
    if let Some(a) = agent {
        let field = if alen == 4 {
            fid!("sflow_245.agent")
        } else {
            fid!("sflow_245.agent.v6")
        };
        n.add(field, addr_value(a), start + 8, alen)
            .label_fmt(|| format!("Agent address: {a}"));
    }
    uint(
        &mut n,
        fid!("sflow_245.sub_agent_id"),
        b,
        start + 8 + alen,
        "Sub-agent ID",
    );
    uint(
        &mut n,
        fid!("sflow_245.sequence_number"),
        b,
        start + 12 + alen,
        "Sequence number",
    );
    let up = be32(b, start + 16 + alen).unwrap_or(0);
    n.add_uint(fid!("sflow_245.sysuptime"), up as u64, start + 16 + alen, 4)
        .label_fmt(|| format!("SysUptime: {}", uptime(up)));
    uint(
        &mut n,
        fid!("sflow_245.numsamples"),
        b,
        start + 20 + alen,
        "NumSamples",
    );
    cx.cols.protocol = "sFlow".into();
    cx.cols.info = format!(
        "V5, agent {}, sub-agent ID {sub}, seq {seq}, {nsamples} samples",
        agent.map(|a| a.to_string()).unwrap_or_default()
    );
    // the conversations the first pass gave the sampled TCP and UDP headers, in order
    let an = cx.an;
    let frame = cx.frame;
    let mut streams = Streams {
        tcp: an
            .and_then(|a| a.inner_tcp.get(&frame))
            .into_iter()
            .flatten()
            .copied(),
        udp: an
            .and_then(|a| a.inner_udp.get(&frame))
            .into_iter()
            .flatten()
            .copied(),
    };
    for s in items(b, first, end, nsamples) {
        let sn = sample_node(cx, &s, &mut streams);
        n.push(sn);
    }
    cx.roots.push(n);
}

/// The stream indexes still to hand out to sampled headers.
struct Streams<T: Iterator<Item = u32>> {
    tcp: T,
    udp: T,
}

/// One sample: its header fields and, for flow samples, its records.
fn sample_node<T: Iterator<Item = u32>>(cx: &mut Ctx, s: &Item, streams: &mut Streams<T>) -> Node {
    let b = cx.bytes;
    let kind = match (s.enterprise, s.format) {
        (0, 1) => "Flow sample",
        (0, 2) => "Counters sample",
        (0, 3) => "Expanded flow sample",
        (0, 4) => "Expanded counters sample",
        _ => "Sample",
    };
    let sseq = be32(b, s.data).unwrap_or(0);
    let mut sn = Node::new(
        fid!("sflow_245.sampletype"),
        Value::Uint(s.format as u64, 0),
        s.at,
        s.len + 8,
    )
    .label_fmt(|| format!("{kind}, seq {sseq}"));
    sn.add_uint(fid!("sflow.enterprise"), s.enterprise as u64, s.at, 4);
    sn.add_uint(fid!("sflow_5.sample_length"), s.len as u64, s.at + 4, 4)
        .label_fmt(|| format!("Sample length (byte): {}", s.len));
    let Some((rat, count)) = flow_records(b, s) else {
        return sn;
    };
    uint(
        &mut sn,
        fid!("sflow.flow_sample.sequence_number"),
        b,
        s.data,
        "Sequence number",
    );
    let rate_at = if s.format == 1 {
        s.data + 8
    } else {
        s.data + 12
    };
    uint(
        &mut sn,
        fid!("sflow.flow_sample.sampling_rate"),
        b,
        rate_at,
        "Sampling rate",
    );
    uint(
        &mut sn,
        fid!("sflow.flow_sample.sample_pool"),
        b,
        rate_at + 4,
        "Sample pool",
    );
    uint(
        &mut sn,
        fid!("sflow.flow_sample.dropped_packets"),
        b,
        rate_at + 8,
        "Dropped packets",
    );
    sn.add_uint(
        fid!("sflow.flow_sample.flow_record"),
        count as u64,
        rat - 4,
        4,
    )
    .label_fmt(|| format!("Flow record: {count}"));
    for r in items(b, rat, s.data + s.len, count) {
        let rn = record_node(cx, &r, streams);
        sn.push(rn);
    }
    sn
}

/// One flow record; a sampled Ethernet header is dissected below it.
fn record_node<T: Iterator<Item = u32>>(cx: &mut Ctx, r: &Item, streams: &mut Streams<T>) -> Node {
    let b = cx.bytes;
    let mut rn = Node::new(
        fid!("sflow_245.flow_record_format"),
        Value::Uint(r.format as u64, 0),
        r.at,
        r.len + 8,
    )
    .label(if (r.enterprise, r.format) == (0, 1) {
        "Raw packet header"
    } else {
        "Flow record"
    });
    rn.add_uint(fid!("sflow_5.flow_data_length"), r.len as u64, r.at + 4, 4)
        .label_fmt(|| format!("Flow data length (byte): {}", r.len));
    let Some(h) = raw_header(b, r) else {
        return rn;
    };
    rn.add_uint(fid!("sflow_245.header_protocol"), h.proto as u64, r.data, 4)
        .label_fmt(|| {
            format!(
                "Header protocol: {} ({})",
                if h.proto == 1 { "Ethernet" } else { "Unknown" },
                h.proto
            )
        });
    rn.add_uint(
        fid!("sflow_245.header.frame_length"),
        h.frame_len as u64,
        r.data + 4,
        4,
    )
    .label_fmt(|| format!("Frame Length: {}", h.frame_len));
    rn.add_uint(
        fid!("sflow_245.header.payload_stripped"),
        h.stripped as u64,
        r.data + 8,
        4,
    )
    .label_fmt(|| format!("Payload stripped: {}", h.stripped));
    rn.add_uint(
        fid!("sflow_245.header.sampled_header_length"),
        h.len as u64,
        r.data + 12,
        4,
    )
    .label_fmt(|| format!("Sampled header length: {}", h.len));
    let mut hn = Node::new(fid!("sflow_245.header"), Value::Slice, h.off, h.len)
        .label("Header of sampled packet");
    if h.proto == 1 {
        // the same order as the first pass handed out the stream indexes
        let hb = b.get(h.off..h.off + h.len).unwrap_or(&[]);
        let stream = if inner_tcp(hb).is_some() {
            streams.tcp.next().map(|s| ("tcp", s))
        } else if inner_udp(hb).is_some() {
            streams.udp.next().map(|s| ("udp", s))
        } else {
            None
        };
        hn.children.extend(sampled_frame(cx, h, stream));
    }
    rn.push(hn);
    rn
}

/// The transport header inside a sampled Ethernet header (IPv4 or IPv6, optional VLAN
/// tags): addresses, IP protocol number and the header's offset.
/// (The last value is where the IP payload ends, by the IP header's length field.)
fn inner_l4(b: &[u8]) -> Option<(Addr, Addr, u8, usize, usize)> {
    super::ip::l4_of(b, ip_start(b)?)
}

/// Where the IP header of a sampled Ethernet header starts (after VLAN tags).
fn ip_start(b: &[u8]) -> Option<usize> {
    let mut off = 12;
    let mut etype = super::ctx::be16(b, off)?;
    while matches!(etype, 0x8100 | 0x88a8) {
        off += 4;
        etype = super::ctx::be16(b, off)?;
    }
    matches!(etype, 0x0800 | 0x86dd).then_some(off + 2)
}

/// The addresses and ports of a UDP header inside a sampled Ethernet header.
pub fn inner_udp(b: &[u8]) -> Option<(Addr, Addr, u16, u16)> {
    super::ip::udp_of(b, ip_start(b)?)
}

/// The addresses, ports, flags and sequence number of a TCP header inside a sampled Ethernet
/// header.
pub fn inner_tcp(b: &[u8]) -> Option<(Addr, Addr, crate::wire::TcpSeg)> {
    let (src, dst, proto, l4, end) = inner_l4(b)?;
    if proto != 6 || b.len() < l4 + 16 {
        return None;
    }
    // a sample may end after the window (16 bytes): the rest reads as zeros
    let mut fixed = [0u8; 20];
    let have = b.get(l4..).unwrap_or_default();
    let n = have.len().min(20);
    fixed[..n].copy_from_slice(&have[..n]);
    let h = crate::wire::TcpHeader::new_checked(&fixed)?;
    let seg = crate::wire::TcpSeg {
        sport: h.src_port(),
        dport: h.dst_port(),
        seq: h.seq(),
        ack: h.ack(),
        flags: h.flags(),
        window: h.window(),
        len: end.saturating_sub(l4 + h.header_len()) as u32,
        ..Default::default()
    };
    Some((src, dst, seg))
}

/// The completeness of a TCP conversation seen from a sampled header, and the window scale
/// its sender's side settled on (-1 when unknown).
fn tcp_state(cx: &Ctx, stream: u32, header: &[u8]) -> (u8, i8) {
    let Some(an) = cx.an else { return (0, -1) };
    let Some(st) = an.tcp_streams.get(stream as usize) else {
        return (0, -1);
    };
    let c = st.completeness_for(cx.frame);
    let Some((src, _, seg)) = inner_tcp(header) else {
        return (c, -1);
    };
    let dir = if st.a == (src, seg.sport) { 0 } else { 1 };
    let ws = st
        .frames
        .iter()
        .rev()
        .filter_map(|&f| an.tcp(f))
        .find(|t| t.dir() == dir)
        .map_or(-1, |_| st.win_scale[usize::from(dir)]);
    (c, ws)
}

/// Dissects a sampled Ethernet header as a frame of its own (bounded to the header's bytes,
/// offsets still in the outer frame), without touching the outer columns or analysis.
fn sampled_frame(cx: &mut Ctx, h: RawHeader, stream: Option<(&str, u32)>) -> Vec<Node> {
    let b = cx.bytes;
    let Some(bytes) = b.get(..h.off + h.len) else {
        return Vec::new();
    };
    let mut inner = Ctx::new(bytes, cx.rec, cx.frame, true);
    super::ethernet::dissect(&mut inner, h.off);
    let mut roots = inner.roots;
    // tshark hands a sampled header on port 443 to TLS, whatever follows the TCP header
    let tls = inner_tcp(bytes.get(h.off..).unwrap_or(&[]))
        .is_some_and(|(_, _, t)| (t.sport == 443 || t.dport == 443) && t.len > 0);
    if tls {
        inner.protos.retain(|&p| p != "data");
        inner.protos.push("tls");
        roots.retain(|r| r.field != fid!("data"));
        let tcp_end = roots
            .iter()
            .find(|r| r.field == fid!("tcp"))
            .map_or(h.off + h.len, |r| (r.start + r.len) as usize);
        roots.push(
            Node::new(
                fid!("tls"),
                Value::None,
                tcp_end,
                (h.off + h.len).saturating_sub(tcp_end),
            )
            .label("Transport Layer Security"),
        );
    }
    cx.protos.append(&mut inner.protos);
    for r in &mut roots {
        if r.field == fid!("tcp") {
            // an error packet's TCP header: no segment length, but its conversation
            r.children
                .retain(|c| !matches!(c.abbrev(), "tcp.len" | "tcp.nxtseq"));
        }
        let Some((proto, s)) = stream.filter(|(p, _)| *p == r.abbrev()) else {
            continue;
        };
        let (field, after) = if proto == "tcp" {
            (fid!("tcp.stream"), "tcp.dstport")
        } else {
            (fid!("udp.stream"), "udp.checksum.status")
        };
        let mut node = Node::new(field, Value::Uint(s as u64, 0), r.start as usize, 0)
            .label_fmt(|| format!("Stream index: {s}"));
        node.flags |= super::tree::GENERATED;
        let put = |r: &mut Node, after: &str, node: Node| match r
            .children
            .iter()
            .position(|c| c.abbrev() == after)
        {
            Some(i) => r.children.insert(i + 1, node),
            None => r.children.push(node),
        };
        put(r, after, node);
        if proto == "tcp" {
            // what the conversation knows: its completeness, this side's window scale
            let header = bytes.get(h.off..).unwrap_or(&[]);
            let (c, ws) = tcp_state(cx, s, header);
            let syn = inner_tcp(header).is_some_and(|(_, _, t)| t.flags & crate::wire::TH_SYN != 0);
            let mut cn = Node::new(
                fid!("tcp.completeness"),
                Value::Uint(c as u64, 0),
                r.start as usize,
                0,
            )
            .label_fmt(|| {
                let t = super::tcp::completeness_text(c);
                format!("Conversation completeness: {t} ({c})")
            });
            cn.flags |= super::tree::GENERATED;
            put(r, "tcp.stream", cn);
            let (v, txt) = match ws {
                -1 => (-1i64, "-1 (unknown)".to_string()),
                -2 => (-2, "-2 (no window scaling used)".to_string()),
                w => (1i64 << w, format!("{}", 1i64 << w)),
            };
            let mut wn = Node::new(
                fid!("tcp.window_size_scalefactor"),
                Value::Int(v),
                r.start as usize + 14,
                2,
            )
            .label_fmt(|| format!("[Window size scaling factor: {txt}]"));
            wn.flags |= super::tree::GENERATED;
            if !syn {
                put(r, "tcp.window_size", wn);
            }
        }
    }
    roots
}
