//! The CSV importers: the input is split at the first two 0x1E bytes into an entries file, a
//! jurors file and a scores file, which go through `read_entries`, `read_jurors` and
//! `import_scores` on a small fixed session (see `checks::check_csv`). Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = juri_fuzz::checks::check_csv(data);
});
