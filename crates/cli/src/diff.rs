//! `certpack diff OLD NEW`: what an update changes against the certified version —
//! the breaking changes (BRK, PRP-08) with their places in both versions, whether
//! Microsoft will treat it as a minor or a major update, and (`--changelog`) the
//! customer-facing changelog draft.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use certpack_core::check::{self, CheckOptions};
use certpack_core::diff::{self, Comparison, UpdateClass};
use certpack_core::{Report, Severity};
use clap::Args;
use serde_json::json;

use crate::output::{self, Format};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The previously certified version: a connector folder, a solution zip, a
    /// package or an upload.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The new version (any of the same kinds).
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Print the customer-facing changelog draft (Markdown) instead of the findings.
    #[arg(long)]
    changelog: bool,
    /// The changelog entry's heading: the version or the date (default: today).
    #[arg(long, value_name = "TEXT", requires = "changelog")]
    heading: Option<String>,
}

fn weeks(class: UpdateClass) -> &'static str {
    match class {
        UpdateClass::None => "",
        UpdateClass::Minor => " (about 4–5 weeks of certification)",
        UpdateClass::Major => " (about 6–10 weeks of certification)",
    }
}

pub fn diff_cmd(args: DiffArgs, config: Option<&Path>, quiet: bool) -> Result<ExitCode> {
    let opts = CheckOptions::default();
    let comparison = diff::compare_paths(&args.old, &args.new, &opts)?;
    let kind = check::detect(&args.new, opts.limits)?;
    let mut report = Report::new(args.new.display().to_string(), kind);
    report.diagnostics.clone_from(&comparison.diagnostics);
    crate::apply_config(&mut report, config, &args.new)?;
    let code = if report
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if args.changelog {
        let heading = match &args.heading {
            Some(h) => h.clone(),
            None => jiff::Zoned::now().date().to_string(),
        };
        let mut out = output::stdout();
        out.write_all(diff::changelog(&comparison, &heading).as_bytes())?;
        return Ok(code);
    }
    match args.format {
        Format::Json => output::print_json(&json!({
            "version": 1,
            "target": report.target,
            "previous": args.old.display().to_string(),
            "kind": report.kind,
            "update": comparison.class.name(),
            "diagnostics": report.diagnostics,
            "changes": comparison.changes,
        }))?,
        Format::Sarif => output::print_json(&output::sarif(&[&report]))?,
        Format::Human => human(&report, &comparison, &args, quiet)?,
    }
    Ok(code)
}

fn human(report: &Report, c: &Comparison, args: &DiffArgs, quiet: bool) -> Result<()> {
    if report.diagnostics.is_empty() {
        if !quiet {
            writeln!(
                output::stdout(),
                "No changes between {} and {}.",
                args.old.display(),
                args.new.display()
            )?;
        }
        return Ok(());
    }
    output::report(report, Format::Human, quiet)?;
    if !quiet {
        let breaking = c.changes.iter().filter(|ch| ch.breaking).count();
        let mitigated = c
            .changes
            .iter()
            .filter(|ch| ch.breaking && ch.mitigated)
            .count();
        writeln!(
            output::stdout(),
            "Update: {}{}; {breaking} breaking change{}{}.",
            c.class.name(),
            weeks(c.class),
            if breaking == 1 { "" } else { "s" },
            if mitigated > 0 {
                format!(", {mitigated} mitigated by versioning")
            } else {
                String::new()
            }
        )?;
    }
    Ok(())
}
