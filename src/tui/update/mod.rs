//! `update` is the only place where the screens' state changes. One file per screen, as
//! in `ui/`: this one dispatches an action to the screen or dialog it is for.

mod agenda;
mod decide;
pub use decide::follow_decisions;
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
use super::desk::Desk;
use super::pair::PairMut;
use super::state::{
    AfterPin, ChairAction, EditorKind, Modal, Pending, PinPrompt, PinStage, Refresh,
};
use super::view::View;
use crate::error::ValueError;
use crate::i18n::T;
use crate::i18n::fmt_num;
use crate::model::{Change, Status};
use crate::standings::partial_total;

pub use super::effect::Effect;

impl View {
    /// Keeps this screen true to the session after a change made on another screen: a
    /// highlight past the end of the agenda, an entry removed, a sheet open here that was
    /// submitted there (it closes, and a question about submitting it goes), a list whose
    /// rows moved, are put right.
    pub fn follow(&mut self, desk: &Desk) {
        self.put_right(desk);
        keep_offsets(desk, self);
        follow_decisions(desk, self);
    }
}

/// What one screen's handler did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    None,
    /// The session changed.
    Save,
    /// A recap was asked for.
    Export,
    Quit,
}

/// Carries out `action` on `view`, a screen of the session `desk` holds; returns the work it
/// leaves to the event loop, in the order it is to be done.
pub fn update(desk: &mut Desk, view: &mut View, action: Action) -> Vec<Effect> {
    let mut app = PairMut { desk, view };
    let step = dispatch(&mut app, action);
    let PairMut { desk, view } = app;
    keep_offsets(desk, view);
    follow_decisions(desk, view);
    let mut out = Vec::new();
    out.extend(desk.take_journal());
    // A recap waits until every change is on disk.
    if desk.exporting && !desk.export_started && desk.saving.saved() {
        desk.export_started = true;
        out.push(Effect::Export);
    }
    out.extend(desk.ranking.wanted(view.variant()).map(Effect::Rank));
    if step == Step::Quit {
        out.push(Effect::Quit);
    }
    out
}

fn dispatch(app: &mut PairMut<'_>, action: Action) -> Step {
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
        app.view.status = None;
    }
    if matches!(app.view.modal, Some(Modal::Pin(_)))
        && matches!(action, Action::Type(_) | Action::Backspace | Action::Select)
    {
        return pin_key(app, action);
    }
    match action {
        Action::Tick => Step::None,
        Action::Resize(w, h) => {
            app.view.size = (w, h);
            Step::None
        }
        Action::Written(w) => {
            written(app, w);
            Step::None
        }
        Action::Ranked(r) => {
            app.desk.ranking.store(r);
            Step::None
        }
        Action::Exported(result) => {
            app.desk.exporting = false;
            app.desk.export_started = false;
            app.view.status = Some(match result {
                Ok(path) => (T::Exported.fill(app.view.lang, &[&path]), false),
                Err(why) => (why, true),
            });
            Step::None
        }
        Action::Quit => {
            // A value typed on a sheet is kept as if the juror had moved on; one that is not
            // a value is not, and the sheet keeps the last one saved.
            let on_sheet = app.view.screen == Screen::Scoring
                && app.view.scoring.juror.is_some()
                && !app.view.scoring.handoff
                && app.view.modal.is_none();
            let kept = if on_sheet && app.typed_value().is_some_and(|v| v.is_some()) {
                keep_typed(app).unwrap_or(Step::None)
            } else {
                Step::None
            };
            let question = if app.desk.saving.error.is_some() {
                Some(app.t(T::ConfirmQuitUnsaved))
            } else if app.timer_running() {
                Some(app.t(T::ConfirmQuitTimer))
            } else {
                None
            };
            match question {
                Some(q) => {
                    app.view.modal = Some(Modal::Confirm {
                        question: q.into(),
                        pending: Pending::Quit,
                    });
                    kept
                }
                None => Step::Quit,
            }
        }
        Action::Help => {
            app.view.modal = Some(Modal::Help);
            app.view.help_scroll = 0;
            Step::None
        }
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Home
        | Action::End
            if matches!(app.view.modal, Some(Modal::Help)) =>
        {
            let rows = app.help_rows();
            let last = super::keymap::help_len().saturating_sub(rows);
            // `moved` keeps within 0..=last, with a page a screen less one line of overlap.
            app.view.help_scroll = moved(
                app.view.help_scroll,
                last + 1,
                &action,
                rows.saturating_sub(1).max(1),
            );
            Step::None
        }
        Action::Show(s) => {
            if s == Screen::Stage && app.view.screen != Screen::Stage {
                app.view.stage_settle = Some(app.desk.now + settle());
            }
            app.view.screen = s;
            // The chair's unlock and a reveal last only while the chair stays on the screen.
            app.view.chair_unlocked = false;
            app.view.standings.reveal = false;
            Step::None
        }
        Action::Confirm => confirm(app),
        Action::Cancel => {
            app.view.modal = None;
            Step::None
        }
        Action::EditorKey(_) | Action::EditorDone | Action::EditorClear => editor(app, action),
        other => match app.view.screen {
            Screen::Agenda => agenda(app, other),
            Screen::Stage => stage(app, other),
            Screen::Scoring if app.view.scoring.handoff => {
                if other == Action::Select {
                    app.view.scoring.handoff = false;
                }
                Step::None
            }
            Screen::Scoring if app.view.scoring.juror.is_some() && app.view.scoring.read_only => {
                view_sheet(app, other)
            }
            Screen::Scoring if app.view.scoring.juror.is_some() => sheet(app, other),
            Screen::Scoring => pick(app, other),
            Screen::Standings => standings(app, other),
        },
    }
}

/// Scrolls the list on screen so that its highlight stays in view, as the screen's size and
/// the highlight now are; a list not on screen keeps its place until it is shown.
pub(crate) fn keep_offsets(desk: &Desk, view: &mut View) {
    use super::state::follow;
    use super::ui;
    let size = view.size;
    match view.screen {
        Screen::Agenda => {
            if let Some(visible) = ui::agenda::visible_rows(size) {
                let a = &mut view.agenda;
                let days = desk
                    .session
                    .schedule
                    .as_ref()
                    .is_some_and(|x| !x.days.is_empty());
                a.offset = Some(match a.offset {
                    // An agenda of days opens with today's first entry at the top, today's
                    // others below it, as far as the list goes.
                    None if days => a
                        .selected
                        .min(desk.session.entries.len().saturating_sub(visible)),
                    o => follow(o, a.selected, visible),
                });
            }
        }
        Screen::Standings => {
            let pair = super::pair::Pair { desk, view };
            if let Some((visible, count)) = ui::standings::visible_rows(&pair, size) {
                let st = &mut view.standings;
                let selected = st.scroll.min(count.saturating_sub(1));
                st.offset = Some(follow(st.offset, selected, visible));
            }
        }
        Screen::Stage | Screen::Scoring => {}
    }
}

fn settle() -> chrono::Duration {
    chrono::Duration::milliseconds(super::state::STAGE_SETTLE_MS)
}

/// The entry's clock as it reads now; an entry whose clock never started reads as a fresh one.
fn reading(app: &PairMut<'_>, entry: &str) -> Option<crate::model::timer::Reading> {
    match app.desk.session.timer(entry) {
        Some(t) => t.reading(app.desk.now),
        None => crate::model::timer::EntryTimer::new(
            entry,
            app.desk.session.rubric.presentation_seconds,
            app.desk.session.rubric.interview_seconds,
        )
        .reading(app.desk.now),
    }
}

/// Makes a change as `actor`; a refused change is shown and changes nothing.
fn change(app: &mut PairMut<'_>, actor: &str, c: Change) -> Step {
    // Drafts, notes, clocks and PINs never move the standings: typing stays cheap on
    // sessions with thousands of sheets. What does move them touches one entry, or the order.
    let moves_standings = match &c {
        Change::Submit { entry, .. }
        | Change::Reopen { entry, .. }
        | Change::SetStatus { entry, .. }
        | Change::TimerNext { entry }
        | Change::TimerUndo { entry }
        | Change::TimerReset { entry }
        | Change::SetIneligible { entry, .. } => Some(Refresh::Entry(entry.clone())),
        Change::MoveDay { entry, to, .. } | Change::MoveEntry { entry, to } => {
            app.desk.session.entry_pos(entry).map(|from| {
                let to = (*to).min(app.desk.session.entries.len().saturating_sub(1));
                Refresh::Moved { from, to }
            })
        }
        _ => None,
    };
    // A clock that starts can only be the latest start; a reset or a move needs a look at all.
    let started = match &c {
        Change::TimerToggle { entry } => Some(entry.clone()),
        _ => None,
    };
    // Slots move with the order, the days and the entries that get none.
    let moves_clock = matches!(
        c,
        Change::TimerReset { .. }
            | Change::MoveEntry { .. }
            | Change::MoveDay { .. }
            | Change::SetStatus { .. }
            | Change::SetIneligible { .. }
    );
    // On an agenda of several days the slip is today's: a clock started on a new day moves it.
    let days = app
        .desk
        .session
        .schedule
        .as_ref()
        .is_some_and(|x| !x.days.is_empty());
    // What the stage names as next up: the statuses after the entry on stage, the order, the
    // entry on stage. Its own clock (the stage's keys) changes only its own status.
    let moves_agenda = match &c {
        Change::SetStatus { .. }
        | Change::MoveEntry { .. }
        | Change::SetCurrent { .. }
        | Change::SetIneligible { .. }
        | Change::MoveDay { .. } => true,
        Change::TimerNext { entry }
        | Change::TimerUndo { entry }
        | Change::TimerReset { entry }
        | Change::TimerToggle { entry } => app.desk.session.current.as_ref() != Some(entry),
        _ => false,
    };
    match app.desk.session.apply(actor, c, app.desk.now) {
        Ok(()) => {
            if let Some(what) = moves_standings {
                app.refresh(what);
            }
            if moves_agenda {
                app.desk.refresh_next();
            }
            if moves_clock || (days && started.is_some()) {
                app.desk.refresh_slip();
            } else if let Some(entry) = started {
                // The first clock of all sets the session's day.
                if app.desk.day.is_none() {
                    app.desk.day = crate::model::schedule::day(&app.desk.session);
                }
                if let Some(day) = app.desk.day {
                    app.desk.latest_start = crate::model::schedule::latest_after(
                        &app.desk.session,
                        day,
                        app.desk.latest_start.take(),
                        &entry,
                    );
                }
            }
            Step::Save
        }
        Err(e) => {
            app.view.status = Some((e.text(app.view.lang), true));
            Step::None
        }
    }
}

fn info(app: &mut PairMut<'_>, msg: String) {
    app.view.status = Some((msg, false));
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
