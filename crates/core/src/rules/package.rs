//! The upload layout (PKG-01…09) and the solutions inside it (SOL-01…08), as
//! Microsoft's `ConnectorPackageValidator.ps1` and the policy-error page define them
//! (certification-requirements.md §2, package-format.md §1–2).

use crate::model::{Location, Severity};
use crate::read::xml;
use crate::read::zip::{Archive, Entry};

use super::files::{ZIP_01, report_zip};
use super::{Rule, Sink};

const PREP: Option<&str> =
    Some("https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission");
const POLICY: Option<&str> = Some(
    "https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors",
);
const PD: Option<&str> =
    Some("https://learn.microsoft.com/en-us/power-platform/alm/package-deployer-tool");

rules! {
    PKG_01 {
        code: "PKG-01",
        severity: Error,
        scope: Upload,
        title: "The upload is a valid .zip file",
        explanation: "The file behind the SAS URI must be a zip archive with a `.zip` extension. Re-create it with `certpack bundle`.",
        url: PREP,
    }
    PKG_02 {
        code: "PKG-02",
        severity: Error,
        scope: Upload,
        title: "The upload's root has no folders",
        explanation: "Zip the files themselves, not a folder that contains them: the root must hold only `intro.md` and the package zip (policy 5000.1.1.11).",
        url: POLICY,
    }
    PKG_03 {
        code: "PKG-03",
        severity: Error,
        scope: Upload,
        title: "The upload's root has exactly one .md file (intro.md)",
        explanation: "Put exactly one markdown file, `intro.md`, at the root of the upload (policy 5000.1.1.2).",
        url: POLICY,
    }
    PKG_04 {
        code: "PKG-04",
        severity: Error,
        scope: Upload,
        title: "The upload's root has exactly one .zip (the package)",
        explanation: "Put exactly one zip — the Package Deployer package — at the root of the upload (policy 5000.1.1.5).",
        url: POLICY,
    }
    PKG_05 {
        code: "PKG-05",
        severity: Warning,
        scope: Upload,
        title: "A multi-auth connector has customProperties.json at the root",
        explanation: "A connector with `connectionParameterSets` (multi-auth) needs `customProperties.json` beside `intro.md` (policy 5000.1.1.5).",
        url: POLICY,
    }
    PKG_06 {
        code: "PKG-06",
        severity: Error,
        scope: Package,
        title: "The package's root has exactly one folder, PkgAssets",
        explanation: "The package zip must hold exactly one folder with the solutions, ideally named `PkgAssets` (policy 5000.1.1.12). Build it with `certpack bundle` or `pac package`.",
        url: POLICY,
    }
    PKG_07 {
        code: "PKG-07",
        severity: Error,
        scope: Package,
        title: "The package folder has no sub-folders",
        explanation: "Put the solution zips directly in `PkgAssets/`, with no folders below it.",
        url: PREP,
    }
    PKG_08 {
        code: "PKG-08",
        severity: Error,
        scope: Package,
        title: "The package folder has 2 solution zips (3 with the AI plugin)",
        explanation: "`PkgAssets/` holds exactly the connector solution and the flow solution, plus the AI plugin solution when the plugin is enabled (policy 5000.1.1.13).",
        url: POLICY,
    }
    PKG_09 {
        code: "PKG-09",
        severity: Warning,
        scope: Package,
        title: "PkgAssets/ImportConfig.xml lists the solutions",
        explanation: "Package Deployer imports the solutions listed in `PkgAssets/ImportConfig.xml`; `pac package` and `certpack bundle` write it.",
        url: PD,
    }
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
    has_folder: [bool; 4],
}

const FOLDERS: [&str; 4] = ["Connector", "Workflows", "aiplugins", "aipluginoperations"];

fn has_dir(a: &Archive, dir: &str) -> bool {
    a.entries().iter().any(|e| {
        e.name.len() > dir.len()
            && e.name.as_bytes()[dir.len()] == b'/'
            && e.name[..dir.len()].eq_ignore_ascii_case(dir)
    })
}

fn ext_is(name: &str, ext: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, e)| e.eq_ignore_ascii_case(ext))
}

/// Checks the outer upload's root (PKG-01…04). Returns the package zip entry to open.
pub fn check_outer_root(sink: &mut Sink, outer: &Archive) -> Option<Entry> {
    report_unsafe(sink, outer);
    let vpath = outer.vpath.clone();
    if !ext_is(&vpath, "zip") {
        sink.emit(
            &PKG_01,
            Location::file(&vpath),
            "the upload's file name must end with `.zip`",
        );
    }
    let dirs = outer.root_dirs();
    if !dirs.is_empty() {
        sink.emit(
            &PKG_02,
            Location::file(&vpath),
            format!(
                "the root has folder(s) {}; it must hold only intro.md and the package zip",
                quote_list(&dirs)
            ),
        );
    }
    let root = outer.root_files();
    let mds: Vec<&Entry> = root
        .iter()
        .copied()
        .filter(|e| ext_is(&e.name, "md"))
        .collect();
    match mds.as_slice() {
        [] => sink.emit(
            &PKG_03,
            Location::file(&vpath),
            "the root has no .md file: add intro.md",
        ),
        [one] if !one.name.eq_ignore_ascii_case("intro.md") => sink.emit_as(
            &PKG_03,
            Severity::Warning,
            Location::file(outer.entry_vpath(&one.name)),
            format!(
                "the markdown file is named `{}`; Microsoft's validator expects `intro.md`",
                one.name
            ),
        ),
        [_] => {}
        many => sink.emit(
            &PKG_03,
            Location::file(&vpath),
            format!(
                "the root has {} .md files ({}); keep only intro.md",
                many.len(),
                names(many)
            ),
        ),
    }
    let zips: Vec<&Entry> = root
        .iter()
        .copied()
        .filter(|e| ext_is(&e.name, "zip"))
        .collect();
    match zips.as_slice() {
        [] => sink.emit(
            &PKG_04,
            Location::file(&vpath),
            "the root has no package .zip",
        ),
        [_] => {}
        many => sink.emit(
            &PKG_04,
            Location::file(&vpath),
            format!(
                "the root has {} .zip files ({}); keep only the package zip",
                many.len(),
                names(many)
            ),
        ),
    }
    zips.first().map(|e| (*e).clone())
}

/// PKG-05: a multi-auth connector needs `customProperties.json` at the outer root.
pub fn check_custom_properties(sink: &mut Sink, outer: &Archive, multi_auth: bool) {
    if multi_auth
        && !outer
            .root_files()
            .iter()
            .any(|e| e.name.eq_ignore_ascii_case("customProperties.json"))
    {
        sink.emit(
            &PKG_05,
            Location::file(&outer.vpath),
            "the connector is multi-auth (`connectionParameterSets`) but the root has no customProperties.json",
        );
    }
}

/// Checks a Package Deployer package (PKG-06…09) and every solution in it
/// (SOL-01…08). Returns the solutions found.
pub fn check_package(sink: &mut Sink, pkg: &mut Archive, plugin: bool) -> Vec<SolutionInfo> {
    report_unsafe(sink, pkg);
    let vpath = pkg.vpath.clone();
    let dirs = pkg.root_dirs();
    let folder = match dirs.as_slice() {
        [] => {
            sink.emit(
                &PKG_06,
                Location::file(&vpath),
                "the package has no folder: put the solutions in `PkgAssets/`",
            );
            return Vec::new();
        }
        [one] => {
            if one != "PkgAssets" {
                sink.emit_as(
                    &PKG_06,
                    Severity::Warning,
                    Location::file(format!("{vpath}!/{one}/")),
                    format!("the package folder is named `{one}`; Microsoft expects `PkgAssets`"),
                );
            }
            one.clone()
        }
        many => {
            sink.emit(
                &PKG_06,
                Location::file(&vpath),
                format!(
                    "the package has {} folders ({}); it must have exactly one, PkgAssets",
                    many.len(),
                    quote_list(many)
                ),
            );
            match many.iter().find(|d| d.eq_ignore_ascii_case("PkgAssets")) {
                Some(d) => d.clone(),
                None => return Vec::new(),
            }
        }
    };
    let prefix = format!("{folder}/");
    let inside: Vec<Entry> = pkg
        .entries()
        .iter()
        .filter(|e| e.name.starts_with(&prefix) && e.name.len() > prefix.len())
        .cloned()
        .collect();
    let mut subdirs: Vec<String> = inside
        .iter()
        .filter_map(|e| {
            e.name[prefix.len()..]
                .split_once('/')
                .map(|(d, _)| d.to_owned())
        })
        .collect();
    subdirs.sort();
    subdirs.dedup();
    if !subdirs.is_empty() {
        sink.emit(
            &PKG_07,
            Location::file(format!("{vpath}!/{prefix}")),
            format!(
                "`{prefix}` has sub-folder(s) {}; put the solution zips directly in it",
                quote_list(&subdirs)
            ),
        );
    }
    let zips: Vec<Entry> = inside
        .iter()
        .filter(|e| !e.name[prefix.len()..].contains('/') && ext_is(&e.name, "zip"))
        .cloned()
        .collect();
    let want = if plugin { 3 } else { 2 };
    if zips.len() != want {
        let what = if plugin {
            "connector, flow and AI plugin solutions"
        } else {
            "connector and flow solutions"
        };
        sink.emit(
            &PKG_08,
            Location::file(format!("{vpath}!/{prefix}")),
            format!(
                "`{prefix}` has {} solution zip(s); it needs exactly {want}: the {what}",
                zips.len()
            ),
        );
    }
    import_config(sink, pkg, &prefix, &zips);
    let mut solutions = Vec::new();
    for z in &zips {
        match pkg.open_nested(z) {
            Ok(mut sol) => solutions.push(check_solution(sink, &mut sol)),
            Err(p) => {
                report_zip(sink, &pkg.entry_vpath(&z.name), &p);
                solutions.push(SolutionInfo {
                    vpath: pkg.entry_vpath(&z.name),
                    kind: SolutionKind::Other,
                    unique_name: None,
                    version: None,
                    connectors: Vec::new(),
                    has_folder: [false; 4],
                });
            }
        }
    }
    check_solution_set(sink, &solutions, &format!("{vpath}!/{prefix}"), plugin);
    solutions
}

fn import_config(sink: &mut Sink, pkg: &mut Archive, prefix: &str, zips: &[Entry]) {
    let name = format!("{prefix}ImportConfig.xml");
    let Some(entry) = pkg.find_ignore_case(&name).cloned() else {
        sink.emit(
            &PKG_09,
            Location::file(pkg.entry_vpath(prefix)),
            format!(
                "`{name}` is missing: Package Deployer does not know which solutions to import"
            ),
        );
        return;
    };
    let loc = Location::file(pkg.entry_vpath(&entry.name));
    let bytes = match pkg.read(&entry, 4 << 20) {
        Ok(b) => b,
        Err(p) => return report_zip(sink, &pkg.entry_vpath(&entry.name), &p),
    };
    let text = String::from_utf8_lossy(&bytes);
    let doc = match xml::parse(&text) {
        Ok(d) => d,
        Err(e) => {
            return sink.emit(
                &PKG_09,
                loc,
                format!("ImportConfig.xml is not valid XML: {e}"),
            );
        }
    };
    let listed: Vec<String> = doc
        .descendants()
        .filter(|n| xml::is(*n, "configsolutionfile"))
        .filter_map(|n| xml::attr(n, "solutionpackagefilename").map(str::to_owned))
        .collect();
    for z in zips {
        let file = &z.name[prefix.len()..];
        if !listed.iter().any(|l| l.eq_ignore_ascii_case(file)) {
            sink.emit(
                &PKG_09,
                loc.clone(),
                format!("ImportConfig.xml does not list `{file}`"),
            );
        }
    }
    for l in &listed {
        if !zips
            .iter()
            .any(|z| z.name[prefix.len()..].eq_ignore_ascii_case(l))
        {
            sink.emit(
                &PKG_09,
                loc.clone(),
                format!("ImportConfig.xml lists `{l}`, which is not in `{prefix}`"),
            );
        }
    }
}

fn report_unsafe(sink: &mut Sink, a: &Archive) {
    for (name, why) in &a.unsafe_names {
        sink.emit(
            &ZIP_01,
            Location::file(&a.vpath),
            format!("entry `{name}` has {why}; it was not read"),
        );
    }
}

/// Checks one solution zip (SOL-01, SOL-04, SOL-06, SOL-07, SOL-08) and classifies it.
pub fn check_solution(sink: &mut Sink, sol: &mut Archive) -> SolutionInfo {
    report_unsafe(sink, sol);
    let vpath = sol.vpath.clone();
    let has_folder = FOLDERS.map(|f| has_dir(sol, f));
    let mut info = SolutionInfo {
        vpath: vpath.clone(),
        kind: SolutionKind::Other,
        unique_name: None,
        version: None,
        connectors: Vec::new(),
        has_folder,
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
        workflow_files(sink, sol, w, &cvpath);
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
    }
}

fn workflow_files(sink: &mut Sink, sol: &Archive, workflows: xml::Node<'_, '_>, cvpath: &str) {
    let mut listed = Vec::new();
    for w in xml::children(workflows, "Workflow") {
        let Some(file) = xml::child_text(w, "JsonFileName") else {
            continue;
        };
        let file = file.trim_start_matches('/').to_owned();
        if sol.find_ignore_case(&file).is_none() {
            let name = xml::attr(w, "Name").unwrap_or("a workflow");
            sink.emit(
                &SOL_04,
                Location::file(cvpath),
                format!("`{name}` points at `{file}`, which is not in the solution"),
            );
        }
        listed.push(file);
    }
    for e in sol.entries() {
        let in_workflows = e.name.len() > 10 && e.name[..10].eq_ignore_ascii_case("Workflows/");
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

fn names(entries: &[&Entry]) -> String {
    entries
        .iter()
        .map(|e| format!("`{}`", e.name))
        .collect::<Vec<_>>()
        .join(", ")
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    pub(super) fn cases() -> Vec<crate::rules::cases::Case> {
        Vec::new()
    }
}
