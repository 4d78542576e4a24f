//! Where juri keeps what belongs to a session: the backup, journal, PIN, lock and temporary files beside it.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};

// ---------------------------------------------------------------------------------------------
// Paths

/// `PATH` with `suffix` appended to its full file name: `day1.json` -> `day1.json.bak`.
pub(super) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s: OsString = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Where `save` keeps the previous version of `path`: `NAME.bak`.
pub fn bak_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
}

/// The audit journal of `path`: `NAME.audit.jsonl`, one event per line, only ever appended to.
pub fn journal_path(path: &Path) -> PathBuf {
    with_suffix(path, ".audit.jsonl")
}

/// The session's current PIN hashes, as of its last PIN change: `NAME.pins` (see [`keep_pins`]).
pub fn pins_path(path: &Path) -> PathBuf {
    with_suffix(path, ".pins")
}

/// The lock file of `path`: `NAME.lock`.
pub fn lock_path(path: &Path) -> PathBuf {
    with_suffix(path, ".lock")
}

/// The backup of `path`, if there is one.
pub fn read_bak(path: &Path) -> Option<PathBuf> {
    let bak = bak_path(path);
    bak.is_file().then_some(bak)
}

/// The folder that holds `path` ("." for a bare file name).
pub(super) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A hidden, unique name in the folder of `path`: `.NAME.KIND-PID-N`.
pub(super) fn temp_path(path: &Path, kind: &str) -> PathBuf {
    pub(super) static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "session".into());
    // A random part too: a temp file left by a killed juri may carry a pid that is reused.
    let salt = &crate::model::random_id()[..8];
    folder_of(path).join(format!(".{name}.{kind}-{}-{n}-{salt}", std::process::id()))
}

/// The folder for sessions: `JURI_HOME` if set, else the platform's data folder
/// (`~/.local/share/juri` on Linux). Created if missing.
pub fn data_dir() -> Result<PathBuf> {
    data_dir_from(std::env::var_os("JURI_HOME"))
}

pub(super) fn data_dir_from(juri_home: Option<OsString>) -> Result<PathBuf> {
    let dir = match juri_home {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => directories::ProjectDirs::from("", "", "juri")
            .map(|d| d.data_dir().to_path_buf())
            .ok_or_else(|| {
                Error::usage(
                    "no home folder is known, so juri has no data folder: set JURI_HOME to a folder",
                )
            })?,
    };
    if !dir.is_dir() {
        let mut b = fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(&dir).map_err(|e| Error::io("create", &dir, e))?;
    }
    Ok(dir)
}
