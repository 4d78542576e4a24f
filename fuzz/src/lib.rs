//! Shared code of the fuzz targets: the checks live in `checks.rs`, which
//! `tests/fuzz_regressions.rs` includes too, so that `cargo test` replays crash inputs through
//! the very same calls.

pub mod checks;
