//! Find Packet (Wireshark's Ctrl+F): the next packet, in display order from the selected one
//! and wrapping around, that a display filter matches, or whose list row, detail tree or bytes
//! hold a hex sequence, a string or a regular expression.

use crate::analysis::Analysis;
use crate::filter::Filter;

/// What to look for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    DisplayFilter,
    Hex,
    Text,
    Regex,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::DisplayFilter, Kind::Hex, Kind::Text, Kind::Regex];
    pub fn name(self) -> &'static str {
        match self {
            Kind::DisplayFilter => "Display filter",
            Kind::Hex => "Hex value",
            Kind::Text => "String",
            Kind::Regex => "Regular Expression",
        }
    }
}

/// Where a string or expression is looked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    List,
    Details,
    Bytes,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::List, Target::Details, Target::Bytes];
    pub fn name(self) -> &'static str {
        match self {
            Target::List => "Packet list",
            Target::Details => "Packet details",
            Target::Bytes => "Packet bytes",
        }
    }
}

enum Needle {
    Filter(Filter),
    Bytes(Vec<u8>),
    /// Lower-cased when the search ignores case.
    Text(String, bool),
    Regex(regex::bytes::Regex),
}

/// A search, checked once.
pub struct Query {
    needle: Needle,
    target: Target,
}

/// "0a 0D:ff", "0x0a0d" → bytes.
fn parse_hex(s: &str) -> Result<Vec<u8>, String> {
    let digits: String = s
        .trim()
        .trim_start_matches("0x")
        .chars()
        .filter(|c| !matches!(c, ' ' | ':' | '-' | '.'))
        .collect();
    if digits.is_empty() || !digits.len().is_multiple_of(2) {
        return Err(format!(
            "\"{s}\" is not a sequence of hex bytes (e.g. 47 45 54)"
        ));
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&digits[i..i + 2], 16)
                .map_err(|_| format!("\"{s}\" is not a sequence of hex bytes (e.g. 47 45 54)"))
        })
        .collect()
}

impl Query {
    pub fn new(
        kind: Kind,
        target: Target,
        text: &str,
        case_sensitive: bool,
    ) -> Result<Query, String> {
        if text.trim().is_empty() {
            return Err("Type what to find.".into());
        }
        let needle = match kind {
            Kind::DisplayFilter => {
                Needle::Filter(Filter::compile(text).map_err(|e| e.to_string())?)
            }
            Kind::Hex => Needle::Bytes(parse_hex(text)?),
            Kind::Text if case_sensitive => Needle::Text(text.to_string(), true),
            Kind::Text => Needle::Text(text.to_lowercase(), false),
            Kind::Regex => Needle::Regex(
                regex::bytes::RegexBuilder::new(text)
                    .case_insensitive(!case_sensitive)
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| e.to_string())?,
            ),
        };
        // hex bytes are only in the bytes
        let target = if kind == Kind::Hex {
            Target::Bytes
        } else {
            target
        };
        Ok(Query { needle, target })
    }

    fn text_matches(&self, hay: &str) -> bool {
        match &self.needle {
            Needle::Text(t, true) => hay.contains(t.as_str()),
            Needle::Text(t, false) => hay.to_lowercase().contains(t.as_str()),
            Needle::Regex(r) => r.is_match(hay.as_bytes()),
            Needle::Bytes(b) => hay.as_bytes().windows(b.len()).any(|w| w == b.as_slice()),
            Needle::Filter(_) => false,
        }
    }

    fn bytes_match(&self, hay: &[u8]) -> bool {
        match &self.needle {
            Needle::Bytes(b) => hay.windows(b.len()).any(|w| w == b.as_slice()),
            Needle::Text(t, true) => hay.windows(t.len()).any(|w| w == t.as_bytes()),
            Needle::Text(t, false) => hay
                .windows(t.len())
                .any(|w| w.eq_ignore_ascii_case(t.as_bytes())),
            Needle::Regex(r) => r.is_match(hay),
            Needle::Filter(_) => false,
        }
    }
}

/// Searches `order` (the displayed frames, in display order; all frames when `None`) from
/// the one after `from` (or the first) onward, wrapping around once, and returns the first
/// frame that matches. `cancel` stops it early (a new search, the window closing).
pub fn find(
    an: &Analysis,
    q: &Query,
    order: Option<&[u32]>,
    from: Option<u32>,
    forward: bool,
    cancel: &std::sync::atomic::AtomicBool,
) -> Option<u32> {
    let n = order.map_or(an.frames.len(), |o| o.len());
    if n == 0 {
        return None;
    }
    let at = |i: usize| order.map_or(i as u32 + 1, |o| o[i]);
    let start = from.and_then(|f| match order {
        Some(o) => o.iter().position(|&x| x == f),
        None => (f >= 1 && f as usize <= n).then(|| f as usize - 1),
    });
    let mut eval = match &q.needle {
        Needle::Filter(f) => Some(crate::filter::fast::FrameEval::new(an, f)),
        _ => None,
    };
    let labels = crate::dissect::Labels::when(q.target == Target::Details);
    let mut bytes = Vec::new();
    let mut found = None;
    for k in 1..=n {
        if k % 4096 == 0 && cancel.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
        let i = match (start, forward) {
            (Some(s), true) => (s + k) % n,
            (Some(s), false) => (s + n - k % n) % n,
            (None, true) => (k - 1) % n,
            (None, false) => n - k,
        };
        let frame = at(i);
        let hit = if let Some(e) = eval.as_mut() {
            e.matches(frame)
        } else if !an.packet(frame, &mut bytes) {
            false
        } else if q.target == Target::Bytes {
            q.bytes_match(&bytes)
        } else {
            let Some(rec) = an.record(frame) else {
                continue;
            };
            let d = crate::dissect::dissect_with(&rec, frame, &bytes, an, labels);
            if q.target == Target::List {
                let row = format!(
                    "{frame} {} {} {} {} {}",
                    d.cols.src, d.cols.dst, d.cols.protocol, rec.origlen, d.cols.info
                );
                q.text_matches(&row)
            } else {
                let mut hit = false;
                d.tree.walk(&mut |node| {
                    if !hit && !node.is_hidden() {
                        hit = q.text_matches(&node.display_label());
                    }
                });
                hit
            }
        };
        if hit {
            found = Some(frame);
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_read_in_the_usual_spellings() {
        assert_eq!(parse_hex("47 45 54"), Ok(b"GET".to_vec()));
        assert_eq!(parse_hex("0x474554"), Ok(b"GET".to_vec()));
        assert_eq!(parse_hex("47:45:54"), Ok(b"GET".to_vec()));
        assert!(parse_hex("474").is_err());
        assert!(parse_hex("zz").is_err());
        assert!(Query::new(Kind::Regex, Target::List, "(", true).is_err());
        assert!(Query::new(Kind::DisplayFilter, Target::List, "tcp.nonsense", true).is_err());
        assert!(Query::new(Kind::Text, Target::List, "  ", true).is_err());
    }

    #[test]
    fn strings_match_with_and_without_case() {
        let q = Query::new(Kind::Text, Target::Bytes, "host", false).unwrap();
        assert!(q.bytes_match(b"GET / HTTP/1.1\r\nHost: x"));
        let q = Query::new(Kind::Text, Target::Bytes, "host", true).unwrap();
        assert!(!q.bytes_match(b"GET / HTTP/1.1\r\nHost: x"));
        let q = Query::new(Kind::Regex, Target::List, "GET /[a-z]+\\.html", true).unwrap();
        assert!(q.text_matches("4 GET /index.html HTTP/1.1"));
        assert!(!q.text_matches("4 GET /index.htm HTTP/1.1"));
    }
}
