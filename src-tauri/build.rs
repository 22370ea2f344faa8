// The app's own commands are allow-listed here and granted by name in
// capabilities/main.json; a command missing from this list cannot be called.
const COMMANDS: &[&str] = &[
    "check_path",
    "pick_file",
    "pick_folder",
    "start_info",
    "open_draft",
    "save_draft",
    "new_draft",
    "open_example",
    "close_draft",
    "file_stamps",
    "check_draft",
    "connector_summary",
    "categories",
    "set_client_secret",
    "submission_sheet",
    "save_sheet",
    "preview_bundle",
    "read_entry",
    "export_bundle",
    "cancel_job",
    "show_in_folder",
    "remember_secret",
    "recall_secret",
    "remember_storage",
    "recall_storage",
    "set_storage_connection",
    "upload_package",
    "verify_sas",
    "set_title",
    "open_link",
    "open_file",
    "compare_previous",
    "changelog_draft",
    "after_submission",
    "write_ics",
    "map_report",
    "write_pr_folder",
    "pq_check",
    "pq_draft_text",
    "pq_export",
    "pq_verify",
    "pq_save_sheet",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
