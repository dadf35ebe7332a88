//! fathom-capture: Fathom's capture helper (its dumpcap). It alone needs the capture
//! capabilities; the window runs it and reads the pcapng it streams on standard output.

use clap::Parser;
use fathom_capture::run;
use fathom_core::capture::live::CaptureArgs;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

fn main() {
    let args = CaptureArgs::parse();
    fathom_core::capture::live::use_npcap_directory();
    let stop = Arc::new(AtomicBool::new(false));
    // Ctrl+C or SIGTERM: stop cleanly, so the file ends with its statistics
    let s = stop.clone();
    if let Err(e) = ctrlc::set_handler(move || s.store(true, Ordering::Relaxed)) {
        // (the capture still runs; it stops at its limits or when its input closes)
        eprintln!("fathom-capture: Ctrl+C will not stop the capture cleanly: {e}");
    }
    std::process::exit(run(&args, stop));
}
