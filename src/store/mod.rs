//! Storage: the one place that reads and writes session files.
//!
//! - `load` reads, migrates and checks a file, and never writes anything.
//! - `save` writes a temporary file next to the session, keeps the previous version as
//!   `NAME.bak`, then renames the new file into place: a crash leaves either the old or the new
//!   file at the path, never half of one.
//! - `lock` takes an OS lock on `NAME.lock` for as long as a session is being changed, so a second
//!   juri gets a clear error instead of overwriting the first one's work.
//!
//! Every file written here is readable and writable by its owner only (0600 on Unix, set on
//! the open file). No file is written, created or chmod-ed through a symbolic link: a link
//! where juri keeps a lock, journal, backup or session file is refused, and so is anything that
//! is not a regular file (a named pipe, a device). What is read is capped in size.

mod atomic;
mod format;
mod journal;
mod lock;
mod paths;
mod writer;

pub use atomic::*;
pub use format::*;
pub use journal::*;
pub use lock::*;
pub use paths::*;
pub use writer::*;

use std::fs;
use std::io;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Session;

// ---------------------------------------------------------------------------------------------
// Loading

/// Reads, migrates and checks the session at `path` and replays the events its journal has
/// beyond it (the changes made after the file was last written). Never writes anything.
pub fn load(path: &Path) -> Result<Session> {
    load_with(path, &journal_path(path))
}

/// Loads the previous version kept by `save` (`NAME.bak`) with the session's journal.
pub fn load_backup(path: &Path) -> Result<Session> {
    load_with(&bak_path(path), &journal_path(path))
}

/// Loads the session at `path` like [`load`], and also says how many of its events the file
/// itself reflects (the rest were replayed from the journal, or are still to be written to it).
pub fn load_counting(path: &Path) -> Result<(Session, u64)> {
    let bytes = read_session_bytes(path)?;
    let mut s = parse(path, &bytes)?;
    s.reindex();
    let in_file = s.log.events;
    attach(&mut s, &journal_path(path))?;
    note_seal(&mut s, &bytes);
    Ok((s, in_file))
}

fn load_with(path: &Path, journal: &Path) -> Result<Session> {
    let bytes = read_session_bytes(path)?;
    let mut s = parse(path, &bytes)?;
    s.reindex();
    attach(&mut s, journal)?;
    note_seal(&mut s, &bytes);
    Ok(s)
}

// ---------------------------------------------------------------------------------------------
// PIN hashes between the journal and the session file

/// Before the journal gets a `pin.set` event (which names the new hash only by its SHA-256),
/// writes the session's current PIN hashes atomically to the private side file `NAME.pins`,
/// so that a session file older than its journal (a juri killed before writing it again, or
/// one restored by `juri recover`) replays the event with its hash. It holds only the current
/// hashes, as the session file does; nothing to do when no PIN was set.
pub fn keep_pins(path: &Path, s: &Session) -> Result<()> {
    let set = s
        .audit
        .iter()
        .any(|ev| matches!(ev.change, Some(crate::model::Change::PinSet { .. })));
    if !set {
        return Ok(());
    }
    write_pins(path, &s.security.pin_hashes)
}

/// Writes `NAME.pins` beside the session at `path`: these PIN hashes, privately and atomically.
pub fn write_pins(path: &Path, hashes: &std::collections::BTreeMap<String, String>) -> Result<()> {
    let pins = pins_path(path);
    refuse_link(&pins)?;
    let mut bytes = serde_json::to_vec_pretty(&serde_json::json!({
        "pin_hashes": hashes
    }))
    .unwrap_or_default();
    bytes.push(b'\n');
    let tmp = write_temp_bytes(path, &bytes)?;
    let moved = fs::rename(&tmp, &pins).map_err(|e| Error::io("write", &pins, e));
    if moved.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    moved?;
    sync_folder(&folder_of(path));
    Ok(())
}

/// The hashes in `NAME.pins`, if it is there and readable (else none: those PINs are set again).
fn read_pins(path: &Path) -> std::collections::BTreeMap<String, String> {
    #[derive(serde::Deserialize)]
    struct Pins {
        pin_hashes: std::collections::BTreeMap<String, String>,
    }
    let pins = pins_path(path);
    if is_link(&pins) {
        return Default::default();
    }
    read_capped(&pins, 1 << 20)
        .ok()
        .and_then(|b| serde_json::from_slice::<Pins>(&b).ok())
        .map(|p| p.pin_hashes)
        .unwrap_or_default()
}

/// Appends the session's pending events to its journal and syncs it.
fn append_pending(path: &Path, s: &mut Session) -> Result<()> {
    if s.audit.is_empty() {
        return Ok(());
    }
    keep_pins(path, s)?;
    let mut j = Journal::open(path, &s.log)?;
    let lines = journal_lines(s);
    j.append(&lines)?;
    j.sync()?;
    settle_log(s, lines.len() as u64);
    Ok(())
}

/// Moves the session's pending events into its `log`, as written at the journal's end.
fn settle_log(s: &mut Session, bytes: u64) {
    let (events, head) = crate::model::audit::tip(s);
    s.log = crate::model::LogHead {
        events,
        head,
        journal_bytes: s.log.journal_bytes + bytes,
    };
    s.audit.clear();
}

/// Takes the events not yet in the journal off the session, as journal lines, and moves its
/// `log` past them: the journal then must get exactly these bytes, in this order.
pub fn take_pending(s: &mut Session) -> Vec<u8> {
    let lines = journal_lines(s);
    settle_log(s, lines.len() as u64);
    lines
}

/// The session's pending events as journal lines: each event's canonical JSON, then `\n`.
fn journal_lines(s: &Session) -> Vec<u8> {
    let mut out = Vec::new();
    for ev in &s.audit {
        // An event always serializes; the hash chain is over exactly these bytes.
        let _ = serde_json::to_writer(&mut out, ev);
        out.push(b'\n');
    }
    out
}

/// Writes a session file's bytes to `path` atomically, keeping the previous version in
/// `NAME.bak`.
pub fn write_snapshot(path: &Path, bytes: &[u8]) -> Result<()> {
    // Renaming onto a link would replace the link and leave its target as it was.
    refuse_link(path)?;
    let tmp = write_temp_bytes(path, bytes)?;
    let result = (|| {
        if path.exists() {
            back_up(path)?;
        }
        fs::rename(&tmp, path).map_err(|e| Error::io("write", path, e))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    sync_folder(&folder_of(path));
    sweep_temps(path);
    Ok(())
}

/// Removes what killed juris left of this session's saves: `.NAME.tmp-PID-…` and
/// `.NAME.bak-PID-…` files whose process is gone. Called after a save succeeded, under the
/// session's lock, so no other juri is writing them; a live pid (this one, or a reused one)
/// is left alone all the same. Best effort: a leftover that cannot go stays for the next save.
fn sweep_temps(path: &Path) {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let Ok(dir) = fs::read_dir(folder_of(path)) else {
        return;
    };
    for e in dir.flatten() {
        let file = e.file_name();
        let Some(rest) = file
            .to_str()
            .and_then(|f| f.strip_prefix('.'))
            .and_then(|f| f.strip_prefix(name))
            .and_then(|f| f.strip_prefix(".tmp-").or_else(|| f.strip_prefix(".bak-")))
        else {
            continue;
        };
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Ok(pid) = rest[..digits].parse::<u32>() else {
            continue;
        };
        if !rest[digits..].starts_with('-') || pid == std::process::id() || alive(pid) {
            continue;
        }
        // The entry's own type: a link by that name is not followed, and not touched.
        if e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Whether a process `pid` exists (signal 0 only asks); where that cannot be known, yes.
fn alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(raw) = i32::try_from(pid) else {
            return false;
        };
        // Pid 0 is not one process (kill would ask about the whole group): take it as alive.
        let Some(pid) = rustix::process::Pid::from_raw(raw) else {
            return true;
        };
        // kill(pid, 0) sends nothing; it only asks. EPERM: the process exists, owned by another.
        match rustix::process::test_kill_process(pid) {
            Ok(()) => true,
            Err(e) => e == rustix::io::Errno::PERM,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Writes a new session file, creating its folder; refuses if `path` or a journal of that name
/// already exists.
pub fn save_new(path: &Path, session: &mut Session) -> Result<()> {
    if path.exists() {
        return Err(Error::Exists {
            path: path.to_path_buf(),
        });
    }
    // A journal left by a deleted session would be taken for this one's.
    let jpath = journal_path(path);
    if jpath.exists() {
        return Err(Error::Exists { path: jpath });
    }
    let folder = folder_of(path);
    fs::create_dir_all(&folder).map_err(|e| Error::io("create", &folder, e))?;
    append_pending(path, session)?;
    let tmp = write_temp(path, session)?;
    // Linking fails if the name was taken meanwhile, so an existing file is never replaced.
    let result = match fs::hard_link(&tmp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(Error::Exists {
            path: path.to_path_buf(),
        }),
        Err(_) if path.exists() => Err(Error::Exists {
            path: path.to_path_buf(),
        }),
        // No hard links on this file system: rename (the check above just passed).
        Err(_) => fs::rename(&tmp, path).map_err(|e| Error::io("write", path, e)),
    };
    let _ = fs::remove_file(&tmp);
    result?;
    sync_folder(&folder);
    Ok(())
}

#[cfg(test)]
mod tests;
