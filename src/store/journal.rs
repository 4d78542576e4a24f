//! The audit journal: one event per line, only ever appended to, attached to its session on load.

use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Session;

use super::*;

// ---------------------------------------------------------------------------------------------
// The audit journal

/// A session's journal, open for appending.
#[derive(Debug)]
pub struct Journal {
    pub(super) file: File,
    pub(super) path: PathBuf,
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

pub(super) fn journal_error(path: &Path, problem: String) -> Error {
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
pub(super) fn line_before(file: &mut File, end: u64) -> io::Result<Vec<u8>> {
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
pub(super) fn attach(s: &mut Session, jpath: &Path) -> Result<()> {
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
