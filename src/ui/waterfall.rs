//! Statistics ▸ HTTP ▸ Waterfall: one row per request over time, as a browser's network panel
//! draws a page load — connect (grey), wait for the first byte (amber), receive (blue); a
//! dot marks a connection reused from an earlier request. Click a row to select its request.

use super::app::{Command, FathomApp};
use crate::stats::waterfall::{self, Request};
use egui::{Align2, Color32, FontId, Rect, Sense, Stroke, StrokeKind};

pub struct WaterfallState {
    pub rows: Option<Vec<Request>>,
    loading: Option<super::worker::Pending<Vec<Request>>>,
    pub open: bool,
}

const ROW_H: f32 = 22.0;
const LABEL_W: f32 = 300.0;
pub const CONNECT: Color32 = Color32::from_rgb(150, 150, 150);
pub const WAIT: Color32 = Color32::from_rgb(240, 170, 40);
pub const RECEIVE: Color32 = Color32::from_rgb(50, 120, 210);

pub fn load(app: &mut FathomApp, ctx: &egui::Context) {
    let Some(s) = &app.session else { return };
    let job = |_: &crate::capture::file::CaptureFile, an: &crate::analysis::Analysis| {
        Ok(waterfall::requests(an))
    };
    match super::worker::spawn(s, app.headless, ctx, "fathom-waterfall", job) {
        Ok(rx) => {
            app.waterfall = Some(WaterfallState {
                rows: None,
                loading: Some(rx),
                open: true,
            })
        }
        Err(e) => app.notice = Some(e),
    }
}

/// The accessible name of a row (what tests and screen readers find).
pub fn row_name(r: &Request) -> String {
    format!("{} {}{} — frame {}", r.method, r.host, r.uri, r.frame)
}

pub fn waterfall_ui(app: &mut FathomApp, ctx: &egui::Context) {
    let selected = app.selected;
    let dark = app.dark;
    let mut cmds_err = None;
    let Some(w) = app.waterfall.as_mut() else {
        return;
    };
    if let Some(rx) = &w.loading {
        if let Ok(r) = rx.try_recv() {
            w.loading = None;
            match r {
                Ok(rows) => w.rows = Some(rows),
                Err(e) => {
                    w.rows = Some(Vec::new());
                    cmds_err = Some(e);
                }
            }
        }
    }
    let mut open = w.open;
    let mut cmds = Vec::new();
    let text = if dark {
        Color32::from_gray(220)
    } else {
        Color32::from_gray(30)
    };
    egui::Window::new("HTTP Waterfall")
        .id(egui::Id::unique("waterfall_window"))
        .open(&mut open)
        .default_size([900.0, 420.0])
        .resizable(true)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                for (c, name) in [
                    (CONNECT, "connect"),
                    (WAIT, "wait (request → first byte)"),
                    (RECEIVE, "receive"),
                ] {
                    ui.colored_label(c, "■");
                    ui.label(name);
                }
                ui.label("● connection reused");
            });
            let Some(rows) = &w.rows else {
                ui.spinner();
                return;
            };
            if rows.is_empty() {
                ui.label("No HTTP requests in this capture.");
                return;
            }
            let start = rows
                .iter()
                .map(|r| r.connect_start.unwrap_or(r.sent))
                .fold(f64::INFINITY, f64::min);
            let end = rows
                .iter()
                .map(|r| r.done.or(r.first_byte).unwrap_or(r.sent))
                .fold(start, f64::max);
            let span = (end - start).max(1e-6);
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show_rows(ui, ROW_H, rows.len(), |ui, range| {
                    for r in &rows[range] {
                        let width = ui.available_width().max(LABEL_W + 100.0);
                        let (rect, resp) =
                            ui.allocate_exact_size(egui::vec2(width, ROW_H), Sense::click());
                        let name = row_name(r);
                        resp.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, &name)
                        });
                        let p = ui.painter_at(rect);
                        let is_sel =
                            selected.is_some_and(|s| s == r.frame || Some(s) == r.response_frame);
                        if is_sel || resp.hovered() {
                            p.rect_filled(
                                rect,
                                2.0,
                                ui.visuals().selection.bg_fill.gamma_multiply(if is_sel {
                                    0.6
                                } else {
                                    0.25
                                }),
                            );
                        }
                        let label = format!(
                            "{}{} {}{}",
                            if r.reused { "● " } else { "  " },
                            r.method,
                            r.uri,
                            if r.status != 0 {
                                format!("  {}", r.status)
                            } else {
                                String::new()
                            }
                        );
                        p.text(
                            rect.left_center() + egui::vec2(4.0, 0.0),
                            Align2::LEFT_CENTER,
                            truncate(&label, 44),
                            FontId::proportional(13.0),
                            text,
                        );
                        let x0 = rect.left() + LABEL_W;
                        let wbar = rect.width() - LABEL_W - 70.0;
                        let x = |t: f64| x0 + ((t - start) / span) as f32 * wbar;
                        let bar = |a: f64, b: f64, c: Color32| {
                            let (xa, xb) = (x(a), x(b).max(x(a) + 2.0));
                            p.rect_filled(
                                Rect::from_min_max(
                                    egui::pos2(xa, rect.top() + 5.0),
                                    egui::pos2(xb, rect.bottom() - 5.0),
                                ),
                                1.0,
                                c,
                            );
                        };
                        if let Some(c) = r.connect_start {
                            bar(c, r.sent, CONNECT);
                        }
                        let fb = r.first_byte.unwrap_or(r.sent);
                        bar(r.sent, fb, WAIT);
                        if let Some(d) = r.done {
                            bar(fb, d, RECEIVE);
                        }
                        let total = r.done.unwrap_or(fb) - r.connect_start.unwrap_or(r.sent);
                        p.text(
                            egui::pos2(rect.right() - 4.0, rect.center().y),
                            Align2::RIGHT_CENTER,
                            if total < 0.001 {
                                format!("{:.0} µs", total * 1e6)
                            } else {
                                format!("{:.1} ms", total * 1000.0)
                            },
                            FontId::proportional(12.0),
                            text,
                        );
                        p.rect_stroke(rect, 0.0, Stroke::NONE, StrokeKind::Inside);
                        if resp.clicked() {
                            cmds.push(Command::Select(r.frame));
                        }
                        resp.on_hover_text(format!(
                            "{}\nrequest in frame {}{}",
                            name,
                            r.frame,
                            r.response_frame
                                .map(|f| format!(", response in frame {f}"))
                                .unwrap_or_default()
                        ));
                    }
                });
        });
    w.open = open;
    if !open {
        app.waterfall = None;
    }
    if let Some(e) = cmds_err {
        app.notice = Some(e);
    }
    app.commands.extend(cmds);
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let t: String = s.chars().take(n - 1).collect();
        format!("{t}…")
    }
}
