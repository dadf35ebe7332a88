//! Choosing a file or a folder. The system's dialog (rfd: the XDG desktop portal, else
//! zenity) runs on its own thread where the desktop has one; where it has neither — or the
//! system dialog gives up at once, which is how a missing portal shows — Fathom's own
//! browser (egui_file) opens in the window instead. A click on Open or Save never does
//! nothing: the user gets a dialog, and a notice says why it is Fathom's own.
//!
//! What follows the choice (opening, writing a file) is a closure run off the UI thread; it
//! answers with a notice or a command for the window.

use super::command::{Command, Commands};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Open,
    Save,
    Folder,
}

/// What to ask for.
pub struct Ask {
    pub pick: Pick,
    pub title: String,
    /// The name a save dialog proposes.
    pub file_name: Option<String>,
    /// (name, extensions) for the system dialog's filter list.
    pub filters: Vec<(String, Vec<&'static str>)>,
    /// Sent to the window when the user cancels.
    pub cancel: Option<Command>,
}

impl Ask {
    pub fn new(pick: Pick, title: impl Into<String>) -> Ask {
        Ask {
            pick,
            title: title.into(),
            file_name: None,
            filters: Vec::new(),
            cancel: None,
        }
    }
    pub fn file_name(mut self, name: impl Into<String>) -> Ask {
        self.file_name = Some(name.into());
        self
    }
    pub fn filter(mut self, name: impl Into<String>, exts: &[&'static str]) -> Ask {
        self.filters.push((name.into(), exts.to_vec()));
        self
    }
    pub fn on_cancel(mut self, c: Command) -> Ask {
        self.cancel = Some(c);
        self
    }
}

/// What a chosen path leads to.
pub enum Outcome {
    Notice(String),
    Command(Command),
}

/// The work that follows a choice, run off the UI thread.
pub type Then = Box<dyn FnOnce(PathBuf) -> Outcome + Send>;

enum Event {
    Outcome(Outcome),
    /// A system dialog closed (chosen or cancelled).
    Closed,
    /// The system dialog gave up without showing (no portal, no zenity): ask again in the
    /// window.
    NativeFailed(Ask, Then),
}

/// A system dialog that answers faster than this did not show itself.
const GAVE_UP: Duration = Duration::from_millis(250);

/// The window's file dialogs: which kind it uses, the one open in the window, and the
/// answers coming back from threads.
pub struct Dialogs {
    /// Use the system's dialog.
    pub native: bool,
    /// A dialog is open (system or in-window): a second one is not started.
    busy: bool,
    in_window: Option<InWindow>,
    tx: Sender<Event>,
    rx: Receiver<Event>,
    /// The folder of the last choice, where the in-window browser starts.
    last_dir: Option<PathBuf>,
}

struct InWindow {
    dialog: egui_file::FileDialog,
    then: Option<Then>,
    cancel: Option<Command>,
}

impl Dialogs {
    pub fn new(native: bool) -> Dialogs {
        let (tx, rx) = std::sync::mpsc::channel();
        Dialogs {
            native,
            busy: false,
            in_window: None,
            tx,
            rx,
            last_dir: None,
        }
    }

    /// Where Fathom's own browser starts (else the folder of the last choice, else the
    /// working directory).
    pub fn start_in(&mut self, dir: impl Into<PathBuf>) {
        self.last_dir = Some(dir.into());
    }

    /// Asks for a path, then runs `then` with it; an error says why no dialog opened.
    pub fn ask(
        &mut self,
        lang: crate::i18n::Lang,
        ctx: &egui::Context,
        ask: Ask,
        then: Then,
    ) -> Result<(), String> {
        let d = self;
        if d.busy {
            return Err(lang.tr("notice-dialog-open"));
        }
        d.busy = true;
        if d.native {
            let tx = d.tx.clone();
            let c = ctx.clone();
            let job = move || {
                let started = Instant::now();
                let mut fd = rfd::FileDialog::new().set_title(&ask.title);
                if let Some(n) = &ask.file_name {
                    fd = fd.set_file_name(n);
                }
                for (name, exts) in &ask.filters {
                    fd = fd.add_filter(name.as_str(), exts);
                }
                let chosen = match ask.pick {
                    Pick::Open => fd.pick_file(),
                    Pick::Save => fd.save_file(),
                    Pick::Folder => fd.pick_folder(),
                };
                // a failed send means the window has closed: nobody is left to tell
                match chosen {
                    Some(p) => {
                        super::worker::answer(&tx, Event::Outcome(then(p)));
                    }
                    None if started.elapsed() < GAVE_UP => {
                        super::worker::answer(&tx, Event::NativeFailed(ask, then));
                    }
                    None => {
                        if let Some(cmd) = ask.cancel {
                            super::worker::answer(&tx, Event::Outcome(Outcome::Command(cmd)));
                        }
                    }
                }
                super::worker::answer(&tx, Event::Closed);
                c.request_repaint();
            };
            if let Err(e) = std::thread::Builder::new()
                .name("fathom-dialog".into())
                .spawn(job)
            {
                d.busy = false;
                return Err(crate::i18n::tr_args(
                    lang,
                    "notice-dialog-failed",
                    &[("error", e.to_string().into())],
                ));
            }
            return Ok(());
        }
        let mut fd = match ask.pick {
            Pick::Open => egui_file::FileDialog::open_file(),
            Pick::Save => egui_file::FileDialog::save_file(),
            Pick::Folder => egui_file::FileDialog::select_folder(),
        }
        .title(&ask.title)
        .open_button_text(match ask.pick {
            Pick::Folder => lang.tr("fd-choose-folder").into(),
            _ => lang.tr("fd-open-file").into(),
        })
        .save_button_text(lang.tr("fd-save-file").into())
        .show_rename(false)
        .show_new_folder(ask.pick != Pick::Open)
        .id(egui::Id::unique("fathom_file_dialog"))
        .default_size([640.0, 420.0]);
        if let Some(dir) = d.last_dir.clone() {
            fd = fd.initial_path(dir);
        }
        if let Some(n) = ask.file_name {
            fd = fd.default_filename(n);
        }
        fd.open();
        d.in_window = Some(InWindow {
            dialog: fd,
            then: Some(then),
            cancel: ask.cancel,
        });
        Ok(())
    }

    /// Delivers what the dialog threads answered to `out`: an outcome, a dialog closed, or a
    /// system dialog that could not open (Fathom's own browser takes over, with a notice).
    pub fn poll(&mut self, lang: crate::i18n::Lang, ctx: &egui::Context, out: &Commands) {
        while let Ok(ev) = self.rx.try_recv() {
            match ev {
                Event::Outcome(o) => deliver(out, o),
                Event::Closed => self.busy = false,
                Event::NativeFailed(a, then) => {
                    self.native = false;
                    self.busy = false;
                    let said = lang.tr("notice-no-system-dialog");
                    let result = self.ask(lang, ctx, a, then);
                    out.push(Command::Notice(result.err().unwrap_or(said)));
                }
            }
        }
    }

    /// Whether Fathom's own browser is open in the window.
    pub fn in_window_open(&self) -> bool {
        self.in_window.is_some()
    }
}

/// Whether this desktop has a system file dialog rfd can show: on Linux and the BSDs, the
/// XDG desktop portal (its D-Bus service installed and a session bus to reach it) or zenity.
/// `FATHOM_FILE_DIALOG=builtin` or `=system` overrides the guess.
pub fn native_available() -> bool {
    match std::env::var("FATHOM_FILE_DIALOG").as_deref() {
        Ok("builtin") => return false,
        Ok("system") => return true,
        _ => {}
    }
    if cfg!(any(target_os = "windows", target_os = "macos")) {
        return true;
    }
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
    };
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|d| Path::new(&d).join("bus").exists());
    let data_dirs = std::env::var("XDG_DATA_DIRS")
        .ok()
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "/usr/local/share:/usr/share".into());
    let portal = data_dirs.split(':').any(|d| {
        Path::new(d)
            .join("dbus-1/services/org.freedesktop.portal.Desktop.service")
            .exists()
    });
    on_path("zenity") || (bus && portal)
}

/// The in-window file browser when it is open, over the dialogs' state `d`; what the
/// choice leads to is sent to `out` (`headless`: done at once, not on a thread).
pub fn file_dialog_ui(
    d: &mut Dialogs,
    out: &Commands,
    lang: crate::i18n::Lang,
    headless: bool,
    ctx: &egui::Context,
) {
    let Some(w) = d.in_window.as_mut() else {
        return;
    };
    w.dialog.show(ctx);
    match w.dialog.state() {
        egui_file::State::Open => {}
        egui_file::State::Selected => {
            let path = w.dialog.path().map(Path::to_path_buf);
            let then = w.then.take();
            d.in_window = None;
            d.busy = false;
            let (Some(p), Some(then)) = (path, then) else {
                return;
            };
            d.last_dir = if p.is_dir() {
                Some(p.clone())
            } else {
                p.parent().map(Path::to_path_buf)
            };
            if headless {
                deliver(out, then(p));
                return;
            }
            let tx = d.tx.clone();
            let c = ctx.clone();
            let job = move || {
                super::worker::answer(&tx, Event::Outcome(then(p)));
                c.request_repaint();
            };
            if let Err(e) = std::thread::Builder::new()
                .name("fathom-dialog".into())
                .spawn(job)
            {
                out.push(Command::Notice(crate::i18n::tr_args(
                    lang,
                    "notice-no-thread",
                    &[("error", e.to_string().into())],
                )));
            }
        }
        egui_file::State::Cancelled | egui_file::State::Closed => {
            let cancel = w.cancel.take();
            d.in_window = None;
            d.busy = false;
            if let Some(c) = cancel {
                out.push(c);
            }
        }
    }
}

fn deliver(out: &Commands, o: Outcome) {
    out.push(match o {
        Outcome::Notice(s) => Command::Notice(s),
        Outcome::Command(c) => c,
    });
}

/// Writes `bytes` to `p`, in words for a notice (`what` is a message id: "the stream").
pub fn write_notice(
    lang: crate::i18n::Lang,
    p: &Path,
    bytes: std::io::Result<Vec<u8>>,
    what: &str,
) -> Outcome {
    let what = crate::i18n::tr(lang, what);
    let path = p.display().to_string();
    Outcome::Notice(match bytes.and_then(|b| std::fs::write(p, b)) {
        Ok(()) => crate::i18n::tr_args(
            lang,
            "notice-saved",
            &[("what", what.into()), ("path", path.into())],
        ),
        Err(e) => crate::i18n::tr_args(
            lang,
            "notice-not-saved",
            &[
                ("what", what.into()),
                ("path", path.into()),
                ("error", e.to_string().into()),
            ],
        ),
    })
}
