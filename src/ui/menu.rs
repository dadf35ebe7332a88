//! The menu bar: a function per menu. Menus lay out the commands of one table
//! ([`UiCommand`]: label, shortcut, when it can run) and the app's own choices (recent files,
//! language, time format), read what all views share and send commands.

use super::actions::{item_ui, items_ui, UiCommand as U};
use super::command::Command;
use super::command::TcpGraphKind as G;
use super::packet_list::ListState;
use super::shared::Shared;

/// The menu bar.
pub fn menu_bar_ui(shared: &Shared, list: &ListState, explain_shown: bool, ui: &mut egui::Ui) {
    let lang = shared.lang;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(lang.tr("menu-file"), |ui| file_menu_ui(shared, ui));
        ui.menu_button(lang.tr("menu-edit"), |ui| {
            items_ui(shared, ui, &EDIT);
        });
        ui.menu_button(lang.tr("menu-view"), |ui| {
            view_menu_ui(shared, list, explain_shown, ui)
        });
        ui.menu_button(lang.tr("menu-capture"), |ui| {
            items_ui(shared, ui, &CAPTURE);
        });
        ui.menu_button(lang.tr("menu-analyze"), |ui| analyze_menu_ui(shared, ui));
        ui.menu_button(lang.tr("menu-statistics"), |ui| {
            statistics_menu_ui(shared, ui)
        });
        ui.menu_button(lang.tr("menu-help"), |ui| {
            items_ui(shared, ui, &[U::Shortcuts, U::About]);
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
fn file_menu_ui(shared: &Shared, ui: &mut egui::Ui) {
    let lang = shared.lang;
    item_ui(shared, ui, U::Open);
    ui.menu_button(lang.tr("menu-open-example"), |ui| {
        item_ui(shared, ui, U::OpenExample);
    });
    ui.menu_button(lang.tr("menu-open-recent"), |ui| {
        if shared.recent.is_empty() {
            ui.label(lang.tr("menu-none"));
        }
        for p in shared.recent.clone() {
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
                shared.push(Command::Open(p));
            }
        }
    });
    items_ui(
        shared,
        ui,
        &[U::Save, U::SaveAs, U::Merge, U::ExportSpecified, U::Close],
    );
    ui.menu_button(lang.tr("menu-export-objects"), |ui| {
        item_ui(shared, ui, U::ExportHttpObjects);
    });
    ui.separator();
    item_ui(shared, ui, U::Quit);
}

/// The View menu.
fn view_menu_ui(shared: &Shared, list: &ListState, explain_shown: bool, ui: &mut egui::Ui) {
    let lang = shared.lang;
    let mut cmds = Vec::new();
    ui.menu_button(lang.tr("menu-time-format"), |ui| {
        super::preferences::time_format_ui(shared, ui, &mut cmds)
    });
    ui.menu_button(lang.tr("menu-columns"), |ui| {
        super::preferences::columns_ui(shared, list, ui, &mut cmds)
    });
    ui.menu_button(lang.tr("menu-name-resolution"), |ui| {
        super::preferences::name_resolution_ui(lang, ui, &mut cmds)
    });
    shared.commands.extend(cmds);
    if ui
        .checkbox(&mut shared.coloring.clone(), lang.tr("menu-colorize"))
        .clicked()
    {
        shared.push(Command::ToggleColoring);
    }
    items_ui(shared, ui, &[U::ColoringRules, U::GoTo]);
    if ui
        .checkbox(&mut explain_shown.clone(), lang.tr("menu-explain"))
        .clicked()
    {
        shared.push(Command::ToggleExplain);
    }
    ui.menu_button(lang.tr("menu-language"), |ui| {
        for l in crate::i18n::Lang::ALL {
            if ui.radio(shared.lang == l, l.native_name()).clicked() {
                shared.push(Command::SetLang(l));
                ui.close();
            }
        }
    });
    ui.separator();
    if ui.radio(!shared.dark, lang.tr("menu-light")).clicked() {
        shared.push(Command::SetDark(false));
    }
    if ui.radio(shared.dark, lang.tr("menu-dark")).clicked() {
        shared.push(Command::SetDark(true));
    }
}

/// The Analyze menu.
fn analyze_menu_ui(shared: &Shared, ui: &mut egui::Ui) {
    items_ui(shared, ui, &[U::DecodeAs, U::Expert]);
    ui.menu_button(shared.lang.tr("menu-follow"), |ui| {
        items_ui(shared, ui, &[U::FollowTcp, U::FollowHttp]);
    });
}

/// The Statistics menu.
fn statistics_menu_ui(shared: &Shared, ui: &mut egui::Ui) {
    let lang = shared.lang;
    items_ui(
        shared,
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
            item_ui(shared, ui, U::TcpGraph(k));
        }
    });
    ui.menu_button(lang.tr("menu-http"), |ui| {
        items_ui(
            shared,
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
