//! View ▸ Explain: the selected packet explained in plain language ([`crate::explain`]), in
//! the chosen language, beside the protocol tree. `#N` in a sentence is a link to frame N.

use super::command::Command;
use super::shared::Shared;
use crate::i18n::Lang;
use crate::session::Session;

/// Whether the pane is shown, its language, the sentences of the frame it last explained,
/// and the guided walk-through.
pub struct ExplainState {
    pub show: bool,
    /// (frame, language, frames in the analysis then, the sentences as words)
    cache: Option<(u32, Lang, usize, Vec<String>)>,
    /// The walk-through, when one runs: its stops and the one shown.
    pub tour: Option<(Vec<crate::explain::tour::Stop>, usize)>,
    /// A walk-through starts when the file being opened has loaded.
    pub tour_wanted: bool,
    /// The field to select once the stop's frame is dissected.
    pub pending_field: Option<&'static str>,
}

impl ExplainState {
    /// Starts the walk-through once the file has loaded (File ▸ Open Example): the command
    /// that shows its first stop.
    pub fn start_tour_when_loaded(&mut self, s: Option<&Session>) -> Option<Command> {
        let s = s.filter(|s| self.tour_wanted && !s.is_loading())?;
        let stops = crate::explain::tour::tour(&s.read());
        self.tour_wanted = false;
        self.tour = Some((stops, 0));
        Some(Command::TourStep(0))
    }

    /// Moves the walk-through by `delta` stops: the command that shows that stop (its frame
    /// selected; its field is selected in the tree, and so its bytes in the hex view, once
    /// the frame is dissected).
    pub fn tour_step(&mut self, delta: i64) -> Option<Command> {
        let (stops, at) = self.tour.as_mut()?;
        if stops.is_empty() {
            return None;
        }
        *at = (*at as i64 + delta).clamp(0, stops.len() as i64 - 1) as usize;
        let stop = stops.get(*at)?;
        let frame = stop.frame;
        self.pending_field = Some(stop.field);
        Some(Command::Select(frame))
    }

    /// The explanation of the `selected` frame (kept for the pane to draw), worked out again
    /// only when the frame, the language or the analysis (while a file loads) changed.
    pub fn refresh_sentences(&mut self, selected: Option<u32>, lang: Lang, s: Option<&Session>) {
        let (Some(frame), Some(s)) = (selected, s) else {
            return;
        };
        let an = s.read();
        let count = an.frames.len();
        let fresh = self
            .cache
            .as_ref()
            .is_some_and(|c| c.0 == frame && c.1 == lang && c.2 == count);
        if !fresh {
            // a few frames are dissected (this one and the one its ACK confirms): as cheap as
            // the tree's own dissection of the selection
            let said: Vec<String> = crate::explain::frame(&an, frame)
                .iter()
                .map(|x| crate::explain::render(lang, x))
                .collect();
            self.cache = Some((frame, lang, count, said));
        }
    }
}

impl Default for ExplainState {
    fn default() -> Self {
        ExplainState {
            show: true,
            cache: None,
            tour: None,
            tour_wanted: false,
            pending_field: None,
        }
    }
}

/// The walk-through's bar: the stop's title, Back, Next, End.
fn tour_ui(st: &ExplainState, shared: &Shared, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    let lang = shared.lang;
    let Some((stops, at)) = &st.tour else {
        return;
    };
    ui.group(|ui| {
        let Some(stop) = stops.get(*at) else {
            ui.label(lang.tr("ui-tour-none"));
            if ui.button(lang.tr("ui-tour-end")).clicked() {
                cmds.push(Command::EndTour);
            }
            return;
        };
        ui.horizontal_wrapped(|ui| {
            ui.weak(crate::i18n::tr_args(
                lang,
                "ui-tour-step",
                &[
                    ("at", crate::i18n::ArgValue::Num(*at as u64 + 1)),
                    ("count", crate::i18n::ArgValue::Num(stops.len() as u64)),
                ],
            ));
            ui.strong(lang.tr(stop.title));
        });
        ui.horizontal(|ui| {
            if ui
                .add_enabled(*at > 0, egui::Button::new(lang.tr("ui-tour-back")))
                .clicked()
            {
                cmds.push(Command::TourStep(-1));
            }
            if ui
                .add_enabled(
                    *at + 1 < stops.len(),
                    egui::Button::new(lang.tr("ui-tour-next")),
                )
                .clicked()
            {
                cmds.push(Command::TourStep(1));
            }
            if ui.button(lang.tr("ui-tour-end")).clicked() {
                cmds.push(Command::EndTour);
            }
        });
    });
}

/// A sentence cut into text and frame links (`#N` where N is a frame of the capture).
pub fn parts(sentence: &str, frames: u32) -> Vec<(String, Option<u32>)> {
    let mut out: Vec<(String, Option<u32>)> = Vec::new();
    let mut text = String::new();
    let mut rest = sentence;
    while let Some(i) = rest.find('#') {
        let after = &rest[i + 1..];
        let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
        match digits.parse::<u32>() {
            Ok(n) if (1..=frames).contains(&n) => {
                text.push_str(&rest[..i]);
                if !text.is_empty() {
                    out.push((std::mem::take(&mut text), None));
                }
                out.push((format!("#{n}"), Some(n)));
                rest = &after[digits.len()..];
            }
            _ => {
                text.push_str(&rest[..=i]);
                rest = after;
            }
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        out.push((text, None));
    }
    out
}

/// The Explain pane: the walk-through's bar and the selected frame's sentences (worked out
/// by [`ExplainState::refresh_sentences`]), with links to the frames they name.
pub fn explain_pane_ui(st: &ExplainState, shared: &Shared, ui: &mut egui::Ui) {
    let lang = shared.lang;
    let mut cmds = Vec::new();
    ui.horizontal(|ui| {
        ui.strong(crate::i18n::tr(lang, "ui-explain-title"));
    });
    tour_ui(st, shared, ui, &mut cmds);
    ui.separator();
    let cached = st.cache.as_ref();
    let Some((_, _, frames, said)) = cached.filter(|c| shared.selected == Some(c.0)) else {
        ui.weak(crate::i18n::tr(lang, "ui-explain-none"));
        shared.commands.extend(cmds);
        return;
    };
    let frames = *frames as u32;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .id_salt("explain_scroll")
        .show(ui, |ui| {
            for s in said {
                ui.horizontal_wrapped(|ui| {
                    ui.spacing_mut().item_spacing.x = 0.0;
                    for (text, link) in parts(s, frames) {
                        match link {
                            Some(n) => {
                                if ui.link(text).on_hover_text(format!("{n}")).clicked() {
                                    cmds.push(Command::Select(n));
                                }
                            }
                            None => {
                                ui.label(text);
                            }
                        }
                    }
                });
                ui.add_space(4.0);
            }
        });
    shared.commands.extend(cmds);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_numbers_become_links() {
        assert_eq!(
            parts("ACK 5 confirms #4 (Seq 1).", 10),
            vec![
                ("ACK 5 confirms ".to_string(), None),
                ("#4".to_string(), Some(4)),
                (" (Seq 1).".to_string(), None),
            ]
        );
        // not a frame of this capture, or no number: plain text
        assert_eq!(
            parts("#40 and # x", 10),
            vec![("#40 and # x".to_string(), None)]
        );
        assert_eq!(
            parts("#1: 1448, #2: 10", 2),
            vec![
                ("#1".to_string(), Some(1)),
                (": 1448, ".to_string(), None),
                ("#2".to_string(), Some(2)),
                (": 10".to_string(), None),
            ]
        );
    }
}
