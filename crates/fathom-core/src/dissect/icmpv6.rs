//! ICMPv6 (echo, errors, neighbour discovery names).

use super::ctx::Ctx;
use super::tree::{Build, Node, Value};
use crate::wire::Addr;

// ICMPv6 as IP protocol 58
inventory::submit! { super::table::IpProto { protos: &[58], dissect } }

fn type_name(t: u8) -> &'static str {
    match t {
        1 => "Destination Unreachable",
        2 => "Packet Too Big",
        3 => "Time Exceeded",
        4 => "Parameter Problem",
        128 => "Echo (ping) request",
        129 => "Echo (ping) reply",
        130 => "Multicast Listener Query",
        131 => "Multicast Listener Report",
        133 => "Router Solicitation",
        134 => "Router Advertisement",
        135 => "Neighbor Solicitation",
        136 => "Neighbor Advertisement",
        137 => "Redirect",
        143 => "Multicast Listener Report Message v2",
        _ => "Unknown",
    }
}

/// What an error message's code says, as Wireshark words it (`None`: the type names no
/// codes).
fn code_name(t: u8, c: u8) -> Option<String> {
    let known = match (t, c) {
        (1, 0) => "no route to destination",
        (1, 1) => "Administratively prohibited",
        (1, 2) => "Beyond scope of source address",
        (1, 3) => "Address unreachable",
        (1, 4) => "Port unreachable",
        (1, 5) => "Source address failed ingress/egress policy",
        (1, 6) => "Reject route to destination",
        (1, 7) => "Error in Source Routing Header",
        (1, _) => "Unknown",
        (3, 0) => "hop limit exceeded in transit",
        (3, 1) => "fragment reassembly time exceeded",
        (4, 0) => "erroneous header field encountered",
        (4, 1) => "unrecognized Next Header type encountered",
        (4, 2) => "unrecognized IPv6 option encountered",
        (4, 3) => "IPv6 First Fragment has incomplete IPv6 Header Chain",
        (3 | 4, _) => return Some(format!("Unknown ({c})")),
        _ => return None,
    };
    Some(known.to_string())
}

const V6: super::icmp::Family = super::icmp::Family {
    column: "ICMPv6",
    quotes: |t| matches!(t, 1..=4),
    echo: [128, 129],
};

const CHECKSUM: super::icmp::ChecksumFields = super::icmp::ChecksumFields {
    checksum: "icmpv6.checksum",
    status: "icmpv6.checksum.status",
    bad: "icmpv6.checksum_bad.expert",
};

/// The sum of IPv6's pseudo-header for a message of `len` bytes between `src` and `dst`.
fn pseudo_sum(src: &[u8; 16], dst: &[u8; 16], len: usize) -> u32 {
    let words = src
        .chunks(2)
        .chain(dst.chunks(2))
        .map(|w| u16::from_be_bytes([w[0], w[1]]) as u32);
    let l = len as u32;
    words.sum::<u32>() + (l >> 16) + (l & 0xffff) + 58
}

pub fn dissect(cx: &mut Ctx, off: usize, len: usize, cap: usize) {
    cx.proto("icmpv6");
    // a message quoted in an ICMPv6 error is not checked
    let verdict = match (cx.dec.src, cx.dec.dst) {
        (Some(Addr::V6(s)), Some(Addr::V6(d))) if !cx.in_error => {
            super::icmp::checksum_verdict(cx.bytes, off, len, cap, pseudo_sum(&s, &d, len))
        }
        _ => super::icmp::Verdict::Quoted,
    };
    let Some(h) = super::icmp::head(cx, off, cap, &V6) else {
        return;
    };
    let b = cx.bytes;
    let (t, c, csum) = (h.msg_type(), h.code(), h.checksum());
    let mut n =
        Node::new("icmpv6", Value::None, off, cap).label("Internet Control Message Protocol v6");
    n.add_uint("icmpv6.type", t as u64, off, 1)
        .label_fmt(|| format!("Type: {} ({t})", type_name(t)));
    let code = code_name(t, c);
    let code_node = n.add_uint("icmpv6.code", c as u64, off + 1, 1);
    if let Some(name) = &code {
        code_node.label_fmt(|| format!("Code: {c} ({name})"));
    }
    super::icmp::checksum_nodes(&mut n, &CHECKSUM, csum, verdict, off + 2);
    cx.cols.protocol = "ICMPv6".into();
    let mut info = match &code {
        Some(name) => format!("{} ({name})", type_name(t)),
        None => type_name(t).to_string(),
    };
    match t {
        128 | 129 if h.has_word() => {
            let (id, seq) = (h.ident().unwrap_or(0), h.seq().unwrap_or(0));
            n.add(
                "icmpv6.echo.identifier",
                Value::Uint(id as u64, 4),
                off + 4,
                2,
            )
            .label(format!("Identifier: 0x{id:04x}"));
            n.add_uint("icmpv6.echo.sequence_number", seq as u64, off + 6, 2)
                .label(format!("Sequence: {seq}"));
            let hlim = cx
                .roots
                .iter()
                .rev()
                .find(|r| r.abbrev == "ipv6")
                .and_then(|ip| {
                    ip.children
                        .iter()
                        .find(|c| c.abbrev == "ipv6.hlim")
                        .and_then(|c| c.value.as_u64())
                });
            info = format!(
                "{} id=0x{id:04x}, seq={seq}, hop limit={}",
                type_name(t),
                hlim.unwrap_or(0)
            );
            if let Some(an) = cx.an {
                if let Some(&(other, is_req)) = an.icmp_pairs.get(&cx.frame) {
                    use super::tree::GENERATED;
                    if is_req {
                        n.add("icmpv6.resp_in", Value::Frame(other), 0, 0)
                            .label(format!("[Response In: {other}]"))
                            .flags |= GENERATED;
                    } else {
                        n.add("icmpv6.resp_to", Value::Frame(other), 0, 0)
                            .label(format!("[Response To: {other}]"))
                            .flags |= GENERATED;
                        if let Some(req) = an.record(other) {
                            let ms = (cx.rec.ts_ns - req.ts_ns) as f64 / 1e6;
                            n.add("icmpv6.resptime", Value::Float(ms), 0, 0)
                                .label(format!("[Response Time: {ms:.3} ms]"))
                                .flags |= GENERATED;
                        }
                    }
                    info.push_str(&format!(
                        " ({} {other})",
                        if is_req { "reply in" } else { "request in" }
                    ));
                } else if t == 128 {
                    info.push_str(" (no response found!)");
                }
            }
            cx.roots.push(n);
            cx.cols.info = info;
            if cap > 8 {
                super::ctx::data(cx, off + 8);
                super::ctx::clamp_last(cx, off + cap);
                super::icmp::nest_last(cx);
            }
            return;
        }
        135 | 136 if cap >= 24 => {
            if let Some(text) = neighbor(
                &mut n,
                b.get(off..).map_or(&[][..], |m| &m[..cap.min(m.len())]),
                off,
                t,
            ) {
                info = text;
            }
        }
        133 | 134 => {
            let start = if t == 133 { 8 } else { 16 };
            if let Some(m) = lladdr(b.get(off + start..off + cap).unwrap_or(&[]), 1) {
                info = format!("{} from {m}", type_name(t));
            }
        }
        1..=4 if cap >= 8 => {
            // the second word: the next hop's MTU, where the error lies, or reserved
            let word = &b[off + 4..off + 8];
            let v = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
            match t {
                2 => n.add_uint("icmpv6.mtu", v as u64, off + 4, 4),
                4 => n.add_uint("icmpv6.pointer", v as u64, off + 4, 4),
                _ => n.add("icmpv6.reserved", Value::Bytes(word.to_vec()), off + 4, 4),
            };
            cx.roots.push(n);
            cx.cols.info = info;
            super::icmp::dissect_quoted(cx, off + 8, true);
            return;
        }
        _ => {}
    }
    cx.roots.push(n);
    cx.cols.info = info;
}

/// A Neighbor Solicitation (`t` 135) or Advertisement (136) in `m` (the message from its
/// type on, at `off` in the frame): its reserved word or flags, its target and link-layer
/// address options; the Info text, `None` when the message is too short for its target.
fn neighbor(n: &mut Node, m: &[u8], off: usize, t: u8) -> Option<String> {
    let word: [u8; 4] = m.get(4..8)?.try_into().ok()?;
    let a: [u8; 16] = m.get(8..24)?.try_into().ok()?;
    let tgt = Value::Ipv6(a).to_fields_string();
    let solicitation = t == 135;
    if solicitation {
        n.add("icmpv6.reserved", Value::Bytes(word.to_vec()), off + 4, 4);
    } else {
        na_flags(n, u32::from_be_bytes(word), off + 4);
    }
    let field = if solicitation {
        "icmpv6.nd.ns.target_address"
    } else {
        "icmpv6.nd.na.target_address"
    };
    n.add(field, Value::Ipv6(a), off + 8, 16)
        .label_fmt(|| format!("Target Address: {tgt}"));
    let opts = &m[24..];
    link_options(n, opts, off + 24);
    if solicitation {
        let mut i = format!("Neighbor Solicitation for {tgt}");
        if let Some(m) = lladdr(opts, 1) {
            i.push_str(&format!(" from {m}"));
        }
        return Some(i);
    }
    let fl: Vec<&str> = [(0x80, "rtr"), (0x40, "sol"), (0x20, "ovr")]
        .iter()
        .filter(|&&(bit, _)| word[0] & bit != 0)
        .map(|&(_, name)| name)
        .collect();
    let mut i = format!("Neighbor Advertisement {tgt}");
    if !fl.is_empty() {
        i.push_str(&format!(" ({})", fl.join(", ")));
    }
    if let Some(m) = lladdr(opts, 2) {
        i.push_str(&format!(" is at {m}"));
    }
    Some(i)
}

/// A Neighbor Advertisement's flags word: Router, Solicited, Override and the reserved bits.
fn na_flags(n: &mut Node, f: u32, at: usize) {
    const BITS: [(u32, &str, &str); 3] = [
        (31, "icmpv6.nd.na.flag.r", "Router"),
        (30, "icmpv6.nd.na.flag.s", "Solicited"),
        (29, "icmpv6.nd.na.flag.o", "Override"),
    ];
    let fl = n
        .add("icmpv6.nd.na.flag", Value::Uint(f as u64, 8), at, 4)
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
                super::tree::bits_str(f as u64, 1 << bit, 32),
                if on { "Set" } else { "Not set" }
            )
        });
    }
    let rsv = f & 0x1fff_ffff;
    fl.add("icmpv6.nd.na.flag.rsv", Value::Uint(rsv as u64, 0), at, 4)
        .label_fmt(|| {
            format!(
                "{} = Reserved: {rsv}",
                super::tree::bits_str(f as u64, 0x1fff_ffff, 32)
            )
        });
}

/// Neighbor Discovery's link-layer address options (source and target), each as tshark
/// shows it; other options are not shown.
fn link_options(n: &mut Node, opts: &[u8], base: usize) {
    for (pos, o) in nd_options(opts) {
        let (t, l, at) = (o[0], o.len(), base + pos);
        let (name, hidden) = match t {
            1 => ("Source link-layer address", "icmpv6.opt.src_linkaddr"),
            2 => ("Target link-layer address", "icmpv6.opt.target_linkaddr"),
            _ => return,
        };
        let Ok(m) = <[u8; 6]>::try_from(&o[2..8]) else {
            return;
        };
        let text = Value::Ether(m).to_fields_string();
        let mut node = Node::new("icmpv6.opt", Value::None, at, l)
            .label_fmt(|| format!("ICMPv6 Option ({name} : {text})"));
        node.add_uint("icmpv6.opt.type", t as u64, at, 1)
            .label_fmt(|| format!("Type: {name} ({t})"));
        node.add_uint("icmpv6.opt.length", o[1] as u64, at + 1, 1)
            .label_fmt(|| format!("Length: {} ({l} bytes)", o[1]));
        node.add("icmpv6.opt.linkaddr", Value::Ether(m), at + 2, 6)
            .label_fmt(|| format!("Link-layer address: {}", crate::names::mac_label(&m)));
        node.add(hidden, Value::Ether(m), at + 2, 6).flags |= super::tree::HIDDEN;
        n.push(node);
    }
}

/// Neighbor Discovery's options, each as (its offset in `opts`, its bytes: type, length in
/// 8-byte units, body), up to the first whose length is zero or runs past the end.
fn nd_options(opts: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
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

/// The link-layer address in an ND option of the given type.
fn lladdr(opts: &[u8], want: u8) -> Option<String> {
    let (_, o) = nd_options(opts).find(|(_, o)| o[0] == want)?;
    let m: [u8; 6] = o.get(2..8)?.try_into().ok()?;
    Some(Value::Ether(m).to_fields_string())
}
