//! The app's command list is written in four places that must agree: the handler
//! list (`src/lib.rs`), the allow-list (`build.rs`), the capability granting each
//! command (`capabilities/main.json`) and the UI's only caller (`ui/src/lib/ipc`).
//! A command missing from one of them fails at run time, in the user's hands; this
//! test fails first and names it.

use std::collections::BTreeSet;
use std::path::Path;

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The quoted words that follow `open` until `close`, e.g. the names in `["a", "b"]`.
fn quoted(text: &str, open: &str, close: &str) -> Vec<String> {
    let start = text.find(open).unwrap_or_else(|| panic!("no `{open}`")) + open.len();
    let end = start
        + text[start..]
            .find(close)
            .unwrap_or_else(|| panic!("no `{close}`"));
    text[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn handlers() -> BTreeSet<String> {
    let lib = read("src/lib.rs");
    let start = lib.find("generate_handler![").expect("a handler list");
    let end = start + lib[start..].find(']').expect("its end");
    lib[start + "generate_handler![".len()..end]
        .split(',')
        .filter_map(|p| p.trim().rsplit("::").next().map(str::to_owned))
        .filter(|n| !n.is_empty())
        .collect()
}

fn allow_list() -> BTreeSet<String> {
    quoted(&read("build.rs"), "const COMMANDS: &[&str] = &[", "];")
        .into_iter()
        .collect()
}

fn granted() -> BTreeSet<String> {
    let caps: serde_json::Value =
        serde_json::from_str(&read("capabilities/main.json")).expect("JSON");
    caps["permissions"]
        .as_array()
        .expect("a permission list")
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

fn called_by_the_ui() -> BTreeSet<String> {
    let ipc = read("../ui/src/lib/ipc/index.ts");
    ipc.split("call<")
        .skip(1)
        .filter_map(|rest| {
            // call<T>("name", ...): the first quoted word after the type
            let q = rest.find(">(\"")?;
            let name = &rest[q + 3..];
            Some(name[..name.find('"')?].to_owned())
        })
        .collect()
}

#[test]
fn the_four_command_lists_agree() {
    let handlers = handlers();
    assert!(handlers.len() > 10, "parsed {handlers:?}");
    for (what, other) in [
        ("build.rs COMMANDS", allow_list()),
        ("capabilities/main.json", granted()),
        ("ui/src/lib/ipc/index.ts", called_by_the_ui()),
    ] {
        let missing: Vec<_> = handlers.difference(&other).collect();
        let extra: Vec<_> = other.difference(&handlers).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{what} disagrees with the handlers of src/lib.rs: missing {missing:?}, not a handler {extra:?}"
        );
    }
}
