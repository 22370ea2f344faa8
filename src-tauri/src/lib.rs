//! certpack-desktop: the desktop shell of certpack, a thin Tauri layer over
//! `certpack-core`.
//!
//! - [`commands`]: what the UI may call (checks, drafts, the wizard's live data, the
//!   bundle preview and export, dialogs), each a few lines over one core function.
//! - [`state`]: managed state: the client secret (memory only), running jobs' cancel
//!   flags, the app's own folder (recent drafts, crash restore).
//! - [`IpcError`]: the single `{ code, message }` error shape sent to the UI.
//!
//! [`run`] starts the app; [`builder`] wires the commands onto any runtime, so tests
//! can use the mock runtime instead of a window.

#[cfg(all(test, feature = "test"))]
mod bindings;
pub mod commands;
mod ipc_error;
pub mod state;

pub use ipc_error::IpcError;
use tauri::{Builder, Manager, Runtime};

/// Registers the commands. Shared by [`run`] and the mock-runtime tests.
pub fn builder<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .manage(state::Secrets::default())
        .manage(state::Checks::default())
        .manage(state::Jobs::default())
        .manage(state::StateDir::default())
        .manage(state::Storage::default())
        .setup(|app| {
            if let Ok(dir) = app.path().app_data_dir() {
                app.state::<state::StateDir>().set(dir);
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::check::check_path,
            commands::dialog::pick_file,
            commands::dialog::pick_folder,
            commands::draft::start_info,
            commands::draft::open_draft,
            commands::draft::save_draft,
            commands::draft::new_draft,
            commands::draft::open_example,
            commands::draft::close_draft,
            commands::draft::file_stamps,
            commands::wizard::check_draft,
            commands::wizard::connector_summary,
            commands::wizard::categories,
            commands::wizard::set_client_secret,
            commands::wizard::submission_sheet,
            commands::wizard::save_sheet,
            commands::export::preview_bundle,
            commands::export::read_entry,
            commands::export::export_bundle,
            commands::export::cancel_job,
            commands::export::show_in_folder,
            commands::keychain::remember_secret,
            commands::keychain::recall_secret,
            commands::keychain::remember_storage,
            commands::keychain::recall_storage,
            commands::upload::set_storage_connection,
            commands::upload::upload_package,
            commands::upload::verify_sas,
            commands::window::set_title,
            commands::window::open_link,
            commands::window::open_file,
            commands::after::compare_previous,
            commands::after::changelog_draft,
            commands::after::after_submission,
            commands::after::write_ics,
            commands::after::map_report,
            commands::after::write_pr_folder,
            commands::pq::pq_check,
            commands::pq::pq_draft_text,
            commands::pq::pq_export,
            commands::pq::pq_verify,
            commands::pq::pq_save_sheet,
        ])
}

/// Opens the main window and runs until it is closed.
pub fn run() {
    let context = tauri::generate_context!();
    if let Err(err) = builder(Builder::default()).run(context) {
        eprintln!("certpack: cannot start the desktop app: {err}");
        std::process::exit(1);
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use std::io::Write;
    use std::path::{Path, PathBuf};

    /// Writes an outer upload whose root holds two .md files and no package zip
    /// (findings PKG-03 and PKG-04).
    pub fn broken_upload(dir: &Path) -> PathBuf {
        let path = dir.join("broken.zip");
        let file = std::fs::File::create(&path).unwrap();
        let mut zip = zip::ZipWriter::new(file);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for name in ["intro.md", "notes.md"] {
            zip.start_file(name, opts).unwrap();
            zip.write_all(b"# Contoso\n").unwrap();
        }
        zip.finish().unwrap();
        path
    }
}

/// The IPC round trip on the mock runtime: argument names, JSON shapes, errors.
#[cfg(all(test, feature = "test"))]
mod ipc_tests {
    use certpack_core::Report;
    use serde_json::{Value, json};
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{
        INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
    };
    use tauri::webview::InvokeRequest;
    use tauri::{App, WebviewWindow, WebviewWindowBuilder};

    fn app() -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
        let app = super::builder(mock_builder())
            .build(mock_context(noop_assets()))
            .unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        (app, window)
    }

    fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }

    #[test]
    fn check_path_over_ipc() {
        let (_app, window) = app();
        let dir = tempfile::tempdir().unwrap();
        let upload = super::testing::broken_upload(dir.path());

        let ok = invoke(
            &window,
            "check_path",
            json!({ "path": upload, "publisher": "independent", "plugin": false }),
        )
        .unwrap();
        let report: Report = serde_json::from_value(ok).unwrap();
        assert!(report.codes().contains(&"PKG-03"), "{:?}", report.codes());
        assert!(report.codes().contains(&"PKG-04"), "{:?}", report.codes());

        let err = invoke(
            &window,
            "check_path",
            json!({ "path": dir.path().join("missing.zip"), "publisher": "verified", "plugin": false }),
        )
        .unwrap_err();
        assert_eq!(err["code"], "io", "{err}");
        assert!(
            err["message"].as_str().unwrap().contains("missing.zip"),
            "{err}"
        );
    }

    /// The wizard's commands over IPC: the example, live findings with the secret held
    /// in memory, an autosave that never holds the secret, recent drafts and restore.
    #[test]
    fn wizard_commands_over_ipc() {
        use tauri::Manager;
        let (app, window) = app();
        let dir = tempfile::tempdir().unwrap();
        app.state::<crate::state::StateDir>()
            .set(dir.path().join("state"));

        let start = invoke(&window, "start_info", json!({})).unwrap();
        assert_eq!(start, json!({ "recent": [], "restore": null }));

        let opened = invoke(&window, "open_example", json!({})).unwrap();
        let draft = opened["path"].as_str().unwrap().to_owned();
        let mut sub = opened["submission"].clone();
        let codes = |report: &Value| -> Vec<String> {
            report["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap().to_owned())
                .collect()
        };
        let report = invoke(&window, "check_draft", json!({ "submission": sub })).unwrap();
        assert!(codes(&report).contains(&"PC-07".to_owned()), "{report}");

        const SECRET: &str = "ipc-test-secret-4d2f";
        let held = invoke(&window, "set_client_secret", json!({ "secret": SECRET })).unwrap();
        assert_eq!(held, true);
        let report = invoke(&window, "check_draft", json!({ "submission": sub })).unwrap();
        assert!(!codes(&report).contains(&"PC-07".to_owned()), "{report}");

        sub["availability"]["hideKey"] = json!("edited");
        invoke(
            &window,
            "save_draft",
            json!({ "path": draft, "submission": sub }),
        )
        .unwrap();
        let saved = std::fs::read_to_string(&draft).unwrap();
        assert!(saved.contains("edited"));
        assert!(!saved.contains(SECRET), "the secret was saved in the draft");

        let sheet = invoke(
            &window,
            "submission_sheet",
            json!({ "submission": sub, "package": null }),
        )
        .unwrap();
        assert!(
            !sheet.to_string().contains(SECRET),
            "the secret is on the sheet"
        );

        let start = invoke(&window, "start_info", json!({})).unwrap();
        assert_eq!(
            start["recent"],
            json!([{ "path": draft, "offer": "Contoso Tasks", "kind": "powerPlatform" }])
        );
        assert_eq!(start["restore"], json!(draft));
        invoke(&window, "close_draft", json!({})).unwrap();
        let start = invoke(&window, "start_info", json!({})).unwrap();
        assert_eq!(start["restore"], Value::Null);

        assert_eq!(
            invoke(&window, "cancel_job", json!({ "job": 99 })).unwrap(),
            false
        );
        // An offer that did not opt in never touches the keychain.
        let recalled = invoke(
            &window,
            "recall_secret",
            json!({ "offer": "Contoso Tasks" }),
        );
        assert_eq!(recalled.unwrap(), false);
        let cats = invoke(&window, "categories", json!({})).unwrap();
        assert_eq!(cats.as_array().unwrap().len(), 19);
    }

    /// An update and after submission over IPC: no comparison until a previous version
    /// is named, then its findings and a changelog draft; the checklist from the
    /// example's connector, the timeline, the .ics and the PR folder written.
    #[test]
    fn after_submission_commands_over_ipc() {
        use tauri::Manager;
        let (app, window) = app();
        let dir = tempfile::tempdir().unwrap();
        app.state::<crate::state::StateDir>()
            .set(dir.path().join("state"));
        let opened = invoke(&window, "open_example", json!({})).unwrap();
        let mut sub = opened["submission"].clone();

        let none = invoke(&window, "compare_previous", json!({ "submission": sub })).unwrap();
        assert_eq!(none, Value::Null);
        let err = invoke(&window, "changelog_draft", json!({ "submission": sub })).unwrap_err();
        assert_eq!(err["code"], "input", "{err}");
        // the previous version is the example itself: nothing changed
        sub["update"] =
            json!({ "enabled": true, "previous": sub["packages"]["sourceDir"], "changelog": "" });
        let same = invoke(&window, "compare_previous", json!({ "submission": sub })).unwrap();
        assert_eq!(same["class"], "none", "{same}");
        assert_eq!(same["diagnostics"], json!([]));
        let log = invoke(&window, "changelog_draft", json!({ "submission": sub })).unwrap();
        assert!(log.as_str().unwrap().starts_with("## "), "{log}");

        sub["tracker"]["events"] = json!([
            { "state": "previewReady", "at": "2026-03-05T07:30:00-08:00" },
            { "state": "goLive", "at": "2026-03-05T07:30:00-08:00" }
        ]);
        let view = invoke(&window, "after_submission", json!({ "submission": sub })).unwrap();
        let ids: Vec<&str> = view["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert!(ids.contains(&"op:CreateTask"), "{ids:?}");
        let timeline = view["timeline"].to_string();
        assert!(timeline.contains("2026-03-06"), "{timeline}");
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        let ics = invoke(
            &window,
            "write_ics",
            json!({ "submission": sub, "dir": out }),
        )
        .unwrap();
        let text = std::fs::read_to_string(ics.as_str().unwrap()).unwrap();
        assert!(text.contains("DTSTART;VALUE=DATE:20260306"), "{text}");
        // a bad date: the checklist still comes, the timeline says why not
        sub["tracker"]["events"] = json!([{ "state": "submitted", "at": "yesterday" }]);
        let view = invoke(&window, "after_submission", json!({ "submission": sub })).unwrap();
        assert_eq!(view["timeline"], Value::Null);
        assert!(
            view["timelineError"]
                .as_str()
                .unwrap()
                .contains("yesterday"),
            "{view}"
        );
        assert!(!view["checklist"].as_array().unwrap().is_empty());

        let lines = invoke(
            &window,
            "map_report",
            json!({ "text": "##[error]The operation has been deleted. This change breaks existing flows. ValuePath: operation/X Source: NewSwagger" }),
        )
        .unwrap();
        assert_eq!(lines[0]["code"], "BRK-01", "{lines}");

        let pr = invoke(
            &window,
            "write_pr_folder",
            json!({ "submission": sub, "dir": out }),
        )
        .unwrap();
        let path = std::path::PathBuf::from(pr["path"].as_str().unwrap());
        assert!(path.join("apiDefinition.swagger.json").is_file(), "{pr}");
        assert_eq!(pr["folder"]["diagnostics"], json!([]), "{pr}");
        // never merged into an existing folder
        let again = invoke(
            &window,
            "write_pr_folder",
            json!({ "submission": sub, "dir": out }),
        )
        .unwrap_err();
        assert_eq!(again["code"], "input", "{again}");
    }

    /// The connection string is parsed and held in the shell: the UI gets the account
    /// it names, never the key back; a blank one forgets it, and an upload by account
    /// without one says what to do.
    #[test]
    fn storage_connection_over_ipc() {
        let (_app, window) = app();
        let key = certpack_core::upload::DEV_ACCOUNT_KEY;
        let text = format!(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};BlobEndpoint=http://127.0.0.1:1/devstoreaccount1"
        );
        let account = invoke(&window, "set_storage_connection", json!({ "text": text })).unwrap();
        assert_eq!(account["account"], "devstoreaccount1", "{account}");
        assert_eq!(account["emulator"], true, "{account}");
        assert!(
            !account.to_string().contains(key),
            "the key went back to the UI"
        );

        let err = invoke(
            &window,
            "set_storage_connection",
            json!({ "text": "AccountName=x" }),
        )
        .unwrap_err();
        assert_eq!(err["code"], "input", "{err}");
        assert!(!err.to_string().contains(key));

        let none = invoke(&window, "set_storage_connection", json!({ "text": "  " })).unwrap();
        assert_eq!(none, Value::Null);
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("p.zip");
        std::fs::write(&pkg, b"zip").unwrap();
        let err = invoke(
            &window,
            "upload_package",
            json!({
                "package": pkg,
                "way": { "kind": "account", "container": "certification", "expiryDays": 30 },
                "job": 1,
                "onProgress": "__CHANNEL__:1",
            }),
        )
        .unwrap_err();
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("connection string"),
            "{err}"
        );
    }

    #[test]
    fn bad_arguments_are_rejected() {
        let (_app, window) = app();
        let err = invoke(
            &window,
            "check_path",
            json!({ "path": "/x", "publisher": "nobody" }),
        )
        .unwrap_err();
        assert!(err.as_str().unwrap().contains("publisher"), "{err}");
    }
}
