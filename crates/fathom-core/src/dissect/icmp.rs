//! ICMP for IPv4.

use super::ctx::{be16, clamp_last, Ctx};
use super::tree::{Build, Node, Value};

// ICMP as IP protocol 1
inventory::submit! { super::table::IpProto { protos: &[1], dissect } }

fn type_name(t: u8, c: u8) -> (String, Option<String>) {
    let code = |s: &str| Some(s.to_string());
    match t {
        0 => ("Echo (ping) reply".into(), None),
        3 => (
            "Destination unreachable".into(),
            match c {
                0 => code("Network unreachable"),
                1 => code("Host unreachable"),
                2 => code("Protocol unreachable"),
                3 => code("Port unreachable"),
                4 => code("Fragmentation needed"),
                13 => code("Communication administratively filtered"),
                _ => Some(format!("{c}")),
            },
        ),
        4 => ("Source quench (flow control)".into(), None),
        5 => ("Redirect".into(), None),
        8 => ("Echo (ping) request".into(), None),
        11 => (
            "Time-to-live exceeded".into(),
            match c {
                0 => code("Time to live exceeded in transit"),
                _ => code("Fragment reassembly time exceeded"),
            },
        ),
        12 => ("Parameter problem".into(), None),
        13 => ("Timestamp request".into(), None),
        14 => ("Timestamp reply".into(), None),
        _ => ("Unknown ICMP (obsolete or malformed?)".to_string(), None),
    }
}

/// What ICMP and ICMPv6 tell the first pass apart: the Protocol column's name, the types
/// that quote the datagram they answer, and the echo request and reply types.
pub struct Family {
    pub column: &'static str,
    pub quotes: fn(u8) -> bool,
    pub echo: [u8; 2],
}

const V4: Family = Family {
    column: "ICMP",
    quotes: |t| matches!(t, 3 | 4 | 5 | 11 | 12),
    echo: [8, 0],
};

/// The part ICMP and ICMPv6 share: a header too short for type, code and checksum is
/// malformed; a message that quotes a datagram nests headers, and the quoted UDP header's
/// conversation is looked up; an echo names its identifier and sequence number for the
/// pairing. Returns the type when there is a tree to build.
pub fn head(cx: &mut Ctx, off: usize, cap: usize, f: &Family) -> Option<u8> {
    let b = cx.bytes;
    if cap < 4 || b.len() < off + 4 {
        if cx.tree {
            cx.cols.protocol = f.column.into();
        }
        cx.malformed(f.column, cx.snapped());
        return None;
    }
    let t = b[off];
    if (f.quotes)(t) {
        cx.dec.nested = true;
        if cap >= 8 {
            let end = (off + cap).min(b.len());
            cx.dec.quoted_udp = b.get(..end).and_then(|q| super::ip::udp_of(q, off + 8));
        }
    }
    if cap >= 8 && f.echo.contains(&t) {
        cx.dec.icmp = Some((
            t,
            be16(b, off + 4).unwrap_or(0),
            be16(b, off + 6).unwrap_or(0),
        ));
    }
    cx.tree.then_some(t)
}

pub fn dissect(cx: &mut Ctx, off: usize, _len: usize, cap: usize) {
    cx.proto("icmp");
    let Some(t) = head(cx, off, cap, &V4) else {
        return;
    };
    let b = cx.bytes;
    let c = b[off + 1];
    let csum = be16(b, off + 2).unwrap_or(0);
    let (tn, cn) = type_name(t, c);
    let mut n = Node::new("icmp", Value::None, off, cap).label("Internet Control Message Protocol");
    n.add_uint("icmp.type", t as u64, off, 1)
        .label_fmt(|| format!("Type: {t} ({tn})"));
    n.add_uint("icmp.code", c as u64, off + 1, 1)
        .label(match &cn {
            Some(s) => format!("Code: {c} ({s})"),
            None => format!("Code: {c}"),
        });
    n.add("icmp.checksum", Value::Uint(csum as u64, 4), off + 2, 2);
    n.add_uint("icmp.checksum.status", 2, off + 2, 0)
        .label("[Checksum Status: Unverified]");
    cx.cols.protocol = "ICMP".into();
    let ttl = cx
        .roots
        .iter()
        .rev()
        .find(|r| r.abbrev == "ip")
        .and_then(|ip| {
            ip.children
                .iter()
                .find(|c| c.abbrev == "ip.ttl")
                .and_then(|c| c.value.as_u64())
        });
    let info_base = match &cn {
        Some(s) => format!("{tn} ({s})"),
        None => tn.clone(),
    };
    match t {
        0 | 8 | 13 | 14 if cap >= 8 => {
            let id = be16(b, off + 4).unwrap_or(0);
            let seq = be16(b, off + 6).unwrap_or(0);
            // each as both byte orders read it, as Wireshark shows them
            for (v, at, be, le, what) in [
                (id, 4, "icmp.ident", "icmp.ident_le", "Identifier"),
                (seq, 6, "icmp.seq", "icmp.seq_le", "Sequence Number"),
            ] {
                let sw = v.swap_bytes();
                n.add_uint(be, v as u64, off + at, 2)
                    .label_fmt(|| format!("{what} (BE): {v} (0x{v:04x})"));
                n.add_uint(le, sw as u64, off + at, 2)
                    .label_fmt(|| format!("{what} (LE): {sw} (0x{sw:04x})"));
            }
            let mut info = format!(
                "{:<20} id=0x{id:04x}, seq={seq}/{}, ttl={}",
                tn,
                seq.swap_bytes(),
                ttl.unwrap_or(0)
            );
            if let Some(an) = cx.an {
                if let Some(&(other, is_req)) = an.icmp_pairs.get(&cx.frame) {
                    n.add(
                        if is_req {
                            "icmp.resp_in"
                        } else {
                            "icmp.resp_to"
                        },
                        Value::Frame(other),
                        0,
                        0,
                    )
                    .flags |= super::tree::GENERATED;
                    info.push_str(&format!(
                        " ({} {other})",
                        if is_req { "reply in" } else { "request in" }
                    ));
                } else if t == 8 {
                    info.push_str(" (no response found!)");
                }
            }
            cx.roots.push(n);
            cx.cols.info = info;
            if cap > 8 {
                super::ctx::data(cx, off + 8);
                clamp_last(cx, off + cap);
                nest_last(cx);
            }
        }
        3 | 4 | 5 | 11 | 12 if cap >= 8 => {
            cx.roots.push(n);
            cx.cols.info = info_base;
            // the offending datagram: shown without touching the columns or the analysis
            let saved_cols = cx.cols.clone();
            let saved_dec = std::mem::take(&mut cx.dec);
            let first = cx.roots.len();
            let icmp_idx = first - 1;
            super::ip::dissect(cx, off + 8);
            nest_quoted(cx, first, icmp_idx);
            cx.cols = saved_cols;
            cx.dec = saved_dec;
        }
        _ => {
            cx.roots.push(n);
            cx.cols.info = info_base;
        }
    }
}

/// The last top-level node (an echo's data) goes inside the one before it (the ICMP
/// message), as tshark's tree has it.
pub fn nest_last(cx: &mut Ctx) {
    if cx.roots.len() >= 2 && cx.roots.last().is_some_and(|n| n.abbrev == "data") {
        if let Some(d) = cx.roots.pop() {
            if let Some(icmp) = cx.roots.last_mut() {
                icmp.children.push(d);
            }
        }
    }
}

/// The quoted datagram of an ICMP error (the nodes from `first` on): its network and
/// transport headers go inside the ICMP message at `icmp`, what an application dissector
/// made of its payload stays at the top, as tshark's tree has it.
pub fn nest_quoted(cx: &mut Ctx, first: usize, icmp: usize) {
    let inner: Vec<Node> = cx.roots.drain(first..).collect();
    let (headers, apps): (Vec<Node>, Vec<Node>) = inner.into_iter().partition(|n| {
        matches!(
            n.abbrev,
            "ip" | "ipv6" | "udp" | "tcp" | "icmp" | "icmpv6" | "data" | "ipv6.fraghdr"
        )
    });
    if let Some(i) = cx.roots.get_mut(icmp) {
        i.children.extend(headers);
    }
    // a quoted datagram is cut short by design: no malformed mark for it
    cx.roots
        .extend(apps.into_iter().filter(|n| n.abbrev != "_ws.malformed"));
}
