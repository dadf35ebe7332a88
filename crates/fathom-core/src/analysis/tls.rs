//! TLS record framing over TCP (whole records per PDU, a record that spans segments
//! reassembled) and the per-record summary Wireshark shows in the Info column.

use super::exchanges::Exchanges;
use super::framing::{Framing, Heuristic, Need, Switch, Unit};
use super::reassembly::{Pdu, PduKind, Reassembly};
use super::register::ProtoData;
use crate::analysis::tls_store::AppProto;
use rustc_hash::FxHashMap as HashMap;

pub use crate::wire::{tls_records, TlsRecordHeader};

/// Whether bytes start with a TLS record header (see [`TlsRecordHeader`]).
pub fn is_record_header(b: &[u8]) -> bool {
    TlsRecordHeader::new_checked(b).is_some()
}

/// The length of an SSL 2.0 Client Hello record that starts `b` (two-byte header with the
/// high bit set, message type 1, an SSL 2.0 or SSL 3.0/TLS version): the compatible hello old
/// clients open a TLS connection with.
pub fn sslv2_hello_len(b: &[u8]) -> Option<usize> {
    if b.len() < 5 || b[0] & 0x80 == 0 || b[2] != 1 {
        return None;
    }
    if !(b[3..5] == [0, 2] || (b[3] == 3 && b[4] <= 4)) {
        return None;
    }
    let l = 2 + ((b[0] as usize & 0x7f) << 8 | b[1] as usize);
    (l >= 2 + 9).then_some(l)
}

/// Whether bytes could be the start of a record header cut short.
pub fn partial_header(b: &[u8]) -> bool {
    match b.len() {
        0 => false,
        1 => (20..=24).contains(&b[0]),
        2..=4 => (20..=24).contains(&b[0]) && b[1] == 3 && (b.len() < 3 || b[2] <= 4),
        _ => false,
    }
}

/// How many bytes of whole records start `b` (Complete), or how long the first record is.
pub fn need(b: &[u8]) -> Need {
    if let Some(l) = sslv2_hello_len(b) {
        return if l <= b.len() {
            Need::Complete(l)
        } else {
            Need::Exactly(l)
        };
    }
    let Some(first) = TlsRecordHeader::new_checked(b) else {
        return if partial_header(b) {
            Need::More
        } else {
            Need::NoMessage
        };
    };
    // the whole records from the start
    let whole = tls_records(b)
        .take_while(|(_, h, body)| body.len() == h.length())
        .last()
        .map_or(0, |(at, h, _)| at + TlsRecordHeader::LEN + h.length());
    if whole > 0 {
        Need::Complete(whole)
    } else {
        Need::Exactly(TlsRecordHeader::LEN + first.length())
    }
}

pub fn version_name(v: u16) -> &'static str {
    match v {
        0x0300 => "SSLv3",
        0x0301 => "TLSv1",
        0x0302 => "TLSv1.1",
        0x0303 => "TLSv1.2",
        0x0304 => "TLSv1.3",
        _ => "TLS",
    }
}

pub fn handshake_name(t: u8) -> &'static str {
    match t {
        0 => "Hello Request",
        1 => "Client Hello",
        2 => "Server Hello",
        4 => "New Session Ticket",
        5 => "End of Early Data",
        8 => "Encrypted Extensions",
        11 => "Certificate",
        12 => "Server Key Exchange",
        13 => "Certificate Request",
        14 => "Server Hello Done",
        15 => "Certificate Verify",
        16 => "Client Key Exchange",
        20 => "Finished",
        22 => "Certificate Status",
        24 => "Key Update",
        _ => "Unknown Handshake Message",
    }
}

pub fn alert_desc(d: u8) -> &'static str {
    match d {
        0 => "Close Notify",
        10 => "Unexpected Message",
        20 => "Bad Record MAC",
        40 => "Handshake Failure",
        42 => "Bad Certificate",
        46 => "Certificate Unknown",
        48 => "Unknown CA",
        50 => "Decode Error",
        70 => "Protocol Version",
        80 => "Internal Error",
        86 => "Inappropriate Fallback",
        90 => "User Canceled",
        112 => "Unrecognized Name",
        _ => "Unknown",
    }
}

/// Per-direction TLS state from the first pass.
#[derive(Clone, Copy, Debug, Default)]
pub struct DirTls {
    pub ccs_seen: bool,
    /// A handshake message that continues in the next record: (type, bytes still to come).
    pub hs_pending: Option<(u8, usize)>,
    /// The first bytes of a handshake header cut by the end of a record.
    pub hs_head: [u8; 3],
    pub hs_head_len: u8,
}

/// Summarises the records of one PDU: the Info items, and the session version a Server Hello
/// announces.
/// `opened` are the records the key log opened: they are named by what they hold.
pub fn summarize(
    b: &[u8],
    st: &mut DirTls,
    tls13: bool,
    opened: &[crate::tls::cipher::Opened],
) -> (Vec<String>, Option<u16>) {
    let mut items = Vec::new();
    let mut version = None;
    let mut pos = 0;
    if let Some(l) = sslv2_hello_len(b) {
        items.push("Client Hello".to_string());
        pos = l;
    }
    let start = pos;
    for (at, h, body) in tls_records(b.get(start..).unwrap_or_default()) {
        let pos = start + at;
        let t = h.content_type();
        if let Some(o) = opened.iter().find(|o| o.off as usize == pos) {
            opened_items(&o.plain, &mut items);
            continue;
        }
        match t {
            20 => {
                items.push("Change Cipher Spec".to_string());
                st.ccs_seen = true;
            }
            21 => items.push(alert_text(
                (!st.ccs_seen && body.len() == 2).then_some(body),
            )),
            22 => {
                if st.ccs_seen && !tls13 {
                    items.push("Encrypted Handshake Message".into());
                } else {
                    // handshake messages may span records: name each one that completes here
                    let mut done = Vec::new();
                    let mut frag = None;
                    let mut p = 0;
                    let joined;
                    let body: &[u8] = if st.hs_head_len > 0 && st.hs_pending.is_none() {
                        let mut v = st.hs_head[..st.hs_head_len as usize].to_vec();
                        v.extend_from_slice(body);
                        st.hs_head_len = 0;
                        joined = v;
                        &joined
                    } else {
                        body
                    };
                    if let Some((ht, rem)) = st.hs_pending.take() {
                        let take = rem.min(body.len());
                        p = take;
                        if rem == take {
                            done.push(handshake_name(ht).to_string());
                        } else {
                            st.hs_pending = Some((ht, rem - take));
                            frag = Some(ht);
                        }
                    }
                    while p + 4 <= body.len() {
                        let ht = body[p];
                        let hl =
                            u32::from_be_bytes([0, body[p + 1], body[p + 2], body[p + 3]]) as usize;
                        if p + 4 + hl > body.len() {
                            st.hs_pending = Some((ht, hl - (body.len() - p - 4)));
                            frag = Some(ht);
                            break;
                        }
                        if ht == 2 {
                            version = Some(server_hello_version(&body[p + 4..p + 4 + hl]));
                        }
                        done.push(handshake_name(ht).to_string());
                        p += 4 + hl;
                    }
                    if st.hs_pending.is_none() && p < body.len() && body.len() - p < 4 {
                        let rest = &body[p..];
                        st.hs_head[..rest.len()].copy_from_slice(rest);
                        st.hs_head_len = rest.len() as u8;
                    }
                    if !done.is_empty() {
                        items.extend(done);
                    } else if let Some(ht) = frag {
                        items.push(format!("[{} Fragment]", handshake_name(ht)));
                    } else {
                        items.push("Encrypted Handshake Message".into());
                    }
                }
            }
            23 => items.push("Application Data".into()),
            24 => items.push("Heartbeat".into()),
            _ => {}
        }
    }
    (items, version)
}

/// The Info items of an opened record.
fn opened_items(p: &crate::tls::cipher::Plain, items: &mut Vec<String>) {
    let d = &p.data;
    match p.content_type {
        20 => items.push("Change Cipher Spec".into()),
        21 if d.len() >= 2 => items.push(alert_text(Some(d))),
        22 => {
            let mut q = 0usize;
            let mut any = false;
            while q + 4 <= d.len() {
                let hl = u32::from_be_bytes([0, d[q + 1], d[q + 2], d[q + 3]]) as usize;
                items.push(handshake_name(d[q]).to_string());
                any = true;
                q += 4 + hl;
            }
            if !any {
                items.push("Handshake".into());
            }
        }
        23 => items.push("Application Data".into()),
        24 => items.push("Heartbeat".into()),
        _ => items.push("Ignored Unknown Record".into()),
    }
}

/// An alert as the Info column and the record's label name it: "Alert (Level: Fatal,
/// Description: Handshake Failure)" from its clear bytes, "Encrypted Alert" without them.
pub fn alert_text(clear: Option<&[u8]>) -> String {
    match clear {
        Some([lvl, d, ..]) => format!(
            "Alert (Level: {}, Description: {})",
            if *lvl == 1 { "Warning" } else { "Fatal" },
            alert_desc(*d)
        ),
        _ => "Encrypted Alert".into(),
    }
}

/// The version a Server Hello selects (its supported_versions extension wins).
pub fn server_hello_version(h: &[u8]) -> u16 {
    let legacy = if h.len() >= 2 {
        u16::from_be_bytes([h[0], h[1]])
    } else {
        0
    };
    // version(2) random(32) session_id(1+n) cipher(2) compression(1) extensions(2+…)
    let mut p = 34usize;
    let Some(&sid) = h.get(p) else { return legacy };
    p += 1 + sid as usize + 3;
    let Some(el) = h.get(p..p + 2) else {
        return legacy;
    };
    let end = (p + 2 + u16::from_be_bytes([el[0], el[1]]) as usize).min(h.len());
    p += 2;
    while p + 4 <= end {
        let et = u16::from_be_bytes([h[p], h[p + 1]]);
        let elen = u16::from_be_bytes([h[p + 2], h[p + 3]]) as usize;
        if et == 0x002b && elen == 2 && p + 6 <= end {
            return u16::from_be_bytes([h[p + 4], h[p + 5]]);
        }
        p += 4 + elen;
    }
    legacy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing() {
        let rec = [23u8, 3, 3, 0, 2, 0xaa, 0xbb];
        assert_eq!(need(&rec), Need::Complete(7));
        assert_eq!(need(&rec[..4]), Need::More);
        assert_eq!(need(&rec[..6]), Need::Exactly(7));
        let mut two = rec.to_vec();
        two.extend_from_slice(&rec[..3]);
        assert_eq!(need(&two), Need::Complete(7));
        assert_eq!(need(b"GET / HTTP/1.1"), Need::NoMessage);
        // an SSL 2.0 compatible Client Hello: 2-byte header, type 1, version TLS 1.2
        let mut v2 = vec![0x80, 11, 1, 3, 3, 0, 3, 0, 0, 0, 1, 0, 0, 4, 0xaa];
        assert_eq!(sslv2_hello_len(&v2), Some(13));
        assert_eq!(need(&v2), Need::Complete(13));
        assert_eq!(need(&v2[..8]), Need::Exactly(13));
        let (items, _) = summarize(&v2[..13], &mut DirTls::default(), false, &[]);
        assert_eq!(items, vec!["Client Hello"]);
        v2[2] = 4; // not a hello
        assert_eq!(sslv2_hello_len(&v2), None);
    }

    #[test]
    fn summary() {
        let mut st = DirTls::default();
        let b = [
            22u8, 3, 1, 0, 4, 1, 0, 0, 0, 20, 3, 3, 0, 1, 1, 22, 3, 3, 0, 4, 20, 0, 0, 0,
        ];
        let (items, _) = summarize(&b, &mut st, false, &[]);
        assert_eq!(
            items,
            vec![
                "Client Hello",
                "Change Cipher Spec",
                "Encrypted Handshake Message"
            ]
        );
    }
}

/// Where a PDU of TLS records is: its frame, its place among the frame's PDUs, its stream
/// and direction.
#[derive(Clone, Copy, Debug)]
pub struct At {
    pub frame: u32,
    pub pdu: u16,
    pub stream: u32,
    pub dir: u8,
}

/// Every TLS connection's first-pass state.
#[derive(Default)]
pub struct Conns {
    /// The version each stream's Server Hello selected.
    pub version: HashMap<u32, u16>,
    /// Each connection's handshake and keys (the key log's secrets).
    pub sessions: crate::tls::session::Sessions,
    /// What the key log opened: records, application data, HTTP messages over TLS.
    pub store: crate::analysis::tls_store::Store,
    /// Each direction's handshake message in progress, by (stream, direction).
    dirs: HashMap<(u32, u8), DirTls>,
}

impl Conns {
    /// Reads a PDU of whole records: the session reads them (and opens what the key log
    /// lets it), and the HTTP messages their data completes join the conversation's
    /// exchanges (`cut`: the snapshot length cut the segment). Returns the PDU's Info text.
    pub fn records(&mut self, at: At, bytes: &[u8], http: &mut Exchanges, cut: bool) -> String {
        let opened = self.sessions.records(at.stream, at.dir, bytes);
        let tls13 = self.version.get(&at.stream) == Some(&0x0304);
        let key = (at.stream, at.dir);
        let mut dir = self.dirs.get(&key).copied().unwrap_or_default();
        let (items, v) = summarize(bytes, &mut dir, tls13, &opened);
        self.dirs.insert(key, dir);
        if let Some(v) = v {
            self.version.insert(at.stream, v);
        }
        let app = if self
            .sessions
            .hello(at.stream)
            .is_some_and(|h| h.alpn.as_deref() == Some("h2"))
        {
            AppProto::Http2
        } else {
            AppProto::Http1
        };
        for o in opened {
            let head_pending = http.head_pending(at.stream);
            let cuts = self.store.add(
                at.frame,
                at.pdu,
                o.off,
                at.stream,
                at.dir,
                o.plain.content_type,
                o.plain.data,
                app,
                head_pending,
            );
            for c in cuts.iter().filter(|c| !c.continuation) {
                http.head(&c.bytes, at.frame, at.stream, true, cut);
            }
        }
        items.join(", ")
    }
}

/// A PDU of whole TLS records: the session reads them (and opens what the key log lets it),
/// the Info column names them, and the HTTP messages their data completes join the
/// conversation's exchanges.
fn framing_finish(data: &mut ProtoData, pdu: &mut Pdu, u: &Unit, index: u16) -> Switch {
    let at = At {
        frame: u.frame,
        pdu: index,
        stream: u.stream,
        dir: u.dir,
    };
    if let Some((conns, http)) = data.two_mut::<Conns, Exchanges>() {
        pdu.set_text(&conns.records(at, u.bytes, http, u.cut));
    }
    Switch::Stay
}

fn framing_done(data: &mut ProtoData) {
    if let Some(c) = data.get_or_default::<Conns>() {
        c.dirs = HashMap::default();
        c.store.finish();
    }
}

inventory::submit! {
    Framing {
        name: "tls",
        kind: PduKind::Tls,
        ports: None,
        need: |_, u, _| need(u.bytes),
        continuation: false,
        started: None,
        finish: framing_finish,
        abandoned: |_| None,
        done: Some(framing_done),
    }
}

/// A record header (or the start of one, or an SSLv2 Client Hello) claims a direction.
fn claims(_: &ProtoData, p: &super::framing::Probe) -> Option<bool> {
    let b = p.bytes;
    (is_record_header(b) || partial_header(b) || sslv2_hello_len(b).is_some()).then_some(false)
}

inventory::submit! { Heuristic { rank: 30, framing: "tls", test: claims } }

impl Reassembly {
    /// Every TLS connection's first-pass state (versions, handshakes and keys, what the key
    /// log opened).
    pub fn tls(&self) -> &Conns {
        static NONE: std::sync::OnceLock<Conns> = std::sync::OnceLock::new();
        self.state()
            .unwrap_or_else(|| NONE.get_or_init(Conns::default))
    }

    /// The TLS state, to change (the key log's secrets).
    pub fn tls_mut(&mut self) -> Option<&mut Conns> {
        self.state_mut()
    }
}
