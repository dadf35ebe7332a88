//! Expert information (Analyze ▸ Expert Information, `-z expert`): every expert item of every
//! frame, counted by severity, group, protocol and summary, in order of first appearance.

use crate::dissect::{Node, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub severity: u64,
    pub group: u64,
    pub protocol: String,
    pub summary: String,
    pub count: u64,
    /// The frames it was seen in.
    pub frames: Vec<u32>,
}

/// The severities, highest first, with the names tshark gives their sections.
pub const SEVERITIES: [(u64, &str); 5] = [
    (0x0080_0000, "Errors"),
    (0x0060_0000, "Warns"),
    (0x0040_0000, "Notes"),
    (0x0020_0000, "Chats"),
    (0x0010_0000, "Comments"),
];

pub fn group_name(code: u64) -> &'static str {
    match code {
        0x0100_0000 => "Checksum",
        0x0200_0000 => "Sequence",
        0x0300_0000 => "Response",
        0x0400_0000 => "Request",
        0x0500_0000 => "Undecoded",
        0x0600_0000 => "Reassemble",
        0x0700_0000 => "Malformed",
        0x0800_0000 => "Debug",
        0x0900_0000 => "Protocol",
        0x0a00_0000 => "Security",
        0x0b00_0000 => "Comment",
        0x0c00_0000 => "Decryption",
        0x0d00_0000 => "Assumption",
        0x0e00_0000 => "Deprecated",
        _ => "Unknown",
    }
}

/// The short name of the protocol a top-level item belongs to (the Protocol column's name).
fn protocol_of(root: &Node) -> std::borrow::Cow<'static, str> {
    use std::borrow::Cow;
    if root.field == fid!("_ws.malformed") {
        // "[Reassembly error, protocol TCP: …]", "[Malformed Packet: DNS]"
        let l = root.label.as_deref().unwrap_or("");
        if let Some(r) = l.strip_prefix("[Reassembly error, protocol ") {
            return Cow::Owned(r.split(':').next().unwrap_or("").to_string());
        }
        if let Some(r) = l.strip_prefix("[Malformed Packet: ") {
            return Cow::Owned(r.trim_end_matches(']').to_string());
        }
        return Cow::Borrowed("Malformed");
    }
    Cow::Borrowed(match root.abbrev() {
        "ip" => "IPv4",
        "eth" => "ETH",
        "frame" => "Frame",
        "_ws.short" => "Short",
        "image-gif" => "GIF image",
        "image-jfif" => "JFIF (JPEG) image",
        "png" => "PNG",
        "tcp" => "TCP",
        "http" => "HTTP",
        a => return Cow::Owned(a.to_ascii_uppercase()),
    })
}

/// Expert items being counted: in order of first appearance, with an index by the hash of
/// their key so that counting stays linear however many distinct summaries a capture has,
/// and an item seen again allocates nothing.
#[derive(Default)]
pub struct Tally {
    items: Vec<Item>,
    index: rustc_hash::FxHashMap<u64, Vec<usize>>,
}

impl Tally {
    /// Counts one item seen in `frames`.
    fn count(&mut self, severity: u64, group: u64, protocol: &str, summary: &str, frames: &[u32]) {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        (severity, group, protocol, summary).hash(&mut h);
        let slot = self.index.entry(h.finish()).or_default();
        let found = slot.iter().copied().find(|&i| {
            self.items.get(i).is_some_and(|it| {
                it.severity == severity
                    && it.group == group
                    && it.protocol == protocol
                    && it.summary == summary
            })
        });
        match found.and_then(|i| self.items.get_mut(i)) {
            Some(it) => {
                it.count += frames.len() as u64;
                it.frames.extend_from_slice(frames);
            }
            None => {
                slot.push(self.items.len());
                self.items.push(Item {
                    severity,
                    group,
                    protocol: protocol.to_string(),
                    summary: summary.to_string(),
                    count: frames.len() as u64,
                    frames: frames.to_vec(),
                });
            }
        }
    }

    /// Adds the expert items of one frame's tree.
    pub fn add(&mut self, frame: u32, roots: &[Node]) {
        for root in roots {
            let mut proto: Option<std::borrow::Cow<'static, str>> = None;
            root.walk(&mut |n| {
                if n.field != fid!("_ws.expert") {
                    return;
                }
                let mut msg = None;
                let (mut sev, mut group) = (0, 0);
                for c in &n.children {
                    match (c.abbrev(), &c.value) {
                        ("_ws.expert.message", Value::Str(s)) => msg = Some(s.as_str()),
                        ("_ws.expert.severity", Value::Uint(v, _)) => sev = *v,
                        ("_ws.expert.group", Value::Uint(v, _)) => group = *v,
                        _ => {}
                    }
                }
                let Some(summary) = msg else { return };
                let p = proto.get_or_insert_with(|| protocol_of(root));
                self.count(sev, group, p, summary, &[frame]);
            });
        }
    }

    /// Adds the items of later frames, keeping the order of first appearance.
    pub fn merge(&mut self, later: Tally) {
        for m in later.items {
            self.count(m.severity, m.group, &m.protocol, &m.summary, &m.frames);
        }
    }

    pub fn into_items(self) -> Vec<Item> {
        self.items
    }
}

/// `-z expert` as tshark prints it.
pub fn text(items: &[Item]) -> String {
    let mut s = String::new();
    for (code, name) in SEVERITIES {
        let these: Vec<&Item> = items.iter().filter(|i| i.severity == code).collect();
        if these.is_empty() {
            continue;
        }
        let total: u64 = these.iter().map(|i| i.count).sum();
        crate::push_fmtln!(s, "\n{name} ({total})");
        s.push_str("=============\n");
        s.push_str("   Frequency      Group           Protocol  Summary\n");
        for i in these {
            crate::push_fmtln!(
                s,
                "{:>12} {:>10} {:>18}  {}",
                i.count,
                group_name(i.group),
                i.protocol,
                i.summary
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dissect::tree::{expert_info, Group, Severity};

    #[test]
    fn grouped_by_severity_then_first_seen() {
        let mut tcp = Node::new(fid!("tcp"), Value::None, 0, 0);
        tcp.push(expert_info(
            fid!("tcp.analysis.duplicate_ack"),
            Severity::Note,
            Group::Sequence,
            "Duplicate ACK (#1)",
            0,
        ));
        tcp.push(expert_info(
            fid!("tcp.connection.fin"),
            Severity::Chat,
            Group::Sequence,
            "Connection finish (FIN)",
            0,
        ));
        let mut tally = Tally::default();
        tally.add(1, std::slice::from_ref(&tcp));
        let mut later = Tally::default();
        later.add(2, std::slice::from_ref(&tcp));
        tally.merge(later);
        let items = tally.into_items();
        let t = text(&items);
        let want = [
            "",
            "Notes (2)",
            "=============",
            "   Frequency      Group           Protocol  Summary",
            "           2   Sequence                TCP  Duplicate ACK (#1)",
            "",
            "Chats (2)",
            "=============",
            "   Frequency      Group           Protocol  Summary",
            "           2   Sequence                TCP  Connection finish (FIN)",
            "",
        ]
        .join("\n");
        assert_eq!(t, want);
        assert_eq!(items[0].frames, vec![1, 2]);
    }
}
