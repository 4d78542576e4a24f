//! The screens' behaviour without a terminal: keys go through the keymap to `update`, exactly
//! as in the event loop, and the session and app state are checked afterwards.

mod common;

use std::collections::HashSet;

use chrono::Duration;
use common::app::{Did, update};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use juri::i18n::{Lang, T};
use juri::model::timer::Phase;
use juri::model::{Sheet, SheetState, Status};
use juri::standings::{Method, Normalize};
use juri::store::Written;
use juri::tui::action::{Action, Screen};
use juri::tui::app::{App, EditorKind, Modal};
use juri::tui::keymap::{self, Ctx};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;

use common::app::{at, t0};

fn demo(lang: Lang) -> App {
    common::app::demo_app("/tmp/juri-update-flow-test.json", lang, true)
}

/// A key press as the event loop handles it: keymap in the current context, then `update`.
fn press_with(app: &mut App, code: KeyCode, mods: KeyModifiers) -> Did {
    let ev = KeyEvent::new(code, mods);
    match keymap::action(app.ctx(), &ev) {
        Some(action) => update(app, action),
        None => Did::None,
    }
}

fn press(app: &mut App, code: KeyCode) -> Did {
    press_with(app, code, KeyModifiers::NONE)
}

fn ch(app: &mut App, c: char) -> Did {
    let mods = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    press_with(app, KeyCode::Char(c), mods)
}

fn ctrl(app: &mut App, c: char) -> Did {
    press_with(app, KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// `2`, pressed a moment ago: the Stage's clock keys are taken (a screen key brings the Stage
/// up with its clock keys held back for `STAGE_SETTLE_MS`).
fn to_stage(app: &mut App) -> Did {
    let now = app.desk.now;
    app.desk.now = now - Duration::milliseconds(juri::tui::app::STAGE_SETTLE_MS);
    let e = ch(app, '2');
    app.desk.now = now;
    e
}

/// Types each character as a key press; returns the effects.
fn keys(app: &mut App, text: &str) -> Vec<Did> {
    text.chars().map(|c| ch(app, c)).collect()
}

fn current_entry(app: &App) -> &str {
    app.desk.session.current.as_deref().unwrap()
}

fn selected_id(app: &App) -> String {
    app.desk.session.entries[app.view.agenda.selected]
        .id
        .clone()
}

fn last_audit(app: &App) -> &juri::model::audit::AuditEvent {
    app.journaled.last().unwrap()
}

fn status_msg(app: &App) -> (String, bool) {
    app.view.status.clone().expect("a status message")
}

fn timer_of(app: &App, entry: &str) -> Option<juri::model::timer::EntryTimer> {
    app.desk
        .session
        .timers
        .iter()
        .find(|t| t.entry == entry)
        .cloned()
}

/// On the scoring screen, `[`/`]` to `entry` and `k`/`j` to `juror`, by keys.
fn pick_by_keys(app: &mut App, entry: &str, juror: &str) {
    if app.ctx() != Ctx::Pick {
        assert_eq!(ch(app, '3'), Did::None);
    }
    assert_eq!(app.ctx(), Ctx::Pick);
    let pos = |app: &App, id: &str| {
        app.desk
            .session
            .entries
            .iter()
            .position(|e| e.id == id)
            .unwrap()
    };
    while app.scoring_entry() != Some(entry) {
        let here = pos(app, app.scoring_entry().unwrap());
        ch(app, if here > pos(app, entry) { '[' } else { ']' });
    }
    for _ in 0..app.desk.session.jurors.len() {
        ch(app, 'k');
    }
    let j = app
        .desk
        .session
        .jurors
        .iter()
        .position(|j| j.id == juror)
        .unwrap();
    for _ in 0..j {
        ch(app, 'j');
    }
    assert_eq!(app.view.scoring.juror_cursor, j);
}

fn open_sheet_by_keys(app: &mut App, entry: &str, juror: &str) {
    pick_by_keys(app, entry, juror);
    assert_eq!(press(app, KeyCode::Enter), Did::None);
    assert_eq!(app.ctx(), Ctx::Sheet, "{:?}", app.view.status);
    assert_eq!(app.view.scoring.juror.as_deref(), Some(juror));
    assert_eq!(app.view.scoring.entry.as_deref(), Some(entry));
}

fn value(app: &App, entry: &str, juror: &str, criterion: &str) -> Option<f64> {
    app.desk
        .session
        .sheet(entry, juror)
        .and_then(|s| s.values.get(criterion).copied())
}

fn crit_id(app: &App, row: usize) -> String {
    app.desk.session.rubric.criteria[row].id.clone()
}

/// Types `v` into every criterion of the open sheet, top to bottom (Enter moves down and keeps
/// each value).
fn fill_by_keys(app: &mut App, v: &str) {
    let n = app.desk.session.rubric.criteria.len();
    for _ in 0..n {
        press(app, KeyCode::Up);
    }
    for i in 0..n {
        keys(app, v);
        if i + 1 < n {
            press(app, KeyCode::Enter);
        }
    }
    // The last value is kept when the juror moves on (or submits).
}

// ---------------------------------------------------------------------------------------------
// Agenda

#[test]
fn agenda_j_k_and_friends_move_the_cursor() {
    let mut app = demo(Lang::En);
    let before = app.desk.session.clone();
    assert_eq!(app.ctx(), Ctx::Agenda);
    // The cursor starts on the entry on stage.
    assert_eq!(selected_id(&app), "E14");
    assert_eq!(ch(&mut app, 'j'), Did::None);
    assert_eq!(selected_id(&app), "E15");
    ch(&mut app, 'k');
    ch(&mut app, 'k');
    assert_eq!(selected_id(&app), "E13");
    press(&mut app, KeyCode::Down);
    assert_eq!(selected_id(&app), "E14");
    ch(&mut app, 'g');
    assert_eq!(app.view.agenda.selected, 0);
    ch(&mut app, 'k');
    assert_eq!(app.view.agenda.selected, 0, "stops at the top");
    ch(&mut app, 'G');
    assert_eq!(app.view.agenda.selected, 19);
    ch(&mut app, 'j');
    assert_eq!(app.view.agenda.selected, 19, "stops at the bottom");
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::PageDown);
    assert!(app.view.agenda.selected > 1, "a page is more than one line");
    press(&mut app, KeyCode::PageUp);
    assert_eq!(app.view.agenda.selected, 0);
    press(&mut app, KeyCode::End);
    assert_eq!(app.view.agenda.selected, 19);
    // Nothing in the session changed.
    assert_eq!(app.desk.session, before);
}

#[test]
fn agenda_enter_puts_the_entry_on_stage() {
    let mut app = demo(Lang::En);
    ch(&mut app, 'j');
    assert_eq!(selected_id(&app), "E15");
    assert_eq!(press(&mut app, KeyCode::Enter), Did::Save);
    assert_eq!(current_entry(&app), "E15");
    assert_eq!(app.view.screen, Screen::Stage);
    assert_eq!(app.ctx(), Ctx::Stage);
    let ev = last_audit(&app);
    assert_eq!(
        (ev.action.as_str(), ev.actor.as_str()),
        ("current.set", "chair")
    );
    assert_eq!(ev.old, json!("E14"));
    assert_eq!(ev.new, json!("E15"));
    // The scoring screen follows the new entry.
    assert_eq!(app.scoring_entry(), Some("E15"));
}

#[test]
fn agenda_marks_absent_back_and_withdrawn() {
    let mut app = demo(Lang::Id);
    ch(&mut app, 'j');
    assert_eq!(selected_id(&app), "E15");
    let status = |app: &App| app.desk.session.entry("E15").unwrap().status;

    assert_eq!(ch(&mut app, 'a'), Did::Save);
    assert_eq!(status(&app), Status::Absent);
    let ev = last_audit(&app);
    assert_eq!(
        (ev.action.as_str(), ev.subject.as_str()),
        ("entry.status", "E15")
    );
    assert_eq!(
        (ev.old.clone(), ev.new.clone()),
        (json!("scheduled"), json!("absent"))
    );
    assert_eq!(ev.actor, "chair");

    assert_eq!(ch(&mut app, 'b'), Did::Save);
    assert_eq!(status(&app), Status::Scheduled);
    assert_eq!(last_audit(&app).new, json!("scheduled"));

    assert_eq!(ch(&mut app, 'w'), Did::Save);
    assert_eq!(status(&app), Status::Withdrawn);
    let ev = last_audit(&app);
    assert_eq!(
        (ev.old.clone(), ev.new.clone()),
        (json!("scheduled"), json!("withdrawn"))
    );
    // A withdrawn entry is listed but not ranked.
    let row = app
        .table()
        .unwrap()
        .rows
        .iter()
        .find(|r| r.entry == "E15")
        .unwrap();
    assert_eq!(row.rank, None);
    // The cursor did not move.
    assert_eq!(selected_id(&app), "E15");
}

#[test]
fn agenda_shift_k_and_j_reorder_and_the_cursor_follows() {
    let mut app = demo(Lang::En);
    ch(&mut app, 'j');
    assert_eq!(app.view.agenda.selected, 14);
    let order = |app: &App| -> Vec<String> {
        app.desk
            .session
            .entries
            .iter()
            .map(|e| e.id.clone())
            .collect()
    };

    assert_eq!(ch(&mut app, 'K'), Did::Save);
    assert_eq!(order(&app)[13..15], ["E15", "E14"]);
    assert_eq!(app.view.agenda.selected, 13);
    assert_eq!(selected_id(&app), "E15");
    let ev = last_audit(&app);
    assert_eq!(
        (ev.action.as_str(), ev.subject.as_str()),
        ("entry.move", "E15")
    );
    assert_eq!((ev.old.clone(), ev.new.clone()), (json!(14), json!(13)));

    // Without the SHIFT flag too (some terminals send only the upper-case letter).
    assert_eq!(press(&mut app, KeyCode::Char('J')), Did::Save);
    assert_eq!(order(&app)[13..15], ["E14", "E15"]);
    assert_eq!(app.view.agenda.selected, 14);
    assert_eq!(selected_id(&app), "E15");

    // Nothing moves past either end.
    ch(&mut app, 'g');
    let before = order(&app);
    assert_eq!(ch(&mut app, 'K'), Did::None);
    assert_eq!(order(&app), before);
    ch(&mut app, 'G');
    assert_eq!(ch(&mut app, 'J'), Did::None);
    assert_eq!(order(&app), before);
    assert_eq!(app.view.agenda.selected, 19);
}

// ---------------------------------------------------------------------------------------------
// Stage

#[test]
fn stage_space_starts_and_pauses_n_moves_through_the_phases() {
    let mut app = demo(Lang::En);
    assert_eq!(to_stage(&mut app), Did::None);
    assert_eq!(app.ctx(), Ctx::Stage);
    let status = |app: &App| app.desk.session.entry("E14").unwrap().status;

    assert_eq!(press(&mut app, KeyCode::Char(' ')), Did::Save);
    assert_eq!(status(&app), Status::Presenting);
    assert!(app.timer_running());
    assert_eq!(last_audit(&app).action, "timer.start");

    app.desk.now = at(100);
    assert_eq!(press(&mut app, KeyCode::Char(' ')), Did::Save);
    assert!(!app.timer_running());
    assert_eq!(last_audit(&app).action, "timer.pause");
    assert_eq!(status(&app), Status::Presenting);

    // Paused time does not count.
    app.desk.now = at(120);
    assert_eq!(press(&mut app, KeyCode::Char(' ')), Did::Save);
    app.desk.now = at(520);
    assert_eq!(ch(&mut app, 'n'), Did::Save);
    assert_eq!(status(&app), Status::Interviewing);
    let t = timer_of(&app, "E14").unwrap();
    assert_eq!(t.real_seconds(Phase::Presentation, at(9999)), Some(500));
    assert_eq!(t.reading(app.desk.now).unwrap().phase, Phase::Interview);
    assert!(t.running(), "the interview starts at once");
    assert_eq!(last_audit(&app).action, "timer.phase_end");
    assert_eq!(last_audit(&app).new, json!(500));

    app.desk.now = at(1300);
    assert_eq!(ch(&mut app, 'n'), Did::Save);
    assert_eq!(status(&app), Status::Done);
    let t = timer_of(&app, "E14").unwrap();
    assert!(t.finished() && !t.running());
    assert_eq!(t.real_seconds(Phase::Interview, at(9999)), Some(780));

    // A finished clock does not start again, and says so.
    app.view.status = None;
    assert_eq!(press(&mut app, KeyCode::Char(' ')), Did::None);
    assert!(status_msg(&app).1, "an error is shown");
    assert_eq!(ch(&mut app, 'n'), Did::None);
    assert_eq!(timer_of(&app, "E14").unwrap(), t);
}

#[test]
fn stage_r_asks_before_resetting() {
    for lang in [Lang::En, Lang::Id] {
        let mut app = demo(lang);
        to_stage(&mut app);
        press(&mut app, KeyCode::Char(' '));
        app.desk.now = at(60);
        let before = timer_of(&app, "E14").unwrap();
        let audit = app.journaled.len();

        assert_eq!(ch(&mut app, 'r'), Did::None);
        assert_eq!(app.ctx(), Ctx::Confirm);
        let title = app.desk.session.entry("E14").unwrap().title.clone();
        match &app.view.modal {
            Some(Modal::Confirm { question, .. }) => {
                assert_eq!(question, &T::ConfirmReset.fill(lang, &[&title]))
            }
            _ => panic!("no confirmation"),
        }
        // 'n' cancels.
        assert_eq!(ch(&mut app, 'n'), Did::None);
        assert!(app.view.modal.is_none());
        assert_eq!(timer_of(&app, "E14").unwrap(), before);
        // Esc cancels.
        ch(&mut app, 'r');
        assert_eq!(press(&mut app, KeyCode::Esc), Did::None);
        assert!(app.view.modal.is_none());
        assert_eq!(timer_of(&app, "E14").unwrap(), before);
        assert_eq!(app.journaled.len(), audit, "cancelling records nothing");
        // 'y' resets.
        ch(&mut app, 'r');
        assert_eq!(ch(&mut app, 'y'), Did::Save);
        assert!(app.view.modal.is_none());
        let t = timer_of(&app, "E14").unwrap();
        assert!(
            t.phases
                .iter()
                .all(|p| p.runs.is_empty() && p.ended.is_none())
        );
        assert!(!app.timer_running());
        assert_eq!(t.reading(app.desk.now).unwrap().elapsed_ms, 0);
        assert_eq!(last_audit(&app).action, "timer.reset");
        // Enter confirms as well.
        press(&mut app, KeyCode::Char(' '));
        ch(&mut app, 'r');
        assert_eq!(press(&mut app, KeyCode::Enter), Did::Save);
        assert!(!app.timer_running());
    }
}

#[test]
fn stage_reset_then_start_again_says_presenting() {
    let mut app = demo(Lang::En);
    to_stage(&mut app);
    press(&mut app, KeyCode::Char(' '));
    app.desk.now = at(400);
    ch(&mut app, 'n');
    app.desk.now = at(1100);
    ch(&mut app, 'n');
    assert_eq!(app.desk.session.entry("E14").unwrap().status, Status::Done);
    ch(&mut app, 'r');
    assert_eq!(ch(&mut app, 'y'), Did::Save);
    app.desk.now = at(1200);
    assert_eq!(press(&mut app, KeyCode::Char(' ')), Did::Save);
    assert!(app.timer_running());
    assert_eq!(
        app.desk.session.entry("E14").unwrap().status,
        Status::Presenting
    );
}

#[test]
fn stage_n_asks_before_ending_a_phase_cut_short_and_u_takes_a_phase_change_back() {
    for lang in [Lang::En, Lang::Id] {
        let mut app = demo(lang);
        to_stage(&mut app);
        press(&mut app, KeyCode::Char(' '));
        let status = |app: &App| app.desk.session.entry("E14").unwrap().status;
        let phase = |app: &App| {
            timer_of(app, "E14")
                .unwrap()
                .reading(app.desk.now)
                .unwrap()
                .phase
        };

        // One second into a 7-minute presentation: `n` asks, and "no" changes nothing.
        app.desk.now = at(1);
        let before = timer_of(&app, "E14").unwrap();
        let audit = app.journaled.len();
        assert_eq!(ch(&mut app, 'n'), Did::None);
        assert_eq!(app.ctx(), Ctx::Confirm);
        let title = app.desk.session.entry("E14").unwrap().title.clone();
        match &app.view.modal {
            Some(Modal::Confirm { question, .. }) => assert_eq!(
                question,
                &T::ConfirmShortPhase.fill(
                    lang,
                    &[T::PhaseLowerPresentation.get(lang), &title, "0:01", "7:00"]
                )
            ),
            _ => panic!("no confirmation"),
        }
        // A second `n` answers "no": a double press does not end anything.
        assert_eq!(ch(&mut app, 'n'), Did::None);
        assert!(app.view.modal.is_none());
        assert_eq!(timer_of(&app, "E14").unwrap(), before);
        assert_eq!(app.journaled.len(), audit);

        // "yes" ends it; the interview runs.
        ch(&mut app, 'n');
        assert_eq!(ch(&mut app, 'y'), Did::Save);
        assert_eq!(phase(&app), Phase::Interview);
        assert_eq!(status(&app), Status::Interviewing);

        // `u` takes it back: the presentation goes on with every second it ran.
        app.desk.now = at(5);
        assert_eq!(ch(&mut app, 'u'), Did::Save);
        assert_eq!(last_audit(&app).action, "timer.phase_undo");
        let t = timer_of(&app, "E14").unwrap();
        let r = t.reading(app.desk.now).unwrap();
        assert_eq!(
            (r.phase, r.running, r.elapsed_ms),
            (Phase::Presentation, true, 5_000)
        );
        assert_eq!(status(&app), Status::Presenting);
        assert_eq!(
            status_msg(&app),
            (
                T::PhaseUndone.fill(lang, &[T::PhaseLowerPresentation.get(lang)]),
                false
            )
        );
        // Nothing more to take back.
        assert_eq!(ch(&mut app, 'u'), Did::None);
        assert_eq!(status_msg(&app), (T::NothingToUndo.get(lang).into(), true));

        // Past half its time a phase ends at once; a finished entry can be taken back too.
        app.desk.now = at(210);
        assert_eq!(ch(&mut app, 'n'), Did::Save, "210 s of 420: no question");
        app.desk.now = at(210 + 390);
        assert_eq!(ch(&mut app, 'n'), Did::Save, "390 s of 780: no question");
        assert_eq!(status(&app), Status::Done);
        app.desk.now = at(700);
        assert_eq!(ch(&mut app, 'u'), Did::Save);
        assert_eq!(status(&app), Status::Interviewing);
        assert!(app.timer_running(), "the interview goes on");
        let t = timer_of(&app, "E14").unwrap();
        assert_eq!(t.real_seconds(Phase::Interview, app.desk.now), Some(490));
        assert_eq!(t.real_seconds(Phase::Presentation, app.desk.now), Some(210));
    }
}

#[test]
fn stray_digits_that_land_on_the_stage_cannot_touch_its_clock() {
    for lang in [Lang::En, Lang::Id] {
        let mut app = demo(lang);
        // A juror on the picker, thinking the sheet is open, types "6 2" and goes on typing.
        ch(&mut app, '3');
        assert_eq!(app.ctx(), Ctx::Pick);
        let before = app.desk.session.clone();
        let mut t = 0;
        for key in ['6', ' ', '2', ' ', 'n', 'r', 'y', 'u', ' '] {
            t += 150;
            app.desk.now = t0() + Duration::milliseconds(t);
            assert_eq!(ch(&mut app, key), Did::None, "{key:?} at {t} ms");
        }
        assert_eq!(app.view.screen, Screen::Stage);
        assert!(app.view.modal.is_none(), "no dialog was opened");
        assert_eq!(app.desk.session, before, "nothing changed");
        assert_eq!(status_msg(&app), (T::StageSettling.get(lang).into(), true));
        // Every refused key waits again: still too soon a moment after the last one.
        app.desk.now = t0() + Duration::milliseconds(t + 900);
        assert_eq!(press(&mut app, KeyCode::Char(' ')), Did::None);
        assert!(!app.timer_running());
        // Once the Stage has been up a moment, the clock keys work.
        app.desk.now = t0() + Duration::milliseconds(t + 900 + 1000);
        assert_eq!(press(&mut app, KeyCode::Char(' ')), Did::Save);
        assert!(app.timer_running());
        // Pressing `2` on the Stage itself does not hold the keys back again.
        ch(&mut app, '2');
        assert_eq!(press(&mut app, KeyCode::Char(' ')), Did::Save);
        assert!(!app.timer_running());

        // Putting an entry on stage from the agenda is deliberate: Space works at once.
        let mut app = demo(lang);
        ch(&mut app, '2');
        ch(&mut app, '1');
        assert_eq!(press(&mut app, KeyCode::Enter), Did::Save);
        assert_eq!(app.view.screen, Screen::Stage);
        assert_eq!(press(&mut app, KeyCode::Char(' ')), Did::Save);
        assert!(app.timer_running());
    }
}

#[test]
fn refusals_are_shown_in_the_screens_language() {
    let refusal = |lang: Lang| {
        let mut app = demo(lang);
        to_stage(&mut app);
        press(&mut app, KeyCode::Char(' '));
        app.desk.now = at(420);
        ch(&mut app, 'n');
        app.desk.now = at(1200);
        ch(&mut app, 'n');
        app.view.status = None;
        assert_eq!(press(&mut app, KeyCode::Char(' ')), Did::None);
        status_msg(&app)
    };
    let (en, id) = (refusal(Lang::En), refusal(Lang::Id));
    assert!(en.1 && id.1);
    assert_ne!(en.0, id.0, "the same message in both languages: {:?}", id.0);
}

#[test]
fn stage_keys_without_an_entry_on_stage_explain() {
    let mut app = demo(Lang::Id);
    app.desk.session.current = None;
    to_stage(&mut app);
    assert_eq!(press(&mut app, KeyCode::Char(' ')), Did::None);
    assert_eq!(status_msg(&app).0, T::NoCurrent.get(Lang::Id));
    assert!(app.desk.session.timers.iter().all(|t| t.entry != "E14"));
}

// ---------------------------------------------------------------------------------------------
// Quit

#[test]
fn q_quits_at_once_when_nothing_runs() {
    let mut app = demo(Lang::En);
    assert_eq!(ch(&mut app, 'q'), Did::Quit);
    let mut app = demo(Lang::En);
    ch(&mut app, '4');
    assert_eq!(ctrl(&mut app, 'c'), Did::Quit);
}

#[test]
fn q_asks_first_while_a_timer_runs() {
    for lang in [Lang::En, Lang::Id] {
        let mut app = demo(lang);
        to_stage(&mut app);
        press(&mut app, KeyCode::Char(' '));
        assert!(app.timer_running());

        assert_eq!(ch(&mut app, 'q'), Did::None);
        assert_eq!(app.ctx(), Ctx::Confirm);
        match &app.view.modal {
            Some(Modal::Confirm { question, .. }) => {
                assert_eq!(question, T::ConfirmQuitTimer.get(lang))
            }
            _ => panic!("no confirmation"),
        }
        assert_eq!(ch(&mut app, 'n'), Did::None);
        assert!(app.view.modal.is_none());
        assert!(app.timer_running(), "the timer keeps running");

        // From a score sheet, Ctrl-C asks the same; 'q' there is not a key.
        ch(&mut app, '3');
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.ctx(), Ctx::Sheet);
        assert_eq!(ch(&mut app, 'q'), Did::None);
        assert!(app.view.modal.is_none());
        assert_eq!(ctrl(&mut app, 'c'), Did::None);
        assert_eq!(app.ctx(), Ctx::Confirm);
        assert_eq!(ch(&mut app, 'y'), Did::Quit);
    }
}

// ---------------------------------------------------------------------------------------------
// Scoring

#[test]
fn scoring_refuses_a_conflicted_juror() {
    for lang in [Lang::En, Lang::Id] {
        let mut app = demo(lang);
        pick_by_keys(&mut app, "E05", "J4");
        assert_eq!(press(&mut app, KeyCode::Enter), Did::None);
        assert!(app.view.scoring.juror.is_none());
        assert_eq!(app.ctx(), Ctx::Pick);
        let (msg, error) = status_msg(&app);
        assert!(error);
        assert!(msg.contains(T::JurorConflict.get(lang)), "{msg}");
        assert!(app.desk.session.sheet("E05", "J4").is_none());
        // The same juror may score E06.
        ch(&mut app, ']');
        assert_eq!(press(&mut app, KeyCode::Enter), Did::None);
        assert_eq!(app.ctx(), Ctx::View, "E06's sheets are all submitted");
    }
}

#[test]
fn scoring_a_typed_value_is_saved_as_the_juror_moves_on_never_a_prefix() {
    let mut app = demo(Lang::En);
    open_sheet_by_keys(&mut app, "E14", "J1");
    let c0 = crit_id(&app, 0);
    // "8" may still become 80 to 89, "80" may become 80.5 elsewhere: nothing is saved yet.
    assert_eq!(keys(&mut app, "80"), [Did::None; 2]);
    assert_eq!(value(&app, "E14", "J1", &c0), None);
    // Moving on saves it, as the juror's choice.
    assert_eq!(press(&mut app, KeyCode::Enter), Did::Save);
    assert_eq!(value(&app, "E14", "J1", &c0), Some(80.0));
    let sheet = app.desk.session.sheet("E14", "J1").unwrap();
    assert_eq!(sheet.state, SheetState::Draft);
    let ev = last_audit(&app);
    assert_eq!(ev.action, "score.set");
    assert_eq!(ev.actor, "J1");
    assert_eq!(ev.subject, format!("E14/J1/{c0}"));
    assert_eq!(ev.new, json!(80.0));
    assert_eq!(ev.old, json!(null), "no prefix was saved before it");

    // Tab, the arrows, n, c and S move on too.
    let c1 = crit_id(&app, 1);
    keys(&mut app, "75");
    assert_eq!(press(&mut app, KeyCode::Tab), Did::Save);
    assert_eq!(value(&app, "E14", "J1", &c1), Some(75.0));
    let c2 = crit_id(&app, 2);
    keys(&mut app, "100");
    assert_eq!(press(&mut app, KeyCode::Up), Did::Save);
    assert_eq!(value(&app, "E14", "J1", &c2), Some(100.0));
    assert_eq!(app.view.scoring.row, 1);
    keys(&mut app, "76");
    assert_eq!(ch(&mut app, 'n'), Did::Save);
    assert_eq!(value(&app, "E14", "J1", &c1), Some(76.0));
    press(&mut app, KeyCode::Esc);

    // Leaving (through the neutral hand-off screen) and coming back keeps everything.
    assert_eq!(press(&mut app, KeyCode::Esc), Did::None);
    assert_eq!(app.ctx(), Ctx::Handoff);
    assert!(app.view.scoring.juror.is_none());
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.ctx(), Ctx::Pick);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.ctx(), Ctx::Sheet);
    assert_eq!(value(&app, "E14", "J1", &c0), Some(80.0));
    assert_eq!(value(&app, "E14", "J1", &c1), Some(76.0));
    // The sheet reopens at the first row; typing replaces its value when the juror moves on.
    assert_eq!(app.view.scoring.row, 0);
    keys(&mut app, "9");
    assert_eq!(value(&app, "E14", "J1", &c0), Some(80.0));
    // Esc keeps it, as moving on does.
    assert_eq!(press(&mut app, KeyCode::Esc), Did::Save);
    assert_eq!(value(&app, "E14", "J1", &c0), Some(9.0));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    // Backspace erases what the cell shows; the emptied value is cleared on moving on.
    assert_eq!(press(&mut app, KeyCode::Backspace), Did::None);
    assert_eq!(value(&app, "E14", "J1", &c0), Some(9.0));
    assert_eq!(press(&mut app, KeyCode::Down), Did::Save);
    assert_eq!(value(&app, "E14", "J1", &c0), None);
    // No other juror's sheet was touched.
    assert!(app.desk.session.sheet("E14", "J2").is_none());
}

#[test]
fn scoring_a_typed_value_is_kept_when_the_chair_quits() {
    let mut app = demo(Lang::En);
    open_sheet_by_keys(&mut app, "E14", "J1");
    keys(&mut app, "77");
    assert_eq!(ctrl(&mut app, 'c'), Did::Quit);
    assert_eq!(value(&app, "E14", "J1", &crit_id(&app, 0)), Some(77.0));
}

/// The weighted total and the empty count as drawn under the sheet.
fn total_line(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|f| juri::tui::ui::view(&app.desk, &app.view, f))
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    let rows: Vec<String> = (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect();
    let label = format!("{}:", T::Total.get(app.view.lang));
    rows.into_iter()
        .find(|r| r.contains(&label))
        .unwrap_or_default()
}

#[test]
fn scoring_refused_values_are_not_stored_nor_counted_nor_their_prefixes() {
    for lang in [Lang::En, Lang::Id] {
        let mut app = demo(lang);
        open_sheet_by_keys(&mut app, "E14", "J1");
        keys(&mut app, "85");
        press(&mut app, KeyCode::Enter);
        let c1 = crit_id(&app, 1);
        let events = app.journaled.len();
        let effects = keys(&mut app, "105");
        // "1" and "10" are on their way to "105": none is saved; "105" is refused.
        assert_eq!(effects, [Did::None; 3]);
        assert_eq!(app.journaled.len(), events, "nothing journaled");
        assert_eq!(value(&app, "E14", "J1", &c1), None);
        assert_eq!(app.view.scoring.buffer.as_deref(), Some("105"));
        assert_eq!(
            app.view.scoring.error.as_deref(),
            Some(T::AboveMax.fill(lang, &["105", "100"]).as_str())
        );
        // The total counts Problem analysis only (85 x 10 / 100), and 7 criteria are empty.
        let line = total_line(&app);
        assert!(line.contains(" 8.50 "), "{line}");
        assert!(line.contains(&T::Missing.fill(lang, &["7", "8"])), "{line}");
        // Moving away is refused until the value is fixed or cleared.
        assert_eq!(press(&mut app, KeyCode::Down), Did::None);
        assert_eq!(app.view.scoring.row, 1);
        assert_eq!(status_msg(&app), (T::FixFirst.get(lang).to_string(), true));
        assert_eq!(press(&mut app, KeyCode::Backspace), Did::None);
        assert!(app.view.scoring.error.is_none());
        // 10, typed, counts (8.50 + 10 x 15 / 100) before it is saved.
        let line = total_line(&app);
        assert!(line.contains(" 10.00 "), "{line}");
        assert!(line.contains(&T::Missing.fill(lang, &["6", "8"])), "{line}");
        assert_eq!(value(&app, "E14", "J1", &c1), None);

        // 150 over a saved 90: the saved 90 is counted, and said to be.
        press(&mut app, KeyCode::Backspace);
        press(&mut app, KeyCode::Backspace);
        keys(&mut app, "90");
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Up);
        assert_eq!(value(&app, "E14", "J1", &c1), Some(90.0));
        let events = app.journaled.len();
        keys(&mut app, "150");
        assert_eq!(app.journaled.len(), events, "no 1 and no 15 journaled");
        assert_eq!(value(&app, "E14", "J1", &c1), Some(90.0));
        let line = total_line(&app);
        assert!(line.contains(" 22.00 "), "85 and the saved 90: {line}");
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal
            .draw(|f| juri::tui::ui::view(&app.desk, &app.view, f))
            .unwrap();
        let buf = terminal.backend().buffer().clone();
        let text: String = (0..buf.area.height)
            .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
            .map(|p| buf[p].symbol().to_string())
            .collect();
        assert!(
            text.contains(&T::CountedBefore.fill(lang, &["90"])),
            "{text}"
        );
        for _ in 0..3 {
            press(&mut app, KeyCode::Backspace);
        }
        keys(&mut app, "90");

        // A decimal comma: 7,5 is not on the kipp scale's step of 1, and 7 is never saved.
        press(&mut app, KeyCode::Down);
        let c2 = crit_id(&app, 2);
        let effects = keys(&mut app, "7,5");
        assert_eq!(effects, [Did::None; 3]);
        assert_eq!(value(&app, "E14", "J1", &c2), None);
        assert_eq!(
            app.view.scoring.error.as_deref(),
            Some(T::OffStep.fill(lang, &["7.5", "1", "0"]).as_str())
        );
        assert!(total_line(&app).contains(&T::Missing.fill(lang, &["6", "8"])));
    }
}

#[test]
fn scoring_leaving_with_a_refused_value_is_refused_too() {
    let mut app = demo(Lang::En);
    open_sheet_by_keys(&mut app, "E14", "J1");
    keys(&mut app, "105");
    assert!(app.view.scoring.error.is_some());
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.ctx(),
        Ctx::Sheet,
        "left the sheet with a refused value on screen"
    );
}

#[test]
fn scoring_handoff_screen_waits_for_enter() {
    let mut app = demo(Lang::En);
    open_sheet_by_keys(&mut app, "E14", "J2");
    keys(&mut app, "64");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.ctx(), Ctx::Handoff);
    // Keys of the sheet or the picker do nothing here.
    for code in [
        KeyCode::Char('j'),
        KeyCode::Char('R'),
        KeyCode::Char('n'),
        KeyCode::Esc,
    ] {
        assert_eq!(press(&mut app, code), Did::None);
        assert_eq!(app.ctx(), Ctx::Handoff);
    }
    assert_eq!(ch(&mut app, '7'), Did::None, "a digit is not a value here");
    assert_eq!(value(&app, "E14", "J2", &crit_id(&app, 0)), Some(64.0));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.ctx(), Ctx::Pick);
    // The cursor is still on the juror who left.
    assert_eq!(app.view.scoring.juror_cursor, 1);
}

#[test]
fn scoring_arrows_and_plus_minus_step_the_value() {
    let mut app = demo(Lang::En);
    open_sheet_by_keys(&mut app, "E14", "J1");
    let c0 = crit_id(&app, 0);
    // From nothing, Right starts at the bottom of the scale and Left at the top.
    assert_eq!(press(&mut app, KeyCode::Right), Did::Save);
    assert_eq!(value(&app, "E14", "J1", &c0), Some(0.0));
    assert_eq!(press(&mut app, KeyCode::Right), Did::Save);
    assert_eq!(ch(&mut app, '+'), Did::Save);
    assert_eq!(value(&app, "E14", "J1", &c0), Some(2.0));
    assert_eq!(press(&mut app, KeyCode::Left), Did::Save);
    assert_eq!(ch(&mut app, '-'), Did::Save);
    assert_eq!(value(&app, "E14", "J1", &c0), Some(0.0));
    // Nothing below the minimum, and nothing recorded for a step that does not move.
    let audit = app.journaled.len();
    assert_eq!(press(&mut app, KeyCode::Left), Did::None);
    assert_eq!(app.journaled.len(), audit);
    press(&mut app, KeyCode::Down);
    let c1 = crit_id(&app, 1);
    assert_eq!(press(&mut app, KeyCode::Left), Did::Save);
    assert_eq!(value(&app, "E14", "J1", &c1), Some(100.0));
    assert_eq!(press(&mut app, KeyCode::Right), Did::None);
    // A step after typing starts from the typed value.
    keys(&mut app, "55");
    press(&mut app, KeyCode::Right);
    assert_eq!(value(&app, "E14", "J1", &c1), Some(56.0));
}

#[test]
fn scoring_note_editor_keeps_unicode_text() {
    let mut app = demo(Lang::Id);
    open_sheet_by_keys(&mut app, "E14", "J2");
    press(&mut app, KeyCode::Down);
    let c1 = crit_id(&app, 1);
    assert_eq!(ch(&mut app, 'n'), Did::None);
    assert_eq!(app.ctx(), Ctx::Editor);
    assert!(matches!(
        &app.view.modal,
        Some(Modal::Editor { kind: EditorKind::Note(c), .. }) if *c == c1
    ));
    // Every key is text in the editor: q, digits and n too.
    let text = "Bagus ✓ café q1 n";
    for e in keys(&mut app, text) {
        assert_eq!(e, Did::None);
    }
    assert_eq!(app.view.screen, Screen::Scoring);
    assert_eq!(press(&mut app, KeyCode::Esc), Did::Save);
    assert!(app.view.modal.is_none());
    assert_eq!(app.ctx(), Ctx::Sheet);
    let sheet = app.desk.session.sheet("E14", "J2").unwrap();
    assert_eq!(sheet.notes.get(&c1).map(String::as_str), Some(text));
    assert_eq!(sheet.state, SheetState::Draft);
    assert_eq!(last_audit(&app).action, "note.set");
    assert_eq!(last_audit(&app).actor, "J2");

    // Opening it again shows the note; Ctrl-U clears it, and Esc removes the note.
    ch(&mut app, 'n');
    match &app.view.modal {
        Some(Modal::Editor { text: area, .. }) => assert_eq!(area.lines().join("\n"), text),
        _ => panic!("no editor"),
    }
    ctrl(&mut app, 'u');
    press(&mut app, KeyCode::Esc);
    assert!(
        !app.desk
            .session
            .sheet("E14", "J2")
            .unwrap()
            .notes
            .contains_key(&c1)
    );
}

#[test]
fn scoring_comment_editor_stores_several_lines() {
    let mut app = demo(Lang::En);
    open_sheet_by_keys(&mut app, "E14", "J3");
    assert_eq!(ch(&mut app, 'c'), Did::None);
    assert!(matches!(
        &app.view.modal,
        Some(Modal::Editor {
            kind: EditorKind::Comment,
            ..
        })
    ));
    keys(&mut app, "Presentasi jelas");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "Data pembanding kurang – perlu “baseline”");
    assert_eq!(press(&mut app, KeyCode::Esc), Did::Save);
    let sheet = app.desk.session.sheet("E14", "J3").unwrap();
    assert_eq!(
        sheet.comment,
        "Presentasi jelas\nData pembanding kurang – perlu “baseline”"
    );
    let ev = last_audit(&app);
    assert_eq!(
        (ev.action.as_str(), ev.actor.as_str()),
        ("comment.set", "J3")
    );
}

#[test]
fn scoring_submit_needs_every_criterion_then_confirmation() {
    for lang in [Lang::En, Lang::Id] {
        let mut app = demo(lang);
        open_sheet_by_keys(&mut app, "E14", "J1");
        let n = app.desk.session.rubric.criteria.len();

        // Nothing yet, then one value: refused with the count of empty criteria.
        assert_eq!(ctrl(&mut app, 's'), Did::None);
        assert!(app.view.modal.is_none());
        assert_eq!(status_msg(&app), (T::Missing.fill(lang, &["8", "8"]), true));
        keys(&mut app, "80");
        // S keeps the typed value first.
        assert_eq!(ch(&mut app, 'S'), Did::Save);
        assert!(app.view.modal.is_none());
        assert_eq!(
            status_msg(&app),
            (T::Missing.fill(lang, &["7", &n.to_string()]), true)
        );
        assert_eq!(
            app.desk.session.sheet("E14", "J1").unwrap().state,
            SheetState::Draft
        );

        // Complete: a confirmation naming the total.
        fill_by_keys(&mut app, "77");
        // The last value typed is kept as the dialog opens.
        assert_eq!(ctrl(&mut app, 's'), Did::Save);
        assert_eq!(app.ctx(), Ctx::Confirm);
        let name = app.desk.session.juror("J1").unwrap().name.clone();
        let title = app.desk.session.entry("E14").unwrap().title.clone();
        match &app.view.modal {
            Some(Modal::Confirm { question, .. }) => assert_eq!(
                question,
                &T::ConfirmSubmit.fill(lang, &[&name, &title, "77.00"])
            ),
            _ => panic!("no confirmation"),
        }
        // 'n' keeps the draft open.
        assert_eq!(ch(&mut app, 'n'), Did::None);
        assert_eq!(app.ctx(), Ctx::Sheet);
        assert_eq!(
            app.desk.session.sheet("E14", "J1").unwrap().state,
            SheetState::Draft
        );

        // 'y' submits, closes the sheet and says so.
        ch(&mut app, 'S');
        app.desk.now = at(300);
        assert_eq!(ch(&mut app, 'y'), Did::Save);
        let sheet = app.desk.session.sheet("E14", "J1").unwrap().clone();
        assert_eq!(sheet.state, SheetState::Submitted);
        assert_eq!(sheet.submitted, Some(at(300)));
        assert!(sheet.values.iter().all(|(_, v)| *v == 77.0));
        assert!(app.view.scoring.juror.is_none());
        assert_eq!(app.ctx(), Ctx::Handoff, "the keyboard is passed on");
        let ev = last_audit(&app);
        assert_eq!(
            (ev.action.as_str(), ev.actor.as_str(), ev.subject.as_str()),
            ("sheet.submit", "J1", "E14/J1")
        );
        // "Submitted and saved" only once the journal has it on disk: first it is on its way.
        assert_eq!(
            status_msg(&app),
            (T::SavingSheet.fill(lang, &[&name]), false)
        );
        let events = app.desk.saving.sent;
        update(&mut app, Action::Written(Written::Journal(events - 1)));
        assert_eq!(
            status_msg(&app),
            (T::SavingSheet.fill(lang, &[&name]), false),
            "an earlier event on disk is not the submit"
        );
        update(
            &mut app,
            Action::Written(Written::Failed("disk full".into())),
        );
        assert_eq!(app.desk.saving.error.as_deref(), Some("disk full"));
        update(&mut app, Action::Written(Written::Journal(events)));
        assert_eq!(
            status_msg(&app),
            (T::SubmittedOk.fill(lang, &[&name]), false)
        );
        assert!(app.desk.saving.saved());
        // It counts in the standings now.
        let row = app
            .table()
            .unwrap()
            .rows
            .iter()
            .find(|r| r.entry == "E14")
            .unwrap();
        assert_eq!(row.sheets, 1);

        // It cannot be opened for editing again.
        let locked = sheet.clone();
        assert_eq!(press(&mut app, KeyCode::Enter), Did::None);
        assert_eq!(app.ctx(), Ctx::Pick);
        // The picker went on to the next juror; back to J1, whose sheet opens read only.
        ch(&mut app, 'k');
        let events = app.journaled.len();
        assert_eq!(press(&mut app, KeyCode::Enter), Did::None);
        assert_eq!(app.ctx(), Ctx::View);
        for k in ['9', '5', 'S'] {
            assert_eq!(ch(&mut app, k), Did::None);
        }
        for k in [KeyCode::Backspace, KeyCode::Right, KeyCode::Down] {
            assert_eq!(press(&mut app, k), Did::None);
        }
        assert_eq!(app.journaled.len(), events, "reading writes nothing");
        assert_eq!(press(&mut app, KeyCode::Esc), Did::None);
        assert_eq!(app.ctx(), Ctx::Handoff);
        press(&mut app, KeyCode::Enter);
        // Digits on the picker switch screens; they never reach the sheet.
        ch(&mut app, '4');
        ch(&mut app, '3');
        assert_eq!(app.desk.session.sheet("E14", "J1").unwrap(), &locked);
    }
}

#[test]
fn scoring_reopen_needs_a_reason_and_is_audited() {
    for lang in [Lang::En, Lang::Id] {
        let mut app = demo(lang);
        // J1's sheet for E01 is submitted.
        pick_by_keys(&mut app, "E01", "J1");
        assert!(app.desk.session.sheet("E01", "J1").unwrap().is_submitted());
        let values = app.desk.session.sheet("E01", "J1").unwrap().values.clone();

        assert_eq!(ch(&mut app, 'R'), Did::None);
        assert_eq!(app.ctx(), Ctx::Reason);
        assert!(matches!(
            &app.view.modal,
            Some(Modal::Editor { kind: EditorKind::Reason { entry, juror }, .. })
                if entry == "E01" && juror == "J1"
        ));
        // Enter with no reason (or blanks only) keeps the dialog open, and says why.
        let refusal = |app: &App| match &app.view.modal {
            Some(Modal::Editor { error, .. }) => error.clone(),
            _ => None,
        };
        assert_eq!(press(&mut app, KeyCode::Enter), Did::None);
        assert_eq!(app.ctx(), Ctx::Reason);
        assert_eq!(refusal(&app).as_deref(), Some(T::ReasonNeeded.get(lang)));
        keys(&mut app, "   ");
        assert_eq!(refusal(&app), None, "typing answers the refusal");
        assert_eq!(press(&mut app, KeyCode::Enter), Did::None);
        assert_eq!(app.ctx(), Ctx::Reason);
        assert_eq!(refusal(&app).as_deref(), Some(T::ReasonNeeded.get(lang)));
        assert!(app.desk.session.sheet("E01", "J1").unwrap().is_submitted());
        // Esc cancels.
        assert_eq!(press(&mut app, KeyCode::Esc), Did::None);
        assert!(app.view.modal.is_none());
        assert!(app.desk.session.sheet("E01", "J1").unwrap().is_submitted());

        // A reason and Enter reopen it.
        ch(&mut app, 'R');
        let reason = "Salah ketik: nilai dampak 92 seharusnya 82";
        keys(&mut app, reason);
        app.desk.now = at(120);
        assert_eq!(press(&mut app, KeyCode::Enter), Did::Save);
        assert!(app.view.modal.is_none());
        let sheet = app.desk.session.sheet("E01", "J1").unwrap();
        assert_eq!(sheet.state, SheetState::Draft);
        assert_eq!(sheet.values, values, "reopening keeps the values");
        let ev = last_audit(&app);
        assert_eq!(ev.action, "sheet.reopen");
        assert_eq!(ev.actor, "chair");
        assert_eq!(ev.subject, "E01/J1");
        assert_eq!(ev.reason.as_deref(), Some(reason));
        assert_eq!(ev.at, at(120));
        let name = app.desk.session.juror("J1").unwrap().name.clone();
        assert_eq!(status_msg(&app), (T::Reopened.fill(lang, &[&name]), false));

        // Now the juror can change a value.
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.ctx(), Ctx::Sheet);
        keys(&mut app, "66");
        press(&mut app, KeyCode::Down);
        assert_eq!(value(&app, "E01", "J1", &crit_id(&app, 0)), Some(66.0));

        // R on a sheet that is not submitted opens nothing.
        press(&mut app, KeyCode::Esc);
        assert_eq!(ch(&mut app, 'R'), Did::None);
        assert!(app.view.modal.is_none());
    }
}

// ---------------------------------------------------------------------------------------------
// Standings

#[test]
fn standings_tab_cycles_the_categories_and_wraps() {
    let mut app = demo(Lang::En);
    ch(&mut app, '4');
    assert_eq!(app.ctx(), Ctx::Standings);
    let tabs = app.desk.session.categories.len() + 1;
    assert_eq!(tabs, 3);
    for expected in [1, 2, 0, 1] {
        press(&mut app, KeyCode::Tab);
        assert_eq!(app.view.standings.tab, expected);
    }
    press_with(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(app.view.standings.tab, 0);
    press_with(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(app.view.standings.tab, 2, "wraps backwards");
    ch(&mut app, 'h');
    assert_eq!(app.view.standings.tab, 1);
    ch(&mut app, 'l');
    press(&mut app, KeyCode::Right);
    assert_eq!(app.view.standings.tab, 0);
    press(&mut app, KeyCode::Left);
    assert_eq!(app.view.standings.tab, 2);
}

#[test]
fn standings_m_cycles_the_method_and_z_toggles_z_scores() {
    let mut app = demo(Lang::En);
    ch(&mut app, '4');
    let table = |app: &App| app.table().cloned().unwrap();
    assert_eq!(table(&app).method, Method::Mean);
    let mean = table(&app);
    for m in [Method::Median, Method::Trimmed, Method::Mean] {
        assert_eq!(ch(&mut app, 'm'), Did::None);
        assert_eq!(app.view.standings.method, m);
        assert_eq!(table(&app).method, m);
    }
    assert_eq!(table(&app), mean, "back to the same table");
    ch(&mut app, 'm');
    assert_ne!(
        table(&app).rows,
        mean.rows,
        "the median changes some scores"
    );
    ch(&mut app, 'm');
    ch(&mut app, 'm');

    assert_eq!(ch(&mut app, 'z'), Did::None);
    assert!(app.view.standings.zscore);
    assert_eq!(table(&app).normalize, Normalize::Zscore);
    ch(&mut app, 'z');
    assert!(!app.view.standings.zscore);
    assert_eq!(table(&app).normalize, Normalize::None);
    assert_eq!(table(&app), mean);
    // The chart toggles; none of this touches the session.
    let chart = app.view.standings.chart;
    ch(&mut app, 'c');
    assert_eq!(app.view.standings.chart, !chart);
    assert_eq!(app.journaled.len(), demo(Lang::En).journaled.len());
}

#[test]
fn help_opens_and_closes_from_every_screen() {
    let mut app = demo(Lang::En);
    for screen in ['1', '2', '3', '4'] {
        ch(&mut app, screen);
        assert_eq!(ch(&mut app, '?'), Did::None);
        assert_eq!(app.ctx(), Ctx::Help);
        // Keys of the screen below do nothing meanwhile.
        assert_eq!(ch(&mut app, 'j'), Did::None);
        assert_eq!(ch(&mut app, '1'), Did::None);
        assert_eq!(
            ch(&mut app, 'q'),
            Did::None,
            "q closes help, it does not quit"
        );
        assert_eq!(
            app.ctx(),
            match screen {
                '1' => Ctx::Agenda,
                '2' => Ctx::Stage,
                '3' => Ctx::Pick,
                _ => Ctx::Standings,
            }
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Random sequences

fn action_strategy() -> impl Strategy<Value = Action> {
    let editor_keys = vec![
        KeyEvent::from(KeyCode::Char('x')),
        KeyEvent::from(KeyCode::Char('é')),
        KeyEvent::from(KeyCode::Enter),
        KeyEvent::from(KeyCode::Backspace),
    ];
    prop_oneof![
        // Every kind of action (the library lists them all, so a new one is never left out).
        8 => proptest::sample::select(Action::examples()),
        4 => prop_oneof![
            (0u8..10).prop_map(|d| Action::Type(char::from(b'0' + d))),
            Just(Action::Type('.')),
            Just(Action::Type(',')),
        ],
        1 => (1u16..=200, 1u16..=60).prop_map(|(w, h)| Action::Resize(w, h)),
        1 => proptest::sample::select(editor_keys).prop_map(Action::EditorKey),
    ]
}

fn submitted(s: &juri::model::Session) -> Vec<Sheet> {
    s.scores
        .iter()
        .filter(|x| x.is_submitted())
        .cloned()
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_actions_never_panic_nor_change_submitted_sheets(
        actions in proptest::collection::vec(action_strategy(), 0..=200),
        indonesian in any::<bool>(),
    ) {
        let lang = if indonesian { Lang::Id } else { Lang::En };
        let mut app = demo(lang);
        let before = submitted(&app.desk.session);
        let audit_before = app.journaled.len();
        let mut terminal = Terminal::new(TestBackend::new(app.view.size.0, app.view.size.1)).unwrap();
        let any_reopen = actions.contains(&Action::Reopen);
        for (i, action) in actions.into_iter().enumerate() {
            app.desk.now = at(i as i64 * 13);
            update(&mut app, action);
            let (w, h) = app.view.size;
            terminal.backend_mut().resize(w, h);
            terminal.draw(|f| juri::tui::ui::view(&app.desk, &app.view, f)).unwrap();
        }
        let reopened: HashSet<&str> = app.journaled[audit_before..]
            .iter()
            .filter(|e| e.action == "sheet.reopen")
            .map(|e| e.subject.as_str())
            .collect();
        prop_assert!(any_reopen || reopened.is_empty());
        for old in &before {
            if reopened.contains(format!("{}/{}", old.entry, old.juror).as_str()) {
                continue;
            }
            let now = app.desk.session.sheet(&old.entry, &old.juror).unwrap();
            prop_assert_eq!(now, old);
        }
        // Whatever was typed, the session stays sound.
        let problems = juri::model::validate(&app.desk.session);
        prop_assert!(problems.is_empty(), "{:?}", problems);
    }
}

/// Fills the open sheet with `v`, submits it and confirms, then passes the hand-off screen.
fn submit_by_keys(app: &mut App, v: &str) {
    fill_by_keys(app, v);
    ch(app, 'S');
    assert_eq!(ch(app, 'y'), Did::Save);
    assert_eq!(app.ctx(), Ctx::Handoff);
    press(app, KeyCode::Enter);
    assert_eq!(app.ctx(), Ctx::Pick);
}

#[test]
fn after_a_submit_the_picker_moves_to_the_next_juror_still_to_score() {
    let mut app = demo(Lang::En);
    let juror_at = |app: &App| {
        app.desk.session.jurors[app.view.scoring.juror_cursor]
            .id
            .clone()
    };
    open_sheet_by_keys(&mut app, "E14", "J2");
    submit_by_keys(&mut app, "80");
    assert_eq!(juror_at(&app), "J3");
    // J4 has a conflict with E05: skipped.
    app.view.scoring.entry = None;
    app.desk.session.current = Some("E05".into());
    for who in ["J3", "J5"] {
        let reopen = juri::model::Change::Reopen {
            entry: "E05".into(),
            juror: who.into(),
            reason: "test".into(),
        };
        app.desk.session.apply("chair", reopen, t0()).unwrap();
    }
    // Nobody after J5 is left: the cursor stays where it is.
    for (who, next) in [("J3", "J5"), ("J5", "J5")] {
        open_sheet_by_keys(&mut app, "E05", who);
        submit_by_keys(&mut app, "80");
        assert_eq!(juror_at(&app), next, "after {who}");
    }
}

/// The chair sets the quorum on the Standings screen with `Q`: none, 2 … all five jurors, then
/// none again; each change is audited, replays under `juri verify`, and moves an entry below it
/// out of the ranking at once. With PINs on it needs the chair's PIN.
#[test]
fn standings_q_sets_the_quorum_through_the_audit_log() {
    for lang in [Lang::En, Lang::Id] {
        let mut app = demo(lang);
        ch(&mut app, '4');
        assert_eq!(app.desk.session.quorum, None);
        let e13 = |app: &App| {
            app.table()
                .unwrap()
                .rows
                .iter()
                .find(|r| r.entry == "E13")
                .cloned()
                .unwrap()
        };
        assert!(e13(&app).provisional());
        for (q, ranked) in [(2, true), (3, true), (4, false), (5, false)] {
            assert_eq!(ch(&mut app, 'Q'), Did::Save);
            assert_eq!(app.desk.session.quorum, Some(q));
            let ev = last_audit(&app);
            assert_eq!(
                (ev.action.as_str(), ev.actor.as_str()),
                ("quorum.set", "chair")
            );
            assert_eq!(ev.new, json!(q));
            assert_eq!(
                status_msg(&app),
                (T::QuorumSet.fill(lang, &[&q.to_string()]), false)
            );
            let r = e13(&app);
            assert_eq!(r.rank.is_some(), ranked, "quorum {q}");
            if !ranked {
                assert_eq!(r.unranked, Some(juri::standings::Unranked::BelowQuorum));
            }
            juri::standings::verify::verify(&app.desk.session, &app.journaled).unwrap();
        }
        assert_eq!(ch(&mut app, 'Q'), Did::Save);
        assert_eq!(app.desk.session.quorum, None);
        assert_eq!(status_msg(&app), (T::QuorumNone.get(lang).into(), false));
        assert!(e13(&app).rank.is_some());
        juri::standings::verify::verify(&app.desk.session, &app.journaled).unwrap();
        // Changed outside juri, the quorum no longer matches the log.
        let mut edited = app.desk.session.clone();
        edited.quorum = Some(3);
        let err = juri::standings::verify::verify(&edited, &app.journaled).unwrap_err();
        assert!(err.contains("quorum"), "{err}");

        // With PINs on (and the chair's PIN chosen), the chair's PIN first.
        juri::model::pin::set_cost(juri::model::pin::TEST_COST);
        app.desk.session.security.pins = true;
        let hash = juri::model::pin::hash("2468").unwrap();
        app.desk
            .session
            .security
            .pin_hashes
            .insert("chair".into(), hash);
        let events = app.journaled.len();
        assert_eq!(ch(&mut app, 'Q'), Did::None);
        assert!(
            matches!(app.view.modal, Some(Modal::Pin(_))),
            "the chair's PIN first"
        );
        assert_eq!(app.desk.session.quorum, None);
        assert_eq!(app.journaled.len(), events);
    }
}

// ---------------------------------------------------------------------------------------------
// Two screens on one session

/// A second screen on `app`'s session, for `act` to drive: the two views trade places, so
/// the helpers above drive the other one meanwhile.
fn on_other(app: &mut App, other: &mut juri::tui::app::View, act: impl FnOnce(&mut App)) {
    std::mem::swap(&mut app.view, other);
    act(app);
    std::mem::swap(&mut app.view, other);
}

#[test]
fn a_sheet_submitted_on_one_screen_closes_where_it_is_open_on_another() {
    use juri::tui::app::{Role, Theme, View};
    let mut app = demo(Lang::En);
    let mut other = View::new(&app.desk, Lang::Id, Theme { color: false }, Role::Shared);
    open_sheet_by_keys(&mut app, "E14", "J1");
    ch(&mut app, '7');
    on_other(&mut app, &mut other, |app| {
        open_sheet_by_keys(app, "E14", "J1");
        submit_by_keys(app, "80");
    });
    assert!(app.desk.session.sheet("E14", "J1").unwrap().is_submitted());
    assert_eq!(
        app.ctx(),
        Ctx::Sheet,
        "still open here until the screen follows"
    );

    app.view.follow(&app.desk);
    assert_eq!(app.ctx(), Ctx::Pick, "the submitted sheet closed");
    assert_eq!(
        app.view.scoring.buffer, None,
        "what was typed over it is dropped"
    );
    // A screen with nothing open stays as it was, its list scrolled to its highlight.
    other.screen = Screen::Agenda;
    other.agenda.offset = Some(other.agenda.selected + 1);
    let before = (
        other.screen,
        other.agenda.selected,
        other.scoring.juror.clone(),
    );
    other.follow(&app.desk);
    assert_eq!(other.agenda.offset, Some(other.agenda.selected));
    assert_eq!(
        (
            other.screen,
            other.agenda.selected,
            other.scoring.juror.clone()
        ),
        before
    );
}

#[test]
fn a_question_about_a_sheet_submitted_elsewhere_goes_away() {
    use juri::tui::app::{Role, Theme, View};
    let mut app = demo(Lang::En);
    let mut other = View::new(&app.desk, Lang::En, Theme { color: false }, Role::Shared);
    open_sheet_by_keys(&mut app, "E14", "J1");
    fill_by_keys(&mut app, "80");
    ch(&mut app, 'S');
    assert_eq!(app.ctx(), Ctx::Confirm);
    on_other(&mut app, &mut other, |app| {
        open_sheet_by_keys(app, "E14", "J1");
        submit_by_keys(app, "90");
    });
    app.view.follow(&app.desk);
    assert!(
        app.view.modal.is_none(),
        "no question left about a submitted sheet"
    );
    assert_eq!(app.ctx(), Ctx::Pick);
    // The sheet holds what the other screen submitted; this screen's answer changes nothing.
    assert_eq!(ch(&mut app, 'y'), Did::None);
    assert_eq!(value(&app, "E14", "J1", "novelty"), Some(90.0));
}
