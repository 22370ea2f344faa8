//! The TypeScript declarations of the wire types (`ui/src/lib/ipc/bindings.ts`) are
//! generated from the Rust types. This test fails when they drift; regenerate with
//! `UPDATE_BINDINGS=1 cargo test -p certpack-core --test bindings`.

use certpack_core::bundle::{ListedEntry, Preview};
use certpack_core::diff::{Change, Comparison, UpdateClass};
use certpack_core::model::*;
use certpack_core::pq::bundle::{PqFile, PqListing, PqRole, PqSummary, PqVerification};
use certpack_core::pq::docs::{DocFacts, DocFunction};
use certpack_core::pq::draft::{DemoItem, DraftText, PqDraftCheck, PqIcon};
use certpack_core::prfolder::{PrFile, PrFolder};
use certpack_core::sheet::SheetRow;
use certpack_core::summary::ConnectorSummary;
use certpack_core::tracker::{ChecklistItem, EntryKind, ReportLine, Timeline, TimelineEntry};
use ts_rs::{Config, TS};

fn generate() -> String {
    let cfg = Config::new();
    let decls = [
        Submission::decl(&cfg),
        PublisherKind::decl(&cfg),
        Offer::decl(&cfg),
        Packages::decl(&cfg),
        Properties::decl(&cfg),
        Legal::decl(&cfg),
        Availability::decl(&cfg),
        Override::decl(&cfg),
        UploadRecord::decl(&cfg),
        Update::decl(&cfg),
        TrackerState::decl(&cfg),
        TrackerEvent::decl(&cfg),
        Tracker::decl(&cfg),
        Eligibility::decl(&cfg),
        AuthKind::decl(&cfg),
        Share::decl(&cfg),
        Documented::decl(&cfg),
        Coverage::decl(&cfg),
        AppliedOverride::decl(&cfg),
        Severity::decl(&cfg),
        Location::decl(&cfg),
        Diagnostic::decl(&cfg),
        Report::decl(&cfg),
        TargetKind::decl(&cfg),
        Summary::decl(&cfg),
        EntryInfo::decl(&cfg),
        Progress::decl(&cfg),
        BundleSummary::decl(&cfg),
        ListedEntry::decl(&cfg),
        Preview::decl(&cfg),
        SheetRow::decl(&cfg),
        ConnectorSummary::decl(&cfg),
        UpdateClass::decl(&cfg),
        Change::decl(&cfg),
        Comparison::decl(&cfg),
        ChecklistItem::decl(&cfg),
        EntryKind::decl(&cfg),
        TimelineEntry::decl(&cfg),
        Timeline::decl(&cfg),
        ReportLine::decl(&cfg),
        PrFolder::decl(&cfg),
        PrFile::decl(&cfg),
        DocFacts::decl(&cfg),
        DocFunction::decl(&cfg),
        PqRole::decl(&cfg),
        PqFile::decl(&cfg),
        PqListing::decl(&cfg),
        PqSummary::decl(&cfg),
        PqVerification::decl(&cfg),
        SubmissionKind::decl(&cfg),
        PowerQueryDraft::decl(&cfg),
        PowerQueryTesting::decl(&cfg),
        DemoItem::decl(&cfg),
        DraftText::decl(&cfg),
        PqDraftCheck::decl(&cfg),
        PqIcon::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from crates/core/src/model.rs by ts-rs. Do not edit.\n\
         // Regenerate: UPDATE_BINDINGS=1 cargo test -p certpack-core --test bindings\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn bindings_are_current() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/ipc/bindings.ts");
    let want = generate();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "ui/src/lib/ipc/bindings.ts is out of date: run UPDATE_BINDINGS=1 cargo test -p certpack-core --test bindings"
    );
}
