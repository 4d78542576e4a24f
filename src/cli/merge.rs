//! `juri merge`: one session from several of one competition (parallel panels, or days kept
//! as separate files), each entry's sheets from whichever file scored it.

use clap::Args;

use crate::error::{Error, Result};
use crate::model::merge::{Source, merge};
use crate::standings::verify::verify;
use crate::store;

use super::*;

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The session files, two or more, on one rubric.
    #[arg(required = true, num_args = 2..)]
    pub files: Vec<PathBuf>,
    /// The merged session file to create (refused if it exists).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Title of the merged session (default: the first file's).
    #[arg(long)]
    pub title: Option<String>,
}

pub fn merge_sessions(a: &MergeArgs) -> Result<String> {
    let mut sources = Vec::with_capacity(a.files.len());
    for f in &a.files {
        let path = resolve(f);
        let s = store::load(&path)?;
        let log = store::read_log(&path, &s)?;
        // Only a file whose audit log gives its scores is merged: its fingerprint then pins it.
        let v = verify(&s, &log).map_err(|why| {
            Error::Usage(format!(
                "{} does not verify, so it cannot be merged: {why}",
                f.display()
            ))
        })?;
        let src = Source {
            file: label(f),
            title: s.title.clone(),
            id: s.id.clone(),
            fingerprint: v.fingerprint,
        };
        sources.push((s, src));
    }
    let title = a
        .title
        .clone()
        .unwrap_or_else(|| sources[0].0.title.clone());
    let mut m = merge(&sources, &title, now())?;
    store::save_new(&a.output, &mut m)?;
    let sheets = m.scores.iter().filter(|s| s.is_submitted()).count();
    Ok(format!(
        "created {}: {} from {} files, {}, {}",
        a.output.display(),
        crate::io::csv::plural(m.entries.len(), "entry", "entries"),
        sources.len(),
        crate::io::csv::plural(m.jurors.len(), "juror", "jurors"),
        crate::io::csv::plural(sheets, "submitted sheet", "submitted sheets"),
    ))
}
