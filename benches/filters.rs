//! `cargo bench --bench filters`: applying display filters to an already-loaded
//! 1,000,000-packet capture (as the window does, on worker threads), beside
//! `tshark -2 -r big.pcap -Y F` for the same filters, in one run.

mod common;

use fathom::analysis::analyze_file;
use fathom::capture::file::CaptureFile;
use fathom::filter::Filter;
use std::time::Instant;

const FILTERS: &[&str] = &[
    "tcp.analysis.flags",
    "http.request.method == \"GET\"",
    "ip.addr == 10.1.0.0/16 && tcp.len > 1000",
];

fn main() {
    let cap = common::big_capture(common::packets());
    let cf = CaptureFile::open(&cap).expect("capture");
    let t = Instant::now();
    let an = analyze_file(&cf, |_, _| true).expect("analysis");
    println!(
        "loaded {} packets in {:.2} s",
        an.frames.len(),
        t.elapsed().as_secs_f64()
    );
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let cancel = std::sync::atomic::AtomicBool::new(false);
    for f in FILTERS {
        let filter = Filter::compile(f).expect("filter");
        let t = Instant::now();
        let out = fathom::filter::apply(&filter, &an, threads, &cancel, &|_| {});
        let fathom_s = t.elapsed().as_secs_f64();
        let cmd = [
            "tshark",
            "-2",
            "-n",
            "-r",
            cap.to_str().expect("utf-8"),
            "-Y",
            f,
            "-T",
            "fields",
            "-e",
            "frame.number",
        ];
        match common::timed(&cmd) {
            Some((ts, _, bytes)) if bytes > 0 || out.is_empty() => println!(
                "{f:<48} fathom {fathom_s:.3} s ({} frames, {threads} threads)   tshark {ts:.2} s   {:.0}x",
                out.len(),
                ts / fathom_s.max(0.001)
            ),
            _ => println!("{f:<48} fathom {fathom_s:.3} s ({} frames); tshark not found", out.len()),
        }
    }
}
