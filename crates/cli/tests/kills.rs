//! A set of outputs is atomic: `certpack bundle` killed (SIGKILL) at 100 points
//! while it replaces an earlier export leaves either the earlier set whole or a
//! package without its manifest (an export `verify` calls unfinished) — never a
//! manifest that disagrees with the package or its `.sha256`. The temporary files
//! killed runs leave are removed by the next run.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use certpack_core::example;
use sha2::{Digest, Sha256};

const KILLS: usize = 100;

fn bundle(intro: &Path, ex: &example::ExampleFiles, dest: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certpack"));
    cmd.args(["-q", "bundle", "--intro"])
        .arg(intro)
        .arg("--connector-solution")
        .arg(&ex.connector_solution)
        .arg("--flow-solution")
        .arg(&ex.flow_solution)
        .args(["--name", "Kill", "--version", "1.0", "-o"])
        .arg(dest)
        .env_remove("CERTPACK_CLIENT_SECRET")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Whether `dest` holds a consistent set (or no manifest at all). `Err` says what
/// disagrees.
fn consistent(dest: &Path) -> Result<bool, String> {
    let manifest = dest.join("manifest.json");
    let Ok(bytes) = std::fs::read(&manifest) else {
        return Ok(false);
    };
    let m: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("manifest.json is torn: {e}"))?;
    let name = m["outer"]["path"].as_str().ok_or("no outer.path")?;
    let want = m["outer"]["sha256"].as_str().ok_or("no outer.sha256")?;
    let zip = std::fs::read(dest.join(name)).map_err(|e| format!("{name}: {e}"))?;
    let got = hex::encode(Sha256::digest(&zip));
    if got != want {
        return Err(format!("{name} is {got}, manifest.json says {want}"));
    }
    let sum = std::fs::read_to_string(dest.join(format!("{name}.sha256")))
        .map_err(|e| format!("{name}.sha256: {e}"))?;
    if !sum.starts_with(&got) {
        return Err(format!("{name}.sha256 says {sum}, the package is {got}"));
    }
    Ok(true)
}

fn temps(dest: &Path) -> Vec<String> {
    std::fs::read_dir(dest)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".certpack-"))
        .collect()
}

#[test]
fn a_killed_bundle_never_leaves_an_inconsistent_set() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example::write_example(&dir.path().join("ex")).unwrap();
    let dest = dir.path().join("out");
    // two intros, so that consecutive exports differ in their bytes, not their names
    let intro_text = std::fs::read_to_string(&ex.intro).unwrap();
    let intros = [dir.path().join("a.md"), dir.path().join("b.md")];
    std::fs::write(&intros[0], &intro_text).unwrap();
    std::fs::write(&intros[1], format!("{intro_text}\nSecond edition.\n")).unwrap();

    // a first export, timed: the kills fall within that span
    let start = Instant::now();
    let status = bundle(&intros[0], &ex, &dest).status().unwrap();
    assert!(status.success());
    let span = start.elapsed().as_micros().max(1_000) as u64;
    assert_eq!(consistent(&dest), Ok(true));

    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut kept = 0;
    let mut unfinished = 0;
    for i in 0..KILLS {
        // xorshift: reproducible points across the span (and a little past it)
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let at = Duration::from_micros(seed % (span + span / 4));
        let mut child = bundle(&intros[i % 2], &ex, &dest).spawn().unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        match consistent(&dest) {
            Ok(true) => kept += 1,
            Ok(false) => unfinished += 1,
            Err(why) => panic!("kill {i} at {at:?} left an inconsistent set: {why}"),
        }
    }
    // the next run finishes, and leaves no temporary file of the killed ones
    let status = bundle(&intros[0], &ex, &dest).status().unwrap();
    assert!(status.success());
    assert_eq!(consistent(&dest), Ok(true));
    let left = temps(&dest);
    assert!(left.is_empty(), "temporary files survived: {left:?}");
    eprintln!("{KILLS} kills: {kept} left a whole set, {unfinished} a package without manifest");
}

#[test]
fn verify_calls_a_package_without_its_manifest_unfinished() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example::write_example(&dir.path().join("ex")).unwrap();
    let dest = dir.path().join("out");
    assert!(
        bundle(&ex.intro, &ex, &dest).status().unwrap().success(),
        "the example bundles"
    );
    std::fs::remove_file(dest.join("manifest.json")).unwrap();
    let zip = dest.join("Kill_1.0_certification.zip");
    let out = Command::new(env!("CARGO_BIN_EXE_certpack"))
        .args(["verify", "--format", "json"])
        .arg(&zip)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("SUM-02") && text.contains("did not finish"),
        "{text}"
    );
}
