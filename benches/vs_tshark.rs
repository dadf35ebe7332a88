//! `cargo bench --bench vs_tshark`: Fathom's headless print against `tshark -2` on the same
//! 1,000,000-packet capture and the same fields, in one run: time, peak memory and ratios.

mod common;

fn main() {
    let cap = common::big_capture(common::packets());
    let cap = cap.to_str().expect("utf-8 temp path");
    let (fathom, tshark) = common::print_fields(cap, &[]);
    common::compare_with_tshark(&fathom, &tshark);
}
