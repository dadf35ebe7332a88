//! The welcome screen: open a file, the demo capture, recent files.

use super::capture_dialog::CaptureOptions;
use super::command::Command;
use super::shared::Shared;
use egui::RichText;
use std::path::PathBuf;

/// Where the bundled demo capture is (installed package, build tree, or beside the binary).
pub fn demo_capture() -> Option<PathBuf> {
    let mut c: Vec<PathBuf> = Vec::new();
    if let Ok(p) = std::env::var("FATHOM_DEMO") {
        c.push(p.into());
    }
    if let Ok(exe) = std::env::current_exe() {
        if let Some(dir) = exe.parent() {
            c.push(dir.join("../share/fathom/demo-http.pcap"));
            c.push(dir.join("assets/demo-http.pcap"));
            c.push(dir.join("../../assets/demo-http.pcap"));
        }
    }
    c.push(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/demo-http.pcap"
    )));
    c.push(PathBuf::from("/usr/share/fathom/demo-http.pcap"));
    c.into_iter().find(|p| p.is_file())
}

/// The welcome screen over the capture choices `cap` (its interface list), reading the app
/// and sending it commands.
pub fn welcome_ui(cap: &mut CaptureOptions, shared: &Shared, ui: &mut egui::Ui) {
    let lang = shared.lang;
    let mut cmds = Vec::new();
    if let Some(e) = &shared.error {
        // errors that need reading in full (what to run to allow capturing, for one)
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(
                RichText::new(lang.tr("wl-error"))
                    .strong()
                    .color(super::theme::ERROR),
            );
            ui.add(egui::Label::new(RichText::new(e).monospace()).selectable(true));
        });
    }
    egui::ScrollArea::vertical().show(ui, |ui| welcome_body_ui(cap, shared, ui, &mut cmds));
    shared.commands.extend(cmds);
}

fn welcome_body_ui(
    cap: &mut CaptureOptions,
    shared: &Shared,
    ui: &mut egui::Ui,
    cmds: &mut Vec<Command>,
) {
    let lang = shared.lang;
    ui.vertical_centered(|ui| {
        ui.add_space(40.0);
        ui.label(RichText::new("Fathom").size(36.0).strong());
        ui.label(lang.tr("wl-tagline"));
        ui.add_space(24.0);
        if ui
            .button(RichText::new(lang.tr("wl-open")).size(16.0))
            .clicked()
        {
            cmds.push(Command::OpenDialog);
        }
        ui.add_space(8.0);
        if let Some(demo) = demo_capture() {
            if ui
                .button(RichText::new(lang.tr("wl-demo")).size(16.0))
                .clicked()
            {
                cmds.push(Command::Open(demo));
            }
            ui.add_space(8.0);
            if ui
                .button(RichText::new(lang.tr("wl-tour")).size(16.0))
                .clicked()
            {
                cmds.push(Command::OpenExample);
            }
        }
        ui.add_space(8.0);
        ui.weak(lang.tr("wl-drop"));
        if !shared.recent.is_empty() {
            ui.add_space(24.0);
            ui.label(RichText::new(lang.tr("wl-recent")).strong());
            for p in &shared.recent {
                if ui.link(p.display().to_string()).clicked() {
                    cmds.push(Command::Open(p.clone()));
                }
            }
        }
        ui.add_space(24.0);
        ui.label(RichText::new(lang.tr("wl-capture")).strong());
    });
    ui.add_space(4.0);
    super::capture_dialog::filter_field_ui(cap, shared.lang, ui);
    super::capture_dialog::interfaces_ui(cap, shared, ui);
    ui.horizontal(|ui| {
        let can = cap.can_start();
        if ui
            .add_enabled(
                can,
                egui::Button::new(RichText::new(lang.tr("wl-start")).size(15.0)),
            )
            .on_disabled_hover_text(lang.tr("wl-start-hint"))
            .clicked()
        {
            cmds.push(Command::StartCapture);
        }
        if ui.button(lang.tr("wl-options")).clicked() {
            cmds.push(Command::CaptureOptions);
        }
        ui.weak(lang.tr("wl-double-click"));
    });
}
