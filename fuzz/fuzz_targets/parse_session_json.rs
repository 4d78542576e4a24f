//! `serde_json::from_slice::<juri::model::Session>` then validate, standings and verify: the
//! loader's checks without the file I/O, so it runs faster than `load_session`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = juri_fuzz::checks::parse_json(data);
});
