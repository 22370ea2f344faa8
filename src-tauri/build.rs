// The app's own commands are allow-listed here and granted by name in
// capabilities/main.json; a command missing from this list cannot be called.
const COMMANDS: &[&str] = &["check_path", "pick_file"];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
