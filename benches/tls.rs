//! `cargo bench --bench tls`: decryption throughput. A large HTTPS capture (the recorded TLS
//! 1.3 connection of tests/captures/tls/tls13-h1.pcap repeated, each copy its own TCP stream,
//! by scripts/gen-tls-capture.py; 1024 MB unless FATHOM_BENCH_TLS_MB says otherwise) printed
//! with its key log by Fathom and by `tshark -2`, the same fields: time, peak memory, ratios,
//! and whether the outputs are the same.

mod common;

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let mb: usize = std::env::var("FATHOM_BENCH_TLS_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1024);
    let dir = std::env::temp_dir().join("fathom-bench");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot make {}: {e}", dir.display());
        return;
    }
    let cap = dir.join(format!("tls-{mb}mb.pcap"));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if !cap.exists() {
        eprintln!("generating {} ({mb} MB)…", cap.display());
        let ok = Command::new("python3")
            .arg(root.join("scripts/gen-tls-capture.py"))
            .arg(&cap)
            .arg(mb.to_string())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("could not generate the capture");
            return;
        }
    }
    let cap = cap.to_string_lossy().into_owned();
    let keys = root.join("tests/captures/tls/tls13-h1.keys");
    let pref = format!("tls.keylog_file:{}", keys.display());
    let (fathom, tshark) = common::print_fields(&cap, &["-o", &pref]);
    common::compare_with_tshark(&fathom, &tshark);
}
