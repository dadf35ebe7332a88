//! Export Objects ▸ HTTP (`--export-objects http,DIR`): every HTTP message with a body, its
//! body de-chunked and decompressed, named as Wireshark names it: the last path component of
//! the request URI (for a response, of the newest request on its connection so far), made safe
//! for a file system, and made unique with `(1)`, `(2)`… before the extension.

use crate::analysis::http::HttpHead;
use crate::analysis::reassembly::PduKind;
use crate::analysis::Analysis;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One exportable object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    pub frame: u32,
    pub hostname: String,
    pub content_type: String,
    pub filename: String,
    pub data: Vec<u8>,
}

/// The last component of a URI's path, as `g_path_get_basename` gives it.
fn basename(uri: &str) -> String {
    let t = uri.trim_end_matches('/');
    if t.is_empty() {
        return if uri.is_empty() {
            ".".into()
        } else {
            "/".into()
        };
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

/// A name that is safe to create in a directory: path separators and characters file systems
/// refuse are written as `%XX`, and no name is `.` or `..`.
pub fn safe_name(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
            for b in c.to_string().bytes() {
                s.push_str(&format!("%{b:02x}"));
            }
        } else {
            s.push(c);
        }
    }
    match s.as_str() {
        "" | "." | ".." => format!("object{}", s.replace('.', "%2e")),
        _ => s,
    }
}

/// The newest request URI and Host header a connection has sent, as a run of messages
/// leaves them (`None`: none in that run).
#[derive(Clone, Default)]
struct Seen {
    uri: Option<String>,
    host: Option<String>,
}

/// An object found in one run of messages, its name still open when the request that names
/// it came in an earlier run.
struct Found {
    stream: u32,
    seen: Seen,
    object: Object,
}

/// The objects of one run of PDUs (in frame order), with what each connection has sent by
/// the run's end.
fn objects_in(
    an: &Analysis,
    pdus: &[(u32, crate::analysis::reassembly::Pdu)],
) -> (Vec<Found>, HashMap<u32, Seen>) {
    let mut out = Vec::new();
    let mut seen: HashMap<u32, Seen> = HashMap::new();
    // (without the file there are no bytes to take objects from)
    let Some(mut src) = an.message_source() else {
        return (out, seen);
    };
    for (frame, pdu) in pdus {
        if pdu.kind != PduKind::Http {
            continue;
        }
        let Some(t) = an.tcp(*frame) else { continue };
        let bytes = an.message_bytes(pdu, *frame, &mut src);
        let s = seen.entry(t.stream).or_default();
        let Some((content_type, data)) = read_message(&bytes, pdu.request, s) else {
            continue;
        };
        out.push(Found {
            stream: t.stream,
            seen: s.clone(),
            object: Object {
                frame: *frame,
                hostname: String::new(),
                content_type,
                filename: String::new(),
                data,
            },
        });
    }
    (out, seen)
}

/// Reads a message: a request notes its URI and host in its connection's `s`; a message
/// with a body gives its content type and the body (de-chunked, decompressed).
fn read_message(bytes: &[u8], request: bool, s: &mut Seen) -> Option<(String, Vec<u8>)> {
    let head = HttpHead::new_checked(bytes)?;
    if request {
        // the request line's second word, when it has one
        if let Some(uri) = head.start_line().split(|&c| c == b' ').nth(1) {
            s.uri = Some(String::from_utf8_lossy(uri).into_owned());
        }
        if let Some(host) = head.header_text("host") {
            s.host = Some(host);
        }
    }
    let data = crate::follow::decode_body(head.bytes(), &bytes[head.len()..]);
    (!data.is_empty()).then(|| (head.header_text("content-type").unwrap_or_default(), data))
}

/// The objects of every HTTP message with a body, in frame order. The messages are split
/// into one run per core; a response whose request came in an earlier run takes its name
/// from what that connection had sent by the end of the runs before.
pub fn http_objects(an: &Analysis) -> anyhow::Result<Vec<Object>> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |t| t.get())
        .clamp(1, 8);
    http_objects_in_runs(an, threads)
}

/// [`http_objects`] with the messages split into `threads` runs.
pub fn http_objects_in_runs(an: &Analysis, threads: usize) -> anyhow::Result<Vec<Object>> {
    let pdus = &an.reasm.pdus;
    let chunk = pdus.len().div_ceil(threads).max(1);
    let parts = std::thread::scope(|sc| {
        let handles: Vec<_> = pdus
            .chunks(chunk)
            .map(|run| sc.spawn(move || objects_in(an, run)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| anyhow::anyhow!("an Export Objects thread failed"))
            })
            .collect::<anyhow::Result<Vec<_>>>()
    })?;
    let mut before: HashMap<u32, Seen> = HashMap::new();
    let mut out = Vec::new();
    for (found, end) in parts {
        for f in found {
            let earlier = before.get(&f.stream);
            let uri = f.seen.uri.or_else(|| earlier.and_then(|e| e.uri.clone()));
            let host = f.seen.host.or_else(|| earlier.and_then(|e| e.host.clone()));
            let mut o = f.object;
            o.hostname = host.unwrap_or_default();
            o.filename = safe_name(&basename(&uri.unwrap_or_default()));
            out.push(o);
        }
        for (stream, s) in end {
            let e = before.entry(stream).or_default();
            if s.uri.is_some() {
                e.uri = s.uri;
            }
            if s.host.is_some() {
                e.host = s.host;
            }
        }
    }
    let tls = tls_objects(an);
    let h2 = http2_objects(an);
    if !tls.is_empty() || !h2.is_empty() {
        out.extend(tls);
        out.extend(h2);
        out.sort_by_key(|o| o.frame);
    }
    Ok(out)
}

/// The objects of the HTTP messages the TLS key log opened (beyond tshark 4.0, whose export
/// leaves some of them out).
fn tls_objects(an: &Analysis) -> Vec<Object> {
    let store = &an.reasm.tls().store;
    let mut seen: HashMap<u32, Seen> = HashMap::new();
    let mut out = Vec::new();
    for p in store
        .pdus
        .iter()
        .filter(|p| !p.continuation && p.h2.is_none())
    {
        let Some(bytes) = store.app_bytes(p.stream, p.dir, p.start, p.len) else {
            continue;
        };
        let s = seen.entry(p.stream).or_default();
        let Some((content_type, data)) = read_message(&bytes, p.request, s) else {
            continue;
        };
        out.push(Object {
            frame: p.frame,
            hostname: s.host.clone().unwrap_or_default(),
            content_type,
            filename: safe_name(&basename(s.uri.as_deref().unwrap_or_default())),
            data,
        });
    }
    out
}

/// The bodies of HTTP/2 streams, over TLS and in the clear (tshark 4.0 exports none): a
/// request's or a response's whole body, decompressed, named after the request's path.
fn http2_objects(an: &Analysis) -> Vec<Object> {
    let mut out = Vec::new();
    for e in an.reasm.h2_exchanges() {
        for b in &e.bodies {
            if b.end == 0 || b.cut || b.data.is_empty() {
                continue;
            }
            let data = match b.encoding.as_str() {
                "" | "identity" => b.data.clone(),
                enc => crate::dissect::content::decompress(enc, &b.data)
                    .unwrap_or_else(|_| b.data.clone()),
            };
            out.push(Object {
                frame: b.end,
                hostname: e.authority.clone(),
                content_type: b.ctype.clone(),
                filename: safe_name(&basename(&e.path)),
                data,
            });
        }
    }
    out
}

/// Where an object goes in `dir`: its name, or with `(n)` before the extension when an earlier
/// object took it.
pub fn unique_path(dir: &Path, name: &str, taken: &mut HashMap<String, u32>) -> PathBuf {
    let n = taken.entry(name.to_string()).or_insert(0);
    let file = if *n == 0 {
        name.to_string()
    } else {
        match name.rfind('.').filter(|&i| i > 0) {
            Some(i) => format!("{}({n}){}", &name[..i], &name[i..]),
            None => format!("{name}({n})"),
        }
    };
    *n += 1;
    dir.join(file)
}

/// Writes every object into `dir` (which must exist); returns how many.
pub fn save_all(objects: &[Object], dir: &Path) -> std::io::Result<usize> {
    let mut taken = HashMap::new();
    for o in objects {
        let p = unique_path(dir, &o.filename, &mut taken);
        std::fs::write(p, &o.data)?;
    }
    Ok(objects.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_wireshark_gives_them() {
        assert_eq!(basename("/gz/page.html"), "page.html");
        assert_eq!(basename("/a/b/"), "b");
        assert_eq!(safe_name(&basename("/")), "%2f");
        assert_eq!(safe_name("../etc/passwd"), "..%2fetc%2fpasswd");
        assert_eq!(safe_name(".."), "object%2e%2e");
        assert_eq!(safe_name("a?b=c"), "a%3fb=c");
        let dir = Path::new("/x");
        let mut taken = HashMap::new();
        assert_eq!(
            unique_path(dir, "logo.gif", &mut taken),
            dir.join("logo.gif")
        );
        assert_eq!(
            unique_path(dir, "logo.gif", &mut taken),
            dir.join("logo(1).gif")
        );
        assert_eq!(unique_path(dir, "post", &mut taken), dir.join("post"));
        assert_eq!(unique_path(dir, "post", &mut taken), dir.join("post(1)"));
    }
}
