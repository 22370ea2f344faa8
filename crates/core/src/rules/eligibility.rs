//! Microsoft's certification criteria (ELG), which come before every other rule:
//! the publisher owns the API (verified publishers), the API authenticates with
//! OAuth 2.0, an API key or basic (or not at all, for open data), customers can get
//! support, and the service has 99.9% uptime (recommended). Microsoft's table, "What
//! are the requirements for certification?" on "Get your connector certified", marks
//! the first three required and the uptime recommended.
//!
//! - ELG-01 reads the authentication from the connector ([`auth_kind`],
//!   [`auth_options`]); it runs with the content rules on every connector.
//! - ELG-02…04 are the Offer setup answers ([`check_form`], run by
//!   [`super::form::check`]); an unanswered question is a note, never an error.
//! - [`coverage`] is the documentation figure the wizard shows (summaries,
//!   descriptions and `x-ms-visibility` over operations, parameters and response
//!   properties). It raises no finding: the gaps of operations and parameters are
//!   already OPS-02, OPS-03 and OPS-05, and response properties without a label or a
//!   description are in 402 of the 524 certified connectors of the corpus.

use std::collections::HashSet;

use crate::connector::{ConnectorFiles, JsonFile, Origin};
use crate::model::{AuthKind, Coverage, Documented, Location, PublisherKind, Severity, Submission};
use crate::read::json::Value;

use super::Sink;
use super::content::definition::{Definition, Step, WALK_BUDGET};
use super::content::properties::{parameter_groups, params_base};
use super::content::util::ptr;

const CRITERIA: Option<&str> =
    Some("https://learn.microsoft.com/en-us/connectors/custom-connectors/submit-certification");

rules! {
    ELG_01 {
        code: "ELG-01",
        severity: Warning,
        scope: Connector,
        title: "Authentication is OAuth 2.0, an API key or basic (none only for open data)",
        explanation: "Microsoft's certification criteria require the API to support OAuth 2.0 (Microsoft Entra ID \
            included), an API key, basic authentication or, for public data, none. Anything else (a client \
            certificate, Windows authentication through the on-premises gateway, a custom scheme) is not on that \
            list: offer one of the listed ones as well (a `connectionParameterSets` option), or explain it to your \
            Microsoft contact before you submit. certpack infers the authentication from the connection \
            parameters and the swagger's `securityDefinitions`, so this is a warning; a connector without \
            authentication is a note.",
        url: CRITERIA,
    }
    ELG_02 {
        code: "ELG-02",
        severity: Error,
        scope: Form,
        title: "A verified publisher owns the API behind the connector",
        explanation: "Verified publishers own the underlying service (or can present explicit rights to use its \
            API); independent publishers do not. If you do not own the API, certify the connector as an \
            independent publisher (a pull request to microsoft/PowerPlatformConnectors) or obtain written rights \
            to use the API, show them to Microsoft, and allow ELG-02 in `certpack.toml` with that reason. If you \
            own it, certify as a verified publisher through Partner Center.",
        url: CRITERIA,
    }
    ELG_03 {
        code: "ELG-03",
        severity: Error,
        scope: Form,
        title: "Customers can get support",
        explanation: "Microsoft's criteria require a support contact so that customers can get help, for verified \
            and independent publishers alike: set up a support channel (an address, a support site) before you \
            submit, and give its link as the support document.",
        url: CRITERIA,
    }
    ELG_04 {
        code: "ELG-04",
        severity: Warning,
        scope: Form,
        title: "The service has at least 99.9% uptime",
        explanation: "Microsoft recommends (it does not require) that the service behind the connector be up at \
            least 99.9% of the time. Moving a connector from preview to general availability later asks for \
            99.95% availability, so plan for it.",
        url: CRITERIA,
    }
}

/// What Offer setup says of a connector's authentication `options` (empty: `kind`
/// alone): Microsoft certifies OAuth 2.0, API key and basic authentication, and none
/// only for open data (ELG-01 explains anything else).
pub fn auth_sentence(kind: &AuthKind, options: &[AuthKind]) -> String {
    let options = if options.is_empty() {
        std::slice::from_ref(kind)
    } else {
        options
    };
    let mut names: Vec<String> = Vec::new();
    for o in options {
        let name = o.to_string();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let names = names.join(", ");
    if options.iter().any(AuthKind::is_eligible) {
        format!("The connector uses {names}: an authentication Microsoft certifies.")
    } else if options.iter().all(|o| *o == AuthKind::None) {
        "The connector declares no authentication: Microsoft certifies that only for public, open data."
            .into()
    } else {
        format!(
            "The connector uses {names}: Microsoft certifies OAuth 2.0, API key or basic authentication (see ELG-01 on Review)."
        )
    }
}

/// The authentication a connector offers, read from its files: each multi-auth option
/// (`connectionParameterSets`) once, else the single set of connection parameters,
/// else the swagger's `securityDefinitions`. Empty when neither file was read.
pub fn auth_options(c: &ConnectorFiles) -> Vec<AuthKind> {
    let schemes = security_schemes(c);
    let mut out: Vec<AuthKind> = Vec::new();
    let mut push = |k: AuthKind| {
        if !out.contains(&k) {
            out.push(k);
        }
    };
    let groups = c
        .properties
        .as_ref()
        .map(|p| parameter_groups(p, c.origin))
        .unwrap_or_default();
    let sets: Vec<_> = groups.iter().filter(|g| g.is_set).collect();
    if !sets.is_empty() {
        for g in sets {
            push(classify(Some(g.value), &schemes, false));
        }
    } else if let Some(g) = groups.first() {
        push(classify(Some(g.value), &schemes, true));
    } else if c.properties.as_ref().and_then(JsonFile::root).is_some()
        || c.swagger.as_ref().and_then(JsonFile::root).is_some()
    {
        push(classify(None, &schemes, true));
    }
    out
}

/// How users authenticate to the connector's API: the first option Microsoft's
/// criteria list (OAuth 2.0, API key, basic), else the first option, else
/// [`AuthKind::None`].
pub fn auth_kind(c: &ConnectorFiles) -> AuthKind {
    let options = auth_options(c);
    options
        .iter()
        .find(|k| k.is_eligible())
        .or_else(|| options.first())
        .cloned()
        .unwrap_or(AuthKind::None)
}

/// The swagger's `securityDefinitions`: (type, flow), lowercase.
fn security_schemes(c: &ConnectorFiles) -> Vec<(String, String)> {
    c.security_definitions()
        .iter()
        .map(|m| {
            let s = |k: &str| {
                m.value
                    .get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_ascii_lowercase()
            };
            (s("type"), s("flow"))
        })
        .collect()
}

/// One option's authentication, from its connection parameters (`None` when the
/// connector has none) and the swagger's schemes (used when the parameters do not
/// say, and to tell basic from an API key). `alone`: the connector's only option, so
/// the swagger speaks for it.
fn classify(params: Option<&Value>, schemes: &[(String, String)], alone: bool) -> AuthKind {
    let members = params.and_then(Value::as_object).unwrap_or_default();
    let kind_of = |v: &Value| {
        v.get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    if let Some(oauth) = members.iter().find(|m| kind_of(&m.value) == "oauthsetting") {
        let provider = oauth
            .value
            .get("oAuthSettings")
            .and_then(|s| s.get("identityProvider"))
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned);
        return AuthKind::OAuth2 { provider };
    }
    let types: Vec<String> = members.iter().map(|m| kind_of(&m.value)).collect();
    if types.iter().any(|t| t.contains("certificate")) {
        return AuthKind::Other {
            what: "a client certificate".into(),
        };
    }
    if types.iter().any(|t| t == "gatewaysetting") {
        return AuthKind::Other {
            what: "the on-premises data gateway (Windows or gateway authentication)".into(),
        };
    }
    if let Some(t) = types
        .iter()
        .find(|t| !["string", "securestring", "int", "bool"].contains(&t.as_str()))
    {
        return AuthKind::Other {
            what: if t.is_empty() {
                "a connection parameter without a type".into()
            } else {
                format!("a connection parameter of type `{t}`")
            },
        };
    }
    let names: Vec<String> = members.iter().map(|m| m.key.to_ascii_lowercase()).collect();
    let secure = types.iter().any(|t| t == "securestring");
    let has_scheme = |t: &str| schemes.iter().any(|(k, _)| k == t);
    if secure {
        let password = names.iter().any(|n| n.contains("password"));
        let user = names.iter().any(|n| {
            ["user", "login", "email", "account"]
                .iter()
                .any(|u| n.contains(u))
        });
        let basic_only = has_scheme("basic") && !has_scheme("apikey");
        return if (password && (user || has_scheme("basic"))) || basic_only {
            AuthKind::Basic
        } else {
            AuthKind::ApiKey
        };
    }
    if !alone {
        return AuthKind::None;
    }
    // No secret among the parameters: the swagger's schemes say what is sent.
    match schemes.first().map(|(t, _)| t.as_str()) {
        Some("oauth2") => AuthKind::OAuth2 { provider: None },
        Some("basic") => AuthKind::Basic,
        Some("apikey") => AuthKind::ApiKey,
        Some(other) => AuthKind::Other {
            what: if other.is_empty() {
                "a security definition without a type".into()
            } else {
                format!("the security scheme `{other}`")
            },
        },
        None => AuthKind::None,
    }
}

/// Where a finding about the authentication goes: the connection parameters, else
/// the swagger's `securityDefinitions`, else the definition.
fn auth_location(c: &ConnectorFiles) -> Option<Location> {
    if let Some(p) = &c.properties
        && let Some(g) = parameter_groups(p, c.origin).first()
    {
        return Some(p.at(if g.is_set {
            match c.origin {
                Origin::SourceFolder => "/properties/connectionParameterSets",
                Origin::Solution => "/sets",
            }
        } else {
            &g.pointer
        }));
    }
    if let Some(sw) = &c.swagger {
        let defs = sw.root().and_then(|r| r.get("securityDefinitions"));
        return Some(sw.at(if defs.is_some() {
            "/securityDefinitions"
        } else {
            ""
        }));
    }
    c.properties.as_ref().map(|p| p.at(params_base(c.origin)))
}

/// ELG-01 on one connector (called with the content rules).
pub fn check_connector(sink: &mut Sink, c: &ConnectorFiles) {
    let options = auth_options(c);
    if options.is_empty() || options.iter().any(AuthKind::is_eligible) {
        return;
    }
    let Some(at) = auth_location(c) else { return };
    let others: Vec<String> = options
        .iter()
        .filter_map(|k| match k {
            AuthKind::Other { what } => Some(what.clone()),
            _ => None,
        })
        .collect();
    if others.is_empty() {
        sink.emit_as(
            &ELG_01,
            Severity::Info,
            at,
            "the connector declares no authentication (no secure connection parameter, no OAuth, no security \
             definition): that is fine for open data, and Microsoft certifies connectors without \
             authentication only for public data",
        );
    } else {
        sink.emit(
            &ELG_01,
            at,
            format!(
                "the connector authenticates with {}, which is not among the authentications Microsoft \
                 certifies (OAuth 2.0, API key, basic, or none for open data): add one of those, or explain it \
                 to your Microsoft contact",
                others.join(" and ")
            ),
        );
    }
}

/// How fully the connector's definition is documented (see [`Coverage`]); all zero
/// without a definition.
pub fn coverage(c: &ConnectorFiles) -> Coverage {
    c.swagger
        .as_ref()
        .and_then(|sw| Definition::new(sw, c.origin))
        .map(|d| coverage_of(&d))
        .unwrap_or_default()
}

fn text(v: &Value, key: &str) -> bool {
    v.get(key)
        .and_then(Value::as_str)
        .is_some_and(|s| !s.trim().is_empty())
}

fn coverage_of(def: &Definition<'_>) -> Coverage {
    let mut cov = Coverage::default();
    let mut seen_params: HashSet<&str> = HashSet::new();
    let mut seen_props: HashSet<String> = HashSet::new();
    let mut seen_refs: HashSet<String> = HashSet::new();
    let mut budget = WALK_BUDGET;
    for op in &def.ops {
        let o = &mut cov.operations;
        o.count = o.count.saturating_add(1);
        o.visibility.count(text(op.value, "x-ms-visibility"));
        if op.is_internal() {
            continue;
        }
        o.summary.count(text(op.value, "summary"));
        o.description.count(text(op.value, "description"));
        for p in def.params(op) {
            if p.is_body() || !seen_params.insert(p.pointer.as_str()) {
                continue;
            }
            element(&mut cov.parameters, p.value, p.internal(), "x-ms-summary");
        }
        let Some((at, schema)) = def.output_schema(op) else {
            continue;
        };
        if budget == 0 {
            cov.truncated = true;
            continue;
        }
        let props = &mut cov.properties;
        let done = def.walk(schema, &at, true, |node| {
            if budget == 0 {
                return false;
            }
            budget -= 1;
            let first = seen_props.insert(node.pointer.clone());
            if let Step::Property(name) = node.step {
                // A property written in place is counted at its pointer; one that is a
                // `$ref` at its target and name (the walk names where it resolved).
                let written = node
                    .pointer
                    .ends_with(&format!("/properties{}", ptr("", name)));
                let new = if written {
                    first
                } else {
                    seen_refs.insert(format!("{}\u{0}{name}", node.pointer))
                };
                let internal = super::content::definition::is_internal(node.value);
                if new {
                    let titled = text(node.value, "x-ms-summary") || text(node.value, "title");
                    props.count = props.count.saturating_add(1);
                    props.visibility.count(text(node.value, "x-ms-visibility"));
                    if !internal {
                        props.summary.count(titled);
                        props.description.count(text(node.value, "description"));
                    }
                }
                if internal {
                    return false;
                }
            }
            first
        });
        if !done || budget == 0 {
            cov.truncated = true;
        }
    }
    cov
}

/// Counts one parameter.
fn element(d: &mut Documented, v: &Value, internal: bool, summary_key: &str) {
    d.count = d.count.saturating_add(1);
    d.visibility.count(text(v, "x-ms-visibility"));
    if !internal {
        d.summary.count(text(v, summary_key));
        d.description.count(text(v, "description"));
    }
}

/// ELG-02…04: the eligibility answers of Offer setup, at their field ids. A question
/// not answered yet is a note.
pub fn check_form(sink: &mut Sink, sub: &Submission) {
    let e = &sub.offer.eligibility;
    let verified = sub.offer.publisher == PublisherKind::Verified;
    let field = |f: &str| Location::field(format!("offer.eligibility.{f}"));
    match (e.owns_api, verified) {
        (Some(false), true) => sink.emit(
            &ELG_02,
            field("ownsApi"),
            "a verified publisher owns the API behind the connector: certify it as an independent publisher \
             instead, or present Microsoft explicit rights to use the API",
        ),
        (Some(true), false) => sink.emit_as(
            &ELG_02,
            Severity::Warning,
            field("ownsApi"),
            "you own the API: the independent publisher program is for publishers who do not, so certify the \
             connector as a verified publisher through Partner Center",
        ),
        (None, _) => sink.emit_as(
            &ELG_02,
            Severity::Info,
            field("ownsApi"),
            "answer whether you own the API behind the connector",
        ),
        _ => {}
    }
    match e.support_contract {
        Some(false) => sink.emit(
            &ELG_03,
            field("supportContract"),
            "Microsoft requires a support contact so that customers can get help: set one up before you submit",
        ),
        None => sink.emit_as(
            &ELG_03,
            Severity::Info,
            field("supportContract"),
            "answer whether customers can get support for the connector",
        ),
        Some(true) => {}
    }
    match e.uptime_sla {
        Some(false) => sink.emit(
            &ELG_04,
            field("uptimeSla"),
            "Microsoft recommends at least 99.9% uptime for the service behind a certified connector",
        ),
        None => sink.emit_as(
            &ELG_04,
            Severity::Info,
            field("uptimeSla"),
            "answer whether the service has at least 99.9% uptime",
        ),
        Some(true) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::content::testing::*;
    use super::*;
    use crate::model::{Diagnostic, Share};
    use crate::rules::cases::Case;
    use crate::rules::form::FormContext;
    use serde_json::json;

    fn token(v: &mut serde_json::Value) -> &mut serde_json::Value {
        &mut v["properties"]["connectionParameters"]["token"]
    }

    /// Every form finding on a draft that answered every question yes, changed by `f`.
    fn form(f: fn(&mut Submission)) -> Vec<Diagnostic> {
        let mut s = answered();
        f(&mut s);
        let mut sink = Sink::new();
        super::super::form::check(&mut sink, &s, None, &FormContext::default());
        sink.into_diagnostics()
    }

    fn answered() -> Submission {
        let mut s = Submission::default();
        s.offer.eligibility.owns_api = Some(true);
        s.offer.eligibility.support_contract = Some(true);
        s.offer.eligibility.uptime_sla = Some(true);
        s
    }

    /// The good connector with no connection parameters and no security definitions.
    fn open_data() -> ConnectorFiles {
        let mut c = good_connector();
        let mut p = good_properties();
        p["properties"]
            .as_object_mut()
            .unwrap()
            .remove("connectionParameters");
        c.properties = Some(json_file("apiProperties.json", &p.to_string()));
        let mut s = good_swagger();
        s.as_object_mut().unwrap().remove("securityDefinitions");
        c.swagger = Some(json_file("apiDefinition.swagger.json", &s.to_string()));
        c
    }

    /// The good connector with these connection parameters (`props`, the value of
    /// `properties`' members) and these security definitions.
    fn connector(props: serde_json::Value, security: serde_json::Value) -> ConnectorFiles {
        let mut c = good_connector();
        let mut p = good_properties();
        let obj = p["properties"].as_object_mut().unwrap();
        obj.remove("connectionParameters");
        for (k, v) in props.as_object().unwrap() {
            obj.insert(k.clone(), v.clone());
        }
        c.properties = Some(json_file("apiProperties.json", &p.to_string()));
        let mut s = good_swagger();
        s["securityDefinitions"] = security;
        c.swagger = Some(json_file("apiDefinition.swagger.json", &s.to_string()));
        c
    }

    fn single(params: serde_json::Value, security: serde_json::Value) -> AuthKind {
        auth_kind(&connector(
            json!({ "connectionParameters": params }),
            security,
        ))
    }

    #[test]
    fn auth_kinds_from_parameters_and_definitions() {
        let key = json!({"api_key": {"type": "securestring"}});
        let none = json!({});
        assert_eq!(single(key.clone(), none.clone()), AuthKind::ApiKey);
        assert_eq!(
            single(key, json!({"b": {"type": "basic"}})),
            AuthKind::Basic,
            "the swagger says basic"
        );
        let user = json!({"username": {"type": "string"}, "password": {"type": "securestring"}});
        assert_eq!(single(user, json!({})), AuthKind::Basic);
        assert_eq!(
            single(
                json!({"token": {"type": "oauthSetting", "oAuthSettings": {"identityProvider": "aad"}},
                    "token:clientSecret": {"type": "securestring"}}),
                none.clone()
            ),
            AuthKind::OAuth2 {
                provider: Some("aad".into())
            },
            "`token:` secure strings feed the OAuth settings"
        );
        assert_eq!(
            single(json!({"cert": {"type": "clientCertificate"}}), none.clone()),
            AuthKind::Other {
                what: "a client certificate".into()
            }
        );
        assert!(matches!(
            single(json!({"gw": {"type": "gatewaySetting"}}), none.clone()),
            AuthKind::Other { .. }
        ));
        assert_eq!(
            single(json!({"x": {"type": "windows"}}), none.clone()),
            AuthKind::Other {
                what: "a connection parameter of type `windows`".into()
            }
        );
        // nothing secret among the parameters: the swagger speaks
        let host = json!({"host": {"type": "string"}});
        assert_eq!(
            single(
                host.clone(),
                json!({"o": {"type": "oauth2", "flow": "accessCode"}})
            ),
            AuthKind::OAuth2 { provider: None }
        );
        assert_eq!(
            single(host.clone(), json!({"k": {"type": "apiKey"}})),
            AuthKind::ApiKey
        );
        assert_eq!(single(host, none), AuthKind::None);
        // a solution without connection parameters and a swagger without security
        let mut c = open_data();
        c.properties = None;
        assert_eq!(auth_options(&c), [AuthKind::None]);
        c.swagger = None;
        assert!(auth_options(&c).is_empty(), "nothing read, nothing said");
        assert_eq!(auth_kind(&c), AuthKind::None);
    }

    #[test]
    fn multi_auth_options_and_elg01() {
        let sets = json!({"connectionParameterSets": {"values": [
            {"name": "cert", "parameters": {"c": {"type": "clientCertificate"}}},
            {"name": "key", "parameters": {"api_key": {"type": "securestring"}}},
            {"name": "key2", "parameters": {"key": {"type": "securestring"}}},
        ]}});
        let c = connector(sets, json!({}));
        assert_eq!(
            auth_options(&c),
            [
                AuthKind::Other {
                    what: "a client certificate".into()
                },
                AuthKind::ApiKey
            ]
        );
        assert_eq!(auth_kind(&c), AuthKind::ApiKey, "the first eligible option");
        let d = run_content(&c);
        assert!(
            d.iter().all(|d| d.code != "ELG-01"),
            "one certifiable option is enough"
        );
        let only_cert = connector(
            json!({"connectionParameterSets": {"values": [
                {"name": "cert", "parameters": {"c": {"type": "clientCertificate"}}}]}}),
            json!({}),
        );
        let d: Vec<_> = run_content(&only_cert)
            .into_iter()
            .filter(|d| d.code == "ELG-01")
            .collect();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Warning);
        assert!(
            d[0].message.contains("a client certificate"),
            "{}",
            d[0].message
        );
        assert_eq!(
            d[0].location.pointer.as_deref(),
            Some("/properties/connectionParameterSets")
        );
    }

    #[test]
    fn auth_kind_serialises_for_the_ui() {
        let j = |k: &AuthKind| serde_json::to_value(k).unwrap();
        assert_eq!(
            j(&AuthKind::OAuth2 {
                provider: Some("aad".into())
            }),
            json!({"kind": "oauth2", "provider": "aad"})
        );
        assert_eq!(j(&AuthKind::ApiKey), json!({"kind": "apiKey"}));
        assert_eq!(j(&AuthKind::None), json!({"kind": "none"}));
        assert_eq!(
            j(&AuthKind::Other { what: "x".into() }),
            json!({"kind": "other", "what": "x"})
        );
        assert_eq!(
            AuthKind::OAuth2 {
                provider: Some("aad".into())
            }
            .to_string(),
            "OAuth 2.0 (Microsoft Entra ID, `aad`)"
        );
    }

    #[test]
    fn shares_and_the_sentence() {
        let s = |with, total| Share { with, total };
        assert_eq!(s(0, 0).percent(), None);
        assert!(s(0, 0).is_full());
        assert_eq!(s(199, 200).percent(), Some(99), "never rounded up to 100");
        assert_eq!(s(1, 3).percent(), Some(33));
        assert_eq!(s(2, 2).percent(), Some(100));
        let one = Documented {
            count: 1,
            summary: s(1, 1),
            description: s(0, 1),
            visibility: s(0, 1),
        };
        let cov = Coverage {
            operations: one,
            parameters: one,
            properties: Documented::default(),
            truncated: false,
        };
        assert_eq!(
            cov.sentence(),
            "Summaries 100% · descriptions 0% · visibility 0% (1 operation, 1 parameter, 0 properties)"
        );
        assert_eq!(
            Coverage::default().sentence(),
            "Summaries – · descriptions – · visibility – (0 operations, 0 parameters, 0 properties)"
        );
    }

    /// A response schema of 40 levels, each property a `$ref` to the next level twice
    /// (2^40 paths): each property is counted once and the walk ends at once.
    #[test]
    fn coverage_is_bounded_on_a_ref_lattice() {
        let defs =
            crate::rules::content::testing::ref_lattice(json!({"type": "object", "properties": {
            "leaf": {"type": "string", "x-ms-summary": "Leaf", "description": "The leaf."}}}));
        let sw = json!({"swagger": "2.0", "definitions": defs, "paths": {"/a": {"get": {
            "operationId": "A", "summary": "Get A", "description": "Gets A.",
            "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/D0"}}}}}}});
        let mut c = good_connector();
        c.swagger = Some(json_file("s.json", &sw.to_string()));
        let t = std::time::Instant::now();
        let cov = coverage(&c);
        assert!(t.elapsed() < std::time::Duration::from_secs(5));
        assert!(!cov.truncated);
        assert_eq!(
            cov.properties.count, 81,
            "a and b of 40 levels, and the leaf"
        );
        assert_eq!(cov.properties.summary, Share { with: 1, total: 81 });
        assert_eq!(cov.operations.summary, Share { with: 1, total: 1 });
    }

    #[test]
    fn internal_elements_need_no_summary() {
        let cov = |f: fn(&mut serde_json::Value)| {
            let mut v = good_swagger();
            f(&mut v);
            let mut c = good_connector();
            c.swagger = Some(json_file("s.json", &v.to_string()));
            coverage(&c)
        };
        let before = cov(|_| {});
        let after = cov(|v| {
            for op in all_ops_mut(v) {
                op.remove("summary");
                op.insert("x-ms-visibility".into(), "internal".into());
            }
        });
        assert_eq!(after.operations.count, before.operations.count);
        assert_eq!(after.operations.summary.total, 0);
        assert!(after.operations.visibility.is_full());
        assert_eq!(
            after.parameters.count, 0,
            "an internal operation's parameters are not seen"
        );
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &ELG_01,
                || with_properties(|v| *token(v) = json!({"type": "gatewaySetting"})),
                || with_properties(|_| {}),
            ),
            Case::new(
                &ELG_01,
                || run_content(&open_data()),
                || {
                    let mut c = open_data();
                    let mut p = good_properties();
                    p["properties"]["connectionParameters"] = json!({"api_key": {"type": "securestring",
                        "uiDefinition": {"displayName": "API key", "description": "Your API key."}}});
                    c.properties = Some(json_file("apiProperties.json", &p.to_string()));
                    run_content(&c)
                },
            )
            .reported_as(Severity::Info),
            Case::new(
                &ELG_02,
                || form(|s| s.offer.eligibility.owns_api = Some(false)),
                || {
                    form(|s| {
                        s.offer.eligibility.owns_api = Some(false);
                        s.offer.publisher = PublisherKind::Independent;
                    })
                },
            ),
            Case::new(
                &ELG_02,
                || form(|s| s.offer.publisher = PublisherKind::Independent),
                || form(|_| {}),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &ELG_02,
                || form(|s| s.offer.eligibility.owns_api = None),
                || form(|_| {}),
            )
            .reported_as(Severity::Info),
            Case::new(
                &ELG_03,
                || form(|s| s.offer.eligibility.support_contract = Some(false)),
                || form(|s| s.offer.eligibility.support_contract = Some(true)),
            ),
            Case::new(
                &ELG_03,
                || form(|s| s.offer.eligibility.support_contract = None),
                || form(|_| {}),
            )
            .reported_as(Severity::Info),
            Case::new(
                &ELG_04,
                || form(|s| s.offer.eligibility.uptime_sla = Some(false)),
                || form(|s| s.offer.eligibility.uptime_sla = Some(true)),
            ),
            Case::new(
                &ELG_04,
                || form(|s| s.offer.eligibility.uptime_sla = None),
                || form(|_| {}),
            )
            .reported_as(Severity::Info),
        ]
    }

    #[test]
    fn the_sentence_says_whether_microsoft_certifies_the_authentication() {
        let key = auth_sentence(&AuthKind::ApiKey, &[]);
        assert!(
            key.contains("API key: an authentication Microsoft certifies"),
            "{key}"
        );
        let none = auth_sentence(&AuthKind::None, &[]);
        assert!(none.contains("only for public, open data"), "{none}");
        let other = AuthKind::Other {
            what: "client certificate".into(),
        };
        assert!(auth_sentence(&other, &[]).contains("ELG-01"));
        // each option once, in order
        let both = auth_sentence(
            &AuthKind::ApiKey,
            &[AuthKind::ApiKey, AuthKind::Basic, AuthKind::ApiKey],
        );
        assert!(
            both.starts_with("The connector uses API key, basic authentication:"),
            "{both}"
        );
    }
}
