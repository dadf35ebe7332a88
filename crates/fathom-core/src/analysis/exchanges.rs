//! HTTP's conversation table, as Wireshark's HTTP dissector keeps it over the first pass:
//! requests and responses paired into exchanges per conversation (keep-alive and pipelined
//! connections, HTTP over TLS, SSDP datagrams), each response with the URI it answers.

use super::http_syntax as http;
use super::per_stream::PerStream;

/// One request/response exchange, as Wireshark's HTTP dissector tracks them: a request
/// opens an entry; a response fills the newest entry if it has no response yet, or else opens
/// an entry of its own (a response whose request was not seen).
#[derive(Clone, Debug, Default)]
pub struct HttpMsg {
    pub stream: u32,
    pub number: u32,
    pub req_frame: u32,
    pub res_frame: u32,
    pub is_head: bool,
    pub prev: Option<u32>,
    pub next: Option<u32>,
    /// HTTP over UDP (SSDP): one message per datagram, no TCP PDU behind it.
    pub udp: bool,
    /// `http.response_for.uri`: the full URI (else the URI) of the newest request of the
    /// conversation before the response, or, with none before it, of the conversation's last
    /// request (Wireshark's conversation keeps the last one from its first pass). It is the
    /// URI's number among the pass's distinct URIs, plus one ([`Exchanges::response_for`]
    /// gives the text): a page's many responses name a few URIs.
    response_for: Option<std::num::NonZeroU32>,
}

/// Every conversation's exchanges, and what the second pass asks of them.
#[derive(Default)]
pub struct Exchanges {
    pub msgs: super::chunked::Chunked<HttpMsg>,
    /// Frame of a request or response -> its message index, sorted by frame (the first pass
    /// adds frames in order, and the second reads them in order: a search stays in cache
    /// where a hash table's probes would not).
    msg_of_frame: Vec<(u32, u32)>,
    /// Each conversation's newest entry in `msgs`.
    tail: PerStream<Option<u32>>,
    /// Entries per conversation (the TCP streams' read in stream order).
    request_count: PerStream<u32>,
    /// Per conversation, the full URI (else the URI) of its newest request so far (its
    /// number in `uris`, plus one).
    last_uri: PerStream<Option<std::num::NonZeroU32>>,
    /// Every distinct request URI the pass has seen, each once.
    uris: indexmap::IndexSet<Box<str>, rustc_hash::FxBuildHasher>,
    /// Streams with a request that named a URI: only there is data that is no HTTP message
    /// shown as an HTTP "Continuation" (Wireshark's test, over the whole first pass).
    uri_streams: PerStream<bool>,
    /// Streams where a direction started an HTTP message: the other direction is HTTP too.
    http_streams: PerStream<bool>,
}

impl Exchanges {
    /// A response's `http.response_for.uri` (see [`HttpMsg`]).
    pub fn response_for(&self, m: &HttpMsg) -> Option<&str> {
        let i = m.response_for?.get() as usize - 1;
        self.uris.get_index(i).map(|u| &**u)
    }

    /// Whether data on `stream` that is no HTTP message counts as an HTTP "Continuation":
    /// only where a request named a URI, as Wireshark decides over the whole first pass.
    pub fn continuation_is_http(&self, stream: u32) -> bool {
        self.uri_streams.get(stream)
    }

    /// Whether a direction of `stream` started an HTTP message.
    pub fn carries_http(&self, stream: u32) -> bool {
        self.http_streams.get(stream)
    }

    /// Notes that a direction of `stream` started an HTTP message.
    pub fn started_on(&mut self, stream: u32) {
        self.http_streams.set(stream, true);
    }

    /// Notes that a request cut short by the snapshot length named a URI on `stream`.
    pub fn uri_seen(&mut self, stream: u32) {
        self.uri_streams.set(stream, true);
    }

    /// Whether the conversation's newest entry is a HEAD request still unanswered (its
    /// response has a head and no body).
    pub fn head_pending(&self, stream: u32) -> bool {
        self.tail
            .get(stream)
            .and_then(|i| self.msgs.get(i as usize))
            .is_some_and(|m| m.is_head && m.res_frame == 0)
    }

    /// Reads a message's head into the conversation's exchanges; returns its index. `cut`:
    /// the snapshot length cut the message, and a head is read as far as it goes (tshark
    /// still pairs it).
    pub fn head(
        &mut self,
        bytes: &[u8],
        frame: u32,
        stream: u32,
        tls: bool,
        cut: bool,
    ) -> Option<u32> {
        let hl = http::header_end(bytes).or_else(|| cut.then_some(bytes.len()))?;
        let mut h = http::parse_head(bytes, hl)?;
        h.tls = tls;
        if h.request && http::request_has_uri(bytes) {
            self.uri_streams.set(stream, true);
        }
        self.push_msg(stream, frame, &h)
    }

    /// Adds a request or response to its conversation's exchanges, as Wireshark's HTTP
    /// dissector does: a request opens an entry; a response fills the newest entry if that has
    /// no response yet, or else opens one of its own. Returns the entry's index.
    /// A NOTIFY is a notification: it names a URI but opens no exchange.
    fn push_msg(&mut self, stream: u32, frame: u32, h: &http::Head) -> Option<u32> {
        if h.request {
            if let Some(u) = h.full_uri().or_else(|| h.uri.clone()) {
                let (i, _) = self.uris.insert_full(u.into_boxed_str());
                if let Some(id) = u32::try_from(i + 1)
                    .ok()
                    .and_then(std::num::NonZeroU32::new)
                {
                    self.last_uri.set(stream, Some(id));
                }
            }
            if h.method == "NOTIFY" {
                return None;
            }
        }
        let tail = self.tail.get(stream);
        let reuse = (!h.request)
            .then_some(tail)
            .flatten()
            .filter(|&t| self.msgs[t as usize].res_frame == 0);
        let idx = match reuse {
            Some(t) => t,
            None => {
                let idx = self.msgs.len() as u32;
                let c = self.count_entry(stream);
                *c += 1;
                let m = HttpMsg {
                    stream,
                    number: *c,
                    prev: tail,
                    ..Default::default()
                };
                if let Some(t) = tail {
                    self.msgs[t as usize].next = Some(idx);
                }
                self.msgs.push(m);
                self.tail.set(stream, Some(idx));
                idx
            }
        };
        let last = self.last_uri.get(stream);
        let m = &mut self.msgs[idx as usize];
        if h.request {
            m.req_frame = frame;
            m.is_head = h.method == "HEAD";
        } else {
            m.res_frame = frame;
            m.response_for = last;
        }
        match self.msg_of_frame.binary_search_by_key(&frame, |e| e.0) {
            Ok(i) => self.msg_of_frame[i].1 = idx,
            Err(i) => self.msg_of_frame.insert(i, (frame, idx)),
        }
        Some(idx)
    }

    /// An HTTP message in a UDP datagram (SSDP), in conversation `key` (kept apart from the
    /// TCP streams' numbers by the caller).
    pub fn http_datagram(&mut self, key: u32, frame: u32, bytes: &[u8]) {
        let hl = http::header_end(bytes).unwrap_or(bytes.len());
        if let Some(h) = http::parse_head(bytes, hl) {
            if let Some(idx) = self.push_msg(key, frame, &h) {
                self.msgs[idx as usize].udp = true;
            }
        }
    }

    /// How many entries (requests, and responses without one) a conversation has.
    pub fn exchanges(&self, stream: u32) -> u32 {
        self.request_count.get(stream)
    }

    fn count_entry(&mut self, stream: u32) -> &mut u32 {
        self.request_count.entry(stream)
    }

    /// The response frame of another entry (0 when that entry has no response).
    pub fn res_frame_of(&self, idx: Option<u32>) -> u32 {
        idx.and_then(|i| self.msgs.get(i as usize))
            .map(|m| m.res_frame)
            .unwrap_or(0)
    }

    /// The exchange shown in a frame (the last one that frame touched).
    pub fn msg_at(&self, frame: u32) -> Option<&HttpMsg> {
        let i = self
            .msg_of_frame
            .binary_search_by_key(&frame, |e| e.0)
            .ok()?;
        self.msg_of_frame
            .get(i)
            .and_then(|&(_, m)| self.msgs.get(m as usize))
    }

    /// The request frame of another entry (0 when that entry has no request).
    pub fn req_frame_of(&self, idx: Option<u32>) -> u32 {
        idx.and_then(|i| self.msgs.get(i as usize))
            .map(|m| m.req_frame)
            .unwrap_or(0)
    }

    /// Drops the state that only the first pass needs: a response before any request of its
    /// conversation shows the conversation's last request's URI.
    pub fn finish(&mut self) {
        self.tail = Default::default();
        let last = std::mem::take(&mut self.last_uri);
        for m in self.msgs.iter_mut() {
            if m.res_frame != 0 && m.response_for.is_none() {
                m.response_for = last.get(m.stream);
            }
        }
    }
}

impl super::reassembly::Reassembly {
    /// HTTP's exchanges (requests paired with responses).
    pub fn http(&self) -> &Exchanges {
        static NONE: std::sync::OnceLock<Exchanges> = std::sync::OnceLock::new();
        self.state()
            .unwrap_or_else(|| NONE.get_or_init(Exchanges::default))
    }
}
