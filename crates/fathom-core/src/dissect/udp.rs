//! UDP.

use super::ctx::Ctx;
use super::table::Carries;
use super::tree::{Build, Node, Value};
use crate::wire::{UdpDgram, UdpHeader};

// UDP as IP protocol 17
inventory::submit! { super::table::IpProto { protos: &[17], dissect } }

/// A header whose length is shorter than itself: the ports and the length with its error,
/// as far as Wireshark goes.
fn too_short(cx: &mut Ctx, off: usize, sport: u16, dport: u16, ulen: usize) {
    let mut n = Node::new(fid!("udp"), Value::None, off, 8).label_fmt(|| {
        format!(
            "User Datagram Protocol, Src Port: {}, Dst Port: {}",
            crate::names::port_label(sport, true),
            crate::names::port_label(dport, true)
        )
    });
    n.add_uint(fid!("udp.srcport"), sport as u64, off, 2)
        .label_fmt(|| format!("Source Port: {}", crate::names::port_label(sport, true)));
    n.add_uint(fid!("udp.dstport"), dport as u64, off + 2, 2)
        .label_fmt(|| {
            format!(
                "Destination Port: {}",
                crate::names::port_label(dport, true)
            )
        });
    n.add_uint(fid!("udp.port"), sport as u64, off, 2).flags |= super::tree::HIDDEN;
    n.add_uint(fid!("udp.port"), dport as u64, off + 2, 2).flags |= super::tree::HIDDEN;
    n.add_uint(fid!("udp.length"), ulen as u64, off + 4, 2)
        .label_fmt(|| format!("Length: {ulen} (bogus, must be >= 8)"))
        .push(super::tree::expert_info(
            fid!("udp.length.bad"),
            super::tree::Severity::Error,
            super::tree::Group::Malformed,
            &format!("Bad length value {ulen} < 8"),
            off + 4,
        ));
    cx.roots.push(n);
    cx.cols.protocol = "UDP".into();
    cx.cols.info = format!(
        "{} → {} [BAD UDP LENGTH {ulen} < 8]",
        crate::names::port_info(sport, true),
        crate::names::port_info(dport, true)
    );
}

/// The checksum item and its status: a zero that means none, a zero that is illegal, or a
/// value left unverified.
fn checksum_items(n: &mut Node, csum: u16, none: bool, illegal: bool, off: usize) {
    let ck = n.add(
        fid!("udp.checksum"),
        Value::Uint(csum as u64, 4),
        off + 6,
        2,
    );
    let status = |code: u64, text: &str| {
        Node::new(
            fid!("udp.checksum.status"),
            Value::Uint(code, 0),
            off + 6,
            0,
        )
        .label(format!("Checksum Status: {text}"))
        .generated()
    };
    if none {
        ck.label = Some("Checksum: 0x0000 [zero-value ignored]".into());
        ck.push(status(3, "Not present"));
    } else if illegal {
        ck.label = Some("Checksum: 0x0000 [zero-value illegal]".into());
        ck.push(super::tree::expert_info(
            fid!("udp.checksum.zero"),
            super::tree::Severity::Error,
            super::tree::Group::Checksum,
            "Illegal checksum value (0)",
            off + 6,
        ));
        ck.push(status(4, "Illegal"));
    } else {
        ck.label = Some(format!("Checksum: 0x{csum:04x} [unverified]"));
        n.push(status(2, "Unverified"));
    }
}

pub fn dissect(cx: &mut Ctx, off: usize, len: usize, cap: usize) {
    cx.proto("udp");
    let b = cx.bytes;
    let view = b.get(off..).and_then(UdpHeader::new_checked);
    let Some(h) = view.filter(|_| cap >= 8) else {
        if cx.tree {
            cx.cols.protocol = "UDP".into();
        }
        cx.malformed("UDP", cx.snapped() || len >= 8);
        return;
    };
    let (sport, dport, ulen, csum) = (
        h.src_port(),
        h.dst_port(),
        h.length() as usize,
        h.checksum(),
    );
    if ulen < 8 {
        // (Wireshark stops here: no conversation, no checksum, no payload)
        if cx.tree {
            too_short(cx, off, sport, dport, ulen);
        }
        return;
    }
    let plen = ulen.saturating_sub(8).min(len.saturating_sub(8));
    let pcap_ = plen.min(cap - 8);
    cx.dec.udp = Some(UdpDgram {
        src: cx.dec.src,
        dst: cx.dec.dst,
        sport,
        dport,
        payload: (off + 8, off + 8 + pcap_),
    });
    if !cx.tree {
        // a tunnel's inner packet matters to the analysis; sampled packets inside: filters
        // need the whole tree
        // (no allocation: this runs for every datagram of the first pass)
        let bytes = cx.bytes;
        let payload = bytes.get(off + 8..off + 8 + pcap_).unwrap_or(&[]);
        match super::table::udp_choice(sport, dport, payload) {
            Some((d, Carries::Packets)) if pcap_ > 0 => {
                cx.dec.nested = true;
                d(cx, off + 8, off + 8 + pcap_);
            }
            Some((_, Carries::Samples)) => cx.dec.nested = true,
            _ => {}
        }
        return;
    }
    // port labels only when labels are made (not in the first pass or for -T fields)
    let sp_l = || crate::names::port_label(sport, true);
    let dp_l = || crate::names::port_label(dport, true);
    let mut n = Node::new(fid!("udp"), Value::None, off, 8).label_fmt(|| {
        format!(
            "User Datagram Protocol, Src Port: {}, Dst Port: {}",
            sp_l(),
            dp_l()
        )
    });
    let sp = n
        .add_uint(fid!("udp.srcport"), sport as u64, off, 2)
        .label_fmt(|| format!("Source Port: {}", sp_l()));
    traceroute(sp, sport, off);
    let dp = n
        .add_uint(fid!("udp.dstport"), dport as u64, off + 2, 2)
        .label_fmt(|| format!("Destination Port: {}", dp_l()));
    traceroute(dp, dport, off + 2);
    n.add_uint(fid!("udp.port"), sport as u64, off, 2).flags |= super::tree::HIDDEN;
    n.add_uint(fid!("udp.port"), dport as u64, off + 2, 2).flags |= super::tree::HIDDEN;
    let l = n.add_uint(fid!("udp.length"), ulen as u64, off + 4, 2);
    // (a datagram an ICMP error quotes is cut short by design: its length is not checked
    // against what is there, as in Wireshark)
    if ulen > len && !cx.in_error {
        // (the Info column says so too, below)
        l.label = Some(format!("Length: {ulen} (bogus, payload length {len})"));
        l.push(super::tree::expert_info(
            fid!("udp.length.bad"),
            super::tree::Severity::Error,
            super::tree::Group::Malformed,
            &format!("Bad length value {ulen} > IP payload length"),
            off + 4,
        ));
    }
    // a zero checksum over IPv4 (or in a datagram an ICMP error quotes) means "none": tshark
    // ignores it and hangs the status under it; over IPv6 a checksum is mandatory, and zero
    // is illegal (RFC 8200 8.1)
    let none = csum == 0 && (cx.dec.ip6_off.is_none() || cx.in_error);
    let illegal = csum == 0 && !none;
    checksum_items(&mut n, csum, none, illegal, off);
    if let Some(an) = cx.an {
        if let Some(&s) = an.udp_stream.get(&cx.frame) {
            n.add_uint(fid!("udp.stream"), s as u64, off, 0).flags |= super::tree::GENERATED;
            // (a quoted datagram has no times of its own)
            if !cx.in_error {
                timestamps(&mut n, an, s, cx.frame, cx.rec.ts_ns, off);
            }
        }
    }
    if pcap_ > 0 {
        n.add(fid!("udp.payload"), Value::Slice, off + 8, pcap_)
            .label_fmt(|| {
                format!(
                    "UDP payload ({pcap_} byte{})",
                    if pcap_ == 1 { "" } else { "s" }
                )
            });
    }
    cx.roots.push(n);
    cx.cols.protocol = "UDP".into();
    let too_long = ulen > len && !cx.in_error;
    cx.cols.info = format!(
        "{} → {}{} Len={}",
        crate::names::port_info(sport, true),
        crate::names::port_info(dport, true),
        if too_long {
            format!(" [BAD UDP LENGTH {ulen} > IP PAYLOAD LENGTH]")
        } else {
            String::new()
        },
        if too_long { ulen - 8 } else { plen }
    );
    if illegal {
        cx.cols.info.push_str(" [ILLEGAL CHECKSUM (0)]");
    }
    let p = off + 8;
    if pcap_ == 0 {
        return;
    }
    let payload = &cx.bytes[p..p + pcap_];
    match super::table::udp_choice(sport, dport, payload) {
        Some((d, _)) => d(cx, p, p + pcap_),
        None => {
            super::ctx::data(cx, p);
            super::ctx::clamp_last(cx, p + pcap_);
        }
    }
}

/// `[Timestamps]`: time since the conversation's first datagram and since its previous one.
fn timestamps(
    n: &mut Node,
    an: &crate::analysis::Analysis,
    s: u32,
    frame: u32,
    ts: i64,
    off: usize,
) {
    let Some(frames) = an.udp_frames.get(s as usize) else {
        return;
    };
    let time = |f: u32| an.record(f).map(|r| r.ts_ns).unwrap_or(ts);
    let first = frames.first().map_or(ts, |&f| time(f));
    let pos = frames.partition_point(|&f| f < frame);
    let prev = if pos > 0 { time(frames[pos - 1]) } else { ts };
    let mut t = Node::text("[Timestamps]", off, 0);
    let secs = super::tree::secs;
    t.add(
        fid!("udp.time_relative"),
        Value::RelTime(ts - first),
        off,
        0,
    )
    .label_fmt(|| format!("Time since first frame: {} seconds", secs(ts - first)))
    .flags |= super::tree::GENERATED;
    t.add(fid!("udp.time_delta"), Value::RelTime(ts - prev), off, 0)
        .label_fmt(|| format!("Time since previous frame: {} seconds", secs(ts - prev)))
        .flags |= super::tree::GENERATED;
    n.push(t);
}

/// The ports a classic traceroute probes: three attempts for each of the first ten hops from
/// 33435 on (Wireshark notes them on either port).
const TRACEROUTE_PORTS: std::ops::RangeInclusive<u16> = 33435..=33464;

/// Notes on a port item that its port is one of a traceroute's probes, and which.
fn traceroute(item: &mut Node, port: u16, at: usize) {
    if !TRACEROUTE_PORTS.contains(&port) {
        return;
    }
    let n = port - TRACEROUTE_PORTS.start();
    item.push(super::tree::expert_info(
        fid!("udp.possible_traceroute"),
        super::tree::Severity::Chat,
        super::tree::Group::Sequence,
        &format!(
            "Possible traceroute: hop #{}, attempt #{}",
            n / 3 + 1,
            n % 3 + 1
        ),
        at,
    ));
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_first_registration_that_claims_a_datagram_takes_it() {
        let claims = crate::dissect::table::udp_claims();
        let first = |s, d, p: &[u8]| {
            claims
                .iter()
                .find(|r| r.claim.takes(s, d, p))
                .map(|r| r.rank)
        };
        // DNS is asked before mDNS: a query between their ports is DNS
        assert_eq!(first(5353, 53, b""), Some(10));
        assert_eq!(first(40000, 5353, b""), Some(20));
        // DHCP claims its port pairs only
        assert_eq!(first(68, 67, b""), Some(70));
        assert_eq!(first(68, 40000, b""), None);
        // SSDP needs an HTTP message as well as port 1900
        assert_eq!(first(40000, 1900, b"M-SEARCH * HTTP/1.1\r\n\r\n"), Some(80));
        assert_eq!(first(40000, 1900, b"\x00\x01"), None);
    }
}
