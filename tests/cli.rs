//! The command line as a user's shell runs it: output cut short by a closed pipe, hostile
//! inputs that must end with a message, not an abort.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

mod common;

fn capture(name: &str) -> String {
    format!("{}/tests/captures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs fathom, reads one line of its output and closes the pipe, as `| head -1` does.
fn first_line_then_close(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fathom"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    {
        let mut r = BufReader::new(child.stdout.take().unwrap());
        r.read_line(&mut line).unwrap();
    } // the read end is closed here
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A pcap of `copies` copies of a capture's packets, in the temporary directory.
fn repeated(name: &str, copies: usize) -> std::path::PathBuf {
    common::repeated(std::path::Path::new(&capture(name)), copies, "cli")
}

#[test]
fn a_closed_pipe_ends_every_subcommand_quietly() {
    // far more output than a pipe holds, so fathom is still writing when the reader leaves
    let path = repeated("big-gzip.pcap", 2000);
    let big = path.to_string_lossy().into_owned();
    for args in [
        vec!["print", "-r", &big],
        vec!["print", "-r", &big, "-V"],
        vec!["print", "-r", &big, "-T", "json"],
        vec!["print", "-r", &big, "-T", "fields", "-e", "frame.number"],
        vec!["print", "-r", &big, "-q", "-z", "follow,tcp,hex,0"],
        vec!["print", "-r", &big, "-q", "-z", "flow,tcp,standard"],
        vec!["print", "-G", "fields"],
        vec!["capture", "-D"],
    ] {
        let (code, err) = first_line_then_close(&args);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(code, Some(0), "{args:?}: {err}");
    }
    std::fs::remove_file(&path).unwrap();
}

fn fathom_stdout(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_fathom"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn port_names_only_with_dash_capital_n_t_as_tshark() {
    let k = capture("keepalive-2.pcap");
    let info = |extra: &[&str]| {
        let mut a = vec!["print", "-r", &k, "-T", "fields", "-e", "_ws.col.Info"];
        a.extend_from_slice(extra);
        fathom_stdout(&a)
    };
    // off by default, as tshark
    assert!(info(&[]).starts_with("51090 → 80 [SYN]"));
    // tshark -N t gives these lines (services table of the installed Wireshark data)
    if std::path::Path::new("/usr/share/wireshark/services").exists() {
        let on = info(&["-N", "t"]);
        let lines: Vec<&str> = on.lines().collect();
        assert!(
            lines[0].starts_with("51090 → http(80) [SYN]"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("http(80) → 51090 [SYN, ACK]"),
            "{}",
            lines[1]
        );
        let v = fathom_stdout(&[
            "print",
            "-r",
            &k,
            "-N",
            "t",
            "-V",
            "-Y",
            "frame.number == 1",
        ]);
        assert!(
            v.contains("Src Port: 51090 (51090), Dst Port: http (80)"),
            "{v}"
        );
        assert!(v.contains("    Destination Port: http (80)\n"), "{v}");
    }
}
