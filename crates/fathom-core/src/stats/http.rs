//! Statistics ▸ HTTP: the packet counter (`-z http,tree`), requests by host and URI
//! (`-z http_req,tree`) and the load distribution over servers (`-z http_srv,tree`), built
//! from every HTTP message the dissection shows; and the rows of the HTTP waterfall.

use super::tree::StatsTree;
use crate::dissect::{Node, Value};

/// What an HTTP message tells the statistics (Wireshark's HTTP tap). Its texts are numbers
/// in the [`Strings`] of its [`Messages`] (0: none): a quarter of a million messages held
/// each field as a `String` of its own, some 120 MB kept beside the analysis.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Message {
    pub frame: u32,
    /// Milliseconds since the capture's first frame.
    pub rel_ms: f64,
    pub method: u32,
    pub code: u16,
    pub host: u32,
    pub uri: u32,
    pub full_uri: u32,
    pub referer: u32,
    /// A response's Location header and the URI of the request it answers.
    pub location: u32,
    pub location_base: u32,
    pub src: u32,
    pub dst: u32,
}

/// Distinct texts, each held once and named by its place plus one.
#[derive(Clone, Debug, Default)]
pub struct Strings {
    set: indexmap::IndexSet<Box<str>>,
}

impl PartialEq for Strings {
    fn eq(&self, other: &Self) -> bool {
        self.set.iter().eq(other.set.iter())
    }
}

impl Strings {
    /// The number of `s`, added if new.
    pub fn add(&mut self, s: &str) -> u32 {
        match self.set.get_index_of(s) {
            Some(i) => i as u32 + 1,
            None => {
                self.set.insert(s.into());
                self.set.len() as u32
            }
        }
    }

    /// The text numbered `id`, `None` for 0.
    pub fn get(&self, id: u32) -> Option<&str> {
        let i = id.checked_sub(1)?;
        self.set.get_index(i as usize).map(|b| &**b)
    }

    /// [`Strings::get`], empty for 0.
    pub fn or_empty(&self, id: u32) -> &str {
        self.get(id).unwrap_or("")
    }
}

/// HTTP messages in frame order, and the texts they name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Messages {
    pub list: Vec<Message>,
    pub text: Strings,
}

impl Messages {
    /// Appends `other`'s messages, their texts renumbered into this table.
    pub fn append(&mut self, other: Messages) {
        let map: Vec<u32> = other.text.set.iter().map(|t| self.text.add(t)).collect();
        let re = |id: u32| match id.checked_sub(1) {
            Some(i) => map.get(i as usize).copied().unwrap_or(0),
            None => 0,
        };
        self.list.extend(other.list.into_iter().map(|m| Message {
            method: re(m.method),
            host: re(m.host),
            uri: re(m.uri),
            full_uri: re(m.full_uri),
            referer: re(m.referer),
            location: re(m.location),
            location_base: re(m.location_base),
            src: re(m.src),
            dst: re(m.dst),
            ..m
        }));
    }
}

fn first<'a>(n: &'a Node, abbrev: &str) -> Option<&'a Value> {
    let mut found = None;
    n.walk(&mut |c| {
        if found.is_none() && c.abbrev() == abbrev {
            found = Some(&c.value);
        }
    });
    found
}

fn text(v: &Value) -> String {
    v.to_fields_string()
}

/// The HTTP messages of one frame's tree, with the addresses of the IP header before each.
pub fn messages(frame: u32, rel_ms: f64, roots: &[Node], out: &mut Messages) {
    // the addresses of the last IP header before the message, read only for a message
    let mut ip: Option<(&Value, &Value)> = None;
    for r in roots {
        match r.abbrev() {
            "ip" | "ipv6" => {
                let (s, d) = if r.field == fid!("ip") {
                    ("ip.src", "ip.dst")
                } else {
                    ("ipv6.src", "ipv6.dst")
                };
                if let (Some(a), Some(b)) = (first(r, s), first(r, d)) {
                    ip = Some((a, b));
                }
            }
            "http" | "ssdp" => {
                // one walk finds every field the tap reads (the first of each)
                let mut f: [Option<&Value>; 9] = [None; 9];
                r.walk(&mut |c| {
                    let i = match c.abbrev() {
                        "data.data" => 0,
                        "http.request.method" => 1,
                        "http.response.code" => 2,
                        "http.host" => 3,
                        "http.request.uri" => 4,
                        "http.request.full_uri" => 5,
                        "http.referer" => 6,
                        "http.location" => 7,
                        "http.response_for.uri" => 8,
                        _ => return,
                    };
                    if f[i].is_none() {
                        f[i] = Some(&c.value);
                    }
                });
                // binary data on an HTTP connection that starts no message (a continuation:
                // no method, no status) is not counted (the tap is not reached)
                if let (Some(Value::Bytes(b)), None, None) = (f[0], f[1], f[2]) {
                    if !starts_printable(b) {
                        continue;
                    }
                }
                // (Wireshark's tap names M-SEARCH and M-POST without their "M-")
                let method = f[1].map_or(0, |v| {
                    let m = text(v);
                    out.text.add(m.strip_prefix("M-").unwrap_or(&m))
                });
                let t = &mut out.text;
                let mut add = |v: Option<&Value>| v.map_or(0, |v| t.add(&text(v)));
                let m = Message {
                    frame,
                    rel_ms,
                    method,
                    code: f[2].and_then(|v| v.as_u64()).unwrap_or(0) as u16,
                    host: add(f[3]),
                    uri: add(f[4]),
                    full_uri: add(f[5]),
                    referer: add(f[6]),
                    location: add(f[7]),
                    location_base: add(f[8]),
                    src: add(ip.map(|a| a.0)),
                    dst: add(ip.map(|a| a.1)),
                };
                out.list.push(m);
            }
            _ => {}
        }
    }
}

/// Whether HTTP bytes start with a printable character (after one leading CRLF), the test
/// Wireshark's HTTP dissector makes before it treats them as text.
pub fn starts_printable(b: &[u8]) -> bool {
    let b = if b.len() > 3 && b.starts_with(b"\r\n") {
        &b[2..]
    } else {
        b
    };
    b.first().is_some_and(|c| (0x20..0x7f).contains(c))
}

const CLASSES: [&str; 5] = [
    "1xx: Informational",
    "2xx: Success",
    "3xx: Redirection",
    "4xx: Client Error",
    "5xx: Server Error",
];

/// `HTTP/Packet Counter`.
pub fn packet_counter(msgs: &[Message], text: &Strings) -> StatsTree {
    let mut t = StatsTree::new("HTTP/Packet Counter");
    let total = t.node(None, "Total HTTP Packets");
    let req = t.node(Some(total), "HTTP Request Packets");
    let resp = t.node(Some(total), "HTTP Response Packets");
    t.node(Some(resp), "???: broken");
    for c in CLASSES {
        t.node(Some(resp), c);
    }
    t.node(Some(total), "Other HTTP Packets");
    for m in msgs {
        t.at(m.rel_ms);
        t.tick(None, "Total HTTP Packets");
        if m.code != 0 {
            t.tick(Some(total), "HTTP Response Packets");
            let class = match m.code {
                100..=599 => CLASSES[(m.code / 100 - 1) as usize],
                _ => "???: broken",
            };
            let c = t.tick(Some(resp), class);
            let desc = crate::dissect::http::status_desc(m.code);
            let name = if desc == "Unknown" {
                format!("{} Unknown ({})", m.code, m.code)
            } else {
                format!("{} {desc}", m.code)
            };
            t.tick(Some(c), &name);
        } else if let Some(method) = text.get(m.method) {
            t.tick(Some(total), "HTTP Request Packets");
            t.tick(Some(req), method);
        } else {
            t.tick(Some(total), "Other HTTP Packets");
        }
    }
    t
}

/// `HTTP/Requests`: requests by host, then by URI.
pub fn requests(msgs: &[Message], text: &Strings) -> StatsTree {
    let mut t = StatsTree::new("HTTP/Requests");
    let root = t.node(None, "HTTP Requests by HTTP Host");
    for m in msgs {
        t.at(m.rel_ms);
        if m.method == 0 {
            continue;
        }
        t.tick(None, "HTTP Requests by HTTP Host");
        if let Some(host) = text.get(m.host) {
            let h = t.tick(Some(root), host);
            if let Some(uri) = text.get(m.uri) {
                t.tick(Some(h), uri);
            }
        }
    }
    t
}

/// `HTTP/Load Distribution`: requests by server address and host, responses by server.
pub fn load_distribution(msgs: &[Message], text: &Strings) -> StatsTree {
    let mut t = StatsTree::new("HTTP/Load Distribution");
    let reqs = t.node(None, "HTTP Requests by Server");
    let by_addr = t.node(Some(reqs), "HTTP Requests by Server Address");
    let by_host = t.node(Some(reqs), "HTTP Requests by HTTP Host");
    let resps = t.node(None, "HTTP Responses by Server Address");
    for m in msgs {
        t.at(m.rel_ms);
        if m.method != 0 {
            t.tick(None, "HTTP Requests by Server");
            t.tick(Some(reqs), "HTTP Requests by Server Address");
            let a = t.tick(Some(by_addr), text.or_empty(m.dst));
            if let Some(host) = text.get(m.host) {
                t.tick(Some(a), host);
            }
            t.tick(Some(reqs), "HTTP Requests by HTTP Host");
            if let Some(host) = text.get(m.host) {
                let h = t.tick(Some(by_host), host);
                t.tick(Some(h), text.or_empty(m.dst));
            }
        } else if m.code != 0 {
            t.tick(None, "HTTP Responses by Server Address");
            let a = t.tick(Some(resps), text.or_empty(m.src));
            t.tick(
                Some(a),
                if m.code > 100 && m.code < 400 {
                    "OK"
                } else {
                    "KO"
                },
            );
        }
    }
    t
}

/// Where a Location header sends the client, resolved against the request's URI as
/// Wireshark resolves it (a simplified RFC 3986 resolution); `None` when it cannot.
fn location_target(base: &str, loc: &str) -> Option<String> {
    let scheme_end = base.find("://")? + 3;
    if loc.is_empty() {
        return Some(base.to_string());
    }
    if let Some(rest) = loc.strip_prefix("//") {
        return Some(format!("{}://{rest}", &base[..scheme_end - 3]));
    }
    if loc.contains("://") {
        return Some(loc.to_string());
    }
    let no_frag = base.split('#').next().unwrap_or(base);
    let no_query = no_frag.split('?').next().unwrap_or(no_frag);
    if loc.starts_with('?') {
        return Some(format!("{no_query}{loc}"));
    }
    let after = no_query.get(scheme_end..)?;
    if loc.starts_with('/') {
        if after.is_empty() {
            return None;
        }
        let netloc_end = after.find('/')?;
        return Some(format!("{}{loc}", &no_query[..scheme_end + netloc_end]));
    }
    Some(match after.rfind('/') {
        Some(p) => format!("{}/{loc}", &no_query[..scheme_end + p]),
        None => format!("{no_query}/{loc}"),
    })
}

/// `HTTP/Request Sequences`: which request led to which, from Referer headers and redirects
/// (each URI hangs under the most recent request for its referer).
pub fn request_sequences(msgs: &[Message], text: &Strings) -> StatsTree {
    use std::collections::HashMap;
    struct Seq {
        t: StatsTree,
        root: usize,
        node_of_uri: HashMap<String, usize>,
        uri_of_node: HashMap<usize, String>,
        parent_of: HashMap<usize, Option<usize>>,
    }
    impl Seq {
        fn referer(&mut self, uri: &str) -> usize {
            match self.node_of_uri.get(uri).copied() {
                None => {
                    let n = self.t.tick(Some(self.root), uri);
                    self.node_of_uri.insert(uri.to_string(), n);
                    self.uri_of_node.insert(n, uri.to_string());
                    self.parent_of.insert(n, Some(self.root));
                    n
                }
                Some(n) => {
                    let parent = self.parent_of.get(&n).copied().flatten();
                    self.t.tick(parent, uri)
                }
            }
        }
        fn request(&mut self, uri: &str, referer: usize) {
            let n = self.t.tick(Some(referer), uri);
            if let std::collections::hash_map::Entry::Vacant(e) = self.uri_of_node.entry(n) {
                e.insert(uri.to_string());
                self.parent_of.insert(n, Some(referer));
            }
            self.node_of_uri.insert(uri.to_string(), n);
        }
        /// Counts every node above `from` once more.
        fn climb(&mut self, from: usize) {
            let mut cur = Some(from);
            while let Some(c) = cur {
                let Some(&parent) = self.parent_of.get(&c) else {
                    break;
                };
                let uri = self.uri_of_node.get(&c).cloned().unwrap_or_default();
                self.t.tick(parent, &uri);
                cur = parent;
            }
        }
    }
    let mut t = StatsTree::new("HTTP/Request Sequences");
    let root = t.node(None, "HTTP Request Sequences");
    let mut s = Seq {
        t,
        root,
        node_of_uri: HashMap::from([("HTTP Request Sequences".to_string(), root)]),
        uri_of_node: HashMap::from([(root, "HTTP Request Sequences".to_string())]),
        parent_of: HashMap::from([(root, None)]),
    };
    for m in msgs {
        s.t.at(m.rel_ms);
        if let (Some(loc), Some(base)) = (text.get(m.location), text.get(m.location_base)) {
            if let Some(target) = location_target(base, loc) {
                let r = s.referer(base);
                s.request(&target, r);
                s.climb(r);
            }
        }
        if let (Some(_), Some(referer), Some(full)) = (
            text.get(m.method),
            text.get(m.referer),
            text.get(m.full_uri),
        ) {
            let r = s.referer(referer);
            s.request(full, r);
            s.climb(r);
        }
    }
    s.t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(text: &mut Strings, frame: u32, host: &str, uri: &str, dst: &str) -> Message {
        Message {
            frame,
            method: text.add("GET"),
            host: text.add(host),
            uri: text.add(uri),
            dst: text.add(dst),
            ..Default::default()
        }
    }

    /// Messages gathered in runs and joined name the same texts as messages gathered in one
    /// run, and the trees built from them are the same.
    #[test]
    fn joined_runs_name_the_same_texts() {
        let rows = [
            ("a.example", "/x", "192.0.2.1"),
            ("b.example", "/y", "192.0.2.2"),
            ("a.example", "/y", "192.0.2.1"),
            ("c.example", "/x", "192.0.2.3"),
        ];
        let mut one = Messages::default();
        for (i, (h, u, d)) in rows.iter().enumerate() {
            let m = msg(&mut one.text, i as u32 + 1, h, u, d);
            one.list.push(m);
        }
        let (mut first, mut second) = (Messages::default(), Messages::default());
        for (i, (h, u, d)) in rows.iter().enumerate() {
            let part = if i < 2 { &mut first } else { &mut second };
            let m = msg(&mut part.text, i as u32 + 1, h, u, d);
            part.list.push(m);
        }
        first.append(second);
        fn texts(ms: &Messages) -> Vec<(Option<&str>, Option<&str>, &str)> {
            ms.list
                .iter()
                .map(|m| {
                    (
                        ms.text.get(m.host),
                        ms.text.get(m.uri),
                        ms.text.or_empty(m.dst),
                    )
                })
                .collect()
        }
        assert_eq!(texts(&first), texts(&one));
        assert_eq!(texts(&one)[3], (Some("c.example"), Some("/x"), "192.0.2.3"));
        assert_eq!(
            requests(&first.list, &first.text).text(),
            requests(&one.list, &one.text).text()
        );
        assert_eq!(one.text.get(0), None);
    }
}
