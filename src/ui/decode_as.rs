//! Analyze ▸ Decode As: TCP ports the user hands to HTTP (the same table as `fathom print -d
//! tcp.port==P,http`). OK sets the table and analyses the open file again.

use super::command::Command;
use super::shared::Shared;
use crate::analysis::decode_as::{self, Rule};

#[derive(Default)]
pub struct DecodeAsState {
    pub open: bool,
    /// One row per rule: a port ("8000") or a range ("8000-8010").
    pub rows: Vec<String>,
    pub error: Option<String>,
}

impl DecodeAsState {
    /// Opens the dialog on the table as it is.
    pub fn show(&mut self) {
        self.rows = decode_as::rules()
            .iter()
            .map(|r| {
                if r.first == r.last {
                    r.first.to_string()
                } else {
                    format!("{}-{}", r.first, r.last)
                }
            })
            .collect();
        self.error = None;
        self.open = true;
    }
}

/// The rows as rules, or the first row that is not a port or range.
pub fn parse_rows(rows: &[String]) -> Result<Vec<Rule>, String> {
    rows.iter()
        .filter(|r| !r.trim().is_empty())
        .map(|r| Rule::parse(&format!("tcp.port=={},http", r.trim())).map_err(|_| r.clone()))
        .collect()
}

/// The Decode As window over its state `st`, reading what all views share and sending commands.
pub fn decode_as_ui(st: &mut DecodeAsState, shared: &Shared, ctx: &egui::Context) {
    if !st.open {
        return;
    }
    let mut open = true;
    let mut apply = false;
    let lang = shared.lang;
    egui::Window::new(lang.tr("da-title"))
        .id(egui::Id::unique("decode-as"))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label(lang.tr("da-ports"));
            let mut remove = None;
            egui::Grid::new("decode_as_rows").show(ui, |ui| {
                for (i, r) in st.rows.iter_mut().enumerate() {
                    ui.label("tcp.port");
                    ui.add(
                        egui::TextEdit::singleline(r)
                            .hint_text(lang.tr("da-hint"))
                            .desired_width(120.0),
                    );
                    ui.label("→ HTTP");
                    if ui.button(lang.tr("pref-remove")).clicked() {
                        remove = Some(i);
                    }
                    ui.end_row();
                }
            });
            if let Some(i) = remove {
                st.rows.remove(i);
            }
            if ui.button(lang.tr("da-add")).clicked() {
                st.rows.push(String::new());
            }
            if let Some(e) = &st.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            match super::theme::ok_cancel_ui(lang, ui) {
                Some(true) => apply = true,
                Some(false) => st.open = false,
                None => {}
            }
        });
    if !open {
        st.open = false;
    }
    if apply {
        match parse_rows(&st.rows) {
            Err(row) => {
                st.error = Some(crate::i18n::tr_args(
                    lang,
                    "da-bad-port",
                    &[("row", row.into())],
                ))
            }
            Ok(rules) => {
                st.open = false;
                decode_as::set(rules);
                // the analysis depends on the table: analyse the open file again
                if shared.session.as_ref().is_some_and(|s| s.live.is_none()) {
                    shared.push(Command::Reanalyse);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_settings_round_trip() {
        let rules = parse_rows(&["8000".into(), " 9000-9010 ".into(), "".into()]).unwrap();
        assert_eq!(rules.len(), 2);
        let args: Vec<String> = rules.iter().map(|r| r.to_arg()).collect();
        assert_eq!(args, ["tcp.port==8000,http", "tcp.port==9000-9010,http"]);
        let back: Vec<_> = args.iter().filter_map(|a| Rule::parse(a).ok()).collect();
        assert_eq!(back, rules);
        assert!(parse_rows(&["http".into()]).is_err());
    }
}
