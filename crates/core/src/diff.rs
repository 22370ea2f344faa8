//! `diff`: what an update changes between two versions of a connector, for the
//! people who built flows and apps on the certified one.
//!
//! [`compare`] runs the BRK family ([`crate::rules::breaking`]) and PRP-08 on two
//! loaded connectors and returns a [`Comparison`]: the findings (each with its place
//! in the new version and, in `previous`, in the old one), the [`UpdateClass`]
//! (`none`, `minor` when only what Microsoft's minor-update list names changed —
//! descriptions, summaries, the contact, the apiProperties texts, colour, publisher
//! and stack owner, the README, the icon — else `major`), and one customer-facing
//! [`Change`] per finding. [`compare_paths`] reads the two versions from any kind of
//! target [`crate::check::detect`] knows; [`changelog`] drafts the customer-facing
//! changelog (updates-and-breaking-changes.md §4.2) from a comparison.
//! [`crate::check::check_update`] is [`compare_paths`]' findings, so `check NEW
//! --previous OLD` and `diff OLD NEW` agree.

use std::path::Path;

use serde::Serialize;
#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::check::{CheckOptions, detect, load_connector};
use crate::connector::ConnectorFiles;
use crate::model::{Diagnostic, Severity, TargetKind};
use crate::pq::PqConnector;
use crate::rules::{Sink, breaking};
use crate::{Error, Result};

/// How Microsoft will treat the update (updates-and-breaking-changes.md §2.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub enum UpdateClass {
    /// Nothing changed.
    #[default]
    None,
    /// Only fields of Microsoft's minor-update list changed (about 4–5 weeks).
    Minor,
    /// Anything else (about 6–10 weeks).
    Major,
}

impl UpdateClass {
    /// `none`, `minor` or `major`.
    pub fn name(self) -> &'static str {
        match self {
            UpdateClass::None => "none",
            UpdateClass::Minor => "minor",
            UpdateClass::Major => "major",
        }
    }
}

/// One change, as customers and the UI see it (one per finding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// The rule code (`BRK-01`, `PRP-08`).
    pub code: String,
    /// The operationId (or `GET /path`), when the change is about one operation.
    pub operation: Option<String>,
    /// That operation's summary (its display name).
    pub summary: Option<String>,
    /// Whether existing flows, apps or connections may break.
    pub breaking: bool,
    /// Breaking, but the operation is versioned (deprecated or hidden, with its next
    /// revision beside it).
    pub mitigated: bool,
    /// One customer-facing sentence (action display names, no JSON paths).
    pub text: String,
}

/// What an update changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// The findings, sorted like a report's (errors first at a place).
    pub diagnostics: Vec<Diagnostic>,
    /// None, minor or major.
    pub class: UpdateClass,
    /// One per finding, in the same order.
    pub changes: Vec<Change>,
}

impl Comparison {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// The codes of the rows that break existing flows, apps or connections (or may).
const BREAKING: [&str; 21] = [
    "BRK-01", "BRK-02", "BRK-03", "BRK-04", "BRK-05", "BRK-06", "BRK-07", "BRK-08", "BRK-09",
    "BRK-10", "BRK-11", "BRK-12", "BRK-13", "BRK-14", "BRK-15", "BRK-16", "BRK-17", "PRP-08",
    "BRK-19", "BRK-20", "BRK-21",
];

/// Compares the previous version of a connector with the current one.
pub fn compare(previous: &ConnectorFiles, current: &ConnectorFiles) -> Comparison {
    let out = breaking::compare(previous, current);
    let diagnostics = breaking::emit(&out.found);
    let mut pairs: Vec<(Diagnostic, Change)> = diagnostics
        .into_iter()
        .zip(&out.found)
        .map(|(d, f)| {
            let change = Change {
                code: d.code.clone(),
                operation: f.op.as_ref().map(|o| o.0.clone()),
                summary: f.op.as_ref().and_then(|o| o.1.clone()),
                breaking: BREAKING.contains(&d.code.as_str()),
                mitigated: f.mitigated,
                text: f.text.clone(),
            };
            (d, change)
        })
        .collect();
    sort(&mut pairs);
    let minor_only = pairs.iter().all(|(d, _)| d.code == "BRK-29");
    let class = if out.major_at.is_some() || !minor_only {
        UpdateClass::Major
    } else if out.minor_at.is_some() || !pairs.is_empty() {
        UpdateClass::Minor
    } else {
        UpdateClass::None
    };
    let (diagnostics, changes) = pairs.into_iter().unzip();
    Comparison {
        diagnostics,
        class,
        changes,
    }
}

/// Sorts findings with their changes like a report's, without duplicates.
fn sort(pairs: &mut Vec<(Diagnostic, Change)>) {
    let key = |d: &Diagnostic| {
        (
            d.location.file.clone(),
            d.location.line,
            d.location.column,
            d.severity,
            d.code.clone(),
            d.message.clone(),
        )
    };
    pairs.sort_by_key(|(d, _)| key(d));
    pairs.dedup_by(|a, b| a.0 == b.0);
}

/// The Power Query rows that break existing reports or credentials.
const PQ_BREAKING: [&str; 4] = ["BRK-31", "BRK-32", "BRK-33", "BRK-34"];

/// Compares the previous version of a Power Query connector (`.mez`) with the
/// current one: BRK-31…36 on their section documents. The class is `major` when a
/// breaking row (BRK-31…34) fires, `minor` when only BRK-35/36 do, `none` when the
/// section documents are the same. PQ-14 (the version not raised) is not part of
/// it: [`compare_paths`] adds it.
pub fn compare_mez(previous: &PqConnector, current: &PqConnector) -> Comparison {
    let found = breaking::pq::compare(previous, current);
    let diagnostics = breaking::emit(&found);
    let mut pairs: Vec<(Diagnostic, Change)> = diagnostics
        .into_iter()
        .zip(&found)
        .map(|(d, f)| {
            let change = Change {
                code: d.code.clone(),
                operation: f.op.as_ref().map(|o| o.0.clone()),
                summary: None,
                breaking: PQ_BREAKING.contains(&d.code.as_str()),
                mitigated: false,
                text: f.text.clone(),
            };
            (d, change)
        })
        .collect();
    sort(&mut pairs);
    let class = if pairs.iter().any(|(_, c)| c.breaking) {
        UpdateClass::Major
    } else if pairs.is_empty() {
        UpdateClass::None
    } else {
        UpdateClass::Minor
    };
    let (diagnostics, changes) = pairs.into_iter().unzip();
    Comparison {
        diagnostics,
        class,
        changes,
    }
}

/// [`compare_mez`] on two `.mez` / `.pqx` paths, with PQ-14 (the version not
/// raised) as one more finding and change. `Err` when an archive cannot be opened.
fn compare_mez_paths(previous: &Path, current: &Path, opts: &CheckOptions) -> Result<Comparison> {
    let load = |p: &Path| {
        crate::pq::load(p, opts.limits)?
            .connector
            .ok_or_else(|| Error::Input(format!("`{}` is not a readable .mez", p.display())))
    };
    let (before, now) = (load(previous)?, load(current)?);
    let mut c = compare_mez(&before, &now);
    let mut sink = Sink::new();
    crate::rules::pq::compare_versions(&mut sink, &before, &now);
    let mut pairs: Vec<(Diagnostic, Change)> =
        c.diagnostics.drain(..).zip(c.changes.drain(..)).collect();
    for d in sink.into_diagnostics() {
        let change = Change {
            code: d.code.clone(),
            operation: None,
            summary: None,
            breaking: false,
            mitigated: false,
            text: "The connector's version number was not raised.".into(),
        };
        pairs.push((d, change));
    }
    sort(&mut pairs);
    (c.diagnostics, c.changes) = pairs.into_iter().unzip();
    Ok(c)
}

/// [`compare`] on two paths, each any target [`crate::check::detect`] knows (a
/// connector folder, a solution zip, a package, an upload); two Power Query
/// connectors (`.mez`) go to [`compare_mez`]. `Err` when a path cannot be read or
/// holds no connector.
pub fn compare_paths(previous: &Path, current: &Path, opts: &CheckOptions) -> Result<Comparison> {
    let mez = |p: &Path| detect(p, opts.limits).is_ok_and(|k| k == TargetKind::Mez);
    if mez(previous) && mez(current) {
        return compare_mez_paths(previous, current, opts);
    }
    let load = |path: &Path, which: &str| -> Result<ConnectorFiles> {
        load_connector(path, opts)?
            .filter(|c| c.swagger.is_some() || c.properties.is_some())
            .ok_or_else(|| {
                Error::Input(format!(
                    "no connector found in the {which} version `{}`",
                    path.display()
                ))
            })
    };
    let before = load(previous, "previous")?;
    let now = load(current, "current")?;
    Ok(compare(&before, &now))
}

/// The §4.2 changelog draft: `## <heading> — <summary>`, then "Breaking changes"
/// (each with what users must do), "Added", "Changed" and "Deprecated", each only
/// when it has lines. Customer-facing: action display names, no JSON paths. Fixes
/// cannot be seen in the files: add a "Fixed" section by hand.
pub fn changelog(c: &Comparison, heading: &str) -> String {
    let mut breaking: Vec<String> = Vec::new();
    let mut added: Vec<String> = Vec::new();
    let mut changed: Vec<String> = Vec::new();
    let mut deprecated: Vec<String> = Vec::new();
    let mut texts = false;
    let push = |list: &mut Vec<String>, s: &str| {
        if !list.iter().any(|l| l == s) {
            list.push(s.to_owned());
        }
    };
    for ch in &c.changes {
        if ch.breaking {
            push(&mut breaking, &ch.text);
            continue;
        }
        match ch.code.as_str() {
            "BRK-23" | "BRK-24" | "BRK-25" | "BRK-27" | "BRK-35" => push(&mut added, &ch.text),
            "BRK-26" if ch.text.contains("deprecated") => push(&mut deprecated, &ch.text),
            "BRK-29" if !ch.text.starts_with("Renamed") => texts = true,
            _ => push(&mut changed, &ch.text),
        }
    }
    if texts {
        push(
            &mut changed,
            "Improved descriptions, help texts and documentation.",
        );
    }
    let summary = match c.class {
        UpdateClass::None => "No changes".to_owned(),
        UpdateClass::Minor if c.changes.iter().any(|ch| ch.code == "BRK-35") => {
            "New features; nothing breaks".to_owned()
        }
        UpdateClass::Minor if c.changes.iter().all(|ch| ch.code == "BRK-36") => "Fixes".to_owned(),
        UpdateClass::Minor => "Improved descriptions and documentation".to_owned(),
        UpdateClass::Major => {
            let mut parts = Vec::new();
            let actions = c
                .changes
                .iter()
                .filter(|ch| ch.code == "BRK-23" || ch.code == "BRK-27")
                .count();
            if actions > 0 {
                parts.push(if actions == 1 {
                    "a new action".to_owned()
                } else {
                    format!("{actions} new actions")
                });
            }
            if !breaking.is_empty() {
                parts.push(if breaking.len() == 1 {
                    "one breaking change".to_owned()
                } else {
                    format!("{} breaking changes", breaking.len())
                });
            }
            if parts.is_empty() {
                "Improvements to the connector".to_owned()
            } else {
                capitalise(&parts.join(", "))
            }
        }
    };
    let mut out = format!("## {} — {summary}\n", heading.trim());
    for (title, lines) in [
        ("Breaking changes", &breaking),
        ("Added", &added),
        ("Changed", &changed),
        ("Deprecated", &deprecated),
    ] {
        if lines.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {title}\n\n"));
        for l in lines {
            out.push_str(&format!("- {l}\n"));
        }
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::content::testing::*;

    fn with(f: impl FnOnce(&mut serde_json::Value)) -> ConnectorFiles {
        let mut v = good_swagger();
        f(&mut v);
        let mut files = good_connector();
        files.swagger = Some(json_file(
            "new/apiDefinition.swagger.json",
            &serde_json::to_string_pretty(&v).unwrap(),
        ));
        files
    }

    mod mez {
        use super::super::*;
        use crate::rules::cases::{HELLO_PQ, hello_pq, mez_connector};

        fn cmp(edits: &[(&str, &str)]) -> Comparison {
            compare_mez(&mez_connector(HELLO_PQ), &mez_connector(&hello_pq(edits)))
        }

        #[test]
        fn the_clean_sample_against_itself_is_none() {
            let c = cmp(&[]);
            assert_eq!(c.class, UpdateClass::None);
            assert!(c.diagnostics.is_empty() && c.changes.is_empty(), "{c:?}");
        }

        #[test]
        fn additions_are_minor_and_removals_major() {
            let c = cmp(&[("Anonymous = []", "Anonymous = [], Key = []")]);
            assert_eq!(c.class, UpdateClass::Minor, "{c:?}");
            assert_eq!(c.diagnostics.len(), 1);
            assert!(!c.changes[0].breaking);
            let log = changelog(&c, "1.1.0");
            assert!(log.starts_with("## 1.1.0 — New features"), "{log}");
            assert!(
                log.contains("### Added\n\n- Users can now sign in with `Key`."),
                "{log}"
            );

            let c = cmp(&[(
                "Documentation.SampleValues = {\"Hello\"}",
                "Documentation.SampleValues = {\"Hi\"}",
            )]);
            assert_eq!(c.class, UpdateClass::Minor, "{c:?}");
            assert_eq!(c.changes[0].code, "BRK-36");
            assert!(changelog(&c, "1.0.1").starts_with("## 1.0.1 — Fixes"));

            let c = cmp(&[("shared HelloWorld.Contents", "shared HelloWorld.Feed")]);
            assert_eq!(c.class, UpdateClass::Major, "{c:?}");
            assert_eq!(c.changes.len(), c.diagnostics.len());
            let gone = c.changes.iter().find(|ch| ch.code == "BRK-31").unwrap();
            assert!(gone.breaking);
            assert_eq!(gone.operation.as_deref(), Some("HelloWorld.Contents"));
            assert!(c.diagnostics.iter().all(|d| d.previous.is_some()));
            let log = changelog(&c, "2.0.0");
            assert!(
                log.contains(
                    "### Breaking changes\n\n- The `HelloWorld.Contents` function was removed"
                ),
                "{log}"
            );
            assert!(
                log.contains("### Added\n\n- Added the `HelloWorld.Feed` function."),
                "{log}"
            );
        }

        #[test]
        fn a_document_without_a_section_compares_to_nothing() {
            let c = compare_mez(&mez_connector(HELLO_PQ), &PqConnector::default());
            assert_eq!(c.class, UpdateClass::None);
        }

        #[test]
        fn many_functions_compare_in_linear_time() {
            let mut old = String::from("section Big;\n");
            let mut new = old.clone();
            for i in 0..20_000 {
                old.push_str(&format!("shared F{i} = (a as text) => a;\n"));
                new.push_str(&format!("shared G{i} = (a as text) => a;\n"));
            }
            let t = std::time::Instant::now();
            let c = compare_mez(&mez_connector(&old), &mez_connector(&new));
            assert_eq!(
                c.changes.iter().filter(|ch| ch.code == "BRK-31").count(),
                20_000
            );
            assert!(t.elapsed().as_secs() < 30, "{:?}", t.elapsed());
        }
    }

    #[test]
    fn identical_is_none_without_findings() {
        let c = compare(&good_connector(), &good_connector());
        assert_eq!(c.class, UpdateClass::None);
        assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
        assert!(c.changes.is_empty());
        // the same content written in another key order and indentation
        let reordered = with(|v| {
            let info = v.as_object_mut().unwrap().remove("info").unwrap();
            v["info"] = info;
        });
        let c = compare(&good_connector(), &reordered);
        assert_eq!(c.class, UpdateClass::None, "{:?}", c.diagnostics);
        assert!(c.diagnostics.is_empty());
    }

    #[test]
    fn text_only_update_is_minor_without_errors() {
        let new = with(|v| {
            v["info"]["description"] =
                "Contoso Tasks keeps every task of your team in one place.".into();
            v["paths"]["/tasks"]["get"]["description"] = "Lists tasks, newest first.".into();
            v["paths"]["/tasks"]["get"]["parameters"][0]["description"] = "The project.".into();
            v["definitions"]["Task"]["properties"]["title"]["description"] = "The title.".into();
        });
        let c = compare(&good_connector(), &new);
        assert_eq!(c.class, UpdateClass::Minor, "{:?}", c.diagnostics);
        assert!(!c.has_errors());
        assert!(c.diagnostics.iter().all(|d| d.code == "BRK-29"));
        let log = changelog(&c, "2026-03-05");
        assert!(
            log.starts_with("## 2026-03-05 — Improved descriptions"),
            "{log}"
        );
        assert!(log.contains("### Changed"), "{log}");
        assert!(!log.contains("### Breaking"), "{log}");
        assert!(!log.contains("### Added"), "{log}");
    }

    #[test]
    fn a_property_named_description_is_not_text() {
        let new = with(|v| {
            v["definitions"]["Task"]["properties"]
                .as_object_mut()
                .unwrap()
                .insert("description".into(), serde_json::json!({"type": "string"}));
        });
        let c = compare(&good_connector(), &new);
        assert_eq!(c.class, UpdateClass::Major, "{:?}", c.diagnostics);
        assert!(c.diagnostics.iter().any(|d| d.code == "BRK-25"));
    }

    #[test]
    fn an_unexplained_major_change_is_named() {
        let new = with(|v| {
            v["paths"]["/tasks"]["get"]["parameters"][0]["x-ms-summary"] = "Project name".into()
        });
        let c = compare(&good_connector(), &new);
        assert_eq!(c.class, UpdateClass::Major);
        assert_eq!(c.diagnostics.len(), 1, "{:?}", c.diagnostics);
        assert_eq!(c.diagnostics[0].code, "BRK-30");
        assert!(
            c.diagnostics[0].message.contains("x-ms-summary"),
            "{}",
            c.diagnostics[0].message
        );
        assert!(c.diagnostics[0].previous.is_some());
    }

    #[test]
    fn changelog_names_actions_not_paths() {
        let new = with(|v| {
            let paths = v["paths"].as_object_mut().unwrap();
            paths.remove("/projects");
            v["paths"]["/tasks/{taskId}/comments"] = serde_json::json!({"get": {
                "operationId": "ListComments", "summary": "List comments", "description": "Lists comments.",
                "responses": {"200": {"description": "The comments."}}}});
        });
        let c = compare(&good_connector(), &new);
        assert_eq!(c.class, UpdateClass::Major);
        let log = changelog(&c, "1.1.0");
        assert!(
            log.contains("### Breaking changes\n\n- The “List projects” action was removed"),
            "{log}"
        );
        assert!(
            log.contains("### Added\n\n- Added the “List comments” action."),
            "{log}"
        );
        assert!(!log.contains("/paths"), "{log}");
        assert!(!log.contains("ListProjects"), "{log}");
        assert!(log.lines().next().unwrap().chars().count() <= 120);
        let removed = c.changes.iter().find(|ch| ch.code == "BRK-01").unwrap();
        assert_eq!(removed.operation.as_deref(), Some("ListProjects"));
        assert_eq!(removed.summary.as_deref(), Some("List projects"));
        assert!(removed.breaking && !removed.mitigated);
        assert_eq!(c.changes.len(), c.diagnostics.len());
    }
}
