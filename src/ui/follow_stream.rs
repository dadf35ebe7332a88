//! The Follow Stream window: a conversation's bytes as text, client in red and server in
//! blue, in several forms, with direction selection, find, a link from the text to the
//! packets, stream stepping and Save As. The stream is gathered on a worker thread.

use super::command::{Command, FollowKind as Kind};
use super::shared::Shared;
use crate::follow::{self, Follow};
use egui::{Color32, RichText};
use std::sync::mpsc::Receiver;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Ascii,
    HexDump,
    CArrays,
    Raw,
    Yaml,
    Utf8,
}

impl Form {
    pub const ALL: [Form; 6] = [
        Form::Ascii,
        Form::HexDump,
        Form::CArrays,
        Form::Raw,
        Form::Yaml,
        Form::Utf8,
    ];
    /// The form's name in `lang` (ASCII, YAML and UTF-8 are the same in every language).
    pub fn name(self, lang: crate::i18n::Lang) -> String {
        let id = match self {
            Form::Ascii => return "ASCII".into(),
            Form::HexDump => "follow-hex-dump",
            Form::CArrays => "follow-c-arrays",
            Form::Raw => "follow-raw",
            Form::Yaml => return "YAML".into(),
            Form::Utf8 => return "UTF-8".into(),
        };
        crate::i18n::tr(lang, id)
    }
}

/// One display line: which side, which packet, the text.
#[derive(Clone, Debug)]
pub struct Line {
    pub dir: u8,
    pub frame: u32,
    pub text: String,
}

pub struct FollowState {
    pub kind: Kind,
    pub stream: u32,
    pub form: Form,
    /// None = both directions, Some(0/1) = one side.
    pub dir: Option<u8>,
    pub data: Option<Follow>,
    pub lines: Vec<Line>,
    pub find: String,
    pub found: Option<usize>,
    pub scroll_to: Option<usize>,
    /// The filter that was applied before the window opened (for Back).
    pub previous_filter: Option<String>,
    pub loading: Option<Receiver<Option<Follow>>>,
    pub error: Option<String>,
    /// Wrap long lines at the window's width (as Wireshark's Follow can).
    pub wrap: bool,
    /// The wrapped rows for a width: (columns, lines wrapped, (line, byte start, byte end)).
    wrapped: Option<Wrapped>,
}

/// A line cut for wrapping: (line, byte start, byte end).
pub type Row = (usize, usize, usize);
/// The rows for a width: (columns, lines wrapped, rows).
type Wrapped = (usize, usize, Vec<Row>);

/// Cuts each line into rows of at most `cols` characters: (line, byte start, byte end).
pub fn wrap_rows(lines: &[Line], cols: usize) -> Vec<(usize, usize, usize)> {
    let cols = cols.max(8);
    let mut rows = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let mut start = 0;
        let mut n = 0;
        for (at, _) in l.text.char_indices() {
            if n == cols {
                rows.push((i, start, at));
                start = at;
                n = 0;
            }
            n += 1;
        }
        rows.push((i, start, l.text.len()));
    }
    rows
}

impl FollowState {
    pub fn new(kind: Kind, stream: u32, previous_filter: Option<String>) -> FollowState {
        FollowState {
            kind,
            stream,
            // HTTP bodies read best decoded in their charset
            form: if kind == Kind::Http {
                Form::Utf8
            } else {
                Form::Ascii
            },
            dir: None,
            data: None,
            lines: Vec::new(),
            find: String::new(),
            found: None,
            scroll_to: None,
            previous_filter,
            loading: None,
            error: None,
            wrap: false,
            wrapped: None,
        }
    }

    /// The rows long lines were cut into, while wrapping.
    pub fn wrapped_rows(&self) -> Option<&[(usize, usize, usize)]> {
        match (&self.wrapped, self.wrap) {
            (Some((_, _, r)), true) => Some(r),
            _ => None,
        }
    }

    /// The whole text as shown (for Save As and tests).
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn rebuild(&mut self) {
        self.lines = match &self.data {
            Some(f) => render(f, self.form, self.dir, self.kind),
            None => Vec::new(),
        };
        self.found = None;
    }
}

/// Starts gathering a stream on a worker thread.
pub fn load(fs: &mut FollowState, shared: &Shared, ctx: &egui::Context) {
    let Some(s) = &shared.session else {
        return;
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let an = s.analysis.clone();
    let (kind, stream, c) = (fs.kind, fs.stream, ctx.clone());
    let work = move || {
        let Ok(an) = an.read() else { return };
        let f = match kind {
            Kind::Tcp => follow::follow_tcp(&an, stream, true),
            Kind::Http => follow::follow_http(&an, stream),
        };
        super::worker::answer(&tx, f);
        c.request_repaint();
    };
    fs.data = None;
    fs.lines.clear();
    fs.loading = Some(rx);
    if let Err(e) = super::worker::start("fathom-follow", shared.headless, work) {
        fs.error = Some(e);
    }
}

fn printable(b: u8) -> char {
    if b.is_ascii_graphic() || b == b' ' {
        b as char
    } else {
        '.'
    }
}

fn base64(b: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in b.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        s.push(T[(n >> 18) as usize & 63] as char);
        s.push(T[(n >> 12) as usize & 63] as char);
        s.push(if c.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        s.push(if c.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    s
}

/// The display lines of a stream in one form.
pub fn render(f: &Follow, form: Form, only: Option<u8>, kind: Kind) -> Vec<Line> {
    let mut out = Vec::new();
    let mut push = |dir: u8, frame: u32, text: String| out.push(Line { dir, frame, text });
    let mut offsets = [0usize; 2];
    // for HTTP bodies: the charset the preceding headers named, per direction
    let mut charset: [Option<String>; 2] = [None, None];
    if form == Form::Yaml {
        push(0, 0, "peers:".into());
        for (i, n) in f.nodes.iter().enumerate() {
            push(
                i as u8,
                0,
                format!("  - peer: {i}\n    host: {}\n    port: {}", n.0, n.1),
            );
        }
        push(0, 0, "packets:".into());
    }
    for (idx, c) in f.chunks.iter().enumerate() {
        if only.is_some_and(|d| d != c.dir) {
            continue;
        }
        let d = c.dir as usize;
        if c.missing_before > 0 {
            push(
                c.dir,
                c.frame,
                format!("[{} bytes missing in capture file]", c.missing_before),
            );
        }
        match form {
            Form::Ascii | Form::Utf8 => {
                let text: String = if form == Form::Ascii {
                    c.data
                        .iter()
                        .map(|&b| {
                            if b == b'\n' || b == b'\r' {
                                b as char
                            } else {
                                printable(b)
                            }
                        })
                        .collect()
                } else {
                    let is_head = kind == Kind::Http
                        && crate::analysis::http::starts_message(&c.data).is_some();
                    if is_head {
                        charset[d] = follow::charset(&c.data);
                        String::from_utf8_lossy(&c.data).into_owned()
                    } else {
                        crate::dissect::content::decode_text(&c.data, charset[d].as_deref())
                    }
                };
                for l in text.replace("\r\n", "\n").split('\n') {
                    push(c.dir, c.frame, l.to_string());
                }
            }
            Form::HexDump => {
                for (i, line) in c.data.chunks(16).enumerate() {
                    let mut s = format!(
                        "{}{:08X}  ",
                        if d == 1 { "    " } else { "" },
                        offsets[d] + i * 16
                    );
                    for j in 0..16 {
                        match line.get(j) {
                            Some(b) => s.push_str(&format!("{b:02x} ")),
                            None => s.push_str("   "),
                        }
                        if j == 7 {
                            s.push(' ');
                        }
                    }
                    s.push(' ');
                    s.extend(line.iter().map(|&b| printable(b)));
                    push(c.dir, c.frame, s);
                }
                offsets[d] += c.data.len();
            }
            Form::CArrays => {
                push(
                    c.dir,
                    c.frame,
                    format!("char peer{d}_{idx}[] = {{ /* Packet {} */", c.frame),
                );
                let n = c.data.len();
                for (i, line) in c.data.chunks(8).enumerate() {
                    let mut s = line
                        .iter()
                        .map(|b| format!("0x{b:02x}"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    s.push_str(if (i + 1) * 8 >= n { " };" } else { "," });
                    push(c.dir, c.frame, s);
                }
            }
            Form::Raw => {
                for line in c.data.chunks(32) {
                    push(
                        c.dir,
                        c.frame,
                        line.iter().map(|b| format!("{b:02x}")).collect(),
                    );
                }
            }
            Form::Yaml => {
                push(
                    c.dir,
                    c.frame,
                    format!(
                        "  - packet: {}\n    peer: {d}\n    index: {idx}\n    data: !!binary |",
                        c.frame
                    ),
                );
                let b64 = base64(&c.data);
                for i in (0..b64.len()).step_by(76) {
                    push(
                        c.dir,
                        c.frame,
                        format!("      {}", &b64[i..(i + 76).min(b64.len())]),
                    );
                }
            }
        }
    }
    out
}

fn side_color(dir: u8, dark: bool) -> Color32 {
    if dir == 0 {
        super::theme::CLIENT
    } else {
        super::theme::SERVER
    }
    .on(dark)
}

/// The Follow window over its state `fs`, reading what all views share and sending commands (closing
/// it is a command too).
pub fn follow_ui(fs: &mut FollowState, shared: &Shared, ctx: &egui::Context) {
    let lang = shared.lang;
    let tra = move |id: &str, args: &[(&str, crate::i18n::ArgValue)]| {
        crate::i18n::tr_args(lang, id, args)
    };
    let mut cmds = Vec::new();
    let mut open = true;
    let mut reload = false;
    if let Some(rx) = &fs.loading {
        if let Some(f) = super::worker::poll(rx) {
            fs.loading = None;
            match f {
                Ok(Some(f)) => {
                    fs.data = Some(f);
                    fs.error = None;
                }
                Ok(None) => {
                    fs.error = Some(tra("follow-no-stream", &[("stream", fs.stream.into())]))
                }
                Err(e) => fs.error = Some(e),
            }
            fs.rebuild();
        }
    }
    let title = tra(
        "follow-title",
        &[
            (
                "proto",
                if fs.kind == Kind::Http { "HTTP" } else { "TCP" }.into(),
            ),
            ("stream", fs.stream.into()),
        ],
    );
    let (size, max) = super::theme::fit(ctx, [820.0, 560.0]);
    egui::Window::new(title)
        .id(egui::Id::unique("follow_window"))
        .open(&mut open)
        .default_size(size)
        .max_size(max)
        .resizable(true)
        .show(ctx, |ui| {
            if fs.loading.is_some() {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(lang.tr("follow-gathering"));
                });
            }
            if let Some(e) = &fs.error {
                ui.label(RichText::new(e).color(super::theme::ERROR));
            }
            let turns = fs
                .data
                .as_ref()
                .map_or((0, 0, 0), |f| (f.packets[0], f.packets[1], f.turns()));
            ui.label(
                RichText::new(tra(
                    "follow-counts",
                    &[
                        ("client", turns.0.into()),
                        ("server", turns.1.into()),
                        ("turns", turns.2.into()),
                    ],
                ))
                .weak(),
            );
            if let Some(f) = text_ui(ui, fs, shared.dark) {
                cmds.push(Command::Select(f));
            }
            ui.separator();
            ui.horizontal(|ui| reload = controls_ui(ui, fs, lang));
            ui.horizontal(|ui| find_ui(ui, fs, lang, &mut cmds));
        });
    if !open {
        cmds.push(Command::CloseFollow(false));
    }
    if reload {
        let s = fs.stream;
        cmds.push(Command::ApplyFilter(format!("tcp.stream eq {s}")));
        load(fs, shared, ctx);
    }
    shared.commands.extend(cmds);
}

/// The stream's text, only the visible rows laid out (wrapped to the width when asked);
/// returns the packet of a line clicked.
fn text_ui(ui: &mut egui::Ui, fs: &mut FollowState, dark: bool) -> Option<u32> {
    // the text
    let row_h = ui.text_style_height(&egui::TextStyle::Monospace);
    let avail = (ui.available_height() - 90.0).max(100.0);
    if fs.wrap {
        // rows of as many characters as the width holds (monospace)
        let font = egui::TextStyle::Monospace.resolve(ui.style());
        let w = ui
            .painter()
            .layout_no_wrap("M".repeat(20), font, Color32::PLACEHOLDER) // measured, not drawn
            .size()
            .x
            / 20.0;
        let cols = ((ui.available_width() - 24.0) / w.max(1.0)) as usize;
        let stale = !matches!(&fs.wrapped, Some((c, n, _)) if *c == cols && *n == fs.lines.len());
        if stale {
            fs.wrapped = Some((cols, fs.lines.len(), wrap_rows(&fs.lines, cols)));
        }
    }
    let rows: Option<&[(usize, usize, usize)]> = match (&fs.wrapped, fs.wrap) {
        (Some((_, _, r)), true) => Some(r),
        _ => None,
    };
    let mut area = egui::ScrollArea::both()
        .id_salt("follow_text")
        .max_height(avail)
        .auto_shrink([false, false]);
    if let Some(line) = fs.scroll_to.take() {
        // with wrapping, the line's first row
        let i = rows.map_or(line, |r| r.partition_point(|&(l, _, _)| l < line));
        area = area.vertical_scroll_offset(
            (i as f32 - 3.0).max(0.0) * (row_h + ui.spacing().item_spacing.y),
        );
    }
    let found = fs.found;
    let mut clicked = None;
    let count = rows.map_or(fs.lines.len(), |r| r.len());
    area.show_rows(ui, row_h, count, |ui, range| {
        for k in range {
            let (i, text) = match rows {
                Some(r) => {
                    let (i, a, b) = r[k];
                    (i, &fs.lines[i].text[a..b])
                }
                None => (k, fs.lines[k].text.as_str()),
            };
            let l = &fs.lines[i];
            let mut t = RichText::new(if text.is_empty() { " " } else { text })
                .monospace()
                .color(side_color(l.dir, dark));
            if found == Some(i) {
                t = t
                    .background_color(super::theme::HIGHLIGHT)
                    .color(super::theme::ON_LIGHT);
            }
            let r = ui.add(
                egui::Label::new(t)
                    .sense(egui::Sense::click())
                    .wrap_mode(egui::TextWrapMode::Extend),
            );
            if r.clicked() && l.frame != 0 {
                clicked = Some(l.frame);
            }
        }
    });
    clicked
}

/// Which side to show, in which form, wrapping, and the stream number; `true` when the
/// stream number changed (the window follows the new stream).
fn controls_ui(ui: &mut egui::Ui, fs: &mut FollowState, lang: crate::i18n::Lang) -> bool {
    let tra =
        |id: &str, args: &[(&str, crate::i18n::ArgValue)]| crate::i18n::tr_args(lang, id, args);
    let (n0, n1, b0, b1) = match &fs.data {
        Some(f) => (
            format!("{}:{}", f.nodes[0].0, f.nodes[0].1),
            format!("{}:{}", f.nodes[1].0, f.nodes[1].1),
            f.bytes(0),
            f.bytes(1),
        ),
        None => Default::default(),
    };
    let mut reload = false;
    let side = |a: &str, b: &str, n: usize| {
        tra(
            "follow-side",
            &[("from", a.into()), ("to", b.into()), ("bytes", n.into())],
        )
    };
    let label = |d: Option<u8>| match d {
        None => tra("follow-whole", &[("bytes", (b0 + b1).into())]),
        Some(0) => side(&n0, &n1, b0),
        Some(_) => side(&n1, &n0, b1),
    };
    let before = (fs.dir, fs.form);
    egui::ComboBox::from_id_salt("follow_dir")
        .selected_text(label(fs.dir))
        .show_ui(ui, |ui| {
            for d in [None, Some(0), Some(1)] {
                ui.selectable_value(&mut fs.dir, d, label(d));
            }
        });
    ui.label(lang.tr("follow-show-as"));
    egui::ComboBox::from_id_salt("follow_form")
        .selected_text(fs.form.name(lang))
        .show_ui(ui, |ui| {
            for f in Form::ALL {
                ui.selectable_value(&mut fs.form, f, f.name(lang));
            }
        });
    if (fs.dir, fs.form) != before {
        fs.rebuild();
    }
    ui.checkbox(&mut fs.wrap, lang.tr("follow-wrap"));
    ui.separator();
    ui.label(lang.tr("follow-stream"));
    let mut s = fs.stream;
    if ui
        .add(egui::DragValue::new(&mut s).range(0..=u32::MAX))
        .changed()
        && s != fs.stream
    {
        fs.stream = s;
        reload = true;
    }
    reload
}

/// Find in the text, and the buttons that filter the stream out, save it, go back or close.
fn find_ui(
    ui: &mut egui::Ui,
    fs: &mut FollowState,
    lang: crate::i18n::Lang,
    cmds: &mut Vec<Command>,
) {
    ui.label(lang.tr("find-label"));
    let r = ui.add(egui::TextEdit::singleline(&mut fs.find).desired_width(220.0));
    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if (ui.button(lang.tr("follow-find-next")).clicked() || enter) && !fs.find.is_empty() {
        let start = fs.found.map(|i| i + 1).unwrap_or(0);
        let needle = fs.find.to_lowercase();
        let n = fs.lines.len();
        fs.found = (0..n)
            .map(|k| (start + k) % n.max(1))
            .find(|&i| fs.lines[i].text.to_lowercase().contains(&needle));
        fs.scroll_to = fs.found;
    }
    if fs.found.is_none() && !fs.find.is_empty() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        ui.label(RichText::new(lang.tr("follow-not-found")).italics());
    }
    ui.separator();
    if ui.button(lang.tr("follow-filter-out")).clicked() {
        cmds.push(Command::ApplyFilter(format!(
            "!(tcp.stream eq {})",
            fs.stream
        )));
        cmds.push(Command::CloseFollow(false));
    }
    if ui.button(lang.tr("follow-save-as")).clicked() {
        cmds.push(Command::SaveFollow);
    }
    if ui
        .button(lang.tr("follow-back"))
        .on_hover_text(lang.tr("follow-back-tip"))
        .clicked()
    {
        cmds.push(Command::CloseFollow(true));
    }
    if ui
        .button(lang.tr("dlg-close"))
        .on_hover_text(lang.tr("follow-close-tip"))
        .clicked()
    {
        cmds.push(Command::CloseFollow(false));
    }
}

/// What Save As writes: the text shown, or for Raw the bytes themselves.
pub fn save_bytes(fs: &FollowState) -> Vec<u8> {
    match (fs.form, &fs.data) {
        (Form::Raw, Some(f)) => f
            .chunks
            .iter()
            .filter(|c| fs.dir.is_none_or(|d| d == c.dir))
            .flat_map(|c| c.data.clone())
            .collect(),
        _ => fs.text().into_bytes(),
    }
}

#[cfg(test)]
mod wrap_tests {
    use super::{wrap_rows, Line};

    #[test]
    fn long_lines_become_rows_on_character_boundaries() {
        let line = |t: &str| Line {
            dir: 0,
            frame: 1,
            text: t.into(),
        };
        let lines = [line("abcdefghijkl"), line(""), line("你好世界你好世界你好")];
        let rows = wrap_rows(&lines, 8);
        let text: Vec<&str> = rows.iter().map(|&(i, a, b)| &lines[i].text[a..b]).collect();
        assert_eq!(text, ["abcdefgh", "ijkl", "", "你好世界你好世界", "你好"]);
        assert_eq!(rows[1].0, 0, "the second row is still the first line");
    }
}
