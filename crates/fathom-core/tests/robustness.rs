//! Bad input is normal input: random and damaged bytes never panic, and a damaged file
//! still yields every whole packet before the damage.

#[path = "../../../tests/common/mod.rs"]
mod common;

use fathom_core::analysis::Analyzer;
use fathom_core::capture::file::{CaptureFile, Record};
use proptest::prelude::*;
use std::io::Write;

fn rec(linktype: u16, len: usize) -> Record {
    Record {
        offset: 0,
        caplen: len as u32,
        origlen: len as u32 + 3,
        ts_ns: 1,
        linktype,
        iface: 0,
        untimed: false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_frames_never_panic(
        frames in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..200), 1..20),
        linktype in prop_oneof![Just(1u16), Just(113), Just(276), Just(0), Just(101), Just(228), Just(229), Just(999)],
    ) {
        let mut a = Analyzer::new();
        for f in &frames {
            a.push(rec(linktype, f.len()), f, None);
        }
        let an = a.finish(None);
        for (i, f) in frames.iter().enumerate() {
            let d = fathom_core::dissect::dissect(&rec(linktype, f.len()), i as u32 + 1, f, &an);
            prop_assert!(!d.tree.roots.is_empty());
        }
    }

    #[test]
    fn mutated_sflow_datagram_never_panics(
        flips in proptest::collection::vec((42usize..418, any::<u8>()), 1..20),
        cut in 42usize..419,
    ) {
        // the sFlow datagram of tests/captures/sflow.pcap (frame 6), damaged and cut short:
        // its samples' lengths and sampled headers point anywhere
        let mut frames = read_frames("sflow.pcap");
        let (rc, b) = &mut frames[5];
        for (pos, val) in flips {
            if pos < b.len() {
                b[pos] = val;
            }
        }
        b.truncate(cut);
        rc.caplen = b.len() as u32;
        analyse_and_dissect(&frames);
    }

    #[test]
    fn mutated_dns_messages_never_panic(
        flips in proptest::collection::vec((0usize..4000, any::<u8>()), 1..30),
        cut in 42usize..240,
    ) {
        // tests/captures/dns.pcap (every record type, EDNS options, pairs and
        // retransmissions), its messages damaged after the UDP header and one cut short:
        // names, counts, record and option lengths point anywhere
        let mut frames = read_frames("dns.pcap");
        let n = frames.len();
        for (pos, val) in flips {
            let (_, b) = &mut frames[pos % n];
            if b.len() > 42 {
                let l = b.len() - 42;
                b[42 + (pos / n) % l] = val;
            }
        }
        let (rc, b) = &mut frames[cut % n];
        b.truncate(cut);
        rc.caplen = b.len() as u32;
        analyse_and_dissect(&frames);
    }

    #[test]
    fn mutated_http_exchange_never_panics(flips in proptest::collection::vec((0usize..400, any::<u8>()), 1..30)) {
        let mut frames = read_frames("keepalive-2.pcap");
        for (pos, val) in flips {
            let n = frames.len();
            let (_, b) = &mut frames[pos % n];
            if !b.is_empty() {
                let l = b.len();
                b[(pos * 7) % l] = val;
            }
        }
        analyse_and_dissect(&frames);
    }
}

/// The frames of one of the project's captures.
fn read_frames(name: &str) -> Vec<(Record, Vec<u8>)> {
    let path = common::root().join("tests/captures").join(name);
    let cf = CaptureFile::open(&path).unwrap();
    let mut r = cf.reader().unwrap();
    let mut buf = Vec::new();
    let mut frames = Vec::new();
    while let Some(x) = r.next(&mut buf) {
        frames.push((x, buf.clone()));
    }
    frames
}

/// Runs the first pass over the frames, then dissects each one in full.
fn analyse_and_dissect(frames: &[(Record, Vec<u8>)]) {
    let mut a = Analyzer::new();
    for (rc, b) in frames {
        a.push(*rc, b, None);
    }
    let an = a.finish(None);
    for (i, (rc, b)) in frames.iter().enumerate() {
        std::hint::black_box(fathom_core::dissect::dissect(rc, i as u32 + 1, b, &an));
    }
}

#[test]
fn truncated_frame_is_malformed_not_fatal() {
    // an Ethernet + IPv4 header that claims TCP but stops after 6 bytes of it
    let mut f = vec![0u8; 14];
    f[12] = 0x08;
    f.extend_from_slice(&[
        0x45, 0, 0, 60, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
    ]);
    f.extend_from_slice(&[0, 80, 0x1f, 0x90, 0, 0]);
    let r = Record {
        offset: 0,
        caplen: f.len() as u32,
        origlen: f.len() as u32,
        ts_ns: 0,
        linktype: 1,
        iface: 0,
        untimed: false,
    };
    let mut a = Analyzer::new();
    a.push(r, &f, None);
    let an = a.finish(None);
    let d = fathom_core::dissect::dissect(&r, 1, &f, &an);
    assert!(
        d.cols.info.ends_with("[Malformed Packet]"),
        "{}",
        d.cols.info
    );
    assert!(d.tree.has("_ws.malformed"));
}

#[test]
fn cut_short_file_keeps_whole_packets_and_warns() {
    let src = std::fs::read(common::root().join("tests/captures/demo-http.pcap")).unwrap();
    let cut = &src[..src.len() - 20];
    let p = std::env::temp_dir().join(format!("fathom-cut-{}.pcap", std::process::id()));
    std::fs::File::create(&p).unwrap().write_all(cut).unwrap();
    let cf = CaptureFile::open(&p).unwrap();
    let an = fathom_core::analysis::analyze_file(&cf, |_, _| true).unwrap();
    assert_eq!(an.frames.len(), 9);
    assert!(an
        .warning
        .as_deref()
        .unwrap_or("")
        .contains("cut short in the middle of a packet"));
    std::fs::remove_file(p).unwrap();
}

#[test]
fn not_a_capture_is_one_clear_error() {
    let p = std::env::temp_dir().join(format!("fathom-text-{}.pcap", std::process::id()));
    std::fs::write(&p, b"this is not a valid pcap file.").unwrap();
    let e = CaptureFile::open(&p).unwrap_err().to_string();
    assert!(e.contains("isn't a capture file"), "{e}");
    assert!(e.contains(&p.display().to_string()));
    std::fs::remove_file(p).unwrap();
}

#[test]
fn options_cut_by_the_snapshot_length_still_count_for_the_analysis() {
    // tcp-truncated-header.pcap: a SYN whose options the snapshot length cut is still the
    // start of stream 0 (tshark numbers from it), but shows no analysis of its own
    let mut syn = vec![0u8; 12];
    syn.extend([0x08, 0x00]);
    syn.extend([
        0x45, 0, 0, 60, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
    ]);
    // ports 1000 -> 25, seq 5000, header length 40 (20 bytes of options), SYN
    syn.extend([
        0x03, 0xe8, 0, 25, 0, 0, 0x13, 0x88, 0, 0, 0, 0, 0xa0, 0x02, 0x16, 0xd0,
    ]);
    syn.extend([0, 0, 0, 0, 2, 4, 5, 0xb4]); // checksum, urgent, MSS 1460, then cut
    let mut synack = syn.clone();
    synack.truncate(34);
    synack[26..30].copy_from_slice(&[10, 0, 0, 2]);
    synack[30..34].copy_from_slice(&[10, 0, 0, 1]);
    synack.extend([
        0, 25, 0x03, 0xe8, 0, 0, 0x27, 0x10, 0, 0, 0x13, 0x89, 0x50, 0x12, 0x16, 0xd0,
    ]);
    synack.extend([0, 0, 0, 0]);
    synack[16..18].copy_from_slice(&[0, 40]);
    let mut a = Analyzer::new();
    let mut r = rec(1, syn.len());
    r.origlen = 74;
    a.push(r, &syn, None);
    a.push(rec(1, synack.len()), &synack, None);
    let an = a.finish(None);
    let first = an.tcp(1).expect("the cut SYN is analysed");
    assert_eq!(first.stream, 0);
    assert_eq!(first.seq_rel, 0);
    assert_eq!(an.tcp(2).map(|t| (t.stream, t.ack_rel)), Some((0, 1)));
    let d = fathom_core::dissect::dissect(&r, 1, &syn, &an);
    assert!(
        d.cols
            .info
            .ends_with("[Packet size limited during capture]"),
        "{}",
        d.cols.info
    );
}

/// An Ethernet + IPv4 frame (checksums left zero: Fathom, like tshark, does not verify them).
fn ipv4_frame(proto: u8, payload: &[u8], ident: u16, frag_off: usize, more: bool) -> Vec<u8> {
    let mut f = vec![0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, 8, 0];
    let len = (20 + payload.len()) as u16;
    let flags = (u16::from(more) << 13) | (frag_off / 8) as u16;
    f.extend_from_slice(&[0x45, 0]);
    f.extend_from_slice(&len.to_be_bytes());
    f.extend_from_slice(&ident.to_be_bytes());
    f.extend_from_slice(&flags.to_be_bytes());
    f.extend_from_slice(&[64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]);
    f.extend_from_slice(payload);
    f
}

/// A TCP segment from 10.0.0.1:1234 to port 80 (flags: 0x02 SYN, 0x10 ACK, 0x18 PSH+ACK).
fn tcp_segment(seq: u32, ack: u32, flags: u8, payload: &[u8]) -> Vec<u8> {
    let mut t = vec![0x04, 0xd2, 0, 80];
    t.extend_from_slice(&seq.to_be_bytes());
    t.extend_from_slice(&ack.to_be_bytes());
    t.extend_from_slice(&[0x50, flags, 0xff, 0xff, 0, 0, 0, 0]);
    t.extend_from_slice(payload);
    ipv4_frame(6, &t, 1, 0, false)
}

/// Writes the frames to a pcap file, analyses it, and dissects frame `n` in full (PDUs that
/// span segments are read back from the file, as in the window).
fn analyse_file_and_dissect(
    name: &str,
    frames: &[Vec<u8>],
    n: u32,
) -> (
    fathom_core::analysis::Analysis,
    fathom_core::dissect::Dissection,
) {
    let path = std::env::temp_dir().join(format!("fathom-{}-{name}.pcap", std::process::id()));
    let mut out = Vec::new();
    for v in [0xa1b2_c3d4u32, 0x0004_0002, 0, 0, 65535, 1] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for (i, f) in frames.iter().enumerate() {
        for v in [1000, i as u32, f.len() as u32, f.len() as u32] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(f);
    }
    std::fs::write(&path, out).unwrap();
    let cf = CaptureFile::open(&path).unwrap();
    let an = fathom_core::analysis::analyze_file(&cf, |_, _| true).unwrap();
    let rc = an.record(n).unwrap();
    let mut buf = Vec::new();
    assert!(an.packet(n, &mut buf));
    let d = fathom_core::dissect::dissect(&rc, n, &buf, &an);
    drop(cf);
    // (a temporary file left behind is no failure of the test)
    std::fs::remove_file(&path).ok();
    (an, d)
}

#[test]
fn a_header_line_over_100000_segments_is_one_request() {
    // each segment adds one byte to one header line: the header block is searched once in
    // all, not once per segment (quadratic), and the first pass's unacknowledged-segment
    // bookkeeping stays linear too
    let n = 100_000u32;
    let head = b"GET / HTTP/1.1\r\nX-Long: ";
    let mut frames = vec![tcp_segment(1000, 0, 0x02, b"")];
    let mut seq = 1001u32;
    frames.push(tcp_segment(seq, 1, 0x18, head));
    seq += head.len() as u32;
    for _ in 0..n {
        frames.push(tcp_segment(seq, 1, 0x18, b"a"));
        seq += 1;
    }
    frames.push(tcp_segment(seq, 1, 0x18, b"\r\n\r\n"));
    let last = frames.len() as u32;
    let (an, d) = analyse_file_and_dissect("long-header", &frames, last);
    // (frame 2 is 100,001 frames before its PDU ends: too far for the compact record, so the
    // link is kept aside; the middle one is near enough, and the last one's own segment is
    // its own frame)
    assert_eq!(an.tcp(2).map(|t| an.reassembled_in(2, t)), Some(last));
    assert_eq!(
        an.tcp(last / 2).map(|t| an.reassembled_in(last / 2, t)),
        Some(last)
    );
    assert!(an
        .tcp_rare
        .get(&2)
        .is_some_and(|r| r.reassembled_in == last));
    assert!(d.cols.info.starts_with("GET / HTTP/1.1"), "{}", d.cols.info);
    assert!(d.tree.has("http.request"));
}

#[test]
fn overlapping_ipv4_fragments_reassemble_in_linear_time() {
    // 65,535 fragments of 1,000 bytes, each starting 8 bytes after the previous one: every
    // byte is placed once per fragment that carries it, never compared with every earlier
    // fragment; of the fragments that carry a byte, the one of the lowest offset gives it
    let body: Vec<u8> = (0..70_000u32).map(|i| (i % 251) as u8).collect();
    let mut frames = Vec::new();
    for i in 0..65_535usize {
        let o = (i * 8) % 60_000;
        frames.push(ipv4_frame(17, &body[o..o + 1000], 7, o, true));
    }
    frames.push(ipv4_frame(17, &body[60_992..61_000], 7, 60_992, false));
    let last = frames.len() as u32;
    let (an, _) = analyse_file_and_dissect("fragments", &frames, last);
    let r = an
        .ip
        .done
        .get(&last)
        .expect("reassembled in the last fragment");
    assert_eq!(r.data.len(), 61_000);
    assert_eq!(&r.data[..], &body[..61_000]);
    assert_eq!(an.ip.reassembled_in.get(&1), Some(&last));
}

/// A little-endian microsecond pcap of Ethernet records: (caplen, origlen, bytes), the
/// `i`-th stamped `i + 1` seconds after the epoch.
fn pcap_of(records: &[(u32, u32, &[u8])]) -> std::path::PathBuf {
    let timed: Vec<(u32, u32, u32, &[u8])> = records
        .iter()
        .enumerate()
        .map(|(i, &(cap, orig, data))| (i as u32 + 1, cap, orig, data))
        .collect();
    pcap_timed(&timed)
}

/// A little-endian microsecond pcap of Ethernet records: (seconds, caplen, origlen, bytes).
fn pcap_timed(records: &[(u32, u32, u32, &[u8])]) -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut f = Vec::new();
    f.extend_from_slice(&0xa1b2c3d4u32.to_le_bytes());
    f.extend_from_slice(&[2, 0, 4, 0]);
    f.extend_from_slice(&[0; 8]);
    f.extend_from_slice(&65535u32.to_le_bytes());
    f.extend_from_slice(&1u32.to_le_bytes());
    for (secs, cap, orig, data) in records {
        f.extend_from_slice(&secs.to_le_bytes());
        f.extend_from_slice(&0u32.to_le_bytes());
        f.extend_from_slice(&cap.to_le_bytes());
        f.extend_from_slice(&orig.to_le_bytes());
        f.extend_from_slice(data);
    }
    let p = std::env::temp_dir().join(format!("fathom-rec-{}-{n}.pcap", std::process::id()));
    std::fs::write(&p, f).unwrap();
    p
}

#[test]
fn record_lengths_as_tshark_reads_them() {
    let p60: Vec<u8> = (0..60).collect();
    // a length on the wire of 1,409,179,648 bytes: the frame is still shown, with both lengths
    let p = pcap_of(&[(60, 60, &p60), (60, 1_409_179_648, &p60)]);
    let cf = CaptureFile::open(&p).unwrap();
    let an = fathom_core::analysis::analyze_file(&cf, |_, _| true).unwrap();
    assert_eq!(an.frames.len(), 2);
    assert_eq!(
        {
            let r = an.record(2).unwrap();
            (r.caplen, r.origlen)
        },
        (60, 1_409_179_648)
    );
    assert!(an.warning.is_none());
    std::fs::remove_file(p).unwrap();
    // a record holding more than it says was on the wire: both kept, flagged as tshark does
    let p = pcap_of(&[(60, 60, &p60), (60, 40, &p60)]);
    let cf = CaptureFile::open(&p).unwrap();
    let an = fathom_core::analysis::analyze_file(&cf, |_, _| true).unwrap();
    assert_eq!(
        {
            let r = an.record(2).unwrap();
            (r.caplen, r.origlen)
        },
        (60, 40)
    );
    let d = fathom_core::dissect::dissect(&an.record(2).unwrap(), 2, &p60, &an);
    assert!(
        d.tree.has("frame.len_lt_caplen"),
        "the expert on the frame length"
    );
    assert!(d.tree.has("data"), "the captured bytes are still dissected");
    std::fs::remove_file(p).unwrap();
    // a captured length beyond any packet: the frames before it, and tshark's message
    let p = pcap_of(&[(60, 60, &p60), (1_409_179_648, 1_409_179_648, &p60)]);
    let cf = CaptureFile::open(&p).unwrap();
    let an = fathom_core::analysis::analyze_file(&cf, |_, _| true).unwrap();
    assert_eq!(an.frames.len(), 1);
    assert!(an
        .warning
        .as_deref()
        .unwrap_or("")
        .contains("File has 1409179648-byte packet, bigger than maximum of 262144"));
    std::fs::remove_file(p).unwrap();
}

#[test]
fn a_reserved_link_type_is_refused_as_tshark_refuses_it() {
    let mut f = Vec::new();
    f.extend_from_slice(&0xa1b2c3d4u32.to_le_bytes());
    f.extend_from_slice(&[2, 0, 4, 0]);
    f.extend_from_slice(&[0; 8]);
    f.extend_from_slice(&65535u32.to_le_bytes());
    f.extend_from_slice(&0xffffu32.to_le_bytes());
    let p = std::env::temp_dir().join(format!("fathom-lt-{}.pcap", std::process::id()));
    std::fs::write(&p, f).unwrap();
    let e = CaptureFile::open(&p).unwrap_err().to_string();
    assert!(
        e.contains("doesn't support") && e.contains("network type 65535 unknown or unsupported"),
        "{e}"
    );
    std::fs::remove_file(p).unwrap();
}

/// A TCP segment between 10.0.0.1:`cport` (the client) and 10.0.0.2:`sport`; `up` is client
/// to server.
fn tcp_between(
    cport: u16,
    sport: u16,
    up: bool,
    seq: u32,
    ack: u32,
    flags: u8,
    data: &[u8],
) -> Vec<u8> {
    let (a, b, pa, pb) = if up {
        ([10, 0, 0, 1], [10, 0, 0, 2], cport, sport)
    } else {
        ([10, 0, 0, 2], [10, 0, 0, 1], sport, cport)
    };
    let mut t = Vec::new();
    t.extend_from_slice(&pa.to_be_bytes());
    t.extend_from_slice(&pb.to_be_bytes());
    t.extend_from_slice(&seq.to_be_bytes());
    t.extend_from_slice(&ack.to_be_bytes());
    t.extend_from_slice(&[0x50, flags, 0xff, 0xff, 0, 0, 0, 0]);
    t.extend_from_slice(data);
    let mut f = vec![0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, 8, 0, 0x45, 0];
    f.extend_from_slice(&((20 + t.len()) as u16).to_be_bytes());
    f.extend_from_slice(&[0, 1, 0x40, 0, 64, 6, 0, 0]);
    f.extend_from_slice(&a);
    f.extend_from_slice(&b);
    f.extend_from_slice(&t);
    f
}

#[test]
fn the_server_port_a_syn_names_is_looked_up_before_the_lower_port() {
    // the client's ephemeral port 6029 lies in X11's range (6000-6063) and is lower than the
    // server's 8080: Wireshark tries the port the SYN was sent to first, so this is HTTP
    let get = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    let resp = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    let g = get.len() as u32;
    let frames = vec![
        tcp_between(6029, 8080, true, 100, 0, 0x02, b""),
        tcp_between(6029, 8080, false, 500, 101, 0x12, b""),
        tcp_between(6029, 8080, true, 101, 501, 0x10, b""),
        tcp_between(6029, 8080, true, 101, 501, 0x18, get),
        tcp_between(6029, 8080, false, 501, 101 + g, 0x18, resp),
    ];
    let (an, d) = analyse_file_and_dissect("x11-range-client", &frames, 4);
    let roots: Vec<&str> = d.tree.roots.iter().map(|r| r.abbrev()).collect();
    assert!(roots.contains(&"http"), "{roots:?}");
    assert!(d.cols.info.starts_with("GET / HTTP/1.1"), "{}", d.cols.info);
    assert_eq!(an.tcp_streams[0].server_port, 8080);
    assert_eq!(an.reasm.http().msg_at(5).map(|m| m.req_frame), Some(4));
}

#[test]
fn tcp_header_corners_read_as_tshark_reads_them() {
    // a segment whose IP length leaves it 20 bytes though its header says 28 (the frame
    // padded out to 60 bytes): a short segment, malformed, without a length
    let mut t = vec![
        0x04, 0xd2, 0, 80, 0, 0, 0, 1, 0, 0, 0, 1, 0x70, 0x10, 0x08, 0x91,
    ];
    t.extend_from_slice(&[0, 0, 0xe0, 0x0a]); // checksum, urgent pointer 57354
    let mut short = ipv4_frame(6, &t, 1, 0, false);
    short.extend_from_slice(&[0; 6]);
    let (_, d) = analyse_file_and_dissect("short-segment", &[short], 1);
    assert_eq!(
        d.cols.info,
        "1234 → 80 [ACK] Seq=1 Ack=1 Win=2193[Malformed Packet]"
    );
    let mut text = String::new();
    d.tree.to_text(&mut text);
    for line in [
        "Transmission Control Protocol, Src Port: 1234, Dst Port: 80, Seq: 1, Ack: 1\n",
        "    Short segment. Segment/fragment does not contain a full TCP header",
        "    Options: (8 bytes)\n",
        "The urgent pointer field is nonzero while the URG flag is not set",
        "[Malformed Packet: TCP]",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
    assert!(!text.contains("TCP Segment Len"), "{text}");
    // URG: the urgent pointer before the length; reserved bits named after the flags
    let urg = tcp_segment(1, 1, 0x38, b"x");
    let (_, d) = analyse_file_and_dissect("urgent", &[urg], 1);
    assert!(
        d.cols.info.contains("Win=65535 Urg=0 Len=1"),
        "{}",
        d.cols.info
    );
    let mut reserved = tcp_segment(1, 1, 0x10, b"");
    reserved[14 + 20 + 12] |= 0x0e;
    let (_, d) = analyse_file_and_dissect("reserved", &[reserved], 1);
    assert!(
        d.cols.info.starts_with("1234 → 80 [ACK, Reserved]"),
        "{}",
        d.cols.info
    );
}

#[test]
fn an_unknown_ethernet_type_names_itself_in_the_protocol_column() {
    let mut f = vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x0c, 0x0d];
    f.extend_from_slice(&[0xee; 46]);
    let (_, d) = analyse_file_and_dissect("unknown-ethertype", &[f], 1);
    assert_eq!(d.cols.protocol, "0x0c0d");
    assert_eq!(d.protocols, "eth:ethertype:data");
}

/// An I/O statistic over a capture whose clock jumps decades ahead: asked for one-second
/// intervals it would need billions of cells; it says so instead of taking all memory, and a
/// longer interval still works.
#[test]
fn an_io_statistic_over_a_clock_that_jumps_decades_is_refused_not_fatal() {
    use fathom_core::stats::iostat;
    let frame = tcp_segment(1, 1, 0x18, b"x");
    let n = frame.len() as u32;
    // one frame at the epoch, one in 2021 (pcapplusplus/dns_over_tcp.pcapng has such a pair)
    let p = pcap_timed(&[(0, n, n, &frame), (1_614_156_838, n, n, &frame)]);
    let cf = CaptureFile::open(&p).unwrap();
    let an = fathom_core::analysis::analyze_file(&cf, |_, _| true).unwrap();
    let (interval, cols) = iostat::parse(&["1"]).unwrap();
    let Err(err) = iostat::compute(&cf, &an, interval, cols) else {
        panic!("one-second intervals over five decades are refused");
    };
    assert!(
        err.to_string().contains("choose a longer interval"),
        "{err}"
    );
    let (interval, cols) = iostat::parse(&["10000"]).unwrap();
    let io = iostat::compute(&cf, &an, interval, cols).expect("161416 intervals");
    assert_eq!(io.series[0].cells.len(), 161_416);
    let counted: u64 = io.series[0].cells.iter().map(|c| c.frames).sum();
    assert_eq!(counted, 2);
    std::fs::remove_file(&p).ok();
}

/// An ICMPv6 error quoting a UDP datagram whose checksum is zero: the code is named in the
/// tree and the Info column (Wireshark's words, "Unknown (N)" past the known codes of Time
/// Exceeded), the second word is Reserved, and the quoted datagram's zero checksum is
/// ignored as tshark ignores it inside an error, though IPv6 forbids it elsewhere.
#[test]
fn icmpv6_errors_name_their_code_and_the_quoted_zero_udp_checksum_is_ignored() {
    let src: [u8; 16] = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    let mut dst = src;
    dst[15] = 2;
    let ipv6 = |payload: &[u8], next: u8, s: [u8; 16], d: [u8; 16]| {
        let mut v = vec![0x60, 0, 0, 0];
        v.extend_from_slice(&(payload.len() as u16).to_be_bytes());
        v.extend_from_slice(&[next, 64]);
        v.extend_from_slice(&s);
        v.extend_from_slice(&d);
        v.extend_from_slice(payload);
        v
    };
    let quoted = ipv6(&[0x03, 0xe8, 0, 53, 0, 8, 0, 0], 17, dst, src);
    let frame = |t: u8, c: u8| {
        let mut icmp = vec![t, c, 0, 0, 0, 0, 0, 0];
        icmp.extend_from_slice(&quoted);
        let mut f = vec![0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, 0x86, 0xdd];
        f.extend_from_slice(&ipv6(&icmp, 58, src, dst));
        f
    };
    let frames = [frame(3, 0), frame(1, 4), frame(3, 7), frame(1, 9)];
    let info = |n: u32| analyse_file_and_dissect("icmpv6-codes", &frames, n).1;
    let d = info(1);
    assert_eq!(d.cols.info, "Time Exceeded (hop limit exceeded in transit)");
    let mut text = String::new();
    d.tree.to_text(&mut text);
    assert!(
        text.contains("Code: 0 (hop limit exceeded in transit)"),
        "{text}"
    );
    assert!(text.contains("Reserved: 00000000"), "{text}");
    assert!(
        text.contains("Checksum: 0x0000 [zero-value ignored]"),
        "{text}"
    );
    assert_eq!(
        info(2).cols.info,
        "Destination Unreachable (Port unreachable)"
    );
    assert_eq!(info(3).cols.info, "Time Exceeded (Unknown (7))");
    assert_eq!(info(4).cols.info, "Destination Unreachable (Unknown)");
}

/// Conversation completeness counts a FIN only with its ACK bit (tcp-fin_retransmission.pcap
/// and http-ooo.pcap, as tshark 4.0 reports them): a bare FIN leaves the FIN bit unset.
#[test]
fn a_bare_fin_does_not_count_for_completeness_a_fin_ack_does() {
    let handshake = |last: Vec<u8>| {
        vec![
            tcp_between(40000, 80, true, 100, 0, 0x02, b""),
            tcp_between(40000, 80, false, 500, 101, 0x12, b""),
            tcp_between(40000, 80, true, 101, 501, 0x10, b""),
            tcp_between(40000, 80, true, 101, 501, 0x18, b"x"),
            last,
        ]
    };
    let bare = handshake(tcp_between(40000, 80, true, 102, 0, 0x01, b""));
    let (an, _) = analyse_file_and_dissect("bare-fin", &bare, 5);
    // SYN, SYN-ACK, ACK, data: 1 + 2 + 4 + 8
    assert_eq!(an.tcp_streams[0].completeness, 15);
    let fin_ack = handshake(tcp_between(40000, 80, true, 102, 501, 0x11, b""));
    let (an, _) = analyse_file_and_dissect("fin-ack", &fin_ack, 5);
    assert_eq!(an.tcp_streams[0].completeness, 31);
}

/// ICMP names every code of its error types as Wireshark does ("Unknown code: N" past the
/// known ones), pads the type to 20 characters in the Info column as tshark writes it, and
/// shows a redirect's gateway and a parameter problem's pointer.
#[test]
fn icmp_errors_name_every_code_and_show_gateway_and_pointer() {
    let quoted = ipv4_frame(17, &[0x03, 0xe8, 0, 53, 0, 8, 0, 0], 7, 0, false);
    let frame = |t: u8, c: u8, word: [u8; 4]| {
        let mut icmp = vec![t, c, 0, 0];
        icmp.extend_from_slice(&word);
        icmp.extend_from_slice(&quoted[14..]);
        ipv4_frame(1, &icmp, 1, 0, false)
    };
    let frames = [
        frame(5, 1, [10, 0, 0, 254]),
        frame(12, 0, [9, 0, 0, 0]),
        frame(3, 9, [0; 4]),
        frame(3, 16, [0; 4]),
    ];
    let d = |n: u32| analyse_file_and_dissect("icmp-codes", &frames, n).1;
    let redirect = d(1);
    assert_eq!(
        redirect.cols.info,
        "Redirect             (Redirect for host)"
    );
    let mut text = String::new();
    redirect.tree.to_text(&mut text);
    assert!(text.contains("Code: 1 (Redirect for host)"), "{text}");
    assert!(text.contains("Gateway Address: 10.0.0.254"), "{text}");
    let problem = d(2);
    assert_eq!(
        problem.cols.info,
        "Parameter problem    (Pointer indicates the error)"
    );
    let mut text = String::new();
    problem.tree.to_text(&mut text);
    assert!(text.contains("Pointer: 9\n"), "{text}");
    assert!(text.contains("Unused: 000000"), "{text}");
    assert_eq!(
        d(3).cols.info,
        "Destination unreachable (Network administratively prohibited)"
    );
    assert_eq!(d(4).cols.info, "Destination unreachable (Unknown code: 16)");
}

/// A datagram an ICMP error quotes is cut short by design (tshark's in_error_pkt): its IPv4
/// total length and UDP length beyond the quoted bytes raise no note, and a quoted UDP
/// header has a stream but no times of its own.
#[test]
fn a_quoted_datagram_cut_short_is_no_bogus_length() {
    // the first 8 bytes of a 100-byte UDP datagram (IPv4 total length 120)
    let mut quoted = ipv4_frame(17, &[0x03, 0xe8, 0, 53, 0, 100, 0, 0], 7, 0, false);
    quoted[16..18].copy_from_slice(&120u16.to_be_bytes());
    let mut icmp = vec![3, 3, 0, 0, 0, 0, 0, 0];
    icmp.extend_from_slice(&quoted[14..]);
    let frames = [ipv4_frame(1, &icmp, 1, 0, false)];
    let (_, d) = analyse_file_and_dissect("icmp-quoted-cut", &frames, 1);
    let mut text = String::new();
    d.tree.to_text(&mut text);
    assert!(text.contains("        Total Length: 120\n"), "{text}");
    assert!(text.contains("        Length: 100\n"), "{text}");
    assert!(!text.contains("bogus"), "{text}");
    assert!(!text.contains("Timestamps"), "{text}");
    assert_eq!(d.cols.info, "Destination unreachable (Port unreachable)");
}

/// A TCP segment an ICMP error quotes, as tshark 4.0 shows it: found in its conversation
/// (stream index, completeness, window scaling, times) but with no length and its sequence
/// number as sent, not relative (checked against tshark on smtp.pcap's "fragmentation
/// needed" errors).
#[test]
fn a_quoted_tcp_segment_is_shown_in_its_stream_without_length() {
    let data = vec![b'x'; 100];
    let seg = tcp_segment(1001, 5001, 0x18, &data);
    let mut icmp = vec![3, 4, 0, 0, 0, 0, 0x05, 0xdc];
    icmp.extend_from_slice(&seg[14..14 + 20 + 20 + 8]);
    // (the error comes from a router between the two hosts)
    let mut err = ipv4_frame(1, &icmp, 9, 0, false);
    err[26..30].copy_from_slice(&[10, 0, 0, 254]);
    let frames = [
        tcp_segment(1000, 0, 0x02, &[]),
        tcp_between(1234, 80, false, 5000, 1001, 0x12, &[]),
        tcp_segment(1001, 5001, 0x10, &[]),
        seg,
        err,
    ];
    let (_, d) = analyse_file_and_dissect("icmp-quoted-tcp", &frames, 5);
    let mut text = String::new();
    d.tree.to_text(&mut text);
    for line in [
        "    Transmission Control Protocol, Src Port: 1234, Dst Port: 80, Seq: 1001, Ack: 5001\n",
        "        Sequence Number: 1001\n",
        "        [Stream index: 0]\n",
        "        [Conversation completeness: Incomplete, DATA (15)]\n",
        "        [Window size scaling factor: -2 (no window scaling used)]\n",
        "            [Time since first frame in this TCP stream: 0.000004000 seconds]\n",
    ] {
        assert!(text.contains(line), "{line:?} missing from\n{text}");
    }
    assert!(!text.contains("TCP Segment Len"), "{text}");
    assert!(!text.contains("Sequence Number (raw)"), "{text}");
    assert_eq!(
        d.cols.info,
        "Destination unreachable (Fragmentation needed)"
    );
}

/// IGMP as tshark 4.0 lists and names it (checked on a crafted file of every type): the
/// types its version dissectors take list the protocol twice (`ip:igmp:igmp`), a version 1
/// query (no maximum response time) and report name no group, an unknown type has no
/// version.
#[test]
fn igmp_versions_and_types_as_tshark_lists_them() {
    let igmp = |body: &[u8]| ipv4_frame(2, body, 1, 0, false);
    let frames = [
        igmp(&[0x11, 100, 0, 0, 0, 0, 0, 0]),
        igmp(&[0x11, 0, 0, 0, 0, 0, 0, 0]),
        igmp(&[0x12, 0, 0, 0, 224, 0, 0, 5]),
        igmp(&[0x30, 0, 0, 0, 0, 0, 0, 0]),
    ];
    let d = |n: u32| analyse_file_and_dissect("igmp-types", &frames, n).1;
    let q2 = d(1);
    assert_eq!(q2.protocols, "eth:ethertype:ip:igmp:igmp");
    assert_eq!(
        (q2.cols.protocol.as_str(), q2.cols.info.as_str()),
        ("IGMPv2", "Membership Query, general")
    );
    let q1 = d(2);
    assert_eq!(
        (q1.cols.protocol.as_str(), q1.cols.info.as_str()),
        ("IGMPv1", "Membership Query")
    );
    assert_eq!(d(3).cols.info, "Membership Report");
    let unknown = d(4);
    assert_eq!(unknown.protocols, "eth:ethertype:ip:igmp");
    assert_eq!(unknown.cols.protocol, "IGMP");
    assert!(!unknown.tree.has("igmp.version"));
}

/// ARP as tshark shows it: the hardware and protocol types named, MAC addresses with their
/// vendor, and a probe, an announcement or a gratuitous ARP said so in the title, a
/// generated flag and the Info column.
#[test]
fn arp_names_probes_announcements_and_gratuitous_arps() {
    let mac = [8, 0, 0x27, 1, 2, 3];
    let arp = |op: u8, spa: [u8; 4], tha: [u8; 6], tpa: [u8; 4]| {
        let mut f = vec![0xff; 6];
        f.extend_from_slice(&mac);
        f.extend_from_slice(&[8, 6, 0, 1, 8, 0, 6, 4, 0, op]);
        f.extend_from_slice(&mac);
        f.extend_from_slice(&spa);
        f.extend_from_slice(&tha);
        f.extend_from_slice(&tpa);
        f
    };
    let me = [10, 0, 0, 5];
    let frames = [
        arp(1, [0; 4], [0; 6], me),
        arp(1, me, [0; 6], me),
        arp(2, me, [0xff; 6], me),
    ];
    let tree = |n: u32| {
        let (_, d) = analyse_file_and_dissect("arp-kinds", &frames, n);
        let mut text = String::new();
        d.tree.to_text(&mut text);
        (d.cols.info, text)
    };
    let (info, text) = tree(1);
    assert_eq!(info, "Who has 10.0.0.5? (ARP Probe)");
    assert!(
        text.contains("Address Resolution Protocol (ARP Probe)"),
        "{text}"
    );
    assert!(text.contains("[Is probe: True]"), "{text}");
    assert!(text.contains("Hardware type: Ethernet (1)"), "{text}");
    assert!(text.contains("Protocol type: IPv4 (0x0800)"), "{text}");
    assert!(
        text.contains("Sender MAC address: PcsCompu_01:02:03 (08:00:27:01:02:03)"),
        "{text}"
    );
    let (info, text) = tree(2);
    assert_eq!(info, "ARP Announcement for 10.0.0.5");
    assert!(text.contains("[Is gratuitous: True]"), "{text}");
    assert!(text.contains("[Is announcement: True]"), "{text}");
    let (info, text) = tree(3);
    assert_eq!(info, "Gratuitous ARP for 10.0.0.5 (Reply)");
    assert!(text.contains("(reply/gratuitous ARP)"), "{text}");
}

/// A Neighbor Advertisement: its flags word bit by bit, its target (the field
/// `icmpv6.nd.na.target_address`, named) and its target link-layer address option.
#[test]
fn a_neighbor_advertisement_shows_flags_target_and_link_layer_option() {
    let src: [u8; 16] = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    let mut icmp = vec![136, 0, 0, 0, 0xe0, 0, 0, 0];
    icmp.extend_from_slice(&src);
    icmp.extend_from_slice(&[2, 1, 8, 0, 0x27, 1, 2, 3]);
    let mut f = vec![
        0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, 0x86, 0xdd, 0x60, 0, 0, 0,
    ];
    f.extend_from_slice(&(icmp.len() as u16).to_be_bytes());
    f.extend_from_slice(&[58, 255]);
    f.extend_from_slice(&src);
    f.extend_from_slice(&[0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    f.extend_from_slice(&icmp);
    let (_, d) = analyse_file_and_dissect("na", &[f], 1);
    let mut text = String::new();
    d.tree.to_text(&mut text);
    for line in [
        "Flags: 0xe0000000, Router, Solicited, Override",
        "1... .... .... .... .... .... .... .... = Router: Set",
        "...0 0000 0000 0000 0000 0000 0000 0000 = Reserved: 0",
        "Target Address: fe80::1",
        "ICMPv6 Option (Target link-layer address : 08:00:27:01:02:03)",
        "Length: 1 (8 bytes)",
        "Link-layer address: PcsCompu_01:02:03 (08:00:27:01:02:03)",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    assert_eq!(
        d.tree.values("icmpv6.nd.na.target_address").len(),
        1,
        "{text}"
    );
    assert!(d.tree.has("icmpv6.opt.target_linkaddr"));
    assert!(d.tree.has("icmpv6.checksum"), "ICMPv6's own checksum field");
}

/// IPv6's option and routing headers as tshark 4.0 reads them (checked against tshark -V on
/// crafted frames): each option by type, a hop-by-hop header that is not first, a source
/// route that sends the datagram on (the Destination column and the UDP conversation follow
/// its last address), a zero UDP checksum over IPv6 (illegal), an option cut by the capture.
#[test]
fn ipv6_extension_headers_show_their_options_and_routes() {
    let src: [u8; 16] = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    let dst: [u8; 16] = [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16];
    let hop: [u8; 16] = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9];
    let udp = [0x04, 0xd2, 0x16, 0x2e, 0, 12, 0, 0, b'a', b'b', b'c', b'd'];
    let frame = |next: u8, payload: &[u8], d: [u8; 16]| {
        let mut f = vec![
            0x33, 0x33, 0, 0, 0, 0x16, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x86, 0xdd,
        ];
        f.extend_from_slice(&[0x60, 0, 0, 0]);
        f.extend_from_slice(&(payload.len() as u16).to_be_bytes());
        f.extend_from_slice(&[next, 1]);
        f.extend_from_slice(&src);
        f.extend_from_slice(&d);
        f.extend_from_slice(payload);
        f
    };
    let with = |head: &[u8]| [head, &udp[..]].concat();
    // router alert (RSVP), an unknown option whose action is "discard" and a PadN
    let opts = with(&[
        17, 1, 0x05, 2, 0, 1, 0x45, 2, 0xaa, 0xbb, 0x01, 4, 0, 0, 0, 0,
    ]);
    // a source route (type 0) with one address, one segment left
    let mut route = vec![17, 2, 0, 1, 0, 0, 0, 0];
    route.extend_from_slice(&dst);
    // destination options, then a hop-by-hop header (out of place)
    let late = with(&[0, 0, 0x01, 4, 0, 0, 0, 0, 17, 0, 0x01, 4, 0, 0, 0, 0]);
    let frames = [
        frame(0, &opts, dst),
        frame(43, &with(&route), hop),
        frame(17, &udp, dst),
        frame(60, &late, dst),
        // a PadN longer than the captured payload
        frame(0, &[17, 0, 0x01, 30, 0, 0, 0, 0], dst),
    ];
    let dissect = |n: u32| {
        let (_, d) = analyse_file_and_dissect("ipv6-ext", &frames, n);
        let mut text = String::new();
        d.tree.to_text(&mut text);
        (d, text)
    };
    let (d, text) = dissect(1);
    for line in [
        "IPv6 Hop-by-Hop Option\n",
        "Next Header: UDP (17)\n",
        "[Length: 16 bytes]\n",
        "Router Alert: RSVP (1)\n",
        "Unknown IPv6 Option (69)\n",
        "01.. .... = Action: Discard (1)\n",
        "Unknown Option Payload: aabb\n",
        "PadN: 00000000\n",
        "Checksum: 0x0000 [zero-value illegal]\n",
    ] {
        assert!(text.contains(line), "{line:?} missing from\n{text}");
    }
    assert_eq!(
        d.tree.values("ipv6.hopopts.nxt"),
        [&fathom_core::dissect::Value::Uint(17, 0)]
    );
    assert!(!d.tree.has("ipv6.opt.header_mismatch"));
    assert!(
        d.cols.info.ends_with(" [ILLEGAL CHECKSUM (0)]"),
        "{}",
        d.cols.info
    );
    let (d, text) = dissect(2);
    assert!(
        text.contains("Routing Header for IPv6 (Source Route)\n"),
        "{text}"
    );
    assert!(text.contains("Address[1]: ff02::16\n"), "{text}");
    assert!(text.contains("Routing header type is deprecated"), "{text}");
    assert_eq!(d.cols.dst, "ff02::16");
    // the routed datagram is in the conversation with its final destination
    let stream = |d: &fathom_core::dissect::Dissection| d.tree.values("udp.stream")[0].clone();
    assert_eq!(stream(&d), stream(&dissect(3).0));
    assert_eq!(stream(&d), stream(&dissect(1).0));
    let (d, _) = dissect(4);
    assert!(d.tree.has("ipv6.hopopts.not_first"));
    assert!(d.tree.has("ipv6.dstopts"));
    let (d, text) = dissect(5);
    assert!(
        text.contains("[Malformed Packet: IPv6 Hop-by-Hop]"),
        "{text}"
    );
    assert!(
        d.cols.info.ends_with("[Malformed Packet]"),
        "{}",
        d.cols.info
    );
}
