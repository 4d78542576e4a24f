//! The session file's format: the seal, parsing, migrating old versions, and the snapshot layout.

use std::path::Path;

use serde_json::Value;
use serde_json::error::Category;

use crate::error::{Error, Result};
use crate::model::{self, SCHEMA_VERSION, Session};

use super::*;

// ---------------------------------------------------------------------------------------------
// The seal: a file changed outside juri is not written over

/// How every session file juri writes ends: `,\n  "seal": "HEX"\n}\n`, where HEX is the
/// SHA-256 of the bytes before it. A file edited by hand no longer matches its seal.
pub(super) const SEAL_OPEN: &[u8] = b",\n  \"seal\": \"";
pub(super) const SEAL_CLOSE: &[u8] = b"\"\n}\n";

/// Why `bytes` are not a file as juri wrote it, if they are not.
pub(super) fn seal_problem(bytes: &[u8]) -> Option<&'static str> {
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
pub(super) fn note_seal(s: &mut Session, bytes: &[u8]) {
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

pub(super) fn parse_error(path: &Path, message: impl Into<String>) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Explains a serde_json error in words for the secretariat.
pub(super) fn describe(e: &serde_json::Error) -> String {
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

pub(super) fn parse(path: &Path, bytes: &[u8]) -> Result<Session> {
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
pub(super) fn probe_version(bytes: &[u8]) -> std::result::Result<u64, String> {
    #[derive(serde::Deserialize)]
    pub(super) struct Probe {
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
pub(super) fn leading_version(bytes: &[u8]) -> Option<u64> {
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
pub(super) fn schema_version(value: &Value) -> std::result::Result<u64, String> {
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
pub(super) const SAME_SHAPE_SINCE: u64 = 1;

/// One migration step: changes a raw session of version `from` into version `from + 1`.
pub(super) type Step = fn(&mut Value) -> std::result::Result<(), String>;

/// The migration steps, by the version they start from. To change the format to version N+1:
/// raise `model::SCHEMA_VERSION` to N+1 and add `(N, step_N_to_N1)` here, where the step edits
/// the raw JSON (rename a field, add a default, ...). `migrate` sets `schema_version` after each.
pub(super) const MIGRATIONS: &[(u64, Step)] = &[(1, step_1_to_2)];

/// Version 2 keeps the audit log in a journal beside the file and says in `log` how far it
/// goes. A version-1 file carries its whole log in `audit`: it is read as events not yet in the
/// journal, and the first save moves them there. No field changes shape.
pub(super) fn step_1_to_2(_: &mut Value) -> std::result::Result<(), String> {
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
    pub(super) buf: Vec<u8>,
    pub(super) field: usize,
    pub(super) item: usize,
    /// The seal's hash, fed a step at a time so that no step hashes the whole file.
    pub(super) hasher: sha2::Sha256,
    pub(super) hashed: usize,
}

/// Writes record `i` of one of the session's lists.
pub(super) type WriteRecord<'a> = dyn Fn(&mut Vec<u8>, usize) + 'a;

/// The fields of a session file, in order; the lists among them are written record by record.
pub(super) const FIELDS: [&str; 24] = [
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
    "chain",
    "entries",
    "jurors",
    "scores",
    "timers",
    "current",
    "rules",
    "awards",
    "sources",
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
            if (name == "quorum" && s.quorum.is_none())
                || (name == "chain" && s.chain.is_none())
                || (name == "rules" && s.rules.is_default())
                || (name == "awards" && s.awards.is_empty())
                || (name == "sources" && s.sources.is_empty())
            {
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

    pub(super) fn scalar(&mut self, s: &Session, name: &str) {
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
            "chain" => to(b, &s.chain),
            "current" => to(b, &s.current),
            "rules" => to(b, &s.rules),
            "awards" => to(b, &s.awards),
            "sources" => to(b, &s.sources),
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

pub(super) fn to(buf: &mut Vec<u8>, v: &impl serde::Serialize) {
    // Plain data always serializes (no maps with non-string keys, no failing Serialize impls).
    let _ = serde_json::to_writer(buf, v);
}
