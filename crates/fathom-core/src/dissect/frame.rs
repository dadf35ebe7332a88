//! The frame layer: number, lengths, times, protocols in frame, comments.

use super::ctx::Ctx;
use super::tree::{secs, Build, Node, Value, GENERATED};

fields! {
    "frame.len_lt_caplen", "Frame length is less than captured length", FT_NONE;
    "frame.cb_pen", "Private Enterprise Number", FT_UINT32;
    "frame.cb_copy", "Copying", FT_BOOLEAN;
}

pub fn dissect(cx: &mut Ctx) {
    let rec = *cx.rec;
    let Some(an) = cx.an else { return };
    let n = cx.frame;
    let first = an.frames.first().map(|r| r.ts_ns).unwrap_or(rec.ts_ns);
    let prev = match n {
        0 | 1 => rec.ts_ns,
        _ => an
            .frames
            .get(n as usize - 2)
            .map(|r| r.ts_ns)
            .unwrap_or(rec.ts_ns),
    };
    let timed = !rec.untimed;
    let (on_wire, cap) = (rec.origlen as usize, rec.caplen as usize);
    let iface_name = an
        .pcapng
        .then(|| {
            an.iface_names
                .get(rec.iface as usize)
                .map_or("unknown", String::as_str)
        })
        .filter(|_| rec.linktype != crate::capture::file::LINKTYPE_CUSTOM_BLOCK);
    let mut f = Node::new(fid!("frame"), Value::None, 0, cap).label_fmt(|| {
        let on = iface_name
            .map(|i| format!(" on interface {i}, id {}", rec.iface))
            .unwrap_or_default();
        format!(
            "Frame {n}: {on_wire} bytes on wire ({} bits), {cap} bytes captured ({} bits){on}",
            on_wire * 8,
            cap * 8
        )
    });
    if let Some(name) = iface_name {
        f.add_uint(fid!("frame.section_number"), 1, 0, 0);
        let id = f
            .add_uint(fid!("frame.interface_id"), rec.iface as u64, 0, 0)
            .label_fmt(|| format!("Interface id: {} ({name})", rec.iface));
        id.add(
            fid!("frame.interface_name"),
            Value::Str(name.to_string()),
            0,
            0,
        );
    }
    if let Some(c) = an.comments.get(&n) {
        f.add(fid!("frame.comment"), Value::Str(c.clone()), 0, 0)
            .label_fmt(|| format!("Comment: {c}"));
    }
    if rec.linktype != crate::capture::file::LINKTYPE_CUSTOM_BLOCK {
        let encap = encap_of(rec.linktype);
        f.add_uint(fid!("frame.encap_type"), encap, 0, 0)
            .label_fmt(|| format!("Encapsulation type: {} ({encap})", encap_name(encap)));
    }
    if timed {
        f.add(fid!("frame.time"), Value::AbsTime(rec.ts_ns), 0, 0);
        f.add(fid!("frame.offset_shift"), Value::RelTime(0), 0, 0)
            .label_fmt(|| "Time shift for this packet: 0.000000000 seconds".into())
            .generated();
        let mut epoch = String::new();
        super::tree::fmt_rel_time(rec.ts_ns, &mut epoch);
        f.add(fid!("frame.time_epoch"), Value::Str(epoch.clone()), 0, 0)
            .label_fmt(|| format!("Epoch Time: {epoch} seconds"));
        f.add(
            fid!("frame.time_delta"),
            Value::RelTime(rec.ts_ns - prev),
            0,
            0,
        )
        .label_fmt(|| {
            format!(
                "Time delta from previous captured frame: {} seconds",
                secs(rec.ts_ns - prev)
            )
        })
        .generated();
        f.add(
            fid!("frame.time_delta_displayed"),
            Value::RelTime(rec.ts_ns - prev),
            0,
            0,
        )
        .label_fmt(|| {
            format!(
                "Time delta from previous displayed frame: {} seconds",
                secs(rec.ts_ns - prev)
            )
        })
        .generated();
        f.add(
            fid!("frame.time_relative"),
            relative_value(rec.ts_ns - first),
            0,
            0,
        )
        .label_fmt(|| {
            let mut t = String::new();
            if let Value::Str(s) = relative_value(rec.ts_ns - first) {
                t = s;
            } else {
                super::tree::fmt_rel_time(rec.ts_ns - first, &mut t);
            }
            format!("Time since reference or first frame: {t} seconds")
        })
        .generated();
    }
    f.add_uint(fid!("frame.number"), n as u64, 0, 0);
    let fl = f
        .add_uint(fid!("frame.len"), on_wire as u64, 0, 0)
        .label_fmt(|| format!("Frame Length: {on_wire} bytes ({} bits)", on_wire * 8));
    if on_wire < cap {
        fl.push(super::tree::expert_info(
            fid!("frame.len_lt_caplen"),
            super::tree::Severity::Error,
            super::tree::Group::Malformed,
            "Frame length is less than captured length",
            0,
        ));
    }
    f.add_uint(fid!("frame.cap_len"), cap as u64, 0, 0)
        .label_fmt(|| format!("Capture Length: {cap} bytes ({} bits)", cap * 8));
    f.add(fid!("frame.marked"), Value::Bool(false), 0, 0).flags |= GENERATED;
    let ignored = an.ignored.contains(&n);
    f.add(fid!("frame.ignored"), Value::Bool(ignored), 0, 0)
        .flags |= GENERATED;
    f.add(fid!("frame.protocols"), Value::Str(String::new()), 0, 0)
        .generated();
    cx.roots.push(f);
    cx.proto("frame");
    cx.protos.clear();
}

/// Wireshark's WTAP_ENCAP numbers for the link types Fathom knows.
pub fn encap_of(linktype: u16) -> u64 {
    match linktype {
        1 => 1,
        113 => 25,
        276 => 210,
        0 => 15,
        108 => 15,
        101 | 12 | 14 => 7,
        228 => 129,
        229 => 130,
        239 => 141,
        _ => 0,
    }
}

/// Wireshark's name of an encapsulation.
fn encap_name(encap: u64) -> &'static str {
    match encap {
        1 => "Ethernet",
        2 => "Token Ring",
        7 => "Raw IP",
        15 => "NULL/Loopback",
        25 => "Linux cooked-mode capture v1",
        129 => "Raw IPv4",
        130 => "Raw IPv6",
        141 => "NFLOG",
        210 => "Linux cooked-mode capture v2",
        _ => "Unknown",
    }
}

/// A frame decades earlier than the first one (a broken clock): tshark 4.0 prints its offset
/// wrapped by 2^64 microseconds, and so does Fathom, to agree with it. Ordinary small negative
/// offsets print as negative numbers.
fn relative_value(ns: i64) -> Value {
    if ns > -1_000_000_000_000_000_000 {
        return Value::RelTime(ns);
    }
    let wrapped = (1i128 << 64) * 1000 + ns as i128;
    Value::Str(format!(
        "{}.{:09}",
        wrapped / 1_000_000_000,
        wrapped % 1_000_000_000
    ))
}

/// With a display filter, `frame.time_delta_displayed` counts from the previous displayed
/// frame (0 for the first), which only the caller that applies the filter knows.
pub fn set_displayed_delta(tree: &mut super::tree::Tree, delta_ns: i64) {
    let Some(frame) = tree.roots.first_mut() else {
        return;
    };
    if let Some(n) = frame
        .children
        .iter_mut()
        .find(|n| n.field == fid!("frame.time_delta_displayed"))
    {
        n.value = Value::RelTime(delta_ns);
        n.label = Some(format!(
            "Time delta from previous displayed frame: {} seconds",
            secs(delta_ns)
        ));
    }
}
