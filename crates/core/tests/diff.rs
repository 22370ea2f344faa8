//! `diff` on real connectors: every connector Microsoft certified
//! (`../shared/corpus`, when it is beside the repository) compared with itself has
//! no finding and no change; and the example compared as a folder and as its own
//! solution zip has no breaking change.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use certpack_core::check::CheckOptions;
use certpack_core::diff::{UpdateClass, compare_paths};
use certpack_core::model::Severity;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    dir.join("index.json").is_file().then_some(dir)
}

#[test]
fn every_corpus_connector_compared_with_itself_has_no_findings() {
    let Some(dir) = corpus() else {
        eprintln!("../shared/corpus is not there: nothing to compare");
        return;
    };
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    let start = Instant::now();
    let mut n = 0;
    let mut no_connector = Vec::new();
    for key in index.as_object().unwrap().keys() {
        let path = dir.join(key);
        let t = Instant::now();
        let c = match compare_paths(&path, &path, &CheckOptions::default()) {
            Ok(c) => c,
            // a folder holding only a README (there is one): nothing to compare
            Err(e) if e.code() == "input" => {
                no_connector.push(key.clone());
                continue;
            }
            Err(e) => panic!("{key}: {e}"),
        };
        let took = t.elapsed();
        if took > slowest.0 {
            slowest = (took, key.clone());
        }
        n += 1;
        if c.class != UpdateClass::None || !c.diagnostics.is_empty() {
            failures.push(format!(
                "{key}: {} {:?}",
                c.class.name(),
                c.diagnostics.first().map(|d| &d.message)
            ));
        }
    }
    eprintln!(
        "{n} connectors compared with themselves in {:?} ({} without a connector); slowest {:?} ({})",
        start.elapsed(),
        no_connector.len(),
        slowest.0,
        slowest.1
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        no_connector.len() <= 1,
        "without a connector: {no_connector:?}"
    );
}

#[test]
fn the_example_folder_against_its_solution_breaks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ex = certpack_core::example::write_example(dir.path()).unwrap();
    let c = compare_paths(
        &ex.connector_solution,
        &ex.source_dir,
        &CheckOptions::default(),
    )
    .unwrap();
    assert!(
        !c.diagnostics.iter().any(|d| d.severity == Severity::Error),
        "{:?}",
        c.diagnostics
    );
    let err = compare_paths(dir.path(), &ex.source_dir, &CheckOptions::default()).unwrap_err();
    assert_eq!(err.code(), "input", "{err}");
}
