//! Fathom's icon: the SVG in `icons/`, its PNG renderings, and the Windows `.ico` and macOS
//! `.icns` containers built from them (`cargo run --example render-icons` writes them all).

/// The icon's source.
pub const SVG: &str = include_str!("../icons/fathom.svg");

/// The PNG sizes written under `icons/hicolor/NxN/apps/fathom.png`.
pub const SIZES: [u32; 9] = [16, 22, 24, 32, 48, 64, 128, 256, 512];

/// The icon the window shows (the 256-pixel rendering, read at build time).
pub const WINDOW_PNG: &[u8] = include_bytes!("../icons/hicolor/256x256/apps/fathom.png");

/// Renders the SVG as a square PNG of `size` pixels.
pub fn render_png(size: u32) -> anyhow::Result<Vec<u8>> {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_str(SVG, &usvg::Options::default())?;
    let mut pixmap =
        tiny_skia::Pixmap::new(size, size).ok_or_else(|| anyhow::anyhow!("bad size {size}"))?;
    let scale = size as f32 / tree.size().width();
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap.encode_png()?)
}

/// Width and height from a PNG's header.
pub fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.get(..8)? != b"\x89PNG\r\n\x1a\n" || png.get(12..16)? != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(png.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(png.get(20..24)?.try_into().ok()?);
    Some((w, h))
}

/// A Windows icon holding the given PNG renderings (PNG entries, as Windows Vista and later
/// read them; 256 is written as 0 in the directory).
pub fn ico(pngs: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&(pngs.len() as u16).to_le_bytes());
    let mut offset = 6 + 16 * pngs.len() as u32;
    for (size, png) in pngs {
        let b = if *size >= 256 { 0 } else { *size as u8 };
        out.extend_from_slice(&[b, b, 0, 0]);
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&32u16.to_le_bytes());
        out.extend_from_slice(&(png.len() as u32).to_le_bytes());
        out.extend_from_slice(&offset.to_le_bytes());
        offset += png.len() as u32;
    }
    for (_, png) in pngs {
        out.extend_from_slice(png);
    }
    out
}

/// The ICNS type that holds a PNG of this size.
fn icns_type(size: u32) -> Option<&'static [u8; 4]> {
    Some(match size {
        16 => b"icp4",
        32 => b"icp5",
        64 => b"icp6",
        128 => b"ic07",
        256 => b"ic08",
        512 => b"ic09",
        _ => return None,
    })
}

/// A macOS icon family holding the PNG renderings it has types for.
pub fn icns(pngs: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (size, png) in pngs {
        if let Some(t) = icns_type(*size) {
            body.extend_from_slice(t);
            body.extend_from_slice(&(8 + png.len() as u32).to_be_bytes());
            body.extend_from_slice(png);
        }
    }
    let mut out = b"icns".to_vec();
    out.extend_from_slice(&(8 + body.len() as u32).to_be_bytes());
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn icons() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("icons")
    }

    #[test]
    fn every_rendering_is_there_at_its_size() {
        for s in SIZES {
            let p = icons().join(format!("hicolor/{s}x{s}/apps/fathom.png"));
            let png = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            assert_eq!(png_size(&png), Some((s, s)), "{}", p.display());
        }
        assert_eq!(png_size(WINDOW_PNG), Some((256, 256)));
        assert!(icons().join("hicolor/scalable/apps/fathom.svg").is_file());
    }

    #[test]
    fn renderings_match_the_svg() {
        // the committed 32-pixel rendering is what the SVG renders to now
        let png = render_png(32).unwrap();
        let committed = std::fs::read(icons().join("hicolor/32x32/apps/fathom.png")).unwrap();
        assert_eq!(png, committed, "run `cargo run --example render-icons`");
    }

    #[test]
    fn ico_and_icns_hold_the_renderings() {
        let ico = std::fs::read(icons().join("fathom.ico")).unwrap();
        assert_eq!(&ico[..4], &[0, 0, 1, 0]);
        let n = u16::from_le_bytes([ico[4], ico[5]]) as usize;
        assert!(n >= 6);
        let sizes: Vec<u8> = (0..n).map(|i| ico[6 + 16 * i]).collect();
        assert!(sizes.contains(&16) && sizes.contains(&32) && sizes.contains(&0));
        let icns = std::fs::read(icons().join("fathom.icns")).unwrap();
        assert_eq!(&icns[..4], b"icns");
        assert_eq!(
            u32::from_be_bytes(icns[4..8].try_into().unwrap()) as usize,
            icns.len()
        );
        for t in [b"icp4", b"ic07", b"ic09"] {
            assert!(
                icns.windows(4).any(|w| w == t),
                "{}",
                String::from_utf8_lossy(t)
            );
        }
    }
}
