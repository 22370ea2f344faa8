//! A JSON reader that keeps where everything is.
//!
//! Connector files in the wild are not always strict JSON (peers.md §5: trailing
//! commas, BOMs, cp1252 bytes, duplicate keys, raw tabs in strings). This reader
//! reports each of those as a [`JsonIssue`] with a byte offset, recovers where the
//! intent is clear (trailing comma, comment, raw control character, BOM, stray bytes)
//! so content rules can still run, and only gives up on real syntax errors. Every
//! value keeps its byte span, so a JSON pointer maps to line:column.

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
    /// Members of large objects by key, built on the first lookup (see [`KeyIndex`]).
    keys: std::sync::OnceLock<KeyIndex>,
}

/// Objects with more members than this are looked up through a [`KeyIndex`].
const INDEXED_OBJECT: usize = 32;

/// `(object start, hash of key)` → index of the last member with that key, for the
/// objects of more than [`INDEXED_OBJECT`] members: a pointer into a `paths` object
/// of 50,000 operations is then found without comparing 50,000 keys, so placing one
/// finding per operation stays linear.
type KeyIndex = foldhash::HashMap<(usize, u64), usize>;

fn key_hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x6365_7274).hash_one(key)
}

fn build_key_index(root: &Value) -> KeyIndex {
    let mut index = KeyIndex::default();
    let mut todo = vec![root];
    while let Some(v) = todo.pop() {
        match &v.kind {
            Kind::Object(members) => {
                if members.len() > INDEXED_OBJECT {
                    for (i, m) in members.iter().enumerate() {
                        index.insert((v.start, key_hash(&m.key)), i);
                    }
                }
                todo.extend(members.iter().map(|m| &m.value));
            }
            Kind::Array(items) => todo.extend(items.iter()),
            _ => {}
        }
    }
    index
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
        let mut p = Parser::new(&text);
        let root = p.document();
        issues.extend(p.issues);
        let lines = LineIndex::new(&text);
        JsonDoc {
            root,
            issues,
            text,
            lines,
            keys: std::sync::OnceLock::new(),
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
        self.resolve(pointer).map(|(v, _)| v)
    }

    /// The value at `pointer` and, when its parent is an object, the offset of its
    /// key. Large objects are searched through the document's key index.
    fn resolve(&self, pointer: &str) -> Option<(&Value, Option<usize>)> {
        let root = self.root.as_ref()?;
        if pointer.is_empty() {
            return Some((root, None));
        }
        let rest = pointer.strip_prefix('/')?;
        let mut v = root;
        let mut key_start = None;
        for raw in rest.split('/') {
            let token = unescape_token(raw);
            (v, key_start) = match &v.kind {
                Kind::Object(members) => {
                    let m = if members.len() > INDEXED_OBJECT {
                        let keys = self.keys.get_or_init(|| build_key_index(root));
                        keys.get(&(v.start, key_hash(&token)))
                            .and_then(|&i| members.get(i))
                            .filter(|m| m.key == token)
                            // a hash collision: the plain search decides
                            .or_else(|| members.iter().rev().find(|m| m.key == token))?
                    } else {
                        members.iter().rev().find(|m| m.key == token)?
                    };
                    (&m.value, Some(m.key_start))
                }
                Kind::Array(items) => (items.get(token.parse::<usize>().ok()?)?, None),
                _ => return None,
            };
        }
        Some((v, key_start))
    }

    /// Line and column of the value at `pointer`, or of the nearest existing parent
    /// (of the member's key when the value is an object member).
    pub fn locate(&self, pointer: &str) -> Option<(u32, u32)> {
        let mut p = pointer;
        loop {
            if let Some((v, key)) = self.resolve(p) {
                return Some(self.line_col(key.unwrap_or(v.start)));
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }

    /// True when no tree could be built.
    pub fn is_fatal(&self) -> bool {
        self.root.is_none()
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
///
/// Columns count characters. Besides the line starts, the index keeps how many
/// characters precede a checkpoint every `CHECKPOINT` (4096) bytes, so a column costs at
/// most that many bytes of counting even on a minified file of one long line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `(byte offset, characters before it)`, on character boundaries.
    checkpoints: Vec<(usize, usize)>,
}

/// Bytes between two checkpoints of a [`LineIndex`].
const CHECKPOINT: usize = 4096;

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
        let mut checkpoints = vec![(0, 0)];
        let mut chars = 0;
        let mut at = 0;
        while at < text.len() {
            let mut next = (at + CHECKPOINT).min(text.len());
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text[at..next].chars().count();
            checkpoints.push((next, chars));
            at = next;
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }

    /// How many characters of `text` precede the byte `offset` (a char boundary or
    /// not: a partial character counts as one).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let k = self
            .checkpoints
            .partition_point(|&(b, _)| b <= offset)
            .saturating_sub(1);
        let (b, n) = self.checkpoints[k];
        n + text.as_bytes()[b..offset]
            .iter()
            .filter(|&&c| (c & 0xC0) != 0x80)
            .count()
    }

    /// 1-based line and column (columns count characters).
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let col = self.chars_before(text, offset) - self.chars_before(text, start);
        (
            u32::try_from(line + 1).unwrap_or(u32::MAX),
            u32::try_from(col + 1).unwrap_or(u32::MAX),
        )
    }
}

mod parser;
use parser::Parser;

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
    fn columns_count_characters_across_checkpoints() {
        // multi-byte characters straddling the checkpoints of a long line
        let line = "é🦀a".repeat(3000);
        let text = format!("x\n{line}\"k\"");
        let doc_lines = LineIndex::new(&text);
        let at = text.rfind('"').unwrap();
        let expected = text[2..at].chars().count() + 1;
        assert_eq!(
            doc_lines.line_col(&text, at),
            (2, u32::try_from(expected).unwrap())
        );
        for (i, _) in text.char_indices().step_by(97) {
            let start = text[..i].rfind('\n').map_or(0, |n| n + 1);
            let col = text[start..i].chars().count() + 1;
            assert_eq!(doc_lines.line_col(&text, i).1, u32::try_from(col).unwrap());
        }
    }

    #[test]
    fn large_objects_are_found_through_the_key_index() {
        let mut text = String::from("{\"paths\": {");
        for i in 0..100 {
            text.push_str(&format!("\"/p{i}\": {{\"v\": {i}}}, "));
        }
        // a duplicate (the last wins) and a key with pointer escapes
        text.push_str("\"/p7\": {\"v\": 700}, \"a~b/c\": {\"v\": -1}}}");
        let doc = JsonDoc::parse(text.as_bytes());
        let v = |p: &str| doc.pointer(p).and_then(|v| v.as_f64());
        assert_eq!(v("/paths/~1p42/v"), Some(42.0));
        assert_eq!(v("/paths/~1p7/v"), Some(700.0));
        assert_eq!(v("/paths/a~0b~1c/v"), Some(-1.0));
        assert_eq!(v("/paths/~1p100/v"), None);
        // the place of a member is its key
        let key = text.find("\"/p42\"").unwrap();
        assert_eq!(doc.locate("/paths/~1p42"), Some(doc.line_col(key)));
        assert_eq!(
            doc.locate("/paths/~1p42/nothing/here"),
            Some(doc.line_col(key))
        );
    }

    #[test]
    fn pointer_escapes() {
        let doc = JsonDoc::parse(br#"{"paths": {"/items/{id}": {"get": {}}}}"#);
        let p = format!("/paths/{}/get", escape_token("/items/{id}"));
        assert!(doc.pointer(&p).is_some());
        assert_eq!(p, "/paths/~1items~1{id}/get");
    }
}
