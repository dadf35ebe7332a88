//! Where packets come from and go to: capture files, live capture, and saving.

pub mod file;
pub mod live;
pub mod merge;
pub mod save;
