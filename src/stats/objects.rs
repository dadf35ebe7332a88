//! Export Objects ▸ HTTP (`--export-objects http,DIR`): every HTTP message with a body, its
//! body de-chunked and decompressed, named as Wireshark names it: the last path component of
//! the request URI (for a response, of the newest request on its connection so far), made safe
//! for a file system, and made unique with `(1)`, `(2)`… before the extension.

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

/// A header's value in a message head (its first line skipped), by case-insensitive name.
pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
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

/// The objects of every HTTP message with a body, in frame order.
pub fn http_objects(an: &Analysis) -> Vec<Object> {
    let mut out = Vec::new();
    // (without the file there are no bytes to take objects from)
    let Some(mut src) = an.message_source() else {
        return out;
    };
    let mut last_uri: HashMap<u32, String> = HashMap::new();
    let mut host: HashMap<u32, String> = HashMap::new();
    for (frame, pdu) in &an.reasm.pdus {
        if pdu.kind != PduKind::Http {
            continue;
        }
        let Some(t) = an.tcp(*frame) else { continue };
        let bytes = an.message_bytes(pdu, *frame, &mut src);
        let Some(hl) = crate::analysis::http::header_end(&bytes) else {
            continue;
        };
        let head = String::from_utf8_lossy(&bytes[..hl]).into_owned();
        if pdu.request {
            if let Some(uri) = head.lines().next().and_then(|l| l.split(' ').nth(1)) {
                last_uri.insert(t.stream, uri.to_string());
            }
            if let Some(h) = header(&head, "Host") {
                host.insert(t.stream, h.to_string());
            }
        }
        let data = crate::follow::decode_body(&bytes[..hl], &bytes[hl..]);
        if data.is_empty() {
            continue;
        }
        let uri = last_uri.get(&t.stream).cloned().unwrap_or_default();
        out.push(Object {
            frame: *frame,
            hostname: host.get(&t.stream).cloned().unwrap_or_default(),
            content_type: header(&head, "Content-Type").unwrap_or("").to_string(),
            filename: safe_name(&basename(&uri)),
            data,
        });
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
