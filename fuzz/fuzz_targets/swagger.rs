//! The bytes as `apiDefinition.swagger.json` of the example connector source folder,
//! checked with `check::check_path` (every content rule family).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    certpack_fuzz::check_connector_with("apiDefinition.swagger.json", data);
});
