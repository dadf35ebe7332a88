//! The egui front end. It reads the core and never the other way round.

pub fn run(file: Option<std::path::PathBuf>) -> std::process::ExitCode {
    let _ = file;
    eprintln!("fathom: the window is not built yet");
    std::process::ExitCode::FAILURE
}
