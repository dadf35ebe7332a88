//! Fathom's capture helper (its dumpcap), as a library: the interface list and capture-filter
//! checks the window asks libpcap for, and the helper's loop, which opens the capture
//! handles and writes pcapng (or pcap). The `fathom-capture` binary is this loop; it alone
//! needs the capture capabilities. What the window and the helper share (the command line,
//! the status lines) is in `fathom_core::capture::live`.

use fathom_core::capture::live::{helper_path, missing_driver, permission_message};
use fathom_core::capture::live::{AutoStop, CaptureArgs, HelperEvent, Interface, Ring};
use fathom_core::capture::save::{IfaceStats, PcapngWriter};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The interfaces libpcap can capture on (listing needs no privilege).
pub fn interfaces() -> Result<Vec<Interface>, String> {
    if let Some(m) = missing_driver() {
        return Err(m);
    }
    let list = pcap::Device::list().map_err(|e| format!("Could not list interfaces: {e}"))?;
    Ok(list
        .into_iter()
        .map(|d| Interface {
            description: d.desc.clone().unwrap_or_default(),
            addresses: d.addresses.iter().map(|a| a.addr.to_string()).collect(),
            loopback: d.flags.is_loopback(),
            up: d.flags.is_up(),
            running: d.flags.is_running(),
            wireless: d.flags.is_wireless(),
            name: d.name,
        })
        .collect())
}

/// Compiles a capture filter with libpcap (for Ethernet, as most interfaces are); the error
/// is libpcap's own message.
pub fn check_filter(bpf: &str) -> Result<(), String> {
    if bpf.trim().is_empty() {
        return Ok(());
    }
    if let Some(m) = missing_driver() {
        return Err(m);
    }
    let dead = pcap::Capture::dead(pcap::Linktype::ETHERNET).map_err(|e| e.to_string())?;
    dead.compile(bpf, true)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// A capture file being written: pcapng, or pcap for `-P`.
enum Writer {
    Ng(PcapngWriter<Box<dyn Write + Send>>),
    Pcap {
        w: fathom_core::capture::save::PcapWriter<Box<dyn Write + Send>>,
        written: u64,
    },
}

impl Writer {
    fn packet(&mut self, iface: u32, ts_ns: i64, data: &[u8], origlen: u32) -> io::Result<()> {
        match self {
            Writer::Ng(w) => w.packet(iface, ts_ns, data, origlen, None),
            Writer::Pcap { w, written } => {
                *written += 16 + data.len() as u64;
                w.packet(ts_ns, data, origlen)
            }
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Writer::Ng(w) => w.flush(),
            Writer::Pcap { w, .. } => w.flush(),
        }
    }
    fn written(&self) -> u64 {
        match self {
            Writer::Ng(w) => w.written(),
            Writer::Pcap { written, .. } => *written,
        }
    }
    /// The interface statistics block closing a pcapng file (pcap has none).
    fn stats(&mut self, iface: u32, st: &IfaceStats) -> io::Result<()> {
        match self {
            Writer::Ng(w) => w.stats(iface, st),
            Writer::Pcap { .. } => Ok(()),
        }
    }
}

/// Where the helper writes: standard output, a file, or a ring of files.
struct Target {
    w: Writer,
    /// For -w FILE: the ring state.
    file: Option<FileTarget>,
}

struct FileTarget {
    base: PathBuf,
    ring: Option<Ring>,
    index: u32,
    opened: Instant,
    /// Ring files written so far, oldest first.
    kept: Vec<PathBuf>,
}

fn ring_name(base: &Path, index: u32) -> PathBuf {
    let stem = base
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "capture".into());
    let ext = base
        .extension()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pcapng".into());
    base.with_file_name(format!("{stem}_{index:05}.{ext}"))
}

/// The interfaces' descriptions, written into every new file.
#[derive(Clone)]
struct IfaceDesc {
    linktype: u16,
    snaplen: u32,
    name: String,
    filter: String,
}

const APP: &str = concat!("Fathom ", env!("CARGO_PKG_VERSION"), " (fathom-capture)");

fn open_writer(out: Box<dyn Write + Send>, ifaces: &[IfaceDesc], pcap: bool) -> io::Result<Writer> {
    if pcap {
        let (lt, snap) = ifaces
            .first()
            .map_or((1, 262_144), |i| (i.linktype, i.snaplen));
        let w = fathom_core::capture::save::PcapWriter::new(out, lt, snap)?;
        return Ok(Writer::Pcap { w, written: 24 });
    }
    let mut w = PcapngWriter::new(out, APP)?;
    for i in ifaces {
        w.interface(i.linktype, i.snaplen, &i.name, &i.filter)?;
    }
    Ok(Writer::Ng(w))
}

/// Where a capture without -w goes: a new file in the temporary directory, named for the
/// interface and the time, as dumpcap does.
fn temp_capture_path(iface: &str, pcap: bool) -> PathBuf {
    let secs = now_ns().div_euclid(1_000_000_000);
    let (y, mo, d, h, mi, s) = fathom_core::dissect::tree::civil(secs);
    let safe: String = iface
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    std::env::temp_dir().join(format!(
        "fathom_{safe}_{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}_{}.{}",
        std::process::id(),
        if pcap { "pcap" } else { "pcapng" }
    ))
}

fn create_file(path: &Path) -> io::Result<Box<dyn Write + Send>> {
    Ok(Box::new(io::BufWriter::with_capacity(
        1 << 18,
        std::fs::File::create(path)?,
    )))
}

/// Everything the capture threads share.
struct Sink {
    targets: Vec<Target>,
    ifaces: Vec<IfaceDesc>,
    /// Files are pcap (`-P`).
    pcap: bool,
    last_flush: Instant,
    packets: u64,
    /// Bytes of packet data and framing written to the (current) file, for -a filesize.
    bytes: u64,
    stop: AutoStop,
}

impl Sink {
    /// Writes one packet everywhere; returns `true` when a stop condition is reached.
    fn packet(&mut self, iface: u32, ts_ns: i64, data: &[u8], origlen: u32) -> io::Result<bool> {
        if self.limit_reached() {
            return Ok(true); // another interface's thread got there first
        }
        for t in &mut self.targets {
            t.w.packet(iface, ts_ns, data, origlen)?;
        }
        self.packets += 1;
        self.bytes += 32 + data.len() as u64;
        if self
            .targets
            .iter()
            .any(|t| t.file.as_ref().is_some_and(|f| f.ring.is_some()))
        {
            self.rotate()?;
        }
        Ok(self.limit_reached())
    }

    fn limit_reached(&self) -> bool {
        self.stop.packets.is_some_and(|n| self.packets >= n)
            || self.stop.bytes.is_some_and(|b| self.bytes >= b)
    }

    /// Pushes what is buffered out at least every 50 ms, so the window (and a crash) sees
    /// every packet soon after it arrived.
    fn flush_if_due(&mut self) -> io::Result<()> {
        if self.last_flush.elapsed() >= Duration::from_millis(50) {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        for t in &mut self.targets {
            t.w.flush()?;
        }
        self.last_flush = Instant::now();
        Ok(())
    }

    /// Starts the next ring-buffer file when the current one is full or old enough.
    fn rotate(&mut self) -> io::Result<()> {
        for t in &mut self.targets {
            let Some(f) = &mut t.file else { continue };
            let Some(r) = f.ring else { continue };
            let full = r.bytes.is_some_and(|b| t.w.written() >= b)
                || r.seconds
                    .is_some_and(|s| f.opened.elapsed().as_secs_f64() >= s);
            if !full {
                continue;
            }
            t.w.flush()?;
            f.index += 1;
            let path = ring_name(&f.base, f.index);
            t.w = open_writer(create_file(&path)?, &self.ifaces, self.pcap)?;
            f.opened = Instant::now();
            f.kept.push(path);
            if let Some(n) = r.files {
                while f.kept.len() > n.max(1) {
                    let old = f.kept.remove(0);
                    // a ring file that cannot go would fill the disk: the capture stops
                    std::fs::remove_file(&old).map_err(|e| {
                        std::io::Error::new(
                            e.kind(),
                            format!("cannot remove the old ring file {}: {e}", old.display()),
                        )
                    })?;
                }
            }
        }
        Ok(())
    }
}

/// `-L`: the data link types of the interface (the first -i, or the first that is up), as
/// dumpcap lists them.
fn list_linktypes(args: &CaptureArgs, helper: &Path) -> Result<i32, String> {
    use std::io::Write as _;
    let name = match args.interfaces.first() {
        Some(n) => n.clone(),
        None => interfaces()?
            .into_iter()
            .find(|d| d.up && d.running && !d.loopback)
            .map(|d| d.name)
            .ok_or("no interface is up; name one with -i")?,
    };
    let cap = pcap::Capture::from_device(name.as_str())
        .and_then(|c| c.open())
        .map_err(|e| open_error(helper, &name, &e))?;

    let links = cap
        .list_datalinks()
        .map_err(|e| format!("could not list the link types of {name}: {e}"))?;
    let mut out = io::stdout().lock();
    let mut text = format!("Data link types of interface {name} (use option -y to set):\n");
    for l in links {
        let n = l.get_name().unwrap_or_else(|_| format!("DLT {}", l.0));
        match l.get_description() {
            Ok(d) => text.push_str(&format!("  {n} ({d})\n")),
            Err(_) => text.push_str(&format!("  {n}\n")),
        }
    }
    match out.write_all(text.as_bytes()) {
        Err(e) if !fathom_core::print::is_broken_pipe(&e) => Err(e.to_string()),
        _ => Ok(0),
    }
}

/// Why an open failed, in the words the user needs.
fn open_error(helper: &Path, iface: &str, e: &pcap::Error) -> String {
    let msg = e.to_string();
    let low = msg.to_lowercase();
    if low.contains("permission") || low.contains("not permitted") {
        permission_message(helper, &msg)
    } else if low.contains("no such device") || low.contains("doesn't exist") {
        format!(
            "There is no interface named \"{iface}\" ({msg}).\n\
             `fathom capture -D` lists the interfaces."
        )
    } else {
        format!("Could not start capturing on \"{iface}\": {msg}")
    }
}

/// Runs the helper: lists interfaces (-D) or captures until a stop condition, a signal, the
/// window closing our stdin (`--machine`), or an error. Returns the process exit code.
pub fn run(args: &CaptureArgs, stop: Arc<AtomicBool>) -> i32 {
    let say = |ev: HelperEvent, human: &str| {
        if args.machine {
            eprintln!("{}", ev.to_line());
        } else if !human.is_empty() {
            eprintln!("{human}");
        }
    };
    let fail = |msg: String| {
        say(
            HelperEvent::Error(msg.clone()),
            &format!("fathom-capture: {msg}"),
        );
        2
    };
    if args.list {
        return match interfaces() {
            Ok(list) => list_interfaces(&list),
            Err(e) => fail(e),
        };
    }
    let helper = std::env::current_exe().unwrap_or_else(|_| helper_path());
    let (auto, ring) = match (args.autostop(), args.ring_buffer()) {
        (Ok(a), Ok(r)) => (a, r),
        (Err(e), _) | (_, Err(e)) => return fail(e),
    };
    let filter = match args.capture_filter() {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    if args.list_linktypes {
        return list_linktypes(args, &helper).unwrap_or_else(fail);
    }
    let mut names = args.interfaces.clone();
    if names.is_empty() {
        match interfaces() {
            Ok(l) => match l.into_iter().find(|d| d.up && d.running && !d.loopback) {
                Some(d) => names.push(d.name),
                None => return fail("no interface is up; name one with -i".into()),
            },
            Err(e) => return fail(e),
        }
    }
    if args.pcap && names.len() > 1 {
        return fail(
            "-P: a pcap file holds one interface's packets; capture on one interface or write pcapng"
                .into(),
        );
    }
    let out = match &args.write {
        Some(w) => w.clone(),
        None => {
            // no -w: a temporary file, named so the user can find it
            let p = temp_capture_path(&names[0], args.pcap);
            say(
                HelperEvent::File(p.display().to_string()),
                &format!("File: {}", p.display()),
            );
            p
        }
    };
    let out = &out;
    let to_stdout = out.as_os_str() == "-";
    if to_stdout && ring.is_some() {
        return fail("-b (ring buffer) needs -w FILE, not standard output".into());
    }
    let (caps, descs) = match open_handles(args, &names, &filter, &helper) {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    let targets = match open_targets(args, out, to_stdout, ring, &descs) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let sink = Arc::new(Mutex::new(Sink {
        targets,
        ifaces: descs,
        pcap: args.pcap,
        last_flush: Instant::now(),
        packets: 0,
        bytes: 0,
        stop: auto,
    }));
    if let Ok(mut s) = sink.lock() {
        if let Err(e) = s.flush() {
            return fail(format!("could not write the capture file: {e}"));
        }
    }
    say(
        HelperEvent::Started(names.clone()),
        &if args.quiet {
            String::new()
        } else {
            format!(
                "Capturing on {}",
                names
                    .iter()
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
    );
    let sh = Shared {
        sink,
        stop,
        error: Arc::default(),
        stats: Arc::new(
            (0..caps.len())
                .map(|_| [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)])
                .collect(),
        ),
    };
    capture_until_stopped(args, &names, caps, sh, auto, &say, &fail)
}

/// Captures on the opened handles `caps` (of interfaces `names`) until a stop condition,
/// then writes each interface's statistics and reports the totals.
fn capture_until_stopped(
    args: &CaptureArgs,
    names: &[String],
    caps: Vec<pcap::Capture<pcap::Active>>,
    sh: Shared,
    auto: AutoStop,
    say: &dyn Fn(HelperEvent, &str),
    fail: &dyn Fn(String) -> i32,
) -> i32 {
    if args.machine {
        read_stop_requests(sh.stop.clone());
    }
    let started = Instant::now();
    let start_ns = now_ns();
    let mut threads = Vec::new();
    for (idx, cap) in caps.into_iter().enumerate() {
        let sh = sh.clone();
        let name = names[idx].clone();
        threads.push(std::thread::spawn(move || {
            capture_loop(idx, &name, cap, &sh)
        }));
    }
    let Shared {
        sink,
        stop,
        error,
        stats,
    } = &sh;
    let totals = || {
        let mut t = [0u64; 3];
        for s in stats.iter() {
            for (a, b) in t.iter_mut().zip(s) {
                *a += b.load(Ordering::Relaxed);
            }
        }
        t
    };
    let captured = || sink.lock().map(|s| s.packets).unwrap_or(0);
    let mut last_report = Instant::now();
    while !threads.iter().all(|t| t.is_finished()) {
        std::thread::sleep(Duration::from_millis(20));
        if auto
            .seconds
            .is_some_and(|s| started.elapsed().as_secs_f64() >= s)
        {
            stop.store(true, Ordering::Relaxed);
        }
        if last_report.elapsed() >= Duration::from_millis(250) {
            last_report = Instant::now();
            let t = totals();
            say(
                HelperEvent::Stats {
                    captured: captured(),
                    dropped: t[1],
                    if_dropped: t[2],
                },
                "",
            );
        }
    }
    for t in threads {
        if t.join().is_err() {
            // (its packets so far are in the file; the others' go on being counted)
            say(
                HelperEvent::Error("an interface's capture thread failed".into()),
                "fathom-capture: an interface's capture thread failed",
            );
        }
    }
    let t = totals();
    let n = captured();
    let result = finish(&sh, start_ns, n, fail);
    say(
        HelperEvent::Stats {
            captured: n,
            dropped: t[1],
            if_dropped: t[2],
        },
        "",
    );
    let err = error.lock().ok().and_then(|e| e.clone());
    if let Some(e) = err {
        return fail(e);
    }
    say(
        HelperEvent::Stopped(format!("{n} packets")),
        &if args.quiet {
            String::new()
        } else {
            format!(
                "Packets captured: {n}\nPackets dropped: {} (kernel), {} (interface)",
                t[1], t[2]
            )
        },
    );
    result
}

/// `-D`: the interfaces, numbered as dumpcap numbers them.
fn list_interfaces(list: &[Interface]) -> i32 {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for (i, d) in list.iter().enumerate() {
        let desc = if d.description.is_empty() {
            String::new()
        } else {
            format!(" ({})", d.description)
        };
        if let Err(e) = writeln!(out, "{}. {}{desc}", i + 1, d.name) {
            // a reader that stopped early (`| head -1`) is no failure
            return if fathom_core::print::is_broken_pipe(&e) {
                0
            } else {
                2
            };
        }
    }
    0
}

/// Opens every interface's handle (before any file is written: a permission, interface or
/// filter error stops first), with what the file says of each interface.
fn open_handles(
    args: &CaptureArgs,
    names: &[String],
    filter: &str,
    helper: &Path,
) -> Result<(Vec<pcap::Capture<pcap::Active>>, Vec<IfaceDesc>), String> {
    let mut caps = Vec::new();
    let mut descs = Vec::new();
    for name in names {
        let inactive = match pcap::Capture::from_device(name.as_str()) {
            Ok(c) => c,
            Err(e) => return Err(open_error(helper, name, &e)),
        };
        let cap = inactive
            .snaplen(
                args.snaplen
                    .clamp(64, fathom_core::capture::file::MAX_PACKET) as i32,
            )
            .promisc(!args.no_promisc)
            .timeout(100)
            .buffer_size((args.buffer_mb.max(1) as i32).saturating_mul(1 << 20))
            .precision(pcap::Precision::Nano)
            .open();
        // non-blocking: libpcap on Linux may wait forever in a read while nothing arrives,
        // and the loop must see stop requests and flush what it holds
        let mut cap = match cap.and_then(|c| c.setnonblock()) {
            Ok(c) => c,
            Err(e) => return Err(open_error(helper, name, &e)),
        };
        if !filter.trim().is_empty() {
            if let Err(e) = cap.filter(filter, true) {
                return Err(format!("Invalid capture filter \"{filter}\": {e}"));
            }
        }
        descs.push(IfaceDesc {
            linktype: cap.get_datalink().0 as u16,
            snaplen: args.snaplen,
            name: name.clone(),
            filter: filter.to_string(),
        });
        caps.push(cap);
    }
    Ok((caps, descs))
}

/// Where the packets go: standard output (`-w -` or the window's `--pipe`) and the file
/// `out` (the first of a ring buffer's).
fn open_targets(
    args: &CaptureArgs,
    out: &Path,
    to_stdout: bool,
    ring: Option<Ring>,
    descs: &[IfaceDesc],
) -> Result<Vec<Target>, String> {
    let mut targets = Vec::new();
    let stdout: Box<dyn Write + Send> =
        Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout()));
    if to_stdout || args.pipe {
        // the window reads pcapng from --pipe; -w - writes what -P asks
        match open_writer(stdout, descs, args.pcap && to_stdout) {
            Ok(w) => targets.push(Target { w, file: None }),
            Err(e) => return Err(format!("could not write to standard output: {e}")),
        }
    }
    if !to_stdout {
        let first = if ring.is_some() {
            ring_name(out, 1)
        } else {
            out.to_path_buf()
        };
        let w = create_file(&first).and_then(|f| open_writer(f, descs, args.pcap));
        match w {
            Ok(w) => targets.push(Target {
                w,
                file: Some(FileTarget {
                    base: out.to_path_buf(),
                    ring,
                    index: 1,
                    opened: Instant::now(),
                    kept: vec![first],
                }),
            }),
            Err(e) => return Err(format!("could not create \"{}\": {e}", first.display())),
        }
    }
    Ok(targets)
}

/// `--machine`: the window stops us by closing our standard input (or writing "stop").
fn read_stop_requests(stop: Arc<AtomicBool>) {
    // the window stops us by closing our standard input (or writing "stop")
    let reader = std::thread::Builder::new()
        .name("stdin".into())
        .spawn(move || {
            let stdin = io::stdin();
            let mut line = String::new();
            loop {
                line.clear();
                match stdin.lock().read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if line.trim() == "stop" => break,
                    Ok(_) => {}
                }
            }
            stop.store(true, Ordering::Relaxed);
        });
    if let Err(e) = reader {
        // the window then stops this capture by killing it
        eprintln!("fathom-capture: cannot read stop requests: {e}");
    }
}

/// What the capture threads share: the output, the stop flag, the first error, and per
/// interface libpcap's received, dropped and interface-dropped counts.
#[derive(Clone)]
struct Shared {
    sink: Arc<Mutex<Sink>>,
    stop: Arc<AtomicBool>,
    error: Arc<Mutex<Option<String>>>,
    stats: Arc<Vec<[AtomicU64; 3]>>,
}

/// Captures on interface `idx` (`name`) until told to stop, writing under the sink's lock.
fn capture_loop(idx: usize, name: &str, mut cap: pcap::Capture<pcap::Active>, sh: &Shared) {
    let Shared {
        sink,
        stop,
        error,
        stats,
    } = sh;
    let mut last_stats = Instant::now();
    let record_stats = |cap: &mut pcap::Capture<pcap::Active>| {
        if let (Ok(st), Some(slot)) = (cap.stats(), stats.get(idx)) {
            slot[0].store(st.received as u64, Ordering::Relaxed);
            slot[1].store(st.dropped as u64, Ordering::Relaxed);
            slot[2].store(st.if_dropped as u64, Ordering::Relaxed);
        }
    };
    while !stop.load(Ordering::Relaxed) {
        // a whole kernel buffer per call, under one lock
        let mut s = sink.lock().unwrap_or_else(|p| p.into_inner());
        let mut outcome: io::Result<bool> = Ok(false);
        let r = cap.dispatch(None, |p| {
            if matches!(outcome, Ok(false)) {
                // (libc's time fields are i64 here and i32 on some targets)
                #[allow(clippy::useless_conversion)]
                let ts =
                    i64::from(p.header.ts.tv_sec) * 1_000_000_000 + i64::from(p.header.ts.tv_usec);
                outcome = s.packet(idx as u32, ts, p.data, p.header.len);
            }
        });
        let flushed = s.flush_if_due();
        drop(s);
        let outcome = outcome.and_then(|done| flushed.map(|_| done));
        match r {
            // nothing waiting: look again shortly
            Ok(0) => std::thread::sleep(Duration::from_millis(5)),
            Ok(_) => {}
            Err(e) => {
                let mut err = error.lock().unwrap_or_else(|p| p.into_inner());
                err.get_or_insert(format!(
                    "The capture on \"{name}\" stopped: {e}. Every packet captured \
                     before that is kept."
                ));
                stop.store(true, Ordering::Relaxed);
                break;
            }
        }
        match outcome {
            Ok(true) => stop.store(true, Ordering::Relaxed),
            Ok(false) => {}
            Err(e) => {
                // the window went away (broken pipe) or the disk is full
                let mut err = error.lock().unwrap_or_else(|p| p.into_inner());
                err.get_or_insert(format!("Could not write the capture: {e}"));
                stop.store(true, Ordering::Relaxed);
            }
        }
        if last_stats.elapsed() >= Duration::from_millis(200) {
            record_stats(&mut cap);
            last_stats = Instant::now();
        }
    }
    record_stats(&mut cap);
}

/// After the capture: each interface's statistics and the last flush; 2 when writing them
/// failed (and nothing failed before).
fn finish(sh: &Shared, start_ns: i64, n: u64, fail: &dyn Fn(String) -> i32) -> i32 {
    let Shared {
        sink, error, stats, ..
    } = sh;
    let mut result = 0;
    if let Ok(mut s) = sink.lock() {
        let end_ns = now_ns();
        for i in 0..s.ifaces.len() {
            let st = IfaceStats {
                start_ns,
                end_ns,
                received: stats[i][0].load(Ordering::Relaxed),
                os_dropped: stats[i][1].load(Ordering::Relaxed),
                if_dropped: stats[i][2].load(Ordering::Relaxed),
                delivered: n,
            };
            let mut wrote = Ok(());
            for tg in &mut s.targets {
                wrote = wrote.and(tg.w.stats(i as u32, &st));
            }
            if let Err(e) = wrote {
                if error.lock().map(|e| e.is_none()).unwrap_or(false) {
                    result = fail(format!("Could not write the interface statistics: {e}"));
                }
            }
        }
        if let Err(e) = s.flush() {
            if error.lock().map(|e| e.is_none()).unwrap_or(false) {
                result = fail(format!("Could not write the capture: {e}"));
            }
        }
    }
    result
}

fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_filters_are_checked_by_libpcap() {
        assert!(check_filter("host 10.77.0.1 and tcp port 80").is_ok());
        assert!(check_filter("").is_ok());
        let e = check_filter("tcp port eighty").unwrap_err();
        assert!(!e.is_empty());
        assert!(check_filter("host and").is_err());
    }

    #[test]
    fn ring_files_are_numbered() {
        assert_eq!(
            ring_name(Path::new("/tmp/cap.pcapng"), 3),
            PathBuf::from("/tmp/cap_00003.pcapng")
        );
    }
}
