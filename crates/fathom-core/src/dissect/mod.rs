//! Bytes to protocol tree, one file per protocol.
//!
//! One code path serves both passes: the first pass runs with `tree == false` and only fills
//! [`Decoded`] (what the analysis needs); the second pass, for printing or for the selected
//! frame, builds the full tree and columns, reading the analysis results.

pub mod arp;
pub mod dblsp;
pub mod dhcp;
pub mod dns;
pub mod ethernet;
pub mod fields;
pub mod frame;
pub mod gre;
pub mod http;
pub mod http2;
pub mod icmp;
pub mod icmpv6;
pub mod igmp;
pub mod ip;
pub mod ipv6;
pub mod l2tp;
pub mod mpls;
pub mod mysql;
pub mod nbns;
pub mod nflog;
pub mod ntp;
pub mod null;
pub mod ppp;
pub mod pptp;
pub mod rip;
pub mod sflow;
pub mod sll;
pub mod ssh;
pub mod tcp;
pub mod telnet;
pub mod tls;
pub mod tree;
pub mod udp;
pub mod websocket;
pub mod x11;

use crate::analysis::Analysis;
use crate::capture::file::Record;
pub use tree::{expert_info, Build, Group, Node, Severity, Tree, Value};

pub use crate::wire::{
    Addr, Decoded, TcpOpts, TcpSeg, UdpDgram, TH_ACK, TH_FIN, TH_PUSH, TH_RST, TH_SYN, TH_URG,
};

#[derive(Clone, Debug, Default)]
pub struct Columns {
    pub src: String,
    pub dst: String,
    pub protocol: String,
    pub info: String,
}

/// Per-frame dissection state.
pub struct Ctx<'a> {
    pub bytes: &'a [u8],
    pub rec: &'a Record,
    pub frame: u32,
    pub tree: bool,
    pub an: Option<&'a Analysis>,
    pub protos: Vec<&'static str>,
    pub cols: Columns,
    pub dec: Decoded,
    pub roots: Vec<Node>,
    pub sources: Vec<(String, Vec<u8>)>,
    /// The IP fragment table for the first pass.
    pub frag: Option<&'a mut ip::FragTable>,
    /// Build only the items the statistics read (protocol layers, expert items and the
    /// fields of the HTTP tap): `stats::plain_http_frame` asks for it, and a test holds it
    /// to the full tree's answers.
    pub lean: bool,
}

impl<'a> Ctx<'a> {
    pub fn set_proto(&mut self, p: &str) {
        if self.tree {
            self.cols.protocol.clear();
            self.cols.protocol.push_str(p);
        }
    }
    pub fn set_info(&mut self, s: impl Into<String>) {
        if self.tree {
            self.cols.info = s.into();
        }
    }
    pub fn proto(&mut self, p: &'static str) {
        if self.tree {
            self.protos.push(p);
        }
    }
    /// Adds a layer that ran out of bytes: `[Malformed Packet]` or, when the capture cut the
    /// frame short, `[Packet size limited during capture]`.
    pub fn malformed(&mut self, proto_name: &str, truncated_by_capture: bool) {
        if !self.tree {
            return;
        }
        if truncated_by_capture {
            let n = Node::new("_ws.short", Value::None, 0, 0)
                .label(format!(
                    "[Packet size limited during capture: {proto_name} truncated]"
                ))
                .expert(Severity::Warn, "Packet size limited during capture");
            self.roots.push(n);
            self.cols
                .info
                .push_str("[Packet size limited during capture]");
        } else {
            self.protos.push("_ws.malformed");
            self.roots.push(malformed_node(
                format!("[Malformed Packet: {proto_name}]"),
                "_ws.malformed.expert",
                "Malformed Packet (Exception occurred)",
            ));
            self.cols.info.push_str("[Malformed Packet]");
        }
    }
    /// Adds a reassembly error (Wireshark's `[Reassembly error, protocol P: ...]`).
    pub fn reassembly_error(&mut self, proto_name: &str, msg: &str) {
        if !self.tree {
            return;
        }
        self.roots.push(malformed_node(
            format!("[Reassembly error, protocol {proto_name}: {msg}]"),
            "_ws.malformed.reassembly",
            msg,
        ));
    }
    /// Whether the frame was cut by the capture's snapshot length.
    pub fn snapped(&self) -> bool {
        self.rec.caplen < self.rec.origlen
    }
}

/// Wireshark's `_ws.malformed` item: `label`, and an error with `msg` under `expert`.
fn malformed_node(label: String, expert: &'static str, msg: &str) -> Node {
    let mut n = Node::new("_ws.malformed", Value::None, 0, 0).label(label);
    n.push(expert_info(
        expert,
        Severity::Error,
        Group::Malformed,
        msg,
        0,
    ));
    n
}

/// A dissected frame: the tree, the columns and what the first pass needs.
pub struct Dissection {
    pub tree: Tree,
    pub cols: Columns,
    pub dec: Decoded,
    pub protocols: String,
}

/// Reads big-endian integers without panicking.
pub fn be16(b: &[u8], off: usize) -> Option<u16> {
    b.get(off..off + 2)
        .map(|s| u16::from_be_bytes([s[0], s[1]]))
}
pub fn be32(b: &[u8], off: usize) -> Option<u32> {
    b.get(off..off + 4)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

// the first pass reads headers through this (it does not import the dissectors)
inventory::submit! {
    crate::analysis::register::FrameDecoder { decode }
}

/// The first pass: decode without a tree. `frag` carries IP fragments across frames.
pub fn decode(rec: &Record, frame: u32, bytes: &[u8], frag: &mut ip::FragTable) -> Decoded {
    let mut cx = Ctx {
        bytes,
        rec,
        frame,
        tree: false,
        an: None,
        protos: Vec::new(),
        cols: Columns::default(),
        dec: Decoded::default(),
        roots: Vec::new(),
        sources: Vec::new(),
        frag: Some(frag),
        lean: false,
    };
    link(&mut cx, rec.linktype);
    cx.dec
}

/// The second pass over a whole file: reads it again and dissects every frame of the first
/// pass that `want` accepts, handing each to `each` with its record and bytes.
pub fn each_frame(
    cf: &crate::capture::file::CaptureFile,
    an: &Analysis,
    mut want: impl FnMut(u32) -> bool,
    mut each: impl FnMut(u32, &Record, &[u8], Dissection) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut r = cf.reader()?;
    let mut buf = Vec::new();
    let mut frame = 0u32;
    while let Some(rec) = r.next(&mut buf) {
        frame += 1;
        if frame as usize > an.frames.len() {
            break;
        }
        if want(frame) {
            let d = dissect(&rec, frame, &buf, an);
            each(frame, &rec, &buf, d)?;
        }
    }
    Ok(())
}

/// The second pass: the full tree and columns of one frame, with the analysis results.
pub fn dissect(rec: &Record, frame: u32, bytes: &[u8], an: &Analysis) -> Dissection {
    let mut cx = Ctx {
        bytes,
        rec,
        frame,
        tree: true,
        an: Some(an),
        protos: Vec::with_capacity(8),
        cols: Columns::default(),
        dec: Decoded::default(),
        roots: Vec::with_capacity(6),
        sources: Vec::new(),
        frag: None,
        lean: false,
    };
    frame::dissect(&mut cx);
    if an.ignored.contains(&frame) {
        // an ignored packet is dissected no further than its frame, as in Wireshark
        cx.cols.protocol = "N/A".into();
        cx.cols.info = "<Ignored>".into();
    } else {
        link(&mut cx, rec.linktype);
    }
    let protocols = cx
        .protos
        .iter()
        .filter(|p| !p.starts_with('_'))
        .copied()
        .collect::<Vec<_>>()
        .join(":");
    if let Some(f) = cx.roots.first_mut() {
        if let Some(p) = f
            .children
            .iter_mut()
            .find(|c| c.abbrev == "frame.protocols")
        {
            p.value = Value::Str(protocols.clone());
        }
    }
    if cx.cols.protocol.is_empty() {
        cx.cols.protocol = "Data".into();
    }
    Dissection {
        tree: Tree {
            roots: cx.roots,
            sources: cx.sources,
        },
        cols: cx.cols,
        dec: cx.dec,
        protocols,
    }
}

fn link(cx: &mut Ctx, linktype: u16) {
    let len = cx.bytes.len();
    match linktype {
        1 => ethernet::dissect(cx, 0),
        113 => sll::dissect(cx),
        276 => sll::dissect2(cx),
        0 | 108 => null::dissect(cx),
        101 | 12 | 14 => {
            cx.proto("raw");
            if cx.tree {
                cx.roots
                    .push(Node::new("raw", Value::None, 0, len).label("Raw packet data"));
                cx.cols.protocol = "Raw".into();
                cx.cols.info = "Raw packet data".into();
            }
            match cx.bytes.first().map(|b| b >> 4) {
                Some(4) => ip::dissect(cx, 0),
                Some(6) => ipv6::dissect(cx, 0),
                _ => data(cx, 0),
            }
        }
        crate::capture::file::LINKTYPE_CUSTOM_BLOCK => custom_block(cx),
        239 => nflog::dissect(cx),
        228 => ip::dissect(cx, 0),
        229 => ipv6::dissect(cx, 0),
        _ => {
            // a link type Fathom does not dissect: tshark names its encapsulation number
            if cx.tree {
                cx.cols.protocol = "UNKNOWN".into();
                cx.cols.info = format!("WTAP_ENCAP = {}", frame::encap_of(linktype));
            }
            data(cx, 0)
        }
    }
}

/// The tree text of a data field: tshark shows at most 36 bytes of a byte string.
pub fn data_label(b: &[u8]) -> String {
    bytes_label("Data", b)
}

/// A reassembly's list of pieces: "[3 {what} (21918 bytes): #32(8192), #36(8192), …]"
/// (field `abbrev`) with one `item` per piece, "[Frame: 32, payload: 0-8191 (8192 bytes)]",
/// over the reassembled bytes (`total` long). The caller adds the count, length and data.
pub fn pieces_node(
    abbrev: &'static str,
    item: &'static str,
    what: &str,
    pieces: &[(u32, u32)],
    total: usize,
) -> Node {
    let mut n = Node::new(abbrev, Value::None, 0, total).label_fmt(|| {
        let list: Vec<String> = pieces.iter().map(|(f, l)| format!("#{f}({l})")).collect();
        format!(
            "[{} {what} ({total} bytes): {}]",
            pieces.len(),
            list.join(", ")
        )
    });
    let mut pos = 0usize;
    for &(f, l) in pieces {
        let l = l as usize;
        n.add(item, Value::Frame(f), pos, l).label_fmt(|| {
            format!(
                "[Frame: {f}, payload: {pos}-{} ({l} bytes)]",
                (pos + l).saturating_sub(1)
            )
        });
        pos += l;
    }
    n
}

/// "Name: 3c68746d…": a byte field's label, cut as tshark cuts it (36 bytes).
pub fn bytes_label(name: &str, b: &[u8]) -> String {
    let mut t = format!("{name}: ");
    tree::hex_into(&b[..b.len().min(36)], &mut t);
    if b.len() > 36 {
        t.push('…');
    }
    t
}

/// Payload that no dissector claims.
pub fn data(cx: &mut Ctx, off: usize) {
    if !cx.tree || off >= cx.bytes.len() {
        return;
    }
    let n = cx.bytes.len() - off;
    cx.proto("data");
    let mut d = Node::new("data", Value::None, off, n).label_fmt(|| format!("Data ({n} bytes)"));
    d.add("data.data", Value::Slice, off, n).label = Some(data_label(&cx.bytes[off..]));
    d.add_uint("data.len", n as u64, off, 0).flags |= tree::GENERATED;
    cx.roots.push(d);
    if cx.cols.protocol.is_empty() {
        cx.cols.protocol = "Data".into();
    }
}

/// Dispatch on an Ethernet type (Ethernet, VLAN, SLL).
pub fn ethertype(cx: &mut Ctx, etype: u16, off: usize) {
    cx.proto("ethertype");
    match etype {
        0x0800 => ip::dissect(cx, off),
        0x86dd => ipv6::dissect(cx, off),
        0x0806 => arp::dissect(cx, off),
        0x8100 | 0x88a8 | 0x9100 => ethernet::vlan(cx, off),
        0x8864 => ppp::pppoe_session(cx, off),
        0x8847 | 0x8848 => mpls::dissect(cx, off),
        _ => data(cx, off),
    }
}

/// A pcapng Custom Block shown as a frame: its Private Enterprise Number.
fn custom_block(cx: &mut Ctx) {
    if !cx.tree {
        return;
    }
    let b = cx.bytes;
    // the block type was stored big-endian in the first four bytes by the reader
    let copied = be32(b, 0) == Some(0x0000_0bad) || b.get(0..4) == Some(&[0xad, 0x0b, 0, 0]);
    let pen_le = b
        .get(8..12)
        .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
        .unwrap_or(0);
    let pen_be = be32(b, 8).unwrap_or(0);
    let pen = if pen_le < 0x0100_0000 { pen_le } else { pen_be };
    let name = match pen {
        32473 => "Example Enterprise Number for Documentation Use",
        36724 => "Kaplan Research and Application Prototyping",
        _ => "Unknown",
    };
    let info = format!(
        "Custom Block: PEN = {name} ({pen}), {}",
        if copied {
            "will be copied"
        } else {
            "will not be copied"
        }
    );
    cx.proto("data");
    let mut n = Node::new("pcapng.custom", Value::None, 0, b.len()).label(info.clone());
    n.add_uint("pcapng.custom.pen", pen as u64, 8, 4);
    cx.roots.push(n);
    cx.cols.protocol = "pcapng".into();
    cx.cols.info = info;
}
