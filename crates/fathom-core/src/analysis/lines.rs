//! Line-based protocols (IMAP, SMTP): PDUs end at a line end (after any IMAP literal), and
//! the Info text Wireshark writes for them.

use super::http::Need;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proto {
    Imap,
    Smtp,
}

pub fn for_port(p: u16) -> Option<Proto> {
    match p {
        143 => Some(Proto::Imap),
        25 | 587 => Some(Proto::Smtp),
        _ => None,
    }
}

/// IMAP/SMTP framing: everything up to the last complete line that has no literal pending.
pub fn need(b: &[u8], proto: Proto, data_mode: bool) -> Need {
    if data_mode {
        return if b.is_empty() {
            Need::More
        } else {
            Need::Complete(b.len())
        };
    }
    let mut pos = 0usize;
    let mut last = 0usize;
    while let Some(nl) = b[pos..].iter().position(|&c| c == b'\n') {
        let line = &b[pos..pos + nl];
        pos += nl + 1;
        let lit = if proto == Proto::Imap {
            literal_len(line)
        } else {
            None
        };
        match lit {
            Some(n) => {
                pos = pos.saturating_add(n);
                if pos > b.len() {
                    return Need::Exactly(pos);
                }
            }
            None => last = pos,
        }
        if pos >= b.len() {
            break;
        }
    }
    if last > 0 {
        Need::Complete(last)
    } else {
        Need::More
    }
}

/// `{N}` at the end of an IMAP line announces N bytes of literal data.
fn literal_len(line: &[u8]) -> Option<usize> {
    let l = line.strip_suffix(b"\r").unwrap_or(line);
    let l = l.strip_suffix(b"}")?;
    let open = l.iter().rposition(|&c| c == b'{')?;
    let digits = l[open + 1..].strip_suffix(b"+").unwrap_or(&l[open + 1..]);
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Per-connection SMTP state from the first pass.
#[derive(Clone, Copy, Debug, Default)]
pub struct SmtpState {
    pub data_requested: bool,
    pub data_mode: bool,
    pub auth_login: u8,
}

fn text_lines(b: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(b)
        .split('\n')
        .map(|l| l.trim_end_matches('\r').to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The Info text of one PDU. `from_server` tells the direction.
pub fn summarize(b: &[u8], proto: Proto, from_server: bool, smtp: &mut SmtpState) -> String {
    match proto {
        Proto::Imap => {
            let lines = text_lines(b);
            let last = lines.last().cloned().unwrap_or_default();
            format!(
                "{}: {last}",
                if from_server { "Response" } else { "Request" }
            )
        }
        Proto::Smtp => {
            if from_server {
                let lines = text_lines(b);
                if smtp.data_requested && lines.first().is_some_and(|l| l.starts_with("354")) {
                    smtp.data_mode = true;
                }
                smtp.data_requested = false;
                if lines.first().is_some_and(|l| l.starts_with("334")) && smtp.auth_login > 0 {
                    // the server asks for the next credential
                }
                // continuation lines lose their "250-" reply-code prefix
                let shown: Vec<String> = lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let b = l.as_bytes();
                        if i > 0
                            && b.len() >= 4
                            && b[..3].iter().all(u8::is_ascii_digit)
                            && (b[3] == b'-' || b[3] == b' ')
                        {
                            l[4..].to_string()
                        } else {
                            l.clone()
                        }
                    })
                    .collect();
                return format!("S: {}", shown.join(" | "));
            }
            if smtp.data_mode {
                if b.ends_with(b"\r\n.\r\n") || b == b".\r\n" {
                    smtp.data_mode = false;
                }
                return format!("C: DATA fragment, {} bytes", b.len());
            }
            let lines = text_lines(b);
            let first = lines.first().cloned().unwrap_or_default();
            let upper = first.to_ascii_uppercase();
            if upper == "DATA" {
                smtp.data_requested = true;
            }
            let shown = match smtp.auth_login {
                1 => {
                    smtp.auth_login = 2;
                    format!("User: {first}")
                }
                2 => {
                    smtp.auth_login = 0;
                    format!("Pass: {first}")
                }
                _ => {
                    if upper == "AUTH LOGIN" {
                        smtp.auth_login = 1;
                    }
                    lines.join(" | ")
                }
            };
            format!("C: {shown}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imap_literals() {
        assert_eq!(
            need(b"* 1 FETCH (BODY {5}\r\nab", Proto::Imap, false),
            Need::Exactly(26)
        );
        assert_eq!(
            need(
                b"* 1 FETCH (BODY {5}\r\nabcde)\r\nA1 OK\r\n",
                Proto::Imap,
                false
            ),
            Need::Complete(36)
        );
        assert_eq!(
            need(b"* OK hi\r\nC1 O", Proto::Imap, false),
            Need::Complete(9)
        );
        assert_eq!(need(b"* OK", Proto::Imap, false), Need::More);
    }
}
