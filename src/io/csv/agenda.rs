//! An agenda planned elsewhere: the `day` and `slot` columns of the entries file give the days
//! of the schedule.

use std::io::Read;

use crate::error::Result;
use crate::model::parse_hhmm;

use super::*;

/// Each planned day (1-based) with its slot starts in minutes, sorted, from the `day` and `slot`
/// columns of an entries file; empty when the file has no slots.
pub fn read_slots(file_label: &str, input: impl Read) -> Result<Vec<(u32, Vec<u32>)>> {
    let file = file_label;
    let (rows, _) = read_table(file, input, &ENTRY_COLUMNS, &ENTRY_OPTIONAL)?;
    let mut days: Vec<(u32, Vec<u32>)> = Vec::new();
    for row in &rows {
        let slot = row.get(10);
        if slot.is_empty() {
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
        match days.iter_mut().find(|d| d.0 == day) {
            Some(d) => d.1.push(at),
            None => days.push((day, vec![at])),
        }
    }
    days.sort_unstable();
    for d in &mut days {
        d.1.sort_unstable();
    }
    Ok(days)
}
