//! Loading a capture on a worker thread while readers look at what is there so far.
//!
//! The worker owns the first pass and writes into a shared [`Analysis`] in batches, holding
//! the write lock only for one batch at a time; the window takes a read lock for the few
//! rows it draws. Nothing here knows about the UI.

use crate::analysis::{Analysis, Pass};
use crate::capture::file::{CaptureFile, PacketSource};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Frames analysed per write-lock hold.
const BATCH: usize = 1024;

/// Progress and outcome of a load, shared with the worker.
#[derive(Default)]
pub struct LoadStatus {
    pub bytes_read: AtomicU64,
    pub total_bytes: AtomicU64,
    pub done: AtomicBool,
    pub cancel: AtomicBool,
    /// A reader is waiting for the analysis lock: the worker pauses between batches.
    pub reader_waiting: AtomicBool,
    pub error: Mutex<Option<String>>,
    pub elapsed: Mutex<Option<Duration>>,
}

/// An open capture: its file, the shared analysis, and the load in progress.
pub struct Session {
    pub path: PathBuf,
    pub file: Arc<CaptureFile>,
    pub analysis: Arc<RwLock<Analysis>>,
    pub status: Arc<LoadStatus>,
    worker: Option<std::thread::JoinHandle<()>>,
}

impl Session {
    /// Opens a capture and starts loading it. `wake` is called whenever there is more to show.
    pub fn open(path: &Path, wake: impl Fn() + Send + 'static) -> Result<Session, String> {
        let file = Arc::new(CaptureFile::open(path).map_err(|e| e.to_string())?);
        let analysis = Arc::new(RwLock::new(Analysis {
            pcapng: file.format == crate::capture::file::Format::Pcapng,
            source: PacketSource::new(&file).ok(),
            ..Default::default()
        }));
        let status = Arc::new(LoadStatus::default());
        let total = std::fs::metadata(&file.data_path)
            .map(|m| m.len())
            .unwrap_or(0);
        status.total_bytes.store(total, Ordering::Relaxed);
        let worker = {
            let (file, analysis, status) = (file.clone(), analysis.clone(), status.clone());
            std::thread::Builder::new()
                .name("fathom-load".into())
                .spawn(move || load(&file, &analysis, &status, &wake))
                .map_err(|e| e.to_string())?
        };
        Ok(Session {
            path: path.to_path_buf(),
            file,
            analysis,
            status,
            worker: Some(worker),
        })
    }

    /// Reads the analysis. While loading, the worker steps aside between two batches, so this
    /// waits at most one batch (about a millisecond).
    pub fn read(&self) -> std::sync::RwLockReadGuard<'_, Analysis> {
        read(&self.analysis, &self.status)
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
            let _ = w.join();
        }
    }

    pub fn progress(&self) -> f32 {
        let t = self.status.total_bytes.load(Ordering::Relaxed).max(1);
        (self.status.bytes_read.load(Ordering::Relaxed) as f64 / t as f64).min(1.0) as f32
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.cancel();
        self.wait();
    }
}

/// Reads a shared analysis, asking the loading worker (if any) to step aside.
pub fn read<'a>(
    analysis: &'a RwLock<Analysis>,
    status: &LoadStatus,
) -> std::sync::RwLockReadGuard<'a, Analysis> {
    status.reader_waiting.store(true, Ordering::Release);
    let g = analysis.read().unwrap_or_else(|p| p.into_inner());
    status.reader_waiting.store(false, Ordering::Release);
    g
}

fn load(file: &CaptureFile, analysis: &RwLock<Analysis>, status: &LoadStatus, wake: &dyn Fn()) {
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
    let mut buf = Vec::with_capacity(65536);
    let mut last_wake = Instant::now();
    let mut finished = false;
    while !finished {
        {
            let mut an = analysis.write().unwrap_or_else(|p| p.into_inner());
            for _ in 0..BATCH {
                match reader.next(&mut buf) {
                    Some(rec) => {
                        let c = reader.comment.take();
                        pass.push(&mut an, rec, &buf, c);
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
        // let a waiting reader (the window) in before the next batch
        let paused = Instant::now();
        while status.reader_waiting.load(Ordering::Acquire)
            && paused.elapsed() < Duration::from_millis(20)
        {
            std::thread::sleep(Duration::from_micros(50));
        }
        if last_wake.elapsed() > Duration::from_millis(30) {
            wake();
            last_wake = Instant::now();
        }
    }
    {
        let mut an = analysis.write().unwrap_or_else(|p| p.into_inner());
        an.warning = reader.damage().map(|d| d.message(&file.name()));
        pass.finish(&mut an);
    }
    *status.elapsed.lock().unwrap_or_else(|p| p.into_inner()) = Some(started.elapsed());
    status.done.store(true, Ordering::Release);
    wake();
}
