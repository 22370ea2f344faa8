//! The upload layout (PKG-01…11), as
//! Microsoft's `ConnectorPackageValidator.ps1` and the policy-error page define them
//! (certification-requirements.md §2, package-format.md §1–2).

use crate::model::{Location, Severity};
use crate::read::xml;
use crate::read::zip::{Archive, Entry};

use super::Sink;
use super::files::{ZIP_01, report_zip};
use super::solution::{SolutionInfo, check_solution, check_solution_set};

pub(crate) const PREP: Option<&str> =
    Some("https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission");
pub(crate) const POLICY: Option<&str> = Some(
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
    PKG_10 {
        code: "PKG-10",
        severity: Error,
        scope: Upload,
        title: "The upload is a Package Deployer package, not the pre-2024 connector files",
        explanation: "Until 2024 a certification upload held the connector's files themselves (`apiDefinition.swagger.json`, \
            `apiProperties.json`, `icon.png`). Partner Center now takes `intro.md` and a Package Deployer package \
            of Dataverse solutions: create the connector in a solution in the maker portal (or import it with \
            `paconn create` / `pac connector create --solution-unique-name`), add a cloud flow that uses it to \
            a second solution, export both unmanaged, and build the upload from them with certpack (Export in \
            the app, `bundle` on the command line). The files' content is still checked.",
        url: PREP,
        validator: ["5000.1.1.5", "5000.1.1.11"],
    }
    PKG_11 {
        code: "PKG-11",
        severity: Error,
        scope: Upload,
        title: "No macOS Finder metadata (__MACOSX/, .DS_Store) in the archives",
        explanation: "macOS Finder's Compress adds a `__MACOSX/` folder and `.DS_Store` files to every zip it makes. \
            At the upload's or the package's root they are an extra folder or file that Microsoft's validator \
            refuses (\"Invalid package structure\"), so there they are an error; inside a solution, a warning. \
            Build the upload with certpack (Export in the app, `bundle` on the command line), which writes only \
            what belongs, or zip with `zip -r -X x.zip … -x '.DS_Store' '__MACOSX/*'`.",
        url: PREP,
    }
}

/// Entries macOS Finder adds to the zips it makes (`__MACOSX/…`, `.DS_Store`).
pub(crate) fn is_finder_junk(name: &str) -> bool {
    name.starts_with("__MACOSX/")
        || name == "__MACOSX"
        || name.rsplit('/').next().is_some_and(|b| b == ".DS_Store")
}

/// PKG-11 on `a`: reports Finder's entries once per archive.
pub(crate) fn report_finder_junk(sink: &mut Sink, a: &Archive, severity: Severity) {
    let junk: Vec<&str> = a
        .entries()
        .iter()
        .map(|e| e.name.as_str())
        .filter(|n| is_finder_junk(n))
        .collect();
    if let Some(first) = junk.first() {
        sink.emit_as(
            &PKG_11,
            severity,
            Location::file(&a.vpath),
            format!(
                "{} entr{} of macOS Finder (`{first}`{}): re-create the archive without them",
                junk.len(),
                if junk.len() == 1 { "y" } else { "ies" },
                if junk.len() > 1 { ", …" } else { "" }
            ),
        );
    }
}

/// The names of the pre-2024 upload of raw connector files.
const RAW_FILES: [&str; 3] = [
    "apiDefinition.swagger.json",
    "apiProperties.json",
    "icon.png",
];

/// Whether the upload holds the connector's own files at its root and no package:
/// the format before 2024.
pub fn is_raw_upload(outer: &Archive) -> bool {
    let root = outer.root_files();
    let has = |ext: &str| root.iter().any(|e| ext_is(&e.name, ext));
    !has("zip")
        && root.iter().any(|e| {
            RAW_FILES[..2]
                .iter()
                .any(|r| e.name.eq_ignore_ascii_case(r))
        })
}

pub(crate) fn ext_is(name: &str, ext: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, e)| e.eq_ignore_ascii_case(ext))
}

/// Checks the outer upload's root (PKG-01…04). Returns the package zip entry to open.
pub fn check_outer_root(sink: &mut Sink, outer: &Archive) -> Option<Entry> {
    report_unsafe(sink, outer);
    report_finder_junk(sink, outer, Severity::Error);
    let vpath = outer.vpath.clone();
    if is_raw_upload(outer) {
        let found: Vec<String> = outer
            .root_files()
            .iter()
            .map(|e| e.name.clone())
            .filter(|n| RAW_FILES.iter().any(|r| n.eq_ignore_ascii_case(r)))
            .collect();
        sink.emit(
            &PKG_10,
            Location::file(&vpath),
            format!(
                "the upload holds the connector's files ({}) in the format used before 2024; Partner \
                 Center takes intro.md and a Package Deployer package of solutions",
                quote_list(&found)
            ),
        );
        return None;
    }
    if !ext_is(&vpath, "zip") {
        sink.emit(
            &PKG_01,
            Location::file(&vpath),
            "the upload's file name must end with `.zip`",
        );
    }
    let dirs: Vec<String> = outer
        .root_dirs()
        .into_iter()
        .filter(|d| d != "__MACOSX")
        .collect();
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
    let root: Vec<&Entry> = outer
        .root_files()
        .into_iter()
        .filter(|e| !is_finder_junk(&e.name))
        .collect();
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
    report_finder_junk(sink, pkg, Severity::Error);
    let vpath = pkg.vpath.clone();
    let dirs: Vec<String> = pkg
        .root_dirs()
        .into_iter()
        .filter(|d| d != "__MACOSX")
        .collect();
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
        .filter(|e| {
            e.name.starts_with(&prefix) && e.name.len() > prefix.len() && !is_finder_junk(&e.name)
        })
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
                solutions.push(SolutionInfo::unreadable(pkg.entry_vpath(&z.name)));
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

pub(crate) fn report_unsafe(sink: &mut Sink, a: &Archive) {
    for (name, why) in &a.unsafe_names {
        sink.emit(
            &ZIP_01,
            Location::file(&a.vpath),
            format!("entry `{name}` has {why}; it was not read"),
        );
    }
    report_duplicates(sink, a);
}

/// ZIP-03 for each entry whose name repeats an earlier one.
pub(crate) fn report_duplicates(sink: &mut Sink, a: &Archive) {
    for (first, again) in &a.duplicate_names {
        let message = if first == again {
            format!(
                "`{again}` is in the archive more than once; unzip tools keep different copies, so keep one"
            )
        } else {
            format!(
                "`{again}` is in the archive again, differing only by case (as `{first}`); Windows keeps one \
                 of them, so keep one"
            )
        };
        sink.emit(
            &crate::rules::files::ZIP_03,
            Location::file(a.entry_vpath(again)),
            message,
        );
    }
}

fn names(entries: &[&Entry]) -> String {
    entries
        .iter()
        .map(|e| format!("`{}`", e.name))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::{self, contoso_solutions, package_of, upload_of, zip_of};
    use crate::model::Diagnostic;
    use crate::rules::cases::{Case, check_bytes, check_upload};

    fn good() -> Vec<Diagnostic> {
        check_upload(&contoso_solutions())
    }

    fn upload(entries: &[(&str, &[u8])]) -> Vec<Diagnostic> {
        check_bytes("upload.zip", &zip_of(entries), false)
    }

    fn multi_auth(custom_properties: bool) -> Vec<Diagnostic> {
        let mut c = example::contoso_connector();
        c.connection_parameters =
            br#"{"connectionParameterSets": {"uiDefinition": {}, "values": []}}"#.to_vec();
        let mut cs = example::contoso_connector_solution();
        cs.connectors = vec![c.clone()];
        let mut fs = example::contoso_flow_solution();
        fs.connectors = vec![c];
        let pkg = package_of(&[("C.zip", cs.build()), ("F.zip", fs.build())]);
        let mut entries: Vec<(&str, &[u8])> =
            vec![("intro.md", example::files::INTRO), ("p.zip", &pkg)];
        if custom_properties {
            entries.push(("customProperties.json", b"{}"));
        }
        check_bytes("upload.zip", &zip_of(&entries), false)
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &PKG_01,
                || check_bytes("upload.zip", b"this is not a zip", false),
                good,
            ),
            Case::new(
                &PKG_01,
                || {
                    check_bytes(
                        "upload.tar",
                        &upload_of(&package_of(&contoso_solutions())),
                        false,
                    )
                },
                good,
            ),
            Case::new(
                &PKG_02,
                || {
                    let pkg = package_of(&contoso_solutions());
                    upload(&[
                        ("intro.md", b"# x"),
                        ("package.zip", &pkg),
                        ("extra/", b""),
                        ("extra/notes.txt", b"x"),
                    ])
                },
                || {
                    let pkg = package_of(&contoso_solutions());
                    upload(&[("intro.md", b"# x"), ("package.zip", &pkg)])
                },
            ),
            Case::new(
                &PKG_03,
                || upload(&[("package.zip", &package_of(&contoso_solutions()))]),
                good,
            ),
            Case::new(
                &PKG_03,
                || {
                    upload(&[
                        ("README.md", example::files::INTRO),
                        ("package.zip", &package_of(&contoso_solutions())),
                    ])
                },
                good,
            )
            .reported_as(Severity::Warning),
            Case::new(&PKG_04, || upload(&[("intro.md", b"# x")]), good),
            Case::new(
                &PKG_04,
                || {
                    let pkg = package_of(&contoso_solutions());
                    upload(&[("intro.md", b"# x"), ("a.zip", &pkg), ("b.zip", &pkg)])
                },
                good,
            ),
            Case::new(&PKG_05, || multi_auth(false), || multi_auth(true)),
            Case::new(
                &PKG_06,
                || {
                    let s = contoso_solutions();
                    let pkg = zip_of(&[
                        ("PkgAssets/Connector.zip", &s[0].1),
                        ("Other/Flow.zip", &s[1].1),
                    ]);
                    check_bytes("upload.zip", &upload_of(&pkg), false)
                },
                good,
            ),
            Case::new(
                &PKG_06,
                || {
                    let s = contoso_solutions();
                    let config =
                        crate::bundle::import_config(&["Connector.zip".into(), "Flow.zip".into()]);
                    let pkg = zip_of(&[
                        ("Assets/ImportConfig.xml", &config),
                        ("Assets/Connector.zip", &s[0].1),
                        ("Assets/Flow.zip", &s[1].1),
                    ]);
                    check_bytes("upload.zip", &upload_of(&pkg), false)
                },
                good,
            )
            .reported_as(Severity::Warning),
            Case::new(
                &PKG_07,
                || {
                    let mut s = contoso_solutions();
                    s.push((
                        "nested/Extra.zip",
                        example::contoso_connector_solution().build(),
                    ));
                    check_upload(&s)
                },
                good,
            ),
            Case::new(&PKG_08, || check_upload(&contoso_solutions()[..1]), good),
            Case::new(
                &PKG_10,
                || {
                    upload(&[
                        ("apiDefinition.swagger.json", example::files::SWAGGER),
                        ("apiProperties.json", example::files::PROPERTIES),
                        ("icon.png", example::files::ICON),
                    ])
                },
                good,
            ),
            Case::new(
                &PKG_11,
                || {
                    let pkg = package_of(&contoso_solutions());
                    upload(&[
                        ("intro.md", example::files::INTRO),
                        ("package.zip", &pkg),
                        ("__MACOSX/", b""),
                        ("__MACOSX/._package.zip", b"x"),
                        (".DS_Store", b"x"),
                    ])
                },
                good,
            ),
            Case::new(
                &PKG_11,
                || {
                    let mut c = example::contoso_connector_solution();
                    c.extra = vec![("Connector/.DS_Store".into(), b"x".to_vec())];
                    crate::rules::cases::check_solutions(c, example::contoso_flow_solution())
                },
                good,
            )
            .reported_as(Severity::Warning),
            Case::new(
                &PKG_09,
                || {
                    let s = contoso_solutions();
                    let pkg = zip_of(&[
                        ("PkgAssets/Connector.zip", &s[0].1),
                        ("PkgAssets/Flow.zip", &s[1].1),
                    ]);
                    check_bytes("upload.zip", &upload_of(&pkg), false)
                },
                good,
            ),
        ]
    }

    #[test]
    fn the_example_upload_is_clean() {
        let d = good();
        assert!(d.iter().all(|d| d.severity != Severity::Error), "{d:#?}");
    }
}

#[cfg(test)]
mod more_tests {
    use crate::example::{self, contoso_solutions, package_of, zip_of};
    use crate::rules::cases::check_bytes;

    #[test]
    fn finder_junk_is_reported_once_and_not_as_a_folder() {
        let pkg = package_of(&contoso_solutions());
        let d = check_bytes(
            "upload.zip",
            &zip_of(&[
                ("intro.md", example::files::INTRO),
                ("package.zip", &pkg),
                ("__MACOSX/", b""),
                ("__MACOSX/._intro.md", b"x"),
            ]),
            false,
        );
        let codes: Vec<&str> = d.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes.iter().filter(|c| **c == "PKG-11").count(),
            1,
            "{codes:?}"
        );
        assert!(
            !codes.contains(&"PKG-02") && !codes.contains(&"PKG-03"),
            "{codes:?}"
        );
    }

    #[test]
    fn a_raw_upload_still_gets_its_content_checked() {
        let mut sw: serde_json::Value = serde_json::from_slice(example::files::SWAGGER).unwrap();
        sw["info"]["title"] = "Contoso Tasks API".into();
        let sw = serde_json::to_vec(&sw).unwrap();
        let d = check_bytes(
            "upload.zip",
            &zip_of(&[
                ("apiDefinition.swagger.json", &sw),
                ("apiProperties.json", example::files::PROPERTIES),
            ]),
            false,
        );
        let codes: Vec<&str> = d.iter().map(|d| d.code.as_str()).collect();
        assert!(
            codes.contains(&"PKG-10") && codes.contains(&"TTL-02"),
            "{codes:?}"
        );
        assert!(
            !codes.contains(&"PKG-03") && !codes.contains(&"PKG-04"),
            "{codes:?}"
        );
    }
}
