//! Safe zip reading, nested to any level the package needs.
//!
//! - Entry names that escape the archive (`..`, absolute, drive letters) are refused
//!   and reported (ZIP-01); the rest of the archive is still read.
//! - Declared and actual sizes are held to [`Limits`] (ZIP-02): total size, entry
//!   size, compression ratio, entry count. Sizes are enforced on the bytes actually
//!   inflated, so a lying header does not get past them.
//! - A nested zip that is stored (not compressed) is read through a window on its
//!   parent, without copying; a compressed one is inflated once into a temporary
//!   file. Memory does not grow with package size.

use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use foldhash::{HashMap, HashMapExt};

use zip::ZipArchive;

/// Safety limits for reading archives.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest uncompressed size of one entry.
    pub max_entry: u64,
    /// Largest sum of uncompressed sizes in one archive.
    pub max_total: u64,
    /// Largest compression ratio for entries of 1 MiB or more uncompressed.
    pub max_ratio: u64,
    /// Most entries in one archive.
    pub max_entries: usize,
    /// Most levels of zips inside zips (the upload is level 0).
    pub max_depth: u32,
    /// Largest sum of bytes inflated from all the archives opened from one file,
    /// at every level of nesting and over every read (a 42.zip-style fan-out or an
    /// entry read again and again cannot get past it).
    pub max_inflated: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entry: 1 << 30,
            max_total: 4 << 30,
            max_ratio: 250,
            max_entries: 100_000,
            max_depth: 8,
            max_inflated: 8 << 30,
        }
    }
}

/// Anything that can be read and seeked, and sent to another thread.
pub trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

/// A source of bytes that can hand out independent readers.
#[derive(Clone)]
enum Source {
    File(Arc<PathBuf>),
    Mem(Arc<[u8]>),
    Temp(Arc<tempfile::NamedTempFile>),
    Window {
        parent: Box<Source>,
        offset: u64,
        len: u64,
    },
}

impl Source {
    fn open(&self) -> io::Result<Box<dyn ReadSeek>> {
        Ok(match self {
            Source::File(p) => Box::new(crate::read::file::open_regular(p.as_path())?),
            Source::Mem(b) => Box::new(io::Cursor::new(ArcBytes(b.clone()))),
            Source::Temp(t) => Box::new(t.reopen()?),
            Source::Window {
                parent,
                offset,
                len,
            } => Box::new(Window::new(parent.open()?, *offset, *len)?),
        })
    }
}

struct ArcBytes(Arc<[u8]>);
impl AsRef<[u8]> for ArcBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// A read-only view of `len` bytes at `offset` of an inner reader.
struct Window {
    inner: Box<dyn ReadSeek>,
    offset: u64,
    len: u64,
    pos: u64,
}

impl Window {
    fn new(mut inner: Box<dyn ReadSeek>, offset: u64, len: u64) -> io::Result<Self> {
        inner.seek(SeekFrom::Start(offset))?;
        Ok(Window {
            inner,
            offset,
            len,
            pos: 0,
        })
    }
}

impl Read for Window {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.len.saturating_sub(self.pos);
        if left == 0 {
            return Ok(0);
        }
        let n = usize::try_from(left).map_or(buf.len(), |l| l.min(buf.len()));
        let n = self.inner.read(&mut buf[..n])?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Window {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        let target = target
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before start"))?;
        self.inner.seek(SeekFrom::Start(self.offset + target))?;
        self.pos = target;
        Ok(target)
    }
}

/// Why an archive or an entry could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipProblem {
    /// ZIP-01: not a readable zip (truncated, not a zip, corrupt entry).
    Unreadable(String),
    /// ZIP-02: past a safety limit; not read further.
    Limit(String),
    /// FILE-02: the file itself could not be opened.
    Io(String),
}

impl ZipProblem {
    /// The rule code of the problem.
    pub fn code(&self) -> &'static str {
        match self {
            ZipProblem::Unreadable(_) => "ZIP-01",
            ZipProblem::Limit(_) => "ZIP-02",
            ZipProblem::Io(_) => "FILE-02",
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        match self {
            ZipProblem::Unreadable(m) | ZipProblem::Limit(m) | ZipProblem::Io(m) => m,
        }
    }
}

/// One entry of an archive.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Name inside the archive, `/`-separated (folders end with `/`).
    pub name: String,
    /// Index in the archive.
    pub index: usize,
    /// Whether it is a folder entry.
    pub is_dir: bool,
    /// Declared uncompressed size.
    pub size: u64,
    /// Declared compressed size.
    pub compressed: u64,
    stored: bool,
    data_start: Option<u64>,
}

/// An open archive with its safe entries listed.
pub struct Archive {
    /// The archive's path for reports (`outer.zip!/pkg.zip`).
    pub vpath: String,
    source: Source,
    zip: ZipArchive<Box<dyn ReadSeek>>,
    entries: Vec<Entry>,
    /// Entry names refused as unsafe (ZIP-01), with why.
    pub unsafe_names: Vec<(String, &'static str)>,
    /// Entries whose name repeats an earlier one, exactly or ignoring case (ZIP-03):
    /// (the earlier name, this one). Readers that keep the first or the last copy
    /// would see different files.
    pub duplicate_names: Vec<(String, String)>,
    limits: Limits,
    /// How deep in the nesting this archive is (the file on disk is 0).
    depth: u32,
    /// Bytes inflated so far from this file at every level, shared with nested archives.
    inflated: Arc<AtomicU64>,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("vpath", &self.vpath)
            .field("entries", &self.entries.len())
            .finish()
    }
}

/// Why a name is unsafe, if it is.
pub fn unsafe_name(name: &str) -> Option<&'static str> {
    let bytes = name.as_bytes();
    if name.starts_with('/') || name.starts_with('\\') {
        return Some("an absolute path");
    }
    if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
        return Some("a drive letter");
    }
    if name.split(['/', '\\']).any(|c| c == "..") {
        return Some("a `..` component that escapes the archive");
    }
    if name.contains('\0') {
        return Some("a NUL character");
    }
    None
}

impl Archive {
    /// Opens a zip file on disk.
    pub fn open_file(
        path: &Path,
        vpath: impl Into<String>,
        limits: Limits,
    ) -> Result<Archive, ZipProblem> {
        if let Err(e) = crate::read::file::open_regular(path) {
            return Err(ZipProblem::Io(format!(
                "cannot open `{}`: {}",
                path.display(),
                crate::read::file::describe(&e)
            )));
        }
        let vpath = vpath.into();
        Archive::open(
            Source::File(Arc::new(path.to_path_buf())),
            vpath,
            limits,
            0,
            Arc::default(),
        )
    }

    /// Opens a zip held in memory.
    pub fn open_bytes(
        bytes: Vec<u8>,
        vpath: impl Into<String>,
        limits: Limits,
    ) -> Result<Archive, ZipProblem> {
        Archive::open(
            Source::Mem(bytes.into()),
            vpath.into(),
            limits,
            0,
            Arc::default(),
        )
    }

    fn open(
        source: Source,
        vpath: String,
        limits: Limits,
        depth: u32,
        inflated: Arc<AtomicU64>,
    ) -> Result<Archive, ZipProblem> {
        let mut reader = source.open().map_err(|e| {
            ZipProblem::Io(format!(
                "cannot read `{vpath}`: {}",
                crate::read::file::describe(&e)
            ))
        })?;
        let central = check_end(&mut reader, &vpath)?;
        let mut zip = ZipArchive::new(reader).map_err(|e| {
            ZipProblem::Unreadable(format!("`{vpath}` is not a readable zip archive: {e}"))
        })?;
        if zip.offset() > 0 {
            return Err(ZipProblem::Unreadable(format!(
                "`{vpath}` has {} bytes before the start of its archive: it is truncated (what is left ends \
                 with a zip stored inside it) or not a plain zip; not read",
                zip.offset()
            )));
        }
        if zip.len() > limits.max_entries {
            return Err(ZipProblem::Limit(format!(
                "`{vpath}` has {} entries, more than the {} certpack reads",
                zip.len(),
                limits.max_entries
            )));
        }
        let mut entries = Vec::with_capacity(zip.len());
        let mut unsafe_names = Vec::new();
        let mut duplicate_names = Vec::new();
        let mut seen: HashMap<String, String> = HashMap::with_capacity(zip.len());
        let mut spans: Vec<(u64, u64, usize)> = Vec::with_capacity(zip.len());
        let mut headers = Vec::with_capacity(zip.len());
        let mut total: u64 = 0;
        for index in 0..zip.len() {
            let f = zip.by_index_raw(index).map_err(|e| {
                ZipProblem::Unreadable(format!("`{vpath}`: entry {index} is unreadable: {e}"))
            })?;
            headers.push((index, f.header_start(), f.name_raw().to_vec()));
            spans.push((
                f.header_start(),
                f.data_start()
                    .unwrap_or(f.header_start())
                    .saturating_add(f.compressed_size()),
                index,
            ));
            let raw = f
                .name()
                .map_err(|e| {
                    ZipProblem::Unreadable(format!(
                        "`{vpath}`: entry {index} has an unreadable name: {e}"
                    ))
                })?
                .into_owned();
            let name = raw.replace('\\', "/");
            if let Some(why) = unsafe_name(&raw) {
                unsafe_names.push((raw, why));
                continue;
            }
            let folded = name.trim_end_matches('/').to_lowercase();
            match seen.get(&folded) {
                Some(first) => duplicate_names.push((first.clone(), name.clone())),
                None => {
                    seen.insert(folded, name.clone());
                }
            }
            let size = f.size();
            let compressed = f.compressed_size();
            check_size(&vpath, &name, size, compressed, &limits)?;
            total = total.saturating_add(size);
            if total > limits.max_total {
                return Err(ZipProblem::Limit(format!(
                    "`{vpath}` expands to more than {} bytes in all; not read further",
                    limits.max_total
                )));
            }
            let stored = f.compression() == zip::CompressionMethod::Stored && !f.encrypted();
            entries.push(Entry {
                is_dir: f.is_dir(),
                name,
                index,
                size,
                compressed,
                stored,
                data_start: f.data_start(),
            });
        }
        check_layout(&source, &vpath, &headers, &mut spans)?;
        if let Some(cd) = central
            && cd.count > zip.len()
        {
            // the zip crate keeps one entry per name: find the names given twice
            duplicate_names.extend(exact_duplicates(&source, &vpath, cd)?);
        }
        Ok(Archive {
            vpath,
            source,
            zip,
            entries,
            unsafe_names,
            duplicate_names,
            limits,
            depth,
            inflated,
        })
    }

    /// Charges `n` inflated bytes to the file's budget.
    fn charge(&self, vpath: &str, n: u64) -> Result<(), ZipProblem> {
        let before = self.inflated.fetch_add(n, Ordering::Relaxed);
        if before.saturating_add(n) > self.limits.max_inflated {
            return Err(ZipProblem::Limit(format!(
                "`{vpath}`: reading it would inflate more than {} bytes from this file in all \
                 (zips inside zips); not read further",
                self.limits.max_inflated
            )));
        }
        Ok(())
    }

    /// The safe entries, in archive order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this exact name.
    pub fn find(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// The entry whose name equals `name` ignoring ASCII case.
    pub fn find_ignore_case(&self, name: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The report path of an entry: `<archive>!/<name>`.
    pub fn entry_vpath(&self, name: &str) -> String {
        format!("{}!/{}", self.vpath, name)
    }

    /// Reads a whole entry into memory, holding it to `max` bytes (and the limits).
    pub fn read(&mut self, entry: &Entry, max: u64) -> Result<Vec<u8>, ZipProblem> {
        let vpath = self.entry_vpath(&entry.name);
        let cap = max.min(self.limits.max_entry);
        if entry.size > cap {
            return Err(ZipProblem::Limit(format!(
                "`{vpath}` is {} bytes, over the {cap} certpack reads",
                entry.size
            )));
        }
        self.charge(&vpath, entry.size)?;
        let f = self
            .zip
            .by_index(entry.index)
            .map_err(|e| ZipProblem::Unreadable(format!("`{vpath}` is unreadable: {e}")))?;
        let mut out = Vec::with_capacity(usize::try_from(entry.size.min(cap)).unwrap_or(0));
        f.take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|e| ZipProblem::Unreadable(format!("`{vpath}` is corrupt: {e}")))?;
        if out.len() as u64 > cap || out.len() as u64 != entry.size {
            return Err(ZipProblem::Limit(format!(
                "`{vpath}` inflates to a size other than its header says ({} declared); not read further",
                entry.size
            )));
        }
        Ok(out)
    }

    /// Streams an entry to `sink`, returning the number of bytes (held to the limits).
    pub fn copy_to(&mut self, entry: &Entry, sink: &mut dyn io::Write) -> Result<u64, ZipProblem> {
        let vpath = self.entry_vpath(&entry.name);
        let cap = self.limits.max_entry;
        self.charge(&vpath, entry.size)?;
        let f = self
            .zip
            .by_index(entry.index)
            .map_err(|e| ZipProblem::Unreadable(format!("`{vpath}` is unreadable: {e}")))?;
        let n = io::copy(&mut f.take(cap + 1), sink)
            .map_err(|e| ZipProblem::Unreadable(format!("`{vpath}` is corrupt: {e}")))?;
        if n > cap || n != entry.size {
            return Err(ZipProblem::Limit(format!(
                "`{vpath}` inflates to a size other than its header says ({} declared); not read further",
                entry.size
            )));
        }
        Ok(n)
    }

    /// Opens an entry that is itself a zip.
    pub fn open_nested(&mut self, entry: &Entry) -> Result<Archive, ZipProblem> {
        let vpath = self.entry_vpath(&entry.name);
        let depth = self.depth + 1;
        if depth > self.limits.max_depth {
            return Err(ZipProblem::Limit(format!(
                "`{vpath}` is a zip nested {depth} levels deep, more than the {} a package can need; \
                 not read",
                self.limits.max_depth
            )));
        }
        let budget = Arc::clone(&self.inflated);
        if entry.stored
            && let Some(offset) = entry.data_start
        {
            let source = Source::Window {
                parent: Box::new(self.source.clone()),
                offset,
                len: entry.size,
            };
            return Archive::open(source, vpath, self.limits, depth, budget);
        }
        if entry.size <= 16 << 20 {
            let bytes = self.read(entry, self.limits.max_entry)?;
            return Archive::open(Source::Mem(bytes.into()), vpath, self.limits, depth, budget);
        }
        let mut tmp = tempfile::NamedTempFile::new()
            .map_err(|e| ZipProblem::Io(format!("cannot create a temp file: {e}")))?;
        self.copy_to(entry, tmp.as_file_mut())?;
        Archive::open(
            Source::Temp(Arc::new(tmp)),
            vpath,
            self.limits,
            depth,
            budget,
        )
    }

    /// Names of the top-level folders (from folder entries and from file paths).
    pub fn root_dirs(&self) -> Vec<String> {
        let mut dirs: Vec<String> = self
            .entries
            .iter()
            .filter_map(|e| e.name.split_once('/').map(|(d, _)| d.to_owned()))
            .collect();
        dirs.sort();
        dirs.dedup();
        dirs
    }

    /// File entries directly at the root.
    pub fn root_files(&self) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| !e.is_dir && !e.name.contains('/'))
            .collect()
    }
}

/// The end of central directory record must end the file: bytes after it are
/// trailing garbage (a botched download or concatenation), and a reader that
/// searches backwards might find an inner zip's record instead.
/// Where the (non-zip64) end record puts the central directory: its entry count,
/// size and offset, or `None` for zip64 values the zip crate resolves itself.
#[derive(Clone, Copy)]
struct CentralDirectory {
    count: usize,
    size: u64,
    offset: u64,
}

fn check_end(
    reader: &mut Box<dyn ReadSeek>,
    vpath: &str,
) -> Result<Option<CentralDirectory>, ZipProblem> {
    let unreadable = |e: io::Error| {
        ZipProblem::Io(format!(
            "cannot read `{vpath}`: {}",
            crate::read::file::describe(&e)
        ))
    };
    let len = reader.seek(SeekFrom::End(0)).map_err(unreadable)?;
    let tail = len.min(22 + 0xFFFF);
    reader
        .seek(SeekFrom::Start(len - tail))
        .map_err(unreadable)?;
    let mut buf = Vec::with_capacity(usize::try_from(tail).unwrap_or(0));
    reader
        .by_ref()
        .take(tail)
        .read_to_end(&mut buf)
        .map_err(unreadable)?;
    reader.seek(SeekFrom::Start(0)).map_err(unreadable)?;
    let mut found_any = false;
    let mut i = buf.len().saturating_sub(22);
    loop {
        if buf.get(i..i + 4) == Some(b"PK\x05\x06") {
            found_any = true;
            let comment = buf
                .get(i + 20..i + 22)
                .map_or(0, |c| usize::from(u16::from_le_bytes([c[0], c[1]])));
            if i + 22 + comment == buf.len() {
                let u16_at = |k: usize| u16::from_le_bytes([buf[i + k], buf[i + k + 1]]);
                let u32_at = |k: usize| {
                    u32::from_le_bytes([buf[i + k], buf[i + k + 1], buf[i + k + 2], buf[i + k + 3]])
                };
                let (count, size, offset) = (u16_at(10), u32_at(12), u32_at(16));
                return Ok(
                    (count != u16::MAX && size != u32::MAX && offset != u32::MAX).then(|| {
                        CentralDirectory {
                            count: usize::from(count),
                            size: u64::from(size),
                            offset: u64::from(offset),
                        }
                    }),
                );
            }
        }
        if i == 0 {
            break;
        }
        i -= 1;
    }
    Err(ZipProblem::Unreadable(if found_any {
        format!(
            "`{vpath}` has bytes after the end of its archive: it is damaged or two files were joined; not read"
        )
    } else {
        format!(
            "`{vpath}` is not a readable zip archive: no end of central directory (truncated, or not a zip)"
        )
    }))
}

/// The names the central directory gives more than once, read from its records
/// (bounded by the directory's size, which the end record gives).
fn exact_duplicates(
    source: &Source,
    vpath: &str,
    cd: CentralDirectory,
) -> Result<Vec<(String, String)>, ZipProblem> {
    let mut r = source.open().map_err(|e| {
        ZipProblem::Io(format!(
            "cannot read `{vpath}`: {}",
            crate::read::file::describe(&e)
        ))
    })?;
    r.seek(SeekFrom::Start(cd.offset)).map_err(|e| {
        ZipProblem::Io(format!(
            "cannot read `{vpath}`: {}",
            crate::read::file::describe(&e)
        ))
    })?;
    let mut dir = Vec::new();
    r.take(cd.size).read_to_end(&mut dir).map_err(|e| {
        ZipProblem::Io(format!(
            "cannot read `{vpath}`: {}",
            crate::read::file::describe(&e)
        ))
    })?;
    let mut names: Vec<&[u8]> = Vec::with_capacity(cd.count);
    let mut at = 0usize;
    while let Some(fixed) = dir.get(at..at + 46) {
        if fixed[..4] != *b"PK\x01\x02" {
            break;
        }
        let len = |k: usize| usize::from(u16::from_le_bytes([fixed[k], fixed[k + 1]]));
        let (n, m, k) = (len(28), len(30), len(32));
        let Some(name) = dir.get(at + 46..at + 46 + n) else {
            break;
        };
        names.push(name);
        at += 46 + n + m + k;
    }
    names.sort_unstable();
    let mut twins = Vec::new();
    for w in names.windows(2) {
        if w[0] == w[1] {
            let name = String::from_utf8_lossy(w[0]).replace('\\', "/");
            twins.push((name.clone(), name));
        }
    }
    twins.dedup();
    Ok(twins)
}

/// Each local header names what the central directory says, and no two entries
/// share bytes (the overlapping-entries zip bomb points many names at one kernel).
fn check_layout(
    source: &Source,
    vpath: &str,
    headers: &[(usize, u64, Vec<u8>)],
    spans: &mut [(u64, u64, usize)],
) -> Result<(), ZipProblem> {
    let mut r = source.open().map_err(|e| {
        ZipProblem::Io(format!(
            "cannot read `{vpath}`: {}",
            crate::read::file::describe(&e)
        ))
    })?;
    let mut fixed = [0u8; 30];
    let mut name = Vec::new();
    for (index, start, central) in headers {
        let ok = r.seek(SeekFrom::Start(*start)).is_ok() && r.read_exact(&mut fixed).is_ok();
        if !ok || fixed[..4] != *b"PK\x03\x04" {
            return Err(ZipProblem::Unreadable(format!(
                "`{vpath}`: entry {index} has no local header where the central directory says; not read"
            )));
        }
        let n = usize::from(u16::from_le_bytes([fixed[26], fixed[27]]));
        name.resize(n, 0);
        if r.read_exact(&mut name).is_err() || name != *central {
            return Err(ZipProblem::Unreadable(format!(
                "`{vpath}`: entry {index} is named `{}` in the central directory but `{}` in its local header; \
                 tools would disagree on which file it is; not read",
                String::from_utf8_lossy(central),
                String::from_utf8_lossy(&name)
            )));
        }
    }
    spans.sort_unstable();
    for w in spans.windows(2) {
        if w[1].0 < w[0].1 {
            return Err(ZipProblem::Limit(format!(
                "`{vpath}`: entries {} and {} share bytes (overlapping entries, the construction of a zip bomb); \
                 not read",
                w[0].2, w[1].2
            )));
        }
    }
    Ok(())
}

fn check_size(
    vpath: &str,
    name: &str,
    size: u64,
    compressed: u64,
    limits: &Limits,
) -> Result<(), ZipProblem> {
    if size > limits.max_entry {
        return Err(ZipProblem::Limit(format!(
            "`{vpath}!/{name}` expands to {size} bytes, over the {} per entry certpack reads; not read further",
            limits.max_entry
        )));
    }
    if size >= (1 << 20) && size / compressed.max(1) > limits.max_ratio {
        return Err(ZipProblem::Limit(format!(
            "`{vpath}!/{name}` expands {}:1 ({compressed} → {size} bytes), past the {}:1 ratio of a zip bomb; \
             not read further",
            size / compressed.max(1),
            limits.max_ratio
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(files: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
        for (name, data) in files {
            w.start_file(
                *name,
                SimpleFileOptions::default().compression_method(method),
            )
            .unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn nested_stored_and_deflated() {
        for method in [
            zip::CompressionMethod::Stored,
            zip::CompressionMethod::Deflated,
        ] {
            let inner = zip_of(&[("a/b.txt", b"hello")], zip::CompressionMethod::Deflated);
            let outer = zip_of(&[("intro.md", b"# x"), ("inner.zip", &inner)], method);
            let mut a = Archive::open_bytes(outer, "o.zip", Limits::default()).unwrap();
            let e = a.find("inner.zip").unwrap().clone();
            let mut n = a.open_nested(&e).unwrap();
            assert_eq!(n.vpath, "o.zip!/inner.zip");
            let b = n.find("a/b.txt").unwrap().clone();
            assert_eq!(n.read(&b, 100).unwrap(), b"hello");
            assert_eq!(n.root_dirs(), vec!["a".to_string()]);
        }
    }

    #[test]
    fn unsafe_names_are_refused() {
        for (name, why) in [
            ("../evil", "`..`"),
            ("/etc/x", "absolute"),
            ("C:/x", "drive"),
            ("a/../../x", "`..`"),
        ] {
            assert!(unsafe_name(name).unwrap().contains(why), "{name}");
        }
        assert_eq!(unsafe_name("a/b..c/d"), None);
        let z = zip_of(
            &[("ok.txt", b"1"), ("../evil.txt", b"2")],
            zip::CompressionMethod::Stored,
        );
        let a = Archive::open_bytes(z, "z.zip", Limits::default()).unwrap();
        assert_eq!(a.entries().len(), 1);
        assert_eq!(a.unsafe_names.len(), 1);
    }

    #[test]
    fn truncated_is_unreadable() {
        let z = zip_of(
            &[("a.txt", b"hello world")],
            zip::CompressionMethod::Deflated,
        );
        let cut = z[..z.len() / 2].to_vec();
        let err = Archive::open_bytes(cut, "t.zip", Limits::default()).unwrap_err();
        assert_eq!(err.code(), "ZIP-01");
    }

    #[test]
    fn bomb_ratio_is_refused() {
        let big = vec![0u8; 8 << 20];
        let z = zip_of(&[("zeros.bin", &big)], zip::CompressionMethod::Deflated);
        let err = Archive::open_bytes(z, "b.zip", Limits::default()).unwrap_err();
        assert_eq!(err.code(), "ZIP-02");
        assert!(err.message().contains("ratio"));
    }

    #[test]
    fn read_is_held_to_max() {
        let z = zip_of(&[("a.txt", &[b'x'; 100])], zip::CompressionMethod::Stored);
        let mut a = Archive::open_bytes(z, "z.zip", Limits::default()).unwrap();
        let e = a.find("a.txt").unwrap().clone();
        assert_eq!(a.read(&e, 10).unwrap_err().code(), "ZIP-02");
        assert_eq!(a.read(&e, 100).unwrap().len(), 100);
    }
}
