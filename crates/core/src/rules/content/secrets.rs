//! Secrets in files that go into the package or to GitHub (SEC-01) —
//! package-format.md §4, certification-requirements.md §3.6 ("no secrets in files
//! committed to GitHub").
//!
//! [`scan_text`] looks, in one pass over the text, for: private key blocks, JSON web
//! tokens, `Bearer` tokens, Azure storage keys (`AccountKey=`, `SharedAccessKey=`),
//! SAS signatures (`sig=`), AWS access key ids (`AKIA…`), GitHub tokens (`ghp_…`,
//! `github_pat_…`) and secret-named keys (`clientSecret`, `apiKey`, `password`, …)
//! with a random-looking value. Documented placeholders (`<your-client-secret>`,
//! `***`, `dummy`, `xxxxx`, `[[…]]`, `{{…}}`, `YOUR_…`) are allowed
//! ([`is_placeholder`]). [`find_verbatim`] looks for the client secret typed in the
//! form, exactly. Messages never hold a secret: at most its first four characters.

use crate::connector::{ConnectorFiles, JsonFile};
use crate::model::{Location, Severity};
use crate::read::json::{Kind, LineIndex, Value};
use crate::read::zip::Archive;
use crate::rules::Sink;
use crate::secret::{ClientSecret, Needle};

use super::REPO;
use super::properties::connection_parameters;

rules! {
    SEC_01 {
        code: "SEC-01",
        severity: Error,
        scope: Connector,
        title: "No secrets in the files of the package",
        explanation: "Remove the key, token, password or client secret from the file and rotate it (it may already \
            have been shared). Give the OAuth client secret only in the Partner Center form; use a clearly \
            marked placeholder such as `<your-client-secret>` where an example is needed. In README or intro.md \
            a secret-looking value is a warning, since documentation shows what a credential looks like; the \
            client secret typed in the form is an error wherever it is found.",
        url: REPO,
    }
}

/// One secret-looking value in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Byte offset of the value (or of the block).
    pub start: usize,
    /// Byte offset past it.
    pub end: usize,
    /// What it is, for the message.
    pub what: String,
    /// The first characters, when showing them is harmless.
    pub prefix: Option<String>,
}

/// Key names (lowercase, without `_`, `-` and `.`) whose values are secrets.
const SECRET_KEYS: &[&str] = &[
    "apikey",
    "xapikey",
    "clientsecret",
    "appsecret",
    "consumersecret",
    "sharedsecret",
    "secret",
    "secretkey",
    "privatekey",
    "password",
    "passwd",
    "pwd",
    "accesstoken",
    "refreshtoken",
    "authtoken",
    "token",
    "subscriptionkey",
    "ocpapimsubscriptionkey",
];

/// Words that mark a value as an example, not a secret.
const PLACEHOLDER_WORDS: &[&str] = &[
    "xxxx",
    "****",
    "...",
    "…",
    "your",
    "placeholder",
    "dummy",
    "example",
    "sample",
    "changeme",
    "change_me",
    "change-me",
    "redacted",
    "replace",
    "insert",
    "enter_",
    "enter-",
    "fake",
    "todo",
    "secret",
    "password",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "here",
    "test",
    "demo",
];

/// Whether a value is a documented placeholder rather than a secret.
pub fn is_placeholder(value: &str) -> bool {
    let t = value.trim();
    let Some(first) = t.chars().next() else {
        return true;
    };
    if t.chars().all(|c| c == first) {
        return true;
    }
    let wrapped = |a: &str, b: &str| t.starts_with(a) && t.ends_with(b);
    if wrapped("<", ">")
        || t.starts_with("{{")
        || t.starts_with("[[")
        || t.starts_with("${")
        || t.starts_with("$(")
        || wrapped("{", "}")
        || wrapped("%", "%")
        || t.starts_with('@')
    {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    [
        "null",
        "none",
        "string",
        "securestring",
        "undefined",
        "n/a",
        "tbd",
    ]
    .contains(&lower.as_str())
        || PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w))
}

fn classes(v: &str) -> (bool, bool, bool) {
    (
        v.bytes().any(|b| b.is_ascii_lowercase()),
        v.bytes().any(|b| b.is_ascii_uppercase()),
        v.bytes().any(|b| b.is_ascii_digit()),
    )
}

/// A value that looks generated rather than written: long, no spaces, mixed characters.
fn looks_random(v: &str) -> bool {
    if v.len() < 12 || v.contains(char::is_whitespace) || v.contains("://") || is_placeholder(v) {
        return false;
    }
    let (lower, upper, digit) = classes(v);
    let n = usize::from(lower) + usize::from(upper) + usize::from(digit);
    (digit && (lower || upper)) || (v.len() >= 24 && n >= 2)
}

fn prefix(v: &str) -> Option<String> {
    Some(v.chars().take(4).collect())
}

/// The longest value the scanner reads: keys and tokens are far shorter, and the cap
/// keeps the scan linear on adversarial input (`AccountKey=AccountKey=…`).
const MAX_RUN: usize = 8192;

fn run(b: &[u8], from: usize, ok: impl Fn(u8) -> bool) -> usize {
    b[from.min(b.len())..]
        .iter()
        .take(MAX_RUN)
        .take_while(|&&c| ok(c))
        .count()
}

fn b64(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'+' || c == b'/' || c == b'='
}
fn b64url(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

fn starts_ci(b: &[u8], at: usize, s: &[u8]) -> bool {
    b.get(at..at + s.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(s))
}

/// Bytes at which a pattern can be recognised: `-----BEGIN`, `ey`+`J` (JWT), `AK`/`AS`+`I`
/// (AWS), `B`/`b` (bearer), `gh?`+`_` / `github`+`_` (GitHub), and `:`/`=` (keys and
/// values, `AccountKey=`, `sig=`). Rare letters are used as anchors so the scan
/// skips ordinary text quickly.
const fn triggers() -> [bool; 256] {
    let mut t = [false; 256];
    let bytes = b"-JIBb_:=";
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}
static TRIGGER: [bool; 256] = triggers();

/// Every secret-looking value in `text`, in order.
pub(crate) fn find_secrets(text: &str) -> Vec<Hit> {
    let b = text.as_bytes();
    let mut hits = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !TRIGGER[usize::from(b[i])] {
            i += 1;
            continue;
        }
        let next = match b[i] {
            b'-' => private_key(text, i),
            b'J' => i.checked_sub(2).and_then(|s| jwt(text, s)),
            b'I' => i.checked_sub(2).and_then(|s| aws(text, s)),
            b'B' | b'b' => bearer(text, i),
            b'_' => github(text, i),
            b'=' => equals(text, i).or_else(|| key_value(text, i)),
            _ => key_value(text, i),
        };
        match next {
            Some(h) => {
                i = h.end.max(i + 1);
                hits.push(h);
            }
            None => i += 1,
        }
    }
    hits
}

/// `AccountKey=`, `SharedAccessKey=` and `?sig=` / `&sig=` ending at `eq`.
fn equals(text: &str, eq: usize) -> Option<Hit> {
    let b = text.as_bytes();
    let ends = |key: &[u8]| eq >= key.len() && b[eq - key.len()..eq].eq_ignore_ascii_case(key);
    if ends(b"AccountKey") {
        after_prefix(
            text,
            eq - 10,
            b"AccountKey=",
            "an Azure storage account key",
        )
    } else if ends(b"SharedAccessKey") {
        after_prefix(
            text,
            eq - 15,
            b"SharedAccessKey=",
            "an Azure shared access key",
        )
    } else if ends(b"sig") && eq >= 4 && matches!(b[eq - 4], b'?' | b'&' | b';') {
        sas(text, eq - 3)
    } else {
        None
    }
}

fn private_key(text: &str, i: usize) -> Option<Hit> {
    let b = text.as_bytes();
    if !b[i..].starts_with(b"-----BEGIN ") {
        return None;
    }
    // the header is short (`-----BEGIN ENCRYPTED PRIVATE KEY-----`): look no further
    let limit = (i + 80).min(b.len());
    let line_end = b[i..limit]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(limit, |p| i + p);
    let header = text.get(i..line_end)?;
    let close = header[11..].find("-----")? + 11;
    if !header[..close].contains("PRIVATE KEY") {
        return None;
    }
    let mut j = i + close + 5;
    loop {
        match b.get(j..j + 2) {
            Some(b"\\n" | b"\\r") => j += 2,
            _ if b.get(j).is_some_and(u8::is_ascii_whitespace) => j += 1,
            _ => break,
        }
    }
    let body = run(b, j, b64);
    (body >= 20 || b[j..].starts_with(b"Proc-Type:")).then(|| Hit {
        start: i,
        end: j + body,
        what: format!("a private key block (`{}`)", &header[..close + 5]),
        prefix: None,
    })
}

fn jwt(text: &str, i: usize) -> Option<Hit> {
    let b = text.as_bytes();
    if !b[i..].starts_with(b"eyJ") || (i > 0 && b64url(b[i - 1])) {
        return None;
    }
    let s1 = run(b, i, b64url);
    let j = i + s1;
    if s1 < 10 || b.get(j) != Some(&b'.') {
        return None;
    }
    let s2 = run(b, j + 1, b64url);
    let k = j + 1 + s2;
    if s2 < 10 || b.get(k) != Some(&b'.') {
        return None;
    }
    let s3 = run(b, k + 1, b64url);
    (s3 >= 10).then(|| Hit {
        start: i,
        end: k + 1 + s3,
        what: "a JSON web token".into(),
        prefix: prefix("eyJ"),
    })
}

fn bearer(text: &str, i: usize) -> Option<Hit> {
    let b = text.as_bytes();
    if !starts_ci(b, i, b"bearer ") || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
        return None;
    }
    let j = i + 7 + run(b, i + 7, |c| c == b' ');
    let n = run(b, j, |c| {
        b64url(c) || matches!(c, b'.' | b'~' | b'+' | b'/' | b'=')
    });
    let token = text.get(j..j + n)?;
    (n >= 20 && !token.starts_with("eyJ") && looks_random(token)).then(|| Hit {
        start: j,
        end: j + n,
        what: "a bearer token".into(),
        prefix: prefix(token),
    })
}

fn after_prefix(text: &str, i: usize, key: &[u8], what: &str) -> Option<Hit> {
    let b = text.as_bytes();
    if !starts_ci(b, i, key) {
        return None;
    }
    let j = i + key.len();
    let n = run(b, j, b64);
    let v = text.get(j..j + n)?;
    (n >= 20 && !is_placeholder(v)).then(|| Hit {
        start: j,
        end: j + n,
        what: what.into(),
        prefix: prefix(v),
    })
}

fn sas(text: &str, i: usize) -> Option<Hit> {
    let b = text.as_bytes();
    if !b[i..].starts_with(b"sig=") {
        return None;
    }
    let j = i + 4;
    let n = run(b, j, |c| b64(c) || c == b'%');
    let v = text.get(j..j + n)?;
    (n >= 20 && !is_placeholder(v)).then(|| Hit {
        start: j,
        end: j + n,
        what: "a SAS signature (`sig=`)".into(),
        prefix: None,
    })
}

fn aws(text: &str, i: usize) -> Option<Hit> {
    let b = text.as_bytes();
    if !(b[i..].starts_with(b"AKIA") || b[i..].starts_with(b"ASIA"))
        || (i > 0 && b[i - 1].is_ascii_alphanumeric())
    {
        return None;
    }
    let n = run(b, i + 4, |c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let v = text.get(i..i + 4 + n)?;
    (n == 16 && !b.get(i + 20).is_some_and(u8::is_ascii_alphanumeric) && !v.contains("EXAMPLE"))
        .then(|| Hit {
            start: i,
            end: i + 20,
            what: "an AWS access key id".into(),
            prefix: prefix(v),
        })
}

fn github(text: &str, underscore: usize) -> Option<Hit> {
    let b = text.as_bytes();
    let at = |start: usize, s: &[u8]| b.get(start..start + s.len()) == Some(s);
    let (i, min) = if underscore >= 3
        && at(underscore - 3, b"gh")
        && matches!(b[underscore - 1], b'p' | b'o' | b'u' | b's' | b'r')
    {
        (underscore - 3, 36)
    } else if underscore >= 6 && at(underscore - 6, b"github_pat_") {
        (underscore - 6, 22)
    } else {
        return None;
    };
    if i > 0 && b64url(b[i - 1]) {
        return None;
    }
    let body = if min == 36 { i + 4 } else { i + 11 };
    let n = run(b, body, |c| c.is_ascii_alphanumeric() || c == b'_');
    let v = text.get(i..body + n)?;
    (n >= min && !is_placeholder(&v[body - i..])).then(|| Hit {
        start: i,
        end: body + n,
        what: "a GitHub token".into(),
        prefix: prefix(v),
    })
}

/// `"clientSecret": "…"`, `api_key=…`, `password = "…"` with a random-looking value.
fn key_value(text: &str, sep: usize) -> Option<Hit> {
    let b = text.as_bytes();
    let mut j = sep;
    while j > 0 && matches!(b[j - 1], b' ' | b'\t') {
        j -= 1;
    }
    let quote = (j > 0 && matches!(b[j - 1], b'"' | b'\'')).then(|| b[j - 1]);
    if quote.is_some() {
        j -= 1;
    }
    let key_end = j;
    // every secret key name ends in -ey, -et, -rd, -wd or -en: most keys stop here
    if key_end < 2
        || !matches!(
            [b[key_end - 2] | 0x20, b[key_end - 1] | 0x20],
            [b'e', b'y'] | [b'e', b't'] | [b'r', b'd'] | [b'w', b'd'] | [b'e', b'n']
        )
    {
        return None;
    }
    let mut k = j;
    while k > 0
        && key_end - k < 64
        && (b[k - 1].is_ascii_alphanumeric() || matches!(b[k - 1], b'_' | b'-' | b'.'))
    {
        k -= 1;
    }
    if k == key_end {
        return None;
    }
    if let Some(q) = quote
        && (k == 0 || b[k - 1] != q)
    {
        return None;
    }
    let key = &text[k..key_end];
    // the key's last dotted part, lowercase, without `_` and `-` (no allocation:
    // this runs at every `:` and `=` of the file)
    let mut norm = [0u8; 24];
    let mut n = 0;
    let last = key
        .bytes()
        .rposition(|c| c == b'.')
        .map_or(key, |d| &key[d + 1..]);
    for c in last.bytes() {
        if c == b'_' || c == b'-' {
            continue;
        }
        *norm.get_mut(n)? = c.to_ascii_lowercase();
        n += 1;
    }
    if !SECRET_KEYS.iter().any(|s| s.as_bytes() == &norm[..n]) {
        return None;
    }
    let mut v = sep + 1;
    while v < b.len() && matches!(b[v], b' ' | b'\t') {
        v += 1;
    }
    let (start, end) = match b.get(v) {
        Some(&q @ (b'"' | b'\'')) => {
            let s = v + 1;
            let mut e = s;
            while e < b.len() && b[e] != q && b[e] != b'\n' && e - s < 512 {
                e += if b[e] == b'\\' { 2 } else { 1 };
            }
            (s, e.min(b.len()))
        }
        Some(b'\\') if b.get(v + 1) == Some(&b'"') => {
            let s = v + 2;
            let e = text[s..].find("\\\"").map_or(b.len(), |p| s + p);
            (s, e)
        }
        _ => {
            let before = if quote.is_some() {
                k.checked_sub(1)
            } else {
                Some(k)
            };
            let line_start =
                before.is_none_or(|p| p == 0 || matches!(b[p - 1], b'?' | b'&' | b';' | b'\n'));
            if b[sep] != b'=' || !line_start {
                return None;
            }
            let n = run(b, v, |c| {
                !c.is_ascii_whitespace() && !b"\"'&;,)}]<>(\\".contains(&c)
            });
            (v, v + n)
        }
    };
    let value = text.get(start..end)?;
    looks_random(value).then(|| Hit {
        start,
        end,
        what: format!("`{key}` has a secret-looking value"),
        prefix: prefix(value),
    })
}

fn message(h: &Hit) -> String {
    match &h.prefix {
        Some(p) => format!("{} ({p}…); remove it and rotate it", h.what),
        None => format!("{}; remove it and rotate it", h.what),
    }
}

/// SEC-01 on any text file: reports every secret-looking value with its line:column.
pub fn scan_text(sink: &mut Sink, vpath: &str, text: &str) {
    let hits = find_secrets(text);
    if hits.is_empty() {
        return;
    }
    let lines = LineIndex::new(text);
    // documentation shows what a credential looks like; code and settings use them
    let docs = vpath.to_ascii_lowercase().ends_with(".md");
    for h in hits {
        let (l, c) = lines.line_col(text, h.start);
        let at = Location::file(vpath).with_line_col(l, c);
        if docs {
            sink.emit_as(
                &SEC_01,
                Severity::Warning,
                at,
                format!(
                    "{} in the documentation; if it is an example, write a placeholder such as \
                     `<your-token>`, and if it is real, remove it and rotate it",
                    h.what
                ),
            );
        } else {
            sink.emit(&SEC_01, at, message(&h));
        }
    }
}

/// Line and column of a byte offset in raw bytes (columns count bytes here).
fn byte_line_col(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

fn is_text(bytes: &[u8]) -> bool {
    !bytes.iter().take(8192).any(|&b| b == 0)
}

/// SEC-01: the OAuth client secret typed in the form, found in `bytes` verbatim or
/// encoded (base64, percent-encoding, JSON or XML escapes; see
/// [`ClientSecret::needles`]). Secrets shorter than 6 characters are not searched
/// (they would match by chance).
pub fn find_verbatim(sink: &mut Sink, vpath: &str, bytes: &[u8], secret: &ClientSecret) {
    find_needles(sink, vpath, bytes, &secret.needles());
}

/// [`find_verbatim`] with the needles built once (for the files of an archive).
pub fn find_needles(sink: &mut Sink, vpath: &str, bytes: &[u8], needles: &[Needle]) {
    let mut count = 0;
    let mut first: Option<usize> = None;
    let mut hows: Vec<&str> = Vec::new();
    for n in needles {
        let mut found = false;
        for at in memchr::memmem::find_iter(bytes, &*n.bytes) {
            count += 1;
            found = true;
            first = Some(first.map_or(at, |f| f.min(at)));
        }
        if found && !hows.contains(&n.how) {
            hows.push(n.how);
        }
    }
    let Some(at) = first else { return };
    let mut loc = Location::file(vpath);
    if is_text(bytes) {
        let (l, c) = byte_line_col(bytes, at);
        loc = loc.with_line_col(l, c);
    }
    let times = if count > 1 {
        format!(" {count} times")
    } else {
        String::new()
    };
    let how = if hows == ["verbatim"] {
        String::new()
    } else {
        format!(" ({})", hows.join(", "))
    };
    sink.emit(
        &SEC_01,
        loc,
        format!(
            "the OAuth client secret typed in the form appears in this file{times}{how}; remove it"
        ),
    );
}

/// SEC-01 on one file of any kind: the patterns when it is text, and the typed
/// client secret when one is given.
pub fn scan_file(sink: &mut Sink, vpath: &str, bytes: &[u8], secret: Option<&ClientSecret>) {
    if is_text(bytes) {
        scan_text(sink, vpath, &String::from_utf8_lossy(bytes));
    }
    if let Some(s) = secret {
        find_verbatim(sink, vpath, bytes, s);
    }
}

/// SEC-01 on every file of an archive, at every level of nesting (nested zips are
/// opened). Files whose report path is in `already_scanned` (the connector files
/// [`super::check`] scanned with their JSON structure) get only the verbatim search.
/// Reading problems are left to the package rules.
pub fn scan_archive(
    sink: &mut Sink,
    archive: &mut Archive,
    secret: Option<&ClientSecret>,
    already_scanned: &[&str],
) {
    scan_archive_at(sink, archive, secret, already_scanned, 0);
}

fn scan_archive_at(
    sink: &mut Sink,
    a: &mut Archive,
    secret: Option<&ClientSecret>,
    already: &[&str],
    depth: usize,
) {
    let entries: Vec<_> = a.entries().iter().filter(|e| !e.is_dir).cloned().collect();
    for e in entries {
        let vpath = a.entry_vpath(&e.name);
        if e.name.to_ascii_lowercase().ends_with(".zip") && depth < 4 {
            if let Ok(mut inner) = a.open_nested(&e) {
                scan_archive_at(sink, &mut inner, secret, already, depth + 1);
            }
            continue;
        }
        let Ok(bytes) = a.read(&e, crate::read::file::MAX_TEXT_FILE) else {
            continue;
        };
        if already.contains(&vpath.as_str()) {
            if let Some(s) = secret {
                find_verbatim(sink, &vpath, &bytes, s);
            }
        } else {
            scan_file(sink, &vpath, &bytes, secret);
        }
    }
}

/// The pointer of the innermost value holding byte `offset`.
fn pointer_at(root: &Value, offset: usize) -> String {
    let mut p = String::new();
    let mut v = root;
    loop {
        let next = match &v.kind {
            Kind::Object(ms) => ms
                .iter()
                .find(|m| m.key_start <= offset && offset < m.value.end)
                .map(|m| (super::util::ptr("", &m.key), &m.value)),
            Kind::Array(items) => items
                .iter()
                .enumerate()
                .find(|(_, it)| it.start <= offset && offset < it.end)
                .map(|(i, it)| (format!("/{i}"), it)),
            _ => None,
        };
        match next {
            Some((tok, child)) => {
                p.push_str(&tok);
                v = child;
            }
            None => return p,
        }
    }
}

fn scan_json(sink: &mut Sink, f: &JsonFile, skip: &[(usize, usize)]) {
    let text = f.doc.text();
    for h in find_secrets(text) {
        if skip.iter().any(|&(s, e)| s <= h.start && h.start < e) {
            continue;
        }
        let (l, c) = f.doc.line_col(h.start);
        let mut loc = Location::file(&f.vpath).with_line_col(l, c);
        if let Some(root) = f.root() {
            loc = loc.with_pointer(pointer_at(root, h.start));
        }
        sink.emit(&SEC_01, loc, message(&h));
    }
}

/// SEC-01: the typed client secret in any of the connector's files (source folders
/// are not inside the package, so [`scan_archive`] does not see them).
pub fn verbatim_connector(sink: &mut Sink, files: &ConnectorFiles, secret: &ClientSecret) {
    for f in [&files.swagger, &files.properties].into_iter().flatten() {
        find_verbatim(sink, &f.vpath, f.doc.text().as_bytes(), secret);
    }
    for f in [&files.icon, &files.script, &files.readme, &files.intro]
        .into_iter()
        .flatten()
    {
        find_verbatim(sink, &f.vpath, &f.bytes, secret);
    }
}

/// SEC-01 on the connector's own files. The OAuth `clientSecret` of the connection
/// parameters is left to PRP-05, which reports it with its pointer.
pub(crate) fn check_connector(sink: &mut Sink, files: &ConnectorFiles) {
    if let Some(sw) = &files.swagger {
        scan_json(sink, sw, &[]);
    }
    if let Some(p) = &files.properties {
        let skip: Vec<(usize, usize)> = connection_parameters(p, files.origin)
            .iter()
            .filter_map(|c| c.value.get("oAuthSettings")?.get("clientSecret"))
            .map(|v| (v.start, v.end))
            .collect();
        scan_json(sink, p, &skip);
    }
    for f in [&files.script, &files.readme, &files.intro]
        .into_iter()
        .flatten()
    {
        scan_text(sink, &f.vpath, &String::from_utf8_lossy(&f.bytes));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::example::{
        contoso_connector_solution, contoso_flow_solution, package_of, upload_of,
    };
    use crate::model::Diagnostic;
    use crate::rules::cases::Case;

    /// A random-looking API key, put together here so that no scanner finds one in
    /// the source.
    fn api_key() -> String {
        format!("{}{}", "a8f5f167f44f", "4964e6c998dee827110c")
    }

    /// Every content finding on the good connector with `line` appended to its
    /// script (`readme`: to its README instead).
    fn appended(line: &str, readme: bool) -> Vec<Diagnostic> {
        let mut files = good_connector();
        let f = if readme {
            files.readme.as_mut()
        } else {
            files.script.as_mut()
        };
        let f = f.unwrap();
        f.bytes.extend_from_slice(format!("\n{line}\n").as_bytes());
        run_content(&files)
    }

    /// Every finding of `check` on the example's upload with `name` added to the
    /// connector solution, with `typed` as the client secret typed in the form.
    fn upload_with(name: &str, text: &str, typed: Option<&str>) -> Vec<Diagnostic> {
        let mut c = contoso_connector_solution();
        c.extra = vec![(name.into(), text.as_bytes().to_vec())];
        let pkg = package_of(&[
            ("Connector.zip", c.build()),
            ("Flow.zip", contoso_flow_solution().build()),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.zip");
        std::fs::write(&path, upload_of(&pkg)).unwrap();
        let typed = typed.map(|t| ClientSecret::new(t.into()));
        crate::check::check_target(&path, None, typed.as_ref(), &Default::default())
            .unwrap()
            .diagnostics
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &SEC_01,
                || appended(&format!("// var apiKey = \"{}\";", api_key()), false),
                || appended("// var apiKey = \"<your-api-key>\";", false),
            ),
            Case::new(
                &SEC_01,
                || appended(&format!("    {{\"apiKey\": \"{}\"}}", api_key()), true),
                || appended("    {\"apiKey\": \"<your-api-key>\"}", true),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &SEC_01,
                || {
                    let id = format!("{}{}", "AKIA", "Q3EGRH7IJKLMNOPQ");
                    upload_with("Connector/settings.txt", &format!("aws {id}"), None)
                },
                || {
                    let id = format!("{}{}", "AKIA", "IOSFODNN7EXAMPLE");
                    upload_with("Connector/settings.txt", &format!("aws {id}"), None)
                },
            ),
            Case::new(
                &SEC_01,
                || {
                    upload_with(
                        "Connector/notes.txt",
                        "correct horse battery staple",
                        Some("battery staple"),
                    )
                },
                || {
                    upload_with(
                        "Connector/notes.txt",
                        "correct horse battery staple",
                        Some("battery stable"),
                    )
                },
            ),
        ]
    }

    fn kinds(text: &str) -> Vec<String> {
        find_secrets(text).into_iter().map(|h| h.what).collect()
    }

    #[test]
    fn finds_each_kind() {
        let key = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
        for (text, what) in [
            (format!("-----BEGIN RSA PRIVATE KEY-----\n{key}\n-----END RSA PRIVATE KEY-----"), "a private key block (`-----BEGIN RSA PRIVATE KEY-----`)"),
            (format!("\"k\": \"-----BEGIN PRIVATE KEY-----\\n{key}\\n-----END\""), "a private key block (`-----BEGIN PRIVATE KEY-----`)"),
            (format!("Authorization: Bearer {}{}", "ey", "JhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"), "a JSON web token"),
            ("curl -H 'Authorization: Bearer 9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c'".into(), "a bearer token"),
            ("DefaultEndpointsProtocol=https;AccountName=x;AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy==;".into(), "an Azure storage account key"),
            ("Endpoint=sb://x/;SharedAccessKeyName=r;SharedAccessKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4=".into(), "an Azure shared access key"),
            ("https://a.blob.core.windows.net/c/b?sv=2022&sp=r&sig=AbCdEf0123456789%2BAbCdEf0123%3D".into(), "a SAS signature (`sig=`)"),
            (format!("aws_access_key_id = {}{}", "AK", "IAQ3EGRH7IJKLMNOPQ"), "an AWS access key id"),
            (format!("token {}{}", "gh", "p_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"), "a GitHub token"),
            ("{\"apiKey\": \"a8f5f167f44f4964e6c998dee827110c\"}".into(), "`apiKey` has a secret-looking value"),
            ("string client_secret = \"Qx8~h2Lr0pZk3vN9_wT5yB7cD1eF4gH6jK\";".into(), "`client_secret` has a secret-looking value"),
            ("GET /v1/items?api_key=a8f5f167f44f4964e6c998dee827110c&x=1".into(), "`api_key` has a secret-looking value"),
        ] {
            assert_eq!(kinds(&text), [what], "{text}");
        }
    }

    #[test]
    fn allows_placeholders_and_ordinary_text() {
        for text in [
            "-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----",
            "Authorization: Bearer <token>",
            "Send the bearer token in the Authorization header.",
            "AccountKey=<your-account-key>",
            "aws key AKIAIOSFODNN7EXAMPLE",
            "\"clientSecret\": \"<your-client-secret>\"",
            "\"clientSecret\": \"***\"",
            "\"clientSecret\": \"[[client_secret]]\"",
            "\"apiKey\": \"{{apiKey}}\"",
            "\"api_key\": \"YOUR_API_KEY_1234567\"",
            "\"password\": \"dummy\"",
            "\"password\": \"xxxxxxxxxxxxxxxx\"",
            "\"apiKey\": {\"type\": \"apiKey\", \"in\": \"header\", \"name\": \"X-API-Key\"}",
            "\"token\": \"@connectionParameters('token')\"",
            "var apiKey = GetTheKeyFromTheVault(name);",
            "\"secret\": \"2024-01-01\"",
            "ghp_ is the prefix of GitHub tokens",
        ] {
            assert!(kinds(text).is_empty(), "{text}: {:?}", kinds(text));
        }
    }

    #[test]
    fn messages_show_no_more_than_a_prefix() {
        let secret = "a8f5f167f44f4964e6c998dee827110c";
        let mut sink = Sink::new();
        scan_text(
            &mut sink,
            "settings.json",
            &format!("line one\n  {{\"apiKey\": \"{secret}\"}}"),
        );
        let d = &sink.diagnostics()[0];
        assert_eq!(d.code, "SEC-01");
        assert!(!d.message.contains(&secret[..5]), "{}", d.message);
        assert!(d.message.contains("a8f5…"));
        assert_eq!((d.location.line, d.location.column), (Some(2), Some(15)));
    }

    #[test]
    fn verbatim_search() {
        let s = ClientSecret::new("Qx8~h2Lr0pZk".into());
        let mut sink = Sink::new();
        find_verbatim(
            &mut sink,
            "a.json",
            b"{\n \"x\": \"Qx8~h2Lr0pZk\", \"y\": \"Qx8~h2Lr0pZk\"}",
            &s,
        );
        let d = sink.diagnostics();
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("2 times"));
        assert!(!d[0].message.contains("Qx8"));
        assert_eq!(
            (d[0].location.line, d[0].location.column),
            (Some(2), Some(8))
        );
        let mut sink = Sink::new();
        find_verbatim(&mut sink, "a.json", b"nothing here", &s);
        find_verbatim(
            &mut sink,
            "a.json",
            b"abc",
            &ClientSecret::new("abc".into()),
        );
        assert!(sink.diagnostics().is_empty());
    }

    #[test]
    fn connector_files_are_scanned_with_pointers() {
        let mut files = good_connector();
        let mut v = good_swagger();
        v["x-ms-connector-metadata"][0]["propertyValue"] =
            "https://contoso.example.com/?sig=AbCdEf0123456789%2BAbCdEf0123%3D".into();
        files.swagger = Some(json_file(
            "apiDefinition.swagger.json",
            &serde_json::to_string_pretty(&v).unwrap(),
        ));
        let mut sink = Sink::new();
        check_connector(&mut sink, &files);
        let d = sink.diagnostics();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].location.pointer.as_deref(),
            Some("/x-ms-connector-metadata/0/propertyValue")
        );
        // the good connector is clean
        let mut sink = Sink::new();
        check_connector(&mut sink, &good_connector());
        assert!(sink.diagnostics().is_empty(), "{:?}", sink.diagnostics());
    }

    #[test]
    fn oauth_client_secret_is_left_to_prp05() {
        let mut files = good_connector();
        let mut p = good_properties();
        p["properties"]["connectionParameters"]["token"]["oAuthSettings"]["clientSecret"] =
            "Qx8~h2Lr0pZk3vN9_wT5yB7cD1eF4gH6jK".into();
        p["properties"]["policyTemplateInstances"] = serde_json::json!([{
            "templateId": "setheader", "title": "Key",
            "parameters": {"x-ms-apimTemplateParameter.value": "Bearer 9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c"}
        }]);
        files.properties = Some(json_file("apiProperties.json", &p.to_string()));
        let mut sink = Sink::new();
        check_connector(&mut sink, &files);
        let d = sink.diagnostics();
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("bearer"));
    }
}
