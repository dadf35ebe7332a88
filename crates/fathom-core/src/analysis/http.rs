//! HTTP/1.x in the TCP reassembly: its `Framing` (how long a message is, as Wireshark's
//! reassembly decides it, and what a whole message does to the connection: an upgrade to
//! WebSocket or HTTP/2) and its heuristics, with request/response pairing across keep-alive
//! and pipelined connections (`exchanges.rs`). What a message looks like is in
//! `http_syntax.rs`, re-exported here.

use super::exchanges::Exchanges;
pub use super::framing::Need;
use super::framing::{self, Framing, Heuristic, Probe, Switch, Unit};
pub use super::http_syntax::*;
use super::reassembly::{Pdu, PduKind};
use super::register::{is_http_port, Ports, ProtoData};

/// Whether HTTP owns one of the stream's ports (Wireshark's port table, or Decode As).
pub fn on_http_port(p: Ports) -> bool {
    is_http_port(p.src) || is_http_port(p.dst)
}

fn framing_need(data: &ProtoData, u: &Unit, scanned: &mut usize) -> Need {
    let head_pending = data
        .get::<Exchanges>()
        .is_some_and(|x| x.head_pending(u.stream));
    need_from(u.bytes, head_pending, scanned)
}

fn framing_started(data: &mut ProtoData, u: &Unit) {
    let Some(x) = data.get_or_default::<Exchanges>() else {
        return;
    };
    x.started_on(u.stream);
    // a request cut short by the snapshot length still names its URI
    if u.cut && starts_message(u.bytes) == Some(true) && request_has_uri(u.bytes) {
        x.uri_seen(u.stream);
    }
}

/// A whole message: its method or status in the PDU, its head in the conversation's
/// exchanges; a 101 response switches the stream (to WebSocket, to HTTP/2 from the next byte
/// on, or to what the engine does not frame).
fn framing_finish(data: &mut ProtoData, pdu: &mut Pdu, u: &Unit, _: u16) -> Switch {
    let bytes = u.bytes;
    pdu.request = !bytes.starts_with(b"HTTP/");
    // the first line, read as the tree reads it
    let line = bytes
        .split(|&c| c == b'\n')
        .next()
        .map(trim_cr)
        .unwrap_or(b"");
    let mut words = line.splitn(3, |&c| c == b' ');
    let first = words.next().unwrap_or(b"");
    let mut switch = Switch::Stay;
    if pdu.request {
        pdu.set_method(first);
    } else {
        pdu.status = words
            .next()
            .and_then(|c| std::str::from_utf8(c).ok())
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        if pdu.status == 101 {
            switch = if upgrades_to_websocket(bytes) {
                Switch::Later(framing::by_name("websocket"))
            } else if upgrades_to(bytes, b"h2c") {
                framing::by_name("http2").map_or(Switch::Later(None), Switch::Now)
            } else {
                Switch::Later(None)
            };
        }
    }
    if let Some(x) = data.get_or_default::<Exchanges>() {
        pdu.set_msg(x.head(bytes, u.frame, u.stream, false, u.cut));
    }
    switch
}

/// The Info of a message whose partial reassembly found its whole head: its first line.
fn framing_abandoned(head: &[u8]) -> Option<String> {
    header_end(head)?;
    starts_message(head)?;
    let line = head.split(|&c| c == b'\n').next().unwrap_or(&[]);
    Some(format!("{} ", String::from_utf8_lossy(trim_cr(line))))
}

fn framing_done(data: &mut ProtoData) {
    if let Some(x) = data.get_or_default::<Exchanges>() {
        x.finish();
    }
}

inventory::submit! {
    Framing {
        name: "http",
        kind: PduKind::Http,
        ports: None,
        need: framing_need,
        continuation: true,
        started: Some(framing_started),
        finish: framing_finish,
        abandoned: framing_abandoned,
        done: Some(framing_done),
    }
}

/// A direction is HTTP when the other one started a message, when a message starts where
/// HTTP owns the port, or when its first line looks like a request or response anywhere.
fn claims(data: &ProtoData, p: &Probe) -> Option<bool> {
    let other_side = data
        .get::<Exchanges>()
        .is_some_and(|x| x.carries_http(p.stream));
    (other_side
        || (on_http_port(p.ports) && starts_message(p.bytes).is_some())
        || heuristic(p.bytes))
    .then_some(false)
}

inventory::submit! { Heuristic { rank: 20, framing: "http", test: claims } }

// what nothing else claims on HTTP's port is HTTP's (tried after TLS's record header)
inventory::submit! {
    Heuristic { rank: 40, framing: "http", test: |_, p| on_http_port(p.ports).then_some(false) }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_head_view_reads_start_line_and_headers_by_one_rule() {
        let b = b"GET /a/b.png HTTP/1.1\r\nHost:  example.com \r\nX: 1\r\n\tfolded\r\nhost: second\r\n\r\nbody";
        let h = HttpHead::new_checked(b).unwrap();
        assert_eq!(h.len(), b.len() - 4);
        assert_eq!(h.start_line(), b"GET /a/b.png HTTP/1.1");
        assert_eq!(h.request_line(), Some((&b"GET"[..], &b"/a/b.png"[..])));
        assert_eq!(h.status(), None);
        // the first of a repeated header, any case, its value trimmed
        assert_eq!(h.header("HOST"), Some(&b"example.com"[..]));
        assert_eq!(h.headers().count(), 3);
        let r = HttpHead::or_all(b"HTTP/1.0 404 Not Found\nContent-Type: text/html");
        assert_eq!(r.status(), Some(404));
        assert_eq!(r.request_line(), None);
        assert_eq!(r.header_text("content-type").as_deref(), Some("text/html"));
        assert!(HttpHead::new_checked(b"GET / HTTP/1.1\r\nHost: x\r\n").is_none());
        assert_eq!(
            HttpHead::or_all(b"HTTP/1.1 abc OK\r\n\r\n").status(),
            Some(0)
        );
    }
    #[test]
    fn the_heuristic_needs_a_whole_line_starting_or_ending_with_http_1() {
        assert!(heuristic(b"GET /admin HTTP/1.0\r\nHost: x\r\n\r\n"));
        assert!(heuristic(b"HTTP/1.1 200 OK\r\n"));
        assert!(heuristic(b"ious http/1.1\n"));
        // no line end yet, the bare token, or neither end
        assert!(!heuristic(b"GET /malic"));
        assert!(!heuristic(b"HTTP/1.1\r\n"));
        assert!(!heuristic(b"GET / HTTP/2\r\n"));
        assert!(!heuristic(b"\n"));
    }

    use super::*;

    #[test]
    fn the_first_token_decides_request_or_response_as_in_wireshark() {
        assert_eq!(starts_message(b"GET / HTTP/1.1\r\n"), Some(true));
        assert_eq!(
            starts_message(b"OPTIONS\nHost: x\n\n"),
            Some(true),
            "method alone"
        );
        assert_eq!(starts_message(b"CCM_POST / HTTP/1.\n"), Some(true));
        assert_eq!(starts_message(b"M-SEARCH * HTTP/1.1\r\n"), Some(true));
        assert_eq!(starts_message(b"HTTP/1.1 200 OK\r\n"), Some(false));
        assert_eq!(starts_message(b"ICY 200 OK\r\n"), Some(false));
        assert_eq!(starts_message(b"OPTIONSHTTP/1.1\n"), None);
        assert_eq!(starts_message(b"GET/ HTTP/1.1\n"), None);
        assert_eq!(
            starts_message(b"get / HTTP/1.1\n"),
            None,
            "methods are case-sensitive"
        );
        assert!(request_has_uri(b"GET / HTTP/1.1\r\n"));
        assert!(!request_has_uri(b"OPTIONS\r\nHost: x\r\n"));
        assert!(!request_has_uri(b"OPTIONS \r\n"));
        let b = b"OPTIONS\nHost: x\n\n";
        let h = parse_head(b, header_end(b).unwrap()).unwrap();
        assert_eq!((h.request, h.method.as_str()), (true, "OPTIONS"));
    }

    #[test]
    fn a_body_is_chunked_only_when_transfer_encoding_starts_with_chunked() {
        let head = |te: &str| {
            let b =
                format!("HEAD /f HTTP/1.1\r\nContent-Length: 0\r\nTransfer-Encoding: {te}\r\n\r\n");
            let hl = header_end(b.as_bytes()).unwrap();
            parse_head(b.as_bytes(), hl).unwrap().chunked
        };
        assert!(head("chunked"));
        assert!(head("\tChunked"));
        assert!(
            !head(",\tchunked,"),
            "as in suricata-verify's http-chunked.pcap"
        );
        assert!(!head("gzip, chunked"));
        // so that request is whole in its segment, with its empty body
        let b = b"HEAD /f HTTP/1.1\r\nContent-Length: 0\r\nTransfer-Encoding: , chunked,\r\n\r\n";
        assert!(matches!(need(b, false), Need::Complete(n) if n == b.len()));
    }

    #[test]
    fn a_first_line_not_yet_whole_is_waited_for_when_it_starts_printable() {
        // no line end yet: it may still become a request line
        assert_eq!(need(&[b'A'; 1000], false), Need::More);
        assert_eq!(need(b"GE", false), Need::More);
        // a whole line that is no request or status line, or a start that is not text
        assert_eq!(need(b"AAAA\r\n", false), Need::NoMessage);
        assert_eq!(need(b"\0", false), Need::NoMessage);
        assert_eq!(need(b"\r", false), Need::NoMessage);
        // bytes without a line end over many segments are searched once
        let mut scanned = 0;
        assert_eq!(need_from(&[b'x'; 100], false, &mut scanned), Need::More);
        assert_eq!(scanned, 100);
    }

    #[test]
    fn framing() {
        assert_eq!(
            need(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", false),
            Need::Complete(27)
        );
        assert_eq!(need(b"GET / HTTP/1.1\r\nHost: a\r\n", false), Need::More);
        assert_eq!(
            need(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", false),
            Need::Exactly(43)
        );
        assert_eq!(
            need(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nabXX", false),
            Need::Complete(40)
        );
        assert_eq!(need(b"HTTP/1.0 200 OK\r\n\r\nabc", false), Need::UntilFin);
        assert_eq!(
            need(b"HTTP/1.1 304 Not Modified\r\n\r\n", false),
            Need::Complete(29)
        );
        assert_eq!(
            need(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", true),
            Need::Complete(38)
        );
        assert_eq!(need(b"\x16\x03\x01", false), Need::NoMessage);
        let ch = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        assert_eq!(need(ch, false), Need::Complete(ch.len()));
        assert_eq!(need(&ch[..ch.len() - 3], false), Need::More);
    }

    #[test]
    fn chunk_overflow_is_broken_not_panic() {
        assert_eq!(chunked_end(b"10000000000000000\r\n"), Err(false));
        assert_eq!(chunked_end(b"zz\r\n"), Err(false));
    }
}
