//! Capture throughput: floods loopback with small UDP datagrams (bounded in count and time)
//! and counts how many of them the capture wrote, for Fathom's helper and for `tcpdump -w`
//! on the same traffic. Needs root and tcpdump. Run with
//! `cargo bench --bench capture` (FATHOM_BENCH_DATAGRAMS sets the count, default 400,000).

use std::io::{BufRead, BufReader};
use std::net::UdpSocket;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    sent: u64,
    captured: u64,
    send_secs: f64,
    /// CPU seconds the capture process used (user + system).
    cpu_secs: f64,
}

/// CPU time of this process's waited-for children (cutime + cstime of /proc/self/stat).
fn children_cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = s.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    // after the command name: state is field 3, cutime 16 and cstime 17
    let tick = |i: usize| {
        f.get(i - 3)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (tick(16) + tick(17)) / 100.0
}

fn count_packets(path: &Path) -> u64 {
    let Ok(cf) = fathom::capture::file::CaptureFile::open(path) else {
        return 0;
    };
    let Ok(mut r) = cf.reader() else { return 0 };
    let mut buf = Vec::new();
    let mut n = 0;
    while r.next(&mut buf).is_some() {
        n += 1;
    }
    n
}

fn wait_started(child: &mut Child, marker: &str) {
    let mut err = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    loop {
        line.clear();
        if err.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("the capture did not start");
        }
        if line.contains(marker) {
            break;
        }
    }
    std::thread::spawn(move || {
        let mut s = String::new();
        while err.read_line(&mut s).unwrap_or(0) > 0 {
            s.clear();
        }
    });
}

fn flood(port: u16, count: u64, limit: Duration) -> (u64, f64) {
    let rx = UdpSocket::bind(("127.0.0.1", port)).expect("bind receiver");
    rx.set_nonblocking(true).ok();
    let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
    let payload = [0x5au8; 64];
    let start = Instant::now();
    let mut sent = 0;
    let mut drain = [0u8; 128];
    while sent < count && start.elapsed() < limit {
        if tx.send_to(&payload, ("127.0.0.1", port)).is_ok() {
            sent += 1;
        }
        // keep the receiving socket's queue from filling (its drops are not capture drops)
        if sent % 16 == 0 {
            while rx.recv(&mut drain).is_ok() {}
        }
    }
    (sent, start.elapsed().as_secs_f64())
}

fn run(mut cmd: Command, marker: &str, out: &Path, port: u16, count: u64) -> Run {
    std::fs::remove_file(out).ok(); // (none there yet is fine)
    let cpu0 = children_cpu();
    let mut child = cmd
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the capture");
    wait_started(&mut child, marker);
    std::thread::sleep(Duration::from_millis(300));
    let (sent, send_secs) = flood(port, count, Duration::from_secs(15));
    std::thread::sleep(Duration::from_millis(700));
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("stop the capture with SIGINT");
    child.wait().expect("the capture ends");
    Run {
        sent,
        captured: count_packets(out),
        send_secs,
        cpu_secs: children_cpu() - cpu0,
    }
}

fn main() {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if !root {
        eprintln!("capture bench: needs root (to capture on lo); skipped");
        return;
    }
    if Command::new("tcpdump").arg("--version").output().is_err() {
        eprintln!("capture bench: tcpdump is not installed (apt-get install tcpdump); skipped");
        return;
    }
    let count: u64 = std::env::var("FATHOM_BENCH_DATAGRAMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400_000);
    let helper = fathom::capture::live::helper_path();
    let dir = std::env::temp_dir();
    let filter = |p: u16| format!("udp port {p}");
    println!("capture bench: {count} UDP datagrams of 64 bytes on lo, each capture filtered to their port");
    println!(
        "{:<34} {:>10} {:>10} {:>8} {:>12} {:>14}",
        "capture", "sent", "written", "kept", "written/s", "per CPU-second"
    );
    let mut results = Vec::new();
    for (name, buffer_kib) in [("default buffers", None), ("2 MiB buffers", Some(2048u32))] {
        let port = 47_000 + results.len() as u16;
        let ours = dir.join("fathom-bench-capture.pcapng");
        let mut c = Command::new(&helper);
        c.args(["-i", "lo", "-f", &filter(port), "-w"]).arg(&ours);
        if let Some(b) = buffer_kib {
            c.args(["-B", &(b / 1024).to_string()]);
        }
        let a = run(c, "Capturing on", &ours, port, count);
        let theirs = dir.join("fathom-bench-tcpdump.pcap");
        let mut t = Command::new("tcpdump");
        t.args(["-i", "lo", "-n", "-w"]).arg(&theirs);
        if let Some(b) = buffer_kib {
            t.args(["-B", &b.to_string()]);
        }
        t.arg(filter(port + 100));
        let b = run(t, "listening on", &theirs, port + 100, count);
        for (who, r) in [("fathom-capture", &a), ("tcpdump -w", &b)] {
            println!(
                "{:<34} {:>10} {:>10} {:>7.1}% {:>12.0} {:>14.0}",
                format!("{who} ({name})"),
                r.sent,
                r.captured,
                100.0 * r.captured as f64 / r.sent.max(1) as f64,
                r.captured as f64 / r.send_secs.max(1e-9),
                r.captured as f64 / r.cpu_secs.max(1e-2)
            );
        }
        let ratio = (a.captured as f64 / a.send_secs) / (b.captured as f64 / b.send_secs).max(1e-9);
        let eff = (a.captured as f64 / a.cpu_secs.max(1e-2))
            / (b.captured as f64 / b.cpu_secs.max(1e-2)).max(1e-9);
        println!(
            "  fathom-capture / tcpdump: {ratio:.2}x packets written per second, \
             {eff:.2}x packets per CPU-second"
        );
        results.push(ratio);
        // (leftover temporary files are harmless)
        std::fs::remove_file(&ours).ok();
        std::fs::remove_file(&theirs).ok();
    }
}
