//! The DNSSEC records' data (RFC 4034, RFC 5155): RRSIG, DNSKEY, DS, NSEC, NSEC3 and
//! NSEC3PARAM, field by field as Wireshark shows them.

use super::super::ctx::{be16, be32};
use super::super::tree::{bits_str, flag_label, Build, Node, Value, GENERATED};
use super::read_name;
use super::types::type_line;
use crate::dissect::fields::FieldId;

fields! {
    "dns.rrsig.type_covered", "Type Covered", FT_UINT16;
    "dns.rrsig.algorithm", "Algorithm", FT_UINT8;
    "dns.rrsig.labels", "Labels", FT_UINT8;
    "dns.rrsig.original_ttl", "Original TTL", FT_UINT32;
    "dns.rrsig.signature_expiration", "Signature Expiration", FT_ABSOLUTE_TIME;
    "dns.rrsig.signature_inception", "Signature Inception", FT_ABSOLUTE_TIME;
    "dns.rrsig.key_tag", "Key Tag", FT_UINT16;
    "dns.rrsig.signers_name", "Signer's name", FT_STRING;
    "dns.rrsig.signature", "Signature", FT_BYTES;
    "dns.dnskey.flags", "Flags", FT_UINT16;
    "dns.dnskey.flags.zone_key", "Zone Key", FT_BOOLEAN;
    "dns.dnskey.flags.key_revoked", "Key Revoked", FT_BOOLEAN;
    "dns.dnskey.flags.secure_entry_point", "Key Signing Key", FT_BOOLEAN;
    "dns.dnskey.flags.reserved", "Key Signing Key", FT_UINT16;
    "dns.dnskey.protocol", "Protocol", FT_UINT8;
    "dns.dnskey.algorithm", "Algorithm", FT_UINT8;
    "dns.dnskey.key_id", "Key id", FT_UINT16;
    "dns.dnskey.public_key", "Public Key", FT_BYTES;
    "dns.ds.key_id", "Key id", FT_UINT16;
    "dns.ds.algorithm", "Algorithm", FT_UINT8;
    "dns.ds.digest_type", "Digest Type", FT_UINT8;
    "dns.ds.digest", "Digest", FT_BYTES;
    "dns.nsec.next_domain_name", "Next Domain Name", FT_STRING;
    "dns.nsec3.algo", "Hash algorithm", FT_UINT8;
    "dns.nsec3.flags", "NSEC3 flags", FT_UINT8;
    "dns.nsec3.flags.opt_out", "NSEC3 Opt-out flag", FT_BOOLEAN;
    "dns.nsec3.iterations", "NSEC3 iterations", FT_UINT16;
    "dns.nsec3.salt_length", "Salt length", FT_UINT8;
    "dns.nsec3.salt_value", "Salt value", FT_BYTES;
    "dns.nsec3.hash_length", "Hash length", FT_UINT8;
    "dns.nsec3.hash_value", "Next hashed owner", FT_STRING;
    "dns.rr.type", "RR type in bit map", FT_UINT16;
}

/// A signing algorithm's name, as Wireshark's DNS dissector names it.
fn algorithm_name(a: u8) -> &'static str {
    match a {
        1 => "RSA/MD5",
        2 => "Diffie-Hellman",
        3 => "DSA",
        4 => "Elliptic curve crypto",
        5 => "RSA/SHA1",
        6 => "DSA + NSEC3/SHA1",
        7 => "RSA/SHA1 + NSEC3/SHA1",
        8 => "RSA/SHA-256",
        10 => "RSA/SHA-512",
        12 => "GOST R 34.10-2001",
        13 => "ECDSA Curve P-256 with SHA-256",
        14 => "ECDSA Curve P-386 with SHA-386",
        15 => "Ed25519",
        16 => "Ed448",
        252 => "Indirect key",
        253 => "Private, domain name",
        254 => "Private, OID",
        _ => "Unknown",
    }
}

fn digest_name(d: u8) -> &'static str {
    match d {
        1 => "SHA-1",
        2 => "SHA-256",
        3 => "GOST R 34.11-94",
        4 => "SHA-384",
        _ => "Unknown",
    }
}

fn hash_name(h: u8) -> &'static str {
    if h == 1 {
        "SHA-1"
    } else {
        "Unknown"
    }
}

/// The fields of a DNSSEC record's data of type `t` (`d`: the data, at `at` in the frame;
/// `msg` the whole message, for compressed names). `None` for the other types.
pub(super) fn rdata(
    e: &mut Node,
    t: u16,
    msg: &[u8],
    rd: usize,
    d: &[u8],
    at: usize,
) -> Option<()> {
    match t {
        46 => rrsig(e, msg, rd, d, at),
        48 => dnskey(e, d, at),
        43 => ds(e, d, at),
        47 => nsec(e, msg, rd, d, at),
        50 | 51 => nsec3(e, t == 50, d, at),
        _ => None,
    }
}

fn algorithm(e: &mut Node, abbrev: FieldId, a: u8, at: usize) {
    e.add_uint(abbrev, a as u64, at, 1)
        .label_fmt(|| format!("Algorithm: {} ({a})", algorithm_name(a)));
}

fn rrsig(e: &mut Node, msg: &[u8], rd: usize, d: &[u8], at: usize) -> Option<()> {
    let covered = be16(d, 0)?;
    e.add_uint(fid!("dns.rrsig.type_covered"), covered as u64, at, 2)
        .label_fmt(|| format!("Type Covered: {}", &type_line(covered)["Type: ".len()..]));
    algorithm(e, fid!("dns.rrsig.algorithm"), *d.get(2)?, at + 2);
    e.add_uint(fid!("dns.rrsig.labels"), *d.get(3)? as u64, at + 3, 1);
    let ttl = be32(d, 4)?;
    e.add_uint(fid!("dns.rrsig.original_ttl"), ttl as u64, at + 4, 4)
        .label_fmt(|| format!("Original TTL: {ttl} ({})", super::types::duration(ttl)));
    for (abbrev, off) in [
        (fid!("dns.rrsig.signature_expiration"), 8),
        (fid!("dns.rrsig.signature_inception"), 12),
    ] {
        let secs = be32(d, off)? as i64;
        e.add(abbrev, Value::AbsTime(secs * 1_000_000_000), at + off, 4);
    }
    e.add_uint(fid!("dns.rrsig.key_tag"), be16(d, 16)? as u64, at + 16, 2);
    let (signer, used) = read_name(msg, rd + 18)?;
    e.add(
        fid!("dns.rrsig.signers_name"),
        Value::Str(signer),
        at + 18,
        used,
    );
    let sig = d.get(18 + used..)?;
    e.add(
        fid!("dns.rrsig.signature"),
        Value::Bytes(sig.to_vec()),
        at + 18 + used,
        sig.len(),
    );
    Some(())
}

/// RFC 4034 Appendix B's key tag of a DNSKEY record's data (algorithm 1 keeps the
/// modulus's last bytes instead).
fn key_tag(d: &[u8]) -> u16 {
    if d.get(3) == Some(&1) {
        let n = d.len();
        return if n >= 4 {
            u16::from_be_bytes([d[n - 3], d[n - 2]])
        } else {
            0
        };
    }
    let mut ac: u32 = 0;
    for (i, &b) in d.iter().enumerate() {
        ac += if i & 1 == 1 {
            b as u32
        } else {
            (b as u32) << 8
        };
    }
    ac += (ac >> 16) & 0xffff;
    (ac & 0xffff) as u16
}

fn dnskey(e: &mut Node, d: &[u8], at: usize) -> Option<()> {
    let flags = be16(d, 0)?;
    let mut f = Node::new(
        fid!("dns.dnskey.flags"),
        Value::Uint(flags as u64, 4),
        at,
        2,
    )
    .label_fmt(|| format!("Flags: 0x{flags:04x}"));
    let bit = |mask: u16, name: &str, tfs: (&str, &str)| {
        flag_label(flags as u64, mask as u64, 16, name, tfs)
    };
    f.add(
        fid!("dns.dnskey.flags.zone_key"),
        Value::Bool(flags & 0x100 != 0),
        at,
        2,
    )
    .label_fmt(|| {
        bit(
            0x100,
            "Zone Key",
            (
                "This is the zone key for specified zone",
                "This it not a zone key",
            ),
        )
    });
    f.add(
        fid!("dns.dnskey.flags.key_revoked"),
        Value::Bool(flags & 0x80 != 0),
        at,
        2,
    )
    .label_fmt(|| bit(0x80, "Key Revoked", ("Yes", "No")));
    f.add(
        fid!("dns.dnskey.flags.secure_entry_point"),
        Value::Bool(flags & 1 != 0),
        at,
        2,
    )
    .label_fmt(|| bit(1, "Key Signing Key", ("Yes", "No")));
    let reserved = (flags & 0xfe7e) >> 1;
    f.add_uint(fid!("dns.dnskey.flags.reserved"), reserved as u64, at, 2)
        .label_fmt(|| {
            format!(
                "{} = Key Signing Key: 0x{reserved:04x}",
                bits_str(flags as u64, 0xfe7e, 16)
            )
        });
    e.push(f);
    e.add_uint(fid!("dns.dnskey.protocol"), *d.get(2)? as u64, at + 2, 1);
    algorithm(e, fid!("dns.dnskey.algorithm"), *d.get(3)?, at + 3);
    e.add_uint(fid!("dns.dnskey.key_id"), key_tag(d) as u64, at, 0)
        .flags |= GENERATED;
    let key = d.get(4..)?;
    e.add(
        fid!("dns.dnskey.public_key"),
        Value::Bytes(key.to_vec()),
        at + 4,
        key.len(),
    );
    Some(())
}

fn ds(e: &mut Node, d: &[u8], at: usize) -> Option<()> {
    let id = be16(d, 0)?;
    e.add_uint(fid!("dns.ds.key_id"), id as u64, at, 2)
        .label_fmt(|| format!("Key id: 0x{id:04x}"));
    algorithm(e, fid!("dns.ds.algorithm"), *d.get(2)?, at + 2);
    let dt = *d.get(3)?;
    e.add_uint(fid!("dns.ds.digest_type"), dt as u64, at + 3, 1)
        .label_fmt(|| format!("Digest Type: {} ({dt})", digest_name(dt)));
    let digest = d.get(4..)?;
    e.add(
        fid!("dns.ds.digest"),
        Value::Bytes(digest.to_vec()),
        at + 4,
        digest.len(),
    );
    Some(())
}

/// A type as a bit map names it: the Type line's text without its number (`A (Host
/// Address)`, `NSEC3PARAM`), an unknown one with it.
fn bitmap_type(t: u16) -> String {
    let line = type_line(t);
    let text = line.strip_prefix("Type: ").unwrap_or(&line);
    match text.strip_suffix(&format!(" ({t})")) {
        Some(name) if name != "Unknown" => name.to_string(),
        _ => text.to_string(),
    }
}

/// The record types an NSEC or NSEC3 type bit map names, one item each.
fn bitmap(e: &mut Node, mut b: &[u8], mut at: usize) {
    while b.len() >= 2 {
        let (window, len) = (b[0] as u16, b[1] as usize);
        let Some(bits) = b.get(2..2 + len) else {
            return;
        };
        for (i, &byte) in bits.iter().enumerate() {
            for j in 0..8u16 {
                if byte & (0x80 >> j) != 0 {
                    let t = window * 256 + i as u16 * 8 + j;
                    e.add_uint(fid!("dns.rr.type"), t as u64, at + 2 + i, 1)
                        .label_fmt(|| format!("RR type in bit map: {}", bitmap_type(t)));
                }
            }
        }
        at += 2 + len;
        b = &b[2 + len..];
    }
}

fn nsec(e: &mut Node, msg: &[u8], rd: usize, d: &[u8], at: usize) -> Option<()> {
    let (next, used) = read_name(msg, rd)?;
    e.add(
        fid!("dns.nsec.next_domain_name"),
        Value::Str(next),
        at,
        used,
    );
    bitmap(e, d.get(used..)?, at + used);
    Some(())
}

/// RFC 4648's base32 with the extended hex alphabet, lower case, without padding.
fn base32hex(b: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
    let mut out = String::with_capacity(b.len() * 8 / 5 + 1);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &x in b {
        acc = (acc << 8) | x as u32;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((acc << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// NSEC3 (`full`) or NSEC3PARAM: the hash parameters, and for NSEC3 the next hashed
/// owner and the type bit map.
fn nsec3(e: &mut Node, full: bool, d: &[u8], at: usize) -> Option<()> {
    let h = *d.first()?;
    e.add_uint(fid!("dns.nsec3.algo"), h as u64, at, 1)
        .label_fmt(|| format!("Hash algorithm: {} ({h})", hash_name(h)));
    let flags = *d.get(1)?;
    let f = e.add_uint(fid!("dns.nsec3.flags"), flags as u64, at + 1, 1);
    if full {
        let on = flags & 1 != 0;
        f.add(fid!("dns.nsec3.flags.opt_out"), Value::Bool(on), at + 1, 1)
            .label_fmt(|| {
                flag_label(
                    flags as u64,
                    1,
                    8,
                    "NSEC3 Opt-out flag",
                    (
                        "Additional insecure delegations allowed",
                        "Additional insecure delegations forbidden",
                    ),
                )
            });
    }
    e.add_uint(fid!("dns.nsec3.iterations"), be16(d, 2)? as u64, at + 2, 2);
    let sl = *d.get(4)? as usize;
    e.add_uint(fid!("dns.nsec3.salt_length"), sl as u64, at + 4, 1);
    let salt = d.get(5..5 + sl)?;
    let s = e.add(
        fid!("dns.nsec3.salt_value"),
        Value::Bytes(salt.to_vec()),
        at + 5,
        sl,
    );
    if sl == 0 {
        s.label = Some("Salt value: <MISSING>".into());
    }
    if !full {
        return Some(());
    }
    let p = 5 + sl;
    let hl = *d.get(p)? as usize;
    e.add_uint(fid!("dns.nsec3.hash_length"), hl as u64, at + p, 1);
    let hash = d.get(p + 1..p + 1 + hl)?;
    e.add(
        fid!("dns.nsec3.hash_value"),
        Value::Str(base32hex(hash)),
        at + p + 1,
        hl,
    )
    .flags |= GENERATED;
    bitmap(e, d.get(p + 1 + hl..)?, at + p + 1 + hl);
    Some(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_hashed_owner_is_base32_extended_hex() {
        // RFC 4648 test vectors, lower case, unpadded
        assert_eq!(super::base32hex(b"f"), "co");
        assert_eq!(super::base32hex(b"foobar"), "cpnmuoj1e8");
    }

    #[test]
    fn key_tag_follows_rfc_4034() {
        // tshark: flags 0x0101, protocol 3, algorithm 13, key bytes 0..63 -> key id 59409
        let mut d = vec![0x01, 0x01, 3, 13];
        d.extend(0u8..64);
        assert_eq!(super::key_tag(&d), 59409);
    }
}
