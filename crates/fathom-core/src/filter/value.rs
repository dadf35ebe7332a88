//! Filter values: what a field holds in a frame ([`V`]) and what a literal means for the
//! field it is compared with ([`Const`]).

use super::parse::{parse_int, Slice};
use crate::dissect::fields::FieldKind;
use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq)]
pub enum V {
    U(u64),
    I(i64),
    B(bool),
    S(String),
    Bytes(Vec<u8>),
    V4([u8; 4]),
    V6([u8; 16]),
    Ether([u8; 6]),
    /// Nanoseconds.
    T(i64),
    /// A label with no value (present, nothing to compare).
    None,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    U(u64),
    I(i64),
    B(bool),
    S(String),
    Bytes(Vec<u8>),
    V4(u32, u8),
    V6([u8; 16], u8),
    Ether([u8; 6]),
    T(i64),
}

fn parse_bytes(s: &str) -> Option<Vec<u8>> {
    let t = s.strip_prefix("0x").unwrap_or(s);
    let parts: Vec<&str> = t.split([':', '-', '.']).collect();
    if parts.len() > 1 {
        return parts
            .iter()
            .map(|p| {
                if p.len() == 2 || p.len() == 1 {
                    u8::from_str_radix(p, 16).ok()
                } else {
                    None
                }
            })
            .collect();
    }
    if t.len() % 2 == 1 && t.len() == 1 {
        return u8::from_str_radix(t, 16).ok().map(|b| vec![b]);
    }
    if t.is_empty() || !t.len().is_multiple_of(2) {
        return None;
    }
    (0..t.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(t.get(i..i + 2)?, 16).ok())
        .collect()
}

impl Const {
    /// Interprets a literal for a field of this kind.
    pub fn parse(text: &str, kind: FieldKind, quoted: bool) -> Result<Const, String> {
        use FieldKind::*;
        let bad = |what: &str| format!("\"{text}\" is not a valid {what}");
        match kind {
            FT_BOOLEAN => match text.to_ascii_lowercase().as_str() {
                "1" | "true" => Ok(Const::B(true)),
                "0" | "false" => Ok(Const::B(false)),
                _ => parse_int(text)
                    .map(|v| Const::B(v != 0))
                    .ok_or_else(|| bad("boolean (use 1/0 or True/False)")),
            },
            k if k.is_uint() || k == FT_FRAMENUM => match parse_int(text) {
                Some(v) if v >= 0 => Ok(Const::U(v as u64)),
                Some(v) => Ok(Const::I(v)),
                None => Err(bad("number")),
            },
            k if k.is_int() => parse_int(text).map(Const::I).ok_or_else(|| bad("number")),
            FT_STRING => Ok(Const::S(text.to_string())),
            FT_IPv4 => {
                let (a, p) = match text.split_once('/') {
                    Some((a, p)) => (
                        a,
                        p.parse::<u8>()
                            .ok()
                            .filter(|p| *p <= 32)
                            .ok_or_else(|| bad("IPv4 prefix length"))?,
                    ),
                    None => (text, 32),
                };
                let ip: std::net::Ipv4Addr = a.parse().map_err(|_| bad("IPv4 address"))?;
                Ok(Const::V4(u32::from(ip), p))
            }
            FT_IPv6 => {
                let (a, p) = match text.split_once('/') {
                    Some((a, p)) => (
                        a,
                        p.parse::<u8>()
                            .ok()
                            .filter(|p| *p <= 128)
                            .ok_or_else(|| bad("IPv6 prefix length"))?,
                    ),
                    None => (text, 128),
                };
                let ip: std::net::Ipv6Addr = a.parse().map_err(|_| bad("IPv6 address"))?;
                Ok(Const::V6(ip.octets(), p))
            }
            FT_ETHER => {
                let b = parse_bytes(text)
                    .filter(|b| b.len() == 6)
                    .ok_or_else(|| bad("Ethernet address"))?;
                Ok(Const::Ether([b[0], b[1], b[2], b[3], b[4], b[5]]))
            }
            FT_RELATIVE_TIME | FT_ABSOLUTE_TIME => {
                let secs: f64 = text.parse().map_err(|_| bad("time in seconds"))?;
                Ok(Const::T((secs * 1e9).round() as i64))
            }
            FT_NONE => Err(format!(
                "this field has no value to compare with \"{text}\"; test it alone"
            )),
            _ => {
                // bytes and protocols: a quoted string is its bytes, else hex bytes
                if quoted {
                    Ok(Const::Bytes(text.as_bytes().to_vec()))
                } else {
                    parse_bytes(text)
                        .map(Const::Bytes)
                        .ok_or_else(|| bad("byte sequence (e.g. aa:bb:cc)"))
                }
            }
        }
    }
}

fn mask4(a: u32, p: u8) -> u32 {
    if p == 0 {
        0
    } else {
        a & (u32::MAX << (32 - p as u32))
    }
}

fn prefix6_eq(a: &[u8; 16], b: &[u8; 16], p: u8) -> bool {
    let full = (p / 8) as usize;
    if a[..full] != b[..full] {
        return false;
    }
    let rem = p % 8;
    rem == 0 || (a[full] >> (8 - rem)) == (b[full] >> (8 - rem))
}

fn ord_ok(op: &str, o: Ordering) -> bool {
    match op {
        "==" => o == Ordering::Equal,
        "!=" => o != Ordering::Equal,
        "<" => o == Ordering::Less,
        ">" => o == Ordering::Greater,
        "<=" => o != Ordering::Greater,
        ">=" => o != Ordering::Less,
        _ => false,
    }
}

impl V {
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            V::U(v) => Some(*v),
            V::B(b) => Some(*b as u64),
            V::I(i) if *i >= 0 => Some(*i as u64),
            _ => None,
        }
    }

    pub fn bytes(&self) -> Option<Vec<u8>> {
        Some(match self {
            V::Bytes(b) => b.clone(),
            V::S(s) => s.as_bytes().to_vec(),
            V::Ether(m) => m.to_vec(),
            V::V4(a) => a.to_vec(),
            V::V6(a) => a.to_vec(),
            _ => return None,
        })
    }

    pub fn len(&self) -> usize {
        match self {
            V::S(s) => s.chars().count(),
            other => other.bytes().map(|b| b.len()).unwrap_or(0),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Latin-1 text of bytes (for regular expressions), or the string itself.
    pub fn as_text(&self) -> String {
        match self {
            V::S(s) => s.clone(),
            V::U(v) => v.to_string(),
            other => other
                .bytes()
                .map(|b| b.iter().map(|&c| c as char).collect())
                .unwrap_or_default(),
        }
    }

    pub fn slice(self, s: Slice) -> Option<V> {
        let b = self.bytes()?;
        let r = s.range(b.len())?;
        Some(V::Bytes(b[r].to_vec()))
    }

    fn order_const(&self, c: &Const) -> Option<Ordering> {
        Some(match (self, c) {
            (V::U(a), Const::U(b)) => a.cmp(b),
            (V::U(a), Const::I(b)) => (*a as i128).cmp(&(*b as i128)),
            (V::I(a), Const::I(b)) => a.cmp(b),
            (V::I(a), Const::U(b)) => (*a as i128).cmp(&(*b as i128)),
            (V::B(a), Const::B(b)) => a.cmp(b),
            (V::B(a), Const::U(b)) => (*a as u64).cmp(b),
            (V::S(a), Const::S(b)) => a.as_str().cmp(b.as_str()),
            (V::T(a), Const::T(b)) => a.cmp(b),
            (V::V4(a), Const::V4(b, p)) => mask4(u32::from_be_bytes(*a), *p).cmp(&mask4(*b, *p)),
            (V::Ether(a), Const::Ether(b)) => a.cmp(b),
            (V::V6(a), Const::V6(b, 128)) => a.cmp(b),
            (v, Const::Bytes(b)) => v.bytes()?.as_slice().cmp(b.as_slice()),
            (v, Const::S(s)) => v.bytes()?.as_slice().cmp(s.as_bytes()),
            _ => return None,
        })
    }

    pub fn eq_const(&self, c: &Const) -> bool {
        match (self, c) {
            (V::V6(a), Const::V6(b, p)) => prefix6_eq(a, b, *p),
            _ => self.order_const(c) == Some(Ordering::Equal),
        }
    }

    pub fn cmp_const(&self, op: &str, c: &Const) -> bool {
        if op == "==" {
            return self.eq_const(c);
        }
        self.order_const(c).is_some_and(|o| ord_ok(op, o))
    }

    fn order_v(&self, o: &V) -> Option<Ordering> {
        Some(match (self, o) {
            (V::U(a), V::U(b)) => a.cmp(b),
            (V::I(a), V::I(b)) => a.cmp(b),
            (V::B(a), V::B(b)) => a.cmp(b),
            (V::S(a), V::S(b)) => a.cmp(b),
            (V::T(a), V::T(b)) => a.cmp(b),
            (V::V4(a), V::V4(b)) => a.cmp(b),
            (V::V6(a), V::V6(b)) => a.cmp(b),
            (V::Ether(a), V::Ether(b)) => a.cmp(b),
            (a, b) => a.bytes()?.cmp(&b.bytes()?),
        })
    }

    pub fn eq_v(&self, o: &V) -> bool {
        self.order_v(o) == Some(Ordering::Equal)
    }

    pub fn cmp_v(&self, op: &str, o: &V) -> bool {
        self.order_v(o).is_some_and(|x| ord_ok(op, x))
    }

    pub fn contains_const(&self, c: &Const) -> bool {
        match (self, c) {
            (V::S(s), Const::S(t)) => s.contains(t.as_str()),
            (v, Const::Bytes(t)) => v.bytes().is_some_and(|b| contains(&b, t)),
            (v, Const::S(t)) => v.bytes().is_some_and(|b| contains(&b, t.as_bytes())),
            _ => false,
        }
    }

    pub fn contains_v(&self, o: &V) -> bool {
        match (self.bytes(), o.bytes()) {
            (Some(a), Some(b)) => contains(&a, &b),
            _ => false,
        }
    }
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// A tree value as a filter value.
pub fn from_tree(v: &crate::dissect::Value) -> V {
    use crate::dissect::Value as T;
    match v {
        T::None => V::None,
        T::Uint(x, _) => V::U(*x),
        T::Int(i) => V::I(*i),
        T::Bool(b) => V::B(*b),
        T::Str(s) => V::S(s.clone()),
        T::Bytes(b) => V::Bytes(b.clone()),
        T::Slice => V::Bytes(Vec::new()),
        T::Ipv4(a) => V::V4(*a),
        T::Ipv6(a) => V::V6(*a),
        T::Ether(m) => V::Ether(*m),
        T::RelTime(n) | T::AbsTime(n) => V::T(*n),
        T::Frame(f) => V::U(*f as u64),
        T::Float(f) => V::T((f * 1e9) as i64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse::SliceEnd;

    #[test]
    fn literals_by_type() {
        assert_eq!(
            Const::parse("0x12", FieldKind::FT_UINT16, false),
            Ok(Const::U(18))
        );
        assert_eq!(
            Const::parse("True", FieldKind::FT_BOOLEAN, false),
            Ok(Const::B(true))
        );
        assert_eq!(
            Const::parse("10.1.0.0/16", FieldKind::FT_IPv4, false),
            Ok(Const::V4(0x0a01_0000, 16))
        );
        assert!(matches!(
            Const::parse("fd77::1", FieldKind::FT_IPv6, false),
            Ok(Const::V6(_, 128))
        ));
        assert_eq!(
            Const::parse("ff:ff:ff:ff:ff:ff", FieldKind::FT_ETHER, false),
            Ok(Const::Ether([0xff; 6]))
        );
        assert_eq!(
            Const::parse("aa:bb:cc", FieldKind::FT_BYTES, false),
            Ok(Const::Bytes(vec![0xaa, 0xbb, 0xcc]))
        );
        assert_eq!(
            Const::parse("45", FieldKind::FT_BYTES, false),
            Ok(Const::Bytes(vec![0x45]))
        );
        assert_eq!(
            Const::parse("GET", FieldKind::FT_PROTOCOL, true),
            Ok(Const::Bytes(b"GET".to_vec()))
        );
        assert!(Const::parse("abc", FieldKind::FT_UINT16, false).is_err());
        assert!(Const::parse("1", FieldKind::FT_NONE, false).is_err());
    }

    #[test]
    fn comparisons() {
        assert!(V::V4([10, 1, 2, 3]).eq_const(&Const::V4(0x0a01_0000, 16)));
        assert!(!V::V4([10, 2, 2, 3]).eq_const(&Const::V4(0x0a01_0000, 16)));
        assert!(V::U(5).cmp_const(">=", &Const::U(5)));
        assert!(V::S("abc".into()).contains_const(&Const::S("b".into())));
        assert!(V::Bytes(b"xGETy".to_vec()).contains_const(&Const::Bytes(b"GET".to_vec())));
        assert_eq!(
            V::Ether([1, 2, 3, 4, 5, 6]).slice(Slice {
                start: 0,
                end: SliceEnd::Len(3)
            }),
            Some(V::Bytes(vec![1, 2, 3]))
        );
        assert_eq!(
            V::Bytes(vec![1, 2]).slice(Slice {
                start: 1,
                end: SliceEnd::Len(5)
            }),
            None
        );
        // negative offsets count from the end; a negative length stops short of it
        let b = || V::Bytes(vec![1, 2, 3, 4]);
        let sl = |start, end| b().slice(Slice { start, end });
        assert_eq!(sl(-1, SliceEnd::ToEnd), Some(V::Bytes(vec![4])));
        assert_eq!(sl(0, SliceEnd::Len(-1)), Some(V::Bytes(vec![1, 2, 3])));
        assert_eq!(sl(-3, SliceEnd::Incl(-2)), Some(V::Bytes(vec![2, 3])));
        assert_eq!(sl(-5, SliceEnd::ToEnd), None);
        assert_eq!(sl(3, SliceEnd::Len(-2)), None);
    }
}
