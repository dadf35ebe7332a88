//! The application: state, the command queue that views write to, menus and shortcuts.
//!
//! Views never change the state directly: they push a [`Command`], and [`FathomApp::ui`]
//! applies the queue once per frame, after drawing.

mod filtering;
mod saving;
mod stats;

use super::command::{Answer, FlowExport};
pub use super::command::{Command, Commands, Help, TimeFormat};
use super::save_dialog::{self, Pending};
use super::settings::Settings;
use super::shared::{Detail, Shared};
use super::status_bar::ExpertCount;
use super::{
    capture_dialog, detail_tree, filter_bar, flow_graph, follow_stream, graphs, hex_view,
    packet_list, stats_window, status_bar, theme, waterfall, welcome,
};
use crate::dissect;
use crate::session::Session;
use egui::{Key, RichText};
use std::path::{Path, PathBuf};

/// Which pane the arrow keys act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    List,
    Tree,
}

pub struct FathomApp {
    /// What every view reads: the capture, the selection, the look, the command queue.
    pub shared: Shared,
    pub list: packet_list::ListState,
    pub filter: filter_bar::FilterState,
    pub find: super::find_bar::FindState,
    pub decode_as: super::decode_as::DecodeAsState,
    /// The packet comment being edited: (frame, text).
    pub comment_edit: Option<(u32, String)>,
    /// The user's colouring rules (before Wireshark's defaults) and their dialog.
    pub coloring_rules: super::coloring::ColoringState,
    pub prefs: super::preferences::PreferencesState,
    /// File ▸ Merge in progress: the merged file, once written.
    pub merging: Option<super::worker::Pending<PathBuf>>,
    pub follow: Option<follow_stream::FollowState>,
    pub flow_graph: Option<flow_graph::FlowGraphState>,
    pub expert_count: ExpertCount,
    pub focus: Focus,
    /// View ▸ Explain and View ▸ Language.
    pub explain: super::explain_pane::ExplainState,
    pub goto: Option<String>,
    pub capture: capture_dialog::CaptureOptions,
    pub save: save_dialog::SaveState,
    /// The session was capturing at the last frame (to notice when a capture ends).
    was_capturing: bool,
    /// A message that needs reading (a capture that stopped on an error), shown in a window.
    pub notice: Option<String>,
    /// Open statistics windows.
    pub stats: Vec<stats_window::StatWindow>,
    pub io_graph: Option<graphs::IoGraphState>,
    pub tcp_graph: Option<graphs::TcpGraphState>,
    pub waterfall: Option<waterfall::WaterfallState>,
    /// Where Export Objects saves without asking (tests and scripts).
    pub export_dir: Option<PathBuf>,
    /// Help ▸ Keyboard Shortcuts or About, when open.
    pub help: Option<Help>,
    /// File ▸ Open, Save As and the other file choices: the system's dialog, else Fathom's.
    pub dialogs: super::file_dialog::Dialogs,
    title: String,
    fonts_installed: bool,
}

/// The extensions File ▸ Open offers as capture files.
const CAPTURE_EXTS: &[&str] = &["pcap", "pcapng", "cap", "gz", "dmp"];

const MAX_RECENT: usize = 10;

/// Draws a window whose state is `Some`: the view changes its state and says whether the
/// window stays open; a closed window's state is dropped.
fn window<S>(slot: &mut Option<S>, view: impl FnOnce(&mut S) -> bool) {
    if let Some(state) = slot {
        if !view(state) {
            *slot = None;
        }
    }
}

impl Default for FathomApp {
    fn default() -> Self {
        // what the window remembers starts from the settings' own defaults
        let saved = Settings::default();
        let mut app = FathomApp {
            shared: Shared {
                coloring: saved.coloring,
                dark: saved.dark,
                recent: saved.recent,
                ..Shared::default()
            },
            list: packet_list::ListState::default(),
            filter: filter_bar::FilterState::new(),
            find: Default::default(),
            decode_as: Default::default(),
            comment_edit: None,
            coloring_rules: Default::default(),
            prefs: Default::default(),
            merging: None,
            follow: None,
            flow_graph: None,
            expert_count: ExpertCount::default(),
            focus: Focus::List,
            explain: Default::default(),
            goto: None,
            capture: capture_dialog::CaptureOptions::new(),
            save: save_dialog::SaveState::default(),
            was_capturing: false,
            notice: None,
            stats: Vec::new(),
            io_graph: None,
            tcp_graph: None,
            waterfall: None,
            export_dir: None,
            dialogs: super::file_dialog::Dialogs::new(super::file_dialog::native_available()),
            help: None,
            title: String::new(),
            fonts_installed: false,
        };
        app.explain.show = saved.explain;
        app
    }
}

impl FathomApp {
    /// An app for tests and scripts: files load synchronously, no system dialog opens (file
    /// choices use the in-window browser), and it speaks English whatever the locale (a test
    /// switches with `Command::SetLang`).
    pub fn headless() -> FathomApp {
        let mut app = FathomApp {
            dialogs: super::file_dialog::Dialogs::new(false),
            ..Default::default()
        };
        app.shared.headless = true;
        app.shared.lang = crate::i18n::Lang::En;
        app
    }

    /// Restores the settings saved by [`FathomApp::save_settings`] (or by an earlier
    /// version). Settings that cannot be read are said, and the defaults used.
    pub fn load_settings(&mut self, get: impl Fn(&str) -> Option<String>) {
        let s = Settings::load(get).unwrap_or_else(|why| {
            self.shared.error = Some(format!(
                "The saved settings could not be read ({why}); the defaults are used"
            ));
            Settings::default()
        });
        self.apply_settings(s);
    }

    /// Takes saved settings.
    pub fn apply_settings(&mut self, s: Settings) {
        self.shared.recent = s.recent;
        self.shared.dark = s.dark;
        self.shared.coloring = s.coloring;
        self.explain.show = s.explain;
        if let Some(l) = s.lang.as_deref().and_then(crate::i18n::Lang::parse) {
            self.shared.lang = l;
        }
        self.shared.time_format = TimeFormat::ALL
            .into_iter()
            .find(|f| f.key() == s.time_format)
            .unwrap_or(TimeFormat::SinceStart);
        self.capture.apply_settings(s.capture);
        self.list.custom = s
            .custom_columns
            .into_iter()
            .filter(|f| crate::dissect::fields::find(f).is_some())
            .collect();
        self.coloring_rules.set(s.coloring_rules);
        let decode_as: Vec<_> = (s.decode_as.iter())
            .filter_map(|a| crate::analysis::decode_as::Rule::parse(a).ok())
            .collect();
        if decode_as != crate::analysis::decode_as::rules() {
            crate::analysis::decode_as::set(decode_as);
        }
        if let Some(k) = s.tls_keylog {
            // a key log that has gone since is no key log (and no error at start)
            if crate::tls::keylog::set_file(Some(k.clone())).is_err() {
                self.shared.error = Some(format!(
                    "The TLS key log file {} cannot be read any more",
                    k.display()
                ));
            }
        }
        for (v, on) in self.list.visible.iter_mut().zip(s.columns) {
            *v = on;
        }
    }

    /// The settings to save.
    pub fn settings(&self) -> Settings {
        Settings {
            recent: self.shared.recent.clone(),
            dark: self.shared.dark,
            coloring: self.shared.coloring,
            explain: self.explain.show,
            lang: Some(self.shared.lang.code().into()),
            time_format: self.shared.time_format.key().into(),
            columns: self.list.visible.to_vec(),
            custom_columns: self.list.custom.clone(),
            coloring_rules: self.coloring_rules.rules.clone(),
            decode_as: (crate::analysis::decode_as::rules().into_iter())
                .map(|r| r.to_arg())
                .collect(),
            tls_keylog: crate::tls::keylog::file(),
            capture: self.capture.settings(),
        }
    }

    /// Saves the settings through `set`, under one key.
    pub fn save_settings(&self, mut set: impl FnMut(&str, String)) {
        set(super::settings::KEY, self.settings().to_json());
    }

    /// The windows and dialogs: each over its own state, reading what all views share.
    fn show_windows(&mut self, ctx: &egui::Context) {
        let shared = &self.shared;
        window(&mut self.goto, |text| Self::goto_ui(shared, text, ctx));
        window(&mut self.notice, |text| Self::notice_ui(shared, text, ctx));
        window(&mut self.follow, |fs| {
            follow_stream::follow_ui(fs, shared, ctx);
            true
        });
        window(&mut self.flow_graph, |fg| {
            flow_graph::flow_graph_ui(fg, shared, ctx)
        });
        stats_window::stats_windows_ui(&mut self.stats, shared, ctx);
        window(&mut self.io_graph, |g| graphs::io_graph_ui(g, shared, ctx));
        window(&mut self.tcp_graph, |g| {
            graphs::tcp_graph_ui(g, shared, ctx)
        });
        window(&mut self.waterfall, |w| {
            waterfall::waterfall_ui(w, shared, ctx)
        });
        if self.capture.dialog_open {
            capture_dialog::capture_options_ui(&mut self.capture, shared, ctx);
        }
        save_dialog::save_ui(&mut self.save, shared, ctx);
        super::decode_as::decode_as_ui(&mut self.decode_as, shared, ctx);
        window(&mut self.comment_edit, |edit| {
            Self::comment_ui(shared, edit, ctx)
        });
        super::coloring::coloring_ui(&mut self.coloring_rules, shared, ctx);
        super::preferences::preferences_ui(
            &mut self.prefs,
            shared,
            &self.list,
            self.dialogs.native,
            ctx,
        );
        self.dialogs.poll(shared.lang, ctx, &shared.commands);
        super::file_dialog::file_dialog_ui(
            &mut self.dialogs,
            &shared.commands,
            shared.lang,
            shared.headless,
            ctx,
        );
        window(&mut self.help, |which| Self::help_ui(shared, *which, ctx));
    }

    /// Asks for a path (the system's dialog or Fathom's own), then runs `then` with it off
    /// the UI thread; a dialog that cannot open says why in a notice.
    pub fn ask(
        &mut self,
        ctx: &egui::Context,
        ask: super::file_dialog::Ask,
        then: super::file_dialog::Then,
    ) {
        if let Err(e) = self.dialogs.ask(self.shared.lang, ctx, ask, then) {
            self.notice = Some(e);
        }
    }

    /// Sends a command (applied once the views are drawn); shared access is enough.
    pub fn push(&self, c: Command) {
        self.shared.push(c);
    }

    /// The whole window.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            super::fonts::install(&ctx);
            // images in Export Objects' preview (PNG, JPEG, GIF)
            egui_extras::install_image_loaders(&ctx);
            self.fonts_installed = true;
        }
        theme::apply(&ctx, self.shared.dark);
        self.shortcuts(&ctx);
        self.take_dropped_files(&ctx);
        self.update_title(&ctx);
        self.watch_capture(&ctx);
        saving::poll(self);
        if let Some(c) = self
            .explain
            .start_tour_when_loaded(self.shared.session.as_ref())
        {
            self.push(c);
        }
        match super::worker::take(&mut self.merging) {
            Some(Ok(p)) => self.push(Command::Open(p)),
            Some(Err(e)) => {
                self.notice = Some(
                    self.shared
                        .tr_args("notice-merge-failed", &[("error", e.into())]),
                )
            }
            None => {}
        }

        filtering::poll(self);
        if let Some(frame) = self.find.poll(self.shared.lang) {
            self.push(Command::Select(frame));
        }
        self.panels_ui(ui);
        self.show_windows(&ctx);
        self.apply_commands(&ctx);
        if self.shared.session.as_ref().is_some_and(|s| s.is_loading()) {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// The menu bar, toolbar and filter bar, the status bar, and the packet list, tree and
    /// hex view (or the welcome page): each view over its own state and what all share.
    fn panels_ui(&mut self, ui: &mut egui::Ui) {
        let explain_shown = self.explain.show;
        egui::Panel::top("menu").show(ui, |ui| {
            super::menu::menu_bar_ui(&self.shared, &self.list, explain_shown, ui);
            if self.shared.session.is_some() {
                ui.separator();
                self.toolbar_ui(ui);
                filter_bar::filter_bar_ui(&mut self.filter, &self.shared, ui);
                super::find_bar::find_bar_ui(&mut self.find, &self.shared, ui);
            }
        });
        let work = status_bar::Work {
            save: &self.save,
            filter: &self.filter,
            sorting: self.list.sorting.is_some(),
        };
        egui::Panel::bottom("status").show(ui, |ui| {
            status_bar::status_bar_ui(&self.shared, &work, &mut self.expert_count, ui)
        });
        if self.shared.session.is_none() {
            egui::CentralPanel::default().show(ui, |ui| {
                welcome::welcome_ui(&mut self.capture, &self.shared, ui)
            });
            return;
        }
        self.refresh_detail();
        if explain_shown {
            let selected = self.shared.selected;
            self.explain.refresh_sentences(
                selected,
                self.shared.lang,
                self.shared.session.as_ref(),
            );
        }
        egui::Panel::bottom("hex")
            .resizable(true)
            .default_size(200.0)
            .min_size(140.0)
            .show(ui, |ui| hex_view::hex_view_ui(&self.shared, ui));
        self.shared.hex_scroll = false;
        egui::Panel::bottom("tree")
            .resizable(true)
            .default_size(260.0)
            .min_size(100.0)
            .show(ui, |ui| {
                if explain_shown {
                    egui::Panel::right("explain")
                        .resizable(true)
                        .default_size(ui.available_width() * 0.45)
                        .min_size(160.0)
                        .show(ui, |ui| {
                            super::explain_pane::explain_pane_ui(&self.explain, &self.shared, ui)
                        });
                }
                detail_tree::detail_tree_ui(&self.shared, ui);
            });
        self.shared.tree_scroll = false;
        if let Err(e) = self.list.poll_sort(&mut self.shared.display) {
            self.notice = Some(
                self.shared
                    .tr_args("pl-sort-stopped", &[("error", e.into())]),
            );
        }
        egui::CentralPanel::default().show(ui, |ui| {
            packet_list::packet_list_ui(
                &mut self.list,
                &self.shared,
                &self.coloring_rules.compiled,
                ui,
            )
        });
        self.shared.scroll_to_selected = false;
    }

    fn toolbar_ui(&self, ui: &mut egui::Ui) {
        use super::actions::{hint_with_keys, UiCommand as U};
        let lang = self.shared.lang;
        let ctx = ui.ctx().clone();
        let mut cmds = Vec::new();
        // each control: its label's message id (its hint is the id's `-hint`, followed by
        // the shortcut of the menu command it stands for), and the command a click sends
        let mut tool = |w: egui::Response, id: &str, keys: Option<U>, cmd: Command| {
            let mut hint = lang.tr(&format!("{id}-hint"));
            if let Some(u) = keys {
                hint = hint_with_keys(&ctx, hint, u);
            }
            if w.on_hover_text(hint).clicked() {
                cmds.push(cmd);
            }
        };
        ui.horizontal(|ui| {
            let b = ui.button(lang.tr("tb-open"));
            tool(b, "tb-open", Some(U::Open), Command::OpenDialog);
            let b = ui.button(lang.tr("tb-close"));
            tool(b, "tb-close", Some(U::Close), Command::Close);
            ui.separator();
            let capturing = self
                .shared
                .session
                .as_ref()
                .is_some_and(|s| s.is_capturing());
            if capturing {
                let stop = RichText::new(lang.tr("tb-stop")).color(super::theme::ERROR);
                let b = ui.button(stop);
                // the start key stops a running capture
                tool(b, "tb-stop", Some(U::StartCapture), Command::StopCapture);
                let b = ui.button(lang.tr("tb-restart"));
                tool(
                    b,
                    "tb-restart",
                    Some(U::RestartCapture),
                    Command::RestartCapture,
                );
                let following = self.list.follow_tail;
                let b = ui.selectable_label(following, lang.tr("tb-follow"));
                tool(b, "tb-follow", None, Command::FollowTail(!following));
            } else {
                let b = ui.button(lang.tr("tb-capture"));
                tool(
                    b,
                    "tb-capture",
                    Some(U::StartCapture),
                    Command::StartCapture,
                );
            }
            ui.separator();
            for (id, keys, cmd) in [
                ("tb-first", None, Command::SelectFirst),
                ("tb-prev", None, Command::Move(-1)),
                ("tb-next", None, Command::Move(1)),
                ("tb-last", None, Command::SelectLast),
                ("tb-goto", Some(U::GoTo), Command::GoToDialog),
            ] {
                let b = ui.button(lang.tr(id));
                tool(b, id, keys, cmd);
            }
            ui.separator();
            let b = ui.selectable_label(self.shared.coloring, lang.tr("tb-colorize"));
            tool(b, "tb-colorize", None, Command::ToggleColoring);
        });
        self.shared.commands.extend(cmds);
    }

    /// What Ctrl+C copies when no text field has the keyboard: the selected tree field as
    /// its line reads, else the selected packet's summary (its columns, tab-separated).
    pub fn copy_selection_text(&self) -> Option<String> {
        if let (Some(d), Some(path)) = (&self.shared.detail, &self.shared.selected_field) {
            if let Some(n) = detail_tree::node_at(&d.dis.tree, path) {
                return Some(n.display_label());
            }
        }
        let frame = self.shared.selected?;
        let an = self.shared.session.as_ref()?.read();
        let r = packet_list::make_row(&an, frame)?;
        Some(format!(
            "{frame}\t{}\t{}\t{}\t{}\t{}",
            r.src, r.dst, r.proto, r.len, r.info
        ))
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        // Ctrl+C (egui's Copy event) outside a text field copies the selection
        let copy = ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy)));
        if copy && !ctx.egui_wants_keyboard_input() {
            if let Some(t) = self.copy_selection_text() {
                ctx.copy_text(t);
            }
        }
        let cmds = ctx.input_mut(super::actions::pressed);
        self.shared.commands.extend(cmds);
        // arrow keys, when no text field has focus
        if ctx.text_edit_focused() || self.goto.is_some() || self.shared.session.is_none() {
            return;
        }
        let pressed = |k: Key| ctx.input(|i| i.key_pressed(k));
        match self.focus {
            Focus::List => {
                if pressed(Key::ArrowDown) {
                    self.push(Command::Move(1));
                }
                if pressed(Key::ArrowUp) {
                    self.push(Command::Move(-1));
                }
                let page = self.list.page_rows.max(1) as i64;
                if pressed(Key::PageDown) {
                    self.push(Command::Move(page));
                }
                if pressed(Key::PageUp) {
                    self.push(Command::Move(-page));
                }
                if pressed(Key::Home) {
                    self.push(Command::SelectFirst);
                }
                if pressed(Key::End) {
                    self.push(Command::SelectLast);
                }
            }
            Focus::Tree => detail_tree::keys(&self.shared, ctx),
        }
    }

    /// Help ▸ Keyboard Shortcuts or About; `false` once closed.
    fn help_ui(shared: &Shared, which: Help, ctx: &egui::Context) -> bool {
        let mut open = true;
        let lang = shared.lang;
        let title = match which {
            Help::Shortcuts => lang.tr("help-shortcuts-title"),
            Help::About => lang.tr("help-about-title"),
        };
        egui::Window::new(title)
            .id(egui::Id::unique("help_window"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| match which {
                Help::Shortcuts => {
                    egui::Grid::new("shortcut_grid")
                        .striped(true)
                        .num_columns(2)
                        .show(ui, |ui| {
                            for (keys, what) in super::actions::shortcut_list(ctx) {
                                ui.monospace(keys);
                                ui.label(lang.tr(what));
                                ui.end_row();
                            }
                        });
                }
                Help::About => {
                    ui.heading(format!("Fathom {}", env!("CARGO_PKG_VERSION")));
                    ui.label(lang.tr("help-about-what"));
                    ui.label(lang.tr("help-about-reference"));
                    ui.label("MIT OR Apache-2.0.");
                }
            });
        open
    }

    fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(p) = dropped.into_iter().next() {
            self.push(Command::Open(p));
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let t = match &self.shared.session {
            Some(s) if s.live.is_some() => {
                let ifs = s
                    .live
                    .as_ref()
                    .map(|l| l.args.interfaces.join(", "))
                    .unwrap_or_default();
                if s.is_capturing() {
                    format!(
                        "{} — Fathom",
                        self.shared
                            .tr_args("title-capturing", &[("ifs", ifs.into())])
                    )
                } else if let Some(p) = &self.save.saved_to {
                    format!(
                        "{} — Fathom",
                        p.file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default()
                    )
                } else if self.save.unsaved {
                    format!(
                        "{} — Fathom",
                        self.shared.tr_args("title-unsaved", &[("ifs", ifs.into())])
                    )
                } else {
                    format!("{ifs} — Fathom")
                }
            }
            Some(s) => format!(
                "{} — Fathom",
                s.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ),
            None => "Fathom".to_string(),
        };
        if t != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(t.clone()));
            self.title = t;
        }
    }

    /// A message that needs reading, with OK; `false` once closed.
    fn notice_ui(shared: &Shared, text: &str, ctx: &egui::Context) -> bool {
        let mut close = false;
        let lang = shared.lang;
        egui::Window::new(crate::i18n::tr(lang, "notice-title"))
            .id(egui::Id::unique("notice"))
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(text);
                if ui.button(crate::i18n::tr(lang, "dlg-ok")).clicked() {
                    close = true;
                }
            });
        !close
    }

    /// Go to Packet: the number typed in `text`; `false` once closed.
    fn goto_ui(shared: &Shared, text: &mut String, ctx: &egui::Context) -> bool {
        let mut close = false;
        let mut go = None;
        let lang = shared.lang;
        egui::Window::new(lang.tr("goto-title"))
            .id(egui::Id::unique("goto"))
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.label(lang.tr("goto-number"));
                    // (read before the text field, which takes the Enter key for itself)
                    let enter = ui.input(|i| i.key_pressed(Key::Enter));
                    let r = ui.text_edit_singleline(text);
                    if enter && (r.has_focus() || r.lost_focus()) {
                        go = text.trim().parse::<u32>().ok();
                        close = true;
                    } else if !r.has_focus() {
                        r.request_focus();
                    }
                });
                ui.horizontal(|ui| {
                    if ui.button(lang.tr("goto-go")).clicked() {
                        go = text.trim().parse::<u32>().ok();
                        close = true;
                    }
                    if ui.button(lang.tr("dlg-cancel")).clicked()
                        || ui.input(|i| i.key_pressed(Key::Escape))
                    {
                        close = true;
                    }
                });
            });
        if let Some(n) = go {
            shared.push(Command::Select(n));
        }
        !close
    }

    /// Notices the end of a live capture: the filter is applied again over every packet
    /// (two-pass, as on a file), and a quit with unsaved packets is asked about first.
    fn watch_capture(&mut self, ctx: &egui::Context) {
        // a load the memory guard stopped: said once in a dialog (the status bar keeps it)
        let stopped = self.shared.session.as_ref().and_then(|s| {
            s.status
                .stopped
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take()
        });
        if let Some(m) = stopped {
            self.notice = Some(m);
        }
        let capturing = self
            .shared
            .session
            .as_ref()
            .is_some_and(|s| s.is_capturing());
        if self.was_capturing && !capturing {
            let err = self
                .shared
                .session
                .as_ref()
                .and_then(|s| s.live.as_ref())
                .and_then(|l| l.error());
            if let Some(e) = err {
                if self.frame_count() == 0 {
                    // the capture never started (permissions, interface, filter): say why
                    self.save.unsaved = false;
                    self.close();
                    self.shared.error = Some(e);
                } else {
                    self.notice = Some(e);
                }
            }
            if let Some(f) = self.shared.display.filter.clone() {
                self.push(Command::ApplyFilter(f));
            }
            self.list.follow_tail = false;
        }
        self.was_capturing = capturing;
        if ctx.input(|i| i.viewport().close_requested())
            && !self.save.quit_confirmed
            && self.save.unsaved
            && self.frame_count() > 0
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.save.prompt.get_or_insert(Pending::Quit);
        }
    }

    /// Starts a live capture with the chosen options, in a new pcapng file in the temporary
    /// directory that keeps every packet even if the window crashes.
    fn start_capture(&mut self, ctx: &egui::Context) {
        self.capture.recheck();
        if !self.capture.can_start() {
            self.capture.dialog_open = true;
            self.capture.refresh(ctx);
            return;
        }
        self.close();
        let args = self.capture.args();
        let path = crate::session::capture_file_name(&args.interfaces);
        let c = ctx.clone();
        match Session::capture(&self.capture.helper, &args, &path, move || {
            c.request_repaint()
        }) {
            Ok(s) => {
                self.shared.session = Some(s);
                self.shared.error = None;
                self.save.unsaved = true;
                self.save.saved_to = None;
                self.save.quit_confirmed = false;
                self.list.follow_tail = true;
                self.was_capturing = true;
                if let Some(f) = self.shared.display.filter.clone() {
                    self.shared.display.filter = None;
                    self.push(Command::ApplyFilter(f));
                }
            }
            Err(e) => {
                self.shared.error = Some(match std::fs::remove_file(&path) {
                    Ok(()) => e,
                    Err(r) if r.kind() == std::io::ErrorKind::NotFound => e,
                    Err(r) => format!("{e}\n(and {} could not be removed: {r})", path.display()),
                });
            }
        }
    }

    /// Opens a capture (loading runs on a worker thread).
    pub fn open(&mut self, path: &Path, ctx: &egui::Context) {
        self.close();
        let c = ctx.clone();
        match Session::open(path, move || c.request_repaint()) {
            Ok(mut s) => {
                if self.shared.headless {
                    s.wait();
                }
                self.shared.session = Some(s);
                self.shared.error = None;
                // kept as a clean absolute path (no "./" or "..")
                let clean = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
                self.shared.recent.retain(|p| *p != clean);
                self.shared.recent.insert(0, clean);
                self.shared.recent.truncate(MAX_RECENT);
            }
            Err(e) => self.shared.error = Some(e),
        }
    }

    fn close(&mut self) {
        if let Some(s) = self.shared.session.take() {
            // a capture's own file goes once it is saved, discarded, or empty
            let remove = s.live.is_some() && (!self.save.unsaved || s.read().frames.is_empty());
            let path = s.path.clone();
            // stopping the helper and joining the loader can take a moment: not on this thread
            let finish = move || {
                drop(s);
                if remove {
                    if let Err(e) = std::fs::remove_file(&path) {
                        eprintln!("fathom: could not remove {}: {e}", path.display());
                    }
                }
            };
            // (without a thread the session is dropped here, waiting for its loader, and a
            // live capture's temporary file is kept: the notice says why)
            if let Err(e) = super::worker::start("fathom-close", self.shared.headless, finish) {
                self.notice = Some(e);
            }
        }
        self.save.unsaved = false;
        self.save.edited = false;
        self.save.saved_to = None;
        self.flow_graph = None;
        self.stats.clear();
        self.io_graph = None;
        self.tcp_graph = None;
        self.waterfall = None;
        self.shared.selected = None;
        self.shared.detail = None;
        self.shared.selected_field = None;
        self.shared.source_tab = 0;
        self.shared.marked.clear();
        self.shared.time_refs.clear();
        self.shared.ignored.clear();
        self.find = Default::default();
        self.list = packet_list::ListState {
            visible: self.list.visible,
            custom: std::mem::take(&mut self.list.custom),
            ..Default::default()
        };
    }

    /// Analyses the open file again with the ignored packets left out, keeping the selection,
    /// marks, comments and the display filter.
    fn reanalyse(&mut self, ctx: &egui::Context) {
        let Some(old) = &self.shared.session else {
            return;
        };
        if old.live.is_some() {
            self.notice = Some(self.shared.tr("notice-live-not-reanalysed"));
            self.shared.ignored.clear();
            return;
        }
        let path = old.path.clone();
        let comments = old.read().comments.clone();
        let c = ctx.clone();
        let ignored: std::collections::HashSet<u32> = self.shared.ignored.iter().copied().collect();
        match Session::open_ignoring(&path, ignored, move || c.request_repaint()) {
            Ok(mut s) => {
                if self.shared.headless {
                    s.wait();
                }
                // comments edited in the window live in the analysis: carry them over
                s.analysis
                    .write()
                    .unwrap_or_else(|p| p.into_inner())
                    .comments
                    .extend(comments);
                // the old session's loader is joined off this thread
                if let Some(old) = self.shared.session.replace(s) {
                    if self.shared.headless {
                        drop(old);
                    } else if let Err(e) = std::thread::Builder::new()
                        .name("fathom-close".into())
                        .spawn(move || drop(old))
                    {
                        self.notice = Some(
                            self.shared
                                .tr_args("notice-no-thread", &[("error", e.to_string().into())]),
                        );
                    }
                }
                self.shared.detail = None;
                self.list.rows.clear();
                if let Some(f) = self.shared.display.filter.clone() {
                    self.push(Command::ApplyFilter(f));
                }
            }
            Err(e) => self.shared.error = Some(e),
        }
    }

    /// Merges the open file with `other` on a worker thread into a new pcapng in the
    /// temporary directory; the result opens when it is written.
    fn start_merge(&mut self, other: PathBuf, ctx: &egui::Context) {
        let Some(s) = &self.shared.session else {
            return;
        };
        if s.is_capturing() || s.is_loading() {
            self.notice = Some(self.shared.tr("notice-merge-wait"));
            return;
        }
        let stem = |p: &std::path::Path| {
            p.file_stem()
                .map(|x| x.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let out = std::env::temp_dir().join(format!(
            "fathom_merged_{}_{}_{}.pcapng",
            stem(&s.path),
            stem(&other),
            std::process::id()
        ));
        let job = super::worker::spawn(
            s,
            self.shared.headless,
            ctx,
            "fathom-merge",
            move |cf, _| {
                crate::capture::merge::merge(
                    &cf.path,
                    &other,
                    crate::capture::merge::Order::Chronological,
                    &out,
                )?;
                Ok(out)
            },
        );
        match job {
            Ok(p) => self.merging = Some(p),
            Err(e) => self.notice = Some(e),
        }
    }

    /// Edit ▸ Packet Comment: a small window with the comment's text.
    /// The packet comment being edited (`frame`, `text`); `false` once closed.
    fn comment_ui(shared: &Shared, edit: &mut (u32, String), ctx: &egui::Context) -> bool {
        let frame = edit.0;
        let text = &mut edit.1;
        let mut done: Option<Option<Option<String>>> = None;
        let mut open = true;
        let lang = shared.lang;
        egui::Window::new(crate::i18n::tr_args(
            lang,
            "comment-title",
            &[("frame", frame.into())],
        ))
        .id(egui::Id::unique("packet-comment"))
        .open(&mut open)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.add(
                egui::TextEdit::multiline(text)
                    .id(egui::Id::unique("packet_comment"))
                    .desired_rows(4)
                    .desired_width(420.0)
                    .hint_text(lang.tr("comment-hint")),
            );
            ui.horizontal(|ui| {
                if ui.button(lang.tr("dlg-ok")).clicked() {
                    done = Some(Some(Some(text.clone())));
                }
                if ui.button(lang.tr("comment-delete")).clicked() {
                    done = Some(Some(None));
                }
                if ui.button(lang.tr("dlg-cancel")).clicked() {
                    done = Some(None);
                }
            });
        });
        if !open {
            done = Some(None);
        }
        match done {
            Some(d) => {
                if let Some(c) = d {
                    shared.push(Command::SetComment(frame, c));
                }
                false
            }
            None => true,
        }
    }

    /// Writes the I/O graph where the user picks: CSV, SVG or PNG by the file's extension.
    fn save_io_graph(&mut self, ctx: &egui::Context) {
        let Some(g) = &self.io_graph else { return };
        let (csv, svg) = (g.csv(), g.svg());
        if let Some(dir) = &self.export_dir {
            let r = std::fs::write(dir.join("io-graph.csv"), csv)
                .and_then(|_| std::fs::write(dir.join("io-graph.svg"), svg));
            let dir = dir.display().to_string();
            self.notice = Some(match r {
                Ok(()) => self
                    .shared
                    .tr_args("notice-io-saved", &[("dir", dir.into())]),
                Err(e) => self
                    .shared
                    .tr_args("notice-io-not-saved", &[("error", e.to_string().into())]),
            });
            return;
        }
        use super::file_dialog::{write_notice, Ask, Pick};
        let lang = self.shared.lang;
        let what = Ask::new(Pick::Save, self.shared.tr("ask-save-io"))
            .file_name("io-graph.png")
            .filter(self.shared.tr("ask-png"), &["png"])
            .filter(self.shared.tr("ask-svg"), &["svg"])
            .filter("CSV", &["csv"]);
        self.ask(
            ctx,
            what,
            Box::new(move |p| {
                let ext = p
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                let bytes = match ext.as_str() {
                    "csv" => Ok(csv.into_bytes()),
                    "svg" => Ok(svg.into_bytes()),
                    _ => crate::stats::iostat::svg_to_png(&svg).map_err(std::io::Error::other),
                };
                write_notice(lang, &p, bytes, "what-io-graph")
            }),
        );
    }

    /// Ends the app: closes the session, removing a capture file that holds nothing unsaved.
    pub fn shutdown(&mut self) {
        let h = self.shared.headless;
        self.shared.headless = true; // close synchronously: the process is about to end
        self.close();
        self.shared.headless = h;
    }

    /// Number of frames read so far.
    pub fn frame_count(&self) -> u32 {
        self.shared.frame_count()
    }

    /// Uses a TLS key log file (a file that cannot be read is refused, with the reason)
    /// and analyses the open capture again with it.
    fn set_keylog(&mut self, p: Option<PathBuf>, ctx: &egui::Context) {
        match crate::tls::keylog::set_file(p.clone()) {
            Err(e) => self.shared.error = Some(e),
            Ok(()) => {
                self.shared.error = None;
                self.prefs.keylog_draft =
                    Some(p.map(|p| p.display().to_string()).unwrap_or_default());
                if self
                    .shared
                    .session
                    .as_ref()
                    .is_some_and(|s| s.live.is_none())
                {
                    self.reanalyse(ctx);
                }
            }
        }
    }

    /// Asks for a capture file to open (titled by message `title`), and sends `then` with it.
    fn ask_capture_file(
        &mut self,
        ctx: &egui::Context,
        title: &str,
        then: fn(std::path::PathBuf) -> Command,
    ) {
        use super::file_dialog::{Ask, Outcome, Pick};
        let what = Ask::new(Pick::Open, self.shared.tr(title))
            .filter(self.shared.tr("ask-capture-files"), CAPTURE_EXTS)
            .filter(self.shared.tr("ask-all-files"), &["*"]);
        self.ask(ctx, what, Box::new(move |p| Outcome::Command(then(p))));
    }

    fn apply_commands(&mut self, ctx: &egui::Context) {
        let cmds = self.shared.commands.take();
        for c in cmds {
            // (each group of commands is applied by a function of its own)
            match &c {
                Command::Open(..)
                | Command::OpenDialog
                | Command::Close
                | Command::CaptureOptions
                | Command::StartCapture
                | Command::StopCapture
                | Command::RestartCapture
                | Command::FollowTail(..)
                | Command::SaveDialog
                | Command::SavePick
                | Command::SavePickCancelled
                | Command::SaveTo(..)
                | Command::Answer(..)
                | Command::CancelLoad => self.apply_file_command(c, ctx),
                Command::Select(..)
                | Command::ClickRow(..)
                | Command::Move(..)
                | Command::SelectFirst
                | Command::SelectLast
                | Command::GoToDialog
                | Command::SelectField(..)
                | Command::RevealField
                | Command::SelectSource(..)
                | Command::SetTimeFormat(..)
                | Command::ToggleMark
                | Command::UnmarkAll
                | Command::NextMark(..)
                | Command::ToggleTimeRef
                | Command::UnsetTimeRefs
                | Command::DecodeAsDialog
                | Command::PreferencesDialog
                | Command::ToggleIgnore
                | Command::UnignoreAll
                | Command::Reanalyse => self.apply_selection_command(c, ctx),
                Command::KeyLogDialog
                | Command::SetKeyLog(..)
                | Command::ColoringRulesDialog
                | Command::MergeDialog
                | Command::MergeWith(..)
                | Command::EditComment
                | Command::SetComment(..)
                | Command::AddColumn(..)
                | Command::EditColumn(..)
                | Command::RemoveColumn(..)
                | Command::FindDialog
                | Command::ToggleColoring
                | Command::ToggleNames(..)
                | Command::ToggleColumn(..)
                | Command::SortBy(..)
                | Command::SetDark(..)
                | Command::ToggleExplain
                | Command::SetLang(..)
                | Command::OpenExample
                | Command::TourStep(..)
                | Command::EndTour => self.apply_edit_command(c, ctx),
                _ => self.apply_window_command(c, ctx),
            }
        }
    }

    /// Applies a command of files, capture, saving and loading.
    fn apply_file_command(&mut self, c: Command, ctx: &egui::Context) {
        match c {
            Command::Open(p) if !saving::must_ask(self, Pending::Open(p.clone())) => {
                self.open(&p, ctx)
            }
            Command::OpenDialog => {
                if saving::must_ask(self, Pending::OpenDialog) {
                    return;
                }
                self.ask_capture_file(ctx, "ask-open", Command::Open);
            }
            Command::Close if !saving::must_ask(self, Pending::Close) => self.close(),
            Command::CaptureOptions => {
                self.capture.dialog_open = true;
                self.capture.refresh(ctx);
            }
            Command::StartCapture => {
                if let Some(s) = self.shared.session.as_ref().filter(|s| s.is_capturing()) {
                    s.stop_capture();
                } else if !saving::must_ask(self, Pending::StartCapture) {
                    self.start_capture(ctx);
                }
            }
            Command::StopCapture => {
                if let Some(s) = &self.shared.session {
                    s.stop_capture();
                }
            }
            Command::RestartCapture => {
                let capturing = self
                    .shared
                    .session
                    .as_ref()
                    .is_some_and(|s| s.is_capturing());
                if capturing && !saving::must_ask(self, Pending::RestartCapture) {
                    self.save.unsaved = false;
                    self.start_capture(ctx);
                }
            }
            Command::FollowTail(on) => {
                self.list.follow_tail = on;
                self.list.jump_to_end = on;
            }
            Command::SaveDialog
                if self
                    .shared
                    .session
                    .as_ref()
                    .is_some_and(|s| !s.is_loading()) =>
            {
                self.save.dialog = true;
            }
            Command::SavePick => saving::pick(self, ctx),
            Command::SavePickCancelled => self.save.after_save = None,
            Command::SaveTo(p, f, d) => saving::start_save(self, p, f, d, ctx),
            Command::Answer(a) => {
                let Some(p) = self.save.prompt.take() else {
                    return;
                };
                match a {
                    Answer::Save => {
                        self.save.after_save = Some(p);
                        if let Some(s) = &self.shared.session {
                            s.stop_capture();
                        }
                        self.save.dialog = true;
                    }
                    Answer::Discard => {
                        self.save.unsaved = false;
                        self.save.edited = false;
                        if p == Pending::Quit {
                            self.save.quit_confirmed = true;
                        }
                        self.shared.commands.push(p.command());
                    }
                    Answer::Cancel => {}
                }
            }
            Command::CancelLoad => {
                if let Some(s) = &self.shared.session {
                    s.cancel();
                }
            }
            _ => {}
        }
    }

    /// Applies a command of selection, marks, time references and ignored packets.
    fn apply_selection_command(&mut self, c: Command, ctx: &egui::Context) {
        match c {
            Command::ClickRow(n) => {
                self.shared.selected = Some(n);
                self.focus = Focus::List;
                ctx.request_repaint();
            }
            Command::Select(n) => {
                self.list.follow_tail = false;
                if n >= 1 && n <= self.frame_count() && self.shared.display.row_of(n).is_some() {
                    self.shared.selected = Some(n);
                    self.shared.scroll_to_selected = true;
                    self.focus = Focus::List;
                }
            }
            Command::Move(d) => {
                if let Some(n) = packet_list::moved(&self.shared, d) {
                    self.shared.selected = Some(n);
                    self.shared.scroll_to_selected = true;
                }
            }
            Command::SelectFirst => {
                if let Some(n) = packet_list::moved(&self.shared, i64::MIN / 2) {
                    self.shared.selected = Some(n);
                    self.shared.scroll_to_selected = true;
                }
            }
            Command::SelectLast => {
                if let Some(n) = packet_list::moved(&self.shared, i64::MAX / 2) {
                    self.shared.selected = Some(n);
                    self.shared.scroll_to_selected = true;
                }
            }
            Command::GoToDialog if self.shared.session.is_some() => {
                self.goto = Some(String::new());
            }
            Command::SelectField(p) => {
                self.focus = Focus::Tree;
                if let (Some(p), Some(d)) = (&p, &self.shared.detail) {
                    if let Some(n) = detail_tree::node_at(&d.dis.tree, p) {
                        self.shared.source_tab = n.ds as usize;
                    }
                }
                self.shared.selected_field = p;
                self.shared.hex_scroll = true;
            }
            Command::RevealField => {
                if let (Some(d), Some(p)) = (&self.shared.detail, &self.shared.selected_field) {
                    detail_tree::reveal(ctx, &d.dis.tree, p);
                    self.shared.tree_scroll = true;
                }
            }
            Command::SelectSource(i) => self.shared.source_tab = i,
            Command::SetTimeFormat(f) => self.shared.time_format = f,
            Command::ToggleMark => {
                if let Some(f) = self.shared.selected {
                    if !self.shared.marked.remove(&f) {
                        self.shared.marked.insert(f);
                    }
                }
            }
            Command::UnmarkAll => self.shared.marked.clear(),
            Command::NextMark(forward) => {
                let at = self.shared.selected.unwrap_or(0);
                let next = if forward {
                    self.shared.marked.range(at + 1..).next().copied()
                } else {
                    self.shared.marked.range(..at).next_back().copied()
                };
                if let Some(f) = next {
                    self.shared.selected = Some(f);
                    self.shared.scroll_to_selected = true;
                }
            }
            Command::ToggleTimeRef => {
                if let Some(f) = self.shared.selected {
                    if !self.shared.time_refs.remove(&f) {
                        self.shared.time_refs.insert(f);
                    }
                    self.list.rows.clear();
                }
            }
            Command::UnsetTimeRefs => self.shared.time_refs.clear(),
            Command::DecodeAsDialog => self.decode_as.show(),
            Command::PreferencesDialog => self.prefs.open = true,
            Command::ToggleIgnore => {
                if let Some(f) = self.shared.selected {
                    if !self.shared.ignored.remove(&f) {
                        self.shared.ignored.insert(f);
                    }
                    self.reanalyse(ctx);
                }
            }
            Command::UnignoreAll if !self.shared.ignored.is_empty() => {
                self.shared.ignored.clear();
                self.reanalyse(ctx);
            }
            Command::Reanalyse => self.reanalyse(ctx),
            _ => {}
        }
    }

    /// Applies a command of dialogs, comments, columns, names and the walk-through.
    fn apply_edit_command(&mut self, c: Command, ctx: &egui::Context) {
        match c {
            Command::KeyLogDialog => {
                use super::file_dialog::{Ask, Outcome, Pick};
                let what = Ask::new(Pick::Open, self.shared.tr("ask-keylog"))
                    .filter(self.shared.tr("ask-all-files"), &["*"]);
                self.ask(
                    ctx,
                    what,
                    Box::new(|p| Outcome::Command(Command::SetKeyLog(Some(p)))),
                );
            }
            Command::SetKeyLog(p) => self.set_keylog(p, ctx),
            Command::ColoringRulesDialog => {
                self.coloring_rules.draft = self.coloring_rules.rules.clone();
                self.coloring_rules.open = true;
            }
            Command::MergeDialog => self.ask_capture_file(ctx, "ask-merge", Command::MergeWith),
            Command::MergeWith(other) => self.start_merge(other, ctx),
            Command::EditComment => {
                if let (Some(f), Some(s)) = (self.shared.selected, &self.shared.session) {
                    let text = s.read().comments.get(&f).cloned().unwrap_or_default();
                    self.comment_edit = Some((f, text));
                }
            }
            Command::SetComment(f, text) => {
                if let Some(s) = &self.shared.session {
                    if s.is_capturing() {
                        self.notice = Some(self.shared.tr("notice-comment-stop-first"));
                    } else {
                        let mut an = s.analysis.write().unwrap_or_else(|p| p.into_inner());
                        match text.filter(|t| !t.trim().is_empty()) {
                            Some(t) => an.comments.insert(f, t),
                            None => an.comments.remove(&f),
                        };
                        drop(an);
                        self.save.edited = true;
                        self.save.unsaved = true;
                        // the tree shows the comment: dissect the packet again
                        self.shared.detail = None;
                        self.list.rows.remove(&f);
                    }
                }
            }
            Command::AddColumn(f)
                if crate::dissect::fields::find(&f).is_some() && !self.list.custom.contains(&f) =>
            {
                self.list.custom.push(f);
                self.list.rows.clear();
            }
            Command::EditColumn(k, f) => {
                if crate::dissect::fields::find(&f).is_none() {
                    self.notice = Some(
                        self.shared
                            .tr_args("notice-unknown-field", &[("field", f.into())]),
                    );
                } else if let Some(c) = self.list.custom.get_mut(k) {
                    *c = f;
                    self.list.rows.clear();
                }
            }
            Command::RemoveColumn(k) if k < self.list.custom.len() => {
                self.list.custom.remove(k);
                self.list.rows.clear();
                if self.list.sort.is_some_and(|(c, _)| c >= 8) {
                    self.list.sort = None;
                    self.shared.display.order = None;
                }
            }
            Command::FindDialog if self.shared.session.is_some() => {
                self.find.open = true;
                self.find.focus = true;
            }
            Command::ToggleColoring => self.shared.coloring = !self.shared.coloring,
            Command::ToggleNames(mac) => {
                if mac {
                    crate::names::set_mac_resolution(!crate::names::mac_resolution());
                } else {
                    crate::names::set_port_resolution(!crate::names::port_resolution());
                }
                // rows and the tree are formatted again with the new names
                self.list.rows.clear();
                self.shared.detail = None;
            }
            Command::ToggleColumn(i) => {
                if let Some(v) = self.list.visible.get_mut(i) {
                    *v = !*v;
                }
            }
            Command::SortBy(col) => {
                if let Some(s) = &self.shared.session {
                    if let Err(e) = self.list.sort_by(&mut self.shared.display, s, col, ctx) {
                        self.notice = Some(e);
                    }
                }
            }
            Command::SetDark(d) => self.shared.dark = d,
            Command::ToggleExplain => self.explain.show = !self.explain.show,
            Command::SetLang(l) => self.shared.lang = l,
            Command::OpenExample => match welcome::demo_capture() {
                Some(p) => {
                    self.explain.show = true;
                    self.explain.tour = None;
                    self.explain.tour_wanted = true;
                    self.push(Command::Open(p));
                }
                None => self.notice = Some(self.shared.tr("notice-no-example")),
            },
            Command::TourStep(d) => {
                if let Some(c) = self.explain.tour_step(d) {
                    self.push(c);
                }
            }
            Command::EndTour => {
                self.explain.tour = None;
                self.explain.tour_wanted = false;
            }
            _ => {}
        }
    }

    /// Starts a search from the selected packet over the displayed ones (Edit ▸ Find Next
    /// and Find Previous).
    fn find_next(&mut self, forward: bool, ctx: &egui::Context) {
        if let Some(s) = &self.shared.session {
            let order = self.shared.display.filtered.clone();
            let (from, headless) = (self.shared.selected, self.shared.headless);
            self.find.start(s, order, from, forward, headless, ctx);
        }
    }

    /// Starts computing statistics window `idx`.
    fn load_stats(&mut self, idx: usize, ctx: &egui::Context) {
        let applied = self.shared.display.filter.clone();
        if let (Some(s), Some(w)) = (&self.shared.session, self.stats.get_mut(idx)) {
            w.load(s, applied, self.shared.headless, ctx);
        }
    }

    /// Applies a command of filters, Follow, graphs, statistics windows and quitting.
    fn apply_window_command(&mut self, c: Command, ctx: &egui::Context) {
        match c {
            Command::Copy(t) => ctx.copy_text(t),
            Command::Notice(text) => self.notice = Some(text),
            Command::RefreshInterfaces => self.capture.interfaces = None,
            Command::Help(h) => self.help = Some(h),
            Command::ReloadStats(i) => self.load_stats(i, ctx),
            Command::SaveObjects(i, row) => stats::save_objects(self, i, row, ctx),
            Command::FindNext(forward) => self.find_next(forward, ctx),
            Command::RowsChanged => self.list.rows.clear(),
            Command::SetNativeDialogs(on) => self.dialogs.native = on,
            Command::ApplyFilter(t) => {
                self.filter.set_text(t.clone());
                filtering::start(self, t, ctx);
            }
            Command::PrepareFilter(t) => self.filter.set_text(t),
            Command::Follow(kind) => {
                let stream = self.shared.selected.and_then(|f| {
                    self.shared
                        .session
                        .as_ref()
                        .and_then(|s| s.read().tcp(f).map(|t| t.stream))
                });
                if let Some(stream) = stream {
                    let prev = self.shared.display.filter.clone();
                    let mut fs = follow_stream::FollowState::new(kind, stream, prev);
                    follow_stream::load(&mut fs, &self.shared, ctx);
                    self.follow = Some(fs);
                    self.shared
                        .commands
                        .push(Command::ApplyFilter(format!("tcp.stream eq {stream}")));
                }
            }
            Command::FlowGraph(_)
                if self
                    .shared
                    .session
                    .as_ref()
                    .is_none_or(|s| s.is_loading() && !s.is_capturing()) => {}
            Command::Stats(kind) => match self.stats.iter().position(|w| w.kind == kind) {
                Some(i) => self.stats[i].open = true,
                None if self
                    .shared
                    .session
                    .as_ref()
                    .is_some_and(|s| !s.is_loading()) =>
                {
                    self.stats.push(stats_window::StatWindow::new(kind));
                    let i = self.stats.len() - 1;
                    self.load_stats(i, ctx);
                }
                None => {}
            },
            Command::IoGraph if self.io_graph.is_none() => {
                let mut g = graphs::IoGraphState::new(self.shared.lang);
                graphs::load_io(&mut g, &self.shared, ctx);
                self.io_graph = Some(g);
            }
            Command::SaveIoGraph => self.save_io_graph(ctx),
            Command::TcpGraph(kind) => {
                let stream = self.shared.selected.and_then(|f| {
                    self.shared
                        .session
                        .as_ref()
                        .and_then(|s| s.read().tcp(f).map(|t| (t.stream, t.dir())))
                });
                match stream {
                    Some((n, dir)) => {
                        let same = self.tcp_graph.as_ref().is_some_and(|g| g.stream == n);
                        if same {
                            if let Some(g) = self.tcp_graph.as_mut() {
                                g.kind = kind;
                            }
                        } else {
                            let mut g = graphs::TcpGraphState::new(n, kind, dir);
                            graphs::load_tcp(&mut g, &self.shared, ctx);
                            self.tcp_graph = Some(g);
                        }
                    }
                    None => {
                        self.notice = Some(self.shared.tr("notice-select-tcp"));
                    }
                }
            }
            Command::Waterfall if self.waterfall.is_none() && self.shared.session.is_some() => {
                match waterfall::load(&self.shared, ctx) {
                    Ok(w) => self.waterfall = Some(w),
                    Err(e) => self.notice = Some(e),
                }
            }
            Command::FlowGraph(stream) => {
                let mut fg = flow_graph::FlowGraphState::new(stream);
                flow_graph::load(&mut fg, &self.shared, ctx);
                self.flow_graph = Some(fg);
            }
            Command::CloseFollow(back) => {
                if let Some(fs) = self.follow.take() {
                    if back {
                        self.shared
                            .commands
                            .push(Command::ApplyFilter(fs.previous_filter.unwrap_or_default()));
                    }
                }
            }
            Command::SaveFollow => self.save_follow(ctx),
            Command::SaveFlow(export) => self.save_flow(export, ctx),
            Command::ClearFilter => {
                self.filter.set_text(String::new());
                filtering::start(self, String::new(), ctx);
            }
            Command::Quit if !saving::must_ask(self, Pending::Quit) => {
                self.save.quit_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            _ => {}
        }
    }

    /// Follow's Save As: the stream's bytes, written off the UI thread.
    fn save_follow(&mut self, ctx: &egui::Context) {
        if let Some(fs) = &self.follow {
            use super::file_dialog::{write_notice, Ask, Pick};
            let bytes = follow_stream::save_bytes(fs);
            let lang = self.shared.lang;
            let what =
                Ask::new(Pick::Save, self.shared.tr("ask-save-stream")).file_name("stream.txt");
            self.ask(
                ctx,
                what,
                Box::new(move |p| write_notice(lang, &p, Ok(bytes), "what-stream")),
            );
        }
    }

    /// The flow graph's Save As: SVG, PNG or tshark's text, rendered and written off the UI
    /// thread.
    fn save_flow(&mut self, export: FlowExport, ctx: &egui::Context) {
        if let Some(flow) = self.flow_graph.as_ref().and_then(|f| f.flow.clone()) {
            use super::file_dialog::{write_notice, Ask, Pick};
            let font = egui::FontDefinitions::default()
                .font_data
                .get("Hack")
                .map(|f| f.bytes().to_vec());
            let name = match export {
                FlowExport::Svg => "flow.svg",
                FlowExport::Png => "flow.png",
                FlowExport::Text => "flow.txt",
            };
            let lang = self.shared.lang;
            let what = Ask::new(Pick::Save, self.shared.tr("ask-save-flow")).file_name(name);
            // rendering (PNG) and writing happen off the UI thread
            let then = move |p: PathBuf| {
                let bytes = match export {
                    FlowExport::Svg => Ok(crate::flow::svg(&flow).into_bytes()),
                    FlowExport::Text => Ok(crate::flow::ascii(&flow).into_bytes()),
                    FlowExport::Png => {
                        crate::flow::png(&flow, &font.into_iter().collect::<Vec<_>>())
                            .map_err(std::io::Error::other)
                    }
                };
                write_notice(lang, &p, bytes, "what-flow-graph")
            };
            self.ask(ctx, what, Box::new(then));
        }
    }

    /// Re-dissects the selected frame when the selection (or the analysis) changed.
    fn refresh_detail(&mut self) {
        let Some(sel) = self.shared.selected else {
            self.shared.detail = None;
            return;
        };
        let complete = self
            .shared
            .session
            .as_ref()
            .is_some_and(|s| !s.is_loading());
        if self.shared.detail.as_ref().is_some_and(|d| d.frame == sel)
            && (complete || !self.list.detail_stale)
        {
            return;
        }
        let Some(s) = &self.shared.session else {
            return;
        };
        let an = s.read();
        let Some(rec) = an.record(sel) else {
            return;
        };
        let mut bytes = Vec::new();
        if !an.packet(sel, &mut bytes) {
            return;
        }
        let dis = dissect::dissect(&rec, sel, &bytes, &an);
        let same_frame = self.shared.detail.as_ref().is_some_and(|d| d.frame == sel);
        if !same_frame {
            self.shared.selected_field = None;
            self.shared.source_tab = 0;
        }
        // the walk-through's field for this stop
        if let Some(field) = self.explain.pending_field.take() {
            if let Some(p) = detail_tree::path_of(&dis.tree, field) {
                self.shared.commands.push(Command::SelectField(Some(p)));
                self.shared.commands.push(Command::RevealField);
            }
        }
        self.shared.detail = Some(Detail {
            frame: sel,
            bytes,
            dis,
        });
        self.list.detail_stale = !complete;
    }
}

/// The native app: window settings and persistence around [`FathomApp`].
pub struct NativeApp {
    pub app: FathomApp,
    pub initial: Option<PathBuf>,
}

impl eframe::App for NativeApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if let Some(p) = self.initial.take() {
            self.app.push(Command::Open(p));
        }
        self.app.ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.app.save_settings(|k, v| storage.set_string(k, v));
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.app.shutdown();
    }
}
