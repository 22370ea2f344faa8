//! Writing and verifying the bundle.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, Write};
use std::path::Path;
use std::sync::atomic::Ordering;

use tempfile::NamedTempFile;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::manifest::{
    CHANGELOG_NAME, MANIFEST_FORMAT, Manifest, ManifestFile, ManifestSubmission, changelog_bytes,
};
use super::{Plan, PlannedEntry, ProgressSink, Source, Verification, WriteOptions};
use crate::check::CheckOptions;
use crate::inventory::{HashWriter, hash_file, inventory_archive, inventory_searching};
use crate::model::{
    AppliedOverride, BundleSummary, EntryInfo, Location, Progress, Report, Severity, TargetKind,
};
use crate::pipeline::{self, Context, Subject, Target};
use crate::read::zip::Archive;
use crate::rules::Sink;
use crate::rules::integrity::{SUM_01, SUM_02};
use crate::{Error, Result};

/// Every entry is stored, dated 1980-01-01 00:00, mode 0644, Unix: the bytes depend
/// on nothing but the inputs.
fn entry_options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .system(zip::System::Unix)
        .large_file(false)
}

struct Progressor<'a> {
    sink: &'a mut dyn ProgressSink,
    cancel: Option<&'a std::sync::atomic::AtomicBool>,
    done: u64,
    last: u64,
}

impl Progressor<'_> {
    fn phase(&mut self, name: &str, total: u64) {
        self.done = 0;
        self.last = 0;
        self.sink.progress(Progress::Phase {
            name: name.into(),
            total,
        });
    }

    fn advance(&mut self, n: u64, entry: &str, force: bool) -> Result<()> {
        self.done += n;
        if force || self.done - self.last >= 1 << 20 {
            self.last = self.done;
            self.sink.progress(Progress::Bytes {
                done: self.done,
                entry: entry.into(),
            });
        }
        if self.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Err(Error::Cancelled);
        }
        Ok(())
    }
}

/// Copies `from` into `to`, reporting progress and honouring cancel.
fn pump(
    from: &mut dyn Read,
    to: &mut dyn Write,
    entry: &str,
    p: &mut Progressor<'_>,
) -> Result<()> {
    let mut buf = vec![0u8; 256 << 10];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io("cannot read", entry, e)),
        };
        to.write_all(&buf[..n])
            .map_err(|e| Error::io("cannot write", entry, e))?;
        p.advance(n as u64, entry, false)?;
    }
    p.advance(0, entry, true)
}

/// Writes `entries` to a zip at `to`, returning each entry's SHA-256 and size.
fn write_zip(
    to: &mut File,
    entries: &[PlannedEntry],
    package: Option<&mut File>,
    p: &mut Progressor<'_>,
    dest: &Path,
) -> Result<Vec<(String, String, u64)>> {
    let mut zip = ZipWriter::new(BufWriter::with_capacity(1 << 20, &mut *to));
    let mut hashes = Vec::new();
    let mut package = package;
    let zerr = |e: zip::result::ZipError| Error::io("cannot write", dest, io::Error::other(e));
    for e in entries {
        zip.start_file(e.path.as_str(), entry_options())
            .map_err(zerr)?;
        let mut w = HashWriter::new(&mut zip);
        match &e.source {
            Source::File(path) => {
                let mut f = crate::read::file::open_regular(path)
                    .map_err(|err| Error::io("cannot read", path, err))?;
                pump(&mut f, &mut w, &e.path, p)?;
            }
            Source::Generated(bytes) => pump(&mut bytes.as_slice(), &mut w, &e.path, p)?,
            Source::Package => {
                let f = package
                    .as_deref_mut()
                    .ok_or_else(|| Error::Input("no package to write".into()))?;
                f.rewind()
                    .map_err(|err| Error::io("cannot read", dest, err))?;
                pump(f, &mut w, &e.path, p)?;
            }
        }
        let (sha, size, _) = w.finish();
        hashes.push((e.path.clone(), sha, size));
    }
    let mut buf = zip.finish().map_err(zerr)?;
    buf.flush()
        .map_err(|e| Error::io("cannot write", dest, e))?;
    drop(buf);
    to.sync_all()
        .map_err(|e| Error::io("cannot write", dest, e))?;
    Ok(hashes)
}

/// The prefix of every temporary file certpack writes.
const TEMP_PREFIX: &str = ".certpack-";

/// A temporary file in `dir`, named `.certpack-*` so it is never mistaken for output.
/// Readable by others like any file the user writes (tempfile's default is 0600).
/// It is locked while this process holds it open, so [`clean_stale_temps`] in
/// another run can tell a live temporary file from one a killed run left.
fn temp_in(dir: &Path, suffix: &str) -> Result<NamedTempFile> {
    let mut b = tempfile::Builder::new();
    b.prefix(TEMP_PREFIX).suffix(suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let t = b
        .tempfile_in(dir)
        .map_err(|e| Error::io("cannot create a temporary file in", dir, e))?;
    // Where the file system has no locks, a live file could be taken for stale;
    // the cleaning then fails to remove it (it is open) or removes a file whose
    // writer fails loudly at its rename: nothing half-written lands either way.
    let _ = t.as_file().try_lock();
    Ok(t)
}

/// Removes the temporary files that killed runs left in `dir`: `.certpack-*` files
/// no live process holds locked. Bounded: looks at the first 10,000 entries.
/// Returns how many were removed.
pub fn clean_stale_temps(dir: &Path) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in rd.flatten().take(10_000) {
        let name = e.file_name();
        let is_temp = name.to_str().is_some_and(|n| n.starts_with(TEMP_PREFIX));
        if !is_temp || !e.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let path = e.path();
        let Ok(f) = File::options().read(true).open(&path) else {
            continue;
        };
        if f.try_lock().is_ok() && std::fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Makes the renames in `dir` durable (on Unix; elsewhere a no-op).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Writes `bytes` to `path` atomically (temp file in the same folder, then rename),
/// after removing the temporary files killed runs left there.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    clean_stale_temps(dir);
    let t = temp_file_with(dir, ".tmp", bytes)?;
    t.persist(path)
        .map_err(|e| Error::io("cannot move into place", path, e.error))?;
    sync_dir(dir);
    Ok(())
}

/// A synced temporary file in `dir` holding `bytes`.
fn temp_file_with(dir: &Path, suffix: &str, bytes: &[u8]) -> Result<NamedTempFile> {
    let mut t = temp_in(dir, suffix)?;
    t.write_all(bytes)
        .map_err(|e| Error::io("cannot write", t.path(), e))?;
    t.as_file()
        .sync_all()
        .map_err(|e| Error::io("cannot write", t.path(), e))?;
    Ok(t)
}

/// Writes the bundle into `dest` (created when missing). See the module docs.
pub fn write(
    plan: &Plan,
    dest: &Path,
    opts: &WriteOptions,
    sink: &mut dyn ProgressSink,
) -> Result<BundleSummary> {
    let errors = plan.report.summary().errors;
    if errors > 0 && !opts.allow_errors {
        return Err(Error::Refused { errors });
    }
    std::fs::create_dir_all(dest).map_err(|e| Error::io("cannot create", dest, e))?;
    clean_stale_temps(dest);
    let mut p = Progressor {
        sink,
        cancel: opts.cancel.as_deref(),
        done: 0,
        last: 0,
    };

    let mut package_file = None;
    let mut package_hashes = Vec::new();
    if !plan.package.is_empty() {
        let mut t = temp_in(dest, ".pdpkg.tmp")?;
        p.phase("package", plan.package.iter().map(|e| e.size).sum());
        package_hashes = write_zip(t.as_file_mut(), &plan.package, None, &mut p, dest)?;
        package_file = Some(t);
    }

    let mut outer_tmp = temp_in(dest, ".zip.tmp")?;
    let total = plan.outer.iter().map(|e| e.size).sum::<u64>();
    p.phase("outer", total);
    let outer_hashes = {
        let pkg = package_file.as_mut().map(NamedTempFile::as_file_mut);
        write_zip(outer_tmp.as_file_mut(), &plan.outer, pkg, &mut p, dest)?
    };
    drop(package_file);

    // Re-open, re-check, re-hash.
    let outer_size = outer_tmp
        .as_file()
        .metadata()
        .map_err(|e| Error::io("cannot read", outer_tmp.path(), e))?
        .len();
    p.phase("verify", outer_size);
    let mut archive = Archive::open_file(outer_tmp.path(), &plan.outer_name, opts.check.limits)
        .map_err(|e| Error::Verification(e.message().to_owned()))?;
    let (rechecked, _) = pipeline::check(
        Subject {
            target: Target::Path {
                path: outer_tmp.path(),
                kind: TargetKind::Outer,
                name: Some(&plan.outer_name),
            },
            source_dir: None,
        },
        &Context {
            opts: opts.check,
            ..Context::default()
        },
    );
    let mut seen = 0u64;
    let mut verify_progress = |ev: Progress| {
        if let Progress::Bytes { done, entry } = ev {
            let _ = p.advance(done.saturating_sub(seen), &entry, false);
            seen = done;
        }
    };
    // one read of every entry at every level: hashes, and the client secret
    let inv = inventory_searching(&mut archive, &mut verify_progress, &plan.secret_needles);
    if let Some((entry, _)) = &inv.secret_in {
        return Err(Error::SecretFound(entry.clone()));
    }
    if let Some(d) = inv.sink.diagnostics().first() {
        return Err(Error::Verification(d.message.clone()));
    }
    if opts
        .cancel
        .as_deref()
        .is_some_and(|c| c.load(Ordering::Relaxed))
    {
        return Err(Error::Cancelled);
    }
    compare(&inv.entries, "", &outer_hashes)?;
    compare(
        &inv.entries,
        &format!("{}!/", plan.package_name),
        &package_hashes,
    )?;
    // The written package's own findings, with the overrides the plan took.
    let mut report = Report::new(&plan.outer_name, TargetKind::Outer);
    report.diagnostics = rechecked;
    let taken: Vec<_> = plan
        .report
        .overrides
        .iter()
        .map(|a| a.rule.clone())
        .collect();
    let counts = crate::overrides::filter(&mut report.diagnostics, &taken);
    report.overrides = plan
        .report
        .overrides
        .iter()
        .zip(counts)
        .map(|(a, count)| AppliedOverride { count, ..a.clone() })
        .collect();
    report.sort();
    if report.has_errors() && !opts.allow_errors {
        let first = report
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .map(|d| d.message.clone());
        return Err(Error::Verification(format!(
            "the written package has errors: {}",
            first.unwrap_or_default()
        )));
    }
    let (sha256, size) =
        hash_file(outer_tmp.path()).map_err(|e| Error::io("cannot read", outer_tmp.path(), e))?;

    // Everything holds. The three outputs are written as temporary files first;
    // then the old manifest goes, the checksum and the package are moved into
    // place, and the manifest comes last: a manifest beside a package means the set
    // is whole, and a kill at any point leaves either the previous set or a package
    // without its manifest (which `verify` reports as an unfinished export).
    let outer = dest.join(&plan.outer_name);
    let checksum_file = dest.join(format!("{}.sha256", plan.outer_name));
    let manifest_path = dest.join("manifest.json");
    let changelog = plan.submission.as_ref().and_then(changelog_bytes);
    if let Some(bytes) = &changelog
        && plan
            .secret_needles
            .iter()
            .any(|n| memchr::memmem::find(bytes, &n.bytes).is_some())
    {
        return Err(Error::SecretFound(CHANGELOG_NAME.into()));
    }
    let changelog_file = changelog.as_ref().map(|bytes| ManifestFile {
        path: CHANGELOG_NAME.into(),
        size: bytes.len() as u64,
        sha256: crate::inventory::sha256_hex(bytes),
    });
    let manifest = Manifest {
        format: MANIFEST_FORMAT,
        generator: format!("certpack {}", env!("CARGO_PKG_VERSION")),
        outer: ManifestFile {
            path: plan.outer_name.clone(),
            size,
            sha256: sha256.clone(),
        },
        entries: inv.entries.clone(),
        submission: plan.submission.as_ref().map(ManifestSubmission::from),
        overrides: report.overrides.clone(),
        changelog: changelog_file.clone(),
    };
    let mut json = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Input(e.to_string()))?;
    json.push(b'\n');
    if plan
        .secret_needles
        .iter()
        .any(|n| memchr::memmem::find(&json, &n.bytes).is_some())
    {
        // a form field (the client id, a URL) holds the secret
        return Err(Error::SecretFound("manifest.json".into()));
    }
    let mut sum_line = format!("{sha256}  {}\n", plan.outer_name);
    if let Some(c) = &changelog_file {
        sum_line.push_str(&format!("{}  {}\n", c.sha256, c.path));
    }
    let manifest_tmp = temp_file_with(dest, ".json.tmp", &json)?;
    let sum_tmp = temp_file_with(dest, ".sha256.tmp", sum_line.as_bytes())?;
    let changelog_tmp = changelog
        .as_ref()
        .map(|bytes| temp_file_with(dest, ".md.tmp", bytes))
        .transpose()?;
    let changelog_path = changelog_tmp.as_ref().map(|_| dest.join(CHANGELOG_NAME));
    match std::fs::remove_file(&manifest_path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io("cannot replace", &manifest_path, e)),
    }
    sum_tmp
        .persist(&checksum_file)
        .map_err(|e| Error::io("cannot move into place", &checksum_file, e.error))?;
    if let (Some(t), Some(path)) = (changelog_tmp, &changelog_path) {
        t.persist(path)
            .map_err(|e| Error::io("cannot move into place", path, e.error))?;
    }
    outer_tmp
        .persist(&outer)
        .map_err(|e| Error::io("cannot move into place", &outer, e.error))?;
    manifest_tmp
        .persist(&manifest_path)
        .map_err(|e| Error::io("cannot move into place", &manifest_path, e.error))?;
    sync_dir(dest);
    p.advance(0, &plan.outer_name, true)?;
    Ok(BundleSummary {
        outer,
        checksum_file,
        manifest: manifest_path,
        sha256,
        size,
        entries: inv.entries,
        report,
        changelog: changelog_path,
    })
}

fn compare(entries: &[EntryInfo], prefix: &str, written: &[(String, String, u64)]) -> Result<()> {
    for (path, sha, size) in written {
        let full = format!("{prefix}{path}");
        match entries.iter().find(|e| e.path == full) {
            Some(e) if e.sha256 == *sha && e.size == *size => {}
            Some(_) => {
                return Err(Error::Verification(format!(
                    "`{full}` reads back different from what was written"
                )));
            }
            None => {
                return Err(Error::Verification(format!(
                    "`{full}` is missing from the written package"
                )));
            }
        }
    }
    Ok(())
}

/// Verifies a written package: its structure, every entry, and the checksums in
/// `<outer>.sha256` and `manifest.json` when they are beside it.
///
/// The package is checked by the same [`pipeline`] as `check` and the bundle: with
/// `source_dir`, against the connector source folder (XCK-01); with `secret`, for
/// the OAuth client secret (SEC-01).
pub fn verify(
    outer: &Path,
    source_dir: Option<&Path>,
    secret: Option<&crate::secret::ClientSecret>,
    opts: &CheckOptions,
    sink: &mut dyn ProgressSink,
) -> Result<Verification> {
    let name = outer
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Input(format!("`{}` is not a file", outer.display())))?;
    let meta = std::fs::metadata(outer).map_err(|e| Error::io("cannot read", outer, e))?;
    let mut s = Sink::new();
    let loc = || Location::file(&name);
    let mut entries = Vec::new();
    sink.progress(Progress::Phase {
        name: "verify".into(),
        total: meta.len(),
    });
    pipeline::run(
        &mut s,
        Subject {
            target: Target::Path {
                path: outer,
                kind: TargetKind::Outer,
                name: Some(&name),
            },
            source_dir,
        },
        &Context {
            opts: *opts,
            secret,
            form: None,
        },
    );
    // an unreadable zip was reported by the pipeline (PKG-01, ZIP-01)
    if let Ok(mut a) = Archive::open_file(outer, &name, opts.limits) {
        let mut fwd = |ev: Progress| sink.progress(ev);
        let inv = inventory_archive(&mut a, &mut fwd);
        s.extend(inv.sink.into_diagnostics());
        entries = inv.entries;
    }
    let (sha256, _) = hash_file(outer).map_err(|e| Error::io("cannot read", outer, e))?;
    let dir = outer.parent().unwrap_or(Path::new("."));
    let sum_path = dir.join(format!("{name}.sha256"));
    let checked_sha256_file = sum_path.is_file();
    if checked_sha256_file {
        let bytes = crate::read::file::read_regular(&sum_path, 1 << 20)
            .map_err(|e| Error::io("cannot read", &sum_path, e))?;
        let text = String::from_utf8_lossy(&bytes);
        let listed = text.lines().find_map(|l| {
            let (h, f) = l.split_once(char::is_whitespace)?;
            (f.trim_start().trim_start_matches('*') == name).then(|| h.to_ascii_lowercase())
        });
        match listed {
            Some(h) if h == sha256 => {}
            Some(h) => s.emit(
                &SUM_01,
                loc(),
                format!("SHA-256 is {sha256}, but {name}.sha256 says {h}"),
            ),
            None => s.emit(
                &SUM_01,
                Location::file(sum_path.display().to_string()),
                format!("no line for `{name}`"),
            ),
        }
    }
    let manifest_path = dir.join("manifest.json");
    let manifest = if std::fs::symlink_metadata(&manifest_path).is_ok() {
        let read = crate::read::file::read_regular(&manifest_path, 64 << 20)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice::<Manifest>(&b).map_err(|e| e.to_string()));
        match read {
            Ok(m) => Some(m),
            Err(why) => {
                s.emit(
                    &SUM_02,
                    Location::file(manifest_path.display().to_string()),
                    format!("manifest.json cannot be read as certpack's manifest ({why}); the entries were not compared"),
                );
                None
            }
        }
    } else {
        if checked_sha256_file {
            // certpack moves the manifest into place last: a checksum without it
            // is an export that was interrupted
            s.emit_as(
                &SUM_02,
                Severity::Warning,
                loc(),
                "there is no manifest.json beside the package and its .sha256: the export did not finish \
                 (it was interrupted); bundle again",
            );
        }
        None
    };
    let manifest = manifest.filter(|m| m.outer.path == name);
    let checked_manifest = manifest.is_some();
    if let Some(m) = manifest {
        if m.outer.sha256 != sha256 {
            s.emit(
                &SUM_02,
                loc(),
                format!(
                    "SHA-256 is {sha256}, but manifest.json says {}",
                    m.outer.sha256
                ),
            );
        }
        for want in &m.entries {
            match entries.iter().find(|e| e.path == want.path) {
                Some(e) if e.sha256 == want.sha256 && e.size == want.size => {}
                Some(e) => s.emit(
                    &SUM_02,
                    Location::file(format!("{name}!/{}", e.path)),
                    format!(
                        "size {} / SHA-256 {} differ from manifest.json ({} / {})",
                        e.size, e.sha256, want.size, want.sha256
                    ),
                ),
                None => s.emit(
                    &SUM_02,
                    loc(),
                    format!("`{}` is listed in manifest.json but missing", want.path),
                ),
            }
        }
        if let Some(want) = &m.changelog {
            let path = dir.join(&want.path);
            match hash_file(&path) {
                Ok((sha, size)) if sha == want.sha256 && size == want.size => {}
                Ok((sha, size)) => s.emit(
                    &SUM_02,
                    Location::file(path.display().to_string()),
                    format!(
                        "size {size} / SHA-256 {sha} differ from manifest.json ({} / {})",
                        want.size, want.sha256
                    ),
                ),
                Err(_) => s.emit(
                    &SUM_02,
                    Location::file(path.display().to_string()),
                    format!("`{}` is listed in manifest.json but missing", want.path),
                ),
            }
        }
        for e in &entries {
            if !m.entries.iter().any(|w| w.path == e.path) {
                s.emit(
                    &SUM_02,
                    Location::file(format!("{name}!/{}", e.path)),
                    "not listed in manifest.json",
                );
            }
        }
    }
    let mut report = Report::new(name, TargetKind::Outer);
    report.diagnostics = s.into_diagnostics();
    report.sort();
    Ok(Verification {
        report,
        sha256,
        entries,
        checked_sha256_file,
        checked_manifest,
    })
}
