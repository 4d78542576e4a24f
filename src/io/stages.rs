//! The stages of a chained competition in every standings output: each stage's score beside
//! the final one, and the formula that combines them.

use serde_json::{Map, Value, json};

use crate::i18n::{Lang, T};
use crate::model::Session;
use crate::model::stages::exact_text;
use crate::standings::Row;

/// The stages' names: the earlier ones, then this stage's (its name, or "this stage").
pub fn names(s: &Session, lang: Lang) -> Vec<String> {
    let Some(c) = s.chain.as_ref().filter(|c| c.combines()) else {
        return Vec::new();
    };
    let mut out: Vec<String> = c.stages.iter().map(|x| x.name.clone()).collect();
    out.push(this_name(s, lang));
    out
}

fn this_name(s: &Session, lang: Lang) -> String {
    if s.stage.trim().is_empty() {
        T::StageThis.get(lang).to_string()
    } else {
        s.stage.clone()
    }
}

/// "Final score = 40% desk + 60% presentation", when earlier stages count.
pub fn formula(s: &Session, lang: Lang) -> Option<String> {
    let c = s.chain.as_ref().filter(|c| c.combines())?;
    Some(T::StageFormula.fill(lang, &[&c.formula(&this_name(s, lang))]))
}

/// "40% desk + 60% interview", when earlier stages count.
pub fn weights(s: &Session, lang: Lang) -> Option<String> {
    let c = s.chain.as_ref().filter(|c| c.combines())?;
    Some(c.formula(&this_name(s, lang)))
}

/// What the Score column holds in a chained session: the final score, while the jurors'
/// spread (Min, Max, SD) is this stage's.
pub fn score_note(s: &Session, lang: Lang) -> Option<String> {
    Some(T::StageScoreCol.fill(lang, &[&weights(s, lang)?]))
}

/// Each stage's score of a row, 2 decimals ("-" for none).
pub fn cells(r: &Row) -> Vec<String> {
    r.stages
        .iter()
        .map(|x| x.map_or_else(|| "-".into(), |v| v.fixed(2)))
        .collect()
}

/// The stages as a block under a text table: the formula, then each entry's stage scores.
pub fn table_block(s: &Session, rows: &[&Row], lang: Lang) -> String {
    let Some(formula) = formula(s, lang) else {
        return String::new();
    };
    let mut head = vec![
        T::WinRank.get(lang).to_string(),
        T::WinEntry.get(lang).to_string(),
    ];
    head.extend(names(s, lang));
    head.push(T::ColFinal.get(lang).into());
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut c = vec![
                r.rank.map_or_else(|| "-".into(), |k| k.to_string()),
                r.entry.clone(),
            ];
            c.extend(cells(r));
            c.push(r.score.as_ref().map_or_else(|| "-".into(), |x| x.display()));
            c
        })
        .collect();
    let widths: Vec<usize> = (0..head.len())
        .map(|i| {
            body.iter()
                .chain([&head])
                .map(|c| c[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!("\n{formula}\n");
    for c in std::iter::once(&head).chain(&body) {
        let parts: Vec<String> = c
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (v, w))| {
                let pad = " ".repeat(w - v.chars().count());
                if i == 1 {
                    format!("{v}{pad}")
                } else {
                    format!("{pad}{v}")
                }
            })
            .collect();
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// The CSV columns added for the stages: `stage_<name>` each, then `final`.
pub fn csv_head(s: &Session) -> Vec<String> {
    let n = names(s, Lang::En);
    if n.is_empty() {
        return n;
    }
    n.iter().map(|x| format!("stage_{x}")).collect()
}

/// A row's stage scores in JSON (name -> exact text and rounded value), and the formula.
pub fn json_row(s: &Session, r: &Row) -> Option<Value> {
    let names = names(s, Lang::En);
    if names.is_empty() {
        return None;
    }
    let m: Map<String, Value> = names
        .into_iter()
        .zip(&r.stages)
        .map(|(n, x)| {
            (
                n,
                x.map_or(
                    Value::Null,
                    |v| json!({ "score": v.fixed(2).parse::<f64>().ok(), "exact": exact_text(v) }),
                ),
            )
        })
        .collect();
    Some(Value::Object(m))
}
