//! Helpers shared by the content families: places in text files, word matching for
//! reserved words and product names, and [`Tally`], which folds a check that fires
//! on many operations into one finding.

use std::borrow::Cow;

use crate::connector::FileData;
use crate::model::{Location, Severity};
use crate::read::json::{LineIndex, escape_token};
use crate::rules::{Rule, Sink};

/// `base` + `/key` as a JSON pointer.
pub(crate) fn ptr(base: &str, key: &str) -> String {
    let mut p = String::with_capacity(base.len() + key.len() + 1);
    p.push_str(base);
    p.push('/');
    p.push_str(&escape_token(key));
    p
}

/// A text file (README, intro.md, script.csx) with line:column lookup.
pub(crate) struct TextFile<'a> {
    pub vpath: &'a str,
    pub text: Cow<'a, str>,
    lines: LineIndex,
}

impl<'a> TextFile<'a> {
    /// Decodes the bytes (lossily: a bad byte becomes U+FFFD, offsets stay usable).
    pub fn new(f: &'a FileData) -> Self {
        let text = String::from_utf8_lossy(&f.bytes);
        let lines = LineIndex::new(&text);
        TextFile {
            vpath: &f.vpath,
            text,
            lines,
        }
    }

    /// The place of a byte offset.
    pub fn at(&self, offset: usize) -> Location {
        let (l, c) = self.lines.line_col(&self.text, offset);
        Location::file(self.vpath).with_line_col(l, c)
    }
}

/// Whether the last character is an ASCII letter or digit.
pub(crate) fn ends_alnum(s: &str) -> bool {
    s.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
}

/// `s` without its trailing qualifiers in parentheses or brackets and the spaces
/// before them (`Asite (Canada)` → `Asite`, `List records [DEPRECATED]` → `List
/// records`, `Log time (seconds) (deprecated)` → `Log time`): merged titles and
/// summaries end with such qualifiers, and the validator's "ends with a letter or
/// digit" looks at what they qualify.
pub(crate) fn strip_qualifier(s: &str) -> &str {
    let mut cur = s;
    for _ in 0..8 {
        let next = strip_one_qualifier(cur);
        if next.len() == cur.len() {
            break;
        }
        cur = next;
    }
    cur
}

fn strip_one_qualifier(s: &str) -> &str {
    let t = s.trim_end();
    let close = match t.chars().last() {
        Some(')') => '(',
        Some(']') => '[',
        _ => return s,
    };
    match t.rfind(close) {
        Some(i) if i > 0 => {
            let inner = &t[i + 1..t.len() - 1];
            if inner.contains(['(', ')', '[', ']']) || inner.trim().is_empty() {
                return s;
            }
            t[..i].trim_end()
        }
        _ => s,
    }
}

/// The words of `s` (runs of letters and digits), in order.
fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// A name to look for, as a sequence of whole words (case-insensitive).
pub(crate) type Phrase = (&'static str, &'static [&'static str]);

/// Power Platform product names (certification-requirements.md §3.1, §3.2, §3.6),
/// with the run-together spellings people use.
pub(crate) const PRODUCT_NAMES: &[Phrase] = &[
    ("Power Apps", &["power", "apps"]),
    ("PowerApps", &["powerapps"]),
    ("Power Automate", &["power", "automate"]),
    ("PowerAutomate", &["powerautomate"]),
    ("Microsoft Flow", &["microsoft", "flow"]),
    ("Power BI", &["power", "bi"]),
    ("PowerBI", &["powerbi"]),
    ("Power Pages", &["power", "pages"]),
    ("Power Platform", &["power", "platform"]),
    ("Power Virtual Agents", &["power", "virtual", "agents"]),
    ("Copilot Studio", &["copilot", "studio"]),
];

/// The phrases of `list` that occur in `s` as whole words, in list order.
pub(crate) fn find_phrases(s: &str, list: &[Phrase]) -> Vec<&'static str> {
    let ws = words(s);
    list.iter()
        .filter(|(_, seq)| {
            ws.windows(seq.len()).any(|w| {
                w.iter()
                    .zip(seq.iter())
                    .all(|(a, b)| a.eq_ignore_ascii_case(b))
            })
        })
        .map(|(name, _)| *name)
        .collect()
}

/// Product names in `s`. A quick byte test first: most strings name none.
pub(crate) fn product_names(s: &str) -> Vec<&'static str> {
    let b = s.as_bytes();
    let at = |i: usize, w: &[u8]| {
        b.get(i..i + w.len())
            .is_some_and(|x| x.eq_ignore_ascii_case(w))
    };
    let maybe = (0..b.len()).any(|i| match b[i] | 0x20 {
        b'p' => at(i, b"power"),
        b'c' => at(i, b"copilot"),
        b'f' => at(i, b"flow"),
        _ => false,
    });
    if maybe {
        find_phrases(s, PRODUCT_NAMES)
    } else {
        Vec::new()
    }
}

/// `s` with every URL (`http://…`, `https://…`, `www.…`, up to the next space)
/// blanked out, for word rules that must not look inside links
/// (`…/integrations/power-automate/…` names no product).
pub(crate) fn without_urls(s: &str) -> Cow<'_, str> {
    let lower = s.to_ascii_lowercase();
    if !["http://", "https://", "www."]
        .iter()
        .any(|p| lower.contains(p))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut rest_lower = lower.as_str();
    while let Some(i) = ["http://", "https://", "www."]
        .iter()
        .filter_map(|p| rest_lower.find(p))
        .min()
    {
        out.push_str(&rest[..i]);
        let end = rest[i..]
            .find(char::is_whitespace)
            .map_or(rest.len(), |e| i + e);
        out.push(' ');
        rest = &rest[end..];
        rest_lower = &rest_lower[end..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// [`product_names`] in the text of `s` outside its links (the cheap search first:
/// most strings name no product at all, and only those that do are re-read without
/// their URLs).
pub(crate) fn product_names_outside_urls(s: &str) -> Vec<&'static str> {
    let names = product_names(s);
    if names.is_empty() {
        names
    } else {
        product_names(&without_urls(s))
    }
}

/// A JSON pointer under construction, as borrowed segments: tree walks build the
/// pointer string only for the nodes they report.
#[derive(Default)]
pub(crate) struct Path<'a> {
    segments: Vec<Segment<'a>>,
}

#[derive(Clone, Copy)]
pub(crate) enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    /// Keeps the first `depth` segments, then adds `seg` (for iterative walks).
    pub fn set(&mut self, depth: usize, seg: Segment<'a>) {
        self.segments.truncate(depth);
        self.segments.push(seg);
    }
    /// The pointer, under `base` (an already escaped pointer).
    pub fn pointer(&self, base: &str) -> String {
        let mut p = base.to_owned();
        for s in &self.segments {
            p.push('/');
            match s {
                Segment::Key(k) => p.push_str(&escape_token(k)),
                Segment::Index(i) => p.push_str(&i.to_string()),
            }
        }
        p
    }
}

/// `a`, `b` and `c` — names in backticks joined for a message.
pub(crate) fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// At most `max` characters of `s`, with `…` when cut (for quoting values in messages).
pub(crate) fn excerpt(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// Collects one check's hits across operations or parameters. With a few hits each
/// gets its own finding; past [`Tally::ALONE`] they fold into one finding that counts
/// them and names the first few, placed at the first — merged connectors miss some of
/// these on most operations (peers.md §5), and 200 identical lines help nobody.
pub(crate) struct Tally {
    rule: &'static Rule,
    severity: Severity,
    summary: &'static str,
    /// The first hits in full (those reported when there are few, and the place of
    /// the folded finding).
    full: Vec<(Location, String, String)>,
    /// The labels the folded finding names.
    labels: Vec<String>,
    count: usize,
}

impl Tally {
    /// Up to this many hits are reported one by one.
    pub const ALONE: usize = 3;
    const NAMED: usize = 5;

    /// `summary` completes "N …", e.g. "operations have no `x-ms-visibility`".
    pub fn new(rule: &'static Rule, severity: Severity, summary: &'static str) -> Self {
        Tally {
            rule,
            severity,
            summary,
            full: Vec::new(),
            labels: Vec::new(),
            count: 0,
        }
    }

    /// One hit: its place, a short label (an operationId) and its own message.
    pub fn add(&mut self, at: Location, label: impl Into<String>, message: impl Into<String>) {
        self.add_with(|| at, label, message);
    }

    /// [`Tally::add`] finding the place (a pointer lookup) only when it is used, for
    /// the first few hits: checks that fire on every operation stay cheap.
    pub fn add_with(
        &mut self,
        at: impl FnOnce() -> Location,
        label: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.count += 1;
        if self.full.len() <= Self::ALONE {
            let label = label.into();
            self.labels.push(label.clone());
            self.full.push((at(), label, message.into()));
        } else if self.labels.len() < Self::NAMED {
            self.labels.push(label.into());
        }
    }

    /// Reports the hits.
    pub fn finish(self, sink: &mut Sink) {
        let n = self.count;
        if n <= Self::ALONE {
            for (at, _, msg) in self.full {
                sink.emit_as(self.rule, self.severity, at, msg);
            }
            return;
        }
        let names: Vec<&str> = self.labels.iter().map(String::as_str).collect();
        let more = if n > Self::NAMED {
            format!(" and {} more", n - Self::NAMED)
        } else {
            String::new()
        };
        let msg = format!("{n} {}: {}{more}", self.summary, quoted(&names));
        let at = self
            .full
            .into_iter()
            .next()
            .map(|(at, _, _)| at)
            .unwrap_or_default();
        sink.emit_as(self.rule, self.severity, at, msg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::files::FILE_01;

    #[test]
    fn phrases_match_whole_words_only() {
        assert_eq!(
            product_names("Works with Power Automate and PowerApps."),
            ["PowerApps", "Power Automate"]
        );
        assert!(product_names("Powerful flows of data").is_empty());
        assert!(product_names("A workflow engine").is_empty());
        assert_eq!(product_names("power\nbi"), ["Power BI"]);
    }

    #[test]
    fn tally_folds_past_three() {
        let mut sink = Sink::new();
        let mut t = Tally::new(&FILE_01, Severity::Info, "things are off");
        for i in 0..3 {
            t.add(
                Location::file("a"),
                format!("op{i}"),
                format!("op{i} is off"),
            );
        }
        t.finish(&mut sink);
        assert_eq!(sink.diagnostics().len(), 3);
        let mut sink = Sink::new();
        let mut t = Tally::new(&FILE_01, Severity::Info, "things are off");
        for i in 0..7 {
            t.add(Location::file("a"), format!("op{i}"), "x");
        }
        t.finish(&mut sink);
        let d = sink.diagnostics();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Info);
        assert_eq!(
            d[0].message,
            "7 things are off: `op0`, `op1`, `op2`, `op3`, `op4` and 2 more"
        );
    }

    #[test]
    fn urls_are_blanked() {
        assert_eq!(
            without_urls("See https://x.example/power-automate/a for more."),
            "See   for more."
        );
        assert!(product_names(&without_urls("www.example.com/power-apps/ is our site")).is_empty());
        assert_eq!(without_urls("No links here"), "No links here");
    }

    #[test]
    fn qualifiers_are_stripped_once() {
        assert_eq!(strip_qualifier("Asite (Canada)"), "Asite");
        assert_eq!(strip_qualifier("Airtable [DEPRECATED]"), "Airtable");
        assert_eq!(strip_qualifier("Tasks (V2) (Preview)"), "Tasks");
        assert_eq!(strip_qualifier("Tasks ()"), "Tasks ()");
        assert_eq!(strip_qualifier("(Preview)"), "(Preview)");
        assert_eq!(strip_qualifier("Tasks!"), "Tasks!");
        assert_eq!(strip_qualifier("Tâches (Réseau)"), "Tâches");
    }

    #[test]
    fn excerpt_cuts_on_chars() {
        assert_eq!(excerpt("héllo", 2), "hé…");
        assert_eq!(excerpt("hi", 5), "hi");
    }
}
