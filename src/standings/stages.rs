//! Standings over a chain of stages: each entry's final score is the weighted sum of its
//! earlier stages' scores and this stage's, exactly; ranks follow it, and equal final scores
//! are separated by this stage's tie-break criteria, or shared.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::ToPrimitive;

use super::*;
use crate::error::{Error, Refusal, Result};
use crate::model::Session;
use crate::model::num::Ratio;
use crate::model::stages::Chain;

fn big(r: Ratio) -> BigRational {
    BigRational::new(BigInt::from(r.num()), BigInt::from(r.den()))
}

fn small(r: &BigRational) -> Option<Ratio> {
    Some(Ratio::new(r.numer().to_i128()?, r.denom().to_i128()?))
}

/// The standings of a session with earlier stages, from this stage's own; the same standings
/// when it has none.
pub fn combine(s: &Session, st: Standings) -> Result<Standings> {
    let criteria: Vec<String> = s.rubric.criteria.iter().map(|c| c.id.clone()).collect();
    combine_with(s.chain.as_ref(), &criteria, &|e| s.entry_pos(e), st)
}

/// [`combine`] from what it needs of the session: its chain, its criterion ids in rubric order
/// and each entry's agenda position.
pub(super) fn combine_with(
    chain: Option<&Chain>,
    criteria: &[String],
    agenda_pos: &dyn Fn(&str) -> Option<usize>,
    mut st: Standings,
) -> Result<Standings> {
    let Some(chain) = chain.filter(|c| c.combines()) else {
        return Ok(st);
    };
    if st.normalize == Normalize::Zscore {
        return Err(Error::usage(
            "z-scores cannot be added to earlier stages' scores: rank with --normalize none",
        ));
    }
    let this = big(chain.this_weight());
    let weights: Vec<BigRational> = chain
        .stages
        .iter()
        .map(|x| x.weight().map(big).unwrap_or_default())
        .collect();
    let hundred = BigRational::from_integer(100.into());
    let keys: Vec<usize> = st
        .tie_break
        .iter()
        .filter_map(|c| criteria.iter().position(|k| k == c))
        .collect();
    let mut finals: Vec<Option<Ratio>> = Vec::with_capacity(st.rows.len());
    for r in &mut st.rows {
        let mine = match &r.score {
            Some(Score::Points(p)) => Some(*p),
            _ => None,
        };
        r.stages = chain.stages.iter().map(|x| x.score(&r.entry)).collect();
        r.stages.push(mine);
        if r.unranked.is_none() && r.stages.iter().any(Option::is_none) {
            r.unranked = Some(Unranked::NoStageScore);
        }
        let fin = if r.unranked.is_none() {
            let mut sum = big(mine.unwrap_or(Ratio::int(0))) * &this;
            for (w, x) in weights.iter().zip(&r.stages) {
                sum += big(x.unwrap_or(Ratio::int(0))) * w;
            }
            Some(small(&(sum / &hundred)).ok_or(Error::Refused(Refusal::TooLargeToRank))?)
        } else {
            None
        };
        finals.push(fin);
    }
    let cmp_keys = |a: &Row, b: &Row| {
        keys.iter()
            .map(|&k| a.criterion_means.get(k).cmp(&b.criterion_means.get(k)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    };
    let first_diff = |a: &Row, b: &Row| {
        keys.iter()
            .position(|&k| a.criterion_means.get(k) != b.criterion_means.get(k))
    };
    let mut rows: Vec<(Row, Option<Ratio>, usize)> = st
        .rows
        .drain(..)
        .zip(finals)
        .map(|(r, f)| {
            let pos = agenda_pos(&r.entry).unwrap_or(usize::MAX);
            (r, f, pos)
        })
        .collect();
    for (r, f, _) in &mut rows {
        r.score = f.map(Score::Points);
        r.rank = None;
        r.category_rank = None;
        r.tie_break = None;
    }
    // Ranked first, best first; then the others in agenda order.
    rows.sort_by(|(a, fa, pa), (b, fb, pb)| match (fa, fb) {
        (Some(x), Some(y)) => y.cmp(x).then_with(|| cmp_keys(b, a)).then(pa.cmp(pb)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => pa.cmp(pb),
    });
    let same = |i: usize, j: usize, rows: &[(Row, Option<Ratio>, usize)]| {
        rows[i].1 == rows[j].1 && cmp_keys(&rows[i].0, &rows[j].0).is_eq()
    };
    let ranked = rows.iter().take_while(|x| x.1.is_some()).count();
    let mut cats: Vec<(String, usize, u32, u32)> = Vec::new();
    for i in 0..ranked {
        let rank = if i > 0 && same(i, i - 1, &rows) {
            rows[i - 1].0.rank
        } else {
            Some(u32::try_from(i + 1).unwrap_or(u32::MAX))
        };
        let cat = rows[i].0.category.to_string();
        let k = match cats.iter().position(|c| c.0 == cat) {
            Some(c) => c,
            None => {
                cats.push((cat, usize::MAX, 0, 0));
                cats.len() - 1
            }
        };
        let (_, prev, prev_rank, count) = cats[k].clone();
        let cat_rank = if prev != usize::MAX && same(prev, i, &rows) {
            prev_rank
        } else {
            count + 1
        };
        cats[k] = (cats[k].0.clone(), i, cat_rank, count + 1);
        let tied = |j: usize| rows[j].1 == rows[i].1;
        let diffs: Vec<Option<usize>> = [i.checked_sub(1), (i + 1 < ranked).then_some(i + 1)]
            .into_iter()
            .flatten()
            .filter(|&j| tied(j))
            .map(|j| first_diff(&rows[i].0, &rows[j].0))
            .collect();
        let label = if diffs.is_empty() {
            None
        } else if diffs.contains(&None) {
            Some(TieBreak::Shared)
        } else {
            let deepest = diffs.into_iter().flatten().max().unwrap_or(0);
            Some(TieBreak::Criterion(st.tie_break[deepest].clone()))
        };
        let r = &mut rows[i].0;
        r.rank = rank;
        r.category_rank = Some(cat_rank);
        r.tie_break = label;
    }
    st.rows = rows.into_iter().map(|x| x.0).collect();
    Ok(st)
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
mod tests {
    use proptest::prelude::*;

    use super::super::tests::{arb_session, reference_mean};
    use super::*;
    use crate::model::stages::{EarlierStage, exact_text};

    fn br(r: Ratio) -> BigRational {
        big(r)
    }

    proptest! {
        /// The final score is the weighted sum of the stages' scores, exactly; ranks follow it
        /// (without tie-break criteria, equal scores share their rank).
        #[test]
        fn prop_final_scores_are_the_weighted_sum_exactly(
            s in arb_session(),
            w in 1u32..=99,
            hundredths in prop::collection::vec(0u32..=10_000, 8),
        ) {
            let mut s = s;
            s.tie_break.clear();
            let scores = s
                .entries
                .iter()
                .zip(&hundredths)
                .map(|(e, h)| (e.id.clone(), exact_text(Ratio::new(i128::from(*h), 100))))
                .collect();
            s.chain = Some(Chain {
                stages: vec![EarlierStage { name: "desk".into(), weight: w.to_string(), scores }],
                previous: None,
            });
            let st = compute(&s, &Options::default()).unwrap();
            let hundred = BigRational::from_integer(100.into());
            let mut finals = Vec::new();
            for (e, h) in s.entries.iter().zip(&hundredths) {
                let desk = BigRational::new(i128::from(*h).into(), 100.into());
                let Some(own) = reference_mean(&s, &e.id) else { continue };
                let w = BigRational::from_integer(i128::from(w).into());
                let fin = (desk * &w + own * (&hundred - &w)) / &hundred;
                finals.push((e.id.clone(), fin));
            }
            let ranked: Vec<&Row> = st.rows.iter().filter(|r| r.rank.is_some()).collect();
            prop_assert_eq!(ranked.len(), finals.len());
            for r in ranked {
                let (_, fin) = finals.iter().find(|(id, _)| *id == r.entry).unwrap();
                match &r.score {
                    Some(Score::Points(p)) => prop_assert_eq!(&br(*p), fin),
                    other => prop_assert!(false, "{:?}", other),
                }
                let above = finals.iter().filter(|(_, f)| f > fin).count() as u32;
                prop_assert_eq!(r.rank, Some(above + 1));
            }
        }
    }
}
