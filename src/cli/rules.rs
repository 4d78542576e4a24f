//! The rules options shared by `juri new`, `juri standings` and `juri export`: trimming,
//! rounding, weights per kind of juror, z-scores on the rubric's scale, the passing grade and
//! the divergence threshold. `new` keeps them in the session; the others apply them to one run.

use clap::Args;

use crate::error::{Error, Result};
use crate::model::Rules;
use crate::model::rules::{RoundMode, RoundPer, Rounding};

#[derive(Debug, Args, Default, Clone)]
pub struct RulesArgs {
    /// Totals the trimmed mean drops at each end (default 1; diving drops 2 of 7). With fewer
    /// than 2K+1 sheets an entry's score is the plain mean, and it is marked.
    #[arg(long, value_name = "K")]
    pub trim: Option<u32>,
    /// Round each juror's total to N decimals before combining the totals, as a
    /// secretariat's spreadsheet does.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=6))]
    pub round: Option<u32>,
    /// How halves are rounded: half-up (away from zero, as a spreadsheet's ROUND) or half-even.
    #[arg(long, value_enum, requires = "round")]
    pub round_mode: Option<RoundModeArg>,
    /// Round each criterion's weighted share instead of the juror's total.
    #[arg(long, requires = "round")]
    pub round_each_criterion: bool,
    /// Weight of a kind of juror (the jurors CSV's role) in the mean and the trimmed mean, as
    /// KIND=W; repeat for each kind. Kinds not named weigh 1.
    #[arg(long = "weight", value_name = "KIND=W")]
    pub weights: Vec<String>,
    /// With --normalize zscore: show z-scores on the rubric's 0-100 scale (the panel's mean
    /// plus z times its standard deviation); the order is the z-scores' own.
    #[arg(long)]
    pub z_scaled: bool,
    /// The passing grade in points of 100: who scores at least this passes.
    #[arg(long, value_name = "POINTS")]
    pub pass: Option<f64>,
    /// How far a sheet's total or a criterion may lie from the panel's median before the
    /// chair is told, in points of 100 (default 20).
    #[arg(long, value_name = "POINTS")]
    pub divergence: Option<f64>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoundModeArg {
    HalfUp,
    HalfEven,
}

impl RulesArgs {
    /// These options over `rules` (what is not given stays as it was).
    pub fn apply(&self, rules: &mut Rules) -> Result<()> {
        if let Some(k) = self.trim {
            rules.trim = Some(k);
        }
        if let Some(d) = self.round {
            rules.rounding = Some(Rounding {
                decimals: d,
                mode: match self.round_mode {
                    Some(RoundModeArg::HalfEven) => RoundMode::HalfEven,
                    _ => RoundMode::HalfUp,
                },
                per: if self.round_each_criterion {
                    RoundPer::Criterion
                } else {
                    RoundPer::Total
                },
            });
        }
        for w in &self.weights {
            let (kind, x) = w
                .rsplit_once('=')
                .and_then(|(k, x)| Some((k.trim(), x.trim().parse::<f64>().ok()?)))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| Error::usage(format!("--weight {w:?} is not KIND=W")))?;
            rules.weights.insert(kind.to_string(), x);
        }
        if self.z_scaled {
            rules.z_scaled = true;
        }
        if let Some(p) = self.pass {
            rules.pass = Some(p);
        }
        if let Some(d) = self.divergence {
            rules.divergence = Some(d);
        }
        let problems = rules.problems();
        if !problems.is_empty() {
            return Err(Error::usage(problems.join("; ")));
        }
        Ok(())
    }
}
