//! The definition as a whole (SWG-01…09): version, size, host, base path, schemes,
//! contact, connector metadata, categories and operation count —
//! certification-requirements.md §3.6.

use crate::connector::{JsonFile, Origin};
use crate::model::Severity;
use crate::read::json::Value;
use crate::rules::form::{dotless_host, https_url, is_email};
use crate::rules::{PARTNER_CENTER_CATEGORIES, Sink};

use super::definition::{Definition, Op};
use super::util::{excerpt, ptr, quoted};
use super::{FAQ, PREP, SWR};

rules! {
    SWG_01 {
        code: "SWG-01",
        severity: Error,
        scope: Connector,
        title: "The definition is OpenAPI (Swagger) 2.0",
        explanation: "Custom connectors take OpenAPI 2.0 only: `\"swagger\": \"2.0\"`, with no OpenAPI 3 keys \
            (`openapi`, `components`, `servers`, `requestBody`). The validator refuses anything else \
            (SpecificationVersionIncorrect); convert an OpenAPI 3 file to 2.0.",
        url: SWR,
        validator: ["SpecificationVersionIncorrect", "5000.2.6.3"],
    }
    SWG_02 {
        code: "SWG-02",
        severity: Error,
        scope: Connector,
        title: "The definition is under 1 MB (500,000 characters in a solution)",
        explanation: "The definition must be smaller than 1 MB, and the definition stored in a solution must fit \
            Dataverse's 500,000-character attribute (the import fails otherwise). A source folder over 500,000 \
            characters is a warning: merged folders are that large, but the solution made from it may not \
            import. Split a large API into several connectors, or remove unused operations and long examples.",
        url: FAQ,
    }
    SWG_03 {
        code: "SWG-03",
        severity: Error,
        scope: Connector,
        title: "The host is a production host name",
        explanation: "Set `host` to the production host name only: no scheme, path or spaces, not localhost. The \
            validator refuses other values (HostNameNotValid). Host names with dev, test or staging labels are a \
            warning: certification needs the production service (5000.2.6.4).",
        url: SWR,
        validator: ["HostNameNotValid", "5000.2.6.4"],
    }
    SWG_04 {
        code: "SWG-04",
        severity: Error,
        scope: Connector,
        title: "basePath starts with /",
        explanation: "Write `basePath` as an absolute path such as `/` or `/v1`; the validator refuses others \
            (BasePathNotValid).",
        url: SWR,
        validator: ["BasePathNotValid"],
    }
    SWG_05 {
        code: "SWG-05",
        severity: Error,
        scope: Connector,
        title: "schemes lists https only",
        explanation: "Set `\"schemes\": [\"https\"]`. The validator refuses an empty list (SchemesArrayEmpty) and any \
            scheme other than http and https (SchemeNotValid, SchemeNotSupported for ws/wss). Plain `http` is a \
            warning: the validator takes it and five merged connectors list it, but Microsoft asks for TLS 1.2 \
            or later (5000.3.1.6).",
        url: SWR,
        validator: ["SchemesArrayEmpty", "SchemeNotValid", "SchemeNotSupported", "5000.3.1.6"],
    }
    SWG_06 {
        code: "SWG-06",
        severity: Error,
        scope: Connector,
        title: "info.contact has a name, a URL and a valid e-mail",
        explanation: "Add `info.contact` with `name` (support team), `url` (support site) and `email` (the support \
            address). The validator refuses an e-mail that is not a valid address (ContactEmailNotValid); a \
            missing contact, name, URL or e-mail is a warning, as merged connectors lack them.",
        url: PREP,
        validator: ["ContactEmailNotValid", "5000.3.1.4"],
    }
    SWG_07 {
        code: "SWG-07",
        severity: Error,
        scope: Connector,
        title: "x-ms-connector-metadata has Website, Privacy policy and Categories",
        explanation: "Add the top-level `x-ms-connector-metadata` array with the entries `Website` and `Privacy policy` \
            (absolute https URLs) and `Categories`. The validator refuses a missing entry \
            (ConnectorMetadataPropertiesMissing) and the certification team sends a solution without it back, so \
            a missing entry is an error in a solution; connectors certified before the rule were updated in the \
            open-source repository without it, so in a source folder it is a warning. A link that is not a URL \
            (UrlNotValid) is an error everywhere. Names are matched ignoring case, as Microsoft merged `Privacy \
            Policy` and `PropertyName`; a different case is a warning, so keep the templates' spelling.",
        url: PREP,
        validator: ["ConnectorMetadataPropertiesMissing", "UrlNotValid", "5000.3.1.3", "5000.3.1.5"],
    }
    SWG_08 {
        code: "SWG-08",
        severity: Error,
        scope: Connector,
        title: "Categories: one or two from the list, separated by ;",
        explanation: "Set the `Categories` value to one or two of: AI, Business Intelligence, Business Management, \
            Collaboration, Commerce, Communication, Content and Files, Data, Finance, Human Resources, \
            Internet of Things, IT Operations, Lifestyle and Entertainment, Marketing, Productivity, Sales and \
            CRM, Security, Social Media, Website, separated by `;`. The validator refuses others \
            (InvalidConnectorCategory, TooManyConnectorCategories).",
        url: PREP,
        validator: ["InvalidConnectorCategory", "TooManyConnectorCategories"],
    }
    SWG_09 {
        code: "SWG-09",
        severity: Error,
        scope: Connector,
        title: "At most 256 operations",
        explanation: "A connector can have at most 256 operations; the validator refuses more \
            (TotalOperationsCountExceedsMaxAllowed). Split it into several connectors.",
        url: FAQ,
        validator: ["TotalOperationsCountExceedsMaxAllowed"],
    }
}

const MAX_BYTES: usize = 1 << 20;
const MAX_SOLUTION_CHARS: usize = 500_000;
const MAX_OPERATIONS: usize = 256;
const OPENAPI3_KEYS: [&str; 3] = ["openapi", "components", "servers"];

/// SWG-01, -03…09 on one definition ([`size`], SWG-02, runs on the text even when
/// it does not parse).
pub fn check(sink: &mut Sink, def: &Definition<'_>) {
    let (sw, root, ops) = (def.file, def.root, def.ops.as_slice());
    version(sink, sw, root, ops);
    host(sink, sw, root.get("host"));
    if let Some(b) = root.get("basePath")
        && !b.as_str().is_some_and(|s| s.starts_with('/'))
    {
        sink.emit(
            &SWG_04,
            sw.at("/basePath"),
            format!("`basePath` is {}; it must start with `/`", shown(b)),
        );
    }
    schemes(sink, sw, root.get("schemes"));
    contact(sink, sw, root.get("info").and_then(|i| i.get("contact")));
    metadata(
        sink,
        sw,
        root.get("x-ms-connector-metadata"),
        super::text::in_solution(def),
    );
    if ops.len() > MAX_OPERATIONS {
        sink.emit(
            &SWG_09,
            sw.at("/paths"),
            format!(
                "the definition has {} operations; at most {MAX_OPERATIONS}",
                ops.len()
            ),
        );
    }
}

/// A value for a message: a short string in backticks, else its type.
fn shown(v: &Value) -> String {
    match v.as_str() {
        Some(s) => format!("`{}`", excerpt(s, 60)),
        None => "not a string".to_owned(),
    }
}

/// SWG-02 on the definition's text.
pub fn size(sink: &mut Sink, sw: &JsonFile, origin: Origin) {
    let text = sw.doc.text();
    let bytes = text.len();
    if bytes >= MAX_BYTES {
        sink.emit(
            &SWG_02,
            sw.at(""),
            format!("the definition is {bytes} bytes; it must be under 1 MB ({MAX_BYTES} bytes)"),
        );
        return;
    }
    if bytes > MAX_SOLUTION_CHARS {
        let chars = text.chars().count();
        if chars > MAX_SOLUTION_CHARS {
            let (why, sev) = match origin {
                Origin::Solution => ("the definition stored in the solution", Severity::Error),
                Origin::SourceFolder => (
                    "a solution-aware connector (which certification needs) may not store it: the definition",
                    Severity::Warning,
                ),
            };
            sink.emit_as(
                &SWG_02,
                sev,
                sw.at(""),
                format!(
                    "{why} is {chars} characters; Dataverse holds at most {MAX_SOLUTION_CHARS}"
                ),
            );
        }
    }
}

fn version(sink: &mut Sink, sw: &JsonFile, root: &Value, ops: &[Op<'_>]) {
    match root.get("swagger") {
        Some(v) if v.as_str() == Some("2.0") => {}
        Some(v) => sink.emit(
            &SWG_01,
            sw.at("/swagger"),
            format!("`swagger` is {}; it must be `\"2.0\"`", shown(v)),
        ),
        None => sink.emit(
            &SWG_01,
            sw.at(""),
            if root.get("openapi").is_some() {
                "this is an OpenAPI 3 document; custom connectors take OpenAPI 2.0 (`\"swagger\": \"2.0\"`)"
            } else {
                "the definition has no `\"swagger\": \"2.0\"`"
            },
        ),
    }
    for k in OPENAPI3_KEYS {
        if root.get(k).is_some() && !(k == "openapi" && root.get("swagger").is_none()) {
            sink.emit(
                &SWG_01,
                sw.at(&ptr("", k)),
                format!("`{k}` is an OpenAPI 3 key; remove it or convert the file to 2.0"),
            );
        }
    }
    for op in ops {
        if op.value.get("requestBody").is_some() {
            sink.emit(
                &SWG_01,
                sw.at(&ptr(&op.pointer, "requestBody")),
                format!(
                    "`{}` uses the OpenAPI 3 `requestBody`; use a parameter with `\"in\": \"body\"`",
                    op.label()
                ),
            );
        }
    }
}

/// Labels that mark a non-production host (`api-dev.contoso.com`, `staging.contoso.com`).
const NON_PROD: &[&str] = &[
    "dev",
    "develop",
    "development",
    "test",
    "testing",
    "staging",
    "stage",
    "stg",
    "uat",
    "qa",
    "sandbox",
    "preprod",
    "nonprod",
];

fn host(sink: &mut Sink, sw: &JsonFile, v: Option<&Value>) {
    let at = || sw.at("/host");
    let Some(h) = v.and_then(Value::as_str) else {
        let msg = if v.is_some() {
            "`host` is not a string"
        } else {
            "the definition has no `host`"
        };
        return sink.emit(&SWG_03, at(), msg);
    };
    if h.is_empty()
        || h.contains("://")
        || h.contains(['/', '?', '#'])
        || h.contains(char::is_whitespace)
    {
        return sink.emit(
            &SWG_03,
            at(),
            format!(
                "`host` is `{}`; give the bare host name, without scheme or path",
                excerpt(h, 60)
            ),
        );
    }
    let name = h.rsplit_once(':').map_or(h, |(n, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            n
        } else {
            h
        }
    });
    let lower = name.to_ascii_lowercase();
    if lower == "localhost"
        || lower.ends_with(".localhost")
        || lower.ends_with(".local")
        || lower.starts_with("127.")
        || lower == "0.0.0.0"
        || lower.starts_with("192.168.")
        || lower.starts_with("10.")
    {
        return sink.emit(
            &SWG_03,
            at(),
            format!("`host` is `{h}`, a local address; give the production host"),
        );
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return sink.emit(
            &SWG_03,
            at(),
            format!("`host` `{h}` is not a valid host name"),
        );
    }
    if let Some(label) = lower.split(['.', '-']).find(|l| NON_PROD.contains(l)) {
        sink.emit_as(
            &SWG_03,
            Severity::Warning,
            at(),
            format!("`host` `{h}` looks like a non-production host (`{label}`); certify against production"),
        );
    }
}

fn schemes(sink: &mut Sink, sw: &JsonFile, v: Option<&Value>) {
    let at = || sw.at("/schemes");
    let items: Vec<&Value> = v
        .and_then(Value::as_array)
        .unwrap_or_default()
        .iter()
        .collect();
    if items.is_empty() {
        return sink.emit(
            &SWG_05,
            at(),
            "`schemes` is missing or empty; set `[\"https\"]`",
        );
    }
    for (i, s) in items.iter().enumerate() {
        let at = sw.at(&format!("/schemes/{i}"));
        match s.as_str() {
            Some("https") => {}
            Some("http") => sink.emit_as(
                &SWG_05,
                Severity::Warning,
                at,
                "`http` is listed; use https only",
            ),
            _ => sink.emit(
                &SWG_05,
                at,
                format!("the scheme {} is not supported; use https", shown(s)),
            ),
        }
    }
}

fn contact(sink: &mut Sink, sw: &JsonFile, v: Option<&Value>) {
    let Some(c) = v.filter(|c| c.as_object().is_some()) else {
        return sink.emit_as(
            &SWG_06,
            Severity::Warning,
            sw.at("/info/contact"),
            "the definition has no `info.contact`; add name, url and email of your support",
        );
    };
    let field = |k: &str| {
        c.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
    };
    match field("email") {
        None => sink.emit_as(
            &SWG_06,
            Severity::Warning,
            sw.at("/info/contact/email"),
            "`info.contact` has no `email`",
        ),
        Some(e) if !is_email(e.trim()) => sink.emit(
            &SWG_06,
            sw.at("/info/contact/email"),
            format!("`{}` is not a valid e-mail address", excerpt(e, 60)),
        ),
        Some(_) => {}
    }
    if field("name").is_none() {
        sink.emit_as(
            &SWG_06,
            Severity::Warning,
            sw.at("/info/contact/name"),
            "`info.contact` has no `name`",
        );
    }
    match field("url") {
        None => sink.emit_as(
            &SWG_06,
            Severity::Warning,
            sw.at("/info/contact/url"),
            "`info.contact` has no `url`",
        ),
        Some(u) if !(u.starts_with("https://") || u.starts_with("http://")) => sink.emit_as(
            &SWG_06,
            Severity::Warning,
            sw.at("/info/contact/url"),
            format!("`{}` is not an absolute URL", excerpt(u, 60)),
        ),
        Some(_) => {}
    }
}

const METADATA: [&str; 3] = ["Website", "Privacy policy", "Categories"];

/// `absent`: the severity of a missing array or entry (see [`super::text::in_solution`]).
fn metadata(sink: &mut Sink, sw: &JsonFile, v: Option<&Value>, absent: Severity) {
    let base = "/x-ms-connector-metadata";
    let Some(items) = v.and_then(Value::as_array) else {
        let msg = if v.is_some() {
            "`x-ms-connector-metadata` must be an array of `{propertyName, propertyValue}`"
        } else {
            "the definition has no `x-ms-connector-metadata` (Website, Privacy policy, Categories)"
        };
        return sink.emit_as(&SWG_07, absent, sw.at(base), msg);
    };
    for (i, m) in items.iter().enumerate() {
        for key in ["propertyName", "propertyValue"] {
            if m.get(key).is_none()
                && let Some(k) = m.as_object().and_then(|ms| {
                    ms.iter()
                        .find(|x| x.key.eq_ignore_ascii_case(key))
                        .map(|x| x.key.as_str())
                })
            {
                sink.emit_as(
                    &SWG_07,
                    Severity::Warning,
                    sw.at(&ptr(&format!("{base}/{i}"), k)),
                    format!("the member is spelled `{k}`; Microsoft's templates spell it `{key}`"),
                );
            }
        }
    }
    for want in METADATA {
        let found = items.iter().enumerate().find_map(|(i, m)| {
            let name = m.get_ignore_case("propertyName").and_then(Value::as_str)?;
            name.trim()
                .eq_ignore_ascii_case(want)
                .then_some((i, name, m))
        });
        let Some((i, name, m)) = found else {
            sink.emit_as(
                &SWG_07,
                absent,
                sw.at(base),
                format!("`x-ms-connector-metadata` has no `{want}` entry"),
            );
            continue;
        };
        let item = format!("{base}/{i}");
        if name != want {
            sink.emit_as(
                &SWG_07,
                Severity::Warning,
                sw.at(&ptr(&item, "propertyName")),
                format!("the property is named `{name}`; Microsoft's templates name it `{want}`"),
            );
        }
        let value_at = ptr(&item, "propertyValue");
        let Some(value) = m.get_ignore_case("propertyValue").and_then(Value::as_str) else {
            sink.emit(
                &SWG_07,
                sw.at(&value_at),
                format!("`{want}` has no string `propertyValue`"),
            );
            continue;
        };
        if want == "Categories" {
            categories(sink, sw, &value_at, value);
        } else if value.trim().starts_with("http://") {
            sink.emit_as(
                &SWG_07,
                Severity::Warning,
                sw.at(&value_at),
                format!("the {want} link uses http; use https"),
            );
        } else if let Err(why) = https_url(value.trim()) {
            sink.emit(&SWG_07, sw.at(&value_at), format!("the {want} link {why}"));
        } else if let Some(host) = dotless_host(value) {
            sink.emit_as(
                &SWG_07,
                Severity::Warning,
                sw.at(&value_at),
                format!(
                    "the {want} link's host `{host}` has no dot: it reaches nothing on the internet"
                ),
            );
        }
    }
}

fn categories(sink: &mut Sink, sw: &JsonFile, at: &str, value: &str) {
    if value.contains(',') && !value.contains(';') {
        sink.emit(
            &SWG_08,
            sw.at(at),
            format!("Categories `{value}` are separated by `,`; separate them with `;`"),
        );
        return;
    }
    let cats: Vec<&str> = value
        .split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    if cats.is_empty() || cats.len() > 2 {
        sink.emit(
            &SWG_08,
            sw.at(at),
            format!(
                "{} categories given ({}); give one or two",
                cats.len(),
                quoted(&cats)
            ),
        );
    }
    for c in cats {
        if PARTNER_CENTER_CATEGORIES.contains(&c) {
            continue;
        }
        match PARTNER_CENTER_CATEGORIES
            .iter()
            .find(|k| k.eq_ignore_ascii_case(c))
        {
            Some(k) => sink.emit_as(
                &SWG_08,
                Severity::Warning,
                sw.at(at),
                format!("the category `{c}` is spelled `{k}` in the list"),
            ),
            None => sink.emit(
                &SWG_08,
                sw.at(at),
                format!("`{c}` is not one of the connector categories"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::model::Diagnostic;
    use crate::rules::cases::Case;
    use serde_json::json;

    /// Every content finding on the good connector as it is inside a solution, with
    /// its definition changed by `f`.
    fn in_solution(f: fn(&mut serde_json::Value)) -> Vec<Diagnostic> {
        let mut v = good_swagger();
        f(&mut v);
        let mut files = good_connector();
        files.origin = Origin::Solution;
        files.swagger = Some(json_file(
            "pkg.zip!/PkgAssets/c.zip!/Connector/x_openapidefinition.json",
            &v.to_string(),
        ));
        run_content(&files)
    }

    /// The good definition with copies of `GET /tasks` added until it has `n` operations.
    fn operations(v: &mut serde_json::Value, n: usize) {
        let get = v["paths"]["/tasks"]["get"].clone();
        let mut i = 0;
        while all_ops_mut(v).len() < n {
            let mut op = get.clone();
            op["operationId"] = format!("ListTasks{i}").into();
            v["paths"][format!("/tasks{i}")] = json!({ "get": op });
            i += 1;
        }
    }

    fn category(v: &mut serde_json::Value, c: &str) {
        v["x-ms-connector-metadata"][2]["propertyValue"] = c.into();
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &SWG_01,
                || with_swagger(|v| v["swagger"] = "2.0.0".into()),
                || with_swagger(|v| v["swagger"] = "2.0".into()),
            ),
            Case::new(
                &SWG_01,
                || with_swagger(|v| v["paths"]["/tasks"]["post"]["requestBody"] = json!({})),
                || with_swagger(|v| v["paths"]["/tasks"]["post"]["x-requestBody"] = json!({})),
            ),
            Case::new(
                &SWG_02,
                || with_swagger(|v| v["x-padding"] = "a".repeat(MAX_BYTES).into()),
                || with_swagger(|v| v["x-padding"] = "a".repeat(MAX_SOLUTION_CHARS / 2).into()),
            ),
            Case::new(
                &SWG_02,
                || in_solution(|v| v["x-padding"] = "a".repeat(MAX_SOLUTION_CHARS).into()),
                // over 500,000 bytes, under 500,000 characters
                || in_solution(|v| v["x-padding"] = "é".repeat(MAX_SOLUTION_CHARS / 2).into()),
            ),
            Case::new(
                &SWG_02,
                || with_swagger(|v| v["x-padding"] = "a".repeat(MAX_SOLUTION_CHARS).into()),
                || with_swagger(|v| v["x-padding"] = "é".repeat(MAX_SOLUTION_CHARS / 2).into()),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &SWG_03,
                || with_swagger(|v| v["host"] = "api.contoso.example.com/v1".into()),
                || with_swagger(|v| v["host"] = "api.contoso.example.com:443".into()),
            ),
            Case::new(
                &SWG_03,
                || with_swagger(|v| v["host"] = "api-staging.contoso.example.com".into()),
                || with_swagger(|v| v["host"] = "api-stages.contoso.example.com".into()),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &SWG_04,
                || with_swagger(|v| v["basePath"] = "v1".into()),
                || with_swagger(|v| v["basePath"] = "/".into()),
            ),
            Case::new(
                &SWG_05,
                || with_swagger(|v| v["schemes"] = json!(["wss"])),
                || with_swagger(|v| v["schemes"] = json!(["https"])),
            ),
            Case::new(
                &SWG_05,
                || with_swagger(|v| v["schemes"] = json!(["https", "http"])),
                || with_swagger(|v| v["schemes"] = json!(["https"])),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &SWG_06,
                || with_swagger(|v| v["info"]["contact"]["email"] = "support@contoso".into()),
                || with_swagger(|v| v["info"]["contact"]["email"] = "support@contoso.com".into()),
            ),
            Case::new(
                &SWG_06,
                || with_swagger(|v| v["info"]["contact"]["name"] = " ".into()),
                || with_swagger(|v| v["info"]["contact"]["name"] = "C".into()),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &SWG_07,
                || {
                    in_solution(|v| {
                        v["x-ms-connector-metadata"][1]["propertyName"] = "Privacy".into()
                    })
                },
                || {
                    in_solution(|v| {
                        v["x-ms-connector-metadata"][1]["propertyName"] = "Privacy policy ".into()
                    })
                },
            ),
            Case::new(
                &SWG_07,
                || {
                    with_swagger(|v| {
                        v["x-ms-connector-metadata"][0]["propertyValue"] = "contoso.com".into()
                    })
                },
                || {
                    with_swagger(|v| {
                        v["x-ms-connector-metadata"][0]["propertyValue"] =
                            "https://contoso.com".into()
                    })
                },
            ),
            Case::new(
                &SWG_07,
                || {
                    with_swagger(|v| {
                        v["x-ms-connector-metadata"][1]["propertyName"] = "Privacy".into()
                    })
                },
                || {
                    with_swagger(|v| {
                        v["x-ms-connector-metadata"][1]["propertyName"] = "Privacy policy".into()
                    })
                },
            )
            .reported_as(Severity::Warning),
            Case::new(
                &SWG_08,
                || with_swagger(|v| category(v, "Productivity;Collaboration;Data")),
                || with_swagger(|v| category(v, "Productivity; Collaboration;")),
            ),
            Case::new(
                &SWG_08,
                || with_swagger(|v| category(v, "Productivity, Data")),
                || with_swagger(|v| category(v, "Productivity; Data")),
            ),
            Case::new(
                &SWG_08,
                || with_swagger(|v| category(v, "productivity")),
                || with_swagger(|v| category(v, "Productivity")),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &SWG_09,
                || with_swagger(|v| operations(v, MAX_OPERATIONS + 1)),
                || with_swagger(|v| operations(v, MAX_OPERATIONS)),
            ),
        ]
    }

    fn run_origin(v: &serde_json::Value, origin: Origin) -> Vec<(String, Severity)> {
        let f = json_file("apiDefinition.swagger.json", &v.to_string());
        let def = Definition::new(&f, origin).unwrap();
        let mut sink = Sink::new();
        size(&mut sink, &f, origin);
        check(&mut sink, &def);
        sink.diagnostics()
            .iter()
            .map(|d| (d.code.clone(), d.severity))
            .collect()
    }

    fn run(v: &serde_json::Value) -> Vec<(String, Severity)> {
        run_origin(v, Origin::SourceFolder)
    }

    use Severity::{Error as E, Warning as W};

    #[test]
    fn good_is_silent() {
        assert!(run(&good_swagger()).is_empty());
    }

    #[test]
    fn swg01_version() {
        let mut v = good_swagger();
        v["swagger"] = "3.0".into();
        assert_eq!(run(&v), one("SWG-01", E));
        let mut v = good_swagger();
        v.as_object_mut().unwrap().remove("swagger");
        v["openapi"] = "3.0.1".into();
        assert_eq!(run(&v), one("SWG-01", E));
        let mut v = good_swagger();
        v["components"] = json!({});
        assert_eq!(run(&v), one("SWG-01", E));
        let mut v = good_swagger();
        v["paths"]["/tasks"]["post"]["requestBody"] = json!({});
        assert_eq!(run(&v), one("SWG-01", E));
    }

    #[test]
    fn swg02_size() {
        let mut v = good_swagger();
        v["x-padding"] = "a".repeat(MAX_BYTES).into();
        assert_eq!(run(&v), one("SWG-02", E));
        let mut v = good_swagger();
        v["x-padding"] = "a".repeat(600_000).into();
        assert_eq!(run_origin(&v, Origin::Solution), one("SWG-02", E));
        // multi-byte characters: bytes over, characters under the limit
        let mut v = good_swagger();
        v["x-padding"] = "é".repeat(260_000).into();
        assert!(run(&v).is_empty());
    }

    #[test]
    fn swg03_host() {
        for (h, sev) in [
            ("https://api.contoso.com", E),
            ("api.contoso.com/v1", E),
            ("localhost:8080", E),
            ("api-staging.contoso.com", W),
            ("dev.contoso.com", W),
        ] {
            let mut v = good_swagger();
            v["host"] = h.into();
            assert_eq!(run(&v), one("SWG-03", sev), "{h}");
        }
        let mut v = good_swagger();
        v["host"] = "latest.contoso.com:443".into();
        assert!(run(&v).is_empty());
        let mut v = good_swagger();
        v.as_object_mut().unwrap().remove("host");
        assert_eq!(run(&v), one("SWG-03", E));
    }

    #[test]
    fn swg04_base_path() {
        let mut v = good_swagger();
        v["basePath"] = "v1".into();
        assert_eq!(run(&v), one("SWG-04", E));
    }

    #[test]
    fn swg05_schemes() {
        let mut v = good_swagger();
        v["schemes"] = json!(["https", "http"]);
        assert_eq!(run(&v), one("SWG-05", W), "the validator takes http");
        let mut v = good_swagger();
        v["schemes"] = json!(["wss"]);
        assert_eq!(run(&v), one("SWG-05", E));
        let mut v = good_swagger();
        v["schemes"] = json!([]);
        assert_eq!(run(&v), one("SWG-05", E));
    }

    #[test]
    fn swg06_contact() {
        let mut v = good_swagger();
        v["info"]["contact"]["email"] = "support at contoso".into();
        assert_eq!(run(&v), one("SWG-06", E));
        let mut v = good_swagger();
        v["info"].as_object_mut().unwrap().remove("contact");
        assert_eq!(run(&v), one("SWG-06", W), "absent is not invalid");
        let mut v = good_swagger();
        v["info"]["contact"].as_object_mut().unwrap().remove("name");
        assert_eq!(run(&v), one("SWG-06", W));
    }

    #[test]
    fn swg07_metadata() {
        let mut v = good_swagger();
        v.as_object_mut().unwrap().remove("x-ms-connector-metadata");
        assert_eq!(run(&v), one("SWG-07", W), "a source folder");
        assert_eq!(
            run_origin(&v, Origin::Solution),
            one("SWG-07", E),
            "what Partner Center certifies"
        );
        let mut v = good_swagger();
        v["x-ms-connector-metadata"][1]["propertyName"] = "Privacy Policy".into();
        assert_eq!(run(&v), one("SWG-07", W), "names match ignoring case");
        let mut v = good_swagger();
        let item = v["x-ms-connector-metadata"][1].as_object_mut().unwrap();
        let name = item.remove("propertyName").unwrap();
        item.insert("PropertyName".into(), name);
        assert_eq!(run(&v), one("SWG-07", W), "member keys too");
        let mut v = good_swagger();
        v["x-ms-connector-metadata"]
            .as_array_mut()
            .unwrap()
            .remove(1);
        assert_eq!(run_origin(&v, Origin::Solution), one("SWG-07", E));
        let mut v = good_swagger();
        v["x-ms-connector-metadata"][0]["propertyValue"] = "contoso.com".into();
        assert_eq!(run(&v), one("SWG-07", E));
        let mut v = good_swagger();
        v["x-ms-connector-metadata"][0]["propertyValue"] = "http://contoso.example.com".into();
        assert_eq!(run(&v), one("SWG-07", W));
    }

    #[test]
    fn swg08_categories() {
        for (c, sev) in [
            ("Productivity;Collaboration;Data", E),
            ("Productivity, Data", E),
            ("Productivity;Toys", E),
            ("", E),
            ("productivity", W),
        ] {
            let mut v = good_swagger();
            v["x-ms-connector-metadata"][2]["propertyValue"] = c.into();
            assert_eq!(run(&v), one("SWG-08", sev), "{c}");
        }
    }

    #[test]
    fn swg09_operation_count() {
        let mut v = good_swagger();
        let get = v["paths"]["/tasks"]["get"].clone();
        for i in 0..260 {
            let mut op = get.clone();
            op["operationId"] = format!("ListTasks{i}").into();
            v["paths"][format!("/tasks{i}")] = json!({ "get": op });
        }
        assert_eq!(run(&v), one("SWG-09", E));
    }
}
