//! A tolerant scanner of M section documents (power-query.md §4.1–4.3).
//!
//! It never evaluates anything and never recurses: one pass turns the text into
//! tokens (comments dropped; text literals with `""` escapes, `#"quoted
//! identifiers"` and `#!"verbatim"` literals kept whole), a stack on the heap pairs
//! `(` `)`, `[` `]` and `{` `}`, and a second pass splits the section document into
//! its members, each ending with `;` at depth 0. Both passes are linear in the text;
//! the token list is capped at [`MAX_TOKENS`]. Problems (an unterminated literal or
//! comment, an unbalanced bracket, a member without `;`) are [`Issue`]s with a byte
//! offset, and scanning goes on with what could be read.

use std::ops::Range;

/// The most tokens one document is scanned into (a document past it is reported
/// and scanned no further: real connectors have some tens of thousands).
pub const MAX_TOKENS: usize = 2_000_000;

/// The most issues kept for one document.
const MAX_ISSUES: usize = 20;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    /// A regular identifier or keyword, dots between parts included
    /// (`HelloWorld.Contents`, `shared`), or a `#` keyword (`#shared`, `#table`).
    Ident,
    /// A quoted identifier `#"…"`.
    Quoted,
    /// A text literal `"…"` (or a verbatim literal `#!"…"`).
    Text,
    /// A number literal.
    Number,
    /// One of `( ) [ ] { } ; = ,`.
    Punct(u8),
    /// Any other operator (`=>`, `<>`, `&`, `+`, …).
    Op,
}

/// One token: what it is, its bytes, and for a bracket the index of its partner.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    /// Its kind.
    pub kind: Tok,
    /// Byte offset of its first byte.
    pub start: usize,
    /// Byte offset after its last byte.
    pub end: usize,
    /// For an opening or closing bracket, the index of the matching one
    /// ([`NO_PAIR`] when it has none).
    pub pair: u32,
}

/// [`Token::pair`] of a token without a partner.
pub const NO_PAIR: u32 = u32::MAX;

/// A problem found while scanning, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Byte offset in the text.
    pub offset: usize,
    /// One sentence.
    pub message: String,
}

/// A scanned text: its tokens and what went wrong.
#[derive(Debug, Clone, Default)]
pub struct Scanned {
    /// The tokens, comments and whitespace left out.
    pub tokens: Vec<Token>,
    /// Problems, at most a few.
    pub issues: Vec<Issue>,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident_part(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn push_issue(issues: &mut Vec<Issue>, offset: usize, message: String) {
    if issues.len() < MAX_ISSUES {
        issues.push(Issue { offset, message });
    }
}

/// The end of a `"…"` literal whose opening quote is at `open`, and whether it was
/// closed (`""` is an escaped quote).
fn end_of_quoted(bytes: &[u8], open: usize) -> (usize, bool) {
    let mut i = open + 1;
    while let Some(off) = memchr::memchr(b'"', &bytes[i.min(bytes.len())..]) {
        let q = i + off;
        if bytes.get(q + 1) == Some(&b'"') {
            i = q + 2;
        } else {
            return (q + 1, true);
        }
    }
    (bytes.len(), false)
}

/// Scans `text` into tokens and pairs its brackets.
pub fn scan(text: &str) -> Scanned {
    let bytes = text.as_bytes();
    let mut tokens: Vec<Token> = Vec::new();
    let mut issues = Vec::new();
    let mut open: Vec<u32> = Vec::new();
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        if tokens.len() >= MAX_TOKENS {
            push_issue(
                &mut issues,
                i,
                format!("the document has more than {MAX_TOKENS} tokens; the rest was not read"),
            );
            break;
        }
        let b = bytes[i];
        let start = i;
        let kind = match b {
            b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c => {
                i += 1;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(n, |o| i + o + 1);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                match memchr::memmem::find(&bytes[i + 2..], b"*/") {
                    Some(o) => i = i + 2 + o + 2,
                    None => {
                        push_issue(
                            &mut issues,
                            start,
                            "a `/*` comment is never closed with `*/`".into(),
                        );
                        i = n;
                    }
                }
                continue;
            }
            b'"' => {
                let (end, closed) = end_of_quoted(bytes, i);
                if !closed {
                    push_issue(
                        &mut issues,
                        start,
                        "a text literal is never closed with `\"`".into(),
                    );
                }
                i = end;
                Tok::Text
            }
            b'#' if bytes.get(i + 1) == Some(&b'"') => {
                let (end, closed) = end_of_quoted(bytes, i + 1);
                if !closed {
                    push_issue(
                        &mut issues,
                        start,
                        "a quoted identifier `#\"…\"` is never closed".into(),
                    );
                }
                i = end;
                Tok::Quoted
            }
            b'#' if bytes.get(i + 1) == Some(&b'!') && bytes.get(i + 2) == Some(&b'"') => {
                let (end, closed) = end_of_quoted(bytes, i + 2);
                if !closed {
                    push_issue(
                        &mut issues,
                        start,
                        "a verbatim literal `#!\"…\"` is never closed".into(),
                    );
                }
                i = end;
                Tok::Text
            }
            b'#' if bytes.get(i + 1).is_some_and(|&c| is_ident_start(c)) => {
                i += 1;
                while i < n && is_ident_part(bytes[i]) {
                    i += 1;
                }
                Tok::Ident
            }
            _ if is_ident_start(b) => {
                i += 1;
                while i < n
                    && (is_ident_part(bytes[i])
                        || (bytes[i] == b'.'
                            && bytes.get(i + 1).is_some_and(|&c| is_ident_start(c))))
                {
                    i += 1;
                }
                Tok::Ident
            }
            b'0'..=b'9' => {
                i += 1;
                while i < n
                    && (bytes[i].is_ascii_alphanumeric()
                        || (bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
                        || ((bytes[i] == b'+' || bytes[i] == b'-')
                            && matches!(bytes[i - 1], b'e' | b'E')))
                {
                    i += 1;
                }
                Tok::Number
            }
            b'(' | b')' | b'[' | b']' | b'{' | b'}' | b';' | b',' => {
                i += 1;
                Tok::Punct(b)
            }
            b'=' if bytes.get(i + 1) == Some(&b'>') => {
                i += 2;
                Tok::Op
            }
            b'=' => {
                i += 1;
                Tok::Punct(b'=')
            }
            b'<' if matches!(bytes.get(i + 1), Some(b'=' | b'>')) => {
                i += 2;
                Tok::Op
            }
            b'>' if bytes.get(i + 1) == Some(&b'=') => {
                i += 2;
                Tok::Op
            }
            _ => {
                // ASCII here: every byte from 0x80 up starts an identifier
                i += 1;
                Tok::Op
            }
        };
        let idx = u32::try_from(tokens.len()).unwrap_or(NO_PAIR);
        let mut pair = NO_PAIR;
        if let Tok::Punct(b'(' | b'[' | b'{') = kind {
            open.push(idx);
        } else if let Tok::Punct(c @ (b')' | b']' | b'}')) = kind {
            let want = match c {
                b')' => b'(',
                b']' => b'[',
                _ => b'{',
            };
            match open.last().copied() {
                Some(o) if tokens[o as usize].kind == Tok::Punct(want) => {
                    open.pop();
                    tokens[o as usize].pair = idx;
                    pair = o;
                }
                Some(o) => push_issue(
                    &mut issues,
                    start,
                    format!(
                        "`{}` closes a `{}`: the brackets are not balanced",
                        c as char, bytes[tokens[o as usize].start] as char
                    ),
                ),
                None => push_issue(
                    &mut issues,
                    start,
                    format!(
                        "`{}` closes nothing: the brackets are not balanced",
                        c as char
                    ),
                ),
            }
        }
        tokens.push(Token {
            kind,
            start,
            end: i,
            pair,
        });
    }
    if let Some(&o) = open.first() {
        let t = tokens[o as usize];
        push_issue(
            &mut issues,
            t.start,
            format!(
                "`{}` is never closed ({} bracket(s) left open at the end)",
                bytes[t.start] as char,
                open.len()
            ),
        );
    }
    Scanned { tokens, issues }
}

/// The value of a text literal token (`"a ""b"""` is `a "b"`; a verbatim literal's
/// text as written).
pub fn text_value(text: &str, t: &Token) -> String {
    let raw = text.get(t.start..t.end).unwrap_or("");
    let raw = raw.strip_prefix("#!").unwrap_or(raw);
    let raw = raw.strip_prefix('#').unwrap_or(raw);
    let inner = raw.strip_prefix('"').unwrap_or(raw);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    inner.replace("\"\"", "\"")
}

/// A scanned section document: tokens split into the adornment, the section name
/// and the members.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// Token range of the literal-attributes record before `section` (`[Version = …]`).
    pub adornment: Option<Range<usize>>,
    /// The section's name and its token index.
    pub name: Option<(String, usize)>,
    /// The members, in order.
    pub members: Vec<Member>,
    /// Problems with the document's shape.
    pub issues: Vec<Issue>,
}

/// One member of a section document: `[attributes]? shared? Name = expression;`.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member's name (a quoted name without its `#"…"`).
    pub name: String,
    /// Whether it is `shared` (exported).
    pub shared: bool,
    /// Token range of its literal-attributes record, brackets included.
    pub attributes: Option<Range<usize>>,
    /// Token index of its name.
    pub name_token: usize,
    /// Token range of its expression (without the `;`).
    pub expr: Range<usize>,
    /// Byte range of the whole member, attributes to `;`.
    pub span: Range<usize>,
}

/// The name of an identifier token (a quoted one without its quotes).
pub fn ident_name(text: &str, t: &Token) -> String {
    match t.kind {
        Tok::Quoted => text_value(text, t),
        _ => text.get(t.start..t.end).unwrap_or("").to_owned(),
    }
}

/// The index after the token at `i`, skipping over a bracketed group that opens at
/// `i` (to the end when it is never closed).
pub fn skip(tokens: &[Token], i: usize) -> usize {
    match tokens.get(i) {
        Some(t) if matches!(t.kind, Tok::Punct(b'(' | b'[' | b'{')) => {
            if t.pair == NO_PAIR {
                tokens.len()
            } else {
                t.pair as usize + 1
            }
        }
        _ => i + 1,
    }
}

/// Splits a scanned document into its adornment, section name and members.
pub fn split(text: &str, s: &Scanned) -> Section {
    let toks = &s.tokens;
    let mut out = Section::default();
    let is = |i: usize, word: &str| {
        toks.get(i)
            .is_some_and(|t| t.kind == Tok::Ident && text.get(t.start..t.end) == Some(word))
    };
    let punct = |i: usize, c: u8| toks.get(i).is_some_and(|t| t.kind == Tok::Punct(c));
    let at = |i: usize| toks.get(i).map_or(text.len(), |t| t.start);
    let mut i = 0;
    if punct(0, b'[') {
        let end = skip(toks, 0);
        out.adornment = Some(0..end);
        i = end;
    }
    if !is(i, "section") {
        out.issues.push(Issue {
            offset: at(i),
            message: "the document does not start with `section Name;`: it is an expression, not a section document"
                .into(),
        });
        return out;
    }
    i += 1;
    match toks.get(i) {
        Some(t) if matches!(t.kind, Tok::Ident | Tok::Quoted) => {
            out.name = Some((ident_name(text, t), i));
            i += 1;
        }
        _ => out.issues.push(Issue {
            offset: at(i),
            message: "`section` is not followed by the section's name".into(),
        }),
    }
    if punct(i, b';') {
        i += 1;
    } else {
        out.issues.push(Issue {
            offset: at(i),
            message: "the section's name is not followed by `;`".into(),
        });
    }
    while i < toks.len() {
        let first = i;
        let mut attributes = None;
        if punct(i, b'[') {
            let end = skip(toks, i);
            attributes = Some(i..end);
            i = end;
        }
        let shared = is(i, "shared");
        if shared {
            i += 1;
        }
        let named = toks
            .get(i)
            .filter(|t| matches!(t.kind, Tok::Ident | Tok::Quoted))
            .copied();
        let good = named.is_some() && punct(i + 1, b'=');
        let name_token = i;
        if good {
            i += 2;
        } else if out.issues.len() < MAX_ISSUES {
            out.issues.push(Issue {
                offset: at(i),
                message: "a member does not have the shape `Name = expression;`".into(),
            });
        }
        let expr_start = i;
        while i < toks.len() && !punct(i, b';') {
            i = skip(toks, i);
        }
        let expr_end = i.min(toks.len());
        let closed = i < toks.len();
        if let (true, Some(t)) = (good, named) {
            let end = if closed {
                toks[i].end
            } else {
                toks.last().map_or(text.len(), |t| t.end)
            };
            if !closed {
                out.issues.push(Issue {
                    offset: t.start,
                    message: format!(
                        "the member `{}` does not end with `;`",
                        ident_name(text, &t)
                    ),
                });
            }
            out.members.push(Member {
                name: ident_name(text, &t),
                shared,
                attributes,
                name_token,
                expr: expr_start..expr_end,
                span: toks[first].start..end,
            });
        }
        i += 1;
    }
    out
}

/// One field of a record literal or expression: `Name = value`.
#[derive(Debug, Clone)]
pub struct Field {
    /// The field's name.
    pub name: String,
    /// Token index of the name.
    pub name_token: usize,
    /// Token range of its value.
    pub value: Range<usize>,
}

/// The fields of the record that `range` is (it must start with `[` and the record
/// must end the range, or be followed by `meta …`); `None` when it is not a record.
pub fn record_fields(text: &str, toks: &[Token], range: Range<usize>) -> Option<Vec<Field>> {
    let t = toks.get(range.start)?;
    if t.kind != Tok::Punct(b'[') || t.pair == NO_PAIR {
        return None;
    }
    let close = t.pair as usize;
    if close >= range.end {
        return None;
    }
    let mut fields = Vec::new();
    let mut i = range.start + 1;
    while i < close {
        let name = toks[i];
        let ok = matches!(name.kind, Tok::Ident | Tok::Quoted)
            && toks.get(i + 1).is_some_and(|t| t.kind == Tok::Punct(b'='));
        let value_start = if ok { i + 2 } else { i };
        let mut j = value_start;
        while j < close && toks[j].kind != Tok::Punct(b',') {
            j = skip(toks, j);
        }
        let j = j.min(close);
        if ok {
            fields.push(Field {
                name: ident_name(text, &name),
                name_token: i,
                value: value_start..j,
            });
        }
        i = j + 1;
    }
    Some(fields)
}

/// The items of the list that `range` is (`{ a, b }`), each a token range; `None`
/// when it is not a list.
pub fn list_items(toks: &[Token], range: Range<usize>) -> Option<Vec<Range<usize>>> {
    let t = toks.get(range.start)?;
    if t.kind != Tok::Punct(b'{') || t.pair == NO_PAIR {
        return None;
    }
    Some(split_commas(toks, range.start + 1, t.pair as usize))
}

/// The comma-separated items between tokens `from` and `close` (exclusive), each a
/// token range; nested brackets are skipped whole, empty items dropped.
pub fn split_commas(toks: &[Token], from: usize, close: usize) -> Vec<Range<usize>> {
    let mut items = Vec::new();
    let mut i = from;
    while i < close {
        let start = i;
        while i < close && toks[i].kind != Tok::Punct(b',') {
            i = skip(toks, i);
        }
        let end = i.min(close);
        if end > start {
            items.push(start..end);
        }
        i = end + 1;
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Tok> {
        scan(text).tokens.iter().map(|t| t.kind).collect()
    }

    #[test]
    fn literals_comments_and_identifiers() {
        let t = r##"a.b = "x "" // y" /* c */ #"q ""r""" // z
            #!"v" #shared 1.5e+3;"##;
        let s = scan(t);
        assert!(s.issues.is_empty(), "{:?}", s.issues);
        assert_eq!(
            kinds(t),
            [
                Tok::Ident,
                Tok::Punct(b'='),
                Tok::Text,
                Tok::Quoted,
                Tok::Text,
                Tok::Ident,
                Tok::Number,
                Tok::Punct(b';')
            ]
        );
        assert_eq!(text_value(t, &s.tokens[2]), "x \" // y");
        assert_eq!(ident_name(t, &s.tokens[3]), "q \"r\"");
        assert_eq!(text_value(t, &s.tokens[4]), "v");
    }

    #[test]
    fn unterminated_and_unbalanced_are_issues() {
        for (t, want) in [
            ("a = \"open", "never closed"),
            ("a = /* open", "never closed"),
            ("a = #\"open", "never closed"),
            ("a = (1];", "not balanced"),
            ("a = 1);", "closes nothing"),
            ("a = ((1;", "never closed"),
        ] {
            let s = scan(t);
            assert!(
                s.issues.iter().any(|i| i.message.contains(want)),
                "{t}: {:?}",
                s.issues
            );
        }
    }

    #[test]
    fn deep_nesting_is_linear_and_flat() {
        let t = format!(
            "section S; x = {}1{};",
            "(".repeat(100_000),
            ")".repeat(100_000)
        );
        let s = scan(&t);
        assert!(s.issues.is_empty());
        let sec = split(&t, &s);
        assert_eq!(sec.members.len(), 1);
        let open = format!("section S; x = {}1;", "[".repeat(100_000));
        let s = scan(&open);
        assert!(!s.issues.is_empty());
        let sec = split(&open, &s);
        assert!(
            sec.issues
                .iter()
                .any(|i| i.message.contains("does not end"))
        );
    }

    #[test]
    fn split_finds_adornment_section_and_members() {
        let t = "\u{feff}[\n Version = \"1.0.0\" // c\n]\nsection Hello;\n\n[DataSource.Kind=\"Hello\", Publish=\"Hello.Publish\"]\nshared Hello.Contents = (x as text) => x & \";\";\nHello = [ Authentication = [ Anonymous = [] ], Label = \"L\" ];\n#\"odd name\" = {1, {2, 3}};";
        let t = t.trim_start_matches('\u{feff}');
        let s = scan(t);
        let sec = split(t, &s);
        assert!(sec.issues.is_empty(), "{:?}", sec.issues);
        assert_eq!(sec.name.as_ref().map(|n| n.0.as_str()), Some("Hello"));
        let names: Vec<_> = sec
            .members
            .iter()
            .map(|m| (m.name.as_str(), m.shared))
            .collect();
        assert_eq!(
            names,
            [
                ("Hello.Contents", true),
                ("Hello", false),
                ("odd name", false)
            ]
        );
        let adorn = record_fields(t, &s.tokens, sec.adornment.clone().unwrap()).unwrap();
        assert_eq!(adorn[0].name, "Version");
        let attrs =
            record_fields(t, &s.tokens, sec.members[0].attributes.clone().unwrap()).unwrap();
        assert_eq!(attrs.len(), 2);
        let kind = record_fields(t, &s.tokens, sec.members[1].expr.clone()).unwrap();
        assert_eq!(
            kind.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["Authentication", "Label"]
        );
        let list = list_items(&s.tokens, sec.members[2].expr.clone()).unwrap();
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn expression_documents_are_not_sections() {
        let t = "let a = 1 in a";
        let sec = split(t, &scan(t));
        assert!(sec.issues[0].message.contains("not a section document"));
    }
}
