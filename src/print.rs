//! `fathom print`: tshark's headless output (text summary, fields, verbose tree, JSON), with
//! all analysis done first, as `tshark -2` does.

use crate::analysis::{analyze_file, Analysis};
use crate::capture::file::CaptureFile;
use crate::dissect::{self, Dissection, Node};
use std::io::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Fields,
    Json,
}

pub struct Options {
    pub format: Format,
    pub fields: Vec<String>,
    pub verbose: bool,
    /// A display filter: only matching frames are printed.
    pub filter: Option<crate::filter::Filter>,
    /// `-q`: no per-frame output.
    pub quiet: bool,
    /// `-z` statistics, printed after the frames (`follow,tcp,ascii,N`…).
    pub stats: Vec<String>,
    /// `--export-objects http,DIR`: the directory HTTP objects are written into.
    pub export_http: Option<std::path::PathBuf>,
}

/// Checks a `-z` argument before any work is done.
pub fn check_stat(z: &str) -> Result<(), String> {
    let p: Vec<&str> = z.split(',').collect();
    match p.as_slice() {
        ["follow", proto, mode, n]
            if matches!(*proto, "tcp" | "http")
                && crate::follow::Mode::parse(mode).is_some()
                && n.parse::<u32>().is_ok() =>
        {
            Ok(())
        }
        ["flow", "tcp" | "any", "standard"]
        | ["expert"]
        | ["http" | "http_req" | "http_srv" | "http_seq", "tree"] => Ok(()),
        ["io", "phs", rest @ ..] => check_stat_filter(z, rest),
        ["io", "stat", rest @ ..] => crate::stats::iostat::parse(rest)
            .map(|_| ())
            .map_err(|e| format!("-z {z}: {e}")),
        ["conv" | "endpoints", kind, rest @ ..] if crate::stats::conv::Kind::parse(kind).is_some() => {
            check_stat_filter(z, rest)
        }
        _ => Err(format!(
            "-z {z}: supported are follow,tcp,ascii|hex|raw,N, follow,http,ascii|hex|raw,N, flow,tcp|any,standard, conv,TYPE[,FILTER], endpoints,TYPE[,FILTER] (TYPE eth, ip, ipv6, tcp or udp), io,phs[,FILTER], io,stat,INTERVAL[,COLUMN…], http,tree, http_req,tree, http_srv,tree, http_seq,tree and expert"
        )),
    }
}

/// The optional display filter that ends a statistic's options (`conv,tcp,FILTER`).
fn stat_filter(rest: &[&str]) -> Option<String> {
    let f = rest.join(",");
    (!f.is_empty()).then_some(f)
}

fn check_stat_filter(z: &str, rest: &[&str]) -> Result<(), String> {
    match stat_filter(rest) {
        None => Ok(()),
        Some(f) => crate::filter::Filter::compile(&f)
            .map(|_| ())
            .map_err(|e| format!("-z {z}: {e}")),
    }
}

fn print_stat(
    cf: &CaptureFile,
    an: &Analysis,
    z: &str,
    cache: &crate::stats::Shared,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    use crate::stats::{conv, expert, phs};
    let p: Vec<&str> = z.split(',').collect();
    match p.as_slice() {
        ["flow", kind, "standard"] => {
            let flow = if *kind == "any" {
                crate::flow::flow_any(cf, an)?
            } else {
                crate::flow::flow_tcp(cf, an)?
            };
            crate::flow::write_ascii(&flow, out)?;
        }
        ["follow", proto, mode, n] => {
            let mode = crate::follow::Mode::parse(mode).unwrap_or(crate::follow::Mode::Ascii);
            let stream: u32 = n.parse().unwrap_or(0);
            out.write_all(crate::follow::tshark_follow(an, proto, mode, stream).as_bytes())?;
        }
        [what @ ("conv" | "endpoints"), kind, rest @ ..] => {
            let Some(kind) = conv::Kind::parse(kind) else {
                return Ok(());
            };
            let filter = stat_filter(rest);
            let keep = crate::stats::kept(an, filter.as_deref())?;
            let facts = cache.facts(cf, an)?;
            let t = conv::table(kind, &facts, |n| keep[n as usize]);
            let text = if *what == "conv" {
                conv::conv_text(kind, &t, filter.as_deref())
            } else {
                conv::endpoints_text(kind, &t, filter.as_deref())
            };
            out.write_all(text.as_bytes())?;
        }
        ["io", "phs", rest @ ..] => {
            let filter = stat_filter(rest);
            let d = cache.dissected(cf, an, None)?;
            let keep = crate::stats::kept(an, filter.as_deref())?;
            let root = d.hierarchy(|n| keep[n as usize]);
            out.write_all(phs::text(&root, filter.as_deref()).as_bytes())?;
        }
        ["io", "stat", rest @ ..] => {
            let (interval, cols) =
                crate::stats::iostat::parse(rest).map_err(|e| anyhow::anyhow!("-z {z}: {e}"))?;
            let io = crate::stats::iostat::compute(cf, an, interval, cols)?;
            out.write_all(io.text().as_bytes())?;
        }
        [kind @ ("http" | "http_req" | "http_srv" | "http_seq"), "tree"] => {
            let d = cache.dissected(cf, an, None)?;
            let t = match *kind {
                "http" => crate::stats::http::packet_counter(&d.http),
                "http_req" => crate::stats::http::requests(&d.http),
                "http_seq" => crate::stats::http::request_sequences(&d.http),
                _ => crate::stats::http::load_distribution(&d.http),
            };
            out.write_all(t.text().as_bytes())?;
        }
        ["expert"] => {
            let d = cache.dissected(cf, an, None)?;
            out.write_all(expert::text(&d.expert).as_bytes())?;
        }
        _ => {}
    }
    Ok(())
}

/// Whether an output error is only the reader having gone away (`| head`): the command then
/// ends quietly, as tshark and coreutils do.
pub fn is_broken_pipe(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::BrokenPipe
}

/// The same for an error carried by anyhow.
pub fn is_broken_pipe_any(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(is_broken_pipe)
}

/// Runs the first pass over the file, then prints every frame. Returns the warning for a
/// damaged file (printed by the caller after the output).
pub fn run(
    path: &std::path::Path,
    opts: &Options,
    out: &mut impl Write,
) -> anyhow::Result<Option<String>> {
    let cf = CaptureFile::open(path)?;
    let an = analyze_file(&cf, |_, _| true)?;
    if !opts.quiet {
        print_all(&cf, &an, opts, out)?;
    }
    // tshark draws its statistics in the reverse order of the -z options
    let cache = crate::stats::Shared::default();
    for z in opts.stats.iter().rev() {
        print_stat(&cf, &an, z, &cache, out)?;
    }
    if let Some(dir) = &opts.export_http {
        std::fs::create_dir_all(dir)?;
        crate::stats::objects::save_all(&crate::stats::objects::http_objects(&an), dir)?;
    }
    Ok(an.warning.clone())
}

pub fn print_all(
    cf: &CaptureFile,
    an: &Analysis,
    opts: &Options,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut eval = opts
        .filter
        .as_ref()
        .map(|f| crate::filter::fast::FrameEval::new(an, f));
    let mut keep = |frame: u32| eval.as_mut().is_none_or(|e| e.matches(frame));
    if opts.format == Format::Fields && crate::fast::supports(&opts.fields) {
        // every field is known from the first pass: no re-dissection
        let mut line = String::new();
        for frame in 1..=an.frames.len() as u32 {
            if !keep(frame) {
                continue;
            }
            line.clear();
            for (i, f) in opts.fields.iter().enumerate() {
                if i > 0 {
                    line.push('\t');
                }
                crate::fast::field(an, frame, f, &mut line);
            }
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
        return Ok(());
    }
    // labels are only read by the verbose and JSON forms
    crate::dissect::tree::set_labels(opts.verbose || opts.format == Format::Json);
    let mut line = String::new();
    let mut first = true;
    if opts.format == Format::Json {
        writeln!(out, "[")?;
    }
    dissect::each_frame(cf, an, keep, |frame, rec, bytes, d| {
        line.clear();
        match opts.format {
            Format::Fields => fields_line(&d, bytes, &opts.fields, &mut line),
            Format::Text if opts.verbose => {
                d.tree.to_text(&mut line);
            }
            Format::Text => summary_line(frame, rec, an, &d, &mut line),
            Format::Json => {
                if !first {
                    line.push_str(",\n");
                }
                line.push_str(&json_frame(&d));
            }
        }
        first = false;
        out.write_all(line.as_bytes())?;
        if opts.format != Format::Json {
            out.write_all(b"\n")?;
        }
        Ok(())
    })?;
    if opts.format == Format::Json {
        writeln!(out, "\n]")?;
    }
    Ok(())
}

/// One tab-separated row of `-T fields`: one walk of the tree collects every wanted field.
pub fn fields_line(d: &Dissection, frame_bytes: &[u8], fields: &[String], line: &mut String) {
    let mut cells: Vec<String> = vec![String::new(); fields.len()];
    // columns and frame.protocols come from the dissection, not from a walk of the tree
    let mut seen = vec![false; fields.len()];
    let mut special = vec![true; fields.len()];
    let mut any_tree_field = false;
    for (i, f) in fields.iter().enumerate() {
        match f.as_str() {
            "_ws.col.Protocol" => cells[i].push_str(&d.cols.protocol),
            "_ws.col.Info" => cells[i].push_str(&d.cols.info),
            "_ws.col.Source" => cells[i].push_str(&d.cols.src),
            "_ws.col.Destination" => cells[i].push_str(&d.cols.dst),
            "frame.protocols" => cells[i].push_str(&d.protocols),
            _ => {
                special[i] = false;
                any_tree_field = true;
            }
        }
    }
    if any_tree_field {
        d.tree.walk(&mut |n: &Node| {
            if n.abbrev.is_empty() {
                return;
            }
            for (i, f) in fields.iter().enumerate() {
                if !special[i] && n.abbrev == f {
                    if seen[i] {
                        cells[i].push(',');
                    }
                    seen[i] = true;
                    n.fields_text(&d.tree, frame_bytes, &mut cells[i]);
                }
            }
        });
    }
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            line.push('\t');
        }
        // a tab or line break inside a value would break the row: tshark writes \t, \n, \r
        if c.contains(['\t', '\n', '\r']) {
            for ch in c.chars() {
                match ch {
                    '\t' => line.push_str("\\t"),
                    '\n' => line.push_str("\\n"),
                    '\r' => line.push_str("\\r"),
                    other => line.push(other),
                }
            }
        } else {
            line.push_str(c);
        }
    }
}

/// Seconds since the first frame with six decimals; a frame earlier than the first is
/// "-0.000041", not "-1.999959".
fn rel_secs(rel_ns: i64) -> String {
    let a = rel_ns.unsigned_abs();
    format!(
        "{}{}.{:06}",
        if rel_ns < 0 { "-" } else { "" },
        a / 1_000_000_000,
        a % 1_000_000_000 / 1000
    )
}

/// tshark's one-line summary: No. Time Source → Destination Protocol Length Info.
pub fn summary_line(
    frame: u32,
    rec: &crate::capture::file::Record,
    an: &Analysis,
    d: &Dissection,
    line: &mut String,
) {
    use std::fmt::Write as _;
    let first = an.frames.first().map(|r| r.ts_ns).unwrap_or(rec.ts_ns);
    let t = rel_secs(rec.ts_ns - first);
    let _ = write!(
        line,
        "{frame:>6} {t:>11} {:>15} → {:<15} {} {} {}",
        d.cols.src, d.cols.dst, d.cols.protocol, rec.origlen, d.cols.info
    );
}

fn json_escape(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The tree of one frame as JSON (in the spirit of `tshark -T json`).
pub fn json_frame(d: &Dissection) -> String {
    fn node(n: &Node, out: &mut String) {
        out.push('{');
        out.push_str(&format!(
            "\"field\":{},\"label\":{}",
            json_escape(n.abbrev),
            json_escape(&n.display_label())
        ));
        if !matches!(n.value, dissect::Value::None) {
            out.push_str(&format!(
                ",\"value\":{}",
                json_escape(&n.value.to_fields_string())
            ));
        }
        if !n.children.is_empty() {
            out.push_str(",\"children\":[");
            for (i, c) in n.children.iter().filter(|c| !c.is_hidden()).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                node(c, out);
            }
            out.push(']');
        }
        out.push('}');
    }
    let mut s = String::from("{\"layers\":[");
    for (i, r) in d.tree.roots.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        node(r, &mut s);
    }
    s.push_str("]}");
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn relative_seconds_keep_their_sign() {
        assert_eq!(super::rel_secs(0), "0.000000");
        assert_eq!(super::rel_secs(12_533_000), "0.012533");
        assert_eq!(super::rel_secs(-41_000), "-0.000041");
        assert_eq!(super::rel_secs(-2_500_000_000), "-2.500000");
    }
}
