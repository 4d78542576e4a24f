//! Checks every reference and range of a session, naming each bad field by its JSON path.

use std::collections::{HashMap, HashSet};

use super::{SCHEMA_VERSION, Session};
use crate::error::Problem;
use crate::model::num::to_units;

/// Every problem found, in file order; empty means the session is sound.
pub fn validate(s: &Session) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut bad = |path: String, msg: String| out.push(Problem::new(path, msg));

    if s.schema_version != SCHEMA_VERSION {
        bad(
            "schema_version".into(),
            format!(
                "{} is not supported (this juri reads version {SCHEMA_VERSION})",
                s.schema_version
            ),
        );
    }
    // The audit chain starts from the id: only an id juri made (32 lowercase letters and
    // digits) is one `juri verify` can vouch for.
    if s.id.len() != 32
        || !s
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        bad(
            "id".into(),
            format!(
                "{:?} is not a session id (32 lowercase letters and digits)",
                s.id.chars().take(40).collect::<String>()
            ),
        );
    }
    for p in s.rules.problems() {
        bad("rules".into(), p);
    }
    if s.title.trim().is_empty() {
        bad("title".into(), "is empty".into());
    }
    if let Some(lang) = &s.language
        && lang != "en"
        && lang != "id"
    {
        bad(
            "language".into(),
            format!("{lang:?} is not \"en\" or \"id\""),
        );
    }
    super::validate_stages::check(s, &mut out);
    let mut bad = |path: String, msg: String| out.push(Problem::new(path, msg));
    if let Some(sch) = &s.schedule {
        if parse_hhmm(&sch.start).is_none() {
            bad(
                "schedule.start".into(),
                format!("{:?} is not a time like \"09:00\"", sch.start),
            );
        }
        if sch.slot_minutes == 0 {
            bad("schedule.slot_minutes".into(), "must be above 0".into());
        }
    }

    // Rubric.
    let r = &s.rubric;
    if r.criteria.is_empty() {
        bad("rubric.criteria".into(), "has no criterion".into());
    }
    let mut ids = HashSet::new();
    for (i, c) in r.criteria.iter().enumerate() {
        let p = format!("rubric.criteria[{i}]");
        if c.id.trim().is_empty() {
            bad(format!("{p}.id"), "is empty".into());
        } else if !ids.insert(c.id.as_str()) {
            bad(format!("{p}.id"), format!("{:?} is used twice", c.id));
        }
        if c.name.en.trim().is_empty() && c.name.id.trim().is_empty() {
            bad(format!("{p}.name"), "has no text in any language".into());
        }
        for (field, x) in [
            ("weight", c.weight),
            ("min", c.min),
            ("max", c.max),
            ("step", c.step),
        ] {
            if to_units(x).is_none() || x.abs() > 1_000_000.0 {
                bad(
                    format!("{p}.{field}"),
                    format!(
                        "{} must be a number up to 1000000 with at most 4 decimals",
                        crate::i18n::show_num(x)
                    ),
                );
            }
        }
        if c.weight.is_nan() || c.weight <= 0.0 {
            bad(
                format!("{p}.weight"),
                format!("{} must be above 0", crate::i18n::show_num(c.weight)),
            );
        }
        if c.step.is_nan() || c.step <= 0.0 {
            bad(
                format!("{p}.step"),
                format!("{} must be above 0", crate::i18n::show_num(c.step)),
            );
        }
        if c.max.is_nan() || c.max <= c.min || c.max <= 0.0 {
            bad(
                format!("{p}.max"),
                format!("{} must be above the minimum {} and above 0", c.max, c.min),
            );
        } else if c.step > 0.0 {
            let (min, max, step) = c.units();
            if step > 0 && (max - min) % step != 0 {
                bad(
                    format!("{p}.max"),
                    format!(
                        "{} is not reached in steps of {} from {}",
                        c.max, c.step, c.min
                    ),
                );
            }
        }
    }
    if r.presentation_seconds == 0 {
        bad(
            "rubric.presentation_seconds".into(),
            "must be above 0".into(),
        );
    }
    for (i, t) in s.tie_break.iter().enumerate() {
        if r.criterion(t).is_none() {
            bad(
                format!("tie_break[{i}]"),
                format!("{t:?} is not a criterion of the rubric"),
            );
        }
    }

    match s.quorum {
        Some(0) => bad("quorum".into(), "must be above 0 or left out".into()),
        Some(q) if q as usize > s.jurors.len() => bad(
            "quorum".into(),
            format!("{q} is more than the panel's {} jurors", s.jurors.len()),
        ),
        _ => {}
    }

    // Categories, entries, jurors.
    let mut cats = HashSet::new();
    for (i, c) in s.categories.iter().enumerate() {
        if c.id.trim().is_empty() {
            bad(format!("categories[{i}].id"), "is empty".into());
        } else if !cats.insert(c.id.as_str()) {
            bad(
                format!("categories[{i}].id"),
                format!("{:?} is used twice", c.id),
            );
        }
        if c.top_n == Some(0) {
            bad(
                format!("categories[{i}].top_n"),
                "must be above 0 or left out".into(),
            );
        }
    }
    let mut entries = HashSet::new();
    for (i, e) in s.entries.iter().enumerate() {
        let p = Path("entries", i);
        if e.id.trim().is_empty() {
            bad(format!("{p}.id"), "is empty".into());
        } else if !entries.insert(e.id.as_str()) {
            bad(format!("{p}.id"), format!("{:?} is used twice", e.id));
        }
        if e.title.trim().is_empty() {
            bad(format!("{p}.title"), "is empty".into());
        }
        if !cats.contains(e.category.as_str()) {
            bad(
                format!("{p}.category"),
                format!("{:?} is not one of the session's categories", e.category),
            );
        }
    }
    let mut jurors = HashSet::new();
    for (i, j) in s.jurors.iter().enumerate() {
        let p = format!("jurors[{i}]");
        if j.id.trim().is_empty() {
            bad(format!("{p}.id"), "is empty".into());
        } else if !jurors.insert(j.id.as_str()) {
            bad(format!("{p}.id"), format!("{:?} is used twice", j.id));
        }
        if j.name.trim().is_empty() {
            bad(format!("{p}.name"), "is empty".into());
        }
        for (k, c) in j.conflicts.iter().enumerate() {
            if !entries.contains(c.as_str()) {
                bad(
                    format!("{p}.conflicts[{k}]"),
                    format!("{c:?} is not an entry"),
                );
            }
        }
    }

    // Score sheets: tens of thousands in a large session. Entries and jurors are numbered
    // once, so that conflicts and second sheets are bits to look at, the values are walked
    // beside the criteria (both in id order), and a field's path is written out only when it
    // has a problem.
    let entry_no: HashMap<&str, usize> = s
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let juror_no: HashMap<&str, usize> = s
        .jurors
        .iter()
        .enumerate()
        .map(|(i, j)| (j.id.as_str(), i))
        .collect();
    let width = s.jurors.len();
    let mut conflicted = vec![false; s.entries.len() * width];
    for (j, juror) in s.jurors.iter().enumerate() {
        for c in &juror.conflicts {
            if let Some(e) = entry_no.get(c.as_str()) {
                conflicted[e * width + j] = true;
            }
        }
    }
    let mut seen = vec![false; s.entries.len() * width];
    let mut by_id: Vec<(&super::Criterion, (i64, i64, i64))> =
        r.criteria.iter().map(|c| (c, c.units())).collect();
    by_id.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    for (i, sh) in s.scores.iter().enumerate() {
        let p = Path("scores", i);
        let e = entry_no.get(sh.entry.as_str()).copied();
        let j = juror_no.get(sh.juror.as_str()).copied();
        if e.is_none() {
            bad(
                format!("{p}.entry"),
                format!("{:?} is not an entry", sh.entry),
            );
        }
        if j.is_none() {
            bad(
                format!("{p}.juror"),
                format!("{:?} is not a juror", sh.juror),
            );
        }
        if let (Some(e), Some(j)) = (e, j) {
            let k = e * width + j;
            if conflicted[k] {
                bad(
                    p.to_string(),
                    format!(
                        "juror {:?} has a conflict of interest with entry {:?} and may not score it",
                        sh.juror, sh.entry
                    ),
                );
            }
            if std::mem::replace(&mut seen[k], true) {
                bad(
                    p.to_string(),
                    format!(
                        "a second sheet of juror {:?} for entry {:?}",
                        sh.juror, sh.entry
                    ),
                );
            }
        }
        if let Some(cid) = sh.values.duplicate() {
            bad(
                format!("{p}.values.{cid}"),
                "is given twice; keep one of the two values".into(),
            );
        }
        let mut crit = by_id.iter().peekable();
        let mut scored = 0;
        let mut last: Option<&str> = None;
        for (cid, v) in &sh.values {
            // A duplicate is named once, above.
            if last.replace(cid) == Some(cid) {
                continue;
            }
            while crit.next_if(|(c, _)| c.id.as_str() < cid).is_some() {}
            match crit.next_if(|(c, _)| c.id == cid) {
                None => bad(
                    format!("{p}.values.{cid}"),
                    "is not a criterion of the rubric".into(),
                ),
                Some((c, (min, max, step))) => {
                    scored += 1;
                    let fits = to_units(*v).is_some_and(|x| {
                        x >= *min && x <= *max && (*step <= 0 || (x - min) % step == 0)
                    });
                    if !fits && let Err(why) = c.check_value(*v) {
                        bad(format!("{p}.values.{cid}"), why.to_string());
                    }
                }
            }
        }
        for cid in sh.notes.keys() {
            if r.criterion(cid).is_none() {
                bad(
                    format!("{p}.notes.{cid}"),
                    "is not a criterion of the rubric".into(),
                );
            }
        }
        if sh.is_submitted() {
            if scored < by_id.len()
                && let Some(c) = r.criteria.iter().find(|c| !sh.values.contains_key(&c.id))
            {
                bad(
                    format!("{p}.values.{}", c.id),
                    "is missing on a submitted sheet".into(),
                );
            }
            if sh.submitted.is_none() {
                bad(
                    format!("{p}.submitted"),
                    "is missing on a submitted sheet".into(),
                );
            }
        }
    }

    let mut timed = HashSet::new();
    for (i, t) in s.timers.iter().enumerate() {
        if !entries.contains(t.entry.as_str()) {
            bad(
                format!("timers[{i}].entry"),
                format!("{:?} is not an entry", t.entry),
            );
        } else if !timed.insert(t.entry.as_str()) {
            bad(
                format!("timers[{i}].entry"),
                format!("{:?} has a second timer", t.entry),
            );
        }
        for (k, ph) in t.phases.iter().enumerate() {
            for (n, run) in ph.runs.iter().enumerate() {
                if run.end.is_some_and(|e| e < run.start) {
                    bad(
                        format!("timers[{i}].phases[{k}].runs[{n}].end"),
                        "is before its start".into(),
                    );
                }
            }
        }
    }
    if let Some(c) = &s.current
        && !entries.contains(c.as_str())
    {
        bad("current".into(), format!("{c:?} is not an entry"));
    }
    for (who, h) in &s.security.pin_hashes {
        let person = who
            .strip_prefix(crate::model::pin::INVITE_PREFIX)
            .unwrap_or(who);
        if person != crate::model::pin::CHAIR
            && person != crate::model::pin::PRESENTER
            && !jurors.contains(person)
        {
            bad(
                format!("security.pin_hashes.{who}"),
                "is not a juror, the chair or the presenter".into(),
            );
        } else if !crate::model::pin::well_formed(h) {
            bad(
                format!("security.pin_hashes.{who}"),
                "is not an Argon2id hash".into(),
            );
        }
    }
    let mut last = 0;
    for (i, ev) in s.audit.iter().enumerate() {
        if ev.seq <= last {
            bad(
                format!("audit[{i}].seq"),
                format!("{} does not follow {last}", ev.seq),
            );
        }
        last = ev.seq;
    }
    out
}

/// `scores[3]`, written out only for a problem.
struct Path(&'static str, usize);

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.0, self.1)
    }
}

/// "09:30" -> minutes after midnight.
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}
