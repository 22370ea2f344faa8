//! Power Query (`.mez`) submissions: `certpack docs` (draft the documentation
//! article and the blog paragraph from a connector's facts, or check an article) and
//! `certpack bundle --mez` (the submission folder), `certpack verify FOLDER`.
//!
//! Exit codes as elsewhere: 0 no error found, 1 a finding is an error (or the
//! verification failed), 2 could not run (an input missing, a destination that
//! exists).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use certpack_core::pq::bundle::{self, PqInputs, PqWriteOptions};
use certpack_core::pq::docs::{self, DocFacts};
use certpack_core::rules::Sink;
use certpack_core::{Diagnostic, Report, Severity, TargetKind};
use clap::Args;
use serde_json::json;

use crate::output::{self, Format};
use crate::progress;

/// The authentication kinds a Data Source Kind record can hold (SDK "Handling
/// authentication").
const AUTH_KINDS: &[&str] = &[
    "Anonymous",
    "Implicit",
    "UsernamePassword",
    "Windows",
    "Key",
    "OAuth",
    "Aad",
];

#[derive(Debug, Args)]
pub struct DocsArgs {
    /// Draft the article from this connector: its name, label, Release State (from
    /// `Beta`), authentication kinds and data source function (with `--check`: check
    /// the article against it).
    #[arg(value_name = "X.mez", conflicts_with = "draft")]
    mez: Option<PathBuf>,
    /// Draft the article for the connector of this name (its section / Data Source
    /// Kind name), without a `.mez`.
    #[arg(long, value_name = "NAME", required_unless_present_any = ["check", "mez"])]
    draft: Option<String>,
    /// Check an article instead (PQ-08, PQ-36, PQ-37, PQ-38, PQ-41).
    #[arg(long, value_name = "ARTICLE.md", conflicts_with = "draft")]
    check: Option<PathBuf>,
    /// The name users see (the Data Source Kind's `Label`).
    #[arg(long, requires = "draft")]
    label: Option<String>,
    /// The connector is in preview (`Beta = true`): Release State `Preview`.
    #[arg(long)]
    beta: bool,
    /// Authentication kinds (Anonymous, UsernamePassword, Windows, Key, OAuth, Aad);
    /// repeatable, or several after one flag.
    #[arg(long = "auth", value_name = "KIND", num_args = 1.., requires = "draft")]
    auth: Vec<String>,
    /// The data source function (`Contoso.Contents`).
    #[arg(long, value_name = "NAME", requires = "draft")]
    function: Option<String>,
    /// Write the article here (refused when the file exists); default: stdout.
    #[arg(short, long, value_name = "ARTICLE.md")]
    output: Option<PathBuf>,
    /// Also write the blog paragraph here (refused when the file exists).
    #[arg(long, value_name = "BLURB.md")]
    blurb: Option<PathBuf>,
    /// Output format (human or json; sarif too with --check).
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// The facts of the connector in a `.mez`.
fn mez_facts(mez: &Path) -> Result<DocFacts> {
    let loaded = certpack_core::pq::load(mez, certpack_core::read::zip::Limits::default())?;
    loaded
        .connector
        .and_then(|c| c.doc_facts())
        .with_context(|| {
            format!(
                "`{}` holds no section document (`*.pq`) to document",
                mez.display()
            )
        })
}

pub fn docs_cmd(args: DocsArgs, quiet: bool) -> Result<ExitCode> {
    let from_mez = args.mez.as_deref().map(mez_facts).transpose()?;
    if let Some(path) = &args.check {
        let facts = from_mez.or_else(|| {
            args.beta.then(|| DocFacts {
                beta: true,
                ..DocFacts::default()
            })
        });
        return check_cmd(path, facts, args.format, quiet);
    }
    if let Some(facts) = from_mez {
        return draft_docs(
            &facts,
            args.output.as_deref(),
            args.blurb.as_deref(),
            args.format,
            quiet,
        );
    }
    let Some(name) = args.draft.clone().filter(|n| !n.trim().is_empty()) else {
        bail!("--draft needs the connector's name");
    };
    let mut auth_kinds = Vec::new();
    for k in args.auth.iter().flat_map(|a| a.split(',')) {
        let Some(known) = AUTH_KINDS.iter().find(|a| a.eq_ignore_ascii_case(k.trim())) else {
            bail!(
                "`{k}` is not an authentication kind; use one of {}",
                AUTH_KINDS.join(", ")
            );
        };
        auth_kinds.push((*known).to_owned());
    }
    let facts = DocFacts {
        name,
        label: args.label.clone(),
        beta: args.beta,
        auth_kinds,
        function: args.function.clone().map(|name| docs::DocFunction {
            name,
            ..Default::default()
        }),
        version: None,
    };
    draft_docs(
        &facts,
        args.output.as_deref(),
        args.blurb.as_deref(),
        args.format,
        quiet,
    )
}

/// Drafts the article (and with `blurb` the blog paragraph) from `facts`, wherever
/// they come from (flags today, a `.mez` tomorrow): written to `output`, else printed.
pub fn draft_docs(
    facts: &DocFacts,
    output: Option<&Path>,
    blurb: Option<&Path>,
    format: Format,
    quiet: bool,
) -> Result<ExitCode> {
    if format == Format::Sarif {
        bail!("docs --draft prints human or json output");
    }
    let today = jiff::Zoned::now().date();
    let article = docs::draft_article(facts, today);
    let blurb_text = docs::draft_blurb(facts);
    let suggested = docs::article_file_name(&facts.display_name());
    let vpath = output.map_or_else(|| suggested.clone(), |p| p.display().to_string());
    let mut sink = Sink::new();
    docs::check_article(&mut sink, &vpath, &article, Some(facts));
    let todos = article.matches("TODO:").count();
    // the TODOs are the point of a draft: only other findings are shown
    let findings: Vec<Diagnostic> = sink
        .into_diagnostics()
        .into_iter()
        .filter(|d| d.code != "PQ-41")
        .collect();
    for (path, text) in [(output, &article), (blurb, &blurb_text)] {
        if let Some(p) = path {
            if std::fs::symlink_metadata(p).is_ok() {
                bail!(
                    "`{}` already exists: certpack does not overwrite a draft you may have edited",
                    p.display()
                );
            }
            certpack_core::bundle::write_atomic(p, text.as_bytes())
                .with_context(|| format!("cannot write `{}`", p.display()))?;
        }
    }
    if format == Format::Json {
        output::print_json(&json!({
            "facts": facts,
            "fileName": suggested,
            "article": article,
            "blurb": blurb_text,
            "written": { "article": output, "blurb": blurb },
            "todos": todos,
            "diagnostics": findings,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    if !findings.is_empty() {
        let mut r = Report::new(&vpath, TargetKind::SourceFolder);
        r.diagnostics = findings;
        output::findings_to_stderr(&r)?;
    }
    let mut out = output::stdout();
    match output {
        None => out.write_all(article.as_bytes())?,
        Some(p) if !quiet => {
            writeln!(
                out,
                "{todos} places marked `TODO:` to fill in (Microsoft publishes it as `{suggested}`)"
            )?;
            if let Some(b) = blurb {
                writeln!(out, "{}", b.display())?;
            }
            writeln!(out, "{}", p.display())?;
        }
        Some(_) => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// `docs --check`: an article alone. With `beta`, its Release State is compared.
fn check_cmd(
    path: &Path,
    facts: Option<DocFacts>,
    format: Format,
    quiet: bool,
) -> Result<ExitCode> {
    let bytes = certpack_core::read::file::read_regular(path, bundle::MAX_TEXT)
        .with_context(|| format!("cannot read `{}`", path.display()))?;
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes));
    let mut sink = Sink::new();
    let vpath = path.display().to_string();
    docs::check_article(&mut sink, &vpath, &text, facts.as_ref());
    let mut report = Report::new(&vpath, TargetKind::SourceFolder);
    report.diagnostics = sink.into_diagnostics();
    report.sort();
    match format {
        Format::Json => output::print_json(&json!({
            "version": 1,
            "target": report.target,
            "diagnostics": report.diagnostics,
            "summary": report.summary(),
        }))?,
        Format::Sarif => output::print_json(&output::sarif(&[&report]))?,
        Format::Human => {
            if !(quiet && report.diagnostics.is_empty()) {
                output::report(&report, format, quiet)?;
            }
        }
    }
    Ok(exit(&report.diagnostics))
}

fn exit(d: &[Diagnostic]) -> ExitCode {
    if d.iter().any(|d| d.severity == Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Where a Power Query folder's files come from.
pub enum PqSource {
    /// `bundle --mez --docs --blurb`.
    Files(Box<PqInputs>),
    /// `bundle --submission` of a Power Query draft: its files and its own findings.
    Draft(Box<certpack_core::Submission>),
}

/// What `bundle --mez` or `bundle --submission` of a Power Query draft takes.
pub struct PqBundle {
    pub source: PqSource,
    pub output: Option<PathBuf>,
    pub sheet: Option<PathBuf>,
    pub list: bool,
    pub allow_errors: bool,
    pub format: Format,
}

pub fn bundle_cmd(b: PqBundle, quiet: bool) -> Result<ExitCode> {
    if b.format == Format::Sarif {
        bail!("bundle prints human or json output");
    }
    let plan = match &b.source {
        PqSource::Draft(sub) => certpack_core::pq::draft::plan(sub)?,
        PqSource::Files(inputs) => bundle::plan(inputs)?,
    };
    let findings = |d: &[Diagnostic]| -> Result<()> {
        if !d.is_empty() {
            let mut r = Report::new(&plan.folder, TargetKind::SourceFolder);
            r.diagnostics = d.to_vec();
            output::findings_to_stderr(&r)?;
        }
        Ok(())
    };
    if b.list {
        if b.format == Format::Json {
            output::print_json(&json!({
                "folder": plan.folder,
                "files": plan.files(),
                "diagnostics": plan.diagnostics,
                "sheet": plan.sheet(),
            }))?;
        } else {
            findings(&plan.diagnostics)?;
            let mut out = output::stdout();
            for f in plan.files() {
                writeln!(
                    out,
                    "{:>10}  {}/{}",
                    output::human_size(f.size),
                    plan.folder,
                    f.path
                )?;
            }
        }
        return Ok(exit(&plan.diagnostics));
    }
    let Some(dest) = &b.output else {
        bail!("--output is required")
    };
    if b.format == Format::Human {
        findings(&plan.diagnostics)?;
    }
    let mut bar = progress::Bar::new(quiet || b.format != Format::Human);
    let opts = PqWriteOptions {
        allow_errors: b.allow_errors,
        cancel: None,
    };
    let result = bundle::write(&plan, dest, &opts, &mut |ev| bar.event(ev));
    bar.finish();
    let summary = result.map_err(|e| match e {
        certpack_core::Error::Refused { .. } => {
            anyhow::anyhow!("{e}; or write it anyway with --allow-errors")
        }
        e => anyhow::Error::from(e),
    })?;
    if let Some(sheet) = &b.sheet {
        certpack_core::bundle::write_atomic(sheet, plan.sheet_markdown().as_bytes())
            .with_context(|| format!("cannot write `{}`", sheet.display()))?;
    }
    let has_errors = summary
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    let code = exit(&summary.diagnostics);
    if b.format == Format::Json {
        output::print_json(&json!({
            "folder": summary.folder,
            "files": summary.files,
            "sha256": summary.sha256,
            "diagnostics": summary.diagnostics,
            "sheet": plan.sheet(),
        }))?;
        return Ok(code);
    }
    if quiet && !has_errors {
        return Ok(code);
    }
    let mut out = output::stdout();
    for f in &summary.files {
        writeln!(
            out,
            "{:>10}  {}  {}",
            output::human_size(f.size),
            f.sha256.get(..12).unwrap_or(&f.sha256),
            f.path
        )?;
    }
    writeln!(out, "set SHA-256 (of SHA256SUMS): {}", summary.sha256)?;
    writeln!(out, "{}", summary.folder.display())?;
    Ok(code)
}

/// `verify FOLDER`: a Power Query submission folder.
pub fn verify_cmd(dir: &Path, format: Format, quiet: bool) -> Result<ExitCode> {
    let v = bundle::verify(dir)?;
    let mut report = Report::new(dir.display().to_string(), TargetKind::SourceFolder);
    report.diagnostics = v.diagnostics.clone();
    match format {
        Format::Json => output::print_json(&json!({
            "folder": dir,
            "files": v.files,
            "sha256": v.sha256,
            "ok": !v.has_errors(),
            "diagnostics": v.diagnostics,
        }))?,
        Format::Sarif => output::print_json(&output::sarif(&[&report]))?,
        Format::Human => {
            if !report.diagnostics.is_empty() {
                output::findings_to_stderr(&report)?;
            }
            if !quiet || v.has_errors() {
                let mut out = output::stdout();
                if v.has_errors() {
                    writeln!(out, "verification failed: {}", dir.display())?;
                } else {
                    writeln!(
                        out,
                        "ok: {} files match SHA256SUMS and manifest.json ({})",
                        v.files.len(),
                        v.sha256.as_deref().unwrap_or("")
                    )?;
                }
            }
        }
    }
    Ok(exit(&v.diagnostics))
}
