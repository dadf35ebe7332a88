//! The guided walk-through (File ▸ Open Example): the stops of one HTTP exchange in a
//! capture — the handshake, the request and its ACK, the response, keep-alive reuse and the
//! teardown — each a frame and the field to look at there. Worked out from the first pass,
//! so any capture with an HTTP exchange has a tour; a stop the capture lacks is left out.

use crate::analysis::reassembly::PduKind;
use crate::analysis::Analysis;

/// One stop: a frame, the field to show in it, and the message id of its title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stop {
    pub frame: u32,
    pub field: &'static str,
    pub title: &'static str,
}

/// How many frames of the connection a tour looks through.
const MAX_FRAMES: usize = 20_000;

/// A frame's TCP header flags (0 when it cannot be read).
fn tcp_flags(an: &Analysis, frame: u32) -> u16 {
    let Some(rec) = &an.record(frame) else {
        return 0;
    };
    let mut buf = Vec::new();
    if !an.packet(frame, &mut buf) {
        return 0;
    }
    let mut frag = crate::dissect::ip::FragTable::default();
    crate::dissect::decode(rec, frame, &buf, &mut frag)
        .tcp
        .map_or(0, |t| t.flags)
}

const FIN: u16 = 0x01;
const SYN: u16 = 0x02;
const ACK: u16 = 0x10;

/// The stops of the first TCP connection that carries an HTTP request (or, without one, the
/// first that opens with a SYN), in frame order.
pub fn tour(an: &Analysis) -> Vec<Stop> {
    let http: Vec<(u32, bool)> = an
        .reasm
        .pdus
        .iter()
        .filter(|(_, p)| p.kind == PduKind::Http)
        .map(|(f, p)| (*f, p.request))
        .collect();
    let first_request = http.iter().find(|(_, req)| *req).map(|(f, _)| *f);
    let stream = match first_request.and_then(|f| an.tcp(f)) {
        Some(t) => t.stream,
        None => match an.tcp_streams.iter().position(|st| st.first_is_syn) {
            Some(s) => s as u32,
            None => return Vec::new(),
        },
    };
    // the connection's frames (a tour reads the first few thousand) and their TCP flags,
    // read from their headers
    let mine: Vec<u32> = an
        .tcp_streams
        .get(stream as usize)
        .map(|st| st.frames.iter().copied().take(MAX_FRAMES).collect())
        .unwrap_or_default();
    let header_flags: Vec<u16> = mine.iter().map(|&f| tcp_flags(an, f)).collect();
    let flags = |f: u32| {
        mine.binary_search(&f)
            .ok()
            .and_then(|i| header_flags.get(i).copied())
            .unwrap_or(0)
    };
    let acking = |of: u32| {
        mine.iter()
            .copied()
            .find(|&f| f > of && an.tcp(f).is_some_and(|t| an.acks_frame(f, t) == of))
    };
    let mut stops = Vec::new();
    let mut stop = |frame: Option<u32>, field: &'static str, title: &'static str| {
        if let Some(frame) = frame {
            stops.push(Stop {
                frame,
                field,
                title,
            });
        }
    };
    let syn = mine
        .iter()
        .copied()
        .find(|&f| flags(f) & (SYN | ACK) == SYN);
    let syn_ack = mine
        .iter()
        .copied()
        .find(|&f| flags(f) & (SYN | ACK) == SYN | ACK);
    stop(syn, "tcp.flags", "tour-syn");
    stop(syn_ack, "tcp.ack", "tour-syn-ack");
    stop(
        syn_ack.and_then(acking).filter(|&f| flags(f) & SYN == 0),
        "tcp.analysis.acks_frame",
        "tour-handshake-ack",
    );
    let in_stream: Vec<(u32, bool)> = http
        .iter()
        .copied()
        .filter(|(f, _)| mine.binary_search(f).is_ok())
        .collect();
    let mut requests = in_stream.iter().filter(|(_, r)| *r).map(|(f, _)| *f);
    let request = requests.next();
    stop(request, "http.request.uri", "tour-request");
    stop(
        request.and_then(acking),
        "tcp.analysis.acks_frame",
        "tour-request-ack",
    );
    let response = request.and_then(|r| {
        in_stream
            .iter()
            .find(|(f, req)| !*req && *f > r)
            .map(|(f, _)| *f)
    });
    let reassembled = response.is_some_and(|r| {
        an.reasm
            .pdus
            .iter()
            .any(|(f, p)| *f == r && p.kind == PduKind::Http && !p.rest.is_empty())
    });
    stop(
        response,
        if reassembled {
            "tcp.segments"
        } else {
            "http.response.code"
        },
        if reassembled {
            "tour-response-reassembled"
        } else {
            "tour-response"
        },
    );
    stop(requests.next(), "http.prev_request_in", "tour-keep-alive");
    let mut fins = mine.iter().copied().filter(|&f| flags(f) & FIN != 0);
    let fin1 = fins.next();
    // the other side's FIN (a retransmitted FIN of the same side is not it)
    let dir = |f: u32| an.tcp(f).map(|t| t.dir());
    let fin2 = fins.find(|&f| fin1.is_some_and(|a| dir(a) != dir(f)));
    stop(fin1, "tcp.flags.fin", "tour-fin-first");
    stop(fin2, "tcp.flags.fin", "tour-fin-second");
    stop(
        fin2.and_then(acking),
        "tcp.analysis.acks_frame",
        "tour-last-ack",
    );
    stops
}

/// Every title [`tour`] can give (each must be in every language's file).
pub const TITLES: &[&str] = &[
    "tour-syn",
    "tour-syn-ack",
    "tour-handshake-ack",
    "tour-request",
    "tour-request-ack",
    "tour-response",
    "tour-response-reassembled",
    "tour-keep-alive",
    "tour-fin-first",
    "tour-fin-second",
    "tour-last-ack",
];
