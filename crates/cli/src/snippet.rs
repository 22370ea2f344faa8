//! rustc-style source snippets for findings that have a line and column: the line,
//! a caret under the place, the JSON pointer as the label, the fix as a help note.

use std::collections::HashMap;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use certpack_core::{Diagnostic, Severity};

/// Findings about secrets: their place is shown, their line never is.
const SECRET_CODES: &[&str] = &["SEC-01", "PRP-05"];

/// The largest file read to show a snippet.
const MAX_SOURCE: u64 = 8 << 20;

/// File texts, read once each (from disk or from inside zips).
#[derive(Default)]
pub struct Sources {
    texts: HashMap<String, Option<String>>,
}

impl Sources {
    fn text(&mut self, file: &str) -> Option<&str> {
        self.texts
            .entry(file.to_owned())
            .or_insert_with(|| {
                let bytes = certpack_core::read::read_vpath(file, MAX_SOURCE)?;
                let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                Some(String::from_utf8_lossy(bytes).into_owned())
            })
            .as_deref()
    }
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::NOTE,
    }
}

/// Renders `d` with its source line, or `None` when it has no line or the file
/// cannot be read.
pub fn render(d: &Diagnostic, sources: &mut Sources) -> Option<String> {
    // The source line of a secret finding would print the secret: never show it.
    if SECRET_CODES.contains(&d.code.as_str()) {
        return None;
    }
    let (file, line, column) = (
        d.location.file.as_deref()?,
        d.location.line?,
        d.location.column?,
    );
    let text = sources.text(file)?;
    let line_text = text
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
    // Column counts characters; the span is in bytes.
    let start = line_text
        .char_indices()
        .nth(usize::try_from(column).ok()? - 1)
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
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    Some(Renderer::styled().render(&[group]).to_string())
}
