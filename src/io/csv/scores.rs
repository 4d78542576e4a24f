//! Score sheets filled in elsewhere, imported into a running session (all or nothing, audited), and written back out.

use std::collections::HashMap;
use std::io::{Read, Write};

use crate::error::{Error, Refusal, Result};
use crate::i18n::{Lang, T, fmt_num};
use crate::model::{Change, Session, Time};

use super::*;

/// What an import did, sheet by sheet (pairs are (entry, juror)).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportSummary {
    /// Sheets that were complete after the import and were submitted by it.
    pub submitted: Vec<(String, String)>,
    /// Sheets left as drafts, with the criteria that still have no value.
    pub drafts: Vec<(String, String, Vec<String>)>,
    /// Submitted sheets that were reopened to be replaced (`--replace`).
    pub replaced: Vec<(String, String)>,
    /// How many values were set.
    pub values: usize,
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl ImportSummary {
    /// One or two lines for the person at the keyboard, e.g. "imported 12 values: 3 sheets
    /// submitted, 1 kept as draft (E05/J2: missing novelty, impact); 1 submitted sheet replaced".
    pub fn describe(&self) -> String {
        self.describe_in(Lang::En)
    }

    /// [`ImportSummary::describe`] in `lang` (Bahasa Indonesia counts without plurals).
    pub fn describe_in(&self, lang: Lang) -> String {
        const SHOWN: usize = 3;
        let count = |n: usize, one: &str, many: &str, id: T| match lang {
            Lang::En => plural(n, one, many),
            _ => id.fill(lang, &[&n.to_string()]),
        };
        let more = |n: usize| T::CliAndMore.fill(lang, &[&n.to_string()]);
        let mut parts = vec![count(
            self.submitted.len(),
            "sheet submitted",
            "sheets submitted",
            T::CliSheetsSubmitted,
        )];
        if !self.drafts.is_empty() {
            let mut list: Vec<String> = self
                .drafts
                .iter()
                .take(SHOWN)
                .map(|(e, j, missing)| {
                    format!(
                        "{e}/{j}: {}",
                        T::CliMissing.fill(lang, &[&missing.join(", ")])
                    )
                })
                .collect();
            if self.drafts.len() > SHOWN {
                list.push(more(self.drafts.len() - SHOWN));
            }
            parts.push(
                T::CliKeptAsDraft.fill(lang, &[&self.drafts.len().to_string(), &list.join("; ")]),
            );
        }
        let mut out = T::CliImported.fill(
            lang,
            &[
                &count(self.values, "value", "values", T::CliValues),
                &parts.join(", "),
            ],
        );
        if !self.replaced.is_empty() {
            out.push('\n');
            out.push_str(&T::CliReplaced.fill(
                lang,
                &[&count(
                    self.replaced.len(),
                    "submitted sheet",
                    "submitted sheets",
                    T::CliSubmittedSheets,
                )],
            ));
            let list: Vec<String> = self
                .replaced
                .iter()
                .take(SHOWN)
                .map(|(e, j)| format!("{e}/{j}"))
                .collect();
            out.push_str(&format!(" ({}", list.join(", ")));
            if self.replaced.len() > SHOWN {
                out.push(' ');
                out.push_str(&more(self.replaced.len() - SHOWN));
            }
            out.push(')');
        }
        out
    }
}

/// A checked score row.
pub(super) struct ScoreRow {
    pub(super) line: u64,
    pub(super) criterion: String,
    pub(super) value: Option<f64>,
    pub(super) note: String,
}

/// Parses a score as written in a file; `Err` is the reason it is not a number.
pub(super) fn parse_score(text: &str, decimal_comma: bool) -> Result<f64, String> {
    if decimal_comma && text.matches(',').count() == 1 && !text.contains('.') {
        return parse_score(&text.replace(',', "."), false)
            .map_err(|_| format!("the score {text:?} is not a number"));
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ if text.contains(',') && text.replace(',', ".").parse::<f64>().is_ok() => Err(format!(
            "the score {text:?} is not a number (write decimals with a dot: {})",
            text.replace(',', ".")
        )),
        _ => Err(format!("the score {text:?} is not a number")),
    }
}

/// Imports `entry,juror,criterion,score[,note]` rows into `session`, all or nothing.
///
/// Rows are checked one by one, then grouped into sheets (entry, juror). A sheet already
/// submitted is refused unless `replace`, in which case it is reopened first (values in the file
/// replace those on the sheet; the others stay). A sheet that then has every criterion is
/// submitted; otherwise it stays a draft. A row may leave the score empty if it has a note.
pub fn import_scores(
    session: &mut Session,
    file_label: &str,
    input: impl Read,
    replace: bool,
    now: Time,
) -> Result<ImportSummary> {
    import_scores_by(session, file_label, input, replace, IMPORT_ACTOR, now)
}

/// [`import_scores`], with the submitted sheets it replaces reopened by `reopener` (named as the
/// actor in the audit log). With PINs on, only the chair may reopen, so `reopener` must be
/// [`crate::model::pin::CHAIR`], which the caller has checked with the chair's PIN.
pub fn import_scores_by(
    session: &mut Session,
    file_label: &str,
    input: impl Read,
    replace: bool,
    reopener: &str,
    now: Time,
) -> Result<ImportSummary> {
    let file = file_label;
    let (rows, delimiter) = read_table(file, input, &SCORE_COLUMNS, &SCORE_OPTIONAL)?;
    // Where `;` separates the values, a comma in a score can only be a decimal comma.
    let decimal_comma = delimiter == b';';

    // 1. Check every row on its own, in file order, and group them by sheet.
    let mut sheets: Vec<((String, String), Vec<ScoreRow>)> = Vec::new();
    let mut first_line: HashMap<(String, String, String), u64> = HashMap::new();
    for row in &rows {
        let entry = need(file, row, 0, "entry")?;
        let juror = need(file, row, 1, "juror")?;
        let criterion = need(file, row, 2, "criterion")?;
        let (score, note) = (row.get(3), row.get(4));
        let bad = |reason: String| csv_err(file, row.line, reason);
        let refused = |why: Refusal| csv_refused(file, row.line, why);
        let Some(e) = session.entry(entry) else {
            return Err(refused(Refusal::NoEntry(entry.into())));
        };
        if !e.status.competes() {
            return Err(refused(Refusal::NotScorable {
                entry: entry.into(),
                status: e.status.as_str(),
            }));
        }
        if session.juror(juror).is_none() {
            return Err(refused(Refusal::NoJuror(juror.into())));
        }
        let Some(c) = session.rubric.criterion(criterion) else {
            let ids: Vec<&str> = session
                .rubric
                .criteria
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            return Err(bad(format!(
                "there is no criterion {criterion:?} in the rubric (the criteria are: {})",
                ids.join(", ")
            )));
        };
        let value = if score.is_empty() {
            if note.is_empty() {
                return Err(bad("the score is empty".into()));
            }
            None
        } else {
            let v = parse_score(score, decimal_comma).map_err(&bad)?;
            c.check_value(v).map_err(|error| {
                refused(Refusal::Value {
                    criterion: criterion.into(),
                    error,
                })
            })?;
            Some(v)
        };
        if session.conflicted(juror, entry) {
            return Err(refused(Refusal::Conflict {
                juror: juror.into(),
                entry: entry.into(),
            }));
        }
        let key = (entry.to_string(), juror.to_string(), criterion.to_string());
        if let Some(first) = first_line.insert(key, row.line) {
            return Err(bad(format!(
                "{entry}/{juror}/{criterion} is given twice (first on line {first})"
            )));
        }
        let sheet = (entry.to_string(), juror.to_string());
        let item = ScoreRow {
            line: row.line,
            criterion: criterion.into(),
            value,
            note: note.into(),
        };
        match sheets.iter_mut().find(|(k, _)| *k == sheet) {
            Some((_, items)) => items.push(item),
            None => sheets.push((sheet, vec![item])),
        }
    }

    // 2. Apply sheet by sheet on a copy; the session is only touched when all went well. In
    // the journal the import is one batch: a kill while it is written leaves none of it.
    let mut work = session.clone();
    let what = format!("import of {file}");
    work.apply(IMPORT_ACTOR, Change::BatchStart { what: what.clone() }, now)?;
    let mut summary = ImportSummary::default();
    let at = |line: u64| {
        move |e: Error| match e {
            Error::Rejected(reason) => csv_err(file, line, reason.to_string()),
            Error::Refused(why) => csv_refused(file, line, why),
            other => other,
        }
    };
    for ((entry, juror), items) in sheets {
        let first = items[0].line;
        if work.sheet(&entry, &juror).is_some_and(|s| s.is_submitted()) {
            if !replace {
                return Err(csv_err(
                    file,
                    first,
                    format!(
                        "the sheet of {juror} for {entry} is already submitted; use --replace to replace it"
                    ),
                ));
            }
            if work.security.pins && reopener != crate::model::pin::CHAIR {
                return Err(Error::chair_pin(format!(
                    "replacing the submitted sheet of {juror} for {entry} needs the chair's PIN"
                )));
            }
            let reason = format!("replaced by import of {file}");
            let change = Change::Reopen {
                entry: entry.clone(),
                juror: juror.clone(),
                reason,
            };
            work.apply(reopener, change, now).map_err(at(first))?;
            summary.replaced.push((entry.clone(), juror.clone()));
        }
        for item in items {
            if let Some(v) = item.value {
                let change = Change::SetValue {
                    entry: entry.clone(),
                    juror: juror.clone(),
                    criterion: item.criterion.clone(),
                    value: Some(v),
                };
                work.apply(IMPORT_ACTOR, change, now)
                    .map_err(at(item.line))?;
                summary.values += 1;
            }
            if !item.note.is_empty() {
                let change = Change::SetNote {
                    entry: entry.clone(),
                    juror: juror.clone(),
                    criterion: item.criterion,
                    note: item.note,
                };
                work.apply(IMPORT_ACTOR, change, now)
                    .map_err(at(item.line))?;
            }
        }
        let missing: Vec<String> = match work.sheet(&entry, &juror) {
            Some(sheet) => work
                .rubric
                .criteria
                .iter()
                .filter(|c| !sheet.values.contains_key(&c.id))
                .map(|c| c.id.clone())
                .collect(),
            None => work.rubric.criteria.iter().map(|c| c.id.clone()).collect(),
        };
        if missing.is_empty() {
            let change = Change::Submit {
                entry: entry.clone(),
                juror: juror.clone(),
            };
            work.apply(IMPORT_ACTOR, change, now).map_err(at(first))?;
            summary.submitted.push((entry, juror));
        } else {
            summary.drafts.push((entry, juror, missing));
        }
    }
    work.apply(IMPORT_ACTOR, Change::BatchEnd { what }, now)?;
    *session = work;
    Ok(summary)
}

/// Writes every value (and every note) of every sheet as `entry,juror,criterion,score,note`
/// rows, sheets in session order and criteria in rubric order; [`import_scores`] reads it back.
/// Sheet comments and sheet states are not part of the format.
pub fn write_scores(session: &Session, out: impl Write) -> Result<()> {
    let fail = |e: csv::Error| Error::io("write", "the score CSV", e.into());
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SCORE_COLUMNS.iter().chain(&SCORE_OPTIONAL))
        .map_err(fail)?;
    for sheet in &session.scores {
        for c in &session.rubric.criteria {
            let value = sheet.values.get(&c.id);
            let note = sheet.notes.get(&c.id).map_or("", String::as_str);
            if value.is_none() && note.is_empty() {
                continue;
            }
            let score = value.map(|v| fmt_num(*v)).unwrap_or_default();
            w.write_record([
                &*cell(&sheet.entry),
                &*cell(&sheet.juror),
                &*cell(&c.id),
                score.as_str(),
                &*cell(note),
            ])
            .map_err(fail)?;
        }
    }
    w.flush()
        .map_err(|e| Error::io("write", "the score CSV", e))
}
