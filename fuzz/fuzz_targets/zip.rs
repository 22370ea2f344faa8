//! A zip (any kind of target: upload, package, solution): `check_path` on the bytes
//! written to a file (detection, nested zips, package and solution rules, every
//! connector found), then the reader itself: `Archive::open_bytes`, every entry read,
//! nested zips opened, and `inventory::inventory_archive`.
#![no_main]

use certpack_core::check::CheckOptions;
use certpack_core::read::zip::{Archive, Limits};
use libfuzzer_sys::fuzz_target;

/// Most archives opened by the walk below per input.
const MAX_ARCHIVES: usize = 64;

fn walk(a: &mut Archive, opened: &mut usize) {
    let _ = a.root_dirs();
    let _ = a.root_files();
    let entries = a.entries().to_vec();
    for e in &entries {
        let _ = a.find(&e.name);
        let _ = a.find_ignore_case(&e.name);
        if e.is_dir {
            continue;
        }
        if let Ok(bytes) = a.read(e, 1 << 20) {
            assert_eq!(bytes.len() as u64, e.size, "read returns the declared size");
        }
        if e.name.to_ascii_lowercase().ends_with(".zip") && *opened < MAX_ARCHIVES {
            *opened += 1;
            if let Ok(mut inner) = a.open_nested(e) {
                walk(&mut inner, opened);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let path = certpack_fuzz::scratch_file("input.zip", data);
    let opts = CheckOptions {
        plugin: data.len() % 2 == 1,
        ..CheckOptions::default()
    };
    certpack_fuzz::check_and_serialise(&path, &opts);

    if let Ok(mut a) = Archive::open_bytes(data.to_vec(), "fuzz.zip", Limits::default()) {
        let mut opened = 1;
        walk(&mut a, &mut opened);
    }
    if let Ok(mut a) = Archive::open_bytes(data.to_vec(), "fuzz.zip", Limits::default()) {
        let _ = certpack_core::inventory::inventory_archive(&mut a, &mut |_| {});
    }
});
