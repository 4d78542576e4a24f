use super::*;
use crate::model::num::to_units;
use crate::model::{Category, Change, Criterion, Entry, Juror, Rubric, SheetState, Text, Time};
use crate::model::{Session, Sheet};
use chrono::TimeZone;
use num_bigint::BigInt;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

pub(super) fn now() -> Time {
    chrono::FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .unwrap()
}

/// A session with the given criteria `(id, weight, max)` on a `0..=max` step 1 scale,
/// `entries` entries in category "A" (odd) and "B" (even), and `jurors` jurors.
pub(super) fn session(criteria: &[(&str, f64, f64)], entries: usize, jurors: usize) -> Session {
    let rubric = Rubric {
        name: "t".into(),
        criteria: criteria
            .iter()
            .map(|(id, w, max)| Criterion {
                id: (*id).into(),
                name: Text::new(id, id),
                description: Text::default(),
                weight: *w,
                min: 0.0,
                max: *max,
                step: 1.0,
            })
            .collect(),
        presentation_seconds: 420,
        interview_seconds: 780,
    };
    let mut s = Session::new("t", rubric, now());
    for c in ["A", "B"] {
        s.categories.push(Category {
            id: c.into(),
            name: c.into(),
            top_n: Some(1),
        });
    }
    for i in 1..=entries {
        s.entries.push(Entry {
            id: format!("E{i}"),
            title: format!("Entry {i}"),
            institution: "Dinas".into(),
            category: if i % 2 == 1 { "A" } else { "B" }.into(),
            region: None,
            presenter: None,
            status: Status::Scheduled,
            ..Default::default()
        });
    }
    for j in 1..=jurors {
        s.jurors.push(Juror {
            id: format!("J{j}"),
            name: format!("Juri {j}"),
            role: None,
            conflicts: vec![],
        });
    }
    s
}

fn sheet(s: &mut Session, entry: &str, juror: &str, values: &[f64], state: SheetState) {
    let values: crate::model::Values = s
        .rubric
        .criteria
        .iter()
        .zip(values)
        .map(|(c, v)| (c.id.clone(), *v))
        .collect();
    push_sheet(s, entry, juror, values, state);
}

/// A sheet as a file would hold it, put straight into the session.
fn push_sheet(
    s: &mut Session,
    entry: &str,
    juror: &str,
    values: crate::model::Values,
    state: SheetState,
) {
    s.scores.push(Sheet {
        entry: entry.into(),
        juror: juror.into(),
        values,
        notes: BTreeMap::new(),
        comment: String::new(),
        state,
        created: now(),
        updated: now(),
        submitted: (state == SheetState::Submitted).then(now),
    });
}

pub(super) fn submit(s: &mut Session, entry: &str, juror: &str, values: &[f64]) {
    sheet(s, entry, juror, values, SheetState::Submitted);
}

fn row<'a>(st: &'a Standings, entry: &str) -> &'a Row {
    st.rows.iter().find(|r| r.entry == entry).unwrap()
}

fn score(st: &Standings, entry: &str) -> String {
    row(st, entry)
        .score
        .as_ref()
        .map(Score::display)
        .unwrap_or_default()
}

fn ranks(st: &Standings) -> Vec<(String, Option<u32>)> {
    st.rows.iter().map(|r| (r.entry.clone(), r.rank)).collect()
}

fn opts(method: Method) -> Options {
    Options {
        method,
        ..Options::default()
    }
}

#[test]
fn juror_total_follows_the_weighted_formula() {
    let mut s = session(&[("a", 15.0, 100.0), ("b", 10.0, 100.0)], 1, 1);
    submit(&mut s, "E1", "J1", &[85.0, 95.0]);
    let st = compute(&s, &Options::default()).unwrap();
    // 100 * (15 * 85/100 + 10 * 95/100) / 25 = 89
    assert_eq!(score(&st, "E1"), "89.00");
    // Different maxima: a value is taken as a fraction of its own criterion's max.
    let mut s = session(&[("a", 1.0, 10.0), ("b", 3.0, 5.0)], 1, 1);
    submit(&mut s, "E1", "J1", &[5.0, 4.0]);
    let st = compute(&s, &Options::default()).unwrap();
    // 100 * (0.5 + 3 * 0.8) / 4 = 72.5
    assert_eq!(score(&st, "E1"), "72.50");
    assert_eq!(sheet_total(&s, &s.scores[0]).unwrap(), Ratio::new(145, 2));
}

#[test]
fn float_noise_never_splits_a_tie() {
    // In f64 these two totals are 62.4 and 62.400000000000006; exactly both are 62.4.
    let naive = |a: f64, b: f64| 100.0 * (15.0 * a / 100.0 + 10.0 * b / 100.0) / 25.0;
    assert_ne!(naive(60.0, 66.0), naive(62.0, 63.0));
    let mut s = session(&[("a", 15.0, 100.0), ("b", 10.0, 100.0)], 3, 1);
    submit(&mut s, "E1", "J1", &[60.0, 66.0]);
    submit(&mut s, "E2", "J1", &[62.0, 63.0]);
    submit(&mut s, "E3", "J1", &[61.0, 60.0]);
    let st = compute(&s, &Options::default()).unwrap();
    assert_eq!(row(&st, "E1").rank, Some(1));
    assert_eq!(row(&st, "E2").rank, Some(1));
    assert_eq!(row(&st, "E3").rank, Some(3));
    assert_eq!(row(&st, "E1").tie_break, Some(TieBreak::Shared));
    assert_eq!(row(&st, "E3").tie_break, None);
}

#[test]
fn float_noise_never_splits_a_tie_of_means() {
    // Two jurors each; the means are equal exactly (89) though summed in other orders.
    let mut s = session(&[("a", 15.0, 100.0), ("b", 10.0, 100.0)], 2, 2);
    submit(&mut s, "E1", "J1", &[85.0, 95.0]);
    submit(&mut s, "E1", "J2", &[95.0, 80.0]);
    submit(&mut s, "E2", "J1", &[95.0, 80.0]);
    submit(&mut s, "E2", "J2", &[85.0, 95.0]);
    let st = compute(&s, &Options::default()).unwrap();
    assert_eq!(row(&st, "E1").rank, Some(1));
    assert_eq!(row(&st, "E2").rank, Some(1));
    assert_eq!(score(&st, "E1"), "89.00");
}

#[test]
fn competition_ranks_skip_after_ties() {
    let mut s = session(&[("a", 1.0, 100.0)], 5, 1);
    for (e, v) in [
        ("E1", 70.0),
        ("E2", 90.0),
        ("E3", 80.0),
        ("E4", 80.0),
        ("E5", 60.0),
    ] {
        submit(&mut s, e, "J1", &[v]);
    }
    let st = compute(&s, &Options::default()).unwrap();
    assert_eq!(
        ranks(&st),
        vec![
            ("E2".into(), Some(1)),
            ("E3".into(), Some(2)),
            ("E4".into(), Some(2)),
            ("E1".into(), Some(4)),
            ("E5".into(), Some(5)),
        ]
    );
    // Categories: A = E1, E3, E5; B = E2, E4.
    assert_eq!(row(&st, "E3").category_rank, Some(1));
    assert_eq!(row(&st, "E1").category_rank, Some(2));
    assert_eq!(row(&st, "E5").category_rank, Some(3));
    assert_eq!(row(&st, "E2").category_rank, Some(1));
    assert_eq!(row(&st, "E4").category_rank, Some(2));
}

#[test]
fn tie_break_criteria_decide_and_are_named() {
    let mut s = session(
        &[("a", 1.0, 100.0), ("b", 1.0, 100.0), ("c", 2.0, 10.0)],
        4,
        1,
    );
    submit(&mut s, "E1", "J1", &[80.0, 60.0, 7.0]); // 70
    submit(&mut s, "E2", "J1", &[60.0, 80.0, 7.0]); // 70, lower a
    submit(&mut s, "E3", "J1", &[80.0, 60.0, 7.0]); // 70, same as E1 everywhere
    submit(&mut s, "E4", "J1", &[50.0, 50.0, 5.0]); // 50
    let o = Options {
        tie_break: Some(vec!["c".into(), "a".into()]),
        ..Options::default()
    };
    let st = compute(&s, &o).unwrap();
    assert_eq!(row(&st, "E1").rank, Some(1));
    assert_eq!(row(&st, "E3").rank, Some(1));
    assert_eq!(row(&st, "E2").rank, Some(3));
    assert_eq!(row(&st, "E4").rank, Some(4));
    assert_eq!(row(&st, "E1").tie_break, Some(TieBreak::Shared));
    assert_eq!(
        row(&st, "E2").tie_break,
        Some(TieBreak::Criterion("a".into()))
    );
    assert_eq!(row(&st, "E4").tie_break, None);
    // Without tie-break criteria all three share rank 1.
    let st = compute(&s, &Options::default()).unwrap();
    assert_eq!(row(&st, "E2").rank, Some(1));
    assert_eq!(row(&st, "E4").rank, Some(4));
    // A tie-break criterion must exist.
    let bad = Options {
        tie_break: Some(vec!["zzz".into()]),
        ..Options::default()
    };
    assert!(compute(&s, &bad).is_err());
}

#[test]
fn tie_break_uses_fraction_of_max_not_raw_value() {
    // b is on a 0-10 scale: 9/10 beats a's 80/100 even though 9 < 80.
    let mut s = session(&[("a", 1.0, 100.0), ("b", 1.0, 10.0)], 2, 1);
    submit(&mut s, "E1", "J1", &[80.0, 7.0]); // 75
    submit(&mut s, "E2", "J1", &[60.0, 9.0]); // 75
    let o = Options {
        tie_break: Some(vec!["b".into()]),
        ..Options::default()
    };
    let st = compute(&s, &o).unwrap();
    assert_eq!(row(&st, "E2").rank, Some(1));
    assert_eq!(row(&st, "E1").rank, Some(2));
    assert_eq!(
        row(&st, "E1").tie_break,
        Some(TieBreak::Criterion("b".into()))
    );
}

fn one_entry(totals: &[f64], method: Method) -> String {
    let mut s = session(&[("a", 1.0, 100.0)], 1, totals.len());
    for (j, v) in totals.iter().enumerate() {
        submit(&mut s, "E1", &format!("J{}", j + 1), &[*v]);
    }
    score(&compute(&s, &opts(method)).unwrap(), "E1")
}

#[test]
fn median_and_trimmed_with_one_to_five_sheets() {
    assert_eq!(one_entry(&[70.0], Method::Median), "70.00");
    assert_eq!(one_entry(&[70.0], Method::Trimmed), "70.00");
    assert_eq!(one_entry(&[70.0, 75.0], Method::Median), "72.50");
    assert_eq!(one_entry(&[70.0, 75.0], Method::Trimmed), "72.50");
    assert_eq!(one_entry(&[90.0, 70.0, 71.0], Method::Median), "71.00");
    assert_eq!(one_entry(&[90.0, 70.0, 71.0], Method::Trimmed), "71.00");
    assert_eq!(one_entry(&[90.0, 70.0, 71.0], Method::Mean), "77.00");
    assert_eq!(
        one_entry(&[90.0, 70.0, 71.0, 80.0], Method::Median),
        "75.50"
    );
    assert_eq!(
        one_entry(&[90.0, 70.0, 71.0, 80.0], Method::Trimmed),
        "75.50"
    );
    assert_eq!(
        one_entry(&[100.0, 70.0, 71.0, 80.0, 0.0], Method::Median),
        "71.00"
    );
    assert_eq!(
        one_entry(&[100.0, 70.0, 71.0, 80.0, 0.0], Method::Trimmed),
        "73.67"
    );
    assert_eq!(
        one_entry(&[100.0, 70.0, 71.0, 80.0, 0.0], Method::Mean),
        "64.20"
    );
    // Trimming drops only one of several equal extremes.
    assert_eq!(
        one_entry(&[90.0, 90.0, 90.0, 60.0], Method::Trimmed),
        "90.00"
    );
    assert_eq!(
        one_entry(&[90.0, 90.0, 60.0, 60.0], Method::Trimmed),
        "75.00"
    );
}

/// Two of five sheets in: ranked but provisional; with a quorum of 3, listed but not ranked.
#[test]
fn entries_below_the_quorum_are_listed_but_not_ranked() {
    let mut s = session(&[("a", 1.0, 100.0)], 4, 5);
    for j in ["J1", "J2", "J3", "J4", "J5"] {
        submit(&mut s, "E1", j, &[70.0]);
    }
    submit(&mut s, "E2", "J1", &[95.0]);
    submit(&mut s, "E2", "J2", &[90.0]);
    // Three jurors declared a conflict with E3: its two eligible sheets are all it can have.
    for j in 2..5 {
        s.jurors[j].conflicts = vec!["E3".into()];
    }
    submit(&mut s, "E3", "J1", &[60.0]);
    submit(&mut s, "E3", "J2", &[60.0]);
    submit(&mut s, "E4", "J1", &[99.0]);
    for z in [Normalize::None, Normalize::Zscore] {
        let o = Options {
            normalize: z,
            ..Options::default()
        };
        let st = compute(&s, &o).unwrap();
        assert_eq!(row(&st, "E2").rank, Some(2), "{z:?}");
        assert!(row(&st, "E2").provisional());
        assert!(!row(&st, "E1").provisional());
        assert!(!row(&st, "E3").provisional(), "every eligible sheet is in");

        let mut q = s.clone();
        q.quorum = Some(3);
        let st = compute(&q, &o).unwrap();
        for e in ["E2", "E4"] {
            assert_eq!(row(&st, e).rank, None, "{e} {z:?}");
            assert_eq!(row(&st, e).unranked, Some(Unranked::BelowQuorum));
            assert!(row(&st, e).score.is_some(), "its marks are still listed");
        }
        assert_eq!(
            row(&st, "E3").unranked,
            None,
            "the quorum is capped at 2 for E3"
        );
        assert_eq!(q.quorum_for("E3"), 2);
        let order: Vec<(&str, Option<u32>)> =
            st.rows.iter().map(|r| (r.entry.as_str(), r.rank)).collect();
        let expect = if z == Normalize::None {
            [("E1", Some(1)), ("E3", Some(2)), ("E2", None), ("E4", None)]
        } else {
            order.clone().try_into().unwrap()
        };
        assert_eq!(order, expect);
        assert_eq!(&order[2..], &[("E2", None), ("E4", None)]);
        check_against_reference(&q, &o).unwrap();
        let board = Board::new(&q).unwrap();
        assert_eq!(rank(&board, &o).unwrap(), st);
    }
}

#[test]
fn conflicts_drafts_and_unranked_entries() {
    let mut s = session(&[("a", 1.0, 100.0)], 5, 3);
    s.jurors[2].conflicts = vec!["E1".into()];
    submit(&mut s, "E1", "J1", &[80.0]);
    submit(&mut s, "E1", "J2", &[60.0]);
    // A conflicted sheet (only possible in a hand-edited file) never counts.
    submit(&mut s, "E1", "J3", &[0.0]);
    sheet(&mut s, "E2", "J1", &[100.0], SheetState::Draft);
    submit(&mut s, "E3", "J1", &[50.0]);
    s.entries[2].status = Status::Absent;
    s.entries[3].status = Status::Withdrawn;
    submit(&mut s, "E5", "J1", &[40.0]);
    let st = compute(&s, &Options::default()).unwrap();
    let e1 = row(&st, "E1");
    assert_eq!((e1.sheets, e1.expected), (2, 2));
    assert_eq!(score(&st, "E1"), "70.00");
    assert_eq!(e1.rank, Some(1));
    assert_eq!(e1.min.unwrap().fixed(2), "60.00");
    assert_eq!(e1.max.unwrap().fixed(2), "80.00");
    assert!((e1.sd.unwrap() - 10.0).abs() < 1e-9);
    assert_eq!(e1.totals.len(), 2);
    let e2 = row(&st, "E2");
    assert_eq!((e2.sheets, e2.expected, e2.rank), (0, 3, None));
    assert_eq!(e2.unranked, Some(Unranked::NoSheets));
    assert_eq!(row(&st, "E3").unranked, Some(Unranked::Absent));
    assert_eq!(row(&st, "E3").rank, None);
    assert_eq!(
        score(&st, "E3"),
        "50.00",
        "an absent entry's marks are still listed"
    );
    assert_eq!(row(&st, "E4").unranked, Some(Unranked::Withdrawn));
    assert_eq!(row(&st, "E5").rank, Some(2));
    // Ranked first, then unranked in agenda order.
    let order: Vec<&str> = st.rows.iter().map(|r| r.entry.as_str()).collect();
    assert_eq!(order, vec!["E1", "E5", "E2", "E3", "E4"]);
}

#[test]
fn criterion_means_are_raw_values() {
    let mut s = session(&[("a", 1.0, 100.0), ("b", 1.0, 10.0)], 1, 2);
    submit(&mut s, "E1", "J1", &[80.0, 7.0]);
    submit(&mut s, "E1", "J2", &[71.0, 8.0]);
    let st = compute(&s, &Options::default()).unwrap();
    let m = &row(&st, "E1").criterion_means;
    assert_eq!(m[0].unwrap().fixed(2), "75.50");
    assert_eq!(m[1].unwrap().fixed(2), "7.50");
}

#[test]
fn zscores_by_hand() {
    // J1 totals: E1 80, E2 60, E3 70 -> mean 70, sd sqrt(200/3): z = 1.2247, -1.2247, 0
    // J2 totals: E1 50, E2 90          -> mean 70, sd 20:          z = -1, 1
    let mut s = session(&[("a", 1.0, 100.0)], 3, 2);
    submit(&mut s, "E1", "J1", &[80.0]);
    submit(&mut s, "E2", "J1", &[60.0]);
    submit(&mut s, "E3", "J1", &[70.0]);
    submit(&mut s, "E1", "J2", &[50.0]);
    submit(&mut s, "E2", "J2", &[90.0]);
    let o = Options {
        normalize: Normalize::Zscore,
        ..Options::default()
    };
    let st = compute(&s, &o).unwrap();
    let z1 = (1.5f64.sqrt() - 1.0) / 2.0;
    assert_eq!(score(&st, "E1"), format!("{z1:.4}"));
    assert_eq!(score(&st, "E2"), format!("{:.4}", -z1));
    assert_eq!(score(&st, "E3"), "0.0000");
    assert_eq!(ranks(&st)[0], ("E1".into(), Some(1)));
    assert_eq!(ranks(&st)[1], ("E3".into(), Some(2)));
    assert_eq!(ranks(&st)[2], ("E2".into(), Some(3)));
}

#[test]
fn zscore_gives_zero_for_single_entry_or_no_spread() {
    let mut s = session(&[("a", 1.0, 100.0)], 2, 2);
    submit(&mut s, "E1", "J1", &[80.0]); // J1 has one entry only
    submit(&mut s, "E1", "J2", &[70.0]);
    submit(&mut s, "E2", "J2", &[70.0]); // J2 has no spread
    let o = Options {
        normalize: Normalize::Zscore,
        ..Options::default()
    };
    let st = compute(&s, &o).unwrap();
    assert_eq!(score(&st, "E1"), "0.0000");
    assert_eq!(score(&st, "E2"), "0.0000");
    assert_eq!(row(&st, "E1").rank, Some(1));
    assert_eq!(row(&st, "E2").rank, Some(1));
}

#[test]
fn zscore_ties_are_exact_across_different_spreads() {
    // J1 and J2 have spreads whose variances differ by a square factor (sqrt(4v) = 2 sqrt(v)):
    // E1 gets z from J1 only, E2 from J2 only; both are exactly 1.
    let mut s = session(&[("a", 1.0, 100.0)], 4, 2);
    s.jurors[0].conflicts = vec!["E2".into(), "E4".into()];
    s.jurors[1].conflicts = vec!["E1".into(), "E3".into()];
    submit(&mut s, "E1", "J1", &[60.0]);
    submit(&mut s, "E3", "J1", &[50.0]);
    submit(&mut s, "E2", "J2", &[90.0]);
    submit(&mut s, "E4", "J2", &[70.0]);
    let o = Options {
        normalize: Normalize::Zscore,
        ..Options::default()
    };
    let st = compute(&s, &o).unwrap();
    assert_eq!(row(&st, "E1").rank, Some(1));
    assert_eq!(row(&st, "E2").rank, Some(1));
    assert_eq!(row(&st, "E3").rank, Some(3));
    assert_eq!(row(&st, "E4").rank, Some(3));
    assert_eq!(score(&st, "E1"), "1.0000");
}

#[test]
fn absent_entries_do_not_enter_a_jurors_zscores() {
    let mut s = session(&[("a", 1.0, 100.0)], 3, 1);
    submit(&mut s, "E1", "J1", &[80.0]);
    submit(&mut s, "E2", "J1", &[60.0]);
    submit(&mut s, "E3", "J1", &[0.0]);
    s.entries[2].status = Status::Withdrawn;
    let o = Options {
        normalize: Normalize::Zscore,
        ..Options::default()
    };
    let st = compute(&s, &o).unwrap();
    assert_eq!(score(&st, "E1"), "1.0000");
    assert_eq!(score(&st, "E2"), "-1.0000");
}

#[test]
fn half_steps_and_partial_totals() {
    let mut s = Session::new("t", Rubric::preset("kipp-10").unwrap(), now());
    s.categories.push(Category {
        id: "A".into(),
        name: "A".into(),
        top_n: None,
    });
    let mut values = crate::model::Values::new();
    values.insert("novelty", 7.5);
    // 100 * 15 * 0.75 / 100 = 11.25 points so far.
    assert_eq!(partial_total(&s, &values).unwrap().fixed(2), "11.25");
    s.tie_break = vec!["novelty".into()];
    assert!(compute(&s, &Options::default()).unwrap().rows.is_empty());
}

// ---- properties -------------------------------------------------------------------------

/// Exact reference: each juror total as a BigRational, the entry mean, straight from the spec.
pub(super) fn reference_mean(s: &Session, entry: &str) -> Option<BigRational> {
    let weights: BigRational = s
        .rubric
        .criteria
        .iter()
        .map(|c| BigRational::from_integer(BigInt::from(c.weight as i64)))
        .sum();
    let totals: Vec<BigRational> = s
        .scores
        .iter()
        .filter(|sh| sh.entry == entry && sh.is_submitted())
        .map(|sh| {
            let sum: BigRational = s
                .rubric
                .criteria
                .iter()
                .map(|c| {
                    BigRational::new(
                        BigInt::from(c.weight as i64) * BigInt::from(sh.values[&c.id] as i64),
                        BigInt::from(c.max as i64),
                    )
                })
                .sum();
            BigRational::from_integer(BigInt::from(100)) * sum / &weights
        })
        .collect();
    if totals.is_empty() {
        return None;
    }
    let n = BigRational::from_integer(BigInt::from(totals.len()));
    Some(totals.into_iter().sum::<BigRational>() / n)
}

pub(super) fn arb_session() -> impl Strategy<Value = Session> {
    (
        prop::collection::vec((1u32..=20, 1u32..=4), 1..=4),
        1usize..=8,
        1usize..=5,
    )
        .prop_flat_map(|(crit, n_entries, n_jurors)| {
            let n_crit = crit.len();
            let values = prop::collection::vec(
                prop::option::weighted(0.8, prop::collection::vec(0u32..=4, n_crit)),
                n_entries * n_jurors,
            );
            (Just(crit), Just(n_entries), Just(n_jurors), values)
        })
        .prop_map(|(crit, n_entries, n_jurors, values)| {
            // Small value ranges make exact ties frequent, which is what these tests are after.
            let ids: Vec<String> = (0..crit.len()).map(|i| format!("c{i}")).collect();
            let spec: Vec<(&str, f64, f64)> = crit
                .iter()
                .zip(&ids)
                .map(|((w, m), id)| (id.as_str(), f64::from(*w), f64::from(*m) * 25.0))
                .collect();
            let mut s = session(&spec, n_entries, n_jurors);
            for (k, v) in values.into_iter().enumerate() {
                if let Some(v) = v {
                    let e = format!("E{}", k / n_jurors + 1);
                    let j = format!("J{}", k % n_jurors + 1);
                    let vals: Vec<f64> = v
                        .iter()
                        .zip(&crit)
                        .map(|(x, (_, m))| f64::from(*x) * f64::from(*m) * 25.0 / 4.0)
                        .map(|x| x.round())
                        .collect();
                    submit(&mut s, &e, &j, &vals);
                }
            }
            s
        })
}

fn by_entry(st: &Standings) -> BTreeMap<String, (Option<u32>, Option<u32>, String)> {
    st.rows
        .iter()
        .map(|r| {
            (
                r.entry.clone(),
                (
                    r.rank,
                    r.category_rank,
                    r.score.as_ref().map(Score::display).unwrap_or_default(),
                ),
            )
        })
        .collect()
}

proptest! {
    #[test]
    fn prop_permutation_invariance(s in arb_session(), seed in any::<u64>(), m in 0usize..3, z in any::<bool>()) {
        let o = Options {
            method: Method::ALL[m],
            normalize: if z { Normalize::Zscore } else { Normalize::None },
            tie_break: None,
        };
        let base = by_entry(&compute(&s, &o).unwrap());
        let mut t = s.clone();
        // Shuffle sheets, jurors and the agenda deterministically from the seed.
        let mut x = seed | 1;
        let mut next = || { x ^= x << 13; x ^= x >> 7; x ^= x << 17; x };
        for v in [t.scores.len(), t.jurors.len(), t.entries.len()].into_iter().enumerate() {
            for i in (1..v.1).rev() {
                let k = (next() % (i as u64 + 1)) as usize;
                match v.0 { 0 => t.scores.swap(i, k), 1 => t.jurors.swap(i, k), _ => t.entries.swap(i, k) }
            }
        }
        prop_assert_eq!(base, by_entry(&compute(&t, &o).unwrap()));
    }

    #[test]
    fn prop_mean_matches_exact_reference(s in arb_session()) {
        let st = compute(&s, &Options::default()).unwrap();
        for r in &st.rows {
            let reference = reference_mean(&s, &r.entry);
            match (&r.score, reference) {
                (Some(Score::Points(p)), Some(q)) => {
                    prop_assert_eq!(BigRational::new(BigInt::from(p.num()), BigInt::from(p.den())), q);
                }
                (None, None) => {}
                (a, b) => prop_assert!(false, "score {:?} vs reference {:?}", a, b),
            }
        }
    }

    #[test]
    fn prop_ranks_are_competition_ranks(s in arb_session(), m in 0usize..3, z in any::<bool>()) {
        let o = Options {
            method: Method::ALL[m],
            normalize: if z { Normalize::Zscore } else { Normalize::None },
            tie_break: None,
        };
        let st = compute(&s, &o).unwrap();
        let ranked: Vec<&Row> = st.rows.iter().filter(|r| r.rank.is_some()).collect();
        for r in &ranked {
            let better = ranked.iter().filter(|o| {
                o.score.as_ref().unwrap().to_f64() > r.score.as_ref().unwrap().to_f64() + 1e-9
            }).count();
            prop_assert_eq!(r.rank, Some(better as u32 + 1), "entry {}", r.entry);
            let cat_better = ranked.iter().filter(|o| o.category == r.category && {
                o.score.as_ref().unwrap().to_f64() > r.score.as_ref().unwrap().to_f64() + 1e-9
            }).count();
            prop_assert_eq!(r.category_rank, Some(cat_better as u32 + 1));
        }
        // Ranked rows come first, best first.
        let firsts: Vec<bool> = st.rows.iter().map(|r| r.rank.is_some()).collect();
        prop_assert!(firsts.windows(2).all(|w| w[0] || !w[1]));
        prop_assert!(ranked.windows(2).all(|w| w[0].rank <= w[1].rank));
        // Every entry appears once, with its submitted sheet count.
        prop_assert_eq!(st.rows.len(), s.entries.len());
        for r in &st.rows {
            prop_assert_eq!(r.sheets, s.submitted_sheets(&r.entry));
            prop_assert_eq!(r.rank.is_some(), r.sheets > 0);
        }
    }

    #[test]
    fn prop_median_and_trimmed_stay_within_min_and_max(s in arb_session(), m in 0usize..3) {
        let st = compute(&s, &opts(Method::ALL[m])).unwrap();
        for r in st.rows.iter().filter(|r| r.sheets > 0) {
            let Some(Score::Points(p)) = &r.score else { unreachable!() };
            prop_assert!(r.min.unwrap() <= *p && *p <= r.max.unwrap());
        }
    }

    #[test]
    fn prop_tie_break_only_reorders_within_ties(s in arb_session()) {
        let plain = compute(&s, &Options::default()).unwrap();
        let ids: Vec<String> = s.rubric.criteria.iter().map(|c| c.id.clone()).collect();
        let o = Options { tie_break: Some(ids), ..Options::default() };
        let broken = compute(&s, &o).unwrap();
        for r in &broken.rows {
            let p = row(&plain, &r.entry);
            prop_assert_eq!(&r.score, &p.score);
            if let (Some(a), Some(b)) = (r.rank, p.rank) {
                // A tie-break can only move an entry down inside its tied group.
                prop_assert!(a >= b);
                let group = plain.rows.iter().filter(|o| o.rank == p.rank).count() as u32;
                prop_assert!(a < b + group);
                prop_assert_eq!(r.tie_break.is_some(), group > 1);
            }
        }
    }
}

// ---- the engine against the engine it replaced --------------------------------------------

/// A small deterministic generator, so that a failing case is named by its seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// A value on the criterion's scale from a few levels, so that equal totals are common.
fn level(r: &mut Rng, c: &Criterion) -> f64 {
    let steps = ((c.max - c.min) / c.step).round() as i64;
    let k = *r.pick(&[steps, steps, steps * 3 / 4, steps / 2, steps - 1, 0]);
    let units = to_units(c.min).unwrap() + k.max(0) * to_units(c.step).unwrap();
    crate::model::num::from_units(units)
}

/// A panel with everything the standings must cope with: decimal weights and scales, ties,
/// conflicts (and a conflicted sheet from a hand-edited file), absent and withdrawn entries,
/// drafts, jurors with one or two sheets, sheets in any order, and tie-break criteria.
fn rich_session(seed: u64) -> Session {
    let mut r = Rng::new(seed);
    let scales = [
        (0.0, 100.0, 1.0),
        (0.0, 10.0, 0.5),
        (1.0, 4.0, 1.0),
        (0.0, 7.5, 0.25),
        (0.0, 5.0, 1.0),
        (0.0, 1.0, 0.1),
    ];
    let weights = [1.0, 1.5, 2.0, 2.25, 3.0, 10.0, 15.0];
    let criteria: Vec<Criterion> = (0..1 + r.below(4))
        .map(|i| {
            let (min, max, step) = *r.pick(&scales);
            Criterion {
                id: format!("c{i}"),
                name: Text::new("c", "c"),
                description: Text::default(),
                weight: *r.pick(&weights),
                min,
                max,
                step,
            }
        })
        .collect();
    let rubric = Rubric {
        name: "t".into(),
        criteria,
        presentation_seconds: 420,
        interview_seconds: 780,
    };
    let mut s = Session::new("t", rubric, now());
    for c in ["A", "B", "C"] {
        s.categories.push(Category {
            id: c.into(),
            name: c.into(),
            top_n: Some(2),
        });
    }
    let n_entries = 1 + r.below(10);
    for i in 1..=n_entries {
        let status = if r.chance(0.1) {
            Status::Absent
        } else if r.chance(0.1) {
            Status::Withdrawn
        } else {
            *r.pick(&[Status::Scheduled, Status::Done, Status::Presenting])
        };
        s.entries.push(Entry {
            id: format!("E{i}"),
            title: format!("Entry {i}"),
            institution: "Dinas".into(),
            category: r.pick(&["A", "B", "C"]).to_string(),
            region: None,
            presenter: None,
            status,
            ..Default::default()
        });
    }
    let n_jurors = 1 + r.below(6);
    for j in 1..=n_jurors {
        let conflicts = (1..=n_entries)
            .filter(|_| r.chance(0.12))
            .map(|i| format!("E{i}"))
            .collect();
        s.jurors.push(Juror {
            id: format!("J{j}"),
            name: format!("Juri {j}"),
            role: None,
            conflicts,
        });
    }
    s.tie_break = s
        .rubric
        .criteria
        .iter()
        .filter(|_| r.chance(0.3))
        .map(|c| c.id.clone())
        .collect();
    let mut sheets = Vec::new();
    for e in 1..=n_entries {
        for j in 1..=n_jurors {
            let (entry, juror) = (format!("E{e}"), format!("J{j}"));
            if s.conflicted(&juror, &entry) && !r.chance(0.1) {
                continue;
            }
            if r.chance(0.25) {
                continue;
            }
            let state = if r.chance(0.12) {
                SheetState::Draft
            } else {
                SheetState::Submitted
            };
            let mut values: crate::model::Values = s
                .rubric
                .criteria
                .iter()
                .map(|c| (c.id.clone(), level(&mut r, c)))
                .collect();
            if r.chance(0.04) {
                values.remove("c0");
            }
            sheets.push((entry, juror, values, state));
        }
    }
    if !sheets.is_empty() && r.chance(0.05) {
        // A second sheet of one juror for one entry, as only a hand-edited file has.
        let k = r.below(sheets.len());
        let mut twin = sheets[k].clone();
        twin.2 = s
            .rubric
            .criteria
            .iter()
            .map(|c| (c.id.clone(), level(&mut r, c)))
            .collect();
        twin.3 = SheetState::Submitted;
        sheets.push(twin);
    }
    if r.chance(0.1) {
        let v = sheets.first().map(|s| s.2.clone()).unwrap_or_default();
        sheets.push(("E1".into(), "JX".into(), v.clone(), SheetState::Submitted));
        sheets.push(("EX".into(), "J1".into(), v, SheetState::Submitted));
    }
    for i in (1..sheets.len()).rev() {
        let k = r.below(i + 1);
        sheets.swap(i, k);
    }
    for (entry, juror, values, state) in sheets {
        push_sheet(&mut s, &entry, &juror, values, state);
    }
    // Drawn last, so the rest of a seed's session is what it was before quorums.
    if r.chance(0.4) {
        s.quorum = Some(1 + r.below(n_jurors) as u32);
    }
    s
}

/// Every option a chair can choose, with tie-break lists from none to every criterion.
fn all_options(s: &Session, r: &mut Rng) -> Vec<Options> {
    let ids: Vec<String> = s.rubric.criteria.iter().map(|c| c.id.clone()).collect();
    let mut lists = vec![None, Some(vec![]), Some(ids.clone())];
    let mut some: Vec<String> = ids.iter().filter(|_| r.chance(0.5)).cloned().collect();
    some.reverse();
    lists.push(Some(some));
    let mut out = Vec::new();
    for m in Method::ALL {
        for normalize in [Normalize::None, Normalize::Zscore] {
            for tie_break in &lists {
                out.push(Options {
                    method: m,
                    normalize,
                    tie_break: tie_break.clone(),
                });
            }
        }
    }
    out
}

/// Whether the standings say the same as the reference engine's, field by field and bit for
/// bit (titles and institutions now come from the session).
fn agree(new: &Standings, old: &reference::Standings) -> std::result::Result<(), String> {
    if (new.method, new.normalize, &new.tie_break) != (old.method, old.normalize, &old.tie_break) {
        return Err("options differ".into());
    }
    if new.rows.len() != old.rows.len() {
        return Err(format!(
            "{} rows, reference {}",
            new.rows.len(),
            old.rows.len()
        ));
    }
    for (i, (a, b)) in new.rows.iter().zip(&old.rows).enumerate() {
        let score_same = match (&a.score, &b.score) {
            (None, None) => true,
            (Some(Score::Points(x)), Some(reference::Score::Points(y))) => x == y,
            (Some(Score::Z(x)), Some(y @ reference::Score::Z(_))) => {
                x.to_f64().to_bits() == y.to_f64().to_bits()
                    && Score::Z(x.clone()).display() == y.display()
            }
            _ => false,
        };
        let totals: Vec<(String, Ratio)> =
            a.totals.iter().map(|(j, t)| (j.to_string(), *t)).collect();
        let fa = (
            (&a.entry, a.category.as_str(), a.status),
            a.rank,
            a.category_rank,
            a.sheets,
            a.expected,
            a.min,
            a.max,
            a.sd.map(f64::to_bits),
            &a.criterion_means,
            &totals,
            &a.tie_break,
            a.unranked,
        );
        let fb = (
            (&b.entry, b.category.as_str(), b.status),
            b.rank,
            b.category_rank,
            b.sheets,
            b.expected,
            b.min,
            b.max,
            b.sd.map(f64::to_bits),
            &b.criterion_means,
            &b.totals,
            &b.tie_break,
            b.unranked,
        );
        if fa != fb || !score_same {
            return Err(format!(
                "row {i} differs:\n  new {fa:?} {:?}\n  ref {fb:?} {:?}",
                a.score, b.score
            ));
        }
    }
    Ok(())
}

fn check_against_reference(s: &Session, o: &Options) -> std::result::Result<(), String> {
    match (compute(s, o), reference::compute(s, o)) {
        (Ok(a), Ok(b)) => agree(&a, &b).map_err(|e| format!("{o:?}: {e}")),
        (Err(a), Err(b)) if a.to_string() == b.to_string() => Ok(()),
        (a, b) => Err(format!(
            "{o:?}: {:?} vs reference {:?}",
            a.map(|_| "standings"),
            b.map(|_| "standings")
        )),
    }
}

#[test]
fn unknown_tie_break_criteria_give_the_same_error_as_before() {
    let s = rich_session(7);
    let o = Options {
        tie_break: Some(vec!["zzz".into()]),
        ..Options::default()
    };
    let e = compute(&s, &o).unwrap_err().to_string();
    assert_eq!(e, reference::compute(&s, &o).unwrap_err().to_string());
    assert!(e.contains("\"zzz\" is not in the rubric"), "{e}");
    let mut bad = s.clone();
    bad.tie_break = vec!["nope".into()];
    assert_eq!(
        compute(&bad, &Options::default()).unwrap_err().to_string(),
        reference::compute(&bad, &Options::default())
            .unwrap_err()
            .to_string()
    );
}

#[test]
fn generated_sessions_rank_as_the_reference_does() {
    for (entries, seed) in [(1, 1), (2, 2), (40, 3), (120, 4)] {
        let s = crate::r#gen::generate(entries, 15, 1.0, seed);
        let mut r = Rng::new(seed);
        for o in all_options(&s, &mut r) {
            check_against_reference(&s, &o).unwrap();
        }
    }
    // Half scored: drafts, an entry on stage, entries without sheets.
    let s = crate::r#gen::generate(30, 7, 0.5, 9);
    for o in all_options(&s, &mut Rng::new(9)) {
        check_against_reference(&s, &o).unwrap();
    }
}

#[test]
fn zscore_classes_shared_by_several_jurors() {
    // With two entries each, every juror's variance is a square: one class with different
    // factors, the exact path; E1 and E2 tie exactly through different jurors.
    let mut s = session(&[("a", 1.0, 100.0)], 4, 3);
    for (e, j, v) in [
        ("E1", "J1", 90.0),
        ("E3", "J1", 70.0),
        ("E2", "J2", 80.0),
        ("E4", "J2", 70.0),
        ("E1", "J3", 60.0),
        ("E2", "J3", 60.0),
    ] {
        submit(&mut s, e, j, &[v]);
    }
    let o = Options {
        normalize: Normalize::Zscore,
        ..Options::default()
    };
    check_against_reference(&s, &o).unwrap();
    let st = compute(&s, &o).unwrap();
    assert_eq!(row(&st, "E1").rank, row(&st, "E2").rank);
}

#[test]
fn board_is_plain_shared_data() {
    fn send_sync<T: Send + Sync + Clone + 'static>() {}
    send_sync::<Board>();
    send_sync::<Standings>();
}

#[test]
fn a_clone_of_the_board_keeps_the_standings_it_had() {
    let mut s = session(&[("a", 1.0, 100.0)], 3, 2);
    submit(&mut s, "E1", "J1", &[80.0]);
    submit(&mut s, "E2", "J1", &[70.0]);
    s.reindex();
    let before = Board::new(&s).unwrap();
    let mut board = before.clone();
    let snapshot = s.clone();
    s.apply(
        "chair",
        Change::SetStatus {
            entry: "E1".into(),
            status: Status::Withdrawn,
        },
        now(),
    )
    .unwrap();
    board.update_entry(&s, "E1");
    let o = Options::default();
    assert_eq!(rank(&board, &o).unwrap(), compute(&s, &o).unwrap());
    assert_eq!(rank(&before, &o).unwrap(), compute(&snapshot, &o).unwrap());
    assert_eq!(row(&rank(&board, &o).unwrap(), "E2").rank, Some(1));
    assert!(
        Arc::ptr_eq(&before.entries[1], &board.entries[1]),
        "E2 is shared"
    );
    assert!(!Arc::ptr_eq(&before.entries[0], &board.entries[0]));
}

/// A change the chair or a juror makes during a session.
#[derive(Debug, Clone)]
enum Op {
    /// The juror fills in (or changes) the sheet and submits it.
    Submit {
        entry: usize,
        juror: usize,
        seed: u64,
    },
    Reopen {
        entry: usize,
        juror: usize,
    },
    Status {
        entry: usize,
        status: usize,
    },
    Move {
        entry: usize,
        to: usize,
    },
}

fn arb_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0usize..12, 0usize..7, any::<u64>())
            .prop_map(|(entry, juror, seed)| Op::Submit { entry, juror, seed }),
        2 => (0usize..12, 0usize..7).prop_map(|(entry, juror)| Op::Reopen { entry, juror }),
        1 => (0usize..12, 0usize..4).prop_map(|(entry, status)| Op::Status { entry, status }),
        1 => (0usize..12, 0usize..12).prop_map(|(entry, to)| Op::Move { entry, to }),
    ]
}

/// Makes the change through `Session::apply`, as the screens do; returns the entry touched
/// and whether the agenda order changed, or `None` when the session refused the change.
fn apply_op(s: &mut Session, op: &Op) -> Option<(String, bool)> {
    let entry_id = |s: &Session, i: usize| s.entries[i % s.entries.len()].id.clone();
    let juror_id = |s: &Session, i: usize| s.jurors[i % s.jurors.len()].id.clone();
    match *op {
        Op::Submit { entry, juror, seed } => {
            let (e, j) = (entry_id(s, entry), juror_id(s, juror));
            let mut r = Rng::new(seed);
            let values: Vec<(String, f64)> = s
                .rubric
                .criteria
                .clone()
                .iter()
                .map(|c| (c.id.clone(), level(&mut r, c)))
                .collect();
            for (c, v) in values {
                let change = Change::SetValue {
                    entry: e.clone(),
                    juror: j.clone(),
                    criterion: c,
                    value: Some(v),
                };
                s.apply(&j, change, now()).ok()?;
            }
            let change = Change::Submit {
                entry: e.clone(),
                juror: j.clone(),
            };
            s.apply(&j, change, now()).ok()?;
            Some((e, false))
        }
        Op::Reopen { entry, juror } => {
            let (e, j) = (entry_id(s, entry), juror_id(s, juror));
            let change = Change::Reopen {
                entry: e.clone(),
                juror: j,
                reason: "typo".into(),
            };
            s.apply("chair", change, now()).ok()?;
            Some((e, false))
        }
        Op::Status { entry, status } => {
            let e = entry_id(s, entry);
            let status = [
                Status::Done,
                Status::Absent,
                Status::Withdrawn,
                Status::Scheduled,
            ][status];
            s.apply(
                "chair",
                Change::SetStatus {
                    entry: e.clone(),
                    status,
                },
                now(),
            )
            .ok()?;
            Some((e, false))
        }
        Op::Move { entry, to } => {
            let e = entry_id(s, entry);
            s.apply(
                "chair",
                Change::MoveEntry {
                    entry: e.clone(),
                    to,
                },
                now(),
            )
            .ok()?;
            Some((e, true))
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A quorum only takes entries out of the ranking: the others keep their order, and
    /// exactly the entries with fewer counted sheets than their quorum are taken out.
    #[test]
    fn prop_quorum_only_unranks_entries_below_it(seed in any::<u64>(), m in 0usize..3, q in 1u32..7) {
        let mut s = rich_session(seed);
        s.quorum = None;
        let o = opts(Method::ALL[m]);
        let free = compute(&s, &o).unwrap();
        s.quorum = Some(q.min(s.jurors.len() as u32));
        let held = compute(&s, &o).unwrap();
        prop_assert!(check_against_reference(&s, &o).is_ok());
        let mut kept = Vec::new();
        for r in &free.rows {
            let h = held.rows.iter().find(|x| x.entry == r.entry).unwrap();
            let below = r.rank.is_some() && r.sheets < s.quorum_for(&r.entry);
            if below {
                prop_assert_eq!(h.unranked, Some(Unranked::BelowQuorum));
                prop_assert_eq!(h.rank, None);
            } else {
                prop_assert_eq!(h.unranked, r.unranked);
            }
            if r.rank.is_some() && !below {
                kept.push(r.entry.as_str());
            }
        }
        let ranked: Vec<&str> = held.rows.iter().filter(|r| r.rank.is_some()).map(|r| r.entry.as_str()).collect();
        prop_assert_eq!(ranked, kept);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn prop_engine_matches_reference(seed in any::<u64>()) {
        let s = rich_session(seed);
        let mut r = Rng::new(seed);
        for o in all_options(&s, &mut r) {
            if let Err(e) = check_against_reference(&s, &o) {
                prop_assert!(false, "seed {}: {}", seed, e);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn prop_updated_board_ranks_as_compute(
        seed in any::<u64>(),
        ops in prop::collection::vec(arb_op(), 1..12),
        m in 0usize..3,
        z in any::<bool>(),
    ) {
        let mut s = rich_session(seed);
        // Sheets of a hand-edited file that `apply` would refuse to touch: drop them, as
        // loading the file would have refused it.
        let keep: Vec<bool> = s
            .scores
            .iter()
            .map(|sh| {
                s.entry(&sh.entry).is_some()
                    && s.juror(&sh.juror).is_some()
                    && !s.conflicted(&sh.juror, &sh.entry)
            })
            .collect();
        let mut keep = keep.into_iter();
        s.scores.retain(|_| keep.next().unwrap_or(false));
        s.reindex();
        let o = Options {
            method: Method::ALL[m],
            normalize: if z { Normalize::Zscore } else { Normalize::None },
            tie_break: None,
        };
        let ids: Vec<String> = s.rubric.criteria.iter().map(|c| c.id.clone()).collect();
        let broken = Options { tie_break: Some(ids), ..o.clone() };
        let mut board = Board::new(&s).unwrap();
        for op in &ops {
            let before = (board.clone(), s.clone());
            let Some((entry, moved)) = apply_op(&mut s, op) else { continue };
            if moved {
                // The screens' way (one entry, from where it was to where it is), or all again.
                let from = before.1.entry_pos(&entry).unwrap();
                let to = s.entry_pos(&entry).unwrap();
                if seed % 2 == 0 {
                    board.moved(&s, from, to);
                } else {
                    board.reorder(&s);
                }
            } else {
                board.update_entry(&s, &entry);
            }
            for o in [&o, &broken] {
                prop_assert_eq!(rank(&board, o).unwrap(), compute(&s, o).unwrap(), "after {:?}", op);
            }
            // The clone taken before the change still has the standings of then.
            prop_assert_eq!(rank(&before.0, &o).unwrap(), compute(&before.1, &o).unwrap());
        }
        if let Err(e) = check_against_reference(&s, &o) {
            prop_assert!(false, "{}", e);
        }
    }
}

use super::reference;

#[test]
fn zscores_a_hair_apart_are_ordered_exactly() {
    // Huge scales put two entries' z-scores within 1e-10 of each other; the exact comparison
    // decides, with one juror (one square-root class) and with two (two classes), on the
    // integer path (max 1e10) and the big-number one (max 1e12).
    for (max, step) in [(1e10, 1.0), (1e12, 0.5)] {
        for jurors in [1, 2] {
            let mut s = session(&[("a", 1.0, max)], 4, jurors);
            s.rubric.criteria[0].step = step;
            submit(&mut s, "E1", "J1", &[max - step]);
            submit(&mut s, "E2", "J1", &[max]);
            submit(&mut s, "E3", "J1", &[0.0]);
            submit(&mut s, "E4", "J1", &[0.0]);
            if jurors == 2 {
                submit(&mut s, "E1", "J2", &[max]);
                submit(&mut s, "E2", "J2", &[max - 2.0 * step]);
                submit(&mut s, "E3", "J2", &[0.0]);
                submit(&mut s, "E4", "J2", &[max / 2.0]);
            }
            let o = Options {
                normalize: Normalize::Zscore,
                ..Options::default()
            };
            check_against_reference(&s, &o).unwrap();
            let st = compute(&s, &o).unwrap();
            let (a, b) = (row(&st, "E1").rank.unwrap(), row(&st, "E2").rank.unwrap());
            assert!(a != b, "{max} {jurors}: not a tie");
            assert_eq!(row(&st, "E1").tie_break, None);
        }
    }
}

#[test]
fn residues_never_rule_out_a_square() {
    let mut r = Rng::new(11);
    let mut squares = 0;
    for _ in 0..20_000 {
        let p = 1 + r.below(50) as u128;
        let (x, y) = (1 + r.below(1 << 20) as u128, 1 + r.below(1 << 20) as u128);
        // Half the pairs have a square product by construction.
        let (a, b) = if r.chance(0.5) {
            (p * x * x, p * y * y)
        } else {
            (x * p, y)
        };
        let exact = (a * b).isqrt().pow(2) == a * b;
        let (ba, bb) = (BigInt::from(a), BigInt::from(b));
        assert_eq!(product_is_square(&ba, &bb), exact, "{a} * {b}");
        if exact {
            squares += 1;
            assert!(Residues::product_may_be_square(
                Residues::of(&ba),
                Residues::of(&bb)
            ));
        }
    }
    assert!(squares > 9_000);
    // The big-number path agrees with the word-sized one.
    let big = BigInt::from(u128::MAX) * 9u32;
    assert!(product_is_square(&big, &(BigInt::from(u128::MAX) * 4u32)));
    assert!(!product_is_square(&big, &(BigInt::from(u128::MAX) * 3u32)));
}

#[test]
fn a_rubric_without_criteria_and_sessions_without_sheets() {
    let mut s = session(&[("a", 1.0, 100.0)], 3, 2);
    submit(&mut s, "E1", "J1", &[80.0]);
    s.rubric.criteria.clear();
    for o in all_options(&s, &mut Rng::new(3)) {
        check_against_reference(&s, &o).unwrap();
    }
    let empty = session(&[("a", 1.0, 100.0)], 0, 0);
    check_against_reference(&empty, &Options::default()).unwrap();
}

#[test]
fn the_board_follows_entries_added_and_removed() {
    let mut s = session(&[("a", 1.0, 100.0)], 3, 2);
    submit(&mut s, "E1", "J1", &[80.0]);
    submit(&mut s, "E2", "J1", &[70.0]);
    s.reindex();
    let mut board = Board::new(&s).unwrap();
    let mut e = s.entries[0].clone();
    e.id = "E9".into();
    s.entries.insert(1, e);
    submit(&mut s, "E9", "J2", &[90.0]);
    s.reindex();
    board.update_entry(&s, "E9");
    let o = Options::default();
    assert_eq!(rank(&board, &o).unwrap(), compute(&s, &o).unwrap());
    s.entries.retain(|e| e.id != "E2");
    s.reindex();
    board.update_entry(&s, "E2");
    assert_eq!(rank(&board, &o).unwrap(), compute(&s, &o).unwrap());
}
