//! Name resolution as Wireshark does it by default for the tree: MAC addresses get the
//! vendor's short name from the OUI registry (`Cisco_0b:98:80`) or a well-known name
//! (`Broadcast`, `IPv4mcast_fb`). The tables are the ones an installed Wireshark keeps
//! (`manuf` and `wka` in `/usr/share/wireshark`, or the folder `FATHOM_MANUF_DIR` names); they
//! are read at run time, once, and Fathom ships none of their text. Without them addresses
//! show as they are, as in Wireshark with MAC name resolution off.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

static MAC_NAMES: AtomicBool = AtomicBool::new(true);
static PORT_NAMES: AtomicBool = AtomicBool::new(false);

/// Turns transport (port) name resolution on or off: off by default, as in tshark (`-N t`
/// and View ▸ Name Resolution turn it on).
pub fn set_port_resolution(on: bool) {
    PORT_NAMES.store(on, Ordering::Relaxed);
}

pub fn port_resolution() -> bool {
    PORT_NAMES.load(Ordering::Relaxed)
}

pub fn mac_resolution() -> bool {
    MAC_NAMES.load(Ordering::Relaxed)
}

/// Port -> (TCP name, UDP name).
type Services = HashMap<u16, (Option<String>, Option<String>)>;

/// The `services` table beside `manuf`.
fn services() -> &'static Services {
    static S: OnceLock<Services> = OnceLock::new();
    S.get_or_init(|| {
        let mut m = Services::new();
        let Ok(text) = std::fs::read_to_string(table_dir().join("services")) else {
            return m;
        };
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut cols = line.split_whitespace();
            let (Some(name), Some(spec)) = (cols.next(), cols.next()) else {
                continue;
            };
            let mut parts = spec.split('/');
            let Some(port) = parts.next().and_then(|p| p.parse::<u16>().ok()) else {
                continue;
            };
            let e = m.entry(port).or_default();
            for proto in parts {
                match proto {
                    "tcp" if e.0.is_none() => e.0 = Some(name.to_string()),
                    "udp" if e.1.is_none() => e.1 = Some(name.to_string()),
                    _ => {}
                }
            }
        }
        m
    })
}

/// A port's service name when port resolution is on (`http` for TCP 80).
pub fn port_name(port: u16, udp: bool) -> Option<&'static str> {
    if !port_resolution() {
        return None;
    }
    let (t, u) = services().get(&port)?;
    if udp {
        u.as_deref()
    } else {
        t.as_deref()
    }
}

/// A port in a tree line: `80`, or with resolution on `http (80)` / `51090 (51090)`.
pub fn port_label(port: u16, udp: bool) -> String {
    if !port_resolution() {
        return port.to_string();
    }
    match port_name(port, udp) {
        Some(n) => format!("{n} ({port})"),
        None => format!("{port} ({port})"),
    }
}

/// A port on its own: `80`, or with resolution on its name alone (`http`), as statistics
/// tables show it.
pub fn port_label_plain(port: u16, udp: bool) -> String {
    match port_name(port, udp) {
        Some(n) => n.to_string(),
        None => port.to_string(),
    }
}

/// A port in the Info column: `80`, or with resolution on `http(80)` (unnamed ports as they
/// are).
pub fn port_info(port: u16, udp: bool) -> String {
    match port_name(port, udp) {
        Some(n) => format!("{n}({port})"),
        None => port.to_string(),
    }
}

/// Turns MAC name resolution on or off (`fathom print -n` turns it off, as `tshark -n`).
pub fn set_mac_resolution(on: bool) {
    MAC_NAMES.store(on, Ordering::Relaxed);
}

#[derive(Default)]
struct Tables {
    /// (prefix length in bits, the address masked to it) -> name, for the well-known
    /// addresses and ranges (`wka`).
    wka: HashMap<(u8, u64), String>,
    wka_lens: Vec<u8>,
    /// The same for vendors (`manuf`): 24-bit OUIs and the 28- and 36-bit blocks inside them.
    manuf: HashMap<(u8, u64), String>,
    manuf_lens: Vec<u8>,
}

fn as_u64(m: &[u8; 6]) -> u64 {
    m.iter().fold(0u64, |a, &b| (a << 8) | b as u64)
}

fn masked(v: u64, bits: u8) -> u64 {
    if bits == 0 {
        0
    } else {
        v & (!0u64 << (48 - bits as u32)) & 0xffff_ffff_ffff
    }
}

/// Parses `00:00:0C` / `01-00-5E/25` / `00:1B:C5:00:00:00/36` into (bits, value).
fn parse_prefix(s: &str) -> Option<(u8, u64)> {
    let (addr, bits) = match s.split_once('/') {
        Some((a, b)) => (a, Some(b.parse::<u8>().ok()?)),
        None => (s, None),
    };
    let bytes: Vec<u8> = addr
        .split([':', '-', '.'])
        .map(|x| u8::from_str_radix(x, 16))
        .collect::<Result<_, _>>()
        .ok()?;
    if bytes.is_empty() || bytes.len() > 6 {
        return None;
    }
    let bits = bits.unwrap_or(bytes.len() as u8 * 8).min(48);
    let mut v = 0u64;
    for i in 0..6 {
        v = (v << 8) | *bytes.get(i).unwrap_or(&0) as u64;
    }
    Some((bits, masked(v, bits)))
}

fn load(path: &std::path::Path, into: &mut HashMap<(u8, u64), String>, lens: &mut Vec<u8>) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        let mut cols = line.split_whitespace();
        let (Some(prefix), Some(name)) = (cols.next(), cols.next()) else {
            continue;
        };
        if let Some(k) = parse_prefix(prefix) {
            into.entry(k).or_insert_with(|| name.to_string());
            if !lens.contains(&k.0) {
                lens.push(k.0);
            }
        }
    }
    lens.sort_unstable_by(|a, b| b.cmp(a));
}

fn table_dir() -> std::path::PathBuf {
    std::env::var_os("FATHOM_MANUF_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/usr/share/wireshark".into())
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let dir = table_dir();
        let mut t = Tables::default();
        load(&dir.join("wka"), &mut t.wka, &mut t.wka_lens);
        load(&dir.join("manuf"), &mut t.manuf, &mut t.manuf_lens);
        t
    })
}

/// Reads the tables now (about 60 ms), so that the first tree the window shows does not
/// pay for it on the UI thread: the loaders call this on their worker thread.
pub fn warm() {
    tables();
    services();
}

/// The resolved name of a MAC address, as Wireshark shows it, or None (resolution off, no
/// tables, no entry).
pub fn mac(m: &[u8; 6]) -> Option<String> {
    if !MAC_NAMES.load(Ordering::Relaxed) {
        return None;
    }
    let t = tables();
    let v = as_u64(m);
    for &bits in &t.wka_lens {
        if let Some(name) = t.wka.get(&(bits, masked(v, bits))) {
            if bits >= 48 {
                return Some(name.clone());
            }
            // the bytes the range leaves open, without leading zero bytes
            let from = (bits as usize / 8).min(5);
            let rest = &m[from..];
            let skip = rest
                .iter()
                .take(rest.len() - 1)
                .take_while(|&&b| b == 0)
                .count();
            let tail: Vec<String> = rest[skip..].iter().map(|b| format!("{b:02x}")).collect();
            return Some(format!("{name}_{}", tail.join(":")));
        }
    }
    for &bits in &t.manuf_lens {
        if let Some(name) = t.manuf.get(&(bits, masked(v, bits))) {
            if bits >= 48 {
                return Some(name.clone());
            }
            return Some(format!("{name}_{:02x}:{:02x}:{:02x}", m[3], m[4], m[5]));
        }
    }
    None
}

/// `Name (aa:bb:cc:dd:ee:ff)`, or the address twice when it has no name, as tshark's tree.
pub fn mac_label(m: &[u8; 6]) -> String {
    let raw = format!(
        "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        m[0], m[1], m[2], m[3], m[4], m[5]
    );
    match mac(m) {
        Some(n) => format!("{n} ({raw})"),
        None => format!("{raw} ({raw})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_parse_with_masks() {
        assert_eq!(parse_prefix("00:00:0C"), Some((24, 0x0000_0c00_0000)));
        assert_eq!(parse_prefix("01-00-5E/25"), Some((25, 0x0100_5e00_0000)));
        assert_eq!(
            parse_prefix("FF-FF-FF-FF-FF-FF"),
            Some((48, 0xffff_ffff_ffff))
        );
        assert_eq!(parse_prefix("zz"), None);
        assert_eq!(masked(0x0100_5eff_ffff, 25), 0x0100_5e80_0000);
    }
}
