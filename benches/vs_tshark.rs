//! `cargo bench --bench vs_tshark`: Fathom's headless print against `tshark -2` on the same
//! 1,000,000-packet capture and the same fields, in one run: time, peak memory and ratios.

mod common;

fn main() {
    let cap = common::big_capture(common::packets());
    let cap = cap.to_str().expect("utf-8 temp path");
    let fields = [
        "frame.number",
        "tcp.stream",
        "tcp.analysis.acks_frame",
        "http.response_in",
    ];
    let mut fathom = vec![
        env!("CARGO_BIN_EXE_fathom"),
        "print",
        "-r",
        cap,
        "-T",
        "fields",
    ];
    let mut tshark = vec!["tshark", "-2", "-n", "-r", cap, "-T", "fields"];
    for f in &fields {
        fathom.extend(["-e", f]);
        tshark.extend(["-e", f]);
    }
    let f = common::timed(&fathom).expect("fathom ran");
    println!(
        "fathom print: {:.2} s, peak {} MiB, {} bytes out",
        f.0,
        f.1 / 1024,
        f.2
    );
    match common::timed(&tshark) {
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
