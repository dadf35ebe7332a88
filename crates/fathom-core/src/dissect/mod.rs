//! Bytes to protocol tree, one file per protocol.
//!
//! One code path serves both passes: the first pass runs with `tree == false` and only fills
//! [`Decoded`] (what the analysis needs); the second pass, for printing or for the selected
//! frame, builds the full tree and columns, reading the analysis results.
//!
//! This file is the top of the folder: it picks the link layer's dissector. The protocols
//! import what they share from `ctx.rs`, `tree.rs` and `table.rs` (the Ethernet-type and
//! IP-protocol tables they register in), never this file, and never a protocol that
//! could lead back to them.

pub mod arp;
pub mod content;
pub mod ctx;
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
pub mod ipopt;
pub mod ipv6;
pub mod ipv6ext;
pub mod l2tp;
pub mod mail;
pub mod mld;
pub mod mpls;
pub mod multipart;
pub mod mysql;
pub mod nbns;
pub mod ndp;
pub mod nflog;
pub mod ntp;
pub mod null;
pub mod ppp;
pub mod pptp;
pub mod rip;
pub mod sflow;
pub mod sll;
pub mod ssh;
pub mod table;
pub mod tcp;
pub mod telnet;
pub mod tls;
pub mod tree;
pub mod udp;
pub mod websocket;
pub mod x11;

use crate::analysis::Analysis;
use crate::capture::file::Record;
pub use ctx::{be16, be32, data, Columns, Ctx};
pub use tree::{expert_info, Build, Group, Node, Severity, Tree, Value};

pub use crate::wire::{
    Addr, Decoded, TcpOpts, TcpSeg, UdpDgram, TH_ACK, TH_FIN, TH_PUSH, TH_RST, TH_SYN, TH_URG,
};

/// A dissected frame: the tree, the columns and what the first pass needs.
pub struct Dissection {
    pub tree: Tree,
    pub cols: Columns,
    pub dec: Decoded,
    pub protocols: String,
}

// the first pass reads headers through this (it does not import the dissectors)
inventory::submit! {
    crate::analysis::register::FrameDecoder { decode }
}

/// The first pass: decode without a tree. `frag` carries IP fragments across frames.
pub fn decode(rec: &Record, frame: u32, bytes: &[u8], frag: &mut ip::FragTable) -> Decoded {
    let mut cx = Ctx::new(bytes, rec, frame, false);
    cx.frag = Some(frag);
    link(&mut cx, rec.linktype);
    cx.dec
}

/// The second pass over a whole file: reads it again and dissects every frame of the first
/// pass that `want` accepts, handing each to `each` with its record and bytes.
pub fn each_frame(
    cf: &crate::capture::file::CaptureFile,
    an: &Analysis,
    labels: Labels,
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
            let d = dissect_with(&rec, frame, &buf, an, labels);
            each(frame, &rec, &buf, d)?;
        }
    }
    Ok(())
}

/// Whether a dissection writes its tree items' labels ("Sequence Number: 1 (relative
/// sequence number)"). Only what shows the tree (the details pane, `-V`, JSON, a search of the
/// details) needs them; a filter, a column, a statistic or `-T fields` reads fields, and
/// skipping the text makes those passes about three times faster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Labels {
    Written,
    Skipped,
}

impl Labels {
    /// Written when `on`.
    pub fn when(on: bool) -> Labels {
        if on {
            Labels::Written
        } else {
            Labels::Skipped
        }
    }
}

/// The second pass: the full tree (labels written) and columns of one frame, with the
/// analysis results.
pub fn dissect(rec: &Record, frame: u32, bytes: &[u8], an: &Analysis) -> Dissection {
    dissect_with(rec, frame, bytes, an, Labels::Written)
}

/// The second pass of one frame, writing its tree items' labels or not.
pub fn dissect_with(
    rec: &Record,
    frame: u32,
    bytes: &[u8],
    an: &Analysis,
    labels: Labels,
) -> Dissection {
    // the builders of tree items read it for as long as this dissection lasts
    let _labels = tree::labels(labels == Labels::Written);
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
        in_error: false,
        multipart_depth: 0,
        pdu_sizes: Vec::new(),
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
            .find(|c| c.field == fid!("frame.protocols"))
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
                    .push(Node::new(fid!("raw"), Value::None, 0, len).label("Raw packet data"));
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
    let mut n = Node::text(info.clone(), 0, b.len());
    n.add_uint(fid!("frame.cb_pen"), pen as u64, 8, 4)
        .label(format!("Private Enterprise Number: {name} ({pen})"));
    n.add(fid!("frame.cb_copy"), Value::Bool(copied), 0, 4)
        .label(format!(
            "Copying: {}",
            if copied { "Allowed" } else { "Not Allowed" }
        ));
    cx.roots.push(n);
    cx.cols.protocol = "PCAPNG".into();
    cx.cols.info = info;
}
