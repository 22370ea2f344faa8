//! rustc-style source snippets for findings that have a line and column: the line,
//! a caret under the place, the JSON pointer as the label, the fix as a help note.

use std::collections::HashMap;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use certpack_core::{Diagnostic, Severity};

/// Findings about secrets: their place is shown, their line never is.
const SECRET_CODES: &[&str] = &["SEC-01", "PRP-05"];

/// The largest file read to show a snippet.
const MAX_SOURCE: u64 = 8 << 20;

/// How many characters of a long line are shown before and after the place.
const BEFORE: usize = 60;
const AFTER: usize = 100;

/// A file's text with the offsets of its line starts.
struct Source {
    text: String,
    starts: Vec<usize>,
}

impl Source {
    /// Line `n` (1-based), without its line break.
    fn line(&self, n: usize) -> Option<&str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map_or(self.text.len(), |&e| e);
        let line = self.text.get(start..end)?;
        Some(line.trim_end_matches(['\n', '\r']))
    }
}

/// File texts, read and indexed once each (from disk or from inside zips), so
/// every finding costs a lookup, not a scan of its file.
#[derive(Default)]
pub struct Sources {
    texts: HashMap<String, Option<Source>>,
}

impl Sources {
    fn source(&mut self, file: &str) -> Option<&Source> {
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
                Some(Source { text, starts })
            })
            .as_ref()
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
    let full = sources.source(file)?.line(usize::try_from(line).ok()?)?;
    // Column counts characters; a long line (a minified file) is cut to a window
    // around the place, so the output stays short and linear in the findings.
    let col = usize::try_from(column).ok()?.checked_sub(1)?;
    let from = col.saturating_sub(BEFORE);
    let window: String = full.chars().skip(from).take(BEFORE + AFTER).collect();
    let cut_left = from > 0;
    let cut_right = full.chars().count() > from + BEFORE + AFTER;
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
