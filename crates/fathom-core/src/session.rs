//! Loading a capture on a worker thread while readers look at what is there so far.
//!
//! The worker owns the first pass and writes into a shared [`Analysis`] in batches, holding
//! the write lock only for one batch at a time; the window takes a read lock for the few
//! rows it draws. Nothing here knows about the UI.

use crate::analysis::{Analysis, Pass};
use crate::capture::file::{CaptureFile, PacketSource, Record, RecordReader};
use crate::capture::live::{CaptureArgs, HelperEvent};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Frames analysed per write-lock hold.
const BATCH: usize = 1024;
/// The most frames for which the statistics that need every frame (the conversation tables,
/// and the hierarchy, expert and HTTP tables of one dissection of every frame) are computed
/// as soon as a file is loaded. They are held beside the analysis: on one million frames
/// the conversation tables some 20 MB (60 MB while each side's address was a string of its
/// own); a larger file computes them when a statistics window first asks.
const EAGER_STATS: usize = 2_000_000;
/// The most frames for which the one dissection of every frame (the hierarchy, expert and
/// HTTP tables) is made as soon as the file is loaded, rather than when a statistics window
/// first asks: on one million frames it holds some 40 MB beside the analysis, an eighth of
/// the window's memory (155 MB while each HTTP message held its texts as strings of its
/// own). A window opened the moment a larger file has loaded waits no longer: the dissection
/// starts then either way.
const EAGER_DISSECTION: usize = 250_000;
/// What those statistics hold per frame, about (measured on the generated captures: 1.5 GB
/// for ten million frames before the HTTP texts were held once), with room to spare.
const STATS_BYTES_PER_FRAME: u64 = 250;

/// Progress and outcome of a load, shared with the worker.
#[derive(Default)]
pub struct LoadStatus {
    pub bytes_read: AtomicU64,
    pub total_bytes: AtomicU64,
    pub done: AtomicBool,
    pub cancel: AtomicBool,
    /// Readers waiting for the analysis lock: the worker pauses between batches for them.
    pub handoff: Handoff,
    pub error: Mutex<Option<String>>,
    pub elapsed: Mutex<Option<Duration>>,
    /// Why the load stopped before the end of the file (the memory guard): the window takes
    /// it once and tells the user in a dialog; it stays in the status bar as the warning.
    pub stopped: Mutex<Option<String>>,
    /// The memory guard stopped the load (kept; `stopped` is taken by the window).
    pub memory_stop: AtomicBool,
}

/// The lock hand-off between the loader and the readers: a reader that wants the analysis
/// says so; the loader, between two batches, waits (at most a bound) until every waiting
/// reader has taken the lock, woken by the reader as it does, not by polling.
#[derive(Default)]
pub struct Handoff {
    waiting: std::sync::atomic::AtomicU32,
    gate: Mutex<()>,
    taken: std::sync::Condvar,
}

impl Handoff {
    fn enter(&self) {
        self.waiting.fetch_add(1, Ordering::AcqRel);
    }

    fn leave(&self) {
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        // under the gate, so that a loader between its check and its wait is not missed
        let _gate = lock(&self.gate);
        self.taken.notify_all();
    }

    /// Whether a reader is waiting now.
    pub fn is_waiting(&self) -> bool {
        self.waiting.load(Ordering::Acquire) > 0
    }

    /// The loader's pause: returns once no reader waits, or after `max`.
    fn step_aside(&self, max: Duration) {
        if !self.is_waiting() {
            return;
        }
        let until = Instant::now() + max;
        let mut gate = lock(&self.gate);
        while self.is_waiting() {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            gate = match self.taken.wait_timeout(gate, left) {
                Ok((g, _)) => g,
                Err(p) => p.into_inner().0,
            };
        }
    }
}

impl LoadStatus {
    /// Records that the memory guard stopped the load (for the window's dialog and the
    /// statistics, which are then not started) and returns the message, the file's warning.
    fn memory_stopped(&self, stop: &crate::memory::Stop, name: &str, live: bool) -> String {
        let m = stop.message(name, live);
        *lock(&self.stopped) = Some(m.clone());
        self.memory_stop.store(true, Ordering::Relaxed);
        m
    }
}

/// An open capture: its file, the shared analysis, and the load in progress.
pub struct Session {
    pub path: PathBuf,
    pub file: Arc<CaptureFile>,
    pub analysis: Arc<RwLock<Analysis>>,
    pub status: Arc<LoadStatus>,
    /// Set when this session is a live capture.
    pub live: Option<Live>,
    /// The statistics' shared inputs; a loaded file starts computing them at once.
    pub stats: Arc<crate::stats::Shared>,
    worker: Option<std::thread::JoinHandle<()>>,
}

/// What the capture helper reports, shared with the threads that read it.
#[derive(Default)]
pub struct LiveStatus {
    /// Packets the helper has written.
    pub captured: AtomicU64,
    /// Dropped by the kernel (no buffer space) and by the interface, from libpcap's stats.
    pub dropped: AtomicU64,
    pub if_dropped: AtomicU64,
    /// The helper has opened its interfaces and is capturing.
    pub started: AtomicBool,
    pub stopped_at: Mutex<Option<Instant>>,
    /// The helper's error, in words for the user (permissions, interface gone, filter…).
    pub error: Mutex<Option<String>>,
}

/// A live capture: the helper process and its counters.
pub struct Live {
    pub args: CaptureArgs,
    pub status: Arc<LiveStatus>,
    pub started_at: Instant,
    child: Arc<Mutex<Option<Child>>>,
    stdin: Mutex<Option<ChildStdin>>,
}

impl Live {
    /// The capture's duration so far (or in all, once stopped).
    pub fn duration(&self) -> Duration {
        match *lock(&self.status.stopped_at) {
            Some(t) => t.duration_since(self.started_at),
            None => self.started_at.elapsed(),
        }
    }

    pub fn error(&self) -> Option<String> {
        lock(&self.status.error).clone()
    }

    /// Asks the helper to stop (it finishes its file and exits); kills it if it has not
    /// gone after three seconds.
    pub fn stop(&self) {
        let had = lock(&self.stdin).take().is_some();
        if !had {
            return;
        }
        let child = self.child.clone();
        let watcher = std::thread::Builder::new()
            .name("fathom-capture-stop".into())
            .spawn(move || {
                let until = Instant::now() + Duration::from_secs(3);
                while Instant::now() < until {
                    let mut c = lock(&child);
                    match c.as_mut().map(|c| c.try_wait()) {
                        Some(Ok(None)) => {}
                        _ => return,
                    }
                    drop(c);
                    std::thread::sleep(Duration::from_millis(20));
                }
                if let Some(c) = lock(&child).as_mut() {
                    // (an error here means it has just exited)
                    c.kill().ok();
                }
            });
        if let Err(e) = watcher {
            // the helper was asked to stop; only the deadline that kills it is missing
            *lock(&self.status.error) = Some(format!(
                "could not watch the capture helper stop (it is not killed after 3 s): {e}"
            ));
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Copies everything read from the helper's pipe into the capture file before handing it
/// on, so the file always holds every packet the window has seen.
struct Tee<R: Read> {
    inner: R,
    copy: std::fs::File,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.copy.write_all(&buf[..n])?;
        Ok(n)
    }
}

/// A name for a new capture's file in the temporary directory, as Wireshark names its own
/// (`fathom_lo_20261121113005_1234.pcapng`).
pub fn capture_file_name(interfaces: &[String]) -> PathBuf {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (y, mo, d, h, mi, s) = crate::dissect::tree::civil(secs);
    let ifs: String = interfaces
        .iter()
        .map(|i| i.replace(|c: char| !c.is_ascii_alphanumeric(), "-"))
        .collect::<Vec<_>>()
        .join("+");
    static N: AtomicU64 = AtomicU64::new(0);
    std::env::temp_dir().join(format!(
        "fathom_{ifs}_{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}_{}{}.pcapng",
        std::process::id(),
        match N.fetch_add(1, Ordering::Relaxed) {
            0 => String::new(),
            n => format!("-{n}"),
        }
    ))
}

impl Session {
    /// Opens a capture and starts loading it. `wake` is called whenever there is more to show.
    pub fn open(path: &Path, wake: impl Fn() + Send + 'static) -> Result<Session, String> {
        Session::open_ignoring(path, Default::default(), wake)
    }

    /// [`Session::open`], leaving the `ignored` frames out of the analysis.
    pub fn open_ignoring(
        path: &Path,
        ignored: std::collections::HashSet<u32>,
        wake: impl Fn() + Send + 'static,
    ) -> Result<Session, String> {
        let file = Arc::new(CaptureFile::open(path).map_err(|e| e.to_string())?);
        let mut an = Analysis {
            pcapng: file.format == crate::capture::file::Format::Pcapng,
            source: PacketSource::new(&file).ok(),
            ignored,
            ..Default::default()
        };
        an.load_tls_keys();
        let analysis = Arc::new(RwLock::new(an));
        let status = Arc::new(LoadStatus::default());
        let total = file.data_len();
        status.total_bytes.store(total, Ordering::Relaxed);
        let stats = Arc::new(crate::stats::Shared::default());
        let worker = {
            let (file, analysis, status) = (file.clone(), analysis.clone(), status.clone());
            let stats = stats.clone();
            std::thread::Builder::new()
                .name("fathom-load".into())
                .spawn(move || {
                    crate::names::warm();
                    let mut tables = crate::stats::LoadTables::new(EAGER_STATS);
                    load(&file, &analysis, &status, &wake, Some(&mut tables));
                    let counted = tables.finish();
                    // the conversation tables (counted as the file loaded, up to
                    // `EAGER_STATS` frames) and the statistics that need every frame dissected
                    // (hierarchy, expert, HTTP) take a second or more on a large file: finish
                    // them now, so that a window opened later finds them ready (a cancelled
                    // load, or a close, stops the dissection). Not on a file too
                    // large for them to be held beside the analysis (see `EAGER_STATS`, and
                    // `EAGER_DISSECTION` for the dissection), nor after the memory guard
                    // stopped the load.
                    let stopped = status.memory_stop.load(Ordering::Relaxed);
                    let frames = read(&analysis, &status).frames.len();
                    // (and not when they would not fit under the process's memory limit)
                    let fits = crate::memory::Guard::new()
                        .room()
                        .is_none_or(|room| room / STATS_BYTES_PER_FRAME >= frames as u64);
                    if !status.cancel.load(Ordering::Relaxed)
                        && !stopped
                        && fits
                        && frames <= EAGER_STATS
                    {
                        let an = read(&analysis, &status);
                        // (an error, or the cancel, is not lost: the window that needs the
                        // result asks again and shows what went wrong)
                        let dissect = frames <= EAGER_DISSECTION;
                        stats.prepare(&file, &an, counted, &status.cancel, dissect);
                    }
                })
                .map_err(|e| e.to_string())?
        };
        Ok(Session {
            path: path.to_path_buf(),
            file,
            analysis,
            status,
            live: None,
            stats,
            worker: Some(worker),
        })
    }

    /// Starts a live capture: runs the helper with `args` (its interfaces, filter and stop
    /// conditions), copies the pcapng it streams into `path` and analyses each packet as it
    /// arrives. The helper's errors arrive in [`LiveStatus::error`].
    pub fn capture(
        helper: &Path,
        args: &CaptureArgs,
        path: &Path,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Result<Session, String> {
        let copy = std::fs::File::create(path)
            .map_err(|e| format!("Could not create the capture file {}: {e}", path.display()))?;
        let mut hargs = args.clone();
        hargs.write = Some(PathBuf::from("-"));
        hargs.machine = true;
        hargs.pipe = false;
        hargs.list = false;
        let mut child = Command::new(helper)
            .args(hargs.to_argv())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                format!(
                    "Could not run the capture helper {}: {e}. It is installed beside the \
                     fathom program; set FATHOM_CAPTURE_HELPER to its path if it is elsewhere.",
                    helper.display()
                )
            })?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err(match child.kill() {
                Ok(()) => "Could not talk to the capture helper".into(),
                Err(e) => format!("Could not talk to the capture helper, nor stop it: {e}"),
            });
        };
        let file = Arc::new(CaptureFile::growing(path));
        let mut an = Analysis {
            pcapng: true,
            source: PacketSource::new(&file).ok(),
            ..Default::default()
        };
        an.load_tls_keys();
        let analysis = Arc::new(RwLock::new(an));
        let status = Arc::new(LoadStatus::default());
        let live_status = Arc::new(LiveStatus::default());
        let child = Arc::new(Mutex::new(Some(child)));
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(wake);
        // the helper's status lines
        let status_thread = {
            let (ls, wake) = (live_status.clone(), wake.clone());
            std::thread::Builder::new()
                .name("fathom-capture-status".into())
                .spawn(move || read_status(stderr, &ls, &*wake))
                .map_err(|e| e.to_string())?
        };
        // the pcapng stream: copied to the file, parsed, and queued for analysis
        let (tx, rx) = crossbeam_channel::bounded::<Queued>(1 << 14);
        let damage: Arc<Mutex<Option<String>>> = Arc::default();
        {
            let damage = damage.clone();
            let name = path.display().to_string();
            std::thread::Builder::new()
                .name("fathom-capture-read".into())
                .spawn(move || {
                    let mut reader = RecordReader::from_stream(Box::new(Tee {
                        inner: stdout,
                        copy,
                    }));
                    let mut buf = Vec::new();
                    let mut names = 0;
                    while let Some(rec) = reader.next(&mut buf) {
                        let c = reader.comment.take();
                        // the interface names travel with the record after their block
                        let n = (reader.iface_names.len() != names).then(|| {
                            names = reader.iface_names.len();
                            reader.iface_names.clone()
                        });
                        if tx.send((rec, buf.clone(), c, n)).is_err() {
                            break;
                        }
                    }
                    // an empty stream is a helper that never started: its error says why
                    if reader.position() > 0 {
                        *lock(&damage) = reader.damage().map(|d| d.message(&name));
                    }
                })
                .map_err(|e| e.to_string())?;
        }
        let worker = {
            let (analysis, status, ls, child) = (
                analysis.clone(),
                status.clone(),
                live_status.clone(),
                child.clone(),
            );
            std::thread::Builder::new()
                .name("fathom-load".into())
                .spawn(move || {
                    crate::names::warm();
                    load_live(&rx, &analysis, &status, &*wake);
                    // the stream has ended: the helper has exited (or is about to)
                    if let Some(mut c) = lock(&child).take() {
                        if let Err(e) = c.wait() {
                            lock(&ls.error).get_or_insert(format!(
                                "Could not learn how the capture helper ended: {e}"
                            ));
                        }
                    }
                    // its last counters and any error are read before the capture ends
                    if status_thread.join().is_err() {
                        lock(&ls.error).get_or_insert(
                            "The capture helper's messages stopped being read".into(),
                        );
                    }
                    *lock(&ls.stopped_at) = Some(Instant::now());
                    let mut an = analysis.write().unwrap_or_else(|p| p.into_inner());
                    if lock(&ls.error).is_none() {
                        an.warning = lock(&damage).take();
                    }
                    drop(an);
                    status.done.store(true, Ordering::Release);
                    wake();
                })
                .map_err(|e| e.to_string())?
        };
        Ok(Session {
            path: path.to_path_buf(),
            file,
            analysis,
            status,
            stats: Arc::new(crate::stats::Shared::default()),
            live: Some(Live {
                args: args.clone(),
                status: live_status,
                started_at: Instant::now(),
                child,
                stdin: Mutex::new(Some(stdin)),
            }),
            worker: Some(worker),
        })
    }

    /// A live capture that is still running.
    pub fn is_capturing(&self) -> bool {
        self.live.is_some() && self.is_loading()
    }

    /// Stops a live capture (what was captured stays).
    pub fn stop_capture(&self) {
        if let Some(l) = &self.live {
            l.stop();
        }
    }

    /// Reads the analysis. While loading, the worker steps aside between two batches, so this
    /// waits at most one batch (about a millisecond).
    pub fn read(&self) -> std::sync::RwLockReadGuard<'_, Analysis> {
        read(&self.analysis, &self.status)
    }

    /// [`Session::read`] for a view drawing a frame: `None` when the loader holds the
    /// analysis longer than `budget` (it grows a table or settles the pass), so the frame is
    /// drawn from what the view has cached instead of waiting.
    pub fn read_within(
        &self,
        budget: Duration,
    ) -> Option<std::sync::RwLockReadGuard<'_, Analysis>> {
        read_within(&self.analysis, &self.status, budget)
    }

    pub fn is_loading(&self) -> bool {
        !self.status.done.load(Ordering::Acquire)
    }

    /// Stops loading; what was read so far stays.
    pub fn cancel(&self) {
        self.status.cancel.store(true, Ordering::Relaxed);
    }

    /// Waits for the load to finish (tests and headless callers).
    pub fn wait(&mut self) {
        if let Some(w) = self.worker.take() {
            if w.join().is_err() {
                lock(&self.status.error).get_or_insert(
                    "The loading thread failed; the packets read so far stay".into(),
                );
            }
        }
    }

    pub fn progress(&self) -> f32 {
        let t = self.status.total_bytes.load(Ordering::Relaxed).max(1);
        (self.status.bytes_read.load(Ordering::Relaxed) as f64 / t as f64).min(1.0) as f32
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.stop_capture();
        self.cancel();
        self.wait();
    }
}

/// Reads a shared analysis, asking the loading worker (if any) to step aside.
pub fn read<'a>(
    analysis: &'a RwLock<Analysis>,
    status: &LoadStatus,
) -> std::sync::RwLockReadGuard<'a, Analysis> {
    waiting(status, || {
        analysis.read().unwrap_or_else(|p| p.into_inner())
    })
}

/// Runs `take` (a reader taking the lock) with the loader asked to step aside meanwhile.
fn waiting<T>(status: &LoadStatus, take: impl FnOnce() -> T) -> T {
    status.handoff.enter();
    let got = take();
    status.handoff.leave();
    got
}

/// [`read`], giving up after `budget`.
pub fn read_within<'a>(
    analysis: &'a RwLock<Analysis>,
    status: &LoadStatus,
    budget: Duration,
) -> Option<std::sync::RwLockReadGuard<'a, Analysis>> {
    let start = Instant::now();
    waiting(status, || loop {
        match analysis.try_read() {
            Ok(g) => return Some(g),
            Err(std::sync::TryLockError::Poisoned(p)) => return Some(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) if start.elapsed() >= budget => return None,
            Err(std::sync::TryLockError::WouldBlock) => {
                std::thread::sleep(Duration::from_micros(50))
            }
        }
    })
}

/// A read lock taken only when first needed and kept until dropped: a view that finds all it
/// needs in its own caches never makes the loading worker wait for it. It waits at most
/// `budget` for the lock, once per frame.
pub struct LazyRead<'a> {
    analysis: &'a RwLock<Analysis>,
    status: &'a LoadStatus,
    budget: Duration,
    guard: Option<std::sync::RwLockReadGuard<'a, Analysis>>,
    gave_up: bool,
}

impl<'a> LazyRead<'a> {
    pub fn new(
        analysis: &'a RwLock<Analysis>,
        status: &'a LoadStatus,
        budget: Duration,
    ) -> LazyRead<'a> {
        LazyRead {
            analysis,
            status,
            budget,
            guard: None,
            gave_up: false,
        }
    }

    /// The analysis, or `None` when it could not be had within the budget.
    pub fn get(&mut self) -> Option<&Analysis> {
        if self.guard.is_none() && !self.gave_up {
            self.guard = read_within(self.analysis, self.status, self.budget);
            self.gave_up = self.guard.is_none();
        }
        self.guard.as_deref()
    }

    /// Whether a read gave up (the frame should be drawn again soon).
    pub fn gave_up(&self) -> bool {
        self.gave_up
    }
}

/// Lets a waiting reader (the window) take the analysis lock before the next batch.
fn step_aside(status: &LoadStatus) {
    status.handoff.step_aside(Duration::from_millis(20));
}

/// Loads `file` into `analysis`; `tables`, when given, counts the conversation tables as
/// the frames go by.
fn load(
    file: &CaptureFile,
    analysis: &RwLock<Analysis>,
    status: &LoadStatus,
    wake: &dyn Fn(),
    mut tables: Option<&mut crate::stats::LoadTables>,
) {
    let started = Instant::now();
    let mut pass = Pass::default();
    let mut reader = match file.reader() {
        Ok(r) => r,
        Err(e) => {
            *status.error.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.to_string());
            status.done.store(true, Ordering::Release);
            wake();
            return;
        }
    };
    analysis
        .write()
        .unwrap_or_else(|p| p.into_inner())
        .reserve_for_file(file.data_len());
    let mut buf = Vec::with_capacity(65536);
    let mut last_wake = Instant::now();
    let mut finished = false;
    let mut guard = crate::memory::Guard::new();
    let mut stopped = None;
    while !finished {
        {
            let mut an = analysis.write().unwrap_or_else(|p| p.into_inner());
            for _ in 0..BATCH {
                match reader.next(&mut buf) {
                    Some(rec) => {
                        let c = reader.comment.take();
                        for k in reader.secrets.drain(..) {
                            if let Some(t) = an.reasm.tls_mut() {
                                t.sessions.add_secrets(&k);
                            }
                        }
                        if an.iface_names.len() != reader.iface_names.len() {
                            an.iface_names = reader.iface_names.clone();
                            an.time_digits = reader.time_digits();
                        }
                        pass.push(&mut an, rec, &buf, c);
                        if let Some(t) = tables.as_deref_mut() {
                            let n = an.frames.len();
                            if let Some(stored) = an.frames.get(n.wrapping_sub(1)) {
                                t.add(&an, n as u32, &stored, &buf);
                            }
                        }
                        if let Some(stop) = guard.frame() {
                            stopped = Some(status.memory_stopped(&stop, &file.name(), false));
                            finished = true;
                            break;
                        }
                    }
                    None => {
                        finished = true;
                        break;
                    }
                }
            }
        }
        status
            .bytes_read
            .store(reader.position(), Ordering::Relaxed);
        if status.cancel.load(Ordering::Relaxed) {
            break;
        }
        step_aside(status);
        if last_wake.elapsed() > Duration::from_millis(30) {
            wake();
            last_wake = Instant::now();
        }
    }
    // the pass's state is freed after the lock is let go
    {
        let mut an = analysis.write().unwrap_or_else(|p| p.into_inner());
        an.warning = stopped.or_else(|| reader.damage().map(|d| d.message(&file.name())));
        pass.finish(&mut an);
    }
    drop(pass);
    *status.elapsed.lock().unwrap_or_else(|p| p.into_inner()) = Some(started.elapsed());
    status.done.store(true, Ordering::Release);
    wake();
}

/// Reads the helper's JSON status lines; anything else it prints (a crash) becomes the error.
fn read_status(stderr: impl Read, ls: &LiveStatus, wake: &dyn Fn()) {
    use std::io::BufRead;
    let mut other = String::new();
    for line in std::io::BufReader::new(stderr).lines() {
        let Ok(line) = line else { break };
        match HelperEvent::parse(&line) {
            Some(HelperEvent::Started(_)) => ls.started.store(true, Ordering::Relaxed),
            Some(HelperEvent::Stats {
                captured,
                dropped,
                if_dropped,
            }) => {
                ls.captured.store(captured, Ordering::Relaxed);
                ls.dropped.store(dropped, Ordering::Relaxed);
                ls.if_dropped.store(if_dropped, Ordering::Relaxed);
            }
            Some(HelperEvent::Error(e)) => *lock(&ls.error) = Some(e),
            // the window always names the file (-w), so the helper never chooses one
            Some(HelperEvent::Stopped(_) | HelperEvent::File(_)) => {}
            None => {
                if other.len() < 4096 {
                    other.push_str(&line);
                    other.push('\n');
                }
            }
        }
        wake();
    }
    if !other.trim().is_empty() && lock(&ls.error).is_none() {
        *lock(&ls.error) = Some(format!(
            "The capture helper stopped unexpectedly: {}",
            other.trim()
        ));
    }
    wake();
}

/// A record the live reader queues: its bytes, its comment, and the interface names when a
/// new interface block came before it.
type Queued = (Record, Vec<u8>, Option<String>, Option<Vec<String>>);

/// The live first pass: takes packets as the reader queues them, a batch per write lock.
fn load_live(
    rx: &crossbeam_channel::Receiver<Queued>,
    analysis: &RwLock<Analysis>,
    status: &LoadStatus,
    wake: &dyn Fn(),
) {
    let started = Instant::now();
    let mut pass = Pass::default();
    let mut batch = Vec::with_capacity(BATCH);
    let mut last_wake = Instant::now();
    let mut pending_wake = false;
    let mut guard = crate::memory::Guard::new();
    // past the memory guard the packets are taken from the queue (they are in the capture's
    // file) but no longer analysed
    let mut full = false;
    loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(first) => {
                batch.push(first);
                while batch.len() < BATCH {
                    match rx.try_recv() {
                        Ok(x) => batch.push(x),
                        Err(_) => break,
                    }
                }
                let mut an = analysis.write().unwrap_or_else(|p| p.into_inner());
                for (rec, bytes, c, names) in batch.drain(..) {
                    if full {
                        continue;
                    }
                    if let Some(n) = names {
                        an.iface_names = n;
                    }
                    status
                        .bytes_read
                        .store(rec.offset + rec.caplen as u64, Ordering::Relaxed);
                    pass.push(&mut an, rec, &bytes, c);
                    if let Some(stop) = guard.frame() {
                        let name = an.iface_names.first().cloned().unwrap_or_default();
                        an.warning = Some(status.memory_stopped(&stop, &name, true));
                        full = true;
                    }
                }
                drop(an);
                pending_wake = true;
                step_aside(status);
            }
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => {}
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => break,
        }
        if pending_wake && last_wake.elapsed() > Duration::from_millis(30) {
            wake();
            last_wake = Instant::now();
            pending_wake = false;
        }
    }
    let mut an = analysis.write().unwrap_or_else(|p| p.into_inner());
    pass.finish(&mut an);
    drop(an);
    // (freed outside the lock)
    drop(pass);
    *status.elapsed.lock().unwrap_or_else(|p| p.into_inner()) = Some(started.elapsed());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The loader's pause ends when the waiting reader has the lock (woken, not at the
    /// bound), at once when nobody waits, and at the bound when a reader never gets it.
    #[test]
    fn the_loader_steps_aside_until_the_reader_has_the_lock() {
        let h = Handoff::default();
        let t = Instant::now();
        h.step_aside(Duration::from_secs(30));
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "nobody waits: no pause"
        );
        h.enter();
        let t = Instant::now();
        h.step_aside(Duration::from_millis(30));
        assert!(
            t.elapsed() >= Duration::from_millis(30),
            "a reader waits: the full bound"
        );
        let started = std::sync::Barrier::new(2);
        std::thread::scope(|s| {
            s.spawn(|| {
                started.wait();
                std::thread::sleep(Duration::from_millis(20));
                h.leave();
            });
            started.wait();
            let t = Instant::now();
            h.step_aside(Duration::from_secs(30));
            assert!(
                t.elapsed() < Duration::from_secs(5),
                "woken when the reader left"
            );
        });
        assert!(!h.is_waiting());
    }

    /// A view's read gives up after its budget while the loader holds the analysis, and
    /// gets it once the loader lets go; a lazy read tries once per frame.
    #[test]
    fn a_views_read_gives_up_after_its_budget() {
        let analysis = RwLock::new(Analysis::default());
        let status = LoadStatus::default();
        let budget = Duration::from_millis(10);
        let (held, release) = (std::sync::Barrier::new(2), std::sync::Barrier::new(2));
        std::thread::scope(|s| {
            s.spawn(|| {
                let g = analysis.write().unwrap_or_else(|p| p.into_inner());
                held.wait();
                release.wait();
                drop(g);
            });
            held.wait();
            let t = Instant::now();
            assert!(read_within(&analysis, &status, budget).is_none());
            assert!(t.elapsed() >= budget);
            let mut lazy = LazyRead::new(&analysis, &status, budget);
            assert!(lazy.get().is_none());
            assert!(lazy.gave_up());
            release.wait();
        });
        assert!(read_within(&analysis, &status, budget).is_some());
        let mut lazy = LazyRead::new(&analysis, &status, budget);
        assert!(lazy.get().is_some_and(|a| a.frames.is_empty()));
        assert!(!lazy.gave_up());
        assert!(!status.handoff.is_waiting());
    }
}
