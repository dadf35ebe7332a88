//! Edit ▸ Find Packet (Ctrl+F): a bar under the filter bar, as Wireshark's. The search runs
//! on a worker thread (`find::find`) and selects the packet it finds.

use super::command::Command;
use super::shared::Shared;
use super::worker;
use crate::find::{Kind, Query, Target};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct FindState {
    pub open: bool,
    pub kind: Kind,
    pub target: Target,
    pub text: String,
    pub case_sensitive: bool,
    /// Why the last search could not run, or that it found nothing.
    pub message: Option<String>,
    /// Put the keyboard focus in the text field on the next frame.
    pub focus: bool,
    pending: Option<worker::Pending<Option<u32>>>,
    cancel: Arc<AtomicBool>,
}

impl Default for FindState {
    fn default() -> Self {
        FindState {
            open: false,
            kind: Kind::DisplayFilter,
            target: Target::List,
            text: String::new(),
            case_sensitive: false,
            message: None,
            focus: false,
            pending: None,
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }
}

impl FindState {
    /// Starts a search in `session` from the packet `from` (the previous search, if any,
    /// stops), over the displayed frames `order` (None: all of them), inline when
    /// `headless` (tests).
    pub fn start(
        &mut self,
        session: &crate::session::Session,
        order: Option<Arc<Vec<u32>>>,
        from: Option<u32>,
        forward: bool,
        headless: bool,
        ctx: &egui::Context,
    ) {
        let q = match Query::new(self.kind, self.target, &self.text, self.case_sensitive) {
            Ok(q) => q,
            Err(e) => {
                self.message = Some(e);
                return;
            }
        };
        self.cancel.store(true, Ordering::Relaxed);
        let cancel = Arc::new(AtomicBool::new(false));
        self.cancel = cancel.clone();
        self.message = None;
        match worker::spawn(session, headless, ctx, "find", move |_, an| {
            Ok(crate::find::find(
                an,
                &q,
                order.as_deref().map(|v| v.as_slice()),
                from,
                forward,
                &cancel,
            ))
        }) {
            Ok(p) => self.pending = Some(p),
            Err(e) => self.message = Some(e),
        }
    }

    /// Takes a finished search's answer: the packet it found, or (None) nothing yet, or a
    /// message that nothing matched or why the search stopped.
    pub fn poll(&mut self, lang: crate::i18n::Lang) -> Option<u32> {
        match worker::take(&mut self.pending)? {
            Ok(Some(frame)) => return Some(frame),
            Ok(None) => self.message = Some(lang.tr("find-none")),
            Err(e) => self.message = Some(e),
        }
        None
    }

    pub fn searching(&self) -> bool {
        self.pending.is_some()
    }
}

/// The find bar over its state `f`, reading what all views share and sending commands (a search is
/// started by the shared, on a worker thread).
pub fn find_bar_ui(f: &mut FindState, shared: &Shared, ui: &mut egui::Ui) {
    if !f.open {
        return;
    }
    let mut go = None;
    let mut close = false;
    let lang = shared.lang;
    let kind_name = |k: Kind| {
        lang.tr(match k {
            Kind::DisplayFilter => "find-kind-filter",
            Kind::Hex => "find-kind-hex",
            Kind::Text => "find-kind-string",
            Kind::Regex => "find-kind-regex",
        })
    };
    let target_name = |t: Target| {
        lang.tr(match t {
            Target::List => "find-in-list",
            Target::Details => "find-in-details",
            Target::Bytes => "find-in-bytes",
        })
    };
    ui.horizontal(|ui| {
        ui.label(lang.tr("find-label"));
        egui::ComboBox::from_id_salt("find_kind")
            .selected_text(kind_name(f.kind))
            .show_ui(ui, |ui| {
                for k in Kind::ALL {
                    ui.selectable_value(&mut f.kind, k, kind_name(k));
                }
            });
        let in_where = matches!(f.kind, Kind::Text | Kind::Regex);
        if in_where {
            egui::ComboBox::from_id_salt("find_target")
                .selected_text(target_name(f.target))
                .show_ui(ui, |ui| {
                    for t in Target::ALL {
                        ui.selectable_value(&mut f.target, t, target_name(t));
                    }
                });
            ui.checkbox(&mut f.case_sensitive, lang.tr("find-case"));
        }
        let hint = match f.kind {
            Kind::DisplayFilter => "http.request.method == \"POST\"",
            Kind::Hex => "47 45 54",
            Kind::Text => "User-Agent",
            Kind::Regex => "GET /[a-z]+\\.png",
        };
        let r = ui.add(
            egui::TextEdit::singleline(&mut f.text)
                .id(egui::Id::unique("find_text"))
                .hint_text(hint)
                .desired_width((ui.available_width() - 260.0).max(160.0)),
        );
        if f.focus {
            r.request_focus();
            f.focus = false;
        }
        if r.changed() {
            f.message = None;
        }
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            go = Some(!ui.input(|i| i.modifiers.shift));
            r.request_focus();
        }
        if ui.button(lang.tr("find-next")).clicked() {
            go = Some(true);
        }
        if ui.button(lang.tr("find-previous")).clicked() {
            go = Some(false);
        }
        if f.pending.is_some() {
            ui.spinner();
        }
        if let Some(m) = &f.message {
            ui.colored_label(ui.visuals().warn_fg_color, m);
        }
        if ui.button(lang.tr("dlg-cancel")).clicked()
            || ui.input(|i| i.key_pressed(egui::Key::Escape))
        {
            close = true;
        }
    });
    if close {
        f.open = false;
        f.cancel.store(true, Ordering::Relaxed);
        f.pending = None;
        f.message = None;
    }
    if let Some(forward) = go {
        shared.push(Command::FindNext(forward));
    }
}
