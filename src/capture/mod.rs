//! Where packets come from: capture files (and, later, live capture).

pub mod file;
