//! The checks of the agenda's days, the screening and the chain of stages, beside `validate`.

use crate::error::Problem;
use crate::model::num::Ratio;
use crate::model::stages::parse_exact;
use crate::model::{Session, Status, parse_hhmm};

pub(super) fn check(s: &Session, out: &mut Vec<Problem>) {
    let mut bad = |path: String, msg: String| out.push(Problem::new(path, msg));
    let days = s.schedule.as_ref().map_or(&[][..], |x| x.days.as_slice());
    for (i, d) in days.iter().enumerate() {
        let p = format!("schedule.days[{i}]");
        let time = |t: &str| parse_hhmm(t);
        match (time(&d.start), time(&d.end)) {
            (Some(a), Some(z)) if a > z => {
                bad(
                    format!("{p}.end"),
                    format!("{:?} is before the start", d.end),
                );
            }
            (a, z) => {
                for (f, t, v) in [("start", &d.start, a), ("end", &d.end, z)] {
                    if v.is_none() {
                        bad(
                            format!("{p}.{f}"),
                            format!("{t:?} is not a time like \"09:00\""),
                        );
                    }
                }
            }
        }
        for (k, b) in d.breaks.iter().enumerate() {
            if !matches!((time(&b.start), time(&b.end)), (Some(a), Some(z)) if a < z) {
                bad(
                    format!("{p}.breaks[{k}]"),
                    format!("{:?}-{:?} is not a break like 12:00-13:00", b.start, b.end),
                );
            }
        }
        if i > 0 && days[i - 1].date >= d.date {
            bad(format!("{p}.date"), "is not after the day before".into());
        }
    }
    for (i, e) in s.entries.iter().enumerate() {
        if e.status == Status::Ineligible && e.reason.as_deref().is_none_or(|r| r.trim().is_empty())
        {
            bad(
                format!("entries[{i}].reason"),
                "an ineligible entry needs its reason".into(),
            );
        }
        if let Some(d) = e.day
            && (d == 0 || d as usize > days.len().max(1))
        {
            bad(
                format!("entries[{i}].day"),
                format!("there is no agenda day {d}"),
            );
        }
    }
    let Some(chain) = &s.chain else {
        return;
    };
    for (i, st) in chain.stages.iter().enumerate() {
        let p = format!("chain.stages[{i}]");
        if st.weight().is_none_or(|w| w <= Ratio::int(0)) {
            bad(
                format!("{p}.weight"),
                format!("{:?} is not a percent above 0", st.weight),
            );
        }
        for (entry, score) in &st.scores {
            if s.entry(entry).is_none() {
                bad(format!("{p}.scores.{entry}"), "is not an entry".into());
            }
            if parse_exact(score).is_none_or(|v| v < Ratio::int(0) || v > Ratio::int(100)) {
                bad(
                    format!("{p}.scores.{entry}"),
                    format!("{score:?} is not a score from 0 to 100"),
                );
            }
        }
    }
    if chain.this_weight() <= Ratio::int(0) {
        bad(
            "chain.stages".into(),
            "the earlier stages weigh 100 or more: this stage would weigh nothing".into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::model::stages::{Chain, EarlierStage};
    use crate::model::{Category, Entry, Rubric, Session, Status};
    use chrono::TimeZone;

    #[test]
    fn bad_days_screening_and_stages_are_named() {
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
        s.entries.push(Entry {
            id: "E1".into(),
            title: "t".into(),
            category: "A".into(),
            status: Status::Ineligible,
            day: Some(3),
            ..Default::default()
        });
        s.chain = Some(Chain {
            stages: vec![EarlierStage {
                name: "desk".into(),
                weight: "100".into(),
                scores: [("E9".to_string(), "101".to_string())]
                    .into_iter()
                    .collect(),
            }],
            previous: None,
        });
        let text: Vec<String> = crate::model::validate(&s)
            .iter()
            .map(|p| p.to_string())
            .collect();
        let all = text.join("\n");
        for needle in [
            "entries[0].reason",
            "entries[0].day",
            "chain.stages[0].scores.E9: is not an entry",
            "\"101\" is not a score from 0 to 100",
            "weigh 100 or more",
        ] {
            assert!(all.contains(needle), "{needle} not in {all}");
        }
    }
}
