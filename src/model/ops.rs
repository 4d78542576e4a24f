//! Every change that matters goes through [`Session::apply`], which checks it, makes it and
//! writes it to the audit log. A refused change leaves the session exactly as it was.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{Session, Sheet, SheetState, Status, Time};
use crate::error::{Error, Refusal, Result};
use crate::model::audit;
use crate::model::timer::{EntryTimer, Phase};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// Sets (or with `None`, clears) one criterion's value on a draft sheet.
    SetValue {
        entry: String,
        juror: String,
        criterion: String,
        value: Option<f64>,
    },
    SetNote {
        entry: String,
        juror: String,
        criterion: String,
        note: String,
    },
    SetComment {
        entry: String,
        juror: String,
        comment: String,
    },
    /// Locks a complete sheet: it counts in the standings from now on.
    Submit {
        entry: String,
        juror: String,
    },
    /// The chair unlocks a submitted sheet; the reason is kept in the audit log.
    Reopen {
        entry: String,
        juror: String,
        reason: String,
    },
    SetStatus {
        entry: String,
        status: Status,
    },
    /// Moves an entry to position `to` (0-based) of the agenda.
    MoveEntry {
        entry: String,
        to: usize,
    },
    SetCurrent {
        entry: Option<String>,
    },
    /// Switches PIN protection on or off.
    SetPins {
        on: bool,
    },
    /// Hides (or reveals) the standings from the room.
    SetBlind {
        on: bool,
    },
    /// Sets (or with `None`, clears) the fewest submitted sheets an entry needs to be ranked.
    SetQuorum {
        quorum: Option<u32>,
    },
    /// Stores the hash of a juror's or the chair's PIN (never the PIN). The audit log records
    /// it as [`Change::PinSet`], without the hash; logs written before that carry the hash.
    SetPin {
        who: String,
        hash: String,
    },
    /// A PIN set, as the audit log records it: whose, and the SHA-256 (hex) of the new hash.
    /// The hash itself stays out of the append-only log, where it could never be removed; the
    /// digest gives nothing to guess PINs against (the hash's random salt is not in it).
    /// Replayed with the session's own hash of that digest; without one, the PIN is unset.
    PinSet {
        who: String,
        digest: String,
    },
    /// Removes a PIN or an invite code (`invite:ID`): an invite is used once, when its holder
    /// chooses a PIN.
    ClearPin {
        who: String,
    },
    /// Locks a PIN after too many wrong tries, until the time given.
    PinLockout {
        who: String,
        until: Time,
    },
    TimerToggle {
        entry: String,
    },
    TimerNext {
        entry: String,
    },
    TimerReset {
        entry: String,
    },
    /// Takes back the last phase change of an entry's clock (see `EntryTimer::undo_phase`).
    TimerUndo {
        entry: String,
    },
    /// Opens one change made of many events (an import). A journal that stops before the
    /// matching `BatchEnd` (a juri killed while writing it) is read without the open batch.
    BatchStart {
        what: String,
    },
    BatchEnd {
        what: String,
    },
    /// The chair sets the rules that decide the winners: lines, passing grade, trimming,
    /// rounding, weights (all of them at once; the audit log keeps the rules before).
    SetRules {
        rules: crate::model::Rules,
    },
    /// The chair gives an entry a special award, with the reason.
    GiveAward {
        award: crate::model::Award,
    },
    /// The chair takes back a special award; the reason is kept in the audit log.
    WithdrawAward {
        name: String,
        entry: String,
        reason: String,
    },
    /// The chair marks an entry ineligible (it did not pass the administrative screening), with
    /// the reason; `SetStatus` to another status makes it eligible again.
    SetIneligible {
        entry: String,
        reason: String,
    },
    /// The chair holds an entry to another agenda day (1-based) and moves it to position `to`
    /// of the agenda, where that day's entries are.
    MoveDay {
        entry: String,
        day: u32,
        to: usize,
    },
    /// Sets an earlier stage's scores (replacing the stage of that name, or adding it).
    ImportStage {
        stage: crate::model::stages::EarlierStage,
    },
}

impl Change {
    /// The entry whose sheet this change writes on, if it writes on one.
    fn sheet_entry(&self) -> Option<&str> {
        match self {
            Change::SetValue { entry, .. }
            | Change::SetNote { entry, .. }
            | Change::SetComment { entry, .. }
            | Change::Submit { entry, .. } => Some(entry),
            _ => None,
        }
    }
}

fn rejected(why: Refusal) -> Error {
    Error::Refused(why)
}

impl Session {
    /// Checks and makes one change as `actor` at `now`, recording it in the audit log.
    pub fn apply(&mut self, actor: &str, change: Change, now: Time) -> Result<()> {
        // Checked here, not on replay: logs written before this rule still replay as they were.
        if let Some(entry) = change.sheet_entry()
            && let Some(e) = self.entry(entry)
            && !e.status.competes()
        {
            return Err(rejected(Refusal::NotScorable {
                entry: entry.into(),
                status: e.status.as_str(),
            }));
        }
        // Checked here, not on replay, for the same reason: the screening stays until the chair
        // lifts it (back to scheduled), and a move into a full day.
        if let Change::SetStatus { entry, status } = &change
            && *status != Status::Scheduled
            && self
                .entry(entry)
                .is_some_and(|e| e.status == Status::Ineligible)
        {
            return Err(rejected(Refusal::StillIneligible(entry.clone())));
        }
        if let Change::MoveDay { entry, day, to } = &change
            && self.schedule.as_ref().is_some_and(|x| !x.days.is_empty())
            && self.entry(entry).is_some_and(|e| e.status.slotted())
            && (*day as usize) <= self.schedule.as_ref().map_or(0, |x| x.days.len())
            && *day > 0
            && !crate::model::days::move_fits(self, entry, *day, *to)
        {
            return Err(rejected(Refusal::DayFull(*day)));
        }
        let made = match &change {
            Change::SetPin { who, hash } => Change::PinSet {
                who: who.clone(),
                digest: audit::sha256_hex(hash.as_bytes()),
            },
            other => other.clone(),
        };
        self.record(actor, change, made, now)
    }

    /// Makes a change read back from the audit log, recording it exactly as the log has it
    /// (a PIN set of an older log keeps its hash).
    pub fn replay(&mut self, actor: &str, change: Change, now: Time) -> Result<()> {
        let made = change.clone();
        self.record(actor, change, made, now)
    }

    fn record(&mut self, actor: &str, change: Change, made: Change, now: Time) -> Result<()> {
        self.ensure_index();
        // The chain link is taken before the change: the first event's genesis is the
        // session as it was.
        let prev = audit::head(self);
        let (action, subject, mut old, mut new, reason) = self.make(change, now)?;
        if let Change::PinSet { .. } | Change::ClearPin { .. } = made {
            // Whether there was a PIN before depends on hashes the log does not keep.
            (old, new) = (Value::Null, Value::Null);
        }
        audit::record(
            self, prev, now, actor, action, subject, old, new, reason, made,
        );
        self.updated = now;
        Ok(())
    }

    /// Whether `who` may have a PIN: a juror, the chair, the presenter of a served panel, or
    /// the invite code of one of them.
    pub fn may_hold_pin(&self, who: &str) -> bool {
        let person = who
            .strip_prefix(crate::model::pin::INVITE_PREFIX)
            .unwrap_or(who);
        person == crate::model::pin::CHAIR
            || person == crate::model::pin::PRESENTER
            || self.juror(person).is_some()
    }

    /// The sheet a juror may write on, created as a draft when it does not exist yet.
    fn writable_sheet(&mut self, entry: &str, juror: &str, now: Time) -> Result<usize> {
        if self.entry(entry).is_none() {
            return Err(rejected(Refusal::NoEntry(entry.into())));
        }
        if self.juror(juror).is_none() {
            return Err(rejected(Refusal::NoJuror(juror.into())));
        }
        if self.conflicted(juror, entry) {
            return Err(rejected(Refusal::Conflict {
                juror: juror.into(),
                entry: entry.into(),
            }));
        }
        match self.sheet_pos(entry, juror) {
            Some(i) if self.scores[i].is_submitted() => Err(rejected(Refusal::SheetSubmitted {
                juror: juror.into(),
                entry: entry.into(),
            })),
            Some(i) => Ok(i),
            None => {
                self.scores.push(Sheet {
                    entry: entry.into(),
                    juror: juror.into(),
                    values: Default::default(),
                    notes: Default::default(),
                    comment: String::new(),
                    state: SheetState::Draft,
                    created: now,
                    updated: now,
                    submitted: None,
                });
                self.index_new_sheet();
                Ok(self.scores.len() - 1)
            }
        }
    }

    pub(super) fn entry_index(&self, entry: &str) -> Result<usize> {
        self.entry_pos(entry)
            .ok_or_else(|| rejected(Refusal::NoEntry(entry.into())))
    }

    fn timer_mut(&mut self, entry: &str) -> Result<&mut EntryTimer> {
        self.entry_index(entry)?;
        let i = match self.timer_pos(entry) {
            Some(i) => i,
            None => {
                self.timers.push(EntryTimer::new(
                    entry,
                    self.rubric.presentation_seconds,
                    self.rubric.interview_seconds,
                ));
                self.index_new_timer();
                self.timers.len() - 1
            }
        };
        Ok(&mut self.timers[i])
    }

    #[allow(clippy::type_complexity)]
    fn make(
        &mut self,
        change: Change,
        now: Time,
    ) -> Result<(&'static str, String, Value, Value, Option<String>)> {
        Ok(match change {
            Change::SetValue {
                entry,
                juror,
                criterion,
                value,
            } => {
                let c = self
                    .rubric
                    .criterion(&criterion)
                    .ok_or_else(|| rejected(Refusal::NoCriterion(criterion.clone())))?;
                if let Some(v) = value {
                    c.check_value(v).map_err(|error| {
                        rejected(Refusal::Value {
                            criterion: criterion.clone(),
                            error,
                        })
                    })?;
                }
                let i = self.writable_sheet(&entry, &juror, now)?;
                let sheet = &mut self.scores[i];
                let old = match value {
                    Some(v) => sheet.values.insert(criterion.clone(), v),
                    None => sheet.values.remove(&criterion),
                };
                sheet.updated = now;
                (
                    "score.set",
                    format!("{entry}/{juror}/{criterion}"),
                    json!(old),
                    json!(value),
                    None,
                )
            }
            Change::SetNote {
                entry,
                juror,
                criterion,
                note,
            } => {
                if self.rubric.criterion(&criterion).is_none() {
                    return Err(rejected(Refusal::NoCriterion(criterion)));
                }
                let i = self.writable_sheet(&entry, &juror, now)?;
                let sheet = &mut self.scores[i];
                let old = if note.is_empty() {
                    sheet.notes.remove(&criterion)
                } else {
                    sheet.notes.insert(criterion.clone(), note.clone())
                };
                sheet.updated = now;
                (
                    "note.set",
                    format!("{entry}/{juror}/{criterion}"),
                    json!(old.unwrap_or_default()),
                    json!(note),
                    None,
                )
            }
            Change::SetComment {
                entry,
                juror,
                comment,
            } => {
                let i = self.writable_sheet(&entry, &juror, now)?;
                let sheet = &mut self.scores[i];
                let old = std::mem::replace(&mut sheet.comment, comment.clone());
                sheet.updated = now;
                (
                    "comment.set",
                    format!("{entry}/{juror}"),
                    json!(old),
                    json!(comment),
                    None,
                )
            }
            Change::Submit { entry, juror } => {
                let i = self.writable_sheet(&entry, &juror, now)?;
                let missing: Vec<&str> = self
                    .rubric
                    .criteria
                    .iter()
                    .filter(|c| !self.scores[i].values.contains_key(&c.id))
                    .map(|c| c.id.as_str())
                    .collect();
                if !missing.is_empty() {
                    return Err(rejected(Refusal::Incomplete(
                        missing.into_iter().map(String::from).collect(),
                    )));
                }
                let sheet = &mut self.scores[i];
                sheet.state = SheetState::Submitted;
                sheet.submitted = Some(now);
                sheet.updated = now;
                (
                    "sheet.submit",
                    format!("{entry}/{juror}"),
                    json!("draft"),
                    json!("submitted"),
                    None,
                )
            }
            Change::Reopen {
                entry,
                juror,
                reason,
            } => {
                if reason.trim().is_empty() {
                    return Err(rejected(Refusal::ReasonNeeded));
                }
                let i = self
                    .sheet_pos(&entry, &juror)
                    .filter(|&i| self.scores[i].is_submitted())
                    .ok_or_else(|| {
                        rejected(Refusal::NotSubmitted {
                            juror: juror.clone(),
                            entry: entry.clone(),
                        })
                    })?;
                let sheet = &mut self.scores[i];
                sheet.state = SheetState::Draft;
                sheet.submitted = None;
                sheet.updated = now;
                (
                    "sheet.reopen",
                    format!("{entry}/{juror}"),
                    json!("submitted"),
                    json!("draft"),
                    Some(reason),
                )
            }
            Change::SetStatus { entry, status } => {
                if status == Status::Ineligible {
                    return Err(rejected(Refusal::ReasonNeeded));
                }
                let i = self.entry_index(&entry)?;
                self.entries[i].reason = None;
                let old = std::mem::replace(&mut self.entries[i].status, status);
                ("entry.status", entry, json!(old), json!(status), None)
            }
            Change::MoveEntry { entry, to } => {
                let i = self.entry_index(&entry)?;
                let to = to.min(self.entries.len() - 1);
                let e = self.entries.remove(i);
                self.entries.insert(to, e);
                self.index_moved(i, to);
                ("entry.move", entry, json!(i), json!(to), None)
            }
            Change::SetCurrent { entry } => {
                if let Some(e) = &entry {
                    self.entry_index(e)?;
                }
                // Only one clock runs: the one of the entry on stage.
                for t in &mut self.timers {
                    if Some(&t.entry) != entry.as_ref() {
                        t.stop(now);
                    }
                }
                let old = std::mem::replace(&mut self.current, entry.clone());
                ("current.set", String::new(), json!(old), json!(entry), None)
            }
            Change::SetPins { on } => {
                let old = std::mem::replace(&mut self.security.pins, on);
                ("security.pins", String::new(), json!(old), json!(on), None)
            }
            Change::SetBlind { on } => {
                let old = std::mem::replace(&mut self.security.blind, on);
                ("security.blind", String::new(), json!(old), json!(on), None)
            }
            Change::SetRules { rules } => self.set_rules(rules)?,
            Change::GiveAward { award } => self.give_award(award)?,
            Change::WithdrawAward {
                name,
                entry,
                reason,
            } => self.withdraw_award(name, entry, reason)?,
            Change::SetQuorum { quorum } => {
                match quorum {
                    Some(0) => return Err(rejected(Refusal::QuorumZero)),
                    Some(q) if q as usize > self.jurors.len() => {
                        return Err(rejected(Refusal::QuorumAbovePanel {
                            quorum: q,
                            jurors: self.jurors.len(),
                        }));
                    }
                    _ => {}
                }
                let old = std::mem::replace(&mut self.quorum, quorum);
                ("quorum.set", String::new(), json!(old), json!(quorum), None)
            }
            Change::SetPin { who, hash } => {
                if !self.may_hold_pin(&who) {
                    return Err(rejected(Refusal::NoJuror(who)));
                }
                if !crate::model::pin::well_formed(&hash) {
                    return Err(rejected(Refusal::PinNotHashed));
                }
                let had = self.security.pin_hashes.insert(who.clone(), hash).is_some();
                ("pin.set", who, json!(had), json!(true), None)
            }
            Change::PinSet { who, digest } => {
                if !self.may_hold_pin(&who) {
                    return Err(rejected(Refusal::NoJuror(who)));
                }
                let known = self.known_pins.0.get(&digest).cloned().or_else(|| {
                    self.security
                        .pin_hashes
                        .values()
                        .find(|h| audit::sha256_hex(h.as_bytes()) == digest)
                        .cloned()
                });
                match known {
                    Some(hash) => self.security.pin_hashes.insert(who.clone(), hash),
                    // Replaced since, or lost: that PIN must be set again.
                    None => self.security.pin_hashes.remove(&who),
                };
                ("pin.set", who, Value::Null, Value::Null, None)
            }
            Change::ClearPin { who } => {
                if !self.may_hold_pin(&who) {
                    return Err(rejected(Refusal::NoJuror(who)));
                }
                self.security.pin_hashes.remove(&who);
                ("pin.clear", who, Value::Null, Value::Null, None)
            }
            Change::PinLockout { who, until } => {
                self.security.lockouts.insert(who.clone(), until);
                ("pin.lockout", who, Value::Null, json!(until), None)
            }
            Change::TimerToggle { entry } => {
                let t = self.timer_mut(&entry)?;
                if t.finished() {
                    return Err(rejected(Refusal::TimerFinished));
                }
                let running = t.toggle(now);
                let phase = t.reading(now).map(|r| r.phase.as_str()).unwrap_or("");
                let action = if running {
                    "timer.start"
                } else {
                    "timer.pause"
                };
                let i = self.entry_index(&entry)?;
                if running && self.entries[i].status == Status::Scheduled {
                    self.entries[i].status = Status::Presenting;
                }
                (
                    action,
                    format!("{entry}/{phase}"),
                    Value::Null,
                    Value::Null,
                    None,
                )
            }
            Change::TimerNext { entry } => {
                let t = self.timer_mut(&entry)?;
                let Some(phase) = t.next_phase(now) else {
                    return Err(rejected(Refusal::PhasesEnded));
                };
                let secs = t.real_seconds(phase, now).unwrap_or(0);
                let finished = t.finished();
                let i = self.entry_index(&entry)?;
                let status = if finished {
                    Status::Done
                } else {
                    Status::Interviewing
                };
                if self.entries[i].status.competes() {
                    self.entries[i].status = status;
                }
                (
                    "timer.phase_end",
                    format!("{entry}/{}", phase.as_str()),
                    Value::Null,
                    json!(secs),
                    None,
                )
            }
            Change::TimerUndo { entry } => {
                let t = self.timer_mut(&entry)?;
                let Some(phase) = t.undo_phase() else {
                    return Err(rejected(Refusal::NoPhaseEnded));
                };
                let secs = t.real_seconds(phase, now).unwrap_or(0);
                let i = self.entry_index(&entry)?;
                if self.entries[i].status.competes() {
                    self.entries[i].status = match phase {
                        Phase::Presentation => Status::Presenting,
                        Phase::Interview => Status::Interviewing,
                    };
                }
                (
                    "timer.phase_undo",
                    format!("{entry}/{}", phase.as_str()),
                    Value::Null,
                    json!(secs),
                    None,
                )
            }
            c @ (Change::SetIneligible { .. }
            | Change::MoveDay { .. }
            | Change::ImportStage { .. }) => self.make_stages(c)?,
            Change::BatchStart { what } => ("batch.start", what, Value::Null, Value::Null, None),
            Change::BatchEnd { what } => ("batch.end", what, Value::Null, Value::Null, None),
            Change::TimerReset { entry } => {
                let t = self.timer_mut(&entry)?;
                let old = serde_json::to_value(&*t).unwrap_or_default();
                t.reset();
                // Run again from the start, the entry is back on the agenda's waiting list.
                let i = self.entry_index(&entry)?;
                if self.entries[i].status.competes() {
                    self.entries[i].status = Status::Scheduled;
                }
                ("timer.reset", entry, old, Value::Null, None)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, Entry, Juror, Rubric};
    use chrono::TimeZone;

    fn now() -> Time {
        chrono::FixedOffset::east_opt(7 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .unwrap()
    }

    pub(crate) fn session() -> Session {
        let mut s = Session::new("Test", Rubric::preset("kipp").unwrap(), now());
        s.categories.push(Category {
            id: "prov".into(),
            name: "Provinsi".into(),
            top_n: Some(2),
        });
        for id in ["E1", "E2"] {
            s.entries.push(Entry {
                id: id.into(),
                title: format!("Inovasi {id}"),
                institution: "Dinas".into(),
                category: "prov".into(),
                region: None,
                presenter: None,
                status: Status::Scheduled,
                ..Default::default()
            });
        }
        s.jurors.push(Juror {
            id: "J1".into(),
            name: "Juri 1".into(),
            role: None,
            conflicts: vec!["E2".into()],
        });
        s
    }

    fn set(e: &str, c: &str, v: f64) -> Change {
        Change::SetValue {
            entry: e.into(),
            juror: "J1".into(),
            criterion: c.into(),
            value: Some(v),
        }
    }

    #[test]
    fn values_are_checked_and_audited() {
        let mut s = session();
        s.apply("J1", set("E1", "novelty", 80.0), now()).unwrap();
        assert_eq!(s.sheet("E1", "J1").unwrap().values["novelty"], 80.0);
        let err = s
            .apply("J1", set("E1", "novelty", 101.0), now())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "novelty: 101 is above the scale maximum 100"
        );
        let err = s.apply("J1", set("E1", "nope", 1.0), now()).unwrap_err();
        assert!(err.to_string().contains("no criterion \"nope\""));
        let err = s
            .apply("J1", set("E2", "novelty", 50.0), now())
            .unwrap_err();
        assert!(err.to_string().contains("conflict of interest"));
        let err = s
            .apply("J1", set("E9", "novelty", 50.0), now())
            .unwrap_err();
        assert!(err.to_string().contains("no entry \"E9\""));
        assert_eq!(s.audit.len(), 1);
        assert_eq!(s.audit[0].action, "score.set");
        assert_eq!(s.audit[0].subject, "E1/J1/novelty");
        assert_eq!(s.audit[0].new, json!(80.0));
    }

    #[test]
    fn submit_needs_every_criterion_and_locks_the_sheet() {
        let mut s = session();
        s.apply("J1", set("E1", "novelty", 80.0), now()).unwrap();
        let submit = Change::Submit {
            entry: "E1".into(),
            juror: "J1".into(),
        };
        let err = s.apply("J1", submit.clone(), now()).unwrap_err();
        assert!(err.to_string().contains("no value yet for problem"));
        let ids: Vec<String> = s.rubric.criteria.iter().map(|c| c.id.clone()).collect();
        for id in ids {
            s.apply("J1", set("E1", &id, 70.0), now()).unwrap();
        }
        s.apply("J1", submit, now()).unwrap();
        assert!(s.sheet("E1", "J1").unwrap().is_submitted());
        let err = s
            .apply("J1", set("E1", "novelty", 90.0), now())
            .unwrap_err();
        assert!(err.to_string().contains("chair must reopen"));
        let reopen = |r: &str| Change::Reopen {
            entry: "E1".into(),
            juror: "J1".into(),
            reason: r.into(),
        };
        assert!(s.apply("chair", reopen(" "), now()).is_err());
        s.apply("chair", reopen("typo in novelty"), now()).unwrap();
        assert_eq!(
            s.audit.last().unwrap().reason.as_deref(),
            Some("typo in novelty")
        );
        s.apply("J1", set("E1", "novelty", 90.0), now()).unwrap();
        assert!(crate::model::validate(&s).is_empty());
    }

    #[test]
    fn moving_and_current_entry() {
        let mut s = session();
        s.apply(
            "chair",
            Change::MoveEntry {
                entry: "E2".into(),
                to: 0,
            },
            now(),
        )
        .unwrap();
        assert_eq!(s.entries[0].id, "E2");
        s.apply("chair", Change::TimerToggle { entry: "E1".into() }, now())
            .unwrap();
        s.apply(
            "chair",
            Change::SetCurrent {
                entry: Some("E2".into()),
            },
            now(),
        )
        .unwrap();
        assert!(
            !s.timers[0].running(),
            "switching entries stops the old clock"
        );
        s.apply("chair", Change::TimerNext { entry: "E2".into() }, now())
            .unwrap();
        assert_eq!(s.entry("E2").unwrap().status, Status::Interviewing);
    }
}
