//! Capture ▸ Options and the welcome screen's interface list: libpcap's interfaces with
//! their flags, addresses and a live packet-rate sparkline; the capture filter checked by
//! libpcap as it is typed; snapshot length, promiscuous mode, buffer size, stop conditions
//! and a ring buffer. The choices are remembered between runs.

use super::command::Command;
use super::settings::CaptureSettings;
use super::shared::Shared;
use crate::capture::live::{self, CaptureArgs, Interface};
use egui::RichText;
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Samples kept per sparkline (one every half second).
const SAMPLES: usize = 40;

/// Packets per second of each interface, sampled on a worker thread.
#[derive(Default)]
pub struct Rates {
    pub per_iface: HashMap<String, VecDeque<f32>>,
    /// The window drew a sparkline lately: the sampler keeps going while this is recent.
    pub wanted: Option<Instant>,
    pub running: bool,
}

pub struct CaptureOptions {
    pub interfaces: Option<Result<Vec<Interface>, String>>,
    listing: Option<Receiver<Result<Vec<Interface>, String>>>,
    pub rates: Arc<Mutex<Rates>>,
    /// What the user chose (interfaces, filter, limits, the ring of files): what the
    /// settings keep.
    pub choices: CaptureSettings,
    /// libpcap's verdict on the filter (None while empty).
    pub filter_check: Option<Result<(), String>>,
    checked_filter: String,
    pub dialog_open: bool,
    /// The capture helper; tests point this at the freshly built one.
    pub helper: PathBuf,
}

impl Default for CaptureOptions {
    /// The choices without the two that ask the system (the ring file's folder, the
    /// helper's path); a window starts from [`CaptureOptions::new`], which adds them.
    fn default() -> Self {
        CaptureOptions {
            interfaces: None,
            listing: None,
            rates: Arc::default(),
            choices: CaptureSettings::default(),
            filter_check: None,
            checked_filter: String::new(),
            dialog_open: false,
            helper: PathBuf::new(),
        }
    }
}

impl CaptureOptions {
    /// The choices a new window starts with: a ring file in the temporary folder, the
    /// capture helper found beside the program.
    pub fn new() -> Self {
        let mut o = CaptureOptions {
            helper: live::helper_path(),
            ..Default::default()
        };
        let ring_file = std::env::temp_dir().join("fathom-ring.pcapng");
        o.choices.ring.path = ring_file.display().to_string();
        o
    }
}

impl CaptureOptions {
    /// The helper's arguments for these choices (without `-w`, which the session adds).
    pub fn args(&self) -> CaptureArgs {
        let mut a = CaptureArgs {
            interfaces: self.choices.interfaces.clone(),
            filter: self.choices.filter.trim().to_string(),
            snaplen: self.choices.snaplen,
            no_promisc: !self.choices.promisc,
            buffer_mb: self.choices.buffer_mb,
            ..Default::default()
        };
        if self.choices.stop_packets.0 {
            a.count = Some(self.choices.stop_packets.1.max(1));
        }
        if self.choices.stop_megabytes.0 {
            a.autostop.push(format!(
                "filesize:{}",
                self.choices.stop_megabytes.1.max(1) * 1000
            ));
        }
        if self.choices.stop_seconds.0 {
            a.autostop
                .push(format!("duration:{}", self.choices.stop_seconds.1.max(1)));
        }
        if self.choices.ring.on && !self.choices.ring.path.trim().is_empty() {
            a.write = Some(PathBuf::from(self.choices.ring.path.trim()));
            a.pipe = true;
            a.ring.push(format!(
                "filesize:{}",
                self.choices.ring.megabytes.max(1) * 1000
            ));
            a.ring
                .push(format!("files:{}", self.choices.ring.files.max(1)));
        }
        a
    }

    /// Lists the interfaces on a worker thread (libpcap can take a moment).
    pub fn refresh(&mut self, ctx: &egui::Context) {
        if self.listing.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let c = ctx.clone();
        let job = move || {
            // (a dialog closed meanwhile has no receiver)
            tx.send(fathom_capture::interfaces()).ok();
            c.request_repaint();
        };
        match super::worker::start("fathom-interfaces", false, job) {
            Ok(()) => self.listing = Some(rx),
            Err(e) => self.interfaces = Some(Err(e)),
        }
    }

    fn poll(&mut self) {
        if let Some(rx) = &self.listing {
            if let Some(r) = super::worker::poll(rx) {
                let r = r.and_then(|r| r);
                if let Ok(list) = &r {
                    // keep only chosen interfaces that still exist
                    self.choices
                        .interfaces
                        .retain(|c| list.iter().any(|i| &i.name == c));
                    if self.choices.interfaces.is_empty() {
                        if let Some(i) = list.iter().find(|i| i.up && i.running && !i.loopback) {
                            self.choices.interfaces.push(i.name.clone());
                        }
                    }
                }
                self.interfaces = Some(r);
                self.listing = None;
            }
        }
    }

    /// Compiles the filter with libpcap when it changed.
    pub fn recheck(&mut self) {
        if self.choices.filter != self.checked_filter {
            self.checked_filter = self.choices.filter.clone();
            self.filter_check = if self.choices.filter.trim().is_empty() {
                None
            } else {
                Some(fathom_capture::check_filter(&self.choices.filter))
            };
        }
    }

    pub fn can_start(&self) -> bool {
        !self.choices.interfaces.is_empty() && !matches!(self.filter_check, Some(Err(_)))
    }

    /// The choices as saved.
    pub fn settings(&self) -> CaptureSettings {
        self.choices.clone()
    }

    /// Takes saved choices, each held to what the dialog offers (an empty ring path keeps
    /// the one in the temporary folder).
    pub fn apply_settings(&mut self, mut s: CaptureSettings) {
        s.snaplen = s.snaplen.clamp(64, 262_144);
        s.buffer_mb = s.buffer_mb.clamp(1, 4096);
        if s.ring.path.is_empty() {
            s.ring.path = std::mem::take(&mut self.choices.ring.path);
        }
        self.choices = s;
    }
}

/// Keeps the rate sampler running while sparklines are on screen.
fn want_rates(opts: &CaptureOptions, ctx: &egui::Context) {
    let names: Vec<String> = match &opts.interfaces {
        Some(Ok(l)) => l.iter().map(|i| i.name.clone()).collect(),
        _ => return,
    };
    let mut r = opts.rates.lock().unwrap_or_else(|p| p.into_inner());
    r.wanted = Some(Instant::now());
    if r.running {
        return;
    }
    r.running = true;
    drop(r);
    let rates = opts.rates.clone();
    let ctx = ctx.clone();
    let rates2 = opts.rates.clone();
    let job = move || {
        let mut last: HashMap<String, (u64, Instant)> = HashMap::new();
        loop {
            let now = Instant::now();
            let mut samples = Vec::new();
            for n in &names {
                if let Some(c) = live::packet_counter(n) {
                    if let Some((prev, t)) = last.get(n) {
                        let dt = now.duration_since(*t).as_secs_f32().max(1e-3);
                        samples.push((n.clone(), c.saturating_sub(*prev) as f32 / dt));
                    }
                    last.insert(n.clone(), (c, now));
                }
            }
            {
                let mut r = rates.lock().unwrap_or_else(|p| p.into_inner());
                for (n, v) in samples {
                    let q = r.per_iface.entry(n).or_default();
                    q.push_back(v);
                    while q.len() > SAMPLES {
                        q.pop_front();
                    }
                }
                if r.wanted
                    .is_none_or(|w| w.elapsed() > Duration::from_secs(3))
                {
                    r.running = false;
                    return;
                }
            }
            ctx.request_repaint();
            std::thread::sleep(Duration::from_millis(500));
        }
    };
    // without a thread the sparklines stay empty; it is asked for again on the next frame
    if super::worker::start("fathom-rates", false, job).is_err() {
        rates2.lock().unwrap_or_else(|p| p.into_inner()).running = false;
    }
}

fn sparkline_ui(
    ui: &mut egui::Ui,
    lang: crate::i18n::Lang,
    samples: Option<&VecDeque<f32>>,
) -> egui::Response {
    let (rect, resp) = ui.allocate_exact_size(egui::vec2(90.0, 16.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let stroke_col = ui.visuals().widgets.noninteractive.fg_stroke.color;
    painter.line_segment(
        [rect.left_bottom(), rect.right_bottom()],
        egui::Stroke::new(0.5, stroke_col.gamma_multiply(0.4)),
    );
    let Some(s) = samples.filter(|s| !s.is_empty()) else {
        return resp;
    };
    let max = s.iter().copied().fold(1.0f32, f32::max);
    let step = rect.width() / (SAMPLES - 1) as f32;
    let x0 = rect.right() - step * (s.len() - 1) as f32;
    let pts: Vec<egui::Pos2> = s
        .iter()
        .enumerate()
        .map(|(i, v)| {
            egui::pos2(
                x0 + step * i as f32,
                rect.bottom() - 1.0 - (rect.height() - 2.0) * (v / max),
            )
        })
        .collect();
    painter.add(egui::Shape::line(
        pts,
        egui::Stroke::new(1.2, super::theme::SELECTION),
    ));
    let last = s.back().copied().unwrap_or(0.0);
    resp.on_hover_text(crate::i18n::tr_args(
        lang,
        "cap-rate",
        &[
            ("rate", format!("{last:.0}").into()),
            ("peak", format!("{max:.0}").into()),
        ],
    ))
}

/// The capture filter field: red with libpcap's message while invalid, green when valid.
pub fn filter_field_ui(opts: &mut CaptureOptions, lang: crate::i18n::Lang, ui: &mut egui::Ui) {
    opts.recheck();
    let valid = opts.filter_check.as_ref().map(|c| c.is_ok());
    let tip = opts.filter_check.as_ref().and_then(|c| c.clone().err());
    ui.horizontal(|ui| {
        ui.label(lang.tr("cap-filter"));
        let te = egui::TextEdit::singleline(&mut opts.choices.filter)
            .hint_text(lang.tr("cap-filter-hint"))
            .desired_width(ui.available_width().min(460.0));
        let te = super::theme::verdict_field(te, valid, ui.visuals().dark_mode);
        ui.add(te).on_hover_text(lang.tr("cap-filter-tip"));
    });
    if let Some(e) = tip {
        ui.label(RichText::new(e).color(super::theme::ERROR));
    }
}

/// The interface table: checkbox, name, description, addresses, flags, sparkline. A
/// double-click on a name starts capturing on that interface alone.
pub fn interfaces_ui(cap: &mut CaptureOptions, shared: &Shared, ui: &mut egui::Ui) {
    let ctx = ui.ctx().clone();
    let lang = shared.lang;
    if let Some(m) = live::missing_driver() {
        // Windows without Npcap: say where to get it, never a missing-DLL error box
        ui.label(RichText::new(m).color(super::theme::WARNING));
        ui.hyperlink_to(lang.tr("cap-npcap"), live::NPCAP_URL);
        return;
    }
    cap.poll();
    if cap.interfaces.is_none() {
        cap.refresh(&ctx);
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(lang.tr("cap-looking"));
        });
        return;
    }
    want_rates(&*cap, &ctx);
    let list = match &cap.interfaces {
        Some(Ok(l)) => l.clone(),
        Some(Err(e)) => {
            ui.label(RichText::new(e).color(super::theme::ERROR));
            return;
        }
        None => return,
    };
    let rates = cap
        .rates
        .lock()
        .map(|r| r.per_iface.clone())
        .unwrap_or_default();
    let mut start_one = None;
    egui::Grid::new("interfaces")
        .striped(true)
        .num_columns(5)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.strong(lang.tr("cap-col-interface"));
            ui.strong(lang.tr("cap-col-traffic"));
            ui.strong(lang.tr("cap-col-addresses"));
            ui.strong(lang.tr("cap-col-flags"));
            ui.strong(lang.tr("cap-col-description"));
            ui.end_row();
            for i in &list {
                let mut on = cap.choices.interfaces.contains(&i.name);
                let r = ui.checkbox(&mut on, &i.name);
                if r.changed() {
                    if on {
                        cap.choices.interfaces.push(i.name.clone());
                    } else {
                        cap.choices.interfaces.retain(|c| c != &i.name);
                    }
                }
                if r.double_clicked() {
                    start_one = Some(i.name.clone());
                }
                sparkline_ui(ui, lang, rates.get(&i.name));
                ui.label(i.addresses.join(", "));
                ui.label(i.flags_text());
                ui.label(&i.description);
                ui.end_row();
            }
        });
    if let Some(n) = start_one {
        cap.choices.interfaces = vec![n];
        shared.push(Command::StartCapture);
    }
}

fn number_ui(ui: &mut egui::Ui, label: &str, p: &mut (bool, u64), unit: &str) {
    ui.horizontal(|ui| {
        ui.checkbox(&mut p.0, label);
        ui.add_enabled(p.0, egui::DragValue::new(&mut p.1).range(1..=u64::MAX / 2));
        ui.label(unit);
    });
}

/// Capture ▸ Options (Ctrl+K).
pub fn capture_options_ui(cap: &mut CaptureOptions, shared: &Shared, ctx: &egui::Context) {
    if !cap.dialog_open {
        return;
    }
    let mut open = true;
    let mut start = false;
    let capturing = shared.session.as_ref().is_some_and(|s| s.is_capturing());
    let lang = shared.lang;
    egui::Window::new(lang.tr("cap-options-title"))
        .id(egui::Id::unique("capture-options"))
        .open(&mut open)
        .default_width(720.0)
        .collapsible(false)
        .show(ctx, |ui| {
            interfaces_ui(cap, shared, ui);
            if ui.button(lang.tr("cap-refresh")).clicked() {
                cap.interfaces = None;
            }
            ui.separator();
            filter_field_ui(&mut *cap, lang, ui);
            let o = &mut *cap;
            ui.horizontal(|ui| {
                ui.label(lang.tr("cap-snaplen"));
                ui.add(egui::DragValue::new(&mut o.choices.snaplen).range(64..=262_144));
                ui.label(lang.tr("cap-bytes"));
                ui.separator();
                ui.checkbox(&mut o.choices.promisc, lang.tr("cap-promisc"));
                ui.separator();
                ui.label(lang.tr("cap-buffer"));
                ui.add(egui::DragValue::new(&mut o.choices.buffer_mb).range(1..=4096));
                ui.label("MiB");
            });
            ui.label(RichText::new(lang.tr("cap-stop-after")).strong());
            number_ui(ui, "", &mut o.choices.stop_packets, &lang.tr("cap-packets"));
            number_ui(
                ui,
                "",
                &mut o.choices.stop_megabytes,
                &lang.tr("cap-megabytes"),
            );
            number_ui(ui, "", &mut o.choices.stop_seconds, &lang.tr("cap-seconds"));
            ui.label(RichText::new(lang.tr("cap-ring")).strong());
            ui.horizontal(|ui| {
                ui.checkbox(&mut o.choices.ring.on, lang.tr("cap-ring-files"));
                ui.add_enabled(
                    o.choices.ring.on,
                    egui::TextEdit::singleline(&mut o.choices.ring.path).desired_width(260.0),
                );
            });
            ui.add_enabled_ui(o.choices.ring.on, |ui| {
                ui.horizontal(|ui| {
                    ui.label(lang.tr("cap-ring-every"));
                    ui.add(egui::DragValue::new(&mut o.choices.ring.megabytes).range(1..=100_000));
                    ui.label(lang.tr("cap-ring-keep"));
                    ui.add(egui::DragValue::new(&mut o.choices.ring.files).range(1..=100_000));
                    ui.label(lang.tr("cap-ring-count"));
                });
            });
            ui.separator();
            ui.horizontal(|ui| {
                let can = cap.can_start();
                let label = if capturing {
                    lang.tr("cap-restart")
                } else {
                    lang.tr("cap-start")
                };
                if ui
                    .add_enabled(can, egui::Button::new(RichText::new(label).strong()))
                    .on_disabled_hover_text(lang.tr("cap-start-disabled"))
                    .clicked()
                {
                    start = true;
                }
                ui.weak(crate::i18n::tr_args(
                    lang,
                    "cap-helper",
                    &[("path", cap.helper.display().to_string().into())],
                ));
            });
        });
    if !open {
        cap.dialog_open = false;
    }
    if start {
        cap.dialog_open = false;
        shared.push(if capturing {
            Command::RestartCapture
        } else {
            Command::StartCapture
        });
    }
}
