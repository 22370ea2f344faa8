//! Power Query: the bytes as the section document of a `.mez` and as its `.pqm`
//! module, beside the SDK-shaped sample's other files (`pq::from_archive`: the M scanner, the model; then every PQ
//! rule), and the same text as a documentation article (`pq::docs::check_article`).
#![no_main]

use std::sync::LazyLock;

use certpack_core::example;
use certpack_core::pq;
use certpack_core::read::zip::{Archive, Limits};
use certpack_core::rules::Sink;
use libfuzzer_sys::fuzz_target;

/// The sample's files but its section document and its module.
static OTHERS: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/pq/HelloWorld");
    let mut files = example::folder_entries(&dir).expect("the sample");
    files.retain(|(n, _)| n != "HelloWorld.pq" && n != "Helpers.pqm");
    files
});

fuzz_target!(|data: &[u8]| {
    let mut list: Vec<(&str, &[u8])> = OTHERS.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    list.push(("HelloWorld.pq", data));
    list.push(("Helpers.pqm", data));
    let zip = example::zip_of(&list);
    if let Ok(mut a) = Archive::open_bytes(zip, "HelloWorld.mez", Limits::default()) {
        let mut sink = Sink::new();
        let c = pq::from_archive(&mut sink, &mut a);
        certpack_core::rules::pq::check(&mut sink, &c);
        let facts = c.doc_facts();
        let text = String::from_utf8_lossy(data);
        pq::docs::check_article(&mut sink, "hello-world.md", &text, facts.as_ref());
        let _ = sink.into_diagnostics();
    }
});
