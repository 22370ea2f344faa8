//! The open-source pull request folder (PRF-01…08): what
//! [microsoft/PowerPlatformConnectors](https://github.com/microsoft/PowerPlatformConnectors)
//! expects of `certified-connectors/<Name>/` and
//! `independent-publisher-connectors/<Name>/` (after-submission.md §4,
//! certification-requirements.md §1 and §3.10; see [`crate::prfolder`] for the
//! sources). Run by [`crate::prfolder::plan`] on the planned folder, with SEC-01 on
//! every file.
//!
//! Severities follow what the repository does with a folder: the Swagger Validator
//! and the `certify-connector` bot refuse a folder without the definition or (for an
//! independent publisher) without exactly one package zip, and the repository README
//! forbids client secrets, so those are errors; the rest is what reviewers ask for,
//! measured against the 524 merged folders of `../shared/corpus` (a third of the
//! certified folder names differ from the title; screenshots sit beside READMEs; 24
//! of 126 OAuth settings keep a real-looking client id).

use crate::check::CheckOptions;
use crate::connector::{ConnectorFiles, FileData, JsonFile, Origin};
use crate::model::{Location, PublisherKind, Severity};
use crate::prfolder::{
    CERTIFIED_DIR, FORBIDDEN, INDEPENDENT_DIR, IP_SUFFIX, PrFile, PrFolder, TODO,
};
use crate::read::json::{JsonDoc, Value};
use crate::read::zip::Archive;
use crate::rules::Sink;
use crate::rules::content::docs::headings;
use crate::rules::content::properties::connection_parameters;
use crate::rules::content::secrets;

const REPO: Option<&str> = Some("https://github.com/microsoft/PowerPlatformConnectors");
const PR_TEMPLATE: Option<&str> = Some(
    "https://github.com/microsoft/PowerPlatformConnectors/blob/dev/.github/pull_request_template.md",
);
const README_TEMPLATE: Option<&str> = Some(
    "https://github.com/microsoft/PowerPlatformConnectors/blob/dev/templates/certified-connectors/readme.md",
);
const IP_PROCESS: Option<&str> = Some(
    "https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission-ip",
);

rules! {
    PRF_01 {
        code: "PRF-01",
        severity: Error,
        scope: Repository,
        title: "The folder sits in the right repository folder, with a name git and Windows can hold",
        explanation: "Put a verified publisher's connector in `certified-connectors/<Name>/` and an independent \
            publisher's in `independent-publisher-connectors/<Name>/`. Use a name without `/ \\ : * ? \" < > |` \
            or control characters and without a leading or trailing space or dot, so that the pull request \
            can be cloned on every system.",
        url: REPO,
    }
    PRF_02 {
        code: "PRF-02",
        severity: Info,
        scope: Repository,
        title: "The folder is named after the connector's title",
        explanation: "Name the folder after `info.title`, as most merged folders are. A third of the certified \
            folders differ from their title (an older name, no spaces), so a different name is a note: keep \
            the existing folder's name when you update a connector.",
        url: REPO,
    }
    PRF_03 {
        code: "PRF-03",
        severity: Warning,
        scope: Repository,
        title: "An independent publisher's folder name has no \"(Independent Publisher)\"",
        explanation: "The pull request title is \"<Name> (Independent Publisher)\"; the folder and the connector's \
            title are the name alone, as in every merged independent-publisher folder.",
        url: PR_TEMPLATE,
    }
    PRF_04 {
        code: "PRF-04",
        severity: Error,
        scope: Repository,
        title: "The folder holds the definition, the properties, a README and, for an independent publisher, one package zip",
        explanation: "Add `apiDefinition.swagger.json` (the pull request's Swagger Validator runs on it), \
            `apiProperties.json` and `README.md`. Independent publishers add exactly one package zip, the \
            upload `certpack bundle` writes (intro.md and the package with the connector and flow solutions): \
            the `certify-connector` bot refuses a folder with no zip or with more than one.",
        url: IP_PROCESS,
    }
    PRF_05 {
        code: "PRF-05",
        severity: Warning,
        scope: Repository,
        title: "The folder holds only the files the repository expects",
        explanation: "Keep `apiDefinition.swagger.json`, `apiProperties.json`, `README.md`, `script.csx` (custom \
            code), `intro.md` and `settings.json`; images the README shows are common. Independent publishers \
            submit no icon (the pull request template asks them to confirm it). Verified publishers give their \
            package to Partner Center, not to the repository.",
        url: PR_TEMPLATE,
    }
    PRF_06 {
        code: "PRF-06",
        severity: Error,
        scope: Repository,
        title: "apiProperties.json holds no OAuth client secret, and a placeholder client id",
        explanation: "The repository takes no client secrets: leave `clientSecret` out. Replace a real client id \
            with a clearly marked placeholder such as `[[REPLACE_WITH_CLIENT_ID]]`; merged connectors keep \
            real ones at times, so a client id is a warning. Give both in the Partner Center form.",
        url: REPO,
    }
    PRF_07 {
        code: "PRF-07",
        severity: Warning,
        scope: Repository,
        title: "The README has the template's required sections, none left as TODO",
        explanation: "Follow the repository's README template: `# <Title>` with a short description, \
            `## Publisher: <name>`, `## Prerequisites`, `## Supported Operations`, `## Obtaining Credentials`, \
            `## Known Issues and Limitations` and, for verified publishers, `## Deployment Instructions`. \
            Replace every `TODO:` line certpack wrote with your text.",
        url: README_TEMPLATE,
    }
    PRF_08 {
        code: "PRF-08",
        severity: Warning,
        scope: Repository,
        title: "The folder's definition is the one in its package",
        explanation: "An independent publisher's folder holds the definition twice: in `apiDefinition.swagger.json` \
            and in the connector solution of the package. Microsoft certifies the package's; make the file \
            the same document.",
        url: IP_PROCESS,
    }
}

/// The files the repository expects in a connector folder.
const EXPECTED: &[&str] = &[
    "apiDefinition.swagger.json",
    "apiProperties.json",
    "README.md",
    "script.csx",
    "intro.md",
    "settings.json",
];
const IMAGES: &[&str] = &[".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"];

/// PRF-01…08 and SEC-01 on a planned folder; `title` is the connector's `info.title`.
pub fn check(sink: &mut Sink, folder: &PrFolder, title: Option<&str>, opts: &CheckOptions) {
    let ip = opts.publisher == PublisherKind::Independent;
    let (dir, name) = folder.split_root();
    let at = |file: &str| Location::file(format!("{}/{file}", folder.root));
    let here = Location::file(&folder.root);
    check_name(sink, dir, name, ip, &here);
    if let Some(t) = title {
        let base = t.trim();
        if name != base && name != crate::prfolder::folder_name(base) {
            sink.emit(
                &PRF_02,
                here.clone(),
                format!("the folder `{name}` is not named after the connector's title `{base}`"),
            );
        } else if name != base {
            sink.emit(
                &PRF_02,
                here.clone(),
                format!(
                    "the title `{base}` has characters a folder name cannot hold; the folder is `{name}`"
                ),
            );
        }
        if ip
            && base
                .to_ascii_lowercase()
                .ends_with(&IP_SUFFIX.to_ascii_lowercase())
        {
            sink.emit(
                &PRF_03,
                Location::file(format!("{}/apiDefinition.swagger.json", folder.root))
                    .with_pointer("/info/title"),
                format!(
                    "the title `{base}` ends with `{IP_SUFFIX}`; only the pull request title does"
                ),
            );
        }
    }
    if ip
        && name
            .to_ascii_lowercase()
            .ends_with(&IP_SUFFIX.to_ascii_lowercase())
    {
        sink.emit(
            &PRF_03,
            here.clone(),
            format!(
                "the folder `{name}` ends with `{IP_SUFFIX}`; only the pull request title does"
            ),
        );
    }
    check_files(sink, folder, ip, &here, &at);
    let props = folder
        .file("apiProperties.json")
        .and_then(|f| json_file(folder, f));
    if let Some(p) = &props {
        check_oauth(sink, p);
    }
    if let Some(r) = folder.file("README.md") {
        check_readme(sink, &format!("{}/{}", folder.root, r.name), r, ip);
    }
    check_secrets(sink, folder, props, opts);
    if ip {
        check_package_definition(sink, folder, opts);
    }
}

fn check_name(sink: &mut Sink, dir: &str, name: &str, ip: bool, here: &Location) {
    let want = if ip { INDEPENDENT_DIR } else { CERTIFIED_DIR };
    if dir != want {
        sink.emit(
            &PRF_01,
            here.clone(),
            format!(
                "the folder is under `{dir}/`; {} connectors go under `{want}/`",
                if ip {
                    "independent-publisher"
                } else {
                    "verified publishers'"
                }
            ),
        );
    }
    let bad: Vec<String> = name
        .chars()
        .filter(|c| c.is_control() || FORBIDDEN.contains(c))
        .map(|c| format!("`{}`", c.escape_default()))
        .collect();
    let problem = if name.is_empty() || name == "." || name == ".." {
        Some("is not a folder name".to_owned())
    } else if !bad.is_empty() {
        Some(format!("holds {}", bad.join(", ")))
    } else if name.starts_with([' ', '.']) || name.ends_with([' ', '.']) {
        Some("starts or ends with a space or a dot".to_owned())
    } else {
        None
    };
    if let Some(p) = problem {
        sink.emit(
            &PRF_01,
            here.clone(),
            format!("the folder name `{name}` {p}"),
        );
    }
}

fn check_files(
    sink: &mut Sink,
    folder: &PrFolder,
    ip: bool,
    here: &Location,
    at: &dyn Fn(&str) -> Location,
) {
    for required in [
        "apiDefinition.swagger.json",
        "apiProperties.json",
        "README.md",
    ] {
        if folder.file(required).is_none() {
            sink.emit(
                &PRF_04,
                here.clone(),
                format!("the folder has no `{required}`"),
            );
        }
    }
    let zips: Vec<&PrFile> = folder
        .files
        .iter()
        .filter(|f| f.name.to_ascii_lowercase().ends_with(".zip"))
        .collect();
    if ip && zips.is_empty() {
        sink.emit(
            &PRF_04,
            here.clone(),
            "the folder has no package zip; independent publishers add the upload (`certpack bundle` writes \
             it; `certpack pr-folder` copies it when given the upload)",
        );
    } else if ip && zips.len() > 1 {
        sink.emit(
            &PRF_04,
            here.clone(),
            format!(
                "the folder has {} zips ({}); the bot takes exactly one package",
                zips.len(),
                zips.iter()
                    .map(|f| format!("`{}`", f.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    for f in &folder.files {
        let lower = f.name.to_ascii_lowercase();
        if EXPECTED.iter().any(|e| e.eq_ignore_ascii_case(&f.name)) {
            continue;
        }
        if lower.ends_with(".zip") {
            if !ip {
                sink.emit(
                    &PRF_05,
                    at(&f.name),
                    format!(
                        "`{}` is a zip; verified publishers give the package to Partner Center, not to the repository",
                        f.name
                    ),
                );
            }
        } else if ip && lower == "icon.png" {
            sink.emit_as(
                &PRF_05,
                Severity::Error,
                at(&f.name),
                "independent publishers submit no icon (Microsoft gives the connector its generic one)",
            );
        } else if IMAGES.iter().any(|e| lower.ends_with(e)) {
            sink.emit_as(
                &PRF_05,
                Severity::Info,
                at(&f.name),
                format!(
                    "`{}` is an image; keep it only when the README shows it",
                    f.name
                ),
            );
        } else {
            sink.emit(
                &PRF_05,
                at(&f.name),
                format!(
                    "`{}` is not a file the repository expects in a connector folder",
                    f.name
                ),
            );
        }
    }
}

fn json_file(folder: &PrFolder, f: &PrFile) -> Option<JsonFile> {
    Some(JsonFile {
        vpath: format!("{}/{}", folder.root, f.name),
        doc: JsonDoc::parse(f.bytes()?),
    })
}

/// PRF-06: the OAuth client secret and client id of every connection parameter.
fn check_oauth(sink: &mut Sink, props: &JsonFile) {
    for c in connection_parameters(props, Origin::SourceFolder) {
        let Some(o) = c.value.get("oAuthSettings") else {
            continue;
        };
        let real = |key: &str| {
            o.get(key)
                .and_then(Value::as_str)
                .filter(|v| !secrets::is_placeholder(v))
                .is_some()
        };
        if real("clientSecret") {
            sink.emit(
                &PRF_06,
                props.at(&format!("{}/oAuthSettings/clientSecret", c.pointer)),
                format!(
                    "the connection parameter `{}` holds an OAuth client secret; remove it",
                    c.name
                ),
            );
        }
        if real("clientId") {
            sink.emit_as(
                &PRF_06,
                Severity::Warning,
                props.at(&format!("{}/oAuthSettings/clientId", c.pointer)),
                format!(
                    "the connection parameter `{}` holds a real-looking client id; replace it with `{}`",
                    c.name,
                    crate::prfolder::CLIENT_ID_PLACEHOLDER
                ),
            );
        }
    }
}

/// Whether a heading (lowercase text, level) is the section wanted.
type Matches = fn(&str, usize) -> bool;

/// PRF-07: the template's required README sections, and `TODO:` placeholders.
fn check_readme(sink: &mut Sink, vpath: &str, f: &PrFile, ip: bool) {
    let Some(bytes) = f.bytes() else { return };
    let text = String::from_utf8_lossy(bytes);
    let hs = headings(&text);
    let body = |i: usize| -> &str {
        let h = &hs[i];
        let start = text
            .get(h.at..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |n| h.at + n + 1);
        let end = hs
            .iter()
            .skip(i + 1)
            .find(|n| n.level <= h.level)
            .map_or(text.len(), |n| n.at);
        text.get(start..end.max(start)).unwrap_or("")
    };
    let mut wanted: Vec<(&str, Matches)> = vec![
        ("# <Title>", |_, level| level == 1),
        ("## Publisher: <name>", |t, _| t.starts_with("publisher")),
        ("## Prerequisites", |t, _| t.contains("prerequisite")),
        ("## Supported Operations", |t, _| {
            t.contains("operation") || t.contains("action") || t.contains("trigger")
        }),
        ("## Obtaining Credentials", |t, _| t.contains("credential")),
        ("## Known Issues and Limitations", |t, _| {
            t.contains("known issue") || t.contains("limitation")
        }),
    ];
    if !ip {
        wanted.push(("## Deployment Instructions", |t, _| t.contains("deploy")));
    }
    let mut missing = Vec::new();
    let mut todo = Vec::new();
    for (label, matches) in wanted {
        match (0..hs.len()).find(|&i| matches(&hs[i].text.to_ascii_lowercase(), hs[i].level)) {
            None => missing.push(format!("`{label}`")),
            Some(i) => {
                let placeholder = body(i).trim_start().starts_with(TODO)
                    || hs[i].text.contains("TODO")
                    || (hs[i].level == 1 && body(i).trim().is_empty());
                if placeholder {
                    todo.push(format!("`{}`", hs[i].text));
                }
            }
        }
    }
    let loc = Location::file(vpath);
    if !missing.is_empty() {
        sink.emit(
            &PRF_07,
            loc.clone(),
            format!("the README has no {} section", missing.join(", ")),
        );
    }
    if !todo.is_empty() {
        sink.emit(
            &PRF_07,
            loc,
            format!(
                "the README's {} still wait for your text (`TODO:`)",
                todo.join(", ")
            ),
        );
    }
}

/// SEC-01 on every file: the connector's files with their JSON structure (the OAuth
/// client secret is PRF-06's), the package at every level of nesting, the others as text.
fn check_secrets(sink: &mut Sink, folder: &PrFolder, props: Option<JsonFile>, opts: &CheckOptions) {
    let data = |name: &str| -> Option<FileData> {
        let f = folder.file(name)?;
        Some(FileData {
            vpath: format!("{}/{}", folder.root, f.name),
            bytes: f.bytes()?.to_vec(),
        })
    };
    let files = ConnectorFiles {
        origin: Origin::SourceFolder,
        label: folder.root.clone(),
        swagger: folder
            .file("apiDefinition.swagger.json")
            .and_then(|f| json_file(folder, f)),
        properties: props,
        icon: None,
        script: data("script.csx"),
        readme: data("README.md"),
        intro: data("intro.md"),
        icon_brand_color: None,
    };
    secrets::check_connector(sink, &files);
    let done = [
        "apiDefinition.swagger.json",
        "apiProperties.json",
        "script.csx",
        "README.md",
        "intro.md",
    ];
    for f in &folder.files {
        if done.iter().any(|d| d.eq_ignore_ascii_case(&f.name)) {
            continue;
        }
        let vpath = format!("{}/{}", folder.root, f.name);
        let archive = match (f.bytes(), f.disk_path()) {
            (Some(b), _) if f.name.to_ascii_lowercase().ends_with(".zip") => {
                Archive::open_bytes(b.to_vec(), &vpath, opts.limits).ok()
            }
            (_, Some(p)) => Archive::open_file(p, &vpath, opts.limits).ok(),
            _ => None,
        };
        match (archive, f.bytes()) {
            (Some(mut a), _) => secrets::scan_archive(sink, &mut a, None, &[]),
            (None, Some(b)) => secrets::scan_file(sink, &vpath, b, None),
            (None, None) => {}
        }
    }
}

/// PRF-08: the folder's definition against the one in the package zip.
fn check_package_definition(sink: &mut Sink, folder: &PrFolder, opts: &CheckOptions) {
    let Some(mine) = folder
        .file("apiDefinition.swagger.json")
        .and_then(|f| json_file(folder, f))
    else {
        return;
    };
    let Some(mine) = mine.root().map(Value::to_serde) else {
        return;
    };
    for f in folder
        .files
        .iter()
        .filter(|f| f.name.to_ascii_lowercase().ends_with(".zip"))
    {
        let loaded = match (f.disk_path(), f.bytes()) {
            (Some(p), _) => crate::check::load_connector(p, opts).ok().flatten(),
            (None, Some(b)) => {
                let Ok(tmp) = tempfile::tempdir() else {
                    continue;
                };
                let p = tmp.path().join("package.zip");
                std::fs::write(&p, b)
                    .ok()
                    .and_then(|()| crate::check::load_connector(&p, opts).ok().flatten())
            }
            (None, None) => None,
        };
        let theirs = loaded
            .as_ref()
            .filter(|c| c.origin == Origin::Solution)
            .and_then(|c| c.swagger.as_ref())
            .and_then(JsonFile::root)
            .map(Value::to_serde);
        let loc = Location::file(format!("{}/{}", folder.root, f.name));
        match theirs {
            None => sink.emit(
                &PRF_08,
                loc,
                format!(
                    "no connector definition was found in `{}` to compare with `apiDefinition.swagger.json`",
                    f.name
                ),
            ),
            Some(t) if t != mine => sink.emit(
                &PRF_08,
                loc,
                format!(
                    "`apiDefinition.swagger.json` is not the definition in `{}`; copy the package's",
                    f.name
                ),
            ),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::{
        contoso_connector_solution, contoso_flow_solution, files, package_of, upload_of,
    };
    use crate::model::Diagnostic;
    use crate::rules::cases::Case;

    const GOOD_README: &[u8] = files::README;

    /// Findings of the PRF checks on a folder `root` holding `files`.
    fn run_as(
        root: &str,
        title: Option<&str>,
        publisher: PublisherKind,
        files: Vec<(&str, Vec<u8>)>,
    ) -> Vec<Diagnostic> {
        let folder = PrFolder {
            root: root.into(),
            pr_title: String::new(),
            files: files
                .into_iter()
                .map(|(n, b)| PrFile::from_bytes(n, b))
                .collect(),
            diagnostics: Vec::new(),
        };
        let opts = CheckOptions {
            publisher,
            ..CheckOptions::default()
        };
        let mut sink = Sink::new();
        check(&mut sink, &folder, title, &opts);
        sink.into_diagnostics()
    }

    /// The example's three files, with `extra` added or replacing one of them.
    fn good(extra: Vec<(&'static str, Vec<u8>)>) -> Vec<(&'static str, Vec<u8>)> {
        let mut f = vec![
            ("apiDefinition.swagger.json", files::SWAGGER.to_vec()),
            ("apiProperties.json", files::PROPERTIES.to_vec()),
            ("README.md", GOOD_README.to_vec()),
        ];
        for (n, b) in extra {
            f.retain(|(m, _)| *m != n);
            f.push((n, b));
        }
        f
    }

    fn verified(root: &str, files: Vec<(&'static str, Vec<u8>)>) -> Vec<Diagnostic> {
        run_as(root, Some("Contoso Tasks"), PublisherKind::Verified, files)
    }

    fn independent(root: &str, files: Vec<(&'static str, Vec<u8>)>) -> Vec<Diagnostic> {
        run_as(
            root,
            Some("Contoso Tasks"),
            PublisherKind::Independent,
            files,
        )
    }

    const OK: &str = "certified-connectors/Contoso Tasks";
    const IP_OK: &str = "independent-publisher-connectors/Contoso Tasks";

    fn upload() -> Vec<u8> {
        upload_of(&package_of(&[
            ("Connector.zip", contoso_connector_solution().build()),
            ("Flow.zip", contoso_flow_solution().build()),
        ]))
    }

    fn with_secret() -> Vec<u8> {
        String::from_utf8_lossy(files::PROPERTIES)
            .replace(
                "\"clientId\": \"[[REPLACE_WITH_CLIENT_ID]]\",",
                "\"clientId\": \"[[REPLACE_WITH_CLIENT_ID]]\", \"clientSecret\": \"Zq8~w3RkT0pLmN4vB7yXc2Fh\",",
            )
            .into_bytes()
    }

    fn with_client_id() -> Vec<u8> {
        String::from_utf8_lossy(files::PROPERTIES)
            .replace(
                "[[REPLACE_WITH_CLIENT_ID]]",
                "4e330724-4ace-4a62-a284-c2472502dbbe",
            )
            .into_bytes()
    }

    fn readme_todo() -> Vec<u8> {
        String::from_utf8_lossy(GOOD_README)
            .replace(
                "A single call returns at most 500 tasks.",
                "TODO: describe the known issues.",
            )
            .replace(
                "List tasks returns at most 500 tasks per call.",
                "TODO: describe the known issues.",
            )
            .into_bytes()
    }

    fn readme_without_deployment() -> Vec<u8> {
        let t = String::from_utf8_lossy(GOOD_README).into_owned();
        let cut = t.find("## Deployment Instructions").unwrap();
        t[..cut].to_owned().into_bytes()
    }

    fn other_swagger() -> Vec<u8> {
        String::from_utf8_lossy(files::SWAGGER)
            .replace("api.contoso.com", "api-next.contoso.com")
            .into_bytes()
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &PRF_01,
                || verified("certified-connectors/Contoso: Tasks", good(vec![])),
                || verified(OK, good(vec![])),
            ),
            Case::new(
                &PRF_01,
                || {
                    verified(
                        "independent-publisher-connectors/Contoso Tasks",
                        good(vec![]),
                    )
                },
                || verified(OK, good(vec![])),
            ),
            Case::new(
                &PRF_02,
                || verified("certified-connectors/ContosoTasks", good(vec![])),
                || verified(OK, good(vec![])),
            ),
            Case::new(
                &PRF_03,
                || {
                    independent(
                        "independent-publisher-connectors/Contoso Tasks (Independent Publisher)",
                        good(vec![(PACKAGE, upload())]),
                    )
                },
                || independent(IP_OK, good(vec![(PACKAGE, upload())])),
            ),
            Case::new(
                &PRF_04,
                || {
                    let mut f = good(vec![]);
                    f.retain(|(n, _)| *n != "apiDefinition.swagger.json");
                    verified(OK, f)
                },
                || verified(OK, good(vec![])),
            ),
            Case::new(
                &PRF_04,
                || independent(IP_OK, good(vec![])),
                || independent(IP_OK, good(vec![(PACKAGE, upload())])),
            ),
            Case::new(
                &PRF_04,
                || {
                    independent(
                        IP_OK,
                        good(vec![(PACKAGE, upload()), ("Flow.zip", upload())]),
                    )
                },
                || independent(IP_OK, good(vec![(PACKAGE, upload())])),
            ),
            Case::new(
                &PRF_05,
                || verified(OK, good(vec![("notes.txt", b"draft".to_vec())])),
                || verified(OK, good(vec![("script.csx", b"// none".to_vec())])),
            ),
            Case::new(
                &PRF_05,
                || verified(OK, good(vec![(PACKAGE, upload())])),
                || independent(IP_OK, good(vec![(PACKAGE, upload())])),
            ),
            Case::new(
                &PRF_05,
                || {
                    independent(
                        IP_OK,
                        good(vec![
                            (PACKAGE, upload()),
                            ("icon.png", files::ICON.to_vec()),
                        ]),
                    )
                },
                || verified(OK, good(vec![("icon.png", files::ICON.to_vec())])),
            )
            .reported_as(Severity::Error),
            Case::new(
                &PRF_05,
                || verified(OK, good(vec![("screenshot.png", files::ICON.to_vec())])),
                || verified(OK, good(vec![])),
            )
            .reported_as(Severity::Info),
            Case::new(
                &PRF_06,
                || verified(OK, good(vec![("apiProperties.json", with_secret())])),
                || verified(OK, good(vec![])),
            ),
            Case::new(
                &PRF_06,
                || verified(OK, good(vec![("apiProperties.json", with_client_id())])),
                || verified(OK, good(vec![])),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &PRF_07,
                || verified(OK, good(vec![("README.md", readme_todo())])),
                || verified(OK, good(vec![])),
            ),
            Case::new(
                &PRF_07,
                || verified(OK, good(vec![("README.md", readme_without_deployment())])),
                // optional for independent publishers
                || {
                    independent(
                        IP_OK,
                        good(vec![
                            ("README.md", readme_without_deployment()),
                            (PACKAGE, upload()),
                        ]),
                    )
                },
            ),
            Case::new(
                &PRF_08,
                || {
                    independent(
                        IP_OK,
                        good(vec![
                            ("apiDefinition.swagger.json", other_swagger()),
                            (PACKAGE, upload()),
                        ]),
                    )
                },
                || independent(IP_OK, good(vec![(PACKAGE, upload())])),
            ),
        ]
    }

    const PACKAGE: &str = crate::prfolder::PACKAGE_NAME;

    #[test]
    fn a_good_folder_has_no_findings() {
        assert_eq!(verified(OK, good(vec![])), Vec::<Diagnostic>::new());
        assert_eq!(
            independent(IP_OK, good(vec![(PACKAGE, upload())])),
            Vec::<Diagnostic>::new()
        );
    }

    #[test]
    fn a_secret_in_any_file_is_sec_01() {
        let key = format!("{}{}", "a8f5f167f44f", "4964e6c998dee827110c");
        let notes = format!("api_key = \"{key}\"\n");
        let d = verified(OK, good(vec![("script.csx", notes.into_bytes())]));
        assert!(d.iter().any(|d| d.code == "SEC-01"), "{d:?}");
    }
}
