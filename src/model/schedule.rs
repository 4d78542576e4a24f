//! The planned day: each entry's slot on the agenda, and how far the day runs behind it.

use chrono::{FixedOffset, NaiveDate, Timelike};

use crate::model::timer::Phase;
use crate::model::{Session, Time, parse_hhmm};

/// Planned start of the agenda's `index`-th slot, in minutes after midnight.
/// `None` for an entry without a slot (it does not compete, or the days are full).
pub fn planned_start(s: &Session, index: usize) -> Option<u32> {
    let sch = s.schedule.as_ref()?;
    if sch.days.is_empty() {
        if !s.entries.get(index)?.status.slotted() {
            return None;
        }
        let before = s.entries[..index]
            .iter()
            .filter(|e| e.status.slotted())
            .count();
        return Some(parse_hhmm(&sch.start)? + sch.slot_minutes * before as u32);
    }
    crate::model::days::plan(s)
        .get(index)
        .copied()
        .flatten()
        .map(|p| p.start)
}

/// The planned starts of the entries `from..from + n`, as [`planned_start`] gives each, but
/// counting the slotted entries before `from` once: the agenda draws its visible rows with it,
/// however long the agenda.
pub fn planned_starts(s: &Session, from: usize, n: usize) -> Vec<Option<u32>> {
    let end = (from + n).min(s.entries.len());
    let Some(sch) = s.schedule.as_ref().filter(|x| x.days.is_empty()) else {
        return (from..end).map(|i| planned_start(s, i)).collect();
    };
    let Some(start) = parse_hhmm(&sch.start) else {
        return vec![None; end.saturating_sub(from)];
    };
    let mut before = s.entries[..from.min(end)]
        .iter()
        .filter(|e| e.status.slotted())
        .count() as u32;
    (from..end)
        .map(|i| {
            let e = &s.entries[i];
            e.status.slotted().then(|| {
                let at = start + sch.slot_minutes * before;
                before += 1;
                at
            })
        })
        .collect()
}

pub fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

/// When the entry's clock first started.
pub fn actual_start(s: &Session, entry: &str) -> Option<Time> {
    first_start(s.timer(entry)?)
}

fn first_start(t: &crate::model::timer::EntryTimer) -> Option<Time> {
    t.phases
        .iter()
        .flat_map(|p| p.runs.first())
        .map(|r| r.start)
        .min()
}

/// The day the agenda runs: the date of the first clock started on it, in that start's time
/// zone. Slots are times of that day; clocks started on another day (a rehearsal, the demo
/// opened weeks later) say nothing of how late it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub offset: FixedOffset,
}

impl Day {
    fn of(t: Time) -> Day {
        Day {
            date: t.date_naive(),
            offset: *t.offset(),
        }
    }

    /// Whether `t` falls on this day, read in the day's time zone.
    pub fn contains(&self, t: Time) -> bool {
        t.with_timezone(&self.offset).date_naive() == self.date
    }

    /// Minutes after the day's midnight of `t`, in the day's time zone.
    fn minutes(&self, t: Time) -> i64 {
        let t = t.with_timezone(&self.offset);
        i64::from(t.hour() * 60 + t.minute())
    }
}

/// The day of the session (see [`Day`]), once a clock has started.
/// On an agenda of several days, the day of the latest clock started: the slip is per day.
pub fn day(s: &Session) -> Option<Day> {
    let starts = s
        .timers
        .iter()
        .filter(|t| s.entry_pos(&t.entry).is_some())
        .filter_map(first_start);
    if s.schedule.as_ref().is_some_and(|x| !x.days.is_empty()) {
        starts.max().map(Day::of)
    } else {
        starts.min().map(Day::of)
    }
}

/// Minutes the day runs behind plan (negative: ahead), judged by the latest entry on the agenda
/// whose clock started on the session's day, and only while `now` is that day.
pub fn slip_minutes(s: &Session, now: Time) -> Option<i64> {
    let day = day(s)?;
    slip_of(s, day, &latest_start(s, day)?, now)
}

/// The entry whose clock started last on `day`, and when: the day's slip is judged by it.
pub fn latest_start(s: &Session, day: Day) -> Option<(Time, String)> {
    // Only entries that have a clock can have started: look at those, not the whole agenda,
    // and look up agenda positions only for the latest start.
    let latest = s
        .timers
        .iter()
        .filter_map(first_start)
        .filter(|t| day.contains(*t))
        .max()?;
    s.timers
        .iter()
        .filter(|t| first_start(t) == Some(latest))
        .filter_map(|t| Some((s.entry_pos(&t.entry)?, &t.entry)))
        // Of two at once, the later on the agenda.
        .max()
        .map(|(_, e)| (latest, e.clone()))
}

/// The latest start on `day` once `entry`'s clock has (maybe) started, from the one before:
/// without looking at any other clock.
pub fn latest_after(
    s: &Session,
    day: Day,
    before: Option<(Time, String)>,
    entry: &str,
) -> Option<(Time, String)> {
    let Some(t) = s
        .timer(entry)
        .and_then(first_start)
        .filter(|t| day.contains(*t))
    else {
        return before;
    };
    let pos = |e: &str| s.entry_pos(e);
    match before {
        Some((b, e)) if (b, pos(&e)) >= (t, pos(entry)) => Some((b, e)),
        _ => Some((t, entry.to_string())),
    }
}

/// Minutes behind plan on `day`, judged by `latest` (see [`latest_start`]); nothing when `now`
/// is another day.
pub fn slip_of(s: &Session, day: Day, latest: &(Time, String), now: Time) -> Option<i64> {
    if !day.contains(now) {
        return None;
    }
    let pos = s.entry_pos(&latest.1)?;
    let planned = match s.schedule.as_ref().filter(|x| !x.days.is_empty()) {
        // On an agenda of several days, an entry planned for another day says nothing of
        // today; the plan is made once for both questions.
        Some(sch) => {
            let slot = crate::model::days::plan(s).get(pos).copied().flatten()?;
            if sch.days.get(slot.day).map(|d| d.date) != Some(day.date) {
                return None;
            }
            slot.start
        }
        None => planned_start(s, pos)?,
    };
    Some(day.minutes(latest.0) - i64::from(planned))
}

/// Real seconds of each phase of an entry, for the agenda's duration column.
pub fn real_durations(s: &Session, entry: &str, now: Time) -> [Option<i64>; 2] {
    let Some(t) = s.timer(entry) else {
        return [None, None];
    };
    Phase::ALL.map(|p| t.real_seconds(p, now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, Change, Entry, Rubric, Schedule, Status};
    use chrono::{Duration, TimeZone};

    fn at(h: u32, m: u32) -> Time {
        chrono::FixedOffset::east_opt(7 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 23, h, m, 0)
            .unwrap()
    }

    fn session() -> Session {
        let mut s = Session::new("t", Rubric::preset("kipp").unwrap(), at(8, 0));
        s.schedule = Some(Schedule {
            start: "09:00".into(),
            slot_minutes: 30,
            days: Vec::new(),
        });
        s.categories.push(Category {
            id: "A".into(),
            name: "A".into(),
            top_n: None,
        });
        for i in 1..=3 {
            s.entries.push(Entry {
                id: format!("E{i}"),
                title: "t".into(),
                institution: "i".into(),
                category: "A".into(),
                region: None,
                presenter: None,
                status: Status::Scheduled,
                ..Default::default()
            });
        }
        s
    }

    #[test]
    fn slots_and_slip() {
        let mut s = session();
        assert_eq!(planned_start(&s, 2).map(hhmm).as_deref(), Some("10:00"));
        let now = at(12, 0);
        assert_eq!(slip_minutes(&s, now), None);
        let start = |e: &str| Change::TimerToggle { entry: e.into() };
        s.apply("chair", start("E1"), at(9, 5)).unwrap();
        assert_eq!(slip_minutes(&s, now), Some(5));
        s.apply("chair", start("E1"), at(9, 40)).unwrap();
        s.apply("chair", start("E2"), at(9, 52)).unwrap();
        assert_eq!(slip_minutes(&s, now), Some(22));
        // Followed start by start, the latest start is the same as looking at every clock.
        let d = day(&s).unwrap();
        let mut latest = None;
        for e in ["E1", "E2"] {
            latest = latest_after(&s, d, latest, e);
        }
        assert_eq!(latest, latest_start(&s, d));
        assert_eq!(latest.unwrap().1, "E2");
        assert_eq!(
            latest_after(&s, d, latest_start(&s, d), "E3"),
            latest_start(&s, d)
        );
        let d = real_durations(&s, "E1", at(10, 0));
        assert_eq!(d, [Some(35 * 60), None]);
        s.apply(
            "chair",
            Change::TimerNext { entry: "E2".into() },
            at(9, 52) + Duration::minutes(7),
        )
        .unwrap();
        assert_eq!(real_durations(&s, "E2", at(10, 5))[0], Some(7 * 60));
        assert_eq!(real_durations(&s, "E2", at(10, 5))[1], Some(6 * 60));
        s.schedule = None;
        assert_eq!(slip_minutes(&s, now), None);
    }

    #[test]
    fn slip_counts_only_on_the_sessions_day_and_in_its_time_zone() {
        let mut s = session();
        let start = |e: &str| Change::TimerToggle { entry: e.into() };
        s.apply("chair", start("E1"), at(9, 5)).unwrap();
        // The same instant read on a laptop set to UTC: still 09:05 of the day in Jakarta.
        let utc = chrono::FixedOffset::east_opt(0).unwrap();
        assert_eq!(slip_minutes(&s, at(11, 0).with_timezone(&utc)), Some(5));
        // A clock started ten days later, early in the morning, is not the day's.
        let later = at(6, 15) + Duration::days(10);
        s.apply("chair", start("E3"), later).unwrap();
        assert_eq!(slip_minutes(&s, at(11, 0)), Some(5));
        // And on another day there is no slip to speak of.
        assert_eq!(slip_minutes(&s, later), None);
        assert_eq!(slip_minutes(&s, at(0, 0) - Duration::minutes(1)), None);
        let d = day(&s).unwrap();
        assert_eq!(
            latest_after(&s, d, latest_start(&s, d), "E3").unwrap().1,
            "E1"
        );
    }

    #[test]
    fn planned_starts_of_a_window_are_each_entrys_planned_start() {
        let mut s = session();
        for i in 4..=9 {
            let mut e = s.entries[0].clone();
            e.id = format!("E{i}");
            s.entries.push(e);
        }
        s.entries[3].status = Status::Withdrawn;
        s.entries[5].status = Status::Ineligible;
        s.entries[6].status = Status::Absent;
        let n = s.entries.len();
        for from in 0..n {
            for len in [0, 1, 5, n] {
                let want: Vec<Option<u32>> = (from..(from + len).min(n))
                    .map(|i| planned_start(&s, i))
                    .collect();
                assert_eq!(planned_starts(&s, from, len), want, "from {from}, {len}");
            }
        }
    }
}
