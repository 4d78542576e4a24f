//! Sheets far from the panel: a submitted sheet whose total, or one criterion, lies more than
//! the session's threshold (points of 100) from the panel's median for that entry. For the
//! chair alone, after the sheets are submitted: jurors never see it before they submit, so
//! each score stays independent. Exact: a distance equal to the threshold is not flagged.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Signed;

use super::ticks::Ticks;
use crate::error::Result;
use crate::model::Session;
use crate::model::num::{Ratio, UNIT, to_units};

/// One flagged sheet: a total (`criterion` is `None`) or one criterion's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Divergence {
    pub entry: String,
    pub juror: String,
    pub criterion: Option<String>,
    /// The juror's total in points, or the criterion's value on its own scale.
    pub value: Ratio,
    /// The panel's median of the same.
    pub median: Ratio,
    /// How far apart, in points of 100.
    pub distance: f64,
}

fn big(r: Ratio) -> BigRational {
    BigRational::new(BigInt::from(r.num()), BigInt::from(r.den()))
}

fn small(r: &BigRational) -> Ratio {
    use num_traits::ToPrimitive;
    match (r.numer().to_i128(), r.denom().to_i128()) {
        (Some(n), Some(d)) => Ratio::new(n, d),
        _ => Ratio::new(0, 1),
    }
}

fn median(mut v: Vec<BigRational>) -> BigRational {
    v.sort();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2].clone()
    } else {
        (&v[n / 2 - 1] + &v[n / 2]) / BigRational::from_integer(2.into())
    }
}

/// Every flagged sheet of the session, in agenda and panel order, totals before criteria.
pub fn divergences(s: &Session) -> Result<Vec<Divergence>> {
    let threshold = BigRational::new(
        BigInt::from(to_units(s.rules.divergence()).unwrap_or(20 * UNIT)),
        BigInt::from(UNIT),
    );
    let ticks = Ticks::new(s)?;
    let hundred = BigRational::from_integer(100.into());
    let mut out = Vec::new();
    for e in &s.entries {
        let sheets: Vec<_> = s
            .jurors
            .iter()
            .filter(|j| !s.conflicted(&j.id, &e.id))
            .filter_map(|j| s.sheet(&e.id, &j.id).filter(|sh| sh.is_submitted()))
            .collect();
        if sheets.len() < 2 {
            continue;
        }
        let totals: Vec<BigRational> = sheets
            .iter()
            .map(|sh| big(ticks.points(ticks.total(s, &sh.values), 1)))
            .collect();
        let m = median(totals.clone());
        for (sh, t) in sheets.iter().zip(&totals) {
            let d = (t - &m).abs();
            if d > threshold {
                out.push(Divergence {
                    entry: e.id.clone(),
                    juror: sh.juror.to_string(),
                    criterion: None,
                    value: small(t),
                    median: small(&m),
                    distance: small(&d).to_f64(),
                });
            }
        }
        for c in &s.rubric.criteria {
            let (min, max, _) = c.units();
            let range = i128::from(max - min);
            if range <= 0 {
                continue;
            }
            let vals: Vec<BigRational> = sheets
                .iter()
                .map(|sh| {
                    let u = sh
                        .values
                        .get(&c.id)
                        .copied()
                        .and_then(to_units)
                        .unwrap_or(0);
                    BigRational::new(BigInt::from(u), BigInt::from(UNIT))
                })
                .collect();
            let m = median(vals.clone());
            // Points of 100 of the criterion's own range.
            let scale = &hundred * BigRational::from_integer(UNIT.into())
                / BigRational::from_integer(range.into());
            for (sh, v) in sheets.iter().zip(&vals) {
                let d = (v - &m).abs() * &scale;
                if d > threshold {
                    out.push(Divergence {
                        entry: e.id.clone(),
                        juror: sh.juror.to_string(),
                        criterion: Some(c.id.clone()),
                        value: small(v),
                        median: small(&m),
                        distance: small(&d).to_f64(),
                    });
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{session, submit};
    use super::*;

    #[test]
    fn a_criterion_far_from_the_median_is_flagged_exactly_past_the_threshold() {
        // Two criteria of 0-100 and 1-10 (weights equal).
        let mut s = session(&[("novelty", 1.0, 100.0), ("impact", 1.0, 100.0)], 1, 3);
        submit(&mut s, "E1", "J1", &[85.0, 80.0]);
        submit(&mut s, "E1", "J2", &[84.0, 80.0]);
        submit(&mut s, "E1", "J3", &[20.0, 60.0]);
        let d = divergences(&s).unwrap();
        // J3's Novelty is 64 from the median 84; its total 40 is 42 from 82.
        let novelty: Vec<_> = d.iter().filter(|x| x.criterion.is_some()).collect();
        assert_eq!(novelty.len(), 1);
        assert_eq!(novelty[0].juror, "J3");
        assert_eq!(novelty[0].median, Ratio::int(84));
        assert_eq!(d.iter().filter(|x| x.criterion.is_none()).count(), 1);
        // Impact: 20 from the median exactly, not past it.
        assert!(!d.iter().any(|x| x.criterion.as_deref() == Some("impact")));
        s.rules.divergence = Some(19.9999);
        let d = divergences(&s).unwrap();
        assert!(d.iter().any(|x| x.criterion.as_deref() == Some("impact")));
        s.rules.divergence = Some(70.0);
        assert!(divergences(&s).unwrap().is_empty());
    }
}
