//! Statistics against tshark: `-q -z conv,…` and `-z endpoints,…` for Ethernet, IPv4, IPv6,
//! TCP and UDP, `-z io,phs` and `-z expert`, on every recorded capture of ../shared/corpus and the demo
//! capture, compared byte for byte with tshark 4.0's output cached in tests/stats-cache.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const TABLES: [&str; 10] = [
    "conv,eth",
    "conv,ip",
    "conv,ipv6",
    "conv,tcp",
    "conv,udp",
    "endpoints,eth",
    "endpoints,ip",
    "endpoints,ipv6",
    "endpoints,tcp",
    "endpoints,udp",
];

fn captures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut v = common::recorded_and_demo();
    v.push(root.join("tests/captures/http-browse.pcap"));
    v
}

/// Runs `fathom print -q` with these `-z` options on every capture that has tshark's answer
/// cached as `tests/stats-cache/NAME.{suffix}.txt`, and compares; returns how many it compared.
fn equals_cached(suffix: &str, zs: &[&str]) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut compared = 0;
    for cap in captures() {
        let name = cap.file_name().unwrap().to_string_lossy().into_owned();
        let cache = root.join(format!("tests/stats-cache/{name}.{suffix}.txt"));
        let Ok(want) = std::fs::read_to_string(&cache) else {
            continue;
        };
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_fathom"));
        cmd.args(["print", "-r"]).arg(&cap).arg("-q");
        for z in zs {
            cmd.args(["-z", z]);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            want,
            "{name} -z {zs:?}"
        );
        compared += 1;
    }
    compared
}

#[test]
fn conversations_and_endpoints_equal_tshark() {
    assert!(
        equals_cached("conv", &TABLES) >= 1,
        "the demo capture at least"
    );
}

#[test]
fn protocol_hierarchy_equals_tshark() {
    assert!(equals_cached("phs", &["io,phs"]) >= 1);
}

#[test]
fn io_statistics_equal_tshark() {
    // one second, 1 ms with filtered columns, and the whole capture as one interval
    assert!(
        equals_cached(
            "iostat",
            &["io,stat,1", "io,stat,0.001,,tcp.len>0,udp", "io,stat,0"]
        ) >= 2
    );
}

#[test]
fn http_statistics_equal_tshark() {
    assert!(
        equals_cached(
            "httpstat",
            &[
                "http,tree",
                "http_req,tree",
                "http_srv,tree",
                "http_seq,tree"
            ]
        ) >= 2
    );
}

#[test]
fn io_statistics_compute_fields_per_interval() {
    // SUM, MAX and AVG of fields, FRAMES and BYTES columns, 20 s intervals over 130 s
    let cap = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/captures/http-browse.pcap");
    let out = Command::new(env!("CARGO_BIN_EXE_fathom"))
        .args(["print", "-r"])
        .arg(&cap)
        .args([
            "-q",
            "-z",
            "io,stat,20,SUM(tcp.len)tcp.len,MAX(http.time)http.time,AVG(tcp.analysis.ack_rtt)tcp.analysis.ack_rtt,COUNT(http.request)http.request,FRAMES,BYTES()http",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains(" <> ")).collect();
    assert_eq!(rows.len(), 7, "{text}");
    assert_eq!(
        rows[0], "|   0 <>  20 | 246 | 0.003000 | 0.001200 |     2 |      9 |   462 |",
        "{text}"
    );
    // the frames whose time steps back count in the latest interval, as tshark counts them
    assert_eq!(
        rows[6], "| 120 <> Dur | 271 | 0.003000 | 0.000311 |     2 |     13 |   487 |",
        "{text}"
    );
}

#[test]
fn expert_information_equals_tshark() {
    assert!(equals_cached("expert", &["expert"]) >= 1);
}

#[test]
fn exported_http_objects_are_the_files_tshark_writes() {
    // tshark --export-objects http,DIR: each file's md5 and name, cached as `md5sum` lists them
    use md5::{Digest, Md5};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut compared = 0;
    for cap in captures() {
        let name = cap.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(want) =
            std::fs::read_to_string(root.join(format!("tests/stats-cache/{name}.objects.md5")))
        else {
            continue;
        };
        let dir = std::env::temp_dir().join(format!("fathom-eo-{}-{name}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok(); // (nothing there is fine)
        let out = Command::new(env!("CARGO_BIN_EXE_fathom"))
            .args(["print", "-r"])
            .arg(&cap)
            .arg("-q")
            .arg("--export-objects")
            .arg(format!("http,{}", dir.display()))
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}");
        let mut got: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| {
                let data = std::fs::read(e.path()).unwrap();
                let sum: String = Md5::digest(&data)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                (e.file_name().to_string_lossy().into_owned(), sum)
            })
            .collect();
        got.sort();
        let got: String = got.iter().map(|(n, s)| format!("{s}  {n}\n")).collect();
        assert_eq!(got, want, "{name}");
        std::fs::remove_dir_all(&dir).unwrap();
        compared += 1;
    }
    assert!(compared >= 1);
}

#[test]
fn a_filtered_table_counts_only_what_the_filter_keeps() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/captures/demo-http.pcap");
    let out = Command::new(env!("CARGO_BIN_EXE_fathom"))
        .args(["print", "-r"])
        .arg(&demo)
        .args(["-q", "-z", "conv,tcp,tcp.len > 0"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Filter:tcp.len > 0"), "{text}");
    // the request and the response: one frame each way
    let row = text.lines().nth(5).unwrap();
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cols[3], "1", "{row}");
    let bad = Command::new(env!("CARGO_BIN_EXE_fathom"))
        .args(["print", "-r"])
        .arg(&demo)
        .args(["-q", "-z", "conv,tcp,tcp.len >"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
}

/// Every capture of the tests and, when it is there, of the shared corpus.
fn every_capture() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["tests/captures", "../shared/corpus"] {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p
                    .extension()
                    .is_some_and(|x| x == "pcap" || x == "pcapng" || x == "cap")
                {
                    files.push(p);
                }
            }
        }
    }
    files.sort();
    let shared = files
        .iter()
        .filter(|p| !p.starts_with(root.join("tests")))
        .count();
    common::assert_corpus(shared, "captures");
    files
}

/// Conversations read a TCP frame's addresses and ports straight from its headers when it is
/// a plain Ethernet/IP/TCP frame (`stats::tcp_facts`); on every frame where it does, the
/// answer must equal the general decoder's, and it must be taken for most TCP frames.
#[test]
fn tcp_facts_equal_decoded() {
    use fathom::analysis::analyze_file;
    use fathom::capture::file::{CaptureFile, PacketSource};
    let (mut fast, mut tcp) = (0usize, 0usize);
    let mut buf = Vec::new();
    for f in every_capture() {
        let Ok(cf) = CaptureFile::open(&f) else {
            continue;
        };
        let Ok(an) = analyze_file(&cf, |_, _| true) else {
            continue;
        };
        let src = PacketSource::new(&cf).unwrap();
        let mut frag = fathom::dissect::ip::FragTable::default();
        let t0 = an.frames.first().map_or(0, |r| r.ts_ns);
        for (i, ref rec) in an.frames.iter().enumerate() {
            let frame = i as u32 + 1;
            src.read(rec, &mut buf).unwrap();
            let (want, _) = fathom::stats::decoded_facts(&an, frame, rec, &buf, &mut frag, t0);
            tcp += want.tcp.is_some() as usize;
            if let Some(got) = fathom::stats::tcp_facts(&an, frame, rec, &buf, t0) {
                fast += 1;
                assert_eq!(got, want, "{} frame {frame}", f.display());
            }
        }
    }
    eprintln!("{fast} of {tcp} TCP frames read fast");
    assert!(fast * 10 > tcp * 8, "{fast} of {tcp}");
}

/// The statistics skip dissecting "plain" frames (`stats::plain_frame`): bare ACKs and the
/// middle segments of reassembled PDUs. On every frame of every test capture and corpus file
/// it accepts, the real dissection must give the same hierarchy path, the same expert items
/// and no HTTP message — and on the generated-traffic captures, most data frames must be plain, so
/// the shortcut is really taken. Frames ending HTTP messages behind plain headers
/// (`stats::plain_http_frame`) have only their HTTP layers dissected: the same three things
/// must come out of them as out of the whole tree.
#[test]
fn plain_frames_dissect_as_assumed() {
    use fathom::analysis::analyze_file;
    use fathom::capture::file::{CaptureFile, PacketSource};
    let files = every_capture();
    use fathom::stats::expert::Tally;
    let (mut plain, mut total, mut http_lite) = (0usize, 0usize, 0usize);
    let mut buf = Vec::new();
    for f in &files {
        let Ok(cf) = CaptureFile::open(f) else {
            continue;
        };
        let Ok(an) = analyze_file(&cf, |_, _| true) else {
            continue;
        };
        let src = PacketSource::new(&cf).unwrap();
        for (i, ref rec) in an.frames.iter().enumerate() {
            let frame = i as u32 + 1;
            total += 1;
            src.read(rec, &mut buf).unwrap();
            if let Some(lite) = fathom::stats::plain_http_frame(&an, frame, rec, &buf) {
                // what the statistics read of it equals what they read of the whole tree
                http_lite += 1;
                let d = fathom::dissect::dissect(rec, frame, &buf, &an);
                let full: Vec<&str> = d.tree.roots.iter().map(|r| r.abbrev()).collect();
                let part: Vec<&str> = lite.iter().map(|r| r.abbrev()).collect();
                let at = format!("{} frame {frame}", f.display());
                assert_eq!(
                    fathom::stats::phs::path(&full),
                    fathom::stats::phs::path(&part),
                    "{at}"
                );
                let (mut a, mut b) = (Tally::default(), Tally::default());
                a.add(frame, &d.tree.roots);
                b.add(frame, &lite);
                assert_eq!(a.into_items(), b.into_items(), "{at}");
                let (mut a, mut b) = (Default::default(), Default::default());
                fathom::stats::http::messages(frame, 0.0, &d.tree.roots, &mut a);
                fathom::stats::http::messages(frame, 0.0, &lite, &mut b);
                assert_eq!(a, b, "{at}");
                assert!(!a.list.is_empty(), "{at}");
            }
            let Some(p) = fathom::stats::plain_frame(&an, frame, rec, &buf) else {
                continue;
            };
            plain += 1;
            let d = fathom::dissect::dissect(rec, frame, &buf, &an);
            let roots: Vec<&str> = d.tree.roots.iter().map(|r| r.abbrev()).collect();
            assert_eq!(
                fathom::stats::phs::path(&roots),
                p.path,
                "{} frame {frame}",
                f.display()
            );
            let mut items = fathom::stats::expert::Tally::default();
            items.add(frame, &d.tree.roots);
            let mut assumed = fathom::stats::expert::Tally::default();
            if let Some(x) = &p.experts {
                assumed.add(frame, std::slice::from_ref(x));
            }
            assert_eq!(
                items.into_items(),
                assumed.into_items(),
                "{} frame {frame}",
                f.display()
            );
            let mut msgs = fathom::stats::http::Messages::default();
            fathom::stats::http::messages(frame, 0.0, &d.tree.roots, &mut msgs);
            assert!(msgs.list.is_empty(), "{} frame {frame}", f.display());
        }
    }
    eprintln!(
        "{plain} of {total} frames plain, {http_lite} plain HTTP, in {} files",
        files.len()
    );
    assert!(plain * 4 > total, "{plain} of {total} frames plain");
    assert!(
        http_lite * 50 > total,
        "{http_lite} of {total} frames plain HTTP"
    );
}

/// Export Objects reads the messages in one run per core, and a response whose request came
/// in an earlier run takes its name and host from the runs before: on every capture, any
/// number of runs must give what one run gives.
#[test]
fn export_objects_in_runs_equal_one_run() {
    use fathom::analysis::analyze_file;
    use fathom::capture::file::CaptureFile;
    let mut objects = 0;
    for f in every_capture() {
        let Ok(cf) = CaptureFile::open(&f) else {
            continue;
        };
        let Ok(an) = analyze_file(&cf, |_, _| true) else {
            continue;
        };
        let one = fathom::stats::objects::http_objects_in_runs(&an, 1).unwrap();
        for runs in [2, 3, 7, 64] {
            let many = fathom::stats::objects::http_objects_in_runs(&an, runs).unwrap();
            assert_eq!(many, one, "{} in {runs} runs", f.display());
        }
        objects += one.len();
    }
    assert!(objects > 50, "{objects}");
}

/// The conversation tables the window counts as it reads (without holding every frame's
/// facts) equal the tables counted from all the facts at once, on every capture.
#[test]
fn conversation_tables_counted_as_read_equal_the_tables_of_all_facts() {
    use fathom::analysis::analyze_file;
    use fathom::capture::file::CaptureFile;
    let mut rows = 0;
    for f in every_capture() {
        let Ok(cf) = CaptureFile::open(&f) else {
            continue;
        };
        let Ok(an) = analyze_file(&cf, |_, _| true) else {
            continue;
        };
        let facts = fathom::stats::facts(&cf, &an).unwrap();
        let tables = |keep: &dyn Fn(u32) -> bool| -> Vec<fathom::stats::conv::Table> {
            fathom::stats::conv::Kind::ALL
                .iter()
                .map(|&k| fathom::stats::conv::table(k, &facts, keep))
                .collect()
        };
        let all = tables(&|_| true);
        let streamed = fathom::stats::conv_tables(&cf, &an, |_| true).unwrap();
        assert_eq!(streamed, all, "{}", f.display());
        let odd = |n: u32| n % 2 == 1;
        let kept = tables(&odd);
        assert_eq!(fathom::stats::conv_tables(&cf, &an, odd).unwrap(), kept);
        rows += all.iter().map(|t| t.conversations.len()).sum::<usize>();
    }
    assert!(rows > 100, "{rows}");
}

/// A capture's first pass as the window's load runs it, with the conversation tables counted
/// as it goes (at most `limit` frames).
fn load_counting(
    cf: &fathom::capture::file::CaptureFile,
    limit: usize,
) -> Option<(
    fathom::analysis::Analysis,
    Option<Vec<fathom::stats::conv::Table>>,
)> {
    let mut r = cf.reader().ok()?;
    let mut an = fathom::analysis::Analysis::default();
    let mut pass = fathom::analysis::Pass::default();
    let mut tables = fathom::stats::LoadTables::new(limit);
    let mut buf = Vec::new();
    while let Some(rec) = r.next(&mut buf) {
        pass.push(&mut an, rec, &buf, None);
        let n = an.frames.len();
        let stored = an.frames.get(n - 1).unwrap();
        tables.add(&an, n as u32, &stored, &buf);
    }
    pass.finish(&mut an);
    Some((an, tables.finish()))
}

/// The conversation tables the window counts while a file loads (the loading thread reads
/// each frame's facts just after the first pass took it) equal those counted after the load,
/// on every capture; past its limit it counts nothing; and what a session keeps for its
/// windows (counted so) equals them too.
#[test]
fn conversation_tables_counted_during_the_load_equal_those_counted_after() {
    use fathom::capture::file::CaptureFile;
    let mut files = 0;
    for f in every_capture() {
        let Ok(cf) = CaptureFile::open(&f) else {
            continue;
        };
        let Some((an, during)) = load_counting(&cf, usize::MAX) else {
            continue;
        };
        let after = fathom::stats::conv_tables(&cf, &an, |_| true).unwrap();
        assert_eq!(during.expect("counted"), after, "{}", f.display());
        files += 1;
    }
    assert!(files > 150, "{files}");
    // past its limit, nothing is counted
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/captures/http-browse.pcap");
    let cf = CaptureFile::open(&f).unwrap();
    let (an, counted) = load_counting(&cf, 10).unwrap();
    assert!(an.frames.len() > 10);
    assert_eq!(counted, None);
    // the session puts the tables it counted where the windows look
    let mut s = fathom::session::Session::open(&f, || {}).unwrap();
    s.wait();
    let an = s.read();
    let kept = s.stats.conv_tables(&s.file, &an).unwrap();
    assert_eq!(
        *kept,
        fathom::stats::conv_tables(&s.file, &an, |_| true).unwrap()
    );
}
