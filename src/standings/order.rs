//! Ordering a board for one method: ranks, ties and tie-breaks.

use std::cmp::Ordering;
use std::sync::Arc;

use super::*;
use crate::error::{Error, Result};
use crate::model::Session;

/// Computes the standings of a session.
pub fn compute(s: &Session, opts: &Options) -> Result<Standings> {
    let board = Board::new(s)?;
    let order = order(&board, opts)?;
    // The board is this call's own: its rows move into the standings rather than being copied.
    let rows = board.entries.into_iter().map(|e| match Arc::try_unwrap(e) {
        Ok(e) => e.row,
        Err(e) => e.row.clone(),
    });
    stages::combine(s, order.fill(rows))
}

/// Ranks a board: the same result as [`compute`] on the session the board was read from.
pub fn rank(board: &Board, opts: &Options) -> Result<Standings> {
    let order = order(board, opts)?;
    let st = order.fill(board.entries.iter().map(|e| e.row.clone()));
    let pos = |e: &str| board.pos.get(e).map(|&i| i as usize);
    stages::combine_with(
        board.panel.chain.as_deref(),
        &board.panel.criteria,
        &pos,
        st,
    )
}

/// Where each entry goes in the standings, and its score.
pub(super) struct Order {
    pub(super) method: Method,
    pub(super) normalize: Normalize,
    pub(super) tie_break: Vec<String>,
    /// Ranked entries best first: (board position, rank, category rank, tie-break).
    pub(super) ranked: Vec<(u32, Option<u32>, u32, Option<TieBreak>)>,
    /// Per board entry, its score.
    pub(super) scores: Vec<Option<Score>>,
    pub(super) trim: u32,
    pub(super) z_scale: Option<(f64, f64)>,
}

impl Order {
    /// The standings, from the entries' rows in board order.
    pub(super) fn fill(self, rows: impl Iterator<Item = Row>) -> Standings {
        let mut slots: Vec<Option<Row>> = rows
            .zip(self.scores)
            .map(|(mut r, score)| {
                r.score = score;
                Some(r)
            })
            .collect();
        let mut out = Vec::with_capacity(slots.len());
        for (ix, rank, category_rank, tie_break) in self.ranked {
            if let Some(mut r) = slots[ix as usize].take() {
                r.rank = rank;
                r.category_rank = Some(category_rank);
                r.tie_break = tie_break;
                out.push(r);
            }
        }
        out.extend(slots.into_iter().flatten());
        Standings {
            method: self.method,
            normalize: self.normalize,
            tie_break: self.tie_break,
            rows: out,
            trim: self.trim,
            z_scale: self.z_scale,
        }
    }
}

/// A candidate for a rank: an entry's position on the board and its score as a float.
#[derive(Clone, Copy)]
pub(super) struct Cand {
    pub(super) ix: u32,
    /// The aggregate in ticks, for points.
    pub(super) frac: (i128, i128),
    pub(super) approx: f64,
    /// Size of what was summed into `approx`, which bounds its rounding error.
    pub(super) mag: f64,
}

/// Relative distance under which two float scores are compared exactly. The floats are within
/// about 1e-14 of the exact values; this leaves a wide margin.
pub(super) const CLOSE: f64 = 1e-9;

pub(super) fn order(board: &Board, opts: &Options) -> Result<Order> {
    let p = &*board.panel;
    let tie_break = opts
        .tie_break
        .clone()
        .unwrap_or_else(|| p.tie_break.clone());
    let mut keys = Vec::with_capacity(tie_break.len());
    for c in &tie_break {
        match p.criteria.iter().position(|id| id == c) {
            Some(i) => keys.push(i),
            None => {
                return Err(Error::usage(format!(
                    "tie-break criterion {c:?} is not in the rubric; its criteria are {}",
                    p.criteria.join(", ")
                )));
            }
        }
    }
    let entries = &board.entries;
    let method = opts.method;
    let z = (opts.normalize == Normalize::Zscore).then(|| ZScores::new(board));

    let mut cands: Vec<Cand> = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        if !e.ranked() {
            continue;
        }
        let (frac, approx, mag) = match &z {
            Some(z) => {
                let (v, mag) = z.values[i].as_ref().expect("a ranked entry has sheets");
                ((0, 1), v.approx, *mag)
            }
            None => {
                let (num, den) = e.agg(p, method);
                let f = num as f64 / den as f64;
                ((num, den), f, f.abs())
            }
        };
        cands.push(Cand {
            ix: ix(i),
            frac,
            approx,
            mag,
        });
    }

    let cmp_score = |a: &Cand, b: &Cand| -> Ordering {
        if (a.approx - b.approx).abs() > CLOSE * (a.mag + b.mag) {
            return a.approx.partial_cmp(&b.approx).unwrap_or(Ordering::Equal);
        }
        let (ea, eb) = (&entries[a.ix as usize], &entries[b.ix as usize]);
        match &z {
            Some(z) => z.cmp(a.ix as usize, b.ix as usize),
            None => cmp_frac(a.frac, b.frac)
                .unwrap_or_else(|| ea.points(p, method).cmp(&eb.points(p, method))),
        }
    };
    // The tie-break key of criterion `c` is its mean as a fraction of its maximum; the maximum
    // is common, so the keys compare as the criterion means do.
    let cmp_key = |a: &EntryData, b: &EntryData, c: usize| -> Ordering {
        a.row.criterion_means[c].cmp(&b.row.criterion_means[c])
    };
    let cmp_keys = |a: &Cand, b: &Cand| -> Ordering {
        let (ea, eb) = (&entries[a.ix as usize], &entries[b.ix as usize]);
        keys.iter()
            .map(|&c| cmp_key(ea, eb, c))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    };
    // Best first; the agenda order keeps the listing of shared ranks stable.
    cands.sort_by(|a, b| {
        cmp_score(b, a)
            .then_with(|| cmp_keys(b, a))
            .then(a.ix.cmp(&b.ix))
    });
    let same = |a: &Cand, b: &Cand| cmp_score(a, b).is_eq() && cmp_keys(a, b).is_eq();

    let mut ranks: Vec<Option<u32>> = vec![None; cands.len()];
    let mut labels: Vec<Option<TieBreak>> = vec![None; cands.len()];
    for i in 0..cands.len() {
        ranks[i] = if i > 0 && same(&cands[i], &cands[i - 1]) {
            ranks[i - 1]
        } else {
            Some(ix(i + 1))
        };
        let c = &cands[i];
        let ties = |o: &&Cand| cmp_score(o, c).is_eq();
        let prev = i.checked_sub(1).map(|k| &cands[k]).filter(ties);
        let next = cands.get(i + 1).filter(ties);
        let first_diff = |o: &Cand| {
            let (ec, eo) = (&entries[c.ix as usize], &entries[o.ix as usize]);
            keys.iter().position(|&k| cmp_key(ec, eo, k).is_ne())
        };
        labels[i] = match (prev, next) {
            (None, None) => None,
            (p, q) => {
                let dp = p.map(first_diff);
                let dq = q.map(first_diff);
                if dp == Some(None) || dq == Some(None) {
                    Some(TieBreak::Shared)
                } else {
                    let deepest = dp.flatten().max(dq.flatten()).unwrap_or(0);
                    Some(TieBreak::Criterion(tie_break[deepest].clone()))
                }
            }
        };
    }
    // Category ranks follow the overall order within each category.
    let mut last_in_cat: Vec<(usize, u32, usize)> =
        vec![(usize::MAX, 0, 0); board.categories.len()];
    let mut cat_ranks: Vec<u32> = Vec::with_capacity(cands.len());
    for (i, c) in cands.iter().enumerate() {
        let slot = &mut last_in_cat[entries[c.ix as usize].cat as usize];
        let (prev_idx, prev_rank, count) = *slot;
        let rank = if prev_idx != usize::MAX && same(&cands[prev_idx], c) {
            prev_rank
        } else {
            ix(count + 1)
        };
        *slot = (i, rank, count + 1);
        cat_ranks.push(rank);
    }

    let scores = match z {
        Some(z) => z
            .values
            .into_iter()
            .map(|v| v.map(|v| Score::Z(v.0)))
            .collect(),
        None => entries
            .iter()
            .map(|e| (!e.sheets.is_empty()).then(|| Score::Points(e.points(p, method))))
            .collect(),
    };
    let ranked = cands
        .iter()
        .zip(ranks)
        .zip(cat_ranks)
        .zip(labels)
        .map(|(((c, r), k), l)| (c.ix, r, k, l))
        .collect();
    Ok(Order {
        method,
        normalize: opts.normalize,
        tie_break,
        ranked,
        scores,
        trim: u32::try_from(p.trim).unwrap_or(u32::MAX),
        z_scale: (opts.normalize == Normalize::Zscore && p.z_scaled)
            .then(|| z_scale(board))
            .flatten(),
    })
}

/// The panel's mean total and standard deviation in points, over every counted sheet of the
/// ranked entries: what z-scores are multiplied back into for display.
fn z_scale(board: &Board) -> Option<(f64, f64)> {
    let scale = board.panel.ticks.scale.to_f64();
    let totals: Vec<f64> = board
        .entries
        .iter()
        .filter(|e| e.ranked())
        .flat_map(|e| e.sheets.iter().map(|s| s.1 as f64 * scale))
        .collect();
    if totals.is_empty() {
        return None;
    }
    let n = totals.len() as f64;
    let mean = totals.iter().sum::<f64>() / n;
    let var = totals.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / n;
    Some((mean, var.sqrt()))
}
