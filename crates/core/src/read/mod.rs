//! Safe readers: zips ([`zip`]), JSON with spans ([`json`]), XML ([`xml`]) and plain
//! files held to a size ([`file`]). None of them panics on user data.

pub mod json;
pub mod xml;
pub mod zip;

/// Reading plain files from disk, held to a size.
pub mod file {
    use std::io::Read;
    use std::path::Path;

    /// The largest file certpack reads into memory for checking (64 MiB).
    pub const MAX_TEXT_FILE: u64 = 64 << 20;

    /// Opens a regular file for reading. A FIFO, a socket, a device or a folder is
    /// refused before it is opened: opening a FIFO blocks until someone writes to
    /// it, and `/dev/zero` never ends.
    pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
        let meta = std::fs::metadata(path)?;
        if !meta.is_file() {
            let what = if meta.is_dir() {
                "a folder"
            } else {
                "a FIFO, a socket or a device"
            };
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("not a regular file ({what})"),
            ));
        }
        let f = std::fs::File::open(path)?;
        // The file could have been swapped between the two looks.
        if !f.metadata()?.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file",
            ));
        }
        Ok(f)
    }

    /// What an I/O error means, in words, without the operating system's error number
    /// (`No such file or directory (os error 2)` becomes `there is no file there`).
    pub fn describe(e: &std::io::Error) -> String {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::NotFound => "there is no file there".into(),
            K::PermissionDenied => "permission denied: this user may not read it".into(),
            K::IsADirectory => "it is a folder, not a file".into(),
            K::NotADirectory => "a part of the path is a file, not a folder".into(),
            K::InvalidInput | K::Other if e.raw_os_error().is_none() => e.to_string(),
            K::UnexpectedEof => "the file ends early".into(),
            kind => {
                // the kind's own words ("storage full", "timed out"), never the number
                let words = kind.to_string();
                let mut c = words.chars();
                c.next()
                    .map_or(words.clone(), |f| f.to_lowercase().chain(c).collect())
            }
        }
    }

    /// Reads a regular file whole, held to `max` bytes.
    pub fn read_regular(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
        let f = open_regular(path)?;
        let mut out = Vec::new();
        f.take(max + 1).read_to_end(&mut out)?;
        if out.len() as u64 > max {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("larger than the {max} bytes certpack reads"),
            ));
        }
        Ok(out)
    }

    /// Reads a file, or says why not (FILE-02 message).
    pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, String> {
        let f = open_regular(path)
            .map_err(|e| format!("cannot read `{}`: {}", path.display(), describe(&e)))?;
        let mut out = Vec::new();
        f.take(max + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("cannot read `{}`: {}", path.display(), describe(&e)))?;
        if out.len() as u64 > max {
            return Err(format!(
                "`{}` is larger than the {max} bytes certpack reads",
                path.display()
            ));
        }
        Ok(out)
    }
}

/// Reads the bytes behind a report path: a file on disk, or an entry inside nested
/// zips (`outer.zip!/package.zip!/PkgAssets/x.zip!/Connector/y.json`). `None` when it
/// cannot be read (or is larger than `max`); used to show source lines.
pub fn read_vpath(vpath: &str, max: u64) -> Option<Vec<u8>> {
    let mut parts = vpath.split("!/");
    let first = parts.next()?;
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        return file::read_limited(std::path::Path::new(first), max).ok();
    }
    let limits = zip::Limits::default();
    let mut archive = zip::Archive::open_file(std::path::Path::new(first), first, limits).ok()?;
    for (i, name) in rest.iter().enumerate() {
        let entry = archive.find(name)?.clone();
        if i + 1 == rest.len() {
            return archive.read(&entry, max).ok();
        }
        archive = archive.open_nested(&entry).ok()?;
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn read_vpath_walks_nested_zips() {
        use std::io::Write;
        let zip_of = |name: &str, data: &[u8]| {
            let mut w = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            w.start_file(name, ::zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(data).unwrap();
            w.finish().unwrap().into_inner()
        };
        let inner = zip_of("Connector/a.json", b"{\"a\": 1}");
        let outer = zip_of("PkgAssets/s.zip", &inner);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("o.zip");
        std::fs::write(&p, outer).unwrap();
        let vp = format!("{}!/PkgAssets/s.zip!/Connector/a.json", p.display());
        assert_eq!(super::read_vpath(&vp, 100).unwrap(), b"{\"a\": 1}");
        assert!(super::read_vpath(&format!("{}!/nope", p.display()), 100).is_none());
    }
}
