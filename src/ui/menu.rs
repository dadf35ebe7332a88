//! The menu bar: a function per menu. Menus read the app and send commands.

use super::app::{Command, FathomApp, Help};
use super::{follow_stream, graphs, stats_window};

/// The menu bar.
pub fn menu_bar_ui(app: &FathomApp, ui: &mut egui::Ui) {
    let lang = app.explain.lang;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(lang.tr("menu-file"), |ui| file_menu_ui(app, ui));
        ui.menu_button(lang.tr("menu-edit"), |ui| edit_menu_ui(app, ui));
        ui.menu_button(lang.tr("menu-view"), |ui| view_menu_ui(app, ui));
        ui.menu_button(lang.tr("menu-capture"), |ui| capture_menu_ui(app, ui));
        ui.menu_button(lang.tr("menu-analyze"), |ui| analyze_menu_ui(app, ui));
        ui.menu_button(lang.tr("menu-statistics"), |ui| statistics_menu_ui(app, ui));
        ui.menu_button(lang.tr("menu-help"), |ui| help_menu_ui(app, ui));
    });
}

/// The File menu.
fn file_menu_ui(app: &FathomApp, ui: &mut egui::Ui) {
    let lang = app.explain.lang;
    if ui.button(lang.tr("menu-open")).clicked() {
        app.push(Command::OpenDialog);
    }
    ui.menu_button(lang.tr("menu-open-example"), |ui| {
        if ui.button(lang.tr("menu-example-http")).clicked() {
            app.push(Command::OpenExample);
            ui.close();
        }
    });
    ui.menu_button(lang.tr("menu-open-recent"), |ui| {
        if app.recent.is_empty() {
            ui.label(lang.tr("menu-none"));
        }
        for p in app.recent.clone() {
            // the file's name, then its folder (the whole path on hover)
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string());
            let dir = p
                .parent()
                .map(|d| d.display().to_string())
                .unwrap_or_default();
            if ui
                .button(format!("{name}   — {dir}"))
                .on_hover_text(p.display().to_string())
                .clicked()
            {
                app.push(Command::Open(p));
            }
        }
    });
    let can_save = app.session.as_ref().is_some_and(|s| !s.is_loading());
    if ui
        .add_enabled(can_save, egui::Button::new(lang.tr("menu-save")))
        .clicked()
    {
        app.push(Command::SaveDialog);
    }
    if ui
        .add_enabled(can_save, egui::Button::new(lang.tr("menu-save-as")))
        .clicked()
    {
        app.push(Command::SaveDialog);
    }
    if ui
        .add_enabled(can_save, egui::Button::new(lang.tr("menu-merge")))
        .on_hover_text(lang.tr("menu-merge-hint"))
        .clicked()
    {
        app.push(Command::MergeDialog);
    }
    if ui
        .add_enabled(
            can_save,
            egui::Button::new(lang.tr("menu-export-specified")),
        )
        .on_hover_text(lang.tr("menu-export-specified-hint"))
        .clicked()
    {
        app.push(Command::SaveDialog);
    }
    if ui
        .add_enabled(
            app.session.is_some(),
            egui::Button::new(lang.tr("menu-close")),
        )
        .clicked()
    {
        app.push(Command::Close);
    }
    ui.menu_button(lang.tr("menu-export-objects"), |ui| {
        let can = app.session.as_ref().is_some_and(|s| !s.is_loading());
        if ui
            .add_enabled(can, egui::Button::new(lang.tr("menu-http-objects")))
            .on_disabled_hover_text(lang.tr("menu-when-loaded"))
            .clicked()
        {
            app.push(Command::Stats(stats_window::StatKind::Objects));
            ui.close();
        }
    });
    ui.separator();
    if ui.button(lang.tr("menu-quit")).clicked() {
        app.push(Command::Quit);
    }
}

/// The Edit menu.
fn edit_menu_ui(app: &FathomApp, ui: &mut egui::Ui) {
    let lang = app.explain.lang;
    let sel = app.selected.is_some();
    let items: [(String, &str, bool, Command); 11] = [
        (lang.tr("menu-mark"), "Ctrl+M", sel, Command::ToggleMark),
        (
            lang.tr("menu-unmark-all"),
            "",
            !app.marked.is_empty(),
            Command::UnmarkAll,
        ),
        (
            lang.tr("menu-next-mark"),
            "Ctrl+Shift+N",
            !app.marked.is_empty(),
            Command::NextMark(true),
        ),
        (
            lang.tr("menu-prev-mark"),
            "Ctrl+Shift+B",
            !app.marked.is_empty(),
            Command::NextMark(false),
        ),
        (
            lang.tr("menu-time-ref"),
            "Ctrl+T",
            sel,
            Command::ToggleTimeRef,
        ),
        (
            lang.tr("menu-unset-time-refs"),
            "",
            !app.time_refs.is_empty(),
            Command::UnsetTimeRefs,
        ),
        (
            lang.tr("menu-find"),
            "Ctrl+F",
            app.session.is_some(),
            Command::FindDialog,
        ),
        (
            lang.tr("menu-comment"),
            "Ctrl+Alt+C",
            sel,
            Command::EditComment,
        ),
        (lang.tr("menu-ignore"), "Ctrl+D", sel, Command::ToggleIgnore),
        (
            lang.tr("menu-unignore-all"),
            "",
            !app.ignored.is_empty(),
            Command::UnignoreAll,
        ),
        (
            lang.tr("menu-preferences"),
            "Ctrl+Shift+P",
            true,
            Command::PreferencesDialog,
        ),
    ];
    for (label, keys, enabled, cmd) in items {
        if ui
            .add_enabled(enabled, egui::Button::new(label).shortcut_text(keys))
            .clicked()
        {
            app.push(cmd);
            ui.close();
        }
    }
}

/// The View menu.
fn view_menu_ui(app: &FathomApp, ui: &mut egui::Ui) {
    let lang = app.explain.lang;
    let mut cmds = Vec::new();
    ui.menu_button(lang.tr("menu-time-format"), |ui| {
        super::preferences::time_format_ui(app, ui, &mut cmds)
    });
    ui.menu_button(lang.tr("menu-columns"), |ui| {
        super::preferences::columns_ui(app, ui, &mut cmds)
    });
    ui.menu_button(lang.tr("menu-name-resolution"), |ui| {
        super::preferences::name_resolution_ui(lang, ui, &mut cmds)
    });
    app.commands.extend(cmds);
    if ui
        .checkbox(&mut app.coloring.clone(), lang.tr("menu-colorize"))
        .clicked()
    {
        app.push(Command::ToggleColoring);
    }
    if ui.button(lang.tr("menu-coloring-rules")).clicked() {
        app.push(Command::ColoringRulesDialog);
        ui.close();
    }
    if ui.button(lang.tr("menu-goto")).clicked() {
        app.push(Command::GoToDialog);
    }
    if ui
        .checkbox(&mut app.explain.show.clone(), lang.tr("menu-explain"))
        .clicked()
    {
        app.push(Command::ToggleExplain);
    }
    ui.menu_button(lang.tr("menu-language"), |ui| {
        for l in crate::i18n::Lang::ALL {
            if ui.radio(app.explain.lang == l, l.native_name()).clicked() {
                app.push(Command::SetLang(l));
                ui.close();
            }
        }
    });
    ui.separator();
    if ui.radio(!app.dark, lang.tr("menu-light")).clicked() {
        app.push(Command::SetDark(false));
    }
    if ui.radio(app.dark, lang.tr("menu-dark")).clicked() {
        app.push(Command::SetDark(true));
    }
}

/// The Capture menu.
fn capture_menu_ui(app: &FathomApp, ui: &mut egui::Ui) {
    let lang = app.explain.lang;
    let capturing = app.session.as_ref().is_some_and(|s| s.is_capturing());
    if ui.button(lang.tr("menu-capture-options")).clicked() {
        app.push(Command::CaptureOptions);
        ui.close();
    }
    if ui
        .add_enabled(!capturing, egui::Button::new(lang.tr("menu-start")))
        .clicked()
    {
        app.push(Command::StartCapture);
        ui.close();
    }
    if ui
        .add_enabled(capturing, egui::Button::new(lang.tr("menu-stop")))
        .clicked()
    {
        app.push(Command::StopCapture);
        ui.close();
    }
    if ui
        .add_enabled(capturing, egui::Button::new(lang.tr("menu-restart")))
        .clicked()
    {
        app.push(Command::RestartCapture);
        ui.close();
    }
    if ui.button(lang.tr("menu-refresh-interfaces")).clicked() {
        app.push(Command::RefreshInterfaces);
        ui.close();
    }
}

/// The Analyze menu.
fn analyze_menu_ui(app: &FathomApp, ui: &mut egui::Ui) {
    let lang = app.explain.lang;
    let can = app.session.as_ref().is_some_and(|s| !s.is_loading());
    if ui.button(lang.tr("menu-decode-as")).clicked() {
        app.push(Command::DecodeAsDialog);
        ui.close();
    }
    if ui
        .add_enabled(can, egui::Button::new(lang.tr("menu-expert")))
        .clicked()
    {
        app.push(Command::Stats(stats_window::StatKind::Expert));
        ui.close();
    }
    ui.menu_button(lang.tr("menu-follow"), |ui| {
        let can = app.selected.is_some();
        if ui
            .add_enabled(can, egui::Button::new(lang.tr("menu-follow-tcp")))
            .clicked()
        {
            app.push(Command::Follow(follow_stream::Kind::Tcp));
            ui.close();
        }
        if ui
            .add_enabled(can, egui::Button::new(lang.tr("menu-follow-http")))
            .clicked()
        {
            app.push(Command::Follow(follow_stream::Kind::Http));
            ui.close();
        }
    });
}

/// The Statistics menu.
fn statistics_menu_ui(app: &FathomApp, ui: &mut egui::Ui) {
    let lang = app.explain.lang;
    // the flow reads the whole analysis: once loading has finished, or what a
    // live capture holds so far
    let can = app
        .session
        .as_ref()
        .is_some_and(|s| !s.is_loading() || s.is_capturing());
    if ui
        .add_enabled(can, egui::Button::new(lang.tr("menu-flow-graph")))
        .on_disabled_hover_text(lang.tr("menu-when-loaded"))
        .clicked()
    {
        app.push(Command::FlowGraph(None));
        ui.close();
    }
    use stats_window::StatKind as K;
    let done = app.session.as_ref().is_some_and(|s| !s.is_loading());
    for (k, id) in [
        (K::Hierarchy, "menu-hierarchy"),
        (K::Conversations, "menu-conversations"),
        (K::Endpoints, "menu-endpoints"),
    ] {
        if ui
            .add_enabled(done, egui::Button::new(lang.tr(id)))
            .on_disabled_hover_text(lang.tr("menu-when-loaded"))
            .clicked()
        {
            app.push(Command::Stats(k));
            ui.close();
        }
    }
    if ui
        .add_enabled(done, egui::Button::new(lang.tr("menu-io-graph")))
        .clicked()
    {
        app.push(Command::IoGraph);
        ui.close();
    }
    ui.menu_button(lang.tr("menu-tcp-graphs"), |ui| {
        let can = done && app.selected.is_some();
        for k in [
            graphs::TcpGraphKind::Stevens,
            graphs::TcpGraphKind::Tcptrace,
            graphs::TcpGraphKind::Throughput,
            graphs::TcpGraphKind::Rtt,
            graphs::TcpGraphKind::Window,
        ] {
            if ui
                .add_enabled(can, egui::Button::new(lang.tr(k.name())))
                .on_disabled_hover_text(lang.tr("menu-select-tcp-first"))
                .clicked()
            {
                app.push(Command::TcpGraph(k));
                ui.close();
            }
        }
    });
    ui.menu_button(lang.tr("menu-http"), |ui| {
        if ui
            .add_enabled(done, egui::Button::new(lang.tr("menu-waterfall")))
            .clicked()
        {
            app.push(Command::Waterfall);
            ui.close();
        }
        for (k, name) in [
            (K::HttpCounter, lang.tr("menu-packet-counter")),
            (K::HttpRequests, lang.tr("menu-requests")),
            (K::HttpLoad, lang.tr("menu-load-distribution")),
            (K::HttpSequences, lang.tr("menu-request-sequences")),
            (K::Http2, lang.tr("menu-http2-types")),
        ] {
            if ui.add_enabled(done, egui::Button::new(name)).clicked() {
                app.push(Command::Stats(k));
                ui.close();
            }
        }
    });
}

/// The Help menu.
fn help_menu_ui(app: &FathomApp, ui: &mut egui::Ui) {
    let lang = app.explain.lang;
    if ui.button(lang.tr("menu-shortcuts")).clicked() {
        app.push(Command::Help(Help::Shortcuts));
        ui.close();
    }
    if ui.button(lang.tr("menu-about")).clicked() {
        app.push(Command::Help(Help::About));
        ui.close();
    }
}
