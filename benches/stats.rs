//! `cargo bench --bench stats`: each statistic computed from an already-loaded
//! 1,000,000-packet capture (as its window does, on a worker thread), beside the whole
//! `tshark -q -z …` run for the same statistic, in one run. Fathom's whole `print -q -z`
//! process is timed too, so the two sides can also be compared end to end. Conversations
//! and Endpoints read tables counted when the load ends, and the hierarchy, expert and HTTP
//! windows one shared dissection started right after them; those two jobs are reported on
//! their own lines, and the windows' times are what opening them takes once they are ready.

mod common;

use fathom::analysis::analyze_file;
use fathom::capture::file::CaptureFile;
use fathom::stats;
use std::time::Instant;

fn main() {
    let cap = common::big_capture(common::packets());
    let path = cap.to_str().expect("utf-8");
    let cf = CaptureFile::open(&cap).expect("capture");
    let t = Instant::now();
    let an = analyze_file(&cf, |_, _| true).expect("analysis");
    println!(
        "loaded {} packets in {:.2} s",
        an.frames.len(),
        t.elapsed().as_secs_f64()
    );
    let time = |f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        t.elapsed().as_secs_f64()
    };
    // the conversation tables are counted when the load ends (the first of the two jobs the
    // window starts then); a window opened later turns them into rows
    let shared = stats::Shared::default();
    let tables_s = time(&mut || {
        std::hint::black_box(shared.conv_tables(&cf, &an).expect("tables"));
    });
    println!("conversation tables (started when the load ends): {tables_s:.2} s");
    let rows = |endpoints: bool| {
        let t = shared.conv_tables(&cf, &an).expect("tables");
        for (&k, t) in stats::conv::Kind::ALL.iter().zip(t.iter()) {
            if endpoints {
                std::hint::black_box(stats::grid::endpoints(k, t));
            } else {
                std::hint::black_box(stats::grid::conversations(k, t));
            }
        }
    };
    let conv_s = time(&mut || rows(false));
    let endpoints_s = time(&mut || rows(true));
    // with "Limit to display filter" the tables are counted again from each frame's facts
    let limited_s = time(&mut || {
        std::hint::black_box(stats::conv_tables(&cf, &an, |n| n % 2 == 0).expect("tables"));
    });
    println!("Conversations, limited to a filter (every other frame): {limited_s:.2} s");
    let io_s = time(&mut || {
        let (i, c) = stats::iostat::parse(&["1"]).expect("io,stat");
        std::hint::black_box(stats::iostat::compute(&cf, &an, i, c).expect("io"));
    });
    // the hierarchy, expert and HTTP statistics share one dissection, which the window starts
    // when the load ends: a window opened later finds it ready and only tallies
    let mut d = None;
    let dis_s = time(&mut || d = Some(stats::dissected(&cf, &an).expect("dissected")));
    println!("shared dissection (started when the load ends): {dis_s:.2} s");
    let d = d.expect("dissected");
    let phs_s = time(&mut || {
        std::hint::black_box(d.hierarchy(|_| true));
    });
    let expert_s = time(&mut || {
        std::hint::black_box(stats::grid::expert(&d.expert, |_| true));
    });
    let http_s = time(&mut || {
        std::hint::black_box(stats::http::packet_counter(&d.http.list, &d.http.text));
    });
    for (name, tree) in [
        (
            "Requests",
            stats::http::requests as fn(&[stats::http::Message], &stats::http::Strings) -> _,
        ),
        ("Load Distribution", stats::http::load_distribution),
        ("Request Sequences", stats::http::request_sequences),
    ] {
        let s = time(&mut || {
            std::hint::black_box(stats::grid::stats_tree(&tree(&d.http.list, &d.http.text)));
        });
        println!("HTTP {name:<22} window {s:>6.2} s");
    }
    // the windows without a `-z` of tshark's to compare with
    let objects_s = time(&mut || {
        let objs = stats::objects::http_objects(&an).expect("objects");
        std::hint::black_box(stats::grid::objects(&objs));
    });
    let waterfall_s = time(&mut || {
        std::hint::black_box(stats::waterfall::requests(&an));
    });
    let graph_s = time(&mut || {
        let segs = stats::tcpgraph::segments(&cf, &an, 0).expect("segments");
        std::hint::black_box(stats::tcpgraph::tcptrace(&segs, 0));
    });
    println!("Export Objects ▸ HTTP     window {objects_s:>6.2} s");
    println!("HTTP waterfall            window {waterfall_s:>6.2} s");
    println!("TCP stream graph (stream 0, tcptrace) {graph_s:>6.2} s");
    let bin = env!("CARGO_BIN_EXE_fathom");
    for (z, inproc) in [
        ("conv,tcp", conv_s),
        ("endpoints,ip", endpoints_s),
        ("io,stat,1", io_s),
        ("io,phs", phs_s),
        ("expert", expert_s),
        ("http,tree", http_s),
    ] {
        let whole = common::timed(&[bin, "print", "-r", path, "-q", "-z", z]).map(|t| t.0);
        let tshark = common::timed(&["tshark", "-n", "-r", path, "-q", "-z", z]).map(|t| t.0);
        let fmt = |x: Option<f64>| x.map_or("-".to_string(), |s| format!("{s:.2} s"));
        println!(
            "-z {z:<14} window {inproc:>6.2} s   fathom print {:>8}   tshark {:>8}   {}",
            fmt(whole),
            fmt(tshark),
            match (whole, tshark) {
                (Some(f), Some(t)) => format!("{:.1}x", t / f.max(0.001)),
                _ => String::new(),
            }
        );
    }
}
