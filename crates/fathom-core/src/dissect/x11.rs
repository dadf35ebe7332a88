//! X11 on TCP ports 6000–6063: requests from the client, replies, events and errors from the
//! server, named as tshark names them in the Info column (`Requests: CreatePixmap, FreeGC`,
//! `Reply: TranslateCoordinates`, `Event: KeyPress`).
//!
//! The first pass (`observe`) walks each conversation in order: it keeps the byte order, the
//! sequence number of each request (so a reply names the request it answers), and the bytes a
//! message still needs from the next segment. A capture that starts mid-connection learns the
//! sequence number from the server's first replies and events, as Wireshark does. The names
//! of each frame's messages are kept for the display pass (`dissect`).
//!
//! A message that runs past the end of a segment continues in the next whole segment; a
//! segment cut by the snapshot length ends the walk (the rest is not reassembled), and its
//! Info ends with `[Packet size limited during capture]`.

use super::ctx::Ctx;
use super::tree::{Build, Node, Severity, Value};
use std::collections::HashMap;

/// Whether a TCP port is X11's (displays :0 to :63).
pub fn is_port(p: u16) -> bool {
    (6000..=6063).contains(&p)
}

// X11's first pass, registered with the analysis: its ports are in Wireshark's port table,
// and it reads the requests and replies of the connections the table gives it.
inventory::submit! {
    crate::analysis::register::TcpProtocol {
        name: "x11",
        table_ports: Some(is_port),
        watches: |p| p.owned_by("x11"),
        observe: |data, s| {
            if let Some(st) = data.get_or_default::<X11State>() {
                let conv = st.convs.entry(s.stream).or_default();
                let f = observe(conv, s.side, s.frame, s.payload, s.len);
                st.frames.insert(s.frame, f);
            }
        },
    }
}

/// One message of a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    /// Offset in the segment's payload.
    pub off: u32,
    pub len: u32,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The client's connection setup.
    InitialRequest,
    /// The server's answer to it.
    InitialReply,
    Request {
        opcode: u8,
    },
    /// A request whose length field says 0 (and no BIG-REQUESTS length either).
    Bogus,
    /// A reply: its sequence number (the display pass names the request it answers).
    Reply {
        seq: u16,
    },
    Event {
        code: u8,
    },
    Error {
        code: u8,
    },
}

/// What the first pass learned of one frame.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct X11Frame {
    pub msgs: Vec<Msg>,
    /// The walk ran into the end of what was captured (tshark's "Packet size limited").
    pub cut: bool,
    /// The segment only continues a message an earlier segment began (no X11 dissector runs).
    pub inside: bool,
}

/// The first pass's X11 results: each conversation's state, each frame's messages.
#[derive(Default)]
pub struct X11State {
    pub convs: HashMap<u32, X11Conv>,
    pub frames: HashMap<u32, X11Frame>,
}

// what a sequence number maps to besides an opcode (as Wireshark's table keeps it)
const NOTHING_SEEN: i32 = -3;
const INITIAL_CONN: i32 = -1;

/// One X11 conversation as the first pass has seen it so far.
#[derive(Clone, Debug)]
pub struct X11Conv {
    /// Byte order, once known (true: little endian).
    le: Option<bool>,
    /// The sequence number of the newest request (it is not wrapped at 16 bits, so after
    /// 65,535 requests replies no longer find theirs, as in Wireshark).
    seqnum: i64,
    /// The first reply set `seqnum` (a capture that starts mid-connection).
    resynced: bool,
    iconn_frame: Option<u32>,
    /// Requests that expect a reply, by sequence number: their opcode (extension requests
    /// carry their minor opcode above the low byte).
    table: HashMap<i64, i32>,
    /// Per side (client, server): bytes a message still needs from the next segment, and
    /// the message's first bytes.
    carry: [(u64, Vec<u8>); 2],
    /// Frames whose requests wrote the table, with the last value written: tshark's second
    /// pass writes it again at the final sequence number (`seqnum`), which is what replies
    /// with that number then find.
    writes: Vec<(u32, i32)>,
}

impl Default for X11Conv {
    fn default() -> Self {
        X11Conv {
            le: None,
            seqnum: 0,
            resynced: false,
            iconn_frame: None,
            table: HashMap::from([(0, NOTHING_SEEN)]),
            carry: Default::default(),
            writes: Vec::new(),
        }
    }
}

impl X11Conv {
    /// The table entry a reply with sequence number `seq` in `frame` finds in the display
    /// (second) pass.
    pub fn reply_opcode(&self, frame: u32, seq: u16) -> Option<i32> {
        if seq as i64 == self.seqnum {
            let i = self.writes.partition_point(|&(f, _)| f < frame);
            if i > 0 {
                return Some(self.writes[i - 1].1);
            }
        }
        self.table.get(&(seq as i64)).copied()
    }
}

fn u16_at(b: &[u8], at: usize, le: bool) -> Option<u16> {
    let x = b.get(at..at + 2)?;
    Some(if le {
        u16::from_le_bytes([x[0], x[1]])
    } else {
        u16::from_be_bytes([x[0], x[1]])
    })
}

fn u32_at(b: &[u8], at: usize, le: bool) -> Option<u32> {
    let x = b.get(at..at + 4)?;
    let a = [x[0], x[1], x[2], x[3]];
    Some(if le {
        u32::from_le_bytes(a)
    } else {
        u32::from_be_bytes(a)
    })
}

/// Walks the captured requests in one byte order: -1 when a length is 0, 1 when at least
/// one request was read, 0 for none.
fn endian_match(b: &[u8], le: bool) -> i32 {
    let mut off = 0usize;
    let mut any = 0;
    while let Some(l) = u16_at(b, off + 2, le).filter(|_| off + 4 <= b.len()) {
        if l == 0 {
            return -1;
        }
        off += l as usize * 4;
        any = 1;
    }
    any
}

/// The byte order of a client segment when the conversation has not settled it: the order
/// whose walk over the requests holds up, else the one giving the shorter first length.
fn guess_order(conv: &mut X11Conv, b: &[u8]) -> bool {
    if let Some(le) = conv.le {
        return le;
    }
    let (l, bi) = (endian_match(b, true), endian_match(b, false));
    let le = if l == bi {
        match (u16_at(b, 2, true), u16_at(b, 2, false)) {
            (Some(x), Some(y)) => x <= y,
            _ => true,
        }
    } else {
        l >= bi
    };
    if (l < 0 && bi > 0) || (l > 0 && bi < 0) {
        conv.le = Some(le);
    }
    le
}

/// Requests that expect a reply: only these enter the sequence number table.
fn expects_reply(op: u8) -> bool {
    matches!(
        op,
        84..=87
            | 17
            | 52
            | 14
            | 73
            | 43
            | 103
            | 101
            | 119
            | 39
            | 106
            | 117
            | 20
            | 108
            | 23
            | 3
            | 31
            | 26
            | 16
            | 99
            | 49
            | 50
            | 110
            | 83
            | 21
            | 92
            | 97
            | 91
            | 47
            | 44
            | 38
            | 48
            | 15
            | 118
            | 116
            | 40
            | 98
    ) || op >= 128
}

fn round4(n: u64) -> u64 {
    n.div_ceil(4) * 4
}

/// The first pass over one segment. `side` is 0 for the client, 1 for the server; `payload`
/// is what was captured of `len` bytes.
pub fn observe(conv: &mut X11Conv, side: usize, frame: u32, payload: &[u8], len: u32) -> X11Frame {
    let whole = payload.len() as u32 >= len;
    let mut out = X11Frame {
        ..Default::default()
    };
    let total = len as usize;
    let mut off = 0usize;
    if !whole {
        conv.carry[side] = (0, Vec::new());
    } else if conv.carry[side].0 > 0 {
        // the rest of a message an earlier segment began: it completes here (or later)
        let (need, head) = std::mem::take(&mut conv.carry[side]);
        if need > len as u64 {
            conv.carry[side] = (need - len as u64, head);
            out.inside = true;
            return out;
        }
        off = need as usize;
        let mut done = X11Frame::default();
        if side == 0 {
            requests(conv, frame, &head, usize::MAX, true, &mut done);
        } else {
            server_msgs(conv, &head, usize::MAX, true, &mut done);
        }
        if let Some(mut m) = done.msgs.into_iter().next() {
            // the reassembled message (its name gives way to those of the rest, which set
            // the column anew)
            m.off = 0;
            m.len = off as u32;
            out.msgs.push(m);
        }
        if off >= payload.len() {
            return out;
        }
    }
    let rest = &payload[off..];
    let mut f = Walk::default();
    if side == 0 {
        requests(conv, frame, rest, total - off, whole, &mut f);
    } else {
        server_msgs(conv, rest, total - off, whole, &mut f);
    }
    if !f.msgs.is_empty() {
        out.msgs.clear();
    }
    for mut m in f.msgs {
        m.off += off as u32;
        out.msgs.push(m);
    }
    if let Some((need, head)) = f.carry {
        conv.carry[side] = (need, head);
    }
    out.cut = f.cut;
    out
}

#[derive(Default)]
struct Walk {
    msgs: Vec<Msg>,
    cut: bool,
    carry: Option<(u64, Vec<u8>)>,
}

fn carry_of(b: &[u8], off: usize, need: u64) -> Option<(u64, Vec<u8>)> {
    let head = b.get(off..(off + 12).min(b.len())).unwrap_or(&[]).to_vec();
    Some((need.max(1), head))
}

/// The client's requests in `b` (captured) of `total` bytes; `whole` when the segment was
/// captured whole (then a request that runs past its end waits for the next segment).
fn requests(
    conv: &mut X11Conv,
    frame: u32,
    b: &[u8],
    total: usize,
    whole: bool,
    out: &mut impl Sink,
) {
    let le = guess_order(conv, b);
    let mut off = 0usize;
    while off < total {
        let remaining = (total - off) as u64;
        if whole && remaining < 4 {
            out.carry(carry_of(b, off, 4 - remaining));
            return;
        }
        let Some(words) = u16_at(b, off + 2, le) else {
            out.cut();
            return;
        };
        let mut plen = words as u64;
        let mut big = false;
        if plen == 0 {
            let Some(l) = u32_at(b, off + 4, le) else {
                out.cut();
                return;
            };
            plen = l as u64;
            big = true;
        }
        if plen == 0 {
            out.push(Msg {
                off: off as u32,
                len: remaining as u32,
                kind: Kind::Bogus,
            });
            return;
        }
        let first = b.first().copied().unwrap_or(0);
        let initial = conv.iconn_frame == Some(frame)
            || (conv.table.get(&conv.seqnum) == Some(&NOTHING_SEEN)
                && (first == b'B' || first == b'l')
                && (words == 11 || words == 2816));
        if initial {
            if conv.le.is_none() {
                conv.le = Some(first == b'l');
            }
            let le = conv.le.unwrap_or(true);
            if whole && remaining < 10 {
                out.carry(carry_of(b, off, 10 - remaining));
                return;
            }
            let (Some(p), Some(d)) = (u16_at(b, off + 6, le), u16_at(b, off + 8, le)) else {
                out.cut();
                return;
            };
            plen = 12 + round4(p as u64) + round4(d as u64);
        } else {
            plen *= 4;
        }
        if whole && remaining < plen {
            out.carry(carry_of(b, off, plen - remaining));
            return;
        }
        let reassembled = total == usize::MAX;
        if !reassembled && off as u64 + remaining.min(plen) > b.len() as u64 {
            out.cut();
            return;
        }
        if initial {
            conv.iconn_frame = Some(frame);
            conv.table.insert(conv.seqnum, INITIAL_CONN);
            out.push(Msg {
                off: off as u32,
                len: plen as u32,
                kind: Kind::InitialRequest,
            });
        } else {
            let own = if big { plen } else { words as u64 * 4 };
            if own >= 4 {
                let opcode = b[off];
                conv.seqnum += 1;
                if expects_reply(opcode) {
                    let minor = if opcode >= 128 {
                        b.get(off + 1).copied().unwrap_or(0)
                    } else {
                        0
                    };
                    let v = opcode as i32 | (minor as i32) << 8;
                    if conv.table.len() >= 1 << 17 {
                        conv.table.clear();
                    }
                    conv.table.insert(conv.seqnum, v);
                    match conv.writes.last_mut() {
                        Some((f, last)) if *f == frame => *last = v,
                        _ => conv.writes.push((frame, v)),
                    }
                }
                out.push(Msg {
                    off: off as u32,
                    len: plen as u32,
                    kind: Kind::Request { opcode },
                });
            }
        }
        if reassembled {
            return;
        }
        off = (off as u64 + plen) as usize;
    }
}

/// The server's messages in `b` (captured) of `total` bytes.
fn server_msgs(conv: &mut X11Conv, b: &[u8], total: usize, whole: bool, out: &mut impl Sink) {
    let le = conv.le.unwrap_or(true);
    let mut off = 0usize;
    while off < total {
        let remaining = (total - off) as u64;
        if whole && remaining < 8 {
            out.carry(carry_of(b, off, 8 - remaining));
            return;
        }
        let initial = conv.table.get(&conv.seqnum) == Some(&INITIAL_CONN);
        let Some(&code) = b.get(off) else {
            out.cut();
            return;
        };
        let plen: u64 = if initial {
            match u16_at(b, off + 6, le) {
                Some(l) => 8 + l as u64 * 4,
                None => {
                    out.cut();
                    return;
                }
            }
        } else if code == 1 {
            match u32_at(b, off + 4, le) {
                Some(l) => 32 + l as u64 * 4,
                None => {
                    out.cut();
                    return;
                }
            }
        } else {
            32
        };
        if whole && remaining < plen {
            out.carry(carry_of(b, off, plen - remaining));
            return;
        }
        let reassembled = total == usize::MAX;
        if !reassembled && off as u64 + remaining.min(plen) > b.len() as u64 {
            out.cut();
            return;
        }
        let seq = u16_at(b, off + 2, le).unwrap_or(0);
        let kind = if initial {
            // the connection is set up: requests are numbered from here
            conv.table.insert(conv.seqnum, 0);
            Kind::InitialReply
        } else {
            match code {
                0 => Kind::Error {
                    code: b.get(off + 1).copied().unwrap_or(0),
                },
                1 => {
                    if conv.iconn_frame.is_none() && !conv.resynced {
                        // a capture that starts mid-connection: the first reply tells the
                        // sequence number (once)
                        conv.seqnum = seq as i64;
                        conv.resynced = true;
                    }
                    Kind::Reply { seq }
                }
                c => Kind::Event { code: c },
            }
        };
        out.push(Msg {
            off: off as u32,
            len: plen.min(u32::MAX as u64) as u32,
            kind,
        });
        if reassembled {
            return;
        }
        off = (off as u64 + plen).min(usize::MAX as u64) as usize;
    }
}

trait Sink {
    fn push(&mut self, m: Msg);
    fn cut(&mut self);
    fn carry(&mut self, c: Option<(u64, Vec<u8>)>);
}

impl Sink for X11Frame {
    fn push(&mut self, m: Msg) {
        self.msgs.push(m);
    }
    fn cut(&mut self) {
        self.cut = true;
    }
    fn carry(&mut self, _c: Option<(u64, Vec<u8>)>) {}
}

impl Sink for Walk {
    fn push(&mut self, m: Msg) {
        self.msgs.push(m);
    }
    fn cut(&mut self) {
        self.cut = true;
    }
    fn carry(&mut self, c: Option<(u64, Vec<u8>)>) {
        self.carry = c;
    }
}

pub fn request_name(op: u8) -> Option<&'static str> {
    const NAMES: [&str; 120] = [
        "",
        "CreateWindow",
        "ChangeWindowAttributes",
        "GetWindowAttributes",
        "DestroyWindow",
        "DestroySubwindows",
        "ChangeSaveSet",
        "ReparentWindow",
        "MapWindow",
        "MapSubwindows",
        "UnmapWindow",
        "UnmapSubwindows",
        "ConfigureWindow",
        "CirculateWindow",
        "GetGeometry",
        "QueryTree",
        "InternAtom",
        "GetAtomName",
        "ChangeProperty",
        "DeleteProperty",
        "GetProperty",
        "ListProperties",
        "SetSelectionOwner",
        "GetSelectionOwner",
        "ConvertSelection",
        "SendEvent",
        "GrabPointer",
        "UngrabPointer",
        "GrabButton",
        "UngrabButton",
        "ChangeActivePointerGrab",
        "GrabKeyboard",
        "UngrabKeyboard",
        "GrabKey",
        "UngrabKey",
        "AllowEvents",
        "GrabServer",
        "UngrabServer",
        "QueryPointer",
        "GetMotionEvents",
        "TranslateCoordinates",
        "WarpPointer",
        "SetInputFocus",
        "GetInputFocus",
        "QueryKeymap",
        "OpenFont",
        "CloseFont",
        "QueryFont",
        "QueryTextExtents",
        "ListFonts",
        "ListFontsWithInfo",
        "SetFontPath",
        "GetFontPath",
        "CreatePixmap",
        "FreePixmap",
        "CreateGC",
        "ChangeGC",
        "CopyGC",
        "SetDashes",
        "SetClipRectangles",
        "FreeGC",
        "ClearArea",
        "CopyArea",
        "CopyPlane",
        "PolyPoint",
        "PolyLine",
        "PolySegment",
        "PolyRectangle",
        "PolyArc",
        "FillPoly",
        "PolyFillRectangle",
        "PolyFillArc",
        "PutImage",
        "GetImage",
        "PolyText8",
        "PolyText16",
        "ImageText8",
        "ImageText16",
        "CreateColormap",
        "FreeColormap",
        "CopyColormapAndFree",
        "InstallColormap",
        "UninstallColormap",
        "ListInstalledColormaps",
        "AllocColor",
        "AllocNamedColor",
        "AllocColorCells",
        "AllocColorPlanes",
        "FreeColors",
        "StoreColors",
        "StoreNamedColor",
        "QueryColors",
        "LookupColor",
        "CreateCursor",
        "CreateGlyphCursor",
        "FreeCursor",
        "RecolorCursor",
        "QueryBestSize",
        "QueryExtension",
        "ListExtensions",
        "ChangeKeyboardMapping",
        "GetKeyboardMapping",
        "ChangeKeyboardControl",
        "GetKeyboardControl",
        "Bell",
        "ChangePointerControl",
        "GetPointerControl",
        "SetScreenSaver",
        "GetScreenSaver",
        "ChangeHosts",
        "ListHosts",
        "SetAccessControl",
        "SetCloseDownMode",
        "KillClient",
        "RotateProperties",
        "ForceScreenSaver",
        "SetPointerMapping",
        "GetPointerMapping",
        "SetModifierMapping",
        "GetModifierMapping",
    ];
    match op {
        127 => Some("NoOperation"),
        1..=119 => Some(NAMES[op as usize]),
        _ => None,
    }
}

fn request_label(op: u8) -> String {
    match request_name(op) {
        Some(n) => n.to_string(),
        None => format!("<Unknown opcode {op}>"),
    }
}

pub fn event_name(code: u8) -> &'static str {
    const NAMES: [&str; 34] = [
        "KeyPress",
        "KeyRelease",
        "ButtonPress",
        "ButtonRelease",
        "MotionNotify",
        "EnterNotify",
        "LeaveNotify",
        "FocusIn",
        "FocusOut",
        "KeymapNotify",
        "Expose",
        "GraphicsExpose",
        "NoExpose",
        "VisibilityNotify",
        "CreateNotify",
        "DestroyNotify",
        "UnmapNotify",
        "MapNotify",
        "MapRequest",
        "ReparentNotify",
        "ConfigureNotify",
        "ConfigureRequest",
        "GravityNotify",
        "ResizeRequest",
        "CirculateNotify",
        "CirculateRequest",
        "PropertyNotify",
        "SelectionClear",
        "SelectionRequest",
        "SelectionNotify",
        "ColormapNotify",
        "ClientMessage",
        "MappingNotify",
        "GenericEvent",
    ];
    let c = code & 0x7f;
    match c {
        2..=35 => NAMES[c as usize - 2],
        _ => "<Unknown eventcode>",
    }
}

pub fn error_name(code: u8) -> &'static str {
    const NAMES: [&str; 17] = [
        "BadRequest",
        "BadValue",
        "BadWindow",
        "BadPixmap",
        "BadAtom",
        "BadCursor",
        "BadFont",
        "BadMatch",
        "BadDrawable",
        "BadAccess",
        "BadAlloc",
        "BadColormap",
        "BadGC",
        "BadIDChoice",
        "BadName",
        "BadLength",
        "BadImplementation",
    ];
    match code {
        1..=17 => NAMES[code as usize - 1],
        _ => "<Unknown errorcode>",
    }
}

fn opcode_label(v: i32) -> String {
    request_label((v & 0xff) as u8)
}

/// The Info column of a frame as tshark's second pass shows it: the client's requests in
/// order; the server's messages after the first one's kind (`Reply: A, B`). None when the
/// X11 dissector sets no text (the column keeps TCP's).
pub fn info(conv: Option<&X11Conv>, frame: u32, f: &X11Frame) -> Option<String> {
    let mut s: Option<String> = None;
    let mut sep = "";
    for m in &f.msgs {
        let (head, item): (&str, Option<String>) = match &m.kind {
            Kind::InitialRequest => {
                s = Some("Initial connection request".into());
                sep = ",";
                continue;
            }
            Kind::Bogus => continue,
            Kind::Request { opcode } => ("Requests", Some(request_label(*opcode))),
            Kind::InitialReply => ("Initial connection reply", None),
            Kind::Reply { seq } => {
                let name = match conv.and_then(|c| c.reply_opcode(frame, *seq)) {
                    None | Some(0) => None,
                    Some(v) => Some(opcode_label(v)),
                };
                (
                    "Reply",
                    Some(name.unwrap_or_else(|| "to unknown request".into())),
                )
            }
            Kind::Event { code } => ("Event", Some(event_name(*code).to_string())),
            Kind::Error { code } => ("Error", Some(error_name(*code).to_string())),
        };
        let t = s.get_or_insert_with(|| {
            sep = ":";
            head.to_string()
        });
        if let Some(i) = item {
            t.push_str(&format!("{sep} {i}"));
        }
        sep = ",";
    }
    s
}

// The X11 claim on TCP (asked after lower ranks).
inventory::submit! {
    super::table::TcpClaim { rank: 30, claim: on_tcp }
}

/// X11 on a connection to an X server's port whose first pass parsed this frame's requests
/// or replies.
pub fn on_tcp(cx: &mut Ctx, s: &super::table::Segment) -> bool {
    let ports = crate::analysis::reassembly::Ports {
        src: s.sport,
        dst: s.dport,
        server: s.server_port,
    };
    let Some(an) = cx.an.filter(|_| ports.owned_by("x11").is_some()) else {
        return false;
    };
    let Some(x11) = an.protos.get::<X11State>() else {
        return false;
    };
    let Some(f) = x11.frames.get(&s.frame) else {
        return false;
    };
    let conv = s.stream.and_then(|t| x11.convs.get(&t));
    if !dissect(cx, s.start, f, conv) {
        return false;
    }
    // with no text of X11's, the column keeps TCP's
    let mut text = match info(conv, s.frame, f) {
        Some(x) => format!("{}{x}", s.prefix),
        None => s.tcp_info.to_string(),
    };
    if f.cut {
        text.push_str("[Packet size limited during capture]");
    }
    cx.cols.info = text;
    true
}

/// The display pass: one X11 tree per message of the segment payload starting at `start`,
/// and the Protocol column (the caller sets Info from [`info`]). Returns false when no X11
/// dissector runs on the segment (it only continues an earlier message).
pub fn dissect(cx: &mut Ctx, start: usize, f: &X11Frame, conv: Option<&X11Conv>) -> bool {
    if f.inside {
        return false;
    }
    cx.proto("x11");
    cx.cols.protocol = "X11".into();
    let le = conv.and_then(|c| c.le).unwrap_or(true);
    if f.msgs.is_empty() && !f.cut {
        cx.roots
            .push(Node::new(fid!("x11"), Value::None, start, 0).label("X11"));
    }
    for m in &f.msgs {
        let at = start + m.off as usize;
        let avail = cx.bytes.len().saturating_sub(at).min(m.len as usize);
        let b = cx.bytes.get(at..at + avail).unwrap_or(&[]);
        let n = match &m.kind {
            Kind::InitialRequest => Node::new(fid!("x11"), Value::None, at, avail)
                .label("X11, Initial connection request"),
            Kind::InitialReply => Node::new(fid!("x11"), Value::None, at, avail)
                .label("X11, Initial connection reply"),
            Kind::Bogus => Node::new(fid!("x11"), Value::None, at, avail)
                .label("X11")
                .expert(Severity::Warn, "Bogus request length (0)"),
            Kind::Request { opcode } => {
                let op = *opcode;
                let mut n = Node::new(fid!("x11"), Value::None, at, avail)
                    .label_fmt(|| format!("X11, Request, opcode: {op} ({})", request_label(op)));
                n.add_uint(fid!("x11.opcode"), op as u64, at, 1)
                    .label_fmt(|| {
                        format!("opcode: {} ({op})", request_name(op).unwrap_or("Unknown"))
                    });
                if let Some(l) = u16_at(b, 2, le) {
                    n.add_uint(fid!("x11.request-length"), l as u64, at + 2, 2);
                }
                n
            }
            Kind::Reply { seq } => {
                let op = conv
                    .and_then(|c| c.reply_opcode(cx.frame, *seq))
                    .filter(|&v| v != 0);
                let name = op.map_or_else(|| "to unknown request".to_string(), opcode_label);
                let mut n = Node::new(fid!("x11"), Value::None, at, avail).label_fmt(|| match op {
                    Some(v) => format!("X11, Reply, opcode: {} ({name})", v & 0xff),
                    None => "X11, Reply to unknown request".into(),
                });
                n.add_uint(fid!("x11.reply"), 1, at, 1);
                let s = *seq;
                n.add_uint(fid!("x11.reply-sequencenumber"), s as u64, at + 2, 2)
                    .label_fmt(|| format!("sequencenumber: {s} ({name})"));
                if let Some(l) = u32_at(b, 4, le) {
                    n.add_uint(fid!("x11.replylength"), l as u64, at + 4, 4);
                }
                n
            }
            Kind::Event { code } => {
                let c = *code;
                let mut n = Node::new(fid!("x11"), Value::None, at, avail)
                    .label_fmt(|| format!("X11, Event, eventcode: {c} ({})", event_name(c)));
                n.add_uint(fid!("x11.eventcode"), c as u64, at, 1)
                    .label_fmt(|| format!("eventcode: {c} ({})", event_name(c)));
                if let Some(s) = u16_at(b, 2, le).filter(|_| c & 0x7f != 11) {
                    n.add_uint(fid!("x11.event-sequencenumber"), s as u64, at + 2, 2);
                }
                n
            }
            Kind::Error { code } => {
                let c = *code;
                let mut n = Node::new(fid!("x11"), Value::None, at, avail)
                    .label_fmt(|| format!("X11, Error, errorcode: {c} ({})", error_name(c)));
                n.add_uint(fid!("x11.error"), 0, at, 1);
                n.add_uint(fid!("x11.errorcode"), c as u64, at + 1, 1)
                    .label_fmt(|| format!("errorcode: {} ({c})", error_name(c)));
                if let Some(s) = u16_at(b, 2, le) {
                    n.add_uint(fid!("x11.error_sequencenumber"), s as u64, at + 2, 2);
                }
                n
            }
        };
        cx.roots.push(n);
    }
    if f.cut {
        cx.roots.push(
            Node::text(
                "[Packet size limited during capture: X11 truncated]",
                start,
                0,
            )
            .expert(Severity::Warn, "Packet size limited during capture"),
        );
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(op: u8, words: u16) -> Vec<u8> {
        let mut v = vec![op, 0];
        v.extend_from_slice(&words.to_le_bytes());
        v.resize(words as usize * 4, 0);
        v
    }

    fn server_msg(code: u8, seq: u16, extra_words: u32) -> Vec<u8> {
        let mut v = vec![code, 0];
        v.extend_from_slice(&seq.to_le_bytes());
        v.extend_from_slice(&extra_words.to_le_bytes());
        v.resize(32 + extra_words as usize * 4, 0);
        v
    }

    fn see(c: &mut X11Conv, side: usize, frame: u32, b: &[u8], len: usize) -> Option<String> {
        let f = observe(c, side, frame, b, len as u32);
        info(Some(c), frame, &f)
    }

    #[test]
    fn the_first_reply_of_a_capture_that_starts_mid_connection_sets_the_sequence_number() {
        let mut c = X11Conv::default();
        let r = server_msg(1, 0x3e80, 0);
        assert_eq!(
            see(&mut c, 1, 1, &r, 32).as_deref(),
            Some("Reply: to unknown request")
        );
        // an event does not
        let ev = server_msg(6, 0x3e80, 0);
        assert_eq!(
            see(&mut c, 1, 2, &ev, 32).as_deref(),
            Some("Event: MotionNotify")
        );
        let q = req(40, 4);
        assert_eq!(
            see(&mut c, 0, 3, &q, 16).as_deref(),
            Some("Requests: TranslateCoordinates")
        );
        let r = server_msg(1, 0x3e81, 0);
        assert_eq!(
            see(&mut c, 1, 4, &r, 32).as_deref(),
            Some("Reply: TranslateCoordinates")
        );
        // requests that expect no reply take a number but are not found by one
        let two = [req(60, 2), req(43, 1)].concat();
        assert_eq!(
            see(&mut c, 0, 5, &two, 12).as_deref(),
            Some("Requests: FreeGC, GetInputFocus")
        );
        let r = server_msg(1, 0x3e82, 0);
        assert_eq!(
            see(&mut c, 1, 6, &r, 32).as_deref(),
            Some("Reply: to unknown request")
        );
        let r = server_msg(1, 0x3e83, 0);
        assert_eq!(
            see(&mut c, 1, 7, &r, 32).as_deref(),
            Some("Reply: GetInputFocus")
        );
    }

    #[test]
    fn the_second_pass_finds_the_latest_request_at_the_final_number() {
        // tshark's second pass writes each request again at the final sequence number: a
        // reply carrying that number names the latest request before it
        let mut c = X11Conv::default();
        let two = [req(20, 6), req(43, 1)].concat();
        see(&mut c, 0, 1, &two, 28);
        let r = server_msg(1, 0x5ec7, 0);
        see(&mut c, 1, 2, &r, 32); // resyncs the number to 0x5ec7
        let f = observe(&mut c, 1, 2, &r, 32);
        assert_eq!(
            info(Some(&c), 2, &f).as_deref(),
            Some("Reply: GetInputFocus")
        );
    }

    #[test]
    fn requests_cut_by_the_snapshot_and_spanning_segments() {
        let mut c = X11Conv::default();
        let seg = [req(53, 4), req(158, 5), req(158, 4), req(70, 7)].concat();
        // 60 bytes captured of 80: the fourth request is not all there
        let f = observe(&mut c, 0, 1, &seg[..60], 80);
        assert!(f.cut);
        assert_eq!(
            info(Some(&c), 1, &f).as_deref(),
            Some("Requests: CreatePixmap, <Unknown opcode 158>, <Unknown opcode 158>")
        );
        // a cut segment whose first request is longer than what was captured: no text
        let f = observe(&mut c, 0, 2, &req(72, 100)[..60], 400);
        assert!(f.cut && info(Some(&c), 2, &f).is_none());
        // zero lengths: a bogus request, no text and no cut
        let f = observe(&mut c, 0, 3, &[0; 60], 668);
        assert!(
            !f.cut
                && f.msgs
                    == vec![Msg {
                        off: 0,
                        len: 668,
                        kind: Kind::Bogus
                    }]
        );
        // a whole segment whose last request continues in the next ones
        let mut c = X11Conv::default();
        let big = req(72, 100);
        let seg = [req(60, 2), big[..200].to_vec()].concat();
        assert_eq!(
            see(&mut c, 0, 1, &seg, seg.len()).as_deref(),
            Some("Requests: FreeGC")
        );
        let f = observe(&mut c, 0, 2, &big[200..300], 100);
        assert!(f.inside);
        assert_eq!(
            see(&mut c, 0, 3, &big[300..], 100).as_deref(),
            Some("Requests: PutImage")
        );
        let rest = [big[..4].to_vec(), vec![0; 396], req(43, 1)].concat();
        see(&mut c, 0, 4, &rest[..200], 200);
        assert_eq!(
            see(&mut c, 0, 5, &rest[200..], 204).as_deref(),
            Some("Requests: GetInputFocus")
        );
    }

    #[test]
    fn setup_byte_order_and_hostile_input() {
        let mut c = X11Conv::default();
        let mut setup = vec![b'B', 0, 0, 11, 0, 0, 0, 0, 0, 0];
        setup.resize(12, 0);
        assert_eq!(
            see(&mut c, 0, 1, &setup, 12).as_deref(),
            Some("Initial connection request")
        );
        assert_eq!(c.le, Some(false));
        let ok = [1, 0, 0, 11, 0, 0, 0, 0];
        assert_eq!(
            see(&mut c, 1, 2, &ok, 8).as_deref(),
            Some("Initial connection reply")
        );
        // big-endian request, numbered 1 after the setup
        assert_eq!(
            see(&mut c, 0, 3, &[43, 0, 0, 1], 4).as_deref(),
            Some("Requests: GetInputFocus")
        );
        let mut r = vec![1, 0, 0, 1, 0, 0, 0, 0];
        r.resize(32, 0);
        assert_eq!(
            see(&mut c, 1, 4, &r, 32).as_deref(),
            Some("Reply: GetInputFocus")
        );
        // nothing panics on junk, zero lengths or huge ones
        let mut c = X11Conv::default();
        for (i, junk) in [&[][..], &[0, 0, 0, 0], &[1, 2], &[0xff; 9]]
            .iter()
            .enumerate()
        {
            observe(&mut c, 0, i as u32, junk, junk.len() as u32);
            observe(&mut c, 1, i as u32, junk, junk.len() as u32 + 100);
        }
        let mut c = X11Conv::default();
        let huge = [1, 0, 1, 0, 0xff, 0xff, 0xff, 0xff];
        let f = observe(&mut c, 1, 1, &huge, 40);
        assert!(f.msgs.is_empty() && f.cut);
        let f = observe(&mut c, 1, 2, &huge, 8);
        assert!(
            f.msgs.is_empty() && c.carry[1].0 > 0,
            "a whole reply waits for the rest"
        );
    }
}
