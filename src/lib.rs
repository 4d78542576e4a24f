//! juri: run live jury sessions of public-service innovation competitions.
//!
//! The library is the domain core (session model, rubric, standings, timer, audit) plus storage
//! and the command line; it has no terminal code outside `tui`.

#![forbid(unsafe_code)]

pub mod audit;
pub mod cli;
pub mod csv_io;
pub mod error;
pub mod export;
pub mod r#gen;
pub mod i18n;
pub mod model;
pub mod num;
pub mod pin;
pub mod report;
pub mod schedule;
pub mod standings;
pub mod store;
pub mod timer;
pub mod tui;
pub mod verify;

pub use error::{Error, Result};
