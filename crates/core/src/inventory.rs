//! The inventory: every entry of a package at every level (outer → package →
//! `PkgAssets/` → solutions → `Connector/` files), with size and SHA-256, streamed.
//! Used by `inspect`, the preview tree, `manifest.json` and `verify`.

use std::io::{self, Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::model::{EntryInfo, Location, Progress};
use crate::read::zip::{Archive, Limits};
use crate::rules::Sink;
use crate::rules::files::report_zip;

/// The entries of a package and any problem met while walking it.
#[derive(Debug, Default)]
pub struct Inventory {
    /// Every file entry at every level, depth-first, in archive order.
    pub entries: Vec<EntryInfo>,
    /// Reading problems (ZIP-01/02, FILE-02) as findings.
    pub sink: Sink,
    /// Bytes read so far (all levels).
    pub bytes_read: u64,
    /// The first entry holding the OAuth client secret, and how it is written
    /// (when the walk was given the secret's needles).
    pub secret_in: Option<(String, &'static str)>,
}

/// A writer that hashes what goes through it and counts bytes.
pub struct HashWriter<W> {
    inner: W,
    hasher: Sha256,
    count: u64,
}

impl<W: Write> HashWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        HashWriter {
            inner,
            hasher: Sha256::new(),
            count: 0,
        }
    }

    /// The hex digest and the byte count, and the inner writer back.
    pub fn finish(self) -> (String, u64, W) {
        (hex::encode(self.hasher.finalize()), self.count, self.inner)
    }
}

impl<W: Write> Write for HashWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// SHA-256 and size of a file on disk, streamed.
pub fn hash_file(path: &Path) -> io::Result<(String, u64)> {
    let mut f = crate::read::file::open_regular(path)?;
    let mut w = HashWriter::new(io::sink());
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        w.write_all(&buf[..n])?;
    }
    let (h, n, _) = w.finish();
    Ok((h, n))
}

fn is_zip_name(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".zip")
}

/// Walks the zip at `path` (reported as `vpath`), opening nested zips.
pub fn inventory(path: &Path, limits: Limits, progress: &mut dyn FnMut(Progress)) -> Inventory {
    let vpath = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut inv = Inventory::default();
    match Archive::open_file(path, &vpath, limits) {
        Ok(mut a) => walk(&mut a, "", 0, &mut inv, progress, &[]),
        Err(p) => report_zip(&mut inv.sink, &vpath, &p),
    }
    inv
}

/// Walks an already open archive.
pub fn inventory_archive(a: &mut Archive, progress: &mut dyn FnMut(Progress)) -> Inventory {
    inventory_searching(a, progress, &[])
}

/// [`inventory_archive`] that also looks for the OAuth client secret (its
/// `needles`) in every entry at every level, in the same read
/// ([`Inventory::secret_in`]).
pub fn inventory_searching(
    a: &mut Archive,
    progress: &mut dyn FnMut(Progress),
    needles: &[crate::secret::Needle],
) -> Inventory {
    let mut inv = Inventory::default();
    walk(a, "", 0, &mut inv, progress, needles);
    inv
}

fn walk(
    a: &mut Archive,
    prefix: &str,
    depth: u32,
    inv: &mut Inventory,
    progress: &mut dyn FnMut(Progress),
    needles: &[crate::secret::Needle],
) {
    for (name, why) in a.unsafe_names.clone() {
        inv.sink.emit(
            &crate::rules::files::ZIP_01,
            Location::file(&a.vpath),
            format!("entry `{name}` has {why}; it was not read"),
        );
    }
    crate::rules::package::report_duplicates(&mut inv.sink, a);
    let entries: Vec<_> = a.entries().iter().filter(|e| !e.is_dir).cloned().collect();
    for e in entries {
        let path = format!("{prefix}{}", e.name);
        let mut w = HashWriter::new(crate::secret::NeedleSearch::new(io::sink(), needles));
        if let Err(p) = a.copy_to(&e, &mut w) {
            report_zip(&mut inv.sink, &a.entry_vpath(&e.name), &p);
            continue;
        }
        let (sha256, size, search) = w.finish();
        if let Some(how) = search.found()
            && inv.secret_in.is_none()
        {
            inv.secret_in = Some((path.clone(), how));
        }
        inv.bytes_read += size;
        progress(Progress::Bytes {
            done: inv.bytes_read,
            entry: path.clone(),
        });
        let nested = is_zip_name(&e.name);
        let idx = inv.entries.len();
        inv.entries.push(EntryInfo {
            path: path.clone(),
            size,
            sha256,
            depth,
            is_archive: false,
        });
        if nested {
            match a.open_nested(&e) {
                Ok(mut inner) => {
                    inv.entries[idx].is_archive = true;
                    walk(
                        &mut inner,
                        &format!("{path}!/"),
                        depth + 1,
                        inv,
                        progress,
                        needles,
                    );
                }
                Err(p) => report_zip(&mut inv.sink, &a.entry_vpath(&e.name), &p),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;
    use zip::write::SimpleFileOptions;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in files {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn lists_every_level_with_hashes() {
        let sol = zip_of(&[("solution.xml", b"<x/>")]);
        let pkg = zip_of(&[("PkgAssets/s.zip", &sol)]);
        let outer = zip_of(&[("intro.md", b"hi"), ("p.zip", &pkg)]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("o.zip");
        std::fs::write(&path, outer).unwrap();
        let inv = inventory(&path, Limits::default(), &mut |_| {});
        let paths: Vec<_> = inv
            .entries
            .iter()
            .map(|e| (e.path.as_str(), e.depth, e.is_archive))
            .collect();
        assert_eq!(
            paths,
            [
                ("intro.md", 0, false),
                ("p.zip", 0, true),
                ("p.zip!/PkgAssets/s.zip", 1, true),
                ("p.zip!/PkgAssets/s.zip!/solution.xml", 2, false)
            ]
        );
        // sha256("hi")
        assert_eq!(
            inv.entries[0].sha256,
            "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"
        );
        assert!(inv.sink.diagnostics().is_empty());
    }
}
