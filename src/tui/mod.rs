//! The interactive screens. Input -> keymap -> `Action` -> `update` -> `Effect`; `view` draws.

pub mod action;
pub mod app;
pub mod keymap;
pub mod ui;
pub mod update;

use std::path::Path;
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::DefaultTerminal;

use crate::error::{Error, Result};
use crate::i18n::{Lang, T};
use crate::store;
use app::{App, Theme};
use update::{Effect, update};

pub fn now() -> crate::model::Time {
    chrono::Local::now().fixed_offset()
}

/// Whether colors may be used: `NO_COLOR` set to anything non-empty turns them off.
pub fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Opens `path` in the screens until the chair quits. The session stays locked meanwhile.
pub fn run(path: &Path, lang: Option<&str>) -> Result<()> {
    let _lock = store::lock(path)?;
    let session = store::load(path)?;
    let env_lang = std::env::var("LANG").ok();
    let lang = Lang::choose(lang, session.language.as_deref(), env_lang.as_deref());
    let theme = Theme {
        color: color_allowed(),
    };
    let mut app = App::new(session, path.to_path_buf(), lang, theme, now());
    // ratatui::init puts the terminal in raw mode and installs a panic hook that restores it.
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result
}

fn io(e: std::io::Error) -> Error {
    Error::io("use", "the terminal", e)
}

/// How long to wait for input: until the next second on the clock while a timer runs,
/// otherwise until the next minute (the header clock and the schedule slip).
fn wait(app: &App) -> Duration {
    let ms_into_second = u64::from(app.now.timestamp_subsec_millis());
    if app.timer_running() {
        Duration::from_millis(1000 - ms_into_second.min(999) + 5)
    } else {
        let s = u64::try_from(app.now.timestamp().rem_euclid(60)).unwrap_or(0);
        Duration::from_millis((60 - s) * 1000 - ms_into_second + 5)
    }
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> Result<()> {
    let size = terminal.size().map_err(io)?;
    app.size = (size.width, size.height);
    let mut dirty = true;
    loop {
        if dirty {
            app.now = now();
            terminal.draw(|f| ui::view(app, f)).map_err(io)?;
        }
        let action = if event::poll(wait(app)).map_err(io)? {
            match event::read().map_err(io)? {
                Event::Key(k) if k.kind != KeyEventKind::Release => keymap::action(app.ctx(), &k),
                Event::Resize(w, h) => Some(action::Action::Resize(w, h)),
                _ => None,
            }
        } else {
            Some(action::Action::Tick)
        };
        dirty = action.is_some();
        let Some(action) = action else { continue };
        app.now = now();
        match update(app, action) {
            Effect::None => {}
            Effect::Save => save(app),
            Effect::Export => export(app),
            Effect::Quit => break,
        }
        if app.quit {
            break;
        }
    }
    Ok(())
}

/// Writes the recap (HTML) beside the session with the standings as shown.
fn export(app: &mut App) {
    use crate::export::{ExportFormat, default_path, write};
    let opts = crate::standings::Options {
        method: app.standings.method,
        normalize: if app.standings.zscore {
            crate::standings::Normalize::Zscore
        } else {
            crate::standings::Normalize::None
        },
        tie_break: None,
    };
    let out = default_path(&app.path, ExportFormat::Html);
    let log = match store::read_log(&app.path, &app.session) {
        Ok(log) => log,
        Err(e) => {
            app.status = Some((e.to_string(), true));
            return;
        }
    };
    app.status = Some(
        match write(
            &app.session,
            &log,
            &opts,
            ExportFormat::Html,
            &out,
            app.lang,
            app.now,
        ) {
            Ok(_) => (
                T::Exported.fill(app.lang, &[&out.display().to_string()]),
                false,
            ),
            Err(e) => (e.to_string(), true),
        },
    );
}

/// Writes the session; a failure is shown and remembered, never swallowed.
fn save(app: &mut App) {
    match store::save(&app.path, &mut app.session) {
        Ok(()) => app.unsaved = false,
        Err(e) => {
            app.unsaved = true;
            app.status = Some((T::NotSaved.fill(app.lang, &[&e.to_string()]), true));
        }
    }
}
