//! The table reader under every CSV file: encoding, delimiter, header mapping, line numbers, and cells guarded against spreadsheet formulas.

use std::collections::HashSet;
use std::io::Read;

use crate::error::{Error, Result};

/// Whether a spreadsheet would take `text` as a formula: it begins with `=`, `+`, `-`, `@`, a tab
/// or a carriage return (OWASP's list) and is not simply a number, or it begins with `'`
/// followed by such a text (so that guarding, then reading back, gives the text unchanged).
pub(super) fn formula_like(text: &str) -> bool {
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
pub(super) fn uncell(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => text,
    }
}

pub(super) fn csv_err(file: &str, line: u64, reason: impl Into<String>) -> Error {
    Error::Csv {
        file: file.into(),
        line,
        reason: reason.into(),
        why: None,
    }
}

/// A line of a CSV file whose change was refused: the refusal is kept, so that it is told in
/// the user's language.
pub(super) fn csv_refused(file: &str, line: u64, why: crate::error::Refusal) -> Error {
    Error::Csv {
        file: file.into(),
        line,
        reason: why.to_string(),
        why: Some(why),
    }
}

/// One data row: its line in the file and its trimmed values in the order of the columns
/// asked for (required first, then optional; an optional column not in the file reads "").
pub(super) struct Row {
    pub(super) line: u64,
    pub(super) values: Vec<String>,
}

impl Row {
    pub(super) fn get(&self, i: usize) -> &str {
        self.values.get(i).map_or("", String::as_str)
    }

    pub(super) fn opt(&self, i: usize) -> Option<String> {
        Some(self.get(i))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }
}

/// Reads a whole CSV file: checks the encoding and the header, and returns the data rows and
/// the separator the file uses.
pub(super) fn read_table(
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
pub(super) fn delimiter_of(body: &[u8]) -> u8 {
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
pub(super) struct LineCounter<'a> {
    pub(super) text: &'a [u8],
    pub(super) byte: usize,
    pub(super) line: u64,
}

impl<'a> LineCounter<'a> {
    pub(super) fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            byte: 0,
            line: 1,
        }
    }

    /// The line of the record found at `byte`: a record's offset is where the previous one ended,
    /// so the line ends and blank lines in between are skipped first. Offsets only grow.
    pub(super) fn line_at(&mut self, byte: u64) -> u64 {
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
pub(super) fn map_header(
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
pub(super) fn need<'a>(file: &str, row: &'a Row, i: usize, what: &str) -> Result<&'a str> {
    let v = row.get(i);
    if v.is_empty() {
        return Err(csv_err(file, row.line, format!("{what} is empty")));
    }
    Ok(v)
}
