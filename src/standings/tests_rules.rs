//! The session's rules (trimming k, rounding, weights per kind of juror, z-scores on the
//! rubric's scale) against a reference written here: every juror total and every aggregate
//! in exact fractions of big integers, straight from the rubric's formula.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use proptest::prelude::*;

use super::tests::{session, submit};
use super::*;
use crate::model::Session;
use crate::model::num::to_units;
use crate::model::rules::{RoundMode, RoundPer, Rounding};

fn big(x: f64) -> BigRational {
    BigRational::new(BigInt::from(to_units(x).unwrap()), BigInt::from(10_000))
}

/// `x` rounded to `d` decimals: halves away from zero, or to the even neighbour.
fn round(x: &BigRational, d: u32, mode: RoundMode) -> BigRational {
    let pow = BigRational::from_integer(BigInt::from(10).pow(d));
    let y = x * &pow;
    let fl = y.floor();
    let frac = &y - &fl;
    let half = BigRational::new(1.into(), 2.into());
    let r = if frac > half {
        fl + BigRational::from_integer(1.into())
    } else if frac < half {
        fl
    } else {
        match mode {
            RoundMode::HalfUp if y.is_negative() => fl,
            RoundMode::HalfUp => fl + BigRational::from_integer(1.into()),
            RoundMode::HalfEven => {
                if (fl.to_integer() % BigInt::from(2)).is_zero() {
                    fl
                } else {
                    fl + BigRational::from_integer(1.into())
                }
            }
        }
    };
    r / pow
}

/// Each counted juror's total (panel order) with the juror's weight.
fn reference_totals(s: &Session, entry: &str) -> Vec<(BigRational, BigRational)> {
    let wsum: BigRational = s.rubric.criteria.iter().map(|c| big(c.weight)).sum();
    let hundred = BigRational::from_integer(100.into());
    let mut out = Vec::new();
    for j in &s.jurors {
        let Some(sh) = s
            .scores
            .iter()
            .find(|x| x.entry == entry && x.juror == j.id.as_str() && x.is_submitted())
        else {
            continue;
        };
        let shares: Vec<BigRational> = s
            .rubric
            .criteria
            .iter()
            .map(|c| {
                let v = big(sh.values.get(&c.id).copied().unwrap_or(0.0));
                &hundred * big(c.weight) * v / big(c.max) / &wsum
            })
            .collect();
        let total = match s.rules.rounding {
            None => shares.iter().sum(),
            Some(Rounding {
                decimals,
                mode,
                per: RoundPer::Total,
            }) => round(&shares.iter().sum(), decimals, mode),
            Some(Rounding {
                decimals,
                mode,
                per: RoundPer::Criterion,
            }) => shares.iter().map(|x| round(x, decimals, mode)).sum(),
        };
        let w = s
            .rules
            .weights
            .iter()
            .find(|(k, _)| Some(k.to_lowercase()) == j.role.as_ref().map(|r| r.to_lowercase()))
            .map_or_else(|| big(1.0), |(_, w)| big(*w));
        out.push((total, w));
    }
    out
}

fn reference_score(s: &Session, entry: &str, method: Method) -> Option<BigRational> {
    let mut v = reference_totals(s, entry);
    if v.is_empty() {
        return None;
    }
    // Stable: equal totals keep panel order.
    v.sort_by(|a, b| a.0.cmp(&b.0));
    let n = v.len();
    let k = s.rules.trim() as usize;
    let kept = match method {
        Method::Median => {
            let mid = n / 2;
            return Some(if n % 2 == 1 {
                v[mid].0.clone()
            } else {
                (&v[mid - 1].0 + &v[mid].0) / BigRational::from_integer(2.into())
            });
        }
        Method::Trimmed if n > 2 * k => &v[k..n - k],
        _ => &v[..],
    };
    let num: BigRational = kept.iter().map(|(t, w)| t * w).sum();
    let den: BigRational = kept.iter().map(|(_, w)| w.clone()).sum();
    Some(num / den)
}

fn exact(score: &Score) -> BigRational {
    match score {
        Score::Points(r) => BigRational::new(r.num().into(), r.den().into()),
        Score::Z(_) => panic!("points expected"),
    }
}

fn check(s: &Session, method: Method) -> std::result::Result<(), TestCaseError> {
    let st = compute(
        s,
        &Options {
            method,
            normalize: Normalize::None,
            tie_break: Some(vec![]),
        },
    )
    .unwrap();
    let mut scored: Vec<(String, BigRational)> = Vec::new();
    for e in &s.entries {
        let want = reference_score(s, &e.id, method);
        let row = st.rows.iter().find(|r| r.entry == e.id).unwrap();
        let got = row.score.as_ref().map(exact);
        prop_assert_eq!(&got, &want, "{} {:?} {:?}", e.id, method, s.rules);
        if let Some(w) = want {
            scored.push((e.id.clone(), w));
        }
        let flagged = st.untrimmed(row);
        let k = s.rules.trim() as usize;
        prop_assert_eq!(
            flagged,
            method == Method::Trimmed && k > 0 && row.sheets >= 1 && row.sheets <= 2 * k
        );
    }
    // Competition ranks from the reference's scores.
    for (id, x) in &scored {
        let better = scored.iter().filter(|(_, y)| y > x).count();
        let row = st.rows.iter().find(|r| &r.entry == id).unwrap();
        prop_assert_eq!(row.rank, Some(better as u32 + 1), "{}", id);
    }
    Ok(())
}

const ROLES: [&str; 4] = ["Akademisi", "Jurnalis", "LSM", "Praktisi"];

fn arb_ruled() -> impl Strategy<Value = Session> {
    (
        prop::collection::vec((1u32..=5, 1u32..=5, 0u32..=3), 1..=3),
        1usize..=6,
        1usize..=7,
        0u32..=3,
        prop::option::of((0u32..=2, any::<bool>(), any::<bool>())),
        prop::option::of(prop::collection::vec(1u32..=8, 4)),
        any::<u64>(),
    )
        .prop_map(|(crit, ne, nj, trim, rounding, weights, seed)| {
            let ids: Vec<String> = (0..crit.len()).map(|i| format!("c{i}")).collect();
            // Maxima of 7, 30 or 11 give totals with long decimals, where rounding matters;
            // 8 and 40 give exact halves, where the two modes differ.
            let spec: Vec<(&str, f64, f64)> = crit
                .iter()
                .zip(&ids)
                .map(|((w, m, _), id)| {
                    (
                        id.as_str(),
                        f64::from(*w),
                        [7.0, 8.0, 30.0, 11.0, 40.0][*m as usize - 1],
                    )
                })
                .collect();
            let mut s = session(&spec, ne, nj);
            for (i, j) in s.jurors.iter_mut().enumerate() {
                j.role = Some(ROLES[i % 4].to_string());
            }
            s.rules.trim = Some(trim);
            s.rules.rounding = rounding.map(|(d, even, per_c)| Rounding {
                decimals: d,
                mode: if even {
                    RoundMode::HalfEven
                } else {
                    RoundMode::HalfUp
                },
                per: if per_c {
                    RoundPer::Criterion
                } else {
                    RoundPer::Total
                },
            });
            if let Some(w) = weights {
                for (r, x) in ROLES.iter().zip(w) {
                    // Lower case in the rules: kinds match without case.
                    s.rules.weights.insert(r.to_lowercase(), f64::from(x) / 2.0);
                }
            }
            let mut x = seed;
            let mut next = move || {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                x >> 33
            };
            for e in 1..=ne {
                for j in 1..=nj {
                    if next() % 5 == 0 {
                        continue;
                    }
                    let vals: Vec<f64> = spec
                        .iter()
                        .map(|(_, _, m)| (next() % (*m as u64 + 1)) as f64)
                        .collect();
                    submit(&mut s, &format!("E{e}"), &format!("J{j}"), &vals);
                }
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn prop_rules_match_the_exact_reference(s in arb_ruled(), m in 0usize..3) {
        check(&s, Method::ALL[m])?;
    }
}

#[test]
fn trimming_two_of_seven_as_diving_does() {
    let mut s = session(&[("x", 1.0, 10.0)], 1, 7);
    for (j, v) in [9.0, 8.0, 7.0, 7.0, 6.0, 2.0, 10.0].iter().enumerate() {
        submit(&mut s, "E1", &format!("J{}", j + 1), &[*v]);
    }
    s.rules.trim = Some(2);
    let o = |method| Options {
        method,
        ..Default::default()
    };
    let st = compute(&s, &o(Method::Trimmed)).unwrap();
    // 2, 6 | 7, 7, 8 | 9, 10: (70 + 70 + 80) / 3.
    assert_eq!(st.rows[0].score.as_ref().unwrap().display(), "73.33");
    assert!(!st.untrimmed(&st.rows[0]));
    s.rules.trim = Some(4);
    let st = compute(&s, &o(Method::Trimmed)).unwrap();
    let mean = compute(&s, &o(Method::Mean)).unwrap();
    assert_eq!(st.rows[0].score, mean.rows[0].score);
    assert!(st.untrimmed(&st.rows[0]));
}

#[test]
fn rounding_half_up_and_half_even_split_a_half() {
    // One criterion out of 8: a value of 1 is 12.5 points.
    let mut s = session(&[("x", 1.0, 8.0)], 1, 1);
    submit(&mut s, "E1", "J1", &[1.0]);
    let shown = |s: &Session| {
        let st = compute(s, &Options::default()).unwrap();
        st.rows[0].score.as_ref().unwrap().display()
    };
    assert_eq!(shown(&s), "12.50");
    s.rules.rounding = Some(Rounding {
        decimals: 0,
        mode: RoundMode::HalfUp,
        per: RoundPer::Total,
    });
    assert_eq!(shown(&s), "13.00");
    s.rules.rounding = Some(Rounding {
        decimals: 0,
        mode: RoundMode::HalfEven,
        per: RoundPer::Total,
    });
    assert_eq!(shown(&s), "12.00");
}

#[test]
fn weights_per_kind_of_juror() {
    let mut s = session(&[("x", 1.0, 100.0)], 1, 3);
    s.jurors[0].role = Some("Akademisi".into());
    s.jurors[1].role = Some("Jurnalis".into());
    s.jurors[2].role = Some("LSM/NGO".into());
    for (j, v) in [90.0, 60.0, 30.0].iter().enumerate() {
        submit(&mut s, "E1", &format!("J{}", j + 1), &[*v]);
    }
    s.rules.weights.insert("akademisi".into(), 2.0);
    let st = compute(&s, &Options::default()).unwrap();
    // (2 * 90 + 60 + 30) / 4.
    assert_eq!(st.rows[0].score.as_ref().unwrap().display(), "67.50");
}

#[test]
fn zscores_shown_on_the_rubrics_scale_keep_their_order() {
    let mut s = session(&[("x", 1.0, 100.0)], 3, 2);
    for (e, a, b) in [(1, 80.0, 70.0), (2, 60.0, 90.0), (3, 50.0, 40.0)] {
        submit(&mut s, &format!("E{e}"), "J1", &[a]);
        submit(&mut s, &format!("E{e}"), "J2", &[b]);
    }
    let z = Options {
        normalize: Normalize::Zscore,
        ..Default::default()
    };
    let bare = compute(&s, &z).unwrap();
    s.rules.z_scaled = true;
    let scaled = compute(&s, &z).unwrap();
    let order = |st: &Standings| st.rows.iter().map(|r| r.entry.clone()).collect::<Vec<_>>();
    assert_eq!(order(&bare), order(&scaled));
    assert!(bare.z_scale.is_none());
    let texts: Vec<f64> = scaled
        .rows
        .iter()
        .map(|r| scaled.score_text(r).unwrap().parse().unwrap())
        .collect();
    assert!(texts.windows(2).all(|w| w[0] >= w[1]), "{texts:?}");
    assert!(texts.iter().all(|x| (0.0..=100.0).contains(x)));
    // The panel's mean is 65: an entry with z = 0 would show 65.00.
    let (mean, _) = scaled.z_scale.unwrap();
    assert!((mean - 65.0).abs() < 1e-9);
}

/// The chair's rules and awards go through the audit log: `verify` replays them, and a rule
/// or an award edited in the file or in the log is caught.
#[test]
fn rules_and_awards_replay_and_edits_are_caught() {
    use crate::model::{Award, Change};
    let mut s = session(&[("x", 1.0, 100.0)], 3, 2);
    s.rules.pass = Some(80.0);
    let t = super::tests::now();
    let mut rules = s.rules.clone();
    rules.overall = Some(2);
    rules.lines.insert("A".into(), vec![2, 1]);
    s.apply("chair", Change::SetRules { rules }, t).unwrap();
    let award = |name: &str, entry: &str| Award {
        name: name.into(),
        entry: entry.into(),
        reason: "berdampak luas".into(),
    };
    s.apply(
        "chair",
        Change::GiveAward {
            award: award("Top 5", "E1"),
        },
        t,
    )
    .unwrap();
    s.apply(
        "chair",
        Change::GiveAward {
            award: award("Sponsor", "E2"),
        },
        t,
    )
    .unwrap();
    let withdraw = |reason: &str| Change::WithdrawAward {
        name: "Sponsor".into(),
        entry: "E2".into(),
        reason: reason.into(),
    };
    assert!(s.apply("chair", withdraw(""), t).is_err());
    s.apply("chair", withdraw("salah peserta"), t).unwrap();
    assert!(
        s.apply("chair", withdraw("lagi"), t).is_err(),
        "no such award now"
    );
    let mut bad = s.rules.clone();
    bad.weights.insert("LSM".into(), 0.0);
    assert!(
        s.apply("chair", Change::SetRules { rules: bad }, t)
            .is_err()
    );
    let mut bad = s.rules.clone();
    bad.lines.insert("Z".into(), vec![1]);
    assert!(
        s.apply("chair", Change::SetRules { rules: bad }, t)
            .is_err()
    );
    assert!(
        s.apply(
            "chair",
            Change::GiveAward {
                award: award("X", "E9")
            },
            t
        )
        .is_err()
    );
    assert_eq!(s.audit.len(), 4, "refused changes are not logged");
    assert_eq!(s.awards, vec![award("Top 5", "E1")]);
    let log = s.audit.clone();
    verify::verify(&s, &log).unwrap();

    let mut edited = s.clone();
    edited.rules.overall = Some(3);
    let err = verify::verify(&edited, &log).unwrap_err();
    assert!(err.starts_with("rules is"), "{err}");
    let mut edited = s.clone();
    edited.awards[0].reason = "lain".into();
    let err = verify::verify(&edited, &log).unwrap_err();
    assert!(err.starts_with("awards is"), "{err}");
    // The rules the session was made with are in the chain's start.
    let mut edited = s.clone();
    let mut log2 = log.clone();
    log2[0].old["pass"] = serde_json::json!(70.0);
    edited.rules.pass = Some(80.0);
    let err = verify::verify(&edited, &log2).unwrap_err();
    assert!(err.contains("audit[0]"), "{err}");
    let mut log3 = log.clone();
    if let Some(Change::GiveAward { award }) = &mut log3[1].change {
        award.entry = "E3".into();
    }
    assert!(verify::verify(&s, &log3).is_err());
}
