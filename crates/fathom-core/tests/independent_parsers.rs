//! Fathom's header parsing checked against two independent parsers: etherparse for the
//! Ethernet/IP/TCP headers of every frame of the test captures and the corpus (and of random
//! well-formed packets etherparse builds), httparse for the request line of every HTTP request
//! head that fits in one segment.

#[path = "../../../tests/common/mod.rs"]
mod common;

use fathom_core::capture::file::{CaptureFile, Record};
use fathom_core::dissect::{self, Addr, TH_ACK, TH_FIN, TH_PUSH, TH_RST, TH_SYN, TH_URG};
use proptest::prelude::*;
use std::path::PathBuf;

fn captures() -> Vec<PathBuf> {
    let dir = common::root().join("tests/captures");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pcap" || e == "pcapng"))
        .collect();
    v.sort();
    v.extend(common::corpus_files());
    v
}

fn frames(path: &std::path::Path) -> Vec<(Record, Vec<u8>)> {
    let Ok(cf) = CaptureFile::open(path) else {
        return Vec::new();
    };
    let Ok(mut r) = cf.reader() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut buf = Vec::new();
    while let Some(rec) = r.next(&mut buf) {
        out.push((rec, buf.clone()));
    }
    out
}

/// The TCP/IP facts etherparse reads from an Ethernet frame without VLAN tags, fragments or
/// tunnels: (src, dst, sport, dport, seq, ack, flags, window, header length).
type Facts = (Addr, Addr, u16, u16, u32, u32, u16, u16, u8);

fn etherparse_facts(bytes: &[u8]) -> Option<Facts> {
    use etherparse::{NetSlice, SlicedPacket, TransportSlice};
    let p = SlicedPacket::from_ethernet(bytes).ok()?;
    if !p.link_exts.is_empty() {
        return None;
    }
    let (src, dst) = match p.net.as_ref()? {
        NetSlice::Ipv4(ip) if !ip.is_payload_fragmented() => (
            Addr::V4(ip.header().source_addr().octets()),
            Addr::V4(ip.header().destination_addr().octets()),
        ),
        NetSlice::Ipv6(ip) if !ip.is_payload_fragmented() => (
            Addr::V6(ip.header().source_addr().octets()),
            Addr::V6(ip.header().destination_addr().octets()),
        ),
        _ => return None,
    };
    let TransportSlice::Tcp(t) = p.transport.as_ref()? else {
        return None;
    };
    let mut flags = 0;
    for (on, bit) in [
        (t.fin(), TH_FIN),
        (t.syn(), TH_SYN),
        (t.rst(), TH_RST),
        (t.psh(), TH_PUSH),
        (t.ack(), TH_ACK),
        (t.urg(), TH_URG),
    ] {
        if on {
            flags |= bit;
        }
    }
    Some((
        src,
        dst,
        t.source_port(),
        t.destination_port(),
        t.sequence_number(),
        t.acknowledgment_number(),
        flags,
        t.window_size(),
        t.data_offset() * 4,
    ))
}

fn fathom_facts(rec: &Record, frame: u32, bytes: &[u8]) -> Option<Facts> {
    let mut ft = dissect::ip::FragTable::default();
    let d = dissect::decode(rec, frame, bytes, &mut ft);
    if d.nested || d.ip_layers != 1 {
        return None;
    }
    let t = d.tcp?;
    Some((
        d.src?,
        d.dst?,
        t.sport,
        t.dport,
        t.seq,
        t.ack,
        t.flags & 0x3f,
        t.window,
        t.hdr_len,
    ))
}

#[test]
fn tcp_ip_headers_read_as_etherparse_reads_them() {
    let (mut compared, mut own) = (0, 0);
    for path in captures() {
        let local = path.starts_with(common::root().join("tests"));
        for (i, (rec, bytes)) in frames(&path).iter().enumerate() {
            if rec.linktype != 1 {
                continue;
            }
            let Some(theirs) = etherparse_facts(bytes) else {
                continue;
            };
            let ours = fathom_facts(rec, i as u32 + 1, bytes);
            assert_eq!(
                ours,
                Some(theirs),
                "{} frame {}: Fathom and etherparse disagree",
                path.display(),
                i + 1
            );
            compared += 1;
            if local {
                own += 1;
            }
        }
    }
    // the project's own captures alone hold hundreds of TCP frames
    assert!(own >= 200, "only {own} frames of tests/captures compared");
    eprintln!("{compared} TCP frames read alike");
}

/// Every HTTP request whose head is whole in its frame: httparse reads the same method, URI
/// and version as Fathom's dissector.
#[test]
fn request_lines_read_as_httparse_reads_them() {
    let mut compared = 0;
    for path in captures() {
        let Ok(cf) = CaptureFile::open(&path) else {
            continue;
        };
        let Ok(an) = fathom_core::analysis::analyze_file(&cf, |_, _| true) else {
            continue;
        };
        dissect::each_frame(
            &cf,
            &an,
            dissect::Labels::Skipped,
            |_| true,
            |frame, _, bytes, d| {
                let str_of = |f: &str| match d.tree.values(f).first() {
                    Some(dissect::Value::Str(s)) => Some(s.clone()),
                    _ => None,
                };
                let (Some(method), Some(uri), Some(version)) = (
                    str_of("http.request.method"),
                    str_of("http.request.uri"),
                    str_of("http.request.version"),
                ) else {
                    return Ok(());
                };
                let Some(t) = d
                    .dec
                    .tcp
                    .as_ref()
                    .filter(|_| d.dec.reassembled_ip.is_none())
                else {
                    return Ok(());
                };
                let payload = bytes
                    .get(t.payload_off as usize..(t.payload_off + t.payload_cap) as usize)
                    .unwrap_or(&[]);
                let mut headers = [httparse::EMPTY_HEADER; 64];
                let mut req = httparse::Request::new(&mut headers);
                // only heads httparse takes as whole and well-formed, starting this segment
                if !matches!(req.parse(payload), Ok(httparse::Status::Complete(_))) {
                    return Ok(());
                }
                assert_eq!(
                    req.method,
                    Some(method.as_str()),
                    "{} frame {frame}",
                    path.display()
                );
                assert_eq!(
                    req.path,
                    Some(uri.as_str()),
                    "{} frame {frame}",
                    path.display()
                );
                let v = format!("HTTP/1.{}", req.version.unwrap_or(9));
                assert_eq!(v, version, "{} frame {frame}", path.display());
                compared += 1;
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    assert!(compared >= 20, "only {compared} requests compared");
    eprintln!("{compared} request lines read alike");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Random well-formed Ethernet/IPv4|IPv6/TCP packets written by etherparse: Fathom's first
    /// pass reads back every field they were built with.
    #[test]
    fn packets_etherparse_builds_decode_alike(
        v6 in any::<bool>(),
        src in any::<[u8; 16]>(),
        dst in any::<[u8; 16]>(),
        sport in 1u16.., dport in 1u16..,
        seq in any::<u32>(), ack in any::<u32>(), win in any::<u16>(),
        syn in any::<bool>(), fin in any::<bool>(), rst in any::<bool>(), psh in any::<bool>(),
        payload in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let b = etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]);
        let b = if v6 {
            b.ipv6(src, dst, 64)
        } else {
            b.ipv4(
                [src[0], src[1], src[2], src[3]],
                [dst[0], dst[1], dst[2], dst[3]],
                64,
            )
        };
        let mut t = b.tcp(sport, dport, seq, win).ack(ack);
        if syn { t = t.syn(); }
        if fin { t = t.fin(); }
        if rst { t = t.rst(); }
        if psh { t = t.psh(); }
        let mut bytes = Vec::new();
        t.write(&mut bytes, &payload).unwrap();
        let rec = Record {
            offset: 0,
            caplen: bytes.len() as u32,
            origlen: bytes.len() as u32,
            ts_ns: 0,
            linktype: 1,
            iface: 0,
            untimed: false,
        };
        let theirs = etherparse_facts(&bytes).unwrap();
        prop_assert_eq!(fathom_facts(&rec, 1, &bytes), Some(theirs));
        let mut ft = dissect::ip::FragTable::default();
        let d = dissect::decode(&rec, 1, &bytes, &mut ft);
        prop_assert_eq!(d.tcp.map(|t| t.len), Some(payload.len() as u32));
    }
}
