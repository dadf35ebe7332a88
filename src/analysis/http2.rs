//! HTTP/2 in the first pass (RFC 9113): where each frame ends in a direction's byte
//! stream, the header blocks decoded in order with each direction's HPACK table (the
//! `loona-hpack` crate), and each frame's Info item as tshark writes it.

/// The client's connection preface.
pub const MAGIC: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// Frame types.
pub const DATA: u8 = 0;
pub const HEADERS: u8 = 1;
pub const PUSH_PROMISE: u8 = 5;
pub const CONTINUATION: u8 = 9;

/// Flags.
pub const END_STREAM: u8 = 0x1;
pub const END_HEADERS: u8 = 0x4;
pub const PADDED: u8 = 0x8;
pub const PRIORITY: u8 = 0x20;

pub fn type_name(t: u8) -> &'static str {
    match t {
        0 => "DATA",
        1 => "HEADERS",
        2 => "PRIORITY",
        3 => "RST_STREAM",
        4 => "SETTINGS",
        5 => "PUSH_PROMISE",
        6 => "PING",
        7 => "GOAWAY",
        8 => "WINDOW_UPDATE",
        9 => "CONTINUATION",
        _ => "Unknown",
    }
}

/// A frame's 9-byte header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Head {
    pub len: u32,
    pub ty: u8,
    pub flags: u8,
    pub stream: u32,
}

pub fn head(b: &[u8]) -> Option<Head> {
    let h = b.get(..9)?;
    Some(Head {
        len: u32::from_be_bytes([0, h[0], h[1], h[2]]),
        ty: h[3],
        flags: h[4],
        stream: u32::from_be_bytes([h[5], h[6], h[7], h[8]]) & 0x7fff_ffff,
    })
}

/// How long the next unit at `b` is (the preface, or a frame), when it is all there.
pub fn unit_len(b: &[u8], at_start: bool) -> Option<usize> {
    if at_start && b.starts_with(MAGIC) {
        return Some(MAGIC.len());
    }
    if at_start && MAGIC.starts_with(&b[..b.len().min(MAGIC.len())]) && b.len() < MAGIC.len() {
        return None;
    }
    let h = head(b)?;
    let n = 9 + h.len as usize;
    (n <= b.len()).then_some(n)
}

/// The header block fragment of a HEADERS, PUSH_PROMISE or CONTINUATION frame's payload.
pub fn block_fragment(h: &Head, p: &[u8]) -> Option<std::ops::Range<usize>> {
    let mut a = 0usize;
    let mut pad = 0usize;
    if h.ty != CONTINUATION && h.flags & PADDED != 0 {
        pad = *p.first()? as usize;
        a = 1;
    }
    if h.ty == HEADERS && h.flags & PRIORITY != 0 {
        a += 5;
    }
    if h.ty == PUSH_PROMISE {
        a += 4;
    }
    let e = p.len().checked_sub(pad)?;
    (a <= e).then_some(a..e)
}

/// One decoded unit of a direction: a frame (or the preface) with its headers.
#[derive(Clone, Debug, Default)]
pub struct Unit {
    /// None: the connection preface.
    pub head: Option<Head>,
    /// The decoded header list of a HEADERS frame whose block ends in it.
    pub headers: Option<Vec<(String, String)>>,
    /// The Info item ("HEADERS[1]: GET /index.html", "DATA[1] (text/html)").
    pub info: String,
    /// A DATA frame that ends its stream: the media type its headers named.
    pub body_type: Option<String>,
}

/// A direction's HPACK table and what is pending in it.
#[derive(Default)]
pub struct DirState {
    dec: Option<loona_hpack::Decoder<'static>>,
    /// A header block continued in CONTINUATION frames.
    block: Vec<u8>,
    /// The content type of each stream's headers in this direction (for the DATA that ends
    /// the stream).
    ctype: rustc_hash::FxHashMap<u32, String>,
}

const MAX_BLOCK: usize = 1 << 20;

impl DirState {
    /// Reads one whole unit (from [`unit_len`]).
    pub fn unit(&mut self, b: &[u8]) -> Unit {
        let Some(h) = head(b).filter(|_| !b.starts_with(MAGIC)) else {
            return Unit {
                info: "Magic".into(),
                ..Default::default()
            };
        };
        let p = b.get(9..).unwrap_or_default();
        let mut u = Unit {
            head: Some(h),
            info: format!("{}[{}]", type_name(h.ty), h.stream),
            ..Default::default()
        };
        match h.ty {
            HEADERS | PUSH_PROMISE | CONTINUATION => {
                if h.ty != CONTINUATION {
                    self.block.clear();
                }
                if let Some(r) = block_fragment(&h, p) {
                    if self.block.len() + r.len() <= MAX_BLOCK {
                        self.block.extend_from_slice(&p[r]);
                    }
                }
                if h.flags & END_HEADERS != 0 {
                    let dec = self.dec.get_or_insert_with(loona_hpack::Decoder::new);
                    let list: Vec<(String, String)> = match dec.decode(&self.block) {
                        Ok(l) => l
                            .into_iter()
                            .map(|(n, v)| {
                                (
                                    String::from_utf8_lossy(&n).into_owned(),
                                    String::from_utf8_lossy(&v).into_owned(),
                                )
                            })
                            .collect(),
                        Err(_) => Vec::new(),
                    };
                    self.block.clear();
                    let get = |k: &str| list.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
                    if let Some(ct) = get("content-type") {
                        let ct = ct.split(';').next().unwrap_or(ct).trim().to_string();
                        self.ctype.insert(h.stream, ct);
                    }
                    if let (Some(m), Some(p)) = (get(":method"), get(":path")) {
                        u.info.push_str(&format!(": {m} {p}"));
                    } else if let Some(s) = get(":status") {
                        let code: u16 = s.parse().unwrap_or(0);
                        u.info.push_str(&format!(
                            ": {s} {}",
                            crate::dissect::http::status_desc(code)
                        ));
                    }
                    u.headers = Some(list);
                }
            }
            DATA if h.flags & END_STREAM != 0 => {
                if let Some(ct) = self.ctype.get(&h.stream) {
                    u.info.push_str(&format!(" ({ct})"));
                    u.body_type = Some(ct.clone());
                }
            }
            _ => {}
        }
        u
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_headers_as_tshark_names_them() {
        assert_eq!(unit_len(MAGIC, true), Some(24));
        assert_eq!(unit_len(&MAGIC[..10], true), None);
        let settings = [0u8, 0, 0, 4, 1, 0, 0, 0, 0];
        assert_eq!(unit_len(&settings, false), Some(9));
        assert_eq!(unit_len(&settings[..5], false), None);
        let mut st = DirState::default();
        assert_eq!(st.unit(&settings).info, "SETTINGS[0]");
        // RFC 7541 C.3.1: :method GET, :scheme http, :path /, :authority www.example.com
        let block = b"\x82\x86\x84\x41\x0fwww.example.com";
        let mut f = vec![
            0,
            0,
            block.len() as u8,
            HEADERS,
            END_HEADERS | END_STREAM,
            0,
            0,
            0,
            1,
        ];
        f.extend_from_slice(block);
        let u = st.unit(&f);
        assert_eq!(u.info, "HEADERS[1]: GET /");
        let h = u.headers.expect("decoded");
        assert_eq!(h[3], (":authority".into(), "www.example.com".into()));
        // a frame cut anywhere is no whole unit, and a bad block decodes to nothing
        for n in 0..f.len() {
            assert_eq!(unit_len(&f[..n], false), None);
        }
        f[9] = 0xff;
        assert!(st.unit(&f).headers.expect("read").is_empty());
    }
}
