//! Statistics ▸ HTTP ▸ Waterfall: one row per request over time, as a browser's network panel
//! draws a page load — connect (grey), wait for the first byte (amber), receive (blue); a
//! dot marks a connection reused from an earlier request. Click a row to select its request.
//! A time axis runs above the rows; Ctrl+scroll (or pinch) over the bars zooms around the
//! pointer, dragging the axis or scrolling sideways pans, and the buttons zoom or reset.

use super::command::Command;
use super::shared::Shared;
use crate::stats::waterfall::{self, Request};
use egui::{Align2, Color32, FontId, Rect, Sense, Stroke, StrokeKind};

pub struct WaterfallState {
    pub rows: Option<Vec<Request>>,
    loading: Option<super::worker::Pending<Vec<Request>>>,
    pub open: bool,
    /// The time range shown (seconds since the capture's start); `None` shows every request.
    pub view: Option<(f64, f64)>,
}

/// The span shown after zooming `view` by `factor` (> 1 zooms in) around time `at`, kept
/// inside `whole` and no narrower than a microsecond.
pub fn zoomed(view: (f64, f64), whole: (f64, f64), factor: f64, at: f64) -> (f64, f64) {
    let span = ((view.1 - view.0) / factor.max(1e-3)).clamp(1e-6, whole.1 - whole.0);
    let at = at.clamp(view.0, view.1);
    let rel = if view.1 > view.0 {
        (at - view.0) / (view.1 - view.0)
    } else {
        0.5
    };
    panned((at - rel * span, at - rel * span + span), whole, 0.0)
}

/// `view` moved by `by` seconds, kept inside `whole`.
pub fn panned(view: (f64, f64), whole: (f64, f64), by: f64) -> (f64, f64) {
    let span = (view.1 - view.0).min(whole.1 - whole.0);
    let a = (view.0 + by).clamp(whole.0, whole.1 - span);
    (a, a + span)
}

/// Tick marks for an axis over `view`: a step of 1, 2 or 5 × 10ⁿ seconds giving about
/// `count` ticks, and the ticks' times.
pub fn ticks(view: (f64, f64), count: f64) -> (f64, Vec<f64>) {
    let span = (view.1 - view.0).max(1e-9);
    let raw = span / count.max(1.0);
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (view.0 / step).ceil() * step;
    let v = (0..)
        .map(|i| first + i as f64 * step)
        .take_while(|t| *t <= view.1 + step * 1e-9)
        .take(100)
        .collect();
    (step, v)
}

/// A time on the axis, in units that suit the step.
pub fn tick_label(t: f64, step: f64) -> String {
    if step >= 1.0 {
        format!("{t:.0} s")
    } else if step >= 1e-3 {
        let dec = (-(step * 1e3).log10().floor()).max(0.0) as usize;
        format!("{:.*} ms", dec, t * 1e3)
    } else {
        let dec = (-(step * 1e6).log10().floor()).max(0.0) as usize;
        format!("{:.*} µs", dec, t * 1e6)
    }
}

const ROW_H: f32 = 22.0;
const LABEL_W: f32 = 300.0;
pub use super::theme::{CONNECT, RECEIVE, WAIT};

/// The window's state with the requests gathered on a worker thread, or why they cannot be.
pub fn load(shared: &Shared, ctx: &egui::Context) -> Result<WaterfallState, String> {
    let s = shared.session.as_ref().ok_or("no capture is open")?;
    let job = |_: &crate::capture::file::CaptureFile, an: &crate::analysis::Analysis| {
        Ok(waterfall::requests(an))
    };
    let rx = super::worker::spawn(s, shared.headless, ctx, "fathom-waterfall", job)?;
    Ok(WaterfallState {
        rows: None,
        loading: Some(rx),
        open: true,
        view: None,
    })
}

/// The accessible name of a row (what tests and screen readers find).
pub fn row_name(r: &Request) -> String {
    format!("{} {}{} — frame {}", r.method, r.host, r.uri, r.frame)
}

/// The Waterfall window over its state `w`, reading what all views share and sending commands;
/// `false` once the user closed it.
pub fn waterfall_ui(w: &mut WaterfallState, shared: &Shared, ctx: &egui::Context) -> bool {
    let lang = shared.lang;
    if let Some(r) = super::worker::take(&mut w.loading) {
        match r {
            Ok(rows) => w.rows = Some(rows),
            Err(e) => {
                w.rows = Some(Vec::new());
                shared.push(Command::Notice(e));
            }
        }
    }
    let mut open = w.open;
    let text = super::theme::INK.on(shared.dark);
    // (the rows are lent out of the state while the window draws them)
    let rows = w.rows.take();
    egui::Window::new(lang.tr("wf-title"))
        .id(egui::Id::unique("waterfall_window"))
        .open(&mut open)
        .default_size([900.0, 420.0])
        .resizable(true)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                for (c, name) in [
                    (CONNECT, "wf-connect"),
                    (WAIT, "wf-wait"),
                    (RECEIVE, "wf-receive"),
                ] {
                    ui.colored_label(c, "■");
                    ui.label(lang.tr(name));
                }
                ui.label(lang.tr("wf-reused"));
            });
            let Some(rows) = &rows else {
                ui.spinner();
                return;
            };
            if rows.is_empty() {
                ui.label(lang.tr("wf-none"));
                return;
            }
            let first = rows
                .iter()
                .map(|r| r.connect_start.unwrap_or(r.sent))
                .fold(f64::INFINITY, f64::min);
            let last = rows
                .iter()
                .map(|r| r.done.or(r.first_byte).unwrap_or(r.sent))
                .fold(first, f64::max);
            let whole = (first, last.max(first + 1e-6));
            let view = w.view.unwrap_or(whole);
            ui.horizontal(|ui| zoom_buttons_ui(ui, w, view, whole, lang));
            time_axis_ui(ui, w, view, whole, text);
            let (start, span) = (view.0, (view.1 - view.0).max(1e-9));
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show_rows(ui, ROW_H, rows.len(), |ui, range| {
                    for r in &rows[range] {
                        let at = Row { start, span, text };
                        if row_ui(ui, r, &at, shared) {
                            shared.push(Command::Select(r.frame));
                        }
                    }
                });
        });
    w.rows = rows;
    w.open = open;
    open
}

/// Zoom in, out, and back to every request.
fn zoom_buttons_ui(
    ui: &mut egui::Ui,
    w: &mut WaterfallState,
    view: (f64, f64),
    whole: (f64, f64),
    lang: crate::i18n::Lang,
) {
    let mid = (view.0 + view.1) / 2.0;
    if ui.button(lang.tr("wf-zoom-in")).clicked() {
        w.view = Some(zoomed(view, whole, 2.0, mid));
    }
    if ui.button(lang.tr("wf-zoom-out")).clicked() {
        w.view = Some(zoomed(view, whole, 0.5, mid));
    }
    if ui
        .add_enabled(
            w.view.is_some(),
            egui::Button::new(lang.tr("wf-zoom-reset")),
        )
        .clicked()
    {
        w.view = None;
    }
    ui.weak(lang.tr("wf-zoom-hint"));
}

/// The time axis over the bars' columns (dragged, it pans); Ctrl+scroll or a pinch over the
/// bars zooms around the pointer, sideways scrolling pans.
fn time_axis_ui(
    ui: &mut egui::Ui,
    w: &mut WaterfallState,
    view: (f64, f64),
    whole: (f64, f64),
    text: Color32,
) {
    let width = ui.available_width().max(LABEL_W + 100.0);
    let (axis, axis_resp) = ui.allocate_exact_size(egui::vec2(width, 18.0), Sense::drag());
    let x0 = axis.left() + LABEL_W;
    let wbar = (axis.width() - LABEL_W - 70.0).max(10.0);
    let span = (view.1 - view.0).max(1e-9);
    let secs_per_px = span / wbar as f64;
    if axis_resp.dragged() {
        let dx = axis_resp.drag_delta().x as f64;
        w.view = Some(panned(view, whole, -dx * secs_per_px));
    }
    let p = ui.painter_at(axis);
    let (step, ts) = ticks(view, (wbar / 90.0) as f64);
    for t in ts {
        let x = x0 + ((t - view.0) / span) as f32 * wbar;
        p.line_segment(
            [
                egui::pos2(x, axis.bottom() - 4.0),
                egui::pos2(x, axis.bottom()),
            ],
            Stroke::new(1.0, text),
        );
        p.text(
            egui::pos2(x, axis.center().y - 2.0),
            Align2::CENTER_CENTER,
            tick_label(t - whole.0, step),
            FontId::proportional(11.0),
            text,
        );
    }
    let bars = Rect::from_min_max(
        egui::pos2(x0, axis.bottom()),
        egui::pos2(x0 + wbar, ui.max_rect().bottom()),
    );
    if let Some(pos) = ui.ctx().pointer_hover_pos().filter(|p| bars.contains(*p)) {
        let (zoom, dx) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta.x));
        let at = view.0 + ((pos.x - x0) / wbar) as f64 * span;
        if zoom != 1.0 {
            w.view = Some(zoomed(view, whole, zoom as f64, at));
        } else if dx != 0.0 {
            w.view = Some(panned(view, whole, -(dx as f64) * secs_per_px));
        }
    }
}

/// The time range a row's bars are drawn over, and the text colour.
struct Row {
    start: f64,
    span: f64,
    text: Color32,
}

/// One request's row: its label, its connect/wait/receive bars and its total time;
/// `true` when it was clicked.
fn row_ui(ui: &mut egui::Ui, r: &Request, at: &Row, shared: &Shared) -> bool {
    let (start, span, text) = (at.start, at.span, at.text);
    let (selected, lang) = (shared.selected, shared.lang);
    let width = ui.available_width().max(LABEL_W + 100.0);
    let (rect, resp) = ui.allocate_exact_size(egui::vec2(width, ROW_H), Sense::click());
    let name = row_name(r);
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    let p = ui.painter_at(rect);
    let is_sel = selected.is_some_and(|s| s == r.frame || Some(s) == r.response_frame);
    if is_sel || resp.hovered() {
        p.rect_filled(
            rect,
            2.0,
            ui.visuals()
                .selection
                .bg_fill
                .gamma_multiply(if is_sel { 0.6 } else { 0.25 }),
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
    let wbar = (rect.width() - LABEL_W - 70.0).max(10.0);
    let x = |t: f64| x0 + ((t - start) / span) as f32 * wbar;
    // bars outside the zoomed range are cut at its edges
    let bars = p.with_clip_rect(Rect::from_min_max(
        egui::pos2(x0, rect.top()),
        egui::pos2(x0 + wbar, rect.bottom()),
    ));
    let bar = |a: f64, b: f64, c: Color32| {
        let (xa, xb) = (x(a), x(b).max(x(a) + 2.0));
        bars.rect_filled(
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
    let clicked = resp.clicked();
    let frames = match r.response_frame {
        Some(f) => crate::i18n::tr_args(
            lang,
            "wf-tip-answered",
            &[("frame", r.frame.into()), ("response", f.into())],
        ),
        None => crate::i18n::tr_args(lang, "wf-tip", &[("frame", r.frame.into())]),
    };
    resp.on_hover_text(format!("{name}\n{frames}"));
    clicked
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let t: String = s.chars().take(n - 1).collect();
        format!("{t}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_the_pointer_time_in_place_and_stays_inside() {
        let whole = (0.0, 10.0);
        let v = zoomed(whole, whole, 2.0, 2.5);
        assert!((v.1 - v.0 - 5.0).abs() < 1e-9);
        // 2.5 s was a quarter of the way across, and still is
        assert!(((2.5 - v.0) / (v.1 - v.0) - 0.25).abs() < 1e-9);
        // zooming out past the whole capture shows the whole capture
        assert_eq!(zoomed(v, whole, 0.1, 5.0), whole);
        // never narrower than a microsecond
        let tiny = zoomed(whole, whole, 1e12, 1.0);
        assert!(tiny.1 - tiny.0 >= 1e-6 * 0.999);
    }

    #[test]
    fn pan_stops_at_the_ends() {
        let whole = (0.0, 10.0);
        assert_eq!(panned((2.0, 4.0), whole, 1.0), (3.0, 5.0));
        assert_eq!(panned((2.0, 4.0), whole, -5.0), (0.0, 2.0));
        assert_eq!(panned((2.0, 4.0), whole, 50.0), (8.0, 10.0));
    }

    #[test]
    fn ticks_step_in_ones_twos_and_fives() {
        let (step, ts) = ticks((0.0, 1.0), 5.0);
        assert_eq!(step, 0.2);
        assert_eq!(ts.len(), 6);
        let (step, ts) = ticks((0.0123, 0.0187), 4.0);
        assert!((step - 0.002).abs() < 1e-12, "{step}");
        assert!((ts[0] - 0.014).abs() < 1e-12);
        assert_eq!(tick_label(0.014, step), "14 ms");
        assert_eq!(tick_label(0.0000125, 0.0000005), "12.5 µs");
        assert_eq!(tick_label(30.0, 10.0), "30 s");
    }
}
