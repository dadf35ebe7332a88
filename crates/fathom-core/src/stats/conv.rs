//! Conversations and endpoints (Statistics ▸ Conversations / Endpoints, `-z conv,TYPE` and
//! `-z endpoints,TYPE`) for Ethernet, IPv4, IPv6, TCP and UDP, counted as Wireshark's
//! conversation table counts them: a conversation's direction "→" is that of its first
//! packet, "←" the other; TCP and UDP conversations are their streams; an endpoint is an
//! address (with its port for TCP and UDP) and counts what it sent and what it received.

use super::Facts;
use std::hash::BuildHasher;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Eth,
    Ip,
    Ipv6,
    Tcp,
    Udp,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "eth" => Kind::Eth,
            "ip" => Kind::Ip,
            "ipv6" => Kind::Ipv6,
            "tcp" => Kind::Tcp,
            "udp" => Kind::Udp,
            _ => return None,
        })
    }

    /// The protocol's short name, as the table titles say it.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Eth => "Ethernet",
            Kind::Ip => "IPv4",
            Kind::Ipv6 => "IPv6",
            Kind::Tcp => "TCP",
            Kind::Udp => "UDP",
        }
    }

    pub fn has_ports(self) -> bool {
        matches!(self, Kind::Tcp | Kind::Udp)
    }

    pub const ALL: [Kind; 5] = [Kind::Eth, Kind::Ip, Kind::Ipv6, Kind::Tcp, Kind::Udp];
}

/// An address as the frames carry it, written out (a MAC with its maker's name) when shown:
/// a table of sixty thousand conversations held each side's text as a string of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Address {
    Mac([u8; 6]),
    Ip(crate::dissect::Addr),
}

impl Address {
    pub fn is_ipv6(&self) -> bool {
        matches!(self, Address::Ip(crate::dissect::Addr::V6(_)))
    }
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Address::Mac(m) => f.pad(&mac_text(m)),
            Address::Ip(a) => f.pad(&a.to_string()),
        }
    }
}

/// One side of a conversation: its address, and its port for TCP and UDP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Side {
    pub addr: Address,
    pub port: Option<u16>,
}

impl Side {
    pub fn label(&self, udp: bool) -> String {
        match self.port {
            Some(p) => format!("{}:{}", self.addr, crate::names::port_label_plain(p, udp)),
            None => self.addr.to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversation {
    /// A is the source of the conversation's first packet.
    pub a: Side,
    pub b: Side,
    /// Packets and bytes from A to B ("→", tx) and from B to A ("←", rx).
    pub tx_frames: u64,
    pub tx_bytes: u64,
    pub rx_frames: u64,
    pub rx_bytes: u64,
    /// Nanoseconds since the first frame of the capture: first and last packet.
    pub start_ns: i64,
    pub stop_ns: i64,
    /// The TCP or UDP stream index, when there is one.
    pub stream: Option<u32>,
    pub first_frame: u32,
}

impl Conversation {
    pub fn frames(&self) -> u64 {
        self.tx_frames + self.rx_frames
    }
    pub fn bytes(&self) -> u64 {
        self.tx_bytes + self.rx_bytes
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub side: Side,
    pub tx_frames: u64,
    pub tx_bytes: u64,
    pub rx_frames: u64,
    pub rx_bytes: u64,
}

impl Endpoint {
    pub fn frames(&self) -> u64 {
        self.tx_frames + self.rx_frames
    }
    pub fn bytes(&self) -> u64 {
        self.tx_bytes + self.rx_bytes
    }
}

/// The conversations and endpoints of one kind, in the order they were first seen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub conversations: Vec<Conversation>,
    pub endpoints: Vec<Endpoint>,
}

/// What one frame contributes to a table of this kind: (source, destination, stream).
fn sides(kind: Kind, f: &Facts) -> Option<(Side, Side, Option<u32>)> {
    let s = |addr: Address, port: Option<u16>| Side { addr, port };
    match kind {
        Kind::Eth => {
            let (src, dst) = f.eth?;
            Some((s(Address::Mac(src), None), s(Address::Mac(dst), None), None))
        }
        Kind::Ip => {
            let (src, dst) = f.ip4?;
            Some((s(Address::Ip(src), None), s(Address::Ip(dst), None), None))
        }
        Kind::Ipv6 => {
            let (src, dst) = f.ip6?;
            Some((s(Address::Ip(src), None), s(Address::Ip(dst), None), None))
        }
        Kind::Tcp | Kind::Udp => {
            let t = if kind == Kind::Tcp { f.tcp? } else { f.udp? };
            Some((
                s(Address::Ip(t.src), Some(t.sport)),
                s(Address::Ip(t.dst), Some(t.dport)),
                Some(t.stream),
            ))
        }
    }
}

fn mac_text(m: &[u8; 6]) -> String {
    crate::names::mac(m).unwrap_or_else(|| crate::dissect::ethernet::fmt_mac(m))
}

/// Builds the table of one kind from the frames' facts (frames for which `keep` is true).
pub fn table(kind: Kind, facts: &[Facts], keep: impl Fn(u32) -> bool) -> Table {
    let mut b = Builder::new(kind, facts.len());
    for f in facts.iter().filter(|f| keep(f.frame)) {
        b.add(f);
    }
    b.finish()
}

/// A table of one kind counted one frame at a time, in frame order (so that its facts need
/// not all be held at once).
pub struct Builder {
    kind: Kind,
    t: Table,
    /// per conversation: its two endpoints' rows
    ends: Vec<(u32, u32)>,
    /// a TCP or UDP conversation is found by its stream index; any other by its sides, in
    /// one order, through `convs`
    by_stream: Vec<u32>,
    /// The conversations and the endpoints, as their row numbers, hashed by the sides those
    /// rows hold (4 bytes an entry, where maps that held the sides again took 60), with a
    /// fast hash (a crafted capture that made it collide would only slow its own statistics).
    convs: hashbrown::HashTable<u32>,
    eps: hashbrown::HashTable<u32>,
    hasher: rustc_hash::FxBuildHasher,
    /// No stream index is above the frame count: a larger one is not indexed.
    frames: usize,
}

/// A conversation's key: its stream and its sides in one order.
fn conv_key(stream: Option<u32>, a: Side, b: Side) -> (Option<u32>, Side, Side) {
    if a <= b {
        (stream, a, b)
    } else {
        (stream, b, a)
    }
}

impl Builder {
    pub fn new(kind: Kind, frames: usize) -> Builder {
        Builder {
            kind,
            t: Table::default(),
            ends: Vec::new(),
            by_stream: Vec::new(),
            convs: Default::default(),
            eps: Default::default(),
            hasher: Default::default(),
            frames,
        }
    }

    pub fn finish(self) -> Table {
        self.t
    }

    /// The row of endpoint `side`, made when new.
    fn endpoint(&mut self, side: Side) -> u32 {
        let Builder { t, eps, hasher, .. } = self;
        let h = hasher.hash_one(side);
        let eq = |&j: &u32| t.endpoints.get(j as usize).is_some_and(|e| e.side == side);
        if let Some(&j) = eps.find(h, eq) {
            return j;
        }
        let j = t.endpoints.len() as u32;
        t.endpoints.push(Endpoint {
            side,
            tx_frames: 0,
            tx_bytes: 0,
            rx_frames: 0,
            rx_bytes: 0,
        });
        let rehash = |&k: &u32| {
            t.endpoints
                .get(k as usize)
                .map_or(0, |e| hasher.hash_one(e.side))
        };
        eps.insert_unique(h, j, rehash);
        j
    }

    /// The row of the conversation of `src` and `dst` on `stream`, made when new.
    fn conversation(&mut self, src: Side, dst: Side, stream: Option<u32>, f: &Facts) -> usize {
        let same = |c: &Conversation| (c.a == src && c.b == dst) || (c.a == dst && c.b == src);
        let by_stream = stream
            .and_then(|s| self.by_stream.get(s as usize).copied())
            .map(|i| i as usize)
            .filter(|&i| self.t.conversations.get(i).is_some_and(same));
        if let Some(i) = by_stream {
            return i;
        }
        let key = conv_key(stream, src, dst);
        let h = self.hasher.hash_one(key);
        let convs = &self.t.conversations;
        let key_of = |i: u32| convs.get(i as usize).map(|c| conv_key(c.stream, c.a, c.b));
        if let Some(&i) = self.convs.find(h, |&i| key_of(i) == Some(key)) {
            return i as usize;
        }
        let (ea, eb) = (self.endpoint(src), self.endpoint(dst));
        let i = self.t.conversations.len();
        self.ends.push((ea, eb));
        self.t.conversations.push(Conversation {
            a: src,
            b: dst,
            tx_frames: 0,
            tx_bytes: 0,
            rx_frames: 0,
            rx_bytes: 0,
            start_ns: f.rel_ns,
            stop_ns: f.rel_ns,
            stream,
            first_frame: f.frame,
        });
        let (convs, hasher) = (&self.t.conversations, &self.hasher);
        let rehash = |&k: &u32| {
            convs
                .get(k as usize)
                .map_or(0, |c| hasher.hash_one(conv_key(c.stream, c.a, c.b)))
        };
        self.convs.insert_unique(h, i as u32, rehash);
        if let Some(s) = stream.map(|s| s as usize) {
            if s >= self.by_stream.len() && s < self.frames {
                self.by_stream.resize(s + 1, u32::MAX);
            }
            if let Some(slot) = self.by_stream.get_mut(s) {
                *slot = i as u32;
            }
        }
        i
    }

    /// Counts one frame.
    pub fn add(&mut self, f: &Facts) {
        let Some((src, dst, stream)) = sides(self.kind, f) else {
            return;
        };
        let len = f.len as u64;
        let i = self.conversation(src, dst, stream, f);
        let Some(&(ea, eb)) = self.ends.get(i) else {
            return;
        };
        let t = &mut self.t;
        let Some(c) = t.conversations.get_mut(i) else {
            return;
        };
        // "→" is the direction of the conversation's first packet; a frame whose two sides
        // are one address and port counts as sent
        let forward = c.a == src;
        let (from, to) = if forward { (ea, eb) } else { (eb, ea) };
        if forward {
            c.tx_frames += 1;
            c.tx_bytes += len;
        } else {
            c.rx_frames += 1;
            c.rx_bytes += len;
        }
        if f.rel_ns > c.stop_ns {
            c.stop_ns = f.rel_ns;
        } else if f.rel_ns < c.start_ns {
            c.start_ns = f.rel_ns;
        }
        if let Some(e) = t.endpoints.get_mut(from as usize) {
            e.tx_frames += 1;
            e.tx_bytes += len;
        }
        if let Some(e) = t.endpoints.get_mut(to as usize) {
            e.rx_frames += 1;
            e.rx_bytes += len;
        }
    }
}

/// A byte count as Wireshark's `format_size` writes it: "1903 bytes", "62 kB", "14 MB".
pub fn format_size(n: u64) -> String {
    let p = 1000u64;
    if n / p / p / p / p >= 10 {
        format!("{} TB", n / p / p / p / p)
    } else if n / p / p / p >= 10 {
        format!("{} GB", n / p / p / p)
    } else if n / p / p >= 10 {
        format!("{} MB", n / p / p)
    } else if n / p >= 10 {
        format!("{} kB", n / p)
    } else {
        format!("{n} bytes")
    }
}

fn secs(ns: i64) -> f64 {
    ns as f64 / 1e9
}

/// Items in the order tshark prints them: most packets first, ties in order of appearance.
fn by_frames<T>(items: &[T], frames: impl Fn(&T) -> u64) -> Vec<&T> {
    let mut v: Vec<&T> = items.iter().filter(|x| frames(x) > 0).collect();
    v.sort_by_key(|x| std::cmp::Reverse(frames(x)));
    v
}

const RULE: &str =
    "================================================================================\n";

/// `-z conv,TYPE` as tshark prints it.
pub fn conv_text(kind: Kind, t: &Table, filter: Option<&str>) -> String {
    let mut s = String::new();
    let pad = if kind.has_ports() { "            " } else { "" };
    s.push_str(RULE);
    crate::push_fmtln!(s, "{} Conversations", kind.title());
    crate::push_fmtln!(s, "Filter:{}", filter.unwrap_or("<No Filter>"));
    crate::push_fmtln!(
        s,
        "{pad}                                               |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |"
    );
    crate::push_fmtln!(
        s,
        "{pad}                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |"
    );
    for c in by_frames(&t.conversations, Conversation::frames) {
        if kind.has_ports() {
            crate::push_fmt!(
                s,
                "{:<26} <-> {:<26}",
                c.a.label(kind == Kind::Udp),
                c.b.label(kind == Kind::Udp)
            );
        } else {
            crate::push_fmt!(
                s,
                "{:<20} <-> {:<20}",
                c.a.label(kind == Kind::Udp),
                c.b.label(kind == Kind::Udp)
            );
        }
        crate::push_fmt!(
            s,
            "  {:>6} {:<9}  {:>6} {:<9}  {:>6} {:<9}  ",
            c.rx_frames,
            format_size(c.rx_bytes),
            c.tx_frames,
            format_size(c.tx_bytes),
            c.frames(),
            format_size(c.bytes())
        );
        crate::push_fmtln!(
            s,
            "{:14.9}   {:12.4}",
            secs(c.start_ns),
            secs(c.stop_ns) - secs(c.start_ns)
        );
    }
    s.push_str(RULE);
    s
}

/// `-z endpoints,TYPE` as tshark prints it.
pub fn endpoints_text(kind: Kind, t: &Table, filter: Option<&str>) -> String {
    let mut s = String::new();
    s.push_str(RULE);
    crate::push_fmtln!(s, "{} Endpoints", kind.title());
    crate::push_fmtln!(s, "Filter:{}", filter.unwrap_or("<No Filter>"));
    crate::push_fmtln!(
        s,
        "                       |  {}Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |",
        if kind.has_ports() { "Port  ||  " } else { "" }
    );
    for e in by_frames(&t.endpoints, Endpoint::frames) {
        crate::push_fmt!(s, "{:<20}      ", e.side.addr.to_string());
        if let Some(p) = e.side.port {
            crate::push_fmt!(
                s,
                "{:>5}     ",
                crate::names::port_label_plain(p, kind == Kind::Udp)
            );
        }
        crate::push_fmtln!(
            s,
            "{:>6}     {:>9}     {:>6}       {:>9}      {:>6}       {:>9}   ",
            e.frames(),
            e.bytes(),
            e.tx_frames,
            e.tx_bytes,
            e.rx_frames,
            e.rx_bytes
        );
    }
    s.push_str(RULE);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dissect::Addr;

    fn tcp(frame: u32, rel_ns: i64, len: u32, fwd: bool) -> Facts {
        let (a, b) = (Addr::V4([10, 0, 0, 1]), Addr::V4([10, 0, 0, 2]));
        let (src, dst, sport, dport) = if fwd {
            (a, b, 40000, 80)
        } else {
            (b, a, 80, 40000)
        };
        Facts {
            frame,
            rel_ns,
            len,
            eth: None,
            ip4: None,
            ip6: None,
            tcp: Some(super::super::L4 {
                src,
                dst,
                sport,
                dport,
                stream: 0,
            }),
            udp: None,
        }
    }

    #[test]
    fn directions_sizes_and_layout_as_tshark() {
        assert_eq!(format_size(1903), "1903 bytes");
        assert_eq!(format_size(9999), "9999 bytes");
        assert_eq!(format_size(62127), "62 kB");
        assert_eq!(format_size(12_345_678), "12 MB");
        let facts = vec![
            tcp(1, 369_701_000, 74, true),
            tcp(2, 369_800_000, 20_000, false),
            tcp(3, 373_701_000, 66, true),
        ];
        let t = table(Kind::Tcp, &facts, |_| true);
        assert_eq!(t.conversations.len(), 1);
        let c = &t.conversations[0];
        assert_eq!(
            (c.tx_frames, c.tx_bytes, c.rx_frames, c.rx_bytes),
            (2, 140, 1, 20_000)
        );
        let text = conv_text(Kind::Tcp, &t, None);
        let row = text.lines().nth(5).unwrap();
        assert_eq!(
            row,
            "10.0.0.1:40000             <-> 10.0.0.2:80                      1 20 kB           2 140 bytes       3 20 kB         0.369701000         0.0040"
        );
        let e = endpoints_text(Kind::Tcp, &t, None);
        assert!(e.contains("|  Port  ||  Packets  |"));
        assert_eq!(t.endpoints[0].side.port, Some(40000));
        assert_eq!((t.endpoints[1].tx_frames, t.endpoints[1].rx_frames), (1, 2));
    }
}
