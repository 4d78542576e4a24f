//! Reading and writing other people's formats: CSV tables (rosters, score imports), the
//! standings report and the exports (HTML, minutes, JSON, CSV).

pub mod agenda;
pub mod csv;
pub mod export;
pub mod report;
pub mod rules_text;
pub mod stages;
