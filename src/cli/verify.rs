//! `juri verify`: replays the audit log and says whether the file is what it claims.

use std::path::Path;

use crate::error::{Error, Result};
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
    Ok(format!(
        "{} verified: {} audit events chained from the session id, replay matches {} sheets ({} submitted), the timer log and the standings\nfingerprint {}",
        path.display(),
        v.events,
        v.sheets,
        v.submitted,
        v.fingerprint
    ))
}

/// One line about a session file: what it holds, and whether it verifies.
pub(super) fn describe(path: &Path, s: &crate::model::Session) -> String {
    let submitted = s.scores.iter().filter(|x| x.is_submitted()).count();
    let verified = store::read_log(path, s)
        .map_err(|e| e.to_string())
        .and_then(|log| crate::standings::verify::verify(s, &log));
    let check = match verified {
        Ok(_) => "verifies".to_string(),
        Err(e) => format!("does not verify: {e}"),
    };
    format!(
        "\"{}\", saved {}, {} sheets ({} submitted), {} audit events; {}",
        s.title,
        s.updated.format("%Y-%m-%d %H:%M:%S"),
        s.scores.len(),
        submitted,
        crate::model::audit::tip(s).0,
        check
    )
}
