//! Test cases of the rules: for each rule of each family, an input on which it
//! fires and a near miss on which it stays silent. Each family keeps its cases in
//! its `tests::cases()`, beside the rules and their checks; `cases_fire_and_stay_silent`
//! runs them all, and `every_rule_has_cases` fails when a rule certpack checks has
//! none.

use crate::model::{Diagnostic, Severity};
use crate::rules::Rule;

/// One case of a rule.
pub struct Case {
    /// The rule.
    pub rule: &'static Rule,
    /// The severity it must be reported with on `fires`.
    pub severity: Severity,
    /// Findings on an input the rule must report.
    pub fires: fn() -> Vec<Diagnostic>,
    /// Findings on a near miss the rule must not report with that severity.
    pub silent: fn() -> Vec<Diagnostic>,
}

/// Every finding of `check` on `bytes` saved as `name` in a temporary folder (the
/// zips of the cases are built in memory with [`crate::example::zip_of`] and its
/// siblings; the file is there only because `check` takes a path).
pub fn check_bytes(name: &str, bytes: &[u8], plugin: bool) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write: {e}"));
    let opts = crate::check::CheckOptions {
        plugin,
        ..Default::default()
    };
    crate::check::check_path(&path, &opts)
        .map(|r| r.diagnostics)
        .unwrap_or_default()
}

/// Every finding of `check` on a connector source folder holding `files` (name,
/// bytes), after `prepare` has had its way with the folder (for files that cannot be
/// given as bytes).
pub fn check_folder(files: &[(&str, Vec<u8>)], prepare: fn(&std::path::Path)) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let path = dir.path().join("connector");
    std::fs::create_dir(&path).unwrap_or_else(|e| panic!("mkdir: {e}"));
    for (name, bytes) in files {
        std::fs::write(path.join(name), bytes).unwrap_or_else(|e| panic!("write: {e}"));
    }
    prepare(&path);
    crate::check::check_path(&path, &crate::check::CheckOptions::default())
        .map(|r| r.diagnostics)
        .unwrap_or_default()
}

/// [`check_bytes`] on a `.mez` named `name` holding `files` (name, bytes).
pub fn check_mez(name: &str, files: &[(&str, &[u8])]) -> Vec<Diagnostic> {
    check_bytes(name, &crate::example::zip_of(files), false)
}

/// The clean Power Query sample's section document (`tests/fixtures/pq/HelloWorld`).
pub const HELLO_PQ: &str = include_str!("../../../../tests/fixtures/pq/HelloWorld/HelloWorld.pq");

/// [`HELLO_PQ`] with each `(from, to)` replaced once (each `from` must be in it).
pub fn hello_pq(edits: &[(&str, &str)]) -> String {
    let mut pq = HELLO_PQ.to_owned();
    for (from, to) in edits {
        assert!(pq.contains(from), "the fixture lacks {from:?}");
        pq = pq.replacen(from, to, 1);
    }
    pq
}

/// A `HelloWorld.mez` holding the section document `pq`, as read.
pub fn mez_connector(pq: &str) -> crate::pq::PqConnector {
    let bytes = crate::example::zip_of(&[("HelloWorld.pq", pq.as_bytes())]);
    let mut a = crate::read::zip::Archive::open_bytes(bytes, "HelloWorld.mez", Default::default())
        .unwrap_or_else(|e| panic!("zip: {e:?}"));
    crate::pq::from_archive(&mut crate::rules::Sink::new(), &mut a)
}

/// Every finding of `check NEW.mez --previous OLD.mez` ([`crate::check::check_update`])
/// on two `HelloWorld.mez` files holding the section documents `old` and `new`.
pub fn check_mez_pair(old: &str, new: &str) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let write = |side: &str, pq: &str| {
        let folder = dir.path().join(side);
        std::fs::create_dir(&folder).unwrap_or_else(|e| panic!("mkdir: {e}"));
        let path = folder.join("HelloWorld.mez");
        let bytes = crate::example::zip_of(&[("HelloWorld.pq", pq.as_bytes())]);
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write: {e}"));
        path
    };
    let (before, now) = (write("old", old), write("new", new));
    crate::check::check_update(&before, &now, &crate::check::CheckOptions::default())
        .unwrap_or_else(|e| panic!("check_update: {e}"))
}

/// [`check_bytes`] on an upload of `solutions`.
pub fn check_upload(solutions: &[(&str, Vec<u8>)]) -> Vec<Diagnostic> {
    let pkg = crate::example::package_of(solutions);
    check_bytes("upload.zip", &crate::example::upload_of(&pkg), false)
}

/// [`check_upload`] of the example's connector solution and `flow`, or of `connector`
/// and the example's flow solution.
pub fn check_solutions(
    connector: crate::example::SolutionSpec,
    flow: crate::example::SolutionSpec,
) -> Vec<Diagnostic> {
    check_upload(&[
        ("Connector.zip", connector.build()),
        ("Flow.zip", flow.build()),
    ])
}

/// Every finding of the comparison of two versions of a connector (BRK, PRP-08):
/// `diff previous current`.
pub fn check_pair(
    previous: &crate::connector::ConnectorFiles,
    current: &crate::connector::ConnectorFiles,
) -> Vec<Diagnostic> {
    crate::diff::compare(previous, current).diagnostics
}

/// Every finding of [`crate::rules::pqdocs::check_article`] on the markdown `text`
/// of an article named `name`.
pub fn check_markdown(
    name: &str,
    text: &str,
    facts: Option<&crate::pq::docs::DocFacts>,
) -> Vec<Diagnostic> {
    let mut sink = crate::rules::Sink::new();
    crate::rules::pqdocs::check_article(&mut sink, name, text, facts);
    sink.into_diagnostics()
}

impl Case {
    /// A case where the rule fires with its default severity.
    pub fn new(
        rule: &'static Rule,
        fires: fn() -> Vec<Diagnostic>,
        silent: fn() -> Vec<Diagnostic>,
    ) -> Self {
        Case {
            rule,
            severity: rule.severity,
            fires,
            silent,
        }
    }

    /// A case where the rule fires with a lesser severity.
    pub fn reported_as(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::super::FAMILIES;

    #[test]
    fn cases_fire_and_stay_silent() {
        let mut failures = Vec::new();
        for family in FAMILIES {
            for case in (family.cases)() {
                let code = case.rule.code;
                let fired = (case.fires)();
                if !fired
                    .iter()
                    .any(|d| d.code == code && d.severity == case.severity)
                {
                    failures.push(format!(
                        "{code} did not fire as {}: {:?}",
                        case.severity,
                        fired
                            .iter()
                            .map(|d| format!("{} {} {}", d.code, d.severity, d.message))
                            .collect::<Vec<_>>()
                    ));
                }
                let silent = (case.silent)();
                if let Some(d) = silent
                    .iter()
                    .find(|d| d.code == code && d.severity == case.severity)
                {
                    failures.push(format!(
                        "{code} fired on its near miss: {} {}",
                        d.severity, d.message
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Every rule checked here (`offline`) has at least one case, in its own family.
    #[test]
    fn every_rule_has_cases() {
        let mut missing = Vec::new();
        let mut elsewhere = Vec::new();
        for family in FAMILIES {
            let cases = (family.cases)();
            for case in &cases {
                if !family.rules.iter().any(|r| r.code == case.rule.code) {
                    elsewhere.push(case.rule.code);
                }
            }
            for rule in family.rules.iter().filter(|r| r.offline) {
                if !cases.iter().any(|c| c.rule.code == rule.code) {
                    missing.push(rule.code);
                }
            }
        }
        assert!(
            missing.is_empty(),
            "{} rule(s) without a firing and a silent case: {}",
            missing.len(),
            missing.join(", ")
        );
        elsewhere.sort_unstable();
        elsewhere.dedup();
        assert!(
            elsewhere.is_empty(),
            "cases kept outside their rule's family: {}",
            elsewhere.join(", ")
        );
    }
}
