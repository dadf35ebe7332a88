//! The display filter bar: checked as you type (green / red with the error), field-name
//! completion, history, saved filters; applying runs on worker threads with progress.

use super::command::Command;
use super::shared::Shared;
use crate::filter::Filter;
use egui::RichText;
use std::sync::atomic::{AtomicBool, AtomicU32};
use std::sync::mpsc::Receiver;
use std::sync::Arc;

/// A filter being applied on worker threads.
pub struct Running {
    pub text: String,
    /// The matching frames, and how many frames there were when the filter ran.
    pub rx: Receiver<(Vec<u32>, u32)>,
    pub done: Arc<AtomicU32>,
    pub cancel: Arc<AtomicBool>,
}

/// The display filter bar's state. `Default` is the empty state; a window starts from
/// [`FilterState::new`] (with the saved filters' buttons).
#[derive(Default)]
pub struct FilterState {
    pub text: String,
    /// The compile result of `text` (None when empty).
    pub check: Option<Result<(), String>>,
    pub history: Vec<String>,
    pub saved: Vec<(String, String)>,
    pub running: Option<Running>,
    /// A filter to apply once loading has finished.
    pub pending: Option<String>,
    /// During a live capture: the frames up to this one have been filtered; newer frames
    /// are filtered as they arrive, with the applied filter compiled once here.
    pub upto: u32,
    pub live: Option<Filter>,
}

impl FilterState {
    /// The bar as a new window starts it: empty, with the saved filters' buttons.
    pub fn new() -> Self {
        FilterState {
            saved: vec![
                ("HTTP".into(), "http.request || http.response".into()),
                // (names are message ids; a name that is not one shows as it is)
                ("fb-saved-handshakes".into(), "tcp.flags.syn == 1".into()),
                (
                    "fb-saved-teardowns".into(),
                    "tcp.flags.fin == 1 || tcp.flags.reset == 1".into(),
                ),
                (
                    "fb-saved-problems".into(),
                    "tcp.analysis.flags && !tcp.analysis.window_update".into(),
                ),
            ],
            ..Default::default()
        }
    }
}

impl FilterState {
    pub fn set_text(&mut self, t: String) {
        self.text = t;
        self.recheck();
    }

    pub fn recheck(&mut self) {
        self.check = if self.text.trim().is_empty() {
            None
        } else {
            Some(
                Filter::compile(&self.text)
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
            )
        };
    }
}

/// The word being typed at the end of the text, and the fields it could complete to.
pub fn completions(text: &str) -> (usize, Vec<&'static str>) {
    let start = text
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let word = &text[start..];
    if word.len() < 2 || word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return (start, Vec::new());
    }
    let mut v: Vec<&'static str> = crate::dissect::fields::all()
        .iter()
        .map(|f| f.abbrev)
        .filter(|a| a.starts_with(word) && *a != word && !a.starts_with('_'))
        .collect();
    v.sort_by_key(|a| (a.matches('.').count(), a.len()));
    v.truncate(8);
    (start, v)
}

/// The display filter bar over its state `f`, reading what all views share and sending commands.
pub fn filter_bar_ui(f: &mut FilterState, shared: &Shared, ui: &mut egui::Ui) {
    let lang = shared.lang;
    let mut cmds = Vec::new();
    let dark = shared.dark;
    ui.horizontal(|ui| {
        ui.label(lang.tr("fb-filter"));
        let mut te = egui::TextEdit::singleline(&mut f.text)
            .id(egui::Id::unique("display_filter"))
            .hint_text(lang.tr("fb-placeholder"))
            .desired_width((ui.available_width() - 520.0).max(200.0));
        te = super::theme::verdict_field(te, f.check.as_ref().map(|c| c.is_ok()), dark);
        let r = ui.add(te);
        if r.changed() {
            f.recheck();
        }
        if ui.input(|i| i.modifiers.command && i.key_pressed(egui::Key::Slash)) {
            r.request_focus();
        }
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if enter {
            cmds.push(Command::ApplyFilter(f.text.clone()));
            // the bar keeps the keyboard, to edit the filter again
            r.request_focus();
        }
        // completion of the field name being typed
        let mut completing = false;
        if r.has_focus() {
            let (start, c) = completions(&f.text);
            completing = !c.is_empty();
            if !c.is_empty() {
                egui::Area::new(egui::Id::unique("filter_completion"))
                    .fixed_pos(r.rect.left_bottom())
                    .order(egui::Order::Foreground)
                    .show(ui.ctx(), |ui| {
                        egui::Frame::popup(ui.style()).show(ui, |ui| {
                            ui.set_min_width(280.0);
                            for s in c {
                                if ui
                                    .add(
                                        egui::Button::selectable(false, s)
                                            .wrap_mode(egui::TextWrapMode::Extend),
                                    )
                                    .clicked()
                                {
                                    let mut t = f.text[..start].to_string();
                                    t.push_str(s);
                                    f.set_text(t);
                                    r.request_focus();
                                }
                            }
                        });
                    });
            }
        }
        // the error floats under the field (a line in the layout would push the list down
        // and up while typing)
        if let (Some(Err(e)), false) = (&f.check, completing) {
            egui::Area::new(egui::Id::unique("filter_error"))
                .fixed_pos(r.rect.left_bottom() + egui::vec2(0.0, 2.0))
                .order(egui::Order::Foreground)
                .interactable(false)
                .show(ui.ctx(), |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.add(
                            egui::Label::new(RichText::new(e).color(super::theme::ERROR)).extend(),
                        );
                    });
                });
        }
        if ui
            .button("✕")
            .on_hover_text(lang.tr("fb-clear-hint"))
            .clicked()
        {
            cmds.push(Command::ClearFilter);
        }
        if ui
            .add_enabled(
                matches!(f.check, Some(Ok(())) | None),
                egui::Button::new(lang.tr("fb-apply")),
            )
            .clicked()
        {
            cmds.push(Command::ApplyFilter(f.text.clone()));
        }
        ui.menu_button(lang.tr("fb-history"), |ui| {
            if f.history.is_empty() {
                ui.label(lang.tr("fb-none-yet"));
            }
            for h in f.history.clone() {
                if ui.button(&h).clicked() {
                    cmds.push(Command::ApplyFilter(h));
                    ui.close();
                }
            }
        });
        for (name, text) in f.saved.clone() {
            if ui
                .small_button(lang.tr(&name))
                .on_hover_text(&text)
                .clicked()
            {
                cmds.push(Command::ApplyFilter(text));
            }
        }
    });
    shared.commands.extend(cmds);
}

/// A filter expression for a tree field with its value, as Apply as Filter writes it.
pub fn field_filter(n: &crate::dissect::Node) -> Option<String> {
    use crate::dissect::Value;
    if n.abbrev().is_empty() || n.abbrev().starts_with('_') {
        return None;
    }
    let v = match &n.value {
        Value::None | Value::Slice => return Some(n.abbrev().to_string()),
        Value::Str(s) => format!(
            "\"{}\"",
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\r', "\\r")
                .replace('\n', "\\n")
        ),
        Value::Bool(b) => (if *b { "1" } else { "0" }).to_string(),
        Value::Bytes(b) if b.is_empty() => return Some(n.abbrev().to_string()),
        Value::Bytes(b) => b
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect::<Vec<_>>()
            .join(":"),
        Value::RelTime(_) | Value::AbsTime(_) => return Some(n.abbrev().to_string()),
        v => v.to_fields_string(),
    };
    Some(format!("{} == {v}", n.abbrev()))
}
