//! Statistics ▸ Flow Graph: the TCP conversation as a sequence diagram. The flow is built on a
//! worker thread; only the visible arrows are drawn; a click selects the packet and the
//! selected packet's arrow is highlighted and scrolled into view.

use super::app::{Command, FathomApp};
use crate::flow::{self, Flow};
use egui::{Align2, Color32, FontId, Sense, Stroke};
use std::sync::mpsc::Receiver;
use std::sync::Arc;

/// What "Save as" writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Svg,
    Png,
    Text,
}

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
pub fn load(app: &mut FathomApp, ctx: &egui::Context) {
    let (Some(s), Some(fg)) = (&app.session, &mut app.flow_graph) else {
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
    if let Err(e) = super::worker::start("fathom-flow", app.headless, work) {
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

pub fn flow_graph_ui(app: &mut FathomApp, ctx: &egui::Context) {
    let selected = app.selected;
    let dark = app.dark;
    let lang = app.explain.lang;
    let mut open = true;
    let mut select = None;
    let mut save = None;
    // with "Limit to display filter", the arrows of the displayed packets only
    // with "Limit to display filter", the arrows of the displayed packets only; worked out
    // again only when the list's filter or length changes
    let key = (
        app.filter.applied.clone(),
        super::packet_list::displayed(app),
    );
    let stale = app.flow_graph.as_ref().is_some_and(|f| {
        f.limit && f.flow.is_some() && f.shown.as_ref().is_none_or(|(k, _)| *k != key)
    });
    if stale {
        let v: Vec<usize> = app
            .flow_graph
            .as_ref()
            .and_then(|f| f.flow.as_ref())
            .map(|flow| {
                flow.items
                    .iter()
                    .enumerate()
                    .filter(|(_, it)| super::packet_list::row_of(app, it.frame).is_some())
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default();
        if let Some(f) = app.flow_graph.as_mut() {
            f.shown = Some((key, Arc::new(v)));
        }
    }
    let shown: Option<Arc<Vec<usize>>> = app
        .flow_graph
        .as_ref()
        .filter(|f| f.limit)
        .and_then(|f| f.shown.as_ref())
        .map(|(_, v)| v.clone());
    let Some(fg) = app.flow_graph.as_mut() else {
        return;
    };
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
    let mut reload = false;
    let mut moves: Option<(usize, usize)> = None;
    let fg_color = if dark {
        Color32::from_gray(220)
    } else {
        Color32::from_gray(30)
    };
    let line_color = if dark {
        Color32::from_gray(90)
    } else {
        Color32::from_gray(170)
    };
    let accent = if dark {
        Color32::from_rgb(240, 180, 80)
    } else {
        Color32::from_rgb(170, 90, 0)
    };
    let (size, max) = super::theme::fit(ctx, [760.0, 560.0]);
    egui::Window::new(title)
        .id(egui::Id::unique("flow_graph_window"))
        .open(&mut open)
        .default_size(size)
        .max_size(max)
        .resizable(true)
        .show(ctx, |ui| {
            if let Some(e) = &fg.error {
                ui.colored_label(Color32::from_rgb(200, 60, 60), e);
                return;
            }
            let Some(flow) = &fg.flow else {
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
            ui.horizontal(|ui| {
                if fg.stream.is_none() {
                    ui.label(lang.tr("flow-type"));
                    if ui.radio(!fg.any, lang.tr("flow-tcp-only")).clicked() && fg.any {
                        fg.any = false;
                        reload = true;
                    }
                    if ui.radio(fg.any, lang.tr("flow-all")).clicked() && !fg.any {
                        fg.any = true;
                        reload = true;
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
                    save = Some(Export::Png);
                }
                if ui.button(lang.tr("flow-save-svg")).clicked() {
                    save = Some(Export::Svg);
                }
                if ui.button(lang.tr("flow-save-text")).clicked() {
                    save = Some(Export::Text);
                }
            });
            let font = FontId::monospace(12.0);
            let small = FontId::monospace(10.5);
            // lifeline names
            let (head, _) =
                ui.allocate_exact_size(egui::vec2(ui.available_width(), 22.0), Sense::hover());
            let slot = fg.slot.clone();
            let slot_of = |i: usize| slot.get(i).copied().unwrap_or(i);
            let node_x = |left: f32, i: usize| left + TIME_W + NODE_W * (slot_of(i) as f32 + 0.5);
            ui.painter().text(
                egui::pos2(head.left() + 4.0, head.center().y),
                Align2::LEFT_CENTER,
                lang.tr("col-time"),
                font.clone(),
                fg_color,
            );
            let names = ui.painter_at(head.with_min_x(head.left() + TIME_W - 20.0));
            for (i, n) in flow.nodes.iter().enumerate() {
                let x = node_x(head.left() - fg.h_offset, i);
                names.text(
                    egui::pos2(x, head.center().y),
                    Align2::CENTER_CENTER,
                    n,
                    font.clone(),
                    fg_color,
                );
                // ◀ ▶ move the address one column left or right
                for (dx, arrow, word, step) in [
                    (-(NODE_W / 2.0) + 10.0, "◀", "left", -1isize),
                    (NODE_W / 2.0 - 10.0, "▶", "right", 1),
                ] {
                    let target = slot_of(i) as isize + step;
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
                    let resp =
                        ui.interact(r, ui.scope_id().with(("move", i, word)), Sense::click());
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
                    let c = if resp.hovered() { accent } else { line_color };
                    names.text(r.center(), Align2::CENTER_CENTER, arrow, small.clone(), c);
                    if resp.clicked() {
                        moves = Some((i, target as usize));
                    }
                }
            }
            // scroll the selected packet's arrow into view when the selection changes
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
            let out = scroll.show_rows(ui, ROW_H, rows, |ui, range| {
                for row in range {
                    let i = shown.as_ref().map_or(row, |v| v[row]);
                    let Some(it) = flow.items.get(i) else {
                        continue;
                    };
                    let width = (TIME_W + NODE_W * flow.nodes.len() as f32 + 220.0)
                        .max(ui.available_width());
                    let (rect, resp) =
                        ui.allocate_exact_size(egui::vec2(width, ROW_H), Sense::click());
                    // (named only when asked: by the accessibility tree or a click, not in
                    // every frame for every visible row)
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
                    for i in 0..flow.nodes.len() {
                        let x = node_x(rect.left(), i);
                        p.line_segment(
                            [egui::pos2(x, rect.top()), egui::pos2(x, rect.bottom())],
                            Stroke::new(1.0, line_color),
                        );
                    }
                    p.text(
                        egui::pos2(rect.left() + 4.0, rect.center().y),
                        Align2::LEFT_CENTER,
                        format!("{:.6}", it.time_rel),
                        font.clone(),
                        fg_color,
                    );
                    let (xs, xd) = if it.src == it.dst {
                        (
                            node_x(rect.left(), it.src),
                            node_x(rect.left(), it.src) + NODE_W,
                        )
                    } else {
                        (node_x(rect.left(), it.src), node_x(rect.left(), it.dst))
                    };
                    let y = rect.center().y + 6.0;
                    let color = arrow_color(&it.label, dark);
                    p.line_segment(
                        [egui::pos2(xs, y), egui::pos2(xd, y)],
                        Stroke::new(1.5, color),
                    );
                    let dir = if xd >= xs { 1.0 } else { -1.0 };
                    p.line_segment(
                        [egui::pos2(xd, y), egui::pos2(xd - dir * 8.0, y - 4.0)],
                        Stroke::new(1.5, color),
                    );
                    p.line_segment(
                        [egui::pos2(xd, y), egui::pos2(xd - dir * 8.0, y + 4.0)],
                        Stroke::new(1.5, color),
                    );
                    p.text(
                        egui::pos2((xs + xd) / 2.0, y - 4.0),
                        Align2::CENTER_BOTTOM,
                        &it.label,
                        font.clone(),
                        fg_color,
                    );
                    p.text(
                        egui::pos2(xs + dir * 4.0, y + 2.0),
                        if dir > 0.0 {
                            Align2::LEFT_TOP
                        } else {
                            Align2::RIGHT_TOP
                        },
                        it.src_port.to_string(),
                        small.clone(),
                        line_color,
                    );
                    p.text(
                        egui::pos2(xd - dir * 4.0, y + 2.0),
                        if dir > 0.0 {
                            Align2::RIGHT_TOP
                        } else {
                            Align2::LEFT_TOP
                        },
                        it.dst_port.to_string(),
                        small.clone(),
                        line_color,
                    );
                    let comment_x =
                        node_x(rect.left(), flow.nodes.len().max(it.src.max(it.dst) + 1))
                            - NODE_W / 2.0
                            + 12.0;
                    if let Some(ph) = &it.phase {
                        p.text(
                            egui::pos2(comment_x, rect.top() + 2.0),
                            Align2::LEFT_TOP,
                            format!("▶ {ph}"),
                            small.clone(),
                            accent,
                        );
                    }
                    p.text(
                        egui::pos2(comment_x, rect.bottom() - 3.0),
                        Align2::LEFT_BOTTOM,
                        &it.comment,
                        font.clone(),
                        fg_color,
                    );
                    // connection states that change here, beside their lifeline
                    for (node, state) in &it.states {
                        p.text(
                            egui::pos2(
                                node_x(rect.left(), *node)
                                    + if slot_of(*node) == 0 { -4.0 } else { 4.0 },
                                rect.top() + 1.0,
                            ),
                            // the first lifeline's state sits left of it, clear of the labels
                            if slot_of(*node) == 0 {
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
            });
            // the lifeline names follow the horizontal scroll on the next frame
            if (out.state.clamped_offset().x - fg.h_offset).abs() > 0.5 {
                fg.h_offset = out.state.clamped_offset().x;
                ui.ctx().request_repaint();
            }
        });
    if let Some(f) = select {
        app.push(Command::Select(f));
    }
    if let Some(export) = save {
        app.push(Command::SaveFlow(export));
    }
    if let (Some((node, target)), Some(fg)) = (moves, app.flow_graph.as_mut()) {
        // swap with the address that holds the target column
        if let Some(other) = fg.slot.iter().position(|&s| s == target) {
            fg.slot.swap(node, other);
        }
    }
    if !open {
        app.flow_graph = None;
    } else if reload {
        load(app, ctx);
    }
}

fn state_color(state: &str) -> Color32 {
    match state {
        "ESTABLISHED" => Color32::from_rgb(40, 150, 70),
        "CLOSED" | "TIME_WAIT" => Color32::from_rgb(150, 80, 200),
        _ => Color32::from_rgb(60, 120, 220),
    }
}

fn arrow_color(label: &str, dark: bool) -> Color32 {
    match flow::ArrowKind::of(label).rgb() {
        Some([r, g, b]) => Color32::from_rgb(r, g, b),
        None if dark => Color32::from_gray(200),
        None => Color32::from_gray(60),
    }
}
