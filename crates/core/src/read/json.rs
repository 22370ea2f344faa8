//! A JSON reader that keeps where everything is.
//!
//! Connector files in the wild are not always strict JSON (peers.md §5: trailing
//! commas, BOMs, cp1252 bytes, duplicate keys, raw tabs in strings). This reader
//! reports each of those as a [`JsonIssue`] with a byte offset, recovers where the
//! intent is clear (trailing comma, comment, raw control character, BOM, stray bytes)
//! so content rules can still run, and only gives up on real syntax errors. Every
//! value keeps its byte span, so a JSON pointer maps to line:column.

use foldhash::HashSet;
use std::fmt::Write as _;

/// A parsed document: the tree (when it could be built), the issues found and the
/// text it was parsed from.
#[derive(Debug)]
pub struct JsonDoc {
    /// The root value; `None` when a syntax error stopped the parse.
    pub root: Option<Value>,
    /// Problems found, in order.
    pub issues: Vec<JsonIssue>,
    text: String,
    lines: LineIndex,
}

/// A value with its byte span in the decoded text.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The value.
    pub kind: Kind,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset past the last character.
    pub end: usize,
}

/// The JSON value kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number (its source text is the value's span of the document's text).
    Number(f64),
    /// A string (unescaped).
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, members in source order (duplicates kept).
    Object(Vec<Member>),
}

/// An object member.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key (unescaped).
    pub key: String,
    /// Byte offset of the key's opening quote.
    pub key_start: usize,
    /// The value.
    pub value: Value,
}

/// A problem found while reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonIssue {
    /// Not valid JSON at `offset` (JSON-01). `fatal` when no tree could be built.
    Syntax {
        /// Byte offset in the decoded text.
        offset: usize,
        /// What is wrong.
        message: String,
        /// The usual cause and fix.
        hint: &'static str,
        /// Whether parsing stopped here.
        fatal: bool,
        /// Json.NET (the .NET reader behind Microsoft's validators) reads past it
        /// too: trailing commas, comments, raw control characters in strings.
        lenient: bool,
    },
    /// The same key twice in one object (JSON-02).
    DuplicateKey {
        /// Pointer of the object member.
        pointer: String,
        /// Byte offset of the second key.
        offset: usize,
    },
    /// The file starts with a UTF-8 byte order mark (JSON-03, info).
    Bom,
    /// The bytes are not UTF-8 (JSON-03, error); the first bad byte is at `byte_offset`.
    NotUtf8 {
        /// Offset in the raw bytes.
        byte_offset: usize,
    },
}

const MAX_DEPTH: usize = 256;

impl JsonDoc {
    /// Parses raw bytes (any encoding problem is an issue, never a failure).
    pub fn parse(bytes: &[u8]) -> JsonDoc {
        let mut issues = Vec::new();
        let mut body = bytes;
        if body.starts_with(&[0xEF, 0xBB, 0xBF]) {
            issues.push(JsonIssue::Bom);
            body = &body[3..];
        }
        let text = match std::str::from_utf8(body) {
            Ok(s) => s.to_owned(),
            Err(e) => {
                let skipped = bytes.len() - body.len();
                issues.push(JsonIssue::NotUtf8 {
                    byte_offset: e.valid_up_to() + skipped,
                });
                String::from_utf8_lossy(body).into_owned()
            }
        };
        let mut p = Parser {
            t: &text,
            s: text.as_bytes(),
            pos: 0,
            issues: Vec::new(),
            path: Vec::new(),
        };
        let root = p.document();
        issues.extend(p.issues);
        let lines = LineIndex::new(&text);
        JsonDoc {
            root,
            issues,
            text,
            lines,
        }
    }

    /// The decoded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        self.lines.line_col(&self.text, offset)
    }

    /// The value at a JSON pointer, if the tree was built and the pointer resolves.
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        self.root.as_ref()?.pointer(pointer)
    }

    /// Line and column of the value at `pointer`, or of the nearest existing parent.
    pub fn locate(&self, pointer: &str) -> Option<(u32, u32)> {
        let root = self.root.as_ref()?;
        let mut p = pointer.to_owned();
        loop {
            if let Some(v) = root.pointer(&p) {
                return Some(self.line_col(member_offset(root, &p).unwrap_or(v.start)));
            }
            match p.rfind('/') {
                Some(i) => p.truncate(i),
                None => return None,
            }
        }
    }

    /// True when no tree could be built.
    pub fn is_fatal(&self) -> bool {
        self.root.is_none()
    }
}

/// Offset of the key of the member that `pointer` names (so a finding points at
/// `"title": ...` rather than at the value), when the parent is an object.
fn member_offset(root: &Value, pointer: &str) -> Option<usize> {
    let i = pointer.rfind('/')?;
    let parent = root.pointer(&pointer[..i])?;
    let key = unescape_token(&pointer[i + 1..]);
    match &parent.kind {
        Kind::Object(m) => m.iter().rev().find(|m| m.key == key).map(|m| m.key_start),
        _ => None,
    }
}

/// Escapes a key for use as a JSON pointer token (`~` → `~0`, `/` → `~1`).
pub fn escape_token(key: &str) -> std::borrow::Cow<'_, str> {
    if key.contains(['~', '/']) {
        std::borrow::Cow::Owned(key.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(key)
    }
}

fn unescape_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        std::borrow::Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

impl Value {
    /// Follows a JSON pointer (`""` is the value itself).
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut v = self;
        for raw in rest.split('/') {
            let token = unescape_token(raw);
            v = match &v.kind {
                Kind::Object(members) => &members.iter().rev().find(|m| m.key == token)?.value,
                Kind::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(v)
    }

    /// The member `key` of an object (the last one, as parsers keep).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match &self.kind {
            Kind::Object(members) => members
                .iter()
                .rev()
                .find(|m| m.key == key)
                .map(|m| &m.value),
            _ => None,
        }
    }

    /// The member whose key equals `key` ignoring ASCII case.
    pub fn get_ignore_case(&self, key: &str) -> Option<&Value> {
        match &self.kind {
            Kind::Object(members) => members
                .iter()
                .rev()
                .find(|m| m.key.eq_ignore_ascii_case(key))
                .map(|m| &m.value),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match &self.kind {
            Kind::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self.kind {
            Kind::Number(n) => Some(n),
            _ => None,
        }
    }

    /// Converts to a `serde_json::Value` (last duplicate key wins).
    pub fn to_serde(&self) -> serde_json::Value {
        match &self.kind {
            Kind::Null => serde_json::Value::Null,
            Kind::Bool(b) => serde_json::Value::Bool(*b),
            Kind::Number(n) => {
                #[allow(clippy::cast_possible_truncation)]
                let int =
                    (n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15).then_some(*n as i64);
                match int {
                    Some(i) => serde_json::Value::Number(i.into()),
                    None => serde_json::Number::from_f64(*n)
                        .map_or(serde_json::Value::Null, serde_json::Value::Number),
                }
            }
            Kind::String(s) => serde_json::Value::String(s.clone()),
            Kind::Array(a) => serde_json::Value::Array(a.iter().map(Value::to_serde).collect()),
            Kind::Object(m) => {
                let mut map = serde_json::Map::new();
                for member in m {
                    map.insert(member.key.clone(), member.value.to_serde());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}

/// Maps byte offsets to 1-based line and column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 1-based line and column (columns count characters).
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (
            u32::try_from(line + 1).unwrap_or(u32::MAX),
            u32::try_from(col + 1).unwrap_or(u32::MAX),
        )
    }
}

struct Parser<'a> {
    t: &'a str,
    s: &'a [u8],
    pos: usize,
    issues: Vec<JsonIssue>,
    /// Where the parser is, as the spans of the keys (of the raw text) and array
    /// indexes on the way down: only a duplicate key's finding turns it into a
    /// pointer, so nothing is copied for the others.
    path: Vec<Seg>,
}

#[derive(Clone, Copy)]
enum Seg {
    Key(usize, usize),
    Index(usize),
}

struct Fatal;

impl Parser<'_> {
    fn document(&mut self) -> Option<Value> {
        self.ws();
        if self.pos >= self.s.len() {
            self.fatal(
                "the file is empty: expected a JSON value",
                "an empty file is not JSON; put `{}` in it",
            );
            return None;
        }
        let v = self.value(0).ok()?;
        self.ws();
        if self.pos < self.s.len() {
            self.issues.push(JsonIssue::Syntax {
                offset: self.pos,
                message: "unexpected data after the end of the JSON value".into(),
                hint: "remove what follows the closing bracket (often a second object pasted in)",
                fatal: false,
                lenient: false,
            });
        }
        Some(v)
    }

    fn fatal(&mut self, message: &str, hint: &'static str) {
        self.issues.push(JsonIssue::Syntax {
            offset: self.pos,
            message: message.into(),
            hint,
            fatal: true,
            lenient: false,
        });
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    /// Skips whitespace and comments (comments are reported, then skipped).
    fn ws(&mut self) {
        loop {
            while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
                self.pos += 1;
            }
            if self.peek() == Some(b'/') && matches!(self.s.get(self.pos + 1), Some(b'/' | b'*')) {
                let at = self.pos;
                let block = self.s[self.pos + 1] == b'*';
                self.pos += 2;
                if block {
                    while self.pos < self.s.len() && !self.s[self.pos..].starts_with(b"*/") {
                        self.pos += 1;
                    }
                    self.pos = (self.pos + 2).min(self.s.len());
                } else {
                    while self.pos < self.s.len() && self.s[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                self.issues.push(JsonIssue::Syntax {
                    offset: at,
                    message: "comments are not allowed in JSON".into(),
                    hint: "remove the comment; JSON has no comment syntax",
                    fatal: false,
                    lenient: true,
                });
                continue;
            }
            return;
        }
    }

    fn pointer(&self) -> String {
        let mut p = String::new();
        for seg in &self.path {
            match *seg {
                Seg::Key(a, b) => {
                    let raw = self.t.get(a..b).unwrap_or("");
                    // a key with escapes is decoded the way the reader decodes it
                    let key = if raw.contains('\\') {
                        serde_json::from_str::<String>(&format!("\"{raw}\""))
                            .unwrap_or_else(|_| raw.to_owned())
                    } else {
                        raw.to_owned()
                    };
                    let _ = write!(p, "/{}", escape_token(&key));
                }
                Seg::Index(i) => {
                    let _ = write!(p, "/{i}");
                }
            }
        }
        p
    }

    fn value(&mut self, depth: usize) -> Result<Value, Fatal> {
        if depth > MAX_DEPTH {
            self.fatal("nesting is deeper than 256 levels", "flatten the structure");
            return Err(Fatal);
        }
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b'\'') => {
                self.fatal(
                    "strings must use double quotes",
                    "replace the single quotes with double quotes",
                );
                return Err(Fatal);
            }
            Some(_) => {
                self.fatal(
                    "expected a value",
                    "look for a missing value, or a missing comma before this point",
                );
                return Err(Fatal);
            }
            None => {
                self.fatal(
                    "the file ends in the middle of a value",
                    "the file is cut short: close every `{` and `[`",
                );
                return Err(Fatal);
            }
        };
        Ok(Value {
            kind,
            start,
            end: self.pos,
        })
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<Kind, Fatal> {
        if self.s[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            self.fatal(
                "expected a value",
                "unquoted text: put strings in double quotes",
            );
            Err(Fatal)
        }
    }

    fn number(&mut self) -> Result<Kind, Fatal> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.pos;
            while let Some(b'0'..=b'9') = p.peek() {
                p.pos += 1;
            }
            p.pos > s
        };
        if !digits(self) {
            self.fatal(
                "invalid number",
                "a number needs digits after the minus sign",
            );
            return Err(Fatal);
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                self.fatal(
                    "invalid number",
                    "a number needs digits after the decimal point",
                );
                return Err(Fatal);
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !digits(self) {
                self.fatal("invalid number", "an exponent needs digits");
                return Err(Fatal);
            }
        }
        let n = self
            .t
            .get(start..self.pos)
            .and_then(|raw| raw.parse::<f64>().ok())
            .unwrap_or(f64::NAN);
        Ok(Kind::Number(n))
    }

    fn string(&mut self) -> Result<String, Fatal> {
        let open = self.pos;
        self.pos += 1;
        // Fast path: most strings have no escapes and no control characters. The text
        // is UTF-8 and `"` is ASCII, so the slice up to the closing quote is UTF-8.
        let rest = &self.s[self.pos..];
        if let Some(n) = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            && rest[n] == b'"'
            // both ends are ASCII, so on char boundaries: no validation needed
            && let Some(s) = self.t.get(self.pos..self.pos + n)
        {
            self.pos += n + 1;
            return Ok(s.to_owned());
        }
        let mut out = Vec::new();
        let mut control_reported = false;
        loop {
            let Some(b) = self.peek() else {
                self.pos = open;
                self.fatal("a string is never closed", "add the closing double quote");
                return Err(Fatal);
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\\' => {
                    self.pos += 1;
                    let Some(e) = self.peek() else { continue };
                    self.pos += 1;
                    match e {
                        b'"' => out.push(b'"'),
                        b'\\' => out.push(b'\\'),
                        b'/' => out.push(b'/'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let c = self.unicode_escape()?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => {
                            self.pos -= 2;
                            self.fatal("invalid escape sequence", "escape a backslash as `\\\\`");
                            return Err(Fatal);
                        }
                    }
                }
                0..=0x1F => {
                    if b == b'\n' {
                        self.pos = open;
                        self.fatal(
                            "a string is never closed on its line",
                            "add the closing double quote",
                        );
                        return Err(Fatal);
                    }
                    if !control_reported {
                        self.issues.push(JsonIssue::Syntax {
                            offset: self.pos,
                            message: "raw control character (such as a tab) inside a string".into(),
                            hint: "write a tab as `\\t`; other control characters as `\\u00XX`",
                            fatal: false,
                            lenient: true,
                        });
                        control_reported = true;
                    }
                    out.push(b);
                    self.pos += 1;
                }
                _ => {
                    out.push(b);
                    self.pos += 1;
                }
            }
        }
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    fn hex4(&mut self) -> Result<u32, Fatal> {
        let Some(h) = self.s.get(self.pos..self.pos + 4) else {
            self.fatal("invalid \\u escape", "a \\u escape takes four hex digits");
            return Err(Fatal);
        };
        let parsed = std::str::from_utf8(h)
            .ok()
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match parsed {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => {
                self.fatal("invalid \\u escape", "a \\u escape takes four hex digits");
                Err(Fatal)
            }
        }
    }

    fn unicode_escape(&mut self) -> Result<char, Fatal> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) && self.s[self.pos..].starts_with(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            let lo = self.hex4()?;
            if (0xDC00..0xE000).contains(&lo) {
                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            self.pos = save;
        }
        Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }

    fn array(&mut self, depth: usize) -> Result<Kind, Fatal> {
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Kind::Array(items));
        }
        loop {
            self.path.push(Seg::Index(items.len()));
            let v = self.value(depth + 1);
            self.path.pop();
            items.push(v?);
            self.ws();
            match self.peek() {
                Some(b',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.ws();
                    if self.peek() == Some(b']') {
                        self.trailing_comma(comma);
                        self.pos += 1;
                        return Ok(Kind::Array(items));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Kind::Array(items));
                }
                None => {
                    self.fatal("the file ends inside an array", "close the array with `]`");
                    return Err(Fatal);
                }
                Some(_) => {
                    self.fatal(
                        "expected `,` or `]` after an array item",
                        "a comma is missing between two items",
                    );
                    return Err(Fatal);
                }
            }
        }
    }

    fn trailing_comma(&mut self, at: usize) {
        self.issues.push(JsonIssue::Syntax {
            offset: at,
            message: "trailing comma before the closing bracket".into(),
            hint: "remove the comma after the last item",
            fatal: false,
            lenient: true,
        });
    }

    fn object(&mut self, depth: usize) -> Result<Kind, Fatal> {
        self.pos += 1;
        let mut members: Vec<Member> = Vec::new();
        let mut seen: Option<HashSet<String>> = None;
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Kind::Object(members));
        }
        loop {
            match self.peek() {
                Some(b'"') => {}
                None => {
                    self.fatal(
                        "the file ends inside an object",
                        "close the object with `}`",
                    );
                    return Err(Fatal);
                }
                Some(_) => {
                    self.fatal(
                        "expected a key in double quotes",
                        "keys must be quoted: \"key\": value",
                    );
                    return Err(Fatal);
                }
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_end = self.pos - 1;
            self.ws();
            if self.peek() != Some(b':') {
                self.fatal(
                    "expected `:` after the key",
                    "write the key, a colon, then the value",
                );
                return Err(Fatal);
            }
            self.pos += 1;
            self.ws();
            self.path.push(Seg::Key(key_start + 1, key_end));
            // Small objects: a scan; large ones (thousands of definitions): a set.
            let duplicate = match &mut seen {
                Some(set) => !set.insert(key.clone()),
                None if members.len() >= 16 => {
                    let mut set: HashSet<String> = members.iter().map(|m| m.key.clone()).collect();
                    let dup = !set.insert(key.clone());
                    seen = Some(set);
                    dup
                }
                None => members.iter().any(|m| m.key == key),
            };
            if duplicate {
                let pointer = self.pointer();
                self.issues.push(JsonIssue::DuplicateKey {
                    pointer,
                    offset: key_start,
                });
            }
            let v = self.value(depth + 1);
            self.path.pop();
            members.push(Member {
                key,
                key_start,
                value: v?,
            });
            self.ws();
            match self.peek() {
                Some(b',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.ws();
                    if self.peek() == Some(b'}') {
                        self.trailing_comma(comma);
                        self.pos += 1;
                        return Ok(Kind::Object(members));
                    }
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Kind::Object(members));
                }
                None => {
                    self.fatal(
                        "the file ends inside an object",
                        "close the object with `}`",
                    );
                    return Err(Fatal);
                }
                Some(_) => {
                    self.fatal(
                        "expected `,` or `}` after a member",
                        "a comma is missing between two members",
                    );
                    return Err(Fatal);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syntax(doc: &JsonDoc) -> Vec<(String, bool)> {
        doc.issues
            .iter()
            .filter_map(|i| match i {
                JsonIssue::Syntax { message, fatal, .. } => Some((message.clone(), *fatal)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn parses_and_locates() {
        let doc = JsonDoc::parse(b"{\n  \"info\": {\n    \"title\": \"Contoso\"\n  },\n  \"a\": [1, 2.5e3, true, null]\n}");
        assert!(doc.issues.is_empty());
        assert_eq!(
            doc.pointer("/info/title").and_then(Value::as_str),
            Some("Contoso")
        );
        assert_eq!(doc.locate("/info/title"), Some((3, 5)));
        assert_eq!(doc.pointer("/a/1").and_then(Value::as_f64), Some(2500.0));
        // a missing leaf locates at its nearest parent
        assert_eq!(doc.locate("/info/description"), Some((2, 3)));
    }

    #[test]
    fn trailing_comma_is_reported_and_recovered() {
        let doc = JsonDoc::parse(b"{\"a\": [1, 2,], \"b\": 1,}");
        assert!(!doc.is_fatal());
        assert_eq!(syntax(&doc).len(), 2);
        assert!(
            syntax(&doc)
                .iter()
                .all(|(m, fatal)| m.contains("trailing comma") && !fatal)
        );
    }

    #[test]
    fn missing_comma_is_fatal_with_place() {
        let doc = JsonDoc::parse(b"{\n \"a\": 1\n \"b\": 2\n}");
        assert!(doc.is_fatal());
        let JsonIssue::Syntax { offset, hint, .. } = &doc.issues[0] else {
            panic!("{:?}", doc.issues)
        };
        assert_eq!(doc.line_col(*offset), (3, 2));
        assert!(hint.contains("comma"));
    }

    #[test]
    fn bom_cp1252_duplicates_and_tabs() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(b"{\"k\": \"caf\xe9\", \"k\": \"a\tb\"}");
        let doc = JsonDoc::parse(&bytes);
        assert!(doc.issues.contains(&JsonIssue::Bom));
        assert!(doc.issues.contains(&JsonIssue::NotUtf8 {
            byte_offset: 3 + 10
        }));
        assert!(
            doc.issues
                .iter()
                .any(|i| matches!(i, JsonIssue::DuplicateKey { pointer, .. } if pointer == "/k"))
        );
        assert!(
            syntax(&doc)
                .iter()
                .any(|(m, _)| m.contains("control character"))
        );
        assert_eq!(doc.pointer("/k").and_then(Value::as_str), Some("a\tb"));
    }

    #[test]
    fn never_panics_on_garbage() {
        for input in [
            &b""[..],
            b"{",
            b"[",
            b"\"",
            b"{\"a\"",
            b"{\"a\":",
            b"-",
            b"1e",
            b"\\u12",
            b"\"\\u12\"",
            b"\"\\ud800\\u\"",
            b"{\"a\":1}}",
            b"nul",
            b"[1,]",
            b"/*",
            b"//",
            b"\xff\xfe{}",
        ] {
            let _ = JsonDoc::parse(input);
        }
        let deep = "[".repeat(10_000);
        let doc = JsonDoc::parse(deep.as_bytes());
        assert!(doc.is_fatal());
    }

    #[test]
    fn duplicates_in_large_objects() {
        let mut text = String::from("{");
        for i in 0..5000 {
            text.push_str(&format!("\"k{i}\": {i},"));
        }
        text.push_str("\"k17\": 1, \"k4999\": 2}");
        let doc = JsonDoc::parse(text.as_bytes());
        let dups: Vec<&str> = doc
            .issues
            .iter()
            .filter_map(|i| match i {
                JsonIssue::DuplicateKey { pointer, .. } => Some(pointer.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(dups, ["/k17", "/k4999"]);
    }

    #[test]
    fn pointer_escapes() {
        let doc = JsonDoc::parse(br#"{"paths": {"/items/{id}": {"get": {}}}}"#);
        let p = format!("/paths/{}/get", escape_token("/items/{id}"));
        assert!(doc.pointer(&p).is_some());
        assert_eq!(p, "/paths/~1items~1{id}/get");
    }
}
