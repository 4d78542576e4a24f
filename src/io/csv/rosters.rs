//! The agenda and the jury a session starts from: entries and jurors read from CSV.

use std::collections::HashMap;
use std::io::Read;

use crate::error::Result;
use crate::model::{Category, Entry, Juror, Status};

use super::*;

/// Reads the agenda: `id,title,institution,category[,region,presenter,screening,reason,group,
/// day,slot]`, in agenda order.
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
        let (status, reason) = screening(file, row)?;
        let day = match row.get(9) {
            "" => None,
            d => Some(d.parse::<u32>().ok().filter(|&d| d > 0).ok_or_else(|| {
                csv_err(
                    file,
                    row.line,
                    format!("the day {d:?} is not a day number (1, 2, ...)"),
                )
            })?),
        };
        entries.push(Entry {
            id: id.into(),
            title: title.into(),
            institution: institution.into(),
            category: category.into(),
            region: row.opt(4),
            presenter: row.opt(5),
            status,
            reason,
            group: row.opt(8),
            day,
        });
    }
    Ok((categories, entries))
}

/// The screening columns of an entry row: `ineligible` (or *tidak lolos*) needs a reason;
/// empty, `eligible` or *lolos* leave the entry scheduled.
pub(super) fn screening(file: &str, row: &Row) -> Result<(Status, Option<String>)> {
    let word = row.get(6).to_lowercase();
    let reason = row.opt(7);
    match word.as_str() {
        "" | "eligible" | "lolos" | "lolos administrasi" | "ok" => Ok((Status::Scheduled, None)),
        "ineligible" | "tidak lolos" | "tidak lolos administrasi" | "tms" => match reason {
            Some(r) => Ok((Status::Ineligible, Some(r))),
            None => Err(csv_err(
                file,
                row.line,
                "the entry is ineligible but its reason is empty; write why in the reason column",
            )),
        },
        _ => Err(csv_err(
            file,
            row.line,
            format!("the screening {word:?} is not \"eligible\" or \"ineligible\""),
        )),
    }
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
