//! Conversations and endpoints (Statistics ▸ Conversations / Endpoints, `-z conv,TYPE` and
//! `-z endpoints,TYPE`) for Ethernet, IPv4, IPv6, TCP and UDP, counted as Wireshark's
//! conversation table counts them: a conversation's direction "→" is that of its first
//! packet, "←" the other; TCP and UDP conversations are their streams; an endpoint is an
//! address (with its port for TCP and UDP) and counts what it sent and what it received.

use super::Facts;
use rustc_hash::FxHashMap;

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

/// One side of a conversation: its address as shown, and its port for TCP and UDP.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Side {
    pub addr: String,
    pub port: Option<u16>,
}

impl Side {
    pub fn label(&self, udp: bool) -> String {
        match self.port {
            Some(p) => format!("{}:{}", self.addr, crate::names::port_label_plain(p, udp)),
            None => self.addr.clone(),
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

/// An address as the frames carry it (formatted only once per conversation or endpoint).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Raw {
    Mac([u8; 6]),
    Ip(crate::dissect::Addr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct RawSide {
    addr: Raw,
    port: Option<u16>,
}

impl RawSide {
    fn side(self) -> Side {
        Side {
            addr: match self.addr {
                Raw::Mac(m) => mac_text(&m),
                Raw::Ip(a) => a.to_string(),
            },
            port: self.port,
        }
    }
}

/// What one frame contributes to a table of this kind: (source, destination, stream).
fn sides(kind: Kind, f: &Facts) -> Option<(RawSide, RawSide, Option<u32>)> {
    let s = |addr: Raw, port: Option<u16>| RawSide { addr, port };
    match kind {
        Kind::Eth => {
            let (src, dst) = f.eth?;
            Some((s(Raw::Mac(src), None), s(Raw::Mac(dst), None), None))
        }
        Kind::Ip => {
            let (src, dst) = f.ip4?;
            Some((s(Raw::Ip(src), None), s(Raw::Ip(dst), None), None))
        }
        Kind::Ipv6 => {
            let (src, dst) = f.ip6?;
            Some((s(Raw::Ip(src), None), s(Raw::Ip(dst), None), None))
        }
        Kind::Tcp | Kind::Udp => {
            let t = if kind == Kind::Tcp { f.tcp? } else { f.udp? };
            Some((
                s(Raw::Ip(t.src), Some(t.sport)),
                s(Raw::Ip(t.dst), Some(t.dport)),
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
    /// per conversation: its sides as the frames carry them, and its two endpoints' rows
    raw: Vec<(RawSide, RawSide, usize, usize)>,
    /// a TCP or UDP conversation is found by its stream index; any other by its sides, in
    /// one order, hashed once a frame with a fast hash (a crafted capture that made it
    /// collide would only slow its own statistics)
    by_stream: Vec<usize>,
    convs: FxHashMap<(Option<u32>, RawSide, RawSide), usize>,
    eps: FxHashMap<RawSide, usize>,
    /// No stream index is above the frame count: a larger one is not indexed.
    frames: usize,
}

impl Builder {
    pub fn new(kind: Kind, frames: usize) -> Builder {
        Builder {
            kind,
            t: Table::default(),
            raw: Vec::new(),
            by_stream: Vec::new(),
            convs: FxHashMap::default(),
            eps: FxHashMap::default(),
            frames,
        }
    }

    pub fn finish(self) -> Table {
        self.t
    }

    /// Counts one frame.
    pub fn add(&mut self, f: &Facts) {
        let Builder {
            kind,
            t,
            raw,
            by_stream,
            convs,
            eps,
            frames,
        } = self;
        let Some((src, dst, stream)) = sides(*kind, f) else {
            return;
        };
        let len = f.len as u64;
        let same = |i: usize| {
            raw.get(i)
                .is_some_and(|r| (r.0 == src && r.1 == dst) || (r.0 == dst && r.1 == src))
        };
        let found = match stream {
            Some(s) => by_stream.get(s as usize).copied().filter(|&i| same(i)),
            None => None,
        };
        let key = if src <= dst {
            (stream, src, dst)
        } else {
            (stream, dst, src)
        };
        let found = found.or_else(|| convs.get(&key).copied());
        let i = match found {
            Some(i) => i,
            None => {
                let i = t.conversations.len();
                let mut endpoint = |side: RawSide| {
                    let n = t.endpoints.len();
                    let j = *eps.entry(side).or_insert(n);
                    if j == n {
                        t.endpoints.push(Endpoint {
                            side: side.side(),
                            tx_frames: 0,
                            tx_bytes: 0,
                            rx_frames: 0,
                            rx_bytes: 0,
                        });
                    }
                    j
                };
                let (ea, eb) = (endpoint(src), endpoint(dst));
                raw.push((src, dst, ea, eb));
                t.conversations.push(Conversation {
                    a: src.side(),
                    b: dst.side(),
                    tx_frames: 0,
                    tx_bytes: 0,
                    rx_frames: 0,
                    rx_bytes: 0,
                    start_ns: f.rel_ns,
                    stop_ns: f.rel_ns,
                    stream,
                    first_frame: f.frame,
                });
                convs.insert(key, i);
                if let Some(s) = stream.map(|s| s as usize) {
                    if s >= by_stream.len() && s < *frames {
                        by_stream.resize(s + 1, usize::MAX);
                    }
                    if let Some(slot) = by_stream.get_mut(s) {
                        *slot = i;
                    }
                }
                i
            }
        };
        let Some(&(a, _, ea, eb)) = raw.get(i) else {
            return;
        };
        // "→" is the direction of the conversation's first packet; a frame whose two sides
        // are one address and port counts as sent
        let forward = a == src;
        let (from, to) = if forward { (ea, eb) } else { (eb, ea) };
        let Some(c) = t.conversations.get_mut(i) else {
            return;
        };
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
        if let Some(e) = t.endpoints.get_mut(from) {
            e.tx_frames += 1;
            e.tx_bytes += len;
        }
        if let Some(e) = t.endpoints.get_mut(to) {
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
        crate::push_fmt!(s, "{:<20}      ", e.side.addr);
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
