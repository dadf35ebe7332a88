//! Counting trees ("stats trees"): named nodes ticked per message, with the rate, percentage of
//! the parent and the busiest 100 ms burst of each — the layout behind `-z http,tree` and
//! friends, and the rows of their windows.

/// Bursts are counted in 5 ms buckets over a 100 ms window, as Wireshark's defaults.
const BURST_RESOLUTION_MS: f64 = 5.0;
const BURST_WINDOW_MS: f64 = 100.0;

#[derive(Clone, Debug)]
struct Bucket {
    no: f64,
    count: u32,
    start: f64,
}

#[derive(Clone, Debug)]
pub struct StatNode {
    pub name: String,
    pub counter: u32,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    buckets: std::collections::VecDeque<Bucket>,
    bcount: u32,
    pub max_burst: u32,
    /// Start of the busiest burst, in ms since the capture's first frame.
    pub burst_time: f64,
}

impl StatNode {
    fn new(name: &str, parent: Option<usize>) -> StatNode {
        StatNode {
            name: name.to_string(),
            counter: 0,
            parent,
            children: Vec::new(),
            buckets: std::collections::VecDeque::from([Bucket {
                no: 0.0,
                count: 0,
                start: 0.0,
            }]),
            bcount: 0,
            max_burst: 0,
            burst_time: 0.0,
        }
    }

    fn burst(&mut self, now: f64) {
        let current = (now / BURST_RESOLUTION_MS).floor();
        let window = BURST_WINDOW_MS / BURST_RESOLUTION_MS;
        let head_no = self.buckets.front().map_or(0.0, |b| b.no);
        let tail_no = self.buckets.back().map_or(0.0, |b| b.no);
        if current > tail_no {
            self.buckets.push_back(Bucket {
                no: current,
                count: 1,
                start: now,
            });
            self.bcount += 1;
            while self.buckets.len() > 1
                && self
                    .buckets
                    .front()
                    .is_some_and(|b| current >= b.no + window)
            {
                if let Some(b) = self.buckets.pop_front() {
                    self.bcount -= b.count;
                }
            }
        } else if current < head_no {
            // older than the window's start: counted only if still inside the window
            if current + window > tail_no {
                self.buckets.push_front(Bucket {
                    no: current,
                    count: 1,
                    start: now,
                });
                self.bcount += 1;
            }
        } else {
            match self.buckets.iter().rposition(|b| b.no <= current) {
                Some(i) if self.buckets[i].no == current => self.buckets[i].count += 1,
                Some(i) => self.buckets.insert(
                    i + 1,
                    Bucket {
                        no: current,
                        count: 1,
                        start: now,
                    },
                ),
                None => {}
            }
            self.bcount += 1;
        }
        if self.bcount > self.max_burst {
            self.max_burst = self.bcount;
            self.burst_time = self.buckets.front().map_or(0.0, |b| b.start);
        }
    }
}

/// A stats tree: its title (`HTTP/Packet Counter`), its nodes, and the time span it saw.
#[derive(Clone, Debug)]
pub struct StatsTree {
    pub title: &'static str,
    pub nodes: Vec<StatNode>,
    pub roots: Vec<usize>,
    start: Option<f64>,
    now: f64,
    /// Milliseconds between the first and the latest message counted.
    pub elapsed: f64,
    /// Each parent's children by name (`usize::MAX` for the roots): a host with thousands of
    /// URIs finds one without a scan of its others.
    by_name: rustc_hash::FxHashMap<usize, rustc_hash::FxHashMap<Box<str>, usize>>,
}

/// The columns of a stats tree, as tshark names them.
pub const COLUMNS: [&str; 9] = [
    "Topic / Item",
    "Count",
    "Average",
    "Min Val",
    "Max Val",
    "Rate (ms)",
    "Percent",
    "Burst Rate",
    "Burst Start",
];

impl StatsTree {
    pub fn new(title: &'static str) -> StatsTree {
        StatsTree {
            title,
            nodes: Vec::new(),
            roots: Vec::new(),
            start: None,
            now: 0.0,
            elapsed: 0.0,
            by_name: Default::default(),
        }
    }

    /// The node named `name` under `parent` (a root without one), made if missing.
    pub fn node(&mut self, parent: Option<usize>, name: &str) -> usize {
        let names = self
            .by_name
            .entry(parent.unwrap_or(usize::MAX))
            .or_default();
        if let Some(&i) = names.get(name) {
            return i;
        }
        let i = self.nodes.len();
        names.insert(name.into(), i);
        self.nodes.push(StatNode::new(name, parent));
        match parent {
            Some(p) => self.nodes[p].children.push(i),
            None => self.roots.push(i),
        }
        i
    }

    /// Starts counting a message seen `rel_ms` after the capture's first frame.
    pub fn at(&mut self, rel_ms: f64) {
        self.now = rel_ms;
        let start = *self.start.get_or_insert(rel_ms);
        self.elapsed = rel_ms - start;
    }

    /// Counts one more under `parent` named `name`; returns the node.
    pub fn tick(&mut self, parent: Option<usize>, name: &str) -> usize {
        let i = self.node(parent, name);
        let now = self.now;
        let n = &mut self.nodes[i];
        n.counter += 1;
        n.burst(now);
        i
    }

    /// The values of a node's columns as tshark prints them (Average, Min and Max are blank:
    /// no tree here averages a value).
    pub fn values(&self, i: usize) -> [String; 9] {
        let n = &self.nodes[i];
        let rate = if self.elapsed != 0.0 {
            format!("{:.4}", n.counter as f64 / self.elapsed)
        } else {
            String::new()
        };
        let percent = match n.parent {
            Some(p) if self.nodes[p].counter > 0 => {
                format!(
                    "{:.2}%",
                    n.counter as f64 * 100.0 / self.nodes[p].counter as f64
                )
            }
            Some(_) => String::new(),
            None => "100%".into(),
        };
        let (burst, start) = if n.max_burst > 0 {
            (
                format!("{:.4}", n.max_burst as f64 / BURST_WINDOW_MS),
                format!("{:.3}", n.burst_time / 1000.0),
            )
        } else {
            ("-".into(), "-".into())
        };
        [
            n.name.clone(),
            n.counter.to_string(),
            String::new(),
            String::new(),
            String::new(),
            rate,
            percent,
            burst,
            start,
        ]
    }

    /// A node's children in tshark's order: most counted first, ties by name, descending.
    pub fn sorted_children(&self, i: usize) -> Vec<usize> {
        let mut c = self.nodes[i].children.clone();
        c.sort_by(|&a, &b| {
            let (a, b) = (&self.nodes[a], &self.nodes[b]);
            b.counter
                .cmp(&a.counter)
                .then_with(|| b.name.as_bytes().cmp(a.name.as_bytes()))
        });
        c
    }

    /// The rows in display order: (depth, node).
    pub fn rows(&self) -> Vec<(usize, usize)> {
        fn walk(t: &StatsTree, i: usize, depth: usize, out: &mut Vec<(usize, usize)>) {
            out.push((depth, i));
            for c in t.sorted_children(i) {
                walk(t, c, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        for &r in &self.roots {
            walk(self, r, 0, &mut out);
        }
        out
    }

    /// tshark's plain-text layout.
    pub fn text(&self) -> String {
        let rows = self.rows();
        let name_w = rows
            .iter()
            .map(|&(d, i)| d + self.nodes[i].name.len())
            .max()
            .unwrap_or(0)
            + 1;
        let sep = name_w + 8 * 14;
        let mut s = String::from("\n");
        s.push_str(&"=".repeat(sep));
        crate::push_fmt!(s, "\n{}:\n{:<name_w$}", self.title, COLUMNS[0]);
        for c in &COLUMNS[1..] {
            crate::push_fmt!(s, " {c:<13}");
        }
        crate::push_fmt!(s, "\n{}\n", "-".repeat(sep));
        for (depth, i) in rows {
            let v = self.values(i);
            crate::push_fmt!(s, "{:depth$}{:<w$}", "", v[0], w = name_w - depth);
            for x in &v[1..] {
                crate::push_fmt!(s, " {x:<13}");
            }
            s.push('\n');
        }
        crate::push_fmt!(s, "\n{}\n", "-".repeat(sep));
        s
    }

    /// CSV as Wireshark's "Copy as CSV" (level, parent path, then the columns).
    pub fn csv(&self) -> String {
        let mut s = String::from("\"level\",\"parent\",");
        for c in COLUMNS {
            crate::push_fmt!(s, "\"{c}\",");
        }
        s.push('\n');
        let mut paths: Vec<String> = vec![String::new(); self.nodes.len()];
        for (depth, i) in self.rows() {
            let v = self.values(i);
            let parent_path = self.nodes[i]
                .parent
                .map(|p| paths[p].clone())
                .unwrap_or_default();
            paths[i] = format!("{parent_path}/{}", v[0]);
            crate::push_fmt!(s, "{depth},\"{parent_path}\",\"{}\"", v[0]);
            for x in &v[1..] {
                crate::push_fmt!(s, ",{x}");
            }
            s.push('\n');
        }
        s
    }

    /// YAML as Wireshark's "Copy as YAML".
    pub fn yaml(&self) -> String {
        let mut s = String::from("---\n");
        for (depth, i) in self.rows() {
            let v = self.values(i);
            let ind = " ".repeat((depth * 4).saturating_sub(2));
            let first = if depth > 0 { "- " } else { "" };
            let rest = if depth > 0 { "  " } else { "" };
            crate::push_fmtln!(s, "{ind}{first}Description: \"{}\"", v[0]);
            for (c, x) in COLUMNS.iter().zip(&v).skip(1) {
                if !x.is_empty() {
                    crate::push_fmtln!(s, "{ind}{rest}{c}: {x}");
                }
            }
            if !self.nodes[i].children.is_empty() {
                crate::push_fmtln!(s, "{ind}{rest}Items:");
            }
        }
        s
    }
}
