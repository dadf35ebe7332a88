//! Views get read access and a command sender: no file of `src/ui` outside `app/` (where the
//! app applies commands) takes the app mutably. A view that needs a change pushes a
//! `Command`; a view's own state is lent to it on its own.

use std::path::Path;

#[test]
fn no_view_takes_the_app_mutably() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut views = 0;
    let mut offenders = Vec::new();
    for entry in std::fs::read_dir(&ui).expect("src/ui") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        views += 1;
        let text = std::fs::read_to_string(&path).expect("a view's source");
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("&mut FathomApp") || code.contains("&mut super::app::FathomApp") {
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
        "views that take the app mutably:\n{}",
        offenders.join("\n")
    );
}
