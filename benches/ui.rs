//! `cargo bench --bench ui`: the window on a 1,000,000-packet capture, driven frame by frame
//! through egui_kittest over the real app state, in one run: the load beside `fathom print`
//! on the same file, time to the first visible rows, frame times (p50, p99, longest) while
//! loading, scrolling and jumping End/Home, display-filter latency for a filter the tables
//! answer and for one that needs every frame dissected (and a filter typed while that one
//! runs), Follow TCP Stream, the flow graph; with `FATHOM_BENCH_SCALE=10000000`, a larger
//! capture's load time and peak memory in a process of its own.

mod common;

use egui_kittest::Harness;
use fathom::ui::{Command, FathomApp};
use std::time::{Duration, Instant};

/// p50, p99 and the longest of a set of frame times, in milliseconds.
fn spread(times: &mut [Duration]) -> String {
    if times.is_empty() {
        return "-".into();
    }
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0;
    format!(
        "p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms over {} frames",
        at(0.5),
        at(0.99),
        at(1.0),
        times.len()
    )
}

/// Steps the window until `done` holds (or 60 s pass); the time it took and the frames.
fn until(
    h: &mut Harness<'_, FathomApp>,
    done: impl Fn(&FathomApp) -> bool,
    frames: &mut Vec<Duration>,
) -> Duration {
    until_paced(h, done, frames, None)
}

/// [`until`], with a frame begun every `period` when given (as a display asks for frames),
/// else 2 ms after the last one ended.
fn until_paced(
    h: &mut Harness<'_, FathomApp>,
    done: impl Fn(&FathomApp) -> bool,
    frames: &mut Vec<Duration>,
    period: Option<Duration>,
) -> Duration {
    let start = Instant::now();
    // (one frame at least: a command pushed takes effect in the next frame)
    loop {
        let t = Instant::now();
        h.step();
        frames.push(t.elapsed());
        if std::env::var("FATHOM_BENCH_DEBUG").is_ok() && t.elapsed() > Duration::from_millis(50) {
            eprintln!(
                "{:?}: a frame of {:?}, loading={:?}",
                start.elapsed(),
                t.elapsed(),
                h.state().shared.session.as_ref().map(|s| s.is_loading())
            );
        }
        if done(h.state()) || start.elapsed() > Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(
            period.map_or(Duration::from_millis(2), |p| p.saturating_sub(t.elapsed())),
        );
    }
    start.elapsed()
}

fn main() {
    if let Ok(path) = std::env::var("FATHOM_BENCH_LOAD_ONLY") {
        load_only(&path);
        return;
    }
    let cap = common::big_capture(common::packets());
    let path = cap.to_str().expect("utf-8");
    let bin = env!("CARGO_BIN_EXE_fathom");
    let print = || {
        common::timed(&[
            bin,
            "print",
            "-r",
            path,
            "-T",
            "fields",
            "-e",
            "frame.number",
        ])
        .map_or(f64::NAN, |t| t.0)
    };
    let print_before = print();
    // build on the welcome screen (building runs frames until the app is idle), then open
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut FathomApp| app.ui(ui), FathomApp::default());
    h.state_mut().push(Command::Open(cap.clone()));
    let start = Instant::now();
    let mut first_rows = None;
    let mut load_frames = Vec::new();
    loop {
        let t = Instant::now();
        h.step();
        let dt = t.elapsed();
        load_frames.push(dt);
        if first_rows.is_none() && !h.state().list.rows.is_empty() {
            first_rows = Some(start.elapsed());
        }
        if std::env::var("FATHOM_BENCH_DEBUG").is_ok() {
            eprintln!(
                "{:?} frame {}: {:?} loading={:?} n={}",
                start.elapsed(),
                load_frames.len(),
                dt,
                h.state().shared.session.as_ref().map(|s| s.is_loading()),
                h.state().frame_count()
            );
        }
        if h.state()
            .shared
            .session
            .as_ref()
            .is_some_and(|s| !s.is_loading())
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let loaded = start.elapsed();
    let print_after = print();
    let print_s = (print_before + print_after) / 2.0;
    println!(
        "first rows visible after {:.0} ms",
        first_rows.unwrap_or(loaded).as_secs_f64() * 1000.0
    );
    println!(
        "window load: {} packets in {:.2} s; `fathom print -T fields` {:.2} s (before) / {:.2} s (after): {:.2}x",
        h.state().frame_count(),
        loaded.as_secs_f64(),
        print_before,
        print_after,
        loaded.as_secs_f64() / print_s
    );
    println!("frames while loading: {}", spread(&mut load_frames));
    // scroll from top to bottom a page at a time (rows formatted on demand), then jump far
    h.state_mut().push(Command::SelectFirst);
    h.step();
    let mut scroll = Vec::new();
    let pages = 3000;
    for _ in 0..pages {
        let page = h.state().list.page_rows as i64;
        h.state_mut().push(Command::Move(page));
        let t = Instant::now();
        h.step();
        scroll.push(t.elapsed());
    }
    println!("scrolling (page down x{pages}): {}", spread(&mut scroll));
    let n = h.state().frame_count() as i64;
    let mut jumps = Vec::new();
    for k in 1..=200i64 {
        // End and Home in turn, then spread over the file
        let target = match k % 4 {
            0 => n,
            2 => 1,
            _ => (n * k / 200).max(1),
        } as u32;
        h.state_mut().push(Command::Select(target));
        let t = Instant::now();
        h.step();
        jumps.push(t.elapsed());
    }
    println!("jumping (End, Home, anywhere x200): {}", spread(&mut jumps));
    filters(&mut h);
    follow(&mut h);
    flow_graph(&mut h);
    // (closed, or it would be built again for each file opened below)
    h.state_mut().flow_graph = None;
    statistics(&mut h, &cap);
    drop(h);
    scale();
}

/// Each statistics window opened alone the moment a load of the file ends (the file is
/// opened again for each, so what the load starts computing when it ends is still running):
/// the time until the window draws its table, and the frame times meanwhile (frames drawn
/// 60 times a second, as a display would ask for them).
fn statistics(h: &mut Harness<'_, FathomApp>, cap: &std::path::Path) {
    use fathom::ui::command::StatKind;
    for kind in [
        StatKind::Conversations,
        StatKind::Endpoints,
        StatKind::Hierarchy,
        StatKind::Expert,
        StatKind::HttpCounter,
        StatKind::HttpRequests,
        StatKind::Objects,
    ] {
        h.state_mut().stats.clear();
        h.state_mut().push(Command::Open(cap.to_path_buf()));
        let mut frames = Vec::new();
        // (the new session replaces the old one in the frame after the command)
        h.step();
        until(
            h,
            |a| a.shared.session.as_ref().is_some_and(|s| !s.is_loading()),
            &mut frames,
        );
        let mut frames = Vec::new();
        h.state_mut().push(Command::Stats(kind));
        // frames at a display's pace (60 a second: the window's spinner asks for no more),
        // so that drawing takes the share of a core it takes in the real window
        let t = until_paced(
            h,
            |a| {
                a.stats
                    .iter()
                    .any(|w| w.kind == kind && (w.grids.is_some() || w.error.is_some()))
            },
            &mut frames,
            Some(Duration::from_micros(16_667)),
        );
        // one more frame: the first that draws the table
        let d = Instant::now();
        h.step();
        frames.push(d.elapsed());
        let rows = h
            .state()
            .stats
            .iter()
            .find(|w| w.kind == kind)
            .map_or(0, |w| w.visible_rows().len());
        println!(
            "statistics window {kind:?}, opened as the load ends: {rows} rows shown {:.3} s later; {}",
            (t + d.elapsed()).as_secs_f64(),
            spread(&mut frames)
        );
    }
    h.state_mut().stats.clear();
}

/// Display filters in the window: one the first pass's tables answer, one that needs every
/// frame dissected, and a new filter typed while the slow one runs.
fn filters(h: &mut Harness<'_, FathomApp>) {
    let idle = |a: &FathomApp| a.filter.running.is_none();
    for f in [
        "tcp.analysis.flags",
        "tcp.stream eq 5",
        "http.user_agent contains \"curl\"",
    ] {
        let mut frames = Vec::new();
        h.state_mut().push(Command::ApplyFilter(f.into()));
        let t = until(h, idle, &mut frames);
        let shown = h
            .state()
            .shared
            .display
            .order
            .as_ref()
            .map_or(0, |o| o.0.len());
        println!(
            "filter {f:<36} {:.3} s ({shown} shown); {}",
            t.as_secs_f64(),
            spread(&mut frames)
        );
    }
    // the slow filter, then a quick one typed 100 ms later: the quick one's list appears
    let mut frames = Vec::new();
    h.state_mut().push(Command::ApplyFilter(
        "http.user_agent contains \"wget\"".into(),
    ));
    let t = Instant::now();
    while t.elapsed() < Duration::from_millis(100) {
        h.step();
        std::thread::sleep(Duration::from_millis(2));
    }
    h.state_mut()
        .push(Command::ApplyFilter("tcp.analysis.flags".into()));
    let t = until(h, idle, &mut frames);
    println!(
        "a new filter typed while a slow one runs: shown {:.3} s later; {}",
        t.as_secs_f64(),
        spread(&mut frames)
    );
    h.state_mut().push(Command::ApplyFilter(String::new()));
    let mut frames = Vec::new();
    until(h, idle, &mut frames);
}

/// Follow TCP Stream on a packet in the middle of the file: until its text is shown.
fn follow(h: &mut Harness<'_, FathomApp>) {
    let n = h.state().frame_count();
    h.state_mut().push(Command::Select(n / 2));
    h.step();
    let mut frames = Vec::new();
    h.state_mut()
        .push(Command::Follow(fathom::ui::command::FollowKind::Tcp));
    let t = until(
        h,
        |a| a.follow.as_ref().is_some_and(|f| f.data.is_some()),
        &mut frames,
    );
    println!(
        "follow TCP stream: shown after {:.3} s; {}",
        t.as_secs_f64(),
        spread(&mut frames)
    );
    h.state_mut().follow = None;
    h.state_mut().push(Command::ApplyFilter(String::new()));
    let mut frames = Vec::new();
    until(h, |a| a.filter.running.is_none(), &mut frames);
}

/// A larger capture (`FATHOM_BENCH_SCALE` packets, e.g. 10000000) loaded by the window in a
/// process of its own: its load time and the process's peak memory.
fn scale() {
    let Some(n) = std::env::var("FATHOM_BENCH_SCALE")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    else {
        println!("(set FATHOM_BENCH_SCALE=10000000 to measure a 10,000,000-packet capture too)");
        return;
    };
    let cap = common::big_capture(n);
    let me = std::env::current_exe().expect("bench binary");
    let out = std::process::Command::new(me)
        .env("FATHOM_BENCH_LOAD_ONLY", &cap)
        .output()
        .expect("run");
    print!("{}", String::from_utf8_lossy(&out.stdout));
}

/// Loads one capture in the window and reports the time and the peak resident memory.
fn load_only(path: &str) {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut FathomApp| app.ui(ui), FathomApp::default());
    h.state_mut().push(Command::Open(path.into()));
    let start = Instant::now();
    let mut frames = Vec::new();
    until(
        &mut h,
        |a| a.shared.session.as_ref().is_some_and(|s| !s.is_loading()),
        &mut frames,
    );
    let loaded = start.elapsed();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: ?")
        .to_string();
    println!(
        "scale: {} packets loaded by the window in {:.1} s; peak memory {}; {}",
        h.state().frame_count(),
        loaded.as_secs_f64(),
        peak.trim_start_matches("VmHWM:").trim(),
        spread(&mut frames)
    );
}

/// Opens the flow graph (of one stream, or of the whole capture) and draws frames until it
/// is built: the time, its arrows and the longest frame meanwhile.
fn build_flow(h: &mut Harness<'_, FathomApp>, stream: Option<u32>) -> (Duration, usize, Duration) {
    h.state_mut().push(Command::FlowGraph(stream));
    let start = Instant::now();
    let mut worst = Duration::ZERO;
    loop {
        let t = Instant::now();
        h.step();
        worst = worst.max(t.elapsed());
        let ready = h
            .state()
            .flow_graph
            .as_ref()
            .is_none_or(|f| f.flow.is_some() || f.error.is_some());
        if ready {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let arrows = h
        .state()
        .flow_graph
        .as_ref()
        .and_then(|f| f.flow.as_ref())
        .map_or(0, |f| f.items.len());
    (start.elapsed(), arrows, worst)
}

/// Statistics ▸ Flow Graph on the same capture: one stream's, then the whole capture's, built
/// on a worker thread while frames keep coming, then 300 jumps through its arrows (each
/// selection scrolls the graph to its arrow).
fn flow_graph(h: &mut Harness<'_, FathomApp>) {
    // one stream's flow (the packet list's "Flow Graph of this stream"): its frames only
    let (t, arrows, worst) = build_flow(h, Some(5));
    println!(
        "flow graph of stream 5: {arrows} arrows shown after {:.3} s; longest frame meanwhile {:.1} ms",
        t.as_secs_f64(),
        worst.as_secs_f64() * 1000.0
    );
    h.state_mut().flow_graph = None;
    let (t, arrows, worst_build) = build_flow(h, None);
    println!(
        "flow graph: {arrows} arrows built in {:.1} s on a worker thread; longest frame meanwhile {:.1} ms",
        t.as_secs_f64(),
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
