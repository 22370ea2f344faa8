//! Integrity of a written package: the checksums beside it (SUM-01, SUM-02).

rules! {
    SUM_01 {
        code: "SUM-01",
        severity: Error,
        scope: Export,
        title: "The package matches its .sha256 file",
        explanation: "The package's SHA-256 differs from the one in `<package>.sha256`: the file changed after it \
            was written (or the checksum belongs to another build). Rebuild with `certpack bundle` and upload that file.",
        url: None,
    }
    SUM_02 {
        code: "SUM-02",
        severity: Error,
        scope: Export,
        title: "Every entry matches manifest.json",
        explanation: "An entry's size or SHA-256 differs from `manifest.json`, or an entry was added or removed: \
            the package changed after it was written. Rebuild it with `certpack bundle`.",
        url: None,
    }
}

#[cfg(test)]
mod tests {
    pub(super) fn cases() -> Vec<crate::rules::cases::Case> {
        Vec::new()
    }
}
