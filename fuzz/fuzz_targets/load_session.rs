//! `juri::store::load` on arbitrary bytes written to a file: it must never panic, and a session
//! that loads must be valid, rankable, verifiable and savable (see `checks::check_loaded`).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn temp_file() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("juri-fuzz-load-{}.json", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let _ = juri_fuzz::checks::load_bytes(temp_file(), data);
});
