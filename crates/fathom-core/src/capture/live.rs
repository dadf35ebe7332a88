//! Live capture with libpcap: the interface list, capture-filter checks, and the capture
//! helper's loop (the `fathom-capture` binary, Fathom's dumpcap).
//!
//! Only the helper opens capture handles, so only it needs `cap_net_raw,cap_net_admin`; the
//! window lists interfaces, checks filters and reads the helper's pcapng stream without any
//! privilege. The helper speaks dumpcap's flags (`-i -f -s -p -B -c -a -b -w -D`).

use super::save::{IfaceStats, PcapngWriter};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// An interface as libpcap lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Interface {
    pub name: String,
    pub description: String,
    pub addresses: Vec<String>,
    pub loopback: bool,
    pub up: bool,
    pub running: bool,
    pub wireless: bool,
}

impl Interface {
    /// "Loopback, Up, Running" as `-D` and the interface table show it.
    pub fn flags_text(&self) -> String {
        let mut f = Vec::new();
        if self.loopback {
            f.push("Loopback");
        }
        if self.wireless {
            f.push("Wireless");
        }
        if self.up {
            f.push("Up");
        }
        if self.running {
            f.push("Running");
        }
        f.join(", ")
    }
}

/// Where to get the capture driver on systems that need one installed separately.
pub const NPCAP_URL: &str = "https://npcap.com/#download";

/// On Windows, live capture needs Npcap: says so when its wpcap.dll is not installed (wpcap
/// is delay-loaded, so nothing touches it before this check). `None` elsewhere.
pub fn missing_driver() -> Option<String> {
    #[cfg(windows)]
    {
        let root = std::env::var_os("SystemRoot").unwrap_or_else(|| "C:\\Windows".into());
        let dll = Path::new(&root)
            .join("System32")
            .join("Npcap")
            .join("wpcap.dll");
        if !dll.is_file() {
            return Some(format!(
                "Live capture needs Npcap, which is not installed. Install it from {NPCAP_URL} \
                 and start Fathom again. Capture files open without it."
            ));
        }
    }
    None
}

/// On Windows, lets the delay-loaded wpcap.dll be found in Npcap's own directory (where
/// Npcap installs it unless in WinPcap-compatible mode), as Wireshark does.
pub fn use_npcap_directory() {
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStrExt;
        let root = std::env::var_os("SystemRoot").unwrap_or_else(|| "C:\\Windows".into());
        let dir = Path::new(&root).join("System32").join("Npcap");
        let wide: Vec<u16> = dir.as_os_str().encode_wide().chain(Some(0)).collect();
        // SAFETY: `wide` is a NUL-terminated UTF-16 path that outlives the call.
        unsafe {
            windows_sys::Win32::System::LibraryLoader::SetDllDirectoryW(wide.as_ptr());
        }
    }
}

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

/// Packets an interface has sent and received so far, from the kernel's counters (Linux;
/// needs no privilege). The interface list draws its sparklines from these.
pub fn packet_counter(name: &str) -> Option<u64> {
    let dir = Path::new("/sys/class/net").join(name).join("statistics");
    let read = |f: &str| -> Option<u64> {
        std::fs::read_to_string(dir.join(f))
            .ok()?
            .trim()
            .parse()
            .ok()
    };
    Some(read("rx_packets")? + read("tx_packets")?)
}

/// Where the capture helper is: `FATHOM_CAPTURE_HELPER`, else beside this executable (or
/// beside its parent directory, for test binaries in `target/*/deps`), else on the PATH.
pub fn helper_path() -> PathBuf {
    if let Some(p) = std::env::var_os("FATHOM_CAPTURE_HELPER") {
        return PathBuf::from(p);
    }
    let name = format!("fathom-capture{}", std::env::consts::EXE_SUFFIX);
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1).take(2) {
            let p = dir.join(&name);
            if p.is_file() {
                return p;
            }
        }
    }
    PathBuf::from(name)
}

/// What to tell a user whose helper may not capture.
pub fn permission_message(helper: &Path, why: &str) -> String {
    format!(
        "Fathom's capture helper is not allowed to capture ({why}).\n\
         Give it the capture capabilities once, then start the capture again:\n\
         \n    sudo setcap cap_net_raw,cap_net_admin=eip {}\n\n\
         (The Fathom .deb package does this when it is installed.)",
        helper.display()
    )
}

/// The helper's command line: dumpcap's flags.
#[derive(clap::Parser, Clone, Debug, Default, PartialEq, Eq)]
#[command(
    name = "fathom-capture",
    version,
    about = "Fathom's capture helper: captures with libpcap and writes pcapng (like dumpcap)"
)]
pub struct CaptureArgs {
    /// List the interfaces and exit.
    #[arg(short = 'D')]
    pub list: bool,
    /// An interface to capture on (repeat for several).
    #[arg(short = 'i')]
    pub interfaces: Vec<String>,
    /// A capture filter in libpcap's syntax (BPF).
    #[arg(short = 'f', default_value = "")]
    pub filter: String,
    /// Snapshot length: the most bytes kept of each packet.
    #[arg(short = 's', default_value_t = 262_144)]
    pub snaplen: u32,
    /// Don't put the interfaces in promiscuous mode.
    #[arg(short = 'p')]
    pub no_promisc: bool,
    /// The kernel buffer size in MiB.
    #[arg(short = 'B', default_value_t = 4)]
    pub buffer_mb: u32,
    /// Stop after this many packets.
    #[arg(short = 'c')]
    pub count: Option<u64>,
    /// Stop condition: duration:SECONDS, filesize:KB or packets:N.
    #[arg(short = 'a')]
    pub autostop: Vec<String>,
    /// Ring buffer: filesize:KB, duration:SECONDS and files:N (with -w FILE).
    #[arg(short = 'b')]
    pub ring: Vec<String>,
    /// The file to write, or `-` for standard output.
    #[arg(short = 'w')]
    pub write: Option<PathBuf>,
    /// Also stream pcapng to standard output while writing the -w file(s).
    #[arg(long)]
    pub pipe: bool,
    /// Talk to Fathom's window: JSON status lines on stderr, stop when stdin closes.
    #[arg(long)]
    pub machine: bool,
    /// Don't print the packet count.
    #[arg(short = 'q')]
    pub quiet: bool,
    /// Write pcap instead of pcapng (one interface only, as pcap holds one link type).
    #[arg(short = 'P')]
    pub pcap: bool,
    /// List the data link types of the interface (-i) and exit.
    #[arg(short = 'L')]
    pub list_linktypes: bool,
    /// The capture filter as trailing words, as tcpdump and tshark take it
    /// (`fathom capture -i eth0 tcp port 80`).
    #[arg(trailing_var_arg = true)]
    pub filter_words: Vec<String>,
}

/// Stop conditions, parsed from `-c` and `-a`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AutoStop {
    pub packets: Option<u64>,
    pub bytes: Option<u64>,
    pub seconds: Option<f64>,
}

/// Ring buffer settings, parsed from `-b`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Ring {
    pub bytes: Option<u64>,
    pub seconds: Option<f64>,
    pub files: Option<usize>,
}

fn key_values(list: &[String], flag: char) -> Result<Vec<(String, f64)>, String> {
    list.iter()
        .map(|s| {
            let (k, v) = s
                .split_once(':')
                .ok_or_else(|| format!("-{flag} {s}: expected KEY:VALUE"))?;
            let v: f64 = v
                .parse()
                .ok()
                .filter(|v: &f64| *v > 0.0 && v.is_finite())
                .ok_or_else(|| format!("-{flag} {s}: {v} is not a positive number"))?;
            Ok((k.to_string(), v))
        })
        .collect()
}

impl CaptureArgs {
    /// The capture filter, from -f or from the trailing words (not both).
    pub fn capture_filter(&self) -> Result<String, String> {
        let words = self.filter_words.join(" ");
        match (self.filter.trim().is_empty(), words.trim().is_empty()) {
            (false, false) => Err(
                "a capture filter was given both with -f and as trailing words; give one".into(),
            ),
            (true, _) => Ok(words),
            (false, true) => Ok(self.filter.clone()),
        }
    }

    pub fn autostop(&self) -> Result<AutoStop, String> {
        let mut a = AutoStop {
            packets: self.count,
            ..Default::default()
        };
        for (k, v) in key_values(&self.autostop, 'a')? {
            match k.as_str() {
                "duration" => a.seconds = Some(v),
                "filesize" => a.bytes = Some((v * 1000.0) as u64),
                "packets" => a.packets = Some(v as u64),
                _ => return Err(format!("-a {k}: use duration, filesize or packets")),
            }
        }
        Ok(a)
    }

    pub fn ring_buffer(&self) -> Result<Option<Ring>, String> {
        if self.ring.is_empty() {
            return Ok(None);
        }
        let mut r = Ring::default();
        for (k, v) in key_values(&self.ring, 'b')? {
            match k.as_str() {
                "filesize" => r.bytes = Some((v * 1000.0) as u64),
                "duration" => r.seconds = Some(v),
                "files" => r.files = Some(v as usize),
                _ => return Err(format!("-b {k}: use filesize, duration or files")),
            }
        }
        if r.bytes.is_none() && r.seconds.is_none() {
            return Err("-b: a ring buffer needs filesize:KB or duration:SECONDS".into());
        }
        Ok(Some(r))
    }

    /// The arguments again, as a command line (the window builds the helper's this way).
    pub fn to_argv(&self) -> Vec<String> {
        let mut v = Vec::new();
        if self.list {
            v.push("-D".into());
        }
        for i in &self.interfaces {
            v.extend(["-i".into(), i.clone()]);
        }
        if let Ok(f) = self.capture_filter() {
            if !f.is_empty() {
                v.extend(["-f".into(), f]);
            }
        }
        v.extend(["-s".into(), self.snaplen.to_string()]);
        if self.no_promisc {
            v.push("-p".into());
        }
        v.extend(["-B".into(), self.buffer_mb.to_string()]);
        if let Some(c) = self.count {
            v.extend(["-c".into(), c.to_string()]);
        }
        for a in &self.autostop {
            v.extend(["-a".into(), a.clone()]);
        }
        for b in &self.ring {
            v.extend(["-b".into(), b.clone()]);
        }
        if let Some(w) = &self.write {
            v.extend(["-w".into(), w.display().to_string()]);
        }
        if self.pipe {
            v.push("--pipe".into());
        }
        if self.machine {
            v.push("--machine".into());
        }
        if self.quiet {
            v.push("-q".into());
        }
        if self.pcap {
            v.push("-P".into());
        }
        if self.list_linktypes {
            v.push("-L".into());
        }
        v
    }
}

/// One status line of the helper in `--machine` mode (JSON on stderr).
#[derive(Clone, Debug, PartialEq)]
pub enum HelperEvent {
    Started(Vec<String>),
    Stats {
        captured: u64,
        dropped: u64,
        if_dropped: u64,
    },
    Error(String),
    Stopped(String),
    /// The file the capture is written to, when the helper chose it (no -w).
    File(String),
}

impl HelperEvent {
    pub fn to_line(&self) -> String {
        use serde_json::json;
        let v = match self {
            HelperEvent::Started(i) => json!({ "started": i }),
            HelperEvent::Stats {
                captured,
                dropped,
                if_dropped,
            } => json!({ "stats": [captured, dropped, if_dropped] }),
            HelperEvent::Error(e) => json!({ "error": e }),
            HelperEvent::Stopped(why) => json!({ "stopped": why }),
            HelperEvent::File(p) => json!({ "file": p }),
        };
        v.to_string()
    }

    pub fn parse(line: &str) -> Option<HelperEvent> {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        if let Some(i) = v.get("started") {
            let list = i.as_array()?;
            return Some(HelperEvent::Started(
                list.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect(),
            ));
        }
        if let Some(s) = v.get("stats").and_then(|s| s.as_array()) {
            let n = |i: usize| s.get(i).and_then(|x| x.as_u64()).unwrap_or(0);
            return Some(HelperEvent::Stats {
                captured: n(0),
                dropped: n(1),
                if_dropped: n(2),
            });
        }
        if let Some(e) = v.get("error").and_then(|e| e.as_str()) {
            return Some(HelperEvent::Error(e.to_string()));
        }
        if let Some(e) = v.get("stopped").and_then(|e| e.as_str()) {
            return Some(HelperEvent::Stopped(e.to_string()));
        }
        if let Some(p) = v.get("file").and_then(|p| p.as_str()) {
            return Some(HelperEvent::File(p.to_string()));
        }
        None
    }
}

/// A capture file being written: pcapng, or pcap for `-P`.
enum Writer {
    Ng(PcapngWriter<Box<dyn Write + Send>>),
    Pcap {
        w: crate::capture::save::PcapWriter<Box<dyn Write + Send>>,
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
        let w = crate::capture::save::PcapWriter::new(out, lt, snap)?;
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
    let (y, mo, d, h, mi, s) = crate::dissect::tree::civil(secs);
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
        Err(e) if !crate::print::is_broken_pipe(&e) => Err(e.to_string()),
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
            return if crate::print::is_broken_pipe(&e) {
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
            .snaplen(args.snaplen.clamp(64, super::file::MAX_PACKET) as i32)
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
    use clap::Parser;

    #[test]
    fn args_round_trip_through_argv() {
        let a = CaptureArgs::parse_from([
            "fathom-capture",
            "-i",
            "lo",
            "-i",
            "eth0",
            "-f",
            "tcp port 80",
            "-c",
            "20",
            "-a",
            "duration:5",
            "-b",
            "filesize:100",
            "-b",
            "files:3",
            "-w",
            "/tmp/x.pcapng",
            "--machine",
        ]);
        let b = CaptureArgs::parse_from(
            std::iter::once("fathom-capture".to_string()).chain(a.to_argv()),
        );
        assert_eq!(a, b);
        assert_eq!(
            a.autostop().unwrap(),
            AutoStop {
                packets: Some(20),
                bytes: None,
                seconds: Some(5.0)
            }
        );
        let r = a.ring_buffer().unwrap().unwrap();
        assert_eq!(r.bytes, Some(100_000));
        assert_eq!(r.files, Some(3));
    }

    #[test]
    fn bad_stop_conditions_are_errors() {
        let a = CaptureArgs::parse_from(["x", "-a", "duration:-1"]);
        assert!(a.autostop().unwrap_err().contains("not a positive number"));
        let a = CaptureArgs::parse_from(["x", "-a", "minutes:3"]);
        assert!(a.autostop().unwrap_err().contains("use duration"));
        let a = CaptureArgs::parse_from(["x", "-b", "files:3"]);
        assert!(a.ring_buffer().unwrap_err().contains("filesize"));
    }

    #[test]
    fn helper_events_round_trip() {
        for ev in [
            HelperEvent::Started(vec!["lo".into(), "eth0".into()]),
            HelperEvent::Stats {
                captured: 5,
                dropped: 1,
                if_dropped: 2,
            },
            HelperEvent::Error("a\nb \"c\"".into()),
            HelperEvent::Stopped("5 packets".into()),
        ] {
            assert_eq!(HelperEvent::parse(&ev.to_line()), Some(ev));
        }
        assert_eq!(HelperEvent::parse("not json"), None);
    }

    #[test]
    fn capture_filters_are_checked_by_libpcap() {
        assert!(check_filter("host 10.77.0.1 and tcp port 80").is_ok());
        assert!(check_filter("").is_ok());
        let e = check_filter("tcp port eighty").unwrap_err();
        assert!(!e.is_empty());
        assert!(check_filter("host and").is_err());
    }

    #[test]
    fn permission_message_names_setcap_and_the_helper() {
        let m = permission_message(
            Path::new("/usr/bin/fathom-capture"),
            "socket: Operation not permitted",
        );
        assert!(m.contains("sudo setcap cap_net_raw,cap_net_admin=eip /usr/bin/fathom-capture"));
    }

    #[test]
    fn ring_files_are_numbered() {
        assert_eq!(
            ring_name(Path::new("/tmp/cap.pcapng"), 3),
            PathBuf::from("/tmp/cap_00003.pcapng")
        );
    }
}
