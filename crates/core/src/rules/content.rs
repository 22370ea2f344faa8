//! Content rules on one connector's files (swagger, properties, icon, script,
//! README, intro.md): the entry point the checks call for every connector, from a
//! source folder or from inside a solution. Reading problems (JSON-01…03, FILE-01/02)
//! are reported when the files are loaded ([`crate::connector`]); the content rules
//! then run on whatever tree was recovered.
//!
//! One file per family:
//!
//! - [`definition`]: the shared view of the definition every family below uses;
//! - [`text`]: title, description and wording (TTL, DSC, STR);
//! - [`swagger`]: the definition as a whole (SWG-01…09);
//! - [`structure`]: the document's shape (SWG-10…16);
//! - [`operations`]: operations and their parameters' wording (OPS);
//! - [`responses`]: responses (RSP);
//! - [`paths`], [`parameters`], [`media`], [`schemas`], [`extensions`],
//!   [`webhooks`]: the swagger validator's checks (PTH, PAR, MED, SCH, EXT, WHK);
//! - [`properties`]: apiProperties / connection parameters and brand colour (PRP);
//! - [`icon`]: the icon's pixels (ICN);
//! - [`script`]: custom code (CSX);
//! - [`docs`]: README and intro.md (DOC);
//! - [`secrets`]: secrets in any file (SEC);
//! - [`cross`]: solution against source folder, form against definition (XCK, PC-08).
//!
//! [`check`] runs everything that needs one connector. Checks that need more than
//! one connector or the form are called by [`crate::pipeline`]: [`cross::compare`]
//! (XCK-01), [`cross::check_privacy_link`] (PC-08), [`secrets::scan_archive`] /
//! [`secrets::scan_file`] (SEC-01 on every file, with the typed client secret) and
//! [`docs::check_intro`] for the upload's `intro.md`; [`crate::check::check_update`]
//! calls [`properties::check_auth_unchanged`] (PRP-08).

use crate::check::CheckOptions;
use crate::connector::{ConnectorFiles, JsonFile, Origin};
use crate::read::json::Value;

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
pub(crate) mod util;
pub mod webhooks;

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
    super::eligibility::check_connector(sink, files);
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
