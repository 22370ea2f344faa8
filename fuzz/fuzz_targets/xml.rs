//! The XML reader (`read::xml`: `parse` and its lookup helpers over every element),
//! then the same text as each XML file of a good package: `solution.xml` and
//! `customizations.xml` of the example's flow solution (`rules::solution::check_solution`)
//! and `PkgAssets/ImportConfig.xml` of the example's package
//! (`rules::package::check_package`).
#![no_main]

use std::sync::LazyLock;

use certpack_core::example;
use certpack_core::read::xml;
use certpack_core::read::zip::{Archive, Limits};
use certpack_core::rules::Sink;
use libfuzzer_sys::fuzz_target;

/// Element and attribute names the rules look up.
const NAMES: &[&str] = &[
    "ImportExportXml",
    "SolutionManifest",
    "UniqueName",
    "Version",
    "Managed",
    "Publisher",
    "RootComponents",
    "RootComponent",
    "Connectors",
    "Connector",
    "ConnectorId",
    "connectorinternalid",
    "DisplayName",
    "Name",
    "IconBrandColor",
    "JsonFileName",
    "Workflows",
    "Workflow",
    "connectionreferences",
    "connectionreference",
    "connectionreferencelogicalname",
    "customconnectorid",
    "configdatastorage",
    "configsolutionfile",
    "solutions",
    "configsolutionfile",
    "solutionpackagefilename",
    "type",
    "schemaName",
];

/// Most elements looked at per input.
const MAX_NODES: usize = 4000;

/// The entries of a zip built by `example`, as (name, bytes).
fn entries_of(zip: Vec<u8>) -> Vec<(String, Vec<u8>)> {
    let mut a = Archive::open_bytes(zip, "example.zip", Limits::default()).expect("example zip");
    let list = a.entries().to_vec();
    list.iter()
        .map(|e| (e.name.clone(), a.read(e, u64::MAX).unwrap_or_default()))
        .collect()
}

static FLOW: LazyLock<Vec<(String, Vec<u8>)>> =
    LazyLock::new(|| entries_of(example::contoso_flow_solution().build()));
static PACKAGE: LazyLock<Vec<(String, Vec<u8>)>> =
    LazyLock::new(|| entries_of(example::package_of(&example::contoso_solutions())));

/// `entries` with `name` replaced by `data`.
fn with(entries: &[(String, Vec<u8>)], name: &str, data: &[u8]) -> Vec<u8> {
    let list: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), if n == name { data } else { b.as_slice() }))
        .collect();
    example::zip_of(&list)
}

fn walk_xml(text: &str) {
    let Ok(doc) = xml::parse(text) else { return };
    for node in doc
        .root()
        .descendants()
        .filter(|n| n.is_element())
        .take(MAX_NODES)
    {
        let _ = xml::has_element_children(node);
        for name in NAMES {
            let _ = xml::is(node, name);
            let _ = xml::child(node, name);
            let _ = xml::child_text(node, name);
            let _ = xml::attr(node, name);
            let _ = xml::children(node, name).count();
        }
    }
    for name in NAMES {
        let _ = xml::descendant(doc.root(), name);
    }
}

fuzz_target!(|data: &[u8]| {
    match std::str::from_utf8(data) {
        Ok(text) => walk_xml(text),
        Err(_) => walk_xml(&String::from_utf8_lossy(data)),
    }

    for slot in ["solution.xml", "customizations.xml"] {
        let zip = with(&FLOW, slot, data);
        if let Ok(mut sol) = Archive::open_bytes(zip, "Flow.zip", Limits::default()) {
            let mut sink = Sink::new();
            let _ = certpack_core::rules::solution::check_solution(&mut sink, &mut sol);
            let _ = sink.into_diagnostics();
        }
    }

    let zip = with(&PACKAGE, "PkgAssets/ImportConfig.xml", data);
    if let Ok(mut pkg) = Archive::open_bytes(zip, "package.zip", Limits::default()) {
        let mut sink = Sink::new();
        let _ = certpack_core::rules::package::check_package(&mut sink, &mut pkg, false);
        let _ = sink.into_diagnostics();
    }
});
