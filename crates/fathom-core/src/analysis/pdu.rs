//! A PDU as the TCP reassembly records it: the segments it came from, its kind, and the
//! little each protocol notes in it (an HTTP message's index and method, a record's Info).
//! The engine (`reassembly.rs`) makes them, the framings (`framing.rs`) describe them, and
//! the dissectors, Follow and the statistics read them.

/// A piece of a frame's TCP payload that belongs to a PDU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seg {
    pub frame: u32,
    /// Offset in that frame's TCP payload.
    pub off: u32,
    pub len: u32,
    /// Where it starts in the PDU (a retransmitted segment overlaps the one before).
    pub at: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PduKind {
    Http,
    /// Whole TLS records.
    Tls,
    /// Lines of IMAP (commands and responses, literals included).
    Imap,
    /// Lines of SMTP (commands, replies, and the message after DATA).
    Smtp,
    /// Bytes on an HTTP connection that do not start a message.
    Continuation,
    /// One WebSocket frame (after an upgrade).
    WebSocket,
    /// One HTTP/2 frame, or the connection preface (after an upgrade to h2c); its header
    /// and decoded headers are in [`super::reassembly::Reassembly::h2_unit`].
    Http2,
}

/// A PDU dissected in the frame that completed it.
#[derive(Clone, Debug)]
pub struct Pdu {
    /// The segments it came from, in sequence order: the first inline, the rest (if it was
    /// reassembled) behind.
    pub first: Seg,
    /// (Behind one pointer, as is `text`: a PDU is 56 bytes with its frame where it was 72,
    /// and a quarter of all frames end one.)
    pub rest: thin_vec::ThinVec<Seg>,
    pub len: u32,
    pub kind: PduKind,
    /// Index into the HTTP message table, plus one (see [`Pdu::msg`]).
    msg: Option<std::num::NonZeroU32>,
    /// For TLS and line protocols: the Info text of its records; for an HTTP request: its
    /// method (see [`Pdu::info`], [`Pdu::method`]; one field for both keeps the record small,
    /// a quarter of all frames have one). UTF-8, as it was set from a `str`.
    text: Option<thin_vec::ThinVec<u8>>,
    /// For HTTP: whether the message is a request (its first line is not a status line),
    /// and a response's status code, or a request's method as its place in [`METHODS`]
    /// plus one (0: the method is in `text`).
    pub request: bool,
    pub status: u16,
    /// A line protocol's PDU that is message data, not commands (SMTP after DATA): it is
    /// dissected as text lines too.
    pub message_data: bool,
}

/// The request methods a PDU names by number: nearly every request has one of these, and a
/// string per request took 2.4 MB of a million-packet capture's first pass.
const METHODS: [&str; 12] = [
    "GET",
    "POST",
    "HEAD",
    "PUT",
    "DELETE",
    "OPTIONS",
    "PATCH",
    "CONNECT",
    "TRACE",
    "NOTIFY",
    "M-SEARCH",
    "SUBSCRIBE",
];

impl Pdu {
    pub(super) fn new(segs: Vec<Seg>, len: u32, kind: PduKind) -> Pdu {
        let mut it = segs.into_iter();
        let first = it.next().unwrap_or(Seg {
            frame: 0,
            off: 0,
            len: 0,
            at: 0,
        });
        Pdu {
            first,
            rest: it.collect(),
            len,
            kind,
            msg: None,
            text: None,
            request: false,
            status: 0,
            message_data: false,
        }
    }
    /// For TLS and line protocols: the Info text of its records.
    pub fn info(&self) -> Option<&str> {
        (self.kind != PduKind::Http).then(|| self.text()).flatten()
    }
    /// For an HTTP request: its method.
    pub fn method(&self) -> Option<&str> {
        if self.kind != PduKind::Http || !self.request {
            return None;
        }
        match self.status.checked_sub(1) {
            Some(i) => METHODS.get(usize::from(i)).copied(),
            None => self.text(),
        }
    }

    pub(super) fn set_method(&mut self, m: &[u8]) {
        match METHODS.iter().position(|k| k.as_bytes() == m) {
            Some(i) => self.status = i as u16 + 1,
            None => self.set_text(&String::from_utf8_lossy(m)),
        }
    }
    fn text(&self) -> Option<&str> {
        std::str::from_utf8(self.text.as_deref()?).ok()
    }
    pub(super) fn set_text(&mut self, s: &str) {
        self.text = Some(s.as_bytes().iter().copied().collect());
    }
    /// The index of its HTTP message in the message table.
    pub fn msg(&self) -> Option<u32> {
        self.msg.map(|m| m.get() - 1)
    }
    pub(super) fn set_msg(&mut self, idx: Option<u32>) {
        self.msg = idx
            .and_then(|i| i.checked_add(1))
            .and_then(std::num::NonZeroU32::new);
    }
    pub fn is_reassembled(&self) -> bool {
        !self.rest.is_empty()
    }
    pub fn seg_count(&self) -> usize {
        1 + self.rest.len()
    }
    pub fn segs(&self) -> impl Iterator<Item = &Seg> {
        std::iter::once(&self.first).chain(self.rest.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records a million-packet capture holds a quarter of a million of.
    #[test]
    fn pdu_and_message_records_stay_small() {
        assert_eq!(std::mem::size_of::<(u32, Pdu)>(), 56);
        // (a PDU's kind is one byte: why it stays an enum, the README's Not yet)
        assert_eq!(std::mem::size_of::<PduKind>(), 1);
        assert_eq!(
            std::mem::size_of::<crate::analysis::exchanges::HttpMsg>(),
            40
        );
        let mut p = Pdu::new(Vec::new(), 0, PduKind::Http);
        assert_eq!((p.msg(), p.method()), (None, None));
        p.set_msg(Some(0));
        p.request = true;
        p.set_method(b"GET");
        assert_eq!(
            (p.msg(), p.method(), p.info()),
            (Some(0), Some("GET"), None)
        );
        assert!(p.text.is_none(), "a common method takes no allocation");
        p.status = 0;
        p.set_method(b"PROPFIND");
        assert_eq!(p.method(), Some("PROPFIND"));
        p.set_method(b"");
        assert_eq!(p.method(), Some(""));
        p.set_msg(Some(u32::MAX));
        assert_eq!(p.msg(), None, "an index past the largest is none");
    }
}
