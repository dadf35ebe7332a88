//! Fathom: a packet inspector for TCP/HTTP. The core (`capture`, `dissect`, `analysis`,
//! `print`) runs without a display; `ui` is the egui front end and only reads the core.

pub mod analysis;
pub mod capture;
pub mod dissect;
pub mod fast;
pub mod filter;
pub mod flow;
pub mod follow;
pub mod icon;
pub mod names;
pub mod print;
pub mod session;
pub mod stats;
pub mod ui;
