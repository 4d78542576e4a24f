//! `juri chair-pin`, and the chair's PIN that chair actions on the command line ask for.

use std::path::Path;

use crate::error::{Error, Msg, Result};
use crate::i18n::T;
use crate::model::Session;
use crate::model::pin::CHAIR;
use crate::store;

use super::*;

/// The chair's new PIN, typed twice alike.
pub(super) fn new_chair_pin(ask: AskSecret) -> Result<String> {
    let lang = lang();
    let pin = ask(&format!("{}: ", T::CliChairPinNew.get(lang)))?;
    if !crate::model::pin::valid(&pin) {
        return Err(Error::usage(T::CliPinDigits));
    }
    if ask(&format!("{}: ", T::CliChairPinAgain.get(lang)))? != pin {
        return Err(Error::usage(T::CliPinsDiffer));
    }
    crate::model::pin::hash(&pin).map_err(Error::rejected)
}

/// Sets (or, after the current one, changes) the chair's PIN of a session.
pub fn chair_pin(file: &Path, ask: AskSecret) -> Result<String> {
    let path = resolve(file);
    let _lock = store::lock(&path)?;
    let mut s = store::load(&path)?;
    if let Some(old) = s.security.pin_hashes.get(crate::model::pin::CHAIR) {
        if let Some(until) = s.security.lockouts.get(crate::model::pin::CHAIR)
            && *until > now()
        {
            return Err(Error::rejected(Msg::new(
                T::CliPinLocked,
                &[&until.format("%H:%M:%S")],
            )));
        }
        let current = ask(&format!("{}: ", T::CliChairPinCurrent.get(lang())))?;
        if !crate::model::pin::check(&current, old) {
            return Err(Error::rejected(T::CliPinNotCurrent));
        }
    }
    let hash = new_chair_pin(ask)?;
    let who = crate::model::pin::CHAIR.to_string();
    s.apply("chair", crate::model::Change::SetPin { who, hash }, now())?;
    store::save(&path, &mut s)?;
    Ok(T::CliPinSet.fill(lang(), &[&path.display().to_string()]))
}

/// Checks the chair's PIN for a chair action (`what`, in the command line's language) on a
/// session with PINs on: from the first
/// line of `stdin` with `--chair-pin-stdin`, else asked on the terminal, else refused. As on the
/// screens, too many wrong tries lock the PIN for a minute, and the lockout is in the audit log;
/// a script has one try. Without `record`, the lockout is not written (the session at `path`
/// does not load) and only the wrong PIN is told.
pub(super) fn require_chair_pin(
    path: &Path,
    s: &mut Session,
    what: &str,
    from_stdin: bool,
    stdin: &mut dyn std::io::BufRead,
    record: bool,
) -> Result<()> {
    use std::io::IsTerminal;
    let Some(hash) = s.security.pin_hashes.get(CHAIR).cloned() else {
        return Err(Error::chair_pin(Msg::new(
            T::CliPinNotSet,
            &[&what, &path.display()],
        )));
    };
    let at = now();
    if let Some(until) = s.security.lockouts.get(CHAIR).filter(|u| **u > at) {
        return Err(Error::chair_pin(Msg::new(
            T::CliPinNeededLocked,
            &[&what, &until.format("%H:%M:%S")],
        )));
    }
    let tries = if from_stdin {
        1
    } else if std::io::stdin().is_terminal() {
        crate::model::pin::MAX_TRIES
    } else {
        return Err(Error::chair_pin(Msg::new(T::CliPinNoTerminal, &[&what])));
    };
    for left in (0..tries).rev() {
        let pin = if from_stdin {
            let mut line = String::new();
            stdin
                .read_line(&mut line)
                .map_err(|e| Error::io("read", "standard input", e))?;
            line.trim().to_string()
        } else {
            ask_pin(&format!("{what}: {}: ", T::CliChairPin.get(lang())))?
        };
        if crate::model::pin::check(&pin, &hash) {
            return Ok(());
        }
        if left > 0 {
            eprintln!("{}", T::CliPinRetry.fill(lang(), &[&left.to_string()]));
        }
    }
    if !record {
        return Err(Error::chair_pin(Msg::new(T::CliPinWrong, &[&what])));
    }
    let until = now() + chrono::Duration::seconds(crate::model::pin::LOCKOUT_SECONDS);
    let lockout = crate::model::Change::PinLockout {
        who: CHAIR.into(),
        until,
    };
    s.apply(CHAIR, lockout, now())?;
    store::save(path, s)?;
    Err(Error::chair_pin(Msg::new(
        T::CliPinWrongLocked,
        &[&what, &until.format("%H:%M:%S")],
    )))
}

/// Reads a PIN on the terminal, drawing a dot per digit; Esc or Ctrl-C gives up.
pub fn ask_pin(prompt: &str) -> Result<String> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    use crossterm::terminal::{disable_raw_mode, enable_raw_mode};
    use std::io::Write;
    let tty = |e: std::io::Error| Error::io("use", "the terminal", e);
    let mut err = std::io::stderr();
    // Raw mode before the prompt shows: a PIN typed as soon as it appears is never echoed by
    // the terminal, and its Enter is not turned into a line feed.
    enable_raw_mode().map_err(tty)?;
    let _ = write!(err, "{prompt}").and_then(|()| err.flush());
    let mut pin = String::new();
    let outcome = loop {
        let key = match read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => k,
            Ok(_) => continue,
            Err(e) => break Err(tty(e)),
        };
        match key.code {
            KeyCode::Enter => break Ok(()),
            // A line feed (Ctrl-J) is how some terminals send Enter in raw mode.
            KeyCode::Char('j') if key.modifiers.contains(KeyModifiers::CONTROL) => break Ok(()),
            KeyCode::Esc => break Err(Error::rejected(T::CliCancelled)),
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                break Err(Error::rejected(T::CliCancelled));
            }
            KeyCode::Char(c) if c.is_ascii_digit() && pin.len() < 8 => {
                pin.push(c);
                let _ = write!(err, "•");
            }
            KeyCode::Backspace if pin.pop().is_some() => {
                let _ = write!(err, "\x08 \x08");
            }
            _ => {}
        }
        let _ = err.flush();
    };
    let _ = disable_raw_mode();
    let _ = write!(err, "\r\n");
    outcome.map(|()| pin)
}
