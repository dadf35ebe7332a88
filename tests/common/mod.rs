//! Shared by the integration tests.

use std::path::{Path, PathBuf};

/// Every capture in ../shared/corpus (empty when it is not there, as in a bare checkout).
pub fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                let s = p.to_string_lossy();
                if s.ends_with(".pcap") || s.ends_with(".pcapng") {
                    files.push(p);
                }
            }
        }
    }
    files.sort();
    files
}
