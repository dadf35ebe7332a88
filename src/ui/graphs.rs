//! Statistics ▸ I/O Graph and ▸ TCP Stream Graphs, drawn with egui_plot (zoom with the
//! wheel, pan by dragging, double-click to reset). The numbers are computed on a worker
//! thread by [`crate::stats::iostat`] and [`crate::stats::tcpgraph`]; a click on the plot
//! selects the packet nearest to it.

use super::command::{Command, TcpGraphKind};
use super::shared::Shared;
use crate::stats::iostat::{self, Calc, Column, Interval, IoStat};
use crate::stats::tcpgraph::{self, Segment};
use egui::Color32;
use egui_plot::{Legend, Line, Plot, PlotPoints, Points};

const COLORS: [Color32; 6] = super::theme::SERIES;

/// What one I/O graph counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Packets,
    Bytes,
    Bits,
    Sum,
    Max,
    Avg,
}

impl Unit {
    const ALL: [Unit; 6] = [
        Unit::Packets,
        Unit::Bytes,
        Unit::Bits,
        Unit::Sum,
        Unit::Max,
        Unit::Avg,
    ];
    /// The unit's name, as a message id.
    fn name(self) -> &'static str {
        match self {
            Unit::Packets => "io-unit-packets",
            Unit::Bytes => "io-unit-bytes",
            Unit::Bits => "io-unit-bits",
            Unit::Sum => "io-unit-sum",
            Unit::Max => "io-unit-max",
            Unit::Avg => "io-unit-avg",
        }
    }
}

#[derive(Clone, Debug)]
pub struct GraphSpec {
    pub name: String,
    pub filter: String,
    pub unit: Unit,
    pub field: String,
    pub enabled: bool,
    /// Index into the palette (kept when other graphs are switched off).
    pub color: usize,
}

impl GraphSpec {
    fn column(&self) -> Column {
        let filter = (!self.filter.trim().is_empty()).then(|| self.filter.trim().to_string());
        let f = self.field.trim().to_string();
        let calc = match self.unit {
            Unit::Packets | Unit::Bytes | Unit::Bits => Calc::FramesAndBytes,
            Unit::Sum => Calc::Sum(f),
            Unit::Max => Calc::Max(f),
            Unit::Avg => Calc::Avg(f),
        };
        Column {
            spec: Some(self.name.clone()),
            calc,
            filter,
        }
    }
}

pub struct IoGraphState {
    pub graphs: Vec<GraphSpec>,
    pub interval: f64,
    pub log: bool,
    pub result: Option<IoStat>,
    /// The graph specs the result was computed for.
    computed: Vec<GraphSpec>,
    loading: Option<super::worker::Pending<IoStat>>,
    pub error: Option<String>,
    pub open: bool,
}

impl IoGraphState {
    /// The four graphs Wireshark starts with, named in `lang`.
    pub fn new(lang: crate::i18n::Lang) -> Self {
        let g = |name: &str, filter: &str, unit, enabled, color| GraphSpec {
            name: name.into(),
            filter: filter.into(),
            unit,
            field: String::new(),
            enabled,
            color,
        };
        IoGraphState {
            graphs: vec![
                g(&lang.tr("io-all-packets"), "", Unit::Packets, true, 0),
                g(
                    &lang.tr("io-tcp-errors"),
                    "tcp.analysis.flags",
                    Unit::Packets,
                    true,
                    1,
                ),
                g("HTTP", "http", Unit::Packets, false, 2),
                GraphSpec {
                    field: "tcp.analysis.ack_rtt".into(),
                    ..g(
                        &lang.tr("io-ack-rtt"),
                        "tcp.analysis.ack_rtt",
                        Unit::Avg,
                        false,
                        3,
                    )
                },
            ],
            interval: 1.0,
            log: false,
            result: None,
            computed: Vec::new(),
            loading: None,
            error: None,
            open: true,
        }
    }
}

impl IoGraphState {
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// The points of graph `i`: (interval start in seconds, value).
    pub fn series(&self, i: usize) -> Vec<[f64; 2]> {
        let (Some(r), Some(g)) = (&self.result, self.computed.get(i)) else {
            return Vec::new();
        };
        let Some(s) = r.series.get(i) else {
            return Vec::new();
        };
        let step = r.interval.us.unwrap_or(1) as f64 / 1e6;
        let n = if r.interval.us.is_some() {
            ((r.elapsed_ns as f64 / 1e9) / step).floor() as usize + 1
        } else {
            1
        };
        (0..n.max(s.cells.len()))
            .map(|k| {
                let c = s.cells.get(k).copied().unwrap_or_default();
                let v = match g.unit {
                    Unit::Packets => c.frames as f64,
                    Unit::Bytes => c.counter as f64,
                    Unit::Bits => c.counter as f64 * 8.0,
                    Unit::Sum | Unit::Max => match iostat::field_kind(&g.field) {
                        iostat::Kind::Int => c.counter as f64,
                        iostat::Kind::Time => c.counter as f64 / 1e9,
                        iostat::Kind::Float => c.float,
                    },
                    Unit::Avg if c.num == 0 => 0.0,
                    Unit::Avg => match iostat::field_kind(&g.field) {
                        iostat::Kind::Int => c.counter as f64 / c.num as f64,
                        iostat::Kind::Time => c.counter as f64 / 1e9 / c.num as f64,
                        iostat::Kind::Float => c.float / c.num as f64,
                    },
                };
                [k as f64 * step, v]
            })
            .collect()
    }

    /// The graphs as CSV: one row per interval, one column per enabled graph.
    pub fn csv(&self) -> String {
        let idx: Vec<usize> = (0..self.computed.len()).collect();
        let mut s = String::from("\"Interval start\"");
        for &i in &idx {
            s.push_str(&format!(
                ",\"{}\"",
                self.computed[i].name.replace('"', "\"\"")
            ));
        }
        s.push('\n');
        let all: Vec<Vec<[f64; 2]>> = idx.iter().map(|&i| self.series(i)).collect();
        let rows = all.iter().map(|v| v.len()).max().unwrap_or(0);
        for r in 0..rows {
            let t = all.iter().find_map(|v| v.get(r)).map_or(0.0, |p| p[0]);
            s.push_str(&format!("{t}"));
            for v in &all {
                s.push_str(&format!(",{}", v.get(r).map_or(0.0, |p| p[1])));
            }
            s.push('\n');
        }
        s
    }

    /// The plot as SVG: one polyline per graph over the whole capture.
    pub fn svg(&self) -> String {
        let (w, h) = (900.0, 400.0);
        let series: Vec<Vec<[f64; 2]>> = (0..self.computed.len()).map(|i| self.series(i)).collect();
        let xmax = series
            .iter()
            .flatten()
            .map(|p| p[0])
            .fold(0.0f64, f64::max)
            .max(1e-9);
        let ymax = series
            .iter()
            .flatten()
            .map(|p| p[1])
            .fold(0.0f64, f64::max)
            .max(1e-9);
        let mut s = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        );
        for (i, pts) in series.iter().enumerate() {
            let c = COLORS[self.computed[i].color % COLORS.len()];
            let path: Vec<String> = pts
                .iter()
                .map(|p| {
                    format!(
                        "{:.1},{:.1}",
                        20.0 + p[0] / xmax * (w - 40.0),
                        h - 20.0 - p[1] / ymax * (h - 40.0)
                    )
                })
                .collect();
            s.push_str(&format!(
                "<polyline fill=\"none\" stroke=\"#{:02x}{:02x}{:02x}\" stroke-width=\"1.5\" points=\"{}\"><title>{}</title></polyline>\n",
                c.r(),
                c.g(),
                c.b(),
                path.join(" "),
                self.computed[i].name
            ));
        }
        s.push_str("</svg>\n");
        s
    }
}

/// Starts computing the enabled graphs (inline when headless).
pub fn load_io(g: &mut IoGraphState, shared: &Shared, ctx: &egui::Context) {
    let headless = shared.headless;
    let lang = shared.lang;
    let Some(s) = &shared.session else {
        return;
    };
    let specs: Vec<GraphSpec> = g.graphs.iter().filter(|x| x.enabled).cloned().collect();
    for sp in &specs {
        if !sp.filter.trim().is_empty() {
            if let Err(e) = crate::filter::Filter::compile(sp.filter.trim()) {
                g.error = Some(format!("{}: {e}", sp.name));
                return;
            }
        }
        if matches!(sp.unit, Unit::Sum | Unit::Max | Unit::Avg)
            && crate::dissect::fields::find(sp.field.trim()).is_none()
        {
            g.error = Some(crate::i18n::tr_args(
                lang,
                "io-no-field",
                &[
                    ("graph", sp.name.as_str().into()),
                    ("field", sp.field.as_str().into()),
                ],
            ));
            return;
        }
    }
    g.error = None;
    g.computed = specs.clone();
    let us = (g.interval * 1e6).round().max(1.0) as u64;
    let interval = Interval {
        us: Some(us),
        prec: 6,
    };
    let job = move |file: &crate::capture::file::CaptureFile, an: &crate::analysis::Analysis| {
        let cols: Vec<Column> = specs.iter().map(|g| g.column()).collect();
        iostat::compute(file, an, interval, cols)
    };
    match super::worker::spawn(s, headless, ctx, "fathom-io", job) {
        Ok(rx) => g.loading = Some(rx),
        Err(e) => g.error = Some(e),
    }
}

/// The first frame at or after `t` seconds since the capture's start.
fn frame_at(shared: &Shared, t: f64) -> Option<u32> {
    let s = shared.session.as_ref()?;
    let an = s.read();
    let t0 = an.frames.first()?.ts_ns;
    let target = t0 + (t.max(0.0) * 1e9) as i64;
    let i = an.frames.partition_point_ts(target);
    Some((i.min(an.frames.len().saturating_sub(1)) + 1) as u32)
}

/// The I/O Graph window over its state `g`, reading what all views share and sending commands;
/// `false` once the user closed it.
pub fn io_graph_ui(g: &mut IoGraphState, shared: &Shared, ctx: &egui::Context) -> bool {
    match super::worker::take(&mut g.loading) {
        Some(Ok(r)) => g.result = Some(r),
        Some(Err(e)) => g.error = Some(e),
        None => {}
    }
    let mut open = g.open;
    let mut reload = false;
    let mut clicked_t = None;
    let lang = shared.lang;
    egui::Window::new(lang.tr("io-title"))
        .id(egui::Id::unique("io_graph_window"))
        .open(&mut open)
        .default_size([820.0, 520.0])
        .resizable(true)
        .show(ctx, |ui| {
            if let Some(e) = &g.error {
                ui.colored_label(super::theme::ERROR, e);
            }
            clicked_t = plot_ui(ui, g, lang);
            ui.horizontal(|ui| reload |= interval_ui(ui, g, shared));
            reload |= graphs_ui(ui, g, lang);
        });
    g.open = open;
    if let Some(f) = clicked_t.and_then(|t| frame_at(shared, t)) {
        shared.push(Command::Select(f));
    }
    if open && reload {
        load_io(g, shared, ctx);
    }
    open
}

/// The plot of the computed graphs; returns the time clicked.
fn plot_ui(ui: &mut egui::Ui, g: &IoGraphState, lang: crate::i18n::Lang) -> Option<f64> {
    let n = g.graphs.len();
    let plot_h = (ui.available_height() - 60.0 - n as f32 * 26.0).max(180.0);
    let log = g.log;
    let series: Vec<(usize, Vec<[f64; 2]>)> =
        (0..g.computed.len()).map(|i| (i, g.series(i))).collect();
    let names: Vec<String> = g.computed.iter().map(|x| x.name.clone()).collect();
    let colors: Vec<usize> = g.computed.iter().map(|x| x.color).collect();
    // a new interval starts from fresh bounds
    let resp = Plot::new(("io_plot", g.interval.to_bits()))
        .height(plot_h)
        .legend(Legend::default())
        .x_axis_label(lang.tr("graph-time-axis"))
        .y_axis_label(if log {
            lang.tr("io-axis-log")
        } else {
            lang.tr("io-axis-per-interval")
        })
        .show(ui, |p| {
            for (i, pts) in series {
                let pts: Vec<[f64; 2]> = pts
                    .into_iter()
                    .map(|[x, y]| [x, if log { (y + 1.0).log10() } else { y }])
                    .collect();
                p.line(
                    Line::new(names[i].clone(), PlotPoints::from(pts))
                        .color(COLORS[colors[i] % COLORS.len()])
                        .width(1.5),
                );
            }
            p.pointer_coordinate()
        });
    if !resp.response.clicked() {
        return None;
    }
    resp.response
        .interact_pointer_pos()
        .map(|p| resp.transform.value_from_position(p).x)
        .or(resp.inner.map(|p| p.x))
}

/// The interval, log scale, Copy and Save; `true` when the interval changed.
fn interval_ui(ui: &mut egui::Ui, g: &mut IoGraphState, shared: &Shared) -> bool {
    let lang = shared.lang;
    let mut reload = false;
    ui.label(lang.tr("io-interval"));
    for (v, name) in [
        (0.001, "1 ms"),
        (0.01, "10 ms"),
        (0.1, "100 ms"),
        (1.0, "1 s"),
        (10.0, "10 s"),
        (60.0, "1 min"),
    ] {
        let name = if v == 60.0 {
            lang.tr("io-1-min")
        } else {
            name.into()
        };
        if ui.selectable_label(g.interval == v, name).clicked() {
            g.interval = v;
            reload = true;
        }
    }
    ui.separator();
    ui.checkbox(&mut g.log, lang.tr("io-log"));
    if g.is_loading() {
        ui.spinner();
    }
    if ui.button(lang.tr("stats-copy-csv")).clicked() {
        shared.push(Command::Copy(g.csv()));
    }
    if ui
        .button(lang.tr("save-save"))
        .on_hover_text(lang.tr("io-save-tip"))
        .clicked()
    {
        shared.push(Command::SaveIoGraph);
    }
    reload
}

/// A row per graph (shown, name, filter, unit, field) and Add; `true` when a change needs
/// the graphs computed again.
fn graphs_ui(ui: &mut egui::Ui, g: &mut IoGraphState, lang: crate::i18n::Lang) -> bool {
    let mut reload = false;
    egui::Grid::new("io_graphs").num_columns(6).show(ui, |ui| {
        for (i, sp) in g.graphs.iter_mut().enumerate() {
            if ui.checkbox(&mut sp.enabled, "").changed() {
                reload = true;
            }
            ui.colored_label(COLORS[sp.color % COLORS.len()], "■");
            ui.add_sized([130.0, 20.0], egui::TextEdit::singleline(&mut sp.name));
            let f = ui.add_sized(
                [220.0, 20.0],
                egui::TextEdit::singleline(&mut sp.filter).hint_text(lang.tr("io-filter-hint")),
            );
            egui::ComboBox::from_id_salt(("unit", i))
                .selected_text(lang.tr(sp.unit.name()))
                .show_ui(ui, |ui| {
                    for u in Unit::ALL {
                        if ui
                            .selectable_value(&mut sp.unit, u, lang.tr(u.name()))
                            .clicked()
                        {
                            reload = true;
                        }
                    }
                });
            let with_field = matches!(sp.unit, Unit::Sum | Unit::Max | Unit::Avg);
            let fl = ui
                .add_enabled_ui(with_field, |ui| {
                    ui.add_sized(
                        [170.0, 20.0],
                        egui::TextEdit::singleline(&mut sp.field)
                            .hint_text(lang.tr("io-field-hint")),
                    )
                })
                .inner;
            if (f.lost_focus() || fl.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter))
            {
                reload = true;
            }
            ui.end_row();
        }
    });
    if ui.button(lang.tr("io-add")).clicked() {
        g.graphs.push(GraphSpec {
            name: crate::i18n::tr_args(lang, "io-new-name", &[("n", (g.graphs.len() + 1).into())]),
            filter: String::new(),
            unit: Unit::Packets,
            field: String::new(),
            enabled: true,
            color: g.graphs.len(),
        });
    }
    reload
}

pub struct TcpGraphState {
    pub stream: u32,
    pub kind: TcpGraphKind,
    /// The direction whose data is drawn (0: the side that spoke first).
    pub dir: u8,
    pub segments: Option<Vec<Segment>>,
    loading: Option<super::worker::Pending<Vec<Segment>>>,
    pub error: Option<String>,
    pub open: bool,
    /// What is drawn, for the kind and direction it was computed for (recomputed only when
    /// they or the segments change, not every frame).
    drawn: Option<((TcpGraphKind, u8), Drawn)>,
}

/// A line or a set of points: (name, colour, points, drawn as points rather than a line).
type Series = (String, Color32, Vec<[f64; 2]>, bool);

/// One TCP graph's data ready to draw.
#[derive(Default)]
struct Drawn {
    lines: Vec<Series>,
    /// vertical bars: a segment's bytes, a SACK block
    bars: Vec<(Color32, [f64; 2], [f64; 2])>,
    click: Vec<Clickable>,
}

impl Drawn {
    /// A series of points, each from a packet: drawn (as points or a line) and clickable.
    fn series(&mut self, name: &str, color: Color32, pts: Vec<([f64; 2], u32)>, as_points: bool) {
        self.lines.push((
            name.to_string(),
            color,
            pts.iter().map(|x| x.0).collect(),
            as_points,
        ));
        self.click.push(Clickable { pts });
    }
}

/// Computes what a TCP graph of `kind` draws for direction `dir`.
fn drawn(
    kind: TcpGraphKind,
    segs: &[Segment],
    dir: u8,
    an: Option<&crate::analysis::Analysis>,
    lang: crate::i18n::Lang,
) -> Drawn {
    let mut d = Drawn::default();
    let [blue, red, green, _, _, brown] = COLORS;
    match kind {
        TcpGraphKind::Stevens => d.series(
            &lang.tr("tg-segments"),
            blue,
            tcpgraph::stevens(segs, dir),
            true,
        ),
        TcpGraphKind::Tcptrace => {
            let t = tcpgraph::tcptrace(segs, dir);
            for (a, b, _) in &t.segments {
                d.bars.push((blue, *a, *b));
            }
            for (a, b, _) in &t.sacks {
                d.bars.push((red, *a, *b));
            }
            d.click.push(Clickable {
                pts: t.segments.iter().map(|(a, _, f)| (*a, *f)).collect(),
            });
            d.series("ACK", brown, t.acks, false);
            // the window edge is drawn, not clicked
            d.lines.push((
                lang.tr("tg-window-edge"),
                green,
                t.window.iter().map(|x| x.0).collect(),
                false,
            ));
        }
        TcpGraphKind::Throughput => d.series(
            &lang.tr("tg-throughput-series"),
            blue,
            tcpgraph::throughput(segs, dir, 1.0),
            false,
        ),
        TcpGraphKind::Rtt => d.series(&lang.tr("tg-ack-rtt"), blue, tcpgraph::rtt(segs, dir), true),
        TcpGraphKind::Window => {
            let (w, f) = match an {
                Some(a) => tcpgraph::window_scaling(a, segs, dir),
                None => (Vec::new(), Vec::new()),
            };
            d.series(&lang.tr("tg-receive-window"), green, w, false);
            d.series(&lang.tr("tg-in-flight"), blue, f, true);
        }
    }
    d
}

impl TcpGraphState {
    pub fn new(stream: u32, kind: TcpGraphKind, dir: u8) -> TcpGraphState {
        TcpGraphState {
            stream,
            kind,
            dir,
            segments: None,
            loading: None,
            error: None,
            open: true,
            drawn: None,
        }
    }
}

pub fn load_tcp(g: &mut TcpGraphState, shared: &Shared, ctx: &egui::Context) {
    let headless = shared.headless;
    let Some(s) = &shared.session else {
        return;
    };
    let stream = g.stream;
    let job = move |file: &crate::capture::file::CaptureFile, an: &crate::analysis::Analysis| {
        tcpgraph::segments(file, an, stream)
    };
    match super::worker::spawn(s, headless, ctx, "fathom-tcpg", job) {
        Ok(rx) => g.loading = Some(rx),
        Err(e) => g.error = Some(e),
    }
}

/// A series drawn as points that can be clicked.
struct Clickable {
    pts: Vec<([f64; 2], u32)>,
}

impl Clickable {
    /// The packet of the point nearest to `p` on screen.
    fn nearest(&self, p: egui_plot::PlotPoint, tr: &egui_plot::PlotTransform) -> Option<u32> {
        let at = tr.position_from_point(&p);
        self.pts
            .iter()
            .map(|(q, f)| {
                let s = tr.position_from_point(&egui_plot::PlotPoint::new(q[0], q[1]));
                (s.distance(at), *f)
            })
            .filter(|(d, _)| *d < 12.0)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, f)| f)
    }
}

/// The TCP Stream Graphs window over its state `g`, reading what all views share and sending
/// commands; `false` once the user closed it.
pub fn tcp_graph_ui(g: &mut TcpGraphState, shared: &Shared, ctx: &egui::Context) -> bool {
    let selected = shared.selected;
    if let Some(r) = super::worker::take(&mut g.loading) {
        match r {
            Ok(s) => {
                // graph the direction that carries the data (the selected packet may be
                // an ACK of it)
                let bytes = |d: u8| {
                    s.iter()
                        .filter(|x| x.dir == d)
                        .map(|x| x.len as u64)
                        .sum::<u64>()
                };
                if bytes(g.dir) < bytes(g.dir ^ 1) {
                    g.dir ^= 1;
                }
                g.segments = Some(s);
                g.drawn = None;
            }
            Err(e) => g.error = Some(e),
        }
    }
    let an = shared
        .session
        .as_ref()
        .map(|s| (s.analysis.clone(), s.status.clone()));
    let mut open = g.open;
    let mut cmds = Vec::new();
    let lang = shared.lang;
    egui::Window::new(crate::i18n::tr_args(
        lang,
        "tg-title",
        &[("stream", g.stream.into())],
    ))
    .id(egui::Id::unique("tcp_graph_window"))
    .open(&mut open)
    .default_size([820.0, 520.0])
    .resizable(true)
    .show(ctx, |ui| {
        ui.horizontal(|ui| {
            for k in TcpGraphKind::ALL {
                if ui
                    .selectable_label(g.kind == k, lang.tr(k.name()))
                    .clicked()
                {
                    g.kind = k;
                }
            }
            ui.separator();
            if ui
                .button(lang.tr("tg-switch"))
                .on_hover_text(lang.tr("tg-switch-tip"))
                .clicked()
            {
                g.dir ^= 1;
            }
            if g.loading.is_some() {
                ui.spinner();
            }
        });
        if let Some(e) = &g.error {
            ui.colored_label(super::theme::ERROR, e);
        }
        let Some(segs) = &g.segments else {
            return;
        };
        let key = (g.kind, g.dir);
        if g.drawn.as_ref().is_none_or(|(k, _)| *k != key) {
            let d = match &an {
                Some((a, st)) => drawn(
                    g.kind,
                    segs,
                    g.dir,
                    Some(&crate::session::read(a, st)),
                    lang,
                ),
                None => drawn(g.kind, segs, g.dir, None, lang),
            };
            g.drawn = Some((key, d));
        }
        let Some((_, d)) = &g.drawn else {
            return;
        };
        let sel = selected.and_then(|s| segs.iter().find(|x| x.frame == s));
        let resp = Plot::new("tcp_plot")
            .legend(Legend::default())
            .x_axis_label(lang.tr("graph-time-axis"))
            .y_axis_label(match g.kind {
                TcpGraphKind::Throughput => "bits/s".to_string(),
                TcpGraphKind::Rtt => lang.tr("tg-rtt-axis"),
                TcpGraphKind::Window => lang.tr("cap-bytes"),
                _ => lang.tr("tg-seq-axis"),
            })
            .show(ui, |p| {
                for &(c, a, b) in &d.bars {
                    p.line(
                        Line::new("", PlotPoints::from(vec![a, b]))
                            .color(c)
                            .width(2.0),
                    );
                }
                for (name, c, pts, as_points) in &d.lines {
                    let pts = PlotPoints::from(pts.clone());
                    if *as_points {
                        p.points(Points::new(name, pts).color(*c).radius(2.5));
                    } else {
                        p.line(Line::new(name, pts).color(*c).width(1.5));
                    }
                }
                if let Some(s) = sel {
                    p.points(
                        Points::new(
                            crate::i18n::tr_args(lang, "tg-frame", &[("frame", s.frame.into())]),
                            PlotPoints::from(vec![[s.t, s.seq as f64]]),
                        )
                        .color(COLORS[3])
                        .radius(6.0),
                    );
                }
                p.pointer_coordinate()
            });
        if resp.response.clicked() {
            let at = resp
                .response
                .interact_pointer_pos()
                .map(|p| resp.transform.value_from_position(p))
                .or(resp.inner);
            if let Some(pt) = at {
                if let Some(f) = d.click.iter().find_map(|c| c.nearest(pt, &resp.transform)) {
                    cmds.push(Command::Select(f));
                }
            }
        }
    });
    g.open = open;
    shared.commands.extend(cmds);
    open
}
