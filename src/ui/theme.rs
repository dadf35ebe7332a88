//! Light and dark themes.

use egui::Color32;

pub const SELECTION: Color32 = Color32::from_rgb(60, 120, 220);
/// Text that says something failed or is wrong (an error, an invalid filter, a capture
/// that stopped), in every window.
pub const ERROR: Color32 = Color32::from_rgb(205, 45, 45);
/// Text that warns (a file cut short, a missing driver, expert warnings).
pub const WARNING: Color32 = Color32::from_rgb(225, 145, 0);

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

/// A floating window's default size: `want`, shrunk to leave a margin inside the app's window
/// (a Follow or flow graph window must fit a 1024×700 screen), and its largest size.
pub fn fit(ctx: &egui::Context, want: [f32; 2]) -> ([f32; 2], [f32; 2]) {
    let r = ctx.content_rect();
    let max = [
        (r.width() - 24.0).max(200.0),
        (r.height() - 48.0).max(150.0),
    ];
    ([want[0].min(max[0]), want[1].min(max[1])], max)
}

/// The OK / Cancel row that ends a dialog: `Some(true)` for OK, `Some(false)` for Cancel.
pub fn ok_cancel_ui(lang: crate::i18n::Lang, ui: &mut egui::Ui) -> Option<bool> {
    ui.separator();
    ui.horizontal(|ui| {
        let ok = ui.button(crate::i18n::tr(lang, "dlg-ok")).clicked();
        let cancel = ui.button(crate::i18n::tr(lang, "dlg-cancel")).clicked();
        (ok || cancel).then_some(ok)
    })
    .inner
}
