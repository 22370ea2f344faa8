//! The connector definition (swagger) as the rule families see it: its operations,
//! the parameters that apply to each (path item's and operation's, `$ref`s
//! resolved), local `$ref` resolution, the success response, and a walk over every
//! schema — the vocabulary of validator-rules.md §0, computed once per definition.
//!
//! Everything here is bounded whatever the input: `$ref` chains are followed a fixed
//! number of steps, and schema walks are iterative with a node budget, so neither a
//! deep nor a self-referencing definition can exhaust the stack or the clock.

use foldhash::{HashMap, HashMapExt};

use crate::connector::{JsonFile, Origin};
use crate::model::Location;
use crate::read::json::{Kind, Value};

use super::util::ptr;

/// HTTP methods a path item can hold.
pub const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// How many `$ref` hops are followed before a chain counts as a loop.
pub const MAX_REF_HOPS: usize = 32;

/// How many schema nodes one walk visits at most (the largest merged definition
/// has about 3,100 written schema nodes; a walk with `$ref`s expanded stops here).
pub const WALK_BUDGET: usize = 200_000;

/// One operation of the definition.
#[derive(Debug)]
pub struct Op<'a> {
    /// Pointer to the operation (`/paths/~1tasks/get`).
    pub pointer: String,
    /// The HTTP method (lowercase).
    pub method: &'a str,
    /// The path template.
    pub path: &'a str,
    /// The operation object.
    pub value: &'a Value,
    /// The path item holding it (for shared parameters).
    pub path_item: &'a Value,
    /// Pointer to the path item.
    pub path_pointer: String,
    /// Its position in the definition's list of operations.
    pub index: usize,
}

impl<'a> Op<'a> {
    /// The operationId, when it is a string.
    pub fn id(&self) -> Option<&'a str> {
        self.value.get("operationId").and_then(Value::as_str)
    }

    /// The operationId, or `GET /path` without one.
    pub fn label(&self) -> String {
        match self.id() {
            Some(id) if !id.trim().is_empty() => id.to_owned(),
            _ => format!("{} {}", self.method.to_ascii_uppercase(), self.path),
        }
    }

    /// `x-ms-visibility: internal`: users never see it.
    pub fn is_internal(&self) -> bool {
        is_internal(self.value)
    }

    /// Whether the operation is a trigger (`x-ms-trigger`).
    pub fn is_trigger(&self) -> bool {
        self.value.get("x-ms-trigger").is_some()
    }

    /// Its `x-ms-notification-content`, on the operation or its path item.
    pub fn notification_content(&self) -> Option<&'a Value> {
        self.value
            .get("x-ms-notification-content")
            .or_else(|| self.path_item.get("x-ms-notification-content"))
    }

    /// A webhook trigger: a trigger with notification content.
    pub fn is_webhook(&self) -> bool {
        self.is_trigger() && self.notification_content().is_some()
    }

    /// Whether the operation is marked `deprecated: true`.
    pub fn is_deprecated(&self) -> bool {
        self.value.get("deprecated").and_then(Value::as_bool) == Some(true)
    }
}

/// `x-ms-visibility: internal` on an object.
pub fn is_internal(v: &Value) -> bool {
    v.get("x-ms-visibility")
        .and_then(Value::as_str)
        .is_some_and(|s| s.eq_ignore_ascii_case("internal"))
}

/// The operations of a definition, in document order.
pub fn list(root: &Value) -> Vec<Op<'_>> {
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut ops = Vec::new();
    for p in paths {
        let Some(members) = p.value.as_object() else {
            continue;
        };
        let path_pointer = ptr("/paths", &p.key);
        for m in members {
            if let Some(method) = METHODS.iter().find(|x| **x == m.key) {
                ops.push(Op {
                    index: ops.len(),
                    pointer: ptr(&path_pointer, method),
                    method,
                    path: &p.key,
                    value: &m.value,
                    path_item: &p.value,
                    path_pointer: path_pointer.clone(),
                });
            }
        }
    }
    ops
}

/// A parameter as it applies to an operation.
#[derive(Debug, Clone)]
pub struct Param<'a> {
    /// Where its definition is (the global parameter for a `$ref`).
    pub pointer: String,
    /// Where it is listed (the array entry, which may be a `$ref`).
    pub listed_at: String,
    /// The definition.
    pub value: &'a Value,
    /// Listed on the path item rather than the operation.
    pub from_path_item: bool,
}

impl<'a> Param<'a> {
    /// A string member.
    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.value.get(key).and_then(Value::as_str)
    }
    /// `name` (or `?`).
    pub fn name(&self) -> &'a str {
        self.str("name").unwrap_or("?")
    }
    /// `in` (or empty).
    pub fn location(&self) -> &'a str {
        self.str("in").unwrap_or("")
    }
    /// `required: true`.
    pub fn required(&self) -> bool {
        self.value.get("required").and_then(Value::as_bool) == Some(true)
    }
    /// `x-ms-visibility: internal`.
    pub fn internal(&self) -> bool {
        is_internal(self.value)
    }
    /// `in: body`.
    pub fn is_body(&self) -> bool {
        self.location() == "body"
    }
}

/// The definition with its operations, computed once and shared by the families.
pub struct Definition<'a> {
    /// The file (for locations).
    pub file: &'a JsonFile,
    /// The root value.
    pub root: &'a Value,
    /// Where the definition was read: a source folder (the open-source repository)
    /// or a solution (what Partner Center certifies).
    pub origin: Origin,
    /// Every operation, in document order.
    pub ops: Vec<Op<'a>>,
    by_id: HashMap<&'a str, usize>,
    /// The parameters that apply to each operation, computed once.
    params: Vec<Vec<Param<'a>>>,
}

impl<'a> Definition<'a> {
    /// The definition of `file` (read from `origin`), when it parsed.
    pub fn new(file: &'a JsonFile, origin: Origin) -> Option<Self> {
        let root = file.root()?;
        let ops = list(root);
        let mut by_id = HashMap::new();
        for (i, op) in ops.iter().enumerate() {
            if let Some(id) = op.id() {
                by_id.entry(id).or_insert(i);
            }
        }
        let mut def = Definition {
            file,
            root,
            origin,
            ops,
            by_id,
            params: Vec::new(),
        };
        def.params = def.ops.iter().map(|op| def.effective_params(op)).collect();
        Some(def)
    }

    /// The place of `pointer` in the file.
    pub fn at(&self, pointer: &str) -> Location {
        self.file.at(pointer)
    }

    /// The operation with this operationId (the first, when it is not unique).
    pub fn op(&self, id: &str) -> Option<&Op<'a>> {
        self.by_id.get(id).map(|&i| &self.ops[i])
    }

    /// Follows a local `$ref` chain from `v` (at `at`): the pointer and value it ends
    /// at. `v` itself when it has no `$ref`; `None` when a `$ref` is not a local
    /// pointer, does not resolve, or loops.
    pub fn resolve(&self, v: &'a Value, at: &str) -> Option<(String, &'a Value)> {
        let mut cur = v;
        let mut pointer = at.to_owned();
        for _ in 0..MAX_REF_HOPS {
            let Some(r) = cur.get("$ref") else {
                return Some((pointer, cur));
            };
            let target = r.as_str()?.strip_prefix('#')?;
            cur = self.root.pointer(target)?;
            target.clone_into(&mut pointer);
        }
        None
    }

    /// The parameters that apply to `op`: the path item's, then the operation's,
    /// `$ref`s resolved, an operation entry replacing a path-item entry with the same
    /// (`name`, `in`). Entries whose `$ref` does not resolve are left out (SCH-01
    /// reports them).
    pub fn params(&self, op: &Op<'a>) -> &[Param<'a>] {
        self.params.get(op.index).map_or(&[], Vec::as_slice)
    }

    fn effective_params(&self, op: &Op<'a>) -> Vec<Param<'a>> {
        let mut out: Vec<Param<'a>> = Vec::new();
        let mut seen: HashMap<(&'a str, &'a str), usize> = HashMap::new();
        let lists = [
            (op.path_item.get("parameters"), &op.path_pointer, true),
            (op.value.get("parameters"), &op.pointer, false),
        ];
        for (list, base, from_path_item) in lists {
            let Some(items) = list.and_then(Value::as_array) else {
                continue;
            };
            let base = ptr(base, "parameters");
            for (i, item) in items.iter().enumerate() {
                let listed_at = format!("{base}/{i}");
                let Some((pointer, value)) = self.resolve(item, &listed_at) else {
                    continue;
                };
                let field = |k: &str| value.get(k).and_then(Value::as_str).unwrap_or("");
                let key = (field("name"), field("in"));
                let p = Param {
                    pointer,
                    listed_at,
                    value,
                    from_path_item,
                };
                match seen.get(&key) {
                    Some(&at) => out[at] = p,
                    None => {
                        seen.insert(key, out.len());
                        out.push(p);
                    }
                }
            }
        }
        out
    }

    /// The operation's body parameter and its schema, resolved: (pointer of the
    /// schema, schema).
    pub fn body_schema(&self, op: &Op<'a>) -> Option<(Param<'a>, String, &'a Value)> {
        let body = self.params(op).iter().find(|p| p.is_body())?.clone();
        let at = ptr(&body.pointer, "schema");
        let (pointer, schema) = self.resolve(body.value.get("schema")?, &at)?;
        Some((body, pointer, schema))
    }

    /// The operation's responses, each resolved: (status key, pointer, response).
    pub fn responses(&self, op: &Op<'a>) -> Vec<(&'a str, String, &'a Value)> {
        let base = ptr(&op.pointer, "responses");
        op.value
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or_default()
            .iter()
            .filter_map(|m| {
                let (p, v) = self.resolve(&m.value, &ptr(&base, &m.key))?;
                Some((m.key.as_str(), p, v))
            })
            .collect()
    }

    /// The success response: the first `2xx`, else `default` (validator-rules.md §0).
    pub fn success_response(&self, op: &Op<'a>) -> Option<(&'a str, String, &'a Value)> {
        let rs = self.responses(op);
        let i = rs
            .iter()
            .position(|(k, _, _)| is_success(k))
            .or_else(|| rs.iter().position(|(k, _, _)| *k == "default"))?;
        rs.into_iter().nth(i)
    }

    /// The schema the operation returns: its success response's schema, or the
    /// notification content's schema for a webhook trigger; resolved.
    pub fn output_schema(&self, op: &Op<'a>) -> Option<(String, &'a Value)> {
        if let Some((_, p, r)) = self.success_response(op)
            && let Some(s) = r.get("schema")
        {
            return self.resolve(s, &ptr(&p, "schema"));
        }
        let nc = op.notification_content()?;
        let at = if op.value.get("x-ms-notification-content").is_some() {
            ptr(&op.pointer, "x-ms-notification-content")
        } else {
            ptr(&op.path_pointer, "x-ms-notification-content")
        };
        self.resolve(nc.get("schema")?, &ptr(&at, "schema"))
    }

    /// Every schema as written (not expanded): root definitions, global parameters'
    /// and responses' schemas, each operation's parameter and response schemas, and
    /// notification content. Each root is given once with its role.
    pub fn schema_roots(&self) -> Vec<SchemaRoot<'a>> {
        let mut out = Vec::new();
        let named = |key: &str| -> &'a [crate::read::json::Member] {
            self.root
                .get(key)
                .and_then(Value::as_object)
                .unwrap_or_default()
        };
        for m in named("definitions") {
            out.push(SchemaRoot {
                pointer: ptr("/definitions", &m.key),
                value: &m.value,
                role: Role::Definition,
            });
        }
        for m in named("parameters") {
            if let Some(s) = m.value.get("schema") {
                out.push(SchemaRoot {
                    pointer: ptr(&ptr("/parameters", &m.key), "schema"),
                    value: s,
                    role: Role::Request,
                });
            }
        }
        for m in named("responses") {
            if let Some(s) = m.value.get("schema") {
                out.push(SchemaRoot {
                    pointer: ptr(&ptr("/responses", &m.key), "schema"),
                    value: s,
                    role: Role::Response,
                });
            }
        }
        let mut seen_items = std::collections::HashSet::new();
        for op in &self.ops {
            let lists = [
                (op.path_item.get("parameters"), &op.path_pointer),
                (op.value.get("parameters"), &op.pointer),
            ];
            for (list, base) in lists {
                if base == &op.path_pointer && !seen_items.insert(base.clone()) {
                    continue;
                }
                let base = ptr(base, "parameters");
                for (i, p) in list
                    .and_then(Value::as_array)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    if let Some(s) = p.get("schema") {
                        out.push(SchemaRoot {
                            pointer: format!("{base}/{i}/schema"),
                            value: s,
                            role: Role::Request,
                        });
                    }
                }
            }
            let base = ptr(&op.pointer, "responses");
            for m in op
                .value
                .get("responses")
                .and_then(Value::as_object)
                .unwrap_or_default()
            {
                if let Some(s) = m.value.get("schema") {
                    out.push(SchemaRoot {
                        pointer: ptr(&ptr(&base, &m.key), "schema"),
                        value: s,
                        role: Role::Response,
                    });
                }
            }
            if let Some(s) = op
                .value
                .get("x-ms-notification-content")
                .and_then(|n| n.get("schema"))
            {
                out.push(SchemaRoot {
                    pointer: ptr(&ptr(&op.pointer, "x-ms-notification-content"), "schema"),
                    value: s,
                    role: Role::Response,
                });
            }
        }
        let mut seen_paths = std::collections::HashSet::new();
        for op in &self.ops {
            if seen_paths.insert(op.path_pointer.clone())
                && let Some(s) = op
                    .path_item
                    .get("x-ms-notification-content")
                    .and_then(|n| n.get("schema"))
            {
                out.push(SchemaRoot {
                    pointer: ptr(
                        &ptr(&op.path_pointer, "x-ms-notification-content"),
                        "schema",
                    ),
                    value: s,
                    role: Role::Response,
                });
            }
        }
        out
    }

    /// Walks the schema `start` (at `pointer`) depth first, without recursion:
    /// `visit` sees every schema node with its pointer and depth, and says whether to
    /// descend. With `expand`, `$ref`s are followed (each target at most once per
    /// branch, so cycles are cut; `pointer` then names where the node is written).
    /// Stops after [`WALK_BUDGET`] nodes; returns whether it finished.
    pub fn walk(
        &self,
        start: &'a Value,
        pointer: &str,
        expand: bool,
        mut visit: impl FnMut(&Node<'a>) -> bool,
    ) -> bool {
        // The `$ref`s followed on each branch, as a tree: (parent, target, length).
        // A stack entry names its branch's last one, so nothing is copied per node.
        let mut chains: Vec<(Option<usize>, &'a str, usize)> = Vec::new();
        let mut stack: Vec<(Node<'a>, Option<usize>)> = vec![(
            Node {
                value: start,
                pointer: pointer.to_owned(),
                depth: 0,
                step: Step::Root,
                required: false,
            },
            None,
        )];
        let on_branch =
            |chains: &[(Option<usize>, &'a str, usize)], mut at: Option<usize>, target: &str| {
                while let Some(i) = at {
                    let (parent, t, _) = chains[i];
                    if t == target {
                        return true;
                    }
                    at = parent;
                }
                target == pointer
            };
        let mut visited = 0usize;
        let mut kids = Vec::new();
        while let Some((mut node, mut chain)) = stack.pop() {
            visited += 1;
            if visited > WALK_BUDGET {
                return false;
            }
            if expand && let Some(r) = node.value.get("$ref").and_then(Value::as_str) {
                let Some(target) = r.strip_prefix('#') else {
                    continue;
                };
                let len = chain.map_or(0, |i| chains[i].2);
                if len >= MAX_REF_HOPS * 4 || on_branch(&chains, chain, target) {
                    continue;
                }
                let Some(v) = self.root.pointer(target) else {
                    continue;
                };
                chains.push((chain, target, len + 1));
                chain = Some(chains.len() - 1);
                node.value = v;
                node.pointer = target.to_owned();
            }
            if !visit(&node) {
                continue;
            }
            let required: Vec<&str> = match node.value.get("required").map(|r| &r.kind) {
                Some(Kind::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            kids.clear();
            children(node.value, &node.pointer, &required, &mut kids);
            for (step, p, v, req) in kids.drain(..).rev() {
                stack.push((
                    Node {
                        value: v,
                        pointer: p,
                        depth: node.depth + 1,
                        step,
                        required: req,
                    },
                    chain,
                ));
            }
        }
        true
    }
}

/// What a written schema root is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A root `definitions` entry (used anywhere).
    Definition,
    /// A body parameter's schema: what the user sends.
    Request,
    /// A response or notification schema: what the service returns.
    Response,
}

/// A schema root as written.
#[derive(Debug, Clone)]
pub struct SchemaRoot<'a> {
    /// Where it is.
    pub pointer: String,
    /// The schema.
    pub value: &'a Value,
    /// What it is for.
    pub role: Role,
}

/// How a schema node was reached from its parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<'a> {
    /// The start of the walk.
    Root,
    /// `properties/<name>`.
    Property(&'a str),
    /// `items` (an object) or `items/<i>` (a tuple).
    Items,
    /// `additionalProperties` (an object).
    AdditionalProperties,
    /// `allOf/<i>`.
    AllOf,
}

/// One schema node met by [`Definition::walk`].
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// The schema object.
    pub value: &'a Value,
    /// Where it is written.
    pub pointer: String,
    /// Levels below the start (`properties`, `items`, `additionalProperties`,
    /// `allOf` each add one).
    pub depth: usize,
    /// How it was reached.
    pub step: Step<'a>,
    /// A property listed in its parent's `required`.
    pub required: bool,
}

fn children<'a>(
    v: &'a Value,
    at: &str,
    required: &[&str],
    out: &mut Vec<(Step<'a>, String, &'a Value, bool)>,
) {
    if let Some(props) = v.get("properties").and_then(Value::as_object) {
        let base = ptr(at, "properties");
        for m in props {
            if matches!(m.value.kind, Kind::Object(_)) {
                out.push((
                    Step::Property(&m.key),
                    ptr(&base, &m.key),
                    &m.value,
                    required.contains(&m.key.as_str()),
                ));
            }
        }
    }
    match v.get("items").map(|i| &i.kind) {
        Some(Kind::Object(_)) => {
            if let Some(i) = v.get("items") {
                out.push((Step::Items, ptr(at, "items"), i, false));
            }
        }
        Some(Kind::Array(items)) => {
            for (n, i) in items.iter().enumerate() {
                out.push((Step::Items, format!("{at}/items/{n}"), i, false));
            }
        }
        _ => {}
    }
    if let Some(a) = v.get("additionalProperties")
        && matches!(a.kind, Kind::Object(_))
    {
        out.push((
            Step::AdditionalProperties,
            ptr(at, "additionalProperties"),
            a,
            false,
        ));
    }
    if let Some(all) = v.get("allOf").and_then(Value::as_array) {
        for (n, s) in all.iter().enumerate() {
            out.push((Step::AllOf, format!("{at}/allOf/{n}"), s, false));
        }
    }
}

/// `2xx` (or `2XX`): a success status.
pub fn is_success(code: &str) -> bool {
    code.len() == 3 && code.starts_with('2')
}

#[cfg(test)]
mod tests {
    use super::super::testing::json_file;
    use super::*;
    use serde_json::json;

    fn def_of(v: &serde_json::Value) -> JsonFile {
        json_file("a.json", &v.to_string())
    }

    #[test]
    fn params_merge_path_item_and_operation() {
        let f = def_of(
            &json!({"swagger": "2.0", "parameters": {"Id": {"name": "id", "in": "path", "type": "string"}},
            "paths": {"/a/{id}": {"parameters": [{"$ref": "#/parameters/Id"}, {"name": "q", "in": "query", "type": "string"}],
                "get": {"parameters": [{"name": "q", "in": "query", "type": "integer"}]}}}}),
        );
        let d = Definition::new(&f, Origin::SourceFolder).unwrap();
        let ps = d.params(&d.ops[0]);
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[0].pointer, "/parameters/Id");
        assert_eq!(ps[1].str("type"), Some("integer"), "the operation's wins");
    }

    #[test]
    fn resolve_stops_on_loops() {
        let f = def_of(
            &json!({"definitions": {"A": {"$ref": "#/definitions/B"}, "B": {"$ref": "#/definitions/A"}}}),
        );
        let d = Definition::new(&f, Origin::SourceFolder).unwrap();
        let a = d.root.pointer("/definitions/A").unwrap();
        assert!(d.resolve(a, "/definitions/A").is_none());
    }

    #[test]
    fn walk_cuts_cycles_and_is_bounded() {
        let f = def_of(&json!({"definitions": {
            "Node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/Node"}, "name": {"type": "string"}}}}}));
        let d = Definition::new(&f, Origin::SourceFolder).unwrap();
        let start = d.root.pointer("/definitions/Node").unwrap();
        let mut n = 0;
        assert!(d.walk(start, "/definitions/Node", true, |_| {
            n += 1;
            true
        }));
        assert_eq!(
            n, 2,
            "Node and name: next is Node again, so the cycle is cut there"
        );
        // a wide, deep DAG of refs stops at the budget instead of exploding
        let defs = crate::rules::content::testing::ref_lattice(json!({"type": "object"}));
        let f = def_of(&json!({ "definitions": defs }));
        let d = Definition::new(&f, Origin::SourceFolder).unwrap();
        let start = d.root.pointer("/definitions/D0").unwrap();
        assert!(!d.walk(start, "/definitions/D0", true, |_| true));
    }

    #[test]
    fn success_is_2xx_else_default() {
        let f = def_of(
            &json!({"paths": {"/a": {"get": {"responses": {"default": {"description": "x"}, "404": {"description": "y"}}},
            "post": {"responses": {"default": {"description": "x"}, "201": {"description": "y"}}}}}}),
        );
        let d = Definition::new(&f, Origin::SourceFolder).unwrap();
        assert_eq!(d.success_response(&d.ops[0]).map(|r| r.0), Some("default"));
        assert_eq!(d.success_response(&d.ops[1]).map(|r| r.0), Some("201"));
    }
}
