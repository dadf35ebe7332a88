use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "fathom", version, about = "A packet inspector for TCP/HTTP")]
struct Cli {
    #[command(subcommand)]
    cmd: Option<Cmd>,
    /// A capture file to open in the window.
    file: Option<PathBuf>,
}

#[derive(clap::Args)]
struct PrintArgs {
    /// The capture file to read (`-` for standard input).
    #[arg(short = 'r', long = "read-file")]
    read: Option<PathBuf>,
    /// Output format: text, fields or json.
    #[arg(short = 'T', default_value = "text")]
    format: String,
    /// A field to print with -T fields or -T json (repeatable).
    #[arg(short = 'e')]
    fields: Vec<String>,
    /// -T fields options, as tshark's: header=y|n, separator=/t|/s|C, quote=d|s|n,
    /// occurrence=f|l|a, aggregator=,|/s|C (repeatable).
    #[arg(short = 'E')]
    fields_opts: Vec<String>,
    /// Print the whole protocol tree.
    #[arg(short = 'V')]
    verbose: bool,
    /// Print the tree of only these protocols in full (comma-separated), the others as
    /// one line.
    #[arg(short = 'O')]
    expand: Vec<String>,
    /// Add the hex and ASCII dump of each packet.
    #[arg(short = 'x')]
    hex: bool,
    /// Print the packet summary even with -w or -x.
    #[arg(short = 'P', long = "print")]
    summary: bool,
    /// The time column: r (relative, default), a, ad, adoy, d, dd, e, u, ud, udoy.
    #[arg(short = 't', default_value = "r")]
    time: String,
    /// Read only the first N packets.
    #[arg(short = 'c')]
    count: Option<u64>,
    /// A display filter: print only the frames that match.
    #[arg(short = 'Y', long = "display-filter")]
    filter: Option<String>,
    /// Write the displayed packets to this file (pcapng, or pcap with -F pcap) instead of
    /// printing them.
    #[arg(short = 'w')]
    write: Option<PathBuf>,
    /// The -w file's format: pcapng (default) or pcap.
    #[arg(short = 'F', default_value = "pcapng")]
    write_format: String,
    /// Decode As: tcp.port==PORT[-LAST],http hands the port to HTTP (repeatable).
    #[arg(short = 'd')]
    decode_as: Vec<String>,
    /// A preference, as tshark's `-o NAME:VALUE`: tls.keylog_file:PATH names the TLS key
    /// log file (repeatable).
    #[arg(short = 'o')]
    prefs: Vec<String>,
    /// Two-pass analysis (always on; accepted for tshark compatibility).
    #[arg(short = '2')]
    two_pass: bool,
    /// Don't resolve names (MAC vendor names are resolved otherwise, as tshark does).
    #[arg(short = 'n')]
    no_resolve: bool,
    /// Name resolution flags, as tshark's -N: m (MAC vendors), t (transport ports).
    #[arg(short = 'N')]
    resolve: Option<String>,
    /// `-G fields` lists the field registry.
    #[arg(short = 'G')]
    glossary: Option<String>,
    /// Quiet: print no frames (with -z).
    #[arg(short = 'q')]
    quiet: bool,
    /// Statistics: follow,tcp|http,ascii|hex|raw,STREAM; flow,tcp|any,standard;
    /// conv,eth|ip|ipv6|tcp|udp[,FILTER]; endpoints,eth|ip|ipv6|tcp|udp[,FILTER].
    #[arg(short = 'z')]
    stats: Vec<String>,
    /// Export objects, as tshark: `http,DIR` writes every HTTP body (de-chunked and
    /// decompressed) into DIR.
    #[arg(long = "export-objects")]
    export_objects: Option<String>,
    /// Explain each packet in plain language after its summary line (with -Y, the packets
    /// the filter keeps).
    #[arg(long = "explain")]
    explain: bool,
    /// The language of --explain: en, zh or ja (default: the system locale's).
    #[arg(long = "lang")]
    lang: Option<String>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Dissect a capture headless and print it as tshark does.
    Print(Box<PrintArgs>),
    /// Capture live traffic to a file, with dumpcap's flags (`fathom capture --help`). The
    /// capture itself runs in the `fathom-capture` helper, which holds the privileges.
    #[command(disable_help_flag = true)]
    Capture {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.cmd {
        Some(Cmd::Print(args)) => match print_plan(*args) {
            Ok(Plan::Glossary(g)) => glossary(&g),
            Ok(Plan::Run(path, opts)) => print(&path, &opts),
            Err(e) => {
                eprintln!("fathom: {e}");
                ExitCode::from(2)
            }
        },
        Some(Cmd::Capture { args }) => capture(&args),
        None => fathom::ui::run(cli.file),
    }
}

/// What `fathom print` was asked to do.
enum Plan {
    /// `-G`: list a glossary.
    Glossary(String),
    Run(PathBuf, Box<fathom::print::Options>),
}

/// `fathom print`'s options checked, and the settings they name made; the error is the
/// message for a wrong one.
fn print_plan(args: PrintArgs) -> Result<Plan, String> {
    let PrintArgs {
        read,
        format,
        fields,
        verbose,
        filter,
        glossary,
        quiet,
        stats,
        no_resolve,
        resolve,
        export_objects,
        fields_opts,
        expand,
        hex,
        summary,
        time,
        count,
        write,
        write_format,
        decode_as,
        prefs,
        explain,
        lang,
        ..
    } = args;
    let explain = match (explain, lang.as_deref().map(fathom::i18n::Lang::parse)) {
        (false, _) => None,
        (true, None) => Some(fathom::i18n::Lang::from_env()),
        (true, Some(Some(l))) => Some(l),
        (true, Some(None)) => return Err("--lang: use en, zh or ja".into()),
    };
    let mut fields_format = fathom::print::FieldsFormat::default();
    let mut rules = Vec::new();
    let checked = (|| -> Result<_, String> {
        for o in &fields_opts {
            fields_format.set(o)?;
        }
        for d in &decode_as {
            rules.push(fathom::analysis::decode_as::Rule::parse(d)?);
        }
        for o in &prefs {
            match o.split_once(':') {
                Some(("tls.keylog_file" | "ssl.keylog_file", p)) => {
                    let p = (!p.is_empty()).then(|| PathBuf::from(p));
                    fathom::tls::keylog::set_file(p).map_err(|e| format!("-o {o}: {e}"))?;
                }
                _ => {
                    return Err(format!(
                        "-o {o}: Fathom knows the preference tls.keylog_file:PATH"
                    ))
                }
            }
        }
        let time = fathom::print::TimeFormat::parse(&time)?;
        let wf = match write_format.as_str() {
            "pcapng" => fathom::capture::save::SaveFormat::Pcapng,
            "pcap" | "libpcap" => fathom::capture::save::SaveFormat::Pcap,
            other => return Err(format!("-F {other}: use pcapng or pcap")),
        };
        Ok((time, wf))
    })();
    let (time, write_format) = checked?;
    fathom::analysis::decode_as::set(rules);
    let expand: Vec<String> = expand
        .iter()
        .flat_map(|e| e.split(','))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if no_resolve {
        fathom::names::set_mac_resolution(false);
    }
    if let Some(flags) = resolve {
        // -N names exactly what to resolve
        fathom::names::set_mac_resolution(flags.contains('m'));
        fathom::names::set_port_resolution(flags.contains('t'));
    }
    for z in &stats {
        fathom::print::check_stat(z)?;
    }
    if let Some(g) = glossary {
        return Ok(Plan::Glossary(g));
    }
    let filter = match filter.as_deref().map(fathom::filter::Filter::compile) {
        None => None,
        Some(Ok(f)) => Some(f),
        Some(Err(e)) => return Err(format!("invalid display filter: {e}")),
    };
    let Some(path) = read else {
        return Err("print needs -r FILE".into());
    };
    let fmt = match format.as_str() {
        "text" => fathom::print::Format::Text,
        "fields" => fathom::print::Format::Fields,
        "json" => fathom::print::Format::Json,
        other => return Err(format!("-T {other}: use text, fields or json")),
    };
    let export_http = match export_objects.as_deref().map(|e| e.split_once(',')) {
        None => None,
        Some(Some(("http", dir))) if !dir.is_empty() => Some(std::path::PathBuf::from(dir)),
        Some(_) => return Err("--export-objects: use http,DIR".into()),
    };
    let opts = fathom::print::Options {
        format: fmt,
        fields,
        fields_format,
        verbose,
        expand,
        hex,
        summary,
        time,
        count,
        filter,
        quiet,
        stats,
        export_http,
        write: write.map(|w| (w, write_format)),
        explain,
    };
    Ok(Plan::Run(path, Box::new(opts)))
}

/// `fathom print -G fields`: the field glossary, as tshark's.
fn glossary(g: &str) -> ExitCode {
    if g == "fields" {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let res = fathom::dissect::fields::all()
            .iter()
            .try_for_each(|f| writeln!(out, "F\t{}\t{}\t{}", f.name, f.abbrev, f.kind))
            .and_then(|()| out.flush());
        return match res {
            Err(e) if !fathom::print::is_broken_pipe(&e) => {
                eprintln!("fathom: {e}");
                ExitCode::from(2)
            }
            _ => ExitCode::SUCCESS,
        };
    }
    eprintln!("fathom: -G {g}: only \"fields\" is supported");
    ExitCode::from(2)
}

/// `fathom print` with its options checked: the capture dissected onto standard output.
fn print(path: &std::path::Path, opts: &fathom::print::Options) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let res = fathom::print::run(path, opts, &mut out).and_then(|w| {
        use std::io::Write;
        out.flush()?;
        Ok(w)
    });
    match res {
        // the reader went away (`| head`): end quietly, as tshark does
        Err(e) if fathom::print::is_broken_pipe_any(&e) => ExitCode::SUCCESS,
        Ok(warning) => {
            if let Some(w) = warning {
                eprintln!("fathom: {w}");
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("fathom: {e}");
            ExitCode::from(2)
        }
    }
}

/// `fathom capture`: the capture helper runs with these arguments.
fn capture(args: &[String]) -> ExitCode {
    let helper = fathom::capture::live::helper_path();
    // become the helper, so that signals (Ctrl+C, kill -INT) reach it directly
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let e = std::process::Command::new(&helper).args(args).exec();
        eprintln!(
            "fathom: could not run the capture helper {}: {e}",
            helper.display()
        );
        return ExitCode::from(2);
    }
    #[allow(unreachable_code)]
    match std::process::Command::new(&helper).args(args).status() {
        Ok(st) => ExitCode::from(st.code().unwrap_or(2).clamp(0, 255) as u8),
        Err(e) => {
            eprintln!(
                "fathom: could not run the capture helper {}: {e}",
                helper.display()
            );
            ExitCode::from(2)
        }
    }
}
