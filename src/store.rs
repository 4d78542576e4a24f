//! Storage: the one place that reads and writes session files.
//!
//! - `load` reads, migrates and checks a file, and never writes anything.
//! - `save` writes a temporary file next to the session, keeps the previous version as
//!   `NAME.bak`, then renames the new file into place: a crash leaves either the old or the new
//!   file at the path, never half of one.
//! - `lock` takes an OS lock on `NAME.lock` for as long as a session is being changed, so a second
//!   juri gets a clear error instead of overwriting the first one's work.
//!
//! Every file written here is readable and writable by its owner only (0600 on Unix).

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

/// Reads, migrates and checks the session at `path`. Never writes anything.
pub fn load(path: &Path) -> Result<Session> {
    let bytes = fs::read(path).map_err(|e| Error::io("read", path, e))?;
    parse(path, &bytes)
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
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| parse_error(path, describe(&e)))?;
    let version = schema_version(&value).map_err(|m| parse_error(path, m))?;
    let session: Session = if version > u64::from(SCHEMA_VERSION) {
        return Err(parse_error(
            path,
            format!(
                "it was written by a newer juri (schema_version {version}; this juri reads up to \
                 {SCHEMA_VERSION}): update juri to open it"
            ),
        ));
    } else if version == u64::from(SCHEMA_VERSION) {
        // Read from the bytes again so that shape errors name their line and column.
        serde_json::from_slice(bytes).map_err(|e| parse_error(path, describe(&e)))?
    } else {
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

/// One migration step: changes a raw session of version `from` into version `from + 1`.
type Step = fn(&mut Value) -> std::result::Result<(), String>;

/// The migration steps, by the version they start from. To change the format to version N+1:
/// raise `model::SCHEMA_VERSION` to N+1 and add `(N, step_N_to_N1)` here, where the step edits
/// the raw JSON (rename a field, add a default, ...). `migrate` sets `schema_version` after each.
const MIGRATIONS: &[(u64, Step)] = &[];

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
// Saving

/// Opens a new file for writing, readable and writable by its owner only.
fn create_private(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    let f = o.open(path)?;
    set_private(path)?;
    Ok(f)
}

/// Sets 0600 exactly (the process umask may have removed bits from `create`'s mode only).
fn set_private(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Makes the renames in `folder` durable; best effort (not every system can sync a folder).
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(folder) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// Writes `session` as pretty JSON to a fresh hidden file next to `path` and syncs it.
fn write_temp(path: &Path, session: &Session) -> Result<PathBuf> {
    let mut text = serde_json::to_string_pretty(session)
        .map_err(|e| Error::io("write", path, io::Error::other(e)))?;
    text.push('\n');
    write_temp_bytes(path, text.as_bytes())
}

/// Restores `path` to `bytes` (a backup's content) atomically, leaving the backup as it is.
pub fn restore(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = write_temp_bytes(path, bytes)?;
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

/// Replaces `NAME.bak` with the current content of `path`, never leaving the backup half-written.
fn back_up(path: &Path) -> io::Result<()> {
    let bak = bak_path(path);
    let tmp = temp_path(path, "bak");
    // A hard link is instant and exact; where the file system has none, copy.
    if fs::hard_link(path, &tmp).is_err() {
        let _ = fs::remove_file(&tmp);
        let mut from = File::open(path)?;
        let mut to = create_private(&tmp)?;
        io::copy(&mut from, &mut to)?;
        to.sync_all()?;
    }
    let moved = set_private(&tmp).and_then(|()| fs::rename(&tmp, &bak));
    if moved.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    moved
}

/// Writes `session` to `path` atomically, keeping the previous version in `NAME.bak`.
///
/// Hold the session's [`Lock`] while changing and saving it.
pub fn save(path: &Path, session: &Session) -> Result<()> {
    let tmp = write_temp(path, session)?;
    let result = (|| {
        if path.exists() {
            back_up(path).map_err(|e| Error::io("back up", path, e))?;
        }
        fs::rename(&tmp, path).map_err(|e| Error::io("write", path, e))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    sync_folder(&folder_of(path));
    Ok(())
}

/// Writes a new session file, creating its folder; refuses if `path` already exists.
pub fn save_new(path: &Path, session: &Session) -> Result<()> {
    if path.exists() {
        return Err(Error::Exists {
            path: path.to_path_buf(),
        });
    }
    let folder = folder_of(path);
    fs::create_dir_all(&folder).map_err(|e| Error::io("create", &folder, e))?;
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
        match (file.metadata(), fs::metadata(path)) {
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
    let lpath = lock_path(path);
    for _ in 0..10 {
        let mut o = OpenOptions::new();
        o.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let mut file = o.open(&lpath).map_err(|e| Error::io("create", &lpath, e))?;
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
        let _ = set_private(&lpath);
        let written = (|| {
            file.set_len(0)?;
            file.rewind()?;
            file.write_all(holder_text().as_bytes())?;
            file.write_all(b"\n")?;
            file.sync_all()
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
            values: BTreeMap::from([("novelty".to_string(), value)]),
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
        save(&path, &s).unwrap();
        assert_eq!(load(&path).unwrap(), s);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("{\n  \"schema_version\": 1,"));
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
        save(&path, &s).unwrap();
        let first = fs::read(&path).unwrap();
        s.title = "Final KIPP, hari 2".into();
        save(&path, &s).unwrap();
        assert_eq!(bak_path(&path), dir.path().join("day1.json.bak"));
        assert_eq!(read_bak(&path), Some(bak_path(&path)));
        assert_eq!(fs::read(bak_path(&path)).unwrap(), first);
        assert_eq!(load(&path).unwrap().title, "Final KIPP, hari 2");
        // A third save moves the second version into the backup.
        let second = fs::read(&path).unwrap();
        s.title = "Final KIPP, hari 3".into();
        save(&path, &s).unwrap();
        assert_eq!(fs::read(bak_path(&path)).unwrap(), second);
    }

    #[cfg(unix)]
    #[test]
    fn files_are_private_to_their_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day1.json");
        save_new(&path, &session()).unwrap();
        save(&path, &session()).unwrap();
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
        fs::write(&path, "{\"schema_version\": 1, \"title\": 3}").unwrap();
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
        let s = session();
        save_new(&path, &s).unwrap();
        assert_eq!(load(&path).unwrap(), s);
        let before = fs::read(&path).unwrap();
        let mut other = session();
        other.title = "Other".into();
        match save_new(&path, &other) {
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
        let s = load(&path).unwrap();
        assert_eq!(s.entries.len(), 2);
        assert_eq!(s.jurors.len(), 2);
        assert_eq!(s.scores.iter().filter(|x| x.is_submitted()).count(), 1);
        // Saved again by juri, it reads back the same.
        save(&path, &s).unwrap();
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
}
