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

#[derive(Subcommand)]
enum Cmd {
    /// Dissect a capture headless and print it as tshark does.
    Print {
        /// The capture file to read.
        #[arg(short = 'r')]
        read: Option<PathBuf>,
        /// Output format: text, fields or json.
        #[arg(short = 'T', default_value = "text")]
        format: String,
        /// A field to print with -T fields (repeatable).
        #[arg(short = 'e')]
        fields: Vec<String>,
        /// Print the whole protocol tree.
        #[arg(short = 'V')]
        verbose: bool,
        /// A display filter: print only the frames that match.
        #[arg(short = 'Y')]
        filter: Option<String>,
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
    },
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
        Some(Cmd::Print {
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
            ..
        }) => {
            if no_resolve {
                fathom::names::set_mac_resolution(false);
            }
            if let Some(flags) = resolve {
                // -N names exactly what to resolve
                fathom::names::set_mac_resolution(flags.contains('m'));
                fathom::names::set_port_resolution(flags.contains('t'));
            }
            for z in &stats {
                if let Err(e) = fathom::print::check_stat(z) {
                    eprintln!("fathom: {e}");
                    return ExitCode::from(2);
                }
            }
            if let Some(g) = glossary {
                if g == "fields" {
                    use std::io::Write;
                    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                    let res = fathom::dissect::fields::FIELDS
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
                return ExitCode::from(2);
            }
            let filter = match filter.as_deref().map(fathom::filter::Filter::compile) {
                None => None,
                Some(Ok(f)) => Some(f),
                Some(Err(e)) => {
                    eprintln!("fathom: invalid display filter: {e}");
                    return ExitCode::from(2);
                }
            };
            let Some(path) = read else {
                eprintln!("fathom: print needs -r FILE");
                return ExitCode::from(2);
            };
            let fmt = match format.as_str() {
                "text" => fathom::print::Format::Text,
                "fields" => fathom::print::Format::Fields,
                "json" => fathom::print::Format::Json,
                other => {
                    eprintln!("fathom: -T {other}: use text, fields or json");
                    return ExitCode::from(2);
                }
            };
            let export_http = match export_objects.as_deref().map(|e| e.split_once(',')) {
                None => None,
                Some(Some(("http", dir))) if !dir.is_empty() => Some(std::path::PathBuf::from(dir)),
                Some(_) => {
                    eprintln!("fathom: --export-objects: use http,DIR");
                    return ExitCode::from(2);
                }
            };
            let opts = fathom::print::Options {
                format: fmt,
                fields,
                verbose,
                filter,
                quiet,
                stats,
                export_http,
            };
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            let res = fathom::print::run(&path, &opts, &mut out).and_then(|w| {
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
        Some(Cmd::Capture { args }) => {
            let helper = fathom::capture::live::helper_path();
            // become the helper, so that signals (Ctrl+C, kill -INT) reach it directly
            #[cfg(unix)]
            {
                use std::os::unix::process::CommandExt;
                let e = std::process::Command::new(&helper).args(&args).exec();
                eprintln!(
                    "fathom: could not run the capture helper {}: {e}",
                    helper.display()
                );
                return ExitCode::from(2);
            }
            #[allow(unreachable_code)]
            match std::process::Command::new(&helper).args(&args).status() {
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
        None => fathom::ui::run(cli.file),
    }
}
