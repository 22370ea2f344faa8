//! One walk over the whole document, without recursion and with a node budget,
//! collecting the objects that carry the extensions EXT looks at, wherever they are
//! written. Examples and defaults are skipped: they are data, not definitions.

use crate::read::json::{Kind, Value};

use super::super::util::{Path, Segment, ptr};

/// At most this many JSON values are visited (the largest merged definition has
/// about 120,000).
const BUDGET: usize = 2_000_000;

/// Members whose content is data, not definitions.
const DATA: &[&str] = &[
    "example",
    "examples",
    "x-ms-examples",
    "default",
    "x-ms-test-value",
];

/// Members that make an object a dynamic node.
pub(super) const DYNAMIC: &[&str] = &[
    "x-ms-dynamic-values",
    "x-ms-dynamic-schema",
    "x-ms-dynamic-list",
    "x-ms-dynamic-properties",
    "x-ms-dynamic-tree",
    "x-ms-capabilities",
];

/// An object found, with its pointer.
#[derive(Debug)]
pub(super) struct Hit<'a> {
    pub pointer: String,
    pub node: &'a Value,
}

/// What the walk found.
#[derive(Debug, Default)]
pub(super) struct Found<'a> {
    /// Objects with a dynamic extension or `x-ms-capabilities`.
    pub dynamic: Vec<Hit<'a>>,
    /// Objects with `x-ms-enum-values`.
    pub enum_values: Vec<Hit<'a>>,
    /// Objects with `x-ms-pageable`.
    pub pageable: Vec<Hit<'a>>,
    /// Objects with `x-ms-editor`.
    pub editor: Vec<Hit<'a>>,
    /// Objects with `filterFunctions`.
    pub filters: Vec<Hit<'a>>,
    /// Pointers of `selectedItemValuePath` members outside `x-ms-dynamic-tree.browse`.
    pub misplaced_selected: Vec<String>,
}

/// Where the walk is, for `selectedItemValuePath`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Plain,
    /// Directly inside an `x-ms-dynamic-tree` object.
    Tree,
    /// Anywhere under `x-ms-dynamic-tree.browse`.
    Browse,
}

/// Walks `root`.
pub(super) fn scan(root: &Value) -> Found<'_> {
    let mut found = Found::default();
    let mut path = Path::default();
    // (value, depth, segment leading to it, context)
    let mut stack: Vec<(&Value, usize, Option<Segment<'_>>, Ctx)> =
        vec![(root, 0, None, Ctx::Plain)];
    let mut visited = 0usize;
    while let Some((v, depth, seg, ctx)) = stack.pop() {
        visited += 1;
        if visited > BUDGET {
            break;
        }
        if let Some(seg) = seg {
            path.set(depth - 1, seg);
        }
        let here = |path: &Path<'_>| {
            if depth == 0 {
                String::new()
            } else {
                path.pointer("")
            }
        };
        match &v.kind {
            Kind::Object(members) => {
                let (mut dynamic, mut enums, mut pageable, mut editor, mut filters) =
                    (false, false, false, false, false);
                for m in members {
                    match m.key.as_str() {
                        k if DYNAMIC.contains(&k) => dynamic = true,
                        "x-ms-enum-values" => enums = true,
                        "x-ms-pageable" => pageable = true,
                        "x-ms-editor" => editor = true,
                        "filterFunctions" => filters = true,
                        "selectedItemValuePath" if ctx != Ctx::Browse => {
                            found
                                .misplaced_selected
                                .push(ptr(&here(&path), "selectedItemValuePath"));
                        }
                        _ => {}
                    }
                }
                if dynamic || enums || pageable || editor || filters {
                    let pointer = here(&path);
                    for (flag, list) in [
                        (dynamic, &mut found.dynamic),
                        (enums, &mut found.enum_values),
                        (pageable, &mut found.pageable),
                        (editor, &mut found.editor),
                        (filters, &mut found.filters),
                    ] {
                        if flag {
                            list.push(Hit {
                                pointer: pointer.clone(),
                                node: v,
                            });
                        }
                    }
                }
                for m in members.iter().rev() {
                    if DATA.contains(&m.key.as_str()) {
                        continue;
                    }
                    if !matches!(m.value.kind, Kind::Object(_) | Kind::Array(_)) {
                        continue;
                    }
                    let next = match (ctx, m.key.as_str()) {
                        (_, "x-ms-dynamic-tree") => Ctx::Tree,
                        (Ctx::Tree, "browse") | (Ctx::Browse, _) => Ctx::Browse,
                        _ => Ctx::Plain,
                    };
                    stack.push((&m.value, depth + 1, Some(Segment::Key(&m.key)), next));
                }
            }
            Kind::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    if matches!(item.kind, Kind::Object(_) | Kind::Array(_)) {
                        stack.push((item, depth + 1, Some(Segment::Index(i)), ctx));
                    }
                }
            }
            _ => {}
        }
    }
    found
}
