//! Applying a display filter: compiled, run over the capture on worker threads, taken into
//! the packet list when done, and kept up with a live capture.

use super::{Command, FathomApp};
use crate::filter::Filter;
use crate::ui::filter_bar::Running;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

/// Frames filtered per window frame during a live capture (a few milliseconds of work).
const LIVE_FILTER_STEP: u32 = 20_000;

/// Starts applying a filter to the loaded capture on worker threads.
pub fn start(app: &mut FathomApp, text: String, ctx: &egui::Context) {
    let Some(s) = &app.shared.session else { return };
    if let Some(r) = app.filter.running.take() {
        r.cancel.store(true, Ordering::Relaxed);
    }
    if text.trim().is_empty() {
        app.shared.display.filter = None;
        app.shared.display.filtered = None;
        app.shared.display.order = None;
        app.list.sort = None;
        return;
    }
    let filter = match Filter::compile(&text) {
        Ok(f) => f,
        Err(e) => {
            app.filter.check = Some(Err(e.to_string()));
            return;
        }
    };
    app.filter.history.retain(|h| h != &text);
    app.filter.history.insert(0, text.clone());
    app.filter.history.truncate(20);
    if s.is_loading() && !s.is_capturing() {
        app.filter.pending = Some(text);
        return;
    }
    let (tx, rx) = std::sync::mpsc::channel();
    if app.shared.headless {
        // tests: apply synchronously
        let an = s.read();
        let out = crate::filter::apply(&filter, &an, 2, &AtomicBool::new(false), &|_| {});
        let n = an.frames.len() as u32;
        drop(an);
        crate::ui::worker::answer(&tx, (out, n));
        app.filter.running = Some(Running {
            text,
            rx,
            done: Arc::new(AtomicU32::new(0)),
            cancel: Arc::new(AtomicBool::new(false)),
        });
        poll(app);
        return;
    }
    let done = Arc::new(AtomicU32::new(0));
    let cancel = Arc::new(AtomicBool::new(false));
    let (an, d2, c2, ctx2) = (
        s.analysis.clone(),
        done.clone(),
        cancel.clone(),
        ctx.clone(),
    );
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(8);
    let job = move || {
        let Ok(an) = an.read() else { return };
        let ctx3 = ctx2.clone();
        let progress = move |n: u32| {
            d2.store(n, Ordering::Relaxed);
            ctx3.request_repaint();
        };
        let out = crate::filter::apply(&filter, &an, threads, &c2, &progress);
        let n = an.frames.len() as u32;
        // (a cancelled filter's receiver is gone)
        if !c2.load(Ordering::Relaxed) {
            tx.send((out, n)).ok();
        }
        ctx2.request_repaint();
    };
    if let Err(e) = crate::ui::worker::start("fathom-filter", false, job) {
        app.notice = Some(e);
    }
    app.filter.running = Some(Running {
        text,
        rx,
        done,
        cancel,
    });
}

/// Takes a finished filter's result into the list.
pub fn poll(app: &mut FathomApp) {
    if app.filter.pending.is_some() && app.shared.session.as_ref().is_some_and(|s| !s.is_loading())
    {
        if let Some(t) = app.filter.pending.take() {
            app.push(Command::ApplyFilter(t));
        }
    }
    extend_live(app);
    let Some(r) = &app.filter.running else { return };
    let (frames, upto) = match crate::ui::worker::poll(&r.rx) {
        None => return,
        Some(Ok(got)) => got,
        Some(Err(e)) => {
            // the filter's thread ended without an answer: say so rather than wait forever
            app.notice = Some(crate::i18n::tr_args(
                app.shared.lang,
                "notice-filter-stopped",
                &[
                    ("filter", r.text.as_str().into()),
                    ("error", e.to_string().into()),
                ],
            ));
            app.filter.running = None;
            return;
        }
    };
    let text = r.text.clone();
    app.filter.running = None;
    app.shared.display.filtered = Some(Arc::new(frames.clone()));
    app.shared.display.order = Some(Arc::new(crate::ui::packet_list::make_order(frames, upto)));
    app.list.sort = None;
    app.filter.live = Filter::compile(&text).ok();
    app.shared.display.filter = Some(text);
    app.filter.upto = upto;
    // the selected packet stays in view if the filter kept it; otherwise the list goes
    // to the first match and the details of a packet no longer shown are cleared
    let kept = app
        .shared
        .selected
        .is_some_and(|f| app.shared.display.row_of(f).is_some());
    if !kept {
        app.shared.selected = None;
        app.shared.selected_field = None;
        app.shared.detail = None;
    }
    app.shared.scroll_to_selected = true;
    extend_live(app);
}

/// During a live capture, runs the applied filter over the frames that arrived since.
fn extend_live(app: &mut FathomApp) {
    let Some(s) = &app.shared.session else { return };
    if s.live.is_none() || app.filter.running.is_some() {
        return;
    }
    let (Some(filter), Some(_), Some(order), Some(filtered)) = (
        &app.filter.live,
        &app.shared.display.filter,
        &mut app.shared.display.order,
        &mut app.shared.display.filtered,
    ) else {
        return;
    };
    let an = s.read();
    let total = an.frames.len() as u32;
    if app.filter.upto >= total {
        return;
    }
    let to = total.min(app.filter.upto.saturating_add(LIVE_FILTER_STEP));
    let new = crate::filter::apply_range(filter, &an, app.filter.upto + 1, to);
    drop(an);
    let o = Arc::make_mut(order);
    o.1.resize(to as usize, u32::MAX);
    for &f in &new {
        if let Some(p) = o.1.get_mut(f as usize - 1) {
            *p = o.0.len() as u32;
        }
        o.0.push(f);
    }
    Arc::make_mut(filtered).extend_from_slice(&new);
    app.filter.upto = to;
}
