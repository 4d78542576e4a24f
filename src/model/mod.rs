//! The session model: plain data that is saved as JSON, plus its checks and changes.

pub mod audit;
pub mod days;
mod index;
pub mod merge;
pub mod num;
mod ops;
mod ops_stages;
pub mod pin;
pub mod rubric;
pub mod rules;
pub mod schedule;
pub mod stages;
pub mod time;
pub mod timer;
mod validate;
mod validate_stages;
mod values;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

pub use ops::Change;
pub use rubric::{Criterion, Rubric, Text};
pub use rules::{Award, Rules};
pub use validate::{parse_hhmm, validate};
pub use values::Values;

use crate::model::audit::AuditEvent;
use crate::model::timer::EntryTimer;

/// The schema version this build writes; older files are migrated on load.
pub const SCHEMA_VERSION: u32 = 2;

pub type Time = DateTime<FixedOffset>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub schema_version: u32,
    /// Random id fixed at creation; names the session in audit records.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub stage: String,
    /// "id" (Bahasa Indonesia) or "en"; the screens use it unless told otherwise.
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    pub created: Time,
    pub updated: Time,
    /// The planned day: when the first slot starts and how long each slot is.
    #[serde(default)]
    pub schedule: Option<Schedule>,
    pub rubric: Rubric,
    /// Criteria, in order, that break ties between equal scores.
    #[serde(default)]
    pub tie_break: Vec<String>,
    /// The fewest submitted sheets an entry needs to be ranked (capped at the jurors expected
    /// to score it); below it the entry is listed but not ranked. `None`: one sheet is enough,
    /// and a file without a quorum stays as it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<u32>,
    /// The rules that decide the winners (trimming, rounding, weights, lines, passing grade);
    /// none saved when the session keeps the defaults.
    #[serde(default, skip_serializing_if = "Rules::is_default")]
    pub rules: Rules,
    /// Special awards the chair recorded, in the order given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub awards: Vec<Award>,
    /// The sessions this one was merged from (`juri merge`), with their fingerprints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<merge::Source>,
    pub categories: Vec<Category>,
    /// The earlier stages whose scores count toward the final one, and the previous file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<stages::Chain>,
    pub entries: Vec<Entry>,
    pub jurors: Vec<Juror>,
    #[serde(default)]
    pub scores: Vec<Sheet>,
    #[serde(default)]
    pub timers: Vec<EntryTimer>,
    /// The entry being presented now, if any.
    #[serde(default)]
    pub current: Option<String>,
    #[serde(default)]
    pub security: Security,
    /// How far the audit journal beside the file goes (see `store`).
    #[serde(default)]
    pub log: LogHead,
    /// Audit events not yet in the journal, oldest first: `audit[0]` follows `log`. A file may
    /// carry its whole log here (as the bundled demo and files of schema 1 do); the first save
    /// moves it into the journal.
    #[serde(default, skip_serializing)]
    pub audit: Vec<AuditEvent>,
    /// Sequence number and SHA-256 of `audit`'s last event, once computed.
    #[serde(skip)]
    pub(crate) tip: Tip,
    #[serde(skip)]
    pub(crate) index: index::Index,
    /// Why the file this was loaded from must be checked in full before it is written again
    /// (it has no seal, or not its own: see `store`); `None` for a session made in memory.
    #[serde(skip)]
    pub(crate) unsealed: Unsealed,
    /// PIN hashes by the SHA-256 the audit log names them by, for replaying `pin.set` events
    /// whose hash is not (or not yet) in `security` (see `store::keep_pins`).
    #[serde(skip)]
    pub(crate) known_pins: KnownPins,
}

/// See [`Session::known_pins`]; it takes no part in comparing sessions.
#[derive(Debug, Clone, Default)]
pub(crate) struct KnownPins(pub(crate) BTreeMap<String, String>);

impl PartialEq for KnownPins {
    fn eq(&self, _: &KnownPins) -> bool {
        true
    }
}

impl KnownPins {
    /// Adds hashes, each under its SHA-256.
    pub(crate) fn add<'a>(&mut self, hashes: impl IntoIterator<Item = &'a String>) {
        for h in hashes {
            self.0
                .insert(crate::model::audit::sha256_hex(h.as_bytes()), h.clone());
        }
    }
}

/// See [`Session::unsealed`]; it takes no part in comparing sessions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Unsealed(pub(crate) Option<&'static str>);

impl PartialEq for Unsealed {
    fn eq(&self, _: &Unsealed) -> bool {
        true
    }
}

/// A cache of the last event's hash; it takes no part in comparing sessions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tip(pub(crate) Option<(u64, String)>);

impl PartialEq for Tip {
    fn eq(&self, _: &Tip) -> bool {
        true
    }
}

/// Where the audit journal stands: how many events it holds, the hash of the last one, and its
/// length in bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LogHead {
    pub events: u64,
    /// SHA-256 (hex) of the last event; empty while there is none.
    #[serde(default)]
    pub head: String,
    #[serde(default)]
    pub journal_bytes: u64,
}

/// Who may do what at a shared keyboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Security {
    /// Jurors need their PIN to open their sheet; chair actions need the chair's PIN.
    #[serde(default)]
    pub pins: bool,
    /// Standings are hidden from the room until the chair reveals them.
    #[serde(default)]
    pub blind: bool,
    /// Juror id or "chair" -> Argon2id hash (PHC string). The PIN itself is never stored.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pin_hashes: BTreeMap<String, String>,
    /// Juror id or "chair" -> until when the PIN is locked after too many wrong tries.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lockouts: BTreeMap<String, Time>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// First slot's start, as written on the agenda: "09:00".
    pub start: String,
    pub slot_minutes: u32,
    /// The days the agenda spans, in order; none: one day from `start`, without end.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<AgendaDay>,
}

/// One day of a multi-day agenda: slots run from `start` to `end` and never across a break.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaDay {
    pub date: chrono::NaiveDate,
    /// "09:00"
    pub start: String,
    /// "14:20"
    pub end: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<Break>,
}

/// A pause in a day (lunch, *ISHOMA*): "12:00" to "13:00".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Break {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub name: String,
    /// How many entries of this category go through (Top N), if there is a cut-off.
    #[serde(default)]
    pub top_n: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Scheduled,
    Presenting,
    Interviewing,
    Done,
    Absent,
    Withdrawn,
    /// Did not pass the administrative screening (*tidak lolos administrasi*): never slotted,
    /// never scored, listed with its reason.
    Ineligible,
}

impl Status {
    /// The status in words, as the screens, the agenda and the recap say it.
    pub fn word(self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::T;
        match self {
            Status::Scheduled => T::StScheduled,
            Status::Presenting => T::StPresenting,
            Status::Interviewing => T::StInterviewing,
            Status::Done => T::StDone,
            Status::Absent => T::StAbsent,
            Status::Withdrawn => T::StWithdrawn,
            Status::Ineligible => T::StIneligible,
        }
        .get(lang)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Scheduled => "scheduled",
            Status::Presenting => "presenting",
            Status::Interviewing => "interviewing",
            Status::Done => "done",
            Status::Absent => "absent",
            Status::Withdrawn => "withdrawn",
            Status::Ineligible => "ineligible",
        }
    }

    /// Whether the entry has a slot on the agenda. Ineligible and withdrawn entries are known
    /// before the day and get none; an absent one keeps the slot it had when it did not show up
    /// (the plan was already sent, and the entries after it were planned from it).
    pub fn slotted(self) -> bool {
        !matches!(self, Status::Withdrawn | Status::Ineligible)
    }

    /// Absent, withdrawn and ineligible entries are listed but never ranked or scored.
    pub fn competes(self) -> bool {
        !matches!(
            self,
            Status::Absent | Status::Withdrawn | Status::Ineligible
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub institution: String,
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presenter: Option<String>,
    #[serde(default)]
    pub status: Status,
    /// Why the entry is ineligible (the screening's reason); set with the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The group beside the category (*kelompok*: umum, replikasi, khusus).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The agenda day (1-based) the entry is held to; it never runs earlier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Juror {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Entries this juror must not score (conflict of interest).
    #[serde(default)]
    pub conflicts: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SheetState {
    #[default]
    Draft,
    Submitted,
}

/// One juror's score sheet for one entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub entry: CompactString,
    pub juror: CompactString,
    /// Criterion id -> value; a criterion not yet scored is absent.
    pub values: Values,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
    #[serde(default)]
    pub comment: String,
    pub state: SheetState,
    #[serde(deserialize_with = "time::de")]
    pub created: Time,
    #[serde(deserialize_with = "time::de")]
    pub updated: Time,
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub submitted: Option<Time>,
}

impl Sheet {
    pub fn is_submitted(&self) -> bool {
        self.state == SheetState::Submitted
    }

    pub fn is_complete(&self, rubric: &Rubric) -> bool {
        rubric
            .criteria
            .iter()
            .all(|c| self.values.contains_key(&c.id))
    }
}

impl Session {
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entry_pos(id).map(|i| &self.entries[i])
    }

    pub fn juror(&self, id: &str) -> Option<&Juror> {
        self.juror_pos(id).map(|i| &self.jurors[i])
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn sheet(&self, entry: &str, juror: &str) -> Option<&Sheet> {
        self.sheet_pos(entry, juror).map(|i| &self.scores[i])
    }

    pub fn timer(&self, entry: &str) -> Option<&EntryTimer> {
        self.timer_pos(entry).map(|i| &self.timers[i])
    }

    pub fn conflicted(&self, juror: &str, entry: &str) -> bool {
        self.juror(juror)
            .is_some_and(|j| j.conflicts.iter().any(|c| c == entry))
    }

    /// Jurors expected to score `entry`: all but those with a conflict.
    pub fn expected_sheets(&self, entry: &str) -> usize {
        self.jurors
            .iter()
            .filter(|j| !j.conflicts.iter().any(|c| c == entry))
            .count()
    }

    /// Sheets `entry` needs to be ranked: the quorum, but never more than its jurors expected.
    pub fn quorum_for(&self, entry: &str) -> usize {
        self.quorum
            .map_or(0, |q| (q as usize).min(self.expected_sheets(entry)))
    }

    pub fn submitted_sheets(&self, entry: &str) -> usize {
        self.sheets_of(entry)
            .filter(|&i| self.scores[i].is_submitted())
            .count()
    }

    /// A new, empty session with a fresh random id.
    pub fn new(title: &str, rubric: Rubric, now: Time) -> Session {
        Session {
            schema_version: SCHEMA_VERSION,
            id: random_id(),
            title: title.into(),
            stage: String::new(),
            language: None,
            place: None,
            created: now,
            updated: now,
            schedule: None,
            rubric,
            tie_break: Vec::new(),
            quorum: None,
            rules: Rules::default(),
            awards: Vec::new(),
            sources: Vec::new(),
            categories: Vec::new(),
            chain: None,
            entries: Vec::new(),
            jurors: Vec::new(),
            scores: Vec::new(),
            timers: Vec::new(),
            current: None,
            security: Security::default(),
            log: LogHead::default(),
            audit: Vec::new(),
            tip: Tip::default(),
            index: Default::default(),
            unsealed: Unsealed::default(),
            known_pins: KnownPins::default(),
        }
    }
}

/// 128 random bits as hex; falls back to the clock if the system has no randomness to give.
pub fn random_id() -> String {
    let mut buf = [0u8; 16];
    if getrandom::fill(&mut buf).is_err() {
        let nanos = chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default();
        buf[..8].copy_from_slice(&nanos.to_le_bytes());
        buf[8..12].copy_from_slice(&std::process::id().to_le_bytes());
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}
