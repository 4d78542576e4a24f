//! `update` is the only place where the screens' state changes.

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

/// What the writer reports: the status line follows the disk, never runs ahead of it.
fn written(app: &mut App, w: crate::store::Written) {
    use crate::store::Written;
    let sv = &mut app.saving;
    match w {
        Written::Journal(n) => {
            sv.durable = sv.durable.max(n);
            sv.error = None;
            if let Some((need, _)) = &sv.confirm
                && sv.durable >= *need
                && let Some((_, msg)) = sv.confirm.take()
            {
                info(app, msg);
            }
        }
        Written::Snapshot(n) => {
            sv.file = sv.file.max(n);
            // A session file written says nothing of changes still to reach the journal.
            if sv.durable >= sv.sent {
                sv.error = None;
            }
        }
        Written::Failed(why) => sv.error = Some(why),
    }
}

fn settle() -> chrono::Duration {
    chrono::Duration::milliseconds(super::app::STAGE_SETTLE_MS)
}

/// The entry's clock as it reads now; an entry whose clock never started reads as a fresh one.
fn reading(app: &App, entry: &str) -> Option<crate::timer::Reading> {
    match app.session.timer(entry) {
        Some(t) => t.reading(app.now),
        None => crate::timer::EntryTimer::new(
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
                    app.day = crate::schedule::day(&app.session);
                }
                if let Some(day) = app.day {
                    app.latest_start = crate::schedule::latest_after(
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

fn agenda(app: &mut App, action: Action) -> Effect {
    match action {
        Action::Select
        | Action::MarkAbsent
        | Action::MarkWithdrawn
        | Action::MarkBack
        | Action::OrderUp
        | Action::OrderDown
        | Action::TogglePins => chair(app, ChairAction::Agenda(action)),
        other => agenda_do(app, other),
    }
}

/// A chair action: done at once without PINs, else after the chair's PIN.
fn chair(app: &mut App, act: ChairAction) -> Effect {
    let chair = crate::pin::CHAIR;
    if !app.session.security.pins {
        if act == ChairAction::Agenda(Action::TogglePins) {
            // Whoever turns PINs on chooses the chair's PIN there and then, twice: it is never
            // left for a later chair action, where anyone at the keyboard could claim it.
            new_pin(app, chair, AfterPin::Chair(act));
            return Effect::None;
        }
        return perform(app, act);
    }
    if matches!(act, ChairAction::Agenda(_)) && app.chair_unlocked {
        return perform(app, act);
    }
    if !app.session.security.pin_hashes.contains_key(chair) {
        // PINs turned on by an older juri, without a chair's PIN: it is set outside the screens.
        let file = app.path.display().to_string();
        app.status = Some((T::NoChairPin.fill(app.lang, &[&file]), true));
        return Effect::None;
    }
    ask_pin(app, chair, AfterPin::Chair(act));
    Effect::None
}

fn perform(app: &mut App, act: ChairAction) -> Effect {
    match act {
        ChairAction::Agenda(Action::TogglePins) => {
            let on = !app.session.security.pins;
            let e = change(app, "chair", Change::SetPins { on });
            if e == Effect::Save {
                info(app, app.t(if on { T::PinsOn } else { T::PinsOff }).into());
            }
            e
        }
        ChairAction::Agenda(a) => agenda_do(app, a),
        ChairAction::Reopen { entry, juror } => {
            let mut text = TextArea::default();
            text.set_placeholder_text("…");
            if !app.theme.color {
                text.set_placeholder_style(ratatui::style::Style::default());
            }
            app.modal = Some(Modal::Editor {
                kind: EditorKind::Reason { entry, juror },
                text: Box::new(text),
                error: None,
            });
            Effect::None
        }
        ChairAction::ToggleBlind => {
            let on = !app.session.security.blind;
            change(app, "chair", Change::SetBlind { on })
        }
        ChairAction::CycleQuorum => {
            // None, then 2 up to the whole panel (a quorum of 1 is what none already means).
            let jurors = app.session.jurors.len() as u32;
            let quorum = match app.session.quorum {
                None if jurors >= 2 => Some(2),
                Some(q) if q < jurors => Some(q.max(1) + 1),
                _ => None,
            };
            let e = change(app, "chair", Change::SetQuorum { quorum });
            if e == Effect::Save {
                // Who is ranked changes everywhere: the board is read again.
                app.refresh_all();
                info(
                    app,
                    match quorum {
                        Some(q) => T::QuorumSet.fill(app.lang, &[&q.to_string()]),
                        None => app.t(T::QuorumNone).into(),
                    },
                );
            }
            e
        }
        ChairAction::Reveal => {
            app.standings.reveal = !app.standings.reveal;
            Effect::None
        }
        ChairAction::Export if app.exporting => Effect::None,
        ChairAction::Export => {
            app.exporting = true;
            info(app, app.t(T::Exporting).into());
            Effect::Export
        }
    }
}

fn ask_pin(app: &mut App, who: &str, then: AfterPin) {
    let stage = if app.session.security.pin_hashes.contains_key(who) {
        PinStage::Enter
    } else {
        PinStage::New
    };
    pin_prompt(app, who, then, stage);
}

/// A prompt to choose a new PIN for `who`, whether or not there is one.
fn new_pin(app: &mut App, who: &str, then: AfterPin) {
    pin_prompt(app, who, then, PinStage::New);
}

fn pin_prompt(app: &mut App, who: &str, then: AfterPin, stage: PinStage) {
    app.modal = Some(Modal::Pin(PinPrompt {
        who: who.into(),
        then,
        stage,
        input: String::new(),
        or_chair: false,
        error: None,
    }));
}

fn pin_key(app: &mut App, action: Action) -> Effect {
    let Some(Modal::Pin(p)) = &mut app.modal else {
        return Effect::None;
    };
    match action {
        // The last refusal answered the last Enter; typing again starts a new try.
        Action::Type(d) => {
            if p.input.len() < 8 {
                p.input.push(d);
            }
            p.error = None;
            Effect::None
        }
        Action::Backspace => {
            p.input.pop();
            p.error = None;
            Effect::None
        }
        _ => submit_pin(app),
    }
}

/// Why `who`'s PIN cannot be tried now, if it is locked.
fn locked(app: &App, who: &str) -> Option<String> {
    app.session
        .security
        .lockouts
        .get(who)
        .filter(|until| **until > app.now)
        .map(|until| T::PinLocked.fill(app.lang, &[&until.format("%H:%M:%S").to_string()]))
}

fn submit_pin(app: &mut App) -> Effect {
    let Some(Modal::Pin(mut p)) = app.modal.take() else {
        return Effect::None;
    };
    let input = std::mem::take(&mut p.input);
    if let Some(msg) = locked(app, &p.who) {
        p.error = Some(msg);
        app.modal = Some(Modal::Pin(p));
        return Effect::None;
    }
    match p.stage.clone() {
        PinStage::Enter => {
            let hashes = &app.session.security.pin_hashes;
            let ok = hashes
                .get(&p.who)
                .is_some_and(|h| crate::pin::check(&input, h))
                || (p.or_chair
                    && hashes
                        .get(crate::pin::CHAIR)
                        .is_some_and(|h| crate::pin::check(&input, h)));
            if ok {
                app.pin_failures.remove(&p.who);
                return after_pin(app, p.then);
            }
            let tries = app.pin_failures.entry(p.who.clone()).or_default();
            *tries += 1;
            let left = crate::pin::MAX_TRIES.saturating_sub(*tries);
            let mut effect = Effect::None;
            if left == 0 {
                app.pin_failures.remove(&p.who);
                let until = app.now + chrono::Duration::seconds(crate::pin::LOCKOUT_SECONDS);
                let who = p.who.clone();
                effect = change(app, &who.clone(), Change::PinLockout { who, until });
                p.error = locked(app, &p.who);
            } else if left == 1 {
                p.error = Some(app.t(T::PinWrongLast).into());
            } else {
                p.error = Some(T::PinWrong.fill(app.lang, &[&left.to_string()]));
            }
            app.modal = Some(Modal::Pin(p));
            effect
        }
        PinStage::New => {
            if crate::pin::valid(&input) {
                p.stage = PinStage::Repeat(input);
                p.error = None;
            } else {
                p.error = Some(app.t(T::PinInvalid).into());
            }
            app.modal = Some(Modal::Pin(p));
            Effect::None
        }
        PinStage::Repeat(first) => {
            if input != first {
                p.stage = PinStage::New;
                p.error = Some(app.t(T::PinMismatch).into());
                app.modal = Some(Modal::Pin(p));
                return Effect::None;
            }
            let hash = match crate::pin::hash(&input) {
                Ok(h) => h,
                Err(e) => {
                    p.error = Some(e);
                    app.modal = Some(Modal::Pin(p));
                    return Effect::None;
                }
            };
            let who = p.who.clone();
            let e = change(app, &who.clone(), Change::SetPin { who, hash });
            if e != Effect::Save {
                return e;
            }
            after_pin(app, p.then);
            Effect::Save
        }
    }
}

fn after_pin(app: &mut App, then: AfterPin) -> Effect {
    match then {
        AfterPin::OpenSheet { entry, juror } => {
            open_sheet(app, entry, juror);
            Effect::None
        }
        AfterPin::ViewSheet { entry, juror } => {
            open_sheet(app, entry, juror);
            app.scoring.read_only = true;
            Effect::None
        }
        AfterPin::Chair(act) => {
            if matches!(act, ChairAction::Agenda(_)) {
                app.chair_unlocked = true;
            }
            perform(app, act)
        }
    }
}

fn open_sheet(app: &mut App, entry: String, juror: String) {
    app.scoring.entry = Some(entry);
    app.scoring.juror = Some(juror);
    app.scoring.row = 0;
    app.scoring.buffer = None;
    app.scoring.error = None;
    app.scoring.handoff = false;
    app.scoring.read_only = false;
}

fn agenda_do(app: &mut App, action: Action) -> Effect {
    let n = app.session.entries.len();
    let Some(entry) = app
        .session
        .entries
        .get(app.agenda.selected)
        .map(|e| e.id.clone())
    else {
        return Effect::None;
    };
    let page = usize::from(app.size.1.saturating_sub(8)).max(1);
    let status = |s: Status| Change::SetStatus {
        entry: entry.clone(),
        status: s,
    };
    match action {
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Home
        | Action::End => {
            app.agenda.selected = moved(app.agenda.selected, n, &action, page);
            Effect::None
        }
        Action::Select => {
            app.scoring = Default::default();
            let e = change(app, "chair", Change::SetCurrent { entry: Some(entry) });
            if e == Effect::Save {
                // Putting an entry on stage is deliberate: its clock keys work at once.
                app.screen = Screen::Stage;
                app.stage_settle = None;
            }
            e
        }
        Action::MarkAbsent => change(app, "chair", status(Status::Absent)),
        Action::MarkWithdrawn => change(app, "chair", status(Status::Withdrawn)),
        Action::MarkBack => change(app, "chair", status(Status::Scheduled)),
        Action::OrderUp | Action::OrderDown => {
            let i = app.agenda.selected;
            let to = if action == Action::OrderUp {
                i.checked_sub(1)
            } else {
                (i + 1 < n).then_some(i + 1)
            };
            let Some(to) = to else { return Effect::None };
            let e = change(app, "chair", Change::MoveEntry { entry, to });
            if e == Effect::Save {
                app.agenda.selected = to;
            }
            e
        }
        _ => Effect::None,
    }
}

fn stage(app: &mut App, action: Action) -> Effect {
    let Some(entry) = app.session.current.clone() else {
        info(app, app.t(T::NoCurrent).into());
        return Effect::None;
    };
    let clock_key = matches!(
        action,
        Action::TimerToggle | Action::TimerNext | Action::TimerReset | Action::TimerUndo
    );
    if clock_key && app.stage_settle.is_some_and(|until| app.now < until) {
        // Keys still arriving in a burst are the rest of what was being typed elsewhere.
        app.stage_settle = Some(app.now + settle());
        app.status = Some((app.t(T::StageSettling).into(), true));
        return Effect::None;
    }
    match action {
        Action::TimerToggle if app.session.timer(&entry).is_some_and(|t| t.finished()) => {
            app.status = Some((app.t(T::TimerFinished).into(), true));
            Effect::None
        }
        Action::TimerToggle => change(app, "chair", Change::TimerToggle { entry }),
        Action::TimerNext => {
            // A phase cut short is most often a key pressed twice: ask before ending it.
            let short = reading(app, &entry)
                .filter(|r| !r.finished && r.elapsed_ms * 2 < r.planned_ms)
                .map(|r| {
                    let phase = match r.phase {
                        crate::timer::Phase::Presentation => T::PhaseLowerPresentation,
                        crate::timer::Phase::Interview => T::PhaseLowerInterview,
                    };
                    let title = app
                        .session
                        .entry(&entry)
                        .map(|e| e.title.clone())
                        .unwrap_or_default();
                    T::ConfirmShortPhase.fill(
                        app.lang,
                        &[
                            app.t(phase),
                            &title,
                            &crate::timer::clock(r.elapsed_ms / 1000),
                            &crate::timer::clock(r.planned_ms / 1000),
                        ],
                    )
                });
            match short {
                Some(question) => {
                    app.modal = Some(Modal::Confirm {
                        question,
                        pending: Pending::NextPhase(entry),
                    });
                    Effect::None
                }
                None => change(app, "chair", Change::TimerNext { entry }),
            }
        }
        Action::TimerUndo => {
            let ended = app
                .session
                .timer(&entry)
                .is_some_and(|t| t.phases.iter().any(|p| p.ended.is_some()));
            if !ended {
                app.status = Some((app.t(T::NothingToUndo).into(), true));
                return Effect::None;
            }
            let e = change(
                app,
                "chair",
                Change::TimerUndo {
                    entry: entry.clone(),
                },
            );
            if e == Effect::Save
                && let Some(r) = reading(app, &entry)
            {
                let phase = match r.phase {
                    crate::timer::Phase::Presentation => T::PhaseLowerPresentation,
                    crate::timer::Phase::Interview => T::PhaseLowerInterview,
                };
                info(app, T::PhaseUndone.fill(app.lang, &[app.t(phase)]));
            }
            e
        }
        Action::TimerReset => {
            let title = app
                .session
                .entry(&entry)
                .map(|e| e.title.clone())
                .unwrap_or_default();
            app.modal = Some(Modal::Confirm {
                question: T::ConfirmReset.fill(app.lang, &[&title]),
                pending: Pending::ResetTimer(entry),
            });
            Effect::None
        }
        _ => Effect::None,
    }
}

fn pick(app: &mut App, action: Action) -> Effect {
    let Some(entry) = app.scoring_entry().map(str::to_string) else {
        return Effect::None;
    };
    let n = app.session.jurors.len();
    match action {
        Action::Up | Action::Down => {
            app.scoring.juror_cursor = moved(app.scoring.juror_cursor, n, &action, 1);
            Effect::None
        }
        Action::PrevEntry | Action::NextEntry => {
            let entries = &app.session.entries;
            if let Some(i) = app.session.entry_pos(&entry) {
                let j = if action == Action::PrevEntry {
                    i.saturating_sub(1)
                } else {
                    (i + 1).min(entries.len() - 1)
                };
                app.scoring.entry = Some(entries[j].id.clone());
            }
            Effect::None
        }
        Action::Select => {
            let Some(j) = app.session.jurors.get(app.scoring.juror_cursor) else {
                return Effect::None;
            };
            let (jid, name) = (j.id.clone(), j.name.clone());
            if app.session.conflicted(&jid, &entry) {
                app.status = Some((format!("{name}: {}", app.t(T::JurorConflict)), true));
                return Effect::None;
            }
            if app
                .session
                .sheet(&entry, &jid)
                .is_some_and(|s| s.is_submitted())
            {
                return view(app, entry, jid);
            }
            if app.session.security.pins {
                ask_pin(
                    app,
                    &jid,
                    AfterPin::OpenSheet {
                        entry,
                        juror: jid.clone(),
                    },
                );
            } else {
                open_sheet(app, entry, jid);
            }
            Effect::None
        }
        Action::ToggleMask => {
            app.masked = !app.masked;
            Effect::None
        }
        Action::Reopen => {
            let Some(j) = app.session.jurors.get(app.scoring.juror_cursor) else {
                return Effect::None;
            };
            let jid = j.id.clone();
            if app
                .session
                .sheet(&entry, &jid)
                .is_some_and(|s| s.is_submitted())
            {
                return chair(app, ChairAction::Reopen { entry, juror: jid });
            }
            app.status = Some((app.t(T::NotSubmitted).into(), true));
            Effect::None
        }
        _ => Effect::None,
    }
}

/// A submitted sheet, read-only, for its juror or the chair: nothing is written, not even to
/// the audit log. With PINs on, either one's PIN opens it.
fn view(app: &mut App, entry: String, juror: String) -> Effect {
    let then = AfterPin::ViewSheet {
        entry: entry.clone(),
        juror: juror.clone(),
    };
    if !app.session.security.pins {
        return after_pin(app, then);
    }
    let hashes = &app.session.security.pin_hashes;
    let (own, chair) = (
        hashes.contains_key(&juror),
        hashes.contains_key(crate::pin::CHAIR),
    );
    let who = if own {
        juror.as_str()
    } else {
        crate::pin::CHAIR
    };
    if !own && !chair {
        let file = app.path.display().to_string();
        app.status = Some((T::NoChairPin.fill(app.lang, &[&file]), true));
        return Effect::None;
    }
    pin_prompt(app, who, then, PinStage::Enter);
    if let Some(Modal::Pin(p)) = &mut app.modal {
        p.or_chair = own && chair;
    }
    Effect::None
}

fn view_sheet(app: &mut App, action: Action) -> Effect {
    let n = app.session.rubric.criteria.len();
    match action {
        Action::Up | Action::Down => {
            app.scoring.row = moved(app.scoring.row, n, &action, 1);
        }
        Action::Leave => {
            leave_sheet(app);
            app.scoring.handoff = true;
        }
        Action::ToggleMask => app.masked = !app.masked,
        _ => {}
    }
    Effect::None
}

fn sheet(app: &mut App, action: Action) -> Effect {
    let (Some(entry), Some(juror)) = (app.scoring.entry.clone(), app.scoring.juror.clone()) else {
        return Effect::None;
    };
    let crits = &app.session.rubric.criteria;
    let Some(crit) = crits.get(app.scoring.row).cloned() else {
        return Effect::None;
    };
    let current = app
        .session
        .sheet(&entry, &juror)
        .and_then(|s| s.values.get(&crit.id).copied());
    let set = |value: Option<f64>| Change::SetValue {
        entry: entry.clone(),
        juror: juror.clone(),
        criterion: crit.id.clone(),
        value,
    };
    match action {
        // Moving on keeps what was typed; a value that is not accepted is not silently
        // dropped: it is fixed or cleared first.
        Action::Up | Action::Down => {
            let Some(effect) = keep_typed(app) else {
                return Effect::None;
            };
            let n = app.session.rubric.criteria.len();
            app.scoring.row = moved(app.scoring.row, n, &action, 1);
            effect
        }
        Action::Type(ch) => {
            let ch = if ch == ',' { '.' } else { ch };
            let mut buf = app.scoring.buffer.take().unwrap_or_default();
            if buf.len() < 12 {
                buf.push(ch);
            }
            typed(app, buf)
        }
        Action::NotAValue(key) => {
            let (lo, hi, step) = (fmt_num(crit.min), fmt_num(crit.max), fmt_num(crit.step));
            let msg = if crit.step == 1.0 {
                T::ValueTakes.fill(app.lang, &[&key.to_string(), &lo, &hi])
            } else {
                T::ValueTakesStep.fill(app.lang, &[&key.to_string(), &lo, &hi, &step])
            };
            app.status = Some((msg, true));
            Effect::None
        }
        // Erasing edits what the cell shows; an emptied cell is cleared when the juror
        // moves on, like any typed value.
        Action::Backspace => {
            let mut buf = match app.scoring.buffer.take() {
                Some(b) => b,
                None => current.map(fmt_num).unwrap_or_default(),
            };
            buf.pop();
            typed(app, buf)
        }
        Action::StepUp | Action::StepDown => {
            let steps = if action == Action::StepUp { 1 } else { -1 };
            // From what is typed, when it is a value; else from what is saved.
            let from = app
                .scoring
                .buffer
                .take()
                .and_then(|b| check_typed(app, &b).ok())
                .or(current);
            app.scoring.error = None;
            let v = crit.stepped(from, steps);
            if Some(v) == current {
                return Effect::None;
            }
            change(app, &juror, set(Some(v)))
        }
        Action::EditNote => {
            // The note is about the value: what is typed is kept first, if it can be.
            let Some(effect) = keep_typed(app) else {
                return Effect::None;
            };
            let note = app
                .session
                .sheet(&entry, &juror)
                .and_then(|s| s.notes.get(&crit.id).cloned())
                .unwrap_or_default();
            open_editor(app, EditorKind::Note(crit.id.clone()), &note);
            effect
        }
        Action::EditComment => {
            let Some(effect) = keep_typed(app) else {
                return Effect::None;
            };
            let comment = app
                .session
                .sheet(&entry, &juror)
                .map(|s| s.comment.clone())
                .unwrap_or_default();
            open_editor(app, EditorKind::Comment, &comment);
            effect
        }
        Action::Submit => {
            let Some(effect) = keep_typed(app) else {
                return Effect::None;
            };
            let crits = &app.session.rubric.criteria;
            let sheet = app.session.sheet(&entry, &juror);
            let filled = sheet.map_or(0, |s| {
                crits
                    .iter()
                    .filter(|c| s.values.contains_key(&c.id))
                    .count()
            });
            if filled < crits.len() {
                let missing = (crits.len() - filled).to_string();
                let msg = T::Missing.fill(app.lang, &[&missing, &crits.len().to_string()]);
                app.status = Some((msg, true));
                return effect;
            }
            let total = if app.masked {
                "••.••".to_string()
            } else {
                sheet
                    .and_then(|s| partial_total(&app.session, &s.values))
                    .map(|t| t.fixed(2))
                    .unwrap_or_default()
            };
            let name = app
                .session
                .juror(&juror)
                .map(|j| j.name.clone())
                .unwrap_or_default();
            let title = app
                .session
                .entry(&entry)
                .map(|e| e.title.clone())
                .unwrap_or_default();
            app.modal = Some(Modal::Confirm {
                question: T::ConfirmSubmit.fill(app.lang, &[&name, &title, &total]),
                pending: Pending::Submit { entry, juror },
            });
            effect
        }
        Action::Leave => {
            let Some(effect) = keep_typed(app) else {
                return Effect::None;
            };
            leave_sheet(app);
            app.scoring.handoff = true;
            effect
        }
        Action::ToggleMask => {
            app.masked = !app.masked;
            Effect::None
        }
        _ => Effect::None,
    }
}

/// A typed value is saved when the juror moves on from it (`keep_typed`): until then any
/// prefix may be on its way to another value ("15" to "150", "7" to "7.5"), and none is ever
/// stored as if the juror had chosen it. A refusal is shown as soon as no more keys can make
/// the value one of the scale.
fn typed(app: &mut App, buf: String) -> Effect {
    if buf.is_empty() {
        app.scoring.buffer = Some(buf);
        app.scoring.error = None;
        return Effect::None;
    }
    let crit = &app.session.rubric.criteria[app.scoring.row];
    // "7." is on its way to decimals (or to 7: Enter keeps it).
    let grows = (buf.ends_with('.') && buf.matches('.').count() == 1) || crit.may_grow(&buf);
    let check = check_typed(app, &buf);
    app.scoring.buffer = Some(buf);
    app.scoring.error = match check {
        Err(why) if !grows => Some(why),
        _ => None,
    };
    Effect::None
}

/// The typed text as a value of the highlighted criterion, or why it is not one.
fn check_typed(app: &App, buf: &str) -> Result<f64, String> {
    let crit = &app.session.rubric.criteria[app.scoring.row];
    match buf.parse::<f64>() {
        // With masked entry on, a refusal says why without repeating the value.
        Ok(v) => crit.check_value(v).map(|_| v).map_err(|why| {
            if app.masked {
                app.t(T::ValueRefused).to_string()
            } else {
                why.text(app.lang)
            }
        }),
        Err(_) if app.masked => Err(app.t(T::ValueRefused).to_string()),
        Err(_) => Err(ValueError::NotANumber { text: buf.into() }.text(app.lang)),
    }
}

/// The value saved for the highlighted criterion of the open sheet.
fn saved_value(app: &App) -> Option<f64> {
    let (entry, juror) = (app.scoring.entry.as_deref()?, app.scoring.juror.as_deref()?);
    let crit = app.session.rubric.criteria.get(app.scoring.row)?;
    app.session
        .sheet(entry, juror)?
        .values
        .get(&crit.id)
        .copied()
}

/// Before the juror moves on from a value: saves what is typed if it is a value (the effect of
/// saving it), or refuses to move on (`None`) and says why.
fn keep_typed(app: &mut App) -> Option<Effect> {
    let Some(buf) = app.scoring.buffer.clone() else {
        return Some(Effect::None);
    };
    let typed = if buf.is_empty() {
        Ok(None)
    } else {
        check_typed(app, &buf).map(Some)
    };
    match typed {
        Ok(v) => {
            app.scoring.buffer = None;
            app.scoring.error = None;
            if saved_value(app) == v {
                return Some(Effect::None);
            }
            let juror = app.scoring.juror.clone().unwrap_or_default();
            let entry = app.scoring.entry.clone().unwrap_or_default();
            let criterion = app.session.rubric.criteria[app.scoring.row].id.clone();
            let effect = change(
                app,
                &juror.clone(),
                Change::SetValue {
                    entry,
                    juror,
                    criterion,
                    value: v,
                },
            );
            (effect == Effect::Save).then_some(effect)
        }
        Err(why) => {
            app.scoring.error = Some(why);
            app.status = Some((app.t(T::FixFirst).into(), true));
            None
        }
    }
}

/// Why a value does not fit a criterion's scale, in the screen's language.
fn leave_sheet(app: &mut App) {
    app.scoring.juror = None;
    app.scoring.read_only = false;
    app.scoring.buffer = None;
    app.scoring.error = None;
    app.scoring.row = 0;
}

fn open_editor(app: &mut App, kind: EditorKind, text: &str) {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let area = if lines.is_empty() {
        TextArea::default()
    } else {
        TextArea::new(lines)
    };
    app.modal = Some(Modal::Editor {
        kind,
        text: Box::new(area),
        error: None,
    });
}

fn editor(app: &mut App, action: Action) -> Effect {
    let Some(Modal::Editor { text, error, .. }) = &mut app.modal else {
        return Effect::None;
    };
    // The keymap gives Esc to a note or comment (keeps it) and Enter to a reason (reopens);
    // Esc on a reason cancels like any dialog.
    match action {
        Action::EditorKey(ev) => {
            text.input(ev);
            *error = None;
            Effect::None
        }
        Action::EditorClear => {
            **text = TextArea::default();
            *error = None;
            Effect::None
        }
        Action::EditorDone => finish_editor(app),
        _ => Effect::None,
    }
}

fn finish_editor(app: &mut App) -> Effect {
    let Some(Modal::Editor { kind, text, .. }) = app.modal.take() else {
        return Effect::None;
    };
    let value = text.lines().join("\n").trim_end().to_string();
    let (entry, juror) = (
        app.scoring.entry.clone().unwrap_or_default(),
        app.scoring.juror.clone().unwrap_or_default(),
    );
    match kind {
        EditorKind::Note(criterion) => change(
            app,
            &juror.clone(),
            Change::SetNote {
                entry,
                juror,
                criterion,
                note: value,
            },
        ),
        EditorKind::Comment => change(
            app,
            &juror.clone(),
            Change::SetComment {
                entry,
                juror,
                comment: value,
            },
        ),
        EditorKind::Reason { entry, juror } => {
            if value.trim().is_empty() {
                // Keep the dialog open: a reopen needs a reason.
                app.modal = Some(Modal::Editor {
                    kind: EditorKind::Reason { entry, juror },
                    text,
                    error: Some(app.t(T::ReasonNeeded).into()),
                });
                return Effect::None;
            }
            let name = app
                .session
                .juror(&juror)
                .map(|j| j.name.clone())
                .unwrap_or_default();
            let e = change(
                app,
                "chair",
                Change::Reopen {
                    entry,
                    juror,
                    reason: value,
                },
            );
            if e == Effect::Save {
                info(app, T::Reopened.fill(app.lang, &[&name]));
            }
            e
        }
    }
}

fn confirm(app: &mut App) -> Effect {
    let Some(Modal::Confirm { pending, .. }) = app.modal.take() else {
        return Effect::None;
    };
    match pending {
        Pending::Quit => {
            app.quit = true;
            Effect::Quit
        }
        Pending::ResetTimer(entry) => change(app, "chair", Change::TimerReset { entry }),
        Pending::NextPhase(entry) => change(app, "chair", Change::TimerNext { entry }),
        Pending::Submit { entry, juror } => {
            let name = app
                .session
                .juror(&juror)
                .map(|j| j.name.clone())
                .unwrap_or_default();
            let e = change(
                app,
                &juror.clone(),
                Change::Submit {
                    entry: entry.clone(),
                    juror,
                },
            );
            if e == Effect::Save {
                leave_sheet(app);
                next_to_score(app, &entry);
                app.scoring.handoff = true;
                // "Submitted and saved" waits for the journal to have it on disk.
                let events = crate::audit::tip(&app.session).0;
                app.saving.confirm = Some((events, T::SubmittedOk.fill(app.lang, &[&name])));
                info(app, T::SavingSheet.fill(app.lang, &[&name]));
            }
            e
        }
    }
}

/// Puts the picker on the next juror after the cursor (wrapping) who still has to score
/// `entry`: the one who just submitted is done.
fn next_to_score(app: &mut App, entry: &str) {
    let s = &app.session;
    let n = s.jurors.len();
    let from = app.scoring.juror_cursor;
    let next = (1..=n).map(|k| (from + k) % n).find(|&i| {
        let id = &s.jurors[i].id;
        !s.conflicted(id, entry) && s.sheet(entry, id).is_none_or(|sh| !sh.is_submitted())
    });
    if let Some(i) = next {
        app.scoring.juror_cursor = i;
    }
}

fn standings(app: &mut App, action: Action) -> Effect {
    match action {
        Action::ToggleBlind => return chair(app, ChairAction::ToggleBlind),
        Action::CycleQuorum => return chair(app, ChairAction::CycleQuorum),
        Action::Reveal if app.session.security.blind => {
            info(app, app.t(T::Hidden).into());
            return Effect::None;
        }
        Action::Reveal => return chair(app, ChairAction::Reveal),
        Action::Export => return chair(app, ChairAction::Export),
        _ => {}
    }
    let tabs = app.session.categories.len() + 1;
    let st = &mut app.standings;
    match action {
        Action::NextTab => (st.tab, st.scroll) = ((st.tab + 1) % tabs, 0),
        Action::PrevTab => (st.tab, st.scroll) = ((st.tab + tabs - 1) % tabs, 0),
        Action::Up => st.scroll = st.scroll.saturating_sub(1),
        Action::Down => {
            st.scroll = (st.scroll + 1).min(app.session.entries.len().saturating_sub(1))
        }
        Action::PageUp | Action::Home => st.scroll = 0,
        Action::CycleMethod => {
            st.method = st.method.next();
            let v = app.variant();
            app.ranking.settle(v);
        }
        Action::ToggleZ => {
            st.zscore = !st.zscore;
            let v = app.variant();
            app.ranking.settle(v);
        }
        Action::ToggleChart => st.chart = !st.chart,
        _ => {}
    }
    Effect::None
}
