//! `cargo bench --bench ui`: the window on a 1,000,000-packet capture, driven frame by frame
//! through egui_kittest over the real app state: time to the first visible rows, the longest
//! frame while the file loads, and the longest frame while scrolling from top to bottom.

mod common;

use egui_kittest::Harness;
use fathom::ui::{Command, FathomApp};
use std::time::{Duration, Instant};

fn main() {
    let cap = common::big_capture(common::packets());
    // build on the welcome screen (building runs frames until the app is idle), then open
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut FathomApp| app.ui(ui), FathomApp::default());
    h.state_mut().push(Command::Open(cap.clone()));
    let start = Instant::now();
    let mut first_rows = None;
    let mut load_frames = 0usize;
    let mut worst_load = Duration::ZERO;
    loop {
        let t = Instant::now();
        h.step();
        let dt = t.elapsed();
        load_frames += 1;
        worst_load = worst_load.max(dt);
        if first_rows.is_none() && !h.state().list.rows.is_empty() {
            first_rows = Some(start.elapsed());
        }
        if std::env::var("FATHOM_BENCH_DEBUG").is_ok() {
            eprintln!(
                "{:?} frame {load_frames}: {:?} loading={:?} n={}",
                start.elapsed(),
                dt,
                h.state().session.as_ref().map(|s| s.is_loading()),
                h.state().frame_count()
            );
        }
        if h.state().session.as_ref().is_some_and(|s| !s.is_loading()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let loaded = start.elapsed();
    println!(
        "first rows visible after {:.0} ms",
        first_rows.unwrap_or(loaded).as_secs_f64() * 1000.0
    );
    println!("loaded {} packets in {:.2} s over {load_frames} frames; longest frame while loading {:.1} ms", h.state().frame_count(), loaded.as_secs_f64(), worst_load.as_secs_f64() * 1000.0);
    // scroll from top to bottom a page at a time (rows formatted on demand), then jump far
    h.state_mut().push(Command::SelectFirst);
    h.step();
    let mut worst = Duration::ZERO;
    let mut total = Duration::ZERO;
    let pages = 3000;
    for _ in 0..pages {
        let page = h.state().list.page_rows as i64;
        h.state_mut().push(Command::Move(page));
        let t = Instant::now();
        h.step();
        let dt = t.elapsed();
        worst = worst.max(dt);
        total += dt;
    }
    let n = h.state().frame_count() as i64;
    for k in 1..=200i64 {
        let target = (n * k / 200).max(1) as u32;
        h.state_mut().push(Command::Select(target));
        let t = Instant::now();
        h.step();
        let dt = t.elapsed();
        worst = worst.max(dt);
        total += dt;
    }
    println!(
        "scrolling: {} frames (page down ×{pages}, then 200 jumps to the end), mean {:.2} ms, longest {:.1} ms",
        pages + 200,
        total.as_secs_f64() * 1000.0 / (pages + 200) as f64,
        worst.as_secs_f64() * 1000.0
    );
    flow_graph(&mut h);
}

/// Statistics ▸ Flow Graph on the same capture: built on a worker thread while frames keep
/// coming, then 300 jumps through its arrows (each selection scrolls the graph to its arrow).
fn flow_graph(h: &mut Harness<'_, FathomApp>) {
    h.state_mut().push(Command::FlowGraph(None));
    let start = Instant::now();
    let mut worst_build = Duration::ZERO;
    let mut frames = 0usize;
    loop {
        let t = Instant::now();
        h.step();
        worst_build = worst_build.max(t.elapsed());
        frames += 1;
        let ready = h
            .state()
            .flow_graph
            .as_ref()
            .is_none_or(|f| f.flow.is_some() || f.error.is_some());
        if ready {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let arrows = h
        .state()
        .flow_graph
        .as_ref()
        .and_then(|f| f.flow.as_ref())
        .map_or(0, |f| f.items.len());
    println!(
        "flow graph: {arrows} arrows built in {:.1} s on a worker thread; longest frame meanwhile {:.1} ms over {frames} frames",
        start.elapsed().as_secs_f64(),
        worst_build.as_secs_f64() * 1000.0
    );
    let n = h.state().frame_count() as i64;
    let (mut worst, mut total) = (Duration::ZERO, Duration::ZERO);
    for k in 1..=300i64 {
        let target = (n * k / 300).max(1) as u32;
        h.state_mut().push(Command::Select(target));
        let t = Instant::now();
        h.step();
        let dt = t.elapsed();
        worst = worst.max(dt);
        total += dt;
    }
    println!(
        "flow graph scrolling: 300 jumps through {arrows} arrows, mean {:.2} ms, longest {:.1} ms",
        total.as_secs_f64() * 1000.0 / 300.0,
        worst.as_secs_f64() * 1000.0
    );
}
