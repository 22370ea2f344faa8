//! The bytes as a draft (`*.certpack.json`): `draft::load`, then what the apps do with
//! a loaded draft that reads no file it names: the Partner Center form rules, the
//! sheet, overrides validation, path resolution, and save → load, which must give the
//! same draft back. (`check_submission` and `summary::connector_summary` are left
//! out: they would read whatever paths the input names.)
#![no_main]

use certpack_core::draft;
use certpack_core::rules::Sink;
use certpack_core::rules::form::{self, FormContext};
use libfuzzer_sys::fuzz_target;

/// A fixed "now" (2026-01-01T00:00:00Z) so SAS expiry findings are reproducible.
const NOW: i64 = 1_767_225_600;

fuzz_target!(|data: &[u8]| {
    let path = certpack_fuzz::scratch_file("fuzz.certpack.json", data);
    let Ok(mut sub) = draft::load(&path) else {
        return;
    };

    let saved = certpack_fuzz::scratch().join("saved.certpack.json");
    draft::save(&saved, &sub).expect("a loaded draft can be saved");
    let back = draft::load(&saved).expect("a saved draft loads again");
    assert_eq!(back, sub, "save then load gives the draft back");

    for oauth in [None, Some(true), Some(false)] {
        let ctx = FormContext {
            oauth,
            now_unix: NOW,
            ..FormContext::default()
        };
        let mut sink = Sink::new();
        form::check(&mut sink, &sub, None, &ctx);
        let _ = sink.into_diagnostics();
    }
    for o in &sub.overrides {
        let _ = certpack_core::overrides::validate(o);
    }
    let _ = certpack_core::sheet::rows(&sub, None, false);
    let _ = certpack_core::sheet::markdown(&sub, None, true);

    draft::resolve_paths(&mut sub, &path);
    let _ = draft::missing_files(&sub);
});
