//! The OS lock on NAME.lock that keeps a second juri off a session being changed.

use std::fs::{self, File};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

use super::*;

// ---------------------------------------------------------------------------------------------
// Locking

/// An exclusive OS lock on a session's `NAME.lock`, released (and the file removed) on drop.
///
/// The OS drops the lock when the process ends in any way, so a lock file left behind by a
/// killed juri holds nothing and is simply taken over.
#[derive(Debug)]
pub struct Lock {
    pub(super) file: File,
    pub(super) path: PathBuf,
}

impl Lock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Remove the file while still holding the lock; closing the file then releases it.
        let _ = fs::remove_file(&self.path);
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

/// "pid 1234 on HOST since 2026-11-23T09:00:00+07:00".
pub(super) fn holder_text() -> String {
    let host = fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::env::var("HOSTNAME")
                .ok()
                .filter(|h| !h.trim().is_empty())
        })
        .unwrap_or_else(|| "this machine".into());
    let since = chrono::Local::now()
        .fixed_offset()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    format!("pid {} on {host} since {since}", std::process::id())
}

/// Whether `file` is still the one named `path` (a releasing holder removes the name before it
/// unlocks, so a file we locked may already be gone from the folder).
pub(super) fn still_named(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

/// Takes the lock of the session at `path`, or says who holds it.
pub fn lock(path: &Path) -> Result<Lock> {
    // Everything that writes a session takes its lock first: a session file or backup that is
    // a link is refused here, before anything is written.
    refuse_link(path)?;
    refuse_link(&bak_path(path))?;
    let lpath = lock_path(path);
    for _ in 0..10 {
        let mut file = open_private(&lpath, "create")?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                let text = text.trim();
                return Err(Error::Locked {
                    path: path.to_path_buf(),
                    holder: if text.is_empty() {
                        "holder not known yet".into()
                    } else {
                        text.to_string()
                    },
                });
            }
            Err(fs4::TryLockError::Error(e)) => return Err(Error::io("lock", &lpath, e)),
        }
        if !still_named(&file, &lpath) {
            continue;
        }
        let written = (|| {
            file.set_len(0)?;
            file.rewind()?;
            // Not synced: the OS lock is what holds; the text only names the holder, and after
            // a crash the lock is gone anyway.
            file.write_all(holder_text().as_bytes())?;
            file.write_all(b"\n")
        })();
        let lock = Lock { file, path: lpath };
        // On failure the drop releases the lock and removes the file.
        written.map_err(|e| Error::io("write", &lock.path, e))?;
        return Ok(lock);
    }
    Err(Error::io(
        "lock",
        &lpath,
        io::Error::other("the lock file kept changing while juri tried to take it"),
    ))
}
