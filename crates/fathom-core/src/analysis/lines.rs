//! Line-based protocols (IMAP, SMTP): PDUs end at a line end (after any IMAP literal), and
//! the Info text Wireshark writes for them.

use super::framing::{Framing, Need, Switch, Unit};
use super::pdu::{Pdu, PduKind};
use super::register::{Ports, ProtoData};

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
    /// The client sent DATA: what it sends is message data until the end-of-message line.
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

/// A server PDU's lines as the Info shows them: a line that continues a multi-line reply
/// (the line before it has `-` after its code, `250-PIPELINING`) loses its code; any other
/// line, a new reply's first or only line, is shown whole.
fn reply_lines(lines: &[String]) -> Vec<String> {
    let continues = |l: &str| {
        let b = l.as_bytes();
        b.len() >= 4 && b[..3].iter().all(u8::is_ascii_digit) && b[3] == b'-'
    };
    let mut after_dash = false;
    lines
        .iter()
        .map(|l| {
            let b = l.as_bytes();
            let coded = b.len() >= 4 && b[..3].iter().all(u8::is_ascii_digit);
            let shown = if after_dash && coded {
                l.get(4..).unwrap_or_default().to_string()
            } else {
                l.clone()
            };
            after_dash = continues(l);
            shown
        })
        .collect()
}

/// Whether the PDU the client sends now is message data (SMTP between DATA and the
/// end-of-message line), asked before [`summarize`] reads it.
pub fn is_message_data(proto: Proto, from_server: bool, smtp: &SmtpState) -> bool {
    proto == Proto::Smtp && !from_server && smtp.data_mode
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
                return format!("S: {}", reply_lines(&text_lines(b)).join(" | "));
            }
            if is_message_data(proto, from_server, smtp) {
                if b.ends_with(b"\r\n.\r\n") || b == b".\r\n" {
                    smtp.data_mode = false;
                }
                return format!("C: DATA fragment, {} bytes", b.len());
            }
            let lines = text_lines(b);
            let first = lines.first().cloned().unwrap_or_default();
            let upper = first.to_ascii_uppercase();
            // DATA, wherever it stands among pipelined commands, makes everything the
            // client sends after it message data until the end-of-message line, whatever
            // the server answers (as Wireshark reads it)
            if lines.iter().any(|l| {
                l.split(' ')
                    .next()
                    .is_some_and(|w| w.eq_ignore_ascii_case("DATA"))
            }) {
                smtp.data_mode = true;
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

/// The SMTP state of every connection (IMAP's PDUs read none).
#[derive(Default)]
struct Sessions(rustc_hash::FxHashMap<u32, SmtpState>);

fn data_mode(data: &ProtoData, stream: u32) -> bool {
    data.get::<Sessions>()
        .and_then(|s| s.0.get(&stream))
        .is_some_and(|s| s.data_mode)
}

/// A whole PDU of lines: whether it is message data, and its Info text.
fn finish(proto: Proto, data: &mut ProtoData, pdu: &mut Pdu, u: &Unit) {
    if let Some(s) = data.get_or_default::<Sessions>() {
        let sm = s.0.entry(u.stream).or_default();
        pdu.message_data = is_message_data(proto, u.from_server, sm);
        pdu.set_text(&summarize(u.bytes, proto, u.from_server, sm));
    }
}

/// `Some(from_server)` when one of the ports is `proto`'s.
fn on_port(proto: Proto, p: Ports) -> Option<bool> {
    let is = |port| for_port(port) == Some(proto);
    (is(p.src) || is(p.dst)).then(|| is(p.src))
}

inventory::submit! {
    Framing {
        name: "imap",
        kind: PduKind::Imap,
        ports: Some(|p| on_port(Proto::Imap, p)),
        need: |_, u, _| need(u.bytes, Proto::Imap, false),
        continuation: false,
        started: None,
        finish: |d, pdu, u, _| {
            finish(Proto::Imap, d, pdu, u);
            Switch::Stay
        },
        abandoned: |_| None,
        done: None,
    }
}

inventory::submit! {
    Framing {
        name: "smtp",
        kind: PduKind::Smtp,
        ports: Some(|p| on_port(Proto::Smtp, p)),
        need: |d, u, _| need(u.bytes, Proto::Smtp, data_mode(d, u.stream)),
        continuation: false,
        started: None,
        finish: |d, pdu, u, _| {
            finish(Proto::Smtp, d, pdu, u);
            Switch::Stay
        },
        abandoned: |_| None,
        done: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_replies_and_pipelined_data() {
        let mut st = SmtpState::default();
        // a multi-line reply: the continuation lines lose their code
        let ehlo = b"250-mx Hello\r\n250-PIPELINING\r\n250 HELP\r\n";
        assert_eq!(
            summarize(ehlo, Proto::Smtp, true, &mut st),
            "S: 250-mx Hello | PIPELINING | HELP"
        );
        // three replies to pipelined commands: each shown whole
        let three = b"553 5.1.8 no\r\n503 5.0.0 Need MAIL\r\n354 go on\r\n";
        assert_eq!(
            summarize(three, Proto::Smtp, true, &mut st),
            "S: 553 5.1.8 no | 503 5.0.0 Need MAIL | 354 go on"
        );
        // DATA among pipelined commands: what follows is data, even after a refusal
        let cmds = b"MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n";
        assert_eq!(
            summarize(cmds, Proto::Smtp, false, &mut st),
            "C: MAIL FROM:<a@b> | RCPT TO:<c@d> | DATA"
        );
        assert!(st.data_mode);
        summarize(b"554 no valid recipients\r\n", Proto::Smtp, true, &mut st);
        assert_eq!(
            summarize(b"RSET\r\n", Proto::Smtp, false, &mut st),
            "C: DATA fragment, 6 bytes"
        );
        summarize(b"body\r\n.\r\n", Proto::Smtp, false, &mut st);
        assert!(!st.data_mode, "the end-of-message line ends the data");
        assert_eq!(
            summarize(b"QUIT\r\n", Proto::Smtp, false, &mut st),
            "C: QUIT"
        );
    }

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
