//! Fathom: a packet inspector for TCP/HTTP. The core (`capture`, `dissect`, `analysis`,
//! `print`) runs without a display; `ui` is the egui front end and only reads the core.

pub mod analysis;
pub mod capture;
pub mod dissect;
pub mod explain;
pub mod fast;
pub mod filter;
pub mod find;
pub mod flow;
pub mod follow;
pub mod i18n;
pub mod icon;
pub mod memory;
pub mod names;
pub mod print;
pub mod session;
pub mod stats;
pub mod ui;

/// mimalloc for every program built on the core (the app, tests, benchmarks): the dissector
/// builds and drops a tree of small allocations per frame, and glibc's allocator took a third
/// of `fathom print`'s time (measured with perf); with mimalloc the same run takes 40 % less.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
