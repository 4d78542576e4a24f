//! What the integration tests share. Each test file uses a part of it.
//!
//! - [`sandbox`]: a temporary folder with its own data folder (`JURI_HOME`) where the real
//!   `juri` binary runs, and what one run did (exit code, stdout, stderr).
//! - [`pty`]: juri in a pseudo-terminal of its own, its screen read through vt100.
//! - [`app`]: the demo session and an `App` on it at a fixed time, for the screens without a
//!   terminal.
//! - [`BIN`], [`fixture!`] and [`fixtures`]: the binary under test and the files in `fixtures/`.
#![allow(dead_code)]

/// The absolute path of a file in `fixtures/`, as a `&'static str`.
macro_rules! fixture {
    ($name:literal) => {
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/", $name)
    };
}
#[allow(unused_imports)] // Not every test file names a fixture by hand.
pub(crate) use fixture;

pub mod app;
pub mod pty;
pub mod sandbox;
pub mod ssh;

/// The `juri` binary built for this test run.
pub const BIN: &str = env!("CARGO_BIN_EXE_juri");

/// The files in `fixtures/`.
pub mod fixtures {
    use std::path::{Path, PathBuf};

    /// The demo entries, jurors and scores (absolute paths, usable as command-line arguments).
    pub const ENTRIES: &str = fixture!("demo-entries.csv");
    pub const JURORS: &str = fixture!("demo-jurors.csv");
    pub const SCORES: &str = fixture!("demo-scores.csv");

    /// The checkout (where `fixtures/` and `fuzz/` are).
    pub fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    /// The `fixtures/` folder.
    pub fn dir() -> PathBuf {
        root().join("fixtures")
    }

    /// The absolute path of `fixtures/NAME`.
    pub fn path(name: impl AsRef<Path>) -> PathBuf {
        dir().join(name)
    }
}
