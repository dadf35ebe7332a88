//! NTP on UDP port 123: the header's leap indicator, version and mode, named as tshark names
//! them (`NTP Version 4, client`).

use super::ctx::Ctx;
use super::tree::{Build, Node, Value};

pub const PORT: u16 = 123;

inventory::submit! {
    super::table::UdpPort { port: PORT, dissect }
}

fn mode_name(m: u8) -> &'static str {
    match m {
        1 => "symmetric active",
        2 => "symmetric passive",
        3 => "client",
        4 => "server",
        5 => "broadcast",
        6 => "reserved for NTP control message",
        7 => "reserved for private use",
        _ => "reserved",
    }
}

/// A version number's name: 1 to 4 are NTP's, the others reserved.
fn version_name(v: u8) -> String {
    match v {
        1..=4 => format!("NTP Version {v}"),
        _ => "reserved".into(),
    }
}

/// The Info text of a packet whose first byte is `b0`.
pub fn info(b0: u8) -> String {
    format!("{}, {}", version_name((b0 >> 3) & 7), mode_name(b0 & 7))
}

pub fn dissect(cx: &mut Ctx, start: usize, end: usize) {
    let Some(&b0) = cx.bytes.get(start) else {
        return;
    };
    cx.proto("ntp");
    let (li, vn, mode) = (b0 >> 6, (b0 >> 3) & 7, b0 & 7);
    let text = info(b0);
    let mut n = Node::new(fid!("ntp"), Value::None, start, end - start)
        .label_fmt(|| format!("Network Time Protocol ({text})"));
    let mut f = Node::new(fid!("ntp.flags"), Value::Uint(b0 as u64, 2), start, 1).label_fmt(|| {
        format!(
            "Flags: 0x{b0:02x}, Leap Indicator: {li}, Version number: {}, Mode: {}",
            version_name(vn),
            mode_name(mode)
        )
    });
    f.add_uint(fid!("ntp.flags.li"), li as u64, start, 1);
    f.add_uint(fid!("ntp.flags.vn"), vn as u64, start, 1);
    f.add_uint(fid!("ntp.flags.mode"), mode as u64, start, 1);
    n.push(f);
    if let Some(&st) = cx.bytes.get(start + 1) {
        n.add_uint(fid!("ntp.stratum"), st as u64, start + 1, 1);
    }
    cx.roots.push(n);
    cx.cols.protocol = "NTP".into();
    cx.cols.info = text;
    // a time packet (not a control or private message) has 48 bytes: one cut shorter is
    // malformed where its fields run out
    if mode < 6 && end - start < 48 {
        cx.malformed("NTP", cx.snapped());
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_and_mode_as_tshark_names_them() {
        assert_eq!(super::info(0x23), "NTP Version 4, client");
        assert_eq!(super::info(0x24), "NTP Version 4, server");
        assert_eq!(super::info(0x1d), "NTP Version 3, broadcast");
        assert_eq!(super::info(0x00), "reserved, reserved");
        // the UDP port table hands port 123 to NTP whichever side has it
        let d = crate::dissect::table::udp_port(40000, 123);
        let ntp: crate::dissect::table::Payload = super::dissect;
        assert!(d.is_some_and(|f| std::ptr::fn_addr_eq(f, ntp)));
        assert!(crate::dissect::table::udp_port(40000, 40001).is_none());
    }
}
