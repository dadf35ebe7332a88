//! IPv6's option and routing extension headers: hop-by-hop and destination options, each
//! option read by its type as Wireshark names them, and the routing header (source route,
//! type 2 and segment routing read out; other types shown as their data).

use super::ctx::{be16, be32, Ctx};
use super::tree::{expert_info, hex_string, Build, Group, Node, Severity, Value, GENERATED};
use crate::dissect::fields::FieldId;

/// Which options header: hop-by-hop (next header 0) or destination options (60).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OptsKind {
    HopByHop,
    Destination,
}

impl OptsKind {
    /// The header's protocol, next-header, length and length-in-bytes fields.
    fn fields(self) -> [FieldId; 4] {
        match self {
            OptsKind::HopByHop => [
                fid!("ipv6.hopopts"),
                fid!("ipv6.hopopts.nxt"),
                fid!("ipv6.hopopts.len"),
                fid!("ipv6.hopopts.len_oct"),
            ],
            OptsKind::Destination => [
                fid!("ipv6.dstopts"),
                fid!("ipv6.dstopts.nxt"),
                fid!("ipv6.dstopts.len"),
                fid!("ipv6.dstopts.len_oct"),
            ],
        }
    }
    fn title(self) -> &'static str {
        match self {
            OptsKind::HopByHop => "IPv6 Hop-by-Hop Option",
            OptsKind::Destination => "Destination Options for IPv6",
        }
    }
    /// What the header adds to the Info column (kept only when nothing above replaces it).
    fn info(self) -> &'static str {
        match self {
            OptsKind::HopByHop => "IPv6 hop-by-hop options",
            OptsKind::Destination => "IPv6 destination options",
        }
    }
}

/// Where an extension header is: its offset, its length in bytes, and how many bytes of
/// the IPv6 payload the capture holds from there (what its fields may read).
#[derive(Clone, Copy, Debug)]
pub struct At {
    pub off: usize,
    pub elen: usize,
    pub cap: usize,
}

impl At {
    /// The frame's bytes up to the end of the captured IPv6 payload.
    fn bytes<'a>(&self, frame: &'a [u8]) -> &'a [u8] {
        &frame[..(self.off + self.cap).min(frame.len())]
    }
}

/// The short name Wireshark gives the header behind next header `nxt` (as in
/// `[Malformed Packet: IPv6 Hop-by-Hop]`).
pub fn short_name(nxt: u8) -> &'static str {
    match nxt {
        0 => "IPv6 Hop-by-Hop",
        43 => "IPv6 Routing",
        60 => "IPv6 Destination",
        _ => "IPv6",
    }
}

/// An extension header's tree, and whether the capture ended inside it (Wireshark's
/// exception: the packet is malformed from there on).
pub struct ExtTree {
    pub node: Node,
    pub truncated: bool,
}

/// Option names by type, as Wireshark's table has them.
fn option_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0x00 => "Pad1",
        0x01 => "PadN",
        0x04 => "Tunnel Encapsulation Limit",
        0x05 => "Router Alert",
        0x07 => "CALIPSO",
        0x08 => "SMF_DPD",
        0x0f => "Performance and Diagnostic Metrics",
        0x1e => "Experimental (0x1E)",
        0x26 => "Quick-Start",
        0x30 => "Path MTU Option",
        0x31 => "IOAM Option",
        0x3e => "Experimental (0x3E)",
        0x41 => "Tunnel Payload Forwarding (TPF) Information",
        0x5e => "Experimental (0x5E)",
        0x63 => "RPL Option",
        0x6d => "MPL Option",
        0x7e => "Experimental (0x7E)",
        0x8a => "Endpoint Identification",
        0x8b => "ILNP Nonce",
        0x8c => "Line-Identification Option",
        0x9e => "Experimental (0x9E)",
        0xbe => "Experimental (0xBE)",
        0xc2 => "Jumbo Payload",
        0xc9 => "Home Address",
        0xde => "Experimental (0xDE)",
        0xee => "IP_DFF",
        0xfe => "Experimental (0xFE)",
        _ => return None,
    })
}

/// The header an option must travel in, when its RFC fixes one.
fn option_home(t: u8) -> Option<OptsKind> {
    match t {
        0x05 | 0x07 | 0x08 | 0x26 | 0x30 | 0x31 | 0x63 | 0x6d | 0xc2 | 0xee => {
            Some(OptsKind::HopByHop)
        }
        0x04 | 0x0f | 0x41 | 0x8b | 0x8c | 0xc9 => Some(OptsKind::Destination),
        _ => None,
    }
}

fn action_name(a: u8) -> &'static str {
    match a {
        0 => "Skip and continue",
        1 => "Discard",
        2 => "Discard and send ICMP Parameter Problem",
        _ => "Discard and send ICMP if not multicast",
    }
}

fn router_alert_name(v: u16) -> &'static str {
    match v {
        0 => "MLD",
        1 => "RSVP",
        2 => "Active Network",
        _ => "Unknown",
    }
}

/// Bytes as a label shows them, with Wireshark's word for none.
fn hex_or(b: &[u8], empty: &str) -> String {
    if b.is_empty() {
        empty.to_string()
    } else {
        hex_string(b)
    }
}

/// The next header, length and length-in-bytes items every extension header starts with.
fn ext_head(n: &mut Node, f: [FieldId; 4], b: &[u8], off: usize, elen: usize) {
    let (nh, hl) = (b[off], b[off + 1]);
    n.add_uint(f[1], nh as u64, off, 1)
        .label_fmt(|| format!("Next Header: {} ({nh})", super::ip::proto_long_name(nh)));
    n.add_uint(f[2], hl as u64, off + 1, 1)
        .label_fmt(|| format!("Length: {hl}"));
    n.add_uint(f[3], elen as u64, off + 1, 1)
        .label_fmt(|| format!("Length: {elen} bytes"))
        .flags |= GENERATED;
}

fn malformed_len(at: usize, msg: String) -> Node {
    expert_info(
        fid!("ipv6.opt.invalid_len"),
        Severity::Error,
        Group::Malformed,
        &msg,
        at,
    )
}

fn undecoded(abbrev: FieldId, label: &str, b: &[u8], at: usize, len: usize) -> Node {
    let bytes = b.get(at..at + len).unwrap_or_default();
    let mut n = Node::new(abbrev, Value::Slice, at, len)
        .label_fmt(|| format!("{label}: {}", hex_or(bytes, "<MISSING>")));
    n.push(expert_info(
        fid!("ipv6.opt.unknown_data.expert"),
        Severity::Note,
        Group::Undecoded,
        "Unknown Data (not interpreted)",
        at,
    ));
    n
}

/// A hop-by-hop or destination options header (its first two bytes known to be there).
/// `first`: it follows the IPv6 header directly.
pub fn options(cx: &mut Ctx, kind: OptsKind, at: At, first: bool) -> ExtTree {
    let (off, elen) = (at.off, at.elen);
    let b = at.bytes(cx.bytes);
    let f = kind.fields();
    let mut n = Node::new(f[0], Value::None, off, elen).label(kind.title());
    if kind == OptsKind::HopByHop && !first {
        n.push(expert_info(
            fid!("ipv6.hopopts.not_first"),
            Severity::Error,
            Group::Protocol,
            "IPv6 Hop-by-Hop extension header must appear immediately after IPv6 header",
            off,
        ));
    }
    ext_head(&mut n, f, b, off, elen);
    let info = &mut cx.cols.info;
    if !info.is_empty() {
        info.push_str(" , ");
    }
    info.push_str(kind.info());
    let end = off + elen;
    let mut o = off + 2;
    while o < end {
        let Some(&t) = b.get(o) else {
            return ExtTree {
                node: n,
                truncated: true,
            };
        };
        let name = option_name(t);
        let title = name.map_or_else(|| format!("Unknown IPv6 Option ({t})"), str::to_string);
        if t == 0 {
            let mut on = Node::new(fid!("ipv6.opt"), Value::None, o, 1).label(title);
            on.add(fid!("ipv6.opt.type"), Value::Uint(0, 2), o, 1)
                .label("Type: Pad1 (0x00)");
            on.add(fid!("ipv6.opt.pad1"), Value::None, o, 1)
                .label("Pad1");
            n.push(on);
            o += 1;
            continue;
        }
        let Some(&l) = b.get(o + 1) else {
            return ExtTree {
                node: n,
                truncated: true,
            };
        };
        let (on, next) = option(cx, b, kind, o, t, l as usize, title);
        n.push(on);
        match next {
            Some(next) => o = next,
            None => {
                return ExtTree {
                    node: n,
                    truncated: true,
                }
            }
        }
    }
    ExtTree {
        node: n,
        truncated: false,
    }
}

/// One option (type `t`, `l` data bytes) at `o`: its node, and where the next one starts
/// (`None` when the capture ends inside it).
fn option(
    cx: &mut Ctx,
    b: &[u8],
    kind: OptsKind,
    o: usize,
    t: u8,
    l: usize,
    title: String,
) -> (Node, Option<usize>) {
    let name = option_name(t).unwrap_or("Unknown");
    let mut on = Node::new(fid!("ipv6.opt"), Value::None, o, 2 + l).label(title);
    let ty = on
        .add(fid!("ipv6.opt.type"), Value::Uint(t as u64, 2), o, 1)
        .label_fmt(|| format!("Type: {name} (0x{t:02x})"));
    if let Some(home) = option_home(t).filter(|&h| h != kind) {
        let place = match home {
            OptsKind::HopByHop => "hop-by-hop",
            OptsKind::Destination => "destination",
        };
        ty.push(expert_info(
            fid!("ipv6.opt.header_mismatch"),
            Severity::Warn,
            Group::Protocol,
            &format!("{name} must use a {place} options header"),
            o,
        ));
    }
    let bits = |mask: u64| super::tree::bits_str(t as u64, mask, 8);
    let action = t >> 6;
    ty.add_uint(fid!("ipv6.opt.type.action"), action as u64, o, 1)
        .label_fmt(|| {
            format!(
                "{} = Action: {} ({action})",
                bits(0xc0),
                action_name(action)
            )
        });
    let change = t & 0x20 != 0;
    ty.add(fid!("ipv6.opt.type.change"), Value::Bool(change), o, 1)
        .label_fmt(|| {
            format!(
                "{} = May Change: {}",
                bits(0x20),
                if change { "Yes" } else { "No" }
            )
        });
    ty.add(
        fid!("ipv6.opt.type.rest"),
        Value::Uint((t & 0x1f) as u64, 2),
        o,
        1,
    )
    .label_fmt(|| format!("{} = Low-Order Bits: 0x{:02x}", bits(0x1f), t & 0x1f));
    on.add_uint(fid!("ipv6.opt.length"), l as u64, o + 1, 1)
        .label_fmt(|| format!("Length: {l}"));
    let d = o + 2;
    if b.len() < d + l {
        return (on, None);
    }
    let Some((used, want)) = option_data(cx, b, &mut on, t, d, l) else {
        return (on, None);
    };
    if let Some((_, what)) = want.filter(|&(w, _)| w != l) {
        if let Some(len) = on.children.get_mut(1) {
            len.push(malformed_len(o + 1, format!("{what} ({l} bytes)")));
        }
    }
    if used < l {
        on.push(undecoded(
            fid!("ipv6.opt_unknown_data"),
            "Unknown Data",
            b,
            d + used,
            l - used,
        ));
    }
    (on, Some(d + used.max(l)))
}

/// The fields of option `t` (`l` data bytes at `d`) under its node `on`: how many bytes they
/// read (they may read past the option's length, as Wireshark's do) and the length they
/// expect with the note that names it; `None` when the capture ends inside them.
fn option_data(
    cx: &mut Ctx,
    b: &[u8],
    on: &mut Node,
    t: u8,
    d: usize,
    l: usize,
) -> Option<(usize, Option<(usize, &'static str)>)> {
    let o = d - 2;
    let name = option_name(t).unwrap_or("Unknown");
    let data = b.get(d..d + l)?;
    Some(match t {
        0x01 => {
            on.add(fid!("ipv6.opt.padn"), Value::Slice, d, l)
                .label_fmt(|| format!("PadN: {}", hex_or(data, "<none>")));
            (l, None)
        }
        0x04 => {
            let &v = b.get(d)?;
            on.add_uint(fid!("ipv6.opt.tel"), v as u64, d, 1)
                .label_fmt(|| format!("Tunnel Encapsulation Limit: {v}"));
            (1, Some((1, "Tunnel Encapsulation Limit: Invalid length")))
        }
        0x05 => {
            let v = be16(b, d)?;
            on.add_uint(fid!("ipv6.opt.router_alert"), v as u64, d, 2)
                .label_fmt(|| format!("Router Alert: {} ({v})", router_alert_name(v)));
            (2, Some((2, "Router alert: Invalid Length")))
        }
        0x0f => {
            if b.len() < d + 10 {
                return None;
            }
            on.add_uint(fid!("ipv6.opt.pdm.scale_dtlr"), b[d] as u64, d, 1);
            on.add_uint(fid!("ipv6.opt.pdm.scale_dtls"), b[d + 1] as u64, d + 1, 1);
            for (i, abbrev) in [
                fid!("ipv6.opt.pdm.psn_this_pkt"),
                fid!("ipv6.opt.pdm.psn_last_recv"),
                fid!("ipv6.opt.pdm.delta_last_recv"),
                fid!("ipv6.opt.pdm.delta_last_sent"),
            ]
            .into_iter()
            .enumerate()
            {
                let at = d + 2 + 2 * i;
                on.add_uint(abbrev, be16(b, at).unwrap_or(0) as u64, at, 2);
            }
            (10, Some((10, "PDM: Invalid length")))
        }
        0x41 => {
            let v = be32(b, d)?;
            on.add(
                fid!("ipv6.opt.tpf_information"),
                Value::Uint(v as u64, 8),
                d,
                4,
            )
            .label_fmt(|| format!("TPF Information: 0x{v:08x}"));
            (4, Some((4, "TPF: Invalid Length")))
        }
        0x8a => {
            on.push(undecoded(
                fid!("ipv6.opt.unknown"),
                "Unknown Option Payload",
                b,
                d,
                l,
            ));
            if let Some(ty) = on.children.first_mut() {
                ty.push(expert_info(
                    fid!("ipv6.opt.deprecated"),
                    Severity::Note,
                    Group::Deprecated,
                    "Option type is deprecated",
                    o,
                ));
            }
            (l, None)
        }
        0x8b => {
            on.add(fid!("ipv6.opt.ilnp_nonce"), Value::Slice, d, l)
                .label_fmt(|| format!("ILNP Nonce: {}", hex_or(data, "<MISSING>")));
            (l, None)
        }
        0xc2 => {
            let v = be32(b, d)?;
            jumbo(cx, on, d, v);
            (4, Some((4, "Jumbo Payload: Invalid length")))
        }
        0xc9 => {
            let a = b
                .get(d..d + 16)
                .and_then(|a| <[u8; 16]>::try_from(a).ok())?;
            let text = Value::Ipv6(a).to_fields_string();
            on.add(fid!("ipv6.opt.mipv6.home_address"), Value::Ipv6(a), d, 16)
                .label_fmt(|| format!("MIPv6 Home Address: {text}"));
            // the mobile node's home address is where the packet comes from
            cx.dec.src = Some(crate::wire::Addr::V6(a));
            if cx.tree {
                cx.cols.src = text;
            }
            (16, Some((16, "Home Address: Invalid length")))
        }
        _ if name.starts_with("Experimental") => {
            on.add(fid!("ipv6.opt.experimental"), Value::Slice, d, l)
                .label_fmt(|| format!("Experimental Option: {}", hex_or(data, "<MISSING>")));
            (l, None)
        }
        _ if option_name(t).is_none() => {
            on.push(undecoded(
                fid!("ipv6.opt.unknown"),
                "Unknown Option Payload",
                b,
                d,
                l,
            ));
            (l, None)
        }
        // a named option Fathom does not read field by field: its data, as undecoded
        _ => (0, None),
    })
}

/// The jumbo payload length, and what Wireshark says of it beside an IPv6 payload length.
fn jumbo(cx: &Ctx, on: &mut Node, d: usize, v: u32) {
    let mut j = Node::new(fid!("ipv6.opt.jumbo"), Value::Uint(v as u64, 0), d, 4)
        .label_fmt(|| format!("Payload Length: {v}"));
    if v < 65536 {
        j.push(expert_info(
            fid!("ipv6.opt.jumbo.truncated"),
            Severity::Error,
            Group::Protocol,
            "Jumbo Payload option present and jumbo length < 65536",
            d,
        ));
    }
    on.push(j);
    let plen = cx
        .dec
        .ip6_off
        .and_then(|o| be16(cx.bytes, o as usize + 4))
        .unwrap_or(0);
    if plen != 0 {
        on.push(expert_info(
            fid!("ipv6.opt.jumbo.prohibited"),
            Severity::Warn,
            Group::Protocol,
            "When IPv6 payload length does not equal 0 a Jumbo Payload option must not be present",
            d,
        ));
    }
}

fn routing_type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "Source Route",
        1 => "Nimrod",
        2 => "Type 2 Routing",
        3 => "RPL Source Route",
        4 => "Segment Routing",
        5 => "Compact Routing Header 16",
        6 => "Compact Routing Header 32",
        253 => "Experiment 1",
        254 => "Experiment 2",
        _ => return None,
    })
}

/// An IPv6 address in a routing header, numbered as Wireshark numbers the list.
fn address(abbrev: FieldId, b: &[u8], at: usize, i: usize) -> Option<(Node, [u8; 16])> {
    let a = <[u8; 16]>::try_from(b.get(at..at + 16)?).ok()?;
    let n = Node::new(abbrev, Value::Ipv6(a), at, 16)
        .label_fmt(|| format!("Address[{i}]: {}", Value::Ipv6(a).to_fields_string()));
    Some((n, a))
}

/// A routing header (its first two bytes known to be there). A source route, type 2 or
/// segment routing header with segments left sends the packet on to another address,
/// which the Destination column shows, as Wireshark does.
pub fn routing(cx: &mut Ctx, at: At) -> ExtTree {
    let (off, elen) = (at.off, at.elen);
    let b = at.bytes(cx.bytes);
    let (Some(&hl), Some(&ty), Some(&left)) = (b.get(off + 1), b.get(off + 2), b.get(off + 3))
    else {
        return ExtTree {
            node: Node::new(fid!("ipv6.routing"), Value::None, off, elen)
                .label("Routing Header for IPv6"),
            truncated: true,
        };
    };
    let tname = routing_type_name(ty);
    let mut n = Node::new(fid!("ipv6.routing"), Value::None, off, elen).label_fmt(|| {
        let t = tname.map_or_else(|| format!("Unknown type {ty}"), str::to_string);
        format!("Routing Header for IPv6 ({t})")
    });
    ext_head(
        &mut n,
        [
            fid!("ipv6.routing"),
            fid!("ipv6.routing.nxt"),
            fid!("ipv6.routing.len"),
            fid!("ipv6.routing.len_oct"),
        ],
        b,
        off,
        elen,
    );
    let info = &mut cx.cols.info;
    if !info.is_empty() {
        info.push_str(" , ");
    }
    info.push_str("IPv6 routing");
    n.add_uint(fid!("ipv6.routing.type"), ty as u64, off + 2, 1)
        .label_fmt(|| format!("Type: {} ({ty})", tname.unwrap_or("Unknown")));
    n.add_uint(fid!("ipv6.routing.segleft"), left as u64, off + 3, 1)
        .label_fmt(|| format!("Segments Left: {left}"));
    if b.len() < off + 8 {
        return ExtTree {
            node: n,
            truncated: true,
        };
    }
    let rt = Route {
        b,
        off,
        elen,
        hl,
        left,
    };
    let (dst, truncated) = match ty {
        0 | 2 => rt.source_route(&mut n, ty),
        4 => rt.segments(&mut n),
        _ => match b.get(off + 4..off + elen) {
            Some(data) => {
                let mut u = Node::new(
                    fid!("ipv6.routing.unknown_data"),
                    Value::Slice,
                    off + 4,
                    elen - 4,
                )
                .label_fmt(|| format!("Type-Specific Data: {}", hex_string(data)));
                u.push(expert_info(
                    fid!("ipv6.routing.undecoded"),
                    Severity::Note,
                    Group::Undecoded,
                    "Undecoded IPv6 routing header field",
                    off + 4,
                ));
                n.push(u);
                (None, false)
            }
            None => (None, true),
        },
    };
    if let Some(a) = dst.filter(|_| left > 0) {
        // where the conversation and the checksums' pseudo-header see it go, too
        cx.dec.dst = Some(crate::wire::Addr::V6(a));
        if cx.tree {
            cx.cols.dst = Value::Ipv6(a).to_fields_string();
        }
    }
    ExtTree { node: n, truncated }
}

/// A routing header's bytes and the fields every type reads.
struct Route<'a> {
    b: &'a [u8],
    off: usize,
    elen: usize,
    hl: u8,
    left: u8,
}

/// The Length, Type and Segments Left items of a routing header's node, where the checks
/// of each type hang their notes.
const LEN_ITEM: usize = 1;
const TYPE_ITEM: usize = 3;
const LEFT_ITEM: usize = 4;

impl Route<'_> {
    fn note(&self, n: &mut Node, item: usize, abbrev: FieldId, sev: Severity, msg: &str) {
        let group = match sev {
            Severity::Error => Group::Malformed,
            Severity::Note => Group::Deprecated,
            _ => Group::Protocol,
        };
        if let Some(i) = n.children.get_mut(item) {
            i.push(expert_info(abbrev, sev, group, msg, self.off));
        }
    }

    /// `count` addresses from byte 8 on, numbered from `first`: the one the packet goes on
    /// to (the last of a source route, the first of a segment list), and whether the
    /// capture or the header ended first.
    fn addresses(
        &self,
        n: &mut Node,
        abbrev: FieldId,
        count: usize,
        first: usize,
        last_is_next: bool,
    ) -> (Option<[u8; 16]>, bool) {
        let mut next = None;
        for i in 0..count {
            let at = self.off + 8 + 16 * i;
            match address(abbrev, self.b, at, i + first).filter(|_| at + 16 <= self.off + self.elen)
            {
                Some((a, v)) => {
                    n.push(a);
                    if last_is_next || i == 0 {
                        next = Some(v);
                    }
                }
                None => return (next, true),
            }
        }
        (next, false)
    }

    /// Type 0 (source route, deprecated) and type 2 (mobile IPv6's home address).
    fn source_route(&self, n: &mut Node, ty: u8) -> (Option<[u8; 16]>, bool) {
        let (off, hl, left) = (self.off, self.hl, self.left);
        let (reserved, addr) = if ty == 0 {
            (
                fid!("ipv6.routing.src.reserved"),
                fid!("ipv6.routing.src.addr"),
            )
        } else {
            (
                fid!("ipv6.routing.mipv6.reserved"),
                fid!("ipv6.routing.mipv6.home_address"),
            )
        };
        let r = &self.b[off + 4..off + 8];
        n.add(reserved, Value::Slice, off + 4, 4)
            .label_fmt(|| format!("Reserved: {}", hex_string(r)));
        let (bad_len, bad_left) = (
            fid!("ipv6.routing.invalid_length"),
            fid!("ipv6.routing.invalid_segleft"),
        );
        let count = if ty == 0 {
            if hl % 2 != 0 {
                let msg = "IPv6 Routing Header extension header length must not be odd";
                self.note(n, LEN_ITEM, bad_len, Severity::Error, msg);
            }
            let count = (hl / 2) as usize;
            if left as usize > count {
                let msg = format!(
                    "IPv6 Type 0 Routing Header segments left field must not exceed address count ({count})"
                );
                self.note(n, LEFT_ITEM, bad_left, Severity::Warn, &msg);
            }
            count
        } else {
            if hl != 2 {
                let msg = "IPv6 Type 2 Routing Header extension header length must equal 2";
                self.note(n, LEN_ITEM, bad_len, Severity::Error, msg);
            }
            if left != 1 {
                let msg = "IPv6 Type 2 Routing Header segments left field must equal 1";
                self.note(n, LEFT_ITEM, bad_left, Severity::Warn, msg);
            }
            1
        };
        let found = self.addresses(n, addr, count, 1, true);
        if ty == 0 {
            let msg = "Routing header type is deprecated";
            self.note(
                n,
                TYPE_ITEM,
                fid!("ipv6.routing.deprecated"),
                Severity::Note,
                msg,
            );
        }
        found
    }

    /// Type 4, segment routing: its list runs backwards, the first entry is the final
    /// destination.
    fn segments(&self, n: &mut Node) -> (Option<[u8; 16]>, bool) {
        let (off, b) = (self.off, self.b);
        let (last, flags) = (b[off + 4], b[off + 5]);
        n.add_uint(fid!("ipv6.routing.srh.last_entry"), last as u64, off + 4, 1);
        n.add(
            fid!("ipv6.routing.srh.flags"),
            Value::Uint(flags as u64, 2),
            off + 5,
            1,
        )
        .label_fmt(|| format!("Flags: 0x{flags:02x}"));
        let tag = &b[off + 6..off + 8];
        n.add(fid!("ipv6.routing.srh.tag"), Value::Slice, off + 6, 2)
            .label_fmt(|| format!("Tag: {}", hex_string(tag)));
        let count = last as usize + 1;
        if self.left as usize > count {
            let msg = format!(
                "IPv6 Type 4 Routing Header segments left field must not exceed address count ({count})"
            );
            self.note(
                n,
                LEFT_ITEM,
                fid!("ipv6.routing.invalid_segleft"),
                Severity::Warn,
                &msg,
            );
        }
        self.addresses(n, fid!("ipv6.routing.srh.addr"), count, 0, false)
    }
}

fields! {
    "ipv6.hopopts", "IPv6 Hop-by-Hop Option", FT_PROTOCOL;
    "ipv6.hopopts.nxt", "Next Header", FT_UINT8;
    "ipv6.hopopts.len", "Length", FT_UINT8;
    "ipv6.hopopts.len_oct", "Length", FT_UINT16;
    "ipv6.hopopts.not_first", "IPv6 Hop-by-Hop extension header must appear immediately after IPv6 header", FT_NONE;
    "ipv6.dstopts", "Destination Options for IPv6", FT_PROTOCOL;
    "ipv6.dstopts.nxt", "Next Header", FT_UINT8;
    "ipv6.dstopts.len", "Length", FT_UINT8;
    "ipv6.dstopts.len_oct", "Length", FT_UINT16;
    "ipv6.routing", "Routing Header for IPv6", FT_PROTOCOL;
    "ipv6.routing.nxt", "Next Header", FT_UINT8;
    "ipv6.routing.len", "Length", FT_UINT8;
    "ipv6.routing.len_oct", "Length", FT_UINT16;
    "ipv6.routing.type", "Type", FT_UINT8;
    "ipv6.routing.segleft", "Segments Left", FT_UINT8;
    "ipv6.routing.unknown_data", "Type-Specific Data", FT_BYTES;
    "ipv6.routing.src.reserved", "Reserved", FT_BYTES;
    "ipv6.routing.src.addr", "Address", FT_IPv6;
    "ipv6.routing.mipv6.reserved", "Reserved", FT_BYTES;
    "ipv6.routing.mipv6.home_address", "Home Address", FT_IPv6;
    "ipv6.routing.srh.last_entry", "Last Entry", FT_UINT8;
    "ipv6.routing.srh.flags", "Flags", FT_UINT8;
    "ipv6.routing.srh.tag", "Tag", FT_BYTES;
    "ipv6.routing.srh.addr", "Address", FT_IPv6;
    "ipv6.routing.invalid_length", "Invalid IPv6 Routing header length", FT_NONE;
    "ipv6.routing.invalid_segleft", "IPv6 Routing Header segments left field must not exceed address count", FT_NONE;
    "ipv6.routing.undecoded", "Undecoded IPv6 routing header field", FT_NONE;
    "ipv6.routing.deprecated", "Routing header type is deprecated", FT_NONE;
    "ipv6.opt", "IPv6 Option", FT_NONE;
    "ipv6.opt.type", "Type", FT_UINT8;
    "ipv6.opt.type.action", "Action", FT_UINT8;
    "ipv6.opt.type.change", "May Change", FT_BOOLEAN;
    "ipv6.opt.type.rest", "Low-Order Bits", FT_UINT8;
    "ipv6.opt.length", "Length", FT_UINT8;
    "ipv6.opt.pad1", "Pad1", FT_NONE;
    "ipv6.opt.padn", "PadN", FT_BYTES;
    "ipv6.opt.tel", "Tunnel Encapsulation Limit", FT_UINT8;
    "ipv6.opt.router_alert", "Router Alert", FT_UINT16;
    "ipv6.opt.jumbo", "Payload Length", FT_UINT32;
    "ipv6.opt.pdm.scale_dtlr", "Scale DTLR", FT_UINT8;
    "ipv6.opt.pdm.scale_dtls", "Scale DTLS", FT_UINT8;
    "ipv6.opt.pdm.psn_this_pkt", "PSN This Packet", FT_UINT16;
    "ipv6.opt.pdm.psn_last_recv", "PSN Last Received", FT_UINT16;
    "ipv6.opt.pdm.delta_last_recv", "Delta Time Last Received", FT_UINT16;
    "ipv6.opt.pdm.delta_last_sent", "Delta Time Last Sent", FT_UINT16;
    "ipv6.opt.tpf_information", "TPF Information", FT_UINT32;
    "ipv6.opt.ilnp_nonce", "ILNP Nonce", FT_BYTES;
    "ipv6.opt.mipv6.home_address", "MIPv6 Home Address", FT_IPv6;
    "ipv6.opt.experimental", "Experimental Option", FT_BYTES;
    "ipv6.opt.unknown", "Unknown Option Payload", FT_BYTES;
    "ipv6.opt_unknown_data", "Unknown Data", FT_BYTES;
    "ipv6.opt.unknown_data.expert", "Unknown Data (not interpreted)", FT_NONE;
    "ipv6.opt.invalid_len", "Invalid IPv6 option length", FT_NONE;
    "ipv6.opt.header_mismatch", "Wrong options extension header for type", FT_NONE;
    "ipv6.opt.deprecated", "Option type is deprecated", FT_NONE;
    "ipv6.opt.jumbo.prohibited", "When IPv6 payload length does not equal 0 a Jumbo Payload option must not be present", FT_NONE;
    "ipv6.opt.jumbo.truncated", "Jumbo Payload option present and jumbo length < 65536", FT_NONE;
}
