//! An earlier stage's scores from another tool: `entry,score`, one row per entry.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use crate::error::Result;
use crate::model::Session;
use crate::model::num::Ratio;
use crate::model::stages::{exact_text, parse_exact};

use super::*;

pub const STAGE_COLUMNS: [&str; 2] = ["entry", "score"];

/// Reads `entry,score` rows for `session`: every entry it names exists, every score is a number
/// from 0 to 100, and every entry that competes has one. Scores are kept exactly as written.
pub fn read_stage_scores(
    file_label: &str,
    input: impl Read,
    session: &Session,
) -> Result<BTreeMap<String, String>> {
    let file = file_label;
    let (rows, _) = read_table(file, input, &STAGE_COLUMNS, &[])?;
    let mut out = BTreeMap::new();
    let mut first: HashMap<String, u64> = HashMap::new();
    for row in &rows {
        let entry = need(file, row, 0, "entry")?;
        let score = need(file, row, 1, "score")?;
        if session.entry(entry).is_none() {
            return Err(csv_err(
                file,
                row.line,
                format!("there is no entry {entry:?}"),
            ));
        }
        if let Some(l) = first.insert(entry.to_string(), row.line) {
            return Err(csv_err(
                file,
                row.line,
                format!("the entry {entry:?} is given twice (first on line {l})"),
            ));
        }
        let v = parse_exact(&score.replace(',', "."))
            .filter(|v| *v >= Ratio::int(0) && *v <= Ratio::int(100))
            .ok_or_else(|| {
                csv_err(
                    file,
                    row.line,
                    format!("the score {score:?} is not a number from 0 to 100"),
                )
            })?;
        out.insert(entry.to_string(), exact_text(v));
    }
    let missing: Vec<&str> = session
        .entries
        .iter()
        .filter(|e| e.status.competes() && !out.contains_key(&e.id))
        .map(|e| e.id.as_str())
        .collect();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(5).copied().collect();
        let more = if missing.len() > 5 {
            format!(" and {} more", missing.len() - 5)
        } else {
            String::new()
        };
        return Err(csv_err(
            file,
            2,
            format!("has no score for {}{more}", shown.join(", ")),
        ));
    }
    Ok(out)
}
