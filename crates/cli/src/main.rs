//! `certpack`: check, bundle, verify and upload Power Platform connector
//! certification packages. A thin layer over `certpack-core`: argument parsing, output formats,
//! progress bars and exit codes.
//!
//! Exit codes: 0 no errors found; 1 errors found (or verification failed);
//! 2 could not run (bad arguments, unreadable input).

mod calendar;
mod diff;
mod output;
mod pq;
mod prfolder;
mod progress;
mod report;
mod snippet;
mod upload;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use certpack_core::bundle::{self, BundleInputs, WriteOptions};
use certpack_core::check::{self, CheckOptions};
use certpack_core::{ClientSecret, PublisherKind, Report, Submission, SubmissionKind, overrides};
use clap::{Args, Parser, Subcommand, ValueEnum};

use output::Format;

/// Check, bundle and verify Power Platform connector certification packages, offline.
#[derive(Debug, Parser)]
#[command(name = "certpack", version, about, long_about = None, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print nothing on success (findings and errors are still printed).
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Overrides file (default: `certpack.toml` beside the checked path, else in the
    /// current folder).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Publisher {
    Verified,
    Independent,
}

impl From<Publisher> for PublisherKind {
    fn from(p: Publisher) -> Self {
        match p {
            Publisher::Verified => PublisherKind::Verified,
            Publisher::Independent => PublisherKind::Independent,
        }
    }
}

#[derive(Debug, Args)]
struct RuleArgs {
    /// Publisher kind: switches the publisher-specific rules.
    #[arg(long = "as", value_enum, default_value = "verified")]
    publisher: Publisher,
    /// The offer has the AI plugin enabled (the package needs a third solution).
    #[arg(long)]
    plugin: bool,
}

impl RuleArgs {
    fn options(&self) -> CheckOptions {
        CheckOptions {
            publisher: self.publisher.into(),
            plugin: self.plugin,
            ..CheckOptions::default()
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check uploads, package zips, solution zips, connector source folders or drafts
    /// (`*.certpack.json`); several at once are checked in parallel.
    Check {
        /// What to check (each detected from its content).
        #[arg(required_unless_present = "recursive", value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Also check every connector folder, solution, package, upload and draft
        /// found below DIR (repeatable).
        #[arg(short, long, value_name = "DIR")]
        recursive: Vec<PathBuf>,
        /// The connector source folder, compared with the connector in the checked
        /// solution, package or upload (XCK-01).
        #[arg(long, value_name = "DIR")]
        source: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// The previously certified version (folder or zip): the update is compared
        /// with it as `diff` does (BRK, PRP-08). One target only.
        #[arg(long, value_name = "PATH")]
        previous: Option<PathBuf>,
        /// A Power Query connector's documentation article, checked against the
        /// `.mez` (PQ-08, PQ-36…38). One `.mez` target only.
        #[arg(long, value_name = "ARTICLE.md")]
        docs: Option<PathBuf>,
    },
    /// Build the certification package: intro.md and the Package Deployer package,
    /// with `<name>.sha256` and `manifest.json`. With --mez, the Power Query
    /// submission folder instead: the .mez, the article, the blog paragraph and the
    /// changelog, with SHA256SUMS and manifest.json.
    Bundle(Box<BundleArgs>),
    /// Verify a written package: its structure and every checksum beside it (or a
    /// Power Query submission folder that `bundle --mez` wrote).
    Verify {
        /// The outer zip, or the Power Query submission folder.
        path: PathBuf,
        /// The connector source folder, compared with the packaged connector (XCK-01).
        #[arg(long, value_name = "DIR")]
        source: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Upload the package to Azure Blob Storage, verify it through a read-only SAS
    /// (the blob downloaded is the package: SAS-03), and print the SAS URI to paste
    /// into Partner Center (the last line on stdout).
    Upload(Box<upload::UploadArgs>),
    /// Check a SAS URI: SAS-01, SAS-02 and, with --package, that the blob behind it
    /// is the package (SAS-03, downloaded through the SAS).
    CheckSas(upload::CheckSasArgs),
    /// Compare two versions of a connector: the breaking changes (with their places
    /// in both), minor or major update, and with --changelog the changelog draft.
    Diff(diff::DiffArgs),
    /// The expected deployment calendar after Go live: the next Friday train, then
    /// the six region groups on working days (Pacific time).
    Calendar(calendar::CalendarArgs),
    /// Map a pasted certification report (Partner Center's e-mail or page, the
    /// validators' output, the bot's comments) to certpack's rules, line by line.
    Report(report::ReportArgs),
    /// Write the open-source pull request folder of a connector
    /// (`certified-connectors/<Name>/` or `independent-publisher-connectors/<Name>/`),
    /// checked (PRF, SEC-01); the folder's path is the last line on stdout.
    PrFolder(Box<prfolder::PrFolderArgs>),
    /// The documentation article of a Power Query connector: `--draft NAME` drafts it
    /// (and the blog paragraph) with `TODO:` where only you know what to write;
    /// `--check ARTICLE.md` checks one (PQ-08, PQ-36, PQ-37, PQ-38, PQ-41).
    Docs(Box<pq::DocsArgs>),
    /// Show every entry of a package at every level, with sizes and SHA-256.
    Inspect {
        /// The outer zip (or any zip).
        path: PathBuf,
        /// Output format (human or json).
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Write the Contoso example (source folder, solutions, intro.md, draft) to a folder,
    /// and the Power Query example (`ContosoTasks` source, `.mez`, article, blog
    /// paragraph) to its `powerquery/` folder.
    Example {
        /// Folder to write into (created when missing).
        dir: PathBuf,
    },
    /// List every rule certpack checks.
    Rules {
        /// Output format (human or json).
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Explain one rule: what it wants, why, and how to fix it.
    Explain {
        /// Rule code, e.g. PKG-03.
        code: String,
    },
}

#[derive(Debug, Args)]
struct BundleArgs {
    /// intro.md for the package root.
    #[arg(long, value_name = "FILE")]
    intro: Option<PathBuf>,
    /// The exported connector solution zip.
    #[arg(long, value_name = "FILE")]
    connector_solution: Option<PathBuf>,
    /// The exported flow solution zip.
    #[arg(long, value_name = "FILE")]
    flow_solution: Option<PathBuf>,
    /// The exported AI plugin solution zip (implies --plugin).
    #[arg(long, value_name = "FILE")]
    plugin_solution: Option<PathBuf>,
    /// A prebuilt Package Deployer package, used as-is instead of the solutions.
    #[arg(long, value_name = "FILE")]
    package: Option<PathBuf>,
    /// customProperties.json, for multi-auth connectors.
    #[arg(long, value_name = "FILE")]
    custom_properties: Option<PathBuf>,
    /// The connector source folder (checked, not packaged).
    #[arg(long, value_name = "DIR")]
    source: Option<PathBuf>,
    /// A draft (`*.certpack.json`) naming the files and the offer fields; flags win over it.
    #[arg(long, value_name = "DRAFT")]
    submission: Option<PathBuf>,
    /// Bundle name (default: the offer name, then the connector's display name).
    #[arg(long)]
    name: Option<String>,
    /// Version (default: the offer version, then the connector solution's).
    #[arg(long)]
    version: Option<String>,
    /// Output folder (created when missing).
    #[arg(short, long, value_name = "DIR", required_unless_present = "list")]
    output: Option<PathBuf>,
    /// Show what would be written, and write nothing.
    #[arg(long)]
    list: bool,
    /// Write even when errors are found.
    #[arg(long)]
    allow_errors: bool,
    #[command(flatten)]
    rules: RuleArgs,
    /// Output format (human or json).
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// A Power Query connector (.mez): writes `<Name>_<version>_powerquery/` instead
    /// of the Partner Center package (needs --docs and --blurb).
    #[arg(long, value_name = "FILE", conflicts_with_all = [
        "intro", "connector_solution", "flow_solution", "plugin_solution", "package",
        "custom_properties", "source", "submission",
    ])]
    mez: Option<PathBuf>,
    /// With --mez: the documentation article (markdown).
    #[arg(long, value_name = "ARTICLE.md", requires = "mez")]
    docs: Option<PathBuf>,
    /// With --mez: the paragraph for the Power BI blog.
    #[arg(long, value_name = "BLURB.md", requires = "mez")]
    blurb: Option<PathBuf>,
    /// With --mez: an update's customer-facing changelog.
    #[arg(long, value_name = "CHANGES.md", requires = "mez")]
    changelog: Option<PathBuf>,
    /// With --mez: also write the submission sheet (what the portal or the e-mail asks) here.
    #[arg(long, value_name = "SHEET.md", requires = "mez")]
    sheet: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // everything printed from here on is redacted of the client secret
    output::set_secret(secret_from_env().as_ref());
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let mut e = output::stderr();
            let _ = writeln!(
                e,
                "{}error:{} {err:#}",
                output::style_error().render(),
                output::style_error().render_reset()
            );
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn exit_for(report: &Report) -> ExitCode {
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn is_draft(path: &Path) -> bool {
    path.to_string_lossy()
        .to_ascii_lowercase()
        .ends_with(".certpack.json")
}

/// Loads a draft as the app does: its format is checked, and the files it names
/// relative to itself are found beside it (not beside the current folder).
fn load_draft(path: &Path) -> Result<Submission> {
    let mut sub = certpack_core::draft::load(path)?;
    certpack_core::draft::resolve_paths(&mut sub, path);
    Ok(sub)
}

/// The OAuth client secret, from `CERTPACK_CLIENT_SECRET` (never from a flag, so it
/// stays out of shell history and process lists).
fn secret_from_env() -> Option<ClientSecret> {
    std::env::var("CERTPACK_CLIENT_SECRET")
        .ok()
        .filter(|s| !s.is_empty())
        .map(ClientSecret::new)
}

/// Applies the overrides of `--config`, or of the `certpack.toml` found for `target`.
fn apply_config(report: &mut Report, config: Option<&Path>, target: &Path) -> Result<()> {
    let path = match config {
        Some(p) => Some(p.to_path_buf()),
        None => overrides::find_config(target),
    };
    if let Some(path) = path {
        let list = overrides::load(&path)?;
        overrides::apply(report, &list, &path.display().to_string())?;
    }
    Ok(())
}

fn run(cli: Cli) -> Result<ExitCode> {
    let quiet = cli.quiet;
    let config = cli.config.as_deref();
    match cli.command {
        Command::Check {
            paths,
            recursive,
            source,
            rules,
            format,
            previous,
            docs,
        } => {
            let opts = rules.options();
            let mut targets = paths;
            for dir in &recursive {
                targets.extend(check::discover(dir, opts.limits)?);
            }
            if previous.is_some() && targets.len() != 1 {
                bail!("--previous compares one target with its certified version; give one path");
            }
            if docs.is_some() && targets.len() != 1 {
                bail!("--docs checks the article of one .mez; give one path");
            }
            let one = |path: &Path| -> Result<Report> {
                let mut report = if is_draft(path) {
                    let sub = load_draft(path)?;
                    let mut r = if sub.kind == SubmissionKind::PowerQuery {
                        certpack_core::pq::draft::check(&sub, opts.limits)?.report
                    } else {
                        check::check_submission(
                            &sub,
                            secret_from_env().as_ref(),
                            &opts,
                            check::now_unix(),
                        )?
                    };
                    r.target = path.display().to_string();
                    r
                } else {
                    check::check_target(path, source.as_deref(), secret_from_env().as_ref(), &opts)?
                };
                if let Some(prev) = &previous {
                    report
                        .diagnostics
                        .extend(check::check_update(prev, path, &opts)?);
                    report.sort();
                }
                if let Some(article) = &docs {
                    if report.kind != certpack_core::TargetKind::Mez {
                        bail!(
                            "--docs checks a Power Query article: `{}` is not a .mez",
                            path.display()
                        );
                    }
                    report
                        .diagnostics
                        .extend(check::check_article(path, article, &opts)?);
                    report.sort();
                }
                apply_config(&mut report, config, path)?;
                Ok(report)
            };
            if targets.len() == 1 && recursive.is_empty() {
                let report = one(&targets[0])?;
                output::report(&report, format, quiet)?;
                return Ok(exit_for(&report));
            }
            // human output is rendered by the workers too (snippets read their files),
            // then printed in the targets' order
            let human = format == Format::Human;
            let results = parallel(&targets, |p| {
                let r = one(p)?;
                let text = if human {
                    output::render_human(&r)?
                } else {
                    Vec::new()
                };
                Ok((r, text))
            });
            let (results, texts): (Vec<Result<Report>>, Vec<Vec<u8>>) = results
                .into_iter()
                .map(|r| match r {
                    Ok((r, t)) => (Ok(r), t),
                    Err(e) => (Err(e), Vec::new()),
                })
                .unzip();
            output::reports(&targets, &results, &texts, format)?;
            Ok(if results.iter().any(Result::is_err) {
                ExitCode::from(2)
            } else if results.iter().flatten().any(Report::has_errors) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Bundle(args) => bundle_cmd(*args, config, quiet),
        Command::Upload(args) => upload::upload_cmd(*args, quiet),
        Command::CheckSas(args) => upload::check_sas_cmd(args, quiet),
        Command::Calendar(args) => calendar::calendar_cmd(args, quiet),
        Command::Report(args) => report::report_cmd(&args, quiet),
        Command::PrFolder(args) => prfolder::pr_folder_cmd(*args, quiet),
        Command::Docs(args) => pq::docs_cmd(*args, quiet),
        Command::Diff(args) => diff::diff_cmd(args, config, quiet),
        Command::Verify {
            path,
            source,
            rules,
            format,
        } => {
            if path.is_dir() {
                return pq::verify_cmd(&path, format, quiet);
            }
            let mut bar = progress::Bar::new(quiet || format != Format::Human);
            let mut v = bundle::verify(
                &path,
                source.as_deref(),
                secret_from_env().as_ref(),
                &rules.options(),
                &mut |ev| bar.event(ev),
            )?;
            apply_config(&mut v.report, config, &path)?;
            bar.finish();
            output::verification(&v, format, quiet)?;
            Ok(exit_for(&v.report))
        }
        Command::Inspect { path, format } => {
            if !path.is_file() {
                bail!("`{}` is not a file", path.display());
            }
            let inv = output::inventory_with_secret(&path, secret_from_env().as_ref());
            output::inspect(&path, &inv, format)?;
            let has_errors = inv
                .sink
                .diagnostics()
                .iter()
                .any(|d| d.severity == certpack_core::Severity::Error);
            Ok(if has_errors {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Example { dir } => {
            let ex = certpack_core::example::write_example(&dir)?;
            let pq = certpack_core::example::write_pq_example(&dir)?;
            if !quiet {
                output::example(&ex, &pq)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules { format } => {
            output::rules(format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { code } => match certpack_core::rules::find(&code) {
            Some(rule) => {
                output::explain(rule)?;
                Ok(ExitCode::SUCCESS)
            }
            None => bail!("no rule `{code}`; `certpack rules` lists them"),
        },
    }
}

/// Runs `f` on every target, in parallel on a bounded number of threads, and
/// returns the results in the targets' order.
fn parallel<T: Send>(targets: &[PathBuf], f: impl Fn(&Path) -> Result<T> + Sync) -> Vec<Result<T>> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism()
        .map_or(2, std::num::NonZeroUsize::get)
        .clamp(1, 8)
        .min(targets.len().max(1));
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<T>>>> = targets.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = targets.get(i) else { break };
                    let r = f(path);
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some(r);
                    }
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|m| {
            m.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err(anyhow::anyhow!("the check did not finish")))
        })
        .collect()
}

fn bundle_cmd(args: BundleArgs, config: Option<&Path>, quiet: bool) -> Result<ExitCode> {
    // a Power Query folder: from --mez and its texts, or from a Power Query draft
    let draft = match &args.mez {
        Some(_) => None,
        None => args.submission.as_deref().map(load_draft).transpose()?,
    };
    let source = match (args.mez.clone(), &draft) {
        (Some(mez), _) => {
            let (Some(article), Some(blurb)) = (args.docs.clone(), args.blurb.clone()) else {
                bail!(
                    "bundle --mez needs the article (--docs ARTICLE.md) and the blog paragraph (--blurb BLURB.md)"
                );
            };
            Some(pq::PqSource::Files(Box::new(
                certpack_core::pq::bundle::PqInputs {
                    mez: Some(mez),
                    article: Some(article),
                    blurb: Some(blurb),
                    changelog: args.changelog.clone(),
                    name: args.name.clone(),
                    version: args.version.clone(),
                    facts: None,
                    testing: Default::default(),
                },
            )))
        }
        (None, Some(sub)) if sub.kind == SubmissionKind::PowerQuery => {
            Some(pq::PqSource::Draft(Box::new(sub.clone())))
        }
        _ => None,
    };
    if let Some(source) = source {
        return pq::bundle_cmd(
            pq::PqBundle {
                source,
                output: args.output,
                sheet: args.sheet,
                list: args.list,
                allow_errors: args.allow_errors,
                format: args.format,
            },
            quiet,
        );
    }
    let mut inputs = match &draft {
        Some(sub) => BundleInputs::from_submission(sub),
        None => BundleInputs::default(),
    };
    let set = |slot: &mut Option<PathBuf>, v: &Option<PathBuf>| {
        if v.is_some() {
            slot.clone_from(v);
        }
    };
    set(&mut inputs.intro, &args.intro);
    set(&mut inputs.connector_solution, &args.connector_solution);
    set(&mut inputs.flow_solution, &args.flow_solution);
    set(&mut inputs.plugin_solution, &args.plugin_solution);
    set(&mut inputs.package, &args.package);
    set(&mut inputs.custom_properties, &args.custom_properties);
    set(&mut inputs.source_dir, &args.source);
    if args.package.is_some() {
        inputs.connector_solution = None;
        inputs.flow_solution = None;
        inputs.plugin_solution = None;
    }
    if args.name.is_some() {
        inputs.name.clone_from(&args.name);
    }
    if args.version.is_some() {
        inputs.version.clone_from(&args.version);
    }
    let mut opts = args.rules.options();
    opts.plugin |= args.plugin_solution.is_some();
    if let Some(sub) = &mut inputs.submission {
        sub.offer.plugin_enabled |= opts.plugin;
        if args.rules.plugin {
            inputs.plugin_solution = inputs
                .plugin_solution
                .clone()
                .or_else(|| sub.packages.plugin_solution.clone());
        }
    }
    let mut plan = bundle::plan(&inputs, &opts, secret_from_env().as_ref()).map_err(with_flag)?;
    let anchor = args
        .submission
        .clone()
        .or_else(|| inputs.connector_solution.clone())
        .or_else(|| inputs.package.clone());
    apply_config(&mut plan.report, config, &anchor.unwrap_or_default())?;
    if args.list {
        output::listing(&plan, args.format)?;
        return Ok(exit_for(&plan.report));
    }
    let Some(dest) = args.output else {
        bail!("--output is required")
    };
    if args.format == Format::Human {
        output::findings_to_stderr(&plan.report)?;
    }
    let mut bar = progress::Bar::new(quiet || args.format != Format::Human);
    let wopts = WriteOptions {
        allow_errors: args.allow_errors,
        cancel: None,
        check: opts,
    };
    let result = bundle::write(&plan, &dest, &wopts, &mut |ev| bar.event(ev));
    bar.finish();
    let summary = result.map_err(with_flag)?;
    output::bundle_summary(&summary, args.format, quiet)?;
    Ok(exit_for(&summary.report))
}

/// A core error, with the flag that answers it (the core names no flags: the app
/// shows the same errors).
fn with_flag(e: certpack_core::Error) -> anyhow::Error {
    use certpack_core::{Error, Slot};
    let hint = match &e {
        Error::Missing(slot) => Some(match slot {
            Slot::Intro => "give it with --intro",
            Slot::ConnectorSolution => "give it with --connector-solution",
            Slot::FlowSolution => "give it with --flow-solution",
            Slot::PluginSolution => "give it with --plugin-solution",
        }),
        Error::Refused { .. } => Some("or write it anyway with --allow-errors"),
        _ => None,
    };
    match hint {
        Some(h) => anyhow::anyhow!("{e}; {h}"),
        None => anyhow::Error::from(e),
    }
}
