//! Writes the icon's renderings from `icons/fathom.svg`: the hicolor PNGs, the scalable SVG,
//! `icons/fathom.ico` and `icons/fathom.icns`. Run `cargo run --example render-icons`.

use fathom::icon;
use std::path::Path;

fn main() -> anyhow::Result<()> {
    let icons = Path::new(env!("CARGO_MANIFEST_DIR")).join("icons");
    let mut pngs = Vec::new();
    for s in icon::SIZES {
        let dir = icons.join(format!("hicolor/{s}x{s}/apps"));
        std::fs::create_dir_all(&dir)?;
        let png = icon::render_png(s)?;
        std::fs::write(dir.join("fathom.png"), &png)?;
        pngs.push((s, png));
    }
    let scalable = icons.join("hicolor/scalable/apps");
    std::fs::create_dir_all(&scalable)?;
    std::fs::write(scalable.join("fathom.svg"), icon::SVG)?;
    let ico: Vec<(u32, Vec<u8>)> = pngs
        .iter()
        .filter(|(s, _)| [16, 24, 32, 48, 64, 128, 256].contains(s))
        .cloned()
        .collect();
    std::fs::write(icons.join("fathom.ico"), icon::ico(&ico))?;
    let mut with_1024 = pngs.clone();
    with_1024.retain(|(s, _)| [16, 32, 64, 128, 256, 512].contains(s));
    std::fs::write(icons.join("fathom.icns"), icon::icns(&with_1024))?;
    println!(
        "wrote {} renderings, fathom.ico and fathom.icns",
        pngs.len()
    );
    Ok(())
}
