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
}

/// Lifelines (addresses in order of first appearance) and arrows in frame order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Flow {
    pub nodes: Vec<String>,
    pub items: Vec<FlowItem>,
}

const FIELDS: [&str; 12] = [
    "tcp.stream",
    "frame.time_relative",
    "ip.src",
    "ip.dst",
    "ipv6.src",
    "ipv6.dst",
    "tcp.srcport",
    "tcp.dstport",
    "tcp.seq",
    "tcp.ack",
    "tcp.len",
    "tcp.flags",
];

/// The TCP flow of a whole capture: every frame with a TCP header gives one arrow.
pub fn flow_tcp(cf: &CaptureFile, an: &Analysis) -> anyhow::Result<Flow> {
    let fields: Vec<String> = FIELDS.iter().map(|s| s.to_string()).collect();
    let mut r = cf.reader()?;
    let mut buf = Vec::new();
    let mut frame = 0u32;
    let mut line = String::new();
    let mut flow = Flow::default();
    crate::dissect::tree::set_labels(false);
    while let Some(rec) = r.next(&mut buf) {
        frame += 1;
        if frame as usize > an.frames.len() {
            break;
        }
        // frames without TCP have no stream index in the first pass
        if an.tcp(frame).is_none() {
            continue;
        }
        let d = dissect::dissect(&rec, frame, &buf, an);
        line.clear();
        crate::print::fields_line(&d, &buf, &fields, &mut line);
        // the first occurrence of each field (an ICMP error may quote a second header)
        let cells: Vec<&str> = line
            .split('\t')
            .map(|c| c.split(',').next().unwrap_or(""))
            .collect();
        let cell = |i: usize| cells.get(i).copied().unwrap_or("");
        let num = |i: usize| cell(i).parse::<u64>().ok();
        let (Some(conv), Some(sport), Some(dport)) = (num(0), num(6), num(7)) else {
            continue;
        };
        let (src, dst) = if !cell(2).is_empty() {
            (cell(2), cell(3))
        } else {
            (cell(4), cell(5))
        };
        if src.is_empty() || dst.is_empty() {
            continue;
        }
        let flags = u16::from_str_radix(cell(11).trim_start_matches("0x"), 16).unwrap_or(0);
        let len = num(10).unwrap_or(0);
        let mut label = dissect::tcp::flag_names(flags);
        if len > 0 {
            label.push_str(&format!(" - Len: {len}"));
        }
        let seq = num(8).unwrap_or(0);
        let comment = if flags & 0x010 != 0 {
            format!("Seq = {seq} Ack = {}", num(9).unwrap_or(0))
        } else {
            format!("Seq = {seq}")
        };
        let src = node_index(&mut flow.nodes, src);
        let dst = node_index(&mut flow.nodes, dst);
        flow.items.push(FlowItem {
            frame,
            time_rel: cell(1).parse().unwrap_or(0.0),
            conv: conv as u32,
            src,
            dst,
            src_port: sport as u16,
            dst_port: dport as u16,
            label,
            comment,
        });
    }
    Ok(flow)
}

fn node_index(nodes: &mut Vec<String>, addr: &str) -> usize {
    match nodes.iter().position(|n| n == addr) {
        Some(i) => i,
        None => {
            nodes.push(addr.to_string());
            nodes.len() - 1
        }
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

fn pad(s: &str, width: usize) -> String {
    format!("{s:<width$}")
}

/// The text form, laid out as tshark's `-z flow,…,standard` prints it: a time column (and a
/// conversation column when there is more than one), lifelines every 20 characters, the
/// label above each arrow, the ports at its ends and the comment on the right.
pub fn ascii(flow: &Flow) -> String {
    let mut out = String::new();
    if flow.items.is_empty() {
        return out;
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
    out.push_str(&format!("{head}{l1}|\n"));
    let mut l2 = pad("|", COL);
    for name in flow.nodes.iter().skip(1).step_by(2) {
        l2.push_str(&pad(&format!("| {name}"), COL));
        l2.push_str(&pad("|", COL));
    }
    out.push_str(&format!("{empty}{l2}\n"));

    let mut last_conv = None;
    for it in &flow.items {
        if convs && last_conv.is_some_and(|c| c != it.conv) {
            out.push_str(&"-".repeat(head.len() + 1 + width));
            out.push('\n');
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
        // label line
        let mut line = template.clone();
        overwrite(&mut line, start, &it.label);
        let s: String = line.into_iter().collect();
        out.push_str(&format!("{prefix}{s}{}\n", it.comment));
        // arrow line
        let mut line = template.clone();
        let len = (right.max(left + 1) - left) * COL - 1;
        let arrow = if it.src == it.dst {
            "-".repeat(len)
        } else if it.src < it.dst {
            format!("{}>", "-".repeat(len - 1))
        } else {
            format!("<{}", "-".repeat(len - 1))
        };
        overwrite(&mut line, start, &arrow);
        let lp = format!("({lport})");
        overwrite(&mut line, (start - 2).saturating_sub(lp.len()), &lp);
        overwrite(&mut line, start + len + 2, &format!("({rport})"));
        let s: String = line.into_iter().collect();
        out.push_str(&format!("{empty}{s}\n"));
    }
    out
}
