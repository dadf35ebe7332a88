//! File ▸ Save / Save As (pcapng or pcap, all or displayed packets, written on a worker
//! thread), and the question a live capture's unsaved packets raise before they would be
//! thrown away: save, discard, or cancel.

use super::app::{Command, FathomApp};
use crate::capture::save::{self, SaveFormat};
use egui::RichText;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::Arc;

/// An action that would drop unsaved packets, held while the user decides.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    Quit,
    Close,
    Open(PathBuf),
    OpenDialog,
    StartCapture,
    RestartCapture,
}

impl Pending {
    fn before(&self) -> &'static str {
        match self {
            Pending::Quit => "quitting",
            Pending::Close => "closing the capture",
            Pending::Open(_) | Pending::OpenDialog => "opening another file",
            Pending::StartCapture => "starting a new capture",
            Pending::RestartCapture => "restarting the capture",
        }
    }

    pub fn command(self) -> Command {
        match self {
            Pending::Quit => Command::Quit,
            Pending::Close => Command::Close,
            Pending::Open(p) => Command::Open(p),
            Pending::OpenDialog => Command::OpenDialog,
            Pending::StartCapture => Command::StartCapture,
            Pending::RestartCapture => Command::RestartCapture,
        }
    }
}

/// The user's answer to the unsaved-packets question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Save,
    Discard,
    Cancel,
}

/// A save in progress: its outcome, packets written, packets in all.
type Saving = (Receiver<Result<PathBuf, String>>, Arc<AtomicUsize>, usize);

pub struct SaveState {
    /// The Save window is open with these choices.
    pub dialog: bool,
    pub format: SaveFormat,
    pub displayed_only: bool,
    /// The unsaved-packets question is showing, for this action.
    pub prompt: Option<Pending>,
    /// What to do once a save (asked for by the prompt) has succeeded.
    pub after_save: Option<Pending>,
    /// A live capture holds packets that are in no file the user chose.
    pub unsaved: bool,
    /// The user said Discard (or Quit was confirmed): the next Quit goes through.
    pub quit_confirmed: bool,
    /// Where the capture was last saved.
    pub saved_to: Option<PathBuf>,
    running: Option<Saving>,
}

impl Default for SaveState {
    fn default() -> Self {
        SaveState {
            dialog: false,
            format: SaveFormat::Pcapng,
            displayed_only: false,
            prompt: None,
            after_save: None,
            unsaved: false,
            quit_confirmed: false,
            saved_to: None,
            running: None,
        }
    }
}

impl SaveState {
    pub fn is_saving(&self) -> bool {
        self.running.is_some()
    }

    /// Packets written so far, of how many (while saving).
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.running
            .as_ref()
            .map(|(_, done, total)| (done.load(Ordering::Relaxed), *total))
    }
}

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
    displayed_only: bool,
    ctx: &egui::Context,
) {
    let Some(s) = &app.session else { return };
    if s.is_capturing() {
        app.error = Some("Stop the capture before saving it.".into());
        return;
    }
    let records: Vec<crate::capture::file::Record> = {
        let an = s.read();
        match (&app.list.filtered, displayed_only) {
            (Some(f), true) => f.iter().filter_map(|&n| an.record(n).copied()).collect(),
            _ => an.frames.clone(),
        }
    };
    let total = records.len();
    let done = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = std::sync::mpsc::channel();
    let file = s.file.clone();
    // a live capture's own file is already pcapng with every packet: copy it as it is
    let copy_whole = s.live.is_some() && format == SaveFormat::Pcapng && !displayed_only;
    let (d2, c2) = (done.clone(), ctx.clone());
    let work = move || {
        let r = if copy_whole {
            std::fs::copy(&file.data_path, &path)
                .map(|_| ())
                .map_err(|e| format!("Could not write \"{}\": {e}", path.display()))
        } else {
            save::save(&file, &records, format, &path, &|n| {
                d2.store(n, Ordering::Relaxed);
                c2.request_repaint();
            })
            .map_err(|e| e.to_string())
        };
        let _ = tx.send(r.map(|_| path));
        c2.request_repaint();
    };
    if app.headless {
        work();
    } else {
        let _ = std::thread::Builder::new()
            .name("fathom-save".into())
            .spawn(work);
    }
    app.save.running = Some((rx, done, total));
    poll(app);
}

/// Takes a finished save (or a path the native dialog picked) into the state.
pub fn poll(app: &mut FathomApp) {
    let Some((rx, _, _)) = &app.save.running else {
        return;
    };
    let Ok(r) = rx.try_recv() else { return };
    app.save.running = None;
    match r {
        Ok(p) => {
            app.save.unsaved = false;
            app.save.saved_to = Some(p);
            app.error = None;
            if let Some(next) = app.save.after_save.take() {
                app.push(next.command());
            }
        }
        Err(e) => {
            app.error = Some(e);
            app.save.after_save = None;
        }
    }
}

/// The Save window and the unsaved-packets question.
pub fn save_ui(app: &mut FathomApp, ctx: &egui::Context) {
    let mut cmds = Vec::new();
    if let Some(p) = app.save.prompt.clone() {
        let n = app.frame_count();
        egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
            ui.heading("Unsaved packets");
            ui.label(format!(
                "Do you want to save the {n} captured packets before {}?",
                p.before()
            ));
            ui.label(
                RichText::new("Your captured packets will be lost if you don't save them.").weak(),
            );
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save…").clicked() {
                    cmds.push(Command::Answer(Answer::Save));
                }
                if ui.button("Continue without Saving").clicked() {
                    cmds.push(Command::Answer(Answer::Discard));
                }
                if ui.button("Cancel").clicked() {
                    cmds.push(Command::Answer(Answer::Cancel));
                }
            });
        });
    }
    if app.save.dialog {
        let mut open = true;
        let filtered = app.list.filtered.as_ref().map(|f| f.len());
        let total = app.frame_count();
        egui::Window::new("Save Packets")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(RichText::new("Format").strong());
                ui.radio_value(&mut app.save.format, SaveFormat::Pcapng, "pcapng");
                ui.radio_value(&mut app.save.format, SaveFormat::Pcap, "pcap (libpcap)");
                ui.label(RichText::new("Packets").strong());
                ui.radio_value(
                    &mut app.save.displayed_only,
                    false,
                    format!("All packets ({total})"),
                );
                ui.add_enabled_ui(filtered.is_some(), |ui| {
                    ui.radio_value(
                        &mut app.save.displayed_only,
                        true,
                        format!("Displayed packets ({})", filtered.unwrap_or(total as usize)),
                    );
                });
                ui.add_space(6.0);
                if ui.button("Save…").clicked() {
                    cmds.push(Command::SavePick);
                }
            });
        if !open {
            app.save.dialog = false;
            app.save.after_save = None;
        }
    }
    app.commands.extend(cmds);
}

/// Asks where to save (the system's dialog, else Fathom's own); the answer comes back as
/// `SaveTo`, a cancel as `SavePickCancelled`.
pub fn pick(app: &mut FathomApp, ctx: &egui::Context) {
    use super::file_dialog::{ask, Ask, Outcome, Pick};
    app.save.dialog = false;
    let ext = match app.save.format {
        SaveFormat::Pcapng => "pcapng",
        SaveFormat::Pcap => "pcap",
    };
    let stem = app
        .session
        .as_ref()
        .and_then(|s| s.path.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "capture".into());
    let (format, displayed_only) = (app.save.format, app.save.displayed_only);
    let what = Ask::new(Pick::Save, "Save Capture As")
        .file_name(format!("{stem}.{ext}"))
        .filter(ext, &[ext])
        .on_cancel(Command::SavePickCancelled);
    ask(
        app,
        ctx,
        what,
        Box::new(move |p| Outcome::Command(Command::SaveTo(p, format, displayed_only))),
    );
}
