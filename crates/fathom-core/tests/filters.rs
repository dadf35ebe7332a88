//! Display filters: evaluation on the project's own captures, the fast path against the full
//! tree on every shared capture, and error messages.

use fathom_core::analysis::analyze_file;
use fathom_core::capture::file::CaptureFile;
use fathom_core::filter::{fast::FrameEval, Filter};

#[path = "../../../tests/common/mod.rs"]
mod common;

fn frames(cap: &str, filter: &str) -> Vec<u32> {
    frames_in(&common::root().join("tests/captures").join(cap), filter)
}

/// Frames of the capture at `path` a filter selects.
fn frames_in(path: &std::path::Path, filter: &str) -> Vec<u32> {
    let cf = CaptureFile::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let an = analyze_file(&cf, |_, _| true).unwrap();
    let f = Filter::compile(filter).unwrap_or_else(|e| panic!("{filter}: {e}"));
    let mut ev = FrameEval::new(&an, &f);
    (1..=an.frames.len() as u32)
        .filter(|&n| ev.matches(n))
        .collect()
}

#[test]
fn evaluates_on_recorded_captures() {
    let k = "keepalive-2.pcap";
    assert_eq!(frames(k, "http.request"), vec![4, 8]);
    assert_eq!(frames(k, "http.response.code == 404"), vec![9]);
    assert_eq!(
        frames(
            k,
            "http.request.method == \"GET\" && http.request.uri contains \"missing\""
        ),
        vec![8]
    );
    assert_eq!(
        frames(k, "tcp.flags.syn == 1 && tcp.flags.ack == 0"),
        vec![1]
    );
    assert_eq!(frames(k, "tcp.flags & 0x12 == 0x12"), vec![2]);
    assert_eq!(frames(k, "tcp.flags.fin == 1"), vec![10, 11]);
    assert_eq!(frames(k, "ip.src == 10.99.0.1 and tcp.len > 0"), vec![6, 9]);
    assert_eq!(frames(k, "ip.addr == 10.99.0.0/24").len(), 12);
    assert_eq!(frames(k, "!(ip.addr == 10.99.0.0/24)"), Vec::<u32>::new());
    assert_eq!(frames(k, "tcp.port in {80 443}").len(), 12);
    assert_eq!(frames(k, "tcp.srcport in {1..1000}"), vec![2, 5, 6, 9, 11]);
    assert_eq!(frames(k, "frame contains \"404 Not Found\""), vec![9]);
    assert_eq!(
        frames(k, "http.request.uri matches \"^/IND\""),
        vec![4],
        "matches is case-insensitive"
    );
    assert_eq!(
        frames(k, "http xor tcp.flags.fin == 1"),
        vec![4, 6, 8, 9, 10, 11]
    );
    assert_eq!(
        frames(k, "http.request.uri ~ \"missing$\" || frame.number == 1"),
        vec![1, 8]
    );
    assert_eq!(frames(k, "len(http.request.uri) == 8"), vec![8]);
    assert_eq!(
        frames(k, "upper(http.request.method) == \"GET\""),
        vec![4, 8]
    );
    assert_eq!(
        frames(k, "lower(http.server) contains \"nginx\""),
        vec![6, 9]
    );
    assert_eq!(frames(k, "count(tcp.port) == 2").len(), 12);
    assert_eq!(
        frames(k, "frame[14] == 45").len(),
        12,
        "the IPv4 header starts with 0x45"
    );
    assert_eq!(frames(k, "eth.src[0:3] == eth.src[0-2]").len(), 12);
    assert_eq!(frames(k, "tcp.analysis.acks_frame == 4"), vec![5]);
    assert_eq!(frames(k, "http.response_in == 9"), vec![8]);
    assert_eq!(frames(k, "tcp.stream eq 0 and not http").len(), 8);
    assert_eq!(
        frames(k, "tcp.seq == 1 && tcp.ack == 1 && tcp.len == 0"),
        vec![3]
    );
    assert_eq!(frames(k, "ip.ttl >= 64 && ip.ttl <= 64").len(), 12);
    assert_eq!(frames(k, "tcp.srcport == tcp.dstport"), Vec::<u32>::new());
    assert_eq!(frames(k, "http.host == r\"10.99.0.1\""), vec![4, 8]);
    assert_eq!(
        frames(k, "http.request.method != \"GET\""),
        Vec::<u32>::new()
    );
    assert_eq!(frames(k, "tcp.flags.syn == True"), vec![1, 2]);
    assert_eq!(
        frames(
            k,
            "tcp.window_size_value gt 0x100 and tcp.window_size_value lt 0xffff"
        )
        .len(),
        2
    );
    assert_eq!(
        frames(k, "eth.addr == ff:ff:ff:ff:ff:ff"),
        Vec::<u32>::new()
    );
    let big = "big-plain.pcap";
    assert_eq!(
        frames(big, "tcp.reassembled_in").len(),
        frames(big, "tcp.len > 0 && tcp.srcport == 80").len() - 1
    );
    assert_eq!(
        frames("gb2312.pcap", "http.content_type contains \"gb2312\""),
        vec![6]
    );
}

#[test]
fn errors_name_the_problem_and_where() {
    let e = Filter::compile("tcp.prot == 80").unwrap_err();
    assert_eq!(e.pos, 0);
    assert!(e.msg.contains("did you mean \"tcp.port\""), "{}", e.msg);
    let e = Filter::compile("tcp.port == abc").unwrap_err();
    assert!(e.msg.contains("\"abc\" is not a valid number"), "{}", e.msg);
    assert_eq!(e.pos, 12);
    let e = Filter::compile("ip.addr == 10.0.0.300").unwrap_err();
    assert!(e.msg.contains("IPv4 address"), "{}", e.msg);
    let e = Filter::compile("tcp.port contains 80").unwrap_err();
    assert!(e.msg.contains("contains"), "{}", e.msg);
    let e = Filter::compile("http.request.uri matches \"(\"").unwrap_err();
    assert!(e.msg.contains("regular expression"), "{}", e.msg);
    let e = Filter::compile("tcp.analysis.retransmission == 1").unwrap_err();
    assert!(e.msg.contains("no value"), "{}", e.msg);
    let e = Filter::compile("80").unwrap_err();
    assert!(e.msg.contains("value, not a field"), "{}", e.msg);
    let e = Filter::compile("tcp.port ==").unwrap_err();
    assert!(e.msg.contains("ends too early"), "{}", e.msg);
    assert!(Filter::compile("").is_err());
}

/// The filters the conformance tool tries, evaluated both ways on every shared capture.
const FILTERS: &[&str] = &[
    "tcp",
    "udp",
    "http",
    "http.request",
    "http.response",
    "tcp.port == 80",
    "tcp.srcport == 80 && tcp.len > 0",
    "ip.addr == 10.77.0.1",
    "ip.src == 10.77.0.0/24",
    "!(tcp.port == 80)",
    "tcp.flags.syn == 1",
    "tcp.flags.syn == 1 && tcp.flags.ack == 0",
    "tcp.flags.fin == 1 || tcp.flags.reset == 1",
    "tcp.flags & 0x12 == 0x12",
    "tcp.stream == 0",
    "tcp.stream in {1,2,3}",
    "tcp.len > 1000",
    "tcp.seq == 1",
    "tcp.ack == 1",
    "tcp.window_size > 60000",
    "tcp.analysis.flags",
    "tcp.analysis.flags && !tcp.analysis.window_update",
    "tcp.analysis.retransmission",
    "tcp.analysis.duplicate_ack",
    "tcp.analysis.zero_window",
    "tcp.analysis.keep_alive",
    "tcp.analysis.acks_frame",
    "tcp.options.mss_val == 1460",
    "http.request.method == \"GET\"",
    "http.request.method in {\"GET\",\"HEAD\"}",
    "http.request.method != \"GET\"",
    "http.response.code == 200",
    "http.response.code >= 300",
    "frame contains \"HTTP/1.1\"",
    "frame.len > 1000",
    "frame.len <= 66",
    "eth.addr == ff:ff:ff:ff:ff:ff",
    "ip.ttl < 64",
    "ipv6",
    "not tcp.port == 80 and not udp",
    "tcp contains \"GET\"",
    "ip.len > 500 and udp",
];

#[test]
fn fast_path_equals_full_dissection_on_the_shared_corpus() {
    use fathom_core::dissect;
    let files = common::corpus_files();
    let filters: Vec<Filter> = FILTERS
        .iter()
        .map(|f| Filter::compile(f).unwrap())
        .collect();
    for cap in files {
        let Ok(cf) = CaptureFile::open(&cap) else {
            continue;
        };
        let an = analyze_file(&cf, |_, _| true).unwrap();
        let mut buf = Vec::new();
        for f in &filters {
            let mut ev = FrameEval::new(&an, f);
            for n in 1..=an.frames.len() as u32 {
                let fast = ev.matches(n);
                let rec = an.record(n).unwrap();
                assert!(an.packet(n, &mut buf));
                let dis = dissect::dissect(&rec, n, &buf, &an);
                let full = fathom_core::filter::fast::matches_tree(f, &dis, &buf);
                assert_eq!(fast, full, "{}: frame {n}: {}", cap.display(), f.text);
            }
        }
    }
}

#[test]
fn hostile_filters_are_refused_or_evaluated() {
    let k = "keepalive-2.pcap";
    // 4,600-term chains compile and evaluate without deep recursion
    let and = vec!["tcp"; 4600].join(" and ");
    assert_eq!(frames(k, &and).len(), 12);
    let or = vec!["http.request"; 4600].join(" || ");
    assert_eq!(frames(k, &or), vec![4, 8]);
    // thousands of nested parentheses or nots are an error with a message, not an abort
    for deep in [
        format!("{}tcp{}", "(".repeat(4000), ")".repeat(4000)),
        format!("{}tcp", "!".repeat(4600)),
    ] {
        let e = Filter::compile(&deep).unwrap_err();
        assert!(e.msg.contains("nests too deeply"), "{}", e.msg);
    }
    // a very long unknown name is refused (the suggestion is bounded by length)
    let long = "x".repeat(120_000);
    let e = Filter::compile(&long).unwrap_err();
    assert!(e.msg.contains("not a valid"), "{}", e.msg);
    // negative slices count from the end of the field
    let reqs = frames(k, "frame[-4:] == 0d:0a:0d:0a");
    assert!(reqs.contains(&4) && reqs.contains(&8), "{reqs:?}");
    assert_eq!(
        frames(k, "frame[-4:] == 0d:0a:0d:0a"),
        frames(k, "frame[-4--1] == 0d:0a:0d:0a && frame[-1] == 0a")
    );
    assert_eq!(
        frames(k, "tcp.flags.syn == 1 && len(frame[0:-1]) == 73"),
        vec![1, 2]
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    /// Any mix of operators, parentheses, nots and names compiles or fails with a message.
    #[test]
    fn any_filter_text_compiles_or_errs(parts in proptest::collection::vec(
        proptest::sample::select(vec![
            "(", ")", "!", "not ", " and ", " or ", " xor ", "tcp", "tcp.port", " == ", "80",
            "[", "]", ":", "-", "-1", "len(", "{", "}", " in ", "\"x\"", " & ", "frame", "..",
        ]),
        0..400,
    )) {
        let text: String = parts.concat();
        // no panic, and a refusal says why
        if let Err(e) = Filter::compile(&text) {
            proptest::prop_assert!(!e.to_string().is_empty());
        }
    }
}

#[test]
fn expert_info_fields_and_filters_as_tshark() {
    // tshark 4.0 on the same capture gives these frame lists
    let k = "keepalive-2.pcap";
    assert_eq!(frames(k, "_ws.expert.message contains \"SYN\""), vec![1, 2]);
    assert_eq!(frames(k, "_ws.expert.severity == 4194304"), vec![10, 11]);
    assert_eq!(frames(k, "_ws.expert"), vec![1, 2, 4, 6, 8, 9, 10, 11]);
    assert_eq!(frames(k, "tcp.connection.fin_active"), vec![10]);
    assert_eq!(frames(k, "tcp.connection.fin_passive"), vec![11]);
    assert_eq!(frames(k, "http.chat"), vec![4, 6, 8, 9]);
    let rows = golden_fields(
        k,
        &[
            "_ws.expert.message",
            "_ws.expert.severity",
            "_ws.expert.group",
        ],
    );
    assert_eq!(
        rows[9],
        "Connection finish (FIN),This frame initiates the connection closing\t2097152,4194304\t33554432,33554432"
    );
}

/// `fathom print -T fields` rows of a project capture.
fn golden_fields(cap: &str, fields: &[&str]) -> Vec<String> {
    let path = common::root().join("tests/captures").join(cap);
    let cf = CaptureFile::open(&path).unwrap();
    let an = analyze_file(&cf, |_, _| true).unwrap();
    let opts = fathom_core::print::Options {
        format: fathom_core::print::Format::Fields,
        fields: fields.iter().map(|s| s.to_string()).collect(),
        verbose: false,
        filter: None,
        quiet: false,
        stats: Vec::new(),
        export_http: None,
        ..Default::default()
    };
    let mut out = Vec::new();
    fathom_core::print::print_all(&cf, &an, &opts, &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// Frames of a shared-corpus capture a filter selects (fails when the corpus is missing).
fn corpus_frames(cap: &str, filter: &str) -> Vec<u32> {
    frames_in(
        &common::root().join("../shared/corpus/public").join(cap),
        filter,
    )
}

#[test]
fn fields_once_written_but_never_registered_now_filter_as_tshark_does() {
    // the dissectors wrote these items before the registry knew them, so a filter naming
    // them was refused; the frames are tshark 4.0's answers on the same files
    let all = |n: u32| (1..=n).collect::<Vec<u32>>();
    let cases: &[(&str, &str, Vec<u32>)] = &[
        ("zeek/mixed-vlan-mpls.pcap", "mpls.label == 29", all(11)),
        ("tcpreplay/test.pcap", "igmp.type == 0x11", vec![14, 15, 16]),
        ("tcpreplay/test.pcap", "igmp.version == 2", vec![14, 15, 16]),
        (
            "httpreplay/invalidtcppacketorder.pcap",
            "nbns.flags == 0x0110",
            vec![46, 47, 60, 61, 62, 63, 70, 71, 72, 73, 83, 84],
        ),
        ("zeek/nflog-http.pcap", "nflog.family == 2", all(13)),
        ("zeek/nflog-http.pcap", "nflog.res_id == 42", all(13)),
        ("pcapng-test-generator/le-test001.pcapng", "dhcp.id", all(4)),
        ("pcapplusplus/sll.pcap", "nbns.name", vec![515, 517, 518]),
    ];
    for (cap, filter, want) in cases {
        assert_eq!(&corpus_frames(cap, filter), want, "{cap}: {filter}");
    }
}
