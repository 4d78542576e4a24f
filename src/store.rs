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

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;
use serde_json::error::Category;

use crate::error::{Error, Result};
use crate::model::{self, SCHEMA_VERSION, Session};

// ---------------------------------------------------------------------------------------------
// Paths

/// `PATH` with `suffix` appended to its full file name: `day1.json` -> `day1.json.bak`.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
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
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A hidden, unique name in the folder of `path`: `.NAME.KIND-PID-N`.
fn temp_path(path: &Path, kind: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
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

fn data_dir_from(juri_home: Option<OsString>) -> Result<PathBuf> {
    let dir = match juri_home {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => directories::ProjectDirs::from("", "", "juri")
            .map(|d| d.data_dir().to_path_buf())
            .ok_or_else(|| {
                Error::Usage(
                    "no home folder is known, so juri has no data folder: set JURI_HOME to a folder"
                        .into(),
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
// The seal: a file changed outside juri is not written over

/// How every session file juri writes ends: `,\n  "seal": "HEX"\n}\n`, where HEX is the
/// SHA-256 of the bytes before it. A file edited by hand no longer matches its seal.
const SEAL_OPEN: &[u8] = b",\n  \"seal\": \"";
const SEAL_CLOSE: &[u8] = b"\"\n}\n";

/// Why `bytes` are not a file as juri wrote it, if they are not.
fn seal_problem(bytes: &[u8]) -> Option<&'static str> {
    let tail = SEAL_OPEN.len() + 64 + SEAL_CLOSE.len();
    let Some(start) = bytes.len().checked_sub(tail) else {
        return Some("it has no seal");
    };
    if !bytes.ends_with(SEAL_CLOSE) || !bytes[start..].starts_with(SEAL_OPEN) {
        return Some("it has no seal");
    }
    let hex = &bytes[start + SEAL_OPEN.len()..bytes.len() - SEAL_CLOSE.len()];
    if crate::model::audit::sha256_hex(&bytes[..start]).as_bytes() == hex {
        None
    } else {
        Some("it no longer matches the seal juri wrote at its end")
    }
}

/// Notes whether the loaded file must be checked in full before it is written again: when it
/// has a log to be checked against and is not sealed as juri wrote it.
fn note_seal(s: &mut Session, bytes: &[u8]) {
    let has_log = s.log.events > 0 || !s.audit.is_empty();
    s.unsealed.0 = if has_log { seal_problem(bytes) } else { None };
}

/// Before the first write to a loaded session: a file that is not sealed as juri wrote it (a
/// hand edit, another tool) is checked in full against its audit log, as `juri verify` does.
/// If it does not hold, nothing is written, so that `NAME.bak` keeps the last good version.
/// A session made in memory, or already checked, costs nothing.
pub fn check_before_write(path: &Path, s: &mut Session) -> Result<()> {
    let Some(why) = s.unsealed.0 else {
        return Ok(());
    };
    let log = read_log(path, s)?;
    crate::standings::verify::verify(s, &log).map_err(|problem| Error::Tampered {
        path: path.to_path_buf(),
        problem: format!("{why}, and {problem}"),
    })?;
    s.unsealed.0 = None;
    Ok(())
}

fn parse_error(path: &Path, message: impl Into<String>) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Explains a serde_json error in words for the secretariat.
fn describe(e: &serde_json::Error) -> String {
    match e.classify() {
        Category::Eof => format!(
            "it ends early at line {}, column {} (truncated?)",
            e.line(),
            e.column()
        ),
        Category::Syntax => format!("it is not valid JSON: {e}"),
        Category::Data => format!("it does not have the shape of a session: {e}"),
        Category::Io => e.to_string(),
    }
}

fn parse(path: &Path, bytes: &[u8]) -> Result<Session> {
    // A byte-order mark, as some editors on Windows add, is not part of the JSON.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(parse_error(path, "the file is empty"));
    }
    let version = probe_version(bytes).map_err(|m| parse_error(path, m))?;
    let session: Session = if version > u64::from(SCHEMA_VERSION) {
        return Err(parse_error(
            path,
            format!(
                "it was written by a newer juri (schema_version {version}; this juri reads up to \
                 {SCHEMA_VERSION}): update juri to open it"
            ),
        ));
    } else if version >= SAME_SHAPE_SINCE {
        // Read from the bytes: shape errors then name their line and column.
        let mut s: Session =
            serde_json::from_slice(bytes).map_err(|e| parse_error(path, describe(&e)))?;
        s.schema_version = SCHEMA_VERSION;
        s
    } else {
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| parse_error(path, describe(&e)))?;
        let migrated = migrate(value).map_err(|m| parse_error(path, m))?;
        serde_json::from_value(migrated).map_err(|e| {
            parse_error(
                path,
                format!(
                    "after migrating from schema_version {version}, {}",
                    describe(&e)
                ),
            )
        })?
    };
    let problems = model::validate(&session);
    if !problems.is_empty() {
        return Err(Error::Invalid {
            path: path.to_path_buf(),
            problems,
        });
    }
    Ok(session)
}

/// The `schema_version` of a session file, read without building the rest of it.
fn probe_version(bytes: &[u8]) -> std::result::Result<u64, String> {
    #[derive(serde::Deserialize)]
    struct Probe {
        schema_version: Option<Value>,
    }
    // Files juri writes name their version first: no need to read the rest for it.
    if let Some(v) = leading_version(bytes) {
        return Ok(v);
    }
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        // Still say where the JSON breaks, if it does.
        serde_json::from_slice::<Value>(bytes).map_err(|e| describe(&e))?;
        return Err("it is not a JSON object (a session file starts with `{`)".into());
    }
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| describe(&e))?;
    let mut map = serde_json::Map::new();
    if let Some(v) = probe.schema_version {
        map.insert("schema_version".into(), v);
    }
    schema_version(&Value::Object(map))
}

/// `{ "schema_version": N,` at the very start, with N a plain whole number.
fn leading_version(bytes: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(&bytes[..bytes.len().min(64)]).ok()?;
    let rest = text.trim_start().strip_prefix('{')?.trim_start();
    let rest = rest.strip_prefix("\"schema_version\"")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = rest[digits..].trim_start();
    if digits == 0 || digits > 9 || !(after.starts_with(',') || after.starts_with('}')) {
        return None;
    }
    rest[..digits].parse().ok()
}

/// The `schema_version` of a raw session, or why there is none.
fn schema_version(value: &Value) -> std::result::Result<u64, String> {
    let Value::Object(map) = value else {
        return Err("it is not a JSON object (a session file starts with `{`)".into());
    };
    match map.get("schema_version") {
        None => Err("no schema_version: this does not look like a juri session file".into()),
        Some(v) => v
            .as_u64()
            .ok_or_else(|| format!("schema_version {v} is not a whole number")),
    }
}

/// Files from this version on read into `Session` as they are (their migration steps, if any,
/// change no field's shape).
const SAME_SHAPE_SINCE: u64 = 1;

/// One migration step: changes a raw session of version `from` into version `from + 1`.
type Step = fn(&mut Value) -> std::result::Result<(), String>;

/// The migration steps, by the version they start from. To change the format to version N+1:
/// raise `model::SCHEMA_VERSION` to N+1 and add `(N, step_N_to_N1)` here, where the step edits
/// the raw JSON (rename a field, add a default, ...). `migrate` sets `schema_version` after each.
const MIGRATIONS: &[(u64, Step)] = &[(1, step_1_to_2)];

/// Version 2 keeps the audit log in a journal beside the file and says in `log` how far it
/// goes. A version-1 file carries its whole log in `audit`: it is read as events not yet in the
/// journal, and the first save moves them there. No field changes shape.
fn step_1_to_2(_: &mut Value) -> std::result::Result<(), String> {
    Ok(())
}

/// Brings a raw session written by an older juri up to `SCHEMA_VERSION`, one version at a time.
/// A version with no step (there are none before version 1) cannot be read.
pub fn migrate(mut value: Value) -> std::result::Result<Value, String> {
    loop {
        let version = schema_version(&value)?;
        if version >= u64::from(SCHEMA_VERSION) {
            return Ok(value);
        }
        let Some((_, step)) = MIGRATIONS.iter().find(|(from, _)| *from == version) else {
            return Err(format!(
                "schema_version {version} is not a version this juri can read or migrate \
                 (it reads {SCHEMA_VERSION})"
            ));
        };
        step(&mut value).map_err(|m| format!("migrating from schema_version {version}: {m}"))?;
        value["schema_version"] = Value::from(version + 1);
    }
}

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
fn add_flags(o: &mut OpenOptions, flags: i32) {
    std::os::unix::fs::OpenOptionsExt::custom_flags(o, flags);
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Refuses `path` if it is a symbolic link; a missing file is fine.
fn refuse_link(path: &Path) -> Result<()> {
    if is_link(path) {
        return Err(Error::Symlink {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// An error from opening `path` without following links, naming a link as such.
fn open_error(action: &'static str, path: &Path, e: io::Error) -> Error {
    if is_link(path) {
        Error::Symlink {
            path: path.to_path_buf(),
        }
    } else {
        Error::io(action, path, e)
    }
}

/// What a file that is not a regular one is, in words.
fn kind_of(t: fs::FileType) -> &'static str {
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
fn regular(file: &File, path: &Path, limit: u64) -> Result<u64> {
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

fn too_large(path: &Path, size: u64, limit: u64) -> Error {
    Error::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    }
}

/// Opens a file to read: a regular file of at most `limit` bytes, and nothing else. Never
/// waits on a named pipe (it is opened without blocking, then refused).
fn open_read(path: &Path, limit: u64) -> Result<(File, u64)> {
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    add_flags(&mut o, libc::O_NONBLOCK);
    let file = o.open(path).map_err(|e| Error::io("read", path, e))?;
    let len = regular(&file, path, limit)?;
    Ok((file, len))
}

/// The bytes of a regular file of at most `limit` bytes (also if it grows while being read).
fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>> {
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

/// The bytes of a session file (or its backup), refusing what cannot be one: anything but a
/// regular file, or more than [`SESSION_MAX_BYTES`].
pub fn read_session_bytes(path: &Path) -> Result<Vec<u8>> {
    read_capped(path, SESSION_MAX_BYTES)
}

/// Sets 0600 exactly on an open file (the umask may have taken bits from `create`'s mode).
fn make_private(file: &File) -> io::Result<()> {
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
fn create_private(path: &Path) -> io::Result<File> {
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
fn open_private(path: &Path, action: &'static str) -> Result<File> {
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
fn set_private(path: &Path) -> io::Result<()> {
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
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(folder) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// Writes `session` to a fresh hidden file next to `path` and syncs it.
fn write_temp(path: &Path, session: &Session) -> Result<PathBuf> {
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

fn write_temp_bytes(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
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
fn back_up(path: &Path) -> Result<()> {
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
    let pins = pins_path(path);
    refuse_link(&pins)?;
    let mut bytes = serde_json::to_vec_pretty(&serde_json::json!({
        "pin_hashes": s.security.pin_hashes
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

// ---------------------------------------------------------------------------------------------
// The session file's layout

/// The session as its file holds it: one field per line, and one line per entry, juror, sheet
/// and timer, so that the file reads (and diffs) record by record.
pub fn snapshot(s: &Session) -> Vec<u8> {
    let mut b = SnapshotBuilder::new();
    while !b.step(s, usize::MAX) {}
    b.finish()
}

/// Writes a session file a few records at a time, so that a large session can be written
/// between keystrokes without holding up the screen. The session must not change between the
/// first and the last step (start again if it does).
#[derive(Debug, Default)]
pub struct SnapshotBuilder {
    buf: Vec<u8>,
    field: usize,
    item: usize,
    /// The seal's hash, fed a step at a time so that no step hashes the whole file.
    hasher: sha2::Sha256,
    hashed: usize,
}

/// Writes record `i` of one of the session's lists.
type WriteRecord<'a> = dyn Fn(&mut Vec<u8>, usize) + 'a;

/// The fields of a session file, in order; the lists among them are written record by record.
const FIELDS: [&str; 20] = [
    "schema_version",
    "id",
    "title",
    "stage",
    "language",
    "place",
    "created",
    "updated",
    "schedule",
    "rubric",
    "tie_break",
    "quorum",
    "categories",
    "entries",
    "jurors",
    "scores",
    "timers",
    "current",
    "security",
    "log",
];

impl SnapshotBuilder {
    pub fn new() -> SnapshotBuilder {
        SnapshotBuilder::default()
    }

    /// Writes up to `budget` records (at least one field or record); true once it is complete.
    pub fn step(&mut self, s: &Session, budget: usize) -> bool {
        let mut left = budget.max(1);
        while self.field < FIELDS.len() && left > 0 {
            let name = FIELDS[self.field];
            // Optional fields that are unset are left out, as serde leaves them out.
            if name == "quorum" && s.quorum.is_none() {
                self.field += 1;
                continue;
            }
            let list: Option<(usize, &WriteRecord)> = match name {
                "entries" => Some((s.entries.len(), &|b, i| to(b, &s.entries[i]))),
                "jurors" => Some((s.jurors.len(), &|b, i| to(b, &s.jurors[i]))),
                "scores" => Some((s.scores.len(), &|b, i| to(b, &s.scores[i]))),
                "timers" => Some((s.timers.len(), &|b, i| to(b, &s.timers[i]))),
                _ => None,
            };
            if self.item == 0 {
                self.buf.extend_from_slice(if self.field == 0 {
                    b"{\n  \""
                } else {
                    b",\n  \""
                });
                self.buf.extend_from_slice(name.as_bytes());
                self.buf.extend_from_slice(b"\": ");
            }
            match list {
                None => {
                    self.scalar(s, name);
                    left -= 1;
                    self.field += 1;
                }
                Some((0, _)) => {
                    self.buf.extend_from_slice(b"[]");
                    self.field += 1;
                }
                Some((len, write)) => {
                    while self.item < len && left > 0 {
                        self.buf.extend_from_slice(if self.item == 0 {
                            b"[\n    "
                        } else {
                            b",\n    "
                        });
                        write(&mut self.buf, self.item);
                        self.item += 1;
                        left -= 1;
                    }
                    if self.item == len {
                        self.buf.extend_from_slice(b"\n  ]");
                        self.item = 0;
                        self.field += 1;
                    }
                }
            }
        }
        sha2::Digest::update(&mut self.hasher, &self.buf[self.hashed..]);
        self.hashed = self.buf.len();
        self.field == FIELDS.len()
    }

    fn scalar(&mut self, s: &Session, name: &str) {
        let b = &mut self.buf;
        match name {
            "schema_version" => to(b, &s.schema_version),
            "id" => to(b, &s.id),
            "title" => to(b, &s.title),
            "stage" => to(b, &s.stage),
            "language" => to(b, &s.language),
            "place" => to(b, &s.place),
            "created" => to(b, &s.created),
            "updated" => to(b, &s.updated),
            "schedule" => to(b, &s.schedule),
            "rubric" => to(b, &s.rubric),
            "tie_break" => to(b, &s.tie_break),
            "quorum" => to(b, &s.quorum),
            "categories" => to(b, &s.categories),
            "current" => to(b, &s.current),
            "security" => to(b, &s.security),
            "log" => to(b, &s.log),
            other => unreachable!("{other} is written record by record"),
        }
    }

    /// The file's bytes, sealed; call once `step` has returned true.
    pub fn finish(mut self) -> Vec<u8> {
        sha2::Digest::update(&mut self.hasher, &self.buf[self.hashed..]);
        let hash = sha2::Digest::finalize(self.hasher);
        self.buf.extend_from_slice(SEAL_OPEN);
        for b in hash {
            self.buf.extend_from_slice(format!("{b:02x}").as_bytes());
        }
        self.buf.extend_from_slice(SEAL_CLOSE);
        self.buf
    }
}

fn to(buf: &mut Vec<u8>, v: &impl serde::Serialize) {
    // Plain data always serializes (no maps with non-string keys, no failing Serialize impls).
    let _ = serde_json::to_writer(buf, v);
}

// ---------------------------------------------------------------------------------------------
// The audit journal

/// A session's journal, open for appending.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
}

impl Journal {
    /// Opens (or creates) the journal of the session at `path` for appending after `log`. Bytes
    /// beyond it (half a line left by a crash) are cut off; a journal shorter than `log` says
    /// is refused.
    pub fn open(path: &Path, log: &crate::model::LogHead) -> Result<Journal> {
        let jpath = journal_path(path);
        let mut file = open_private(&jpath, "open")?;
        let len = file
            .metadata()
            .map_err(|e| Error::io("read", &jpath, e))?
            .len();
        if len < log.journal_bytes {
            return Err(journal_error(
                &jpath,
                format!(
                    "it holds {len} bytes where the session's {} events need {}: events were removed",
                    log.events, log.journal_bytes
                ),
            ));
        }
        if len > log.journal_bytes {
            file.set_len(log.journal_bytes)
                .map_err(|e| Error::io("write", &jpath, e))?;
        }
        file.seek(io::SeekFrom::Start(log.journal_bytes))
            .map_err(|e| Error::io("write", &jpath, e))?;
        Ok(Journal { file, path: jpath })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends whole lines (see [`take_pending`]).
    pub fn append(&mut self, lines: &[u8]) -> Result<()> {
        self.file
            .write_all(lines)
            .map_err(|e| Error::io("write", &self.path, e))
    }

    /// Makes what was appended durable.
    pub fn sync(&mut self) -> Result<()> {
        self.file
            .sync_data()
            .map_err(|e| Error::io("write", &self.path, e))
    }
}

fn journal_error(path: &Path, problem: String) -> Error {
    Error::Journal {
        path: path.to_path_buf(),
        problem,
    }
}

/// Reads the whole journal of the session at `path` (as far as `s.log` goes), then the events
/// `s` has not written yet: the complete audit log, oldest first.
pub fn read_log(path: &Path, s: &Session) -> Result<Vec<crate::model::audit::AuditEvent>> {
    let jpath = journal_path(path);
    let mut events = Vec::new();
    if s.log.journal_bytes > 0 {
        let (mut file, _) = open_read(&jpath, JOURNAL_MAX_BYTES)?;
        let mut bytes = Vec::new();
        (&mut file)
            .take(s.log.journal_bytes)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("read", &jpath, e))?;
        for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
            if line.is_empty() {
                continue;
            }
            events.push(serde_json::from_slice(line).map_err(|e| {
                journal_error(&jpath, format!("line {} is not an audit event: {e}", n + 1))
            })?);
        }
    }
    events.extend(s.audit.iter().cloned());
    Ok(events)
}

/// The last line that ends at `end` (exclusive of its `\n`), read backwards from there.
fn line_before(file: &mut File, end: u64) -> io::Result<Vec<u8>> {
    let mut line: Vec<u8> = Vec::new();
    let mut pos = end.saturating_sub(1); // the '\n' that ends it
    let mut chunk = vec![0u8; 8192];
    while pos > 0 {
        let n = (pos as usize).min(chunk.len());
        pos -= n as u64;
        file.seek(io::SeekFrom::Start(pos))?;
        file.read_exact(&mut chunk[..n])?;
        if let Some(i) = chunk[..n].iter().rposition(|b| *b == b'\n') {
            let mut out = chunk[i + 1..n].to_vec();
            out.extend_from_slice(&line);
            return Ok(out);
        }
        let mut out = chunk[..n].to_vec();
        out.extend_from_slice(&line);
        line = out;
    }
    Ok(line)
}

/// Joins a loaded session to its journal: checks that the journal holds the session's log,
/// then replays the events written after the file (by a juri that stopped before writing the
/// file again). Afterwards the session's `log` is the journal's end and nothing is pending.
fn attach(s: &mut Session, jpath: &Path) -> Result<()> {
    use crate::model::audit::{AuditEvent, sha256_hex};
    // The journal names PIN hashes by digest only: those set after the file was written are
    // in the side file beside it.
    if let Some(name) = jpath.to_str().and_then(|j| j.strip_suffix(".audit.jsonl")) {
        s.known_pins.add(read_pins(Path::new(name)).values());
    }
    if !s.audit.is_empty() {
        // The log is carried inside the file: it goes to the journal at the first save. A
        // journal that starts with exactly these events is that first save, interrupted before
        // the file was written again.
        let journal = match read_capped(jpath, JOURNAL_MAX_BYTES) {
            Ok(b) if !b.is_empty() => b,
            Err(e @ (Error::NotRegular { .. } | Error::TooLarge { .. })) => return Err(e),
            _ if s.log.events == 0 => return Ok(()),
            _ => {
                return Err(journal_error(
                    jpath,
                    "the session file carries its own audit log and also names a journal".into(),
                ));
            }
        };
        let mut offset = 0usize;
        for ev in &s.audit {
            let line = serde_json::to_vec(ev).unwrap_or_default();
            let end = offset + line.len();
            if s.log.events > 0
                || journal.get(offset..end) != Some(&line[..])
                || journal.get(end) != Some(&b'\n')
            {
                return Err(journal_error(
                    jpath,
                    "the session file carries its own audit log, and the journal beside it holds another".into(),
                ));
            }
            offset = end + 1;
        }
        let (events, head) = crate::model::audit::tip(s);
        s.log = crate::model::LogHead {
            events,
            head,
            journal_bytes: offset as u64,
        };
        s.audit.clear();
    }
    let (mut file, len) = match open_read(jpath, JOURNAL_MAX_BYTES) {
        Ok(f) => f,
        Err(Error::Io { source, .. })
            if source.kind() == io::ErrorKind::NotFound && s.log.events == 0 =>
        {
            return Ok(());
        }
        Err(Error::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            return Err(journal_error(
                jpath,
                format!(
                    "the audit journal is missing; the session has {} events in it",
                    s.log.events
                ),
            ));
        }
        Err(e) => return Err(e),
    };
    let start = s.log.journal_bytes;
    if len < start {
        return Err(journal_error(
            jpath,
            format!(
                "it holds {len} bytes where the session's {} events need {start}: events were removed",
                s.log.events
            ),
        ));
    }
    if s.log.events > 0 {
        let last = line_before(&mut file, start).map_err(|e| Error::io("read", jpath, e))?;
        let seq = serde_json::from_slice::<AuditEvent>(&last).map(|e| e.seq);
        if seq.as_ref().ok() != Some(&s.log.events) || sha256_hex(&last) != s.log.head {
            return Err(journal_error(
                jpath,
                format!(
                    "its event {} is not the one the session file names: the journal or the file was changed or swapped",
                    s.log.events
                ),
            ));
        }
    }
    let mut tail = Vec::new();
    file.seek(io::SeekFrom::Start(start))
        .and_then(|_| (&mut file).take(len - start).read_to_end(&mut tail))
        .map_err(|e| Error::io("read", jpath, e))?;
    // Only whole lines count: a line cut short by a crash was never confirmed.
    let complete = tail.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let lines: Vec<&[u8]> = tail[..complete].split_inclusive(|b| *b == b'\n').collect();
    let first = crate::model::audit::next_seq(s);
    let mut events = Vec::with_capacity(lines.len());
    // A batch (an import) still open at the end was never finished: it is left out whole.
    let (mut depth, mut keep) = (0usize, 0usize);
    for (i, line) in lines.iter().enumerate() {
        let ev: AuditEvent = serde_json::from_slice(&line[..line.len() - 1]).map_err(|e| {
            journal_error(
                jpath,
                format!("event {}: not an audit event: {e}", first + i as u64),
            )
        })?;
        match ev.change {
            Some(crate::model::Change::BatchStart { .. }) => depth += 1,
            Some(crate::model::Change::BatchEnd { .. }) => depth = depth.saturating_sub(1),
            _ => {}
        }
        events.push(ev);
        if depth == 0 {
            keep = i + 1;
        }
    }
    let mut offset = start;
    for (line, ev) in lines.into_iter().zip(events).take(keep) {
        let text = &line[..line.len() - 1];
        let seq = crate::model::audit::next_seq(s);
        let bad = |why: String| journal_error(jpath, format!("event {seq}: {why}"));
        if ev.seq != seq || ev.prev != crate::model::audit::head(s) {
            return Err(bad(
                "does not follow the event before it: events were removed, added or changed".into(),
            ));
        }
        let change = ev
            .change
            .clone()
            .ok_or_else(|| bad("does not record its change".into()))?;
        s.replay(&ev.actor, change, ev.at)
            .map_err(|e| bad(format!("cannot be replayed: {e}")))?;
        if s.audit.last() != Some(&ev) {
            return Err(bad("does not match its own change".into()));
        }
        offset += line.len() as u64;
        s.log = crate::model::LogHead {
            events: seq,
            head: sha256_hex(text),
            journal_bytes: offset,
        };
        s.audit.clear();
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Writing in the background

/// What the background writer tells the screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// The journal is durable up to this many events.
    Journal(u64),
    /// The session file now holds the session as of this many events.
    Snapshot(u64),
    /// A write failed; what was not written is tried again with the next one.
    Failed(String),
}

enum Job {
    Append { events: u64, lines: Vec<u8> },
    Snapshot { events: u64, bytes: Vec<u8> },
}

/// Writes a session's journal lines and session files on a thread of its own, so that a
/// keystroke never waits for the disk. Lines are appended in the order given and synced in
/// batches; a session file is put in place only after the journal lines before it are
/// durable. What it did comes back through [`Writer::poll`].
pub struct Writer {
    jobs: Option<std::sync::mpsc::Sender<Job>>,
    done: std::sync::mpsc::Receiver<Written>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    /// Opens the journal after `log` (see [`Journal::open`]) and starts the thread.
    pub fn start(path: &Path, log: &crate::model::LogHead) -> Result<Writer> {
        let journal = Journal::open(path, log)?;
        let (jobs, rx) = std::sync::mpsc::channel::<Job>();
        let (tx, done) = std::sync::mpsc::channel();
        let path = path.to_path_buf();
        let durable = log.journal_bytes;
        let thread = std::thread::Builder::new()
            .name("juri-writer".into())
            .spawn(move || write_loop(&path, journal, durable, &rx, &tx))
            .map_err(|e| Error::io("start the writer for", "the session", e))?;
        Ok(Writer {
            jobs: Some(jobs),
            done,
            thread: Some(thread),
        })
    }

    /// Queues journal lines (from [`take_pending`]) that bring the log to `events`.
    pub fn append(&self, events: u64, lines: Vec<u8>) {
        if let Some(j) = &self.jobs {
            let _ = j.send(Job::Append { events, lines });
        }
    }

    /// Queues a session file (from [`snapshot`] or a [`SnapshotBuilder`]) as of `events`.
    pub fn snapshot(&self, events: u64, bytes: Vec<u8>) {
        if let Some(j) = &self.jobs {
            let _ = j.send(Job::Snapshot { events, bytes });
        }
    }

    /// What was written since the last call, if anything.
    pub fn poll(&self) -> Option<Written> {
        self.done.try_recv().ok()
    }

    /// Writes everything queued, stops the thread, and returns what it reported meanwhile.
    pub fn finish(mut self) -> Vec<Written> {
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.done.try_iter().collect()
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn write_loop(
    path: &Path,
    journal: Journal,
    durable: u64,
    jobs: &std::sync::mpsc::Receiver<Job>,
    done: &std::sync::mpsc::Sender<Written>,
) {
    let mut w = Pending {
        journal,
        durable,
        unwritten: Vec::new(),
        target: 0,
        file: None,
    };
    while let Ok(first) = jobs.recv() {
        // Everything queued meanwhile goes in the same batch: one sync for many keys.
        for job in std::iter::once(first).chain(jobs.try_iter()) {
            match job {
                Job::Append { events, lines } => {
                    w.unwritten.extend_from_slice(&lines);
                    w.target = events;
                }
                Job::Snapshot { events, bytes } => w.file = Some((events, bytes)),
            }
        }
        w.write(path, done);
    }
    // The screens have closed: one more try for what a failure held back.
    if !w.unwritten.is_empty() || w.file.is_some() {
        w.write(path, done);
    }
}

/// What the writer holds that is not on disk yet.
struct Pending {
    journal: Journal,
    /// Bytes of the journal known to be on disk.
    durable: u64,
    unwritten: Vec<u8>,
    /// The number of events `unwritten` brings the journal to.
    target: u64,
    file: Option<(u64, Vec<u8>)>,
}

impl Pending {
    fn write(&mut self, path: &Path, done: &std::sync::mpsc::Sender<Written>) {
        if !self.unwritten.is_empty() {
            let written = self
                .journal
                .append(&self.unwritten)
                .and_then(|()| self.journal.sync());
            if let Err(e) = written {
                // Take back what half-arrived, so that the retry appends whole lines; the
                // session file waits, as it must never get ahead of the journal.
                let _ = self.journal.file.set_len(self.durable);
                let _ = self.journal.file.seek(io::SeekFrom::Start(self.durable));
                let _ = done.send(Written::Failed(e.to_string()));
                return;
            }
            self.durable += self.unwritten.len() as u64;
            self.unwritten.clear();
            let _ = done.send(Written::Journal(self.target));
        }
        if let Some((events, bytes)) = self.file.take() {
            let _ = done.send(match write_snapshot(path, &bytes) {
                Ok(()) => Written::Snapshot(events),
                Err(e) => Written::Failed(e.to_string()),
            });
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Locking

/// An exclusive OS lock on a session's `NAME.lock`, released (and the file removed) on drop.
///
/// The OS drops the lock when the process ends in any way, so a lock file left behind by a
/// killed juri holds nothing and is simply taken over.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
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
fn holder_text() -> String {
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
fn still_named(file: &File, path: &Path) -> bool {
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

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;
    use crate::model::{Category, Entry, Juror, Rubric, Sheet, SheetState, Status, Time};
    use chrono::TimeZone;
    use std::collections::BTreeMap;

    fn now() -> Time {
        chrono::FixedOffset::east_opt(7 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .unwrap()
    }

    fn session() -> Session {
        let mut s = Session::new("Final KIPP", Rubric::preset("kipp").unwrap(), now());
        s.categories.push(Category {
            id: "prov".into(),
            name: "Provinsi".into(),
            top_n: Some(2),
        });
        s.entries.push(Entry {
            id: "E1".into(),
            title: "CAKES".into(),
            institution: "Dinas Kesehatan".into(),
            category: "prov".into(),
            region: Some("Kab. Belu".into()),
            presenter: None,
            status: Status::Scheduled,
        });
        s.jurors.push(Juror {
            id: "J1".into(),
            name: "Juri 1 (akademisi)".into(),
            role: None,
            conflicts: Vec::new(),
        });
        s
    }

    fn sheet(value: f64) -> Sheet {
        Sheet {
            entry: "E1".into(),
            juror: "J1".into(),
            values: [("novelty", value)].into_iter().collect(),
            notes: BTreeMap::new(),
            comment: String::new(),
            state: SheetState::Draft,
            created: now(),
            updated: now(),
            submitted: None,
        }
    }

    fn parse_message(r: Result<Session>) -> String {
        match r {
            Err(Error::Parse { message, .. }) => message,
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    #[test]
    fn save_then_load_gives_the_same_session() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let mut s = session();
        s.scores.push(sheet(87.0));
        save(&path, &mut s).unwrap();
        assert_eq!(load(&path).unwrap(), s);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("{\n  \"schema_version\": 2,\n  \"id\": "));
        // One record a line.
        assert!(text.contains("\n  \"scores\": [\n    {\"entry\":\"E1\",\"juror\":\"J1\","));
        assert!(text.ends_with("}\n"));
        // No temporary file is left behind, and no backup without a previous version.
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![OsString::from("day1.json")]);
        assert_eq!(read_bak(&path), None);
    }

    #[test]
    fn save_keeps_the_previous_version_in_bak() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let mut s = session();
        save(&path, &mut s).unwrap();
        let first = fs::read(&path).unwrap();
        s.title = "Final KIPP, hari 2".into();
        save(&path, &mut s).unwrap();
        assert_eq!(bak_path(&path), dir.path().join("day1.json.bak"));
        assert_eq!(read_bak(&path), Some(bak_path(&path)));
        assert_eq!(fs::read(bak_path(&path)).unwrap(), first);
        assert_eq!(load(&path).unwrap().title, "Final KIPP, hari 2");
        // A third save moves the second version into the backup.
        let second = fs::read(&path).unwrap();
        s.title = "Final KIPP, hari 3".into();
        save(&path, &mut s).unwrap();
        assert_eq!(fs::read(bak_path(&path)).unwrap(), second);
    }

    #[cfg(unix)]
    #[test]
    fn files_are_private_to_their_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        save_new(&path, &mut session()).unwrap();
        save(&path, &mut session()).unwrap();
        let l = lock(&path).unwrap();
        for p in [path.clone(), bak_path(&path), lock_path(&path)] {
            let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", p.display());
        }
        drop(l);
    }

    #[test]
    fn truncated_file_is_a_parse_error_and_stays_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let text = serde_json::to_string_pretty(&session()).unwrap();
        let cut = &text[..text.len() / 2];
        fs::write(&path, cut).unwrap();
        let msg = parse_message(load(&path));
        assert!(msg.starts_with("it ends early at line "), "{msg}");
        assert!(msg.ends_with("(truncated?)"), "{msg}");
        assert_eq!(fs::read_to_string(&path).unwrap(), cut);
        assert_eq!(read_bak(&path), None);
    }

    #[test]
    fn empty_file_is_a_parse_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        fs::write(&path, "").unwrap();
        assert_eq!(parse_message(load(&path)), "the file is empty");
        fs::write(&path, " \n").unwrap();
        assert_eq!(parse_message(load(&path)), "the file is empty");
    }

    #[test]
    fn wrong_shapes_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        fs::write(&path, "[1, 2]").unwrap();
        assert!(parse_message(load(&path)).contains("not a JSON object"));
        fs::write(&path, "{\"title\": \"x\"}").unwrap();
        assert!(parse_message(load(&path)).starts_with("no schema_version"));
        fs::write(&path, "{\"schema_version\": 2, \"title\": 3}").unwrap();
        let msg = parse_message(load(&path));
        assert!(
            msg.starts_with("it does not have the shape of a session: invalid type"),
            "{msg}"
        );
        assert!(msg.contains("line 1 column"), "{msg}");
        fs::write(&path, "{\"schema_version\": 1,, }").unwrap();
        assert!(parse_message(load(&path)).starts_with("it is not valid JSON"));
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let s = session();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(serde_json::to_vec(&s).unwrap());
        fs::write(&path, bytes).unwrap();
        assert_eq!(load(&path).unwrap(), s);
    }

    #[test]
    fn newer_schema_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let mut v = serde_json::to_value(session()).unwrap();
        v["schema_version"] = Value::from(SCHEMA_VERSION + 1);
        v["something_new"] = Value::from(true);
        fs::write(&path, v.to_string()).unwrap();
        let msg = parse_message(load(&path));
        assert!(msg.contains("written by a newer juri"), "{msg}");
        assert!(
            msg.contains(&format!("schema_version {}", SCHEMA_VERSION + 1)),
            "{msg}"
        );
    }

    #[test]
    fn unknown_older_schema_version_is_refused() {
        let mut v = serde_json::to_value(session()).unwrap();
        v["schema_version"] = Value::from(0);
        let err = migrate(v.clone()).unwrap_err();
        assert!(err.contains("schema_version 0"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        fs::write(&path, v.to_string()).unwrap();
        assert!(parse_message(load(&path)).contains("schema_version 0"));
        // The current version passes through unchanged.
        let cur = serde_json::to_value(session()).unwrap();
        assert_eq!(migrate(cur.clone()).unwrap(), cur);
    }

    #[test]
    fn invalid_reference_names_the_json_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let mut s = session();
        s.scores.push(sheet(101.0));
        fs::write(&path, serde_json::to_string_pretty(&s).unwrap()).unwrap();
        match load(&path) {
            Err(Error::Invalid { path: p, problems }) => {
                assert_eq!(p, path);
                assert!(
                    problems.contains(&Problem::new(
                        "scores[0].values.novelty",
                        "101 is above the scale maximum 100"
                    )),
                    "{problems:?}"
                );
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope.json");
        match load(&path) {
            Err(Error::Io {
                action, path: p, ..
            }) => {
                assert_eq!(action, "read");
                assert_eq!(p, path);
            }
            other => panic!("expected Io, got {other:?}"),
        }
    }

    #[test]
    fn a_held_lock_refuses_a_second_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let first = lock(&path).unwrap();
        assert_eq!(first.path(), lock_path(&path));
        assert_eq!(lock_path(&path), dir.path().join("day1.json.lock"));
        let holder = fs::read_to_string(lock_path(&path)).unwrap();
        assert!(
            holder.starts_with(&format!("pid {} on ", std::process::id())),
            "{holder}"
        );
        assert!(holder.contains(" since "), "{holder}");
        match lock(&path) {
            Err(Error::Locked { path: p, holder }) => {
                assert_eq!(p, path);
                assert!(holder.starts_with("pid "), "{holder}");
            }
            other => panic!("expected Locked, got {other:?}"),
        }
        // The refused attempt left the holder's lock file alone.
        assert!(lock_path(&path).exists());
        drop(first);
        assert!(!lock_path(&path).exists());
        let again = lock(&path).unwrap();
        drop(again);
    }

    #[test]
    fn a_stale_lock_file_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        fs::write(
            lock_path(&path),
            "pid 99999 on elsewhere since 2026-11-22T09:00:00+07:00\n",
        )
        .unwrap();
        let l = lock(&path).unwrap();
        let holder = fs::read_to_string(lock_path(&path)).unwrap();
        assert!(
            holder.starts_with(&format!("pid {} on ", std::process::id())),
            "{holder}"
        );
        assert!(!holder.contains("elsewhere"), "{holder}");
        drop(l);
    }

    #[test]
    fn save_new_refuses_an_existing_file_and_creates_folders() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a").join("b").join("day1.json");
        let mut s = session();
        save_new(&path, &mut s).unwrap();
        assert_eq!(load(&path).unwrap(), s);
        let before = fs::read(&path).unwrap();
        let mut other = session();
        other.title = "Other".into();
        match save_new(&path, &mut other) {
            Err(Error::Exists { path: p }) => assert_eq!(p, path),
            other => panic!("expected Exists, got {other:?}"),
        }
        assert_eq!(fs::read(&path).unwrap(), before);
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![OsString::from("day1.json")]);
    }

    #[test]
    fn the_documented_example_loads() {
        let doc = include_str!("../docs/session-format.md");
        let example = doc
            .split("```json\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("docs/session-format.md has a ```json example");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("example.json");
        fs::write(&path, example).unwrap();
        let mut s = load(&path).unwrap();
        assert_eq!(s.entries.len(), 2);
        assert_eq!(s.jurors.len(), 2);
        assert_eq!(s.scores.iter().filter(|x| x.is_submitted()).count(), 1);
        // Saved again by juri, it reads back the same.
        save(&path, &mut s).unwrap();
        assert_eq!(load(&path).unwrap(), s);
    }

    #[test]
    fn data_dir_follows_juri_home() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("juri-home");
        assert_eq!(data_dir_from(Some(home.clone().into())).unwrap(), home);
        assert!(home.is_dir());
        // An empty JURI_HOME means the platform's folder.
        if let Some(d) = directories::ProjectDirs::from("", "", "juri") {
            let expected = d.data_dir().to_path_buf();
            if expected.is_dir() {
                assert_eq!(data_dir_from(Some(OsString::new())).unwrap(), expected);
            }
        }
    }

    /// A session with a few audited changes: values, a submit, a clock.
    fn audited() -> Session {
        let mut s = session();
        set(&mut s, "problem", 80.0);
        set(&mut s, "novelty", 75.0);
        s.apply(
            "chair",
            crate::model::Change::TimerToggle { entry: "E1".into() },
            now(),
        )
        .unwrap();
        s
    }

    fn set(s: &mut Session, c: &str, v: f64) {
        s.apply(
            "J1",
            crate::model::Change::SetValue {
                entry: "E1".into(),
                juror: "J1".into(),
                criterion: c.into(),
                value: Some(v),
            },
            now(),
        )
        .unwrap();
    }

    #[test]
    fn the_file_written_a_few_records_at_a_time_is_the_whole_session() {
        let mut s = audited();
        s.scores.push(sheet(50.0));
        s.scores[1].entry = "E2".into();
        let whole = snapshot(&s);
        let mut b = SnapshotBuilder::new();
        let mut steps = 0;
        while !b.step(&s, 1) {
            steps += 1;
        }
        // One step per field or record (the empty lists take none of their own).
        assert!(steps + 1 >= FIELDS.len(), "{steps} steps");
        assert_eq!(b.finish(), whole);
        // Every field serde knows of is in the file, with the same value, and then the seal.
        let mut v: Value = serde_json::from_slice(&whole).unwrap();
        let seal = v.as_object_mut().unwrap().remove("seal").unwrap();
        assert_eq!(v, serde_json::to_value(&s).unwrap());
        let cut = whole.len() - SEAL_OPEN.len() - 64 - SEAL_CLOSE.len();
        assert_eq!(seal, crate::model::audit::sha256_hex(&whole[..cut]));
        assert_eq!(seal_problem(&whole), None);
    }

    #[test]
    fn saving_moves_the_events_into_the_journal_and_loading_reads_them_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let mut s = audited();
        save(&path, &mut s).unwrap();
        assert!(s.audit.is_empty());
        assert_eq!(s.log.events, 3);
        let journal = fs::read_to_string(journal_path(&path)).unwrap();
        assert_eq!(journal.lines().count(), 3);
        assert_eq!(s.log.journal_bytes, journal.len() as u64);
        assert_eq!(
            s.log.head,
            crate::model::audit::sha256_hex(journal.lines().last().unwrap().as_bytes())
        );
        let back = load(&path).unwrap();
        assert_eq!(back, s);
        let log = read_log(&path, &back).unwrap();
        assert_eq!(log.len(), 3);
        crate::standings::verify::verify(&back, &log).unwrap();
        // The next change chains on from the journal's last event.
        let mut back = back;
        set(&mut back, "impact", 60.0);
        assert_eq!(back.audit[0].seq, 4);
        assert_eq!(back.audit[0].prev, s.log.head);
        save(&path, &mut back).unwrap();
        let again = load(&path).unwrap();
        crate::standings::verify::verify(&again, &read_log(&path, &again).unwrap()).unwrap();
        assert_eq!(again.sheet("E1", "J1").unwrap().values["impact"], 60.0);
    }

    #[test]
    fn events_in_the_journal_beyond_the_file_are_replayed_and_half_a_line_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let mut s = audited();
        save(&path, &mut s).unwrap();
        let file = fs::read(&path).unwrap();
        // Two more changes reach the journal; the file is not written again (a crash).
        set(&mut s, "impact", 61.0);
        set(&mut s, "impact", 62.0);
        let mut j = Journal::open(&path, &s.log).unwrap();
        let lines = take_pending(&mut s);
        j.append(&lines).unwrap();
        j.append(b"{\"seq\":6,\"at\":").unwrap();
        drop(j);
        assert_eq!(fs::read(&path).unwrap(), file);
        let back = load(&path).unwrap();
        assert_eq!(back.sheet("E1", "J1").unwrap().values["impact"], 62.0);
        assert_eq!(back.log, s.log);
        assert!(back.audit.is_empty());
        // The next save cuts the half line off before appending.
        let mut back = back;
        set(&mut back, "impact", 63.0);
        save(&path, &mut back).unwrap();
        let text = fs::read_to_string(journal_path(&path)).unwrap();
        assert_eq!(text.lines().count(), 6);
        assert!(text.ends_with("}\n"));
        let again = load(&path).unwrap();
        crate::standings::verify::verify(&again, &read_log(&path, &again).unwrap()).unwrap();
    }

    #[test]
    fn a_missing_or_foreign_journal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let mut s = audited();
        save(&path, &mut s).unwrap();
        let jpath = journal_path(&path);
        let journal = fs::read(&jpath).unwrap();

        fs::remove_file(&jpath).unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("the audit journal is missing"), "{err}");

        // Another session's journal of the same length.
        let other = dir.path().join("day2.json");
        let mut t = audited();
        t.id = crate::model::random_id();
        save(&other, &mut t).unwrap();
        fs::copy(journal_path(&other), &jpath).unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(
            err.contains("is not the one the session file names") || err.contains("bytes where"),
            "{err}"
        );

        fs::write(&jpath, &journal[..journal.len() - 10]).unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("events were removed"), "{err}");
        assert!(matches!(load(&path), Err(Error::Journal { .. })));
    }

    #[test]
    fn a_new_session_is_not_given_a_journal_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        fs::write(journal_path(&path), "{}\n").unwrap();
        let err = save_new(&path, &mut session()).unwrap_err();
        assert!(matches!(err, Error::Exists { path: p } if p == journal_path(&path)));
        assert!(!path.exists());
    }

    #[test]
    fn the_writer_appends_in_order_and_puts_the_file_in_place_after_the_journal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let mut s = session();
        save_new(&path, &mut s).unwrap();
        let w = Writer::start(&path, &s.log).unwrap();
        for v in [61.0, 62.0, 63.0] {
            set(&mut s, "impact", v);
            let lines = take_pending(&mut s);
            w.append(s.log.events, lines);
        }
        w.snapshot(s.log.events, snapshot(&s));
        set(&mut s, "impact", 64.0);
        w.append(4, take_pending(&mut s));
        let reports = w.finish();
        assert!(reports.contains(&Written::Journal(4)), "{reports:?}");
        assert!(reports.contains(&Written::Snapshot(3)), "{reports:?}");
        assert!(!reports.iter().any(|r| matches!(r, Written::Failed(_))));
        let (back, in_file) = load_counting(&path).unwrap();
        assert_eq!(
            in_file, 3,
            "the file as of 3 events, the 4th from the journal"
        );
        assert_eq!(back, s);
        crate::standings::verify::verify(&back, &read_log(&path, &back).unwrap()).unwrap();
    }

    #[test]
    fn a_carried_log_moved_to_the_journal_before_the_file_was_rewritten_loads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let s = audited();
        // A file of schema 1 or the demo: the log inside.
        let mut v = serde_json::to_value(&s).unwrap();
        v["audit"] = serde_json::to_value(&s.audit).unwrap();
        fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
        let loaded = load(&path).unwrap();
        assert_eq!(loaded.audit.len(), 3);
        // The first save wrote the journal, then stopped before rewriting the file.
        let mut t = loaded.clone();
        append_pending(&path, &mut t).unwrap();
        let back = load(&path).unwrap();
        assert!(back.audit.is_empty());
        assert_eq!(back.log, t.log);
        // A journal that is not the carried log is refused.
        fs::write(journal_path(&path), b"{\"seq\":1}\n").unwrap();
        assert!(matches!(load(&path), Err(Error::Journal { .. })));
    }

    #[test]
    fn the_version_is_read_off_the_start_of_a_file_juri_wrote() {
        assert_eq!(
            leading_version(b"{\n  \"schema_version\": 2,\n  \"id\""),
            Some(2)
        );
        assert_eq!(leading_version(b" {\"schema_version\":1}"), Some(1));
        for other in [
            &b"{\"title\": \"x\", \"schema_version\": 2}"[..],
            b"{\"schema_version\": 2.0,",
            b"{\"schema_version\": \"2\",",
            b"{\"schema_version\": 99999999999999999999,",
            b"[1]",
        ] {
            assert_eq!(leading_version(other), None, "{other:?}");
        }
    }

    #[test]
    fn an_import_cut_short_in_the_journal_is_left_out_whole() {
        use crate::model::Change;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let mut s = audited();
        save(&path, &mut s).unwrap();
        let before = s.clone();
        let what = "import of paper.csv".to_string();
        s.apply("import", Change::BatchStart { what: what.clone() }, now())
            .unwrap();
        set(&mut s, "impact", 61.0);
        set(&mut s, "interview", 62.0);
        s.apply("import", Change::BatchEnd { what }, now()).unwrap();
        let lines = take_pending(&mut s);
        let cut: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        assert_eq!(cut.len(), 4);
        let journal = journal_path(&path);
        let kept = fs::read(&journal).unwrap();
        // Killed after the start and one value, or just before the end: none of it.
        for upto in [cut[1], cut[2]] {
            let mut j = kept.clone();
            j.extend_from_slice(&lines[..upto]);
            fs::write(&journal, &j).unwrap();
            let back = load(&path).unwrap();
            assert_eq!(back.sheet("E1", "J1"), before.sheet("E1", "J1"));
            assert_eq!(back.log, before.log, "the journal stops before the batch");
        }
        // The whole batch: all of it.
        let mut j = kept;
        j.extend_from_slice(&lines);
        fs::write(&journal, &j).unwrap();
        let back = load(&path).unwrap();
        let sheet = back.sheet("E1", "J1").unwrap();
        assert_eq!(
            (sheet.values["impact"], sheet.values["interview"]),
            (61.0, 62.0)
        );
        assert_eq!(back.log, s.log);
        crate::standings::verify::verify(&back, &read_log(&path, &back).unwrap()).unwrap();
    }

    fn set_pin(s: &mut Session, who: &str, pin: &str) -> String {
        let hash = crate::model::pin::hash_at(pin, crate::model::pin::TEST_COST).unwrap();
        s.apply(
            who,
            crate::model::Change::SetPin {
                who: who.into(),
                hash: hash.clone(),
            },
            now(),
        )
        .unwrap();
        hash
    }

    #[test]
    fn the_journal_records_that_a_pin_was_set_never_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let mut s = session();
        save_new(&path, &mut s).unwrap();
        let first = set_pin(&mut s, "J1", "2468");
        let second = set_pin(&mut s, "J1", "1357");
        let chair = set_pin(&mut s, crate::model::pin::CHAIR, "9999");
        save(&path, &mut s).unwrap();
        let journal = fs::read_to_string(journal_path(&path)).unwrap();
        assert_eq!(journal.lines().count(), 3);
        for h in [&first, &second, &chair] {
            assert!(!journal.contains(h.as_str()), "a hash in the journal");
            let salt = h.split('$').nth(4).unwrap();
            assert!(!journal.contains(salt), "a salt in the journal");
        }
        assert!(!journal.contains("argon2"), "{journal}");
        assert!(journal.contains(&crate::model::audit::sha256_hex(second.as_bytes())));
        // The file holds the current hashes, and so does the side file, no others.
        let back = load(&path).unwrap();
        assert_eq!(back.security.pin_hashes["J1"], second);
        assert_eq!(back.security.pin_hashes["chair"], chair);
        assert_eq!(read_pins(&path), back.security.pin_hashes);
        crate::standings::verify::verify(&back, &read_log(&path, &back).unwrap()).unwrap();
        // A hash put in the file by hand is not the PIN the log set.
        let mut forged = back.clone();
        forged.security.pin_hashes.insert("J1".into(), first);
        let err = crate::standings::verify::verify(&forged, &read_log(&path, &back).unwrap())
            .unwrap_err();
        assert!(err.contains("pin_hashes.J1 is another hash"), "{err}");
        assert!(!err.contains("argon2"), "{err}");
        forged.security.pin_hashes.remove("J1");
        let err = crate::standings::verify::verify(&forged, &read_log(&path, &back).unwrap())
            .unwrap_err();
        assert!(err.contains("pin_hashes.J1 is missing"), "{err}");
    }

    #[test]
    fn a_pin_set_just_before_a_kill_comes_back_from_its_side_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let mut s = session();
        save_new(&path, &mut s).unwrap();
        let old = set_pin(&mut s, "J1", "2468");
        save(&path, &mut s).unwrap();
        let file = fs::read(&path).unwrap();
        // What the screens do: the hash to its side file, the event to the journal; then a
        // kill before the session file is written again.
        let new = set_pin(&mut s, "J1", "1357");
        keep_pins(&path, &s).unwrap();
        let lines = take_pending(&mut s);
        let mut j = Journal::open(&path, &load(&path).unwrap().log).unwrap();
        j.append(&lines).unwrap();
        drop(j);
        assert_eq!(fs::read(&path).unwrap(), file);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(pins_path(&path)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let back = load(&path).unwrap();
        assert_eq!(back.security.pin_hashes["J1"], new);
        assert!(crate::model::pin::check(
            "1357",
            &back.security.pin_hashes["J1"]
        ));
        crate::standings::verify::verify(&back, &read_log(&path, &back).unwrap()).unwrap();
        // Without its side file, the PIN set last is not taken for the old one: it is unset
        // (to be set again), and verify says so.
        fs::rename(pins_path(&path), dir.path().join("away")).unwrap();
        let lost = load(&path).unwrap();
        assert_eq!(lost.security.pin_hashes.get("J1"), None);
        assert_ne!(Some(&old), lost.security.pin_hashes.get("J1"));
        let err =
            crate::standings::verify::verify(&lost, &read_log(&path, &lost).unwrap()).unwrap_err();
        assert!(err.contains("pin_hashes.J1 is missing"), "{err}");
        // The next save writes the recovered hash into the file.
        fs::rename(dir.path().join("away"), pins_path(&path)).unwrap();
        let mut back = load(&path).unwrap();
        set(&mut back, "problem", 70.0);
        save(&path, &mut back).unwrap();
        fs::remove_file(pins_path(&path)).unwrap();
        let again = load(&path).unwrap();
        assert_eq!(again.security.pin_hashes["J1"], new);
        crate::standings::verify::verify(&again, &read_log(&path, &again).unwrap()).unwrap();
    }

    #[test]
    fn a_journal_of_an_older_juri_with_pin_hashes_still_loads_and_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        let mut s = session();
        // An older juri recorded the hash itself in the event.
        let hash = crate::model::pin::hash_at("2468", crate::model::pin::TEST_COST).unwrap();
        let legacy = crate::model::Change::SetPin {
            who: "J1".into(),
            hash: hash.clone(),
        };
        s.replay("J1", legacy, now()).unwrap();
        set(&mut s, "problem", 80.0);
        save(&path, &mut s).unwrap();
        let journal = fs::read_to_string(journal_path(&path)).unwrap();
        assert!(journal.contains(&hash), "the legacy event keeps its hash");
        let back = load(&path).unwrap();
        crate::standings::verify::verify(&back, &read_log(&path, &back).unwrap()).unwrap();
        // A new PIN after it is recorded the new way, and both verify.
        let mut back = back;
        let new = set_pin(&mut back, "J1", "1357");
        save(&path, &mut back).unwrap();
        let again = load(&path).unwrap();
        assert_eq!(again.security.pin_hashes["J1"], new);
        crate::standings::verify::verify(&again, &read_log(&path, &again).unwrap()).unwrap();
        // The backup (as `juri recover` restores it), replayed from the journal: the PIN set
        // after it comes from the side file, and it verifies too.
        let bak = load_backup(&path).unwrap();
        crate::standings::verify::verify(&bak, &read_log(&path, &bak).unwrap()).unwrap();
    }
}
