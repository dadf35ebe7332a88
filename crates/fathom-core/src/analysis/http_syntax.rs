//! What an HTTP/1.x message looks like, as Wireshark's HTTP dissector reads it: the methods
//! it knows, where a head ends, the start line and headers (`HttpHead`, `Head`), a chunked
//! body's end, how many bytes a message needs, upgrades, and the status codes' texts. Read
//! by the framing (`http.rs`), the pairing (`exchanges.rs`) and the dissector.

use super::framing::Need;

/// The request methods Wireshark's HTTP dissector knows (RFC 7231, WebDAV and RFC 3253,
/// UPnP GENA, MS-RPCH, Cisco's CCM_POST); "M-" prefixed ones (RFC 2774) are stripped first.
const METHODS: &[&[u8]] = &[
    b"GET",
    b"PUT",
    b"COPY",
    b"HEAD",
    b"LOCK",
    b"MOVE",
    b"POLL",
    b"POST",
    b"BCOPY",
    b"BMOVE",
    b"MKCOL",
    b"TRACE",
    b"LABEL",
    b"MERGE",
    b"DELETE",
    b"SEARCH",
    b"UNLOCK",
    b"REPORT",
    b"UPDATE",
    b"NOTIFY",
    b"BDELETE",
    b"CONNECT",
    b"OPTIONS",
    b"CHECKIN",
    b"PROPFIND",
    b"CHECKOUT",
    b"CCM_POST",
    b"SUBSCRIBE",
    b"PROPPATCH",
    b"BPROPFIND",
    b"BPROPPATCH",
    b"UNCHECKOUT",
    b"MKACTIVITY",
    b"MKWORKSPACE",
    b"RPC_CONNECT",
    b"RPC_IN_DATA",
    b"UNSUBSCRIBE",
    b"RPC_OUT_DATA",
    b"VERSION-CONTROL",
    b"BASELINE-CONTROL",
    b"PATCH",
];

/// Whether bytes start an HTTP request (Some(true)), response (Some(false)) or neither.
pub fn starts_message(b: &[u8]) -> Option<bool> {
    // the first line's first token (up to a space or the end of the line) is the method,
    // as Wireshark reads it: "OPTIONS" alone is a request, "GET/ HTTP/1.1" is not (the
    // longest method is far shorter than 64 bytes, so a long first line is not read whole)
    let b = &b[..b.len().min(64)];
    let end = b.iter().position(|&c| c == b'\n').unwrap_or(b.len());
    let mut line = trim_cr(&b[..end]);
    if line.starts_with(b"M-") {
        line = &line[2..];
    }
    if line.starts_with(b"HTTP/") {
        return Some(false);
    }
    let token = &line[..line.iter().position(|&c| c == b' ').unwrap_or(line.len())];
    if token == b"ICY" {
        return Some(false);
    }
    METHODS.contains(&token).then_some(true)
}

/// Whether a request line names a URI (a token after the method).
pub fn request_has_uri(b: &[u8]) -> bool {
    let end = b.iter().position(|&c| c == b'\n').unwrap_or(b.len());
    let line = trim_cr(&b[..end]);
    line.iter()
        .position(|&c| c == b' ')
        .is_some_and(|sp| line[sp + 1..].iter().any(|&c| c != b' '))
}

/// Finds the end of the header block (index just after the blank line).
pub fn header_end(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' {
            if b.get(i + 1) == Some(&b'\n') {
                return Some(i + 2);
            }
            if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') {
                return Some(i + 3);
            }
        }
        i += 1;
    }
    None
}

/// An HTTP message head: its start line and header lines, up to the blank line that ends
/// them ([`header_end`]), or up to where the bytes end when a head is cut short. Every
/// reader of heads (framing and pairing, Follow, Export Objects, the waterfall) reads
/// header lines through this one view, so a header is found by one rule: its name is what
/// comes before the line's first colon (any case), its value the rest, trimmed.
#[derive(Clone, Copy, Debug)]
pub struct HttpHead<'a> {
    text: &'a [u8],
}

impl<'a> HttpHead<'a> {
    /// The head at the start of `b`, when its blank line is there.
    pub fn new_checked(b: &'a [u8]) -> Option<Self> {
        header_end(b).map(|n| HttpHead { text: &b[..n] })
    }
    /// The head at the start of `b`: up to its blank line, or all of `b` without one.
    pub fn or_all(b: &'a [u8]) -> Self {
        HttpHead {
            text: &b[..header_end(b).unwrap_or(b.len())],
        }
    }
    /// The first `len` bytes of `b` as a head (bounded by `b`).
    pub fn with_len(b: &'a [u8], len: usize) -> Self {
        HttpHead {
            text: &b[..len.min(b.len())],
        }
    }
    /// The head's length, its blank line included.
    pub fn len(&self) -> usize {
        self.text.len()
    }
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
    pub fn bytes(&self) -> &'a [u8] {
        self.text
    }
    /// The request or status line, without its line end.
    pub fn start_line(&self) -> &'a [u8] {
        trim_cr(self.text.split(|&c| c == b'\n').next().unwrap_or_default())
    }
    /// A request line's method and target (the first two words; the target is empty when
    /// missing); `None` for a status line.
    pub fn request_line(&self) -> Option<(&'a [u8], &'a [u8])> {
        let line = self.start_line();
        if line.starts_with(b"HTTP/") {
            return None;
        }
        let mut words = line.splitn(3, |&c| c == b' ');
        Some((
            words.next().unwrap_or_default(),
            words.next().unwrap_or_default(),
        ))
    }
    /// A status line's code (its second word, 0 when it is no number); `None` for a request.
    pub fn status(&self) -> Option<u16> {
        let line = self.start_line();
        if !line.starts_with(b"HTTP/") {
            return None;
        }
        let code = line.splitn(3, |&c| c == b' ').nth(1).unwrap_or_default();
        Some(
            std::str::from_utf8(code)
                .ok()
                .and_then(|c| c.trim().parse().ok())
                .unwrap_or(0),
        )
    }
    /// The header lines after the start line, as (name, value): the name as sent before
    /// the first colon, the value trimmed of spaces and tabs. Lines without a colon (the
    /// blank line, folded continuations) are skipped.
    pub fn headers(&self) -> impl Iterator<Item = (&'a [u8], &'a [u8])> {
        self.text.split(|&c| c == b'\n').skip(1).filter_map(|l| {
            let l = trim_cr(l);
            let colon = l.iter().position(|&c| c == b':')?;
            Some((&l[..colon], l[colon + 1..].trim_ascii()))
        })
    }
    /// The value of the first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&'a [u8]> {
        self.headers()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
            .map(|(_, v)| v)
    }
    /// [`HttpHead::header`] as text (bytes that are no UTF-8 replaced).
    pub fn header_text(&self, name: &str) -> Option<String> {
        self.header(name)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }
}

/// Parsed header facts that framing and pairing need.
#[derive(Clone, Debug, Default)]
pub struct Head {
    pub request: bool,
    pub method: String,
    /// A request's target (the second token of its first line, empty when missing).
    pub uri: Option<String>,
    /// The Host header's value.
    pub host: Option<String>,
    pub status: u16,
    pub content_length: Option<u64>,
    pub chunked: bool,
    pub close: bool,
    pub hdr_len: usize,
    /// The message came over TLS (its full URI is `https://`).
    pub tls: bool,
}

pub fn parse_head(b: &[u8], hdr_len: usize) -> Option<Head> {
    let head = HttpHead::with_len(b, hdr_len);
    let mut h = Head {
        hdr_len,
        ..Default::default()
    };
    if let Some(code) = head.status() {
        // (a status line whose code is no UTF-8 is no head Fathom pairs)
        let word = head.start_line().splitn(3, |&c| c == b' ').nth(1);
        std::str::from_utf8(word.unwrap_or_default()).ok()?;
        h.status = code;
    } else {
        h.request = true;
        let line = String::from_utf8_lossy(head.start_line());
        let mut parts = line.splitn(3, ' ');
        h.method = parts.next().unwrap_or("").to_string();
        h.uri = Some(parts.next().unwrap_or("").to_string());
    }
    for (name, value) in head.headers() {
        let value = String::from_utf8_lossy(value);
        if name.eq_ignore_ascii_case(b"content-length") {
            h.content_length = value.parse().ok();
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            // Wireshark frames a body as chunked only when the value starts with "chunked"
            // ("gzip, chunked" or ", chunked" are read by Content-Length or to the end)
            if value.len() >= 7 && value.as_bytes()[..7].eq_ignore_ascii_case(b"chunked") {
                h.chunked = true;
            }
        } else if name.eq_ignore_ascii_case(b"connection") && value.eq_ignore_ascii_case("close") {
            h.close = true;
        } else if name.eq_ignore_ascii_case(b"host") && h.host.is_none() {
            h.host = Some(value.into_owned());
        }
    }
    Some(h)
}

impl Head {
    /// `http.request.full_uri` of a request with a Host header (see [`full_uri`]).
    pub fn full_uri(&self) -> Option<String> {
        Some(full_uri(
            &self.method,
            self.uri.as_deref()?,
            self.host.as_deref()?,
            self.tls,
        ))
    }
}

/// Wireshark's full request URI: the target as sent when it is absolute (`http://`,
/// `https://`) or the method is CONNECT, else `http://` (`https://` over TLS) + the Host
/// value + the target (so SSDP's `M-SEARCH *` to `239.255.255.250:1900` is
/// `http://239.255.255.250:1900*`).
pub fn full_uri(method: &str, uri: &str, host: &str, tls: bool) -> String {
    let starts = |p: &str| {
        uri.get(..p.len())
            .is_some_and(|x| x.eq_ignore_ascii_case(p))
    };
    let connect = method
        .get(..7)
        .is_some_and(|x| x.eq_ignore_ascii_case("CONNECT"));
    if starts("http://") || starts("https://") || connect {
        uri.to_string()
    } else {
        let scheme = if tls { "https" } else { "http" };
        format!("{scheme}://{}{uri}", host.trim())
    }
}

pub fn trim_cr(l: &[u8]) -> &[u8] {
    l.strip_suffix(b"\r").unwrap_or(l)
}

/// Where a chunked body ends (index after the last chunk and trailers), relative to `b`.
/// `Err(true)` means more bytes are needed, `Err(false)` that the encoding is broken.
pub fn chunked_end(b: &[u8]) -> Result<usize, bool> {
    let mut pos = 0usize;
    loop {
        let rest = &b[pos..];
        let Some(nl) = rest.iter().position(|&c| c == b'\n') else {
            return Err(true);
        };
        let line = trim_cr(&rest[..nl]);
        let hex: Vec<u8> = line
            .iter()
            .take_while(|c| c.is_ascii_hexdigit())
            .copied()
            .collect();
        if hex.is_empty() {
            return Err(false);
        }
        let size =
            u64::from_str_radix(std::str::from_utf8(&hex).unwrap_or("0"), 16).map_err(|_| false)?;
        pos += nl + 1;
        if size == 0 {
            // trailers until an empty line
            loop {
                let rest = &b[pos..];
                let Some(nl) = rest.iter().position(|&c| c == b'\n') else {
                    return Err(true);
                };
                let line = trim_cr(&rest[..nl]);
                pos += nl + 1;
                if line.is_empty() {
                    return Ok(pos);
                }
            }
        }
        let size = usize::try_from(size).map_err(|_| false)?;
        let end = pos.checked_add(size).ok_or(false)?;
        if b.len() < end {
            return Err(true);
        }
        pos = end;
        // CRLF after the data
        if b.len() < pos + 1 {
            return Err(true);
        }
        if b[pos] == b'\r' {
            if b.len() < pos + 2 {
                return Err(true);
            }
            pos += 2;
        } else if b[pos] == b'\n' {
            pos += 1;
        } else {
            return Err(false);
        }
    }
}

/// How long the message starting at `b[0]` is. `head_request` says the matching request was a
/// HEAD (its response has no body).
pub fn need(b: &[u8], head_request: bool) -> Need {
    need_from(b, head_request, &mut 0)
}

/// [`need`] for a message that grows: `scanned` bytes from its start are known to hold no
/// whole header block, and it is raised when the block is still not whole, so a header read
/// over many segments is searched once in all (linear, not quadratic).
pub fn need_from(b: &[u8], head_request: bool, scanned: &mut usize) -> Need {
    if starts_message(b).is_none() {
        // no whole first line yet, starting with a printable character: it may still be a
        // request or status line (Wireshark asks for more before it reads the line; what
        // starts with anything else is no message); searched from where the last look
        // stopped, so bytes without a line end over many segments are read once
        let from = (*scanned).min(b.len());
        let printable = b.first().is_some_and(|&c| (0x20..0x7f).contains(&c));
        if printable && !b[from..].contains(&b'\n') {
            *scanned = b.len();
            return Need::More;
        }
        return Need::NoMessage;
    }
    let from = (*scanned).min(b.len()).saturating_sub(2);
    let Some(hl) = header_end(&b[from..]).map(|e| from + e) else {
        *scanned = b.len();
        return Need::More;
    };
    let Some(h) = parse_head(b, hl) else {
        return Need::NoMessage;
    };
    if !h.request && (h.status / 100 == 1 || h.status == 204 || h.status == 304 || head_request) {
        return Need::Complete(hl);
    }
    if h.chunked {
        return match chunked_end(&b[hl..]) {
            Ok(n) => Need::Complete(hl + n),
            Err(true) => Need::More,
            Err(false) => Need::Complete(b.len()),
        };
    }
    if let Some(cl) = h.content_length {
        let total = (hl as u64).saturating_add(cl);
        let total = usize::try_from(total).unwrap_or(usize::MAX);
        return if b.len() >= total {
            Need::Complete(total)
        } else {
            Need::Exactly(total)
        };
    }
    if h.request {
        Need::Complete(hl)
    } else {
        Need::UntilFin
    }
}

/// Whether a response head names `Upgrade: websocket`.
pub fn upgrades_to_websocket(head: &[u8]) -> bool {
    upgrades_to(head, b"websocket")
}

/// Whether a head's `Upgrade:` header names `proto` (`websocket`, `h2c`).
pub fn upgrades_to(head: &[u8], proto: &[u8]) -> bool {
    let end = header_end(head).unwrap_or(head.len());
    head[..end].split(|&c| c == b'\n').any(|l| {
        let l = trim_cr(l);
        l.len() > 8
            && l[..8].eq_ignore_ascii_case(b"upgrade:")
            && l[8..]
                .windows(proto.len())
                .any(|w| w.eq_ignore_ascii_case(proto))
    })
}

/// Wireshark's HTTP heuristic for a TCP port HTTP is not registered on: the segment holds a
/// whole first line (longer than 8 bytes) that starts or ends with `HTTP/1.` and one more
/// character, in any case.
/// The conversation is HTTP from that segment on.
pub fn heuristic(b: &[u8]) -> bool {
    let Some(end) = b.iter().position(|&c| c == b'\n') else {
        return false;
    };
    let line = trim_cr(&b[..end]);
    if line.len() <= 8 {
        return false;
    }
    line[..7].eq_ignore_ascii_case(b"HTTP/1.")
        || line[line.len() - 8..line.len() - 1].eq_ignore_ascii_case(b"HTTP/1.")
}

/// The standard reason phrase of a status code, as Wireshark names it.
pub fn status_desc(code: u16) -> &'static str {
    match code {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        199 => "Informational - Others",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        299 => "Success - Others",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        399 => "Redirection - Others",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Time-out",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        414 => "Request-URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Requested Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        499 => "Client Error - Others",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Time-out",
        505 => "HTTP Version not supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        599 => "Server Error - Others",
        _ => "Unknown",
    }
}
