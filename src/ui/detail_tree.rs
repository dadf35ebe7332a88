//! The protocol tree of the selected frame: expandable fields (expansion kept while moving
//! between packets), generated fields in brackets, expert items tinted by severity, links to
//! other frames, and a context menu.

use super::command::Command;
use super::shared::Shared;
use crate::dissect::{Node, Severity, Tree, Value};
use egui::{Id, RichText};

/// The node at a path of child indices.
pub fn node_at<'a>(tree: &'a Tree, path: &[usize]) -> Option<&'a Node> {
    let (first, rest) = path.split_first()?;
    let mut n = tree.roots.get(*first)?;
    for &i in rest {
        n = n.children.get(i)?;
    }
    Some(n)
}

/// The path of the first shown field with this abbrev.
pub fn path_of(tree: &Tree, abbrev: &str) -> Option<Vec<usize>> {
    fn find(n: &Node, abbrev: &str, path: &mut Vec<usize>) -> bool {
        if n.is_hidden() {
            return false;
        }
        if n.abbrev() == abbrev {
            return true;
        }
        for (i, c) in n.children.iter().enumerate() {
            path.push(i);
            if find(c, abbrev, path) {
                return true;
            }
            path.pop();
        }
        false
    }
    for (i, r) in tree.roots.iter().enumerate() {
        let mut path = vec![i];
        if find(r, abbrev, &mut path) {
            return Some(path);
        }
    }
    None
}

/// The ids of a list of sibling fields: each names the same field in every packet (so
/// expansion state carries over), and siblings of one name (two HTTP/2 layers, two TLS
/// records) are told apart by their order among themselves.
fn sibling_ids(parent: Id, list: &[Node]) -> Vec<Id> {
    let mut seen: std::collections::HashMap<&str, usize> = Default::default();
    list.iter()
        .enumerate()
        .map(|(i, n)| {
            let id = node_id(parent, n, i);
            let k = seen.entry(n.abbrev()).or_insert(0);
            *k += 1;
            if *k > 1 && !n.abbrev().is_empty() {
                id.with(*k)
            } else {
                id
            }
        })
        .collect()
}

/// An id that names the same field in every packet (so expansion state carries over).
fn node_id(parent: Id, n: &Node, i: usize) -> Id {
    if n.abbrev().is_empty() {
        let key: String = n
            .label
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_alphabetic())
            .take(40)
            .collect();
        parent.with(key)
    } else {
        parent
            .with(n.abbrev())
            .with(if n.field == fathom_core::fid!("tcp.options.nop") {
                i
            } else {
                0
            })
    }
}

/// The selected frame's protocol tree (the app clears its one-shot scroll request after).
pub fn detail_tree_ui(shared: &Shared, ui: &mut egui::Ui) {
    let Some(detail) = &shared.detail else {
        let text = shared.tr("tree-none");
        ui.centered_and_justified(|ui| ui.weak(text));
        return;
    };
    let mut cmds = Vec::new();
    let root = Id::unique("detail_tree");
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .id_salt("tree_scroll")
        .show(ui, |ui| {
            let roots = &detail.dis.tree.roots;
            for ((i, n), id) in roots.iter().enumerate().zip(sibling_ids(root, roots)) {
                node_ui(
                    ui,
                    n,
                    vec![i],
                    id,
                    &shared.selected_field,
                    (shared.dark, shared.tree_scroll, shared.lang),
                    &mut cmds,
                );
            }
        });
    shared.commands.extend(cmds);
}

/// One field and (when expanded) its children. `look`: dark theme, whether to scroll the
/// selected field into view, and the language of the fields' descriptions.
fn node_ui(
    ui: &mut egui::Ui,
    n: &Node,
    path: Vec<usize>,
    id: Id,
    selected: &Option<Vec<usize>>,
    look: (bool, bool, crate::i18n::Lang),
    cmds: &mut Vec<Command>,
) {
    let (dark, scroll, lang) = look;
    if n.is_hidden() {
        return;
    }
    let is_sel = selected.as_ref() == Some(&path);
    let mut text = RichText::new(n.display_label());
    if let Some((sev, _)) = n.expert.as_deref() {
        text = text.background_color(super::theme::severity(*sev, dark));
        if !dark {
            text = text.color(super::theme::ON_LIGHT);
        }
    }
    if n.field == fathom_core::fid!("_ws.malformed") {
        text = text.background_color(super::theme::severity(Severity::Error, dark));
    }
    let mut label = |ui: &mut egui::Ui| {
        let mut r = ui.selectable_label(is_sel, text.clone());
        if !n.abbrev().is_empty() && !n.abbrev().starts_with('_') {
            r = r.on_hover_ui(|ui| field_help_ui(ui, n, lang));
        }
        if is_sel && scroll {
            r.scroll_to_me(Some(egui::Align::Center));
        }
        if r.clicked() {
            cmds.push(Command::SelectField(Some(path.clone())));
        }
        if let Value::Frame(f) = n.value {
            if ui
                .link(format!("→ #{f}"))
                .on_hover_text(lang.tr("tree-goto"))
                .clicked()
            {
                cmds.push(Command::Select(f));
            }
        }
        r.context_menu(|ui| {
            if let Some(f) = super::filter_bar::field_filter(n) {
                if ui
                    .button(lang.tr("tree-apply-filter"))
                    .on_hover_text(&f)
                    .clicked()
                {
                    cmds.push(Command::ApplyFilter(f.clone()));
                    ui.close();
                }
                if ui
                    .button(lang.tr("tree-prepare-filter"))
                    .on_hover_text(&f)
                    .clicked()
                {
                    cmds.push(Command::PrepareFilter(f));
                    ui.close();
                }
                if ui
                    .button(lang.tr("tree-apply-column"))
                    .on_hover_text(crate::i18n::tr_args(
                        lang,
                        "tree-column-tip",
                        &[("field", n.abbrev().into())],
                    ))
                    .clicked()
                {
                    cmds.push(Command::AddColumn(n.abbrev().to_string()));
                    ui.close();
                }
                ui.separator();
            }
            if ui.button(lang.tr("tree-copy-value")).clicked() {
                cmds.push(Command::Copy(n.value.to_fields_string()));
                ui.close();
            }
            if !n.abbrev().is_empty()
                && ui
                    .button(crate::i18n::tr_args(
                        lang,
                        "tree-copy-name",
                        &[("field", n.abbrev().into())],
                    ))
                    .clicked()
            {
                cmds.push(Command::Copy(n.abbrev().to_string()));
                ui.close();
            }
            if ui.button(lang.tr("tree-copy-text")).clicked() {
                cmds.push(Command::Copy(n.display_label()));
                ui.close();
            }
        });
    };
    if n.children.iter().all(|c| c.is_hidden()) {
        ui.horizontal(|ui| {
            ui.add_space(ui.spacing().indent);
            label(ui);
        });
        return;
    }
    egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, false)
        .show_header(ui, |ui| label(ui))
        .body(|ui| {
            let ids = sibling_ids(id, &n.children);
            for ((i, c), cid) in n.children.iter().enumerate().zip(ids) {
                let mut p = path.clone();
                p.push(i);
                node_ui(ui, c, p, cid, selected, look, cmds);
            }
        });
}

/// A field's hover text: what it means (for the described fields), its name and abbrev, its
/// bytes, and the filter that selects it.
fn field_help_ui(ui: &mut egui::Ui, n: &Node, lang: crate::i18n::Lang) {
    ui.set_max_width(420.0);
    // what the field means where it is described, otherwise what kind of value it holds
    let registered = Some(n.field.def()).filter(|f| !f.abbrev.is_empty());
    let kind = registered.map(|f| {
        let id = format!("ft-{}", f.kind.name().trim_start_matches("FT_")).to_ascii_lowercase();
        crate::i18n::tr(lang, &id.replace('_', "-"))
    });
    if let Some(help) = crate::i18n::field_help(lang, n.abbrev()).or(kind) {
        ui.label(help);
        ui.separator();
    }
    ui.label(field_summary(n, lang));
}

/// "Name (abbrev) · N bytes · filter", as the status bar shows the selected field.
pub fn field_summary(n: &Node, lang: crate::i18n::Lang) -> String {
    let name = n.field.name();
    let mut s = if name.is_empty() {
        n.abbrev().to_string()
    } else {
        format!("{name} ({})", n.abbrev())
    };
    if n.len > 0 {
        s.push_str(" · ");
        s.push_str(&crate::i18n::tr_args(
            lang,
            "tree-field-len",
            &[("bytes", n.len.into())],
        ));
    }
    if let Some(f) = super::filter_bar::field_filter(n) {
        s.push_str(&format!(" · {f}"));
    }
    s
}

/// Expands every parent of the field at `path`, so that it shows.
pub fn reveal(ctx: &egui::Context, tree: &Tree, path: &[usize]) {
    let Some((&first, rest)) = path.split_first() else {
        return;
    };
    let Some(mut n) = tree.roots.get(first) else {
        return;
    };
    let mut id = sibling_ids(Id::unique("detail_tree"), &tree.roots)[first];
    for &i in rest {
        let mut st =
            egui::collapsing_header::CollapsingState::load_with_default_open(ctx, id, false);
        st.set_open(true);
        st.store(ctx);
        let Some(c) = n.children.get(i) else { return };
        id = sibling_ids(id, &n.children)[i];
        n = c;
    }
}

/// The visible (expanded) nodes in display order, with their collapsing ids.
fn visible_paths(ctx: &egui::Context, tree: &Tree) -> Vec<(Vec<usize>, Id, bool)> {
    fn rec(
        ctx: &egui::Context,
        n: &Node,
        path: Vec<usize>,
        id: Id,
        out: &mut Vec<(Vec<usize>, Id, bool)>,
    ) {
        if n.is_hidden() {
            return;
        }
        let has_children = n.children.iter().any(|c| !c.is_hidden());
        out.push((path.clone(), id, has_children));
        let open = has_children
            && egui::collapsing_header::CollapsingState::load_with_default_open(ctx, id, false)
                .is_open();
        if open {
            let ids = sibling_ids(id, &n.children);
            for ((i, c), cid) in n.children.iter().enumerate().zip(ids) {
                let mut p = path.clone();
                p.push(i);
                rec(ctx, c, p, cid, out);
            }
        }
    }
    let mut out = Vec::new();
    let root = Id::unique("detail_tree");
    let ids = sibling_ids(root, &tree.roots);
    for ((i, n), id) in tree.roots.iter().enumerate().zip(ids) {
        rec(ctx, n, vec![i], id, &mut out);
    }
    out
}

/// Arrow keys in the tree: up/down move, right expands, left collapses (or goes to the parent).
pub fn keys(shared: &Shared, ctx: &egui::Context) {
    let Some(d) = &shared.detail else { return };
    let vis = visible_paths(ctx, &d.dis.tree);
    if vis.is_empty() {
        return;
    }
    let pressed = |k: egui::Key| ctx.input(|i| i.key_pressed(k));
    let cur = shared
        .selected_field
        .as_ref()
        .and_then(|p| vis.iter().position(|(q, _, _)| q == p));
    if pressed(egui::Key::ArrowDown) {
        let i = cur.map(|c| (c + 1).min(vis.len() - 1)).unwrap_or(0);
        shared.push(Command::SelectField(Some(vis[i].0.clone())));
    } else if pressed(egui::Key::ArrowUp) {
        let i = cur.map(|c| c.saturating_sub(1)).unwrap_or(0);
        shared.push(Command::SelectField(Some(vis[i].0.clone())));
    } else if let Some(c) = cur {
        let (path, id, has_children) = &vis[c];
        let mut st =
            egui::collapsing_header::CollapsingState::load_with_default_open(ctx, *id, false);
        if pressed(egui::Key::ArrowRight) && *has_children {
            st.set_open(true);
            st.store(ctx);
        } else if pressed(egui::Key::ArrowLeft) {
            if *has_children && st.is_open() {
                st.set_open(false);
                st.store(ctx);
            } else if path.len() > 1 {
                shared.push(Command::SelectField(Some(path[..path.len() - 1].to_vec())));
            }
        }
    }
}
