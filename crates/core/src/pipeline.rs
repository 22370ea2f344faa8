//! The one pipeline that decides which rules run on what, for `check`, for the
//! bundle's plan and re-check, for `verify` and for the wizard's draft — so the
//! four cannot drift apart.
//!
//! A [`Subject`] is what is checked: a path of a detected kind (an upload, a
//! package, a solution, a connector source folder), or the [`Parts`] of a
//! submission as a draft names them or `bundle` takes them; either with an optional
//! connector source folder beside it. [`run`] goes through the same stages for all:
//!
//! 1. structure: the upload, package and solution rules (PKG, SOL, FILE, JSON, ZIP),
//!    which also read the connectors of the connector solution;
//! 2. content: every content family on each connector (solution and source folder);
//! 3. cross-checks: the source folder against the solution's connector (XCK-01),
//!    the form against the definition (PC-08), the flow solution's flow against the
//!    connector (SOL-09);
//! 4. `intro.md` (DOC-02/03);
//! 5. secrets (SEC-01) in every file at every level, with the client secret typed
//!    in the form searched verbatim everywhere.

use std::path::{Path, PathBuf};

use crate::check::CheckOptions;
use crate::connector::{self, ConnectorFiles, FileData};
use crate::model::{Location, Submission, TargetKind};
use crate::read::file::{MAX_TEXT_FILE, read_limited};
use crate::read::zip::Archive;
use crate::rules::files::{FILE_01, FILE_02, parse_json, report_zip};
use crate::rules::package::{self, PKG_01};
use crate::rules::solution::{self, SolutionInfo, SolutionKind};
use crate::rules::{Sink, content};
use crate::secret::ClientSecret;

/// The files of a submission, each where the author keeps it.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    /// `intro.md`.
    pub intro: Option<PathBuf>,
    /// `customProperties.json` (multi-auth connectors).
    pub custom_properties: Option<PathBuf>,
    /// A prebuilt Package Deployer package (instead of the solutions).
    pub package: Option<PathBuf>,
    /// The connector solution zip.
    pub connector_solution: Option<PathBuf>,
    /// The flow solution zip.
    pub flow_solution: Option<PathBuf>,
    /// The AI plugin solution zip.
    pub plugin_solution: Option<PathBuf>,
}

/// What [`run`] checks.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// A path whose kind was detected (see [`crate::check::detect`]), reported
    /// under `name` (its display form when `None`).
    Path {
        /// The file or folder.
        path: &'a Path,
        /// What it is.
        kind: TargetKind,
        /// The name findings use for it (a written package's final name rather
        /// than its temporary file's).
        name: Option<&'a str>,
    },
    /// The parts of a submission.
    Parts(&'a Parts),
}

/// A target and the connector source folder beside it (checked, and compared with
/// the connector solution's connector).
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// What is checked.
    pub target: Target<'a>,
    /// The connector source folder, when there is one.
    pub source_dir: Option<&'a Path>,
}

/// What a run is checked against besides the files.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// Publisher kind, plugin flag, zip limits.
    pub opts: CheckOptions,
    /// The OAuth client secret typed in the form: searched verbatim everywhere.
    pub secret: Option<&'a ClientSecret>,
    /// The draft, when the parts come from one: missing parts are reported at their
    /// form fields, and the form's privacy link is compared with the definition.
    pub form: Option<&'a Submission>,
}

/// What a run found besides the findings: the connectors and solutions it read.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Connectors read from the connector solution (or the package, or the upload).
    pub connectors: Vec<ConnectorFiles>,
    /// The connector source folder, when one was checked.
    pub source: Option<ConnectorFiles>,
    /// Solutions found.
    pub solutions: Vec<SolutionInfo>,
    /// The Power Query connector, when the target is a `.mez` / `.pqx`.
    pub mez: Option<crate::pq::PqConnector>,
}

impl Outcome {
    /// The connector Microsoft reviews: the solution's, else the source folder's.
    pub fn main_connector(&self) -> Option<&ConnectorFiles> {
        self.connectors.first().or(self.source.as_ref())
    }
}

/// Runs every rule that applies to `subject`, reporting into `sink`.
pub fn run(sink: &mut Sink, subject: Subject<'_>, ctx: &Context<'_>) -> Outcome {
    // 1. structure, and the connectors it reads
    let (out, intro) = structure(sink, subject, ctx);
    // 2. content
    for c in out.connectors.iter().chain(out.source.as_ref()) {
        content::check(sink, c, &ctx.opts);
    }
    // 3. cross-checks
    if let (Some(src), Some(sol)) = (&out.source, out.connectors.first()) {
        content::cross::compare(sink, src, sol);
    }
    solution::check_flows(sink, &out.solutions, &out.connectors);
    if let (Some(form), Some(c)) = (ctx.form, out.main_connector()) {
        content::cross::check_privacy_link(sink, &form.properties.privacy_policy_url, c);
    }
    // 4. intro.md
    if let Some(file) = &intro {
        let (creds, names) = out.main_connector().map_or((false, Vec::new()), |c| {
            (content::needs_credentials(c), content::operation_names(c))
        });
        content::docs::check_intro(sink, file, creds, &names);
    }
    // 5. secrets
    secrets(sink, subject, ctx, &out, intro.as_ref());
    // no finding shows the secret, whatever it quotes
    if let Some(s) = ctx.secret {
        sink.redact(&s.needles());
    }
    out
}

/// Reads what `subject` holds (stage 1 alone, findings dropped): the connectors of
/// an upload, package, solution or folder, for views that need them without a check.
pub fn read(subject: Subject<'_>, ctx: &Context<'_>) -> Outcome {
    structure(&mut Sink::new(), subject, ctx).0
}

/// Stage 1: the structure rules, the connectors they read, and `intro.md`.
fn structure(
    sink: &mut Sink,
    subject: Subject<'_>,
    ctx: &Context<'_>,
) -> (Outcome, Option<FileData>) {
    let mut out = Outcome::default();
    let mut intro: Option<FileData> = None;
    match subject.target {
        Target::Path {
            path,
            kind: TargetKind::SourceFolder,
            ..
        } => {
            out.source = Some(connector::load_dir(sink, path, &FILE_01));
        }
        Target::Path { path, kind, name } => {
            let name = name.map_or_else(|| path.display().to_string(), str::to_owned);
            archive_target(sink, path, &name, kind, ctx, &mut out, &mut intro);
        }
        Target::Parts(parts) => parts_target(sink, parts, ctx, &mut out, &mut intro),
    }
    if let Some(dir) = subject.source_dir {
        if dir.is_dir() {
            out.source = Some(connector::load_dir(sink, dir, &FILE_01));
        } else {
            let at = at_field(
                ctx,
                Location::file(dir.display().to_string()),
                "packages.sourceDir",
            );
            sink.emit(
                &FILE_01,
                at,
                format!(
                    "there is no folder at `{}`: check the path, or choose the folder again",
                    dir.display()
                ),
            );
        }
    }
    (out, intro)
}

/// Stage 5: SEC-01 on every file at every level — the archives the subject names
/// (the connector files the content rules scanned with their structure get the
/// verbatim search only), `intro.md` and `customProperties.json` given as files,
/// and the source folder for the typed secret.
fn secrets(
    sink: &mut Sink,
    subject: Subject<'_>,
    ctx: &Context<'_>,
    out: &Outcome,
    intro: Option<&FileData>,
) {
    let scanned: Vec<&str> = out
        .connectors
        .iter()
        .flat_map(ConnectorFiles::vpaths)
        .collect();
    let scan = |sink: &mut Sink, path: &Path, name: String| {
        if let Ok(mut a) = Archive::open_file(path, name, ctx.opts.limits) {
            content::secrets::scan_archive(sink, &mut a, ctx.secret, &scanned);
        }
    };
    match subject.target {
        Target::Path {
            kind: TargetKind::SourceFolder | TargetKind::Submission,
            ..
        } => {}
        Target::Path { path, name, .. } => {
            let name = name.map_or_else(|| path.display().to_string(), str::to_owned);
            scan(sink, path, name);
        }
        Target::Parts(p) => {
            let zips = match &p.package {
                Some(pkg) => vec![pkg],
                None => [&p.connector_solution, &p.flow_solution, &p.plugin_solution]
                    .into_iter()
                    .flatten()
                    .collect(),
            };
            for z in zips {
                scan(sink, z, z.display().to_string());
            }
            if let Some(cp) = &p.custom_properties
                && let Ok(bytes) = read_limited(cp, MAX_TEXT_FILE)
            {
                content::secrets::scan_file(sink, &cp.display().to_string(), &bytes, ctx.secret);
            }
            if let Some(file) = intro {
                content::secrets::scan_file(sink, &file.vpath, &file.bytes, ctx.secret);
            }
        }
    }
    if let (Some(src), Some(s)) = (&out.source, ctx.secret) {
        content::secrets::verbatim_connector(sink, src, s);
    }
}

/// An upload, a package or a solution given as a path.
fn archive_target(
    sink: &mut Sink,
    path: &Path,
    name: &str,
    kind: TargetKind,
    ctx: &Context<'_>,
    out: &mut Outcome,
    intro: &mut Option<FileData>,
) {
    let mut a = match Archive::open_file(path, name, ctx.opts.limits) {
        Ok(a) => a,
        Err(p) => {
            if kind == TargetKind::Outer {
                sink.emit(
                    &PKG_01,
                    Location::file(name),
                    format!("the upload is not a valid zip: {}", p.message()),
                );
            }
            return report_zip(sink, name, &p);
        }
    };
    match kind {
        TargetKind::Outer => {
            if package::is_raw_upload(&a) {
                package::check_outer_root(sink, &a);
                out.source = Some(connector::load_archive_root(sink, &mut a));
                return;
            }
            if let Some(pkg_entry) = package::check_outer_root(sink, &a) {
                match a.open_nested(&pkg_entry) {
                    Ok(mut pkg) => package_archive(sink, &mut pkg, ctx, out),
                    Err(p) => report_zip(sink, &a.entry_vpath(&pkg_entry.name), &p),
                }
            }
            let multi = out.connectors.iter().any(ConnectorFiles::is_multi_auth);
            package::check_custom_properties(sink, &a, multi);
            *intro = intro_of_upload(sink, &mut a);
        }
        TargetKind::Package => package_archive(sink, &mut a, ctx, out),
        TargetKind::Solution => {
            let info = solution::check_solution(sink, &mut a);
            out.connectors = load_connectors(sink, &mut a, &info);
            out.solutions.push(info);
        }
        TargetKind::Mez => {
            let c = crate::pq::from_archive(sink, &mut a);
            crate::rules::pq::check(sink, &c);
            out.mez = Some(c);
        }
        TargetKind::SourceFolder | TargetKind::Submission | TargetKind::SasUri => {}
    }
}

/// The package's solutions (PKG/SOL rules reported) and the connectors of its
/// connector solution.
fn package_archive(sink: &mut Sink, pkg: &mut Archive, ctx: &Context<'_>, out: &mut Outcome) {
    let solutions = package::check_package(sink, pkg, ctx.opts.plugin);
    let prefix = format!("{}!/", pkg.vpath);
    if let Some(info) = solutions.iter().find(|s| s.kind == SolutionKind::Connector)
        && let Some(entry) = info
            .vpath
            .strip_prefix(&prefix)
            .and_then(|n| pkg.find(n))
            .cloned()
        && let Ok(mut sol) = pkg.open_nested(&entry)
    {
        out.connectors = load_connectors(sink, &mut sol, info);
    }
    out.solutions = solutions;
}

fn load_connectors(sink: &mut Sink, sol: &mut Archive, info: &SolutionInfo) -> Vec<ConnectorFiles> {
    info.connectors
        .iter()
        .map(|c| connector::load_solution(sink, sol, c))
        .collect()
}

/// The upload's `intro.md` (the one markdown file at its root), read.
fn intro_of_upload(sink: &mut Sink, a: &mut Archive) -> Option<FileData> {
    let mds: Vec<_> = a
        .root_files()
        .into_iter()
        .filter(|e| e.name.to_ascii_lowercase().ends_with(".md"))
        .cloned()
        .collect();
    let [md] = mds.as_slice() else { return None };
    let vpath = a.entry_vpath(&md.name);
    match a.read(md, MAX_TEXT_FILE) {
        Ok(bytes) => Some(FileData { vpath, bytes }),
        Err(p) => {
            report_zip(sink, &vpath, &p);
            None
        }
    }
}

/// A field of the form, when the parts come from a draft.
fn at_field(ctx: &Context<'_>, loc: Location, field: &str) -> Location {
    if ctx.form.is_some() {
        loc.with_field(field)
    } else {
        loc
    }
}

fn parts_target(
    sink: &mut Sink,
    p: &Parts,
    ctx: &Context<'_>,
    out: &mut Outcome,
    intro: &mut Option<FileData>,
) {
    let missing = |sink: &mut Sink, field: &str, what: &str| {
        if ctx.form.is_some() {
            sink.emit(
                &FILE_01,
                Location::field(field),
                format!("choose the {what}"),
            );
        }
    };
    match &p.intro {
        Some(path) if path.exists() => {
            let vpath = path.display().to_string();
            match read_limited(path, MAX_TEXT_FILE) {
                Ok(bytes) => *intro = Some(FileData { vpath, bytes }),
                Err(msg) => sink.emit(
                    &FILE_02,
                    at_field(ctx, Location::file(vpath), "packages.intro"),
                    msg,
                ),
            }
        }
        Some(path) => sink.emit(
            &FILE_01,
            at_field(
                ctx,
                Location::file(path.display().to_string()),
                "packages.intro",
            ),
            format!(
                "there is no file at `{}`: check the path, or choose the file again",
                path.display()
            ),
        ),
        None => missing(sink, "packages.intro", "intro.md file"),
    }
    // a path typed wrong, or a file moved since: said at its field, in words
    let gone = |sink: &mut Sink, path: &std::path::Path, field: &str| {
        if path.exists() {
            return false;
        }
        sink.emit(
            &FILE_01,
            at_field(ctx, Location::file(path.display().to_string()), field),
            format!(
                "there is no file at `{}`: check the path, or choose the file again",
                path.display()
            ),
        );
        true
    };
    if let Some(pkg) = &p.package {
        let vpath = pkg.display().to_string();
        if gone(sink, pkg, "packages.package") {
            return;
        }
        match Archive::open_file(pkg, &vpath, ctx.opts.limits) {
            Ok(mut a) => package_archive(sink, &mut a, ctx, out),
            Err(e) => report_zip(sink, &vpath, &e),
        }
    } else {
        let slots = [
            (
                &p.connector_solution,
                "packages.connectorSolution",
                "connector solution zip",
                true,
            ),
            (
                &p.flow_solution,
                "packages.flowSolution",
                "flow solution zip",
                true,
            ),
            (
                &p.plugin_solution,
                "packages.pluginSolution",
                "AI plugin solution zip",
                ctx.opts.plugin,
            ),
        ];
        let mut infos = Vec::new();
        for (slot, field, what, needed) in slots {
            let Some(path) = slot else {
                if needed {
                    missing(sink, field, what);
                }
                continue;
            };
            let vpath = path.display().to_string();
            if gone(sink, path, field) {
                continue;
            }
            match Archive::open_file(path, &vpath, ctx.opts.limits) {
                Ok(mut a) => {
                    let info = solution::check_solution(sink, &mut a);
                    if info.kind == SolutionKind::Connector {
                        out.connectors = load_connectors(sink, &mut a, &info);
                    }
                    infos.push(info);
                }
                Err(e) => report_zip(sink, &vpath, &e),
            }
        }
        if !infos.is_empty() {
            let folder = if ctx.form.is_some() {
                "packages"
            } else {
                "PkgAssets/"
            };
            solution::check_solution_set(sink, &infos, folder, ctx.opts.plugin);
        }
        out.solutions = infos;
    }
    if let Some(cp) = &p.custom_properties {
        let vpath = cp.display().to_string();
        match read_limited(cp, MAX_TEXT_FILE) {
            Ok(bytes) => {
                parse_json(sink, &vpath, &bytes);
            }
            Err(msg) => sink.emit(&FILE_02, Location::file(vpath), msg),
        }
    }
}

/// Runs the pipeline on `subject` and returns its findings with what it read.
pub fn check(subject: Subject<'_>, ctx: &Context<'_>) -> (Vec<crate::Diagnostic>, Outcome) {
    let mut sink = Sink::new();
    let out = run(&mut sink, subject, ctx);
    (sink.into_diagnostics(), out)
}
