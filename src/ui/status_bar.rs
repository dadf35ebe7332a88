//! The status bar: file, packet counts, load progress (with Cancel), load time, warnings and
//! the expert indicator.

use super::command::Command;
use super::filter_bar::FilterState;
use super::save_dialog::SaveState;
use super::shared::Shared;
use crate::analysis::tcp as ta;
use egui::RichText;
use std::sync::atomic::Ordering;

/// The status bar's count of frames with TCP analysis warnings, kept up to date as frames
/// come: for which analysis, how many TCP frames were counted, and whether the load had ended.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExpertCount {
    pub key: usize,
    pub scanned: usize,
    pub count: usize,
    pub done: bool,
    /// Frames the analysis had then.
    pub frames: usize,
}

/// The work going on elsewhere that the status bar reports.
pub struct Work<'a> {
    pub save: &'a SaveState,
    pub filter: &'a FilterState,
    /// The packet list is being sorted.
    pub sorting: bool,
}

pub fn status_bar_ui(shared: &Shared, work: &Work, count: &mut ExpertCount, ui: &mut egui::Ui) {
    use crate::i18n::ArgValue::{Num as N, Text as T};
    let lang = shared.lang;
    let tra = move |id: &str, args: &[(&str, crate::i18n::ArgValue)]| {
        crate::i18n::tr_args(lang, id, args)
    };
    ui.horizontal(|ui| {
        // without a capture open, the welcome screen shows the error in full
        if let (Some(e), Some(_)) = (&shared.error, &shared.session) {
            ui.label(RichText::new(format!("⚠ {e}")).color(super::theme::ERROR));
        }
        let Some(s) = &shared.session else {
            if shared.error.is_none() {
                ui.weak(lang.tr("sb-ready"));
            }
            return;
        };
        // (a loader holding the analysis longer than a frame's budget leaves this frame to
        // the counts last read)
        let Some(an) = s.read_within(std::time::Duration::from_millis(15)) else {
            ui.ctx().request_repaint();
            ui.label(tra("sb-loading", &[("frames", N(count.frames as u64))]));
            return;
        };
        let experts = count_experts(count, s, &an);
        let name = s
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let expert_color = if experts > 0 {
            super::theme::WARNING
        } else {
            super::theme::OK
        };
        // the indicator opens Expert Information, as Wireshark's does
        let loaded = !s.is_loading();
        let expert_info = Command::Stats(super::command::StatKind::Expert);
        if ui
            .add(
                egui::Label::new(RichText::new("●").color(expert_color))
                    .sense(egui::Sense::click()),
            )
            .on_hover_text(tra("sb-expert-tip", &[("count", experts.into())]))
            .clicked()
            && loaded
        {
            shared.push(expert_info.clone());
        }
        // a selected field takes the file name's place, as in Wireshark: its name, abbrev,
        // bytes and the filter that selects it
        let field = shared.detail.as_ref().and_then(|d| {
            let path = shared.selected_field.as_ref()?;
            let node = super::detail_tree::node_at(&d.dis.tree, path)?;
            (!node.abbrev().is_empty()).then(|| super::detail_tree::field_summary(node, lang))
        });
        match field {
            Some(f) => ui.label(RichText::new(f).monospace()),
            None => ui.label(name),
        };
        ui.separator();
        let n = an.frames.len();
        let shown = shared.display.rows(n);
        ui.label(tra(
            "sb-packets",
            &[
                ("packets", N(n as u64)),
                ("shown", N(shown as u64)),
                (
                    "percent",
                    T(format!(
                        "{:.1}",
                        if n > 0 {
                            100.0 * shown as f64 / n as f64
                        } else {
                            0.0
                        }
                    )),
                ),
            ],
        ));
        match &s.live {
            Some(l) => live_ui(ui, shared, s, l, work.save.unsaved, n),
            None => load_ui(ui, shared, s),
        }
        if let Some(w) = &an.warning {
            ui.separator();
            ui.label(RichText::new(format!("⚠ {w}")).color(super::theme::WARNING));
        }
        work_ui(ui, shared, work, n);
        if experts > 0 {
            ui.separator();
            if ui
                .link(tra("sb-expert", &[("count", N(experts as u64))]))
                .on_hover_text(lang.tr("sb-expert-hint"))
                .clicked()
                && loaded
            {
                shared.push(expert_info);
            }
        }
    });
}

/// The number of frames with TCP analysis warnings, counted as frames come (not over every
/// frame each time the bar is drawn), and once more over all when the load ends.
fn count_experts(
    c: &mut ExpertCount,
    s: &crate::session::Session,
    an: &crate::analysis::Analysis,
) -> usize {
    let warn_level = ta::A_RETRANSMISSION
        | ta::A_FAST_RETRANSMISSION
        | ta::A_SPURIOUS_RETRANSMISSION
        | ta::A_OUT_OF_ORDER
        | ta::A_LOST_PACKET
        | ta::A_ACK_LOST_PACKET
        | ta::A_ZERO_WINDOW
        | ta::A_WINDOW_FULL
        | ta::A_DUPLICATE_ACK;
    // counted as frames come (not over every frame each time the bar is drawn), and once
    // more over all when the load ends
    let key = std::sync::Arc::as_ptr(&s.analysis) as usize;
    let done = !s.is_loading();
    if c.key != key || c.scanned > an.tcp_frames.len() || (done && !c.done) {
        *c = ExpertCount {
            key,
            done,
            ..Default::default()
        };
    }
    c.count += an
        .tcp_frames
        .get(c.scanned..)
        .unwrap_or_default()
        .iter()
        .filter(|t| t.flags & warn_level != 0)
        .count();
    c.scanned = an.tcp_frames.len();
    c.frames = an.frames.len();
    c.count
}

/// A live capture's state and counts, and an error that stopped it.
fn live_ui(
    ui: &mut egui::Ui,
    shared: &Shared,
    s: &crate::session::Session,
    l: &crate::session::Live,
    unsaved: bool,
    n: usize,
) {
    let lang = shared.lang;
    let tra =
        |id: &str, args: &[(&str, crate::i18n::ArgValue)]| crate::i18n::tr_args(lang, id, args);
    ui.separator();
    let st = &l.status;
    let dur = l.duration().as_secs();
    let capturing = s.is_capturing();
    if capturing {
        ui.label(RichText::new(lang.tr("sb-capturing")).color(super::theme::ERROR));
    } else {
        ui.label(lang.tr("sb-capture-stopped"));
    }
    ui.label(tra(
        "sb-live-counts",
        &[
            (
                "captured",
                st.captured.load(Ordering::Relaxed).max(n as u64).into(),
            ),
            ("kernel", st.dropped.load(Ordering::Relaxed).into()),
            ("interface", st.if_dropped.load(Ordering::Relaxed).into()),
            (
                "time",
                format!("{:02}:{:02}:{:02}", dur / 3600, dur / 60 % 60, dur % 60).into(),
            ),
        ],
    ));
    if capturing && !st.started.load(Ordering::Relaxed) {
        ui.spinner();
    }
    if !capturing && unsaved && n > 0 {
        ui.label(RichText::new(lang.tr("sb-unsaved")).italics());
    }
    if let Some(e) = l.error() {
        ui.separator();
        ui.label(
            RichText::new(format!("⚠ {}", e.lines().next().unwrap_or_default()))
                .color(super::theme::ERROR),
        )
        .on_hover_text(e);
    }
}

/// A file's load: its progress with Cancel, else the time it took.
fn load_ui(ui: &mut egui::Ui, shared: &Shared, s: &crate::session::Session) {
    use crate::i18n::ArgValue::Text as T;
    let lang = shared.lang;
    let tra =
        |id: &str, args: &[(&str, crate::i18n::ArgValue)]| crate::i18n::tr_args(lang, id, args);
    if s.is_loading() {
        ui.separator();
        ui.add(
            egui::ProgressBar::new(s.progress())
                .desired_width(160.0)
                .show_percentage(),
        );
        if ui.button(lang.tr("sb-cancel")).clicked() {
            shared.push(Command::CancelLoad);
        }
    } else if let Some(t) = *s.status.elapsed.lock().unwrap_or_else(|p| p.into_inner()) {
        ui.separator();
        ui.label(tra(
            "sb-load-time",
            &[("secs", T(format!("{:.3}", t.as_secs_f64())))],
        ));
        if s.status.cancel.load(Ordering::Relaxed) {
            ui.label(RichText::new(lang.tr("sb-load-cancelled")).italics());
        }
    }
}

/// Work going on over the `n` frames: saving, filtering, sorting; and the applied filter.
fn work_ui(ui: &mut egui::Ui, shared: &Shared, work: &Work, n: usize) {
    use crate::i18n::ArgValue::Text as T;
    let lang = shared.lang;
    let tra =
        |id: &str, args: &[(&str, crate::i18n::ArgValue)]| crate::i18n::tr_args(lang, id, args);
    if let Some((done, total)) = work.save.progress() {
        ui.separator();
        ui.add(
            egui::ProgressBar::new(done as f32 / total.max(1) as f32)
                .desired_width(120.0)
                .text(lang.tr("sb-saving")),
        );
    }
    if let Some(r) = &work.filter.running {
        ui.separator();
        let p = r.done.load(Ordering::Relaxed) as f32 / n.max(1) as f32;
        ui.add(
            egui::ProgressBar::new(p.min(1.0))
                .desired_width(120.0)
                .text(tra(
                    "sb-filtering",
                    &[("percent", T(format!("{:.0}", p.min(1.0) * 100.0)))],
                )),
        );
    }
    if work.filter.pending.is_some() {
        ui.separator();
        ui.label(lang.tr("sb-filter-pending"));
    }
    if let Some(f) = &shared.display.filter {
        ui.separator();
        ui.label(RichText::new(tra("sb-filter", &[("filter", T(f.to_string()))])).italics());
    }
    if work.sorting {
        ui.separator();
        ui.spinner();
        ui.label(lang.tr("sb-sorting"));
    }
}
