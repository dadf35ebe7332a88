//! Shared by the benchmarks: the 1,000,000-packet capture, made once with the shared
//! generator and kept in the system's temporary folder.

use std::path::PathBuf;
use std::process::Command;

/// How many packets the benchmarks use (FATHOM_BENCH_PACKETS, default 1,000,000).
#[allow(dead_code)]
pub fn packets() -> usize {
    std::env::var("FATHOM_BENCH_PACKETS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000)
}

#[allow(dead_code)]
pub fn big_capture(packets: usize) -> PathBuf {
    let dir = std::env::temp_dir().join("fathom-bench");
    std::fs::create_dir_all(&dir).expect("a folder for the benchmark capture");
    let path = dir.join(format!("big-{packets}.pcap"));
    if !path.exists() {
        let gen = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/tools/gen-big-capture.py"
        ));
        eprintln!("generating {} ({packets} packets)…", path.display());
        let ok = Command::new("python3")
            .arg(&gen)
            .arg(&path)
            .arg(packets.to_string())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(
            ok,
            "could not run {} (the benchmarks need ../shared)",
            gen.display()
        );
    }
    path
}

#[allow(dead_code)] // used by vs_tshark only
/// Runs a command under GNU time; returns (seconds, peak RSS in KiB) and its stdout size.
pub fn timed(cmd: &[&str]) -> Option<(f64, u64, usize)> {
    let out_file = std::env::temp_dir().join(format!("fathom-bench-time-{}", std::process::id()));
    let o = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %M")
        .arg("-o")
        .arg(&out_file)
        .args(cmd)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let t = std::fs::read_to_string(&out_file).ok()?;
    std::fs::remove_file(&out_file).ok(); // (a leftover temporary file is harmless)
    let mut it = t.split_whitespace();
    let secs: f64 = it.next()?.parse().ok()?;
    let kib: u64 = it.next()?.parse().ok()?;
    Some((secs, kib, o.stdout.len()))
}

/// The fields both programs print in the comparisons (those of the 1M-packet benchmark).
#[allow(dead_code)] // used by vs_tshark and tls
pub const FIELDS: [&str; 4] = [
    "frame.number",
    "tcp.stream",
    "tcp.analysis.acks_frame",
    "http.response_in",
];

/// `fathom print` and `tshark -2 -n` on `cap` with the options `opts`, printing [`FIELDS`]
/// (the two command lines, for [`compare_with_tshark`]).
#[allow(dead_code)] // used by vs_tshark and tls
pub fn print_fields<'a>(cap: &'a str, opts: &[&'a str]) -> (Vec<&'a str>, Vec<&'a str>) {
    let mut fathom = vec![env!("CARGO_BIN_EXE_fathom"), "print", "-r", cap];
    let mut tshark = vec!["tshark", "-2", "-n", "-r", cap];
    for v in [&mut fathom, &mut tshark] {
        v.extend(opts);
        v.extend(["-T", "fields"]);
        for f in FIELDS {
            v.extend(["-e", f]);
        }
    }
    (fathom, tshark)
}

#[allow(dead_code)] // used by vs_tshark and tls
/// Runs both commands under GNU time and prints each one's time, peak memory and output
/// size, then the ratios (tshark over Fathom).
pub fn compare_with_tshark(fathom: &[&str], tshark: &[&str]) {
    let Some(f) = timed(fathom) else {
        println!("fathom did not run");
        return;
    };
    println!(
        "fathom print: {:.2} s, peak {} MiB, {} bytes out",
        f.0,
        f.1 / 1024,
        f.2
    );
    match timed(tshark) {
        Some(t) if t.2 > 0 => {
            println!(
                "tshark -2:    {:.2} s, peak {} MiB, {} bytes out",
                t.0,
                t.1 / 1024,
                t.2
            );
            println!(
                "ratio: {:.1}x faster, {:.1}x less memory",
                t.0 / f.0.max(0.001),
                t.1 as f64 / f.1.max(1) as f64
            );
            if t.2 != f.2 {
                println!("note: outputs differ in size ({} vs {} bytes)", f.2, t.2);
            }
        }
        _ => println!("tshark not found: apt-get install tshark to compare"),
    }
}
