//! SAS URLs: parsing, where they point, and redaction of the signature.
//!
//! A [`SasUrl`] holds the signature, so it never prints it: `Debug` shows the URL
//! with `sig=REDACTED`, there is no `Display`, and [`SasUrl::expose`] is the one way
//! to the full text (for the line a person pastes into Partner Center). Every message
//! built from a URL goes through [`redact_text`].

use std::fmt;

use url::Url;

use crate::{Error, Result};

/// Replaces the value of every `sig=` (any case, anywhere in `text`, percent-encoded
/// or not) with `REDACTED`, then every literal form of the signatures in `needles`.
/// For messages built from URLs, server answers and transport errors.
pub fn redact_text(text: &str, needles: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let lower = text.to_ascii_lowercase();
    let mut i = 0;
    while let Some(at) = lower[i..].find("sig=") {
        let start = i + at;
        // `sig=` itself, not the tail of another name (`xsig=`)
        let own = start == 0
            || !lower.as_bytes()[start - 1].is_ascii_alphanumeric()
                && lower.as_bytes()[start - 1] != b'_';
        let value = start + 4;
        out.push_str(&text[i..value]);
        if own {
            let end = text[value..]
                .find(|c: char| {
                    c == '&' || c == '"' || c == '\'' || c == '<' || c == '>' || c.is_whitespace()
                })
                .map_or(text.len(), |n| value + n);
            out.push_str("REDACTED");
            i = end;
        } else {
            i = value;
        }
    }
    out.push_str(&text[i..]);
    for n in needles.iter().filter(|n| n.len() >= 4) {
        if out.contains(n.as_str()) {
            out = out.replace(n.as_str(), "REDACTED");
        }
    }
    out
}

/// A URL with a shared access signature in its query.
#[derive(Clone, PartialEq, Eq)]
pub struct SasUrl {
    url: Url,
}

impl fmt::Debug for SasUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SasUrl").field(&self.redacted()).finish()
    }
}

impl SasUrl {
    /// Parses a pasted SAS URL (spaces around it are an error, as in Partner Center).
    /// Only `https`, or plain `http` to this machine (a storage emulator), is taken.
    pub fn parse(text: &str) -> Result<Self> {
        if text != text.trim() {
            return Err(Error::Input(
                "the SAS URL has spaces before or after it".into(),
            ));
        }
        let url = Url::parse(text).map_err(|e| {
            Error::Input(format!("`{}` is not a URL ({e})", redact_text(text, &[])))
        })?;
        let sas = SasUrl { url };
        match sas.url.scheme() {
            "https" => {}
            "http" if sas.is_loopback() => {}
            "http" => {
                return Err(Error::Input(format!(
                    "`{}` uses plain http: only https is taken (http only for an emulator on this machine)",
                    sas.redacted()
                )));
            }
            _ => {
                return Err(Error::Input(format!(
                    "`{}` is not an http(s) URL",
                    sas.redacted()
                )));
            }
        }
        if sas.signature().is_none() {
            return Err(Error::Input(format!(
                "`{}` has no signature (`sig`): copy the whole SAS URL, not the blob URL",
                sas.redacted()
            )));
        }
        Ok(sas)
    }

    /// Wraps a URL certpack signed itself.
    pub(crate) fn from_url(url: Url) -> Self {
        SasUrl { url }
    }

    /// The full URL, signature included: for the line to paste, never for a message.
    pub fn expose(&self) -> &str {
        self.url.as_str()
    }

    /// The URL with `sig=REDACTED`.
    pub fn redacted(&self) -> String {
        redact_text(self.url.as_str(), &self.needles())
    }

    /// The URL without its query (what the blob is, not who may read it).
    pub fn base(&self) -> Url {
        let mut u = self.url.clone();
        u.set_query(None);
        u.set_fragment(None);
        u
    }

    /// A query parameter, decoded.
    pub fn param(&self, name: &str) -> Option<String> {
        self.url
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    /// The signature, when there is one.
    pub(crate) fn signature(&self) -> Option<String> {
        self.param("sig").filter(|s| !s.is_empty())
    }

    /// The written forms of the signature (decoded, as in the URL, form-encoded), for
    /// redacting text that may quote it.
    pub fn needles(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(sig) = self.signature() {
            let raw = self
                .url
                .query()
                .unwrap_or("")
                .split('&')
                .find_map(|kv| kv.strip_prefix("sig="))
                .unwrap_or("")
                .to_owned();
            let form: String = url::form_urlencoded::byte_serialize(sig.as_bytes()).collect();
            out.extend([sig, raw, form]);
        }
        out.retain(|s| !s.is_empty());
        out.dedup();
        out
    }

    /// `sp`, the permissions (`r`, `rcw`, ...), or empty.
    pub fn permissions(&self) -> String {
        self.param("sp").unwrap_or_default()
    }

    /// `se` in Unix seconds, when it is a date.
    pub fn expiry_unix(&self) -> Option<i64> {
        self.param("se")
            .and_then(|se| crate::rules::form::parse_utc(&se))
    }

    /// Whether the host is this machine (127.0.0.0/8, `localhost`, `::1`).
    pub fn is_loopback(&self) -> bool {
        is_loopback(&self.url)
    }

    /// The same signature on `url` (a blob inside the container the SAS is for).
    pub(crate) fn with_base(&self, url: &Url) -> SasUrl {
        let mut u = url.clone();
        u.set_query(self.url.query());
        SasUrl { url: u }
    }

    /// The query, for appending to a request.
    pub(crate) fn query(&self) -> &str {
        self.url.query().unwrap_or("")
    }

    /// Where this SAS points: an account endpoint, a container and maybe a blob.
    pub(crate) fn location(&self) -> Result<Location> {
        Location::of(&self.base(), self.param("sr").as_deref())
    }
}

/// Whether `url`'s host is this machine.
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Hosts addressed path-style (`http://127.0.0.1:10000/<account>/<container>/…`):
/// IP addresses and `localhost`, as Azurite and the Azure emulator serve them.
fn path_style(url: &Url) -> bool {
    !matches!(url.host(), Some(url::Host::Domain(d)) if !d.eq_ignore_ascii_case("localhost"))
}

/// A blob's place: the account endpoint (`https://acct.blob.core.windows.net` or
/// `http://127.0.0.1:10000/devstoreaccount1`), the container, and the blob name
/// (decoded) when the URL names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Location {
    pub endpoint: Url,
    pub container: String,
    pub blob: Option<String>,
}

impl Location {
    /// Splits a URL without query; `sr` (`c` container, `b` blob) says which it is
    /// when the SAS tells.
    pub(crate) fn of(url: &Url, sr: Option<&str>) -> Result<Self> {
        let bad = |why: &str| Error::Input(format!("`{}` {why}", redact_text(url.as_str(), &[])));
        let mut segs: Vec<String> = url
            .path_segments()
            .map(|s| s.map(decode).collect())
            .unwrap_or_default();
        while segs.last().is_some_and(String::is_empty) && segs.len() > 1 {
            segs.pop();
        }
        let mut endpoint = url.clone();
        endpoint.set_query(None);
        endpoint.set_fragment(None);
        let skip = usize::from(path_style(url));
        if segs.len() < skip + 1 || segs[skip].is_empty() {
            return Err(bad("names no container"));
        }
        let prefix = if skip == 1 {
            format!(
                "/{}",
                url.path_segments().and_then(|mut s| s.next()).unwrap_or("")
            )
        } else {
            String::new()
        };
        endpoint.set_path(&prefix);
        let container = segs[skip].clone();
        let blob = (segs.len() > skip + 1).then(|| segs[skip + 1..].join("/"));
        match (sr, &blob) {
            (Some("b" | "bs" | "bv"), None) => Err(bad("is a blob SAS (`sr=b`) but names no blob")),
            (Some("c"), Some(_)) => Err(bad(
                "is a container SAS (`sr=c`) but names a blob: give the container URL, and the blob name with --blob",
            )),
            _ => Ok(Location {
                endpoint,
                container,
                blob,
            }),
        }
    }

    /// The blob's URL (no query): path segments percent-encoded, `/` kept.
    pub(crate) fn blob_url(&self, blob: &str) -> Result<Url> {
        let mut s = self.endpoint.as_str().trim_end_matches('/').to_owned();
        s.push('/');
        s.push_str(&encode(&self.container));
        s.push('/');
        let parts: Vec<String> = blob.split('/').map(encode).collect();
        s.push_str(&parts.join("/"));
        Url::parse(&s).map_err(|e| Error::Input(format!("cannot make a blob URL: {e}")))
    }

    /// The container's URL (no query).
    pub(crate) fn container_url(&self) -> Result<Url> {
        let s = format!(
            "{}/{}",
            self.endpoint.as_str().trim_end_matches('/'),
            encode(&self.container)
        );
        Url::parse(&s).map_err(|e| Error::Input(format!("cannot make a container URL: {e}")))
    }
}

/// Percent-encodes one path segment (RFC 3986 unreserved characters kept).
pub(crate) fn encode(seg: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(seg, SET).to_string()
}

fn decode(seg: &str) -> String {
    percent_encoding::percent_decode_str(seg)
        .decode_utf8_lossy()
        .into_owned()
}

/// Checks a container name: 3 to 63 lowercase letters, digits and single hyphens,
/// starting and ending with a letter or digit.
pub(crate) fn check_container_name(name: &str) -> Result<()> {
    let ok = (3..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--");
    if ok {
        Ok(())
    } else {
        Err(Error::Input(format!(
            "`{name}` is not a container name: 3 to 63 lowercase letters, digits and single hyphens"
        )))
    }
}

/// Checks a blob name: 1 to 1024 characters, not ending with `.` or `/`, no `\`.
pub(crate) fn check_blob_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.chars().count() <= 1024
        && !name.ends_with('.')
        && !name.ends_with('/')
        && !name.contains('\\')
        && !name.chars().any(char::is_control);
    if ok {
        Ok(())
    } else {
        Err(Error::Input(format!(
            "`{name}` is not a blob name: 1 to 1024 characters, no control characters or `\\`, not ending with `.` or `/`"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_text_hides_every_sig() {
        let t = "GET https://a.blob.core.windows.net/c/b?sv=1&SIG=ab%2Bc&sp=r and 'sig=xyz' or sig=\"q\"";
        let r = redact_text(t, &[]);
        assert_eq!(
            r,
            "GET https://a.blob.core.windows.net/c/b?sv=1&SIG=REDACTED&sp=r and 'sig=REDACTED' or sig=REDACTED\"q\""
        );
        assert_eq!(redact_text("xsig=1&sig=2", &[]), "xsig=1&sig=REDACTED");
        assert_eq!(
            redact_text("the server said ab+c/def=", &["ab+c/def=".into()]),
            "the server said REDACTED"
        );
    }

    #[test]
    fn sas_url_never_shows_its_signature() {
        let s = SasUrl::parse(
            "https://acct.blob.core.windows.net/pkgs/c.zip?sp=r&se=2027-01-31T00:00:00Z&sig=ab%2Bcd%3D",
        )
        .unwrap();
        let dbg = format!("{s:?}");
        assert!(!dbg.contains("ab%2Bcd") && !dbg.contains("ab+cd"), "{dbg}");
        assert!(dbg.contains("sig=REDACTED"));
        assert_eq!(s.permissions(), "r");
        assert!(s.needles().contains(&"ab+cd=".to_owned()));
        assert!(s.needles().contains(&"ab%2Bcd%3D".to_owned()));
        assert!(s.expose().contains("sig=ab%2Bcd%3D"));
        let e = SasUrl::parse("http://acct.blob.core.windows.net/c/b?sp=r&sig=secretvalue")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("plain http") && !e.contains("secretvalue"),
            "{e}"
        );
        assert!(SasUrl::parse("http://127.0.0.1:10000/devstoreaccount1/c/b?sp=r&sig=x").is_ok());
        assert!(SasUrl::parse("https://acct.blob.core.windows.net/c/b?sp=r").is_err());
        assert!(SasUrl::parse(" https://acct.blob.core.windows.net/c/b?sig=x").is_err());
    }

    #[test]
    fn locations() {
        let u = Url::parse("https://acct.blob.core.windows.net/pkgs/dir/my%20pkg.zip").unwrap();
        let l = Location::of(&u, Some("b")).unwrap();
        assert_eq!(l.endpoint.as_str(), "https://acct.blob.core.windows.net/");
        assert_eq!(l.container, "pkgs");
        assert_eq!(l.blob.as_deref(), Some("dir/my pkg.zip"));
        assert_eq!(
            l.blob_url("dir/my pkg.zip").unwrap().as_str(),
            "https://acct.blob.core.windows.net/pkgs/dir/my%20pkg.zip"
        );
        let u = Url::parse("http://127.0.0.1:10000/devstoreaccount1/pkgs").unwrap();
        let l = Location::of(&u, Some("c")).unwrap();
        assert_eq!(
            l.endpoint.as_str(),
            "http://127.0.0.1:10000/devstoreaccount1"
        );
        assert_eq!((l.container.as_str(), l.blob.as_deref()), ("pkgs", None));
        assert_eq!(
            l.container_url().unwrap().as_str(),
            "http://127.0.0.1:10000/devstoreaccount1/pkgs"
        );
        assert!(Location::of(&u, Some("b")).is_err());
        let u = Url::parse("http://127.0.0.1:10000/devstoreaccount1/pkgs/a.zip").unwrap();
        assert!(Location::of(&u, Some("c")).is_err());
        let u = Url::parse("http://127.0.0.1:10000/devstoreaccount1").unwrap();
        assert!(Location::of(&u, None).is_err());
    }

    #[test]
    fn names() {
        assert!(check_container_name("certification").is_ok());
        for bad in ["ab", "Cert", "a--b", "-ab", "ab-", "a_b"] {
            assert!(check_container_name(bad).is_err(), "{bad}");
        }
        assert!(check_blob_name("Contoso_1.0_certification.zip").is_ok());
        for bad in ["", "a.", "a/", "a\\b", "a\nb"] {
            assert!(check_blob_name(bad).is_err(), "{bad:?}");
        }
    }
}
