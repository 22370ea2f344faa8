//! Test helpers: the `good` fixture connector, and JSON files from strings.

use serde_json::{Map, Value};

pub use crate::connector::Origin;
use crate::connector::{ConnectorFiles, FileData, JsonFile};
use crate::read::json::JsonDoc;
use crate::rules::Sink;

const DIR: &str = "tests/fixtures/connectors/good";
const SWAGGER: &str =
    include_str!("../../../../../tests/fixtures/connectors/good/apiDefinition.swagger.json");
const PROPERTIES: &str =
    include_str!("../../../../../tests/fixtures/connectors/good/apiProperties.json");
const README: &str = include_str!("../../../../../tests/fixtures/connectors/good/README.md");
const INTRO: &str = include_str!("../../../../../tests/fixtures/connectors/good/intro.md");
const SCRIPT: &str = include_str!("../../../../../tests/fixtures/connectors/good/script.csx");
const ICON: &[u8] = include_bytes!("../../../../../tests/fixtures/connectors/good/icon.png");

/// `definitions` D0…D39 where each level's two properties `$ref` the next (2^40
/// paths), ending in `leaf` at D40: the hostile DAG every bounded walk is tested on.
pub fn ref_lattice(leaf: Value) -> Map<String, Value> {
    let mut defs = Map::new();
    for i in 0..40 {
        defs.insert(
            format!("D{i}"),
            serde_json::json!({"type": "object", "properties": {
                "a": {"$ref": format!("#/definitions/D{}", i + 1)},
                "b": {"$ref": format!("#/definitions/D{}", i + 1)}}}),
        );
    }
    defs.insert("D40".into(), leaf);
    defs
}

/// The good definition as a serde value, to mutate.
pub fn good_swagger() -> Value {
    serde_json::from_str(SWAGGER).unwrap()
}

/// The good apiProperties as a serde value.
pub fn good_properties() -> Value {
    serde_json::from_str(PROPERTIES).unwrap()
}

/// Every operation object of a definition, to mutate.
pub fn all_ops_mut(v: &mut Value) -> Vec<&mut Map<String, Value>> {
    v["paths"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .flat_map(|p| p.as_object_mut().unwrap().iter_mut())
        .filter(|(k, _)| k.as_str() != "parameters")
        .map(|(_, op)| op.as_object_mut().unwrap())
        .collect()
}

/// A JSON file parsed from text (load-time findings dropped).
pub fn json_file(vpath: &str, text: &str) -> JsonFile {
    JsonFile {
        vpath: vpath.to_owned(),
        doc: JsonDoc::parse(text.as_bytes()),
    }
}

fn file(name: &str, bytes: &[u8]) -> Option<FileData> {
    Some(FileData {
        vpath: format!("{DIR}/{name}"),
        bytes: bytes.to_vec(),
    })
}

/// The good connector, as loaded from its source folder.
pub fn good_connector() -> ConnectorFiles {
    ConnectorFiles {
        origin: Origin::SourceFolder,
        label: "good".into(),
        swagger: Some(json_file(
            &format!("{DIR}/apiDefinition.swagger.json"),
            SWAGGER,
        )),
        properties: Some(json_file(&format!("{DIR}/apiProperties.json"), PROPERTIES)),
        icon: file("icon.png", ICON),
        script: file("script.csx", SCRIPT.as_bytes()),
        readme: file("README.md", README.as_bytes()),
        intro: file("intro.md", INTRO.as_bytes()),
        icon_brand_color: None,
    }
}

/// The good connector's source folder as files: (name, bytes).
pub fn good_folder() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("apiDefinition.swagger.json", SWAGGER.as_bytes().to_vec()),
        ("apiProperties.json", PROPERTIES.as_bytes().to_vec()),
        ("icon.png", ICON.to_vec()),
        ("script.csx", SCRIPT.as_bytes().to_vec()),
        ("README.md", README.as_bytes().to_vec()),
        ("intro.md", INTRO.as_bytes().to_vec()),
    ]
}

/// The codes reported, in order.
pub fn codes(sink: &Sink) -> Vec<String> {
    sink.diagnostics().iter().map(|d| d.code.clone()).collect()
}

/// A single expected finding: `[(code, severity)]`.
pub fn one(code: &str, sev: crate::model::Severity) -> Vec<(String, crate::model::Severity)> {
    vec![(code.to_owned(), sev)]
}

/// Every content finding on the good connector with its definition changed by `f`.
pub fn with_swagger(f: impl FnOnce(&mut Value)) -> Vec<crate::model::Diagnostic> {
    let mut v = good_swagger();
    f(&mut v);
    let mut files = good_connector();
    files.swagger = Some(json_file(
        &format!("{DIR}/apiDefinition.swagger.json"),
        &serde_json::to_string_pretty(&v).unwrap(),
    ));
    run_content(&files)
}

/// Every content finding on the good connector with its apiProperties changed by `f`.
pub fn with_properties(f: impl FnOnce(&mut Value)) -> Vec<crate::model::Diagnostic> {
    let mut v = good_properties();
    f(&mut v);
    let mut files = good_connector();
    files.properties = Some(json_file(
        &format!("{DIR}/apiProperties.json"),
        &serde_json::to_string_pretty(&v).unwrap(),
    ));
    run_content(&files)
}

/// Every content finding on `files`, as a verified publisher.
pub fn run_content(files: &ConnectorFiles) -> Vec<crate::model::Diagnostic> {
    run_content_as(files, crate::model::PublisherKind::Verified)
}

/// Every content finding on `files`, as `publisher`.
pub fn run_content_as(
    files: &ConnectorFiles,
    publisher: crate::model::PublisherKind,
) -> Vec<crate::model::Diagnostic> {
    let mut sink = Sink::new();
    let opts = crate::check::CheckOptions {
        publisher,
        ..Default::default()
    };
    super::check(&mut sink, files, &opts);
    sink.into_diagnostics()
}
