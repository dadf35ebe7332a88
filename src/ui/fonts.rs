//! Fonts: egui's defaults, then system fonts as fallbacks so that arrows, symbols and
//! Chinese/Japanese/Korean text render as glyphs rather than boxes.

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

/// Fallback fonts, tried in order; the packages that carry them are in scripts/install-deps.sh.
pub const FALLBACKS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    // pictographs (📂 🗋 📁 in the in-window file browser), in monochrome
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
];

/// The font definitions with every fallback found on this system.
pub fn definitions() -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    for path in FALLBACKS {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let name = format!("fallback:{path}");
        defs.font_data
            .insert(name.clone(), Arc::new(FontData::from_owned(bytes)));
        for fam in [FontFamily::Proportional, FontFamily::Monospace] {
            defs.families.entry(fam).or_default().push(name.clone());
        }
    }
    defs
}

pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
