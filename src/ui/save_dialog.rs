//! File ▸ Save / Save As (pcapng or pcap, all or displayed packets, written on a worker
//! thread), and the question a live capture's unsaved packets raise before they would be
//! thrown away: save, discard, or cancel.

use super::command::{Answer, Command, PacketSet};
use super::shared::Shared;
use crate::capture::save::SaveFormat;
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
    /// What waits for the answer, as a message id.
    fn before(&self) -> &'static str {
        match self {
            Pending::Quit => "save-before-quit",
            Pending::Close => "save-before-close",
            Pending::Open(_) | Pending::OpenDialog => "save-before-open",
            Pending::StartCapture => "save-before-start",
            Pending::RestartCapture => "save-before-restart",
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

/// Parses a packet range (`1-10,15,20-`, `-5`) into inclusive frame number spans within
/// `1..=max`.
pub fn parse_range(s: &str, max: u32) -> Result<Vec<(u32, u32)>, String> {
    let bad = || format!("\"{s}\" is not a packet range (e.g. 1-10,15,20-)");
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let num = |t: &str| t.trim().parse::<u32>().map_err(|_| bad());
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (
                if a.trim().is_empty() { 1 } else { num(a)? },
                if b.trim().is_empty() { max } else { num(b)? },
            ),
            None => {
                let n = num(part)?;
                (n, n)
            }
        };
        if a == 0 || a > b {
            return Err(bad());
        }
        out.push((a, b.min(max)));
    }
    if out.is_empty() {
        return Err(bad());
    }
    Ok(out)
}

/// A save in progress: its outcome, packets written, packets in all.
pub(super) type Saving = (Receiver<Result<PathBuf, String>>, Arc<AtomicUsize>, usize);

pub struct SaveState {
    /// The Save window is open with these choices.
    pub dialog: bool,
    pub format: SaveFormat,
    pub which: PacketSet,
    /// The text of the range field.
    pub range: String,
    /// The unsaved-packets question is showing, for this action.
    pub prompt: Option<Pending>,
    /// What to do once a save (asked for by the prompt) has succeeded.
    pub after_save: Option<Pending>,
    /// A live capture holds packets that are in no file the user chose, or packet comments
    /// were edited.
    pub unsaved: bool,
    /// Packet comments were added, changed or removed since the file was opened or saved.
    pub edited: bool,
    /// The user said Discard (or Quit was confirmed): the next Quit goes through.
    pub quit_confirmed: bool,
    /// Where the capture was last saved.
    pub saved_to: Option<PathBuf>,
    pub(super) running: Option<Saving>,
}

impl Default for SaveState {
    fn default() -> Self {
        SaveState {
            dialog: false,
            format: SaveFormat::Pcapng,
            which: PacketSet::All,
            range: String::new(),
            prompt: None,
            after_save: None,
            unsaved: false,
            edited: false,
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

/// The Save window and the unsaved-packets question, over the save state `st`, reading the
/// app and sending it commands.
pub fn save_ui(st: &mut SaveState, shared: &Shared, ctx: &egui::Context) {
    let mut cmds = Vec::new();
    let lang = shared.lang;
    if let Some(p) = st.prompt.clone() {
        let n = shared.frame_count();
        let before = lang.tr(p.before());
        egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
            if st.edited && shared.session.as_ref().is_some_and(|s| s.live.is_none()) {
                ui.heading(lang.tr("save-unsaved-changes"));
                ui.label(crate::i18n::tr_args(
                    lang,
                    "save-ask-comments",
                    &[("before", before.as_str().into())],
                ));
                ui.label(RichText::new(lang.tr("save-changes-lost")).weak());
            } else {
                ui.heading(lang.tr("save-unsaved-packets"));
                ui.label(crate::i18n::tr_args(
                    lang,
                    "save-ask-packets",
                    &[
                        ("count", u64::from(n).into()),
                        ("before", before.as_str().into()),
                    ],
                ));
                ui.label(RichText::new(lang.tr("save-packets-lost")).weak());
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(lang.tr("save-save")).clicked() {
                    cmds.push(Command::Answer(Answer::Save));
                }
                if ui.button(lang.tr("save-discard")).clicked() {
                    cmds.push(Command::Answer(Answer::Discard));
                }
                if ui.button(lang.tr("dlg-cancel")).clicked() {
                    cmds.push(Command::Answer(Answer::Cancel));
                }
            });
        });
    }
    if st.dialog {
        let mut open = true;
        let filtered = shared.display.filtered.as_ref().map(|f| f.len());
        let total = shared.frame_count();
        let count = |id: &str, n: usize| crate::i18n::tr_args(lang, id, &[("count", n.into())]);
        egui::Window::new(lang.tr("save-title"))
            .id(egui::Id::unique("save-packets"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(RichText::new(lang.tr("save-format")).strong());
                ui.radio_value(&mut st.format, SaveFormat::Pcapng, "pcapng");
                ui.radio_value(&mut st.format, SaveFormat::Pcap, "pcap (libpcap)");
                ui.label(RichText::new(lang.tr("save-packets")).strong());
                let w = &mut st.which;
                ui.radio_value(w, PacketSet::All, count("save-all", total as usize));
                ui.add_enabled_ui(filtered.is_some(), |ui| {
                    ui.radio_value(
                        w,
                        PacketSet::Displayed,
                        count("save-displayed", filtered.unwrap_or(total as usize)),
                    );
                });
                ui.add_enabled_ui(!shared.marked.is_empty(), |ui| {
                    ui.radio_value(
                        w,
                        PacketSet::Marked,
                        count("save-marked", shared.marked.len()),
                    );
                });
                ui.add_enabled_ui(shared.selected.is_some(), |ui| {
                    ui.radio_value(w, PacketSet::Selected, lang.tr("save-selected"));
                });
                ui.horizontal(|ui| {
                    let is_range = matches!(w, PacketSet::Range(_));
                    if ui.radio(is_range, lang.tr("save-range")).clicked() {
                        *w = PacketSet::Range(st.range.clone());
                    }
                    let r = ui.add(
                        egui::TextEdit::singleline(&mut st.range)
                            .hint_text("1-10,15,20-")
                            .desired_width(140.0),
                    );
                    if r.changed() {
                        *w = PacketSet::Range(st.range.clone());
                    }
                });
                let range_error = match &st.which {
                    PacketSet::Range(r) => parse_range(r, total).err().map(|_| {
                        crate::i18n::tr_args(
                            lang,
                            "save-bad-range",
                            &[("range", r.as_str().into())],
                        )
                    }),
                    _ => None,
                };
                if let Some(e) = &range_error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                ui.add_space(6.0);
                if ui
                    .add_enabled(
                        range_error.is_none(),
                        egui::Button::new(lang.tr("save-save")),
                    )
                    .clicked()
                {
                    cmds.push(Command::SavePick);
                }
            });
        if !open {
            st.dialog = false;
            st.after_save = None;
        }
    }
    shared.commands.extend(cmds);
}

#[cfg(test)]
mod range_tests {
    use super::parse_range;

    #[test]
    fn ranges_as_wireshark_writes_them() {
        assert_eq!(parse_range("1-3,5", 10), Ok(vec![(1, 3), (5, 5)]));
        assert_eq!(parse_range("8-", 10), Ok(vec![(8, 10)]));
        assert_eq!(parse_range("-2, 4", 10), Ok(vec![(1, 2), (4, 4)]));
        assert_eq!(parse_range("9-20", 10), Ok(vec![(9, 10)]));
        for bad in ["", "x", "0", "5-3", "1-2-3", ","] {
            assert!(parse_range(bad, 10).is_err(), "{bad}");
        }
    }
}
