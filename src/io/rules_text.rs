//! The rules a recap was computed by, in words, stated above every table and recap; and the
//! marks the rules add to a row (a trimmed mean that dropped nothing, the overall Top N, a
//! passing grade).

use crate::i18n::{Lang, T, fmt_num};
use crate::model::Session;
use crate::model::rules::{RoundMode, RoundPer};
use crate::standings::{Lines, Method, Row, Standings};

/// The mark of a trimmed mean that dropped nothing (fewer than 2k + 1 sheets).
pub const UNTRIMMED: char = '†';
/// The mark of an entry inside the overall Top N.
pub const SELECTED: char = '✓';

/// One sentence per rule the session uses beyond the method and the quorum.
pub fn statements(s: &Session, st: &Standings, lang: Lang) -> Vec<String> {
    let r = &s.rules;
    let mut out = Vec::new();
    if st.method == Method::Trimmed {
        let k = st.trim.to_string();
        let least = (2 * u64::from(st.trim) + 1).to_string();
        out.push(T::WinStTrim.fill(lang, &[&k, &k, &least, &UNTRIMMED.to_string()]));
    }
    if let Some(x) = &r.rounding {
        let mode = match x.mode {
            RoundMode::HalfUp => T::WinHalfUp,
            RoundMode::HalfEven => T::WinHalfEven,
        }
        .get(lang);
        let what = match x.per {
            RoundPer::Total => T::WinStRoundTotal,
            RoundPer::Criterion => T::WinStRoundCriterion,
        };
        out.push(what.fill(lang, &[&x.decimals.to_string(), mode]));
    }
    if !r.weights.is_empty() {
        let list: Vec<String> = r
            .weights
            .iter()
            .map(|(k, w)| format!("{k} {}", fmt_num(*w)))
            .collect();
        out.push(T::WinStWeights.fill(lang, &[&list.join(", ")]));
    }
    if let Some((mean, sd)) = st.z_scale {
        out.push(T::WinStZScaled.fill(lang, &[&format!("{mean:.2}"), &format!("{sd:.2}")]));
    }
    if !r.calibration.is_empty() {
        // Jurors grouped by their shift: "+2.50 (P1-J1, P1-J2); -2.50 (P2-J1)".
        let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
        for j in &s.jurors {
            let Some((n, d)) = r
                .calibration
                .get(&j.id)
                .and_then(|o| crate::model::rules::parse_offset(o))
            else {
                continue;
            };
            let shift = format!("{:+.2}", n as f64 / d as f64);
            match groups.iter_mut().find(|g| g.0 == shift) {
                Some(g) => g.1.push(&j.id),
                None => groups.push((shift, vec![&j.id])),
            }
        }
        let list: Vec<String> = groups
            .iter()
            .map(|(shift, ids)| format!("{shift} ({})", ids.join(", ")))
            .collect();
        out.push(T::WinCalibrated.fill(lang, &[&list.join("; ")]));
    }
    let lines = Lines::new(s, st);
    if let Some(n) = lines.overall {
        let t = if lines.by_quota {
            T::WinStOverallQuota
        } else {
            T::WinStOverall
        };
        out.push(t.fill(lang, &[&n.to_string(), &SELECTED.to_string()]));
    }
    if let Some(p) = r.pass {
        let n = lines.passing(st).to_string();
        out.push(T::WinStPass.fill(lang, &[&fmt_num(p), &n]));
    }
    out
}

/// The score as shown, with the mark of a trimmed mean that dropped nothing.
pub fn score_shown(st: &Standings, r: &Row) -> Option<String> {
    let mut t = st.score_text(r)?;
    if st.untrimmed(r) {
        t.push(UNTRIMMED);
    }
    Some(t)
}

/// Whether a row passes, in words ("" without a passing grade or a score).
pub fn pass_word(lines: &Lines, r: &Row, lang: Lang) -> &'static str {
    match lines.passes(r) {
        Some(true) => T::WinPasses.get(lang),
        Some(false) => T::WinFails.get(lang),
        None => "",
    }
}

/// The overall Top N's mark for a row ("" outside it or without one).
pub fn overall_mark(lines: &Lines, r: &Row) -> String {
    if lines.in_overall(r) == Some(true) {
        SELECTED.to_string()
    } else {
        String::new()
    }
}

/// The sensitivity as a text table: per way its score and rank, fragile entries marked.
pub fn sensitivity_table(
    s: &Session,
    st: &Standings,
    category: Option<&str>,
    lang: Lang,
) -> String {
    let rows = match crate::standings::sensitivity(s, Some(st.tie_break.clone())) {
        Ok(r) => r,
        Err(e) => return format!("{e}\n"),
    };
    let names = [
        T::MethodMean.get(lang),
        T::MethodMedian.get(lang),
        T::MethodTrimmed.get(lang),
        T::ColZ.get(lang),
    ];
    let mut table: Vec<Vec<String>> = Vec::new();
    let mut head = vec![T::WinEntry.get(lang).to_string()];
    for n in names {
        head.push(n.to_string());
        head.push(T::WinRank.get(lang).to_string());
    }
    head.push(String::new());
    table.push(head);
    for r in rows
        .iter()
        .filter(|r| category.is_none_or(|c| r.category == c))
    {
        let mut line = vec![r.entry.clone()];
        for (score, rank) in &r.ways {
            line.push(score.clone().unwrap_or_else(|| "-".into()));
            line.push(rank.map(|k| k.to_string()).unwrap_or_else(|| "-".into()));
        }
        line.push(if r.fragile {
            format!("{FRAGILE} {}", T::WinFragile.get(lang))
        } else {
            String::new()
        });
        table.push(line);
    }
    let widths: Vec<usize> = (0..table[0].len())
        .map(|i| {
            table
                .iter()
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!("{}\n", T::WinSensitivity.get(lang));
    out.push_str(&T::WinSensitivityIntro.fill(lang, &[FRAGILE]));
    out.push('\n');
    for l in &table {
        let cells: Vec<String> = l
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = " ".repeat(w.saturating_sub(c.chars().count()));
                if i == 0 || i == l.len() - 1 {
                    format!("{c}{pad}")
                } else {
                    format!("{pad}{c}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// The mark of an entry whose rank or place against a line depends on the method.
pub const FRAGILE: &str = "⚠";
