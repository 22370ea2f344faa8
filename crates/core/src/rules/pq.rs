//! Power Query connectors (PQ): a `.mez` / `.pqx` read by [`crate::pq`] —
//! certification-requirements.md §5 (PQ-01…07) and power-query.md §5 and §10
//! (PQ-10…35, 39, 40). The documentation-article rules (PQ-08, PQ-36…38) and the
//! submission bundle (PQ-09) live elsewhere.
//!
//! Everything is read statically: a value is checked when it is a literal or one
//! member reference away from one; what is computed is said to be not statically
//! checkable (a note), never guessed. The `.pqm` modules are M code the connector
//! runs too: the rules that read calls, text literals and tokens run on each of them
//! (`module` lists which), placed in the module.

use std::collections::BTreeSet;

use crate::model::{Location, Severity};
use crate::pq::scan::{self, Tok};
use crate::pq::{Docs, Document, IconSet, Literal, PqConnector};

use super::Sink;

const DF_CERT: Option<&str> =
    Some("https://learn.microsoft.com/en-us/fabric/data-factory/connector-certification");
const PQ_CERT24: Option<&str> = Some(
    "https://github.com/MicrosoftDocs/powerquery-docs/blob/27300f96f2e1e4ff0bfcc557e1cf6bfc79e998d1/powerquery-docs/connector-certification.md",
);
const SDK_VER: Option<&str> =
    Some("https://learn.microsoft.com/en-us/power-query/handling-versioning");
const SDK_DATA: Option<&str> =
    Some("https://learn.microsoft.com/en-us/power-query/handling-data-access");
const SDK_AUTH: Option<&str> =
    Some("https://learn.microsoft.com/en-us/power-query/handling-authentication");
const SDK_GW: Option<&str> =
    Some("https://learn.microsoft.com/en-us/power-query/handling-gateway-support");
const SDK_DOCS: Option<&str> =
    Some("https://learn.microsoft.com/en-us/power-query/handling-documentation");
const SDK_HELP: Option<&str> =
    Some("https://learn.microsoft.com/en-us/power-query/helper-functions#validateurlscheme");
const SDK_SIGN: Option<&str> =
    Some("https://learn.microsoft.com/en-us/power-query/handling-connector-signing");
const SDK_INST: Option<&str> = Some("https://learn.microsoft.com/en-us/power-query/install-sdk");
const M_SEC: Option<&str> = Some("https://learn.microsoft.com/en-us/powerquery-m/m-spec-sections");

rules! {
    PQ_01 {
        code: "PQ-01", severity: Error, scope: PowerQuery,
        title: "The connector file is `ProductName.mez`, without \"Power BI\", \"Connector\", \"API\" or \"Fabric\"",
        explanation: "Microsoft asks for the connector as `ProductName.mez`: a zip named after the product or \
            service, with the `.mez` extension, and without the words Power BI, Connector, API (or, since 2025, \
            Fabric) in the name. Rename the file (the SDK names it after the project).",
        url: PQ_CERT24,
    }
    PQ_02 {
        code: "PQ-02", severity: Error, scope: PowerQuery,
        title: "The section document starts with `[Version = \"x.y.z\"]` above `section Name;`",
        explanation: "Versioning is required for certified connectors: put a literal-attributes record with \
            `Version = \"1.0.0\"` (major.minor.patch) above the `section` line, and raise it with every update. \
            Most SDK samples lack it; the VS Code template has it.",
        url: SDK_VER,
    }
    PQ_03 {
        code: "PQ-03", severity: Warning, scope: PowerQuery,
        title: "The Publish record has `Beta = true` on the initial release",
        explanation: "A connector's first certified release must be marked `Beta = true` in its Publish record \
            (Power BI shows it as Preview). certpack cannot tell an initial release from an update of a connector \
            already generally available (Exasol dropped `Beta` after GA), so a missing or false `Beta` is a \
            warning: set `Beta = true` for a first submission.",
        url: DF_CERT,
    }
    PQ_04 {
        code: "PQ-04", severity: Error, scope: PowerQuery,
        title: "Each Data Source Kind record defines `TestConnection`",
        explanation: "Certification requires a `TestConnection` handler, which scheduled refresh through the \
            gateway needs: add `TestConnection = (dataSourcePath) => { \"Kind.Contents\", … }` to the Data Source \
            Kind record. The VS Code template does not have one.",
        url: SDK_GW,
    }
    PQ_05 {
        code: "PQ-05", severity: Error, scope: PowerQuery,
        title: "Data source functions are named `Kind.Function` and carry `Documentation.*` metadata",
        explanation: "Name each shared data source function `<DataSourceKind>.<FunctionName>` (`MyService.Contents`) \
            and give it a function type with `Documentation.*` metadata: `shared X.Contents = \
            Value.ReplaceType(Impl, XType);` with `XType = type function (…) as table meta \
            [Documentation.Name = …, Documentation.LongDescription = …]`. A type certpack cannot read statically \
            is a note.",
        url: SDK_DOCS,
    }
    PQ_06 {
        code: "PQ-06", severity: Warning, scope: PowerQuery,
        title: "The `.mez` has `resources.resx` and icons",
        explanation: "Connectors should keep their strings in `resources.resx` and ship the Icon16/Icon32 PNG sets \
            referenced from the Publish record (`SourceImage`, `SourceTypeImage`). Add them to the project's \
            `MezContent` items (or the folder MakePQX packs).",
        url: SDK_DATA,
    }
    PQ_07 {
        code: "PQ-07", severity: Info, scope: PowerQuery,
        title: "Security review items: `Expression.Evaluate`, `Diagnostics.Trace`, `Extension.CurrentCredential`",
        explanation: "Microsoft's reviewers look at every use of `Expression.Evaluate`, `Diagnostics.Trace` and \
            `Extension.CurrentCredential`: be ready to justify each (PQ-28, PQ-29 and PQ-31 say more about each \
            use).",
        url: DF_CERT,
    }
    PQ_10 {
        code: "PQ-10", severity: Warning, scope: PowerQuery,
        title: "The `.mez` is flat: no folders",
        explanation: "Every builder packs the connector's files at the root of the zip, and sub-folders are not \
            read (`.pqm` modules in folders are not packed by MakePQX). Move the files to the project's root.",
        url: SDK_INST,
    }
    PQ_11 {
        code: "PQ-11", severity: Error, scope: PowerQuery,
        title: "The `.mez` holds exactly one section document at its root",
        explanation: "A `.mez` holds one section document, `Name.pq` (legacy builds: `Name.m`), the only M file that \
            starts with `section` (`*.query.pq` and `*.test.pq` are test files). Build the connector with the SDK. \
            A `.pq` and a `.m` of the same name are the old SDK's double packing: a warning, remove one.",
        url: M_SEC,
    }
    PQ_12 {
        code: "PQ-12", severity: Error, scope: PowerQuery,
        title: "The section document is UTF-8 and scans cleanly",
        explanation: "The section document must be UTF-8 (a BOM is fine) with every comment and text literal \
            closed, brackets balanced and every member ending with `;`; so must each `.pqm` module it loads (an \
            expression, without members). Fix the place given; the SDK's build reports the same error.",
        url: M_SEC,
    }
    PQ_13 {
        code: "PQ-13", severity: Error, scope: PowerQuery,
        title: "The version is three numbers: major.minor.patch",
        explanation: "Write the adornment as `[Version = \"1.2.3\"]`: a text literal of three whole numbers \
            separated by dots.",
        url: SDK_VER,
    }
    PQ_14 {
        code: "PQ-14", severity: Warning, scope: Update,
        title: "An update's version is greater than the last submitted one",
        explanation: "Each update raises the version of the adornment: the patch for fixes, the minor for \
            features, the major for breaking changes. Raise it above the previous version.",
        url: SDK_VER,
    }
    PQ_15 {
        code: "PQ-15", severity: Error, scope: PowerQuery,
        title: "Each `DataSource.Kind` names a record with at least one authentication kind",
        explanation: "`[DataSource.Kind = \"K\"]` needs a member `K = [Authentication = [ … ], …];` listing at \
            least one of `Anonymous` (`Implicit`), `OAuth`, `Aad`, `UsernamePassword`, `Windows` or `Key`.",
        url: SDK_AUTH,
    }
    PQ_16 {
        code: "PQ-16", severity: Error, scope: PowerQuery,
        title: "`OAuth` has `StartLogin` and `FinishLogin`; `Aad` has `AuthorizationUri` and `Resource`",
        explanation: "An `OAuth` authentication kind needs the `StartLogin` and `FinishLogin` functions; an `Aad` \
            kind needs `AuthorizationUri` and `Resource` (the resource may be left out when the data source \
            function's one required parameter is a `Uri.Type`).",
        url: SDK_AUTH,
    }
    PQ_17 {
        code: "PQ-17", severity: Error, scope: PowerQuery,
        title: "`TestConnection` returns the name of a shared function first",
        explanation: "`TestConnection` is a function of `dataSourcePath` returning a list whose first item is the \
            name of a `shared` function and the rest its arguments: `(dataSourcePath) => { \"Kind.Contents\", \
            dataSourcePath }`. A list certpack cannot read statically is a note.",
        url: SDK_GW,
    }
    PQ_18 {
        code: "PQ-18", severity: Error, scope: PowerQuery,
        title: "Each `Publish` names a record with `ButtonText`; `Category` is given",
        explanation: "`Publish = \"P\"` needs a member `P = [ButtonText = {title, tooltip}, Category = …, …];`. \
            `ButtonText` is a list of one or two texts. A missing `Category` is a warning (the HelloWorld sample \
            has none); a category other than `Azure` or `Database` is shown under Other (a note).",
        url: SDK_DATA,
    }
    PQ_19 {
        code: "PQ-19", severity: Warning, scope: PowerQuery,
        title: "`Beta` is the logical `true` or `false`",
        explanation: "Power BI reads `Beta` as a logical: `Beta = true`, not the text `\"true\"` or a computed \
            value.",
        url: SDK_DATA,
    }
    PQ_20 {
        code: "PQ-20", severity: Warning, scope: PowerQuery,
        title: "`SourceImage` and `SourceTypeImage` are icon records with four icons in `Icon16` and `Icon32`",
        explanation: "Point `SourceImage` and `SourceTypeImage` at a record `[Icon16 = {…16, …20, …24, …32}, Icon32 = \
            {…32, …40, …48, …64}]`, each item an `Extension.Contents(\"Name16.png\")`, as the SDK templates do.",
        url: SDK_DATA,
    }
    PQ_21 {
        code: "PQ-21", severity: Error, scope: PowerQuery,
        title: "Every `Extension.Contents(\"…\")` names a file in the `.mez`",
        explanation: "`Extension.Contents` reads a file packed in the `.mez`; a name that is not there fails at \
            run time. Add the file to the project's `MezContent` (or the folder), or correct the name. A name \
            that differs only by case is a warning.",
        url: SDK_DATA,
    }
    PQ_22 {
        code: "PQ-22", severity: Warning, scope: PowerQuery,
        title: "Icons are PNGs of 16, 20, 24, 32 (Icon16) and 32, 40, 48, 64 (Icon32) pixels",
        explanation: "Each icon file is a PNG with the pixel size of its place in the list: `Icon16` holds the 16, \
            20, 24 and 32 px icons, `Icon32` the 32, 40, 48 and 64 px ones.",
        url: SDK_DATA,
    }
    PQ_23 {
        code: "PQ-23", severity: Error, scope: PowerQuery,
        title: "`resources.resx` is well-formed and holds every `Extension.LoadString` key",
        explanation: "`Extension.LoadString(\"Key\")` reads `<data name=\"Key\"><value>…</value></data>` from \
            `resources.resx`: fix the XML, or add the key (the SqlODBC sample's project leaves the file out).",
        url: SDK_DATA,
    }
    PQ_24 {
        code: "PQ-24", severity: Warning, scope: PowerQuery,
        title: "`resources.resx` holds no URLs",
        explanation: "Microsoft asks for strings in `resources.resx` but URLs and values hard-coded in the \
            connector's code: move the URL into the section document.",
        url: DF_CERT,
    }
    PQ_25 {
        code: "PQ-25", severity: Warning, scope: PowerQuery,
        title: "Data source functions have `Documentation.Name`, `Documentation.LongDescription` and parameter captions",
        explanation: "Give the function type's `meta` record `Documentation.Name` and \
            `Documentation.LongDescription`, and each parameter's type `Documentation.FieldCaption` (values may be \
            `Extension.LoadString` calls).",
        url: SDK_DOCS,
    }
    PQ_26 {
        code: "PQ-26", severity: Warning, scope: PowerQuery,
        title: "Only data source functions are `shared`",
        explanation: "A `shared` member is exported to every query of the user. Keep helpers private (drop \
            `shared`), and name what is exported `<Kind>.<Name>` with a `DataSource.Kind` attribute.",
        url: M_SEC,
    }
    PQ_27 {
        code: "PQ-27", severity: Error, scope: PowerQuery,
        title: "Names contain none of \"Power BI\", \"Connector\", \"API\", \"Fabric\"",
        explanation: "The section name, the data source kinds, the shared functions and the `ButtonText` title \
            must not use the words Power BI, Connector, API (and, since 2025, Fabric). Rename them after the \
            product or service.",
        url: DF_CERT,
    }
    PQ_28 {
        code: "PQ-28", severity: Warning, scope: PowerQuery,
        title: "`Expression.Evaluate` only loads `.pqm` modules packed in the `.mez`",
        explanation: "`Expression.Evaluate` must not run user input or text fetched from the web. The one use \
            reviewers accept without question is the module loader, `Expression.Evaluate(Text.FromBinary(\
            Extension.Contents(\"X.pqm\")), #shared)`, with a literal module name. Any other use needs a written \
            justification.",
        url: DF_CERT,
    }
    PQ_29 {
        code: "PQ-29", severity: Warning, scope: PowerQuery,
        title: "Tracing is off in the submitted connector",
        explanation: "Significant `Diagnostics.Trace` output must sit behind a flag that is off at submission, and \
            traces must hold no personal data. Set `EnableTraceOutput = false` (the samples' flag). The call \
            sites are listed as a note for review.",
        url: DF_CERT,
    }
    PQ_30 {
        code: "PQ-30", severity: Error, scope: PowerQuery,
        title: "Data is fetched over HTTPS only, and user URLs are checked with `ValidateUrlScheme`",
        explanation: "Certified connectors reach their service over HTTPS: replace `http://` URLs given to \
            `Web.Contents` or `OData.Feed` (or held in a base-URL member) with `https://`. A data source function \
            taking a URL should check its scheme with the SDK's `ValidateUrlScheme` helper (a warning when \
            nothing checks `Uri.Parts(url)[Scheme]`). Other `http://` texts are a warning, a `LearnMoreUrl` a note.",
        url: SDK_HELP,
    }
    PQ_31 {
        code: "PQ-31", severity: Warning, scope: PowerQuery,
        title: "Credentials are sent with `CredentialQueryString`, not `Query`",
        explanation: "Every use of `Extension.CurrentCredential()` needs a justification (listed as a note). A \
            credential sent in a GET must go through the `CredentialQueryString` option of `Web.Contents`, not \
            `Query`, so it never shows in logs; POST is better still.",
        url: SDK_AUTH,
    }
    PQ_32 {
        code: "PQ-32", severity: Warning, scope: PowerQuery,
        title: "No confidential OAuth client secret in the `.mez`",
        explanation: "Connectors should not use confidential secrets: anyone can unzip the `.mez`. Use PKCE (the \
            OAuthPKCE sample) and remove `client_secret` files and literals.",
        url: SDK_AUTH,
    }
    PQ_33 {
        code: "PQ-33", severity: Warning, scope: PowerQuery,
        title: "No project or test files in the `.mez`",
        explanation: "`*.query.pq`, `*.test.pq`, `*.parameterquery.pq`, `*.proj`, `*.mproj`, `settings.json`, \
            `.vscode/`, `bin/` and `obj/` are not part of a connector: build with the SDK's `MezContent` list, \
            which leaves them out.",
        url: SDK_INST,
    }
    PQ_34 {
        code: "PQ-34", severity: Info, scope: PowerQuery,
        title: "A `.pqx`: signature parts present or absent",
        explanation: "A `.pqx` is the `.mez` content in an Open Packaging Conventions zip, signed with MakePQX. \
            certpack says whether signature parts are there; it never validates a signature or its trust (use \
            `MakePQX verify`).",
        url: SDK_SIGN,
    }
    PQ_35 {
        code: "PQ-35", severity: Warning, scope: PowerQuery,
        title: "Submit the unsigned `.mez`, not a `.pqx`",
        explanation: "Certification asks for the unsigned `ProductName.mez`; Microsoft signs what it ships. \
            Submit the `.mez` the SDK builds.",
        url: PQ_CERT24,
    }
    PQ_39 {
        code: "PQ-39", severity: Warning, scope: Submission,
        title: "The `.pbix` test report queries every navigation item",
        explanation: "The test report is a Power BI Desktop `.pbix` with at least one query per navigation-table \
            item (per table type for databases). Reading its `DataMashup` part is not built yet: check it by hand.",
        url: PQ_CERT24,
        offline: false,
    }
    PQ_40 {
        code: "PQ-40", severity: Info, scope: Submission,
        title: "Checklist: tabular output, Import equals DirectQuery, test account, instructions, dependencies, blog, video",
        explanation: "Not checkable from files: the connector returns tabular data only; Import and DirectQuery give \
            the same results; a persistent test account; testing instructions; links to external dependencies \
            (ODBC drivers); a blog paragraph; a demo video after code review.",
        url: DF_CERT,
        offline: false,
    }
}

/// Authentication kinds Power Query knows.
const AUTH_KINDS: &[&str] = &[
    "Anonymous",
    "Implicit",
    "OAuth",
    "Aad",
    "UsernamePassword",
    "Windows",
    "Key",
];

/// Runs every PQ rule on a read `.mez` / `.pqx`: the archive, the section
/// document, and each `.pqm` module (`module`).
pub fn check(sink: &mut Sink, c: &PqConnector) {
    archive(sink, c);
    if let Some(doc) = &c.document {
        if !c.section_documents.is_empty() {
            document(sink, c, doc);
        } else {
            lexical(sink, doc);
        }
    }
    for m in &c.module_documents {
        module(sink, c, m);
    }
}

/// The rules that read calls, text literals and tokens, on a `.pqm` module (an
/// expression the section document loads and evaluates): PQ-12 (UTF-8, lexical
/// problems; never "not a section document"), PQ-21 (`Extension.Contents` names),
/// PQ-23 (`Extension.LoadString` keys), PQ-28 (`Expression.Evaluate` outside the
/// module-loader pattern), PQ-07, PQ-29 and PQ-31 (the review items and the
/// credential sent as a `Query`, judged over the whole module), PQ-30 (`http://`
/// literals) and PQ-32 (a `client_secret` literal). What belongs to the section —
/// its name, version, kinds, Publish records, shared members — has no place in a
/// module and is not looked for.
fn module(sink: &mut Sink, c: &PqConnector, m: &Document) {
    lexical(sink, m);
    contents(sink, c, m);
    security(sink, m);
}

fn at_archive(c: &PqConnector) -> Location {
    Location::file(&c.vpath)
}

fn entry_at(c: &PqConnector, name: &str) -> Location {
    Location::file(format!("{}!/{name}", c.vpath))
}

/// The words of a name: split at non-alphanumerics and camel-case boundaries.
fn words(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &ch) in chars.iter().enumerate() {
        if !ch.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(&prev) = i.checked_sub(1).and_then(|p| chars.get(p)) {
            let next_lower = chars.get(i + 1).is_some_and(|c| c.is_lowercase());
            let boundary = (prev.is_lowercase() && ch.is_uppercase())
                || (prev.is_uppercase() && ch.is_uppercase() && next_lower)
                || (prev.is_alphabetic() && ch.is_numeric());
            if boundary && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(ch.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The banned word `s` contains, as Microsoft writes it.
pub fn banned_word(s: &str) -> Option<&'static str> {
    let w = words(s);
    for (i, word) in w.iter().enumerate() {
        match word.as_str() {
            "connector" | "connectors" => return Some("Connector"),
            "api" | "apis" => return Some("API"),
            "fabric" => return Some("Fabric"),
            "powerbi" => return Some("Power BI"),
            "power" if w.get(i + 1).is_some_and(|n| n == "bi") => return Some("Power BI"),
            _ => {}
        }
    }
    None
}

fn archive(sink: &mut Sink, c: &PqConnector) {
    // PQ-01, PQ-35
    let lower = c.file_name.to_ascii_lowercase();
    let (base, ext) = lower
        .rsplit_once('.')
        .map_or((c.file_name.as_str(), ""), |(b, e)| {
            (c.file_name.get(..b.len()).unwrap_or(b), e)
        });
    if ext == "pqx" || c.opc {
        sink.emit(
            &PQ_35,
            at_archive(c),
            format!(
                "`{}` is a `.pqx` (signed package): certification asks for the unsigned `.mez`.",
                c.file_name
            ),
        );
    } else if ext != "mez" {
        sink.emit(
            &PQ_01,
            at_archive(c),
            format!(
                "`{}` is a connector with the extension `.{ext}`: submit it as `ProductName.mez`.",
                c.file_name
            ),
        );
    }
    if let Some(w) = banned_word(base) {
        sink.emit(
            &PQ_01,
            at_archive(c),
            format!(
                "The file name `{}` contains \"{w}\": name it after the product alone.",
                c.file_name
            ),
        );
    }
    // PQ-34
    if c.opc {
        let msg = if c.signature_parts.is_empty() {
            "This `.pqx` has `[Content_Types].xml` and no signature part: it is not signed."
                .to_owned()
        } else {
            format!(
                "This `.pqx` is signed ({} signature part(s), e.g. `{}`); certpack does not validate signatures or trust.",
                c.signature_parts.len(),
                c.signature_parts[0]
            )
        };
        sink.emit(&PQ_34, at_archive(c), msg);
    }
    // PQ-10, PQ-33
    let opc_part = |n: &str| {
        c.opc
            && (n.starts_with("_rels/")
                || n.starts_with("package/")
                || n.starts_with("_xmlsignatures/")
                || n == "[Content_Types].xml")
    };
    let nested: Vec<&String> = c
        .entries
        .iter()
        .filter(|n| n.contains(['/', '\\']) && !opc_part(n))
        .collect();
    if !nested.is_empty() {
        sink.emit(
            &PQ_10,
            entry_at(c, nested[0]),
            format!(
                "The `.mez` has {} entr{} in folders (first `{}`): the builders pack every file at the root.",
                nested.len(),
                if nested.len() == 1 { "y" } else { "ies" },
                nested[0]
            ),
        );
    }
    for n in &c.entries {
        let l = n.to_ascii_lowercase().replace('\\', "/");
        let file = l.rsplit('/').next().unwrap_or(&l);
        let project = crate::pq::is_test_file(file)
            || file.ends_with(".proj")
            || file.ends_with(".mproj")
            || file == "settings.json"
            || l.split('/').any(|p| matches!(p, ".vscode" | "bin" | "obj")) && !l.ends_with('/');
        if project {
            sink.emit(
                &PQ_33,
                entry_at(c, n),
                format!("`{n}` is a project or test file: leave it out of the `.mez`."),
            );
        }
        // PQ-32: a secret file
        if file.starts_with("client_secret") {
            sink.emit(
                &PQ_32,
                entry_at(c, n),
                format!(
                    "`{n}` looks like a confidential OAuth client secret packed in the `.mez`: use PKCE instead."
                ),
            );
        }
    }
    // PQ-11
    match c.section_documents.as_slice() {
        [] if c.m_files.is_empty() => sink.emit(
            &PQ_11,
            at_archive(c),
            "The archive holds no section document (`Name.pq` or `Name.m`) at its root.",
        ),
        [] => sink.emit(
            &PQ_11,
            entry_at(c, &c.m_files[0]),
            format!(
                "None of the M files ({}) is a section document starting with `section Name;`.",
                c.m_files
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        [_] => {}
        [a, b] if stem(a).eq_ignore_ascii_case(stem(b)) => sink.emit_as(
            &PQ_11,
            Severity::Warning,
            entry_at(c, b),
            format!(
                "`{a}` and `{b}` are the same section document packed twice (the old SDK's double packing): keep one."
            ),
        ),
        many => sink.emit(
            &PQ_11,
            entry_at(c, &many[1]),
            format!(
                "The archive holds {} section documents ({}): a connector has one.",
                many.len(),
                many.iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    }
    // PQ-06, PQ-23 (XML), PQ-24
    match &c.resx {
        None => sink.emit(
            &PQ_06,
            at_archive(c),
            "The `.mez` has no `resources.resx`: keep the connector's strings there.",
        ),
        Some(r) => {
            if let Some(e) = &r.error {
                sink.emit(
                    &PQ_23,
                    Location::file(&r.vpath),
                    format!("`resources.resx` is not well-formed XML: {e}."),
                );
            }
            for (name, value, l, col) in &r.strings {
                let v = value.to_ascii_lowercase();
                if v.contains("http://") || v.contains("https://") {
                    sink.emit(
                        &PQ_24,
                        Location::file(&r.vpath).with_line_col(*l, *col),
                        format!(
                            "The string `{name}` holds a URL: hard-code URLs in the section document instead."
                        ),
                    );
                }
            }
        }
    }
    if c.icons.is_empty() {
        sink.emit(
            &PQ_06,
            at_archive(c),
            "The `.mez` has no PNG icons: add the Icon16 and Icon32 sets.",
        );
    }
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(b, _)| b)
}

/// PQ-12 alone: the lexical problems of an M file that is not a section document.
fn lexical(sink: &mut Sink, doc: &Document) {
    if let Some(e) = &doc.encoding_issue {
        sink.emit(
            &PQ_12,
            Location::file(&doc.vpath),
            format!("`{}` holds {e}: save it as UTF-8.", doc.name),
        );
    }
    for i in &doc.scanned.issues {
        sink.emit(
            &PQ_12,
            doc.at(i.offset),
            format!("{}.", capital(&i.message)),
        );
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn document(sink: &mut Sink, c: &PqConnector, doc: &Document) {
    lexical(sink, doc);
    for i in &doc.section.issues {
        sink.emit(
            &PQ_12,
            doc.at(i.offset),
            format!("{}.", capital(&i.message)),
        );
    }
    version(sink, doc);
    kinds(sink, doc);
    publish(sink, c, doc);
    functions(sink, c, doc);
    names(sink, c, doc);
    contents(sink, c, doc);
    security(sink, doc);
}

fn section_at(doc: &Document) -> Location {
    doc.section.name.as_ref().map_or_else(
        || doc.at(0),
        |(_, i)| doc.at(doc.offset(i.saturating_sub(1))),
    )
}

fn version(sink: &mut Sink, doc: &Document) {
    match &doc.version {
        None => sink.emit(
            &PQ_02,
            section_at(doc),
            "There is no `[Version = \"x.y.z\"]` adornment above `section`: certified connectors are versioned.",
        ),
        Some((Literal::Text(v), at)) => {
            if parse_version(v).is_none() {
                sink.emit(
                    &PQ_13,
                    doc.at(*at),
                    format!("The version `{v}` is not three numbers `major.minor.patch`."),
                );
            }
        }
        Some((_, at)) => sink.emit(
            &PQ_13,
            doc.at(*at),
            "The `Version` is not a text literal such as `\"1.0.0\"`.",
        ),
    }
}

/// `major.minor.patch` as numbers.
pub fn parse_version(v: &str) -> Option<(u64, u64, u64)> {
    let mut parts = v.split('.');
    let mut next = || {
        let p = parts.next()?;
        (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let v = (next()?, next()?, next()?);
    parts.next().is_none().then_some(v)
}

/// PQ-14: an update's version against the previous `.mez`'s.
pub fn compare_versions(sink: &mut Sink, previous: &PqConnector, current: &PqConnector) {
    let ver = |c: &PqConnector| {
        let d = c.document.as_ref()?;
        match &d.version {
            Some((Literal::Text(v), at)) => Some((parse_version(v)?, v.clone(), d.at(*at))),
            _ => None,
        }
    };
    let (Some((old, old_text, old_at)), Some((new, new_text, new_at))) =
        (ver(previous), ver(current))
    else {
        return;
    };
    if new <= old {
        sink.emit_compared(
            &PQ_14,
            Severity::Warning,
            new_at,
            old_at,
            format!(
                "The version `{new_text}` is not greater than the previous `{old_text}`: raise it."
            ),
        );
    }
}

fn kinds(sink: &mut Sink, doc: &Document) {
    for k in &doc.kinds {
        let at = doc.at(k.offset);
        if !k.defined {
            sink.emit(
                &PQ_15,
                at,
                format!(
                    "`DataSource.Kind = \"{}\"` names no member `{}`.",
                    k.name, k.name
                ),
            );
            continue;
        }
        if !k.is_record {
            sink.emit(
                &PQ_15,
                at,
                format!(
                    "`{}` is not a record literal: it cannot be read as a Data Source Kind.",
                    k.name
                ),
            );
            continue;
        }
        match &k.authentication {
            None => sink.emit(
                &PQ_15,
                at.clone(),
                format!("The Data Source Kind `{}` has no `Authentication` record.", k.name),
            ),
            Some(auth) if !auth.iter().any(|a| AUTH_KINDS.contains(&a.name.as_str())) => sink.emit(
                &PQ_15,
                at.clone(),
                format!(
                    "The `Authentication` of `{}` lists no known kind (`Anonymous`, `OAuth`, `Aad`, `UsernamePassword`, `Windows`, `Key`).",
                    k.name
                ),
            ),
            Some(auth) => {
                for a in auth {
                    let missing: Vec<&str> = match a.name.as_str() {
                        "OAuth" => ["StartLogin", "FinishLogin"]
                            .into_iter()
                            .filter(|f| !a.fields.iter().any(|x| x == f))
                            .collect(),
                        "Aad" => {
                            let uri_only = doc
                                .functions
                                .iter()
                                .filter(|f| f.kind.as_deref() == Some(k.name.as_str()))
                                .any(|f| {
                                    // the data source path: `DataSource.Path = false` is not in it
                                    let path: Vec<_> = f.params.iter().filter(|p| p.in_path()).collect();
                                    path.len() == 1 && path[0].type_name.as_deref() == Some("Uri.Type")
                                });
                            ["AuthorizationUri", "Resource"]
                                .into_iter()
                                .filter(|f| !(*f == "Resource" && uri_only))
                                .filter(|f| !a.fields.iter().any(|x| x == f))
                                .collect()
                        }
                        _ => Vec::new(),
                    };
                    if !missing.is_empty() {
                        sink.emit(
                            &PQ_16,
                            doc.at(a.offset),
                            format!(
                                "The `{}` authentication of `{}` lacks {}.",
                                a.name,
                                k.name,
                                missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(" and ")
                            ),
                        );
                    }
                }
            }
        }
        match &k.test_connection {
            None => sink.emit(
                &PQ_04,
                at,
                format!(
                    "The Data Source Kind `{}` has no `TestConnection`: gateway refresh and certification need it.",
                    k.name
                ),
            ),
            Some(t) if !t.is_function => sink.emit(
                &PQ_17,
                doc.at(t.offset),
                "`TestConnection` is not a function of `dataSourcePath`.",
            ),
            Some(t) => match &t.target {
                Some(name) => {
                    if !doc.member(name).is_some_and(|m| m.shared) {
                        sink.emit(
                            &PQ_17,
                            doc.at(t.offset),
                            format!("`TestConnection` returns `{name}`, which is not a `shared` member of the section."),
                        );
                    }
                }
                None => sink.emit_as(
                    &PQ_17,
                    Severity::Info,
                    doc.at(t.offset),
                    "`TestConnection` does not return a list starting with a text literal: not statically checkable.",
                ),
            },
        }
    }
}

fn resolve_text(c: &PqConnector, l: &Literal) -> Option<String> {
    match l {
        Literal::Text(t) => Some(t.clone()),
        Literal::Resource(k) => c.resx.as_ref()?.get(k).map(str::to_owned),
        _ => None,
    }
}

fn publish(sink: &mut Sink, c: &PqConnector, doc: &Document) {
    let mut seen_icons = BTreeSet::new();
    for p in &doc.publish {
        let at = doc.at(p.offset);
        if !p.defined {
            sink.emit(
                &PQ_18,
                at,
                format!("`Publish = \"{}\"` names no member `{}`.", p.name, p.name),
            );
            continue;
        }
        if !p.is_record {
            sink.emit_as(
                &PQ_18,
                Severity::Info,
                at,
                format!(
                    "`{}` is not a record literal: not statically checkable.",
                    p.name
                ),
            );
            continue;
        }
        match &p.button_text {
            None => sink.emit(
                &PQ_18,
                at.clone(),
                format!("The Publish record `{}` has no `ButtonText`.", p.name),
            ),
            Some((Some(items), o)) => {
                if let Some(title) = items.first().and_then(|t| resolve_text(c, t))
                    && let Some(w) = banned_word(&title)
                {
                    sink.emit(
                        &PQ_27,
                        doc.at(*o),
                        format!("The `ButtonText` title \"{title}\" contains \"{w}\"."),
                    );
                }
                if !(1..=2).contains(&items.len()) {
                    sink.emit(
                        &PQ_18,
                        doc.at(*o),
                        format!(
                            "`ButtonText` has {} items: it is a title and an optional tooltip.",
                            items.len()
                        ),
                    );
                }
            }
            Some((None, o)) => sink.emit(
                &PQ_18,
                doc.at(*o),
                "`ButtonText` is not a list `{title, tooltip}`.",
            ),
        }
        match &p.category {
            None => sink.emit_as(
                &PQ_18,
                Severity::Warning,
                at.clone(),
                format!("The Publish record `{}` has no `Category`.", p.name),
            ),
            Some((Literal::Text(cat), o)) if cat != "Azure" && cat != "Database" => sink.emit_as(
                &PQ_18,
                Severity::Info,
                doc.at(*o),
                format!("The category `{cat}` is shown under Other in Get Data (only `Azure` and `Database` have places of their own)."),
            ),
            _ => {}
        }
        match &p.beta {
            Some((Literal::Logical(true), _)) => {}
            Some((Literal::Logical(false), o)) => sink.emit(
                &PQ_03,
                doc.at(*o),
                "`Beta = false`: an initial release is published with `Beta = true`.",
            ),
            None => sink.emit(
                &PQ_03,
                at.clone(),
                format!(
                    "The Publish record `{}` has no `Beta = true`, which an initial release needs.",
                    p.name
                ),
            ),
            Some((_, o)) => sink.emit(
                &PQ_19,
                doc.at(*o),
                "`Beta` is not the logical `true` or `false`.",
            ),
        }
        let same = p
            .source_image
            .as_ref()
            .and_then(|s| s.reference.as_ref())
            .is_some_and(|r| {
                p.source_type_image
                    .as_ref()
                    .and_then(|s| s.reference.as_ref())
                    == Some(r)
            });
        for (field, set) in [
            ("SourceImage", &p.source_image),
            ("SourceTypeImage", &p.source_type_image),
        ] {
            if same && field == "SourceTypeImage" {
                continue; // the same icon record, said once
            }
            match set {
                None => sink.emit(
                    &PQ_20,
                    at.clone(),
                    format!("The Publish record `{}` has no `{field}`.", p.name),
                ),
                Some(s) => icon_set(sink, c, doc, field, s, &mut seen_icons),
            }
        }
    }
}

fn icon_set(
    sink: &mut Sink,
    c: &PqConnector,
    doc: &Document,
    field: &str,
    s: &IconSet,
    seen: &mut BTreeSet<String>,
) {
    if !s.resolved {
        sink.emit(
            &PQ_20,
            doc.at(s.offset),
            format!("`{field}` does not resolve to an icon record `[Icon16 = …, Icon32 = …]`."),
        );
        return;
    }
    for (list_name, list, sizes) in [
        ("Icon16", &s.icon16, [16u32, 20, 24, 32]),
        ("Icon32", &s.icon32, [32, 40, 48, 64]),
    ] {
        let Some(items) = list else {
            sink.emit(
                &PQ_20,
                doc.at(s.offset),
                format!("The icon record of `{field}` has no `{list_name}` list."),
            );
            continue;
        };
        if items.len() != 4 || items.iter().any(Option::is_none) {
            sink.emit(
                &PQ_20,
                doc.at(s.offset),
                format!(
                    "`{list_name}` of `{field}` has {} item(s){}: it lists four `Extension.Contents(\"….png\")`.",
                    items.len(),
                    if items.iter().any(Option::is_none) { ", not all `Extension.Contents` calls" } else { "" }
                ),
            );
        }
        for (name, want) in items.iter().zip(sizes) {
            let Some(name) = name else { continue };
            if !seen.insert(format!("{name}@{want}")) {
                continue;
            }
            let Some(icon) = c.icons.iter().find(|i| &i.name == name) else {
                continue; // PQ-21 says it is missing
            };
            match icon.size {
                None => sink.emit(
                    &PQ_22,
                    Location::file(&icon.vpath),
                    format!("`{name}` is not a readable PNG."),
                ),
                Some((w, h)) if (w, h) != (want, want) => sink.emit(
                    &PQ_22,
                    Location::file(&icon.vpath),
                    format!(
                        "`{name}` is {w}×{h} px; its place in `{list_name}` wants {want}×{want}."
                    ),
                ),
                Some(_) => {}
            }
        }
    }
}

fn functions(sink: &mut Sink, c: &PqConnector, doc: &Document) {
    let kind_names: Vec<&str> = doc.kinds.iter().map(|k| k.name.as_str()).collect();
    for f in &doc.functions {
        let at = doc.at(f.offset);
        let Some(kind) = &f.kind else {
            continue;
        };
        if !f.name.starts_with(&format!("{kind}.")) {
            sink.emit(
                &PQ_05,
                at.clone(),
                format!(
                    "The data source function `{}` is not named `{kind}.<FunctionName>`.",
                    f.name
                ),
            );
        }
        match f.docs {
            Docs::Missing => sink.emit(
                &PQ_05,
                at.clone(),
                format!(
                    "The data source function `{}` has no function type with `Documentation.*` metadata.",
                    f.name
                ),
            ),
            Docs::Unknown => sink.emit_as(
                &PQ_05,
                Severity::Info,
                at.clone(),
                format!("The type of `{}` is computed: its documentation is not statically checkable.", f.name),
            ),
            Docs::Found { name, long_description } => {
                let missing: Vec<&str> = [
                    (!name).then_some("`Documentation.Name`"),
                    (!long_description).then_some("`Documentation.LongDescription`"),
                ]
                .into_iter()
                .flatten()
                .collect();
                if !missing.is_empty() {
                    sink.emit(
                        &PQ_25,
                        at.clone(),
                        format!("The function type of `{}` lacks {}.", f.name, missing.join(" and ")),
                    );
                }
                for p in f.params.iter().filter(|p| !p.caption) {
                    sink.emit(
                        &PQ_25,
                        at.clone(),
                        format!(
                            "The parameter `{}` of `{}` has no `Documentation.FieldCaption`.",
                            p.name, f.name
                        ),
                    );
                }
            }
        }
        // PQ-30: a URL parameter without a scheme check
        let url_param = f.params.iter().find(|p| {
            p.type_name.as_deref() == Some("Uri.Type")
                || p.name.to_ascii_lowercase().contains("url")
        });
        // a check anywhere in the section document or its modules counts
        let checked = std::iter::once(doc).chain(&c.module_documents).any(|d| {
            d.tokens().iter().enumerate().any(|(i, t)| {
                t.kind == Tok::Ident && matches!(d.token_text(i), "ValidateUrlScheme" | "Uri.Parts")
            })
        });
        if let Some(p) = url_param
            && !checked
        {
            sink.emit_as(
                &PQ_30,
                Severity::Warning,
                at,
                format!(
                    "`{}` takes the URL `{}` but nothing checks its scheme: use `ValidateUrlScheme`.",
                    f.name, p.name
                ),
            );
        }
    }
    // PQ-26
    for m in &doc.section.members {
        if !m.shared {
            continue;
        }
        let has_kind = doc
            .functions
            .iter()
            .any(|f| f.name == m.name && f.kind.is_some());
        if has_kind {
            continue;
        }
        let prefixed = kind_names
            .iter()
            .any(|k| m.name.starts_with(&format!("{k}.")));
        sink.emit(
            &PQ_26,
            doc.at(doc.offset(m.name_token)),
            if prefixed {
                format!("`{}` is `shared` without `DataSource.Kind`: it is exported to every query.", m.name)
            } else {
                format!(
                    "`{}` is `shared` without `DataSource.Kind` and not named `<Kind>.<Name>`: it is exported to every query.",
                    m.name
                )
            },
        );
    }
}

fn names(sink: &mut Sink, _c: &PqConnector, doc: &Document) {
    if let Some((name, i)) = &doc.section.name
        && let Some(w) = banned_word(name)
    {
        sink.emit(
            &PQ_27,
            doc.at(doc.offset(*i)),
            format!("The section name `{name}` contains \"{w}\"."),
        );
    }
    for k in &doc.kinds {
        if let Some(w) = banned_word(&k.name) {
            sink.emit(
                &PQ_27,
                doc.at(k.offset),
                format!("The data source kind `{}` contains \"{w}\".", k.name),
            );
        }
    }
    for f in &doc.functions {
        // the kind's part is reported once, with the kind
        let own = f
            .kind
            .as_deref()
            .and_then(|k| f.name.strip_prefix(&format!("{k}.")))
            .unwrap_or(&f.name);
        if let Some(w) = banned_word(own) {
            sink.emit(
                &PQ_27,
                doc.at(f.offset),
                format!("The shared function `{}` contains \"{w}\".", f.name),
            );
        }
    }
}

/// The members that load modules: functions with `Expression.Evaluate(…, #shared)`,
/// `Text.FromBinary` and `Extension.Contents` in them.
fn loaders(doc: &Document) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    for call in doc
        .calls
        .iter()
        .filter(|c| c.function == "Expression.Evaluate")
    {
        let Some(k) = call.member else { continue };
        let m = &doc.section.members[k];
        let args = doc.args(call.token + 1);
        let shared = args
            .get(1)
            .is_some_and(|a| a.len() == 1 && doc.is_ident(a.start, "#shared"));
        let has = |w: &str| m.expr.clone().any(|i| doc.is_ident(i, w));
        if shared && has("Text.FromBinary") && has("Extension.Contents") {
            out.insert(k);
        }
    }
    out
}

fn contents(sink: &mut Sink, c: &PqConnector, doc: &Document) {
    let loaders = loaders(doc);
    // literal names given to Extension.Contents, and to the module loaders
    let mut named: Vec<(String, usize)> = doc
        .calls
        .iter()
        .filter(|c| c.function == "Extension.Contents")
        .filter_map(|c| c.literal.clone().map(|l| (l, c.offset)))
        .collect();
    for &k in &loaders {
        let name = &doc.section.members[k].name;
        for (i, t) in doc.tokens().iter().enumerate() {
            if t.kind == Tok::Ident && doc.token_text(i) == name && doc.is_punct(i + 1, b'(') {
                let args = doc.args(i + 1);
                match args.first() {
                    Some(a) if a.len() == 1 && doc.tokens()[a.start].kind == Tok::Text => {
                        let lit = scan::text_value(&doc.text, &doc.tokens()[a.start]);
                        if !lit.to_ascii_lowercase().ends_with(".pqm") {
                            sink.emit(
                                &PQ_28,
                                doc.at(t.start),
                                format!("The module loader `{name}` evaluates `{lit}`, which is not a `.pqm` module."),
                            );
                        }
                        named.push((lit, t.start));
                    }
                    _ => sink.emit(
                        &PQ_28,
                        doc.at(t.start),
                        format!("The module loader `{name}` is called with a computed name: it could evaluate anything."),
                    ),
                }
            }
        }
    }
    let mut said = BTreeSet::new();
    for (name, at) in named {
        if c.entries.contains(&name) || !said.insert(name.clone()) {
            continue;
        }
        if let Some(e) = c.entries.iter().find(|e| e.eq_ignore_ascii_case(&name)) {
            sink.emit_as(
                &PQ_21,
                Severity::Warning,
                doc.at(at),
                format!("`Extension.Contents(\"{name}\")` names `{e}`, which differs by case."),
            );
        } else {
            sink.emit(
                &PQ_21,
                doc.at(at),
                format!("`Extension.Contents(\"{name}\")` names a file that is not in the `.mez`."),
            );
        }
    }
    // PQ-23: LoadString keys
    let mut said = BTreeSet::new();
    for call in doc
        .calls
        .iter()
        .filter(|c| c.function == "Extension.LoadString")
    {
        let Some(key) = &call.literal else { continue };
        match &c.resx {
            None => {
                if said.insert(String::new()) {
                    sink.emit(
                        &PQ_23,
                        doc.at(call.offset),
                        format!("`Extension.LoadString(\"{key}\")` needs `resources.resx`, which is not in the `.mez`."),
                    );
                }
            }
            Some(r) if r.error.is_none() && r.get(key).is_none() && said.insert(key.clone()) => {
                sink.emit(
                    &PQ_23,
                    doc.at(call.offset),
                    format!(
                        "`Extension.LoadString(\"{key}\")`: `resources.resx` has no string `{key}`."
                    ),
                );
            }
            Some(_) => {}
        }
    }
    // PQ-28: other uses of Expression.Evaluate
    for call in doc
        .calls
        .iter()
        .filter(|c| c.function == "Expression.Evaluate")
    {
        if call.member.is_some_and(|k| loaders.contains(&k)) {
            continue;
        }
        let args = doc.args(call.token + 1);
        let inline = args.first().is_some_and(|a| {
            a.len() == 7
                && doc.is_ident(a.start, "Text.FromBinary")
                && doc.is_ident(a.start + 2, "Extension.Contents")
                && doc.tokens()[a.start + 4].kind == Tok::Text
                && scan::text_value(&doc.text, &doc.tokens()[a.start + 4])
                    .to_ascii_lowercase()
                    .ends_with(".pqm")
        }) && args
            .get(1)
            .is_some_and(|a| a.len() == 1 && doc.is_ident(a.start, "#shared"));
        if !inline {
            sink.emit(
                &PQ_28,
                doc.at(call.offset),
                "`Expression.Evaluate` is used outside the module-loader pattern: justify it in writing, or load a `.pqm` with a literal name.",
            );
        }
    }
}

fn security(sink: &mut Sink, doc: &Document) {
    let toks = doc.tokens();
    // PQ-07: the summary
    let count = |f: &str| doc.calls.iter().filter(|c| c.function == f).count();
    let items: Vec<String> = [
        ("Expression.Evaluate", count("Expression.Evaluate")),
        ("Diagnostics.Trace", count("Diagnostics.Trace")),
        (
            "Extension.CurrentCredential",
            count("Extension.CurrentCredential") + count("Extension.CurrentCredentials"),
        ),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(f, n)| format!("`{f}` ({n})"))
    .collect();
    if let Some(first) = doc.calls.iter().find(|c| {
        matches!(
            c.function.as_str(),
            "Expression.Evaluate"
                | "Diagnostics.Trace"
                | "Extension.CurrentCredential"
                | "Extension.CurrentCredentials"
        )
    }) {
        let who = if doc.is_module {
            format!("The module `{}`", doc.name)
        } else {
            "The connector".to_owned()
        };
        sink.emit(
            &PQ_07,
            doc.at(first.offset),
            format!(
                "{who} uses {}: reviewers will ask about each use.",
                items.join(", ")
            ),
        );
    }
    // PQ-29
    for m in &doc.section.members {
        if m.name.to_ascii_lowercase().contains("trace")
            && m.expr.len() == 1
            && doc.is_ident(m.expr.start, "true")
        {
            sink.emit(
                &PQ_29,
                doc.at(doc.offset(m.name_token)),
                format!("`{} = true`: switch tracing off before submission.", m.name),
            );
        }
    }
    let traces: Vec<_> = doc
        .calls
        .iter()
        .filter(|c| c.function == "Diagnostics.Trace")
        .collect();
    if let Some(first) = traces.first() {
        sink.emit_as(
            &PQ_29,
            Severity::Info,
            doc.at(first.offset),
            format!(
                "`Diagnostics.Trace` is called {} time(s) (first here): check that no trace holds personal data.",
                traces.len()
            ),
        );
    }
    // PQ-31
    let creds: Vec<_> = doc
        .calls
        .iter()
        .filter(|c| c.function.starts_with("Extension.CurrentCredential"))
        .collect();
    if let Some(first) = creds.first() {
        sink.emit_as(
            &PQ_31,
            Severity::Info,
            doc.at(first.offset),
            format!(
                "`Extension.CurrentCredential` is used {} time(s) (first here): justify each use.",
                creds.len()
            ),
        );
    }
    // each member (each module) that reads the credential, once
    let mut said = BTreeSet::new();
    for call in &creds {
        let Some(scope) = doc.scope_of(call.token) else {
            continue;
        };
        if !said.insert(scope.start) {
            continue;
        }
        let query = scope
            .clone()
            .find(|&i| doc.is_ident(i, "Query") && doc.is_punct(i + 1, b'='));
        let safe = scope
            .clone()
            .any(|i| doc.is_ident(i, "CredentialQueryString"));
        let web = scope.clone().any(|i| doc.is_ident(i, "Web.Contents"));
        if let Some(q) = query
            && web
            && !safe
        {
            let who = match call.member {
                Some(k) => format!("`{}`", doc.section.members[k].name),
                None => format!("The module `{}`", doc.name),
            };
            sink.emit(
                &PQ_31,
                doc.at(doc.offset(q)),
                format!(
                    "{who} reads the credential and sends a `Query` to `Web.Contents` without `CredentialQueryString`."
                ),
            );
        }
    }
    // PQ-30: http:// literals
    let learn_more: Vec<usize> = doc
        .publish
        .iter()
        .filter_map(|p| p.learn_more_url.as_ref().map(|l| l.1))
        .collect();
    let fetchers = ["Web.Contents", "OData.Feed", "Web.BrowserContents"];
    for (i, t) in toks.iter().enumerate() {
        if t.kind != Tok::Text {
            continue;
        }
        let v = scan::text_value(&doc.text, t);
        let lower = v.trim_start().to_ascii_lowercase();
        if !lower.starts_with("http://")
            || lower.starts_with("http://www.w3.org/")
            || lower.starts_with("http://schemas.")
            || lower.starts_with("http://localhost")
            || lower.starts_with("http://127.0.0.1")
        {
            continue;
        }
        // the field name two tokens before: `LearnMoreUrl = "http://…"`
        let field_at = i.checked_sub(2).map(|j| doc.offset(j));
        if field_at.is_some_and(|o| learn_more.contains(&o)) {
            sink.emit_as(
                &PQ_30,
                Severity::Info,
                doc.at(t.start),
                format!("`LearnMoreUrl` is `{v}`: prefer `https://`."),
            );
            continue;
        }
        let fetched =
            i >= 2 && doc.is_punct(i - 1, b'(') && fetchers.iter().any(|f| doc.is_ident(i - 2, f));
        // a member (or a whole module) that is the URL alone: a base URL
        let base = doc.scope_of(i).is_some_and(|r| r.len() == 1);
        if fetched || base {
            sink.emit(
                &PQ_30,
                doc.at(t.start),
                format!("`{v}` is fetched over plain HTTP: use `https://`."),
            );
        } else {
            sink.emit_as(
                &PQ_30,
                Severity::Warning,
                doc.at(t.start),
                format!("`{v}` is a plain-HTTP URL: use `https://`."),
            );
        }
    }
    // PQ-32: a client secret in the code
    for (i, t) in toks.iter().enumerate() {
        if matches!(t.kind, Tok::Ident | Tok::Quoted)
            && scan::ident_name(&doc.text, t).eq_ignore_ascii_case("client_secret")
            && doc.is_punct(i + 1, b'=')
            && toks.get(i + 2).is_some_and(|v| v.kind == Tok::Text)
            && toks
                .get(i + 3)
                .is_none_or(|n| matches!(n.kind, Tok::Punct(b';' | b',' | b']')))
        {
            sink.emit(
                &PQ_32,
                doc.at(t.start),
                "`client_secret` is a text literal: a confidential secret anyone can read in the `.mez`.",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Diagnostic;
    use crate::rules::cases::{Case, check_mez};

    const PQ: &str = include_str!("../../../../tests/fixtures/pq/HelloWorld/HelloWorld.pq");
    const HELPERS: &str = include_str!("../../../../tests/fixtures/pq/HelloWorld/Helpers.pqm");
    const RESX: &str = include_str!("../../../../tests/fixtures/pq/HelloWorld/resources.resx");

    /// The clean sample's files, with its section document replaced.
    fn files(pq: &str) -> Vec<(String, Vec<u8>)> {
        let mut f = vec![
            ("HelloWorld.pq".to_owned(), pq.as_bytes().to_vec()),
            ("Helpers.pqm".to_owned(), HELPERS.as_bytes().to_vec()),
            ("resources.resx".to_owned(), RESX.as_bytes().to_vec()),
        ];
        for side in [16, 20, 24, 32, 40, 48, 64, 80] {
            f.push((format!("HelloWorld{side}.png"), icon(side)));
        }
        f
    }

    fn icon(side: u32) -> Vec<u8> {
        crate::rules::content::icon::sample_icon(side, [0, 0, 0, 0], [200, 30, 30, 255])
    }

    fn run(files: &[(String, Vec<u8>)], name: &str) -> Vec<Diagnostic> {
        let f: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        check_mez(name, &f)
    }

    fn clean() -> Vec<Diagnostic> {
        run(&files(PQ), "HelloWorld.mez")
    }

    /// The clean sample with `from` replaced by `to` in its section document.
    fn edit(from: &str, to: &str) -> Vec<Diagnostic> {
        assert!(PQ.contains(from), "the fixture lacks {from:?}");
        run(&files(&PQ.replacen(from, to, 1)), "HelloWorld.mez")
    }

    /// The clean sample with `from` replaced by `to` in its module `Helpers.pqm`.
    fn edit_module(from: &str, to: &str) -> Vec<Diagnostic> {
        assert!(HELPERS.contains(from), "the module lacks {from:?}");
        replacing("Helpers.pqm", HELPERS.replacen(from, to, 1).as_bytes())
    }

    /// The clean sample whose module's `Greet` also uses `expr` (a text).
    fn greet(expr: &str) -> Vec<Diagnostic> {
        edit_module("as text => text", &format!("as text => text & {expr}"))
    }

    /// The sample without its one `Expression.Evaluate` (the section document has no
    /// review item left), its module's `Greet` also using `expr`.
    fn unloaded(expr: &str) -> Vec<Diagnostic> {
        let pq = PQ.replacen("Expression.Evaluate(asText, #shared)", "asText", 1);
        let module = HELPERS.replacen("as text => text", &format!("as text => text & {expr}"), 1);
        let f: Vec<_> = files(&pq)
            .into_iter()
            .map(|(n, b)| {
                if n == "Helpers.pqm" {
                    (n, module.as_bytes().to_vec())
                } else {
                    (n, b)
                }
            })
            .collect();
        run(&f, "HelloWorld.mez")
    }

    /// The sample with an `Aad` kind without `Resource`, whose function takes a
    /// required `url as Uri.Type` and a required `message` whose meta record starts
    /// with `meta`.
    fn aad_with_url(meta: &str) -> Vec<Diagnostic> {
        let pq = crate::rules::cases::hello_pq(&[
            (
                "Anonymous = []",
                "Aad = [AuthorizationUri = \"https://login.microsoftonline.com/common/oauth2/authorize\"]",
            ),
            (
                "optional message as (type text meta [",
                &format!("url as Uri.Type, message as (type text meta [{meta}"),
            ),
        ]);
        run(&files(&pq), "HelloWorld.mez")
    }

    fn with(extra: &[(&str, &[u8])]) -> Vec<Diagnostic> {
        let mut f = files(PQ);
        f.extend(extra.iter().map(|(n, b)| ((*n).to_owned(), b.to_vec())));
        run(&f, "HelloWorld.mez")
    }

    fn without(name: &str) -> Vec<Diagnostic> {
        let f: Vec<_> = files(PQ).into_iter().filter(|(n, _)| n != name).collect();
        run(&f, "HelloWorld.mez")
    }

    fn replacing(name: &str, bytes: &[u8]) -> Vec<Diagnostic> {
        let f: Vec<_> = files(PQ)
            .into_iter()
            .map(|(n, b)| {
                if n == name {
                    (n, bytes.to_vec())
                } else {
                    (n, b)
                }
            })
            .collect();
        run(&f, "HelloWorld.mez")
    }

    fn not_utf8() -> Vec<Diagnostic> {
        let mut bytes = PQ.as_bytes().to_vec();
        let at = PQ.find("Hello world").unwrap() + 7;
        bytes[at] = 0xF6;
        replacing("HelloWorld.pq", &bytes)
    }

    fn compare(old: &str, new: &str) -> Vec<Diagnostic> {
        let load = |v: &str| {
            let bytes =
                crate::example::zip_of(&[("HelloWorld.pq", PQ.replacen("1.0.0", v, 1).as_bytes())]);
            let mut a =
                crate::read::zip::Archive::open_bytes(bytes, "HelloWorld.mez", Default::default())
                    .unwrap();
            crate::pq::from_archive(&mut Sink::new(), &mut a)
        };
        let mut sink = Sink::new();
        compare_versions(&mut sink, &load(old), &load(new));
        sink.into_diagnostics()
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(&PQ_01, || run(&files(PQ), "HelloWorldConnector.mez"), clean),
            Case::new(&PQ_01, || run(&files(PQ), "HelloWorld.zip"), clean),
            Case::new(&PQ_02, || edit("[Version = \"1.0.0\"]", ""), clean),
            Case::new(&PQ_03, || edit("Beta = true", "Beta = false"), clean),
            Case::new(&PQ_04, || edit("TestConnection = (dataSourcePath) => { \"HelloWorld.Contents\" },", ""), clean),
            Case::new(
                &PQ_05,
                || edit("shared HelloWorld.Contents = Value.ReplaceType(HelloWorldImpl, HelloWorldType);", "shared HelloWorld.Contents = HelloWorldImpl;"),
                clean,
            ),
            Case::new(&PQ_05, || edit("shared HelloWorld.Contents", "shared Hello.Contents"), clean),
            Case::new(
                &PQ_05,
                || edit("Value.ReplaceType(HelloWorldImpl, HelloWorldType)", "Value.ReplaceType(HelloWorldImpl, Types.Make())"),
                clean,
            )
            .reported_as(Severity::Info),
            Case::new(&PQ_06, || without("resources.resx"), clean),
            Case::new(&PQ_07, clean, || edit("Expression.Evaluate(asText, #shared)", "asText"))
                .reported_as(Severity::Info),
            Case::new(&PQ_10, || with(&[("docs/readme.txt", b"x")]), clean),
            Case::new(&PQ_11, || without("HelloWorld.pq"), clean),
            Case::new(&PQ_11, || with(&[("HelloWorld.m", PQ.as_bytes())]), clean)
                .reported_as(Severity::Warning),
            Case::new(&PQ_11, || with(&[("Other.pq", PQ.replacen("section HelloWorld", "section Other", 1).as_bytes())]), clean),
            Case::new(&PQ_12, || edit("\"Hello world\"", "\"Hello world"), clean),
            Case::new(&PQ_12, || edit("Anonymous = []", "Anonymous = [}"), clean),
            Case::new(&PQ_12, not_utf8, clean),
            Case::new(&PQ_13, || edit("\"1.0.0\"", "\"1.0\""), clean),
            Case::new(&PQ_14, || compare("1.2.0", "1.1.9"), || compare("1.2.0", "1.2.1")),
            Case::new(&PQ_15, || edit("Anonymous = []", "Magic = []"), clean),
            Case::new(&PQ_15, || edit("HelloWorld = [", "HelloWorldKind = ["), clean),
            Case::new(&PQ_16, || edit("Anonymous = []", "OAuth = [StartLogin = StartLogin]"), || edit("Anonymous = []", "OAuth = [StartLogin = S, FinishLogin = F]")),
            Case::new(&PQ_16, || edit("Anonymous = []", "Aad = [AuthorizationUri = \"https://login.microsoftonline.com/common/oauth2/authorize\"]"), || edit("Anonymous = []", "Aad = [AuthorizationUri = \"https://login.microsoftonline.com/common/oauth2/authorize\", Resource = \"https://x\"]")),
            // the Aad resource comes from the path when its one parameter is a Uri.Type:
            // a second required parameter outside the path (`DataSource.Path = false`)
            // does not count
            Case::new(
                &PQ_16,
                || aad_with_url(""),
                || aad_with_url("\n        DataSource.Path = false,"),
            ),
            Case::new(&PQ_17, || edit("{ \"HelloWorld.Contents\" }", "{ \"HelloWorld.Nothing\" }"), clean),
            Case::new(&PQ_17, || edit("(dataSourcePath) => { \"HelloWorld.Contents\" }", "\"HelloWorld.Contents\""), clean),
            Case::new(&PQ_17, || edit("{ \"HelloWorld.Contents\" }", "Tests.List()"), clean)
                .reported_as(Severity::Info),
            Case::new(&PQ_18, || edit("ButtonText = { Extension.LoadString(\"ButtonTitle\"), Extension.LoadString(\"ButtonHelp\") },", ""), clean),
            Case::new(&PQ_18, || edit("Category = \"Other\",", ""), clean).reported_as(Severity::Warning),
            Case::new(&PQ_18, clean, || edit("Category = \"Other\"", "Category = \"Database\""))
                .reported_as(Severity::Info),
            Case::new(&PQ_19, || edit("Beta = true", "Beta = \"true\""), clean),
            Case::new(&PQ_20, || edit("SourceImage = HelloWorld.Icons", "SourceImage = Icons.Make()"), clean),
            Case::new(&PQ_20, || edit(", Extension.Contents(\"HelloWorld24.png\")", ""), clean),
            Case::new(&PQ_21, || without("HelloWorld48.png"), clean),
            Case::new(&PQ_21, || edit("Extension.Contents(\"HelloWorld48.png\")", "Extension.Contents(\"helloworld48.png\")"), clean)
                .reported_as(Severity::Warning),
            Case::new(&PQ_22, || replacing("HelloWorld40.png", &icon(41)), clean),
            Case::new(&PQ_22, || replacing("HelloWorld40.png", b"GIF89a not a png"), clean),
            Case::new(&PQ_23, || replacing("resources.resx", b"<root><data name=\"a\">"), clean),
            Case::new(&PQ_23, || edit("Extension.LoadString(\"ButtonHelp\")", "Extension.LoadString(\"NoSuchKey\")"), clean),
            Case::new(&PQ_24, || replacing("resources.resx", RESX.replacen("Hello World</value>", "See https://example.com</value>", 1).as_bytes()), clean),
            Case::new(&PQ_25, || edit("Documentation.LongDescription = \"Returns a greeting.\",", ""), clean),
            Case::new(&PQ_25, || edit("Documentation.FieldCaption = \"Message\",", ""), clean),
            Case::new(&PQ_26, || edit("HelloWorldImpl = (", "shared HelloWorldImpl = ("), clean),
            Case::new(&PQ_27, || edit("section HelloWorld;", "section HelloWorldConnector;"), clean),
            Case::new(&PQ_27, || replacing("resources.resx", RESX.replacen("Hello World</value>", "Hello World Power BI</value>", 1).as_bytes()), clean),
            Case::new(&PQ_28, || edit("greeting = if", "greeting = Expression.Evaluate(Web.Contents(\"https://x\"), #shared) & if"), clean),
            Case::new(&PQ_28, || edit("LoadModule(\"Helpers.pqm\")", "LoadModule(\"Helpers.\" & \"pqm\")"), clean),
            Case::new(&PQ_29, || edit("EnableTraceOutput = false", "EnableTraceOutput = true"), clean),
            Case::new(&PQ_29, || edit("greeting = if", "greeting = Diagnostics.Trace(TraceLevel.Information, \"m\", () => 1, true) & if"), clean)
                .reported_as(Severity::Info),
            Case::new(&PQ_30, || edit("BaseUrl = \"https://", "BaseUrl = \"http://"), clean),
            Case::new(&PQ_30, || edit("    ]))\n    as table meta", "    ]), optional url as text)\n    as table meta"), clean)
                .reported_as(Severity::Warning),
            Case::new(&PQ_30, || edit("LearnMoreUrl = \"https://", "LearnMoreUrl = \"http://"), clean)
                .reported_as(Severity::Info),
            Case::new(
                &PQ_31,
                || edit("greeting = if", "c = Extension.CurrentCredential()[Key], r = Web.Contents(BaseUrl, [Query = [key = c]]), greeting = if"),
                || edit("greeting = if", "c = Extension.CurrentCredential()[Key], r = Web.Contents(BaseUrl, [CredentialQueryString = [key = c]]), greeting = if"),
            ),
            Case::new(&PQ_31, || edit("greeting = if", "c = Extension.CurrentCredential(), greeting = if"), clean)
                .reported_as(Severity::Info),
            Case::new(&PQ_32, || with(&[("client_secret", b"s3cr3t")]), clean),
            Case::new(&PQ_32, || edit("BaseUrl = ", "client_secret = \"s3cr3t\";\nBaseUrl = "), clean),
            Case::new(&PQ_33, || with(&[("HelloWorld.query.pq", b"HelloWorld.Contents()")]), clean),
            Case::new(&PQ_34, || with(&[("[Content_Types].xml", b"<Types/>")]), clean),
            Case::new(&PQ_35, || run(&files(PQ), "HelloWorld.pqx"), clean),
            // the `.pqm` modules: the rules that read calls, literals and tokens
            Case::new(
                &PQ_07,
                || unloaded("Diagnostics.Trace(TraceLevel.Information, \"m\", \"\", true)"),
                || unloaded("\"!\""),
            )
            .reported_as(Severity::Info),
            Case::new(&PQ_12, || edit_module("as text => text", "as text => \"text"), clean),
            Case::new(&PQ_12, || edit_module("Greet = ", "Greet = (1]) & "), clean),
            Case::new(&PQ_12, || replacing("Helpers.pqm", &utf16(HELPERS)), clean),
            Case::new(&PQ_21, || greet("Text.FromBinary(Extension.Contents(\"Missing.txt\"))"), || greet("Text.FromBinary(Extension.Contents(\"HelloWorld16.png\"))")),
            Case::new(&PQ_21, || without("Helpers.pqm"), clean),
            Case::new(&PQ_23, || greet("Extension.LoadString(\"NoSuchKey\")"), || greet("Extension.LoadString(\"ButtonTitle\")")),
            Case::new(
                &PQ_28,
                || greet("Expression.Evaluate(Text.FromBinary(Web.Contents(\"https://x\")), #shared)"),
                || greet("Expression.Evaluate(Text.FromBinary(Extension.Contents(\"Helpers.pqm\")), #shared)"),
            ),
            Case::new(&PQ_29, || greet("Diagnostics.Trace(TraceLevel.Information, \"m\", \"\", true)"), clean)
                .reported_as(Severity::Info),
            Case::new(&PQ_30, || greet("Text.FromBinary(Web.Contents(\"http://example.com/\"))"), || greet("Text.FromBinary(Web.Contents(\"https://example.com/\"))")),
            Case::new(&PQ_30, || greet("\"http://example.com/\""), || greet("\"https://example.com/\""))
                .reported_as(Severity::Warning),
            Case::new(&PQ_30, || replacing("Helpers.pqm", b"\"http://example.com/\""), || replacing("Helpers.pqm", b"\"https://example.com/\"")),
            Case::new(
                &PQ_30,
                || edit("    ]))\n    as table meta", "    ]), optional url as text)\n    as table meta"),
                || {
                    // the scheme is checked in a module the section document loads
                    let pq = PQ.replacen("    ]))\n    as table meta", "    ]), optional url as text)\n    as table meta", 1)
                        + "\nCheckUrl = LoadModule(\"Urls.pqm\");\n";
                    let mut f = files(&pq);
                    f.push(("Urls.pqm".to_owned(), b"(url as text) => Uri.Parts(url)[Scheme] = \"https\"".to_vec()));
                    run(&f, "HelloWorld.mez")
                },
            )
            .reported_as(Severity::Warning),
            Case::new(
                &PQ_31,
                || greet("Text.FromBinary(Web.Contents(\"https://x\", [Query = [key = Extension.CurrentCredential()[Key]]]))"),
                || greet("Text.FromBinary(Web.Contents(\"https://x\", [CredentialQueryString = [key = Extension.CurrentCredential()[Key]]]))"),
            ),
            Case::new(&PQ_31, || greet("Extension.CurrentCredential()[Key]"), clean)
                .reported_as(Severity::Info),
            Case::new(
                &PQ_32,
                || edit_module("Greet = ", "client_secret = \"s3cr3t\",\n    Greet = "),
                || edit_module("Greet = ", "client_id = \"contoso\",\n    Greet = "),
            ),
        ]
    }

    /// `text` as UTF-16 with its byte-order mark.
    fn utf16(text: &str) -> Vec<u8> {
        let mut b = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        b
    }

    #[test]
    fn the_clean_sample_has_no_errors_or_warnings() {
        let d = clean();
        let loud: Vec<_> = d
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .map(|d| format!("{} {} {}", d.code, d.location, d.message))
            .collect();
        assert!(loud.is_empty(), "{loud:#?}");
    }

    #[test]
    fn findings_are_placed_in_the_section_document() {
        let d = edit("\"1.0.0\"", "\"1.0\"");
        let f = d.iter().find(|d| d.code == "PQ-13").unwrap();
        let file = f.location.file.as_deref().unwrap();
        assert!(file.ends_with("HelloWorld.mez!/HelloWorld.pq"), "{file}");
        let line = PQ.lines().position(|l| l.contains("Version")).unwrap() + 1;
        assert_eq!(f.location.line, Some(u32::try_from(line).unwrap()));
        assert_eq!(f.location.column, Some(2));
    }

    #[test]
    fn module_findings_are_placed_in_the_module() {
        let in_module = |d: &Diagnostic| {
            d.location
                .file
                .as_deref()
                .is_some_and(|f| f.ends_with("HelloWorld.mez!/Helpers.pqm"))
        };
        for (code, d) in [
            ("PQ-07", unloaded("Extension.CurrentCredential()[Key]")),
            ("PQ-12", edit_module("as text => text", "as text => \"text")),
            (
                "PQ-21",
                greet("Text.FromBinary(Extension.Contents(\"Missing.txt\"))"),
            ),
            ("PQ-23", greet("Extension.LoadString(\"NoSuchKey\")")),
            ("PQ-28", greet("Expression.Evaluate(\"1\", #shared)")),
            (
                "PQ-29",
                greet("Diagnostics.Trace(TraceLevel.Information, \"m\", \"\", true)"),
            ),
            ("PQ-30", greet("\"http://example.com/\"")),
            ("PQ-31", greet("Extension.CurrentCredential()[Key]")),
            (
                "PQ-32",
                edit_module("Greet = ", "client_secret = \"s3cr3t\",\n    Greet = "),
            ),
        ] {
            let found: Vec<_> = d.iter().filter(|d| d.code == code).collect();
            assert!(!found.is_empty(), "{code}: {d:?}");
            assert!(found.iter().all(|d| in_module(d)), "{code}: {found:?}");
            assert!(
                found
                    .iter()
                    .all(|d| d.location.line.is_some() && d.location.column.is_some()),
                "{code}: {found:?}"
            );
        }
        // a module is an expression: never "not a section document", and the
        // section document's rules stay with the section document
        let d = replacing("Helpers.pqm", b"let a = 1 in a");
        assert!(!d.iter().any(in_module), "{d:?}");
    }

    #[test]
    fn a_module_finding_points_at_its_source_line() {
        // what the CLI's snippet shows: the line of the report path, at the column
        let module = HELPERS.replacen(
            "as text => text",
            "as text => text & Text.FromBinary(Web.Contents(\"http://example.com/\"))",
            1,
        );
        let mut f = files(PQ);
        f.retain(|(n, _)| n != "Helpers.pqm");
        f.push(("Helpers.pqm".to_owned(), module.as_bytes().to_vec()));
        let entries: Vec<(&str, &[u8])> =
            f.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("HelloWorld.mez");
        std::fs::write(&path, crate::example::zip_of(&entries)).unwrap();
        let report = crate::check::check_path(&path, &Default::default()).unwrap();
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.code == "PQ-30" && d.severity == Severity::Error)
            .unwrap_or_else(|| panic!("{:?}", report.diagnostics));
        let file = d.location.file.as_deref().unwrap();
        assert!(file.ends_with("HelloWorld.mez!/Helpers.pqm"), "{file}");
        let (line, column) = (d.location.line.unwrap(), d.location.column.unwrap());
        assert_eq!(line, 2);
        let bytes = crate::read::read_vpath(file, 1 << 20).unwrap();
        assert_eq!(bytes, module.as_bytes());
        let text = String::from_utf8(bytes).unwrap();
        let at: String = text
            .lines()
            .nth(line as usize - 1)
            .unwrap()
            .chars()
            .skip(column as usize - 1)
            .collect();
        assert!(at.starts_with("\"http://example.com/\""), "{at}");
    }

    #[test]
    fn banned_words_are_whole_words() {
        assert_eq!(banned_word("HelloWorldConnector"), Some("Connector"));
        assert_eq!(banned_word("GitHubAPI.Contents"), Some("API"));
        assert_eq!(banned_word("Contoso for Power BI"), Some("Power BI"));
        assert_eq!(banned_word("PowerBIThing"), Some("Power BI"));
        assert_eq!(banned_word("Rapid"), None);
        assert_eq!(banned_word("Capital"), None);
        assert_eq!(banned_word("Exasol.Database"), None);
    }

    #[test]
    fn versions_are_three_numbers() {
        assert_eq!(parse_version("1.2.3"), Some((1, 2, 3)));
        for bad in ["1.2", "1.2.3.4", "v1.2.3", "1..3", "1.2.x", ""] {
            assert_eq!(parse_version(bad), None, "{bad}");
        }
    }
}
