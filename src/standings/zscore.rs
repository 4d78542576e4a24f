//! Z-scores kept exact: rational multiples of square roots, compared without rounding.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

use super::*;

/// A positive number modulo 64, 63, 65 and 11: a product of two numbers is a square only if
/// the product of their residues is a square modulo each, which most products are not.
#[derive(Debug, Clone, Copy)]
pub(super) struct Residues([u8; 4]);

pub(super) const MODULI: [u32; 4] = [64, 63, 65, 11];

/// Which residues modulo `m` are squares.
pub(super) const fn squares(m: u32) -> [bool; 65] {
    let mut t = [false; 65];
    let mut x = 0;
    while x < m {
        t[((x * x) % m) as usize] = true;
        x += 1;
    }
    t
}

pub(super) const SQUARES: [[bool; 65]; 4] = [
    squares(MODULI[0]),
    squares(MODULI[1]),
    squares(MODULI[2]),
    squares(MODULI[3]),
];

impl Residues {
    pub(super) fn of(x: &BigInt) -> Residues {
        Residues(MODULI.map(|m| (x % m).to_u8().unwrap_or(0)))
    }

    /// False when `a * b` is certainly not a square; true when it may be.
    pub(super) fn product_may_be_square(a: Residues, b: Residues) -> bool {
        (0..4).all(|k| {
            let r = u32::from(a.0[k]) * u32::from(b.0[k]) % MODULI[k];
            SQUARES[k][r as usize]
        })
    }
}

/// Whether `a * b` is the square of an integer (a, b > 0), without forming the product.
pub(super) fn product_is_square(a: &BigInt, b: &BigInt) -> bool {
    if let (Some(a), Some(b)) = (a.to_u128(), b.to_u128()) {
        return product_is_square_u128(a, b);
    }
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

pub(super) fn product_is_square_u128(mut a: u128, mut b: u128) -> bool {
    let gcd = |mut x: u128, mut y: u128| {
        while y != 0 {
            (x, y) = (y, x % y);
        }
        x
    };
    loop {
        let g = gcd(a, b);
        if g == 1 {
            break;
        }
        a /= g;
        b /= g;
    }
    let is_sq = |x: u128| {
        let r = x.isqrt();
        r * r == x
    };
    is_sq(a) && is_sq(b)
}

/// A juror's totals, as z-scores need them.
pub(super) struct JurorZ {
    /// Square-root class of the juror's spread; `None` when every z-score is 0.
    pub(super) class: Option<usize>,
    /// sqrt(var) = t * sqrt(root of the class); `None` when t = 1.
    pub(super) t: Option<BigRational>,
    /// Number and sum of the juror's totals.
    pub(super) k: BigInt,
    pub(super) sum: BigInt,
    /// The same in machine numbers, when every total of the juror is below 2^50.
    pub(super) small: Option<(i64, i128)>,
}

/// Every entry's mean of z-scores for one ranking.
pub(super) struct ZScores {
    /// `sqrt` of each root as a float, as the figures are summed.
    pub(super) root_sqrt: Vec<f64>,
    /// Per board entry: its z-score mean and the size of its terms, if it has sheets.
    pub(super) values: Vec<Option<(ZValue, f64)>>,
}

impl ZScores {
    pub(super) fn new(board: &Board) -> ZScores {
        let p = &*board.panel;
        let nj = p.jurors.len();
        // Count, sum and sum of squares of each juror's totals over the competing entries.
        let mut k = vec![0i128; nj];
        let (mut sums, mut squares) = (vec![0i128; nj], vec![0i128; nj]);
        let mut wide = vec![false; nj];
        for e in board.entries.iter().filter(|e| e.row.status.competes()) {
            for &(j, t) in &e.sheets {
                let j = j as usize;
                k[j] += 1;
                // Below 2^50 a total's square takes one multiplication and no sum of them can
                // overflow; a juror with a larger one is counted in big numbers below.
                if t.unsigned_abs() < 1 << 50 {
                    // Below 2^50 by the test above: fits i64.
                    #[allow(clippy::cast_possible_truncation)]
                    let t = t as i64;
                    sums[j] += i128::from(t);
                    squares[j] += i128::from(t) * i128::from(t);
                } else {
                    wide[j] = true;
                }
            }
        }
        let sum: Vec<Option<i128>> = (0..nj).map(|j| (!wide[j]).then_some(sums[j])).collect();
        let sq: Vec<Option<i128>> = (0..nj).map(|j| (!wide[j]).then_some(squares[j])).collect();
        let mut jurors: Vec<JurorZ> = (0..nj)
            .map(|_| JurorZ {
                class: None,
                t: None,
                k: BigInt::zero(),
                sum: BigInt::zero(),
                small: None,
            })
            .collect();
        let mut roots: Vec<(BigInt, Residues)> = Vec::new();
        for &j in &p.by_id {
            let j = j as usize;
            if k[j] == 0 {
                continue;
            }
            let (kb, sumb, var) = match (sum[j], sq[j]) {
                (Some(s), Some(q)) => {
                    let var = k[j]
                        .checked_mul(q)
                        .zip(s.checked_mul(s))
                        .and_then(|(a, b)| a.checked_sub(b));
                    let var = match var {
                        Some(v) => BigInt::from(v),
                        None => BigInt::from(k[j]) * BigInt::from(q) - BigInt::from(s).pow(2),
                    };
                    jurors[j].small = i64::try_from(k[j]).ok().map(|k| (k, s));
                    (BigInt::from(k[j]), BigInt::from(s), var)
                }
                _ => {
                    let (mut s, mut q) = (BigInt::zero(), BigInt::zero());
                    for e in board.entries.iter().filter(|e| e.row.status.competes()) {
                        for &(jj, t) in &e.sheets {
                            if jj as usize == j {
                                s += t;
                                q += BigInt::from(t) * BigInt::from(t);
                            }
                        }
                    }
                    let kb = BigInt::from(k[j]);
                    let var = &kb * &q - &s * &s;
                    (kb, s, var)
                }
            };
            jurors[j].k = kb;
            jurors[j].sum = sumb;
            if k[j] < 2 || var.is_zero() {
                continue;
            }
            // sqrt(var) = t * sqrt(root) with t rational, for the class root belongs to.
            let res = Residues::of(&var);
            let class = roots.iter().position(|(r, rr)| {
                Residues::product_may_be_square(*rr, res) && product_is_square(r, &var)
            });
            match class {
                Some(c) => {
                    if var != roots[c].0 {
                        let ratio = BigRational::new(var, roots[c].0.clone());
                        jurors[j].t =
                            Some(BigRational::new(ratio.numer().sqrt(), ratio.denom().sqrt()));
                    }
                    jurors[j].class = Some(c);
                }
                None => {
                    roots.push((var, res));
                    jurors[j].class = Some(roots.len() - 1);
                }
            }
        }
        let root_sqrt: Vec<f64> = roots
            .iter()
            .map(|(r, _)| r.to_f64().unwrap_or(f64::MAX).sqrt())
            .collect();
        let mut z = ZScores {
            root_sqrt,
            values: Vec::with_capacity(board.entries.len()),
        };
        let mut acc = vec![0i128; z.root_sqrt.len()];
        for e in &board.entries {
            let v = if e.sheets.is_empty() {
                None
            } else if !e.row.status.competes() {
                // Marks of an entry that no longer competes are in no juror's z-scores.
                let approx = std::iter::empty::<f64>().sum();
                let exact = Surd::Small {
                    den: 1,
                    terms: Vec::new(),
                };
                Some((ZValue { approx, exact }, 0.0))
            } else {
                Some(
                    z.small_mean(&jurors, e, &mut acc)
                        .unwrap_or_else(|| z.big_mean(&jurors, &e.sheets)),
                )
            };
            z.values.push(v);
        }
        z
    }

    /// Each sheet's juror and, for a juror with two sheets of one entry (a hand-edited file),
    /// the total of the later one, as one z-score per juror and entry has it.
    pub(super) fn with_last<'a>(
        sheets: &'a [(u32, i128)],
    ) -> impl Iterator<Item = (u32, i128)> + 'a {
        sheets.iter().enumerate().map(|(i, &(j, _))| {
            let last = sheets[i..]
                .iter()
                .take_while(|s| s.0 == j)
                .last()
                .map_or(0, |s| s.1);
            (j, last)
        })
    }

    /// The mean in integers, for the usual case: every class's factor t is 1 and the sums are
    /// small enough that their floats are exact. `acc` has a zero per class.
    pub(super) fn small_mean(
        &self,
        jurors: &[JurorZ],
        e: &EntryData,
        acc: &mut [i128],
    ) -> Option<(ZValue, f64)> {
        const EXACT: i128 = 1 << f64::MANTISSA_DIGITS;
        if e.twice {
            return None;
        }
        let (mut lo, mut hi) = (acc.len(), 0);
        let mut fits = true;
        for &(j, x) in &e.sheets {
            let jz = &jurors[j as usize];
            let Some(c) = jz.class else { continue };
            let (Some((k, s)), None) = (jz.small, &jz.t) else {
                fits = false;
                break;
            };
            // Every total of this juror is below 2^50, so this one is: it fits i64.
            #[allow(clippy::cast_possible_truncation)]
            let x = x as i64;
            acc[c] += i128::from(k) * i128::from(x) - s;
            (lo, hi) = (lo.min(c), hi.max(c + 1));
        }
        let mut terms: Vec<(u32, i128)> = Vec::with_capacity(hi.saturating_sub(lo));
        for (c, a) in acc.iter_mut().enumerate().take(hi).skip(lo) {
            if *a != 0 {
                terms.push((ix(c), *a));
            }
            *a = 0;
        }
        if !fits || terms.iter().any(|t| t.1.abs() > EXACT) {
            return None;
        }
        let nf = e.sheets.len() as f64;
        // As `BigRational::to_f64` gives `d / n`: both are exact floats (`d` fits 53 bits, so
        // its conversion through `i64` is exact), so one division.
        let (mut approx, mut mag) = (-0.0, 0.0);
        for &(c, d) in &terms {
            // |d| <= EXACT < 2^53 (checked above): exact in i64 and in f64.
            #[allow(clippy::cast_possible_truncation)]
            let term = (d as i64 as f64 / nf) / self.root_sqrt[c as usize];
            approx += term;
            mag += term.abs();
        }
        let exact = Surd::Small {
            den: e.sheets.len() as i128,
            terms,
        };
        Some((ZValue { approx, exact }, mag))
    }

    pub(super) fn big_mean(&self, jurors: &[JurorZ], sheets: &[(u32, i128)]) -> (ZValue, f64) {
        let n = BigInt::from(sheets.len().max(1));
        let mut terms: Vec<(usize, BigRational)> = Vec::new();
        for (j, x) in Self::with_last(sheets) {
            let jz = &jurors[j as usize];
            let Some(c) = jz.class else { continue };
            let dev = BigRational::from_integer(&jz.k * BigInt::from(x) - &jz.sum);
            let q = match &jz.t {
                Some(t) => dev / t,
                None => dev,
            };
            match terms.iter_mut().find(|(k, _)| *k == c) {
                Some((_, acc)) => *acc += q,
                None => terms.push((c, q)),
            }
        }
        for (_, q) in &mut terms {
            *q /= &n;
        }
        terms.retain(|(_, q)| !q.is_zero());
        terms.sort_by_key(|(c, _)| *c);
        let approx = self.approx(&terms);
        let mag = terms
            .iter()
            .map(|(c, q)| (q.to_f64().unwrap_or(0.0) / self.root_sqrt[*c]).abs())
            .sum();
        (
            ZValue {
                approx,
                exact: Surd::Big(terms),
            },
            mag,
        )
    }

    pub(super) fn approx(&self, terms: &[(usize, BigRational)]) -> f64 {
        terms
            .iter()
            .map(|(c, q)| q.to_f64().unwrap_or(0.0) / self.root_sqrt[*c])
            .sum()
    }

    /// Orders the z-score means of two board entries exactly.
    pub(super) fn cmp(&self, a: usize, b: usize) -> Ordering {
        let (Some((a, _)), Some((b, _))) = (&self.values[a], &self.values[b]) else {
            return Ordering::Equal;
        };
        if a.exact.same(&b.exact) {
            return Ordering::Equal;
        }
        let (a, b) = (a.exact.to_big(), b.exact.to_big());
        // Different coefficients on independent square roots: the difference is not zero,
        // so its sign (computed from the exact coefficients' difference) decides.
        let mut diff = a;
        for (c, q) in &b {
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
