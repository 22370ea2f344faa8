//! A storage account from its connection string: Shared Key authorization of
//! requests and the service SAS certpack signs for Partner Center.
//!
//! The account key is kept zeroised on drop and never printed: `Debug` shows
//! `[REDACTED]`, parse errors name the field and never its value.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{KeyInit, Mac};
use sha2::Sha256;
use url::Url;
use zeroize::Zeroizing;

use super::sas::{SasUrl, is_loopback};
use crate::{Error, Result};

/// The well-known key of the storage emulators' account `devstoreaccount1` (public,
/// documented by Microsoft; it opens only emulators).
pub const DEV_ACCOUNT_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/// The `x-ms-version` of every request and the `sv` of every SAS certpack signs.
pub const API_VERSION: &str = "2022-11-02";

/// A parsed storage connection string.
#[derive(Clone)]
pub struct ConnectionString {
    account: String,
    key: Zeroizing<Vec<u8>>,
    key_text: Zeroizing<String>,
    endpoint: Url,
}

impl fmt::Debug for ConnectionString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionString")
            .field("account", &self.account)
            .field("key", &"[REDACTED]")
            .field("endpoint", &self.endpoint.as_str())
            .finish()
    }
}

impl ConnectionString {
    /// Parses `DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=…`,
    /// with `BlobEndpoint=…` (Azurite, custom domains) or `UseDevelopmentStorage=true`.
    pub fn parse(text: &str) -> Result<Self> {
        let mut fields: Vec<(String, Zeroizing<String>)> = Vec::new();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((k, v)) = part.split_once('=') else {
                return Err(Error::Input(
                    "the connection string is not a list of `Name=value` separated by `;`".into(),
                ));
            };
            fields.push((
                k.trim().to_ascii_lowercase(),
                Zeroizing::new(v.trim().to_owned()),
            ));
        }
        let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        if get("usedevelopmentstorage").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
            let base = get("developmentstorageproxyuri").unwrap_or("http://127.0.0.1:10000");
            let endpoint = get("blobendpoint")
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{}/devstoreaccount1", base.trim_end_matches('/')));
            return Self::new("devstoreaccount1", DEV_ACCOUNT_KEY, &endpoint);
        }
        if get("sharedaccesssignature").is_some() && get("accountkey").is_none() {
            return Err(Error::Input(
                "this connection string holds a SAS, not an account key: give its URL with --to instead"
                    .into(),
            ));
        }
        let account = get("accountname")
            .ok_or_else(|| Error::Input("the connection string has no AccountName".into()))?;
        let key = get("accountkey")
            .ok_or_else(|| Error::Input("the connection string has no AccountKey".into()))?;
        let endpoint = match get("blobendpoint") {
            Some(e) => e.to_owned(),
            None => {
                let proto = get("defaultendpointsprotocol").unwrap_or("https");
                let suffix = get("endpointsuffix").unwrap_or("core.windows.net");
                format!("{proto}://{account}.blob.{suffix}")
            }
        };
        Self::new(account, key, &endpoint)
    }

    fn new(account: &str, key: &str, endpoint: &str) -> Result<Self> {
        if account.is_empty()
            || !account
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return Err(Error::Input(format!(
                "`{account}` is not a storage account name (lowercase letters and digits)"
            )));
        }
        let bytes = B64
            .decode(key)
            .map_err(|_| Error::Input("the connection string's AccountKey is not base64".into()))?;
        let endpoint = Url::parse(endpoint).map_err(|_| {
            Error::Input("the connection string's blob endpoint is not a URL".into())
        })?;
        match endpoint.scheme() {
            "https" => {}
            "http" if is_loopback(&endpoint) => {}
            _ => {
                return Err(Error::Input(format!(
                    "the blob endpoint `{endpoint}` must use https (plain http only for an emulator on this machine)"
                )));
            }
        }
        if endpoint.query().is_some() {
            return Err(Error::Input("the blob endpoint must have no query".into()));
        }
        Ok(ConnectionString {
            account: account.to_owned(),
            key: Zeroizing::new(bytes),
            key_text: Zeroizing::new(key.to_owned()),
            endpoint,
        })
    }

    /// The account name.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The blob endpoint (`https://acct.blob.core.windows.net/`,
    /// `http://127.0.0.1:10000/devstoreaccount1`).
    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// The key as written, for redacting text that may quote it.
    pub fn needles(&self) -> Vec<String> {
        vec![self.key_text.to_string()]
    }

    fn sign(&self, string_to_sign: &str) -> String {
        // HMAC takes a key of any length
        let mut mac = match hmac::Hmac::<Sha256>::new_from_slice(&self.key) {
            Ok(m) => m,
            Err(_) => return String::new(),
        };
        mac.update(string_to_sign.as_bytes());
        B64.encode(mac.finalize().into_bytes())
    }

    /// The `Authorization` header of a request (Shared Key, version 2015-02-21 and
    /// later): `headers` are every header sent except `Authorization`, names in any
    /// case; `x-ms-date` must be among them.
    pub(crate) fn authorization(
        &self,
        method: &str,
        url: &Url,
        headers: &[(String, String)],
    ) -> String {
        format!(
            "SharedKey {}:{}",
            self.account,
            self.sign(&string_to_sign(&self.account, method, url, headers))
        )
    }

    /// A service SAS for one blob, read only (`sr=b`, `sp=r`), until `expiry`
    /// (Unix seconds). `spr=https` except on a plain-http endpoint of this machine
    /// (an emulator cannot serve an https-only SAS over http), where `spr` is left
    /// out.
    pub(crate) fn read_sas(
        &self,
        blob_url: &Url,
        container: &str,
        blob: &str,
        expiry: i64,
    ) -> Result<SasUrl> {
        self.service_sas(blob_url, container, Some(blob), "r", expiry)
    }

    /// A service SAS on `url` (the container's or the blob's URL, no query): for
    /// `container` (`sr=c`) or one `blob` in it (`sr=b`), with `permissions`
    /// (`sp`, e.g. `r` or `rcw`), until `expiry` (Unix seconds); `spr=https` unless
    /// `url` is plain http.
    pub fn service_sas(
        &self,
        url: &Url,
        container: &str,
        blob: Option<&str>,
        permissions: &str,
        expiry: i64,
    ) -> Result<SasUrl> {
        let se = format_utc(expiry)?;
        let spr = if url.scheme() == "https" { "https" } else { "" };
        let (sr, canonical) = match blob {
            Some(b) => ("b", format!("/blob/{}/{container}/{b}", self.account)),
            None => ("c", format!("/blob/{}/{container}", self.account)),
        };
        // sv >= 2020-12-06: sp st se canonicalizedResource si sip spr sv sr
        // snapshotTime ses rscc rscd rsce rscl rsct, joined by \n, no trailing \n
        let fields = [
            permissions,
            "",
            &se,
            &canonical,
            "",
            "",
            spr,
            API_VERSION,
            sr,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ];
        let sig = self.sign(&fields.join("\n"));
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        q.append_pair("sv", API_VERSION);
        q.append_pair("sr", sr);
        q.append_pair("sp", permissions);
        q.append_pair("se", &se);
        if !spr.is_empty() {
            q.append_pair("spr", spr);
        }
        q.append_pair("sig", &sig);
        let mut u = url.clone();
        u.set_query(Some(&q.finish()));
        Ok(SasUrl::from_url(u))
    }
}

/// `2027-01-02T03:04:05Z`.
pub(crate) fn format_utc(unix: i64) -> Result<String> {
    let ts = jiff::Timestamp::from_second(unix)
        .map_err(|_| Error::Input(format!("{unix} is not a time")))?;
    Ok(ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// `Thu, 03 Dec 2026 12:14:58 GMT`, for `x-ms-date`.
pub(crate) fn http_date(unix: i64) -> String {
    jiff::Timestamp::from_second(unix)
        .ok()
        .and_then(|ts| {
            jiff::fmt::rfc2822::DateTimePrinter::new()
                .timestamp_to_rfc9110_string(&ts)
                .ok()
        })
        .unwrap_or_default()
}

/// The Shared Key string-to-sign: the verb, eleven standard headers (Content-Length
/// empty when 0), the `x-ms-*` headers sorted, then `/<account><path>` and each
/// query parameter as `\nname:value` (names lowercase, sorted; values decoded).
fn string_to_sign(account: &str, method: &str, url: &Url, headers: &[(String, String)]) -> String {
    let h = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map_or("", |(_, v)| v.as_str())
    };
    let length = match h("content-length") {
        "0" => "",
        v => v,
    };
    let mut s = String::new();
    for part in [
        method,
        h("content-encoding"),
        h("content-language"),
        length,
        h("content-md5"),
        h("content-type"),
        h("date"),
        h("if-modified-since"),
        h("if-match"),
        h("if-none-match"),
        h("if-unmodified-since"),
        h("range"),
    ] {
        s.push_str(part);
        s.push('\n');
    }
    let mut ms: Vec<(String, &str)> = headers
        .iter()
        .filter(|(k, _)| k.to_ascii_lowercase().starts_with("x-ms-"))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim()))
        .collect();
    ms.sort();
    for (k, v) in ms {
        s.push_str(&k);
        s.push(':');
        s.push_str(v);
        s.push('\n');
    }
    s.push('/');
    s.push_str(account);
    s.push_str(url.path());
    let mut q: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.into_owned()))
        .collect();
    q.sort();
    let mut i = 0;
    while i < q.len() {
        let name = q[i].0.clone();
        let mut values = Vec::new();
        while i < q.len() && q[i].0 == name {
            values.push(q[i].1.clone());
            i += 1;
        }
        s.push('\n');
        s.push_str(&name);
        s.push(':');
        s.push_str(&values.join(","));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_strings() {
        let c = ConnectionString::parse(&format!(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DEV_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"
        ))
        .unwrap();
        assert_eq!(c.account(), "devstoreaccount1");
        assert_eq!(
            c.endpoint().as_str(),
            "http://127.0.0.1:10000/devstoreaccount1"
        );
        let dbg = format!("{c:?}");
        assert!(
            !dbg.contains(DEV_ACCOUNT_KEY) && dbg.contains("[REDACTED]"),
            "{dbg}"
        );
        let c = ConnectionString::parse("UseDevelopmentStorage=true").unwrap();
        assert_eq!(
            c.endpoint().as_str(),
            "http://127.0.0.1:10000/devstoreaccount1"
        );
        let c = ConnectionString::parse(
            "DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=c2VjcmV0a2V5;EndpointSuffix=core.windows.net",
        )
        .unwrap();
        assert_eq!(
            c.endpoint().as_str(),
            "https://contoso.blob.core.windows.net/"
        );
        for (bad, why) in [
            ("AccountName=contoso;AccountKey=not base64!", "not base64"),
            ("AccountName=contoso", "no AccountKey"),
            ("AccountKey=c2VjcmV0a2V5", "no AccountName"),
            (
                "DefaultEndpointsProtocol=http;AccountName=contoso;AccountKey=c2VjcmV0a2V5",
                "must use https",
            ),
            (
                "BlobEndpoint=https://x;SharedAccessSignature=sv=1&sig=abc",
                "holds a SAS",
            ),
        ] {
            let e = ConnectionString::parse(bad).unwrap_err().to_string();
            assert!(e.contains(why), "{bad}: {e}");
            assert!(!e.contains("c2VjcmV0a2V5") && !e.contains("base64!"), "{e}");
        }
    }

    /// The string-to-sign of the Shared Key documentation's layout, and a signature
    /// recomputed independently (openssl: `printf %s "$S" | openssl dgst -sha256
    /// -mac HMAC -macopt hexkey:<key> -binary | base64`).
    #[test]
    fn shared_key_string_to_sign() {
        let url = Url::parse(
            "http://127.0.0.1:10000/devstoreaccount1/certification/a%20b.zip?comp=block&blockid=QUJD",
        )
        .unwrap();
        let headers = vec![
            ("x-ms-version".to_owned(), API_VERSION.to_owned()),
            (
                "x-ms-date".to_owned(),
                "Thu, 03 Dec 2026 12:00:00 GMT".to_owned(),
            ),
            ("Content-Length".to_owned(), "5".to_owned()),
            (
                "Content-MD5".to_owned(),
                "XUFAKrxLKna5cZ2REBfFkg==".to_owned(),
            ),
        ];
        let s = string_to_sign("devstoreaccount1", "PUT", &url, &headers);
        assert_eq!(
            s,
            "PUT\n\n\n5\nXUFAKrxLKna5cZ2REBfFkg==\n\n\n\n\n\n\n\n\
             x-ms-date:Thu, 03 Dec 2026 12:00:00 GMT\nx-ms-version:2022-11-02\n\
             /devstoreaccount1/devstoreaccount1/certification/a%20b.zip\nblockid:QUJD\ncomp:block"
        );
        let c = ConnectionString::parse("UseDevelopmentStorage=true").unwrap();
        assert_eq!(c.sign("x"), "MvdWhEu1FxNoWUhlIUAW50ghq3SJk9dzg54CTrOsKng=");
    }

    #[test]
    fn read_sas_is_read_only_and_blob_level() {
        let c = ConnectionString::parse("UseDevelopmentStorage=true").unwrap();
        let u = Url::parse("http://127.0.0.1:10000/devstoreaccount1/certification/p.zip").unwrap();
        let s = c
            .read_sas(&u, "certification", "p.zip", 1_800_000_000)
            .unwrap();
        assert_eq!(s.permissions(), "r");
        assert_eq!(s.param("sr").as_deref(), Some("b"));
        assert_eq!(
            s.param("spr"),
            None,
            "an http emulator cannot serve spr=https"
        );
        assert_eq!(s.param("se").as_deref(), Some("2027-01-15T08:00:00Z"));
        let u = Url::parse("https://contoso.blob.core.windows.net/certification/p.zip").unwrap();
        let s = c
            .read_sas(&u, "certification", "p.zip", 1_800_000_000)
            .unwrap();
        assert_eq!(s.param("spr").as_deref(), Some("https"));
        assert_eq!(http_date(1_800_000_000), "Fri, 15 Jan 2027 08:00:00 GMT");
    }
}
