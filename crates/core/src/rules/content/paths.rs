//! PTH — path templates and path parameters (validator-rules.md §1.2, §3, §4).
//!
//! The keys of `paths` are templates: `/`-separated segments, each holding literal
//! text and `{variable}`s. The validator refuses a malformed key (PTH-01), a variable
//! without its `in: path` parameter or the reverse (PTH-02), keys that differ only by
//! case (PTH-03), two operations with the same method on templates that are the same
//! up to variable names (PTH-04) and a `$ref` path item (PTH-06); no connector merged
//! since 2023 has one. Templates that overlap only partly (`/items/{id}` and
//! `/items/search`, PTH-05) and path parameters without `x-ms-url-encoding` (PTH-07)
//! are common in merged connectors, so they are folded warnings.
//!
//! Exact duplicate keys are JSON-02's (parsers keep the last); PTH-03…05 skip them.
//! PTH-05 compares templates pairwise within one method and segment count, with a
//! budget, so a hostile definition cannot make it quadratic.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::model::Severity;
use crate::read::json::Value;
use crate::rules::Sink;

use super::definition::{Definition, METHODS, Op};
use super::util::{Tally, excerpt, ptr};
use super::{EXTENSIONS, SWR};

rules! {
    PTH_01 {
        code: "PTH-01",
        severity: Error,
        scope: Connector,
        title: "Every path key is a valid template: a leading /, no ? # or *, well-formed {variables}",
        explanation: "Write each key of `paths` as a path template: it starts with `/`; it holds no `?` or `#` (put \
            query parameters in `parameters` with `in: query`; percent-encode a literal one) and no `*`; in each \
            `/`-separated segment every `{` is closed by a `}` before the next `{`, no `{}` is empty, and a \
            variable holds no `=` (defaults go in the parameter's `default`). The validator refuses each of these \
            and no connector merged since 2023 has one.",
        url: SWR,
        validator: [
            "OperationPathMustStartWithSlash",
            "OperationPathMayNotContainQueryOrFragment",
            "OperationPathContainsUnsupportedCharacters",
            "OperationPathTemplateNotValid",
            "OperationPathVariablesContainDefaults",
        ],
    }
    PTH_02 {
        code: "PTH-02",
        severity: Error,
        scope: Connector,
        title: "Every {variable} of a path has its path parameter, and every path parameter its {variable}",
        explanation: "For each `{name}` of a path key, each operation under it needs a parameter (its own or the path \
            item's) with `in: path` and exactly that `name`; and each `in: path` parameter must name a `{…}` of \
            the key. The validator refuses both mismatches (OperationMissingPathParameter, \
            PathParameterNotDefinedInTemplate); names are compared with their case. No connector merged since \
            2023 has one.",
        url: SWR,
        validator: ["OperationMissingPathParameter", "PathParameterNotDefinedInTemplate"],
    }
    PTH_03 {
        code: "PTH-03",
        severity: Error,
        scope: Connector,
        title: "Path keys are unique ignoring case",
        explanation: "Two keys of `paths` that differ only by case (`/Tasks` and `/tasks`) are one path to the \
            validator, which refuses them (PathRedefined). Merge the two path items into one.",
        url: SWR,
        validator: ["PathRedefined"],
    }
    PTH_04 {
        code: "PTH-04",
        severity: Error,
        scope: Connector,
        title: "No two operations with the same method have the same path up to variable names",
        explanation: "`GET /tasks/{id}` and `GET /tasks/{taskId}` match the same requests, so the validator refuses \
            them (DuplicateOperationPath): keep one operation, or make the paths differ by a literal segment. \
            Paths that differ only by a trailing `/` (`/documents` and `/documents/`) are a warning: two \
            connectors merged since 2023 have such twins, but many services treat them as one URL.",
        url: SWR,
        validator: ["DuplicateOperationPath"],
    }
    PTH_05 {
        code: "PTH-05",
        severity: Warning,
        scope: Connector,
        title: "No two operations with the same method have paths that can match the same URL",
        explanation: "`GET /items/{id}` and `GET /items/search` both match `/items/search`: a variable segment of one \
            path faces a literal segment of the other while every other segment agrees. The validator names it \
            (PartialDuplicateOperationPath), but 23 connectors merged since 2023 have such pairs, so it is a \
            warning. Where the service routes them apart it is harmless; otherwise give the paths distinct \
            literal segments.",
        url: SWR,
        validator: ["PartialDuplicateOperationPath"],
    }
    PTH_06 {
        code: "PTH-06",
        severity: Error,
        scope: Connector,
        title: "Path items are written out, not $ref",
        explanation: "A path item that is a `$ref` (allowed by Swagger 2.0) is refused by the validator \
            (PathItemRefNotSuppored): write the operations under the path key itself.",
        url: SWR,
        validator: ["PathItemRefNotSuppored"],
    }
    PTH_07 {
        code: "PTH-07",
        severity: Warning,
        scope: Connector,
        title: "Path parameters set x-ms-url-encoding",
        explanation: "Give each `in: path` parameter `x-ms-url-encoding`: `single`, or `double` when a value may \
            contain `/` or other characters the service must receive encoded. The validator names a path \
            parameter without it (PathParameterMissingEncoding), but 39 of the 165 connectors merged since 2023 \
            with path parameters lack it on some, so it is a warning.",
        url: EXTENSIONS,
        validator: ["PathParameterMissingEncoding"],
    }
}

/// At most this many pairs of templates are compared by PTH-05 (a merged
/// connector has at most 256 operations, about 33,000 pairs).
const PAIR_BUDGET: usize = 200_000;

/// PTH on one definition.
pub fn check(sink: &mut Sink, def: &Definition<'_>) {
    let Some(paths) = def.root.get("paths").and_then(Value::as_object) else {
        return;
    };
    let mut invalid: HashSet<&str> = HashSet::new();
    let mut lower: HashMap<String, &str> = HashMap::new();
    for m in paths {
        let at = ptr("/paths", &m.key);
        let t = Template::parse(&m.key);
        if !t.problems.is_empty() {
            invalid.insert(&m.key);
            for problem in &t.problems {
                sink.emit(
                    &PTH_01,
                    def.at(&at),
                    format!("the path `{}` {problem}", excerpt(&m.key, 80)),
                );
            }
        }
        match lower.get(&m.key.to_lowercase()) {
            Some(first) if *first != m.key => sink.emit(
                &PTH_03,
                def.at(&at),
                format!(
                    "the path `{}` differs from `{}` only by case; merge the two",
                    excerpt(&m.key, 80),
                    excerpt(first, 80)
                ),
            ),
            Some(_) => {}
            None => {
                lower.insert(m.key.to_lowercase(), &m.key);
            }
        }
        if m.value.get("$ref").is_some() {
            sink.emit(
                &PTH_06,
                def.at(&ptr(&at, "$ref")),
                format!(
                    "the path item `{}` is a `$ref`; write its operations under the path itself",
                    excerpt(&m.key, 80)
                ),
            );
        }
    }
    let mut encoding = Tally::new(
        &PTH_07,
        Severity::Warning,
        "path parameters have no `x-ms-url-encoding`",
    );
    let mut reported = HashSet::new();
    let mut unencoded = HashSet::new();
    for op in &def.ops {
        if !invalid.contains(op.path) {
            parameters(sink, def, op, &mut reported);
        }
        for p in def.params(op) {
            if p.location() == "path"
                && p.value.get("x-ms-url-encoding").is_none()
                && unencoded.insert(p.pointer.clone())
            {
                encoding.add_with(
                    || def.at(&p.pointer),
                    format!("{} ({})", p.name(), op.label()),
                    format!(
                        "the path parameter `{}` has no `x-ms-url-encoding`; set `single` (or `double`)",
                        p.name()
                    ),
                );
            }
        }
    }
    encoding.finish(sink);
    duplicates(sink, def);
}

/// PTH-02 on one operation: its template's variables against its path parameters.
fn parameters(sink: &mut Sink, def: &Definition<'_>, op: &Op<'_>, reported: &mut HashSet<String>) {
    let vars = Template::parse(op.path).vars;
    let ps = def.params(op);
    let path_params: Vec<&str> = ps
        .iter()
        .filter(|p| p.location() == "path")
        .map(|p| p.name())
        .collect();
    for v in &vars {
        if path_params.contains(v) {
            continue;
        }
        let hint = match path_params.iter().find(|p| p.eq_ignore_ascii_case(v)) {
            Some(p) => format!("; `{p}` differs only by case"),
            None => String::new(),
        };
        sink.emit(
            &PTH_02,
            def.at(&op.pointer),
            format!(
                "`{}` has no `in: path` parameter named `{v}` for the `{{{v}}}` of its path{hint}",
                op.label()
            ),
        );
    }
    for p in ps.iter().filter(|p| p.location() == "path") {
        if vars.contains(&p.name()) || !reported.insert(p.listed_at.clone()) {
            continue;
        }
        let whose = if p.from_path_item {
            format!("the path `{}`", excerpt(op.path, 80))
        } else {
            format!("the path of `{}`", op.label())
        };
        sink.emit(
            &PTH_02,
            def.at(&p.pointer),
            format!(
                "the path parameter `{}` is not a `{{…}}` of {whose}; add it to the path or change its `in`",
                p.name()
            ),
        );
    }
}

/// A path key, parsed.
#[derive(Debug, Default)]
struct Template<'a> {
    /// The `{…}` names, in order.
    vars: Vec<&'a str>,
    /// What makes it invalid (PTH-01), completing "the path `…` …".
    problems: Vec<String>,
}

impl<'a> Template<'a> {
    fn parse(path: &'a str) -> Self {
        let mut t = Template::default();
        if !path.starts_with('/') {
            t.problems.push("does not start with `/`".to_owned());
        }
        for c in ['?', '#', '*'] {
            if path.contains(c) {
                t.problems.push(if c == '*' {
                    "contains `*`, which the validator does not support".to_owned()
                } else {
                    format!(
                        "contains `{c}`; declare query parameters with `in: query` and percent-encode a literal `{c}`"
                    )
                });
            }
        }
        let mut braces: Option<String> = None;
        let mut defaults = false;
        for seg in path.split('/') {
            let mut open: Option<usize> = None;
            let mut bad = None;
            for (i, c) in seg.char_indices() {
                match c {
                    '{' if open.is_some() => bad = Some("has a `{` inside a `{…}`"),
                    '{' => open = Some(i),
                    '}' => match open.take() {
                        None => bad = Some("has a `}` without its `{`"),
                        Some(s) => match seg.get(s + 1..i) {
                            Some("") | None => bad = Some("has an empty `{}`"),
                            Some(name) => {
                                defaults |= name.contains('=');
                                t.vars.push(name);
                            }
                        },
                    },
                    _ => {}
                }
                if bad.is_some() {
                    break;
                }
            }
            if bad.is_none() && open.is_some() {
                bad = Some("has a `{` that is not closed within its segment");
            }
            if let Some(b) = bad
                && braces.is_none()
            {
                braces = Some(format!("{b} (segment `{}`)", excerpt(seg, 40)));
            }
        }
        t.problems.extend(braces);
        if defaults {
            t.problems
                .push("has a variable with `=`; give the parameter a `default` instead".to_owned());
        }
        t
    }
}

/// One segment of a template, for comparing templates.
#[derive(Debug, PartialEq, Eq, Hash, Clone)]
struct Segment {
    /// Lower-cased, each `{…}` replaced by `{}`.
    text: String,
    /// It holds a `{…}`.
    variable: bool,
}

/// The segments of `path`, lower-cased, variables anonymised.
fn segments(path: &str) -> Vec<Segment> {
    path.split('/')
        .map(|seg| {
            let mut text = String::with_capacity(seg.len());
            let mut inside = false;
            let mut variable = false;
            for c in seg.chars() {
                match c {
                    '{' => {
                        inside = true;
                        variable = true;
                        text.push_str("{}");
                    }
                    '}' if inside => inside = false,
                    _ if inside => {}
                    _ => text.extend(c.to_lowercase()),
                }
            }
            Segment { text, variable }
        })
        .collect()
}

/// Two templates of the same length overlap partly: every pair of segments agrees
/// or involves a variable, and one pair is a variable against a literal.
fn overlap(a: &[Segment], b: &[Segment]) -> Option<usize> {
    let mut first = None;
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if x.variable != y.variable {
            if x.text.is_empty() || y.text.is_empty() {
                return None; // a variable is never empty: `/a/` and `/a/{id}` differ
            }
            first = first.or(Some(i));
        } else if !x.variable && x.text != y.text {
            return None;
        }
    }
    first
}

/// PTH-04 and PTH-05 across the operations.
fn duplicates(sink: &mut Sink, def: &Definition<'_>) {
    let shapes: Vec<Vec<Segment>> = def.ops.iter().map(|op| segments(op.path)).collect();
    let joined = |s: &[Segment]| {
        s.iter()
            .map(|x| x.text.as_str())
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut exact: HashMap<(&str, String), &Op<'_>> = HashMap::new();
    let mut trimmed: HashMap<(&str, String), &Op<'_>> = HashMap::new();
    let mut twins = Tally::new(
        &PTH_04,
        Severity::Warning,
        "operations have a twin path that differs only by a trailing `/`",
    );
    for (op, shape) in def.ops.iter().zip(&shapes) {
        let norm = joined(shape);
        if let Some(&first) = exact.get(&(op.method, norm.clone())) {
            if first.path.to_lowercase() != op.path.to_lowercase() {
                sink.emit(
                    &PTH_04,
                    def.at(&op.pointer),
                    format!(
                        "`{}` and `{}` are both `{} {}` up to variable names; keep one",
                        op.label(),
                        first.label(),
                        op.method.to_ascii_uppercase(),
                        excerpt(first.path, 80)
                    ),
                );
            }
            continue;
        }
        exact.insert((op.method, norm.clone()), op);
        let short = match norm.strip_suffix('/') {
            Some(s) if !s.is_empty() => s.to_owned(),
            _ => norm,
        };
        match trimmed.get(&(op.method, short.clone())) {
            Some(&first) => {
                twins.add_with(
                    || def.at(&op.pointer),
                    op.label(),
                    format!(
                        "`{} {}` and `{} {}` differ only by a trailing `/`; keep one",
                        op.method.to_ascii_uppercase(),
                        excerpt(op.path, 80),
                        first.method.to_ascii_uppercase(),
                        excerpt(first.path, 80)
                    ),
                );
            }
            None => {
                trimmed.insert((op.method, short), op);
            }
        }
    }
    twins.finish(sink);

    let mut partial = Tally::new(
        &PTH_05,
        Severity::Warning,
        "operations have a path that another path of the same method can match",
    );
    let mut groups: HashMap<(&str, usize), Vec<usize>> = HashMap::new();
    for (i, (op, shape)) in def.ops.iter().zip(&shapes).enumerate() {
        groups.entry((op.method, shape.len())).or_default().push(i);
    }
    let mut keys: Vec<&(&str, usize)> = groups.keys().collect();
    keys.sort_by_key(|(m, n)| (METHODS.iter().position(|x| x == m), *n));
    let mut budget = PAIR_BUDGET;
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    'groups: for key in keys {
        let members = groups.get(key).map(Vec::as_slice).unwrap_or_default();
        for (n, &i) in members.iter().enumerate() {
            for &j in members.iter().take(n) {
                if budget == 0 {
                    break 'groups;
                }
                budget -= 1;
                let (Some(a), Some(b)) = (def.ops.get(j), def.ops.get(i)) else {
                    continue;
                };
                if a.path == b.path {
                    continue;
                }
                if let (Some(x), Some(y)) = (shapes.get(j), shapes.get(i))
                    && let Some(at) = overlap(x, y)
                {
                    hits.push((i, j, at));
                }
            }
        }
    }
    hits.sort_unstable();
    for (i, j, seg) in hits {
        let (Some(later), Some(first)) = (def.ops.get(i), def.ops.get(j)) else {
            continue;
        };
        let later_variable = shapes
            .get(i)
            .and_then(|s| s.get(seg))
            .is_some_and(|s| s.variable);
        let (literal, variable) = if later_variable {
            (first.path, later.path)
        } else {
            (later.path, first.path)
        };
        let word = |p: &str| p.split('/').nth(seg).unwrap_or("").to_owned();
        partial.add_with(
            || def.at(&later.pointer),
            format!("{} ~ {}", later.label(), first.label()),
            format!(
                "`{}` and `{}` ({} `{}` and `{}`) can match the same URL: `{}` faces `{}`",
                later.label(),
                first.label(),
                later.method.to_ascii_uppercase(),
                excerpt(later.path, 60),
                excerpt(first.path, 60),
                excerpt(&word(literal), 30),
                excerpt(&word(variable), 30)
            ),
        );
    }
    partial.finish(sink);
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::rules::cases::Case;
    use serde_json::json;

    use Severity::{Error as E, Warning as W};

    /// Moves the path item `from` to the key `to`.
    fn rename(v: &mut serde_json::Value, from: &str, to: &str) {
        let item = v["paths"].as_object_mut().unwrap().remove(from).unwrap();
        v["paths"][to] = item;
    }

    /// A copy of `GET /tasks/{taskId}` under `path`, with the path parameter `name`.
    fn get_copy(v: &mut serde_json::Value, path: &str, id: &str, name: &str) {
        let mut item = json!({"get": v["paths"]["/tasks/{taskId}"]["get"].clone()});
        let mut p = v["paths"]["/tasks/{taskId}"]["parameters"][0].clone();
        p["name"] = name.into();
        item["parameters"] = json!([p]);
        item["get"]["operationId"] = id.into();
        v["paths"][path] = item;
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &PTH_01,
                || with_swagger(|v| rename(v, "/tasks/{taskId}", "/tasks/{taskId=1}")),
                || with_swagger(|v| rename(v, "/tasks/{taskId}", "/tasks/{taskId}.json")),
            ),
            Case::new(
                &PTH_02,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks/{taskId}"]["parameters"][0]["name"] = "taskid".into()
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks/{taskId}"]["parameters"][0]["description"] =
                            "The task.".into()
                    })
                },
            ),
            Case::new(
                &PTH_03,
                || with_swagger(|v| rename(v, "/projects", "/Tasks")),
                || with_swagger(|v| rename(v, "/projects", "/Tasks2")),
            ),
            Case::new(
                &PTH_04,
                || with_swagger(|v| get_copy(v, "/tasks/{id}", "GetTaskById", "id")),
                || with_swagger(|v| get_copy(v, "/tasks/{id}/notes", "GetNotes", "id")),
            ),
            Case::new(
                &PTH_04,
                || with_swagger(|v| rename(v, "/projects", "/tasks/")),
                || with_swagger(|v| rename(v, "/projects", "/tasks/all")),
            )
            .reported_as(W),
            Case::new(
                &PTH_05,
                || with_swagger(|v| rename(v, "/projects", "/tasks/search")),
                || with_swagger(|v| rename(v, "/projects", "/tasks/search/all")),
            ),
            Case::new(
                &PTH_06,
                || with_swagger(|v| v["paths"]["/other"] = json!({"$ref": "#/x-paths/other"})),
                || with_swagger(|v| v["x-paths"] = json!({"other": {"$ref": "#/x"}})),
            ),
            Case::new(
                &PTH_07,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks/{taskId}"]["parameters"][0]
                            .as_object_mut()
                            .unwrap()
                            .remove("x-ms-url-encoding");
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks/{taskId}"]["parameters"][0]["x-ms-url-encoding"] =
                            "double".into()
                    })
                },
            ),
        ]
    }

    fn run(v: &serde_json::Value) -> Vec<(String, Severity)> {
        let f = json_file("apiDefinition.swagger.json", &v.to_string());
        let def = Definition::new(&f, Origin::SourceFolder).unwrap();
        let mut sink = Sink::new();
        check(&mut sink, &def);
        sink.diagnostics()
            .iter()
            .map(|d| (d.code.clone(), d.severity))
            .collect()
    }

    #[test]
    fn good_is_silent() {
        assert!(run(&good_swagger()).is_empty());
    }

    #[test]
    fn templates_parse() {
        let t = Template::parse("/a/{x}/b.{y}/{z}.json");
        assert!(t.problems.is_empty());
        assert_eq!(t.vars, ["x", "y", "z"]);
        for (bad, what) in [
            ("a/{x}", "start"),
            ("/a?b=1", "`?`"),
            ("/a#b", "`#`"),
            ("/a/*", "`*`"),
            ("/a/{x", "not closed"),
            ("/a/{x/y}", "not closed"),
            ("/a/x}", "without its"),
            ("/a/{{x}}", "inside"),
            ("/a/{}", "empty"),
            ("/a/{x=1}", "`=`"),
        ] {
            let t = Template::parse(bad);
            assert!(
                t.problems.iter().any(|p| p.contains(what)),
                "{bad}: {:?}",
                t.problems
            );
        }
        assert!(Template::parse("/a/%7Bx%7D/%3F").problems.is_empty());
        assert!(Template::parse("/é/{ñ}").vars == ["ñ"]);
    }

    #[test]
    fn overlap_needs_a_variable_against_a_literal() {
        let o = |a: &str, b: &str| overlap(&segments(a), &segments(b));
        assert_eq!(o("/items/{id}", "/items/search"), Some(2));
        assert_eq!(o("/Items/search", "/items/{id}"), Some(2));
        assert_eq!(o("/items/{id}", "/items/{key}"), None, "that is PTH-04");
        assert_eq!(o("/items/{id}", "/users/search"), None);
        assert_eq!(o("/{a}/x/{b}", "/s/{c}/t"), Some(1));
        assert_eq!(
            o("/items/", "/items/{id}"),
            None,
            "a variable is never empty"
        );
    }

    #[test]
    fn path_parameters_both_ways() {
        let mut v = good_swagger();
        rename(&mut v, "/tasks/{taskId}", "/tasks/{taskId}/{part}");
        let r = run(&v);
        assert_eq!(r.iter().filter(|d| d.0 == "PTH-02").count(), 3, "{r:?}");
        let mut v = good_swagger();
        rename(&mut v, "/tasks/{taskId}", "/tasks/current");
        assert_eq!(
            run(&v),
            one("PTH-02", E),
            "one finding per listed parameter"
        );
        // a malformed template is PTH-01's alone
        let mut v = good_swagger();
        rename(&mut v, "/tasks/{taskId}", "/tasks/{taskId");
        assert_eq!(run(&v), one("PTH-01", E));
    }

    #[test]
    fn other_methods_are_left_alone() {
        // the same template under another method
        let mut v = good_swagger();
        v["paths"]["/tasks/{id}"] = json!({"post": v["paths"]["/tasks"]["post"].clone()});
        v["paths"]["/tasks/{id}"]["parameters"] =
            json!([v["paths"]["/tasks/{taskId}"]["parameters"][0].clone()]);
        v["paths"]["/tasks/{id}"]["parameters"][0]["name"] = "id".into();
        assert!(run(&v).is_empty(), "{:?}", run(&v));
    }

    #[test]
    fn overlaps_fold() {
        let mut v = good_swagger();
        for w in ["a", "b", "c", "d", "e"] {
            let mut op = v["paths"]["/projects"]["get"].clone();
            op["operationId"] = format!("Get{w}").into();
            v["paths"][format!("/tasks/{w}")] = json!({ "get": op });
        }
        assert_eq!(run(&v), one("PTH-05", W));
    }

    #[test]
    fn many_paths_are_bounded() {
        let mut v = good_swagger();
        let op = v["paths"]["/projects"]["get"].clone();
        for i in 0..2000 {
            let mut o = op.clone();
            o["operationId"] = format!("Op{i}").into();
            v["paths"][format!("/p{i}/x")] = json!({ "get": o });
        }
        let start = std::time::Instant::now();
        let _ = run(&v);
        assert!(start.elapsed().as_secs() < 20);
    }
}
