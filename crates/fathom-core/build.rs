//! Numbers the field registry. Every protocol declares its fields in its own file with a
//! `fields! { "abbrev", "Name", FT_KIND; … }` block (Wireshark's `proto_register_field_array`);
//! this script gathers those blocks from `src/` into one table, in declaration order, and a
//! list of the abbrevs sorted with their numbers, so that `fid!("tcp.seq")` is resolved to a
//! `FieldId` while the crate compiles (a name no block declares does not compile).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src");
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    // the registry's own table first, then each protocol's file in path order
    files.sort_by_key(|p| (!p.ends_with("dissect/fields.rs"), p.clone()));
    let mut fields: Vec<(String, String, String)> = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for block in blocks(&text) {
            for entry in entries(block) {
                match entry {
                    Ok(e) => fields.push(e),
                    Err(bad) => panic!(
                        "{}: a fields! entry is not `\"abbrev\", \"Name\", FT_KIND;`: {bad}",
                        f.display()
                    ),
                }
            }
        }
    }
    for (a, _, _) in &fields {
        assert!(
            !a.contains('\\') && !a.contains(char::is_whitespace),
            "field {a:?}: an abbrev is plain text"
        );
    }
    let mut sorted: Vec<(usize, &str)> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| (i + 1, f.0.as_str()))
        .collect();
    sorted.sort_by(|a, b| a.1.cmp(b.1));
    for w in sorted.windows(2) {
        assert!(w[0].1 != w[1].1, "field {} is declared twice", w[0].1);
    }
    let mut out = String::new();
    let n = fields.len() + 1;
    writeln!(
        out,
        "/// Every field, numbered from 1 in declaration order (0 is a text item's: no field)."
    )
    .ok();
    writeln!(out, "pub static TABLE: [FieldDef; {n}] = [").ok();
    writeln!(
        out,
        "    FieldDef {{ abbrev: \"\", name: \"\", kind: FieldKind::FT_NONE }},"
    )
    .ok();
    for (a, name, k) in &fields {
        writeln!(
            out,
            "    FieldDef {{ abbrev: \"{a}\", name: \"{name}\", kind: FieldKind::{k} }},"
        )
        .ok();
    }
    writeln!(out, "];").ok();
    writeln!(
        out,
        "/// The abbrevs in byte order, each with its number (what `id` searches)."
    )
    .ok();
    writeln!(out, "static SORTED: [(&str, u16); {}] = [", sorted.len()).ok();
    for (i, a) in &sorted {
        writeln!(out, "    (\"{a}\", {i}),").ok();
    }
    writeln!(out, "];").ok();
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("field_table.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The bodies of the `fields! { … }` blocks that start a line (the macro's definition and
/// mentions in comments do not).
fn blocks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find("fields! {") {
        let start = at + i;
        let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
        let open = start + "fields! {".len();
        at = open;
        if !text[line_start..start].trim().is_empty() {
            continue;
        }
        let Some(close) = text[open..].find("\n}") else {
            panic!("a fields! block is not closed")
        };
        out.push(&text[open..open + close]);
        at = open + close;
    }
    out
}

/// `"abbrev", "Name", FT_KIND;` entries; the name keeps its escapes as written.
fn entries(block: &str) -> Vec<Result<(String, String, String), String>> {
    let mut out = Vec::new();
    let mut rest = block.trim_start();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("//") {
            rest = r.split_once('\n').map_or("", |x| x.1).trim_start();
            continue;
        }
        let Some((entry, r)) = rest.split_once(';') else {
            out.push(Err(rest.to_string()));
            break;
        };
        rest = r.trim_start();
        let parsed = (|| {
            let (a, r) = literal(entry.trim_start())?;
            let r = r.trim_start().strip_prefix(',')?;
            let (n, r) = literal(r.trim_start())?;
            let k = r.trim_start().strip_prefix(',')?.trim();
            (k.starts_with("FT_") && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .then(|| (a.to_string(), n.to_string(), k.to_string()))
        })();
        out.push(parsed.ok_or_else(|| entry.to_string()));
    }
    out
}

/// A string literal at the start: its text between the quotes (escapes as written), and what
/// follows it.
fn literal(s: &str) -> Option<(&str, &str)> {
    let body = s.strip_prefix('"')?;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some((&body[..i], &body[i + 1..])),
            _ => {}
        }
    }
    None
}
