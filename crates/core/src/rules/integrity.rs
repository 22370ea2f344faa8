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
            the package changed after it was written. Rebuild it with `certpack bundle`. A package and its `.sha256` without \
            `manifest.json` are an export that was interrupted (certpack moves the manifest into place last).",
        url: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{self, BundleInputs, WriteOptions};
    use crate::check::CheckOptions;
    use crate::model::{BundleSummary, Diagnostic, Progress};
    use crate::rules::cases::Case;

    /// The findings of `verify` on the example's package as `bundle::write` wrote
    /// it, after `tamper` changed what it wrote.
    fn verified(tamper: fn(&BundleSummary)) -> Vec<Diagnostic> {
        let tmp = tempfile::tempdir().unwrap();
        let ex = crate::example::write_example(&tmp.path().join("ex")).unwrap();
        let opts = CheckOptions::default();
        let plan =
            bundle::plan(&BundleInputs::from_submission(&ex.submission), &opts, None).unwrap();
        let mut quiet = |_: Progress| {};
        let written = bundle::write(
            &plan,
            &tmp.path().join("out"),
            &WriteOptions::default(),
            &mut quiet,
        )
        .unwrap();
        tamper(&written);
        bundle::verify(&written.outer, None, None, &opts, &mut quiet)
            .unwrap()
            .report
            .diagnostics
    }

    fn rewrite(path: &std::path::Path, f: impl FnOnce(String) -> String) {
        let text = std::fs::read_to_string(path).unwrap();
        let edited = f(text.clone());
        assert_ne!(
            edited,
            text,
            "the edit of {} changed nothing",
            path.display()
        );
        std::fs::write(path, edited).unwrap();
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &SUM_01,
                || {
                    verified(|s| {
                        let mut bytes = std::fs::read(&s.outer).unwrap();
                        let mid = bytes.len() / 2;
                        bytes[mid] ^= 1;
                        std::fs::write(&s.outer, bytes).unwrap();
                    })
                },
                // sha256sum's binary-mode `*` and upper-case hex are the same checksum
                || {
                    verified(|s| {
                        let name = s.outer.file_name().unwrap().to_string_lossy().into_owned();
                        let line = format!("{}  *{name}\n", s.sha256.to_ascii_uppercase());
                        std::fs::write(&s.checksum_file, line).unwrap();
                    })
                },
            ),
            Case::new(
                &SUM_02,
                || {
                    verified(|s| {
                        let first = s.entries[0].sha256.clone();
                        rewrite(&s.manifest, |m| m.replacen(&first, &"0".repeat(64), 1));
                    })
                },
                || {
                    verified(|s| {
                        rewrite(&s.manifest, |m| {
                            m.replacen("\"generator\": \"", "\"generator\": \"edited ", 1)
                        })
                    })
                },
            ),
        ]
    }
}
