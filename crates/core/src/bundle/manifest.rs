//! `manifest.json`: every entry at every level (path, size, SHA-256) and the
//! submission fields that are not secret. No timestamps: the same package gives the
//! same manifest.

use serde::{Deserialize, Serialize};

use crate::model::{Availability, EntryInfo, Offer, Properties, Submission};

/// Version of the manifest format.
pub const MANIFEST_FORMAT: u32 = 1;

/// The outer file's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestFile {
    /// File name.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Lowercase hex SHA-256.
    pub sha256: String,
}

/// The non-secret submission fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestSubmission {
    /// Offer setup.
    pub offer: Offer,
    /// OAuth client id (never the secret).
    pub oauth_client_id: String,
    /// SAS URI with its signature redacted.
    pub sas_uri: String,
    /// Properties.
    pub properties: Properties,
    /// Availability.
    pub availability: Availability,
}

impl From<&Submission> for ManifestSubmission {
    fn from(s: &Submission) -> Self {
        ManifestSubmission {
            offer: s.offer.clone(),
            oauth_client_id: s.packages.oauth_client_id.clone(),
            sas_uri: redact_sas(&s.packages.sas_uri),
            properties: s.properties.clone(),
            availability: s.availability.clone(),
        }
    }
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// [`MANIFEST_FORMAT`].
    pub format: u32,
    /// `certpack <version>`.
    pub generator: String,
    /// The outer zip.
    pub outer: ManifestFile,
    /// Every entry at every level.
    pub entries: Vec<EntryInfo>,
    /// The submission's non-secret fields, when a draft was given.
    pub submission: Option<ManifestSubmission>,
    /// The rules allowed or downgraded for this package, each with its reason and how
    /// many findings it took.
    #[serde(default)]
    pub overrides: Vec<crate::model::AppliedOverride>,
    /// `CHANGELOG.md` beside the package (an update with a changelog).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changelog: Option<ManifestFile>,
}

/// The name of the changelog written beside the package.
pub const CHANGELOG_NAME: &str = "CHANGELOG.md";

/// The changelog of an update, as written beside the package: the draft's text with
/// one final newline; `None` when the draft is not an update or has no changelog.
pub fn changelog_bytes(sub: &Submission) -> Option<Vec<u8>> {
    let text = sub.update.changelog.trim_end();
    (sub.update.enabled && !text.trim().is_empty()).then(|| format!("{text}\n").into_bytes())
}

/// Replaces the value of `sig` in a SAS URI with `REDACTED`.
pub fn redact_sas(uri: &str) -> String {
    crate::upload::redact_text(uri, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sas_signature_is_redacted() {
        let r =
            redact_sas("https://a.blob.core.windows.net/c/b.zip?sp=r&sig=abc%2Fdef&se=2027-01-01");
        assert_eq!(
            r,
            "https://a.blob.core.windows.net/c/b.zip?sp=r&sig=REDACTED&se=2027-01-01"
        );
        assert_eq!(redact_sas("no query"), "no query");
    }
}
