use super::*;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/pq/HelloWorld"
);

/// The fixture folder as `.mez` entries (sorted, flat).
fn fixture_files() -> Vec<(String, Vec<u8>)> {
    crate::example::folder_entries(std::path::Path::new(FIXTURE)).unwrap()
}

fn read(files: &[(String, Vec<u8>)]) -> (PqConnector, Vec<Diagnostic>) {
    let f: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let bytes = crate::example::zip_of(&f);
    let mut a = Archive::open_bytes(bytes, "HelloWorld.mez", Limits::default()).unwrap();
    let mut sink = Sink::new();
    let c = from_archive(&mut sink, &mut a);
    (c, sink.into_diagnostics())
}

#[test]
fn the_sample_reads_into_the_model() {
    let (c, d) = read(&fixture_files());
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(c.section_documents, ["HelloWorld.pq"]);
    assert_eq!(c.modules, ["Helpers.pqm"]);
    assert_eq!(c.icons.len(), 8);
    assert!(c.icons.iter().all(|i| i.size.is_some()));
    let doc = c.document.as_ref().unwrap();
    assert_eq!(doc.vpath, "HelloWorld.mez!/HelloWorld.pq");
    assert_eq!(doc.section_name.as_deref(), Some("HelloWorld"));
    assert_eq!(
        doc.version.as_ref().map(|v| v.0.clone()),
        Some(Literal::Text("1.0.0".into()))
    );
    assert_eq!(doc.kinds.len(), 1);
    let k = &doc.kinds[0];
    assert_eq!(k.name, "HelloWorld");
    assert_eq!(
        k.authentication.as_ref().unwrap()[0].name,
        "Anonymous".to_owned()
    );
    assert_eq!(
        k.test_connection.as_ref().unwrap().target.as_deref(),
        Some("HelloWorld.Contents")
    );
    assert_eq!(k.label, Some(Literal::Resource("DataSourceLabel".into())));
    let p = &doc.publish[0];
    assert_eq!(
        p.beta.as_ref().map(|b| b.0.clone()),
        Some(Literal::Logical(true))
    );
    assert_eq!(
        p.category.as_ref().map(|b| b.0.clone()),
        Some(Literal::Text("Other".into()))
    );
    let icons = p.source_image.as_ref().unwrap();
    assert_eq!(
        icons.icon32.as_ref().unwrap()[3].as_deref(),
        Some("HelloWorld64.png")
    );
    let f = &doc.functions[0];
    assert_eq!(f.name, "HelloWorld.Contents");
    assert_eq!(f.kind.as_deref(), Some("HelloWorld"));
    assert_eq!(
        f.docs,
        Docs::Found {
            name: true,
            long_description: true
        }
    );
    assert_eq!(
        f.params,
        [Param {
            name: "message".into(),
            type_name: Some("text".into()),
            optional: true,
            caption: true,
            path_excluded: false
        }]
    );
    assert_eq!(
        c.resx.as_ref().unwrap().get("ButtonTitle"),
        Some("Hello World")
    );
    // line:column of a member, counted in characters
    let m = doc.member("HelloWorld.Publish").unwrap();
    let at = doc.at(doc.offset(m.name_token));
    let line = doc
        .text
        .lines()
        .position(|l| l.starts_with("HelloWorld.Publish"))
        .unwrap()
        + 1;
    assert_eq!(
        (at.line, at.column),
        (Some(u32::try_from(line).unwrap()), Some(1))
    );
}

#[test]
fn modules_are_read_as_expressions() {
    let (c, d) = read(&fixture_files());
    assert!(d.is_empty(), "{d:?}");
    let names: Vec<_> = c.module_documents.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Helpers.pqm"]);
    let m = &c.module_documents[0];
    assert!(m.is_module);
    assert_eq!(m.vpath, "HelloWorld.mez!/Helpers.pqm");
    assert!(m.section.issues.is_empty() && m.section.members.is_empty());
    assert!(m.scanned.issues.is_empty(), "{:?}", m.scanned.issues);
    assert!(m.section_name.is_none() && m.functions.is_empty());
    // a module's calls, at their line and column, judged over the whole module
    let module = "// helpers\n[\n  Get = (p) => Web.Contents(\"https://x/\" & p),\n  Key = Extension.LoadString(\"K\")\n]";
    let mut files = fixture_files();
    files.push(("\u{e9}t\u{e9}.pqm".into(), b"\xEF\xBB\xBF1".to_vec()));
    files.push(("More.pqm".into(), module.as_bytes().to_vec()));
    let (c, _) = read(&files);
    let m = c
        .module_documents
        .iter()
        .find(|m| m.name == "More.pqm")
        .unwrap();
    let calls: Vec<_> = m
        .calls
        .iter()
        .map(|c| (c.function.as_str(), c.literal.as_deref(), c.member))
        .collect();
    assert_eq!(
        calls,
        [
            ("Web.Contents", None, None),
            ("Extension.LoadString", Some("K"), None)
        ]
    );
    let at = m.at(m.calls[0].offset);
    assert_eq!((at.line, at.column), (Some(3), Some(16)));
    assert_eq!(m.scope_of(m.calls[0].token), Some(0..m.tokens().len()));
    // a BOM is dropped, a non-ASCII name kept
    let e = c
        .module_documents
        .iter()
        .find(|m| m.name.starts_with('\u{e9}'))
        .unwrap();
    assert_eq!(e.text, "1");
    assert!(e.encoding_issue.is_none());
}

#[test]
fn a_module_past_the_archive_limits_is_a_zip_finding() {
    let big = format!("\"{}\"", "a".repeat(4000));
    let bytes = crate::example::zip_of(&[("S.pq", b"section S;"), ("Big.pqm", big.as_bytes())]);
    // the archive's running total of inflated bytes, which every read is held to
    let limits = Limits {
        max_inflated: 1000,
        ..Limits::default()
    };
    let mut a = Archive::open_bytes(bytes, "S.mez", limits).unwrap();
    let mut sink = Sink::new();
    let c = from_archive(&mut sink, &mut a);
    assert_eq!(c.modules, ["Big.pqm"]);
    assert!(c.module_documents.is_empty());
    let d = sink.into_diagnostics();
    assert!(
        d.iter()
            .any(|d| d.code == "ZIP-02" && d.location.file.as_deref() == Some("S.mez!/Big.pqm")),
        "{d:?}"
    );
}

#[test]
fn data_source_path_false_is_read_on_parameter_types() {
    let pq = r#"section S;
[DataSource.Kind = "S"]
shared S.Contents = Value.ReplaceType(Impl, SType);
SType = type function (
    server as (type text meta [Documentation.FieldCaption = "Server"]),
    database as (type text meta [DataSource.Path = false, Documentation.FieldCaption = "Database"]),
    region as RegionType,
    kept as (type text meta [DataSource.Path = true]),
    said as (type text meta [DataSource.Path = "false"]),
    optional options as (type record meta [DataSource.Path = false])
) as table meta [Documentation.Name = "S"];
RegionType = type text meta [DataSource.Path = false];
Impl = (server as text, database as text, region as text, kept as text, said as text, optional options as record) => #table({}, {});
[DataSource.Kind = "S"]
shared S.Direct = (server as text, optional x as text) => server;
"#;
    let (c, _) = read(&[("S.pq".to_owned(), pq.as_bytes().to_vec())]);
    let doc = c.document.unwrap();
    let of = |name: &str| {
        doc.functions
            .iter()
            .find(|f| f.name == name)
            .unwrap()
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.path_excluded, p.in_path()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        of("S.Contents"),
        [
            ("server", false, true),
            ("database", true, false),
            ("region", true, false),
            ("kept", false, true),
            ("said", false, true),
            ("options", true, false)
        ]
    );
    assert_eq!(
        of("S.Direct"),
        [("server", false, true), ("x", false, false)]
    );
}

#[test]
fn a_bom_and_a_legacy_m_name_are_read() {
    let mut files = fixture_files();
    for f in &mut files {
        if f.0 == "HelloWorld.pq" {
            f.0 = "HelloWorld.m".into();
            let mut b = b"\xEF\xBB\xBF".to_vec();
            b.extend_from_slice(&f.1);
            f.1 = b;
        }
    }
    let (c, _) = read(&files);
    let doc = c.document.unwrap();
    assert_eq!(doc.name, "HelloWorld.m");
    assert!(doc.encoding_issue.is_none());
    assert_eq!(doc.section_name.as_deref(), Some("HelloWorld"));
    assert_eq!(doc.at(0).line, Some(1));
}

#[test]
fn utf16_is_decoded_and_said() {
    let mut b = vec![0xFF, 0xFE];
    for u in "section S;".encode_utf16() {
        b.extend_from_slice(&u.to_le_bytes());
    }
    let (text, issue) = decode(&b);
    assert_eq!(text, "section S;");
    assert!(issue.unwrap().contains("UTF-16"));
}

fn codes_of(pq: &[u8]) -> (Vec<String>, std::time::Duration) {
    let start = std::time::Instant::now();
    let (c, mut d) = read(&[("Hostile.pq".to_owned(), pq.to_vec())]);
    let mut sink = Sink::new();
    crate::rules::pq::check(&mut sink, &c);
    d.extend(sink.into_diagnostics());
    (d.into_iter().map(|d| d.code).collect(), start.elapsed())
}

#[test]
fn hostile_documents_are_bounded_and_coded() {
    let long_line = format!("section S; x = \"{}\";", "a".repeat(10 << 20));
    let nested = format!(
        "section S; x = {}1{};",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let open = format!("section S; x = {}", "{(".repeat(100_000));
    let cases: Vec<(&str, Vec<u8>, Option<&str>)> = vec![
        ("10 MB on one line", long_line.into_bytes(), None),
        ("100,000 nested brackets", nested.into_bytes(), None),
        (
            "200,000 brackets never closed",
            open.into_bytes(),
            Some("PQ-12"),
        ),
        (
            "an unterminated string",
            b"section S; x = \"never closed;".to_vec(),
            Some("PQ-12"),
        ),
        (
            "an unterminated comment",
            b"section S; x = 1; /* never closed".to_vec(),
            Some("PQ-12"),
        ),
        (
            "operators only",
            "=>;".repeat(1 << 20).into_bytes(),
            Some("PQ-12"),
        ),
    ];
    for (what, bytes, want) in cases {
        let (codes, took) = codes_of(&bytes);
        if let Some(w) = want {
            assert!(codes.iter().any(|c| c == w), "{what}: {codes:?}");
        }
        assert!(
            took < std::time::Duration::from_secs(30),
            "{what} took {took:?}"
        );
    }
}

#[test]
fn hostile_modules_are_bounded() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "10 MB on one line",
            format!("\"{}\"", "a".repeat(10 << 20)).into_bytes(),
        ),
        (
            "100,000 nested brackets",
            format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
        ),
        (
            "200,000 brackets never closed",
            "{(".repeat(100_000).into_bytes(),
        ),
        ("operators only", "=>;".repeat(1 << 20).into_bytes()),
    ];
    for (what, bytes) in cases {
        let start = std::time::Instant::now();
        let (c, _) = read(&[
            ("S.pq".to_owned(), b"section S;".to_vec()),
            ("Hostile.pqm".to_owned(), bytes),
        ]);
        let mut sink = Sink::new();
        crate::rules::pq::check(&mut sink, &c);
        let took = start.elapsed();
        assert_eq!(c.module_documents.len(), 1, "{what}");
        // never "not a section document"
        assert!(
            !sink
                .diagnostics()
                .iter()
                .any(|d| d.message.contains("section document")
                    && d.location
                        .file
                        .as_deref()
                        .is_some_and(|f| f.ends_with(".pqm"))),
            "{what}: {:?}",
            sink.diagnostics()
        );
        assert!(
            took < std::time::Duration::from_secs(30),
            "{what} took {took:?}"
        );
    }
}

#[test]
fn a_zip_bomb_mez_is_a_zip_finding() {
    // 64 MiB of zeros deflate far past the ratio limit
    let mut w = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = ::zip::write::SimpleFileOptions::default()
        .compression_method(::zip::CompressionMethod::Deflated);
    w.start_file("Bomb.pq", o).unwrap();
    std::io::Write::write_all(&mut w, &vec![b' '; 64 << 20]).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Bomb.mez");
    std::fs::write(&path, bytes).unwrap();
    let loaded = load(&path, Limits::default()).unwrap();
    assert!(loaded.connector.is_none());
    let codes: Vec<_> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["ZIP-02"]);
    assert!(load(&dir.path().join("missing.mez"), Limits::default()).is_err());
}

#[test]
fn the_sample_gives_the_facts_its_article_is_drafted_from() {
    let (c, _) = read(&fixture_files());
    let f = c.doc_facts().expect("a section document");
    assert_eq!(f.name, "HelloWorld");
    assert_eq!(f.auth_kinds, ["Anonymous"]);
    assert!(f.beta);
    assert_eq!(f.version.as_deref(), Some("1.0.0"));
    let label = c
        .resx
        .as_ref()
        .and_then(|r| r.get("DataSourceLabel"))
        .map(str::to_owned);
    assert!(label.is_some());
    assert_eq!(f.label, label, "the label is read through resources.resx");
    let function = f.function.expect("the data source function");
    assert_eq!(function.name, "HelloWorld.Contents");
    assert_eq!(
        function.parameters,
        [("message".to_owned(), "text".to_owned(), true)]
    );
    // the drafted article passes its own checks but for its TODOs
    let article =
        super::docs::draft_article(&c.doc_facts().unwrap(), jiff::civil::date(2026, 12, 4));
    let mut sink = crate::rules::Sink::new();
    super::docs::check_article(
        &mut sink,
        "hello-world.md",
        &article,
        c.doc_facts().as_ref(),
    );
    let codes: Vec<_> = sink.diagnostics().iter().map(|d| d.code.as_str()).collect();
    assert!(codes.iter().all(|c| *c == "PQ-41"), "{codes:?}");
}
