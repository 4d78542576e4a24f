//! The command line: everything that is not interactive.

mod args;
mod award;
mod chair_pin;
mod demo;
mod export;
mod generate;
mod import;
mod invite;
mod merge;
mod new;
mod recover;
mod rules;
mod schedule;
mod stages;
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
pub use invite::*;
pub use merge::*;
pub use new::*;
pub use recover::*;
pub use rules::*;
pub use schedule::*;
pub use stages::*;
pub use standings::*;
pub use validate::*;
pub use verify::*;

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::i18n::{Lang, T};
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

/// The language of the command line's own words: chosen once, at start, from `--lang` and
/// the system's `LANG` (a command that reads a session may prefer the session's language for
/// what it prints of it). English until set.
static LANGUAGE: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

pub fn set_lang(lang: Lang) {
    let _ = LANGUAGE.set(lang);
}

pub fn lang() -> Lang {
    LANGUAGE.get().copied().unwrap_or_default()
}

/// A short next step for the person at the keyboard.
pub fn hint(e: &Error, lang: Lang) -> Option<String> {
    let key = match e {
        Error::Io { .. } => T::HintIo,
        Error::Parse { path, .. } | Error::Invalid { path, .. } => {
            let bak = crate::store::bak_path(path);
            return Some(if bak.exists() {
                T::HintRecoverBak.fill(
                    lang,
                    &[&path.display().to_string(), &bak.display().to_string()],
                )
            } else {
                T::HintFixField.get(lang).to_string()
            });
        }
        Error::Locked { .. } => T::HintLocked,
        Error::Exists { .. } => T::HintExists,
        Error::Csv { reason, .. } if reason.contains("--replace") => T::HintReplace,
        Error::Csv { .. } => T::HintCsvLine,
        Error::Tampered { path, .. } => {
            let path = path.display().to_string();
            return Some(T::HintTampered.fill(lang, &[&path, &path]));
        }
        Error::Journal { .. } => T::HintJournal,
        Error::Symlink { .. } => T::HintSymlink,
        Error::NotRegular { .. } => T::HintNotRegular,
        Error::TooLarge { .. } => T::HintTooLarge,
        Error::Refused(crate::error::Refusal::StageExists(_)) => T::HintStageReplace,
        Error::Refused(_) | Error::Rejected(_) => return None,
        Error::Usage(_) => T::HintUsage,
        Error::ChairPin(_) => T::HintChairPin,
        Error::NoTerminal(_) => T::HintNoTerminal,
        Error::Plan(p) => p.hint(),
    };
    Some(key.get(lang).to_string())
}
