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
        100 | 101 | 200 | 201 => "Private experimentation",
        127 => "Reserved for expansion of ICMPv6 error messages",
        128 => "Echo (ping) request",
        129 => "Echo (ping) reply",
        130 => "Multicast Listener Query",
        131 => "Multicast Listener Report",
        132 => "Multicast Listener Done",
        133 => "Router Solicitation",
        134 => "Router Advertisement",
        135 => "Neighbor Solicitation",
        136 => "Neighbor Advertisement",
        137 => "Redirect",
        138 => "Router Renumbering",
        139 => "Node Information Query",
        140 => "Node Information Reply",
        141 => "Inverse Neighbor Discovery Solicitation",
        142 => "Inverse Neighbor Discovery Advertisement",
        143 => "Multicast Listener Report Message v2",
        144 => "Home Agent Address Discovery Request",
        145 => "Home Agent Address Discovery Reply",
        146 => "Mobile Prefix Solicitation",
        147 => "Mobile Prefix Advertisement",
        148 => "Certification Path Solicitation",
        149 => "Certification Path Advertisement",
        150 => "Experimental Mobility",
        151 => "Multicast Router Advertisement",
        152 => "Multicast Router Solicitation",
        153 => "Multicast Router Termination",
        154 => "FMIPv6",
        155 => "RPL Control",
        156 => "Locator Update",
        157 => "Duplicate Address Request",
        158 => "Duplicate Address Confirmation",
        159 => "MPL Control Message",
        160 => "Extended Echo request",
        161 => "Extended Echo reply",
        255 => "Reserved for expansion of ICMPv6 informational messages",
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
    checksum: fid!("icmpv6.checksum"),
    status: fid!("icmpv6.checksum.status"),
    bad: fid!("icmpv6.checksum_bad.expert"),
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
    let mut n = Node::new(fid!("icmpv6"), Value::None, off, cap)
        .label("Internet Control Message Protocol v6");
    n.add_uint(fid!("icmpv6.type"), t as u64, off, 1)
        .label_fmt(|| format!("Type: {} ({t})", type_name(t)));
    let code = code_name(t, c);
    let code_node = n.add_uint(fid!("icmpv6.code"), c as u64, off + 1, 1);
    if let Some(name) = &code {
        code_node.label_fmt(|| format!("Code: {c} ({name})"));
    }
    super::icmp::checksum_nodes(&mut n, &CHECKSUM, csum, verdict, off + 2);
    cx.cols.protocol = "ICMPv6".into();
    let mut info = match &code {
        Some(name) => format!("{} ({name})", type_name(t)),
        None if type_name(t) == "Unknown" => format!("Unknown ({t})"),
        None => type_name(t).to_string(),
    };
    match t {
        128 | 129 if h.has_word() => {
            let (id, seq) = (h.ident().unwrap_or(0), h.seq().unwrap_or(0));
            n.add(
                fid!("icmpv6.echo.identifier"),
                Value::Uint(id as u64, 4),
                off + 4,
                2,
            )
            .label(format!("Identifier: 0x{id:04x}"));
            n.add_uint(fid!("icmpv6.echo.sequence_number"), seq as u64, off + 6, 2)
                .label(format!("Sequence: {seq}"));
            let hlim = cx
                .roots
                .iter()
                .rev()
                .find(|r| r.field == fid!("ipv6"))
                .and_then(|ip| {
                    ip.children
                        .iter()
                        .find(|c| c.field == fid!("ipv6.hlim"))
                        .and_then(|c| c.value.as_u64())
                });
            info = format!(
                "{} id=0x{id:04x}, seq={seq}, hop limit={}",
                type_name(t),
                hlim.unwrap_or(0)
            );
            if let Some(an) = cx.an.filter(|_| !cx.in_error) {
                if let Some(&(other, is_req)) = an.icmp_pairs.get(&cx.frame) {
                    use super::tree::GENERATED;
                    if is_req {
                        n.add(fid!("icmpv6.resp_in"), Value::Frame(other), 0, 0)
                            .label(format!("[Response In: {other}]"))
                            .flags |= GENERATED;
                    } else {
                        n.add(fid!("icmpv6.resp_to"), Value::Frame(other), 0, 0)
                            .label(format!("[Response To: {other}]"))
                            .flags |= GENERATED;
                        if let Some(req) = an.record(other) {
                            let ms = (cx.rec.ts_ns - req.ts_ns) as f64 / 1e6;
                            n.add(fid!("icmpv6.resptime"), Value::Float(ms), 0, 0)
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
        133..=137 => {
            let m = b.get(off..).map_or(&[][..], |m| &m[..cap.min(m.len())]);
            if let Some(more) = super::ndp::dissect(&mut n, m, off, t) {
                info.push_str(&more);
            }
        }
        130..=132 | 143 => {
            let m = b.get(off..).map_or(&[][..], |m| &m[..cap.min(m.len())]);
            super::mld::dissect(&mut n, m, off, t);
        }
        1..=4 if cap >= 8 => {
            // the second word: the next hop's MTU, where the error lies, or reserved
            let word = &b[off + 4..off + 8];
            let v = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
            match t {
                2 => n.add_uint(fid!("icmpv6.mtu"), v as u64, off + 4, 4),
                4 => n.add_uint(fid!("icmpv6.pointer"), v as u64, off + 4, 4),
                _ => n.add(
                    fid!("icmpv6.reserved"),
                    Value::Bytes(word.to_vec()),
                    off + 4,
                    4,
                ),
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
