//! The custom code rules (CSX) on the bytes as `script.csx`:
//! `rules::content::script::check`, and the secret scan every file gets
//! (`rules::content::secrets::scan_file`, with and without a typed client secret).
#![no_main]

use std::sync::LazyLock;

use certpack_core::ClientSecret;
use certpack_core::connector::FileData;
use certpack_core::rules::Sink;
use certpack_core::rules::content::{script, secrets};
use libfuzzer_sys::fuzz_target;

static SECRET: LazyLock<ClientSecret> =
    LazyLock::new(|| ClientSecret::new("s3cr3t~Value.With-Sym_bols".into()));

fuzz_target!(|data: &[u8]| {
    let file = FileData {
        vpath: "connector/script.csx".into(),
        bytes: data.to_vec(),
    };
    let mut sink = Sink::new();
    script::check(&mut sink, &file);
    secrets::scan_file(&mut sink, &file.vpath, data, None);
    secrets::scan_file(&mut sink, &file.vpath, data, Some(&SECRET));
    let _ = sink.into_diagnostics();
});
