//! DNS: header, questions and answers (over UDP, and over TCP with its length prefix);
//! its resource records in `rr.rs`, the first pass's query/response pairs in `track.rs`.

mod dnssec;
mod rr;
mod track;
mod types;

use super::ctx::{be16, Ctx};
use super::tree::{bits_str, expert_info, Build, Group, Node, Severity, Value, GENERATED};
use crate::dissect::fields::FieldId;
use crate::wire::DnsHeader;
use rr::{class_nodes, name_facts};
use track::{Transaction, Transactions};
use types::{type_line, type_name};

/// DNS's TCP and UDP port.
const PORT: u16 = 53;
/// The ranks of the UDP claims of DNS, mDNS and LLMNR (below).
const CLAIM_RANKS: [u16; 3] = [10, 20, 30];
/// The shortest TCP payload the DNS claim takes: the length prefix and a header.
const TCP_MIN: usize = 14;

// DNS's fields (Wireshark's names and types).
fields! {
    "dns", "Domain Name System", FT_PROTOCOL;
    "dns.length", "Length", FT_UINT16;
    "dns.id", "Transaction ID", FT_UINT16;
    "dns.flags", "Flags", FT_UINT16;
    "dns.flags.response", "Response", FT_BOOLEAN;
    "dns.flags.opcode", "Opcode", FT_UINT16;
    "dns.flags.authoritative", "Authoritative", FT_BOOLEAN;
    "dns.flags.truncated", "Truncated", FT_BOOLEAN;
    "dns.flags.recdesired", "Recursion desired", FT_BOOLEAN;
    "dns.flags.recavail", "Recursion available", FT_BOOLEAN;
    "dns.flags.z", "Z", FT_BOOLEAN;
    "dns.flags.authenticated", "Answer authenticated", FT_BOOLEAN;
    "dns.flags.ad", "AD bit", FT_BOOLEAN;
    "dns.flags.checkdisable", "Non-authenticated data", FT_BOOLEAN;
    "dns.flags.conflict", "Conflict", FT_BOOLEAN;
    "dns.flags.tentative", "Tentative", FT_BOOLEAN;
    "dns.hinfo.cpu_length", "CPU Length", FT_UINT8;
    "dns.hinfo.cpu", "CPU", FT_STRING;
    "dns.hinfo.os_length", "OS Length", FT_UINT8;
    "dns.hinfo.os", "OS", FT_STRING;
    "dns.flags.rcode", "Reply code", FT_UINT16;
    "dns.count.queries", "Questions", FT_UINT16;
    "dns.count.answers", "Answer RRs", FT_UINT16;
    "dns.count.auth_rr", "Authority RRs", FT_UINT16;
    "dns.count.add_rr", "Additional RRs", FT_UINT16;
    "dns.count.zones", "Zones", FT_UINT16;
    "dns.count.prerequisites", "Prerequisites", FT_UINT16;
    "dns.count.updates", "Updates", FT_UINT16;
    "dns.ttl.high_bit_set", "The uppermost bit of the TTL is set", FT_NONE;
    "dns.qry.name", "Name", FT_STRING;
    "dns.qry.name.len", "Name Length", FT_UINT16;
    "dns.count.labels", "Label Count", FT_UINT16;
    "dns.qry.type", "Type", FT_UINT16;
    "dns.qry.class", "Class", FT_UINT16;
    "dns.qry.qu", "\"QU\" question", FT_BOOLEAN;
    "dns.resp.name", "Name", FT_STRING;
    "dns.resp.type", "Type", FT_UINT16;
    "dns.resp.class", "Class", FT_UINT16;
    "dns.resp.cache_flush", "Cache flush", FT_BOOLEAN;
    "dns.resp.ttl", "Time to live", FT_UINT32;
    "dns.resp.len", "Data length", FT_UINT16;
    "dns.a", "Address", FT_IPv4;
    "dns.aaaa", "AAAA Address", FT_IPv6;
    "dns.cname", "CNAME", FT_STRING;
    "dns.ns", "Name Server", FT_STRING;
    "dns.ptr.domain_name", "Domain Name", FT_STRING;
    "dns.mx.preference", "Preference", FT_UINT16;
    "dns.mx.mail_exchange", "Mail Exchange", FT_STRING;
    "dns.txt.length", "TXT Length", FT_UINT8;
    "dns.txt", "TXT", FT_STRING;
    "dns.soa.mname", "Primary name server", FT_STRING;
    "dns.soa.rname", "Responsible authority's mailbox", FT_STRING;
    "dns.soa.serial_number", "Serial Number", FT_UINT32;
    "dns.soa.refresh_interval", "Refresh Interval", FT_UINT32;
    "dns.soa.retry_interval", "Retry Interval", FT_UINT32;
    "dns.soa.expire_limit", "Expire limit", FT_UINT32;
    "dns.soa.minimum_ttl", "Minimum TTL", FT_UINT32;
    "dns.srv.service", "Service", FT_STRING;
    "dns.srv.proto", "Protocol", FT_STRING;
    "dns.srv.name", "Name", FT_STRING;
    "dns.srv.priority", "Priority", FT_UINT16;
    "dns.srv.weight", "Weight", FT_UINT16;
    "dns.srv.port", "Port", FT_UINT16;
    "dns.srv.target", "Target", FT_STRING;
    "dns.rr.udp_payload_size", "UDP payload size", FT_UINT16;
    "dns.resp.ext_rcode", "Higher bits in extended RCODE", FT_UINT8;
    "dns.resp.edns0_version", "EDNS0 version", FT_UINT8;
    "dns.resp.z", "Z", FT_UINT16;
    "dns.resp.z.do", "DO bit", FT_BOOLEAN;
    "dns.resp.z.reserved", "Reserved", FT_UINT16;
    "dns.opt", "Option", FT_NONE;
    "dns.opt.code", "Option Code", FT_UINT16;
    "dns.opt.len", "Option Length", FT_UINT16;
    "dns.opt.data", "Option Data", FT_BYTES;
    "dns.opt.client.family", "Family", FT_UINT16;
    "dns.opt.client.netmask", "Source Netmask", FT_UINT8;
    "dns.opt.client.scope", "Scope Netmask", FT_UINT8;
    "dns.opt.client.addr4", "Client Subnet", FT_IPv4;
    "dns.opt.client.addr6", "Client Subnet", FT_IPv6;
    "dns.opt.cookie.client", "Client Cookie", FT_BYTES;
    "dns.opt.cookie.server", "Server Cookie", FT_BYTES;
    "dns.opt.edns_tcp_keepalive.timeout", "Timeout", FT_UINT16;
    "dns.opt.padding", "Padding", FT_BYTES;
    "dns.data", "Data", FT_BYTES;
    "dns.response_in", "Response In", FT_FRAMENUM;
    "dns.response_to", "Request In", FT_FRAMENUM;
    "dns.time", "Time", FT_RELATIVE_TIME;
    "dns.unsolicited", "Unsolicited", FT_BOOLEAN;
    "dns.retransmit_request_in", "Retransmitted request. Original request in", FT_FRAMENUM;
    "dns.retransmit_response_in", "Retransmitted response. Original response in", FT_FRAMENUM;
    "dns.retransmission", "Retransmission", FT_BOOLEAN;
    "dns.retransmit_request", "DNS query retransmission", FT_NONE;
    "dns.retransmit_response", "DNS response retransmission", FT_NONE;
    "dns.undecoded.type", "Undecoded option", FT_NONE;
}

/// Reads a possibly compressed name; returns (name, bytes used at `off`).
pub fn read_name(msg: &[u8], off: usize) -> Option<(String, usize)> {
    let mut labels: Vec<String> = Vec::new();
    let mut pos = off;
    let mut used = None;
    let mut jumps = 0;
    let mut total = 0usize;
    loop {
        let l = *msg.get(pos)? as usize;
        if l == 0 {
            if used.is_none() {
                used = Some(pos + 1 - off);
            }
            break;
        }
        if l & 0xc0 == 0xc0 {
            let p = ((l & 0x3f) << 8) | *msg.get(pos + 1)? as usize;
            if used.is_none() {
                used = Some(pos + 2 - off);
            }
            jumps += 1;
            if jumps > 64 || p >= msg.len() {
                return None;
            }
            pos = p;
            continue;
        }
        if l & 0xc0 != 0 {
            return None;
        }
        let lab = msg.get(pos + 1..pos + 1 + l)?;
        total += l + 1;
        if total > 255 {
            return None;
        }
        labels.push(
            lab.iter()
                .map(|&c| {
                    if c.is_ascii_graphic() || c == b' ' {
                        c as char
                    } else {
                        '\\'
                    }
                })
                .collect(),
        );
        pos += 1 + l;
    }
    let name = if labels.is_empty() {
        "<Root>".to_string()
    } else {
        labels.join(".")
    };
    Some((name, used?))
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Dns,
    Mdns,
    Llmnr,
}

// DNS, mDNS and LLMNR on their UDP ports.
inventory::submit! {
    super::table::UdpClaim {
        rank: CLAIM_RANKS[0],
        carries: super::table::Carries::Nothing,
        claim: super::table::Claim::Port(PORT),
        dissect: |cx, s, e| dissect(cx, s, e, Flavor::Dns),
    }
}
inventory::submit! {
    super::table::UdpClaim {
        rank: CLAIM_RANKS[1],
        carries: super::table::Carries::Nothing,
        claim: super::table::Claim::Port(5353),
        dissect: |cx, s, e| dissect(cx, s, e, Flavor::Mdns),
    }
}
inventory::submit! {
    super::table::UdpClaim {
        rank: CLAIM_RANKS[2],
        carries: super::table::Carries::Nothing,
        claim: super::table::Claim::Port(5355),
        dissect: |cx, s, e| dissect(cx, s, e, Flavor::Llmnr),
    }
}

pub fn dissect(cx: &mut Ctx, off: usize, end: usize, flavor: Flavor) {
    dissect_msg(cx, off, end, flavor, false)
}

// The DNS claim on TCP (asked after lower ranks).
inventory::submit! {
    super::table::TcpClaim { rank: 10, claim: on_tcp }
}

/// DNS over TCP on port 53 (a message with its length prefix needs 14 bytes).
pub fn on_tcp(cx: &mut Ctx, s: &super::table::Segment) -> bool {
    if !s.has_port(PORT) || s.end - s.start < TCP_MIN {
        return false;
    }
    // each message is framed by its length prefix: one that lies whole in the segment is a
    // PDU of TCP's, and another may follow it (the last one read names the Info column)
    let mut at = s.start;
    loop {
        let len = be16(cx.bytes, at).map_or(usize::MAX, usize::from);
        let whole = len.saturating_add(2) <= s.end - at;
        let end = if whole { at + 2 + len } else { s.end };
        if whole {
            cx.pdu_sizes.push((at, len + 2));
        }
        let layers = cx.protos.len();
        dissect_tcp(cx, at, end);
        if at > s.start && cx.protos.len() > layers {
            // (one "dns" in the frame's protocols for them all)
            cx.protos.truncate(layers);
        }
        at = end;
        if !whole || s.end - at < TCP_MIN {
            break;
        }
    }
    cx.cols.info = format!("{}{}", s.prefix, cx.cols.info);
    true
}

pub fn dissect_tcp(cx: &mut Ctx, off: usize, end: usize) {
    dissect_msg(cx, off, end, Flavor::Dns, true)
}

fn dissect_msg(cx: &mut Ctx, off: usize, end: usize, flavor: Flavor, tcp: bool) {
    let mdns = flavor == Flavor::Mdns;
    let (pname, pcol, pfield) = match flavor {
        Flavor::Dns => ("dns", "DNS", fid!("dns")),
        Flavor::Mdns => ("mdns", "MDNS", fid!("mdns")),
        Flavor::Llmnr => ("llmnr", "LLMNR", fid!("llmnr")),
    };
    cx.proto(pname);
    if !cx.tree {
        return;
    }
    let b = cx.bytes;
    let (base, root_start) = if tcp { (off + 2, off) } else { (off, off) };
    let end = end.min(b.len());
    let long_name = match flavor {
        Flavor::Dns => "Domain Name System",
        Flavor::Mdns => "Multicast Domain Name System",
        Flavor::Llmnr => "Link-local Multicast Name Resolution",
    };
    let title = |resp: bool| format!("{long_name} ({})", if resp { "response" } else { "query" });
    let trans = transaction(cx);
    let Some(hdr) = b.get(base..end).and_then(DnsHeader::new_checked) else {
        // a header cut short: what there is of it, then the malformed mark
        cx.cols.protocol = pcol.into();
        let msg = b.get(base..end).unwrap_or(&[]);
        let resp = msg.get(2).is_some_and(|f| f & 0x80 != 0);
        let mut n = Node::new(
            pfield,
            Value::None,
            root_start,
            end.saturating_sub(root_start),
        )
        .label_fmt(|| title(resp));
        if let Some(id) = be16(msg, 0) {
            n.add(fid!("dns.id"), Value::Uint(id as u64, 4), base, 2)
                .label_fmt(|| format!("Transaction ID: 0x{id:04x}"));
        }
        if let Some(flags) = be16(msg, 2) {
            n.push(flags_node(flags, base + 2, flavor == Flavor::Llmnr));
            count_nodes(&mut n, msg, base, flags);
        }
        if let (Some(id), Some(flags)) = (be16(msg, 0), be16(msg, 2)) {
            // the ID and flags are read before the counts run off the end
            cx.cols.info = header_info(id, flags);
        }
        cx.roots.push(n);
        cx.malformed(if mdns { "mDNS" } else { pcol }, cx.snapped());
        return;
    };
    let m = Msg {
        msg: &b[base..end],
        hdr,
        base,
        mdns,
        llmnr: flavor == Flavor::Llmnr,
    };
    let flags = hdr.flags();
    let mut n = Node::new(pfield, Value::None, root_start, end - root_start)
        .label_fmt(|| title(flags & 0x8000 != 0));
    if tcp {
        n.add_uint(fid!("dns.length"), be16(b, off).unwrap_or(0) as u64, off, 2);
    }
    let mut info = m.header(&mut n, trans, cx.frame);
    let bad = m.sections(&mut n, &mut info);
    // (a message cut short ends before Wireshark's tracking items)
    if !bad {
        tracking_nodes(&mut n, cx, flags & 0x8000 != 0, trans, base);
    }
    cx.roots.push(n);
    cx.cols.protocol = pcol.into();
    cx.cols.info = info;
    if bad {
        cx.malformed("DNS", cx.snapped());
    }
}

/// The transaction of this frame's message, as the first pass paired it (none for a
/// datagram an ICMP error quotes: Wireshark tracks no quoted message).
fn transaction(cx: &Ctx) -> Option<Transaction> {
    if cx.in_error {
        return None;
    }
    cx.an?.protos.get::<Transactions>()?.of(cx.frame)
}

/// The links Wireshark adds after the sections: the response or request frame and the
/// time between them, a retransmission's original, or an unsolicited response.
fn tracking_nodes(n: &mut Node, cx: &Ctx, response: bool, trans: Option<Transaction>, at: usize) {
    let frame = cx.frame;
    // (generated items the registry's names label: `[Response In: 2]`; a query not answered
    // links nowhere)
    let item = |n: &mut Node, abbrev: FieldId, v: Value| {
        if v != Value::Frame(0) {
            n.add(abbrev, v, at, 0).flags |= GENERATED;
        }
    };
    match trans {
        // (a response an ICMP error quotes is never paired: Wireshark tracks no quoted message)
        None if response && cx.an.is_some() => item(n, fid!("dns.unsolicited"), Value::Bool(true)),
        None => {}
        Some(t) if !response && t.request != frame => {
            item(
                n,
                fid!("dns.retransmit_request_in"),
                Value::Frame(t.request),
            );
            item(n, fid!("dns.retransmission"), Value::Bool(true));
        }
        Some(t) if !response => item(n, fid!("dns.response_in"), Value::Frame(t.response)),
        Some(t) if t.response != frame => {
            item(
                n,
                fid!("dns.retransmit_response_in"),
                Value::Frame(t.response),
            );
            item(n, fid!("dns.retransmission"), Value::Bool(true));
        }
        Some(t) => {
            item(n, fid!("dns.response_to"), Value::Frame(t.request));
            let ts = |f: u32| cx.an.and_then(|a| a.record(f)).map_or(0, |r| r.ts_ns);
            item(
                n,
                fid!("dns.time"),
                Value::RelTime(ts(frame) - ts(t.request)),
            );
        }
    }
}

/// The flags word and its bits, as Wireshark lays them out (a query shows no bits only a
/// response has; the AD bit of a query only when set).
fn flags_node(flags: u16, at: usize, llmnr: bool) -> Node {
    let resp = flags & 0x8000 != 0;
    let opcode = (flags >> 11) & 0xf;
    let rcode = flags & 0xf;
    let mut f = Node::new(fid!("dns.flags"), Value::Uint(flags as u64, 4), at, 2).label_fmt(|| {
        let mut l = format!(
            "Flags: 0x{flags:04x} {}",
            opcode_name(opcode).unwrap_or("Unknown operation")
        );
        if resp {
            l.push_str(" response, ");
            l.push_str(rcode_name(rcode));
        }
        l
    });
    let bits = |mask: u16| bits_str(flags as u64, mask as u64, 16);
    let bit = |f: &mut Node, abbrev: FieldId, mask: u16, name: &str, yes: &str, no: &str| {
        let on = flags & mask != 0;
        f.add(abbrev, Value::Bool(on), at, 2)
            .label_fmt(|| format!("{} = {name}: {}", bits(mask), if on { yes } else { no }));
    };
    bit(
        &mut f,
        fid!("dns.flags.response"),
        0x8000,
        "Response",
        "Message is a response",
        "Message is a query",
    );
    f.add_uint(fid!("dns.flags.opcode"), opcode as u64, at, 2)
        .label_fmt(|| {
            let name = opcode_name(opcode).unwrap_or("Unknown");
            format!("{} = Opcode: {name} ({opcode})", bits(0x7800))
        });
    if llmnr {
        llmnr_bits(&mut f, flags, at);
        return f;
    }
    if resp {
        bit(
            &mut f,
            fid!("dns.flags.authoritative"),
            0x0400,
            "Authoritative",
            "Server is an authority for domain",
            "Server is not an authority for domain",
        );
    }
    bit(
        &mut f,
        fid!("dns.flags.truncated"),
        0x0200,
        "Truncated",
        "Message is truncated",
        "Message is not truncated",
    );
    bit(
        &mut f,
        fid!("dns.flags.recdesired"),
        0x0100,
        "Recursion desired",
        "Do query recursively",
        "Don't do query recursively",
    );
    if resp {
        bit(
            &mut f,
            fid!("dns.flags.recavail"),
            0x0080,
            "Recursion available",
            "Server can do recursive queries",
            "Server can't do recursive queries",
        );
    }
    bit(
        &mut f,
        fid!("dns.flags.z"),
        0x0040,
        "Z",
        "reserved - incorrect!",
        "reserved (0)",
    );
    if resp {
        bit(
            &mut f,
            fid!("dns.flags.authenticated"),
            0x0020,
            "Answer authenticated",
            "Answer/authority portion was authenticated by the server",
            "Answer/authority portion was not authenticated by the server",
        );
    } else if flags & 0x0020 != 0 {
        bit(
            &mut f,
            fid!("dns.flags.ad"),
            0x0020,
            "AD bit",
            "Set",
            "Not set",
        );
    }
    bit(
        &mut f,
        fid!("dns.flags.checkdisable"),
        0x0010,
        "Non-authenticated data",
        "Acceptable",
        "Unacceptable",
    );
    if resp {
        rcode_node(&mut f, flags, at);
    }
    f
}

fn rcode_node(f: &mut Node, flags: u16, at: usize) {
    let rcode = flags & 0xf;
    f.add_uint(fid!("dns.flags.rcode"), rcode as u64, at, 2)
        .label_fmt(|| {
            let name = if rcode >= 12 {
                "Unknown"
            } else {
                rcode_name(rcode)
            };
            format!(
                "{} = Reply code: {name} ({rcode})",
                bits_str(flags as u64, 0xf, 16)
            )
        });
}

/// LLMNR's own bits after the opcode (RFC 4795): conflict, truncated, tentative.
fn llmnr_bits(f: &mut Node, flags: u16, at: usize) {
    let resp = flags & 0x8000 != 0;
    let conflict = if resp {
        (
            "The name is not considered unique",
            "The name is considered unique",
        )
    } else {
        ("The sender received multiple responses", "None")
    };
    let rows = [
        (fid!("dns.flags.conflict"), 0x0400, "Conflict", conflict),
        (
            fid!("dns.flags.truncated"),
            0x0200,
            "Truncated",
            ("Message is truncated", "Message is not truncated"),
        ),
        (
            fid!("dns.flags.tentative"),
            0x0100,
            "Tentative",
            ("Tentative", "Not tentative"),
        ),
    ];
    for (abbrev, mask, name, (yes, no)) in rows {
        let on = flags & mask != 0;
        f.add(abbrev, Value::Bool(on), at, 2).label_fmt(|| {
            format!(
                "{} = {name}: {}",
                bits_str(flags as u64, mask as u64, 16),
                if on { yes } else { no }
            )
        });
    }
    if resp {
        rcode_node(f, flags, at);
    }
}

/// A DNS message at least a header long: its bytes, where they start in the frame, and
/// whether it is multicast DNS.
struct Msg<'a> {
    msg: &'a [u8],
    hdr: DnsHeader<'a>,
    base: usize,
    mdns: bool,
    llmnr: bool,
}

impl Msg<'_> {
    /// The ID, flags and counts; returns the start of the Info text.
    fn header(&self, n: &mut Node, trans: Option<Transaction>, frame: u32) -> String {
        let (hdr, base) = (self.hdr, self.base);
        let (id, flags) = (hdr.id(), hdr.flags());
        let idn = n
            .add(fid!("dns.id"), Value::Uint(id as u64, 4), base, 2)
            .label_fmt(|| format!("Transaction ID: 0x{id:04x}"));
        // a retransmission says so on its ID
        let retransmitted = match trans {
            Some(t) if flags & 0x8000 == 0 && t.request != frame => Some((
                fid!("dns.retransmit_request"),
                format!(
                    "DNS query retransmission. Original request in frame {}",
                    t.request
                ),
            )),
            Some(t) if flags & 0x8000 != 0 && t.response != frame => Some((
                fid!("dns.retransmit_response"),
                format!(
                    "DNS response retransmission. Original response in frame {}",
                    t.response
                ),
            )),
            _ => None,
        };
        if let Some((abbrev, msg)) = retransmitted {
            idn.push(expert_info(
                abbrev,
                Severity::Warn,
                Group::Protocol,
                &msg,
                base,
            ));
        }
        n.push(flags_node(flags, base + 2, self.llmnr));
        count_nodes(n, self.msg, base, flags);
        header_info(id, flags)
    }

    /// The question and record sections; says whether one ran off the end.
    fn sections(&self, n: &mut Node, info: &mut String) -> bool {
        let base = self.base;
        let mut pos = 12usize;
        let [qd, an, ns, ar] = self.hdr.counts();
        let update = is_update(self.hdr.flags());
        if qd > 0 {
            let mut q = Node::text(if update { "Zone" } else { "Queries" }, base + pos, 0);
            let mut bad = false;
            for _ in 0..qd {
                let Some((e, used)) = self.question(pos, info) else {
                    bad = true;
                    break;
                };
                q.push(e);
                pos += used;
            }
            q.len = (base + pos - q.start as usize) as u32;
            n.push(q);
            if bad {
                return true;
            }
        }
        let sections = if update {
            [
                (an, "Prerequisites"),
                (ns, "Updates"),
                (ar, "Additional records"),
            ]
        } else {
            [
                (an, "Answers"),
                (ns, "Authoritative nameservers"),
                (ar, "Additional records"),
            ]
        };
        for (count, title) in sections {
            if count == 0 {
                continue;
            }
            let mut sec = Node::text(title, base + pos, 0);
            let mut bad = false;
            for _ in 0..count {
                let Some((e, next)) = self.record(pos, info) else {
                    bad = true;
                    break;
                };
                sec.push(e);
                pos = next;
            }
            sec.len = (base + pos - sec.start as usize) as u32;
            n.push(sec);
            if bad {
                return true;
            }
        }
        false
    }

    /// The question at `pos` and its length, or `None` when it runs off the end.
    fn question(&self, pos: usize, info: &mut String) -> Option<(Node, usize)> {
        let (msg, base) = (self.msg, self.base);
        let (name, used) = read_name(msg, pos)?;
        let t = be16(msg, pos + used)?;
        let c = be16(msg, pos + used + 2)?;
        let class = if self.mdns { c & 0x7fff } else { c };
        let qu = self.mdns && c & 0x8000 != 0;
        let mut e = Node::text(String::new(), base + pos, used + 4);
        if super::tree::labels_on() {
            e.label = Some(format!(
                "{name}: type {}, class {}{}",
                type_name(t),
                types::class_name(class),
                match (self.mdns, qu) {
                    (false, _) => "",
                    (true, true) => ", \"QU\" question",
                    (true, false) => ", \"QM\" question",
                }
            ));
        }
        e.add(
            fid!("dns.qry.name"),
            Value::Str(name.clone()),
            base + pos,
            used,
        );
        name_facts(&mut e, &name, base + pos, used);
        e.add_uint(fid!("dns.qry.type"), t as u64, base + pos + used, 2)
            .label_fmt(|| type_line(t));
        class_nodes(
            &mut e,
            fid!("dns.qry.class"),
            c,
            base + pos + used + 2,
            self.mdns,
        );
        info.push_str(&format!(" {} {name}", type_name(t)));
        if self.mdns {
            info.push_str(if qu {
                ", \"QU\" question"
            } else {
                ", \"QM\" question"
            });
        }
        Some((e, used + 4))
    }
}

/// A dynamic update (RFC 2136) names its sections zone, prerequisites and updates.
fn is_update(flags: u16) -> bool {
    (flags >> 11) & 0xf == 5
}

fn opcode_name(op: u16) -> Option<&'static str> {
    Some(match op {
        0 => "Standard query",
        1 => "Inverse query",
        2 => "Server status request",
        4 => "Zone change notification",
        5 => "Dynamic update",
        6 => "DNS Stateful operations (DSO)",
        _ => return None,
    })
}

fn rcode_name(r: u16) -> &'static str {
    match r {
        0 => "No error",
        1 => "Format error",
        2 => "Server failure",
        3 => "No such name",
        4 => "Not implemented",
        5 => "Refused",
        6 => "Name exists",
        7 => "RRset exists",
        8 => "RRset does not exist",
        9 => "Not authoritative",
        10 => "Name out of zone",
        11 => "DSO-Type not implemented",
        _ => "Unknown error",
    }
}

/// The Info text the ID and flags give: the operation (`Standard query`, `… response`),
/// the ID, and a response's error code.
fn header_info(id: u16, flags: u16) -> String {
    let resp = flags & 0x8000 != 0;
    let opcode = (flags >> 11) & 0xf;
    let rcode = flags & 0xf;
    let mut info = match opcode_name(opcode) {
        Some(n) => n.to_string(),
        None => format!("Unknown operation ({opcode})"),
    };
    if resp {
        info.push_str(" response");
    }
    info.push_str(&format!(" 0x{id:04x}"));
    if resp && rcode != 0 {
        info.push_str(&format!(" {}", rcode_name(rcode)));
    }
    info
}

/// The section counts, as many as `msg` holds (an update names its sections otherwise).
fn count_nodes(n: &mut Node, msg: &[u8], base: usize, flags: u16) {
    let names = if is_update(flags) {
        [
            fid!("dns.count.zones"),
            fid!("dns.count.prerequisites"),
            fid!("dns.count.updates"),
            fid!("dns.count.add_rr"),
        ]
    } else {
        [
            fid!("dns.count.queries"),
            fid!("dns.count.answers"),
            fid!("dns.count.auth_rr"),
            fid!("dns.count.add_rr"),
        ]
    };
    for (i, abbrev) in names.into_iter().enumerate() {
        let Some(count) = be16(msg, 4 + 2 * i) else {
            break;
        };
        n.add(abbrev, Value::Uint(count as u64, 0), base + 4 + 2 * i, 2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_compression_and_loops() {
        let msg = [
            0u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, b'w', b'w', b'w', 1, b'x', 0, 0xc0, 12,
        ];
        assert_eq!(read_name(&msg, 12), Some(("www.x".into(), 7)));
        assert_eq!(read_name(&msg, 19), Some(("www.x".into(), 2)));
        let looped = [0xc0u8, 0];
        assert_eq!(read_name(&looped, 0), None);
    }

    #[test]
    fn the_header_names_its_operation() {
        assert_eq!(header_info(0x1234, 0x0100), "Standard query 0x1234");
        assert_eq!(
            header_info(0x1234, 0x8183),
            "Standard query response 0x1234 No such name"
        );
        // an operation without a name says its number
        assert_eq!(header_info(0x6865, 0x6c6c), "Unknown operation (13) 0x6865");
    }
}
