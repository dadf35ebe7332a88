//! The cipher suites Fathom decrypts, their keys (TLS 1.2's PRF key block, TLS 1.3's
//! HKDF-Expand-Label) and the decryption of one record. The ciphers, MACs and key
//! derivation functions are RustCrypto's; this file only arranges their inputs as RFC 5246,
//! 7905 and 8446 say.

use aes_gcm::aead::AeadInOut;
use aes_gcm::{Aes128Gcm, Aes256Gcm, KeyInit};
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockModeDecrypt, KeyIvInit};
use chacha20poly1305::ChaCha20Poly1305;
use hmac::{Hmac, Mac};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bulk {
    Aes128Gcm,
    Aes256Gcm,
    ChaCha20Poly1305,
    Aes128Cbc,
    Aes256Cbc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hash {
    Sha1,
    Sha256,
    Sha384,
}

impl Hash {
    pub fn out_len(self) -> usize {
        match self {
            Hash::Sha1 => 20,
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
        }
    }
}

/// A cipher suite: its bulk cipher, its record MAC (CBC suites) and the hash of its PRF or
/// HKDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suite {
    pub id: u16,
    pub bulk: Bulk,
    pub mac: Hash,
    pub prf: Hash,
}

const fn s(id: u16, bulk: Bulk, mac: Hash, prf: Hash) -> Suite {
    Suite { id, bulk, mac, prf }
}

/// The suites Fathom can decrypt.
const SUITES: &[Suite] = &[
    // TLS 1.3
    s(0x1301, Bulk::Aes128Gcm, Hash::Sha256, Hash::Sha256),
    s(0x1302, Bulk::Aes256Gcm, Hash::Sha384, Hash::Sha384),
    s(0x1303, Bulk::ChaCha20Poly1305, Hash::Sha256, Hash::Sha256),
    // TLS 1.2 AEAD: (EC)DHE-RSA, ECDHE-ECDSA and RSA key exchange
    s(0xc02f, Bulk::Aes128Gcm, Hash::Sha256, Hash::Sha256),
    s(0xc030, Bulk::Aes256Gcm, Hash::Sha384, Hash::Sha384),
    s(0xc02b, Bulk::Aes128Gcm, Hash::Sha256, Hash::Sha256),
    s(0xc02c, Bulk::Aes256Gcm, Hash::Sha384, Hash::Sha384),
    s(0x009e, Bulk::Aes128Gcm, Hash::Sha256, Hash::Sha256),
    s(0x009f, Bulk::Aes256Gcm, Hash::Sha384, Hash::Sha384),
    s(0x009c, Bulk::Aes128Gcm, Hash::Sha256, Hash::Sha256),
    s(0x009d, Bulk::Aes256Gcm, Hash::Sha384, Hash::Sha384),
    s(0xcca8, Bulk::ChaCha20Poly1305, Hash::Sha256, Hash::Sha256),
    s(0xcca9, Bulk::ChaCha20Poly1305, Hash::Sha256, Hash::Sha256),
    s(0xccaa, Bulk::ChaCha20Poly1305, Hash::Sha256, Hash::Sha256),
    // TLS 1.2 CBC with HMAC
    s(0xc013, Bulk::Aes128Cbc, Hash::Sha1, Hash::Sha256),
    s(0xc014, Bulk::Aes256Cbc, Hash::Sha1, Hash::Sha256),
    s(0xc009, Bulk::Aes128Cbc, Hash::Sha1, Hash::Sha256),
    s(0xc00a, Bulk::Aes256Cbc, Hash::Sha1, Hash::Sha256),
    s(0x002f, Bulk::Aes128Cbc, Hash::Sha1, Hash::Sha256),
    s(0x0035, Bulk::Aes256Cbc, Hash::Sha1, Hash::Sha256),
    s(0x0033, Bulk::Aes128Cbc, Hash::Sha1, Hash::Sha256),
    s(0x0039, Bulk::Aes256Cbc, Hash::Sha1, Hash::Sha256),
    s(0xc027, Bulk::Aes128Cbc, Hash::Sha256, Hash::Sha256),
    s(0xc028, Bulk::Aes256Cbc, Hash::Sha384, Hash::Sha384),
    s(0xc023, Bulk::Aes128Cbc, Hash::Sha256, Hash::Sha256),
    s(0xc024, Bulk::Aes256Cbc, Hash::Sha384, Hash::Sha384),
    s(0x003c, Bulk::Aes128Cbc, Hash::Sha256, Hash::Sha256),
    s(0x003d, Bulk::Aes256Cbc, Hash::Sha256, Hash::Sha256),
];

pub fn suite(id: u16) -> Option<Suite> {
    SUITES.iter().copied().find(|s| s.id == id)
}

impl Suite {
    fn key_len(self) -> usize {
        match self.bulk {
            Bulk::Aes128Gcm | Bulk::Aes128Cbc => 16,
            _ => 32,
        }
    }
    /// TLS 1.2's implicit IV: GCM's 4-byte salt, ChaCha20's 12-byte mask, CBC's (unused
    /// from TLS 1.1 on) 16 bytes.
    fn iv_len12(self) -> usize {
        match self.bulk {
            Bulk::Aes128Gcm | Bulk::Aes256Gcm => 4,
            Bulk::ChaCha20Poly1305 => 12,
            Bulk::Aes128Cbc | Bulk::Aes256Cbc => 16,
        }
    }
    fn is_cbc(self) -> bool {
        matches!(self.bulk, Bulk::Aes128Cbc | Bulk::Aes256Cbc)
    }
}

fn hmac(h: Hash, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    macro_rules! run {
        ($d:ty) => {{
            match <Hmac<$d> as KeyInit>::new_from_slice(key) {
                Ok(mut m) => {
                    for p in parts {
                        m.update(p);
                    }
                    m.finalize().into_bytes().to_vec()
                }
                // (HMAC takes a key of any length)
                Err(_) => Vec::new(),
            }
        }};
    }
    match h {
        Hash::Sha1 => run!(sha1::Sha1),
        Hash::Sha256 => run!(sha2::Sha256),
        Hash::Sha384 => run!(sha2::Sha384),
    }
}

/// TLS 1.2's PRF (RFC 5246 §5): P_hash(secret, label + seed), `len` bytes.
pub fn prf(h: Hash, secret: &[u8], label: &[u8], seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + h.out_len());
    let mut a = hmac(h, secret, &[label, seed]);
    while out.len() < len && !a.is_empty() {
        out.extend(hmac(h, secret, &[&a, label, seed]));
        a = hmac(h, secret, &[&a]);
    }
    out.truncate(len);
    out
}

/// TLS 1.3's HKDF-Expand-Label(secret, label, "", len) (RFC 8446 §7.1).
pub fn expand_label(h: Hash, secret: &[u8], label: &str, len: usize) -> Option<Vec<u8>> {
    let mut info = Vec::with_capacity(4 + 6 + label.len());
    info.extend_from_slice(&(len as u16).to_be_bytes());
    info.push((6 + label.len()) as u8);
    info.extend_from_slice(b"tls13 ");
    info.extend_from_slice(label.as_bytes());
    info.push(0);
    let mut out = vec![0; len];
    let ok = match h {
        Hash::Sha256 => hkdf::Hkdf::<sha2::Sha256>::from_prk(secret)
            .ok()?
            .expand(&info, &mut out)
            .is_ok(),
        Hash::Sha384 => hkdf::Hkdf::<sha2::Sha384>::from_prk(secret)
            .ok()?
            .expand(&info, &mut out)
            .is_ok(),
        Hash::Sha1 => false,
    };
    ok.then_some(out)
}

enum Cipher {
    Aes128Gcm(Box<Aes128Gcm>),
    Aes256Gcm(Box<Aes256Gcm>),
    ChaCha(Box<ChaCha20Poly1305>),
    Cbc { key: Vec<u8>, mac_key: Vec<u8> },
}

/// One direction's record protection: the cipher with its key, the IV, and how records
/// are framed (TLS 1.3, TLS 1.2, encrypt-then-MAC).
pub struct RecordKey {
    cipher: Cipher,
    suite: Suite,
    iv: Vec<u8>,
    tls13: bool,
    etm: bool,
}

/// A decrypted record: its plaintext and its real content type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plain {
    pub content_type: u8,
    pub data: Vec<u8>,
}

/// One decrypted record of a PDU: where the record starts in the PDU's bytes, and its
/// plaintext.
pub struct Opened {
    pub off: u32,
    pub plain: Plain,
}

impl RecordKey {
    fn new(suite: Suite, key: &[u8], mac_key: Vec<u8>, iv: Vec<u8>, tls13: bool) -> Option<Self> {
        let cipher = match suite.bulk {
            Bulk::Aes128Gcm => Cipher::Aes128Gcm(Box::new(Aes128Gcm::new_from_slice(key).ok()?)),
            Bulk::Aes256Gcm => Cipher::Aes256Gcm(Box::new(Aes256Gcm::new_from_slice(key).ok()?)),
            Bulk::ChaCha20Poly1305 => {
                Cipher::ChaCha(Box::new(ChaCha20Poly1305::new_from_slice(key).ok()?))
            }
            Bulk::Aes128Cbc | Bulk::Aes256Cbc => Cipher::Cbc {
                key: key.to_vec(),
                mac_key,
            },
        };
        Some(RecordKey {
            cipher,
            suite,
            iv,
            tls13,
            etm: false,
        })
    }

    /// A TLS 1.3 traffic secret's key and IV.
    pub fn tls13(suite: Suite, secret: &[u8]) -> Option<Self> {
        let key = expand_label(suite.prf, secret, "key", suite.key_len())?;
        let iv = expand_label(suite.prf, secret, "iv", 12)?;
        Self::new(suite, &key, Vec::new(), iv, true)
    }

    /// The next TLS 1.3 application traffic secret (a Key Update).
    pub fn next_secret(suite: Suite, secret: &[u8]) -> Option<Vec<u8>> {
        expand_label(suite.prf, secret, "traffic upd", suite.prf.out_len())
    }

    /// TLS 1.2's client and server keys from the master secret (RFC 5246 §6.3).
    pub fn tls12(
        suite: Suite,
        master: &[u8],
        client_random: &[u8],
        server_random: &[u8],
        etm: bool,
    ) -> Option<(Self, Self)> {
        let mac_len = if suite.is_cbc() {
            suite.mac.out_len()
        } else {
            0
        };
        let (kl, il) = (suite.key_len(), suite.iv_len12());
        let mut seed = server_random.to_vec();
        seed.extend_from_slice(client_random);
        let kb = prf(
            suite.prf,
            master,
            b"key expansion",
            &seed,
            2 * (mac_len + kl + il),
        );
        let mut at = 0;
        let mut take = |n: usize| {
            let v = kb.get(at..at + n).map(<[u8]>::to_vec);
            at += n;
            v
        };
        let (cm, sm) = (take(mac_len)?, take(mac_len)?);
        let (ck, sk) = (take(kl)?, take(kl)?);
        let (ci, si) = (take(il)?, take(il)?);
        let mut c = Self::new(suite, &ck, cm, ci, false)?;
        let mut s = Self::new(suite, &sk, sm, si, false)?;
        c.etm = etm;
        s.etm = etm;
        Some((c, s))
    }

    /// Decrypts the record with header `hdr` and body `body`, the `seq`th of its direction
    /// under this key. None: it does not authenticate (a wrong key, or not this record).
    pub fn decrypt(&self, seq: u64, hdr: &[u8; 5], body: &[u8]) -> Option<Plain> {
        if self.tls13 {
            let mut data = self.aead(&self.nonce_xor(seq), hdr, body)?;
            // the inner plaintext: content, its type, zero padding
            let end = data.iter().rposition(|&b| b != 0)?;
            let content_type = data[end];
            data.truncate(end);
            return Some(Plain { content_type, data });
        }
        let content_type = hdr[0];
        let aad = |len: usize| {
            let mut a = Vec::with_capacity(13);
            a.extend_from_slice(&seq.to_be_bytes());
            a.extend_from_slice(&hdr[..3]);
            a.extend_from_slice(&(len as u16).to_be_bytes());
            a
        };
        let data = match self.suite.bulk {
            Bulk::Aes128Gcm | Bulk::Aes256Gcm => {
                let explicit = body.get(..8)?;
                let ct = &body[8..];
                let mut nonce = self.iv.clone();
                nonce.extend_from_slice(explicit);
                self.aead(&nonce, &aad(ct.len().checked_sub(16)?), ct)?
            }
            Bulk::ChaCha20Poly1305 => self.aead(
                &self.nonce_xor(seq),
                &aad(body.len().checked_sub(16)?),
                body,
            )?,
            Bulk::Aes128Cbc | Bulk::Aes256Cbc => self.cbc(seq, hdr, body)?,
        };
        Some(Plain { content_type, data })
    }

    /// The per-record nonce: the IV with the sequence number XORed into its last 8 bytes.
    fn nonce_xor(&self, seq: u64) -> Vec<u8> {
        let mut n = self.iv.clone();
        let l = n.len();
        for (i, b) in seq.to_be_bytes().iter().enumerate() {
            if let Some(x) = n.get_mut(l.wrapping_sub(8) + i) {
                *x ^= b;
            }
        }
        n
    }

    fn aead(&self, nonce: &[u8], aad: &[u8], ct: &[u8]) -> Option<Vec<u8>> {
        let mut buf = ct.to_vec();
        let ok = match &self.cipher {
            Cipher::Aes128Gcm(c) => c
                .decrypt_in_place(nonce.try_into().ok()?, aad, &mut buf)
                .is_ok(),
            Cipher::Aes256Gcm(c) => c
                .decrypt_in_place(nonce.try_into().ok()?, aad, &mut buf)
                .is_ok(),
            Cipher::ChaCha(c) => c
                .decrypt_in_place(nonce.try_into().ok()?, aad, &mut buf)
                .is_ok(),
            Cipher::Cbc { .. } => false,
        };
        ok.then_some(buf)
    }

    /// AES-CBC with HMAC (TLS 1.1 and later: each record carries its IV), MAC then encrypt
    /// or, when both sides agreed to it (RFC 7366), encrypt then MAC.
    fn cbc(&self, seq: u64, hdr: &[u8; 5], body: &[u8]) -> Option<Vec<u8>> {
        let Cipher::Cbc { key, mac_key } = &self.cipher else {
            return None;
        };
        let ml = self.suite.mac.out_len();
        let mac_of = |content: &[u8]| {
            hmac(
                self.suite.mac,
                mac_key,
                &[
                    &seq.to_be_bytes(),
                    &hdr[..3],
                    &(content.len() as u16).to_be_bytes(),
                    content,
                ],
            )
        };
        let (iv, ct) = if self.etm {
            let (sealed, mac) = body.split_at(body.len().checked_sub(ml)?);
            if mac_of(sealed) != mac {
                return None;
            }
            (sealed.get(..16)?, &sealed[16..])
        } else {
            (body.get(..16)?, &body[16..])
        };
        if ct.is_empty() || !ct.len().is_multiple_of(16) {
            return None;
        }
        let mut buf = ct.to_vec();
        let plain_len = match self.suite.bulk {
            Bulk::Aes128Cbc => cbc::Decryptor::<aes::Aes128>::new_from_slices(key, iv)
                .ok()?
                .decrypt_padded::<NoPadding>(&mut buf)
                .ok()?
                .len(),
            _ => cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
                .ok()?
                .decrypt_padded::<NoPadding>(&mut buf)
                .ok()?
                .len(),
        };
        buf.truncate(plain_len);
        // padding: its length byte last, that many bytes of the same value before it
        let pad = *buf.last()? as usize;
        let unpadded = buf.len().checked_sub(pad + 1)?;
        if buf[unpadded..].iter().any(|&b| b as usize != pad) {
            return None;
        }
        buf.truncate(unpadded);
        if !self.etm {
            let content_len = buf.len().checked_sub(ml)?;
            if mac_of(&buf[..content_len]) != buf[content_len..] {
                return None;
            }
            buf.truncate(content_len);
        }
        Some(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    /// RFC 8448 §3 (a simple 1-RTT handshake): the server's handshake traffic secret gives
    /// the key and IV the RFC lists.
    #[test]
    fn tls13_key_schedule_matches_rfc8448() {
        let secret = unhex(
            "b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38",
        );
        let h = Hash::Sha256;
        assert_eq!(
            expand_label(h, &secret, "key", 16).expect("key"),
            unhex("3f ce 51 60 09 c2 17 27 d0 f2 e4 e8 6e e4 03 bc")
        );
        assert_eq!(
            expand_label(h, &secret, "iv", 12).expect("iv"),
            unhex("5d 31 3e b2 67 12 76 ee 13 00 0b 30")
        );
    }

    /// TLS 1.2's PRF with SHA-256 against the widely used test vector (from the IETF TLS
    /// working group's mailing list, also in Go's and OpenSSL's tests).
    #[test]
    fn tls12_prf_sha256_vector() {
        let secret = unhex("9b be 43 6b a9 40 f0 17 b1 76 52 84 9a 71 db 35");
        let seed = unhex("a0 ba 9f 93 6c da 31 18 27 a6 f7 96 ff d5 19 8c");
        let out = prf(Hash::Sha256, &secret, b"test label", &seed, 100);
        assert_eq!(
            out,
            unhex(
                "e3 f2 29 ba 72 7b e1 7b 8d 12 26 20 55 7c d4 53 c2 aa b2 1d 07 c3 d4 95 32 9b 52 d4 e6 1e db 5a
                 6b 30 17 91 e9 0d 35 c9 c9 a4 6b 4e 14 ba f9 af 0f a0 22 f7 07 7d ef 17 ab fd 37 97 c0 56 4b ab
                 4f bc 91 66 6e 9d ef 9b 97 fc e3 4f 79 67 89 ba a4 80 82 d1 22 ee 42 c5 a7 2e 5a 51 10 ff f7 01
                 87 34 7b 66"
            )
        );
    }

    /// A record sealed with each AEAD (TLS 1.3 framing) opens again, and one flipped bit
    /// makes it fail; the content type comes from inside.
    #[test]
    fn tls13_records_open_and_a_changed_byte_fails() {
        for id in [0x1301, 0x1302, 0x1303] {
            let su = suite(id).expect("suite");
            let secret = vec![7u8; su.prf.out_len()];
            let k = RecordKey::tls13(su, &secret).expect("key");
            let mut inner = b"GET / HTTP/1.1\r\n\r\n".to_vec();
            inner.push(23);
            inner.extend([0, 0, 0]);
            let len = inner.len() + 16;
            let hdr = [23u8, 3, 3, (len >> 8) as u8, len as u8];
            let nonce = k.nonce_xor(5);
            let mut sealed = inner.clone();
            let sealed_ok = match &k.cipher {
                Cipher::Aes128Gcm(c) => c.encrypt_in_place(
                    nonce.as_slice().try_into().expect("nonce"),
                    &hdr,
                    &mut sealed,
                ),
                Cipher::Aes256Gcm(c) => c.encrypt_in_place(
                    nonce.as_slice().try_into().expect("nonce"),
                    &hdr,
                    &mut sealed,
                ),
                Cipher::ChaCha(c) => c.encrypt_in_place(
                    nonce.as_slice().try_into().expect("nonce"),
                    &hdr,
                    &mut sealed,
                ),
                Cipher::Cbc { .. } => unreachable!(),
            };
            sealed_ok.expect("seal");
            let p = k.decrypt(5, &hdr, &sealed).expect("opens");
            assert_eq!(p.content_type, 23);
            assert_eq!(p.data, b"GET / HTTP/1.1\r\n\r\n");
            assert!(
                k.decrypt(4, &hdr, &sealed).is_none(),
                "wrong sequence number"
            );
            sealed[3] ^= 1;
            assert!(k.decrypt(5, &hdr, &sealed).is_none(), "changed byte");
        }
    }
}
