//! `juri gen`: a generated session, for trials and benchmarks.

use crate::error::{Error, Result};
use crate::io::csv;
use crate::store;

use super::*;

pub fn generate(a: &GenArgs) -> Result<String> {
    if a.entries == 0 || a.jurors == 0 || !(0.0..=1.0).contains(&a.scored) {
        return Err(Error::usage(
            "--entries and --jurors must be above 0 and --scored between 0 and 1",
        ));
    }
    // Before the work of generating it.
    if a.file.exists() {
        return Err(Error::Exists {
            path: a.file.clone(),
        });
    }
    let mut s = crate::r#gen::generate(a.entries, a.jurors, a.scored, a.seed);
    if a.live {
        crate::r#gen::prepare_live(&mut s)?;
    }
    store::save_new(&a.file, &mut s)?;
    Ok(format!(
        "wrote {}: {}, {}, {} sheets ({} submitted), {} audit events",
        a.file.display(),
        csv::plural(s.entries.len(), "entry", "entries"),
        csv::plural(s.jurors.len(), "juror", "jurors"),
        s.scores.len(),
        s.scores.iter().filter(|x| x.is_submitted()).count(),
        s.log.events
    ))
}
