//! The window with a TLS key log, clicked through with egui_kittest: open an HTTPS capture
//! (its records encrypted), name the key log in Edit ▸ Preferences ▸ Protocols, and the
//! capture is analysed again: the GET shows in the list and Follow HTTP Stream shows the
//! page. (A file of its own: the key log file is a process-wide preference.)

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use fathom::ui::{Command, FathomApp};
use std::path::PathBuf;

fn tls_file(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/captures/tls")).join(name)
}

/// Steps the window until `done` holds (at most 20 s).
fn until(
    h: &mut Harness<'static, FathomApp>,
    what: &str,
    done: impl Fn(&Harness<FathomApp>) -> bool,
) {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !done(h) {
        assert!(std::time::Instant::now() < end, "timed out waiting: {what}");
        h.run_steps(1);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run_steps(2);
}

#[test]
fn a_key_log_set_in_preferences_decrypts_the_open_capture_and_follow_shows_the_page() {
    let app = FathomApp::headless();
    app.push(Command::Open(tls_file("tls12-gcm-h1.pcap")));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(|ui, app: &mut FathomApp| app.ui(ui), app);
    until(&mut h, "the capture loads", |h| h.state().frame_count() > 0);
    // encrypted: the records are Application Data, no GET in the list
    assert!(h.get_all_by_label("Application Data").count() > 0);
    assert!(h.query_by_label("GET /index.html HTTP/1.1 ").is_none());

    // Edit ▸ Preferences… ▸ Protocols, the key log's path, then "Use This Key Log"
    h.get_by_label("Edit").click();
    h.run_steps(2);
    h.get_by_label_contains("Preferences…").click();
    h.run_steps(4);
    assert!(h.state().prefs.open, "Preferences opened");
    h.get_by_label("Protocols").click();
    h.run_steps(2);
    let keys = tls_file("tls12-gcm-h1.keys");
    let field = h.get_by_role_and_label(Role::TextInput, "TLS key log file (SSLKEYLOGFILE):");
    field.click();
    h.run_steps(1);
    h.get_by_role_and_label(Role::TextInput, "TLS key log file (SSLKEYLOGFILE):")
        .type_text(&keys.display().to_string());
    h.run_steps(2);
    h.get_by_label("Use This Key Log").click();
    h.run_steps(2);
    assert_eq!(h.state().shared.error, None, "the key log was taken");
    assert_eq!(fathom::tls::keylog::file().as_deref(), Some(keys.as_path()));

    // analysed again: the requests show, decrypted
    until(&mut h, "the GET appears", |h| {
        h.query_by_label("GET /index.html HTTP/1.1 ").is_some()
    });
    h.get_by_label("GET /index.html HTTP/1.1 ").click();
    h.run_steps(4);
    h.state_mut()
        .push(Command::Follow(fathom::ui::command::FollowKind::Http));
    h.run_steps(8);
    let text = h
        .state()
        .follow
        .as_ref()
        .expect("the Follow window is open")
        .text();
    assert!(text.contains("GET /index.html HTTP/1.1"), "{text}");
    assert!(text.contains("<h1>Hello from Fathom</h1>"), "{text}");
    assert!(text.contains("GET /big.html HTTP/1.1"), "{text}");
}
