//! The protocol tree: fields with Wireshark's abbrevs, values, labels and byte ranges.
//!
//! Labels are built lazily from the field registry when a node has no custom label, so a
//! headless pass that only prints a few fields never formats text it does not need.

use super::fields::FieldId;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A protocol or a text-only item.
    None,
    /// An unsigned integer; `hex` is the number of hex digits when shown in hex, 0 for decimal.
    Uint(u64, u8),
    Int(i64),
    Bool(bool),
    Str(String),
    Bytes(Vec<u8>),
    /// The bytes of the node's own range in its data source (not copied).
    Slice,
    Ipv4([u8; 4]),
    Ipv6([u8; 16]),
    Ether([u8; 6]),
    /// A relative time or duration in nanoseconds.
    RelTime(i64),
    /// An absolute time in nanoseconds since the epoch.
    AbsTime(i64),
    /// A frame number (a link to another frame).
    Frame(u32),
    Float(f64),
}

impl Value {
    /// The value as `tshark -T fields` prints it.
    pub fn fields_text(&self, out: &mut String) {
        match self {
            Value::None => out.push('1'),
            Value::Uint(v, 0) => push_dec(*v, out),
            Value::Uint(v, w) => {
                crate::push_fmt!(out, "0x{:0w$x}", v, w = *w as usize);
            }
            Value::Int(v) => {
                crate::push_fmt!(out, "{v}");
            }
            Value::Bool(b) => out.push(if *b { '1' } else { '0' }),
            Value::Str(s) => out.push_str(s),
            Value::Bytes(b) => hex_into(b, out),
            Value::Slice => {}
            Value::Ipv4(a) => {
                out.reserve(15);
                for (i, b) in a.iter().enumerate() {
                    if i > 0 {
                        out.push('.');
                    }
                    push_dec(*b as u64, out);
                }
            }
            Value::Ipv6(a) => out.push_str(&std::net::Ipv6Addr::from(*a).to_string()),
            Value::Ether(m) => {
                out.reserve(17);
                for (i, b) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(':');
                    }
                    out.push(HEX[(b >> 4) as usize] as char);
                    out.push(HEX[(b & 15) as usize] as char);
                }
            }
            Value::RelTime(ns) => fmt_rel_time(*ns, out),
            Value::AbsTime(ns) => fmt_abs_time(*ns, out),
            Value::Frame(f) => {
                crate::push_fmt!(out, "{f}");
            }
            Value::Float(f) => {
                crate::push_fmt!(out, "{f}");
            }
        }
    }

    pub fn to_fields_string(&self) -> String {
        let mut s = String::new();
        self.fields_text(&mut s);
        s
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Uint(v, _) => Some(*v),
            Value::Frame(f) => Some(*f as u64),
            Value::Bool(b) => Some(*b as u64),
            Value::Int(i) if *i >= 0 => Some(*i as u64),
            _ => None,
        }
    }
}

/// Appends `v` in decimal (what `write!(out, "{v}")` prints, without the formatting
/// machinery: addresses and ports are printed for every frame).
pub fn push_dec(mut v: u64, out: &mut String) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    // (ASCII digits: always valid UTF-8)
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or_default());
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A line of text as Wireshark's tree shows it (see [`show_text`]).
pub fn escape_crlf(s: &str) -> String {
    show_text(s).into_owned()
}

/// Text as Wireshark writes it into a label: each control character escaped (`\t`, `\r`,
/// `\n`, `\a`, `\b`, `\v`, `\f` by name, the others and DEL in octal, `\033`); the rest,
/// backslashes included, as it is.
pub fn show_text(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c.is_ascii_control()) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0b' => out.push_str("\\v"),
            '\x0c' => out.push_str("\\f"),
            c if c.is_ascii_control() => out.push_str(&format!("\\{:03o}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The bytes in lower-case hex, no separators.
pub fn hex_string(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 2);
    hex_into(b, &mut s);
    s
}

pub fn hex_into(b: &[u8], out: &mut String) {
    out.reserve(b.len() * 2);
    for &x in b {
        out.push(HEX[(x >> 4) as usize] as char);
        out.push(HEX[(x & 15) as usize] as char);
    }
}

/// A relative time as text, seconds with nine decimals ("0.000123000").
pub fn secs(ns: i64) -> String {
    let mut s = String::new();
    fmt_rel_time(ns, &mut s);
    s
}

/// Seconds with nine decimals, as Wireshark prints relative times.
pub fn fmt_rel_time(ns: i64, out: &mut String) {
    let neg = ns < 0;
    let a = ns.unsigned_abs();
    crate::push_fmt!(
        out,
        "{}{}.{:09}",
        if neg { "-" } else { "" },
        a / 1_000_000_000,
        a % 1_000_000_000
    );
}

/// A one-bit flag's line, as Wireshark writes a true/false field inside a wider one:
/// `.... ...1 = NSEC3 Opt-out flag: Additional insecure delegations allowed`, with the
/// text for set and for clear.
pub fn flag_label(
    value: u64,
    mask: u64,
    width: u32,
    name: &str,
    (yes, no): (&str, &str),
) -> String {
    let on = value & mask != 0;
    format!(
        "{} = {name}: {}",
        bits_str(value, mask, width),
        if on { yes } else { no }
    )
}

/// Wireshark's bit picture of a field inside `width` bits: `0100 10.. ` for the bits of
/// `mask`, dots elsewhere, a space every four bits (`.... ..00 = ECN: …`).
pub fn bits_str(value: u64, mask: u64, width: u32) -> String {
    let mut s = String::with_capacity(width as usize * 5 / 4);
    for i in (0..width).rev() {
        let m = 1u64 << i;
        s.push(if mask & m == 0 {
            '.'
        } else if value & m != 0 {
            '1'
        } else {
            '0'
        });
        if i % 4 == 0 && i != 0 {
            s.push(' ');
        }
    }
    s
}

pub fn fmt_abs_time(ns: i64, out: &mut String) {
    let secs = ns.div_euclid(1_000_000_000);
    let frac = ns.rem_euclid(1_000_000_000);
    let (y, mo, d, h, mi, s) = civil(secs);
    // as tshark prints an absolute time: "Nov  2, 2026 08:39:42.907920000 UTC"
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS[(mo as usize).clamp(1, 12) - 1];
    crate::push_fmt!(
        out,
        "{month} {d:>2}, {y} {h:02}:{mi:02}:{s:02}.{frac:09} UTC"
    );
}

/// Days-from-civil inverse (UTC), for absolute time display.
pub fn civil(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    (
        y,
        m,
        d,
        (rem / 3600) as u32,
        ((rem % 3600) / 60) as u32,
        (rem % 60) as u32,
    )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Comment,
    Chat,
    Note,
    Warn,
    Error,
}

impl Severity {
    /// The name Wireshark shows ("Warning", not "Warn").
    pub fn name(self) -> &'static str {
        match self {
            Severity::Comment => "Comment",
            Severity::Chat => "Chat",
            Severity::Note => "Note",
            Severity::Warn => "Warning",
            Severity::Error => "Error",
        }
    }
    /// `_ws.expert.severity` as Wireshark numbers it.
    pub fn code(self) -> u64 {
        match self {
            Severity::Comment => 0x0010_0000,
            Severity::Chat => 0x0020_0000,
            Severity::Note => 0x0040_0000,
            Severity::Warn => 0x0060_0000,
            Severity::Error => 0x0080_0000,
        }
    }
}

/// The expert info groups Fathom uses, as Wireshark names and numbers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Checksum,
    Sequence,
    Undecoded,
    Reassemble,
    Malformed,
    Protocol,
    Comment,
    Deprecated,
}

impl Group {
    pub fn name(self) -> &'static str {
        match self {
            Group::Checksum => "Checksum",
            Group::Sequence => "Sequence",
            Group::Undecoded => "Undecoded",
            Group::Reassemble => "Reassemble",
            Group::Malformed => "Malformed",
            Group::Protocol => "Protocol",
            Group::Comment => "Comment",
            Group::Deprecated => "Deprecated",
        }
    }
    pub fn code(self) -> u64 {
        match self {
            Group::Checksum => 0x0100_0000,
            Group::Sequence => 0x0200_0000,
            Group::Undecoded => 0x0500_0000,
            Group::Reassemble => 0x0600_0000,
            Group::Malformed => 0x0700_0000,
            Group::Protocol => 0x0900_0000,
            Group::Comment => 0x0b00_0000,
            Group::Deprecated => 0x0e00_0000,
        }
    }
}

/// Wireshark's expert info item: `[Expert Info (Severity/Group): message]` (`_ws.expert`)
/// with the protocol's own expert field (`abbrev`, labelled with the message), the message,
/// severity and group beneath it, all generated.
pub fn expert_info(field: FieldId, sev: Severity, group: Group, msg: &str, at: usize) -> Node {
    let mut x = Node::new(fid!("_ws.expert"), Value::None, at, 0);
    x.flags |= GENERATED;
    x.expert = Some(Box::new((sev, msg.to_string())));
    if labels_on() {
        x.label = Some(format!(
            "Expert Info ({}/{}): {msg}",
            sev.name(),
            group.name()
        ));
    }
    let mut own = Node::new(field, Value::None, at, 0);
    own.flags |= GENERATED;
    if labels_on() {
        own.label = Some(msg.to_string());
    }
    x.push(own);
    x.add(
        fid!("_ws.expert.message"),
        Value::Str(msg.to_string()),
        at,
        0,
    )
    .flags |= HIDDEN | GENERATED;
    x.add_uint(fid!("_ws.expert.severity"), sev.code(), at, 0)
        .label_fmt(|| format!("Severity level: {}", sev.name()))
        .generated();
    x.add_uint(fid!("_ws.expert.group"), group.code(), at, 0)
        .label_fmt(|| format!("Group: {}", group.name()))
        .generated();
    x
}

thread_local! {
    static LABELS: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// How the [`super::Labels`] a dissection was asked for reaches the builders of its tree
/// items (`label_fmt`, the expert items), which are not handed the dissection: while the
/// scope lives, dissection on this thread writes labels (`on`) or not; dropping it puts
/// back what was before, also when a dissection unwinds. Made by [`labels`], only where a
/// dissection starts (`dissect::dissect_with`, the statistics' shortcut for HTTP frames).
#[must_use = "the labels go back to what they were when the scope is dropped"]
pub struct LabelScope {
    before: bool,
}

/// Labels on or off on this thread for as long as the returned scope lives.
pub(crate) fn labels(on: bool) -> LabelScope {
    let before = labels_on();
    LABELS.with(|l| l.set(on));
    LabelScope { before }
}

impl Drop for LabelScope {
    fn drop(&mut self) {
        LABELS.with(|l| l.set(self.before));
    }
}

pub(crate) fn labels_on() -> bool {
    LABELS.with(|l| l.get())
}

pub const GENERATED: u8 = 1;
pub const HIDDEN: u8 = 2;

/// Builder methods that work both on an owned node and on `&mut Node` (what `add` returns).
pub trait Build: Sized {
    fn node(&mut self) -> &mut Node;
    fn label(mut self, l: impl Into<String>) -> Self {
        self.node().label = Some(l.into());
        self
    }
    /// A label built only when labels are wanted (see [`labels`]).
    fn label_fmt(mut self, f: impl FnOnce() -> String) -> Self {
        if labels_on() {
            self.node().label = Some(f());
        }
        self
    }
    fn generated(mut self) -> Self {
        self.node().flags |= GENERATED;
        self
    }
    fn hidden(mut self) -> Self {
        self.node().flags |= HIDDEN;
        self
    }
    fn ds(mut self, ds: u8) -> Self {
        self.node().ds = ds;
        self
    }
    fn expert(mut self, sev: Severity, msg: impl Into<String>) -> Self {
        self.node().expert = Some(Box::new((sev, msg.into())));
        self
    }
}

impl Build for Node {
    fn node(&mut self) -> &mut Node {
        self
    }
}

impl Build for &mut Node {
    fn node(&mut self) -> &mut Node {
        self
    }
}

#[derive(Clone, Debug)]
pub struct Node {
    /// The registered field it shows (`FieldId::TEXT` for a text item).
    pub field: FieldId,
    /// Custom label; `None` means "Name: value" from the registry.
    pub label: Option<String>,
    pub value: Value,
    pub start: u32,
    pub len: u32,
    /// Which data source (0 = the frame, then reassembled / de-chunked / uncompressed buffers).
    pub ds: u8,
    pub flags: u8,
    pub expert: Option<Box<(Severity, String)>>,
    pub children: Vec<Node>,
}

impl Node {
    pub fn new(field: FieldId, value: Value, start: usize, len: usize) -> Node {
        Node {
            field,
            label: None,
            value,
            start: start as u32,
            len: len as u32,
            ds: 0,
            flags: 0,
            expert: None,
            children: Vec::new(),
        }
    }
    pub fn text(label: impl Into<String>, start: usize, len: usize) -> Node {
        let mut n = Node::new(FieldId::TEXT, Value::None, start, len);
        n.label = Some(label.into());
        n
    }
    pub fn push(&mut self, n: Node) -> &mut Node {
        self.children.push(n);
        let i = self.children.len() - 1;
        &mut self.children[i]
    }
    pub fn add(&mut self, field: FieldId, value: Value, start: usize, len: usize) -> &mut Node {
        self.push(Node::new(field, value, start, len))
    }
    /// Adds an unsigned number shown in decimal.
    pub fn add_uint(&mut self, field: FieldId, v: u64, start: usize, len: usize) -> &mut Node {
        self.add(field, Value::Uint(v, 0), start, len)
    }
    /// Wireshark's name of its field (`tcp.seq`); empty for a text item.
    pub fn abbrev(&self) -> &'static str {
        self.field.abbrev()
    }
    pub fn is_generated(&self) -> bool {
        self.flags & GENERATED != 0
    }
    pub fn is_hidden(&self) -> bool {
        self.flags & HIDDEN != 0
    }

    /// The text shown in the tree.
    pub fn display_label(&self) -> String {
        let base = match &self.label {
            Some(l) => l.clone(),
            None => {
                let name = self.field.name();
                match &self.value {
                    Value::None => name.to_string(),
                    v => format!("{name}: {}", display_value(self.abbrev(), v)),
                }
            }
        };
        let generated = self.is_generated();
        // exactly one pair of brackets on what Wireshark adds (some labels carry their own,
        // outside what a truncation cuts)
        let inner = base
            .strip_prefix('[')
            .and_then(|b| b.strip_suffix(']'))
            .map(str::to_string);
        match inner {
            Some(inner) if inner.len() >= 240 => {
                format!("[{}]", truncate_label(self.abbrev(), inner))
            }
            Some(_) => base,
            None if generated => format!("[{}]", truncate_label(self.abbrev(), base)),
            None => truncate_label(self.abbrev(), base),
        }
    }

    /// The value as `-T fields` prints it; `Slice` values are read from their source.
    pub fn fields_text(&self, tree: &Tree, frame: &[u8], out: &mut String) {
        if self.is_protocol_item() {
            // a protocol's item gives the text its dissector wrote, as tshark's fields do (a
            // generated one's without the brackets the tree adds); one that shows only its
            // name has no text of its own, and gives its abbrev
            let name = self.field.name();
            match self.label.as_deref() {
                Some(l) if l != name => out.push_str(l),
                _ => out.push_str(self.abbrev()),
            }
            return;
        }
        // (data's item gives its bytes)
        let data_item = self.field == fid!("data") && matches!(self.value, Value::None);
        if matches!(self.value, Value::Slice) || data_item {
            let src = tree.source(frame, self.ds);
            let a = (self.start as usize).min(src.len());
            let b = (self.start as usize + self.len as usize).min(src.len());
            hex_into(&src[a..b], out);
        } else {
            self.value.fields_text(out);
        }
    }

    /// A protocol's own item (registered `FT_PROTOCOL`, no value of its own) other than
    /// data's, whose bytes are its value.
    pub fn is_protocol_item(&self) -> bool {
        matches!(self.value, Value::None)
            && self.field != fid!("data")
            && self.field.kind() == crate::dissect::fields::FieldKind::FT_PROTOCOL
    }

    /// Depth-first visit of every node (hidden ones included).
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Node)) {
        f(self);
        for c in &self.children {
            c.walk(f);
        }
    }
}

/// Wireshark keeps a tree label under 240 bytes: a longer one is cut to 226 and marked
/// `[truncated]`, after the field's name when it has one (`Request URI [truncated]: /a?…`),
/// else in front (` [truncated]Cookie: …`, its space included).
fn truncate_label(abbrev: &str, label: String) -> String {
    if label.len() < 240 {
        return label;
    }
    let mut cut = 226;
    while !label.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &label[..cut];
    let name = crate::dissect::fields::name_of(abbrev);
    // a header line as sent (…\\r\\n) is text, not "name: value"
    let text_line = label.ends_with("\\r\\n");
    if !text_line
        && !abbrev.is_empty()
        && !name.is_empty()
        && head.starts_with(&format!("{name}: "))
    {
        return format!("{name} [truncated]{}", &head[name.len()..]);
    }
    // (Wireshark inserts " [truncated]" where the name ends: with no name, at the start)
    format!(" [truncated]{head}")
}

/// The value as Wireshark shows it in a tree label.
pub fn display_value(abbrev: &str, v: &Value) -> String {
    match v {
        Value::Bool(b) => (if *b { "True" } else { "False" }).to_string(),
        Value::Uint(x, w) if *w > 0 => format!("0x{:0w$x} ({x})", x, w = *w as usize),
        Value::RelTime(ns) => {
            let mut s = String::new();
            fmt_rel_time(*ns, &mut s);
            s.push_str(" seconds");
            s
        }
        Value::Bytes(b) => {
            let mut s = String::new();
            // Wireshark shows at most 36 bytes of a byte field in a label
            for x in b.iter().take(36) {
                crate::push_fmt!(s, "{x:02x}");
            }
            if b.len() > 36 {
                s.push('…');
            }
            s
        }
        Value::Str(s) if abbrev.ends_with("line") => s.escape_default().to_string(),
        v => v.to_fields_string(),
    }
}

/// Every protocol layer and the columns of one dissected frame.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    pub roots: Vec<Node>,
    /// Extra data sources beyond the frame (name, bytes).
    pub sources: Vec<(String, Vec<u8>)>,
}

impl Tree {
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Node)) {
        for r in &self.roots {
            r.walk(f);
        }
    }

    /// All values of one field, in tree order.
    pub fn values(&self, abbrev: &str) -> Vec<&Value> {
        let mut out = Vec::new();
        self.walk(&mut |n| {
            if n.abbrev() == abbrev {
                out.push(&n.value);
            }
        });
        out
    }

    pub fn has(&self, abbrev: &str) -> bool {
        let mut found = false;
        self.walk(&mut |n| found |= n.abbrev() == abbrev);
        found
    }

    /// The source buffer a node's byte range refers to.
    pub fn source<'a>(&'a self, frame: &'a [u8], ds: u8) -> &'a [u8] {
        if ds == 0 {
            frame
        } else {
            self.sources
                .get(ds as usize - 1)
                .map(|s| s.1.as_slice())
                .unwrap_or(&[])
        }
    }

    /// Appends the `-V` text form.
    pub fn to_text(&self, out: &mut String) {
        self.to_text_expanding(out, |_| true);
    }

    /// The `-O` text form: the protocols `expand` names in full, the others as their one
    /// top line.
    pub fn to_text_expanding(&self, out: &mut String, expand: impl Fn(&str) -> bool) {
        self.to_text_with(out, expand, &|_, _| {});
    }

    /// The text form, with `after` called after each expanded node's line (tshark's `-V`
    /// prints a data layer's bytes there).
    pub fn to_text_with(
        &self,
        out: &mut String,
        expand: impl Fn(&str) -> bool,
        after: &dyn Fn(&Node, &mut String),
    ) {
        for r in &self.roots {
            if expand(r.abbrev()) {
                Self::node_text(r, 0, out, after);
            } else if !r.is_hidden() {
                out.push_str(&r.display_label());
                out.push('\n');
            }
        }
    }

    fn node_text(n: &Node, depth: usize, out: &mut String, after: &dyn Fn(&Node, &mut String)) {
        if n.is_hidden() {
            return;
        }
        for _ in 0..depth {
            out.push_str("    ");
        }
        out.push_str(&n.display_label());
        out.push('\n');
        after(n, out);
        for c in &n.children {
            Self::node_text(c, depth + 1, out, after);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_escape_control_characters_as_wireshark_does() {
        // (tshark 4.0: `tab\there\001\a\b\v\f\033\177 café \back\n`)
        let line = "tab\there\x01\x07\x08\x0b\x0c\x1b\x7f café \\back\n";
        assert_eq!(
            super::show_text(line),
            "tab\\there\\001\\a\\b\\v\\f\\033\\177 café \\back\\n"
        );
        assert!(matches!(
            super::show_text("plain"),
            std::borrow::Cow::Borrowed("plain")
        ));
    }

    #[test]
    fn a_long_label_is_cut_and_marked_where_its_name_ends_or_at_its_start() {
        let long = "x".repeat(300);
        let t = super::truncate_label("", format!("Cookie: {long}"));
        assert!(t.starts_with(" [truncated]Cookie: xx"), "{t}");
        assert_eq!(t.len(), " [truncated]".len() + 226);
        let t = super::truncate_label("http.request.uri", format!("Request URI: {long}"));
        assert!(t.starts_with("Request URI [truncated]: xx"), "{t}");
    }

    use super::*;

    #[test]
    fn a_label_scope_puts_the_switch_back_even_when_a_dissection_unwinds() {
        assert!(labels_on(), "on by default");
        {
            let _off = labels(false);
            assert!(!labels_on());
            {
                let _on = labels(true);
                assert!(labels_on());
            }
            assert!(!labels_on(), "the inner scope restored the outer one");
        }
        assert!(labels_on());
        let r = std::panic::catch_unwind(|| {
            let _off = labels(false);
            panic!("a dissector failed");
        });
        assert!(r.is_err());
        assert!(labels_on(), "restored while unwinding");
    }

    #[test]
    fn formats_like_tshark_fields() {
        assert_eq!(Value::Uint(0x12, 4).to_fields_string(), "0x0012");
        assert_eq!(Value::Uint(80, 0).to_fields_string(), "80");
        assert_eq!(Value::Bool(true).to_fields_string(), "1");
        assert_eq!(Value::RelTime(22_000).to_fields_string(), "0.000022000");
        assert_eq!(Value::Ipv4([10, 77, 0, 1]).to_fields_string(), "10.77.0.1");
        assert_eq!(
            Value::Ether([0xd2, 0xa8, 0x4a, 0x65, 0x0c, 0x92]).to_fields_string(),
            "d2:a8:4a:65:0c:92"
        );
        let mut v6 = [0u8; 16];
        v6[0] = 0xfd;
        v6[1] = 0x77;
        v6[15] = 1;
        assert_eq!(Value::Ipv6(v6).to_fields_string(), "fd77::1");
    }

    proptest::proptest! {
        #[test]
        fn fast_formatters_print_as_std_does(v: u64, a: [u8; 4], m: [u8; 6]) {
            proptest::prop_assert_eq!(Value::Uint(v, 0).to_fields_string(), v.to_string());
            proptest::prop_assert_eq!(
                Value::Ipv4(a).to_fields_string(),
                std::net::Ipv4Addr::from(a).to_string()
            );
            let hex: Vec<String> = m.iter().map(|b| format!("{b:02x}")).collect();
            proptest::prop_assert_eq!(Value::Ether(m).to_fields_string(), hex.join(":"));
        }
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(civil(1_700_000_000), (2023, 11, 14, 22, 13, 20));
    }
}
