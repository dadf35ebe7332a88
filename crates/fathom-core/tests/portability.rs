//! The Windows build cannot be checked on this Linux machine (no Windows target installs
//! here), so the review that keeps it compiling is a test: every use of a platform module
//! (`std::os::unix`, `std::os::windows`, `libc`) in the sources sits under a `#[cfg(...)]`
//! for that platform within the lines just above it, and each Unix-only positional read has
//! its Windows twin.

#[path = "../../../tests/common/mod.rs"]
mod common;

use common::rust_sources as sources;

#[test]
fn platform_apis_are_behind_cfg() {
    let mut files = Vec::new();
    // the window's sources, the core's and the capture helper's
    sources(&common::root().join("src"), &mut files);
    sources(&common::root().join("crates/fathom-core/src"), &mut files);
    sources(
        &common::root().join("crates/fathom-capture/src"),
        &mut files,
    );
    assert!(files.len() > 50, "the sources are there");
    let mut uses = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            let code = l.split("//").next().unwrap_or("");
            let want = if code.contains("std::os::unix") || code.contains("libc::") {
                "unix"
            } else if code.contains("std::os::windows") {
                "windows"
            } else {
                continue;
            };
            uses += 1;
            let above = &lines[i.saturating_sub(4)..i];
            let guarded = above
                .iter()
                .any(|a| a.contains("#[cfg(") && a.contains(want) && !a.contains("not("));
            assert!(
                guarded,
                "{}:{}: {} API without #[cfg({want})] just above",
                f.display(),
                i + 1,
                want
            );
        }
        // a positional read on Unix needs its Windows twin
        let unix_reads = text.matches("std::os::unix::fs::FileExt::read_at").count();
        let win_reads = text
            .matches("std::os::windows::fs::FileExt::seek_read")
            .count();
        assert_eq!(
            unix_reads,
            win_reads,
            "{}: read_at without seek_read",
            f.display()
        );
    }
    assert!(
        uses >= 4,
        "only {uses} platform uses found: the scan is broken"
    );
}
