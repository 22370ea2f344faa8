//! Reading problems: FILE, JSON, ZIP. Also the helper that reads a JSON file and
//! reports every [`JsonIssue`] with its place.

use crate::model::{Location, Severity};
use crate::read::json::{JsonDoc, JsonIssue};
use crate::read::zip::ZipProblem;

use super::Sink;

const PKG_DOC: Option<&str> =
    Some("https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission");

rules! {
    FILE_01 {
        code: "FILE-01",
        severity: Error,
        scope: File,
        title: "A required file is missing",
        explanation: "The file named in the message must be present where it was looked for. Add it (exported \
            from the maker portal or your connector source folder), or correct the path you gave.",
        url: PKG_DOC,
    }
    FILE_02 {
        code: "FILE-02",
        severity: Error,
        scope: File,
        title: "A file cannot be read",
        explanation: "certpack could not read the file (permission, I/O error) or it is larger than certpack reads. \
            Check the file's permissions and that it is the file you meant.",
        url: None,
    }
    JSON_01 {
        code: "JSON-01",
        severity: Error,
        scope: File,
        title: "Not valid JSON",
        explanation: "Fix the syntax at the line and column given: a missing comma or quote, an unclosed bracket, \
            text after the end. Microsoft's validators read JSON with Json.NET, which also takes trailing commas, \
            comments and raw tabs in strings (merged connectors have them): those are warnings, as strict JSON \
            tools (paconn's schema check, editors) refuse them.",
        url: None,
    }
    JSON_02 {
        code: "JSON-02",
        severity: Warning,
        scope: File,
        title: "Duplicate key in a JSON object",
        explanation: "Parsers keep the last value silently, so the first one is ignored. Remove or rename one of \
            the two keys.",
        url: None,
    }
    JSON_03 {
        code: "JSON-03",
        severity: Warning,
        scope: File,
        title: "JSON file encoding is not plain UTF-8",
        explanation: "Save the file as UTF-8 without a byte order mark. Bytes that are not UTF-8 (often cp1252 \
            accented letters) are a warning: they are read as replacement characters, so the text users see is \
            garbled (two merged connectors have them). A BOM is only noted.",
        url: None,
    }
    ZIP_01 {
        code: "ZIP-01",
        severity: Error,
        scope: File,
        title: "Not a readable zip, or an entry name escapes the archive",
        explanation: "The archive is truncated or corrupt (bytes before its start or after its end, a local \
            header that names another file than the central directory), or has an entry whose name is absolute, \
            has a drive letter or a `..` component. Partner Center's download and Package Deployer refuse such \
            archives. Re-create the archive with a standard tool (or `certpack bundle`) from the original files.",
        url: None,
    }
    ZIP_03 {
        code: "ZIP-03",
        severity: Error,
        scope: File,
        title: "Two entries of an archive have the same name, or names that differ only by case",
        explanation: "An archive holds `solution.xml` twice, or `solution.xml` and `SOLUTION.XML`. Readers \
            disagree on which copy they take (the first, the last, or either on a case-insensitive Windows \
            folder), so what Microsoft's tools read need not be what was checked. Keep one copy of each file \
            and re-create the archive.",
        url: None,
    }
    ZIP_02 {
        code: "ZIP-02",
        severity: Error,
        scope: File,
        title: "Archive expands past the safety limits",
        explanation: "An entry's size or compression ratio, the total size or the entry count is past what a \
            connector package can need (zip-bomb protection); the archive was not read further. Rebuild it from \
            the exported solutions.",
        url: None,
    }
}

/// Reports a zip problem at `vpath`.
pub fn report_zip(sink: &mut Sink, vpath: &str, problem: &ZipProblem) {
    let rule = match problem {
        ZipProblem::Unreadable(_) => &ZIP_01,
        ZipProblem::Limit(_) => &ZIP_02,
        ZipProblem::Io(_) => &FILE_02,
    };
    sink.emit(rule, Location::file(vpath), problem.message());
}

/// Parses JSON bytes and reports every issue (JSON-01/02/03) at its place in `vpath`.
pub fn parse_json(sink: &mut Sink, vpath: &str, bytes: &[u8]) -> JsonDoc {
    let doc = JsonDoc::parse(bytes);
    // A key given many times in one object is one finding, at its second place.
    let mut repeats: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    for issue in &doc.issues {
        if let JsonIssue::DuplicateKey { pointer, .. } = issue {
            *repeats.entry(pointer.as_str()).or_default() += 1;
        }
    }
    for issue in &doc.issues {
        match issue {
            JsonIssue::Syntax {
                offset,
                message,
                hint,
                fatal,
                lenient,
            } => {
                let (l, c) = doc.line_col(*offset);
                let tail = if *fatal {
                    ""
                } else {
                    " (certpack read on past it)"
                };
                sink.emit_as(
                    &JSON_01,
                    if *lenient {
                        Severity::Warning
                    } else {
                        Severity::Error
                    },
                    Location::file(vpath).with_line_col(l, c),
                    format!("{message}: {hint}{tail}"),
                );
            }
            JsonIssue::DuplicateKey { pointer, offset } => {
                let Some(n) = repeats.remove(pointer.as_str()) else {
                    continue;
                };
                let times = match n {
                    1 => "twice".to_owned(),
                    n => format!("{} times", n + 1),
                };
                let (l, c) = doc.line_col(*offset);
                sink.emit(
                    &JSON_02,
                    Location::file(vpath)
                        .with_pointer(pointer.clone())
                        .with_line_col(l, c),
                    format!(
                        "the key `{pointer}` appears {times} in the same object; the last one wins"
                    ),
                );
            }
            JsonIssue::Bom => sink.emit_as(
                &JSON_03,
                Severity::Info,
                Location::file(vpath).with_line_col(1, 1),
                "the file starts with a UTF-8 byte order mark",
            ),
            JsonIssue::NotUtf8 { byte_offset } => sink.emit_as(
                &JSON_03,
                Severity::Warning,
                Location::file(vpath),
                format!("the file is not UTF-8: the first invalid byte is at offset {byte_offset}"),
            ),
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::{contoso_connector_solution, contoso_flow_solution};
    use crate::model::Diagnostic;
    use crate::rules::cases::{Case, check_folder, check_solutions};
    use crate::rules::content::testing::good_folder;

    /// The good source folder with `name` changed by `f` (or left out when `f` gives
    /// `None`).
    fn folder(name: &str, f: fn(Vec<u8>) -> Option<Vec<u8>>) -> Vec<Diagnostic> {
        let files: Vec<(&str, Vec<u8>)> = good_folder()
            .into_iter()
            .filter_map(|(n, b)| {
                if n == name {
                    f(b).map(|b| (n, b))
                } else {
                    Some((n, b))
                }
            })
            .collect();
        check_folder(&files, |_| {})
    }

    /// `bytes` with the first `from` replaced by `to`.
    fn edit(bytes: &[u8], from: &str, to: &[u8]) -> Vec<u8> {
        let at = bytes
            .windows(from.len())
            .position(|w| w == from.as_bytes())
            .unwrap_or_else(|| panic!("`{from}` is not in the file"));
        [&bytes[..at], to, &bytes[at + from.len()..]].concat()
    }

    /// The good properties with `from` replaced by `to`.
    fn properties(from: &'static str, to: &'static [u8]) -> Vec<Diagnostic> {
        let files: Vec<(&str, Vec<u8>)> = good_folder()
            .into_iter()
            .map(|(n, b)| {
                let b = if n == "apiProperties.json" {
                    edit(&b, from, to)
                } else {
                    b
                };
                (n, b)
            })
            .collect();
        check_folder(&files, |_| {})
    }

    /// The example's solutions, with `extra` in the connector solution.
    fn with_entry(name: &str, bytes: Vec<u8>) -> Vec<Diagnostic> {
        let mut c = contoso_connector_solution();
        c.extra = vec![(name.into(), bytes)];
        check_solutions(c, contoso_flow_solution())
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &FILE_01,
                || folder("apiProperties.json", |_| None),
                || {
                    let mut files = good_folder();
                    files[1].0 = "APIProperties.json";
                    check_folder(&files, |_| {})
                },
            ),
            Case::new(
                &FILE_02,
                || {
                    let files: Vec<_> = good_folder()
                        .into_iter()
                        .filter(|(n, _)| *n != "script.csx")
                        .collect();
                    check_folder(&files, |dir| {
                        let f = std::fs::File::create(dir.join("script.csx")).unwrap();
                        // sparse: past what certpack reads, without writing it
                        f.set_len(crate::read::file::MAX_TEXT_FILE + 1).unwrap();
                    })
                },
                || folder("script.csx", Some),
            ),
            Case::new(
                &JSON_01,
                || properties("[\"actions\"],", b"[\"actions\"]"),
                || properties("\"Contoso Ltd\"\n  }", b"\"Contoso Ltd\",\n  }"),
            ),
            Case::new(
                &JSON_01,
                || properties("\"Contoso Ltd\"\n  }", b"\"Contoso Ltd\",\n  }"),
                || folder("apiProperties.json", Some),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &JSON_02,
                || {
                    properties(
                        "\"publisher\"",
                        b"\"stackOwner\": \"Contoso Ltd\",\n    \"publisher\"",
                    )
                },
                || {
                    properties(
                        "\"publisher\"",
                        b"\"StackOwner\": \"Contoso Ltd\",\n    \"publisher\"",
                    )
                },
            ),
            Case::new(
                &JSON_03,
                || properties("\"Contoso Ltd\"", b"\"Contoso Lt\xe9e\""),
                || properties("\"Contoso Ltd\"", b"\"Contoso Lt\xc3\xa9e\""),
            ),
            Case::new(
                &JSON_03,
                || properties("{", b"\xef\xbb\xbf{"),
                || properties("{", b"{"),
            )
            .reported_as(Severity::Info),
            Case::new(
                &ZIP_01,
                || with_entry("../../evil.sh", b"#!/bin/sh".to_vec()),
                || with_entry("evil.sh", b"#!/bin/sh".to_vec()),
            ),
            Case::new(
                &ZIP_02,
                // deflated zeros: 1 MiB at a ratio of about 1000:1 (smaller entries are not judged)
                || with_entry("Connector/zeros.bin", vec![0; 1 << 20]),
                || with_entry("Connector/zeros.bin", vec![0; (1 << 20) - 1]),
            ),
            Case::new(
                &ZIP_03,
                // a twin of customizations.xml that only case tells apart
                || with_entry("Customizations.XML", b"<ImportExportXml/>".to_vec()),
                || with_entry("Connector/notes.txt", b"notes".to_vec()),
            ),
        ]
    }

    #[test]
    fn json_issues_are_placed() {
        let mut sink = Sink::new();
        let doc = parse_json(&mut sink, "a.json", b"{\n  \"a\": 1,\n  \"a\": 2,\n}");
        assert!(!doc.is_fatal());
        let d = sink.diagnostics();
        assert_eq!(
            d.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
            ["JSON-02", "JSON-01"]
        );
        assert_eq!(
            (d[0].location.line, d[0].location.column),
            (Some(3), Some(3))
        );
        assert_eq!(d[0].location.pointer.as_deref(), Some("/a"));
        assert_eq!(d[1].location.line, Some(3));
    }

    #[test]
    fn a_key_given_many_times_is_one_finding() {
        let mut sink = Sink::new();
        let text = format!("{{{}\"a\": 1, \"b\": 1, \"b\": 2}}", "\"a\": 1, ".repeat(5));
        parse_json(&mut sink, "a.json", text.as_bytes());
        let d: Vec<_> = sink
            .diagnostics()
            .iter()
            .map(|d| {
                (
                    d.location.pointer.clone().unwrap_or_default(),
                    d.message.clone(),
                )
            })
            .collect();
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].0, "/a");
        assert!(d[0].1.contains("6 times"), "{}", d[0].1);
        assert_eq!(d[1].0, "/b");
        assert!(d[1].1.contains("twice"), "{}", d[1].1);
    }

    #[test]
    fn clean_json_is_silent() {
        let mut sink = Sink::new();
        parse_json(&mut sink, "a.json", br#"{"a": [1, {"b": null}]}"#);
        assert!(sink.diagnostics().is_empty());
    }

    #[test]
    fn encoding() {
        let mut sink = Sink::new();
        parse_json(&mut sink, "a.json", b"\xEF\xBB\xBF{\"a\": \"\xe9\"}");
        let sev: Vec<_> = sink
            .diagnostics()
            .iter()
            .map(|d| (d.code.as_str(), d.severity))
            .collect();
        assert_eq!(
            sev,
            [("JSON-03", Severity::Info), ("JSON-03", Severity::Warning)]
        );
    }
}
