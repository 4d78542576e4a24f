//! The rules a session decides its winners by, as a secretariat's official recap states them:
//! how many totals a trimmed mean drops, how totals are rounded before they are combined,
//! weights per kind of juror, how z-scores are shown, the lines drawn through the standings,
//! the passing grade, and how far from the panel a sheet may lie before the chair is told.
//! Plain data; the standings apply it. A session without rules saves none.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::{Refusal, Result};
use crate::model::Session;
use crate::model::num::to_units;

/// The most decimals a rounding rule may keep.
pub const MAX_DECIMALS: u32 = 6;

/// How far from the panel's median a sheet may lie before the chair is told, in points of 100.
pub const DEFAULT_DIVERGENCE: f64 = 20.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Rules {
    /// How the session combines its totals: "mean", "median" or "trimmed"; `None`: the mean.
    /// A screen or a command may show another for a while; the recap states which.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Totals the trimmed mean drops at each end; `None`: one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trim: Option<u32>,
    /// Each juror's total (or each criterion's share of it) rounded before the totals are
    /// combined, as a secretariat's spreadsheet does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Rounding>,
    /// Kind of juror (the juror's role, compared without case) -> weight of that juror's total
    /// in the mean and the trimmed mean. A juror of a kind not listed weighs 1.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub weights: BTreeMap<String, f64>,
    /// Show z-scores on the rubric's 0-100 scale (the panel's mean plus z times its standard
    /// deviation) rather than as bare z. The order is the z-scores' own.
    #[serde(default, skip_serializing_if = "is_false")]
    pub z_scaled: bool,
    /// Top N across all categories (each category's own Top N is its quota within it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<u32>,
    /// Lines per category id, in place of its `top_n` (a Top 20 and then a Top 10).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lines: BTreeMap<String, Vec<u32>>,
    /// The passing grade in points of 100: an entry passes with a score at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass: Option<f64>,
    /// How far a submitted sheet's total or criterion may lie from the panel's median, in
    /// points of 100, before the chair is told; `None`: [`DEFAULT_DIVERGENCE`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divergence: Option<f64>,
    /// Juror id -> points added to each of that juror's totals, as an exact fraction "n/d":
    /// merged panels calibrated on the entries they shared (`juri merge --calibrate`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub calibration: BTreeMap<String, String>,
}

/// A calibration offset "n/d" (or "n") as a fraction with a positive denominator.
pub fn parse_offset(t: &str) -> Option<(i128, i128)> {
    let (n, d) = match t.split_once('/') {
        Some((n, d)) => (n.trim().parse().ok()?, d.trim().parse().ok()?),
        None => (t.trim().parse().ok()?, 1),
    };
    (d > 0).then_some((n, d))
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rounding {
    pub decimals: u32,
    #[serde(default)]
    pub mode: RoundMode,
    #[serde(default)]
    pub per: RoundPer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RoundMode {
    /// Halves away from zero, as a spreadsheet's ROUND does.
    #[default]
    HalfUp,
    /// Halves to the even neighbour (banker's rounding).
    HalfEven,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RoundPer {
    /// Each juror's total.
    #[default]
    Total,
    /// Each criterion's weighted share of the total, then summed.
    Criterion,
}

impl RoundMode {
    pub fn as_str(self) -> &'static str {
        match self {
            RoundMode::HalfUp => "half-up",
            RoundMode::HalfEven => "half-even",
        }
    }

    /// `num / den` rounded to a whole number (`den > 0`).
    pub fn div(self, num: i128, den: i128) -> i128 {
        let q = num.div_euclid(den);
        let r = num.rem_euclid(den);
        // num / den = q + r / den with 0 <= r < den.
        match (2 * r).cmp(&den) {
            std::cmp::Ordering::Less => q,
            std::cmp::Ordering::Greater => q + 1,
            std::cmp::Ordering::Equal => match self {
                // Away from zero: up for a positive half, down (q) for a negative one.
                RoundMode::HalfUp => {
                    if num >= 0 {
                        q + 1
                    } else {
                        q
                    }
                }
                RoundMode::HalfEven => {
                    if q % 2 == 0 {
                        q
                    } else {
                        q + 1
                    }
                }
            },
        }
    }
}

impl Rules {
    pub fn is_default(&self) -> bool {
        *self == Rules::default()
    }

    /// Totals the trimmed mean drops at each end.
    pub fn trim(&self) -> u32 {
        self.trim.unwrap_or(1)
    }

    pub fn divergence(&self) -> f64 {
        self.divergence.unwrap_or(DEFAULT_DIVERGENCE)
    }

    /// The weight of a juror with this role, in units of 1/10,000 (`None`: no weights).
    pub fn weight_units(&self, role: Option<&str>) -> Option<i64> {
        if self.weights.is_empty() {
            return None;
        }
        let w = role
            .and_then(|r| {
                self.weights
                    .iter()
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case(r.trim()))
            })
            .map_or(1.0, |(_, w)| *w);
        to_units(w)
    }

    /// The lines of a category, largest first: the rules' list for it when they have one
    /// (the chair's, or `juri new`'s when a category has several), else its `top_n`.
    pub fn lines_of(&self, category: &str, top_n: Option<u32>) -> Vec<u32> {
        let mut v: Vec<u32> = match self.lines.get(category) {
            Some(list) => list.clone(),
            None => top_n.into_iter().collect(),
        };
        v.sort_unstable_by(|a, b| b.cmp(a));
        v.dedup();
        v.retain(|&n| n > 0);
        v
    }

    /// What is wrong with these rules, if anything (for `validate` and `juri new`).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(r) = &self.rounding
            && r.decimals > MAX_DECIMALS
        {
            out.push(format!(
                "rounding keeps {} decimals; at most {MAX_DECIMALS}",
                r.decimals
            ));
        }
        for (k, w) in &self.weights {
            if to_units(*w).is_none_or(|u| u <= 0) {
                out.push(format!(
                    "the weight of {k:?} is {w}; a weight is a positive number with at most 4 decimals"
                ));
            }
        }
        if let Some(p) = self.pass
            && (to_units(p).is_none() || !(0.0..=100.0).contains(&p))
        {
            out.push(format!(
                "the passing grade is {p}; it is points of 100 with at most 4 decimals"
            ));
        }
        if let Some(m) = &self.method
            && !["mean", "median", "trimmed"].contains(&m.as_str())
        {
            out.push(format!(
                "the method is {m:?}; it is mean, median or trimmed"
            ));
        }
        for (j, o) in &self.calibration {
            if parse_offset(o).is_none() {
                out.push(format!(
                    "the calibration of {j:?} is {o:?}; it is a fraction n/d"
                ));
            }
        }
        if let Some(d) = self.divergence
            && (to_units(d).is_none() || !(0.0..=100.0).contains(&d))
        {
            out.push(format!(
                "the divergence threshold is {d}; it is points of 100 with at most 4 decimals"
            ));
        }
        out
    }
}

/// A special award the chair gives an entry ("Top 5 Outstanding", a sponsor's award).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Award {
    pub name: String,
    pub entry: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// What a change records: action, subject, old and new values, reason.
type Made = (&'static str, String, Value, Value, Option<String>);

impl Session {
    pub(super) fn set_rules(&mut self, rules: Rules) -> Result<Made> {
        let problems = rules.problems();
        if !problems.is_empty() {
            return Err(Refusal::BadRules(problems.join("; ")).into());
        }
        for c in rules.lines.keys() {
            if self.category(c).is_none() {
                return Err(Refusal::BadRules(format!("there is no category {c:?}")).into());
            }
        }
        let old = std::mem::replace(&mut self.rules, rules);
        Ok((
            "rules.set",
            String::new(),
            json!(old),
            json!(self.rules),
            None,
        ))
    }

    pub(super) fn give_award(&mut self, award: Award) -> Result<Made> {
        if self.entry(&award.entry).is_none() {
            return Err(Refusal::NoEntry(award.entry).into());
        }
        if award.name.trim().is_empty() {
            return Err(Refusal::BadRules("an award needs a name".into()).into());
        }
        let new = json!(award);
        let subject = award.entry.clone();
        self.awards.push(award);
        Ok(("award.give", subject, Value::Null, new, None))
    }

    pub(super) fn withdraw_award(
        &mut self,
        name: String,
        entry: String,
        reason: String,
    ) -> Result<Made> {
        if reason.trim().is_empty() {
            return Err(Refusal::ReasonNeeded.into());
        }
        let Some(i) = self
            .awards
            .iter()
            .position(|a| a.name == name && a.entry == entry)
        else {
            return Err(Refusal::NoAward { name, entry }.into());
        };
        let old = json!(self.awards.remove(i));
        Ok(("award.withdraw", entry, old, Value::Null, Some(reason)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_round_up_or_to_even() {
        let up = RoundMode::HalfUp;
        let even = RoundMode::HalfEven;
        assert_eq!(up.div(25, 10), 3);
        assert_eq!(even.div(25, 10), 2);
        assert_eq!(even.div(35, 10), 4);
        assert_eq!(up.div(-25, 10), -3);
        assert_eq!(even.div(-25, 10), -2);
        assert_eq!(up.div(24, 10), 2);
        assert_eq!(up.div(26, 10), 3);
        assert_eq!(even.div(-26, 10), -3);
    }

    #[test]
    fn no_rules_save_nothing() {
        let r = Rules::default();
        assert!(r.is_default());
        assert_eq!(serde_json::to_string(&r).unwrap(), "{}");
        assert_eq!(r.trim(), 1);
        assert_eq!(r.weight_units(Some("Akademisi")), None);
    }

    #[test]
    fn weights_by_kind_ignore_case_and_default_to_one() {
        let mut r = Rules::default();
        r.weights.insert("akademisi".into(), 2.0);
        assert_eq!(r.weight_units(Some("Akademisi")), Some(20_000));
        assert_eq!(r.weight_units(Some("Jurnalis")), Some(10_000));
        assert_eq!(r.weight_units(None), Some(10_000));
    }

    #[test]
    fn lines_largest_first() {
        let mut r = Rules::default();
        r.lines.insert("NTT".into(), vec![10, 20]);
        assert_eq!(r.lines_of("NTT", Some(20)), vec![20, 10]);
        assert_eq!(r.lines_of("NTT", Some(5)), vec![20, 10]);
        assert_eq!(r.lines_of("X", Some(3)), vec![3]);
        assert_eq!(r.lines_of("X", None), Vec::<u32>::new());
    }
}
