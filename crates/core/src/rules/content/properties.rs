//! The connector's properties (PRP-01…08): `apiProperties.json` in a source folder,
//! the connection parameters and `iconbrandcolor` of customizations.xml in a solution
//! — certification-requirements.md §3.4, §3.5, §3.7, §3.8.

use std::collections::BTreeSet;

use crate::connector::{ConnectorFiles, JsonFile, Origin};
use crate::model::{Location, PublisherKind, Severity};
use crate::read::json::{Kind, Value};
use crate::rules::Sink;

use super::secrets::is_placeholder;
use super::util::{excerpt, ptr};
use super::{PREP, REPO, UPDATES};

rules! {
    PRP_01 {
        code: "PRP-01",
        severity: Error,
        scope: Connector,
        title: "apiProperties.json follows Microsoft's schema",
        explanation: "Fix the shape named in the message so the file validates against \
            `paconn-apiProperties.schema.json`, which Microsoft's apiProperties validator applies: a `properties` \
            object; connection parameter names of letters, digits and `_` (a `token:` prefix passes a value to \
            the OAuth settings, as 24 merged connectors do); types `string`, `securestring`, `int`, `bool`, \
            `gatewaySetting` or `oauthSetting`; an `oAuthSettings` object for OAuth with a known \
            `identityProvider`. Member names and type names in another case are a warning: Microsoft reads \
            them ignoring case and merged both spellings.",
        url: REPO,
    }
    PRP_02 {
        code: "PRP-02",
        severity: Error,
        scope: Connector,
        title: "iconBrandColor is a #rrggbb colour, not white or the default blue",
        explanation: "Set `iconBrandColor` to your brand colour as `#rrggbb`; the schema requires the property and \
            the format. Microsoft's template asks for neither `#ffffff` (white) nor `#007ee5` (the default blue), \
            but two connectors merged since 2023 use them, so those are warnings.",
        url: REPO,
    }
    PRP_03 {
        code: "PRP-03",
        severity: Error,
        scope: Connector,
        title: "Independent publisher: iconBrandColor is #da3b01",
        explanation: "Independent-publisher connectors all use `\"iconBrandColor\": \"#da3b01\"`.",
        url: REPO,
    }
    PRP_04 {
        code: "PRP-04",
        severity: Warning,
        scope: Connector,
        title: "publisher and stackOwner are given, in letters, digits and spaces",
        explanation: "Set `publisher` (your company, or for independent publishers your name) and `stackOwner` (the \
            company that owns the service) in `properties`, using letters, digits and spaces. Microsoft's \
            templates have both, but 15 connectors merged since 2023 lack one, new ones among them, so this is a \
            warning. (paconn cannot update a connector whose apiProperties has `stackOwner`; keep a copy \
            without it for paconn.)",
        url: PREP,
    }
    PRP_05 {
        code: "PRP-05",
        severity: Error,
        scope: Connector,
        title: "No OAuth client secret (and a placeholder client id) in the properties",
        explanation: "Files that go to GitHub or into the package must not hold the OAuth client secret: leave \
            `clientSecret` out or empty and give it in the Partner Center form. Replace the client id with a \
            clearly marked placeholder in the source folder.",
        url: REPO,
    }
    PRP_06 {
        code: "PRP-06",
        severity: Warning,
        scope: Connector,
        title: "uiDefinition constraints are the strings \"true\"/\"false\"",
        explanation: "Write `uiDefinition.constraints.required` and `hidden` as strings (`\"true\"`, `\"false\"`) as in \
            Microsoft's samples; JSON booleans are reported to be refused in certification.",
        url: REPO,
    }
    PRP_07 {
        code: "PRP-07",
        severity: Warning,
        scope: Connector,
        title: "Every connection parameter has a display name and description",
        explanation: "Give each connection parameter a `uiDefinition` with `displayName` and `description`: they are \
            what users see when they create a connection.",
        url: REPO,
    }
    PRP_08 {
        code: "PRP-08",
        severity: Error,
        scope: Update,
        title: "The authentication type is unchanged from the certified version",
        explanation: "An update may not change how users authenticate (OAuth identity provider, API key, basic): \
            existing connections would break. Both the connection parameters (`apiProperties.json`) and the \
            swagger's `securityDefinitions` are compared. Keep the previous authentication, or talk to Microsoft \
            before planning it: a new connector may be the only route. (This is BRK-18 of the breaking-change \
            table, kept under its older code.)",
        url: UPDATES,
    }
}

const TYPES: [&str; 6] = [
    "string",
    "securestring",
    "int",
    "bool",
    "gatewaySetting",
    "oauthSetting",
];
const PROVIDERS: [&str; 5] = [
    "oauth2",
    "oauth2generic",
    "aad",
    "aadcertificate",
    "facebook",
];
const REDIRECT_MODES: [&str; 3] = ["Global", "Direct", "GlobalPerConnector"];
const BANNED_COLOURS: [&str; 2] = ["#ffffff", "#007ee5"];
/// The colour of every independent-publisher connector.
pub const IP_BRAND_COLOUR: &str = "#da3b01";

/// One connection parameter definition.
pub(crate) struct ConnParam<'a> {
    pub pointer: String,
    pub name: &'a str,
    pub value: &'a Value,
}

impl ConnParam<'_> {
    fn kind(&self) -> Option<&str> {
        self.value.get("type").and_then(Value::as_str)
    }
}

/// Pointer to the connection parameters in the properties file.
pub(crate) fn params_base(origin: Origin) -> &'static str {
    match origin {
        Origin::SourceFolder => "/properties/connectionParameters",
        Origin::Solution => "",
    }
}

/// The groups of connection parameters: the single-auth object and each multi-auth
/// set's `parameters` (`connectionParameterSets` in apiProperties, `sets` in a
/// solution), each with its pointer and whether it is a set.
pub(crate) fn parameter_groups(file: &JsonFile, origin: Origin) -> Vec<ParamGroup<'_>> {
    let Some(root) = file.root() else {
        return Vec::new();
    };
    let mut lists = Vec::new();
    let base = params_base(origin);
    let (single, sets, sets_key) = match origin {
        Origin::SourceFolder => {
            let props = root.get("properties");
            (
                props.and_then(|p| p.get("connectionParameters")),
                props
                    .and_then(|p| p.get("connectionParameterSets"))
                    .and_then(|s| s.get("values")),
                "/properties/connectionParameterSets/values",
            )
        }
        Origin::Solution => match root.get("sets") {
            Some(s) => (None, Some(s), "/sets"),
            None => (Some(root), None, ""),
        },
    };
    if let Some(s) = single {
        lists.push(ParamGroup {
            pointer: base.to_owned(),
            value: s,
            is_set: false,
        });
    }
    for (i, set) in sets
        .and_then(Value::as_array)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if let Some(p) = set.get("parameters") {
            lists.push(ParamGroup {
                pointer: format!("{sets_key}/{i}/parameters"),
                value: p,
                is_set: true,
            });
        }
    }
    lists
}

/// One group of connection parameters (see [`parameter_groups`]).
pub(crate) struct ParamGroup<'a> {
    /// Where the parameters object is.
    pub pointer: String,
    /// The parameters object (name → definition).
    pub value: &'a Value,
    /// One of the multi-auth sets.
    pub is_set: bool,
}

/// Every connection parameter, in single-auth and multi-auth (`connectionParameterSets`
/// in apiProperties, `sets` in a solution) form.
pub(crate) fn connection_parameters(file: &JsonFile, origin: Origin) -> Vec<ConnParam<'_>> {
    let mut out = Vec::new();
    for g in parameter_groups(file, origin) {
        for m in g.value.as_object().unwrap_or_default() {
            out.push(ConnParam {
                pointer: ptr(&g.pointer, &m.key),
                name: &m.key,
                value: &m.value,
            });
        }
    }
    out
}

/// Where customizations.xml of the solution holding `file` is, for brand-colour findings.
pub(crate) fn customizations(file: &JsonFile) -> Location {
    let outer = file.vpath.rsplit_once("!/").map_or("", |(o, _)| o);
    Location::file(format!("{outer}!/customizations.xml"))
}

/// PRP-01…07 on one connector.
pub fn check(sink: &mut Sink, files: &ConnectorFiles, publisher: PublisherKind) {
    let Some(file) = &files.properties else {
        return;
    };
    let origin = files.origin;
    if origin == Origin::SourceFolder {
        schema(sink, file);
        owners(sink, file, publisher);
    }
    brand_colour(sink, files, file, publisher);
    for p in connection_parameters(file, origin) {
        parameter(sink, file, &p, origin);
    }
}

fn schema(sink: &mut Sink, file: &JsonFile) {
    let Some(root) = file.root() else { return };
    let Some(props) = root.get("properties").filter(|p| p.as_object().is_some()) else {
        return sink.emit(
            &PRP_01,
            file.at(""),
            "the file has no `properties` object at its root",
        );
    };
    let wrong_type = |sink: &mut Sink, key: &str, want: &str| {
        sink.emit(
            &PRP_01,
            file.at(&ptr("/properties", key)),
            format!("`{key}` must be {want}"),
        );
    };
    for (key, want, ok) in [
        (
            "connectionParameters",
            "an object",
            props
                .get("connectionParameters")
                .is_none_or(|v| v.as_object().is_some()),
        ),
        (
            "capabilities",
            "an array of strings",
            props.get("capabilities").is_none_or(|v| {
                v.as_array()
                    .is_some_and(|a| a.iter().all(|c| c.as_str().is_some()))
            }),
        ),
        (
            "policyTemplateInstances",
            "an array",
            props
                .get("policyTemplateInstances")
                .is_none_or(|v| v.as_array().is_some()),
        ),
    ] {
        if !ok {
            wrong_type(sink, key, want);
        }
    }
    let policies = props
        .get("policyTemplateInstances")
        .and_then(Value::as_array);
    for (i, p) in policies.unwrap_or_default().iter().enumerate() {
        let at = format!("/properties/policyTemplateInstances/{i}");
        let missing: Vec<&str> = [("templateId", true), ("title", true), ("parameters", false)]
            .into_iter()
            .filter(|(k, is_str)| match p.get(k) {
                Some(v) if *is_str => v.as_str().is_none(),
                Some(v) => v.as_object().is_none(),
                None => true,
            })
            .map(|(k, _)| k)
            .collect();
        if !missing.is_empty() {
            sink.emit(
                &PRP_01,
                file.at(&at),
                format!(
                    "the policy template instance lacks a valid {}",
                    missing.join(", ")
                ),
            );
        }
    }
}

fn owners(sink: &mut Sink, file: &JsonFile, publisher: PublisherKind) {
    let Some(props) = file.root().and_then(|r| r.get("properties")) else {
        return;
    };
    for key in ["publisher", "stackOwner"] {
        let at = file.at(&ptr("/properties", key));
        let Some(v) = props
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            sink.emit(
                &PRP_04,
                at,
                format!("`properties.{key}` is missing or empty"),
            );
            continue;
        };
        let allowed = |c: char| {
            c.is_alphanumeric()
                || c == ' '
                || (publisher == PublisherKind::Independent && key == "publisher" && c == ',')
        };
        if let Some(c) = v.chars().find(|c| !allowed(*c)) {
            sink.emit_as(
                &PRP_04,
                Severity::Warning,
                at,
                format!(
                    "`{key}` `{}` contains `{c}`; use letters, digits and spaces",
                    excerpt(v, 40)
                ),
            );
        }
    }
}

fn brand_colour(
    sink: &mut Sink,
    files: &ConnectorFiles,
    file: &JsonFile,
    publisher: PublisherKind,
) {
    let (colour, at) = match files.origin {
        Origin::SourceFolder => {
            let p = "/properties/iconBrandColor";
            let v = file.root().and_then(|r| r.pointer(p));
            if v.is_some_and(|v| v.as_str().is_none()) {
                return sink.emit(&PRP_02, file.at(p), "`iconBrandColor` must be a string");
            }
            (v.and_then(Value::as_str), file.at(p))
        }
        Origin::Solution => (files.icon_brand_color.as_deref(), customizations(file)),
    };
    let Some(c) = colour.map(str::trim) else {
        return sink.emit(&PRP_02, at, "the connector has no `iconBrandColor`");
    };
    let hex = c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|h| h.is_ascii_hexdigit());
    if !hex {
        return sink.emit(
            &PRP_02,
            at,
            format!(
                "`iconBrandColor` `{}` is not a `#rrggbb` colour",
                excerpt(c, 20)
            ),
        );
    }
    if publisher == PublisherKind::Independent {
        if !c.eq_ignore_ascii_case(IP_BRAND_COLOUR) {
            sink.emit(
                &PRP_03,
                at,
                format!(
                    "`iconBrandColor` is `{c}`; independent publishers use `{IP_BRAND_COLOUR}`"
                ),
            );
        }
    } else if BANNED_COLOURS.iter().any(|b| b.eq_ignore_ascii_case(c)) {
        sink.emit_as(
            &PRP_02,
            Severity::Warning,
            at,
            format!("`iconBrandColor` `{c}` is not allowed; use your brand colour"),
        );
    }
}

fn parameter(sink: &mut Sink, file: &JsonFile, p: &ConnParam<'_>, origin: Origin) {
    if p.value.as_object().is_none() {
        return sink.emit(
            &PRP_01,
            file.at(&p.pointer),
            format!("the connection parameter `{}` must be an object", p.name),
        );
    }
    if origin == Origin::SourceFolder {
        // `token:` names pass a value into the OAuth settings (`token:TenantId`)
        let bare = p.name.strip_prefix("token:").unwrap_or(p.name);
        if let Some(c) = bare
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
            .or_else(|| bare.is_empty().then_some(':'))
        {
            sink.emit(
                &PRP_01,
                file.at(&p.pointer),
                format!(
                    "the connection parameter name `{}` contains `{c}`; use letters, digits and `_` \
                     (after an optional `token:` prefix)",
                    p.name
                ),
            );
        }
        match p.kind() {
            Some(t) if TYPES.contains(&t) => {}
            Some(t) => match TYPES.iter().find(|k| k.eq_ignore_ascii_case(t)) {
                Some(k) => sink.emit_as(
                    &PRP_01,
                    Severity::Warning,
                    file.at(&ptr(&p.pointer, "type")),
                    format!(
                        "`{}` has the type `{t}`; the schema spells it `{k}` (Microsoft reads it ignoring case)",
                        p.name
                    ),
                ),
                None => sink.emit(
                    &PRP_01,
                    file.at(&ptr(&p.pointer, "type")),
                    format!("`{}` has the unknown type `{t}`", p.name),
                ),
            },
            None => sink.emit(
                &PRP_01,
                file.at(&p.pointer),
                format!("`{}` has no `type`", p.name),
            ),
        }
    }
    if p.kind()
        .is_some_and(|t| t.eq_ignore_ascii_case("oauthSetting"))
    {
        oauth(sink, file, p, origin);
    }
    ui_definition(sink, file, p);
}

fn oauth(sink: &mut Sink, file: &JsonFile, p: &ConnParam<'_>, origin: Origin) {
    let key = p
        .value
        .as_object()
        .unwrap_or_default()
        .iter()
        .rev()
        .find(|m| m.key.eq_ignore_ascii_case("oAuthSettings"))
        .map_or("oAuthSettings", |m| m.key.as_str());
    let base = ptr(&p.pointer, key);
    if key != "oAuthSettings" && origin == Origin::SourceFolder {
        sink.emit_as(
            &PRP_01,
            Severity::Warning,
            file.at(&base),
            format!(
                "`{}`: the member is spelled `{key}`; the schema spells it `oAuthSettings` (Microsoft \
                 reads it ignoring case)",
                p.name
            ),
        );
    }
    let Some(settings) = p.value.get(key).filter(|s| s.as_object().is_some()) else {
        if origin == Origin::SourceFolder {
            sink.emit(
                &PRP_01,
                file.at(&p.pointer),
                format!(
                    "`{}` is an OAuth parameter without an `oAuthSettings` object",
                    p.name
                ),
            );
        }
        return;
    };
    if origin == Origin::SourceFolder {
        match settings
            .get_ignore_case("identityProvider")
            .and_then(Value::as_str)
        {
            Some(ip) if PROVIDERS.iter().any(|k| k.eq_ignore_ascii_case(ip)) => {}
            Some(ip) => sink.emit_as(
                &PRP_01,
                Severity::Warning,
                file.at(&ptr(&base, "identityProvider")),
                format!(
                    "the identity provider `{ip}` is not in the schema's list ({})",
                    PROVIDERS.join(", ")
                ),
            ),
            None => sink.emit(
                &PRP_01,
                file.at(&base),
                "`oAuthSettings` has no `identityProvider`",
            ),
        }
        if let Some(m) = settings.get("redirectMode").and_then(Value::as_str)
            && !REDIRECT_MODES.contains(&m)
        {
            sink.emit_as(
                &PRP_01,
                Severity::Warning,
                file.at(&ptr(&base, "redirectMode")),
                format!(
                    "the redirect mode `{m}` is not one of {}",
                    REDIRECT_MODES.join(", ")
                ),
            );
        }
    }
    for key in ["clientId", "clientSecret"] {
        let at = ptr(&base, key);
        let Some(v) = settings.get(key) else { continue };
        let s = match &v.kind {
            Kind::Null => continue,
            Kind::String(s) => s.as_str(),
            _ => {
                sink.emit(
                    &PRP_01,
                    file.at(&at),
                    format!("`{key}` must be a string or null"),
                );
                continue;
            }
        };
        if s.trim().is_empty() || is_placeholder(s) {
            continue;
        }
        if key == "clientSecret" {
            let where_ = match origin {
                Origin::SourceFolder => "this file goes to GitHub",
                Origin::Solution => "this file goes into the package",
            };
            sink.emit(
                &PRP_05,
                file.at(&at),
                format!(
                    "`{}` holds an OAuth client secret ({}…); {where_}: remove it",
                    p.name,
                    masked(s)
                ),
            );
        } else if origin == Origin::SourceFolder {
            sink.emit_as(
                &PRP_05,
                Severity::Warning,
                file.at(&at),
                format!(
                    "`{}` holds a real-looking client id; use a placeholder in the source folder",
                    p.name
                ),
            );
        }
    }
}

/// The first characters of a secret, for messages.
pub(crate) fn masked(s: &str) -> String {
    s.chars().take(4).collect()
}

fn ui_definition(sink: &mut Sink, file: &JsonFile, p: &ConnParam<'_>) {
    let base = ptr(&p.pointer, "uiDefinition");
    let ui = p
        .value
        .get("uiDefinition")
        .filter(|u| u.as_object().is_some());
    let missing: Vec<&str> = ["displayName", "description"]
        .into_iter()
        .filter(|k| {
            ui.and_then(|u| u.get(k))
                .and_then(Value::as_str)
                .is_none_or(|s| s.trim().is_empty())
        })
        .collect();
    if !missing.is_empty() {
        sink.emit(
            &PRP_07,
            file.at(if ui.is_some() { &base } else { &p.pointer }),
            format!(
                "the connection parameter `{}` has no {}",
                p.name,
                missing.join(" or ")
            ),
        );
    }
    let Some(constraints) = ui.and_then(|u| u.get("constraints")) else {
        return;
    };
    for key in ["required", "hidden"] {
        let Some(v) = constraints.get(key) else {
            continue;
        };
        let ok = v.as_str().is_some_and(|s| s == "true" || s == "false");
        if !ok {
            let shown = match &v.kind {
                Kind::Bool(b) => format!("the JSON boolean `{b}`"),
                Kind::String(s) => format!("`\"{}\"`", excerpt(s, 20)),
                _ => "not a string".to_owned(),
            };
            sink.emit(
                &PRP_06,
                file.at(&ptr(&ptr(&base, "constraints"), key)),
                format!(
                    "`{}`: `constraints.{key}` is {shown}; write `\"true\"` or `\"false\"`",
                    p.name
                ),
            );
        }
    }
}

/// How a connector authenticates, as far as an update must keep it: the OAuth
/// identity providers, and whether it takes secure strings (API key, basic) or a
/// gateway.
fn auth_signature(files: &ConnectorFiles) -> BTreeSet<String> {
    let Some(file) = &files.properties else {
        return BTreeSet::new();
    };
    connection_parameters(file, files.origin)
        .iter()
        .filter_map(|p| {
            let t = p.kind()?.to_ascii_lowercase();
            match t.as_str() {
                "oauthsetting" => {
                    let ip = p
                        .value
                        .get("oAuthSettings")
                        .and_then(|s| s.get("identityProvider"))
                        .and_then(Value::as_str)
                        .unwrap_or("?");
                    Some(format!("OAuth ({ip})"))
                }
                "securestring" => Some("API key or basic (secure string)".to_owned()),
                "gatewaysetting" => Some("on-premises gateway".to_owned()),
                _ => None,
            }
        })
        .collect()
}

/// The authentication the swagger declares: the `type` of each `securityDefinitions`
/// entry (`oauth2`, `apiKey in header`, `basic`), OAuth flows included.
fn swagger_auth(files: &ConnectorFiles) -> BTreeSet<String> {
    files
        .security_definitions()
        .iter()
        .filter_map(|m| {
            let t = m.value.get("type").and_then(Value::as_str)?;
            Some(match t {
                "apiKey" => format!(
                    "`apiKey` in {}",
                    m.value.get("in").and_then(Value::as_str).unwrap_or("?")
                ),
                "oauth2" => format!(
                    "`oauth2` ({})",
                    m.value.get("flow").and_then(Value::as_str).unwrap_or("?")
                ),
                t => format!("`{t}`"),
            })
        })
        .collect()
}

/// PRP-08 (BRK-18 of the breaking-change table): compares the authentication of the
/// previously certified version with the current one — the connection parameters'
/// types and OAuth identity providers, and the swagger's `securityDefinitions`
/// types. Call it when a previous version is given (an update).
pub fn check_auth_unchanged(sink: &mut Sink, previous: &ConnectorFiles, current: &ConnectorFiles) {
    let show = |s: &BTreeSet<String>| {
        if s.is_empty() {
            "no authentication".to_owned()
        } else {
            s.iter().cloned().collect::<Vec<_>>().join(" + ")
        }
    };
    if let (Some(old), Some(file)) = (&previous.properties, &current.properties) {
        let before = auth_signature(previous);
        let after = auth_signature(current);
        if before != after {
            sink.emit_compared(
                &PRP_08,
                PRP_08.severity,
                file.at(params_base(current.origin)),
                old.at(params_base(previous.origin)),
                format!(
                    "The authentication changes from {} to {}: an update may not change it.",
                    show(&before),
                    show(&after)
                ),
            );
        }
    }
    if let (Some(old), Some(file)) = (&previous.swagger, &current.swagger)
        && old.root().is_some()
        && file.root().is_some()
    {
        let before = swagger_auth(previous);
        let after = swagger_auth(current);
        if before != after {
            let at = |f: &JsonFile| {
                let p = "/securityDefinitions";
                if f.root().and_then(|r| r.pointer(p)).is_some() {
                    f.at(p)
                } else {
                    f.at("")
                }
            };
            sink.emit_compared(
                &PRP_08,
                PRP_08.severity,
                at(file),
                at(old),
                format!(
                    "The swagger's `securityDefinitions` change from {} to {}: an update may not change the \
                     authentication type.",
                    show(&before),
                    show(&after)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::rules::cases::Case;
    use serde_json::json;

    fn token(v: &mut serde_json::Value) -> &mut serde_json::Value {
        &mut v["properties"]["connectionParameters"]["token"]
    }

    /// PRP-08 between the good connector and one whose properties `f` changed.
    fn update(f: fn(&mut serde_json::Value)) -> Vec<crate::model::Diagnostic> {
        let before = good_connector();
        let mut after = good_connector();
        let mut v = good_properties();
        f(&mut v);
        after.properties = Some(json_file("apiProperties.json", &v.to_string()));
        let mut sink = Sink::new();
        check_auth_unchanged(&mut sink, &before, &after);
        sink.into_diagnostics()
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &PRP_01,
                || with_properties(|v| token(v)["type"] = "oauth".into()),
                || with_properties(|v| token(v)["type"] = "oAuthSetting".into()),
            ),
            Case::new(
                &PRP_01,
                || {
                    with_properties(|v| {
                        v["properties"]["connectionParameters"]["api-key"] = json!({"type": "securestring",
                            "uiDefinition": {"displayName": "Key", "description": "The key."}});
                    })
                },
                || {
                    with_properties(|v| {
                        v["properties"]["connectionParameters"]["token:TenantId"] = json!({"type": "string",
                            "uiDefinition": {"displayName": "Tenant", "description": "The tenant."}});
                    })
                },
            ),
            Case::new(
                &PRP_01,
                || with_properties(|v| token(v)["type"] = "oAuthSetting".into()),
                || with_properties(|v| token(v)["type"] = "oauthSetting".into()),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &PRP_02,
                || with_properties(|v| v["properties"]["iconBrandColor"] = "#007EE".into()),
                || with_properties(|v| v["properties"]["iconBrandColor"] = "#007EE6".into()),
            ),
            Case::new(
                &PRP_03,
                || {
                    let mut files = good_connector();
                    let mut sink = Sink::new();
                    files.icon = None;
                    check(&mut sink, &files, PublisherKind::Independent);
                    sink.into_diagnostics()
                },
                || {
                    let mut files = good_connector();
                    let mut v = good_properties();
                    v["properties"]["iconBrandColor"] = IP_BRAND_COLOUR.into();
                    files.properties = Some(json_file("apiProperties.json", &v.to_string()));
                    let mut sink = Sink::new();
                    check(&mut sink, &files, PublisherKind::Independent);
                    sink.into_diagnostics()
                },
            ),
            Case::new(
                &PRP_04,
                || with_properties(|v| v["properties"]["publisher"] = "Contoso, Inc.".into()),
                || with_properties(|v| v["properties"]["publisher"] = "Contoso Inc".into()),
            ),
            Case::new(
                &PRP_05,
                || {
                    with_properties(|v| {
                        token(v)["oAuthSettings"]["clientSecret"] =
                            "Qx8~h2Lr0pZk3vN9_wT5yB7cD1eF4gH6jK".into();
                    })
                },
                || {
                    with_properties(|v| {
                        token(v)["oAuthSettings"]["clientSecret"] = "<your-client-secret>".into()
                    })
                },
            ),
            Case::new(
                &PRP_06,
                || {
                    with_properties(|v| {
                        token(v)["uiDefinition"]["constraints"]["required"] = true.into()
                    })
                },
                || {
                    with_properties(|v| {
                        token(v)["uiDefinition"]["constraints"]["required"] = "true".into()
                    })
                },
            ),
            Case::new(
                &PRP_07,
                || {
                    with_properties(|v| {
                        token(v)["uiDefinition"]
                            .as_object_mut()
                            .unwrap()
                            .remove("description");
                    })
                },
                || {
                    with_properties(|v| {
                        token(v)["uiDefinition"]["description"] = "Sign in to Contoso.".into()
                    })
                },
            ),
            Case::new(
                &PRP_08,
                || update(|v| token(v)["oAuthSettings"]["identityProvider"] = "aad".into()),
                || update(|v| token(v)["uiDefinition"]["displayName"] = "Sign in".into()),
            ),
        ]
    }

    fn run_as(props: &serde_json::Value, publisher: PublisherKind) -> Vec<(String, Severity)> {
        let mut files = good_connector();
        files.properties = Some(json_file("apiProperties.json", &props.to_string()));
        let mut sink = Sink::new();
        check(&mut sink, &files, publisher);
        sink.diagnostics()
            .iter()
            .map(|d| (d.code.clone(), d.severity))
            .collect()
    }
    fn run(props: &serde_json::Value) -> Vec<(String, Severity)> {
        run_as(props, PublisherKind::Verified)
    }
    use Severity::{Error as E, Warning as W};

    #[test]
    fn good_is_silent() {
        assert!(run(&good_properties()).is_empty());
    }

    #[test]
    fn prp01_schema() {
        let mut v = good_properties();
        v["properties"]["connectionParameters"]["token"]["type"] = "oAuthSetting".into();
        assert_eq!(
            run(&v),
            one("PRP-01", W),
            "type names are read ignoring case"
        );
        let mut v = good_properties();
        let t = v["properties"]["connectionParameters"]["token"]
            .as_object_mut()
            .unwrap();
        let settings = t.remove("oAuthSettings").unwrap();
        t.insert("oauthSettings".into(), settings);
        assert_eq!(run(&v), one("PRP-01", W), "member names too");
        let mut v = good_properties();
        v["properties"]["connectionParameters"]["api-key"] = json!({"type": "securestring", "uiDefinition": {"displayName": "Key", "description": "The key."}});
        assert_eq!(run(&v), one("PRP-01", E));
        let mut v = good_properties();
        v["properties"]["capabilities"] = "actions".into();
        assert_eq!(run(&v), one("PRP-01", E));
        assert_eq!(
            run(&json!({"iconBrandColor": "#1f6f43"})),
            [("PRP-01".to_owned(), E), ("PRP-02".to_owned(), E)],
            "no `properties` object: nothing else to check but the missing colour"
        );
    }

    #[test]
    fn prp02_brand_colour() {
        for c in ["blue", "#12345"] {
            let mut v = good_properties();
            v["properties"]["iconBrandColor"] = c.into();
            assert_eq!(run(&v), one("PRP-02", E), "{c}");
        }
        for c in ["#FFFFFF", "#007ee5"] {
            let mut v = good_properties();
            v["properties"]["iconBrandColor"] = c.into();
            assert_eq!(run(&v), one("PRP-02", W), "{c}");
        }
        let mut v = good_properties();
        v["properties"]["iconBrandColor"] = "#fefefe".into();
        assert!(run(&v).is_empty());
    }

    #[test]
    fn prp02_in_a_solution_points_at_customizations() {
        let mut files = good_connector();
        files.origin = Origin::Solution;
        files.properties = Some(json_file(
            "p.zip!/PkgAssets/c.zip!/Connector/x_connectionparameters.json",
            &good_properties()["properties"]["connectionParameters"].to_string(),
        ));
        files.icon_brand_color = Some("#007EE".into());
        let mut sink = Sink::new();
        check(&mut sink, &files, PublisherKind::Verified);
        let d = sink.diagnostics();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "PRP-02");
        assert_eq!(
            d[0].location.file.as_deref(),
            Some("p.zip!/PkgAssets/c.zip!/customizations.xml")
        );
    }

    #[test]
    fn prp03_independent_colour() {
        let mut v = good_properties();
        assert_eq!(run_as(&v, PublisherKind::Independent), one("PRP-03", E));
        v["properties"]["iconBrandColor"] = "#DA3B01".into();
        assert!(run_as(&v, PublisherKind::Independent).is_empty());
    }

    #[test]
    fn prp04_owners() {
        let mut v = good_properties();
        v["properties"]
            .as_object_mut()
            .unwrap()
            .remove("stackOwner");
        assert_eq!(run(&v), one("PRP-04", W));
        let mut v = good_properties();
        v["properties"]["publisher"] = "Contoso, Inc.".into();
        assert_eq!(run(&v), one("PRP-04", W));
        let mut v = good_properties();
        v["properties"]["publisher"] = "Ada Lovelace, Alan Turing".into();
        v["properties"]["iconBrandColor"] = IP_BRAND_COLOUR.into();
        assert!(run_as(&v, PublisherKind::Independent).is_empty());
    }

    #[test]
    fn prp05_client_secret() {
        let mut v = good_properties();
        v["properties"]["connectionParameters"]["token"]["oAuthSettings"]["clientSecret"] =
            "Qx8~h2Lr0pZk3vN9_wT5yB7cD1eF4gH6jK".into();
        let d = run(&v);
        assert_eq!(d, one("PRP-05", E));
        for placeholder in [
            "",
            "<your-client-secret>",
            "***",
            "[[client-secret]]",
            "dummy",
        ] {
            v["properties"]["connectionParameters"]["token"]["oAuthSettings"]["clientSecret"] =
                placeholder.into();
            assert!(run(&v).is_empty(), "{placeholder}");
        }
        let mut v = good_properties();
        v["properties"]["connectionParameters"]["token"]["oAuthSettings"]["clientId"] =
            "8f14e45f-ceea-4672-a4ce-0d2a5c1b9b7e".into();
        assert_eq!(run(&v), one("PRP-05", W));
    }

    #[test]
    fn prp05_never_shows_the_secret() {
        let mut v = good_properties();
        let secret = "Qx8~h2Lr0pZk3vN9_wT5yB7cD1eF4gH6jK";
        v["properties"]["connectionParameters"]["token"]["oAuthSettings"]["clientSecret"] =
            secret.into();
        let mut files = good_connector();
        files.properties = Some(json_file("apiProperties.json", &v.to_string()));
        let mut sink = Sink::new();
        check(&mut sink, &files, PublisherKind::Verified);
        assert!(!sink.diagnostics()[0].message.contains(&secret[..8]));
    }

    #[test]
    fn prp06_constraints_are_strings() {
        let mut v = good_properties();
        v["properties"]["connectionParameters"]["token"]["uiDefinition"]["constraints"]["required"] =
            true.into();
        assert_eq!(run(&v), one("PRP-06", W));
    }

    #[test]
    fn prp07_ui_definition() {
        let mut v = good_properties();
        v["properties"]["connectionParameters"]["token"]["uiDefinition"]
            .as_object_mut()
            .unwrap()
            .remove("description");
        assert_eq!(run(&v), one("PRP-07", W));
    }

    #[test]
    fn multi_auth_sets_are_checked() {
        let mut v = good_properties();
        let token = v["properties"]["connectionParameters"]["token"].clone();
        v["properties"]["connectionParameters"] = json!({});
        v["properties"]["connectionParameterSets"] = json!({
            "uiDefinition": {"displayName": "Authentication", "description": "How to sign in."},
            "values": [{"name": "oauth", "parameters": {"token": token}}]
        });
        assert!(run(&v).is_empty());
        v["properties"]["connectionParameterSets"]["values"][0]["parameters"]["token"]["uiDefinition"]
            ["constraints"]["hidden"] = false.into();
        assert_eq!(run(&v), one("PRP-06", W));
    }

    #[test]
    fn prp08_auth_change() {
        let before = good_connector();
        let mut after = good_connector();
        let mut sink = Sink::new();
        check_auth_unchanged(&mut sink, &before, &after);
        assert!(sink.diagnostics().is_empty());
        after.properties = Some(json_file(
            "apiProperties.json",
            &json!({"properties": {"connectionParameters": {"api_key": {"type": "securestring"}}}})
                .to_string(),
        ));
        check_auth_unchanged(&mut sink, &before, &after);
        let d = sink.diagnostics();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "PRP-08");
        assert!(
            d[0].message.contains("OAuth (oauth2generic)"),
            "{}",
            d[0].message
        );
    }
}
