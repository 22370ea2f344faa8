//! BRK-31…36: two versions of a Power Query connector compared by their section
//! documents (updates-and-breaking-changes.md §2.5, §3 and §6): the shared
//! functions by name, the data source path of the data source functions (their
//! required parameters by name, type and order; a parameter is not in the path when
//! it is `optional` or its type carries `DataSource.Path = false`) and, the path
//! being the same, the number and places of their required arguments, the Data
//! Source Kinds by name and their authentication kinds. Nothing is evaluated: what
//! [`crate::pq`] reads statically is compared, with hash lookups only, so the time
//! is linear in the documents' sizes.
//!
//! Every finding names both places: `location` in the new document (for something
//! removed, the nearest place that still exists) and `previous` in the old one. A
//! breaking change (BRK-31…33) whose version's major part did not go up says so:
//! in Power Query versioning, major means breaking. BRK-34 (navigation items and
//! columns) is listed with `offline: false`: the navigation table is built when the
//! connector runs.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::{BRK_31, BRK_32, BRK_33, BRK_35, BRK_36, Found};
use crate::model::Location;
use crate::pq::{Document, Literal, Param, PqConnector, SharedFunction};
use crate::rules::Rule;
use crate::rules::pq::parse_version;

/// How many parameters a message lists before `…`.
const SHOWN_PARAMS: usize = 12;

/// Every BRK-31…36 finding of `previous` → `current` (nothing when either has no
/// section document: the check of the `.mez` itself reports that).
pub(crate) fn compare<'a>(previous: &'a PqConnector, current: &'a PqConnector) -> Vec<Found> {
    let (Some(old), Some(new)) = (previous.document.as_ref(), current.document.as_ref()) else {
        return Vec::new();
    };
    let mut c = Cmp {
        old,
        new,
        found: Vec::new(),
    };
    c.functions();
    c.kinds();
    // the M files whose text changed: the section document, and each module added,
    // removed or edited (a fix in a `.pqm` alone is a patch too)
    let mut changed: Vec<&str> = Vec::new();
    if old.text != new.text {
        changed.push(&new.name);
    }
    let text_of = |c: &'a PqConnector, name: &str| {
        c.module_documents
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.text.as_str())
    };
    for m in &current.module_documents {
        if text_of(previous, &m.name) != Some(m.text.as_str()) {
            changed.push(&m.name);
        }
    }
    for m in &previous.module_documents {
        if text_of(current, &m.name).is_none() {
            changed.push(&m.name);
        }
    }
    if c.found.is_empty() && !changed.is_empty() {
        c.patch(&changed);
    }
    c.major_note();
    c.found
}

struct Cmp<'a> {
    old: &'a Document,
    new: &'a Document,
    found: Vec<Found>,
}

/// The nearest place of a document that always exists: the section's name, else
/// the version adornment, else the start.
fn anchor(doc: &Document) -> Location {
    let at = doc
        .section
        .name
        .as_ref()
        .map(|n| doc.offset(n.1))
        .or_else(|| doc.version.as_ref().map(|v| v.1))
        .unwrap_or(0);
    doc.at(at)
}

/// The version as written and parsed, when it is a text literal.
fn version(doc: &Document) -> Option<(String, (u64, u64, u64))> {
    match &doc.version {
        Some((Literal::Text(v), _)) => Some((v.clone(), parse_version(v)?)),
        _ => None,
    }
}

fn required(f: &SharedFunction) -> Vec<&Param> {
    f.params.iter().filter(|p| !p.optional).collect()
}

/// What a data source path is compared by: each parameter's name and type, in
/// order (not its documentation).
fn signature_key<'p>(params: &[&'p Param]) -> Vec<(&'p str, Option<&'p str>)> {
    params
        .iter()
        .map(|p| (p.name.as_str(), p.type_name.as_deref()))
        .collect()
}

/// The parameters that make the data source path ([`Param::in_path`]).
fn path(f: &SharedFunction) -> Vec<&Param> {
    f.params.iter().filter(|p| p.in_path()).collect()
}

/// The places of the required arguments: a path parameter by its name and type, one
/// outside the path (`DataSource.Path = false`) by its place alone (calls pass
/// arguments by position, so its name does not matter).
fn places(f: &SharedFunction) -> Vec<Option<(&str, Option<&str>)>> {
    required(f)
        .into_iter()
        .map(|p| (!p.path_excluded).then_some((p.name.as_str(), p.type_name.as_deref())))
        .collect()
}

/// `(url as text, count as number)`, at most [`SHOWN_PARAMS`] of them; a parameter
/// outside the data source path is shown with its `meta [DataSource.Path = false]`.
fn signature(params: &[&Param]) -> String {
    let mut parts: Vec<String> = params
        .iter()
        .take(SHOWN_PARAMS)
        .map(|p| {
            let mut s = match &p.type_name {
                Some(t) => format!("{} as {t}", p.name),
                None => p.name.clone(),
            };
            if p.path_excluded {
                s.push_str(" meta [DataSource.Path = false]");
            }
            s
        })
        .collect();
    if params.len() > SHOWN_PARAMS {
        parts.push("…".into());
    }
    format!("({})", parts.join(", "))
}

/// The key a renamed function is recognised by: its kind and required parameters.
fn shape(f: &SharedFunction) -> (Option<&str>, Vec<(&str, Option<&str>)>) {
    (f.kind.as_deref(), signature_key(&required(f)))
}

impl Cmp<'_> {
    fn push(
        &mut self,
        rule: &'static Rule,
        location: Location,
        previous: Location,
        message: String,
        text: String,
        function: Option<&str>,
    ) {
        let op = function.map(|f| (f.to_owned(), None));
        self.found
            .push(Found::new(rule, location, previous, message, text, op));
    }

    /// BRK-31 (a shared function removed), BRK-32 (a data source function's
    /// required parameters), BRK-35 (a function or an optional parameter added).
    fn functions(&mut self) {
        let (old, new) = (self.old, self.new);
        let old_by: HashMap<&str, &SharedFunction> =
            old.functions.iter().map(|f| (f.name.as_str(), f)).collect();
        let new_by: HashMap<&str, &SharedFunction> =
            new.functions.iter().map(|f| (f.name.as_str(), f)).collect();
        let mut added_by_shape = HashMap::new();
        for f in &new.functions {
            if !old_by.contains_key(f.name.as_str()) {
                // a shape shared by two added functions names no rename
                added_by_shape
                    .entry(shape(f))
                    .and_modify(|t: &mut Option<&SharedFunction>| *t = None)
                    .or_insert(Some(f));
            }
        }
        for of in &old.functions {
            let Some(nf) = new_by.get(of.name.as_str()) else {
                let twin = added_by_shape.get(&shape(of)).copied().flatten();
                let (at, hint) = match twin {
                    Some(t) => (
                        new.at(t.offset),
                        format!(
                            " It looks renamed to `{}`: keep `{}` as a shared alias.",
                            t.name, of.name
                        ),
                    ),
                    None => (
                        anchor(new),
                        " Keep it, or raise the major version.".to_owned(),
                    ),
                };
                self.push(
                    &BRK_31,
                    at,
                    old.at(of.offset),
                    format!(
                        "The shared function `{}` is gone: queries that call it by name fail.{hint}",
                        of.name
                    ),
                    format!(
                        "The `{}` function was removed: queries that call it must be changed.",
                        of.name
                    ),
                    Some(&of.name),
                );
                continue;
            };
            if of.kind.is_some() || nf.kind.is_some() {
                let (before, now) = (path(of), path(nf));
                let outside = required(of)
                    .iter()
                    .chain(&required(nf))
                    .any(|p| p.path_excluded);
                if signature_key(&before) != signature_key(&now) {
                    self.push(
                        &BRK_32,
                        new.at(nf.offset),
                        old.at(of.offset),
                        format!(
                            "The required parameters {}of the data source function `{}` changed from `{}` to \
                             `{}`: the data source path changes, so existing queries and stored credentials \
                             no longer match. Add new inputs as `optional` parameters or in a final \
                             `optional options as record`.",
                            if outside {
                                "that make the data source path (those without `DataSource.Path = false`) "
                            } else {
                                ""
                            },
                            nf.name,
                            signature(&before),
                            signature(&now)
                        ),
                        format!(
                            "The `{}` function takes other required inputs: existing queries must be changed \
                             and users must sign in again.",
                            nf.name
                        ),
                        Some(&nf.name),
                    );
                } else if places(of) != places(nf) {
                    // the same path, other required arguments: calls break, credentials do not
                    self.push(
                        &BRK_32,
                        new.at(nf.offset),
                        old.at(of.offset),
                        format!(
                            "The data source function `{}` takes other required arguments, `{}` before and \
                             `{}` now: queries that call it with the old arguments fail. Its data source path \
                             is the same (a parameter with `DataSource.Path = false` is not part of it), so \
                             stored credentials still match. Add new inputs as `optional` parameters or in a \
                             final `optional options as record`.",
                            nf.name,
                            signature(&required(of)),
                            signature(&required(nf))
                        ),
                        format!(
                            "The `{}` function takes other required inputs: existing queries must be changed.",
                            nf.name
                        ),
                        Some(&nf.name),
                    );
                }
            }
            let known: HashSet<&str> = of.params.iter().map(|p| p.name.as_str()).collect();
            let fresh: Vec<&str> = nf
                .params
                .iter()
                .filter(|p| p.optional && !known.contains(p.name.as_str()))
                .map(|p| p.name.as_str())
                .collect();
            if !fresh.is_empty() {
                let list = fresh
                    .iter()
                    .take(SHOWN_PARAMS)
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let s = if fresh.len() == 1 { "" } else { "s" };
                self.push(
                    &BRK_35,
                    new.at(nf.offset),
                    old.at(of.offset),
                    format!(
                        "The function `{}` has the new optional parameter{s} {list}: not breaking.",
                        nf.name
                    ),
                    format!(
                        "The `{}` function takes the new optional input{s} {list}.",
                        nf.name
                    ),
                    Some(&nf.name),
                );
            }
        }
        for nf in &new.functions {
            if !old_by.contains_key(nf.name.as_str()) {
                self.push(
                    &BRK_35,
                    new.at(nf.offset),
                    anchor(old),
                    format!("The shared function `{}` is new: not breaking.", nf.name),
                    format!("Added the `{}` function.", nf.name),
                    Some(&nf.name),
                );
            }
        }
    }

    /// BRK-31 (a Data Source Kind removed), BRK-33 (an authentication kind removed),
    /// BRK-35 (a kind or an authentication kind added).
    fn kinds(&mut self) {
        let (old, new) = (self.old, self.new);
        let new_by: HashMap<&str, usize> = new
            .kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| k.defined)
            .map(|(i, k)| (k.name.as_str(), i))
            .collect();
        let mut old_names = HashSet::with_capacity(old.kinds.len());
        for ok in old.kinds.iter().filter(|k| k.defined) {
            old_names.insert(ok.name.as_str());
            let Some(&i) = new_by.get(ok.name.as_str()) else {
                self.push(
                    &BRK_31,
                    anchor(new),
                    old.at(ok.offset),
                    format!(
                        "The Data Source Kind `{}` is gone: credentials are stored per kind, so users must \
                         sign in again and existing queries do not find their data source. Keep the kind.",
                        ok.name
                    ),
                    format!(
                        "The `{}` data source was renamed or removed: users must sign in again.",
                        ok.name
                    ),
                    None,
                );
                continue;
            };
            let nk = &new.kinds[i];
            let (Some(oa), Some(na)) = (&ok.authentication, &nk.authentication) else {
                continue;
            };
            let now: HashSet<&str> = na.iter().map(|a| a.name.as_str()).collect();
            let before: HashSet<&str> = oa.iter().map(|a| a.name.as_str()).collect();
            for a in oa.iter().filter(|a| !now.contains(a.name.as_str())) {
                self.push(
                    &BRK_33,
                    new.at(nk.offset),
                    old.at(a.offset),
                    format!(
                        "The authentication kind `{}` of the Data Source Kind `{}` is gone: credentials \
                         stored with it stop working. Keep it and add new kinds next to it.",
                        a.name, nk.name
                    ),
                    format!(
                        "Signing in with `{}` is no longer offered: users who chose it must sign in again \
                         another way.",
                        a.name
                    ),
                    None,
                );
            }
            for a in na.iter().filter(|a| !before.contains(a.name.as_str())) {
                self.push(
                    &BRK_35,
                    new.at(a.offset),
                    old.at(ok.offset),
                    format!(
                        "The Data Source Kind `{}` offers the new authentication kind `{}`: not breaking.",
                        nk.name, a.name
                    ),
                    format!("Users can now sign in with `{}`.", a.name),
                    None,
                );
            }
        }
        for nk in new.kinds.iter().filter(|k| k.defined) {
            if !old_names.contains(nk.name.as_str()) {
                self.push(
                    &BRK_35,
                    new.at(nk.offset),
                    anchor(old),
                    format!("The Data Source Kind `{}` is new: not breaking.", nk.name),
                    format!("Added the `{}` data source.", nk.name),
                    None,
                );
            }
        }
    }

    /// BRK-36: the M files `changed` (the section document, modules) changed, the
    /// connector's shape did not.
    fn patch(&mut self, changed: &[&str]) {
        let (old, new) = (self.old, self.new);
        let at = |d: &Document| d.version.as_ref().map_or_else(|| anchor(d), |v| d.at(v.1));
        let versions = match (version(old), version(new)) {
            (Some((ot, o)), Some((nt, n))) if (n.0, n.1) > (o.0, o.1) => format!(
                " The version went from `{ot}` to `{nt}`: raising the patch part (`{}.{}.{}`) would do.",
                o.0,
                o.1,
                o.2.saturating_add(1)
            ),
            _ => String::new(),
        };
        self.push(
            &BRK_36,
            at(new),
            at(old),
            format!(
                "{} changed, but no shared function, parameter, Data Source Kind or authentication kind \
                 did: a bug fix, a patch version.{versions}",
                changed
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "Fixed problems without changing the connector's functions or sign-in.".into(),
            None,
        );
    }

    /// Appends to each breaking finding that the major version did not go up.
    fn major_note(&mut self) {
        let (Some((ot, o)), Some((nt, n))) = (version(self.old), version(self.new)) else {
            return;
        };
        if n.0 > o.0 {
            return;
        }
        for f in &mut self.found {
            if f.rule.severity != crate::model::Severity::Info {
                f.message.push_str(&format!(
                    " The major version did not go up (`{ot}` → `{nt}`): in Power Query versioning a \
                     breaking change is a new major version."
                ));
            }
        }
    }
}
