//! Rubric numbers as integer ticks, and the panel of sheets an entry is read from.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ops::Not;

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use super::*;
use crate::error::{Error, Result};
use crate::model::num::{Ratio, UNIT, gcd, lcm, to_units};
use crate::model::{Session, Sheet};

/// Turns a rubric's weights and scales into integer tick coefficients.
#[derive(Debug)]
pub(super) struct Ticks {
    /// Per criterion (rubric order): ticks per value unit.
    pub(super) coef: Vec<i128>,
    /// The same, when every one fits a machine word (a product with a value then needs one
    /// multiplication).
    pub(super) coef64: Option<Vec<i64>>,
    /// Points per tick.
    pub(super) scale: Ratio,
}

impl Ticks {
    pub(super) fn new(s: &Session) -> Result<Ticks> {
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
        let coef64 = coef.iter().map(|&c| i64::try_from(c).ok()).collect();
        Ok(Ticks {
            coef,
            coef64,
            scale: Ratio::new(g, den),
        })
    }

    /// A sheet's total in ticks (missing values count as 0).
    pub(super) fn total(&self, s: &Session, values: &crate::model::Values) -> i128 {
        s.rubric
            .criteria
            .iter()
            .zip(&self.coef)
            .map(|(c, k)| {
                k * i128::from(values.get(&c.id).copied().and_then(to_units).unwrap_or(0))
            })
            .sum()
    }

    /// `ticks / den` ticks expressed in points.
    pub(super) fn points(&self, ticks: i128, den: i128) -> Ratio {
        // One reduction of the whole product where it fits: the same fraction `mul` gives.
        match (
            ticks.checked_mul(self.scale.num()),
            den.checked_mul(self.scale.den()),
        ) {
            (Some(n), Some(d)) => Ratio::new(n, d),
            _ => mul(Ratio::new(ticks, den), self.scale),
        }
    }
}

pub(super) fn mul(a: Ratio, b: Ratio) -> Ratio {
    // Divisions are slow, and most of these common factors are 1.
    let div = |x: i128, g: i128| if g == 1 { x } else { x / g };
    let g1 = gcd(a.num(), b.den()).max(1);
    let g2 = gcd(b.num(), a.den()).max(1);
    let num = div(a.num(), g1).checked_mul(div(b.num(), g2));
    let den = div(a.den(), g2).checked_mul(div(b.den(), g1));
    match (num, den) {
        (Some(n), Some(d)) => Ratio::new(n, d),
        // Unreachable with validated rubric numbers; keep a close value rather than fail.
        _ => {
            // A close value: float to int saturates, it never wraps.
            #[allow(clippy::cast_possible_truncation)]
            let close = (a.to_f64() * b.to_f64() * 1e12).round() as i128;
            Ratio::new(close, 1_000_000_000_000)
        }
    }
}

/// The juror's total for one complete sheet, in points out of 100.
pub fn sheet_total(s: &Session, sheet: &Sheet) -> Result<Ratio> {
    let t = Ticks::new(s)?;
    Ok(t.points(t.total(s, &sheet.values), 1))
}

/// The weighted total of whatever values a sheet has so far (missing ones count as 0).
pub fn partial_total(s: &Session, values: &crate::model::Values) -> Option<Ratio> {
    let t = Ticks::new(s).ok()?;
    Some(t.points(t.total(s, values), 1))
}

/// A position among a session's entries, jurors or categories, as the board keeps it (`u32`:
/// half the memory of `usize`). A session file is at most 1 GiB (`store::SESSION_MAX_BYTES`)
/// and each of these takes more than one byte of it, so there are fewer than 2^30.
pub(super) fn ix(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 2^32 entries, jurors and categories")
}

/// `to_units` without its rounding for the whole numbers most scales use.
pub(super) fn units_of(x: f64) -> i64 {
    // Float to int saturates (never wraps); the round trip below keeps only exact whole numbers.
    #[allow(clippy::cast_possible_truncation)]
    let i = x as i64;
    if i as f64 == x && i.abs() < 100_000_000_000 {
        i * UNIT
    } else {
        to_units(x).unwrap_or(0)
    }
}

/// Per-entry aggregate of submitted totals in ticks, as an unreduced fraction (positive
/// denominator). `totals` is sorted; the trimmed mean drops `k` at each end, and is the plain
/// mean when there are fewer than `2k + 1`.
pub(super) fn aggregate(method: Method, v: &[i128], k: usize) -> (i128, i128) {
    let n = v.len() as i128;
    match method {
        Method::Mean => (v.iter().sum(), n),
        Method::Median => {
            let mid = v.len() / 2;
            if v.len() % 2 == 1 {
                (v[mid], 1)
            } else {
                (v[mid - 1] + v[mid], 2)
            }
        }
        Method::Trimmed if v.len() > 2 * k => (v[k..v.len() - k].iter().sum(), n - 2 * k as i128),
        Method::Trimmed => (v.iter().sum(), n),
    }
}

/// The same with a weight per total (`(total, weight)` sorted by total): the median is the
/// totals' own; the mean and the trimmed mean weigh each total kept.
pub(super) fn aggregate_weighted(method: Method, v: &[(i128, i128)], k: usize) -> (i128, i128) {
    let kept = match method {
        Method::Median => {
            let totals: Vec<i128> = v.iter().map(|x| x.0).collect();
            return aggregate(method, &totals, k);
        }
        Method::Trimmed if v.len() > 2 * k => &v[k..v.len() - k],
        _ => v,
    };
    kept.iter()
        .fold((0, 0), |(s, w), &(t, x)| (s + t * x, w + x))
}

/// Rounds a total (or a criterion's share of it) of `ticks` at `scale` points per tick to
/// `10^-decimals` points: the result counts in those.
pub(super) fn round_ticks(ticks: i128, scale: Ratio, r: &crate::model::rules::Rounding) -> i128 {
    let pow = 10i128.pow(r.decimals);
    match ticks
        .checked_mul(scale.num())
        .and_then(|x| x.checked_mul(pow))
    {
        Some(num) => r.mode.div(num, scale.den()),
        // Past 128 bits (not with rubric numbers): the nearest value in floating point.
        #[allow(clippy::cast_possible_truncation)]
        None => (ticks as f64 * scale.to_f64() * pow as f64).round() as i128,
    }
}

/// Orders two fractions with positive denominators exactly, or `None` if the products overflow.
pub(super) fn cmp_frac(a: (i128, i128), b: (i128, i128)) -> Option<Ordering> {
    Some(a.0.checked_mul(b.1)?.cmp(&b.0.checked_mul(a.1)?))
}

/// The session's own ids (entries, jurors, categories) and tick values: the maps are rebuilt
/// from the session, so their keys are not chosen to collide and a fast hash is safe.
pub(super) type IdMap<K, V> = FxHashMap<K, V>;

pub(super) fn id_map<K, V>(capacity: usize) -> IdMap<K, V> {
    HashMap::with_capacity_and_hasher(capacity, Default::default())
}

/// What a ranking needs of the rubric and the panel; fixed for a board's life.
#[derive(Debug)]
pub(super) struct Panel {
    pub(super) ticks: Ticks,
    /// Criterion ids in rubric order (for tie-break criteria and their error).
    pub(super) criteria: Vec<String>,
    /// (id, rubric position) sorted by id as sheet values are, if the ids are distinct.
    pub(super) sorted: Option<Vec<(Box<str>, usize)>>,
    pub(super) jurors: Vec<CompactString>,
    pub(super) juror_pos: IdMap<CompactString, u32>,
    /// Panel positions in the order of juror ids, which numbers the square-root classes.
    pub(super) by_id: Vec<u32>,
    /// Entry id -> panel positions of the jurors with a conflict of interest.
    pub(super) conflicts: IdMap<CompactString, Vec<u32>>,
    /// The session's tie-break criteria.
    pub(super) tie_break: Vec<String>,
    /// The session's quorum (0: none).
    pub(super) quorum: usize,
    /// Totals the trimmed mean drops at each end.
    pub(super) trim: usize,
    /// z-scores shown on the rubric's scale.
    pub(super) z_scaled: bool,
    /// Per panel position, the juror's weight in units, when the session weighs kinds of juror.
    pub(super) weights: Option<Vec<i128>>,
    /// The rounding of totals, with the points per tick before it (`ticks.scale` is then
    /// `10^-decimals`, what a rounded total counts in).
    pub(super) round: Option<(crate::model::rules::Rounding, Ratio)>,
    /// Calibrated panels: every total read is multiplied by the first number and the juror's
    /// offset (per panel position, in the same ticks) added; `ticks.scale` is divided by it.
    pub(super) cal: Option<(i128, Vec<i128>)>,
    /// The earlier stages whose scores count toward the final one, if any.
    pub(super) chain: Option<std::sync::Arc<crate::model::stages::Chain>>,
}

impl Panel {
    pub(super) fn new(s: &Session) -> Result<Panel> {
        let mut ticks = Ticks::new(s)?;
        let round = s.rules.rounding.map(|r| {
            let d = r.decimals.min(crate::model::rules::MAX_DECIMALS);
            let raw = ticks.scale;
            ticks.scale = Ratio::new(1, 10i128.pow(d));
            (crate::model::rules::Rounding { decimals: d, ..r }, raw)
        });
        let cal = calibration(s, &mut ticks)?;
        let weights = s.rules.weights.is_empty().not().then(|| {
            s.jurors
                .iter()
                .map(|j| {
                    i128::from(
                        s.rules
                            .weight_units(j.role.as_deref())
                            .unwrap_or(UNIT)
                            .max(1),
                    )
                })
                .collect()
        });
        let crit = &s.rubric.criteria;
        let mut sorted: Vec<(Box<str>, usize)> = crit
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str().into(), i))
            .collect();
        sorted.sort();
        let distinct = sorted.windows(2).all(|w| w[0].0 != w[1].0);
        let mut juror_pos = id_map(s.jurors.len());
        let mut conflicts: IdMap<CompactString, Vec<u32>> = id_map(s.jurors.len());
        for (i, j) in s.jurors.iter().enumerate() {
            juror_pos.entry(CompactString::new(&j.id)).or_insert(ix(i));
            for c in &j.conflicts {
                let list = conflicts.entry(CompactString::new(c)).or_default();
                if list.last() != Some(&ix(i)) {
                    list.push(ix(i));
                }
            }
        }
        let mut by_id: Vec<u32> = (0..ix(s.jurors.len())).collect();
        by_id.sort_by(|&a, &b| s.jurors[a as usize].id.cmp(&s.jurors[b as usize].id));
        Ok(Panel {
            ticks,
            criteria: crit.iter().map(|c| c.id.clone()).collect(),
            sorted: distinct.then_some(sorted),
            jurors: s.jurors.iter().map(|j| CompactString::new(&j.id)).collect(),
            juror_pos,
            by_id,
            conflicts,
            tie_break: s.tie_break.clone(),
            quorum: s.quorum.map_or(0, |q| q as usize),
            trim: s.rules.trim() as usize,
            z_scaled: s.rules.z_scaled,
            weights,
            round,
            cal,
            chain: s
                .chain
                .clone()
                .filter(|c| c.combines())
                .map(std::sync::Arc::new),
        })
    }

    /// A total read by [`Panel::read`] for the juror at panel position `j`, calibrated.
    #[inline]
    pub(super) fn calibrated(&self, j: u32, t: i128) -> i128 {
        match &self.cal {
            None => t,
            Some((d, off)) => t * d + off.get(j as usize).copied().unwrap_or(0),
        }
    }

    /// A counted sheet's total in ticks; adds its values in units to `sums` (rubric order).
    pub(super) fn read(&self, s: &Session, sheet: &Sheet, sums: &mut [i128]) -> i128 {
        let mut small = [0i64; 16];
        let mut large = Vec::new();
        let units: &mut [i64] = if sums.len() <= small.len() {
            &mut small[..sums.len()]
        } else {
            large.resize(sums.len(), 0);
            &mut large
        };
        self.units(s, sheet, units);
        if let Some((r, raw)) = &self.round {
            return self.read_rounded(units, sums, r, *raw);
        }
        let mut ticks = 0i128;
        match &self.ticks.coef64 {
            Some(coef) => {
                for ((acc, &u), &k) in sums.iter_mut().zip(units.iter()).zip(coef) {
                    *acc += i128::from(u);
                    ticks += i128::from(k) * i128::from(u);
                }
            }
            None => {
                for ((acc, &u), &k) in sums.iter_mut().zip(units.iter()).zip(&self.ticks.coef) {
                    *acc += i128::from(u);
                    ticks += k * i128::from(u);
                }
            }
        }
        ticks
    }

    /// [`Panel::read`] under a rounding rule: the total in `10^-decimals` points, rounded as
    /// a whole or criterion by criterion.
    fn read_rounded(
        &self,
        units: &[i64],
        sums: &mut [i128],
        r: &crate::model::rules::Rounding,
        raw: Ratio,
    ) -> i128 {
        let mut ticks = 0i128;
        let mut rounded = 0i128;
        for ((acc, &u), &k) in sums.iter_mut().zip(units).zip(&self.ticks.coef) {
            *acc += i128::from(u);
            let share = k * i128::from(u);
            ticks += share;
            if r.per == crate::model::rules::RoundPer::Criterion {
                rounded += round_ticks(share, raw, r);
            }
        }
        match r.per {
            crate::model::rules::RoundPer::Total => round_ticks(ticks, raw, r),
            crate::model::rules::RoundPer::Criterion => rounded,
        }
    }

    /// A sheet's values in units, rubric order, into `out` (missing ones are 0).
    pub(super) fn units(&self, s: &Session, sheet: &Sheet, out: &mut [i64]) {
        let Some(sorted) = &self.sorted else {
            for (c, o) in s.rubric.criteria.iter().zip(out.iter_mut()) {
                *o = sheet.values.get(&c.id).copied().map_or(0, units_of);
            }
            return;
        };
        // A submitted sheet has exactly the rubric's criteria, in the same (sorted) order.
        if sheet.values.len() == sorted.len() {
            let mut all = true;
            for ((id, v), (want, i)) in sheet.values.iter().zip(sorted) {
                if !same_id(id.as_bytes(), want.as_bytes()) {
                    all = false;
                    break;
                }
                if let Some(o) = out.get_mut(*i) {
                    *o = units_of(*v);
                }
            }
            if all {
                return;
            }
        }
        // Otherwise one walk along both sorted lists.
        out.fill(0);
        let mut k = 0;
        for (id, v) in sheet.values.iter() {
            while k < sorted.len() && &*sorted[k].0 < id {
                k += 1;
            }
            if k == sorted.len() {
                break;
            }
            if &*sorted[k].0 == id {
                out[sorted[k].1] = units_of(*v);
                k += 1;
            }
        }
    }
}

/// How many sheets [`warm`] reads ahead.
pub(super) const WARM: usize = 16;

/// Reads every value of some sheets. Each sheet keeps its values in
/// its own allocation, so reading sheet after sheet waits for memory once per sheet; these
/// reads do not depend on one another, so the processor fetches them all at once.
pub(super) fn warm(sheets: &[Sheet]) {
    let mut acc = 0u64;
    for sh in sheets {
        for (_, v) in sh.values.iter() {
            acc ^= v.to_bits();
        }
    }
    std::hint::black_box(acc);
}

/// String equality for the short ids of criteria, entries and jurors: two word-sized reads
/// instead of a call into `memcmp`.
#[inline]
pub(super) fn same_id(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let w8 = |x: &[u8], i: usize| u64::from_le_bytes(x[i..i + 8].try_into().unwrap_or([0; 8]));
    let w4 = |x: &[u8], i: usize| u32::from_le_bytes(x[i..i + 4].try_into().unwrap_or([0; 4]));
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4),
        8..=16 => w8(a, 0) == w8(b, 0) && w8(a, n - 8) == w8(b, n - 8),
        _ => a == b,
    }
}

/// The session's calibration as whole ticks: each offset `n/d` points is `n/d / scale` ticks;
/// all are brought to one denominator `D`, totals are then counted in `scale / D`.
fn calibration(s: &Session, ticks: &mut Ticks) -> Result<Option<(i128, Vec<i128>)>> {
    if s.rules.calibration.is_empty() {
        return Ok(None);
    }
    let too_large = || Error::Refused(crate::error::Refusal::TooLargeToRank);
    let (sn, sd) = (ticks.scale.num(), ticks.scale.den());
    // offset / scale = n * sd / (d * sn), reduced.
    let offsets: Vec<(i128, i128)> = s
        .jurors
        .iter()
        .map(|j| {
            let (n, d) = s
                .rules
                .calibration
                .get(&j.id)
                .and_then(|o| crate::model::rules::parse_offset(o))
                .unwrap_or((0, 1));
            let num = n.checked_mul(sd).ok_or_else(too_large)?;
            let den = d.checked_mul(sn).ok_or_else(too_large)?;
            let g = gcd(num, den).max(1);
            Ok((num / g, den / g))
        })
        .collect::<Result<_>>()?;
    let mut big_d = 1i128;
    for &(_, d) in &offsets {
        big_d = lcm(big_d, d).ok_or_else(too_large)?;
    }
    let per = offsets
        .iter()
        .map(|&(n, d)| n.checked_mul(big_d / d).ok_or_else(too_large))
        .collect::<Result<Vec<i128>>>()?;
    ticks.scale = Ratio::new(sn, sd.checked_mul(big_d).ok_or_else(too_large)?);
    Ok(Some((big_d, per)))
}
