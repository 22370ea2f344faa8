use super::*;

use std::path::Path;

use crate::check::{self, CheckOptions};
use crate::model::TrackerEvent;

// --- helpers ---------------------------------------------------------------

fn pt(s: &str) -> Timestamp {
    s.parse::<DateTime>()
        .unwrap()
        .to_zoned(TimeZone::get(TRAIN_ZONE).unwrap())
        .unwrap()
        .timestamp()
}

fn ev(state: TrackerState, at: &str) -> TrackerEvent {
    TrackerEvent {
        state,
        at: at.into(),
        note: String::new(),
    }
}

fn tracker(events: Vec<TrackerEvent>) -> Tracker {
    Tracker {
        events,
        ..Tracker::default()
    }
}

/// An RFC 3339 instant of a Pacific local time, as the app records it.
fn rfc(s: &str) -> String {
    pt(s)
        .to_zoned(TimeZone::get(TRAIN_ZONE).unwrap())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn of_kind(t: &Timeline, kind: EntryKind) -> Vec<(String, String, Option<String>)> {
    t.entries
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| (e.label.clone(), e.date.clone(), e.time.clone()))
        .collect()
}

/// A connector folder: a swagger with these operations (`(id, summary, extra)`,
/// `extra` being JSON members added to the operation) and these apiProperties.
fn connector_dir(dir: &Path, ops: &[(&str, &str, &str)], properties: &str) {
    let mut paths = String::new();
    for (i, (id, summary, extra)) in ops.iter().enumerate() {
        if i > 0 {
            paths.push(',');
        }
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(",{extra}")
        };
        paths.push_str(&format!(
            r#""/op{i}": {{"post": {{"operationId": "{id}", "summary": "{summary}",
                "description": "Does it.", "responses": {{"200": {{"description": "OK"}}}}{extra}}}}}"#
        ));
    }
    let swagger = format!(
        r#"{{"swagger": "2.0", "info": {{"title": "Contoso Tasks", "version": "1.0",
            "description": "Tasks of Contoso projects, as a connector."}},
            "host": "api.contoso.com", "basePath": "/", "schemes": ["https"],
            "paths": {{{paths}}}}}"#
    );
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("apiDefinition.swagger.json"), swagger).unwrap();
    std::fs::write(dir.join("apiProperties.json"), properties).unwrap();
}

fn load(dir: &Path) -> ConnectorFiles {
    check::load_connector(dir, &CheckOptions::default())
        .unwrap()
        .unwrap()
}

const MULTI_AUTH: &str = r#"{"properties": {"connectionParameterSets": {
    "uiDefinition": {"displayName": "Environment", "description": "Pick one."},
    "values": [
      {"name": "oauthProd", "uiDefinition": {"displayName": "Production", "description": "P."},
       "parameters": {"token": {"type": "oauthSetting", "oAuthSettings": {"identityProvider": "oauth2",
          "clientId": "[[DUMMY]]"}}}},
      {"name": "apiKey", "uiDefinition": {"displayName": "API key", "description": "K."},
       "parameters": {"key": {"type": "securestring"}}}
    ]}}}"#;

const OPS: [(&str, &str, &str); 5] = [
    ("CreateTask", "Create a task", ""),
    (
        "OnTaskCreated",
        "When a task is created",
        r#""x-ms-trigger": "single""#,
    ),
    (
        "Hidden",
        "Internal helper",
        r#""x-ms-visibility": "internal""#,
    ),
    (
        "OldList",
        "List tasks (deprecated)",
        r#""deprecated": true"#,
    ),
    ("GetTask", "Get a task", ""),
];

// --- checklist -------------------------------------------------------------

#[test]
fn checklist_names_every_visible_operation_and_connection_option() {
    let dir = tempfile::tempdir().unwrap();
    connector_dir(dir.path(), &OPS, MULTI_AUTH);
    let c = load(dir.path());
    let mut sub = Submission::default();
    sub.packages.oauth_client_id = "3f2a-prod-client".into();
    let items = checklist(Some(&c), &sub);
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    for want in [
        "signIn",
        "password",
        "findConnector",
        "env:region",
        "env:type",
        "env:database",
        "env:licence",
        "oauthClient",
        "params:apiKey",
        "params:oauthProd",
        "op:CreateTask",
        "op:GetTask",
        "op:OldList",
        "op:OnTaskCreated",
        "seeDocumentation",
        "goLive",
    ] {
        assert!(ids.contains(&want), "{want} missing from {ids:?}");
    }
    assert!(
        !ids.contains(&"op:Hidden"),
        "internal operations are skipped"
    );
    assert!(
        !ids.contains(&"connection"),
        "the sets replace the generic item"
    );
    assert!(!ids.contains(&"operations"));
    let find = |id: &str| items.iter().find(|i| i.id == id).unwrap();
    assert!(find("op:OnTaskCreated").text.contains("trigger"));
    assert!(
        find("op:OnTaskCreated")
            .text
            .contains("When a task is created")
    );
    assert!(find("op:CreateTask").text.contains("action"));
    assert!(find("op:OldList").text.contains("deprecated"));
    assert!(find("op:OldList").detail.is_some());
    assert!(find("op:GetTask").detail.is_none());
    assert!(find("oauthClient").text.contains("`3f2a-prod-client`"));
    assert!(find("params:oauthProd").text.contains("Production"));
    assert!(find("findConnector").text.contains("Contoso Tasks"));
    assert!(find("env:region").text.contains("Preview (United States)"));
    assert!(find("env:type").text.contains("not a Sandbox"));
    assert!(find("goLive").text.contains("2 business days"));
    assert!(find("seeDocumentation").text.contains("not a defect"));
    // ids are unique
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len());
}

#[test]
fn checklist_ids_do_not_depend_on_the_order_in_the_files() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    connector_dir(a.path(), &OPS, MULTI_AUTH);
    let mut reversed = OPS;
    reversed.reverse();
    // the same sets, written in the other order
    let start = MULTI_AUTH.find("{\"name\": \"oauthProd\"").unwrap();
    let middle = MULTI_AUTH.find("{\"name\": \"apiKey\"").unwrap();
    let end = MULTI_AUTH.rfind(']').unwrap();
    let first = MULTI_AUTH[start..middle].trim().trim_end_matches(',');
    let second = MULTI_AUTH[middle..end].trim();
    let swapped = format!(
        "{}{second},\n{first}{}",
        &MULTI_AUTH[..start],
        &MULTI_AUTH[end..]
    );
    assert!(swapped.find("apiKey").unwrap() < swapped.find("oauthProd").unwrap());
    connector_dir(b.path(), &reversed, &swapped);
    let sub = Submission::default();
    let one = checklist(Some(&load(a.path())), &sub);
    let two = checklist(Some(&load(b.path())), &sub);
    assert_eq!(one, two);
}

#[test]
fn progress_counts_only_ticks_of_items_still_there() {
    let dir = tempfile::tempdir().unwrap();
    connector_dir(dir.path(), &OPS, MULTI_AUTH);
    let sub = Submission::default();
    let items = checklist(Some(&load(dir.path())), &sub);
    let t = Tracker {
        checked: vec![
            "signIn".into(),
            "op:CreateTask".into(),
            "op:RenamedAway".into(),
        ],
        ..Tracker::default()
    };
    assert_eq!(progress(&items, &t), (2, items.len()));
    // the operation renamed: its tick no longer counts, the others survive
    let renamed: Vec<_> = OPS
        .iter()
        .map(|(id, s, e)| (if *id == "CreateTask" { "AddTask" } else { *id }, *s, *e))
        .collect();
    connector_dir(dir.path(), &renamed, MULTI_AUTH);
    let items = checklist(Some(&load(dir.path())), &sub);
    assert_eq!(progress(&items, &t), (1, items.len()));
}

#[test]
fn checklist_without_a_connector_and_without_oauth() {
    let items = checklist(None, &Submission::default());
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    assert!(ids.contains(&"connection") && ids.contains(&"operations"));
    assert!(!ids.contains(&"oauthClient"));
    assert!(!ids.iter().any(|i| i.starts_with("op:")));

    // an API-key connector: no OAuth item, one connection item
    let dir = tempfile::tempdir().unwrap();
    connector_dir(
        dir.path(),
        &OPS[..1],
        r#"{"properties": {"connectionParameters": {"api_key": {"type": "securestring"}}}}"#,
    );
    let items = checklist(Some(&load(dir.path())), &Submission::default());
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    assert!(ids.contains(&"connection"));
    assert!(!ids.contains(&"oauthClient"));
    assert!(ids.contains(&"op:CreateTask"));
}

#[test]
fn checklist_of_the_contoso_example_names_its_client_and_never_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let ex = crate::example::write_example(dir.path()).unwrap();
    let sub = crate::draft::load(&ex.draft).unwrap();
    let mut sub = sub;
    crate::draft::resolve_paths(&mut sub, &ex.draft);
    let c = load(&ex.source_dir);
    let items = checklist(Some(&c), &sub);
    let oauth = items.iter().find(|i| i.id == "oauthClient").unwrap();
    assert!(oauth.text.contains("`7d1e4c2a-contoso-tasks-client`"));
    // the connector solution gives the same operations as the folder
    let from_solution = load(&ex.connector_solution);
    let ops = |items: &[ChecklistItem]| -> Vec<String> {
        items
            .iter()
            .filter(|i| i.id.starts_with("op:"))
            .map(|i| i.id.clone())
            .collect()
    };
    assert_eq!(ops(&checklist(Some(&from_solution), &sub)), ops(&items));
    let all = serde_json::to_string(&items).unwrap();
    assert!(!all.to_ascii_lowercase().contains("secret`"));
    for id in [
        "op:ListTasks",
        "op:CreateTask",
        "op:GetTask",
        "op:CompleteTask",
    ] {
        assert!(items.iter().any(|i| i.id == id), "{id}");
    }
}

// --- timeline --------------------------------------------------------------

/// after-submission.md §10.4 through `goLive` events.
#[test]
fn go_live_gives_the_reference_calendar() {
    let cases = [
        ("2026-03-05T07:30", "2026-03-06", "2026-03-13"),
        ("2026-03-05T10:00", "2026-03-13", "2026-03-20"),
        ("2026-11-19T09:00", "2026-11-20", "2026-11-30"),
        ("2026-06-16T10:00", "2026-06-26", "2026-07-06"),
        ("2027-12-23T15:00", "2028-01-07", "2028-01-14"),
    ];
    for (go_live, start, done) in cases {
        let t = tracker(vec![ev(TrackerState::GoLive, &rfc(go_live))]);
        let now = pt(go_live);
        let tl = timeline(&t, now, &CalendarOptions::default()).unwrap();
        assert_eq!(tl.state, Some(TrackerState::GoLive));
        let expected = of_kind(&tl, EntryKind::Expected);
        let get = |prefix: &str| {
            expected
                .iter()
                .find(|(l, _, _)| l.starts_with(prefix))
                .unwrap_or_else(|| panic!("{prefix} in {expected:?}"))
                .1
                .clone()
        };
        assert_eq!(get("Deployment train starts"), start, "{go_live}");
        assert_eq!(get("Region group 1: Testing"), start, "{go_live}");
        assert_eq!(get("Region group 6"), done, "{go_live}");
        assert_eq!(get("Deployment complete"), done, "{go_live}");
        if go_live == "2026-03-05T07:30" {
            assert_eq!(get("Microsoft's estimate, 3 weeks"), "2026-03-26");
            assert_eq!(get("Microsoft's estimate, 4 weeks"), "2026-04-02");
        }
        assert_eq!(
            expected
                .iter()
                .filter(|(l, _, _)| l.starts_with("Region group"))
                .count(),
            6
        );
        let next = tl.next.unwrap();
        assert!(next.starts_with("Wait for the deployment"), "{next}");
    }
    // group 5 of the Thanksgiving vector skips Thursday 11-26
    let t = tracker(vec![ev(TrackerState::GoLive, &rfc("2026-11-19T09:00"))]);
    let tl = timeline(&t, pt("2026-11-19T09:00"), &CalendarOptions::default()).unwrap();
    let g5 = tl
        .entries
        .iter()
        .find(|e| e.label.starts_with("Region group 5"))
        .unwrap();
    assert_eq!(g5.date, "2026-11-27");
    // the blocked-Friday option is honoured
    let next_working = CalendarOptions {
        blocked_friday: crate::calendar::BlockedFriday::NextWorkingDay,
        ..CalendarOptions::default()
    };
    let t = tracker(vec![ev(TrackerState::GoLive, &rfc("2026-06-16T10:00"))]);
    let tl = timeline(&t, pt("2026-06-16T10:00"), &next_working).unwrap();
    assert!(
        tl.entries
            .iter()
            .any(|e| e.label.starts_with("Deployment train") && e.date == "2026-06-22")
    );
}

#[test]
fn the_deadline_is_two_working_days_later_at_the_same_time() {
    // Friday 09:00 PST -> Tuesday 09:00 PDT, over a weekend and the DST change
    let t = tracker(vec![
        ev(TrackerState::Submitted, "2026-02-20"),
        ev(TrackerState::PreviewReady, &rfc("2026-03-06T09:00")),
    ]);
    let tl = timeline(&t, pt("2026-03-06T10:00"), &CalendarOptions::default()).unwrap();
    assert_eq!(tl.state, Some(TrackerState::PreviewReady));
    let dl = of_kind(&tl, EntryKind::Deadline);
    assert_eq!(dl.len(), 1);
    assert_eq!(dl[0].1, "2026-03-10");
    assert_eq!(dl[0].2.as_deref(), Some("09:00"));
    assert_eq!(
        tl.next.as_deref(),
        Some("Test in the preview environment and select Go live by Tue 10 Mar, 09:00 PT.")
    );
    // recorded events are done entries, in order
    let done = of_kind(&tl, EntryKind::Done);
    assert_eq!(done.len(), 2);
    assert_eq!(done[0].1, "2026-02-20");
    assert_eq!(done[0].2, None);
    assert_eq!(done[1].2.as_deref(), Some("09:00"));

    // Thursday before Independence Day observed (Fri 2026-07-03): Mon, Tue
    let t = tracker(vec![ev(
        TrackerState::PreviewReady,
        &rfc("2026-07-02T14:30"),
    )]);
    let tl = timeline(&t, pt("2026-07-02T15:00"), &CalendarOptions::default()).unwrap();
    let dl = of_kind(&tl, EntryKind::Deadline);
    assert_eq!(
        (dl[0].1.as_str(), dl[0].2.as_deref()),
        ("2026-07-07", Some("14:30"))
    );
    // an extra day off counts too, a freeze does not
    let opts = CalendarOptions {
        extra_holidays: vec!["2026-07-06".parse().unwrap()],
        freezes: vec![("2026-07-01".parse().unwrap(), "2026-07-31".parse().unwrap())],
        ..CalendarOptions::default()
    };
    let tl = timeline(&t, pt("2026-07-02T15:00"), &opts).unwrap();
    assert_eq!(of_kind(&tl, EntryKind::Deadline)[0].1, "2026-07-08");
}

#[test]
fn half_time_and_past_the_deadline() {
    let t = tracker(vec![ev(
        TrackerState::PreviewReady,
        &rfc("2026-03-06T09:00"),
    )]);
    let o = CalendarOptions::default();
    // the window runs Fri 09:00 PST to Tue 09:00 PDT (95 hours): half is Sun ~08:30
    let before = timeline(&t, pt("2026-03-08T07:00"), &o).unwrap();
    assert!(before.next.unwrap().starts_with("Test in the preview"));
    let past_half = timeline(&t, pt("2026-03-09T08:00"), &o).unwrap();
    let next = past_half.next.unwrap();
    assert!(next.starts_with("More than half"), "{next}");
    assert!(next.contains("Tue 10 Mar, 09:00 PT"), "{next}");
    let late = timeline(&t, pt("2026-03-10T09:00"), &o).unwrap();
    assert!(late.next.unwrap().contains("closed"));

    // Go live recorded: the deadline is gone, the calendar is there
    let mut t = t;
    t.events
        .push(ev(TrackerState::GoLive, &rfc("2026-03-09T11:00")));
    let tl = timeline(&t, pt("2026-03-09T11:00"), &o).unwrap();
    assert!(of_kind(&tl, EntryKind::Deadline).is_empty());
    assert!(!of_kind(&tl, EntryKind::Expected).is_empty());
    // live: nothing expected any more
    t.events.push(ev(TrackerState::Live, "2026-03-23"));
    let tl = timeline(&t, pt("2026-03-24T11:00"), &o).unwrap();
    assert!(of_kind(&tl, EntryKind::Expected).is_empty());
    assert!(tl.next.unwrap().contains("general availability"));
}

#[test]
fn dates_without_a_time_and_events_out_of_order() {
    // a preview recorded as a date: the end of the second working day after it
    let t = tracker(vec![
        ev(TrackerState::PreviewReady, "2026-03-06"),
        ev(TrackerState::Submitted, "2026-02-20T10:00:00-08:00"),
    ]);
    let tl = timeline(&t, pt("2026-03-06T12:00"), &CalendarOptions::default()).unwrap();
    assert_eq!(tl.state, Some(TrackerState::PreviewReady), "sorted by date");
    let dl = of_kind(&tl, EntryKind::Deadline);
    assert_eq!((dl[0].1.as_str(), dl[0].2.as_deref()), ("2026-03-10", None));
    assert_eq!(
        tl.next.as_deref(),
        Some("Test in the preview environment and select Go live by Tue 10 Mar.")
    );
    // a Go live as a date counts from the end of the day: a Thursday misses Friday's train
    let t = tracker(vec![ev(TrackerState::GoLive, "2026-03-05")]);
    let tl = timeline(&t, pt("2026-03-05T12:00"), &CalendarOptions::default()).unwrap();
    assert!(
        tl.entries
            .iter()
            .any(|e| e.label.starts_with("Deployment train") && e.date == "2026-03-13")
    );
    // the same instant with a Z offset and in Pacific time
    let a = timeline(
        &tracker(vec![ev(TrackerState::GoLive, "2026-03-05T15:30:00Z")]),
        pt("2026-03-05T08:00"),
        &CalendarOptions::default(),
    )
    .unwrap();
    let b = timeline(
        &tracker(vec![ev(TrackerState::GoLive, "2026-03-05T07:30:00-08:00")]),
        pt("2026-03-05T08:00"),
        &CalendarOptions::default(),
    )
    .unwrap();
    assert_eq!(a, b);
    assert_eq!(a.entries[0].time.as_deref(), Some("07:30"));
}

#[test]
fn a_bad_date_is_an_input_error_naming_the_event() {
    let t = tracker(vec![
        ev(TrackerState::Submitted, "2026-02-20"),
        ev(TrackerState::PreviewReady, "next Tuesday"),
    ]);
    let err = timeline(&t, pt("2026-03-06T10:00"), &CalendarOptions::default()).unwrap_err();
    assert_eq!(err.code(), "input");
    let msg = err.to_string();
    assert!(msg.contains("event 2"), "{msg}");
    assert!(msg.contains("previewReady"), "{msg}");
    assert!(msg.contains("next Tuesday"), "{msg}");
    for bad in ["", "2026-02-30", "2026-13-01T10:00:00Z", "\u{1F600}"] {
        let t = tracker(vec![ev(TrackerState::GoLive, bad)]);
        assert!(
            timeline(&t, pt("2026-03-06T10:00"), &CalendarOptions::default()).is_err(),
            "{bad:?}"
        );
    }
}

#[test]
fn an_empty_tracker_says_to_publish() {
    let tl = timeline(
        &Tracker::default(),
        pt("2026-03-06T10:00"),
        &CalendarOptions::default(),
    )
    .unwrap();
    assert_eq!(tl.state, None);
    assert!(tl.entries.is_empty());
    assert!(tl.next.unwrap().contains("Publish"));
    let ga = tracker(vec![ev(TrackerState::Ga, "2026-09-01")]);
    let tl = timeline(&ga, pt("2026-09-02T10:00"), &CalendarOptions::default()).unwrap();
    assert_eq!(tl.next, None);
}

// --- .ics ------------------------------------------------------------------

fn sample_timeline() -> Timeline {
    let t = tracker(vec![
        ev(TrackerState::Submitted, "2026-02-20"),
        ev(TrackerState::PreviewReady, &rfc("2026-03-06T09:00")),
    ]);
    timeline(&t, pt("2026-03-06T10:00"), &CalendarOptions::default()).unwrap()
}

fn unescaped(p: &icalendar::parser::Property<'_>) -> String {
    p.val.clone().unescape_text().as_str().to_owned()
}

#[test]
fn ics_parses_back_with_a_maintained_parser() {
    let mut tl = sample_timeline();
    let go = tracker(vec![ev(TrackerState::GoLive, &rfc("2026-03-05T07:30"))]);
    let deploy = timeline(&go, pt("2026-03-05T08:00"), &CalendarOptions::default()).unwrap();
    tl.entries.extend(deploy.entries);
    let offer =
        "Contoso, Tasks; \u{00e9}t\u{00e9} \\ \u{1F600} connector with a very long offer name";
    let text = ics(&tl, offer);
    let unfolded = icalendar::parser::unfold(&text);
    let cal = icalendar::parser::read_calendar(&unfolded).unwrap();
    let prop = |name: &str| {
        cal.properties
            .iter()
            .find(|p| p.name.as_str() == name)
            .map(|p| p.val.as_str().to_owned())
    };
    assert_eq!(prop("VERSION").as_deref(), Some("2.0"));
    assert!(prop("PRODID").unwrap().contains("certpack"));
    let events: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    let wanted = tl
        .entries
        .iter()
        .filter(|e| e.kind != EntryKind::Done)
        .count();
    assert_eq!(events.len(), wanted);
    assert_eq!(wanted, 1 + 10, "the deadline and the deployment calendar");
    // the deadline: a timed event in UTC (09:00 PDT = 16:00Z)
    let deadline = events
        .iter()
        .find(|e| unescaped(e.find_prop("SUMMARY").unwrap()).contains("Sign-off deadline"))
        .unwrap();
    let start = deadline.find_prop("DTSTART").unwrap();
    assert_eq!(start.val.as_str(), "20260310T160000Z");
    assert!(start.params.is_empty());
    // the others: all-day dates
    let train = events
        .iter()
        .find(|e| unescaped(e.find_prop("SUMMARY").unwrap()).contains("train starts"))
        .unwrap();
    let start = train.find_prop("DTSTART").unwrap();
    assert_eq!(start.val.as_str(), "20260306");
    assert!(
        start.params.iter().any(
            |p| p.key.as_str() == "VALUE" && p.val.as_ref().map(|v| v.as_str()) == Some("DATE")
        )
    );
    assert_eq!(train.find_prop("DTEND").unwrap().val.as_str(), "20260307");
    // escaped TEXT comes back as written
    let summary = unescaped(train.find_prop("SUMMARY").unwrap());
    assert!(summary.starts_with(offer), "{summary}");
    let mut uids: Vec<String> = events
        .iter()
        .map(|e| e.find_prop("UID").unwrap().val.as_str().to_owned())
        .collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
    for e in &events {
        assert!(e.find_prop("DTSTAMP").is_some());
    }
}

#[test]
fn ics_lines_are_crlf_folded_at_75_octets_and_escaped() {
    let tl = sample_timeline();
    let offer = "Contoso; Tasks, \u{00e9}\u{00e9}\u{00e9}\u{00e9} \\ \u{1F600}\u{1F600}\u{1F600} and a name long enough to fold twice over the limit";
    let text = ics(&tl, offer);
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "no bare LF");
    assert!(!text.replace("\r\n", "").contains('\r'), "no bare CR");
    let lines: Vec<&str> = text.split("\r\n").collect();
    let mut folded = 0;
    for l in &lines {
        assert!(l.len() <= 75, "{} octets: {l}", l.len());
        if l.starts_with(' ') {
            folded += 1;
        }
    }
    assert!(folded > 0, "long lines are folded");
    // escaping
    assert!(text.contains("Contoso\\; Tasks\\,"));
    assert!(text.replace("\r\n ", "").contains("\\\\ \u{1F600}"));
    // unfolding gives back whole characters
    let unfolded = text.replace("\r\n ", "");
    assert!(unfolded.contains("\u{1F600}\u{1F600}\u{1F600}"));
    assert!(escape_text("a\r\nb\nc\rd").eq("a\\nb\\nc\\nd"));
}

#[test]
fn ics_is_the_same_bytes_for_the_same_draft() {
    let a = ics(&sample_timeline(), "Contoso");
    // a timeline computed later: same tracker, another "now"
    let t = tracker(vec![
        ev(TrackerState::Submitted, "2026-02-20"),
        ev(TrackerState::PreviewReady, &rfc("2026-03-06T09:00")),
    ]);
    let later = timeline(&t, pt("2026-03-09T12:00"), &CalendarOptions::default()).unwrap();
    let b = ics(&later, "Contoso");
    assert_eq!(a, b);
    // DTSTAMP is the last recorded event (09:00 PST = 17:00Z), not the clock
    assert!(a.contains("DTSTAMP:20260306T170000Z\r\n"), "{a}");
    // UIDs depend on the offer
    let c = ics(&sample_timeline(), "Fabrikam");
    let uid = |s: &str| {
        s.lines()
            .find(|l| l.starts_with("UID:"))
            .unwrap()
            .to_owned()
    };
    assert_ne!(uid(&a), uid(&c));
    // an empty timeline is an empty, valid calendar
    let empty = ics(
        &Timeline {
            state: None,
            entries: Vec::new(),
            next: None,
        },
        "",
    );
    assert!(icalendar::parser::read_calendar(&empty).is_ok());
    assert!(!empty.contains("VEVENT"));
}

// --- the certification report ----------------------------------------------

const REPORT: &str = "\
Certification report for Contoso Tasks (offer contoso-tasks)\r
Status: Attention needed\r
\r
Failed policies:\r
5000.1.1.11 Package zip missing from root: an extra wrapper folder was added.\r
5000.2.2.1 The title must be at most 30 characters.\r
Policy 5000.3.1.2: Package URI expired.\r
\r
Swagger validator:\r
  [Error] OperationIdSanitized: the operationId 'Get-Task' contains characters that are removed.\r
  [Warning] RestrictedCharactersInSummary in operation 'CreateTask'.\r
##[error]The operation has been deleted. This change breaks existing flows. ValuePath: operation/TriggerNewLead Source: NewSwagger\r
##[error]The type has been changed for the output field. Existing flows may be broken if they are using this field and actual payload has been changed. ValuePath: operation/GetTask/responses/200/schema/id/type Source: NewSwagger\r
certify-connector bot: Not able to download the package\r
Reviewer notes: please test again and resubmit.";

#[test]
fn a_pasted_report_is_mapped_line_by_line() {
    let lines = map_report(REPORT);
    assert_eq!(lines.len(), REPORT.lines().count());
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l.line as usize, i + 1);
        assert!(!l.text.ends_with('\r'));
    }
    let code = |n: usize| lines[n - 1].code.as_deref();
    assert_eq!(code(1), None);
    assert_eq!(code(3), None);
    assert_eq!(code(5), Some("PKG-10"), "5000.1.1.11, not 5000.1.1.1");
    assert_eq!(code(6), Some("TTL-01"));
    assert_eq!(code(7), Some("SAS-02"));
    assert_eq!(code(10), Some("OPS-01"));
    assert_eq!(code(11), Some("OPS-02"));
    assert_eq!(code(12), Some("BRK-01"));
    assert_eq!(code(13), Some("BRK-14"));
    assert_eq!(code(14), Some("SAS-03"));
    assert_eq!(code(15), None);
    // known rules come with their title and help; BRK codes may not be known yet
    let sas = &lines[13];
    assert_eq!(
        sas.title.as_deref(),
        Some(rules::find("SAS-03").unwrap().title)
    );
    assert!(sas.help.as_deref().unwrap().contains("SAS"));
    let brk = &lines[11];
    assert_eq!(
        brk.title.is_some(),
        rules::find("BRK-01").is_some(),
        "title only when the registry knows the code"
    );
}

#[test]
fn report_matching_respects_word_and_number_boundaries() {
    let one = |s: &str| map_report(s).remove(0).code;
    assert_eq!(one("5000.1.1.1"), Some("SOL-07".into()));
    assert_eq!(one("policy 5000.1.1.1."), Some("SOL-07".into()));
    assert_eq!(one("5000.1.1.13 no solution zips"), Some("PKG-08".into()));
    assert_eq!(one("15000.1.1.1"), None);
    assert_eq!(one("5000.1.1.1.4"), None);
    assert_eq!(one("operationidsanitized"), Some("OPS-01".into()));
    assert_eq!(one("NotOperationIdSanitizedAtAll"), None);
    assert_eq!(
        one("the rule is \"OperationIdSanitized\"."),
        Some("OPS-01".into())
    );
    // a name given to several rules loses to one given once
    assert_eq!(
        one("UrlNotValid ConnectorMetadataPropertiesMissing"),
        Some("SWG-07".into())
    );
    assert_eq!(
        one("FieldLengthExceeded OperationSummaryTooLong"),
        Some("OPS-02".into())
    );
    // every breaking-change message of the reference
    for (msg, code) in [
        (
            "The operation has been deleted. This change breaks existing flows.",
            "BRK-01",
        ),
        (
            "The path template has been changed for the operation.",
            "BRK-03",
        ),
        (
            "The location has been changed for the parameter. Existing flows will continue to send the parameter in the old location.",
            "BRK-05",
        ),
        (
            "The list of enum values has been added to the input field. Existing flows may use values outside of this list.",
            "BRK-10",
        ),
        (
            "The required input field has been added. Existing flows will not send this new field.",
            "BRK-08",
        ),
        (
            "The output field has been deleted. Existing flows may be broken if they are using this field and actual payload has been changed.",
            "BRK-13",
        ),
        (
            "The type has been changed for the output field. Existing flows may be broken if they are using this field and actual payload has been changed.",
            "BRK-14",
        ),
        (
            "The type format has been changed for the output field. Existing flows may be broken if they are using this field and actual payload has been changed.",
            "BRK-15",
        ),
    ] {
        assert_eq!(
            one(&format!(
                "##[error]{msg} ValuePath: operation/X Source: NewSwagger"
            )),
            Some(code.into()),
            "{msg}"
        );
    }
    assert!(map_report("").is_empty());
    assert_eq!(map_report("\n\n").len(), 2);
}

#[test]
fn the_phrase_table_names_known_codes_and_does_not_shadow_the_registry() {
    for (phrase, code) in REPORT_PHRASES {
        assert!(
            code.starts_with("BRK-") || rules::find(code).is_some(),
            "{phrase}: unknown {code}"
        );
        let lower = phrase.to_ascii_lowercase();
        for r in rules::all() {
            assert!(
                !r.validator.iter().any(|v| v.to_ascii_lowercase() == lower),
                "{phrase} is already {}'s",
                r.code
            );
        }
        assert_eq!(
            map_report(phrase)[0].code.as_deref(),
            Some(*code),
            "{phrase}"
        );
    }
    // every validator name of the registry maps to a rule that carries it
    for r in rules::all() {
        for v in r.validator {
            let got = map_report(v).remove(0).code.unwrap();
            assert!(
                rules::find(&got).unwrap().validator.contains(v),
                "{v} -> {got}"
            );
        }
    }
}

#[test]
fn a_report_is_read_within_bounds() {
    // more lines than read
    let many = "OperationIdSanitized\n".repeat(MAX_REPORT_LINES + 5);
    let lines = map_report(&many);
    assert_eq!(lines.len(), MAX_REPORT_LINES + 1);
    let last = lines.last().unwrap();
    assert_eq!(last.code, None);
    assert!(last.text.contains("not mapped"), "{}", last.text);
    assert_eq!(last.line as usize, MAX_REPORT_LINES + 1);
    // exactly the limit: nothing said
    let exact = "x\n".repeat(MAX_REPORT_LINES);
    assert_eq!(map_report(&exact).len(), MAX_REPORT_LINES);
    // one line of multi-byte characters longer than the byte budget: cut on a
    // character boundary
    let long = "\u{00e9}".repeat(MAX_REPORT_BYTES);
    let lines = map_report(&long);
    assert_eq!(lines.len(), 2);
    assert!(lines[0].text.len() <= MAX_REPORT_BYTES);
    assert!(lines[0].text.chars().all(|c| c == '\u{00e9}'));
    assert!(lines[1].text.contains("not mapped"));
    // many short lines past the byte budget
    let wide = format!("{}\n", "a".repeat(1000)).repeat(1100);
    let lines = map_report(&wide);
    let read: usize = lines[..lines.len() - 1]
        .iter()
        .map(|l| l.text.len() + 1)
        .sum();
    assert!(read <= MAX_REPORT_BYTES + 1, "{read}");
    assert!(lines.last().unwrap().text.contains("not mapped"));
    // report_is_cut says when the last line is that note
    for (text, cut) in [
        (many.as_str(), true),
        (exact.as_str(), false),
        (long.as_str(), true),
        (wide.as_str(), true),
        (REPORT, false),
        ("", false),
    ] {
        assert_eq!(report_is_cut(text), cut);
        let last = map_report(text).pop();
        assert_eq!(
            last.is_some_and(|l| l.text.contains("the rest was not mapped")),
            cut
        );
    }
}
