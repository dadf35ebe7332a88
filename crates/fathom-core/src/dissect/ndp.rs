//! Neighbor Discovery (ICMPv6 types 133–137): Router Solicitation and Advertisement,
//! Neighbor Solicitation and Advertisement, Redirect, and the options they carry, each as
//! tshark shows it.

use super::tree::{bits_str, expert_info, hex_string, Build, Group, Node, Severity, Value};
use crate::dissect::fields::FieldId;

/// A Neighbor Discovery message `m` (from its ICMPv6 type on, at `off` in the frame) of
/// type `t`: its fields and options go under `n`; returns what its options add to the Info
/// column's type name (` from <MAC>`, ` is at <MAC>`), or for a neighbor message its whole
/// Info text. `None` when the message is too short for its fixed part.
pub fn dissect(n: &mut Node, m: &[u8], off: usize, t: u8) -> Option<String> {
    let fixed = match t {
        133 => 8,
        134 => 16,
        135 | 136 => 24,
        _ => 40,
    };
    let word: [u8; 4] = m.get(4..8)?.try_into().ok()?;
    m.get(..fixed)?;
    match t {
        133 => {
            n.add(
                fid!("icmpv6.reserved"),
                Value::Bytes(word.to_vec()),
                off + 4,
                4,
            );
        }
        134 => advertisement(n, m, off),
        135 => {
            n.add(
                fid!("icmpv6.reserved"),
                Value::Bytes(word.to_vec()),
                off + 4,
                4,
            );
        }
        136 => na_flags(n, u32::from_be_bytes(word), off + 4),
        _ => {
            n.add(
                fid!("icmpv6.reserved"),
                Value::Bytes(word.to_vec()),
                off + 4,
                4,
            );
        }
    }
    let addr = |i: usize| -> [u8; 16] { m[i..i + 16].try_into().unwrap_or([0; 16]) };
    let mut info = String::new();
    if t >= 135 {
        let a = addr(8);
        let text = Value::Ipv6(a).to_fields_string();
        let field = match t {
            135 => fid!("icmpv6.nd.ns.target_address"),
            136 => fid!("icmpv6.nd.na.target_address"),
            _ => fid!("icmpv6.nd.rd.target_address"),
        };
        n.add(field, Value::Ipv6(a), off + 8, 16)
            .label_fmt(|| format!("Target Address: {text}"));
        match t {
            135 => info = format!(" for {text}"),
            136 => {
                info = format!(" {text}");
                let fl: Vec<&str> = [(0x80, "rtr"), (0x40, "sol"), (0x20, "ovr")]
                    .iter()
                    .filter(|&&(bit, _)| word[0] & bit != 0)
                    .map(|&(_, name)| name)
                    .collect();
                if !fl.is_empty() {
                    info.push_str(&format!(" ({})", fl.join(", ")));
                }
            }
            _ => {
                let d = addr(24);
                let dt = Value::Ipv6(d).to_fields_string();
                n.add(
                    fid!("icmpv6.rd.na.destination_address"),
                    Value::Ipv6(d),
                    off + 24,
                    16,
                )
                .label_fmt(|| format!("Destination Address: {dt}"));
            }
        }
    }
    info.push_str(&options(n, &m[fixed..], off + fixed));
    Some(info)
}

fn prf_name(p: u8) -> &'static str {
    match p {
        0 => "Medium",
        1 => "High",
        2 => "Reserved",
        _ => "Low",
    }
}

/// A Router Advertisement's fixed part after the checksum.
fn advertisement(n: &mut Node, m: &[u8], off: usize) {
    let f = m[5];
    n.add_uint(fid!("icmpv6.nd.ra.cur_hop_limit"), m[4] as u64, off + 4, 1)
        .label_fmt(|| format!("Cur hop limit: {}", m[4]));
    let prf = (f >> 3) & 3;
    const BITS: [(u8, FieldId, &str); 3] = [
        (
            0x80,
            fid!("icmpv6.nd.ra.flag.m"),
            "Managed address configuration",
        ),
        (0x40, fid!("icmpv6.nd.ra.flag.o"), "Other configuration"),
        (0x20, fid!("icmpv6.nd.ra.flag.h"), "Home Agent"),
    ];
    let fl = n
        .add(
            fid!("icmpv6.nd.ra.flag"),
            Value::Uint(f as u64, 2),
            off + 5,
            1,
        )
        .label_fmt(|| {
            let mut l = format!("Flags: 0x{f:02x}");
            for (bit, _, name) in BITS {
                if f & bit != 0 {
                    l.push_str(&format!(", {name}"));
                }
            }
            l.push_str(&format!(
                ", Prf (Default Router Preference): {}",
                prf_name(prf)
            ));
            if f & 0x04 != 0 {
                l.push_str(", Proxy");
            }
            l
        });
    let bits = |mask: u64| bits_str(f as u64, mask, 8);
    for (bit, field, name) in BITS {
        let on = f & bit != 0;
        fl.add(field, Value::Bool(on), off + 5, 1).label_fmt(|| {
            format!(
                "{} = {name}: {}",
                bits(bit as u64),
                if on { "Set" } else { "Not set" }
            )
        });
    }
    fl.add_uint(fid!("icmpv6.nd.ra.flag.prf"), prf as u64, off + 5, 1)
        .label_fmt(|| {
            format!(
                "{} = Prf (Default Router Preference): {} ({prf})",
                bits(0x18),
                prf_name(prf)
            )
        });
    let proxy = f & 0x04 != 0;
    fl.add(fid!("icmpv6.nd.ra.flag.p"), Value::Bool(proxy), off + 5, 1)
        .label_fmt(|| {
            format!(
                "{} = Proxy: {}",
                bits(0x04),
                if proxy { "Set" } else { "Not set" }
            )
        });
    fl.add_uint(fid!("icmpv6.nd.ra.flag.rsv"), (f & 3) as u64, off + 5, 1)
        .label_fmt(|| format!("{} = Reserved: {}", bits(0x03), f & 3));
    let life = u16::from_be_bytes([m[6], m[7]]);
    n.add_uint(
        fid!("icmpv6.nd.ra.router_lifetime"),
        life as u64,
        off + 6,
        2,
    )
    .label_fmt(|| format!("Router lifetime (s): {life}"));
    let reach = u32::from_be_bytes([m[8], m[9], m[10], m[11]]);
    n.add_uint(
        fid!("icmpv6.nd.ra.reachable_time"),
        reach as u64,
        off + 8,
        4,
    )
    .label_fmt(|| format!("Reachable time (ms): {reach}"));
    let retrans = u32::from_be_bytes([m[12], m[13], m[14], m[15]]);
    n.add_uint(
        fid!("icmpv6.nd.ra.retrans_timer"),
        retrans as u64,
        off + 12,
        4,
    )
    .label_fmt(|| format!("Retrans timer (ms): {retrans}"));
}

/// A Neighbor Advertisement's flags word: Router, Solicited, Override and the reserved bits.
fn na_flags(n: &mut Node, f: u32, at: usize) {
    const BITS: [(u32, FieldId, &str); 3] = [
        (31, fid!("icmpv6.nd.na.flag.r"), "Router"),
        (30, fid!("icmpv6.nd.na.flag.s"), "Solicited"),
        (29, fid!("icmpv6.nd.na.flag.o"), "Override"),
    ];
    let fl = n
        .add(fid!("icmpv6.nd.na.flag"), Value::Uint(f as u64, 8), at, 4)
        .label_fmt(|| {
            let mut l = format!("Flags: 0x{f:08x}");
            for (bit, _, name) in BITS {
                if f >> bit & 1 == 1 {
                    l.push_str(", ");
                    l.push_str(name);
                }
            }
            l
        });
    for (bit, field, name) in BITS {
        let on = f >> bit & 1 == 1;
        fl.add(field, Value::Bool(on), at, 4).label_fmt(|| {
            format!(
                "{} = {name}: {}",
                bits_str(f as u64, 1 << bit, 32),
                if on { "Set" } else { "Not set" }
            )
        });
    }
    let rsv = f & 0x1fff_ffff;
    fl.add(
        fid!("icmpv6.nd.na.flag.rsv"),
        Value::Uint(rsv as u64, 0),
        at,
        4,
    )
    .label_fmt(|| format!("{} = Reserved: {rsv}", bits_str(f as u64, 0x1fff_ffff, 32)));
}

/// Neighbor Discovery's options, each as (its offset in `opts`, its bytes: type, length in
/// 8-byte units, body), up to the first whose length is zero or runs past the end.
pub fn nd_options(opts: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let rest = opts.get(pos..).filter(|r| r.len() >= 2)?;
        let l = rest[1] as usize * 8;
        let o = rest.get(..l).filter(|_| l > 0)?;
        let at = pos;
        pos += l;
        Some((at, o))
    })
}

fn option_name(t: u8) -> &'static str {
    match t {
        1 => "Source link-layer address",
        2 => "Target link-layer address",
        3 => "Prefix information",
        4 => "Redirected header",
        5 => "MTU",
        24 => "Route Information",
        25 => "Recursive DNS Server",
        31 => "DNS Search List Option",
        _ => "Unknown",
    }
}

/// A lifetime in seconds, with Wireshark's words for all ones and (`zero`) for zero.
fn lifetime(v: u32, zero: Option<&str>) -> String {
    match (v, zero) {
        (u32::MAX, _) => format!("Infinity ({v})"),
        (0, Some(z)) => format!("{z} (0)"),
        _ => v.to_string(),
    }
}

/// A 32-bit field of an option (0 where the option ends first).
fn be32(o: &[u8], i: usize) -> u32 {
    super::ctx::be32(o, i).unwrap_or(0)
}

/// The options in `opts` (at `base` in the frame) as nodes under `n`; returns what the
/// link-layer address options add to the Info column.
fn options(n: &mut Node, opts: &[u8], base: usize) -> String {
    let mut info = String::new();
    for (pos, o) in nd_options(opts) {
        let (t, l, at) = (o[0], o.len(), base + pos);
        let name = option_name(t);
        let mut node = Node::new(fid!("icmpv6.opt"), Value::None, at, l);
        node.add_uint(fid!("icmpv6.opt.type"), t as u64, at, 1)
            .label_fmt(|| {
                if name == "Unknown" {
                    format!("Type: Unknown ({t})")
                } else {
                    format!("Type: {name} ({t})")
                }
            });
        node.add_uint(fid!("icmpv6.opt.length"), o[1] as u64, at + 1, 1)
            .label_fmt(|| format!("Length: {} ({l} bytes)", o[1]));
        let summary = option_body(&mut node, t, o, at, &mut info);
        node.label = Some(match summary {
            Summary::Colon(s) => format!("ICMPv6 Option ({name} : {s})"),
            Summary::Space(s) => format!("ICMPv6 Option ({name} {s})"),
            Summary::None if name == "Unknown" => format!("ICMPv6 Option (Unknown {t})"),
            Summary::None => format!("ICMPv6 Option ({name})"),
        });
        n.push(node);
    }
    info
}

/// What an option's title says after its name.
enum Summary {
    Colon(String),
    Space(String),
    None,
}

fn reserved(node: &mut Node, at: usize, len: usize) {
    node.add(fid!("icmpv6.opt.reserved"), Value::Slice, at, len)
        .label("Reserved");
}

fn option_body(node: &mut Node, t: u8, o: &[u8], at: usize, info: &mut String) -> Summary {
    let ipv6 = |i: usize| -> Option<[u8; 16]> { o.get(i..i + 16)?.try_into().ok() };
    match t {
        1 | 2 => {
            let Ok(m) = <[u8; 6]>::try_from(&o[2..8]) else {
                return Summary::None;
            };
            let text = Value::Ether(m).to_fields_string();
            node.add(fid!("icmpv6.opt.linkaddr"), Value::Ether(m), at + 2, 6)
                .label_fmt(|| format!("Link-layer address: {}", crate::names::mac_label(&m)));
            let hidden = if t == 1 {
                fid!("icmpv6.opt.src_linkaddr")
            } else {
                fid!("icmpv6.opt.target_linkaddr")
            };
            node.add(hidden, Value::Ether(m), at + 2, 6).hidden();
            info.push_str(if t == 1 { " from " } else { " is at " });
            info.push_str(&text);
            Summary::Colon(text)
        }
        3 if o.len() >= 32 => prefix_information(node, o, at),
        4 => {
            reserved(node, at + 2, 6);
            node.add(
                fid!("icmpv6.opt.redirected_packet"),
                Value::Slice,
                at + 8,
                o.len() - 8,
            )
            .label("Redirected Packet");
            Summary::None
        }
        5 => {
            reserved(node, at + 2, 2);
            let mtu = be32(o, 4);
            node.add_uint(fid!("icmpv6.opt.mtu"), mtu as u64, at + 4, 4)
                .label_fmt(|| format!("MTU: {mtu}"));
            Summary::Colon(mtu.to_string())
        }
        24 => {
            let (plen, f) = (o[2], o[3]);
            node.add_uint(fid!("icmpv6.opt.prefix.length"), plen as u64, at + 2, 1)
                .label_fmt(|| format!("Prefix Length: {plen}"));
            let prf = (f >> 3) & 3;
            let fl = node
                .add(
                    fid!("icmpv6.opt.route_info.flag"),
                    Value::Uint(f as u64, 2),
                    at + 3,
                    1,
                )
                .label_fmt(|| format!("Flag: 0x{f:02x}, Route Preference: {}", prf_name(prf)));
            fl.add_uint(
                fid!("icmpv6.opt.route_info.flag.route_preference"),
                prf as u64,
                at + 3,
                1,
            )
            .label_fmt(|| {
                format!(
                    "{} = Route Preference: {} ({prf})",
                    bits_str(f as u64, 0x18, 8),
                    prf_name(prf)
                )
            });
            let rsv = f & 0xe7;
            fl.add_uint(
                fid!("icmpv6.opt.route_info.flag.reserved"),
                rsv as u64,
                at + 3,
                1,
            )
            .label_fmt(|| format!("{} = Reserved: {rsv}", bits_str(f as u64, 0xe7, 8)));
            let life = be32(o, 4);
            node.add_uint(fid!("icmpv6.opt.route_lifetime"), life as u64, at + 4, 4)
                .label_fmt(|| format!("Route Lifetime: {}", lifetime(life, None)));
            // the prefix takes the rest of the option (0, 8 or 16 bytes)
            let mut p = [0u8; 16];
            let rest = &o[8..o.len().min(24)];
            p[..rest.len()].copy_from_slice(rest);
            let text = Value::Ipv6(p).to_fields_string();
            if !rest.is_empty() {
                node.add(
                    fid!("icmpv6.opt.prefix"),
                    Value::Ipv6(p),
                    at + 8,
                    rest.len(),
                )
                .label_fmt(|| format!("Prefix: {text}"));
            }
            Summary::Colon(format!("{} {text}/{plen}", prf_name(prf)))
        }
        25 => {
            dns_option_head(
                node,
                o,
                at,
                fid!("icmpv6.opt.rdnss.lifetime"),
                "RDNSS address MUST no longer be used",
            );
            let mut all = Vec::new();
            let mut i = 8;
            while let Some(a) = ipv6(i) {
                let text = Value::Ipv6(a).to_fields_string();
                node.add(fid!("icmpv6.opt.rdnss"), Value::Ipv6(a), at + i, 16)
                    .label(format!("Recursive DNS Servers: {text}"));
                all.push(text);
                i += 16;
            }
            Summary::Space(all.join(" "))
        }
        31 => search_list(node, o, at),
        _ => {
            node.push(expert_info(
                fid!("icmpv6.undecoded.option"),
                Severity::Note,
                Group::Undecoded,
                &format!("Dissector for ICMPv6 Option ({t}) code not implemented, Contact Wireshark developers if you want this supported"),
                at,
            ));
            let data = &o[2..];
            node.add(fid!("icmpv6.data"), Value::Slice, at + 2, data.len())
                .label_fmt(|| format!("Data: {}", hex_string(data)));
            Summary::None
        }
    }
}

/// Prefix information: the prefix a router advertises, its flags and lifetimes.
fn prefix_information(node: &mut Node, o: &[u8], at: usize) -> Summary {
    let (plen, f) = (o[2], o[3]);
    node.add_uint(fid!("icmpv6.opt.prefix.length"), plen as u64, at + 2, 1)
        .label_fmt(|| format!("Prefix Length: {plen}"));
    const BITS: [(u8, FieldId, &str); 3] = [
        (0x80, fid!("icmpv6.opt.prefix.flag.l"), "On-link flag(L)"),
        (
            0x40,
            fid!("icmpv6.opt.prefix.flag.a"),
            "Autonomous address-configuration flag(A)",
        ),
        (
            0x20,
            fid!("icmpv6.opt.prefix.flag.r"),
            "Router address flag(R)",
        ),
    ];
    let fl = node
        .add(
            fid!("icmpv6.opt.prefix.flag"),
            Value::Uint(f as u64, 2),
            at + 3,
            1,
        )
        .label_fmt(|| {
            let mut l = format!("Flag: 0x{f:02x}");
            for (bit, _, name) in BITS {
                if f & bit != 0 {
                    l.push_str(&format!(", {name}"));
                }
            }
            l
        });
    for (bit, field, name) in BITS {
        let on = f & bit != 0;
        fl.add(field, Value::Bool(on), at + 3, 1).label_fmt(|| {
            format!(
                "{} = {name}: {}",
                bits_str(f as u64, bit as u64, 8),
                if on { "Set" } else { "Not set" }
            )
        });
    }
    fl.add_uint(
        fid!("icmpv6.opt.prefix.flag.reserved"),
        (f & 0x1f) as u64,
        at + 3,
        1,
    )
    .label_fmt(|| format!("{} = Reserved: {}", bits_str(f as u64, 0x1f, 8), f & 0x1f));
    let (valid, preferred) = (be32(o, 4), be32(o, 8));
    node.add_uint(
        fid!("icmpv6.opt.prefix.valid_lifetime"),
        valid as u64,
        at + 4,
        4,
    )
    .label_fmt(|| format!("Valid Lifetime: {}", lifetime(valid, None)));
    node.add_uint(
        fid!("icmpv6.opt.prefix.preferred_lifetime"),
        preferred as u64,
        at + 8,
        4,
    )
    .label_fmt(|| format!("Preferred Lifetime: {}", lifetime(preferred, None)));
    reserved(node, at + 12, 4);
    let p: [u8; 16] = o[16..32].try_into().unwrap_or([0; 16]);
    let text = Value::Ipv6(p).to_fields_string();
    node.add(fid!("icmpv6.opt.prefix"), Value::Ipv6(p), at + 16, 16)
        .label_fmt(|| format!("Prefix: {text}"));
    Summary::Colon(format!("{text}/{plen}"))
}

/// The reserved bytes and lifetime the two DNS options (RDNSS, DNSSL) start with; a zero
/// lifetime is said in the option's own words (`zero`).
fn dns_option_head(node: &mut Node, o: &[u8], at: usize, abbrev: FieldId, zero: &str) {
    reserved(node, at + 2, 2);
    let life = be32(o, 4);
    node.add_uint(abbrev, life as u64, at + 4, 4)
        .label_fmt(|| format!("Lifetime: {}", lifetime(life, Some(zero))));
}

/// DNS Search List: its lifetime, the domain names (uncompressed DNS names, one after the
/// other) and the padding after them.
fn search_list(node: &mut Node, o: &[u8], at: usize) -> Summary {
    dns_option_head(
        node,
        o,
        at,
        fid!("icmpv6.opt.dnssl.lifetime"),
        "DNSSL domain name MUST no longer be used",
    );
    let mut names = Vec::new();
    let mut i = 8;
    // a name starts with a non-zero label length; a zero there begins the padding
    while o.get(i).is_some_and(|&l| l != 0) {
        let start = i;
        let mut labels = Vec::new();
        while let Some(&l) = o.get(i) {
            i += 1;
            if l == 0 {
                break;
            }
            let Some(label) = o.get(i..i + l as usize) else {
                i = o.len();
                break;
            };
            labels.push(String::from_utf8_lossy(label).into_owned());
            i += l as usize;
        }
        let name = labels.join(".");
        node.add(
            fid!("icmpv6.opt.dnssl"),
            Value::Str(name.clone()),
            at + start,
            i - start,
        )
        .label(format!("Domain Names: {name}"));
        names.push(name);
    }
    if i < o.len() {
        node.add(
            fid!("icmpv6.opt.padding"),
            Value::Slice,
            at + i,
            o.len() - i,
        )
        .label("Padding");
    }
    Summary::Space(names.join(" "))
}

fields! {
    "icmpv6.nd.ra.cur_hop_limit", "Cur hop limit", FT_UINT8;
    "icmpv6.nd.ra.flag", "Flags", FT_UINT8;
    "icmpv6.nd.ra.flag.m", "Managed address configuration", FT_BOOLEAN;
    "icmpv6.nd.ra.flag.o", "Other configuration", FT_BOOLEAN;
    "icmpv6.nd.ra.flag.h", "Home Agent", FT_BOOLEAN;
    "icmpv6.nd.ra.flag.prf", "Prf (Default Router Preference)", FT_UINT8;
    "icmpv6.nd.ra.flag.p", "Proxy", FT_BOOLEAN;
    "icmpv6.nd.ra.flag.rsv", "Reserved", FT_UINT8;
    "icmpv6.nd.ra.router_lifetime", "Router lifetime (s)", FT_UINT16;
    "icmpv6.nd.ra.reachable_time", "Reachable time (ms)", FT_UINT32;
    "icmpv6.nd.ra.retrans_timer", "Retrans timer (ms)", FT_UINT32;
    "icmpv6.nd.rd.target_address", "Target Address", FT_IPv6;
    "icmpv6.rd.na.destination_address", "Destination Address", FT_IPv6;
    "icmpv6.opt.reserved", "Reserved", FT_NONE;
    "icmpv6.opt.mtu", "MTU", FT_UINT32;
    "icmpv6.opt.prefix.length", "Prefix Length", FT_UINT8;
    "icmpv6.opt.prefix.flag", "Flag", FT_UINT8;
    "icmpv6.opt.prefix.flag.l", "On-link flag(L)", FT_BOOLEAN;
    "icmpv6.opt.prefix.flag.a", "Autonomous address-configuration flag(A)", FT_BOOLEAN;
    "icmpv6.opt.prefix.flag.r", "Router address flag(R)", FT_BOOLEAN;
    "icmpv6.opt.prefix.flag.reserved", "Reserved", FT_UINT8;
    "icmpv6.opt.prefix.valid_lifetime", "Valid Lifetime", FT_UINT32;
    "icmpv6.opt.prefix.preferred_lifetime", "Preferred Lifetime", FT_UINT32;
    "icmpv6.opt.prefix", "Prefix", FT_IPv6;
    "icmpv6.opt.route_info.flag", "Flag", FT_UINT8;
    "icmpv6.opt.route_info.flag.route_preference", "Route Preference", FT_UINT8;
    "icmpv6.opt.route_info.flag.reserved", "Reserved", FT_UINT8;
    "icmpv6.opt.route_lifetime", "Route Lifetime", FT_UINT32;
    "icmpv6.opt.rdnss.lifetime", "Lifetime", FT_UINT32;
    "icmpv6.opt.rdnss", "Recursive DNS Servers", FT_IPv6;
    "icmpv6.opt.dnssl.lifetime", "Lifetime", FT_UINT32;
    "icmpv6.opt.dnssl", "Domain Names", FT_STRING;
    "icmpv6.opt.padding", "Padding", FT_NONE;
    "icmpv6.opt.redirected_packet", "Redirected Packet", FT_NONE;
    "icmpv6.undecoded.option", "Undecoded option", FT_NONE;
    "icmpv6.data", "Data", FT_BYTES;
}
