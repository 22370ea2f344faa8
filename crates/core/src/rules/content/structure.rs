//! SWG — the document's shape (SWG-10…16, validator-rules.md §5, §7): only Swagger
//! 2.0 members or `x-` extensions on each object, keyword values of the right JSON
//! type and in their enumerations, required members present and not empty, security
//! schemes and requirements that fit each other, unique tags and absolute `url`s.
//!
//! The member tables are the Swagger 2.0 specification's (Swagger Object, Info,
//! License, Path Item, Operation, Parameter, Items, Header, Response, Schema, XML,
//! Security Scheme, Tag, External Documentation). Measured on the 518 merged
//! definitions that parse (`../shared/corpus`), not one has a member outside them nor
//! a mistyped extension name: Microsoft's repository validates the shape, so those are
//! errors. What merged connectors do break is a warning: an empty `x-ms-summary` or
//! response `description`, an `x-ms-visibility` of `""` on schema properties, an
//! oauth2 scheme without `scopes`, requirements naming undefined schemes or
//! undeclared scopes.
//!
//! What other families report is left to them: the OpenAPI 3 root keys and
//! `requestBody` (SWG-01), `host`, `basePath`, `schemes`, `info.contact` (SWG-03…06),
//! `info.title`/`info.description` (TTL-01, DSC-01), operation `operationId`,
//! `summary`, `description` and `x-ms-visibility` (OPS-01…04), a parameter's missing
//! or empty `x-ms-summary` (OPS-05), location-specific members on a body parameter
//! (PAR-03) and a `schema` on another (PAR-04), OpenAPI 3 schema keywords (SCH-15),
//! anything beside a `$ref` (SCH-04), `$ref` path items (PTH-06), path and response
//! keys (PTH-01, RSP-07), and the value of a schema's `type` (SCH-14).
//!
//! The walk has a fixed shape (root → paths → operations → parameters → items), with
//! nested `items` bounded and schemas visited by [`Definition::walk`] without `$ref`
//! expansion, so it is linear in the size of the definition.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::model::Severity;
use crate::read::json::{Kind, Value};
use crate::rules::Sink;

use super::SWR;
use super::definition::{Definition, METHODS, Step, is_internal};
use super::util::{Tally, excerpt, ptr, quoted};

rules! {
    SWG_10 {
        code: "SWG-10",
        severity: Error,
        scope: Connector,
        title: "Objects hold only Swagger 2.0 members or x- extensions",
        explanation: "Each object of the definition (root, info, license, path item, operation, parameter, items, \
            header, response, schema, xml, security scheme, tag, externalDocs) may hold the members Swagger 2.0 \
            defines for it and extensions starting with `x-`. The validator refuses any other member \
            (AdditionalPropertyNotAllowed), and a member that looks like a mistyped Microsoft extension \
            (`x_ms_summary`, `ms-visibility`, `x-ms-Summary`: ExtensionNameNotValid), which the designer would \
            ignore. No merged connector has either. Remove the member, spell it as Swagger does, or prefix your \
            own extensions with `x-`.",
        url: SWR,
        validator: ["AdditionalPropertyNotAllowed", "ExtensionNameNotValid"],
    }
    SWG_11 {
        code: "SWG-11",
        severity: Error,
        scope: Connector,
        title: "Keyword values have the right JSON type and an allowed value",
        explanation: "Write each Swagger keyword with its JSON type (`required: true` on a parameter, not \
            `\"true\"`; a schema's `required` is an array of names; `maxLength` a whole number; `type` a single \
            string) and enumerated keywords with one of their values: parameter `in`, `type` and \
            `collectionFormat`, security scheme `type`, `flow` and `in`, `x-ms-trigger` (`single`, `batch`), \
            `x-ms-url-encoding` (`single`, `double`), `x-ms-visibility` (`important`, `advanced`, `internal`, \
            `none`). The validator refuses other values (JsonTypeIncorrect, JsonValueNotInEnum) and no merged \
            connector has one, except an `x-ms-visibility` that is empty or differs only by case, merged on \
            schema properties: that is a warning.",
        url: SWR,
        validator: ["JsonTypeIncorrect", "JsonValueNotInEnum"],
    }
    SWG_12 {
        code: "SWG-12",
        severity: Error,
        scope: Connector,
        title: "Required members are present and not empty",
        explanation: "Swagger 2.0 requires `info.version`, `paths`, a `name` and an `in` on each parameter, a \
            `description` on each response, a `type` on each non-body parameter, header and `items`, a `name` on \
            each tag and license, and a `url` on each externalDocs; the validator refuses a missing one \
            (RequiredPropertyMissing, OneOfPropertiesRequired) or an empty one (RequiredValueEmpty). No merged \
            connector lacks one. An empty `x-ms-summary` or response `description` is a warning, as merged \
            connectors have them: write the label or the sentence, or remove the member.",
        url: SWR,
        validator: ["RequiredPropertyMissing", "OneOfPropertiesRequired", "RequiredValueEmpty"],
    }
    SWG_13 {
        code: "SWG-13",
        severity: Error,
        scope: Connector,
        title: "Security schemes have the members of their type",
        explanation: "A `securityDefinitions` entry holds what its `type` defines: `basic` only `description`; \
            `apiKey` also `name` and `in` (both required); `oauth2` also `flow` and `scopes` (required), \
            `authorizationUrl` (for `implicit` and `accessCode` only) and `tokenUrl` (for `password`, \
            `application` and `accessCode` only); `x-` extensions always. The validator refuses other members \
            (SecuritySchemePropertyNotValid) and missing ones (SecuritySchemePropertyRequired). An oauth2 scheme \
            without `scopes` was merged once, so that case is a warning: add `\"scopes\": {}`.",
        url: SWR,
        validator: ["SecuritySchemePropertyNotValid", "SecuritySchemePropertyRequired"],
    }
    SWG_14 {
        code: "SWG-14",
        severity: Error,
        scope: Connector,
        title: "Security requirements name defined schemes with valid scope lists",
        explanation: "Each entry of a `security` list (root or operation) maps scheme names to arrays: an array of \
            scope names for an oauth2 scheme, `[]` for the others. The validator refuses a value that is not an \
            array (SecurityRequirementMustHaveValue) and scopes for a basic or apiKey scheme \
            (SecurityRequirementMustHaveEmptyValue); no merged connector has them. It also names a scheme \
            absent from `securityDefinitions` (SecurityRequirementMustBeDefined) and an oauth2 scope that is not \
            a key of the scheme's `scopes` (OAuthSecurityRequirementValueMustBeScopeName): eight and one merged \
            connectors have those, so they are warnings. Name the schemes and scopes you define.",
        url: SWR,
        validator: [
            "SecurityRequirementMustHaveValue",
            "SecurityRequirementMustHaveEmptyValue",
            "SecurityRequirementMustBeDefined",
            "OAuthSecurityRequirementValueMustBeScopeName",
        ],
    }
    SWG_15 {
        code: "SWG-15",
        severity: Error,
        scope: Connector,
        title: "Root tags are unique",
        explanation: "Each entry of the root `tags` list describes a different tag: the validator refuses a name \
            given twice (TagRedefined), and no merged connector has one. Merge the entries. Names that differ \
            only by case are a warning, as it is not known whether the validator compares them so.",
        url: SWR,
        validator: ["TagRedefined"],
    }
    SWG_16 {
        code: "SWG-16",
        severity: Error,
        scope: Connector,
        title: "license and externalDocs URLs are absolute http(s) URLs",
        explanation: "The `url` of `info.license` and of every `externalDocs` (root, tags, operations, schemas) \
            must be an absolute `https://` (or `http://`) URL; the validator refuses anything else (UrlNotValid), \
            and no merged connector has one. The contact URL is checked by SWG-06 and the metadata links by \
            SWG-07.",
        url: SWR,
        validator: ["UrlNotValid"],
    }
}

/// The JSON type (or set of values) a member must have.
#[derive(Debug, Clone, Copy)]
enum Ty {
    /// Any value.
    Any,
    /// A Swagger member that another family checks (its type too).
    Other,
    Str,
    Bool,
    Num,
    /// A whole number.
    Int,
    Arr,
    StrArr,
    Obj,
    ObjOrBool,
    ObjOrArr,
    /// A string among these.
    OneOf(&'static [&'static str]),
    /// `x-ms-visibility`: one of [`VISIBILITY`]; empty or another case is a warning.
    Visibility,
}

use Ty::{Any, Arr, Bool, Int, Num, Obj, ObjOrArr, ObjOrBool, OneOf, Other, Str, StrArr};

type Table = &'static [(&'static str, Ty)];

const LOCATIONS: &[&str] = &["query", "header", "path", "formData", "body"];
const PARAM_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "file"];
const ITEMS_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array"];
const PARAM_FORMATS: &[&str] = &["csv", "ssv", "tsv", "pipes", "multi"];
const ITEMS_FORMATS: &[&str] = &["csv", "ssv", "tsv", "pipes"];
const SCHEME_TYPES: &[&str] = &["basic", "apiKey", "oauth2"];
const FLOWS: &[&str] = &["implicit", "password", "application", "accessCode"];
const KEY_LOCATIONS: &[&str] = &["query", "header"];
const VISIBILITY: &[&str] = &["important", "advanced", "internal", "none"];

const ROOT: Table = &[
    ("swagger", Other),
    ("info", Obj),
    ("host", Other),
    ("basePath", Other),
    ("schemes", Other),
    ("consumes", StrArr),
    ("produces", StrArr),
    ("paths", Obj),
    ("definitions", Obj),
    ("parameters", Obj),
    ("responses", Obj),
    ("securityDefinitions", Obj),
    ("security", Arr),
    ("tags", Arr),
    ("externalDocs", Obj),
    // OpenAPI 3 (SWG-01)
    ("openapi", Other),
    ("components", Other),
    ("servers", Other),
];
const INFO: Table = &[
    ("title", Other),
    ("description", Other),
    ("termsOfService", Str),
    ("contact", Other),
    ("license", Obj),
    ("version", Str),
];
const LICENSE: Table = &[("name", Str), ("url", Str)];
const PATH_ITEM: Table = &[
    ("$ref", Other),
    ("get", Obj),
    ("put", Obj),
    ("post", Obj),
    ("delete", Obj),
    ("options", Obj),
    ("head", Obj),
    ("patch", Obj),
    ("parameters", Arr),
];
const OPERATION: Table = &[
    ("tags", StrArr),
    ("summary", Other),
    ("description", Other),
    ("externalDocs", Obj),
    ("operationId", Other),
    ("consumes", StrArr),
    ("produces", StrArr),
    ("parameters", Arr),
    ("responses", Obj),
    ("schemes", StrArr),
    ("deprecated", Bool),
    ("security", Arr),
    ("requestBody", Other),
    ("x-ms-trigger", OneOf(&["single", "batch"])),
];
const PARAM_COMMON: Table = &[
    ("name", Str),
    ("in", OneOf(LOCATIONS)),
    ("description", Str),
    ("required", Bool),
    ("x-ms-visibility", Ty::Visibility),
    ("x-ms-summary", Str),
];
/// The validation keywords parameters, items and headers share with schemas.
const LIMITS: Table = &[
    ("format", Str),
    ("default", Any),
    ("maximum", Num),
    ("exclusiveMaximum", Bool),
    ("minimum", Num),
    ("exclusiveMinimum", Bool),
    ("maxLength", Int),
    ("minLength", Int),
    ("pattern", Str),
    ("maxItems", Int),
    ("minItems", Int),
    ("uniqueItems", Bool),
    ("enum", Arr),
    ("multipleOf", Num),
];
const NON_BODY: Table = &[
    ("type", OneOf(PARAM_TYPES)),
    ("items", Obj),
    ("collectionFormat", OneOf(PARAM_FORMATS)),
    ("allowEmptyValue", Bool),
    ("schema", Other), // PAR-04
    ("x-ms-url-encoding", OneOf(&["single", "double"])),
    ("x-ms-enum-values", Arr),
];
const BODY: Table = &[("schema", Obj)];
/// Non-body members on a body parameter: PAR-03 reports them.
const BODY_ELSEWHERE: Table = &[
    ("type", Other),
    ("format", Other),
    ("items", Other),
    ("enum", Other),
    ("default", Other),
    ("collectionFormat", Other),
    ("allowEmptyValue", Other),
    ("maximum", Other),
    ("exclusiveMaximum", Other),
    ("minimum", Other),
    ("exclusiveMinimum", Other),
    ("maxLength", Other),
    ("minLength", Other),
    ("pattern", Other),
    ("maxItems", Other),
    ("minItems", Other),
    ("uniqueItems", Other),
    ("multipleOf", Other),
];
const ITEMS: Table = &[
    ("type", OneOf(ITEMS_TYPES)),
    ("items", Obj),
    ("collectionFormat", OneOf(ITEMS_FORMATS)),
];
const HEADER: Table = &[("description", Str)];
const RESPONSE: Table = &[
    ("description", Str),
    ("schema", Obj),
    ("headers", Obj),
    ("examples", Obj),
];
const SCHEMA: Table = &[
    ("$ref", Other),
    ("title", Str),
    ("description", Str),
    ("maxProperties", Int),
    ("minProperties", Int),
    ("required", StrArr),
    ("type", Ty::Other), // its JSON type is checked here, its value by SCH-14
    ("items", ObjOrArr),
    ("allOf", Arr),
    ("properties", Obj),
    ("additionalProperties", ObjOrBool),
    ("discriminator", Str),
    ("readOnly", Bool),
    ("xml", Obj),
    ("externalDocs", Obj),
    ("example", Any),
    ("x-ms-visibility", Ty::Visibility),
    ("x-ms-summary", Str),
    ("x-ms-enum-values", Arr),
    // OpenAPI 3 keywords: SCH-15
    ("oneOf", Other),
    ("anyOf", Other),
    ("not", Other),
    ("nullable", Other),
    ("writeOnly", Other),
    ("deprecated", Other),
];
const XML: Table = &[
    ("name", Str),
    ("namespace", Str),
    ("prefix", Str),
    ("attribute", Bool),
    ("wrapped", Bool),
];
const SECURITY: Table = &[
    ("type", OneOf(SCHEME_TYPES)),
    ("description", Str),
    ("name", Str),
    ("in", OneOf(KEY_LOCATIONS)),
    ("flow", OneOf(FLOWS)),
    ("authorizationUrl", Str),
    ("tokenUrl", Str),
    ("scopes", Obj),
];
const TAG: Table = &[("name", Str), ("description", Str), ("externalDocs", Obj)];
const DOCS: Table = &[("description", Str), ("url", Str)];

/// Microsoft's extensions (openapi-extensions page and merged connectors), for
/// recognising a mistyped one.
const EXTENSIONS: &[&str] = &[
    "x-ms-api-annotation",
    "x-ms-capabilities",
    "x-ms-connector-metadata",
    "x-ms-deployment-version",
    "x-ms-display-format",
    "x-ms-dynamic-list",
    "x-ms-dynamic-properties",
    "x-ms-dynamic-schema",
    "x-ms-dynamic-tree",
    "x-ms-dynamic-values",
    "x-ms-editor",
    "x-ms-editor-options",
    "x-ms-enum",
    "x-ms-enum-values",
    "x-ms-examples",
    "x-ms-explicit-only",
    "x-ms-keywords",
    "x-ms-media-kind",
    "x-ms-no-generic-test",
    "x-ms-notification",
    "x-ms-notification-content",
    "x-ms-notification-url",
    "x-ms-openai-data",
    "x-ms-openai-manifest",
    "x-ms-operation-context",
    "x-ms-pageable",
    "x-ms-parameter-location",
    "x-ms-property-name-alias",
    "x-ms-require-user-confirmation",
    "x-ms-skip-url-encoding",
    "x-ms-summary",
    "x-ms-test-value",
    "x-ms-trigger",
    "x-ms-trigger-hint",
    "x-ms-trigger-metadata",
    "x-ms-url-encoding",
    "x-ms-visibility",
];

/// How many nested `items` levels of a parameter or header are checked.
const MAX_ITEMS_DEPTH: usize = 16;

/// The kinds of object the walk meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Root,
    Info,
    License,
    PathItem,
    Operation,
    Param,
    Body,
    Items,
    Header,
    Response,
    Schema,
    Xml,
    Security,
    Tag,
    Docs,
}

impl Shape {
    fn tables(self) -> &'static [Table] {
        match self {
            Shape::Root => &[ROOT],
            Shape::Info => &[INFO],
            Shape::License => &[LICENSE],
            Shape::PathItem => &[PATH_ITEM],
            Shape::Operation => &[OPERATION],
            Shape::Param => &[PARAM_COMMON, NON_BODY, LIMITS],
            Shape::Body => &[PARAM_COMMON, BODY, BODY_ELSEWHERE],
            Shape::Items => &[ITEMS, LIMITS],
            Shape::Header => &[HEADER, ITEMS, LIMITS],
            Shape::Response => &[RESPONSE],
            Shape::Schema => &[SCHEMA, LIMITS],
            Shape::Xml => &[XML],
            Shape::Security => &[SECURITY],
            Shape::Tag => &[TAG],
            Shape::Docs => &[DOCS],
        }
    }

    /// The type of the member `key`, when Swagger 2.0 defines it here.
    fn member(self, key: &str) -> Option<Ty> {
        self.tables()
            .iter()
            .flat_map(|t| t.iter())
            .find(|(k, _)| *k == key)
            .map(|(_, t)| *t)
    }

    /// A member this object defines that `key` spells with another case.
    fn other_case(self, key: &str) -> Option<&'static str> {
        self.tables()
            .iter()
            .flat_map(|t| t.iter())
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(k, _)| *k)
    }
}

/// `key` as an extension name is compared: lower case, `_` as `-`, without `x-`.
fn extension_stem(key: &str) -> String {
    let lower = key.to_ascii_lowercase().replace('_', "-");
    match lower.strip_prefix("x-") {
        Some(rest) => rest.to_owned(),
        None => lower,
    }
}

/// The Microsoft extension `key` evidently means (`x_ms_summary`, `ms-visibility`,
/// `x-ms_Summary` → `x-ms-summary`), when it is not spelled exactly so.
fn mistyped_extension(key: &str) -> Option<&'static str> {
    if EXTENSIONS.contains(&key) {
        return None;
    }
    let stem = extension_stem(key);
    EXTENSIONS
        .iter()
        .find(|e| e.strip_prefix("x-") == Some(stem.as_str()))
        .copied()
}

/// `a`, `an` + the JSON type of `v`, for messages.
fn kind_name(v: &Value) -> &'static str {
    match v.kind {
        Kind::Null => "null",
        Kind::Bool(_) => "a boolean",
        Kind::Number(..) => "a number",
        Kind::String(_) => "a string",
        Kind::Array(_) => "an array",
        Kind::Object(_) => "an object",
    }
}

fn is_obj(v: &Value) -> bool {
    matches!(v.kind, Kind::Object(_))
}

/// What a value of type `ty` must be, when `v` is not one; `None` when it fits.
fn type_error(ty: Ty, v: &Value) -> Option<&'static str> {
    let ok = match ty {
        Ty::Any | Ty::Other | Ty::OneOf(_) | Ty::Visibility => return None,
        Ty::Str => matches!(v.kind, Kind::String(_)),
        Ty::Bool => matches!(v.kind, Kind::Bool(_)),
        Ty::Num => matches!(v.kind, Kind::Number(..)),
        Ty::Int => matches!(v.kind, Kind::Number(n) if n.is_finite() && n.fract() == 0.0),
        Ty::Arr => matches!(v.kind, Kind::Array(_)),
        Ty::StrArr => v
            .as_array()
            .is_some_and(|a| a.iter().all(|i| matches!(i.kind, Kind::String(_)))),
        Ty::Obj => is_obj(v),
        Ty::ObjOrBool => matches!(v.kind, Kind::Object(_) | Kind::Bool(_)),
        Ty::ObjOrArr => matches!(v.kind, Kind::Object(_) | Kind::Array(_)),
    };
    if ok {
        return None;
    }
    Some(match ty {
        Ty::Str => "a string",
        Ty::Bool => "`true` or `false`",
        Ty::Num => "a number",
        Ty::Int => "a whole number",
        Ty::Arr => "an array",
        Ty::StrArr => "an array of strings",
        Ty::Obj => "an object",
        Ty::ObjOrBool => "an object or `true`/`false`",
        _ => "an object or an array",
    })
}

/// The non-error findings of this family, folded per connector.
struct Folds {
    visibility: Tally,
    empty_summary: Tally,
    empty_description: Tally,
    undefined: Tally,
    scopes: Tally,
}

impl Folds {
    fn new() -> Self {
        Folds {
            visibility: Tally::new(
                &SWG_11,
                Severity::Warning,
                "schemas or parameters have an empty or miscased `x-ms-visibility`",
            ),
            empty_summary: Tally::new(
                &SWG_12,
                Severity::Warning,
                "`x-ms-summary` values are empty",
            ),
            empty_description: Tally::new(
                &SWG_12,
                Severity::Warning,
                "responses have an empty `description`",
            ),
            undefined: Tally::new(
                &SWG_14,
                Severity::Warning,
                "security requirements name a scheme that `securityDefinitions` does not define",
            ),
            scopes: Tally::new(
                &SWG_14,
                Severity::Warning,
                "security requirements list a scope the oauth2 scheme does not declare",
            ),
        }
    }

    fn finish(self, sink: &mut Sink) {
        for t in [
            self.visibility,
            self.empty_summary,
            self.empty_description,
            self.undefined,
            self.scopes,
        ] {
            t.finish(sink);
        }
    }
}

struct Walk<'s, 'd, 'a> {
    def: &'d Definition<'a>,
    sink: &'s mut Sink,
    folds: Folds,
    /// `securityDefinitions` by name.
    schemes: HashMap<&'a str, &'a Value>,
}

/// SWG-10…16 on one definition.
pub fn check(sink: &mut Sink, def: &Definition<'_>) {
    let root = def.root;
    if !is_obj(root) {
        return;
    }
    let schemes = root
        .get("securityDefinitions")
        .and_then(Value::as_object)
        .unwrap_or_default()
        .iter()
        .map(|m| (m.key.as_str(), &m.value))
        .collect();
    let mut w = Walk {
        def,
        sink,
        folds: Folds::new(),
        schemes,
    };
    w.root(root);
    let folds = std::mem::replace(&mut w.folds, Folds::new());
    folds.finish(w.sink);
}

impl<'a> Walk<'_, '_, 'a> {
    fn error(&mut self, rule: &'static crate::rules::Rule, at: &str, msg: String) {
        let loc = self.def.at(at);
        self.sink.emit(rule, loc, msg);
    }

    fn emit_as(&mut self, rule: &'static crate::rules::Rule, sev: Severity, at: &str, msg: String) {
        let loc = self.def.at(at);
        self.sink.emit_as(rule, sev, loc, msg);
    }

    /// SWG-10 and SWG-11 on the members of `v` (an object of kind `kind`, at `at`,
    /// called `label` in messages).
    fn members(&mut self, kind: Shape, at: &str, v: &'a Value, label: &str) {
        let ms = v.as_object().unwrap_or_default();
        // a repeated key is JSON-02's: look at the first only (a scan for the usual
        // few members, a set for large objects)
        let mut seen: Option<HashSet<&str>> = (ms.len() > 32).then(HashSet::new);
        for (i, m) in ms.iter().enumerate() {
            let repeated = match &mut seen {
                Some(set) => !set.insert(&m.key),
                None => ms[..i].iter().any(|o| o.key == m.key),
            };
            if repeated {
                continue;
            }
            let Some(ty) = kind.member(&m.key) else {
                self.unknown(kind, &ptr(at, &m.key), &m.key, label);
                continue;
            };
            // the member's pointer is built only when something is reported there
            self.typed(ty, at, &m.key, &m.value, label);
        }
    }

    /// SWG-10 on a member the object does not define.
    fn unknown(&mut self, kind: Shape, at: &str, key: &str, label: &str) {
        if let Some(ext) = mistyped_extension(key) {
            self.error(
                &SWG_10,
                at,
                format!(
                    "{label} has `{}`, which looks like the extension `{ext}`; spell it exactly so, or it is ignored",
                    excerpt(key, 40)
                ),
            );
        } else if key.starts_with("x-") {
            // an extension of the author's own
        } else if let Some(known) = kind.other_case(key) {
            self.error(
                &SWG_10,
                at,
                format!("{label} has `{key}`; Swagger 2.0 spells it `{known}`"),
            );
        } else {
            self.error(
                &SWG_10,
                at,
                format!(
                    "{label} has a member `{}` that Swagger 2.0 does not define; remove it, or name it `x-…` \
                     if it is your own extension",
                    excerpt(key, 40)
                ),
            );
        }
    }

    /// SWG-11 on one member's value.
    fn typed(&mut self, ty: Ty, base: &str, key: &str, v: &'a Value, label: &str) {
        let here = || ptr(base, key);
        if let Some(want) = type_error(ty, v) {
            return self.error(
                &SWG_11,
                &here(),
                format!("`{key}` of {label} must be {want}, not {}", kind_name(v)),
            );
        }
        match ty {
            Ty::OneOf(allowed) => {
                let Some(s) = v.as_str() else {
                    return self.error(
                        &SWG_11,
                        &here(),
                        format!("`{key}` of {label} must be a string, not {}", kind_name(v)),
                    );
                };
                if !allowed.contains(&s) {
                    self.error(
                        &SWG_11,
                        &here(),
                        format!(
                            "`{key}` of {label} is `{}`; it must be one of {}",
                            excerpt(s, 40),
                            quoted(allowed)
                        ),
                    );
                }
            }
            Ty::Visibility => {
                let Some(s) = v.as_str() else {
                    return self.error(
                        &SWG_11,
                        &here(),
                        format!("`{key}` of {label} must be a string, not {}", kind_name(v)),
                    );
                };
                if VISIBILITY.contains(&s) {
                    return;
                }
                if let Some(k) = VISIBILITY.iter().find(|k| k.eq_ignore_ascii_case(s.trim())) {
                    let loc = self.def.at(&here());
                    self.folds.visibility.add(
                        loc,
                        owner_key(&here()),
                        format!("`{key}` of {label} is `{s}`; write `{k}`"),
                    );
                } else if s.trim().is_empty() {
                    let loc = self.def.at(&here());
                    self.folds.visibility.add(
                        loc,
                        owner_key(&here()),
                        format!(
                            "`{key}` of {label} is empty; set {} or remove it",
                            quoted(VISIBILITY)
                        ),
                    );
                } else {
                    self.error(
                        &SWG_11,
                        &here(),
                        format!(
                            "`{key}` of {label} is `{}`; it must be one of {}",
                            excerpt(s, 40),
                            quoted(VISIBILITY)
                        ),
                    );
                }
            }
            _ => {}
        }
    }

    /// SWG-11: a container's entry that must be an object.
    fn entry_object(&mut self, at: &str, v: &Value, what: &str) -> bool {
        if is_obj(v) {
            return true;
        }
        self.error(
            &SWG_11,
            at,
            format!("{what} must be an object, not {}", kind_name(v)),
        );
        false
    }

    /// SWG-12: `key` of `v` present (else RequiredPropertyMissing at the object) and,
    /// when a string, not empty (RequiredValueEmpty, an error). A member spelled with
    /// another case is SWG-10's.
    fn required(&mut self, at: &str, v: &Value, key: &str, label: &str) {
        match v.get(key) {
            None if v.get_ignore_case(key).is_some() => {}
            None => self.error(&SWG_12, at, format!("{label} has no `{key}`")),
            Some(s) if s.as_str().is_some_and(|s| s.trim().is_empty()) => self.error(
                &SWG_12,
                &ptr(at, key),
                format!("`{key}` of {label} is empty"),
            ),
            Some(_) => {}
        }
    }

    fn root(&mut self, root: &'a Value) {
        self.members(Shape::Root, "", root, "the definition");
        match root.get("info") {
            Some(info) if is_obj(info) => self.info(info),
            Some(_) => {} // SWG-11
            None => self.error(&SWG_12, "", "the definition has no `info.version`".into()),
        }
        if root.get("paths").is_none() {
            self.error(
                &SWG_12,
                "",
                "the definition has no `paths`; add `\"paths\": {}` at least".into(),
            );
        }
        if let Some(d) = root.get("externalDocs").filter(|d| is_obj(d)) {
            self.docs("/externalDocs", d);
        }
        self.tags(root.get("tags"));
        let map = |k: &str| root.get(k).and_then(Value::as_object).unwrap_or_default();
        for m in map("securityDefinitions") {
            let at = ptr("/securityDefinitions", &m.key);
            if self.entry_object(&at, &m.value, &format!("the security scheme `{}`", m.key)) {
                self.security_scheme(&at, &m.key, &m.value);
            }
        }
        for m in map("parameters") {
            let at = ptr("/parameters", &m.key);
            self.parameter(&at, &m.value);
        }
        for m in map("responses") {
            let at = ptr("/responses", &m.key);
            self.response(&at, &m.value, &format!("the response `{}`", m.key));
        }
        for m in map("definitions") {
            let at = ptr("/definitions", &m.key);
            if self.entry_object(&at, &m.value, &format!("the definition `{}`", m.key)) {
                self.schema(&at, &m.value);
            }
        }
        for m in map("paths") {
            if !m.key.starts_with('/') {
                continue; // extensions, and PTH-01's
            }
            let at = ptr("/paths", &m.key);
            if self.entry_object(&at, &m.value, &format!("the path item `{}`", m.key)) {
                self.path_item(&at, &m.key, &m.value);
            }
        }
        if let Some(sec) = root.get("security") {
            self.requirements("/security", sec, "the definition");
        }
    }

    fn info(&mut self, info: &'a Value) {
        self.members(Shape::Info, "/info", info, "`info`");
        self.required("/info", info, "version", "`info`");
        if let Some(l) = info.get("license").filter(|l| is_obj(l)) {
            let label = "`info.license`";
            self.members(Shape::License, "/info/license", l, label);
            self.required("/info/license", l, "name", label);
            self.url("/info/license", l, label);
        }
    }

    fn docs(&mut self, at: &str, d: &'a Value) {
        let label = "`externalDocs`";
        self.members(Shape::Docs, at, d, label);
        if d.get_ignore_case("url").is_none() {
            self.error(&SWG_12, at, format!("{label} has no `url`"));
        }
        self.url(at, d, label);
    }

    /// SWG-16 on the `url` of `v`.
    fn url(&mut self, at: &str, v: &Value, label: &str) {
        let Some(u) = v.get("url").and_then(Value::as_str) else {
            return;
        };
        if let Err(why) = absolute_url(u) {
            self.error(
                &SWG_16,
                &ptr(at, "url"),
                format!("the `url` of {label} {why}"),
            );
        }
    }

    fn tags(&mut self, tags: Option<&'a Value>) {
        let Some(items) = tags.and_then(Value::as_array) else {
            return;
        };
        let mut exact: HashMap<&str, usize> = HashMap::new();
        let mut folded: HashMap<String, (usize, &str)> = HashMap::new();
        for (i, t) in items.iter().enumerate() {
            let at = format!("/tags/{i}");
            if !self.entry_object(&at, t, "a tag") {
                continue;
            }
            let name = t.get("name").and_then(Value::as_str);
            let label = match name {
                Some(n) => format!("the tag `{}`", excerpt(n, 40)),
                None => "a tag".to_owned(),
            };
            self.members(Shape::Tag, &at, t, &label);
            self.required(&at, t, "name", &label);
            if let Some(d) = t.get("externalDocs").filter(|d| is_obj(d)) {
                self.docs(&ptr(&at, "externalDocs"), d);
            }
            let Some(n) = name else { continue };
            let name_at = ptr(&at, "name");
            if let Some(first) = exact.get(n) {
                self.error(
                    &SWG_15,
                    &name_at,
                    format!(
                        "the tag `{}` is already described by `tags[{first}]`; merge the two entries",
                        excerpt(n, 40)
                    ),
                );
                continue;
            }
            exact.insert(n, i);
            let lower = n.to_lowercase();
            if let Some((first, other)) = folded.get(&lower) {
                let msg = format!(
                    "the tag `{}` differs only by case from `{}` (`tags[{first}]`); use one spelling",
                    excerpt(n, 40),
                    excerpt(other, 40)
                );
                self.emit_as(&SWG_15, Severity::Warning, &name_at, msg);
            } else {
                folded.insert(lower, (i, n));
            }
        }
    }

    fn security_scheme(&mut self, at: &str, name: &str, s: &'a Value) {
        let label = format!("the security scheme `{}`", excerpt(name, 40));
        self.members(Shape::Security, at, s, &label);
        let Some(ty) = s.get("type") else {
            if s.get_ignore_case("type").is_some() {
                return; // SWG-10
            }
            return self.error(
                &SWG_13,
                at,
                format!("{label} has no `type`; set `basic`, `apiKey` or `oauth2`"),
            );
        };
        let Some(ty) = ty.as_str().filter(|t| SCHEME_TYPES.contains(t)) else {
            return; // SWG-11
        };
        let flow = s.get("flow").and_then(Value::as_str);
        let allowed: &[&str] = match ty {
            "basic" => &["type", "description"],
            "apiKey" => &["type", "description", "name", "in"],
            _ => match flow {
                Some("implicit") => &["type", "description", "flow", "authorizationUrl", "scopes"],
                Some("password" | "application") => {
                    &["type", "description", "flow", "tokenUrl", "scopes"]
                }
                _ => &[
                    "type",
                    "description",
                    "flow",
                    "authorizationUrl",
                    "tokenUrl",
                    "scopes",
                ],
            },
        };
        for m in s.as_object().unwrap_or_default() {
            if m.key.starts_with("x-")
                || allowed.contains(&m.key.as_str())
                || Shape::Security.member(&m.key).is_none()
            {
                continue; // an extension, allowed, or SWG-10's
            }
            let kind = match (ty, flow) {
                ("oauth2", Some(f)) => format!("an oauth2 scheme with flow `{f}`"),
                _ => format!("a `{ty}` scheme"),
            };
            self.error(
                &SWG_13,
                &ptr(at, &m.key),
                format!("`{}` does not apply to {kind} ({label}); remove it", m.key),
            );
        }
        let need = |this: &mut Self, key: &str, why: &str| {
            if s.get_ignore_case(key).is_none() {
                this.error(&SWG_13, at, format!("{label} has no `{key}`{why}"));
            }
        };
        match ty {
            "apiKey" => {
                need(
                    self,
                    "name",
                    " (the header or query parameter that carries the key)",
                );
                need(self, "in", " (`header` or `query`)");
            }
            "oauth2" => {
                need(
                    self,
                    "flow",
                    " (`implicit`, `password`, `application` or `accessCode`)",
                );
                match flow {
                    Some("implicit") => need(self, "authorizationUrl", ""),
                    Some("password" | "application") => need(self, "tokenUrl", ""),
                    Some("accessCode") => {
                        need(self, "authorizationUrl", "");
                        need(self, "tokenUrl", "");
                    }
                    _ => {}
                }
                match s.get("scopes") {
                    None => self.emit_as(
                        &SWG_13,
                        Severity::Warning,
                        at,
                        format!(
                            "{label} has no `scopes`; add `\"scopes\": {{}}` when it needs none"
                        ),
                    ),
                    Some(sc) => {
                        for m in sc.as_object().unwrap_or_default() {
                            if m.value.as_str().is_none() {
                                self.error(
                                    &SWG_11,
                                    &ptr(&ptr(at, "scopes"), &m.key),
                                    format!(
                                        "the scope `{}` of {label} must be described by a string, not {}",
                                        excerpt(&m.key, 40),
                                        kind_name(&m.value)
                                    ),
                                );
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// SWG-14 on a `security` list (its JSON type is SWG-11's).
    fn requirements(&mut self, at: &str, sec: &'a Value, owner: &str) {
        let Some(items) = sec.as_array() else {
            return;
        };
        for (i, r) in items.iter().enumerate() {
            let r_at = format!("{at}/{i}");
            let Some(members) = r.as_object() else {
                self.error(
                    &SWG_14,
                    &r_at,
                    format!(
                        "each entry of the `security` of {owner} must be an object of scheme names, not {}",
                        kind_name(r)
                    ),
                );
                continue;
            };
            for m in members {
                let m_at = ptr(&r_at, &m.key);
                let name = excerpt(&m.key, 40);
                let Some(scopes) = m.value.as_array() else {
                    self.error(
                        &SWG_14,
                        &m_at,
                        format!(
                            "the requirement `{name}` of {owner} must be an array (of scopes for oauth2, else `[]`), \
                             not {}",
                            kind_name(&m.value)
                        ),
                    );
                    continue;
                };
                let Some(scheme) = self.schemes.get(m.key.as_str()).copied() else {
                    let loc = self.def.at(&m_at);
                    self.folds.undefined.add(
                        loc,
                        m.key.clone(),
                        format!(
                            "the `security` of {owner} names `{name}`, which `securityDefinitions` does not define"
                        ),
                    );
                    continue;
                };
                match scheme.get("type").and_then(Value::as_str) {
                    Some("oauth2") => {
                        let declared = scheme.get("scopes");
                        for (j, s) in scopes.iter().enumerate() {
                            let s_at = format!("{m_at}/{j}");
                            let Some(s) = s.as_str() else {
                                self.error(
                                    &SWG_14,
                                    &s_at,
                                    format!(
                                        "the scopes of `{name}` in {owner} must be strings, not {}",
                                        kind_name(s)
                                    ),
                                );
                                continue;
                            };
                            if declared.is_some_and(|d| d.get(s).is_none()) {
                                let loc = self.def.at(&s_at);
                                self.folds.scopes.add(
                                    loc,
                                    s.to_owned(),
                                    format!(
                                        "the `security` of {owner} asks for the scope `{}`, which the oauth2 scheme \
                                         `{name}` does not list in its `scopes`",
                                        excerpt(s, 60)
                                    ),
                                );
                            }
                        }
                    }
                    Some(t @ ("basic" | "apiKey")) if !scopes.is_empty() => self.error(
                        &SWG_14,
                        &m_at,
                        format!(
                            "the requirement `{name}` of {owner} lists scopes, but `{name}` is a `{t}` scheme: \
                             write `[]`"
                        ),
                    ),
                    _ => {}
                }
            }
        }
    }

    fn path_item(&mut self, at: &str, path: &str, item: &'a Value) {
        let label = format!("the path item `{}`", excerpt(path, 60));
        self.members(Shape::PathItem, at, item, &label);
        self.parameters(&ptr(at, "parameters"), item.get("parameters"));
        if let Some(nc) = item.get("x-ms-notification-content") {
            self.notification(&ptr(at, "x-ms-notification-content"), nc);
        }
        for method in METHODS {
            if let Some(op) = item.get(method).filter(|o| is_obj(o)) {
                self.operation(&ptr(at, method), method, path, op);
            }
        }
    }

    fn notification(&mut self, at: &str, nc: &'a Value) {
        if let Some(s) = nc.get("schema").filter(|s| is_obj(s)) {
            self.schema(&ptr(at, "schema"), s);
        }
    }

    fn operation(&mut self, at: &str, method: &str, path: &str, op: &'a Value) {
        let name = match op.get("operationId").and_then(Value::as_str) {
            Some(id) if !id.trim().is_empty() => excerpt(id, 60),
            _ => format!("{} {}", method.to_ascii_uppercase(), excerpt(path, 60)),
        };
        let label = format!("the operation `{name}`");
        self.members(Shape::Operation, at, op, &label);
        if let Some(d) = op.get("externalDocs").filter(|d| is_obj(d)) {
            self.docs(&ptr(at, "externalDocs"), d);
        }
        self.parameters(&ptr(at, "parameters"), op.get("parameters"));
        let base = ptr(at, "responses");
        for m in op
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or_default()
        {
            if m.key.starts_with("x-") {
                continue;
            }
            self.response(
                &ptr(&base, &m.key),
                &m.value,
                &format!("the response `{}` of `{name}`", excerpt(&m.key, 20)),
            );
        }
        if let Some(nc) = op.get("x-ms-notification-content") {
            self.notification(&ptr(at, "x-ms-notification-content"), nc);
        }
        if let Some(sec) = op.get("security") {
            self.requirements(&ptr(at, "security"), sec, &label);
        }
    }

    fn parameters(&mut self, at: &str, list: Option<&'a Value>) {
        for (i, p) in list
            .and_then(Value::as_array)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            self.parameter(&format!("{at}/{i}"), p);
        }
    }

    /// A parameter as written (a `$ref` is checked where it points).
    fn parameter(&mut self, at: &str, p: &'a Value) {
        if !self.entry_object(at, p, "a parameter") || p.get("$ref").is_some() {
            return;
        }
        let name = p.get("name").and_then(Value::as_str);
        let label = match name {
            Some(n) => format!("the parameter `{}`", excerpt(n, 40)),
            None => "a parameter".to_owned(),
        };
        let loc = p.get("in").and_then(Value::as_str);
        let body = loc == Some("body");
        self.members(if body { Shape::Body } else { Shape::Param }, at, p, &label);
        self.required(at, p, "name", &label);
        if p.get_ignore_case("in").is_none() {
            self.error(
                &SWG_12,
                at,
                format!("{label} has no `in`; set `query`, `header`, `path`, `formData` or `body`"),
            );
        }
        if let Some(s) = p.get("x-ms-summary").and_then(Value::as_str)
            && s.trim().is_empty()
            && (body || is_internal(p))
        {
            // OPS-05 reports the others' empty label as missing
            let l = self.def.at(&ptr(at, "x-ms-summary"));
            self.folds.empty_summary.add(
                l,
                name.unwrap_or("?").to_owned(),
                format!("the `x-ms-summary` of {label} is empty; write the label or remove it"),
            );
        }
        if body {
            if let Some(s) = p.get("schema").filter(|s| is_obj(s)) {
                self.schema(&ptr(at, "schema"), s);
            }
            return;
        }
        if loc.is_some_and(|l| LOCATIONS.contains(&l)) && p.get_ignore_case("type").is_none() {
            self.error(
                &SWG_12,
                at,
                format!(
                    "{label} has no `type`; a {} parameter needs one (`string`, `integer`, `array`…)",
                    loc.unwrap_or_default()
                ),
            );
        }
        self.items(&ptr(at, "items"), p.get("items"), &label);
    }

    /// The nested `items` of a parameter or header.
    fn items(&mut self, at: &str, items: Option<&'a Value>, owner: &str) {
        let label = format!("the `items` of {owner}");
        let mut cur = items;
        let mut pointer = at.to_owned();
        for _ in 0..MAX_ITEMS_DEPTH {
            let Some(it) = cur.filter(|i| is_obj(i)) else {
                return;
            };
            if it.get("$ref").is_some() {
                return; // SCH-02 / SCH-04
            }
            self.members(Shape::Items, &pointer, it, &label);
            if it.get_ignore_case("type").is_none() {
                self.error(&SWG_12, &pointer, format!("{label} has no `type`"));
            }
            cur = it.get("items");
            pointer = ptr(&pointer, "items");
        }
    }

    fn response(&mut self, at: &str, r: &'a Value, label: &str) {
        if !self.entry_object(at, r, label) || r.get("$ref").is_some() {
            return;
        }
        self.members(Shape::Response, at, r, label);
        match r.get("description") {
            None if r.get_ignore_case("description").is_some() => {}
            None => self.error(
                &SWG_12,
                at,
                format!("{label} has no `description`; say what it means"),
            ),
            Some(d) if d.as_str().is_some_and(|d| d.trim().is_empty()) => {
                let l = self.def.at(&ptr(at, "description"));
                self.folds.empty_description.add(
                    l,
                    last_key(at),
                    format!("the `description` of {label} is empty; say what it means"),
                );
            }
            Some(_) => {}
        }
        if let Some(s) = r.get("schema").filter(|s| is_obj(s)) {
            self.schema(&ptr(at, "schema"), s);
        }
        let base = ptr(at, "headers");
        for m in r
            .get("headers")
            .and_then(Value::as_object)
            .unwrap_or_default()
        {
            let h_at = ptr(&base, &m.key);
            let h_label = format!("the header `{}` of {label}", excerpt(&m.key, 40));
            if !self.entry_object(&h_at, &m.value, &h_label) || m.value.get("$ref").is_some() {
                continue;
            }
            self.members(Shape::Header, &h_at, &m.value, &h_label);
            if m.value.get_ignore_case("type").is_none() {
                self.error(&SWG_12, &h_at, format!("{h_label} has no `type`"));
            }
            self.items(&ptr(&h_at, "items"), m.value.get("items"), &h_label);
        }
    }

    /// Every schema node of `s` as written (`$ref`s not followed: their targets are
    /// checked where they are).
    fn schema(&mut self, at: &str, s: &'a Value) {
        let mut nodes: Vec<(String, &'a Value, Option<&'a str>)> = Vec::new();
        self.def.walk(s, at, false, |n| {
            let name = match n.step {
                Step::Property(p) => Some(p),
                _ => None,
            };
            nodes.push((n.pointer.clone(), n.value, name));
            true
        });
        for (pointer, v, name) in nodes {
            self.schema_node(&pointer, v, name);
        }
    }

    fn schema_node(&mut self, at: &str, v: &'a Value, property: Option<&str>) {
        let label = match property {
            Some(p) => format!("the property `{}`", excerpt(p, 40)),
            None => "the schema".to_owned(),
        };
        if !self.entry_object(at, v, &label) || v.get("$ref").is_some() {
            return; // SCH-04 reports members beside `$ref`
        }
        self.members(Shape::Schema, at, v, &label);
        if let Some(t) = v.get("type")
            && t.as_str().is_none()
        {
            self.error(
                &SWG_11,
                &ptr(at, "type"),
                format!(
                    "`type` of {label} must be a single string, not {}",
                    kind_name(t)
                ),
            );
        }
        let base = ptr(at, "properties");
        for m in v
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or_default()
        {
            if !is_obj(&m.value) {
                self.error(
                    &SWG_11,
                    &ptr(&base, &m.key),
                    format!(
                        "the property `{}` must be a schema object, not {}",
                        excerpt(&m.key, 40),
                        kind_name(&m.value)
                    ),
                );
            }
        }
        for key in ["allOf", "items"] {
            for (i, s) in v
                .get(key)
                .and_then(Value::as_array)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                if !is_obj(s) {
                    self.error(
                        &SWG_11,
                        &format!("{at}/{key}/{i}"),
                        format!(
                            "each entry of `{key}` of {label} must be a schema object, not {}",
                            kind_name(s)
                        ),
                    );
                }
            }
        }
        if let Some(s) = v.get("x-ms-summary").and_then(Value::as_str)
            && s.trim().is_empty()
        {
            let l = self.def.at(&ptr(at, "x-ms-summary"));
            self.folds.empty_summary.add(
                l,
                property.unwrap_or("schema").to_owned(),
                format!("the `x-ms-summary` of {label} is empty; write the label or remove it"),
            );
        }
        if let Some(x) = v.get("xml").filter(|x| is_obj(x)) {
            self.members(
                Shape::Xml,
                &ptr(at, "xml"),
                x,
                &format!("the `xml` of {label}"),
            );
        }
        if let Some(d) = v.get("externalDocs").filter(|d| is_obj(d)) {
            self.docs(&ptr(at, "externalDocs"), d);
        }
    }
}

/// The last token of a JSON pointer, unescaped (a label for folded findings).
fn last_key(pointer: &str) -> String {
    let t = pointer.rsplit('/').next().unwrap_or_default();
    t.replace("~1", "/").replace("~0", "~")
}

/// The key of the object holding the member at `pointer` (`…/properties/id/x-ms-visibility`
/// → `id`).
fn owner_key(pointer: &str) -> String {
    pointer
        .rsplit_once('/')
        .map_or_else(String::new, |(parent, _)| last_key(parent))
}

/// Why `u` is not an absolute http(s) URL, if it is not.
fn absolute_url(u: &str) -> Result<(), String> {
    let t = u.trim();
    let shown = excerpt(t, 60);
    if t.is_empty() {
        return Err("is empty; give an absolute https URL or remove the member".into());
    }
    let parsed = url::Url::parse(t).map_err(|_| format!("`{shown}` is not an absolute URL"))?;
    if !matches!(parsed.scheme(), "https" | "http") {
        return Err(format!("`{shown}` is not an http(s) URL"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!("`{shown}` has no host"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::rules::cases::Case;
    use serde_json::json;

    use Severity::{Error as E, Warning as W};

    fn get_params(v: &mut serde_json::Value) -> &mut Vec<serde_json::Value> {
        v["paths"]["/tasks"]["get"]["parameters"]
            .as_array_mut()
            .unwrap()
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &SWG_10,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["parameters"][0]["x_ms_summary"] =
                            "Project".into()
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["parameters"][0]["x-ms-summary"] =
                            "Project".into()
                    })
                },
            ),
            Case::new(
                &SWG_10,
                || {
                    with_swagger(|v| {
                        v["definitions"]["Task"]["properties"]["id"]["example_value"] = "1".into()
                    })
                },
                || {
                    with_swagger(|v| {
                        v["definitions"]["Task"]["properties"]["id"]["example"] = "1".into()
                    })
                },
            ),
            Case::new(
                &SWG_11,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["parameters"][0]["required"] = "true".into()
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["parameters"][0]["required"] = true.into()
                    })
                },
            ),
            Case::new(
                &SWG_11,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["parameters"][1]["in"] = "querystring".into()
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["parameters"][1]["in"] = "header".into()
                    })
                },
            ),
            Case::new(
                &SWG_11,
                || {
                    with_swagger(|v| {
                        v["definitions"]["Task"]["properties"]["id"]["x-ms-visibility"] = "".into()
                    })
                },
                || {
                    with_swagger(|v| {
                        v["definitions"]["Task"]["properties"]["id"]["x-ms-visibility"] =
                            "advanced".into()
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &SWG_12,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["default"]
                            .as_object_mut()
                            .unwrap()
                            .remove("description");
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["default"]["description"] =
                            "Failed.".into()
                    })
                },
            ),
            Case::new(
                &SWG_12,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["default"]["description"] =
                            " ".into()
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["default"]["description"] =
                            "Failed.".into()
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &SWG_13,
                || {
                    with_swagger(|v| {
                        v["securityDefinitions"]["oauth2_auth"]
                            .as_object_mut()
                            .unwrap()
                            .remove("tokenUrl");
                    })
                },
                || {
                    with_swagger(|v| {
                        v["securityDefinitions"]["oauth2_auth"]["x-token"] = "a".into()
                    })
                },
            ),
            Case::new(
                &SWG_13,
                || {
                    with_swagger(|v| {
                        v["securityDefinitions"]["oauth2_auth"]
                            .as_object_mut()
                            .unwrap()
                            .remove("scopes");
                        v["security"] = json!([{ "oauth2_auth": [] }]);
                    })
                },
                || {
                    with_swagger(|v| {
                        v["securityDefinitions"]["oauth2_auth"]["scopes"] = json!({});
                        v["security"] = json!([{ "oauth2_auth": [] }]);
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &SWG_14,
                || with_swagger(|v| v["security"] = json!([{ "oauth2_auth": "tasks.readwrite" }])),
                || {
                    with_swagger(|v| {
                        v["security"] = json!([{ "oauth2_auth": ["tasks.readwrite"] }])
                    })
                },
            ),
            Case::new(
                &SWG_14,
                || with_swagger(|v| v["security"] = json!([{ "oauth2": ["tasks.readwrite"] }])),
                || with_swagger(|v| v["security"] = json!([{ "oauth2_auth": [] }])),
            )
            .reported_as(W),
            Case::new(
                &SWG_15,
                || with_swagger(|v| v["tags"] = json!([{ "name": "Tasks" }, { "name": "Tasks" }])),
                || {
                    with_swagger(|v| {
                        v["tags"] = json!([{ "name": "Tasks" }, { "name": "Projects" }])
                    })
                },
            ),
            Case::new(
                &SWG_15,
                || with_swagger(|v| v["tags"] = json!([{ "name": "Tasks" }, { "name": "tasks" }])),
                || with_swagger(|v| v["tags"] = json!([{ "name": "Tasks" }, { "name": "Task" }])),
            )
            .reported_as(W),
            Case::new(
                &SWG_16,
                || {
                    with_swagger(|v| {
                        v["info"]["license"] =
                            json!({ "name": "MIT", "url": "hhttps://contoso.example.com/license" })
                    })
                },
                || {
                    with_swagger(|v| {
                        v["info"]["license"] =
                            json!({ "name": "MIT", "url": "https://contoso.example.com/license" })
                    })
                },
            ),
        ]
    }

    /// (code, severity) of this family's findings on the good definition changed by `f`.
    fn run(f: impl FnOnce(&mut serde_json::Value)) -> Vec<(String, Severity)> {
        let mut v = good_swagger();
        f(&mut v);
        let file = json_file("apiDefinition.swagger.json", &v.to_string());
        let def = Definition::new(&file, Origin::SourceFolder).unwrap();
        let mut sink = Sink::new();
        check(&mut sink, &def);
        sink.diagnostics()
            .iter()
            .map(|d| (d.code.clone(), d.severity))
            .collect()
    }

    #[test]
    fn good_is_silent() {
        assert!(run(|_| {}).is_empty());
    }

    #[test]
    fn mistyped_extensions_are_recognised() {
        for k in [
            "x_ms_summary",
            "ms-visibility",
            "x-ms_summary",
            "X-MS-Summary",
            "MS_VISIBILITY",
        ] {
            assert!(mistyped_extension(k).is_some(), "{k}");
        }
        assert_eq!(mistyped_extension("x_ms_summary"), Some("x-ms-summary"));
        for k in [
            "x-ms-summary",
            "summary",
            "x-ms-sumamry",
            "x-contoso",
            "visibility",
        ] {
            assert!(mistyped_extension(k).is_none(), "{k}");
        }
    }

    #[test]
    fn swg10_members() {
        // a case variant of a Swagger member, on a schema
        assert_eq!(
            run(|v| v["definitions"]["Task"]["Description"] = "A task.".into()),
            one("SWG-10", E)
        );
        // every object kind has rich members that merged connectors use: silent
        assert!(run(|v| {
            v["info"]["termsOfService"] = "https://contoso.example.com/terms".into();
            v["info"]["license"] = json!({"name": "MIT", "url": "https://opensource.org/licenses/MIT"});
            v["externalDocs"] = json!({"description": "Docs", "url": "https://contoso.example.com/docs"});
            v["tags"] = json!([{"name": "Tasks", "description": "Tasks.", "externalDocs": {"url": "https://contoso.example.com"}}]);
            let t = &mut v["definitions"]["Task"];
            t["title"] = "Task".into();
            t["example"] = json!({"id": "1"});
            t["discriminator"] = "id".into();
            t["xml"] = json!({"name": "task", "wrapped": false});
            t["externalDocs"] = json!({"url": "https://contoso.example.com/task"});
            t["properties"]["id"]["readOnly"] = true.into();
            t["properties"]["id"]["default"] = "x".into();
            t["properties"]["id"]["x-nullable"] = true.into();
            t["additionalProperties"] = false.into();
            let op = &mut v["paths"]["/tasks"]["get"];
            op["tags"] = json!(["Tasks"]);
            op["deprecated"] = false.into();
            op["externalDocs"] = json!({"url": "https://contoso.example.com/list"});
            op["responses"]["200"]["headers"] = json!({"X-Total": {"type": "integer", "description": "Count."}});
            op["responses"]["200"]["examples"] = json!({"application/json": []});
            op["parameters"][1]["maxLength"] = 10.into();
            op["parameters"][1]["x-ms-test-value"] = "open".into();
        })
        .is_empty());
        // an unknown member on a response, an operation, a security scheme
        assert_eq!(
            run(|v| v["paths"]["/tasks"]["get"]["responses"]["200"]["content"] = json!({})),
            one("SWG-10", E)
        );
        assert_eq!(
            run(|v| v["paths"]["/tasks"]["get"]["visibility"] = "important".into()),
            one("SWG-10", E)
        );
        assert_eq!(
            run(|v| v["securityDefinitions"]["oauth2_auth"]["clientId"] = "abc".into()),
            one("SWG-10", E)
        );
        // members other families report are left to them
        assert!(
            run(|v| {
                v["paths"]["/tasks"]["post"]["parameters"][0]["type"] = "object".into();
                get_params(v)[0]["schema"] = json!({"type": "string"});
                v["definitions"]["Task"]["properties"]["id"]["nullable"] = true.into();
                v["definitions"]["Task"]["properties"]["title"] =
                    json!({"$ref": "#/definitions/NewTask", "description": "x"});
                v["paths"]["/tasks"]["get"]["requestBody"] = json!({});
                v["openapi"] = "3.0.0".into();
            })
            .is_empty()
        );
        // a path item, nested items and headers
        assert_eq!(
            run(|v| v["paths"]["/tasks"]["summary"] = "Tasks".into()),
            one("SWG-10", E)
        );
        assert_eq!(
            run(|v| {
                get_params(v)[1]["type"] = "array".into();
                get_params(v)[1]["items"] = json!({"type": "string", "description": "x"});
                get_params(v)[1].as_object_mut().unwrap().remove("enum");
            }),
            one("SWG-10", E)
        );
    }

    #[test]
    fn swg11_types_and_values() {
        for (f, n) in [
            (
                (|v: &mut serde_json::Value| v["definitions"]["Task"]["required"] = true.into())
                    as fn(&mut serde_json::Value),
                1,
            ),
            (
                |v| {
                    v["definitions"]["Task"]["properties"]["id"]["type"] = json!(["string", "null"])
                },
                1,
            ),
            (
                |v| v["definitions"]["Task"]["properties"]["id"]["maxLength"] = "10".into(),
                1,
            ),
            (
                |v| v["definitions"]["Task"]["properties"]["id"]["maxLength"] = 1.5.into(),
                1,
            ),
            (
                |v| v["definitions"]["Task"]["properties"]["id"]["x-ms-enum-values"] = json!({}),
                1,
            ),
            (
                |v| v["definitions"]["Task"]["properties"]["bad"] = "string".into(),
                1,
            ),
            (
                |v| v["paths"]["/tasks"]["get"]["x-ms-trigger"] = "poll".into(),
                1,
            ),
            (
                |v| get_params(v)[1]["x-ms-url-encoding"] = "triple".into(),
                1,
            ),
            (|v| get_params(v)[1]["collectionFormat"] = "comma".into(), 1),
            (|v| get_params(v)[1]["type"] = "object".into(), 1),
            (|v| get_params(v)[1]["x-ms-visibility"] = "hidden".into(), 1),
            (
                |v| v["securityDefinitions"]["oauth2_auth"]["flow"] = "authorization_code".into(),
                1,
            ),
            (|v| v["paths"]["/tasks"]["get"]["tags"] = "Tasks".into(), 1),
            (
                |v| v["securityDefinitions"]["oauth2_auth"]["scopes"]["tasks.readwrite"] = 1.into(),
                1,
            ),
        ] {
            let got = run(f);
            assert_eq!(got.len(), n, "{got:?}");
            assert!(
                got.iter().all(|g| *g == ("SWG-11".to_owned(), E)),
                "{got:?}"
            );
        }
        assert_eq!(
            run(
                |v| v["definitions"]["Task"]["properties"]["id"]["x-ms-visibility"] =
                    "Advanced".into()
            ),
            one("SWG-11", W)
        );
        // the operation's x-ms-visibility is OPS-04's
        assert!(
            run(|v| v["paths"]["/tasks"]["get"]["x-ms-visibility"] = "hidden".into()).is_empty()
        );
        // a schema's unknown `type` value is SCH-14's
        assert!(
            run(|v| v["definitions"]["Task"]["properties"]["id"]["type"] = "guid".into())
                .is_empty()
        );
    }

    #[test]
    fn swg11_visibility_warnings_fold() {
        let got = with_swagger(|v| {
            for p in ["id", "projectId", "title", "assignee", "status"] {
                v["definitions"]["Task"]["properties"][p]["x-ms-visibility"] = "".into();
            }
        });
        let ours: Vec<_> = got.iter().filter(|d| d.code == "SWG-11").collect();
        assert_eq!(ours.len(), 1);
        assert_eq!(ours[0].severity, W);
        assert!(
            ours[0].message.starts_with("5 schemas or parameters")
                && ours[0].message.contains("`projectId`"),
            "{}",
            ours[0].message
        );
    }

    #[test]
    fn a_miscased_member_is_reported_once() {
        // `Description` on a response: SWG-10 says how to spell it, SWG-12 stays silent
        assert_eq!(
            run(|v| {
                let r = v["paths"]["/tasks"]["get"]["responses"]["default"]
                    .as_object_mut()
                    .unwrap();
                r.remove("description");
                r.insert("Description".into(), "Failed.".into());
            }),
            one("SWG-10", E)
        );
    }

    #[test]
    fn swg12_required() {
        assert_eq!(
            run(|v| {
                v["info"].as_object_mut().unwrap().remove("version");
            }),
            one("SWG-12", E)
        );
        assert_eq!(run(|v| v["info"]["version"] = "".into()), one("SWG-12", E));
        assert_eq!(
            run(|v| {
                v.as_object_mut().unwrap().remove("paths");
            }),
            one("SWG-12", E)
        );
        assert_eq!(
            run(|v| {
                get_params(v)[1].as_object_mut().unwrap().remove("type");
                get_params(v)[1].as_object_mut().unwrap().remove("enum");
            }),
            one("SWG-12", E)
        );
        assert_eq!(
            run(|v| {
                get_params(v)[1].as_object_mut().unwrap().remove("in");
            }),
            one("SWG-12", E)
        );
        assert_eq!(
            run(|v| get_params(v)[1]["name"] = " ".into()),
            one("SWG-12", E)
        );
        assert_eq!(
            run(|v| v["definitions"]["Task"]["properties"]["id"]["x-ms-summary"] = "".into()),
            one("SWG-12", W)
        );
        assert_eq!(
            run(|v| v["paths"]["/tasks"]["post"]["parameters"][0]["x-ms-summary"] = "".into()),
            one("SWG-12", W)
        );
        // a visible non-body parameter's empty label is OPS-05's
        assert!(run(|v| get_params(v)[1]["x-ms-summary"] = "".into()).is_empty());
        // a $ref parameter is checked where it is defined
        assert!(
            run(|v| {
                v["parameters"] = json!({"Top": {"name": "top", "in": "query", "type": "integer"}});
                get_params(v).push(json!({"$ref": "#/parameters/Top"}));
            })
            .is_empty()
        );
    }

    #[test]
    fn swg13_security_schemes() {
        assert_eq!(
            run(|v| {
                v["securityDefinitions"] = json!({"key": {"type": "apiKey", "in": "header"}});
                v["security"] = json!([{"key": []}]);
            }),
            one("SWG-13", E)
        );
        assert_eq!(
            run(|v| {
                v["securityDefinitions"] = json!({"key": {"type": "apiKey", "in": "header", "name": "X-Key", "flow": "implicit"}});
                v["security"] = json!([{"key": []}]);
            }),
            one("SWG-13", E)
        );
        assert_eq!(
            run(|v| {
                v["securityDefinitions"]["oauth2_auth"]["flow"] = "application".into();
                v["securityDefinitions"]["oauth2_auth"]
                    .as_object_mut()
                    .unwrap()
                    .remove("authorizationUrl");
            }),
            Vec::<(String, Severity)>::new()
        );
        assert_eq!(
            run(|v| v["securityDefinitions"]["oauth2_auth"]["flow"] = "implicit".into()),
            one("SWG-13", E),
            "implicit has no tokenUrl"
        );
        assert_eq!(
            run(|v| {
                v["securityDefinitions"] = json!({"basic": {"type": "basic"}});
                v["security"] = json!([{"basic": []}]);
            }),
            Vec::<(String, Severity)>::new()
        );
        assert_eq!(
            run(|v| {
                v["securityDefinitions"]["oauth2_auth"]
                    .as_object_mut()
                    .unwrap()
                    .remove("type");
            }),
            one("SWG-13", E)
        );
    }

    #[test]
    fn swg14_requirements() {
        assert_eq!(
            run(|v| v["security"] = json!([{"oauth2_auth": ["other.scope"]}])),
            one("SWG-14", W)
        );
        assert_eq!(
            run(|v| {
                v["securityDefinitions"] =
                    json!({"key": {"type": "apiKey", "in": "header", "name": "X-Key"}});
                v["security"] = json!([{"key": ["read"]}]);
            }),
            one("SWG-14", E)
        );
        assert_eq!(
            run(|v| v["paths"]["/tasks"]["get"]["security"] = json!([{"oauth2_auth": null}])),
            one("SWG-14", E)
        );
        assert_eq!(
            run(|v| v["paths"]["/tasks"]["get"]["security"] = json!(["oauth2_auth"])),
            one("SWG-14", E)
        );
        // no definitions at all: the requirement names an undefined scheme
        assert_eq!(
            run(|v| {
                v.as_object_mut().unwrap().remove("securityDefinitions");
            }),
            one("SWG-14", W)
        );
        // anonymous and empty lists are fine
        assert!(
            run(|v| {
                v["paths"]["/tasks"]["get"]["security"] = json!([]);
                v["paths"]["/tasks"]["post"]["security"] = json!([{}]);
            })
            .is_empty()
        );
    }

    #[test]
    fn swg16_urls() {
        for u in [
            "contoso.example.com/docs",
            "ftp://contoso.example.com",
            "",
            "https://",
        ] {
            assert_eq!(
                run(|v| v["externalDocs"] = json!({ "url": u })),
                one("SWG-16", E),
                "{u}"
            );
        }
        assert_eq!(
            run(|v| v["definitions"]["Task"]["externalDocs"] = json!({"url": "/docs/task"})),
            one("SWG-16", E)
        );
        assert!(
            run(|v| v["externalDocs"] = json!({"url": "http://contoso.example.com/docs"}))
                .is_empty()
        );
        assert_eq!(
            run(|v| v["externalDocs"] = json!({"description": "Docs"})),
            one("SWG-12", E)
        );
    }

    #[test]
    fn hostile_inputs_stay_bounded() {
        // deeply nested items: checked to a bound, no recursion
        let mut items = json!({"type": "string"});
        for _ in 0..100 {
            items = json!({"type": "array", "items": items});
        }
        let got = run(move |v| {
            get_params(v)[1]["type"] = "array".into();
            get_params(v)[1].as_object_mut().unwrap().remove("enum");
            get_params(v)[1]["items"] = items;
        });
        assert!(got.is_empty(), "{got:?}");
        // a root that is not an object
        let file = json_file("a.json", "[1, 2]");
        let def = Definition::new(&file, Origin::SourceFolder).unwrap();
        let mut sink = Sink::new();
        check(&mut sink, &def);
        assert!(sink.diagnostics().is_empty());
    }
}
