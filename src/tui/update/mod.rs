//! `update` is the only place where the screens' state changes. One file per screen, as
//! in `ui/`: this one dispatches an action to the screen or dialog it is for.

mod agenda;
mod dialogs;
mod pin;
mod saving;
mod scoring;
mod stage;
mod standings;

use agenda::*;
use dialogs::*;
use pin::*;
use saving::*;
use scoring::*;
use stage::*;
use standings::*;

use ratatui_textarea::TextArea;

use super::action::{Action, Screen};
use super::app::{
    AfterPin, App, ChairAction, EditorKind, Modal, Pending, PinPrompt, PinStage, Refresh,
};
use crate::error::ValueError;
use crate::i18n::T;
use crate::i18n::fmt_num;
use crate::model::{Change, Status};
use crate::standings::partial_total;

/// What the event loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    /// The session changed: write it to disk now.
    Save,
    /// Write the printable recap beside the session file.
    Export,
    Quit,
}

pub fn update(app: &mut App, action: Action) -> Effect {
    // A message answers the key that caused it: the next key clears it, so a stale refusal
    // never hides "saved" (what the event loop reports is not a key and keeps it).
    if !matches!(
        action,
        Action::Tick
            | Action::Resize(..)
            | Action::Written(_)
            | Action::Ranked(_)
            | Action::Exported(_)
    ) {
        app.status = None;
    }
    if matches!(app.modal, Some(Modal::Pin(_)))
        && matches!(action, Action::Type(_) | Action::Backspace | Action::Select)
    {
        return pin_key(app, action);
    }
    match action {
        Action::Tick => Effect::None,
        Action::Resize(w, h) => {
            app.size = (w, h);
            Effect::None
        }
        Action::Written(w) => {
            written(app, w);
            Effect::None
        }
        Action::Ranked(r) => {
            app.ranking.store(r);
            Effect::None
        }
        Action::Exported(result) => {
            app.exporting = false;
            app.status = Some(match result {
                Ok(path) => (T::Exported.fill(app.lang, &[&path]), false),
                Err(why) => (why, true),
            });
            Effect::None
        }
        Action::Quit => {
            // A value typed on a sheet is kept as if the juror had moved on; one that is not
            // a value is not, and the sheet keeps the last one saved.
            let on_sheet = app.screen == Screen::Scoring
                && app.scoring.juror.is_some()
                && !app.scoring.handoff
                && app.modal.is_none();
            let kept = if on_sheet && app.typed_value().is_some_and(|v| v.is_some()) {
                keep_typed(app).unwrap_or(Effect::None)
            } else {
                Effect::None
            };
            let question = if app.saving.error.is_some() {
                Some(app.t(T::ConfirmQuitUnsaved))
            } else if app.timer_running() {
                Some(app.t(T::ConfirmQuitTimer))
            } else {
                None
            };
            match question {
                Some(q) => {
                    app.modal = Some(Modal::Confirm {
                        question: q.into(),
                        pending: Pending::Quit,
                    });
                    kept
                }
                None => {
                    app.quit = true;
                    Effect::Quit
                }
            }
        }
        Action::Help => {
            app.modal = Some(Modal::Help);
            app.help_scroll = 0;
            Effect::None
        }
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Home
        | Action::End
            if matches!(app.modal, Some(Modal::Help)) =>
        {
            let rows = app.help_rows();
            let last = super::keymap::help_len().saturating_sub(rows);
            // `moved` keeps within 0..=last, with a page a screen less one line of overlap.
            app.help_scroll = moved(
                app.help_scroll,
                last + 1,
                &action,
                rows.saturating_sub(1).max(1),
            );
            Effect::None
        }
        Action::Show(s) => {
            if s == Screen::Stage && app.screen != Screen::Stage {
                app.stage_settle = Some(app.now + settle());
            }
            app.screen = s;
            // The chair's unlock and a reveal last only while the chair stays on the screen.
            app.chair_unlocked = false;
            app.standings.reveal = false;
            Effect::None
        }
        Action::Confirm => confirm(app),
        Action::Cancel => {
            app.modal = None;
            Effect::None
        }
        Action::EditorKey(_) | Action::EditorDone | Action::EditorClear => editor(app, action),
        other => match app.screen {
            Screen::Agenda => agenda(app, other),
            Screen::Stage => stage(app, other),
            Screen::Scoring if app.scoring.handoff => {
                if other == Action::Select {
                    app.scoring.handoff = false;
                }
                Effect::None
            }
            Screen::Scoring if app.scoring.juror.is_some() && app.scoring.read_only => {
                view_sheet(app, other)
            }
            Screen::Scoring if app.scoring.juror.is_some() => sheet(app, other),
            Screen::Scoring => pick(app, other),
            Screen::Standings => standings(app, other),
        },
    }
}

fn settle() -> chrono::Duration {
    chrono::Duration::milliseconds(super::app::STAGE_SETTLE_MS)
}

/// The entry's clock as it reads now; an entry whose clock never started reads as a fresh one.
fn reading(app: &App, entry: &str) -> Option<crate::model::timer::Reading> {
    match app.session.timer(entry) {
        Some(t) => t.reading(app.now),
        None => crate::model::timer::EntryTimer::new(
            entry,
            app.session.rubric.presentation_seconds,
            app.session.rubric.interview_seconds,
        )
        .reading(app.now),
    }
}

/// Makes a change as `actor`; a refused change is shown and changes nothing.
fn change(app: &mut App, actor: &str, c: Change) -> Effect {
    // Drafts, notes, clocks and PINs never move the standings: typing stays cheap on
    // sessions with thousands of sheets. What does move them touches one entry, or the order.
    let moves_standings = match &c {
        Change::Submit { entry, .. }
        | Change::Reopen { entry, .. }
        | Change::SetStatus { entry, .. }
        | Change::TimerNext { entry }
        | Change::TimerUndo { entry }
        | Change::TimerReset { entry } => Some(Refresh::Entry(entry.clone())),
        Change::MoveEntry { entry, to } => app.session.entry_pos(entry).map(|from| {
            let to = (*to).min(app.session.entries.len().saturating_sub(1));
            Refresh::Moved { from, to }
        }),
        _ => None,
    };
    // A clock that starts can only be the latest start; a reset or a move needs a look at all.
    let started = match &c {
        Change::TimerToggle { entry } => Some(entry.clone()),
        _ => None,
    };
    let moves_clock = matches!(c, Change::TimerReset { .. } | Change::MoveEntry { .. });
    // What the stage names as next up: the statuses after the entry on stage, the order, the
    // entry on stage. Its own clock (the stage's keys) changes only its own status.
    let moves_agenda = match &c {
        Change::SetStatus { .. } | Change::MoveEntry { .. } | Change::SetCurrent { .. } => true,
        Change::TimerNext { entry }
        | Change::TimerUndo { entry }
        | Change::TimerReset { entry }
        | Change::TimerToggle { entry } => app.session.current.as_ref() != Some(entry),
        _ => false,
    };
    match app.session.apply(actor, c, app.now) {
        Ok(()) => {
            if let Some(what) = moves_standings {
                app.refresh(what);
            }
            if moves_agenda {
                app.refresh_next();
            }
            if moves_clock {
                app.refresh_slip();
            } else if let Some(entry) = started {
                // The first clock of all sets the session's day.
                if app.day.is_none() {
                    app.day = crate::model::schedule::day(&app.session);
                }
                if let Some(day) = app.day {
                    app.latest_start = crate::model::schedule::latest_after(
                        &app.session,
                        day,
                        app.latest_start.take(),
                        &entry,
                    );
                }
            }
            Effect::Save
        }
        Err(e) => {
            app.status = Some((e.text(app.lang), true));
            Effect::None
        }
    }
}

fn info(app: &mut App, msg: String) {
    app.status = Some((msg, false));
}

fn moved(cur: usize, len: usize, action: &Action, page: usize) -> usize {
    let last = len.saturating_sub(1);
    match action {
        Action::Up => cur.saturating_sub(1),
        Action::Down => (cur + 1).min(last),
        Action::PageUp => cur.saturating_sub(page),
        Action::PageDown => (cur + page).min(last),
        Action::Home => 0,
        Action::End => last,
        _ => cur,
    }
}
