//! Wireshark's TCP port table, and the protocols that register themselves in it and with the
//! first pass from their own files, as Wireshark's dissectors register on TCP ports
//! (`dissector_add_uint`): each submits a [`TcpProtocol`] with `inventory::submit!`, and the
//! analysis runs every one it finds without naming any. Their state across frames lives in
//! the analysis's [`ProtoData`], one value per protocol, read back by the protocol's
//! dissector.

use super::ipfrag::FragTable;
use crate::capture::file::Record;
use crate::wire::{Addr, Decoded, TcpSeg};
use std::any::{Any, TypeId};

/// Ports Wireshark hands to HTTP even when a segment does not start a message.
/// Ports the user decodes as HTTP (Decode As) count too.
pub fn is_http_port(p: u16) -> bool {
    matches!(
        p,
        80 | 3128 | 3132 | 5985 | 8080 | 8088 | 11371 | 1900 | 2869 | 2710
    ) || super::decode_as::tcp_port_is_http(p)
}

/// MySQL's port.
pub const MYSQL_PORT: u16 = 3306;

/// TCP ports Wireshark gives to a dissector that takes whatever data arrives (so HTTP's
/// heuristic never sees it): MySQL on 3306 (dissected by `dissect::mysql`), and EtherCAT
/// frames on 34980 (0x88a4), which Fathom does not dissect.
const CLAIMED_PORTS: &[u16] = &[MYSQL_PORT, 34980];

/// A segment's ports, and its connection's server port when a SYN or SYN+ACK named it (0
/// otherwise).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ports {
    pub src: u16,
    pub dst: u16,
    pub server: u16,
}

impl From<(u16, u16)> for Ports {
    fn from((src, dst): (u16, u16)) -> Ports {
        Ports {
            src,
            dst,
            server: 0,
        }
    }
}

/// Who Wireshark's TCP port table gives a port to, among the protocols whose choice changes
/// what Fathom does with the payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortOwner {
    Http,
    /// A protocol registered in the table from its own file (X11), by name.
    Registered(&'static str),
    /// A protocol that takes whatever arrives (MySQL, EtherCAT).
    Claimed,
    /// TLS, on its port (443): a client port that another protocol owns does not take the
    /// connection from it.
    Tls,
}

/// The TCP port Wireshark's TLS dissector is registered on.
pub const TLS_PORT: u16 = 443;

fn port_owner(p: u16) -> Option<PortOwner> {
    if is_http_port(p) {
        Some(PortOwner::Http)
    } else if p == TLS_PORT {
        Some(PortOwner::Tls)
    } else if CLAIMED_PORTS.contains(&p) {
        Some(PortOwner::Claimed)
    } else {
        super::register::table_owner(p).map(PortOwner::Registered)
    }
}

impl Ports {
    /// The order Wireshark looks the ports up in its table: the connection's server port
    /// first (once a SYN has named it), then the lower port, then the higher.
    pub fn lookup_order(self) -> impl Iterator<Item = u16> {
        let (lo, hi) = (self.src.min(self.dst), self.src.max(self.dst));
        [self.server, lo, hi].into_iter().filter(|&p| p != 0)
    }

    /// The first port in lookup order that the table gives to one of these protocols, and
    /// that protocol.
    pub fn owner(self) -> Option<(u16, PortOwner)> {
        self.lookup_order()
            .find_map(|p| port_owner(p).map(|o| (p, o)))
    }

    /// The server's port, when the table gives the connection to the registered protocol
    /// `name`.
    pub fn owned_by(self, name: &str) -> Option<u16> {
        match self.owner() {
            Some((p, PortOwner::Registered(n))) if n == name => Some(p),
            _ => None,
        }
    }
}

/// Whether Wireshark's port table hands this conversation to another protocol before HTTP
/// is tried (see [`Ports::lookup_order`]).
pub fn claimed_elsewhere(ports: impl Into<Ports>) -> bool {
    matches!(
        ports.into().owner(),
        Some((_, PortOwner::Claimed | PortOwner::Registered(_)))
    )
}

/// What a registered protocol is shown of one TCP segment: an in-order payload, neither
/// retransmitted nor empty, of a connection it watches.
pub struct Segment<'a> {
    pub stream: u32,
    /// 1 for the server's side (the side of the port that made the protocol watch the
    /// connection), 0 for the client's.
    pub side: usize,
    pub frame: u32,
    /// The frame's time, in nanoseconds since the epoch.
    pub ts_ns: i64,
    pub payload: &'a [u8],
    /// The segment's length as the IP header gives it (the payload may be cut shorter).
    pub len: u32,
}

/// A protocol's claim on TCP connections, and its first pass over them.
pub struct TcpProtocol {
    /// Its name, as [`PortOwner::Registered`] names it.
    pub name: &'static str,
    /// The ports Wireshark's TCP port table gives it, when it is in the table: a connection
    /// whose lookup finds one of them first is its (no HTTP, TLS or heuristic is tried).
    pub table_ports: Option<fn(u16) -> bool>,
    /// The server's port of a connection it watches, `None` for one it does not.
    pub watches: fn(Ports) -> Option<u16>,
    /// Reads one segment into its state.
    pub observe: fn(&mut ProtoData, &Segment),
}

inventory::collect!(TcpProtocol);

/// Every registered TCP protocol.
pub fn tcp_protocols() -> impl Iterator<Item = &'static TcpProtocol> {
    inventory::iter::<TcpProtocol>.into_iter()
}

/// The registered protocol the port table gives port `p` to, if any.
pub fn table_owner(p: u16) -> Option<&'static str> {
    tcp_protocols()
        .find(|t| t.table_ports.is_some_and(|ports| ports(p)))
        .map(|t| t.name)
}

/// How the first pass reads a frame's headers: the dissectors' first-pass mode
/// ([`crate::dissect::decode`]), registered by the dissectors, so that the analysis reads
/// them without importing them.
pub struct FrameDecoder {
    pub decode: fn(&Record, u32, &[u8], &mut FragTable) -> Decoded,
}

inventory::collect!(FrameDecoder);

/// Frame `frame`'s headers, as the registered decoder reads them (nothing without one).
pub fn decode(rec: &Record, frame: u32, bytes: &[u8], frag: &mut FragTable) -> Decoded {
    match inventory::iter::<FrameDecoder>.into_iter().next() {
        Some(d) => (d.decode)(rec, frame, bytes, frag),
        None => Decoded::default(),
    }
}

/// A header another packet's datagram samples (sFlow): its conversation is joined or
/// opened, as Wireshark's conversation table sees it.
pub enum Sampled {
    Tcp(Addr, Addr, TcpSeg),
    /// (source, destination, source port, destination port)
    Udp(Addr, Addr, u16, u16),
}

/// What the first pass does with the datagrams of a registered UDP protocol.
pub enum UdpRole {
    /// They are HTTP messages (SSDP): exchanges numbered per UDP conversation.
    Http,
    /// They sample other packets' headers (sFlow), read from the frame's bytes and the
    /// datagram's payload span.
    Samples(fn(&[u8], (usize, usize)) -> Vec<Sampled>),
    /// The protocol keeps its own state over its datagrams (DNS pairs queries with their
    /// responses), in its slot of the [`ProtoData`].
    Observe(fn(&mut ProtoData, &Datagram)),
}

/// A datagram a registered UDP protocol observes in the first pass.
pub struct Datagram<'a> {
    /// The UDP conversation (`udp.stream`).
    pub stream: u32,
    pub frame: u32,
    /// The frame's time, in nanoseconds since the epoch.
    pub ts_ns: i64,
    pub sport: u16,
    pub dport: u16,
    pub payload: &'a [u8],
}

/// A protocol's claim on UDP datagrams, registered from its own file.
pub struct UdpProtocol {
    pub name: &'static str,
    /// Whether it takes a datagram with these ports and payload.
    pub watches: fn(u16, u16, &[u8]) -> bool,
    pub role: UdpRole,
}

inventory::collect!(UdpProtocol);

/// Every registered UDP protocol.
pub fn udp_protocols() -> impl Iterator<Item = &'static UdpProtocol> {
    inventory::iter::<UdpProtocol>.into_iter()
}

/// Each registered protocol's state, one value of its own type per protocol (Wireshark's
/// conversation data).
#[derive(Default)]
pub struct ProtoData {
    // (read for every segment the reassembly frames: a fast hash of the type's id)
    map: rustc_hash::FxHashMap<TypeId, Box<dyn Any + Send + Sync>>,
}

impl ProtoData {
    /// The state of type `T`, if its protocol has kept one.
    pub fn get<T: Any>(&self) -> Option<&T> {
        self.map.get(&TypeId::of::<T>())?.downcast_ref()
    }

    /// The state of type `T`, made empty on first use (`None` only if a slot held another
    /// type, which [`ProtoData`] never lets happen).
    pub fn get_or_default<T: Any + Send + Sync + Default>(&mut self) -> Option<&mut T> {
        let id = TypeId::of::<T>();
        if !self.map.get(&id).is_some_and(|b| b.is::<T>()) {
            self.map.insert(id, Box::new(T::default()));
        }
        self.map.get_mut(&id)?.downcast_mut()
    }

    /// The states of two protocols at once (a protocol that carries another, as TLS carries
    /// HTTP), each made empty on first use; `None` if `A` and `B` are one type.
    pub fn two_mut<A, B>(&mut self) -> Option<(&mut A, &mut B)>
    where
        A: Any + Send + Sync + Default,
        B: Any + Send + Sync + Default,
    {
        let (a, b) = (TypeId::of::<A>(), TypeId::of::<B>());
        if a == b {
            return None;
        }
        self.get_or_default::<A>()?;
        self.get_or_default::<B>()?;
        match self.map.get_disjoint_mut([&a, &b]) {
            [Some(x), Some(y)] => Some((x.downcast_mut()?, y.downcast_mut()?)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, Debug, PartialEq)]
    struct Count(u32);

    #[test]
    fn each_type_keeps_its_own_state() {
        let mut d = ProtoData::default();
        assert_eq!(d.get::<Count>(), None);
        for n in [2, 1] {
            if let Some(c) = d.get_or_default::<Count>() {
                c.0 += n;
            }
        }
        if let Some(v) = d.get_or_default::<Vec<u8>>() {
            v.push(7);
        }
        assert_eq!(d.get::<Count>(), Some(&Count(3)));
        assert_eq!(d.get::<Vec<u8>>().map(Vec::len), Some(1));
        if let Some((c, v)) = d.two_mut::<Count, Vec<u8>>() {
            c.0 += 1;
            v.push(8);
        }
        assert_eq!(d.get::<Count>(), Some(&Count(4)));
        assert_eq!(d.get::<Vec<u8>>().map(Vec::len), Some(2));
        assert!(d.two_mut::<Count, Count>().is_none());
    }

    #[test]
    fn ssh_and_x11_are_registered() {
        let names: Vec<&str> = tcp_protocols().map(|t| t.name).collect();
        assert!(
            names.contains(&"ssh") && names.contains(&"x11"),
            "{names:?}"
        );
        assert_eq!(table_owner(6001), Some("x11"));
        assert_eq!(
            table_owner(22),
            None,
            "SSH watches port 22 outside the table"
        );
    }
}
