//! An agenda planned elsewhere: the `day` and `slot` columns of the entries file give the days
//! of the schedule.

use std::io::Read;

use crate::error::{Error, PlanError, Result};
use crate::model::parse_hhmm;

use super::*;

/// A slot the entries file plans for an entry that competes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSlot {
    pub entry: String,
    /// The file's line, to name it when the slot cannot be kept.
    pub line: u64,
    /// 1-based.
    pub day: u32,
    /// Minutes after midnight.
    pub at: u32,
}

/// The slots an entries file plans, with the file's name for the messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgendaFile {
    pub file: String,
    pub slots: Vec<PlannedSlot>,
}

/// The `day` and `slot` columns of an entries file, in file order; no slots when the file has
/// none. Once one row has a slot, every entry that competes needs one: the chair's times are
/// kept as written, so a row left out would be planned nowhere.
pub fn read_slots(file_label: &str, input: impl Read) -> Result<AgendaFile> {
    let file = file_label;
    let (rows, _) = read_table(file, input, &ENTRY_COLUMNS, &ENTRY_OPTIONAL)?;
    let mut slots = Vec::new();
    let mut without = Vec::new();
    for row in &rows {
        if screening(file, row)?.0 == crate::model::Status::Ineligible {
            continue;
        }
        let slot = row.get(10);
        if slot.is_empty() {
            without.push(row);
            continue;
        }
        let at = parse_hhmm(slot).ok_or_else(|| {
            csv_err(
                file,
                row.line,
                format!("the slot {slot:?} is not a time HH:MM"),
            )
        })?;
        let day = row
            .get(9)
            .parse::<u32>()
            .ok()
            .filter(|&d| d > 0)
            .ok_or_else(|| {
                csv_err(
                    file,
                    row.line,
                    "a row with a slot needs its day number (1, 2, ...)",
                )
            })?;
        slots.push(PlannedSlot {
            entry: row.get(0).to_string(),
            line: row.line,
            day,
            at,
        });
    }
    if let (Some(row), false) = (without.first(), slots.is_empty()) {
        return Err(Error::Plan(PlanError::SlotMissing {
            file: file.into(),
            line: row.line,
            entry: row.get(0).to_string(),
        }));
    }
    Ok(AgendaFile {
        file: file.into(),
        slots,
    })
}
