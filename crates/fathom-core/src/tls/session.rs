//! The first pass's TLS sessions: each connection's hellos (randoms, suite, version,
//! extensions), its keys from the key log, and the decryption of its records in order.

use super::cipher::{self, Plain, RecordKey, Suite};
use super::keylog::KeyLog;
use crate::wire::tls_records;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// The hello facts of a session, as the handshake gave them.
#[derive(Clone, Debug, Default)]
pub struct Hello {
    pub client_random: Option<[u8; 32]>,
    pub server_random: Option<[u8; 32]>,
    pub suite: Option<u16>,
    /// The version the Server Hello selected (its supported_versions extension wins).
    pub version: u16,
    pub etm: bool,
    /// The protocol ALPN selected (Server Hello or, in TLS 1.3, Encrypted Extensions).
    pub alpn: Option<String>,
}

/// Why a session's records stay encrypted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoKey {
    /// The key log has no secret for the session's client random.
    NotInKeyLog([u8; 32]),
    /// The server chose a suite Fathom does not decrypt.
    Suite(u16),
    /// The handshake was not seen (no Client Hello or Server Hello in the capture).
    NoHandshake,
    /// A record did not authenticate with the key the key log gives.
    BadRecord,
}

#[derive(Default)]
struct DirState {
    key: Option<RecordKey>,
    seq: u64,
    /// TLS 1.3: this direction's application traffic secret, used once its Finished
    /// (then each Key Update) has passed.
    app_secret: Option<Vec<u8>>,
    /// Handshake bytes of a message that continues in the next record.
    hs: Vec<u8>,
    /// Switch to the application key after the record being read.
    switch: bool,
    /// A Change Cipher Spec has passed (TLS 1.2: what follows is protected, so without a
    /// key it is not read as handshake messages).
    ccs: bool,
}

#[derive(Default)]
struct Conn {
    hello: Hello,
    client_dir: Option<u8>,
    dirs: [DirState; 2],
    no_key: Option<NoKey>,
    /// TLS 1.2's keys, made at the first Change Cipher Spec.
    tls12_keys: Option<[Option<RecordKey>; 2]>,
}

pub use super::cipher::Opened;

/// The sessions of a first pass.
#[derive(Default)]
pub struct Sessions {
    keys: Arc<KeyLog>,
    conns: FxHashMap<u32, Conn>,
}

const MAX_HANDSHAKE: usize = 1 << 20;

fn be16(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|x| u16::from_be_bytes([x[0], x[1]]))
}

/// The extensions of a hello (`b` is its body) from `at`: (type, data) pairs.
fn extensions(b: &[u8], at: usize) -> Vec<(u16, &[u8])> {
    let mut out = Vec::new();
    let Some(total) = be16(b, at) else {
        return out;
    };
    let end = (at + 2 + total as usize).min(b.len());
    let mut p = at + 2;
    while p + 4 <= end {
        let (Some(t), Some(l)) = (be16(b, p), be16(b, p + 2)) else {
            break;
        };
        let Some(d) = b.get(p + 4..(p + 4 + l as usize).min(end)) else {
            break;
        };
        out.push((t, d));
        p += 4 + l as usize;
    }
    out
}

/// The first protocol an ALPN extension's data names.
fn alpn_first(d: &[u8]) -> Option<String> {
    let l = *d.get(2)? as usize;
    d.get(3..3 + l)
        .map(|p| String::from_utf8_lossy(p).into_owned())
}

impl Sessions {
    pub fn new(keys: Arc<KeyLog>) -> Sessions {
        Sessions {
            keys,
            conns: FxHashMap::default(),
        }
    }

    /// Adds the secrets of a pcapng Decryption Secrets Block read before the records they
    /// open.
    pub fn add_secrets(&mut self, text: &str) {
        let mut k = (*self.keys).clone();
        k.add(text);
        self.keys = Arc::new(k);
    }

    pub fn has_keys(&self) -> bool {
        !self.keys.is_empty()
    }

    pub fn hello(&self, stream: u32) -> Option<&Hello> {
        self.conns.get(&stream).map(|c| &c.hello)
    }

    /// Why a stream's records stay encrypted, once its handshake showed it.
    pub fn no_key(&self, stream: u32) -> Option<&NoKey> {
        self.conns.get(&stream).and_then(|c| c.no_key.as_ref())
    }

    /// Reads the whole records of a PDU sent in direction `dir` of `stream`, in order:
    /// the hellos set the session up, and each protected record the key log can open is
    /// returned opened.
    pub fn records(&mut self, stream: u32, dir: u8, bytes: &[u8]) -> Vec<Opened> {
        let mut out = Vec::new();
        let conn = self.conns.entry(stream).or_default();
        // whole records only: one the PDU cuts short is not opened
        for (pos, h, body) in tls_records(bytes).take_while(|(_, h, b)| b.len() == h.length()) {
            if let Some(p) = conn.record(&self.keys, dir, &h.bytes(), body) {
                out.push(Opened {
                    off: pos as u32,
                    plain: p,
                });
            }
        }
        out
    }
}

impl Conn {
    fn tls13(&self) -> bool {
        self.hello.version == 0x0304
    }

    /// One record in order: returns its plaintext when it was protected and opened.
    fn record(&mut self, keys: &KeyLog, dir: u8, hdr: &[u8; 5], body: &[u8]) -> Option<Plain> {
        let d = usize::from(dir & 1);
        let t = hdr[0];
        if t == 20 {
            // Change Cipher Spec: TLS 1.2 protects what follows; TLS 1.3 sends it only
            // for middleboxes
            if !self.tls13() {
                self.dirs[d].ccs = true;
                self.start_tls12(keys, d);
            }
            return None;
        }
        if self.dirs[d].key.is_none() {
            if t == 22 && !self.dirs[d].ccs {
                self.handshake(keys, d, body);
            }
            return None;
        }
        let st = &mut self.dirs[d];
        let opened = st.key.as_ref().and_then(|k| k.decrypt(st.seq, hdr, body));
        let opened = match opened {
            Some(p) => p,
            None if self.hello.version == 0x0304 && st.app_secret.is_some() => {
                // a Finished this pass did not see: the application key may fit
                let su = cipher::suite(self.hello.suite.unwrap_or(0))?;
                let k = st
                    .app_secret
                    .as_deref()
                    .and_then(|s| RecordKey::tls13(su, s))?;
                let p = k.decrypt(0, hdr, body);
                st.key = Some(k);
                st.seq = 0;
                match p {
                    Some(p) => p,
                    None => {
                        self.no_key.get_or_insert(NoKey::BadRecord);
                        st.seq += 1;
                        return None;
                    }
                }
            }
            None => {
                self.no_key.get_or_insert(NoKey::BadRecord);
                st.seq += 1;
                return None;
            }
        };
        let st = &mut self.dirs[d];
        st.seq += 1;
        if opened.content_type == 22 && self.tls13() {
            self.handshake(keys, d, &opened.data);
        }
        let st = &mut self.dirs[d];
        if std::mem::take(&mut st.switch) {
            let su = cipher::suite(self.hello.suite.unwrap_or(0));
            st.key = su.and_then(|su| {
                st.app_secret
                    .as_deref()
                    .and_then(|s| RecordKey::tls13(su, s))
            });
            st.seq = 0;
        }
        Some(opened)
    }

    /// The handshake messages of a record (in plaintext), joined across records.
    fn handshake(&mut self, keys: &KeyLog, d: usize, body: &[u8]) {
        let mut buf = std::mem::take(&mut self.dirs[d].hs);
        buf.extend_from_slice(body);
        let mut p = 0usize;
        while p + 4 <= buf.len() {
            let ht = buf[p];
            let hl = u32::from_be_bytes([0, buf[p + 1], buf[p + 2], buf[p + 3]]) as usize;
            if p + 4 + hl > buf.len() {
                break;
            }
            let msg = buf[p + 4..p + 4 + hl].to_vec();
            self.message(keys, d, ht, &msg);
            p += 4 + hl;
        }
        buf.drain(..p);
        if buf.len() <= MAX_HANDSHAKE {
            self.dirs[d].hs = buf;
        }
    }

    fn message(&mut self, keys: &KeyLog, d: usize, ht: u8, m: &[u8]) {
        match ht {
            1 => {
                self.client_dir = Some(d as u8);
                if let Some(r) = m.get(2..34).and_then(|r| <[u8; 32]>::try_from(r).ok()) {
                    self.hello.client_random = Some(r);
                }
            }
            2 => self.server_hello(keys, m),
            8 => {
                // Encrypted Extensions (TLS 1.3): ALPN's answer
                for (t, data) in extensions(m, 0) {
                    if t == 16 {
                        self.hello.alpn = alpn_first(data);
                    }
                }
            }
            20 if self.tls13() => self.dirs[d].switch = true,
            24 if self.tls13() => {
                // Key Update: this direction's next application secret from the next record
                let su = cipher::suite(self.hello.suite.unwrap_or(0));
                let st = &mut self.dirs[d];
                if let (Some(su), Some(cur)) = (su, st.app_secret.take()) {
                    st.app_secret = RecordKey::next_secret(su, &cur);
                    st.switch = true;
                }
            }
            _ => {}
        }
    }

    fn server_hello(&mut self, keys: &KeyLog, m: &[u8]) {
        let legacy = be16(m, 0).unwrap_or(0);
        self.hello.server_random = m.get(2..34).and_then(|r| <[u8; 32]>::try_from(r).ok());
        let Some(&sid) = m.get(34) else { return };
        let at = 35 + sid as usize;
        self.hello.suite = be16(m, at);
        self.hello.version = legacy;
        for (t, data) in extensions(m, at + 3) {
            match t {
                0x002b if data.len() == 2 => self.hello.version = be16(data, 0).unwrap_or(legacy),
                0x0016 => self.hello.etm = true,
                16 => self.hello.alpn = alpn_first(data),
                _ => {}
            }
        }
        if self.tls13() {
            self.start_tls13(keys);
        }
    }

    fn suite_and_secrets(&mut self, keys: &KeyLog) -> Option<(Suite, super::keylog::Secrets)> {
        let Some(cr) = self.hello.client_random else {
            self.no_key = Some(NoKey::NoHandshake);
            return None;
        };
        let id = self.hello.suite.unwrap_or(0);
        let Some(su) = cipher::suite(id) else {
            self.no_key = Some(NoKey::Suite(id));
            return None;
        };
        let Some(s) = keys.get(&cr) else {
            self.no_key = Some(NoKey::NotInKeyLog(cr));
            return None;
        };
        Some((su, s.clone()))
    }

    /// TLS 1.3: from the Server Hello on, each side's handshake key.
    fn start_tls13(&mut self, keys: &KeyLog) {
        let Some((su, s)) = self.suite_and_secrets(keys) else {
            return;
        };
        let Some(c) = self.client_dir.map(usize::from) else {
            self.no_key = Some(NoKey::NoHandshake);
            return;
        };
        let sdir = 1 - c;
        let hs = [
            (c, &s.client_handshake, &s.client_traffic),
            (sdir, &s.server_handshake, &s.server_traffic),
        ];
        for (d, hsk, app) in hs {
            let st = &mut self.dirs[d];
            st.app_secret = app.clone();
            st.seq = 0;
            st.key = hsk.as_deref().and_then(|k| RecordKey::tls13(su, k));
            if st.key.is_none() && st.app_secret.is_none() {
                self.no_key = Some(NoKey::NotInKeyLog(
                    self.hello.client_random.unwrap_or([0; 32]),
                ));
            }
        }
    }

    /// TLS 1.2: direction `d` protects its records from its Change Cipher Spec on.
    fn start_tls12(&mut self, keys: &KeyLog, d: usize) {
        if self.tls12_keys.is_none() {
            let Some((su, s)) = self.suite_and_secrets(keys) else {
                return;
            };
            let Some(master) = s.master else {
                self.no_key = Some(NoKey::NotInKeyLog(
                    self.hello.client_random.unwrap_or([0; 32]),
                ));
                return;
            };
            let (Some(cr), Some(sr)) = (self.hello.client_random, self.hello.server_random) else {
                return;
            };
            let Some((ck, sk)) = RecordKey::tls12(su, &master, &cr, &sr, self.hello.etm) else {
                return;
            };
            let c = usize::from(self.client_dir.unwrap_or(0));
            let mut pair = [None, None];
            pair[c] = Some(ck);
            pair[1 - c] = Some(sk);
            self.tls12_keys = Some(pair);
        }
        if let Some(pair) = &mut self.tls12_keys {
            self.dirs[d].key = pair[d].take();
            self.dirs[d].seq = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A record header and body.
    fn record(t: u8, body: &[u8]) -> Vec<u8> {
        let mut r = vec![t, 3, 3, (body.len() >> 8) as u8, body.len() as u8];
        r.extend_from_slice(body);
        r
    }

    proptest! {
        /// Whatever the records hold (hellos cut anywhere, garbage after a Change Cipher
        /// Spec, a key log that names the session), reading them never panics, and a record
        /// that does not authenticate is not returned as opened.
        #[test]
        fn any_records_are_read_without_panic(
            hello in proptest::collection::vec(any::<u8>(), 0..120),
            suite in prop_oneof![Just(0x1301u16), Just(0xc02f), Just(0xc013), Just(0xcca8), any::<u16>()],
            tls13 in any::<bool>(),
            later in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..80), 0..6),
        ) {
            let random = [0x42u8; 32];
            let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
            let keys = KeyLog::parse(&format!(
                "CLIENT_RANDOM {hex} {}\nSERVER_HANDSHAKE_TRAFFIC_SECRET {hex} {}\nCLIENT_TRAFFIC_SECRET_0 {hex} {}\n",
                "11".repeat(48), "22".repeat(32), "33".repeat(32)
            ));
            let mut s = Sessions::new(Arc::new(keys));
            // a Client Hello with the logged random, then a Server Hello choosing `suite`
            let mut ch = vec![1u8, 0, 0, 38, 3, 3];
            ch.extend_from_slice(&random);
            ch.extend_from_slice(&[0, 0, 0]);
            let mut sh = vec![2u8, 0, 0, 0, 3, 3];
            sh.extend_from_slice(&[7u8; 32]);
            sh.push(0);
            sh.extend_from_slice(&suite.to_be_bytes());
            sh.push(0);
            if tls13 {
                sh.extend_from_slice(&[0, 6, 0, 0x2b, 0, 2, 3, 4]);
            }
            let l = sh.len() - 4;
            sh[3] = l as u8;
            s.records(0, 0, &record(22, &ch));
            s.records(0, 1, &record(22, &sh));
            s.records(0, 1, &record(22, &hello));
            s.records(0, 0, &record(20, &[1]));
            for (i, b) in later.iter().enumerate() {
                let opened = s.records(0, (i % 2) as u8, &record(if i % 3 == 0 { 22 } else { 23 }, b));
                // garbage never authenticates
                prop_assert!(opened.is_empty());
            }
        }
    }
}
