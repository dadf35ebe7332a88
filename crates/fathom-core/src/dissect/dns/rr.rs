//! DNS resource records: the record's fixed fields and its data by type (addresses, names, MX, TXT, SOA, SRV, EDNS's OPT pseudo-record and its options).

use super::super::ctx::{be16, be32};
use super::super::tree::{
    bits_str, expert_info, flag_label, Build, Group, Node, Severity, Value, GENERATED,
};
use super::types::{class_name, duration, type_entry, type_line, type_name};
use super::{read_name, Msg};
use crate::dissect::fields::FieldId;

/// The class field (mDNS: its low 15 bits and the cache-flush or QU bit beside it).
pub fn class_nodes(e: &mut Node, abbrev: FieldId, c: u16, at: usize, mdns: bool) {
    if !mdns {
        e.add(abbrev, Value::Uint(c as u64, 4), at, 2)
            .label_fmt(|| format!("Class: {} (0x{c:04x})", class_name(c)));
        return;
    }
    let low = c & 0x7fff;
    e.add(abbrev, Value::Uint(low as u64, 4), at, 2)
        .label_fmt(|| {
            format!(
                "{} = Class: {} (0x{low:04x})",
                bits_str(c as u64, 0x7fff, 16),
                class_name(low)
            )
        });
    let on = c & 0x8000 != 0;
    let (bit, name) = if abbrev == fid!("dns.qry.class") {
        (fid!("dns.qry.qu"), "\"QU\" question")
    } else {
        (fid!("dns.resp.cache_flush"), "Cache flush")
    };
    e.add(bit, Value::Bool(on), at, 2).label_fmt(|| {
        format!(
            "{} = {name}: {}",
            bits_str(c as u64, 0x8000, 16),
            if on { "True" } else { "False" }
        )
    });
}

/// A record's data and how its summary line ends (`addr 10.0.0.1`, `mx mail.x`).
struct Rdata {
    summary: String,
    /// The Info column's words for it.
    info: String,
}

impl Msg<'_> {
    /// The resource record at `pos` and where the next one starts, or `None` when it runs
    /// off the end.
    pub(super) fn record(&self, pos: usize, info: &mut String) -> Option<(Node, usize)> {
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
        if t == 33 {
            srv_name(&mut e, &name, base + pos, used);
        } else {
            e.add(
                fid!("dns.resp.name"),
                Value::Str(name.clone()),
                base + pos,
                used,
            );
        }
        e.add_uint(fid!("dns.resp.type"), t as u64, base + p, 2)
            .label_fmt(|| type_line(t));
        let cache_flush = self.mdns && t != 41 && c & 0x8000 != 0;
        let class = if self.mdns { c & 0x7fff } else { c };
        if t == 41 {
            opt_fixed(&mut e, c, ttl, base + p + 2, self.mdns);
        } else {
            class_nodes(&mut e, fid!("dns.resp.class"), c, base + p + 2, self.mdns);
            let tn = e
                .add_uint(fid!("dns.resp.ttl"), ttl as u64, base + p + 4, 4)
                .label_fmt(|| format!("Time to live: {ttl} ({})", duration(ttl)));
            if ttl & 0x8000_0000 != 0 {
                tn.push(expert_info(
                    fid!("dns.ttl.high_bit_set"),
                    Severity::Warn,
                    Group::Protocol,
                    "The uppermost bit of the TTL is set (RFC 2181, section 8)",
                    base + p + 4,
                ));
            }
        }
        e.add_uint(fid!("dns.resp.len"), rdlen as u64, base + p + 8, 2);
        let data = self.rdata(&mut e, t, (rd, rdlen), &name);
        if super::super::tree::labels_on() {
            let mut l = if t == 41 {
                format!("{name}: type OPT")
            } else {
                format!("{name}: type {}, class {}", type_name(t), class_name(class))
            };
            if cache_flush {
                l.push_str(", cache flush");
            }
            if !data.summary.is_empty() {
                l.push_str(", ");
                l.push_str(&data.summary);
            }
            e.label = Some(l);
        }
        info.push(' ');
        info.push_str(&type_name(t));
        if cache_flush {
            info.push_str(", cache flush");
        }
        if !data.info.is_empty() {
            info.push(' ');
            info.push_str(&data.info);
        }
        Some((e, rd + rdlen))
    }

    /// The fields of a record's data of type `t` at `rd` (`rdlen` bytes, all inside the
    /// message), of the record named `owner`.
    fn rdata(&self, e: &mut Node, t: u16, (rd, rdlen): (usize, usize), owner: &str) -> Rdata {
        let (msg, base) = (self.msg, self.base);
        let data = msg.get(rd..rd + rdlen).unwrap_or_default();
        let at = base + rd;
        // (the registry's names label these fields: "CNAME: x", "Name Server: x"…)
        let named = |e: &mut Node, abbrev: FieldId, word: &str| {
            let Some((nm, _)) = read_name(msg, rd) else {
                return Rdata::none();
            };
            e.add(abbrev, Value::Str(nm.clone()), at, rdlen);
            let summary = if word.is_empty() {
                nm.clone()
            } else {
                format!("{word} {nm}")
            };
            Rdata { summary, info: nm }
        };
        match t {
            1 | 28 => {
                let v = match data.len() {
                    4 => <[u8; 4]>::try_from(data).ok().map(Value::Ipv4),
                    16 => <[u8; 16]>::try_from(data).ok().map(Value::Ipv6),
                    _ => None,
                };
                let Some(v) = v.filter(|v| matches!(v, Value::Ipv4(_)) == (t == 1)) else {
                    return Rdata::none();
                };
                let text = v.to_fields_string();
                let abbrev = if t == 1 {
                    fid!("dns.a")
                } else {
                    fid!("dns.aaaa")
                };
                e.add(abbrev, v, at, rdlen);
                Rdata {
                    summary: format!("addr {text}"),
                    info: text,
                }
            }
            5 => named(e, fid!("dns.cname"), "cname"),
            2 => named(e, fid!("dns.ns"), "ns"),
            12 => named(e, fid!("dns.ptr.domain_name"), ""),
            6 => self.soa(e, rd, rdlen),
            15 => self.mx(e, rd, rdlen),
            16 => {
                txt(e, data, at);
                Rdata::none()
            }
            33 => self.srv(e, rd, rdlen),
            41 => {
                opt_options(e, data, at);
                Rdata::none()
            }
            13 => hinfo(e, data, at),
            43 | 46 | 48 | 50 => {
                super::dnssec::rdata(e, t, msg, rd, data, at);
                Rdata::none()
            }
            47 => {
                super::dnssec::rdata(e, t, msg, rd, data, at);
                match read_name(msg, rd) {
                    Some((next, _)) => Rdata {
                        summary: format!("next domain name {next}"),
                        info: next,
                    },
                    None => Rdata::none(),
                }
            }
            51 => {
                super::dnssec::rdata(e, t, msg, rd, data, at);
                // (tshark's Info names the record's owner)
                Rdata {
                    summary: String::new(),
                    info: owner.to_string(),
                }
            }
            _ if type_entry(t).is_none() => {
                e.push(expert_info(
                    fid!("dns.undecoded.type"),
                    Severity::Note,
                    Group::Undecoded,
                    &format!(
                        "Dissector for DNS Type ({t}) code not implemented, Contact Wireshark developers if you want this supported"
                    ),
                    at,
                ));
                e.add(fid!("dns.data"), Value::Bytes(data.to_vec()), at, rdlen);
                Rdata::none()
            }
            _ => Rdata::none(),
        }
    }

    fn mx(&self, e: &mut Node, rd: usize, rdlen: usize) -> Rdata {
        let (msg, at) = (self.msg, self.base + rd);
        let (Some(pref), Some((nm, _))) = (be16(msg, rd), read_name(msg, rd + 2)) else {
            return Rdata::none();
        };
        e.add_uint(fid!("dns.mx.preference"), pref as u64, at, 2);
        e.add(
            fid!("dns.mx.mail_exchange"),
            Value::Str(nm.clone()),
            at + 2,
            rdlen.saturating_sub(2),
        );
        Rdata {
            summary: format!("preference {pref}, mx {nm}"),
            info: format!("{pref} {nm}"),
        }
    }

    fn soa(&self, e: &mut Node, rd: usize, rdlen: usize) -> Rdata {
        let (msg, base) = (self.msg, self.base);
        let Some((mname, mlen)) = read_name(msg, rd) else {
            return Rdata::none();
        };
        e.add(
            fid!("dns.soa.mname"),
            Value::Str(mname.clone()),
            base + rd,
            mlen,
        );
        let summary = Rdata {
            summary: format!("mname {mname}"),
            info: mname.clone(),
        };
        let Some((rname, rlen)) = read_name(msg, rd + mlen) else {
            return summary;
        };
        e.add(
            fid!("dns.soa.rname"),
            Value::Str(rname.clone()),
            base + rd + mlen,
            rlen,
        );
        let mut p = rd + mlen + rlen;
        let numbers: [(FieldId, &str, bool); 5] = [
            (fid!("dns.soa.serial_number"), "Serial Number", false),
            (fid!("dns.soa.refresh_interval"), "Refresh Interval", true),
            (fid!("dns.soa.retry_interval"), "Retry Interval", true),
            (fid!("dns.soa.expire_limit"), "Expire limit", true),
            (fid!("dns.soa.minimum_ttl"), "Minimum TTL", true),
        ];
        for (abbrev, what, time) in numbers {
            if p + 4 > rd + rdlen {
                break;
            }
            let Some(v) = be32(msg, p) else { break };
            e.add_uint(abbrev, v as u64, base + p, 4).label_fmt(|| {
                if time {
                    format!("{what}: {v} ({})", duration(v))
                } else {
                    format!("{what}: {v}")
                }
            });
            p += 4;
        }
        summary
    }

    fn srv(&self, e: &mut Node, rd: usize, rdlen: usize) -> Rdata {
        let (msg, at) = (self.msg, self.base + rd);
        let (Some(prio), Some(weight), Some(port)) =
            (be16(msg, rd), be16(msg, rd + 2), be16(msg, rd + 4))
        else {
            return Rdata::none();
        };
        let Some((target, _)) = read_name(msg, rd + 6) else {
            return Rdata::none();
        };
        for (abbrev, v, off) in [
            (fid!("dns.srv.priority"), prio, 0),
            (fid!("dns.srv.weight"), weight, 2),
            (fid!("dns.srv.port"), port, 4),
        ] {
            e.add_uint(abbrev, v as u64, at + off, 2);
        }
        e.add(
            fid!("dns.srv.target"),
            Value::Str(target.clone()),
            at + 6,
            rdlen.saturating_sub(6),
        );
        Rdata {
            summary: format!("priority {prio}, weight {weight}, port {port}, target {target}"),
            info: format!("{prio} {weight} {port} {target}"),
        }
    }
}

impl Rdata {
    fn none() -> Rdata {
        Rdata {
            summary: String::new(),
            info: String::new(),
        }
    }
}

/// HINFO: the CPU and the OS, each a character string.
fn hinfo(e: &mut Node, data: &[u8], at: usize) -> Rdata {
    let mut texts = Vec::new();
    let mut q = 0;
    let rows = [
        (fid!("dns.hinfo.cpu_length"), fid!("dns.hinfo.cpu"), "CPU"),
        (fid!("dns.hinfo.os_length"), fid!("dns.hinfo.os"), "OS"),
    ];
    for (len_abbrev, abbrev, what) in rows {
        let Some(&l) = data.get(q) else { break };
        let l = l as usize;
        let Some(s) = data.get(q + 1..q + 1 + l) else {
            break;
        };
        e.add_uint(len_abbrev, l as u64, at + q, 1);
        let text = String::from_utf8_lossy(s).into_owned();
        e.add(abbrev, Value::Str(text.clone()), at + q + 1, l);
        texts.push((what, text));
        q += 1 + l;
    }
    Rdata {
        summary: texts
            .iter()
            .map(|(w, t)| format!("{w} {t}"))
            .collect::<Vec<_>>()
            .join(", "),
        info: texts
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// An SRV record's owner name `service.proto.name`, read as its first two labels and the
/// rest, as Wireshark splits it (a name of fewer labels is just the name).
fn srv_name(e: &mut Node, name: &str, at: usize, len: usize) {
    let mut parts = name.splitn(3, '.');
    if let (Some(svc), Some(proto), Some(rest)) = (parts.next(), parts.next(), parts.next()) {
        for (abbrev, v) in [
            (fid!("dns.srv.service"), svc),
            (fid!("dns.srv.proto"), proto),
            (fid!("dns.srv.name"), rest),
        ] {
            e.add(abbrev, Value::Str(v.to_string()), at, len);
        }
        return;
    }
    e.add(fid!("dns.resp.name"), Value::Str(name.to_string()), at, len);
}

/// A TXT record's character strings, each its length and its text.
fn txt(e: &mut Node, data: &[u8], at: usize) {
    let mut q = 0;
    while let Some(&l) = data.get(q) {
        let l = l as usize;
        let Some(s) = data.get(q + 1..q + 1 + l) else {
            break;
        };
        e.add_uint(fid!("dns.txt.length"), l as u64, at + q, 1);
        let text = String::from_utf8_lossy(s).into_owned();
        e.add(fid!("dns.txt"), Value::Str(text.clone()), at + q + 1, l);
        q += 1 + l;
    }
}

/// The OPT pseudo-record's class and TTL fields: the UDP payload size, the extended RCODE,
/// the EDNS version and the Z flags.
fn opt_fixed(e: &mut Node, size: u16, ttl: u32, at: usize, mdns: bool) {
    if mdns {
        // mDNS reads the class field's top bit as cache flush, the OPT record's too
        let low = size & 0x7fff;
        e.add(
            fid!("dns.rr.udp_payload_size"),
            Value::Uint(low as u64, 4),
            at,
            2,
        )
        .label_fmt(|| {
            format!(
                "{} = UDP payload size: 0x{low:04x}",
                bits_str(size as u64, 0x7fff, 16)
            )
        });
        let on = size & 0x8000 != 0;
        e.add(fid!("dns.resp.cache_flush"), Value::Bool(on), at, 2)
            .label_fmt(|| {
                format!(
                    "{} = Cache flush: {}",
                    bits_str(size as u64, 0x8000, 16),
                    if on { "True" } else { "False" }
                )
            });
    } else {
        e.add_uint(fid!("dns.rr.udp_payload_size"), size as u64, at, 2);
    }
    let ext = ttl >> 24;
    e.add(
        fid!("dns.resp.ext_rcode"),
        Value::Uint(ext as u64, 2),
        at + 2,
        1,
    )
    .label_fmt(|| format!("Higher bits in extended RCODE: 0x{ext:02x}"));
    let ver = (ttl >> 16) & 0xff;
    e.add_uint(fid!("dns.resp.edns0_version"), ver as u64, at + 3, 1);
    let z = (ttl & 0xffff) as u16;
    let zn = e
        .add(fid!("dns.resp.z"), Value::Uint(z as u64, 4), at + 4, 2)
        .label_fmt(|| format!("Z: 0x{z:04x}"));
    zn.add(
        fid!("dns.resp.z.do"),
        Value::Bool(z & 0x8000 != 0),
        at + 4,
        2,
    )
    .label_fmt(|| {
        flag_label(
            z as u64,
            0x8000,
            16,
            "DO bit",
            (
                "Accepts DNSSEC security RRs",
                "Cannot handle DNSSEC security RRs",
            ),
        )
    });
    let rest = z & 0x7fff;
    zn.add(
        fid!("dns.resp.z.reserved"),
        Value::Uint(rest as u64, 4),
        at + 4,
        2,
    )
    .label_fmt(|| {
        format!(
            "{} = Reserved: 0x{rest:04x}",
            bits_str(z as u64, 0x7fff, 16)
        )
    });
}

fn option_name(code: u16) -> String {
    match code {
        3 => "NSID - Name Server Identifier".into(),
        4 => "Owner (reserved)".into(),
        5 => "DAU - DNSSEC Algorithm Understood (RFC6975)".into(),
        6 => "DHU - DS Hash Understood (RFC6975)".into(),
        7 => "N3U - NSEC3 Hash Understood (RFC6975)".into(),
        8 => "CSUBNET - Client subnet".into(),
        9 => "EDNS EXPIRE (RFC7314)".into(),
        10 => "COOKIE".into(),
        11 => "EDNS TCP Keepalive".into(),
        12 => "PADDING".into(),
        13 => "CHAIN".into(),
        15 => "Extended DNS Error".into(),
        _ => format!("Unknown ({code})"),
    }
}

/// The options in an OPT record's data.
fn opt_options(e: &mut Node, data: &[u8], at: usize) {
    let mut q = 0;
    while q + 4 <= data.len() {
        let (Some(code), Some(len)) = (be16(data, q), be16(data, q + 2)) else {
            break;
        };
        let len = len as usize;
        let Some(body) = data.get(q + 4..q + 4 + len) else {
            break;
        };
        let name = option_name(code);
        let mut o = Node::new(fid!("dns.opt"), Value::None, at + q, 4 + len);
        if super::super::tree::labels_on() {
            o.label = Some(format!("Option: {name}"));
        }
        o.add_uint(fid!("dns.opt.code"), code as u64, at + q, 2)
            .label_fmt(|| {
                if name.starts_with("Unknown") {
                    format!("Option Code: {name}")
                } else {
                    format!("Option Code: {name} ({code})")
                }
            });
        o.add_uint(fid!("dns.opt.len"), len as u64, at + q + 2, 2);
        let d = o.add(
            fid!("dns.opt.data"),
            Value::Bytes(body.to_vec()),
            at + q + 4,
            len,
        );
        if body.is_empty() {
            *d = d.clone().label_fmt(|| "Option Data: <MISSING>".into());
        }
        option_fields(&mut o, code, body, at + q + 4);
        e.push(o);
        q += 4 + len;
    }
}

/// What Fathom reads inside an option: a client subnet, a cookie, padding, a keepalive.
fn option_fields(o: &mut Node, code: u16, body: &[u8], at: usize) {
    match code {
        8 if body.len() >= 4 => {
            let family = be16(body, 0).unwrap_or(0);
            let (src, scope) = (body[2], body[3]);
            let fam = match family {
                1 => "IPv4",
                2 => "IPv6",
                _ => "Unknown",
            };
            o.add_uint(fid!("dns.opt.client.family"), family as u64, at, 2)
                .label_fmt(|| format!("Family: {fam} ({family})"));
            o.add_uint(fid!("dns.opt.client.netmask"), src as u64, at + 2, 1);
            o.add_uint(fid!("dns.opt.client.scope"), scope as u64, at + 3, 1);
            let addr = &body[4..];
            let v = match family {
                1 if addr.len() <= 4 => {
                    let mut a = [0u8; 4];
                    a[..addr.len()].copy_from_slice(addr);
                    Some((fid!("dns.opt.client.addr4"), Value::Ipv4(a)))
                }
                2 if addr.len() <= 16 => {
                    let mut a = [0u8; 16];
                    a[..addr.len()].copy_from_slice(addr);
                    Some((fid!("dns.opt.client.addr6"), Value::Ipv6(a)))
                }
                _ => None,
            };
            if let Some((abbrev, v)) = v {
                o.add(abbrev, v, at + 4, addr.len());
            }
        }
        10 if body.len() >= 8 => {
            o.add(
                fid!("dns.opt.cookie.client"),
                Value::Bytes(body[..8].to_vec()),
                at,
                8,
            );
            let server = o.add(
                fid!("dns.opt.cookie.server"),
                Value::Bytes(body[8..].to_vec()),
                at + 8,
                body.len() - 8,
            );
            if body.len() == 8 {
                *server = server
                    .clone()
                    .label_fmt(|| "Server Cookie: <MISSING>".into());
            }
        }
        11 if body.len() >= 2 => {
            let t = be16(body, 0).unwrap_or(0);
            o.add_uint(fid!("dns.opt.edns_tcp_keepalive.timeout"), t as u64, at, 2);
        }
        12 if !body.is_empty() => {
            o.add(
                fid!("dns.opt.padding"),
                Value::Bytes(body.to_vec()),
                at,
                body.len(),
            );
        }
        _ => {}
    }
}

/// The Name Length and Label Count Wireshark adds under a question's name.
pub fn name_facts(e: &mut Node, name: &str, at: usize, len: usize) {
    let labels = if name == "<Root>" {
        1
    } else {
        name.split('.').count()
    };
    let nlen = name.len();
    e.add_uint(fid!("dns.qry.name.len"), nlen as u64, at, len)
        .flags |= GENERATED;
    e.add_uint(fid!("dns.count.labels"), labels as u64, at, len)
        .flags |= GENERATED;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_wireshark_writes_them() {
        assert_eq!(duration(0), "0 seconds");
        assert_eq!(duration(1), "1 second");
        assert_eq!(duration(3661), "1 hour, 1 minute, 1 second");
        assert_eq!(duration(86400), "1 day");
        assert_eq!(
            duration(u32::MAX),
            "49710 days, 6 hours, 28 minutes, 15 seconds"
        );
    }

    #[test]
    fn types_have_wiresharks_names() {
        assert_eq!(type_line(1), "Type: A (Host Address) (1)");
        assert_eq!(type_line(41), "Type: OPT (41)");
        assert_eq!(type_line(10), "Type: NULL RR (10)");
        assert_eq!(
            type_line(255),
            "Type: * (A request for all records the server/cache has available) (255)"
        );
        assert_eq!(type_line(53), "Type: Unknown (53)");
        assert_eq!(type_name(255), "ANY");
        assert_eq!(type_name(4660), "Unknown (4660)");
    }
}
