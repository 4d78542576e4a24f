//! Writing in the background: a thread that saves and appends so the screens never wait for the disk.

use std::io::{self, Seek};
use std::path::Path;

use crate::error::{Error, Result};

use super::*;

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

pub(super) enum Job {
    Append { events: u64, lines: Vec<u8> },
    Snapshot { events: u64, bytes: Vec<u8> },
}

/// Writes a session's journal lines and session files on a thread of its own, so that a
/// keystroke never waits for the disk. Lines are appended in the order given and synced in
/// batches; a session file is put in place only after the journal lines before it are
/// durable. What it did comes back through [`Writer::poll`].
pub struct Writer {
    pub(super) jobs: Option<std::sync::mpsc::Sender<Job>>,
    pub(super) done: std::sync::mpsc::Receiver<Written>,
    pub(super) thread: Option<std::thread::JoinHandle<()>>,
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

pub(super) fn write_loop(
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
pub(super) struct Pending {
    pub(super) journal: Journal,
    /// Bytes of the journal known to be on disk.
    pub(super) durable: u64,
    pub(super) unwritten: Vec<u8>,
    /// The number of events `unwritten` brings the journal to.
    pub(super) target: u64,
    pub(super) file: Option<(u64, Vec<u8>)>,
}

impl Pending {
    pub(super) fn write(&mut self, path: &Path, done: &std::sync::mpsc::Sender<Written>) {
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
