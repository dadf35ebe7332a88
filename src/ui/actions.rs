//! Every command of the menus once (`UiCommand`): its label, its hints, its keyboard shortcut,
//! when it can run and the [`Command`] it sends. The menus lay the commands out by name
//! ([`item_ui`]), the keyboard is handled from the same table ([`pressed`]), and Help ▸
//! Keyboard Shortcuts lists it ([`shortcut_list`]), so a label, a key and its listing cannot
//! disagree.

use super::command::FollowKind as Kind;
use super::command::StatKind as K;
use super::command::TcpGraphKind as G;
use super::command::{Command, Help};
use super::shared::Shared;
use egui::{Key, KeyboardShortcut as Keys, Modifiers as M};

/// A command the menus offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    Open,
    OpenExample,
    Save,
    SaveAs,
    Merge,
    ExportSpecified,
    Close,
    ExportHttpObjects,
    Quit,
    Mark,
    UnmarkAll,
    NextMark,
    PrevMark,
    TimeRef,
    UnsetTimeRefs,
    Find,
    Comment,
    Ignore,
    UnignoreAll,
    Preferences,
    ColoringRules,
    GoTo,
    CaptureOptions,
    StartCapture,
    StopCapture,
    RestartCapture,
    RefreshInterfaces,
    DecodeAs,
    Expert,
    FollowTcp,
    FollowHttp,
    FlowGraph,
    Hierarchy,
    Conversations,
    Endpoints,
    IoGraph,
    TcpGraph(G),
    Waterfall,
    HttpCounter,
    HttpRequests,
    HttpLoad,
    HttpSequences,
    Http2Types,
    Shortcuts,
    About,
}

/// What the table says of a command.
pub struct Spec {
    /// Its label, a message id.
    pub label: &'static str,
    /// Said on hover ("" none), and when it cannot run ("" none).
    pub hint: &'static str,
    pub disabled_hint: &'static str,
    /// Its keys (the first is shown in the menu).
    pub keys: &'static [Keys],
    /// What its shortcut does, for Help ▸ Keyboard Shortcuts ("": its label).
    pub key_help: &'static str,
    /// Whether it can run now.
    pub enabled: fn(&Shared) -> bool,
    pub command: Command,
}

impl Spec {
    /// The same row with a hint said on hover.
    fn hint(self, hint: &'static str) -> Spec {
        Spec { hint, ..self }
    }

    /// The same row with its shortcut and what the shortcut does (Help's text; "" its label).
    fn keys(self, keys: &'static [Keys], key_help: &'static str) -> Spec {
        Spec {
            keys,
            key_help,
            ..self
        }
    }
}

const CTRL: M = M::COMMAND;
const CTRL_SHIFT: M = M::COMMAND.plus(M::SHIFT);
const CTRL_ALT: M = M::COMMAND.plus(M::ALT);
const CTRL_ALT_SHIFT: M = M::COMMAND.plus(M::ALT).plus(M::SHIFT);

/// The shortcuts, each as a slice of keys.
mod key {
    use super::*;
    pub const CTRL_O: &[Keys] = &[Keys::new(CTRL, Key::O)];
    pub const CTRL_S: &[Keys] = &[Keys::new(CTRL, Key::S)];
    pub const CTRL_W: &[Keys] = &[Keys::new(CTRL, Key::W)];
    pub const CTRL_Q: &[Keys] = &[Keys::new(CTRL, Key::Q)];
    pub const CTRL_M: &[Keys] = &[Keys::new(CTRL, Key::M)];
    pub const CTRL_SHIFT_N: &[Keys] = &[Keys::new(CTRL_SHIFT, Key::N)];
    pub const CTRL_SHIFT_B: &[Keys] = &[Keys::new(CTRL_SHIFT, Key::B)];
    pub const CTRL_T: &[Keys] = &[Keys::new(CTRL, Key::T)];
    pub const CTRL_F: &[Keys] = &[Keys::new(CTRL, Key::F)];
    pub const CTRL_ALT_C: &[Keys] = &[Keys::new(CTRL_ALT, Key::C)];
    pub const CTRL_D: &[Keys] = &[Keys::new(CTRL, Key::D)];
    pub const CTRL_SHIFT_P: &[Keys] = &[Keys::new(CTRL_SHIFT, Key::P)];
    pub const CTRL_G: &[Keys] = &[Keys::new(CTRL, Key::G)];
    pub const CTRL_K: &[Keys] = &[Keys::new(CTRL, Key::K)];
    pub const CTRL_E: &[Keys] = &[Keys::new(CTRL, Key::E)];
    pub const CTRL_R: &[Keys] = &[Keys::new(CTRL, Key::R)];
    pub const CTRL_ALT_SHIFT_T: &[Keys] = &[Keys::new(CTRL_ALT_SHIFT, Key::T)];
    pub const CTRL_ALT_SHIFT_H: &[Keys] = &[Keys::new(CTRL_ALT_SHIFT, Key::H)];
    pub const CTRL_SHIFT_S: &[Keys] = &[Keys::new(CTRL_SHIFT, Key::S)];
}

fn always(_: &Shared) -> bool {
    true
}
fn open(shared: &Shared) -> bool {
    shared.session.is_some()
}
fn loaded(shared: &Shared) -> bool {
    shared.session.as_ref().is_some_and(|s| !s.is_loading())
}
fn selected(shared: &Shared) -> bool {
    shared.selected.is_some()
}
fn any_marked(shared: &Shared) -> bool {
    !shared.marked.is_empty()
}
fn capturing(shared: &Shared) -> bool {
    shared.session.as_ref().is_some_and(|s| s.is_capturing())
}
fn not_capturing(shared: &Shared) -> bool {
    !capturing(shared)
}
/// The flow reads the whole analysis: once loading has finished, or what a live capture
/// holds so far.
fn flow_ready(shared: &Shared) -> bool {
    loaded(shared) || capturing(shared)
}
fn tcp_graph_ready(shared: &Shared) -> bool {
    loaded(shared) && selected(shared)
}

impl UiCommand {
    /// Every command, in the order its shortcut is tried: a shortcut with more modifiers
    /// before one its keys include (egui's matching ignores extra Shift and Alt).
    pub const ALL: [UiCommand; 49] = {
        use UiCommand::*;
        [
            FollowTcp,
            FollowHttp,
            SaveAs,
            NextMark,
            PrevMark,
            Comment,
            Preferences,
            Open,
            OpenExample,
            Save,
            Merge,
            ExportSpecified,
            Close,
            ExportHttpObjects,
            Quit,
            Mark,
            UnmarkAll,
            TimeRef,
            UnsetTimeRefs,
            Find,
            Ignore,
            UnignoreAll,
            ColoringRules,
            GoTo,
            CaptureOptions,
            StartCapture,
            StopCapture,
            RestartCapture,
            RefreshInterfaces,
            DecodeAs,
            Expert,
            FlowGraph,
            Hierarchy,
            Conversations,
            Endpoints,
            IoGraph,
            TcpGraph(G::Stevens),
            TcpGraph(G::Tcptrace),
            TcpGraph(G::Throughput),
            TcpGraph(G::Rtt),
            TcpGraph(G::Window),
            Waterfall,
            HttpCounter,
            HttpRequests,
            HttpLoad,
            HttpSequences,
            Http2Types,
            Shortcuts,
            About,
        ]
    };

    /// The table's row for this command.
    pub fn spec(self) -> Spec {
        use UiCommand as U;
        let s = |label, enabled: fn(&Shared) -> bool, command| Spec {
            label,
            hint: "",
            disabled_hint: "",
            keys: &[],
            key_help: "",
            enabled,
            command,
        };
        let after_load = |label, command| Spec {
            disabled_hint: "menu-when-loaded",
            ..s(label, loaded, command)
        };
        match self {
            U::Open => s("menu-open", always, Command::OpenDialog).keys(key::CTRL_O, "key-open"),
            U::OpenExample => s("menu-example-http", always, Command::OpenExample),
            U::Save => s("menu-save", loaded, Command::SaveDialog).keys(key::CTRL_S, "key-save"),
            U::SaveAs => s("menu-save-as", loaded, Command::SaveDialog).keys(key::CTRL_SHIFT_S, ""),
            U::Merge => s("menu-merge", loaded, Command::MergeDialog).hint("menu-merge-hint"),
            U::ExportSpecified => s("menu-export-specified", loaded, Command::SaveDialog)
                .hint("menu-export-specified-hint"),
            U::Close => s("menu-close", open, Command::Close).keys(key::CTRL_W, "key-close"),
            U::ExportHttpObjects => after_load("menu-http-objects", Command::Stats(K::Objects)),
            U::Quit => s("menu-quit", always, Command::Quit).keys(key::CTRL_Q, "key-quit"),
            U::Mark => s("menu-mark", selected, Command::ToggleMark).keys(key::CTRL_M, "key-mark"),
            U::UnmarkAll => s("menu-unmark-all", any_marked, Command::UnmarkAll),
            U::NextMark => s("menu-next-mark", any_marked, Command::NextMark(true))
                .keys(key::CTRL_SHIFT_N, "key-next-mark"),
            U::PrevMark => s("menu-prev-mark", any_marked, Command::NextMark(false))
                .keys(key::CTRL_SHIFT_B, "key-prev-mark"),
            U::TimeRef => s("menu-time-ref", selected, Command::ToggleTimeRef)
                .keys(key::CTRL_T, "key-time-ref"),
            U::UnsetTimeRefs => s(
                "menu-unset-time-refs",
                |a| !a.time_refs.is_empty(),
                Command::UnsetTimeRefs,
            ),
            U::Find => s("menu-find", open, Command::FindDialog).keys(key::CTRL_F, "key-find"),
            U::Comment => s("menu-comment", selected, Command::EditComment)
                .keys(key::CTRL_ALT_C, "key-comment"),
            U::Ignore => {
                s("menu-ignore", selected, Command::ToggleIgnore).keys(key::CTRL_D, "key-ignore")
            }
            U::UnignoreAll => s(
                "menu-unignore-all",
                |a| !a.ignored.is_empty(),
                Command::UnignoreAll,
            ),
            U::Preferences => s("menu-preferences", always, Command::PreferencesDialog)
                .keys(key::CTRL_SHIFT_P, "key-preferences"),
            U::ColoringRules => s("menu-coloring-rules", always, Command::ColoringRulesDialog),
            U::GoTo => s("menu-goto", always, Command::GoToDialog).keys(key::CTRL_G, "key-goto"),
            U::CaptureOptions => s("menu-capture-options", always, Command::CaptureOptions)
                .keys(key::CTRL_K, "key-capture-options"),
            // the key starts a capture, or stops the one running
            U::StartCapture => s("menu-start", not_capturing, Command::StartCapture)
                .keys(key::CTRL_E, "key-start-stop"),
            U::StopCapture => s("menu-stop", capturing, Command::StopCapture),
            U::RestartCapture => s("menu-restart", capturing, Command::RestartCapture)
                .keys(key::CTRL_R, "key-restart"),
            U::RefreshInterfaces => s(
                "menu-refresh-interfaces",
                always,
                Command::RefreshInterfaces,
            ),
            U::DecodeAs => s("menu-decode-as", always, Command::DecodeAsDialog),
            U::Expert => s("menu-expert", loaded, Command::Stats(K::Expert)),
            U::FollowTcp => s("menu-follow-tcp", selected, Command::Follow(Kind::Tcp))
                .keys(key::CTRL_ALT_SHIFT_T, "key-follow-tcp"),
            U::FollowHttp => s("menu-follow-http", selected, Command::Follow(Kind::Http))
                .keys(key::CTRL_ALT_SHIFT_H, "key-follow-http"),
            U::FlowGraph => Spec {
                disabled_hint: "menu-when-loaded",
                ..s("menu-flow-graph", flow_ready, Command::FlowGraph(None))
            },
            U::Hierarchy => after_load("menu-hierarchy", Command::Stats(K::Hierarchy)),
            U::Conversations => after_load("menu-conversations", Command::Stats(K::Conversations)),
            U::Endpoints => after_load("menu-endpoints", Command::Stats(K::Endpoints)),
            U::IoGraph => s("menu-io-graph", loaded, Command::IoGraph),
            U::TcpGraph(k) => Spec {
                disabled_hint: "menu-select-tcp-first",
                ..s(k.name(), tcp_graph_ready, Command::TcpGraph(k))
            },
            U::Waterfall => s("menu-waterfall", loaded, Command::Waterfall),
            U::HttpCounter => s(
                "menu-packet-counter",
                loaded,
                Command::Stats(K::HttpCounter),
            ),
            U::HttpRequests => s("menu-requests", loaded, Command::Stats(K::HttpRequests)),
            U::HttpLoad => s(
                "menu-load-distribution",
                loaded,
                Command::Stats(K::HttpLoad),
            ),
            U::HttpSequences => s(
                "menu-request-sequences",
                loaded,
                Command::Stats(K::HttpSequences),
            ),
            U::Http2Types => s("menu-http2-types", loaded, Command::Stats(K::Http2)),
            U::Shortcuts => s("menu-shortcuts", always, Command::Help(Help::Shortcuts)),
            U::About => s("menu-about", always, Command::Help(Help::About)),
        }
    }
}

/// The command's menu item: its label, its shortcut, greyed out when it cannot run; a click
/// sends its command and closes the menu.
pub fn item_ui(shared: &Shared, ui: &mut egui::Ui, c: UiCommand) {
    let s = c.spec();
    let lang = shared.lang;
    let mut button = egui::Button::new(lang.tr(s.label));
    if let Some(k) = s.keys.first() {
        button = button.shortcut_text(ui.ctx().format_shortcut(k));
    }
    let mut r = ui.add_enabled((s.enabled)(shared), button);
    if !s.hint.is_empty() {
        r = r.on_hover_text(lang.tr(s.hint));
    }
    if !s.disabled_hint.is_empty() {
        r = r.on_disabled_hover_text(lang.tr(s.disabled_hint));
    }
    if r.clicked() {
        shared.push(s.command);
        ui.close();
    }
}

/// A hint with the command's shortcut after it, as the platform writes it ("Open a capture
/// file (Ctrl+O)"); the hint alone when the command has none.
pub fn hint_with_keys(ctx: &egui::Context, hint: String, c: UiCommand) -> String {
    match c.spec().keys.first() {
        Some(k) => format!("{hint} ({})", ctx.format_shortcut(k)),
        None => hint,
    }
}

/// The menu items of `commands`, in order.
pub fn items_ui(shared: &Shared, ui: &mut egui::Ui, commands: &[UiCommand]) {
    for &c in commands {
        item_ui(shared, ui, c);
    }
}

/// The commands whose shortcuts were pressed this frame (each key press taken once, the
/// most specific shortcut first).
pub fn pressed(input: &mut egui::InputState) -> Vec<Command> {
    let mut out = Vec::new();
    for c in UiCommand::ALL {
        let s = c.spec();
        if s.keys.iter().any(|k| input.consume_shortcut(k)) {
            out.push(s.command);
        }
    }
    out
}

/// Keys the list and tree handle themselves (not commands of their own), for the same list.
pub const OTHER_KEYS: &[(&str, &str)] = &[
    ("Ctrl+/", "key-filter-bar"),
    ("Ctrl+C", "key-copy"),
    ("↑ ↓ Page Up/Down", "key-move"),
    ("Home / End", "key-first-last"),
    ("→ / ←", "key-expand"),
];

/// Help ▸ Keyboard Shortcuts: every shortcut as the user types it, with what it does (a
/// message id).
pub fn shortcut_list(ctx: &egui::Context) -> Vec<(String, &'static str)> {
    let mut v: Vec<(String, &'static str)> = (UiCommand::ALL.into_iter())
        .map(UiCommand::spec)
        .filter(|s| !s.keys.is_empty())
        .map(|s| {
            let keys: Vec<String> = s.keys.iter().map(|k| ctx.format_shortcut(k)).collect();
            let what = if s.key_help.is_empty() {
                s.label
            } else {
                s.key_help
            };
            (keys.join(", "), what)
        })
        .collect();
    v.extend(OTHER_KEYS.iter().map(|(k, w)| (k.to_string(), *w)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No shortcut is another's with fewer modifiers tried first, and no two are the same.
    #[test]
    fn each_key_reaches_its_own_command() {
        let keyed: Vec<(usize, Keys)> = (UiCommand::ALL.iter().enumerate())
            .flat_map(|(i, c)| c.spec().keys.iter().map(move |k| (i, *k)))
            .collect();
        for (i, a) in &keyed {
            for (j, b) in &keyed {
                if i == j || a.logical_key != b.logical_key {
                    continue;
                }
                assert_ne!(a.modifiers, b.modifiers, "{:?} twice", a);
                // pressing `a` would also match `b` if `b` asks for less: `a` must come first
                if a.modifiers.matches_logically(b.modifiers) {
                    assert!(
                        i < j,
                        "{:?} is tried after {:?}",
                        UiCommand::ALL[*i],
                        UiCommand::ALL[*j]
                    );
                }
            }
        }
    }

    #[test]
    fn every_command_is_listed_once_with_words_in_every_language() {
        for (i, c) in UiCommand::ALL.iter().enumerate() {
            assert!(!UiCommand::ALL[..i].contains(c), "{c:?} twice");
            let s = c.spec();
            for id in [s.label, s.hint, s.disabled_hint, s.key_help] {
                for l in crate::i18n::Lang::ALL {
                    if !id.is_empty() {
                        assert!(crate::i18n::has(l, id), "{c:?}: no {l:?} text for {id}");
                    }
                }
            }
        }
    }
}
