//! What every dissector works with: the frame's state as it is dissected ([`Ctx`]: bytes,
//! columns, the tree's roots, what the first pass needs), and the small helpers they share
//! (big-endian reads, a data field, a reassembly's list of pieces). Below every protocol
//! file: it names none of them.

use super::tree::{self, expert_info, Build, Group, Node, Severity, Value};
use crate::analysis::ipfrag::FragTable;
use crate::analysis::Analysis;
use crate::capture::file::Record;
use crate::dissect::fields::FieldId;
use crate::wire::Decoded;

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
    pub frag: Option<&'a mut FragTable>,
    /// Build only the items the statistics read (protocol layers, expert items and the
    /// fields of the HTTP tap): `stats::plain_http_frame` asks for it, and a test holds it
    /// to the full tree's answers.
    pub lean: bool,
    /// Dissecting the datagram an ICMP or ICMPv6 error quotes (Wireshark's `in_error_pkt`):
    /// its checksums are not checked, a zero UDP checksum means none over IPv6 too, and the
    /// columns and the first pass's facts stay the error's. Set by `icmp::dissect_quoted`.
    pub in_error: bool,
    /// How many multipart bodies enclose the one being dissected (a crafted body could
    /// nest them without end; `multipart` stops at its limit).
    pub multipart_depth: u8,
    /// The messages a protocol framed by length found whole in the TCP segment being
    /// dissected, (start, length): TCP shows each as `[PDU Size: N]`, as Wireshark's
    /// `tcp_dissect_pdus` does.
    pub pdu_sizes: Vec<(usize, usize)>,
}

impl<'a> Ctx<'a> {
    /// A context over `bytes` with nothing dissected yet (no fragment table, the full tree
    /// when `tree`).
    pub fn new(bytes: &'a [u8], rec: &'a Record, frame: u32, tree: bool) -> Ctx<'a> {
        Ctx {
            bytes,
            rec,
            frame,
            tree,
            an: None,
            protos: Vec::new(),
            cols: Columns::default(),
            dec: Decoded::default(),
            roots: Vec::new(),
            sources: Vec::new(),
            frag: None,
            lean: false,
            in_error: false,
            multipart_depth: 0,
            pdu_sizes: Vec::new(),
        }
    }

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
            let n = Node::new(fid!("_ws.short"), Value::None, 0, 0)
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
                fid!("_ws.malformed.expert"),
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
            fid!("_ws.malformed.reassembly"),
            msg,
        ));
    }
    /// Whether the frame was cut by the capture's snapshot length.
    pub fn snapped(&self) -> bool {
        self.rec.caplen < self.rec.origlen
    }
}

/// Wireshark's `_ws.malformed` item: `label`, and an error with `msg` under `expert`.
fn malformed_node(label: String, expert: FieldId, msg: &str) -> Node {
    let mut n = Node::new(fid!("_ws.malformed"), Value::None, 0, 0).label(label);
    n.push(expert_info(
        expert,
        Severity::Error,
        Group::Malformed,
        msg,
        0,
    ));
    n
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

/// The tree text of a data field: tshark shows at most 36 bytes of a byte string.
/// The data layer's title: "Data (1 byte)", "Data (48 bytes)".
pub fn data_title(n: usize) -> String {
    if n == 1 {
        "Data (1 byte)".into()
    } else {
        format!("Data ({n} bytes)")
    }
}

pub fn data_label(b: &[u8]) -> String {
    bytes_label("Data", b)
}

/// A reassembly's list of pieces: "[3 {what} (21918 bytes): #32(8192), #36(8192), …]"
/// (field `abbrev`) with one `item` per piece, "[Frame: 32, payload: 0-8191 (8192 bytes)]",
/// over the reassembled bytes (`total` long). The caller adds the count, length and data.
pub fn pieces_node(
    abbrev: FieldId,
    item: FieldId,
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
    let mut d = Node::new(fid!("data"), Value::None, off, n).label_fmt(|| data_title(n));
    d.add(fid!("data.data"), Value::Slice, off, n).label = Some(data_label(&cx.bytes[off..]));
    d.add_uint(fid!("data.len"), n as u64, off, 0).flags |= tree::GENERATED;
    cx.roots.push(d);
    if cx.cols.protocol.is_empty() {
        cx.cols.protocol = "Data".into();
    }
}

/// Puts a node and everything under it on data source `ds` (a reassembled or decrypted
/// buffer, by its index in the tree's sources).
pub fn set_ds(n: &mut Node, ds: u8) {
    n.ds = ds;
    for c in &mut n.children {
        set_ds(c, ds);
    }
}

/// Shortens the last layer added so that it ends at `end` (a payload that the capture or
/// an enclosing length cut short), its data field and text with it.
pub fn clamp_last(cx: &mut Ctx, end: usize) {
    let bytes = cx.bytes;
    if let Some(last) = cx.roots.last_mut() {
        if (last.start + last.len) as usize > end && last.start as usize <= end {
            last.len = (end - last.start as usize) as u32;
            if last.field == fid!("data") {
                // the data field, its length and the texts shrink with it
                let (s, l) = (last.start as usize, last.len);
                if last.label.is_some() {
                    last.label = Some(data_title(l as usize));
                }
                for c in &mut last.children {
                    match c.abbrev() {
                        "data.data" => {
                            c.len = l;
                            if c.label.is_some() {
                                c.label = Some(data_label(bytes.get(s..end).unwrap_or(&[])));
                            }
                        }
                        "data.len" => c.value = Value::Uint(l as u64, 0),
                        _ => {}
                    }
                }
            }
        }
    }
}
