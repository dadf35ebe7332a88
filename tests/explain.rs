//! "Explain this packet" (`fathom print --explain`): golden narrations in English, Chinese
//! and Japanese of the recorded tutorial captures, and a check that every number a sentence
//! states is what the dissection's fields say (`-T fields`), in every language.

mod common;

use fathom::analysis::analyze_file;
use fathom::capture::file::CaptureFile;
use fathom::explain::{self, Arg, Source, Val};
use fathom::i18n::Lang;
use std::path::{Path, PathBuf};
use std::process::Command;

const GOLDEN: [&str; 4] = [
    "http-get-close",
    "http-keepalive-3",
    "http-chunked-gzip",
    "http-pipelined-rst",
];

fn recorded(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../shared/corpus/recorded/{name}.pcap"))
}

/// The narration of every frame equals the one kept in tests/explain, and every frame has one.
/// (To renew after a deliberate change: `fathom print -r F --explain --lang L > tests/explain/NAME.L.txt`.)
#[test]
fn narrations_equal_the_golden_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut compared = 0;
    for name in GOLDEN {
        let cap = recorded(name);
        assert!(cap.exists(), "{} is missing", cap.display());
        for lang in Lang::ALL {
            let out = Command::new(env!("CARGO_BIN_EXE_fathom"))
                .args(["print", "--explain", "--lang", lang.code(), "-r"])
                .arg(&cap)
                .output()
                .unwrap();
            assert!(out.status.success(), "{name} {}", lang.code());
            let got = String::from_utf8(out.stdout).unwrap();
            let want = std::fs::read_to_string(
                root.join(format!("tests/explain/{name}.{}.txt", lang.code())),
            )
            .unwrap();
            assert_eq!(got, want, "{name} in {}", lang.code());
            // every frame's summary line is followed by its explanation
            let lines: Vec<&str> = got.lines().collect();
            let mut frames = 0;
            for (i, l) in lines.iter().enumerate() {
                if is_summary(l) {
                    frames += 1;
                    let next = lines.get(i + 1).copied().unwrap_or("");
                    assert!(
                        !next.is_empty() && !is_summary(next),
                        "{name} {}: nothing explains {l}",
                        lang.code()
                    );
                }
            }
            assert!(frames > 5, "{name}");
            compared += 1;
        }
    }
    assert_eq!(compared, GOLDEN.len() * 3);
}

/// A packet's summary line: its number, then its time.
fn is_summary(l: &str) -> bool {
    let mut t = l.split_whitespace();
    t.next().is_some_and(|n| n.parse::<u32>().is_ok())
        && t.next()
            .is_some_and(|x| x.contains('.') && x.parse::<f64>().is_ok())
}

/// What -T fields prints for one field of a frame: every occurrence.
fn field_values(d: &fathom::dissect::Dissection, bytes: &[u8], abbrev: &str) -> Vec<String> {
    let v = fathom::print::fields::values(d, bytes, &[abbrev.to_string()]);
    v.into_iter().flatten().collect()
}

struct Frames<'a> {
    an: &'a fathom::analysis::Analysis,
}

impl Frames<'_> {
    fn get(&self, n: u32) -> (fathom::dissect::Dissection, Vec<u8>) {
        let rec = self.an.record(n).expect("record");
        let mut bytes = Vec::new();
        assert!(self.an.packet(n, &mut bytes));
        (fathom::dissect::dissect(&rec, n, &bytes, self.an), bytes)
    }
}

/// An argument's value equals what its source says.
fn check_arg(frames: &Frames, arg: &Arg, ctx: &str) {
    match arg.from {
        Source::Field(n, abbrev) => {
            let (d, bytes) = frames.get(n);
            let vals = field_values(&d, &bytes, abbrev);
            let ok = vals.iter().any(|v| match &arg.value {
                Val::Num(x) => v == &x.to_string(),
                Val::Frame(f) => v == &f.to_string(),
                Val::Dur(ns) => v
                    .parse::<f64>()
                    .is_ok_and(|s| (s * 1e9 - *ns as f64).abs() < 1.0),
                Val::Text(t) => v == t || v == t.trim_start_matches('[').trim_end_matches(']'),
                Val::Segments(_) => false,
            });
            assert!(
                ok,
                "{ctx}: {:?} is not {abbrev} of #{n} ({vals:?})",
                arg.value
            );
        }
        Source::Len(n, abbrev) => {
            let (d, _) = frames.get(n);
            let v = d.tree.values(abbrev);
            let len = v.first().and_then(|v| explain::value_len(v));
            assert_eq!(
                Some(arg.value.clone()),
                len.map(|l| Val::Num(l as u64)),
                "{ctx}: length of {abbrev} in #{n}"
            );
        }
        Source::Sum(n, abbrev) => {
            let (d, bytes) = frames.get(n);
            let sum: u64 = field_values(&d, &bytes, abbrev)
                .iter()
                .filter_map(|v| v.parse::<u64>().ok())
                .sum();
            assert_eq!(arg.value, Val::Num(sum), "{ctx}: sum of {abbrev} in #{n}");
        }
        Source::Segments(n) => {
            let (d, _) = frames.get(n);
            let mut segs = Vec::new();
            d.tree.walk(&mut |node| {
                if node.abbrev() == "tcp.segment" {
                    if let fathom::dissect::Value::Frame(f) = node.value {
                        segs.push((f, node.len));
                    }
                }
            });
            assert_eq!(arg.value, Val::Segments(segs), "{ctx}: segments of #{n}");
        }
    }
}

/// The runs of digits in a text (a decimal point joins two runs into one number).
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let joins =
            c == '.' && !cur.is_empty() && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if c.is_ascii_digit() || joins {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[test]
fn every_number_stated_is_what_the_fields_say() {
    let caps = common::recorded_and_demo();
    let (mut sentences, mut checked_numbers) = (0usize, 0usize);
    for cap in caps {
        let cf = CaptureFile::open(&cap).unwrap();
        let an = analyze_file(&cf, |_, _| true).unwrap();
        let frames = Frames { an: &an };
        for n in 1..=an.frames.len() as u32 {
            let said = explain::frame(&an, n);
            assert!(!said.is_empty(), "{} #{n}: nothing said", cap.display());
            for s in &said {
                sentences += 1;
                let ctx = format!("{} #{n} {}", cap.display(), s.id);
                for (_, a) in &s.args {
                    check_arg(&frames, a, &ctx);
                }
                // no number in the words that is not an argument or the message's own
                for lang in Lang::ALL {
                    let mut text = explain::render(lang, s);
                    // text arguments (addresses, URIs) leave the sentence first; the numbers
                    // that remain must each be a number argument's or the message's own
                    let mut stated: Vec<String> = Vec::new();
                    for (_, a) in &s.args {
                        let t = explain::arg_text(&a.value);
                        if let Val::Text(_) = a.value {
                            text = text.replace(t.as_str(), " ");
                        } else {
                            checked_numbers += numbers(&t).len();
                            stated.extend(numbers(&t));
                        }
                    }
                    let blank = explain::Sentence {
                        id: s.id,
                        args: s
                            .args
                            .iter()
                            .map(|(k, a)| {
                                (
                                    *k,
                                    Arg {
                                        value: Val::Text(String::new()),
                                        from: a.from,
                                    },
                                )
                            })
                            .collect(),
                    };
                    let own = numbers(&explain::render(lang, &blank));
                    for num in numbers(&text) {
                        assert!(
                            own.contains(&num) || stated.contains(&num),
                            "{ctx} in {}: {num} comes from nowhere: {}",
                            lang.code(),
                            explain::render(lang, s)
                        );
                    }
                }
            }
        }
    }
    assert!(sentences > 500, "{sentences}");
    assert!(checked_numbers > 1000, "{checked_numbers}");
}

/// The walk-through's stops, worked out from the first pass: on the demo, the ten frames of
/// its one exchange in order; on a keep-alive capture, the reassembled response and the
/// reused connection too. Each stop's field is in its frame.
#[test]
fn the_tour_stops_at_each_step_of_the_exchange() {
    use fathom::explain::tour::{tour, TITLES};
    let stops_of = |path: PathBuf| {
        let cf = CaptureFile::open(&path).unwrap();
        let an = analyze_file(&cf, |_, _| true).unwrap();
        let stops = tour(&an);
        let frames = Frames { an: &an };
        for s in &stops {
            let (d, _) = frames.get(s.frame);
            assert!(
                d.tree.has(s.field),
                "{} #{}: no {}",
                path.display(),
                s.frame,
                s.field
            );
            assert!(TITLES.contains(&s.title));
            for lang in Lang::ALL {
                assert!(
                    fathom::i18n::has(lang, s.title),
                    "{} {}",
                    s.title,
                    lang.code()
                );
            }
        }
        stops.iter().map(|s| (s.frame, s.title)).collect::<Vec<_>>()
    };
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo-http.pcap");
    assert_eq!(
        stops_of(demo),
        vec![
            (1, "tour-syn"),
            (2, "tour-syn-ack"),
            (3, "tour-handshake-ack"),
            (4, "tour-request"),
            (5, "tour-request-ack"),
            (6, "tour-response"),
            (8, "tour-fin-first"),
            (9, "tour-fin-second"),
            (10, "tour-last-ack"),
        ]
    );
    let ka = recorded("http-keepalive-3");
    if ka.exists() {
        let stops = stops_of(ka);
        assert!(stops.contains(&(8, "tour-keep-alive")), "{stops:?}");
        assert!(stops.contains(&(14, "tour-fin-first")), "{stops:?}");
    }
    let gz = recorded("http-chunked-gzip");
    if gz.exists() {
        let stops = stops_of(gz);
        assert!(
            stops.contains(&(69, "tour-response-reassembled")),
            "{stops:?}"
        );
    }
}
