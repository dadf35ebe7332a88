//! SSH on TCP port 22: the version banners, the unencrypted binary packets of the key
//! exchange, and the encrypted packets after each side's New Keys. The first pass notes per
//! conversation what the later frames need (`observe`): whether the banners said version 2,
//! the key exchange methods each side offered, and the frame of each side's New Keys.

use super::ctx::{be32, Ctx};
use super::tree::{Build, Node, Value};

pub const PORT: u16 = 22;

// SSH's first pass, registered with the analysis: it watches the connections on its port
// (outside Wireshark's port table: HTTP is still tried on them).
inventory::submit! {
    crate::analysis::register::TcpProtocol {
        name: "ssh",
        table_ports: None,
        watches: |p| (p.src == PORT || p.dst == PORT).then_some(PORT),
        observe: |data, s| {
            if let Some(st) = data.get_or_default::<SshState>() {
                observe(st.0.entry(s.stream).or_default(), s.side, s.frame, s.payload);
            }
        },
    }
}

/// Every SSH conversation the first pass has seen, by TCP stream.
#[derive(Debug, Default)]
pub struct SshState(pub std::collections::HashMap<u32, SshConv>);

/// What the first pass learned about one SSH conversation.
#[derive(Clone, Debug, Default)]
pub struct SshConv {
    /// A banner said SSH-2.0 (or 1.99).
    pub v2: bool,
    /// The key exchange methods each side offered (client, server).
    pub kex: [Option<Vec<String>>; 2],
    /// The frame of each side's New Keys: later frames from that side are encrypted.
    pub newkeys: [Option<u32>; 2],
}

impl SshConv {
    /// The key exchange method: the client's first that the server offers too.
    pub fn method(&self) -> Option<&str> {
        let (Some(c), Some(s)) = (&self.kex[0], &self.kex[1]) else {
            return None;
        };
        c.iter().find(|m| s.contains(m)).map(String::as_str)
    }

    fn encrypted(&self, side: usize, frame: u32) -> bool {
        match self.newkeys[side] {
            Some(f) => frame > f,
            // a capture that starts after the key exchange: nothing to read
            None => !self.v2 && self.kex[side].is_none(),
        }
    }
}

/// One unencrypted binary packet: (offset, packet length, padding length, message code).
fn packets(b: &[u8]) -> Vec<(usize, u32, u8, u8)> {
    let mut v = Vec::new();
    let mut off = 0usize;
    while let (Some(len), Some(&pad), Some(&code)) = (be32(b, off), b.get(off + 4), b.get(off + 5))
    {
        if !(2..=256 * 1024).contains(&len) {
            break;
        }
        v.push((off, len, pad, code));
        let next = off + 4 + len as usize;
        if code == 21 || next > b.len() {
            break; // after New Keys the rest is encrypted
        }
        off = next;
    }
    v
}

/// The first pass: what a segment's payload tells about its conversation. `side` is 0 for
/// the client, 1 for the server.
pub fn observe(conv: &mut SshConv, side: usize, frame: u32, payload: &[u8]) {
    if payload.starts_with(b"SSH-") {
        if payload.starts_with(b"SSH-2.") || payload.starts_with(b"SSH-1.99") {
            conv.v2 = true;
        }
        return;
    }
    if conv.newkeys[side].is_some() || !conv.v2 {
        return;
    }
    for (off, _, _, code) in packets(payload) {
        match code {
            20 if conv.kex[side].is_none() => {
                // cookie (16 bytes), then the kex_algorithms name-list
                let at = off + 6 + 16;
                if let Some(n) = be32(payload, at) {
                    let list = payload.get(at + 4..at + 4 + n as usize).unwrap_or(&[]);
                    conv.kex[side] = Some(
                        String::from_utf8_lossy(list)
                            .split(',')
                            .map(str::to_string)
                            .collect(),
                    );
                }
            }
            21 => conv.newkeys[side] = Some(frame),
            _ => {}
        }
    }
}

fn message_name(code: u8, method: Option<&str>) -> String {
    let m = method.unwrap_or("");
    let ecdh = m.starts_with("ecdh-") || m.starts_with("curve25519") || m.starts_with("curve448");
    let gex = m.starts_with("diffie-hellman-group-exchange");
    let name = match code {
        1 => "Disconnect",
        2 => "Ignore",
        3 => "Unimplemented",
        4 => "Debug",
        5 => "Service Request",
        6 => "Service Accept",
        7 => "Extension Info",
        20 => "Key Exchange Init",
        21 => "New Keys",
        30 if ecdh => "Elliptic Curve Diffie-Hellman Key Exchange Init",
        31 if ecdh => "Elliptic Curve Diffie-Hellman Key Exchange Reply",
        30 if gex => "Diffie-Hellman Group Exchange Request (Old)",
        31 if gex => "Diffie-Hellman Group Exchange Group",
        32 if gex => "Diffie-Hellman Group Exchange Init",
        33 if gex => "Diffie-Hellman Group Exchange Reply",
        34 if gex => "Diffie-Hellman Group Exchange Request",
        30 => "Diffie-Hellman Key Exchange Init",
        31 => "Diffie-Hellman Key Exchange Reply",
        _ => return format!("Unknown ({code})"),
    };
    name.to_string()
}

// The SSH claim on TCP (asked after lower ranks).
inventory::submit! {
    super::table::TcpClaim { rank: 20, claim: on_tcp }
}

/// SSH on its TCP port.
pub fn on_tcp(cx: &mut Ctx, s: &super::table::Segment) -> bool {
    if !s.has_port(PORT) {
        return false;
    }
    dissect(cx, s.start, s.end, s.sport == PORT, s.prefix);
    true
}

/// Dissects the payload `[start, end)` of a segment on port 22; `fences` are TCP's Info
/// prefixes (a fast retransmission's), which tshark shows after the side's name.
pub fn dissect(cx: &mut Ctx, start: usize, end: usize, server: bool, fences: &str) {
    let b = cx.bytes;
    let Some(data) = b.get(start..end) else {
        return;
    };
    let an = cx.an;
    let none = SshConv::default();
    let conv = an
        .and_then(|a| {
            let st = a.protos.get::<SshState>()?;
            st.0.get(&a.tcp(cx.frame)?.stream)
        })
        .unwrap_or(&none);
    let side = usize::from(server);
    cx.proto("ssh");
    cx.cols.protocol = if conv.v2 { "SSHv2" } else { "SSH" }.into();
    let who = if server { "Server" } else { "Client" };
    let mut n = Node::new(fid!("ssh"), Value::None, start, data.len()).label("SSH Protocol");
    let mut msgs: Vec<String> = Vec::new();
    if data.starts_with(b"SSH-") {
        let line = data.split(|&c| c == b'\n').next().unwrap_or(data);
        let text = String::from_utf8_lossy(crate::analysis::http::trim_cr(line)).into_owned();
        n.add(
            fid!("ssh.protocol"),
            Value::Str(text.clone()),
            start,
            line.len(),
        )
        .label_fmt(|| format!("Protocol: {text}"));
        msgs.push(format!("Protocol ({text})"));
    } else if conv.encrypted(side, cx.frame) {
        n.add(
            fid!("ssh.encrypted_packet"),
            Value::Slice,
            start,
            data.len(),
        )
        .label_fmt(|| format!("Encrypted Packet: {} bytes", data.len()));
        if !conv.v2 {
            msgs.push(format!("Encrypted packet (len={})", data.len()));
        }
    } else {
        let method = conv.method();
        for (off, len, pad, code) in packets(data) {
            let at = start + off;
            let name = message_name(code, method);
            let mut p = Node::new(
                fid!("ssh"),
                Value::None,
                at,
                (4 + len as usize).min(data.len() - off),
            )
            .label_fmt(|| "SSH Version 2".to_string());
            p.add_uint(fid!("ssh.packet_length"), len as u64, at, 4);
            p.add_uint(fid!("ssh.padding_length"), pad as u64, at + 4, 1);
            p.add_uint(fid!("ssh.message_code"), code as u64, at + 5, 1)
                .label_fmt(|| format!("Message Code: {name} ({code})"));
            n.children.append(&mut p.children);
            msgs.push(name);
        }
    }
    cx.roots.push(n);
    let msgs = msgs.join(", ");
    cx.cols.info = match (fences.is_empty(), msgs.is_empty()) {
        (true, _) => format!("{who}: {msgs}"),
        (false, true) => format!("{who}: {fences}"),
        (false, false) => format!("{who}: {fences}, {msgs}"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_exchange_is_read_until_new_keys() {
        let mut c = SshConv::default();
        observe(&mut c, 0, 4, b"SSH-2.0-OpenSSH_7.9\r\n");
        assert!(c.v2);
        let kexinit = |list: &str| {
            let mut p = vec![20u8];
            p.extend([0u8; 16]);
            p.extend((list.len() as u32).to_be_bytes());
            p.extend(list.as_bytes());
            let mut pkt = ((p.len() + 1) as u32).to_be_bytes().to_vec();
            pkt.push(0);
            pkt.extend(p);
            pkt
        };
        observe(
            &mut c,
            0,
            20,
            &kexinit("curve25519-sha256,diffie-hellman-group14-sha1"),
        );
        observe(
            &mut c,
            1,
            28,
            &kexinit("diffie-hellman-group14-sha1,curve25519-sha256"),
        );
        assert_eq!(c.method(), Some("curve25519-sha256"));
        assert_eq!(
            message_name(31, c.method()),
            "Elliptic Curve Diffie-Hellman Key Exchange Reply"
        );
        // New Keys, then bytes that would be garbage as packets
        let mut nk = vec![0, 0, 0, 12, 10, 21];
        nk.extend([0u8; 10]);
        nk.extend([0xff; 40]);
        observe(&mut c, 1, 40, &nk);
        assert_eq!(c.newkeys[1], Some(40));
        assert!(!c.encrypted(1, 40));
        assert!(c.encrypted(1, 41));
        assert!(!c.encrypted(0, 41));
        // a capture that starts mid-session: everything is encrypted
        assert!(SshConv::default().encrypted(0, 1));
    }

    #[test]
    fn packets_stop_at_nonsense() {
        assert!(packets(&[0xff; 64]).is_empty());
        assert!(packets(&[0, 0, 0, 1, 0, 20]).is_empty());
        assert_eq!(packets(&[0, 0, 0, 12, 4, 21, 0, 0]).len(), 1);
    }
}
