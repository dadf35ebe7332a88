//! `fathom print`: tshark's headless output (text summary, fields, verbose tree, JSON, hex
//! dump), with all analysis done first, as `tshark -2` does.

pub mod fields;
pub mod hex;
pub mod json;
pub mod time;

use crate::analysis::{analyze_file_upto, Analysis};
use crate::capture::file::CaptureFile;
use crate::dissect::{self, Dissection};
use std::io::Write;

pub use fields::FieldsFormat;
pub use time::TimeFormat;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    Fields,
    Json,
}

#[derive(Default)]
pub struct Options {
    pub format: Format,
    pub fields: Vec<String>,
    /// `-E`: how `-T fields` rows are shaped.
    pub fields_format: FieldsFormat,
    pub verbose: bool,
    /// `-O`: the protocols whose tree is printed in full (the others as one line).
    pub expand: Vec<String>,
    /// `-x`: the hex and ASCII dump of each frame.
    pub hex: bool,
    /// `-P`: the summary line even with `-w` or `-x`.
    pub summary: bool,
    /// `-t`: the time column's format.
    pub time: TimeFormat,
    /// `-c`: read only the first N packets.
    pub count: Option<u64>,
    /// A display filter: only matching frames are printed.
    pub filter: Option<crate::filter::Filter>,
    /// `-q`: no per-frame output.
    pub quiet: bool,
    /// `-z` statistics, printed after the frames (`follow,tcp,ascii,N`…).
    pub stats: Vec<String>,
    /// `--export-objects http,DIR`: the directory HTTP objects are written into.
    pub export_http: Option<std::path::PathBuf>,
    /// `-w FILE` (`-F pcap|pcapng`): write the displayed packets instead of printing them.
    pub write: Option<(std::path::PathBuf, crate::capture::save::SaveFormat)>,
    /// `--explain`: each packet's explanation, in this language, after its summary line.
    pub explain: Option<crate::i18n::Lang>,
}

/// Checks a `-z` argument before any work is done.
pub fn check_stat(z: &str) -> Result<(), String> {
    let p: Vec<&str> = z.split(',').collect();
    match p.as_slice() {
        ["follow", proto, mode, n]
            if matches!(*proto, "tcp" | "http" | "tls")
                && crate::follow::Mode::parse(mode).is_some()
                && n.parse::<u32>().is_ok() =>
        {
            Ok(())
        }
        ["follow", "http2", mode, n, sub]
            if crate::follow::Mode::parse(mode).is_some()
                && n.parse::<u32>().is_ok()
                && sub.parse::<u32>().is_ok() =>
        {
            Ok(())
        }
        ["flow", "tcp" | "any", "standard"]
        | ["expert"]
        | ["http" | "http_req" | "http_srv" | "http_seq" | "http2", "tree"] => Ok(()),
        ["io", "phs", rest @ ..] => check_stat_filter(z, rest),
        ["io", "stat", rest @ ..] => crate::stats::iostat::parse(rest)
            .map(|_| ())
            .map_err(|e| format!("-z {z}: {e}")),
        ["conv" | "endpoints", kind, rest @ ..] if crate::stats::conv::Kind::parse(kind).is_some() => {
            check_stat_filter(z, rest)
        }
        _ => Err(format!(
            "-z {z}: supported are follow,tcp,ascii|hex|raw,N, follow,http,ascii|hex|raw,N, flow,tcp|any,standard, conv,TYPE[,FILTER], endpoints,TYPE[,FILTER] (TYPE eth, ip, ipv6, tcp or udp), io,phs[,FILTER], io,stat,INTERVAL[,COLUMN…], http,tree, http_req,tree, http_srv,tree, http_seq,tree, http2,tree and expert"
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
        ["follow", "http2", mode, n, sub] => {
            let mode = crate::follow::Mode::parse(mode).unwrap_or(crate::follow::Mode::Ascii);
            let (stream, sub) = (n.parse().unwrap_or(0), sub.parse().ok());
            let text = crate::follow::tshark_follow_sub(an, "http2", mode, stream, sub);
            out.write_all(text.as_bytes())?;
        }
        [what @ ("conv" | "endpoints"), kind, rest @ ..] => {
            let Some(kind) = conv::Kind::parse(kind) else {
                return Ok(());
            };
            let filter = stat_filter(rest);
            let keep = crate::stats::kept(an, filter.as_deref())?;
            let tables = match filter {
                None => cache.conv_tables(cf, an)?,
                Some(_) => std::sync::Arc::new(crate::stats::conv_tables(cf, an, |n| {
                    keep.get(n as usize).copied().unwrap_or(false)
                })?),
            };
            let Some(t) = conv::Kind::ALL
                .iter()
                .position(|&k| k == kind)
                .and_then(|i| tables.get(i))
            else {
                return Ok(());
            };
            let text = if *what == "conv" {
                conv::conv_text(kind, t, filter.as_deref())
            } else {
                conv::endpoints_text(kind, t, filter.as_deref())
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
        ["http2", "tree"] => {
            let t = crate::stats::http2::frame_types(an, |_| true);
            out.write_all(t.text().as_bytes())?;
        }
        [kind @ ("http" | "http_req" | "http_srv" | "http_seq"), "tree"] => {
            let d = cache.dissected(cf, an, None)?;
            let t = match *kind {
                "http" => crate::stats::http::packet_counter(&d.http.list, &d.http.text),
                "http_req" => crate::stats::http::requests(&d.http.list, &d.http.text),
                "http_seq" => crate::stats::http::request_sequences(&d.http.list, &d.http.text),
                _ => crate::stats::http::load_distribution(&d.http.list, &d.http.text),
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
    let limit = opts.count.map(|c| c.min(u32::MAX as u64) as u32);
    let an = analyze_file_upto(&cf, limit, |_, _| true)?;
    if let Some((file, format)) = &opts.write {
        write_displayed(&cf, &an, opts, file, *format)?;
        if !opts.summary && !opts.hex && !opts.verbose && opts.expand.is_empty() {
            return Ok(an.warning.clone());
        }
    }
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
        crate::stats::objects::save_all(&crate::stats::objects::http_objects(&an)?, dir)?;
    }
    Ok(an.warning.clone())
}

/// `-w`: the displayed packets (all, or those the display filter keeps) into a new file.
fn write_displayed(
    cf: &CaptureFile,
    an: &Analysis,
    opts: &Options,
    file: &std::path::Path,
    format: crate::capture::save::SaveFormat,
) -> anyhow::Result<()> {
    let records: Vec<_> = match &opts.filter {
        None => an.frames.to_vec(),
        Some(f) => {
            let mut eval = crate::filter::fast::FrameEval::scanning(an, f);
            (1..=an.frames.len() as u32)
                .filter(|&n| eval.matches(n))
                .filter_map(|n| an.record(n))
                .collect()
        }
    };
    let comments = an.comments_by_offset();
    crate::capture::save::save_with_comments(cf, &records, &comments, format, file, &|_| {})?;
    Ok(())
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
        .map(|f| crate::filter::fast::FrameEval::scanning(an, f));
    let mut keep = |frame: u32| eval.as_mut().is_none_or(|e| e.matches(frame));
    let ff = &opts.fields_format;
    if opts.format == Format::Fields && ff.header {
        writeln!(out, "{}", ff.header_line(&opts.fields))?;
    }
    if opts.format == Format::Fields
        && ff.is_plain()
        && !opts.hex
        && crate::fast::supports(&opts.fields)
    {
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
    let tree = opts.verbose || !opts.expand.is_empty();
    // labels are only read by the tree and JSON forms
    // (and by a protocol's field: tshark's fields give a protocol's item as its text)
    let protocol_field = opts.fields.iter().any(|f| {
        f != "data"
            && dissect::fields::find(f)
                .is_some_and(|d| d.kind == dissect::fields::FieldKind::FT_PROTOCOL)
    });
    let labels = dissect::Labels::when(tree || protocol_field || opts.format == Format::Json);
    let mut line = String::new();
    let mut first = true;
    let first_ts = an.frames.first().map(|r| r.ts_ns).unwrap_or(0);
    let mut prev_displayed: Option<i64> = None;
    if opts.format == Format::Json {
        out.write_all(b"[")?;
    }
    dissect::each_frame(cf, an, labels, keep, |frame, rec, bytes, mut d| {
        line.clear();
        if opts.filter.is_some() {
            let since = rec.ts_ns - prev_displayed.unwrap_or(rec.ts_ns);
            dissect::frame::set_displayed_delta(&mut d.tree, since);
        }
        match opts.format {
            Format::Fields => {
                ff.row(&fields::values(&d, bytes, &opts.fields), &mut line);
                line.push('\n');
            }
            Format::Json => {
                line.push_str(if first { "\n" } else { ",\n" });
                if opts.fields.is_empty() {
                    json::frame(&d, bytes, rec.ts_ns, &mut line);
                } else {
                    let v = fields::values(&d, bytes, &opts.fields);
                    json::frame_fields(&opts.fields, &v, rec.ts_ns, &mut line);
                }
            }
            Format::Text => {
                if opts.summary || (!tree && !opts.hex) {
                    let prev = match frame {
                        1 => rec.ts_ns,
                        n => an.frames.get(n as usize - 2).map_or(rec.ts_ns, |r| r.ts_ns),
                    };
                    let shown = prev_displayed.unwrap_or(rec.ts_ns);
                    let t = opts
                        .time
                        .column(rec.ts_ns, first_ts, prev, shown, an.time_digits);
                    summary_line(frame, rec, &t, &d, &mut line);
                    line.push('\n');
                    if let Some(lang) = opts.explain {
                        for s in crate::explain::frame(an, frame) {
                            line.push_str("    ");
                            line.push_str(&crate::explain::render(lang, &s));
                            line.push('\n');
                        }
                    }
                    if opts.hex {
                        line.push('\n');
                    }
                }
                if tree {
                    // without -x, tshark dumps a data layer's bytes after its line
                    let data_dump = |n: &crate::dissect::Node, out: &mut String| {
                        if opts.hex || n.field != fid!("data") {
                            return;
                        }
                        let src: &[u8] = match n.ds {
                            0 => bytes,
                            ds => d.tree.sources.get(ds as usize - 1).map_or(&[], |s| &s.1),
                        };
                        let (a, b) = (n.start as usize, (n.start + n.len) as usize);
                        if let Some(part) = src.get(a..b.min(src.len())).filter(|p| !p.is_empty()) {
                            out.push('\n');
                            hex::dump(part, out);
                        }
                    };
                    let all = opts.expand.is_empty();
                    d.tree.to_text_with(
                        &mut line,
                        |proto| all || opts.expand.iter().any(|p| p == proto),
                        &data_dump,
                    );
                    line.push('\n');
                }
                if opts.hex {
                    hex::frame(&d, bytes, &mut line);
                    line.push('\n');
                }
            }
        }
        prev_displayed = Some(rec.ts_ns);
        first = false;
        out.write_all(line.as_bytes())?;
        Ok(())
    })?;
    if opts.format == Format::Json {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    Ok(())
}

/// One tab-separated row of `-T fields` with the default `-E` options.
pub fn fields_line(d: &Dissection, frame_bytes: &[u8], fields: &[String], line: &mut String) {
    FieldsFormat::default().row(&fields::values(d, frame_bytes, fields), line);
}

/// tshark's one-line summary: No. Time Source → Destination Protocol Length Info.
pub fn summary_line(
    frame: u32,
    rec: &crate::capture::file::Record,
    time: &str,
    d: &Dissection,
    line: &mut String,
) {
    crate::push_fmt!(
        line,
        "{frame:>5} {time} {:>12} → {:<12} {} {} {}",
        d.cols.src,
        d.cols.dst,
        d.cols.protocol,
        rec.origlen,
        d.cols.info
    );
}
