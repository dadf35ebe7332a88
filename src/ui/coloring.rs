//! View ▸ Coloring Rules: the user's own rules (a display filter and two colours each),
//! tried in order before Wireshark's default rules, which stay.

use super::command::Command;
use super::shared::Shared;
use crate::filter::Filter;
use egui::Color32;
use std::sync::Arc;

/// One rule as the user edits it (and as the settings keep it).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    pub enabled: bool,
    pub name: String,
    pub filter: String,
    #[serde(with = "super::settings::hex_color")]
    pub bg: Color32,
    #[serde(with = "super::settings::hex_color")]
    pub fg: Color32,
}

/// A rule ready for the packet list: its filter compiled.
pub type Compiled = Arc<Vec<(Filter, Color32, Color32)>>;

#[derive(Default)]
pub struct ColoringState {
    pub open: bool,
    /// The rules in force.
    pub rules: Vec<Rule>,
    /// The rules being edited in the dialog.
    pub draft: Vec<Rule>,
    pub compiled: Compiled,
}

/// A colour written `rrggbb` or `#rrggbb`.
pub fn color(s: &str) -> Option<Color32> {
    let h = s.strip_prefix('#').unwrap_or(s);
    if h.len() != 6 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(h, 16).ok()?;
    Some(Color32::from_rgb((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

/// The rules from the settings lines of earlier versions:
/// `enabled<TAB>bg<TAB>fg<TAB>name<TAB>filter`.
pub fn from_setting(s: &str) -> Vec<Rule> {
    s.lines()
        .filter_map(|l| {
            let mut f = l.splitn(5, '\t');
            Some(Rule {
                enabled: f.next()? == "1",
                bg: color(f.next()?)?,
                fg: color(f.next()?)?,
                name: f.next()?.to_string(),
                filter: f.next()?.to_string(),
            })
        })
        .collect()
}

/// The enabled rules whose filters compile.
pub fn compile(rules: &[Rule]) -> Compiled {
    Arc::new(
        rules
            .iter()
            .filter(|r| r.enabled)
            .filter_map(|r| Filter::compile(&r.filter).ok().map(|f| (f, r.bg, r.fg)))
            .collect(),
    )
}

impl ColoringState {
    pub fn set(&mut self, rules: Vec<Rule>) {
        self.compiled = compile(&rules);
        self.rules = rules;
    }
}

/// The Coloring Rules window over its state `st`, reading what all views share and sending commands.
pub fn coloring_ui(st: &mut ColoringState, shared: &Shared, ctx: &egui::Context) {
    if !st.open {
        return;
    }
    let mut open = true;
    let mut apply = false;
    let lang = shared.lang;
    let (size, max) = super::theme::fit(ctx, [760.0, 360.0]);
    egui::Window::new(lang.tr("cr-title"))
        .id(egui::Id::unique("coloring-rules"))
        .open(&mut open)
        .default_size(size)
        .min_width(size[0])
        .max_size(max)
        .show(ctx, |ui| {
            ui.label(lang.tr("cr-explain"));
            ui.separator();
            let mut remove = None;
            let mut up = None;
            egui::Grid::new("coloring_rules")
                .striped(true)
                .show(ui, |ui| {
                    ui.label(lang.tr("cr-on"));
                    ui.label(lang.tr("cr-name"));
                    ui.label(lang.tr("cr-filter"));
                    ui.label(lang.tr("cr-background"));
                    ui.label(lang.tr("cr-text"));
                    ui.label("");
                    ui.end_row();
                    for (i, r) in st.draft.iter_mut().enumerate() {
                        ui.checkbox(&mut r.enabled, "");
                        let h = ui.spacing().interact_size.y;
                        ui.add_sized([120.0, h], egui::TextEdit::singleline(&mut r.name));
                        let ok = Filter::compile(&r.filter).is_ok();
                        let te = egui::TextEdit::singleline(&mut r.filter)
                            .hint_text("http.request.method == \"POST\"");
                        let dark = ui.visuals().dark_mode;
                        let te = super::theme::verdict_field(te, (!ok).then_some(false), dark);
                        ui.add_sized([280.0, h], te);
                        ui.color_edit_button_srgba(&mut r.bg);
                        ui.color_edit_button_srgba(&mut r.fg);
                        ui.horizontal(|ui| {
                            if ui
                                .small_button("▲")
                                .on_hover_text(lang.tr("cr-up"))
                                .clicked()
                                && i > 0
                            {
                                up = Some(i);
                            }
                            if ui.small_button(lang.tr("pref-remove")).clicked() {
                                remove = Some(i);
                            }
                        });
                        ui.end_row();
                    }
                });
            if let Some(i) = up {
                st.draft.swap(i - 1, i);
            }
            if let Some(i) = remove {
                st.draft.remove(i);
            }
            if ui.button(lang.tr("cr-add")).clicked() {
                st.draft.push(Rule {
                    enabled: true,
                    name: crate::i18n::tr_args(
                        lang,
                        "cr-new-name",
                        &[("n", (st.draft.len() + 1).into())],
                    ),
                    filter: String::new(),
                    bg: super::theme::HIGHLIGHT,
                    fg: super::theme::ON_LIGHT,
                });
            }
            let bad = st
                .draft
                .iter()
                .filter(|r| r.enabled && Filter::compile(&r.filter).is_err())
                .count();
            if bad > 0 {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    crate::i18n::tr_args(lang, "cr-bad", &[("count", bad.into())]),
                );
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
        let draft = std::mem::take(&mut st.draft);
        st.set(draft);
        st.open = false;
        // every row's colour may change
        shared.push(Command::RowsChanged);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_round_trip_through_the_settings() {
        let rules = vec![
            Rule {
                enabled: true,
                name: "posts".into(),
                filter: "http.request.method == \"POST\"".into(),
                bg: Color32::from_rgb(1, 2, 3),
                fg: Color32::WHITE,
            },
            Rule {
                enabled: false,
                name: "bad".into(),
                filter: "tcp.nonsense".into(),
                bg: Color32::BLACK,
                fg: Color32::WHITE,
            },
        ];
        let json = serde_json::to_string(&rules).unwrap();
        assert_eq!(serde_json::from_str::<Vec<Rule>>(&json).unwrap(), rules);
        // an earlier version's lines
        let lines = "1\t010203\tffffff\tposts\thttp.request.method == \"POST\"\n\
                     0\t000000\tffffff\tbad\ttcp.nonsense";
        assert_eq!(from_setting(lines), rules);
        // only enabled rules that compile take part
        assert_eq!(compile(&rules).len(), 1);
        assert!(from_setting("garbage").is_empty());
        assert_eq!(color("#+12345"), None);
        assert_eq!(color("00ff00"), Some(Color32::GREEN));
    }
}
