//! The README of the open-source folder (DOC-01, DOC-04) and `intro.md`, the page
//! Microsoft publishes (DOC-02, DOC-03) — certification-requirements.md §3.10.
//!
//! Section checks read the markdown headings (ATX `## …` and setext underlines,
//! outside fenced code) and match them loosely: "Prerequisites" matches
//! `## Prerequisite`, "Obtaining Credentials" any heading with "credential". Merged
//! READMEs miss template sections often (peers.md §5: "deployment instructions" in
//! 348 of 1,005), so a missing section is a warning, not an error.

use crate::connector::FileData;
use crate::model::{PublisherKind, Severity};
use crate::rules::Sink;

use super::util::TextFile;
use super::{REPO, SUBMIT};

rules! {
    DOC_01 {
        code: "DOC-01",
        severity: Warning,
        scope: Connector,
        title: "The README has the template's sections",
        explanation: "Follow Microsoft's README template: `# Title` with a short description, `## Publisher: <name>`, \
            `## Prerequisites`, `## Supported Operations`, `## Obtaining Credentials`, `## Known Issues and \
            Limitations` and, for verified publishers, `## Deployment Instructions`.",
        url: REPO,
    }
    DOC_02 {
        code: "DOC-02",
        severity: Warning,
        scope: Upload,
        title: "intro.md has the documentation template's sections",
        explanation: "intro.md becomes the connector's public documentation page: start with one paragraph (at most 8 \
            sentences) describing the connector, then `## Prerequisites`, `## How to get credentials` (when \
            the connector authenticates), `## Get started with your connector`, `## Known issues and \
            limitations`, `## Common errors and remedies` and `## FAQ`.",
        url: SUBMIT,
    }
    DOC_03 {
        code: "DOC-03",
        severity: Warning,
        scope: Upload,
        title: "intro.md does not list the actions and triggers",
        explanation: "Microsoft generates the list of actions and triggers on the documentation page from the \
            definition: remove it from intro.md.",
        url: SUBMIT,
    }
    DOC_04 {
        code: "DOC-04",
        severity: Error,
        scope: Connector,
        title: "An independent-publisher OAuth connector explains how to create the OAuth app",
        explanation: "Users of an independent-publisher connector register their own OAuth app: explain in the README \
            (under `## Obtaining Credentials`) where to create it, which redirect URL to allow and where to \
            find the client id and secret.",
        url: REPO,
    }
}

/// A markdown heading: level, text, byte offset.
pub(crate) struct Heading<'a> {
    /// 1 for `#`, 2 for `##`, ...
    pub(crate) level: usize,
    /// The heading's text, trimmed.
    pub(crate) text: &'a str,
    /// Byte offset of the heading's line.
    pub(crate) at: usize,
}

/// The headings of a markdown text, and the text before the first one.
pub(crate) fn headings(text: &str) -> Vec<Heading<'_>> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    let mut prev: Option<(&str, usize)> = None;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let at = offset;
        offset += raw.len();
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            prev = None;
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            prev = None;
            continue;
        }
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && (t.len() == hashes || t[hashes..].starts_with([' ', '\t']))
        {
            let body = t[hashes..].trim().trim_end_matches('#').trim();
            out.push(Heading {
                level: hashes,
                text: body,
                at,
            });
            prev = None;
            continue;
        }
        if let Some((p, p_at)) = prev
            && !t.is_empty()
            && (t.bytes().all(|b| b == b'=') || (t.len() >= 2 && t.bytes().all(|b| b == b'-')))
        {
            out.push(Heading {
                level: if t.starts_with('=') { 1 } else { 2 },
                text: p.trim(),
                at: p_at,
            });
            prev = None;
            continue;
        }
        prev = (!t.is_empty() && !t.starts_with(['-', '*', '>', '|'])).then_some((line, at));
    }
    out
}

fn has(hs: &[Heading<'_>], any: &[&str]) -> bool {
    hs.iter().any(|h| {
        let l = h.text.to_ascii_lowercase();
        any.iter().any(|w| l.contains(w))
    })
}

/// DOC-01 and DOC-04 on the README of a source folder.
pub fn check_readme(
    sink: &mut Sink,
    readme: &FileData,
    publisher: PublisherKind,
    uses_oauth: bool,
) {
    let f = TextFile::new(readme);
    let hs = headings(&f.text);
    let ip = publisher == PublisherKind::Independent;
    let sections: [(&str, bool); 6] = [
        ("# <Title>", hs.iter().any(|h| h.level == 1)),
        (
            "## Publisher: <name>",
            hs.iter()
                .any(|h| h.text.to_ascii_lowercase().starts_with("publisher")),
        ),
        ("## Prerequisites", has(&hs, &["prerequisite"])),
        (
            "## Supported Operations",
            has(&hs, &["operation", "action", "trigger"]),
        ),
        ("## Obtaining Credentials", has(&hs, &["credential"])),
        (
            "## Known Issues and Limitations",
            has(&hs, &["known issue", "limitation"]),
        ),
    ];
    missing_sections(sink, &f, &DOC_01, "the README", &sections);
    if !has(&hs, &["deploy"]) {
        let (sev, why) = if ip {
            (Severity::Info, " (optional for independent publishers)")
        } else {
            (Severity::Warning, "")
        };
        sink.emit_as(
            &DOC_01,
            sev,
            f.at(0),
            format!("the README has no `## Deployment Instructions` section{why}"),
        );
    }
    if ip && uses_oauth && !explains_oauth_app(&f.text) {
        sink.emit(
            &DOC_04,
            f.at(0),
            "the connector uses OAuth but the README does not explain how to register the OAuth app \
             (client id, secret, redirect URL)",
        );
    }
}

/// Reports the sections (name, present) that are missing, in one finding.
fn missing_sections(
    sink: &mut Sink,
    f: &TextFile<'_>,
    rule: &crate::rules::Rule,
    what: &str,
    sections: &[(&str, bool)],
) {
    let missing: Vec<&str> = sections
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        sink.emit(
            rule,
            f.at(0),
            format!("{what} has no {} section", join(&missing)),
        );
    }
}

fn join(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Phrases of a README that walks users through registering their own OAuth app.
const OAUTH_APP_PHRASES: &[&str] = &[
    "client id",
    "client_id",
    "clientid",
    "redirect url",
    "redirect uri",
    "callback url",
    "app registration",
    "register an app",
    "register your app",
    "register an application",
    "create an app",
    "create an application",
    "oauth app",
    "oauth application",
];

fn explains_oauth_app(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    OAUTH_APP_PHRASES.iter().any(|p| lower.contains(p))
}

/// DOC-02 and DOC-03 on `intro.md`. `needs_credentials` when the connector has
/// authenticating connection parameters; `operations` are the operationIds and
/// summaries of the definition.
pub fn check_intro(
    sink: &mut Sink,
    intro: &FileData,
    needs_credentials: bool,
    operations: &[String],
) {
    let f = TextFile::new(intro);
    let hs = headings(&f.text);
    let first_section = hs
        .iter()
        .find(|h| h.level >= 2)
        .map_or(f.text.len(), |h| h.at);
    let lead: String = f.text[..first_section]
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join(" ");
    let sentences = sentences(&lead);
    if sentences == 0 {
        sink.emit(
            &DOC_02,
            f.at(0),
            "intro.md does not start with a paragraph describing the connector",
        );
    } else if sentences > 8 {
        sink.emit(
            &DOC_02,
            f.at(0),
            format!("the opening paragraph has {sentences} sentences; keep it to at most 8"),
        );
    }
    let mut sections = vec![("## Prerequisites", has(&hs, &["prerequisite"]))];
    if needs_credentials {
        sections.push(("## How to get credentials", has(&hs, &["credential"])));
    }
    sections.extend([
        (
            "## Get started with your connector",
            has(&hs, &["get started", "getting started"]),
        ),
        (
            "## Known issues and limitations",
            has(&hs, &["known issue", "limitation"]),
        ),
        ("## Common errors and remedies", has(&hs, &["error"])),
        ("## FAQ", has(&hs, &["faq", "frequently asked"])),
    ]);
    missing_sections(sink, &f, &DOC_02, "intro.md", &sections);
    lists_operations(sink, &f, &hs, operations);
}

/// Sentences in `s`: a `.`, `!` or `?` followed by a space or the end closes one
/// (so `contoso.com` and `v1.2` do not), and trailing words make one more.
fn sentences(s: &str) -> usize {
    let b = s.as_bytes();
    let mut n = 0;
    let mut open = false;
    for (i, &c) in b.iter().enumerate() {
        if matches!(c, b'.' | b'!' | b'?') && b.get(i + 1).is_none_or(u8::is_ascii_whitespace) {
            if open {
                n += 1;
            }
            open = false;
        } else if c.is_ascii_alphanumeric() || c >= 0x80 {
            open = true;
        }
    }
    n + usize::from(open)
}

fn lists_operations(sink: &mut Sink, f: &TextFile<'_>, hs: &[Heading<'_>], operations: &[String]) {
    if let Some(h) = hs.iter().find(|h| {
        let l = h.text.to_ascii_lowercase();
        ["actions", "triggers", "supported operations", "operations"]
            .iter()
            .any(|w| l.contains(w))
    }) {
        return sink.emit(
            &DOC_03,
            f.at(h.at),
            format!(
                "the section `{}` lists operations; Microsoft generates that list",
                h.text
            ),
        );
    }
    let mut offset = 0;
    let mut hits = Vec::new();
    for raw in f.text.split_inclusive('\n') {
        let at = offset;
        offset += raw.len();
        let t = raw.trim();
        let Some(item) = t.strip_prefix(['-', '*', '+']).map(str::trim) else {
            continue;
        };
        let item =
            item.trim_matches(|c: char| c == '`' || c == '*' || c == '_' || c.is_whitespace());
        let name = item
            .split([':', '—', '–'])
            .next()
            .unwrap_or(item)
            .trim()
            .trim_matches(['`', '*']);
        if !name.is_empty() && operations.iter().any(|o| o.eq_ignore_ascii_case(name)) {
            hits.push(at);
        }
    }
    if hits.len() >= 3 {
        sink.emit(
            &DOC_03,
            f.at(hits[0]),
            format!(
                "intro.md lists {} of the connector's operations; Microsoft generates that list",
                hits.len()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::model::Diagnostic;
    use crate::rules::cases::Case;

    /// Every content finding on the good connector, as `publisher`, with each `from`
    /// replaced by its `to` in its README (or in its intro.md).
    fn edited(intro: bool, edits: &[(&str, &str)], publisher: PublisherKind) -> Vec<Diagnostic> {
        let mut files = good_connector();
        let f = if intro {
            files.intro.as_mut()
        } else {
            files.readme.as_mut()
        };
        let f = f.unwrap();
        let mut text = String::from_utf8(f.bytes.clone()).unwrap();
        for (from, to) in edits {
            assert!(text.contains(from), "{from}");
            text = text.replacen(from, to, 1);
        }
        f.bytes = text.into_bytes();
        run_content_as(&files, publisher)
    }

    fn readme_edit(from: &str, to: &str) -> Vec<Diagnostic> {
        edited(false, &[(from, to)], PublisherKind::Verified)
    }

    fn intro_edit(from: &str, to: &str) -> Vec<Diagnostic> {
        edited(true, &[(from, to)], PublisherKind::Verified)
    }

    /// The README of an independent publisher's OAuth connector, whose credentials
    /// section says `how` (and whose deployment section names no client id).
    fn ip_readme(how: &str) -> Vec<Diagnostic> {
        let edits = [
            ("OAuth 2.0; no API key is needed.", how),
            ("and enter your own OAuth client id and secret", ""),
        ];
        edited(false, &edits, PublisherKind::Independent)
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &DOC_01,
                || readme_edit("## Known Issues and Limitations", "## Notes"),
                || readme_edit("## Known Issues and Limitations", "## Limitations"),
            ),
            Case::new(
                &DOC_01,
                || readme_edit("## Prerequisites", "```\n## Prerequisites\n```"),
                || readme_edit("## Prerequisites", "Prerequisites\n-------------"),
            ),
            Case::new(
                &DOC_01,
                || {
                    let edits = [("## Deployment Instructions", "## Notes")];
                    edited(false, &edits, PublisherKind::Independent)
                },
                || {
                    let edits = [("## Deployment Instructions", "## Deploying")];
                    edited(false, &edits, PublisherKind::Independent)
                },
            )
            .reported_as(Severity::Info),
            Case::new(
                &DOC_02,
                || intro_edit("## FAQ", "## Questions"),
                || intro_edit("## FAQ", "## Frequently asked questions"),
            ),
            Case::new(
                &DOC_02,
                // the intro's opening paragraph has two sentences
                || intro_edit("Contoso Tasks is", &"One sentence. ".repeat(7)),
                || intro_edit("Contoso Tasks is", &"One sentence. ".repeat(6)),
            ),
            Case::new(
                &DOC_03,
                || intro_edit("## FAQ", "## Actions\n\n- Tasks\n\n## FAQ"),
                || intro_edit("## FAQ", "## Tasks\n\n- Tasks\n\n## FAQ"),
            ),
            Case::new(
                &DOC_03,
                || {
                    intro_edit(
                        "## FAQ",
                        "- ListTasks\n- Create a task\n- `GetTask`: one task\n\n## FAQ",
                    )
                },
                || {
                    intro_edit(
                        "## FAQ",
                        "- ListTasks\n- Create a task\n- Get one task\n\n## FAQ",
                    )
                },
            ),
            Case::new(
                &DOC_04,
                || ip_readme("OAuth 2.0."),
                || ip_readme("OAuth 2.0: register an app in the Contoso portal first."),
            ),
        ]
    }

    fn readme(text: &str, publisher: PublisherKind, oauth: bool) -> Vec<(String, Severity)> {
        let mut sink = Sink::new();
        check_readme(
            &mut sink,
            &FileData {
                vpath: "README.md".into(),
                bytes: text.into(),
            },
            publisher,
            oauth,
        );
        sink.diagnostics()
            .iter()
            .map(|d| (d.code.clone(), d.severity))
            .collect()
    }

    fn intro(text: &str, creds: bool) -> Vec<String> {
        let mut sink = Sink::new();
        let ops = vec![
            "ListTasks".to_owned(),
            "List tasks".to_owned(),
            "CreateTask".to_owned(),
            "Create a task".to_owned(),
            "GetTask".to_owned(),
        ];
        check_intro(
            &mut sink,
            &FileData {
                vpath: "intro.md".into(),
                bytes: text.into(),
            },
            creds,
            &ops,
        );
        codes(&sink)
    }

    fn good_readme() -> String {
        String::from_utf8(good_connector().readme.unwrap().bytes).unwrap()
    }
    fn good_intro() -> String {
        String::from_utf8(good_connector().intro.unwrap().bytes).unwrap()
    }

    #[test]
    fn good_is_silent() {
        assert!(readme(&good_readme(), PublisherKind::Verified, true).is_empty());
        assert!(intro(&good_intro(), true).is_empty());
    }

    #[test]
    fn doc01_readme_sections() {
        let r = good_readme().replace("## Known Issues and Limitations", "## Notes");
        assert_eq!(
            readme(&r, PublisherKind::Verified, true),
            [("DOC-01".to_owned(), Severity::Warning)]
        );
        let r = good_readme().replace("## Deployment Instructions", "## Notes");
        assert_eq!(
            readme(&r, PublisherKind::Verified, true),
            [("DOC-01".to_owned(), Severity::Warning)]
        );
        assert_eq!(
            readme(&r, PublisherKind::Independent, false),
            [("DOC-01".to_owned(), Severity::Info)]
        );
        // headings inside code fences do not count
        let r = good_readme().replace("## Prerequisites", "```\n## Prerequisites\n```");
        assert_eq!(
            readme(&r, PublisherKind::Verified, true),
            [("DOC-01".to_owned(), Severity::Warning)]
        );
        // setext headings count
        let r = good_readme().replace("## Prerequisites", "Prerequisites\n-------------");
        assert!(readme(&r, PublisherKind::Verified, true).is_empty());
    }

    #[test]
    fn doc02_intro_sections() {
        let t = good_intro().replace("## FAQ", "## Questions");
        assert_eq!(intro(&t, true), ["DOC-02"]);
        let t = good_intro().replace("## How to get credentials", "## Access");
        assert_eq!(intro(&t, true), ["DOC-02"]);
        assert!(
            intro(&t, false).is_empty(),
            "no credentials section needed without auth"
        );
        let long = format!(
            "{}\n\n{}",
            "One sentence here. ".repeat(9),
            good_intro()
                .split_once("\n## ")
                .map(|(_, r)| format!("## {r}"))
                .unwrap()
        );
        assert_eq!(intro(&long, true), ["DOC-02"]);
    }

    #[test]
    fn doc03_intro_lists_operations() {
        let t = good_intro().replace("## FAQ", "## Actions\n\n- List tasks\n\n## FAQ");
        assert_eq!(intro(&t, true), ["DOC-03"]);
        let t = good_intro().replace(
            "## FAQ",
            "## Overview\n\n- `ListTasks`: lists\n- Create a task\n- GetTask\n\n## FAQ",
        );
        assert_eq!(intro(&t, true), ["DOC-03"]);
    }

    #[test]
    fn doc04_ip_oauth_app() {
        let r = "# Contoso\n## Publisher: Ada\n## Prerequisites\n## Supported Operations\n## Obtaining Credentials\nSign in.\n## Known Issues and Limitations\n";
        assert_eq!(
            readme(r, PublisherKind::Independent, true),
            [
                ("DOC-01".to_owned(), Severity::Info),
                ("DOC-04".to_owned(), Severity::Error),
            ]
        );
        let r = r.replace(
            "Sign in.",
            "Register an app in the Contoso developer portal and copy the client ID.",
        );
        assert_eq!(
            readme(&r, PublisherKind::Independent, true),
            [("DOC-01".to_owned(), Severity::Info)]
        );
    }
}
