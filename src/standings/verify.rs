//! `juri verify`: the audit chain is intact, and replaying it gives exactly the file's scores,
//! timer log, agenda and standings.

use crate::model::audit::{AuditEvent, event_hash, genesis, head};
use crate::model::{Change, Session, Sheet, Status};
use crate::standings::{Options, compute};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub events: usize,
    pub sheets: usize,
    pub submitted: usize,
    /// The hash of the last event: write it on the minutes to pin the file as it is now.
    pub fingerprint: String,
}

/// Checks that `log` (the session's whole audit log, see `store::read_log`) chains and that its
/// replay gives the session; the first problem found is named.
pub fn verify(s: &Session, log: &[AuditEvent]) -> Result<Verified, String> {
    let base = base(s, log)?;
    check_chain(log, &base)?;
    let replayed = replay(base, log)?;
    compare(s, &replayed)?;
    check_pins(s, log)?;
    Ok(Verified {
        events: log.len(),
        sheets: s.scores.len(),
        submitted: s.scores.iter().filter(|x| x.is_submitted()).count(),
        fingerprint: log.last().map_or_else(|| genesis(&replayed), event_hash),
    })
}

/// The chain starts from the session as it was before its first event.
fn check_chain(log: &[AuditEvent], base: &Session) -> Result<(), String> {
    let mut expect = genesis(base);
    for (i, ev) in log.iter().enumerate() {
        let n = i as u64 + 1;
        if ev.seq != n {
            return Err(format!(
                "audit[{i}] is numbered {} where {n} was expected: events were removed, added or reordered",
                ev.seq
            ));
        }
        if ev.prev != expect {
            return Err(if i == 0 {
                "audit[0] (event 1) does not follow from the session's definition: the rubric, quorum, categories, entries or jurors were changed outside juri".into()
            } else {
                format!(
                    "audit[{i}] (event {n}) does not follow from event {}: event {} was changed, or events were removed or reordered",
                    n - 1,
                    n - 1
                )
            });
        }
        expect = event_hash(ev);
    }
    Ok(())
}

/// Rebuilds the session from its definition (`base`) and its log.
fn replay(mut r: Session, log: &[AuditEvent]) -> Result<Session, String> {
    for (i, ev) in log.iter().enumerate() {
        let Some(change) = ev.change.clone() else {
            return Err(format!(
                "audit[{i}] (event {}) does not record its change",
                ev.seq
            ));
        };
        r.replay(&ev.actor, change, ev.at)
            .map_err(|e| format!("audit[{i}] (event {}) cannot be replayed: {e}", ev.seq))?;
        if r.audit.last() != Some(ev) {
            return Err(format!(
                "audit[{i}] (event {}) does not match its own change (its old/new values or subject were edited)",
                ev.seq
            ));
        }
        // Only the chain's tip is needed from here on.
        r.audit.clear();
        r.log.events = ev.seq;
        r.log.head = event_hash(ev);
    }
    Ok(r)
}

/// The session before its first event: no sheets, no clocks, the first agenda order.
fn base(s: &Session, log: &[AuditEvent]) -> Result<Session, String> {
    let mut r = s.clone();
    r.scores.clear();
    r.timers.clear();
    r.audit.clear();
    r.log = Default::default();
    r.current = None;
    r.security = Default::default();
    // The log names PIN hashes by their SHA-256: the file's own hashes replay its last ones.
    r.known_pins.add(s.security.pin_hashes.values());
    for e in &mut r.entries {
        e.status = Status::Scheduled;
        // Screening is recorded as events, even the one read from the entries file.
        e.reason = None;
    }
    // The quorum before the chair first changed it is the one the chain starts from.
    if let Some(ev) = log
        .iter()
        .find(|ev| matches!(ev.change, Some(Change::SetQuorum { .. })))
    {
        r.quorum = serde_json::from_value(ev.old.clone())
            .map_err(|_| format!("audit event {} has no quorum before its change", ev.seq))?;
    }
    // The rules before the chair first changed them; awards are only ever given by events.
    if let Some(ev) = log
        .iter()
        .find(|ev| matches!(ev.change, Some(Change::SetRules { .. })))
    {
        r.rules = serde_json::from_value(ev.old.clone())
            .map_err(|_| format!("audit event {} has no rules before its change", ev.seq))?;
    }
    r.awards.clear();
    // The earlier stages before any was imported: undo every import, last first.
    for ev in log.iter().rev() {
        if let Some(Change::ImportStage { stage }) = &ev.change {
            let old: Option<crate::model::stages::EarlierStage> =
                serde_json::from_value(ev.old.clone()).map_err(|_| {
                    format!("audit event {} has no stage before its import", ev.seq)
                })?;
            let chain = r.chain.get_or_insert_with(Default::default);
            let at = chain.stages.iter().position(|x| x.name == stage.name);
            match (old, at) {
                (Some(o), Some(i)) => chain.stages[i] = o,
                (None, Some(i)) => {
                    chain.stages.remove(i);
                }
                _ => {
                    return Err(format!(
                        "audit event {} imports a stage the file does not have",
                        ev.seq
                    ));
                }
            }
            if chain.stages.is_empty() && chain.previous.is_none() {
                r.chain = None;
            }
        }
    }
    // The agenda's first order: undo every recorded move, last first.
    for ev in log.iter().rev() {
        if let Some(Change::MoveEntry { .. }) = ev.change {
            let (Some(from), Some(to)) = (ev.old.as_u64(), ev.new.as_u64()) else {
                return Err(format!(
                    "audit event {} has no positions for its move",
                    ev.seq
                ));
            };
            let (from, to) = (from as usize, to as usize);
            if to >= r.entries.len() || from >= r.entries.len() {
                return Err(format!("audit event {} moves outside the agenda", ev.seq));
            }
            let e = r.entries.remove(to);
            r.entries.insert(from, e);
        }
        if let Some(Change::MoveDay { .. }) = ev.change {
            let pos = |v: &serde_json::Value| v["pos"].as_u64().map(|p| p as usize);
            let (Some(from), Some(to)) = (pos(&ev.old), pos(&ev.new)) else {
                return Err(format!(
                    "audit event {} has no positions for its move",
                    ev.seq
                ));
            };
            if to >= r.entries.len() || from >= r.entries.len() {
                return Err(format!("audit event {} moves outside the agenda", ev.seq));
            }
            let mut e = r.entries.remove(to);
            e.day = ev.old["day"].as_u64().and_then(|d| u32::try_from(d).ok());
            r.entries.insert(from, e);
        }
    }
    Ok(r)
}

fn show(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn differ(path: String, file: &impl serde::Serialize, replay: &impl serde::Serialize) -> String {
    format!(
        "{path} is {} in the file but {} by the audit log",
        show(file),
        show(replay)
    )
}

fn compare_sheet(i: usize, a: &Sheet, b: &Sheet) -> Result<(), String> {
    let p = |f: &str| format!("scores[{i}].{f}");
    if a.entry != b.entry || a.juror != b.juror {
        return Err(differ(
            p("entry/juror"),
            &(&a.entry, &a.juror),
            &(&b.entry, &b.juror),
        ));
    }
    let keys: std::collections::BTreeSet<&str> = a.values.keys().chain(b.values.keys()).collect();
    for k in keys {
        let (x, y) = (a.values.get(k), b.values.get(k));
        if x != y {
            return Err(differ(p(&format!("values.{k}")), &x, &y));
        }
    }
    if a.notes != b.notes {
        return Err(differ(p("notes"), &a.notes, &b.notes));
    }
    if a.comment != b.comment {
        return Err(differ(p("comment"), &a.comment, &b.comment));
    }
    if a.state != b.state {
        return Err(differ(p("state"), &a.state, &b.state));
    }
    if a != b {
        return Err(differ(
            p("created/updated/submitted"),
            &a.submitted,
            &b.submitted,
        ));
    }
    Ok(())
}

fn compare(s: &Session, r: &Session) -> Result<(), String> {
    for i in 0..s.scores.len().max(r.scores.len()) {
        match (s.scores.get(i), r.scores.get(i)) {
            (Some(a), Some(b)) => compare_sheet(i, a, b)?,
            (Some(a), None) => {
                return Err(format!(
                    "scores[{i}] ({}/{}) is in the file but not in the audit log: added outside juri",
                    a.entry, a.juror
                ));
            }
            (None, Some(b)) => {
                return Err(format!(
                    "the sheet of {} for {} is in the audit log but missing from the file: removed outside juri",
                    b.juror, b.entry
                ));
            }
            (None, None) => {}
        }
    }
    if s.timers != r.timers {
        let i = s
            .timers
            .iter()
            .zip(&r.timers)
            .position(|(a, b)| a != b)
            .unwrap_or(s.timers.len().min(r.timers.len()));
        return Err(differ(
            format!("timers[{i}]"),
            &s.timers.get(i),
            &r.timers.get(i),
        ));
    }
    for (i, (a, b)) in s.entries.iter().zip(&r.entries).enumerate() {
        if a.id != b.id {
            return Err(differ(
                format!("entries[{i}].id (agenda order)"),
                &a.id,
                &b.id,
            ));
        }
        if a.status != b.status {
            return Err(differ(format!("entries[{i}].status"), &a.status, &b.status));
        }
        if a.reason != b.reason {
            return Err(differ(format!("entries[{i}].reason"), &a.reason, &b.reason));
        }
        if a.day != b.day {
            return Err(differ(format!("entries[{i}].day"), &a.day, &b.day));
        }
    }
    // PIN hashes are compared by `check_pins`, which names them without printing them.
    let without_pins = |x: &crate::model::Security| crate::model::Security {
        pin_hashes: Default::default(),
        ..x.clone()
    };
    if without_pins(&s.security) != without_pins(&r.security) {
        return Err(differ(
            "security".into(),
            &without_pins(&s.security),
            &without_pins(&r.security),
        ));
    }
    if s.current != r.current {
        return Err(differ("current".into(), &s.current, &r.current));
    }
    if s.chain != r.chain {
        return Err(differ("chain".into(), &s.chain, &r.chain));
    }
    if s.quorum != r.quorum {
        return Err(differ("quorum".into(), &s.quorum, &r.quorum));
    }
    if s.rules != r.rules {
        return Err(differ("rules".into(), &s.rules, &r.rules));
    }
    if s.awards != r.awards {
        return Err(differ("awards".into(), &s.awards, &r.awards));
    }
    let (a, b) = (
        compute(s, &Options::default()).map_err(|e| e.to_string())?,
        compute(r, &Options::default()).map_err(|e| e.to_string())?,
    );
    for (x, y) in a.rows.iter().zip(&b.rows) {
        let fx = (&x.entry, x.rank, x.score.as_ref().map(|v| v.display()));
        let fy = (&y.entry, y.rank, y.score.as_ref().map(|v| v.display()));
        if fx != fy {
            return Err(differ("standings".into(), &fx, &fy));
        }
    }
    Ok(())
}

/// Each PIN in the file is the one its last `pin.set` event names, and each PIN set in the log
/// is in the file (a hash replaced by hand, or one lost with its side file, shows here).
fn check_pins(s: &Session, log: &[AuditEvent]) -> Result<(), String> {
    let mut last = std::collections::BTreeMap::new();
    for ev in log {
        match &ev.change {
            Some(Change::PinSet { who, digest }) => {
                last.insert(who.as_str(), (ev.seq, digest.clone()));
            }
            Some(Change::SetPin { who, hash }) => {
                last.insert(
                    who.as_str(),
                    (ev.seq, crate::model::audit::sha256_hex(hash.as_bytes())),
                );
            }
            Some(Change::ClearPin { who }) => {
                last.remove(who.as_str());
            }
            _ => {}
        }
    }
    for (who, (seq, digest)) in &last {
        let file = s.security.pin_hashes.get(*who);
        if file
            .map(|h| crate::model::audit::sha256_hex(h.as_bytes()))
            .as_ref()
            != Some(digest)
        {
            return Err(format!(
                "security.pin_hashes.{who} is {} in the file, not the PIN set by audit event {seq}",
                if file.is_some() {
                    "another hash"
                } else {
                    "missing"
                }
            ));
        }
    }
    if let Some(who) = s
        .security
        .pin_hashes
        .keys()
        .find(|w| !last.contains_key(w.as_str()))
    {
        return Err(format!(
            "security.pin_hashes.{who} is in the file but no audit event set it: added outside juri"
        ));
    }
    Ok(())
}

/// The fingerprint without checking: for printing on documents.
pub fn fingerprint(s: &Session) -> String {
    head(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, Entry, Juror, Rubric, Time};
    use chrono::{Duration, TimeZone};

    fn t(s: i64) -> Time {
        chrono::FixedOffset::east_opt(7 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .unwrap()
            + Duration::seconds(s)
    }

    fn session() -> Session {
        let mut s = Session::new("t", Rubric::preset("kipp").unwrap(), t(0));
        s.categories.push(Category {
            id: "A".into(),
            name: "A".into(),
            top_n: Some(1),
        });
        for id in ["E1", "E2", "E3"] {
            s.entries.push(Entry {
                id: id.into(),
                title: id.into(),
                institution: "i".into(),
                category: "A".into(),
                region: None,
                presenter: None,
                status: Status::Scheduled,
                ..Default::default()
            });
        }
        for j in ["J1", "J2"] {
            s.jurors.push(Juror {
                id: j.into(),
                name: j.into(),
                role: None,
                conflicts: vec![],
            });
        }
        let mut k = 0;
        let mut go = |s: &mut Session, actor: &str, c: Change| {
            k += 1;
            s.apply(actor, c, t(k)).unwrap();
        };
        go(
            &mut s,
            "chair",
            Change::MoveEntry {
                entry: "E3".into(),
                to: 0,
            },
        );
        go(
            &mut s,
            "chair",
            Change::SetCurrent {
                entry: Some("E3".into()),
            },
        );
        go(&mut s, "chair", Change::TimerToggle { entry: "E3".into() });
        go(&mut s, "chair", Change::TimerNext { entry: "E3".into() });
        go(&mut s, "chair", Change::TimerUndo { entry: "E3".into() });
        go(&mut s, "chair", Change::TimerNext { entry: "E3".into() });
        let ids: Vec<String> = s.rubric.criteria.iter().map(|c| c.id.clone()).collect();
        for (j, base) in [("J1", 70.0), ("J2", 80.0)] {
            for (n, c) in ids.iter().enumerate() {
                go(
                    &mut s,
                    j,
                    Change::SetValue {
                        entry: "E3".into(),
                        juror: j.into(),
                        criterion: c.clone(),
                        value: Some(base + n as f64),
                    },
                );
            }
            go(
                &mut s,
                j,
                Change::Submit {
                    entry: "E3".into(),
                    juror: j.into(),
                },
            );
        }
        go(
            &mut s,
            "chair",
            Change::Reopen {
                entry: "E3".into(),
                juror: "J1".into(),
                reason: "typo".into(),
            },
        );
        go(
            &mut s,
            "J1",
            Change::SetValue {
                entry: "E3".into(),
                juror: "J1".into(),
                criterion: "novelty".into(),
                value: Some(99.0),
            },
        );
        go(
            &mut s,
            "J1",
            Change::Submit {
                entry: "E3".into(),
                juror: "J1".into(),
            },
        );
        go(
            &mut s,
            "chair",
            Change::SetStatus {
                entry: "E2".into(),
                status: Status::Absent,
            },
        );
        // A round trip through the file format must keep the chain (the log travels beside).
        let mut r: Session =
            serde_json::from_str(&serde_json::to_string_pretty(&s).unwrap()).unwrap();
        r.audit = s.audit;
        r
    }

    fn verify(s: &Session) -> Result<Verified, String> {
        super::verify(s, &s.audit)
    }

    #[test]
    fn an_untouched_session_verifies() {
        let s = session();
        let v = verify(&s).unwrap();
        assert_eq!(v.events, s.audit.len());
        assert_eq!(v.submitted, 2);
        assert_eq!(v.fingerprint.len(), 64);
    }

    /// The quorum decides who is ranked: it is part of the definition the chain starts from,
    /// and a session without one keeps the genesis it had before quorums existed.
    #[test]
    fn a_quorum_set_or_changed_outside_juri_is_caught() {
        let s = session();
        let mut q = s.clone();
        q.quorum = Some(2);
        assert_ne!(genesis(&q), genesis(&s));
        let err = verify(&q).unwrap_err();
        assert!(
            err.starts_with("audit[0] (event 1)") && err.contains("quorum"),
            "{err}"
        );
    }

    /// A quorum set at creation and changed by the chair later: the chain starts from the
    /// first, the replay ends at the last.
    #[test]
    fn a_quorum_changed_by_the_chair_replays() {
        let mut s = session();
        s.quorum = Some(2);
        s.audit.clear();
        s.log = Default::default();
        s.scores.clear();
        s.timers.clear();
        s.current = None;
        for e in &mut s.entries {
            e.status = Status::Scheduled;
        }
        let q = |q| Change::SetQuorum { quorum: q };
        s.apply("chair", q(None), t(1)).unwrap();
        s.apply("chair", q(Some(1)), t(2)).unwrap();
        for bad in [Some(0), Some(3)] {
            assert!(s.apply("chair", q(bad), t(3)).is_err(), "{bad:?}");
        }
        assert_eq!(s.audit.len(), 2, "a refused change is not logged");
        verify(&s).unwrap();
        s.quorum = Some(2);
        assert!(
            verify(&s)
                .unwrap_err()
                .starts_with("quorum is 2 in the file but 1")
        );
    }

    #[test]
    fn an_edited_score_is_caught() {
        let mut s = session();
        s.scores[0].values.insert("novelty", 50.0);
        let err = verify(&s).unwrap_err();
        assert!(
            err.contains("scores[0].values.novelty is 50.0 in the file but 99.0"),
            "{err}"
        );
    }

    #[test]
    fn a_deleted_event_is_caught() {
        let mut s = session();
        s.audit.remove(10);
        let err = verify(&s).unwrap_err();
        assert!(
            err.contains("audit[10] is numbered 12 where 11 was expected"),
            "{err}"
        );
        // Renumbering to hide the gap breaks the chain instead.
        for (i, ev) in s.audit.iter_mut().enumerate() {
            ev.seq = i as u64 + 1;
        }
        let err = verify(&s).unwrap_err();
        assert!(
            err.contains("audit[10] (event 11) does not follow from event 10"),
            "{err}"
        );
    }

    #[test]
    fn reordered_events_are_caught() {
        let mut s = session();
        s.audit.swap(5, 6);
        let err = verify(&s).unwrap_err();
        assert!(err.contains("audit[5]"), "{err}");
    }

    #[test]
    fn an_edited_event_is_caught_at_the_event_after_it() {
        let mut s = session();
        if let Some(Change::SetValue { value, .. }) = &mut s.audit[6].change {
            *value = Some(1.0);
        }
        let err = verify(&s).unwrap_err();
        assert!(err.contains("event 7 was changed"), "{err}");
    }

    #[test]
    fn the_last_event_edited_alone_disagrees_with_the_file() {
        let mut s = session();
        let last = s.audit.len() - 1;
        s.audit[last].new = serde_json::json!("withdrawn");
        let err = verify(&s).unwrap_err();
        assert!(err.contains("does not match its own change"), "{err}");
    }

    #[test]
    fn timer_status_order_and_definition_edits_are_caught() {
        let mut s = session();
        s.timers[0].phases[0].runs[0].start = t(-100);
        assert!(verify(&s).unwrap_err().starts_with("timers[0]"));
        let mut s = session();
        s.entries[1].status = Status::Withdrawn;
        assert!(verify(&s).unwrap_err().contains("entries[1].status"));
        let mut s = session();
        s.entries.swap(1, 2);
        assert!(verify(&s).unwrap_err().contains("definition"));
        let mut s = session();
        s.rubric.criteria[0].weight = 50.0;
        assert!(verify(&s).unwrap_err().contains("definition"));
        let mut s = session();
        s.scores.pop();
        assert!(verify(&s).unwrap_err().contains("missing from the file"));
    }

    #[test]
    fn screening_and_day_moves_replay_and_edits_are_caught() {
        let mut s = session();
        let first = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        s.schedule = Some(crate::model::Schedule {
            start: "09:00".into(),
            slot_minutes: 30,
            days: crate::model::days::make_days(first, 2, "09:00", "10:00", &[]).unwrap(),
        });
        let n = s.audit.len() as i64;
        s.apply(
            "chair",
            Change::SetIneligible {
                entry: "E1".into(),
                reason: "no letter from the regent".into(),
            },
            t(n + 1),
        )
        .unwrap();
        let to = crate::model::days::position_for_day(&s, "E3", 2);
        s.apply(
            "chair",
            Change::MoveDay {
                entry: "E3".into(),
                day: 2,
                to,
            },
            t(n + 2),
        )
        .unwrap();
        assert_eq!(s.entry("E3").unwrap().day, Some(2));
        verify(&s).unwrap();
        // Scoring an ineligible entry is refused.
        let err = s
            .apply(
                "J1",
                Change::SetValue {
                    entry: "E1".into(),
                    juror: "J1".into(),
                    criterion: "novelty".into(),
                    value: Some(50.0),
                },
                t(n + 3),
            )
            .unwrap_err();
        assert!(err.to_string().contains("is ineligible"), "{err}");
        let mut x = s.clone();
        let i = x.entry_pos("E1").unwrap();
        x.entries[i].reason = Some("late".into());
        assert!(verify(&x).unwrap_err().contains(".reason"));
        let mut x = s.clone();
        let i = x.entry_pos("E3").unwrap();
        x.entries[i].day = Some(1);
        assert!(verify(&x).unwrap_err().contains(".day"));
        let mut x = s.clone();
        let k = x.audit.len() - 2;
        if let Some(Change::SetIneligible { reason, .. }) = &mut x.audit[k].change {
            *reason = "late".into();
        }
        assert!(verify(&x).is_err());
        let mut x = s.clone();
        let k = x.audit.len() - 1;
        if let Some(Change::MoveDay { day, .. }) = &mut x.audit[k].change {
            *day = 1;
        }
        assert!(verify(&x).is_err());
    }

    #[test]
    fn stage_imports_replay_and_an_edited_one_is_caught() {
        let mut s = session();
        let n = s.audit.len() as i64;
        let stage = |w: &str, e3: &str| crate::model::stages::EarlierStage {
            name: "desk".into(),
            weight: w.into(),
            scores: [("E1", "80"), ("E3", e3)]
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        };
        s.apply(
            "import",
            Change::ImportStage {
                stage: stage("40", "70"),
            },
            t(n + 1),
        )
        .unwrap();
        // Imported again, it replaces the stage of that name.
        s.apply(
            "import",
            Change::ImportStage {
                stage: stage("40", "254/3"),
            },
            t(n + 2),
        )
        .unwrap();
        assert!(
            s.apply(
                "import",
                Change::ImportStage {
                    stage: stage("100", "1")
                },
                t(n + 3)
            )
            .is_err()
        );
        assert_eq!(s.chain.as_ref().unwrap().stages.len(), 1);
        verify(&s).unwrap();
        // E3 is the only one scored in this stage: 40% of 254/3 + 60% of its own score.
        let st = crate::standings::compute(&s, &Options::default()).unwrap();
        let e3 = st.rows.iter().find(|r| r.entry == "E3").unwrap();
        let own = e3.stages[1].unwrap();
        let want = crate::model::num::Ratio::new(
            254 * 40 * own.den() + 3 * 60 * own.num(),
            3 * 100 * own.den(),
        );
        assert_eq!(e3.score, Some(crate::standings::Score::Points(want)));
        assert_eq!(e3.rank, Some(1));
        // The screens rank a board on a thread of their own: the same standings.
        let board = crate::standings::Board::new(&s).unwrap();
        assert_eq!(
            crate::standings::rank(&board, &Options::default()).unwrap(),
            st
        );
        let mut x = s.clone();
        let k = x.audit.len() - 1;
        if let Some(Change::ImportStage { stage }) = &mut x.audit[k].change {
            stage.scores.insert("E1".into(), "99".into());
        }
        assert!(verify(&x).is_err());
        let mut x = s.clone();
        x.chain.as_mut().unwrap().stages[0].weight = "50".into();
        assert!(verify(&x).unwrap_err().contains("chain"));
    }
}
