//! The standings engine as it was before the board: one pass over the session per ranking,
//! every comparison in exact arithmetic. Slow, and simple enough to trust; the tests hold the
//! engine to it.

#![allow(dead_code)]

use std::cmp::Ordering;
use std::collections::HashMap;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::error::{Error, Result};
use crate::model::num::{Ratio, UNIT, gcd, lcm, to_units};
use crate::model::{Session, Sheet, Status};
use crate::standings::{Method, Normalize, Options, TieBreak, Unranked};

/// A mean of z-scores held exactly: the sum of `coef / sqrt(root)` over square-root classes.
#[derive(Debug, Clone, PartialEq)]
pub struct ZValue {
    terms: Vec<(usize, BigRational)>,
    approx: f64,
}

impl ZValue {
    pub fn to_f64(&self) -> f64 {
        self.approx
    }
}

/// An entry's score in the standings.
#[derive(Debug, Clone, PartialEq)]
pub enum Score {
    /// Points out of 100.
    Points(Ratio),
    Z(ZValue),
}

impl Score {
    pub fn to_f64(&self) -> f64 {
        match self {
            Score::Points(r) => r.to_f64(),
            Score::Z(z) => z.approx,
        }
    }

    /// The displayed figure: 2 decimals for points, 4 for z-scores, rounded from exact values.
    pub fn display(&self) -> String {
        match self {
            Score::Points(r) => r.fixed(2),
            Score::Z(z) => {
                let s = format!("{:.4}", z.approx);
                if s == "-0.0000" { "0.0000".into() } else { s }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub entry: String,
    pub title: String,
    pub institution: String,
    pub category: String,
    pub status: Status,
    pub rank: Option<u32>,
    pub category_rank: Option<u32>,
    pub score: Option<Score>,
    pub sheets: usize,
    pub expected: usize,
    pub min: Option<Ratio>,
    pub max: Option<Ratio>,
    /// Population standard deviation of the submitted totals.
    pub sd: Option<f64>,
    /// Mean value of each rubric criterion, in rubric order, over submitted sheets.
    pub criterion_means: Vec<Option<Ratio>>,
    /// Each submitted juror's total, in panel order.
    pub totals: Vec<(String, Ratio)>,
    pub tie_break: Option<TieBreak>,
    pub unranked: Option<Unranked>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Standings {
    pub method: Method,
    pub normalize: Normalize,
    pub tie_break: Vec<String>,
    /// Ranked rows best first, then unranked rows in agenda order.
    pub rows: Vec<Row>,
}

impl Standings {
    /// The rows of one category, in the same order.
    pub fn category<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a Row> + 'a {
        self.rows.iter().filter(move |r| r.category == category)
    }
}

/// Turns a rubric's weights and scales into integer tick coefficients.
struct Ticks {
    /// Per criterion (rubric order): ticks per value unit.
    coef: Vec<i128>,
    /// Points per tick.
    scale: Ratio,
}

impl Ticks {
    fn new(s: &Session) -> Result<Ticks> {
        let too_large = || Error::Refused(crate::error::Refusal::TooLargeToRank);
        let crit = &s.rubric.criteria;
        let mut m = 1i128;
        let mut b = 0i128;
        for c in crit {
            let (_, max, _) = c.units();
            m = lcm(m, i128::from(max.max(1))).ok_or_else(too_large)?;
            b += i128::from(c.weight_units());
        }
        let mut coef = Vec::with_capacity(crit.len());
        for c in crit {
            let (_, max, _) = c.units();
            let k = 100i128
                .checked_mul(i128::from(c.weight_units()))
                .and_then(|x| x.checked_mul(m / i128::from(max.max(1))))
                .ok_or_else(too_large)?;
            coef.push(k);
        }
        let g = coef.iter().fold(0, |g, &c| gcd(g, c)).max(1);
        for c in &mut coef {
            *c /= g;
        }
        let den = m.checked_mul(b.max(1)).ok_or_else(too_large)?;
        Ok(Ticks {
            coef,
            scale: Ratio::new(g, den),
        })
    }

    /// A complete sheet's total in ticks.
    fn total(&self, s: &Session, sheet: &Sheet) -> i128 {
        s.rubric
            .criteria
            .iter()
            .zip(&self.coef)
            .map(|(c, k)| {
                let v = sheet
                    .values
                    .get(&c.id)
                    .copied()
                    .and_then(to_units)
                    .unwrap_or(0);
                k * i128::from(v)
            })
            .sum()
    }

    /// `ticks / den` ticks expressed in points.
    fn points(&self, ticks: i128, den: i128) -> Ratio {
        mul(Ratio::new(ticks, den), self.scale)
    }
}

fn mul(a: Ratio, b: Ratio) -> Ratio {
    let g1 = gcd(a.num(), b.den()).max(1);
    let g2 = gcd(b.num(), a.den()).max(1);
    let num = (a.num() / g1).checked_mul(b.num() / g2);
    let den = (a.den() / g2).checked_mul(b.den() / g1);
    match (num, den) {
        (Some(n), Some(d)) => Ratio::new(n, d),
        // Unreachable with validated rubric numbers; keep a close value rather than fail.
        _ => Ratio::new(
            (a.to_f64() * b.to_f64() * 1e12).round() as i128,
            1_000_000_000_000,
        ),
    }
}

/// Per-entry aggregate of submitted totals in ticks, as an exact fraction.
fn aggregate(method: Method, totals: &[i128]) -> Ratio {
    let mut v = totals.to_vec();
    v.sort_unstable();
    let n = v.len() as i128;
    match method {
        Method::Mean => Ratio::new(v.iter().sum(), n),
        Method::Median => {
            let mid = v.len() / 2;
            if v.len() % 2 == 1 {
                Ratio::int(v[mid])
            } else {
                Ratio::new(v[mid - 1] + v[mid], 2)
            }
        }
        Method::Trimmed if v.len() >= 3 => Ratio::new(v[1..v.len() - 1].iter().sum(), n - 2),
        Method::Trimmed => Ratio::new(v.iter().sum(), n),
    }
}

/// Whether `a * b` is the square of an integer (a, b > 0), without forming the product.
fn product_is_square(a: &BigInt, b: &BigInt) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    loop {
        let g = a.gcd(&b);
        if g == BigInt::from(1) {
            break;
        }
        a /= &g;
        b /= &g;
    }
    let is_sq = |x: &BigInt| {
        let r = x.sqrt();
        &r * &r == *x
    };
    is_sq(&a) && is_sq(&b)
}

/// Z-scores for every juror's submitted sheets, keyed by (entry, juror), as exact surds.
struct ZTable {
    /// Representative radicand of each square-root class.
    roots: Vec<BigInt>,
    /// (entry, juror) -> (class, coefficient): z = coefficient / sqrt(roots[class]).
    z: HashMap<(String, String), Option<(usize, BigRational)>>,
}

impl ZTable {
    fn new(per_juror: &HashMap<&str, Vec<(&str, i128)>>) -> ZTable {
        let mut roots: Vec<BigInt> = Vec::new();
        let mut z = HashMap::new();
        let mut jurors: Vec<_> = per_juror.keys().copied().collect();
        jurors.sort_unstable();
        for j in jurors {
            let list = &per_juror[j];
            let k = BigInt::from(list.len());
            let sum: BigInt = list.iter().map(|(_, n)| BigInt::from(*n)).sum();
            let sq: BigInt = list
                .iter()
                .map(|(_, n)| BigInt::from(*n) * BigInt::from(*n))
                .sum();
            let var = &k * &sq - &sum * &sum;
            if list.len() < 2 || var.is_zero() {
                for (e, _) in list {
                    z.insert((e.to_string(), j.to_string()), None);
                }
                continue;
            }
            // sqrt(var) = t * sqrt(root) with t rational, for the class root belongs to.
            let class = roots.iter().position(|r| product_is_square(r, &var));
            let (class, t) = match class {
                Some(c) => {
                    let ratio = BigRational::new(var.clone(), roots[c].clone());
                    let t = BigRational::new(ratio.numer().sqrt(), ratio.denom().sqrt());
                    (c, t)
                }
                None => {
                    roots.push(var.clone());
                    (roots.len() - 1, BigRational::from_integer(BigInt::from(1)))
                }
            };
            for (e, n) in list {
                let dev = BigRational::from_integer(&k * BigInt::from(*n) - &sum);
                z.insert((e.to_string(), j.to_string()), Some((class, dev / &t)));
            }
        }
        ZTable { roots, z }
    }

    fn mean(&self, entry: &str, jurors: &[&str]) -> ZValue {
        let n = BigInt::from(jurors.len().max(1));
        let mut terms: Vec<(usize, BigRational)> = Vec::new();
        for j in jurors {
            if let Some(Some((c, q))) = self.z.get(&(entry.to_string(), j.to_string())) {
                match terms.iter_mut().find(|(k, _)| k == c) {
                    Some((_, acc)) => *acc += q,
                    None => terms.push((*c, q.clone())),
                }
            }
        }
        for (_, q) in &mut terms {
            *q /= &n;
        }
        terms.retain(|(_, q)| !q.is_zero());
        terms.sort_by_key(|(c, _)| *c);
        let approx = self.approx(&terms);
        ZValue { terms, approx }
    }

    fn approx(&self, terms: &[(usize, BigRational)]) -> f64 {
        terms
            .iter()
            .map(|(c, q)| {
                q.to_f64().unwrap_or(0.0) / self.roots[*c].to_f64().unwrap_or(f64::MAX).sqrt()
            })
            .sum()
    }

    fn cmp(&self, a: &ZValue, b: &ZValue) -> Ordering {
        if a.terms == b.terms {
            return Ordering::Equal;
        }
        // Different coefficients on independent square roots: the difference is not zero,
        // so its sign (computed from the exact coefficients' difference) decides.
        let mut diff: Vec<(usize, BigRational)> = a.terms.clone();
        for (c, q) in &b.terms {
            match diff.iter_mut().find(|(k, _)| k == c) {
                Some((_, acc)) => *acc -= q,
                None => diff.push((*c, -q.clone())),
            }
        }
        diff.retain(|(_, q)| !q.is_zero());
        if diff.len() == 1 {
            return if diff[0].1.is_positive() {
                Ordering::Greater
            } else {
                Ordering::Less
            };
        }
        self.approx(&diff)
            .partial_cmp(&0.0)
            .unwrap_or(Ordering::Equal)
    }
}

struct Candidate {
    row: usize,
    score: Score,
    /// Tie-break keys: per listed criterion, the mean as a fraction of its max.
    keys: Vec<Ratio>,
}

/// Computes the standings of a session, as juri did before the board.
pub fn compute(s: &Session, opts: &Options) -> Result<Standings> {
    let ticks = Ticks::new(s)?;
    let tie_break = opts
        .tie_break
        .clone()
        .unwrap_or_else(|| s.tie_break.clone());
    for c in &tie_break {
        if s.rubric.criterion(c).is_none() {
            let ids: Vec<&str> = s.rubric.criteria.iter().map(|c| c.id.as_str()).collect();
            return Err(Error::usage(format!(
                "tie-break criterion {c:?} is not in the rubric; its criteria are {}",
                ids.join(", ")
            )));
        }
    }
    let juror_pos: HashMap<&str, usize> = s
        .jurors
        .iter()
        .enumerate()
        .map(|(i, j)| (j.id.as_str(), i))
        .collect();

    // Submitted sheets per entry, in panel order, with their totals in ticks.
    let mut by_entry: HashMap<&str, Vec<(&Sheet, i128)>> = HashMap::new();
    for sh in s.scores.iter().filter(|sh| sh.is_submitted()) {
        if s.conflicted(&sh.juror, &sh.entry) || !juror_pos.contains_key(sh.juror.as_str()) {
            continue;
        }
        by_entry
            .entry(sh.entry.as_str())
            .or_default()
            .push((sh, ticks.total(s, sh)));
    }
    for list in by_entry.values_mut() {
        list.sort_by_key(|(sh, _)| juror_pos[sh.juror.as_str()]);
    }

    let competing = |id: &str| s.entry(id).is_some_and(|e| e.status.competes());
    let ztable = (opts.normalize == Normalize::Zscore).then(|| {
        let mut per_juror: HashMap<&str, Vec<(&str, i128)>> = HashMap::new();
        for (e, list) in &by_entry {
            if !competing(e) {
                continue;
            }
            for (sh, t) in list {
                per_juror
                    .entry(sh.juror.as_str())
                    .or_default()
                    .push((e, *t));
            }
        }
        ZTable::new(&per_juror)
    });

    let mut rows = Vec::with_capacity(s.entries.len());
    let mut candidates = Vec::new();
    for e in &s.entries {
        let list = by_entry
            .get(e.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let totals: Vec<i128> = list.iter().map(|(_, t)| *t).collect();
        let n = totals.len() as i128;
        let unranked = match e.status {
            Status::Absent => Some(Unranked::Absent),
            Status::Withdrawn => Some(Unranked::Withdrawn),
            Status::Ineligible => Some(Unranked::Ineligible),
            _ if list.is_empty() => Some(Unranked::NoSheets),
            _ if list.len() < s.quorum_for(&e.id) => Some(Unranked::BelowQuorum),
            _ => None,
        };
        let (min, max, sd) = if list.is_empty() {
            (None, None, None)
        } else {
            let lo = *totals.iter().min().unwrap_or(&0);
            let hi = *totals.iter().max().unwrap_or(&0);
            let sum: i128 = totals.iter().sum();
            // Population variance in ticks^2: (n * sum(x^2) - sum(x)^2) / n^2, exact until sqrt.
            let var = totals
                .iter()
                .map(|t| (BigInt::from(*t) * BigInt::from(n) - BigInt::from(sum)).pow(2))
                .sum::<BigInt>();
            let sd_ticks = var.to_f64().unwrap_or(0.0).sqrt() / (n as f64) / (n as f64).sqrt();
            (
                Some(ticks.points(lo, 1)),
                Some(ticks.points(hi, 1)),
                Some(sd_ticks * ticks.scale.to_f64()),
            )
        };
        let criterion_means = s
            .rubric
            .criteria
            .iter()
            .map(|c| {
                (!list.is_empty()).then(|| {
                    let sum: i128 = list
                        .iter()
                        .map(|(sh, _)| {
                            i128::from(
                                sh.values
                                    .get(&c.id)
                                    .copied()
                                    .and_then(to_units)
                                    .unwrap_or(0),
                            )
                        })
                        .sum();
                    Ratio::new(sum, n * i128::from(UNIT))
                })
            })
            .collect();
        let row_totals = list
            .iter()
            .map(|(sh, t)| (sh.juror.to_string(), ticks.points(*t, 1)))
            .collect();
        let score = if list.is_empty() {
            None
        } else if let Some(z) = &ztable {
            let jurors: Vec<&str> = list.iter().map(|(sh, _)| sh.juror.as_str()).collect();
            Some(Score::Z(z.mean(&e.id, &jurors)))
        } else {
            let agg = aggregate(opts.method, &totals);
            Some(Score::Points(ticks.points(agg.num(), agg.den())))
        };
        if unranked.is_none()
            && let Some(score) = &score
        {
            let keys = tie_break
                .iter()
                .map(|cid| {
                    let c = s.rubric.criterion(cid).expect("checked above");
                    let (_, max, _) = c.units();
                    let sum: i128 = list
                        .iter()
                        .map(|(sh, _)| {
                            i128::from(sh.values.get(cid).copied().and_then(to_units).unwrap_or(0))
                        })
                        .sum();
                    Ratio::new(sum, n * i128::from(max.max(1)))
                })
                .collect();
            candidates.push(Candidate {
                row: rows.len(),
                score: score.clone(),
                keys,
            });
        }
        rows.push(Row {
            entry: e.id.clone(),
            title: e.title.clone(),
            institution: e.institution.clone(),
            category: e.category.clone(),
            status: e.status,
            rank: None,
            category_rank: None,
            score,
            sheets: list.len(),
            expected: s.expected_sheets(&e.id),
            min,
            max,
            sd,
            criterion_means,
            totals: row_totals,
            tie_break: None,
            unranked,
        });
    }

    let cmp_score = |a: &Score, b: &Score| match (a, b) {
        (Score::Points(x), Score::Points(y)) => x.cmp(y),
        (Score::Z(x), Score::Z(y)) => ztable.as_ref().map_or(Ordering::Equal, |t| t.cmp(x, y)),
        _ => Ordering::Equal,
    };
    // Best first; the agenda order keeps the listing of shared ranks stable.
    candidates.sort_by(|a, b| {
        cmp_score(&b.score, &a.score)
            .then_with(|| b.keys.cmp(&a.keys))
            .then(a.row.cmp(&b.row))
    });
    let same = |a: &Candidate, b: &Candidate| {
        cmp_score(&a.score, &b.score) == Ordering::Equal && a.keys == b.keys
    };

    // Overall ranks and tie-break labels.
    for i in 0..candidates.len() {
        let rank = if i > 0 && same(&candidates[i], &candidates[i - 1]) {
            rows[candidates[i - 1].row].rank
        } else {
            Some(i as u32 + 1)
        };
        let c = &candidates[i];
        let ties = |o: &&Candidate| cmp_score(&o.score, &c.score) == Ordering::Equal;
        let prev = i.checked_sub(1).map(|k| &candidates[k]).filter(ties);
        let next = candidates.get(i + 1).filter(ties);
        let first_diff = |o: &Candidate| c.keys.iter().zip(&o.keys).position(|(x, y)| x != y);
        let label = match (prev, next) {
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
        let row = &mut rows[c.row];
        row.rank = rank;
        row.tie_break = label;
    }
    // Category ranks follow the overall order within each category.
    let mut last_in_cat: HashMap<String, (usize, u32, usize)> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        let cat = rows[c.row].category.clone();
        let entry = last_in_cat.entry(cat).or_insert((usize::MAX, 0, 0));
        let (prev_idx, prev_rank, count) = *entry;
        let rank = if prev_idx != usize::MAX && same(&candidates[prev_idx], c) {
            prev_rank
        } else {
            count as u32 + 1
        };
        *entry = (i, rank, count + 1);
        rows[c.row].category_rank = Some(rank);
    }

    let mut slots: Vec<Option<Row>> = rows.into_iter().map(Some).collect();
    let mut ordered: Vec<Row> = candidates
        .iter()
        .filter_map(|c| slots[c.row].take())
        .collect();
    ordered.extend(slots.into_iter().flatten());
    Ok(Standings {
        method: opts.method,
        normalize: opts.normalize,
        tie_break,
        rows: ordered,
    })
}
