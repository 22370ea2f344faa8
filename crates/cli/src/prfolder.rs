//! `certpack pr-folder PATH -o DIR`: the open-source pull request folder of a
//! connector (`certified-connectors/<Name>/` or `independent-publisher-connectors/<Name>/`
//! of microsoft/PowerPlatformConnectors), planned, checked (PRF, SEC-01) and written.
//!
//! The folder is written whatever its findings (it is a draft to review and commit;
//! the findings say what to fix, and nothing the publisher wrote is lost); the exit
//! code is 1 when a finding is an error. A destination that exists is never merged
//! into or overwritten: that is "could not run" (2), and nothing is written.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use certpack_core::check::CheckOptions;
use certpack_core::{Report, TargetKind, prfolder};
use clap::Args;
use serde_json::json;

use crate::Publisher;
use crate::output::{self, Format};

#[derive(Debug, Args)]
pub struct PrFolderArgs {
    /// The connector: a source folder, a connector solution zip, a package or an
    /// upload (for independent publishers, the upload is copied into the folder).
    path: PathBuf,
    /// Where to write: the folder is `DIR/<repository folder>/<Name>/`.
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// intro.md to write the README from, when PATH holds none (an upload has one).
    #[arg(long, value_name = "FILE")]
    intro: Option<PathBuf>,
    /// Publisher kind: `certified-connectors/` (verified) or
    /// `independent-publisher-connectors/` (independent).
    #[arg(long = "as", value_enum, default_value = "verified")]
    publisher: Publisher,
    /// Output format (human or json).
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

pub fn pr_folder_cmd(args: PrFolderArgs, quiet: bool) -> Result<ExitCode> {
    if args.format == Format::Sarif {
        bail!("pr-folder prints human or json output");
    }
    let opts = CheckOptions {
        publisher: args.publisher.into(),
        ..CheckOptions::default()
    };
    let folder = prfolder::plan(&args.path, args.intro.as_deref(), &opts)?;
    let written = prfolder::write(&folder, &args.output)?;
    let code = if folder.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if args.format == Format::Json {
        output::print_json(&json!({
            "root": folder.root,
            "prTitle": folder.pr_title,
            "path": written,
            "files": folder.files,
            "diagnostics": folder.diagnostics,
        }))?;
        return Ok(code);
    }
    if !folder.diagnostics.is_empty() {
        let mut report = Report::new(&folder.root, TargetKind::SourceFolder);
        report.diagnostics = folder.diagnostics.clone();
        output::findings_to_stderr(&report)?;
    }
    if quiet && !folder.has_errors() {
        return Ok(code);
    }
    let mut out = output::stdout();
    for f in &folder.files {
        writeln!(
            out,
            "{:>10}  {}  {}",
            output::human_size(f.size),
            f.sha256.get(..12).unwrap_or(&f.sha256),
            f.name
        )?;
    }
    writeln!(out, "pull request title: {}", folder.pr_title)?;
    writeln!(out, "{}", written.display())?;
    Ok(code)
}
