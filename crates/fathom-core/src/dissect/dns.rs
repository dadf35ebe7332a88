//! DNS: header, questions and answers (over UDP, and over TCP with its length prefix).

use super::ctx::{be16, be32, Ctx};
use super::tree::{Build, Node, Value};
use crate::wire::DnsHeader;

fn type_name(t: u16) -> String {
    match t {
        1 => "A".into(),
        2 => "NS".into(),
        5 => "CNAME".into(),
        6 => "SOA".into(),
        12 => "PTR".into(),
        13 => "HINFO".into(),
        15 => "MX".into(),
        16 => "TXT".into(),
        17 => "RP".into(),
        18 => "AFSDB".into(),
        24 => "SIG".into(),
        25 => "KEY".into(),
        28 => "AAAA".into(),
        29 => "LOC".into(),
        33 => "SRV".into(),
        35 => "NAPTR".into(),
        37 => "CERT".into(),
        39 => "DNAME".into(),
        41 => "OPT".into(),
        43 => "DS".into(),
        44 => "SSHFP".into(),
        46 => "RRSIG".into(),
        47 => "NSEC".into(),
        48 => "DNSKEY".into(),
        49 => "DHCID".into(),
        50 => "NSEC3".into(),
        51 => "NSEC3PARAM".into(),
        52 => "TLSA".into(),
        59 => "CDS".into(),
        60 => "CDNSKEY".into(),
        64 => "SVCB".into(),
        65 => "HTTPS".into(),
        99 => "SPF".into(),
        249 => "TKEY".into(),
        250 => "TSIG".into(),
        251 => "IXFR".into(),
        252 => "AXFR".into(),
        255 => "ANY".into(),
        256 => "URI".into(),
        257 => "CAA".into(),
        _ => format!("Unknown ({t})"),
    }
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
                    if c.is_ascii_graphic() {
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
        rank: 10,
        carries: super::table::Carries::Nothing,
        claim: super::table::Claim::Port(53),
        dissect: |cx, s, e| dissect(cx, s, e, Flavor::Dns),
    }
}
inventory::submit! {
    super::table::UdpClaim {
        rank: 20,
        carries: super::table::Carries::Nothing,
        claim: super::table::Claim::Port(5353),
        dissect: |cx, s, e| dissect(cx, s, e, Flavor::Mdns),
    }
}
inventory::submit! {
    super::table::UdpClaim {
        rank: 30,
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
    if !s.has_port(53) || s.end - s.start < 14 {
        return false;
    }
    dissect_tcp(cx, s.start, s.end);
    cx.cols.info = format!("{}{}", s.prefix, cx.cols.info);
    true
}

pub fn dissect_tcp(cx: &mut Ctx, off: usize, end: usize) {
    dissect_msg(cx, off, end, Flavor::Dns, true)
}

fn dissect_msg(cx: &mut Ctx, off: usize, end: usize, flavor: Flavor, tcp: bool) {
    let mdns = flavor == Flavor::Mdns;
    let (pname, pcol) = match flavor {
        Flavor::Dns => ("dns", "DNS"),
        Flavor::Mdns => ("mdns", "MDNS"),
        Flavor::Llmnr => ("llmnr", "LLMNR"),
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
    let Some(hdr) = b.get(base..end).and_then(DnsHeader::new_checked) else {
        // a header cut short: what there is of it, then the malformed mark
        cx.cols.protocol = pcol.into();
        let msg = b.get(base..end).unwrap_or(&[]);
        let resp = msg.get(2).is_some_and(|f| f & 0x80 != 0);
        let mut n = Node::new(
            pname,
            Value::None,
            root_start,
            end.saturating_sub(root_start),
        )
        .label_fmt(|| title(resp));
        if let Some(id) = be16(msg, 0) {
            n.add("dns.id", Value::Uint(id as u64, 4), base, 2)
                .label_fmt(|| format!("Transaction ID: 0x{id:04x}"));
        }
        if let Some(flags) = be16(msg, 2) {
            n.add("dns.flags", Value::Uint(flags as u64, 4), base + 2, 2);
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
    };
    let flags = hdr.flags();
    let mut n = Node::new(pname, Value::None, root_start, end - root_start)
        .label_fmt(|| title(flags & 0x8000 != 0));
    if tcp {
        n.add_uint("dns.length", be16(b, off).unwrap_or(0) as u64, off, 2);
    }
    let mut info = m.header(&mut n);
    let mut pos = 12usize;
    let mut bad = false;
    let [qd, an, ns, ar] = hdr.counts();
    if qd > 0 {
        let mut q = Node::text("Queries", base + pos, 0);
        for _ in 0..qd {
            let Some((e, used)) = m.question(pos, &mut info) else {
                bad = true;
                break;
            };
            q.push(e);
            pos += used;
        }
        q.len = (base + pos - q.start as usize) as u32;
        n.push(q);
    }
    let sections = [
        (an, "Answers"),
        (ns, "Authoritative nameservers"),
        (ar, "Additional records"),
    ];
    for (count, title) in sections {
        if bad || count == 0 {
            continue;
        }
        let mut sec = Node::text(title, base + pos, 0);
        for _ in 0..count {
            let Some((e, next)) = m.record(pos, &mut info) else {
                bad = true;
                break;
            };
            sec.push(e);
            pos = next;
        }
        sec.len = (base + pos - sec.start as usize) as u32;
        n.push(sec);
    }
    cx.roots.push(n);
    cx.cols.protocol = pcol.into();
    cx.cols.info = info;
    if bad {
        cx.malformed("DNS", cx.snapped());
    }
}

/// A DNS message at least a header long: its bytes, where they start in the frame, and
/// whether it is multicast DNS.
struct Msg<'a> {
    msg: &'a [u8],
    hdr: DnsHeader<'a>,
    base: usize,
    mdns: bool,
}

impl Msg<'_> {
    /// The ID, flags and counts; returns the start of the Info text.
    fn header(&self, n: &mut Node) -> String {
        let (hdr, base) = (self.hdr, self.base);
        let (id, flags) = (hdr.id(), hdr.flags());
        let resp = flags & 0x8000 != 0;
        let opcode = (flags >> 11) & 0xf;
        let rcode = flags & 0xf;
        n.add("dns.id", Value::Uint(id as u64, 4), base, 2)
            .label_fmt(|| format!("Transaction ID: 0x{id:04x}"));
        let f = n.add("dns.flags", Value::Uint(flags as u64, 4), base + 2, 2);
        let bit = |f: &mut Node, name: &'static str, mask: u16| {
            f.add(name, Value::Bool(flags & mask != 0), base + 2, 2);
        };
        bit(f, "dns.flags.response", 0x8000);
        f.add_uint("dns.flags.opcode", opcode as u64, base + 2, 2);
        if resp {
            bit(f, "dns.flags.authoritative", 0x0400);
        }
        bit(f, "dns.flags.truncated", 0x0200);
        bit(f, "dns.flags.recdesired", 0x0100);
        if resp {
            bit(f, "dns.flags.recavail", 0x0080);
            f.add_uint("dns.flags.rcode", rcode as u64, base + 2, 2);
        }
        for (i, (name, count)) in [
            "dns.count.queries",
            "dns.count.answers",
            "dns.count.auth_rr",
            "dns.count.add_rr",
        ]
        .into_iter()
        .zip(hdr.counts())
        .enumerate()
        {
            n.add(name, Value::Uint(count as u64, 0), base + 4 + 2 * i, 2);
        }
        header_info(id, flags)
    }

    /// The question at `pos` and its length, or `None` when it runs off the end.
    fn question(&self, pos: usize, info: &mut String) -> Option<(Node, usize)> {
        let (msg, base) = (self.msg, self.base);
        let (name, used) = read_name(msg, pos)?;
        let t = be16(msg, pos + used)?;
        let c = be16(msg, pos + used + 2)?;
        let mut e = Node::text(
            format!("{name}: type {}, class {}", type_name(t), class_name(c)),
            base + pos,
            used + 4,
        );
        e.add("dns.qry.name", Value::Str(name.clone()), base + pos, used);
        let root = name == "<Root>";
        let len = if root { 0 } else { name.len() as u64 };
        e.add_uint("dns.qry.name.len", len, base + pos, used).flags |= super::tree::GENERATED;
        let labels = if root {
            0
        } else {
            name.split('.').count() as u64
        };
        e.add_uint("dns.count.labels", labels, base + pos, used)
            .flags |= super::tree::GENERATED;
        e.add_uint("dns.qry.type", t as u64, base + pos + used, 2)
            .label_fmt(|| format!("Type: {} ({t})", type_name(t)));
        e.add(
            "dns.qry.class",
            Value::Uint((c & 0x7fff) as u64, 4),
            base + pos + used + 2,
            2,
        );
        info.push_str(&format!(" {} {name}", type_name(t)));
        if self.mdns {
            info.push_str(if c & 0x8000 != 0 {
                ", \"QU\" question"
            } else {
                ", \"QM\" question"
            });
        }
        Some((e, used + 4))
    }

    /// The resource record at `pos` and where the next one starts, or `None` when it runs
    /// off the end.
    fn record(&self, pos: usize, info: &mut String) -> Option<(Node, usize)> {
        let (msg, base) = (self.msg, self.base);
        let (name, used) = read_name(msg, pos)?;
        let p = pos + used;
        let t = be16(msg, p)?;
        let c = be16(msg, p + 2)?;
        let ttl = be32(msg, p + 4)?;
        let rdlen = be16(msg, p + 8)? as usize;
        let rd = p + 10;
        if msg.len() < rd + rdlen {
            return None;
        }
        let mut e = Node::text(String::new(), base + pos, used + 10 + rdlen);
        e.add("dns.resp.name", Value::Str(name.clone()), base + pos, used);
        e.add_uint("dns.resp.type", t as u64, base + p, 2)
            .label_fmt(|| format!("Type: {} ({t})", type_name(t)));
        if t != 41 {
            e.add(
                "dns.resp.class",
                Value::Uint((c & 0x7fff) as u64, 4),
                base + p + 2,
                2,
            );
            e.add_uint("dns.resp.ttl", ttl as u64, base + p + 4, 4);
        }
        e.add_uint("dns.resp.len", rdlen as u64, base + p + 8, 2);
        let rtext = self.rdata(&mut e, t, rd, rdlen);
        e.label = Some(if t == 41 {
            format!("{name}: type OPT")
        } else if rtext.is_empty() {
            format!("{name}: type {}, class {}", type_name(t), class_name(c))
        } else {
            format!(
                "{name}: type {}, class {}, {} {rtext}",
                type_name(t),
                class_name(c),
                rr_word(t)
            )
        });
        info.push_str(&format!(" {}", type_name(t)));
        if self.mdns && t != 41 && c & 0x8000 != 0 {
            info.push_str(", cache flush");
        }
        // (tshark's Info names a TXT record's type, not its text; an MX its preference
        // before the exchange)
        if t == 15 && !rtext.is_empty() {
            let pref = be16(msg, rd).unwrap_or(0);
            info.push_str(&format!(" {pref} {rtext}"));
        } else if !rtext.is_empty() && t != 16 {
            info.push_str(&format!(" {rtext}"));
        }
        Some((e, rd + rdlen))
    }

    /// The fields of a record's data of type `t` at `rd` (`rdlen` bytes, all inside the
    /// message); returns the data as the record's label shows it.
    fn rdata(&self, e: &mut Node, t: u16, rd: usize, rdlen: usize) -> String {
        let (msg, base) = (self.msg, self.base);
        let data = msg.get(rd..rd + rdlen).unwrap_or_default();
        match t {
            1 => match <[u8; 4]>::try_from(data) {
                Ok(a) => {
                    e.add("dns.a", Value::Ipv4(a), base + rd, 4);
                    Value::Ipv4(a).to_fields_string()
                }
                Err(_) => String::new(),
            },
            28 => match <[u8; 16]>::try_from(data) {
                Ok(a) => {
                    e.add("dns.aaaa", Value::Ipv6(a), base + rd, 16);
                    Value::Ipv6(a).to_fields_string()
                }
                Err(_) => String::new(),
            },
            5 | 2 | 12 | 6 => {
                let Some((nm, _)) = read_name(msg, rd) else {
                    return String::new();
                };
                let ab = match t {
                    5 => "dns.cname",
                    2 => "dns.ns",
                    12 => "dns.ptr.domain_name",
                    _ => "dns.soa.mname",
                };
                e.add(ab, Value::Str(nm.clone()), base + rd, rdlen);
                nm
            }
            15 => {
                let Some((nm, _)) = read_name(msg, rd + 2) else {
                    return String::new();
                };
                e.add(
                    "dns.mx.mail_exchange",
                    Value::Str(nm.clone()),
                    base + rd + 2,
                    rdlen.saturating_sub(2),
                );
                nm
            }
            13 => {
                // HINFO: CPU and OS, each a character string
                let mut parts = Vec::new();
                let mut q = 0;
                while q < data.len() && parts.len() < 2 {
                    let l = data[q] as usize;
                    let t = data.get(q + 1..(q + 1 + l).min(data.len())).unwrap_or(&[]);
                    parts.push(String::from_utf8_lossy(t).into_owned());
                    q += 1 + l;
                }
                parts.join(" ")
            }
            16 => {
                let l = data.first().copied().unwrap_or(0) as usize;
                let t = data.get(1..(1 + l).min(data.len())).unwrap_or(&[]);
                let text = String::from_utf8_lossy(t).into_owned();
                e.add("dns.txt", Value::Str(text.clone()), base + rd, rdlen);
                text
            }
            33 if rdlen >= 6 => match read_name(msg, rd + 6) {
                Some((nm, _)) => format!(
                    "{} {} {} {nm}",
                    be16(msg, rd).unwrap_or(0),
                    be16(msg, rd + 2).unwrap_or(0),
                    be16(msg, rd + 4).unwrap_or(0)
                ),
                None => String::new(),
            },
            _ => String::new(),
        }
    }
}

fn rr_word(t: u16) -> &'static str {
    match t {
        1 | 28 => "addr",
        5 => "cname",
        2 => "ns",
        12 => "ptr",
        15 => "mx",
        6 => "mname",
        _ => "",
    }
}

fn class_name(c: u16) -> &'static str {
    match c & 0x7fff {
        1 => "IN",
        3 => "CH",
        4 => "HS",
        255 => "ANY",
        _ => "Unknown",
    }
}

fn rcode_name(r: u16) -> &'static str {
    match r {
        1 => "Format error",
        2 => "Server failure",
        3 => "No such name",
        4 => "Not implemented",
        5 => "Refused",
        _ => "Unknown error",
    }
}

/// The Info text the ID and flags give: the operation (`Standard query`, `… response`),
/// the ID, and a response's error code.
fn header_info(id: u16, flags: u16) -> String {
    let resp = flags & 0x8000 != 0;
    let opcode = (flags >> 11) & 0xf;
    let rcode = flags & 0xf;
    let mut info = match opcode {
        0 => "Standard query".to_string(),
        1 => "Inverse query".to_string(),
        2 => "Server status request".to_string(),
        4 => "Zone change notification".to_string(),
        5 => "Dynamic update".to_string(),
        _ => format!("Unknown operation ({opcode})"),
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
