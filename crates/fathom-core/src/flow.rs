//! Flow graph (sequence diagram) model: one arrow per TCP segment between address lifelines,
//! and its text form in tshark's `-z flow,tcp,standard` layout.
//!
//! The model runs without the UI; a graphical view can draw the same `Flow`.

use crate::analysis::Analysis;
use crate::capture::file::CaptureFile;
use crate::dissect;

/// One arrow: a TCP segment from `src` to `dst`.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowItem {
    pub frame: u32,
    /// Seconds since the first frame of the capture.
    pub time_rel: f64,
    /// The TCP stream index (tshark's "Conv." column).
    pub conv: u32,
    /// Indices into `Flow::nodes`.
    pub src: usize,
    pub dst: usize,
    pub src_port: u16,
    pub dst_port: u16,
    /// The flags, plus ` - Len: N` for data.
    pub label: String,
    /// `Seq = x Ack = y` (relative numbers).
    pub comment: String,
    pub flags: u16,
    pub seq: u64,
    pub ack: u64,
    pub len: u64,
    /// HTTP request line (`GET /x`) or status (`200 OK`) carried by this segment.
    pub http: Option<String>,
    /// Connection states that change with this segment: (lifeline, new state of that side).
    pub states: Vec<(usize, &'static str)>,
    /// A phase that starts here: "3-way handshake (iRTT …)", "GET / → 200 OK, …", …
    pub phase: Option<String>,
}

/// Lifelines (addresses in order of first appearance) and arrows in frame order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Flow {
    pub nodes: Vec<String>,
    pub items: Vec<FlowItem>,
}

/// The tree fields an arrow is made of (the first of each in tree order: an ICMP error may
/// quote a second header).
const FIELDS: [&str; 12] = [
    "tcp.stream",
    "frame.time_relative",
    "tcp.srcport",
    "tcp.dstport",
    "tcp.seq",
    "tcp.ack",
    "tcp.len",
    "tcp.flags",
    "http.request.method",
    "http.request.uri",
    "http.response.code",
    "http.response.phrase",
];

/// The TCP flow of a whole capture: every frame with a TCP header gives one arrow.
pub fn flow_tcp(cf: &CaptureFile, an: &Analysis) -> anyhow::Result<Flow> {
    flow_tcp_of(cf, an, None)
}

/// The TCP flow of one stream (`Some(n)`: only its frames are read, through the stream's own
/// list of frames) or of the whole capture (`None`).
pub fn flow_tcp_of(cf: &CaptureFile, an: &Analysis, stream: Option<u32>) -> anyhow::Result<Flow> {
    let mut flow = Flow::default();
    match stream {
        Some(n) => {
            let src = crate::capture::file::PacketSource::new(cf)?;
            let mut bytes = Vec::new();
            let frames = an
                .tcp_streams
                .get(n as usize)
                .map_or(&[][..], |s| &s.frames);
            for &frame in frames {
                let Some(rec) = &an.record(frame) else {
                    continue;
                };
                src.read(rec, &mut bytes)?;
                let d = dissect::dissect_with(rec, frame, &bytes, an, dissect::Labels::Skipped);
                tcp_item(&mut flow, an, frame, &d);
            }
        }
        None => {
            // frames without TCP have no stream index in the first pass
            let tcp = |frame: u32| an.tcp(frame).is_some();
            dissect::each_frame(cf, an, dissect::Labels::Skipped, tcp, |frame, _, _, d| {
                tcp_item(&mut flow, an, frame, &d);
                Ok(())
            })?;
        }
    }
    annotate(&mut flow);
    Ok(flow)
}

/// The arrow of one dissected TCP frame, read from its tree's typed values.
fn tcp_item(flow: &mut Flow, an: &Analysis, frame: u32, d: &dissect::Dissection) {
    use dissect::Value;
    let v = first_values(d, &FIELDS);
    let num = |i: usize| v[i].and_then(Value::as_u64);
    let text = |i: usize| match v[i] {
        Some(Value::Str(s)) => Some(s.as_str()),
        _ => None,
    };
    let (Some(conv), Some(sport), Some(dport)) = (num(0), num(2), num(3)) else {
        return;
    };
    // the network addresses of the innermost IP layer, as the Source column shows them
    let (src, dst) = (d.cols.src.as_str(), d.cols.dst.as_str());
    if src.is_empty() || dst.is_empty() {
        return;
    }
    let flags = num(7).unwrap_or(0) as u16;
    let len = num(6).unwrap_or(0);
    let mut label = dissect::tcp::flag_names(flags);
    if flags & 0xe00 != 0 {
        if flags & 0x1ff == 0 {
            label.clear();
        } else {
            label.push_str(", ");
        }
        label.push_str("Reserved");
    }
    if len > 0 {
        label.push_str(&format!(" - Len: {len}"));
    }
    let (seq, ack) = (num(4).unwrap_or(0), num(5).unwrap_or(0));
    let comment = if flags & 0x010 != 0 {
        format!("Seq = {seq} Ack = {ack}")
    } else {
        format!("Seq = {seq}")
    };
    let (Some(src), Some(dst)) = (
        node_index(&mut flow.nodes, src),
        node_index(&mut flow.nodes, dst),
    ) else {
        return;
    };
    let http = match (text(8), num(10)) {
        (Some(m), _) => Some(format!("{m} {}", text(9).unwrap_or(""))),
        (None, Some(code)) => Some(format!("{code} {}", text(11).unwrap_or(""))),
        _ => None,
    };
    let time_rel = seconds(v[1]);
    // the analysis's problems of this segment ("Retransmission, Dup ACK 7#1")
    let problems = an.tcp(frame).map_or_else(Vec::new, |t| {
        let rare = an.tcp_rare.get(&frame).copied().unwrap_or_default();
        crate::analysis::tcp::problems(t.flags, &rare, t.has_ta())
    });
    flow.items.push(FlowItem {
        flags,
        seq,
        ack,
        len,
        http,
        states: Vec::new(),
        phase: (!problems.is_empty()).then(|| problems.join(", ")),
        frame,
        time_rel,
        conv: conv as u32,
        src,
        dst,
        src_port: sport as u16,
        dst_port: dport as u16,
        label,
        comment,
    });
}

/// The first value of each field in a frame's tree, in tree order.
fn first_values<'a, const N: usize>(
    d: &'a dissect::Dissection,
    fields: &[&str; N],
) -> [Option<&'a dissect::Value>; N] {
    let mut v = [None; N];
    d.tree.walk(&mut |n| {
        if let Some(i) = fields.iter().position(|f| *f == n.abbrev()) {
            v[i].get_or_insert(&n.value);
        }
    });
    v
}

/// A relative time value in seconds (0 without one).
fn seconds(v: Option<&dissect::Value>) -> f64 {
    match v {
        // one rounding, as the decimal text would give, while an f64 holds the nanoseconds
        // exactly (104 days); beyond, whole seconds and the fraction apart
        Some(dissect::Value::RelTime(ns)) if ns.unsigned_abs() < 1 << 53 => *ns as f64 / 1e9,
        Some(dissect::Value::RelTime(ns)) => {
            (ns / 1_000_000_000) as f64 + (ns % 1_000_000_000) as f64 / 1e9
        }
        // (a time before the first frame's, which tshark shows wrapped as text)
        Some(dissect::Value::Str(s)) => s.parse().unwrap_or(0.0),
        _ => 0.0,
    }
}

const FIN: u16 = 0x001;
const SYN: u16 = 0x002;
const RST: u16 = 0x004;
const ACK: u16 = 0x010;

/// One TCP connection as the diagram follows it: the two sides' states, inferred from the
/// segments seen on the wire (each segment is taken as received when it is seen).
#[derive(Default)]
struct Conn {
    /// Lifelines of the active opener (or first sender) and of the other side.
    nodes: [usize; 2],
    ports: [u16; 2],
    state: [&'static str; 2],
    /// The first SYN: (item index, time), named with the iRTT when the handshake completes.
    syn: Option<(usize, f64)>,
    /// Sequence number just past each side's FIN.
    fin_next: [Option<u64>; 2],
    /// Index of the first FIN and how many segments the teardown has taken so far.
    teardown: Option<(usize, u32, bool)>,
    /// Open request: (item index, request line, time).
    request: Option<(usize, String, f64)>,
}

/// Adds the connection states of both sides and the named phases to every arrow.
pub fn annotate(flow: &mut Flow) {
    let mut conns: std::collections::HashMap<u32, Conn> = Default::default();
    for i in 0..flow.items.len() {
        let it = &flow.items[i];
        let (conv, flags, t) = (it.conv, it.flags, it.time_rel);
        let (src, dst, src_port, dst_port) = (it.src, it.dst, it.src_port, it.dst_port);
        let (seq, ack, len) = (it.seq, it.ack, it.len);
        let http = it.http.clone();
        let c = conns.entry(conv).or_insert_with(|| {
            let first_syn = flags & (SYN | ACK) == SYN;
            Conn {
                nodes: [src, dst],
                ports: [src_port, dst_port],
                state: if first_syn {
                    ["CLOSED", "LISTEN"]
                } else {
                    ["ESTABLISHED", "ESTABLISHED"]
                },
                ..Default::default()
            }
        });
        // which side sent this segment
        let s = if (src, src_port) == (c.nodes[0], c.ports[0]) {
            0
        } else {
            1
        };
        let r = 1 - s;
        let before = c.state;
        let mut phase = None;
        if flags & RST != 0 {
            c.state = ["CLOSED", "CLOSED"];
            phase = Some("reset".to_string());
        } else if flags & SYN != 0 && flags & ACK == 0 {
            c.state[s] = "SYN_SENT";
            c.syn.get_or_insert((i, t));
        } else if flags & SYN != 0 {
            c.state[s] = "SYN_RCVD";
        } else {
            if before[s] == "SYN_SENT" && flags & ACK != 0 {
                c.state = ["ESTABLISHED", "ESTABLISHED"];
                if let Some((k, syn)) = c.syn {
                    flow.items[k].phase =
                        Some(format!("3-way handshake (iRTT {})", duration(t - syn)));
                }
            }
            // an ACK of the other side's FIN
            if flags & ACK != 0 && c.fin_next[r].is_some_and(|n| ack >= n) {
                match c.state[r] {
                    "FIN_WAIT_1" => c.state[r] = "FIN_WAIT_2",
                    "LAST_ACK" => c.state[r] = "CLOSED",
                    "CLOSING" => c.state[r] = "TIME_WAIT",
                    _ => {}
                }
            }
            if flags & FIN != 0 && c.fin_next[s].is_none() {
                c.fin_next[s] = Some(seq + len + 1);
                let acks_theirs = flags & ACK != 0 && c.fin_next[r].is_some_and(|n| ack >= n);
                if c.fin_next[r].is_none() {
                    // the active close
                    c.state[s] = "FIN_WAIT_1";
                    c.state[r] = "CLOSE_WAIT";
                    c.teardown = Some((i, 0, false));
                } else {
                    c.state[s] = "LAST_ACK";
                    c.state[r] = match c.state[r] {
                        "FIN_WAIT_2" => "TIME_WAIT",
                        "FIN_WAIT_1" if acks_theirs => "TIME_WAIT",
                        "FIN_WAIT_1" => "CLOSING",
                        other => other,
                    };
                    if let Some(td) = &mut c.teardown {
                        // the second FIN carries the ACK of the first: merged
                        td.2 = acks_theirs && td.1 == 1;
                    }
                }
            }
        }
        if let Some(td) = &mut c.teardown {
            if flags & (FIN | ACK) != 0 && flags & RST == 0 {
                td.1 += 1;
            }
            let (start, count, merged) = *td;
            if c.state.iter().all(|s| matches!(*s, "CLOSED" | "TIME_WAIT")) {
                flow.items[start].phase = Some(if merged {
                    format!("teardown: {count} segments (FIN and ACK merged)")
                } else {
                    format!("teardown: {count} segments")
                });
                c.teardown = None;
            }
        }
        // HTTP exchanges
        if let Some(h) = http {
            if flags & FIN == 0 || len > 0 {
                let is_response = h.chars().next().is_some_and(|ch| ch.is_ascii_digit());
                if !is_response {
                    c.request = Some((i, h, t));
                } else if let Some((j, req, t0)) = c.request.take() {
                    flow.items[j].phase = Some(format!("{req} → {h}, {}", duration(t - t0)));
                }
            }
        }
        let states: Vec<(usize, &'static str)> = (0..2)
            .filter(|&side| c.state[side] != before[side])
            .map(|side| (c.nodes[side], c.state[side]))
            .collect();
        let it = &mut flow.items[i];
        it.states = states;
        if it.phase.is_none() {
            it.phase = phase;
        }
    }
}

/// A short human duration: "0.2 ms", "35 µs", "1.25 s".
pub fn duration(secs: f64) -> String {
    if secs >= 1.0 {
        format!("{secs:.2} s")
    } else if secs >= 0.001 {
        format!("{:.1} ms", secs * 1e3)
    } else {
        format!("{:.0} µs", secs * 1e6)
    }
}

/// At most this many lifelines, as in Wireshark; arrows to further addresses
/// end one column past the last.
pub const MAX_NODES: usize = 40;

/// The "any" flow of a whole capture: every frame with addresses gives one arrow, labelled
/// with its Info column, commented with "Protocol: Info" (tshark's `-z flow,any,standard`).
pub fn flow_any(cf: &CaptureFile, an: &Analysis) -> anyhow::Result<Flow> {
    const FIELDS: [&str; 5] = [
        "tcp.srcport",
        "tcp.dstport",
        "udp.srcport",
        "udp.dstport",
        "frame.time_relative",
    ];
    let mut flow = Flow::default();
    // per TCP stream and direction: the first-pass Info of a chunked message in progress
    let mut chunked = std::collections::HashMap::new();
    dissect::each_frame(
        cf,
        an,
        dissect::Labels::Skipped,
        |_| true,
        |frame, _, bytes, d| {
            if d.cols.src.is_empty() || d.cols.dst.is_empty() {
                return Ok(());
            }
            let v = first_values(&d, &FIELDS);
            let num = |i: usize| v[i].and_then(dissect::Value::as_u64).map(|p| p as u16);
            let (sport, dport) = match (num(0), num(1), num(2), num(3)) {
                (Some(a), Some(b), _, _) => (a, b),
                (_, _, Some(a), Some(b)) => (a, b),
                _ => (0, 0),
            };
            let (Some(src), Some(dst)) = (
                node_index(&mut flow.nodes, &d.cols.src),
                node_index(&mut flow.nodes, &d.cols.dst),
            ) else {
                return Ok(());
            };
            let time_rel = seconds(v[4]);
            let info = first_pass_info(an, frame, bytes, &d.cols.info, &mut chunked);
            flow.items.push(FlowItem {
                frame,
                time_rel,
                conv: 0,
                src,
                dst,
                src_port: sport,
                dst_port: dport,
                comment: format!("{}: {}", d.cols.protocol, info),
                label: info,
                flags: 0,
                seq: 0,
                ack: 0,
                len: 0,
                http: None,
                states: Vec::new(),
                phase: None,
            });
            Ok(())
        },
    )?;
    Ok(flow)
}

/// tshark's flow tap sees the Info column of the first pass: on the first segment of an HTTP
/// message spread over several segments, that is the message's first line, not the TCP
/// summary the final dissection shows; a chunked message shows it on every segment (its
/// length is only known at the end). An ICMP request does not know its reply yet.
fn first_pass_info(
    an: &Analysis,
    frame: u32,
    bytes: &[u8],
    info: &str,
    chunked: &mut std::collections::HashMap<(u32, u8), String>,
) -> String {
    const SEGMENT: &str = " [TCP segment of a reassembled PDU]";
    let Some(t) = an.tcp(frame) else {
        if let Some(i) = info.find(" (reply in ") {
            if info.ends_with(')') {
                return info[..i].to_string();
            }
        }
        return info.to_string();
    };
    let key = (t.stream, t.dir());
    if !info.ends_with(SEGMENT) {
        chunked.remove(&key);
        return info.to_string();
    }
    if let Some(i) = chunked.get(&key) {
        return i.clone();
    }
    let payload = t.payload_off().and_then(|o| bytes.get(o..)).unwrap_or(&[]);
    let Some(end) = payload.windows(2).position(|w| w == b"\r\n") else {
        return info.to_string();
    };
    let Ok(first) = std::str::from_utf8(&payload[..end]) else {
        return info.to_string();
    };
    let is_http = first.starts_with("HTTP/1.")
        || (first.ends_with(" HTTP/1.1") || first.ends_with(" HTTP/1.0"))
            && first.split(' ').count() == 3;
    if is_http {
        let i = format!("{first} {SEGMENT}");
        let head = String::from_utf8_lossy(payload).to_ascii_lowercase();
        if head.contains("\r\ntransfer-encoding: chunked") {
            chunked.insert(key, i.clone());
        }
        i
    } else {
        info.to_string()
    }
}

fn node_index(nodes: &mut Vec<String>, addr: &str) -> Option<usize> {
    match nodes.iter().position(|n| n == addr) {
        Some(i) => Some(i),
        None if nodes.len() < MAX_NODES => {
            nodes.push(addr.to_string());
            Some(nodes.len() - 1)
        }
        // further addresses share one column past the last lifeline, as in Wireshark
        None => Some(MAX_NODES),
    }
}

/// Width of one lifeline column in the text form.
const COL: usize = 20;

/// Writes `s` over `line` from character `at`, growing the line with spaces as needed.
fn overwrite(line: &mut Vec<char>, at: usize, s: &str) {
    for (i, c) in s.chars().enumerate() {
        let p = at + i;
        if p >= line.len() {
            line.resize(p + 1, ' ');
        }
        line[p] = c;
    }
}

/// An arrow from an address to itself is drawn past the last lifeline: close it with a bar.
fn close_self_arrow(line: &mut Vec<char>, node: usize) {
    let end = (node + 2) * COL - 1;
    if line.len() <= end {
        line.resize(end, ' ');
        line.push('|');
    }
}

fn pad(s: &str, width: usize) -> String {
    format!("{s:<width$}")
}

/// The text form, laid out as tshark's `-z flow,…,standard` prints it: a time column (and a
/// conversation column when there is more than one), lifelines every 20 characters, the
/// label above each arrow, the ports at its ends and the comment on the right.
pub fn ascii(flow: &Flow) -> String {
    let mut out = Vec::new();
    match write_ascii(flow, &mut out) {
        Ok(()) => String::from_utf8_lossy(&out).into_owned(),
        Err(e) => format!("[{e}]"),
    }
}

/// tshark's `-z flow,…,standard` text, written line by line (a capture with a million
/// conversations prints gigabytes; none of it is held in memory at once).
pub fn write_ascii(flow: &Flow, out: &mut impl std::io::Write) -> std::io::Result<()> {
    if flow.items.is_empty() {
        return Ok(());
    }
    let n = flow.nodes.len();
    let convs = flow.items.iter().any(|i| i.conv != flow.items[0].conv);
    let (head, empty) = if convs {
        ("Conv.| Time    ", "     |         ")
    } else {
        ("|Time     ", "|         ")
    };
    // lifeline template: a bar at every column border
    let width = COL * n + 1;
    let template: Vec<char> = (0..width)
        .map(|i| if i % COL == 0 { '|' } else { ' ' })
        .collect();

    // node names: even nodes on the first line, odd ones on the second
    let mut l1 = String::new();
    for name in flow.nodes.iter().step_by(2) {
        l1.push_str(&pad(&format!("| {name}"), COL * 2));
    }
    writeln!(out, "{head}{l1}|")?;
    let mut l2 = pad("|", COL);
    for name in flow.nodes.iter().skip(1).step_by(2) {
        let label = format!("| {name}");
        if label.chars().count() < COL {
            l2.push_str(&pad(&label, COL));
            l2.push_str(&pad("|", COL));
        } else {
            l2.push_str(&pad(&label, 2 * COL));
        }
    }
    writeln!(out, "{empty}{l2}")?;

    let mut last_conv = None;
    for it in &flow.items {
        if convs && last_conv.is_some_and(|c| c != it.conv) {
            writeln!(out, "{}", "-".repeat(head.len() + 1 + width))?;
        }
        last_conv = Some(it.conv);
        let (left, right) = (it.src.min(it.dst), it.src.max(it.dst));
        let start = left * COL + COL / 2;
        let (lport, rport) = if it.src <= it.dst {
            (it.src_port, it.dst_port)
        } else {
            (it.dst_port, it.src_port)
        };
        let time = format!("{:<9}", format!("{:.6}", it.time_rel));
        let prefix = if convs {
            format!("{:<5}|{time}", it.conv)
        } else {
            format!("|{time}")
        };
        // label line: the label is cut to the width between the two lifelines
        let span = (right.max(left + 1) - left) * COL;
        let label: String = it.label.chars().take(span).collect();
        let mut line = template.clone();
        overwrite(&mut line, start, &label);
        if line.len() > template.len() {
            // a label longer than the last column: closed half a column after its end
            line.extend(std::iter::repeat_n(' ', COL / 2));
            line.push('|');
        }
        let s: String = line.into_iter().collect();
        writeln!(out, "{prefix}{s}{}", it.comment)?;
        // arrow line; an arrow from an address to itself is drawn to the right
        let mut line = template.clone();
        let len = span - 1;
        let arrow = if it.src <= it.dst {
            format!("{}>", "-".repeat(len - 1))
        } else {
            format!("<{}", "-".repeat(len - 1))
        };
        overwrite(&mut line, start, &arrow);
        overwrite(&mut line, left * COL + 1, &format!("({lport})"));
        overwrite(&mut line, start + len + 2, &format!("({rport})"));
        if it.src == it.dst {
            close_self_arrow(&mut line, left);
        }
        let s: String = line.into_iter().collect();
        writeln!(out, "{empty}{s}")?;
    }
    Ok(())
}

/// The diagram's geometry in pixels, shared by the window and the SVG.
pub mod layout {
    /// The time column.
    pub const TIME_W: f32 = 90.0;
    /// One lifeline's column.
    pub const NODE_W: f32 = 170.0;
    /// One arrow's row.
    pub const ROW_H: f32 = 36.0;
}

/// What an arrow carries, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrowKind {
    Handshake,
    Teardown,
    Reset,
    Other,
}

impl ArrowKind {
    pub fn of(label: &str) -> ArrowKind {
        if label.contains("RST") {
            ArrowKind::Reset
        } else if label.contains("SYN") {
            ArrowKind::Handshake
        } else if label.contains("FIN") {
            ArrowKind::Teardown
        } else {
            ArrowKind::Other
        }
    }

    /// Handshake green, teardown blue, resets red; `None`: the text colour.
    pub fn rgb(self) -> Option<[u8; 3]> {
        match self {
            ArrowKind::Handshake => Some([40, 160, 70]),
            ArrowKind::Teardown => Some([60, 110, 220]),
            ArrowKind::Reset => Some([210, 60, 60]),
            ArrowKind::Other => None,
        }
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The diagram as SVG: lifelines, one arrow per segment with its label, ports, comment,
/// states and phases, as the window draws it.
pub fn svg(flow: &Flow) -> String {
    const TIME_W: f64 = layout::TIME_W as f64;
    const NODE_W: f64 = layout::NODE_W as f64;
    const ROW_H: f64 = layout::ROW_H as f64;
    const HEAD: f64 = 30.0;
    let n = flow.nodes.len().max(1);
    let width = TIME_W + NODE_W * (n as f64 + 1.0) + 260.0;
    let height = HEAD + ROW_H * flow.items.len() as f64 + 10.0;
    let x = |i: usize| TIME_W + NODE_W * (i as f64 + 0.5);
    let mut o = String::new();
    crate::push_fmtln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="monospace" font-size="12">"#
    );
    crate::push_fmtln!(o, r#"<rect width="100%" height="100%" fill="white"/>"#);
    crate::push_fmtln!(o, r#"<text x="4" y="18">Time</text>"#);
    for (i, name) in flow.nodes.iter().enumerate() {
        crate::push_fmtln!(
            o,
            r##"<text x="{}" y="18" text-anchor="middle">{}</text><line x1="{0}" y1="{}" x2="{0}" y2="{}" stroke="#aaa"/>"##,
            x(i),
            xml_escape(name),
            HEAD,
            height - 10.0
        );
    }
    for (row, it) in flow.items.iter().enumerate() {
        let top = HEAD + ROW_H * row as f64;
        let y = top + ROW_H / 2.0 + 6.0;
        let (xs, xd) = if it.src == it.dst {
            (x(it.src), x(it.src) + NODE_W)
        } else {
            (x(it.src), x(it.dst))
        };
        let dir = if xd >= xs { 1.0 } else { -1.0 };
        let color = match ArrowKind::of(&it.label).rgb() {
            Some([r, g, b]) => format!("#{r:02x}{g:02x}{b:02x}"),
            None => "#333".to_string(),
        };
        crate::push_fmtln!(
            o,
            r##"<g><title>Frame {}</title><text x="4" y="{}">{:.6}</text><line x1="{xs}" y1="{y}" x2="{xd}" y2="{y}" stroke="{color}" stroke-width="1.5"/><polyline points="{},{} {xd},{y} {},{}" fill="none" stroke="{color}" stroke-width="1.5"/><text x="{}" y="{}" text-anchor="middle">{}</text><text x="{}" y="{}" font-size="10" fill="#888" text-anchor="{}">{}</text><text x="{}" y="{}" font-size="10" fill="#888" text-anchor="{}">{}</text>"##,
            it.frame,
            top + ROW_H / 2.0 + 4.0,
            it.time_rel,
            xd - dir * 8.0,
            y - 4.0,
            xd - dir * 8.0,
            y + 4.0,
            (xs + xd) / 2.0,
            y - 5.0,
            xml_escape(&it.label),
            xs + dir * 4.0,
            y + 12.0,
            if dir > 0.0 { "start" } else { "end" },
            it.src_port,
            xd - dir * 4.0,
            y + 12.0,
            if dir > 0.0 { "end" } else { "start" },
            it.dst_port,
        );
        let cx = x(n.max(it.src.max(it.dst) + 1)) - NODE_W / 2.0 + 12.0;
        if let Some(ph) = &it.phase {
            crate::push_fmt!(
                o,
                r##"<text x="{cx}" y="{}" font-size="10" fill="#aa5a00">▶ {}</text>"##,
                top + 11.0,
                xml_escape(ph)
            );
        }
        crate::push_fmt!(
            o,
            r#"<text x="{cx}" y="{}">{}</text>"#,
            top + ROW_H - 4.0,
            xml_escape(&it.comment)
        );
        for (node, state) in &it.states {
            let (sx, anchor) = if *node == 0 {
                (x(0) - 4.0, "end")
            } else {
                (x(*node) + 4.0, "start")
            };
            crate::push_fmt!(
                o,
                r##"<text x="{sx}" y="{}" font-size="10" fill="#3c78dc" text-anchor="{anchor}">{state}</text>"##,
                top + 11.0
            );
        }
        crate::push_fmtln!(o, "</g>");
    }
    o.push_str("</svg>\n");
    o
}

/// The diagram as PNG: the SVG form rasterised. `fonts` are TrueType/OpenType files; the
/// first is used for the text (the window passes its own monospace font).
pub fn png(flow: &Flow, fonts: &[Vec<u8>]) -> anyhow::Result<Vec<u8>> {
    use resvg::{tiny_skia, usvg};
    let mut opt = usvg::Options::default();
    let db = opt.fontdb_mut();
    for f in fonts {
        db.load_font_data(f.clone());
    }
    let family = db
        .faces()
        .next()
        .and_then(|f| f.families.first())
        .map(|f| f.0.clone());
    if let Some(family) = family {
        db.set_monospace_family(family);
    }
    let tree = usvg::Tree::from_str(&svg(flow), &opt)?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| anyhow::anyhow!("the diagram is too large for an image"))?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    Ok(pixmap.encode_png()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(src: usize, dst: usize, sport: u16, dport: u16, label: &str) -> FlowItem {
        FlowItem {
            frame: 1,
            time_rel: 0.0,
            conv: 0,
            src,
            dst,
            src_port: sport,
            dst_port: dport,
            label: label.into(),
            comment: "Seq = 0".into(),
            flags: 0,
            seq: 0,
            ack: 0,
            len: 0,
            http: None,
            states: Vec::new(),
            phase: None,
        }
    }

    fn seg(src: usize, flags: u16, seq: u64, ack: u64) -> FlowItem {
        let (sp, dp) = if src == 0 { (5000, 80) } else { (80, 5000) };
        FlowItem {
            flags,
            seq,
            ack,
            ..item(src, 1 - src, sp, dp, "")
        }
    }

    #[test]
    fn four_segment_teardown_and_reset() {
        let mut flow = Flow {
            nodes: vec!["a".into(), "b".into()],
            items: vec![
                seg(0, SYN, 0, 0),
                seg(1, SYN | ACK, 0, 1),
                seg(0, ACK, 1, 1),
                seg(1, FIN | ACK, 1, 1),
                seg(0, ACK, 1, 2),
                seg(0, FIN | ACK, 1, 2),
                seg(1, ACK, 2, 2),
            ],
        };
        annotate(&mut flow);
        let st: Vec<_> = flow.items.iter().map(|i| i.states.clone()).collect();
        // the server closes first here: it walks the active-close path
        assert_eq!(st[3], [(0, "CLOSE_WAIT"), (1, "FIN_WAIT_1")]);
        assert_eq!(st[4], [(1, "FIN_WAIT_2")]);
        assert_eq!(st[5], [(0, "LAST_ACK"), (1, "TIME_WAIT")]);
        assert_eq!(st[6], [(0, "CLOSED")]);
        assert_eq!(flow.items[3].phase.as_deref(), Some("teardown: 4 segments"));

        let mut flow = Flow {
            nodes: vec!["a".into(), "b".into()],
            items: vec![seg(0, SYN, 0, 0), seg(1, RST | ACK, 0, 1)],
        };
        annotate(&mut flow);
        assert_eq!(flow.items[1].states, [(0, "CLOSED"), (1, "CLOSED")]);
        assert_eq!(flow.items[1].phase.as_deref(), Some("reset"));
    }

    #[test]
    fn loopback_arrows_point_right_and_close_past_the_lifeline() {
        let flow = Flow {
            nodes: vec!["::1".into()],
            items: vec![
                item(0, 0, 44730, 80, "SYN"),
                item(0, 0, 80, 44730, "PSH, ACK - Len: 144"),
            ],
        };
        let text = ascii(&flow);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "|         |                   ");
        assert_eq!(lines[2], "|0.000000 |         SYN       |Seq = 0");
        assert_eq!(
            lines[3],
            "|         |(44730)  ------------------>  (80)    |"
        );
        assert_eq!(
            lines[4],
            "|0.000000 |         PSH, ACK - Len: 144          |Seq = 0"
        );
        assert_eq!(
            lines[5],
            "|         |(80)     ------------------>  (44730) |"
        );
    }

    #[test]
    fn long_labels_are_cut_and_long_names_fill_two_columns() {
        let flow = Flow {
            nodes: vec!["10.0.0.1".into(), "2001:618:1:8000::5".into()],
            items: vec![item(1, 0, 80, 1234, "FIN, PSH, ACK - Len: 727")],
        };
        let text = ascii(&flow);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[1],
            format!("|         |{:19}| 2001:618:1:8000::5{:20}", "", "")
        );
        assert_eq!(
            lines[2],
            "|0.000000 |         FIN, PSH, ACK - Len:          |Seq = 0"
        );
        assert_eq!(
            lines[3],
            "|         |(1234)   <------------------  (80)     |"
        );
    }

    #[test]
    fn svg_has_one_arrow_group_per_segment_and_escapes_text() {
        let flow = Flow {
            nodes: vec!["a<b".into(), "c".into()],
            items: vec![item(0, 1, 1, 2, "SYN"), item(1, 0, 2, 1, "SYN, ACK")],
        };
        let s = svg(&flow);
        assert!(s.starts_with("<svg"));
        assert_eq!(s.matches("<g>").count(), 2);
        assert!(s.contains("a&lt;b"));
        assert!(s.contains("<title>Frame 1</title>"));
    }

    #[test]
    fn png_draws_arrows_and_text() {
        let flow = Flow {
            nodes: vec!["10.0.0.1".into(), "10.0.0.2".into()],
            items: vec![
                item(0, 1, 5000, 80, "SYN"),
                item(1, 0, 80, 5000, "SYN, ACK"),
            ],
        };
        // the window's monospace font (egui's default, Hack)
        let font = epaint_default_fonts::HACK_REGULAR.to_vec();
        let bytes = png(&flow, &[font]).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"));
        let img = resvg::tiny_skia::Pixmap::decode_png(&bytes).unwrap();
        // the comments ("Seq = 0") are text only, right of the last lifeline
        let dark_text = img
            .pixels()
            .iter()
            .enumerate()
            .filter(|(i, p)| (*i as u32 % img.width()) > 440 && p.red() < 100)
            .count();
        assert!(dark_text > 20, "no text drawn ({dark_text} dark pixels)");
    }

    #[test]
    fn an_empty_flow_prints_nothing() {
        assert_eq!(ascii(&Flow::default()), "");
    }
}
