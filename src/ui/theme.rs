//! Light and dark themes, and the window's colours as tokens: a view names what a colour
//! means (an error, a valid filter, the client's side), never its shade. The one table of
//! shades elsewhere is Wireshark's default colouring rules (`packet_list::color_rule`),
//! which is data.

use egui::Color32;

/// The accent: the selection, a rate line, a connection being set up.
pub const SELECTION: Color32 = Color32::from_rgb(60, 120, 220);
/// Something that is fine: no expert warnings, an established connection.
pub const OK: Color32 = Color32::from_rgb(60, 160, 75);
/// A connection that has closed.
pub const CLOSED: Color32 = Color32::from_rgb(150, 80, 200);
/// A match found, and a new colouring rule's background; text on it is [`ON_LIGHT`].
pub const HIGHLIGHT: Color32 = Color32::from_rgb(255, 230, 80);
/// Text on a light background of the colours above, in either theme.
pub const ON_LIGHT: Color32 = Color32::BLACK;
/// Series of a plot, in order (Tableau's ten, the first six).
pub const SERIES: [Color32; 6] = [
    Color32::from_rgb(31, 119, 180),
    Color32::from_rgb(214, 39, 40),
    Color32::from_rgb(44, 160, 44),
    Color32::from_rgb(255, 127, 14),
    Color32::from_rgb(148, 103, 189),
    Color32::from_rgb(140, 86, 75),
];
/// The HTTP waterfall's phases: connecting, waiting for the first byte, receiving.
pub const CONNECT: Color32 = Color32::from_rgb(150, 150, 150);
pub const WAIT: Color32 = Color32::from_rgb(240, 170, 40);
pub const RECEIVE: Color32 = Color32::from_rgb(50, 120, 210);
/// Text that says something failed or is wrong (an error, an invalid filter, a capture
/// that stopped), in every window.
pub const ERROR: Color32 = Color32::from_rgb(205, 45, 45);
/// Text that warns (a file cut short, a missing driver, expert warnings).
pub const WARNING: Color32 = Color32::from_rgb(225, 145, 0);

/// A colour for each theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shade {
    pub light: Color32,
    pub dark: Color32,
}

impl Shade {
    /// The colour in the dark theme (`dark`) or the light one.
    pub const fn on(self, dark: bool) -> Color32 {
        if dark {
            self.dark
        } else {
            self.light
        }
    }
}

const fn shade(light: Color32, dark: Color32) -> Shade {
    Shade { light, dark }
}

/// A filter field's background by its verdict, as Wireshark's: green when the filter is
/// valid, red when it is not.
pub const VALID: Shade = shade(
    Color32::from_rgb(175, 255, 175),
    Color32::from_rgb(30, 90, 40),
);
pub const INVALID: Shade = shade(
    Color32::from_rgb(255, 175, 175),
    Color32::from_rgb(110, 30, 30),
);
/// The two sides of a conversation (Follow's client and server text).
pub const CLIENT: Shade = shade(
    Color32::from_rgb(170, 20, 20),
    Color32::from_rgb(255, 130, 130),
);
pub const SERVER: Shade = shade(
    Color32::from_rgb(20, 40, 170),
    Color32::from_rgb(140, 170, 255),
);
/// The background of the selected field's bytes.
pub const FIELD_BYTES: Shade = shade(
    Color32::from_rgb(170, 200, 255),
    Color32::from_rgb(40, 90, 160),
);
/// Text drawn on a canvas (flow graph, waterfall).
pub const INK: Shade = shade(Color32::from_gray(30), Color32::from_gray(220));
/// Rule lines on a canvas (the flow graph's lifelines).
pub const RULE: Shade = shade(Color32::from_gray(170), Color32::from_gray(90));
/// What a canvas points out (the flow graph's selected arrow).
pub const EMPHASIS: Shade = shade(
    Color32::from_rgb(170, 90, 0),
    Color32::from_rgb(240, 180, 80),
);

/// A filter field coloured by its verdict (`None`: not checked, left as it is).
pub fn verdict_field(
    te: egui::TextEdit<'_>,
    valid: Option<bool>,
    dark: bool,
) -> egui::TextEdit<'_> {
    match valid {
        None => te,
        Some(v) => {
            let te = te.background_color(if v { VALID } else { INVALID }.on(dark));
            if dark {
                te
            } else {
                te.text_color(ON_LIGHT)
            }
        }
    }
}

/// An expert item's background by its severity (Wireshark's expert colours), dimmed in the
/// dark theme.
pub fn severity(s: crate::dissect::Severity, dark: bool) -> Color32 {
    use crate::dissect::Severity;
    let c = match s {
        Severity::Error => Color32::from_rgb(255, 92, 92),
        Severity::Warn => Color32::from_rgb(247, 244, 127),
        Severity::Note => Color32::from_rgb(160, 255, 255),
        Severity::Chat => Color32::from_rgb(128, 176, 255),
        Severity::Comment => Color32::from_rgb(183, 247, 116),
    };
    if dark {
        c.gamma_multiply(0.45)
    } else {
        c
    }
}

/// A marked packet's row: white on black, as Wireshark draws it (background, text).
pub const MARKED: (Color32, Color32) = (Color32::BLACK, Color32::WHITE);

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
