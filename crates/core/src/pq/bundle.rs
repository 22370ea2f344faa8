//! The Power Query submission folder (power-query.md §3, §8): what is sent to
//! Microsoft for a `.mez` connector, checked and written as one folder
//!
//! ```text
//! <Name>_<version>_powerquery/
//!   <Name>.mez          the connector, byte for byte, under its own file name
//!   <article>.md        the documentation article (lowercase-hyphen name)
//!   blog.md             the blog paragraph
//!   CHANGELOG.md        an update's changelog, when given
//!   SHA256SUMS          `sha256sum -c` format, one line per file, sorted by name
//!   manifest.json       the files with sizes and SHA-256, and `sha256`: the SHA-256
//!                       of the SHA256SUMS bytes, one hash for the whole set
//! ```
//!
//! 1. [`plan`]: every file with its size and SHA-256; the article, the blog paragraph
//!    and the changelog checked (`rules::pqdocs`); the `.mez` opened through the safe
//!    zip reader only to confirm it is a zip (its content is the M rules' business).
//! 2. [`write`]: into a `.certpack-*` temporary folder in the destination, re-read and
//!    re-hashed ([`verify`] on it), then renamed into place. An existing folder of the
//!    same name is refused, never merged into or replaced: replacing a folder cannot be
//!    one atomic step, and the files in it may be edits of the publisher. A failure or
//!    a cancel leaves nothing at the destination. Deterministic: the same inputs give
//!    the same bytes (no dates are written; the generator is certpack's version).
//! 3. [`verify`]: every hash against `SHA256SUMS` and `manifest.json`, the set's hash,
//!    files added or missing, and the article checks again.
//!
//! [`PqPlan::sheet`] gives what the Connector Certification Portal or the submission
//! e-mail asks, as [`SheetRow`]s, and [`PqPlan::sheet_markdown`] as Markdown.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use crate::bundle::{ProgressSink, file_stem};
use crate::inventory::{HashWriter, hash_file, sha256_hex};
use crate::model::{Diagnostic, Location, Progress, Severity};
use crate::pq::docs::{DocFacts, article_file_name, is_article_file_name};
use crate::read::zip::{Archive, Limits};
use crate::rules::Sink;
use crate::rules::integrity::{SUM_01, SUM_02};
use crate::rules::pqdocs;
use crate::sheet::SheetRow;
use crate::{Error, Result};

/// The checksum file's name.
pub const SUMS_NAME: &str = "SHA256SUMS";
/// The manifest's name.
pub const MANIFEST_NAME: &str = "manifest.json";
/// The blog paragraph's name in the folder.
pub const BLOG_NAME: &str = "blog.md";
/// The changelog's name in the folder.
pub const CHANGELOG_NAME: &str = "CHANGELOG.md";
/// `format` of the manifest.
pub const MANIFEST_FORMAT: &str = "certpack-powerquery/1";
/// The largest article, blog paragraph or changelog read (they are held in memory).
pub const MAX_TEXT: u64 = 4 << 20;

/// What goes into the folder (paths), and how to name it.
#[derive(Debug, Clone, Default)]
pub struct PqInputs {
    /// The connector `.mez`. `None` (a draft not yet complete): the plan is not
    /// `complete` and cannot be written; likewise below.
    pub mez: Option<PathBuf>,
    /// The documentation article (markdown).
    pub article: Option<PathBuf>,
    /// The blog paragraph (markdown or text).
    pub blurb: Option<PathBuf>,
    /// An update's customer-facing changelog.
    pub changelog: Option<PathBuf>,
    /// The connector's name (default: the `.mez` file's stem).
    pub name: Option<String>,
    /// The version (default: `facts.version`; without one the folder is
    /// `<Name>_powerquery`).
    pub version: Option<String>,
    /// The facts from the `.mez` (or typed), to check the article against.
    pub facts: Option<DocFacts>,
    /// What Microsoft's testers need, for the sheet (each left empty is a TODO row).
    pub testing: crate::model::PowerQueryTesting,
}

/// What a file of the folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum PqRole {
    /// The connector.
    Mez,
    /// The documentation article.
    Article,
    /// The blog paragraph.
    Blog,
    /// The changelog.
    Changelog,
}

/// One file of the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PqFile {
    /// Its name in the folder.
    pub path: String,
    /// What it is.
    pub role: PqRole,
    /// Size in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// A planned file and where its bytes come from.
#[derive(Debug, Clone)]
struct Planned {
    file: PqFile,
    /// The input it is copied from.
    source: PathBuf,
    /// The bytes, for the texts (checked as read; the `.mez` is streamed).
    bytes: Option<Vec<u8>>,
}

/// The folder to write.
#[derive(Debug, Clone)]
pub struct PqPlan {
    /// The connector's name as given or read (`Contoso Tasks`).
    pub name: String,
    /// The version, when known.
    pub version: Option<String>,
    /// The folder's name: `<Name>_<version>_powerquery`.
    pub folder: String,
    /// Findings about the inputs (PQ-08…43, ZIP-01 on the `.mez`).
    pub diagnostics: Vec<Diagnostic>,
    /// The facts given, for the sheet.
    pub facts: Option<DocFacts>,
    /// Whether the `.mez`, the article and the blog paragraph are all there (a plan
    /// without one of them is never written).
    pub complete: bool,
    /// What Microsoft's testers need, as given.
    pub testing: crate::model::PowerQueryTesting,
    files: Vec<Planned>,
}

/// The plan as the desktop app and `--format json` see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PqListing {
    /// The folder's name.
    pub folder: String,
    /// Its files, sorted by name (checksums and manifest excluded).
    pub files: Vec<PqFile>,
    /// Findings about the inputs.
    pub diagnostics: Vec<Diagnostic>,
}

impl PqPlan {
    /// The files, sorted by name.
    pub fn files(&self) -> Vec<PqFile> {
        self.files.iter().map(|p| p.file.clone()).collect()
    }

    /// The plan as data.
    pub fn listing(&self) -> PqListing {
        PqListing {
            folder: self.folder.clone(),
            files: self.files(),
            diagnostics: self.diagnostics.clone(),
        }
    }

    /// Whether a finding is an error (the folder is then not written by default).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    fn role(&self, role: PqRole) -> Option<&Planned> {
        self.files.iter().find(|p| p.file.role == role)
    }

    fn text(&self, role: PqRole) -> Option<String> {
        self.role(role)
            .and_then(|p| p.bytes.as_deref())
            .map(|b| String::from_utf8_lossy(strip_bom(b)).trim().to_owned())
    }

    /// What the Connector Certification Portal, or the submission e-mail since the
    /// portal closed, asks for, with the value to paste where certpack knows it.
    pub fn sheet(&self) -> Vec<SheetRow> {
        let row = |tab: &str, label: &str, value: String, field: &str, copyable: bool| SheetRow {
            tab: tab.into(),
            label: label.into(),
            value,
            field: field.into(),
            copyable,
        };
        let mez = self.role(PqRole::Mez);
        let display = self
            .facts
            .as_ref()
            .map_or_else(|| self.name.clone(), DocFacts::display_name);
        let mut out = vec![
            row("Connector", "Connector name", display, "pq.name", true),
            row(
                "Connector",
                "Version",
                self.version.clone().unwrap_or_default(),
                "pq.version",
                true,
            ),
        ];
        if let Some(f) = &self.facts {
            out.push(row(
                "Connector",
                "Release State",
                f.release_state().into(),
                "pq.releaseState",
                false,
            ));
        }
        out.push(row(
            "Connector",
            "Connector file (.mez)",
            mez.map(|m| m.file.path.clone()).unwrap_or_default(),
            "pq.mez",
            true,
        ));
        out.push(row(
            "Connector",
            "SHA-256 of the .mez",
            mez.map(|m| m.file.sha256.clone()).unwrap_or_default(),
            "pq.mezSha256",
            true,
        ));
        out.push(row(
            "Documentation",
            "Article (a pull request to MicrosoftDocs/powerquery-docs, `powerquery-docs/connectors/`)",
            self.role(PqRole::Article)
                .map(|a| a.file.path.clone())
                .unwrap_or_default(),
            "pq.article",
            true,
        ));
        out.push(row(
            "Documentation",
            "Pull request link (e-mailed to your Microsoft contact)",
            "TODO: the link of the documentation pull request".into(),
            "pq.articlePullRequest",
            false,
        ));
        out.push(row(
            "Documentation",
            "Blog paragraph",
            self.text(PqRole::Blog).unwrap_or_default(),
            "pq.blurb",
            true,
        ));
        if let Some(c) = self.text(PqRole::Changelog) {
            out.push(row("Documentation", "Changelog", c, "pq.changelog", true));
        }
        let t = &self.testing;
        for (label, given, todo, field) in [
            (
                "Test account",
                &t.account,
                "TODO: a persistent test account Microsoft can keep for future updates (send the \
                 password separately)",
                "pq.testAccount",
            ),
            (
                "Testing instructions",
                &t.instructions,
                "TODO: how to use the connector and test its features",
                "pq.testInstructions",
            ),
            (
                "External dependencies",
                &t.dependencies,
                "TODO: links to what must be installed (an ODBC driver), or none",
                "pq.dependencies",
            ),
        ] {
            match given.trim() {
                "" => out.push(row("Testing", label, todo.into(), field, false)),
                value => out.push(row("Testing", label, value.into(), field, true)),
            }
        }
        out.push(row(
            "Testing",
            "Test report (.pbix)",
            "TODO: a Power BI Desktop report with at least one query per navigation table item"
                .into(),
            "pq.testReport",
            false,
        ));
        out.push(row(
            "Send",
            "Where",
            "Your Microsoft contact, or dataconnectors@microsoft.com: the Connector Certification Portal \
             closed on 15 January 2025, and registration for new certifications is on hold (Microsoft, \
             13 May 2025)"
                .into(),
            "pq.sendTo",
            false,
        ));
        out
    }

    /// [`PqPlan::sheet`] as Markdown; the blog paragraph and the changelog are given
    /// whole below the tables.
    pub fn sheet_markdown(&self) -> String {
        let cell = |s: &str| {
            let s = s.replace('|', "\\|").replace(['\r', '\n'], " ");
            if s.trim().is_empty() {
                "—".to_owned()
            } else {
                s
            }
        };
        let mut md = format!(
            "# Power Query submission sheet: {}\n\nGenerated by certpack.\n",
            cell(&self.name)
        );
        let mut tab = String::new();
        for r in self.sheet() {
            if r.tab != tab {
                md.push_str(&format!("\n## {}\n\n| Field | Value |\n|---|---|\n", r.tab));
                tab.clone_from(&r.tab);
            }
            md.push_str(&format!("| {} | {} |\n", cell(&r.label), cell(&r.value)));
        }
        for (title, role) in [
            ("Blog paragraph", PqRole::Blog),
            ("Changelog", PqRole::Changelog),
        ] {
            if let Some(t) = self.text(role).filter(|t| !t.is_empty()) {
                md.push_str(&format!("\n## {title}\n\n"));
                for line in t.lines() {
                    if line.starts_with('#') {
                        md.push('#');
                    }
                    md.push_str(line);
                    md.push('\n');
                }
            }
        }
        md
    }
}

fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
}

fn file_name(path: &Path) -> Result<String> {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Input(format!("`{}` is not a file", path.display())))
}

fn read_text(path: &Path) -> Result<Vec<u8>> {
    crate::read::file::read_regular(path, MAX_TEXT).map_err(|e| Error::io("cannot read", path, e))
}

/// Plans the folder and checks its inputs. `Err` when an input cannot be read. A
/// plan without one of the required inputs is not `complete` and is never written
/// (a draft says why at the input's field: `pq::draft`).
pub fn plan(inputs: &PqInputs) -> Result<PqPlan> {
    let mut sink = Sink::new();
    let mut complete = true;
    // the .mez read and checked like `check X.mez` does (through the safe zip
    // reader), and the facts the article is checked against read from it unless given
    let loaded = match &inputs.mez {
        Some(mez) => {
            let loaded = crate::pq::load(mez, Limits::default())?;
            sink.extend(loaded.diagnostics);
            if let Some(c) = &loaded.connector {
                crate::rules::pq::check(&mut sink, c);
            }
            loaded.connector
        }
        None => {
            complete = false;
            None
        }
    };
    let facts = inputs
        .facts
        .clone()
        .or_else(|| loaded.as_ref().and_then(crate::pq::PqConnector::doc_facts));
    let inputs = &PqInputs {
        facts,
        ..inputs.clone()
    };
    let mez_stem = inputs.mez.as_deref().and_then(Path::file_stem);
    let name = inputs
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| mez_stem.map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Connector".into());
    let version = inputs
        .version
        .clone()
        .or_else(|| inputs.facts.as_ref().and_then(|f| f.version.clone()))
        .filter(|v| !v.trim().is_empty());
    let stem = file_stem(&name);
    let folder = match &version {
        Some(v) => format!("{stem}_{}_powerquery", file_stem(v)),
        None => format!("{stem}_powerquery"),
    };

    let mut files = Vec::new();
    if let Some(mez) = &inputs.mez {
        // the .mez: byte for byte, under its own name (the section's, as the SDK
        // builds it), never renamed after the display name
        let mut given = file_name(mez)?;
        let lower = given.to_ascii_lowercase();
        if !(lower.ends_with(".mez") || lower.ends_with(".pqx")) {
            let stem = Path::new(&given).file_stem().map(|s| s.to_string_lossy());
            given = format!("{}.mez", file_stem(stem.as_deref().unwrap_or("connector")));
        }
        let (sha256, size) = hash_file(mez).map_err(|e| Error::io("cannot read", mez, e))?;
        files.push(Planned {
            file: PqFile {
                path: given,
                role: PqRole::Mez,
                size,
                sha256,
            },
            source: mez.clone(),
            bytes: None,
        });
    }

    if let Some(path) = &inputs.article {
        let article = read_text(path)?;
        let article_name = {
            let given = file_name(path)?;
            if is_article_file_name(&given) {
                given
            } else {
                article_file_name(
                    &inputs
                        .facts
                        .as_ref()
                        .map_or_else(|| name.clone(), DocFacts::display_name),
                )
            }
        };
        pqdocs::check_article_text(
            &mut sink,
            &path.display().to_string(),
            &String::from_utf8_lossy(strip_bom(&article)),
            inputs.facts.as_ref(),
        );
        files.push(text_file(article_name, PqRole::Article, path, article));
    } else {
        complete = false;
    }

    if let Some(path) = &inputs.blurb {
        let blurb = read_text(path)?;
        pqdocs::check_blurb(
            &mut sink,
            &path.display().to_string(),
            &String::from_utf8_lossy(strip_bom(&blurb)),
        );
        files.push(text_file(BLOG_NAME.into(), PqRole::Blog, path, blurb));
    } else {
        complete = false;
    }

    if let Some(path) = &inputs.changelog {
        let bytes = read_text(path)?;
        pqdocs::check_changelog(
            &mut sink,
            &path.display().to_string(),
            &String::from_utf8_lossy(strip_bom(&bytes)),
        );
        files.push(text_file(
            CHANGELOG_NAME.into(),
            PqRole::Changelog,
            path,
            bytes,
        ));
    }
    files.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    if let Some(w) = files.windows(2).find(|w| w[0].file.path == w[1].file.path) {
        return Err(Error::Input(format!(
            "two files would be named `{}` in the folder; rename the article",
            w[0].file.path
        )));
    }
    let mut diagnostics = sink.into_diagnostics();
    sort(&mut diagnostics);
    Ok(PqPlan {
        name,
        version,
        folder,
        diagnostics,
        facts: inputs.facts.clone(),
        complete,
        testing: inputs.testing.clone(),
        files,
    })
}

fn text_file(path: String, role: PqRole, source: &Path, bytes: Vec<u8>) -> Planned {
    Planned {
        file: PqFile {
            path,
            role,
            size: bytes.len() as u64,
            sha256: sha256_hex(&bytes),
        },
        source: source.to_path_buf(),
        bytes: Some(bytes),
    }
}

/// In the order of a [`crate::Report`]: by file, place, severity and code.
fn sort(d: &mut Vec<Diagnostic>) {
    let mut r = crate::Report {
        diagnostics: std::mem::take(d),
        ..Default::default()
    };
    r.sort();
    *d = r.diagnostics;
}

/// The `SHA256SUMS` text of `files` (sorted by name): `<sha256>  <name>` lines.
pub fn sums_text(files: &[PqFile]) -> String {
    let mut sorted: Vec<&PqFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    sorted
        .iter()
        .map(|f| format!("{}  {}\n", f.sha256, f.path))
        .collect()
}

/// `manifest.json` of the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PqManifest {
    /// [`MANIFEST_FORMAT`].
    pub format: String,
    /// `certpack <version>`.
    pub generator: String,
    /// The connector's name.
    pub name: String,
    /// The version, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Every file but the checksums and the manifest, sorted by name.
    pub files: Vec<PqFile>,
    /// The SHA-256 of the `SHA256SUMS` bytes: one hash for the whole set.
    pub sha256: String,
}

/// Options of [`write`].
#[derive(Debug, Clone, Default)]
pub struct PqWriteOptions {
    /// Write even when the inputs have errors.
    pub allow_errors: bool,
    /// Set to `true` (from another thread) to cancel.
    pub cancel: Option<Arc<AtomicBool>>,
}

/// What [`write`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PqSummary {
    /// The folder.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub folder: PathBuf,
    /// Its files (checksums and manifest excluded), sorted by name.
    pub files: Vec<PqFile>,
    /// The SHA-256 of `SHA256SUMS`: the set's hash, as in the manifest.
    pub sha256: String,
    /// Findings about the inputs.
    pub diagnostics: Vec<Diagnostic>,
}

fn cancelled(opts: &PqWriteOptions) -> bool {
    opts.cancel
        .as_deref()
        .is_some_and(|c| c.load(Ordering::Relaxed))
}

/// Writes the folder into `dest_dir` (created when missing). See the module docs.
pub fn write(
    plan: &PqPlan,
    dest_dir: &Path,
    opts: &PqWriteOptions,
    sink: &mut dyn ProgressSink,
) -> Result<PqSummary> {
    let errors = plan
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 && !opts.allow_errors {
        return Err(Error::Refused { errors });
    }
    if !plan.complete {
        return Err(Error::Input(
            "the folder needs the connector (.mez), the documentation article and the blog paragraph"
                .into(),
        ));
    }
    if plan.folder.contains(['/', '\\']) || plan.folder.starts_with('.') {
        return Err(Error::Input(format!(
            "`{}` is not a plain folder name",
            plan.folder
        )));
    }
    std::fs::create_dir_all(dest_dir).map_err(|e| Error::io("cannot create", dest_dir, e))?;
    let target = dest_dir.join(&plan.folder);
    if std::fs::symlink_metadata(&target).is_ok() {
        return Err(Error::Input(format!(
            "`{}` already exists: certpack never merges into or replaces a folder; move it away or \
             choose another output folder",
            target.display()
        )));
    }
    let tmp = tempfile::Builder::new()
        .prefix(".certpack-")
        .tempdir_in(dest_dir)
        .map_err(|e| Error::io("cannot create a temporary folder in", dest_dir, e))?;
    let total = plan.files.iter().map(|p| p.file.size).sum();
    sink.progress(Progress::Phase {
        name: "powerquery".into(),
        total,
    });
    let mut done = 0u64;
    for p in &plan.files {
        let path = tmp.path().join(&p.file.path);
        let out = std::fs::File::create(&path).map_err(|e| Error::io("cannot create", &path, e))?;
        let mut w = HashWriter::new(std::io::BufWriter::new(out));
        match &p.bytes {
            Some(b) => w
                .write_all(b)
                .map_err(|e| Error::io("cannot write", &path, e))?,
            None => {
                let mut f = crate::read::file::open_regular(&p.source)
                    .map_err(|e| Error::io("cannot read", &p.source, e))?;
                let mut buf = vec![0u8; 256 << 10];
                loop {
                    let n = match f.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        Err(e) => return Err(Error::io("cannot read", &p.source, e)),
                    };
                    w.write_all(buf.get(..n).unwrap_or_default())
                        .map_err(|e| Error::io("cannot write", &path, e))?;
                    done += n as u64;
                    sink.progress(Progress::Bytes {
                        done,
                        entry: p.file.path.clone(),
                    });
                    if cancelled(opts) {
                        return Err(Error::Cancelled);
                    }
                }
            }
        }
        if p.bytes.is_some() {
            done += p.file.size;
        }
        let (sha, size, out) = w.finish();
        let file = out
            .into_inner()
            .map_err(|e| Error::io("cannot write", &path, e.into_error()))?;
        file.sync_all()
            .map_err(|e| Error::io("cannot write", &path, e))?;
        if sha != p.file.sha256 || size != p.file.size {
            return Err(Error::Verification(format!(
                "`{}` changed since it was planned; plan the folder again",
                p.source.display()
            )));
        }
        sink.progress(Progress::Bytes {
            done,
            entry: p.file.path.clone(),
        });
        if cancelled(opts) {
            return Err(Error::Cancelled);
        }
    }
    let files = plan.files();
    let sums = sums_text(&files);
    let set_sha = sha256_hex(sums.as_bytes());
    let manifest = PqManifest {
        format: MANIFEST_FORMAT.into(),
        generator: format!("certpack {}", env!("CARGO_PKG_VERSION")),
        name: plan.name.clone(),
        version: plan.version.clone(),
        files: files.clone(),
        sha256: set_sha.clone(),
    };
    let mut json = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Input(e.to_string()))?;
    json.push(b'\n');
    for (name, bytes) in [
        (SUMS_NAME, sums.as_bytes()),
        (MANIFEST_NAME, json.as_slice()),
    ] {
        let path = tmp.path().join(name);
        let mut f =
            std::fs::File::create(&path).map_err(|e| Error::io("cannot create", &path, e))?;
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .map_err(|e| Error::io("cannot write", &path, e))?;
    }

    // re-read and re-hash everything written, as `verify` does
    sink.progress(Progress::Phase {
        name: "verify".into(),
        total,
    });
    let (check, _) = verify_sums(tmp.path());
    if let Some(d) = check.first() {
        return Err(Error::Verification(d.message.clone()));
    }
    if cancelled(opts) {
        return Err(Error::Cancelled);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // tempfile makes the folder 0700; the result is a folder like any other
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Error::io("cannot write", tmp.path(), e))?;
    }
    // the temporary folder is removed on drop unless renamed away
    std::fs::rename(tmp.path(), &target)
        .map_err(|e| Error::io("cannot rename into", &target, e))?;
    let _ = tmp.keep();
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dest_dir) {
        let _ = d.sync_all();
    }
    sink.progress(Progress::Bytes {
        done: total,
        entry: MANIFEST_NAME.into(),
    });
    Ok(PqSummary {
        folder: target,
        files,
        sha256: set_sha,
        diagnostics: plan.diagnostics.clone(),
    })
}

/// The result of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PqVerification {
    /// Checksum mismatches (SUM-01, SUM-02), then the checks of the files (PQ, ZIP).
    pub diagnostics: Vec<Diagnostic>,
    /// The files as found, with their sizes and SHA-256.
    pub files: Vec<PqFile>,
    /// The SHA-256 of `SHA256SUMS`, when it could be read.
    pub sha256: Option<String>,
}

impl PqVerification {
    /// Whether a finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Whether `name` is a plain file name (nothing that leaves the folder).
fn plain(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && !name.chars().any(char::is_control)
}

/// Verifies a written folder: every file against `SHA256SUMS` and `manifest.json`,
/// the set's hash, files added or missing; then the article, the blog paragraph, the
/// changelog and the `.mez` are checked as [`plan`] checks them. `Err` only when
/// `dir` is not a folder.
pub fn verify(dir: &Path) -> Result<PqVerification> {
    if !std::fs::metadata(dir).is_ok_and(|m| m.is_dir()) {
        return Err(Error::Input(format!("`{}` is not a folder", dir.display())));
    }
    let (mut diagnostics, files) = verify_sums(dir);
    let mut sink = Sink::new();
    for f in &files {
        let path = dir.join(&f.path);
        let vpath = path.display().to_string();
        if f.role == PqRole::Mez {
            if let Err(p) = Archive::open_file(&path, &vpath, Limits::default()) {
                crate::rules::files::report_zip(&mut sink, &vpath, &p);
            }
            continue;
        }
        let Ok(bytes) = crate::read::file::read_regular(&path, MAX_TEXT) else {
            continue;
        };
        let text = String::from_utf8_lossy(strip_bom(&bytes));
        match f.role {
            PqRole::Article => pqdocs::check_article(&mut sink, &vpath, &text, None),
            PqRole::Blog => pqdocs::check_blurb(&mut sink, &vpath, &text),
            PqRole::Changelog => pqdocs::check_changelog(&mut sink, &vpath, &text),
            PqRole::Mez => {}
        }
    }
    let mut rest = sink.into_diagnostics();
    sort(&mut rest);
    diagnostics.extend(rest);
    let sha256 = crate::read::file::read_regular(&dir.join(SUMS_NAME), 1 << 20)
        .ok()
        .map(|b| sha256_hex(&b));
    Ok(PqVerification {
        diagnostics,
        files,
        sha256,
    })
}

/// The checksum findings of a folder, and its files as found (from the manifest,
/// else from `SHA256SUMS`).
fn verify_sums(dir: &Path) -> (Vec<Diagnostic>, Vec<PqFile>) {
    let mut s = Sink::new();
    let at = |name: &str| Location::file(dir.join(name).display().to_string());
    let sums_bytes = crate::read::file::read_regular(&dir.join(SUMS_NAME), 1 << 20);
    let sums: Option<Vec<(String, String)>> = match &sums_bytes {
        Ok(b) => Some(
            String::from_utf8_lossy(b)
                .lines()
                .take(10_000)
                .filter_map(|l| {
                    let (h, f) = l.split_once(char::is_whitespace)?;
                    let f = f.trim_start();
                    Some((
                        h.to_ascii_lowercase(),
                        f.strip_prefix('*').unwrap_or(f).to_owned(),
                    ))
                })
                .collect(),
        ),
        Err(e) => {
            s.emit(
                &SUM_01,
                at(SUMS_NAME),
                format!(
                    "`{SUMS_NAME}` cannot be read ({}); the files were not compared with it",
                    crate::read::file::describe(e)
                ),
            );
            None
        }
    };
    let manifest = match crate::read::file::read_regular(&dir.join(MANIFEST_NAME), 4 << 20)
        .map_err(|e| crate::read::file::describe(&e))
        .and_then(|b| serde_json::from_slice::<PqManifest>(&b).map_err(|e| e.to_string()))
    {
        Ok(m) => Some(m),
        Err(why) => {
            s.emit(
                &SUM_02,
                at(MANIFEST_NAME),
                format!("`{MANIFEST_NAME}` cannot be read as certpack's manifest ({why})"),
            );
            None
        }
    };
    // the files as they are: each listed name, hashed once
    let mut found: Vec<PqFile> = Vec::new();
    let listed: Vec<(String, Option<PqRole>)> = match (&manifest, &sums) {
        (Some(m), _) => m
            .files
            .iter()
            .map(|f| (f.path.clone(), Some(f.role)))
            .collect(),
        (None, Some(l)) => l.iter().map(|(_, f)| (f.clone(), None)).collect(),
        (None, None) => Vec::new(),
    };
    let mut actual: Vec<(String, Option<(String, u64)>)> = Vec::new();
    for (name, role) in &listed {
        if !plain(name) {
            s.emit(
                &SUM_02,
                at(MANIFEST_NAME),
                format!("`{name}` is not a plain file name of the folder"),
            );
            continue;
        }
        let h = hash_file(&dir.join(name)).ok();
        if let (Some((sha, size)), Some(role)) = (&h, role) {
            found.push(PqFile {
                path: name.clone(),
                role: *role,
                size: *size,
                sha256: sha.clone(),
            });
        }
        actual.push((name.clone(), h));
    }
    let hash_of = |name: &str| {
        actual
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, h)| h.clone())
    };
    if let Some(m) = &manifest {
        if m.format != MANIFEST_FORMAT {
            s.emit(
                &SUM_02,
                at(MANIFEST_NAME),
                format!(
                    "the manifest's format is `{}`, not `{MANIFEST_FORMAT}`",
                    m.format
                ),
            );
        }
        for want in m.files.iter().filter(|f| plain(&f.path)) {
            match hash_of(&want.path) {
                Some((sha, size)) if sha == want.sha256 && size == want.size => {}
                Some((sha, size)) => s.emit(
                    &SUM_02,
                    at(&want.path),
                    format!(
                        "size {size} / SHA-256 {sha} differ from {MANIFEST_NAME} ({} / {})",
                        want.size, want.sha256
                    ),
                ),
                None => s.emit(
                    &SUM_02,
                    at(&want.path),
                    format!("`{}` is listed in {MANIFEST_NAME} but missing", want.path),
                ),
            }
        }
        if let Ok(b) = &sums_bytes {
            let got = sha256_hex(b);
            if got != m.sha256 {
                s.emit(
                    &SUM_02,
                    at(MANIFEST_NAME),
                    format!(
                        "the set's SHA-256 (of `{SUMS_NAME}`) is {got}, but {MANIFEST_NAME} says {}",
                        m.sha256
                    ),
                );
            }
            if String::from_utf8_lossy(b) != sums_text(&m.files) {
                s.emit(
                    &SUM_02,
                    at(SUMS_NAME),
                    format!("`{SUMS_NAME}` does not list the files of {MANIFEST_NAME}"),
                );
            }
        }
    }
    if let Some(lines) = &sums {
        for (want, name) in lines {
            if !plain(name) {
                continue;
            }
            match hash_of(name).or_else(|| {
                // a line the manifest does not list: hashed here
                hash_file(&dir.join(name)).ok()
            }) {
                Some((sha, _)) if sha == *want => {}
                Some((sha, _)) => s.emit(
                    &SUM_01,
                    at(name),
                    format!("SHA-256 is {sha}, but {SUMS_NAME} says {want}"),
                ),
                None => s.emit(
                    &SUM_01,
                    at(name),
                    format!("`{name}` is listed in {SUMS_NAME} but missing"),
                ),
            }
        }
    }
    // files nobody listed
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten().take(10_000) {
            let name = e.file_name().to_string_lossy().into_owned();
            if name == SUMS_NAME || name == MANIFEST_NAME || listed.iter().any(|(n, _)| *n == name)
            {
                continue;
            }
            s.emit(
                &SUM_02,
                at(&name),
                format!("`{name}` is in the folder but not listed in {MANIFEST_NAME}"),
            );
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    (s.into_diagnostics(), found)
}
