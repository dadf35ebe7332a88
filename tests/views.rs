//! Views get read access and a command sender: no file of `src/ui` outside `app/` (where the
//! app applies commands) and `mod.rs` (which opens the window) names the app at all. A view
//! is lent its own state and `&Shared` (what every view may read); a view that needs any
//! other change pushes a `Command`. So the app imports the views and never the reverse: the
//! UI's modules form no circle.

use std::path::Path;

#[test]
fn no_view_names_the_app() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut views = 0;
    let mut offenders = Vec::new();
    for entry in std::fs::read_dir(&ui).expect("src/ui") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("mod.rs") {
            continue;
        }
        views += 1;
        let text = std::fs::read_to_string(&path).expect("a view's source");
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("FathomApp") || code.contains("app::") {
                offenders.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(
        views >= 20,
        "only {views} view files found in {}",
        ui.display()
    );
    assert!(
        offenders.is_empty(),
        "views that name the app:\n{}",
        offenders.join("\n")
    );
}
