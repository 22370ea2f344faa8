//! Wire types: what certpack writes to drafts, manifests and JSON output, and what
//! crosses IPC to the desktop UI. Every type here is serialised as camelCase JSON and
//! has a generated TypeScript twin (`ui/src/lib/ipc/bindings.ts`, checked for drift
//! by a test). A change here is a change of format: keep it deliberate.
//!
//! The OAuth client secret is deliberately *not* part of [`Submission`]: it lives in
//! [`crate::ClientSecret`], which cannot be serialised.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
use ts_rs::TS;

/// Version of the draft file format written in [`Submission::format`].
pub const DRAFT_FORMAT: u32 = 1;

/// The whole Partner Center offer draft (a `<offer>.certpack.json` file), without the
/// client secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Submission {
    /// Draft format version ([`DRAFT_FORMAT`]).
    pub format: u32,
    /// Offer setup tab.
    pub offer: Offer,
    /// Packages tab.
    pub packages: Packages,
    /// Properties tab.
    pub properties: Properties,
    /// Availability tab and the notification audience of Review and publish.
    pub availability: Availability,
    /// Rules allowed or downgraded for this submission, each with a reason.
    pub overrides: Vec<Override>,
    /// The last upload that was verified (the blob behind the SAS URI downloaded and
    /// hashed to the package): what makes "Partner Center can download it" true.
    pub upload: Option<UploadRecord>,
    /// An update of a certified connector: the previous version and the changelog.
    pub update: Update,
    /// After submission: the tracker's states with dates, the preview-test ticks and
    /// the pasted certification report.
    pub tracker: Tracker,
    /// What is being certified: a Power Platform connector (this whole form) or a
    /// Power Query connector ([`Submission::power_query`]; the offer's name is the
    /// connector's name).
    pub kind: SubmissionKind,
    /// A Power Query connector's submission: the `.mez`, the documentation article,
    /// the blog paragraph, an update's changelog, the demo checklist.
    pub power_query: PowerQueryDraft,
}

/// What a draft certifies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub enum SubmissionKind {
    /// A Power Platform connector (Partner Center offer, Package Deployer package).
    #[default]
    PowerPlatform,
    /// A Power Query connector (`.mez`, documentation article, blog paragraph).
    PowerQuery,
}

/// A Power Query connector's submission (power-query.md §8): the files sent to
/// Microsoft and the demo scenarios recorded. Paths are absolute once opened
/// (relative ones resolve against the draft's folder).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase", default)]
pub struct PowerQueryDraft {
    /// The connector, `.mez` (or `.pqx`).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub mez: Option<PathBuf>,
    /// The documentation article (Markdown).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub article: Option<PathBuf>,
    /// The paragraph for the Power BI blog.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub blurb: Option<PathBuf>,
    /// The connector updates a certified one.
    pub update: bool,
    /// The certified `.mez` it updates (compared: BRK-31…36).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub previous: Option<PathBuf>,
    /// An update's customer-facing changelog (Markdown).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub changelog: Option<PathBuf>,
    /// Ids of the demo scenarios recorded ([`crate::pq::draft::SCENARIOS`]).
    pub demo: Vec<String>,
    /// What Microsoft's testers need, for the sheet.
    pub testing: PowerQueryTesting,
}

/// What Microsoft's testers need to try a Power Query connector (the sheet's Testing
/// rows). Never a password: it is sent separately.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase", default)]
pub struct PowerQueryTesting {
    /// The persistent test account's user name Microsoft can keep for later updates.
    pub account: String,
    /// How to use the connector and test its features.
    pub instructions: String,
    /// What must be installed first (an ODBC driver), with links, or "None".
    pub dependencies: String,
}

impl PowerQueryDraft {
    /// The file paths the draft names (for resolving and for "moved or deleted").
    pub fn files_mut(&mut self) -> impl Iterator<Item = &mut PathBuf> {
        [
            &mut self.mez,
            &mut self.article,
            &mut self.blurb,
            &mut self.previous,
            &mut self.changelog,
        ]
        .into_iter()
        .flatten()
    }

    /// The file paths the draft names.
    pub fn files(&self) -> impl Iterator<Item = &PathBuf> {
        [
            &self.mez,
            &self.article,
            &self.blurb,
            &self.previous,
            &self.changelog,
        ]
        .into_iter()
        .flatten()
    }
}

/// "This is an update of a certified connector" (Offer setup).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Update {
    /// The offer updates a certified connector.
    pub enabled: bool,
    /// The previously certified version: a connector folder, a solution zip, a
    /// package or an upload (the last export).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub previous: Option<PathBuf>,
    /// The customer-facing changelog (Markdown), drafted from the comparison and
    /// edited by the publisher; bundled as `CHANGELOG.md` and shown on the sheet.
    pub changelog: String,
}

/// The states a submission goes through after "Publish" (after-submission.md §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub enum TrackerState {
    /// The open-source pull request is open.
    PrOpen,
    /// The pull request was merged.
    PrMerged,
    /// "Publish" was selected in Partner Center.
    Submitted,
    /// The certification report asks for changes.
    AttentionNeeded,
    /// The preview deployment is ready: 2 business days to test and select Go live.
    PreviewReady,
    /// The preview window passed without Go live.
    Expired,
    /// Go live was selected.
    GoLive,
    /// The first region group started.
    Deploying,
    /// Deployed to every region.
    Live,
    /// General availability was requested.
    GaRequested,
    /// Generally available.
    Ga,
}

/// One step of the tracker: a state and when it was entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct TrackerEvent {
    /// The state entered.
    pub state: TrackerState,
    /// When: RFC 3339 with offset (`2026-03-05T07:30:00-08:00`) or a date (`2026-03-05`).
    pub at: String,
    /// A note (who, what the e-mail said).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Life after submission, kept in the draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Tracker {
    /// The states entered, oldest first.
    pub events: Vec<TrackerEvent>,
    /// Ids of the preview-test checklist items ticked.
    pub checked: Vec<String>,
    /// The certification report as pasted from Partner Center's e-mail or page.
    pub report: String,
}

/// The eligibility questions of Offer setup (Microsoft's certification criteria);
/// `None` is "not answered yet".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Eligibility {
    /// The publisher owns the API behind the connector (verified publishers must).
    pub owns_api: Option<bool>,
    /// Customers have a support contract (a way to get help with the service).
    pub support_contract: Option<bool>,
    /// The service commits to at least 99.9% uptime (recommended).
    pub uptime_sla: Option<bool>,
}

/// How users authenticate to the connector's API, as read from its files (the
/// connection parameters and the swagger's `securityDefinitions`). Microsoft
/// certifies OAuth 2.0, API key, basic and, for open data, no authentication.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AuthKind {
    /// OAuth 2.0, Microsoft Entra ID (`aad`, `aadcertificate`) included.
    #[serde(rename = "oauth2")]
    OAuth2 {
        /// The `identityProvider` (`aad`, `oauth2`, `oauth2generic`, a service's
        /// own), when one is given.
        provider: Option<String>,
    },
    /// An API key (a secure string, or an `apiKey` security definition).
    ApiKey,
    /// User name and password (`basic`).
    Basic,
    /// No authentication (open data).
    #[default]
    None,
    /// Anything else: a client certificate, the on-premises gateway (Windows
    /// authentication), a parameter type Microsoft's schema does not know.
    Other {
        /// What it is, as a phrase (`a client certificate`).
        what: String,
    },
}

impl AuthKind {
    /// Whether Microsoft's criteria list it as a certifiable authentication with
    /// credentials (OAuth 2.0, API key, basic).
    pub fn is_eligible(&self) -> bool {
        matches!(
            self,
            AuthKind::OAuth2 { .. } | AuthKind::ApiKey | AuthKind::Basic
        )
    }
}

impl fmt::Display for AuthKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthKind::OAuth2 { provider: Some(p) } if p.starts_with("aad") => {
                write!(f, "OAuth 2.0 (Microsoft Entra ID, `{p}`)")
            }
            AuthKind::OAuth2 { provider: Some(p) } => write!(f, "OAuth 2.0 (`{p}`)"),
            AuthKind::OAuth2 { provider: None } => f.write_str("OAuth 2.0"),
            AuthKind::ApiKey => f.write_str("API key"),
            AuthKind::Basic => f.write_str("basic authentication"),
            AuthKind::None => f.write_str("no authentication"),
            AuthKind::Other { what } => f.write_str(what),
        }
    }
}

/// How many of how many elements have something.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct Share {
    /// Elements that have it.
    pub with: u32,
    /// Elements that should have it.
    pub total: u32,
}

impl Share {
    /// One more element, with it or not.
    pub fn count(&mut self, has: bool) {
        self.total = self.total.saturating_add(1);
        if has {
            self.with = self.with.saturating_add(1);
        }
    }

    /// Whether every element has it (also when there is none).
    pub fn is_full(&self) -> bool {
        self.with >= self.total
    }

    /// The share in whole percent, rounded down so that only a full share shows
    /// 100; `None` when there is nothing to count.
    pub fn percent(&self) -> Option<u32> {
        if self.total == 0 {
            return None;
        }
        let p = u64::from(self.with) * 100 / u64::from(self.total);
        u32::try_from(p).ok()
    }

    /// The sum of two shares.
    pub fn plus(self, other: Share) -> Share {
        Share {
            with: self.with.saturating_add(other.with),
            total: self.total.saturating_add(other.total),
        }
    }
}

/// The documentation of one kind of element: how many there are, and how many have
/// a summary, a description and an explicit `x-ms-visibility`. Summaries and
/// descriptions count only elements users see (not `x-ms-visibility: internal`);
/// visibility counts all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct Documented {
    /// How many elements there are.
    pub count: u32,
    /// With a summary (`summary`, `x-ms-summary`, or a property's `title`).
    pub summary: Share,
    /// With a `description`.
    pub description: Share,
    /// With an explicit `x-ms-visibility`.
    pub visibility: Share,
}

/// How fully the definition is documented: its operations, their parameters (each
/// written parameter once, body parameters aside) and the properties of what they
/// return (each written property once, `$ref`s followed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    /// The operations.
    pub operations: Documented,
    /// The parameters.
    pub parameters: Documented,
    /// The response properties.
    pub properties: Documented,
    /// Whether the walk of the response schemas stopped at its budget (the property
    /// figures are then a lower bound).
    pub truncated: bool,
}

impl Coverage {
    /// Summaries, descriptions and visibility over all three kinds.
    pub fn totals(&self) -> (Share, Share, Share) {
        let all = [self.operations, self.parameters, self.properties];
        let sum =
            |f: fn(&Documented) -> Share| all.iter().map(f).fold(Share::default(), Share::plus);
        (
            sum(|d| d.summary),
            sum(|d| d.description),
            sum(|d| d.visibility),
        )
    }

    /// "Summaries 100% · descriptions 86% · visibility 40% (12 operations, 40
    /// parameters, 210 properties)".
    pub fn sentence(&self) -> String {
        let (s, d, v) = self.totals();
        let pct = |x: Share| {
            x.percent()
                .map_or_else(|| "–".to_owned(), |p| format!("{p}%"))
        };
        let n = |k: u32, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        format!(
            "Summaries {} · descriptions {} · visibility {} ({}, {}, {})",
            pct(s),
            pct(d),
            pct(v),
            n(self.operations.count, "operation", "operations"),
            n(self.parameters.count, "parameter", "parameters"),
            n(self.properties.count, "property", "properties"),
        )
    }
}

/// A verified upload: the package the blob was checked against and when. Holds no
/// signature and no key (the SAS URI itself is `packages.sasUri`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase", default)]
pub struct UploadRecord {
    /// The outer zip that was uploaded.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub package: PathBuf,
    /// Its SHA-256 (lowercase hex), which the blob downloaded through the SAS matched.
    pub sha256: String,
    /// Its size in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// The blob's URL, without the SAS.
    pub blob_url: String,
    /// The SAS's expiry (`se`), as written in it.
    pub expires: Option<String>,
    /// When the download through the SAS matched, RFC 3339 UTC.
    pub verified_at: String,
    /// SHA-256 of the SAS URI that was verified: a different URI in the form is not.
    pub sas_sha256: String,
}

impl UploadRecord {
    /// Whether `uri` (the form's SAS URI) is the one that was verified.
    pub fn verifies(&self, uri: &str) -> bool {
        !self.sas_sha256.is_empty()
            && crate::inventory::sha256_hex(uri.trim().as_bytes()) == self.sas_sha256
    }
}

impl Default for Submission {
    fn default() -> Self {
        Submission {
            format: DRAFT_FORMAT,
            offer: Offer::default(),
            packages: Packages::default(),
            properties: Properties::default(),
            availability: Availability::default(),
            overrides: Vec::new(),
            upload: None,
            update: Update::default(),
            tracker: Tracker::default(),
            kind: SubmissionKind::PowerPlatform,
            power_query: PowerQueryDraft::default(),
        }
    }
}

/// Who publishes the connector.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub enum PublisherKind {
    /// Owns the backend service; submits through Partner Center.
    #[default]
    Verified,
    /// Does not own the service; submits through a GitHub pull request.
    Independent,
}

impl fmt::Display for PublisherKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PublisherKind::Verified => "verified",
            PublisherKind::Independent => "independent",
        })
    }
}

/// Offer setup.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Offer {
    /// Internal, unique offer name (also the default bundle name).
    pub name: String,
    /// Verified or independent publisher.
    pub publisher: PublisherKind,
    /// "AI plugin enabled": the package then needs a third (plugin) solution.
    pub plugin_enabled: bool,
    /// Version of this submission, e.g. `1.0.0`.
    pub version: String,
    /// The eligibility questions.
    pub eligibility: Eligibility,
}

/// The Packages tab: the files that make the upload, and the OAuth client id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Packages {
    /// `intro.md` for the outer root.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub intro: Option<PathBuf>,
    /// Exported connector solution zip.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub connector_solution: Option<PathBuf>,
    /// Exported flow solution zip.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub flow_solution: Option<PathBuf>,
    /// Exported AI plugin solution zip (plugin-enabled offers only).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub plugin_solution: Option<PathBuf>,
    /// A prebuilt Package Deployer package zip, used as-is instead of the solutions.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub package: Option<PathBuf>,
    /// The connector source folder (`apiDefinition.swagger.json`, ...), optional.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub source_dir: Option<PathBuf>,
    /// OAuth client id (the secret is held separately and never written).
    pub oauth_client_id: String,
    /// SAS URI of the uploaded blob.
    pub sas_uri: String,
}

impl Packages {
    /// Every file or folder the draft names (intro, solutions, package, source folder).
    pub fn files(&self) -> impl Iterator<Item = &PathBuf> {
        [
            &self.intro,
            &self.connector_solution,
            &self.flow_solution,
            &self.plugin_solution,
            &self.package,
            &self.source_dir,
        ]
        .into_iter()
        .flatten()
    }

    /// [`Packages::files`], to change them in place.
    pub fn files_mut(&mut self) -> impl Iterator<Item = &mut PathBuf> {
        [
            &mut self.intro,
            &mut self.connector_solution,
            &mut self.flow_solution,
            &mut self.plugin_solution,
            &mut self.package,
            &mut self.source_dir,
        ]
        .into_iter()
        .flatten()
    }
}

/// The Properties tab.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Properties {
    /// Up to three Partner Center categories ([`crate::rules::PARTNER_CENTER_CATEGORIES`]).
    pub categories: Vec<String>,
    /// Legal terms.
    pub legal: Legal,
    /// Privacy policy link (https).
    pub privacy_policy_url: String,
    /// Support document link (https).
    pub support_document_url: String,
}

/// Legal terms: exactly one of the Standard Contract or an EULA URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Legal {
    /// Use the Microsoft commercial marketplace Standard Contract.
    pub standard_contract: bool,
    /// Or: the https URL of the publisher's own EULA.
    pub eula_url: String,
}

/// The Availability tab (and the notification audience of Review and publish).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Availability {
    /// HideKey: lowercase letters and digits; empty means the offer is public.
    pub hide_key: String,
    /// E-mail addresses notified about the submission.
    pub notification_emails: Vec<String>,
    /// Notes for certification (Review and publish): what Microsoft's testers need,
    /// such as a test account and the steps to try the connector.
    pub certification_notes: String,
}

/// A rule allowed (its findings dropped) or downgraded to a lesser severity, with the
/// reason. Given in the draft or in `certpack.toml` (`[[override]]` tables).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Override {
    /// Rule code, e.g. `OPS-04`.
    pub code: String,
    /// Drop the rule's findings.
    pub allow: bool,
    /// Or: report them with this (lesser) severity.
    pub severity: Option<Severity>,
    /// Why: required, and shown in every report.
    pub reason: String,
    /// Only findings whose file path contains this text.
    pub file: Option<String>,
}

/// An override as applied to one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct AppliedOverride {
    /// The override.
    #[serde(flatten)]
    pub rule: Override,
    /// Where it came from (`certpack.toml`, `draft`).
    pub source: String,
    /// How many findings it changed in this report.
    pub count: usize,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Microsoft enforces it: the submission will be rejected.
    Error,
    /// A should, or a rule known only from third parties.
    Warning,
    /// Style or a note.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// Where a finding is: a file (with `!/` separating a path inside a zip, e.g.
/// `pkg.zip!/PkgAssets/connector.zip!/solution.xml`), a JSON pointer and line:column
/// when known, or a form field id (e.g. `availability.hideKey`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// File path, `!/` into zips.
    pub file: Option<String>,
    /// JSON pointer (RFC 6901) inside the file.
    pub pointer: Option<String>,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column (in characters).
    pub column: Option<u32>,
    /// Form field id.
    pub field: Option<String>,
}

impl Location {
    /// A location in a file.
    pub fn file(path: impl Into<String>) -> Self {
        Location {
            file: Some(path.into()),
            ..Location::default()
        }
    }

    /// A location on a form field.
    pub fn field(id: impl Into<String>) -> Self {
        Location {
            field: Some(id.into()),
            ..Location::default()
        }
    }

    /// Adds a JSON pointer.
    #[must_use]
    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// Adds a form field id.
    #[must_use]
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Adds a line and column.
    #[must_use]
    pub fn with_line_col(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut wrote = false;
        if let Some(file) = &self.file {
            f.write_str(file)?;
            if let (Some(l), Some(c)) = (self.line, self.column) {
                write!(f, ":{l}:{c}")?;
            }
            if let Some(p) = &self.pointer {
                write!(f, "#{p}")?;
            }
            wrote = true;
        }
        if let Some(field) = &self.field {
            if wrote {
                f.write_str(" ")?;
            }
            write!(f, "[field {field}]")?;
        }
        Ok(())
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// Stable rule code, e.g. `PKG-03`.
    pub code: String,
    /// Severity after overrides.
    pub severity: Severity,
    /// What is wrong, in one sentence, naming the thing.
    pub message: String,
    /// Where.
    #[serde(flatten)]
    pub location: Location,
    /// What to do about it (and a link to Microsoft's page when there is one).
    pub help: Option<String>,
    /// For a comparison of two versions (BRK): the place in the previous version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub previous: Option<Location>,
}

/// The findings of one run, in a stable order (errors first, then by place).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// What was checked (a path, or `submission`).
    pub target: String,
    /// What the target was detected as.
    pub kind: TargetKind,
    /// Every finding.
    pub diagnostics: Vec<Diagnostic>,
    /// Overrides taken (see [`crate::overrides`]).
    pub overrides: Vec<AppliedOverride>,
}

/// What a checked path was detected as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub enum TargetKind {
    /// The outer upload: `intro.md` + package zip.
    #[default]
    Outer,
    /// A Package Deployer package zip (`PkgAssets/`).
    Package,
    /// A Dataverse solution zip.
    Solution,
    /// A connector source folder.
    SourceFolder,
    /// A submission draft and the files it names.
    Submission,
    /// A SAS URI and the blob behind it.
    SasUri,
    /// A Power Query connector: a `.mez` (or its signed variant `.pqx`).
    Mez,
}

/// Counts per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
}

impl Report {
    /// An empty report about `target`.
    pub fn new(target: impl Into<String>, kind: TargetKind) -> Self {
        Report {
            target: target.into(),
            kind,
            diagnostics: Vec::new(),
            overrides: Vec::new(),
        }
    }

    /// Counts per severity.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for d in &self.diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Codes of all findings, in order (handy in tests and summaries).
    pub fn codes(&self) -> Vec<&str> {
        self.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    /// Sorts findings: by file, then line, then severity, then code; deduplicates.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (
                &a.location.file,
                &a.location.field,
                a.location.line,
                a.location.column,
                a.severity,
                &a.code,
            )
                .cmp(&(
                    &b.location.file,
                    &b.location.field,
                    b.location.line,
                    b.location.column,
                    b.severity,
                    &b.code,
                ))
                .then_with(|| a.message.cmp(&b.message))
        });
        self.diagnostics.dedup();
    }
}

/// One entry of the package at any level, as listed by `inspect`, the preview and
/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct EntryInfo {
    /// Full path, `!/` into nested zips (relative to the outer zip).
    pub path: String,
    /// Uncompressed size in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// Lowercase hex SHA-256 of the uncompressed bytes.
    pub sha256: String,
    /// Nesting depth: 0 for the outer root's entries.
    pub depth: u32,
    /// Whether the entry is a zip that was opened and listed too.
    pub is_archive: bool,
}

/// A progress event of a long operation (bundle, verify).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase", tag = "event", content = "data")]
pub enum Progress {
    /// A phase started; `total` bytes will be processed in it.
    Phase {
        /// Phase name: `package`, `outer`, `verify`.
        name: String,
        /// Bytes to process in this phase.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        total: u64,
    },
    /// Bytes done so far in the current phase, with the entry being processed.
    Bytes {
        /// Bytes done in this phase.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        done: u64,
        /// Entry being processed.
        entry: String,
    },
}

/// What a bundle wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct BundleSummary {
    /// The outer zip.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub outer: PathBuf,
    /// `<outer>.sha256` (sha256sum format).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub checksum_file: PathBuf,
    /// `manifest.json`.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub manifest: PathBuf,
    /// SHA-256 of the outer zip.
    pub sha256: String,
    /// Size of the outer zip.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// Every entry at every level.
    pub entries: Vec<EntryInfo>,
    /// Findings of the re-check of the written package (and of the inputs).
    pub report: Report,
    /// `CHANGELOG.md` beside the package (an update with a changelog), listed in the
    /// manifest and in `<outer>.sha256`.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub changelog: Option<PathBuf>,
}
