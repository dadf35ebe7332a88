//! Fuzzes the whole path a capture file takes: reader, first pass (TCP analysis, IP and TCP
//! reassembly, HTTP/TLS framing), then the full dissection of every frame.
//! Run with `cargo +nightly fuzz run capture` from the project root.
#![no_main]

use fathom_core::analysis::analyze_file;
use fathom_core::capture::file::CaptureFile;
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("fathom-fuzz-{}.pcap", std::process::id()));
    let Ok(mut f) = std::fs::File::create(&path) else { return };
    if f.write_all(data).is_err() {
        return;
    }
    drop(f);
    if let Ok(cf) = CaptureFile::open(&path) {
        if let Ok(an) = analyze_file(&cf, |_, _| true) {
            let mut r = match cf.reader() {
                Ok(r) => r,
                Err(_) => return,
            };
            let mut buf = Vec::new();
            let mut n = 0;
            while let Some(rec) = r.next(&mut buf) {
                n += 1;
                std::hint::black_box(fathom_core::dissect::dissect(&rec, n, &buf, &an));
            }
        }
    }
});
