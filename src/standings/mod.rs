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

use compact_str::CompactString;
use num_rational::BigRational;
use serde::{Deserialize, Serialize};

mod board;
mod divergence;
mod lines;
mod order;
pub mod stages;
// The cast lints above are for the engine; the reference oracle and verify kept their own
// rules before they moved in beside it.
#[cfg(test)]
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap
)]
mod reference;
mod sensitivity;
mod ticks;
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap
)]
pub mod verify;
mod zscore;

pub use board::Board;
use board::*;
pub use divergence::{Divergence, divergences};
pub use lines::{Lines, category_lines, line_positions};
pub use order::{compute, rank};
pub use sensitivity::{SensitivityRow, WAYS, sensitivity};
use ticks::*;
pub use ticks::{partial_total, sheet_total};
use zscore::*;

use crate::model::Status;
use crate::model::num::Ratio;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    #[default]
    Mean,
    Median,
    /// Drops the k highest and k lowest totals (k is the session's, 1 unless set) when there
    /// are at least 2k + 1, else the mean.
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

    /// A method by its name ("mean", "median", "trimmed").
    pub fn parse(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// The session's own method (its rules'), else the mean.
    pub fn of(s: &crate::model::Session) -> Method {
        s.rules
            .method
            .as_deref()
            .and_then(Method::parse)
            .unwrap_or_default()
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
    /// Did not pass the administrative screening.
    Ineligible,
    /// An earlier stage has no score for it.
    NoStageScore,
}

impl Unranked {
    pub fn as_str(self) -> &'static str {
        match self {
            Unranked::Absent => "absent",
            Unranked::Withdrawn => "withdrawn",
            Unranked::NoSheets => "no submitted sheet",
            Unranked::BelowQuorum => "below quorum",
            Unranked::Ineligible => "ineligible",
            Unranked::NoStageScore => "no earlier stage score",
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
    /// With earlier stages: each stage's score (0-100), earlier ones first and this stage's
    /// last, and `score` is their weighted sum; empty otherwise.
    pub stages: Vec<Option<Ratio>>,
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
    /// Totals the trimmed mean drops at each end (the session's rule).
    pub trim: u32,
    /// With z-scores shown on the rubric's scale: the panel's mean total and its standard
    /// deviation, in points; a row shows `mean + z * sd`. For display only: the order is the
    /// exact z-scores'.
    pub z_scale: Option<(f64, f64)>,
}

impl Standings {
    /// The row's score as shown: points with 2 decimals, a z-score with 4, or on the rubric's
    /// scale with 2 when the session shows z-scores so.
    pub fn score_text(&self, r: &Row) -> Option<String> {
        let score = r.score.as_ref()?;
        Some(match (score, self.z_scale) {
            (Score::Z(z), Some((mean, sd))) => {
                let x = (mean + z.to_f64() * sd).clamp(0.0, 100.0);
                let t = format!("{x:.2}");
                if t == "-0.00" { "0.00".into() } else { t }
            }
            _ => score.display(),
        })
    }

    /// A trimmed mean that dropped nothing: fewer than `2k + 1` sheets, so the plain mean.
    pub fn untrimmed(&self, r: &Row) -> bool {
        self.method == Method::Trimmed
            && self.normalize == Normalize::None
            && r.score.is_some()
            && r.sheets <= 2 * self.trim as usize
            && self.trim > 0
    }

    /// The rows of one category, in the same order.
    pub fn category<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a Row> + 'a {
        self.rows.iter().filter(move |r| r.category == category)
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
mod tests;
#[cfg(test)]
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap
)]
mod tests_rules;
