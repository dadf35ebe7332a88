//! The window's colours are the design tokens of `src/ui/theme.rs`: no view writes a shade
//! of its own. The one other table of shades is Wireshark's default colouring rules
//! (`packet_list::color_rule`), which is data; test modules may build colours freely.

use std::path::Path;

/// A colour written in place: a constructor with a literal, or a named constant.
fn is_shade(line: &str) -> bool {
    let lits = [
        "Color32::from_rgb(",
        "Color32::from_gray(",
        "Color32::from_rgba",
    ];
    let literal = lits.iter().any(|l| {
        line.split(l)
            .skip(1)
            .any(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    });
    let named = [
        "BLACK", "WHITE", "RED", "GREEN", "BLUE", "YELLOW", "GRAY", "LIGHT_", "DARK_",
    ]
    .iter()
    .any(|n| line.contains(&format!("Color32::{n}")));
    literal || named
}

#[test]
fn views_name_colours_by_token() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut files = 0;
    let mut found = Vec::new();
    for e in std::fs::read_dir(&ui).unwrap().flatten() {
        let p = e.path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name == "theme.rs" || !name.ends_with(".rs") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&p).unwrap();
        let mut in_rules = false;
        for (i, line) in text.lines().enumerate() {
            if line.starts_with("#[cfg(test)]") {
                break;
            }
            if line.starts_with("pub fn color_rule(") {
                in_rules = true;
            } else if in_rules && line == "}" {
                in_rules = false;
            }
            if !in_rules && is_shade(line) {
                found.push(format!("{name}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    assert!(files > 20, "the views are there ({files})");
    assert!(
        found.is_empty(),
        "shades written in place:\n{}",
        found.join("\n")
    );
    // and the check sees one
    assert!(is_shade("let c = Color32::from_rgb(1, 2, 3);"));
    assert!(is_shade("text.color(Color32::BLACK)"));
    assert!(!is_shade("Some([r, g, b]) => Color32::from_rgb(r, g, b),"));
}
