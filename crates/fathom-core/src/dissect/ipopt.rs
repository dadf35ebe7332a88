//! IPv4 options (RFC 791 and later), as Wireshark shows them: each option's type byte
//! broken into its copy flag, class and number, its length, and the fields of the options a
//! capture commonly holds (Router Alert, Record Route, Time Stamp, Stream ID); an option
//! whose length does not fit ends the list with a warning.

use super::tree::{bits_str, expert_info, flag_label, Build, Group, Node, Severity, Value};
use crate::dissect::fields::FieldId;

fields! {
    "ip.options.eol", "IP Option - End of Options List (EOL)", FT_PROTOCOL;
    "ip.options.nop", "IP Option - No-Operation (NOP)", FT_PROTOCOL;
    "ip.options.security", "IP Option - Security", FT_PROTOCOL;
    "ip.options.route", "IP Option - Loose Source Route", FT_PROTOCOL;
    "ip.options.timestamp", "IP Option - Time Stamp", FT_PROTOCOL;
    "ip.options.record_route", "IP Option - Record Route", FT_PROTOCOL;
    "ip.options.sid", "IP Option - Stream ID", FT_PROTOCOL;
    "ip.options.source_route", "IP Option - Strict Source Route", FT_PROTOCOL;
    "ip.options.routeralert", "IP Option - Router Alert", FT_PROTOCOL;
    "ip.options.qs", "IP Option - Quick-Start", FT_PROTOCOL;
    "ip.opt.type", "Type", FT_UINT8;
    "ip.opt.type.copy", "Copy on fragmentation", FT_BOOLEAN;
    "ip.opt.type.class", "Class", FT_UINT8;
    "ip.opt.type.number", "Number", FT_UINT8;
    "ip.opt.len", "Length", FT_UINT8;
    "ip.opt.ptr", "Pointer", FT_UINT8;
    "ip.opt.ra", "Router Alert", FT_UINT16;
    "ip.opt.sid", "Stream Identifier", FT_UINT16;
    "ip.opt.sec_rfc791_sec", "Security", FT_UINT16;
    "ip.opt.sec_rfc791_comp", "Compartments", FT_UINT16;
    "ip.opt.sec_rfc791_hr", "Handling Restrictions", FT_STRING;
    "ip.opt.sec_rfc791_tcc", "Transmission Control Code", FT_STRING;
    "ip.rec_rt", "Recorded Route", FT_IPv4;
    "ip.empty_rt", "Empty Route", FT_IPv4;
    "ip.opt.overflow", "Overflow", FT_UINT8;
    "ip.opt.flag", "Flag", FT_UINT8;
    "ip.opt.time_stamp", "Time stamp", FT_UINT32;
    "ip.opt.time_stamp_addr", "Address", FT_IPv4;
    "ip.opt.len.invalid", "Invalid length for option", FT_NONE;
}

/// What is known of an option type: its name in the list, the name of its number, and the
/// length it must have (`None`: at least `min`).
struct Kind {
    /// The option's own item (Wireshark registers each option as a protocol).
    abbrev: FieldId,
    name: &'static str,
    number: &'static str,
    fixed: Option<usize>,
    min: usize,
}

/// The option types Fathom reads, by their whole type byte (copy flag and class included).
fn kind(t: u8) -> Option<Kind> {
    let k = |abbrev, name, number, fixed, min| {
        Some(Kind {
            abbrev,
            name,
            number,
            fixed,
            min,
        })
    };
    match t {
        0 => k(
            fid!("ip.options.eol"),
            "End of Options List (EOL)",
            "End of Option List (EOL)",
            Some(1),
            1,
        ),
        1 => k(
            fid!("ip.options.nop"),
            "No-Operation (NOP)",
            "No-Operation (NOP)",
            Some(1),
            1,
        ),
        130 => k(
            fid!("ip.options.security"),
            "Security",
            "Security",
            Some(11),
            11,
        ),
        131 => k(
            fid!("ip.options.route"),
            "Loose Source Route",
            "Loose source route",
            None,
            3,
        ),
        68 => k(
            fid!("ip.options.timestamp"),
            "Time Stamp",
            "Time stamp",
            None,
            4,
        ),
        7 => k(
            fid!("ip.options.record_route"),
            "Record Route",
            "Record route",
            None,
            3,
        ),
        136 => k(
            fid!("ip.options.sid"),
            "Stream ID",
            "Stream identifier",
            Some(4),
            4,
        ),
        137 => k(
            fid!("ip.options.source_route"),
            "Strict Source Route",
            "Strict source route",
            None,
            3,
        ),
        148 => k(
            fid!("ip.options.routeralert"),
            "Router Alert",
            "Router Alert",
            Some(4),
            4,
        ),
        25 => k(
            fid!("ip.options.qs"),
            "Quick-Start",
            "Quick-Start",
            Some(8),
            8,
        ),
        _ => None,
    }
}

fn class_name(c: u8) -> &'static str {
    match c {
        0 => "Control",
        2 => "Debugging and measurement",
        _ => "Reserved for future use",
    }
}

/// The options `b` of an IPv4 header, at `base` in the frame, under `node` (the header's
/// "Options" item); returns the names the item's label lists.
pub fn options(node: &mut Node, b: &[u8], base: usize) -> Vec<&'static str> {
    let mut names = Vec::new();
    let mut i = 0;
    while let Some(&t) = b.get(i) {
        let at = base + i;
        let Some(k) = kind(t) else {
            // an unknown type still gives its length, when it has a sane one
            let l = b.get(i + 1).map_or(0, |&l| usize::from(l));
            if l < 2 || i + l > b.len() {
                node.push(malformed(&format!("Unknown (0x{t:02x})"), i, b.len(), at));
                return names;
            }
            node.push(Node::text(
                format!("Unknown (0x{t:02x}) ({l} bytes)"),
                at,
                l,
            ));
            i += l;
            continue;
        };
        if t <= 1 {
            let mut o =
                Node::new(k.abbrev, Value::None, at, 1).label(format!("IP Option - {}", k.name));
            type_items(&mut o, t, &k, at);
            node.push(o);
            if t == 0 {
                return names;
            }
            i += 1;
            continue;
        }
        let l = b.get(i + 1).map_or(0, |&l| usize::from(l));
        if l < 2 || i + l > b.len() {
            let msg = if l < 2 {
                format!("{} (with too-short option length = {l} bytes)", k.name)
            } else {
                format!(
                    "{} (option length = {l} bytes says option goes past end of options)",
                    k.name
                )
            };
            node.push(malformed(&msg, i, b.len(), at));
            return names;
        }
        if k.fixed.is_some_and(|f| f != l) || l < k.min {
            // the option is named with the length it must have, its own length warned of,
            // and nothing after it is read
            let shown = k.fixed.unwrap_or(l);
            let mut o = Node::new(k.abbrev, Value::None, at, l)
                .label(format!("IP Option - {} ({shown} bytes)", k.name));
            type_items(&mut o, t, &k, at);
            let len = o.add_uint(fid!("ip.opt.len"), l as u64, at + 1, 1);
            if let Some(f) = k.fixed.filter(|&f| f != l) {
                let s = if l == 1 { "" } else { "s" };
                len.push(expert_info(
                    fid!("ip.opt.len.invalid"),
                    Severity::Warn,
                    Group::Protocol,
                    &format!(
                        "{} (with option length = {l} byte{s}; should be {f})",
                        k.name
                    ),
                    at + 1,
                ));
            }
            node.push(o);
            return names;
        }
        let body = &b[i..i + l];
        let mut o = Node::new(k.abbrev, Value::None, at, l)
            .label(format!("IP Option - {} ({l} bytes)", k.name));
        type_items(&mut o, t, &k, at);
        o.add_uint(fid!("ip.opt.len"), l as u64, at + 1, 1);
        if let Some(summary) = fields(&mut o, t, body, at) {
            if let Some(label) = o.label.as_mut() {
                label.push_str(": ");
                label.push_str(&summary);
            }
        }
        node.push(o);
        names.push(k.name);
        i += l;
    }
    names
}

/// An option whose length does not fit: its text with the warning, over what is left.
fn malformed(msg: &str, i: usize, total: usize, at: usize) -> Node {
    let mut n = Node::text(msg, at, total - i);
    n.push(expert_info(
        fid!("ip.opt.len.invalid"),
        Severity::Warn,
        Group::Protocol,
        msg,
        at,
    ));
    n
}

/// The type byte and its three parts.
fn type_items(o: &mut Node, t: u8, k: &Kind, at: usize) {
    let v = u64::from(t);
    let ty = o.add_uint(fid!("ip.opt.type"), v, at, 1);
    ty.push(
        Node::new(fid!("ip.opt.type.copy"), Value::Bool(t & 0x80 != 0), at, 1).label(flag_label(
            v,
            0x80,
            8,
            "Copy on fragmentation",
            ("Yes", "No"),
        )),
    );
    let class = (t >> 5) & 3;
    ty.push(
        Node::new(
            fid!("ip.opt.type.class"),
            Value::Uint(class.into(), 0),
            at,
            1,
        )
        .label(format!(
            "{} = Class: {} ({class})",
            bits_str(v, 0x60, 8),
            class_name(class)
        )),
    );
    let number = t & 0x1f;
    ty.push(
        Node::new(
            fid!("ip.opt.type.number"),
            Value::Uint(number.into(), 0),
            at,
            1,
        )
        .label(format!(
            "{} = Number: {} ({number})",
            bits_str(v, 0x1f, 8),
            k.number
        )),
    );
}

/// The fields of option `t` (its bytes `body`, at `at`); what its label adds after a colon.
fn fields(o: &mut Node, t: u8, body: &[u8], at: usize) -> Option<String> {
    let be16 = |p: usize| body.get(p..p + 2).map(|x| u16::from_be_bytes([x[0], x[1]]));
    match t {
        148 => {
            let v = be16(2)?;
            let text = if v == 0 {
                "Router shall examine packet"
            } else {
                "Reserved"
            };
            let summary = format!("{text} ({v})");
            o.add_uint(fid!("ip.opt.ra"), v.into(), at + 2, 2)
                .label(format!("Router Alert: {summary}"));
            Some(summary)
        }
        136 => {
            o.add_uint(fid!("ip.opt.sid"), be16(2)?.into(), at + 2, 2);
            None
        }
        130 => {
            security(o, body, at);
            None
        }
        7 => {
            let ptr = *body.get(2)?;
            o.add_uint(fid!("ip.opt.ptr"), ptr.into(), at + 2, 1);
            route(o, body, at, ptr);
            None
        }
        68 => {
            time_stamps(o, body, at);
            None
        }
        _ => None,
    }
}

/// A basic security option (RFC 791): the level, compartments, handling restrictions and
/// transmission control code.
fn security(o: &mut Node, body: &[u8], at: usize) {
    let level = body
        .get(2..4)
        .map_or(0, |x| u16::from_be_bytes([x[0], x[1]]));
    let name = match level {
        0x0000 => "Unclassified",
        0xf135 => "Confidential",
        0x789a => "EFTO",
        0xbc4d => "MMMM",
        0x5e26 => "PROG",
        0xaf13 => "Restricted",
        0xd788 => "Secret",
        0x6bc5 => "Top secret",
        _ => "Unknown",
    };
    o.add_uint(fid!("ip.opt.sec_rfc791_sec"), level.into(), at + 2, 2)
        .label(format!("Security: {name} (0x{level:04x})"));
    let comp = body
        .get(4..6)
        .map_or(0, |x| u16::from_be_bytes([x[0], x[1]]));
    o.add_uint(fid!("ip.opt.sec_rfc791_comp"), comp.into(), at + 4, 2);
    let text = |r: std::ops::Range<usize>| {
        let b = body.get(r).unwrap_or_default();
        let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
        String::from_utf8_lossy(&b[..end]).into_owned()
    };
    let hr = text(6..8);
    o.add(
        fid!("ip.opt.sec_rfc791_hr"),
        Value::Str(hr.clone()),
        at + 6,
        2,
    )
    .label(format!("Handling Restrictions: {hr}"));
    let tcc = text(8..11);
    o.add(
        fid!("ip.opt.sec_rfc791_tcc"),
        Value::Str(tcc.clone()),
        at + 8,
        3,
    )
    .label(format!("Transmission Control Code: {tcc}"));
}

/// A Record Route option's addresses: those before the pointer recorded, the rest empty,
/// the one the pointer names marked next.
fn route(o: &mut Node, body: &[u8], at: usize, ptr: u8) {
    let next = usize::from(ptr).saturating_sub(1);
    let mut p = 3;
    while let Some(a) = body.get(p..p + 4) {
        let addr = [a[0], a[1], a[2], a[3]];
        let (abbrev, name) = if p < next {
            (fid!("ip.rec_rt"), "Recorded Route")
        } else {
            (fid!("ip.empty_rt"), "Empty Route")
        };
        let mark = if p == next { " <- (next)" } else { "" };
        let text = Value::Ipv4(addr).to_fields_string();
        o.add(abbrev, Value::Ipv4(addr), at + p, 4)
            .label(format!("{name}: {text}{mark}"));
        p += 4;
    }
}

/// A Time Stamp option: pointer, overflow and flag, then its time stamps (with addresses
/// when the flag asks for them).
fn time_stamps(o: &mut Node, body: &[u8], at: usize) {
    let (Some(&ptr), Some(&of)) = (body.get(2), body.get(3)) else {
        return;
    };
    o.add_uint(fid!("ip.opt.ptr"), ptr.into(), at + 2, 1);
    let (overflow, flag) = (of >> 4, of & 0xf);
    let v = u64::from(of);
    o.add_uint(fid!("ip.opt.overflow"), overflow.into(), at + 3, 1)
        .label(format!("{} = Overflow: {overflow}", bits_str(v, 0xf0, 8)));
    let flag_name = match flag {
        0 => "Time stamps only",
        1 => "Time stamp and address",
        3 => "Time stamps for prespecified addresses",
        _ => "Unknown",
    };
    o.add_uint(fid!("ip.opt.flag"), flag.into(), at + 3, 1)
        .label(format!(
            "{} = Flag: {flag_name} (0x{flag:x})",
            bits_str(v, 0x0f, 8)
        ));
    let with_addr = flag == 1 || flag == 3;
    let step = if with_addr { 8 } else { 4 };
    let mut p = 4;
    while let Some(e) = body.get(p..p + step) {
        let mut ts_at = p;
        if with_addr {
            let addr = [e[0], e[1], e[2], e[3]];
            let text = Value::Ipv4(addr).to_fields_string();
            o.add(fid!("ip.opt.time_stamp_addr"), Value::Ipv4(addr), at + p, 4)
                .label(format!("Address: {text}"));
            ts_at += 4;
        }
        if let Some(x) = body.get(ts_at..ts_at + 4) {
            let ts = u32::from_be_bytes([x[0], x[1], x[2], x[3]]);
            o.add_uint(fid!("ip.opt.time_stamp"), ts.into(), at + ts_at, 4)
                .label(format!("Time stamp: {ts}"));
        }
        p += step;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(n: &Node, out: &mut Vec<String>) {
        for c in &n.children {
            out.push(c.display_label());
            labels(c, out);
        }
    }

    #[test]
    fn a_router_alert_is_read_and_named_in_the_list() {
        let _l = crate::dissect::tree::labels(true);
        let mut n = Node::text("Options", 0, 8);
        let names = options(&mut n, &[1, 0x94, 4, 0, 0, 0, 0, 0], 34);
        assert_eq!(names, ["Router Alert"]);
        let mut got = Vec::new();
        labels(&n, &mut got);
        assert_eq!(got[0], "IP Option - No-Operation (NOP)");
        assert!(got.contains(
            &"IP Option - Router Alert (4 bytes): Router shall examine packet (0)".to_string()
        ));
        assert!(got.contains(&"...1 0100 = Number: Router Alert (20)".to_string()));
        assert_eq!(
            got.last().map(String::as_str),
            Some("...0 0000 = Number: End of Option List (EOL) (0)")
        );
    }

    #[test]
    fn a_length_that_does_not_fit_ends_the_list_with_a_warning() {
        let _l = crate::dissect::tree::labels(true);
        for (b, want) in [
            (
                &[0x94u8, 9, 0, 0][..],
                "Router Alert (option length = 9 bytes says option goes past end of options)",
            ),
            (
                &[0x94, 0, 0, 0][..],
                "Router Alert (with too-short option length = 0 bytes)",
            ),
        ] {
            let mut n = Node::text("Options", 0, 4);
            assert!(options(&mut n, b, 0).is_empty());
            assert_eq!(n.children.len(), 1);
            assert_eq!(n.children[0].display_label(), want);
        }
        // a length other than the option's own: named with its own, the length warned of
        let mut n = Node::text("Options", 0, 4);
        assert!(options(&mut n, &[0x94, 3, 0, 0, 0x94, 4, 0, 0], 0).is_empty());
        let mut got = Vec::new();
        labels(&n, &mut got);
        assert_eq!(got[0], "IP Option - Router Alert (4 bytes)");
        assert!(got.contains(&"[Expert Info (Warning/Protocol): Router Alert (with option length = 3 bytes; should be 4)]".to_string()), "{got:?}");
        assert_eq!(n.children.len(), 1, "nothing after it is read");
    }

    #[test]
    fn a_record_route_marks_the_next_slot() {
        let _l = crate::dissect::tree::labels(true);
        let mut n = Node::text("Options", 0, 12);
        options(&mut n, &[7, 11, 8, 10, 0, 0, 9, 10, 0, 0, 8, 0], 0);
        let mut got = Vec::new();
        labels(&n, &mut got);
        assert!(
            got.contains(&"Recorded Route: 10.0.0.9".to_string()),
            "{got:?}"
        );
        assert!(
            got.contains(&"Empty Route: 10.0.0.8 <- (next)".to_string()),
            "{got:?}"
        );
    }
}
