//! The agenda over several days: each day has a start, an end and breaks; slots never cross a
//! break or the end of a day, and roll to the next day. Ineligible and withdrawn entries get
//! no slot (see `Status::slotted`).

use crate::model::{AgendaDay, Session, parse_hhmm};

/// Where an entry's slot is: the day (0-based, in `schedule.days`; 0 for a one-day agenda) and
/// its start in minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub day: usize,
    pub start: u32,
}

/// A day's times in minutes: start, end, and breaks sorted by start.
struct Times {
    start: u32,
    end: u32,
    breaks: Vec<(u32, u32)>,
}

fn times(d: &AgendaDay) -> Option<Times> {
    let mut breaks: Vec<(u32, u32)> = d
        .breaks
        .iter()
        .filter_map(|b| Some((parse_hhmm(&b.start)?, parse_hhmm(&b.end)?)))
        .collect();
    breaks.sort_unstable();
    Some(Times {
        start: parse_hhmm(&d.start)?,
        end: parse_hhmm(&d.end)?,
        breaks,
    })
}

/// Every entry's slot, in agenda order; `None` for an entry without one (ineligible, withdrawn,
/// or the days are full).
pub fn plan(s: &Session) -> Vec<Option<Slot>> {
    plan_of(s.schedule.as_ref(), &s.entries)
}

/// Whether `entry`, held to `day` (1-based) and put at `to` in the agenda, gets a slot on that
/// day: a day already full would push it to a later one, or out of the agenda.
pub fn move_fits(s: &Session, entry: &str, day: u32, to: usize) -> bool {
    let Some(i) = s.entry_pos(entry) else {
        return false;
    };
    let mut entries = s.entries.clone();
    let mut e = entries.remove(i);
    e.day = Some(day);
    let to = to.min(entries.len());
    entries.insert(to, e);
    let p = plan_of(s.schedule.as_ref(), &entries);
    p[to].is_some_and(|p| p.day + 1 == day as usize)
}

fn plan_of(
    sch: Option<&crate::model::Schedule>,
    entries: &[crate::model::Entry],
) -> Vec<Option<Slot>> {
    let Some(sch) = sch else {
        return vec![None; entries.len()];
    };
    let slot = sch.slot_minutes.max(1);
    if sch.days.is_empty() {
        let Some(mut cursor) = parse_hhmm(&sch.start) else {
            return vec![None; entries.len()];
        };
        return entries
            .iter()
            .map(|e| {
                e.status.slotted().then(|| {
                    let at = cursor;
                    cursor += slot;
                    Slot { day: 0, start: at }
                })
            })
            .collect();
    }
    let days: Vec<Option<Times>> = sch.days.iter().map(times).collect();
    let mut day = 0usize;
    let mut cursor = days[0].as_ref().map_or(0, |t| t.start);
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        if !e.status.slotted() {
            out.push(None);
            continue;
        }
        let held = e.day.map_or(0, |d| (d as usize).saturating_sub(1));
        if held > day {
            day = held;
            cursor = days
                .get(day)
                .and_then(Option::as_ref)
                .map_or(0, |t| t.start);
        }
        out.push(loop {
            let Some(t) = days.get(day) else {
                break None;
            };
            let Some(t) = t else {
                day += 1;
                cursor = days
                    .get(day)
                    .and_then(Option::as_ref)
                    .map_or(0, |t| t.start);
                continue;
            };
            let mut at = cursor.max(t.start);
            for &(b0, b1) in &t.breaks {
                if at < b1 && at + slot > b0 {
                    at = b1;
                }
            }
            if at + slot > t.end {
                day += 1;
                cursor = days
                    .get(day)
                    .and_then(Option::as_ref)
                    .map_or(0, |t| t.start);
                continue;
            }
            cursor = at + slot;
            break Some(Slot { day, start: at });
        });
    }
    out
}

/// Holds every entry with a slot to the day it is planned on: the days as announced, which a
/// later change (an entry moved to another day, one withdrawn) does not shift for the others.
pub fn hold_days(s: &mut Session) {
    let plan = plan(s);
    if s.schedule.as_ref().is_none_or(|x| x.days.is_empty()) {
        return;
    }
    for (e, p) in s.entries.iter_mut().zip(plan) {
        if let Some(p) = p {
            e.day = u32::try_from(p.day + 1).ok();
        }
    }
}

/// When the days hold fewer entries than compete: how many fit, how many there are, and how
/// many days of the last day's length would hold them all.
pub fn overflow(s: &Session) -> Option<(usize, usize, usize)> {
    let sch = s.schedule.as_ref().filter(|x| !x.days.is_empty())?;
    let p = plan(s);
    let total = s.entries.iter().filter(|e| e.status.slotted()).count();
    let fit = p.iter().filter(|x| x.is_some()).count();
    if fit >= total {
        return None;
    }
    let slot = sch.slot_minutes.max(1);
    let per_day = sch
        .days
        .last()
        .and_then(times)
        .map_or(0, |t| {
            let (mut n, mut at) = (0usize, t.start);
            loop {
                for &(b0, b1) in &t.breaks {
                    if at < b1 && at + slot > b0 {
                        at = b1;
                    }
                }
                if at + slot > t.end {
                    break n;
                }
                n += 1;
                at += slot;
            }
        })
        .max(1);
    Some((fit, total, sch.days.len() + (total - fit).div_ceil(per_day)))
}

/// Where an entry held to `day` (1-based) goes in the agenda: after the last entry planned on
/// that day or an earlier one, so the move keeps the agenda in day order.
pub fn position_for_day(s: &Session, entry: &str, day: u32) -> usize {
    let plan = plan(s);
    let from = s.entry_pos(entry);
    let mut to = 0;
    for (i, (e, p)) in s.entries.iter().zip(&plan).enumerate() {
        if Some(i) == from {
            continue;
        }
        let on = p.map(|p| p.day + 1).or(e.day.map(|d| d as usize));
        if on.is_some_and(|d| d <= day as usize) {
            to = i + 1;
        }
    }
    // Positions after the entry's own shift by one once it is taken out.
    match from {
        Some(f) if f < to => to - 1,
        _ => to,
    }
}

/// The agenda day (0-based) whose date is `date`.
pub fn day_of_date(s: &Session, date: chrono::NaiveDate) -> Option<usize> {
    s.schedule
        .as_ref()?
        .days
        .iter()
        .position(|d| d.date == date)
}

/// Days from flags: `count` days from `first`, every day from `start` to `end`, each with the
/// breaks given as "HH:MM-HH:MM".
pub fn make_days(
    first: chrono::NaiveDate,
    count: u32,
    start: &str,
    end: &str,
    breaks: &[String],
) -> Result<Vec<AgendaDay>, String> {
    let (s0, e0) = (
        parse_hhmm(start).ok_or_else(|| format!("{start:?} is not a time HH:MM"))?,
        parse_hhmm(end).ok_or_else(|| format!("{end:?} is not a time HH:MM"))?,
    );
    if e0 <= s0 {
        return Err(format!("the day ends ({end}) before it starts ({start})"));
    }
    let mut bs = Vec::new();
    for b in breaks {
        let (a, z) = b
            .split_once('-')
            .ok_or_else(|| format!("the break {b:?} is not HH:MM-HH:MM"))?;
        let (a, z) = (a.trim(), z.trim());
        match (parse_hhmm(a), parse_hhmm(z)) {
            (Some(x), Some(y)) if x < y => bs.push(crate::model::Break {
                start: a.into(),
                end: z.into(),
            }),
            _ => return Err(format!("the break {b:?} is not HH:MM-HH:MM")),
        }
    }
    Ok((0..count.max(1))
        .map(|i| AgendaDay {
            date: first + chrono::Days::new(u64::from(i)),
            start: start.into(),
            end: end.into(),
            breaks: bs.clone(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, Entry, Rubric, Schedule, Status};
    use chrono::{NaiveDate, TimeZone};

    fn session(n: usize) -> Session {
        let now = chrono::FixedOffset::east_opt(7 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 23, 8, 0, 0)
            .unwrap();
        let mut s = Session::new("t", Rubric::preset("kipp").unwrap(), now);
        s.categories.push(Category {
            id: "A".into(),
            name: "A".into(),
            top_n: None,
        });
        for i in 1..=n {
            s.entries.push(Entry {
                id: format!("E{i}"),
                category: "A".into(),
                ..Default::default()
            });
        }
        let first = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        s.schedule = Some(Schedule {
            start: "09:00".into(),
            slot_minutes: 40,
            days: make_days(first, 2, "09:00", "12:00", &["10:30-11:00".into()]).unwrap(),
        });
        s
    }

    #[test]
    fn slots_skip_breaks_roll_to_the_next_day_and_skip_entries_that_do_not_compete() {
        let mut s = session(8);
        s.entries[1].status = Status::Ineligible;
        let p = plan(&s);
        let at = |i: usize| p[i].map(|x| (x.day, crate::model::schedule::hhmm(x.start)));
        assert_eq!(at(0), Some((0, "09:00".into())));
        assert_eq!(at(1), None);
        assert_eq!(at(2), Some((0, "09:40".into())));
        // 10:20 would run into the break: after it.
        assert_eq!(at(3), Some((0, "11:00".into())));
        // 11:40 would end after 12:00: the next day.
        assert_eq!(at(4), Some((1, "09:00".into())));
        assert_eq!(at(7), None, "the days are full");
        // Held to day 2, an entry waits for it.
        s.entries[2].day = Some(2);
        let p = plan(&s);
        assert_eq!(p[2].map(|x| x.day), Some(1));
        assert_eq!(
            p[3].map(|x| x.day),
            Some(1),
            "and the agenda goes on from there"
        );
    }

    #[test]
    fn the_overflow_counts_what_fits_and_the_days_needed() {
        // Two days of three slots (09:00, 09:40, 11:00).
        let mut s = session(6);
        assert_eq!(overflow(&s), None);
        s = session(10);
        assert_eq!(overflow(&s), Some((6, 10, 4)));
        // An ineligible entry needs no slot.
        for i in 6..10 {
            s.entries[i].status = Status::Ineligible;
        }
        assert_eq!(overflow(&s), None);
    }

    #[test]
    fn a_move_to_a_day_lands_after_that_days_entries() {
        let s = session(6);
        // E1..E3 on day 1, E4..E6 on day 2: E1 held to day 2 goes last.
        assert_eq!(position_for_day(&s, "E1", 2), 5);
        assert_eq!(position_for_day(&s, "E6", 1), 3);
    }

    #[test]
    fn bad_days_are_refused() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert!(make_days(d, 1, "14:00", "09:00", &[]).is_err());
        assert!(make_days(d, 1, "09:00", "14:00", &["12:00".into()]).is_err());
        assert!(make_days(d, 1, "09:00", "14:00", &["13:00-12:00".into()]).is_err());
    }

    #[test]
    fn the_slip_is_per_day_and_only_for_today() {
        use crate::model::Change;
        use crate::model::schedule::slip_minutes;
        let mut s = session(6);
        s.schedule.as_mut().unwrap().slot_minutes = 60;
        // E1 09:00, E2 11:00 (after the break) on day 1; E3 09:00, E4 11:00 on day 2.
        let at = |d: u32, h: u32, m: u32| {
            chrono::FixedOffset::east_opt(7 * 3600)
                .unwrap()
                .with_ymd_and_hms(2026, 11, 22 + d, h, m, 0)
                .unwrap()
        };
        let start = |e: &str| Change::TimerToggle { entry: e.into() };
        s.apply("chair", start("E1"), at(1, 9, 5)).unwrap();
        assert_eq!(slip_minutes(&s, at(1, 10, 0)), Some(5));
        s.apply("chair", start("E1"), at(1, 10, 0)).unwrap();
        s.apply("chair", start("E3"), at(2, 9, 20)).unwrap();
        // Day 2 is judged by its own plan, not by day 1's.
        assert_eq!(slip_minutes(&s, at(2, 9, 30)), Some(20));
        // And on another day there is none.
        assert_eq!(slip_minutes(&s, at(3, 9, 30)), None);
    }
}
