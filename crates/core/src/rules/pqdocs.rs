//! What a Power Query submission tells people (power-query.md §3, §7, §10): the
//! documentation article (PQ-08 layout, PQ-36 front matter and Release State, PQ-37
//! Desktop and Online sections, PQ-38 support note), the `TODO:` places a draft left
//! (PQ-41), the blog paragraph (PQ-42) and an update's changelog (PQ-43).
//!
//! Published articles differ from the guideline (power-query.md §7.2): headings in
//! other cases, the short "owned and provided by" note, "Products" for "Products
//! supported"; those variants are accepted. Only the missing Desktop or Online
//! procedure is an error: new certified connectors must support dataflows (Power Query
//! Online). The rest of the layout is the guideline's template: a warning.

use crate::model::{Location, Severity};
use crate::pq::docs::{DocFacts, Lines, is_article_file_name, parse};
use crate::rules::Sink;

const DOC: Option<&str> =
    Some("https://learn.microsoft.com/en-us/fabric/data-factory/providing-user-documentation");
const SUB: Option<&str> =
    Some("https://learn.microsoft.com/en-us/fabric/data-factory/certification-submission");

rules! {
    PQ_08 {
        code: "PQ-08",
        severity: Warning,
        scope: PqDocs,
        title: "The documentation article follows Microsoft's layout",
        explanation: "Lay the article out as Microsoft's guideline does: the support note, a `## Summary` table \
            with the rows `Release State`, `Products supported`, `Authentication types supported` and \
            `Function reference documentation`, `## Prerequisites` (when anything must be installed or set \
            up), `## Capabilities supported` as a list, then the connection instructions. Name the file in \
            lowercase words joined by hyphens, an acronym being one word (`azure-blob-storage.md`).",
        url: DOC,
    }
    PQ_36 {
        code: "PQ-36",
        severity: Warning,
        scope: PqDocs,
        title: "The article has its front matter and a Release State that matches the connector",
        explanation: "Start the article with a YAML front matter block (`---` lines) holding `title`, \
            `description` and `ms.date` (MM/DD/YYYY), as every published connector article does. The \
            Summary's `Release State` is `Preview` or `General Availability`, and `Preview` exactly when \
            the Publish record has `Beta = true`.",
        url: DOC,
    }
    PQ_37 {
        code: "PQ-37",
        severity: Error,
        scope: PqDocs,
        title: "The article explains how to connect from Power Query Desktop and from Power Query Online",
        explanation: "All new certified connectors must support Power BI dataflows, so the article needs two \
            connection sections, each a numbered procedure: `## Connect to <Name> from Power Query Desktop` \
            and `## Connect to <Name> from Power Query Online`.",
        url: DOC,
    }
    PQ_38 {
        code: "PQ-38",
        severity: Warning,
        scope: PqDocs,
        title: "The article opens with the support note",
        explanation: "Right after the title, say who provides the article and where to get support: \"The \
            following connector article is provided by <company>, the owner of this connector and a member \
            of the Microsoft Power Query Connector Certification Program…\", or the short form published \
            articles use, \"This connector is owned and provided by <company>.\"",
        url: DOC,
    }
    PQ_41 {
        code: "PQ-41",
        severity: Warning,
        scope: PqDocs,
        title: "No `TODO:` is left in the article, the blog paragraph or the changelog",
        explanation: "certpack drafts the article and the blog paragraph with `TODO:` where only the publisher \
            knows what to write (the company, the prerequisites, what to enter). Replace each one, or remove \
            the line or section it stands in, before submitting.",
        url: DOC,
    }
    PQ_42 {
        code: "PQ-42",
        severity: Warning,
        scope: PqDocs,
        title: "The blog paragraph is one paragraph introducing the connector",
        explanation: "Microsoft asks for one paragraph introducing the connector and its value, for the monthly \
            Power BI blog post. Write it as plain text in one paragraph.",
        url: SUB,
    }
    PQ_43 {
        code: "PQ-43",
        severity: Warning,
        scope: PqDocs,
        title: "An update comes with a customer-facing changelog",
        explanation: "An update of a certified connector comes with a short, public, customer-facing changelog, \
            used as it is in the next Power BI Desktop blog post: what changed for users, one line each.",
        url: SUB,
    }
}

/// PQ-08, PQ-36, PQ-37, PQ-38 and PQ-41 on the article `text` at `vpath` (its file
/// name is checked too). With `facts`, the Release State is compared with `beta`.
pub fn check_article(sink: &mut Sink, vpath: &str, text: &str, facts: Option<&DocFacts>) {
    let file = vpath.rsplit(['/', '\\', '!']).next().unwrap_or(vpath);
    if !is_article_file_name(file) {
        sink.emit(
            &PQ_08,
            Location::file(vpath),
            format!(
                "the file name `{file}` is not lowercase words joined by hyphens ending `.md`; name it \
                 like `{}`",
                crate::pq::docs::article_file_name(file.strip_suffix(".md").unwrap_or(file))
            ),
        );
    }
    check_article_text(sink, vpath, text, facts);
}

/// [`check_article`] without the file name (the bundle names the file itself).
pub(crate) fn check_article_text(
    sink: &mut Sink,
    vpath: &str,
    text: &str,
    facts: Option<&DocFacts>,
) {
    let lines = Lines::new(text);
    let at = |offset: usize| {
        let (l, c) = lines.at(offset);
        Location::file(vpath).with_line_col(l, c)
    };
    let a = parse(text);

    // PQ-36: the front matter
    match &a.front {
        None => sink.emit(
            &PQ_36,
            at(0),
            "the article has no front matter: start it with a `---` block holding `title`, \
             `description` and `ms.date`",
        ),
        Some(front) => {
            for key in ["title", "description", "ms.date"] {
                match front.iter().find(|(k, _, _)| k == key) {
                    None => sink.emit(&PQ_36, at(0), format!("the front matter has no `{key}`")),
                    Some((_, v, off)) if v.is_empty() => sink.emit(
                        &PQ_36,
                        at(*off),
                        format!("the front matter's `{key}` is empty"),
                    ),
                    Some((_, v, off)) if key == "ms.date" => {
                        if jiff::civil::Date::strptime("%m/%d/%Y", v).is_err() {
                            sink.emit(
                                &PQ_36,
                                at(*off),
                                format!("`ms.date` is `{v}`, not a date written MM/DD/YYYY"),
                            );
                        }
                    }
                    Some(_) => {}
                }
            }
        }
    }

    // PQ-38: the support note, before the first second-level heading
    let lead = a.lead.to_ascii_lowercase();
    let has_note = lead.contains("owned and provided by")
        || (lead.contains("provided by") && lead.contains("certification program"));
    if !has_note {
        let place = a
            .headings
            .iter()
            .find(|(l, _, _)| *l >= 2)
            .map_or(0, |(_, _, o)| *o);
        sink.emit(
            &PQ_38,
            at(place),
            "there is no support note before the first section: say that the article is provided by \
             your company, the owner of the connector, and where to get support",
        );
    }

    // PQ-08: the Summary table and its rows
    let summary = a.tables.iter().find(|t| {
        t.iter()
            .any(|(cells, _)| cells.first().is_some_and(|c| row_is(c, "release state")))
    });
    let summary_heading = a
        .headings
        .iter()
        .find(|(_, t, _)| t.eq_ignore_ascii_case("summary"));
    match summary {
        None => sink.emit(
            &PQ_08,
            at(summary_heading.map_or(0, |(_, _, o)| *o)),
            "there is no Summary table (a table with a `Release State` row)",
        ),
        Some(rows) => {
            let table_at = rows.first().map_or(0, |(_, o)| *o);
            let find = |label: &str| {
                rows.iter()
                    .find(|(cells, _)| cells.first().is_some_and(|c| row_is(c, label)))
            };
            for (label, shown, severity) in [
                ("products", "Products supported", Severity::Warning),
                (
                    "authentication type",
                    "Authentication types supported",
                    Severity::Warning,
                ),
                // about half of the published articles leave it out
                (
                    "function reference",
                    "Function reference documentation",
                    Severity::Info,
                ),
            ] {
                if find(label).is_none() {
                    sink.emit_as(
                        &PQ_08,
                        severity,
                        at(table_at),
                        format!("the Summary table has no `{shown}` row"),
                    );
                }
            }
            // PQ-36: the Release State
            if let Some((cells, off)) = find("release state") {
                let value = cells.get(1).map_or("", |s| s.trim());
                let state = if value.eq_ignore_ascii_case("preview") {
                    Some(true)
                } else if value.eq_ignore_ascii_case("general availability") {
                    Some(false)
                } else {
                    None
                };
                match (state, facts) {
                    (None, _) => sink.emit(
                        &PQ_36,
                        at(*off),
                        format!(
                            "the Release State is `{value}`; write `Preview` or `General Availability`"
                        ),
                    ),
                    (Some(preview), Some(f)) if preview != f.beta => sink.emit(
                        &PQ_36,
                        at(*off),
                        format!(
                            "the Release State is `{value}`, but the connector {}: write `{}`",
                            if f.beta {
                                "has `Beta = true` in its Publish record"
                            } else {
                                "is not marked `Beta`"
                            },
                            f.release_state()
                        ),
                    ),
                    _ => {}
                }
            }
        }
    }

    // PQ-08: the sections
    let heading = |pred: &dyn Fn(&str) -> bool| {
        a.headings
            .iter()
            .find(|(l, t, _)| *l >= 2 && pred(&t.to_ascii_lowercase()))
    };
    let end = text.len();
    if heading(&|t| t.starts_with("prerequisite")).is_none() {
        sink.emit_as(
            &PQ_08,
            Severity::Info,
            at(end),
            "there is no `## Prerequisites` section; add one when anything must be installed, bought \
             or set up before connecting",
        );
    }
    if heading(&|t| t.starts_with("capabilit")).is_none() {
        sink.emit(
            &PQ_08,
            at(end),
            "there is no `## Capabilities supported` section listing Import, DirectQuery and the \
             advanced options",
        );
    }

    // PQ-37: Desktop and Online procedures
    for (word, host) in [
        ("desktop", "Power Query Desktop"),
        ("online", "Power Query Online"),
    ] {
        if heading(&|t| t.contains(word) && !t.starts_with("capabilit")).is_none() {
            sink.emit(
                &PQ_37,
                at(end),
                format!(
                    "there is no section on connecting from {host}: add `## Connect to <Name> from {host}` \
                     with a numbered procedure"
                ),
            );
        }
    }

    todos(sink, vpath, text, &lines);
}

/// Whether a Summary row's label is `label` (a prefix, ignoring case and emphasis).
fn row_is(cell: &str, label: &str) -> bool {
    cell.trim_matches(['*', '_', ' '])
        .to_ascii_lowercase()
        .starts_with(label)
}

/// PQ-41: one finding at the first `TODO:` left, with the count.
fn todos(sink: &mut Sink, vpath: &str, text: &str, lines: &Lines<'_>) {
    let mut found = text.match_indices("TODO:");
    let Some((first, _)) = found.next() else {
        return;
    };
    let more = found.count();
    let (l, c) = lines.at(first);
    sink.emit(
        &PQ_41,
        Location::file(vpath).with_line_col(l, c),
        if more == 0 {
            "a `TODO:` is left to fill in".to_owned()
        } else {
            format!("{} places marked `TODO:` are left to fill in", more + 1)
        },
    );
}

/// PQ-42 and PQ-41 on the blog paragraph `text` at `vpath`.
pub fn check_blurb(sink: &mut Sink, vpath: &str, text: &str) {
    let a = parse(text);
    if text.trim().is_empty() || a.paragraphs == 0 {
        sink.emit(
            &PQ_42,
            Location::file(vpath),
            "the blog paragraph is empty: write one paragraph introducing the connector",
        );
    } else if a.paragraphs > 1 {
        sink.emit_as(
            &PQ_42,
            Severity::Info,
            Location::file(vpath),
            format!(
                "the blog paragraph has {} paragraphs; Microsoft asks for one",
                a.paragraphs
            ),
        );
    }
    todos(sink, vpath, text, &Lines::new(text));
}

/// PQ-43 and PQ-41 on an update's changelog `text` at `vpath`.
pub fn check_changelog(sink: &mut Sink, vpath: &str, text: &str) {
    let a = parse(text);
    if a.paragraphs == 0
        && !text
            .lines()
            .any(|l| l.trim_start().starts_with(['-', '*', '+']))
    {
        sink.emit(
            &PQ_43,
            Location::file(vpath),
            "the changelog is empty: list what changed for users, one line each",
        );
    }
    todos(sink, vpath, text, &Lines::new(text));
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Diagnostic;
    use crate::pq::docs::{DocFacts, draft_article};
    use crate::rules::cases::{Case, check_markdown};

    /// A complete article, with no `TODO:` (the near miss of every rule).
    pub(crate) const GOOD: &str = "---\ntitle: Contoso Tasks connector\ndescription: Provides basic \
        information about the Contoso Tasks connector.\nms.date: 03/14/2026\n---\n\n# Contoso Tasks\n\n\
        > [!NOTE]\n> The following connector article is provided by Contoso, the owner of this connector \
        and a member of the Microsoft Power Query Connector Certification Program.\n\n## Summary\n\n\
        | Item | Description |\n| ---- | ----------- |\n| Release State | Preview |\n| Products supported | \
        Power BI (Semantic models)<br/>Power BI (Dataflows) |\n| Authentication types supported | \
        Organizational account |\n| Function reference documentation | [Contoso.Contents](https://contoso.example/docs) |\n\n\
        ## Prerequisites\n\nA Contoso account.\n\n## Capabilities supported\n\n- Import\n\n\
        ## Connect to Contoso Tasks from Power Query Desktop\n\n1. Select **Contoso Tasks**.\n\n\
        ## Connect to Contoso Tasks from Power Query Online\n\n1. Select **Contoso Tasks**.\n";

    fn beta() -> DocFacts {
        DocFacts {
            name: "Contoso".into(),
            beta: true,
            ..DocFacts::default()
        }
    }

    fn good() -> Vec<Diagnostic> {
        check_markdown("contoso-tasks.md", GOOD, None)
    }

    fn without(what: &str) -> Vec<Diagnostic> {
        check_markdown("contoso-tasks.md", &GOOD.replace(what, ""), None)
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &PQ_08,
                || check_markdown("Contoso_Tasks.md", GOOD, None),
                good,
            ),
            Case::new(
                &PQ_08,
                || {
                    without(
                        "| Products supported | Power BI (Semantic models)<br/>Power BI (Dataflows) |\n",
                    )
                },
                good,
            ),
            Case::new(
                &PQ_08,
                || without("## Capabilities supported\n\n- Import\n\n"),
                good,
            ),
            Case::new(
                &PQ_08,
                || without("## Prerequisites\n\nA Contoso account.\n\n"),
                good,
            )
            .reported_as(Severity::Info),
            Case::new(&PQ_36, || without("ms.date: 03/14/2026\n"), good),
            Case::new(
                &PQ_36,
                || {
                    check_markdown(
                        "contoso-tasks.md",
                        &GOOD.replace("03/14/2026", "2026-03-14"),
                        None,
                    )
                },
                good,
            ),
            Case::new(
                &PQ_36,
                || {
                    let gone = GOOD.replace(
                        "| Release State | Preview |",
                        "| Release State | Public preview |",
                    );
                    check_markdown("contoso-tasks.md", &gone, None)
                },
                good,
            ),
            Case::new(
                &PQ_36,
                || {
                    let ga = DocFacts {
                        beta: false,
                        ..beta()
                    };
                    check_markdown("contoso-tasks.md", GOOD, Some(&ga))
                },
                || check_markdown("contoso-tasks.md", GOOD, Some(&beta())),
            ),
            Case::new(
                &PQ_37,
                || {
                    without(
                        "## Connect to Contoso Tasks from Power Query Online\n\n1. Select **Contoso Tasks**.\n",
                    )
                },
                good,
            ),
            Case::new(
                &PQ_37,
                || {
                    without(
                        "## Connect to Contoso Tasks from Power Query Desktop\n\n1. Select **Contoso Tasks**.\n\n",
                    )
                },
                good,
            ),
            Case::new(
                &PQ_38,
                || {
                    let note = "> [!NOTE]\n> The following connector article is provided by Contoso, the owner \
                        of this connector and a member of the Microsoft Power Query Connector Certification \
                        Program.\n\n";
                    without(note)
                },
                || {
                    // the short form of published articles
                    let short = GOOD.replace(
                        "The following connector article is provided by Contoso, the owner of this connector \
                         and a member of the Microsoft Power Query Connector Certification Program.",
                        "This connector is owned and provided by Contoso.",
                    );
                    check_markdown("contoso-tasks.md", &short, None)
                },
            ),
            Case::new(
                &PQ_41,
                || {
                    let draft = draft_article(&beta(), jiff::civil::date(2026, 3, 14));
                    check_markdown("contoso.md", &draft, None)
                },
                good,
            ),
            Case::new(
                &PQ_42,
                || {
                    let mut s = Sink::new();
                    check_blurb(&mut s, "blog.md", "\n\n");
                    s.into_diagnostics()
                },
                || {
                    let mut s = Sink::new();
                    check_blurb(
                        &mut s,
                        "blog.md",
                        "The Contoso connector brings tasks to Power BI.\n",
                    );
                    s.into_diagnostics()
                },
            ),
            Case::new(
                &PQ_42,
                || {
                    let mut s = Sink::new();
                    check_blurb(&mut s, "blog.md", "One.\n\nTwo.\n");
                    s.into_diagnostics()
                },
                || {
                    let mut s = Sink::new();
                    check_blurb(&mut s, "blog.md", "One,\nstill one.\n");
                    s.into_diagnostics()
                },
            )
            .reported_as(Severity::Info),
            Case::new(
                &PQ_43,
                || {
                    let mut s = Sink::new();
                    check_changelog(&mut s, "CHANGELOG.md", "# Changelog\n");
                    s.into_diagnostics()
                },
                || {
                    let mut s = Sink::new();
                    check_changelog(
                        &mut s,
                        "CHANGELOG.md",
                        "# Changelog\n\n- Adds the `Projects` table.\n",
                    );
                    s.into_diagnostics()
                },
            ),
        ]
    }

    #[test]
    fn findings_have_line_and_column() {
        let text = GOOD.replace("03/14/2026", "14.03.2026");
        let d = check_markdown("contoso-tasks.md", &text, None);
        let f = d.iter().find(|d| d.code == "PQ-36").unwrap();
        assert_eq!(f.location.file.as_deref(), Some("contoso-tasks.md"));
        assert_eq!((f.location.line, f.location.column), (Some(4), Some(1)));
        assert!(f.message.contains("`14.03.2026`"), "{}", f.message);
    }

    #[test]
    fn a_complete_article_has_no_finding() {
        assert!(good().is_empty(), "{:?}", good());
    }

    #[test]
    fn the_draft_passes_its_own_checks_but_for_its_todos() {
        let facts = crate::pq::docs::tests::facts();
        for beta in [true, false] {
            let facts = DocFacts {
                beta,
                ..facts.clone()
            };
            let draft = draft_article(&facts, jiff::civil::date(2026, 3, 14));
            let d = check_markdown("contoso-tasks.md", &draft, Some(&facts));
            let codes: Vec<_> = d.iter().map(|d| d.code.as_str()).collect();
            assert_eq!(codes, ["PQ-41"], "{d:?}\n{draft}");
            assert!(d[0].message.contains("places marked"), "{}", d[0].message);
            // once filled in, nothing is left
            let filled = draft.replace("TODO:", "");
            assert!(check_markdown("contoso-tasks.md", &filled, Some(&facts)).is_empty());
        }
        // without a function or authentication kinds, still the layout
        let bare = DocFacts {
            name: "X".into(),
            ..DocFacts::default()
        };
        let draft = draft_article(&bare, jiff::civil::date(2026, 1, 2));
        assert!(draft.contains("ms.date: 01/02/2026"), "{draft}");
        let d = check_markdown("x.md", &draft, Some(&bare));
        assert!(d.iter().all(|d| d.code == "PQ-41"), "{d:?}");
    }

    #[test]
    fn a_huge_article_is_read_in_bounded_time() {
        // 100,000 nested quotes and 200,000 headings: pulldown-cmark keeps its stack on the heap
        let mut text = ">".repeat(100_000);
        text.push_str(" x\n");
        text.push_str(&"## h\n".repeat(200_000));
        let started = std::time::Instant::now();
        let d = check_markdown("x.md", &text, None);
        assert!(d.iter().any(|d| d.code == "PQ-36"));
        assert!(started.elapsed().as_secs() < 30);
    }
}
