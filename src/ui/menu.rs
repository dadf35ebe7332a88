//! The menu bar: a function per menu. Menus lay out the commands of one table
//! ([`UiCommand`]: label, shortcut, when it can run) and the app's own choices (recent files,
//! language, time format), read the app and send commands.

use super::actions::{item_ui, items_ui, UiCommand as U};
use super::app::{Command, FathomApp};
use super::graphs::TcpGraphKind as G;

/// The menu bar.
pub fn menu_bar_ui(app: &FathomApp, ui: &mut egui::Ui) {
    let lang = app.explain.lang;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(lang.tr("menu-file"), |ui| file_menu_ui(app, ui));
        ui.menu_button(lang.tr("menu-edit"), |ui| {
            items_ui(app, ui, &EDIT);
        });
        ui.menu_button(lang.tr("menu-view"), |ui| view_menu_ui(app, ui));
        ui.menu_button(lang.tr("menu-capture"), |ui| {
            items_ui(app, ui, &CAPTURE);
        });
        ui.menu_button(lang.tr("menu-analyze"), |ui| analyze_menu_ui(app, ui));
        ui.menu_button(lang.tr("menu-statistics"), |ui| statistics_menu_ui(app, ui));
        ui.menu_button(lang.tr("menu-help"), |ui| {
            items_ui(app, ui, &[U::Shortcuts, U::About]);
        });
    });
}

const EDIT: [U; 11] = [
    U::Mark,
    U::UnmarkAll,
    U::NextMark,
    U::PrevMark,
    U::TimeRef,
    U::UnsetTimeRefs,
    U::Find,
    U::Comment,
    U::Ignore,
    U::UnignoreAll,
    U::Preferences,
];

const CAPTURE: [U; 5] = [
    U::CaptureOptions,
    U::StartCapture,
    U::StopCapture,
    U::RestartCapture,
    U::RefreshInterfaces,
];

/// The File menu.
fn file_menu_ui(app: &FathomApp, ui: &mut egui::Ui) {
    let lang = app.explain.lang;
    item_ui(app, ui, U::Open);
    ui.menu_button(lang.tr("menu-open-example"), |ui| {
        item_ui(app, ui, U::OpenExample);
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
    items_ui(
        app,
        ui,
        &[U::Save, U::SaveAs, U::Merge, U::ExportSpecified, U::Close],
    );
    ui.menu_button(lang.tr("menu-export-objects"), |ui| {
        item_ui(app, ui, U::ExportHttpObjects);
    });
    ui.separator();
    item_ui(app, ui, U::Quit);
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
    items_ui(app, ui, &[U::ColoringRules, U::GoTo]);
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

/// The Analyze menu.
fn analyze_menu_ui(app: &FathomApp, ui: &mut egui::Ui) {
    items_ui(app, ui, &[U::DecodeAs, U::Expert]);
    ui.menu_button(app.explain.lang.tr("menu-follow"), |ui| {
        items_ui(app, ui, &[U::FollowTcp, U::FollowHttp]);
    });
}

/// The Statistics menu.
fn statistics_menu_ui(app: &FathomApp, ui: &mut egui::Ui) {
    let lang = app.explain.lang;
    items_ui(
        app,
        ui,
        &[
            U::FlowGraph,
            U::Hierarchy,
            U::Conversations,
            U::Endpoints,
            U::IoGraph,
        ],
    );
    ui.menu_button(lang.tr("menu-tcp-graphs"), |ui| {
        let kinds = [G::Stevens, G::Tcptrace, G::Throughput, G::Rtt, G::Window];
        for k in kinds {
            item_ui(app, ui, U::TcpGraph(k));
        }
    });
    ui.menu_button(lang.tr("menu-http"), |ui| {
        items_ui(
            app,
            ui,
            &[
                U::Waterfall,
                U::HttpCounter,
                U::HttpRequests,
                U::HttpLoad,
                U::HttpSequences,
                U::Http2Types,
            ],
        );
    });
}
