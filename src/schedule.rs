//! The planned day: each entry's slot on the agenda, and how far the day runs behind it.

use chrono::Timelike;

use crate::model::{Session, Time, parse_hhmm};
use crate::timer::Phase;

/// Planned start of the agenda's `index`-th slot, in minutes after midnight.
pub fn planned_start(s: &Session, index: usize) -> Option<u32> {
    let sch = s.schedule.as_ref()?;
    let start = parse_hhmm(&sch.start)?;
    Some(start + sch.slot_minutes * index as u32)
}

pub fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

/// When the entry's clock first started.
pub fn actual_start(s: &Session, entry: &str) -> Option<Time> {
    first_start(s.timer(entry)?)
}

fn first_start(t: &crate::timer::EntryTimer) -> Option<Time> {
    t.phases
        .iter()
        .flat_map(|p| p.runs.first())
        .map(|r| r.start)
        .min()
}

/// Minutes the day runs behind plan (negative: ahead), judged by the latest entry on the agenda
/// whose clock has started: its real start against its planned slot.
pub fn slip_minutes(s: &Session) -> Option<i64> {
    s.schedule.as_ref()?;
    // Only entries that have a clock can have started: look at those, not the whole agenda,
    // and look up agenda positions only for the latest start.
    let latest = s.timers.iter().filter_map(first_start).max()?;
    let (pos, actual) = s
        .timers
        .iter()
        .filter(|t| first_start(t) == Some(latest))
        .filter_map(|t| Some((s.entry_pos(&t.entry)?, latest)))
        // Of two at once, the later on the agenda.
        .max()?;
    let planned = planned_start(s, pos)?;
    let real = i64::from(actual.hour() * 60 + actual.minute());
    Some(real - i64::from(planned))
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
            });
        }
        s
    }

    #[test]
    fn slots_and_slip() {
        let mut s = session();
        assert_eq!(planned_start(&s, 2).map(hhmm).as_deref(), Some("10:00"));
        assert_eq!(slip_minutes(&s), None);
        let start = |e: &str| Change::TimerToggle { entry: e.into() };
        s.apply("chair", start("E1"), at(9, 5)).unwrap();
        assert_eq!(slip_minutes(&s), Some(5));
        s.apply("chair", start("E1"), at(9, 40)).unwrap();
        s.apply("chair", start("E2"), at(9, 52)).unwrap();
        assert_eq!(slip_minutes(&s), Some(22));
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
        assert_eq!(slip_minutes(&s), None);
    }
}
