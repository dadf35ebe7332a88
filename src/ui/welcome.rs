//! The welcome screen: open a file, the demo capture, recent files.

use super::app::{Command, FathomApp};
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

pub fn welcome_ui(app: &mut FathomApp, ui: &mut egui::Ui) {
    let mut cmds = Vec::new();
    ui.vertical_centered(|ui| {
        ui.add_space(40.0);
        ui.label(RichText::new("Fathom").size(36.0).strong());
        ui.label("See what an HTTP request does on the wire.");
        ui.add_space(24.0);
        if ui
            .button(RichText::new("Open a capture file…").size(16.0))
            .clicked()
        {
            cmds.push(Command::OpenDialog);
        }
        ui.add_space(8.0);
        if let Some(demo) = demo_capture() {
            if ui
                .button(RichText::new("Open the demo capture (one HTTP exchange)").size(16.0))
                .clicked()
            {
                cmds.push(Command::Open(demo));
            }
        }
        ui.add_space(8.0);
        ui.weak("…or drop a .pcap / .pcapng file onto this window.");
        if !app.recent.is_empty() {
            ui.add_space(24.0);
            ui.label(RichText::new("Recent files").strong());
            for p in &app.recent {
                if ui.link(p.display().to_string()).clicked() {
                    cmds.push(Command::Open(p.clone()));
                }
            }
        }
    });
    app.commands.extend(cmds);
}
