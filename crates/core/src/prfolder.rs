//! The open-source pull request folder: what a certified connector adds to
//! [microsoft/PowerPlatformConnectors](https://github.com/microsoft/PowerPlatformConnectors)
//! (after-submission.md §4), planned from what certpack already reads, checked, and
//! written atomically.
//!
//! The layout follows the repository (branch `dev`):
//!
//! - `certified-connectors/<Name>/` for verified publishers and
//!   `independent-publisher-connectors/<Name>/` for independent publishers (repository
//!   `README.md`, "Certified Connectors"; 524 merged folders in `../shared/corpus`).
//! - `apiDefinition.swagger.json` (the PR's Swagger Validator runs on every changed file
//!   matching `apidefinition.swagger.json`, `.github/workflows/validation.yml`),
//!   `apiProperties.json` in its source-folder form (`properties.connectionParameters`,
//!   `iconBrandColor`, `capabilities`, `publisher`, `stackOwner`;
//!   `templates/certified-connectors/apiProperties.json`), `script.csx` with custom code,
//!   and a `README.md` in the layout of `templates/certified-connectors/readme.md` /
//!   `templates/Independent Publisher/readme.md`.
//! - No icon: the merged certified folders almost never hold one (2 of 316) and the
//!   pull request template has independent publishers confirm they submit none
//!   (`.github/pull_request_template.md`).
//! - Independent publishers (since 2025): exactly one package zip in the folder, the
//!   same upload a verified publisher gives Partner Center (`intro.md` and the Package
//!   Deployer package with the connector and flow solutions). The `certify-connector`
//!   bot answers "No zip", "More than one zip file", "Package should contain a flow
//!   package" (PRs #4039, #3956, #3848), and the certification team says independent
//!   publishers upload the package in GitHub, verified ones through Partner Center
//!   (PR #4104). The merged folders name it `ConnectorPackage.zip` most often.
//! - The pull request title of an independent publisher is "<Name> (Independent
//!   Publisher)" (pull request template); the folder and the connector title are not
//!   (201 of 201 merged independent-publisher titles have no suffix).
//!
//! [`plan`] reads the connector of any target (`check::load_connector`), builds the
//! files in memory (the package is referred to on disk, never loaded), and runs the
//! PRF rules ([`crate::rules::prfolder`]) and SEC-01 on them. [`write`] writes
//! `<out>/<root>/` through a temporary folder beside it, renamed into place; an
//! existing destination is refused, never merged or overwritten.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::check::{self, CheckOptions};
use crate::connector::{ConnectorFiles, JsonFile, Origin};
use crate::model::{Diagnostic, PublisherKind, TargetKind};
use crate::read::file::{MAX_TEXT_FILE, read_limited};
use crate::read::json::Value;
use crate::read::zip::Archive;
use crate::rules::Sink;
use crate::rules::content::{definition, needs_credentials, properties};
use crate::{Error, Result};

/// The repository folder of verified publishers' connectors.
pub const CERTIFIED_DIR: &str = "certified-connectors";
/// The repository folder of independent publishers' connectors.
pub const INDEPENDENT_DIR: &str = "independent-publisher-connectors";
/// The name certpack gives an independent publisher's package in the folder.
pub const PACKAGE_NAME: &str = "ConnectorPackage.zip";
/// What an independent publisher's pull request title ends with.
pub const IP_SUFFIX: &str = "(Independent Publisher)";
/// The README placeholder of a section the publisher still has to write.
pub const TODO: &str = "TODO:";

/// The planned pull request folder.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PrFolder {
    /// The folder inside the repository, e.g. `certified-connectors/Contoso Tasks`.
    pub root: String,
    /// The pull request's title: the name, and for independent publishers
    /// ` (Independent Publisher)` after it.
    pub pr_title: String,
    /// The files, sorted by name.
    pub files: Vec<PrFile>,
    /// PRF and SEC-01 findings on the planned folder.
    pub diagnostics: Vec<Diagnostic>,
}

/// One file of the folder.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PrFile {
    /// File name inside the folder.
    pub name: String,
    /// Size in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub(crate) source: FileSource,
}

/// Where a file's bytes are.
#[derive(Debug, Clone)]
pub(crate) enum FileSource {
    /// Built or read into memory.
    Bytes(Vec<u8>),
    /// Copied from disk when written (the package; not held in memory).
    Disk(PathBuf),
}

impl PrFile {
    /// A file held in memory.
    pub(crate) fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> PrFile {
        PrFile {
            name: name.into(),
            size: bytes.len() as u64,
            sha256: hex::encode(Sha256::digest(&bytes)),
            source: FileSource::Bytes(bytes),
        }
    }

    /// A file copied from `path` when written, hashed now (streamed).
    fn from_disk(name: impl Into<String>, path: &Path) -> Result<PrFile> {
        let (sha256, size) =
            crate::inventory::hash_file(path).map_err(|e| Error::io("cannot read", path, e))?;
        Ok(PrFile {
            name: name.into(),
            size,
            sha256,
            source: FileSource::Disk(path.to_path_buf()),
        })
    }

    /// The bytes, for a file held in memory (every file but the package).
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.source {
            FileSource::Bytes(b) => Some(b),
            FileSource::Disk(_) => None,
        }
    }

    /// The package's path on disk, for a file copied when written.
    pub(crate) fn disk_path(&self) -> Option<&Path> {
        match &self.source {
            FileSource::Disk(p) => Some(p),
            FileSource::Bytes(_) => None,
        }
    }
}

impl PrFolder {
    /// The repository folder (`certified-connectors`) and the connector's folder name.
    pub fn split_root(&self) -> (&str, &str) {
        self.root.split_once('/').unwrap_or(("", &self.root))
    }

    /// The file named `name` (ignoring ASCII case).
    pub fn file(&self, name: &str) -> Option<&PrFile> {
        self.files
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// Whether a finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::model::Severity::Error)
    }
}

/// Plans the pull request folder of a draft's connector: from its source folder when
/// it names one (the publisher's own files and README, byte for byte), else its
/// connector solution, else its package; the README from the draft's `intro.md`; the
/// repository folder by the draft's publisher kind.
pub fn plan_submission(sub: &crate::model::Submission, opts: &CheckOptions) -> Result<PrFolder> {
    let p = &sub.packages;
    let source = p
        .source_dir
        .as_deref()
        .or(p.connector_solution.as_deref())
        .or(p.package.as_deref())
        .ok_or_else(|| Error::Input("Choose the connector's files on Packages first.".into()))?;
    let opts = CheckOptions {
        publisher: sub.offer.publisher,
        plugin: sub.offer.plugin_enabled,
        ..*opts
    };
    plan(source, p.intro.as_deref(), &opts)
}

/// Plans the pull request folder of the connector at `path` (an upload, a package, a
/// solution zip or a connector source folder), with `intro` as the `intro.md` the
/// README is written from when `path` holds none (an upload has one at its root, a
/// source folder may). `opts.publisher` picks the repository folder.
///
/// `Err` when the path cannot be read or holds no connector; everything wrong with
/// the folder is a finding in [`PrFolder::diagnostics`].
pub fn plan(path: &Path, intro: Option<&Path>, opts: &CheckOptions) -> Result<PrFolder> {
    let kind = check::detect(path, opts.limits)?;
    let c = check::load_connector(path, opts)?.ok_or_else(|| {
        Error::Input(format!(
            "no connector found in `{}`: give a connector source folder, a connector solution, a package or an upload",
            path.display()
        ))
    })?;
    let intro_text = match intro {
        Some(p) => Some(read_limited(p, MAX_TEXT_FILE).map_err(|e| {
            Error::Input(format!("cannot read the intro.md `{}`: {e}", p.display()))
        })?),
        None if kind == TargetKind::Outer => upload_intro(path, opts),
        None => c.intro.as_ref().map(|f| f.bytes.clone()),
    }
    .map(|b| String::from_utf8_lossy(&b).into_owned());

    let title = c
        .swagger
        .as_ref()
        .and_then(JsonFile::root)
        .and_then(|r| r.pointer("/info/title"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    let name = folder_name(title.as_deref().unwrap_or(&c.label));
    let dir = match opts.publisher {
        PublisherKind::Verified => CERTIFIED_DIR,
        PublisherKind::Independent => INDEPENDENT_DIR,
    };
    let publisher_name = publisher_name(&c);

    let mut files = Vec::new();
    if let Some(sw) = &c.swagger {
        files.push(PrFile::from_bytes(
            "apiDefinition.swagger.json",
            sw.doc.text().as_bytes().to_vec(),
        ));
    }
    if let Some(p) = &c.properties {
        let bytes = match c.origin {
            Origin::SourceFolder => p.doc.text().as_bytes().to_vec(),
            Origin::Solution => source_properties(&c, p, publisher_name.as_deref(), opts.publisher),
        };
        files.push(PrFile::from_bytes("apiProperties.json", bytes));
    }
    if let Some(s) = &c.script {
        files.push(PrFile::from_bytes("script.csx", s.bytes.clone()));
    }
    let readme = match &c.readme {
        Some(r) => r.bytes.clone(),
        None => readme_from(
            intro_text.as_deref(),
            title.as_deref().unwrap_or(&name),
            publisher_name.as_deref(),
            &c,
            opts.publisher,
        )
        .into_bytes(),
    };
    files.push(PrFile::from_bytes("README.md", readme));
    if opts.publisher == PublisherKind::Independent && kind == TargetKind::Outer {
        files.push(PrFile::from_disk(PACKAGE_NAME, path)?);
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));

    let pr_title = match opts.publisher {
        PublisherKind::Verified => name.clone(),
        PublisherKind::Independent if name.ends_with(IP_SUFFIX) => name.clone(),
        PublisherKind::Independent => format!("{name} {IP_SUFFIX}"),
    };
    let mut folder = PrFolder {
        root: format!("{dir}/{name}"),
        pr_title,
        files,
        diagnostics: Vec::new(),
    };
    let mut sink = Sink::new();
    crate::rules::prfolder::check(&mut sink, &folder, title.as_deref(), opts);
    folder.diagnostics = sink.into_diagnostics();
    Ok(folder)
}

/// The `intro.md` at the root of an upload (its one `*.md`).
fn upload_intro(path: &Path, opts: &CheckOptions) -> Option<Vec<u8>> {
    let mut a = Archive::open_file(path, path.display().to_string(), opts.limits).ok()?;
    let e = a
        .root_files()
        .into_iter()
        .find(|e| e.name.to_ascii_lowercase().ends_with(".md"))
        .cloned()?;
    a.read(&e, MAX_TEXT_FILE).ok()
}

/// A folder name the repository (and a clone on any system) can hold, from the
/// connector's title: the characters Windows or git cannot take in one path segment
/// (`/ \ : * ? " < > |` and control characters) dropped, spaces collapsed, no
/// leading or trailing dot or space; `Connector` when nothing is left.
pub fn folder_name(title: &str) -> String {
    let kept: String = title
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !(c.is_control() || FORBIDDEN.contains(c)))
        .collect();
    let collapsed = kept
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>();
    let name = collapsed.join(" ");
    let name = name.trim_matches(|c: char| c == '.' || c == ' ');
    if name.is_empty() {
        "Connector".to_owned()
    } else {
        name.to_owned()
    }
}

/// Characters no folder name of the repository may hold (git separates paths with
/// `/`; Windows refuses the others).
pub const FORBIDDEN: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

/// The publisher's name: `publisher` of apiProperties.json (a source folder), or the
/// friendly name of the solution's publisher (`solution.xml`
/// `SolutionManifest/Publisher/LocalizedNames/LocalizedName/@description`).
fn publisher_name(c: &ConnectorFiles) -> Option<String> {
    let name = match c.origin {
        Origin::SourceFolder => c
            .properties
            .as_ref()?
            .root()?
            .pointer("/properties/publisher")?
            .as_str()
            .map(str::to_owned),
        Origin::Solution => {
            let sw = c.swagger.as_ref().or(c.properties.as_ref())?;
            let (solution, _) = sw.vpath.rsplit_once("!/")?;
            let bytes = crate::read::read_vpath(&format!("{solution}!/solution.xml"), 1 << 20)?;
            let text = String::from_utf8_lossy(&bytes);
            let doc = crate::read::xml::parse(&text).ok()?;
            let publisher = crate::read::xml::descendant(doc.root_element(), "Publisher")?;
            let names = crate::read::xml::child(publisher, "LocalizedNames")?;
            let first = crate::read::xml::child(names, "LocalizedName")?;
            crate::read::xml::attr(first, "description").map(str::to_owned)
        }
    }?;
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// The source-folder `apiProperties.json` of a connector read from a solution. A
/// solution keeps the connection parameters alone (`<name>_connectionparameters.json`:
/// the object of `properties.connectionParameters`, or `{"sets": [...]}` for several
/// authentications, `properties.connectionParameterSets.values` in the source form),
/// the brand colour in customizations.xml (`iconbrandcolor`) and the policies in
/// `<name>_policytemplateinstances.json`. A client id becomes a marked placeholder and
/// a client secret is left out: the repository takes neither (repository README,
/// "Submitting to the Open Source Repository").
fn source_properties(
    c: &ConnectorFiles,
    params: &JsonFile,
    publisher: Option<&str>,
    kind: PublisherKind,
) -> Vec<u8> {
    use serde_json::{Map, Value as J, json};
    let mut cp = params.root().map_or(J::Object(Map::new()), Value::to_serde);
    scrub_oauth(&mut cp);
    let mut props = Map::new();
    match cp {
        J::Object(mut m) if m.contains_key("sets") => {
            let mut sets = Map::new();
            if let Some(ui) = m.remove("uiDefinition") {
                sets.insert("uiDefinition".into(), ui);
            }
            sets.insert("values".into(), m.remove("sets").unwrap_or(J::Null));
            props.insert("connectionParameterSets".into(), J::Object(sets));
        }
        other => {
            props.insert("connectionParameters".into(), other);
        }
    }
    if let Some(colour) = &c.icon_brand_color {
        props.insert("iconBrandColor".into(), J::String(colour.clone()));
    }
    props.insert("capabilities".into(), json!(capabilities(c)));
    if let Some(policies) = policies(params).filter(|p| p.as_array().is_some_and(|a| !a.is_empty()))
    {
        props.insert("policyTemplateInstances".into(), policies);
    }
    if let Some(p) = publisher {
        props.insert("publisher".into(), J::String(p.to_owned()));
        // the service owner; a verified publisher owns the service it certifies
        if kind == PublisherKind::Verified {
            props.insert("stackOwner".into(), J::String(p.to_owned()));
        }
    }
    let mut out =
        serde_json::to_vec_pretty(&json!({ "properties": J::Object(props) })).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The client id of every OAuth setting replaced by a placeholder, the client secret
/// removed (bounded: the tree was built by the JSON reader, at most 256 deep).
fn scrub_oauth(v: &mut serde_json::Value) {
    let mut todo = vec![v];
    while let Some(v) = todo.pop() {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::Object(o)) = m.get_mut("oAuthSettings") {
                    o.remove("clientSecret");
                    if o.get("clientId").is_some_and(|id| {
                        id.as_str()
                            .is_some_and(|s| !crate::rules::content::secrets::is_placeholder(s))
                    }) {
                        o.insert(
                            "clientId".into(),
                            serde_json::Value::String(CLIENT_ID_PLACEHOLDER.into()),
                        );
                    }
                }
                todo.extend(m.values_mut());
            }
            serde_json::Value::Array(a) => todo.extend(a.iter_mut()),
            _ => {}
        }
    }
}

/// The client id written in place of a real one.
pub const CLIENT_ID_PLACEHOLDER: &str = "[[REPLACE_WITH_CLIENT_ID]]";

/// `actions`, and `triggers` when an operation is a trigger (`x-ms-trigger`).
fn capabilities(c: &ConnectorFiles) -> Vec<&'static str> {
    let triggers = c
        .swagger
        .as_ref()
        .and_then(JsonFile::root)
        .is_some_and(|r| {
            definition::list(r)
                .iter()
                .any(|op| op.value.get("x-ms-trigger").is_some())
        });
    if triggers {
        vec!["actions", "triggers"]
    } else {
        vec!["actions"]
    }
}

/// The solution's policy template instances, beside its connection parameters.
fn policies(params: &JsonFile) -> Option<serde_json::Value> {
    let stem = params.vpath.strip_suffix("_connectionparameters.json")?;
    let bytes = crate::read::read_vpath(&format!("{stem}_policytemplateinstances.json"), 1 << 20)?;
    serde_json::from_slice(&bytes).ok()
}

/// The README headings, in the template's order, with the intro.md headings that
/// map to them (matched on lowercase words, as DOC-01/DOC-02 match them).
const SECTIONS: &[(&str, &[&str])] = &[
    ("Prerequisites", &["prerequisite"]),
    ("Supported Operations", &[]),
    ("Obtaining Credentials", &["credential"]),
    ("Getting Started", &["get started", "getting started"]),
    (
        "Known Issues and Limitations",
        &["known issue", "limitation"],
    ),
    ("Frequently Asked Questions", &["faq", "frequently asked"]),
    ("Deployment Instructions", &["deploy"]),
];

/// One `##` section of intro.md: heading and body (sub-headings included).
struct Section<'a> {
    heading: &'a str,
    body: String,
}

/// The opening text (without `#` title lines) and the `##` sections of a markdown
/// text; fenced code is not read for headings.
fn split_sections(text: &str) -> (String, Vec<Section<'_>>) {
    let mut lead = String::new();
    let mut sections: Vec<Section<'_>> = Vec::new();
    let mut fence = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
        }
        if !fence {
            if let Some(h) = t.strip_prefix("## ") {
                sections.push(Section {
                    heading: h.trim().trim_end_matches('#').trim(),
                    body: String::new(),
                });
                continue;
            }
            if sections.is_empty() && (t.starts_with("# ") || t == "#") {
                continue;
            }
        }
        let into = match sections.last_mut() {
            Some(s) => &mut s.body,
            None => &mut lead,
        };
        into.push_str(line);
        into.push('\n');
    }
    (lead.trim().to_owned(), sections)
}

/// The README of the folder, in the repository's template layout: the publisher's
/// intro.md text under the template's headings (`## How to get credentials` under
/// `## Obtaining Credentials`, `## FAQ` under `## Frequently Asked Questions`, other
/// sections kept before the FAQ), the operations listed from the definition, the
/// deployment command; a required section nothing answers gets a `TODO:` line, which
/// PRF-07 names.
fn readme_from(
    intro: Option<&str>,
    title: &str,
    publisher: Option<&str>,
    c: &ConnectorFiles,
    kind: PublisherKind,
) -> String {
    let (lead, mut sections) = intro.map(split_sections).unwrap_or_default();
    let root = c.swagger.as_ref().and_then(JsonFile::root);
    let lead = if lead.is_empty() {
        root.and_then(|r| r.pointer("/info/description"))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map_or_else(
                || {
                    format!(
                        "{TODO} describe the service and the connector in two or three sentences."
                    )
                },
                str::to_owned,
            )
    } else {
        lead
    };
    let mut out = format!("# {title}\n{lead}\n\n");
    out.push_str(&format!(
        "## Publisher: {}\n\n",
        publisher.unwrap_or("TODO")
    ));
    let mut take = |words: &[&str]| -> Option<String> {
        if words.is_empty() {
            return None;
        }
        let i = sections.iter().position(|s| {
            let l = s.heading.to_ascii_lowercase();
            words.iter().any(|w| l.contains(w))
        })?;
        Some(sections.remove(i).body.trim().to_owned())
    };
    let bodies: Vec<(&str, Option<String>)> = SECTIONS.iter().map(|(h, w)| (*h, take(w))).collect();
    let rest = sections;
    for (heading, body) in bodies {
        if heading == "Frequently Asked Questions" {
            // intro.md's other sections (common errors, ...) before the FAQ
            for s in &rest {
                out.push_str(&format!("## {}\n{}\n\n", s.heading, s.body.trim()));
            }
        }
        let body = match (body, heading) {
            (Some(b), _) if !b.is_empty() => b,
            (_, "Supported Operations") => operations(root),
            (_, "Obtaining Credentials") if !has_parameters(c) => {
                "The connector needs no credentials.".to_owned()
            }
            (_, "Obtaining Credentials") if needs_credentials(c) => {
                format!("{TODO} explain the authentication method and how to get the credentials.")
            }
            (_, "Obtaining Credentials") => {
                format!("{TODO} explain how to get the values of the connection parameters.")
            }
            (_, "Prerequisites") => {
                format!("{TODO} name the plans, licences or tools the connector needs.")
            }
            (_, "Known Issues and Limitations") => format!(
                "{TODO} describe the known issues and limitations a user may meet, or say there are none."
            ),
            (_, "Deployment Instructions") => deployment(c, kind),
            _ => continue, // optional sections are left out when intro.md has none
        };
        out.push_str(&format!("## {heading}\n{body}\n\n"));
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// Whether the connector has connection parameters.
fn has_parameters(c: &ConnectorFiles) -> bool {
    c.properties
        .as_ref()
        .is_some_and(|p| !properties::connection_parameters(p, c.origin).is_empty())
}

/// `### <summary>` and the description of every operation users see (not
/// `x-ms-visibility: internal`), in the definition's order.
fn operations(root: Option<&Value>) -> String {
    let mut out = String::new();
    for op in root.map(definition::list).unwrap_or_default() {
        let internal = op
            .value
            .get("x-ms-visibility")
            .and_then(Value::as_str)
            .is_some_and(|v| v.eq_ignore_ascii_case("internal"));
        if internal {
            continue;
        }
        let name = op
            .value
            .get("summary")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map_or_else(|| op.label(), str::to_owned);
        out.push_str(&format!("### {name}\n"));
        if let Some(d) = op
            .value
            .get("description")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            out.push_str(d);
            out.push('\n');
        }
    }
    if out.is_empty() {
        format!("{TODO} describe the actions and triggers.")
    } else {
        out.trim_end().to_owned()
    }
}

/// The paconn command that deploys the folder as a custom connector.
fn deployment(c: &ConnectorFiles, _kind: PublisherKind) -> String {
    let script = if c.script.is_some() {
        " --script script.csx"
    } else {
        ""
    };
    format!(
        "Run `paconn create --api-def apiDefinition.swagger.json --api-prop apiProperties.json{script}` \
         to deploy the connector as a custom connector."
    )
}

/// Writes the folder to `<out>/<root>/` and returns that path. The files are written
/// to a `.certpack-*` folder beside the destination, then renamed into place; nothing
/// is left behind when a step fails. An existing destination is refused (never merged
/// or overwritten), and so is a root that is not two plain folder names.
pub fn write(folder: &PrFolder, out: &Path) -> Result<PathBuf> {
    let (dir, name) = folder.split_root();
    let plain = |s: &str| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && !s.chars().any(|c| c.is_control() || FORBIDDEN.contains(&c))
    };
    if !plain(dir) || !plain(name) {
        return Err(Error::Input(format!(
            "`{}` is not a folder of the repository (two plain folder names are expected)",
            folder.root
        )));
    }
    if let Some(f) = folder.files.iter().find(|f| !plain(&f.name)) {
        return Err(Error::Input(format!(
            "`{}` is not a plain file name",
            f.name
        )));
    }
    // a secret is never written to a file, even a local draft of the folder
    if let Some(d) = folder.diagnostics.iter().find(|d| {
        d.severity == crate::model::Severity::Error && (d.code == "SEC-01" || d.code == "PRF-06")
    }) {
        return Err(Error::SecretFound(
            d.location
                .file
                .clone()
                .unwrap_or_else(|| folder.root.clone()),
        ));
    }
    let parent = out.join(dir);
    let dest = parent.join(name);
    if std::fs::symlink_metadata(&dest).is_ok() {
        return Err(Error::Input(format!(
            "`{}` already exists: certpack never merges into or overwrites a folder; move it away or \
             choose another output folder",
            dest.display()
        )));
    }
    let created_parent = !parent.exists();
    let result = write_into(folder, &parent, &dest);
    if result.is_err() && created_parent {
        // only when empty: another writer may have put something there meanwhile
        let _ = std::fs::remove_dir(&parent);
    }
    result
}

fn write_into(folder: &PrFolder, parent: &Path, dest: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".certpack-")
        .tempdir_in(parent)
        .map_err(|e| Error::io("cannot create a temporary folder in", parent, e))?;
    for f in &folder.files {
        let path = tmp.path().join(&f.name);
        match &f.source {
            FileSource::Bytes(b) => {
                std::fs::write(&path, b).map_err(|e| Error::io("cannot write", &path, e))?;
            }
            FileSource::Disk(src) => {
                std::fs::copy(src, &path).map_err(|e| Error::io("cannot copy", src, e))?;
                let (sha, _) = crate::inventory::hash_file(&path)
                    .map_err(|e| Error::io("cannot read", &path, e))?;
                if sha != f.sha256 {
                    return Err(Error::Verification(format!(
                        "`{}` changed since it was planned; plan the folder again",
                        src.display()
                    )));
                }
            }
        }
    }
    // the temporary folder is removed on drop unless renamed away
    std::fs::rename(tmp.path(), dest).map_err(|e| Error::io("cannot rename into", dest, e))?;
    let _ = tmp.keep();
    Ok(dest.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_keep_what_the_repository_holds() {
        assert_eq!(folder_name("Contoso Tasks"), "Contoso Tasks");
        assert_eq!(
            folder_name("Blackbaud Raiser's Edge NXT (Beta) & Co."),
            "Blackbaud Raiser's Edge NXT (Beta) & Co"
        );
        assert_eq!(
            folder_name("Brønnøysundregistrene"),
            "Brønnøysundregistrene"
        );
        assert_eq!(folder_name("../../etc/passwd"), "etcpasswd");
        assert_eq!(folder_name("A: b?\t c"), "A b c");
        assert_eq!(folder_name(" ... "), "Connector");
    }

    #[test]
    fn intro_sections_map_to_the_readme_template() {
        let (lead, s) = split_sections("# T\nLead one.\n\n## FAQ\n### Q\nA\n```\n## not\n```\n");
        assert_eq!(lead, "Lead one.");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].heading, "FAQ");
        assert!(s[0].body.contains("## not"));
    }
}
