//! TLS decryption with a key log, against tshark's answers cached beside the recorded
//! HTTPS captures (`scripts/record-captures.sh --tls`, `scripts/cache-tls.sh`): TLS 1.2
//! (AES-GCM, ChaCha20-Poly1305, AES-CBC with encrypt-then-MAC) and TLS 1.3 (AES-128/256-GCM,
//! ChaCha20-Poly1305), HTTP/1.1 inside. `fathom print` runs as a process: the key log file is
//! a process-wide preference, as in tshark.

use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/captures/tls")
}

fn captures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("tests/captures/tls")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pcap"))
        .collect();
    v.sort();
    assert!(v.len() >= 8, "the recorded TLS captures are missing");
    v
}

fn keys_of(cap: &Path) -> PathBuf {
    cap.with_extension("keys")
}

fn lines(name: &str) -> Vec<String> {
    std::fs::read_to_string(dir().join(name))
        .expect("list")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect()
}

fn fathom(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_fathom"))
        .arg("print")
        .args(args)
        .output()
        .expect("run fathom");
    assert!(
        out.status.success(),
        "fathom {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn keylog_arg(keys: &Path) -> String {
    format!("tls.keylog_file:{}", keys.display())
}

fn fields_with(cap: &Path, keys: Option<&Path>, fields: &[String]) -> String {
    let c = cap.to_string_lossy().into_owned();
    let mut args: Vec<String> = vec!["-r".into(), c, "-T".into(), "fields".into()];
    if let Some(k) = keys {
        args.push("-o".into());
        args.push(keylog_arg(k));
    }
    for f in fields {
        args.push("-e".into());
        args.push(f.clone());
    }
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    fathom(&a)
}

fn same(field: &str, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    // times agree within a microsecond (tshark prints nanoseconds of a microsecond clock)
    field == "http.time"
        && matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if (x - y).abs() < 1.5e-6)
}

#[test]
fn decrypted_fields_match_tshark() {
    let fields = lines("fields.txt");
    let (mut cells, mut bad) = (0usize, Vec::new());
    for cap in captures() {
        let want = std::fs::read_to_string(format!("{}.tshark.tsv", cap.display())).expect("cache");
        let got = fields_with(&cap, Some(&keys_of(&cap)), &fields);
        let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
        assert_eq!(w.len(), g.len(), "{}: frame count", cap.display());
        for (i, (wl, gl)) in w.iter().zip(&g).enumerate() {
            let (wc, gc): (Vec<&str>, Vec<&str>) =
                (wl.split('\t').collect(), gl.split('\t').collect());
            for (j, f) in fields.iter().enumerate() {
                cells += 1;
                let (a, b) = (
                    wc.get(j).copied().unwrap_or(""),
                    gc.get(j).copied().unwrap_or(""),
                );
                if !same(f, a, b) {
                    let name = cap.file_name().unwrap_or_default().to_string_lossy();
                    let cut = |x: &str| x.chars().take(120).collect::<String>();
                    bad.push(format!(
                        "{name} frame {}: {f}: tshark {:?}, fathom {:?}",
                        i + 1,
                        cut(a),
                        cut(b)
                    ));
                }
            }
        }
    }
    assert!(cells > 9_000, "too few cells compared: {cells}");
    assert!(
        bad.is_empty(),
        "{} of {cells} cells differ:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn display_filters_match_tshark() {
    let mut bad = Vec::new();
    let mut n = 0;
    for cap in captures() {
        let cache =
            std::fs::read_to_string(format!("{}.filters.tsv", cap.display())).expect("cache");
        let c = cap.to_string_lossy().into_owned();
        let k = keylog_arg(&keys_of(&cap));
        for line in cache.lines() {
            let (flt, want) = line.split_once('\t').unwrap_or((line, ""));
            let got = fathom(&[
                "-r",
                &c,
                "-o",
                &k,
                "-Y",
                flt,
                "-T",
                "fields",
                "-e",
                "frame.number",
            ]);
            let got: Vec<&str> = got.lines().collect();
            n += 1;
            if got.join(",") != want {
                bad.push(format!(
                    "{}: {flt}: tshark {want}, fathom {}",
                    c,
                    got.join(",")
                ));
            }
        }
    }
    assert!(n >= 30 * 8, "filters compared: {n}");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn without_the_key_log_the_records_stay_encrypted() {
    let cap = dir().join("tls13-h1.pcap");
    let f = ["http.request.uri", "tls.record.opaque_type", "_ws.col.Info"].map(String::from);
    let out = fields_with(&cap, None, &f);
    assert!(!out.contains("/index.html"), "no HTTP without keys:\n{out}");
    assert!(out.contains("Application Data"));
    let with = fields_with(&cap, Some(&keys_of(&cap)), &f);
    assert!(with.contains("/index.html"), "HTTP with keys:\n{with}");
}

#[test]
fn a_key_log_without_the_session_says_so_in_the_tree() {
    // another capture's key log: the sessions' client randoms are not in it
    let cap = dir().join("tls13-h1.pcap");
    let other = dir().join("tls12-gcm-h1.keys");
    let c = cap.to_string_lossy().into_owned();
    let tree = fathom(&[
        "-r",
        &c,
        "-o",
        &keylog_arg(&other),
        "-V",
        "-Y",
        "frame.number == 11",
    ]);
    assert!(
        tree.contains("[No key for this session in the key log: client random "),
        "{tree}"
    );
    // no HTTP layer (the record's label names the port's protocol, as tshark's does)
    assert!(
        !tree.lines().any(|l| l == "Hypertext Transfer Protocol"),
        "{tree}"
    );
    assert!(tree.contains("Record Layer: Application Data Protocol: Hypertext Transfer Protocol"));
}

#[test]
fn the_tree_shows_the_plaintext_and_its_data_source() {
    let cap = dir().join("tls12-cbc-h1.pcap");
    let c = cap.to_string_lossy().into_owned();
    let k = keylog_arg(&keys_of(&cap));
    // the client's Finished, decrypted (AES-CBC, encrypt-then-MAC), and the request
    let tree = fathom(&[
        "-r",
        &c,
        "-o",
        &k,
        "-V",
        "-x",
        "-Y",
        "frame.number == 8 || frame.number == 10",
    ]);
    assert!(tree.contains("Handshake Protocol: Finished"), "{tree}");
    assert!(tree.contains("Decrypted TLS (16 bytes):"), "{tree}");
    assert!(tree.contains("GET /index.html HTTP/1.1\\r\\n"), "{tree}");
    assert!(
        tree.contains("[Application Data Protocol: Hypertext Transfer Protocol]"),
        "{tree}"
    );
}

#[test]
fn an_unreadable_key_log_is_an_error() {
    let cap = dir().join("tls13-h1.pcap");
    let out = Command::new(env!("CARGO_BIN_EXE_fathom"))
        .args(["print", "-r"])
        .arg(&cap)
        .args(["-o", "tls.keylog_file:/nonexistent/keys.txt"])
        .output()
        .expect("run fathom");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read the TLS key log file"), "{err}");
}

#[test]
fn follow_tls_and_http_on_the_decrypted_stream_match_tshark() {
    let mut n = 0;
    for cap in captures() {
        let c = cap.to_string_lossy().into_owned();
        let k = keylog_arg(&keys_of(&cap));
        for p in ["tls", "http"] {
            for m in ["ascii", "hex"] {
                let want = std::fs::read_to_string(format!("{c}.follow-{p}-{m}-0.txt"))
                    .expect("cached follow");
                let z = format!("follow,{p},{m},0");
                let got = fathom(&["-q", "-r", &c, "-o", &k, "-z", &z]);
                assert_eq!(got, want, "{c}: -z {z}");
                n += 1;
            }
        }
    }
    assert_eq!(n, 4 * captures().len());
}

#[test]
fn the_secrets_of_a_decryption_secrets_block_open_the_capture_without_options() {
    let cap = dir().join("tls12-chacha-dsb.pcapng");
    let fields = lines("fields.txt");
    let want =
        std::fs::read_to_string(dir().join("tls12-chacha-dsb.pcapng.tshark.tsv")).expect("cache");
    let got = fields_with(&cap, None, &fields);
    assert!(want.contains("/big.html"), "tshark decrypts it");
    for (i, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        assert_eq!(g, w, "frame {}", i + 1);
    }
    assert_eq!(want.lines().count(), got.lines().count());
}

#[test]
fn follow_http2_stream_matches_tshark() {
    // every cached answer: each HTTP/2 stream of each capture with HTTP/2, and one absent
    let mut n = 0;
    let mut caps = std::collections::BTreeSet::new();
    for e in std::fs::read_dir(dir()).expect("dir").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some((cap, rest)) = name.split_once(".follow-http2-") else {
            continue;
        };
        let Some((m, s)) = rest.strip_suffix(".txt").and_then(|r| r.split_once("-0-")) else {
            continue;
        };
        let c = dir().join(cap);
        let want = std::fs::read_to_string(e.path()).expect("cached follow");
        let z = format!("follow,http2,{m},0,{s}");
        let c = c.to_string_lossy().into_owned();
        let k = keylog_arg(&keys_of(Path::new(&c)));
        let got = fathom(&["-q", "-r", &c, "-o", &k, "-z", &z]);
        assert_eq!(got, want, "{c}: -z {z}");
        caps.insert(cap.to_string());
        n += 1;
    }
    assert!(caps.len() >= 5, "captures with HTTP/2: {caps:?}");
    assert!(n >= 30, "follows compared: {n}");
}

#[test]
fn http2_frame_type_statistics_match_tshark() {
    let mut n = 0;
    for cap in captures() {
        let Ok(want) = std::fs::read_to_string(format!("{}.http2-tree.txt", cap.display())) else {
            continue;
        };
        let c = cap.to_string_lossy().into_owned();
        let k = keylog_arg(&keys_of(&cap));
        let got = fathom(&["-q", "-r", &c, "-o", &k, "-z", "http2,tree"]);
        assert_eq!(got, want, "{c}: -z http2,tree");
        n += 1;
    }
    assert!(n >= 5, "captures with HTTP/2: {n}");
}

#[test]
fn export_objects_takes_the_pages_out_of_the_decrypted_stream() {
    let cap = dir().join("tls12-gcm-h1.pcap");
    let out = std::env::temp_dir().join(format!("fathom-tls-eo-{}", std::process::id()));
    let c = cap.to_string_lossy().into_owned();
    let k = keylog_arg(&keys_of(&cap));
    let eo = format!("http,{}", out.display());
    fathom(&["-q", "-r", &c, "-o", &k, "--export-objects", &eo]);
    let index = std::fs::read(out.join("index.html")).expect("index.html exported");
    let big = std::fs::read(out.join("big.html")).expect("big.html exported");
    std::fs::remove_dir_all(&out).expect("clean up");
    assert_eq!(
        index,
        b"<html><body><h1>Hello from Fathom</h1></body></html>\n"
    );
    assert_eq!(big.len(), 21918);
    assert!(big.starts_with(b"<html><body>\n<p>line 0 of a page"));
}
