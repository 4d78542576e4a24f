//! `juri award`: the chair gives an entry a special award with the reason, or withdraws one;
//! both are chair actions in the audit log.

use clap::Args;

use crate::error::Result;
use crate::i18n::T;
use crate::model::pin::CHAIR;
use crate::model::{Award, Change};
use crate::store;

use super::*;

#[derive(Debug, Args)]
pub struct AwardArgs {
    /// The session file.
    pub file: PathBuf,
    /// The entry's id.
    pub entry: String,
    /// The award's name, e.g. "Top 5 Outstanding".
    pub name: String,
    /// Why the panel gives it (or, with --withdraw, why it is taken back).
    #[arg(long)]
    pub reason: String,
    /// Take the award back instead.
    #[arg(long)]
    pub withdraw: bool,
    /// Read the chair's PIN from the first line of standard input.
    #[arg(long)]
    pub chair_pin_stdin: bool,
}

pub fn award(a: &AwardArgs, stdin: &mut dyn std::io::BufRead) -> Result<String> {
    let path = resolve(&a.file);
    let _lock = store::lock(&path)?;
    let mut s = store::load(&path)?;
    store::check_before_write(&path, &mut s)?;
    if s.security.pins {
        require_chair_pin(&path, &mut s, "an award", a.chair_pin_stdin, stdin, true)?;
    }
    let change = if a.withdraw {
        Change::WithdrawAward {
            name: a.name.clone(),
            entry: a.entry.clone(),
            reason: a.reason.clone(),
        }
    } else {
        Change::GiveAward {
            award: Award {
                name: a.name.clone(),
                entry: a.entry.clone(),
                reason: a.reason.clone(),
            },
        }
    };
    s.apply(CHAIR, change, now())?;
    store::save(&path, &mut s)?;
    let name = format!("{:?}", a.name);
    Ok(if a.withdraw {
        T::CliAwardWithdrawn.fill(lang(), &[&name, &a.entry])
    } else {
        T::CliAwardGiven.fill(lang(), &[&a.entry, &name])
    })
}
