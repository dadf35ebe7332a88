//! Live capture, for real: `fathom capture` on loopback while curl fetches from a local
//! server, and the errors a user meets (bad filter, missing interface, no permission, an
//! interface that goes away). Capturing needs root (or the helper's capabilities), which CI
//! has; without it these tests say so and check nothing.

mod common;
use common::{curl, is_root};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const FATHOM: &str = env!("CARGO_BIN_EXE_fathom");

macro_rules! need_root {
    () => {
        if !is_root() {
            eprintln!("skipped: capturing needs root (CI runs these as root)");
            return;
        }
    };
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("fathom-capture-test-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

/// Starts `fathom capture ARGS` and waits until it is capturing.
fn start_capture(args: &[&str]) -> Child {
    let mut child = Command::new(FATHOM)
        .arg("capture")
        .args(args)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    err.read_line(&mut line).unwrap();
    assert!(line.starts_with("Capturing on"), "helper said: {line}");
    // keep draining stderr so the helper never blocks on it
    std::thread::spawn(move || {
        let mut rest = String::new();
        err.read_to_string(&mut rest).ok(); // (only drained)
    });
    child
}

fn interrupt(child: &mut Child) -> std::process::ExitStatus {
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    wait_for(child, Duration::from_secs(10))
}

fn wait_for(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let until = Instant::now() + limit;
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            return st;
        }
        if Instant::now() > until {
            child.kill().ok(); // (the panic below says what went wrong)
            panic!("the capture did not stop in time");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Frame numbers of `file` that match a display filter, as `fathom print -Y` gives them.
fn matching(file: &Path, filter: &str) -> Vec<u32> {
    let out = Command::new(FATHOM)
        .args(["print", "-r"])
        .arg(file)
        .args(["-Y", filter, "-T", "fields", "-e", "frame.number"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
}

#[test]
fn capture_on_loopback_has_every_get_and_its_200_ok_analysed() {
    need_root!();
    let port = common::http_server("<html><body>hello from fathom's test server</body></html>\n");
    let out = tmp("http.pcapng");
    let mut cap = start_capture(&[
        "-i",
        "lo",
        "-f",
        &format!("tcp port {port}"),
        "-a",
        "duration:60",
        "-w",
        out.to_str().unwrap(),
    ]);
    for _ in 0..20 {
        curl(port);
    }
    std::thread::sleep(Duration::from_millis(300));
    let st = interrupt(&mut cap);
    assert!(st.success(), "{st:?}");
    let gets = matching(&out, "http.request.method == \"GET\"");
    assert_eq!(gets.len(), 20, "every GET is in the capture");
    let oks = matching(&out, "http.response.code == 200");
    assert_eq!(oks.len(), 20);
    // analysed: each request knows its response, the handshakes are there
    assert_eq!(matching(&out, "http.request && http.response_in").len(), 20);
    assert_eq!(
        matching(&out, "tcp.flags.syn == 1 && tcp.flags.ack == 0").len(),
        20
    );
    assert!(matching(&out, "tcp.analysis.acks_frame").len() >= 20);
    // and tshark (when installed) reads the file the same way
    // (the server's random port may be one Wireshark gives another protocol: tshark is told
    // it is HTTP, as Fathom finds by the bytes)
    if let Ok(t) = Command::new("tshark")
        .args(["-r", out.to_str().unwrap(), "-Y", "http.request"])
        .args(["-d", &format!("tcp.port=={port},http")])
        .output()
    {
        if t.status.success() {
            let out = String::from_utf8_lossy(&t.stdout);
            assert_eq!(out.lines().count(), 20, "tshark: {out}");
        }
    }
}

#[test]
fn count_and_ring_buffer_stop_and_rotate() {
    need_root!();
    let port = common::http_server("<html><body>hello from fathom's test server</body></html>\n");
    let out = tmp("six.pcapng");
    let mut cap = start_capture(&[
        "-i",
        "lo",
        "-f",
        &format!("tcp port {port}"),
        "-c",
        "6",
        "-w",
        out.to_str().unwrap(),
    ]);
    curl(port);
    curl(port);
    let st = wait_for(&mut cap, Duration::from_secs(10));
    assert!(st.success());
    assert_eq!(
        matching(&out, "frame").len(),
        6,
        "-c 6 keeps exactly six packets"
    );

    // a ring of two files of 1 kB each: later files replace the oldest
    let ring = tmp("ring.pcapng");
    let mut cap = start_capture(&[
        "-i",
        "lo",
        "-f",
        &format!("tcp port {port}"),
        "-b",
        "filesize:1",
        "-b",
        "files:2",
        "-w",
        ring.to_str().unwrap(),
    ]);
    for _ in 0..5 {
        curl(port);
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(interrupt(&mut cap).success());
    let files: Vec<PathBuf> = std::fs::read_dir(ring.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("ring_"))
        })
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    for f in &files {
        assert!(
            !matching(f, "frame").is_empty(),
            "{} is readable",
            f.display()
        );
    }
}

#[test]
fn invalid_filter_and_missing_interface_say_what_is_wrong() {
    need_root!();
    let out = Command::new(FATHOM)
        .args(["capture", "-i", "lo", "-f", "tcp port eighty", "-w"])
        .arg(tmp("bad.pcapng"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Invalid capture filter \"tcp port eighty\"") && err.contains("eighty"),
        "{err}"
    );

    let out = Command::new(FATHOM)
        .args(["capture", "-i", "fathom-nosuch0", "-w"])
        .arg(tmp("none.pcapng"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("There is no interface named \"fathom-nosuch0\"")
            && err.contains("fathom capture -D"),
        "{err}"
    );
    assert!(
        !tmp("none.pcapng").exists(),
        "no file for a capture that never started"
    );

    // -D lists loopback
    let out = Command::new(FATHOM)
        .args(["capture", "-D"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.contains(". lo")));
}

#[test]
fn unprivileged_helper_tells_how_to_grant_the_capability() {
    need_root!();
    // a copy of the helper where an unprivileged user can run it
    let dir = std::env::temp_dir().join(format!("fathom-nopriv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let helper = dir.join("fathom-capture");
    std::fs::copy(common::capture_helper(), &helper).unwrap();
    Command::new("chmod")
        .args(["755", dir.to_str().unwrap(), helper.to_str().unwrap()])
        .status()
        .unwrap();
    let out = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=-all",
        ])
        .arg(&helper)
        .args(["-i", "lo", "-w", "-"])
        .current_dir(&dir)
        .output()
        .expect("setpriv (util-linux) runs the helper as nobody");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "sudo setcap cap_net_raw,cap_net_admin=eip {}",
            helper.display()
        )),
        "{err}"
    );
    assert!(
        out.stdout.is_empty(),
        "nothing is written without a capture"
    );
    std::fs::remove_dir_all(&dir).ok(); // (nothing there is fine)
}

#[test]
fn an_interface_that_disappears_stops_the_capture_and_keeps_its_packets() {
    need_root!();
    let (a, b) = (
        format!("fth{}a", std::process::id() % 100_000),
        format!("fth{}b", std::process::id() % 100_000),
    );
    let ip = |args: &[&str]| {
        Command::new("ip")
            .args(args)
            .status()
            .expect("iproute2 is installed")
            .success()
    };
    if !ip(&["link", "add", &a, "type", "veth", "peer", "name", &b]) {
        // a container without CAP_NET_ADMIN: the helper's own tests above still ran
        eprintln!("skipped: this machine does not let root create a veth pair");
        return;
    }
    ip(&["link", "set", &a, "up"]);
    ip(&["link", "set", &b, "up"]);
    let out = tmp("gone.pcapng");
    let mut child = Command::new(FATHOM)
        .args(["capture", "-i", &a, "-w"])
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(line.starts_with("Capturing on"), "{line}");
    // put a few frames on the wire from the other end
    let mut tx = pcap::Capture::from_device(b.as_str())
        .unwrap()
        .open()
        .unwrap();
    let mut frame = vec![0xffu8; 6];
    frame.extend_from_slice(&[0x02, 0, 0, 0, 0, 1, 0x88, 0xb5]);
    frame.extend_from_slice(&[0u8; 46]);
    for _ in 0..5 {
        tx.sendpacket(frame.as_slice()).unwrap();
    }
    std::thread::sleep(Duration::from_millis(500));
    drop(tx);
    assert!(ip(&["link", "del", &a]));
    let st = wait_for(&mut child, Duration::from_secs(10));
    let mut rest = String::new();
    err.read_to_string(&mut rest).unwrap();
    assert_eq!(st.code(), Some(2), "{rest}");
    assert!(
        rest.contains(&format!("The capture on \"{a}\" stopped")),
        "{rest}"
    );
    assert!(rest.contains("kept"), "{rest}");
    let n = matching(&out, "eth.type == 0x88b5").len();
    assert_eq!(n, 5, "every frame before the interface went is in the file");
}

#[test]
fn trailing_filter_words_pcap_output_and_a_temporary_file_without_dash_w() {
    need_root!();
    let port = common::http_server("<html><body>tcpdump-style arguments</body></html>\n");
    let dir = tmp("tmpdir");
    std::fs::create_dir_all(&dir).unwrap();
    // as tcpdump: the filter is the trailing words; -P writes pcap; no -w: a temporary file
    let mut child = Command::new(FATHOM)
        .env("TMPDIR", &dir)
        .args(["capture", "-i", "lo", "-P", "-c", "4", "tcp", "port"])
        .arg(port.to_string())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    err.read_line(&mut first).unwrap();
    let file = PathBuf::from(
        first
            .trim()
            .strip_prefix("File: ")
            .unwrap_or_else(|| panic!("the helper first says where it writes, not {first:?}")),
    );
    assert!(file.starts_with(&dir), "{} is in TMPDIR", file.display());
    let mut second = String::new();
    err.read_line(&mut second).unwrap();
    assert!(second.starts_with("Capturing on"), "{second}");
    std::thread::spawn(move || {
        let mut rest = String::new();
        err.read_to_string(&mut rest).ok(); // (only drained)
    });
    curl(port);
    assert!(wait_for(&mut child, Duration::from_secs(10)).success());
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(
        bytes[..4],
        0xA1B2_3C4Du32.to_le_bytes(),
        "a nanosecond pcap"
    );
    let all = matching(&file, "frame");
    assert_eq!(all.len(), 4, "-c 4");
    assert_eq!(
        matching(&file, &format!("tcp.port == {port}")),
        all,
        "only the filter's port"
    );

    // -L lists the link types; -f and trailing words together are refused
    let out = Command::new(FATHOM)
        .args(["capture", "-L", "-i", "lo"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("EN10MB"), "{text}");
    let out = Command::new(FATHOM)
        .args(["capture", "-i", "lo", "-f", "tcp", "udp"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("both with -f"));
    std::fs::remove_dir_all(&dir).unwrap();
}
