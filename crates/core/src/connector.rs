//! The files that define one connector, wherever they come from: a source folder
//! (`apiDefinition.swagger.json`, `apiProperties.json`, ...) or the `Connector/`
//! folder of a solution zip (the copy Microsoft reviews). Content rules run on
//! [`ConnectorFiles`] and report each finding at the file's report path.

use std::path::Path;

use crate::model::{Location, Severity};
use crate::read::file::{MAX_TEXT_FILE, read_limited};
use crate::read::json::{JsonDoc, Kind, Member, Value};
use crate::read::zip::Archive;
use crate::rules::files::{FILE_01, FILE_02, parse_json, report_zip};
use crate::rules::solution::ConnectorRef;
use crate::rules::{Rule, Sink};

/// Where the connector files were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A connector source folder.
    SourceFolder,
    /// The `Connector/` folder of a solution zip.
    Solution,
}

/// One file: its report path and bytes.
#[derive(Debug, Clone)]
pub struct FileData {
    /// Report path (`folder/apiProperties.json`, `x.zip!/Connector/y.json`).
    pub vpath: String,
    /// The raw bytes.
    pub bytes: Vec<u8>,
}

/// A parsed JSON file.
#[derive(Debug)]
pub struct JsonFile {
    /// Report path.
    pub vpath: String,
    /// The document (with issues already reported).
    pub doc: JsonDoc,
}

impl JsonFile {
    /// A location at `pointer` in this file, with line:column when it resolves.
    pub fn at(&self, pointer: &str) -> Location {
        let loc = Location::file(&self.vpath).with_pointer(pointer);
        match self.doc.locate(pointer) {
            Some((l, c)) => loc.with_line_col(l, c),
            None => loc,
        }
    }

    /// The root value, when the file parsed.
    pub fn root(&self) -> Option<&Value> {
        self.doc.root.as_ref()
    }

    /// Parses a file, reporting JSON-01…03 at their places.
    pub fn load(sink: &mut Sink, f: FileData) -> JsonFile {
        JsonFile {
            doc: parse_json(sink, &f.vpath, &f.bytes),
            vpath: f.vpath,
        }
    }
}

/// Everything known about one connector.
#[derive(Debug)]
pub struct ConnectorFiles {
    /// Source folder or solution.
    pub origin: Origin,
    /// Display label (folder name or connector display name).
    pub label: String,
    /// The OpenAPI (swagger) definition.
    pub swagger: Option<JsonFile>,
    /// `apiProperties.json` (source folder) or the connection parameters (solution).
    pub properties: Option<JsonFile>,
    /// The icon.
    pub icon: Option<FileData>,
    /// `script.csx` / custom code.
    pub script: Option<FileData>,
    /// README (source folder only).
    pub readme: Option<FileData>,
    /// `intro.md` (source folder only).
    pub intro: Option<FileData>,
    /// `iconbrandcolor` from customizations.xml (solution only).
    pub icon_brand_color: Option<String>,
}

impl ConnectorFiles {
    /// The swagger's `securityDefinitions` entries (none when absent or not an object).
    pub fn security_definitions(&self) -> &[Member] {
        self.swagger
            .as_ref()
            .and_then(JsonFile::root)
            .and_then(|r| r.get("securityDefinitions"))
            .and_then(Value::as_object)
            .unwrap_or_default()
    }

    /// Whether any connection parameter is `oauthSetting`.
    pub fn uses_oauth(&self) -> bool {
        self.properties
            .as_ref()
            .and_then(JsonFile::root)
            .is_some_and(|r| {
                any_value(r, &|v| {
                    v.get("type")
                        .and_then(Value::as_str)
                        .is_some_and(|t| t.eq_ignore_ascii_case("oauthSetting"))
                })
            })
    }

    /// Report paths of the files read for this connector.
    pub fn vpaths(&self) -> Vec<&str> {
        let json = [&self.swagger, &self.properties]
            .into_iter()
            .flatten()
            .map(|f| f.vpath.as_str());
        let raw = [&self.icon, &self.script, &self.readme, &self.intro]
            .into_iter()
            .flatten()
            .map(|f| f.vpath.as_str());
        json.chain(raw).collect()
    }

    /// Whether the connector has several authentication options (`connectionParameterSets`).
    pub fn is_multi_auth(&self) -> bool {
        self.properties
            .as_ref()
            .and_then(JsonFile::root)
            .is_some_and(|r| {
                any_value(r, &|v| v.get("connectionParameterSets").is_some())
                    || (self.origin == Origin::Solution && r.get("sets").is_some())
            })
    }

    /// The swagger's `x-ms-connector-metadata` `Categories`, split on `;`.
    pub fn swagger_categories(&self) -> Option<Vec<String>> {
        let meta = self
            .swagger
            .as_ref()?
            .root()?
            .get("x-ms-connector-metadata")?
            .as_array()?;
        let cats = meta
            .iter()
            .find(|m| m.get("propertyName").and_then(Value::as_str) == Some("Categories"))?;
        let v = cats.get("propertyValue")?.as_str()?;
        Some(
            v.split(';')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect(),
        )
    }
}

fn any_value(v: &Value, pred: &dyn Fn(&Value) -> bool) -> bool {
    if pred(v) {
        return true;
    }
    match &v.kind {
        Kind::Object(m) => m.iter().any(|m| any_value(&m.value, pred)),
        Kind::Array(a) => a.iter().any(|i| any_value(i, pred)),
        _ => false,
    }
}

/// Rule for a source-folder file with a non-canonical name.
pub const NAME_VARIANT_NOTE: &str = "accepted; the canonical name is";

/// Finds a file in `dir` by its canonical name, accepting case variants (and the
/// given alternatives). Returns the path and whether it is a variant.
fn find_in_dir(
    dir: &Path,
    canonical: &str,
    alternatives: &[&str],
) -> Option<(std::path::PathBuf, bool)> {
    // Anything by that name counts as found (a FIFO or a folder named README.md is
    // then refused when read, FILE-02, rather than reported missing).
    let exact = dir.join(canonical);
    if exact.exists() {
        return Some((exact, false));
    }
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    names
        .iter()
        .find(|n| {
            n.eq_ignore_ascii_case(canonical)
                || alternatives.iter().any(|a| n.eq_ignore_ascii_case(a))
        })
        .map(|n| (dir.join(n), true))
}

/// Loads a connector source folder, reporting missing (FILE-01), unreadable
/// (FILE-02) and badly-formed JSON files (JSON-01…03).
pub fn load_dir(sink: &mut Sink, dir: &Path, variant_rule: &Rule) -> ConnectorFiles {
    let label = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let base = dir.display().to_string();
    let swagger_path = find_in_dir(
        dir,
        "apiDefinition.swagger.json",
        &["apiDefination.swagger.json"],
    )
    .or_else(|| only_swagger(dir).map(|p| (p, true)));
    let properties_path = find_in_dir(dir, "apiProperties.json", &[]);
    if swagger_path.is_none() && properties_path.is_none() {
        sink.emit_as(
            &FILE_01,
            Severity::Info,
            Location::file(&base),
            "the folder holds neither `apiDefinition.swagger.json` nor `apiProperties.json`: it is not a \
             connector folder, so nothing was checked",
        );
        return ConnectorFiles {
            origin: Origin::SourceFolder,
            label,
            swagger: None,
            properties: None,
            icon: None,
            script: None,
            readme: None,
            intro: None,
            icon_brand_color: None,
        };
    }
    let mut read = |canonical: &str,
                    found: Option<(std::path::PathBuf, bool)>,
                    missing: Option<Severity>|
     -> Option<FileData> {
        let Some((path, variant)) = found else {
            if let Some(sev) = missing {
                let why = if canonical == "README.md" {
                    " (the open-source repository asks for one)"
                } else {
                    ""
                };
                sink.emit_as(
                    &FILE_01,
                    sev,
                    Location::file(&base),
                    format!("`{canonical}` is missing from the folder{why}"),
                );
            }
            return None;
        };
        let vpath = path.display().to_string();
        if variant {
            let found = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let other_name = !found.eq_ignore_ascii_case(canonical);
            sink.emit_as(
                variant_rule,
                if other_name && canonical.ends_with(".swagger.json") {
                    Severity::Warning
                } else {
                    Severity::Info
                },
                Location::file(&vpath),
                format!("`{found}` {NAME_VARIANT_NOTE} `{canonical}`"),
            );
        }
        match read_limited(&path, MAX_TEXT_FILE) {
            Ok(bytes) => Some(FileData { vpath, bytes }),
            Err(msg) => {
                sink.emit(&FILE_02, Location::file(&vpath), msg);
                None
            }
        }
    };
    let swagger = read(
        "apiDefinition.swagger.json",
        swagger_path,
        Some(Severity::Error),
    );
    let properties = read("apiProperties.json", properties_path, Some(Severity::Error));
    let readme = read(
        "README.md",
        find_in_dir(dir, "README.md", &[]),
        Some(Severity::Warning),
    );
    let icon = read("icon.png", find_in_dir(dir, "icon.png", &[]), None);
    let script = read("script.csx", find_in_dir(dir, "script.csx", &[]), None);
    let intro = read("intro.md", find_in_dir(dir, "intro.md", &[]), None);
    let swagger = swagger.map(|f| JsonFile::load(sink, f));
    let properties = properties.map(|f| JsonFile::load(sink, f));
    ConnectorFiles {
        origin: Origin::SourceFolder,
        label,
        swagger,
        properties,
        icon,
        script,
        readme,
        intro,
        icon_brand_color: None,
    }
}

/// Loads the connector files at the root of an archive (the upload format before
/// 2024), read as a source folder's.
pub fn load_archive_root(sink: &mut Sink, a: &mut Archive) -> ConnectorFiles {
    let mut read = |name: &str| -> Option<FileData> {
        let e = a
            .root_files()
            .into_iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
            .cloned()?;
        let vpath = a.entry_vpath(&e.name);
        match a.read(&e, MAX_TEXT_FILE) {
            Ok(bytes) => Some(FileData { vpath, bytes }),
            Err(p) => {
                report_zip(sink, &vpath, &p);
                None
            }
        }
    };
    let swagger = read("apiDefinition.swagger.json");
    let properties = read("apiProperties.json");
    let icon = read("icon.png");
    let script = read("script.csx");
    let readme = read("README.md");
    ConnectorFiles {
        origin: Origin::SourceFolder,
        label: a.vpath.clone(),
        swagger: swagger.map(|f| JsonFile::load(sink, f)),
        properties: properties.map(|f| JsonFile::load(sink, f)),
        icon,
        script,
        readme,
        intro: None,
        icon_brand_color: None,
    }
}

/// The one `*.swagger.json` file of `dir`, when there is exactly one (a folder may
/// name its definition after the connector, as a merged one does).
fn only_swagger(dir: &Path) -> Option<std::path::PathBuf> {
    let mut found = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.to_ascii_lowercase().ends_with(".swagger.json"))
        });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// Loads the files of connector `c` from a solution zip.
pub fn load_solution(sink: &mut Sink, sol: &mut Archive, c: &ConnectorRef) -> ConnectorFiles {
    let mut read = |path: &Option<String>, suffix: &str| -> Option<FileData> {
        let entry = match path.as_ref().and_then(|p| sol.find_ignore_case(p)) {
            Some(e) => e.clone(),
            None => {
                let lower_name = c.name.to_ascii_lowercase();
                sol.entries()
                    .iter()
                    .filter(|e| {
                        let l = e.name.to_ascii_lowercase();
                        l.starts_with("connector/") && l.contains(suffix)
                    })
                    .min_by_key(|e| !e.name.to_ascii_lowercase().contains(&lower_name))?
                    .clone()
            }
        };
        let vpath = sol.entry_vpath(&entry.name);
        match sol.read(&entry, MAX_TEXT_FILE) {
            Ok(bytes) => Some(FileData { vpath, bytes }),
            Err(p) => {
                report_zip(sink, &vpath, &p);
                None
            }
        }
    };
    let swagger = read(&c.openapi, "_openapidefinition");
    let properties = read(&c.connection_parameters, "_connectionparameters");
    let icon = read(&c.icon, "_iconblob");
    let script = read(&c.script, "_customcodeblob");
    let swagger = swagger.map(|f| JsonFile::load(sink, f));
    let properties = properties.map(|f| JsonFile::load(sink, f));
    ConnectorFiles {
        origin: Origin::Solution,
        label: c.display_name.clone().unwrap_or_else(|| c.name.clone()),
        swagger,
        properties,
        icon,
        script,
        readme: None,
        intro: None,
        icon_brand_color: c.icon_brand_color.clone(),
    }
}
