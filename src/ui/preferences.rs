//! Edit ▸ Preferences: the window's settings in one place (appearance, the packet list's
//! columns and time, name resolution, colouring, file dialogs, protocols). Each change is
//! sent as the same command the menus send, so both stay in step; every setting is saved
//! with the others when the window closes.

use super::command::{Command, TimeFormat};
use super::packet_list::{ListState, COLUMNS};
use super::shared::Shared;

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
    /// The page's title, as a message id.
    fn name(self) -> &'static str {
        match self {
            Page::Appearance => "pref-appearance",
            Page::Columns => "pref-columns",
            Page::NameResolution => "pref-names",
            Page::Protocols => "pref-protocols",
        }
    }
}

#[derive(Default)]
pub struct PreferencesState {
    pub open: bool,
    pub page: Page,
    /// The key log path being typed (applied with the Apply button).
    pub keylog_draft: Option<String>,
}

/// The time display formats as radio buttons (View ▸ Time Display Format and Preferences).
pub fn time_format_ui(shared: &Shared, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    let lang = shared.lang;
    for f in TimeFormat::ALL {
        if ui
            .radio(shared.time_format == f, crate::i18n::tr(lang, f.name()))
            .clicked()
        {
            cmds.push(Command::SetTimeFormat(f));
        }
    }
}

/// A checkbox per standard column (View ▸ Columns and Preferences).
pub fn columns_ui(shared: &Shared, list: &ListState, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    for (i, id) in COLUMNS.iter().enumerate() {
        // (the narrow first column marks the packets related to the selection)
        let mut v = list.visible[i];
        if ui
            .checkbox(&mut v, crate::i18n::tr(shared.lang, id))
            .clicked()
        {
            cmds.push(Command::ToggleColumn(i));
        }
    }
}

/// MAC vendor and port name resolution (View ▸ Name Resolution and Preferences).
pub fn name_resolution_ui(lang: crate::i18n::Lang, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    let mut mac = crate::names::mac_resolution();
    if ui.checkbox(&mut mac, lang.tr("pref-resolve-mac")).clicked() {
        cmds.push(Command::ToggleNames(true));
    }
    let mut port = crate::names::port_resolution();
    if ui
        .checkbox(&mut port, lang.tr("pref-resolve-ports"))
        .clicked()
    {
        cmds.push(Command::ToggleNames(false));
    }
}

/// The Preferences window over its state `st`, reading what all views share and sending commands.
pub fn preferences_ui(
    st: &mut PreferencesState,
    shared: &Shared,
    list: &ListState,
    native_dialogs: bool,
    ctx: &egui::Context,
) {
    if !st.open {
        return;
    }
    let mut open = true;
    let mut cmds = Vec::new();
    let (size, max) = super::theme::fit(ctx, [560.0, 340.0]);
    let lang = shared.lang;
    egui::Window::new(lang.tr("pref-title"))
        .id(egui::Id::unique("preferences"))
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
                        ui.selectable_value(&mut st.page, p, lang.tr(p.name()));
                    }
                });
                ui.separator();
                ui.vertical(|ui| match st.page {
                    Page::Appearance => {
                        ui.label(lang.tr("pref-theme"));
                        if ui.radio(!shared.dark, lang.tr("pref-light")).clicked() {
                            cmds.push(Command::SetDark(false));
                        }
                        if ui.radio(shared.dark, lang.tr("pref-dark")).clicked() {
                            cmds.push(Command::SetDark(true));
                        }
                        ui.separator();
                        let mut c = shared.coloring;
                        if ui.checkbox(&mut c, lang.tr("pref-colorize")).clicked() {
                            cmds.push(Command::ToggleColoring);
                        }
                        if ui.button(lang.tr("pref-coloring-rules")).clicked() {
                            cmds.push(Command::ColoringRulesDialog);
                        }
                        ui.separator();
                        let mut native = native_dialogs;
                        if ui
                            .checkbox(&mut native, lang.tr("pref-native-dialog"))
                            .on_hover_text(lang.tr("pref-native-dialog-tip"))
                            .clicked()
                        {
                            cmds.push(Command::SetNativeDialogs(native));
                        }
                    }
                    Page::Columns => {
                        ui.label(lang.tr("pref-time-format"));
                        time_format_ui(shared, ui, &mut cmds);
                        ui.separator();
                        ui.label(lang.tr("pref-shown-columns"));
                        columns_ui(shared, list, ui, &mut cmds);
                        for (k, f) in list.custom.iter().enumerate() {
                            ui.horizontal(|ui| {
                                ui.label(crate::i18n::tr_args(
                                    lang,
                                    "pref-custom-column",
                                    &[("field", f.as_str().into())],
                                ));
                                if ui.small_button(lang.tr("pref-remove")).clicked() {
                                    cmds.push(Command::RemoveColumn(k));
                                }
                            });
                        }
                        ui.label(egui::RichText::new(lang.tr("pref-add-column-hint")).weak());
                    }
                    Page::NameResolution => name_resolution_ui(lang, ui, &mut cmds),
                    Page::Protocols => {
                        let rules = crate::analysis::decode_as::rules();
                        let ports = if rules.is_empty() {
                            lang.tr("pref-no-other-port")
                        } else {
                            rules
                                .iter()
                                .map(|r| r.to_arg())
                                .collect::<Vec<_>>()
                                .join(", ")
                        };
                        ui.label(crate::i18n::tr_args(
                            lang,
                            "pref-http-ports",
                            &[("ports", ports.into())],
                        ));
                        if ui.button(lang.tr("pref-decode-as")).clicked() {
                            cmds.push(Command::DecodeAsDialog);
                        }
                        ui.separator();
                        keylog_ui(st, lang, ui, &mut cmds);
                    }
                });
            });
        });
    if !open {
        st.open = false;
    }
    shared.commands.extend(cmds);
}

/// The TLS key log file (Wireshark's TLS protocol preference "(Pre)-Master-Secret log
/// filename"): a path typed or browsed to, applied with Apply (the open capture is
/// analysed again with it).
fn keylog_ui(
    prefs: &mut PreferencesState,
    lang: crate::i18n::Lang,
    ui: &mut egui::Ui,
    cmds: &mut Vec<Command>,
) {
    let current = crate::tls::keylog::file();
    let shown = current
        .as_ref()
        .map_or_else(|| lang.tr("pref-tls-none"), |p| p.display().to_string());
    let label = ui.label(lang.tr("pref-tls-keylog"));
    let draft = prefs.keylog_draft.get_or_insert_with(|| {
        current
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    });
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(draft)
                .hint_text(shown)
                .desired_width(240.0),
        )
        .labelled_by(label.id);
        if ui.button(lang.tr("pref-tls-browse")).clicked() {
            cmds.push(Command::KeyLogDialog);
        }
    });
    ui.horizontal(|ui| {
        if ui.button(lang.tr("pref-tls-apply")).clicked() {
            let t = draft.trim();
            cmds.push(Command::SetKeyLog(
                (!t.is_empty()).then(|| std::path::PathBuf::from(t)),
            ));
        }
        if ui.button(lang.tr("pref-tls-clear")).clicked() {
            draft.clear();
            cmds.push(Command::SetKeyLog(None));
        }
    });
    ui.label(egui::RichText::new(lang.tr("pref-tls-hint")).weak());
}
