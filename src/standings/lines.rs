//! The lines the plenary draws through the standings: a category's Top N (several per
//! category: a Top 20, then a Top 10), a Top N across every category whose places are filled
//! by each category's quota first, and a passing grade. Exact: a score passes when its exact
//! value is at least the grade.

use std::collections::BTreeSet;

use super::{Row, Score, Standings};
use crate::model::num::{Ratio, UNIT, to_units};
use crate::model::{Category, Rules, Session};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lines {
    /// The overall Top N, if the session draws one.
    pub overall: Option<u32>,
    /// The entries inside the overall Top N.
    pub selected: BTreeSet<String>,
    /// Whether some of them are there by their category's quota rather than their overall
    /// rank (so the overall table's line cannot be drawn between two rows).
    pub by_quota: bool,
    /// The passing grade in points, exactly.
    pub pass: Option<Ratio>,
}

impl Lines {
    pub fn new(s: &Session, st: &Standings) -> Lines {
        Lines::of(&s.rules, &s.categories, st)
    }

    /// The same from the session's rules and categories alone.
    pub fn of(rules: &Rules, categories: &[Category], st: &Standings) -> Lines {
        let pass = rules
            .pass
            .and_then(to_units)
            .map(|u| Ratio::new(i128::from(u), i128::from(UNIT)));
        let Some(n) = rules.overall else {
            return Lines {
                pass,
                ..Default::default()
            };
        };
        let quota = |cat: &str| {
            categories
                .iter()
                .find(|c| c.id == cat)
                .and_then(|c| rules.lines_of(cat, c.top_n).first().copied())
        };
        let ranked: Vec<&Row> = st.rows.iter().filter(|r| r.rank.is_some()).collect();
        let mut selected: BTreeSet<String> = BTreeSet::new();
        // Each category's quota first, ties at its line inside.
        for r in &ranked {
            if let (Some(q), Some(k)) = (quota(&r.category), r.category_rank)
                && k <= q
            {
                selected.insert(r.entry.clone());
            }
        }
        let by_quota = !selected.is_empty();
        // The seats left go to the best of the rest, in overall order; a tie at the last
        // seat stays inside, as it does at a category's line.
        let mut last: Option<u32> = None;
        for r in &ranked {
            if selected.contains(&r.entry) {
                continue;
            }
            let full = selected.len() >= n as usize;
            if full && last != r.rank {
                break;
            }
            selected.insert(r.entry.clone());
            last = r.rank;
        }
        Lines {
            overall: Some(n),
            selected,
            by_quota,
            pass,
        }
    }

    /// Whether the entry is inside the overall Top N (`None` without one).
    pub fn in_overall(&self, r: &Row) -> Option<bool> {
        self.overall.map(|_| self.selected.contains(&r.entry))
    }

    /// Whether the entry reaches the passing grade (`None` without a grade, or for an entry
    /// not ranked or not scored in points).
    pub fn passes(&self, r: &Row) -> Option<bool> {
        let p = self.pass?;
        match &r.score {
            Some(Score::Points(x)) if r.rank.is_some() => Some(*x >= p),
            _ => None,
        }
    }

    /// How many pass.
    pub fn passing(&self, st: &Standings) -> usize {
        st.rows
            .iter()
            .filter(|r| self.passes(r) == Some(true))
            .count()
    }
}

/// The lines of a category, largest first (its `top_n` and any the rules add).
pub fn category_lines(s: &Session, category: &str) -> Vec<u32> {
    s.rules
        .lines_of(category, s.category(category).and_then(|c| c.top_n))
}

/// In rows of one category in standings order: before which row each line goes, as
/// `(row position, N)`, largest N last so lines read top to bottom. A line after every row
/// is not drawn. Ties at N stay above the line.
pub fn line_positions(rows: &[&Row], lines: &[u32]) -> Vec<(usize, u32)> {
    let mut out: Vec<(usize, u32)> = lines
        .iter()
        .filter_map(|&n| {
            rows.iter()
                .position(|r| r.category_rank.is_none_or(|k| k > n))
                .map(|i| (i, n))
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{session, submit};
    use super::super::{Options, compute};
    use super::*;

    /// Six categories of ten entries each (like the national stage's clusters), scored so
    /// that category C's entries are all below the others'.
    fn national() -> Session {
        let mut s = session(&[("x", 1.0, 100.0)], 0, 1);
        s.categories.clear();
        for c in 0..6 {
            s.categories.push(Category {
                id: format!("K{c}"),
                name: format!("Klaster {c}"),
                top_n: Some(7),
            });
            for i in 0..10 {
                s.entries.push(crate::model::Entry {
                    id: format!("E{c}{i}"),
                    title: String::new(),
                    institution: String::new(),
                    category: format!("K{c}"),
                    region: None,
                    presenter: None,
                    status: crate::model::Status::Scheduled,
                    reason: None,
                    group: None,
                    day: None,
                });
                let v = if c == 5 { 40 - i } else { 99 - c - 5 * i };
                submit(&mut s, &format!("E{c}{i}"), "J1", &[f64::from(v)]);
            }
        }
        s.rules.overall = Some(45);
        s
    }

    #[test]
    fn an_overall_top_n_filled_by_quotas_then_the_best_of_the_rest() {
        let s = national();
        let st = compute(&s, &Options::default()).unwrap();
        let l = Lines::new(&s, &st);
        assert_eq!(l.selected.len(), 45);
        // Every cluster's Top 7, the weak one's included...
        for i in 0..7 {
            assert!(l.selected.contains(&format!("E5{i}")));
        }
        assert!(!l.selected.contains("E57"));
        // ...and the 3 seats left to the best eighth places.
        let eighth: Vec<bool> = (0..5)
            .map(|c| l.selected.contains(&format!("E{c}7")))
            .collect();
        assert_eq!(eighth, [true, true, true, false, false]);
        assert!(l.by_quota);
    }

    proptest::proptest! {
        /// Against a reference by sets: the quotas' entries, then every other entry ranked at
        /// or above the one that takes the last seat.
        #[test]
        fn prop_overall_selection(
            values in proptest::collection::vec(proptest::option::of(0u32..6), 2..14),
            qa in 0u32..4,
            qb in 0u32..4,
            n in 1u32..10,
        ) {
            let mut s = session(&[("x", 1.0, 5.0)], values.len(), 1);
            s.categories[0].top_n = (qa > 0).then_some(qa);
            s.categories[1].top_n = (qb > 0).then_some(qb);
            for (i, v) in values.iter().enumerate() {
                if let Some(v) = v {
                    submit(&mut s, &format!("E{}", i + 1), "J1", &[f64::from(*v)]);
                }
            }
            s.rules.overall = Some(n);
            let st = compute(&s, &Options::default()).unwrap();
            let ranked: Vec<&Row> = st.rows.iter().filter(|r| r.rank.is_some()).collect();
            let quota = |r: &Row| {
                let q = if r.category == "A" { qa } else { qb };
                q > 0 && r.category_rank.unwrap() <= q
            };
            let q: BTreeSet<String> = ranked.iter().filter(|r| quota(r)).map(|r| r.entry.clone()).collect();
            let others: Vec<&&Row> = ranked.iter().filter(|r| !quota(r)).collect();
            let seats = (n as usize).saturating_sub(q.len());
            let mut want = q.clone();
            if seats > 0 {
                let last = others.get(seats - 1).map_or(u32::MAX, |r| r.rank.unwrap());
                want.extend(others.iter().filter(|r| r.rank.unwrap() <= last).map(|r| r.entry.clone()));
            }
            let got = Lines::new(&s, &st).selected;
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn a_passing_grade_is_exact() {
        let mut s = session(&[("x", 1.0, 3.0)], 2, 1);
        submit(&mut s, "E1", "J1", &[2.0]);
        submit(&mut s, "E2", "J1", &[1.0]);
        // 2 of 3 is 66.666..., below 66.6667 and above 66.6666.
        s.rules.pass = Some(66.6667);
        let st = compute(&s, &Options::default()).unwrap();
        let l = Lines::new(&s, &st);
        assert_eq!(l.passes(&st.rows[0]), Some(false));
        s.rules.pass = Some(66.6666);
        let l = Lines::new(&s, &st);
        assert_eq!(l.passes(&st.rows[0]), Some(true));
        assert_eq!(l.passing(&st), 1);
    }

    #[test]
    fn two_lines_in_one_category() {
        let mut s = session(&[("x", 1.0, 100.0)], 30, 1);
        for i in 1..=30 {
            submit(&mut s, &format!("E{i}"), "J1", &[f64::from(100 - i)]);
        }
        s.categories[0].top_n = Some(10);
        s.rules.lines.insert("A".into(), vec![5, 10]);
        let st = compute(&s, &Options::default()).unwrap();
        let rows: Vec<&Row> = st.category("A").collect();
        assert_eq!(category_lines(&s, "A"), vec![10, 5]);
        assert_eq!(
            line_positions(&rows, &category_lines(&s, "A")),
            vec![(5, 5), (10, 10)]
        );
    }
}
