//! Work over the whole analysis, off the UI thread: a statistic, a graph's series. The result
//! comes back on a channel and the window is woken to show it; in headless runs (tests) the
//! work runs inline so its result is there on the next frame.

use crate::analysis::Analysis;
use crate::capture::file::CaptureFile;
use crate::session::Session;
use std::sync::mpsc::Receiver;

/// What a worker sends back: the result, or the error to show in its window.
pub type Pending<T> = Receiver<Result<T, String>>;

/// Runs `work` over the session's file and analysis on a thread named `name`. Fails only when
/// no thread can be started (the message says so).
pub fn spawn<T: Send + 'static>(
    s: &Session,
    headless: bool,
    ctx: &egui::Context,
    name: &str,
    work: impl FnOnce(&CaptureFile, &Analysis) -> anyhow::Result<T> + Send + 'static,
) -> Result<Pending<T>, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let (an, file) = (s.analysis.clone(), s.file.clone());
    let c = ctx.clone();
    let job = move || {
        let result = match an.read() {
            Ok(an) => work(&file, &an).map_err(|e| e.to_string()),
            Err(_) => Err("the analysis is not available".into()),
        };
        answer(&tx, result);
        c.request_repaint();
    };
    start(name, headless, job)?;
    Ok(rx)
}

/// Hands a worker's result to the window waiting for it. A window closed meanwhile has
/// dropped its receiver: nothing waits for the result any more, and it is dropped here (that
/// is no failure to report).
pub fn answer<T>(tx: &std::sync::mpsc::Sender<T>, result: T) {
    if let Err(std::sync::mpsc::SendError(unwanted)) = tx.send(result) {
        drop(unwanted);
    }
}

/// The result of a pending job once it has arrived (clearing `pending`); a job whose thread
/// ended without answering (a panic) is an error rather than a spinner forever.
pub fn take<T>(pending: &mut Option<Pending<T>>) -> Option<Result<T, String>> {
    let r = match pending.as_ref()?.try_recv() {
        Ok(r) => r,
        Err(std::sync::mpsc::TryRecvError::Empty) => return None,
        Err(std::sync::mpsc::TryRecvError::Disconnected) => {
            Err("the work stopped without an answer".to_string())
        }
    };
    *pending = None;
    Some(r)
}

/// Runs `job` on a thread named `name`, or inline in headless runs (tests). The error says
/// why no thread could be started; the job, and the sender it holds, is then dropped, so a
/// receiver polled with [`poll`] reports that too.
pub fn start(
    name: &str,
    headless: bool,
    job: impl FnOnce() + Send + 'static,
) -> Result<(), String> {
    if headless {
        job();
        return Ok(());
    }
    std::thread::Builder::new()
        .name(name.into())
        .spawn(job)
        .map(|_| ())
        .map_err(|e| format!("could not start a worker thread: {e}"))
}

/// What a worker's channel holds now: its answer, an error when the worker ended without
/// one (it panicked or never started), or `None` while it is still working.
pub fn poll<T>(rx: &Receiver<T>) -> Option<Result<T, String>> {
    match rx.try_recv() {
        Ok(v) => Some(Ok(v)),
        Err(std::sync::mpsc::TryRecvError::Empty) => None,
        Err(std::sync::mpsc::TryRecvError::Disconnected) => {
            Some(Err("the work stopped without an answer".to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_that_ends_without_answering_is_an_error() {
        let (tx, rx) = std::sync::mpsc::channel::<u32>();
        assert_eq!(poll(&rx), None);
        start("t", true, move || drop(tx)).unwrap();
        assert!(matches!(poll(&rx), Some(Err(_))));
        let (tx, rx) = std::sync::mpsc::channel::<u32>();
        start("t", false, move || tx.send(7).unwrap()).unwrap();
        let t = std::time::Instant::now();
        let mut got = None;
        while got.is_none() && t.elapsed() < std::time::Duration::from_secs(10) {
            got = poll(&rx);
        }
        assert_eq!(got, Some(Ok(7)));
    }
}
