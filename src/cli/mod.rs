//! The command line: everything that is not interactive.

mod args;
mod award;
mod chair_pin;
mod demo;
mod export;
mod generate;
mod import;
mod new;
mod recover;
mod rules;
mod standings;
mod validate;
mod verify;

pub use args::*;
pub use award::*;
pub use chair_pin::*;
pub use demo::*;
pub use export::*;
pub use generate::*;
pub use import::*;
pub use new::*;
pub use recover::*;
pub use rules::*;
pub use standings::*;
pub use validate::*;
pub use verify::*;

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Time;
use crate::store;

pub fn now() -> Time {
    chrono::Local::now().fixed_offset()
}

/// A bare file name that is not in the current folder is looked up in the data folder.
pub fn resolve(path: &Path) -> PathBuf {
    if path.exists() || path.components().count() != 1 {
        return path.to_path_buf();
    }
    match store::data_dir() {
        Ok(dir) if dir.join(path).exists() => dir.join(path),
        _ => path.to_path_buf(),
    }
}

fn open_csv(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| Error::io("read", path, e))
}

fn label(path: &Path) -> String {
    path.display().to_string()
}

/// Asks for a secret with a prompt: the terminal without echo, or a line of standard input.
pub type AskSecret<'a> = &'a mut dyn FnMut(&str) -> Result<String>;

/// A short next step for the person at the keyboard.
pub fn hint(e: &Error) -> Option<String> {
    match e {
        Error::Io { .. } => Some("check the path and its permissions".into()),
        Error::Parse { path, .. } | Error::Invalid { path, .. } => {
            let bak = crate::store::bak_path(path);
            Some(if bak.exists() {
                format!(
                    "the file was not changed; `juri recover {}` shows the previous version kept in {}",
                    path.display(),
                    bak.display()
                )
            } else {
                "the file was not changed; fix the field named above, or restore a copy".into()
            })
        }
        Error::Locked { .. } => Some(
            "close the other juri on this session first, or wait until it has finished".into(),
        ),
        Error::Exists { .. } => Some("choose another file name".into()),
        Error::Csv { reason, .. } if reason.contains("--replace") => {
            Some("add --replace to replace submitted sheets (each is recorded in the audit log); nothing was changed".into())
        }
        Error::Csv { .. } => Some("fix that line and run the command again; nothing was changed".into()),
        Error::Tampered { path, .. } => Some(format!(
            "nothing was written; `juri verify {0}` names what differs: compare with the backup (`juri recover {0}`) and the fingerprint on the signed minutes",
            path.display()
        )),
        Error::Journal { .. } => Some(
            "a session file and its audit journal (NAME.audit.jsonl beside it) belong together: copy, move and back them up as a pair; nothing was changed".into(),
        ),
        Error::Symlink { .. } => Some(
            "put the file itself at that name (or remove the link: a lock file is made again) and run the command again; nothing was changed".into(),
        ),
        Error::NotRegular { .. } => Some(
            "juri reads and writes plain files only: give the path of a session file; nothing was changed".into(),
        ),
        Error::TooLarge { .. } => Some(
            "this is not a file juri wrote: check the path; nothing was changed".into(),
        ),
        Error::Refused(_) | Error::Rejected(_) => None,
        Error::Usage(_) => Some("see `juri help`".into()),
        Error::ChairPin(_) => Some(
            "with PINs on, chair actions need the chair's PIN: run the command on a terminal to be asked for it, or give it on standard input with --chair-pin-stdin; no score was changed".into(),
        ),
        Error::NoTerminal(_) => Some(
            "run it in a terminal window; scripts can use `juri standings`, `juri export` or `juri validate`".into(),
        ),
    }
}
