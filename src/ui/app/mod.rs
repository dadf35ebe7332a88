//! The application: state, the command queue that views write to, menus and shortcuts.
//!
//! Views never change the state directly: they push a [`Command`], and [`FathomApp::ui`]
//! applies the queue once per frame, after drawing.

mod filtering;
mod saving;
mod stats;

use super::save_dialog::{self, Answer, Pending};
use super::settings::Settings;
use super::{
    capture_dialog, detail_tree, filter_bar, flow_graph, follow_stream, graphs, hex_view,
    packet_list, stats_window, status_bar, theme, waterfall, welcome,
};
use crate::capture::save::SaveFormat;
use crate::dissect::{self, Dissection};
use crate::session::Session;
use egui::{Key, RichText};
use std::path::{Path, PathBuf};

/// Everything a view can ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Open(PathBuf),
    /// Edit ▸ Preferences ▸ Protocols: pick the TLS key log file.
    KeyLogDialog,
    /// Use this TLS key log file (None: none) and analyse the open capture again.
    SetKeyLog(Option<PathBuf>),
    OpenDialog,
    Close,
    CancelLoad,
    Select(u32),
    /// A click on a packet list row: select it where it is (no scrolling).
    ClickRow(u32),
    /// Move the selection by this many rows in display order (negative = up).
    Move(i64),
    SelectFirst,
    SelectLast,
    GoToDialog,
    SelectField(Option<Vec<usize>>),
    /// Expand the selected field's parents in the tree and scroll it into view (after a
    /// click on its bytes).
    RevealField,
    SelectSource(usize),
    SetTimeFormat(TimeFormat),
    /// Edit ▸ Mark/Unmark Packet (Ctrl+M) on the selected packet.
    ToggleMark,
    UnmarkAll,
    /// Edit ▸ Next Mark / Previous Mark: select the next (true) or previous marked packet.
    NextMark(bool),
    /// Edit ▸ Set/Unset Time Reference (Ctrl+T) on the selected packet.
    ToggleTimeRef,
    UnsetTimeRefs,
    /// Edit ▸ Find Packet (Ctrl+F): show the find bar.
    FindDialog,
    /// Analyze ▸ Decode As.
    DecodeAsDialog,
    /// Edit ▸ Packet Comment: edit the selected packet's comment.
    EditComment,
    /// Set (Some) or delete (None) a packet's comment.
    SetComment(u32, Option<String>),
    /// View ▸ Coloring Rules.
    ColoringRulesDialog,
    /// Edit ▸ Preferences.
    PreferencesDialog,
    /// Edit ▸ Ignore/Unignore Packet (Ctrl+D): the file is analysed again without it.
    ToggleIgnore,
    UnignoreAll,
    /// Analyse the open file again (after Decode As or ignoring changed what it means),
    /// keeping the selection, marks, comments and the display filter.
    Reanalyse,
    /// File ▸ Merge: ask for the file to merge with the open one.
    MergeDialog,
    /// Merge this file with the open one (chronologically) and open the result.
    MergeWith(PathBuf),
    /// A tree field's Apply as Column: a custom column showing this field.
    AddColumn(String),
    /// A custom column's header menu: show another field, or remove the column.
    EditColumn(usize, String),
    RemoveColumn(usize),
    ToggleColoring,
    /// View ▸ Name Resolution: MAC vendor names (true) or transport port names (false).
    ToggleNames(bool),
    ToggleColumn(usize),
    SortBy(usize),
    SetDark(bool),
    /// View ▸ Explain: show or hide the Explain pane.
    ToggleExplain,
    /// View ▸ Language.
    SetLang(crate::i18n::Lang),
    /// File ▸ Open Example ▸ An HTTP page load: the demo capture with the walk-through.
    OpenExample,
    /// The walk-through: this many stops on (0 shows the current one again).
    TourStep(i64),
    EndTour,
    Copy(String),
    /// Apply a display filter (empty: show everything).
    ApplyFilter(String),
    /// Put a filter in the bar without applying it.
    PrepareFilter(String),
    ClearFilter,
    /// Follow the selected packet's TCP or HTTP stream.
    Follow(follow_stream::Kind),
    /// Close the Follow window; `true` restores the filter it replaced (Back).
    CloseFollow(bool),
    SaveFollow,
    /// Statistics ▸ Flow Graph: all TCP (`None`) or one stream.
    FlowGraph(Option<u32>),
    /// Save the flow graph as SVG, PNG or text in tshark's `-z flow` layout.
    SaveFlow(flow_graph::Export),
    /// A statistics window (Conversations, Endpoints, Protocol Hierarchy, Expert
    /// Information, the HTTP trees, Export Objects).
    Stats(stats_window::StatKind),
    /// Statistics ▸ I/O Graph.
    IoGraph,
    /// Save the I/O graph (CSV, SVG or PNG by the name's extension).
    SaveIoGraph,
    /// Statistics ▸ TCP Stream Graphs for the selected packet's stream.
    TcpGraph(graphs::TcpGraphKind),
    /// Statistics ▸ HTTP ▸ Waterfall.
    Waterfall,
    /// Capture ▸ Options.
    CaptureOptions,
    /// Start a live capture with the chosen options (Ctrl+E).
    StartCapture,
    StopCapture,
    /// Stop and start again with the same options (Ctrl+R).
    RestartCapture,
    /// Keep the newest packet in view during a capture (or stop doing so).
    FollowTail(bool),
    /// File ▸ Save / Save As: the window with the format and packet choices.
    SaveDialog,
    /// Ask where to save.
    SavePick,
    /// The user cancelled choosing where to save: what was to follow the save is dropped.
    SavePickCancelled,
    /// Write the capture (all or displayed packets) to a file.
    SaveTo(PathBuf, SaveFormat, save_dialog::PacketSet),
    /// The answer to "save the captured packets first?".
    Answer(Answer),
    /// Show a message that needs reading (a window's work failed).
    Notice(String),
    /// Capture ▸ Refresh Interfaces: list the interfaces again.
    RefreshInterfaces,
    /// Help ▸ Keyboard Shortcuts or About.
    Help(Help),
    /// The find bar's Find: the next (true) or previous match from the selected packet.
    FindNext(bool),
    /// Compute statistics window `i` again (its "Limit to display filter" changed).
    ReloadStats(usize),
    /// Export Objects: save one object of window `i` (its row), or all of them (None).
    SaveObjects(usize, Option<usize>),
    /// What the rows show changed (colouring rules): format them again.
    RowsChanged,
    /// Preferences: the system's file dialogs (true) or Fathom's own.
    SetNativeDialogs(bool),
    Quit,
}

/// The queue views send [`Command`]s to. Sending takes shared access only, so a view
/// that reads the app (`&FathomApp`) can send at the same time; the app drains the queue
/// once a frame, after every view is drawn, and is the only one that changes its state.
#[derive(Default)]
pub struct Commands(std::cell::RefCell<Vec<Command>>);

impl Commands {
    pub fn push(&self, c: Command) {
        self.0.borrow_mut().push(c);
    }

    pub fn extend(&self, cs: impl IntoIterator<Item = Command>) {
        self.0.borrow_mut().extend(cs);
    }

    /// Everything sent so far, in order; the queue is empty afterwards.
    pub fn take(&self) -> Vec<Command> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeFormat {
    SinceStart,
    SincePrevious,
    Utc,
    TimeOfDay,
    Epoch,
}

impl TimeFormat {
    pub const ALL: [TimeFormat; 5] = [
        TimeFormat::SinceStart,
        TimeFormat::SincePrevious,
        TimeFormat::Utc,
        TimeFormat::TimeOfDay,
        TimeFormat::Epoch,
    ];
    /// The format's name, as a message id.
    pub fn name(self) -> &'static str {
        match self {
            TimeFormat::SinceStart => "time-since-start",
            TimeFormat::SincePrevious => "time-since-previous",
            TimeFormat::Utc => "time-utc",
            TimeFormat::TimeOfDay => "time-of-day",
            TimeFormat::Epoch => "time-epoch",
        }
    }
    fn key(self) -> &'static str {
        match self {
            TimeFormat::SinceStart => "start",
            TimeFormat::SincePrevious => "prev",
            TimeFormat::Utc => "utc",
            TimeFormat::TimeOfDay => "tod",
            TimeFormat::Epoch => "epoch",
        }
    }
}

/// Which pane the arrow keys act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    List,
    Tree,
}

/// The full dissection of the selected frame.
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

pub struct Detail {
    pub frame: u32,
    pub bytes: Vec<u8>,
    pub dis: Dissection,
}

pub struct FathomApp {
    pub session: Option<Session>,
    pub error: Option<String>,
    pub selected: Option<u32>,
    pub scroll_to_selected: bool,
    pub list: packet_list::ListState,
    pub filter: filter_bar::FilterState,
    pub find: super::find_bar::FindState,
    pub decode_as: super::decode_as::DecodeAsState,
    /// The packet comment being edited: (frame, text).
    pub comment_edit: Option<(u32, String)>,
    /// The user's colouring rules (before Wireshark's defaults) and their dialog.
    pub coloring_rules: super::coloring::ColoringState,
    pub prefs: super::preferences::PreferencesState,
    /// Ignored packets (Ctrl+D).
    pub ignored: std::collections::BTreeSet<u32>,
    /// File ▸ Merge in progress: the merged file, once written.
    pub merging: Option<super::worker::Pending<PathBuf>>,
    pub follow: Option<follow_stream::FollowState>,
    pub flow_graph: Option<flow_graph::FlowGraphState>,
    pub detail: Option<Detail>,
    pub expert_count: ExpertCount,
    pub selected_field: Option<Vec<usize>>,
    pub source_tab: usize,
    /// The hex view should bring the selected field's bytes into view.
    pub hex_scroll: bool,
    /// Scroll the tree to the selected field once.
    pub tree_scroll: bool,
    pub focus: Focus,
    pub time_format: TimeFormat,
    /// Marked packets (Ctrl+M), drawn black on white as Wireshark draws them.
    pub marked: std::collections::BTreeSet<u32>,
    /// Time references (Ctrl+T): times since the beginning count from the latest one.
    pub time_refs: std::collections::BTreeSet<u32>,
    pub coloring: bool,
    pub dark: bool,
    /// View ▸ Explain and View ▸ Language.
    pub explain: super::explain_pane::ExplainState,
    pub recent: Vec<PathBuf>,
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
    /// Commands the views sent this frame, applied after they are drawn.
    pub commands: Commands,
    /// Help ▸ Keyboard Shortcuts or About, when open.
    pub help: Option<Help>,
    /// File ▸ Open, Save As and the other file choices: the system's dialog, else Fathom's.
    pub dialogs: super::file_dialog::Dialogs,
    title: String,
    /// Set while a test drives the app: loads synchronously, no native dialogs.
    pub headless: bool,
    fonts_installed: bool,
}

/// The Help menu's windows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Help {
    Shortcuts,
    About,
}

/// The extensions File ▸ Open offers as capture files.
const CAPTURE_EXTS: &[&str] = &["pcap", "pcapng", "cap", "gz", "dmp"];

const MAX_RECENT: usize = 10;

impl Default for FathomApp {
    fn default() -> Self {
        // what the window remembers starts from the settings' own defaults
        let saved = Settings::default();
        let mut app = FathomApp {
            session: None,
            error: None,
            selected: None,
            scroll_to_selected: false,
            list: packet_list::ListState::default(),
            filter: filter_bar::FilterState::new(),
            find: Default::default(),
            decode_as: Default::default(),
            comment_edit: None,
            coloring_rules: Default::default(),
            prefs: Default::default(),
            ignored: Default::default(),
            merging: None,
            follow: None,
            flow_graph: None,
            detail: None,
            expert_count: ExpertCount::default(),
            selected_field: None,
            source_tab: 0,
            hex_scroll: false,
            tree_scroll: false,
            focus: Focus::List,
            time_format: TimeFormat::SinceStart,
            marked: Default::default(),
            time_refs: Default::default(),
            coloring: saved.coloring,
            dark: saved.dark,
            explain: Default::default(),
            recent: saved.recent,
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
            commands: Commands::default(),
            dialogs: super::file_dialog::Dialogs::new(super::file_dialog::native_available()),
            help: None,
            title: String::new(),
            headless: false,
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
            headless: true,
            dialogs: super::file_dialog::Dialogs::new(false),
            ..Default::default()
        };
        app.explain.lang = crate::i18n::Lang::En;
        app
    }

    /// Restores the settings saved by [`FathomApp::save_settings`] (or by an earlier
    /// version). Settings that cannot be read are said, and the defaults used.
    pub fn load_settings(&mut self, get: impl Fn(&str) -> Option<String>) {
        let s = Settings::load(get).unwrap_or_else(|why| {
            self.error = Some(format!(
                "The saved settings could not be read ({why}); the defaults are used"
            ));
            Settings::default()
        });
        self.apply_settings(s);
    }

    /// Takes saved settings.
    pub fn apply_settings(&mut self, s: Settings) {
        self.recent = s.recent;
        self.dark = s.dark;
        self.coloring = s.coloring;
        self.explain.show = s.explain;
        if let Some(l) = s.lang.as_deref().and_then(crate::i18n::Lang::parse) {
            self.explain.lang = l;
        }
        self.time_format = TimeFormat::ALL
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
                self.error = Some(format!(
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
            recent: self.recent.clone(),
            dark: self.dark,
            coloring: self.coloring,
            explain: self.explain.show,
            lang: Some(self.explain.lang.code().into()),
            time_format: self.time_format.key().into(),
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

    /// The message `id` in the window's language.
    pub fn tr(&self, id: &str) -> String {
        crate::i18n::tr(self.explain.lang, id)
    }

    /// The message `id` with its arguments, in the window's language.
    pub fn tr_args(&self, id: &str, args: &[(&str, crate::i18n::ArgValue)]) -> String {
        crate::i18n::tr_args(self.explain.lang, id, args)
    }

    /// The windows and dialogs: each over its own state, reading the app.
    fn show_windows(&mut self, ctx: &egui::Context) {
        self.with_window(|a| &mut a.goto, |text, app| app.goto_ui(text, ctx));
        self.with_window(|a| &mut a.notice, |text, app| app.notice_ui(text, ctx));
        self.with_window(
            |a| &mut a.follow,
            |fs, app| {
                follow_stream::follow_ui(fs, app, ctx);
                true
            },
        );
        self.with_window(
            |a| &mut a.flow_graph,
            |fg, app| flow_graph::flow_graph_ui(fg, app, ctx),
        );
        self.with_part(
            |a| &mut a.stats,
            |wins, app| stats_window::stats_windows_ui(wins, app, ctx),
        );
        self.with_window(
            |a| &mut a.io_graph,
            |g, app| graphs::io_graph_ui(g, app, ctx),
        );
        self.with_window(
            |a| &mut a.tcp_graph,
            |g, app| graphs::tcp_graph_ui(g, app, ctx),
        );
        self.with_window(
            |a| &mut a.waterfall,
            |w, app| waterfall::waterfall_ui(w, app, ctx),
        );
        if self.capture.dialog_open {
            self.with_part(
                |a| &mut a.capture,
                |cap, app| capture_dialog::capture_options_ui(cap, app, ctx),
            );
        }
        self.with_part(
            |a| &mut a.save,
            |st, app| save_dialog::save_ui(st, app, ctx),
        );
        self.with_part(
            |a| &mut a.decode_as,
            |st, app| super::decode_as::decode_as_ui(st, app, ctx),
        );
        self.with_window(
            |a| &mut a.comment_edit,
            |edit, app| app.comment_ui(edit, ctx),
        );
        self.with_part(
            |a| &mut a.coloring_rules,
            |st, app| super::coloring::coloring_ui(st, app, ctx),
        );
        self.with_part(
            |a| &mut a.prefs,
            |st, app| super::preferences::preferences_ui(st, app, ctx),
        );
        self.dialogs.poll(self.explain.lang, ctx, &self.commands);
        super::file_dialog::file_dialog_ui(
            &mut self.dialogs,
            &self.commands,
            self.explain.lang,
            self.headless,
            ctx,
        );
        self.with_window(|a| &mut a.help, |which, app| app.help_ui(*which, ctx));
    }

    /// Draws a window whose state is `Some` in the app: the state is lent to the view (which
    /// reads the rest of the app) and put back unless the view says the window was closed.
    fn with_window<S>(
        &mut self,
        slot: fn(&mut FathomApp) -> &mut Option<S>,
        view: impl FnOnce(&mut S, &FathomApp) -> bool,
    ) {
        if let Some(mut state) = slot(self).take() {
            if view(&mut state, self) {
                *slot(self) = Some(state);
            }
        }
    }

    /// Draws a view over one part of the app: the part is lent out for the call, so the view
    /// reads the rest of the app (`&FathomApp`), changes only its own part, and sends
    /// commands for anything else.
    fn with_part<S: Default>(
        &mut self,
        part: fn(&mut FathomApp) -> &mut S,
        view: impl FnOnce(&mut S, &FathomApp),
    ) {
        let mut state = std::mem::take(part(self));
        view(&mut state, self);
        *part(self) = state;
    }

    /// Asks for a path (the system's dialog or Fathom's own), then runs `then` with it off
    /// the UI thread; a dialog that cannot open says why in a notice.
    pub fn ask(
        &mut self,
        ctx: &egui::Context,
        ask: super::file_dialog::Ask,
        then: super::file_dialog::Then,
    ) {
        if let Err(e) = self.dialogs.ask(self.explain.lang, ctx, ask, then) {
            self.notice = Some(e);
        }
    }

    /// Sends a command (applied once the views are drawn); shared access is enough.
    pub fn push(&self, c: Command) {
        self.commands.push(c);
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
        theme::apply(&ctx, self.dark);
        self.shortcuts(&ctx);
        self.take_dropped_files(&ctx);
        self.update_title(&ctx);
        self.watch_capture(&ctx);
        saving::poll(self);
        if let Some(c) = self.explain.start_tour_when_loaded(self.session.as_ref()) {
            self.push(c);
        }
        match super::worker::take(&mut self.merging) {
            Some(Ok(p)) => self.push(Command::Open(p)),
            Some(Err(e)) => {
                self.notice = Some(self.tr_args("notice-merge-failed", &[("error", e.into())]))
            }
            None => {}
        }

        filtering::poll(self);
        if let Some(frame) = self.find.poll(self.explain.lang) {
            self.push(Command::Select(frame));
        }
        egui::Panel::top("menu").show(ui, |ui| {
            super::menu::menu_bar_ui(self, ui);
            if self.session.is_some() {
                ui.separator();
                self.toolbar_ui(ui);
                self.with_part(
                    |a| &mut a.filter,
                    |f, app| filter_bar::filter_bar_ui(f, app, ui),
                );
                self.with_part(
                    |a| &mut a.find,
                    |f, app| super::find_bar::find_bar_ui(f, app, ui),
                );
            }
        });
        let mut count = self.expert_count;
        egui::Panel::bottom("status")
            .show(ui, |ui| status_bar::status_bar_ui(self, &mut count, ui));
        self.expert_count = count;
        if self.session.is_none() {
            self.with_part(
                |a| &mut a.capture,
                |cap, app| {
                    egui::CentralPanel::default().show(ui, |ui| welcome::welcome_ui(cap, app, ui));
                },
            );
        } else {
            self.refresh_detail();
            if self.explain.show {
                let selected = self.selected;
                self.explain
                    .refresh_sentences(selected, self.session.as_ref());
            }
            egui::Panel::bottom("hex")
                .resizable(true)
                .default_size(200.0)
                .min_size(140.0)
                .show(ui, |ui| hex_view::hex_view_ui(self, ui));
            self.hex_scroll = false;
            egui::Panel::bottom("tree")
                .resizable(true)
                .default_size(260.0)
                .min_size(100.0)
                .show(ui, |ui| {
                    if self.explain.show {
                        egui::Panel::right("explain")
                            .resizable(true)
                            .default_size(ui.available_width() * 0.45)
                            .min_size(160.0)
                            .show(ui, |ui| super::explain_pane::explain_pane_ui(self, ui));
                    }
                    detail_tree::detail_tree_ui(self, ui);
                    self.tree_scroll = false;
                });
            if let Err(e) = self.list.poll_sort() {
                self.notice = Some(self.tr_args("pl-sort-stopped", &[("error", e.into())]));
            }
            self.with_part(
                |a| &mut a.list,
                |list, app| {
                    egui::CentralPanel::default()
                        .show(ui, |ui| packet_list::packet_list_ui(list, app, ui));
                },
            );
            self.scroll_to_selected = false;
        }
        self.show_windows(&ctx);
        self.apply_commands(&ctx);
        if self.session.as_ref().is_some_and(|s| s.is_loading()) {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn toolbar_ui(&self, ui: &mut egui::Ui) {
        use super::actions::{hint_with_keys, UiCommand as U};
        let lang = self.explain.lang;
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
            let capturing = self.session.as_ref().is_some_and(|s| s.is_capturing());
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
            let b = ui.selectable_label(self.coloring, lang.tr("tb-colorize"));
            tool(b, "tb-colorize", None, Command::ToggleColoring);
        });
        self.commands.extend(cmds);
    }

    /// What Ctrl+C copies when no text field has the keyboard: the selected tree field as
    /// its line reads, else the selected packet's summary (its columns, tab-separated).
    pub fn copy_selection_text(&self) -> Option<String> {
        if let (Some(d), Some(path)) = (&self.detail, &self.selected_field) {
            if let Some(n) = detail_tree::node_at(&d.dis.tree, path) {
                return Some(n.display_label());
            }
        }
        let frame = self.selected?;
        let an = self.session.as_ref()?.read();
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
        self.commands.extend(cmds);
        // arrow keys, when no text field has focus
        if ctx.text_edit_focused() || self.goto.is_some() || self.session.is_none() {
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
            Focus::Tree => detail_tree::keys(self, ctx),
        }
    }

    /// Help ▸ Keyboard Shortcuts or About; `false` once closed.
    fn help_ui(&self, which: Help, ctx: &egui::Context) -> bool {
        let mut open = true;
        let lang = self.explain.lang;
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
        let t = match &self.session {
            Some(s) if s.live.is_some() => {
                let ifs = s
                    .live
                    .as_ref()
                    .map(|l| l.args.interfaces.join(", "))
                    .unwrap_or_default();
                if s.is_capturing() {
                    format!(
                        "{} — Fathom",
                        self.tr_args("title-capturing", &[("ifs", ifs.into())])
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
                        self.tr_args("title-unsaved", &[("ifs", ifs.into())])
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
    fn notice_ui(&self, text: &str, ctx: &egui::Context) -> bool {
        let mut close = false;
        let lang = self.explain.lang;
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
    fn goto_ui(&self, text: &mut String, ctx: &egui::Context) -> bool {
        let mut close = false;
        let mut go = None;
        let lang = self.explain.lang;
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
            self.push(Command::Select(n));
        }
        !close
    }

    /// Notices the end of a live capture: the filter is applied again over every packet
    /// (two-pass, as on a file), and a quit with unsaved packets is asked about first.
    fn watch_capture(&mut self, ctx: &egui::Context) {
        // a load the memory guard stopped: said once in a dialog (the status bar keeps it)
        let stopped = self.session.as_ref().and_then(|s| {
            s.status
                .stopped
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take()
        });
        if let Some(m) = stopped {
            self.notice = Some(m);
        }
        let capturing = self.session.as_ref().is_some_and(|s| s.is_capturing());
        if self.was_capturing && !capturing {
            let err = self
                .session
                .as_ref()
                .and_then(|s| s.live.as_ref())
                .and_then(|l| l.error());
            if let Some(e) = err {
                if self.frame_count() == 0 {
                    // the capture never started (permissions, interface, filter): say why
                    self.save.unsaved = false;
                    self.close();
                    self.error = Some(e);
                } else {
                    self.notice = Some(e);
                }
            }
            if let Some(f) = self.filter.applied.clone() {
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
                self.session = Some(s);
                self.error = None;
                self.save.unsaved = true;
                self.save.saved_to = None;
                self.save.quit_confirmed = false;
                self.list.follow_tail = true;
                self.was_capturing = true;
                if let Some(f) = self.filter.applied.clone() {
                    self.filter.applied = None;
                    self.push(Command::ApplyFilter(f));
                }
            }
            Err(e) => {
                self.error = Some(match std::fs::remove_file(&path) {
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
                if self.headless {
                    s.wait();
                }
                self.session = Some(s);
                self.error = None;
                // kept as a clean absolute path (no "./" or "..")
                let clean = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
                self.recent.retain(|p| *p != clean);
                self.recent.insert(0, clean);
                self.recent.truncate(MAX_RECENT);
            }
            Err(e) => self.error = Some(e),
        }
    }

    fn close(&mut self) {
        if let Some(s) = self.session.take() {
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
            if let Err(e) = super::worker::start("fathom-close", self.headless, finish) {
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
        self.selected = None;
        self.detail = None;
        self.selected_field = None;
        self.source_tab = 0;
        self.marked.clear();
        self.time_refs.clear();
        self.ignored.clear();
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
        let Some(old) = &self.session else { return };
        if old.live.is_some() {
            self.notice = Some(self.tr("notice-live-not-reanalysed"));
            self.ignored.clear();
            return;
        }
        let path = old.path.clone();
        let comments = old.read().comments.clone();
        let c = ctx.clone();
        let ignored: std::collections::HashSet<u32> = self.ignored.iter().copied().collect();
        match Session::open_ignoring(&path, ignored, move || c.request_repaint()) {
            Ok(mut s) => {
                if self.headless {
                    s.wait();
                }
                // comments edited in the window live in the analysis: carry them over
                s.analysis
                    .write()
                    .unwrap_or_else(|p| p.into_inner())
                    .comments
                    .extend(comments);
                // the old session's loader is joined off this thread
                if let Some(old) = self.session.replace(s) {
                    if self.headless {
                        drop(old);
                    } else if let Err(e) = std::thread::Builder::new()
                        .name("fathom-close".into())
                        .spawn(move || drop(old))
                    {
                        self.notice = Some(
                            self.tr_args("notice-no-thread", &[("error", e.to_string().into())]),
                        );
                    }
                }
                self.detail = None;
                self.list.rows.clear();
                if let Some(f) = self.filter.applied.clone() {
                    self.push(Command::ApplyFilter(f));
                }
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Merges the open file with `other` on a worker thread into a new pcapng in the
    /// temporary directory; the result opens when it is written.
    fn start_merge(&mut self, other: PathBuf, ctx: &egui::Context) {
        let Some(s) = &self.session else { return };
        if s.is_capturing() || s.is_loading() {
            self.notice = Some(self.tr("notice-merge-wait"));
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
        let job = super::worker::spawn(s, self.headless, ctx, "fathom-merge", move |cf, _| {
            crate::capture::merge::merge(
                &cf.path,
                &other,
                crate::capture::merge::Order::Chronological,
                &out,
            )?;
            Ok(out)
        });
        match job {
            Ok(p) => self.merging = Some(p),
            Err(e) => self.notice = Some(e),
        }
    }

    /// Edit ▸ Packet Comment: a small window with the comment's text.
    /// The packet comment being edited (`frame`, `text`); `false` once closed.
    fn comment_ui(&self, edit: &mut (u32, String), ctx: &egui::Context) -> bool {
        let frame = edit.0;
        let text = &mut edit.1;
        let mut done: Option<Option<Option<String>>> = None;
        let mut open = true;
        let lang = self.explain.lang;
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
                    self.push(Command::SetComment(frame, c));
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
                Ok(()) => self.tr_args("notice-io-saved", &[("dir", dir.into())]),
                Err(e) => self.tr_args("notice-io-not-saved", &[("error", e.to_string().into())]),
            });
            return;
        }
        use super::file_dialog::{write_notice, Ask, Pick};
        let lang = self.explain.lang;
        let what = Ask::new(Pick::Save, self.tr("ask-save-io"))
            .file_name("io-graph.png")
            .filter(self.tr("ask-png"), &["png"])
            .filter(self.tr("ask-svg"), &["svg"])
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
        let h = self.headless;
        self.headless = true; // close synchronously: the process is about to end
        self.close();
        self.headless = h;
    }

    /// Number of frames read so far.
    pub fn frame_count(&self) -> u32 {
        self.session
            .as_ref()
            // (through the session, so that a loading worker steps aside for it)
            .map(|s| s.read().frames.len() as u32)
            .unwrap_or(0)
    }

    /// Uses a TLS key log file (a file that cannot be read is refused, with the reason)
    /// and analyses the open capture again with it.
    fn set_keylog(&mut self, p: Option<PathBuf>, ctx: &egui::Context) {
        match crate::tls::keylog::set_file(p.clone()) {
            Err(e) => self.error = Some(e),
            Ok(()) => {
                self.error = None;
                self.prefs.keylog_draft =
                    Some(p.map(|p| p.display().to_string()).unwrap_or_default());
                if self.session.as_ref().is_some_and(|s| s.live.is_none()) {
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
        let what = Ask::new(Pick::Open, self.tr(title))
            .filter(self.tr("ask-capture-files"), CAPTURE_EXTS)
            .filter(self.tr("ask-all-files"), &["*"]);
        self.ask(ctx, what, Box::new(move |p| Outcome::Command(then(p))));
    }

    fn apply_commands(&mut self, ctx: &egui::Context) {
        let cmds = self.commands.take();
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
                if let Some(s) = self.session.as_ref().filter(|s| s.is_capturing()) {
                    s.stop_capture();
                } else if !saving::must_ask(self, Pending::StartCapture) {
                    self.start_capture(ctx);
                }
            }
            Command::StopCapture => {
                if let Some(s) = &self.session {
                    s.stop_capture();
                }
            }
            Command::RestartCapture => {
                let capturing = self.session.as_ref().is_some_and(|s| s.is_capturing());
                if capturing && !saving::must_ask(self, Pending::RestartCapture) {
                    self.save.unsaved = false;
                    self.start_capture(ctx);
                }
            }
            Command::FollowTail(on) => {
                self.list.follow_tail = on;
                self.list.jump_to_end = on;
            }
            Command::SaveDialog if self.session.as_ref().is_some_and(|s| !s.is_loading()) => {
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
                        if let Some(s) = &self.session {
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
                        self.commands.push(p.command());
                    }
                    Answer::Cancel => {}
                }
            }
            Command::CancelLoad => {
                if let Some(s) = &self.session {
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
                self.selected = Some(n);
                self.focus = Focus::List;
                ctx.request_repaint();
            }
            Command::Select(n) => {
                self.list.follow_tail = false;
                if n >= 1 && n <= self.frame_count() && packet_list::row_of(self, n).is_some() {
                    self.selected = Some(n);
                    self.scroll_to_selected = true;
                    self.focus = Focus::List;
                }
            }
            Command::Move(d) => {
                if let Some(n) = packet_list::moved(self, d) {
                    self.selected = Some(n);
                    self.scroll_to_selected = true;
                }
            }
            Command::SelectFirst => {
                if let Some(n) = packet_list::moved(self, i64::MIN / 2) {
                    self.selected = Some(n);
                    self.scroll_to_selected = true;
                }
            }
            Command::SelectLast => {
                if let Some(n) = packet_list::moved(self, i64::MAX / 2) {
                    self.selected = Some(n);
                    self.scroll_to_selected = true;
                }
            }
            Command::GoToDialog if self.session.is_some() => {
                self.goto = Some(String::new());
            }
            Command::SelectField(p) => {
                self.focus = Focus::Tree;
                if let (Some(p), Some(d)) = (&p, &self.detail) {
                    if let Some(n) = detail_tree::node_at(&d.dis.tree, p) {
                        self.source_tab = n.ds as usize;
                    }
                }
                self.selected_field = p;
                self.hex_scroll = true;
            }
            Command::RevealField => {
                if let (Some(d), Some(p)) = (&self.detail, &self.selected_field) {
                    detail_tree::reveal(ctx, &d.dis.tree, p);
                    self.tree_scroll = true;
                }
            }
            Command::SelectSource(i) => self.source_tab = i,
            Command::SetTimeFormat(f) => self.time_format = f,
            Command::ToggleMark => {
                if let Some(f) = self.selected {
                    if !self.marked.remove(&f) {
                        self.marked.insert(f);
                    }
                }
            }
            Command::UnmarkAll => self.marked.clear(),
            Command::NextMark(forward) => {
                let at = self.selected.unwrap_or(0);
                let next = if forward {
                    self.marked.range(at + 1..).next().copied()
                } else {
                    self.marked.range(..at).next_back().copied()
                };
                if let Some(f) = next {
                    self.selected = Some(f);
                    self.scroll_to_selected = true;
                }
            }
            Command::ToggleTimeRef => {
                if let Some(f) = self.selected {
                    if !self.time_refs.remove(&f) {
                        self.time_refs.insert(f);
                    }
                    self.list.rows.clear();
                }
            }
            Command::UnsetTimeRefs => self.time_refs.clear(),
            Command::DecodeAsDialog => self.decode_as.show(),
            Command::PreferencesDialog => self.prefs.open = true,
            Command::ToggleIgnore => {
                if let Some(f) = self.selected {
                    if !self.ignored.remove(&f) {
                        self.ignored.insert(f);
                    }
                    self.reanalyse(ctx);
                }
            }
            Command::UnignoreAll if !self.ignored.is_empty() => {
                self.ignored.clear();
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
                let what = Ask::new(Pick::Open, self.tr("ask-keylog"))
                    .filter(self.tr("ask-all-files"), &["*"]);
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
                if let (Some(f), Some(s)) = (self.selected, &self.session) {
                    let text = s.read().comments.get(&f).cloned().unwrap_or_default();
                    self.comment_edit = Some((f, text));
                }
            }
            Command::SetComment(f, text) => {
                if let Some(s) = &self.session {
                    if s.is_capturing() {
                        self.notice = Some(self.tr("notice-comment-stop-first"));
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
                        self.detail = None;
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
                    self.notice =
                        Some(self.tr_args("notice-unknown-field", &[("field", f.into())]));
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
                    self.list.order = None;
                }
            }
            Command::FindDialog if self.session.is_some() => {
                self.find.open = true;
                self.find.focus = true;
            }
            Command::ToggleColoring => self.coloring = !self.coloring,
            Command::ToggleNames(mac) => {
                if mac {
                    crate::names::set_mac_resolution(!crate::names::mac_resolution());
                } else {
                    crate::names::set_port_resolution(!crate::names::port_resolution());
                }
                // rows and the tree are formatted again with the new names
                self.list.rows.clear();
                self.detail = None;
            }
            Command::ToggleColumn(i) => {
                if let Some(v) = self.list.visible.get_mut(i) {
                    *v = !*v;
                }
            }
            Command::SortBy(col) => {
                if let Some(s) = &self.session {
                    if let Err(e) = self.list.sort_by(s, col, ctx) {
                        self.notice = Some(e);
                    }
                }
            }
            Command::SetDark(d) => self.dark = d,
            Command::ToggleExplain => self.explain.show = !self.explain.show,
            Command::SetLang(l) => self.explain.lang = l,
            Command::OpenExample => match welcome::demo_capture() {
                Some(p) => {
                    self.explain.show = true;
                    self.explain.tour = None;
                    self.explain.tour_wanted = true;
                    self.push(Command::Open(p));
                }
                None => self.notice = Some(self.tr("notice-no-example")),
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
        if let Some(s) = &self.session {
            let order = self.list.filtered.clone();
            let (from, headless) = (self.selected, self.headless);
            self.find.start(s, order, from, forward, headless, ctx);
        }
    }

    /// Starts computing statistics window `idx`.
    fn load_stats(&mut self, idx: usize, ctx: &egui::Context) {
        let applied = self.filter.applied.clone();
        if let (Some(s), Some(w)) = (&self.session, self.stats.get_mut(idx)) {
            w.load(s, applied, self.headless, ctx);
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
                let stream = self.selected.and_then(|f| {
                    self.session
                        .as_ref()
                        .and_then(|s| s.read().tcp(f).map(|t| t.stream))
                });
                if let Some(stream) = stream {
                    let prev = self.filter.applied.clone();
                    let mut fs = follow_stream::FollowState::new(kind, stream, prev);
                    follow_stream::load(&mut fs, self, ctx);
                    self.follow = Some(fs);
                    self.commands
                        .push(Command::ApplyFilter(format!("tcp.stream eq {stream}")));
                }
            }
            Command::FlowGraph(_)
                if self
                    .session
                    .as_ref()
                    .is_none_or(|s| s.is_loading() && !s.is_capturing()) => {}
            Command::Stats(kind) => match self.stats.iter().position(|w| w.kind == kind) {
                Some(i) => self.stats[i].open = true,
                None if self.session.as_ref().is_some_and(|s| !s.is_loading()) => {
                    self.stats.push(stats_window::StatWindow::new(kind));
                    let i = self.stats.len() - 1;
                    self.load_stats(i, ctx);
                }
                None => {}
            },
            Command::IoGraph if self.io_graph.is_none() => {
                let mut g = graphs::IoGraphState::new(self.explain.lang);
                graphs::load_io(&mut g, self, ctx);
                self.io_graph = Some(g);
            }
            Command::SaveIoGraph => self.save_io_graph(ctx),
            Command::TcpGraph(kind) => {
                let stream = self.selected.and_then(|f| {
                    self.session
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
                            graphs::load_tcp(&mut g, self, ctx);
                            self.tcp_graph = Some(g);
                        }
                    }
                    None => {
                        self.notice = Some(self.tr("notice-select-tcp"));
                    }
                }
            }
            Command::Waterfall if self.waterfall.is_none() && self.session.is_some() => {
                match waterfall::load(self, ctx) {
                    Ok(w) => self.waterfall = Some(w),
                    Err(e) => self.notice = Some(e),
                }
            }
            Command::FlowGraph(stream) => {
                let mut fg = flow_graph::FlowGraphState::new(stream);
                flow_graph::load(&mut fg, self, ctx);
                self.flow_graph = Some(fg);
            }
            Command::CloseFollow(back) => {
                if let Some(fs) = self.follow.take() {
                    if back {
                        self.commands
                            .push(Command::ApplyFilter(fs.previous_filter.unwrap_or_default()));
                    }
                }
            }
            Command::SaveFollow => {
                if let Some(fs) = &self.follow {
                    use super::file_dialog::{write_notice, Ask, Pick};
                    let bytes = follow_stream::save_bytes(fs);
                    let lang = self.explain.lang;
                    let what =
                        Ask::new(Pick::Save, self.tr("ask-save-stream")).file_name("stream.txt");
                    self.ask(
                        ctx,
                        what,
                        Box::new(move |p| write_notice(lang, &p, Ok(bytes), "what-stream")),
                    );
                }
            }
            Command::SaveFlow(export) => {
                if let Some(flow) = self.flow_graph.as_ref().and_then(|f| f.flow.clone()) {
                    use super::file_dialog::{write_notice, Ask, Pick};
                    let font = egui::FontDefinitions::default()
                        .font_data
                        .get("Hack")
                        .map(|f| f.bytes().to_vec());
                    let name = match export {
                        flow_graph::Export::Svg => "flow.svg",
                        flow_graph::Export::Png => "flow.png",
                        flow_graph::Export::Text => "flow.txt",
                    };
                    let lang = self.explain.lang;
                    let what = Ask::new(Pick::Save, self.tr("ask-save-flow")).file_name(name);
                    // rendering (PNG) and writing happen off the UI thread
                    let then = move |p: PathBuf| {
                        let bytes = match export {
                            flow_graph::Export::Svg => Ok(crate::flow::svg(&flow).into_bytes()),
                            flow_graph::Export::Text => Ok(crate::flow::ascii(&flow).into_bytes()),
                            flow_graph::Export::Png => {
                                crate::flow::png(&flow, &font.into_iter().collect::<Vec<_>>())
                                    .map_err(std::io::Error::other)
                            }
                        };
                        write_notice(lang, &p, bytes, "what-flow-graph")
                    };
                    self.ask(ctx, what, Box::new(then));
                }
            }
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

    /// Re-dissects the selected frame when the selection (or the analysis) changed.
    fn refresh_detail(&mut self) {
        let Some(sel) = self.selected else {
            self.detail = None;
            return;
        };
        let complete = self.session.as_ref().is_some_and(|s| !s.is_loading());
        if self.detail.as_ref().is_some_and(|d| d.frame == sel)
            && (complete || !self.list.detail_stale)
        {
            return;
        }
        let Some(s) = &self.session else { return };
        let an = s.read();
        let Some(rec) = an.record(sel) else {
            return;
        };
        let mut bytes = Vec::new();
        if !an.packet(sel, &mut bytes) {
            return;
        }
        let labels = dissect::tree::labels(true);
        let dis = dissect::dissect(&rec, sel, &bytes, &an);
        drop(labels);
        let same_frame = self.detail.as_ref().is_some_and(|d| d.frame == sel);
        if !same_frame {
            self.selected_field = None;
            self.source_tab = 0;
        }
        // the walk-through's field for this stop
        if let Some(field) = self.explain.pending_field.take() {
            if let Some(p) = detail_tree::path_of(&dis.tree, field) {
                self.commands.push(Command::SelectField(Some(p)));
                self.commands.push(Command::RevealField);
            }
        }
        self.detail = Some(Detail {
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
