//! A competition as a chain of stages (administrative check, desk evaluation, presentation and
//! interview): the scores an entry earned in earlier stages, their weights, and the link to
//! the previous stage's session file. The final score is the weighted sum of the stages'
//! scores, exactly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::num::{Ratio, UNIT, to_units};

/// The earlier stages of this session's competition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Chain {
    /// Earlier stages, oldest first. This stage weighs what their weights leave of 100.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<EarlierStage>,
    /// The session file this one was advanced from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Link>,
}

/// One earlier stage: its name, its weight in percent and each entry's score (0-100) in it,
/// written exactly: a decimal ("85.25") or a fraction ("254/3").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierStage {
    pub name: String,
    /// Percent of the final score, at most 4 decimals, as written ("40").
    pub weight: String,
    pub scores: BTreeMap<String, String>,
}

/// Where a session came from: the previous stage's file, its session id and its fingerprint
/// as `juri verify` printed it when the entries were advanced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub file: String,
    pub session: String,
    pub fingerprint: String,
}

/// A weight or score as written, read exactly: a decimal of any length, or `a/b`.
pub fn parse_exact(text: &str) -> Option<Ratio> {
    let t = text.trim();
    if let Some((a, b)) = t.split_once('/') {
        let (a, b): (i128, i128) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        return (b > 0).then(|| Ratio::new(a, b));
    }
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.is_empty() && frac.is_empty()
        || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
        || int.len() + frac.len() > 30
    {
        return None;
    }
    let digits: i128 = format!("{int}{frac}").parse().ok()?;
    let den = 10i128.checked_pow(u32::try_from(frac.len()).ok()?)?;
    Some(Ratio::new(if neg { -digits } else { digits }, den))
}

/// A score written exactly: a decimal when it has at most 6 decimals, else a fraction.
pub fn exact_text(r: Ratio) -> String {
    for d in 0..=6u32 {
        let scale = 10i128.pow(d);
        if (r.num() * scale) % r.den() == 0 {
            return r.fixed(d);
        }
    }
    format!("{}/{}", r.num(), r.den())
}

impl EarlierStage {
    /// The weight as an exact percent.
    pub fn weight(&self) -> Option<Ratio> {
        let w = self.weight.trim().parse::<f64>().ok()?;
        to_units(w).map(|u| Ratio::new(i128::from(u), i128::from(UNIT)))
    }

    pub fn score(&self, entry: &str) -> Option<Ratio> {
        self.scores.get(entry).and_then(|t| parse_exact(t))
    }
}

impl Chain {
    /// What this stage weighs: 100 less the earlier stages' weights.
    pub fn this_weight(&self) -> Ratio {
        let mut num = Ratio::int(100);
        for s in &self.stages {
            if let Some(w) = s.weight() {
                num = Ratio::new(
                    num.num() * w.den() - w.num() * num.den(),
                    num.den() * w.den(),
                );
            }
        }
        num
    }

    /// The formula, e.g. "40% desk + 60% this stage", with `this` naming this stage.
    pub fn formula(&self, this: &str) -> String {
        let mut parts: Vec<String> = self
            .stages
            .iter()
            .map(|s| format!("{}% {}", s.weight.trim(), s.name))
            .collect();
        parts.push(format!("{}% {this}", exact_text(self.this_weight())));
        parts.join(" + ")
    }

    /// Whether earlier stages count toward the final score.
    pub fn combines(&self) -> bool {
        !self.stages.is_empty()
    }
}

impl crate::model::Session {
    /// The session with only the entries of one group (*kelompok*, in any case) and their
    /// sheets and clocks: standings of that group, ranked among themselves.
    pub fn group_only(&self, group: &str) -> crate::model::Session {
        let g = group.trim().to_lowercase();
        let mut s = self.clone();
        s.entries
            .retain(|e| e.group.as_deref().is_some_and(|x| x.to_lowercase() == g));
        let keep = |id: &str| s.entries.iter().any(|e| e.id == id);
        let scores = s
            .scores
            .iter()
            .filter(|x| keep(&x.entry))
            .cloned()
            .collect();
        let timers = s
            .timers
            .iter()
            .filter(|x| keep(&x.entry))
            .cloned()
            .collect();
        s.scores = scores;
        s.timers = timers;
        s.reindex();
        s
    }

    /// The groups of the entries, in order of first appearance.
    pub fn groups(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for g in self.entries.iter().filter_map(|e| e.group.as_deref()) {
            if !out.contains(&g) {
                out.push(g);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_numbers_read_and_write_back() {
        assert_eq!(parse_exact("85.25"), Some(Ratio::new(341, 4)));
        assert_eq!(parse_exact("254/3"), Some(Ratio::new(254, 3)));
        assert_eq!(
            parse_exact("0.1234567"),
            Some(Ratio::new(1234567, 10_000_000))
        );
        assert_eq!(parse_exact("x"), None);
        assert_eq!(parse_exact("1/0"), None);
        assert_eq!(parse_exact(""), None);
        for t in ["85.25", "254/3", "70", "0.125"] {
            assert_eq!(exact_text(parse_exact(t).unwrap()), t);
        }
    }

    #[test]
    fn this_stage_weighs_what_the_earlier_ones_leave() {
        let c = Chain {
            stages: vec![EarlierStage {
                name: "desk".into(),
                weight: "40".into(),
                scores: BTreeMap::new(),
            }],
            previous: None,
        };
        assert_eq!(c.this_weight(), Ratio::int(60));
        assert_eq!(c.formula("presentation"), "40% desk + 60% presentation");
    }
}
