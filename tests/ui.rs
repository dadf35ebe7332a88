//! The window, clicked through with egui_kittest over the real app state.

mod common;

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use fathom::ui::{Command, FathomApp};
use std::path::PathBuf;

fn demo() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/demo-http.pcap"
    ))
}

fn harness_with(path: PathBuf) -> Harness<'static, FathomApp> {
    let app = FathomApp::headless();
    app.push(Command::Open(path));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(|ui, app: &mut FathomApp| app.ui(ui), app);
    h.run_steps(4);
    h
}

#[test]
fn welcome_screen_offers_open_and_demo() {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1000.0, 700.0))
        .build_ui_state(|ui, app: &mut FathomApp| app.ui(ui), FathomApp::headless());
    h.run_steps(6);
    h.get_by_label_contains("Open a capture file");
    h.get_by_label_contains("Open the demo capture").click();
    h.run_steps(4);
    assert!(
        h.state().shared.session.is_some(),
        "the demo capture opened"
    );
    assert_eq!(h.state().frame_count(), 10);
}

#[test]
fn open_demo_select_get_and_see_http_with_hex_highlight() {
    let mut h = harness_with(demo());
    assert_eq!(h.state().frame_count(), 10);
    // the packet list shows the exchange
    h.get_by_label_contains("[SYN]");
    h.get_by_label("HTTP/1.1 200 OK  (text/html)");
    // select the GET
    h.get_by_label("GET /index.html HTTP/1.1 ").click();
    h.run_steps(6);
    assert_eq!(h.state().shared.selected, Some(4));
    // the protocol tree has the HTTP layer; selecting it highlights its bytes
    h.get_by_label("Hypertext Transfer Protocol").click();
    h.run_steps(6);
    let (a, b) = fathom::ui::hex_view::highlight(&h.state().shared).expect("a highlighted range");
    assert_eq!(
        (a, b),
        (66, 168),
        "HTTP starts after Ethernet+IP+TCP (14+20+32) and ends with the frame"
    );
    // the related-packet mark points at the response
    h.get_by_label("←");
}

#[test]
fn keyboard_moves_through_the_list() {
    let mut h = harness_with(demo());
    h.get_by_label("GET /index.html HTTP/1.1 ").click();
    h.run_steps(6);
    h.key_press(egui::Key::ArrowDown);
    h.run_steps(6);
    assert_eq!(h.state().shared.selected, Some(5));
    h.key_press(egui::Key::End);
    h.run_steps(6);
    assert_eq!(h.state().shared.selected, Some(10));
    h.key_press(egui::Key::Home);
    h.run_steps(6);
    assert_eq!(h.state().shared.selected, Some(1));
    h.key_press(egui::Key::ArrowUp);
    h.run_steps(6);
    assert_eq!(h.state().shared.selected, Some(1), "clamped at the top");
}

#[test]
fn tree_links_jump_to_the_related_frame() {
    let mut h = harness_with(demo());
    h.get_by_label("GET /index.html HTTP/1.1 ").click();
    h.run_steps(6);
    h.get_by_label("Hypertext Transfer Protocol").click();
    h.run_steps(6);
    // expand the HTTP layer with the keyboard, then follow the response link
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(6);
    h.get_by_label("→ #6").scroll_to_me();
    h.run_steps(6);
    h.get_by_label("→ #6").click();
    h.run_steps(6);
    assert_eq!(h.state().shared.selected, Some(6));
}

#[test]
fn a_file_that_is_no_capture_shows_its_error_in_the_window() {
    let p = std::env::temp_dir().join(format!("fathom-ui-bad-{}.pcap", std::process::id()));
    std::fs::write(&p, b"not a capture at all").unwrap();
    let h = harness_with(p.clone());
    assert!(h.state().shared.session.is_none());
    h.get_by_label_contains("isn't a capture file");
    std::fs::remove_file(p).unwrap();
}

#[test]
fn go_to_packet() {
    let mut h = harness_with(demo());
    h.state_mut().push(Command::GoToDialog);
    h.run_steps(6);
    h.get_by_label_contains("Packet number");
    h.state_mut().push(Command::Select(7));
    h.run_steps(6);
    assert_eq!(h.state().shared.selected, Some(7));
}

#[test]
fn display_filter_bar_checks_and_applies() {
    let mut h = harness_with(demo());
    let bar = h.get_by_role(egui::accesskit::Role::TextInput);
    bar.click();
    bar.type_text("tcp.prot == 80");
    h.run_steps(6);
    assert!(
        matches!(h.state().filter.check, Some(Err(_))),
        "an unknown field is an error"
    );
    h.get_by_label_contains("did you mean \"tcp.port\"");
    h.state_mut().push(Command::ApplyFilter("http".into()));
    h.run_steps(6);
    assert_eq!(
        h.state().shared.display.order.as_ref().map(|o| o.0.clone()),
        Some(vec![4, 6])
    );
    assert!(matches!(h.state().filter.check, Some(Ok(()))));
    h.get_by_label_contains("Displayed: 2");
    // the list shows only the two HTTP packets
    assert!(h.query_by_label_contains("[SYN]").is_none());
    h.get_by_label("GET /index.html HTTP/1.1 ");
    h.get_by_label("✕").click();
    h.run_steps(6);
    assert!(h.state().shared.display.order.is_none());
    h.get_by_label_contains("Displayed: 10");
}

#[test]
fn apply_as_filter_from_the_tree() {
    let mut h = harness_with(demo());
    h.get_by_label("GET /index.html HTTP/1.1 ").click();
    h.run_steps(6);
    // the field's filter text, as the context menu builds it
    let d = h.state().shared.detail.as_ref().unwrap();
    let tcp = d
        .dis
        .tree
        .roots
        .iter()
        .find(|n| n.abbrev() == "tcp")
        .unwrap();
    let port = tcp
        .children
        .iter()
        .find(|n| n.abbrev() == "tcp.srcport")
        .unwrap();
    let f = fathom::ui::filter_bar::field_filter(port).unwrap();
    assert!(f.starts_with("tcp.srcport == "), "{f}");
    h.state_mut().push(Command::ApplyFilter(f));
    h.run_steps(6);
    assert_eq!(
        h.state().shared.display.order.as_ref().map(|o| o.0.clone()),
        Some(vec![1, 3, 4, 7, 8, 10]),
        "the client's packets"
    );
}

#[test]
fn follow_http_stream_shows_the_request_and_the_body() {
    use fathom::ui::command::FollowKind as Kind;
    let mut h = harness_with(demo());
    h.get_by_label("GET /index.html HTTP/1.1 ").click();
    h.run_steps(4);
    h.state_mut().push(Command::Follow(Kind::Http));
    h.run_steps(8);
    let fs = h
        .state()
        .follow
        .as_ref()
        .expect("the Follow window is open");
    let text = fs.text();
    assert!(text.contains("GET /index.html HTTP/1.1"), "{text}");
    assert!(text.contains("<h1>Hello from Fathom</h1>"), "{text}");
    h.get_by_label("GET /index.html HTTP/1.1");
    h.get_by_label_contains("1 client pkts, 1 server pkts, 2 turns");
    // opening applied the stream's filter; Back restores the previous one
    assert_eq!(
        h.state().shared.display.filter.as_deref(),
        Some("tcp.stream eq 0")
    );
    h.get_by_label("Back").click();
    h.run_steps(6);
    assert!(h.state().follow.is_none());
    assert_eq!(h.state().shared.display.filter, None);
}

#[test]
fn follow_tcp_stream_links_text_to_packets() {
    use fathom::ui::command::FollowKind as Kind;
    let mut h = harness_with(demo());
    h.get_by_label("GET /index.html HTTP/1.1 ").click();
    h.run_steps(4);
    h.state_mut().push(Command::Follow(Kind::Tcp));
    h.run_steps(8);
    // a click on the response's text selects the response's packet
    h.get_by_label("HTTP/1.1 200 OK").click();
    h.run_steps(4);
    assert_eq!(h.state().shared.selected, Some(6));
}

#[test]
fn follow_shows_a_gb2312_page_as_chinese_text() {
    use fathom::ui::command::FollowKind as Kind;
    use fathom::ui::follow_stream::Form;
    let mut h = harness_with(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/captures/gb2312.pcap"
    )));
    h.get_by_label("GET /zh HTTP/1.1 ").click();
    h.run_steps(4);
    h.state_mut().push(Command::Follow(Kind::Http));
    h.run_steps(8);
    let fs = h.state_mut().follow.as_mut().unwrap();
    fs.form = Form::Utf8;
    fs.rebuild();
    h.run_steps(4);
    let text = h.state().follow.as_ref().unwrap().text();
    assert!(text.contains("你好，世界！三次握手"), "{text}");
    // drawn as glyphs: the harness fails on a missing glyph
    h.get_by_label_contains("你好");
}

#[test]
fn flow_graph_draws_the_handshake_and_a_click_selects_the_get() {
    let mut h = harness_with(demo());
    h.state_mut().push(Command::FlowGraph(None));
    h.run_steps(6);
    let flow = h
        .state()
        .flow_graph
        .as_ref()
        .and_then(|f| f.flow.as_ref())
        .expect("the flow graph is built");
    assert_eq!(flow.nodes.len(), 2);
    let first: Vec<&str> = flow.items[..3].iter().map(|i| i.label.as_str()).collect();
    assert_eq!(first, ["SYN", "SYN, ACK", "ACK"]);
    // the lifelines' states change with the handshake
    assert_eq!(flow.items[0].states, [(0, "SYN_SENT")]);
    assert_eq!(flow.items[1].states, [(1, "SYN_RCVD")]);
    assert_eq!(
        flow.items[2].states,
        [(0, "ESTABLISHED"), (1, "ESTABLISHED")]
    );
    // the arrows are there, in order, named by frame and flags
    h.get_by_label("Frame 1: SYN");
    h.get_by_label("Frame 2: SYN, ACK");
    h.get_by_label("Frame 3: ACK");
    // the three exports are offered
    h.get_by_label("Save as PNG…");
    h.get_by_label("Save as SVG…");
    h.get_by_label("Save as text…");
    // a click on the GET's arrow selects frame 4 in the packet list
    h.get_by_label_contains("Frame 4: PSH, ACK - Len:").click();
    h.run_steps(6);
    assert_eq!(h.state().shared.selected, Some(4));
    // Limit to display filter: with `http` applied only the GET and the response remain
    h.state_mut().push(Command::ApplyFilter("http".into()));
    h.run_steps(10);
    h.get_by_label("Limit to display filter").click();
    h.run_steps(6);
    assert!(
        h.query_by_label("Frame 1: SYN").is_none(),
        "the SYN is filtered out"
    );
    h.get_by_label_contains("Frame 4: PSH, ACK");
    h.get_by_label_contains("Frame 6: PSH, ACK");
}

#[test]
fn flow_graph_type_all_labels_arrows_with_info() {
    let mut h = harness_with(demo());
    h.state_mut().push(Command::FlowGraph(None));
    h.run_steps(6);
    h.get_by_label("Frame 3: ACK");
    h.get_by_label("All").click();
    h.run_steps(6);
    assert!(h.state().flow_graph.as_ref().is_some_and(|f| f.any));
    h.get_by_label_contains("Frame 4: GET /index.html HTTP/1.1");
    h.get_by_label_contains("Frame 6: HTTP/1.1 200 OK");
    assert!(h.query_by_label("Frame 3: ACK").is_none());
    // the client's column moves right of the server's
    h.get_by_label("Move 10.99.0.2 right").click();
    h.run_steps(4);
    assert_eq!(h.state().flow_graph.as_ref().unwrap().slot, [1, 0]);
    assert!(h.query_by_label("Move 10.99.0.2 right").is_none());
    h.get_by_label("Move 10.99.0.2 left");
}

/// Runs frames until `done` holds (the capture's threads work in real time).
fn run_until(h: &mut Harness<'static, FathomApp>, what: &str, done: impl Fn(&FathomApp) -> bool) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !done(h.state()) {
        assert!(
            std::time::Instant::now() < until,
            "timed out waiting: {what}"
        );
        h.run_steps(1);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run_steps(2);
}

#[test]
fn capture_starts_and_stops_from_the_window_and_asks_before_dropping_packets() {
    if !common::is_root() {
        eprintln!("skipped: capturing needs root (CI runs this as root)");
        return;
    }
    let port = common::http_server("hi\n");
    let mut app = FathomApp::headless();
    app.capture.helper = common::capture_helper();
    app.capture.choices.interfaces = vec!["lo".into()];
    app.capture.choices.filter = format!("tcp port {port}");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(|ui, app: &mut FathomApp| app.ui(ui), app);
    h.run_steps(4);
    // the welcome screen lists loopback (listed on a worker thread); Start capturing begins
    run_until(&mut h, "the interface list", |a| {
        a.capture.interfaces.is_some()
    });
    h.get_by_label("lo");
    h.get_by_label_contains("Start capturing").click();
    run_until(&mut h, "the helper to start", |a| {
        a.shared
            .session
            .as_ref()
            .and_then(|s| s.live.as_ref())
            .is_some_and(|l| l.status.started.load(std::sync::atomic::Ordering::Relaxed))
    });
    assert!(h.state().shared.session.as_ref().unwrap().is_capturing());
    for _ in 0..3 {
        common::curl(port);
    }
    // the packets appear while capturing, dissected and analysed
    run_until(&mut h, "the three GETs", |a| {
        let f = fathom::filter::Filter::compile("http.request").unwrap();
        a.shared.session.as_ref().is_some_and(|s| {
            let an = s.read();
            fathom::filter::apply_range(&f, &an, 1, an.frames.len() as u32).len() == 3
        })
    });
    assert!(
        h.state().list.follow_tail,
        "the list follows the newest packet"
    );
    h.get_by_label("GET / HTTP/1.1 ");
    h.get_by_label_contains("Capturing");
    // display filter, Follow HTTP Stream and the flow graph work during the capture
    h.state_mut()
        .push(Command::ApplyFilter("http.request".into()));
    h.run_steps(3);
    assert_eq!(
        h.state().shared.display.filtered.as_ref().map(|f| f.len()),
        Some(3)
    );
    h.get_all_by_label("GET / HTTP/1.1 ")
        .next()
        .unwrap()
        .click();
    h.run_steps(3);
    assert!(
        !h.state().list.follow_tail,
        "selecting a row stops following"
    );
    h.state_mut()
        .push(Command::Follow(fathom::ui::command::FollowKind::Http));
    h.run_steps(4);
    let text = h.state().follow.as_ref().expect("Follow opened").text();
    assert!(
        text.contains("GET / HTTP/1.1") && text.contains("hi\n"),
        "{text}"
    );
    h.state_mut().push(Command::CloseFollow(false));
    h.state_mut().push(Command::FlowGraph(None));
    run_until(&mut h, "the flow graph", |a| {
        a.flow_graph.as_ref().is_some_and(|f| f.flow.is_some())
    });
    let flow = h
        .state()
        .flow_graph
        .as_ref()
        .unwrap()
        .flow
        .as_ref()
        .unwrap();
    assert!(flow.items.iter().filter(|i| i.label == "SYN").count() == 3);
    h.state_mut().flow_graph = None;
    h.state_mut().push(Command::ClearFilter);
    h.run_steps(2);
    // Stop: the capture ends with every packet the helper wrote
    h.get_by_label("■ Stop");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E); // Ctrl+E stops
    run_until(&mut h, "the capture to stop", |a| {
        a.shared.session.as_ref().is_some_and(|s| !s.is_capturing())
    });
    let s = h.state().shared.session.as_ref().unwrap();
    let captured = s
        .live
        .as_ref()
        .unwrap()
        .status
        .captured
        .load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(h.state().frame_count() as u64, captured, "nothing lost");
    let temp = s.path.clone();
    assert!(temp.is_file(), "the capture is in its own file");
    h.get_by_label("Capture stopped"); // the status bar
                                       // Ctrl+E again would start a new capture: it asks first, and Cancel keeps this one
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run_steps(3);
    h.get_by_label_contains("before starting a new capture");
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert!(h
        .state()
        .shared
        .session
        .as_ref()
        .is_some_and(|s| !s.is_capturing()));
    // Close asks first; Cancel keeps everything
    h.get_by_label("Close").click();
    h.run_steps(3);
    h.get_by_label_contains("Do you want to save the");
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert!(h.state().shared.session.is_some());
    // Close again and Save: the packets are written, then the capture closes
    h.get_by_label("Close").click();
    h.run_steps(3);
    h.get_by_label("Save…").click();
    h.run_steps(3);
    let saved = std::env::temp_dir().join(format!("fathom-ui-capture-{}.pcap", std::process::id()));
    h.state_mut().push(Command::SaveTo(
        saved.clone(),
        fathom::capture::save::SaveFormat::Pcap,
        fathom::ui::command::PacketSet::All,
    ));
    h.run_steps(4);
    assert!(
        h.state().shared.session.is_none(),
        "the capture closed once saved"
    );
    assert!(!temp.exists(), "its temporary file went with it");
    let again = FathomApp::headless();
    again.push(Command::Open(saved.clone()));
    let mut h2 = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(|ui, app: &mut FathomApp| app.ui(ui), again);
    h2.run_steps(4);
    assert_eq!(h2.state().frame_count() as u64, captured);
    std::fs::remove_file(saved).ok(); // (nothing there is fine)
}

#[test]
fn open_without_a_system_dialog_uses_the_in_window_browser() {
    // the headless app, like a desktop without an XDG portal or zenity, has no system dialog:
    // File ▸ Open shows Fathom's own browser rather than doing nothing
    let mut app = FathomApp::headless();
    app.dialogs
        .start_in(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets"));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(|ui, app: &mut FathomApp| app.ui(ui), app);
    h.run_steps(3);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label_contains("Open…").click();
    h.run_steps(4);
    assert!(h.state().dialogs.in_window_open(), "the browser is open");
    h.get_by_label_contains("demo-http.pcap").click();
    h.run_steps(2);
    h.get_by_label("Open file").click();
    h.run_steps(6);
    assert!(!h.state().dialogs.in_window_open(), "the browser closed");
    assert_eq!(h.state().frame_count(), 10, "the chosen capture opened");
}

#[test]
fn a_click_on_bytes_expands_the_tree_down_to_their_field() {
    let mut h = harness_with(demo());
    h.get_by_label("GET /index.html HTTP/1.1 ").click();
    h.run_steps(6);
    // every layer is folded: the request line's field is not in the tree yet
    assert!(h.query_by_label("GET /index.html HTTP/1.1\\r\\n").is_none());
    // what a click on byte 70 (inside "GET /index.html") sends
    let path = {
        let d = h.state().shared.detail.as_ref().expect("the tree");
        fathom::ui::hex_view::field_at(&d.dis.tree, 0, 70).expect("a field there")
    };
    h.state_mut().push(Command::SelectField(Some(path.clone())));
    h.state_mut().push(Command::RevealField);
    h.run_steps(8);
    assert_eq!(h.state().shared.selected_field.as_ref(), Some(&path));
    // its parents opened, so it is drawn (and selected)
    assert!(h
        .query_all_by_label_contains("GET /index.html HTTP/1.1\\r\\n")
        .next()
        .is_some());
}

#[test]
fn a_filter_that_hides_the_selected_packet_clears_its_details() {
    let mut h = harness_with(demo());
    // the GET stays selected under "http"
    h.get_by_label("GET /index.html HTTP/1.1 ").click();
    h.run_steps(6);
    h.state_mut().push(Command::ApplyFilter("http".into()));
    h.run_steps(8);
    assert_eq!(h.state().shared.selected, Some(4));
    assert!(h.state().shared.detail.is_some());
    // the response's ACK is hidden by "http": no selection, no tree of a hidden packet
    h.state_mut().push(Command::ApplyFilter(String::new()));
    h.run_steps(8);
    h.state_mut().push(Command::Select(5));
    h.run_steps(6);
    assert!(h.state().shared.detail.is_some());
    h.state_mut().push(Command::ApplyFilter("http".into()));
    h.run_steps(8);
    assert_eq!(h.state().shared.selected, None);
    assert!(
        h.state().shared.detail.is_none(),
        "the details of a hidden packet are cleared"
    );
    h.get_by_label_contains("Select a packet to see its protocol tree");
}

#[test]
fn go_to_packet_goes_on_enter() {
    let mut h = harness_with(demo());
    h.state_mut().push(Command::GoToDialog);
    h.run_steps(4);
    // the number field has the keyboard as the dialog opens
    h.input_mut().events.push(egui::Event::Text("6".into()));
    h.run_steps(2);
    h.key_press(egui::Key::Enter);
    h.run_steps(6);
    assert_eq!(h.state().shared.selected, Some(6));
    assert!(h.state().goto.is_none(), "the dialog closed");
}

#[test]
fn help_lists_the_shortcuts_the_window_handles() {
    let mut h = harness_with(demo());
    h.get_by_label("Help").click();
    h.run_steps(2);
    h.get_by_label("Keyboard Shortcuts").click();
    h.run_steps(3);
    // the list comes from the table the keys are handled from
    for c in fathom::ui::actions::UiCommand::ALL {
        let s = c.spec();
        if !s.keys.is_empty() {
            let what = if s.key_help.is_empty() {
                s.label
            } else {
                s.key_help
            };
            h.get_by_label(&fathom::i18n::tr(fathom::i18n::Lang::En, what));
        }
    }
    // and a listed shortcut works: Follow HTTP Stream on the selected GET
    h.get_by_label("GET /index.html HTTP/1.1 ").click();
    h.run_steps(4);
    h.key_press_modifiers(
        egui::Modifiers {
            alt: true,
            shift: true,
            ..egui::Modifiers::COMMAND
        },
        egui::Key::H,
    );
    h.run_steps(6);
    assert!(h.state().follow.is_some(), "Follow HTTP Stream opened");
    // Ctrl+Alt+Shift+T follows the TCP stream; it is not Ctrl+T's time reference too
    h.key_press_modifiers(
        egui::Modifiers {
            alt: true,
            shift: true,
            ..egui::Modifiers::COMMAND
        },
        egui::Key::T,
    );
    h.run_steps(6);
    assert!(
        h.state().shared.time_refs.is_empty(),
        "no time reference was set"
    );
    assert_eq!(
        h.state().follow.as_ref().map(|f| f.kind),
        Some(fathom::ui::command::FollowKind::Tcp)
    );
}

#[test]
fn mark_packets_and_step_between_them() {
    let mut h = harness_with(demo());
    h.get_by_label("GET /index.html HTTP/1.1 ").click();
    h.run_steps(4);
    // Ctrl+M marks the selection; the Edit menu does the same
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::M);
    h.run_steps(4);
    assert!(h.state().shared.marked.contains(&4));
    h.get_by_label("HTTP/1.1 200 OK  (text/html)").click();
    h.run_steps(4);
    h.get_by_label("Edit").click();
    h.run_steps(2);
    h.get_by_label_contains("Mark/Unmark Packet").click();
    h.run_steps(4);
    assert_eq!(
        h.state().shared.marked.iter().copied().collect::<Vec<_>>(),
        vec![4, 6]
    );
    // next / previous mark from the first packet
    h.state_mut().push(Command::Select(1));
    h.run_steps(4);
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::N,
    );
    h.run_steps(4);
    assert_eq!(h.state().shared.selected, Some(4));
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::N,
    );
    h.run_steps(4);
    assert_eq!(h.state().shared.selected, Some(6));
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::B,
    );
    h.run_steps(4);
    assert_eq!(h.state().shared.selected, Some(4));
    // Ctrl+M again unmarks
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::M);
    h.run_steps(4);
    assert_eq!(
        h.state().shared.marked.iter().copied().collect::<Vec<_>>(),
        vec![6]
    );
}

#[test]
fn a_time_reference_restarts_the_clock_and_time_of_day_shows_the_clock() {
    let mut h = harness_with(demo());
    // frame 4 is 0.000100 s after the start, frame 6 0.000344 s
    h.get_by_label("0.000344000");
    h.get_by_label("GET /index.html HTTP/1.1 ").click();
    h.run_steps(4);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    h.run_steps(4);
    assert!(h.state().shared.time_refs.contains(&4));
    h.get_by_label("*REF*");
    // frame 6 now counts from frame 4: 0.000244 s
    h.get_by_label("0.000244000");
    assert!(h.query_by_label("0.000344000").is_none());
    // earlier frames still count from the start
    h.get_by_label("0.000035000");
    // View ▸ Time Display Format ▸ Time of day
    h.state_mut().push(Command::SetTimeFormat(
        fathom::ui::command::TimeFormat::TimeOfDay,
    ));
    h.run_steps(4);
    h.get_by_label("08:39:41.267405");
    // unset: the clock counts from the start again
    h.state_mut().push(Command::SetTimeFormat(
        fathom::ui::command::TimeFormat::SinceStart,
    ));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    h.run_steps(4);
    assert!(h.query_by_label("*REF*").is_none());
    h.get_by_label("0.000344000");
}

#[test]
fn find_packet_by_filter_string_hex_and_regex() {
    let mut h = harness_with(demo());
    h.state_mut().push(Command::Select(1));
    h.run_steps(4);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run_steps(4);
    assert!(h.state().find.open);
    // a display filter: the response
    h.get_by_label("Find:");
    h.state_mut().find.text = "http.response.code == 200".into();
    h.get_by_label("Find").click();
    h.run_steps(6);
    assert_eq!(h.state().shared.selected, Some(6));
    // a string in the bytes, from the response onward: wraps around to the GET
    h.state_mut().find.kind = fathom::find::Kind::Text;
    h.state_mut().find.target = fathom::find::Target::Bytes;
    h.state_mut().find.text = "user-agent".into();
    h.get_by_label("Find").click();
    h.run_steps(6);
    assert_eq!(
        h.state().shared.selected,
        Some(4),
        "case-insensitive, wrapped to the GET"
    );
    // hex: "HTTP/1.1 200" is only in the response
    h.state_mut().find.kind = fathom::find::Kind::Hex;
    h.state_mut().find.text = "48 54 54 50 2f 31 2e 31 20 32 30 30".into();
    h.get_by_label("Find").click();
    h.run_steps(6);
    assert_eq!(h.state().shared.selected, Some(6));
    // a regular expression in the packet details, backwards
    h.state_mut().find.kind = fathom::find::Kind::Regex;
    h.state_mut().find.target = fathom::find::Target::Details;
    h.state_mut().find.text = r"Request URI: /index\.html".into();
    h.get_by_label("Find previous").click();
    h.run_steps(6);
    assert_eq!(h.state().shared.selected, Some(4));
    // nothing matches: said, selection kept
    h.state_mut().find.kind = fathom::find::Kind::Text;
    h.state_mut().find.target = fathom::find::Target::List;
    h.state_mut().find.text = "no such thing anywhere".into();
    h.get_by_label("Find").click();
    h.run_steps(6);
    h.get_by_label("No packet matched.");
    assert_eq!(h.state().shared.selected, Some(4));
    // a bad filter is explained, not searched
    h.state_mut().find.kind = fathom::find::Kind::DisplayFilter;
    h.state_mut().find.text = "tcp.nonsense".into();
    h.get_by_label("Find").click();
    h.run_steps(4);
    assert!(h
        .state()
        .find
        .message
        .as_deref()
        .is_some_and(|m| m.contains("nonsense")));
}

#[test]
fn export_specified_packets_marked_and_a_range() {
    use fathom::ui::command::PacketSet;
    let mut h = harness_with(demo());
    for f in [4, 6] {
        h.state_mut().push(Command::Select(f));
        h.run_steps(2);
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::M);
        h.run_steps(2);
    }
    // File ▸ Export Specified Packets offers the marked packets and a range
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Export Specified Packets…").click();
    h.run_steps(3);
    h.get_by_label("Marked packets (2)");
    h.get_by_label("Range:");
    let dir = std::env::temp_dir().join(format!("fathom-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let count = |path: &std::path::Path| {
        let cf = fathom::capture::file::CaptureFile::open(path).unwrap();
        fathom::analysis::analyze_file(&cf, |_, _| true)
            .unwrap()
            .frames
            .len()
    };
    for (which, name, n) in [
        (PacketSet::Marked, "marked.pcapng", 2),
        (PacketSet::Range("1-3,9-".into()), "range.pcapng", 5),
        (PacketSet::Selected, "selected.pcapng", 1),
    ] {
        let path = dir.join(name);
        h.state_mut().push(Command::SaveTo(
            path.clone(),
            fathom::capture::save::SaveFormat::Pcapng,
            which,
        ));
        h.run_steps(4);
        assert_eq!(count(&path), n, "{name}");
    }
    // a range that is no range is refused with a message, not saved
    h.state_mut().push(Command::SaveTo(
        dir.join("bad.pcapng"),
        fathom::capture::save::SaveFormat::Pcapng,
        PacketSet::Range("5-2".into()),
    ));
    h.run_steps(4);
    assert!(!dir.join("bad.pcapng").exists());
    assert!(h
        .state()
        .shared
        .error
        .as_deref()
        .is_some_and(|e| e.contains("not a packet range")));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn follow_wraps_long_lines_in_a_narrow_window() {
    use fathom::ui::command::FollowKind as Kind;
    let app = FathomApp::headless();
    app.push(Command::Open(demo()));
    let mut h = Harness::builder()
        .with_size(egui::vec2(900.0, 700.0))
        .build_ui_state(|ui, app: &mut FathomApp| app.ui(ui), app);
    h.run_steps(4);
    h.state_mut().push(Command::Select(4));
    h.run_steps(3);
    h.state_mut().push(Command::Follow(Kind::Http));
    h.run_steps(8);
    assert!(h.state().follow.as_ref().unwrap().wrapped_rows().is_none());
    h.get_by_label("Wrap lines").click();
    h.run_steps(4);
    // the app's window shrinks, and the Follow window with it
    h.set_size(egui::vec2(380.0, 700.0));
    h.run_steps(6);
    let fs = h.state().follow.as_ref().unwrap();
    let rows = fs.wrapped_rows().expect("rows once wrapping").to_vec();
    assert!(rows.len() > fs.lines.len(), "some line was cut into rows");
    // the body's line shows as its pieces, each a row of its own
    let i = fs
        .lines
        .iter()
        .position(|l| l.text.contains("<h1>Hello from Fathom</h1>"))
        .unwrap();
    let pieces: Vec<String> = rows
        .iter()
        .filter(|r| r.0 == i)
        .map(|&(_, a, b)| fs.lines[i].text[a..b].to_string())
        .collect();
    assert!(pieces.len() >= 2, "{pieces:?}");
    for p in pieces {
        h.get_by_label(&p);
    }
}

#[test]
fn decode_as_hands_a_port_to_http_and_analyses_again() {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/captures/http-heuristic.pcap"
    ));
    let mut h = harness_with(path);
    // HTTP on 9090, a port HTTP is not registered on: the split request is plain TCP
    assert!(h.query_by_label("GET /malicious HTTP/1.1 ").is_none());
    h.get_by_label("Analyze").click();
    h.run_steps(2);
    h.get_by_label("Decode As…").click();
    h.run_steps(3);
    h.get_by_label("Add a port").click();
    h.run_steps(2);
    h.state_mut().decode_as.rows[0] = "nonsense".into();
    h.get_by_label("OK").click();
    h.run_steps(3);
    h.get_by_label_contains("is not a TCP port or range");
    h.state_mut().decode_as.rows[0] = "9090".into();
    h.get_by_label("OK").click();
    h.run_steps(8);
    assert!(!h.state().decode_as.open);
    // analysed again: the request is reassembled and dissected as HTTP, as tshark -d does
    h.get_by_label("GET /malicious HTTP/1.1 ");
    h.get_by_label_contains("[TCP segment of a reassembled PDU]");
    // the table is one setting for the process: leave it as it was
    fathom::analysis::decode_as::set(Vec::new());
}

#[test]
fn custom_columns_from_the_tree_edited_and_removed_from_their_header() {
    let mut h = harness_with(demo());
    h.get_by_label("GET /index.html HTTP/1.1 ").click();
    h.run_steps(4);
    // right-click TCP's Source Port ▸ Apply as Column
    h.get_by_label_contains("Transmission Control Protocol, Src Port")
        .click();
    h.run_steps(2);
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(3);
    h.get_by_label("Source Port: 51074").click_secondary();
    h.run_steps(3);
    h.get_by_label("Apply as Column").click();
    h.run_steps(4);
    assert_eq!(h.state().list.custom, vec!["tcp.srcport".to_string()]);
    // a header named for the field, and each row's value in it: the client's six packets
    h.get_by_label("Source Port");
    assert_eq!(h.query_all_by_label("51074").count(), 6);
    assert_eq!(h.query_all_by_label("80").count(), 4);
    // a field name is checked; an unknown one is refused
    h.state_mut()
        .push(Command::AddColumn("no.such.field".into()));
    h.run_steps(3);
    assert_eq!(h.state().list.custom.len(), 1);
    // the header's menu edits the field (here: the stream's length) and removes it
    h.get_by_label("Source Port").click_secondary();
    h.run_steps(3);
    h.get_by_label("Remove this column");
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    h.state_mut().push(Command::EditColumn(0, "tcp.len".into()));
    h.run_steps(4);
    h.get_by_label("TCP Segment Len");
    h.get_by_label("102");
    // sorting by a custom column sorts numbers as numbers
    h.get_by_label("TCP Segment Len").click();
    run_until(&mut h, "the sorted order", |a| {
        a.shared.display.order.is_some()
    });
    let order = h
        .state()
        .shared
        .display
        .order
        .as_ref()
        .map(|o| o.0.clone())
        .unwrap();
    assert_eq!(order.last(), Some(&6), "the 284-byte response sorts last");
    h.state_mut().push(Command::RemoveColumn(0));
    h.run_steps(4);
    assert!(h.state().list.custom.is_empty());
    assert!(h.query_by_label("TCP Segment Len").is_none());
}

#[test]
fn packet_comments_are_added_asked_about_and_saved_in_pcapng() {
    let mut h = harness_with(demo());
    h.get_by_label("GET /index.html HTTP/1.1 ").click();
    h.run_steps(3);
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::ALT,
        egui::Key::C,
    );
    h.run_steps(3);
    h.get_by_label("Packet 4 comment");
    h.state_mut().comment_edit.as_mut().unwrap().1 = "the request".into();
    h.get_by_label("OK").click();
    h.run_steps(4);
    // the tree shows it as Wireshark does, in the frame's layer
    h.get_by_label_contains("Frame 4: 168 bytes").click();
    h.run_steps(2);
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(3);
    h.get_by_label("Comment: the request");
    // closing now asks about the changes
    h.state_mut().push(Command::Close);
    h.run_steps(3);
    h.get_by_label("Unsaved changes");
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert!(h.state().shared.session.is_some());
    // saved as pcapng, the comment is in the file
    let path = std::env::temp_dir().join(format!("fathom-comment-{}.pcapng", std::process::id()));
    h.state_mut().push(Command::SaveTo(
        path.clone(),
        fathom::capture::save::SaveFormat::Pcapng,
        fathom::ui::command::PacketSet::All,
    ));
    h.run_steps(4);
    assert!(!h.state().save.edited, "saved");
    let cf = fathom::capture::file::CaptureFile::open(&path).unwrap();
    let an = fathom::analysis::analyze_file(&cf, |_, _| true).unwrap();
    assert_eq!(an.comments.get(&4).map(String::as_str), Some("the request"));
    assert_eq!(an.comments.len(), 1);
    // deleting it
    h.state_mut().push(Command::SetComment(4, None));
    h.run_steps(4);
    let d = h.state().shared.detail.as_ref().unwrap();
    assert!(d.dis.tree.values("frame.comment").is_empty());
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn merge_opens_both_files_packets_in_time_order() {
    let mut h = harness_with(demo());
    let other = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/captures/keepalive-2.pcap"
    ));
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Merge…");
    h.key_press(egui::Key::Escape);
    h.state_mut().push(Command::MergeWith(other));
    run_until(&mut h, "the merged file", |a| {
        a.shared
            .session
            .as_ref()
            .is_some_and(|s| s.path.to_string_lossy().contains("fathom_merged_"))
    });
    run_until(&mut h, "the load", |a| a.frame_count() == 10 + 12);
    let path = h.state().shared.session.as_ref().unwrap().path.clone();
    let an = h
        .state()
        .shared
        .session
        .as_ref()
        .unwrap()
        .read()
        .frames
        .to_vec();
    assert!(
        an.windows(2).all(|w| w[0].ts_ns <= w[1].ts_ns),
        "in time order"
    );
    drop(h);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn coloring_rules_come_before_the_defaults() {
    let mut h = harness_with(demo());
    let default_get = h.state().list.rows.get(&4).and_then(|r| r.color);
    let default_ok = h.state().list.rows.get(&6).and_then(|r| r.color);
    assert!(
        default_get.is_some() && default_get == default_ok,
        "both HTTP by default"
    );
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Coloring Rules…").click();
    h.run_steps(3);
    h.get_by_label("Add a rule").click();
    h.run_steps(2);
    let (bg, fg) = (egui::Color32::from_rgb(120, 0, 160), egui::Color32::WHITE);
    {
        let r = &mut h.state_mut().coloring_rules.draft[0];
        r.filter = "http.request.method == \"GET\"".into();
        r.bg = bg;
        r.fg = fg;
    }
    h.run_steps(2);
    h.get_by_label("OK").click();
    h.run_steps(4);
    assert_eq!(
        h.state().list.rows.get(&4).and_then(|r| r.color),
        Some((bg, fg))
    );
    assert_eq!(
        h.state().list.rows.get(&6).and_then(|r| r.color),
        default_ok,
        "the defaults still colour what no rule matches"
    );
    // kept as a setting
    let saved = h.state().settings().to_json();
    assert!(
        saved.contains(r#""filter": "http.request.method == \"GET\"""#),
        "{saved}"
    );
    let mut again = FathomApp::headless();
    again.load_settings(|_| Some(saved.clone()));
    assert_eq!(again.coloring_rules.rules, h.state().coloring_rules.rules);
}

#[test]
fn preferences_gather_the_settings_and_act_like_the_menus() {
    let mut h = harness_with(demo());
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::P,
    );
    h.run_steps(3);
    assert!(h.state().prefs.open);
    h.get_by_label("Dark").click();
    h.run_steps(3);
    assert!(h.state().shared.dark);
    h.get_by_label("Light").click();
    h.run_steps(3);
    assert!(!h.state().shared.dark);
    // Columns: the time format and a column hidden, as View does it
    h.get_by_label("Columns").click();
    h.run_steps(3);
    h.get_by_label("Time of day (UTC)").click();
    h.run_steps(3);
    assert_eq!(
        h.state().shared.time_format,
        fathom::ui::command::TimeFormat::TimeOfDay
    );
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Protocol")
        .click();
    h.run_steps(3);
    assert!(!h.state().list.visible[5]);
    // Name Resolution
    h.get_by_label("Name Resolution").click();
    h.run_steps(3);
    let before = fathom::names::port_resolution();
    h.get_by_label("Resolve transport addresses (port names)")
        .click();
    h.run_steps(3);
    assert_eq!(fathom::names::port_resolution(), !before);
    h.get_by_label("Resolve transport addresses (port names)")
        .click();
    h.run_steps(3);
    assert_eq!(fathom::names::port_resolution(), before);
    // Protocols: Decode As from here
    h.get_by_label("Protocols").click();
    h.run_steps(3);
    h.get_by_label_contains("HTTP is also decoded on");
    h.get_by_label("Decode As…").click();
    h.run_steps(3);
    assert!(h.state().decode_as.open);
}

#[test]
fn an_ignored_packet_is_left_out_of_the_analysis() {
    let mut h = harness_with(demo());
    let request_in = |h: &Harness<'static, FathomApp>| {
        h.state()
            .shared
            .detail
            .as_ref()
            .map(|d| !d.dis.tree.values("http.request_in").is_empty())
    };
    h.state_mut().push(Command::Select(6));
    h.run_steps(4);
    assert_eq!(request_in(&h), Some(true), "the response knows its request");
    // ignore the GET
    h.state_mut().push(Command::Select(4));
    h.run_steps(3);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::D);
    h.run_steps(6);
    assert!(h.state().shared.ignored.contains(&4));
    h.get_by_label("<Ignored>");
    // the response lost its request: the GET is out of the analysis
    h.state_mut().push(Command::Select(6));
    h.run_steps(4);
    assert_eq!(request_in(&h), Some(false));
    // and no filter finds the GET
    h.state_mut()
        .push(Command::ApplyFilter("http.request".into()));
    h.run_steps(6);
    assert_eq!(
        h.state().shared.display.filtered.as_ref().map(|f| f.len()),
        Some(0)
    );
    h.state_mut().push(Command::ClearFilter);
    h.run_steps(4);
    // Unignore All brings it back
    h.state_mut().push(Command::UnignoreAll);
    h.run_steps(6);
    assert!(h.query_by_label("<Ignored>").is_none());
    h.state_mut().push(Command::Select(6));
    h.run_steps(4);
    assert_eq!(request_in(&h), Some(true));
}

/// A pcap of `n` small UDP datagrams (Ethernet, IPv4), one a millisecond.
fn many_udp_pcap(n: u32) -> PathBuf {
    let mut b: Vec<u8> = Vec::new();
    for v in [0xa1b2c3d4u32, 0x0002_0004, 0, 0, 65535, 1] {
        // (magic, version 2.4, zone, sigfigs, snaplen, Ethernet: the 16-bit pairs as one)
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.truncate(4);
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&4u16.to_le_bytes());
    for v in [0u32, 0, 65535, 1] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    for i in 0..n {
        let mut p = vec![0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00];
        let payload = format!("datagram {i}");
        let udp_len = 8 + payload.len() as u16;
        let ip_len = 20 + udp_len;
        p.extend_from_slice(&[
            0x45,
            0,
            (ip_len >> 8) as u8,
            ip_len as u8,
            0,
            0,
            0,
            0,
            64,
            17,
            0,
            0,
        ]);
        p.extend_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2]);
        p.extend_from_slice(&[
            0x30,
            0x39,
            0x30,
            0x3a,
            (udp_len >> 8) as u8,
            udp_len as u8,
            0,
            0,
        ]);
        p.extend_from_slice(payload.as_bytes());
        for v in [
            1_700_000_000 + i / 1000,
            (i % 1000) * 1000,
            p.len() as u32,
            p.len() as u32,
        ] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&p);
    }
    let path = std::env::temp_dir().join(format!("fathom-ui-udp-{}-{n}.pcap", std::process::id()));
    std::fs::write(&path, b).expect("write pcap");
    path
}

#[test]
fn the_row_cache_keeps_a_screenful_however_far_one_scrolls() {
    let path = many_udp_pcap(2000);
    let mut h = harness_with(path.clone());
    h.state_mut().list.row_cache_max = 100;
    h.run_steps(4);
    assert_eq!(h.state().frame_count(), 2000);
    h.state_mut().push(Command::SelectFirst);
    h.run_steps(2);
    let mut most = 0;
    for _ in 0..60 {
        let page = h.state().list.page_rows as i64;
        h.state_mut().push(Command::Move(page));
        h.run_steps(2);
        most = most.max(h.state().list.rows.len());
    }
    let page = h.state().list.page_rows;
    assert!(page > 10, "a page holds {page} rows");
    // the cache grew past its bound and was cut back to what is on screen
    assert!(most <= 100 + 2 * page, "at most {most} rows cached");
    assert!(
        h.state().shared.selected.unwrap_or(0) > 60 * 10,
        "the list scrolled"
    );
    // the rows on screen are still there, formatted
    h.run_steps(4);
    let sel = h.state().shared.selected.expect("a selection");
    let mut keys: Vec<u32> = h.state().list.rows.keys().copied().collect();
    keys.sort();
    assert!(
        h.state().list.rows.contains_key(&sel),
        "{sel} not in {keys:?}"
    );
    let info = &h.state().list.rows[&sel].info;
    assert!(info.starts_with("12345 → 12346"), "{info}");
    std::fs::remove_file(path).ok(); // (nothing there is fine)
}

/// View ▸ Explain: the selected packet in plain words beside the tree; a frame number in a
/// sentence is a link.
#[test]
fn explain_pane_explains_the_syn_the_ack_and_the_teardown() {
    use fathom::i18n::Lang;
    let mut h = harness_with(demo());
    h.state_mut().push(Command::SetLang(Lang::En));
    h.state_mut().push(Command::Select(1));
    h.run_steps(6);
    assert!(h.state().explain.show, "the pane is on by default");
    h.get_by_label_contains("asks 10.99.0.1:80 to open a connection");
    h.get_by_label_contains("maximum segment size (MSS) of 1460 bytes");
    h.get_by_label_contains("window scaling with shift 10");
    h.get_by_label_contains("The client is now in SYN_SENT");
    // the ACK of the GET: what it confirms, and a link to the GET
    h.state_mut().push(Command::Select(5));
    h.run_steps(6);
    h.get_by_label_contains("ACK 103 confirms the 102-byte segment in");
    h.get_by_label_contains("(Seq 1 + 102 = 103)");
    h.get_by_label("#4").click();
    h.run_steps(6);
    assert_eq!(
        h.state().shared.selected,
        Some(4),
        "the link selects the GET"
    );
    h.get_by_label_contains("HTTP request: GET /index.html");
    // the teardown: FIN and ACK merged into three segments
    h.state_mut().push(Command::Select(9));
    h.run_steps(6);
    h.get_by_label_contains("so this close takes three segments instead of four");
    h.state_mut().push(Command::Select(10));
    h.run_steps(6);
    h.get_by_label_contains("TIME_WAIT");
    // hidden from View ▸ Explain
    h.state_mut().push(Command::ToggleExplain);
    h.run_steps(6);
    assert!(h.query_by_label_contains("TIME_WAIT").is_none());
}

#[test]
fn explain_pane_speaks_chinese_and_japanese() {
    use fathom::i18n::Lang;
    let mut h = harness_with(demo());
    h.state_mut().push(Command::Select(1));
    h.state_mut().push(Command::SetLang(Lang::Zh));
    h.run_steps(6);
    h.get_by_label("解释");
    h.get_by_label_contains("发出 SYN，请求与 10.99.0.1:80 建立连接");
    h.state_mut().push(Command::SetLang(Lang::Ja));
    h.run_steps(6);
    h.get_by_label("説明");
    h.get_by_label_contains("SYN を送り、10.99.0.1:80 に接続の確立を求めています");
    // the language is remembered with the settings
    let mut saved = std::collections::HashMap::new();
    h.state().save_settings(|k, v| {
        saved.insert(k.to_string(), v);
    });
    assert_eq!(saved.len(), 1, "one key: {saved:?}");
    let json = saved.values().next().cloned().unwrap_or_default();
    assert!(json.contains(r#""lang": "ja""#), "{json}");
    let mut again = FathomApp::headless();
    again.load_settings(|k| saved.get(k).cloned());
    assert_eq!(again.shared.lang, Lang::Ja);
    // settings that cannot be read are said, and the defaults used
    let mut broken = FathomApp::headless();
    broken.load_settings(|_| Some("{\"lang\": 7".into()));
    assert!(
        broken
            .shared
            .error
            .as_deref()
            .is_some_and(|e| e.contains("saved settings could not be read")),
        "{:?}",
        broken.shared.error
    );
    assert_eq!(broken.shared.lang, Lang::En);
}

/// A tree field says what it means on hover (in the Explain pane's language), and the status
/// bar shows the selected field's name, bytes and filter.
#[test]
fn tree_fields_explain_themselves() {
    use fathom::i18n::Lang;
    let mut h = harness_with(demo());
    h.ctx
        .global_style_mut(|style| style.interaction.tooltip_delay = 0.0);
    h.state_mut().push(Command::SetLang(Lang::En));
    h.state_mut().push(Command::Select(1));
    h.run_steps(6);
    let d = h.state().shared.detail.as_ref().unwrap();
    let ti = d
        .dis
        .tree
        .roots
        .iter()
        .position(|n| n.abbrev() == "tcp")
        .unwrap();
    let wi = d.dis.tree.roots[ti]
        .children
        .iter()
        .position(|n| n.abbrev() == "tcp.window_size")
        .unwrap();
    // select the calculated window and bring it into view: the status bar names it
    h.state_mut().push(Command::SelectField(Some(vec![ti, wi])));
    h.state_mut().push(Command::RevealField);
    h.run_steps(6);
    h.get_by_label("Calculated window size (tcp.window_size) · 2 bytes · tcp.window_size == 64240");
    // hovering it says what it means
    let hover = |h: &mut Harness<'static, FathomApp>| {
        for _ in 0..3 {
            h.get_by_label("[Calculated window size: 64240]").hover();
            h.step();
        }
    };
    hover(&mut h);
    h.get_by_label_contains("window field × scale factor");
    // in Japanese
    h.state_mut().push(Command::SetLang(Lang::Ja));
    h.run_steps(2);
    hover(&mut h);
    h.get_by_label_contains("ウィンドウフィールド × スケール係数");
}

/// File ▸ Open Example ▸ An HTTP page load: the demo with the walk-through; Next and Back
/// step through the exchange, selecting each packet and its field.
#[test]
fn the_guided_walk_through_steps_through_the_exchange() {
    use fathom::i18n::Lang;
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(|ui, app: &mut FathomApp| app.ui(ui), FathomApp::headless());
    h.state_mut().push(Command::SetLang(Lang::En));
    h.run_steps(2);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Open Example").click();
    h.run_steps(2);
    h.get_by_label("An HTTP page load (a guided walk-through)")
        .click();
    h.run_steps(10);
    let field = |h: &Harness<'static, FathomApp>| {
        let app = h.state();
        let d = app.shared.detail.as_ref().expect("a packet is shown");
        let p = app
            .shared
            .selected_field
            .as_ref()
            .expect("a field is selected");
        fathom::ui::detail_tree::node_at(&d.dis.tree, p)
            .map(|n| n.abbrev())
            .unwrap_or_default()
    };
    assert_eq!(h.state().shared.selected, Some(1));
    assert_eq!(field(&h), "tcp.flags");
    h.get_by_label("Step 1 of 9");
    h.get_by_label("Handshake, step 1: the client's SYN");
    h.get_by_label_contains("asks 10.99.0.1:80 to open a connection");
    h.get_by_label("Next step ▶").click();
    h.run_steps(6);
    assert_eq!(h.state().shared.selected, Some(2));
    assert_eq!(field(&h), "tcp.ack");
    for _ in 0..3 {
        h.get_by_label("Next step ▶").click();
        h.run_steps(6);
    }
    h.get_by_label("The server acknowledges the request");
    assert_eq!(h.state().shared.selected, Some(5));
    assert_eq!(field(&h), "tcp.analysis.acks_frame");
    h.get_by_label("◀ Previous step").click();
    h.run_steps(6);
    assert_eq!(h.state().shared.selected, Some(4));
    assert_eq!(field(&h), "http.request.uri");
    for _ in 0..10 {
        h.get_by_label("Next step ▶").click();
        h.run_steps(4);
    }
    h.get_by_label("Step 9 of 9");
    h.get_by_label("Teardown: the last ACK");
    assert_eq!(h.state().shared.selected, Some(10));
    h.get_by_label("End the tour").click();
    h.run_steps(4);
    assert!(h.query_by_label("Step 9 of 9").is_none());
}

/// The menus, the toolbar and the filter bar speak the chosen language: in Chinese and in
/// Japanese, opening each menu of the menu bar shows none of their English texts (a text left
/// in English fails here).
#[test]
fn the_menus_follow_the_language() {
    use fathom::i18n::{self, Lang};
    let english: Vec<String> = i18n::ids(Lang::En)
        .into_iter()
        .filter(|id| ["menu-", "tb-", "fb-"].iter().any(|p| id.starts_with(p)))
        .map(|id| i18n::tr(Lang::En, &id))
        .collect();
    assert!(english.len() > 50);
    for lang in [Lang::Zh, Lang::Ja] {
        let mut h = harness_with(demo());
        h.state_mut().push(Command::Select(4));
        h.state_mut().push(Command::SetLang(lang));
        h.run_steps(4);
        // the status bar's counts
        h.get_by_label(&i18n::tr_args(
            lang,
            "sb-packets",
            &[
                ("packets", i18n::ArgValue::Num(10)),
                ("shown", i18n::ArgValue::Num(10)),
                ("percent", i18n::ArgValue::Text("100.0".into())),
            ],
        ));
        assert!(h
            .query_by_label("Packets: 10 · Displayed: 10 (100.0%)")
            .is_none());
        for top in [
            "menu-file",
            "menu-edit",
            "menu-view",
            "menu-capture",
            "menu-analyze",
            "menu-statistics",
            "menu-help",
        ] {
            let title = i18n::tr(lang, top);
            assert_ne!(title, i18n::tr(Lang::En, top));
            h.get_by_label(&title).click();
            h.run_steps(3);
            for e in &english {
                // (texts that are the same in every language, such as "HTTP", are not English)
                if i18n::ids(lang).iter().any(|id| &i18n::tr(lang, id) == e) {
                    continue;
                }
                assert!(
                    h.query_by_label(e).is_none(),
                    "{} menu {title}: \"{e}\" is not translated",
                    lang.code()
                );
            }
            h.key_press(egui::Key::Escape);
            h.run_steps(3);
        }
    }
}

/// The welcome screen follows the language too (a learner meets it first).
#[test]
fn the_welcome_screen_follows_the_language() {
    use fathom::i18n::{self, Lang};
    let mut h = Harness::builder()
        .with_size(egui::vec2(1000.0, 700.0))
        .build_ui_state(|ui, app: &mut FathomApp| app.ui(ui), FathomApp::headless());
    h.state_mut().push(Command::SetLang(Lang::Ja));
    h.run_steps(6);
    h.get_by_label("キャプチャファイルを開く…");
    h.get_by_label("解説付きで一歩ずつたどる").click();
    h.run_steps(10);
    assert_eq!(h.state().shared.selected, Some(1), "the walk-through began");
    h.get_by_label("ハンドシェイク 1 段目：クライアントの SYN");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1000.0, 700.0))
        .build_ui_state(|ui, app: &mut FathomApp| app.ui(ui), FathomApp::headless());
    h.state_mut().push(Command::SetLang(Lang::Zh));
    h.run_steps(6);
    for id in i18n::ids(Lang::En).iter().filter(|i| i.starts_with("wl-")) {
        let en = i18n::tr(Lang::En, id);
        assert!(
            h.query_by_label(&en).is_none(),
            "\"{en}\" is not translated"
        );
    }
    h.get_by_label("看看一次 HTTP 请求在线路上做了什么。");
    // and the status bar
    h.get_by_label("可以打开抓包文件了");
}

/// Every dialog and window speaks Chinese and Japanese: opened in each language, none of
/// them shows an English message (a label that is, or holds, a message's English text while
/// the language has its own). Texts Wireshark keeps in English in every language (field
/// names, filters, the protocol tree, expert summaries, packet bytes) are data, not messages.
#[test]
fn every_dialog_and_window_follows_the_language() {
    use fathom::i18n::{self, Lang};
    use fathom::ui::command::Help;
    use fathom::ui::command::StatKind;
    use fathom::ui::command::TcpGraphKind;
    type Open = Box<dyn Fn(&mut FathomApp)>;
    let cmd = |c: fn() -> Command| -> Open { Box::new(move |a: &mut FathomApp| a.push(c())) };
    let openers: Vec<(&str, &str, Open)> = vec![
        (
            "preferences",
            "pref-title",
            cmd(|| Command::PreferencesDialog),
        ),
        (
            "capture options",
            "cap-options-title",
            cmd(|| Command::CaptureOptions),
        ),
        ("save", "save-title", cmd(|| Command::SaveDialog)),
        ("go to", "goto-title", cmd(|| Command::GoToDialog)),
        ("find", "find-label", cmd(|| Command::FindDialog)),
        ("comment", "comment-delete", cmd(|| Command::EditComment)),
        (
            "coloring rules",
            "cr-title",
            cmd(|| Command::ColoringRulesDialog),
        ),
        ("decode as", "da-title", cmd(|| Command::DecodeAsDialog)),
        (
            "follow",
            "follow-show-as",
            cmd(|| Command::Follow(fathom::ui::command::FollowKind::Http)),
        ),
        ("flow graph", "flow-type", cmd(|| Command::FlowGraph(None))),
        (
            "conversations",
            "stats-conversations",
            cmd(|| Command::Stats(StatKind::Conversations)),
        ),
        (
            "endpoints",
            "stats-endpoints",
            cmd(|| Command::Stats(StatKind::Endpoints)),
        ),
        (
            "hierarchy",
            "stats-hierarchy",
            cmd(|| Command::Stats(StatKind::Hierarchy)),
        ),
        (
            "expert",
            "stats-expert",
            cmd(|| Command::Stats(StatKind::Expert)),
        ),
        (
            "http counter",
            "stats-http-counter",
            cmd(|| Command::Stats(StatKind::HttpCounter)),
        ),
        (
            "http requests",
            "stats-http-requests",
            cmd(|| Command::Stats(StatKind::HttpRequests)),
        ),
        (
            "objects",
            "stats-objects",
            cmd(|| Command::Stats(StatKind::Objects)),
        ),
        ("io graph", "io-title", cmd(|| Command::IoGraph)),
        (
            "tcptrace",
            "tg-tcptrace",
            cmd(|| Command::TcpGraph(TcpGraphKind::Tcptrace)),
        ),
        (
            "window scaling",
            "tg-window",
            cmd(|| Command::TcpGraph(TcpGraphKind::Window)),
        ),
        ("waterfall", "wf-title", cmd(|| Command::Waterfall)),
        (
            "shortcuts",
            "help-shortcuts-title",
            Box::new(|a: &mut FathomApp| a.help = Some(Help::Shortcuts)),
        ),
        (
            "about",
            "help-about-title",
            Box::new(|a: &mut FathomApp| a.help = Some(Help::About)),
        ),
        (
            "notice",
            "notice-title",
            Box::new(|a: &mut FathomApp| a.push(Command::EditColumn(0, "no.such".into()))),
        ),
    ];
    for lang in [Lang::Zh, Lang::Ja] {
        // the English texts this language has its own words for
        let english: Vec<String> = i18n::ids(Lang::En)
            .into_iter()
            .filter(|id| !id.starts_with("field-"))
            .map(|id| (i18n::tr(Lang::En, &id), i18n::tr(lang, &id)))
            .filter(|(en, own)| {
                en != own && en.chars().filter(|c| c.is_ascii_alphabetic()).count() > 2
            })
            .map(|(en, _)| en)
            .collect();
        let is_own = |t: &str| i18n::ids(lang).iter().any(|id| i18n::tr(lang, id) == t);
        for (name, title, open) in &openers {
            let mut h = harness_with(demo());
            h.state_mut().push(Command::SetLang(lang));
            h.state_mut().push(Command::Select(4));
            h.state_mut().list.custom.push("tcp.seq".into());
            h.run_steps(4);
            open(h.state_mut());
            // it opens (and what it computes on a worker thread arrives)
            let title = i18n::tr(lang, title);
            for i in 0.. {
                h.run_steps(1);
                std::thread::sleep(std::time::Duration::from_millis(10));
                let shown = h.query_all_by_label_contains(&title).next().is_some();
                assert!(i < 300, "{} {name}: \"{title}\" never showed", lang.code());
                if shown && i > 8 {
                    break;
                }
            }
            // the Preferences pages and the statistics tabs each show their own texts
            if *name == "preferences" {
                use fathom::ui::preferences::Page;
                check_language(&h, lang, name, &english, &is_own);
                for page in [Page::Columns, Page::NameResolution, Page::Protocols] {
                    h.state_mut().prefs.page = page;
                    h.run_steps(3);
                    check_language(&h, lang, name, &english, &is_own);
                }
            }
            check_language(&h, lang, name, &english, &is_own);
        }
    }
}

fn check_language(
    h: &Harness<'static, FathomApp>,
    lang: fathom::i18n::Lang,
    what: &str,
    english: &[String],
    is_own: &dyn Fn(&str) -> bool,
) {
    let seen = std::cell::RefCell::new(Vec::new());
    for _ in h.query_all_by(|n| {
        // (a label's text is its value in AccessKit)
        if n.role() == egui::accesskit::Role::Label {
            seen.borrow_mut().extend(n.value());
        }
        seen.borrow_mut().extend(n.label());
        false
    }) {}
    let labels = seen.into_inner();
    assert!(labels.len() > 20, "{what}: the window shows");
    for l in &labels {
        for e in english {
            let hit = l == e || (e.len() >= 12 && !e.contains('{') && l.contains(e.as_str()));
            assert!(
                !hit || is_own(l),
                "{} {what}: \"{l}\" is English (\"{e}\")",
                lang.code()
            );
        }
    }
}
