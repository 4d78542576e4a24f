//! `juri import-scores`: score sheets from CSV into a session.

use crate::error::{Error, Result};
use crate::i18n::{Lang, T};
use crate::io::csv;
use crate::model::Rubric;
use crate::model::pin::CHAIR;
use crate::store;

use super::*;

/// `flag` names no criterion: say which ids there are, and which one was meant when only the
/// case or the criterion's name was given.
pub(super) fn unknown_criterion(flag: &str, given: &str, rubric: &Rubric) -> String {
    let ids: Vec<&str> = rubric.criteria.iter().map(|c| c.id.as_str()).collect();
    let meant = rubric.criteria.iter().find(|c| {
        let g = given.trim().to_lowercase();
        c.id.to_lowercase() == g || c.name.en.to_lowercase() == g || c.name.id.to_lowercase() == g
    });
    let mut text = format!(
        "{flag}: there is no criterion {given:?}; the criterion ids are: {}",
        ids.join(", ")
    );
    if let Some(c) = meant {
        text.push_str(&format!(" (did you mean {:?}?)", c.id));
    }
    text
}

/// `stdin` gives the chair's PIN with `--chair-pin-stdin`.
pub fn import_scores(a: &ImportArgs, stdin: &mut dyn std::io::BufRead) -> Result<String> {
    use std::io::Read;
    let path = resolve(&a.file);
    let _lock = store::lock(&path)?;
    let mut s = store::load(&path)?;
    // Before the import reads values off a file that may have been changed by hand.
    store::check_before_write(&path, &mut s)?;
    let mut text = Vec::new();
    open_csv(&a.scores)?
        .read_to_end(&mut text)
        .map_err(|e| Error::io("read", &a.scores, e))?;
    let file = label(&a.scores);
    let mut reopener = csv::IMPORT_ACTOR;
    if a.replace && s.security.pins {
        // Ask for the PIN only when the import does replace a submitted sheet.
        let mut probe = s.clone();
        let trial = csv::import_scores_by(&mut probe, &file, &text[..], true, CHAIR, now())?;
        if !trial.replaced.is_empty() {
            let n = trial.replaced.len();
            let what = match (lang(), n) {
                (Lang::En, _) => format!(
                    "replacing {}",
                    csv::plural(n, "submitted sheet", "submitted sheets")
                ),
                (lang, _) => T::CliWhatReplace.fill(lang, &[&n.to_string()]),
            };
            require_chair_pin(&path, &mut s, &what, a.chair_pin_stdin, stdin, true)?;
            reopener = CHAIR;
        }
    }
    let summary = csv::import_scores_by(&mut s, &file, &text[..], a.replace, reopener, now())?;
    store::save(&path, &mut s)?;
    Ok(summary.describe_in(lang()))
}
