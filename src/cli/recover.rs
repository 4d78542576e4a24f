//! `juri recover`: shows, and on confirmation restores, the previous version.

use std::path::Path;

use crate::error::{Error, Msg, Result};
use crate::i18n::T;
use crate::store;

use super::*;

/// `answer` gives the confirmation, after the chair's PIN with `chair_pin_stdin`.
pub fn recover(
    file: &Path,
    yes: bool,
    chair_pin_stdin: bool,
    answer: &mut dyn std::io::BufRead,
) -> Result<String> {
    let path = resolve(file);
    let bak = store::bak_path(&path);
    if !bak.exists() {
        return Err(Error::rejected(Msg::new(T::CliNoBackup, &[&bak.display()])));
    }
    let _lock = store::lock(&path)?;
    let old = store::load_backup(&path)?;
    let loaded = store::load(&path);
    let current = match &loaded {
        Ok(s) => format!("{} {}", T::CliNow.get(lang()), describe(&path, s)),
        Err(e) => format!(
            "{} {}",
            T::CliNow.get(lang()),
            T::CliCannotLoad.fill(lang(), &[&e.text(lang())])
        ),
    };
    // Restoring can undo submitted sheets: with PINs on it is a chair action. The PIN is the
    // one of the session as it is, or of the backup when the session does not load (a lockout
    // is then not recorded: the damaged file is not written).
    match loaded {
        Ok(mut s) if s.security.pins => {
            require_chair_pin(
                &path,
                &mut s,
                T::CliWhatRestore.get(lang()),
                chair_pin_stdin,
                answer,
                true,
            )?;
        }
        Err(_) if old.security.pins => {
            let mut b = old.clone();
            require_chair_pin(
                &path,
                &mut b,
                T::CliWhatRestore.get(lang()),
                chair_pin_stdin,
                answer,
                false,
            )?;
        }
        _ => {}
    }
    let mut out = format!(
        "{current}\n{} {}\n",
        T::CliBackup.get(lang()),
        describe(&path, &old)
    );
    if !yes {
        let ask = T::CliRestoreAsk.fill(lang(), &[&path.display().to_string()]);
        eprint!("{out}{ask} ");
        let mut line = String::new();
        let _ = answer.read_line(&mut line);
        if !matches!(line.trim(), "y" | "Y" | "yes" | "ya") {
            return Ok(T::CliNothingChanged.get(lang()).into());
        }
        out.clear();
    }
    // Keep what is there now, readable or not, beside the session.
    if path.exists() {
        let keep = path.with_file_name(format!(
            "{}.before-recover-{}",
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            now().format("%Y%m%d-%H%M%S%.f")
        ));
        if keep.exists() {
            return Err(Error::Exists { path: keep });
        }
        store::copy_new(&path, &keep)?;
        let kept = T::CliKept.fill(lang(), &[&keep.display().to_string()]);
        out.push_str(&format!("{kept}\n"));
    }
    let bytes = store::read_session_bytes(&bak)?;
    store::restore(&path, &bytes)?;
    out.push_str(&T::CliRestored.fill(
        lang(),
        &[&path.display().to_string(), &bak.display().to_string()],
    ));
    Ok(out)
}
