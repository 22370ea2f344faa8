//! The rule registry.
//!
//! Each rule is one [`Rule`] constant — code, default severity, one-line title, an
//! explanation with the fix, and the Microsoft page it comes from — declared next to
//! the check that reports it, in one file per family:
//!
//! - [`eligibility`]: Microsoft's certification criteria (ELG): the publisher owns the API,
//!   the authentication, support, uptime, and how fully the definition is documented;
//! - [`package`]: the upload layout (PKG); [`solution`]: the solutions in it (SOL);
//! - [`files`]: reading problems (FILE, JSON, ZIP);
//! - [`form`]: the Partner Center form (PC, SAS-01/02);
//! - [`upload`]: the blob behind the SAS URI (SAS-03, checked over the network);
//! - [`integrity`]: a written package against its checksums (SUM);
//! - [`breaking`]: an update against the version certified before (BRK);
//! - [`prfolder`]: the open-source pull request folder (PRF);
//! - [`pq`]: Power Query connectors, a `.mez` / `.pqx` and its section document (PQ);
//! - [`pqdocs`]: a Power Query submission's article, blog paragraph and changelog
//!   (PQ-08, PQ-36…38, PQ-41…43);
//! - [`content`]: one connector's files (TTL, DSC, STR, ICN, PRP, SWG, OPS, RSP, PTH,
//!   PAR, MED, SCH, EXT, WHK, CSX, DOC, SEC, XCK, PC-08), one file per family under
//!   `content/`.
//!
//! Checks report through a [`Sink`], which turns a rule and a place into a
//! [`Diagnostic`]. [`all`] lists every rule (from [`FAMILIES`], each family's
//! `FAMILY` that [`rules!`] declares), for `certpack rules` and `explain`.

use crate::model::{Diagnostic, Location, Severity};

/// Declares a family's rules, each once, and the family's list of them (its
/// `FAMILY`, listed in [`FAMILIES`], from which [`all`] is built):
///
/// ```text
/// rules! {
///     OPS_01 {
///         code: "OPS-01", severity: Error, scope: Connector,
///         title: "…", explanation: "…", url: SWR,
///         validator: ["OperationIdRequired"],    // optional: Microsoft's names for it
///         offline: false,                        // optional: cannot be checked here
///     }
/// }
/// ```
///
/// Defined before the family modules so each of them can use it.
macro_rules! rules {
    ($(
        $id:ident {
            code: $code:literal,
            severity: $sev:ident,
            scope: $scope:ident,
            title: $title:literal,
            explanation: $expl:expr,
            url: $url:expr
            $(, validator: [$($name:literal),* $(,)?])?
            $(, offline: $offline:literal)?
            $(,)?
        }
    )*) => {
        $(
            #[doc = concat!($code, ": ", $title, ".")]
            pub const $id: $crate::rules::Rule = $crate::rules::Rule {
                code: $code,
                severity: $crate::model::Severity::$sev,
                scope: $crate::rules::Scope::$scope,
                title: $title,
                explanation: $expl,
                url: $url,
                validator: &[$($($name),*)?],
                offline: true $(&& $offline)?,
            };
        )*
        /// This family: its rules in declaration order and, in tests, its cases.
        pub static FAMILY: $crate::rules::Family = $crate::rules::Family {
            rules: &[$(&$id),*],
            #[cfg(test)]
            cases: tests::cases,
        };
    };
}

pub mod breaking;
#[cfg(test)]
pub(crate) mod cases;
pub mod content;
pub mod eligibility;
pub mod files;
pub mod form;
pub mod integrity;
pub mod package;
pub mod pq;
pub mod pqdocs;
pub mod prfolder;
pub mod solution;
pub mod upload;

pub use form::PARTNER_CENTER_CATEGORIES;

/// Rules whose findings point at a secret (the typed client secret found in a file,
/// a secret-looking property, a `client_secret` literal in a `.mez`): their place is
/// given, their source line is never shown.
pub const SECRET_CODES: &[&str] = &["SEC-01", "PRP-05", "PQ-32"];

/// One certification rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, as in certification-requirements.md §8 / package-format.md §4.
    pub code: &'static str,
    /// Default severity (some rules report a lesser severity for a lesser case).
    pub severity: Severity,
    /// What the rule looks at.
    pub scope: Scope,
    /// One line: what the rule wants.
    pub title: &'static str,
    /// Why, and how to fix it.
    pub explanation: &'static str,
    /// Microsoft's page for it, when there is one.
    pub url: Option<&'static str>,
    /// The names Microsoft's validators and policies give what this rule checks
    /// (`OperationIdSanitized`, `5000.1.1.7`), so a certification report can be
    /// matched to it.
    pub validator: &'static [&'static str],
    /// Whether certpack checks it on this machine. `false` for what only Microsoft's
    /// servers or people can judge: the rule is listed so its absence is visible.
    pub offline: bool,
}

/// What a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Scope {
    /// Reading any file: missing, unreadable, not JSON, unsafe zip.
    File,
    /// The Partner Center form.
    Form,
    /// One connector's files (definition, properties, icon, script, README).
    Connector,
    /// One Dataverse solution zip.
    Solution,
    /// The Package Deployer package (`PkgAssets/`).
    Package,
    /// The upload behind the SAS URI (`intro.md` + the package).
    Upload,
    /// Several inputs of one submission together (source folder against solution,
    /// form against definition).
    Submission,
    /// An update against the version certified before.
    Update,
    /// The package certpack wrote, against its checksums.
    Export,
    /// The open-source pull request folder (`certified-connectors/<Name>/`).
    Repository,
    /// A Power Query connector (`.mez` / `.pqx`): its archive and section document.
    PowerQuery,
    /// What a Power Query submission tells people: the documentation article, the
    /// blog paragraph, the changelog.
    PqDocs,
}

impl Scope {
    /// The scope's name, as `certpack rules` prints it.
    pub fn name(self) -> &'static str {
        match self {
            Scope::File => "file",
            Scope::Form => "form",
            Scope::Connector => "connector",
            Scope::Solution => "solution",
            Scope::Package => "package",
            Scope::Upload => "upload",
            Scope::Submission => "submission",
            Scope::Update => "update",
            Scope::Export => "export",
            Scope::Repository => "repository",
            Scope::PowerQuery => "power-query",
            Scope::PqDocs => "pq-docs",
        }
    }
}

impl Rule {
    /// The help text attached to findings: the fix and the link.
    pub fn help(&self) -> String {
        match self.url {
            Some(url) => format!("{} See {url}", self.explanation),
            None => self.explanation.to_owned(),
        }
    }
}

/// A family of rules, declared with `rules!` in one file with their checks.
#[derive(Debug)]
pub struct Family {
    /// Its rules, in declaration order.
    pub rules: &'static [&'static Rule],
    /// A firing and a silent case for each rule (the family's `tests::cases`).
    #[cfg(test)]
    pub cases: fn() -> Vec<cases::Case>,
}

/// Every family, in the order `certpack rules` lists them.
static FAMILIES: &[&Family] = &[
    &eligibility::FAMILY,
    &package::FAMILY,
    &solution::FAMILY,
    &files::FAMILY,
    &form::FAMILY,
    &upload::FAMILY,
    &integrity::FAMILY,
    &content::text::FAMILY,
    &content::icon::FAMILY,
    &content::properties::FAMILY,
    &content::swagger::FAMILY,
    &content::structure::FAMILY,
    &content::operations::FAMILY,
    &content::responses::FAMILY,
    &content::paths::FAMILY,
    &content::parameters::FAMILY,
    &content::media::FAMILY,
    &content::schemas::FAMILY,
    &content::extensions::FAMILY,
    &content::webhooks::FAMILY,
    &content::script::FAMILY,
    &content::docs::FAMILY,
    &content::secrets::FAMILY,
    &content::cross::FAMILY,
    &breaking::FAMILY,
    &prfolder::FAMILY,
    &pq::FAMILY,
    &pqdocs::FAMILY,
];

/// Every rule certpack knows, family by family.
pub fn all() -> &'static [&'static Rule] {
    static ALL: std::sync::LazyLock<Vec<&'static Rule>> = std::sync::LazyLock::new(|| {
        FAMILIES
            .iter()
            .flat_map(|f| f.rules.iter().copied())
            .collect()
    });
    &ALL
}

/// The rule with this code (case-insensitive).
pub fn find(code: &str) -> Option<&'static Rule> {
    all()
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}

/// Collects findings.
#[derive(Debug, Default)]
pub struct Sink {
    diagnostics: Vec<Diagnostic>,
}

impl Sink {
    /// An empty sink.
    pub fn new() -> Self {
        Sink::default()
    }

    /// Replaces every written form of the client secret (`needles`) in the findings'
    /// messages and places with [`crate::secret::REDACTED`]: a rule quoting a value
    /// (a title, a key, a file name) never shows the secret.
    pub fn redact(&mut self, needles: &[crate::secret::Needle]) {
        if needles.is_empty() {
            return;
        }
        let fix = |s: &mut String| {
            if let std::borrow::Cow::Owned(r) = crate::secret::redact_with(needles, s) {
                *s = r;
            }
        };
        for d in &mut self.diagnostics {
            fix(&mut d.message);
            for s in [&mut d.location.file, &mut d.location.pointer, &mut d.help]
                .into_iter()
                .flatten()
            {
                fix(s);
            }
        }
    }

    /// Reports `rule` at `location` with its default severity.
    pub fn emit(&mut self, rule: &Rule, location: Location, message: impl Into<String>) {
        self.emit_as(rule, rule.severity, location, message);
    }

    /// Reports `rule` with an explicit severity (for rules with a lesser case).
    pub fn emit_as(
        &mut self,
        rule: &Rule,
        severity: Severity,
        location: Location,
        message: impl Into<String>,
    ) {
        self.diagnostics.push(Diagnostic {
            code: rule.code.to_owned(),
            severity,
            message: message.into(),
            location,
            help: Some(rule.help()),
            previous: None,
        });
    }

    /// Reports `rule` for a comparison of two versions: `location` in the current
    /// version, `previous` in the previous one.
    pub fn emit_compared(
        &mut self,
        rule: &Rule,
        severity: Severity,
        location: Location,
        previous: Location,
        message: impl Into<String>,
    ) {
        self.emit_as(rule, severity, location, message);
        if let Some(d) = self.diagnostics.last_mut() {
            d.previous = Some(previous);
        }
    }

    /// Adds findings made elsewhere.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(diagnostics);
    }

    /// The findings so far.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Takes the findings.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_documented() {
        let mut codes: Vec<&str> = all().iter().map(|r| r.code).collect();
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n, "duplicate rule code");
        for r in all() {
            assert!(
                !r.title.is_empty() && !r.explanation.is_empty(),
                "{} lacks text",
                r.code
            );
            assert!(
                !r.title.ends_with('.'),
                "{}: titles are one line without a full stop",
                r.code
            );
            assert!(
                r.url.is_none_or(|u| u.starts_with("https://")),
                "{}",
                r.code
            );
        }
    }

    #[test]
    fn find_is_case_insensitive() {
        assert_eq!(find("pkg-03").map(|r| r.code), Some("PKG-03"));
        assert!(find("NOPE-1").is_none());
    }
}
