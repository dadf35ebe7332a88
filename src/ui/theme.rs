//! Light and dark themes.

use egui::Color32;

pub const SELECTION: Color32 = Color32::from_rgb(60, 120, 220);

pub fn apply(ctx: &egui::Context, dark: bool) {
    let want = if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    };
    if ctx.theme() != want {
        ctx.set_theme(want);
    }
}
