//! CSV files in and out: the entries and jurors a session starts from, and score sheets filled
//! in elsewhere (a spreadsheet, another laptop) that are imported into a running session.
//!
//! Every file is UTF-8 (a leading byte-order mark is dropped) with a header row; header names
//! are matched case-insensitively, values are trimmed and blank lines are skipped. Every error
//! names the file and the 1-based line (the header is line 1) so the secretariat can fix it.
//! Score imports are all-or-nothing and go through [`Session::apply`], so they are audited.

mod agenda;
mod rosters;
mod scores;
mod stage;
mod table;

pub use agenda::*;
pub use rosters::*;
pub use scores::*;
pub use stage::*;
pub use table::*;

/// The actor recorded in the audit log for changes made by an import.
pub const IMPORT_ACTOR: &str = "import";

pub const ENTRY_COLUMNS: [&str; 4] = ["id", "title", "institution", "category"];
/// `screening,reason`: the administrative screening (an entry marked `ineligible` needs its
/// reason); `group`: the *kelompok*; `day,slot`: the agenda's day (1, 2, ...) and planned time.
pub const ENTRY_OPTIONAL: [&str; 7] = [
    "region",
    "presenter",
    "screening",
    "reason",
    "group",
    "day",
    "slot",
];
pub const JUROR_COLUMNS: [&str; 2] = ["id", "name"];
pub const JUROR_OPTIONAL: [&str; 2] = ["role", "conflicts"];
pub const SCORE_COLUMNS: [&str; 4] = ["entry", "juror", "criterion", "score"];
pub const SCORE_OPTIONAL: [&str; 1] = ["note"];

#[cfg(test)]
mod tests;
