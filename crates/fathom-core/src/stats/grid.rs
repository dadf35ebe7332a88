//! Every statistic as one kind of table for the window: named columns, rows of cells that
//! sort by number or text, a depth for tree-shaped statistics (protocol hierarchy, expert
//! groups, HTTP trees), and what a row offers its context menu: the display filter that
//! selects it, a packet to go to, a TCP or UDP stream to follow. CSV and YAML copies are
//! made here too, so the window only draws.

use super::conv::{self, Conversation, Endpoint, Kind};

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
    /// Packets folded under this row, one "Frame N" child row each: `(start, count)` in
    /// [`Grid::packets`]. They are made only when drawn or copied (Expert Information on a
    /// million packets would otherwise hold a row, its cells and its text per packet).
    pub packets: Option<(u32, u32)>,
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

/// Whether `hay` contains `needle` (already lower case) when case is ignored: ASCII
/// letters are compared without allocating; text with other letters is lowered first.
fn contains_folded(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if hay.is_ascii() && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        return h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(needle)
}

/// A statistic as a table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grid {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// Tree-shaped: rows keep their order (sorting applies among siblings only).
    pub tree: bool,
    /// The packets behind rows' [`Row::packets`], each with the row it is folded under. Row
    /// indexes past `rows` name them: `rows.len() + k` is `packets[k]`.
    pub packets: Vec<(u32, u32)>,
}

impl Grid {
    /// Every row index, the packet rows included.
    pub fn len(&self) -> usize {
        self.rows.len() + self.packets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Packet `i`'s number and the row it is folded under, for an index past the rows.
    fn packet(&self, i: usize) -> Option<(u32, usize)> {
        let (f, owner) = *self.packets.get(i.checked_sub(self.rows.len())?)?;
        Some((f, owner as usize))
    }

    /// Row `i`: one of `rows`, or a packet row made now.
    pub fn row(&self, i: usize) -> std::borrow::Cow<'_, Row> {
        use std::borrow::Cow;
        if let Some(r) = self.rows.get(i) {
            return Cow::Borrowed(r);
        }
        let Some((f, owner)) = self.packet(i) else {
            return Cow::Owned(Row::default());
        };
        let mut text = String::with_capacity(16);
        text.push_str("Frame ");
        crate::dissect::tree::push_dec(f as u64, &mut text);
        let mut cells = vec![Cell::num(f as f64, text)];
        cells.resize(self.columns.len().max(1), Cell::text(""));
        Cow::Owned(Row {
            cells,
            depth: self.depth(owner) + 1,
            frame: Some(f),
            frame_filter: true,
            ..Default::default()
        })
    }

    /// Row `i`'s depth in the tree.
    pub fn depth(&self, i: usize) -> usize {
        match (self.rows.get(i), self.packet(i)) {
            (Some(r), _) => r.depth,
            (None, Some((_, owner))) => self.rows.get(owner).map_or(0, |r| r.depth + 1),
            _ => 0,
        }
    }

    /// Whether row `i` has rows folded under it.
    pub fn has_children(&self, i: usize) -> bool {
        let Some(r) = self.rows.get(i) else {
            return false;
        };
        r.packets.is_some_and(|(_, n)| n > 0)
            || self
                .rows
                .get(i + 1)
                .is_some_and(|next| next.depth > r.depth)
    }

    /// What row `i` sorts by in column `col`: its number, else its text.
    fn sort_key(&self, i: usize, col: usize) -> (Option<f64>, &str) {
        match (self.rows.get(i), self.packet(i)) {
            (Some(r), _) => r
                .cells
                .get(col)
                .map_or((None, ""), |c| (c.num, c.text.as_str())),
            // a packet row: its number in the first column, nothing in the others
            (None, Some((f, _))) if col == 0 => (Some(f as f64), ""),
            _ => (None, ""),
        }
    }

    /// Row indexes in display order, sorted by `col` when given (siblings only for trees),
    /// keeping the rows whose text contains `search` (for trees: and their ancestors).
    pub fn order(&self, sort: Option<(usize, bool)>, search: &str) -> Vec<usize> {
        let search = search.to_lowercase();
        let matches = |i: usize| {
            search.is_empty()
                || self
                    .row(i)
                    .cells
                    .iter()
                    .any(|c| contains_folded(&c.text, &search))
        };
        let cmp = |a: &usize, b: &usize| -> std::cmp::Ordering {
            let Some((col, asc)) = sort else {
                return a.cmp(b);
            };
            let (x, y) = (self.sort_key(*a, col), self.sort_key(*b, col));
            let o = match (x.0, y.0) {
                (Some(p), Some(q)) => p.partial_cmp(&q).unwrap_or(std::cmp::Ordering::Equal),
                _ => x.1.cmp(y.1),
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
        // each row's parent: the nearest earlier row one level up (`root` for the top level),
        // found with a stack in one pass, so a group of a million rows costs a million steps;
        // a packet row's is the row it is folded under
        let root = self.len();
        let mut parent = vec![root; root];
        let mut stack: Vec<usize> = Vec::new();
        for (i, r) in self.rows.iter().enumerate() {
            while stack.last().is_some_and(|&p| self.rows[p].depth >= r.depth) {
                stack.pop();
            }
            parent[i] = stack.last().copied().unwrap_or(root);
            stack.push(i);
        }
        for (k, &(_, owner)) in self.packets.iter().enumerate() {
            parent[self.rows.len() + k] = (owner as usize).min(root);
        }
        // keep a row if it or a descendant matches: each match marks its ancestors, stopping
        // at the first one already marked (so each row is marked once)
        let mut keep = vec![false; root];
        for i in 0..root {
            if keep[i] || !matches(i) {
                continue;
            }
            let mut n = i;
            while n != root && !keep[n] {
                keep[n] = true;
                n = parent[n];
            }
        }
        // the kept children of each row, in row order, as ranges of one array (counting
        // sort by parent: no vector per row)
        let mut start = vec![0usize; root + 2];
        for i in (0..root).filter(|&i| keep[i]) {
            start[parent[i] + 1] += 1;
        }
        for k in 1..start.len() {
            start[k] += start[k - 1];
        }
        let mut fill = start.clone();
        let mut kids = vec![0usize; start[root + 1]];
        for i in (0..root).filter(|&i| keep[i]) {
            kids[fill[parent[i]]] = i;
            fill[parent[i]] += 1;
        }
        if sort.is_some() {
            for n in 0..=root {
                kids[start[n]..start[n + 1]].sort_by(cmp);
            }
        }
        // depth first, without recursion (a deep tree cannot overflow the stack)
        let mut out = Vec::with_capacity(kids.len());
        let mut todo: Vec<(usize, usize)> = vec![(start[root], start[root + 1])];
        while let Some(top) = todo.last_mut() {
            if top.0 == top.1 {
                todo.pop();
                continue;
            }
            let i = kids[top.0];
            top.0 += 1;
            out.push(i);
            todo.push((start[i], start[i + 1]));
        }
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
            let r = self.row(i);
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
            let r = self.row(i);
            for (k, (c, col)) in r.cells.iter().zip(&self.columns).enumerate() {
                let lead = if k == 0 { "- " } else { "  " };
                let v = match c.num {
                    Some(_) => c.text.clone(),
                    None => format!("\"{}\"", c.text.replace('\\', "\\\\").replace('"', "\\\"")),
                };
                crate::push_fmtln!(s, "{lead}{col}: {v}");
            }
            if self.tree {
                crate::push_fmtln!(s, "  level: {}", r.depth);
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

fn addr_field(kind: Kind, addr: &crate::stats::conv::Address) -> String {
    match kind {
        Kind::Eth => "eth.addr".into(),
        Kind::Ipv6 => "ipv6.addr".into(),
        Kind::Ip => "ip.addr".into(),
        Kind::Tcp | Kind::Udp if addr.is_ipv6() => "ipv6.addr".into(),
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
            let mut cells = vec![Cell::text(c.a.addr.to_string())];
            if ports {
                cells.push(Cell::int(c.a.port.unwrap_or(0) as u64));
            }
            cells.push(Cell::text(c.b.addr.to_string()));
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
                packets: None,
            }
        })
        .collect();
    Grid {
        columns,
        rows,
        tree: false,
        packets: Vec::new(),
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
            let mut cells = vec![Cell::text(e.side.addr.to_string())];
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
        packets: Vec::new(),
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
        packets: Vec::new(),
    }
}

/// Analyze ▸ Expert Information: severity, then summary with its count, then its packets.
pub fn expert(items: &[super::expert::Item], keep: impl Fn(u32) -> bool) -> Grid {
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
    let mut packets: Vec<(u32, u32)> = Vec::new();
    // each item's packets the filter keeps (all of them without one)
    let kept: Vec<Vec<u32>> = items
        .iter()
        .map(|it| it.frames.iter().copied().filter(|&f| keep(f)).collect())
        .collect();
    for sev in sevs {
        let of: Vec<(&super::expert::Item, &Vec<u32>)> = items
            .iter()
            .zip(&kept)
            .filter(|(i, k)| i.severity == sev && !k.is_empty())
            .collect();
        if of.is_empty() {
            continue;
        }
        let total: usize = of.iter().map(|(_, k)| k.len()).sum();
        rows.push(Row {
            cells: vec![
                Cell::text(sev_name(sev)),
                Cell::text(""),
                Cell::text(""),
                Cell::int(total as u64),
            ],
            depth: 0,
            filter: Some(format!("_ws.expert.severity == {sev}")),
            ..Default::default()
        });
        for (it, frames) in of {
            // its packets are folded under it, made into rows when shown
            let owner = rows.len() as u32;
            let start = packets.len() as u32;
            packets.extend(frames.iter().map(|&f| (f, owner)));
            rows.push(Row {
                cells: vec![
                    Cell::text(&it.summary),
                    Cell::text(super::expert::group_name(it.group)),
                    Cell::text(&it.protocol),
                    Cell::int(frames.len() as u64),
                ],
                depth: 1,
                filter: Some(format!("_ws.expert.group == {}", it.group)),
                frame: frames.first().copied(),
                packets: Some((start, frames.len() as u32)),
                ..Default::default()
            });
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
        packets,
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
        packets: Vec::new(),
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
        packets: Vec::new(),
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
            packets: Vec::new(),
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

    /// The tree order worked out the plain way: recursion over each row's children, a
    /// match keeping its ancestors found by walking back.
    fn reference(t: &Grid, sort: Option<(usize, bool)>, search: &str) -> Vec<usize> {
        let n = t.rows.len();
        let parent = |i: usize| {
            (0..i)
                .rev()
                .find(|&j| t.rows[j].depth < t.rows[i].depth)
                .unwrap_or(n)
        };
        let s = search.to_lowercase();
        let hit = |i: usize| {
            t.rows[i]
                .cells
                .iter()
                .any(|c| c.text.to_lowercase().contains(&s))
        };
        let mut keep = vec![false; n];
        for i in 0..n {
            if hit(i) {
                let mut k = i;
                while k != n {
                    keep[k] = true;
                    k = parent(k);
                }
            }
        }
        fn walk(
            t: &Grid,
            at: usize,
            parent: &dyn Fn(usize) -> usize,
            keep: &[bool],
            sort: Option<(usize, bool)>,
            out: &mut Vec<usize>,
        ) {
            let mut kids: Vec<usize> = (0..t.rows.len())
                .filter(|&i| keep[i] && parent(i) == at)
                .collect();
            if let Some((col, asc)) = sort {
                kids.sort_by(|a, b| {
                    let (x, y) = (&t.rows[*a].cells[col], &t.rows[*b].cells[col]);
                    let o = match (x.num, y.num) {
                        (Some(p), Some(q)) => p.partial_cmp(&q).expect("number"),
                        _ => x.text.cmp(&y.text),
                    };
                    if asc {
                        o
                    } else {
                        o.reverse()
                    }
                });
            }
            for i in kids {
                out.push(i);
                walk(t, i, parent, keep, sort, out);
            }
        }
        let mut out = Vec::new();
        walk(t, n, &parent, &keep, sort, &mut out);
        out
    }

    proptest::proptest! {
        /// Any tree (depths that step down any amount and up by one or skip a level), any
        /// sort and any search, ASCII or not: the order equals the plain way's.
        #[test]
        fn tree_order_equals_the_plain_way(
            steps in proptest::collection::vec((0usize..3, 0u64..5, 0usize..4), 0..60),
            sort in proptest::option::of((0usize..2, proptest::bool::ANY)),
            search in proptest::sample::select(vec!["", "a", "B", "ab", "É", "é", "zz"]),
        ) {
            let names = ["ab", "Ba", "Éa", "c"];
            let mut depth = 0usize;
            let mut rows = Vec::new();
            for (up, n, name) in steps {
                rows.push(Row {
                    cells: vec![Cell::text(names[name]), Cell::int(n)],
                    depth,
                    ..Default::default()
                });
                // the next row: deeper by one or two, or back up any amount
                depth = if up == 0 { depth + 1 + (n as usize % 2) } else { depth.saturating_sub(up - 1) };
            }
            let t = Grid { columns: vec!["Name".into(), "Count".into()], rows, tree: true, packets: Vec::new() };
            proptest::prop_assert_eq!(t.order(sort, search), reference(&t, sort, search));
        }
    }

    /// The same grid with every packet row made up front, as a plain row after its owner.
    fn unfolded(g: &Grid) -> Grid {
        let mut rows = Vec::new();
        for (i, r) in g.rows.iter().enumerate() {
            rows.push(Row {
                packets: None,
                ..r.clone()
            });
            let (start, n) = r.packets.unwrap_or((0, 0));
            for k in start..start + n {
                rows.push(g.row(g.rows.len() + k as usize).into_owned());
            }
            assert!(i < g.rows.len());
        }
        Grid {
            columns: g.columns.clone(),
            rows,
            tree: g.tree,
            packets: Vec::new(),
        }
    }

    proptest::proptest! {
        /// Expert Information with its packets folded (made into rows only when shown) orders,
        /// sorts, searches, copies and filters exactly as the same table with a row per packet.
        #[test]
        fn folded_packet_rows_behave_as_plain_rows(
            items in proptest::collection::vec(
                (0usize..3, 0usize..3, proptest::collection::vec(1u32..400, 0..12)), 0..8),
            sort in proptest::option::of((0usize..4, proptest::bool::ANY)),
            search in proptest::sample::select(vec!["", "frame 1", "FRAME 2", "warn", "sum 1", "7"]),
            odd in proptest::bool::ANY,
        ) {
            let sevs = [0x0020_0000u64, 0x0040_0000, 0x0060_0000];
            let items: Vec<super::super::expert::Item> = items
                .into_iter()
                .map(|(sev, sum, frames)| super::super::expert::Item {
                    severity: sevs[sev],
                    group: 0x0200_0000,
                    protocol: "TCP".into(),
                    summary: format!("sum {sum} {sev}"),
                    count: frames.len() as u64,
                    frames,
                })
                .collect();
            let keep = |f: u32| !odd || f % 2 == 1;
            let g = expert(&items, keep);
            let plain = unfolded(&g);
            let shown = |t: &Grid, order: &[usize]| -> Vec<Row> {
                // (what the row holds, apart from where its folded packets are kept)
                order.iter().map(|&i| Row { packets: None, ..t.row(i).into_owned() }).collect()
            };
            let (a, b) = (g.order(sort, search), plain.order(sort, search));
            proptest::prop_assert_eq!(shown(&g, &a), shown(&plain, &b));
            proptest::prop_assert_eq!(g.csv(&a), plain.csv(&b));
            proptest::prop_assert_eq!(g.yaml(&a), plain.yaml(&b));
            // every kept packet is under its item, none other
            let total: usize = items.iter().map(|i| i.frames.iter().filter(|&&f| keep(f)).count()).sum();
            proptest::prop_assert_eq!(g.packets.len(), total);
        }
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
