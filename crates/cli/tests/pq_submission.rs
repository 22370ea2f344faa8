//! `certpack docs` (draft and check the Power Query article) and `certpack bundle
//! --mez` / `certpack verify FOLDER`: exit codes, outputs, refusals.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_certpack"))
        .env("NO_COLOR", "1")
        .env_remove("CERTPACK_CLIENT_SECRET")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("certpack runs")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn docs_drafts_the_article_and_the_blurb() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let o = run(
        d,
        &[
            "docs",
            "--draft",
            "ContosoTasks",
            "--label",
            "Contoso Tasks",
            "--beta",
            "--auth",
            "OAuth",
            "key",
            "--function",
            "ContosoTasks.Contents",
            "-o",
            "contoso-tasks.md",
            "--blurb",
            "blurb.md",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(o.stderr.is_empty(), "{}", err(&o));
    assert_eq!(out(&o).lines().last(), Some("contoso-tasks.md"));
    assert!(out(&o).contains("places marked `TODO:`"), "{}", out(&o));
    let article = std::fs::read_to_string(d.join("contoso-tasks.md")).unwrap();
    assert!(article.contains("| Release State | Preview |"), "{article}");
    assert!(
        article.contains("Organizational account<br/>Account key"),
        "{article}"
    );
    assert!(article.contains("## Connect to Contoso Tasks from Power Query Online"));
    let blurb = std::fs::read_to_string(d.join("blurb.md")).unwrap();
    assert!(
        blurb.starts_with("The Contoso Tasks connector (Preview)"),
        "{blurb}"
    );

    // never overwritten
    let again = run(
        d,
        &["docs", "--draft", "ContosoTasks", "-o", "contoso-tasks.md"],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(err(&again).contains("already exists"), "{}", err(&again));
    assert_eq!(
        std::fs::read_to_string(d.join("contoso-tasks.md")).unwrap(),
        article
    );

    // the draft checks clean but for its TODOs
    let check = run(
        d,
        &[
            "docs",
            "--check",
            "contoso-tasks.md",
            "--beta",
            "--format",
            "json",
        ],
    );
    assert_eq!(check.status.code(), Some(0), "{}", err(&check));
    let v: Value = serde_json::from_str(&out(&check)).unwrap();
    let codes: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["PQ-41"]);

    // -q: nothing on success
    let quiet = run(d, &["docs", "--draft", "X", "-o", "x.md", "-q"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(
        quiet.stdout.is_empty() && quiet.stderr.is_empty(),
        "{}",
        out(&quiet)
    );
}

#[test]
fn docs_prints_the_draft_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(
        tmp.path(),
        &[
            "docs",
            "--draft",
            "HiveLLAP",
            "--auth",
            "Windows,UsernamePassword",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        out(&o).starts_with("---\ntitle: HiveLLAP connector\n"),
        "{}",
        out(&o)
    );
    assert!(out(&o).contains("| Release State | General Availability |"));
    assert!(out(&o).contains("Windows<br/>Basic"), "{}", out(&o));
    let j = run(
        tmp.path(),
        &["docs", "--draft", "HiveLLAP", "--format", "json"],
    );
    let v: Value = serde_json::from_str(&out(&j)).unwrap();
    assert_eq!(v["fileName"], "hive-llap.md");
    assert!(v["todos"].as_u64().unwrap() > 0);
    assert_eq!(v["diagnostics"], Value::Array(vec![]));
    assert!(v["article"].as_str().unwrap().contains("## Summary"));

    let bad = run(tmp.path(), &["docs", "--draft", "X", "--auth", "Password"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        err(&bad).contains("`Password` is not an authentication kind"),
        "{}",
        err(&bad)
    );
    let none = run(tmp.path(), &["docs"]);
    assert_eq!(none.status.code(), Some(2));
}

#[test]
fn docs_check_reports_a_missing_online_section_as_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    assert!(
        run(d, &["docs", "--draft", "Contoso", "-o", "contoso.md", "-q"])
            .status
            .success()
    );
    let text = std::fs::read_to_string(d.join("contoso.md")).unwrap();
    let cut = text
        .find("## Connect to Contoso from Power Query Online")
        .unwrap();
    std::fs::write(d.join("Contoso_Article.md"), text.get(..cut).unwrap()).unwrap();
    let o = run(d, &["docs", "--check", "Contoso_Article.md"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("error[PQ-37]"), "{}", out(&o));
    assert!(out(&o).contains("warning[PQ-08]"), "{}", out(&o));
    let sarif = run(
        d,
        &["docs", "--check", "Contoso_Article.md", "--format", "sarif"],
    );
    let v: Value = serde_json::from_str(&out(&sarif)).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let missing = run(d, &["docs", "--check", "nope.md"]);
    assert_eq!(missing.status.code(), Some(2));
}

/// The Power Query SDK-shaped sample of `tests/fixtures/pq/HelloWorld` as a `.mez`.
fn sample_mez() -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pq/HelloWorld");
    certpack_core::example::zip_folder(&dir).unwrap()
}

/// A filled-in article, blurb and a .mez in `d`.
fn inputs(d: &Path) {
    let o = run(
        d,
        &[
            "docs",
            "--draft",
            "Contoso",
            "--beta",
            "--auth",
            "Key",
            "-o",
            "ARTICLE.md",
            "--blurb",
            "b.md",
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    for f in ["ARTICLE.md", "b.md"] {
        let t = std::fs::read_to_string(d.join(f))
            .unwrap()
            .replace("TODO: ", "");
        std::fs::write(d.join(f), t).unwrap();
    }
    std::fs::write(d.join("Contoso.mez"), sample_mez()).unwrap();
    std::fs::write(d.join("CHANGES.md"), "- Adds the `Projects` table.\n").unwrap();
}

#[test]
fn bundle_mez_writes_the_folder_and_verify_checks_it() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    inputs(d);
    let args = [
        "bundle",
        "--mez",
        "Contoso.mez",
        "--docs",
        "ARTICLE.md",
        "--blurb",
        "b.md",
        "--changelog",
        "CHANGES.md",
        "--version",
        "1.0.0",
        "-o",
        "out",
        "--sheet",
        "sheet.md",
    ];
    let o = run(d, &args);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    // the sample's notes only (the .mez is checked like `check X.mez`)
    assert!(
        !err(&o).contains("error[") && !err(&o).contains("warning["),
        "{}",
        err(&o)
    );
    let folder = Path::new("out").join("Contoso_1.0.0_powerquery");
    assert_eq!(
        out(&o).lines().last(),
        Some(folder.display().to_string().as_str())
    );
    for f in [
        "Contoso.mez",
        // ARTICLE.md is renamed after the connector's label in the .mez
        "hello-world.md",
        "blog.md",
        "CHANGELOG.md",
        "SHA256SUMS",
        "manifest.json",
    ] {
        assert!(d.join(&folder).join(f).is_file(), "{f}");
    }
    let sheet = std::fs::read_to_string(d.join("sheet.md")).unwrap();
    assert!(
        sheet.contains("| Connector file (.mez) | Contoso.mez |"),
        "{sheet}"
    );

    // an existing folder: could not run, nothing changed
    let again = run(d, &args[..args.len() - 2]);
    assert_eq!(again.status.code(), Some(2));
    assert!(err(&again).contains("already exists"), "{}", err(&again));

    let folder_arg = folder.display().to_string();
    let v = run(d, &["verify", &folder_arg, "-q"]);
    assert_eq!(v.status.code(), Some(0), "{}{}", out(&v), err(&v));
    assert!(v.stdout.is_empty());
    let mez = d.join(&folder).join("Contoso.mez");
    let mut bytes = std::fs::read(&mez).unwrap();
    bytes[10] ^= 0xff;
    std::fs::write(&mez, bytes).unwrap();
    let v = run(d, &["verify", &folder_arg, "--format", "json"]);
    assert_eq!(v.status.code(), Some(1));
    let j: Value = serde_json::from_str(&out(&v)).unwrap();
    assert_eq!(j["ok"], false);
    assert!(
        j["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "SUM-01"),
        "{j}"
    );
}

#[test]
fn bundle_mez_json_quiet_list_and_refusals() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    inputs(d);
    let j = run(
        d,
        &[
            "bundle",
            "--mez",
            "Contoso.mez",
            "--docs",
            "ARTICLE.md",
            "--blurb",
            "b.md",
            "-o",
            "j",
            "--format",
            "json",
        ],
    );
    assert_eq!(j.status.code(), Some(0), "{}", err(&j));
    let v: Value = serde_json::from_str(&out(&j)).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 3);
    assert_eq!(v["sha256"].as_str().unwrap().len(), 64);
    assert!(
        v["sheet"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["label"] == "SHA-256 of the .mez")
    );
    assert!(
        v["folder"]
            .as_str()
            .unwrap()
            .ends_with("Contoso_1.0.0_powerquery")
    );

    let q = run(
        d,
        &[
            "bundle",
            "--mez",
            "Contoso.mez",
            "--docs",
            "ARTICLE.md",
            "--blurb",
            "b.md",
            "-o",
            "q",
            "-q",
        ],
    );
    assert_eq!(q.status.code(), Some(0), "{}", err(&q));
    // quiet: nothing on stdout; the sample's notes are findings and still printed
    assert!(
        q.stdout.is_empty() && !err(&q).contains("error[") && !err(&q).contains("warning["),
        "{}{}",
        out(&q),
        err(&q)
    );

    let l = run(
        d,
        &[
            "bundle",
            "--mez",
            "Contoso.mez",
            "--docs",
            "ARTICLE.md",
            "--blurb",
            "b.md",
            "--list",
        ],
    );
    assert_eq!(l.status.code(), Some(0));
    assert!(
        out(&l).contains("Contoso_1.0.0_powerquery/hello-world.md"),
        "{}",
        out(&l)
    );
    assert!(!d.join("Contoso_1.0.0_powerquery").exists());

    // the blurb is missing: could not run
    let m = run(
        d,
        &[
            "bundle",
            "--mez",
            "Contoso.mez",
            "--docs",
            "ARTICLE.md",
            "-o",
            "m",
        ],
    );
    assert_eq!(m.status.code(), Some(2));
    assert!(err(&m).contains("--blurb"), "{}", err(&m));
    // --mez with the Partner Center inputs
    let c = run(
        d,
        &[
            "bundle",
            "--mez",
            "Contoso.mez",
            "--intro",
            "ARTICLE.md",
            "-o",
            "c",
        ],
    );
    assert_eq!(c.status.code(), Some(2));

    // a .mez that is not a zip: refused (2) and nothing written, or written with --allow-errors (1)
    std::fs::write(d.join("Broken.mez"), b"section Broken;").unwrap();
    let r = run(
        d,
        &[
            "bundle",
            "--mez",
            "Broken.mez",
            "--docs",
            "ARTICLE.md",
            "--blurb",
            "b.md",
            "-o",
            "r",
        ],
    );
    assert_eq!(r.status.code(), Some(2));
    assert!(err(&r).contains("error[ZIP-01]"), "{}", err(&r));
    assert!(err(&r).contains("--allow-errors"), "{}", err(&r));
    assert!(!d.join("r/Broken_powerquery").exists());
    let a = run(
        d,
        &[
            "bundle",
            "--mez",
            "Broken.mez",
            "--docs",
            "ARTICLE.md",
            "--blurb",
            "b.md",
            "-o",
            "r",
            "--allow-errors",
        ],
    );
    assert_eq!(a.status.code(), Some(1), "{}", err(&a));
    assert!(d.join("r/Broken_powerquery/Broken.mez").is_file());
}

#[test]
fn docs_drafts_from_a_mez_and_check_docs_checks_the_article_against_it() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("HelloWorld.mez"), sample_mez()).unwrap();
    // drafted from the connector: its label, Preview from Beta, its function
    let o = run(d, &["docs", "HelloWorld.mez", "-o", "hello-world.md", "-q"]);
    assert!(o.status.success(), "{}", err(&o));
    let article = std::fs::read_to_string(d.join("hello-world.md")).unwrap();
    assert!(article.contains("HelloWorld.Contents"), "{article}");
    assert!(article.contains("Preview"), "{article}");
    // `check X.mez --docs`: the mez's rules and the article's together; the draft's
    // TODOs are what is left
    let o = run(
        d,
        &[
            "check",
            "HelloWorld.mez",
            "--docs",
            "hello-world.md",
            "--format",
            "json",
        ],
    );
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] != "info")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["PQ-41"], "{v}");
    // an article that says GA for a Beta connector
    std::fs::write(
        d.join("ga.md"),
        article.replace(
            "| Release State | Preview |",
            "| Release State | General Availability |",
        ),
    )
    .unwrap();
    let o = run(
        d,
        &[
            "check",
            "HelloWorld.mez",
            "--docs",
            "ga.md",
            "--format",
            "json",
        ],
    );
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "PQ-36"),
        "{v}"
    );
}

/// The findings of a `--format json` check that are not notes.
fn loud(o: &Output) -> Vec<String> {
    let j: Value = serde_json::from_str(&out(o)).unwrap();
    j["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] != "info")
        .map(|d| format!("{} {}", d["code"], d["message"]))
        .collect()
}

#[test]
fn example_writes_the_power_query_example_which_checks_bundles_and_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let o = run(d, &["example", "ex"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let pq = d.join("ex").join("powerquery");
    for f in [
        "ContosoTasks.mez",
        "contoso-tasks.md",
        "blog.md",
        "ContosoTasks/ContosoTasks.pq",
        "ContosoTasks/resources.resx",
        "ContosoTasks/Table.ToNavigationTable.pqm",
        "ContosoTasks/ContosoTasks16.png",
        "ContosoTasks/ContosoTasks80.png",
    ] {
        assert!(pq.join(f).is_file(), "{f}");
    }
    // the Power Platform example is still written beside it
    assert!(d.join("ex").join("Contoso Tasks.certpack.json").is_file());
    let text = out(&o);
    assert!(text.contains("Wrote the Power Query example:"), "{text}");
    assert!(text.contains("certpack bundle --mez"), "{text}");
    // -q: nothing on stdout
    let q = run(d, &["example", "ex", "-q"]);
    assert_eq!(q.status.code(), Some(0), "{}", err(&q));
    assert!(q.stdout.is_empty());

    // no errors and no warnings, with the article
    let c = run(
        &pq,
        &[
            "check",
            "ContosoTasks.mez",
            "--docs",
            "contoso-tasks.md",
            "--format",
            "json",
        ],
    );
    assert_eq!(c.status.code(), Some(0), "{}", err(&c));
    assert_eq!(loud(&c), Vec::<String>::new());
    // the source folder packs into the same connector: the .mez written is the one
    // the core builds
    assert_eq!(
        std::fs::read(pq.join("ContosoTasks.mez")).unwrap(),
        certpack_core::example::contoso_mez()
    );

    let b = run(
        &pq,
        &[
            "bundle",
            "--mez",
            "ContosoTasks.mez",
            "--docs",
            "contoso-tasks.md",
            "--blurb",
            "blog.md",
            "-o",
            "out",
        ],
    );
    assert_eq!(b.status.code(), Some(0), "{}", err(&b));
    assert!(
        !err(&b).contains("error[") && !err(&b).contains("warning["),
        "{}",
        err(&b)
    );
    let folder = Path::new("out").join("ContosoTasks_1.0.0_powerquery");
    assert_eq!(
        out(&b).lines().last(),
        Some(folder.display().to_string().as_str())
    );
    for f in [
        "ContosoTasks.mez",
        "contoso-tasks.md",
        "blog.md",
        "SHA256SUMS",
    ] {
        assert!(pq.join(&folder).join(f).is_file(), "{f}");
    }
    let folder_arg = folder.display().to_string();
    let v = run(&pq, &["verify", &folder_arg, "--format", "json"]);
    assert_eq!(v.status.code(), Some(0), "{}{}", out(&v), err(&v));
    let j: Value = serde_json::from_str(&out(&v)).unwrap();
    assert_eq!(j["ok"], true, "{j}");
    assert_eq!(j["files"].as_array().map(Vec::len), Some(3), "{j}");
}

#[test]
fn a_power_query_draft_is_checked_and_bundled_like_its_files() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let o = run(d, &["example", "ex"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let draft = "ex/powerquery/Contoso Tasks.certpack.json";
    assert!(
        out(&o).contains("Contoso Tasks.certpack.json"),
        "{}",
        out(&o)
    );

    // quiet on success, like `check X.mez`
    let o = run(d, &["check", draft]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));

    let o = run(d, &["bundle", "--submission", draft, "-o", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let folder = d.join("out/Contoso-Tasks_1.0.0_powerquery");
    for f in [
        "ContosoTasks.mez",
        "contoso-tasks.md",
        "blog.md",
        "SHA256SUMS",
        "manifest.json",
    ] {
        assert!(folder.join(f).is_file(), "{f} missing");
    }
    let o = run(d, &["verify", folder.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));

    // a draft without its article: said at the field, exit 1, nothing written
    let text = std::fs::read_to_string(d.join(draft)).unwrap();
    let mut json: Value = serde_json::from_str(&text).unwrap();
    json["powerQuery"]["article"] = Value::Null;
    std::fs::write(d.join("incomplete.certpack.json"), json.to_string()).unwrap();
    let o = run(
        d,
        &["check", "incomplete.certpack.json", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "FILE-01" && f["field"] == "powerQuery.article"),
        "{report:#}"
    );
    let o = run(
        d,
        &[
            "bundle",
            "--submission",
            "incomplete.certpack.json",
            "-o",
            "out2",
        ],
    );
    assert_ne!(o.status.code(), Some(0));
    assert!(!d.join("out2/Contoso-Tasks_1.0.0_powerquery").exists());
}
