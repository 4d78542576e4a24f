//! Files written safely: private, never through a link, capped when read, fsync-ed and renamed into place with a .bak kept.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Session;

use super::*;

// ---------------------------------------------------------------------------------------------
// Files

/// The most a session file may hold. `juri gen --entries 10000` (15 jurors, every sheet
/// submitted) writes a 57 MB session; a real final is far smaller. Anything larger is not a
/// file juri wrote, and is refused before it fills the memory.
pub const SESSION_MAX_BYTES: u64 = 1 << 30;
/// The most an audit journal may hold: that same generated session's journal is 427 MB.
pub const JOURNAL_MAX_BYTES: u64 = 8 << 30;

/// Adds `open(2)` flags that std has no name for.
#[cfg(unix)]
pub(super) fn add_flags(o: &mut OpenOptions, flags: i32) {
    std::os::unix::fs::OpenOptionsExt::custom_flags(o, flags);
}

pub(super) fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Refuses `path` if it is a symbolic link; a missing file is fine.
pub(super) fn refuse_link(path: &Path) -> Result<()> {
    if is_link(path) {
        return Err(Error::Symlink {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// An error from opening `path` without following links, naming a link as such.
pub(super) fn open_error(action: &'static str, path: &Path, e: io::Error) -> Error {
    if is_link(path) {
        Error::Symlink {
            path: path.to_path_buf(),
        }
    } else {
        Error::io(action, path, e)
    }
}

/// What a file that is not a regular one is, in words.
pub(super) fn kind_of(t: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// Checks that an open file is a regular file of at most `limit` bytes; gives its length.
pub(super) fn regular(file: &File, path: &Path, limit: u64) -> Result<u64> {
    let m = file.metadata().map_err(|e| Error::io("read", path, e))?;
    if !m.is_file() {
        return Err(Error::NotRegular {
            path: path.to_path_buf(),
            kind: kind_of(m.file_type()),
        });
    }
    if m.len() > limit {
        return Err(too_large(path, m.len(), limit));
    }
    Ok(m.len())
}

pub(super) fn too_large(path: &Path, size: u64, limit: u64) -> Error {
    Error::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    }
}

/// Opens a file to read: a regular file of at most `limit` bytes, and nothing else. Never
/// waits on a named pipe (it is opened without blocking, then refused).
pub(super) fn open_read(path: &Path, limit: u64) -> Result<(File, u64)> {
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    add_flags(&mut o, libc::O_NONBLOCK);
    let file = o.open(path).map_err(|e| Error::io("read", path, e))?;
    let len = regular(&file, path, limit)?;
    Ok((file, len))
}

/// The bytes of a regular file of at most `limit` bytes (also if it grows while being read).
pub(super) fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let (file, len) = open_read(path, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("read", path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(path, bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// A small private file juri wrote (a server's host key): `None` when it is not there yet; a
/// link, a device or a file above `limit` bytes is refused, not followed.
pub fn read_private_small(path: &Path, limit: u64) -> Result<Option<Vec<u8>>> {
    if fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    refuse_link(path)?;
    read_capped(path, limit).map(Some)
}

/// The bytes of a session file (or its backup), refusing what cannot be one: anything but a
/// regular file, or more than [`SESSION_MAX_BYTES`].
pub fn read_session_bytes(path: &Path) -> Result<Vec<u8>> {
    read_capped(path, SESSION_MAX_BYTES)
}

/// Sets 0600 exactly on an open file (the umask may have taken bits from `create`'s mode).
pub(super) fn make_private(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// Opens a new file for writing, readable and writable by its owner only. Never follows a
/// link: `create_new` fails on any existing name, a link included.
pub(super) fn create_private(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        add_flags(&mut o, libc::O_NOFOLLOW);
    }
    let f = o.open(path)?;
    make_private(&f)?;
    Ok(f)
}

/// Opens (or creates) a file juri writes in place, the journal or a lock: never through a
/// link, only a regular file, made private through the open file.
pub(super) fn open_private(path: &Path, action: &'static str) -> Result<File> {
    let mut o = OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        add_flags(&mut o, libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = o.open(path).map_err(|e| open_error(action, path, e))?;
    regular(&file, path, u64::MAX)?;
    make_private(&file).map_err(|e| Error::io(action, path, e))?;
    Ok(file)
}

/// Sets 0600 on an existing file by opening it without following links.
pub(super) fn set_private(path: &Path) -> io::Result<()> {
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    add_flags(&mut o, libc::O_NOFOLLOW | libc::O_NONBLOCK);
    make_private(&o.open(path)?)
}

/// Copies `from` (a session file) to the new file `to`, private; refuses an existing `to`.
pub fn copy_new(from: &Path, to: &Path) -> Result<()> {
    let bytes = read_session_bytes(from)?;
    let written = create_private(to).and_then(|mut f| {
        f.write_all(&bytes)?;
        f.sync_all()
    });
    written.map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => Error::Exists {
            path: to.to_path_buf(),
        },
        _ => open_error("write", to, e),
    })
}

// ---------------------------------------------------------------------------------------------
// Saving

/// Makes the renames in `folder` durable; best effort (not every system can sync a folder).
pub(super) fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(folder) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// Writes `session` to a fresh hidden file next to `path` and syncs it.
pub(super) fn write_temp(path: &Path, session: &Session) -> Result<PathBuf> {
    write_temp_bytes(path, &snapshot(session))
}

/// Restores `path` to `bytes` (a backup's content) atomically, leaving the backup as it is.
pub fn restore(path: &Path, bytes: &[u8]) -> Result<()> {
    write_private_atomic(path, bytes)
}

/// Writes `bytes` to `path` as session files are written, for any file juri hands out (the
/// recap holds every juror's marks): a fresh temp file beside it, owner-only (0600, also where
/// `path` was readable by others), synced, then renamed into place, so a crash leaves the old
/// file or the new one, never half of one. A link at `path` is refused, not written through.
pub fn write_private_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    refuse_link(path)?;
    // A failure names the file asked for, not the hidden temp file beside it.
    let tmp = write_temp_bytes(path, bytes).map_err(|e| match e {
        Error::Io { action, source, .. } => Error::io(action, path, source),
        other => other,
    })?;
    let result = fs::rename(&tmp, path).map_err(|e| Error::io("write", path, e));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    sync_folder(&folder_of(path));
    Ok(())
}

pub(super) fn write_temp_bytes(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let tmp = temp_path(path, "tmp");
    let written = create_private(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io("write", &tmp, e));
    }
    Ok(tmp)
}

/// Replaces `NAME.bak` with the current content of `path` (not a link), never leaving the
/// backup half-written. A backup that is a link is refused, not replaced.
pub(super) fn back_up(path: &Path) -> Result<()> {
    let bak = bak_path(path);
    refuse_link(&bak)?;
    let tmp = temp_path(path, "bak");
    // A hard link is instant and exact; where the file system has none, copy.
    let made = (|| {
        if fs::hard_link(path, &tmp).is_err() {
            let _ = fs::remove_file(&tmp);
            let (mut from, _) = open_read(path, SESSION_MAX_BYTES).map_err(io::Error::other)?;
            let mut to = create_private(&tmp)?;
            io::copy(&mut from, &mut to)?;
            to.sync_all()?;
        }
        set_private(&tmp).and_then(|()| fs::rename(&tmp, &bak))
    })();
    // Also after a rename that succeeded: where the backup already was this very file (a kill
    // came between backing up and renaming), the rename does nothing and the link stays.
    let _ = fs::remove_file(&tmp);
    made.map_err(|e| Error::io("back up", path, e))
}

/// Writes `session` to `path`: first its new audit events onto the journal (synced), then the
/// file itself atomically, keeping the previous version in `NAME.bak`.
///
/// Hold the session's [`Lock`] while changing and saving it.
pub fn save(path: &Path, session: &mut Session) -> Result<()> {
    check_before_write(path, session)?;
    append_pending(path, session)?;
    write_snapshot(path, &snapshot(session))
}
