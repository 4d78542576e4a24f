//! The agenda's days and phase lengths from `juri new`'s flags or the entries file's slots.

use crate::error::{Error, PlanError, Result};
use crate::model::days::make_days;
use crate::model::{AgendaDay, Break, Schedule, Session, parse_hhmm, schedule::hhmm};

use super::*;

/// Sets the phase lengths and the schedule of `s` from the flags and, when the entries file
/// has `day` and `slot` columns, from those (`slots`, see `csv::read_slots`).
pub fn apply_schedule(
    s: &mut Session,
    a: &ScheduleArgs,
    slots: &crate::io::csv::AgendaFile,
) -> Result<()> {
    if let Some(m) = a.presentation {
        s.rubric.presentation_seconds = m * 60;
    }
    if let Some(m) = a.interview {
        s.rubric.interview_seconds = m * 60;
    }
    let slot = a.slot.unwrap_or(match (a.presentation, a.interview) {
        (None, None) => 30,
        _ => (s.rubric.presentation_seconds + s.rubric.interview_seconds).div_ceil(60),
    });
    let phases = (s.rubric.presentation_seconds + s.rubric.interview_seconds).div_ceil(60);
    match a.slot {
        Some(0) => return Err(Error::usage("--slot must be at least 1 minute")),
        // A slot shorter than its phases would run every entry into the next one's time.
        Some(x) if x < phases => {
            return Err(Error::Plan(PlanError::SlotTooShort { slot: x, phases }));
        }
        None if slot == 0 => return Err(Error::Plan(PlanError::NoPhases)),
        _ => {}
    }
    // A break written the wrong way round is named as such, not as a bad format.
    for b in &a.breaks {
        let times = b
            .split_once('-')
            .and_then(|(x, y)| Some((parse_hhmm(x.trim())?, parse_hhmm(y.trim())?)));
        if times.is_some_and(|(x, y)| y <= x) {
            return Err(Error::Plan(PlanError::BreakBackwards(b.clone())));
        }
    }
    let first = a.first_day.unwrap_or_else(|| now().date_naive());
    let days_flags = a.days.is_some() || a.day_end.is_some();
    let days: Vec<AgendaDay> = if days_flags {
        let Some(end) = &a.day_end else {
            return Err(Error::usage(
                "--days needs --day-end, the time each day ends",
            ));
        };
        let start = a
            .day_start
            .clone()
            .or_else(|| a.start.clone())
            .unwrap_or_else(|| "09:00".into());
        let mut days = make_days(first, a.days.unwrap_or(1), &start, end, &a.breaks)
            .map_err(|e| Error::usage(format!("the days: {e}")))?;
        if a.weekdays {
            working_days(&mut days);
        }
        days
    } else if !slots.slots.is_empty() {
        from_slots(first, &keep_times(s, slots, slot)?, slot)
    } else {
        if !a.breaks.is_empty() || a.day_start.is_some() {
            return Err(Error::usage("--break and --day-start need --day-end"));
        }
        Vec::new()
    };
    let start = days
        .first()
        .map(|d| d.start.clone())
        .or_else(|| a.start.clone());
    if let Some(start) = start {
        s.schedule = Some(Schedule {
            start,
            slot_minutes: slot,
            days,
        });
    }
    Ok(())
}

/// Moves the days onto working days, in order from the first: Saturdays and Sundays skipped.
fn working_days(days: &mut [AgendaDay]) {
    use chrono::{Datelike, Weekday};
    let Some(mut date) = days.first().map(|d| d.date) else {
        return;
    };
    for d in days {
        while matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            date = date + chrono::Days::new(1);
        }
        d.date = date;
        date = date + chrono::Days::new(1);
    }
}

/// Puts the entries in the order of their planned day and slot, as the chair wrote the times,
/// and gives each day's slot starts; refuses two slots that overlap, naming the later one's line.
fn keep_times(
    s: &mut Session,
    f: &crate::io::csv::AgendaFile,
    slot: u32,
) -> Result<Vec<(u32, Vec<u32>)>> {
    let mut planned = f.slots.clone();
    planned.sort_by_key(|p| (p.day, p.at));
    for w in planned.windows(2) {
        if w[1].day == w[0].day && w[1].at < w[0].at + slot {
            return Err(Error::Plan(crate::error::PlanError::SlotOverlap {
                file: f.file.clone(),
                line: w[1].line,
                entry: w[1].entry.clone(),
                slot: hhmm(w[1].at),
                free_at: hhmm(w[0].at + slot),
            }));
        }
    }
    let key = |id: &str| {
        planned
            .iter()
            .position(|p| p.entry == id)
            .unwrap_or(usize::MAX)
    };
    // Stable: the entries without a slot (ineligible) keep their order, after the others.
    s.entries.sort_by_key(|e| key(&e.id));
    let mut days: Vec<(u32, Vec<u32>)> = Vec::new();
    for p in &planned {
        match days.last_mut() {
            Some(d) if d.0 == p.day => d.1.push(p.at),
            _ => days.push((p.day, vec![p.at])),
        }
    }
    Ok(days)
}

/// Days from the slots planned in the entries file: each day from its first slot to the end of
/// its last, with a break wherever the plan leaves a gap longer than a slot.
fn from_slots(first: chrono::NaiveDate, slots: &[(u32, Vec<u32>)], slot: u32) -> Vec<AgendaDay> {
    let last = slots.iter().map(|d| d.0).max().unwrap_or(1);
    (1..=last)
        .map(|n| {
            let date = first + chrono::Days::new(u64::from(n - 1));
            let Some((_, times)) = slots.iter().find(|d| d.0 == n) else {
                // A day without slots: closed (it starts as it ends).
                return AgendaDay {
                    date,
                    start: "09:00".into(),
                    end: "09:00".into(),
                    breaks: Vec::new(),
                };
            };
            let breaks = times
                .windows(2)
                .filter(|w| w[1] > w[0] + slot)
                .map(|w| Break {
                    start: hhmm(w[0] + slot),
                    end: hhmm(w[1]),
                })
                .collect();
            AgendaDay {
                date,
                start: hhmm(times[0]),
                end: hhmm(times[times.len() - 1] + slot),
                breaks,
            }
        })
        .collect()
}
