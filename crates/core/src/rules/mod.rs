//! The rule registry.
//!
//! Each rule is one [`Rule`] constant — code, default severity, one-line title, an
//! explanation with the fix, and the Microsoft page it comes from — declared next to
//! the check that reports it, in one file per family:
//!
//! - [`package`]: the upload layout (PKG), solutions inside it (SOL);
//! - [`files`]: reading problems (FILE, JSON, ZIP);
//! - [`form`]: the Partner Center form (PC, SAS);
//! - [`content`]: one connector's files (TTL, DSC, STR, ICN, PRP, SWG, OPS, RSP, CSX,
//!   DOC, SEC, XCK, PC-08), one file per family under `content/`.
//!
//! Checks report through a [`Sink`], which turns a rule and a place into a
//! [`Diagnostic`]. [`ALL`] lists every rule, for `certpack rules` and `explain`.

use crate::model::{Diagnostic, Location, Severity};

/// Declares a [`Rule`] constant: `rule!(ID, "CODE", Severity, "title", "explanation", url)`.
/// Defined before the family modules so each of them can use it.
macro_rules! rule {
    ($id:ident, $code:literal, $sev:ident, $title:literal, $expl:literal, $url:expr) => {
        #[doc = concat!($code, ": ", $title, ".")]
        pub const $id: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            severity: $crate::model::Severity::$sev,
            title: $title,
            explanation: $expl,
            url: $url,
        };
    };
}

pub mod content;
pub mod files;
pub mod form;
pub mod integrity;
pub mod package;

pub use form::PARTNER_CENTER_CATEGORIES;

/// One certification rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, as in certification-requirements.md §8 / package-format.md §4.
    pub code: &'static str,
    /// Default severity (some rules report a lesser severity for a lesser case).
    pub severity: Severity,
    /// One line: what the rule wants.
    pub title: &'static str,
    /// Why, and how to fix it.
    pub explanation: &'static str,
    /// Microsoft's page for it, when there is one.
    pub url: Option<&'static str>,
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

/// Every rule certpack reports, in code order within families.
pub static ALL: &[&Rule] = &[
    &package::PKG_01,
    &package::PKG_02,
    &package::PKG_03,
    &package::PKG_04,
    &package::PKG_05,
    &package::PKG_06,
    &package::PKG_07,
    &package::PKG_08,
    &package::PKG_09,
    &package::SOL_01,
    &package::SOL_02,
    &package::SOL_03,
    &package::SOL_04,
    &package::SOL_05,
    &package::SOL_06,
    &package::SOL_07,
    &package::SOL_08,
    &files::FILE_01,
    &files::FILE_02,
    &files::JSON_01,
    &files::JSON_02,
    &files::JSON_03,
    &files::ZIP_01,
    &files::ZIP_02,
    &form::PC_01,
    &form::PC_02,
    &form::PC_03,
    &form::PC_04,
    &form::PC_05,
    &form::PC_06,
    &form::PC_07,
    &content::cross::PC_08,
    &form::SAS_01,
    &form::SAS_02,
    &integrity::SUM_01,
    &integrity::SUM_02,
    &content::text::TTL_01,
    &content::text::TTL_02,
    &content::text::TTL_03,
    &content::text::TTL_04,
    &content::text::DSC_01,
    &content::text::DSC_02,
    &content::text::DSC_03,
    &content::icon::ICN_01,
    &content::icon::ICN_02,
    &content::icon::ICN_03,
    &content::icon::ICN_04,
    &content::icon::ICN_05,
    &content::icon::ICN_06,
    &content::properties::PRP_01,
    &content::properties::PRP_02,
    &content::properties::PRP_03,
    &content::properties::PRP_04,
    &content::properties::PRP_05,
    &content::properties::PRP_06,
    &content::properties::PRP_07,
    &content::properties::PRP_08,
    &content::swagger::SWG_01,
    &content::swagger::SWG_02,
    &content::swagger::SWG_03,
    &content::swagger::SWG_04,
    &content::swagger::SWG_05,
    &content::swagger::SWG_06,
    &content::swagger::SWG_07,
    &content::swagger::SWG_08,
    &content::swagger::SWG_09,
    &content::operations::OPS_01,
    &content::operations::OPS_02,
    &content::operations::OPS_03,
    &content::operations::OPS_04,
    &content::operations::OPS_05,
    &content::operations::OPS_06,
    &content::operations::OPS_07,
    &content::operations::RSP_01,
    &content::operations::RSP_02,
    &content::operations::RSP_03,
    &content::operations::RSP_04,
    &content::operations::RSP_05,
    &content::text::STR_01,
    &content::text::STR_02,
    &content::script::CSX_01,
    &content::script::CSX_02,
    &content::script::CSX_03,
    &content::script::CSX_04,
    &content::docs::DOC_01,
    &content::docs::DOC_02,
    &content::docs::DOC_03,
    &content::docs::DOC_04,
    &content::secrets::SEC_01,
    &content::cross::XCK_01,
];

/// The rule with this code (case-insensitive).
pub fn find(code: &str) -> Option<&'static Rule> {
    ALL.iter()
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
        });
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
        let mut codes: Vec<&str> = ALL.iter().map(|r| r.code).collect();
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n, "duplicate rule code");
        for r in ALL {
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
