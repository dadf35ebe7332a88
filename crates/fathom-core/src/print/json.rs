//! `-T json` in tshark's schema: an array of
//! `{"_index": "packets-DATE", "_type": "doc", "_score": null, "_source": {"layers": {…}}}`,
//! one per frame. Within a layer a field is `"abbrev": "value"`; a field with subfields adds
//! `"abbrev_tree": {…}`; a protocol, a field without a value and a text item with children
//! hold their children directly; a text item is keyed by its label. Keys repeat as fields
//! repeat (`ip.addr` twice), as tshark writes them.

use crate::dissect::{tree::civil, Dissection, Node, Value};

fn key(s: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
}

fn indent(depth: usize, out: &mut String) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// Writes `"key": value` lines for each child of a JSON object at `depth`.
fn members(nodes: &[Node], d: &Dissection, bytes: &[u8], depth: usize, out: &mut String) {
    let mut first = true;
    for n in nodes {
        let name = if n.abbrev().is_empty() {
            n.display_label()
        } else {
            n.abbrev().to_string()
        };
        if !first {
            out.push_str(",\n");
        }
        first = false;
        indent(depth, out);
        key(&name, out);
        out.push_str(": ");
        let holds_value = !n.abbrev().is_empty() && !matches!(n.value, Value::None);
        if holds_value {
            let mut v = String::new();
            n.fields_text(&d.tree, bytes, &mut v);
            if matches!(n.value, Value::Bytes(_) | Value::Slice) {
                // byte fields are colon-separated hex in tshark's JSON
                v = colon_hex(&v);
            }
            key(&v, out);
            if !n.children.is_empty() {
                out.push_str(",\n");
                indent(depth, out);
                key(&format!("{name}_tree"), out);
                out.push_str(": ");
                object(&n.children, d, bytes, depth, out);
            }
        } else if n.children.is_empty() {
            out.push_str("\"\"");
        } else {
            object(&n.children, d, bytes, depth, out);
        }
    }
}

/// "0a0b0c" as "0a:0b:0c".
fn colon_hex(hex: &str) -> String {
    let mut s = String::with_capacity(hex.len() * 3 / 2);
    for (i, c) in hex.chars().enumerate() {
        if i > 0 && i % 2 == 0 {
            s.push(':');
        }
        s.push(c);
    }
    s
}

fn object(nodes: &[Node], d: &Dissection, bytes: &[u8], depth: usize, out: &mut String) {
    out.push_str("{\n");
    members(nodes, d, bytes, depth + 1, out);
    out.push('\n');
    indent(depth, out);
    out.push('}');
}

fn head(ts_ns: i64, out: &mut String) {
    let (y, m, day, ..) = civil(ts_ns.div_euclid(1_000_000_000));
    out.push_str(&format!(
        "  {{\n    \"_index\": \"packets-{y:04}-{m:02}-{day:02}\",\n    \"_type\": \"doc\",\n    \"_score\": null,\n    \"_source\": {{\n      \"layers\": "
    ));
}

/// One frame's element of the array (without a separating comma), as tshark's `-T json`.
pub fn frame(d: &Dissection, bytes: &[u8], ts_ns: i64, out: &mut String) {
    head(ts_ns, out);
    object(&d.tree.roots, d, bytes, 3, out);
    out.push_str("\n    }\n  }");
}

/// One frame's element with only the `-e` fields, each an array of its occurrences (as
/// `tshark -T json -e …`; fields absent from the frame are left out).
pub fn frame_fields(fields: &[String], values: &[Vec<String>], ts_ns: i64, out: &mut String) {
    head(ts_ns, out);
    out.push_str("{\n");
    let mut first = true;
    for (f, v) in fields.iter().zip(values) {
        if v.is_empty() {
            continue;
        }
        if !first {
            out.push_str(",\n");
        }
        first = false;
        indent(4, out);
        key(f, out);
        out.push_str(": [\n");
        for (i, x) in v.iter().enumerate() {
            if i > 0 {
                out.push_str(",\n");
            }
            indent(5, out);
            key(x, out);
        }
        out.push('\n');
        indent(4, out);
        out.push(']');
    }
    out.push_str("\n      }\n    }\n  }");
}
