//! DNS: header, questions and answers (over UDP, and over TCP with its length prefix).

use super::{be16, be32, Build, Ctx, Node, Value};

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

/// DNS, mDNS and LLMNR on their UDP ports.
pub const UDP: super::udp::Registration = super::udp::Registration {
    claim: super::udp::Claim::Port(53),
    dissect: |cx, s, e| dissect(cx, s, e, Flavor::Dns),
};
pub const MDNS_UDP: super::udp::Registration = super::udp::Registration {
    claim: super::udp::Claim::Port(5353),
    dissect: |cx, s, e| dissect(cx, s, e, Flavor::Mdns),
};
pub const LLMNR_UDP: super::udp::Registration = super::udp::Registration {
    claim: super::udp::Claim::Port(5355),
    dissect: |cx, s, e| dissect(cx, s, e, Flavor::Llmnr),
};

pub fn dissect(cx: &mut Ctx, off: usize, end: usize, flavor: Flavor) {
    dissect_msg(cx, off, end, flavor, false)
}

/// DNS over TCP on port 53 (a message with its length prefix needs 14 bytes).
pub fn on_tcp(cx: &mut Ctx, s: &super::tcp::Segment) -> bool {
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
    if end < base + 12 {
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
        .label_fmt(|| format!("{long_name} ({})", if resp { "response" } else { "query" }));
        if let Some(id) = be16(msg, 0) {
            n.add("dns.id", Value::Uint(id as u64, 4), base, 2)
                .label_fmt(|| format!("Transaction ID: 0x{id:04x}"));
        }
        if let Some(flags) = be16(msg, 2) {
            n.add("dns.flags", Value::Uint(flags as u64, 4), base + 2, 2);
        }
        cx.roots.push(n);
        cx.malformed(if mdns { "mDNS" } else { pcol }, cx.snapped());
        return;
    }
    let msg = &b[base..end];
    let id = be16(msg, 0).unwrap_or(0);
    let flags = be16(msg, 2).unwrap_or(0);
    let qd = be16(msg, 4).unwrap_or(0);
    let an = be16(msg, 6).unwrap_or(0);
    let ns = be16(msg, 8).unwrap_or(0);
    let ar = be16(msg, 10).unwrap_or(0);
    let resp = flags & 0x8000 != 0;
    let opcode = (flags >> 11) & 0xf;
    let rcode = flags & 0xf;
    let mut n = Node::new(pname, Value::None, root_start, end - root_start)
        .label_fmt(|| format!("{long_name} ({})", if resp { "response" } else { "query" }));
    if tcp {
        n.add(
            "dns.length",
            Value::Uint(be16(b, off).unwrap_or(0) as u64, 0),
            off,
            2,
        );
    }
    n.add("dns.id", Value::Uint(id as u64, 4), base, 2)
        .label_fmt(|| format!("Transaction ID: 0x{id:04x}"));
    let f = n.add("dns.flags", Value::Uint(flags as u64, 4), base + 2, 2);
    f.add("dns.flags.response", Value::Bool(resp), base + 2, 2);
    f.add(
        "dns.flags.opcode",
        Value::Uint(opcode as u64, 0),
        base + 2,
        2,
    );
    if resp {
        f.add(
            "dns.flags.authoritative",
            Value::Bool(flags & 0x0400 != 0),
            base + 2,
            2,
        );
    }
    f.add(
        "dns.flags.truncated",
        Value::Bool(flags & 0x0200 != 0),
        base + 2,
        2,
    );
    f.add(
        "dns.flags.recdesired",
        Value::Bool(flags & 0x0100 != 0),
        base + 2,
        2,
    );
    if resp {
        f.add(
            "dns.flags.recavail",
            Value::Bool(flags & 0x0080 != 0),
            base + 2,
            2,
        );
        f.add("dns.flags.rcode", Value::Uint(rcode as u64, 0), base + 2, 2);
    }
    n.add("dns.count.queries", Value::Uint(qd as u64, 0), base + 4, 2);
    n.add("dns.count.answers", Value::Uint(an as u64, 0), base + 6, 2);
    n.add("dns.count.auth_rr", Value::Uint(ns as u64, 0), base + 8, 2);
    n.add("dns.count.add_rr", Value::Uint(ar as u64, 0), base + 10, 2);
    let mut pos = 12usize;
    let mut info = String::new();
    let opname = match opcode {
        0 => "Standard query",
        1 => "Inverse query",
        2 => "Server status request",
        4 => "Zone change notification",
        5 => "Dynamic update",
        _ => "Unknown operation",
    };
    info.push_str(opname);
    if resp {
        info.push_str(" response");
    }
    info.push_str(&format!(" 0x{id:04x}"));
    if resp && rcode != 0 {
        info.push_str(&format!(" {}", rcode_name(rcode)));
    }
    let mut bad = false;
    if qd > 0 {
        let mut q = Node::text("Queries", base + pos, 0);
        for _ in 0..qd {
            let Some((name, used)) = read_name(msg, pos) else {
                bad = true;
                break;
            };
            let (Some(t), Some(c)) = (be16(msg, pos + used), be16(msg, pos + used + 2)) else {
                bad = true;
                break;
            };
            let mut e = Node::text(
                format!("{name}: type {}, class {}", type_name(t), class_name(c)),
                base + pos,
                used + 4,
            );
            e.add("dns.qry.name", Value::Str(name.clone()), base + pos, used);
            e.add(
                "dns.qry.name.len",
                Value::Uint(
                    if name == "<Root>" {
                        0
                    } else {
                        name.len() as u64
                    },
                    0,
                ),
                base + pos,
                used,
            )
            .flags |= super::tree::GENERATED;
            e.add(
                "dns.count.labels",
                Value::Uint(
                    if name == "<Root>" {
                        0
                    } else {
                        name.split('.').count() as u64
                    },
                    0,
                ),
                base + pos,
                used,
            )
            .flags |= super::tree::GENERATED;
            e.add(
                "dns.qry.type",
                Value::Uint(t as u64, 0),
                base + pos + used,
                2,
            )
            .label_fmt(|| format!("Type: {} ({t})", type_name(t)));
            e.add(
                "dns.qry.class",
                Value::Uint((c & 0x7fff) as u64, 4),
                base + pos + used + 2,
                2,
            );
            info.push_str(&format!(" {} {name}", type_name(t)));
            if mdns {
                info.push_str(if c & 0x8000 != 0 {
                    ", \"QU\" question"
                } else {
                    ", \"QM\" question"
                });
            }
            q.push(e);
            pos += used + 4;
        }
        q.len = (base + pos - q.start as usize) as u32;
        n.push(q);
    }
    if !bad {
        for (count, title) in [
            (an, "Answers"),
            (ns, "Authoritative nameservers"),
            (ar, "Additional records"),
        ] {
            if count == 0 {
                continue;
            }
            let mut sec = Node::text(title, base + pos, 0);
            for _ in 0..count {
                let Some((name, used)) = read_name(msg, pos) else {
                    bad = true;
                    break;
                };
                let p = pos + used;
                let (Some(t), Some(c), Some(ttl), Some(rdlen)) = (
                    be16(msg, p),
                    be16(msg, p + 2),
                    be32(msg, p + 4),
                    be16(msg, p + 8),
                ) else {
                    bad = true;
                    break;
                };
                let rd = p + 10;
                let rdlen = rdlen as usize;
                if msg.len() < rd + rdlen {
                    bad = true;
                    break;
                }
                let mut e = Node::text(String::new(), base + pos, used + 10 + rdlen);
                e.add("dns.resp.name", Value::Str(name.clone()), base + pos, used);
                e.add("dns.resp.type", Value::Uint(t as u64, 0), base + p, 2)
                    .label_fmt(|| format!("Type: {} ({t})", type_name(t)));
                if t != 41 {
                    e.add(
                        "dns.resp.class",
                        Value::Uint((c & 0x7fff) as u64, 4),
                        base + p + 2,
                        2,
                    );
                    e.add("dns.resp.ttl", Value::Uint(ttl as u64, 0), base + p + 4, 4);
                }
                e.add(
                    "dns.resp.len",
                    Value::Uint(rdlen as u64, 0),
                    base + p + 8,
                    2,
                );
                let mut rtext = String::new();
                match t {
                    1 if rdlen == 4 => {
                        let a = [msg[rd], msg[rd + 1], msg[rd + 2], msg[rd + 3]];
                        e.add("dns.a", Value::Ipv4(a), base + rd, 4);
                        rtext = Value::Ipv4(a).to_fields_string();
                    }
                    28 if rdlen == 16 => {
                        let mut a = [0u8; 16];
                        a.copy_from_slice(&msg[rd..rd + 16]);
                        e.add("dns.aaaa", Value::Ipv6(a), base + rd, 16);
                        rtext = Value::Ipv6(a).to_fields_string();
                    }
                    5 | 2 | 12 => {
                        if let Some((nm, _)) = read_name(msg, rd) {
                            let ab = match t {
                                5 => "dns.cname",
                                2 => "dns.ns",
                                _ => "dns.ptr.domain_name",
                            };
                            e.add(ab, Value::Str(nm.clone()), base + rd, rdlen);
                            rtext = nm;
                        }
                    }
                    15 => {
                        if let Some((nm, _)) = read_name(msg, rd + 2) {
                            e.add(
                                "dns.mx.mail_exchange",
                                Value::Str(nm.clone()),
                                base + rd + 2,
                                rdlen.saturating_sub(2),
                            );
                            rtext = nm;
                        }
                    }
                    13 => {
                        let mut parts = Vec::new();
                        let mut q = rd;
                        while q < rd + rdlen && parts.len() < 2 {
                            let l = msg[q] as usize;
                            let t = msg.get(q + 1..(q + 1 + l).min(rd + rdlen)).unwrap_or(&[]);
                            parts.push(String::from_utf8_lossy(t).into_owned());
                            q += 1 + l;
                        }
                        rtext = parts.join(" ");
                    }
                    16 => {
                        let l = msg.get(rd).copied().unwrap_or(0) as usize;
                        let t = msg.get(rd + 1..(rd + 1 + l).min(rd + rdlen)).unwrap_or(&[]);
                        rtext = String::from_utf8_lossy(t).into_owned();
                        e.add("dns.txt", Value::Str(rtext.clone()), base + rd, rdlen);
                    }
                    33 if rdlen >= 6 => {
                        if let Some((nm, _)) = read_name(msg, rd + 6) {
                            rtext = format!(
                                "{} {} {} {nm}",
                                be16(msg, rd).unwrap_or(0),
                                be16(msg, rd + 2).unwrap_or(0),
                                be16(msg, rd + 4).unwrap_or(0)
                            );
                        }
                    }
                    6 => {
                        if let Some((nm, _)) = read_name(msg, rd) {
                            e.add("dns.soa.mname", Value::Str(nm.clone()), base + rd, rdlen);
                            rtext = nm;
                        }
                    }
                    _ => {}
                }
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
                if mdns && t != 41 && c & 0x8000 != 0 {
                    info.push_str(", cache flush");
                }
                // (tshark's Info names a TXT record's type, not its text; an MX its
                // preference before the exchange)
                if t == 15 && !rtext.is_empty() {
                    let pref = be16(msg, rd).unwrap_or(0);
                    info.push_str(&format!(" {pref} {rtext}"));
                } else if !rtext.is_empty() && t != 16 {
                    info.push_str(&format!(" {rtext}"));
                }
                sec.push(e);
                pos = rd + rdlen;
            }
            sec.len = (base + pos - sec.start as usize) as u32;
            n.push(sec);
            if bad {
                break;
            }
        }
    }
    cx.roots.push(n);
    cx.cols.protocol = pcol.into();
    cx.cols.info = info;
    if bad {
        cx.malformed("DNS", cx.snapped());
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
}
