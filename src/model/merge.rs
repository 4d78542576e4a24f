//! Merging sessions of one competition (parallel panels, or days kept as separate files) into
//! one: the same rubric, entries that agree, each entry's sheets from whichever panel scored
//! it. The merged session's sheets are made through its own audited changes, so it verifies
//! like any other; the sources are named with their fingerprints.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Change, Session, Time};

/// A session a merged one was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The file's name as given.
    pub file: String,
    pub title: String,
    /// The session's id.
    pub id: String,
    /// The hash of its last audit event when it was merged (`juri verify` prints it).
    pub fingerprint: String,
}

/// Who makes the merged session's sheets in its audit log.
pub const MERGE_ACTOR: &str = "merge";

/// Why two sessions cannot be merged: the first difference found.
fn refuse(why: String) -> Error {
    Error::usage(why)
}

/// One session holding every source's entries, jurors and submitted sheets. `sources` pairs
/// each session with its description; the first gives the title, rules and categories' lines.
///
/// `shifts`, when given, holds per source the points ("n/d") added to each of its jurors'
/// totals: the panels calibrated on the entries they shared.
pub fn merge(
    sources: &[(Session, Source)],
    shifts: Option<&[String]>,
    title: &str,
    now: Time,
) -> Result<Session> {
    let Some((first, _)) = sources.first() else {
        return Err(refuse("give at least two session files to merge".into()));
    };
    let mut m = Session::new(title, first.rubric.clone(), now);
    m.stage = first.stage.clone();
    m.language = first.language.clone();
    m.tie_break = first.tie_break.clone();
    m.quorum = first.quorum;
    m.rules = first.rules.clone();
    // Juror ids that mean different people in two sources are told apart by their panel.
    let clash = sources.iter().enumerate().any(|(i, (a, _))| {
        sources[i + 1..].iter().any(|(b, _)| {
            a.jurors
                .iter()
                .any(|j| b.juror(&j.id).is_some_and(|k| k.name != j.name))
        })
    });
    let juror_id = |k: usize, id: &str| {
        if clash {
            format!("P{}-{id}", k + 1)
        } else {
            id.to_string()
        }
    };
    for (k, (s, src)) in sources.iter().enumerate() {
        if s.rubric != first.rubric {
            return Err(refuse(format!(
                "{} has another rubric ({:?}) than {} ({:?}): only sessions scored on one rubric can be merged",
                src.file, s.rubric.name, sources[0].1.file, first.rubric.name
            )));
        }
        for c in &s.categories {
            if m.category(&c.id).is_none() {
                m.categories.push(c.clone());
            }
        }
        for e in &s.entries {
            match m.entry(&e.id) {
                Some(x)
                    if (&x.title, &x.institution, &x.category)
                        != (&e.title, &e.institution, &e.category) =>
                {
                    return Err(refuse(format!(
                        "entry {} is {:?} ({}) in {} but {:?} ({}) in an earlier file: the entry ids must mean the same entries",
                        e.id, e.title, e.category, src.file, x.title, x.category
                    )));
                }
                Some(_) => {}
                None => {
                    let mut e = e.clone();
                    e.status = crate::model::Status::Scheduled;
                    m.entries.push(e);
                }
            }
        }
        for j in &s.jurors {
            let id = juror_id(k, &j.id);
            if m.juror(&id).is_none() {
                let mut j = j.clone();
                j.id = id;
                m.jurors.push(j);
            }
        }
    }
    m.sources = sources.iter().map(|(_, src)| src.clone()).collect();
    if let Some(shifts) = shifts {
        for (k, ((s, _), shift)) in sources.iter().zip(shifts).enumerate() {
            for j in &s.jurors {
                m.rules
                    .calibration
                    .insert(juror_id(k, &j.id), shift.clone());
            }
        }
    }
    m.ensure_index();
    // Statuses first (an absent entry in one panel is absent), then every submitted sheet.
    for (s, _) in sources {
        for e in s.entries.iter().filter(|e| !e.status.competes()) {
            let change = Change::SetStatus {
                entry: e.id.clone(),
                status: e.status,
            };
            m.apply(MERGE_ACTOR, change, now)?;
        }
    }
    for (k, (s, src)) in sources.iter().enumerate() {
        for sh in s.scores.iter().filter(|sh| sh.is_submitted()) {
            let juror = juror_id(k, &sh.juror);
            if m.sheet(&sh.entry, &juror).is_some_and(|x| x.is_submitted()) {
                return Err(refuse(format!(
                    "{} has a sheet of {} for {} that an earlier file has too: each sheet must come from one file",
                    src.file, sh.juror, sh.entry
                )));
            }
            let (entry, j) = (sh.entry.to_string(), juror.clone());
            for (criterion, value) in sh.values.iter() {
                let change = Change::SetValue {
                    entry: entry.clone(),
                    juror: j.clone(),
                    criterion: criterion.to_string(),
                    value: Some(*value),
                };
                m.apply(MERGE_ACTOR, change, now)?;
            }
            for (criterion, note) in &sh.notes {
                let change = Change::SetNote {
                    entry: entry.clone(),
                    juror: j.clone(),
                    criterion: criterion.clone(),
                    note: note.clone(),
                };
                m.apply(MERGE_ACTOR, change, now)?;
            }
            if !sh.comment.is_empty() {
                let change = Change::SetComment {
                    entry: entry.clone(),
                    juror: j.clone(),
                    comment: sh.comment.clone(),
                };
                m.apply(MERGE_ACTOR, change, now)?;
            }
            m.apply(MERGE_ACTOR, Change::Submit { entry, juror: j }, now)?;
        }
    }
    Ok(m)
}
