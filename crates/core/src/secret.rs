//! The OAuth client secret: held in memory only.
//!
//! [`ClientSecret`] cannot be serialised (it implements no `Serialize`), prints as
//! `[REDACTED]` with `{:?}` and `{}`, and its buffer is zeroised on drop. The only way
//! to read it is [`ClientSecret::expose`], used to search written files for it.

use std::borrow::Cow;
use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

/// One way the secret can be written down in a file: its bytes (zeroised on drop)
/// and the name of the encoding, for the finding.
pub struct Needle {
    /// The encoded secret (or the part of it that does not depend on what is next
    /// to it, for base64).
    pub bytes: Zeroizing<Vec<u8>>,
    /// "verbatim", "base64", "percent-encoded", "JSON-escaped", "XML-escaped".
    pub how: &'static str,
}

impl fmt::Debug for Needle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Needle({}, [REDACTED])", self.how)
    }
}

/// A writer that passes bytes through to `inner` and looks for needles in them,
/// across the boundaries of writes (it keeps the last bytes of each write).
pub struct NeedleSearch<'n, W> {
    inner: W,
    needles: &'n [Needle],
    tail: Zeroizing<Vec<u8>>,
    keep: usize,
    found: Option<&'static str>,
}

impl<'n, W: std::io::Write> NeedleSearch<'n, W> {
    /// Searches what is written to `inner` for `needles`.
    pub fn new(inner: W, needles: &'n [Needle]) -> Self {
        let keep = needles
            .iter()
            .map(|n| n.bytes.len())
            .max()
            .unwrap_or(1)
            .saturating_sub(1);
        NeedleSearch {
            inner,
            needles,
            tail: Zeroizing::new(Vec::new()),
            keep,
            found: None,
        }
    }

    /// The encoding of the first needle found, if any.
    pub fn found(&self) -> Option<&'static str> {
        self.found
    }

    /// The inner writer back.
    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: std::io::Write> std::io::Write for NeedleSearch<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        let w = &buf[..n];
        if self.found.is_none() && !self.needles.is_empty() {
            let hit = |hay: &[u8]| {
                self.needles
                    .iter()
                    .find(|nd| memchr::memmem::find(hay, &nd.bytes).is_some())
                    .map(|nd| nd.how)
            };
            // a needle across the boundary: the last bytes before and the first now
            if !self.tail.is_empty() {
                let mut joint = self.tail.to_vec();
                joint.extend_from_slice(&w[..w.len().min(self.keep)]);
                self.found = hit(&joint);
            }
            if self.found.is_none() {
                self.found = hit(w);
            }
            if w.len() >= self.keep {
                self.tail.clear();
                self.tail.extend_from_slice(&w[w.len() - self.keep..]);
            } else {
                self.tail.extend_from_slice(w);
                let excess = self.tail.len().saturating_sub(self.keep);
                self.tail.drain(..excess);
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// What redacted output shows in place of the secret.
pub const REDACTED: &str = "[client secret]";

/// The shortest secret searched for: shorter ones would match by chance.
pub const MIN_SEARCHED: usize = 6;

/// The OAuth client secret typed in the Packages tab.
pub struct ClientSecret(SecretString);

impl ClientSecret {
    /// Wraps a secret. Leading and trailing whitespace is kept: it is part of what
    /// the user typed, and the verbatim search must look for exactly that.
    pub fn new(secret: String) -> Self {
        ClientSecret(SecretString::from(secret))
    }

    /// The secret's text. Do not store or log it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// True when nothing (or only whitespace) was typed.
    pub fn is_blank(&self) -> bool {
        self.expose().trim().is_empty()
    }

    /// True when the secret is long enough to be searched for (and redacted).
    pub fn searchable(&self) -> bool {
        self.expose().trim().chars().count() >= MIN_SEARCHED
    }

    /// The secret as it can appear in a file: verbatim, base64 (standard and
    /// URL-safe, at each of the three alignments inside a longer encoded text),
    /// percent-encoded (as in a URL and as in a form), JSON-escaped (as serde and
    /// as .NET write it) and XML-escaped. Empty when the secret is too short to
    /// search for. Each needle differs from the others.
    pub fn needles(&self) -> Vec<Needle> {
        if !self.searchable() {
            return Vec::new();
        }
        let s = self.expose();
        let mut out: Vec<Needle> = Vec::new();
        let mut add = |bytes: Vec<u8>, how: &'static str| {
            if bytes.len() >= MIN_SEARCHED && !out.iter().any(|n| *n.bytes == bytes) {
                out.push(Needle {
                    bytes: Zeroizing::new(bytes),
                    how,
                });
            } else {
                drop(Zeroizing::new(bytes));
            }
        };
        add(s.as_bytes().to_vec(), "verbatim");
        for b in base64_needles(s.as_bytes()) {
            add(b, "base64");
        }
        add(
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
                .into_bytes(),
            "percent-encoded",
        );
        add(
            url::form_urlencoded::byte_serialize(s.as_bytes())
                .collect::<String>()
                .into_bytes(),
            "percent-encoded",
        );
        let json = serde_json::to_string(s).unwrap_or_default();
        let json = json
            .strip_prefix('"')
            .and_then(|j| j.strip_suffix('"'))
            .unwrap_or("");
        add(json.as_bytes().to_vec(), "JSON-escaped");
        add(json.replace('/', "\\/").into_bytes(), "JSON-escaped");
        add(dotnet_json(s).into_bytes(), "JSON-escaped");
        add(
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&apos;")
                .into_bytes(),
            "XML-escaped",
        );
        // longest first, so that redaction replaces the whole of an encoding
        out.sort_by_key(|n| std::cmp::Reverse(n.bytes.len()));
        out
    }

    /// `text` with every written form of the secret replaced by [`REDACTED`].
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        redact_with(&self.needles(), text)
    }
}

/// [`ClientSecret::redact`] with needles already built (for many texts).
pub fn redact_with<'a>(needles: &[Needle], text: &'a str) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(text);
    for n in needles {
        // needles are built from a `str` or are ASCII: always valid UTF-8
        let Ok(needle) = std::str::from_utf8(&n.bytes) else {
            continue;
        };
        if memchr::memmem::find(out.as_bytes(), needle.as_bytes()).is_some() {
            out = Cow::Owned(out.replace(needle, REDACTED));
        }
    }
    out
}

/// The base64 text of `s` inside any longer encoded text: for each alignment (the
/// secret starting at byte 0, 1 or 2 of a 3-byte group), the characters that
/// depend on the secret's bytes alone; standard and URL-safe alphabets.
fn base64_needles(s: &[u8]) -> Vec<Vec<u8>> {
    use base64::Engine;
    let mut out = Vec::new();
    for engine in [
        &base64::engine::general_purpose::STANDARD_NO_PAD,
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ] {
        for k in 0..3usize {
            let mut input = Zeroizing::new(vec![0u8; k]);
            input.extend_from_slice(s);
            let encoded = Zeroizing::new(engine.encode(&*input));
            // characters touching the k filler bytes, and a last one that would
            // also hold bits of whatever follows the secret, are left out
            let start = (8 * k).div_ceil(6);
            let end = (8 * (k + s.len())) / 6;
            if let Some(part) = encoded.as_bytes().get(start..end) {
                out.push(part.to_vec());
            }
        }
    }
    out
}

/// `s` as .NET's default JSON encoder writes it: `"`, `\\`, `&`, `'`, `<`, `>`, `+`,
/// `` ` `` and every non-ASCII or control character as `\uXXXX`.
fn dotnet_json(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut units = [0u16; 2];
    for c in s.chars() {
        let plain = c.is_ascii() && !c.is_ascii_control() && !"\"\\&'<>+`".contains(c);
        if plain {
            out.push(c);
        } else {
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04X}"));
            }
        }
    }
    out
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret([REDACTED])")
    }
}

impl fmt::Display for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl<'de> serde::Deserialize<'de> for ClientSecret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(ClientSecret::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_redacted() {
        let s = ClientSecret::new("hunter2-very-secret".into());
        assert_eq!(format!("{s}"), "[REDACTED]");
        assert_eq!(format!("{s:?}"), "ClientSecret([REDACTED])");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn blank_detection() {
        assert!(ClientSecret::new("  ".into()).is_blank());
        assert!(ClientSecret::new("short".into()).needles().is_empty());
        assert!(!ClientSecret::new("x".into()).is_blank());
    }

    #[test]
    fn every_encoding_is_found_inside_longer_text() {
        use base64::Engine;
        let s = ClientSecret::new("Qx8~h2L/r0+pZ&k<3>\"é".into());
        let needles = s.needles();
        let found = |text: &[u8]| {
            needles
                .iter()
                .find(|n| memchr::memmem::find(text, &n.bytes).is_some())
                .map(|n| n.how)
        };
        let raw = s.expose().as_bytes();
        for prefix in ["", "a", "ab", "abc"] {
            for engine in [
                &base64::engine::general_purpose::STANDARD,
                &base64::engine::general_purpose::URL_SAFE,
            ] {
                let text = engine.encode([prefix.as_bytes(), raw, b"tail"].concat());
                assert_eq!(found(text.as_bytes()), Some("base64"), "{prefix:?} {text}");
            }
        }
        let url = format!(
            "https://x/?secret={}",
            percent_encoding::utf8_percent_encode(s.expose(), percent_encoding::NON_ALPHANUMERIC)
        );
        assert_eq!(found(url.as_bytes()), Some("percent-encoded"));
        let form: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("client_secret", s.expose())
            .finish();
        assert_eq!(found(form.as_bytes()), Some("percent-encoded"));
        let json = serde_json::json!({ "clientSecret": s.expose() }).to_string();
        assert_eq!(found(json.as_bytes()), Some("JSON-escaped"));
        assert_eq!(
            found(br#"{"s": "Qx8~h2L/r0\u002BpZ\u0026k\u003C3\u003E\u0022\u00E9"}"#),
            Some("JSON-escaped")
        );
        let xml = "<v>Qx8~h2L/r0+pZ&amp;k&lt;3&gt;&quot;é</v>";
        assert_eq!(found(xml.as_bytes()), Some("XML-escaped"));
        assert_eq!(found(b"nothing like it"), None);
    }

    #[test]
    fn redaction_removes_every_form() {
        let s = ClientSecret::new("Qx8~h2L/r0+pZ".into());
        let json =
            serde_json::json!({ "m": format!("got {} and {}", s.expose(), "x") }).to_string();
        let red = s.redact(&json);
        assert!(!red.contains(s.expose()), "{red}");
        assert!(red.contains(REDACTED));
        assert!(matches!(s.redact("clean text"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_stream_search_finds_needles_across_writes() {
        use std::io::Write;
        let s = ClientSecret::new("Qx8~h2L/r0+pZ".into());
        let needles = s.needles();
        let text = format!("{}{}{}", "a".repeat(1000), s.expose(), "b".repeat(1000));
        for chunk in [1, 2, 5, 7, 13, 64, 4096] {
            let mut w = NeedleSearch::new(std::io::sink(), &needles);
            for part in text.as_bytes().chunks(chunk) {
                w.write_all(part).unwrap();
            }
            assert_eq!(w.found(), Some("verbatim"), "chunks of {chunk}");
        }
        let mut w = NeedleSearch::new(std::io::sink(), &needles);
        for part in "a".repeat(5000).as_bytes().chunks(3) {
            w.write_all(part).unwrap();
        }
        assert_eq!(w.found(), None);
    }
}
