//! Power Query custom connectors: a `.mez` (or its signed variant `.pqx`) read
//! without running the mashup engine (power-query.md §2, §4).
//!
//! A `.mez` is a zip of a section document (`Name.pq`, legacy `Name.m`), `*.pqm`
//! modules, `resources.resx`, icon PNGs and other files. [`from_archive`] reads one
//! through the safe zip reader ([`Archive`], its limits and its findings) into a
//! [`PqConnector`]: the entries, the section document scanned by [`scan`] (members
//! with their spans, the version adornment, the section name), every `.pqm` module
//! scanned the same way (an expression: its calls and literals, no members), and
//! what the rules of [`crate::rules::pq`] look at — the Data Source Kind and Publish
//! records, the shared functions with their `Documentation.*` metadata and parameters
//! (`optional`, `DataSource.Path = false`), the icon sets, the calls that matter
//! (`Extension.Contents`, `Extension.LoadString`, `Expression.Evaluate`, …). Every
//! value read is a literal or one member reference away from one; anything computed
//! is left unresolved (`None`), never evaluated.
//!
//! The submission around it: [`docs`] (the documentation article, drafted and
//! checked) and [`bundle`] (the `.mez`, the article, the blog paragraph and the
//! changelog, with their checksums).

pub mod bundle;
pub mod docs;
pub mod draft;
pub mod scan;

use std::ops::Range;
use std::path::Path;

use foldhash::{HashMap, HashMapExt};

use crate::model::{Diagnostic, Location};
use crate::read::file::MAX_TEXT_FILE;
use crate::read::json::LineIndex;
use crate::read::zip::{Archive, Limits};
use crate::rules::Sink;
use crate::rules::files::report_zip;
use crate::{Error, Result};

use scan::{Field, Scanned, Section, Tok, Token, ident_name, list_items, record_fields, skip};

/// The largest icon file read for its header (1 MiB).
const MAX_ICON: u64 = 1 << 20;

/// A `.mez` / `.pqx` as read.
#[derive(Debug, Clone, Default)]
pub struct PqConnector {
    /// The archive's report path (`HelloWorld.mez`).
    pub vpath: String,
    /// The archive's file name (the last part of its path).
    pub file_name: String,
    /// Every entry name, in archive order.
    pub entries: Vec<String>,
    /// Whether the archive has `[Content_Types].xml` (an OPC package: a `.pqx`).
    pub opc: bool,
    /// OPC digital-signature parts (`package/services/digital-signature/…`,
    /// `_xmlsignatures/…`).
    pub signature_parts: Vec<String>,
    /// Root M files that are section documents (`section Name;`), in archive order.
    pub section_documents: Vec<String>,
    /// Root `.pq` / `.m` files that are candidates (test and query files excluded).
    pub m_files: Vec<String>,
    /// `*.pqm` modules: every entry whose name ends with `.pqm`, in archive order.
    pub modules: Vec<String>,
    /// The section document read (the first `.pq` section document, else the
    /// first `.m`, else the first candidate, to report why it is not one).
    pub document: Option<Document>,
    /// The `*.pqm` modules read (those within the reader's limits), scanned as
    /// expressions ([`Document::parse_module`]), in archive order.
    pub module_documents: Vec<Document>,
    /// `resources.resx`, when there is one.
    pub resx: Option<Resx>,
    /// Every `.png` entry, with its pixel size when it is a readable PNG.
    pub icons: Vec<IconFile>,
}

/// A PNG entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IconFile {
    /// Entry name.
    pub name: String,
    /// Report path (`X.mez!/X16.png`).
    pub vpath: String,
    /// Width and height, when the bytes are a PNG whose header reads.
    pub size: Option<(u32, u32)>,
}

/// `resources.resx`.
#[derive(Debug, Clone, Default)]
pub struct Resx {
    /// Report path.
    pub vpath: String,
    /// `(name, value, line, column)` of each `<data>` entry.
    pub strings: Vec<(String, String, u32, u32)>,
    /// Why it is not well-formed XML, when it is not.
    pub error: Option<String>,
}

impl Resx {
    /// The value of the string `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.strings
            .iter()
            .find(|s| s.0 == name)
            .map(|s| s.1.as_str())
    }
}

/// A literal value read from the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// A text literal.
    Text(String),
    /// `true` / `false`.
    Logical(bool),
    /// A number, as written.
    Number(String),
    /// `null`.
    Null,
    /// `Extension.LoadString("key")`.
    Resource(String),
    /// Anything else (computed, a reference): not read.
    Other,
}

/// An M file of the archive, scanned: the section document, or a `.pqm` module.
///
/// A module ([`Document::parse_module`]) is an expression, not a section: it has
/// tokens, lexical issues and [`Document::calls`], and no section name, adornment,
/// members, kinds, Publish records or shared functions.
#[derive(Debug, Clone)]
pub struct Document {
    /// Entry name (`HelloWorld.pq`, `Helpers.pqm`).
    pub name: String,
    /// Report path (`HelloWorld.mez!/HelloWorld.pq`).
    pub vpath: String,
    /// Whether this is a `.pqm` module (an expression), not the section document.
    pub is_module: bool,
    /// The text, decoded (BOM removed).
    pub text: String,
    /// Why the bytes are not plain UTF-8, when they are not.
    pub encoding_issue: Option<String>,
    /// Tokens and lexical problems.
    pub scanned: Scanned,
    /// Adornment, name, members and shape problems.
    pub section: Section,
    /// The section's name.
    pub section_name: Option<String>,
    /// The `Version` of the adornment, with its byte offset.
    pub version: Option<(Literal, usize)>,
    /// The Data Source Kind records named by `DataSource.Kind` attributes.
    pub kinds: Vec<KindRecord>,
    /// The Publish records named by `Publish` attributes.
    pub publish: Vec<PublishRecord>,
    /// The shared members that are functions or carry `DataSource.Kind`.
    pub functions: Vec<SharedFunction>,
    /// Calls of the functions the rules look at, in order.
    pub calls: Vec<Call>,
    lines: LineIndex,
    by_name: HashMap<String, usize>,
}

/// A Data Source Kind record (`MyConnector = [Authentication = …, TestConnection = …]`).
#[derive(Debug, Clone)]
pub struct KindRecord {
    /// The kind's name.
    pub name: String,
    /// Byte offset of the member, or of the first attribute naming it when there is
    /// no such member.
    pub offset: usize,
    /// Whether a member of that name exists.
    pub defined: bool,
    /// Whether it is bound to a record literal.
    pub is_record: bool,
    /// The `Authentication` kinds, when the field is a record.
    pub authentication: Option<Vec<AuthKind>>,
    /// The `TestConnection` field, when there is one.
    pub test_connection: Option<TestConnection>,
    /// The `Label` field.
    pub label: Option<Literal>,
}

/// One authentication kind of a Data Source Kind record (`OAuth = [StartLogin = …]`).
#[derive(Debug, Clone)]
pub struct AuthKind {
    /// `Anonymous`, `OAuth`, `Aad`, …
    pub name: String,
    /// Its record's field names (empty when it is not a record).
    pub fields: Vec<String>,
    /// Byte offset.
    pub offset: usize,
}

/// A `TestConnection` handler.
#[derive(Debug, Clone)]
pub struct TestConnection {
    /// Byte offset of the field.
    pub offset: usize,
    /// Whether its value is a function (`(dataSourcePath) => …`).
    pub is_function: bool,
    /// The first item of the list it returns, when it is a text literal.
    pub target: Option<String>,
}

/// A Publish record.
#[derive(Debug, Clone)]
pub struct PublishRecord {
    /// The record's name.
    pub name: String,
    /// Byte offset of the member (or of the attribute naming it).
    pub offset: usize,
    /// Whether a member of that name exists.
    pub defined: bool,
    /// Whether it is bound to a record literal.
    pub is_record: bool,
    /// `Beta`, with its byte offset.
    pub beta: Option<(Literal, usize)>,
    /// `Category`, with its byte offset.
    pub category: Option<(Literal, usize)>,
    /// `ButtonText` items (`None` when the field is missing; `Some(None)` when it
    /// is not a list), with the field's byte offset.
    pub button_text: Option<(Option<Vec<Literal>>, usize)>,
    /// `SourceImage`.
    pub source_image: Option<IconSet>,
    /// `SourceTypeImage`.
    pub source_type_image: Option<IconSet>,
    /// `LearnMoreUrl`.
    pub learn_more_url: Option<(Literal, usize)>,
}

/// An icon record (`X.Icons = [Icon16 = {…}, Icon32 = {…}]`), through one member
/// reference at most.
#[derive(Debug, Clone)]
pub struct IconSet {
    /// Byte offset of the `SourceImage` / `SourceTypeImage` field.
    pub offset: usize,
    /// The member it names, when it is a reference (`HelloWorld.Icons`).
    pub reference: Option<String>,
    /// Whether it resolved to a record.
    pub resolved: bool,
    /// The `Icon16` list: the `Extension.Contents` names (`None` for an item that is
    /// not such a call), or `None` when missing.
    pub icon16: Option<Vec<Option<String>>>,
    /// The `Icon32` list.
    pub icon32: Option<Vec<Option<String>>>,
}

/// A shared function (or a shared member with `DataSource.Kind`).
#[derive(Debug, Clone)]
pub struct SharedFunction {
    /// Its name.
    pub name: String,
    /// Byte offset of its name.
    pub offset: usize,
    /// Index in [`Section::members`].
    pub member: usize,
    /// Its `DataSource.Kind` attribute.
    pub kind: Option<String>,
    /// Its `Publish` attribute.
    pub publish: Option<String>,
    /// Its documentation metadata.
    pub docs: Docs,
    /// Its parameters, from its function type (or its function).
    pub params: Vec<Param>,
}

/// What the documentation of a shared function is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Docs {
    /// A function type with a `meta` record: which fields it has.
    Found {
        /// `Documentation.Name`.
        name: bool,
        /// `Documentation.LongDescription`.
        long_description: bool,
    },
    /// No function type with `Documentation.*` metadata.
    Missing,
    /// The type is computed: not statically checkable.
    Unknown,
}

/// A parameter of a shared function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Its name.
    pub name: String,
    /// Its type as written (`text`, `Uri.Type`), when given.
    pub type_name: Option<String>,
    /// Whether it is `optional`.
    pub optional: bool,
    /// Whether its type carries `Documentation.FieldCaption`.
    pub caption: bool,
    /// Whether its type carries `DataSource.Path = false` in its `meta` record
    /// (`url as (type text meta [DataSource.Path = false])`): a required parameter
    /// left out of the data source path.
    pub path_excluded: bool,
}

impl Param {
    /// Whether it is part of the data source path: required (not `optional`) and
    /// without `DataSource.Path = false` (power-query.md §4.4;
    /// updates-and-breaking-changes.md §2.5).
    pub fn in_path(&self) -> bool {
        !self.optional && !self.path_excluded
    }
}

/// A call of a function the rules look at.
#[derive(Debug, Clone)]
pub struct Call {
    /// The function (`Extension.Contents`).
    pub function: String,
    /// Token index of the function's name.
    pub token: usize,
    /// Byte offset.
    pub offset: usize,
    /// The first argument, when it is a text literal.
    pub literal: Option<String>,
    /// Index of the member it is in.
    pub member: Option<usize>,
}

/// The functions whose calls [`Document::calls`] lists.
pub const WATCHED: &[&str] = &[
    "Extension.Contents",
    "Extension.LoadString",
    "Expression.Evaluate",
    "Diagnostics.Trace",
    "Extension.CurrentCredential",
    "Extension.CurrentCredentials",
    "Web.Contents",
    "OData.Feed",
    "Web.BrowserContents",
];

impl Document {
    /// Reads a section document from its text.
    pub fn parse(name: &str, vpath: &str, text: String, encoding_issue: Option<String>) -> Self {
        let scanned = scan::scan(&text);
        let section = scan::split(&text, &scanned);
        Self::build(name, vpath, text, encoding_issue, scanned, section, false)
    }

    /// Reads a `.pqm` module from its text: the same scanner, the same calls, and no
    /// splitting into members (a module is an expression, so it is never said not to
    /// be a section document).
    pub fn parse_module(
        name: &str,
        vpath: &str,
        text: String,
        encoding_issue: Option<String>,
    ) -> Self {
        let scanned = scan::scan(&text);
        Self::build(
            name,
            vpath,
            text,
            encoding_issue,
            scanned,
            Section::default(),
            true,
        )
    }

    fn build(
        name: &str,
        vpath: &str,
        text: String,
        encoding_issue: Option<String>,
        scanned: Scanned,
        section: Section,
        is_module: bool,
    ) -> Self {
        let lines = LineIndex::new(&text);
        let mut by_name = HashMap::with_capacity(section.members.len());
        for (i, m) in section.members.iter().enumerate() {
            by_name.entry(m.name.clone()).or_insert(i);
        }
        let mut doc = Document {
            name: name.to_owned(),
            vpath: vpath.to_owned(),
            is_module,
            text,
            encoding_issue,
            scanned,
            section,
            section_name: None,
            version: None,
            kinds: Vec::new(),
            publish: Vec::new(),
            functions: Vec::new(),
            calls: Vec::new(),
            lines,
            by_name,
        };
        doc.section_name = doc.section.name.as_ref().map(|n| n.0.clone());
        doc.extract();
        doc
    }

    /// The tokens.
    pub fn tokens(&self) -> &[Token] {
        &self.scanned.tokens
    }

    /// The place of a byte offset: this document with line and column.
    pub fn at(&self, offset: usize) -> Location {
        let (l, c) = self.lines.line_col(&self.text, offset);
        Location::file(&self.vpath).with_line_col(l, c)
    }

    /// The byte offset of token `i` (the end of the text past the last).
    pub fn offset(&self, i: usize) -> usize {
        self.tokens().get(i).map_or(self.text.len(), |t| t.start)
    }

    /// The source text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        self.tokens()
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    /// Whether token `i` is the identifier `word`.
    pub fn is_ident(&self, i: usize, word: &str) -> bool {
        self.tokens().get(i).is_some_and(|t| t.kind == Tok::Ident) && self.token_text(i) == word
    }

    /// Whether token `i` is the punctuation `c`.
    pub fn is_punct(&self, i: usize, c: u8) -> bool {
        self.tokens()
            .get(i)
            .is_some_and(|t| t.kind == Tok::Punct(c))
    }

    /// The member named `name`.
    pub fn member(&self, name: &str) -> Option<&scan::Member> {
        self.by_name.get(name).map(|&i| &self.section.members[i])
    }

    /// The member index holding token `i`.
    pub fn member_of(&self, i: usize) -> Option<usize> {
        let k = self
            .section
            .members
            .partition_point(|m| m.expr.start <= i)
            .checked_sub(1)?;
        let m = &self.section.members[k];
        (i < m.expr.end.max(m.expr.start + 1)).then_some(k)
    }

    /// The tokens a finding about token `i` is judged in: the expression of the
    /// member holding it in a section document, the whole text in a module; `None`
    /// outside every member.
    pub fn scope_of(&self, i: usize) -> Option<Range<usize>> {
        if self.is_module {
            return Some(0..self.tokens().len());
        }
        self.member_of(i)
            .map(|k| self.section.members[k].expr.clone())
    }

    /// The literal a token range is.
    pub fn literal(&self, r: &Range<usize>) -> Literal {
        let toks = self.tokens();
        if r.len() == 1 {
            let t = &toks[r.start];
            return match t.kind {
                Tok::Text => Literal::Text(scan::text_value(&self.text, t)),
                Tok::Number => Literal::Number(self.token_text(r.start).to_owned()),
                Tok::Ident => match self.token_text(r.start) {
                    "true" => Literal::Logical(true),
                    "false" => Literal::Logical(false),
                    "null" => Literal::Null,
                    _ => Literal::Other,
                },
                _ => Literal::Other,
            };
        }
        if r.len() == 4
            && self.is_ident(r.start, "Extension.LoadString")
            && self.is_punct(r.start + 1, b'(')
            && toks[r.start + 2].kind == Tok::Text
            && self.is_punct(r.start + 3, b')')
        {
            return Literal::Resource(scan::text_value(&self.text, &toks[r.start + 2]));
        }
        Literal::Other
    }

    /// The fields of the record `r` is, or of the record the member it names (one
    /// reference) is bound to.
    pub fn record(&self, r: &Range<usize>) -> Option<Vec<Field>> {
        record_fields(&self.text, self.tokens(), r.clone()).or_else(|| {
            let m = self.reference(r)?;
            record_fields(&self.text, self.tokens(), m.expr.clone())
        })
    }

    /// The member a one-token range names.
    pub fn reference(&self, r: &Range<usize>) -> Option<&scan::Member> {
        if r.len() != 1 {
            return None;
        }
        let t = self.tokens().get(r.start)?;
        if !matches!(t.kind, Tok::Ident | Tok::Quoted) {
            return None;
        }
        self.member(&ident_name(&self.text, t))
    }

    /// The arguments of the call whose `(` is token `open`, each a token range.
    pub fn args(&self, open: usize) -> Vec<Range<usize>> {
        let toks = self.tokens();
        let Some(t) = toks.get(open) else {
            return Vec::new();
        };
        if t.kind != Tok::Punct(b'(') {
            return Vec::new();
        }
        let close = if t.pair == scan::NO_PAIR {
            toks.len()
        } else {
            t.pair as usize
        };
        scan::split_commas(toks, open + 1, close)
    }

    fn attributes(&self, m: &scan::Member) -> Vec<(String, Literal)> {
        m.attributes
            .as_ref()
            .and_then(|r| record_fields(&self.text, self.tokens(), r.clone()))
            .map(|fs| {
                fs.into_iter()
                    .map(|f| {
                        let v = self.literal(&f.value);
                        (f.name, v)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn extract(&mut self) {
        // version
        if let Some(r) = self.section.adornment.clone()
            && let Some(fields) = record_fields(&self.text, self.tokens(), r)
            && let Some(f) = fields.iter().find(|f| f.name == "Version")
        {
            self.version = Some((self.literal(&f.value), self.offset(f.name_token)));
        }
        // calls
        let toks = self.tokens();
        let mut calls = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if t.kind != Tok::Ident || !self.is_punct(i + 1, b'(') {
                continue;
            }
            let name = self.token_text(i);
            if let Some(f) = WATCHED.iter().find(|w| **w == name) {
                let literal = self
                    .args(i + 1)
                    .first()
                    .filter(|a| a.len() == 1 && toks[a.start].kind == Tok::Text)
                    .map(|a| scan::text_value(&self.text, &toks[a.start]));
                calls.push(Call {
                    function: (*f).to_owned(),
                    token: i,
                    offset: t.start,
                    literal,
                    member: self.member_of(i),
                });
            }
        }
        self.calls = calls;
        // shared functions and the records their attributes name
        let mut functions = Vec::new();
        let mut kinds: Vec<(String, usize)> = Vec::new();
        let mut publish: Vec<(String, usize)> = Vec::new();
        for (k, m) in self.section.members.iter().enumerate() {
            let attrs = self.attributes(m);
            let text_attr = |n: &str| {
                attrs.iter().find(|a| a.0 == n).and_then(|a| match &a.1 {
                    Literal::Text(t) => Some(t.clone()),
                    _ => None,
                })
            };
            let kind = text_attr("DataSource.Kind");
            let pubname = text_attr("Publish");
            let offset = self.offset(m.name_token);
            if let Some(kname) = &kind
                && !kinds.iter().any(|x| &x.0 == kname)
            {
                kinds.push((kname.clone(), offset));
            }
            if let Some(p) = &pubname
                && !publish.iter().any(|x| &x.0 == p)
            {
                publish.push((p.clone(), offset));
            }
            let is_function = self.is_function(&m.expr);
            if m.shared && (is_function || kind.is_some()) {
                let (docs, params) = self.docs_of(&m.expr);
                functions.push(SharedFunction {
                    name: m.name.clone(),
                    offset,
                    member: k,
                    kind,
                    publish: pubname,
                    docs,
                    params,
                });
            }
        }
        self.functions = functions;
        self.kinds = kinds
            .into_iter()
            .map(|(n, at)| self.kind_record(n, at))
            .collect();
        self.publish = publish
            .into_iter()
            .map(|(n, at)| self.publish_record(n, at))
            .collect();
    }

    /// Whether an expression is a function: `(…) =>`, `each`, `Value.ReplaceType(…)`,
    /// or a reference to a member that is one.
    fn is_function(&self, r: &Range<usize>) -> bool {
        let direct = |r: &Range<usize>| {
            if self.is_punct(r.start, b'(') {
                let after = skip(self.tokens(), r.start);
                return self.token_text(after) == "=>" || self.is_ident(after, "as");
            }
            self.is_ident(r.start, "each") || self.is_ident(r.start, "Value.ReplaceType")
        };
        direct(r) || self.reference(r).is_some_and(|m| direct(&m.expr))
    }

    fn kind_record(&self, name: String, attr_at: usize) -> KindRecord {
        let member = self.member(&name);
        let fields = member.and_then(|m| record_fields(&self.text, self.tokens(), m.expr.clone()));
        let mut k = KindRecord {
            offset: member.map_or(attr_at, |m| self.offset(m.name_token)),
            defined: member.is_some(),
            is_record: fields.is_some(),
            name,
            authentication: None,
            test_connection: None,
            label: None,
        };
        for f in fields.unwrap_or_default() {
            match f.name.as_str() {
                "Authentication" => {
                    k.authentication = self.record(&f.value).map(|kinds| {
                        kinds
                            .into_iter()
                            .map(|a| AuthKind {
                                fields: self
                                    .record(&a.value)
                                    .unwrap_or_default()
                                    .into_iter()
                                    .map(|f| f.name)
                                    .collect(),
                                offset: self.offset(a.name_token),
                                name: a.name,
                            })
                            .collect()
                    });
                }
                "TestConnection" => {
                    let toks = self.tokens();
                    let v = f.value.clone();
                    let arrow = v.clone().find(|&i| self.token_text(i) == "=>");
                    let is_function = arrow.is_some() || self.is_ident(v.start, "each");
                    let list = v
                        .clone()
                        .find(|&i| self.is_punct(i, b'{'))
                        .and_then(|i| list_items(toks, i..v.end));
                    let target = list.and_then(|items| {
                        let first = items.into_iter().next()?;
                        (first.len() == 1 && toks[first.start].kind == Tok::Text)
                            .then(|| scan::text_value(&self.text, &toks[first.start]))
                    });
                    k.test_connection = Some(TestConnection {
                        offset: self.offset(f.name_token),
                        is_function,
                        target,
                    });
                }
                "Label" => k.label = Some(self.literal(&f.value)),
                _ => {}
            }
        }
        k
    }

    fn publish_record(&self, name: String, attr_at: usize) -> PublishRecord {
        let member = self.member(&name);
        let fields = member.and_then(|m| record_fields(&self.text, self.tokens(), m.expr.clone()));
        let mut p = PublishRecord {
            offset: member.map_or(attr_at, |m| self.offset(m.name_token)),
            defined: member.is_some(),
            is_record: fields.is_some(),
            name,
            beta: None,
            category: None,
            button_text: None,
            source_image: None,
            source_type_image: None,
            learn_more_url: None,
        };
        for f in fields.unwrap_or_default() {
            let at = self.offset(f.name_token);
            match f.name.as_str() {
                "Beta" => p.beta = Some((self.literal(&f.value), at)),
                "Category" => p.category = Some((self.literal(&f.value), at)),
                "LearnMoreUrl" => p.learn_more_url = Some((self.literal(&f.value), at)),
                "ButtonText" => {
                    let items = list_items(self.tokens(), f.value.clone())
                        .map(|items| items.iter().map(|r| self.literal(r)).collect());
                    p.button_text = Some((items, at));
                }
                "SourceImage" => p.source_image = Some(self.icon_set(&f.value, at)),
                "SourceTypeImage" => p.source_type_image = Some(self.icon_set(&f.value, at)),
                _ => {}
            }
        }
        p
    }

    fn icon_set(&self, r: &Range<usize>, offset: usize) -> IconSet {
        let fields = self.record(r);
        let list = |name: &str| {
            let f = fields.as_ref()?.iter().find(|f| f.name == name)?;
            let items = list_items(self.tokens(), f.value.clone())?;
            Some(
                items
                    .iter()
                    .map(|it| {
                        (it.len() == 4
                            && self.is_ident(it.start, "Extension.Contents")
                            && self.tokens()[it.start + 2].kind == Tok::Text)
                            .then(|| scan::text_value(&self.text, &self.tokens()[it.start + 2]))
                    })
                    .collect(),
            )
        };
        IconSet {
            offset,
            reference: self.reference(r).map(|m| m.name.clone()),
            resolved: fields.is_some(),
            icon16: list("Icon16"),
            icon32: list("Icon32"),
        }
    }

    /// The documentation and parameters of a shared function's expression.
    fn docs_of(&self, expr: &Range<usize>) -> (Docs, Vec<Param>) {
        let expr = self
            .reference(expr)
            .map_or(expr.clone(), |m| m.expr.clone());
        if self.is_ident(expr.start, "Value.ReplaceType") && self.is_punct(expr.start + 1, b'(') {
            let args = self.args(expr.start + 1);
            let Some(ty) = args.get(1) else {
                return (Docs::Unknown, Vec::new());
            };
            let ty = self.reference(ty).map_or(ty.clone(), |m| m.expr.clone());
            return self.function_type(&ty);
        }
        if self.is_ident(expr.start, "type") && self.is_ident(expr.start + 1, "function") {
            return self.function_type(&expr);
        }
        if self.is_punct(expr.start, b'(') {
            return (Docs::Missing, self.params(expr.start));
        }
        (Docs::Unknown, Vec::new())
    }

    /// `type function (params) as T meta [...]`.
    fn function_type(&self, r: &Range<usize>) -> (Docs, Vec<Param>) {
        let Some(start) = r
            .clone()
            .find(|&i| self.is_ident(i, "type") && self.is_ident(i + 1, "function"))
        else {
            return (Docs::Unknown, Vec::new());
        };
        let open = start + 2;
        if !self.is_punct(open, b'(') {
            return (Docs::Unknown, Vec::new());
        }
        let params = self.params(open);
        let mut i = skip(self.tokens(), open);
        let mut meta = None;
        while i < r.end {
            if self.is_ident(i, "meta") {
                meta = Some(i + 1);
            }
            i = skip(self.tokens(), i);
        }
        let docs = match meta.and_then(|m| self.record(&(m..r.end))) {
            Some(fields) => Docs::Found {
                name: fields.iter().any(|f| f.name == "Documentation.Name"),
                long_description: fields
                    .iter()
                    .any(|f| f.name == "Documentation.LongDescription"),
            },
            None => Docs::Missing,
        };
        (docs, params)
    }

    /// The parameters in the parentheses opening at token `open`.
    fn params(&self, open: usize) -> Vec<Param> {
        self.args(open)
            .into_iter()
            .filter_map(|a| {
                let mut i = a.start;
                let optional = self.is_ident(i, "optional");
                if optional {
                    i += 1;
                }
                let t = self.tokens().get(i)?;
                if !matches!(t.kind, Tok::Ident | Tok::Quoted) {
                    return None;
                }
                let name = ident_name(&self.text, t);
                let type_name = (self.is_ident(i + 1, "as"))
                    .then(|| {
                        (i + 2..a.end).find(|&j| {
                            self.tokens()[j].kind == Tok::Ident
                                && !matches!(self.token_text(j), "type" | "nullable")
                        })
                    })
                    .flatten()
                    .map(|j| self.token_text(j).to_owned());
                let caption = a
                    .clone()
                    .any(|j| self.is_ident(j, "Documentation.FieldCaption"));
                let path_excluded =
                    self.is_ident(i + 1, "as") && self.path_excluded(&(i + 2..a.end));
                Some(Param {
                    name,
                    type_name,
                    optional,
                    caption,
                    path_excluded,
                })
            })
            .collect()
    }

    /// Whether the parameter type `ty` carries `DataSource.Path = false`: its `meta`
    /// record (a literal, or one member reference away) has the field with the
    /// logical `false`. The type may sit in parentheses or be a member holding it
    /// (`url as UrlType`, `UrlType = type text meta [DataSource.Path = false]`).
    fn path_excluded(&self, ty: &Range<usize>) -> bool {
        let ty = self.reference(ty).map_or(ty.clone(), |m| m.expr.clone());
        // `(type text meta […])`: the inside of the parentheses
        let ty = match self.tokens().get(ty.start) {
            Some(t)
                if t.kind == Tok::Punct(b'(')
                    && t.pair != scan::NO_PAIR
                    && t.pair as usize + 1 == ty.end =>
            {
                ty.start + 1..t.pair as usize
            }
            _ => ty,
        };
        let mut i = ty.start;
        while i < ty.end {
            if self.is_ident(i, "meta")
                && let Some(fields) = self.record(&(i + 1..ty.end))
            {
                return fields.iter().any(|f| {
                    f.name == "DataSource.Path" && self.literal(&f.value) == Literal::Logical(false)
                });
            }
            i = skip(self.tokens(), i);
        }
        false
    }
}

/// What [`load`] gives: the connector (when the archive opened) and the reader's
/// findings (ZIP, FILE).
#[derive(Debug, Default)]
pub struct PqLoaded {
    /// The connector, when the archive could be opened.
    pub connector: Option<PqConnector>,
    /// The findings of reading it.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the `.mez` / `.pqx` at `path`. `Err` only when the path is not a regular
/// file; a broken zip is a finding in [`PqLoaded::diagnostics`].
pub fn load(path: &Path, limits: Limits) -> Result<PqLoaded> {
    crate::read::file::open_regular(path).map_err(|e| Error::io("cannot read", path, e))?;
    let name = path.display().to_string();
    let mut sink = Sink::new();
    let connector = match Archive::open_file(path, &name, limits) {
        Ok(mut a) => Some(from_archive(&mut sink, &mut a)),
        Err(p) => {
            report_zip(&mut sink, &name, &p);
            None
        }
    };
    Ok(PqLoaded {
        connector,
        diagnostics: sink.into_diagnostics(),
    })
}

/// Decodes a text entry: UTF-8 with or without its BOM; UTF-16 with a BOM; anything
/// else read as UTF-8 with replacement characters. The second value says why it is
/// not plain UTF-8.
pub fn decode(bytes: &[u8]) -> (String, Option<String>) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match String::from_utf8(rest.to_vec()) {
            Ok(s) => (s, None),
            Err(e) => (
                String::from_utf8_lossy(e.as_bytes()).into_owned(),
                Some("bytes that are not UTF-8".into()),
            ),
        };
    }
    let utf16 = |le: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        (
            String::from_utf16_lossy(&units),
            Some("UTF-16, not UTF-8".to_owned()),
        )
    };
    if bytes.starts_with(b"\xFF\xFE") {
        return utf16(true);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return utf16(false);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), None),
        Err(_) => (
            String::from_utf8_lossy(bytes).into_owned(),
            Some("bytes that are not UTF-8".into()),
        ),
    }
}

/// Whether an entry name is a test or query file the SDK leaves out of a `.mez`.
pub fn is_test_file(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l.ends_with(".query.pq") || l.ends_with(".test.pq") || l.ends_with(".parameterquery.pq")
}

/// Whether an entry name is a root M file that may be the section document.
pub fn is_m_candidate(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    !name.contains(['/', '\\']) && (l.ends_with(".pq") || l.ends_with(".m")) && !is_test_file(name)
}

/// Whether an entry name is a `.pqm` module.
pub fn is_module(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".pqm")
}

/// Reads a `.mez` / `.pqx` from an open archive; reading problems (ZIP-01/02/03,
/// FILE-02) go to `sink`.
pub fn from_archive(sink: &mut Sink, a: &mut Archive) -> PqConnector {
    crate::rules::package::report_unsafe(sink, a);
    let vpath = a.vpath.clone();
    let file_name = vpath
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(&vpath)
        .to_owned();
    let entries: Vec<_> = a.entries().to_vec();
    let mut c = PqConnector {
        file_name,
        entries: entries.iter().map(|e| e.name.clone()).collect(),
        opc: a.find("[Content_Types].xml").is_some(),
        signature_parts: entries
            .iter()
            .filter(|e| {
                let l = e.name.to_ascii_lowercase();
                !e.is_dir
                    && (l.starts_with("package/services/digital-signature/")
                        || l.starts_with("_xmlsignatures/"))
            })
            .map(|e| e.name.clone())
            .collect(),
        modules: entries
            .iter()
            .filter(|e| !e.is_dir && is_module(&e.name))
            .map(|e| e.name.clone())
            .collect(),
        m_files: entries
            .iter()
            .filter(|e| !e.is_dir && is_m_candidate(&e.name))
            .map(|e| e.name.clone())
            .collect(),
        vpath,
        ..PqConnector::default()
    };
    let mut docs: Vec<Document> = Vec::new();
    for e in entries
        .iter()
        .filter(|e| !e.is_dir && is_m_candidate(&e.name))
    {
        let ev = a.entry_vpath(&e.name);
        match a.read(e, MAX_TEXT_FILE) {
            Ok(bytes) => {
                let (text, issue) = decode(&bytes);
                let doc = Document::parse(&e.name, &ev, text, issue);
                if doc.section_name.is_some() {
                    c.section_documents.push(e.name.clone());
                }
                docs.push(doc);
            }
            Err(p) => report_zip(sink, &ev, &p),
        }
    }
    let pick = docs
        .iter()
        .position(|d| d.section_name.is_some() && d.name.to_ascii_lowercase().ends_with(".pq"))
        .or_else(|| docs.iter().position(|d| d.section_name.is_some()))
        .or(if docs.is_empty() { None } else { Some(0) });
    c.document = pick.map(|i| docs.swap_remove(i));
    // the modules: the same reader, the same limit per entry, the same decoding
    for e in entries.iter().filter(|e| !e.is_dir && is_module(&e.name)) {
        let ev = a.entry_vpath(&e.name);
        match a.read(e, MAX_TEXT_FILE) {
            Ok(bytes) => {
                let (text, issue) = decode(&bytes);
                c.module_documents
                    .push(Document::parse_module(&e.name, &ev, text, issue));
            }
            Err(p) => report_zip(sink, &ev, &p),
        }
    }
    if let Some(e) = a
        .root_files()
        .into_iter()
        .find(|e| e.name.eq_ignore_ascii_case("resources.resx"))
        .cloned()
    {
        let ev = a.entry_vpath(&e.name);
        match a.read(&e, MAX_TEXT_FILE) {
            Ok(bytes) => c.resx = Some(read_resx(&ev, &bytes)),
            Err(p) => report_zip(sink, &ev, &p),
        }
    }
    for e in entries
        .iter()
        .filter(|e| !e.is_dir && e.name.to_ascii_lowercase().ends_with(".png"))
    {
        let ev = a.entry_vpath(&e.name);
        let size = match a.read(e, MAX_ICON) {
            Ok(bytes) => png_size(&bytes),
            Err(crate::read::zip::ZipProblem::Limit(_)) => None,
            Err(p) => {
                report_zip(sink, &ev, &p);
                None
            }
        };
        c.icons.push(IconFile {
            name: e.name.clone(),
            vpath: ev,
            size,
        });
    }
    c
}

/// The pixel size of a PNG, from its header.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let d = png::Decoder::new(std::io::Cursor::new(bytes));
    let r = d.read_info().ok()?;
    let info = r.info();
    Some((info.width, info.height))
}

fn read_resx(vpath: &str, bytes: &[u8]) -> Resx {
    let (text, _) = decode(bytes);
    let mut out = Resx {
        vpath: vpath.to_owned(),
        ..Resx::default()
    };
    match crate::read::xml::parse(&text) {
        Ok(doc) => {
            let lines = LineIndex::new(&text);
            for d in doc
                .root_element()
                .children()
                .filter(|n| crate::read::xml::is(*n, "data"))
            {
                let Some(name) = crate::read::xml::attr(d, "name") else {
                    continue;
                };
                let value = crate::read::xml::child_text(d, "value").unwrap_or_default();
                let (l, c) = lines.line_col(&text, d.range().start);
                out.strings.push((name.to_owned(), value, l, c));
            }
        }
        Err(e) => out.error = Some(e),
    }
    out
}

impl PqConnector {
    /// What the documentation article is drafted and checked against, read from the
    /// section document: its name, the Data Source Kind's label and authentication
    /// kinds, `Beta` from the Publish record, the data source function (the shared
    /// function of the kind) and its parameters, the version adornment. `None` when
    /// the archive holds no section document.
    pub fn doc_facts(&self) -> Option<docs::DocFacts> {
        let doc = self.document.as_ref()?;
        // a text, or a string of resources.resx read with Extension.LoadString
        let text = |l: &Literal| match l {
            Literal::Text(t) => Some(t.clone()),
            Literal::Resource(key) => self
                .resx
                .as_ref()
                .and_then(|r| r.get(key))
                .map(str::to_owned),
            _ => None,
        };
        let kind = doc.kinds.iter().find(|k| k.defined).or(doc.kinds.first());
        let name = kind
            .map(|k| k.name.clone())
            .or_else(|| doc.section_name.clone())
            .unwrap_or_default();
        let function = doc
            .functions
            .iter()
            .find(|f| f.kind.is_some())
            .or(doc.functions.first())
            .map(|f| docs::DocFunction {
                name: f.name.clone(),
                parameters: f
                    .params
                    .iter()
                    .map(|p| {
                        (
                            p.name.clone(),
                            p.type_name.clone().unwrap_or_else(|| "any".into()),
                            p.optional,
                        )
                    })
                    .collect(),
                description: None,
            });
        Some(docs::DocFacts {
            name,
            label: kind.and_then(|k| k.label.as_ref()).and_then(text),
            beta: doc
                .publish
                .iter()
                .any(|p| matches!(p.beta, Some((Literal::Logical(true), _)))),
            auth_kinds: kind
                .and_then(|k| k.authentication.as_ref())
                .map(|a| a.iter().map(|k| k.name.clone()).collect())
                .unwrap_or_default(),
            function,
            version: doc.version.as_ref().and_then(|(l, _)| text(l)),
        })
    }
}

#[cfg(test)]
mod tests;
