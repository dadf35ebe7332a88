//! The HTTP waterfall: one row per request over time, as a browser's network panel shows a
//! page load — connecting (SYN to the request, for a connection's first request), waiting
//! (the request to the response's first segment) and receiving (to its last segment), and
//! whether the request reused a connection.

use crate::analysis::http::HttpHead;
use crate::analysis::reassembly::PduKind;
use crate::analysis::Analysis;

#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub frame: u32,
    pub response_frame: Option<u32>,
    pub stream: u32,
    pub method: String,
    pub uri: String,
    pub host: String,
    pub status: u16,
    /// Seconds since the capture's first frame.
    pub connect_start: Option<f64>,
    pub sent: f64,
    pub first_byte: Option<f64>,
    pub done: Option<f64>,
    /// The request went on a connection an earlier request had used.
    pub reused: bool,
}

/// Every HTTP request with its timings, in request order.
pub fn requests(an: &Analysis) -> Vec<Request> {
    let t0 = an.frames.first().map_or(0, |r| r.ts_ns);
    let at = |frame: u32| {
        an.record(frame)
            .map(|r| (r.ts_ns - t0) as f64 / 1e9)
            .unwrap_or(0.0)
    };
    // (without the file there are no request heads to read)
    let Some(mut src) = an.message_source() else {
        return Vec::new();
    };
    // the first segment of each response (by message)
    let mut first_seg: std::collections::HashMap<u32, u32> = Default::default();
    let mut req_head: std::collections::HashMap<u32, (u32, String)> = Default::default();
    for (frame, pdu) in &an.reasm.pdus {
        if pdu.kind != PduKind::Http {
            continue;
        }
        let Some(m) = pdu.msg() else { continue };
        if pdu.request {
            if let std::collections::hash_map::Entry::Vacant(e) = req_head.entry(m) {
                let bytes = an.message_bytes(pdu, *frame, &mut src);
                let end = crate::analysis::http::header_end(&bytes).unwrap_or(bytes.len());
                let head = String::from_utf8_lossy(&bytes[..end.min(8192)]).into_owned();
                e.insert((*frame, head));
            }
        } else {
            first_seg.entry(m).or_insert(pdu.first.frame);
        }
    }
    let mut used: std::collections::HashSet<u32> = Default::default();
    let mut out = Vec::new();
    for (i, m) in an.reasm.http().msgs.iter().enumerate() {
        if m.req_frame == 0 || m.udp {
            continue;
        }
        let Some((_, head)) = req_head.get(&(i as u32)) else {
            continue;
        };
        let mut first = head.lines().next().unwrap_or("").split(' ');
        let method = first.next().unwrap_or("").to_string();
        let uri = first.next().unwrap_or("").to_string();
        let host = HttpHead::or_all(head.as_bytes())
            .header_text("Host")
            .unwrap_or_default();
        let reused = !used.insert(m.stream);
        let connect_start = (!reused)
            .then(|| connect_start(an, m.stream, &at))
            .flatten();
        let response_frame = (m.res_frame != 0).then_some(m.res_frame);
        let status = response_frame
            .and_then(|f| an.reasm.pdus_at(f).iter().find(|(_, p)| !p.request))
            .map_or(0, |(_, p)| p.status);
        out.push(Request {
            frame: m.req_frame,
            response_frame,
            stream: m.stream,
            method,
            uri,
            host,
            status,
            connect_start,
            sent: at(m.req_frame),
            first_byte: first_seg.get(&(i as u32)).map(|&f| at(f)),
            done: response_frame.map(at),
            reused,
        });
    }
    tls_requests(an, &at, &mut used, &mut out);
    http2_requests(an, &at, &mut used, &mut out);
    out.sort_by(|a, b| a.sent.total_cmp(&b.sent).then(a.frame.cmp(&b.frame)));
    out
}

/// When the connection of TCP stream `stream` began (its SYN), for its first request.
fn connect_start(an: &Analysis, stream: u32, at: &dyn Fn(u32) -> f64) -> Option<f64> {
    an.tcp_streams
        .get(stream as usize)
        .filter(|s| s.first_is_syn)
        .and_then(|s| s.frames.first())
        .map(|&f| at(f))
}

/// The HTTP/1 requests the key log opened.
fn tls_requests(
    an: &Analysis,
    at: &dyn Fn(u32) -> f64,
    used: &mut std::collections::HashSet<u32>,
    out: &mut Vec<Request>,
) {
    let store = &an.reasm.tls().store;
    let plain = |p: &&crate::analysis::tls_store::AppPdu| !p.continuation && p.h2.is_none();
    for p in store.pdus.iter().filter(plain).filter(|p| p.request) {
        let Some(bytes) = store.app_bytes(p.stream, p.dir, p.start, p.len) else {
            continue;
        };
        let end = crate::analysis::http::header_end(&bytes).unwrap_or(bytes.len());
        let head = String::from_utf8_lossy(&bytes[..end.min(8192)]);
        let mut first = head.lines().next().unwrap_or("").split(' ');
        let method = first.next().unwrap_or("").to_string();
        let uri = first.next().unwrap_or("").to_string();
        let res = an
            .reasm
            .http()
            .msg_at(p.frame)
            .filter(|m| m.req_frame == p.frame && m.res_frame != 0)
            .map(|m| m.res_frame);
        // (looked up by frame: a scan of every PDU per request would be quadratic)
        let resp = res.and_then(|f| {
            store
                .pdus_at(f)
                .iter()
                .filter(plain)
                .find(|q| !q.request && q.stream == p.stream)
        });
        let status = resp
            .and_then(|q| store.app_bytes(q.stream, q.dir, q.start, q.len.min(64)))
            .and_then(|b| {
                let l = String::from_utf8_lossy(&b).into_owned();
                l.split(' ').nth(1)?.parse().ok()
            })
            .unwrap_or(0);
        let reused = !used.insert(p.stream);
        out.push(Request {
            frame: p.frame,
            response_frame: res,
            stream: p.stream,
            method,
            uri,
            host: HttpHead::or_all(head.as_bytes())
                .header_text("Host")
                .unwrap_or_default(),
            status,
            connect_start: (!reused).then(|| connect_start(an, p.stream, at)).flatten(),
            sent: at(p.frame),
            first_byte: resp.and_then(|q| q.segs.first()).map(|&(f, _)| at(f)),
            done: res.map(at),
            reused,
        });
    }
}

/// The HTTP/2 requests (over TLS and h2c): one row per stream, its response's HEADERS as the
/// first byte and the DATA that ended its body as the end.
fn http2_requests(
    an: &Analysis,
    at: &dyn Fn(u32) -> f64,
    used: &mut std::collections::HashSet<u32>,
    out: &mut Vec<Request>,
) {
    for e in an.reasm.h2_exchanges() {
        if e.req == 0 {
            continue;
        }
        let reused = !used.insert(e.tcp_stream);
        let resp = (e.resp != 0).then_some(e.resp);
        let end = [e.bodies[1].end, e.resp].into_iter().find(|&f| f != 0);
        out.push(Request {
            frame: e.req,
            response_frame: resp,
            stream: e.tcp_stream,
            method: e.method.clone(),
            uri: e.path.clone(),
            host: e.authority.clone(),
            status: e.status,
            connect_start: (!reused)
                .then(|| connect_start(an, e.tcp_stream, at))
                .flatten(),
            sent: at(e.req),
            first_byte: resp.map(at),
            done: end.map(at),
            reused,
        });
    }
}
