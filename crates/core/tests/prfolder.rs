//! The pull request folder end to end: the example from its source folder, its
//! solution zip and a bundled upload gives a folder that passes its own checks;
//! independent publishers get the package; `write` is atomic and refuses to merge.

use std::path::{Path, PathBuf};

use certpack_core::bundle::{self, BundleInputs, WriteOptions};
use certpack_core::check::CheckOptions;
use certpack_core::example::{self, ExampleFiles};
use certpack_core::prfolder::{self, PrFolder};
use certpack_core::{Progress, PublisherKind};

fn example(dir: &Path) -> ExampleFiles {
    example::write_example(dir).unwrap()
}

fn opts(publisher: PublisherKind) -> CheckOptions {
    CheckOptions {
        publisher,
        ..CheckOptions::default()
    }
}

/// The example's upload, written by the bundle into `dir`.
fn upload(ex: &ExampleFiles, dir: &Path) -> PathBuf {
    let inputs = BundleInputs::from_submission(&ex.submission);
    let plan = bundle::plan(&inputs, &CheckOptions::default(), None).unwrap();
    bundle::write(&plan, dir, &WriteOptions::default(), &mut |_: Progress| {})
        .unwrap()
        .outer
}

fn names(f: &PrFolder) -> Vec<&str> {
    f.files.iter().map(|f| f.name.as_str()).collect()
}

fn readme(f: &PrFolder) -> String {
    String::from_utf8(f.file("README.md").unwrap().bytes().unwrap().to_vec()).unwrap()
}

fn json(f: &PrFolder, name: &str) -> serde_json::Value {
    serde_json::from_slice(f.file(name).unwrap().bytes().unwrap()).unwrap()
}

const FILES: [&str; 3] = [
    "README.md",
    "apiDefinition.swagger.json",
    "apiProperties.json",
];

#[test]
fn from_the_source_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(tmp.path());
    let f = prfolder::plan(&ex.source_dir, None, &CheckOptions::default()).unwrap();
    assert_eq!(f.root, "certified-connectors/Contoso Tasks");
    assert_eq!(f.pr_title, "Contoso Tasks");
    assert_eq!(names(&f), FILES);
    assert!(f.diagnostics.is_empty(), "{:#?}", f.diagnostics);
    // the publisher's own files, byte for byte
    assert_eq!(
        f.file("README.md").unwrap().bytes().unwrap(),
        example::files::README
    );
    assert_eq!(
        f.file("apiProperties.json").unwrap().bytes().unwrap(),
        example::files::PROPERTIES
    );
}

#[test]
fn from_the_solution_zip_with_intro() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(tmp.path());
    let f = prfolder::plan(
        &ex.connector_solution,
        Some(&ex.intro),
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(f.root, "certified-connectors/Contoso Tasks");
    assert_eq!(names(&f), FILES);
    assert!(f.diagnostics.is_empty(), "{:#?}", f.diagnostics);
    // the source-folder form of the solution's connection parameters
    let source: serde_json::Value = serde_json::from_slice(example::files::PROPERTIES).unwrap();
    let props = json(&f, "apiProperties.json");
    assert_eq!(
        props.pointer("/properties/connectionParameters"),
        source.pointer("/properties/connectionParameters")
    );
    for key in ["iconBrandColor", "publisher", "stackOwner", "capabilities"] {
        let p = format!("/properties/{key}");
        assert_eq!(props.pointer(&p), source.pointer(&p), "{key}");
    }
    // the certified definition, as a document
    let swagger: serde_json::Value = serde_json::from_slice(example::files::SWAGGER).unwrap();
    assert_eq!(json(&f, "apiDefinition.swagger.json"), swagger);
    // the README in the template's layout, with intro.md's text
    let r = readme(&f);
    let order = [
        "# Contoso Tasks\nContoso Tasks is a work management service",
        "## Publisher: Contoso Ltd",
        "## Prerequisites\nYou need a Contoso Tasks account",
        "## Supported Operations\n### List tasks\nLists the open tasks",
        "## Obtaining Credentials\nSign in with your Contoso account",
        "## Getting Started\nCreate a connection",
        "## Known Issues and Limitations\nA single call returns at most 500 tasks.",
        "## Common errors and remedies\n- **401 Unauthorized**",
        "## Frequently Asked Questions\n### Is there a free plan?",
        "## Deployment Instructions\nRun `paconn create",
    ];
    let mut at = 0;
    for part in order {
        let i = r[at..]
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} not after {at} in\n{r}"));
        at += i + part.len();
    }
    assert!(!r.contains("TODO"), "{r}");
    // deterministic
    let again = prfolder::plan(
        &ex.connector_solution,
        Some(&ex.intro),
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(
        f.files.iter().map(|f| &f.sha256).collect::<Vec<_>>(),
        again.files.iter().map(|f| &f.sha256).collect::<Vec<_>>()
    );
}

#[test]
fn without_intro_the_readme_names_what_is_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(tmp.path());
    let f = prfolder::plan(&ex.connector_solution, None, &CheckOptions::default()).unwrap();
    let r = readme(&f);
    assert!(r.contains("## Prerequisites\nTODO:"), "{r}");
    let prf07: Vec<_> = f
        .diagnostics
        .iter()
        .filter(|d| d.code == "PRF-07")
        .collect();
    assert_eq!(prf07.len(), 1, "{:#?}", f.diagnostics);
    for s in [
        "Prerequisites",
        "Obtaining Credentials",
        "Known Issues and Limitations",
    ] {
        assert!(prf07[0].message.contains(s), "{}", prf07[0].message);
    }
    assert!(!f.has_errors());
}

#[test]
fn from_a_bundled_upload() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let up = upload(&ex, &tmp.path().join("out"));
    let f = prfolder::plan(&up, None, &CheckOptions::default()).unwrap();
    assert_eq!(names(&f), FILES);
    assert!(f.diagnostics.is_empty(), "{:#?}", f.diagnostics);
    assert!(readme(&f).contains("## Common errors and remedies"));
}

#[test]
fn independent_publishers_get_their_folder_and_the_package() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let up = upload(&ex, &tmp.path().join("out"));
    let f = prfolder::plan(&up, None, &opts(PublisherKind::Independent)).unwrap();
    assert_eq!(f.root, "independent-publisher-connectors/Contoso Tasks");
    assert_eq!(f.pr_title, "Contoso Tasks (Independent Publisher)");
    assert_eq!(
        names(&f),
        [
            "ConnectorPackage.zip",
            "README.md",
            "apiDefinition.swagger.json",
            "apiProperties.json"
        ]
    );
    let pkg = f.file("ConnectorPackage.zip").unwrap();
    let (sha, size) = certpack_core::inventory::hash_file(&up).unwrap();
    assert_eq!((pkg.sha256.as_str(), pkg.size), (sha.as_str(), size));
    assert!(f.diagnostics.is_empty(), "{:#?}", f.diagnostics);
    let out = tmp.path().join("pr");
    let dest = prfolder::write(&f, &out).unwrap();
    assert_eq!(
        std::fs::read(dest.join("ConnectorPackage.zip")).unwrap(),
        std::fs::read(&up).unwrap()
    );

    // without the upload there is no package to add
    let g = prfolder::plan(&ex.source_dir, None, &opts(PublisherKind::Independent)).unwrap();
    assert!(
        g.diagnostics
            .iter()
            .any(|d| d.code == "PRF-04" && d.message.contains("package zip")),
        "{:#?}",
        g.diagnostics
    );
}

#[test]
fn write_puts_the_folder_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let f = prfolder::plan(&ex.source_dir, None, &CheckOptions::default()).unwrap();
    let out = tmp.path().join("pr");
    let dest = prfolder::write(&f, &out).unwrap();
    assert_eq!(dest, out.join("certified-connectors").join("Contoso Tasks"));
    let mut written: Vec<String> = std::fs::read_dir(&dest)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(written, FILES);
    for file in &f.files {
        assert_eq!(
            std::fs::read(dest.join(&file.name)).unwrap(),
            file.bytes().unwrap()
        );
    }
    // nothing else beside it
    let beside: Vec<_> = std::fs::read_dir(out.join("certified-connectors"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["Contoso Tasks"]);
}

#[test]
fn write_refuses_an_existing_destination_and_keeps_it() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let f = prfolder::plan(&ex.source_dir, None, &CheckOptions::default()).unwrap();
    let out = tmp.path().join("pr");
    let dest = out.join("certified-connectors/Contoso Tasks");
    std::fs::create_dir_all(&dest).unwrap();
    std::fs::write(dest.join("README.md"), "mine").unwrap();
    let err = prfolder::write(&f, &out).unwrap_err();
    assert_eq!(err.code(), "input");
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dest.join("README.md")).unwrap(),
        "mine"
    );
    assert_eq!(std::fs::read_dir(&dest).unwrap().count(), 1);
    assert_eq!(
        std::fs::read_dir(out.join("certified-connectors"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let f = prfolder::plan(&ex.source_dir, None, &CheckOptions::default()).unwrap();
    // a file name no file system takes (longer than 255 bytes): the write fails
    // after the temporary folder was made
    let mut bad = f.clone();
    let mut long = bad.files[0].clone();
    long.name = "x".repeat(300);
    bad.files.push(long);
    let out = tmp.path().join("pr");
    std::fs::create_dir(&out).unwrap();
    assert!(prfolder::write(&bad, &out).is_err());
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "left behind");
    // a root escaping the output folder is refused before anything is made
    let mut escape = f.clone();
    escape.root = "certified-connectors/..".into();
    assert!(prfolder::write(&escape, &out).is_err());
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
    // and the good folder still writes
    prfolder::write(&f, &out).unwrap();
}

#[test]
fn a_folder_with_a_secret_is_never_written() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    // a client secret left in the source folder's properties
    let props = ex.source_dir.join("apiProperties.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&props).unwrap()).unwrap();
    v["properties"]["connectionParameters"]["token"]["oAuthSettings"]["clientSecret"] =
        "Zq8~x7Tq2LmN0pRs4VwY9bC3dF6gH1jK".into();
    std::fs::write(&props, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let f = prfolder::plan(&ex.source_dir, None, &CheckOptions::default()).unwrap();
    assert!(
        f.diagnostics
            .iter()
            .any(|d| d.code == "PRF-06" || d.code == "SEC-01"),
        "{:#?}",
        f.diagnostics
    );
    let out = tmp.path().join("out");
    let err = prfolder::write(&f, &out).unwrap_err();
    assert_eq!(err.code(), "secret", "{err}");
    assert!(!out.join(&f.root).exists());
}
