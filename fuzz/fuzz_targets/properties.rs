//! The bytes as `apiProperties.json` of the example connector source folder, checked
//! with `check::check_path` (every rule that reads the properties, and the cross
//! checks with the swagger, icon and README).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    certpack_fuzz::check_connector_with("apiProperties.json", data);
});
