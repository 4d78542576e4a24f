//! `juri validate`: checks a session file and names every problem.

use std::path::Path;

use crate::error::Result;
use crate::standings::{Method, Normalize};
use crate::store;

use super::*;

pub fn validate(file: &Path) -> Result<String> {
    let path = resolve(file);
    let s = store::load(&path)?;
    let submitted = s.scores.iter().filter(|x| x.is_submitted()).count();
    let absent = s.entries.iter().filter(|e| !e.status.competes()).count();
    Ok(format!(
        "{} is sound: \"{}\", {} entries ({} absent or withdrawn), {} jurors, {} sheets ({} submitted), {} audit events",
        path.display(),
        s.title,
        s.entries.len(),
        absent,
        s.jurors.len(),
        s.scores.len(),
        submitted,
        crate::model::audit::tip(&s).0
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
