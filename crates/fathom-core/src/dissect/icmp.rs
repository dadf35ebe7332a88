//! ICMP for IPv4.

use super::ctx::{clamp_last, Ctx};
use super::tree::{Build, Node, Value};
use crate::dissect::fields::FieldId;
use crate::wire::IcmpHeader;

// ICMP as IP protocol 1
inventory::submit! { super::table::IpProto { protos: &[1], dissect } }

fn type_name(t: u8, c: u8) -> (String, Option<String>) {
    let (tn, codes): (&str, &[&str]) = match t {
        0 => ("Echo (ping) reply", &[]),
        3 => (
            "Destination unreachable",
            &[
                "Network unreachable",
                "Host unreachable",
                "Protocol unreachable",
                "Port unreachable",
                "Fragmentation needed",
                "Source route failed",
                "Destination network unknown",
                "Destination host unknown",
                "Source host isolated",
                "Network administratively prohibited",
                "Host administratively prohibited",
                "Network unreachable for TOS",
                "Host unreachable for TOS",
                "Communication administratively filtered",
                "Host precedence violation",
                "Precedence cutoff in effect",
            ],
        ),
        4 => ("Source quench (flow control)", &[]),
        5 => (
            "Redirect",
            &[
                "Redirect for network",
                "Redirect for host",
                "Redirect for TOS and network",
                "Redirect for TOS and host",
            ],
        ),
        8 => ("Echo (ping) request", &[]),
        11 => (
            "Time-to-live exceeded",
            &[
                "Time to live exceeded in transit",
                "Fragment reassembly time exceeded",
            ],
        ),
        12 => (
            "Parameter problem",
            &[
                "Pointer indicates the error",
                "Required option missing",
                "Bad length",
            ],
        ),
        13 => ("Timestamp request", &[]),
        14 => ("Timestamp reply", &[]),
        _ => ("Unknown ICMP (obsolete or malformed?)", &[]),
    };
    // the types with codes name each one, and say so of one they do not know
    let code = match codes.get(c as usize) {
        Some(s) => Some(s.to_string()),
        None if !codes.is_empty() => Some(format!("Unknown code: {c}")),
        None => None,
    };
    (tn.to_string(), code)
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
/// pairing. Returns the header when there is a tree to build.
pub fn head<'a>(cx: &mut Ctx<'a>, off: usize, cap: usize, f: &Family) -> Option<IcmpHeader<'a>> {
    let b = cx.bytes;
    let msg = b.get(off..(off + cap).min(b.len())).unwrap_or_default();
    let Some(h) = IcmpHeader::new_checked(msg) else {
        if cx.tree {
            cx.cols.protocol = f.column.into();
        }
        cx.malformed(f.column, cx.snapped());
        return None;
    };
    let t = h.msg_type();
    if (f.quotes)(t) {
        cx.dec.nested = true;
        if h.has_word() {
            let end = (off + cap).min(b.len());
            cx.dec.quoted_udp = b.get(..end).and_then(|q| super::ip::udp_of(q, off + 8));
            cx.dec.quoted_tcp = b.get(..end).and_then(|q| super::ip::tcp_of(q, off + 8));
        }
    }
    if let (true, Some(id), Some(seq)) = (f.echo.contains(&t), h.ident(), h.seq()) {
        // an ICMP echo reply is the request with the type changed, so its checksum is the
        // request's plus 0x0800 (one's complement): Wireshark pairs them by it as well
        let ck = h.checksum();
        let request_ck = match t {
            8 => ck,
            0 => ones_add(ck, 0xf7ff),
            _ => 0,
        };
        cx.dec.icmp = Some((t, id, seq, request_ck));
    }
    cx.tree.then_some(h)
}

pub fn dissect(cx: &mut Ctx, off: usize, len: usize, cap: usize) {
    cx.proto("icmp");
    // a message quoted in an ICMP error is not checked
    let verdict = if cx.in_error {
        Verdict::Quoted
    } else {
        checksum_verdict(cx.bytes, off, len, cap, 0)
    };
    let Some(h) = head(cx, off, cap, &V4) else {
        return;
    };
    let b = cx.bytes;
    let (t, c, csum) = (h.msg_type(), h.code(), h.checksum());
    let (tn, cn) = type_name(t, c);
    let mut n =
        Node::new(fid!("icmp"), Value::None, off, cap).label("Internet Control Message Protocol");
    n.add_uint(fid!("icmp.type"), t as u64, off, 1)
        .label_fmt(|| format!("Type: {t} ({tn})"));
    n.add_uint(fid!("icmp.code"), c as u64, off + 1, 1)
        .label(match &cn {
            Some(s) => format!("Code: {c} ({s})"),
            None => format!("Code: {c}"),
        });
    checksum_nodes(&mut n, &V4_CHECKSUM, csum, verdict, off + 2);
    cx.cols.protocol = "ICMP".into();
    let ttl = cx
        .roots
        .iter()
        .rev()
        .find(|r| r.field == fid!("ip"))
        .and_then(|ip| {
            ip.children
                .iter()
                .find(|c| c.field == fid!("ip.ttl"))
                .and_then(|c| c.value.as_u64())
        });
    // (the type name padded to 20 characters, as tshark writes it)
    let info_base = match &cn {
        Some(s) => format!("{tn:<20} ({s})"),
        None => tn.clone(),
    };
    match t {
        0 | 8 | 13 | 14 if h.has_word() => {
            let (id, seq) = (h.ident().unwrap_or(0), h.seq().unwrap_or(0));
            // each as both byte orders read it, as Wireshark shows them
            for (v, at, be, le, what) in [
                (
                    id,
                    4,
                    fid!("icmp.ident"),
                    fid!("icmp.ident_le"),
                    "Identifier",
                ),
                (
                    seq,
                    6,
                    fid!("icmp.seq"),
                    fid!("icmp.seq_le"),
                    "Sequence Number",
                ),
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
            // (a quoted echo is no request of this frame's: it is not paired)
            if let Some(an) = cx.an.filter(|_| !cx.in_error) {
                pairing(&mut n, an, cx.frame, cx.rec.ts_ns, t, off, &mut info);
            }
            // the sender's clock in the first 8 bytes of the data (ping writes it there)
            let mut data_at = off + 8;
            let stamp = b
                .get(off + 8..off + 16)
                .filter(|_| matches!(t, 0 | 8) && cap >= 16);
            if let Some(d) = stamp {
                if let Some(ts) = data_time(d, cx.rec.ts_ns) {
                    n.add(fid!("icmp.data_time"), Value::AbsTime(ts), off + 8, 8);
                    let rel = cx.rec.ts_ns - ts;
                    n.add(
                        fid!("icmp.data_time_relative"),
                        Value::RelTime(rel),
                        off + 8,
                        8,
                    )
                    .label_fmt(|| {
                        let mut t = String::from("[Timestamp from icmp data (relative): ");
                        super::tree::fmt_rel_time(rel, &mut t);
                        t.push_str(" seconds]");
                        t
                    })
                    .flags |= super::tree::GENERATED;
                    data_at += 8;
                }
            }
            cx.roots.push(n);
            cx.cols.info = info;
            // the data ends where the message does (bytes after it are the frame's trailer)
            let end = cap.min(len);
            if end > data_at - off {
                super::ctx::data(cx, data_at);
                clamp_last(cx, off + end);
                nest_last(cx);
            }
        }
        3 | 4 | 5 | 11 | 12 if cap >= 8 => {
            error_header(&mut n, b, off, &h);
            cx.roots.push(n);
            cx.cols.info = info_base;
            dissect_quoted(cx, off + 8, false);
        }
        _ => {
            cx.roots.push(n);
            cx.cols.info = info_base;
        }
    }
}

/// The second word of an error message's header: unused, the next hop's MTU of a
/// "fragmentation needed", a redirect's gateway, or where a parameter problem lies.
fn error_header(n: &mut Node, b: &[u8], off: usize, h: &IcmpHeader) {
    let unused = |n: &mut Node, at: usize, len: usize| {
        let Some(v) = b.get(off + at..off + at + len).map(<[u8]>::to_vec) else {
            return;
        };
        let mut label = String::from("Unused: ");
        super::tree::hex_into(&v, &mut label);
        n.add(fid!("icmp.unused"), Value::Bytes(v), off + at, len)
            .label(label);
    };
    match (h.msg_type(), h.code()) {
        (3, 4) => {
            unused(n, 4, 2);
            let mtu = h.seq().unwrap_or(0);
            n.add_uint(fid!("icmp.mtu"), mtu as u64, off + 6, 2)
                .label(format!("MTU of next hop: {mtu}"));
        }
        (3 | 4 | 11, _) => unused(n, 4, 4),
        (5, _) => {
            if let Some(gw) = h.word() {
                n.add(fid!("icmp.redir_gw"), Value::Ipv4(gw), off + 4, 4);
            }
        }
        (12, _) => {
            if let Some(w) = h.word() {
                n.add_uint(fid!("icmp.pointer"), w[0] as u64, off + 4, 1);
                unused(n, 5, 3);
            }
        }
        _ => {}
    }
}

/// One's complement addition of 16-bit words.
fn ones_add(a: u16, b: u16) -> u16 {
    let s = a as u32 + b as u32;
    ((s & 0xffff) + (s >> 16)) as u16
}

/// What the checksum of a message says.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Verdict {
    Good,
    /// Wrong: what it should be.
    Bad(u16),
    /// The capture holds only part of the message.
    Cut,
    /// A message quoted inside an ICMP error.
    Quoted,
}

/// The Internet checksum of the message `b[off..off + len]` (after the sum `pseudo` of a
/// pseudo-header), when the frame holds all of it.
pub fn checksum_verdict(b: &[u8], off: usize, len: usize, cap: usize, pseudo: u32) -> Verdict {
    let Some(msg) = b.get(off..off + len).filter(|_| cap >= len && len >= 4) else {
        return Verdict::Cut;
    };
    let sum = |skip_checksum: bool| {
        let mut s: u32 = pseudo;
        for (i, pair) in msg.chunks(2).enumerate() {
            if skip_checksum && i == 1 {
                continue;
            }
            let hi = pair[0] as u32;
            let lo = pair.get(1).copied().unwrap_or(0) as u32;
            s += (hi << 8) | lo;
        }
        while s > 0xffff {
            s = (s & 0xffff) + (s >> 16);
        }
        s as u16
    };
    if sum(false) == 0xffff {
        Verdict::Good
    } else {
        Verdict::Bad(!sum(true))
    }
}

/// The fields a protocol's checksum is shown with.
pub struct ChecksumFields {
    pub checksum: FieldId,
    pub status: FieldId,
    pub bad: FieldId,
}

const V4_CHECKSUM: ChecksumFields = ChecksumFields {
    checksum: fid!("icmp.checksum"),
    status: fid!("icmp.checksum.status"),
    bad: fid!("icmp.checksum_bad"),
};

/// The checksum field and its status, as tshark words them.
pub fn checksum_nodes(n: &mut Node, f: &ChecksumFields, csum: u16, verdict: Verdict, at: usize) {
    let (label, status, code) = match verdict {
        Verdict::Good => (format!("Checksum: 0x{csum:04x} [correct]"), "Good", 1),
        Verdict::Bad(should) => (
            format!("Checksum: 0x{csum:04x} incorrect, should be 0x{should:04x}"),
            "Bad",
            0,
        ),
        Verdict::Cut => (
            format!("Checksum: 0x{csum:04x} [unverified] [fragmented datagram]"),
            "Unverified",
            2,
        ),
        Verdict::Quoted => (
            format!("Checksum: 0x{csum:04x} [unverified] [in ICMP error packet]"),
            "Unverified",
            2,
        ),
    };
    let c = n
        .add(f.checksum, Value::Uint(csum as u64, 4), at, 2)
        .label(label);
    if let Verdict::Bad(should) = verdict {
        let msg = format!("Bad checksum [should be 0x{should:04x}]");
        c.push(super::tree::expert_info(
            f.bad,
            super::tree::Severity::Warn,
            super::tree::Group::Checksum,
            &msg,
            at,
        ));
    }
    n.add_uint(f.status, code, at, 0)
        .label(format!("[Checksum Status: {status}]"));
}

/// An echo's partner (`resp_in` / `resp_to`, the response time) or the want of one, and
/// the Info column's note of it.
fn pairing(
    n: &mut Node,
    an: &crate::analysis::Analysis,
    frame: u32,
    ts_ns: i64,
    t: u8,
    off: usize,
    info: &mut String,
) {
    use super::tree::GENERATED;
    match an.icmp_pairs.get(&frame) {
        Some(&(other, true)) => {
            n.add(fid!("icmp.resp_in"), Value::Frame(other), 0, 0).flags |= GENERATED;
            info.push_str(&format!(" (reply in {other})"));
        }
        Some(&(other, false)) => {
            n.add(fid!("icmp.resp_to"), Value::Frame(other), 0, 0).flags |= GENERATED;
            if let Some(req) = an.record(other) {
                let ms = (ts_ns - req.ts_ns) as f64 / 1e6;
                n.add(fid!("icmp.resptime"), Value::Float(ms), 0, 0)
                    .label(format!("[Response time: {ms:.3} ms]"))
                    .flags |= GENERATED;
            }
            info.push_str(&format!(" (request in {other})"));
        }
        None if t == 8 => {
            let mut none =
                Node::new(fid!("icmp.no_resp"), Value::None, off, 0).label("[No response seen]");
            none.flags |= GENERATED;
            none.push(super::tree::expert_info(
                fid!("icmp.resp_not_found"),
                super::tree::Severity::Warn,
                super::tree::Group::Sequence,
                "No response seen to ICMP request",
                off,
            ));
            n.push(none);
            info.push_str(" (no response found!)");
        }
        None => {}
    }
}

/// The time a ping wrote at the start of its data (seconds and microseconds, 32 bits each,
/// in either byte order), when it lies within a day of the frame's own time.
fn data_time(d: &[u8], frame_ns: i64) -> Option<i64> {
    let frame_s = frame_ns.div_euclid(1_000_000_000);
    let read = |f: fn([u8; 4]) -> u32| {
        let secs = f([d[0], d[1], d[2], d[3]]) as i64;
        let usecs = f([d[4], d[5], d[6], d[7]]) as i64;
        ((frame_s - secs).abs() < 86_400 && usecs < 1_000_000)
            .then_some(secs * 1_000_000_000 + usecs * 1_000)
    };
    read(u32::from_be_bytes).or_else(|| read(u32::from_le_bytes))
}

/// The last top-level node (an echo's data) goes inside the one before it (the ICMP
/// message), as tshark's tree has it.
pub fn nest_last(cx: &mut Ctx) {
    if cx.roots.len() >= 2 && cx.roots.last().is_some_and(|n| n.field == fid!("data")) {
        if let Some(d) = cx.roots.pop() {
            if let Some(icmp) = cx.roots.last_mut() {
                icmp.children.push(d);
            }
        }
    }
}

/// The datagram an ICMP or ICMPv6 error quotes, from `off` (an IPv6 one when `v6`), after
/// the error's own node (the last root): shown without touching the columns or the first
/// pass's facts, with `Ctx::in_error` set while it is dissected, and nested as tshark nests it.
pub fn dissect_quoted(cx: &mut Ctx, off: usize, v6: bool) {
    let saved_cols = cx.cols.clone();
    let saved_dec = std::mem::take(&mut cx.dec);
    let outer = std::mem::replace(&mut cx.in_error, true);
    let first = cx.roots.len();
    if v6 {
        super::ipv6::dissect(cx, off);
    } else {
        super::ip::dissect(cx, off);
    }
    nest_quoted(cx, first, first.saturating_sub(1));
    cx.in_error = outer;
    cx.cols = saved_cols;
    cx.dec = saved_dec;
}

/// The quoted datagram of an ICMP error (the nodes from `first` on): its network and
/// transport headers go inside the ICMP message at `icmp`, and so does a TCP segment's
/// payload; what a UDP datagram's payload is dissected as (its data too) stays at the top,
/// as tshark's tree has it.
fn nest_quoted(cx: &mut Ctx, first: usize, icmp: usize) {
    let inner: Vec<Node> = cx.roots.drain(first..).collect();
    let mut after_udp = false;
    let (headers, apps): (Vec<Node>, Vec<Node>) = inner.into_iter().partition(|n| {
        let header = matches!(
            n.abbrev(),
            "ip" | "ipv6" | "udp" | "tcp" | "icmp" | "icmpv6" | "ipv6.fraghdr"
        ) || (n.field == fid!("data") && !after_udp);
        after_udp |= n.field == fid!("udp");
        header
    });
    if let Some(i) = cx.roots.get_mut(icmp) {
        i.children.extend(headers);
    }
    // a quoted datagram is cut short by design: no malformed mark for it
    cx.roots.extend(
        apps.into_iter()
            .filter(|n| n.field != fid!("_ws.malformed")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pings_timestamp_is_read_in_either_order_within_a_day() {
        let frame = 1_795_247_650 * 1_000_000_000 + 258_223_000;
        let le = [0x22, 0x4e, 0x01, 0x6b, 0, 0, 0, 0];
        assert_eq!(data_time(&le, frame), Some(1_795_247_650 * 1_000_000_000));
        let mut be = (1_795_247_651u32).to_be_bytes().to_vec();
        be.extend_from_slice(&5000u32.to_be_bytes());
        assert_eq!(
            data_time(&be, frame),
            Some(1_795_247_651 * 1_000_000_000 + 5_000_000)
        );
        // a day and more away, or more microseconds than a second holds: no timestamp
        let far = (1_795_247_650u32 - 86_401).to_le_bytes();
        assert_eq!(data_time(&[far.as_slice(), &[0; 4]].concat(), frame), None);
        let big_us = [(1_795_247_654u32).to_le_bytes(), 2_000_000u32.to_le_bytes()].concat();
        assert_eq!(data_time(&big_us, frame), None);
    }

    #[test]
    fn checksums_verified_and_replies_answer_their_requests() {
        // an echo request (type 8) and its reply (type 0) with the same data
        let mut req = vec![8, 0, 0, 0, 0x19, 0x95, 0, 1, 1, 2, 3];
        let ck = match checksum_verdict(&req, 0, req.len(), req.len(), 0) {
            Verdict::Bad(should) => should,
            v => panic!("{v:?}"),
        };
        req[2..4].copy_from_slice(&ck.to_be_bytes());
        assert_eq!(
            checksum_verdict(&req, 0, req.len(), req.len(), 0),
            Verdict::Good
        );
        assert_eq!(checksum_verdict(&req, 0, req.len(), 6, 0), Verdict::Cut);
        let mut rep = req.clone();
        rep[0] = 0;
        let rck = match checksum_verdict(&rep, 0, rep.len(), rep.len(), 0) {
            Verdict::Bad(should) => should,
            v => panic!("{v:?}"),
        };
        // the key a reply is looked up by is its request's checksum
        assert_eq!(ones_add(rck, 0xf7ff), ck);
    }
}
