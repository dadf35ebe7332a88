//! The packet list: a virtualised table (only visible rows are laid out and formatted),
//! Wireshark's colouring rules, time formats, sorting on a worker thread, and related-packet
//! marks.

use super::command::{Command, TimeFormat};
use super::shared::{Display, Shared};
use crate::analysis::{tcp as ta, Analysis};
use crate::dissect::{self, Value};
use egui::{Color32, RichText};
use egui_extras::{Column, TableBuilder};
use std::collections::HashMap;
use std::sync::mpsc::Receiver;
use std::sync::Arc;

/// The standard columns' titles, as message ids (`col-no` is "No." in English).
pub const COLUMNS: [&str; 8] = [
    "col-related",
    "col-no",
    "col-time",
    "col-source",
    "col-destination",
    "col-protocol",
    "col-length",
    "col-info",
];

/// One formatted row.
#[derive(Clone, Debug)]
pub struct Row {
    pub src: String,
    pub dst: String,
    pub proto: String,
    pub info: String,
    pub len: u32,
    pub ts: i64,
    pub untimed: bool,
    pub color: Option<(Color32, Color32)>,
    /// The custom columns' values (every occurrence, comma-separated, as `-T fields`).
    pub custom: Vec<String>,
}

/// The columns in the order the list shows them: the standard ones (0–6), the custom ones
/// (8 + k), then Info (7), which takes the remaining width.
pub fn column_order(visible: &[bool; 8], custom: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..7).filter(|&i| visible[i]).collect();
    v.extend((0..custom).map(|k| 8 + k));
    if visible[7] {
        v.push(7);
    }
    v
}

pub struct ListState {
    pub visible: [bool; 8],
    /// Custom columns: a field each (Apply as Column), shown before Info.
    pub custom: Vec<String>,
    /// A custom column's field being edited from its header's menu: (column, text).
    pub editing: Option<(usize, String)>,
    /// Rows already formatted, by frame: at most `row_cache_max` once a frame is drawn (then
    /// only the rows on screen are kept), so scrolling through a million packets holds a
    /// screenful, not a million rows.
    pub rows: HashMap<u32, Row>,
    pub row_cache_max: usize,
    /// The rows to show and the first frame's time, as last read from the analysis.
    pub known: (usize, i64),
    /// Rows were formatted while the file was still loading.
    pub rows_from_partial: bool,
    pub page_rows: usize,
    pub sort: Option<(usize, bool)>,
    pub sorting: Option<Receiver<(Vec<u32>, Vec<u32>)>>,
    pub detail_stale: bool,
    /// During a capture: keep the newest packet in view (until the user scrolls up or
    /// selects a row).
    pub follow_tail: bool,
    /// Scroll to the end once (resuming following).
    pub jump_to_end: bool,
    pub last_offset: f32,
    pub last_rows: usize,
}

impl ListState {
    /// Starts sorting the capture in `s` by a column on a worker thread (a second click
    /// reverses it); an error says why the sort could not start.
    pub fn sort_by(
        &mut self,
        display: &mut Display,
        s: &crate::session::Session,
        col: usize,
        ctx: &egui::Context,
    ) -> Result<(), String> {
        if s.is_loading() {
            return Ok(());
        }
        let asc = match self.sort {
            Some((c, a)) if c == col => !a,
            _ => true,
        };
        self.sort = Some((col, asc));
        let base: Option<Vec<u32>> = display.filtered.as_ref().map(|f| f.to_vec());
        if col == 1 && asc {
            display.order = base.map(|b| Arc::new(make_order(b, s.read().frames.len() as u32)));
            return Ok(());
        }
        let an = s.analysis.clone();
        let custom = self.custom.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let c2 = ctx.clone();
        let job = move || {
            let Ok(an) = an.read() else { return };
            let n = an.frames.len() as u32;
            let mut order: Vec<u32> = (1..=n).collect();
            match col {
                2 => order.sort_by_key(|&f| an.record(f).map(|r| r.ts_ns).unwrap_or(0)),
                6 => order.sort_by_key(|&f| an.record(f).map(|r| r.origlen).unwrap_or(0)),
                3 | 4 | 5 | 7 => {
                    let keys: Vec<String> = (1..=n)
                        .map(|f| {
                            make_row(&an, f)
                                .map(|r| match col {
                                    3 => r.src,
                                    4 => r.dst,
                                    5 => r.proto,
                                    _ => r.info,
                                })
                                .unwrap_or_default()
                        })
                        .collect();
                    order.sort_by(|a, b| keys[*a as usize - 1].cmp(&keys[*b as usize - 1]));
                }
                c if c >= 8 => {
                    // a custom column: numbers as numbers, else as text
                    let keys: Vec<(Option<f64>, String)> = (1..=n)
                        .map(|f| {
                            let v = make_row_with(&an, f, &custom, &[])
                                .and_then(|r| r.custom.into_iter().nth(c - 8))
                                .unwrap_or_default();
                            (v.parse::<f64>().ok(), v)
                        })
                        .collect();
                    order.sort_by(|a, b| {
                        let (x, y) = (&keys[*a as usize - 1], &keys[*b as usize - 1]);
                        match (x.0, y.0) {
                            (Some(p), Some(q)) => p.total_cmp(&q),
                            _ => x.1.cmp(&y.1),
                        }
                    });
                }
                _ => {}
            }
            if !asc {
                order.reverse();
            }
            let mut pos = vec![0u32; n as usize];
            for (i, &f) in order.iter().enumerate() {
                pos[f as usize - 1] = i as u32;
            }
            // (a sort superseded meanwhile has no receiver)
            tx.send((order, pos)).ok();
            c2.request_repaint();
        };
        self.sorting = Some(rx);
        super::worker::start("fathom-sort", false, job)
    }

    /// Takes a finished sort (on the worker thread) into the list; an error says why the
    /// sort stopped.
    pub fn poll_sort(&mut self, display: &mut Display) -> Result<(), String> {
        let Some(rx) = &self.sorting else {
            return Ok(());
        };
        match super::worker::poll(rx) {
            Some(Ok(o)) => {
                display.order = Some(Arc::new(o));
                self.sorting = None;
            }
            Some(Err(e)) => {
                self.sorting = None;
                return Err(e.to_string());
            }
            None => {}
        }
        Ok(())
    }
}

impl Default for ListState {
    fn default() -> Self {
        ListState {
            visible: [true; 8],
            custom: Vec::new(),
            editing: None,
            rows: HashMap::new(),
            row_cache_max: 4096,
            known: (0, 0),
            rows_from_partial: false,
            page_rows: 20,
            sort: None,
            sorting: None,
            detail_stale: false,
            follow_tail: false,
            jump_to_end: false,
            last_offset: 0.0,
            last_rows: 0,
        }
    }
}

/// Formats one frame's row (dissecting it, without tree labels).
pub fn make_row(an: &Analysis, frame: u32) -> Option<Row> {
    make_row_with(an, frame, &[], &[])
}

/// A row with the values of the custom columns' fields, coloured by the first of the user's
/// rules that matches, else by Wireshark's defaults.
pub fn make_row_with(
    an: &Analysis,
    frame: u32,
    custom: &[String],
    rules: &[(crate::filter::Filter, Color32, Color32)],
) -> Option<Row> {
    let rec = an.record(frame)?;
    let mut bytes = Vec::new();
    if !an.packet(frame, &mut bytes) {
        return None;
    }
    let d = dissect::dissect_with(&rec, frame, &bytes, an, dissect::Labels::Skipped);
    let user = rules.iter().find_map(|(f, bg, fg)| {
        crate::filter::fast::FrameEval::new(an, f)
            .matches(frame)
            .then_some((*bg, *fg))
    });
    let color = user.or_else(|| color_rule(an, frame, &d, &bytes));
    let custom = crate::print::fields::values(&d, &bytes, custom)
        .into_iter()
        .map(|v| v.join(","))
        .collect();
    Some(Row {
        custom,
        src: d.cols.src,
        dst: d.cols.dst,
        proto: d.cols.protocol,
        info: d.cols.info,
        len: rec.origlen,
        ts: rec.ts_ns,
        untimed: rec.untimed,
        color,
    })
}

/// Wireshark's default colouring rules, first match wins: (background, text).
pub fn color_rule(
    an: &Analysis,
    frame: u32,
    d: &dissect::Dissection,
    bytes: &[u8],
) -> Option<(Color32, Color32)> {
    let dark_text = Color32::from_rgb(18, 39, 46);
    if an.ignored.contains(&frame) {
        // ignored packets: grey on white, as Wireshark draws them
        return Some((Color32::WHITE, Color32::from_rgb(127, 127, 127)));
    }
    let protos: Vec<&str> = d.protocols.split(':').collect();
    let has = |p: &str| protos.contains(&p);
    let t = an.tcp(frame);
    let tcp_flags = d.dec.tcp.map(|s| s.flags).unwrap_or(0);
    if let Some(t) = t {
        let bad = t.flags & !(ta::A_WINDOW_UPDATE | ta::A_KEEP_ALIVE | ta::A_KEEP_ALIVE_ACK);
        if bad != 0 {
            return Some((
                Color32::from_rgb(18, 39, 46),
                Color32::from_rgb(247, 135, 135),
            ));
        }
    }
    let icmp_err = d
        .tree
        .values("icmp.type")
        .iter()
        .any(|v| matches!(v.as_u64(), Some(3..=5) | Some(11)))
        || d.tree
            .values("icmpv6.type")
            .iter()
            .any(|v| matches!(v.as_u64(), Some(1..=4)));
    if icmp_err {
        return Some((
            Color32::from_rgb(18, 39, 46),
            Color32::from_rgb(183, 247, 116),
        ));
    }
    if has("arp") {
        return Some((Color32::from_rgb(250, 240, 215), dark_text));
    }
    if has("icmp") || has("icmpv6") {
        return Some((Color32::from_rgb(252, 224, 255), dark_text));
    }
    if tcp_flags & dissect::TH_RST != 0 {
        return Some((
            Color32::from_rgb(164, 0, 0),
            Color32::from_rgb(255, 252, 156),
        ));
    }
    let port80 = d.dec.tcp.is_some_and(|s| s.sport == 80 || s.dport == 80);
    if has("http") || port80 {
        return Some((Color32::from_rgb(228, 255, 199), dark_text));
    }
    if t.is_some() && tcp_flags & (dissect::TH_SYN | dissect::TH_FIN) != 0 {
        return Some((Color32::from_rgb(160, 160, 160), dark_text));
    }
    if has("tcp") {
        return Some((Color32::from_rgb(231, 230, 255), dark_text));
    }
    if has("udp") {
        return Some((Color32::from_rgb(218, 238, 255), dark_text));
    }
    if bytes.first().is_some_and(|b| b & 1 == 1) && rec_is_ethernet(an, frame) {
        return Some((Color32::WHITE, Color32::from_rgb(186, 189, 182)));
    }
    None
}

fn rec_is_ethernet(an: &Analysis, frame: u32) -> bool {
    an.record(frame).is_some_and(|r| r.linktype == 1)
}

/// An order (with its inverse) for a list of frames.
pub fn make_order(frames: Vec<u32>, total: u32) -> (Vec<u32>, Vec<u32>) {
    let mut pos = vec![u32::MAX; total as usize];
    for (i, &f) in frames.iter().enumerate() {
        if let Some(p) = pos.get_mut(f as usize - 1) {
            *p = i as u32;
        }
    }
    (frames, pos)
}

/// The frame `delta` rows away from the selection (clamped to the list).
pub fn moved(shared: &Shared, delta: i64) -> Option<u32> {
    let n = shared.displayed() as i64;
    if n == 0 {
        return None;
    }
    let cur = shared
        .selected
        .and_then(|f| shared.display.row_of(f))
        .map(|r| r as i64)
        .unwrap_or(-1);
    let next = cur.saturating_add(delta).clamp(0, n - 1);
    Some(shared.display.frame_at(next as usize))
}

fn time_text(fmt: TimeFormat, ts: i64, first: i64, prev: i64) -> String {
    let mut s = String::new();
    match fmt {
        TimeFormat::SinceStart => dissect::tree::fmt_rel_time(ts - first, &mut s),
        TimeFormat::SincePrevious => dissect::tree::fmt_rel_time(ts - prev, &mut s),
        TimeFormat::Epoch => dissect::tree::fmt_rel_time(ts, &mut s),
        TimeFormat::TimeOfDay => {
            let (_, _, _, h, mi, se) = dissect::tree::civil(ts.div_euclid(1_000_000_000));
            s = format!(
                "{h:02}:{mi:02}:{se:02}.{:06}",
                ts.rem_euclid(1_000_000_000) / 1000
            );
        }
        TimeFormat::Utc => {
            let (y, mo, d, h, mi, se) = dissect::tree::civil(ts.div_euclid(1_000_000_000));
            s = format!(
                "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{se:02}.{:06}",
                ts.rem_euclid(1_000_000_000) / 1000
            );
        }
    }
    s
}

/// Marks for the packets related to the selection, as Wireshark's narrow column draws them.
fn related_marks(shared: &Shared) -> HashMap<u32, &'static str> {
    let mut m = HashMap::new();
    let Some(d) = &shared.detail else { return m };
    d.dis.tree.walk(&mut |n| {
        if let Value::Frame(f) = n.value {
            let mark = match n.abbrev() {
                "http.response_in" => "←",
                "http.request_in" => "→",
                "tcp.analysis.acks_frame" => "✓",
                _ => "•",
            };
            m.entry(f).or_insert(mark);
        }
    });
    m
}

/// The packet list over its state `list`, reading what all views share and sending commands (the
/// app clears its one-shot scroll request after).
pub fn packet_list_ui(
    list: &mut ListState,
    shared: &Shared,
    rules: &super::coloring::Compiled,
    ui: &mut egui::Ui,
) {
    let lang = shared.lang;
    let Some(session) = &shared.session else {
        return;
    };
    let loading = session.is_loading();
    // rows formatted while loading are redone once the whole file is analysed
    if !loading && list.rows_from_partial {
        list.rows.clear();
        list.rows_from_partial = false;
    }
    let (analysis, status) = (session.analysis.clone(), session.status.clone());
    let following = list.follow_tail && session.is_capturing();
    // the analysis is locked only while something is read from it: drawing rows already
    // formatted holds no lock, so a loading file is never kept waiting by the list
    // (a loader that holds the analysis longer than a frame's budget, growing a table of ten
    // million entries, leaves this frame to what the list has cached)
    let budget = std::time::Duration::from_millis(15);
    let (n, first_ts) = match crate::session::read_within(&analysis, &status, budget) {
        Some(an) => {
            let n = shared.display.rows(an.frames.len());
            list.known = (n, an.frames.first().map(|r| r.ts_ns).unwrap_or(0));
            list.known
        }
        None => {
            ui.ctx().request_repaint();
            let n = shared.display.rows(list.known.0);
            (n, list.known.1)
        }
    };
    let mut an = crate::session::LazyRead::new(&analysis, &status, budget);
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    list.page_rows = (ui.available_height() / row_h) as usize;
    let cx = RowCx {
        lang,
        loading,
        first_ts,
        // a row's colour spans the whole width of the list, gaps between cells included
        full_x: ui.max_rect().x_range(),
        marks: related_marks(shared),
        custom: list.custom.clone(),
        rules: rules.clone(),
        order: column_order(&list.visible, list.custom.len()),
    };
    let mut act = ListActions::default();
    let table = table_builder(list, shared, ui, n, following);
    let sort = list.sort;
    let out = table
        .header(row_h + 2.0, |mut h| {
            for &i in &cx.order {
                h.col(|ui| column_header_ui(ui, i, sort, &cx, &mut list.editing, &mut act));
            }
        })
        .body(|body| {
            body.rows(row_h, n, |mut row| {
                row_ui(list, shared, &mut row, &mut an, &cx, &mut act);
            });
        });
    if an.gave_up() {
        ui.ctx().request_repaint();
    }
    drop(an);
    let offset = out.state.clamped_offset().y;
    after_list_ui(list, shared, act, n, offset, following);
}

/// What every row reads: the language, whether the file is still loading, the time the
/// times count from, the list's width, the related-packet marks, the custom columns'
/// fields, the colouring rules and the columns in order.
struct RowCx {
    lang: crate::i18n::Lang,
    loading: bool,
    first_ts: i64,
    full_x: egui::Rangef,
    marks: HashMap<u32, &'static str>,
    custom: Vec<String>,
    rules: super::coloring::Compiled,
    order: Vec<usize>,
}

/// What the user did in the list this frame, and the frames drawn.
#[derive(Default)]
struct ListActions {
    clicked: Option<u32>,
    convo: Option<String>,
    follow: Option<super::command::FollowKind>,
    flow_of: Option<u32>,
    sort_click: Option<usize>,
    header_cmd: Option<Command>,
    shown: Vec<u32>,
}

/// The table with its columns, following the newest packet during a capture, and scrolled
/// to the selection or the end when asked.
fn table_builder<'a>(
    list: &mut ListState,
    shared: &Shared,
    ui: &'a mut egui::Ui,
    n: usize,
    following: bool,
) -> TableBuilder<'a> {
    let mut table = TableBuilder::new(ui)
        .id_salt("packet_list")
        .striped(false)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .auto_shrink([false, false]);
    let widths = [18.0, 60.0, 110.0, 140.0, 140.0, 70.0, 60.0];
    for (i, w) in widths.iter().enumerate() {
        if list.visible[i] {
            table = table.column(Column::initial(*w).at_least(16.0).clip(true));
        }
    }
    for _ in &list.custom {
        table = table.column(Column::initial(120.0).at_least(30.0).clip(true));
    }
    if list.visible[7] {
        table = table.column(Column::remainder().at_least(100.0).clip(true));
    }
    table = table.stick_to_bottom(following);
    if shared.scroll_to_selected || list.jump_to_end {
        // a jump (End, Home, Go to, a filter) lands at once: an animation through a million
        // rows takes seconds
        table = table.animate_scrolling(false);
    }
    if (following || list.jump_to_end) && n > 0 && !shared.scroll_to_selected {
        if list.jump_to_end {
            table = table.scroll_to_row(n - 1, Some(egui::Align::BOTTOM));
        }
        list.jump_to_end = false;
    }
    if shared.scroll_to_selected {
        // the selected packet in the middle; with none, the first row at the top
        match shared.selected.and_then(|sel| shared.display.row_of(sel)) {
            Some(r) => table = table.scroll_to_row(r, Some(egui::Align::Center)),
            None if n > 0 => table = table.scroll_to_row(0, Some(egui::Align::TOP)),
            None => {}
        }
    }
    table
}

/// Column `i`'s header: its title with the sort arrow (a click sorts); right-click hides it,
/// or edits or removes a custom column.
fn column_header_ui(
    ui: &mut egui::Ui,
    i: usize,
    sort: Option<(usize, bool)>,
    cx: &RowCx,
    editing: &mut Option<(usize, String)>,
    act: &mut ListActions,
) {
    let (lang, custom) = (cx.lang, &cx.custom);
    // a custom column is titled with its field's name, as Wireshark titles it
    let name = if i >= 8 {
        crate::dissect::fields::find(&custom[i - 8])
            .map_or(custom[i - 8].as_str(), |f| f.name)
            .to_string()
    } else {
        lang.tr(COLUMNS[i])
    };
    let arrow = match sort {
        Some((c, true)) if c == i => " ▲",
        Some((c, false)) if c == i => " ▼",
        _ => "",
    };
    if i == 0 {
        return;
    }
    let mut r =
        ui.add(egui::Button::new(RichText::new(format!("{name}{arrow}")).strong()).frame(false));
    if i >= 8 {
        r = r.on_hover_text(&custom[i - 8]);
    }
    if r.clicked() {
        act.sort_click = Some(i);
    }
    // right-click a header: hide it, or edit / remove a custom column
    r.context_menu(|ui| {
        if i >= 8 {
            let k = i - 8;
            let text = match editing {
                Some((c, t)) if *c == k => t,
                _ => {
                    *editing = Some((k, custom[k].clone()));
                    &mut editing.as_mut().expect("just set").1
                }
            };
            ui.label(lang.tr("pl-field"));
            let te = ui.text_edit_singleline(text);
            let enter = te.lost_focus() && ui.input(|x| x.key_pressed(egui::Key::Enter));
            if ui.button(lang.tr("pl-apply")).clicked() || enter {
                act.header_cmd = Some(Command::EditColumn(k, text.trim().to_string()));
                ui.close();
            }
            if ui.button(lang.tr("pl-remove-column")).clicked() {
                act.header_cmd = Some(Command::RemoveColumn(k));
                ui.close();
            }
        } else if ui.button(lang.tr("pl-hide-column")).clicked() {
            act.header_cmd = Some(Command::ToggleColumn(i));
            ui.close();
        }
    });
}

/// One row: formatted (and cached) when first shown, coloured, with its context menu.
fn row_ui(
    list: &mut ListState,
    shared: &Shared,
    row: &mut egui_extras::TableRow,
    an: &mut crate::session::LazyRead,
    cx: &RowCx,
    act: &mut ListActions,
) {
    let i = row.index();
    let RowCx {
        lang,
        loading,
        first_ts,
        full_x,
        ref marks,
        ref custom,
        ref rules,
        ref order,
    } = *cx;
    let frame = shared.display.frame_at(i);
    act.shown.push(frame);
    if let std::collections::hash_map::Entry::Vacant(e) = list.rows.entry(frame) {
        if let Some(r) = an
            .get()
            .and_then(|an| make_row_with(an, frame, custom, rules))
        {
            e.insert(r);
            if loading {
                list.rows_from_partial = true;
            }
        }
    }
    let Some(r) = list.rows.get(&frame) else {
        return;
    };
    let prev_ts = if i > 0 {
        let prev = shared.display.frame_at(i - 1);
        match list.rows.get(&prev) {
            Some(p) => p.ts,
            None => an
                .get()
                .and_then(|a| a.record(prev))
                .map_or(r.ts, |x| x.ts_ns),
        }
    } else {
        r.ts
    };
    let selected = shared.selected == Some(frame);
    row.set_selected(selected);
    let colors = if selected {
        None
    } else if shared.marked.contains(&frame) {
        Some(super::theme::MARKED)
    } else if shared.coloring {
        r.color
    } else {
        None
    };
    // times since the beginning count from the latest time reference
    let base_ts = shared
        .time_refs
        .range(..=frame)
        .next_back()
        .and_then(|&t| an.get().and_then(|a| a.record(t)).map(|x| x.ts_ns))
        .unwrap_or(first_ts);
    let std_cells: [String; 8] = [
        marks.get(&frame).copied().unwrap_or("").to_string(),
        frame.to_string(),
        if shared.time_refs.contains(&frame) {
            "*REF*".to_string()
        } else if r.untimed {
            String::new()
        } else {
            time_text(shared.time_format, r.ts, base_ts, prev_ts)
        },
        r.src.clone(),
        r.dst.clone(),
        r.proto.clone(),
        r.len.to_string(),
        r.info.clone(),
    ];
    let first_col = order.first().copied();
    for &c in order {
        let text = if c >= 8 {
            r.custom.get(c - 8).cloned().unwrap_or_default()
        } else {
            std_cells[c].clone()
        };
        row.col(|ui| {
            if let (Some((bg, _)), true) = (colors, first_col == Some(c)) {
                // painted once, under every cell of the row, across the list
                let y = ui
                    .max_rect()
                    .y_range()
                    .expand(ui.spacing().item_spacing.y * 0.5);
                let clip = egui::Rect::from_x_y_ranges(full_x, ui.clip_rect().y_range());
                ui.ctx()
                    .layer_painter(ui.layer_id())
                    .with_clip_rect(clip)
                    .rect_filled(egui::Rect::from_x_y_ranges(full_x, y), 0.0, bg);
            }
            let mut t = RichText::new(text);
            if let Some((_, fg)) = colors {
                t = t.color(fg);
            }
            ui.add(egui::Label::new(t).selectable(false).truncate());
        });
    }
    let resp = row.response();
    if resp.clicked() {
        act.clicked = Some(frame);
    }
    resp.context_menu(|ui| {
        act.clicked = Some(frame);
        if let Some(an) = an.get() {
            row_menu_ui(ui, an, frame, lang, act);
        }
    });
}

/// A row's context menu: Follow, the stream's flow, and the conversation filters.
fn row_menu_ui(
    ui: &mut egui::Ui,
    an: &Analysis,
    frame: u32,
    lang: crate::i18n::Lang,
    act: &mut ListActions,
) {
    if an.tcp(frame).is_some() {
        if ui.button(lang.tr("pl-follow-tcp")).clicked() {
            act.follow = Some(super::command::FollowKind::Tcp);
            ui.close();
        }
        if ui.button(lang.tr("pl-follow-http")).clicked() {
            act.follow = Some(super::command::FollowKind::Http);
            ui.close();
        }
        if ui.button(lang.tr("pl-flow-of-stream")).clicked() {
            act.flow_of = an.tcp(frame).map(|t| t.stream);
            ui.close();
        }
        ui.separator();
    }
    for (label, f) in conversation_filters(an, frame) {
        if ui
            .button(crate::i18n::tr_args(
                lang,
                "pl-conversation-filter",
                &[("proto", label.into())],
            ))
            .on_hover_text(&f)
            .clicked()
        {
            act.convo = Some(f);
            ui.close();
        }
    }
}

/// After the rows are drawn: the row cache trimmed, following the newest packet stopped by
/// scrolling up, and what the user did applied.
fn after_list_ui(
    list: &mut ListState,
    shared: &Shared,
    act: ListActions,
    n: usize,
    offset: f32,
    following: bool,
) {
    let mut shown = act.shown;
    if list.rows.len() > list.row_cache_max {
        shown.sort_unstable();
        list.rows.retain(|f, _| shown.binary_search(f).is_ok());
    }
    // scrolling up (the offset shrinks) or selecting a row stops following the newest packet
    // (a list that got shorter, by a new filter, moves the offset without the user)
    if following && offset + 1.0 < list.last_offset && n >= list.last_rows {
        list.follow_tail = false;
    }
    list.last_offset = offset;
    list.last_rows = n;
    if let Some(f) = act.clicked {
        list.follow_tail = false;
        shared.push(Command::ClickRow(f));
    }
    if let Some(c) = act.sort_click {
        shared.push(Command::SortBy(c));
    }
    if let Some(c) = act.header_cmd {
        list.editing = None;
        shared.push(c);
    }
    if let Some(f) = act.convo {
        shared.push(Command::ApplyFilter(f));
    }
    if let Some(k) = act.follow {
        shared.push(Command::Follow(k));
    }
    if let Some(n) = act.flow_of {
        shared.push(Command::FlowGraph(Some(n)));
    }
}

/// The conversation filters (TCP, UDP, IP) a frame offers, as Wireshark writes them.
pub fn conversation_filters(an: &Analysis, frame: u32) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let Some(rec) = an.record(frame) else {
        return out;
    };
    let mut bytes = Vec::new();
    if !an.packet(frame, &mut bytes) {
        return out;
    }
    let mut ft = crate::dissect::ip::FragTable::default();
    let d = dissect::decode(&rec, frame, &bytes, &mut ft);
    let (Some(src), Some(dst)) = (d.src, d.dst) else {
        return out;
    };
    let fam = match src {
        dissect::Addr::V4(_) => "ip.addr",
        dissect::Addr::V6(_) => "ipv6.addr",
    };
    let ip = format!("{fam} eq {src} && {fam} eq {dst}");
    if let Some(t) = d.tcp {
        out.push((
            "TCP",
            format!("{ip} && tcp.port eq {} && tcp.port eq {}", t.sport, t.dport),
        ));
    }
    if let Some(u) = d.udp {
        out.push((
            "UDP",
            format!("{ip} && udp.port eq {} && udp.port eq {}", u.sport, u.dport),
        ));
    }
    out.push(("IP", ip));
    out
}
