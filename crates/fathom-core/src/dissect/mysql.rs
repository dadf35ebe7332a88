//! MySQL on TCP port 3306: the packets' framing (length, number), the server greeting, the
//! login request, commands and the kinds of response, enough for the tree, the Protocol and
//! Info columns as tshark shows them (`Server Greeting  proto=10 version=5.7.25 `, `Login
//! Request user=site db=demo `, `Request Query`, `Response TABULAR Response `).

use super::ctx::Ctx;
use super::tree::{Build, Node, Value};

pub const PORT: u16 = 3306;

/// The MySQL packets in a segment: (offset, payload length, packet number).
fn packets(data: &[u8]) -> Vec<(usize, usize, u8)> {
    let mut out = Vec::new();
    let mut p = 0usize;
    while p + 4 <= data.len() {
        let len = data[p] as usize | (data[p + 1] as usize) << 8 | (data[p + 2] as usize) << 16;
        out.push((p, len, data[p + 3]));
        p += 4 + len;
    }
    out
}

fn cstr(b: &[u8]) -> (String, usize) {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    (String::from_utf8_lossy(&b[..end]).into_owned(), end)
}

fn command_name(c: u8) -> &'static str {
    match c {
        0x01 => "Quit",
        0x02 => "Use Database",
        0x03 => "Query",
        0x04 => "Show Fields",
        0x05 => "Create Database",
        0x06 => "Drop Database",
        0x08 => "Shutdown",
        0x09 => "Statistics",
        0x0e => "Ping",
        0x16 => "Prepare Statement",
        0x17 => "Execute Statement",
        0x19 => "Close Statement",
        _ => "Unknown",
    }
}

/// Whether a client's segment is an SSL request: the short login request (packet 1, 32
/// bytes, no user name) whose capabilities ask to switch to SSL (0x0800).
fn is_ssl_request(seg: &[u8]) -> bool {
    seg.len() == 36
        && seg[..4] == [32, 0, 0, 1]
        && u16::from_le_bytes([seg[4], seg[5]]) & 0x0800 != 0
}

// What follows a client's SSL request on the connection, both ways, is TLS.
inventory::submit! {
    crate::analysis::framing::Handover {
        test: |ports, seg| (ports.dst == PORT && is_ssl_request(seg)).then_some("tls"),
    }
}

// The MYSQL claim on TCP (asked after lower ranks).
inventory::submit! {
    super::table::TcpClaim { rank: 60, claim: on_tcp }
}

/// MySQL on its TCP port, when the payload reads as MySQL packets.
pub fn on_tcp(cx: &mut Ctx, s: &super::table::Segment) -> bool {
    s.has_port(PORT) && dissect(cx, s.start, s.end, s.sport == PORT, s.prefix)
}

/// Dissects a segment's payload `start..end`; `server` when it comes from port 3306. Returns
/// false for a TLS record (a connection that switched to TLS after its SSL request), which is
/// left to the caller.
pub fn dissect(cx: &mut Ctx, start: usize, end: usize, server: bool, fences: &str) -> bool {
    let Some(data) = cx.bytes.get(start..end) else {
        return false;
    };
    if crate::analysis::tls::is_record_header(data) {
        return false;
    }
    cx.proto("mysql");
    cx.cols.protocol = "MySQL".into();
    let mut info: Option<String> = None;
    for (off, len, num) in packets(data) {
        let at = start + off;
        let body = data
            .get(off + 4..(off + 4 + len).min(data.len()))
            .unwrap_or(&[]);
        if body.len() == len {
            // a packet whole in the segment is a PDU of TCP's
            cx.pdu_sizes.push((at, 4 + len));
        }
        let mut n =
            Node::new(fid!("mysql"), Value::None, at, 4 + body.len()).label("MySQL Protocol");
        n.add_uint(fid!("mysql.packet_length"), len as u64, at, 3);
        n.add_uint(fid!("mysql.packet_number"), num as u64, at + 3, 1);
        let b = at + 4;
        let text = if server {
            server_packet(&mut n, body, num, b)
        } else {
            client_packet(&mut n, body, num, b)
        };
        info.get_or_insert(text);
        cx.roots.push(n);
    }
    cx.cols.info = format!("{fences}{}", info.unwrap_or_default());
    true
}

fn server_packet(n: &mut Node, body: &[u8], num: u8, b: usize) -> String {
    match body.first() {
        Some(&10) if num == 0 => {
            let (version, vl) = cstr(&body[1..]);
            let g = n
                .add(fid!("mysql.server_greeting"), Value::None, b, body.len())
                .label("Server Greeting");
            g.add_uint(fid!("mysql.protocol"), 10, b, 1);
            g.add(
                fid!("mysql.version"),
                Value::Str(version.clone()),
                b + 1,
                vl + 1,
            );
            format!("Server Greeting  proto=10 version={version} ")
        }
        Some(&0x00) => {
            n.add(fid!("mysql.response_code"), Value::Uint(0, 2), b, 1);
            "Response  OK ".into()
        }
        Some(&0xff) => {
            let code = u16::from_le_bytes([
                body.get(1).copied().unwrap_or(0),
                body.get(2).copied().unwrap_or(0),
            ]);
            n.add(fid!("mysql.response_code"), Value::Uint(0xff, 2), b, 1);
            n.add_uint(fid!("mysql.error_code"), code as u64, b + 1, 2);
            format!("Response  Error {code} ")
        }
        Some(_) => "Response TABULAR Response ".into(),
        None => "Response ".into(),
    }
}

fn client_packet(n: &mut Node, body: &[u8], num: u8, b: usize) -> String {
    if num == 1 && body.len() >= 32 {
        // the login request answering the greeting (HandshakeResponse41)
        let caps = u32::from_le_bytes([body[0], body[1], body[2], body[3]]);
        let (user, ul) = cstr(&body[32..]);
        let l = n
            .add(fid!("mysql.login_request"), Value::None, b, body.len())
            .label("Login Request");
        l.add(fid!("mysql.user"), Value::Str(user.clone()), b + 32, ul + 1);
        let mut p = 32 + ul + 1;
        // the auth response: length-encoded, or one length byte
        let alen = body.get(p).copied().unwrap_or(0) as usize;
        p += 1 + alen;
        let mut info = format!("Login Request user={user} ");
        if caps & 0x8 != 0 && p < body.len() {
            let (db, dl) = cstr(&body[p..]);
            l.add(fid!("mysql.schema"), Value::Str(db.clone()), b + p, dl + 1);
            info = format!("Login Request user={user} db={db} ");
        }
        return info;
    }
    let Some(&cmd) = body.first() else {
        return "Request".into();
    };
    let name = command_name(cmd);
    let c = n
        .add_uint(fid!("mysql.command"), cmd as u64, b, 1)
        .label_fmt(|| format!("Command: {name} ({cmd})"));
    if cmd == 0x03 && body.len() > 1 {
        let q = String::from_utf8_lossy(&body[1..]).into_owned();
        c.add(fid!("mysql.query"), Value::Str(q), b + 1, body.len() - 1);
    }
    format!("Request {name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkt(num: u8, body: &[u8]) -> Vec<u8> {
        let l = body.len();
        let mut v = vec![l as u8, (l >> 8) as u8, (l >> 16) as u8, num];
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn packets_and_their_info_as_tshark() {
        let mut n = Node::new(fid!("mysql"), Value::None, 0, 0);
        let greeting = [&[10u8][..], b"5.7.25\0", &[0; 20]].concat();
        assert_eq!(
            server_packet(&mut n, &greeting, 0, 4),
            "Server Greeting  proto=10 version=5.7.25 "
        );
        let mut login = vec![0x08, 0x82, 0, 0];
        login.extend_from_slice(&[0; 28]);
        login.extend_from_slice(b"site\0");
        login.push(2);
        login.extend_from_slice(b"xx");
        login.extend_from_slice(b"demo\0");
        assert_eq!(
            client_packet(&mut n, &login, 1, 4),
            "Login Request user=site db=demo "
        );
        assert_eq!(
            client_packet(&mut n, b"\x03SELECT 1", 0, 4),
            "Request Query"
        );
        assert_eq!(
            server_packet(&mut n, &[0, 0, 0, 2, 0], 2, 4),
            "Response  OK "
        );
        assert_eq!(
            server_packet(&mut n, &[1], 1, 4),
            "Response TABULAR Response "
        );
        // framing: two packets in one segment, a third cut short
        let seg = [pkt(1, &[1]), pkt(2, b"abc"), vec![9, 0, 0, 3, 1]].concat();
        assert_eq!(packets(&seg), vec![(0, 1, 1), (5, 3, 2), (12, 9, 3)]);
        // hostile: nothing panics on short bodies
        assert_eq!(client_packet(&mut n, &[], 0, 4), "Request");
        assert_eq!(server_packet(&mut n, &[0xff], 3, 4), "Response  Error 0 ");
    }
}
