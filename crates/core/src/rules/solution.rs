//! The Dataverse solutions inside the package (SOL-01…09): the three root files,
//! the connector, flow and AI plugin solutions and their folders, the workflows
//! listed against their files, and the flow that must use the connector — as
//! Microsoft's `ConnectorPackageValidator.ps1` and the policy-error page define them
//! (certification-requirements.md §2, package-format.md §2).

use crate::model::{Location, Severity};
use crate::read::xml;
use crate::read::zip::{Archive, Entry};

use super::files::report_zip;
use super::package::{POLICY, PREP, ext_is, quote_list, report_unsafe};
use super::{Rule, Sink};

rules! {
    SOL_01 {
        code: "SOL-01",
        severity: Error,
        scope: Solution,
        title: "Each solution has [Content_Types].xml, customizations.xml and solution.xml at its root",
        explanation: "Use the zip exactly as exported from the maker portal (Solutions → Export); do not unzip and re-zip it with a folder around the files.",
        url: PREP,
    }
    SOL_02 {
        code: "SOL-02",
        severity: Error,
        scope: Solution,
        title: "One connector solution: the connector only, with its Connector/ folder",
        explanation: "Export a solution that contains only the custom connector (policy 5000.1.1.8).",
        url: POLICY,
    }
    SOL_03 {
        code: "SOL-03",
        severity: Error,
        scope: Solution,
        title: "One flow solution: the connector and a cloud flow that uses it",
        explanation: "Export a second solution with the connector and at least one cloud flow using it; it must have `Connector/` and `Workflows/` folders (policies 5000.1.1.6, .7, .14).",
        url: POLICY,
    }
    SOL_04 {
        code: "SOL-04",
        severity: Error,
        scope: Solution,
        title: "Every workflow listed in customizations.xml has its JSON file",
        explanation: "The flows listed in customizations.xml and the files in `Workflows/` must match (policy 5000.1.1.15). Re-export the solution rather than editing it.",
        url: POLICY,
    }
    SOL_05 {
        code: "SOL-05",
        severity: Error,
        scope: Solution,
        title: "With the AI plugin: one plugin solution with Connector/, aiplugins/, aipluginoperations/",
        explanation: "When the AI plugin is enabled, add a third solution with the connector and its AI plugin components, and no flows.",
        url: PREP,
    }
    SOL_06 {
        code: "SOL-06",
        severity: Warning,
        scope: Solution,
        title: "The connector solution contains exactly one connector",
        explanation: "Remove other connectors from the connector solution; a second connector silently added to it breaks validation.",
        url: None,
    }
    SOL_07 {
        code: "SOL-07",
        severity: Error,
        scope: Solution,
        title: "The connector has its OpenAPI definition and icon in the solution",
        explanation: "The solution's `Connector/` folder must hold `<name>_openapidefinition.json` and `<name>_iconblob.*` (policies 5000.1.1.1, .3). Re-export after saving the connector with its icon.",
        url: POLICY,
    }
    SOL_09 {
        code: "SOL-09",
        severity: Error,
        scope: Package,
        title: "The flow solution's flow calls the connector and operations it defines",
        explanation: "The sample flow must use the connector: at least one action or trigger of a cloud flow in the \
            flow solution calls the custom connector of the connector solution (policy 5000.1.1.7, \"a flow \
            containing the connector\"), and each of its calls names an operation the connector's definition \
            has, so the connector and its actions can be found from the sample flow (5000.1.1.9). Add an action \
            of your connector to the flow in the maker portal, save, and export the solution again. A flow that \
            calls internal operations only is a warning: users cannot find those.",
        url: POLICY,
        validator: ["5000.1.1.7", "5000.1.1.9"],
    }
    SOL_08 {
        code: "SOL-08",
        severity: Warning,
        scope: Solution,
        title: "Solutions are exported unmanaged",
        explanation: "Publishers report rejections of managed exports: export the solutions as Unmanaged (`<Managed>0</Managed>`).",
        url: None,
    }
}

/// What a solution was found to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolutionKind {
    /// The connector only.
    Connector,
    /// The connector and cloud flows.
    Flow,
    /// The connector and AI plugin components.
    Plugin,
    /// Anything else (no connector, flows and plugin together, unreadable).
    Other,
}

/// One connector found in a solution's customizations.xml.
#[derive(Debug, Clone, Default)]
pub struct ConnectorRef {
    /// Logical name (`new_5Fcontoso`).
    pub name: String,
    /// Display name.
    pub display_name: Option<String>,
    /// Entry name of the OpenAPI definition in the zip.
    pub openapi: Option<String>,
    /// Entry name of the connection parameters.
    pub connection_parameters: Option<String>,
    /// Entry name of the icon.
    pub icon: Option<String>,
    /// Entry name of the custom code script.
    pub script: Option<String>,
    /// Entry name of the policy template instances.
    pub policies: Option<String>,
    /// `iconbrandcolor` from customizations.xml.
    pub icon_brand_color: Option<String>,
    /// `connectorid`: the connector's GUID.
    pub connector_id: Option<String>,
}

/// What a solution zip holds, as far as the package rules care.
#[derive(Debug, Clone)]
pub struct SolutionInfo {
    /// Report path of the solution zip.
    pub vpath: String,
    /// Classification.
    pub kind: SolutionKind,
    /// `UniqueName` from solution.xml.
    pub unique_name: Option<String>,
    /// `Version` from solution.xml.
    pub version: Option<String>,
    /// Connectors in customizations.xml.
    pub connectors: Vec<ConnectorRef>,
    /// Connection references in customizations.xml.
    pub connection_refs: Vec<ConnectionRef>,
    /// The cloud flows whose JSON was read, with their connector calls.
    pub flows: Vec<Flow>,
    has_folder: [bool; 4],
}

impl SolutionInfo {
    /// A solution that could not be opened.
    pub fn unreadable(vpath: String) -> Self {
        SolutionInfo {
            vpath,
            kind: SolutionKind::Other,
            unique_name: None,
            version: None,
            connectors: Vec::new(),
            connection_refs: Vec::new(),
            flows: Vec::new(),
            has_folder: [false; 4],
        }
    }
}

/// A `connectionreference` of customizations.xml.
#[derive(Debug, Clone, Default)]
pub struct ConnectionRef {
    /// `connectionreferencelogicalname`.
    pub logical_name: String,
    /// `connectorid` (`/providers/Microsoft.PowerApps/apis/shared_…`).
    pub connector_id: Option<String>,
    /// `customconnectorid/connectorid`: the custom connector's GUID.
    pub custom_connector_id: Option<String>,
}

/// One cloud flow of a solution.
#[derive(Debug, Clone)]
pub struct Flow {
    /// The flow's name.
    pub name: String,
    /// Report path of its JSON file.
    pub vpath: String,
    /// Its connector actions and triggers.
    pub calls: Vec<FlowCall>,
}

/// An action or trigger of a flow that calls a connector (`OpenApiConnection…`).
#[derive(Debug, Clone)]
pub struct FlowCall {
    /// The action's or trigger's name.
    pub name: String,
    /// `host.operationId`.
    pub operation_id: Option<String>,
    /// Names that identify the connector: `api.logicalName`, `api.name` and the
    /// `apiId`'s last segment of its connection reference.
    pub api_names: Vec<String>,
    /// `connection.connectionReferenceLogicalName` of its connection reference.
    pub reference: Option<String>,
    /// Where it is (the operationId, else the action).
    pub at: Location,
}

const FOLDERS: [&str; 4] = ["Connector", "Workflows", "aiplugins", "aipluginoperations"];

fn has_dir(a: &Archive, dir: &str) -> bool {
    a.entries().iter().any(|e| {
        e.name.len() > dir.len()
            && e.name.as_bytes()[dir.len()] == b'/'
            && e.name[..dir.len()].eq_ignore_ascii_case(dir)
    })
}

/// Checks one solution zip (SOL-01, SOL-04, SOL-06, SOL-07, SOL-08) and classifies it.
pub fn check_solution(sink: &mut Sink, sol: &mut Archive) -> SolutionInfo {
    report_unsafe(sink, sol);
    super::package::report_finder_junk(sink, sol, Severity::Warning);
    let vpath = sol.vpath.clone();
    let has_folder = FOLDERS.map(|f| has_dir(sol, f));
    let mut info = SolutionInfo {
        has_folder,
        ..SolutionInfo::unreadable(vpath.clone())
    };
    let missing: Vec<&str> = ["[Content_Types].xml", "customizations.xml", "solution.xml"]
        .into_iter()
        .filter(|n| sol.find(n).is_none())
        .collect();
    if !missing.is_empty() {
        let wrapped = sol
            .root_dirs()
            .into_iter()
            .find(|d| sol.find(&format!("{d}/solution.xml")).is_some());
        let hint = wrapped
            .map(|d| {
                format!(" (they are inside the folder `{d}/`: zip its content, not the folder)")
            })
            .unwrap_or_default();
        sink.emit(
            &SOL_01,
            Location::file(&vpath),
            format!(
                "missing at the solution's root: {}{hint}",
                missing.join(", ")
            ),
        );
    }
    if let Some(e) = sol.find("solution.xml").cloned() {
        solution_xml(sink, sol, &e, &mut info);
    }
    let Some(cust) = sol.find("customizations.xml").cloned() else {
        return info;
    };
    let cvpath = sol.entry_vpath(&cust.name);
    let bytes = match sol.read(&cust, 256 << 20) {
        Ok(b) => b,
        Err(p) => {
            report_zip(sink, &cvpath, &p);
            return info;
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let doc = match xml::parse(&text) {
        Ok(d) => d,
        Err(e) => {
            sink.emit(
                &SOL_01,
                Location::file(&cvpath),
                format!("customizations.xml is not valid XML: {e}"),
            );
            return info;
        }
    };
    let root = doc.root_element();
    let connectors = xml::child(root, "Connectors");
    let workflows = xml::child(root, "Workflows");
    let has_plugin = doc
        .descendants()
        .any(|n| xml::is(n, "aicopilot_aiplugin") && xml::has_element_children(n))
        || xml::child(root, "aicopilot_aiplugins").is_some_and(xml::has_element_children);
    let has_connector = connectors.is_some_and(xml::has_element_children);
    let has_workflows = workflows.is_some_and(xml::has_element_children);
    if let Some(c) = connectors {
        info.connectors = xml::children(c, "Connector").map(connector_ref).collect();
    }
    info.kind = match (has_connector, has_workflows, has_plugin) {
        (true, false, false) => SolutionKind::Connector,
        (true, true, false) => SolutionKind::Flow,
        (true, false, true) => SolutionKind::Plugin,
        _ => SolutionKind::Other,
    };
    if let Some(w) = workflows {
        info.flows = workflow_files(sink, sol, w, &cvpath);
    }
    if let Some(refs) = xml::child(root, "connectionreferences") {
        info.connection_refs = xml::children(refs, "connectionreference")
            .map(connection_ref)
            .collect();
    }
    if info.kind == SolutionKind::Connector && info.connectors.len() > 1 {
        let names: Vec<String> = info.connectors.iter().map(|c| c.name.clone()).collect();
        sink.emit(
            &SOL_06,
            Location::file(&cvpath),
            format!(
                "the connector solution has {} connectors ({}); keep only yours",
                names.len(),
                quote_list(&names)
            ),
        );
    }
    for c in &info.connectors {
        connector_files(sink, sol, c);
    }
    info
}

fn solution_xml(sink: &mut Sink, sol: &mut Archive, e: &Entry, info: &mut SolutionInfo) {
    let vp = sol.entry_vpath(&e.name);
    let bytes = match sol.read(e, 16 << 20) {
        Ok(b) => b,
        Err(p) => return report_zip(sink, &vp, &p),
    };
    let text = String::from_utf8_lossy(&bytes);
    let doc = match xml::parse(&text) {
        Ok(d) => d,
        Err(err) => {
            return sink.emit(
                &SOL_01,
                Location::file(&vp),
                format!("solution.xml is not valid XML: {err}"),
            );
        }
    };
    let Some(manifest) = xml::descendant(doc.root_element(), "SolutionManifest") else {
        return sink.emit(
            &SOL_01,
            Location::file(&vp),
            "solution.xml has no SolutionManifest element",
        );
    };
    info.unique_name = xml::child_text(manifest, "UniqueName");
    info.version = xml::child_text(manifest, "Version");
    if let Some(managed) = xml::child_text(manifest, "Managed")
        && managed != "0"
    {
        sink.emit(
            &SOL_08,
            Location::file(&vp),
            format!("the solution is exported managed (`<Managed>{managed}</Managed>`); export it unmanaged"),
        );
    }
}

fn connector_ref(n: xml::Node<'_, '_>) -> ConnectorRef {
    let path = |tag: &str| xml::child_text(n, tag).map(|p| p.trim_start_matches('/').to_owned());
    ConnectorRef {
        name: xml::child_text(n, "name")
            .or_else(|| xml::child_text(n, "connectorinternalid"))
            .unwrap_or_default(),
        display_name: xml::child_text(n, "displayname"),
        openapi: path("openapidefinition"),
        connection_parameters: path("connectionparameters"),
        icon: path("iconblob"),
        script: path("customcodeblob").or_else(|| path("customcodeblobcontent")),
        policies: path("policytemplateinstances"),
        icon_brand_color: xml::child_text(n, "iconbrandcolor"),
        connector_id: xml::child_text(n, "connectorid"),
    }
}

fn connection_ref(n: xml::Node<'_, '_>) -> ConnectionRef {
    ConnectionRef {
        logical_name: xml::attr(n, "connectionreferencelogicalname")
            .unwrap_or_default()
            .to_owned(),
        connector_id: xml::child_text(n, "connectorid"),
        custom_connector_id: xml::child(n, "customconnectorid")
            .and_then(|c| xml::child_text(c, "connectorid")),
    }
}

fn workflow_files(
    sink: &mut Sink,
    sol: &mut Archive,
    workflows: xml::Node<'_, '_>,
    cvpath: &str,
) -> Vec<Flow> {
    let mut listed = Vec::new();
    let mut flows = Vec::new();
    for w in xml::children(workflows, "Workflow") {
        let Some(file) = xml::child_text(w, "JsonFileName") else {
            continue;
        };
        let file = file.trim_start_matches('/').to_owned();
        let name = xml::attr(w, "Name").unwrap_or("a workflow").to_owned();
        match sol.find_ignore_case(&file).cloned() {
            None => sink.emit(
                &SOL_04,
                Location::file(cvpath),
                format!("`{name}` points at `{file}`, which is not in the solution"),
            ),
            Some(e) => {
                let vpath = sol.entry_vpath(&e.name);
                match sol.read(&e, crate::read::file::MAX_TEXT_FILE) {
                    Ok(bytes) => {
                        let doc = crate::connector::JsonFile {
                            doc: super::files::parse_json(sink, &vpath, &bytes),
                            vpath,
                        };
                        flows.push(flow_calls(name, &doc));
                    }
                    Err(p) => report_zip(sink, &vpath, &p),
                }
            }
        }
        listed.push(file);
    }
    for e in sol.entries() {
        let in_workflows = e
            .name
            .get(..10)
            .is_some_and(|d| d.eq_ignore_ascii_case("Workflows/"));
        if in_workflows
            && ext_is(&e.name, "json")
            && !listed.iter().any(|l| l.eq_ignore_ascii_case(&e.name))
        {
            sink.emit(
                &SOL_04,
                Location::file(sol.entry_vpath(&e.name)),
                "this workflow file is not listed in customizations.xml",
            );
        }
    }
    flows
}

/// How many actions of one flow are looked at (a bound on hostile files).
const MAX_ACTIONS: usize = 100_000;

/// The connector calls of a flow: every `OpenApiConnection…` trigger and action,
/// nested ones included (scopes, conditions, switches, loops), without recursion.
fn flow_calls(name: String, f: &crate::connector::JsonFile) -> Flow {
    use super::content::util::ptr;
    use crate::read::json::Value;
    let mut calls = Vec::new();
    let Some(root) = f.root() else {
        return Flow {
            name,
            vpath: f.vpath.clone(),
            calls,
        };
    };
    let props = root.get("properties");
    let refs = props.and_then(|p| p.get("connectionReferences"));
    let def = props.and_then(|p| p.get("definition"));
    let base = "/properties/definition";
    let mut stack: Vec<(&Value, String)> = Vec::new();
    for key in ["triggers", "actions"] {
        if let Some(v) = def.and_then(|d| d.get(key)) {
            stack.push((v, ptr(base, key)));
        }
    }
    let mut seen = 0usize;
    while let Some((group, at)) = stack.pop() {
        for m in group.as_object().unwrap_or_default() {
            seen += 1;
            if seen > MAX_ACTIONS {
                return Flow {
                    name,
                    vpath: f.vpath.clone(),
                    calls,
                };
            }
            let a = &m.value;
            let here = ptr(&at, &m.key);
            let kind = a.get("type").and_then(Value::as_str).unwrap_or("");
            if kind.starts_with("OpenApiConnection") {
                let host = a.get("inputs").and_then(|i| i.get("host"));
                let field = |k: &str| host.and_then(|h| h.get(k)).and_then(Value::as_str);
                let connection = field("connectionName").unwrap_or("");
                let reference = refs.and_then(|r| r.get(connection));
                let api = reference.and_then(|r| r.get("api"));
                let mut api_names: Vec<String> = ["logicalName", "name"]
                    .iter()
                    .filter_map(|k| api.and_then(|a| a.get(k)).and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect();
                if let Some(id) = field("apiId").and_then(|id| id.rsplit('/').next()) {
                    api_names.push(id.to_owned());
                }
                let op_at = format!("{here}/inputs/host/operationId");
                calls.push(FlowCall {
                    name: m.key.clone(),
                    operation_id: field("operationId").map(str::to_owned),
                    api_names,
                    reference: reference
                        .and_then(|r| r.get("connection"))
                        .and_then(|c| c.get("connectionReferenceLogicalName"))
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    at: if field("operationId").is_some() {
                        f.at(&op_at)
                    } else {
                        f.at(&here)
                    },
                });
            }
            for key in ["actions"] {
                if let Some(v) = a.get(key) {
                    stack.push((v, ptr(&here, key)));
                }
            }
            for branch in ["else", "default"] {
                if let Some(v) = a.get(branch).and_then(|b| b.get("actions")) {
                    stack.push((v, ptr(&ptr(&here, branch), "actions")));
                }
            }
            if let Some(cases) = a.get("cases").and_then(Value::as_object) {
                for c in cases {
                    if let Some(v) = c.value.get("actions") {
                        stack.push((v, ptr(&ptr(&ptr(&here, "cases"), &c.key), "actions")));
                    }
                }
            }
        }
    }
    Flow {
        name,
        vpath: f.vpath.clone(),
        calls,
    }
}

/// Whether `call` calls connector `c`: its connection reference names the connector
/// (`api.logicalName` is the connector's logical name; or `api.name` is the name
/// the environment gives it, `shared_<name, lower case, _ as ->-5f<hex>`), or the
/// solution's connection reference points at the connector's GUID.
fn calls_connector(call: &FlowCall, c: &ConnectorRef, refs: &[ConnectionRef]) -> bool {
    if c.name.is_empty() {
        return false;
    }
    let shared = format!("shared_{}", c.name.to_ascii_lowercase().replace('_', "-"));
    let by_name = call.api_names.iter().any(|n| {
        n.eq_ignore_ascii_case(&c.name)
            || n.eq_ignore_ascii_case(&shared)
            || n.to_ascii_lowercase()
                .strip_prefix(&shared)
                .and_then(|rest| rest.strip_prefix("-5f"))
                .is_some_and(|hex| !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    let by_id = match (&call.reference, &c.connector_id) {
        (Some(r), Some(id)) => refs.iter().any(|cr| {
            cr.logical_name.eq_ignore_ascii_case(r)
                && cr.custom_connector_id.as_deref().is_some_and(|g| {
                    g.trim_matches(['{', '}'])
                        .eq_ignore_ascii_case(id.trim_matches(['{', '}']))
                })
        }),
        _ => false,
    };
    by_name || by_id
}

/// SOL-09: the flow solution's flows call the connector, and each call names an
/// operation of its definition. `solutions` are the package's solutions;
/// `connectors` the connectors read from the connector solution, in the order of
/// its customizations.xml (or the flow solution's own when it is checked alone).
pub fn check_flows(
    sink: &mut Sink,
    solutions: &[SolutionInfo],
    connectors: &[crate::connector::ConnectorFiles],
) {
    let Some(flow_sol) = solutions.iter().find(|s| s.kind == SolutionKind::Flow) else {
        return;
    };
    let owner = solutions
        .iter()
        .find(|s| s.kind == SolutionKind::Connector)
        .unwrap_or(flow_sol);
    let Some(connector) = owner.connectors.first() else {
        return;
    };
    if flow_sol.flows.is_empty() {
        return; // SOL-03 / SOL-04 say what is missing
    }
    let refs = &flow_sol.connection_refs;
    let ours: Vec<&FlowCall> = flow_sol
        .flows
        .iter()
        .flat_map(|f| f.calls.iter())
        .filter(|c| calls_connector(c, connector, refs))
        .collect();
    let label = connector.display_name.as_deref().unwrap_or(&connector.name);
    if ours.is_empty() {
        let names: Vec<String> = flow_sol.flows.iter().map(|f| f.name.clone()).collect();
        let other: Vec<String> = flow_sol
            .flows
            .iter()
            .flat_map(|f| f.calls.iter())
            .filter_map(|c| c.api_names.first().cloned())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let also = if other.is_empty() {
            "it calls no connector at all".to_owned()
        } else {
            format!("it calls only {}", quote_list(&other))
        };
        sink.emit(
            &SOL_09,
            Location::file(flow_sol.flows[0].vpath.clone()),
            format!(
                "no action or trigger of the flow {} calls the connector `{label}` (`{}`): {also}",
                quote_list(&names),
                connector.name
            ),
        );
        return;
    }
    let Some(def) = connectors
        .first()
        .and_then(|c| c.swagger.as_ref())
        .and_then(|s| s.root())
    else {
        return;
    };
    let ops = super::content::definition::list(def);
    let mut visible = false;
    for call in &ours {
        let Some(id) = call.operation_id.as_deref() else {
            sink.emit(
                &SOL_09,
                call.at.clone(),
                format!("the action `{}` names no `operationId`", call.name),
            );
            continue;
        };
        match ops.iter().find(|o| o.id() == Some(id)) {
            Some(op) => visible |= !op.is_internal(),
            None => sink.emit(
                &SOL_09,
                call.at.clone(),
                format!(
                    "the action `{}` calls `{id}`, which the connector's definition does not have: \
                     re-export the flow after updating the connector",
                    call.name
                ),
            ),
        }
    }
    if !visible
        && ours.iter().all(|c| {
            c.operation_id
                .as_deref()
                .is_some_and(|id| ops.iter().any(|o| o.id() == Some(id)))
        })
    {
        sink.emit_as(
            &SOL_09,
            Severity::Warning,
            ours[0].at.clone(),
            "the flow calls only internal operations of the connector: users cannot find them from it; \
             add a visible action",
        );
    }
}

fn connector_files(sink: &mut Sink, sol: &Archive, c: &ConnectorRef) {
    let in_folder = |suffix: &str| {
        sol.entries().iter().any(|e| {
            let lower = e.name.to_ascii_lowercase();
            lower.starts_with("connector/") && lower.contains(suffix)
        })
    };
    let named = |p: &Option<String>| {
        p.as_ref()
            .is_some_and(|p| sol.find_ignore_case(p).is_some())
    };
    let label = c.display_name.as_deref().unwrap_or(&c.name);
    if !named(&c.openapi) && !in_folder("_openapidefinition") {
        sink.emit(
            &SOL_07,
            Location::file(&sol.vpath),
            format!(
                "connector `{label}` has no `Connector/*_openapidefinition.json` in the solution"
            ),
        );
    }
    if !named(&c.icon) && !in_folder("_iconblob") {
        sink.emit(
            &SOL_07,
            Location::file(&sol.vpath),
            format!("connector `{label}` has no icon (`Connector/*_iconblob.*`) in the solution"),
        );
    }
}

/// Checks that the set of solutions is one connector, one flow (and one plugin)
/// solution, each with its folders (SOL-02, SOL-03, SOL-05).
pub fn check_solution_set(sink: &mut Sink, solutions: &[SolutionInfo], folder: &str, plugin: bool) {
    let of = |k: SolutionKind| solutions.iter().filter(move |s| s.kind == k);
    let need = |s: &SolutionInfo, rule: &Rule, dirs: &[usize], sink: &mut Sink| {
        for &d in dirs {
            if !s.has_folder[d] {
                sink.emit(
                    rule,
                    Location::file(&s.vpath),
                    format!("the solution has no `{}/` folder", FOLDERS[d]),
                );
            }
        }
    };
    let n = of(SolutionKind::Connector).count();
    if n != 1 {
        sink.emit(
            &SOL_02,
            Location::file(folder),
            if n == 0 {
                "no connector solution: none has a connector and nothing else".to_owned()
            } else {
                format!("{n} connector solutions; exactly one must hold the connector alone")
            },
        );
    }
    for s in of(SolutionKind::Connector) {
        need(s, &SOL_02, &[0], sink);
    }
    let n = of(SolutionKind::Flow).count();
    if n != 1 {
        sink.emit(
            &SOL_03,
            Location::file(folder),
            if n == 0 {
                "no flow solution: none has both the connector and a cloud flow".to_owned()
            } else {
                format!("{n} flow solutions; exactly one is expected")
            },
        );
    }
    for s in of(SolutionKind::Flow) {
        need(s, &SOL_03, &[0, 1], sink);
    }
    let n = of(SolutionKind::Plugin).count();
    if plugin && n != 1 {
        sink.emit(
            &SOL_05,
            Location::file(folder),
            format!("the AI plugin is enabled but {n} solutions hold the connector with AI plugin components; exactly one must"),
        );
    }
    if !plugin && n > 0 {
        sink.emit_as(
            &SOL_05,
            Severity::Warning,
            Location::file(folder),
            "a solution has AI plugin components but the offer is not plugin-enabled: enable the AI plugin for the offer, or remove that solution",
        );
    }
    for s in of(SolutionKind::Plugin) {
        need(s, &SOL_05, &[0, 2, 3], sink);
    }
    for s in of(SolutionKind::Other) {
        let msg = if s.connectors.is_empty() {
            "this solution has no connector in customizations.xml; each solution in the package must include it"
        } else {
            "this solution mixes flows and AI plugin components; keep them in separate solutions"
        };
        let rule = if s.connectors.is_empty() {
            &SOL_02
        } else {
            &SOL_05
        };
        sink.emit(rule, Location::file(&s.vpath), msg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::{
        self, SolutionSpec, contoso_connector_solution as cs, contoso_flow_solution as fs,
        contoso_solutions,
    };
    use crate::model::Diagnostic;
    use crate::rules::cases::{Case, check_bytes, check_solutions, check_upload};

    fn good() -> Vec<Diagnostic> {
        check_upload(&contoso_solutions())
    }

    /// The example's flow with its JSON changed by `f`.
    fn flow_with(f: fn(String) -> String) -> SolutionSpec {
        let mut flow = fs();
        let json = String::from_utf8(flow.workflows[0].json.clone().unwrap()).unwrap();
        flow.workflows[0].json = Some(f(json).into_bytes());
        flow
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &SOL_01,
                || {
                    let mut c = cs();
                    c.omit = vec!["solution.xml".into()];
                    check_solutions(c, fs())
                },
                good,
            ),
            Case::new(&SOL_02, || check_solutions(fs(), fs()), good),
            Case::new(&SOL_03, || check_solutions(cs(), cs()), good),
            Case::new(
                &SOL_04,
                || {
                    let mut f = fs();
                    f.workflows[0].json = None;
                    f.extra = vec![("Workflows/Other-0000.json".into(), b"{}".to_vec())];
                    check_solutions(cs(), f)
                },
                good,
            ),
            Case::new(
                &SOL_05,
                || {
                    let pkg = example::package_of(&contoso_solutions());
                    check_bytes("upload.zip", &example::upload_of(&pkg), true)
                },
                || {
                    let mut s = contoso_solutions();
                    s.push(("Plugin.zip", example::contoso_plugin_solution().build()));
                    let pkg = example::package_of(&s);
                    check_bytes("upload.zip", &example::upload_of(&pkg), true)
                },
            ),
            Case::new(
                &SOL_05,
                || {
                    let mut s = contoso_solutions();
                    s.push(("Plugin.zip", example::contoso_plugin_solution().build()));
                    check_upload(&s)
                },
                good,
            )
            .reported_as(Severity::Warning),
            Case::new(
                &SOL_06,
                || {
                    let mut c = cs();
                    let mut other = example::contoso_connector();
                    other.name = "new_5Fother".into();
                    c.connectors.push(other);
                    check_solutions(c, fs())
                },
                good,
            ),
            Case::new(
                &SOL_07,
                || {
                    let mut c = cs();
                    c.connectors[0].icon = None;
                    check_solutions(c, fs())
                },
                good,
            ),
            Case::new(
                &SOL_08,
                || {
                    let mut c = cs();
                    c.managed = true;
                    check_solutions(c, fs())
                },
                good,
            ),
            Case::new(
                &SOL_09,
                || {
                    check_solutions(
                        cs(),
                        flow_with(|j| {
                            j.replace(
                                "\"logicalName\": \"new_5Fcontoso\"",
                                "\"logicalName\": \"shared_office365\"",
                            )
                            .replace(
                                "shared_new-5fcontoso-5f0123456789abcdef",
                                "shared_office365",
                            )
                            .replace(
                                "new_sharednew5fcontoso5f0123456789abcdef_a1b2c",
                                "new_sharedoffice365",
                            )
                        }),
                    )
                },
                // the same call found through the solution's connection reference alone
                || {
                    check_solutions(
                        cs(),
                        flow_with(|j| {
                            j.replace(
                                "\"logicalName\": \"new_5Fcontoso\"",
                                "\"logicalName\": \"x\"",
                            )
                            .replace("shared_new-5fcontoso-5f0123456789abcdef\"", "shared_x\"")
                        }),
                    )
                },
            ),
            Case::new(
                &SOL_09,
                || {
                    check_solutions(
                        cs(),
                        flow_with(|j| j.replace("\"ListTasks\"", "\"ListAllTasks\"")),
                    )
                },
                || {
                    check_solutions(
                        cs(),
                        flow_with(|j| j.replace("\"ListTasks\"", "\"CreateTask\"")),
                    )
                },
            ),
        ]
    }

    #[test]
    fn sol09_names_where_the_call_is() {
        let d = check_solutions(
            cs(),
            flow_with(|j| j.replace("\"ListTasks\"", "\"ListAllTasks\"")),
        );
        let f = d.iter().find(|d| d.code == "SOL-09").unwrap();
        assert!(
            f.location.file.as_deref().unwrap().contains("!/Workflows/"),
            "{f:?}"
        );
        assert!(f.location.line.is_some());
        assert!(f.message.contains("ListAllTasks"));
    }

    #[test]
    fn sol09_matches_environment_names() {
        let c = ConnectorRef {
            name: "cat_5Fcustomazuredevops".into(),
            ..ConnectorRef::default()
        };
        let call = |name: &str| FlowCall {
            name: "a".into(),
            operation_id: None,
            api_names: vec![name.into()],
            reference: None,
            at: Location::file("f"),
        };
        assert!(calls_connector(
            &call("shared_cat-5fcustomazuredevops-5f312a92a6a1e366f9"),
            &c,
            &[]
        ));
        assert!(calls_connector(&call("cat_5Fcustomazuredevops"), &c, &[]));
        assert!(!calls_connector(
            &call("shared_cat-5fcustomazuredevopsx"),
            &c,
            &[]
        ));
        assert!(!calls_connector(&call("shared_office365"), &c, &[]));
    }

    #[test]
    fn a_multi_byte_name_in_workflows_does_not_panic() {
        let mut f = fs();
        f.extra = vec![
            ("Workflows/écran-0000.json".into(), b"{}".to_vec()),
            ("Formulas/écran.yaml".into(), b"x".to_vec()),
        ];
        let d = check_solutions(cs(), f);
        assert!(d.iter().any(|d| d.code == "SOL-04"));
    }
}
