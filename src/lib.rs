//! Fathom: a packet inspector for TCP/HTTP. The core (`capture`, `dissect`, `analysis`,
//! `print`…) is the `fathom-core` package, which runs without a display; `ui` is the egui
//! front end and only reads the core. The core's modules are re-exported here under their
//! own names, so `fathom::dissect` and `crate::dissect` name the same module.

pub use fathom_core::{
    analysis, capture, dissect, explain, fast, filter, find, flow, follow, i18n, memory, names,
    print, session, stats, text, tls, wire,
};

pub mod icon;
pub mod ui;
