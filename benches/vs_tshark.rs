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
    common::compare_with_tshark(&fathom, &tshark);
}
