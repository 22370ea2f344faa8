//! Breaking changes between two versions of a connector (BRK-01…30; BRK-31…36, for
//! Power Query, in [`pq`]): what an update changes, from the point of view of the
//! flows and apps already built on the certified version — updates-and-breaking-changes.md §3 and §6.
//!
//! Operations are matched by `operationId` (Microsoft's validator names every
//! finding `operation/<operationId>/…`), then by path and verb (a renamed
//! operationId, BRK-02); parameters by (`name`, `in`); body, `2xx` and
//! `x-ms-notification-content` schemas are walked with their `$ref`s followed, for
//! the comparison only (places are reported where things are written), through
//! [`Definition::walk`], under one node budget for the whole comparison. Key order
//! never matters. Each finding names both places: `location` in the new version
//! (for something removed, the nearest place that still exists) and `previous` in
//! the old one.
//!
//! Severities: the changes Microsoft's breaking-change validator reports (its
//! messages V1–V8 are quoted, with their ValuePath) are errors; the changes the
//! documentation calls breaking without a known validator message, and the
//! "maybe" rows, are warnings; the additive and text changes are notes (they feed the
//! changelog and the classification). A breaking change on an operation that is kept
//! at its path and verb, marked `deprecated: true` or `x-ms-visibility:
//! advanced|internal`, with a new operation of its `x-ms-api-annotation.family` at
//! `revision` + 1, is reported as a warning: "breaking, mitigated by versioning".
//!
//! BRK-18 (the authentication type changed) is reported under its older, stable
//! code PRP-08 ([`properties::check_auth_unchanged`], which compares the connection
//! parameters and the swagger's `securityDefinitions` types). BRK-22 (a behaviour
//! change without a schema change) is listed with `offline: false`: nothing in the
//! files shows it.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::connector::{ConnectorFiles, JsonFile, Origin};
use crate::model::{Diagnostic, Location, Severity};
use crate::read::json::{Kind, Value};
use crate::rules::content::definition::{Definition, METHODS, Op, Param, Step, is_success};
use crate::rules::content::properties;
use crate::rules::content::util::ptr;
use crate::rules::{Rule, Sink};

const VER: Option<&str> =
    Some("https://learn.microsoft.com/en-us/connectors/custom-connectors/operational-versioning");
const UPD: Option<&str> =
    Some("https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-updates");
const PQ_DATA: Option<&str> =
    Some("https://learn.microsoft.com/en-us/power-query/handling-data-access");
const PQ_VER: Option<&str> =
    Some("https://learn.microsoft.com/en-us/power-query/handling-versioning");
const DEP: Option<&str> =
    Some("https://learn.microsoft.com/en-us/connectors/custom-connectors/deprecate-operation");

rules! {
    BRK_01 {
        code: "BRK-01",
        severity: Error,
        scope: Update,
        title: "No operation is removed",
        explanation: "Flows and apps call an operation by its `operationId`: when it is gone they break, and \
            Microsoft's breaking-change validator fails the pull request (“The operation has been deleted.”). \
            Keep the operation: mark it `deprecated: true` with “(deprecated)” in its summary and description, or \
            hide it with `x-ms-visibility: internal`; add its replacement as a new operation with the same \
            `x-ms-api-annotation.family` and `revision` + 1; give users at least 30 days' notice.",
        url: VER,
    }
    BRK_02 {
        code: "BRK-02",
        severity: Error,
        scope: Update,
        title: "No operationId is renamed",
        explanation: "An operation found at the same path and verb under another `operationId` is, for flows and \
            for Microsoft's validator, a deleted operation (“The operation has been deleted.”). Keep the old \
            `operationId` and change only the `summary`, which is the name users see; when a new id cannot be \
            avoided, keep the old operation beside the new one as for BRK-01.",
        url: VER,
    }
    BRK_03 {
        code: "BRK-03",
        severity: Error,
        scope: Update,
        title: "No operation's path template changes",
        explanation: "Microsoft's validator reports “The path template has been changed for the operation.”: \
            existing flows call the old URL. Keep the operation at its path and add a new operation (a new \
            `operationId` such as `…_V2` at the new path, same family, `revision` + 1); mark the old one \
            `x-ms-visibility: advanced`, later `deprecated: true`.",
        url: VER,
    }
    BRK_04 {
        code: "BRK-04",
        severity: Warning,
        scope: Update,
        title: "No operation's HTTP verb changes",
        explanation: "An operation is its path and verb as well as its `operationId`; existing flows send the old \
            verb. Add a new operation instead, as for BRK-03. No validator message is known for it, so this is a \
            warning.",
        url: VER,
    }
    BRK_05 {
        code: "BRK-05",
        severity: Error,
        scope: Update,
        title: "No parameter moves to another location",
        explanation: "Microsoft's validator reports “The location has been changed for the parameter. Existing \
            flows will continue to send the parameter in the old location.” Keep the parameter's `in`; accept \
            both places in the service, or add a new revision of the operation.",
        url: VER,
    }
    BRK_06 {
        code: "BRK-06",
        severity: Warning,
        scope: Update,
        title: "No parameter or body property is removed",
        explanation: "Existing flows still send it and expect it to mean what it meant. Keep it (it may become \
            `x-ms-visibility: internal` with a `default` and be ignored by the service), or add a new revision. \
            Microsoft's documentation calls removing parameters breaking, but no message of its validator for \
            it is known, so certpack reports a warning.",
        url: VER,
    }
    BRK_07 {
        code: "BRK-07",
        severity: Warning,
        scope: Update,
        title: "No optional input becomes required",
        explanation: "Existing flows may leave it out. Keep it optional with a default in the service, or add a \
            new revision of the operation.",
        url: VER,
    }
    BRK_08 {
        code: "BRK-08",
        severity: Error,
        scope: Update,
        title: "No required input is added",
        explanation: "Microsoft's validator reports “The required input field has been added. Existing flows will \
            not send this new field.” Make the new input optional with a default in the service, or `required` \
            with `x-ms-visibility: internal` and a `default`, or add a new revision of the operation.",
        url: VER,
    }
    BRK_09 {
        code: "BRK-09",
        severity: Warning,
        scope: Update,
        title: "No input changes its type or format",
        explanation: "Existing flows send values of the old type. Add the new type as a new parameter or property, \
            or add a new revision of the operation.",
        url: VER,
    }
    BRK_10 {
        code: "BRK-10",
        severity: Error,
        scope: Update,
        title: "No enum list is added to an existing input",
        explanation: "Microsoft's validator reports “The list of enum values has been added to the input field. \
            Existing flows may use values outside of this list.” Suggest values with `x-ms-dynamic-values` or in \
            the description instead, or add a new revision of the operation.",
        url: VER,
    }
    BRK_11 {
        code: "BRK-11",
        severity: Warning,
        scope: Update,
        title: "No input loses an enum value or changes its default",
        explanation: "Existing flows may send the value that is no longer listed, or rely on the old default. Keep \
            accepting the old values and keep the old default, or add a new revision.",
        url: VER,
    }
    BRK_12 {
        code: "BRK-12",
        severity: Warning,
        scope: Update,
        title: "No visible input becomes internal without a default",
        explanation: "An internal input is never shown, so nothing fills it in: give it a `default` before hiding \
            it.",
        url: VER,
    }
    BRK_13 {
        code: "BRK-13",
        severity: Error,
        scope: Update,
        title: "No response property is removed",
        explanation: "Microsoft's validator reports “The output field has been deleted. Existing flows may be \
            broken if they are using this field and actual payload has been changed.” Keep returning the property \
            (say “(deprecated)” in its description) or add a new revision of the operation.",
        url: VER,
    }
    BRK_14 {
        code: "BRK-14",
        severity: Error,
        scope: Update,
        title: "No response property changes its type",
        explanation: "Microsoft's validator reports “The type has been changed for the output field. Existing flows \
            may be broken if they are using this field and actual payload has been changed.” Add a property with \
            the new type and keep the old one, or add a new revision of the operation.",
        url: VER,
    }
    BRK_15 {
        code: "BRK-15",
        severity: Error,
        scope: Update,
        title: "No response property changes its format",
        explanation: "Microsoft's validator reports “The type format has been changed for the output field. \
            Existing flows may be broken if they are using this field and actual payload has been changed.” Add a \
            property with the new format and keep the old one, or add a new revision of the operation.",
        url: VER,
    }
    BRK_16 {
        code: "BRK-16",
        severity: Warning,
        scope: Update,
        title: "The success response keeps its status code and schema",
        explanation: "Flows read the outputs the success response describes. A schema removed or made dynamic, or \
            another success status code, changes what they get: add a new revision of the operation instead.",
        url: VER,
    }
    BRK_17 {
        code: "BRK-17",
        severity: Warning,
        scope: Update,
        title: "A trigger keeps its kind and shape",
        explanation: "Existing flows were registered with the trigger as it was: polling or webhook, `single` or \
            `batch`, its callback parameter (`x-ms-notification-url`). Add a new trigger with a new \
            `operationId` and deprecate the old one.",
        url: VER,
    }
    BRK_19 {
        code: "BRK-19",
        severity: Warning,
        scope: Update,
        title: "host and basePath are unchanged",
        explanation: "Every existing connection calls the service at `host` + `basePath`. Keep the old address \
            working (a redirect), or agree the move with Microsoft before the update.",
        url: UPD,
    }
    BRK_20 {
        code: "BRK-20",
        severity: Warning,
        scope: Update,
        title: "No connection parameter is added as required, removed or changed",
        explanation: "Existing connections were created with the old connection parameters and lack a value for a \
            new required one. Make a new parameter optional with a default, and keep the others and their \
            parameter sets as they were. (A change of the authentication type itself is PRP-08.)",
        url: UPD,
    }
    BRK_21 {
        code: "BRK-21",
        severity: Warning,
        scope: Update,
        title: "Policy templates are unchanged",
        explanation: "Policies rewrite every call of existing connections; whether a change breaks them is not \
            documented. Test the update with connections made on the certified version in the preview \
            environment, and say what changed in the changelog.",
        url: UPD,
    }
    BRK_22 {
        code: "BRK-22",
        severity: Warning,
        scope: Update,
        title: "No behaviour changes without a schema change",
        explanation: "What an operation does can change without a line of its definition changing — “the most \
            precarious” case, Microsoft says. No tool can see it: add a new revision when the change is not \
            trivial, and say it in the changelog.",
        url: VER,
        offline: false,
    }
    BRK_23 {
        code: "BRK-23",
        severity: Info,
        scope: Update,
        title: "An operation was added",
        explanation: "Not breaking: existing flows do not use it. It makes the update a major one.",
        url: VER,
    }
    BRK_24 {
        code: "BRK-24",
        severity: Info,
        scope: Update,
        title: "An optional input was added",
        explanation: "Not breaking, but “must be carefully considered”, Microsoft says: existing flows do not send \
            it, so give it a sensible default in the service.",
        url: VER,
    }
    BRK_25 {
        code: "BRK-25",
        severity: Info,
        scope: Update,
        title: "A response property was added",
        explanation: "Not breaking: more data is returned, and existing flows ignore it.",
        url: VER,
    }
    BRK_26 {
        code: "BRK-26",
        severity: Info,
        scope: Update,
        title: "An operation was deprecated or hidden",
        explanation: "Not breaking: flows that use it keep working, and the designer hides it for new use. Give \
            users at least 30 days' notice and tell Microsoft's connector support team.",
        url: DEP,
    }
    BRK_27 {
        code: "BRK-27",
        severity: Info,
        scope: Update,
        title: "A new revision of an operation was added",
        explanation: "Not breaking: the new revision shares the old operation's `x-ms-api-annotation.family` and \
            the old one stays.",
        url: VER,
    }
    BRK_28 {
        code: "BRK-28",
        severity: Info,
        scope: Update,
        title: "An operation went from Preview to Production",
        explanation: "Not breaking. Microsoft expects at least 80% successful calls and 99.9% reliability for \
            three weeks before an operation is `Production`.",
        url: VER,
    }
    BRK_29 {
        code: "BRK-29",
        severity: Info,
        scope: Update,
        title: "Text, README or icon changed",
        explanation: "Not breaking. Descriptions, summaries, the contact, the apiProperties description, tooltip, \
            `iconBrandColor`, `publisher` and `stackOwner`, the README and the icon are Microsoft's minor-update \
            list: an update that changes only those is a minor one (about 4–5 weeks instead of 6–10).",
        url: UPD,
    }
    BRK_30 {
        code: "BRK-30",
        severity: Info,
        scope: Update,
        title: "A change outside the minor-update list that breaks nothing",
        explanation: "Not breaking for flows, but not in Microsoft's minor-update list either (the title \
            `info.title`, a display name, the script, anything but descriptions, summaries, the contact, the \
            README, the icon and the apiProperties texts): the update is a major one (about 6–10 weeks).",
        url: UPD,
    }
    BRK_31 {
        code: "BRK-31",
        severity: Warning,
        scope: Update,
        title: "No shared function or Data Source Kind of a Power Query connector is renamed or removed",
        explanation: "Queries call a shared function by its name, and Power Query keeps credentials per Data \
            Source Kind: when either is gone, existing reports fail to refresh and users must sign in again. Keep \
            the old name as a shared alias of the new one, and raise the major version when it cannot be kept. \
            Inferred from Microsoft's data-access and versioning pages, so a warning.",
        url: PQ_DATA,
    }
    BRK_32 {
        code: "BRK-32",
        severity: Warning,
        scope: Update,
        title: "The required parameters of a Power Query data source function are unchanged",
        explanation: "Power Query identifies a data source, and finds its stored credentials, by the data source \
            function's required parameters: their names, types and order (a parameter whose type carries \
            `DataSource.Path = false` is not part of the path). Changing them changes every data source path, so \
            existing queries and credentials stop matching. A required parameter outside the path still takes an \
            argument: adding, removing or moving one breaks the queries that call the function, though \
            credentials still match. Add new inputs as `optional` parameters or as fields of a final `optional \
            options as record`; otherwise raise the major version.",
        url: PQ_DATA,
    }
    BRK_33 {
        code: "BRK-33",
        severity: Warning,
        scope: Update,
        title: "No authentication kind of a Power Query Data Source Kind is removed",
        explanation: "Credentials stored with a removed authentication kind stop working, and users must sign in \
            again another way. Keep the kind and add new ones next to it; raise the major version when it must go.",
        url: PQ_DATA,
    }
    BRK_34 {
        code: "BRK-34",
        severity: Warning,
        scope: Update,
        title: "No navigation item or column of a Power Query connector is removed, renamed or retyped",
        explanation: "Reports are built on the navigation table's items and the columns of what they return: when \
            one is removed, renamed or changes its type, reports must be rebuilt, which Power Query versioning \
            calls a major change. Keep the old items and columns and add new ones. The navigation table is built \
            when the connector runs, so certpack cannot see it: compare the test queries' results by hand.",
        url: PQ_VER,
        offline: false,
    }
    BRK_35 {
        code: "BRK-35",
        severity: Info,
        scope: Update,
        title: "A Power Query connector gained a function, an optional parameter or an authentication kind",
        explanation: "Not breaking: existing queries and credentials keep working. Added functionality is a minor \
            version (`x.y+1.0`); say what is new in the changelog.",
        url: PQ_VER,
    }
    BRK_36 {
        code: "BRK-36",
        severity: Info,
        scope: Update,
        title: "A Power Query connector changed without a change of shape",
        explanation: "The section document or a `.pqm` module changed, but no shared function, required or \
            optional parameter, Data Source Kind or authentication kind did: a bug fix, which Power Query \
            versioning calls a patch (`x.y.z+1`). Say what was fixed in the changelog.",
        url: PQ_VER,
    }
}

/// The validator's messages (updates-and-breaking-changes.md §1.2), quoted exactly.
const V1: &str = "The operation has been deleted. This change breaks existing flows.";
const V2: &str = "The path template has been changed for the operation.";
const V3: &str = "The location has been changed for the parameter. Existing flows will continue to send the \
                  parameter in the old location.";
const V4: &str = "The list of enum values has been added to the input field. Existing flows may use values \
                  outside of this list.";
const V5: &str =
    "The required input field has been added. Existing flows will not send this new field.";
const V6: &str = "The output field has been deleted. Existing flows may be broken if they are using this field \
                  and actual payload has been changed.";
const V7: &str = "The type has been changed for the output field. Existing flows may be broken if they are using \
                  this field and actual payload has been changed.";
const V8: &str = "The type format has been changed for the output field. Existing flows may be broken if they \
                  are using this field and actual payload has been changed.";

/// How many schema nodes one comparison walks at most, over every schema of both
/// versions (the largest certified definition has about 3,100 written schema nodes;
/// expanded `$ref`s multiply them).
pub const COMPARE_BUDGET: usize = 500_000;
/// How many nodes of one schema are compared at most.
pub const SCHEMA_BUDGET: usize = 10_000;
/// How many value pairs the classification walks at most (beyond, the update counts
/// as major).
pub const CLASSIFY_BUDGET: usize = 4_000_000;

/// One finding of the comparison, with what the changelog needs.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub location: Location,
    pub previous: Location,
    pub message: String,
    /// Customer-facing, one sentence (action display names, no JSON paths).
    pub text: String,
    /// The operation (operationId, summary), when the change is about one.
    pub op: Option<(String, Option<String>)>,
    /// Breaking, but mitigated by versioning (then reported as a warning).
    pub mitigated: bool,
}

impl Found {
    /// A finding of `rule` at its own severity, not (yet) mitigated.
    pub(crate) fn new(
        rule: &'static Rule,
        location: Location,
        previous: Location,
        message: String,
        text: String,
        op: Option<(String, Option<String>)>,
    ) -> Found {
        Found {
            rule,
            severity: rule.severity,
            location,
            previous,
            message,
            text,
            op,
            mitigated: false,
        }
    }
}

/// What one comparison found, before it becomes a [`crate::diff::Comparison`].
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub found: Vec<Found>,
    /// Where a change outside the minor list was first seen (new-side place).
    pub major_at: Option<Location>,
    /// Where a change in the minor list was first seen.
    pub minor_at: Option<Location>,
}

/// Compares two versions of a connector: every BRK finding and PRP-08.
pub(crate) fn compare(previous: &ConnectorFiles, current: &ConnectorFiles) -> Outcome {
    let mut out = Outcome::default();
    let mut budget = COMPARE_BUDGET;
    let old_def = previous
        .swagger
        .as_ref()
        .and_then(|f| Definition::new(f, previous.origin));
    let new_def = current
        .swagger
        .as_ref()
        .and_then(|f| Definition::new(f, current.origin));
    if let (Some(old), Some(new)) = (&old_def, &new_def) {
        let mut families: HashMap<String, Vec<(i64, usize)>> = HashMap::new();
        for (i, op) in new.ops.iter().enumerate() {
            families
                .entry(family(op))
                .or_default()
                .push((revision(op), i));
        }
        let mut c = Cmp {
            old,
            new,
            found: Vec::new(),
            budget: &mut budget,
            families,
        };
        c.connector_level();
        c.operations();
        out.found.append(&mut c.found);
    }
    // PRP-08 (BRK-18): the authentication, in the properties and the swagger.
    let mut sink = Sink::new();
    properties::check_auth_unchanged(&mut sink, previous, current);
    for d in sink.into_diagnostics() {
        out.found.push(Found {
            rule: &properties::PRP_08,
            severity: d.severity,
            previous: d.previous.clone().unwrap_or_default(),
            location: d.location.clone(),
            text: "The way users sign in changed: existing connections must be created again."
                .into(),
            message: d.message,
            op: None,
            mitigated: false,
        });
    }
    connection_level(&mut out.found, previous, current);
    classify(&mut out, previous, current);
    out
}

/// Turns the findings into diagnostics (through a [`Sink`], with both places).
pub(crate) fn emit(found: &[Found]) -> Vec<Diagnostic> {
    let mut sink = Sink::new();
    for f in found {
        sink.emit_compared(
            f.rule,
            f.severity,
            f.location.clone(),
            f.previous.clone(),
            f.message.clone(),
        );
    }
    sink.into_diagnostics()
}

struct Cmp<'a, 'b> {
    old: &'b Definition<'a>,
    new: &'b Definition<'a>,
    found: Vec<Found>,
    budget: &'b mut usize,
    /// The new version's operations by family: (revision, index), computed once.
    families: HashMap<String, Vec<(i64, usize)>>,
}

/// `` `Id` (“Summary”) ``: an operation as messages name it.
fn op_name(op: &Op<'_>) -> String {
    match summary(op) {
        Some(s) => format!("`{}` (“{s}”)", op.label()),
        None => format!("`{}`", op.label()),
    }
}

fn summary<'a>(op: &Op<'a>) -> Option<&'a str> {
    op.value
        .get("summary")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// “Get items” action (or trigger): an operation as customers know it.
fn action(op: &Op<'_>) -> String {
    let what = if op.is_trigger() { "trigger" } else { "action" };
    match summary(op) {
        Some(s) => format!("the “{s}” {what}"),
        None => format!("the {} {what}", op.label()),
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn op_ref(op: &Op<'_>) -> Option<(String, Option<String>)> {
    Some((op.label(), summary(op).map(str::to_owned)))
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn visibility(v: &Value) -> String {
    str_of(v, "x-ms-visibility")
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

fn annotation<'a>(op: &Op<'a>, key: &str) -> Option<&'a Value> {
    op.value.get("x-ms-api-annotation").and_then(|a| a.get(key))
}

/// `x-ms-api-annotation.family`, else the operationId.
fn family(op: &Op<'_>) -> String {
    annotation(op, "family")
        .and_then(Value::as_str)
        .map_or_else(|| op.label(), str::to_owned)
}

/// `x-ms-api-annotation.revision`, 1 when missing.
fn revision(op: &Op<'_>) -> i64 {
    annotation(op, "revision")
        .and_then(|r| {
            r.as_f64()
                .or_else(|| r.as_str().and_then(|s| s.trim().parse().ok()))
        })
        .filter(|r| r.is_finite() && r.fract() == 0.0 && r.abs() < 1e9)
        .map_or(1, |r| {
            #[allow(clippy::cast_possible_truncation)]
            let r = r as i64;
            r
        })
}

/// Whether two values are equal, ignoring key order (the last of duplicate keys
/// counts, as parsers keep). Iterative.
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    let mut todo = vec![(a, b)];
    let mut left = SCHEMA_BUDGET * 10;
    while let Some((a, b)) = todo.pop() {
        left = left.saturating_sub(1);
        if left == 0 {
            return false;
        }
        match (&a.kind, &b.kind) {
            (Kind::Null, Kind::Null) => {}
            (Kind::Bool(x), Kind::Bool(y)) if x == y => {}
            (Kind::Number(x), Kind::Number(y)) if x == y => {}
            (Kind::String(x), Kind::String(y)) if x == y => {}
            (Kind::Array(x), Kind::Array(y)) if x.len() == y.len() => todo.extend(x.iter().zip(y)),
            (Kind::Object(x), Kind::Object(y)) => {
                let xs: BTreeMap<&str, &Value> =
                    x.iter().map(|m| (m.key.as_str(), &m.value)).collect();
                let ys: BTreeMap<&str, &Value> =
                    y.iter().map(|m| (m.key.as_str(), &m.value)).collect();
                if xs.len() != ys.len() || !xs.keys().eq(ys.keys()) {
                    return false;
                }
                todo.extend(xs.values().copied().zip(ys.values().copied()));
            }
            _ => return false,
        }
    }
    true
}

fn same_opt(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => same(a, b),
        _ => false,
    }
}

/// A short rendering of a small value for a message (`"open"`, `3`).
fn show(v: &Value) -> String {
    let s = v.to_serde().to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// The place of `pointer` in `file`, or of the nearest parent that still exists.
fn near(file: &JsonFile, pointer: &str) -> Location {
    let mut p = pointer;
    if let Some(root) = file.root() {
        while root.pointer(p).is_none() {
            match p.rsplit_once('/') {
                Some((parent, _)) => p = parent,
                None => {
                    p = "";
                    break;
                }
            }
        }
    }
    file.at(p)
}

/// The type a schema or parameter declares (`object` with `properties`, `array`
/// with `items`, when `type` is not written).
fn schema_type(v: &Value) -> Option<&str> {
    match v.get("type") {
        Some(t) => t.as_str(),
        None if v.get("properties").is_some() => Some("object"),
        None if v.get("items").is_some() => Some("array"),
        None => None,
    }
}

fn is_dynamic(v: &Value) -> bool {
    v.get("x-ms-dynamic-schema").is_some() || v.get("x-ms-dynamic-properties").is_some()
}

/// A schema node reached by a property path (`a/items/b`).
#[derive(Debug, Clone)]
struct SchemaNode<'a> {
    pointer: String,
    value: &'a Value,
    required: bool,
}

type Flat<'a> = BTreeMap<String, SchemaNode<'a>>;

/// The parent of a property path (`a/items/b` → `a/items`; `a` → ``).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(p, _)| p)
}

/// Whether an ancestor of `path` is in `set`.
fn under(path: &str, set: &HashSet<String>) -> bool {
    let mut p = path;
    while let Some((up, _)) = p.rsplit_once('/') {
        if set.contains(up) {
            return true;
        }
        p = up;
    }
    !path.is_empty() && set.contains("")
}

/// Whether the input is hidden and filled in by its default (then adding it or
/// making it required breaks nothing).
fn internal_with_default(v: &Value) -> bool {
    visibility(v) == "internal" && v.get("default").is_some()
}

fn display<'a>(v: &'a Value, fallback: &'a str) -> &'a str {
    str_of(v, "x-ms-summary")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(fallback)
}

/// Which side of an operation a schema is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Input,
    Output,
}

impl<'a, 'b> Cmp<'a, 'b> {
    fn push(
        &mut self,
        rule: &'static Rule,
        location: Location,
        previous: Location,
        message: String,
        text: String,
        op: Option<&Op<'_>>,
    ) {
        let op = op.and_then(op_ref);
        self.found
            .push(Found::new(rule, location, previous, message, text, op));
    }

    /// Walks a schema into a map of property paths, within the budgets.
    fn flatten(&mut self, def: &Definition<'a>, start: &'a Value, at: &str) -> Flat<'a> {
        let mut out: Flat<'a> = BTreeMap::new();
        // the property path of the last node seen at each depth
        let mut paths: Vec<String> = Vec::new();
        let mut count = 0usize;
        let budget = &mut *self.budget;
        def.walk(start, at, true, |node| {
            if *budget == 0 || count >= SCHEMA_BUDGET {
                return false;
            }
            *budget -= 1;
            count += 1;
            paths.truncate(node.depth);
            let up = paths.last().map_or("", String::as_str);
            let seg = match node.step {
                Step::Property(name) => Some(std::borrow::Cow::Owned(name.replace('/', "~1"))),
                Step::Items => Some("items".into()),
                Step::AdditionalProperties => Some("additionalProperties".into()),
                Step::AllOf | Step::Root => None,
            };
            let path = match seg {
                Some(seg) if up.is_empty() => seg.into_owned(),
                Some(seg) => format!("{up}/{seg}"),
                None => up.to_owned(),
            };
            paths.push(path.clone());
            out.entry(path)
                .and_modify(|n| n.required |= node.required)
                .or_insert_with(|| SchemaNode {
                    pointer: node.pointer.clone(),
                    value: node.value,
                    required: node.required,
                });
            // a dynamic schema is described at run time: nothing below it is compared
            !is_dynamic(node.value)
        });
        out
    }

    fn connector_level(&mut self) {
        let (old, new) = (self.old, self.new);
        for key in ["host", "basePath"] {
            let (a, b) = (old.root.get(key), new.root.get(key));
            if !same_opt(a, b) {
                let s = |v: Option<&Value>| v.map_or_else(|| "nothing".to_owned(), show);
                self.push(
                    &BRK_19,
                    near(new.file, &format!("/{key}")),
                    near(old.file, &format!("/{key}")),
                    format!(
                        "`{key}` changes from {} to {}: every existing connection calls the service there.",
                        s(a),
                        s(b)
                    ),
                    "The connector calls the service at a new address.".into(),
                    None,
                );
            }
        }
        let info = |d: &Definition<'a>, k: &str| d.root.get("info").and_then(|i| i.get(k));
        if !same_opt(info(old, "title"), info(new, "title")) {
            let t = |d: &Definition<'a>| {
                info(d, "title")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned()
            };
            self.push(
                &BRK_30,
                near(new.file, "/info/title"),
                near(old.file, "/info/title"),
                format!(
                    "The title changes from “{}” to “{}”: not breaking, but not in the minor-update list.",
                    t(old),
                    t(new)
                ),
                format!("The connector is now called “{}”.", t(new)),
                None,
            );
        }
        for key in ["description", "contact"] {
            if !same_opt(info(old, key), info(new, key)) {
                let p = format!("/info/{key}");
                self.push(
                    &BRK_29,
                    near(new.file, &p),
                    near(old.file, &p),
                    format!("The connector's `info.{key}` changed."),
                    if key == "contact" {
                        "Updated the support contact.".into()
                    } else {
                        "Updated the connector's description.".into()
                    },
                    None,
                );
            }
        }
        let status = |d: &Definition<'a>| {
            d.root
                .get("x-ms-api-annotation")
                .and_then(|a| str_of(a, "status"))
                .map(str::to_ascii_lowercase)
        };
        if status(old).as_deref() != Some("production")
            && status(new).as_deref() == Some("production")
        {
            self.push(
                &BRK_28,
                near(new.file, "/x-ms-api-annotation/status"),
                near(old.file, "/x-ms-api-annotation"),
                "The connector's `x-ms-api-annotation.status` is now `Production`.".into(),
                "The connector is no longer in preview.".into(),
                None,
            );
        }
    }

    /// The operation key: its operationId, or `GET /path` without one.
    fn operations(&mut self) {
        let (old, new) = (self.old, self.new);
        let mut new_by_key: HashMap<String, usize> = HashMap::new();
        let mut new_by_route: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, n) in new.ops.iter().enumerate() {
            new_by_key.entry(n.label()).or_insert(i);
            new_by_route.entry((n.path, n.method)).or_insert(i);
        }
        let old_keys: HashSet<String> = old.ops.iter().map(Op::label).collect();
        let mut seen: HashSet<String> = HashSet::new();
        let mut renamed_to: HashSet<usize> = HashSet::new();
        for o in &old.ops {
            let key = o.label();
            if !seen.insert(key.clone()) {
                continue;
            }
            match new_by_key.get(&key) {
                Some(&i) => self.surviving(o, &new.ops[i]),
                None => {
                    let renamed = new_by_route
                        .get(&(o.path, o.method))
                        .copied()
                        .filter(|&i| !old_keys.contains(&new.ops[i].label()));
                    match renamed {
                        Some(i) => {
                            renamed_to.insert(i);
                            self.renamed(o, &new.ops[i]);
                        }
                        None => self.removed(o),
                    }
                }
            }
        }
        let old_families: HashSet<String> = old.ops.iter().map(family).collect();
        let mut added: HashSet<String> = HashSet::new();
        for (i, n) in new.ops.iter().enumerate() {
            let key = n.label();
            if old_keys.contains(&key) || renamed_to.contains(&i) || !added.insert(key) {
                continue;
            }
            let fam = family(n);
            if revision(n) > 1 && fam != n.label() && old_families.contains(&fam) {
                self.push(
                    &BRK_27,
                    new.at(&n.pointer),
                    near(old.file, &n.path_pointer),
                    format!(
                        "Operation {} is revision {} of the family `{fam}`.",
                        op_name(n),
                        revision(n)
                    ),
                    format!("Added {}, a new version of an existing one.", action(n)),
                    Some(n),
                );
            } else {
                self.push(
                    &BRK_23,
                    new.at(&n.pointer),
                    near(old.file, &n.path_pointer),
                    format!("Operation {} was added.", op_name(n)),
                    format!("Added {}.", action(n)),
                    Some(n),
                );
            }
        }
    }

    fn removed(&mut self, o: &Op<'_>) {
        let id = o.label();
        self.push(
            &BRK_01,
            near(self.new.file, &o.pointer),
            self.old.at(&o.pointer),
            format!(
                "Operation {} was removed. Microsoft's validator: “{V1}” ValuePath: operation/{id}. Keep it in \
                 the definition, marked `deprecated: true` (with “(deprecated)” in its summary) or \
                 `x-ms-visibility: internal`, and add its replacement as a new operation with the same \
                 `x-ms-api-annotation.family` and `revision` + 1.",
                op_name(o)
            ),
            format!(
                "{} was removed: flows that use it must be changed to use another action.",
                capital(&action(o))
            ),
            Some(o),
        );
    }

    fn renamed(&mut self, o: &Op<'_>, n: &Op<'_>) {
        let id = o.label();
        self.push(
            &BRK_02,
            self.new.at(&n.pointer),
            self.old.at(&o.pointer),
            format!(
                "Operation {} is now {} at the same path and verb: flows find operations by their operationId, \
                 so this is a deletion. Microsoft's validator: “{V1}” ValuePath: operation/{id}. Keep the \
                 operationId `{id}` and change only the `summary`.",
                op_name(o),
                op_name(n)
            ),
            format!(
                "{} was replaced by {}: flows that use it must add the new one instead.",
                capital(&action(o)),
                action(n)
            ),
            Some(o),
        );
    }

    /// The replacement that versions `n` (kept at the path and verb of `o`, marked
    /// deprecated or hidden, with a new operation of its family at revision + 1).
    fn versioned_by(&self, o: &Op<'_>, n: &Op<'a>) -> Option<&'a str> {
        let kept = o.path == n.path && o.method == n.method;
        let marked =
            n.is_deprecated() || matches!(visibility(n.value).as_str(), "advanced" | "internal");
        if !(kept && marked) {
            return None;
        }
        let rev = revision(n);
        self.family(n)
            .find(|(r, m)| m.label() != n.label() && *r == rev + 1)
            .and_then(|(_, m)| m.id())
    }

    fn surviving(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let start = self.found.len();
        let (old, new) = (self.old, self.new);
        let id = o.label();
        if o.path != n.path {
            self.push(
                &BRK_03,
                new.at(&n.pointer),
                old.at(&o.pointer),
                format!(
                    "The path of operation {} changes from `{}` to `{}`. Microsoft's validator: “{V2}” \
                     ValuePath: operation/{id}",
                    op_name(o),
                    o.path,
                    n.path
                ),
                format!(
                    "{} calls the service at a new address: existing flows must be checked.",
                    capital(&action(n))
                ),
                Some(n),
            );
        }
        if o.method != n.method {
            self.push(
                &BRK_04,
                new.at(&n.pointer),
                old.at(&o.pointer),
                format!(
                    "The HTTP verb of operation {} changes from `{}` to `{}`: existing flows send the old one.",
                    op_name(o),
                    o.method.to_ascii_uppercase(),
                    n.method.to_ascii_uppercase()
                ),
                format!("{} changed how it calls the service.", capital(&action(n))),
                Some(n),
            );
        }
        self.texts(o, n);
        self.lifecycle(o, n);
        self.trigger(o, n);
        self.parameters(o, n);
        self.responses(o, n);
        // mitigation: the breaking findings on this operation, when it is versioned
        let breaking_codes = [
            "BRK-05", "BRK-06", "BRK-07", "BRK-08", "BRK-09", "BRK-10", "BRK-11", "BRK-12",
            "BRK-13", "BRK-14", "BRK-15", "BRK-16", "BRK-17",
        ];
        if let Some(by) = self.versioned_by(o, n) {
            let how = format!(
                "`{}` is kept ({}) and `{by}` is revision {} of its family `{}`",
                id,
                if n.is_deprecated() {
                    "deprecated".to_owned()
                } else {
                    format!("`x-ms-visibility: {}`", visibility(n.value))
                },
                revision(n) + 1,
                family(n)
            );
            let by_name = new.op(by).map_or_else(|| format!("“{by}”"), |m| action(m));
            for f in &mut self.found[start..] {
                if breaking_codes.contains(&f.rule.code) {
                    f.severity = Severity::Warning;
                    f.mitigated = true;
                    f.message =
                        format!("Breaking, mitigated by versioning: {} ({how}).", f.message);
                    f.text = format!(
                        "{} Existing flows keep working; new flows should use {by_name}.",
                        f.text
                    );
                }
            }
        }
    }

    fn texts(&mut self, o: &Op<'_>, n: &Op<'_>) {
        let (old, new) = (self.old, self.new);
        if !same_opt(o.value.get("summary"), n.value.get("summary")) {
            self.push(
                &BRK_29,
                near(new.file, &ptr(&n.pointer, "summary")),
                near(old.file, &ptr(&o.pointer, "summary")),
                format!(
                    "The summary of operation `{}` changes from “{}” to “{}”.",
                    o.label(),
                    summary(o).unwrap_or(""),
                    summary(n).unwrap_or("")
                ),
                match (summary(o), summary(n)) {
                    (Some(a), Some(b)) => format!("Renamed the “{a}” action to “{b}”."),
                    _ => format!("Renamed {}.", action(n)),
                },
                Some(n),
            );
        }
        if !same_opt(o.value.get("description"), n.value.get("description")) {
            self.push(
                &BRK_29,
                near(new.file, &ptr(&n.pointer, "description")),
                near(old.file, &ptr(&o.pointer, "description")),
                format!("The description of operation {} changed.", op_name(n)),
                format!("Updated the description of {}.", action(n)),
                Some(n),
            );
        }
    }

    fn lifecycle(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let (old, new) = (self.old, self.new);
        let (vo, vn) = (visibility(o.value), visibility(n.value));
        let replacement = self.replacement(n).map(|m| action(m));
        let use_instead = replacement
            .as_ref()
            .map(|r| format!(" Use {r} in new flows."))
            .unwrap_or_default();
        if !o.is_deprecated() && n.is_deprecated() {
            self.push(
                &BRK_26,
                near(new.file, &ptr(&n.pointer, "deprecated")),
                old.at(&o.pointer),
                format!("Operation {} is now `deprecated: true`.", op_name(n)),
                format!(
                    "{} is deprecated; existing flows keep working.{use_instead}",
                    capital(&action(n))
                ),
                Some(n),
            );
        } else if vo != vn && matches!(vn.as_str(), "advanced" | "internal") {
            self.push(
                &BRK_26,
                near(new.file, &ptr(&n.pointer, "x-ms-visibility")),
                near(old.file, &ptr(&o.pointer, "x-ms-visibility")),
                format!(
                    "Operation {} is now `x-ms-visibility: {vn}`.",
                    op_name(n)
                ),
                if vn == "internal" {
                    format!(
                        "{} is no longer offered for new flows; existing flows keep working.{use_instead}",
                        capital(&action(n))
                    )
                } else {
                    format!(
                        "{} is now listed under advanced options.{use_instead}",
                        capital(&action(n))
                    )
                },
                Some(n),
            );
        }
        let status = |op: &Op<'_>| {
            annotation(op, "status")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase)
        };
        if status(o).as_deref() == Some("preview") && status(n).as_deref() == Some("production") {
            self.push(
                &BRK_28,
                near(
                    new.file,
                    &format!("{}/x-ms-api-annotation/status", n.pointer),
                ),
                near(
                    old.file,
                    &format!("{}/x-ms-api-annotation/status", o.pointer),
                ),
                format!(
                    "Operation {} goes from `Preview` to `Production`.",
                    op_name(n)
                ),
                format!("{} is no longer in preview.", capital(&action(n))),
                Some(n),
            );
        }
    }

    /// The next revision of `n`'s family, when there is one.
    fn replacement(&self, n: &Op<'_>) -> Option<&Op<'a>> {
        let rev = revision(n);
        self.family(n)
            .find(|(r, m)| m.label() != n.label() && *r > rev)
            .map(|(_, m)| m)
    }

    /// The operations of the new version in `n`'s family, with their revisions.
    fn family(&self, n: &Op<'_>) -> impl Iterator<Item = (i64, &'b Op<'a>)> + use<'a, 'b, '_> {
        let new = self.new;
        self.families
            .get(&family(n))
            .into_iter()
            .flatten()
            .map(move |&(r, i)| (r, &new.ops[i]))
    }

    fn trigger(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let (old, new) = (self.old, self.new);
        let mut what = Vec::new();
        match (o.is_trigger(), n.is_trigger()) {
            (true, false) => what.push("is no longer a trigger".to_owned()),
            (false, true) => what.push("is now a trigger".to_owned()),
            (true, true) => {
                if !same_opt(o.value.get("x-ms-trigger"), n.value.get("x-ms-trigger")) {
                    what.push(format!(
                        "changes `x-ms-trigger` from {} to {}",
                        o.value.get("x-ms-trigger").map_or_else(String::new, show),
                        n.value.get("x-ms-trigger").map_or_else(String::new, show)
                    ));
                }
                match (o.is_webhook(), n.is_webhook()) {
                    (true, false) => {
                        what.push("changes from a webhook to a polling trigger".into())
                    }
                    (false, true) => {
                        what.push("changes from a polling to a webhook trigger".into())
                    }
                    _ => {}
                }
                let url = |d: &Definition<'a>, op: &Op<'a>| {
                    d.params(op)
                        .iter()
                        .find(|p| {
                            p.value
                                .get("x-ms-notification-url")
                                .and_then(Value::as_bool)
                                == Some(true)
                        })
                        .map(|p| (p.name().to_owned(), p.location().to_owned()))
                };
                let (uo, un) = (url(old, o), url(new, n));
                if uo != un && o.is_webhook() && n.is_webhook() {
                    what.push("changes its callback parameter (`x-ms-notification-url`)".into());
                }
            }
            (false, false) => {}
        }
        if !what.is_empty() {
            self.push(
                &BRK_17,
                new.at(&n.pointer),
                old.at(&o.pointer),
                format!(
                    "Operation {} {}: existing flows were registered with the trigger as it was.",
                    op_name(n),
                    what.join(" and ")
                ),
                format!(
                    "{} works differently: flows that use it must add it again.",
                    capital(&action(n))
                ),
                Some(n),
            );
        }
    }

    fn parameters(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let (old, new) = (self.old, self.new);
        let key = |p: &Param<'a>| (p.name().to_owned(), p.location().to_owned());
        let olds: BTreeMap<(String, String), Param<'a>> =
            old.params(o).iter().map(|p| (key(p), p.clone())).collect();
        let news: BTreeMap<(String, String), Param<'a>> =
            new.params(n).iter().map(|p| (key(p), p.clone())).collect();
        let id = o.label();
        let mut moved: BTreeSet<(String, String)> = BTreeSet::new();
        for (k, op) in &olds {
            if let Some(np) = news.get(k) {
                self.parameter(o, n, op, np);
                continue;
            }
            let elsewhere = news
                .iter()
                .find(|(nk, _)| nk.0 == k.0 && !olds.contains_key(*nk) && !moved.contains(*nk));
            let shown = display(op.value, op.name());
            if let Some((nk, np)) = elsewhere {
                moved.insert(nk.clone());
                self.push(
                    &BRK_05,
                    new.at(&np.pointer),
                    old.at(&op.pointer),
                    format!(
                        "Parameter `{}` of operation {} moves from `in: {}` to `in: {}`. Microsoft's validator: \
                         “{V3}” ValuePath: operation/{id}/parameter/{}",
                        k.0,
                        op_name(o),
                        k.1,
                        nk.1,
                        k.0
                    ),
                    format!(
                        "The “{shown}” input of {} is sent another way: existing flows must be checked.",
                        action(n)
                    ),
                    Some(n),
                );
            } else {
                self.push(
                    &BRK_06,
                    near(new.file, &ptr(&n.pointer, "parameters")),
                    old.at(&op.pointer),
                    format!(
                        "Parameter `{}` (`in: {}`) of operation {} was removed: existing flows still send it.",
                        k.0,
                        k.1,
                        op_name(o)
                    ),
                    format!(
                        "The “{shown}” input of {} was removed: remove it from existing flows.",
                        action(n)
                    ),
                    Some(n),
                );
            }
        }
        for (k, np) in &news {
            if olds.contains_key(k) || moved.contains(k) {
                continue;
            }
            let shown = display(np.value, np.name());
            if np.required() && !internal_with_default(np.value) {
                self.push(
                    &BRK_08,
                    new.at(&np.pointer),
                    near(old.file, &ptr(&o.pointer, "parameters")),
                    format!(
                        "Operation {} has a new required parameter `{}` (`in: {}`). Microsoft's validator: \
                         “{V5}” ValuePath: operation/{id}/parameter/{}",
                        op_name(n),
                        k.0,
                        k.1,
                        k.0
                    ),
                    format!(
                        "{} needs a new input, “{shown}”: add a value for it in existing flows.",
                        capital(&action(n))
                    ),
                    Some(n),
                );
            } else {
                self.push(
                    &BRK_24,
                    new.at(&np.pointer),
                    near(old.file, &ptr(&o.pointer, "parameters")),
                    format!(
                        "Operation {} has a new optional parameter `{}` (`in: {}`).",
                        op_name(n),
                        k.0,
                        k.1
                    ),
                    format!("Added the optional input “{shown}” to {}.", action(n)),
                    Some(n),
                );
            }
        }
        // the body's schema
        if let (Some((ob, op_, os)), Some((nb, np_, ns))) = (old.body_schema(o), new.body_schema(n))
            && ob.name() == nb.name()
        {
            let fo = self.flatten(old, os, &op_);
            let fnew = self.flatten(new, ns, &np_);
            let vp = format!("operation/{id}/parameter/{}/schema", ob.name());
            self.schemas(o, n, &fo, &fnew, Side::Input, &vp);
        }
    }

    fn parameter(&mut self, o: &Op<'a>, n: &Op<'a>, op: &Param<'a>, np: &Param<'a>) {
        let id = o.label();
        let name = op.name();
        let vp = format!("operation/{id}/parameter/{name}");
        let what = format!(
            "Parameter `{name}` (`in: {}`) of operation {}",
            op.location(),
            op_name(n)
        );
        let shown = display(np.value, name).to_owned();
        self.input_node(
            n,
            (self.old.file, &op.pointer, op.value, op.required()),
            (self.new.file, &np.pointer, np.value, np.required()),
            &what,
            &shown,
            &vp,
            op.is_body(),
        );
    }

    /// Compares one input (a parameter or a body property) present in both versions.
    #[allow(clippy::too_many_arguments)]
    fn input_node(
        &mut self,
        n: &Op<'a>,
        (of, opointer, ov, oreq): (&JsonFile, &str, &'a Value, bool),
        (nf, npointer, nv, nreq): (&JsonFile, &str, &'a Value, bool),
        what: &str,
        shown: &str,
        vp: &str,
        body: bool,
    ) {
        let here = nf.at(npointer);
        let there = of.at(opointer);
        let act = action(n);
        if !oreq && nreq && !internal_with_default(nv) {
            self.push(
                &BRK_07,
                near(nf, &ptr(npointer, "required")),
                there.clone(),
                format!("{what} is now required: existing flows may leave it out."),
                format!("The “{shown}” input of {act} is now required: add a value for it in existing flows."),
                Some(n),
            );
        }
        if !body {
            let (ot, nt) = (schema_type(ov), schema_type(nv));
            let (ofm, nfm) = (str_of(ov, "format"), str_of(nv, "format"));
            if (ot.is_some() && nt.is_some() && ot != nt) || (ot == nt && ofm != nfm) {
                let s = |t: Option<&str>, f: Option<&str>| match f {
                    Some(f) => format!("`{}` (`{f}`)", t.unwrap_or("?")),
                    None => format!("`{}`", t.unwrap_or("?")),
                };
                self.push(
                    &BRK_09,
                    here.clone(),
                    there.clone(),
                    format!(
                        "{what} changes its type from {} to {}: existing flows send the old one.",
                        s(ot, ofm),
                        s(nt, nfm)
                    ),
                    format!("The “{shown}” input of {act} takes another kind of value: check existing flows."),
                    Some(n),
                );
            }
        }
        match (ov.get("enum").and_then(Value::as_array), nv.get("enum").and_then(Value::as_array)) {
            (None, Some(_)) => self.push(
                &BRK_10,
                near(nf, &ptr(npointer, "enum")),
                there.clone(),
                format!("{what} now has an `enum` list. Microsoft's validator: “{V4}” ValuePath: {vp}"),
                format!(
                    "The “{shown}” input of {act} now accepts only a list of values: check existing flows."
                ),
                Some(n),
            ),
            (Some(a), Some(b)) => {
                let gone: Vec<String> = a
                    .iter()
                    .filter(|x| !b.iter().any(|y| same(x, y)))
                    .map(show)
                    .collect();
                if !gone.is_empty() {
                    self.push(
                        &BRK_11,
                        near(nf, &ptr(npointer, "enum")),
                        near(of, &ptr(opointer, "enum")),
                        format!("{what} no longer accepts {}.", gone.join(", ")),
                        format!(
                            "The “{shown}” input of {act} no longer accepts {}: change existing flows that use it.",
                            gone.join(", ")
                        ),
                        Some(n),
                    );
                }
            }
            _ => {}
        }
        if let Some(d) = ov.get("default")
            && !same_opt(Some(d), nv.get("default"))
        {
            self.push(
                &BRK_11,
                near(nf, &ptr(npointer, "default")),
                near(of, &ptr(opointer, "default")),
                format!(
                    "{what} changes its default from {} to {}: existing flows relied on the old one.",
                    show(d),
                    nv.get("default").map_or_else(|| "none".to_owned(), show)
                ),
                format!("The “{shown}” input of {act} has another default value."),
                Some(n),
            );
        }
        if visibility(ov) != "internal"
            && visibility(nv) == "internal"
            && nv.get("default").is_none()
        {
            self.push(
                &BRK_12,
                near(nf, &ptr(npointer, "x-ms-visibility")),
                there,
                format!("{what} is now `x-ms-visibility: internal` without a `default`: nothing fills it in."),
                format!("The “{shown}” input of {act} is no longer shown."),
                Some(n),
            );
        }
    }

    fn responses(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let (old, new) = (self.old, self.new);
        let id = o.label();
        let ors: Vec<_> = old.responses(o);
        let nrs: Vec<_> = new.responses(n);
        let new_2xx: Vec<&str> = nrs.iter().map(|r| r.0).filter(|k| is_success(k)).collect();
        for (status, opointer, oresp) in ors.iter().filter(|r| is_success(r.0)) {
            let Some((_, npointer, nresp)) = nrs.iter().find(|r| r.0 == *status) else {
                self.push(
                    &BRK_16,
                    near(new.file, &ptr(&n.pointer, "responses")),
                    old.at(opointer),
                    if new_2xx.is_empty() {
                        format!(
                            "Operation {} no longer has the success response `{status}`.",
                            op_name(n)
                        )
                    } else {
                        format!(
                            "The success status of operation {} changes from `{status}` to `{}`.",
                            op_name(n),
                            new_2xx.join("`, `")
                        )
                    },
                    format!(
                        "{} answers differently: check existing flows.",
                        capital(&action(n))
                    ),
                    Some(n),
                );
                continue;
            };
            let vp = format!("operation/{id}/responses/{status}/schema");
            self.output(
                o,
                n,
                (oresp.get("schema"), &ptr(opointer, "schema")),
                (nresp.get("schema"), &ptr(npointer, "schema")),
                &vp,
            );
        }
        // a webhook's notification
        let nc = |op: &Op<'a>| -> Option<(Option<&'a Value>, String)> {
            let c = op.notification_content()?;
            let base = if op.value.get("x-ms-notification-content").is_some() {
                ptr(&op.pointer, "x-ms-notification-content")
            } else {
                ptr(&op.path_pointer, "x-ms-notification-content")
            };
            Some((c.get("schema"), ptr(&base, "schema")))
        };
        if let (Some((os, op_)), Some((ns, np_))) = (nc(o), nc(n)) {
            let vp = format!("operation/{id}/responses/x-ms-notification-content/schema");
            self.output(o, n, (os, &op_), (ns, &np_), &vp);
        }
    }

    /// Compares the schemas of one output (a success response or a notification).
    fn output(
        &mut self,
        o: &Op<'a>,
        n: &Op<'a>,
        (os, op_): (Option<&'a Value>, &str),
        (ns, np_): (Option<&'a Value>, &str),
        vp: &str,
    ) {
        let (old, new) = (self.old, self.new);
        let resolved =
            |d: &Definition<'a>, s: Option<&'a Value>, at: &str| s.and_then(|s| d.resolve(s, at));
        let (ro, rn) = (resolved(old, os, op_), resolved(new, ns, np_));
        match (ro, rn) {
            (Some(_), None) => self.push(
                &BRK_16,
                near(new.file, np_),
                old.at(op_),
                format!(
                    "Operation {} no longer describes what it returns.",
                    op_name(n)
                ),
                format!(
                    "{} no longer lists its outputs: flows that use them break.",
                    capital(&action(n))
                ),
                Some(n),
            ),
            (None, Some((p, _))) => self.push(
                &BRK_25,
                new.at(&p),
                near(old.file, op_),
                format!("Operation {} now describes what it returns.", op_name(n)),
                format!("{} now lists its outputs.", capital(&action(n))),
                Some(n),
            ),
            (Some((po, so)), Some((pn, sn))) => {
                if !is_dynamic(so) && is_dynamic(sn) {
                    self.push(
                        &BRK_16,
                        new.at(&pn),
                        old.at(&po),
                        format!(
                            "The output of operation {} is now dynamic (`x-ms-dynamic-schema`): flows built on \
                             its outputs lose them.",
                            op_name(n)
                        ),
                        format!("{} describes its outputs at run time now: check existing flows.", capital(&action(n))),
                        Some(n),
                    );
                    return;
                }
                let fo = self.flatten(old, so, &po);
                let fnew = self.flatten(new, sn, &pn);
                self.schemas(o, n, &fo, &fnew, Side::Output, vp);
            }
            (None, None) => {}
        }
    }

    /// Compares two flattened schemas of one side of an operation.
    fn schemas(
        &mut self,
        o: &Op<'a>,
        n: &Op<'a>,
        fo: &Flat<'a>,
        fnew: &Flat<'a>,
        side: Side,
        vp: &str,
    ) {
        let (old, new) = (self.old, self.new);
        let act = action(n);
        let mut changed: HashSet<String> = HashSet::new();
        let mut gone: HashSet<String> = HashSet::new();
        let name_of = |path: &str| path.rsplit('/').next().unwrap_or(path).replace("~1", "/");
        let at_path = |path: &str| {
            if path.is_empty() {
                vp.to_owned()
            } else {
                format!("{vp}/{}", path.replace("~1", "/"))
            }
        };
        for (path, on) in fo {
            if under(path, &changed) || under(path, &gone) {
                continue;
            }
            let Some(nn) = fnew.get(path) else {
                if path.is_empty() || !fnew.contains_key(parent(path)) {
                    continue;
                }
                gone.insert(path.clone());
                let name = name_of(path);
                let shown = display(on.value, &name).to_owned();
                let loc = near(new.file, &fnew[parent(path)].pointer);
                match side {
                    Side::Output => self.push(
                        &BRK_13,
                        loc,
                        old.at(&on.pointer),
                        format!(
                            "Output `{}` of operation {} was removed. Microsoft's validator: “{V6}” ValuePath: {}",
                            path.replace("~1", "/"),
                            op_name(o),
                            at_path(path)
                        ),
                        format!("{act} no longer returns “{shown}”: change flows that use it."),
                        Some(n),
                    ),
                    Side::Input => self.push(
                        &BRK_06,
                        loc,
                        old.at(&on.pointer),
                        format!(
                            "Body property `{}` of operation {} was removed: existing flows still send it.",
                            path.replace("~1", "/"),
                            op_name(o)
                        ),
                        format!("The “{shown}” input of {act} was removed: remove it from existing flows."),
                        Some(n),
                    ),
                }
                continue;
            };
            match side {
                Side::Output => {
                    let (ot, nt) = (schema_type(on.value), schema_type(nn.value));
                    let shown = display(nn.value, &name_of(path)).to_owned();
                    let label = if path.is_empty() {
                        "The output".to_owned()
                    } else {
                        format!("Output `{}`", path.replace("~1", "/"))
                    };
                    if ot.is_some() && nt.is_some() && ot != nt {
                        changed.insert(path.clone());
                        self.push(
                            &BRK_14,
                            new.at(&nn.pointer),
                            old.at(&on.pointer),
                            format!(
                                "{label} of operation {} changes its type from `{}` to `{}`. Microsoft's \
                                 validator: “{V7}” ValuePath: {}/type",
                                op_name(o),
                                ot.unwrap_or("?"),
                                nt.unwrap_or("?"),
                                at_path(path)
                            ),
                            format!("“{shown}” of {act} returns another kind of value: check flows that use it."),
                            Some(n),
                        );
                    } else if ot == nt && str_of(on.value, "format") != str_of(nn.value, "format") {
                        self.push(
                            &BRK_15,
                            new.at(&nn.pointer),
                            old.at(&on.pointer),
                            format!(
                                "{label} of operation {} changes its format from `{}` to `{}`. Microsoft's \
                                 validator: “{V8}” ValuePath: {}/format",
                                op_name(o),
                                str_of(on.value, "format").unwrap_or("none"),
                                str_of(nn.value, "format").unwrap_or("none"),
                                at_path(path)
                            ),
                            format!("“{shown}” of {act} is written another way: check flows that use it."),
                            Some(n),
                        );
                    }
                }
                Side::Input if !path.is_empty() => {
                    let pname = name_of(path);
                    let shown = display(nn.value, &pname).to_owned();
                    let what = format!(
                        "Body property `{}` of operation {}",
                        path.replace("~1", "/"),
                        op_name(n)
                    );
                    let before = self.found.len();
                    self.input_node(
                        n,
                        (old.file, &on.pointer, on.value, on.required),
                        (new.file, &nn.pointer, nn.value, nn.required),
                        &what,
                        &shown,
                        &at_path(path),
                        false,
                    );
                    if self.found[before..].iter().any(|f| f.rule.code == "BRK-09") {
                        changed.insert(path.clone());
                    }
                }
                Side::Input => {}
            }
        }
        let mut added: HashSet<String> = HashSet::new();
        for (path, nn) in fnew {
            if fo.contains_key(path)
                || path.is_empty()
                || !fo.contains_key(parent(path))
                || under(path, &changed)
                || under(path, &added)
            {
                continue;
            }
            added.insert(path.clone());
            let shown = display(nn.value, &name_of(path)).to_owned();
            let prev = near(old.file, &fo[parent(path)].pointer);
            let shown_path = path.replace("~1", "/");
            match side {
                Side::Output => self.push(
                    &BRK_25,
                    new.at(&nn.pointer),
                    prev,
                    format!("Operation {} returns a new output `{shown_path}`.", op_name(n)),
                    format!("{} also returns “{shown}”.", capital(&act)),
                    Some(n),
                ),
                Side::Input if nn.required && !internal_with_default(nn.value) => self.push(
                    &BRK_08,
                    new.at(&nn.pointer),
                    prev,
                    format!(
                        "Operation {} has a new required body property `{shown_path}`. Microsoft's validator: \
                         “{V5}” ValuePath: {}",
                        op_name(n),
                        at_path(path)
                    ),
                    format!("{} needs a new input, “{shown}”: add a value for it in existing flows.", capital(&act)),
                    Some(n),
                ),
                Side::Input => self.push(
                    &BRK_24,
                    new.at(&nn.pointer),
                    prev,
                    format!("Operation {} has a new optional body property `{shown_path}`.", op_name(n)),
                    format!("Added the optional input “{shown}” to {act}."),
                    Some(n),
                ),
            }
        }
    }
}

/// A connection parameter: (set name, parameter name) → (pointer, value).
fn conn_params(files: &ConnectorFiles) -> BTreeMap<(String, String), (String, &Value)> {
    let mut out = BTreeMap::new();
    let Some(file) = &files.properties else {
        return out;
    };
    let root = file.root();
    for p in properties::connection_parameters(file, files.origin) {
        // the set: `…/values/3/parameters/x` or `/sets/3/parameters/x` → its `name`
        let set = p
            .pointer
            .rsplit_once("/parameters/")
            .and_then(|(set_ptr, _)| root?.pointer(set_ptr))
            .and_then(|s| str_of(s, "name"))
            .unwrap_or("")
            .to_owned();
        out.entry((set, p.name.to_owned()))
            .or_insert((p.pointer.clone(), p.value));
    }
    out
}

fn conn_required(v: &Value) -> bool {
    v.get("uiDefinition")
        .and_then(|u| u.get("constraints"))
        .and_then(|c| c.get("required"))
        .is_some_and(|r| {
            r.as_bool() == Some(true) || r.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true"))
        })
}

fn conn_type(v: &Value) -> String {
    str_of(v, "type")
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// BRK-20, BRK-21 and the apiProperties texts (BRK-29).
fn connection_level(found: &mut Vec<Found>, previous: &ConnectorFiles, current: &ConnectorFiles) {
    let (Some(of), Some(nf)) = (&previous.properties, &current.properties) else {
        return;
    };
    let mut push =
        |rule: &'static Rule, location: Location, prev: Location, message: String, text: &str| {
            found.push(Found::new(
                rule,
                location,
                prev,
                message,
                text.to_owned(),
                None,
            ));
        };
    let (olds, news) = (conn_params(previous), conn_params(current));
    let label = |k: &(String, String)| {
        if k.0.is_empty() {
            format!("`{}`", k.1)
        } else {
            format!("`{}` (set `{}`)", k.1, k.0)
        }
    };
    let auth = ["oauthsetting", "securestring", "gatewaysetting"];
    for (k, (np, nv)) in &news {
        match olds.get(k) {
            None if conn_required(nv) && !auth.contains(&conn_type(nv).as_str()) => push(
                &BRK_20,
                nf.at(np),
                near(of, &ptr(properties_base(previous.origin), &k.1)),
                format!(
                    "The connection parameter {} is new and required: existing connections have no value for it.",
                    label(k)
                ),
                "Connections need a new setting: existing connections must be edited or created again.",
            ),
            None => {}
            Some((op, ov)) => {
                let (ot, nt) = (conn_type(ov), conn_type(nv));
                if ot != nt && !auth.contains(&ot.as_str()) && !auth.contains(&nt.as_str()) {
                    push(
                        &BRK_20,
                        near(nf, &ptr(np, "type")),
                        near(of, &ptr(op, "type")),
                        format!(
                            "The connection parameter {} changes its type from `{ot}` to `{nt}`.",
                            label(k)
                        ),
                        "A connection setting takes another kind of value: check existing connections.",
                    );
                } else if !conn_required(ov) && conn_required(nv) {
                    push(
                        &BRK_20,
                        nf.at(np),
                        of.at(op),
                        format!(
                            "The connection parameter {} is now required: existing connections may have no value.",
                            label(k)
                        ),
                        "A connection setting is now required: existing connections may need to be edited.",
                    );
                }
                let text_of =
                    |v: &Value, key: &str| v.get("uiDefinition").and_then(|u| u.get(key)).cloned();
                let texts_changed = ["description", "tooltip"]
                    .iter()
                    .any(|key| !same_opt(text_of(ov, key).as_ref(), text_of(nv, key).as_ref()));
                if texts_changed {
                    push(
                        &BRK_29,
                        near(nf, &ptr(np, "uiDefinition")),
                        near(of, &ptr(op, "uiDefinition")),
                        format!(
                            "The description or tooltip of the connection parameter {} changed.",
                            label(k)
                        ),
                        "Updated the help text shown when creating a connection.",
                    );
                }
            }
        }
    }
    for (k, (op, _)) in &olds {
        // a parameter moved into a parameter set keeps its name
        let kept = news.contains_key(k) || (k.0.is_empty() && news.keys().any(|n| n.1 == k.1));
        if !kept {
            push(
                &BRK_20,
                near(nf, op),
                of.at(op),
                format!(
                    "The connection parameter {} was removed: existing connections were made with it.",
                    label(k)
                ),
                "A connection setting was removed: check existing connections.",
            );
        }
    }
    if previous.origin == Origin::SourceFolder && current.origin == Origin::SourceFolder {
        fn get<'f>(f: &'f JsonFile, key: &str) -> Option<&'f Value> {
            f.root()?.pointer(&format!("/properties/{key}"))
        }
        let p = "/properties/policyTemplateInstances";
        if !same_opt(
            get(of, "policyTemplateInstances"),
            get(nf, "policyTemplateInstances"),
        ) {
            push(
                &BRK_21,
                near(nf, p),
                near(of, p),
                "The policy templates (`policyTemplateInstances`) changed: test the update with existing \
                 connections in the preview environment."
                    .into(),
                "Changed how the connector rewrites its calls to the service.",
            );
        }
        for key in ["iconBrandColor", "publisher", "stackOwner"] {
            if !same_opt(get(of, key), get(nf, key)) {
                let p = format!("/properties/{key}");
                push(
                    &BRK_29,
                    near(nf, &p),
                    near(of, &p),
                    format!("`properties.{key}` changed."),
                    if key == "iconBrandColor" {
                        "Updated the connector's colour."
                    } else {
                        "Updated the publisher information."
                    },
                );
            }
        }
    } else if previous.origin == Origin::Solution
        && current.origin == Origin::Solution
        && previous.icon_brand_color != current.icon_brand_color
    {
        push(
            &BRK_29,
            properties::customizations(nf),
            properties::customizations(of),
            "The connector's `iconbrandcolor` changed.".into(),
            "Updated the connector's colour.",
        );
    }
}

fn properties_base(origin: Origin) -> &'static str {
    match origin {
        Origin::SourceFolder => "/properties/connectionParameters",
        Origin::Solution => "",
    }
}

/// A token of a pointer during the classification walk.
#[derive(Debug, Clone, Copy)]
enum Tok<'a> {
    Key(&'a str),
    Index(usize),
}

fn pointer_of(toks: &[Tok<'_>]) -> String {
    let mut p = String::new();
    for t in toks {
        match t {
            Tok::Key(k) => p = ptr(&p, k),
            Tok::Index(i) => {
                p.push('/');
                p.push_str(&i.to_string());
            }
        }
    }
    p
}

/// Objects whose members are names (of properties, definitions, paths…), not
/// keywords: a member `description` of them is a name.
const NAME_MAPS: [&str; 9] = [
    "properties",
    "definitions",
    "parameters",
    "paths",
    "responses",
    "securityDefinitions",
    "scopes",
    "headers",
    "connectionParameters",
];

fn key_at<'a>(toks: &[Tok<'a>], i: usize) -> Option<&'a str> {
    match toks.get(i) {
        Some(Tok::Key(k)) => Some(k),
        _ => None,
    }
}

/// The swagger's minor-update fields (§2.1): descriptions, operation summaries,
/// the contact.
fn swagger_minor(toks: &[Tok<'_>]) -> bool {
    let n = toks.len();
    if n == 2 && key_at(toks, 0) == Some("info") && key_at(toks, 1) == Some("contact") {
        return true;
    }
    if n == 4
        && key_at(toks, 0) == Some("paths")
        && key_at(toks, 2).is_some_and(|m| METHODS.contains(&m))
        && key_at(toks, 3) == Some("summary")
    {
        return true;
    }
    n >= 1
        && key_at(toks, n - 1) == Some("description")
        && (n == 1 || key_at(toks, n - 2).is_none_or(|k| !NAME_MAPS.contains(&k)))
}

/// apiProperties' minor-update fields: description, tooltip, iconBrandColor,
/// publisher, stackOwner.
fn properties_minor(toks: &[Tok<'_>]) -> bool {
    let n = toks.len();
    if n == 2
        && key_at(toks, 0) == Some("properties")
        && key_at(toks, 1)
            .is_some_and(|k| ["iconBrandColor", "publisher", "stackOwner"].contains(&k))
    {
        return true;
    }
    n >= 1
        && key_at(toks, n - 1).is_some_and(|k| k == "description" || k == "tooltip")
        && (n == 1
            || key_at(toks, n - 2).is_none_or(|k| k == "properties" || !NAME_MAPS.contains(&k)))
}

/// Where two values first differ outside the minor fields (`major`) and inside them
/// (`minor`); `major` is `Some("")`-like when the budget ran out. Iterative, key
/// order ignored, stops at the first major difference.
#[derive(Debug, Default)]
struct Diffs {
    major: Option<String>,
    minor: Option<String>,
}

fn diff_values(
    old: &Value,
    new: &Value,
    is_minor: fn(&[Tok<'_>]) -> bool,
    budget: &mut usize,
) -> Diffs {
    let mut d = Diffs::default();
    /// A pair to compare: the two values, where they are, and whether a minor
    /// field holds them.
    type Pair<'v> = (Option<&'v Value>, Option<&'v Value>, Vec<Tok<'v>>, bool);
    let mut stack: Vec<Pair<'_>> = vec![(Some(old), Some(new), Vec::new(), false)];
    while let Some((a, b, toks, minor)) = stack.pop() {
        if *budget == 0 {
            d.major.get_or_insert_with(String::new);
            break;
        }
        *budget -= 1;
        let differs = match (a, b) {
            (Some(a), Some(b)) => match (&a.kind, &b.kind) {
                (Kind::Object(ma), Kind::Object(mb)) => {
                    let ka: HashMap<&str, &Value> =
                        ma.iter().map(|m| (m.key.as_str(), &m.value)).collect();
                    let kb: HashMap<&str, &Value> =
                        mb.iter().map(|m| (m.key.as_str(), &m.value)).collect();
                    let mut keys: Vec<&str> = ka.keys().chain(kb.keys()).copied().collect();
                    keys.sort_unstable();
                    keys.dedup();
                    for k in keys.into_iter().rev() {
                        let mut t = toks.clone();
                        t.push(Tok::Key(k));
                        let m = minor || is_minor(&t);
                        stack.push((ka.get(k).copied(), kb.get(k).copied(), t, m));
                    }
                    false
                }
                (Kind::Array(xa), Kind::Array(xb)) => {
                    for i in (0..xa.len().max(xb.len())).rev() {
                        let mut t = toks.clone();
                        t.push(Tok::Index(i));
                        let m = minor || is_minor(&t);
                        stack.push((xa.get(i), xb.get(i), t, m));
                    }
                    false
                }
                (Kind::Null, Kind::Null) => false,
                (Kind::Bool(x), Kind::Bool(y)) => x != y,
                (Kind::Number(x), Kind::Number(y)) => x != y,
                (Kind::String(x), Kind::String(y)) => x != y,
                _ => true,
            },
            (None, None) => false,
            _ => true,
        };
        if differs {
            if minor {
                d.minor.get_or_insert_with(|| pointer_of(&toks));
            } else {
                d.major = Some(pointer_of(&toks));
                break;
            }
        }
    }
    d
}

/// Classifies the update: the first change outside Microsoft's minor list and the
/// first inside it, over the swagger, apiProperties, README, icon and script. A
/// major change that no finding explains gets a BRK-30; a minor one, a BRK-29.
fn classify(out: &mut Outcome, previous: &ConnectorFiles, current: &ConnectorFiles) {
    let mut budget = CLASSIFY_BUDGET;
    let note = |out: &mut Outcome, d: Diffs, file: Option<&JsonFile>, vpath: &str| {
        let at =
            |p: &str| file.map_or_else(|| Location::file(vpath).with_pointer(p), |f| near(f, p));
        if let Some(p) = d.major
            && out.major_at.is_none()
        {
            out.major_at = Some(at(&p));
        }
        if let Some(p) = d.minor
            && out.minor_at.is_none()
        {
            out.minor_at = Some(at(&p));
        }
    };
    fn json<'f>(
        a: &'f Option<JsonFile>,
        b: &'f Option<JsonFile>,
    ) -> Option<(Option<&'f Value>, Option<&'f Value>)> {
        match (
            a.as_ref().and_then(JsonFile::root),
            b.as_ref().and_then(JsonFile::root),
        ) {
            (None, None) => None,
            (x, y) => Some((x, y)),
        }
    }
    let vpath = |f: &Option<JsonFile>, g: &Option<JsonFile>| {
        f.as_ref()
            .or(g.as_ref())
            .map(|f| f.vpath.clone())
            .unwrap_or_default()
    };
    if let Some(pair) = json(&previous.swagger, &current.swagger) {
        let d = match pair {
            (Some(a), Some(b)) => diff_values(a, b, swagger_minor, &mut budget),
            _ => Diffs {
                major: Some(String::new()),
                minor: None,
            },
        };
        note(
            out,
            d,
            current.swagger.as_ref(),
            &vpath(&current.swagger, &previous.swagger),
        );
    }
    if previous.origin == current.origin
        && let Some(pair) = json(&previous.properties, &current.properties)
    {
        let d = match pair {
            (Some(a), Some(b)) => diff_values(a, b, properties_minor, &mut budget),
            _ => Diffs {
                major: Some(String::new()),
                minor: None,
            },
        };
        note(
            out,
            d,
            current.properties.as_ref(),
            &vpath(&current.properties, &previous.properties),
        );
    }
    fn bytes(f: &Option<crate::connector::FileData>) -> Option<&[u8]> {
        f.as_ref().map(|f| f.bytes.as_slice())
    }
    let place = |f: &Option<crate::connector::FileData>, g: &Option<crate::connector::FileData>| {
        f.as_ref()
            .or(g.as_ref())
            .map(|f| Location::file(&f.vpath))
            .unwrap_or_default()
    };
    let mut text_changes: Vec<(Location, Location, &str, &str)> = Vec::new();
    if previous.origin == Origin::SourceFolder
        && current.origin == Origin::SourceFolder
        && bytes(&previous.readme) != bytes(&current.readme)
    {
        text_changes.push((
            place(&current.readme, &previous.readme),
            place(&previous.readme, &current.readme),
            "The README changed.",
            "Updated the documentation.",
        ));
    }
    if bytes(&previous.icon) != bytes(&current.icon) && current.icon.is_some() {
        text_changes.push((
            place(&current.icon, &previous.icon),
            place(&previous.icon, &current.icon),
            "The icon changed.",
            "Updated the connector's icon.",
        ));
    }
    for (location, prev, message, text) in text_changes {
        out.minor_at.get_or_insert_with(|| location.clone());
        out.found.push(Found::new(
            &BRK_29,
            location,
            prev,
            message.into(),
            text.into(),
            None,
        ));
    }
    if bytes(&previous.script) != bytes(&current.script) && out.major_at.is_none() {
        out.major_at = Some(place(&current.script, &previous.script));
    }
    let explained_major = out.found.iter().any(|f| f.rule.code != "BRK-29");
    if let Some(at) = out.major_at.clone()
        && !explained_major
    {
        let prev_file = |at: &Location| -> Location {
            let p = at.pointer.clone().unwrap_or_default();
            match &previous.swagger {
                Some(f)
                    if at.file.as_deref() == current.swagger.as_ref().map(|c| c.vpath.as_str()) =>
                {
                    near(f, &p)
                }
                _ => match &previous.properties {
                    Some(f)
                        if at.file.as_deref()
                            == current.properties.as_ref().map(|c| c.vpath.as_str()) =>
                    {
                        near(f, &p)
                    }
                    _ => previous
                        .script
                        .as_ref()
                        .map(|s| Location::file(&s.vpath))
                        .unwrap_or_default(),
                },
            }
        };
        let what = at.pointer.as_deref().filter(|p| !p.is_empty()).map_or_else(
            || format!("`{}`", at.file.as_deref().unwrap_or("the connector")),
            |p| format!("`{p}` in `{}`", at.file.as_deref().unwrap_or("")),
        );
        let previous = prev_file(&at);
        out.found.push(Found::new(
            &BRK_30,
            at,
            previous,
            format!(
                "The update changes {what}, which is outside Microsoft's minor-update list: it is a major update."
            ),
            "Updated the connector definition.".into(),
            None,
        ));
    } else if out.found.is_empty()
        && let Some(at) = out.minor_at.clone()
    {
        let p = at.pointer.clone().unwrap_or_default();
        let prev = match &previous.swagger {
            Some(f) if at.file.as_deref() == current.swagger.as_ref().map(|c| c.vpath.as_str()) => {
                near(f, &p)
            }
            _ => previous
                .properties
                .as_ref()
                .map_or_else(Location::default, |f| near(f, &p)),
        };
        out.found.push(Found::new(
            &BRK_29,
            at,
            prev,
            format!("The text at `{p}` changed (a description or a summary): a minor update."),
            "Improved descriptions.".into(),
            None,
        ));
    }
}

pub(crate) mod pq;
#[cfg(test)]
mod tests;
