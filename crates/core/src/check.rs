//! `check`: find out what a path is and run every rule that applies to it.
//!
//! A path is one of: an outer upload (`intro.md` + package zip), a Package Deployer
//! package zip (`PkgAssets/`), a solution zip, or a connector source folder. A draft
//! ([`Submission`]) is checked with [`check_submission`]: the form fields and every
//! file it names.

use std::path::Path;

use crate::connector::ConnectorFiles;
use crate::model::{Location, PublisherKind, Report, Submission, TargetKind};
use crate::pipeline::{self, Context, Parts, Subject, Target};
use crate::read::zip::{Archive, Limits};
use crate::rules::Sink;
use crate::rules::form::{self, FormContext};
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

/// Detects what `path` is, without checking it.
pub fn detect(path: &Path, limits: Limits) -> Result<TargetKind> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("cannot read", path, e))?;
    if meta.is_dir() {
        return Ok(TargetKind::SourceFolder);
    }
    if !meta.is_file() {
        // a FIFO would block the open, a device would never end
        return Err(Error::io(
            "cannot read",
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file (a FIFO, a socket or a device)",
            ),
        ));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let mez_name = matches!(ext.as_deref(), Some("mez" | "pqx"));
    Ok(
        match Archive::open_file(path, path.display().to_string(), limits) {
            Ok(a) => match classify(&a) {
                TargetKind::Outer if mez_name => TargetKind::Mez,
                kind => kind,
            },
            // a broken `.mez` is reported as a zip problem, not as a broken upload
            Err(_) if mez_name => TargetKind::Mez,
            Err(_) => TargetKind::Outer,
        },
    )
}

fn classify(a: &Archive) -> TargetKind {
    if a.find("solution.xml").is_some() || a.find("customizations.xml").is_some() {
        return TargetKind::Solution;
    }
    // a Power Query connector: an M file at the root (`Name.pq`, legacy `Name.m`)
    if a.root_files()
        .iter()
        .any(|e| crate::pq::is_m_candidate(&e.name))
    {
        return TargetKind::Mez;
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
    check_target(path, None, None, opts)
}

/// [`check_path`] with the connector source folder beside it (compared with the
/// solution's connector, XCK-01) and the OAuth client secret to search for.
pub fn check_target(
    path: &Path,
    source_dir: Option<&Path>,
    secret: Option<&ClientSecret>,
    opts: &CheckOptions,
) -> Result<Report> {
    let kind = detect(path, opts.limits)?;
    let name = path.display().to_string();
    let subject = Subject {
        target: Target::Path {
            path,
            kind,
            name: None,
        },
        source_dir,
    };
    let ctx = Context {
        opts: *opts,
        secret,
        form: None,
    };
    let (diagnostics, _) = pipeline::check(subject, &ctx);
    let mut report = Report::new(&name, kind);
    report.diagnostics = diagnostics;
    report.sort();
    Ok(report)
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
    reads: usize,
}

impl SubmissionCache {
    /// How many times the files were read and checked (not taken from the cache).
    pub fn reads(&self) -> usize {
        self.reads
    }
}

#[derive(Debug, Clone)]
struct FileFindings {
    diagnostics: Vec<crate::Diagnostic>,
    oauth: Option<bool>,
    swagger_categories: Option<Vec<String>>,
    /// SHA-256 of the uploaded package's file today (SAS-04).
    uploaded_now: Option<String>,
}

/// Folds the names, sizes and times of `path` and (for a folder) what is under it
/// into `h`: iterative, without following links below `path`, and held to
/// [`STAMP_LIMIT`] entries, so a deep, looping or huge tree costs a bounded walk.
fn stamp(h: &mut sha2::Sha256, path: &Path) {
    use sha2::Digest;
    let mut todo = vec![(path.to_path_buf(), std::fs::metadata(path))];
    let mut seen = 0usize;
    while let Some((p, meta)) = todo.pop() {
        seen += 1;
        if seen > STAMP_LIMIT {
            h.update(b"...");
            break;
        }
        h.update(p.as_os_str().as_encoded_bytes());
        h.update([0]);
        let Ok(m) = meta else { continue };
        h.update(m.len().to_le_bytes());
        if let Ok(t) = m
            .modified()
            .map(|t| t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default())
        {
            h.update(t.as_nanos().to_le_bytes());
        }
        if m.is_dir()
            && let Ok(rd) = std::fs::read_dir(&p)
        {
            let mut names: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
            names.sort();
            // reversed so that the stack pops them in order
            for n in names.into_iter().rev() {
                let meta = std::fs::symlink_metadata(&n);
                todo.push((n, meta));
            }
        }
    }
}

/// The most entries [`stamp`] looks at under one path.
const STAMP_LIMIT: usize = 20_000;

/// A fingerprint of `path`: the names, sizes and times of it and of everything
/// under it (a bounded walk that does not follow links below it), `None` when it is
/// not there. The wizard polls it for every file and folder the draft names, so an
/// edit of any file of a source folder (icon.png, README.md, script.csx) is seen.
pub fn path_stamp(path: &Path) -> Option<String> {
    use sha2::Digest;
    std::fs::symlink_metadata(path).ok()?;
    let mut h = sha2::Sha256::new();
    stamp(&mut h, path);
    Some(hex::encode(&h.finalize()[..12]))
}

/// What the file half of a check depends on: the files the draft names (their
/// paths and stamps, not the form's other fields: typing a SAS URI or a client id
/// re-reads nothing), the publisher kind, the plugin flag, the privacy link (the
/// cross-check with the connector) and the secret searched for.
fn files_key(sub: &Submission, secret: Option<&ClientSecret>) -> Vec<u8> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(sub.offer.publisher.to_string());
    h.update([u8::from(sub.offer.plugin_enabled)]);
    h.update(sub.properties.privacy_policy_url.as_bytes());
    h.update([0]);
    if let Some(s) = secret {
        h.update(s.expose().as_bytes());
    }
    let p = &sub.packages;
    for (slot, path) in [
        &p.intro,
        &p.connector_solution,
        &p.flow_solution,
        &p.plugin_solution,
        &p.package,
        &p.source_dir,
    ]
    .into_iter()
    .enumerate()
    {
        h.update([u8::try_from(slot).unwrap_or(u8::MAX)]);
        if let Some(path) = path {
            stamp(&mut h, path);
        }
    }
    if let Some(record) = &sub.upload {
        h.update(b"upload");
        stamp(&mut h, &record.package);
    }
    if sub.update.enabled {
        h.update(b"update");
        if let Some(previous) = &sub.update.previous {
            stamp(&mut h, previous);
        }
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
            cache.reads += 1;
            cache.key = Some(key);
            cache.files = Some(f.clone());
            f
        }
    };
    let ctx = FormContext {
        oauth: files.oauth,
        swagger_categories: files.swagger_categories,
        now_unix,
        uploaded_now: files.uploaded_now,
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
    let p = &sub.packages;
    let parts = Parts {
        intro: p.intro.clone(),
        custom_properties: None,
        package: p.package.clone(),
        connector_solution: p.connector_solution.clone(),
        flow_solution: p.flow_solution.clone(),
        plugin_solution: p.plugin_solution.clone().filter(|_| opts.plugin),
    };
    let ctx = Context {
        opts: *opts,
        secret,
        form: Some(sub),
    };
    let subject = Subject {
        target: Target::Parts(&parts),
        source_dir: p.source_dir.as_deref(),
    };
    let (mut diagnostics, out) = pipeline::check(subject, &ctx);
    let main = out.main_connector();
    if sub.update.enabled {
        diagnostics.extend(update_findings(sub, main, opts));
    }
    FileFindings {
        diagnostics,
        oauth: main.map(ConnectorFiles::uses_oauth),
        swagger_categories: out
            .connectors
            .iter()
            .chain(out.source.as_ref())
            .find_map(ConnectorFiles::swagger_categories),
        // hashed only when the file's stamp changed (the cache key holds it)
        uploaded_now: sub
            .upload
            .as_ref()
            .and_then(|r| crate::inventory::hash_file(&r.package).ok())
            .map(|(sha, _)| sha),
    }
}

/// An update in a draft: its connector against the previous version it names
/// ([`crate::diff::compare`]), the errors and warnings (what changed without harm is
/// the comparison's own list, shown beside the findings); FILE-01 / FILE-02 at the
/// field when the previous version is missing or holds no connector.
pub(crate) fn update_findings(
    sub: &Submission,
    current: Option<&ConnectorFiles>,
    opts: &CheckOptions,
) -> Vec<crate::Diagnostic> {
    use crate::rules::files::{FILE_01, FILE_02};
    const FIELD: &str = "update.previous";
    let mut sink = Sink::new();
    let Some(previous) = &sub.update.previous else {
        sink.emit(
            &FILE_01,
            Location::field(FIELD),
            "Choose the previous version this update replaces: its connector folder, a solution or package zip, or the last export.",
        );
        return sink.into_diagnostics();
    };
    match previous_of(previous, opts) {
        Ok(before) => {
            if let Some(now) = current {
                return crate::diff::compare(&before, now)
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.severity != crate::Severity::Info)
                    .collect();
            }
        }
        Err(NoPrevious::Empty) => sink.emit(
            &FILE_02,
            Location::file(previous.display().to_string()).with_field(FIELD),
            no_connector_in(previous),
        ),
        Err(NoPrevious::Unreadable(e)) => sink.emit(
            &FILE_01,
            Location::file(previous.display().to_string()).with_field(FIELD),
            format!("The previous version cannot be read: {e}"),
        ),
    }
    sink.into_diagnostics()
}

/// Why a draft's previous version gives no connector to compare with.
enum NoPrevious {
    /// It was read and holds no connector definition.
    Empty,
    /// It could not be read.
    Unreadable(Error),
}

/// The connector of the previous version at `path`, with its definition.
fn previous_of(
    path: &Path,
    opts: &CheckOptions,
) -> std::result::Result<ConnectorFiles, NoPrevious> {
    match load_connector(path, opts) {
        Ok(Some(c)) if c.swagger.is_some() => Ok(c),
        Ok(_) => Err(NoPrevious::Empty),
        Err(e) => Err(NoPrevious::Unreadable(e)),
    }
}

fn no_connector_in(previous: &Path) -> String {
    format!(
        "No connector was found in the previous version `{}`: choose its connector folder, a solution or package zip, or the last export.",
        previous.display()
    )
}

/// An update in a draft: the draft's connector compared with the previous version it
/// names (what the wizard's Review and changelog show). `Ok(None)` when the draft is
/// not an update or names no previous version yet; `Err` when either side holds no
/// connector or cannot be read.
pub fn compare_draft(
    sub: &Submission,
    opts: &CheckOptions,
) -> Result<Option<crate::diff::Comparison>> {
    let Some(previous) = sub.update.previous.as_ref().filter(|_| sub.update.enabled) else {
        return Ok(None);
    };
    let opts = CheckOptions {
        publisher: sub.offer.publisher,
        plugin: sub.offer.plugin_enabled,
        ..*opts
    };
    let before = previous_of(previous, &opts).map_err(|e| match e {
        NoPrevious::Empty => Error::Input(no_connector_in(previous)),
        NoPrevious::Unreadable(e) => e,
    })?;
    let now = crate::summary::draft_connector(sub, &opts).ok_or_else(|| {
        Error::Input("The draft names no connector yet: choose its files on Packages.".into())
    })?;
    Ok(Some(crate::diff::compare(&before, &now)))
}

/// Reads the connector at `path` (any kind of target), ignoring findings.
pub fn load_connector(path: &Path, opts: &CheckOptions) -> Result<Option<ConnectorFiles>> {
    let kind = detect(path, opts.limits)?;
    let subject = Subject {
        target: Target::Path {
            path,
            kind,
            name: None,
        },
        source_dir: None,
    };
    let ctx = Context {
        opts: *opts,
        ..Context::default()
    };
    let out = pipeline::read(subject, &ctx);
    Ok(out.connectors.into_iter().next().or(out.source))
}

/// An update against the previously certified version: every finding of
/// [`crate::diff::compare_paths`] (BRK-01…30 and PRP-08; for two `.mez`,
/// [`crate::diff::compare_mez`]'s BRK-31…36 and PQ-14 from
/// [`crate::rules::pq::compare_versions`]), so `check NEW --previous OLD` reports
/// what `diff OLD NEW` does. Each path is any kind of target.
pub fn check_update(
    previous: &Path,
    current: &Path,
    opts: &CheckOptions,
) -> Result<Vec<crate::Diagnostic>> {
    Ok(crate::diff::compare_paths(previous, current, opts)?.diagnostics)
}

/// A Power Query connector's documentation article checked against the `.mez` it
/// documents (PQ-08, PQ-36…38, PQ-41: its name, Release State from `Beta`, its
/// authentication kinds and data source function).
pub fn check_article(
    mez: &Path,
    article: &Path,
    opts: &CheckOptions,
) -> Result<Vec<crate::Diagnostic>> {
    let facts = crate::pq::load(mez, opts.limits)?
        .connector
        .and_then(|c| c.doc_facts());
    let bytes = crate::read::file::read_regular(article, crate::pq::bundle::MAX_TEXT)
        .map_err(|e| Error::io("cannot read", article, e))?;
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes));
    let mut sink = Sink::new();
    crate::pq::docs::check_article(
        &mut sink,
        &article.display().to_string(),
        &text,
        facts.as_ref(),
    );
    Ok(sink.into_diagnostics())
}

/// How deep [`discover`] looks below the folder it is given.
pub const DISCOVER_DEPTH: usize = 12;
/// How many folder entries [`discover`] reads at most (a bound on hostile trees).
pub const DISCOVER_BUDGET: usize = 200_000;

/// Every target below `dir`: connector source folders (a folder holding
/// `apiDefinition.swagger.json` or `apiProperties.json`, in any case; not looked
/// into further), zip files that are uploads, packages or solutions, and drafts
/// (`*.certpack.json`) — sorted, for `check --recursive`. Symbolic links are not
/// followed; hidden folders, `node_modules` and `target` are skipped. `dir` itself
/// is returned when it is a connector folder.
pub fn discover(dir: &Path, limits: Limits) -> Result<Vec<std::path::PathBuf>> {
    let meta = std::fs::symlink_metadata(dir).map_err(|e| Error::io("cannot read", dir, e))?;
    if !meta.is_dir() {
        return Err(Error::Input(format!("`{}` is not a folder", dir.display())));
    }
    let mut found = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    let mut budget = DISCOVER_BUDGET;
    while let Some((d, depth)) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        for e in rd.flatten() {
            if budget == 0 {
                break;
            }
            budget -= 1;
            let Ok(t) = e.file_type() else { continue };
            let name = e.file_name().to_string_lossy().into_owned();
            if t.is_dir() {
                if !(name.starts_with('.') || name == "node_modules" || name == "target") {
                    dirs.push(e.path());
                }
            } else if t.is_file() {
                files.push((name, e.path()));
            }
        }
        let is_connector = files.iter().any(|(n, _)| {
            n.eq_ignore_ascii_case("apiDefinition.swagger.json")
                || n.eq_ignore_ascii_case("apiProperties.json")
        });
        if is_connector {
            found.push(d);
            continue;
        }
        for (name, path) in files {
            let lower = name.to_ascii_lowercase();
            let target = lower.ends_with(".certpack.json")
                || lower.ends_with(".mez")
                || lower.ends_with(".pqx")
                || (lower.ends_with(".zip")
                    && Archive::open_file(&path, path.display().to_string(), limits)
                        .is_ok_and(|a| classify(&a) != TargetKind::Outer || looks_like_upload(&a)));
            if target {
                found.push(path);
            }
        }
        if depth < DISCOVER_DEPTH {
            stack.extend(dirs.into_iter().map(|p| (p, depth + 1)));
        }
    }
    found.sort();
    Ok(found)
}

/// An upload: a markdown file and a zip at the root.
fn looks_like_upload(a: &Archive) -> bool {
    let root = a.root_files();
    let has = |ext: &str| {
        root.iter()
            .any(|e| e.name.to_ascii_lowercase().ends_with(ext))
    };
    has(".md") && has(".zip")
}
