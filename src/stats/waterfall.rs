//! The HTTP waterfall: one row per request over time, as a browser's network panel shows a
//! page load — connecting (SYN to the request, for a connection's first request), waiting
//! (the request to the response's first segment) and receiving (to its last segment), and
//! whether the request reused a connection.

use crate::analysis::reassembly::PduKind;
use crate::analysis::Analysis;
use crate::stats::objects::header;

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
    for (i, m) in an.reasm.msgs.iter().enumerate() {
        if m.req_frame == 0 || m.udp {
            continue;
        }
        let Some((_, head)) = req_head.get(&(i as u32)) else {
            continue;
        };
        let mut first = head.lines().next().unwrap_or("").split(' ');
        let method = first.next().unwrap_or("").to_string();
        let uri = first.next().unwrap_or("").to_string();
        let host = header(head, "Host").unwrap_or("").to_string();
        let reused = !used.insert(m.stream);
        let connect_start = (!reused)
            .then(|| an.tcp_streams.get(m.stream as usize))
            .flatten()
            .filter(|s| s.first_is_syn)
            .and_then(|s| s.frames.first())
            .map(|&f| at(f));
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
    out.sort_by(|a, b| a.sent.total_cmp(&b.sent).then(a.frame.cmp(&b.frame)));
    out
}
