//! The recursive-descent reader behind [`super::JsonDoc::parse`]: strict JSON with
//! byte spans, recovering from what Json.NET also reads (trailing commas, comments,
//! raw control characters), nesting bounded by [`super::MAX_DEPTH`].

use std::fmt::Write as _;

use foldhash::HashSet;

use super::{JsonIssue, Kind, MAX_DEPTH, Member, Value, escape_token};

pub(super) struct Parser<'a> {
    t: &'a str,
    s: &'a [u8],
    pos: usize,
    pub(super) issues: Vec<JsonIssue>,
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

impl<'a> Parser<'a> {
    pub(super) fn new(t: &'a str) -> Self {
        Parser {
            t,
            s: t.as_bytes(),
            pos: 0,
            issues: Vec::new(),
            path: Vec::new(),
        }
    }

    pub(super) fn document(&mut self) -> Option<Value> {
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
