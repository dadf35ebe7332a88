//! Statistics ▸ Flow Graph: the TCP conversation as a sequence diagram. The flow is built on a
//! worker thread; only the visible arrows are drawn; a click selects the packet and the
//! selected packet's arrow is highlighted and scrolled into view.

use super::command::{Command, FlowExport};
use super::shared::Shared;
use crate::flow::{self, Flow};
use egui::{Align2, Color32, FontId, Sense, Stroke};
use std::sync::mpsc::Receiver;
use std::sync::Arc;

/// A PNG is one image of the whole diagram: beyond this many arrows it would be too tall.
pub const PNG_MAX_ARROWS: usize = 2000;

/// The applied filter and how many rows the list shows.
type ShownKey = (Option<String>, usize);

pub struct FlowGraphState {
    /// `Some(n)`: only `tcp.stream eq n`.
    pub stream: Option<u32>,
    pub flow: Option<Flow>,
    pub loading: Option<Receiver<Result<Flow, String>>>,
    pub error: Option<String>,
    /// The selection the graph last scrolled to.
    last_selected: Option<u32>,
    /// "Limit to display filter": only the packets the list shows.
    pub limit: bool,
    /// Horizontal scroll of the diagram, for the lifeline names above it.
    h_offset: f32,
    /// Flow type All (every packet with addresses) instead of TCP only.
    pub any: bool,
    /// The column each address is drawn in (addresses can be moved left and right).
    pub slot: Vec<usize>,
    /// Items shown under "Limit to display filter", for the filter and list length in the key.
    shown: Option<(ShownKey, Arc<Vec<usize>>)>,
}

impl FlowGraphState {
    pub fn new(stream: Option<u32>) -> FlowGraphState {
        FlowGraphState {
            stream,
            flow: None,
            loading: None,
            error: None,
            last_selected: None,
            limit: false,
            h_offset: 0.0,
            any: false,
            slot: Vec::new(),
            shown: None,
        }
    }
}

/// Starts building the flow on a worker thread (inline when headless, for tests).
pub fn load(fg: &mut FlowGraphState, shared: &Shared, ctx: &egui::Context) {
    let Some(s) = &shared.session else {
        return;
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let (an, file, stream, any) = (s.analysis.clone(), s.file.clone(), fg.stream, fg.any);
    let c = ctx.clone();
    let work = move || {
        let result = match an.read() {
            Ok(an) if any => flow::flow_any(&file, &an).map_err(|e| e.to_string()),
            // one stream's flow reads only its frames
            Ok(an) => flow::flow_tcp_of(&file, &an, stream).map_err(|e| e.to_string()),
            Err(_) => Err("the analysis is not available".into()),
        };
        let result = result.map(|mut f| {
            if let Some(n) = stream {
                f.items.retain(|i| i.conv == n);
            }
            f
        });
        super::worker::answer(&tx, result);
        c.request_repaint();
    };
    fg.flow = None;
    fg.shown = None;
    fg.loading = Some(rx);
    if let Err(e) = super::worker::start("fathom-flow", shared.headless, work) {
        fg.error = Some(e);
    }
}

use crate::flow::layout::{NODE_W, ROW_H, TIME_W};

/// The accessible name of an arrow (what tests and screen readers find).
pub fn arrow_name(lang: crate::i18n::Lang, it: &flow::FlowItem) -> String {
    crate::i18n::tr_args(
        lang,
        "flow-arrow",
        &[
            ("frame", it.frame.into()),
            ("label", it.label.as_str().into()),
        ],
    )
}

/// The Flow Graph window over its state `fg`, reading what all views share and sending commands;
/// `false` once the user closed it.
pub fn flow_graph_ui(fg: &mut FlowGraphState, shared: &Shared, ctx: &egui::Context) -> bool {
    let lang = shared.lang;
    update_shown(fg, shared);
    if let Some(rx) = &fg.loading {
        if let Some(r) = super::worker::poll(rx) {
            fg.loading = None;
            match r.and_then(|r| r) {
                Ok(f) => {
                    fg.slot = (0..f.nodes.len()).collect();
                    fg.flow = Some(f);
                    fg.error = None;
                }
                Err(e) => fg.error = Some(e),
            }
        }
    }
    let title = match fg.stream {
        Some(n) => crate::i18n::tr_args(lang, "flow-title-stream", &[("stream", n.into())]),
        None => lang.tr("flow-title"),
    };
    let pal = Palette::new(shared.dark);
    let mut open = true;
    let mut act = Actions::default();
    // (the flow is lent out of the state while the window draws it)
    let flow = fg.flow.take();
    let (size, max) = super::theme::fit(ctx, [760.0, 560.0]);
    egui::Window::new(title)
        .id(egui::Id::unique("flow_graph_window"))
        .open(&mut open)
        .default_size(size)
        .max_size(max)
        .resizable(true)
        .show(ctx, |ui| {
            if let Some(e) = &fg.error {
                ui.colored_label(super::theme::ERROR, e);
                return;
            }
            let Some(flow) = &flow else {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(lang.tr("flow-building"));
                });
                return;
            };
            if flow.items.is_empty() {
                ui.label(lang.tr("flow-empty"));
                return;
            }
            ui.horizontal(|ui| toolbar_ui(ui, fg, flow, lang, &mut act));
            act.moves = lifelines_ui(ui, fg, flow, &pal, lang);
            act.select = arrows_ui(ui, fg, flow, &pal, shared);
        });
    fg.flow = flow;
    if let Some(f) = act.select {
        shared.push(Command::Select(f));
    }
    if let Some(export) = act.save {
        shared.push(Command::SaveFlow(export));
    }
    if let Some((node, target)) = act.moves {
        // swap with the address that holds the target column
        if let Some(other) = fg.slot.iter().position(|&s| s == target) {
            fg.slot.swap(node, other);
        }
    }
    if open && act.reload {
        load(fg, shared, ctx);
    }
    open
}

/// What the user asked of the window this frame.
#[derive(Default)]
struct Actions {
    select: Option<u32>,
    save: Option<FlowExport>,
    /// Move this address to that column.
    moves: Option<(usize, usize)>,
    /// The flow type changed: build the flow again.
    reload: bool,
}

/// The diagram's colours.
struct Palette {
    dark: bool,
    text: Color32,
    line: Color32,
    accent: Color32,
}

impl Palette {
    fn new(dark: bool) -> Palette {
        Palette {
            dark,
            text: super::theme::INK.on(dark),
            line: super::theme::RULE.on(dark),
            accent: super::theme::EMPHASIS.on(dark),
        }
    }
}

/// With "Limit to display filter", the arrows of the displayed packets only; worked out
/// again only when the list's filter or length changes.
fn update_shown(fg: &mut FlowGraphState, shared: &Shared) {
    let key = (shared.display.filter.clone(), shared.displayed());
    let stale = fg.limit && fg.shown.as_ref().is_none_or(|(k, _)| *k != key);
    let Some(flow) = fg.flow.as_ref().filter(|_| stale) else {
        return;
    };
    let v: Vec<usize> = flow
        .items
        .iter()
        .enumerate()
        .filter(|(_, it)| shared.display.row_of(it.frame).is_some())
        .map(|(i, _)| i)
        .collect();
    fg.shown = Some((key, Arc::new(v)));
}

/// The flow type, counts, "Limit to display filter" and the Save buttons.
fn toolbar_ui(
    ui: &mut egui::Ui,
    fg: &mut FlowGraphState,
    flow: &Flow,
    lang: crate::i18n::Lang,
    act: &mut Actions,
) {
    if fg.stream.is_none() {
        ui.label(lang.tr("flow-type"));
        if ui.radio(!fg.any, lang.tr("flow-tcp-only")).clicked() && fg.any {
            fg.any = false;
            act.reload = true;
        }
        if ui.radio(fg.any, lang.tr("flow-all")).clicked() && !fg.any {
            fg.any = true;
            act.reload = true;
        }
        ui.separator();
    }
    ui.label(crate::i18n::tr_args(
        lang,
        if fg.any {
            "flow-count-packets"
        } else {
            "flow-count-segments"
        },
        &[
            ("count", flow.items.len().into()),
            ("nodes", flow.nodes.len().into()),
        ],
    ));
    if ui
        .checkbox(&mut fg.limit, lang.tr("limit-to-filter"))
        .changed()
    {
        fg.last_selected = None;
    }
    if ui
        .add_enabled(
            flow.items.len() <= PNG_MAX_ARROWS,
            egui::Button::new(lang.tr("flow-save-png")),
        )
        .on_disabled_hover_text(crate::i18n::tr_args(
            lang,
            "flow-png-limit",
            &[("max", PNG_MAX_ARROWS.into())],
        ))
        .clicked()
    {
        act.save = Some(FlowExport::Png);
    }
    if ui.button(lang.tr("flow-save-svg")).clicked() {
        act.save = Some(FlowExport::Svg);
    }
    if ui.button(lang.tr("flow-save-text")).clicked() {
        act.save = Some(FlowExport::Text);
    }
}

/// The x of address `i`'s lifeline in a row starting at `left`.
fn node_x(fg: &FlowGraphState, left: f32, i: usize) -> f32 {
    let slot = fg.slot.get(i).copied().unwrap_or(i);
    left + TIME_W + NODE_W * (slot as f32 + 0.5)
}

/// The lifelines' names above the diagram, with ◀ ▶ to move an address one column left
/// or right; returns a move clicked.
fn lifelines_ui(
    ui: &mut egui::Ui,
    fg: &FlowGraphState,
    flow: &Flow,
    pal: &Palette,
    lang: crate::i18n::Lang,
) -> Option<(usize, usize)> {
    let font = FontId::monospace(12.0);
    let small = FontId::monospace(10.5);
    let mut moves = None;
    let (head, _) = ui.allocate_exact_size(egui::vec2(ui.available_width(), 22.0), Sense::hover());
    ui.painter().text(
        egui::pos2(head.left() + 4.0, head.center().y),
        Align2::LEFT_CENTER,
        lang.tr("col-time"),
        font.clone(),
        pal.text,
    );
    let names = ui.painter_at(head.with_min_x(head.left() + TIME_W - 20.0));
    for (i, n) in flow.nodes.iter().enumerate() {
        let x = node_x(fg, head.left() - fg.h_offset, i);
        names.text(
            egui::pos2(x, head.center().y),
            Align2::CENTER_CENTER,
            n,
            font.clone(),
            pal.text,
        );
        let slot = fg.slot.get(i).copied().unwrap_or(i);
        for (dx, arrow, word, step) in [
            (-(NODE_W / 2.0) + 10.0, "◀", "left", -1isize),
            (NODE_W / 2.0 - 10.0, "▶", "right", 1),
        ] {
            let target = slot as isize + step;
            if target < 0 || target as usize >= flow.nodes.len() {
                continue;
            }
            let r = egui::Rect::from_center_size(
                egui::pos2(x + dx, head.center().y),
                egui::vec2(16.0, 18.0),
            );
            if r.left() < head.left() + TIME_W - 20.0 {
                continue;
            }
            let resp = ui.interact(r, ui.scope_id().with(("move", i, word)), Sense::click());
            let name = crate::i18n::tr_args(
                lang,
                if step < 0 {
                    "flow-move-left"
                } else {
                    "flow-move-right"
                },
                &[("node", n.as_str().into())],
            );
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            let c = if resp.hovered() { pal.accent } else { pal.line };
            names.text(r.center(), Align2::CENTER_CENTER, arrow, small.clone(), c);
            if resp.clicked() {
                moves = Some((i, target as usize));
            }
        }
    }
    moves
}

/// The arrows, only the visible rows drawn; the selected packet's is scrolled into view when
/// the selection changes. Returns the packet of an arrow clicked.
fn arrows_ui(
    ui: &mut egui::Ui,
    fg: &mut FlowGraphState,
    flow: &Flow,
    pal: &Palette,
    shared: &Shared,
) -> Option<u32> {
    let selected = shared.selected;
    let lang = shared.lang;
    let shown: Option<Arc<Vec<usize>>> = fg
        .shown
        .as_ref()
        .filter(|_| fg.limit)
        .map(|(_, v)| v.clone());
    let mut scroll = egui::ScrollArea::both().auto_shrink([false, false]);
    if selected != fg.last_selected {
        fg.last_selected = selected;
        if let Some(sel) = selected {
            let found = match &shown {
                Some(v) => v.iter().position(|&i| flow.items[i].frame == sel),
                None => flow.items.binary_search_by_key(&sel, |it| it.frame).ok(),
            };
            if let Some(i) = found {
                scroll = scroll.vertical_scroll_offset((i as f32 - 3.0).max(0.0) * ROW_H);
            }
        }
    }
    ui.spacing_mut().item_spacing.y = 0.0;
    let rows = shown.as_ref().map_or(flow.items.len(), |v| v.len());
    let mut select = None;
    let out = scroll.show_rows(ui, ROW_H, rows, |ui, range| {
        for row in range {
            let i = shown.as_ref().map_or(row, |v| v[row]);
            let Some(it) = flow.items.get(i) else {
                continue;
            };
            let width =
                (TIME_W + NODE_W * flow.nodes.len() as f32 + 220.0).max(ui.available_width());
            let (rect, resp) = ui.allocate_exact_size(egui::vec2(width, ROW_H), Sense::click());
            // (named only when asked: by the accessibility tree or a click, not in every
            // frame for every visible row)
            resp.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, arrow_name(lang, it))
            });
            if resp.clicked() {
                select = Some(it.frame);
            }
            let p = ui.painter_at(rect);
            if selected == Some(it.frame) {
                p.rect_filled(rect, 0.0, super::theme::SELECTION.gamma_multiply(0.35));
            } else if resp.hovered() {
                p.rect_filled(rect, 0.0, ui.visuals().widgets.hovered.weak_bg_fill);
            }
            paint_row(&p, rect, fg, flow, it, pal);
        }
    });
    // the lifeline names follow the horizontal scroll on the next frame
    if (out.state.clamped_offset().x - fg.h_offset).abs() > 0.5 {
        fg.h_offset = out.state.clamped_offset().x;
        ui.ctx().request_repaint();
    }
    select
}

/// One arrow's row: the lifelines, the time, the arrow with its label and ports, the
/// comment, and the connection states that change here.
fn paint_row(
    p: &egui::Painter,
    rect: egui::Rect,
    fg: &FlowGraphState,
    flow: &Flow,
    it: &flow::FlowItem,
    pal: &Palette,
) {
    let font = FontId::monospace(12.0);
    let small = FontId::monospace(10.5);
    let x_of = |i: usize| node_x(fg, rect.left(), i);
    for i in 0..flow.nodes.len() {
        let x = x_of(i);
        p.line_segment(
            [egui::pos2(x, rect.top()), egui::pos2(x, rect.bottom())],
            Stroke::new(1.0, pal.line),
        );
    }
    p.text(
        egui::pos2(rect.left() + 4.0, rect.center().y),
        Align2::LEFT_CENTER,
        format!("{:.6}", it.time_rel),
        font.clone(),
        pal.text,
    );
    let (xs, xd) = if it.src == it.dst {
        (x_of(it.src), x_of(it.src) + NODE_W)
    } else {
        (x_of(it.src), x_of(it.dst))
    };
    let y = rect.center().y + 6.0;
    let color = arrow_color(&it.label, pal.dark);
    let dir = if xd >= xs { 1.0 } else { -1.0 };
    for (from, to) in [
        (egui::pos2(xs, y), egui::pos2(xd, y)),
        (egui::pos2(xd, y), egui::pos2(xd - dir * 8.0, y - 4.0)),
        (egui::pos2(xd, y), egui::pos2(xd - dir * 8.0, y + 4.0)),
    ] {
        p.line_segment([from, to], Stroke::new(1.5, color));
    }
    p.text(
        egui::pos2((xs + xd) / 2.0, y - 4.0),
        Align2::CENTER_BOTTOM,
        &it.label,
        font.clone(),
        pal.text,
    );
    let (near, far) = if dir > 0.0 {
        (Align2::LEFT_TOP, Align2::RIGHT_TOP)
    } else {
        (Align2::RIGHT_TOP, Align2::LEFT_TOP)
    };
    p.text(
        egui::pos2(xs + dir * 4.0, y + 2.0),
        near,
        it.src_port.to_string(),
        small.clone(),
        pal.line,
    );
    p.text(
        egui::pos2(xd - dir * 4.0, y + 2.0),
        far,
        it.dst_port.to_string(),
        small.clone(),
        pal.line,
    );
    let comment_x = x_of(flow.nodes.len().max(it.src.max(it.dst) + 1)) - NODE_W / 2.0 + 12.0;
    if let Some(ph) = &it.phase {
        p.text(
            egui::pos2(comment_x, rect.top() + 2.0),
            Align2::LEFT_TOP,
            format!("▶ {ph}"),
            small.clone(),
            pal.accent,
        );
    }
    p.text(
        egui::pos2(comment_x, rect.bottom() - 3.0),
        Align2::LEFT_BOTTOM,
        &it.comment,
        font,
        pal.text,
    );
    for (node, state) in &it.states {
        // the first lifeline's state sits left of it, clear of the labels
        let first = fg.slot.get(*node).copied().unwrap_or(*node) == 0;
        p.text(
            egui::pos2(
                x_of(*node) + if first { -4.0 } else { 4.0 },
                rect.top() + 1.0,
            ),
            if first {
                Align2::RIGHT_TOP
            } else {
                Align2::LEFT_TOP
            },
            *state,
            small.clone(),
            state_color(state),
        );
    }
}

fn state_color(state: &str) -> Color32 {
    match state {
        "ESTABLISHED" => super::theme::OK,
        "CLOSED" | "TIME_WAIT" => super::theme::CLOSED,
        _ => super::theme::SELECTION,
    }
}

fn arrow_color(label: &str, dark: bool) -> Color32 {
    match flow::ArrowKind::of(label).rgb() {
        Some([r, g, b]) => Color32::from_rgb(r, g, b),
        None => super::theme::INK.on(dark),
    }
}
