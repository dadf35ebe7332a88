//! Shared by the integration tests.
#![allow(dead_code)] // each test crate uses its own share of these

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The project's root (the workspace's, where `Cargo.lock` is): the test data in `tests/`,
/// the demo in `assets/` and the shared corpus beside it are found from there, by the
/// window's tests and by the core's (`crates/fathom-core/tests`) alike.
pub fn root() -> &'static Path {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .find(|p| p.join("Cargo.lock").is_file())
        .unwrap_or(here)
}

/// The capture helper as built beside the test binaries (`target/*/fathom-capture`): a
/// package of its own, so Cargo names it to no other package's tests; `cargo test
/// --workspace` builds it (for the helper's own tests) before any test runs.
pub fn capture_helper() -> PathBuf {
    let name = format!("fathom-capture{}", std::env::consts::EXE_SUFFIX);
    let exe = std::env::current_exe().expect("the test binary's path");
    // (target/<profile>/deps/<test> → target/<profile>)
    let p = exe
        .ancestors()
        .nth(2)
        .map(|d| d.join(&name))
        .unwrap_or_else(|| PathBuf::from(&name));
    assert!(
        p.is_file(),
        "{} is not built: run the tests with `cargo test --workspace`",
        p.display()
    );
    p
}

/// Every `.rs` file below `dir` (the tests that read the sources themselves).
pub fn rust_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every capture in ../shared/corpus (empty when it is not there, as in a bare checkout).
pub fn corpus_files() -> Vec<PathBuf> {
    let root = root().join("../shared/corpus");
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
    assert_corpus(files.len(), "captures");
    files
}

/// The fewest captures the shared corpus holds (170 when this was written): a test that
/// compares with tshark's answers kept there fails when they are missing, rather than
/// passing with nothing compared.
pub const CORPUS_AT_LEAST: usize = 150;
/// The fewest recorded captures in `../shared/corpus/recorded` (17 when this was written).
pub const RECORDED_AT_LEAST: usize = 17;

pub fn assert_corpus(found: usize, what: &str) {
    let want = if what == "recorded captures" {
        RECORDED_AT_LEAST
    } else {
        CORPUS_AT_LEAST
    };
    assert!(
        found >= want,
        "only {found} {what} found in ../shared/corpus (at least {want} expected): the tests \
         that compare with tshark need the shared corpus beside the project"
    );
}

/// A pcap of `copies` copies of the packets of the pcap at `path`, in the temporary
/// directory (`tag` keeps the files of different tests apart).
pub fn repeated(path: &Path, copies: usize, tag: &str) -> PathBuf {
    let bytes = std::fs::read(path).unwrap();
    let (head, packets) = bytes.split_at(24);
    let mut out = head.to_vec();
    for _ in 0..copies {
        out.extend_from_slice(packets);
    }
    let name = path.file_name().unwrap().to_string_lossy();
    let out_path = std::env::temp_dir().join(format!("fathom-{tag}-{}-{name}", std::process::id()));
    std::fs::write(&out_path, out).unwrap();
    out_path
}

/// The recorded captures of ../shared/corpus/recorded (`*.pcap`), sorted, then the demo.
pub fn recorded_and_demo() -> Vec<PathBuf> {
    let root = root();
    let mut v: Vec<PathBuf> = std::fs::read_dir(root.join("../shared/corpus/recorded"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pcap"))
        .collect();
    v.sort();
    assert_corpus(v.len(), "recorded captures");
    v.push(root.join("tests/captures/demo-http.pcap"));
    v
}

// Live-capture helpers: root check, a local HTTP server, curl.

/// Capturing needs root (or the helper's capabilities); CI runs as root.
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A tiny HTTP server on loopback: one response per connection, in one write, with `body`.
pub fn http_server(body: &'static str) -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for s in l.incoming() {
            let Ok(mut s) = s else { continue };
            let mut req = Vec::new();
            let mut buf = [0u8; 1024];
            while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                match s.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => req.extend_from_slice(&buf[..n]),
                }
            }
            // (a client that hung up early fails its own test: the server has no one to tell)
            s.write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\
                     Connection: close\r\n\r\n{body}",
                    body.len()
                )
                .as_bytes(),
            )
            .ok();
        }
    });
    port
}

/// Fetches the server's page once with curl.
pub fn curl(port: u16) {
    let st = Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            &format!("http://127.0.0.1:{port}/"),
        ])
        .status()
        .expect("curl is installed (scripts/install-deps.sh --test installs it)");
    assert!(st.success());
}
