//! Live capture as the window and the helper share it: the helper's command line
//! (`CaptureArgs`, dumpcap's flags `-i -f -s -p -B -c -a -b -w -D`), its status lines
//! (`HelperEvent`), where the helper is, and what to tell a user it may not capture. The
//! helper itself, and everything that calls libpcap, is the `fathom-capture` package
//! (`crates/fathom-capture`), so the core neither links libpcap nor needs its headers.
//!
//! Only the helper opens capture handles, so only it needs `cap_net_raw,cap_net_admin`; the
//! window lists interfaces, checks filters and reads the helper's pcapng stream without any
//! privilege.

use std::path::{Path, PathBuf};

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
    fn permission_message_names_setcap_and_the_helper() {
        let m = permission_message(
            Path::new("/usr/bin/fathom-capture"),
            "socket: Operation not permitted",
        );
        assert!(m.contains("sudo setcap cap_net_raw,cap_net_admin=eip /usr/bin/fathom-capture"));
    }
}
