//! A capture larger than memory allows: the load stops at the memory guard's limit and says
//! why, in `fathom print` and in the window's session. (A test binary of its own: the limit
//! is set through the environment, which every thread of a process shares.)

use std::process::Command;

mod common;

/// A pcap of `copies` copies of the demo capture's packets, and its packet count.
fn repeated(copies: usize) -> (std::path::PathBuf, usize) {
    let demo = std::path::PathBuf::from(format!(
        "{}/tests/captures/demo-http.pcap",
        env!("CARGO_MANIFEST_DIR")
    ));
    let cf = fathom::capture::file::CaptureFile::open(&demo).unwrap();
    let per = fathom::analysis::analyze_file(&cf, |_, _| true)
        .unwrap()
        .frames
        .len();
    (common::repeated(&demo, copies, "memory"), per * copies)
}

fn print_frames(path: &std::path::Path, limit: Option<&str>) -> (Option<i32>, usize, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fathom"));
    cmd.args(["print", "-r"])
        .arg(path)
        .args(["-T", "fields", "-e", "frame.number"]);
    match limit {
        Some(l) => cmd.env("FATHOM_MEMORY_LIMIT", l),
        None => cmd.env_remove("FATHOM_MEMORY_LIMIT"),
    };
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        out.stdout.iter().filter(|&&b| b == b'\n').count(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_load_past_the_memory_limit_stops_and_says_why() {
    let (path, total) = repeated(14_000);
    assert!(total > 2 * 65_536, "{total} packets");

    // within the limit: every packet
    let (code, lines, err) = print_frames(&path, Some("1T"));
    assert_eq!((code, lines), (Some(0), total), "{err}");
    let (code, lines, err) = print_frames(&path, None);
    assert_eq!((code, lines), (Some(0), total), "{err}");

    // past it: the first look at the process's size stops the load; what was read is
    // printed, and the message says how far it got and which limit it met
    let (code, lines, err) = print_frames(&path, Some("1M"));
    assert_eq!(lines, 65_536, "{err}");
    assert_ne!(code, Some(0));
    assert!(
        err.contains("stopped reading") && err.contains("after 65536 packets"),
        "{err}"
    );
    assert!(err.contains("FATHOM_MEMORY_LIMIT"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // the window's load: the same stop, kept as the file's warning and handed to the window
    // once for its dialog; the statistics are not started on a cut load
    std::env::set_var("FATHOM_MEMORY_LIMIT", "1M");
    let mut s = fathom::session::Session::open(&path, || {}).unwrap();
    s.wait();
    let an = s.read();
    assert_eq!(an.frames.len(), 65_536);
    let warning = an.warning.clone().unwrap_or_default();
    assert!(warning.contains("after 65536 packets"), "{warning}");
    drop(an);
    let stop = s.status.stopped.lock().unwrap().take();
    assert_eq!(stop.as_deref(), Some(warning.as_str()));
    assert!(s
        .status
        .memory_stop
        .load(std::sync::atomic::Ordering::Relaxed));
    std::fs::remove_file(&path).unwrap();
}
