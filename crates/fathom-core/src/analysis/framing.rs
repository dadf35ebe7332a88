//! How the TCP reassembly engine cuts each application protocol's byte stream into
//! messages: every protocol the engine frames registers a [`Framing`] from its own file
//! (`inventory::submit!`), as Wireshark's dissectors call `tcp_dissect_pdus` with their own
//! length function, and the heuristics that claim a connection from its first bytes as
//! [`Heuristic`]s (Wireshark's heuristic table). The engine (`reassembly.rs`) names none of
//! them: it asks what a protocol [`Need`]s, hands it each whole message, and keeps each
//! protocol's state across frames in its slot of a [`ProtoData`].

use super::pdu::{Pdu, PduKind};
use super::register::{Ports, ProtoData};
use std::sync::OnceLock;

/// How much of the bytes at a message's start the protocol needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// The message is complete and this long.
    Complete(usize),
    /// The message is this long in all; more bytes are needed.
    Exactly(usize),
    /// The end is not known yet: wait for one more segment.
    More,
    /// The body runs until the connection closes.
    UntilFin,
    /// Not the start of a message.
    NoMessage,
}

/// Bytes of one direction of a TCP stream, as a framing sees them.
pub struct Unit<'a> {
    pub frame: u32,
    pub stream: u32,
    /// Which direction of its stream (0 or 1, as the engine's caller numbers them).
    pub dir: u8,
    /// The direction comes from the port that gave the protocol the connection.
    pub from_server: bool,
    /// The segment was cut short by the snapshot length.
    pub cut: bool,
    pub bytes: &'a [u8],
}

/// What follows a message on its stream.
pub enum Switch {
    /// More of the same.
    Stay,
    /// The stream switches protocols after this message, both ways (`None`: to one the
    /// engine does not frame); the direction that sent it switches at its next message.
    Later(Option<&'static Framing>),
    /// As `Later`, but the rest of the segment that brought the message is already the new
    /// protocol's.
    Now(&'static Framing),
}

/// A protocol the TCP reassembly engine frames, registered from the protocol's own file.
pub struct Framing {
    /// Its name, as [`by_name`] and [`Heuristic::framing`] find it.
    pub name: &'static str,
    /// The kind of PDU it makes (what the dissectors' PDU table hands on).
    pub kind: PduKind,
    /// The ports that give it a connection before any heuristic: `Some(from_server)` for a
    /// segment between these ports.
    pub ports: Option<fn(Ports) -> Option<bool>>,
    /// What it needs of the bytes at a message's start; `scanned` bytes were read before and
    /// hold no message end (so a long header is searched once).
    pub need: fn(&ProtoData, &Unit, &mut usize) -> Need,
    /// Bytes held for more that turn out to start no message become one PDU of
    /// [`PduKind::Continuation`] (HTTP's data that is no message); otherwise they are left.
    pub continuation: bool,
    /// A message starts at these bytes (it may complete later).
    pub started: Option<fn(&mut ProtoData, &Unit)>,
    /// A whole message: the protocol reads it into its state and describes it in its PDU
    /// (the last argument: how many PDUs the frame had before this one).
    pub finish: fn(&mut ProtoData, &mut Pdu, &Unit, u16) -> Switch,
    /// The Info text of a message never completed, from the bytes its partial reassembly had.
    pub abandoned: fn(&[u8]) -> Option<String>,
    /// The file is read: drop what only the first pass needs.
    pub done: Option<fn(&mut ProtoData)>,
}

impl PartialEq for Framing {
    fn eq(&self, other: &Framing) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Framing {}

impl std::fmt::Debug for Framing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

inventory::collect!(Framing);

/// Every registered framing.
pub fn framings() -> impl Iterator<Item = &'static Framing> {
    inventory::iter::<Framing>.into_iter()
}

/// The framing registered under `name`.
pub fn by_name(name: &str) -> Option<&'static Framing> {
    framings().find(|f| f.name == name)
}

/// The framing a port gives a segment's connection to, and whether the segment comes from
/// that port's side.
pub fn by_port(ports: Ports) -> Option<(&'static Framing, bool)> {
    framings().find_map(|f| f.ports.and_then(|p| p(ports)).map(|s| (f, s)))
}

/// The first bytes of a direction no protocol has claimed yet.
pub struct Probe<'a> {
    pub stream: u32,
    pub ports: Ports,
    pub bytes: &'a [u8],
}

/// A heuristic that claims an unclaimed direction from its first bytes for a framing.
/// Lower ranks are tried first.
pub struct Heuristic {
    pub rank: u8,
    /// The framing it claims for, by name.
    pub framing: &'static str,
    /// `None`: not its; `Some(true)`: its, and so is the other direction from now on.
    pub test: fn(&ProtoData, &Probe) -> Option<bool>,
}

inventory::collect!(Heuristic);

/// The registered heuristics in rank order, each with its framing (gathered once).
fn heuristics() -> &'static [(&'static Heuristic, &'static Framing)] {
    static ALL: OnceLock<Vec<(&'static Heuristic, &'static Framing)>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<_> = inventory::iter::<Heuristic>
            .into_iter()
            .filter_map(|h| by_name(h.framing).map(|f| (h, f)))
            .collect();
        v.sort_by_key(|(h, _)| h.rank);
        v
    })
}

/// The framing whose heuristic first claims `probe`, and whether it takes both directions.
pub fn classify(data: &ProtoData, probe: &Probe) -> Option<(&'static Framing, bool)> {
    heuristics()
        .iter()
        .find_map(|(h, f)| (h.test)(data, probe).map(|both| (*f, both)))
}

/// A protocol the engine does not frame handing its connection to one it does, both ways,
/// from the next segment on (MySQL's SSL request switches to TLS, as Wireshark's MySQL
/// dissector hands the connection over).
pub struct Handover {
    /// The framing the connection goes to, by name, after a segment with these ports and
    /// payload; `None`: no handover.
    pub test: fn(Ports, &[u8]) -> Option<&'static str>,
}

inventory::collect!(Handover);

/// The framing a segment of a connection nobody frames hands the connection to.
pub fn handover(ports: Ports, payload: &[u8]) -> Option<&'static Framing> {
    inventory::iter::<Handover>
        .into_iter()
        .find_map(|h| (h.test)(ports, payload))
        .and_then(by_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_framed_protocol_is_registered_and_its_heuristics_name_one() {
        let names: Vec<&str> = framings().map(|f| f.name).collect();
        for n in ["http", "tls", "imap", "smtp", "websocket", "http2"] {
            assert!(names.contains(&n), "{n} missing from {names:?}");
        }
        for h in inventory::iter::<Heuristic> {
            assert!(by_name(h.framing).is_some(), "{}", h.framing);
        }
        assert_eq!(
            heuristics().iter().map(|(_, f)| f.name).collect::<Vec<_>>(),
            ["http2", "http", "tls", "http"]
        );
    }

    #[test]
    fn a_port_names_the_line_protocols_and_the_side() {
        let from_client = Ports {
            src: 40000,
            dst: 25,
            server: 0,
        };
        let (f, server) = by_port(from_client)
            .map(|(f, s)| (f.name, s))
            .unwrap_or_default();
        assert_eq!((f, server), ("smtp", false));
        let from_server = Ports {
            src: 143,
            dst: 40000,
            server: 0,
        };
        assert_eq!(
            by_port(from_server).map(|(f, s)| (f.name, s)),
            Some(("imap", true))
        );
        assert!(by_port((40000, 80).into()).is_none());
    }

    #[test]
    fn a_tls_record_header_claims_a_direction_and_text_on_no_port_does_not() {
        let data = ProtoData::default();
        let probe = |bytes: &'static [u8], dst: u16| Probe {
            stream: 0,
            ports: (40000, dst).into(),
            bytes,
        };
        let name = |p: &Probe| classify(&data, p).map(|(f, both)| (f.name, both));
        assert_eq!(
            name(&probe(b"\x16\x03\x01\x00\x05", 5000)),
            Some(("tls", false))
        );
        assert_eq!(
            name(&probe(b"GET / HTTP/1.1\r\n", 5000)),
            Some(("http", false))
        );
        assert_eq!(name(&probe(b"hello there", 5000)), None);
        assert_eq!(name(&probe(b"hello there", 80)), Some(("http", false)));
        assert_eq!(
            name(&probe(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 80)),
            Some(("http2", true))
        );
    }

    #[test]
    fn a_mysql_ssl_request_hands_its_connection_to_tls() {
        let mut req = vec![32, 0, 0, 1, 0x00, 0x08];
        req.resize(36, 0);
        let to = |dst, seg: &[u8]| handover((40000, dst).into(), seg).map(|f| f.name);
        assert_eq!(to(3306, &req), Some("tls"));
        assert_eq!(to(3307, &req), None);
        assert_eq!(to(3306, &req[..35]), None);
        req[5] = 0;
        assert_eq!(to(3306, &req), None, "no SSL capability asked");
    }
}
