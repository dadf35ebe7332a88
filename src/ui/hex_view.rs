//! The bytes pane: offset, 16 bytes of hex, ASCII; the selected field's bytes highlighted; a
//! click on a byte selects the deepest field that covers it; one tab per data source.

use super::command::Command;
use super::shared::Shared;
use crate::dissect::{Node, Tree};
use egui::RichText;

/// The path of the deepest visible field covering `off` in data source `ds`.
pub fn field_at(tree: &Tree, ds: u8, off: usize) -> Option<Vec<usize>> {
    fn rec(n: &Node, path: &mut Vec<usize>, ds: u8, off: usize, best: &mut Option<Vec<usize>>) {
        if n.is_hidden() {
            return;
        }
        let covers = n.ds == ds
            && n.len > 0
            && (n.start as usize) <= off
            && off < (n.start + n.len) as usize;
        if covers {
            *best = Some(path.clone());
        }
        for (i, c) in n.children.iter().enumerate() {
            path.push(i);
            rec(c, path, ds, off, best);
            path.pop();
        }
    }
    let mut best = None;
    for (i, r) in tree.roots.iter().enumerate() {
        let mut p = vec![i];
        rec(r, &mut p, ds, off, &mut best);
    }
    best
}

/// The byte range highlighted in the current tab: the selected field's bytes.
pub fn highlight(shared: &Shared) -> Option<(usize, usize)> {
    let d = shared.detail.as_ref()?;
    let tab = shared.source_tab.min(d.dis.tree.sources.len());
    shared
        .selected_field
        .as_ref()
        .and_then(|p| super::detail_tree::node_at(&d.dis.tree, p))
        .filter(|n| n.ds as usize == tab && n.len > 0)
        .map(|n| (n.start as usize, (n.start + n.len) as usize))
}

pub fn hex_view_ui(shared: &Shared, ui: &mut egui::Ui) {
    let lang = shared.lang;
    let Some(d) = &shared.detail else {
        ui.weak(crate::i18n::tr(lang, "hex-none"));
        return;
    };
    let mut cmds = Vec::new();
    let tab = shared.source_tab.min(d.dis.tree.sources.len());
    let sized = |name: &str, n: usize| {
        crate::i18n::tr_args(
            lang,
            "hex-source",
            &[("name", name.into()), ("bytes", n.into())],
        )
    };
    ui.horizontal(|ui| {
        if ui
            .selectable_label(
                tab == 0,
                sized(&crate::i18n::tr(lang, "hex-frame"), d.bytes.len()),
            )
            .clicked()
        {
            cmds.push(Command::SelectSource(0));
        }
        for (i, (name, b)) in d.dis.tree.sources.iter().enumerate() {
            // (a data source is named as Wireshark's dissectors name it)
            let label = if name.contains("bytes") {
                name.clone()
            } else {
                sized(name, b.len())
            };
            if ui.selectable_label(tab == i + 1, label).clicked() {
                cmds.push(Command::SelectSource(i + 1));
            }
        }
    });
    ui.separator();
    let bytes: &[u8] = d.dis.tree.source(&d.bytes, tab as u8);
    let hl = highlight(shared);
    let hl_bg = super::theme::FIELD_BYTES.on(shared.dark);
    let row_h = ui.text_style_height(&egui::TextStyle::Monospace) + 2.0;
    let lines = bytes.len().div_ceil(16);
    let mut area = egui::ScrollArea::vertical();
    if shared.hex_scroll {
        if let Some((a, _)) = hl {
            let spacing = ui.spacing().item_spacing.y;
            area = area
                .vertical_scroll_offset(((a / 16).saturating_sub(1)) as f32 * (row_h + spacing));
        }
    }
    area.auto_shrink([false, false])
        .id_salt("hex_scroll")
        .show_rows(ui, row_h, lines, |ui, range| {
            for line in range {
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = 0.0;
                    ui.label(
                        RichText::new(format!("{:04x}  ", line * 16))
                            .monospace()
                            .weak(),
                    );
                    for col in 0..16 {
                        let off = line * 16 + col;
                        let text = match bytes.get(off) {
                            Some(b) => format!("{b:02x} "),
                            None => "   ".to_string(),
                        };
                        let mut t = RichText::new(text).monospace();
                        if hl.is_some_and(|(a, b)| off >= a && off < b) {
                            t = t.background_color(hl_bg);
                        }
                        if col == 8 {
                            ui.label(RichText::new(" ").monospace());
                        }
                        let r = ui.add(egui::Label::new(t).sense(egui::Sense::click()));
                        if r.clicked() && off < bytes.len() {
                            cmds.push(Command::SelectField(field_at(&d.dis.tree, tab as u8, off)));
                            cmds.push(Command::RevealField);
                        }
                    }
                    ui.label(RichText::new("  ").monospace());
                    for col in 0..16 {
                        let off = line * 16 + col;
                        let Some(&b) = bytes.get(off) else { break };
                        let c = if b.is_ascii_graphic() || b == b' ' {
                            b as char
                        } else {
                            '.'
                        };
                        let mut t = RichText::new(c.to_string()).monospace();
                        if hl.is_some_and(|(a, e)| off >= a && off < e) {
                            t = t.background_color(hl_bg);
                        }
                        if ui
                            .add(egui::Label::new(t).sense(egui::Sense::click()))
                            .clicked()
                        {
                            cmds.push(Command::SelectField(field_at(&d.dis.tree, tab as u8, off)));
                            cmds.push(Command::RevealField);
                        }
                    }
                });
            }
        });
    shared.commands.extend(cmds);
}
