//! The certification criteria read from real files: `auth_kind` on the example, the
//! fixtures and a handful of certified connectors of each kind (`../shared/corpus`,
//! skipped when it is not there), and `coverage` on the example with exact figures.

use std::path::{Path, PathBuf};

use certpack_core::check::{CheckOptions, load_connector};
use certpack_core::connector::ConnectorFiles;
use certpack_core::model::{AuthKind, Coverage, Documented, Share};
use certpack_core::rules::eligibility::{auth_kind, auth_options, coverage};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(path: &Path) -> ConnectorFiles {
    load_connector(path, &CheckOptions::default())
        .unwrap()
        .unwrap_or_else(|| panic!("no connector in {}", path.display()))
}

fn corpus() -> Option<PathBuf> {
    let dir = repo().join("../shared/corpus");
    dir.join("index.json").is_file().then_some(dir)
}

fn oauth(p: &str) -> AuthKind {
    AuthKind::OAuth2 {
        provider: Some(p.into()),
    }
}

fn share(with: u32, total: u32) -> Share {
    Share { with, total }
}

#[test]
fn auth_kind_of_the_example_and_the_fixtures() {
    let example = load(&repo().join("examples/contoso/connector"));
    assert_eq!(auth_kind(&example), oauth("oauth2"));
    let good = load(&repo().join("tests/fixtures/connectors/good"));
    assert_eq!(auth_kind(&good), oauth("oauth2generic"));
    assert_eq!(auth_options(&good), [oauth("oauth2generic")]);
}

#[test]
fn auth_kind_in_a_solution_is_the_source_folders() {
    let dir = tempfile::tempdir().unwrap();
    let ex = certpack_core::example::write_example(dir.path()).unwrap();
    let c = load(&ex.connector_solution);
    assert_eq!(auth_kind(&c), oauth("oauth2"));
    assert_eq!(coverage(&c), coverage(&load(&ex.source_dir)));
}

#[test]
fn auth_kinds_of_certified_connectors() {
    let Some(dir) = corpus() else {
        eprintln!("../shared/corpus is not there: nothing to read");
        return;
    };
    let cases: &[(&str, AuthKind)] = &[
        ("certified-connectors/Zellis", oauth("aad")),
        ("certified-connectors/3E Events", oauth("oauth2generic")),
        ("certified-connectors/Survalyzer EU", oauth("oauth2")),
        ("certified-connectors/DocuSign", oauth("DocuSign")),
        (
            "certified-connectors/CardsForPowerApps",
            oauth("aadcertificate"),
        ),
        ("certified-connectors/Alkymi", AuthKind::ApiKey),
        (
            "independent-publisher-connectors/AccuWeather",
            AuthKind::ApiKey,
        ),
        ("independent-publisher-connectors/Yelp", AuthKind::ApiKey),
        ("certified-connectors/envoy", AuthKind::Basic),
        (
            "certified-connectors/Dime.Scheduler (on-prem)",
            AuthKind::Basic,
        ),
        (
            "independent-publisher-connectors/Dad Jokes",
            AuthKind::ApiKey,
        ),
        (
            "independent-publisher-connectors/Open-Elevation",
            AuthKind::None,
        ),
        ("independent-publisher-connectors/xkcd", AuthKind::None),
    ];
    let mut wrong = Vec::new();
    for (key, want) in cases {
        let got = auth_kind(&load(&dir.join(key)));
        if &got != want {
            wrong.push(format!("{key}: {got:?}, want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every corpus connector: nothing reads as `Other` (Microsoft certified them all),
/// and the figures are printed (how many of each kind, how documented).
#[test]
fn no_certified_connector_reads_as_ineligible() {
    let Some(dir) = corpus() else {
        eprintln!("../shared/corpus is not there: nothing to read");
        return;
    };
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    let mut others = Vec::new();
    let mut full = [0usize; 3];
    let mut n = 0;
    for key in index.as_object().unwrap().keys() {
        let c = load(&dir.join(key));
        let k = auth_kind(&c);
        let name = match &k {
            AuthKind::OAuth2 { .. } => "oauth2",
            AuthKind::ApiKey => "apiKey",
            AuthKind::Basic => "basic",
            AuthKind::None => "none",
            AuthKind::Other { .. } => "other",
        };
        *kinds.entry(name.into()).or_default() += 1;
        if let AuthKind::Other { what } = k {
            others.push(format!("{key}: {what}"));
        }
        let cov = coverage(&c);
        for (i, d) in [cov.operations, cov.parameters, cov.properties]
            .iter()
            .enumerate()
        {
            full[i] += usize::from(d.summary.is_full() && d.description.is_full());
        }
        n += 1;
    }
    eprintln!(
        "auth kinds: {kinds:?}; fully documented of {n}: operations {}, parameters {}, properties {}",
        full[0], full[1], full[2]
    );
    assert!(others.is_empty(), "{}", others.join("\n"));
}

/// The example by hand: 4 operations, all with summary, description and
/// visibility; 5 written parameters besides the body (`projectId` and `taskId` twice
/// each, `top`), `top` alone with `x-ms-visibility`; `Task`'s 5 properties, each with
/// `x-ms-summary` and a description and none with a visibility, counted once though 4
/// operations return it.
#[test]
fn coverage_of_the_example() {
    let c = load(&repo().join("examples/contoso/connector"));
    let cov = coverage(&c);
    let full = |n| Documented {
        count: n,
        summary: share(n, n),
        description: share(n, n),
        visibility: share(n, n),
    };
    let want = Coverage {
        operations: full(4),
        parameters: Documented {
            visibility: share(1, 5),
            ..full(5)
        },
        properties: Documented {
            visibility: share(0, 5),
            ..full(5)
        },
        truncated: false,
    };
    assert_eq!(cov, want);
    assert_eq!(
        cov.sentence(),
        "Summaries 100% · descriptions 100% · visibility 35% (4 operations, 5 parameters, 5 properties)"
    );
}
