//! The Partner Center form: PC-01…07 and the SAS URI (SAS-01/02; SAS-03, the blob behind
//! it, is in [`super::upload`]). Findings point at
//! form field ids (`offer.name`, `properties.privacyPolicyUrl`, ...), the same ids the
//! desktop wizard gives its inputs.

use crate::model::{Location, PublisherKind, Severity, Submission};
use crate::secret::ClientSecret;

use super::Sink;

/// The Partner Center category list (package-format.md §4), exact names.
pub const PARTNER_CENTER_CATEGORIES: &[&str] = &[
    "AI",
    "Business Intelligence",
    "Business Management",
    "Collaboration",
    "Commerce",
    "Communication",
    "Content and Files",
    "Data",
    "Finance",
    "Human Resources",
    "Internet of Things",
    "IT Operations",
    "Lifestyle and Entertainment",
    "Marketing",
    "Productivity",
    "Sales and CRM",
    "Security",
    "Social Media",
    "Website",
];

const VP_DOC: Option<&str> =
    Some("https://learn.microsoft.com/en-us/connectors/custom-connectors/submit-for-certification");

rules! {
    PC_01 {
        code: "PC-01",
        severity: Error,
        scope: Form,
        title: "Offer name is missing",
        explanation: "Give the offer an internal, unique name; include the connector (and plugin) name.",
        url: VP_DOC,
    }
    PC_02 {
        code: "PC-02",
        severity: Error,
        scope: Form,
        title: "Categories: 1 to 3 from the Partner Center list",
        explanation: "Pick one to three categories from the Partner Center list, ideally the ones in the \
            swagger's `Categories` metadata.",
        url: VP_DOC,
    }
    PC_03 {
        code: "PC-03",
        severity: Error,
        scope: Form,
        title: "Legal: exactly one of the Standard Contract or an https EULA URL",
        explanation: "Tick the Microsoft commercial marketplace Standard Contract, or give the https URL of your \
            own EULA — not both, not neither.",
        url: VP_DOC,
    }
    PC_04 {
        code: "PC-04",
        severity: Error,
        scope: Form,
        title: "Privacy policy and support document links are absolute https URLs",
        explanation: "Give full https URLs (https://host/path) for the privacy policy and the support document.",
        url: VP_DOC,
    }
    PC_05 {
        code: "PC-05",
        severity: Error,
        scope: Form,
        title: "HideKey: lowercase letters and digits only",
        explanation: "Use only a–z and 0–9 in the HideKey, or leave it empty to make the offer public.",
        url: VP_DOC,
    }
    PC_06 {
        code: "PC-06",
        severity: Error,
        scope: Form,
        title: "Notification audience: valid e-mail addresses",
        explanation: "Each notification address must be a plain e-mail address such as name@example.com.",
        url: VP_DOC,
    }
    PC_07 {
        code: "PC-07",
        severity: Error,
        scope: Form,
        title: "OAuth client id and secret given exactly when the connector uses OAuth",
        explanation: "A connector with an `oauthSetting` connection parameter needs both the OAuth client id and \
            client secret in the Packages tab; a connector without OAuth needs neither.",
        url: VP_DOC,
    }
    SAS_01 {
        code: "SAS-01",
        severity: Error,
        scope: Form,
        title: "SAS URI: https blob URL with a signature and read permission",
        explanation: "Paste the blob SAS URL exactly: https, host `<account>.blob.core.windows.net`, with `sig` \
            and `sp` including `r`, and no spaces before or after it.",
        url: Some(
        "https://learn.microsoft.com/en-us/power-platform/developer/appsource/store-package-azure-storage",
    ),
    }
    SAS_02 {
        code: "SAS-02",
        severity: Warning,
        scope: Form,
        title: "SAS URI valid for at least 15 more days",
        explanation: "Microsoft downloads the package during the review, which takes one to two weeks per round: \
            set the SAS expiry (`se`) at least 15 days ahead, better 30.",
        url: Some(
        "https://learn.microsoft.com/en-us/power-platform/developer/appsource/store-package-azure-storage",
    ),
    }
}

/// What the form is checked against besides itself.
#[derive(Debug, Clone, Default)]
pub struct FormContext {
    /// Whether the connector uses OAuth (`oauthSetting`); `None` when unknown.
    pub oauth: Option<bool>,
    /// The swagger's `Categories` metadata, when known.
    pub swagger_categories: Option<Vec<String>>,
    /// Now, in seconds since the Unix epoch (for the SAS expiry).
    pub now_unix: i64,
    /// SHA-256 of the file at the upload record's package today (SAS-04); `None`
    /// when there is no record or no file.
    pub uploaded_now: Option<String>,
}

/// Checks every Partner Center field.
pub fn check(sink: &mut Sink, sub: &Submission, secret: Option<&ClientSecret>, ctx: &FormContext) {
    if sub.offer.name.trim().is_empty() {
        sink.emit(&PC_01, Location::field("offer.name"), "enter an offer name");
    }
    categories(
        sink,
        &sub.properties.categories,
        ctx.swagger_categories.as_deref(),
    );
    legal(sink, sub);
    for (field, value, what) in [
        (
            "properties.privacyPolicyUrl",
            &sub.properties.privacy_policy_url,
            "privacy policy link",
        ),
        (
            "properties.supportDocumentUrl",
            &sub.properties.support_document_url,
            "support document link",
        ),
    ] {
        if value.trim().is_empty() {
            sink.emit(&PC_04, Location::field(field), format!("enter the {what}"));
        } else if let Err(why) = https_url(value) {
            sink.emit(&PC_04, Location::field(field), format!("the {what} {why}"));
        } else if let Some(host) = dotless_host(value) {
            sink.emit_as(
                &PC_04,
                Severity::Warning,
                Location::field(field),
                format!(
                    "the {what}'s host `{host}` has no dot: it reaches nothing on the internet"
                ),
            );
        }
    }
    let key = &sub.availability.hide_key;
    if let Some(bad) = key
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
    {
        sink.emit(
            &PC_05,
            Location::field("availability.hideKey"),
            format!("the HideKey contains `{bad}`: use only lowercase letters and digits"),
        );
    }
    for (i, email) in sub.availability.notification_emails.iter().enumerate() {
        if !is_email(email) {
            sink.emit(
                &PC_06,
                Location::field(format!("availability.notificationEmails.{i}")),
                format!("`{email}` is not an e-mail address"),
            );
        }
    }
    oauth(sink, sub, secret, ctx.oauth);
    if sub.offer.publisher == PublisherKind::Verified {
        if sub.packages.sas_uri.is_empty() {
            sink.emit(
                &SAS_01,
                Location::field("packages.sasUri"),
                "enter the SAS URI: export the package, upload it to Azure Blob Storage and paste a read-only SAS URL",
            );
        } else {
            sas(sink, &sub.packages.sas_uri, ctx.now_unix);
        }
    }
    if let Some(record) = &sub.upload
        && record.verifies(&sub.packages.sas_uri)
    {
        super::upload::stale(sink, record, ctx.uploaded_now.as_deref());
    }
    super::eligibility::check_form(sink, sub);
    if let Some(secret) = secret {
        let needles = secret.needles();
        secret_in_fields(sink, sub, &needles);
        sink.redact(&needles);
    }
}

/// SEC-01 on the form: the client secret typed (or pasted) into another field —
/// the client id, the offer name, a link — would be saved in the draft and written
/// into `manifest.json`. Every text field of the submission is looked at, named as
/// the form names it (`packages.oauthClientId`, `availability.notificationEmails.0`).
fn secret_in_fields(sink: &mut Sink, sub: &Submission, needles: &[crate::secret::Needle]) {
    if needles.is_empty() {
        return;
    }
    let Ok(tree) = serde_json::to_value(sub) else {
        return;
    };
    let mut todo = vec![(String::new(), &tree)];
    while let Some((path, v)) = todo.pop() {
        match v {
            serde_json::Value::String(text)
                if needles
                    .iter()
                    .any(|n| memchr::memmem::find(text.as_bytes(), &n.bytes).is_some()) =>
            {
                sink.emit(
                    &crate::rules::content::secrets::SEC_01,
                    Location::field(path),
                    "this field holds the OAuth client secret: it belongs in the client secret field only \
                     (it would be saved in the draft and written into manifest.json)",
                );
            }
            serde_json::Value::Object(map) => {
                for (k, child) in map {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    todo.push((p, child));
                }
            }
            serde_json::Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    todo.push((format!("{path}.{i}"), child));
                }
            }
            _ => {}
        }
    }
}

fn categories(sink: &mut Sink, cats: &[String], swagger: Option<&[String]>) {
    let loc = || Location::field("properties.categories");
    if cats.is_empty() {
        sink.emit(&PC_02, loc(), "pick at least one category");
    }
    if cats.len() > 3 {
        sink.emit(
            &PC_02,
            loc(),
            format!(
                "{} categories picked; Partner Center takes at most 3",
                cats.len()
            ),
        );
    }
    for c in cats {
        if !PARTNER_CENTER_CATEGORIES.contains(&c.as_str()) {
            let hint = PARTNER_CENTER_CATEGORIES
                .iter()
                .find(|k| k.eq_ignore_ascii_case(c.trim()))
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            sink.emit(
                &PC_02,
                loc(),
                format!("`{c}` is not a Partner Center category{hint}"),
            );
        }
    }
    if let Some(sw) = swagger
        && !cats.is_empty()
        && !sw.is_empty()
        && !cats
            .iter()
            .any(|c| sw.iter().any(|s| s.trim().eq_ignore_ascii_case(c)))
    {
        sink.emit_as(
            &PC_02,
            Severity::Warning,
            loc(),
            format!(
                "none of the categories matches the swagger's Categories ({})",
                sw.join("; ")
            ),
        );
    }
}

fn legal(sink: &mut Sink, sub: &Submission) {
    let l = &sub.properties.legal;
    let eula = l.eula_url.trim();
    match (l.standard_contract, eula.is_empty()) {
        (true, false) => sink.emit(
            &PC_03,
            Location::field("properties.legal"),
            "both the Standard Contract and an EULA URL are given: keep one",
        ),
        (false, true) => sink.emit(
            &PC_03,
            Location::field("properties.legal"),
            "choose the Standard Contract or give an EULA URL",
        ),
        (false, false) => {
            if let Err(why) = https_url(&l.eula_url) {
                sink.emit(
                    &PC_03,
                    Location::field("properties.legal.eulaUrl"),
                    format!("the EULA URL {why}"),
                );
            }
        }
        (true, true) => {}
    }
}

fn oauth(sink: &mut Sink, sub: &Submission, secret: Option<&ClientSecret>, uses: Option<bool>) {
    let id = !sub.packages.oauth_client_id.trim().is_empty();
    let sec = secret.is_some_and(|s| !s.is_blank());
    match uses {
        Some(true) => {
            if !id {
                sink.emit(
                    &PC_07,
                    Location::field("packages.oauthClientId"),
                    "the connector uses OAuth (`oauthSetting`): enter the OAuth client id",
                );
            }
            if !sec {
                sink.emit(
                    &PC_07,
                    Location::field("packages.oauthClientSecret"),
                    "the connector uses OAuth (`oauthSetting`): enter the OAuth client secret",
                );
            }
        }
        Some(false) if id || sec => sink.emit(
            &PC_07,
            Location::field(if id {
                "packages.oauthClientId"
            } else {
                "packages.oauthClientSecret"
            }),
            "the connector does not use OAuth: leave the client id and secret empty",
        ),
        _ => {}
    }
}

/// Checks an https link the way a URI parser does (the `url` crate, WHATWG rules):
/// `Err` when it is not an absolute https URL with a host (or has spaces around it,
/// or points at this machine). A host without a dot parses, so it passes here; see
/// [`dotless_host`].
pub fn https_url(value: &str) -> Result<(), String> {
    if value != value.trim() {
        return Err("has spaces before or after it".into());
    }
    let parsed =
        url::Url::parse(value).map_err(|_| format!("`{value}` is not an absolute https URL"))?;
    match parsed.scheme() {
        "https" => {}
        "http" => return Err("must use https, not http".into()),
        _ => return Err(format!("`{value}` is not an absolute https URL")),
    }
    match parsed.host() {
        None => Err(format!("`{value}` has no valid host")),
        Some(url::Host::Domain(d)) if d.eq_ignore_ascii_case("localhost") => {
            Err(format!("`{value}` points at this machine"))
        }
        Some(url::Host::Ipv4(ip)) if ip.is_loopback() => {
            Err(format!("`{value}` points at this machine"))
        }
        Some(url::Host::Ipv6(ip)) if ip.is_loopback() => {
            Err(format!("`{value}` points at this machine"))
        }
        Some(_) => Ok(()),
    }
}

/// The host of a link that parses but has no dot (`https://wwwcontosocom/…`):
/// valid to a URI parser, so Microsoft's checks take it, but it reaches nothing on
/// the internet — usually dots lost in an edit.
pub fn dotless_host(value: &str) -> Option<String> {
    let u = url::Url::parse(value.trim()).ok()?;
    match u.host()? {
        url::Host::Domain(d) if !d.contains('.') => Some(d.to_owned()),
        _ => None,
    }
}

/// A plain e-mail address: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == ',' || c == ';' || c == '<' || c == '>')
}

/// Checks a SAS URI (SAS-01 and SAS-02). Never puts the signature in a message.
pub fn sas(sink: &mut Sink, uri: &str, now_unix: i64) {
    sas_with(sink, uri, now_unix, false);
}

/// [`sas`], and with `emulator` a URI of this machine (`http://127.0.0.1:10000/
/// devstoreaccount1/…`, a storage emulator such as Azurite) is one SAS-01 warning —
/// Partner Center cannot download it — instead of errors for its scheme and host
/// (`certpack check-sas` and `upload` take it; the form does not).
pub fn sas_with(sink: &mut Sink, uri: &str, now_unix: i64, emulator: bool) {
    let loc = || Location::field("packages.sasUri");
    if uri != uri.trim() {
        sink.emit(
            &SAS_01,
            loc(),
            "the SAS URI has spaces before or after it; Partner Center rejects that",
        );
    }
    let uri = uri.trim();
    let local = url::Url::parse(uri).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https") && crate::upload::is_loopback_url(&u)
    });
    let rest = if local {
        // a storage emulator's URI: where emulators are taken a warning, in the form an
        // error (Partner Center cannot reach this machine); the rest is checked alike
        sink.emit_as(
            &SAS_01,
            if emulator {
                Severity::Warning
            } else {
                Severity::Error
            },
            loc(),
            "the SAS URI points at this machine (a storage emulator): fine for a test, but Partner Center \
             cannot download it",
        );
        uri.split_once("://").map_or(uri, |(_, r)| r)
    } else if let Some(rest) = uri.strip_prefix("https://") {
        rest
    } else {
        sink.emit(&SAS_01, loc(), "the SAS URI must start with https://");
        return;
    };
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let host = before_query.split('/').next().unwrap_or("");
    if !local
        && (!host.ends_with(".blob.core.windows.net")
            || host.len() <= ".blob.core.windows.net".len())
    {
        sink.emit(
            &SAS_01,
            loc(),
            format!(
                "the host `{host}` is not an Azure blob host (<account>.blob.core.windows.net)"
            ),
        );
    }
    // an emulator's URLs start with the account: host/account/container/blob
    let parts = if local { 4 } else { 3 };
    if before_query.trim_end_matches('/').split('/').count() < parts {
        sink.emit(&SAS_01, loc(), "the URI names no blob: it must be https://<account>.blob.core.windows.net/<container>/<blob>");
    }
    let param = |k: &str| {
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.into_owned())
    };
    if param("sig").is_none_or(|s| s.is_empty()) {
        sink.emit(
            &SAS_01,
            loc(),
            "the SAS URI has no signature (`sig`): copy the full SAS URL, not the blob URL",
        );
    }
    match param("sp") {
        Some(sp) if sp.contains('r') => {
            let more: String = sp.chars().filter(|c| *c != 'r' && *c != 'l').collect();
            if !more.is_empty() {
                sink.emit_as(
                    &SAS_01,
                    Severity::Warning,
                    loc(),
                    format!(
                        "the permissions `sp={sp}` grant more than read (`{more}`): whoever has the URI could \
                         change or delete the package; make a read-only SAS (`sp=r`)"
                    ),
                );
            }
        }
        Some(sp) => sink.emit(
            &SAS_01,
            loc(),
            format!("the permissions `sp={sp}` lack read (`r`)"),
        ),
        None => sink.emit(
            &SAS_01,
            loc(),
            "the SAS URI has no permissions (`sp`); it needs read (`r`)",
        ),
    }
    match param("se").map(|se| parse_utc(&se).ok_or(se)) {
        Some(Ok(expiry)) => {
            let days = (expiry - now_unix) as f64 / 86_400.0;
            if days < 0.0 {
                // no longer a matter of margin: nothing can download it
                sink.emit_as(
                    &SAS_02,
                    Severity::Error,
                    loc(),
                    "the SAS URI has expired; make a new one valid at least 15 days",
                );
            } else if days < 15.0 {
                sink.emit(
                    &SAS_02,
                    loc(),
                    format!(
                        "the SAS URI expires in {days:.1} days; it should stay valid at least 15 days, \
                         the time of a review round: make one valid longer"
                    ),
                );
            } else if days < 30.0 {
                sink.emit_as(
                    &SAS_02,
                    Severity::Info,
                    loc(),
                    format!("the SAS URI expires in {days:.0} days; 30 or more leaves room for a second review round"),
                );
            }
        }
        Some(Err(se)) => sink.emit(
            &SAS_01,
            loc(),
            format!("the expiry `se={se}` is not a UTC date and time"),
        ),
        None => sink.emit(&SAS_01, loc(), "the SAS URI has no expiry (`se`)"),
    }
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS[.fff]]Z` (the forms a SAS expiry
/// takes) into Unix seconds, on a real calendar: `2027-02-31` is not a date.
pub fn parse_utc(s: &str) -> Option<i64> {
    let s = s.trim();
    let stamp = if s.contains('T') {
        // UTC only: a SAS expiry is always given in UTC
        s.strip_suffix('Z')?;
        s.parse::<jiff::Timestamp>().ok()?
    } else {
        let date: jiff::civil::Date = s.parse().ok()?;
        jiff::tz::Offset::UTC
            .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
            .ok()?
    };
    Some(stamp.as_second())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Diagnostic, Submission};
    use crate::rules::cases::Case;

    const NOW: i64 = 1_795_305_600; // 2026-11-22T00:00:00Z

    /// The form checks on the good draft changed by `f`, for a connector without
    /// OAuth whose definition has no categories.
    fn form(f: fn(&mut Submission)) -> Vec<Diagnostic> {
        form_in(f, ctx())
    }

    fn form_in(f: fn(&mut Submission), ctx: FormContext) -> Vec<Diagnostic> {
        let mut s = good();
        f(&mut s);
        let mut sink = Sink::new();
        check(&mut sink, &s, None, &ctx);
        sink.into_diagnostics()
    }

    /// The form checks on the good draft with `client_id` and `secret`, for a
    /// connector with OAuth.
    fn oauth_form(client_id: &str, secret: Option<&str>) -> Vec<Diagnostic> {
        let mut s = good();
        s.packages.oauth_client_id = client_id.into();
        let secret = secret.map(|v| ClientSecret::new(v.into()));
        let mut sink = Sink::new();
        let c = FormContext {
            oauth: Some(true),
            ..ctx()
        };
        check(&mut sink, &s, secret.as_ref(), &c);
        sink.into_diagnostics()
    }

    fn sas_uri(s: &mut Submission, from: &str, to: &str) {
        assert!(s.packages.sas_uri.contains(from), "{from}");
        s.packages.sas_uri = s.packages.sas_uri.replace(from, to);
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &PC_01,
                || form(|s| s.offer.name = " ".into()),
                || form(|s| s.offer.name = "C".into()),
            ),
            Case::new(
                &PC_02,
                || form(|s| s.properties.categories = vec!["productivity".into()]),
                || form(|s| s.properties.categories = vec!["Productivity".into()]),
            ),
            Case::new(
                &PC_02,
                || {
                    let swagger = vec!["Data".into()];
                    form_in(
                        |_| {},
                        FormContext {
                            swagger_categories: Some(swagger),
                            ..ctx()
                        },
                    )
                },
                || {
                    let swagger = vec![" productivity".into(), "Data".into()];
                    form_in(
                        |_| {},
                        FormContext {
                            swagger_categories: Some(swagger),
                            ..ctx()
                        },
                    )
                },
            )
            .reported_as(Severity::Warning),
            Case::new(
                &PC_03,
                || {
                    form(|s| {
                        s.properties.legal.eula_url = "https://contoso.example.com/eula".into()
                    })
                },
                || {
                    form(|s| {
                        s.properties.legal.standard_contract = false;
                        s.properties.legal.eula_url = "https://contoso.example.com/eula".into();
                    })
                },
            ),
            Case::new(
                &PC_04,
                || {
                    form(|s| {
                        s.properties.support_document_url =
                            "http://contoso.example.com/support".into()
                    })
                },
                || {
                    form(|s| {
                        s.properties.support_document_url =
                            "https://contoso.example.com/support/".into()
                    })
                },
            ),
            Case::new(
                &PC_04,
                || form(|s| s.properties.privacy_policy_url = "https://contosocom/privacy".into()),
                || form(|s| s.properties.privacy_policy_url = "https://contoso.com/privacy".into()),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &PC_05,
                || form(|s| s.availability.hide_key = "contoso-2026".into()),
                || form(|s| s.availability.hide_key = "contoso2026".into()),
            ),
            Case::new(
                &PC_06,
                || {
                    form(|s| {
                        s.availability
                            .notification_emails
                            .push("ops@contoso".into())
                    })
                },
                || {
                    form(|s| {
                        s.availability
                            .notification_emails
                            .push("ops@contoso.com".into())
                    })
                },
            ),
            Case::new(
                &PC_07,
                || oauth_form("8f14e45f-ceea-4672-a4ce-0d2a5c1b9b7e", None),
                || {
                    oauth_form(
                        "8f14e45f-ceea-4672-a4ce-0d2a5c1b9b7e",
                        Some("typed in the form"),
                    )
                },
            ),
            Case::new(
                &PC_07,
                || {
                    form(|s| {
                        s.packages.oauth_client_id = "8f14e45f-ceea-4672-a4ce-0d2a5c1b9b7e".into()
                    })
                },
                || form(|s| s.packages.oauth_client_id = "  ".into()),
            ),
            Case::new(
                &SAS_01,
                || form(|s| sas_uri(s, "sp=r&", "sp=w&")),
                || form(|s| sas_uri(s, "sp=r&", "sp=rl&")),
            ),
            Case::new(
                &SAS_01,
                || form(|s| sas_uri(s, "acct.blob.core.windows.net", "blob.core.windows.net")),
                || form(|s| sas_uri(s, "acct.blob.core.windows.net", "a.blob.core.windows.net")),
            ),
            Case::new(
                &SAS_02,
                || form(|s| sas_uri(s, "2027-01-31", "2026-12-06")),
                || form(|s| sas_uri(s, "2027-01-31", "2026-12-08")),
            ),
            Case::new(
                &SAS_02,
                || form(|s| sas_uri(s, "2027-01-31", "2026-11-21")),
                || form(|s| sas_uri(s, "2027-01-31", "2026-11-23")),
            )
            .reported_as(Severity::Error),
        ]
    }

    fn good() -> Submission {
        let mut s = Submission::default();
        s.packages.sas_uri =
            "https://acct.blob.core.windows.net/pkgs/c.zip?sp=r&se=2027-01-31T00:00:00Z&sig=x"
                .into();
        s.offer.name = "Contoso Tasks".into();
        s.properties.categories = vec!["Productivity".into()];
        s.properties.legal.standard_contract = true;
        s.properties.privacy_policy_url = "https://contoso.example.com/privacy".into();
        s.properties.support_document_url = "https://contoso.example.com/support".into();
        s.availability.hide_key = "contoso2026".into();
        s.availability.notification_emails = vec!["ops@contoso.example.com".into()];
        s.offer.eligibility.owns_api = Some(true);
        s.offer.eligibility.support_contract = Some(true);
        s.offer.eligibility.uptime_sla = Some(true);
        s
    }

    fn codes(
        s: &Submission,
        secret: Option<&ClientSecret>,
        ctx: &FormContext,
    ) -> Vec<(String, String)> {
        let mut sink = Sink::new();
        check(&mut sink, s, secret, ctx);
        sink.into_diagnostics()
            .into_iter()
            .map(|d| (d.code, d.location.field.unwrap_or_default()))
            .collect()
    }

    fn ctx() -> FormContext {
        FormContext {
            oauth: Some(false),
            swagger_categories: None,
            now_unix: NOW,
            uploaded_now: None,
        }
    }

    #[test]
    fn good_form_is_silent() {
        assert!(codes(&good(), None, &ctx()).is_empty());
        assert_eq!(parse_utc("2026-11-22T00:00:00Z"), Some(NOW));
        assert_eq!(parse_utc("2026-11-22"), Some(NOW));
        assert_eq!(parse_utc("2026-11-22T00:00Z"), Some(NOW));
        assert_eq!(parse_utc("2026-11-22T00:00:00.5Z"), Some(NOW));
        assert_eq!(parse_utc("2028-02-29T00:00:00Z"), Some(1_835_395_200));
        for bad in [
            "2027-02-31",
            "2027-02-29T00:00:00Z",
            "2026-13-01",
            "2026-11-22T24:00:00Z",
            "2026-11-22T00:00:00+01:00",
            "2026-11-22T00:00:00",
            "tomorrow",
        ] {
            assert_eq!(parse_utc(bad), None, "{bad}");
        }
    }

    #[test]
    fn pc01_offer_name() {
        let mut s = good();
        s.offer.name = "  ".into();
        assert_eq!(
            codes(&s, None, &ctx()),
            [("PC-01".into(), "offer.name".into())]
        );
    }

    #[test]
    fn sec01_the_secret_in_another_field() {
        let secret = ClientSecret::new("Qx8~h2Lr0pZk3vN9".into());
        let mut s = good();
        s.packages.oauth_client_id = secret.expose().to_owned();
        s.offer.name = format!("Contoso {}", secret.expose());
        s.properties.privacy_policy_url = format!(
            "https://contoso.example.com/privacy?k={}",
            percent_encoding::utf8_percent_encode(
                secret.expose(),
                percent_encoding::NON_ALPHANUMERIC
            )
        );
        let mut sink = Sink::new();
        check(&mut sink, &s, Some(&secret), &ctx());
        let mut fields: Vec<_> = sink
            .diagnostics()
            .iter()
            .filter(|d| d.code == "SEC-01")
            .filter_map(|d| d.location.field.clone())
            .collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "offer.name",
                "packages.oauthClientId",
                "properties.privacyPolicyUrl"
            ]
        );
        // and no finding quotes it
        for d in sink.diagnostics() {
            assert!(!d.message.contains(secret.expose()), "{}", d.message);
        }
        // the secret itself in its own field is not a finding
        let mut sink = Sink::new();
        check(&mut sink, &good(), Some(&secret), &ctx());
        assert!(sink.diagnostics().iter().all(|d| d.code != "SEC-01"));
    }

    #[test]
    fn pc02_categories() {
        let mut s = good();
        s.properties.categories = vec![];
        assert_eq!(codes(&s, None, &ctx())[0].0, "PC-02");
        s.properties.categories = vec!["productivity".into()];
        assert_eq!(codes(&s, None, &ctx())[0].0, "PC-02");
        s.properties.categories = ["AI", "Data", "Finance", "Website"]
            .map(String::from)
            .to_vec();
        assert_eq!(codes(&s, None, &ctx()).len(), 1);
        let mut sink = Sink::new();
        let c = FormContext {
            swagger_categories: Some(vec!["Data".into()]),
            ..ctx()
        };
        check(&mut sink, &good(), None, &c);
        assert_eq!(sink.diagnostics()[0].severity, Severity::Warning);
    }

    #[test]
    fn pc03_legal() {
        let mut s = good();
        s.properties.legal.eula_url = "https://contoso.example.com/eula".into();
        assert_eq!(codes(&s, None, &ctx())[0].0, "PC-03");
        s.properties.legal.standard_contract = false;
        assert!(codes(&s, None, &ctx()).is_empty());
        s.properties.legal.eula_url = "http://contoso.example.com/eula".into();
        assert_eq!(
            codes(&s, None, &ctx())[0],
            ("PC-03".into(), "properties.legal.eulaUrl".into())
        );
        s.properties.legal.eula_url.clear();
        assert_eq!(codes(&s, None, &ctx())[0].0, "PC-03");
    }

    #[test]
    fn pc04_links() {
        let mut s = good();
        s.properties.privacy_policy_url.clear();
        s.properties.support_document_url = "www.contoso.com/support".into();
        let c = codes(&s, None, &ctx());
        assert_eq!(c.len(), 2);
        assert!(c.iter().all(|(code, _)| code == "PC-04"));
        assert!(https_url(" https://a.example.com").is_err());
        assert!(https_url("https://localhost").is_err());
        assert!(https_url("hhttps://www.daffy.org/").is_err());
        assert!(https_url("https://wwwcqcorguk/about").is_ok());
        assert_eq!(
            dotless_host("https://wwwcqcorguk/about").as_deref(),
            Some("wwwcqcorguk")
        );
        assert_eq!(dotless_host("https://contoso.example.com/"), None);
    }

    #[test]
    fn pc05_hide_key() {
        let mut s = good();
        s.availability.hide_key = "Contoso-1".into();
        assert_eq!(
            codes(&s, None, &ctx()),
            [("PC-05".into(), "availability.hideKey".into())]
        );
        s.availability.hide_key.clear();
        assert!(codes(&s, None, &ctx()).is_empty(), "empty means public");
    }

    #[test]
    fn pc06_emails() {
        let mut s = good();
        s.availability.notification_emails =
            vec!["ops@contoso.example.com".into(), "not an email".into()];
        assert_eq!(
            codes(&s, None, &ctx()),
            [("PC-06".into(), "availability.notificationEmails.1".into())]
        );
        assert!(!is_email("a@b") && !is_email("@b.com") && is_email("a.b+c@d.example"));
    }

    #[test]
    fn pc07_oauth() {
        let s = good();
        let c = FormContext {
            oauth: Some(true),
            ..ctx()
        };
        assert_eq!(codes(&s, None, &c).len(), 2);
        let mut s2 = good();
        s2.packages.oauth_client_id = "abc".into();
        let secret = ClientSecret::new("s3cr3t".into());
        assert!(codes(&s2, Some(&secret), &c).is_empty());
        assert_eq!(codes(&s2, None, &ctx())[0].0, "PC-07");
    }

    #[test]
    fn sas_rules() {
        let run = |uri: &str| {
            let mut sink = Sink::new();
            sas(&mut sink, uri, NOW);
            sink.into_diagnostics()
        };
        let ok = "https://acct.blob.core.windows.net/pkgs/c.zip?sp=r&st=2026-11-01T00:00:00Z&se=2027-01-31T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=abc%2Bdef%3D";
        assert!(run(ok).is_empty(), "{:?}", run(ok));
        let d = run(&format!(" {ok}"));
        assert_eq!(d[0].code, "SAS-01");
        let d = run(&ok.replace("sp=r", "sp=w"));
        assert_eq!(d[0].code, "SAS-01");
        assert!(
            !d[0].message.contains("abc"),
            "the signature never appears in a message"
        );
        let d = run(&ok.replace("&sig=abc%2Bdef%3D", ""));
        assert_eq!(d[0].code, "SAS-01");
        let d = run(&ok.replace("2027-01-31", "2026-11-30"));
        assert_eq!(
            (d[0].code.as_str(), d[0].severity),
            ("SAS-02", Severity::Warning)
        );
        let d = run(&ok.replace("2027-01-31", "2026-12-12"));
        assert_eq!(
            (d[0].code.as_str(), d[0].severity),
            ("SAS-02", Severity::Info)
        );
        let d = run(&ok.replace("acct.blob.core.windows.net", "example.com"));
        assert_eq!(d[0].code, "SAS-01");
        let d = run(&ok.replace("se=2027-01-31T00:00:00Z", "se=2027-01-31T00%3A00%3A00Z"));
        assert!(d.is_empty());
        let d = run(&ok.replace("2027-01-31", "2026-11-01"));
        assert_eq!(
            (d[0].code.as_str(), d[0].severity),
            ("SAS-02", Severity::Error),
            "expired is an error: nothing can download it"
        );
        let d = run(&ok.replace("sp=r", "sp=racwd"));
        assert_eq!(
            (d[0].code.as_str(), d[0].severity),
            ("SAS-01", Severity::Warning)
        );
        assert!(d[0].message.contains("`acwd`"), "{}", d[0].message);
        assert!(run(&ok.replace("sp=r", "sp=rl")).is_empty());
        // an emulator's URL: an error in the form, one warning where emulators are taken
        let local = "http://127.0.0.1:10000/devstoreaccount1/pkgs/c.zip?sp=r&se=2027-01-31T00:00:00Z&sig=abc";
        let d = run(local);
        assert_eq!(d.len(), 1, "one error, saying why: {d:?}");
        assert_eq!(d[0].severity, Severity::Error);
        assert!(d[0].message.contains("this machine"), "{}", d[0].message);
        let mut sink = Sink::new();
        sas_with(&mut sink, local, NOW, true);
        let d = sink.into_diagnostics();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (d[0].code.as_str(), d[0].severity),
            ("SAS-01", Severity::Warning)
        );
        let mut sink = Sink::new();
        sas_with(&mut sink, &local.replace("/c.zip", ""), NOW, true);
        assert!(
            sink.diagnostics()
                .iter()
                .any(|d| d.message.contains("names no blob"))
        );
        let mut s = good();
        s.packages.sas_uri.clear();
        assert_eq!(
            codes(&s, None, &ctx()),
            [("SAS-01".into(), "packages.sasUri".into())]
        );
        s.offer.publisher = PublisherKind::Independent;
        s.offer.eligibility.owns_api = Some(false);
        assert!(
            codes(&s, None, &ctx()).is_empty(),
            "independent publishers upload to GitHub, not a SAS URI"
        );
    }
}
