//! How much the ranking depends on the method: each entry's score and rank by the mean, the
//! median, the trimmed mean and z-scores side by side, and entries whose rank or place against
//! a line changes between them flagged as fragile, so the plenary knows where to deliberate.

use super::{Lines, Method, Normalize, Options, Row, Standings, category_lines, compute};
use crate::error::Result;
use crate::model::Session;

/// The four ways of combining totals, in the order shown.
pub const WAYS: [(Method, Normalize); 4] = [
    (Method::Mean, Normalize::None),
    (Method::Median, Normalize::None),
    (Method::Trimmed, Normalize::None),
    (Method::Mean, Normalize::Zscore),
];

/// What decides an entry's place under one way: its rank, its side of each of its
/// category's lines, inside the overall Top N, passing.
type Place = (Option<u32>, Vec<bool>, Option<bool>, Option<bool>);

#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityRow {
    pub entry: String,
    pub category: String,
    /// Per way of [`WAYS`]: the score as shown and the rank.
    pub ways: Vec<(Option<String>, Option<u32>)>,
    /// The rank, or the side of a line (a category's, the overall Top N, the passing grade),
    /// differs between the ways.
    pub fragile: bool,
}

/// Per way, the standings; then one row per ranked entry (by the mean's order), flagged.
pub fn sensitivity(s: &Session, tie_break: Option<Vec<String>>) -> Result<Vec<SensitivityRow>> {
    let all: Vec<Standings> = WAYS
        .iter()
        .map(|&(method, normalize)| {
            compute(
                s,
                &Options {
                    method,
                    normalize,
                    tie_break: tie_break.clone(),
                },
            )
        })
        .collect::<Result<_>>()?;
    let lines: Vec<Lines> = all.iter().map(|st| Lines::new(s, st)).collect();
    let find = |st: &'_ Standings, id: &str| -> Option<usize> {
        st.rows.iter().position(|r| r.entry == id)
    };
    let mut out = Vec::new();
    for r in all[0].rows.iter().filter(|r| r.rank.is_some()) {
        let cat_lines = category_lines(s, &r.category);
        let mut ways = Vec::with_capacity(WAYS.len());
        let mut places: Vec<Place> = Vec::new();
        for (st, l) in all.iter().zip(&lines) {
            let Some(i) = find(st, &r.entry) else {
                continue;
            };
            let row: &Row = &st.rows[i];
            ways.push((st.score_text(row), row.rank));
            let sides = cat_lines
                .iter()
                .map(|&n| row.category_rank.is_some_and(|k| k <= n))
                .collect();
            let pass = (st.normalize == Normalize::None)
                .then(|| l.passes(row))
                .flatten();
            places.push((row.rank, sides, l.in_overall(row), pass));
        }
        let first = &places[0];
        let fragile = places.iter().any(|p| {
            p.0 != first.0
                || p.1 != first.1
                || p.2 != first.2
                || (p.3.is_some() && first.3.is_some() && p.3 != first.3)
        });
        out.push(SensitivityRow {
            entry: r.entry.clone(),
            category: r.category.to_string(),
            ways,
            fragile,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{session, submit};
    use super::*;

    #[test]
    fn an_entry_whose_rank_depends_on_the_method_is_fragile() {
        let mut s = session(&[("x", 1.0, 100.0)], 3, 3);
        // E1: one generous juror lifts its mean above E3's; its median is lower.
        for (e, v) in [
            ("E1", [100.0, 60.0, 60.0]),
            ("E2", [50.0, 50.0, 50.0]),
            ("E3", [70.0, 70.0, 68.0]),
        ] {
            for (j, x) in v.iter().enumerate() {
                submit(&mut s, e, &format!("J{}", j + 1), &[*x]);
            }
        }
        let rows = sensitivity(&s, None).unwrap();
        let get = |id: &str| rows.iter().find(|r| r.entry == id).unwrap();
        assert_eq!(get("E1").ways[0].1, Some(1));
        assert_eq!(get("E1").ways[1].1, Some(2));
        assert!(get("E1").fragile && get("E3").fragile);
        assert!(!get("E2").fragile);
        assert_eq!(get("E2").ways.len(), 4);
    }
}
