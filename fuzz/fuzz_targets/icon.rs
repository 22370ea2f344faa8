//! The icon rules (ICN-01…05) on the bytes: `rules::content::icon::check_png`, with
//! no brand colour, white (banned) and a malformed one.
#![no_main]

use certpack_core::connector::FileData;
use certpack_core::rules::Sink;
use certpack_core::rules::content::icon;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = FileData {
        vpath: "connector/icon.png".into(),
        bytes: data.to_vec(),
    };
    for brand in [None, Some("#FFFFFF"), Some("#ü12")] {
        let mut sink = Sink::new();
        icon::check_png(&mut sink, &file, brand);
        let _ = sink.into_diagnostics();
    }
});
