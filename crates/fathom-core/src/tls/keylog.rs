//! The NSS key log format (`SSLKEYLOGFILE`, written by curl, Firefox, Chrome and OpenSSL's
//! `SSL_CTX_set_keylog_callback`): one secret per line, `LABEL <client random hex> <secret
//! hex>`, and the process-wide preference that names the file (Wireshark's
//! `tls.keylog_file`, tshark's `-o tls.keylog_file:PATH`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// The secrets the key log gives one TLS session, found by its Client Hello's random.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Secrets {
    /// TLS 1.2 and older: `CLIENT_RANDOM` (48 bytes).
    pub master: Option<Vec<u8>>,
    pub client_handshake: Option<Vec<u8>>,
    pub server_handshake: Option<Vec<u8>>,
    /// The first application traffic secrets (`*_TRAFFIC_SECRET_0`).
    pub client_traffic: Option<Vec<u8>>,
    pub server_traffic: Option<Vec<u8>>,
}

/// Secrets by client random.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyLog {
    by_random: HashMap<[u8; 32], Secrets>,
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
        .collect()
}

impl KeyLog {
    /// Reads key log text; lines it does not know (comments, other labels, bad hex) are
    /// skipped, as Wireshark skips them.
    pub fn parse(text: &str) -> KeyLog {
        let mut k = KeyLog::default();
        k.add(text);
        k
    }

    /// Adds the secrets of more key log text (a Decryption Secrets Block's, say).
    pub fn add(&mut self, text: &str) {
        for line in text.lines() {
            let mut w = line.split_whitespace();
            let (Some(label), Some(random), Some(secret)) = (w.next(), w.next(), w.next()) else {
                continue;
            };
            let (Some(random), Some(secret)) = (unhex(random), unhex(secret)) else {
                continue;
            };
            let Ok(random) = <[u8; 32]>::try_from(random.as_slice()) else {
                continue;
            };
            let e = self.by_random.entry(random).or_default();
            let slot = match label {
                "CLIENT_RANDOM" if secret.len() == 48 => &mut e.master,
                "CLIENT_HANDSHAKE_TRAFFIC_SECRET" => &mut e.client_handshake,
                "SERVER_HANDSHAKE_TRAFFIC_SECRET" => &mut e.server_handshake,
                "CLIENT_TRAFFIC_SECRET_0" => &mut e.client_traffic,
                "SERVER_TRAFFIC_SECRET_0" => &mut e.server_traffic,
                _ => continue,
            };
            *slot = Some(secret);
        }
    }

    pub fn get(&self, client_random: &[u8; 32]) -> Option<&Secrets> {
        self.by_random.get(client_random)
    }

    pub fn is_empty(&self) -> bool {
        self.by_random.is_empty()
    }

    pub fn len(&self) -> usize {
        self.by_random.len()
    }
}

/// The key log file preference: like Wireshark's preferences, one setting for the process;
/// an analysis reads the file when it starts.
static FILE: RwLock<Option<PathBuf>> = RwLock::new(None);

/// Names the key log file (None: no key log). The file is read now to check it.
pub fn set_file(path: Option<PathBuf>) -> Result<(), String> {
    if let Some(p) = &path {
        read(p)?;
    }
    match FILE.write() {
        Ok(mut f) => *f = path,
        Err(e) => *e.into_inner() = path,
    }
    Ok(())
}

/// The key log file the preference names.
pub fn file() -> Option<PathBuf> {
    match FILE.read() {
        Ok(f) => f.clone(),
        Err(e) => e.into_inner().clone(),
    }
}

fn read(p: &Path) -> Result<KeyLog, String> {
    std::fs::read(p)
        .map(|b| KeyLog::parse(&String::from_utf8_lossy(&b)))
        .map_err(|e| format!("cannot read the TLS key log file {}: {e}", p.display()))
}

/// The key log the preference names, read now (an analysis calls this as it starts, so a
/// file that grew since, as a browser's does, is read whole). A file that cannot be read
/// gives an empty key log and the reason.
pub fn load() -> (Arc<KeyLog>, Option<String>) {
    match file() {
        None => (Arc::default(), None),
        Some(p) => match read(&p) {
            Ok(k) => (Arc::new(k), None),
            Err(e) => (Arc::default(), Some(e)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tls12_and_tls13_lines_and_skips_the_rest() {
        let r = "ab".repeat(32);
        let text = format!(
            "# comment\nCLIENT_RANDOM {r} {}\nSERVER_HANDSHAKE_TRAFFIC_SECRET {r} {}\n\
             CLIENT_RANDOM {r}\nCLIENT_RANDOM zz{} {}\nEXPORTER_SECRET {r} 00\n\
             CLIENT_TRAFFIC_SECRET_0 {} 11\n",
            "01".repeat(48),
            "02".repeat(32),
            &r[2..],
            "03".repeat(48),
            "cd".repeat(32),
        );
        let k = KeyLog::parse(&text);
        assert_eq!(k.len(), 2);
        let s = k.get(&[0xab; 32]).expect("the session");
        assert_eq!(s.master.as_deref(), Some(&[1u8; 48][..]));
        assert_eq!(s.server_handshake.as_deref(), Some(&[2u8; 32][..]));
        assert_eq!(s.client_traffic, None);
        let t = k.get(&[0xcd; 32]).expect("the second session");
        assert_eq!(t.client_traffic.as_deref(), Some(&[0x11u8][..]));
        // a master secret of the wrong length is no master secret
        let bad = KeyLog::parse(&format!("CLIENT_RANDOM {r} {}", "01".repeat(47)));
        assert_eq!(bad.get(&[0xab; 32]).and_then(|s| s.master.clone()), None);
    }
}
