//! The OAuth client secret (`CERTPACK_CLIENT_SECRET`): found wherever it is
//! written, in whatever common encoding, never printed in any output format, and
//! never bundled — not even with `--allow-errors`.

use std::path::Path;
use std::process::{Command, Output};

use base64::Engine;
use certpack_core::example;

/// A made-up secret of the shape Entra ID issues (no real credential).
fn secret() -> String {
    // built at run time so that secret scanners do not flag this file
    format!("{}{}", "Zq7-Wm3~Kp9_", "Tx5.Rb2Lc8Vn4")
}

fn run(args: &[&str], secret: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certpack"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env_remove("CERTPACK_CLIENT_SECRET");
    if let Some(s) = secret {
        cmd.env("CERTPACK_CLIENT_SECRET", s);
    }
    cmd.output().expect("certpack runs")
}

/// Every written form of `s` that output could carry.
fn forms(s: &str) -> Vec<String> {
    let b64 = base64::engine::general_purpose::STANDARD.encode(s);
    vec![
        s.to_owned(),
        serde_json::to_string(s)
            .unwrap()
            .trim_matches('"')
            .to_owned(),
        b64.trim_end_matches('=').to_owned(),
    ]
}

fn printed(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn assert_not_shown(out: &Output, s: &str, what: &str) {
    let text = printed(out);
    for f in forms(s) {
        assert!(
            !text.contains(&f),
            "{what}: the secret was printed (as `{f}`):\n{text}"
        );
    }
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, f(text)).unwrap();
}

#[test]
fn the_secret_is_found_and_never_printed_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example::write_example(dir.path()).unwrap();
    let s = secret();
    // rules quote the title; a duplicate key shows its line in the snippet
    edit(&ex.source_dir.join("apiDefinition.swagger.json"), |t| {
        t.replacen(
            "\"title\": \"Contoso Tasks\"",
            &format!("\"title\": \"Contoso {s}\", \"x-note\": \"{s}\", \"x-note\": \"{s}\""),
            1,
        )
    });
    let src = ex.source_dir.to_str().unwrap();
    for format in ["human", "json", "sarif"] {
        let out = run(&["check", src, "--format", format], Some(&s));
        assert_eq!(out.status.code(), Some(1), "{}", printed(&out));
        assert!(
            printed(&out).contains("SEC-01"),
            "{format}: {}",
            printed(&out)
        );
        assert_not_shown(&out, &s, format);
    }
    // the secret base64-encoded in the README is found too
    edit(&ex.source_dir.join("README.md"), |t| {
        format!(
            "{t}\nAuthorization: Basic {}\n",
            base64::engine::general_purpose::STANDARD.encode(format!("client:{s}"))
        )
    });
    let out = run(&["check", src, "--format", "json"], Some(&s));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let readme_hit = v["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["code"] == "SEC-01"
            && d["file"].as_str().unwrap_or("").ends_with("README.md")
            && d["message"].as_str().unwrap_or("").contains("base64")
    });
    assert!(readme_hit, "{}", printed(&out));
    assert_not_shown(&out, &s, "json with base64");
}

#[test]
fn a_bundle_holding_the_secret_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example::write_example(dir.path()).unwrap();
    let s = secret();
    let dest = dir.path().join("out");
    // in intro.md, percent-encoded in a sample URL
    let intro = dir.path().join("intro-with-secret.md");
    std::fs::copy(&ex.intro, &intro).unwrap();
    edit(&intro, |t| {
        format!(
            "{t}\nTry `https://login.contoso.com/token?client_secret={}`.\n",
            url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>()
        )
    });
    let args = [
        "bundle",
        "--intro",
        intro.to_str().unwrap(),
        "--connector-solution",
        ex.connector_solution.to_str().unwrap(),
        "--flow-solution",
        ex.flow_solution.to_str().unwrap(),
        "-o",
        dest.to_str().unwrap(),
        "--allow-errors",
    ];
    let out = run(&args, Some(&s));
    assert_eq!(out.status.code(), Some(2), "{}", printed(&out));
    assert!(printed(&out).contains("client secret"), "{}", printed(&out));
    assert_not_shown(&out, &s, "bundle");
    let left: Vec<_> = std::fs::read_dir(&dest)
        .map(|rd| rd.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "the destination holds {left:?}");

    // in the draft's client id: it would land in manifest.json
    let mut sub = certpack_core::draft::load(&ex.draft).unwrap();
    sub.packages.oauth_client_id = s.clone();
    certpack_core::draft::save(&ex.draft, &sub).unwrap();
    let out = run(
        &[
            "bundle",
            "--submission",
            ex.draft.to_str().unwrap(),
            "-o",
            dest.to_str().unwrap(),
            "--allow-errors",
        ],
        Some(&s),
    );
    assert_eq!(out.status.code(), Some(2), "{}", printed(&out));
    assert_not_shown(&out, &s, "bundle of a draft");
    let left: Vec<_> = std::fs::read_dir(&dest)
        .map(|rd| rd.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "the destination holds {left:?}");
    // the same draft bundles once the client id is right
    sub.packages.oauth_client_id = "7d1e4c2a-contoso-tasks-client".into();
    certpack_core::draft::save(&ex.draft, &sub).unwrap();
    let out = run(
        &[
            "bundle",
            "--submission",
            ex.draft.to_str().unwrap(),
            "-o",
            dest.to_str().unwrap(),
            "--allow-errors",
        ],
        Some(&s),
    );
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    // inspect finds a secret inside a package at any level when it is given one
    // (here a phrase of the connector's description, inside the solution zip)
    let zip = std::fs::read_dir(&dest)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "zip"))
        .unwrap();
    let out = run(
        &["inspect", zip.to_str().unwrap()],
        Some("helps teams plan"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", printed(&out));
    assert!(printed(&out).contains("SEC-01"));
}

#[test]
fn drafts_load_as_the_app_loads_them() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example::write_example(dir.path()).unwrap();
    // a draft with paths relative to itself, checked from another folder
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&ex.draft).unwrap()).unwrap();
    let base = ex.draft.parent().unwrap();
    for key in ["intro", "connectorSolution", "flowSolution", "sourceDir"] {
        let abs = v["packages"][key].as_str().unwrap().to_owned();
        let rel = Path::new(&abs).strip_prefix(base).unwrap();
        v["packages"][key] = rel.to_str().unwrap().into();
    }
    std::fs::write(&ex.draft, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_certpack"))
        .args(["check", ex.draft.to_str().unwrap(), "--format", "json"])
        .current_dir(elsewhere.path())
        .env_remove("CERTPACK_CLIENT_SECRET")
        .output()
        .unwrap();
    let text = printed(&out);
    assert!(
        !text.contains("FILE-01"),
        "relative paths were not found:\n{text}"
    );
    // a draft from a newer certpack is refused with a clear message
    v["format"] = 999.into();
    std::fs::write(&ex.draft, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let out = run(&["check", ex.draft.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        printed(&out).contains("newer certpack"),
        "{}",
        printed(&out)
    );
}
