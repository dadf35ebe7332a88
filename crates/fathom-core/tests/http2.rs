//! HTTP/2 beyond what tshark 4.0 answers, on the recorded captures (`tests/captures/tls`):
//! each stream's request paired with its response (`http2.request_in`, `http2.response_in`,
//! `http2.time`, as later Wireshark versions name them), the bodies reassembled from their
//! DATA frames, the waterfall's rows and Export Objects, over TLS and h2c by prior
//! knowledge. The pages are the ones `scripts/record-captures.sh` serves, so their bytes are
//! known here. One test: the key log is a process-wide preference.

#[path = "../../../tests/common/mod.rs"]
mod common;

use fathom_core::analysis::{analyze_file, Analysis};
use fathom_core::capture::file::CaptureFile;
use fathom_core::dissect::Value;
use fathom_core::stats::{objects, waterfall};
use std::path::PathBuf;

fn dir() -> PathBuf {
    common::root().join("tests/captures/tls")
}

fn open(name: &str) -> Analysis {
    let keys = dir().join(format!("{name}.keys"));
    fathom_core::tls::keylog::set_file(Some(keys)).expect("key log");
    let cf = CaptureFile::open(&dir().join(format!("{name}.pcap"))).expect("capture");
    analyze_file(&cf, |_, _| true).expect("analysis")
}

/// Every value of `field` in frame `n`.
fn values(an: &Analysis, n: u32, field: &str) -> Vec<Value> {
    let rec = an.record(n).expect("record");
    let mut bytes = Vec::new();
    assert!(an.packet(n, &mut bytes));
    let d = fathom_core::dissect::dissect(&rec, n, &bytes, an);
    d.tree.values(field).into_iter().cloned().collect()
}

fn index_html() -> Vec<u8> {
    b"<html><body><h1>Hello from Fathom</h1></body></html>\n".to_vec()
}

fn big_html() -> Vec<u8> {
    let mut s = String::from("<html><body>\n");
    for i in 0..400 {
        s.push_str(&format!(
            "<p>line {i} of a page long enough to span segments</p>\n"
        ));
    }
    s.push_str("</body></html>\n");
    s.into_bytes()
}

fn rows(an: &Analysis) -> Vec<(String, String, u16, bool)> {
    waterfall::requests(an)
        .into_iter()
        .map(|r| (r.method, r.uri, r.status, r.reused))
        .collect()
}

fn objects_of(an: &Analysis) -> Vec<(String, Vec<u8>)> {
    objects::http_objects(an)
        .expect("objects")
        .into_iter()
        .map(|o| (o.filename, o.data))
        .collect()
}

#[test]
fn streams_pair_reassemble_and_export() {
    // TLS 1.3, h2: GET /index.html on stream 1, GET /big.html on stream 3 (in 3 DATA frames)
    let an = open("tls13-h2");
    let s = |m: &str, u: &str, c, r| (m.to_string(), u.to_string(), c, r);
    assert_eq!(
        rows(&an),
        vec![
            s("GET", "/index.html", 200, false),
            s("GET", "/big.html", 200, true)
        ]
    );
    for r in waterfall::requests(&an) {
        let (fb, done) = (r.first_byte.expect("first byte"), r.done.expect("done"));
        assert!(r.sent <= fb && fb <= done, "{r:?}");
        assert_eq!(r.connect_start.is_some(), !r.reused);
    }
    assert_eq!(
        objects_of(&an),
        vec![
            ("index.html".to_string(), index_html()),
            ("big.html".to_string(), big_html())
        ]
    );
    // the request's HEADERS names its response, the response's its request and the time
    let w = waterfall::requests(&an);
    let (req, resp) = (w[1].frame, w[1].response_frame.expect("response"));
    assert_eq!(
        values(&an, req, "http2.response_in"),
        vec![Value::Frame(resp)]
    );
    assert_eq!(
        values(&an, resp, "http2.request_in"),
        vec![Value::Frame(req)]
    );
    let t = values(&an, resp, "http2.time");
    let dt = an.record(resp).expect("r").ts_ns - an.record(req).expect("r").ts_ns;
    assert_eq!(t, vec![Value::RelTime(dt)]);
    // the body's last DATA holds the reassembled body, its media layer over it
    let end = objects::http_objects(&an).expect("objects")[1].frame;
    assert_eq!(
        values(&an, end, "http2.body.reassembled.length"),
        vec![Value::Uint(big_html().len() as u64, 0)]
    );
    assert_eq!(values(&an, end, "http2.body.fragment").len(), 3);

    // Explain words each frame from its fields
    let ids = |n: u32| -> Vec<&'static str> {
        fathom_core::explain::frame(&an, n)
            .iter()
            .map(|s| s.id)
            .collect()
    };
    assert!(ids(req).contains(&"http2-request"), "{:?}", ids(req));
    assert!(ids(resp).contains(&"http2-response"), "{:?}", ids(resp));
    let body = fathom_core::explain::frame(&an, end);
    let said = body
        .iter()
        .find(|s| s.id == "http2-body")
        .expect("body sentence");
    let arg = |k: &str| {
        said.args
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, a)| a.value.clone())
    };
    assert_eq!(
        arg("bytes"),
        Some(fathom_core::explain::Val::Num(big_html().len() as u64))
    );
    assert_eq!(arg("count"), Some(fathom_core::explain::Val::Num(3)));

    // three streams on one connection, the first body gzip: exported decompressed
    let an = open("tls13-h2-multi");
    let names: Vec<(String, Vec<u8>)> = objects_of(&an);
    assert!(
        names.contains(&("big.html".to_string(), big_html())),
        "{:?}",
        names.iter().map(|n| &n.0).collect::<Vec<_>>()
    );
    assert!(names.contains(&("index.html".to_string(), index_html())));
    assert_eq!(rows(&an).len(), 3);

    // a POST answered 405 before its body went: the client ends the stream with an empty
    // DATA, so the only object is the 405 page
    let an = open("tls13-h2-post");
    assert_eq!(rows(&an), vec![s("POST", "/index.html", 405, false)]);
    let o = objects_of(&an);
    assert_eq!(o.len(), 1);
    assert!(String::from_utf8_lossy(&o[0].1).contains("405 Not Allowed"));

    // h2c by prior knowledge where HTTP owns the port; none where no dissector does
    let an = open("h2c-prior");
    assert_eq!(rows(&an), vec![s("GET", "/index.html", 200, false)]);
    assert_eq!(
        objects_of(&an),
        vec![("index.html".to_string(), index_html())]
    );
    let an = open("h2c-heur");
    assert!(rows(&an).is_empty());

    // decrypted HTTP/1.1 in the waterfall: two requests on one connection, then a 404
    let an = open("tls13-h1");
    assert_eq!(
        rows(&an),
        vec![
            s("GET", "/index.html", 200, false),
            s("GET", "/big.html", 200, true)
        ]
    );
    let an = open("tls12-cbc-h1");
    assert_eq!(
        rows(&an),
        vec![
            s("GET", "/index.html", 200, false),
            s("GET", "/missing", 404, true)
        ]
    );
    for r in waterfall::requests(&an) {
        assert!(r.sent <= r.first_byte.expect("first byte"), "{r:?}");
    }
    fathom_core::tls::keylog::set_file(None).expect("no key log");
}
