//! SCH — schemas and `$ref`s (SCH-01…17): references, aliases, required loops,
//! size limits, and the keywords of each schema — validator-rules.md §1.1, §2, §3,
//! §4, §5, §6, §7 and §9.
//!
//! Every written schema is visited once ([`Definition::walk`] without expansion over
//! [`Definition::schema_roots`]); non-body parameters and their `items` get the same
//! keyword checks. What needs `$ref`s followed is done without expanding walks:
//! sizes and depths are counted once per schema node and memoised ([`Sizer`]), the
//! request schemas' reachable nodes are collected with a visited set, and required
//! loops are found on a graph of definitions. So every check is linear in the size of
//! the definition, whatever its `$ref`s do.
//!
//! Severities follow the 272 definitions merged since 2023: errors where none of them
//! breaks the rule; warnings where some do (`$ref` with siblings, enum and default
//! types, `required` on non-objects, nested binary, `uniqueItems`); a note for string
//! formats that mean nothing to the designer.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::model::Severity;
use crate::read::json::{Kind, Value};
use crate::rules::Sink;

use super::SWR;
use super::definition::{Definition, MAX_REF_HOPS, Node, Role, SchemaRoot};
use super::util::{Tally, excerpt, ptr};

rules! {
    SCH_01 {
        code: "SCH-01",
        severity: Error,
        scope: Connector,
        title: "Every $ref points at something that exists",
        explanation: "Each `$ref` must name an existing entry: a schema `#/definitions/x`, a parameter \
            `#/parameters/x`, a response `#/responses/x`. The validator refuses one that points at nothing \
            (SchemaReferenceNotFound, ParameterReferenceNotFound, ResponseReferenceNotFound); no merged \
            connector has one. Add the missing entry or correct the name (names are case-sensitive).",
        url: SWR,
        validator: ["SchemaReferenceNotFound", "ParameterReferenceNotFound", "ResponseReferenceNotFound"],
    }
    SCH_02 {
        code: "SCH-02",
        severity: Error,
        scope: Connector,
        title: "Every $ref is a local JSON pointer of the right kind",
        explanation: "A connector is one file: each `$ref` is a local pointer (`#/…`, with `~0`/`~1` escapes only) \
            into the section of its kind — `#/definitions/` for a schema, `#/parameters/` in a parameter list, \
            `#/responses/` for a response. The validator refuses other files, URLs and malformed pointers \
            (JsonPointerNotValid) and a pointer into another section (SchemaReferenceNotValid, \
            ParameterReferenceNotValid, ResponseReferenceNotValid); no merged connector has one. Copy external \
            schemas into `definitions`.",
        url: SWR,
        validator: [
            "JsonPointerNotValid",
            "SchemaReferenceNotValid",
            "ParameterReferenceNotValid",
            "ResponseReferenceNotValid",
        ],
    }
    SCH_03 {
        code: "SCH-03",
        severity: Error,
        scope: Connector,
        title: "No root definition, parameter or response is only a $ref",
        explanation: "An entry of root `definitions`, `parameters` or `responses` that is itself a `$ref` is an alias, \
            and alias chains can close a loop: the validator refuses them (SchemaRefLoopNotAllowed, \
            ParameterRefLoopNotAllowed, ResponseRefLoopNotAllowed); no merged connector has one. Point the users \
            of the alias at its target and remove the alias.",
        url: SWR,
        validator: ["SchemaRefLoopNotAllowed", "ParameterRefLoopNotAllowed", "ResponseRefLoopNotAllowed"],
    }
    SCH_04 {
        code: "SCH-04",
        severity: Warning,
        scope: Connector,
        title: "Nothing beside a $ref",
        explanation: "In Swagger 2.0 an object with `$ref` is replaced by its target, so members beside it \
            (`description`, `x-ms-summary`, `required`) are ignored. The validator names them \
            (AdditionalPropertyNotAllowedAdjacentToRef), but six connectors merged since 2023 have them, so this \
            is a warning: move the members into the target, or write the schema out instead of the `$ref`.",
        url: SWR,
        validator: ["AdditionalPropertyNotAllowedAdjacentToRef"],
    }
    SCH_05 {
        code: "SCH-05",
        severity: Error,
        scope: Connector,
        title: "No loop of required $ref properties",
        explanation: "When a definition requires a property whose schema is a `$ref` that in turn requires one back \
            (A → B → … → A, through `required` properties or `allOf`), no finite value is valid. The validator \
            refuses it (RequiredLoopInSchemaNotAllowed); no merged connector has one. Make one property of the \
            loop optional.",
        url: SWR,
        validator: ["RequiredLoopInSchemaNotAllowed"],
    }
    SCH_06 {
        code: "SCH-06",
        severity: Error,
        scope: Connector,
        title: "Schemas stay within the size limits",
        explanation: "Counting schema nodes (`properties`, `items`, `additionalProperties`, `allOf`) with `$ref`s \
            expanded and each cycle cut, the validator refuses a body parameter over 512 nodes \
            (BodySchemaCountExceedsMaxAllowed) and an operation whose parameters and responses exceed 16,384 \
            (OperationSchemaCountExceedsMaxAllowed); merged connectors stay far below (434 and 691 at most). It \
            also limits nesting depth (SchemaTooDeep) and the whole definition's schemas \
            (TotalSchemaCountExceedsMaxAllowed) without publishing the limits, so nesting deeper than 14 levels \
            and more than 3,087 written schemas (the merged maxima) are warnings. Split large bodies, flatten \
            deep nesting, or use `x-ms-dynamic-schema`.",
        url: SWR,
        validator: [
            "BodySchemaCountExceedsMaxAllowed",
            "OperationSchemaCountExceedsMaxAllowed",
            "SchemaTooDeep",
            "TotalSchemaCountExceedsMaxAllowed",
        ],
    }
    SCH_07 {
        code: "SCH-07",
        severity: Error,
        scope: Connector,
        title: "Every array declares its items",
        explanation: "A schema or a non-body parameter with `type: array` needs `items` saying what the array holds; \
            the validator refuses one without (ArrayHasNoItems), and no merged connector has one.",
        url: SWR,
        validator: ["ArrayHasNoItems"],
    }
    SCH_08 {
        code: "SCH-08",
        severity: Error,
        scope: Connector,
        title: "required lists defined properties of an object",
        explanation: "A schema's `required` names properties of its own `properties`, and is left out rather than \
            empty. The validator refuses an empty list (RequiredPropertyArrayEmpty) and a name that is not a \
            property (RequiredPropertyDefinitionMissing; schemas built with `allOf` are not checked); no merged \
            connector has either. `required` on a schema that is not an object (RequiredPropertyNotOnObject), or \
            without any `properties`, is a warning, as two merged connectors have it: move it to the object it \
            belongs to.",
        url: SWR,
        validator: [
            "RequiredPropertyArrayEmpty",
            "RequiredPropertyDefinitionMissing",
            "RequiredPropertyNotOnObject",
        ],
    }
    SCH_09 {
        code: "SCH-09",
        severity: Error,
        scope: Connector,
        title: "No required read-only property in a request",
        explanation: "A `readOnly` property is set by the service and never sent, so a request schema cannot require \
            it. The validator refuses it (RequiredReadOnlyPropertyNotAllowedAsInput); none of the 15 merged \
            connectors using `readOnly` does it. Remove it from `required`, or use a separate request definition \
            without it.",
        url: SWR,
        validator: ["RequiredReadOnlyPropertyNotAllowedAsInput"],
    }
    SCH_10 {
        code: "SCH-10",
        severity: Error,
        scope: Connector,
        title: "Enums and unique lists are non-empty, without repeats, of the declared type",
        explanation: "An `enum` lists at least one value, and no value twice; so do a schema's `required`, \
            `consumes`, `produces`, `schemes` and an operation's `tags`. The validator refuses an empty enum \
            (EnumMustContainAtLeastOneElement) and repeats (ArrayDuplicateValue); no merged connector has them. \
            Enum values must also be of the declared `type` (`true`, not `\"true\"`, under boolean; InvalidEnumValue): \
            six merged connectors break that, so it is a warning.",
        url: SWR,
        validator: ["EnumMustContainAtLeastOneElement", "ArrayDuplicateValue", "InvalidEnumValue"],
    }
    SCH_11 {
        code: "SCH-11",
        severity: Warning,
        scope: Connector,
        title: "A default is of the declared type",
        explanation: "A `default` must be a value of the schema's or parameter's `type` (`1`, not `\"1\"`, for an \
            integer): the validator names a mismatch (DefaultValueMustMatchType) and the designer may send the \
            wrong type. Eight connectors merged since 2023 have one (three of them a `null` default on a schema \
            without `x-nullable: true`), so it is a warning.",
        url: SWR,
        validator: ["DefaultValueMustMatchType"],
    }
    SCH_12 {
        code: "SCH-12",
        severity: Error,
        scope: Connector,
        title: "Numeric and length constraints are consistent",
        explanation: "Lengths and counts (`minLength`, `maxLength`, `minItems`, `maxItems`, `minProperties`, \
            `maxProperties`) are 0 or more, each minimum is at most its maximum, `multipleOf` is above 0, and \
            `exclusiveMinimum`/`exclusiveMaximum` come with `minimum`/`maximum`. The validator refuses the rest \
            (MinimumShouldBeLessThanOrEqualToMaximum, MultipleOfMustBeGreaterThanZero, \
            ExclusiveMaximumRequiresMaximum and the like); no merged connector breaks them. \
            `minProperties` above `maxProperties`, for which no validator error is published, is a warning.",
        url: SWR,
        validator: [
            "MinimumShouldBeLessThanOrEqualToMaximum",
            "MinLengthShouldBeLessThanOrEqualToMaxLength",
            "MinItemsShouldBeLessThanOrEqualToMaxItems",
            "MinLengthMustBeGreaterThanOrEqualToZero",
            "MaxLengthMustBeGreaterThanOrEqualToZero",
            "MinItemsMustBeGreaterThanOrEqualToZero",
            "MaxItemsMustBeGreaterThanOrEqualToZero",
            "MinPropertiesMustBeGreaterThanOrEqualToZero",
            "MaxPropertiesMustBeGreaterThanOrEqualToZero",
            "MultipleOfMustBeGreaterThanZero",
            "ExclusiveMaximumRequiresMaximum",
            "ExclusiveMinimumRequiresMinimum",
        ],
    }
    SCH_13 {
        code: "SCH-13",
        severity: Error,
        scope: Connector,
        title: "Every pattern is a valid regular expression",
        explanation: "A `pattern` must compile; the validator refuses one that does not \
            (PatternShouldBeValidRegularExpression), and no merged connector has one. certpack checks the syntax \
            every dialect shares (balanced groups and classes, something to repeat, `{n,m}` in order, no \
            trailing `\\`) as an error; what only .NET, the validator's platform, refuses (an escaped letter it \
            does not know such as `\\q`, `\\x` without two hex digits) is a warning, since ECMA 262, which Swagger \
            names, accepts it.",
        url: SWR,
        validator: ["PatternShouldBeValidRegularExpression"],
    }
    SCH_14 {
        code: "SCH-14",
        severity: Error,
        scope: Connector,
        title: "Schemas use known types and formats",
        explanation: "A schema's `type` is one of `string`, `number`, `integer`, `boolean`, `array`, `object` (or \
            `file`, see SCH-16); the validator refuses others (UnrecognizedTypeFormat) and no merged connector \
            has one. Numeric formats are `int32`/`int64` for integers and `float`/`double` for numbers: another \
            is a warning (three merged connectors write `number` + `integer`; use `type: integer`). String formats \
            beyond Swagger 2.0 and the common JSON Schema ones (`uuid`, `email`, `uri`…) mean nothing to the \
            designer, so free text such as `phone` gets a note: move it to the description.",
        url: SWR,
        validator: ["UnrecognizedTypeFormat"],
    }
    SCH_15 {
        code: "SCH-15",
        severity: Error,
        scope: Connector,
        title: "Schemas use no keyword the validator does not support",
        explanation: "Swagger 2.0 schemas have no `oneOf`, `anyOf`, `not` or `nullable` (OpenAPI 3 keywords): the \
            validator refuses them (SwaggerKeywordNotSupported) and no merged connector has one. Use one schema \
            with every property optional (or `x-ms-dynamic-schema`), and `x-nullable: true` instead of \
            `nullable`. `uniqueItems` is the page's own example of an unsupported keyword, but two merged \
            connectors have it, so it is a warning: remove it.",
        url: SWR,
        validator: ["SwaggerKeywordNotSupported"],
    }
    SCH_16 {
        code: "SCH-16",
        severity: Error,
        scope: Connector,
        title: "File and binary schemas only where a file can go",
        explanation: "`type: file` belongs to a formData parameter or the root of a response schema; the validator \
            refuses it anywhere else (SchemaTypeFileNotValid), and no merged connector has one. A `string` with \
            `format: binary` may be a whole body, but not a property or item inside one \
            (InvalidStringBinaryProperty): seven merged connectors nest one, so that is a warning. Send nested \
            file content as `format: byte` (base64).",
        url: SWR,
        validator: ["SchemaTypeFileNotValid", "InvalidStringBinaryProperty"],
    }
    SCH_17 {
        code: "SCH-17",
        severity: Error,
        scope: Connector,
        title: "A discriminator is a required string property",
        explanation: "A schema's `discriminator` names one of its properties, of `type: string`, listed in its \
            `required`; the validator refuses anything else (DiscriminatorMustBeARequiredStringProperty), and the \
            one merged connector using a discriminator follows it.",
        url: SWR,
        validator: ["DiscriminatorMustBeARequiredStringProperty"],
    }
}

/// Body schema nodes the validator accepts (FAQ), with `$ref`s expanded.
const MAX_BODY_SCHEMAS: u64 = 512;
/// Schema nodes of one operation's parameters and responses (FAQ).
const MAX_OPERATION_SCHEMAS: u64 = 16_384;
/// The most written schema nodes of a definition merged since 2023.
const MAX_TOTAL_SCHEMAS: usize = 3_087;
/// The deepest nesting merged since 2023, in levels (the root is level 1).
const MAX_DEPTH: usize = 14;
/// How many definitions of a required loop a message names.
const LOOP_NAMES: usize = 6;
/// How long a `\p{…}` category name may be.
const MAX_CATEGORY: usize = 64;
/// How deep `items` of a non-body parameter are followed.
const MAX_ITEMS_DEPTH: usize = 32;

/// The types a schema can have (`file` where SCH-16 allows it).
const TYPES: [&str; 7] = [
    "string", "number", "integer", "boolean", "array", "object", "file",
];
/// String formats of Swagger 2.0, the JSON Schema / OpenAPI format registry and
/// `html` (the designer's rich-text editor): no note for these.
const STRING_FORMATS: &[&str] = &[
    "byte",
    "binary",
    "date",
    "date-time",
    "password",
    "email",
    "idn-email",
    "uuid",
    "uri",
    "uri-reference",
    "uri-template",
    "iri",
    "iri-reference",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "time",
    "duration",
    "regex",
    "json-pointer",
    "relative-json-pointer",
    "html",
];
/// OpenAPI 3 schema keywords Swagger 2.0 does not have.
const OPENAPI3_KEYWORDS: [&str; 4] = ["oneOf", "anyOf", "not", "nullable"];

/// SCH on one definition.
pub fn check(sink: &mut Sink, def: &Definition<'_>) {
    let mut f = Folds::new();
    let roots = def.schema_roots();
    let written = schema_nodes(sink, def, &mut f, &roots);
    parameters(sink, def, &mut f);
    responses(sink, def, &mut f);
    aliases(sink, def, &mut f);
    unique_lists(sink, def);
    required_loops(sink, def);
    read_only_inputs(sink, def, &roots);
    sizes(sink, def, &roots, written, &mut f);
    f.finish(sink);
}

/// The folded (non-error) checks of this family.
struct Folds {
    siblings: Tally,
    depth: Tally,
    not_object: Tally,
    no_properties: Tally,
    enum_type: Tally,
    default_type: Tally,
    properties_range: Tally,
    dialect: Tally,
    numeric_format: Tally,
    string_format: Tally,
    unique_items: Tally,
    binary: Tally,
}

impl Folds {
    fn new() -> Self {
        use Severity::{Info, Warning};
        Folds {
            siblings: Tally::new(&SCH_04, Warning, "`$ref`s have members beside them"),
            depth: Tally::new(
                &SCH_06,
                Warning,
                "schemas nest deeper than 14 levels with `$ref`s expanded",
            ),
            not_object: Tally::new(
                &SCH_08,
                Warning,
                "schemas that are not objects have `required`",
            ),
            no_properties: Tally::new(
                &SCH_08,
                Warning,
                "schemas have `required` but no `properties`",
            ),
            enum_type: Tally::new(
                &SCH_10,
                Warning,
                "enums have values of another type than the schema's",
            ),
            default_type: Tally::new(&SCH_11, Warning, "defaults are not of the declared type"),
            properties_range: Tally::new(
                &SCH_12,
                Warning,
                "schemas have `minProperties` above `maxProperties`",
            ),
            dialect: Tally::new(&SCH_13, Warning, "patterns use escapes .NET does not know"),
            numeric_format: Tally::new(&SCH_14, Warning, "numbers have a format of another type"),
            string_format: Tally::new(
                &SCH_14,
                Info,
                "schemas have a format the designer does not know",
            ),
            unique_items: Tally::new(&SCH_15, Warning, "schemas use `uniqueItems`"),
            binary: Tally::new(&SCH_16, Warning, "binary strings are nested inside a body"),
        }
    }

    fn finish(self, sink: &mut Sink) {
        for t in [
            self.siblings,
            self.depth,
            self.not_object,
            self.no_properties,
            self.enum_type,
            self.default_type,
            self.properties_range,
            self.dialect,
            self.numeric_format,
            self.string_format,
            self.unique_items,
            self.binary,
        ] {
            t.finish(sink);
        }
    }
}

/// At most the last 60 characters of a pointer, as a short label.
fn label(pointer: &str) -> String {
    let n = pointer.chars().count();
    match pointer.char_indices().nth(n.saturating_sub(59)) {
        Some((i, _)) if n > 60 => format!("…{}", &pointer[i..]),
        _ => pointer.to_owned(),
    }
}

/// The `type` of a schema or parameter, when it is a string.
fn type_of(v: &Value) -> Option<&str> {
    v.get("type").and_then(Value::as_str)
}

/// A value as it is written, for messages.
fn shown(v: &Value) -> String {
    match &v.kind {
        Kind::Null => "null".to_owned(),
        Kind::Bool(b) => b.to_string(),
        Kind::Number(n) => excerpt(&n.to_string(), 20),
        Kind::String(s) => format!("\"{}\"", excerpt(s, 30)),
        Kind::Array(_) => "an array".to_owned(),
        Kind::Object(_) => "an object".to_owned(),
    }
}

/// Whether `v` is a value of the Swagger type `ty` (`None`: not a type to check).
/// `null` fits a schema marked `x-nullable: true`.
fn fits(ty: &str, v: &Value, nullable: bool) -> Option<bool> {
    if !TYPES.contains(&ty) || ty == "file" {
        return None;
    }
    Some(match &v.kind {
        Kind::Null => nullable,
        Kind::Bool(_) => ty == "boolean",
        Kind::Number(n) => ty == "number" || (ty == "integer" && n.is_finite() && n.fract() == 0.0),
        Kind::String(_) => ty == "string",
        Kind::Array(_) => ty == "array",
        Kind::Object(_) => ty == "object",
    })
}

/// A key telling JSON values apart (`1` and `1.0` are the same; `1` and `"1"` not).
fn value_key(v: &Value) -> String {
    match &v.kind {
        Kind::Null => "n".to_owned(),
        Kind::Bool(b) => format!("b{b}"),
        Kind::Number(n) => format!("d{n}"),
        Kind::String(s) => format!("s{s}"),
        Kind::Array(_) | Kind::Object(_) => format!("j{}", v.to_serde()),
    }
}

/// The child schemas of a schema node, as [`Definition::walk`] descends: object
/// `properties`, `items` (one or a tuple), `additionalProperties`, `allOf`.
fn kids<'a>(v: &'a Value, at: &str) -> Vec<(&'a Value, String)> {
    let mut out = Vec::new();
    let is_obj = |x: &Value| matches!(x.kind, Kind::Object(_));
    if let Some(props) = v.get("properties").and_then(Value::as_object) {
        let base = ptr(at, "properties");
        for m in props.iter().filter(|m| is_obj(&m.value)) {
            out.push((&m.value, ptr(&base, &m.key)));
        }
    }
    match v.get("items") {
        Some(i) if is_obj(i) => out.push((i, ptr(at, "items"))),
        Some(Value {
            kind: Kind::Array(items),
            ..
        }) => {
            for (n, i) in items.iter().enumerate().filter(|(_, i)| is_obj(i)) {
                out.push((i, format!("{at}/items/{n}")));
            }
        }
        _ => {}
    }
    if let Some(a) = v.get("additionalProperties").filter(|a| is_obj(a)) {
        out.push((a, ptr(at, "additionalProperties")));
    }
    if let Some(all) = v.get("allOf").and_then(Value::as_array) {
        for (n, s) in all.iter().enumerate().filter(|(_, s)| is_obj(s)) {
            out.push((s, format!("{at}/allOf/{n}")));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// SCH-01, -02, -04: references

/// What a `$ref` stands for, by where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RefKind {
    Schema,
    Parameter,
    Response,
}

impl RefKind {
    fn section(self) -> &'static str {
        match self {
            RefKind::Schema => "definitions",
            RefKind::Parameter => "parameters",
            RefKind::Response => "responses",
        }
    }
    fn noun(self) -> &'static str {
        match self {
            RefKind::Schema => "schema",
            RefKind::Parameter => "parameter",
            RefKind::Response => "response",
        }
    }
}

/// SCH-01, -02 and -04 on the object `holder` (at `at`), which has a `$ref`: the
/// value its pointer names, when it is valid and resolves.
fn reference<'a>(
    sink: &mut Sink,
    def: &Definition<'a>,
    f: &mut Folds,
    at: &str,
    holder: &'a Value,
    kind: RefKind,
) -> Option<&'a Value> {
    let r = holder.get("$ref")?;
    let rp = ptr(at, "$ref");
    let others: Vec<&str> = holder
        .as_object()
        .unwrap_or_default()
        .iter()
        .filter(|m| m.key != "$ref")
        .map(|m| m.key.as_str())
        .collect();
    if let Some(first) = others.first() {
        let (what, verb, pronoun) = if others.len() == 1 {
            (format!("`{first}`"), "is", "it")
        } else {
            (
                format!("`{first}` and {} more", others.len() - 1),
                "are",
                "them",
            )
        };
        f.siblings.add_with(
            || def.at(&ptr(at, first)),
            label(at),
            format!(
                "the `$ref` at `{}` has {what} beside it, which {verb} ignored; move {pronoun} into the target",
                label(at)
            ),
        );
    }
    let Some(s) = r.as_str() else {
        sink.emit(
            &SCH_02,
            def.at(&rp),
            format!("the `$ref` at `{}` is not a string", label(at)),
        );
        return None;
    };
    let shown = excerpt(s, 60);
    let section = kind.section();
    let Some(fragment) = s.strip_prefix('#') else {
        sink.emit(
            &SCH_02,
            def.at(&rp),
            format!(
                "the `$ref` `{shown}` points outside the definition; a connector is one file, so put the {} \
                 under `{section}` and use `#/{section}/<name>`",
                kind.noun()
            ),
        );
        return None;
    };
    if let Err(why) = pointer_syntax(fragment) {
        sink.emit(
            &SCH_02,
            def.at(&rp),
            format!("the `$ref` `{shown}` is not a valid JSON pointer: {why}"),
        );
        return None;
    }
    let in_section = fragment
        .strip_prefix('/')
        .and_then(|p| p.strip_prefix(section))
        .and_then(|p| p.strip_prefix('/'))
        .is_some_and(|name| !name.is_empty());
    if !in_section {
        sink.emit(
            &SCH_02,
            def.at(&rp),
            format!(
                "the {} `$ref` `{shown}` must point into `#/{section}/`",
                kind.noun()
            ),
        );
        return None;
    }
    let target = def
        .root
        .pointer(fragment)
        .or_else(|| percent_decoded(fragment).and_then(|d| def.root.pointer(&d)));
    if target.is_none() {
        sink.emit(
            &SCH_01,
            def.at(&rp),
            format!(
                "the `$ref` `{shown}` points at nothing: there is no such entry under `{section}`"
            ),
        );
    }
    target
}

/// Whether `fragment` (after `#`) is a JSON pointer: empty, or `/`-separated tokens
/// whose `~` is followed by `0` or `1`.
fn pointer_syntax(fragment: &str) -> Result<(), &'static str> {
    if fragment.is_empty() {
        return Ok(());
    }
    if !fragment.starts_with('/') {
        return Err("it must start with `#/`");
    }
    let mut chars = fragment.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return Err("`~` must be followed by `0` or `1`");
        }
    }
    Ok(())
}

/// `s` with `%XX` escapes decoded, when it has any and the result is UTF-8.
fn percent_decoded(s: &str) -> Option<String> {
    if !s.contains('%') {
        return None;
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// SCH-01/02/04 on `$ref` entries of parameter lists (operations and path items).
fn parameters(sink: &mut Sink, def: &Definition<'_>, f: &mut Folds) {
    for (pointer, value) in written_parameters(def) {
        if value.get("$ref").is_some() {
            reference(sink, def, f, &pointer, value, RefKind::Parameter);
        } else if value.get("in").and_then(Value::as_str) != Some("body") {
            let mut cur = value;
            let mut at = pointer;
            common(sink, def, f, &at, cur);
            for _ in 0..MAX_ITEMS_DEPTH {
                let Some(items) = cur.get("items").filter(|i| i.as_object().is_some()) else {
                    break;
                };
                at = ptr(&at, "items");
                cur = items;
                common(sink, def, f, &at, cur);
            }
        }
    }
}

/// Every parameter as written, once: root `parameters` entries, then each path
/// item's and operation's list entries (which may be `$ref`s).
fn written_parameters<'a>(def: &Definition<'a>) -> Vec<(String, &'a Value)> {
    let mut out = Vec::new();
    for m in def
        .root
        .get("parameters")
        .and_then(Value::as_object)
        .unwrap_or_default()
    {
        if m.value.get("$ref").is_none() {
            out.push((ptr("/parameters", &m.key), &m.value));
        }
    }
    let mut seen_paths = HashSet::new();
    for op in &def.ops {
        for (list, base) in [
            (op.path_item.get("parameters"), &op.path_pointer),
            (op.value.get("parameters"), &op.pointer),
        ] {
            if base == &op.path_pointer && !seen_paths.insert(base.clone()) {
                continue;
            }
            let base = ptr(base, "parameters");
            for (i, item) in list
                .and_then(Value::as_array)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                if item.as_object().is_some() {
                    out.push((format!("{base}/{i}"), item));
                }
            }
        }
    }
    out
}

/// SCH-01/02/04 on `$ref` responses of operations.
fn responses(sink: &mut Sink, def: &Definition<'_>, f: &mut Folds) {
    for op in &def.ops {
        let base = ptr(&op.pointer, "responses");
        for m in op
            .value
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or_default()
        {
            if m.value.get("$ref").is_some() {
                reference(
                    sink,
                    def,
                    f,
                    &ptr(&base, &m.key),
                    &m.value,
                    RefKind::Response,
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// SCH-03: aliases

fn aliases(sink: &mut Sink, def: &Definition<'_>, f: &mut Folds) {
    let sections = [
        ("definitions", "definition", "SchemaRefLoopNotAllowed"),
        ("parameters", "parameter", "ParameterRefLoopNotAllowed"),
        ("responses", "response", "ResponseRefLoopNotAllowed"),
    ];
    for (section, noun, name) in sections {
        let base = ptr("", section);
        for m in def
            .root
            .get(section)
            .and_then(Value::as_object)
            .unwrap_or_default()
        {
            let Some(target) = m.value.get("$ref") else {
                continue;
            };
            let at = ptr(&base, &m.key);
            if section != "definitions" {
                let kind = if section == "parameters" {
                    RefKind::Parameter
                } else {
                    RefKind::Response
                };
                // root definitions' `$ref`s are checked by the schema walk
                reference(sink, def, f, &at, &m.value, kind);
            }
            let loops = alias_loops(def, &at);
            sink.emit(
                &SCH_03,
                def.at(&ptr(&at, "$ref")),
                format!(
                    "the {noun} `{}` is only a `$ref` to {}{}; the validator refuses aliases ({name}): point its \
                     users at the target and remove it",
                    excerpt(&m.key, 40),
                    target
                        .as_str()
                        .map_or_else(|| "something".to_owned(), |s| format!("`{}`", excerpt(s, 60))),
                    if loops { ", and the chain loops back" } else { "" },
                ),
            );
        }
    }
}

/// Whether following `$ref`s from the entry at `start` comes back to an entry met before.
fn alias_loops(def: &Definition<'_>, start: &str) -> bool {
    let mut seen = HashSet::new();
    let mut cur = start.to_owned();
    for _ in 0..=MAX_REF_HOPS {
        if !seen.insert(cur.clone()) {
            return true;
        }
        let Some(next) = def
            .root
            .pointer(&cur)
            .and_then(|v| v.get("$ref"))
            .and_then(Value::as_str)
            .and_then(|s| s.strip_prefix('#'))
        else {
            return false;
        };
        next.clone_into(&mut cur);
    }
    true
}

// ---------------------------------------------------------------------------
// SCH-07, -08, -10…17 on every written schema node

/// Checks every written schema node; returns how many there are (for SCH-06).
fn schema_nodes<'a>(
    sink: &mut Sink,
    def: &Definition<'a>,
    f: &mut Folds,
    roots: &[SchemaRoot<'a>],
) -> usize {
    let mut total = 0usize;
    for root in roots {
        def.walk(root.value, &root.pointer, false, |node| {
            if node.value.as_object().is_none() {
                return false;
            }
            total += 1;
            if node.value.get("$ref").is_some() {
                ref_node(sink, def, f, root.role, node);
                return false;
            }
            schema_node(sink, def, f, root.role, node);
            true
        });
    }
    total
}

/// A schema `$ref`: SCH-01/02/04, and SCH-16 on what it brings in.
fn ref_node<'a>(sink: &mut Sink, def: &Definition<'a>, f: &mut Folds, role: Role, node: &Node<'a>) {
    let Some(target) = reference(sink, def, f, &node.pointer, node.value, RefKind::Schema) else {
        return;
    };
    if role == Role::Definition && node.depth == 0 {
        return; // an alias: SCH-03
    }
    let Some((_, t)) = def.resolve(target, "") else {
        return;
    };
    let r = node.value.get("$ref").and_then(Value::as_str).unwrap_or("");
    let ty = type_of(t);
    if ty == Some("file") && !(role == Role::Response && node.depth == 0) {
        sink.emit(
            &SCH_16,
            def.at(&ptr(&node.pointer, "$ref")),
            format!(
                "`{}` brings a `type: file` schema into `{}`; a file is only a formData parameter or a \
                 response's whole schema: use `string` with `format: byte` inside a body",
                excerpt(r, 60),
                label(&node.pointer)
            ),
        );
    } else if ty == Some("string") && is_binary(t) && node.depth > 0 {
        f.binary.add_with(
            || def.at(&ptr(&node.pointer, "$ref")),
            label(&node.pointer),
            format!(
                "`{}` brings a binary string into `{}`, inside a body; only a whole body can be binary: use \
                 `format: byte` (base64)",
                excerpt(r, 60),
                label(&node.pointer)
            ),
        );
    }
}

fn is_binary(v: &Value) -> bool {
    v.get("format").and_then(Value::as_str) == Some("binary")
}

fn nullable(v: &Value) -> bool {
    v.get("x-nullable").and_then(Value::as_bool) == Some(true)
}

/// A schema node that is not a `$ref`.
fn schema_node(sink: &mut Sink, def: &Definition<'_>, f: &mut Folds, role: Role, node: &Node<'_>) {
    let (v, at) = (node.value, node.pointer.as_str());
    if let Some(t) = type_of(v)
        && !TYPES.contains(&t)
    {
        sink.emit(
            &SCH_14,
            def.at(&ptr(at, "type")),
            format!(
                "the schema at `{}` has the unknown type `{}`; use `string`, `number`, `integer`, `boolean`, \
                 `array` or `object`",
                label(at),
                excerpt(t, 30)
            ),
        );
    }
    common(sink, def, f, at, v);
    required(sink, def, f, at, v);
    placement(sink, def, f, role, node);
    discriminator(sink, def, at, v);
}

/// What schemas and non-body parameters (and their `items`) share: SCH-07, -10, -11,
/// -12, -13, -14 (formats), -15.
fn common(sink: &mut Sink, def: &Definition<'_>, f: &mut Folds, at: &str, v: &Value) {
    let ty = type_of(v);
    if ty == Some("array") && v.get("items").is_none() {
        sink.emit(
            &SCH_07,
            def.at(at),
            format!(
                "`{}` is an array without `items`; add `items` with the schema of its elements",
                label(at)
            ),
        );
    }
    enums(sink, def, f, at, v, ty);
    if let (Some(t), Some(d)) = (ty, v.get("default"))
        && fits(t, d, nullable(v)) == Some(false)
    {
        f.default_type.add_with(
            || def.at(&ptr(at, "default")),
            label(at),
            format!(
                "the default {} of `{}` is not of type `{t}`; write it as one",
                shown(d),
                label(at)
            ),
        );
    }
    constraints(sink, def, f, at, v);
    if let Some(p) = v.get("pattern").and_then(Value::as_str) {
        match regex_syntax(p) {
            Ok(()) => {}
            Err(Bad::Invalid(why)) => sink.emit(
                &SCH_13,
                def.at(&ptr(at, "pattern")),
                format!(
                    "the pattern `{}` of `{}` is not a regular expression: {why}",
                    excerpt(p, 40),
                    label(at)
                ),
            ),
            Err(Bad::Dotnet(why)) => f.dialect.add_with(
                || def.at(&ptr(at, "pattern")),
                label(at),
                format!(
                    "the pattern `{}` of `{}` may not compile in .NET: {why}",
                    excerpt(p, 40),
                    label(at)
                ),
            ),
        }
    }
    format(def, f, at, v, ty);
    for k in OPENAPI3_KEYWORDS {
        if v.get(k).is_some() {
            sink.emit(
                &SCH_15,
                def.at(&ptr(at, k)),
                format!(
                    "`{k}` at `{}` is an OpenAPI 3 keyword that Swagger 2.0 does not have; {}",
                    label(at),
                    if k == "nullable" {
                        "use `x-nullable: true`"
                    } else {
                        "describe one schema whose properties are optional, or use `x-ms-dynamic-schema`"
                    }
                ),
            );
        }
    }
    if v.get("uniqueItems").is_some() {
        f.unique_items.add_with(
            || def.at(&ptr(at, "uniqueItems")),
            label(at),
            format!(
                "`{}` has `uniqueItems`, which the validator does not support; remove it",
                label(at)
            ),
        );
    }
}

/// SCH-10 on an `enum`.
fn enums(
    sink: &mut Sink,
    def: &Definition<'_>,
    f: &mut Folds,
    at: &str,
    v: &Value,
    ty: Option<&str>,
) {
    let Some(items) = v.get("enum").and_then(Value::as_array) else {
        return;
    };
    let ep = ptr(at, "enum");
    if items.is_empty() {
        sink.emit(
            &SCH_10,
            def.at(&ep),
            format!(
                "the enum of `{}` is empty; list its values or remove it",
                label(at)
            ),
        );
        return;
    }
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        if !seen.insert(value_key(item)) {
            sink.emit(
                &SCH_10,
                def.at(&format!("{ep}/{i}")),
                format!(
                    "the enum of `{}` lists {} twice; keep one",
                    label(at),
                    shown(item)
                ),
            );
        }
    }
    let null_ok = nullable(v);
    if let Some(t) = ty
        && let Some((i, bad)) = items
            .iter()
            .enumerate()
            .find(|(_, x)| fits(t, x, null_ok) == Some(false))
    {
        f.enum_type.add_with(
            || def.at(&format!("{ep}/{i}")),
            label(at),
            format!(
                "the enum of `{}` has {}, which is not of type `{t}`; write the values as the type says",
                label(at),
                shown(bad)
            ),
        );
    }
}

/// SCH-12 on one schema or parameter.
fn constraints(sink: &mut Sink, def: &Definition<'_>, f: &mut Folds, at: &str, v: &Value) {
    let num = |k: &str| v.get(k).and_then(Value::as_f64);
    let raw = |k: &str| v.get(k).map(shown).unwrap_or_default();
    for k in [
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ] {
        if num(k).is_some_and(|n| n < 0.0) {
            sink.emit(
                &SCH_12,
                def.at(&ptr(at, k)),
                format!(
                    "`{k}` of `{}` is {}; it must be 0 or more",
                    label(at),
                    raw(k)
                ),
            );
        }
    }
    if num("multipleOf").is_some_and(|n| n <= 0.0) {
        sink.emit(
            &SCH_12,
            def.at(&ptr(at, "multipleOf")),
            format!(
                "`multipleOf` of `{}` is {}; it must be above 0",
                label(at),
                raw("multipleOf")
            ),
        );
    }
    for (lo, hi) in [
        ("minimum", "maximum"),
        ("minLength", "maxLength"),
        ("minItems", "maxItems"),
    ] {
        if let (Some(a), Some(b)) = (num(lo), num(hi))
            && a > b
        {
            sink.emit(
                &SCH_12,
                def.at(&ptr(at, lo)),
                format!(
                    "`{lo}` of `{}` ({}) is above its `{hi}` ({}); no value fits",
                    label(at),
                    raw(lo),
                    raw(hi)
                ),
            );
        }
    }
    if let (Some(a), Some(b)) = (num("minProperties"), num("maxProperties"))
        && a > b
    {
        f.properties_range.add_with(
            || def.at(&ptr(at, "minProperties")),
            label(at),
            format!(
                "`minProperties` of `{}` ({}) is above its `maxProperties` ({}); no value fits",
                label(at),
                raw("minProperties"),
                raw("maxProperties")
            ),
        );
    }
    for (ex, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if v.get(ex).and_then(Value::as_bool) == Some(true) && v.get(bound).is_none() {
            sink.emit(
                &SCH_12,
                def.at(&ptr(at, ex)),
                format!(
                    "`{ex}` of `{}` is set without a `{bound}`; add the `{bound}` it qualifies or remove it",
                    label(at)
                ),
            );
        }
    }
}

/// SCH-14 on a `format`.
fn format(def: &Definition<'_>, f: &mut Folds, at: &str, v: &Value, ty: Option<&str>) {
    let Some(fmt) = v.get("format").and_then(Value::as_str) else {
        return;
    };
    let fp = || def.at(&ptr(at, "format"));
    let shown_fmt = excerpt(fmt, 30);
    match ty {
        Some("integer") if !matches!(fmt, "int32" | "int64") => f.numeric_format.add(
            fp(),
            label(at),
            format!(
                "the integer `{}` has the format `{shown_fmt}`; use `int32` or `int64`",
                label(at)
            ),
        ),
        Some("number") if !matches!(fmt, "float" | "double") => f.numeric_format.add(
            fp(),
            label(at),
            if fmt == "integer" || fmt.starts_with("int") {
                format!(
                    "the number `{}` has the format `{shown_fmt}`; use `type: integer` (with `int32` or \
                     `int64`) for whole numbers",
                    label(at)
                )
            } else {
                format!(
                    "the number `{}` has the format `{shown_fmt}`; use `float` or `double`",
                    label(at)
                )
            },
        ),
        Some("integer" | "number") => {}
        Some("string") if STRING_FORMATS.contains(&fmt) => {}
        Some(t) if !TYPES.contains(&t) => {} // SCH-14's error on the type
        _ if fmt.trim().is_empty() => f.string_format.add(
            fp(),
            label(at),
            format!("the `format` of `{}` is empty; remove it", label(at)),
        ),
        Some(t) => f.string_format.add(
            fp(),
            label(at),
            format!(
                "the format `{shown_fmt}` of the {t} `{}` means nothing to the designer; say it in the \
                 description",
                label(at)
            ),
        ),
        None => f.string_format.add(
            fp(),
            label(at),
            format!(
                "`{}` has the format `{shown_fmt}` but no `type`; give it one",
                label(at)
            ),
        ),
    }
}

/// SCH-08, and SCH-10's repeats, on a schema's `required`.
fn required(sink: &mut Sink, def: &Definition<'_>, f: &mut Folds, at: &str, v: &Value) {
    let Some(items) = v.get("required").and_then(Value::as_array) else {
        return; // not a list: SWG-11
    };
    let rp = ptr(at, "required");
    if items.is_empty() {
        sink.emit(
            &SCH_08,
            def.at(&rp),
            format!(
                "`required` of `{}` is empty; remove it or list the required properties",
                label(at)
            ),
        );
        return;
    }
    let mut seen = HashSet::new();
    for (i, s) in items.iter().enumerate() {
        if let Some(s) = s.as_str()
            && !seen.insert(s)
        {
            sink.emit(
                &SCH_10,
                def.at(&format!("{rp}/{i}")),
                format!(
                    "`required` of `{}` lists `{}` twice; keep one",
                    label(at),
                    excerpt(s, 40)
                ),
            );
        }
    }
    if let Some(t) = type_of(v)
        && t != "object"
    {
        f.not_object.add_with(
            || def.at(&rp),
            label(at),
            format!(
                "`{}` is of type `{t}` but has `required`; move it to the object whose properties it names",
                label(at)
            ),
        );
        return;
    }
    if v.get("allOf").is_some() {
        return; // properties may come from the parts
    }
    match v.get("properties") {
        None => f.no_properties.add_with(
            || def.at(&rp),
            label(at),
            format!(
                "`{}` has `required` but no `properties`; define the properties it names",
                label(at)
            ),
        ),
        Some(p) => {
            let Some(props) = p.as_object() else {
                return;
            };
            let names: HashSet<&str> = props.iter().map(|m| m.key.as_str()).collect();
            for (i, s) in items.iter().enumerate() {
                if let Some(s) = s.as_str()
                    && !names.contains(s)
                {
                    sink.emit(
                        &SCH_08,
                        def.at(&format!("{rp}/{i}")),
                        format!(
                            "`required` of `{}` names `{}`, which is not one of its properties; correct the \
                             name or add the property",
                            label(at),
                            excerpt(s, 40)
                        ),
                    );
                }
            }
        }
    }
}

/// SCH-16 on a written schema node.
fn placement(sink: &mut Sink, def: &Definition<'_>, f: &mut Folds, role: Role, node: &Node<'_>) {
    let (v, at) = (node.value, node.pointer.as_str());
    match type_of(v) {
        Some("file")
            if !(node.depth == 0 && matches!(role, Role::Response | Role::Definition)) =>
        {
            sink.emit(
                &SCH_16,
                def.at(&ptr(at, "type")),
                format!(
                    "`{}` has `type: file`, which only a formData parameter or a response's whole schema may \
                     have; use `string` with `format: binary` for a whole body, `format: byte` inside one",
                    label(at)
                ),
            );
        }
        Some("string") if is_binary(v) && node.depth > 0 => f.binary.add_with(
            || def.at(&ptr(at, "format")),
            label(at),
            format!(
                "the binary string `{}` is nested inside a body; only a whole body can be binary: use \
                 `format: byte` (base64)",
                label(at)
            ),
        ),
        _ => {}
    }
}

/// SCH-17 on a schema's `discriminator`.
fn discriminator(sink: &mut Sink, def: &Definition<'_>, at: &str, v: &Value) {
    let Some(name) = v.get("discriminator").and_then(Value::as_str) else {
        return;
    };
    // the schema and its `allOf` parts, `$ref`s resolved
    let mut parts = vec![v];
    for (i, s) in v
        .get("allOf")
        .and_then(Value::as_array)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if let Some((_, s)) = def.resolve(s, &format!("{at}/allOf/{i}")) {
            parts.push(s);
        }
    }
    let prop = parts
        .iter()
        .find_map(|s| s.get("properties").and_then(|p| p.get(name)))
        .and_then(|p| def.resolve(p, "").map(|(_, p)| p));
    let listed = parts.iter().any(|s| {
        s.get("required")
            .and_then(Value::as_array)
            .unwrap_or_default()
            .iter()
            .any(|r| r.as_str() == Some(name))
    });
    let mut wrong = Vec::new();
    match prop {
        None => wrong.push("is not one of its properties"),
        Some(p) if type_of(p) != Some("string") => wrong.push("is not `type: string`"),
        Some(_) => {}
    }
    if !listed {
        wrong.push("is not in its `required`");
    }
    if !wrong.is_empty() {
        sink.emit(
            &SCH_17,
            def.at(&ptr(at, "discriminator")),
            format!(
                "the discriminator `{}` of `{}` {}; it must be a required string property",
                excerpt(name, 40),
                label(at),
                wrong.join(" and ")
            ),
        );
    }
}

// ---------------------------------------------------------------------------
// SCH-10: lists whose items must be unique

fn unique_lists(sink: &mut Sink, def: &Definition<'_>) {
    let mut lists: Vec<(String, &Value)> = Vec::new();
    for k in ["consumes", "produces", "schemes"] {
        if let Some(v) = def.root.get(k) {
            lists.push((ptr("", k), v));
        }
    }
    for op in &def.ops {
        for k in ["consumes", "produces", "tags"] {
            if let Some(v) = op.value.get(k) {
                lists.push((ptr(&op.pointer, k), v));
            }
        }
    }
    for (at, v) in lists {
        let mut seen = HashSet::new();
        for (i, item) in v.as_array().unwrap_or_default().iter().enumerate() {
            if !seen.insert(value_key(item)) {
                sink.emit(
                    &SCH_10,
                    def.at(&format!("{at}/{i}")),
                    format!("`{}` lists {} twice; keep one", label(&at), shown(item)),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// SCH-05: loops of required `$ref` properties

/// The definitions each definition cannot do without: for every root definition,
/// the `#/definitions/x` `$ref`s reached from it through required properties and
/// `allOf` parts (inline schemas followed, `$ref`s not), with where each is written
/// and whether it is the whole definition (an alias, SCH-03's).
/// An edge of the required graph: (target definition, where the `$ref` is written,
/// whether it is the whole definition).
type Edge = (usize, String, bool);

fn required_edges<'a>(defs: &'a [crate::read::json::Member]) -> Vec<Vec<Edge>> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, m) in defs.iter().enumerate() {
        index.insert(&m.key, i); // the last of duplicate keys, as `get` reads
    }
    let mut edges = vec![Vec::new(); defs.len()];
    for (i, m) in defs.iter().enumerate() {
        let root = ptr("/definitions", &m.key);
        let mut stack: Vec<(&'a Value, String)> = vec![(&m.value, root.clone())];
        let mut out = Vec::new();
        while let Some((v, at)) = stack.pop() {
            if let Some(r) = v.get("$ref").and_then(Value::as_str) {
                if let Some(name) = r.strip_prefix("#/definitions/") {
                    let name = name.replace("~1", "/").replace("~0", "~");
                    if let Some(&j) = index.get(name.as_str()) {
                        let alias = at == root;
                        out.push((j, at, alias));
                    }
                }
                continue;
            }
            let req: HashSet<&str> = v
                .get("required")
                .and_then(Value::as_array)
                .unwrap_or_default()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            if !req.is_empty()
                && let Some(props) = v.get("properties").and_then(Value::as_object)
            {
                let base = ptr(&at, "properties");
                for p in props {
                    if req.contains(p.key.as_str()) && p.value.as_object().is_some() {
                        stack.push((&p.value, ptr(&base, &p.key)));
                    }
                }
            }
            for (n, s) in v
                .get("allOf")
                .and_then(Value::as_array)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                stack.push((s, format!("{at}/allOf/{n}")));
            }
        }
        if let Some(e) = edges.get_mut(i) {
            *e = out;
        }
    }
    edges
}

/// The loops of `edges`, by an iterative depth-first search: each edge back to a
/// definition still being searched closes one. Each loop: its definitions in order
/// and where its closing `$ref` is written. Loops made of aliases only are SCH-03's.
/// Only the first [`LOOP_NAMES`] definitions of a loop are kept (with `None` after
/// them when it is longer), so that many loops through a long chain stay linear.
fn loops(edges: &[Vec<Edge>]) -> Vec<(Vec<Option<usize>>, String)> {
    const WHITE: u8 = 0;
    const GREY: u8 = 1;
    const BLACK: u8 = 2;
    let n = edges.len();
    let mut colour = vec![WHITE; n];
    let mut pos = vec![0usize; n];
    let mut found = Vec::new();
    for s in 0..n {
        if colour.get(s) != Some(&WHITE) {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(s, 0)];
        if let Some(c) = colour.get_mut(s) {
            *c = GREY;
        }
        while let Some(&(u, ei)) = stack.last() {
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            let Some((w, at, alias)) = edges.get(u).and_then(|e| e.get(ei)) else {
                if let Some(c) = colour.get_mut(u) {
                    *c = BLACK;
                }
                stack.pop();
                continue;
            };
            match colour.get(*w).copied() {
                Some(WHITE) => {
                    if let Some(c) = colour.get_mut(*w) {
                        *c = GREY;
                    }
                    if let Some(p) = pos.get_mut(*w) {
                        *p = stack.len();
                    }
                    stack.push((*w, 0));
                }
                Some(GREY) => {
                    let from = pos.get(*w).copied().unwrap_or(0);
                    let path = stack.get(from..).unwrap_or_default();
                    // the edge each step took: the one before its next edge index
                    let all_aliases = *alias
                        && path.iter().rev().skip(1).all(|&(d, next)| {
                            edges
                                .get(d)
                                .and_then(|e| e.get(next.wrapping_sub(1)))
                                .is_some_and(|e| e.2)
                        });
                    if !all_aliases {
                        let mut names: Vec<Option<usize>> = path
                            .iter()
                            .take(LOOP_NAMES)
                            .map(|(d, _)| Some(*d))
                            .collect();
                        if path.len() > LOOP_NAMES {
                            names.push(None);
                        }
                        found.push((names, at.clone()));
                    }
                }
                _ => {}
            }
        }
    }
    found
}

fn required_loops(sink: &mut Sink, def: &Definition<'_>) {
    let Some(defs) = def.root.get("definitions").and_then(Value::as_object) else {
        return;
    };
    let name = |i: usize| defs.get(i).map_or("?", |m| m.key.as_str());
    for (cycle, at) in loops(&required_edges(defs)) {
        let mut names: Vec<String> = cycle
            .iter()
            .map(|d| d.map_or_else(|| "…".to_owned(), |i| format!("`{}`", excerpt(name(i), 40))))
            .collect();
        if let Some(Some(first)) = cycle.first() {
            names.push(format!("`{}`", excerpt(name(*first), 40)));
        }
        sink.emit(
            &SCH_05,
            def.at(&at),
            format!(
                "the definitions {} require each other (the required `$ref` at `{}` closes the loop), so no \
                 finite value is valid; make one of these properties optional",
                names.join(" → "),
                label(&at)
            ),
        );
    }
}

// ---------------------------------------------------------------------------
// SCH-09: required read-only properties in request schemas

fn read_only_inputs<'a>(sink: &mut Sink, def: &Definition<'a>, roots: &[SchemaRoot<'a>]) {
    let mut seen: HashSet<*const Value> = HashSet::new();
    let mut stack: Vec<(&'a Value, String)> = roots
        .iter()
        .filter(|r| r.role == Role::Request)
        .map(|r| (r.value, r.pointer.clone()))
        .collect();
    while let Some((v, at)) = stack.pop() {
        let Some((at, v)) = def.resolve(v, &at) else {
            continue;
        };
        if v.as_object().is_none() || !seen.insert(std::ptr::from_ref(v)) {
            continue;
        }
        let req: HashSet<&str> = v
            .get("required")
            .and_then(Value::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        if !req.is_empty()
            && let Some(props) = v.get("properties").and_then(Value::as_object)
        {
            let base = ptr(&at, "properties");
            for m in props.iter().filter(|m| req.contains(m.key.as_str())) {
                let pp = ptr(&base, &m.key);
                let read_only = def
                    .resolve(&m.value, &pp)
                    .is_some_and(|(_, p)| p.get("readOnly").and_then(Value::as_bool) == Some(true));
                if read_only {
                    sink.emit(
                        &SCH_09,
                        def.at(&pp),
                        format!(
                            "`{}` is required in a request but `readOnly`: the service sets it, so no one can \
                             send it; remove it from `required` or use a request definition without it",
                            label(&pp)
                        ),
                    );
                }
            }
        }
        stack.extend(kids(v, &at));
    }
}

// ---------------------------------------------------------------------------
// SCH-06: sizes

/// Schema node counts and nesting heights with `$ref`s expanded, memoised per node
/// (so a DAG of `$ref`s costs its written size, not its exponential expansion) and
/// cut at cycles: a `$ref` back to a node being counted counts as one leaf. The
/// memo makes a count under a cut depend on where the cycle was entered; the limits
/// are far from what cycles add, so this does not matter.
struct Sizer<'a, 'd> {
    def: &'d Definition<'a>,
    memo: HashMap<*const Value, (u64, usize)>,
    busy: HashSet<*const Value>,
}

enum Task<'a> {
    Visit(&'a Value),
    Combine(*const Value, usize),
    Alias(*const Value),
}

impl<'a, 'd> Sizer<'a, 'd> {
    fn new(def: &'d Definition<'a>) -> Self {
        Sizer {
            def,
            memo: HashMap::new(),
            busy: HashSet::new(),
        }
    }

    /// (schema nodes, levels below) of `start`, `$ref`s expanded.
    fn measure(&mut self, start: &'a Value) -> (u64, usize) {
        let mut tasks = vec![Task::Visit(start)];
        let mut out: Vec<(u64, usize)> = Vec::new();
        while let Some(t) = tasks.pop() {
            match t {
                Task::Visit(v) => {
                    let key = std::ptr::from_ref(v);
                    if let Some(&r) = self.memo.get(&key) {
                        out.push(r);
                        continue;
                    }
                    if self.busy.contains(&key) || v.as_object().is_none() {
                        out.push((1, 0)); // a cycle cut here, or not a schema
                        continue;
                    }
                    if let Some(r) = v.get("$ref") {
                        let target = r
                            .as_str()
                            .and_then(|s| s.strip_prefix('#'))
                            .and_then(|p| self.def.root.pointer(p));
                        match target {
                            Some(target) => {
                                self.busy.insert(key);
                                tasks.push(Task::Alias(key));
                                tasks.push(Task::Visit(target));
                            }
                            None => out.push((1, 0)), // SCH-01's
                        }
                        continue;
                    }
                    self.busy.insert(key);
                    let children = kid_values(v);
                    tasks.push(Task::Combine(key, children.len()));
                    tasks.extend(children.into_iter().map(Task::Visit));
                }
                Task::Combine(key, n) => {
                    let parts = out.split_off(out.len().saturating_sub(n));
                    let count = parts.iter().fold(1u64, |a, p| a.saturating_add(p.0));
                    let height = parts.iter().map(|p| p.1 + 1).max().unwrap_or(0);
                    self.busy.remove(&key);
                    self.memo.insert(key, (count, height));
                    out.push((count, height));
                }
                Task::Alias(key) => {
                    self.busy.remove(&key);
                    if let Some(&r) = out.last() {
                        self.memo.insert(key, r);
                    }
                }
            }
        }
        out.pop().unwrap_or((0, 0))
    }
}

/// [`kids`] without their pointers.
fn kid_values(v: &Value) -> Vec<&Value> {
    let is_obj = |x: &&Value| matches!(x.kind, Kind::Object(_));
    let mut out: Vec<&Value> = Vec::new();
    if let Some(props) = v.get("properties").and_then(Value::as_object) {
        out.extend(props.iter().map(|m| &m.value).filter(is_obj));
    }
    match v.get("items") {
        Some(i) if is_obj(&i) => out.push(i),
        Some(Value {
            kind: Kind::Array(items),
            ..
        }) => out.extend(items.iter().filter(is_obj)),
        _ => {}
    }
    if let Some(a) = v.get("additionalProperties").filter(is_obj) {
        out.push(a);
    }
    if let Some(all) = v.get("allOf").and_then(Value::as_array) {
        out.extend(all.iter().filter(is_obj));
    }
    out
}

fn sizes<'a>(
    sink: &mut Sink,
    def: &Definition<'a>,
    roots: &[SchemaRoot<'a>],
    written: usize,
    f: &mut Folds,
) {
    let mut s = Sizer::new(def);
    let mut bodies = HashSet::new();
    for op in &def.ops {
        let mut total: u64 = 0;
        for p in def.params(op) {
            match p.value.get("schema") {
                Some(schema) if p.is_body() => {
                    let (n, _) = s.measure(schema);
                    total = total.saturating_add(n);
                    let at = ptr(&p.pointer, "schema");
                    if n > MAX_BODY_SCHEMAS && bodies.insert(at.clone()) {
                        sink.emit(
                            &SCH_06,
                            def.at(&at),
                            format!(
                                "the body `{}` has {n} schema nodes with `$ref`s expanded; the validator takes at \
                                 most {MAX_BODY_SCHEMAS}: split the operation or use `x-ms-dynamic-schema`",
                                excerpt(p.name(), 40)
                            ),
                        );
                    }
                }
                _ => total = total.saturating_add(1),
            }
        }
        for (_, _, r) in def.responses(op) {
            if let Some(schema) = r.get("schema") {
                total = total.saturating_add(s.measure(schema).0);
            }
        }
        if let Some(schema) = op.notification_content().and_then(|n| n.get("schema")) {
            total = total.saturating_add(s.measure(schema).0);
        }
        if total > MAX_OPERATION_SCHEMAS {
            sink.emit(
                &SCH_06,
                def.at(&op.pointer),
                format!(
                    "`{}` has {total} schema nodes in its parameters and responses with `$ref`s expanded; the \
                     validator takes at most {MAX_OPERATION_SCHEMAS}: trim the schemas or use \
                     `x-ms-dynamic-schema`",
                    op.label()
                ),
            );
        }
    }
    for root in roots.iter().filter(|r| r.role != Role::Definition) {
        // levels, counting the root as one (how the merged maximum was counted)
        let h = s.measure(root.value).1 + 1;
        if h > MAX_DEPTH {
            f.depth.add_with(
                || def.at(&root.pointer),
                label(&root.pointer),
                format!(
                    "the schema at `{}` nests {h} levels deep with `$ref`s expanded; no merged connector goes \
                     past {MAX_DEPTH}: flatten it",
                    label(&root.pointer)
                ),
            );
        }
    }
    if written > MAX_TOTAL_SCHEMAS {
        let at = if def.root.get("definitions").is_some() {
            "/definitions"
        } else {
            ""
        };
        sink.emit_as(
            &SCH_06,
            Severity::Warning,
            def.at(at),
            format!(
                "the definition has {written} schemas as written; no merged definition has more than \
                 {MAX_TOTAL_SCHEMAS} and the validator refuses past a limit it does not publish: remove unused \
                 definitions and operations"
            ),
        );
    }
}

// ---------------------------------------------------------------------------
// SCH-13: a bounded regular-expression syntax check
//
// certpack-core has no regex engine among its dependencies (the `regex` crate in
// Cargo.lock comes with the desktop shell), and the validator compiles patterns with
// .NET anyway. This single pass over the characters checks what every dialect
// refuses, and reports separately what only .NET refuses.

/// Why a pattern does not compile.
#[derive(Debug, PartialEq, Eq)]
enum Bad {
    /// Refused by every dialect (.NET, ECMA 262).
    Invalid(String),
    /// Refused by .NET only.
    Dotnet(String),
}

fn invalid<T>(why: impl Into<String>) -> Result<T, Bad> {
    Err(Bad::Invalid(why.into()))
}

/// Checks the syntax of `p` in one pass; no recursion, no backtracking.
fn regex_syntax(p: &str) -> Result<(), Bad> {
    let cs: Vec<char> = p.chars().collect();
    let mut i = 0;
    let mut depth = 0usize;
    let mut can_repeat = false; // the last item takes a quantifier
    let mut after_quantifier = false; // a `?` may still make it lazy
    let mut dotnet: Option<String> = None;
    while let Some(&c) = cs.get(i) {
        i += 1;
        match c {
            '\\' => {
                let Some(&e) = cs.get(i) else {
                    return invalid("it ends with a lone `\\`");
                };
                i = escape(&cs, i + 1, e, &mut dotnet).0;
                can_repeat = true;
                after_quantifier = false;
            }
            '[' => {
                i = class(&cs, i, &mut dotnet)?;
                can_repeat = true;
                after_quantifier = false;
            }
            '(' => {
                if cs.get(i) == Some(&'?') {
                    i += 1;
                    match cs.get(i) {
                        Some(':' | '=' | '!' | '>') => i += 1,
                        Some('<') => {
                            i += 1;
                            if matches!(cs.get(i), Some('=' | '!')) {
                                i += 1;
                            } else {
                                i = group_name(&cs, i, '>')?;
                            }
                        }
                        Some('\'') => i = group_name(&cs, i + 1, '\'')?,
                        Some('#') => {
                            let Some(end) = cs.iter().skip(i).position(|&x| x == ')') else {
                                return invalid("a `(?#` comment is never closed");
                            };
                            i += end + 1;
                            continue;
                        }
                        Some('(') => {} // a conditional: its test is read as a group
                        Some(&x) if "imnsx-".contains(x) => {
                            while cs.get(i).is_some_and(|x| "imnsx-".contains(*x)) {
                                i += 1;
                            }
                            match cs.get(i) {
                                Some(':') => i += 1,
                                Some(')') => {
                                    i += 1; // inline options, not a group
                                    can_repeat = false;
                                    after_quantifier = false;
                                    continue;
                                }
                                _ => {
                                    return invalid("`(?` is followed by no known group construct");
                                }
                            }
                        }
                        _ => return invalid("`(?` is followed by no known group construct"),
                    }
                }
                depth += 1;
                can_repeat = false;
                after_quantifier = false;
            }
            ')' => {
                if depth == 0 {
                    return invalid("a `)` closes no group");
                }
                depth -= 1;
                can_repeat = true;
                after_quantifier = false;
            }
            '|' => {
                can_repeat = false;
                after_quantifier = false;
            }
            '*' | '+' | '?' => {
                if c == '?' && after_quantifier {
                    after_quantifier = false; // lazy
                    continue;
                }
                if after_quantifier {
                    return invalid(format!("`{c}` follows another quantifier"));
                }
                if !can_repeat {
                    return invalid(format!("`{c}` has nothing to repeat"));
                }
                can_repeat = false;
                after_quantifier = true;
            }
            '{' => match quantifier(&cs, i) {
                Some((end, lo, hi)) => {
                    if after_quantifier {
                        return invalid("`{` follows another quantifier");
                    }
                    if !can_repeat {
                        return invalid("`{` has nothing to repeat");
                    }
                    if hi < lo {
                        return invalid("a `{n,m}` has n above m");
                    }
                    i = end;
                    can_repeat = false;
                    after_quantifier = true;
                }
                None => {
                    can_repeat = true; // a literal `{`
                    after_quantifier = false;
                }
            },
            _ => {
                can_repeat = true;
                after_quantifier = false;
            }
        }
    }
    if depth > 0 {
        return invalid("a `(` is never closed");
    }
    match dotnet {
        Some(why) => Err(Bad::Dotnet(why)),
        None => Ok(()),
    }
}

/// `{n}`, `{n,}` or `{n,m}` starting after the `{` at `i`: (index after `}`, n, m).
fn quantifier(cs: &[char], mut i: usize) -> Option<(usize, u64, u64)> {
    let number = |i: &mut usize| -> Option<u64> {
        let start = *i;
        let mut n: u64 = 0;
        while let Some(d) = cs.get(*i).and_then(|c| c.to_digit(10)) {
            n = n.saturating_mul(10).saturating_add(u64::from(d));
            *i += 1;
        }
        (*i > start).then_some(n)
    };
    let lo = number(&mut i)?;
    match cs.get(i) {
        Some('}') => Some((i + 1, lo, lo)),
        Some(',') => {
            i += 1;
            let hi = number(&mut i).unwrap_or(u64::MAX);
            (cs.get(i) == Some(&'}')).then_some((i + 1, lo, hi))
        }
        _ => None,
    }
}

/// A group name from `i` up to `close`: the index after `close`.
fn group_name(cs: &[char], mut i: usize, close: char) -> Result<usize, Bad> {
    let start = i;
    while cs
        .get(i)
        .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
    {
        i += 1;
    }
    if i == start || cs.get(i) != Some(&close) {
        return invalid(format!("a group name is not closed with `{close}`"));
    }
    Ok(i + 1)
}

fn hex(cs: &[char], i: usize, n: usize) -> Option<char> {
    let digits: String = cs.get(i..i + n)?.iter().collect();
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    char::from_u32(u32::from_str_radix(&digits, 16).ok()?).or(Some('\u{fffd}'))
}

/// The escape `\e` (its letter read, `i` after it): the index after it, and the one
/// character it stands for, if it stands for one (not `\d`, `\w`, `\p{…}`…).
fn escape(cs: &[char], i: usize, e: char, dotnet: &mut Option<String>) -> (usize, Option<char>) {
    let mut note = |why: String| {
        dotnet.get_or_insert(why);
    };
    match e {
        'x' => match hex(cs, i, 2) {
            Some(c) => (i + 2, Some(c)),
            None => {
                note("`\\x` needs two hex digits".to_owned());
                (i, Some('x'))
            }
        },
        'u' => match hex(cs, i, 4) {
            Some(c) => (i + 4, Some(c)),
            None => {
                note("`\\u` needs four hex digits".to_owned());
                (i, Some('u'))
            }
        },
        'c' => match cs.get(i) {
            Some(c) if c.is_ascii_alphabetic() => (i + 1, None),
            _ => {
                note("`\\c` needs a letter".to_owned());
                (i, Some('c'))
            }
        },
        'p' | 'P' => {
            let end = (cs.get(i) == Some(&'{'))
                .then(|| cs.iter().skip(i).take(MAX_CATEGORY).position(|&c| c == '}'))
                .flatten();
            match end {
                Some(n) if n > 1 => (i + n + 1, None),
                _ => {
                    note(format!("`\\{e}` needs a `{{name}}`"));
                    (i, Some(e))
                }
            }
        }
        'k' => match cs.get(i) {
            Some('<') | Some('\'') => {
                let close = if cs.get(i) == Some(&'<') { '>' } else { '\'' };
                match group_name(cs, i + 1, close) {
                    Ok(end) => (end, None),
                    Err(_) => {
                        note("`\\k` needs a group name".to_owned());
                        (i, Some('k'))
                    }
                }
            }
            _ => {
                note("`\\k` needs a group name".to_owned());
                (i, Some('k'))
            }
        },
        't' => (i, Some('\t')),
        'n' => (i, Some('\n')),
        'r' => (i, Some('\r')),
        'f' => (i, Some('\u{c}')),
        'v' => (i, Some('\u{b}')),
        'e' => (i, Some('\u{1b}')),
        'a' => (i, Some('\u{7}')),
        'b' => (i, Some('\u{8}')), // backspace in a class; a boundary outside
        'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'B' | 'A' | 'Z' | 'z' | 'G' => (i, None),
        '0'..='9' => (i, None), // octal or a back reference
        c if c.is_alphanumeric() || c == '_' => {
            note(format!("`\\{c}` is not an escape .NET knows"));
            (i, Some(c))
        }
        c => (i, Some(c)),
    }
}

/// A character class from `i` (after its `[`): the index after its `]`.
fn class(cs: &[char], mut i: usize, dotnet: &mut Option<String>) -> Result<usize, Bad> {
    if cs.get(i) == Some(&'^') {
        i += 1;
    }
    let mut first = true;
    let mut prev: Option<char> = None; // the last single character, for a range
    let mut range = false; // a `-` after `prev` waits for the range's end
    loop {
        let Some(&c) = cs.get(i) else {
            return invalid("a `[` is never closed");
        };
        i += 1;
        if c == ']' && !first {
            return Ok(i);
        }
        first = false;
        let single = if c == '\\' {
            let Some(&e) = cs.get(i) else {
                return invalid("it ends with a lone `\\`");
            };
            let (next, ch) = escape(cs, i + 1, e, dotnet);
            i = next;
            ch
        } else {
            if c == '-' && !range && prev.is_some() && cs.get(i) != Some(&']') {
                range = true;
                continue;
            }
            Some(c)
        };
        if range {
            range = false;
            if let (Some(a), Some(b)) = (prev, single)
                && a > b
            {
                return invalid(format!("the range `{a}-{b}` is in reverse order"));
            }
            prev = None;
        } else {
            prev = single;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::rules::cases::Case;
    use serde_json::json;

    use Severity::{Error as E, Info as I, Warning as W};

    fn task_prop(v: &mut serde_json::Value, name: &str, schema: serde_json::Value) {
        v["definitions"]["Task"]["properties"][name] = schema;
    }

    /// A property of `NewTask`, the request body of CreateTask and UpdateTask.
    fn new_task_prop(v: &mut serde_json::Value, name: &str, schema: serde_json::Value) {
        v["definitions"]["NewTask"]["properties"][name] = schema;
    }

    /// `n` levels of objects (the root is level 1).
    fn nested(n: usize) -> serde_json::Value {
        let mut s = json!({"type": "string"});
        for _ in 1..n {
            s = json!({"type": "object", "properties": {"a": s}});
        }
        s
    }

    fn props(n: usize) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        for i in 0..n {
            m.insert(format!("p{i}"), json!({"type": "string"}));
        }
        json!({"type": "object", "properties": m})
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &SCH_01,
                || {
                    with_swagger(|v| {
                        task_prop(v, "owner", json!({"$ref": "#/definitions/User"}));
                    })
                },
                || {
                    with_swagger(|v| {
                        task_prop(v, "owner", json!({"$ref": "#/definitions/User"}));
                        v["definitions"]["User"] =
                            json!({"type": "object", "properties": {"name": {"type": "string"}}});
                    })
                },
            ),
            Case::new(
                &SCH_02,
                || {
                    with_swagger(|v| {
                        task_prop(v, "owner", json!({"$ref": "users.json#/definitions/User"}));
                    })
                },
                || {
                    with_swagger(|v| {
                        task_prop(v, "owner", json!({"$ref": "#/definitions/NewTask"}));
                    })
                },
            ),
            Case::new(
                &SCH_03,
                || {
                    with_swagger(|v| {
                        v["definitions"]["TaskAlias"] = json!({"$ref": "#/definitions/Task"});
                    })
                },
                || {
                    with_swagger(|v| {
                        v["definitions"]["TaskAlias"] =
                            json!({"allOf": [{"$ref": "#/definitions/Task"}]});
                    })
                },
            ),
            Case::new(
                &SCH_04,
                || {
                    with_swagger(|v| {
                        task_prop(
                            v,
                            "parent",
                            json!({"$ref": "#/definitions/Task", "description": "The parent."}),
                        );
                    })
                },
                || with_swagger(|v| task_prop(v, "parent", json!({"$ref": "#/definitions/Task"}))),
            ),
            Case::new(
                &SCH_05,
                || {
                    with_swagger(|v| {
                        task_prop(v, "parent", json!({"$ref": "#/definitions/Task"}));
                        v["definitions"]["Task"]["required"] = json!(["id", "parent"]);
                    })
                },
                || with_swagger(|v| task_prop(v, "parent", json!({"$ref": "#/definitions/Task"}))),
            ),
            Case::new(
                &SCH_06,
                || with_swagger(|v| v["definitions"]["NewTask"]["properties"] = props(600)["properties"].clone()),
                || with_swagger(|v| v["definitions"]["NewTask"]["properties"] = props(400)["properties"].clone()),
            ),
            Case::new(
                &SCH_06,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["200"]["schema"] = nested(15);
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["200"]["schema"] = nested(14);
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &SCH_07,
                || with_swagger(|v| task_prop(v, "tags", json!({"type": "array"}))),
                || {
                    with_swagger(|v| {
                        task_prop(
                            v,
                            "tags",
                            json!({"type": "array", "items": {"type": "string"}}),
                        );
                    })
                },
            ),
            Case::new(
                &SCH_08,
                || with_swagger(|v| v["definitions"]["NewTask"]["required"] = json!(["titel"])),
                || with_swagger(|v| v["definitions"]["NewTask"]["required"] = json!(["title"])),
            ),
            Case::new(
                &SCH_08,
                || {
                    with_swagger(|v| {
                        task_prop(
                            v,
                            "tags",
                            json!({"type": "array", "items": {"type": "string"}, "required": ["x"]}),
                        );
                    })
                },
                || {
                    with_swagger(|v| {
                        task_prop(
                            v,
                            "tags",
                            json!({"type": "array", "items": {"type": "string"}}),
                        );
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &SCH_09,
                || {
                    with_swagger(|v| {
                        v["definitions"]["NewTask"]["properties"]["projectId"]["readOnly"] =
                            true.into();
                    })
                },
                || {
                    with_swagger(|v| {
                        v["definitions"]["Task"]["properties"]["id"]["readOnly"] = true.into();
                    })
                },
            ),
            Case::new(
                &SCH_10,
                || {
                    with_swagger(|v| {
                        v["definitions"]["NewTask"]["properties"]["status"]["enum"] =
                            json!(["open", "done", "open"]);
                    })
                },
                || {
                    with_swagger(|v| {
                        v["definitions"]["NewTask"]["properties"]["status"]["enum"] =
                            json!(["open", "done", "Open"]);
                    })
                },
            ),
            Case::new(
                &SCH_10,
                || {
                    with_swagger(|v| {
                        task_prop(v, "priority", json!({"type": "integer", "enum": [1, "2"]}));
                    })
                },
                || {
                    with_swagger(|v| {
                        task_prop(v, "priority", json!({"type": "integer", "enum": [1, 2.0]}));
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &SCH_11,
                || {
                    with_swagger(|v| {
                        task_prop(v, "priority", json!({"type": "integer", "default": "1"}));
                    })
                },
                || {
                    with_swagger(|v| {
                        task_prop(v, "priority", json!({"type": "integer", "default": 1}));
                    })
                },
            ),
            Case::new(
                &SCH_12,
                || {
                    with_swagger(|v| {
                        task_prop(
                            v,
                            "code",
                            json!({"type": "string", "minLength": 5, "maxLength": 2}),
                        );
                    })
                },
                || {
                    with_swagger(|v| {
                        task_prop(
                            v,
                            "code",
                            json!({"type": "string", "minLength": 2, "maxLength": 5}),
                        );
                    })
                },
            ),
            Case::new(
                &SCH_12,
                || {
                    with_swagger(|v| {
                        task_prop(
                            v,
                            "extra",
                            json!({"type": "object", "additionalProperties": {"type": "string"},
                                   "minProperties": 3, "maxProperties": 1}),
                        );
                    })
                },
                || {
                    with_swagger(|v| {
                        task_prop(
                            v,
                            "extra",
                            json!({"type": "object", "additionalProperties": {"type": "string"},
                                   "minProperties": 1, "maxProperties": 3}),
                        );
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &SCH_13,
                || {
                    with_swagger(|v| {
                        task_prop(v, "code", json!({"type": "string", "pattern": "([A-Z]+"}));
                    })
                },
                || {
                    with_swagger(|v| {
                        task_prop(v, "code", json!({"type": "string", "pattern": "([A-Z]+)"}));
                    })
                },
            ),
            Case::new(
                &SCH_13,
                || {
                    with_swagger(|v| {
                        task_prop(v, "code", json!({"type": "string", "pattern": "^\\q+$"}));
                    })
                },
                || {
                    with_swagger(|v| {
                        task_prop(v, "code", json!({"type": "string", "pattern": "^\\d+$"}));
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &SCH_14,
                || with_swagger(|v| task_prop(v, "code", json!({"type": "str"}))),
                || with_swagger(|v| task_prop(v, "code", json!({"type": "string"}))),
            ),
            Case::new(
                &SCH_14,
                || {
                    with_swagger(|v| {
                        task_prop(v, "count", json!({"type": "number", "format": "integer"}));
                    })
                },
                || {
                    with_swagger(|v| {
                        task_prop(v, "count", json!({"type": "integer", "format": "int32"}));
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &SCH_14,
                || {
                    with_swagger(|v| {
                        task_prop(v, "phone", json!({"type": "string", "format": "phone"}));
                    })
                },
                || {
                    with_swagger(|v| {
                        task_prop(v, "phone", json!({"type": "string", "format": "uuid"}));
                    })
                },
            )
            .reported_as(I),
            Case::new(
                &SCH_15,
                || {
                    with_swagger(|v| {
                        task_prop(v, "note", json!({"type": "string", "nullable": true}));
                    })
                },
                || {
                    with_swagger(|v| {
                        task_prop(v, "note", json!({"type": "string", "x-nullable": true}));
                    })
                },
            ),
            Case::new(
                &SCH_15,
                || {
                    with_swagger(|v| {
                        task_prop(
                            v,
                            "tags",
                            json!({"type": "array", "items": {"type": "string"}, "uniqueItems": true}),
                        );
                    })
                },
                || {
                    with_swagger(|v| {
                        task_prop(
                            v,
                            "tags",
                            json!({"type": "array", "items": {"type": "string"}}),
                        );
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &SCH_16,
                || with_swagger(|v| new_task_prop(v, "file", json!({"type": "file"}))),
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks/{taskId}"]["get"]["responses"]["200"]["schema"] =
                            json!({"type": "file"});
                    })
                },
            ),
            Case::new(
                &SCH_16,
                || {
                    with_swagger(|v| {
                        new_task_prop(v, "file", json!({"type": "string", "format": "binary"}));
                    })
                },
                || {
                    with_swagger(|v| {
                        new_task_prop(v, "file", json!({"type": "string", "format": "byte"}));
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &SCH_17,
                || with_swagger(|v| v["definitions"]["Task"]["discriminator"] = "kind".into()),
                || with_swagger(|v| v["definitions"]["Task"]["discriminator"] = "id".into()),
            ),
        ]
    }

    fn run(v: &serde_json::Value) -> Vec<(String, Severity)> {
        run_msgs(v).into_iter().map(|(c, s, _)| (c, s)).collect()
    }

    fn run_msgs(v: &serde_json::Value) -> Vec<(String, Severity, String)> {
        let f = json_file("apiDefinition.swagger.json", &v.to_string());
        let def = Definition::new(&f, Origin::SourceFolder).unwrap();
        let mut sink = Sink::new();
        check(&mut sink, &def);
        sink.diagnostics()
            .iter()
            .map(|d| (d.code.clone(), d.severity, d.message.clone()))
            .collect()
    }

    #[test]
    fn good_is_silent() {
        assert!(
            run(&good_swagger()).is_empty(),
            "{:?}",
            run_msgs(&good_swagger())
        );
    }

    #[test]
    fn the_total_count_is_a_warning() {
        let mut v = good_swagger();
        v["definitions"]["Unused"] = props(3100);
        assert_eq!(run(&v), one("SCH-06", W));
        let mut v = good_swagger();
        v["definitions"]["Unused"] = props(3000);
        assert!(run(&v).is_empty());
    }

    /// D0 → D1 → … → D19, each twice: 2^20 nodes expanded, 60 written.
    fn dag(levels: usize) -> serde_json::Value {
        let mut defs = serde_json::Map::new();
        for i in 0..levels {
            defs.insert(
                format!("D{i}"),
                json!({"type": "object", "properties": {
                    "a": {"$ref": format!("#/definitions/D{}", i + 1)},
                    "b": {"$ref": format!("#/definitions/D{}", i + 1)}}}),
            );
        }
        defs.insert(format!("D{levels}"), json!({"type": "string"}));
        serde_json::Value::Object(defs)
    }

    #[test]
    fn counts_are_memoised_and_exact() {
        let f = json_file("a.json", &json!({ "definitions": dag(20) }).to_string());
        let def = Definition::new(&f, Origin::SourceFolder).unwrap();
        let mut s = Sizer::new(&def);
        let d0 = def.root.pointer("/definitions/D0").unwrap();
        let start = std::time::Instant::now();
        let (n, h) = s.measure(d0);
        assert_eq!(n, (1 << 21) - 1, "a full binary tree of 21 levels");
        assert_eq!(h, 20, "one level per property; a `$ref` is its target");
        assert!(s.memo.len() < 100, "each written node is counted once");
        assert!(start.elapsed().as_secs() < 2);
        // 60 levels: the count saturates instead of overflowing
        let f = json_file("a.json", &json!({ "definitions": dag(70) }).to_string());
        let def = Definition::new(&f, Origin::SourceFolder).unwrap();
        let d0 = def.root.pointer("/definitions/D0").unwrap();
        assert_eq!(Sizer::new(&def).measure(d0).0, u64::MAX);
    }

    #[test]
    fn counts_cut_cycles() {
        let f = json_file(
            "a.json",
            &json!({"definitions": {
                "Node": {"type": "object", "properties": {
                    "next": {"$ref": "#/definitions/Node"}, "name": {"type": "string"}}},
                "A": {"$ref": "#/definitions/B"}, "B": {"$ref": "#/definitions/A"}}})
            .to_string(),
        );
        let def = Definition::new(&f, Origin::SourceFolder).unwrap();
        let mut s = Sizer::new(&def);
        let node = def.root.pointer("/definitions/Node").unwrap();
        assert_eq!(s.measure(node), (3, 1), "Node, name and the cut `next`");
        let a = def.root.pointer("/definitions/A").unwrap();
        assert_eq!(s.measure(a), (1, 0));
    }

    #[test]
    fn the_operation_limit_counts_expanded_responses() {
        let mut v = good_swagger();
        let defs = v["definitions"].as_object_mut().unwrap();
        for (k, d) in dag(14).as_object().unwrap() {
            defs.insert(k.clone(), d.clone());
        }
        v["paths"]["/tasks"]["get"]["responses"]["200"]["schema"] =
            json!({"$ref": "#/definitions/D0"});
        let found = run_msgs(&v);
        assert!(
            found
                .iter()
                .any(|(c, s, m)| c == "SCH-06" && *s == E && m.contains("`ListTasks` has 32")),
            "{found:?}"
        );
        let mut v = good_swagger();
        let defs = v["definitions"].as_object_mut().unwrap();
        for (k, d) in dag(12).as_object().unwrap() {
            defs.insert(k.clone(), d.clone());
        }
        v["paths"]["/tasks"]["get"]["responses"]["200"]["schema"] =
            json!({"$ref": "#/definitions/D0"});
        assert!(!run(&v).iter().any(|(c, s)| c == "SCH-06" && *s == E));
    }

    #[test]
    fn required_loops_through_inline_schemas_and_allof() {
        let mut v = good_swagger();
        v["definitions"]["A"] = json!({"type": "object", "required": ["b"],
            "properties": {"b": {"type": "object", "required": ["c"],
                "properties": {"c": {"$ref": "#/definitions/B"}}}}});
        v["definitions"]["B"] = json!({"allOf": [{"$ref": "#/definitions/A"}]});
        let found = run_msgs(&v);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].2.contains("`A` → `B` → `A`"), "{}", found[0].2);
        // an optional step breaks the loop
        v["definitions"]["A"]
            .as_object_mut()
            .unwrap()
            .remove("required");
        assert!(run(&v).is_empty(), "{:?}", run_msgs(&v));
        // so does an array
        let mut v = good_swagger();
        v["definitions"]["A"] = json!({"type": "object", "required": ["b"],
            "properties": {"b": {"type": "array", "items": {"$ref": "#/definitions/A"}}}});
        assert!(run(&v).is_empty(), "{:?}", run_msgs(&v));
        // a loop of aliases only is SCH-03's; one step through a property makes it SCH-05's
        let alias = |to: usize, at: &str| (to, at.to_owned(), true);
        let prop = |to: usize, at: &str| (to, at.to_owned(), false);
        assert!(loops(&[vec![alias(1, "a")], vec![alias(0, "b")]]).is_empty());
        assert_eq!(
            loops(&[vec![prop(1, "a")], vec![alias(0, "b")]]),
            vec![(vec![Some(0), Some(1)], "b".to_owned())]
        );
        let edges = vec![vec![prop(1, "a")], vec![prop(0, "b"), prop(1, "c")]];
        let found = loops(&edges);
        assert_eq!(
            found,
            vec![
                (vec![Some(0), Some(1)], "b".to_owned()),
                (vec![Some(1)], "c".to_owned())
            ]
        );
    }

    #[test]
    fn references_by_position() {
        let mut v = good_swagger();
        v["parameters"] = json!({"Top": {"name": "top", "in": "query", "type": "integer"}});
        let ps = v["paths"]["/tasks"]["get"]["parameters"]
            .as_array_mut()
            .unwrap();
        ps.push(json!({"$ref": "#/parameters/Top"}));
        ps.push(json!({"$ref": "#/definitions/Task"}));
        ps.push(json!({"$ref": "#/parameters/Missing"}));
        ps.push(json!({"$ref": "#/parameters/a~2b"}));
        v["paths"]["/tasks"]["post"]["responses"]["404"] = json!({"$ref": "#/responses/NotFound"});
        assert_eq!(
            run(&v),
            vec![
                ("SCH-02".to_owned(), E),
                ("SCH-01".to_owned(), E),
                ("SCH-02".to_owned(), E),
                ("SCH-01".to_owned(), E),
            ],
            "{:?}",
            run_msgs(&v)
        );
        // percent-encoded names resolve
        let mut v = good_swagger();
        v["definitions"]["My Task"] =
            json!({"type": "object", "properties": {"a": {"type": "string"}}});
        task_prop(&mut v, "other", json!({"$ref": "#/definitions/My%20Task"}));
        assert!(run(&v).is_empty(), "{:?}", run_msgs(&v));
    }

    #[test]
    fn aliases_of_each_kind_and_their_loops() {
        let mut v = good_swagger();
        v["definitions"]["A"] = json!({"$ref": "#/definitions/B"});
        v["definitions"]["B"] = json!({"$ref": "#/definitions/A"});
        v["responses"] =
            json!({"Fail": {"$ref": "#/responses/Fail2"}, "Fail2": {"description": "x"}});
        let found = run_msgs(&v);
        let codes: Vec<&str> = found.iter().map(|(c, _, _)| c.as_str()).collect();
        assert_eq!(codes, ["SCH-03", "SCH-03", "SCH-03"], "{found:?}");
        assert!(found[0].2.contains("loops back"));
        assert!(!found[2].2.contains("loops back"));
    }

    #[test]
    fn parameters_get_the_keyword_checks() {
        let mut v = good_swagger();
        let p = &mut v["paths"]["/tasks"]["get"]["parameters"][1];
        p["type"] = "array".into();
        p.as_object_mut().unwrap().remove("enum");
        assert_eq!(run(&v), one("SCH-07", E));
        let mut v = good_swagger();
        let p = &mut v["paths"]["/tasks"]["get"]["parameters"][1];
        p["type"] = "array".into();
        p.as_object_mut().unwrap().remove("enum");
        p["items"] = json!({"type": "string", "enum": []});
        assert_eq!(run(&v), one("SCH-10", E));
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["parameters"][1]["default"] = json!(3);
        assert_eq!(run(&v), one("SCH-11", W));
    }

    #[test]
    fn unique_lists_and_required_repeats() {
        let mut v = good_swagger();
        v["consumes"] = json!(["application/json", "application/json"]);
        v["paths"]["/tasks"]["get"]["tags"] = json!(["Tasks", "Tasks"]);
        v["definitions"]["Task"]["required"] = json!(["id", "id"]);
        assert_eq!(run(&v), vec![("SCH-10".to_owned(), E); 3]);
    }

    #[test]
    fn read_only_is_found_through_refs_once() {
        let mut v = good_swagger();
        v["definitions"]["Id"] = json!({"type": "string", "readOnly": true});
        v["definitions"]["NewTask"]["properties"]["projectId"] =
            json!({"$ref": "#/definitions/Id"});
        // NewTask is the body of two operations: one finding where it is written
        assert_eq!(run(&v), one("SCH-09", E));
    }

    #[test]
    fn files_and_binaries_by_place() {
        // a definition of type file is fine as a response, not as a body
        let mut v = good_swagger();
        v["definitions"]["Blob"] = json!({"type": "file"});
        v["paths"]["/tasks/{taskId}"]["get"]["responses"]["200"]["schema"] =
            json!({"$ref": "#/definitions/Blob"});
        assert!(run(&v).is_empty(), "{:?}", run_msgs(&v));
        v["paths"]["/tasks"]["post"]["parameters"][0]["schema"] =
            json!({"$ref": "#/definitions/Blob"});
        assert_eq!(run(&v), one("SCH-16", E));
        // a binary body is fine; a binary property brought in by a `$ref` is not
        let mut v = good_swagger();
        v["definitions"]["Bytes"] = json!({"type": "string", "format": "binary"});
        v["paths"]["/tasks"]["post"]["parameters"][0]["schema"] =
            json!({"$ref": "#/definitions/Bytes"});
        assert!(run(&v).is_empty(), "{:?}", run_msgs(&v));
        new_task_prop(&mut v, "content", json!({"$ref": "#/definitions/Bytes"}));
        assert_eq!(run(&v), one("SCH-16", W));
    }

    #[test]
    fn discriminator_in_allof_parts() {
        let mut v = good_swagger();
        v["definitions"]["Pet"] = json!({"discriminator": "kind", "allOf": [
            {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}]});
        assert!(run(&v).is_empty(), "{:?}", run_msgs(&v));
        v["definitions"]["Pet"]["allOf"][0]["properties"]["kind"]["type"] = "integer".into();
        let found = run_msgs(&v);
        assert_eq!(found.len(), 1);
        assert!(found[0].2.contains("not `type: string`"), "{}", found[0].2);
    }

    #[test]
    fn constraints_and_exclusive_bounds() {
        for (schema, code) in [
            (
                json!({"type": "integer", "exclusiveMaximum": true}),
                Some(("SCH-12", E)),
            ),
            (
                json!({"type": "integer", "exclusiveMaximum": true, "maximum": 3}),
                None,
            ),
            (
                json!({"type": "integer", "multipleOf": 0}),
                Some(("SCH-12", E)),
            ),
            (
                json!({"type": "array", "items": {"type": "string"}, "maxItems": -1}),
                Some(("SCH-12", E)),
            ),
            (json!({"type": "integer", "minimum": 3, "maximum": 3}), None),
            (
                json!({"type": "string", "pattern": "a**"}),
                Some(("SCH-13", E)),
            ),
        ] {
            let mut v = good_swagger();
            task_prop(&mut v, "x", schema.clone());
            let expected = code.map(|(c, s)| one(c, s)).unwrap_or_default();
            assert_eq!(run(&v), expected, "{schema}");
        }
    }

    #[test]
    fn regex_syntax_takes_merged_patterns() {
        // patterns of connectors merged since 2023
        for p in [
            "(<|<=|>=|>)",
            "(?=^.{5,254}$)([a-zA-Z0-9+*.&+\\-_`~|$%\\^?!'#={}\\/])+@([a-zA-Z0-9+*.&+\\-_`~|$%\\^?!'#={}\\/]+\\.)+[a-zA-Z0-9+*.&+\\-_`~|$%\\^?!'#={}\\/]{2,}$",
            "(\\s*([0-9a-zA-Z\\+\\=]){4}\\s*)+",
            "[ \\r\\n\\t\\S]+",
            "[^\\s]+(\\s[^\\s]+)*",
            "\\s*(\\S|\\s)*",
            "^(?!\\s*$)[*()&\\-_|@$%^?:{}!#+<>;=\\/\\s'.`~\",\\]\\[(\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF)|\\w]+$",
            "^(?:(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?))$",
            "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$",
            "^[-\\w]+$",
            "^[\\u0021-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF]*$",
            "^[a-zA-ZÀ-ž\\u0370-\\u03FF\\u0400-\\u04FF0-9_()+\\-*/. %]*$",
            "yyyy-MM-dd hh:mm:ss.fff",
            "(?i)abc",
            "(?<year>\\d{4})-\\k<year>",
            "a{,3}",
            "x*?y+?z??",
            "[]a]",
            "(?#comment)a",
        ] {
            assert_eq!(regex_syntax(p), Ok(()), "{p}");
        }
        for p in [
            "(a", "a)", "[a-", "*a", "a**", "a{3,1}", "(?P<x>a)", "[z-a]", "a|+", "\\", "(?<x",
        ] {
            assert!(
                matches!(regex_syntax(p), Err(Bad::Invalid(_))),
                "{p}: {:?}",
                regex_syntax(p)
            );
        }
        for p in ["\\q", "\\_", "\\x4", "\\p", "[\\y]"] {
            assert!(
                matches!(regex_syntax(p), Err(Bad::Dotnet(_))),
                "{p}: {:?}",
                regex_syntax(p)
            );
        }
    }

    #[test]
    fn pointers_and_percent_escapes() {
        assert!(pointer_syntax("/definitions/a~1b~0c").is_ok());
        assert!(pointer_syntax("/definitions/a~2").is_err());
        assert!(pointer_syntax("/definitions/a~").is_err());
        assert!(pointer_syntax("definitions/a").is_err());
        assert_eq!(percent_decoded("/a%20b%C3%A9").as_deref(), Some("/a bé"));
        assert_eq!(percent_decoded("/a%2"), Some("/a%2".to_owned()));
        assert_eq!(percent_decoded("/a%FF"), None);
        assert_eq!(label("/short"), "/short");
        let long = format!("/{}", "é".repeat(100));
        assert_eq!(label(&long).chars().count(), 60);
    }

    #[test]
    fn hostile_inputs_stay_linear() {
        // a chain of 3,000 required definitions, each also requiring the first back
        let mut v = good_swagger();
        let n = 3000;
        for i in 0..n {
            v["definitions"][format!("D{i}")] = json!({"type": "object", "required": ["next", "first"],
                "properties": {"next": {"$ref": format!("#/definitions/D{}", (i + 1) % n)},
                               "first": {"$ref": "#/definitions/D0"}}});
        }
        // a pattern that makes naive scanners quadratic, and a deep nesting
        task_prop(
            &mut v,
            "code",
            json!({"type": "string", "pattern": "\\p{".repeat(30_000)}),
        );
        v["definitions"]["Deep"] = nested(120);
        let start = std::time::Instant::now();
        let found = run(&v);
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
        assert!(found.iter().filter(|(c, _)| c == "SCH-05").count() >= n);
    }

    #[test]
    fn findings_fold_past_three() {
        let mut v = good_swagger();
        for i in 0..5 {
            task_prop(
                &mut v,
                &format!("p{i}"),
                json!({"type": "integer", "default": "1"}),
            );
        }
        let found = run_msgs(&v);
        assert_eq!(found.len(), 1);
        assert!(found[0].2.starts_with("5 defaults"), "{}", found[0].2);
    }
}
