//! The helper as the window and a user run it, without capturing (no privilege needed): the
//! interface list, and the errors a bad command line gets, as text and as the window's
//! status lines. (Capturing itself is tested from the window's side, `tests/capture.rs`,
//! which runs this same binary.)

use fathom_core::capture::live::HelperEvent;
use std::process::{Command, Output};

const HELPER: &str = env!("CARGO_BIN_EXE_fathom-capture");

fn helper(args: &[&str]) -> Output {
    Command::new(HELPER).args(args).output().unwrap()
}

#[test]
fn lists_interfaces_numbered_as_dumpcap_does() {
    let out = helper(&["-D"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        assert!(l.starts_with(&format!("{}. ", i + 1)), "{l}");
    }
    // (every Linux machine has its loopback interface)
    assert!(
        lines.iter().any(|l| l.split(' ').nth(1) == Some("lo")),
        "{text}"
    );
}

#[test]
fn a_bad_command_line_is_refused_before_anything_is_opened() {
    let out = helper(&["-i", "lo", "-a", "bogus:1", "-w", "/dev/null"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("fathom-capture: -a bogus: use duration, filesize or packets"),
        "{err}"
    );
    // the window reads the same error as a status line
    let out = helper(&[
        "--machine",
        "-i",
        "lo",
        "-i",
        "eth0",
        "-P",
        "-w",
        "/dev/null",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let line = String::from_utf8_lossy(&out.stderr);
    match HelperEvent::parse(line.trim()) {
        Some(HelperEvent::Error(e)) => assert!(e.starts_with("-P: a pcap file holds one"), "{e}"),
        other => panic!("{line}: {other:?}"),
    }
}
