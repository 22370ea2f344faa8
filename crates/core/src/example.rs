//! The bundled Contoso example, and a builder of solution zips shaped like Dataverse
//! exports.
//!
//! [`write_example`] materialises a complete submission in a folder: the connector
//! source folder, `intro.md`, a connector solution and a flow solution built from the
//! source, and a draft (`Contoso Tasks.certpack.json`) that names them. The README
//! quick start, the tests and the desktop app's first start use it.
//!
//! [`write_pq_example`] writes the Power Query example beside it, in `powerquery/`:
//! the `ContosoTasks` source folder, the `.mez` built from it ([`contoso_mez`]), its
//! documentation article and its blog paragraph (embedded from
//! `examples/contoso-powerquery/`).
//!
//! [`SolutionSpec::build`] writes a solution zip with `[Content_Types].xml`,
//! `solution.xml`, `customizations.xml` and the `Connector/`, `Workflows/`,
//! `aiplugins/` files Microsoft's validator looks for. Tests build broken solutions
//! from it by changing the spec.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::model::{DRAFT_FORMAT, Submission};
use crate::{Error, Result};

/// The example's source files, embedded.
pub mod files {
    /// `apiDefinition.swagger.json`
    pub const SWAGGER: &[u8] =
        include_bytes!("../../../examples/contoso/connector/apiDefinition.swagger.json");
    /// `apiProperties.json`
    pub const PROPERTIES: &[u8] =
        include_bytes!("../../../examples/contoso/connector/apiProperties.json");
    /// `README.md`
    pub const README: &[u8] = include_bytes!("../../../examples/contoso/connector/README.md");
    /// `icon.png`
    pub const ICON: &[u8] = include_bytes!("../../../examples/contoso/connector/icon.png");
    /// `intro.md`
    pub const INTRO: &[u8] = include_bytes!("../../../examples/contoso/intro.md");
}

/// The Power Query example's files, embedded from `examples/contoso-powerquery/`.
pub mod pq_files {
    /// The source folder's files (name, bytes), in the order the `.mez` packs them.
    pub const SOURCE: &[(&str, &[u8])] = &[
        (
            "ContosoTasks.pq",
            include_bytes!("../../../examples/contoso-powerquery/ContosoTasks/ContosoTasks.pq"),
        ),
        (
            "resources.resx",
            include_bytes!("../../../examples/contoso-powerquery/ContosoTasks/resources.resx"),
        ),
        (
            "Table.GenerateByPage.pqm",
            include_bytes!(
                "../../../examples/contoso-powerquery/ContosoTasks/Table.GenerateByPage.pqm"
            ),
        ),
        (
            "Table.ToNavigationTable.pqm",
            include_bytes!(
                "../../../examples/contoso-powerquery/ContosoTasks/Table.ToNavigationTable.pqm"
            ),
        ),
        (
            "ContosoTasks16.png",
            include_bytes!("../../../examples/contoso-powerquery/ContosoTasks/ContosoTasks16.png"),
        ),
        (
            "ContosoTasks20.png",
            include_bytes!("../../../examples/contoso-powerquery/ContosoTasks/ContosoTasks20.png"),
        ),
        (
            "ContosoTasks24.png",
            include_bytes!("../../../examples/contoso-powerquery/ContosoTasks/ContosoTasks24.png"),
        ),
        (
            "ContosoTasks32.png",
            include_bytes!("../../../examples/contoso-powerquery/ContosoTasks/ContosoTasks32.png"),
        ),
        (
            "ContosoTasks40.png",
            include_bytes!("../../../examples/contoso-powerquery/ContosoTasks/ContosoTasks40.png"),
        ),
        (
            "ContosoTasks48.png",
            include_bytes!("../../../examples/contoso-powerquery/ContosoTasks/ContosoTasks48.png"),
        ),
        (
            "ContosoTasks64.png",
            include_bytes!("../../../examples/contoso-powerquery/ContosoTasks/ContosoTasks64.png"),
        ),
        (
            "ContosoTasks80.png",
            include_bytes!("../../../examples/contoso-powerquery/ContosoTasks/ContosoTasks80.png"),
        ),
    ];
    /// The documentation article, `contoso-tasks.md`.
    pub const ARTICLE: &str = include_str!("../../../examples/contoso-powerquery/contoso-tasks.md");
    /// The blog paragraph, `blog.md`.
    pub const BLURB: &str = include_str!("../../../examples/contoso-powerquery/blog.md");
}

/// One connector in a solution.
#[derive(Debug, Clone)]
pub struct ConnectorSpec {
    /// Logical name, e.g. `new_5Fcontoso`.
    pub name: String,
    /// Display name.
    pub display_name: String,
    /// The OpenAPI definition (`None` leaves it out).
    pub openapi: Option<Vec<u8>>,
    /// The connection parameters JSON.
    pub connection_parameters: Vec<u8>,
    /// The icon (`None` leaves it out).
    pub icon: Option<Vec<u8>>,
    /// `iconbrandcolor`.
    pub brand_color: String,
    /// `connectorid`: the connector's GUID in the environment it was exported from.
    pub id: String,
}

/// A connection reference of a flow solution (customizations.xml
/// `connectionreferences`), pointing at a custom connector.
#[derive(Debug, Clone)]
pub struct ConnectionRefSpec {
    /// `connectionreferencelogicalname`.
    pub logical_name: String,
    /// The name the environment gives the connector (`shared_new-5fcontoso-5f…`).
    pub api_name: String,
    /// The custom connector's GUID.
    pub connector_id: String,
}

/// One cloud flow in a solution.
#[derive(Debug, Clone)]
pub struct WorkflowSpec {
    /// Flow name.
    pub name: String,
    /// Workflow id (a GUID).
    pub id: String,
    /// The flow's JSON (`None` lists it without its file).
    pub json: Option<Vec<u8>>,
}

/// A solution zip to build.
#[derive(Debug, Clone)]
pub struct SolutionSpec {
    /// `UniqueName`.
    pub unique_name: String,
    /// `Version`.
    pub version: String,
    /// Exported managed.
    pub managed: bool,
    /// Connectors.
    pub connectors: Vec<ConnectorSpec>,
    /// Cloud flows.
    pub workflows: Vec<WorkflowSpec>,
    /// Connection references (flow solutions).
    pub connection_refs: Vec<ConnectionRefSpec>,
    /// Add AI plugin components (`aiplugins/`, `aipluginoperations/`).
    pub plugin: bool,
    /// Root files to leave out (e.g. `solution.xml`), for broken fixtures.
    pub omit: Vec<String>,
    /// Extra entries (name, bytes); one named like a generated entry replaces it.
    pub extra: Vec<(String, Vec<u8>)>,
}

fn opts() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .system(zip::System::Unix)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl SolutionSpec {
    /// The zip's bytes (deterministic).
    pub fn build(&self) -> Vec<u8> {
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        files.push((
            "[Content_Types].xml".into(),
            CONTENT_TYPES.as_bytes().to_vec(),
        ));
        files.push(("solution.xml".into(), self.solution_xml().into_bytes()));
        files.push((
            "customizations.xml".into(),
            self.customizations_xml().into_bytes(),
        ));
        for c in &self.connectors {
            if let Some(o) = &c.openapi {
                files.push((
                    format!("Connector/{}_openapidefinition.json", c.name),
                    o.clone(),
                ));
            }
            files.push((
                format!("Connector/{}_connectionparameters.json", c.name),
                c.connection_parameters.clone(),
            ));
            files.push((
                format!("Connector/{}_policytemplateinstances.json", c.name),
                b"[]".to_vec(),
            ));
            if let Some(i) = &c.icon {
                files.push((format!("Connector/{}_iconblob.Png", c.name), i.clone()));
            }
        }
        for w in &self.workflows {
            if let Some(j) = &w.json {
                files.push((workflow_file(w), j.clone()));
            }
        }
        if self.plugin {
            files.push((
                "aiplugins/new_contosotasks/aiplugin.xml".into(),
                b"<aiplugin />".to_vec(),
            ));
            files.push((
                "aipluginoperations/new_listtasks/aipluginoperation.xml".into(),
                b"<aipluginoperation />".to_vec(),
            ));
        }
        // an extra entry replaces a generated one of the same name
        files.retain(|(n, _)| !self.omit.contains(n) && !self.extra.iter().any(|(e, _)| e == n));
        files.extend(self.extra.iter().cloned());
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in files {
            // Writing to memory cannot fail; an error here would be a bug in the spec.
            if w.start_file(name, opts()).is_ok() {
                let _ = w.write_all(&bytes);
            }
        }
        w.finish().map(Cursor::into_inner).unwrap_or_default()
    }

    fn solution_xml(&self) -> String {
        let mut roots = String::new();
        for c in &self.connectors {
            roots.push_str(&format!(
                "      <RootComponent type=\"372\" schemaName=\"{}\" behavior=\"0\" />\n",
                esc(&c.name)
            ));
        }
        for w in &self.workflows {
            roots.push_str(&format!(
                "      <RootComponent type=\"29\" id=\"{{{}}}\" behavior=\"0\" />\n",
                esc(&w.id)
            ));
        }
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ImportExportXml version=\"9.2.24044.201\" \
             SolutionPackageVersion=\"9.2\" languagecode=\"1033\" generatedBy=\"CrmLive\">\n  <SolutionManifest>\n    \
             <UniqueName>{}</UniqueName>\n    <LocalizedNames>\n      <LocalizedName description=\"{}\" \
             languagecode=\"1033\" />\n    </LocalizedNames>\n    <Version>{}</Version>\n    <Managed>{}</Managed>\n    \
             <Publisher>\n      <UniqueName>contoso</UniqueName>\n      <LocalizedNames>\n        \
             <LocalizedName description=\"Contoso Ltd\" languagecode=\"1033\" />\n      </LocalizedNames>\n      \
             <CustomizationPrefix>new</CustomizationPrefix>\n    </Publisher>\n    <RootComponents>\n{roots}    </RootComponents>\n  </SolutionManifest>\n</ImportExportXml>\n",
            esc(&self.unique_name),
            esc(&self.unique_name),
            esc(&self.version),
            u8::from(self.managed)
        )
    }

    fn customizations_xml(&self) -> String {
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ImportExportXml \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" OrganizationVersion=\"9.2.24044.201\">\n  \
             <Entities />\n  <Roles />\n",
        );
        if self.workflows.is_empty() {
            s.push_str("  <Workflows />\n");
        } else {
            s.push_str("  <Workflows>\n");
            for w in &self.workflows {
                s.push_str(&format!(
                    "    <Workflow WorkflowId=\"{{{id}}}\" Name=\"{name}\">\n      <JsonFileName>/{file}</JsonFileName>\n      \
                     <Type>1</Type>\n      <Category>5</Category>\n      <StateCode>1</StateCode>\n      \
                     <StatusCode>2</StatusCode>\n    </Workflow>\n",
                    id = esc(&w.id),
                    name = esc(&w.name),
                    file = esc(&workflow_file(w))
                ));
            }
            s.push_str("  </Workflows>\n");
        }
        if !self.connection_refs.is_empty() {
            s.push_str("  <connectionreferences>\n");
            for r in &self.connection_refs {
                s.push_str(&format!(
                    "    <connectionreference connectionreferencelogicalname=\"{l}\">\n      \
                     <connectionreferencedisplayname>{l}</connectionreferencedisplayname>\n      \
                     <connectorid>/providers/Microsoft.PowerApps/apis/{a}</connectorid>\n      \
                     <customconnectorid>\n        <connectorid>{g}</connectorid>\n      </customconnectorid>\n      \
                     <iscustomizable>1</iscustomizable>\n      <statecode>0</statecode>\n      \
                     <statuscode>1</statuscode>\n    </connectionreference>\n",
                    l = esc(&r.logical_name),
                    a = esc(&r.api_name),
                    g = esc(&r.connector_id)
                ));
            }
            s.push_str("  </connectionreferences>\n");
        }
        s.push_str("  <Connectors>\n");
        for c in &self.connectors {
            s.push_str(&format!(
                "    <Connector>\n      <connectorid>{i}</connectorid>\n      <name>{n}</name>\n      <displayname>{d}</displayname>\n      \
                 <description>{d}</description>\n      <iconbrandcolor>{b}</iconbrandcolor>\n      \
                 <connectortype>1</connectortype>\n      <openapidefinition>/Connector/{n}_openapidefinition.json</openapidefinition>\n      \
                 <connectionparameters>/Connector/{n}_connectionparameters.json</connectionparameters>\n      \
                 <policytemplateinstances>/Connector/{n}_policytemplateinstances.json</policytemplateinstances>\n      \
                 <iconblob>/Connector/{n}_iconblob.Png</iconblob>\n    </Connector>\n",
                i = esc(&c.id),
                n = esc(&c.name),
                d = esc(&c.display_name),
                b = esc(&c.brand_color)
            ));
        }
        s.push_str("  </Connectors>\n");
        if self.plugin {
            s.push_str(
                "  <aicopilot_aiplugins>\n    <aicopilot_aiplugin>\n      <name>new_contosotasks</name>\n    \
                 </aicopilot_aiplugin>\n  </aicopilot_aiplugins>\n",
            );
        }
        s.push_str(
            "  <Languages>\n    <Language>1033</Language>\n  </Languages>\n</ImportExportXml>\n",
        );
        s
    }
}

fn workflow_file(w: &WorkflowSpec) -> String {
    format!(
        "Workflows/{}-{}.json",
        w.name.replace(' ', ""),
        w.id.to_ascii_uppercase()
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Types \
    xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" \
    ContentType=\"application/octet-stream\" /><Default Extension=\"json\" ContentType=\"application/octet-stream\" />\
    <Default Extension=\"Png\" ContentType=\"application/octet-stream\" /></Types>";

/// The Contoso connector as it appears in a solution.
pub fn contoso_connector() -> ConnectorSpec {
    let params = serde_json::from_slice::<serde_json::Value>(files::PROPERTIES)
        .ok()
        .and_then(|v| v.pointer("/properties/connectionParameters").cloned())
        .and_then(|v| serde_json::to_vec_pretty(&v).ok())
        .unwrap_or_else(|| b"{}".to_vec());
    ConnectorSpec {
        name: "new_5Fcontoso".into(),
        display_name: "Contoso Tasks".into(),
        openapi: Some(files::SWAGGER.to_vec()),
        connection_parameters: params,
        icon: Some(files::ICON.to_vec()),
        brand_color: "#1f6f5c".into(),
        id: CONTOSO_CONNECTOR_ID.into(),
    }
}

/// The example connector's GUID, and the name its environment gives it.
const CONTOSO_CONNECTOR_ID: &str = "9f1e4a27-5b3c-4d8e-a6f0-7c2b1d9e0c5a";
const CONTOSO_API_NAME: &str = "shared_new-5fcontoso-5f0123456789abcdef";

/// The example's connector solution.
pub fn contoso_connector_solution() -> SolutionSpec {
    SolutionSpec {
        unique_name: "ContosoTasksConnector".into(),
        version: "1.0.0.0".into(),
        managed: false,
        connectors: vec![contoso_connector()],
        workflows: vec![],
        connection_refs: vec![],
        plugin: false,
        omit: vec![],
        extra: vec![],
    }
}

/// The example's flow solution.
pub fn contoso_flow_solution() -> SolutionSpec {
    SolutionSpec {
        unique_name: "ContosoTasksFlow".into(),
        workflows: vec![WorkflowSpec {
            name: "List Contoso tasks".into(),
            id: "3f2b7c1e-8a4d-4e0f-9b6a-2d5c7e9f1a3b".into(),
            json: Some(FLOW.as_bytes().to_vec()),
        }],
        connection_refs: vec![ConnectionRefSpec {
            logical_name: "new_sharednew5fcontoso5f0123456789abcdef_a1b2c".into(),
            api_name: CONTOSO_API_NAME.into(),
            connector_id: CONTOSO_CONNECTOR_ID.into(),
        }],
        ..contoso_connector_solution()
    }
}

/// The files directly in `dir` (not its sub-folders) as `(name, bytes)`, sorted by
/// name: a fixture folder (a Power Query source folder) as archive entries.
pub fn folder_entries(dir: &Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        if e.file_type()?.is_file() {
            out.push((
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path())?,
            ));
        }
    }
    out.sort();
    Ok(out)
}

/// [`zip_of`] the files directly in `dir` (a `.mez` of a source folder).
pub fn zip_folder(dir: &Path) -> std::io::Result<Vec<u8>> {
    let files = folder_entries(dir)?;
    let entries: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    Ok(zip_of(&entries))
}

/// A zip of `entries`, each stored as given (a name ending in `/` is a folder): the
/// one builder of test archives (solutions, packages, uploads, broken ones).
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let o = opts().compression_method(CompressionMethod::Stored);
    for (name, bytes) in entries {
        // writing to memory fails only on a bad name, which tests do not give
        if name.ends_with('/') {
            let _ = w.add_directory(*name, o);
        } else if w.start_file(*name, o).is_ok() {
            let _ = w.write_all(bytes);
        }
    }
    w.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// A Package Deployer package holding `solutions` (name, zip) in `PkgAssets/`, with
/// the `ImportConfig.xml` and `[Content_Types].xml` the bundle writes.
pub fn package_of(solutions: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let names: Vec<String> = solutions.iter().map(|(n, _)| (*n).to_owned()).collect();
    let paths: Vec<String> = names.iter().map(|n| format!("PkgAssets/{n}")).collect();
    let config = crate::bundle::import_config(&names);
    let mut entries: Vec<(&str, &[u8])> = vec![
        (
            "[Content_Types].xml",
            crate::bundle::CONTENT_TYPES.as_bytes(),
        ),
        ("PkgAssets/ImportConfig.xml", &config),
    ];
    for (path, (_, bytes)) in paths.iter().zip(solutions) {
        entries.push((path, bytes));
    }
    zip_of(&entries)
}

/// An upload: the example's `intro.md` and `package`.
pub fn upload_of(package: &[u8]) -> Vec<u8> {
    zip_of(&[("intro.md", files::INTRO), ("package.zip", package)])
}

/// The example's connector and flow solutions, as (file name, zip).
pub fn contoso_solutions() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("Connector.zip", contoso_connector_solution().build()),
        ("Flow.zip", contoso_flow_solution().build()),
    ]
}

/// The example's AI plugin solution.
pub fn contoso_plugin_solution() -> SolutionSpec {
    SolutionSpec {
        unique_name: "ContosoTasksPlugin".into(),
        plugin: true,
        ..contoso_connector_solution()
    }
}

/// The example's cloud flow, shaped like a Dataverse export of a flow that uses a
/// custom connector: the connection reference names the connector by its logical
/// name (`api.logicalName`) and by the name its environment gives it.
const FLOW: &str = r#"{
  "properties": {
    "connectionReferences": {
      "shared_new-5fcontoso-5f0123456789abcdef": {
        "runtimeSource": "embedded",
        "connection": { "connectionReferenceLogicalName": "new_sharednew5fcontoso5f0123456789abcdef_a1b2c" },
        "api": { "name": "shared_new-5fcontoso-5f0123456789abcdef", "logicalName": "new_5Fcontoso" }
      }
    },
    "definition": {
      "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
      "contentVersion": "1.0.0.0",
      "parameters": { "$connections": { "defaultValue": {}, "type": "Object" }, "$authentication": { "defaultValue": {}, "type": "SecureObject" } },
      "triggers": { "manual": { "type": "Request", "kind": "Button", "inputs": { "schema": { "type": "object", "properties": {}, "required": [] } } } },
      "actions": {
        "Scope": {
          "type": "Scope",
          "runAfter": {},
          "actions": {
            "List_tasks": {
              "runAfter": {},
              "type": "OpenApiConnection",
              "inputs": {
                "host": {
                  "connectionName": "shared_new-5fcontoso-5f0123456789abcdef",
                  "operationId": "ListTasks",
                  "apiId": "/providers/Microsoft.PowerApps/apis/shared_new-5fcontoso-5f0123456789abcdef"
                },
                "parameters": { "projectId": "demo" },
                "authentication": "@parameters('$authentication')"
              }
            }
          }
        }
      }
    }
  },
  "schemaVersion": "1.0.0.0"
}
"#;

/// What [`write_example`] wrote.
#[derive(Debug, Clone)]
pub struct ExampleFiles {
    /// The connector source folder.
    pub source_dir: PathBuf,
    /// `intro.md`.
    pub intro: PathBuf,
    /// The connector solution zip.
    pub connector_solution: PathBuf,
    /// The flow solution zip.
    pub flow_solution: PathBuf,
    /// The AI plugin solution zip (for trying plugin-enabled offers).
    pub plugin_solution: PathBuf,
    /// The draft naming all of them.
    pub draft: PathBuf,
    /// The draft's content.
    pub submission: Submission,
}

/// The name of the example's draft file.
pub const DRAFT_NAME: &str = "Contoso Tasks.certpack.json";

/// Writes the example into `dir` (created when missing); existing files are replaced.
pub fn write_example(dir: &Path) -> Result<ExampleFiles> {
    let w = |path: &Path, bytes: &[u8]| {
        std::fs::write(path, bytes).map_err(|e| Error::io("cannot write", path, e))
    };
    let source_dir = dir.join("connector");
    std::fs::create_dir_all(&source_dir).map_err(|e| Error::io("cannot create", &source_dir, e))?;
    w(
        &source_dir.join("apiDefinition.swagger.json"),
        files::SWAGGER,
    )?;
    w(&source_dir.join("apiProperties.json"), files::PROPERTIES)?;
    w(&source_dir.join("README.md"), files::README)?;
    w(&source_dir.join("icon.png"), files::ICON)?;
    let intro = dir.join("intro.md");
    w(&intro, files::INTRO)?;
    let solutions = dir.join("solutions");
    std::fs::create_dir_all(&solutions).map_err(|e| Error::io("cannot create", &solutions, e))?;
    let connector_solution = solutions.join("ContosoTasksConnector_1_0_0_0.zip");
    let flow_solution = solutions.join("ContosoTasksFlow_1_0_0_0.zip");
    let plugin_solution = solutions.join("ContosoTasksPlugin_1_0_0_0.zip");
    w(&connector_solution, &contoso_connector_solution().build())?;
    w(&flow_solution, &contoso_flow_solution().build())?;
    w(&plugin_solution, &contoso_plugin_solution().build())?;
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut submission = Submission {
        format: DRAFT_FORMAT,
        ..Submission::default()
    };
    submission.offer.name = "Contoso Tasks".into();
    submission.offer.version = "1.0.0".into();
    submission.offer.eligibility.owns_api = Some(true);
    submission.offer.eligibility.support_contract = Some(true);
    submission.offer.eligibility.uptime_sla = Some(true);
    submission.packages.intro = Some(abs(&intro));
    submission.packages.connector_solution = Some(abs(&connector_solution));
    submission.packages.flow_solution = Some(abs(&flow_solution));
    submission.packages.plugin_solution = None;
    submission.packages.source_dir = Some(abs(&source_dir));
    submission.packages.oauth_client_id = "7d1e4c2a-contoso-tasks-client".into();
    submission.properties.categories = vec!["Productivity".into(), "Collaboration".into()];
    submission.properties.legal.standard_contract = true;
    submission.properties.privacy_policy_url = "https://www.contoso.com/privacy".into();
    submission.properties.support_document_url = "https://support.contoso.com/tasks".into();
    submission.availability.notification_emails = vec!["connectors@contoso.com".into()];
    let draft = dir.join(DRAFT_NAME);
    let mut json =
        serde_json::to_vec_pretty(&submission).map_err(|e| Error::Input(e.to_string()))?;
    json.push(b'\n');
    w(&draft, &json)?;
    Ok(ExampleFiles {
        source_dir: abs(&source_dir),
        intro: abs(&intro),
        connector_solution: abs(&connector_solution),
        flow_solution: abs(&flow_solution),
        plugin_solution: abs(&plugin_solution),
        draft: abs(&draft),
        submission,
    })
}

/// The folder of `write_example`'s destination that [`write_pq_example`] writes.
pub const PQ_EXAMPLE_DIR: &str = "powerquery";
/// The Power Query example's source folder name (its section name).
pub const PQ_SOURCE_DIR: &str = "ContosoTasks";
/// The Power Query example's connector file.
pub const PQ_MEZ_NAME: &str = "ContosoTasks.mez";
/// The Power Query example's article (named as Microsoft publishes it).
pub const PQ_ARTICLE_NAME: &str = "contoso-tasks.md";
/// The Power Query example's blog paragraph.
pub const PQ_BLURB_NAME: &str = "blog.md";

/// The Power Query example's `.mez`, built from its source folder (deterministic).
pub fn contoso_mez() -> Vec<u8> {
    zip_of(pq_files::SOURCE)
}

/// What [`write_pq_example`] wrote (absolute paths).
#[derive(Debug, Clone)]
pub struct PqExampleFiles {
    /// `DIR/powerquery`.
    pub dir: PathBuf,
    /// The connector's source folder, `DIR/powerquery/ContosoTasks`.
    pub source_dir: PathBuf,
    /// The connector, `DIR/powerquery/ContosoTasks.mez`.
    pub mez: PathBuf,
    /// The documentation article, `DIR/powerquery/contoso-tasks.md`.
    pub article: PathBuf,
    /// The blog paragraph, `DIR/powerquery/blog.md`.
    pub blurb: PathBuf,
    /// The draft naming them, `DIR/powerquery/Contoso Tasks.certpack.json` (a Power
    /// Query draft: the desktop wizard's Power Query path).
    pub draft: PathBuf,
    /// The draft's content.
    pub submission: Submission,
}

/// Writes the Power Query example into `dir/powerquery/` (created when missing;
/// existing files are replaced): the source folder, the `.mez` built from it, the
/// article and the blog paragraph. `dir` is the folder [`write_example`] writes.
pub fn write_pq_example(dir: &Path) -> Result<PqExampleFiles> {
    let w = |path: &Path, bytes: &[u8]| {
        std::fs::write(path, bytes).map_err(|e| Error::io("cannot write", path, e))
    };
    let root = dir.join(PQ_EXAMPLE_DIR);
    let source_dir = root.join(PQ_SOURCE_DIR);
    std::fs::create_dir_all(&source_dir).map_err(|e| Error::io("cannot create", &source_dir, e))?;
    for (name, bytes) in pq_files::SOURCE {
        w(&source_dir.join(name), bytes)?;
    }
    let mez = root.join(PQ_MEZ_NAME);
    w(&mez, &contoso_mez())?;
    let article = root.join(PQ_ARTICLE_NAME);
    w(&article, pq_files::ARTICLE.as_bytes())?;
    let blurb = root.join(PQ_BLURB_NAME);
    w(&blurb, pq_files::BLURB.as_bytes())?;
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut submission = Submission {
        kind: crate::model::SubmissionKind::PowerQuery,
        ..Submission::default()
    };
    submission.offer.name = "Contoso Tasks".into();
    submission.power_query.mez = Some(abs(&mez));
    submission.power_query.article = Some(abs(&article));
    submission.power_query.blurb = Some(abs(&blurb));
    let draft = root.join(DRAFT_NAME);
    let mut json =
        serde_json::to_vec_pretty(&submission).map_err(|e| Error::Input(e.to_string()))?;
    json.push(b'\n');
    w(&draft, &json)?;
    Ok(PqExampleFiles {
        dir: abs(&root),
        source_dir: abs(&source_dir),
        mez: abs(&mez),
        article: abs(&article),
        blurb: abs(&blurb),
        draft: abs(&draft),
        submission,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_are_deterministic() {
        assert_eq!(
            contoso_flow_solution().build(),
            contoso_flow_solution().build()
        );
    }

    #[test]
    fn the_pq_example_packs_its_whole_source_folder() {
        assert_eq!(contoso_mez(), contoso_mez());
        // every file of examples/contoso-powerquery/ContosoTasks is embedded
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/contoso-powerquery")
            .join(PQ_SOURCE_DIR);
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = pq_files::SOURCE
            .iter()
            .map(|(n, _)| (*n).to_owned())
            .collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn the_pq_example_checks_clean_with_its_article_and_blurb() {
        let tmp = tempfile::tempdir().unwrap();
        let ex = write_pq_example(tmp.path()).unwrap();
        let opts = crate::check::CheckOptions::default();
        let report = crate::check::check_path(&ex.mez, &opts).unwrap();
        assert_eq!(report.kind, crate::TargetKind::Mez);
        let mut found = report.diagnostics;
        found.extend(crate::check::check_article(&ex.mez, &ex.article, &opts).unwrap());
        let mut sink = crate::rules::Sink::new();
        crate::pq::docs::check_blurb(&mut sink, PQ_BLURB_NAME, pq_files::BLURB);
        found.extend(sink.into_diagnostics());
        let loud: Vec<_> = found
            .iter()
            .filter(|d| d.severity != crate::Severity::Info)
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        assert!(loud.is_empty(), "{loud:?}");
        // the facts the article is checked against are the connector's
        let facts = crate::pq::load(&ex.mez, opts.limits)
            .unwrap()
            .connector
            .and_then(|c| c.doc_facts())
            .unwrap();
        assert_eq!(facts.name, "ContosoTasks");
        assert_eq!(facts.label.as_deref(), Some("Contoso Tasks"));
        assert!(facts.beta);
        assert_eq!(facts.auth_kinds, ["OAuth", "Key"]);
        assert_eq!(facts.version.as_deref(), Some("1.0.0"));
        assert_eq!(
            crate::pq::docs::article_file_name(&facts.display_name()),
            PQ_ARTICLE_NAME
        );
        assert!(!pq_files::ARTICLE.contains("TODO"));
        // the written source folder is the embedded one
        assert_eq!(
            std::fs::read(ex.source_dir.join("ContosoTasks.pq")).unwrap(),
            pq_files::SOURCE[0].1
        );
        assert_eq!(std::fs::read(&ex.mez).unwrap(), contoso_mez());
    }
}
