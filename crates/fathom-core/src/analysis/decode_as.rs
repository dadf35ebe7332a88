//! Decode As: TCP ports the user hands to HTTP beyond the ones HTTP is registered on
//! (tshark's `-d tcp.port==8000,http`, the window's Analyze ▸ Decode As). Like Wireshark's
//! decode-as table it is one setting for the whole process; a capture must be analysed again
//! for a change to show.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::RwLock;

/// One rule: a TCP port range (inclusive) decoded as HTTP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub first: u16,
    pub last: u16,
}

impl Rule {
    /// Parses tshark's `-d` argument: `tcp.port==P,http`, `tcp.port==P1-P2,http` or
    /// `tcp.port==P:N,http` (N ports from P).
    pub fn parse(s: &str) -> Result<Rule, String> {
        let err = |why: &str| format!("-d {s}: {why}");
        let (sel, proto) = s
            .rsplit_once(',')
            .ok_or_else(|| err("expected LAYER==SELECTOR,PROTOCOL"))?;
        let (layer, value) = sel
            .split_once("==")
            .or_else(|| sel.split_once('='))
            .ok_or_else(|| err("expected LAYER==SELECTOR,PROTOCOL"))?;
        if layer.trim() != "tcp.port" {
            return Err(err("Fathom decodes only tcp.port as another protocol"));
        }
        if !proto.trim().eq_ignore_ascii_case("http") {
            return Err(err("Fathom decodes TCP ports only as http"));
        }
        let port = |p: &str| {
            p.trim()
                .parse::<u16>()
                .map_err(|_| err("not a port number"))
        };
        let value = value.trim();
        let (first, last) = if let Some((a, b)) = value.split_once('-') {
            (port(a)?, port(b)?)
        } else if let Some((a, n)) = value.split_once(':') {
            let a = port(a)?;
            let n = n
                .trim()
                .parse::<u16>()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| err("not a port count"))?;
            (a, a.saturating_add(n - 1))
        } else {
            let p = port(value)?;
            (p, p)
        };
        if first > last {
            return Err(err("the range ends before it starts"));
        }
        Ok(Rule { first, last })
    }

    fn covers(self, p: u16) -> bool {
        (self.first..=self.last).contains(&p)
    }

    /// The rule as tshark's `-d` writes it.
    pub fn to_arg(self) -> String {
        if self.first == self.last {
            format!("tcp.port=={},http", self.first)
        } else {
            format!("tcp.port=={}-{},http", self.first, self.last)
        }
    }
}

static ANY: AtomicBool = AtomicBool::new(false);
static RULES: RwLock<Vec<Rule>> = RwLock::new(Vec::new());

/// Replaces the table.
pub fn set(rules: Vec<Rule>) {
    ANY.store(!rules.is_empty(), Ordering::Release);
    match RULES.write() {
        Ok(mut g) => *g = rules,
        Err(poisoned) => *poisoned.into_inner() = rules,
    }
}

/// The table as set.
pub fn rules() -> Vec<Rule> {
    match RULES.read() {
        Ok(g) => g.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

/// Whether the user decodes this TCP port as HTTP.
pub fn tcp_port_is_http(p: u16) -> bool {
    if !ANY.load(Ordering::Acquire) {
        return false;
    }
    match RULES.read() {
        Ok(g) => g.iter().any(|r| r.covers(p)),
        Err(poisoned) => poisoned.into_inner().iter().any(|r| r.covers(p)),
    }
}

#[cfg(test)]
mod tests {
    use super::Rule;

    #[test]
    fn parses_tsharks_forms() {
        let r = |s| Rule::parse(s);
        assert_eq!(
            r("tcp.port==8000,http"),
            Ok(Rule {
                first: 8000,
                last: 8000
            })
        );
        assert_eq!(
            r("tcp.port==8000-8010,http"),
            Ok(Rule {
                first: 8000,
                last: 8010
            })
        );
        assert_eq!(
            r("tcp.port==8000:3,HTTP"),
            Ok(Rule {
                first: 8000,
                last: 8002
            })
        );
        for bad in [
            "tcp.port==8000",
            "udp.port==53,http",
            "tcp.port==8000,tls",
            "tcp.port==x,http",
            "tcp.port==9-8,http",
            "tcp.port==8000:0,http",
        ] {
            assert!(r(bad).is_err(), "{bad}");
        }
        assert_eq!(Rule { first: 1, last: 2 }.to_arg(), "tcp.port==1-2,http");
        assert_eq!(
            Rule::parse(&Rule { first: 9, last: 9 }.to_arg()),
            Ok(Rule { first: 9, last: 9 })
        );
    }
}
