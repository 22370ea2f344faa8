//! Content rules on one connector's files (swagger, properties, icon, script,
//! README, intro.md): the entry point the checks call for every connector, from a
//! source folder or from inside a solution. Reading problems (JSON-01…03, FILE-01/02)
//! are reported when the files are loaded ([`crate::connector`]); the content rules
//! then run on whatever tree was recovered.
//!
//! One file per family:
//!
//! - [`text`]: title, description and wording (TTL, DSC, STR);
//! - [`swagger`]: the definition as a whole (SWG);
//! - [`operations`]: operations, parameters and responses (OPS, RSP);
//! - [`properties`]: apiProperties / connection parameters and brand colour (PRP);
//! - [`icon`]: the icon's pixels (ICN);
//! - [`script`]: custom code (CSX);
//! - [`docs`]: README and intro.md (DOC);
//! - [`secrets`]: secrets in any file (SEC);
//! - [`cross`]: solution against source folder, form against definition (XCK, PC-08).
//!
//! [`check`] runs everything that needs one connector. Checks that need more than
//! one connector or the form are called by the orchestration: [`cross::compare`]
//! (XCK-01), [`cross::check_privacy_link`] (PC-08),
//! [`properties::check_auth_unchanged`] (PRP-08), [`secrets::scan_archive`] /
//! [`secrets::scan_file`] (SEC-01 on every file, with the typed client secret) and
//! [`docs::check_intro`] for an `intro.md` given outside the source folder.

use crate::check::CheckOptions;
use crate::connector::{ConnectorFiles, FileData, JsonFile, Origin};
use crate::model::Submission;
use crate::read::file::{MAX_TEXT_FILE, read_limited};
use crate::read::json::Value;
use crate::read::zip::{Archive, Limits};
use crate::secret::ClientSecret;

use super::Sink;
use definition::Definition;

pub mod cross;
pub mod definition;
pub mod docs;
pub mod extensions;
pub mod icon;
pub mod media;
pub mod operations;
pub mod parameters;
pub mod paths;
pub mod properties;
pub mod responses;
pub mod schemas;
pub mod script;
pub mod secrets;
pub mod structure;
pub mod swagger;
pub mod text;
pub mod webhooks;
mod util;

#[cfg(test)]
pub(crate) mod testing;

const PREP: Option<&str> =
    Some("https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission");
const SWR: Option<&str> = Some(
    "https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules",
);
const STRINGS: Option<&str> = Some(
    "https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance",
);
const EXTENSIONS: Option<&str> =
    Some("https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions");
const FAQ: Option<&str> =
    Some("https://learn.microsoft.com/en-us/connectors/custom-connectors/faq");
const CODE: Option<&str> =
    Some("https://learn.microsoft.com/en-us/connectors/custom-connectors/write-code");
const SUBMIT: Option<&str> =
    Some("https://learn.microsoft.com/en-us/connectors/custom-connectors/submit-for-certification");
const VP_DOC: Option<&str> = SUBMIT;
const UPDATES: Option<&str> =
    Some("https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-updates");
const REPO: Option<&str> = Some("https://github.com/microsoft/PowerPlatformConnectors");

/// Runs every content rule family on `files`.
pub fn check(sink: &mut Sink, files: &ConnectorFiles, opts: &CheckOptions) {
    let publisher = opts.publisher;
    if let Some(sw) = &files.swagger {
        swagger::size(sink, sw, files.origin);
        if let Some(def) = Definition::new(sw, files.origin) {
            text::check(sink, &def, publisher);
            swagger::check(sink, &def);
            structure::check(sink, &def);
            operations::check(sink, &def);
            responses::check(sink, &def);
            paths::check(sink, &def);
            parameters::check(sink, &def);
            media::check(sink, &def);
            schemas::check(sink, &def);
            extensions::check(sink, &def);
            webhooks::check(sink, &def);
        }
    }
    properties::check(sink, files, publisher);
    icon::check(sink, files, publisher, brand_colour(files).as_deref());
    if let Some(s) = &files.script {
        script::check(sink, s);
    }
    if let Some(r) = &files.readme {
        docs::check_readme(sink, r, publisher, files.uses_oauth());
    }
    if let Some(i) = &files.intro {
        docs::check_intro(sink, i, needs_credentials(files), &operation_names(files));
    }
    secrets::check_connector(sink, files);
}

/// The content checks of a submission draft that need more than one connector or
/// the form, after [`check`] ran on each connector:
///
/// - XCK-01: the source folder (`source`) against the connector solution's connector;
/// - PC-08: the form's privacy link against the definition's `Privacy policy`;
/// - DOC-02/03 and SEC-01 on the `intro.md` chosen in the form;
/// - SEC-01 on every file of the package (or of the solution zips) at every level,
///   with the typed OAuth client secret searched verbatim everywhere, the source
///   folder's files included.
///
/// `solution` are the connectors read from the connector solution (or package).
pub fn check_submission_files(
    sink: &mut Sink,
    sub: &Submission,
    secret: Option<&ClientSecret>,
    solution: &[ConnectorFiles],
    source: Option<&ConnectorFiles>,
    limits: Limits,
) {
    let main = solution.first().or(source);
    if let (Some(src), Some(sol)) = (source, solution.first()) {
        cross::compare(sink, src, sol);
    }
    if let Some(c) = main {
        cross::check_privacy_link(sink, &sub.properties.privacy_policy_url, c);
    }
    let p = &sub.packages;
    if let Some(path) = p.intro.as_ref().filter(|p| p.is_file()) {
        let vpath = path.display().to_string();
        if let Ok(bytes) = read_limited(path, MAX_TEXT_FILE) {
            let intro = FileData { vpath, bytes };
            let (creds, ops) = main.map_or((false, Vec::new()), |c| {
                (needs_credentials(c), operation_names(c))
            });
            docs::check_intro(sink, &intro, creds, &ops);
            secrets::scan_file(sink, &intro.vpath, &intro.bytes, secret);
        }
    }
    let scanned: Vec<&str> = solution.iter().flat_map(ConnectorFiles::vpaths).collect();
    let zips = match &p.package {
        Some(pkg) => vec![pkg],
        None => [&p.connector_solution, &p.flow_solution, &p.plugin_solution]
            .into_iter()
            .flatten()
            .collect(),
    };
    for path in zips {
        if let Ok(mut a) = Archive::open_file(path, path.display().to_string(), limits) {
            secrets::scan_archive(sink, &mut a, secret, &scanned);
        }
    }
    if let (Some(src), Some(s)) = (source, secret) {
        secrets::verbatim_connector(sink, src, s);
    }
}

/// SEC-01 on every file of an archive checked on its own (`certpack check x.zip`):
/// the patterns, on the files the content rules did not already scan.
pub fn scan_archive_files(sink: &mut Sink, archive: &mut Archive, connectors: &[ConnectorFiles]) {
    let scanned: Vec<&str> = connectors.iter().flat_map(ConnectorFiles::vpaths).collect();
    secrets::scan_archive(sink, archive, None, &scanned);
}

/// The connector's `iconBrandColor`, wherever it is kept.
pub fn brand_colour(files: &ConnectorFiles) -> Option<String> {
    match files.origin {
        Origin::Solution => files.icon_brand_color.clone(),
        Origin::SourceFolder => files
            .properties
            .as_ref()?
            .root()?
            .pointer("/properties/iconBrandColor")?
            .as_str()
            .map(str::to_owned),
    }
}

/// Whether users sign in to create a connection (so intro.md needs "How to get
/// credentials").
pub fn needs_credentials(files: &ConnectorFiles) -> bool {
    files.properties.as_ref().is_some_and(|p| {
        properties::connection_parameters(p, files.origin)
            .iter()
            .any(|c| {
                c.value
                    .get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| {
                        ["oauthSetting", "securestring"]
                            .iter()
                            .any(|k| k.eq_ignore_ascii_case(t))
                    })
            })
    })
}

/// The operationIds and summaries of the definition (DOC-03 looks for them in intro.md).
pub fn operation_names(files: &ConnectorFiles) -> Vec<String> {
    let Some(root) = files.swagger.as_ref().and_then(JsonFile::root) else {
        return Vec::new();
    };
    definition::list(root)
        .iter()
        .flat_map(|op| [op.id(), op.value.get("summary").and_then(Value::as_str)])
        .flatten()
        .map(str::to_owned)
        .collect()
}
