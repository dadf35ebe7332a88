//! Saving the capture: the question before unsaved packets are dropped, writing the file
//! on a worker thread, and taking the result back (the Save window itself is the view
//! `save_dialog`).

use super::{Command, FathomApp};
use crate::capture::save::{self, SaveFormat};
use crate::ui::command::PacketSet;
use crate::ui::file_dialog::{Ask, Outcome, Pick};
use crate::ui::save_dialog::{parse_range, Pending};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Whether `action` must wait for the user's answer first; if so, asks.
pub fn must_ask(app: &mut FathomApp, action: Pending) -> bool {
    let has_packets = app.frame_count() > 0;
    if app.save.unsaved && has_packets && app.save.prompt.is_none() {
        app.save.prompt = Some(action);
        return true;
    }
    app.save.prompt.is_some()
}

/// Starts writing the capture to `path` on a worker thread.
pub fn start_save(
    app: &mut FathomApp,
    path: PathBuf,
    format: SaveFormat,
    which: PacketSet,
    ctx: &egui::Context,
) {
    let Some(s) = &app.shared.session else { return };
    let lang = app.shared.lang;
    if s.is_capturing() {
        app.shared.error = Some(crate::i18n::tr(lang, "save-stop-first"));
        return;
    }
    let comments = s.read().comments_by_offset();
    let records: Vec<crate::capture::file::Record> = {
        let an = s.read();
        let pick =
            |frames: &mut dyn Iterator<Item = u32>| frames.filter_map(|n| an.record(n)).collect();
        match (&which, &app.shared.display.filtered) {
            (PacketSet::Displayed, Some(f)) => pick(&mut f.iter().copied()),
            (PacketSet::Marked, _) => pick(&mut app.shared.marked.iter().copied()),
            (PacketSet::Selected, _) => pick(&mut app.shared.selected.into_iter()),
            (PacketSet::Range(r), _) => match parse_range(r, an.frames.len() as u32) {
                Ok(spans) => pick(&mut spans.into_iter().flat_map(|(a, b)| a..=b)),
                Err(_) => {
                    drop(an);
                    app.shared.error = Some(crate::i18n::tr_args(
                        lang,
                        "save-bad-range",
                        &[("range", r.as_str().into())],
                    ));
                    return;
                }
            },
            _ => an.frames.to_vec(),
        }
    };
    let displayed_only = which != PacketSet::All;
    let total = records.len();
    let done = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = std::sync::mpsc::channel();
    let file = s.file.clone();
    // a live capture's own file is already pcapng with every packet: copy it as it is
    let copy_whole =
        s.live.is_some() && format == SaveFormat::Pcapng && !displayed_only && !app.save.edited;
    let (d2, c2) = (done.clone(), ctx.clone());
    let write_error = crate::i18n::tr(lang, "save-write-failed");
    let work = move || {
        let r = if copy_whole {
            std::fs::copy(&file.data_path, &path)
                .map(|_| ())
                .map_err(|e| format!("{write_error} \"{}\": {e}", path.display()))
        } else {
            save::save_with_comments(&file, &records, &comments, format, &path, &|n| {
                d2.store(n, Ordering::Relaxed);
                c2.request_repaint();
            })
            .map_err(|e| e.to_string())
        };
        crate::ui::worker::answer(&tx, r.map(|_| path));
        c2.request_repaint();
    };
    // (a thread that cannot start drops its sender: `poll` reports it as the save's error)
    if let Err(e) = crate::ui::worker::start("fathom-save", app.shared.headless, work) {
        app.notice = Some(e);
    }
    app.save.running = Some((rx, done, total));
    poll(app);
}

/// Takes a finished save (or a path the native dialog picked) into the state.
pub fn poll(app: &mut FathomApp) {
    let Some((rx, _, _)) = &app.save.running else {
        return;
    };
    let Some(r) = crate::ui::worker::poll(rx) else {
        return;
    };
    app.save.running = None;
    match r.and_then(|r| r) {
        Ok(p) => {
            app.save.unsaved = false;
            app.save.edited = false;
            app.save.saved_to = Some(p);
            app.shared.error = None;
            if let Some(next) = app.save.after_save.take() {
                app.push(next.command());
            }
        }
        Err(e) => {
            app.shared.error = Some(e);
            app.save.after_save = None;
        }
    }
}

/// Asks where to save (the system's dialog, else Fathom's own); the answer comes back as
/// `SaveTo`, a cancel as `SavePickCancelled`.
pub fn pick(app: &mut FathomApp, ctx: &egui::Context) {
    app.save.dialog = false;
    let ext = match app.save.format {
        SaveFormat::Pcapng => "pcapng",
        SaveFormat::Pcap => "pcap",
    };
    let stem = app
        .shared
        .session
        .as_ref()
        .and_then(|s| s.path.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "capture".into());
    let (format, which) = (app.save.format, app.save.which.clone());
    let what = Ask::new(
        Pick::Save,
        crate::i18n::tr(app.shared.lang, "save-as-title"),
    )
    .file_name(format!("{stem}.{ext}"))
    .filter(ext, &[ext])
    .on_cancel(Command::SavePickCancelled);
    app.ask(
        ctx,
        what,
        Box::new(move |p| Outcome::Command(Command::SaveTo(p, format, which.clone()))),
    );
}
