//! The user-documentation article of a Power Query connector (power-query.md §7): the
//! facts it is drafted from ([`DocFacts`]), the draft ([`draft_article`],
//! [`draft_blurb`]) and the reading the PQ-08/36/37/38 checks work on
//! ([`crate::rules::pqdocs`]).
//!
//! The markdown is read by pulldown-cmark (CommonMark with GFM tables and the YAML
//! front matter block). The front matter's `key: value` lines are read by hand: the
//! article's keys are flat scalars, and no YAML crate is a dependency. Every place
//! found is a byte offset, turned into line:column (columns in characters) only
//! for the few findings made.

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

pub use crate::rules::pqdocs::{check_article, check_blurb, check_changelog};

/// What the article is drafted and checked against, read from the `.mez` (or typed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DocFacts {
    /// The section / Data Source Kind name (`Contoso`).
    pub name: String,
    /// The Data Source Kind's `Label` (`Contoso Tasks`), shown to users.
    pub label: Option<String>,
    /// `Beta = true` in the Publish record: the Release State is `Preview`.
    pub beta: bool,
    /// The authentication kinds of the Data Source Kind record: `Anonymous`,
    /// `UsernamePassword`, `Key`, `OAuth`, `Windows`, `Aad`, `Implicit`.
    pub auth_kinds: Vec<String>,
    /// The shared data source function.
    pub function: Option<DocFunction>,
    /// The version adornment (`1.0.0`).
    pub version: Option<String>,
}

/// The connector's data source function.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DocFunction {
    /// `Contoso.Contents`.
    pub name: String,
    /// Each parameter: name, M type (`text`, `Uri.Type`), optional.
    pub parameters: Vec<(String, String, bool)>,
    /// `Documentation.LongDescription`, when the function has one.
    pub description: Option<String>,
}

impl DocFacts {
    /// The name users see: the label, else the section name.
    pub fn display_name(&self) -> String {
        let label = self.label.as_deref().map(one_line).unwrap_or_default();
        if label.is_empty() {
            one_line(&self.name)
        } else {
            label
        }
    }

    /// The Summary table's Release State for these facts.
    pub fn release_state(&self) -> &'static str {
        if self.beta {
            "Preview"
        } else {
            "General Availability"
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The article's file name in MicrosoftDocs/powerquery-docs: lowercase words joined
/// by hyphens, an acronym one word (`AzureBlobStorage` → `azure-blob-storage.md`,
/// `Hive LLAP` → `hive-llap.md`).
pub fn article_file_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            continue;
        }
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        let boundary = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
            });
        if boundary && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    let stem = out.trim_matches('-');
    if stem.is_empty() {
        "connector.md".into()
    } else {
        format!("{stem}.md")
    }
}

/// Whether `file` (a file name) is lowercase words joined by hyphens, ending `.md`.
pub fn is_article_file_name(file: &str) -> bool {
    let Some(stem) = file.strip_suffix(".md") else {
        return false;
    };
    !stem.is_empty()
        && stem.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// How the article names an authentication kind (as published articles do).
fn auth_label(kind: &str) -> String {
    match kind.to_ascii_lowercase().as_str() {
        "anonymous" | "implicit" => "Anonymous".into(),
        "usernamepassword" => "Basic".into(),
        "windows" => "Windows".into(),
        "key" => "Account key".into(),
        "oauth" | "aad" => "Organizational account".into(),
        _ => one_line(kind),
    }
}

fn auth_labels(facts: &DocFacts) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in &facts.auth_kinds {
        let l = auth_label(k);
        if !l.is_empty() && !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

/// Drafts the article Microsoft's guideline lays out (power-query.md §7.1), filled
/// from `facts`; what only the publisher knows is marked `TODO:` (PQ-41 reports
/// each place left). `today` is the `ms.date`.
pub fn draft_article(facts: &DocFacts, today: jiff::civil::Date) -> String {
    let name = facts.display_name();
    let auth = auth_labels(facts);
    let mut md = String::new();
    md.push_str("---\n");
    md.push_str(&format!("title: {name} connector\n"));
    md.push_str(&format!(
        "description: Provides basic information and prerequisites for the {name} connector, and \
         instructions on how to connect to your data using the connector.\n"
    ));
    md.push_str("author: TODO: your GitHub user name\n");
    md.push_str(&format!("ms.date: {}\n", today.strftime("%m/%d/%Y")));
    md.push_str("ms.subservice: connectors\n");
    md.push_str("---\n\n");
    md.push_str(&format!("# {name}\n\n"));
    md.push_str(
        "> [!NOTE]\n> The following connector article is provided by TODO: your company, the owner of \
         this connector and a member of the Microsoft Power Query Connector Certification Program. \
         If you have questions regarding the content of this article or have changes you would \
         like to see made to this article, visit the TODO: your company website and use the support \
         channels there.\n\n",
    );
    md.push_str("## Summary\n\n| Item | Description |\n| ---- | ----------- |\n");
    md.push_str(&format!("| Release State | {} |\n", facts.release_state()));
    md.push_str(
        "| Products supported | Power BI (Semantic models)<br/>Power BI (Dataflows)<br/>Fabric \
         (Dataflow Gen2) |\n",
    );
    md.push_str(&format!(
        "| Authentication types supported | {} |\n",
        if auth.is_empty() {
            "TODO: the authentication kinds".to_owned()
        } else {
            auth.join("<br/>")
        }
    ));
    md.push_str(&format!(
        "| Function reference documentation | {} |\n\n",
        match &facts.function {
            Some(f) => format!("TODO: a link to the reference of `{}`", one_line(&f.name)),
            None => "—".into(),
        }
    ));
    md.push_str(&format!(
        "## Prerequisites\n\nTODO: what users need before they connect: a {name} account and the \
         plan or licence it needs, and any driver or version requirement.\n\n"
    ));
    md.push_str(
        "## Capabilities supported\n\n- Import\n- TODO: DirectQuery (Power BI semantic models), \
         advanced options, or remove this line\n\n",
    );
    let params = parameter_steps(facts);
    let auth_step = if auth.is_empty() {
        "select the authentication kind and enter your credentials".to_owned()
    } else if auth.len() == 1 {
        format!("select **{}** and enter your credentials", auth.join(""))
    } else {
        format!(
            "select one of the authentication kinds ({}) and enter your credentials",
            auth.join(", ")
        )
    };
    md.push_str(&format!(
        "## Connect to {name} from Power Query Desktop\n\n\
         To connect to {name} from Power Query Desktop:\n\n\
         1. Select **{name}** in the get data experience. The get data experience in Power Query \
         Desktop varies between apps. For more information about the Power Query Desktop get data \
         experience for your app, go to [Where to get data](/power-query/where-to-get-data).\n\
         2. Enter the connection details and select **OK**:{params}\n\
         3. If this is the first time you connect to {name}, {auth_step}, then select **Connect**.\n\
         4. In **Navigator**, select the data you need, then select **Load** to load it or \
         **Transform Data** to continue in the Power Query editor.\n\n"
    ));
    md.push_str(&format!(
        "## Connect to {name} from Power Query Online\n\n\
         To connect to {name} from Power Query Online:\n\n\
         1. Select the **{name}** option in the get data experience. Different apps have different \
         ways of getting to the Power Query Online get data experience. For more information about \
         how to get to the Power Query Online get data experience from your app, go to [Where to get \
         data](/power-query/where-to-get-data).\n\
         2. Enter the connection details:{params}\n\
         3. If needed, select an on-premises data gateway. Then {auth_step}, and select **Next**.\n\
         4. In **Navigator**, select the data you need, then select **Transform data**.\n\n"
    ));
    md.push_str(
        "## Limitations and considerations\n\nTODO: known limitations (row limits, throttling, \
         unsupported types), or remove this section.\n\n",
    );
    md.push_str(
        "## Troubleshooting\n\nTODO: common errors and what to do about them, or remove this \
         section.\n",
    );
    md
}

/// The parameters as a nested list for the connection steps (empty without a function).
fn parameter_steps(facts: &DocFacts) -> String {
    let Some(f) = &facts.function else {
        return String::new();
    };
    let mut out = String::new();
    for (name, ty, optional) in &f.parameters {
        out.push_str(&format!(
            "\n   - **{}** ({}{}): TODO: what to enter.",
            one_line(name),
            one_line(ty),
            if *optional { ", optional" } else { "" }
        ));
    }
    out
}

/// Drafts the paragraph introducing the connector for the Power BI blog, to edit.
pub fn draft_blurb(facts: &DocFacts) -> String {
    let name = facts.display_name();
    let auth = auth_labels(facts);
    let mut p = format!(
        "The {name} connector{} lets you bring TODO: what data from {name} into Power BI and Fabric \
         Dataflow Gen2",
        if facts.beta { " (Preview)" } else { "" }
    );
    if !auth.is_empty() {
        p.push_str(&format!(", signing in with {}", auth.join(" or ")));
    }
    p.push_str(". TODO: one or two sentences on what customers can do with it and why it matters.");
    if let Some(d) = facts
        .function
        .as_ref()
        .and_then(|f| f.description.as_deref())
        .map(one_line)
        .filter(|d| !d.is_empty())
    {
        p.push_str(&format!(" {d}"));
        if !d.ends_with(['.', '!', '?']) {
            p.push('.');
        }
    }
    p.push_str(" Learn more in the connector's documentation: TODO: the link to the article.\n");
    p
}

/// One parsed article: the places the checks need, as byte offsets.
#[derive(Debug, Default)]
pub(crate) struct Article {
    /// The YAML front matter's `key: value` lines (key, value, offset of the line).
    pub front: Option<Vec<(String, String, usize)>>,
    /// Headings: level, plain text, offset.
    pub headings: Vec<(u8, String, usize)>,
    /// Table rows (head included), each: the plain text of its cells, offset; per table.
    pub tables: Vec<Vec<(Vec<String>, usize)>>,
    /// The plain text before the first second-level heading (the title and the note).
    pub lead: String,
    /// Paragraphs in the whole text.
    pub paragraphs: usize,
}

/// Reads `text` (bounded: pulldown-cmark is linear in practice and nests on the heap).
pub(crate) fn parse(text: &str) -> Article {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut a = Article::default();
    let mut in_meta = false;
    let mut heading: Option<(u8, String, usize)> = None;
    let mut cell: Option<String> = None;
    let mut before_h2 = true;
    for (ev, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match ev {
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => in_meta = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_meta = false,
            Event::Start(Tag::Heading { level, .. }) => {
                let level = level as u8;
                if level >= 2 {
                    before_h2 = false;
                }
                heading = Some((level, String::new(), range.start));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((l, t, at)) = heading.take() {
                    a.headings.push((l, one_line(&t), at));
                }
            }
            Event::Start(Tag::Table(_)) => a.tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                if let Some(t) = a.tables.last_mut() {
                    t.push((Vec::new(), range.start));
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(c), Some((cells, _))) =
                    (cell.take(), a.tables.last_mut().and_then(|t| t.last_mut()))
                {
                    cells.push(one_line(&c));
                }
            }
            Event::Start(Tag::Paragraph) => a.paragraphs += 1,
            Event::Text(t) | Event::Code(t) => {
                if in_meta {
                    a.front = Some(front_matter(&t, range.start));
                } else if let Some((_, h, _)) = heading.as_mut() {
                    h.push_str(&t);
                } else if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                } else if before_h2 {
                    a.lead.push_str(&t);
                    a.lead.push(' ');
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::InlineHtml(_) | Event::Html(_) => {
                if let Some(c) = cell.as_mut() {
                    c.push(' ');
                } else if heading.is_none() && before_h2 && !in_meta {
                    a.lead.push(' ');
                }
            }
            _ => {}
        }
    }
    a
}

/// The front matter's top-level `key: value` lines. `block` is the block's text,
/// which starts at byte `at` of the article.
fn front_matter(block: &str, at: usize) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut offset = at;
    for raw in block.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let starts_plain = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-');
        if starts_plain && let Some((k, v)) = line.split_once(':') {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
                .unwrap_or(v);
            out.push((k.trim().to_owned(), v.trim().to_owned(), offset));
        }
        offset += raw.len();
    }
    out
}

/// Line starts of a text, for line:column of a byte offset.
pub(crate) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Indexes `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { text, starts }
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub(crate) fn at(&self, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset.min(self.text.len()))
            .map_or(0, |s| s.chars().count());
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(col + 1).unwrap_or(u32::MAX),
        )
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn facts() -> DocFacts {
        DocFacts {
            name: "ContosoTasks".into(),
            label: Some("Contoso Tasks".into()),
            beta: true,
            auth_kinds: vec!["OAuth".into(), "Key".into()],
            function: Some(DocFunction {
                name: "ContosoTasks.Contents".into(),
                parameters: vec![
                    ("url".into(), "Uri.Type".into(), false),
                    ("options".into(), "record".into(), true),
                ],
                description: Some("Returns the tasks of a Contoso workspace".into()),
            }),
            version: Some("1.0.0".into()),
        }
    }

    #[test]
    fn file_names_are_lowercase_words_with_hyphens() {
        assert_eq!(
            article_file_name("AzureBlobStorage"),
            "azure-blob-storage.md"
        );
        assert_eq!(article_file_name("Hive LLAP"), "hive-llap.md");
        assert_eq!(
            article_file_name("HiveLLAPConnector"),
            "hive-llap-connector.md"
        );
        assert_eq!(
            article_file_name("Contoso Tasks (Beta)"),
            "contoso-tasks-beta.md"
        );
        assert_eq!(article_file_name("Ünïcode"), "n-code.md");
        assert_eq!(article_file_name("..."), "connector.md");
        assert!(is_article_file_name("azure-blob-storage.md"));
        assert!(is_article_file_name("sql2019.md"));
        assert!(!is_article_file_name("Azure-blob.md"));
        assert!(!is_article_file_name("azure_blob.md"));
        assert!(!is_article_file_name("azure--blob.md"));
        assert!(!is_article_file_name("azure.txt"));
    }

    #[test]
    fn the_parse_finds_front_matter_headings_and_tables() {
        let text = "---\ntitle: \"X connector\"\nms.date: 01/02/2026\n---\n\n# X\n\nNote é.\n\n\
                    ## Summary\n\n| Item | Description |\n|---|---|\n| Release State | Preview |\n";
        let a = parse(text);
        let front = a.front.unwrap_or_default();
        assert_eq!(front[0].0, "title");
        assert_eq!(front[0].1, "X connector");
        let lines = Lines::new(text);
        assert_eq!(lines.at(front[1].2), (3, 1));
        assert_eq!(a.headings.len(), 2);
        assert_eq!(a.headings[1].1, "Summary");
        assert_eq!(a.tables[0][1].0, vec!["Release State", "Preview"]);
        assert_eq!(lines.at(a.tables[0][1].1), (14, 1));
        assert!(a.lead.contains("Note é."));
        // columns count characters, not bytes
        assert_eq!(Lines::new("é x").at(3), (1, 3));
    }

    #[test]
    fn the_blurb_names_the_connector_and_its_preview() {
        let b = draft_blurb(&facts());
        assert!(
            b.starts_with("The Contoso Tasks connector (Preview)"),
            "{b}"
        );
        assert!(b.contains("Organizational account or Account key"), "{b}");
        assert!(
            b.contains("Returns the tasks of a Contoso workspace."),
            "{b}"
        );
        assert_eq!(b.lines().count(), 1);
    }
}
