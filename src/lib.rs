//! juri: run live jury sessions of public-service innovation competitions.
//!
//! The library is the domain core (session model, rubric, standings, timer, audit) plus storage
//! and the command line; it has no terminal code outside `tui`.

#![forbid(unsafe_code)]

pub mod cli;
pub mod error;
pub mod r#gen;
pub mod i18n;
pub mod io;
pub mod model;
pub mod serve;
pub mod standings;
pub mod store;
pub mod tui;

pub use error::{Error, Result};
