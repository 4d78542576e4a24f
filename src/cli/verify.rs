//! `juri verify`: replays the audit log and says whether the file is what it claims.

use std::path::Path;

use crate::error::{Error, Result};
use crate::i18n::T;
use crate::store;

use super::*;

pub fn verify(file: &Path) -> Result<String> {
    let path = resolve(file);
    let s = store::load(&path)?;
    let log = store::read_log(&path, &s)?;
    let v = crate::standings::verify::verify(&s, &log).map_err(|problem| Error::Tampered {
        path: path.clone(),
        problem,
    })?;
    Ok(T::CliVerified.fill(
        lang(),
        &[
            &path.display().to_string(),
            &v.events.to_string(),
            &v.sheets.to_string(),
            &v.submitted.to_string(),
            &v.fingerprint,
        ],
    ))
}

/// One line about a session file: what it holds, and whether it verifies.
pub(super) fn describe(path: &Path, s: &crate::model::Session) -> String {
    let submitted = s.scores.iter().filter(|x| x.is_submitted()).count();
    let verified = store::read_log(path, s)
        .map_err(|e| e.to_string())
        .and_then(|log| crate::standings::verify::verify(s, &log));
    let lang = lang();
    let check = match verified {
        Ok(_) => T::CliVerifies.get(lang).to_string(),
        Err(e) => T::CliDoesNotVerify.fill(lang, &[&e]),
    };
    T::CliDescribe.fill(
        lang,
        &[
            &s.title,
            &s.updated.format("%Y-%m-%d %H:%M:%S").to_string(),
            &s.scores.len().to_string(),
            &submitted.to_string(),
            &crate::model::audit::tip(s).0.to_string(),
            &check,
        ],
    )
}
