//! Golden tests: `fathom print -T fields` on the project's own recorded captures must equal
//! tshark 4.0's answer (`tshark -2 -T fields`, stored beside each capture), cell by cell.

use fathom_core::analysis::analyze_file;
use fathom_core::capture::file::CaptureFile;
use fathom_core::print::{print_all, Format, Options};
use std::path::{Path, PathBuf};

#[path = "../../../tests/common/mod.rs"]
mod common;

const TIME_FIELDS: &[&str] = &[
    "frame.time_relative",
    "frame.time_delta",
    "tcp.analysis.ack_rtt",
    "tcp.analysis.initial_rtt",
    "http.time",
];

fn captures() -> Vec<PathBuf> {
    let dir = common::root().join("tests/captures");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pcap"))
        .collect();
    v.sort();
    assert!(v.len() >= 5, "the recorded captures are missing");
    v
}

fn fields() -> Vec<String> {
    let p = common::root().join("tests/captures/fields.txt");
    std::fs::read_to_string(p)
        .unwrap()
        .split_whitespace()
        .map(String::from)
        .collect()
}

pub fn print_fields(path: &Path, fields: &[String]) -> Vec<Vec<String>> {
    let cf = CaptureFile::open(path).unwrap();
    let an = analyze_file(&cf, |_, _| true).unwrap();
    let mut out = Vec::new();
    let opts = Options {
        format: Format::Fields,
        fields: fields.to_vec(),
        verbose: false,
        filter: None,
        quiet: false,
        stats: Vec::new(),
        export_http: None,
        ..Default::default()
    };
    print_all(&cf, &an, &opts, &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(String::from).collect())
        .collect()
}

fn same(field: &str, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if TIME_FIELDS.contains(&field) {
        let (x, y): (Vec<&str>, Vec<&str>) = (a.split(',').collect(), b.split(',').collect());
        return x.len() == y.len()
            && x.iter()
                .zip(&y)
                .all(|(p, q)| match (p.parse::<f64>(), q.parse::<f64>()) {
                    (Ok(p), Ok(q)) => (p - q).abs() < 1.5e-6,
                    _ => false,
                });
    }
    false
}

#[test]
fn recorded_captures_match_tshark() {
    let fields = fields();
    let mut checked = 0;
    for cap in captures() {
        let golden = std::fs::read_to_string(format!("{}.tshark.tsv", cap.display())).unwrap();
        let mut lines = golden.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        assert_eq!(
            header,
            fields.iter().map(String::as_str).collect::<Vec<_>>()
        );
        let want: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
        let got = print_fields(&cap, &fields);
        assert_eq!(got.len(), want.len(), "{}: row count", cap.display());
        for (i, (w, g)) in want.iter().zip(&got).enumerate() {
            for (j, f) in fields.iter().enumerate() {
                let wv = w.get(j).copied().unwrap_or("");
                let gv = g.get(j).map(String::as_str).unwrap_or("");
                assert!(
                    same(f, wv, gv),
                    "{} frame {}: {f}: tshark {wv:?}, fathom {gv:?}",
                    cap.display(),
                    i + 1
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 3000);
}

#[test]
fn demo_capture_is_one_complete_exchange() {
    let demo = common::root().join("assets/demo-http.pcap");
    let f = |s: &str| s.to_string();
    let rows = print_fields(
        &demo,
        &[
            f("tcp.flags"),
            f("http.request.method"),
            f("http.response.code"),
            f("_ws.col.Info"),
        ],
    );
    // handshake, GET, response, teardown
    assert_eq!(rows[0][0], "0x0002");
    assert_eq!(rows[1][0], "0x0012");
    assert!(rows.iter().any(|r| r[1] == "GET"));
    assert!(rows.iter().any(|r| r[2] == "200"));
    assert!(
        rows.iter().filter(|r| r[0] == "0x0011").count() >= 2,
        "FIN/ACK both ways"
    );
}

#[test]
fn store_fields_equal_full_dissection() {
    // the fast path must print what the tree prints, on every recorded capture
    for cap in captures() {
        let fast: Vec<String> = fathom_core::fast::FIELDS
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut with_tree = fast.clone();
        with_tree.push("ip.src".into()); // forces the full dissection
        let a = print_fields(&cap, &fast);
        let b = print_fields(&cap, &with_tree);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x[..], y[..x.len()], "{}", cap.display());
        }
    }
}

#[test]
fn shared_corpus_store_fields_equal_full_dissection() {
    // CI always has ../shared; a developer checkout may not
    let files = common::corpus_files();
    let fast: Vec<String> = fathom_core::fast::FIELDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut with_tree = fast.clone();
    with_tree.push("ip.src".into());
    for cap in files {
        let Ok(cf) = CaptureFile::open(&cap) else {
            continue;
        };
        let an = analyze_file(&cf, |_, _| true).unwrap();
        let run = |fields: &[String]| {
            let mut out = Vec::new();
            let opts = Options {
                format: Format::Fields,
                fields: fields.to_vec(),
                verbose: false,
                filter: None,
                quiet: false,
                stats: Vec::new(),
                export_http: None,
                ..Default::default()
            };
            print_all(&cf, &an, &opts, &mut out).unwrap();
            String::from_utf8_lossy(&out)
                .lines()
                .map(|l| {
                    l.split('\t')
                        .take(fast.len())
                        .collect::<Vec<_>>()
                        .join("\t")
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(run(&fast), run(&with_tree), "{}", cap.display());
    }
}

#[test]
fn follow_output_matches_tshark() {
    // tshark's `-q -z follow,…,0` output, stored beside each recorded capture
    for cap in captures() {
        let cf = CaptureFile::open(&cap).unwrap();
        let an = analyze_file(&cf, |_, _| true).unwrap();
        for (proto, mode) in [("tcp", "ascii"), ("tcp", "hex"), ("http", "ascii")] {
            let want =
                std::fs::read_to_string(format!("{}.follow-{proto}-{mode}-0.txt", cap.display()))
                    .unwrap();
            let m = fathom_core::follow::Mode::parse(mode).unwrap();
            let got = fathom_core::follow::tshark_follow(&an, proto, m, 0);
            assert_eq!(got, want, "{} follow,{proto},{mode},0", cap.display());
        }
    }
}

#[test]
fn bytes_after_the_datagram_are_padding_or_a_trailer_only_when_there() {
    // tshark: no frame of the demo has bytes after its IP datagram; frame 8 of smtp.pcap
    // (60 bytes) ends in a six-byte trailer that is not all zero, so it is no padding
    let f = |s: &str| s.to_string();
    let demo = common::root().join("assets/demo-http.pcap");
    let rows = print_fields(&demo, &[f("eth.padding"), f("eth.trailer")]);
    assert!(
        rows.iter().all(|r| r.iter().all(String::is_empty)),
        "{rows:?}"
    );
    let smtp = common::root().join("../shared/corpus/public/npm/smtp.pcap");
    assert!(smtp.exists(), "{} is missing", smtp.display());
    {
        let rows = print_fields(&smtp, &[f("eth.padding"), f("eth.trailer")]);
        assert_eq!(rows[7], vec![String::new(), f("0000b3d518d0")]);
    }
}

/// `fathom print -V` of a capture, as text.
fn print_verbose(path: &Path) -> String {
    let cf = CaptureFile::open(path).unwrap();
    let an = analyze_file(&cf, |_, _| true).unwrap();
    let mut out = Vec::new();
    let opts = Options {
        format: Format::Text,
        fields: Vec::new(),
        verbose: true,
        filter: None,
        quiet: false,
        stats: Vec::new(),
        export_http: None,
        ..Default::default()
    };
    print_all(&cf, &an, &opts, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn generated_items_carry_exactly_one_pair_of_brackets() {
    for cap in captures() {
        let text = print_verbose(&cap);
        for line in text.lines() {
            assert!(!line.contains("[["), "{}: {line}", cap.display());
        }
        // generated by Wireshark: one pair; read from the wire: none
        for (gen, real) in [
            ("[TCP Segment Len: ", "TCP Segment Len: "),
            ("[Calculated window size: ", "Window: "),
            ("[SEQ/ACK analysis]", "Sequence Number (raw): "),
        ] {
            if text.contains(real) {
                assert!(
                    text.lines().any(|l| l.trim_start().starts_with(gen)),
                    "{}: no {gen}",
                    cap.display()
                );
            }
        }
    }
    // keep-alive links as tshark shows them
    let dir = common::root().join("tests/captures");
    let text = print_verbose(&dir.join("keepalive-2.pcap"));
    for want in [
        "    [HTTP request 1/2]",
        "    [HTTP request 2/2]",
        "    [HTTP response 1/2]",
        "    [Next response in frame: 9]",
        "    [Prev response in frame: 6]",
        "    [Request URI: http://10.99.0.1/missing]",
    ] {
        assert!(text.lines().any(|l| l == want), "missing {want:?}");
    }
}

/// Hand-made captures whose whole `-V` text must be tshark's, line for line (tshark's
/// answer stored as `NAME.V.txt`): MIME multipart bodies (`multipart.pcap`: a form upload
/// with a preamble, untyped and typed parts and an epilogue, a nested multipart, a range
/// response, a form without a boundary) and pings (`icmp.pcap`: checksums right, wrong and
/// unverifiable, pairing by checksum, the sender's timestamp in the data in its forms),
/// IPv6's option and routing headers (`ipv6-ext.pcap`), Neighbor Discovery with its
/// options and MLD (`icmpv6-nd.pcap`) and DNS (`dns.pcap`: every common record type, EDNS
/// options, queries paired with their responses, retransmitted queries and answers, an
/// unanswered query, an unsolicited answer, a header cut short, mDNS) and IP fragments
/// (`ip-fragments.pcap`: duplicates, overlaps with and without other bytes, a fragment past
/// the end, a second tail, UDP lengths shorter than the header and longer than the datagram)
/// DNSSEC records (`dnssec.pcap`: RRSIG, DNSKEY, DS, NSEC, NSEC3, NSEC3PARAM), TCP in
/// L2TP and PPP (`l2tp.pcap`) and traceroute probes with what ICMP and ICMPv6 errors quote
/// (`icmp-quoted.pcap`: hop and attempt on either port, a quoted datagram's data and DNS at
/// the top, a quoted echo unchecked and unpaired) and IPv4 options (`ip-options.pcap`:
/// Router Alert, NOP, EOL, Record Route, Time Stamp, Stream ID, Security, an unknown type,
/// lengths that do not fit) and DNS over TCP (`pdu-size.pcap`: each message whole in its
/// segment a TCP `[PDU Size]`, two messages to a segment) and what follows a TCP End of
/// Option List (`tcp-options.pcap`), and which FINs initiate the closing and which undergo
/// it (`fin-retrans.pcap`: a FIN sent again by the side that closed first initiates too).
/// The JSON members under a JSON layer, which Fathom does not dissect, are left out of
/// tshark's text; the hex dump `-V` puts after each data layer is compared too.
#[test]
fn verbose_text_matches_tshark() {
    let dir = common::root().join("tests/captures");
    for (name, layer, at_least) in [
        ("multipart.pcap", "MIME Multipart", 3),
        ("icmp.pcap", "Internet Control Message Protocol", 9),
        ("ipv6-ext.pcap", "Internet Protocol Version 6", 10),
        ("icmpv6-nd.pcap", "Internet Control Message Protocol v6", 8),
        ("dns.pcap", "Domain Name System", 25),
        ("ip-fragments.pcap", "User Datagram Protocol", 10),
        ("dnssec.pcap", "Domain Name System", 5),
        ("l2tp.pcap", "Layer 2 Tunneling Protocol", 3),
        ("icmp-quoted.pcap", "Internet Control Message Protocol", 5),
        ("ip-options.pcap", "Internet Protocol Version 4", 12),
        ("pdu-size.pcap", "Domain Name System", 4),
        ("tcp-options.pcap", "Transmission Control Protocol", 3),
        ("fin-retrans.pcap", "Transmission Control Protocol", 7),
    ] {
        let want = std::fs::read_to_string(dir.join(format!("{name}.V.txt"))).unwrap();
        let mut kept: Vec<&str> = Vec::new();
        let mut json_depth: Option<usize> = None;
        for line in want.lines() {
            let depth = line.len() - line.trim_start().len();
            if json_depth.is_some_and(|d| depth > d) {
                continue;
            }
            json_depth = line
                .trim_start()
                .starts_with("JavaScript Object Notation")
                .then_some(depth);
            kept.push(line);
        }
        let got = print_verbose(&dir.join(name));
        let got: Vec<&str> = got.lines().collect();
        let layers = kept.iter().filter(|l| l.starts_with(layer)).count();
        assert!(layers >= at_least, "{name}: {layers} {layer} layers");
        for (i, (w, g)) in kept.iter().zip(&got).enumerate() {
            assert_eq!(w, g, "{name}: line {} of the -V text", i + 1);
        }
        assert_eq!(kept.len(), got.len(), "{name}: lines of the -V text");
    }
}

/// Fathom's `-T fields` rows of `fields` for test capture `name`, and tshark's, cached beside
/// it as `NAME.SUFFIX.tsv`.
fn fields_and_cached(name: &str, suffix: &str, fields: &[&str]) -> (Vec<String>, Vec<String>) {
    let cap = common::root().join("tests/captures").join(name);
    let want = std::fs::read_to_string(format!("{}.{suffix}.tsv", cap.display())).unwrap();
    let fields: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
    let got = print_fields(&cap, &fields)
        .iter()
        .map(|r| r.join("\t"))
        .collect();
    (got, want.lines().map(String::from).collect())
}

#[test]
fn the_datagrams_of_a_tunnel_carrying_tcp_count_in_its_udp_timestamps() {
    // l2tp.pcap: TCP inside L2TP; tshark's udp.stream, time since first and previous frame
    // of the outer UDP conversation
    let fields = [
        "frame.number",
        "udp.stream",
        "udp.time_relative",
        "udp.time_delta",
    ];
    let (got, want) = fields_and_cached("l2tp.pcap", "udp-times", &fields);
    assert_eq!(want.len(), 3);
    assert_eq!(got, want);
}

#[test]
fn a_protocols_field_gives_its_items_text_as_tshark_does() {
    // demo-http.pcap: `-e tcp` is TCP's summary line, `-e http` the abbrev (HTTP writes no
    // text of its own on its item), `-e data` the data's bytes, `-e _ws.expert` the expert
    // item's text without the tree's brackets
    let fields = [
        "frame.number",
        "tcp",
        "http",
        "data",
        "eth",
        "ip",
        "_ws.expert",
    ];
    let (got, want) = fields_and_cached("demo-http.pcap", "protocol-fields", &fields);
    assert!(want.len() >= 10);
    assert!(want.iter().any(|l| l.contains("\thttp\t")));
    assert_eq!(got, want);
}
