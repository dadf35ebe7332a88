//! The egui front end. It reads the core and never the other way round.

pub mod actions;
pub mod app;
pub mod capture_dialog;
pub mod coloring;
pub mod command;
pub mod decode_as;
pub mod detail_tree;
pub mod explain_pane;
pub mod file_dialog;
pub mod filter_bar;
pub mod find_bar;
pub mod flow_graph;
pub mod follow_stream;
pub mod fonts;
pub mod graphs;
pub mod hex_view;
pub mod menu;
pub mod packet_list;
pub mod preferences;
pub mod save_dialog;
pub mod settings;
pub mod shared;
pub mod stats_window;
pub mod status_bar;
pub mod theme;
pub mod waterfall;
pub mod welcome;
pub mod worker;

pub use app::{Command, FathomApp};

/// Opens the window (on `file` if given). The renderer is glow (OpenGL, works on Mesa's
/// software GL); `FATHOM_RENDERER=wgpu` picks wgpu when built with the `wgpu` feature.
pub fn run(file: Option<std::path::PathBuf>) -> std::process::ExitCode {
    crate::capture::live::use_npcap_directory();
    let renderer = match std::env::var("FATHOM_RENDERER").as_deref() {
        #[cfg(feature = "wgpu")]
        Ok("wgpu") => eframe::Renderer::Wgpu,
        Ok("wgpu") => {
            eprintln!("fathom: this build has no wgpu renderer; using glow");
            eframe::Renderer::Glow
        }
        _ => eframe::Renderer::Glow,
    };
    let options = eframe::NativeOptions {
        renderer,
        viewport: egui::ViewportBuilder::default()
            .with_title("Fathom")
            .with_app_id("fathom")
            .with_inner_size([1200.0, 800.0])
            .with_drag_and_drop(true)
            .with_icon(
                eframe::icon_data::from_png_bytes(crate::icon::WINDOW_PNG).unwrap_or_default(),
            ),
        persist_window: true,
        ..Default::default()
    };
    let initial = file.map(|p| std::fs::canonicalize(&p).unwrap_or(p));
    let r = eframe::run_native(
        "Fathom",
        options,
        Box::new(move |cc| {
            let mut app = FathomApp::default();
            if let Some(st) = cc.storage {
                app.load_settings(|k| st.get_string(k));
            }
            Ok(Box::new(app::NativeApp { app, initial }))
        }),
    );
    match r {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fathom: could not open a window: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
