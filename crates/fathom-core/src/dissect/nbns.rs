//! NetBIOS Name Service (UDP 137): queries, registrations and their answers.

use super::ctx::{be16, Ctx};
use super::tree::{Build, Node, Value};

fields! {
    "nbns.id", "Transaction ID", FT_UINT16;
    "nbns.flags", "Flags", FT_UINT16;
    "nbns.name", "Name", FT_STRING;
}

/// Decodes a first-level-encoded NetBIOS name ("WPAD<00>").
fn nb_name(msg: &[u8], off: usize) -> Option<(String, usize)> {
    let l = *msg.get(off)? as usize;
    if l != 32 {
        return super::dns::read_name(msg, off);
    }
    let enc = msg.get(off + 1..off + 33)?;
    let mut raw = [0u8; 16];
    for i in 0..16 {
        let hi = enc[2 * i].wrapping_sub(b'A');
        let lo = enc[2 * i + 1].wrapping_sub(b'A');
        if hi > 15 || lo > 15 {
            return None;
        }
        raw[i] = (hi << 4) | lo;
    }
    let name: String = raw[..15]
        .iter()
        .map(|&c| c as char)
        .collect::<String>()
        .trim_end()
        .to_string();
    let mut p = off + 33;
    while let Some(&l) = msg.get(p) {
        p += 1 + l as usize;
        if l == 0 {
            break;
        }
    }
    Some((format!("{name}<{:02x}>", raw[15]), p - off))
}

// NetBIOS Name Service on its UDP port.
inventory::submit! {
    super::table::UdpClaim {
        rank: 60,
        carries: super::table::Carries::Nothing,
        claim: super::table::Claim::Port(137),
        dissect,
    }
}

pub fn dissect(cx: &mut Ctx, off: usize, end: usize) {
    cx.proto("nbns");
    if !cx.tree {
        return;
    }
    let msg = &cx.bytes[off..end.min(cx.bytes.len())];
    let Some(hdr) = crate::wire::DnsHeader::new_checked(msg) else {
        cx.malformed("NBNS", cx.snapped());
        return;
    };
    let (id, flags) = (hdr.id(), hdr.flags());
    let resp = flags & 0x8000 != 0;
    let opcode = (flags >> 11) & 0xf;
    let [qd, an, ..] = hdr.counts();
    let op = match opcode {
        0 => "Name query",
        5 => "Registration",
        6 => "Release",
        7 => "Wait for acknowledgment",
        8 | 9 => "Refresh",
        15 => "Multi-homed registration",
        _ => "Unknown operation",
    };
    let mut info = format!("{op}{}", if resp { " response" } else { "" });
    let mut n = Node::new(fid!("nbns"), Value::None, off, msg.len()).label("NetBIOS Name Service");
    n.add(fid!("nbns.id"), Value::Uint(id as u64, 4), off, 2);
    n.add(fid!("nbns.flags"), Value::Uint(flags as u64, 4), off + 2, 2);
    let pos = 12;
    if qd > 0 {
        if let Some((name, used)) = nb_name(msg, pos) {
            let t = be16(msg, pos + used).unwrap_or(0);
            info.push_str(&format!(
                " {} {name}",
                if t == 0x21 { "NBSTAT" } else { "NB" }
            ));
            n.add(fid!("nbns.name"), Value::Str(name), off + pos, used);
        }
    } else if an > 0 {
        if let Some((name, used)) = nb_name(msg, pos) {
            let p = pos + used;
            let rdlen = be16(msg, p + 8).unwrap_or(0) as usize;
            info.push_str(&format!(" NB {name}"));
            if rdlen >= 6 {
                if let Some(a) = msg.get(p + 12..p + 16) {
                    info = format!(
                        "{op} response NB {}",
                        Value::Ipv4([a[0], a[1], a[2], a[3]]).to_fields_string()
                    );
                }
            }
        }
    }
    cx.roots.push(n);
    cx.cols.protocol = "NBNS".into();
    cx.cols.info = info;
}
