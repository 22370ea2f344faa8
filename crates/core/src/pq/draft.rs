//! A Power Query connector's draft (a [`Submission`] of kind
//! [`SubmissionKind::PowerQuery`]): what the desktop wizard checks on every edit,
//! exports and shows on its sheet. One mechanism with the CLI's `bundle --mez`: the
//! draft's paths become [`PqInputs`] and go through [`bundle::plan`]; a file not
//! chosen yet is FILE-01 at its form field, a file chosen and gone is FILE-01 with
//! its path, and every finding in a file is also placed at the field that names the
//! file (the step that shows it).

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::{Diagnostic, Location, Report, Submission, TargetKind};
use crate::pq::bundle::{self, PqInputs, PqListing, PqPlan};
use crate::pq::docs::{self, DocFacts};
use crate::read::zip::Limits;
use crate::rules::Sink;
use crate::rules::files::FILE_01;
use crate::sheet::SheetRow;
use crate::{Error, Result};

/// The form field of each file of the draft.
pub const FIELD_MEZ: &str = "powerQuery.mez";
/// See [`FIELD_MEZ`].
pub const FIELD_ARTICLE: &str = "powerQuery.article";
/// See [`FIELD_MEZ`].
pub const FIELD_BLURB: &str = "powerQuery.blurb";
/// See [`FIELD_MEZ`].
pub const FIELD_CHANGELOG: &str = "powerQuery.changelog";
/// The form field of the certified `.mez` an update is compared with.
pub const FIELD_PREVIOUS: &str = "powerQuery.previous";

/// One demo scenario Microsoft asks to see recorded (after-submission.md §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    /// Stable id, kept in the draft when ticked.
    pub id: &'static str,
    /// What the recording shows.
    pub text: &'static str,
}

/// The demo video's scenarios, all required, in the order they are recorded.
pub const SCENARIOS: [Scenario; 9] = [
    Scenario {
        id: "load",
        text: "Load the connector as a custom connector in Power BI Desktop.",
    },
    Scenario {
        id: "get-data",
        text: "Select it from Get Data.",
    },
    Scenario {
        id: "authenticate",
        text: "Authenticate successfully.",
    },
    Scenario {
        id: "navigator",
        text: "Pick a table in the Navigator.",
    },
    Scenario {
        id: "report",
        text: "Load the data and build a simple report.",
    },
    Scenario {
        id: "publish",
        text: "Publish the report to the Power BI service.",
    },
    Scenario {
        id: "change",
        text: "Change a value in the backend service.",
    },
    Scenario {
        id: "gateway-refresh",
        text: "Refresh the semantic model in the service through the on-premises data gateway, \
               refresh the visual, and see the new value.",
    },
    Scenario {
        id: "desktop-refresh",
        text: "Refresh in Power BI Desktop and see the new value.",
    },
];

/// A demo scenario with whether the publisher recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DemoItem {
    /// [`Scenario::id`].
    pub id: String,
    /// [`Scenario::text`].
    pub text: String,
    /// Ticked in the draft.
    pub done: bool,
}

/// Everything the wizard shows of a Power Query draft, from one check.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PqDraftCheck {
    /// Every finding (form fields, the `.mez`, the texts, an update's comparison),
    /// with the draft's overrides applied.
    pub report: Report,
    /// What the `.mez` says (name, label, Release State, authentication, the data
    /// source function), when it could be read.
    pub facts: Option<DocFacts>,
    /// The folder as it will be written (names, sizes, SHA-256); its files are those
    /// chosen so far.
    pub listing: PqListing,
    /// Whether every file the folder needs is chosen (else it cannot be exported).
    pub complete: bool,
    /// What Microsoft asks, with the values to paste.
    pub sheet: Vec<SheetRow>,
    /// The demo checklist with its ticks.
    pub demo: Vec<DemoItem>,
    /// An update compared with the certified `.mez` (BRK-31…36), when both are there.
    pub comparison: Option<crate::diff::Comparison>,
    /// The icon Get Data shows beside the label (the 32 px one, else the largest
    /// below it, else the smallest), as a `data:image/png;base64,…` URL.
    pub icon: Option<PqIcon>,
}

/// One icon of the `.mez`, for the picture of the Get Data entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PqIcon {
    /// Its entry name (`ContosoTasks32.png`).
    pub name: String,
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// `data:image/png;base64,…`.
    pub data_url: String,
}

/// The largest icon read for the picture.
const MAX_ICON: u64 = 1 << 20;

/// The icon Get Data shows, read from the `.mez` (see [`PqDraftCheck::icon`]).
fn get_data_icon(mez: &Path, limits: Limits) -> Option<PqIcon> {
    let loaded = crate::pq::load(mez, limits).ok()?;
    let c = loaded.connector?;
    let sized: Vec<_> = c
        .icons
        .iter()
        .filter_map(|i| Some((i, i.size?)))
        .filter(|(_, (w, h))| w == h)
        .collect();
    let (icon, size) = sized
        .iter()
        .filter(|(_, (w, _))| *w <= 32)
        .max_by_key(|(_, (w, _))| *w)
        .or_else(|| sized.iter().min_by_key(|(_, (w, _))| *w))
        .copied()?;
    let mut a = crate::read::zip::Archive::open_file(mez, &c.vpath, limits).ok()?;
    let entry = a.find(&icon.name)?.clone();
    let bytes = a.read(&entry, MAX_ICON).ok()?;
    bytes.starts_with(b"\x89PNG").then(|| PqIcon {
        name: icon.name.clone(),
        size,
        data_url: format!("data:image/png;base64,{}", crate::summary::base64(&bytes)),
    })
}

/// The draft's paths as [`PqInputs`], each file that is not there said at its field:
/// FILE-01 "choose …" for one not chosen, FILE-01 with its path for one chosen and
/// gone (and left out of the inputs).
fn inputs(sub: &Submission, sink: &mut Sink) -> PqInputs {
    let pq = &sub.power_query;
    let mut present = |path: &Option<PathBuf>, field: &str, what: &str| -> Option<PathBuf> {
        let Some(path) = path else {
            sink.emit(&FILE_01, Location::field(field), format!("choose {what}"));
            return None;
        };
        if path.is_file() {
            return Some(path.clone());
        }
        sink.emit(
            &FILE_01,
            Location::file(path.display().to_string()).with_field(field),
            if path.exists() {
                format!("`{}` is not a file: choose the file itself", path.display())
            } else {
                format!(
                    "there is no file at `{}`: check the path, or choose the file again",
                    path.display()
                )
            },
        );
        None
    };
    let mez = present(&pq.mez, FIELD_MEZ, "the connector (.mez)");
    let article = present(&pq.article, FIELD_ARTICLE, "the documentation article");
    let blurb = present(&pq.blurb, FIELD_BLURB, "the blog paragraph");
    let changelog = if pq.update {
        present(
            &pq.changelog,
            FIELD_CHANGELOG,
            "the changelog: an update tells its users what changed",
        )
    } else {
        None
    };
    let filled = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    PqInputs {
        mez,
        article,
        blurb,
        changelog,
        name: filled(&sub.offer.name),
        version: filled(&sub.offer.version),
        facts: None,
        testing: pq.testing.clone(),
    }
}

/// Plans the draft's folder: the CLI's plan of the same files, plus the draft's own
/// findings (files gone, an update's changelog, certified `.mez` and comparison),
/// with the draft's overrides applied: what the export writes or refuses is what the
/// wizard showed.
pub fn plan(sub: &Submission) -> Result<PqPlan> {
    planned(sub, Limits::default()).map(|p| p.plan)
}

struct Planned {
    plan: PqPlan,
    comparison: Option<crate::diff::Comparison>,
    overrides: Vec<crate::model::AppliedOverride>,
}

fn planned(sub: &Submission, limits: Limits) -> Result<Planned> {
    let mut sink = Sink::new();
    let inputs = inputs(sub, &mut sink);
    let pq = &sub.power_query;
    if pq.update && pq.previous.is_none() {
        sink.emit(
            &FILE_01,
            Location::field(FIELD_PREVIOUS),
            "choose the certified .mez this version updates, to compare them",
        );
    }
    let mut plan = bundle::plan(&inputs)?;
    let comparison = match (&pq.previous, &inputs.mez) {
        (Some(old), Some(new)) if pq.update && old.is_file() => {
            let opts = crate::check::CheckOptions {
                limits,
                ..Default::default()
            };
            match crate::diff::compare_paths(old, new, &opts) {
                Ok(c) => {
                    sink.extend(c.diagnostics.iter().cloned());
                    Some(c)
                }
                Err(e) => {
                    sink.emit(
                        &crate::rules::files::FILE_02,
                        Location::file(old.display().to_string()).with_field(FIELD_PREVIOUS),
                        format!("cannot compare with this file: {e}"),
                    );
                    None
                }
            }
        }
        _ => None,
    };
    plan.diagnostics.extend(sink.into_diagnostics());
    place_at_fields(&mut plan.diagnostics, sub);
    let mut report = Report {
        target: "draft".into(),
        kind: TargetKind::Submission,
        diagnostics: std::mem::take(&mut plan.diagnostics),
        ..Default::default()
    };
    report.sort();
    crate::overrides::apply(&mut report, &sub.overrides, "draft")?;
    plan.diagnostics = report.diagnostics;
    Ok(Planned {
        plan,
        comparison,
        overrides: report.overrides,
    })
}

/// Each finding in a file also at the field that names the file.
fn place_at_fields(diagnostics: &mut [Diagnostic], sub: &Submission) {
    let pq = &sub.power_query;
    let fields: Vec<(String, &str)> = [
        (&pq.mez, FIELD_MEZ),
        (&pq.article, FIELD_ARTICLE),
        (&pq.blurb, FIELD_BLURB),
        (&pq.changelog, FIELD_CHANGELOG),
        (&pq.previous, FIELD_PREVIOUS),
    ]
    .into_iter()
    .filter_map(|(p, f)| Some((p.as_ref()?.display().to_string(), f)))
    .collect();
    for d in diagnostics {
        if d.location.field.is_some() {
            continue;
        }
        let Some(file) = &d.location.file else {
            continue;
        };
        let owner = fields.iter().find(|(path, _)| {
            file == path
                || file
                    .strip_prefix(path.as_str())
                    .is_some_and(|rest| rest.starts_with("!/"))
        });
        if let Some((_, field)) = owner {
            d.location.field = Some((*field).to_owned());
        }
    }
}

/// Checks a Power Query draft: everything the wizard shows, from one plan. `Err`
/// only when a chosen file cannot be read, or the overrides are not valid.
pub fn check(sub: &Submission, limits: Limits) -> Result<PqDraftCheck> {
    let Planned {
        plan,
        comparison,
        overrides,
    } = planned(sub, limits)?;
    let report = Report {
        target: "draft".into(),
        kind: TargetKind::Submission,
        diagnostics: plan.diagnostics.clone(),
        overrides,
    };
    let pq = &sub.power_query;
    let demo = SCENARIOS
        .iter()
        .map(|s| DemoItem {
            id: s.id.into(),
            text: s.text.into(),
            done: pq.demo.iter().any(|d| d == s.id),
        })
        .collect();
    Ok(PqDraftCheck {
        report,
        facts: plan.facts.clone(),
        listing: plan.listing(),
        complete: plan.complete,
        sheet: plan.sheet(),
        demo,
        comparison,
        icon: pq
            .mez
            .as_deref()
            .filter(|p| p.is_file())
            .and_then(|p| get_data_icon(p, limits)),
    })
}

/// Which text [`draft_text`] drafts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum DraftText {
    /// The documentation article, from the `.mez`.
    Article,
    /// The blog paragraph, from the `.mez`.
    Blurb,
    /// An update's changelog, from the comparison with the certified `.mez`.
    Changelog,
}

/// Drafts a text from the draft's `.mez` (and, for the changelog, its comparison
/// with the certified one): the file name it should have and its content, with
/// `TODO:` where only the publisher knows.
pub fn draft_text(
    sub: &Submission,
    which: DraftText,
    today: jiff::civil::Date,
) -> Result<(String, String)> {
    let pq = &sub.power_query;
    let mez = pq
        .mez
        .as_deref()
        .ok_or_else(|| Error::Input("choose the connector (.mez) first".into()))?;
    let facts = read_facts(mez)?;
    Ok(match which {
        DraftText::Article => (
            docs::article_file_name(&facts.display_name()),
            docs::draft_article(&facts, today),
        ),
        DraftText::Blurb => (bundle::BLOG_NAME.into(), docs::draft_blurb(&facts)),
        DraftText::Changelog => {
            let old = pq.previous.as_deref().ok_or_else(|| {
                Error::Input("choose the certified .mez this version updates first".into())
            })?;
            let c = crate::diff::compare_paths(old, mez, &crate::check::CheckOptions::default())?;
            let heading = match facts.version.as_deref() {
                Some(v) => format!("{} {v}", facts.display_name()),
                None => facts.display_name(),
            };
            (
                bundle::CHANGELOG_NAME.into(),
                crate::diff::changelog(&c, &heading),
            )
        }
    })
}

/// [`draft_text`] written into a new file beside the draft at `draft_path`; its path.
/// An existing file is never replaced: it may be the publisher's own text.
pub fn write_text(
    draft_path: &Path,
    sub: &Submission,
    which: DraftText,
    today: jiff::civil::Date,
) -> Result<PathBuf> {
    let (name, text) = draft_text(sub, which, today)?;
    let folder = draft_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .ok_or_else(|| Error::Input("the draft has no folder to write beside".into()))?;
    let path = folder.join(&name);
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(Error::Input(format!(
            "`{}` already exists: choose it with Browse, or move it away to draft a new one",
            path.display()
        )));
    }
    crate::bundle::write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

fn read_facts(mez: &Path) -> Result<DocFacts> {
    crate::pq::load(mez, Limits::default())?
        .connector
        .as_ref()
        .and_then(crate::pq::PqConnector::doc_facts)
        .ok_or_else(|| {
            Error::Input(format!(
                "`{}` has no section document certpack can read: check it on the Connector step",
                mez.display()
            ))
        })
}
