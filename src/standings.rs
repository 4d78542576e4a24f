//! Standings: juror totals, entry scores, ranks with ties, per category. Pure and exact.
//!
//! A juror's total is `100 * sum(w_i * s_i / max_i) / sum(w_i)`. All rubric numbers have at most
//! four decimals, so every total is an integer number of "ticks" times one constant of the
//! rubric; means, medians and trimmed means are fractions of ticks and compare exactly. Z-scores
//! divide by square roots: they are kept as rational multiples of square roots, so equal
//! z-scores are recognised exactly too.
//!
//! The live screen ranks again after every submitted or reopened sheet, on sessions of
//! thousands of entries. So the work is split: a [`Board`] holds what each entry contributes
//! (its sheets as integer ticks, its row without rank) and is brought up to date one entry at a
//! time; [`rank`] orders a board for one method. Orders are decided on floating-point figures
//! where those are far apart, and exactly where they are close, so the result is the one exact
//! arithmetic gives.

// Casts that can cut a number short or turn its sign: a wrong total here is a wrong winner.
// Every cast is either checked (`try_from`) or allowed where its range is shown.
#![warn(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap
)]

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use compact_str::CompactString;
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::num::{Ratio, UNIT, gcd, lcm, to_units};
use crate::model::{Session, Sheet, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    #[default]
    Mean,
    Median,
    /// Drops one highest and one lowest total when there are at least 3, else the mean.
    Trimmed,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Mean, Method::Median, Method::Trimmed];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Mean => "mean",
            Method::Median => "median",
            Method::Trimmed => "trimmed",
        }
    }

    pub fn next(self) -> Method {
        match self {
            Method::Mean => Method::Median,
            Method::Median => Method::Trimmed,
            Method::Trimmed => Method::Mean,
        }
    }

    fn index(self) -> usize {
        match self {
            Method::Mean => 0,
            Method::Median => 1,
            Method::Trimmed => 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Normalize {
    #[default]
    None,
    /// Each juror's totals become z-scores over the entries that juror submitted.
    Zscore,
}

impl Normalize {
    pub fn as_str(self) -> &'static str {
        match self {
            Normalize::None => "none",
            Normalize::Zscore => "zscore",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub method: Method,
    pub normalize: Normalize,
    /// Criteria that break ties in order; `None` uses the session's list.
    pub tie_break: Option<Vec<String>>,
}

/// Why an entry has no rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unranked {
    Absent,
    Withdrawn,
    NoSheets,
    /// Fewer submitted sheets than the session's quorum.
    BelowQuorum,
}

impl Unranked {
    pub fn as_str(self) -> &'static str {
        match self {
            Unranked::Absent => "absent",
            Unranked::Withdrawn => "withdrawn",
            Unranked::NoSheets => "no submitted sheet",
            Unranked::BelowQuorum => "below quorum",
        }
    }
}

/// How an entry that scored the same as another was placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TieBreak {
    /// Separated from its equals by the mean of this criterion.
    Criterion(String),
    /// Still equal after every tie-break criterion: the rank is shared.
    Shared,
}

impl TieBreak {
    pub fn label(&self) -> String {
        match self {
            TieBreak::Criterion(c) => c.clone(),
            TieBreak::Shared => "shared".into(),
        }
    }
}

/// A mean of z-scores held exactly: the sum of `coef / sqrt(root)` over square-root classes.
#[derive(Debug, Clone)]
pub struct ZValue {
    approx: f64,
    exact: Surd,
}

impl ZValue {
    pub fn to_f64(&self) -> f64 {
        self.approx
    }
}

impl PartialEq for ZValue {
    fn eq(&self, other: &ZValue) -> bool {
        self.approx.to_bits() == other.approx.to_bits() && self.exact.same(&other.exact)
    }
}

/// The exact coefficients of a [`ZValue`], one per square-root class in class order, none zero.
#[derive(Debug, Clone)]
enum Surd {
    /// Integer numerators over one common denominator: what a panel's usual numbers give.
    Small { den: i128, terms: Vec<(u32, i128)> },
    /// Anything else, reduced fractions.
    Big(Vec<(usize, BigRational)>),
}

impl Surd {
    fn to_big(&self) -> Vec<(usize, BigRational)> {
        match self {
            Surd::Small { den, terms } => terms
                .iter()
                .map(|&(c, n)| (c as usize, BigRational::new(n.into(), (*den).into())))
                .collect(),
            Surd::Big(t) => t.clone(),
        }
    }

    /// Whether both are the same number (classes of one ranking).
    fn same(&self, other: &Surd) -> bool {
        if let (Surd::Small { den: da, terms: a }, Surd::Small { den: db, terms: b }) =
            (self, other)
        {
            if a.len() != b.len() {
                return false;
            }
            let mut exact = true;
            for (&(ca, na), &(cb, nb)) in a.iter().zip(b) {
                if ca != cb {
                    return false;
                }
                match (na.checked_mul(*db), nb.checked_mul(*da)) {
                    (Some(x), Some(y)) if x != y => return false,
                    (Some(_), Some(_)) => {}
                    _ => exact = false,
                }
            }
            if exact {
                return true;
            }
        }
        self.to_big() == other.to_big()
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

/// One entry's line in the standings. Its title and institution are the session's
/// (`session.entry(&row.entry)`).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub entry: String,
    /// The category's id.
    pub category: CompactString,
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
    /// Each submitted juror's total, by juror id, in panel order.
    pub totals: Vec<(CompactString, Ratio)>,
    pub tie_break: Option<TieBreak>,
    pub unranked: Option<Unranked>,
}

/// The mark of a provisional rank, on screen and in every export.
pub const PROVISIONAL: char = '*';

/// A rank as shown, marked [`PROVISIONAL`] when it rests on fewer sheets than expected.
pub fn rank_text(rank: u32, provisional: bool) -> String {
    if provisional {
        format!("{rank}{PROVISIONAL}")
    } else {
        rank.to_string()
    }
}

impl Row {
    /// Ranked on fewer sheets than the jurors expected to score it: the rank may still move.
    pub fn provisional(&self) -> bool {
        self.rank.is_some() && self.sheets < self.expected
    }
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
#[derive(Debug)]
struct Ticks {
    /// Per criterion (rubric order): ticks per value unit.
    coef: Vec<i128>,
    /// The same, when every one fits a machine word (a product with a value then needs one
    /// multiplication).
    coef64: Option<Vec<i64>>,
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
        let coef64 = coef.iter().map(|&c| i64::try_from(c).ok()).collect();
        Ok(Ticks {
            coef,
            coef64,
            scale: Ratio::new(g, den),
        })
    }

    /// A sheet's total in ticks (missing values count as 0).
    fn total(&self, s: &Session, values: &crate::model::Values) -> i128 {
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
    fn points(&self, ticks: i128, den: i128) -> Ratio {
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

fn mul(a: Ratio, b: Ratio) -> Ratio {
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
fn ix(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 2^32 entries, jurors and categories")
}

/// `to_units` without its rounding for the whole numbers most scales use.
fn units_of(x: f64) -> i64 {
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
/// denominator). `totals` is sorted.
fn aggregate(method: Method, v: &[i128]) -> (i128, i128) {
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
        Method::Trimmed if v.len() >= 3 => (v[1..v.len() - 1].iter().sum(), n - 2),
        Method::Trimmed => (v.iter().sum(), n),
    }
}

/// Orders two fractions with positive denominators exactly, or `None` if the products overflow.
fn cmp_frac(a: (i128, i128), b: (i128, i128)) -> Option<Ordering> {
    Some(a.0.checked_mul(b.1)?.cmp(&b.0.checked_mul(a.1)?))
}

/// The session's own ids (entries, jurors, categories) and tick values: the maps are rebuilt
/// from the session, so their keys are not chosen to collide and a fast hash is safe.
type IdMap<K, V> = FxHashMap<K, V>;

fn id_map<K, V>(capacity: usize) -> IdMap<K, V> {
    HashMap::with_capacity_and_hasher(capacity, Default::default())
}

/// What a ranking needs of the rubric and the panel; fixed for a board's life.
#[derive(Debug)]
struct Panel {
    ticks: Ticks,
    /// Criterion ids in rubric order (for tie-break criteria and their error).
    criteria: Vec<String>,
    /// (id, rubric position) sorted by id as sheet values are, if the ids are distinct.
    sorted: Option<Vec<(Box<str>, usize)>>,
    jurors: Vec<CompactString>,
    juror_pos: IdMap<CompactString, u32>,
    /// Panel positions in the order of juror ids, which numbers the square-root classes.
    by_id: Vec<u32>,
    /// Entry id -> panel positions of the jurors with a conflict of interest.
    conflicts: IdMap<CompactString, Vec<u32>>,
    /// The session's tie-break criteria.
    tie_break: Vec<String>,
    /// The session's quorum (0: none).
    quorum: usize,
}

impl Panel {
    fn new(s: &Session) -> Result<Panel> {
        let ticks = Ticks::new(s)?;
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
        })
    }

    /// A counted sheet's total in ticks; adds its values in units to `sums` (rubric order).
    fn read(&self, s: &Session, sheet: &Sheet, sums: &mut [i128]) -> i128 {
        let mut small = [0i64; 16];
        let mut large = Vec::new();
        let units: &mut [i64] = if sums.len() <= small.len() {
            &mut small[..sums.len()]
        } else {
            large.resize(sums.len(), 0);
            &mut large
        };
        self.units(s, sheet, units);
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

    /// A sheet's values in units, rubric order, into `out` (missing ones are 0).
    fn units(&self, s: &Session, sheet: &Sheet, out: &mut [i64]) {
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
const WARM: usize = 16;

/// Reads every value of some sheets. Each sheet keeps its values in
/// its own allocation, so reading sheet after sheet waits for memory once per sheet; these
/// reads do not depend on one another, so the processor fetches them all at once.
fn warm(sheets: &[Sheet]) {
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
fn same_id(a: &[u8], b: &[u8]) -> bool {
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

/// An entry as the standings see it.
#[derive(Debug, Clone)]
struct EntryData {
    /// The entry's row without rank, score or tie-break.
    row: Row,
    /// Position of its category in the board's list.
    cat: u32,
    /// (panel position, total in ticks) of each counted sheet, in panel order.
    sheets: Vec<(u32, i128)>,
    /// Whether a juror has two counted sheets (only a hand-edited file has).
    twice: bool,
    /// Per method (`Method::index`), the aggregate of the totals in ticks, made when first
    /// ranked (a median needs the totals sorted).
    agg: [OnceLock<(i128, i128)>; 3],
    /// Per method, the aggregate in points, made when first shown.
    points: [OnceLock<Ratio>; 3],
}

/// Memo of fractions already reduced: a panel's totals and means repeat, and reducing a
/// fraction costs divisions. Two slots per hash value hold the last two fractions met there.
struct Memo {
    totals: Vec<(i128, Ratio)>,
    means: Vec<(i128, i128, Ratio)>,
    shift: u32,
}

/// The key of a slot that holds nothing yet (a mean's slot also has denominator 0).
const EMPTY: i128 = i128::MIN;

impl Memo {
    fn new(bits: u32) -> Memo {
        Memo {
            totals: vec![(EMPTY, Ratio::int(0)); 1 << bits],
            means: vec![(EMPTY, 0, Ratio::int(0)); 1 << bits],
            shift: 64 - bits,
        }
    }

    // A hash: the high bits of `x` are folded in and cut off as meant, and the slot is below
    // `1 << bits`, the length of the tables.
    #[inline]
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    fn slot(&self, x: i128) -> usize {
        let h = ((x as u64) ^ ((x >> 64) as u64)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> self.shift) as usize
    }

    #[inline]
    fn total(&mut self, ticks: &Ticks, t: i128) -> Ratio {
        if t == EMPTY {
            return ticks.points(t, 1);
        }
        // Two slots per hash, the most recent first: two totals that hash alike both stay.
        let i = self.slot(t) & !1;
        let set = &mut self.totals[i..i + 2];
        if set[0].0 == t {
            return set[0].1;
        }
        if set[1].0 == t {
            set.swap(0, 1);
            return set[0].1;
        }
        let r = ticks.points(t, 1);
        set[1] = set[0];
        set[0] = (t, r);
        r
    }

    #[inline]
    fn mean(&mut self, sum: i128, den: i128) -> Ratio {
        let i = self.slot(sum ^ (den << 40)) & !1;
        let set = &mut self.means[i..i + 2];
        if (set[0].0, set[0].1) == (sum, den) {
            return set[0].2;
        }
        if (set[1].0, set[1].1) == (sum, den) {
            set.swap(0, 1);
            return set[0].2;
        }
        let r = Ratio::new(sum, den);
        set[1] = set[0];
        set[0] = (sum, den, r);
        r
    }
}

impl EntryData {
    fn new(
        p: &Panel,
        e: &crate::model::Entry,
        cat: u32,
        mut sheets: Vec<(u32, i128)>,
        sums: &[i128],
        memo: &mut Memo,
    ) -> EntryData {
        if !sheets.is_sorted_by_key(|s| s.0) {
            // Stable: two sheets of one juror (a hand-edited file) keep their file order.
            sheets.sort_by_key(|s| s.0);
        }
        let n = sheets.len();
        let expected = p.jurors.len()
            - p.conflicts
                .get(e.id.as_str())
                .map_or(0, |c| c.len().min(p.jurors.len()));
        let unranked = match e.status {
            Status::Absent => Some(Unranked::Absent),
            Status::Withdrawn => Some(Unranked::Withdrawn),
            _ if n == 0 => Some(Unranked::NoSheets),
            _ if n < p.quorum.min(expected) => Some(Unranked::BelowQuorum),
            _ => None,
        };
        let totals: Vec<(CompactString, Ratio)> = sheets
            .iter()
            .map(|&(j, t)| (p.jurors[j as usize].clone(), memo.total(&p.ticks, t)))
            .collect();
        let (mut lo, mut hi) = (0, 0);
        for (i, s) in sheets.iter().enumerate() {
            if s.1 < sheets[lo].1 {
                lo = i;
            }
            if s.1 > sheets[hi].1 {
                hi = i;
            }
        }
        let (min, max, sd) = if n == 0 {
            (None, None, None)
        } else {
            (
                Some(totals[lo].1),
                Some(totals[hi].1),
                Some(spread(&sheets) * p.ticks.scale.to_f64()),
            )
        };
        let criterion_means = sums
            .iter()
            .map(|&sum| (n > 0).then(|| memo.mean(sum, n as i128 * i128::from(UNIT))))
            .collect();
        EntryData {
            row: Row {
                entry: e.id.clone(),
                category: CompactString::new(&e.category),
                status: e.status,
                rank: None,
                category_rank: None,
                score: None,
                sheets: n,
                expected,
                min,
                max,
                sd,
                criterion_means,
                totals,
                tie_break: None,
                unranked,
            },
            cat,
            twice: sheets.windows(2).any(|w| w[0].0 == w[1].0),
            sheets,
            agg: Default::default(),
            points: Default::default(),
        }
    }

    /// The aggregate of `method` in ticks (an entry with sheets).
    fn agg(&self, method: Method) -> (i128, i128) {
        *self.agg[method.index()].get_or_init(|| {
            let mut small = [0i128; 32];
            let mut large = Vec::new();
            let totals: &mut [i128] = if self.sheets.len() <= small.len() {
                &mut small[..self.sheets.len()]
            } else {
                large.resize(self.sheets.len(), 0);
                &mut large
            };
            for (t, s) in totals.iter_mut().zip(&self.sheets) {
                *t = s.1;
            }
            if method != Method::Mean {
                totals.sort_unstable();
            }
            aggregate(method, totals)
        })
    }

    /// The aggregate of `method` in points.
    fn points(&self, p: &Panel, method: Method) -> Ratio {
        let m = method.index();
        *self.points[m].get_or_init(|| {
            let (num, den) = self.agg(method);
            let r = Ratio::new(num, den);
            p.ticks.points(r.num(), r.den())
        })
    }

    /// Ranked: competing, with at least one counted sheet and the quorum.
    fn ranked(&self) -> bool {
        self.row.unranked.is_none()
    }
}

/// Population standard deviation of the sheets' totals in ticks, as `f64`.
fn spread(sheets: &[(u32, i128)]) -> f64 {
    let n = sheets.len() as i128;
    let sum: i128 = sheets.iter().map(|s| s.1).sum();
    // (n * sum(x^2) - sum(x)^2) * n, exact until the square root; in machine words where the
    // deviations fit one.
    let words = || {
        let (n, sum) = (i64::try_from(n).ok()?, i64::try_from(sum).ok()?);
        sheets.iter().try_fold(0i128, |acc, s| {
            let d = i64::try_from(s.1).ok()?.checked_mul(n)?.checked_sub(sum)?;
            acc.checked_add(i128::from(d) * i128::from(d))
        })
    };
    let wide = || {
        sheets.iter().try_fold(0i128, |acc, s| {
            let d = s.1.checked_mul(n)?.checked_sub(sum)?;
            acc.checked_add(d.checked_mul(d)?)
        })
    };
    let totals = sheets.iter().map(|s| s.1);
    let var = match words().or_else(wide) {
        Some(v) => v as f64,
        None => totals
            .map(|t| (BigInt::from(t) * BigInt::from(n) - BigInt::from(sum)).pow(2))
            .sum::<BigInt>()
            .to_f64()
            .unwrap_or(0.0),
    };
    var.sqrt() / (n as f64) / (n as f64).sqrt()
}

/// What the standings need from a session: per entry its submitted, non-conflicted sheets as
/// integer ticks (total and per criterion), its status and category. Plain owned data, `Send`
/// and `Sync`, with no references into the session, so ranking can run on another thread.
/// Cloning is cheap: each entry's data sits behind an `Arc`, and bringing one entry up to date
/// on a clone copies only that entry.
#[derive(Clone)]
pub struct Board {
    panel: Arc<Panel>,
    /// Agenda order.
    entries: Vec<Arc<EntryData>>,
    /// Entry id -> position in `entries`.
    pos: Arc<IdMap<CompactString, u32>>,
    /// Category ids, in the order first met.
    categories: Arc<Vec<CompactString>>,
}

impl std::fmt::Debug for Board {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Board({} entries)", self.entries.len())
    }
}

impl Board {
    /// Reads every sheet once.
    pub fn new(s: &Session) -> Result<Board> {
        let panel = Panel::new(s)?;
        let nc = panel.criteria.len();
        let mut pos: IdMap<CompactString, u32> = id_map(s.entries.len());
        for (i, e) in s.entries.iter().enumerate() {
            pos.entry(CompactString::new(&e.id)).or_insert(ix(i));
        }
        let mut sheets: Vec<Vec<(u32, i128)>> = s
            .entries
            .iter()
            .map(|_| Vec::with_capacity(panel.jurors.len()))
            .collect();
        // Per entry and criterion, the sum of the counted sheets' values in units.
        let mut sums = vec![0i128; s.entries.len() * nc];
        let conflicted: Vec<&[u32]> = s
            .entries
            .iter()
            .map(|e| {
                panel
                    .conflicts
                    .get(e.id.as_str())
                    .map_or(&[][..], Vec::as_slice)
            })
            .collect();
        // Sheets usually come entry by entry and juror by juror: remember the last ones.
        let mut last_entry: Option<(&str, u32)> = None;
        let mut last_juror = u32::MAX;
        for (k, sh) in s.scores.iter().enumerate() {
            if k % WARM == 0 {
                warm(&s.scores[k..(k + WARM).min(s.scores.len())]);
            }
            if !sh.is_submitted() {
                continue;
            }
            let ep = match last_entry {
                Some((id, p)) if same_id(id.as_bytes(), sh.entry.as_bytes()) => p,
                _ => match pos.get(sh.entry.as_str()) {
                    Some(&p) => {
                        last_entry = Some((sh.entry.as_str(), p));
                        p
                    }
                    None => continue,
                },
            };
            let next = last_juror.wrapping_add(1) as usize;
            let jp = if next < panel.jurors.len()
                && same_id(panel.jurors[next].as_bytes(), sh.juror.as_bytes())
            {
                ix(next)
            } else {
                match panel.juror_pos.get(sh.juror.as_str()) {
                    Some(&j) => j,
                    None => continue,
                }
            };
            last_juror = jp;
            if conflicted[ep as usize].contains(&jp) {
                continue;
            }
            let e = ep as usize;
            let t = panel.read(s, sh, &mut sums[e * nc..(e + 1) * nc]);
            sheets[e].push((jp, t));
        }
        // Sized for the distinct totals a panel gives (a few thousand on a 0-100 scale), not
        // for the sheets: a larger table costs more to clear than it saves.
        let mut memo = Memo::new(match s.scores.len() {
            0..=4096 => 8,
            4097..=65536 => 10,
            _ => 12,
        });
        let mut categories: Vec<CompactString> = Vec::new();
        let mut cat_pos: IdMap<CompactString, u32> = id_map(8);
        let entries = s
            .entries
            .iter()
            .zip(sheets)
            .enumerate()
            .map(|(k, (e, sh))| {
                let sm = &sums[k * nc..(k + 1) * nc];
                let cat = *cat_pos
                    .entry(CompactString::new(&e.category))
                    .or_insert_with(|| {
                        categories.push(CompactString::new(&e.category));
                        ix(categories.len() - 1)
                    });
                Arc::new(EntryData::new(&panel, e, cat, sh, sm, &mut memo))
            })
            .collect();
        Ok(Board {
            panel: Arc::new(panel),
            entries,
            pos: Arc::new(pos),
            categories: Arc::new(categories),
        })
    }

    /// After a change to one entry's sheets (submit, reopen) or its status: reads that entry's
    /// sheets only.
    pub fn update_entry(&mut self, s: &Session, entry: &str) {
        let here = self.pos.get(entry).map(|&i| i as usize);
        let there = s.entry_pos(entry);
        let (Some(i), Some(k)) = (here, there) else {
            // An entry added or removed: not a live change, but keep the board true.
            if here.is_some() || there.is_some() {
                self.reorder(s);
            }
            return;
        };
        self.entries[i] = Arc::new(self.read_entry(s, &s.entries[k]));
    }

    /// After one entry moved on the agenda from position `from` to `to` (as
    /// `Change::MoveEntry` moves it): only the entries between the two are renumbered. Falls
    /// back to [`Board::reorder`] when the board did not have the agenda as it was.
    pub fn moved(&mut self, s: &Session, from: usize, to: usize) {
        let n = self.entries.len();
        let fits = from < n
            && to < n
            && n == s.entries.len()
            && self.entries[from].row.entry == s.entries[to].id;
        if !fits {
            return self.reorder(s);
        }
        let e = self.entries.remove(from);
        self.entries.insert(to, e);
        let pos = Arc::make_mut(&mut self.pos);
        for i in from.min(to)..=from.max(to) {
            if let Some(p) = pos.get_mut(self.entries[i].row.entry.as_str()) {
                *p = ix(i);
            }
        }
    }

    /// After the agenda order changed (an entry moved): the unranked rows and the listing of
    /// shared ranks follow the agenda.
    pub fn reorder(&mut self, s: &Session) {
        let mut pos: IdMap<CompactString, u32> = id_map(s.entries.len());
        let mut entries = Vec::with_capacity(s.entries.len());
        for e in &s.entries {
            let slot = pos.entry(CompactString::new(&e.id));
            if let std::collections::hash_map::Entry::Vacant(v) = slot {
                v.insert(ix(entries.len()));
            }
            let known = self
                .pos
                .get(e.id.as_str())
                .map(|&i| &self.entries[i as usize])
                .filter(|d| d.row.entry == e.id);
            entries.push(match known {
                Some(d) => d.clone(),
                None => Arc::new(self.read_entry(s, e)),
            });
        }
        self.entries = entries;
        self.pos = Arc::new(pos);
    }

    fn read_entry(&mut self, s: &Session, e: &crate::model::Entry) -> EntryData {
        let p = &self.panel;
        let nc = p.criteria.len();
        let conflicted = p
            .conflicts
            .get(e.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let mut sheets = Vec::with_capacity(p.jurors.len());
        let mut sums = vec![0i128; nc];
        for i in s.sheets_of(&e.id) {
            let sh = &s.scores[i];
            if !sh.is_submitted() || sh.entry != e.id.as_str() {
                continue;
            }
            let Some(&jp) = p.juror_pos.get(sh.juror.as_str()) else {
                continue;
            };
            if conflicted.contains(&jp) {
                continue;
            }
            sheets.push((jp, p.read(s, sh, &mut sums)));
        }
        let cat = match self
            .categories
            .iter()
            .position(|c| c == e.category.as_str())
        {
            Some(c) => ix(c),
            None => {
                let cats = Arc::make_mut(&mut self.categories);
                cats.push(CompactString::new(&e.category));
                ix(cats.len() - 1)
            }
        };
        let mut memo = Memo::new(4);
        EntryData::new(p, e, cat, sheets, &sums, &mut memo)
    }
}

/// Computes the standings of a session.
pub fn compute(s: &Session, opts: &Options) -> Result<Standings> {
    let board = Board::new(s)?;
    let order = order(&board, opts)?;
    // The board is this call's own: its rows move into the standings rather than being copied.
    let rows = board.entries.into_iter().map(|e| match Arc::try_unwrap(e) {
        Ok(e) => e.row,
        Err(e) => e.row.clone(),
    });
    Ok(order.fill(rows))
}

/// Ranks a board: the same result as [`compute`] on the session the board was read from.
pub fn rank(board: &Board, opts: &Options) -> Result<Standings> {
    let order = order(board, opts)?;
    Ok(order.fill(board.entries.iter().map(|e| e.row.clone())))
}

/// Where each entry goes in the standings, and its score.
struct Order {
    method: Method,
    normalize: Normalize,
    tie_break: Vec<String>,
    /// Ranked entries best first: (board position, rank, category rank, tie-break).
    ranked: Vec<(u32, Option<u32>, u32, Option<TieBreak>)>,
    /// Per board entry, its score.
    scores: Vec<Option<Score>>,
}

impl Order {
    /// The standings, from the entries' rows in board order.
    fn fill(self, rows: impl Iterator<Item = Row>) -> Standings {
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
        }
    }
}

/// A candidate for a rank: an entry's position on the board and its score as a float.
#[derive(Clone, Copy)]
struct Cand {
    ix: u32,
    /// The aggregate in ticks, for points.
    frac: (i128, i128),
    approx: f64,
    /// Size of what was summed into `approx`, which bounds its rounding error.
    mag: f64,
}

/// Relative distance under which two float scores are compared exactly. The floats are within
/// about 1e-14 of the exact values; this leaves a wide margin.
const CLOSE: f64 = 1e-9;

fn order(board: &Board, opts: &Options) -> Result<Order> {
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
                return Err(Error::Usage(format!(
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
                let (num, den) = e.agg(method);
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
    })
}

/// A positive number modulo 64, 63, 65 and 11: a product of two numbers is a square only if
/// the product of their residues is a square modulo each, which most products are not.
#[derive(Debug, Clone, Copy)]
struct Residues([u8; 4]);

const MODULI: [u32; 4] = [64, 63, 65, 11];

/// Which residues modulo `m` are squares.
const fn squares(m: u32) -> [bool; 65] {
    let mut t = [false; 65];
    let mut x = 0;
    while x < m {
        t[((x * x) % m) as usize] = true;
        x += 1;
    }
    t
}

const SQUARES: [[bool; 65]; 4] = [
    squares(MODULI[0]),
    squares(MODULI[1]),
    squares(MODULI[2]),
    squares(MODULI[3]),
];

impl Residues {
    fn of(x: &BigInt) -> Residues {
        Residues(MODULI.map(|m| (x % m).to_u8().unwrap_or(0)))
    }

    /// False when `a * b` is certainly not a square; true when it may be.
    fn product_may_be_square(a: Residues, b: Residues) -> bool {
        (0..4).all(|k| {
            let r = u32::from(a.0[k]) * u32::from(b.0[k]) % MODULI[k];
            SQUARES[k][r as usize]
        })
    }
}

/// Whether `a * b` is the square of an integer (a, b > 0), without forming the product.
fn product_is_square(a: &BigInt, b: &BigInt) -> bool {
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

fn product_is_square_u128(mut a: u128, mut b: u128) -> bool {
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
struct JurorZ {
    /// Square-root class of the juror's spread; `None` when every z-score is 0.
    class: Option<usize>,
    /// sqrt(var) = t * sqrt(root of the class); `None` when t = 1.
    t: Option<BigRational>,
    /// Number and sum of the juror's totals.
    k: BigInt,
    sum: BigInt,
    /// The same in machine numbers, when every total of the juror is below 2^50.
    small: Option<(i64, i128)>,
}

/// Every entry's mean of z-scores for one ranking.
struct ZScores {
    /// `sqrt` of each root as a float, as the figures are summed.
    root_sqrt: Vec<f64>,
    /// Per board entry: its z-score mean and the size of its terms, if it has sheets.
    values: Vec<Option<(ZValue, f64)>>,
}

impl ZScores {
    fn new(board: &Board) -> ZScores {
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
    fn with_last<'a>(sheets: &'a [(u32, i128)]) -> impl Iterator<Item = (u32, i128)> + 'a {
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
    fn small_mean(
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

    fn big_mean(&self, jurors: &[JurorZ], sheets: &[(u32, i128)]) -> (ZValue, f64) {
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

    fn approx(&self, terms: &[(usize, BigRational)]) -> f64 {
        terms
            .iter()
            .map(|(c, q)| q.to_f64().unwrap_or(0.0) / self.root_sqrt[*c])
            .sum()
    }

    /// Orders the z-score means of two board entries exactly.
    fn cmp(&self, a: usize, b: usize) -> Ordering {
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

// The tests and their reference engine cast small, whole test numbers: the lints are for the
// engine itself.
#[cfg(test)]
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap
)]
#[path = "standings_tests.rs"]
mod tests;
