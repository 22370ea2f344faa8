//! `JsonDoc::parse`, then pointers (fixed ones and every path of the tree) through
//! `pointer` and `locate`, checked against `Value::pointer`; `line_col` checked
//! against a naive count; `to_serde`; and `rules::files::parse_json` (the issues as
//! findings).
#![no_main]

use certpack_core::read::json::{JsonDoc, JsonIssue, Kind, Value, escape_token};
use certpack_core::rules::Sink;
use libfuzzer_sys::fuzz_target;

const FIXED: &[&str] = &[
    "",
    "/",
    "//",
    "/0",
    "/-1",
    "/~",
    "/~0",
    "/~1",
    "/~2",
    "/a~01b",
    "/swagger",
    "/info/title",
    "/paths",
    "/paths/~1tasks/get/responses/200",
    "/definitions",
    "/properties/connectionParameters",
    "/properties/iconBrandColor",
    "/securityDefinitions",
];

/// Most tree paths visited per input (keeps big inputs fast).
const MAX_PATHS: usize = 2000;

/// Line and column as the docs define them: 1-based, columns count characters, a
/// partial character counts as one.
fn naive_line_col(text: &str, offset: usize) -> (u32, u32) {
    let b = &text.as_bytes()[..offset.min(text.len())];
    let line_start = b.iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
    let line = b.iter().filter(|&&c| c == b'\n').count() + 1;
    let col = b[line_start..]
        .iter()
        .filter(|&&c| (c & 0xC0) != 0x80)
        .count()
        + 1;
    (line as u32, col as u32)
}

fn paths(v: &Value, at: String, out: &mut Vec<(String, *const Value, usize)>) {
    if out.len() >= MAX_PATHS {
        return;
    }
    out.push((at.clone(), v as *const Value, v.start));
    match &v.kind {
        Kind::Object(members) => {
            for m in members {
                paths(&m.value, format!("{at}/{}", escape_token(&m.key)), out);
            }
        }
        Kind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                paths(item, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let doc = JsonDoc::parse(data);
    let text = doc.text();
    let _ = doc.is_fatal();

    for p in FIXED {
        let a = doc.pointer(p);
        let _ = doc.locate(p);
        if let Some(root) = &doc.root {
            let b = root.pointer(p);
            assert_eq!(
                a.map(|v| v as *const Value),
                b.map(|v| v as *const Value),
                "pointer {p:?}"
            );
        }
    }

    if let Some(root) = &doc.root {
        let _ = root.to_serde();
        let duplicates = doc
            .issues
            .iter()
            .any(|i| matches!(i, JsonIssue::DuplicateKey { .. }));
        let mut all = Vec::new();
        paths(root, String::new(), &mut all);
        for (p, node, start) in &all {
            // Both lookups keep the last of duplicate keys: they must agree; without
            // duplicates, every path of the tree leads to its own node.
            let a = doc.pointer(p).map(|v| v as *const Value);
            let b = root.pointer(p).map(|v| v as *const Value);
            assert_eq!(
                a, b,
                "JsonDoc::pointer and Value::pointer disagree on {p:?}"
            );
            if !duplicates {
                assert_eq!(
                    a,
                    Some(*node),
                    "path {p:?} of the tree does not lead to its node"
                );
            }
            assert!(doc.locate(p).is_some(), "path {p:?} has no location");
            assert!(*start <= text.len());
        }
        for (_, _, start) in all.iter().take(64) {
            assert_eq!(
                doc.line_col(*start),
                naive_line_col(text, *start),
                "offset {start}"
            );
        }
    }

    for off in [
        0,
        text.len() / 3,
        text.len() / 2,
        text.len(),
        text.len() + 7,
    ] {
        assert_eq!(doc.line_col(off), naive_line_col(text, off), "offset {off}");
    }

    let mut sink = Sink::new();
    let again = certpack_core::rules::files::parse_json(&mut sink, "fuzz.json", data);
    assert_eq!(again.root, doc.root, "parsing is deterministic");
    let _ = sink.into_diagnostics();
});
