//! rustc-style source snippets for findings that have a line and column: the line,
//! a caret under the place, the JSON pointer as the label, the fix as a help note.

use std::collections::HashMap;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use certpack_core::{Diagnostic, Severity};

use certpack_core::rules::SECRET_CODES;

/// The largest file read to show a snippet.
const MAX_SOURCE: u64 = 8 << 20;

/// How many characters of a long line are shown before and after the place.
const BEFORE: usize = 60;
const AFTER: usize = 100;

/// A file's text with the offsets of its line starts.
struct Source {
    text: String,
    starts: Vec<usize>,
    /// Character marks of the long lines shown so far (by line number).
    marks: HashMap<usize, LineMarks>,
}

/// Where every [`MARK_STEP`]-th character of a line starts, and how many characters
/// it has: a window of a long line is then cut in constant time, however many
/// findings sit on that line (a minified file is one line).
struct LineMarks {
    bytes: Vec<usize>,
    chars: usize,
}

const MARK_STEP: usize = 256;

impl LineMarks {
    fn new(line: &str) -> Self {
        let mut bytes = Vec::with_capacity(line.len() / MARK_STEP + 1);
        let mut chars = 0;
        for (i, (b, _)) in line.char_indices().enumerate() {
            if i % MARK_STEP == 0 {
                bytes.push(b);
            }
            chars = i + 1;
        }
        if bytes.is_empty() {
            bytes.push(0);
        }
        LineMarks { bytes, chars }
    }

    /// The byte offset of character `c` of `line` (its length past the end).
    fn byte_of(&self, line: &str, c: usize) -> usize {
        let k = (c / MARK_STEP).min(self.bytes.len() - 1);
        let base = self.bytes[k];
        line[base..]
            .char_indices()
            .nth(c - k * MARK_STEP)
            .map_or(line.len(), |(i, _)| base + i)
    }
}

impl Source {
    /// Characters `from..from + len` of line `n`, with whether the line goes on to
    /// the right of them.
    fn window(&mut self, n: usize, from: usize, len: usize) -> Option<(&str, bool)> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map_or(self.text.len(), |&e| e);
        let line = self.text.get(start..end)?.trim_end_matches(['\n', '\r']);
        let marks = self.marks.entry(n).or_insert_with(|| LineMarks::new(line));
        let a = marks.byte_of(line, from);
        let b = marks.byte_of(line, from + len);
        Some((&line[a..b], marks.chars > from + len))
    }
}

/// File texts, read and indexed once each (from disk or from inside zips), so
/// every finding costs a lookup, not a scan of its file.
#[derive(Default)]
pub struct Sources {
    texts: HashMap<String, Option<Source>>,
}

impl Sources {
    fn source(&mut self, file: &str) -> Option<&mut Source> {
        self.texts
            .entry(file.to_owned())
            .or_insert_with(|| {
                let bytes = certpack_core::read::read_vpath(file, MAX_SOURCE)?;
                let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                let text = String::from_utf8_lossy(bytes).into_owned();
                let mut starts = vec![0];
                starts.extend(
                    text.bytes()
                        .enumerate()
                        .filter(|&(_, b)| b == b'\n')
                        .map(|(i, _)| i + 1),
                );
                Some(Source {
                    text,
                    starts,
                    marks: HashMap::new(),
                })
            })
            .as_mut()
    }
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::NOTE,
    }
}

/// Renders `d` with its source line (and its rule's help when `help`), or `None`
/// when it has no line or the file cannot be read.
pub fn render(d: &Diagnostic, sources: &mut Sources, help: bool) -> Option<String> {
    // The source line of a secret finding would print the secret: never show it.
    if SECRET_CODES.contains(&d.code.as_str()) {
        return None;
    }
    let (file, line, column) = (
        d.location.file.as_deref()?,
        d.location.line?,
        d.location.column?,
    );
    // Column counts characters; a long line (a minified file) is cut to a window
    // around the place, so the output stays short and linear in the findings.
    let col = usize::try_from(column).ok()?.checked_sub(1)?;
    let from = col.saturating_sub(BEFORE);
    let (window, cut_right) =
        sources
            .source(file)?
            .window(usize::try_from(line).ok()?, from, BEFORE + AFTER)?;
    let cut_left = from > 0;
    let line_text = format!(
        "{}{window}{}",
        if cut_left { "…" } else { "" },
        if cut_right { "…" } else { "" }
    );
    let line_text = line_text.as_str();
    let start = line_text
        .char_indices()
        .nth(col - from + usize::from(cut_left))
        .map_or(line_text.len(), |(i, _)| i);
    let rest = line_text[start..].trim_end().trim_end_matches(',');
    let end = if rest.is_empty() {
        (start + 1).min(line_text.len().max(start))
    } else {
        start + rest.len()
    };
    let label = d
        .location
        .pointer
        .as_deref()
        .map(|p| format!("#{p}"))
        .unwrap_or_default();
    let snippet = Snippet::source(line_text)
        .line_start(usize::try_from(line).ok()?)
        .path(file)
        .annotation(
            AnnotationKind::Primary
                .span(start..end.max(start))
                .label(label),
        );
    let mut group = level(d.severity)
        .primary_title(d.message.as_str())
        .id(d.code.as_str())
        .element(snippet);
    if let Some(text) = d.help.as_deref().filter(|_| help) {
        group = group.element(Level::HELP.message(text));
    }
    Some(Renderer::styled().render(&[group]).to_string())
}
