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

    /// Reads a file, or says why not (FILE-02 message).
    pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, String> {
        let f = std::fs::File::open(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let mut out = Vec::new();
        f.take(max + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        if out.len() as u64 > max {
            return Err(format!(
                "`{}` is larger than the {max} bytes certpack reads",
                path.display()
            ));
        }
        Ok(out)
    }
}
