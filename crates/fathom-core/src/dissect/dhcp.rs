//! BOOTP/DHCP: message type and transaction ID, as Wireshark's Info shows them.

use super::ctx::{be32, Ctx};
use super::tree::{Build, Node, Value};

fields! {
    "dhcp.id", "Transaction ID", FT_UINT32;
    "dhcp.option.dhcp", "DHCP", FT_UINT8;
}

// DHCP between the server and client ports.
inventory::submit! {
    super::table::UdpClaim {
        rank: 70,
        carries: super::table::Carries::Nothing,
        claim: super::table::Claim::Pairs(&[(67, 68), (68, 67), (67, 67)]),
        dissect,
    }
}

pub fn dissect(cx: &mut Ctx, off: usize, end: usize) {
    let b = &cx.bytes[off..end.min(cx.bytes.len())];
    if !cx.tree {
        return;
    }
    if b.len() < 240 || b[236..240] != [99, 130, 83, 99] {
        // plain BOOTP (or cut short by the capture)
        cx.proto("dhcp");
        let op = b.first().copied().unwrap_or(0);
        let info = if op == 1 {
            match b.get(28..34) {
                Some(m) => {
                    let mac = Value::Ether([m[0], m[1], m[2], m[3], m[4], m[5]]).to_fields_string();
                    format!("Boot Request from {mac} ({mac})")
                }
                None => "Boot Request".into(),
            }
        } else {
            "Boot Reply".into()
        };
        cx.roots.push(
            Node::new(fid!("dhcp"), Value::None, off, b.len())
                .label("Dynamic Host Configuration Protocol"),
        );
        cx.cols.protocol = "BOOTP".into();
        cx.cols.info = info;
        if b.len() < 240 && cx.snapped() {
            cx.cols
                .info
                .push_str("[Packet size limited during capture]");
        }
        return;
    }
    cx.proto("dhcp");
    let xid = be32(b, 4).unwrap_or(0);
    let mut t = 0u8;
    let mut p = 240;
    while p < b.len() {
        let code = b[p];
        if code == 255 {
            break;
        }
        if code == 0 {
            p += 1;
            continue;
        }
        let Some(&l) = b.get(p + 1) else { break };
        if code == 53 {
            t = b.get(p + 2).copied().unwrap_or(0);
        }
        p += 2 + l as usize;
    }
    let name = match t {
        1 => "Discover",
        2 => "Offer",
        3 => "Request",
        4 => "Decline",
        5 => "ACK",
        6 => "NAK",
        7 => "Release",
        8 => "Inform",
        _ => "Unknown",
    };
    let mut n = Node::new(fid!("dhcp"), Value::None, off, b.len())
        .label_fmt(|| format!("Dynamic Host Configuration Protocol ({name})"));
    n.add(fid!("dhcp.id"), Value::Uint(xid as u64, 8), off + 4, 4);
    n.add_uint(fid!("dhcp.option.dhcp"), t as u64, off + 240, 0);
    cx.roots.push(n);
    cx.cols.protocol = "DHCP".into();
    cx.cols.info = format!("DHCP {name:<8} - Transaction ID 0x{xid:x}");
}
