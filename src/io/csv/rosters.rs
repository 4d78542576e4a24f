//! The agenda and the jury a session starts from: entries and jurors read from CSV.

use std::collections::HashMap;
use std::io::Read;

use crate::error::Result;
use crate::model::{Category, Entry, Juror, Status};

use super::*;

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
