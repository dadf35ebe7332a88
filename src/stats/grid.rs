//! Every statistic as one kind of table for the window: named columns, rows of cells that
//! sort by number or text, a depth for tree-shaped statistics (protocol hierarchy, expert
//! groups, HTTP trees), and what a row offers its context menu: the display filter that
//! selects it, a packet to go to, a TCP or UDP stream to follow. CSV and YAML copies are
//! made here too, so the window only draws.

use super::conv::{self, Conversation, Endpoint, Kind};
use std::fmt::Write as _;

/// One cell: what is shown and how it sorts.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    pub num: Option<f64>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            num: None,
        }
    }
    pub fn num(v: f64, s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            num: Some(v),
        }
    }
    pub fn int(v: u64) -> Cell {
        Cell::num(v as f64, v.to_string())
    }
}

/// What a row leads to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Depth in a tree-shaped statistic (0 for flat tables).
    pub depth: usize,
    /// A display filter that selects the row's packets.
    pub filter: Option<String>,
    /// A packet to select (the first of a conversation, an expert item's packet…).
    pub frame: Option<u32>,
    /// `(true, n)`: TCP stream n; `(false, n)`: UDP stream n.
    pub stream: Option<(bool, u32)>,
    /// The filter is `frame.number == frame`, made when asked for (a statistic with a row
    /// per packet keeps one string fewer per row).
    pub frame_filter: bool,
}

impl Row {
    /// The display filter that selects the row's packets.
    pub fn filter(&self) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        match (&self.filter, self.frame) {
            (Some(f), _) => Some(Cow::Borrowed(f.as_str())),
            (None, Some(f)) if self.frame_filter => {
                Some(Cow::Owned(format!("frame.number == {f}")))
            }
            _ => None,
        }
    }
}

/// A statistic as a table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grid {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// Tree-shaped: rows keep their order (sorting applies among siblings only).
    pub tree: bool,
}

impl Grid {
    /// Row indexes in display order, sorted by `col` when given (siblings only for trees),
    /// keeping the rows whose text contains `search` (for trees: and their ancestors).
    pub fn order(&self, sort: Option<(usize, bool)>, search: &str) -> Vec<usize> {
        let search = search.to_lowercase();
        let matches = |i: usize| {
            search.is_empty()
                || self.rows[i]
                    .cells
                    .iter()
                    .any(|c| c.text.to_lowercase().contains(&search))
        };
        let cmp = |a: &usize, b: &usize| -> std::cmp::Ordering {
            let Some((col, asc)) = sort else {
                return a.cmp(b);
            };
            let (x, y) = (self.rows[*a].cells.get(col), self.rows[*b].cells.get(col));
            let o = match (x.and_then(|c| c.num), y.and_then(|c| c.num)) {
                (Some(p), Some(q)) => p.partial_cmp(&q).unwrap_or(std::cmp::Ordering::Equal),
                _ => {
                    let p = x.map_or("", |c| c.text.as_str());
                    let q = y.map_or("", |c| c.text.as_str());
                    p.cmp(q)
                }
            };
            if asc {
                o
            } else {
                o.reverse()
            }
        };
        if !self.tree {
            let mut v: Vec<usize> = (0..self.rows.len()).filter(|&i| matches(i)).collect();
            v.sort_by(cmp);
            return v;
        }
        // children of each row (a row's parent is the nearest earlier row one level up)
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); self.rows.len() + 1];
        let mut stack: Vec<usize> = Vec::new();
        for (i, r) in self.rows.iter().enumerate() {
            stack.truncate(r.depth);
            let parent = stack.last().map_or(self.rows.len(), |&p| p);
            children[parent].push(i);
            stack.push(i);
        }
        // keep a row if it or a descendant matches
        let mut keep = vec![false; self.rows.len()];
        for i in (0..self.rows.len()).rev() {
            keep[i] = keep[i] || matches(i);
            if keep[i] {
                let d = self.rows[i].depth;
                if let Some(p) = (0..i).rev().find(|&j| self.rows[j].depth < d) {
                    keep[p] = true;
                }
            }
        }
        fn walk(
            n: usize,
            children: &[Vec<usize>],
            keep: &[bool],
            cmp: &dyn Fn(&usize, &usize) -> std::cmp::Ordering,
            out: &mut Vec<usize>,
        ) {
            let mut c: Vec<usize> = children[n].iter().copied().filter(|&i| keep[i]).collect();
            c.sort_by(cmp);
            for i in c {
                out.push(i);
                walk(i, children, keep, cmp, out);
            }
        }
        let mut out = Vec::new();
        walk(self.rows.len(), &children, &keep, &cmp, &mut out);
        out
    }

    /// The rows as CSV (a header line, then one line per row, in the given order).
    pub fn csv(&self, order: &[usize]) -> String {
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let mut s = self
            .columns
            .iter()
            .map(|c| q(c))
            .collect::<Vec<_>>()
            .join(",");
        s.push('\n');
        for &i in order {
            let r = &self.rows[i];
            let line: Vec<String> = r
                .cells
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let t = if k == 0 && r.depth > 0 {
                        format!("{}{}", " ".repeat(r.depth), c.text)
                    } else {
                        c.text.clone()
                    };
                    match c.num {
                        Some(_) => t,
                        None => q(&t),
                    }
                })
                .collect();
            s.push_str(&line.join(","));
            s.push('\n');
        }
        s
    }

    /// The rows as YAML: a list of mappings from column name to value.
    pub fn yaml(&self, order: &[usize]) -> String {
        let mut s = String::from("---\n");
        for &i in order {
            let r = &self.rows[i];
            for (k, (c, col)) in r.cells.iter().zip(&self.columns).enumerate() {
                let lead = if k == 0 { "- " } else { "  " };
                let v = match c.num {
                    Some(_) => c.text.clone(),
                    None => format!("\"{}\"", c.text.replace('\\', "\\\\").replace('"', "\\\"")),
                };
                let _ = writeln!(s, "{lead}{col}: {v}");
            }
            if self.tree {
                let _ = writeln!(s, "  level: {}", r.depth);
            }
        }
        s
    }
}

fn secs(ns: i64) -> Cell {
    let v = ns as f64 / 1e9;
    Cell::num(v, format!("{v:.6}"))
}

fn bits_per_s(bytes: u64, dur_ns: i64) -> Cell {
    if dur_ns <= 0 {
        return Cell::text("");
    }
    let v = bytes as f64 * 8.0 / (dur_ns as f64 / 1e9);
    Cell::num(v, format!("{v:.0}"))
}

fn addr_field(kind: Kind, addr: &str) -> String {
    match kind {
        Kind::Eth => "eth.addr".into(),
        Kind::Ipv6 => "ipv6.addr".into(),
        Kind::Ip => "ip.addr".into(),
        Kind::Tcp | Kind::Udp if addr.contains(':') => "ipv6.addr".into(),
        Kind::Tcp | Kind::Udp => "ip.addr".into(),
    }
}

fn port_field(kind: Kind) -> &'static str {
    if kind == Kind::Udp {
        "udp.port"
    } else {
        "tcp.port"
    }
}

/// The display filter selecting one conversation, as Wireshark builds it.
pub fn conversation_filter(kind: Kind, c: &Conversation) -> String {
    let af = addr_field(kind, &c.a.addr);
    match (c.a.port, c.b.port) {
        (Some(pa), Some(pb)) => format!(
            "{af}=={} && {pf}=={pa} && {af}=={} && {pf}=={pb}",
            c.a.addr,
            c.b.addr,
            pf = port_field(kind)
        ),
        _ => format!("{af}=={} && {af}=={}", c.a.addr, c.b.addr),
    }
}

/// The display filter selecting one endpoint.
pub fn endpoint_filter(kind: Kind, e: &Endpoint) -> String {
    let af = addr_field(kind, &e.side.addr);
    match e.side.port {
        Some(p) => format!("{af}=={} && {}=={p}", e.side.addr, port_field(kind)),
        None => format!("{af}=={}", e.side.addr),
    }
}

/// Statistics ▸ Conversations, one tab.
/// Packets and bytes in all, then each way: the cells conversations and endpoints share.
fn traffic(tx_frames: u64, tx_bytes: u64, rx_frames: u64, rx_bytes: u64) -> [Cell; 6] {
    let size = |b: u64| Cell::num(b as f64, conv::format_size(b));
    [
        Cell::int(tx_frames + rx_frames),
        size(tx_bytes + rx_bytes),
        Cell::int(tx_frames),
        size(tx_bytes),
        Cell::int(rx_frames),
        size(rx_bytes),
    ]
}

pub fn conversations(kind: Kind, t: &conv::Table) -> Grid {
    let ports = kind.has_ports();
    let mut columns: Vec<String> = vec!["Address A".into()];
    if ports {
        columns.push("Port A".into());
    }
    columns.push("Address B".into());
    if ports {
        columns.push("Port B".into());
    }
    for c in [
        "Packets",
        "Bytes",
        "Packets A → B",
        "Bytes A → B",
        "Packets B → A",
        "Bytes B → A",
        "Rel Start",
        "Duration",
        "Bits/s A → B",
        "Bits/s B → A",
    ] {
        columns.push(c.into());
    }
    let rows = t
        .conversations
        .iter()
        .map(|c| {
            let dur = c.stop_ns - c.start_ns;
            let mut cells = vec![Cell::text(&c.a.addr)];
            if ports {
                cells.push(Cell::int(c.a.port.unwrap_or(0) as u64));
            }
            cells.push(Cell::text(&c.b.addr));
            if ports {
                cells.push(Cell::int(c.b.port.unwrap_or(0) as u64));
            }
            cells.extend(traffic(c.tx_frames, c.tx_bytes, c.rx_frames, c.rx_bytes));
            cells.extend([
                secs(c.start_ns),
                secs(dur),
                bits_per_s(c.tx_bytes, dur),
                bits_per_s(c.rx_bytes, dur),
            ]);
            Row {
                cells,
                depth: 0,
                filter: Some(match (kind, c.stream) {
                    (Kind::Tcp, Some(n)) => format!("tcp.stream eq {n}"),
                    (Kind::Udp, Some(n)) => format!("udp.stream eq {n}"),
                    _ => conversation_filter(kind, c),
                }),
                frame: Some(c.first_frame),
                stream: match kind {
                    Kind::Tcp => c.stream.map(|n| (true, n)),
                    Kind::Udp => c.stream.map(|n| (false, n)),
                    _ => None,
                },
                frame_filter: false,
            }
        })
        .collect();
    Grid {
        columns,
        rows,
        tree: false,
    }
}

/// Statistics ▸ Endpoints, one tab.
pub fn endpoints(kind: Kind, t: &conv::Table) -> Grid {
    let ports = kind.has_ports();
    let mut columns: Vec<String> = vec!["Address".into()];
    if ports {
        columns.push("Port".into());
    }
    for c in [
        "Packets",
        "Bytes",
        "Tx Packets",
        "Tx Bytes",
        "Rx Packets",
        "Rx Bytes",
    ] {
        columns.push(c.into());
    }
    let rows = t
        .endpoints
        .iter()
        .map(|e| {
            let mut cells = vec![Cell::text(&e.side.addr)];
            if ports {
                cells.push(Cell::int(e.side.port.unwrap_or(0) as u64));
            }
            cells.extend(traffic(e.tx_frames, e.tx_bytes, e.rx_frames, e.rx_bytes));
            Row {
                cells,
                filter: Some(endpoint_filter(kind, e)),
                ..Default::default()
            }
        })
        .collect();
    Grid {
        columns,
        rows,
        tree: false,
    }
}

/// Statistics ▸ Protocol Hierarchy.
pub fn hierarchy(levels: &[super::phs::Level]) -> Grid {
    let total_frames: u64 = levels.iter().map(|l| l.frames).sum();
    let total_bytes: u64 = levels.iter().map(|l| l.bytes).sum();
    let mut rows = Vec::new();
    fn add(l: &super::phs::Level, depth: usize, tf: u64, tb: u64, rows: &mut Vec<Row>) {
        let pct = |a: u64, t: u64| {
            let v = if t == 0 {
                0.0
            } else {
                a as f64 * 100.0 / t as f64
            };
            Cell::num(v, format!("{v:.1} %"))
        };
        rows.push(Row {
            cells: vec![
                Cell::text(&l.name),
                pct(l.frames, tf),
                Cell::int(l.frames),
                pct(l.bytes, tb),
                Cell::int(l.bytes),
            ],
            depth,
            filter: Some(l.name.clone()),
            ..Default::default()
        });
        for c in &l.children {
            add(c, depth + 1, tf, tb, rows);
        }
    }
    for l in levels {
        add(l, 0, total_frames, total_bytes, &mut rows);
    }
    Grid {
        columns: vec![
            "Protocol".into(),
            "Percent Packets".into(),
            "Packets".into(),
            "Percent Bytes".into(),
            "Bytes".into(),
        ],
        rows,
        tree: true,
    }
}

/// Analyze ▸ Expert Information: severity, then summary with its count, then its packets.
pub fn expert(items: &[super::expert::Item]) -> Grid {
    use crate::dissect::tree::Severity;
    let sev_name = |code: u64| {
        [
            Severity::Chat,
            Severity::Note,
            Severity::Warn,
            Severity::Error,
        ]
        .into_iter()
        .find(|s| s.code() == code)
        .map_or("Comment", |s| s.name())
    };
    let mut sevs: Vec<u64> = items.iter().map(|i| i.severity).collect();
    sevs.sort_unstable_by(|a, b| b.cmp(a));
    sevs.dedup();
    let mut rows = Vec::new();
    for sev in sevs {
        let of: Vec<&super::expert::Item> = items.iter().filter(|i| i.severity == sev).collect();
        let total: u64 = of.iter().map(|i| i.count).sum();
        rows.push(Row {
            cells: vec![
                Cell::text(sev_name(sev)),
                Cell::text(""),
                Cell::text(""),
                Cell::int(total),
            ],
            depth: 0,
            filter: Some(format!("_ws.expert.severity == {sev}")),
            ..Default::default()
        });
        for it in of {
            rows.push(Row {
                cells: vec![
                    Cell::text(&it.summary),
                    Cell::text(super::expert::group_name(it.group)),
                    Cell::text(&it.protocol),
                    Cell::int(it.count),
                ],
                depth: 1,
                filter: Some(format!("_ws.expert.group == {}", it.group)),
                frame: it.frames.first().copied(),
                ..Default::default()
            });
            rows.reserve(it.frames.len());
            for &f in &it.frames {
                // (one row per packet: its text made without the formatting machinery)
                let mut text = String::with_capacity(16);
                text.push_str("Frame ");
                crate::dissect::tree::push_dec(f as u64, &mut text);
                rows.push(Row {
                    cells: vec![
                        Cell::num(f as f64, text),
                        Cell::text(""),
                        Cell::text(""),
                        Cell::text(""),
                    ],
                    depth: 2,
                    frame: Some(f),
                    frame_filter: true,
                    ..Default::default()
                });
            }
        }
    }
    Grid {
        columns: vec![
            "Severity / Summary / Packet".into(),
            "Group".into(),
            "Protocol".into(),
            "Count".into(),
        ],
        rows,
        tree: true,
    }
}

/// An HTTP statistics tree (Packet Counter, Requests, Load Distribution, Sequences).
pub fn stats_tree(t: &super::tree::StatsTree) -> Grid {
    let cols = super::tree::COLUMNS;
    let rows = t
        .rows()
        .into_iter()
        .map(|(depth, i)| {
            let v = t.values(i);
            let cells = v
                .iter()
                .enumerate()
                .map(|(k, x)| match k {
                    0 => Cell::text(x),
                    _ => match x.trim_end_matches('%').parse::<f64>() {
                        Ok(n) => Cell::num(n, x),
                        Err(_) => Cell::text(x),
                    },
                })
                .collect();
            Row {
                cells,
                depth,
                ..Default::default()
            }
        })
        .collect();
    Grid {
        // the Average, Min and Max columns are empty in every HTTP tree
        columns: cols.iter().map(|c| c.to_string()).collect(),
        rows,
        tree: true,
    }
}

/// File ▸ Export Objects ▸ HTTP.
pub fn objects(objs: &[super::objects::Object]) -> Grid {
    let rows = objs
        .iter()
        .map(|o| Row {
            cells: vec![
                Cell::int(o.frame as u64),
                Cell::text(&o.hostname),
                Cell::text(&o.content_type),
                Cell::num(o.data.len() as f64, conv::format_size(o.data.len() as u64)),
                Cell::text(&o.filename),
            ],
            filter: Some(format!("frame.number == {}", o.frame)),
            frame: Some(o.frame),
            ..Default::default()
        })
        .collect();
    Grid {
        columns: vec![
            "Packet".into(),
            "Hostname".into(),
            "Content Type".into(),
            "Size".into(),
            "Filename".into(),
        ],
        rows,
        tree: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(tree: bool) -> Grid {
        let row = |d: usize, name: &str, n: u64| Row {
            cells: vec![Cell::text(name), Cell::int(n)],
            depth: d,
            ..Default::default()
        };
        Grid {
            columns: vec!["Name".into(), "Count".into()],
            rows: vec![
                row(0, "eth", 10),
                row(1, "ip", 4),
                row(2, "tcp", 3),
                row(1, "arp", 6),
            ],
            tree,
        }
    }

    #[test]
    fn flat_tables_sort_by_number_and_filter_by_text() {
        let t = g(false);
        assert_eq!(t.order(Some((1, false)), ""), vec![0, 3, 1, 2]);
        assert_eq!(t.order(Some((0, true)), ""), vec![3, 0, 1, 2]);
        assert_eq!(t.order(None, "TC"), vec![2]);
    }

    #[test]
    fn trees_sort_siblings_and_keep_ancestors_of_matches() {
        let t = g(true);
        assert_eq!(t.order(None, ""), vec![0, 1, 2, 3]);
        // siblings ip (4) and arp (6), most first; tcp stays under ip
        assert_eq!(t.order(Some((1, false)), ""), vec![0, 3, 1, 2]);
        assert_eq!(t.order(None, "tcp"), vec![0, 1, 2]);
    }

    #[test]
    fn csv_and_yaml_quote_text_and_keep_numbers() {
        let t = g(false);
        let csv = t.csv(&[0, 1]);
        // a tree level shows as leading spaces in the first column
        assert_eq!(csv, "\"Name\",\"Count\"\n\"eth\",10\n\" ip\",4\n");
        let y = t.yaml(&[0]);
        assert_eq!(y, "---\n- Name: \"eth\"\n  Count: 10\n");
    }
}
