//! `juri merge`: one session from several of one competition (parallel panels, or days kept
//! as separate files), each entry's sheets from whichever file scored it.

use clap::Args;

use crate::error::{Error, Result};
use crate::i18n::T;
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
    /// Shift each panel's totals by its offset on the entries the panels shared (scored in
    /// more than one file): the mean of its differences from all panels' means there.
    #[arg(long)]
    pub calibrate: bool,
}

pub fn merge_sessions(a: &MergeArgs) -> Result<String> {
    let mut sources = Vec::with_capacity(a.files.len());
    for f in &a.files {
        let path = resolve(f);
        let s = store::load(&path)?;
        let log = store::read_log(&path, &s)?;
        // Only a file whose audit log gives its scores is merged: its fingerprint then pins it.
        let v = verify(&s, &log).map_err(|why| {
            Error::usage(format!(
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
    let shifts = if a.calibrate {
        Some(shifts(&sources)?)
    } else {
        None
    };
    let mut m = merge(&sources, shifts.as_deref(), &title, now())?;
    store::save_new(&a.output, &mut m)?;
    let sheets = m.scores.iter().filter(|s| s.is_submitted()).count();
    let words = lang();
    let count = |n: usize, one: &str, many: &str, id: T| match words {
        crate::i18n::Lang::En => crate::io::csv::plural(n, one, many),
        _ => id.fill(words, &[&n.to_string()]),
    };
    Ok(T::CliMerged.fill(
        words,
        &[
            &a.output.display().to_string(),
            &count(m.entries.len(), "entry", "entries", T::CliNEntries),
            &sources.len().to_string(),
            &count(m.jurors.len(), "juror", "jurors", T::CliNJurors),
            &count(
                sheets,
                "submitted sheet",
                "submitted sheets",
                T::CliSubmittedSheets,
            ),
        ],
    ))
}

/// Per source, the points added to its totals: minus the mean, over the entries it shares with
/// another source, of its mean there less the mean of every source's means there. Exact.
fn shifts(sources: &[(crate::model::Session, Source)]) -> Result<Vec<String>> {
    use num_bigint::BigInt;
    use num_rational::BigRational;
    use std::collections::BTreeMap;
    let mut means: Vec<BTreeMap<String, BigRational>> = Vec::new();
    for (s, _) in sources {
        let st = crate::standings::compute(s, &Default::default())?;
        means.push(
            st.rows
                .iter()
                .filter_map(|r| match &r.score {
                    Some(crate::standings::Score::Points(p)) if r.unranked.is_none() => Some((
                        r.entry.clone(),
                        BigRational::new(BigInt::from(p.num()), BigInt::from(p.den())),
                    )),
                    _ => None,
                })
                .collect(),
        );
    }
    let mut shifts = Vec::with_capacity(sources.len());
    for (k, mine) in means.iter().enumerate() {
        let mut diffs = Vec::new();
        for (e, x) in mine {
            let all: Vec<&BigRational> = means.iter().filter_map(|m| m.get(e)).collect();
            if all.len() < 2 {
                continue;
            }
            let n = BigRational::from_integer(BigInt::from(all.len()));
            let avg = all.into_iter().sum::<BigRational>() / n;
            diffs.push(x - avg);
        }
        if diffs.is_empty() {
            return Err(Error::usage(format!(
                "--calibrate: {} shares no scored entry with another file; calibration needs at least one entry every panel scored",
                sources[k].1.file
            )));
        }
        let n = BigRational::from_integer(BigInt::from(diffs.len()));
        let offset = diffs.into_iter().sum::<BigRational>() / n;
        let shift = -offset;
        shifts.push(format!("{}/{}", shift.numer(), shift.denom()));
    }
    Ok(shifts)
}
