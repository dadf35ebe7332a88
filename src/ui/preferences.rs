//! Edit ▸ Preferences: the window's settings in one place (appearance, the packet list's
//! columns and time, name resolution, colouring, file dialogs, protocols). Each change is
//! sent as the same command the menus send, so both stay in step; every setting is saved
//! with the others when the window closes.

use super::app::{Command, FathomApp, TimeFormat};
use super::packet_list::COLUMNS;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Page {
    #[default]
    Appearance,
    Columns,
    NameResolution,
    Protocols,
}

impl Page {
    const ALL: [Page; 4] = [
        Page::Appearance,
        Page::Columns,
        Page::NameResolution,
        Page::Protocols,
    ];
    fn name(self) -> &'static str {
        match self {
            Page::Appearance => "Appearance",
            Page::Columns => "Columns",
            Page::NameResolution => "Name Resolution",
            Page::Protocols => "Protocols",
        }
    }
}

#[derive(Default)]
pub struct PreferencesState {
    pub open: bool,
    pub page: Page,
}

/// The time display formats as radio buttons (View ▸ Time Display Format and Preferences).
pub fn time_format_ui(app: &FathomApp, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    for f in TimeFormat::ALL {
        if ui.radio(app.time_format == f, f.name()).clicked() {
            cmds.push(Command::SetTimeFormat(f));
        }
    }
}

/// A checkbox per standard column (View ▸ Columns and Preferences).
pub fn columns_ui(app: &FathomApp, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    for (i, name) in COLUMNS.iter().enumerate() {
        // the narrow first column marks the packets related to the selection
        let name = if name.is_empty() {
            "Related packets"
        } else {
            name
        };
        let mut v = app.list.visible[i];
        if ui.checkbox(&mut v, name).clicked() {
            cmds.push(Command::ToggleColumn(i));
        }
    }
}

/// MAC vendor and port name resolution (View ▸ Name Resolution and Preferences).
pub fn name_resolution_ui(ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    let mut mac = crate::names::mac_resolution();
    if ui
        .checkbox(&mut mac, "Resolve physical addresses (MAC vendors)")
        .clicked()
    {
        cmds.push(Command::ToggleNames(true));
    }
    let mut port = crate::names::port_resolution();
    if ui
        .checkbox(&mut port, "Resolve transport addresses (port names)")
        .clicked()
    {
        cmds.push(Command::ToggleNames(false));
    }
}

pub fn preferences_ui(app: &mut FathomApp, ctx: &egui::Context) {
    if !app.prefs.open {
        return;
    }
    let mut open = true;
    let mut cmds = Vec::new();
    let (size, max) = super::theme::fit(ctx, [560.0, 340.0]);
    egui::Window::new("Preferences")
        .open(&mut open)
        .default_size(size)
        .min_width(size[0])
        .max_size(max)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_width(130.0);
                    for p in Page::ALL {
                        ui.selectable_value(&mut app.prefs.page, p, p.name());
                    }
                });
                ui.separator();
                ui.vertical(|ui| match app.prefs.page {
                    Page::Appearance => {
                        ui.label("Theme");
                        if ui.radio(!app.dark, "Light").clicked() {
                            cmds.push(Command::SetDark(false));
                        }
                        if ui.radio(app.dark, "Dark").clicked() {
                            cmds.push(Command::SetDark(true));
                        }
                        ui.separator();
                        let mut c = app.coloring;
                        if ui.checkbox(&mut c, "Colorize the packet list").clicked() {
                            cmds.push(Command::ToggleColoring);
                        }
                        if ui.button("Coloring Rules…").clicked() {
                            cmds.push(Command::ColoringRulesDialog);
                        }
                        ui.separator();
                        let mut native = app.dialogs.native;
                        if ui
                            .checkbox(&mut native, "Use the system's file dialog")
                            .on_hover_text(
                                "Off: Fathom's own file browser, in the window \
                                 (FATHOM_FILE_DIALOG=builtin does the same)",
                            )
                            .clicked()
                        {
                            app.dialogs.native = native;
                        }
                    }
                    Page::Columns => {
                        ui.label("Time display format");
                        time_format_ui(app, ui, &mut cmds);
                        ui.separator();
                        ui.label("Shown columns");
                        columns_ui(app, ui, &mut cmds);
                        for (k, f) in app.list.custom.iter().enumerate() {
                            ui.horizontal(|ui| {
                                ui.label(format!("Custom: {f}"));
                                if ui.small_button("Remove").clicked() {
                                    cmds.push(Command::RemoveColumn(k));
                                }
                            });
                        }
                        ui.label(
                            egui::RichText::new(
                                "Add a column from any field: right-click it in the tree ▸ Apply as Column.",
                            )
                            .weak(),
                        );
                    }
                    Page::NameResolution => name_resolution_ui(ui, &mut cmds),
                    Page::Protocols => {
                        let rules = crate::analysis::decode_as::rules();
                        ui.label(format!(
                            "HTTP is also decoded on: {}",
                            if rules.is_empty() {
                                "no other port".to_string()
                            } else {
                                rules
                                    .iter()
                                    .map(|r| r.to_arg())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            }
                        ));
                        if ui.button("Decode As…").clicked() {
                            cmds.push(Command::DecodeAsDialog);
                        }
                    }
                });
            });
        });
    if !open {
        app.prefs.open = false;
    }
    app.commands.extend(cmds);
}
