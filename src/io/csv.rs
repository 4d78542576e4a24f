//! CSV files in and out: the entries and jurors a session starts from, and score sheets filled
//! in elsewhere (a spreadsheet, another laptop) that are imported into a running session.
//!
//! Every file is UTF-8 (a leading byte-order mark is dropped) with a header row; header names
//! are matched case-insensitively, values are trimmed and blank lines are skipped. Every error
//! names the file and the 1-based line (the header is line 1) so the secretariat can fix it.
//! Score imports are all-or-nothing and go through [`Session::apply`], so they are audited.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};

use crate::error::{Error, Result};
use crate::model::rubric::fmt_num;
use crate::model::{Category, Change, Entry, Juror, Session, Status, Time};

/// The actor recorded in the audit log for changes made by an import.
pub const IMPORT_ACTOR: &str = "import";

pub const ENTRY_COLUMNS: [&str; 4] = ["id", "title", "institution", "category"];
pub const ENTRY_OPTIONAL: [&str; 2] = ["region", "presenter"];
pub const JUROR_COLUMNS: [&str; 2] = ["id", "name"];
pub const JUROR_OPTIONAL: [&str; 2] = ["role", "conflicts"];
pub const SCORE_COLUMNS: [&str; 4] = ["entry", "juror", "criterion", "score"];
pub const SCORE_OPTIONAL: [&str; 1] = ["note"];

/// Whether a spreadsheet would take `text` as a formula: it begins with `=`, `+`, `-`, `@`, a tab
/// or a carriage return (OWASP's list) and is not simply a number, or it begins with `'`
/// followed by such a text (so that guarding, then reading back, gives the text unchanged).
fn formula_like(text: &str) -> bool {
    match text.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => text.parse::<f64>().is_err(),
        Some('\'') => formula_like(&text[1..]),
        _ => false,
    }
}

/// A text cell as juri writes it in every CSV: a text a spreadsheet would run as a formula
/// (`=HYPERLINK(...)` in a title) gets a leading `'`, which spreadsheets show as text. Numbers
/// stay numbers. [`read_table`] takes the `'` off again, so juri reads its own files back as
/// they were.
pub fn cell(text: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// The inverse of [`cell`].
fn uncell(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => text,
    }
}

fn csv_err(file: &str, line: u64, reason: impl Into<String>) -> Error {
    Error::Csv {
        file: file.into(),
        line,
        reason: reason.into(),
    }
}

/// One data row: its line in the file and its trimmed values in the order of the columns
/// asked for (required first, then optional; an optional column not in the file reads "").
struct Row {
    line: u64,
    values: Vec<String>,
}

impl Row {
    fn get(&self, i: usize) -> &str {
        self.values.get(i).map_or("", String::as_str)
    }

    fn opt(&self, i: usize) -> Option<String> {
        Some(self.get(i))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }
}

/// Reads a whole CSV file: checks the encoding and the header, and returns the data rows and
/// the separator the file uses.
fn read_table(
    file: &str,
    mut input: impl Read,
    required: &[&str],
    optional: &[&str],
) -> Result<(Vec<Row>, u8)> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| csv_err(file, 1, format!("cannot be read: {e}")))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if let Err(e) = std::str::from_utf8(body) {
        let line = body[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        return Err(csv_err(
            file,
            line,
            "is not valid UTF-8 text; save the file as \"CSV UTF-8\"",
        ));
    }
    let delimiter = delimiter_of(body);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body);
    let all: Vec<&str> = required.iter().chain(optional).copied().collect();
    let expected = all.join(",");
    let mut header: Option<(u64, Vec<Option<usize>>)> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(body);
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            let line = lines.line_at(e.position().map_or(0, |p| p.byte()));
            csv_err(file, line, format!("is not readable CSV: {e}"))
        })?;
        if !more {
            break;
        }
        let line = lines.line_at(record.position().map_or(0, |p| p.byte()));
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let Some((_, columns)) = &header else {
            header = Some((
                line,
                map_header(file, line, &record, required, &all, &expected)?,
            ));
            continue;
        };
        if record.len() != columns.len() {
            return Err(csv_err(
                file,
                line,
                format!(
                    "has {} value(s) but the header has {} column(s); a missing {sep}, or a {sep} in a value that is not in quotes?",
                    record.len(),
                    columns.len(),
                    sep = if delimiter == b';' {
                        "semicolon"
                    } else {
                        "comma"
                    }
                ),
            ));
        }
        let mut values = vec![String::new(); all.len()];
        for (k, v) in record.iter().enumerate() {
            match columns[k] {
                Some(i) => values[i] = uncell(v.trim()).to_string(),
                None if !v.trim().is_empty() => {
                    return Err(csv_err(
                        file,
                        line,
                        format!(
                            "has the value {:?} in column {}, which has no name in the header",
                            v.trim(),
                            k + 1
                        ),
                    ));
                }
                None => {}
            }
        }
        rows.push(Row { line, values });
    }
    if header.is_none() {
        return Err(csv_err(
            file,
            1,
            format!("is empty; the first line must be the header: {expected}"),
        ));
    }
    Ok((rows, delimiter))
}

/// The separator of the file, from its header line: `;` when that line has more semicolons than
/// commas (a spreadsheet in a locale with a decimal comma, such as Excel in Indonesian, writes
/// "CSV" that way), else `,`.
fn delimiter_of(body: &[u8]) -> u8 {
    let header = body
        .split(|&b| b == b'\n')
        .find(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
        .unwrap_or_default();
    let count = |c: u8| header.iter().filter(|&&b| b == c).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

/// Turns the byte offsets the CSV reader gives into 1-based line numbers. (The reader's own line
/// numbers do not count the blank lines it skips, nor CRLF line ends correctly.)
struct LineCounter<'a> {
    text: &'a [u8],
    byte: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            byte: 0,
            line: 1,
        }
    }

    /// The line of the record found at `byte`: a record's offset is where the previous one ended,
    /// so the line ends and blank lines in between are skipped first. Offsets only grow.
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte).map_or(self.text.len(), |b| b.min(self.text.len()));
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.byte {
            let newlines = self.text[self.byte..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += newlines as u64;
            self.byte = start;
        }
        self.line
    }
}

/// For each column of the file, the index of the known column it holds.
fn map_header(
    file: &str,
    line: u64,
    record: &csv::StringRecord,
    required: &[&str],
    all: &[&str],
    expected: &str,
) -> Result<Vec<Option<usize>>> {
    let mut columns = Vec::with_capacity(record.len());
    let mut seen = HashSet::new();
    for name in record.iter() {
        let name = name.trim().to_lowercase();
        if name.is_empty() {
            // An unnamed column (spreadsheets add them at the end): its values must be empty.
            columns.push(None);
            continue;
        }
        let Some(i) = all.iter().position(|c| *c == name) else {
            // A header run together by another separator is one long unknown name.
            let separator = match () {
                _ if name.contains('\t') => {
                    " (the file seems to be separated by tabs; save it as \"CSV UTF-8\", separated by commas)"
                }
                _ if name.contains([';', ',']) => {
                    " (the file mixes ';' and ',' as separators; use one of them)"
                }
                _ => "",
            };
            return Err(csv_err(
                file,
                line,
                format!("unknown column {name:?}; the columns are: {expected}{separator}"),
            ));
        };
        if !seen.insert(i) {
            return Err(csv_err(
                file,
                line,
                format!("the column {name:?} appears twice"),
            ));
        }
        columns.push(Some(i));
    }
    if let Some(missing) = required.iter().enumerate().find(|(i, _)| !seen.contains(i)) {
        return Err(csv_err(
            file,
            line,
            format!(
                "missing column {:?}; the header must have: {}",
                missing.1,
                required.join(",")
            ),
        ));
    }
    Ok(columns)
}

/// Fails with "`what` is empty" when a required value is missing.
fn need<'a>(file: &str, row: &'a Row, i: usize, what: &str) -> Result<&'a str> {
    let v = row.get(i);
    if v.is_empty() {
        return Err(csv_err(file, row.line, format!("{what} is empty")));
    }
    Ok(v)
}

/// Reads the agenda: `id,title,institution,category[,region,presenter]`, in agenda order.
/// Categories are made in order of first appearance, named by the category text.
pub fn read_entries(file_label: &str, input: impl Read) -> Result<(Vec<Category>, Vec<Entry>)> {
    let file = file_label;
    let (rows, _) = read_table(file, input, &ENTRY_COLUMNS, &ENTRY_OPTIONAL)?;
    if rows.is_empty() {
        return Err(csv_err(
            file,
            2,
            "has no entries below the header; one entry a line: id,title,institution,category",
        ));
    }
    let mut categories: Vec<Category> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for row in &rows {
        let id = need(file, row, 0, "id")?;
        let title = need(file, row, 1, "title")?;
        let institution = need(file, row, 2, "institution")?;
        let category = need(file, row, 3, "category")?;
        if let Some(first) = first_line.insert(id.to_string(), row.line) {
            return Err(csv_err(
                file,
                row.line,
                format!("the entry id {id:?} is used twice (first on line {first})"),
            ));
        }
        if !categories.iter().any(|c| c.id == category) {
            categories.push(Category {
                id: category.into(),
                name: category.into(),
                top_n: None,
            });
        }
        entries.push(Entry {
            id: id.into(),
            title: title.into(),
            institution: institution.into(),
            category: category.into(),
            region: row.opt(4),
            presenter: row.opt(5),
            status: Status::Scheduled,
        });
    }
    Ok((categories, entries))
}

/// Reads the panel: `id,name[,role,conflicts]`; conflicts are entry ids separated by `;`.
pub fn read_jurors(file_label: &str, input: impl Read, entries: &[Entry]) -> Result<Vec<Juror>> {
    let file = file_label;
    let (rows, _) = read_table(file, input, &JUROR_COLUMNS, &JUROR_OPTIONAL)?;
    // A panel without jurors cannot score: refused before a session is made of it.
    if rows.is_empty() {
        return Err(csv_err(
            file,
            2,
            "has no jurors below the header; one juror a line: id,name",
        ));
    }
    let mut jurors: Vec<Juror> = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for row in &rows {
        let id = need(file, row, 0, "id")?;
        let name = need(file, row, 1, "name")?;
        if let Some(first) = first_line.insert(id.to_string(), row.line) {
            return Err(csv_err(
                file,
                row.line,
                format!("the juror id {id:?} is used twice (first on line {first})"),
            ));
        }
        let mut conflicts: Vec<String> = Vec::new();
        for c in row
            .get(3)
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            if !entries.iter().any(|e| e.id == c) {
                return Err(csv_err(
                    file,
                    row.line,
                    format!("the conflict {c:?} is not an entry id of the agenda"),
                ));
            }
            if !conflicts.iter().any(|x| x == c) {
                conflicts.push(c.into());
            }
        }
        jurors.push(Juror {
            id: id.into(),
            name: name.into(),
            role: row.opt(2),
            conflicts,
        });
    }
    Ok(jurors)
}

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
        const SHOWN: usize = 3;
        let mut parts = vec![plural(
            self.submitted.len(),
            "sheet submitted",
            "sheets submitted",
        )];
        if !self.drafts.is_empty() {
            let mut list: Vec<String> = self
                .drafts
                .iter()
                .take(SHOWN)
                .map(|(e, j, missing)| format!("{e}/{j}: missing {}", missing.join(", ")))
                .collect();
            if self.drafts.len() > SHOWN {
                list.push(format!("and {} more", self.drafts.len() - SHOWN));
            }
            parts.push(format!(
                "{} kept as draft ({})",
                self.drafts.len(),
                list.join("; ")
            ));
        }
        let mut out = format!(
            "imported {}: {}",
            plural(self.values, "value", "values"),
            parts.join(", ")
        );
        if !self.replaced.is_empty() {
            out.push_str(&format!(
                "\n{} replaced",
                plural(self.replaced.len(), "submitted sheet", "submitted sheets")
            ));
            let list: Vec<String> = self
                .replaced
                .iter()
                .take(SHOWN)
                .map(|(e, j)| format!("{e}/{j}"))
                .collect();
            out.push_str(&format!(" ({}", list.join(", ")));
            if self.replaced.len() > SHOWN {
                out.push_str(&format!(" and {} more", self.replaced.len() - SHOWN));
            }
            out.push(')');
        }
        out
    }
}

/// A checked score row.
struct ScoreRow {
    line: u64,
    criterion: String,
    value: Option<f64>,
    note: String,
}

/// Parses a score as written in a file; `Err` is the reason it is not a number.
fn parse_score(text: &str, decimal_comma: bool) -> Result<f64, String> {
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
        if session.entry(entry).is_none() {
            return Err(bad(format!("there is no entry {entry:?}")));
        }
        if session.juror(juror).is_none() {
            return Err(bad(format!("there is no juror {juror:?}")));
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
            c.check_value(v)
                .map_err(|why| bad(format!("{criterion}: {why}")))?;
            Some(v)
        };
        if session.conflicted(juror, entry) {
            return Err(bad(format!(
                "juror {juror:?} has a conflict of interest with entry {entry:?} and may not score it"
            )));
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
            Error::Rejected(reason) => csv_err(file, line, reason),
            Error::Refused(why) => csv_err(file, line, why.to_string()),
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
                return Err(Error::ChairPin(format!(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rubric, SheetState};
    use chrono::TimeZone;

    fn now() -> Time {
        chrono::FixedOffset::east_opt(7 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .unwrap()
    }

    const ENTRIES: &str = "\
id,title,institution,category,region,presenter
E01,SIPANDU Gizi,Dinas Kesehatan Provinsi,Perangkat Daerah Provinsi,Kota Semarang,Kepala Dinas
E02,CAKES,Dinas Kesehatan Kabupaten Belu,Kabupaten/Kota,Kabupaten Belu,
E03,\"Antrean Daring, Pulang Tanpa Menunggu\",RSUD Provinsi,Perangkat Daerah Provinsi,,
";
    const JURORS: &str = "id,name,role,conflicts\nJ1,Juri 1,Akademisi,\nJ2,Juri 2,Jurnalis,E03\n";

    /// Every kipp criterion for one sheet, with `value` everywhere.
    fn sheet_rows(entry: &str, juror: &str, value: u32) -> String {
        let r = Rubric::preset("kipp").unwrap();
        r.criteria
            .iter()
            .map(|c| format!("{entry},{juror},{},{value},\n", c.id))
            .collect()
    }

    fn session() -> Session {
        let mut s = Session::new("Uji", Rubric::preset("kipp").unwrap(), now());
        let (cats, entries) = read_entries("entries.csv", ENTRIES.as_bytes()).unwrap();
        s.jurors = read_jurors("jurors.csv", JURORS.as_bytes(), &entries).unwrap();
        s.categories = cats;
        s.entries = entries;
        s
    }

    fn import(s: &mut Session, text: &str, replace: bool) -> Result<ImportSummary> {
        import_scores(s, "scores.csv", text.as_bytes(), replace, now())
    }

    /// The (line, reason) of a CSV error.
    fn csv_error(r: Result<impl std::fmt::Debug>) -> (u64, String) {
        match r {
            Err(Error::Csv { line, reason, .. }) => (line, reason),
            other => panic!("expected a CSV error, got {other:?}"),
        }
    }

    fn entries_error(text: &str) -> (u64, String) {
        csv_error(read_entries("entries.csv", text.as_bytes()))
    }

    fn scores_error(text: &str) -> (u64, String) {
        let mut s = session();
        let before = s.clone();
        let err = csv_error(import(&mut s, text, false));
        assert_eq!(s, before, "a failed import leaves the session unchanged");
        err
    }

    fn fixture(name: &str) -> std::fs::File {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name);
        std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    #[test]
    fn entries_are_read_with_categories_in_order() {
        let (cats, entries) = read_entries("entries.csv", ENTRIES.as_bytes()).unwrap();
        let names: Vec<&str> = cats.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Perangkat Daerah Provinsi", "Kabupaten/Kota"]);
        assert!(cats.iter().all(|c| c.id == c.name && c.top_n.is_none()));
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[2].title, "Antrean Daring, Pulang Tanpa Menunggu");
        assert_eq!(entries[0].region.as_deref(), Some("Kota Semarang"));
        assert_eq!(entries[1].presenter, None);
        assert_eq!(entries[2].region, None);
        assert_eq!(entries[1].status, Status::Scheduled);
    }

    #[test]
    fn bom_case_spaces_blank_lines_and_quotes() {
        let text = "\u{feff} ID , Title,INSTITUTION,category\r\n\r\n  E1 ,\"Samsat \"\"Jemput Bola\"\", Desa\" ,Bapenda, Prov \r\n\n,,,\nE2,b,c,Prov\n";
        let (cats, entries) = read_entries("e.csv", text.as_bytes()).unwrap();
        assert_eq!(cats.len(), 1);
        assert_eq!(entries[0].id, "E1");
        assert_eq!(entries[0].title, "Samsat \"Jemput Bola\", Desa");
        assert_eq!(entries[0].category, "Prov");
        // Blank lines are skipped but still counted.
        let (line, reason) =
            entries_error("\u{feff}id,title,institution,category\n\nE1,a,b,c\n\nE1,a,b,c\n");
        assert_eq!(line, 5);
        assert_eq!(
            reason,
            "the entry id \"E1\" is used twice (first on line 3)"
        );
        // Values over several lines and CRLF line ends do not shift the line numbers.
        let text = "id,title,institution,category\r\nE1,\"a\r\nb\",c,d\r\n\r\nE2,a,b\r\n";
        assert_eq!(entries_error(text).0, 5);
    }

    #[test]
    fn entry_errors_name_the_line() {
        let (line, reason) = entries_error("id,title,category\nE1,a,b\n");
        assert_eq!(line, 1);
        assert!(
            reason.contains("missing column \"institution\""),
            "{reason}"
        );
        let (line, reason) = entries_error("id,title,institution,category,regoin\n");
        assert_eq!(line, 1);
        assert!(reason.contains("unknown column \"regoin\""), "{reason}");
        let (line, reason) = entries_error("id,title,institution,category,id\n");
        assert_eq!(
            (line, reason.as_str()),
            (1, "the column \"id\" appears twice")
        );
        let (line, reason) = entries_error("");
        assert_eq!(line, 1);
        assert!(reason.starts_with("is empty"), "{reason}");
        for (text, want) in [
            (
                "id,title,institution,category\nE1,a,b,c\n ,a,b,c\n",
                "id is empty",
            ),
            (
                "id,title,institution,category\nE1,a,b,c\nE2,,b,c\n",
                "title is empty",
            ),
            (
                "id,title,institution,category\nE1,a,b,c\nE2,a, ,c\n",
                "institution is empty",
            ),
            (
                "id,title,institution,category\nE1,a,b,c\nE2,a,b,\n",
                "category is empty",
            ),
        ] {
            assert_eq!(entries_error(text), (3, want.to_string()), "{text}");
        }
        let (line, reason) = entries_error("id,title,institution,category\nE1,a,b,c\nE2,a,b\n");
        assert_eq!(line, 3);
        assert!(
            reason.starts_with("has 3 value(s) but the header has 4"),
            "{reason}"
        );
        // An unnamed trailing column from a spreadsheet is fine as long as it stays empty.
        assert!(
            read_entries(
                "e.csv",
                "id,title,institution,category,\nE1,a,b,c,\n".as_bytes()
            )
            .is_ok()
        );
        let (line, reason) =
            entries_error("id,title,institution,category,\nE1,a,b,c,\nE2,a,b,c,x\n");
        assert_eq!(line, 3);
        assert!(reason.contains("no name in the header"), "{reason}");
        let bad_utf8: &[u8] = b"id,title,institution,category\nE1,a,b,c\nE2,caf\xE9,b,c\n";
        let (line, reason) = csv_error(read_entries("e.csv", bad_utf8));
        assert_eq!(line, 3);
        assert!(reason.contains("UTF-8"), "{reason}");
    }

    #[test]
    fn the_separator_is_read_from_the_header_or_named() {
        let (_, entries) = read_entries(
            "e.csv",
            "id;title;institution;category\nE1;a, b;c;d\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(entries[0].title, "a, b");
        let (_, reason) = entries_error("id\ttitle\tinstitution\tcategory\nE1\ta\tb\tc\n");
        assert!(reason.contains("separated by tabs"), "{reason}");
        let (_, reason) = entries_error("id;title;institution,category\n");
        assert!(reason.contains("mixes ';' and ','"), "{reason}");
        let (line, reason) = entries_error("id;title;institution;category\nE1;a;b;c;d\n");
        assert_eq!(line, 2);
        assert!(reason.contains("a missing semicolon"), "{reason}");
        // A comma in a score is a decimal comma only where `;` separates the values.
        assert_eq!(parse_score("7,5", true), Ok(7.5));
        assert!(
            parse_score("7,5", false)
                .unwrap_err()
                .contains("with a dot: 7.5")
        );
        assert!(parse_score("1,000,5", true).is_err());
    }

    #[test]
    fn error_display_names_file_and_line() {
        let err = read_entries("agenda.csv", "id,title\n".as_bytes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "agenda.csv, line 1: missing column \"institution\"; the header must have: id,title,institution,category"
        );
    }

    #[test]
    fn jurors_and_conflicts() {
        let (_, entries) = read_entries("entries.csv", ENTRIES.as_bytes()).unwrap();
        let text = "Id,Name,Role,Conflicts\nJ1,Juri 1 (akademisi),Akademisi,\nJ2,Juri 2,, E01 ; E03;;E01 \nJ3,Juri 3\n";
        let err = csv_error(read_jurors("j.csv", text.as_bytes(), &entries));
        assert_eq!(err.0, 4, "a row with a missing column");
        let text = "id,name,conflicts\nJ1,Juri 1 (akademisi),\nJ2,Juri 2, E01 ; E03;;E01 \n";
        let jurors = read_jurors("j.csv", text.as_bytes(), &entries).unwrap();
        assert_eq!(jurors[0].conflicts, Vec::<String>::new());
        assert_eq!(jurors[0].role, None);
        assert_eq!(jurors[1].conflicts, ["E01", "E03"]);
        let only_required =
            read_jurors("j.csv", "id,name\nJ1,Juri 1\n".as_bytes(), &entries).unwrap();
        assert_eq!(only_required.len(), 1);
        for (text, line, want) in [
            (
                "id,name\nJ1,a\nJ1,b\n",
                3,
                "the juror id \"J1\" is used twice (first on line 2)",
            ),
            ("id,name\nJ1,a\n,b\n", 3, "id is empty"),
            ("id,name\nJ1,a\nJ2,\n", 3, "name is empty"),
            (
                "id,name,conflicts\nJ1,a,E01;E09\n",
                2,
                "the conflict \"E09\" is not an entry id of the agenda",
            ),
        ] {
            let got = csv_error(read_jurors("j.csv", text.as_bytes(), &entries));
            assert_eq!(got, (line, want.to_string()), "{text}");
        }
        let (line, reason) = csv_error(read_jurors("j.csv", "id,role\n".as_bytes(), &entries));
        assert_eq!(line, 1);
        assert!(reason.contains("missing column \"name\""), "{reason}");
    }

    #[test]
    fn score_errors_name_the_line_and_change_nothing() {
        let head = "entry,juror,criterion,score,note\nE01,J1,problem,80,\n";
        for (row, want) in [
            ("E09,J1,novelty,80,", "there is no entry \"E09\""),
            ("E01,J7,novelty,80,", "there is no juror \"J7\""),
            (
                "E01,J1,kebaruan,80,",
                "there is no criterion \"kebaruan\" in the rubric",
            ),
            (
                "E01,J1,novelty,delapan puluh,",
                "the score \"delapan puluh\" is not a number",
            ),
            (
                "E01,J1,novelty,\"80,5\",",
                "the score \"80,5\" is not a number (write decimals with a dot: 80.5)",
            ),
            ("E01,J1,novelty,NaN,", "the score \"NaN\" is not a number"),
            (
                "E01,J1,novelty,101,",
                "novelty: 101 is above the scale maximum 100",
            ),
            (
                "E01,J1,novelty,-1,",
                "novelty: -1 is below the scale minimum 0",
            ),
            (
                "E01,J1,novelty,80.5,",
                "novelty: 80.5 is not on the scale's step of 1 from 0",
            ),
            ("E01,J1,novelty,,", "the score is empty"),
            (
                "E03,J2,novelty,80,",
                "juror \"J2\" has a conflict of interest with entry \"E03\" and may not score it",
            ),
            (
                "E01,J1,problem,81,",
                "E01/J1/problem is given twice (first on line 2)",
            ),
            (",J1,problem,81,", "entry is empty"),
            ("E01,J1,,81,", "criterion is empty"),
        ] {
            let (line, reason) = scores_error(&format!("{head}\n{row}\n"));
            assert_eq!(line, 4, "{row}");
            assert!(reason.starts_with(want), "{row}: {reason}");
        }
        let (line, reason) = scores_error("entry,juror,score\n");
        assert_eq!(line, 1);
        assert!(reason.contains("missing column \"criterion\""), "{reason}");
        let err = import(
            &mut session(),
            &format!("{head}E01,J1,novelty,101,\n"),
            false,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "scores.csv, line 3: novelty: 101 is above the scale maximum 100"
        );
    }

    #[test]
    fn import_is_all_or_nothing() {
        let mut s = session();
        import(&mut s, &sheet_rows("E02", "J1", 70), false)
            .map(|_| ())
            .unwrap_err();
        let mut text = String::from("entry,juror,criterion,score\n");
        text.push_str(&sheet_rows("E01", "J1", 80).replace(",\n", "\n"));
        text.push_str(&sheet_rows("E02", "J1", 75).replace(",\n", "\n"));
        let s0 = s.clone();
        // A bad last line: nothing of the good sheets before it is kept, not even in the audit.
        let bad = format!("{text}E02,J2,novelty,101\n");
        let (line, _) = csv_error(import(&mut s, &bad, false));
        assert_eq!(line, 18);
        assert_eq!(s, s0);
        assert!(s.scores.is_empty() && s.audit.is_empty());
        // The same file without the bad line goes in whole.
        let sum = import(&mut s, &text, false).unwrap();
        assert_eq!(sum.values, 16);
        assert_eq!(
            sum.submitted,
            [("E01".into(), "J1".into()), ("E02".into(), "J1".into())]
        );
        assert!(s.audit.iter().all(|e| e.actor == IMPORT_ACTOR));
        assert_eq!(
            s.audit
                .iter()
                .filter(|e| e.action == "sheet.submit")
                .count(),
            2
        );
    }

    #[test]
    fn submitted_sheets_are_refused_unless_replaced() {
        let mut s = session();
        let head = "entry,juror,criterion,score,note\n";
        import(
            &mut s,
            &format!("{head}{}", sheet_rows("E01", "J1", 80)),
            false,
        )
        .unwrap();
        let fix = format!("{head}E02,J1,novelty,70,\nE01,J1,novelty,90,ketik ulang\n");
        let before = s.clone();
        let (line, reason) = csv_error(import(&mut s, &fix, false));
        assert_eq!(line, 3);
        assert_eq!(
            reason,
            "the sheet of J1 for E01 is already submitted; use --replace to replace it"
        );
        assert_eq!(s, before);

        let sum = import(&mut s, &fix, true).unwrap();
        assert_eq!(sum.replaced, [("E01".into(), "J1".into())]);
        assert_eq!(
            sum.submitted,
            [("E01".into(), "J1".into())],
            "the other values stay, so it is complete"
        );
        assert_eq!(sum.drafts.len(), 1);
        let sheet = s.sheet("E01", "J1").unwrap();
        assert!(sheet.is_submitted());
        assert_eq!(sheet.values["novelty"], 90.0);
        assert_eq!(sheet.values["problem"], 80.0);
        assert_eq!(sheet.notes["novelty"], "ketik ulang");
        let reopen = s.audit.iter().find(|e| e.action == "sheet.reopen").unwrap();
        assert_eq!(reopen.actor, "import");
        assert_eq!(reopen.subject, "E01/J1");
        assert_eq!(
            reopen.reason.as_deref(),
            Some("replaced by import of scores.csv")
        );
        let after: Vec<&str> = s
            .audit
            .iter()
            .skip_while(|e| e.action != "sheet.reopen")
            .map(|e| e.action.as_str())
            .collect();
        // The import is one batch in the log.
        assert_eq!(
            after,
            [
                "sheet.reopen",
                "score.set",
                "note.set",
                "sheet.submit",
                "batch.end"
            ]
        );
        let start = s.audit.iter().rev().find(|e| e.action == "batch.start");
        assert_eq!(
            start.map(|e| e.subject.as_str()),
            Some("import of scores.csv")
        );
        assert!(crate::model::validate(&s).is_empty());
    }

    #[test]
    fn incomplete_sheets_stay_drafts_and_complete_later() {
        let mut s = session();
        let text = "entry,juror,criterion,score,note\n\
            E02,J1,problem,80,\nE02,J1,novelty,85,\nE02,J1,implementation,70,\n\
            E02,J1,sustainability,75,\nE02,J1,replicability,60,\nE02,J1,presentation,90,\n\
            E01,J2,interview,,tanya soal anggaran\n";
        let sum = import(&mut s, text, false).unwrap();
        assert_eq!(sum.values, 6);
        assert!(sum.submitted.is_empty());
        assert_eq!(
            sum.drafts[0],
            (
                "E02".into(),
                "J1".into(),
                vec!["impact".into(), "interview".into()]
            )
        );
        assert_eq!(sum.drafts[1].2.len(), 8);
        assert_eq!(
            sum.describe(),
            "imported 6 values: 0 sheets submitted, 2 kept as draft (E02/J1: missing impact, interview; \
             E01/J2: missing problem, novelty, implementation, impact, sustainability, replicability, presentation, interview)"
        );
        assert_eq!(s.sheet("E02", "J1").unwrap().state, SheetState::Draft);
        assert_eq!(
            s.sheet("E01", "J2").unwrap().notes["interview"],
            "tanya soal anggaran"
        );
        // The rest of the draft arrives in a second file: together they are complete.
        let sum = import(
            &mut s,
            "entry,juror,criterion,score\nE02,J1,impact,88\nE02,J1,interview,77\n",
            false,
        )
        .unwrap();
        assert_eq!(sum.describe(), "imported 2 values: 1 sheet submitted");
        assert!(s.sheet("E02", "J1").unwrap().is_submitted());
    }

    #[test]
    fn describe_lists_replacements_and_shortens_long_lists() {
        let pair = |e: &str, j: &str| (e.to_string(), j.to_string());
        let sum = ImportSummary {
            submitted: vec![pair("E01", "J1"), pair("E02", "J1"), pair("E05", "J1")],
            drafts: (1..=5)
                .map(|i| (format!("E0{i}"), "J2".into(), vec!["impact".into()]))
                .collect(),
            replaced: vec![pair("E01", "J1")],
            values: 12,
        };
        assert_eq!(
            sum.describe(),
            "imported 12 values: 3 sheets submitted, 5 kept as draft (E01/J2: missing impact; \
             E02/J2: missing impact; E03/J2: missing impact; and 2 more)\n1 submitted sheet replaced (E01/J1)"
        );
    }

    #[test]
    fn written_scores_import_back_equal() {
        let mut s = session();
        let mut text = String::from("entry,juror,criterion,score,note\n");
        text.push_str(&sheet_rows("E01", "J1", 80));
        text.push_str(&sheet_rows("E01", "J2", 65));
        text.push_str(
            "E02,J1,novelty,77,\"Unik, tetapi \"\"mahal\"\"\"\nE02,J1,impact,,cek data\n",
        );
        import(&mut s, &text, false).unwrap();
        let mut out = Vec::new();
        write_scores(&s, &mut out).unwrap();
        let written = String::from_utf8(out).unwrap();
        assert!(
            written.starts_with("entry,juror,criterion,score,note\nE01,J1,problem,80,\n"),
            "{written}"
        );
        assert!(
            written.contains("E02,J1,novelty,77,\"Unik, tetapi \"\"mahal\"\"\"\n"),
            "{written}"
        );

        let mut fresh = session();
        let sum = import(&mut fresh, &written, false).unwrap();
        assert_eq!(sum.values, 17);
        assert_eq!(fresh.scores.len(), s.scores.len());
        for (a, b) in s.scores.iter().zip(&fresh.scores) {
            assert_eq!(
                (&a.entry, &a.juror, &a.values, &a.notes, a.state),
                (&b.entry, &b.juror, &b.values, &b.notes, b.state)
            );
        }
    }

    #[test]
    fn decimal_scales_round_trip() {
        let mut s = session();
        s.rubric = Rubric::preset("kipp-10").unwrap();
        import(
            &mut s,
            "entry,juror,criterion,score\nE01,J1,novelty,7.5\nE01,J1,impact,10\n",
            false,
        )
        .unwrap();
        let mut out = Vec::new();
        write_scores(&s, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "entry,juror,criterion,score,note\nE01,J1,novelty,7.5,\nE01,J1,impact,10,\n"
        );
        let (line, reason) = csv_error(import(
            &mut s,
            "entry,juror,criterion,score\nE01,J1,problem,7.3\n",
            false,
        ));
        assert_eq!(
            (line, reason.as_str()),
            (2, "problem: 7.3 is not on the scale's step of 0.5 from 1")
        );
    }

    /// The demo day: 20 entries, 5 jurors, 12 entries scored, E07 left for the absent one.
    #[test]
    fn demo_fixtures_build_a_session() {
        use crate::standings::{Options, TieBreak, compute};
        let mut s = Session::new(
            "Final KIPP Provinsi",
            Rubric::preset("kipp").unwrap(),
            now(),
        );
        let (cats, entries) =
            read_entries("demo-entries.csv", fixture("demo-entries.csv")).unwrap();
        s.jurors = read_jurors("demo-jurors.csv", fixture("demo-jurors.csv"), &entries).unwrap();
        s.categories = cats;
        s.entries = entries;
        assert_eq!(s.entries.len(), 20);
        assert_eq!(s.jurors.len(), 5);
        let names: Vec<&str> = s.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Perangkat Daerah Provinsi", "Kabupaten/Kota"]);
        for c in &s.categories {
            assert_eq!(s.entries.iter().filter(|e| e.category == c.id).count(), 10);
        }
        assert_eq!(
            s.entry("E06").unwrap().title,
            "Antrean Daring, Pulang Tanpa Menunggu"
        );
        assert_eq!(s.entry("E03").unwrap().title, "Samsat \"Jemput Bola\" Desa");
        assert_eq!(s.juror("J4").unwrap().conflicts, ["E05", "E11"]);

        let sum = import_scores(
            &mut s,
            "demo-scores.csv",
            fixture("demo-scores.csv"),
            false,
            now(),
        )
        .unwrap();
        assert_eq!(sum.submitted.len(), 56);
        assert_eq!(
            sum.drafts,
            [
                ("E13".into(), "J2".into(), vec!["interview".into()]),
                (
                    "E13".into(),
                    "J5".into(),
                    vec!["presentation".into(), "interview".into()]
                ),
            ]
        );
        assert!(sum.replaced.is_empty());
        assert_eq!(sum.values, 56 * 8 + 7 + 6);
        assert!(
            s.scores
                .iter()
                .all(|sh| !s.conflicted(&sh.juror, &sh.entry))
        );
        assert!(
            s.scores.iter().all(|sh| sh.entry != "E07"),
            "E07 is the absent one"
        );
        let scored: HashSet<&str> = s.scores.iter().map(|sh| sh.entry.as_str()).collect();
        assert_eq!(scored.len(), 12);
        assert!(
            crate::model::validate(&s).is_empty(),
            "{:?}",
            crate::model::validate(&s)
        );

        // Two exact ties: E03 = E09 (split by impact), E04 = E10 (shared, even on impact and novelty).
        s.tie_break = vec!["impact".into(), "novelty".into()];
        let st = compute(&s, &Options::default()).unwrap();
        let row = |id: &str| st.rows.iter().find(|r| r.entry == id).unwrap();
        assert_eq!(row("E03").score, row("E09").score);
        assert_eq!(row("E03").rank.unwrap() + 1, row("E09").rank.unwrap());
        assert_eq!(
            row("E03").tie_break,
            Some(TieBreak::Criterion("impact".into()))
        );
        assert_eq!(row("E04").score, row("E10").score);
        assert_eq!(row("E04").rank, row("E10").rank);
        assert_eq!(row("E10").tie_break, Some(TieBreak::Shared));
        let ranked: Vec<&str> = st
            .rows
            .iter()
            .filter(|r| r.rank.is_some())
            .map(|r| r.entry.as_str())
            .collect();
        assert_eq!(ranked.len(), 12);
        assert_eq!(row("E08").rank, Some(1));
    }

    #[test]
    fn bad_fixtures_fail_on_the_right_line() {
        let (line, reason) = csv_error(read_entries("x", fixture("bad/entries-broken-line.csv")));
        assert_eq!(line, 4);
        assert!(
            reason.starts_with("has 5 value(s) but the header has 6"),
            "{reason}"
        );

        let mut s = Session::new("Uji", Rubric::preset("kipp").unwrap(), now());
        let (cats, entries) =
            read_entries("demo-entries.csv", fixture("demo-entries.csv")).unwrap();
        s.jurors = read_jurors("demo-jurors.csv", fixture("demo-jurors.csv"), &entries).unwrap();
        s.categories = cats;
        s.entries = entries;
        let before = s.clone();
        let err = import_scores(
            &mut s,
            "scores-out-of-range.csv",
            fixture("bad/scores-out-of-range.csv"),
            false,
            now(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "scores-out-of-range.csv, line 7: replicability: 101 is above the scale maximum 100"
        );
        let err = import_scores(
            &mut s,
            "scores-unknown-juror.csv",
            fixture("bad/scores-unknown-juror.csv"),
            false,
            now(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "scores-unknown-juror.csv, line 4: there is no juror \"J6\""
        );
        assert_eq!(s, before);
    }

    #[test]
    fn rubric_fixtures_match_and_validate() {
        let read = |name: &str| {
            let mut text = String::new();
            fixture(name).read_to_string(&mut text).unwrap();
            text
        };
        let kipp = Rubric::preset("kipp").unwrap();
        let text = read("rubric-kipp.json");
        let from_file: Rubric = serde_json::from_str(&text).unwrap();
        assert_eq!(
            from_file, kipp,
            "fixtures/rubric-kipp.json is the kipp preset"
        );
        assert_eq!(
            text.trim_end(),
            serde_json::to_string_pretty(&kipp).unwrap()
        );

        let custom: Rubric = serde_json::from_str(&read("rubric-custom-example.json")).unwrap();
        assert_eq!(custom.criteria.len(), 4);
        assert!(
            custom
                .criteria
                .iter()
                .all(|c| (c.min, c.max, c.step) == (1.0, 10.0, 0.5))
        );
        let s = Session::new("Contoh", custom, now());
        assert!(
            crate::model::validate(&s).is_empty(),
            "{:?}",
            crate::model::validate(&s)
        );
    }
}
