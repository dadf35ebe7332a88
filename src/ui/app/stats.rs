//! Statistics windows' work that changes the app: saving Export Objects' files.

use super::FathomApp;
use crate::stats::objects::Object;
use crate::ui::file_dialog::{Ask, Outcome, Pick};

/// Export Objects' Save (one object, `Some(row)`) or Save All of window `idx`: into a folder
/// the user picks, with Wireshark's safe names. Headless runs write into the app's
/// `export_dir`.
pub fn save_objects(app: &mut FathomApp, idx: usize, row: Option<usize>, ctx: &egui::Context) {
    let Some(objs) = app.stats.get(idx).and_then(|w| w.objects.clone()) else {
        return;
    };
    let chosen: Vec<Object> = match row {
        Some(i) => objs.get(i).cloned().into_iter().collect(),
        None => objs.to_vec(),
    };
    let lang = app.shared.lang;
    if let Some(dir) = app.export_dir.clone() {
        app.notice = Some(write_objects(lang, &chosen, &dir));
        return;
    }
    app.ask(
        ctx,
        Ask::new(Pick::Folder, crate::i18n::tr(lang, "stats-save-in")),
        Box::new(move |dir| Outcome::Notice(write_objects(lang, &chosen, &dir))),
    );
}

fn write_objects(lang: crate::i18n::Lang, objs: &[Object], dir: &std::path::Path) -> String {
    let d = dir.display().to_string();
    match crate::stats::objects::save_all(objs, dir) {
        Ok(n) => crate::i18n::tr_args(
            lang,
            "stats-saved-objects",
            &[("count", n.into()), ("dir", d.into())],
        ),
        Err(e) => crate::i18n::tr_args(
            lang,
            "stats-objects-not-saved",
            &[("dir", d.into()), ("error", e.to_string().into())],
        ),
    }
}
