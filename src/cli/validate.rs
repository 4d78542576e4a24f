//! `juri validate`: checks a session file and names every problem.

use std::path::Path;

use crate::error::Result;
use crate::i18n::T;
use crate::standings::{Method, Normalize};
use crate::store;

use super::*;

pub fn validate(file: &Path) -> Result<String> {
    let path = resolve(file);
    let s = store::load(&path)?;
    let submitted = s.scores.iter().filter(|x| x.is_submitted()).count();
    let absent = s.entries.iter().filter(|e| !e.status.competes()).count();
    Ok(T::CliSound.fill(
        lang(),
        &[
            &path.display().to_string(),
            &s.title,
            &s.entries.len().to_string(),
            &absent.to_string(),
            &s.jurors.len().to_string(),
            &s.scores.len().to_string(),
            &submitted.to_string(),
            &crate::model::audit::tip(&s).0.to_string(),
        ],
    ))
}

impl MethodArg {
    pub fn method(self) -> Method {
        match self {
            MethodArg::Mean => Method::Mean,
            MethodArg::Median => Method::Median,
            MethodArg::Trimmed => Method::Trimmed,
        }
    }
}

impl NormalizeArg {
    pub fn normalize(self) -> Normalize {
        match self {
            NormalizeArg::None => Normalize::None,
            NormalizeArg::Zscore => Normalize::Zscore,
        }
    }
}
