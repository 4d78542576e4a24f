//! The rubric: weighted criteria with their scales, and the built-in presets.

use serde::{Deserialize, Serialize};

use crate::error::ValueError;
use crate::model::num::{UNIT, to_units};

/// A text in both languages of the competition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Text {
    pub en: String,
    pub id: String,
}

impl Text {
    pub fn new(en: &str, id: &str) -> Self {
        Text {
            en: en.into(),
            id: id.into(),
        }
    }

    /// The text in `lang` ("id" for Bahasa Indonesia, anything else English), falling back to
    /// the other language when one is empty.
    pub fn get(&self, lang: &str) -> &str {
        let (first, second) = if lang == "id" {
            (&self.id, &self.en)
        } else {
            (&self.en, &self.id)
        };
        if first.is_empty() { second } else { first }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub description: Text,
    pub weight: f64,
    pub min: f64,
    pub max: f64,
    pub step: f64,
}

impl Criterion {
    /// Why `value` cannot be given for this criterion, if it cannot.
    pub fn check_value(&self, value: f64) -> Result<i64, ValueError> {
        let Some(v) = to_units(value) else {
            return Err(ValueError::TooPrecise { value });
        };
        let (min, max, step) = self.units();
        if v < min {
            return Err(ValueError::BelowMin {
                value,
                min: self.min,
            });
        }
        if v > max {
            return Err(ValueError::AboveMax {
                value,
                max: self.max,
            });
        }
        if step > 0 && (v - min) % step != 0 {
            return Err(ValueError::OffStep {
                value,
                step: self.step,
                from: self.min,
            });
        }
        Ok(v)
    }

    /// (min, max, step) in units of 1/10,000; only meaningful on a validated rubric.
    pub fn units(&self) -> (i64, i64, i64) {
        (
            to_units(self.min).unwrap_or(0),
            to_units(self.max).unwrap_or(UNIT),
            to_units(self.step).unwrap_or(0),
        )
    }

    pub fn weight_units(&self) -> i64 {
        to_units(self.weight).unwrap_or(0)
    }

    /// Whether a juror who typed `typed` (digits and at most one '.') may still be on the way
    /// to another value of the scale: "10" to "100", "7" to "7.5" on a step of 0.5, "5" to
    /// "55" on a scale from 10. What cannot grow is the value the juror chose; what can is
    /// kept until they move on.
    pub fn may_grow(&self, typed: &str) -> bool {
        let (min, max, step) = self.units();
        // Is some value of the scale in [lo, hi)?
        let any_in = |lo: i128, hi: i128| {
            let lo = lo.max(i128::from(min));
            let hi = (hi - 1).min(i128::from(max));
            if lo > hi {
                return false;
            }
            if step <= 0 {
                return true;
            }
            let step = i128::from(step);
            let from_min = lo - i128::from(min);
            let first = i128::from(min) + (from_min + step - 1).div_euclid(step) * step;
            first <= hi
        };
        let unit = i128::from(UNIT);
        let (int, frac) = match typed.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (typed, None),
        };
        if !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit()))
        {
            return false;
        }
        // Up to 18 integer digits fit; no scale reaches that far.
        let Ok(whole) = (if int.is_empty() {
            Ok(0)
        } else {
            int.parse::<i128>()
        }) else {
            return false;
        };
        if int.len() > 18 {
            return false;
        }
        match frac {
            Some(f) => {
                // More decimals: values in [x, x + 10^-len), other than x itself.
                let places = f.len() as u32;
                if places >= 4 {
                    return false;
                }
                let digits = if f.is_empty() {
                    0
                } else {
                    f.parse::<i128>().unwrap_or(0)
                };
                let x = whole * unit + digits * 10i128.pow(4 - places);
                any_in(x + 1, x + 10i128.pow(4 - places))
            }
            None => {
                // Decimals: values strictly between x and x + 1.
                let x = whole * unit;
                if any_in(x + 1, x + unit) {
                    return true;
                }
                // More digits, unless the number is a leading zero.
                if int.is_empty() || whole == 0 {
                    return false;
                }
                let mut scale: i128 = 10;
                while whole * scale * unit <= i128::from(max) {
                    if any_in(whole * scale * unit, (whole + 1) * scale * unit) {
                        return true;
                    }
                    scale *= 10;
                }
                false
            }
        }
    }

    /// The nearest valid value `steps` steps away from `value` (or from the scale's middle).
    pub fn stepped(&self, value: Option<f64>, steps: i64) -> f64 {
        let (min, max, step) = self.units();
        let step = if step > 0 { step } else { UNIT };
        let start = match value.and_then(to_units) {
            Some(v) => min + ((v - min) / step) * step,
            None if steps >= 0 => min - step,
            None => max + step,
        };
        let v = (start + steps * step).clamp(min, min + (max - min) / step * step);
        crate::model::num::from_units(v)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rubric {
    pub name: String,
    pub criteria: Vec<Criterion>,
    /// Planned length of the presentation phase, in seconds.
    pub presentation_seconds: u32,
    /// Planned length of the interview phase, in seconds.
    pub interview_seconds: u32,
}

impl Rubric {
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    pub fn preset(name: &str) -> Option<Rubric> {
        match name {
            "kipp" => Some(kipp(0.0, 100.0, 1.0, "kipp")),
            "kipp-10" => Some(kipp(1.0, 10.0, 0.5, "kipp-10")),
            _ => None,
        }
    }

    pub const PRESETS: [&'static str; 2] = ["kipp", "kipp-10"];
}

fn kipp(min: f64, max: f64, step: f64, name: &str) -> Rubric {
    let c = |id: &str, en: &str, idn: &str, w: f64, den: &str, did: &str| Criterion {
        id: id.into(),
        name: Text::new(en, idn),
        description: Text::new(den, did),
        weight: w,
        min,
        max,
        step,
    };
    Rubric {
        name: name.into(),
        criteria: vec![
            c(
                "problem",
                "Problem analysis",
                "Analisis masalah",
                10.0,
                "How clearly the public-service problem and its causes are shown.",
                "Kejelasan masalah pelayanan publik dan penyebabnya.",
            ),
            c(
                "novelty",
                "Novelty",
                "Kebaruan / keunikan",
                15.0,
                "What is new or unique compared with earlier ways and other places.",
                "Hal yang baru atau unik dibanding cara sebelumnya dan daerah lain.",
            ),
            c(
                "implementation",
                "Implementation and effectiveness",
                "Implementasi / efektivitas",
                10.0,
                "How the innovation is carried out and whether it works as intended.",
                "Pelaksanaan inovasi dan keefektifannya mencapai tujuan.",
            ),
            c(
                "impact",
                "Impact and public benefit",
                "Dampak dan kemanfaatan",
                15.0,
                "Measured change before and after, and who benefits.",
                "Perubahan terukur sebelum dan sesudah, serta penerima manfaat.",
            ),
            c(
                "sustainability",
                "Sustainability",
                "Keberlanjutan",
                10.0,
                "Rules, budget, people and institutions that keep it going.",
                "Regulasi, anggaran, SDM dan kelembagaan yang menjamin keberlanjutan.",
            ),
            c(
                "replicability",
                "Replicability",
                "Replikasi",
                10.0,
                "Whether others can adopt it, and whether they already have.",
                "Kemungkinan dan bukti inovasi ditiru oleh unit atau daerah lain.",
            ),
            c(
                "presentation",
                "Presentation",
                "Penyajian",
                15.0,
                "Clarity, structure and use of time in the presentation.",
                "Kejelasan, sistematika dan ketepatan waktu penyajian.",
            ),
            c(
                "interview",
                "Interview answers",
                "Wawancara",
                15.0,
                "Mastery and honesty of the answers to the panel's questions.",
                "Penguasaan dan ketepatan jawaban atas pertanyaan panel.",
            ),
        ],
        presentation_seconds: 7 * 60,
        interview_seconds: 13 * 60,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_typed_value_may_grow_only_towards_another_value_of_the_scale() {
        let c = |min: f64, max: f64, step: f64| super::Criterion {
            id: "c".into(),
            name: super::Text::new("c", "c"),
            description: Default::default(),
            weight: 1.0,
            min,
            max,
            step,
        };
        let hundred = c(0.0, 100.0, 1.0);
        for t in ["1", "8", "10", "9"] {
            assert!(hundred.may_grow(t), "{t} on 0-100");
        }
        // "7." is no nearer to another whole number: the screen waits for it anyway.
        for t in ["85", "100", "105", "0", "7.5", "7.0", "150", "15", "7."] {
            assert!(!hundred.may_grow(t), "{t} on 0-100");
        }
        let ten = c(1.0, 10.0, 0.5);
        for t in ["1", "7", "7.", "9"] {
            assert!(ten.may_grow(t), "{t} on 1-10 by 0.5");
        }
        for t in ["7.5", "10", "7.25", "2"] {
            assert_eq!(ten.may_grow(t), t == "2", "{t} on 1-10 by 0.5");
        }
        let from_ten = c(10.0, 100.0, 5.0);
        assert!(from_ten.may_grow("5"), "5 on the way to 55");
        assert!(!from_ten.may_grow("55"));
        let free = c(0.0, 1.0, 0.0);
        assert!(free.may_grow("0.2") && !free.may_grow("0.2525") && !free.may_grow("1"));
        assert!(!hundred.may_grow("1x") && !hundred.may_grow("99999999999999999999"));
    }

    use super::*;

    #[test]
    fn kipp_preset_has_eight_criteria_weighing_100() {
        let r = Rubric::preset("kipp").unwrap();
        assert_eq!(r.criteria.len(), 8);
        let total: f64 = r.criteria.iter().map(|c| c.weight).sum();
        assert_eq!(total, 100.0);
        assert_eq!(r.presentation_seconds, 420);
        assert_eq!(r.interview_seconds, 780);
        assert_eq!(
            r.criterion("novelty").unwrap().name.get("id"),
            "Kebaruan / keunikan"
        );
    }

    #[test]
    fn values_are_checked_against_scale_and_step() {
        let r = Rubric::preset("kipp-10").unwrap();
        let c = &r.criteria[0];
        assert_eq!(c.check_value(7.5), Ok(75_000));
        assert_eq!(
            c.check_value(7.3).unwrap_err().to_string(),
            "7.3 is not on the scale's step of 0.5 from 1"
        );
        assert_eq!(
            c.check_value(0.5).unwrap_err().to_string(),
            "0.5 is below the scale minimum 1"
        );
        assert_eq!(
            c.check_value(10.5).unwrap_err().to_string(),
            "10.5 is above the scale maximum 10"
        );
        let k = Rubric::preset("kipp").unwrap();
        assert_eq!(
            k.criteria[0].check_value(101.0).unwrap_err().to_string(),
            "101 is above the scale maximum 100"
        );
    }

    #[test]
    fn stepping_stays_on_the_scale() {
        let r = Rubric::preset("kipp-10").unwrap();
        let c = &r.criteria[0];
        assert_eq!(c.stepped(Some(7.5), 1), 8.0);
        assert_eq!(c.stepped(Some(10.0), 1), 10.0);
        assert_eq!(c.stepped(Some(1.0), -3), 1.0);
        assert_eq!(c.stepped(None, 1), 1.0);
        assert_eq!(c.stepped(None, -1), 10.0);
    }

    #[test]
    fn text_falls_back_to_the_other_language() {
        let t = Text::new("Novelty", "");
        assert_eq!(t.get("id"), "Novelty");
        assert_eq!(crate::i18n::fmt_num(7.50), "7.5");
        assert_eq!(crate::i18n::fmt_num(100.0), "100");
    }
}
