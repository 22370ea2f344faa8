//! The real connectors Microsoft certified (`../shared/corpus`, when it is beside
//! the repository — CI has it): certpack must not report an error on a connector
//! merged since 2023, except the plainly broken ones listed here with their reason.
//! Prints the figures (share with an error, codes, slowest connector).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use certpack_core::check::{CheckOptions, check_path};
use certpack_core::model::{PublisherKind, Severity};

/// Connectors changed since 2023 that are broken as they are in the repository.
const BROKEN: &[(&str, &str, &str)] = &[
    (
        "certified-connectors/ZohoSign",
        "JSON-01",
        "the definition misses a comma between two members: no JSON parser reads it",
    ),
    (
        "independent-publisher-connectors/AccuWeather",
        "JSON-01",
        "the definition misses a comma between two members: no JSON parser reads it",
    ),
    (
        "independent-publisher-connectors/StabilityAI",
        "JSON-01",
        "the definition misses a comma between two array items: no JSON parser reads it",
    ),
    (
        "independent-publisher-connectors/XSOAR",
        "JSON-01",
        "the definition misses a comma in `contact`: no JSON parser reads it",
    ),
    (
        "independent-publisher-connectors/Daffy",
        "SWG-07",
        "the Website link is `hhttps://www.daffy.org/`, which is not a URL",
    ),
];

const SINCE: &str = "2023-01-01";

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    dir.join("index.json").is_file().then_some(dir)
}

#[test]
fn no_errors_on_recently_certified_connectors() {
    let Some(dir) = corpus() else {
        eprintln!("../shared/corpus is not there: nothing to measure");
        return;
    };
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
    let index = index.as_object().unwrap();
    let mut recent = 0;
    let mut unexpected = Vec::new();
    let mut listed_seen = BTreeSet::new();
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    let mut slowest = (Duration::ZERO, String::new());
    let mut with_error_all = 0;
    for (key, meta) in index {
        let publisher = match meta["publisher"].as_str() {
            Some("independent") => PublisherKind::Independent,
            _ => PublisherKind::Verified,
        };
        let opts = CheckOptions {
            publisher,
            ..CheckOptions::default()
        };
        let t = Instant::now();
        let report = check_path(&dir.join(key), &opts).unwrap();
        let took = t.elapsed();
        if took > slowest.0 {
            slowest = (took, key.clone());
        }
        let errors: BTreeSet<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code.as_str())
            .collect();
        with_error_all += usize::from(!errors.is_empty());
        if meta["changed"].as_str().unwrap_or("") < SINCE {
            continue;
        }
        recent += 1;
        for c in &errors {
            *codes.entry((*c).to_owned()).or_default() += 1;
        }
        if errors.is_empty() {
            continue;
        }
        match BROKEN.iter().find(|(k, _, _)| k == key) {
            Some((_, code, _)) if errors.len() == 1 && errors.contains(code) => {
                listed_seen.insert(key.clone());
            }
            _ => unexpected.push(format!(
                "{key}: {:?}",
                report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| format!("{} {}", d.code, d.message))
                    .collect::<Vec<_>>()
            )),
        }
    }
    let with_error = listed_seen.len() + unexpected.len();
    eprintln!(
        "corpus: {with_error}/{recent} connectors changed since {SINCE} get an error ({:.1}%); \
         {with_error_all}/{} in all; error codes on recent ones: {codes:?}; slowest: {} in {:?}",
        100.0 * with_error as f64 / recent.max(1) as f64,
        index.len(),
        slowest.1,
        slowest.0
    );
    assert!(
        unexpected.is_empty(),
        "errors on certified connectors:\n{}",
        unexpected.join("\n")
    );
    for (key, _, why) in BROKEN {
        assert!(
            listed_seen.contains(*key),
            "{key} is listed as broken ({why}) but gets no such error: remove it from the list"
        );
    }
    assert!(
        with_error * 50 <= recent,
        "more than 2% of recent connectors get an error"
    );
}
