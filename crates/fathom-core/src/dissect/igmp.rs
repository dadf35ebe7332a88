//! IGMP v1/v2/v3 (type, group, and the Info text Wireshark writes).

use super::ctx::Ctx;
use super::tree::{Build, Node, Value};
use crate::wire::{IgmpHeader, IgmpRecord};

fields! {
    "igmp.version", "IGMP Version", FT_UINT8;
    "igmp.type", "Type", FT_UINT8;
    "igmp.checksum", "Checksum", FT_UINT16;
}

// IGMP as IP protocol 2
inventory::submit! { super::table::IpProto { protos: &[2], dissect } }

pub fn dissect(cx: &mut Ctx, off: usize, len: usize, cap: usize) {
    cx.proto("igmp");
    let b = cx.bytes;
    let h = match b.get(off..).and_then(IgmpHeader::new_checked) {
        Some(h) if cap >= 8 => h,
        _ => {
            cx.malformed("IGMP", cx.snapped());
            return;
        }
    };
    let (t, grp) = (h.msg_type(), h.group());
    // the types IGMP's own table hands to its version dissectors, which list the protocol
    // a second time (tshark's `ip:igmp:igmp`)
    if matches!(t, 0x11 | 0x12 | 0x16 | 0x17 | 0x22) {
        cx.proto("igmp");
    }
    if !cx.tree {
        return;
    }
    let g = Value::Ipv4(grp).to_fields_string();
    let mut n =
        Node::new(fid!("igmp"), Value::None, off, cap).label("Internet Group Management Protocol");
    n.add(fid!("igmp.type"), Value::Uint(t as u64, 2), off, 1);
    n.add(
        fid!("igmp.checksum"),
        Value::Uint(h.checksum() as u64, 4),
        off + 2,
        2,
    );
    let (ver, info) = match t {
        // a version 1 query has no maximum response time; Wireshark names neither its
        // scope nor a version 1 report's group
        0x11 if len <= 8 && h.max_resp() == 0 => (1, "Membership Query".to_string()),
        0x11 => {
            let v = if len > 8 { 3 } else { 2 };
            (
                v,
                if grp == [0; 4] {
                    "Membership Query, general".to_string()
                } else {
                    format!("Membership Query, specific for group {g}")
                },
            )
        }
        0x12 => (1, "Membership Report".to_string()),
        0x16 => (2, format!("Membership Report group {g}")),
        0x17 => (2, format!("Leave Group {g}")),
        0x22 => {
            let mut parts = Vec::new();
            let mut p = off + 8;
            for _ in 0..h.records() {
                let Some(r) = b.get(p..).and_then(IgmpRecord::new_checked) else {
                    break;
                };
                let (rt, ns) = (r.record_type(), r.sources());
                let ga = Value::Ipv4(r.group()).to_fields_string();
                let what = match rt {
                    1 => "Mode Is Include",
                    2 => "Mode Is Exclude",
                    3 => "Change To Include Mode",
                    4 => "Change To Exclude Mode",
                    5 => "Allow New Sources",
                    6 => "Block Old Sources",
                    _ => "Unknown",
                };
                let txt = match (rt, ns) {
                    (4, 0) => format!("Join group {ga} for any sources"),
                    (3, 0) => format!("Leave group {ga}"),
                    _ => format!("{what} group {ga}"),
                };
                parts.push(txt);
                p += r.total_len();
            }
            (3, format!("Membership Report / {}", parts.join(" / ")))
        }
        _ => (0, format!("Unknown Type:0x{t:02x}")),
    };
    // (an unknown type has no version)
    if ver != 0 {
        n.add_uint(fid!("igmp.version"), ver, off, 0).flags |= super::tree::GENERATED;
    }
    cx.roots.push(n);
    cx.cols.protocol = if ver == 0 {
        "IGMP".to_string()
    } else {
        format!("IGMPv{ver}")
    };
    cx.cols.info = info;
}
