//! `check`: find out what a path is and run every rule that applies to it.
//!
//! A path is one of: an outer upload (`intro.md` + package zip), a Package Deployer
//! package zip (`PkgAssets/`), a solution zip, or a connector source folder. A draft
//! ([`Submission`]) is checked with [`check_submission`]: the form fields and every
//! file it names.

use std::path::Path;

use crate::connector::{self, ConnectorFiles};
use crate::model::{Location, PublisherKind, Report, Submission, TargetKind};
use crate::read::zip::{Archive, Limits};
use crate::rules::files::{FILE_01, report_zip};
use crate::rules::form::{self, FormContext};
use crate::rules::package::{self, PKG_01, SolutionInfo, SolutionKind};
use crate::rules::{self, Sink};
use crate::secret::ClientSecret;
use crate::{Error, Result};

/// What the rules are checked against.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    /// Verified or independent publisher (switches publisher-specific rules).
    pub publisher: PublisherKind,
    /// AI plugin enabled: the package needs a third solution.
    pub plugin: bool,
    /// Zip safety limits.
    pub limits: Limits,
}

/// What a check found besides the findings: the connectors it read.
#[derive(Debug, Default)]
pub struct Findings {
    /// Connectors read (from the connector solution, or the source folder).
    pub connectors: Vec<ConnectorFiles>,
    /// Solutions found in the package.
    pub solutions: Vec<SolutionInfo>,
}

/// Detects what `path` is, without checking it.
pub fn detect(path: &Path, limits: Limits) -> Result<TargetKind> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("cannot read", path, e))?;
    if meta.is_dir() {
        return Ok(TargetKind::SourceFolder);
    }
    Ok(
        match Archive::open_file(path, path.display().to_string(), limits) {
            Ok(a) => classify(&a),
            Err(_) => TargetKind::Outer,
        },
    )
}

fn classify(a: &Archive) -> TargetKind {
    if a.find("solution.xml").is_some() || a.find("customizations.xml").is_some() {
        return TargetKind::Solution;
    }
    let root_md = a
        .root_files()
        .iter()
        .any(|e| e.name.to_ascii_lowercase().ends_with(".md"));
    let nested_zip = a
        .entries()
        .iter()
        .any(|e| e.name.contains('/') && e.name.to_ascii_lowercase().ends_with(".zip"));
    if !root_md && (nested_zip || a.find("[Content_Types].xml").is_some()) {
        TargetKind::Package
    } else {
        TargetKind::Outer
    }
}

/// Checks a path (outer upload, package zip, solution zip or source folder).
///
/// `Err` only when the path cannot be looked at (it does not exist); everything
/// wrong with its content is a finding.
pub fn check_path(path: &Path, opts: &CheckOptions) -> Result<Report> {
    let kind = detect(path, opts.limits)?;
    let name = path.display().to_string();
    let mut report = Report::new(&name, kind);
    let mut sink = Sink::new();
    match kind {
        TargetKind::SourceFolder => {
            let files = connector::load_dir(&mut sink, path, &FILE_01);
            content(&mut sink, &files, opts);
        }
        _ => match Archive::open_file(path, &name, opts.limits) {
            Ok(mut a) => {
                let found = check_archive(&mut sink, &mut a, kind, opts);
                // SEC-01 on the files the content rules did not read
                rules::content::scan_archive_files(&mut sink, &mut a, &found.connectors);
            }
            Err(p) => {
                if kind == TargetKind::Outer {
                    sink.emit(
                        &PKG_01,
                        Location::file(&name),
                        format!("the upload is not a valid zip: {}", p.message()),
                    );
                }
                report_zip(&mut sink, &name, &p);
            }
        },
    }
    report.diagnostics = sink.into_diagnostics();
    report.sort();
    Ok(report)
}

/// Checks an open archive of a known kind; returns what it read.
pub fn check_archive(
    sink: &mut Sink,
    a: &mut Archive,
    kind: TargetKind,
    opts: &CheckOptions,
) -> Findings {
    let mut found = Findings::default();
    match kind {
        TargetKind::Outer => {
            let Some(pkg_entry) = package::check_outer_root(sink, a) else {
                return found;
            };
            match a.open_nested(&pkg_entry) {
                Ok(mut pkg) => found = check_package_archive(sink, &mut pkg, opts),
                Err(p) => report_zip(sink, &a.entry_vpath(&pkg_entry.name), &p),
            }
            let multi = found.connectors.iter().any(ConnectorFiles::is_multi_auth);
            package::check_custom_properties(sink, a, multi);
            intro_of_upload(sink, a, found.connectors.first());
        }
        TargetKind::Package => found = check_package_archive(sink, a, opts),
        TargetKind::Solution => {
            let info = package::check_solution(sink, a);
            found.connectors = load_connectors(sink, a, &info);
            for c in &found.connectors {
                content(sink, c, opts);
            }
            found.solutions.push(info);
        }
        TargetKind::SourceFolder | TargetKind::Submission => {}
    }
    found
}

/// DOC-02/03 on the upload's `intro.md` (the one markdown file at its root).
fn intro_of_upload(sink: &mut Sink, a: &mut Archive, connector: Option<&ConnectorFiles>) {
    let mds: Vec<_> = a
        .root_files()
        .into_iter()
        .filter(|e| e.name.to_ascii_lowercase().ends_with(".md"))
        .cloned()
        .collect();
    let [md] = mds.as_slice() else { return };
    let vpath = a.entry_vpath(&md.name);
    match a.read(md, crate::read::file::MAX_TEXT_FILE) {
        Ok(bytes) => {
            let file = connector::FileData { vpath, bytes };
            let (creds, names) = connector.map_or((false, Vec::new()), |c| {
                (
                    rules::content::needs_credentials(c),
                    rules::content::operation_names(c),
                )
            });
            rules::content::docs::check_intro(sink, &file, creds, &names);
        }
        Err(p) => report_zip(sink, &vpath, &p),
    }
}

fn check_package_archive(sink: &mut Sink, pkg: &mut Archive, opts: &CheckOptions) -> Findings {
    let (solutions, connectors) = package_connectors(sink, pkg, opts.plugin);
    for c in &connectors {
        content(sink, c, opts);
    }
    Findings {
        connectors,
        solutions,
    }
}

/// The package's solutions (PKG/SOL rules reported) and the connectors of its
/// connector solution (read, not checked).
fn package_connectors(
    sink: &mut Sink,
    pkg: &mut Archive,
    plugin: bool,
) -> (Vec<SolutionInfo>, Vec<ConnectorFiles>) {
    let solutions = package::check_package(sink, pkg, plugin);
    let mut connectors = Vec::new();
    let prefix = format!("{}!/", pkg.vpath);
    if let Some(info) = solutions.iter().find(|s| s.kind == SolutionKind::Connector)
        && let Some(entry) = info
            .vpath
            .strip_prefix(&prefix)
            .and_then(|n| pkg.find(n))
            .cloned()
        && let Ok(mut sol) = pkg.open_nested(&entry)
    {
        connectors = load_connectors(sink, &mut sol, info);
    }
    (solutions, connectors)
}

fn load_connectors(sink: &mut Sink, sol: &mut Archive, info: &SolutionInfo) -> Vec<ConnectorFiles> {
    info.connectors
        .iter()
        .map(|c| connector::load_solution(sink, sol, c))
        .collect()
}

/// Content rules on one connector (swagger, properties, icon, script, docs).
fn content(sink: &mut Sink, files: &ConnectorFiles, opts: &CheckOptions) {
    rules::content::check(sink, files, opts);
}

/// Seconds since the Unix epoch, now.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Checks a draft: every Partner Center field and every file it names.
pub fn check_submission(
    sub: &Submission,
    secret: Option<&ClientSecret>,
    opts: &CheckOptions,
    now_unix: i64,
) -> Result<Report> {
    check_submission_cached(sub, secret, opts, now_unix, &mut SubmissionCache::default())
}

/// What [`check_submission_cached`] keeps between calls: the file findings and the
/// connector facts the form rules need, with a fingerprint of everything they depend
/// on (the named files' paths, sizes and modification times, the source folder's
/// files, the publisher kind, the plugin flag, the privacy link and the typed secret,
/// all hashed; nothing of them is kept in clear).
#[derive(Debug, Default)]
pub struct SubmissionCache {
    key: Option<Vec<u8>>,
    files: Option<FileFindings>,
}

#[derive(Debug, Clone)]
struct FileFindings {
    diagnostics: Vec<crate::Diagnostic>,
    oauth: Option<bool>,
    swagger_categories: Option<Vec<String>>,
}

fn stamp(h: &mut sha2::Sha256, path: &Path) {
    use sha2::Digest;
    h.update(path.as_os_str().as_encoded_bytes());
    h.update([0]);
    if let Ok(m) = std::fs::metadata(path) {
        h.update(m.len().to_le_bytes());
        if let Ok(t) = m
            .modified()
            .map(|t| t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default())
        {
            h.update(t.as_nanos().to_le_bytes());
        }
        if m.is_dir()
            && let Ok(rd) = std::fs::read_dir(path)
        {
            let mut names: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
            names.sort();
            for n in names {
                stamp(h, &n);
            }
        }
    }
}

fn files_key(sub: &Submission, secret: Option<&ClientSecret>) -> Vec<u8> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(serde_json::to_vec(&sub.packages).unwrap_or_default());
    h.update(sub.offer.publisher.to_string());
    h.update([u8::from(sub.offer.plugin_enabled)]);
    h.update(sub.properties.privacy_policy_url.as_bytes());
    h.update([0]);
    if let Some(s) = secret {
        h.update(s.expose().as_bytes());
    }
    for path in sub.packages.files() {
        stamp(&mut h, path);
    }
    h.finalize().to_vec()
}

/// [`check_submission`] for a live editor: the files are read and checked again only
/// when something they depend on changed, so an edit of a form field re-runs the
/// form rules alone.
pub fn check_submission_cached(
    sub: &Submission,
    secret: Option<&ClientSecret>,
    opts: &CheckOptions,
    now_unix: i64,
    cache: &mut SubmissionCache,
) -> Result<Report> {
    let opts = CheckOptions {
        publisher: sub.offer.publisher,
        plugin: sub.offer.plugin_enabled,
        ..*opts
    };
    let key = files_key(sub, secret);
    let files = match (&cache.key, &cache.files) {
        (Some(k), Some(f)) if *k == key => f.clone(),
        _ => {
            let f = check_files(sub, secret, &opts);
            cache.key = Some(key);
            cache.files = Some(f.clone());
            f
        }
    };
    let ctx = FormContext {
        oauth: files.oauth,
        swagger_categories: files.swagger_categories,
        now_unix,
    };
    let mut sink = Sink::new();
    form::check(&mut sink, sub, secret, &ctx);
    sink.extend(files.diagnostics);
    let mut report = Report::new("submission", TargetKind::Submission);
    report.diagnostics = sink.into_diagnostics();
    report.sort();
    crate::overrides::apply(&mut report, &sub.overrides, "draft")?;
    Ok(report)
}

/// The file half of [`check_submission`]: every file the draft names, and what the
/// form rules need to know about the connector.
fn check_files(
    sub: &Submission,
    secret: Option<&ClientSecret>,
    opts: &CheckOptions,
) -> FileFindings {
    let opts = CheckOptions {
        publisher: sub.offer.publisher,
        plugin: sub.offer.plugin_enabled,
        ..*opts
    };
    let p = &sub.packages;
    let mut connectors: Vec<ConnectorFiles> = Vec::new();
    let mut files_sink = Sink::new();
    let missing = |sink: &mut Sink, field: &str, what: &str| {
        sink.emit(
            &FILE_01,
            Location::field(field),
            format!("choose the {what}"),
        );
    };
    match &p.intro {
        Some(path) if !path.is_file() => files_sink.emit(
            &FILE_01,
            Location::file(path.display().to_string()).with_field("packages.intro"),
            "intro.md is not there any more",
        ),
        Some(_) => {}
        None => missing(&mut files_sink, "packages.intro", "intro.md file"),
    }
    if let Some(pkg) = &p.package {
        match Archive::open_file(pkg, pkg.display().to_string(), opts.limits) {
            Ok(mut a) => {
                connectors = check_package_archive(&mut files_sink, &mut a, &opts).connectors
            }
            Err(e) => report_zip(&mut files_sink, &pkg.display().to_string(), &e),
        }
    } else {
        let mut infos = Vec::new();
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
                opts.plugin,
            ),
        ];
        for (slot, field, what, needed) in slots {
            let Some(path) = slot else {
                if needed {
                    missing(&mut files_sink, field, what);
                }
                continue;
            };
            let vpath = path.display().to_string();
            match Archive::open_file(path, &vpath, opts.limits) {
                Ok(mut a) => {
                    let info = package::check_solution(&mut files_sink, &mut a);
                    if info.kind == SolutionKind::Connector {
                        connectors = load_connectors(&mut files_sink, &mut a, &info);
                    }
                    infos.push(info);
                }
                Err(e) => report_zip(&mut files_sink, &vpath, &e),
            }
        }
        if !infos.is_empty() {
            package::check_solution_set(&mut files_sink, &infos, "packages", opts.plugin);
        }
    }
    for c in &connectors {
        content(&mut files_sink, c, &opts);
    }
    let mut source = None;
    if let Some(dir) = &p.source_dir {
        if dir.is_dir() {
            let src = connector::load_dir(&mut files_sink, dir, &FILE_01);
            content(&mut files_sink, &src, &opts);
            source = Some(src);
        } else {
            files_sink.emit(
                &FILE_01,
                Location::file(dir.display().to_string()).with_field("packages.sourceDir"),
                "the connector source folder is not there any more",
            );
        }
    }
    // XCK-01, PC-08, intro.md, SEC-01 on every file with the typed secret
    rules::content::check_submission_files(
        &mut files_sink,
        sub,
        secret,
        &connectors,
        source.as_ref(),
        opts.limits,
    );
    if connectors.is_empty() {
        connectors.extend(source);
    }
    FileFindings {
        diagnostics: files_sink.into_diagnostics(),
        oauth: connectors.first().map(ConnectorFiles::uses_oauth),
        swagger_categories: connectors
            .iter()
            .find_map(ConnectorFiles::swagger_categories),
    }
}

/// Reads the connector at `path` (any kind of target), ignoring findings.
pub fn load_connector(path: &Path, opts: &CheckOptions) -> Result<Option<ConnectorFiles>> {
    let kind = detect(path, opts.limits)?;
    let mut scratch = Sink::new();
    if kind == TargetKind::SourceFolder {
        return Ok(Some(connector::load_dir(&mut scratch, path, &FILE_01)));
    }
    let Ok(mut a) = Archive::open_file(path, path.display().to_string(), opts.limits) else {
        return Ok(None);
    };
    let connectors = match kind {
        TargetKind::Solution => {
            let info = package::check_solution(&mut scratch, &mut a);
            load_connectors(&mut scratch, &mut a, &info)
        }
        TargetKind::Package => package_connectors(&mut scratch, &mut a, opts.plugin).1,
        TargetKind::Outer => match package::check_outer_root(&mut scratch, &a) {
            Some(entry) => match a.open_nested(&entry) {
                Ok(mut pkg) => package_connectors(&mut scratch, &mut pkg, opts.plugin).1,
                Err(_) => Vec::new(),
            },
            None => Vec::new(),
        },
        TargetKind::SourceFolder | TargetKind::Submission => Vec::new(),
    };
    Ok(connectors.into_iter().next())
}

/// PRP-08 for an update: the authentication of the connector at `current` against
/// the previously certified version at `previous` (each any kind of target).
pub fn check_update(
    previous: &Path,
    current: &Path,
    opts: &CheckOptions,
) -> Result<Vec<crate::Diagnostic>> {
    let before = load_connector(previous, opts)?.ok_or_else(|| {
        Error::Input(format!(
            "no connector found in the previous version `{}`",
            previous.display()
        ))
    })?;
    let mut sink = Sink::new();
    if let Some(now) = load_connector(current, opts)? {
        rules::content::properties::check_auth_unchanged(&mut sink, &before, &now);
    }
    Ok(sink.into_diagnostics())
}
