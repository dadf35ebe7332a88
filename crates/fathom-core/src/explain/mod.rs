//! "Explain this packet": what a frame does, in plain language, generated from the frame's
//! dissection and the analysis (never from text written for one capture).
//!
//! [`frame`] returns sentences as message ids with typed arguments; [`render`] words them in
//! a language through [`crate::i18n`]. Every argument records where it came from (a field
//! of a frame, the byte length of one, a sum of one), so a test can check each number a
//! sentence states against the fields `-T fields` prints.

pub mod tour;

use crate::analysis::Analysis;
use crate::dissect::{Dissection, Node, Value};
use crate::i18n::{ArgValue, Lang};

/// One sentence: a message id and its arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Sentence {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument of a sentence and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub value: Val,
    pub from: Source,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Num(u64),
    /// A frame number: shown as `#N`, a link in the window.
    Frame(u32),
    /// A duration in nanoseconds.
    Dur(i64),
    Text(String),
    /// The segments of a reassembled message: (frame, bytes it contributed).
    Segments(Vec<(u32, u32)>),
}

/// Where an argument's value was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The first value of a field (or column, `_ws.col.…`) of a frame.
    Field(u32, &'static str),
    /// The length in bytes of a field's first value ([`value_len`]).
    Len(u32, &'static str),
    /// The sum of every value of a field.
    Sum(u32, &'static str),
    /// The `tcp.segment` items of a frame, with their lengths.
    Segments(u32),
}

/// A dissected frame, read for its fields.
struct Frame {
    n: u32,
    d: Dissection,
}

impl Frame {
    fn read(an: &Analysis, n: u32) -> Option<Frame> {
        let rec = an.record(n)?;
        let mut bytes = Vec::new();
        if !an.packet(n, &mut bytes) {
            return None;
        }
        Some(Frame {
            n,
            d: crate::dissect::dissect(&rec, n, &bytes, an),
        })
    }

    /// Every layer of the frame.
    fn view(&self) -> View<'_> {
        View {
            n: self.n,
            roots: &self.d.tree.roots,
        }
    }

    fn column(&self, abbrev: &'static str) -> Arg {
        let c = &self.d.cols;
        let v = match abbrev {
            "_ws.col.Protocol" => &c.protocol,
            "_ws.col.Info" => &c.info,
            "_ws.col.Source" => &c.src,
            _ => &c.dst,
        };
        Arg {
            value: Val::Text(v.trim_end().to_string()),
            from: Source::Field(self.n, abbrev),
        }
    }
}

/// Some layers of a frame (all of them, or one HTTP message's), read for their fields: each
/// reader takes a field's first value in them.
#[derive(Clone, Copy)]
struct View<'a> {
    n: u32,
    roots: &'a [Node],
}

impl<'a> View<'a> {
    fn walk(&self, f: &mut impl FnMut(&'a Node)) {
        for r in self.roots {
            r.walk(f);
        }
    }

    fn value(&self, abbrev: &str) -> Option<&'a Value> {
        let mut found = None;
        self.walk(&mut |n| {
            if found.is_none() && n.abbrev() == abbrev {
                found = Some(&n.value);
            }
        });
        found
    }

    fn has(&self, abbrev: &str) -> bool {
        self.value(abbrev).is_some()
    }

    fn uint(&self, abbrev: &str) -> Option<u64> {
        self.value(abbrev).and_then(Value::as_u64)
    }

    fn int(&self, abbrev: &str) -> Option<i64> {
        match self.value(abbrev)? {
            Value::Int(i) => Some(*i),
            v => v.as_u64().and_then(|u| i64::try_from(u).ok()),
        }
    }

    fn num(&self, abbrev: &'static str) -> Option<Arg> {
        let value = match self.value(abbrev)? {
            Value::Frame(f) => Val::Frame(*f),
            Value::RelTime(ns) => Val::Dur(*ns),
            v => Val::Num(v.as_u64()?),
        };
        Some(Arg {
            value,
            from: Source::Field(self.n, abbrev),
        })
    }

    fn text(&self, abbrev: &'static str) -> Option<Arg> {
        let v = self.value(abbrev)?;
        Some(Arg {
            value: Val::Text(v.to_fields_string()),
            from: Source::Field(self.n, abbrev),
        })
    }

    /// The length in bytes of a field's first value.
    fn len(&self, abbrev: &'static str) -> Option<Arg> {
        Some(Arg {
            value: Val::Num(value_len(self.value(abbrev)?)? as u64),
            from: Source::Len(self.n, abbrev),
        })
    }

    fn sum(&self, abbrev: &'static str) -> Option<Arg> {
        let mut total = 0;
        let mut any = false;
        self.walk(&mut |n| {
            if n.abbrev() == abbrev {
                any = true;
                total += n.value.as_u64().unwrap_or(0);
            }
        });
        any.then_some(Arg {
            value: Val::Num(total),
            from: Source::Sum(self.n, abbrev),
        })
    }

    /// The source address: IPv4, else IPv6 (in brackets, as an address before a port).
    fn addr(&self, dst: bool) -> Option<Arg> {
        let (v4, v6) = if dst {
            ("ip.dst", "ipv6.dst")
        } else {
            ("ip.src", "ipv6.src")
        };
        self.text(v4).or_else(|| {
            let mut a = self.text(v6)?;
            if let Val::Text(t) = &mut a.value {
                *t = format!("[{t}]");
            }
            Some(a)
        })
    }

    fn flags(&self) -> u64 {
        self.uint("tcp.flags").unwrap_or(0)
    }
}

/// The length in bytes of a bytes or text value.
pub fn value_len(v: &Value) -> Option<usize> {
    match v {
        Value::Bytes(b) => Some(b.len()),
        Value::Str(t) => Some(t.len()),
        _ => None,
    }
}

const FIN: u64 = 0x01;
const SYN: u64 = 0x02;
const RST: u64 = 0x04;
const ACK: u64 = 0x10;

fn s(id: &'static str, args: Vec<(&'static str, Option<Arg>)>) -> Option<Sentence> {
    let mut out = Vec::with_capacity(args.len());
    for (k, a) in args {
        out.push((k, a?));
    }
    Some(Sentence { id, args: out })
}

/// The sentences that explain frame `n`, in reading order: the TCP segment's role, its data,
/// what it acknowledges, its window, what the analysis found, then HTTP.
pub fn frame(an: &Analysis, n: u32) -> Vec<Sentence> {
    let Some(f) = Frame::read(an, n) else {
        return Vec::new();
    };
    let mut out: Vec<Option<Sentence>> = Vec::new();
    let all = f.view();
    if all.has("tcp") {
        tcp(an, all, &mut out);
    }
    if all.has("http") {
        reassembled(all, &mut out);
    }
    // each HTTP message of the frame on its own (pipelined requests share a segment)
    let requests = f
        .d
        .tree
        .roots
        .iter()
        .filter(|r| {
            r.field == fid!("http") && r.children.iter().any(|c| c.field == fid!("http.request"))
        })
        .count();
    if requests >= 2 {
        out.push(s("http-pipelined", vec![]));
    }
    for r in f.d.tree.roots.iter().filter(|r| r.field == fid!("http")) {
        let layer = View {
            n: f.n,
            roots: std::slice::from_ref(r),
        };
        if layer.has("http.request") || layer.has("http.response") {
            http(layer, &mut out);
        }
    }
    // each HTTP/2 frame of the frame (a layer each)
    for r in f.d.tree.roots.iter().filter(|r| r.field == fid!("http2")) {
        http2(
            View {
                n: f.n,
                roots: std::slice::from_ref(r),
            },
            &mut out,
        );
    }
    let mut out: Vec<Sentence> = out.into_iter().flatten().collect();
    if out.is_empty() {
        out.extend(other(&f));
    }
    out
}

fn tcp(an: &Analysis, f: View, out: &mut Vec<Option<Sentence>>) {
    let acked = f
        .uint("tcp.analysis.acks_frame")
        .and_then(|a| Frame::read(an, a as u32));
    let acked = acked.as_ref().map(Frame::view);
    tcp_flags(an, f, acked.map_or(0, |a| a.flags()), out);
    tcp_data_and_ack(f, acked, out);
    tcp_window_and_analysis(f, out);
}

/// What the segment's flags do: a reset, the handshake with its options, the teardown.
/// `acked_flags`: those of the segment its ACK acknowledges.
fn tcp_flags(an: &Analysis, f: View, acked_flags: u64, out: &mut Vec<Option<Sentence>>) {
    let flags = f.flags();
    let src = || f.addr(false);
    let dst = || f.addr(true);
    let sport = || f.num("tcp.srcport");
    let dport = || f.num("tcp.dstport");
    let stream = an
        .tcp(f.n)
        .and_then(|t| an.tcp_streams.get(t.stream as usize));
    if flags & RST != 0 {
        out.push(s("tcp-rst", vec![("src", src()), ("sport", sport())]));
        out.push(s("tcp-rst-why", vec![]));
    } else if flags & SYN != 0 {
        if flags & ACK == 0 {
            out.push(s(
                "tcp-syn",
                vec![
                    ("src", src()),
                    ("sport", sport()),
                    ("dst", dst()),
                    ("dport", dport()),
                ],
            ));
        } else {
            out.push(s(
                "tcp-syn-ack",
                vec![
                    ("src", src()),
                    ("sport", sport()),
                    ("frame", f.num("tcp.analysis.acks_frame")),
                ],
            ));
        }
        out.push(s(
            "tcp-opt-mss",
            vec![("mss", f.num("tcp.options.mss_val"))],
        ));
        out.push(s(
            "tcp-opt-wscale",
            vec![
                ("shift", f.num("tcp.options.wscale.shift")),
                ("mult", f.num("tcp.options.wscale.multiplier")),
            ],
        ));
        if f.has("tcp.options.sack_perm") {
            out.push(s("tcp-opt-sack", vec![]));
        }
        out.push(s(
            if flags & ACK == 0 {
                "tcp-state-syn-sent"
            } else {
                "tcp-state-syn-received"
            },
            vec![],
        ));
    } else if flags & FIN != 0 {
        let first = stream.is_none_or(|st| st.first_fin == f.n);
        if first {
            out.push(s("tcp-fin-first", vec![("src", src()), ("sport", sport())]));
        } else if acked_flags & FIN != 0 && flags & ACK != 0 {
            out.push(s(
                "tcp-fin-merged",
                vec![
                    ("src", src()),
                    ("sport", sport()),
                    ("frame", f.num("tcp.analysis.acks_frame")),
                ],
            ));
        } else {
            out.push(s(
                "tcp-fin-second",
                vec![("src", src()), ("sport", sport())],
            ));
        }
    } else if flags & ACK != 0 && f.uint("tcp.len") == Some(0) {
        if acked_flags & (SYN | ACK) == SYN | ACK {
            out.push(s("tcp-handshake-done", vec![]));
        } else if acked_flags & FIN != 0 {
            // this side is in TIME_WAIT when it had sent its own FIN first
            let own_fin_first = stream.is_some_and(|st| {
                an.tcp(st.first_fin)
                    .is_some_and(|t| Some(t.dir()) == an.tcp(f.n).map(|x| x.dir()))
            });
            out.push(s(
                if own_fin_first {
                    "tcp-fin-acked-time-wait"
                } else {
                    "tcp-fin-acked-close-wait"
                },
                vec![],
            ));
        }
    }
}

/// The data the segment carries and what its ACK number confirms (`acked`: the segment it
/// acknowledges).
fn tcp_data_and_ack(f: View, acked: Option<View>, out: &mut Vec<Option<Sentence>>) {
    let acked_flags = acked.map_or(0, |a| a.flags());
    // the payload
    if f.uint("tcp.len").is_some_and(|l| l > 0) {
        out.push(s(
            "tcp-data",
            vec![
                ("len", f.num("tcp.len")),
                ("seq", f.num("tcp.seq")),
                ("next", f.num("tcp.nxtseq")),
            ],
        ));
        if f.uint("tcp.reassembled_in")
            .is_some_and(|r| r != f.n as u64)
        {
            out.push(s(
                "tcp-segment-of",
                vec![("frame", f.num("tcp.reassembled_in"))],
            ));
        }
    }
    // what the ACK number confirms
    if let Some(a) = acked {
        let rtt = f.num("tcp.analysis.ack_rtt");
        if a.uint("tcp.len").is_some_and(|l| l > 0) {
            out.push(s(
                "tcp-acks-data",
                vec![
                    ("ack", f.num("tcp.ack")),
                    ("len", a.num("tcp.len")),
                    ("frame", f.num("tcp.analysis.acks_frame")),
                    ("seq", a.num("tcp.seq")),
                    ("rtt", rtt),
                ],
            ));
        } else if acked_flags & (SYN | FIN) != 0 {
            out.push(s(
                if acked_flags & SYN != 0 {
                    "tcp-acks-syn"
                } else {
                    "tcp-acks-fin"
                },
                vec![
                    ("ack", f.num("tcp.ack")),
                    ("frame", f.num("tcp.analysis.acks_frame")),
                    ("seq", a.num("tcp.seq")),
                    ("rtt", rtt),
                ],
            ));
        }
    }
}

/// The window and what the analysis found.
fn tcp_window_and_analysis(f: View, out: &mut Vec<Option<Sentence>>) {
    let flags = f.flags();
    // the window
    if flags & RST == 0 {
        match f.int("tcp.window_size_scalefactor") {
            Some(k) if k > 0 => out.push(s(
                "tcp-window-scaled",
                vec![
                    ("value", f.num("tcp.window_size_value")),
                    ("factor", f.num("tcp.window_size_scalefactor")),
                    ("size", f.num("tcp.window_size")),
                ],
            )),
            Some(-1) => out.push(s(
                "tcp-window-unknown",
                vec![("value", f.num("tcp.window_size_value"))],
            )),
            _ => out.push(s("tcp-window", vec![("size", f.num("tcp.window_size"))])),
        }
    }
    // what the analysis found
    for (field, id) in [
        ("tcp.analysis.spurious_retransmission", "tcp-spurious"),
        ("tcp.analysis.fast_retransmission", "tcp-fast-retrans"),
        ("tcp.analysis.retransmission", "tcp-retrans"),
        ("tcp.analysis.out_of_order", "tcp-out-of-order"),
        ("tcp.analysis.lost_segment", "tcp-lost-segment"),
        ("tcp.analysis.ack_lost_segment", "tcp-ack-lost"),
        ("tcp.analysis.zero_window", "tcp-zero-window"),
        ("tcp.analysis.zero_window_probe", "tcp-zero-window-probe"),
        ("tcp.analysis.window_full", "tcp-window-full"),
        ("tcp.analysis.window_update", "tcp-window-update"),
        ("tcp.analysis.keep_alive", "tcp-keep-alive"),
        ("tcp.analysis.keep_alive_ack", "tcp-keep-alive-ack"),
        ("tcp.analysis.reused_ports", "tcp-reused-ports"),
    ] {
        if f.has(field) {
            // a fast or spurious retransmission is also a retransmission: say it once
            if id == "tcp-retrans"
                && (f.has("tcp.analysis.fast_retransmission")
                    || f.has("tcp.analysis.spurious_retransmission"))
            {
                continue;
            }
            out.push(s(id, vec![]));
        }
    }
    if f.has("tcp.analysis.duplicate_ack") {
        out.push(s(
            "tcp-dup-ack",
            vec![
                ("num", f.num("tcp.analysis.duplicate_ack_num")),
                ("frame", f.num("tcp.analysis.duplicate_ack_frame")),
                ("ack", f.num("tcp.ack")),
            ],
        ));
    }
}

/// A message reassembled from several TCP segments.
fn reassembled(all: View, out: &mut Vec<Option<Sentence>>) {
    if all.uint("tcp.segment.count").is_some_and(|c| c >= 2) {
        let mut segs = Vec::new();
        all.walk(&mut |n| {
            if n.field == fid!("tcp.segment") {
                if let Value::Frame(fr) = n.value {
                    segs.push((fr, n.len));
                }
            }
        });
        out.push(s(
            "http-reassembled",
            vec![
                ("count", all.num("tcp.segment.count")),
                (
                    "segments",
                    Some(Arg {
                        value: Val::Segments(segs),
                        from: Source::Segments(all.n),
                    }),
                ),
                ("total", all.num("tcp.reassembled.length")),
            ],
        ));
    }
}

/// One HTTP message.
fn http(f: View, out: &mut Vec<Option<Sentence>>) {
    if f.has("http.request") {
        let host = f.text("http.host");
        out.push(if host.is_some() {
            s(
                "http-request",
                vec![
                    ("method", f.text("http.request.method")),
                    ("uri", f.text("http.request.uri")),
                    ("host", host),
                ],
            )
        } else {
            s(
                "http-request-no-host",
                vec![
                    ("method", f.text("http.request.method")),
                    ("uri", f.text("http.request.uri")),
                ],
            )
        });
        // (a request pipelined behind another in its own segment is not "reused")
        if f.uint("http.prev_request_in")
            .is_some_and(|p| p != f.n as u64)
        {
            out.push(s(
                "http-keep-alive",
                vec![("frame", f.num("http.prev_request_in"))],
            ));
        }
        out.push(s(
            "http-response-in",
            vec![("frame", f.num("http.response_in"))],
        ));
    } else {
        let phrase = f.text("http.response.phrase");
        out.push(if f.has("http.request_in") {
            s(
                "http-response",
                vec![
                    ("code", f.num("http.response.code")),
                    ("phrase", phrase),
                    ("frame", f.num("http.request_in")),
                    ("time", f.num("http.time")),
                ],
            )
        } else {
            s(
                "http-response-alone",
                vec![("code", f.num("http.response.code")), ("phrase", phrase)],
            )
        });
    }
    if f.value("http.transfer_encoding")
        .is_some_and(|v| v.to_fields_string().contains("chunked"))
    {
        out.push(s("http-chunked", vec![]));
    }
    if f.has("http.content_encoding") && f.has("http.file_data") {
        let encoded = if f.has("http.chunk_size") {
            f.sum("http.chunk_size")
        } else {
            f.num("http.content_length")
        };
        out.push(s(
            "http-encoded",
            vec![
                ("encoding", f.text("http.content_encoding")),
                ("from", encoded),
                ("to", f.len("http.file_data")),
            ],
        ));
    }
}

/// One HTTP/2 frame: the preface and settings that open the connection, a request or a
/// response on its stream, the end of a body, flow control, a cancelled stream.
fn http2(f: View, out: &mut Vec<Option<Sentence>>) {
    if f.has("http2.magic") {
        out.push(s("http2-preface", vec![]));
        return;
    }
    let stream = || ("stream", f.num("http2.streamid"));
    match f.uint("http2.type") {
        Some(1) if f.has("http2.headers.method") => {
            out.push(s(
                "http2-request",
                vec![
                    stream(),
                    ("method", f.text("http2.headers.method")),
                    ("path", f.text("http2.headers.path")),
                    ("host", f.text("http2.headers.authority")),
                ],
            ));
            out.push(s(
                "http-response-in",
                vec![("frame", f.num("http2.response_in"))],
            ));
        }
        Some(1) if f.has("http2.headers.status") => out.push(s(
            "http2-response",
            vec![
                stream(),
                ("code", f.num("http2.headers.status")),
                ("frame", f.num("http2.request_in")),
                ("time", f.num("http2.time")),
            ],
        )),
        Some(0) if f.has("http2.body.reassembled.length") => out.push(s(
            "http2-body",
            vec![
                stream(),
                ("bytes", f.num("http2.body.reassembled.length")),
                ("count", f.num("http2.body.fragment.count")),
            ],
        )),
        Some(4) if f.uint("http2.flags").is_some_and(|v| v & 1 != 0) => {
            out.push(s("http2-settings-ack", vec![]))
        }
        Some(4) => out.push(s("http2-settings", vec![])),
        Some(8) => out.push(s(
            "http2-window-update",
            vec![
                stream(),
                ("bytes", f.num("http2.window_update.window_size_increment")),
            ],
        )),
        Some(3) => out.push(s(
            "http2-rst",
            vec![stream(), ("code", f.num("http2.rst_stream.error"))],
        )),
        _ => {}
    }
}

/// A frame no explanation above covers: its protocol and summary.
fn other(f: &Frame) -> Option<Sentence> {
    s(
        "frame-other",
        vec![
            ("protocol", Some(f.column("_ws.col.Protocol"))),
            ("info", Some(f.column("_ws.col.Info"))),
        ],
    )
}

/// A duration as a person reads it: "34 µs", "1.5 ms", "2.25 s".
pub fn duration(ns: i64) -> String {
    let trim = |x: f64| {
        let t = format!("{x:.3}");
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let a = ns.unsigned_abs() as f64;
    let sign = if ns < 0 { "-" } else { "" };
    if a < 1e6 {
        format!("{sign}{} µs", trim(a / 1e3))
    } else if a < 1e9 {
        format!("{sign}{} ms", trim(a / 1e6))
    } else {
        format!("{sign}{} s", trim(a / 1e9))
    }
}

/// How an argument's value reads in a sentence.
pub fn arg_text(v: &Val) -> String {
    match v {
        Val::Num(n) => n.to_string(),
        Val::Frame(f) => f.to_string(),
        Val::Dur(ns) => duration(*ns),
        Val::Text(t) => t.clone(),
        Val::Segments(segs) => {
            let one = |(f, l): &(u32, u32)| format!("#{f}: {l}");
            // a long list: its first three and its last
            if segs.len() > 5 {
                let head: Vec<String> = segs.iter().take(3).map(one).collect();
                format!(
                    "{}, …, {}",
                    head.join(", "),
                    segs.last().map(one).unwrap_or_default()
                )
            } else {
                segs.iter().map(one).collect::<Vec<_>>().join(", ")
            }
        }
    }
}

/// One sentence in `lang`.
pub fn render(lang: Lang, s: &Sentence) -> String {
    let args: Vec<(&str, ArgValue)> = s
        .args
        .iter()
        .map(|(k, a)| {
            let v = match &a.value {
                Val::Num(n) => ArgValue::Num(*n),
                Val::Frame(f) => ArgValue::Num(*f as u64),
                other => ArgValue::Text(arg_text(other)),
            };
            (*k, v)
        })
        .collect();
    crate::i18n::tr_args(lang, s.id, &args)
}

/// Every message id [`frame`] can produce (each must be in every language's file).
pub const IDS: &[&str] = &[
    "tcp-rst",
    "tcp-rst-why",
    "tcp-syn",
    "tcp-syn-ack",
    "tcp-opt-mss",
    "tcp-opt-wscale",
    "tcp-opt-sack",
    "tcp-state-syn-sent",
    "tcp-state-syn-received",
    "tcp-fin-first",
    "tcp-fin-merged",
    "tcp-fin-second",
    "tcp-handshake-done",
    "tcp-fin-acked-time-wait",
    "tcp-fin-acked-close-wait",
    "tcp-data",
    "tcp-segment-of",
    "tcp-acks-data",
    "tcp-acks-syn",
    "tcp-acks-fin",
    "tcp-window-scaled",
    "tcp-window-unknown",
    "tcp-window",
    "tcp-spurious",
    "tcp-fast-retrans",
    "tcp-retrans",
    "tcp-out-of-order",
    "tcp-lost-segment",
    "tcp-ack-lost",
    "tcp-zero-window",
    "tcp-zero-window-probe",
    "tcp-window-full",
    "tcp-window-update",
    "tcp-keep-alive",
    "tcp-keep-alive-ack",
    "tcp-reused-ports",
    "tcp-dup-ack",
    "http-reassembled",
    "http-request",
    "http-request-no-host",
    "http-keep-alive",
    "http-pipelined",
    "http-response-in",
    "http-response",
    "http-response-alone",
    "http-chunked",
    "http-encoded",
    "http2-preface",
    "http2-settings",
    "http2-settings-ack",
    "http2-request",
    "http2-response",
    "http2-body",
    "http2-window-update",
    "http2-rst",
    "frame-other",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(34_000), "34 µs");
        assert_eq!(duration(1_500), "1.5 µs");
        assert_eq!(duration(1_500_000), "1.5 ms");
        assert_eq!(duration(2_250_000_000), "2.25 s");
        assert_eq!(duration(-34_000), "-34 µs");
    }

    #[test]
    fn every_sentence_is_in_every_language() {
        for lang in Lang::ALL {
            for id in IDS {
                assert!(crate::i18n::has(lang, id), "{id} in {}", lang.code());
            }
        }
    }

    #[test]
    fn long_segment_lists_are_shortened() {
        let segs: Vec<(u32, u32)> = (1..=8).map(|i| (i * 2, 1448)).collect();
        assert_eq!(
            arg_text(&Val::Segments(segs)),
            "#2: 1448, #4: 1448, #6: 1448, …, #16: 1448"
        );
    }
}
