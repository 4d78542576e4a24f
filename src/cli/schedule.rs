//! The agenda's days and phase lengths from `juri new`'s flags or the entries file's slots.

use crate::error::{Error, Result};
use crate::model::days::make_days;
use crate::model::{AgendaDay, Break, Schedule, Session, schedule::hhmm};

use super::*;

/// Sets the phase lengths and the schedule of `s` from the flags and, when the entries file
/// has `day` and `slot` columns, from those (`slots`, see `csv::read_slots`).
pub fn apply_schedule(s: &mut Session, a: &ScheduleArgs, slots: &[(u32, Vec<u32>)]) -> Result<()> {
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
    if slot == 0 {
        return Err(Error::usage("--slot must be at least 1 minute"));
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
        make_days(first, a.days.unwrap_or(1), &start, end, &a.breaks)
            .map_err(|e| Error::usage(format!("the days: {e}")))?
    } else if !slots.is_empty() {
        from_slots(first, slots, slot)
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
