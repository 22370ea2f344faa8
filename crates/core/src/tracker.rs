//! Life after submission (after-submission.md §2.3, §3, §7.3, §10): the preview-test
//! checklist built from the connector and the draft, the tracker's timeline with the
//! sign-off deadline and the expected deployment calendar, that calendar as an
//! `.ics` file, and the pasted certification report mapped to certpack's rules.
//!
//! Everything here is a pure function of its inputs (the clock is a parameter), so
//! the same draft gives the same checklist, timeline and `.ics` bytes.

use std::fmt::Write as _;
use std::sync::LazyLock;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use memchr::memmem::Finder;
use serde::Serialize;
use sha2::{Digest, Sha256};
#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::calendar::{self, CalendarOptions, TRAIN_ZONE};
use crate::connector::{ConnectorFiles, JsonFile, Origin};
use crate::model::{Submission, Tracker, TrackerEvent, TrackerState};
use crate::read::json::Value;
use crate::rules;
use crate::rules::content::definition;
use crate::{Error, Result};

// ---------------------------------------------------------------------------
// The preview-test checklist
// ---------------------------------------------------------------------------

/// One thing to do or check in the preview environment. Its `id` is stable: it is
/// made from names (an operationId, a connection parameter set's name), never from
/// a position, so the ticks kept in [`Tracker::checked`] survive edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct ChecklistItem {
    /// Stable id (`signIn`, `op:CreateTask`, `params:oauth`, ...).
    pub id: String,
    /// The group it is shown under ("Sign in", "Actions and triggers", ...).
    pub group: String,
    /// What to do, one sentence.
    pub text: String,
    /// More about it, when there is more to say.
    pub detail: Option<String>,
}

/// Groups of the checklist, in the order they are shown.
pub const GROUP_SIGN_IN: &str = "Sign in";
/// Settings of an environment of your own (the self-service flow).
pub const GROUP_ENVIRONMENT: &str = "Your own environment";
/// Connections.
pub const GROUP_CONNECTIONS: &str = "Connections";
/// Operations.
pub const GROUP_OPERATIONS: &str = "Actions and triggers";
/// Sign-off.
pub const GROUP_SIGN_OFF: &str = "Sign-off";

fn item(id: &str, group: &str, text: String, detail: Option<&str>) -> ChecklistItem {
    ChecklistItem {
        id: id.to_owned(),
        group: group.to_owned(),
        text,
        detail: detail.map(str::to_owned),
    }
}

/// The preview-test checklist (after-submission.md §3) for the draft's connector:
/// signing in, finding the certified connector, the settings of an own environment,
/// the production OAuth client (named by its client id, never the secret), one item
/// per visible action and trigger (`op:<operationId>`; internal operations are
/// skipped, deprecated ones marked), one per connection parameter set
/// (`params:<name>`, else one `connection` item), the "See documentation" note and
/// Go live within 2 business days. Operations and sets are listed sorted by id, so
/// the list does not depend on their order in the files. Without a connector the
/// operations are one item, `operations`.
pub fn checklist(connector: Option<&ConnectorFiles>, sub: &Submission) -> Vec<ChecklistItem> {
    let mut out = Vec::new();
    let title = connector.and_then(connector_title);
    out.push(item(
        "signIn",
        GROUP_SIGN_IN,
        "In Partner Center, open the offer's Product overview and select the Store link under \
         Publisher signoff."
            .into(),
        Some(
            "The link opens the preview environment Microsoft deployed the certified connector to.",
        ),
    ));
    out.push(item(
        "password",
        GROUP_SIGN_IN,
        "Sign in with the user name and one-time password from certificationteam@microsoft.com, \
         and change the password."
            .into(),
        None,
    ));
    out.push(item(
        "findConnector",
        GROUP_SIGN_IN,
        match &title {
            Some(t) => format!(
                "Under Custom connectors, find your certified connector \u{201c}{t}\u{201d}: the build \
                 Microsoft deployed to Preview, not your own custom connector of the same name."
            ),
            None => "Under Custom connectors, find your certified connector: the build Microsoft \
                     deployed to Preview, not your own custom connector of the same name."
                .into(),
        },
        None,
    ));
    let env = [
        (
            "env:licence",
            "Have a Power Automate or Power Apps licence, a trial (30 days) or the free Developer Plan.",
        ),
        (
            "env:region",
            "Create the environment in the Preview (United States) region, wherever you are.",
        ),
        (
            "env:type",
            "Make it a Production or Trial environment, not a Sandbox.",
        ),
        ("env:database", "Create it without a database."),
    ];
    for (id, text) in env {
        out.push(item(
            id,
            GROUP_ENVIRONMENT,
            text.into(),
            Some("Only when Microsoft asks you to test in an environment of your own."),
        ));
    }
    let uses_oauth = connector.map_or_else(
        || !sub.packages.oauth_client_id.trim().is_empty(),
        ConnectorFiles::uses_oauth,
    );
    if uses_oauth {
        let id = sub.packages.oauth_client_id.trim();
        out.push(item(
            "oauthClient",
            GROUP_CONNECTIONS,
            if id.is_empty() {
                "Check that the production OAuth client is in place: sign in through a new connection \
                 with a production account."
                    .into()
            } else {
                format!(
                    "Check that the production OAuth client `{id}` is in place: sign in through a new \
                     connection with a production account."
                )
            },
            Some(
                "The client id and secret are the ones given in Partner Center's Packages tab; \
                 certpack never keeps the secret.",
            ),
        ));
    }
    let sets = connector.map(parameter_sets).unwrap_or_default();
    if sets.is_empty() {
        out.push(item(
            "connection",
            GROUP_CONNECTIONS,
            "Create a new connection (not one made with your own custom connector).".into(),
            None,
        ));
    } else {
        for (name, display) in sets {
            let shown = display.unwrap_or_else(|| name.clone());
            out.push(item(
                &format!("params:{name}"),
                GROUP_CONNECTIONS,
                format!(
                    "Create a new connection with the \u{201c}{shown}\u{201d} option (`{name}`)."
                ),
                None,
            ));
        }
    }
    let ops = connector.map(operations).unwrap_or_default();
    if connector.is_none() || ops.is_empty() {
        out.push(item(
            "operations",
            GROUP_OPERATIONS,
            "In new flows, test every trigger and every action, with every field.".into(),
            None,
        ));
    }
    for op in ops {
        let kind = if op.trigger { "trigger" } else { "action" };
        let name = match &op.summary {
            Some(s) => format!("\u{201c}{s}\u{201d} (`{}`)", op.id),
            None => format!("`{}`", op.id),
        };
        let mut text = format!("Test the {kind} {name} in a new flow, with every field.");
        if op.deprecated {
            text = format!("Test the deprecated {kind} {name} in a new flow, with every field.");
        }
        out.push(ChecklistItem {
            id: format!("op:{}", op.id),
            group: GROUP_OPERATIONS.to_owned(),
            text,
            detail: op.deprecated.then(|| {
                "Deprecated: hidden from new flows, but existing flows still run it.".to_owned()
            }),
        });
    }
    out.push(item(
        "seeDocumentation",
        GROUP_SIGN_OFF,
        "Expect the \u{201c}See documentation\u{201d} link not to work yet: it works once the \
         production deployment is done, and is not a defect."
            .into(),
        None,
    ));
    out.push(item(
        "goLive",
        GROUP_SIGN_OFF,
        "Within 2 business days of the preview, select Go live under Publisher signoff (or report \
         the problems to Microsoft in Partner Center)."
            .into(),
        Some("Past the 2 business days the preview expires and the offer is rejected."),
    ));
    out
}

/// How many items are ticked, and how many there are: ticks of ids no longer in the
/// list (an operation renamed or removed) do not count.
pub fn progress(items: &[ChecklistItem], tracker: &Tracker) -> (usize, usize) {
    let ticked = items
        .iter()
        .filter(|i| tracker.checked.contains(&i.id))
        .count();
    (ticked, items.len())
}

fn connector_title(c: &ConnectorFiles) -> Option<String> {
    c.swagger
        .as_ref()
        .and_then(JsonFile::root)
        .and_then(|r| r.pointer("/info/title"))
        .and_then(Value::as_str)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| Some(c.label.clone()).filter(|s| !s.is_empty()))
}

struct OpItem {
    id: String,
    summary: Option<String>,
    trigger: bool,
    deprecated: bool,
}

/// The visible operations, sorted by id, each id once.
fn operations(c: &ConnectorFiles) -> Vec<OpItem> {
    let Some(root) = c.swagger.as_ref().and_then(JsonFile::root) else {
        return Vec::new();
    };
    let mut out: Vec<OpItem> = definition::list(root)
        .iter()
        .filter(|op| !op.is_internal())
        .map(|op| OpItem {
            id: op.label(),
            summary: op
                .value
                .get("summary")
                .and_then(Value::as_str)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty()),
            trigger: op.is_trigger(),
            deprecated: op.is_deprecated(),
        })
        .collect();
    // a repeated operationId is OPS-01's finding; here it is one item
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    out
}

/// The connection parameter sets (`connectionParameterSets.values` in
/// apiProperties, `sets` in a solution): name and display name, sorted by name.
fn parameter_sets(c: &ConnectorFiles) -> Vec<(String, Option<String>)> {
    let Some(root) = c.properties.as_ref().and_then(JsonFile::root) else {
        return Vec::new();
    };
    let sets = match c.origin {
        Origin::SourceFolder => root
            .pointer("/properties/connectionParameterSets/values")
            .and_then(Value::as_array),
        Origin::Solution => root
            .get("sets")
            .and_then(|s| s.as_array().or_else(|| s.get("values")?.as_array())),
    };
    let mut out: Vec<(String, Option<String>)> = sets
        .unwrap_or_default()
        .iter()
        .filter_map(|set| {
            let name = set.get("name")?.as_str()?.trim();
            if name.is_empty() {
                return None;
            }
            let display = set
                .pointer("/uiDefinition/displayName")
                .and_then(Value::as_str)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty());
            Some((name.to_owned(), display))
        })
        .collect();
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

// ---------------------------------------------------------------------------
// The timeline
// ---------------------------------------------------------------------------

/// What a timeline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub enum EntryKind {
    /// A state recorded in the tracker.
    Done,
    /// An estimate from Microsoft's published schedule.
    Expected,
    /// A date by which the publisher must act.
    Deadline,
}

/// One date of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    /// What happens (or happened).
    pub label: String,
    /// `YYYY-MM-DD`, Pacific time.
    pub date: String,
    /// `HH:MM`, Pacific time, when the entry has a clock time.
    pub time: Option<String>,
    /// Done, expected or deadline.
    pub kind: EntryKind,
    /// A done entry: the state recorded. An expected entry: the state that begins
    /// then (the train start: `deploying`; the expected completion: `live`). A
    /// deadline: the state when it passes unmet (`expired`).
    pub state: Option<TrackerState>,
}

/// The tracker as dates: what was recorded, what is expected, and what to do now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    /// The current state: the last one recorded.
    pub state: Option<TrackerState>,
    /// Every entry, by date (recorded events first on the same day).
    pub entries: Vec<TimelineEntry>,
    /// What the publisher does now, in one sentence.
    pub next: Option<String>,
}

/// The name of a state, as the timeline shows it.
pub fn state_label(state: TrackerState) -> &'static str {
    match state {
        TrackerState::PrOpen => "Pull request opened",
        TrackerState::PrMerged => "Pull request merged",
        TrackerState::Submitted => "Submitted (Publish selected)",
        TrackerState::AttentionNeeded => "Attention needed: certification report received",
        TrackerState::PreviewReady => "Preview ready",
        TrackerState::Expired => "Preview expired",
        TrackerState::GoLive => "Go live selected",
        TrackerState::Deploying => "Deployment started",
        TrackerState::Live => "Live in every region",
        TrackerState::GaRequested => "General availability requested",
        TrackerState::Ga => "Generally available",
    }
}

/// The state as serialised (`previewReady`), for messages.
fn state_code(state: TrackerState) -> String {
    serde_json::to_value(state)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// When an event happened: an instant, or a day without a clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    Instant(Timestamp),
    Day(Date),
}

fn pacific() -> Result<TimeZone> {
    TimeZone::get(TRAIN_ZONE).map_err(|e| Error::Input(e.to_string()))
}

fn bad(e: jiff::Error) -> Error {
    Error::Input(e.to_string())
}

/// Reads an event's `at`: RFC 3339 with an offset, a local date and time (Pacific),
/// or a date.
fn parse_at(ev: &TrackerEvent, n: usize, tz: &TimeZone) -> Result<At> {
    let text = ev.at.trim();
    if let Ok(t) = text.parse::<Timestamp>() {
        return Ok(At::Instant(t));
    }
    if let Ok(dt) = text.parse::<DateTime>()
        && text.len() > 10
    {
        return dt
            .to_zoned(tz.clone())
            .map(|z| At::Instant(z.timestamp()))
            .map_err(bad);
    }
    if let Ok(d) = text.parse::<Date>() {
        return Ok(At::Day(d));
    }
    Err(Error::Input(format!(
        "the tracker's event {n} (`{}`) is dated `{}`, which is neither an RFC 3339 time with its \
         offset (2026-03-05T07:30:00-08:00) nor a date (2026-03-05)",
        state_code(ev.state),
        ev.at
    )))
}

impl At {
    /// Pacific date and, for an instant, clock time.
    fn local(self, tz: &TimeZone) -> (Date, Option<Time>) {
        match self {
            At::Instant(t) => {
                let dt = t.to_zoned(tz.clone()).datetime();
                (dt.date(), Some(dt.time()))
            }
            At::Day(d) => (d, None),
        }
    }

    /// The instant, a day counting from its start.
    fn start(self, tz: &TimeZone) -> Result<Timestamp> {
        match self {
            At::Instant(t) => Ok(t),
            At::Day(d) => d.to_zoned(tz.clone()).map(|z| z.timestamp()).map_err(bad),
        }
    }
}

fn hhmm(t: Time) -> String {
    t.strftime("%H:%M").to_string()
}

/// `Tue 10 Mar`.
fn day_text(d: Date) -> String {
    d.strftime("%a %-d %b").to_string()
}

fn entry(
    label: impl Into<String>,
    date: Date,
    time: Option<Time>,
    kind: EntryKind,
    state: Option<TrackerState>,
) -> TimelineEntry {
    TimelineEntry {
        label: label.into(),
        date: date.to_string(),
        time: time.map(hhmm),
        kind,
        state,
    }
}

/// The sign-off deadline of a preview that became ready at `at`: 2 working days
/// later at the same clock time (a date alone: the end of the second working day
/// after it). Business days are weekdays without US federal holidays and the extra
/// days off; deployment freezes do not stop the clock.
struct Deadline {
    date: Date,
    time: Option<Time>,
    /// From the start of the window to its end, as instants.
    start: Timestamp,
    end: Timestamp,
}

fn deadline(at: At, opts: &CalendarOptions, tz: &TimeZone) -> Result<Deadline> {
    let business = CalendarOptions {
        freezes: Vec::new(),
        ..opts.clone()
    };
    match at {
        At::Instant(t) => {
            let end = calendar::add_working_days(t, 2, &business)?;
            let local = end.to_zoned(tz.clone()).datetime();
            Ok(Deadline {
                date: local.date(),
                time: Some(local.time()),
                start: t,
                end,
            })
        }
        At::Day(d) => {
            let date = calendar::working_days_after(d, 2, &business)?;
            let end = date
                .tomorrow()
                .map_err(bad)?
                .to_zoned(tz.clone())
                .map_err(bad)?
                .timestamp();
            Ok(Deadline {
                date,
                time: None,
                start: at.start(tz)?,
                end,
            })
        }
    }
}

/// The tracker as a timeline at `now`: every recorded event (done); from the last
/// `previewReady` not followed by Go live, the sign-off deadline (after-submission.md
/// §7.3); from the last `goLive`, while the state is `goLive` or `deploying`, the
/// expected deployment calendar of [`calendar::deployment`] (train start, the six
/// region groups, the expected completion, and Microsoft's "3–4 weeks" as a
/// labelled estimate). A Go live recorded as a date alone counts from the end of
/// that day (the later train, when the hour is unknown). `next` says what to do now;
/// past half the preview window it warns.
///
/// An `at` that is not a time or a date is an [`Error::Input`] naming the event.
pub fn timeline(tracker: &Tracker, now: Timestamp, opts: &CalendarOptions) -> Result<Timeline> {
    let tz = pacific()?;
    let mut events = Vec::with_capacity(tracker.events.len());
    for (i, ev) in tracker.events.iter().enumerate() {
        let at = parse_at(ev, i + 1, &tz)?;
        events.push((at.start(&tz)?, at, ev));
    }
    // oldest first; events at the same moment keep the order they were recorded in
    events.sort_by_key(|(start, _, _)| *start);
    let mut entries = Vec::new();
    for (_, at, ev) in &events {
        let (date, time) = at.local(&tz);
        let mut label = state_label(ev.state).to_owned();
        let note = ev.note.trim();
        if !note.is_empty() {
            label = format!("{label}: {note}");
        }
        entries.push(entry(label, date, time, EntryKind::Done, Some(ev.state)));
    }
    let state = events.last().map(|(_, _, ev)| ev.state);
    let last_of = |s: TrackerState| events.iter().rposition(|(_, _, ev)| ev.state == s);
    let preview = last_of(TrackerState::PreviewReady).filter(|&p| {
        !events[p + 1..].iter().any(|(_, _, ev)| {
            matches!(
                ev.state,
                TrackerState::GoLive | TrackerState::Expired | TrackerState::Submitted
            )
        })
    });
    let mut next = None;
    if let Some(p) = preview {
        let dl = deadline(events[p].1, opts, &tz)?;
        entries.push(entry(
            "Sign-off deadline: select Go live before the preview expires",
            dl.date,
            dl.time,
            EntryKind::Deadline,
            Some(TrackerState::Expired),
        ));
        let by = match dl.time {
            Some(t) => format!("{}, {} PT", day_text(dl.date), hhmm(t)),
            None => day_text(dl.date),
        };
        let half = dl
            .start
            .checked_add(dl.end.duration_since(dl.start) / 2)
            .map_err(bad)?;
        next = Some(if now >= dl.end {
            format!(
                "The preview window closed {by}: unless Go live was selected, the offer was \
                 rejected; record Expired and resubmit the offer."
            )
        } else if now >= half {
            format!(
                "More than half the preview window has passed: finish testing in the preview \
                 environment and select Go live by {by}."
            )
        } else {
            format!("Test in the preview environment and select Go live by {by}.")
        });
    }
    let deploying = matches!(state, Some(TrackerState::GoLive | TrackerState::Deploying));
    if let Some(g) = last_of(TrackerState::GoLive).filter(|_| deploying) {
        let go_live = match events[g].1 {
            At::Instant(t) => t,
            At::Day(d) => d
                .to_datetime(Time::constant(23, 59, 59, 0))
                .to_zoned(tz.clone())
                .map_err(bad)?
                .timestamp(),
        };
        let c = calendar::deployment(go_live, opts)?;
        entries.push(entry(
            "Deployment train starts (expected)",
            c.train_start,
            None,
            EntryKind::Expected,
            Some(TrackerState::Deploying),
        ));
        for (i, (name, day)) in c.groups.iter().enumerate() {
            entries.push(entry(
                format!("Region group {}: {name} (expected)", i + 1),
                *day,
                None,
                EntryKind::Expected,
                None,
            ));
        }
        entries.push(entry(
            "Deployment complete (expected)",
            c.expected_complete,
            None,
            EntryKind::Expected,
            Some(TrackerState::Live),
        ));
        entries.push(entry(
            "Microsoft's estimate, 3 weeks after Go live (3\u{2013}4 weeks on average)",
            c.window.0,
            None,
            EntryKind::Expected,
            None,
        ));
        entries.push(entry(
            "Microsoft's estimate, 4 weeks after Go live (3\u{2013}4 weeks on average)",
            c.window.1,
            None,
            EntryKind::Expected,
            None,
        ));
        let today = now.to_zoned(tz.clone()).date();
        next = Some(if today > c.expected_complete {
            format!(
                "The deployment was expected done by {}: record Live when the connector's \
                 documentation page appears, or ask Microsoft (their average is 3\u{2013}4 weeks, \
                 to {}).",
                day_text(c.expected_complete),
                day_text(c.window.1)
            )
        } else {
            format!(
                "Wait for the deployment: the train is expected to start {} and to reach every \
                 region by {}.",
                day_text(c.train_start),
                day_text(c.expected_complete)
            )
        });
    }
    if next.is_none() {
        next = state.and_then(next_for);
    }
    if state.is_none() {
        next = Some(
            "Select Publish in Partner Center, then record it here to follow the certification."
                .into(),
        );
    }
    // by date; on the same day what was recorded first, then untimed before timed
    entries.sort_by(|a, b| {
        (&a.date, a.kind != EntryKind::Done, &a.time).cmp(&(
            &b.date,
            b.kind != EntryKind::Done,
            &b.time,
        ))
    });
    Ok(Timeline {
        state,
        entries,
        next,
    })
}

/// What to do in a state that has no dates to compute.
fn next_for(state: TrackerState) -> Option<String> {
    let s = match state {
        TrackerState::PrOpen => {
            "Answer the certification team's review of the pull request (1\u{2013}2 weeks per round)."
        }
        TrackerState::PrMerged => {
            "Submit the package in Partner Center (Publish), built from the merged files."
        }
        TrackerState::Submitted => {
            "Wait for the certification report or the preview e-mail from certificationteam@microsoft.com."
        }
        TrackerState::AttentionNeeded => {
            "Fix what the certification report lists (paste it here to map it to certpack's rules) \
             and resubmit on the same offer."
        }
        TrackerState::PreviewReady => "Test in the preview environment and select Go live.",
        TrackerState::Expired => {
            "Resubmit the offer in Partner Center: the preview expired without Go live."
        }
        TrackerState::GoLive | TrackerState::Deploying => {
            "Wait for the deployment: one region group per working day."
        }
        TrackerState::Live => {
            "Request general availability from ConnectorPartnerMgmtTeam@service.microsoft.com once \
             the connector meets the criteria."
        }
        TrackerState::GaRequested => {
            "Wait for Microsoft to remove the preview tag (about a month)."
        }
        TrackerState::Ga => return None,
    };
    Some(s.to_owned())
}

// ---------------------------------------------------------------------------
// .ics
// ---------------------------------------------------------------------------

/// The timeline's expected and deadline entries as an iCalendar file (RFC 5545):
/// all-day events for dates, a timed event in UTC for an entry with a clock time
/// (the sign-off deadline). `UID`s are made from the offer, the label and the date,
/// and `DTSTAMP` from the last recorded event (1980-01-01 without one), so the same
/// draft gives the same bytes. Lines end in CRLF and are folded at 75 octets
/// without splitting a character.
pub fn ics(timeline: &Timeline, offer_name: &str) -> String {
    let tz = pacific().ok();
    let instant = |e: &TimelineEntry| -> Option<Timestamp> {
        let date: Date = e.date.parse().ok()?;
        let time: Time = e.time.as_deref()?.parse().ok()?;
        date.to_datetime(time)
            .to_zoned(tz.clone()?)
            .ok()
            .map(|z| z.timestamp())
    };
    let stamp = timeline
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::Done)
        .filter_map(|e| {
            instant(e).or_else(|| {
                e.date
                    .parse::<Date>()
                    .ok()
                    .and_then(|d| d.to_zoned(TimeZone::UTC).ok())
                    .map(|z| z.timestamp())
            })
        })
        .max()
        .map_or_else(|| "19800101T000000Z".to_owned(), utc_stamp);
    let offer = if offer_name.trim().is_empty() {
        "the connector"
    } else {
        offer_name.trim()
    };
    let mut out = String::new();
    let mut line = |s: &str| fold_line(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(concat!(
        "PRODID:-//certpack//certpack ",
        env!("CARGO_PKG_VERSION"),
        "//EN"
    ));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!(
        "X-WR-CALNAME:{}",
        escape_text(&format!("{offer}: certification"))
    ));
    for e in &timeline.entries {
        if e.kind == EntryKind::Done {
            continue;
        }
        let Ok(date) = e.date.parse::<Date>() else {
            continue;
        };
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", uid(offer, &e.label, &e.date)));
        line(&format!("DTSTAMP:{stamp}"));
        match instant(e) {
            Some(t) => line(&format!("DTSTART:{}", utc_stamp(t))),
            None => {
                line(&format!("DTSTART;VALUE=DATE:{}", date.strftime("%Y%m%d")));
                if let Ok(after) = date.tomorrow() {
                    line(&format!("DTEND;VALUE=DATE:{}", after.strftime("%Y%m%d")));
                }
            }
        }
        line(&format!(
            "SUMMARY:{}",
            escape_text(&format!("{offer}: {}", e.label))
        ));
        let description = match e.kind {
            EntryKind::Deadline => {
                "Test the connector in the preview environment and select Go live under Publisher \
                 signoff in Partner Center before this time; otherwise the preview expires and the \
                 offer is rejected."
            }
            _ => {
                "An estimate from Microsoft's published schedule (trains start on Friday mornings, \
                 Pacific time; one region group per working day; no deployments on weekends or US \
                 holidays), not a promise."
            }
        };
        line(&format!("DESCRIPTION:{}", escape_text(description)));
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

fn utc_stamp(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn uid(offer: &str, label: &str, date: &str) -> String {
    let mut h = Sha256::new();
    for part in [offer, label, date] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let hex = hex::encode(h.finalize());
    format!("{}@certpack", hex.chars().take(32).collect::<String>())
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, `;`, `,` and newlines.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets (RFC 5545 §3.1): continuation lines
/// start with a space, and no UTF-8 character is split.
fn fold_line(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

// ---------------------------------------------------------------------------
// The certification report
// ---------------------------------------------------------------------------

/// One line of a pasted certification report, with the certpack rule it matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct ReportLine {
    /// 1-based line number.
    pub line: u32,
    /// The line as pasted.
    pub text: String,
    /// The certpack rule code it matches.
    pub code: Option<String>,
    /// That rule's title (`None` when this certpack does not know the code yet).
    pub title: Option<String>,
    /// That rule's explanation, fix and link.
    pub help: Option<String>,
}

/// At most this many bytes of a report are read.
pub const MAX_REPORT_BYTES: usize = 1 << 20;
/// At most this many lines of a report are read.
pub const MAX_REPORT_LINES: usize = 10_000;

/// The breaking-change validator's messages (updates-and-breaking-changes.md §1.2,
/// V1–V8) and the phrasings and policy numbers the references quote from
/// certification reports, bot comments and Partner Center
/// (certification-requirements.md §2.2, §2.5, §6), besides the validator names the
/// rules carry in the registry (`Rule::validator`), which come first.
const REPORT_PHRASES: &[(&str, &str)] = &[
    // breaking changes
    (
        "The operation has been deleted. This change breaks existing flows",
        "BRK-01",
    ),
    (
        "The path template has been changed for the operation",
        "BRK-03",
    ),
    ("The location has been changed for the parameter", "BRK-05"),
    (
        "The list of enum values has been added to the input field",
        "BRK-10",
    ),
    ("The required input field has been added", "BRK-08"),
    ("The output field has been deleted", "BRK-13"),
    ("The type has been changed for the output field", "BRK-14"),
    (
        "The type format has been changed for the output field",
        "BRK-15",
    ),
    // the independent-publisher bot and Partner Center
    ("Not able to download the package", "SAS-03"),
    ("Not able to deserialize the package", "PKG-10"),
    ("Package should contain a flow package", "SOL-03"),
    ("Invalid package structure", "PKG-02"),
    ("Solution package not found at root", "PKG-04"),
    (
        "Only one solution package zip should be present at the root",
        "PKG-04",
    ),
    ("'PkgAssets' folder missing", "PKG-06"),
    ("package should contain an icon", "SOL-07"),
    ("Looks like this is not an OAuth connector", "PC-07"),
    ("'x-ms-connector-metadata' is missing", "SWG-07"),
    // ConnectorPackageValidator.ps1
    ("should contain both intro.md and package zip", "PKG-03"),
    (
        "should contain a folder ideally named 'PkgAssets'",
        "PKG-06",
    ),
    ("should contain three files namely", "SOL-01"),
    ("should only contain 'Connector' folder", "SOL-02"),
    ("should contain both 'Connector' and 'Workflows'", "SOL-03"),
    (
        "should contain 'Connector', 'aiplugins' and 'aipluginoperations'",
        "SOL-05",
    ),
    // policy numbers not carried by a rule of the registry
    ("5000.1.1.1", "SOL-07"),
    ("5000.1.1.2", "PKG-03"),
    ("5000.1.1.3", "SOL-07"),
    ("5000.1.1.6", "SOL-03"),
    ("5000.1.1.8", "SOL-02"),
    ("5000.1.1.10", "PKG-08"),
    ("5000.1.1.12", "PKG-06"),
    ("5000.1.1.13", "PKG-08"),
    ("5000.1.1.14", "SOL-03"),
    ("5000.1.1.15", "SOL-04"),
    ("5000.1.1.16", "SOL-01"),
    ("5000.2.1.2", "ICN-03"),
    ("5000.2.1.3", "ICN-01"),
    ("5000.2.1.4", "ICN-02"),
    ("5000.2.4.1", "RSP-03"),
    ("5000.2.4.2", "RSP-02"),
    ("5000.2.6.9", "PRP-07"),
    ("5000.2.6.10", "PRP-07"),
    ("5000.3.1.2", "SAS-02"),
];

struct Needle {
    finder: Finder<'static>,
    len: usize,
    code: &'static str,
    /// The name is given to several rules (the first in the registry is taken):
    /// any other match on the line wins over it.
    ambiguous: bool,
    /// A policy number: no digit or `.digit` may follow.
    number: bool,
}

static NEEDLES: LazyLock<Vec<Needle>> = LazyLock::new(|| {
    let mut list: Vec<(String, &'static str, bool)> = Vec::new();
    let registry = rules::all()
        .iter()
        .flat_map(|r| r.validator.iter().map(move |v| (*v, r.code)));
    for (name, code) in registry.chain(REPORT_PHRASES.iter().copied()) {
        let lower = name.to_ascii_lowercase();
        match list.iter_mut().find(|(n, _, _)| *n == lower) {
            Some((_, first, ambiguous)) => *ambiguous |= *first != code,
            None => list.push((lower, code, false)),
        }
    }
    list.into_iter()
        .map(|(text, code, ambiguous)| Needle {
            len: text.len(),
            number: text.starts_with(|c: char| c.is_ascii_digit()),
            finder: Finder::new(text.as_bytes()).into_owned(),
            code,
            ambiguous,
        })
        .collect()
});

/// Whether the match at `at` stands on its own: not inside a longer name or number.
fn standalone(hay: &[u8], at: usize, n: &Needle) -> bool {
    let before = at.checked_sub(1).and_then(|i| hay.get(i)).copied();
    let after = hay.get(at + n.len).copied();
    let after2 = hay.get(at + n.len + 1).copied();
    let alnum = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    let digit = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_digit());
    let first = hay.get(at).copied();
    let last = (at + n.len)
        .checked_sub(1)
        .and_then(|i| hay.get(i))
        .copied();
    if n.number {
        let glued_before = digit(before) || before == Some(b'.');
        let glued_after = digit(after) || (after == Some(b'.') && digit(after2));
        return !(glued_before || glued_after);
    }
    let glued_before = alnum(first) && alnum(before);
    let glued_after = alnum(last) && alnum(after);
    !(glued_before || glued_after)
}

/// The rule a line matches: a name or phrase given once beats one given to several
/// rules, then the longest, then the first on the line.
fn match_line(line: &str) -> Option<&'static str> {
    let hay = line.to_ascii_lowercase().into_bytes();
    let mut best: Option<(bool, usize, std::cmp::Reverse<usize>, &'static str)> = None;
    for n in NEEDLES.iter() {
        let Some(at) = n.finder.find_iter(&hay).find(|&at| standalone(&hay, at, n)) else {
            continue;
        };
        let key = (!n.ambiguous, n.len, std::cmp::Reverse(at), n.code);
        if best.is_none_or(|b| (key.0, key.1, key.2) > (b.0, b.1, b.2)) {
            best = Some(key);
        }
    }
    best.map(|b| b.3)
}

/// Whether [`map_report`] cuts `text` (more than [`MAX_REPORT_LINES`] lines or
/// [`MAX_REPORT_BYTES`] bytes): its last line is then the note saying so.
pub fn report_is_cut(text: &str) -> bool {
    let mut used = 0usize;
    for (i, raw) in text.lines().enumerate() {
        if i >= MAX_REPORT_LINES || used >= MAX_REPORT_BYTES || raw.len() > MAX_REPORT_BYTES - used
        {
            return true;
        }
        used = used.saturating_add(raw.len() + 1);
    }
    false
}

/// Maps a pasted certification report to certpack's rules, line by line: each line
/// that names a rule of Microsoft's validators (the names in the registry), a
/// breaking-change message, a policy number (5000.x) or a phrase the references
/// quote gets the rule's code, title and help; the other lines are kept, without a
/// code, so the report reads in order. At most [`MAX_REPORT_BYTES`] and
/// [`MAX_REPORT_LINES`] are read; when the text is cut, a last line says so.
/// Matching is plain case-insensitive (ASCII) substring search: linear in the text.
pub fn map_report(text: &str) -> Vec<ReportLine> {
    let mut out = Vec::new();
    let mut used = 0usize;
    let mut cut = false;
    for (i, raw) in text.lines().enumerate() {
        if i >= MAX_REPORT_LINES || used >= MAX_REPORT_BYTES {
            cut = true;
            break;
        }
        let room = MAX_REPORT_BYTES - used;
        let line_text = if raw.len() > room {
            // a line past the budget is cut on a character boundary
            cut = true;
            raw.char_indices()
                .take_while(|(at, c)| at + c.len_utf8() <= room)
                .map(|(_, c)| c)
                .collect::<String>()
        } else {
            raw.to_owned()
        };
        used = used.saturating_add(raw.len() + 1);
        let code = match_line(&line_text);
        let rule = code.and_then(rules::find);
        out.push(ReportLine {
            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
            text: line_text,
            code: code.map(str::to_owned),
            title: rule.map(|r| r.title.to_owned()),
            help: rule.map(rules::Rule::help),
        });
        if cut {
            break;
        }
    }
    if cut {
        let mut note = String::new();
        let _ = write!(
            note,
            "certpack read the first {} lines of the report (at most {} lines and 1 MiB); \
             the rest was not mapped.",
            out.len(),
            MAX_REPORT_LINES
        );
        out.push(ReportLine {
            line: u32::try_from(out.len() + 1).unwrap_or(u32::MAX),
            text: note,
            code: None,
            title: None,
            help: None,
        });
    }
    out
}

#[cfg(test)]
mod tests;
