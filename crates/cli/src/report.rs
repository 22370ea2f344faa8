//! `certpack report FILE|-`: a pasted certification report mapped to certpack's
//! rules, line by line (the core's `tracker::map_report`).

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use certpack_core::tracker::{self, MAX_REPORT_BYTES, ReportLine};
use clap::Args;

use crate::output::{self, Format};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The report as text: a file, or `-` for standard input.
    #[arg(value_name = "FILE|-")]
    file: PathBuf,
    /// Output format (human or json: every line, matched or not).
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// Reads at most a little more than the core maps, so that it can say it cut.
fn read_report(args: &ReportArgs) -> Result<String> {
    let max = u64::try_from(MAX_REPORT_BYTES).unwrap_or(u64::MAX) + 16;
    let mut bytes = Vec::new();
    if args.file.as_os_str() == "-" {
        std::io::stdin()
            .take(max)
            .read_to_end(&mut bytes)
            .context("cannot read the report from standard input")?;
    } else {
        let path = &args.file;
        let f = certpack_core::read::file::open_regular(path)
            .with_context(|| format!("cannot read `{}`", path.display()))?;
        f.take(max)
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read `{}`", path.display()))?;
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn human(lines: &[ReportLine], cut: bool, quiet: bool) -> Result<()> {
    let mut out = output::stdout();
    let mut matched = 0;
    for l in lines {
        let Some(code) = &l.code else { continue };
        matched += 1;
        match (&l.title, &l.help) {
            (Some(title), Some(help)) => {
                writeln!(out, "line {}: {code} {title}. Fix: {help}", l.line)?;
            }
            _ => writeln!(
                out,
                "line {}: {code} (not in this certpack's rules yet): {}",
                l.line,
                l.text.trim()
            )?,
        }
    }
    if cut && let Some(last) = lines.last() {
        writeln!(output::stderr(), "note: {}", last.text)?;
    }
    if !quiet {
        let total = lines.len() - usize::from(cut);
        writeln!(
            out,
            "{matched} of {total} lines match a certpack rule; `certpack explain CODE` says more."
        )?;
    }
    Ok(())
}

pub fn report_cmd(args: &ReportArgs, quiet: bool) -> Result<ExitCode> {
    if args.format == Format::Sarif {
        bail!("report prints human or json output");
    }
    let text = read_report(args)?;
    let lines = tracker::map_report(&text);
    let cut = tracker::report_is_cut(&text);
    if args.format == Format::Json {
        output::print_json(&serde_json::to_value(&lines)?)?;
    } else {
        human(&lines, cut, quiet)?;
    }
    Ok(ExitCode::SUCCESS)
}
