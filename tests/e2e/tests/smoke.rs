//! The first screen: check a broken upload, and a broken Power Query connector, and see
//! their findings.
//!
//! Run under a display, one test at a time:
//! `xvfb-run -a -s '-screen 0 1280x800x24' cargo test -p certpack-e2e -- --test-threads=1`.
//! The app must be built first (`make test` does both).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use certpack_e2e::{Session, workspace_root};

/// The whole journey may not take longer than this.
const JOURNEY_TIMEOUT: Duration = Duration::from_secs(120);

/// An outer upload whose root holds two .md files and no package zip.
fn broken_upload(dir: &Path) -> PathBuf {
    let path = dir.join("broken-upload.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for name in ["intro.md", "notes.md"] {
        zip.start_file(name, opts).unwrap();
        zip.write_all(b"# Contoso Weather\n").unwrap();
    }
    zip.finish().unwrap();
    path
}

/// Saves a screenshot of the webview. `UPDATE_SCREENSHOTS=1` replaces the committed
/// picture used by the README; otherwise a `.tmp.png` beside it (ignored by git).
async fn save_screenshot(app: &Session, name: &str) {
    let png = app.screenshot().await;
    let dir = workspace_root().join("tests/e2e/screenshots");
    let file = if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        format!("{name}.png")
    } else {
        format!("{name}.tmp.png")
    };
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(&file), png).unwrap();
    eprintln!("screenshot: tests/e2e/screenshots/{file}");
}

#[tokio::test]
async fn check_lists_the_findings_of_a_broken_upload() {
    tokio::time::timeout(JOURNEY_TIMEOUT, journey())
        .await
        .expect("the journey took too long");
}

async fn journey() {
    let dir = tempfile::Builder::new()
        .prefix("certpack-e2e")
        .tempdir()
        .unwrap();
    let upload = broken_upload(dir.path());
    let app = Session::start().await;

    let input = app.wait_for("input#path").await;
    input.send_keys(upload.to_str().unwrap()).await.unwrap();
    app.wait_for("button#check").await.click().await.unwrap();

    let findings = app.wait_for("[data-testid=findings]").await;
    let text = findings.text().await.unwrap();
    for code in ["PKG-03", "PKG-04"] {
        assert!(text.contains(code), "{code} not shown in:\n{text}");
    }
    let summary = app
        .wait_for("[data-testid=summary]")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(summary, "2 errors", "summary line");

    save_screenshot(&app, "first-screen").await;
    app.end().await;
}

/// A Power Query connector checked from the first screen: its findings with their
/// place inside the `.mez` (entry, line:column).
#[tokio::test]
async fn check_lists_the_findings_of_a_broken_mez() {
    tokio::time::timeout(JOURNEY_TIMEOUT, async {
        let dir = tempfile::Builder::new()
            .prefix("certpack-e2e")
            .tempdir()
            .unwrap();
        let fixture = workspace_root().join("tests/fixtures/pq/Broken");
        let mez = dir.path().join("Broken.mez");
        let mut w = zip::ZipWriter::new(std::fs::File::create(&mez).unwrap());
        let mut names: Vec<_> = std::fs::read_dir(&fixture)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        for name in names {
            w.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(&std::fs::read(fixture.join(&name)).unwrap())
                .unwrap();
        }
        w.finish().unwrap();

        let app = Session::start().await;
        let input = app.wait_for("input#path").await;
        input.send_keys(mez.to_str().unwrap()).await.unwrap();
        app.wait_for("button#check").await.click().await.unwrap();
        let text = app
            .wait_for("[data-testid=findings]")
            .await
            .text()
            .await
            .unwrap();
        for code in ["PQ-02", "PQ-04", "PQ-30"] {
            assert!(text.contains(code), "{code} not shown in:\n{text}");
        }
        assert!(
            text.contains("Broken.pq"),
            "the entry inside the .mez is not named:\n{text}"
        );
        app.end().await;
    })
    .await
    .expect("the journey took too long");
}

/// The Content-Security-Policy of tauri.conf.json is in force in the built app.
#[tokio::test]
async fn the_page_refuses_eval_and_injected_scripts() {
    tokio::time::timeout(JOURNEY_TIMEOUT, async {
        let app = Session::start().await;
        app.wait_for("input#path").await;
        let client = app.client();

        let eval = client
            .execute(
                "try { new Function('return 1')(); return 'allowed'; } \
                 catch (e) { return e.name; }",
                Vec::new(),
            )
            .await
            .unwrap();
        assert_eq!(eval, "EvalError", "new Function() must be refused");

        let inline = client
            .execute(
                "const s = document.createElement('script'); \
                 s.textContent = 'window.injected = true'; \
                 document.head.appendChild(s); \
                 return window.injected === true;",
                Vec::new(),
            )
            .await
            .unwrap();
        assert_eq!(inline, false, "an injected inline script must not run");

        app.end().await;
    })
    .await
    .expect("the test took too long");
}
