//! Statistics windows: Conversations, Endpoints, Protocol Hierarchy, Expert Information, the
//! HTTP trees and File ▸ Export Objects ▸ HTTP. Each is computed on a worker thread and shown
//! as one virtualised, sortable, searchable table ([`crate::stats::grid::Grid`]); a row's
//! context menu applies or prepares its filter, goes to its packet, follows its stream, and
//! copies the table as CSV or YAML.

use super::command::{Command, StatKind};
use super::shared::Shared;
use crate::stats::conv::Kind;
use crate::stats::grid::{self, Grid};
use crate::stats::objects::Object;
use egui::RichText;
use std::collections::HashSet;
use std::sync::Arc;

/// A window's tabs: one per table kind for conversations and endpoints.
fn tabs(kind: StatKind) -> &'static [Kind] {
    match kind {
        StatKind::Conversations | StatKind::Endpoints => &Kind::ALL,
        _ => &[],
    }
}

/// What the worker computes.
pub struct Computed {
    pub grids: Vec<Grid>,
    pub objects: Option<Arc<Vec<Object>>>,
}

pub struct StatWindow {
    pub kind: StatKind,
    pub tab: usize,
    /// "Limit to display filter": the filter the numbers were computed with.
    pub limit: bool,
    computed_filter: Option<String>,
    pub grids: Option<Vec<Grid>>,
    pub objects: Option<Arc<Vec<Object>>>,
    loading: Option<super::worker::Pending<Computed>>,
    pub error: Option<String>,
    pub sort: Option<(usize, bool)>,
    pub search: String,
    pub collapsed: HashSet<usize>,
    pub selected_row: Option<usize>,
    pub open: bool,
    /// The display order worked out for (tab, sort, search, folds, table): sorting and
    /// searching a large table happen when one of them changes, not every frame.
    order_cache: std::cell::RefCell<Option<(OrderKey, std::rc::Rc<Vec<usize>>)>>,
}

/// Tab, sort, search, the folded rows (count and sum) and the table's address and length.
type OrderKey = (
    usize,
    Option<(usize, bool)>,
    String,
    (usize, usize),
    usize,
    usize,
);

impl StatWindow {
    /// Starts computing the window's statistic over the capture in `s` (limited to the
    /// display filter `applied` when the window asks for that; inline when `headless`, for
    /// tests).
    pub fn load(
        &mut self,
        s: &crate::session::Session,
        applied: Option<String>,
        headless: bool,
        ctx: &egui::Context,
    ) {
        let filter = applied.filter(|f| self.limit && !f.is_empty());
        self.computed_filter = filter.clone();
        let kind = self.kind;
        let shared = s.stats.clone();
        match super::worker::spawn(s, headless, ctx, "fathom-stats", move |file, an| {
            compute(kind, &shared, file, an, filter.as_deref())
        }) {
            Ok(rx) => self.loading = Some(rx),
            Err(e) => self.error = Some(e),
        }
    }

    pub fn new(kind: StatKind) -> StatWindow {
        StatWindow {
            kind,
            tab: if tabs(kind).is_empty() { 0 } else { 3 },
            limit: false,
            computed_filter: None,
            grids: None,
            objects: None,
            loading: None,
            error: None,
            sort: None,
            search: String::new(),
            collapsed: HashSet::new(),
            selected_row: None,
            open: true,
            order_cache: Default::default(),
        }
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// The table shown now.
    pub fn grid(&self) -> Option<&Grid> {
        self.grids.as_ref()?.get(
            self.tab
                .min(self.grids.as_ref().map_or(0, |g| g.len().saturating_sub(1))),
        )
    }

    /// Rows in display order, without the descendants of collapsed rows (cached until the
    /// tab, sort, search, folds or table change).
    pub fn visible_rows(&self) -> std::rc::Rc<Vec<usize>> {
        let key: OrderKey = (
            self.tab,
            self.sort,
            self.search.clone(),
            (self.collapsed.len(), self.collapsed.iter().sum()),
            self.grid().map_or(0, |g| g.rows.as_ptr() as usize),
            self.grid().map_or(0, |g| g.len()),
        );
        if let Some((k, v)) = self.order_cache.borrow().as_ref() {
            if *k == key {
                return v.clone();
            }
        }
        let v = std::rc::Rc::new(self.compute_visible());
        *self.order_cache.borrow_mut() = Some((key, v.clone()));
        v
    }

    fn compute_visible(&self) -> Vec<usize> {
        let Some(g) = self.grid() else {
            return Vec::new();
        };
        let order = g.order(self.sort, &self.search);
        if !g.tree || self.collapsed.is_empty() {
            return order;
        }
        let mut out = Vec::new();
        let mut hide_below: Option<usize> = None;
        for i in order {
            let d = g.depth(i);
            if let Some(h) = hide_below {
                if d > h {
                    continue;
                }
                hide_below = None;
            }
            out.push(i);
            if self.collapsed.contains(&i) {
                hide_below = Some(d);
            }
        }
        out
    }
}

fn compute(
    kind: StatKind,
    shared: &crate::stats::Shared,
    file: &crate::capture::file::CaptureFile,
    an: &crate::analysis::Analysis,
    filter: Option<&str>,
) -> anyhow::Result<Computed> {
    use crate::stats;
    let keep = stats::kept(an, filter)?;
    let kept = |n: u32| keep.get(n as usize).copied().unwrap_or(false);
    let one = |g: Grid| Computed {
        grids: vec![g],
        objects: None,
    };
    Ok(match kind {
        StatKind::Conversations | StatKind::Endpoints => {
            // without a filter, the tables counted when the load ended
            let tables = match filter {
                None => shared.conv_tables(file, an)?,
                Some(_) => Arc::new(stats::conv_tables(file, an, kept)?),
            };
            let grids = Kind::ALL
                .iter()
                .zip(tables.iter())
                .map(|(&k, t)| {
                    if kind == StatKind::Conversations {
                        grid::conversations(k, t)
                    } else {
                        grid::endpoints(k, t)
                    }
                })
                .collect();
            Computed {
                grids,
                objects: None,
            }
        }
        StatKind::Http2 => one(grid::stats_tree(&stats::http2::frame_types(an, kept))),
        StatKind::Objects => {
            let objs = Arc::new(stats::objects::http_objects(an)?);
            Computed {
                grids: vec![grid::objects(&objs)],
                objects: Some(objs),
            }
        }
        _ => {
            let d = shared.dissected(file, an, None)?;
            // (the HTTP messages a filter keeps are copied only for the HTTP trees, and all
            // of them are read where they are without one)
            let msgs = || -> std::borrow::Cow<'_, [stats::http::Message]> {
                match filter {
                    None => std::borrow::Cow::Borrowed(&d.http.list),
                    Some(_) => d
                        .http
                        .list
                        .iter()
                        .filter(|m| kept(m.frame))
                        .copied()
                        .collect(),
                }
            };
            match kind {
                StatKind::Hierarchy => one(grid::hierarchy(&d.hierarchy(kept))),
                StatKind::Expert => one(grid::expert(&d.expert, kept)),
                StatKind::HttpCounter => one(grid::stats_tree(&stats::http::packet_counter(
                    &msgs(),
                    &d.http.text,
                ))),
                StatKind::HttpRequests => one(grid::stats_tree(&stats::http::requests(
                    &msgs(),
                    &d.http.text,
                ))),
                StatKind::HttpLoad => one(grid::stats_tree(&stats::http::load_distribution(
                    &msgs(),
                    &d.http.text,
                ))),
                _ => one(grid::stats_tree(&stats::http::request_sequences(
                    &msgs(),
                    &d.http.text,
                ))),
            }
        }
    })
}

/// What a window asks of the app after drawing.
enum Action {
    Reload(usize),
    Save(usize, Option<usize>),
}

/// The open statistics windows `wins`, reading what all views share and sending commands.
pub fn stats_windows_ui(wins: &mut Vec<StatWindow>, shared: &Shared, ctx: &egui::Context) {
    let mut actions = Vec::new();
    let mut cmds = Vec::new();
    let lang = shared.lang;
    let applied = shared.display.filter.clone().filter(|f| !f.is_empty());
    for (idx, w) in wins.iter_mut().enumerate() {
        if let Some(r) = super::worker::take(&mut w.loading) {
            match r {
                Ok(c) => {
                    w.grids = Some(c.grids);
                    w.objects = c.objects;
                    w.error = None;
                    w.collapsed = initially_collapsed(w);
                }
                Err(e) => w.error = Some(e),
            }
        }
        let mut open = w.open;
        egui::Window::new(crate::i18n::tr(lang, w.kind.title()))
            .id(egui::Id::unique(w.kind.title()))
            .open(&mut open)
            .default_size([760.0, 420.0])
            .min_size([420.0, 260.0])
            .default_pos([40.0 + 24.0 * idx as f32, 110.0 + 24.0 * idx as f32])
            .resizable(true)
            .show(ctx, |ui| {
                ui.set_min_size(egui::vec2(640.0, 320.0));
                window_body_ui(ui, lang, idx, w, &applied, &mut actions, &mut cmds);
            });
        w.open = open;
    }
    wins.retain(|w| w.open);
    shared.commands.extend(cmds);
    for a in actions {
        shared.push(match a {
            Action::Reload(i) => Command::ReloadStats(i),
            Action::Save(i, row) => Command::SaveObjects(i, row),
        });
    }
}

/// Expert packets start folded under their summaries.
fn initially_collapsed(w: &StatWindow) -> HashSet<usize> {
    match (w.kind, w.grid()) {
        (StatKind::Expert, Some(g)) => g
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.depth == 1)
            .map(|(i, _)| i)
            .collect(),
        _ => HashSet::new(),
    }
}

/// A statistics table's column title in `lang` (the CSV and YAML keep tshark's English).
pub fn column_title(lang: crate::i18n::Lang, name: &str) -> String {
    let mut id = String::from("stat-col");
    for w in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        id.push('-');
        id.push_str(&w.to_ascii_lowercase());
    }
    if crate::i18n::has(crate::i18n::Lang::En, &id) {
        crate::i18n::tr(lang, &id)
    } else {
        name.to_string()
    }
}

/// "bytes" in `lang`, read once per table drawn; none in English, where cells stay as tshark
/// prints them.
fn bytes_unit(lang: crate::i18n::Lang) -> Option<String> {
    (lang != crate::i18n::Lang::En).then(|| crate::i18n::tr(lang, "stats-bytes-unit"))
}

/// A cell as the window shows it: a size's "bytes" in the table's language (kB and MB are the
/// same in every language; copies keep tshark's text).
fn sized_cell<'a>(unit: Option<&str>, text: &'a str) -> std::borrow::Cow<'a, str> {
    match (unit, text.strip_suffix(" bytes")) {
        (Some(u), Some(n)) if n.bytes().all(|b| b.is_ascii_digit()) => format!("{n} {u}").into(),
        _ => text.into(),
    }
}

#[cfg(test)]
fn cell_text(lang: crate::i18n::Lang, text: &str) -> std::borrow::Cow<'_, str> {
    sized_cell(bytes_unit(lang).as_deref(), text)
}

#[allow(clippy::too_many_arguments)]
fn window_body_ui(
    ui: &mut egui::Ui,
    lang: crate::i18n::Lang,
    idx: usize,
    w: &mut StatWindow,
    applied: &Option<String>,
    actions: &mut Vec<Action>,
    cmds: &mut Vec<Command>,
) {
    if let Some(e) = &w.error {
        ui.colored_label(super::theme::ERROR, e);
    }
    ui.horizontal(|ui| {
        for (i, k) in tabs(w.kind).iter().enumerate() {
            let n = w
                .grids
                .as_ref()
                .and_then(|g| g.get(i))
                .map(|g| g.rows.len());
            let label = match n {
                Some(n) => format!("{} · {n}", k.title()),
                None => k.title().to_string(),
            };
            if ui.selectable_label(w.tab == i, label).clicked() {
                w.tab = i;
                w.sort = None;
                w.selected_row = None;
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label(lang.tr("stats-search"));
        ui.add(
            egui::TextEdit::singleline(&mut w.search)
                .desired_width(180.0)
                .hint_text(lang.tr("stats-search-hint")),
        );
        let mut limit = w.limit;
        if ui
            .checkbox(&mut limit, lang.tr("limit-to-filter"))
            .on_hover_text(
                applied
                    .clone()
                    .unwrap_or_else(|| lang.tr("stats-no-filter")),
            )
            .changed()
        {
            w.limit = limit;
            actions.push(Action::Reload(idx));
        }
        if w.limit && w.computed_filter != *applied && !w.is_loading() {
            actions.push(Action::Reload(idx));
        }
        if w.is_loading() {
            ui.spinner();
            ui.label(lang.tr("stats-computing"));
        }
        let order = w.visible_rows();
        if let Some(g) = w.grid() {
            if ui.button(lang.tr("stats-copy-csv")).clicked() {
                cmds.push(Command::Copy(g.csv(&order)));
            }
            if ui.button(lang.tr("stats-copy-yaml")).clicked() {
                cmds.push(Command::Copy(g.yaml(&order)));
            }
        }
        if w.kind == StatKind::Objects && w.grid().is_some() {
            if ui
                .add_enabled(
                    w.selected_row.is_some(),
                    egui::Button::new(lang.tr("save-save")),
                )
                .clicked()
            {
                actions.push(Action::Save(idx, w.selected_row));
            }
            if ui.button(lang.tr("stats-save-all")).clicked() {
                actions.push(Action::Save(idx, None));
            }
        }
    });
    ui.separator();
    if w.kind == StatKind::Objects {
        egui::Panel::bottom(egui::Id::unique("object_preview_panel"))
            .resizable(true)
            .default_size(150.0)
            .show(ui, |ui| preview_ui(ui, lang, w));
    }
    table_ui(ui, lang, w, cmds);
}

fn table_ui(
    ui: &mut egui::Ui,
    lang: crate::i18n::Lang,
    w: &mut StatWindow,
    cmds: &mut Vec<Command>,
) {
    use egui_extras::{Column, TableBuilder};
    let order = w.visible_rows();
    let Some(g) = w.grid() else {
        if w.error.is_none() {
            ui.label(lang.tr("stats-none-yet"));
        }
        return;
    };
    if g.is_empty() {
        ui.label(lang.tr("stats-nothing"));
        return;
    }
    let ncols = g.columns.len();
    let unit = bytes_unit(lang);
    let tree = g.tree;
    let mut sort_click = None;
    let mut toggle = None;
    let mut select_row = None;
    let text_h = egui::TextStyle::Body.resolve(ui.style()).size + 6.0;
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    let mut tb = TableBuilder::new(ui)
        .striped(true)
        .auto_shrink([false, false])
        .max_scroll_height(f32::INFINITY)
        .resizable(true)
        .sense(egui::Sense::click())
        .column(Column::initial(if tree { 280.0 } else { 150.0 }).at_least(60.0));
    for _ in 1..ncols {
        tb = tb.column(Column::initial(95.0).at_least(40.0));
    }
    tb.header(text_h + 4.0, |mut h| {
        for (c, name) in g.columns.iter().enumerate() {
            h.col(|ui| {
                let arrow = match w.sort {
                    Some((s, true)) if s == c => " ▲",
                    Some((s, false)) if s == c => " ▼",
                    _ => "",
                };
                let name = column_title(lang, name);
                if ui
                    .button(RichText::new(format!("{name}{arrow}")).strong())
                    .on_hover_text(lang.tr("stats-sort"))
                    .clicked()
                {
                    sort_click = Some(c);
                }
            });
        }
    })
    .body(|body| {
        body.rows(text_h, order.len(), |mut row| {
            let i = order[row.index()];
            let r = g.row(i);
            let mut clicked = false;
            let mut menu_on: Vec<egui::Response> = Vec::new();
            row.set_selected(w.selected_row == Some(i));
            for (c, cell) in r.cells.iter().enumerate() {
                row.col(|ui| {
                    let label = egui::Label::new(sized_cell(unit.as_deref(), &cell.text))
                        .sense(egui::Sense::click())
                        .selectable(false)
                        .truncate();
                    // one line per cell: a tree's indent and fold button sit left of the text
                    // (numbers right-aligned, except a tree's label column: "Frame 12")
                    let layout = if cell.num.is_some() && !(c == 0 && tree) {
                        egui::Layout::right_to_left(egui::Align::Center)
                    } else {
                        egui::Layout::left_to_right(egui::Align::Center)
                    };
                    let resp = ui
                        .with_layout(layout, |ui| {
                            if c == 0 && tree {
                                ui.add_space(r.depth as f32 * 14.0);
                                if g.has_children(i) {
                                    let sym = if w.collapsed.contains(&i) {
                                        "▶"
                                    } else {
                                        "▼"
                                    };
                                    if ui.small_button(sym).clicked() {
                                        toggle = Some(i);
                                    }
                                }
                            }
                            ui.add(label)
                        })
                        .inner;
                    clicked |= resp.clicked();
                    menu_on.push(resp);
                });
            }
            menu_on.push(row.response());
            if clicked || menu_on.iter().any(|r| r.clicked()) {
                select_row = Some(i);
                if let Some(f) = r.frame {
                    cmds.push(Command::Select(f));
                }
            }
            for resp in menu_on {
                resp.context_menu(|ui| {
                    select_row = Some(i);
                    row_menu_ui(ui, lang, &r, g, &order, cmds);
                });
            }
        });
    });
    if let Some(c) = sort_click {
        w.sort = match w.sort {
            Some((s, asc)) if s == c => Some((c, !asc)),
            _ => Some((c, g_first_is_text(w, c))),
        };
    }
    if let Some(i) = toggle {
        if !w.collapsed.remove(&i) {
            w.collapsed.insert(i);
        }
    }
    if select_row.is_some() {
        w.selected_row = select_row;
    }
}

/// Text sorts A→Z first, numbers largest first.
fn g_first_is_text(w: &StatWindow, c: usize) -> bool {
    w.grid()
        .and_then(|g| g.rows.first())
        .and_then(|r| r.cells.get(c))
        .is_none_or(|cell| cell.num.is_none())
}

fn row_menu_ui(
    ui: &mut egui::Ui,
    lang: crate::i18n::Lang,
    r: &grid::Row,
    g: &Grid,
    order: &[usize],
    cmds: &mut Vec<Command>,
) {
    if let Some(f) = r.filter() {
        if ui
            .button(lang.tr("tree-apply-filter"))
            .on_hover_text(f.as_ref())
            .clicked()
        {
            cmds.push(Command::ApplyFilter(f.to_string()));
            ui.close();
        }
        if ui
            .button(lang.tr("tree-prepare-filter"))
            .on_hover_text(f.as_ref())
            .clicked()
        {
            cmds.push(Command::PrepareFilter(f.to_string()));
            ui.close();
        }
    }
    if let Some(frame) = r.frame {
        if ui
            .button(crate::i18n::tr_args(
                lang,
                "stats-goto",
                &[("frame", frame.into())],
            ))
            .clicked()
        {
            cmds.push(Command::Select(frame));
            ui.close();
        }
    }
    if let (Some((true, _)), Some(frame)) = (r.stream, r.frame) {
        if ui.button(lang.tr("key-follow-tcp")).clicked() {
            cmds.push(Command::Select(frame));
            cmds.push(Command::Follow(super::command::FollowKind::Tcp));
            ui.close();
        }
        if ui.button(lang.tr("key-follow-http")).clicked() {
            cmds.push(Command::Select(frame));
            cmds.push(Command::Follow(super::command::FollowKind::Http));
            ui.close();
        }
    }
    ui.separator();
    if ui.button(lang.tr("stats-copy-row")).clicked() {
        let text: Vec<&str> = r.cells.iter().map(|c| c.text.as_str()).collect();
        cmds.push(Command::Copy(text.join("\t")));
        ui.close();
    }
    if ui.button(lang.tr("stats-copy-table-csv")).clicked() {
        cmds.push(Command::Copy(g.csv(order)));
        ui.close();
    }
    if ui.button(lang.tr("stats-copy-table-yaml")).clicked() {
        cmds.push(Command::Copy(g.yaml(order)));
        ui.close();
    }
}

/// The selected object: text shown as text, images as images, anything else as a size.
fn preview_ui(ui: &mut egui::Ui, lang: crate::i18n::Lang, w: &StatWindow) {
    let obj = w
        .selected_row
        .and_then(|i| w.objects.as_ref().and_then(|o| o.get(i)));
    let Some(o) = obj else {
        ui.weak(crate::i18n::tr(lang, "stats-preview-none"));
        return;
    };
    ui.label(
        RichText::new(crate::i18n::tr_args(
            lang,
            "stats-object",
            &[
                ("name", o.filename.as_str().into()),
                ("type", o.content_type.as_str().into()),
                ("bytes", o.data.len().into()),
            ],
        ))
        .strong(),
    );
    let ct = o.content_type.to_ascii_lowercase();
    egui::ScrollArea::both()
        .id_salt("object_preview")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if ct.starts_with("image/") && !ct.contains("svg") {
                ui.add(
                    egui::Image::from_bytes(
                        format!("bytes://object-{}-{}", o.frame, o.filename),
                        o.data.clone(),
                    )
                    .max_height(240.0)
                    .fit_to_original_size(1.0),
                );
            } else if is_text(&ct) || std::str::from_utf8(&o.data).is_ok() {
                let text = String::from_utf8_lossy(&o.data[..o.data.len().min(64 * 1024)]);
                ui.add(egui::Label::new(RichText::new(text).monospace()).wrap());
            } else {
                ui.weak(crate::i18n::tr(lang, "stats-binary"));
            }
        });
}

fn is_text(ct: &str) -> bool {
    ct.starts_with("text/")
        || ct.contains("json")
        || ct.contains("xml")
        || ct.contains("javascript")
        || ct.contains("svg")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn sizes_and_column_titles_follow_the_language() {
        assert_eq!(cell_text(Lang::Zh, "1062 bytes"), "1062 字节");
        assert_eq!(cell_text(Lang::Ja, "506 bytes"), "506 バイト");
        assert_eq!(cell_text(Lang::En, "506 bytes"), "506 bytes");
        // kB and other text stay as tshark prints them
        assert_eq!(cell_text(Lang::Zh, "12 kB"), "12 kB");
        assert_eq!(cell_text(Lang::Zh, "many bytes"), "many bytes");
        assert_eq!(column_title(Lang::Zh, "Bytes A → B"), "字节 A → B");
        assert_eq!(column_title(Lang::Ja, "Rel Start"), "相対開始");
        assert_eq!(column_title(Lang::Zh, "Unknown Column"), "Unknown Column");
    }

    /// Every column a statistics table has is translated.
    #[test]
    fn every_statistics_column_has_a_title_in_each_language() {
        use crate::stats::{conv, grid};
        let empty = conv::Table::default();
        let mut names: Vec<String> = Vec::new();
        for k in conv::Kind::ALL {
            names.extend(grid::conversations(k, &empty).columns);
            names.extend(grid::endpoints(k, &empty).columns);
        }
        names.extend(grid::hierarchy(&[]).columns);
        names.extend(grid::expert(&[], |_| true).columns);
        names.extend(grid::objects(&[]).columns);
        names.extend(crate::stats::tree::COLUMNS.iter().map(|c| c.to_string()));
        for n in names {
            for lang in [Lang::Zh, Lang::Ja] {
                assert_ne!(column_title(lang, &n), n, "{} {n}", lang.code());
            }
        }
    }
}
