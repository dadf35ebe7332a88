//! DNS's record types and classes by number, as Wireshark names them, and a TTL as text:
//! read by the questions and records (`mod.rs`, `rr.rs`) and by DNSSEC's (`dnssec.rs`).

/// Record types: number, mnemonic, and the description Wireshark's Type line adds.
const TYPES: &[(u16, &str, &str)] = &[
    (1, "A", "Host Address"),
    (2, "NS", "authoritative Name Server"),
    (3, "MD", "Mail Destination"),
    (4, "MF", "Mail Forwarder"),
    (5, "CNAME", "Canonical NAME for an alias"),
    (6, "SOA", "Start Of a zone of Authority"),
    (7, "MB", "MailBox domain name"),
    (8, "MG", "Mail Group member"),
    (9, "MR", "Mail Rename domain"),
    (10, "NULL", ""),
    (11, "WKS", "Well Known Service"),
    (12, "PTR", "domain name PoinTeR"),
    (13, "HINFO", "host information"),
    (14, "MINFO", "Mailbox or mail list information"),
    (15, "MX", "Mail eXchange"),
    (16, "TXT", "Text strings"),
    (17, "RP", "Responsible Person"),
    (18, "AFSDB", "AFS Data Base location"),
    (19, "X25", "XX.25 PSDN address"),
    (20, "ISDN", "ISDN address"),
    (21, "RT", "Route Through"),
    (22, "NSAP", "NSAP address"),
    (23, "NSAP-PTR", "NSAP domain name pointer"),
    (24, "SIG", "security signature"),
    (25, "KEY", "security key"),
    (26, "PX", "X.400 mail mapping information"),
    (27, "GPOS", "Geographical Position"),
    (28, "AAAA", "IPv6 Address"),
    (29, "LOC", "Location Information"),
    (30, "NXT", "Next Domain"),
    (31, "EID", "Endpoint Identifier"),
    (32, "NIMLOC", "Nimrod Locator"),
    (33, "SRV", "Server Selection"),
    (34, "ATMA", "ATM Address"),
    (35, "NAPTR", "Naming Authority Pointer"),
    (36, "KX", "Key Exchanger"),
    (37, "CERT", ""),
    (38, "A6", "OBSOLETE - use AAAA"),
    (39, "DNAME", ""),
    (40, "SINK", ""),
    (41, "OPT", ""),
    (42, "APL", ""),
    (43, "DS", "Delegation Signer"),
    (44, "SSHFP", "SSH Key Fingerprint"),
    (45, "IPSECKEY", ""),
    (46, "RRSIG", "Resource Record Signature"),
    (47, "NSEC", "Next Secure"),
    (48, "DNSKEY", "DNS Public Key"),
    (49, "DHCID", ""),
    (50, "NSEC3", ""),
    (51, "NSEC3PARAM", ""),
    (52, "TLSA", ""),
    (55, "HIP", "Host Identity Protocol"),
    (57, "RKEY", ""),
    (58, "TALINK", "Trust Anchor LINK"),
    (59, "CDS", "Child DS"),
    (60, "CDNSKEY", "DNSKEY(s) the Child wants reflected in DS"),
    (61, "OPENPGPKEY", "OpenPGP Key"),
    (62, "CSYNC", "Child-to-Parent Synchronization"),
    (63, "ZONEMD", ""),
    (64, "SVCB", "General Purpose Service Endpoints"),
    (65, "HTTPS", "HTTPS Specific Service Endpoints"),
    (99, "SPF", ""),
    (100, "UINFO", ""),
    (101, "UID", ""),
    (102, "GID", ""),
    (103, "UNSPEC", ""),
    (104, "NID", "NodeID"),
    (105, "L32", "Locator32"),
    (106, "L64", "Locator64"),
    (107, "LP", "Locator FQDN"),
    (108, "EUI48", ""),
    (109, "EUI64", ""),
    (249, "TKEY", "Transaction Key"),
    (250, "TSIG", "Transaction Signature"),
    (251, "IXFR", "incremental transfer"),
    (252, "AXFR", "transfer of an entire zone"),
    (253, "MAILB", "mailbox-related RRs"),
    (254, "MAILA", "mail agent RRs"),
    (255, "ANY", ""),
    (256, "URI", ""),
    (257, "CAA", "Certification Authority Restriction"),
    (32768, "TA", "DNSSEC Trust Authorities"),
    (32769, "DLV", "DNSSEC Lookaside Validation"),
];

pub fn type_entry(t: u16) -> Option<&'static (u16, &'static str, &'static str)> {
    TYPES.iter().find(|e| e.0 == t)
}

/// A type's mnemonic, as the Info column and a record's summary name it (`Unknown (N)`).
/// (Wireshark's short names have MAILA and MAILB the other way round from its Type line.)
pub fn type_name(t: u16) -> String {
    match t {
        253 => return "MAILA".into(),
        254 => return "MAILB".into(),
        _ => {}
    }
    match type_entry(t) {
        Some(e) => e.1.to_string(),
        None => format!("Unknown ({t})"),
    }
}

/// The Type line's text: `A (Host Address) (1)`, `OPT (41)`, `Unknown (4660)`.
pub fn type_line(t: u16) -> String {
    match type_entry(t) {
        Some((_, _, "")) if t == 10 => format!("Type: NULL RR ({t})"),
        Some((_, _, "")) if t == 255 => {
            format!("Type: * (A request for all records the server/cache has available) ({t})")
        }
        Some((_, n, "")) => format!("Type: {n} ({t})"),
        Some((_, n, d)) => format!("Type: {n} ({d}) ({t})"),
        None => format!("Type: Unknown ({t})"),
    }
}

pub fn class_name(c: u16) -> &'static str {
    match c {
        1 => "IN",
        2 => "CS",
        3 => "CH",
        4 => "HS",
        254 => "NONE",
        255 => "ANY",
        _ => "Unknown",
    }
}

/// A duration in seconds as Wireshark writes a TTL or an SOA interval: `1 hour, 1 minute,
/// 1 second`, `0 seconds`.
pub fn duration(secs: u32) -> String {
    let (d, h, m, s) = (
        secs / 86400,
        secs % 86400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    let mut parts = Vec::new();
    for (n, unit) in [(d, "day"), (h, "hour"), (m, "minute"), (s, "second")] {
        if n > 0 {
            parts.push(format!("{n} {unit}{}", if n == 1 { "" } else { "s" }));
        }
    }
    if parts.is_empty() {
        "0 seconds".into()
    } else {
        parts.join(", ")
    }
}
