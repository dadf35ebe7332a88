//! The core's modules stand in layers, each importing only the ones below it (the
//! README's Architecture draws them): the first pass never names a dissector, the
//! cryptography never names the analysis, and so on. Read from the sources' `crate::`
//! paths (unit tests aside), so a new import that points up fails here before it makes a
//! circle.

use common::rust_sources as sources;
use std::path::Path;

#[path = "../../../tests/common/mod.rs"]
mod common;

/// From the top down; the modules of one layer do not import each other either.
const LAYERS: &[&[&str]] = &[
    &["session"],
    &["print"],
    &["stats", "find"],
    &["filter", "follow", "flow", "fast", "explain"],
    &["dissect"],
    &["analysis"],
    &["tls"],
    &["capture", "wire", "names", "memory", "text", "i18n"],
];

/// The top-level module a source file belongs to (`src/dissect/dns/rr.rs` → `dissect`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

#[test]
fn every_module_imports_only_the_layers_below_it() {
    let src = common::root().join("crates/fathom-core/src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let layer = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
    let mut seen = 0;
    let mut wrong = Vec::new();
    for f in &files {
        let Some(m) = module_of(&src, f) else {
            continue;
        };
        let Some(own) = layer(&m) else { continue };
        seen += 1;
        let text = std::fs::read_to_string(f).unwrap();
        // (a file's unit tests may reach anywhere: they are not part of the build)
        let lines = text.lines().take_while(|l| l.trim() != "#[cfg(test)]");
        for (i, line) in lines.enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for (at, _) in code.match_indices("crate::") {
                let name: String = code[at + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                match layer(&name) {
                    Some(l) if name != m && l <= own => wrong.push(format!(
                        "{}:{}: {m} imports {name}, which is not below it",
                        f.display(),
                        i + 1
                    )),
                    _ => {}
                }
            }
        }
    }
    assert!(seen > 100, "the core's sources are there ({seen})");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_layers_name_every_module_of_the_core() {
    let lib =
        std::fs::read_to_string(common::root().join("crates/fathom-core/src/lib.rs")).unwrap();
    for l in lib.lines() {
        if let Some(m) = l.strip_prefix("pub mod ").and_then(|r| r.strip_suffix(';')) {
            assert!(LAYERS.iter().any(|x| x.contains(&m)), "{m} is in no layer");
        }
    }
}
