//! The upload behind the SAS URI (SAS-03): what Partner Center will download through
//! the SAS is the package, byte for byte. Checking it needs the network (the blob is
//! downloaded through the SAS, see [`crate::upload`]), so the rule is marked
//! `offline: false`; [`check_download`] judges what the download gave.

use crate::model::Location;

use super::Sink;

rules! {
    SAS_03 {
        code: "SAS-03",
        severity: Error,
        scope: Upload,
        title: "The blob behind the SAS URI is the package: same size and SHA-256",
        explanation: "Partner Center downloads the package through the SAS URI. certpack downloads it the same way \
            and hashes it: it must be the package byte for byte. When it is not, upload the package again; \
            when it cannot be downloaded, make a new SAS for this blob with read permission and a later expiry, \
            and verify it again.",
        url: Some(
            "https://learn.microsoft.com/en-us/power-platform/developer/appsource/store-package-azure-storage",
        ),
        offline: false,
    }
    SAS_04 {
        code: "SAS-04",
        severity: Warning,
        scope: Form,
        title: "The uploaded package is the current one",
        explanation: "The SAS URI was verified against the package as it was when it was uploaded. The package \
            has been written again since, with other bytes: Partner Center would download the old one. Upload \
            the new package and paste its SAS URI.",
        url: Some(
            "https://learn.microsoft.com/en-us/power-platform/developer/appsource/store-package-azure-storage",
        ),
    }
}

/// SAS-04: `now` is the SHA-256 of the file at `record.package` today (`None` when it
/// is no longer there: nothing to compare, nothing said).
pub fn stale(sink: &mut Sink, record: &crate::model::UploadRecord, now: Option<&str>) {
    if let Some(now) = now
        && now != record.sha256
    {
        sink.emit(
            &SAS_04,
            Location::field("packages.sasUri"),
            format!(
                "the package `{}` changed since it was uploaded (SHA-256 {} then, {} now): upload it again",
                record.package.display(),
                short(&record.sha256),
                short(now),
            ),
        );
    }
}

/// The package the blob must be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// Size in bytes.
    pub size: u64,
    /// Lowercase hex SHA-256.
    pub sha256: String,
}

/// What downloading the blob through the SAS gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Download {
    /// The whole blob, hashed.
    Blob {
        /// Bytes downloaded.
        size: u64,
        /// Their SHA-256, lowercase hex.
        sha256: String,
    },
    /// The blob's size (from its properties) differs: it was not downloaded.
    Size(u64),
    /// The service refused: status and error code (`403 AuthorizationFailure`).
    Refused {
        /// HTTP status.
        status: u16,
        /// Azure's error code, or empty.
        code: String,
    },
    /// Not attempted, and why (the URI cannot be fetched safely).
    NotTried(String),
}

/// SAS-03 on a download: reported at `packages.sasUri`, the form field.
pub fn check_download(sink: &mut Sink, expected: &Expected, got: &Download) {
    let loc = || Location::field("packages.sasUri");
    match got {
        Download::Blob { size, sha256 } if *size == expected.size && *sha256 == expected.sha256 => {
        }
        Download::Blob { size, sha256 } => sink.emit(
            &SAS_03,
            loc(),
            if *size == expected.size {
                format!(
                    "the blob behind the SAS URI is not the package: SHA-256 {} instead of {}",
                    short(sha256),
                    short(&expected.sha256)
                )
            } else {
                format!(
                    "the blob behind the SAS URI is not the package: {size} bytes instead of {}",
                    expected.size
                )
            },
        ),
        Download::Size(size) => sink.emit(
            &SAS_03,
            loc(),
            format!(
                "the blob behind the SAS URI is {size} bytes, the package {}: it is another file",
                expected.size
            ),
        ),
        Download::Refused { status, code } => sink.emit(
            &SAS_03,
            loc(),
            format!(
                "the blob cannot be downloaded through the SAS URI: {status}{}{}",
                if code.is_empty() { "" } else { " " },
                code,
            ) + refusal_hint(*status, code),
        ),
        Download::NotTried(why) => sink.emit(
            &SAS_03,
            loc(),
            format!("the blob was not downloaded: {why}"),
        ),
    }
}

fn short(sha: &str) -> &str {
    sha.get(..16).unwrap_or(sha)
}

/// What a refusal usually means, for the person who made the SAS.
pub(crate) fn refusal_hint(status: u16, code: &str) -> &'static str {
    match (status, code) {
        (404, "BlobNotFound") => {
            " (no blob at this URL: was the upload finished, or the name changed?)"
        }
        (404, "ContainerNotFound") => " (no such container)",
        (404, _) => " (nothing at this URL)",
        (403, "AuthorizationPermissionMismatch") => {
            " (the SAS does not grant this: check its permissions, `sp`)"
        }
        (403, "AuthorizationResourceTypeMismatch") => {
            " (the SAS is for another kind of resource, `sr`/`srt`)"
        }
        (403, "AuthenticationFailed" | "AuthorizationFailure") => {
            " (the signature was refused: expired, for another blob or container, or changed when copied)"
        }
        (403, _) => " (refused: the SAS may have expired or be for another blob)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Diagnostic;
    use crate::rules::cases::Case;

    const SHA: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    fn run(got: Download) -> Vec<Diagnostic> {
        let mut sink = Sink::new();
        let want = Expected {
            size: 4,
            sha256: SHA.into(),
        };
        check_download(&mut sink, &want, &got);
        sink.into_diagnostics()
    }

    fn stale_now(now: &str) -> Vec<Diagnostic> {
        let record = crate::model::UploadRecord {
            package: "export/Contoso.zip".into(),
            sha256: SHA.into(),
            ..Default::default()
        };
        let mut sink = Sink::new();
        stale(&mut sink, &record, Some(now));
        sink.into_diagnostics()
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &SAS_04,
                || stale_now(&SHA.replace('9', "8")),
                || stale_now(SHA),
            ),
            Case::new(
                &SAS_03,
                || {
                    run(Download::Blob {
                        size: 4,
                        sha256: SHA.replace('9', "8"),
                    })
                },
                || {
                    run(Download::Blob {
                        size: 4,
                        sha256: SHA.into(),
                    })
                },
            ),
            Case::new(
                &SAS_03,
                || {
                    run(Download::Refused {
                        status: 403,
                        code: "AuthorizationFailure".into(),
                    })
                },
                || {
                    run(Download::Blob {
                        size: 4,
                        sha256: SHA.into(),
                    })
                },
            ),
        ]
    }

    #[test]
    fn each_kind_of_miss_says_what_it_is() {
        let d = run(Download::Blob {
            size: 5,
            sha256: SHA.into(),
        });
        assert!(
            d[0].message.contains("5 bytes instead of 4"),
            "{}",
            d[0].message
        );
        let d = run(Download::Size(9));
        assert!(d[0].message.contains("9 bytes"), "{}", d[0].message);
        let d = run(Download::Refused {
            status: 403,
            code: "AuthorizationPermissionMismatch".into(),
        });
        assert!(d[0].message.contains("`sp`"), "{}", d[0].message);
        let d = run(Download::NotTried("plain http".into()));
        assert_eq!(d[0].location.field.as_deref(), Some("packages.sasUri"));
    }
}
