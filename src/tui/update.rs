//! `update` is the only place where the screens' state changes.

use ratatui_textarea::TextArea;

use super::action::{Action, Screen};
use super::app::{
    AfterPin, App, ChairAction, EditorKind, Modal, Pending, PinPrompt, PinStage, Refresh,
};
use crate::i18n::T;
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
                    Effect::None
                }
                None => {
                    app.quit = true;
                    Effect::Quit
                }
            }
        }
        Action::Help => {
            app.modal = Some(Modal::Help);
            Effect::None
        }
        Action::Show(s) => {
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

/// Makes a change as `actor`; a refused change is shown and changes nothing.
fn change(app: &mut App, actor: &str, c: Change) -> Effect {
    // Drafts, notes, clocks and PINs never move the standings: typing stays cheap on
    // sessions with thousands of sheets. What does move them touches one entry, or the order.
    let moves_standings = match &c {
        Change::Submit { entry, .. }
        | Change::Reopen { entry, .. }
        | Change::SetStatus { entry, .. }
        | Change::TimerNext { entry }
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
                app.latest_start =
                    crate::schedule::latest_after(&app.session, app.latest_start.take(), &entry);
            }
            Effect::Save
        }
        Err(e) => {
            app.status = Some((e.to_string(), true));
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
    let unlocked = matches!(act, ChairAction::Agenda(_)) && app.chair_unlocked;
    if !app.session.security.pins || unlocked {
        return perform(app, act);
    }
    ask_pin(app, crate::pin::CHAIR, AfterPin::Chair(act));
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
    app.modal = Some(Modal::Pin(PinPrompt {
        who: who.into(),
        then,
        stage,
        input: String::new(),
        error: None,
    }));
}

fn pin_key(app: &mut App, action: Action) -> Effect {
    let Some(Modal::Pin(p)) = &mut app.modal else {
        return Effect::None;
    };
    match action {
        Action::Type(d) => {
            if p.input.len() < 8 {
                p.input.push(d);
            }
            Effect::None
        }
        Action::Backspace => {
            p.input.pop();
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
            let ok = app
                .session
                .security
                .pin_hashes
                .get(&p.who)
                .is_some_and(|h| crate::pin::check(&input, h));
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
                app.screen = Screen::Stage;
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
    match action {
        Action::TimerToggle if app.session.timer(&entry).is_some_and(|t| t.finished()) => {
            app.status = Some((app.t(T::TimerFinished).into(), true));
            Effect::None
        }
        Action::TimerToggle => change(app, "chair", Change::TimerToggle { entry }),
        Action::TimerNext => change(app, "chair", Change::TimerNext { entry }),
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
            if let Some(sh) = app.session.sheet(&entry, &jid).filter(|s| s.is_submitted()) {
                let when = sh
                    .submitted
                    .map(|t| t.format("%H:%M").to_string())
                    .unwrap_or_default();
                app.status = Some((T::LockedSheet.fill(app.lang, &[&when]), true));
                return Effect::None;
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
        // A value that is not accepted is not silently dropped: it is fixed or cleared first.
        Action::Up | Action::Down if app.scoring.error.is_some() => {
            info(app, app.t(T::FixFirst).into());
            Effect::None
        }
        Action::Up | Action::Down => {
            app.scoring.row = moved(app.scoring.row, crits.len(), &action, 1);
            app.scoring.buffer = None;
            app.scoring.error = None;
            Effect::None
        }
        Action::Type(ch) => {
            let ch = if ch == ',' { '.' } else { ch };
            let mut buf = app.scoring.buffer.take().unwrap_or_default();
            if buf.len() < 12 {
                buf.push(ch);
            }
            typed(app, buf, set)
        }
        Action::Backspace => {
            let mut buf = match app.scoring.buffer.take() {
                Some(b) => b,
                None => current
                    .map(crate::model::rubric::fmt_num)
                    .unwrap_or_default(),
            };
            buf.pop();
            if buf.is_empty() {
                app.scoring.buffer = Some(buf);
                app.scoring.error = None;
                return if current.is_some() {
                    change(app, &juror, set(None))
                } else {
                    Effect::None
                };
            }
            typed(app, buf, set)
        }
        Action::StepUp | Action::StepDown => {
            let steps = if action == Action::StepUp { 1 } else { -1 };
            app.scoring.buffer = None;
            app.scoring.error = None;
            let v = crit.stepped(current, steps);
            if Some(v) == current {
                return Effect::None;
            }
            change(app, &juror, set(Some(v)))
        }
        Action::EditNote => {
            let note = app
                .session
                .sheet(&entry, &juror)
                .and_then(|s| s.notes.get(&crit.id).cloned())
                .unwrap_or_default();
            open_editor(app, EditorKind::Note(crit.id.clone()), &note);
            Effect::None
        }
        Action::EditComment => {
            let comment = app
                .session
                .sheet(&entry, &juror)
                .map(|s| s.comment.clone())
                .unwrap_or_default();
            open_editor(app, EditorKind::Comment, &comment);
            Effect::None
        }
        Action::Submit => {
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
                return Effect::None;
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
            Effect::None
        }
        Action::Leave if app.scoring.error.is_some() => {
            info(app, app.t(T::FixFirst).into());
            Effect::None
        }
        Action::Leave => {
            leave_sheet(app);
            app.scoring.handoff = true;
            Effect::None
        }
        Action::ToggleMask => {
            app.masked = !app.masked;
            Effect::None
        }
        _ => Effect::None,
    }
}

/// Applies a typed value as soon as it is valid; shows why when it is not.
fn typed(app: &mut App, buf: String, set: impl Fn(Option<f64>) -> Change) -> Effect {
    let crit = &app.session.rubric.criteria[app.scoring.row];
    let check = match buf.parse::<f64>() {
        // With masked entry on, a refusal says why without repeating the value.
        Ok(v) => crit.check_value(v).map(|_| v).map_err(|_| {
            if app.masked {
                app.t(T::ValueRefused).to_string()
            } else {
                value_error(app, crit, v)
            }
        }),
        Err(_) if app.masked => Err(app.t(T::ValueRefused).to_string()),
        Err(_) => Err(T::NotANumber.fill(app.lang, &[&buf])),
    };
    app.scoring.buffer = Some(buf);
    match check {
        Ok(v) => {
            app.scoring.error = None;
            let juror = app.scoring.juror.clone().unwrap_or_default();
            change(app, &juror, set(Some(v)))
        }
        Err(why) => {
            app.scoring.error = Some(why);
            Effect::None
        }
    }
}

/// Why a value does not fit a criterion's scale, in the screen's language.
fn value_error(app: &App, c: &crate::model::Criterion, v: f64) -> String {
    use crate::model::rubric::fmt_num;
    let (min, max, _) = c.units();
    let units = crate::num::to_units(v).unwrap_or(i64::MAX);
    let (x, lo, hi, step) = (fmt_num(v), fmt_num(c.min), fmt_num(c.max), fmt_num(c.step));
    if units > max {
        T::AboveMax.fill(app.lang, &[&x, &hi])
    } else if units < min {
        T::BelowMin.fill(app.lang, &[&x, &lo])
    } else {
        T::OffStep.fill(app.lang, &[&x, &step, &lo])
    }
}

fn leave_sheet(app: &mut App) {
    app.scoring.juror = None;
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
    });
}

fn editor(app: &mut App, action: Action) -> Effect {
    let Some(Modal::Editor { kind, text }) = &mut app.modal else {
        return Effect::None;
    };
    let is_reason = matches!(kind, EditorKind::Reason { .. });
    match action {
        Action::EditorKey(ev) if is_reason && ev.code == crossterm::event::KeyCode::Enter => {
            finish_editor(app)
        }
        Action::EditorKey(ev) => {
            text.input(ev);
            Effect::None
        }
        Action::EditorClear => {
            **text = TextArea::default();
            Effect::None
        }
        // Esc keeps a note or comment, but cancels a reopen.
        Action::EditorDone if is_reason => {
            app.modal = None;
            Effect::None
        }
        Action::EditorDone => finish_editor(app),
        _ => Effect::None,
    }
}

fn finish_editor(app: &mut App) -> Effect {
    let Some(Modal::Editor { kind, text }) = app.modal.take() else {
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
        Pending::Submit { entry, juror } => {
            let name = app
                .session
                .juror(&juror)
                .map(|j| j.name.clone())
                .unwrap_or_default();
            let e = change(app, &juror.clone(), Change::Submit { entry, juror });
            if e == Effect::Save {
                leave_sheet(app);
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
