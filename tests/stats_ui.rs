//! The statistics windows, clicked through with egui_kittest over the real app state: each
//! opens from its menu, shows its table or plot, and a click on a row or point selects its
//! packet; a row's context menu applies its filter; Export Objects saves and previews.

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use fathom::ui::command::StatKind;
use fathom::ui::{Command, FathomApp};
use std::path::PathBuf;

fn capture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/captures")
        .join(name)
}

fn harness_with(path: PathBuf) -> Harness<'static, FathomApp> {
    let app = FathomApp::headless();
    app.push(Command::Open(path));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_ui_state(|ui, app: &mut FathomApp| app.ui(ui), app);
    h.run_steps(4);
    h
}

/// Clicks through a menu path. A name can be on other widgets too ("HTTP" is a filter button
/// and a protocol in the list): each item is the one nearest to the item clicked before it.
fn menu(h: &mut Harness<'static, FathomApp>, path: &[&str]) {
    let mut at = egui::pos2(0.0, 0.0);
    for item in path {
        let node = h
            .get_all_by_label(item)
            .min_by(|a, b| {
                let (da, db) = (
                    a.rect().center().distance(at),
                    b.rect().center().distance(at),
                );
                da.total_cmp(&db)
            })
            .unwrap_or_else(|| panic!("no menu item {item}"));
        at = node.rect().center();
        node.click();
        h.run_steps(3);
    }
}

#[test]
fn conversations_open_from_the_menu_and_a_row_applies_its_filter() {
    let mut h = harness_with(capture("http-browse.pcap"));
    menu(&mut h, &["Statistics", "Conversations"]);
    h.run_steps(4);
    let w = &h.state().stats[0];
    assert_eq!(w.kind, StatKind::Conversations);
    // the TCP tab: two connections, the second on port 40002
    h.get_by_label("TCP · 2");
    h.get_by_label("40002");
    // a click on the row selects the conversation's first packet
    h.get_by_label("40002").click();
    h.run_steps(4);
    assert_eq!(h.state().shared.selected, Some(16));
    // its context menu applies the stream's filter
    h.get_by_label("40002").click_secondary();
    h.run_steps(3);
    h.get_by_label("Apply as Filter").click();
    h.run_steps(8);
    assert_eq!(
        h.state().shared.display.filter.as_deref(),
        Some("tcp.stream eq 1")
    );
    // the IPv4 tab, sorted by a column
    h.get_by_label("IPv4 · 1").click();
    h.run_steps(3);
    h.get_by_label_contains("Packets A → B").click();
    h.run_steps(3);
    assert!(h.state().stats[0].sort.is_some());
}

#[test]
fn endpoints_hierarchy_and_http_trees_show_their_rows() {
    let mut h = harness_with(capture("http-browse.pcap"));
    menu(&mut h, &["Statistics", "Endpoints"]);
    h.run_steps(3);
    let ep = h.state().stats[0]
        .grid()
        .expect("the endpoints are computed");
    let first: Vec<&str> = ep.rows[0].cells[..3]
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(first, ["10.0.0.1", "40001", "18"]);
    menu(&mut h, &["Statistics", "Protocol Hierarchy"]);
    h.run_steps(4);
    let phs = h
        .state()
        .stats
        .iter()
        .find(|w| w.kind == StatKind::Hierarchy)
        .and_then(|w| w.grid())
        .expect("the hierarchy is computed");
    let names: Vec<&str> = phs.rows.iter().map(|r| r.cells[0].text.as_str()).collect();
    assert_eq!(&names[..4], ["eth", "ip", "tcp", "http"]);
    menu(&mut h, &["Statistics", "HTTP", "Packet Counter"]);
    h.run_steps(4);
    h.get_by_label("404 Not Found");
    h.get_by_label("302 Found");
    let tree = h
        .state()
        .stats
        .iter()
        .find(|w| w.kind == StatKind::HttpCounter)
        .and_then(|w| w.grid())
        .unwrap();
    assert_eq!(
        tree.rows[0].cells[1].text, "10",
        "5 requests and 5 responses"
    );
}

#[test]
fn expert_information_groups_items_and_a_packet_row_selects_it() {
    let mut h = harness_with(capture("fast-retrans.pcap"));
    menu(&mut h, &["Analyze", "Expert Information"]);
    h.run_steps(4);
    let g = h.state().stats[0].grid().expect("computed").clone();
    assert_eq!(g.rows[0].depth, 0, "a severity first");
    // packets are folded under their summary until it is opened
    let summary = g.rows.iter().position(|r| r.depth == 1).unwrap();
    // (the packet rows are made when shown: the first is the first index past the rows)
    assert!(g.has_children(summary));
    let first_packet = g.row(g.rows.len()).frame.unwrap();
    assert_eq!(g.row(g.rows.len()).depth, 2);
    assert_eq!(Some(first_packet), g.rows[summary].frame);
    assert!(h.state().stats[0].collapsed.contains(&summary));
    let before = h.state().stats[0].visible_rows().len();
    h.state_mut().stats[0].collapsed.remove(&summary);
    h.run_steps(3);
    assert!(h.state().stats[0].visible_rows().len() > before);
    h.get_by_label(&format!("Frame {first_packet}")).click();
    h.run_steps(4);
    assert_eq!(h.state().shared.selected, Some(first_packet));
}

#[test]
fn the_status_bar_expert_indicator_opens_expert_information() {
    let mut h = harness_with(capture("fast-retrans.pcap"));
    h.get_by_label_contains("Expert: ").click();
    h.run_steps(4);
    let w = h.state().stats.first().expect("a statistics window opened");
    assert_eq!(w.kind, StatKind::Expert);
    assert!(w.grid().is_some_and(|g| !g.rows.is_empty()));
}

#[test]
fn export_objects_previews_text_and_saves_every_object() {
    let dir = std::env::temp_dir().join(format!("fathom-eo-ui-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok(); // (nothing there is fine)
    std::fs::create_dir_all(&dir).unwrap();
    let mut h = harness_with(capture("http-browse.pcap"));
    h.state_mut().export_dir = Some(dir.clone());
    menu(&mut h, &["File", "Export Objects", "HTTP…"]);
    h.run_steps(4);
    h.get_by_label("about").click();
    h.run_steps(4);
    h.get_by_label_contains("about us");
    h.get_by_label("Save All…").click();
    h.run_steps(4);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["%2f", "about", "today%3fx=1"]);
    assert_eq!(std::fs::read(dir.join("about")).unwrap(), b"about us");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn io_graph_counts_per_interval_and_a_click_selects_a_packet() {
    let mut h = harness_with(capture("http-browse.pcap"));
    menu(&mut h, &["Statistics", "I/O Graph"]);
    h.run_steps(4);
    let g = h.state().io_graph.as_ref().expect("the I/O graph is open");
    let all = g.series(0);
    // one point a second over 130.5 s: 131 intervals, 25 packets in all
    assert_eq!(all.len(), 131);
    assert_eq!(all.iter().map(|p| p[1]).sum::<f64>(), 25.0);
    assert_eq!(all[0], [0.0, 6.0]);
    assert_eq!(all[10], [10.0, 3.0]);
    // 10 s intervals
    h.get_by_label("10 s").click();
    h.run_steps(4);
    let g = h.state().io_graph.as_ref().unwrap();
    assert_eq!(g.series(0)[1], [10.0, 3.0]);
    // the CSV has a header and one row per interval
    assert_eq!(g.csv().lines().count(), 1 + 14);
    // a click on the plot selects the first packet of that time
    let title = h.get_by_label("I/O Graph").rect();
    let at = egui::pos2(title.center().x, title.top() + 160.0);
    h.hover_at(at);
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.run_steps(1);
    }
    h.run_steps(4);
    assert!(h.state().shared.selected.is_some(), "a packet is selected");
}

#[test]
fn tcp_stream_graph_follows_the_data_and_switches_direction() {
    let mut h = harness_with(capture("big-plain.pcap"));
    // an ACK from the client: the graph still shows the server's data
    h.state_mut().push(Command::Select(3));
    h.run_steps(3);
    menu(&mut h, &["Statistics", "TCP Stream Graphs", "tcptrace"]);
    h.run_steps(4);
    let g = h.state().tcp_graph.as_ref().expect("the graph is open");
    assert_eq!(g.stream, 0);
    let segs = g.segments.as_ref().expect("segments read");
    let data_dir = g.dir;
    assert!(segs.iter().any(|s| s.dir == data_dir && s.len > 1000));
    h.get_by_label("⇄ Switch Direction").click();
    h.run_steps(3);
    assert_ne!(h.state().tcp_graph.as_ref().unwrap().dir, data_dir);
    h.get_by_label("Stevens").click();
    h.run_steps(3);
    h.get_by_label("Window Scaling").click();
    h.run_steps(3);
}

#[test]
fn waterfall_has_a_row_per_request_and_a_click_selects_it() {
    let mut h = harness_with(capture("http-browse.pcap"));
    menu(&mut h, &["Statistics", "HTTP", "Waterfall"]);
    h.run_steps(4);
    let rows = h
        .state()
        .waterfall
        .as_ref()
        .and_then(|w| w.rows.clone())
        .expect("the waterfall is computed");
    assert_eq!(rows.len(), 5);
    // the first request opened the connection; the next ones reused it
    assert!(!rows[0].reused && rows[0].connect_start == Some(0.0));
    assert!(rows[1].reused && rows[1].connect_start.is_none());
    let about = rows.iter().find(|r| r.uri == "/about").unwrap();
    assert!(!about.reused, "a second connection");
    assert_eq!(about.status, 200);
    h.get_by_label("GET www.example.test/about — frame 19")
        .click();
    h.run_steps(4);
    assert_eq!(h.state().shared.selected, Some(19));
    // zoom in twice around the middle, then reset
    let view = |h: &egui_kittest::Harness<'_, fathom::ui::app::FathomApp>| {
        h.state().waterfall.as_ref().and_then(|w| w.view)
    };
    assert_eq!(view(&h), None);
    h.get_by_label("Zoom in").click();
    h.run_steps(2);
    h.get_by_label("Zoom in").click();
    h.run_steps(2);
    let (a, b) = view(&h).expect("zoomed");
    let whole = rows
        .iter()
        .map(|r| r.done.or(r.first_byte).unwrap_or(r.sent))
        .fold(0.0, f64::max);
    assert!(
        ((b - a) - whole / 4.0).abs() < whole * 1e-6,
        "{a}..{b} of {whole}"
    );
    h.get_by_label("Reset zoom").click();
    h.run_steps(2);
    assert_eq!(view(&h), None);
}

#[test]
fn http2_frame_types_open_from_the_http_menu() {
    // h2c by prior knowledge: no key log needed
    let mut h = harness_with(capture("tls/h2c-prior.pcap"));
    menu(&mut h, &["Statistics", "HTTP", "HTTP/2 Frame Types"]);
    h.run_steps(4);
    let tree = h
        .state()
        .stats
        .iter()
        .find(|w| w.kind == StatKind::Http2)
        .and_then(|w| w.grid())
        .expect("the HTTP/2 frame types are computed");
    let rows: Vec<(&str, &str)> = tree
        .rows
        .iter()
        .map(|r| (r.cells[0].text.as_str(), r.cells[1].text.as_str()))
        .collect();
    // the preface is no frame: 4 SETTINGS (two of them ACKs), 2 WINDOW_UPDATE, 2 HEADERS,
    // 1 DATA, as tshark counts them (`-z http2,tree`, tests/tls.rs)
    assert_eq!(rows[0], ("HTTP2", "9"));
    assert!(rows.contains(&("SETTINGS", "4")), "{rows:?}");
    assert!(rows.contains(&("DATA", "1")), "{rows:?}");
    h.get_by_label("WINDOW_UPDATE");
}
