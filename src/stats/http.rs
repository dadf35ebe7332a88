//! Statistics ▸ HTTP: the packet counter (`-z http,tree`), requests by host and URI
//! (`-z http_req,tree`) and the load distribution over servers (`-z http_srv,tree`), built
//! from every HTTP message the dissection shows; and the rows of the HTTP waterfall.

use super::tree::StatsTree;
use crate::dissect::{Node, Value};

/// What an HTTP message tells the statistics (Wireshark's HTTP tap).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Message {
    pub frame: u32,
    /// Milliseconds since the capture's first frame.
    pub rel_ms: f64,
    pub method: Option<String>,
    pub code: u16,
    pub host: Option<String>,
    pub uri: Option<String>,
    pub full_uri: Option<String>,
    pub referer: Option<String>,
    /// A response's Location header and the URI of the request it answers.
    pub location: Option<String>,
    pub location_base: Option<String>,
    pub src: String,
    pub dst: String,
}

fn first<'a>(n: &'a Node, abbrev: &str) -> Option<&'a Value> {
    let mut found = None;
    n.walk(&mut |c| {
        if found.is_none() && c.abbrev == abbrev {
            found = Some(&c.value);
        }
    });
    found
}

fn text(v: &Value) -> String {
    v.to_fields_string()
}

/// The HTTP messages of one frame's tree, with the addresses of the IP header before each.
pub fn messages(frame: u32, rel_ms: f64, roots: &[Node], out: &mut Vec<Message>) {
    // the addresses of the last IP header before the message, read only for a message
    let mut ip: Option<(&Value, &Value)> = None;
    for r in roots {
        match r.abbrev {
            "ip" | "ipv6" => {
                let (s, d) = if r.abbrev == "ip" {
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
                    let i = match c.abbrev {
                        "http.continuation" => 0,
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
                // binary data on an HTTP connection is not counted (the tap is not reached)
                if let Some(Value::Bytes(b)) = f[0] {
                    if !starts_printable(b) {
                        continue;
                    }
                }
                out.push(Message {
                    frame,
                    rel_ms,
                    // (Wireshark's tap names M-SEARCH and M-POST without their "M-")
                    method: f[1].map(|v| {
                        let m = text(v);
                        m.strip_prefix("M-").map_or(m.clone(), str::to_string)
                    }),
                    code: f[2].and_then(|v| v.as_u64()).unwrap_or(0) as u16,
                    host: f[3].map(text),
                    uri: f[4].map(text),
                    full_uri: f[5].map(text),
                    referer: f[6].map(text),
                    location: f[7].map(text),
                    location_base: f[8].map(text),
                    src: ip.map(|a| text(a.0)).unwrap_or_default(),
                    dst: ip.map(|a| text(a.1)).unwrap_or_default(),
                })
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
pub fn packet_counter(msgs: &[Message]) -> StatsTree {
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
        } else if let Some(method) = &m.method {
            t.tick(Some(total), "HTTP Request Packets");
            t.tick(Some(req), method);
        } else {
            t.tick(Some(total), "Other HTTP Packets");
        }
    }
    t
}

/// `HTTP/Requests`: requests by host, then by URI.
pub fn requests(msgs: &[Message]) -> StatsTree {
    let mut t = StatsTree::new("HTTP/Requests");
    let root = t.node(None, "HTTP Requests by HTTP Host");
    for m in msgs {
        t.at(m.rel_ms);
        if m.method.is_none() {
            continue;
        }
        t.tick(None, "HTTP Requests by HTTP Host");
        if let Some(host) = &m.host {
            let h = t.tick(Some(root), host);
            if let Some(uri) = &m.uri {
                t.tick(Some(h), uri);
            }
        }
    }
    t
}

/// `HTTP/Load Distribution`: requests by server address and host, responses by server.
pub fn load_distribution(msgs: &[Message]) -> StatsTree {
    let mut t = StatsTree::new("HTTP/Load Distribution");
    let reqs = t.node(None, "HTTP Requests by Server");
    let by_addr = t.node(Some(reqs), "HTTP Requests by Server Address");
    let by_host = t.node(Some(reqs), "HTTP Requests by HTTP Host");
    let resps = t.node(None, "HTTP Responses by Server Address");
    for m in msgs {
        t.at(m.rel_ms);
        if m.method.is_some() {
            t.tick(None, "HTTP Requests by Server");
            t.tick(Some(reqs), "HTTP Requests by Server Address");
            let a = t.tick(Some(by_addr), &m.dst);
            if let Some(host) = &m.host {
                t.tick(Some(a), host);
            }
            t.tick(Some(reqs), "HTTP Requests by HTTP Host");
            if let Some(host) = &m.host {
                let h = t.tick(Some(by_host), host);
                t.tick(Some(h), &m.dst);
            }
        } else if m.code != 0 {
            t.tick(None, "HTTP Responses by Server Address");
            let a = t.tick(Some(resps), &m.src);
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
pub fn request_sequences(msgs: &[Message]) -> StatsTree {
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
        if let (Some(loc), Some(base)) = (&m.location, &m.location_base) {
            if let Some(target) = location_target(base, loc) {
                let r = s.referer(base);
                s.request(&target, r);
                s.climb(r);
            }
        }
        if let (Some(_), Some(referer), Some(full)) = (&m.method, &m.referer, &m.full_uri) {
            let r = s.referer(referer);
            s.request(full, r);
            s.climb(r);
        }
    }
    s.t
}
