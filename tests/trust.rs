//! Trust at a shared keyboard: PINs, lockouts, the hand-off screen, masked entry and blind
//! standings, driven by key presses through the keymap exactly as the event loop does.

mod common;

use chrono::Duration;
use common::app::{Did, update};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use juri::i18n::{Lang, T};
use juri::model::Change;
use juri::tui::action::Screen;
use juri::tui::app::{App, Modal};
use juri::tui::keymap;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use common::app::{app_of, demo_session, t0};

fn app(pins: bool) -> App {
    // PIN hashes at the real cost take about half a second each: these tests need none of it.
    juri::model::pin::set_cost(juri::model::pin::TEST_COST);
    let mut s = demo_session();
    if pins {
        s.apply("chair", Change::SetPins { on: true }, t0())
            .unwrap();
    }
    app_of(s, "/tmp/juri-trust-test.json", Lang::En, true)
}

fn key(app: &mut App, code: KeyCode) -> Did {
    let mods = match code {
        KeyCode::Char(c) if c.is_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    match keymap::action(app.ctx(), &KeyEvent::new(code, mods)) {
        Some(a) => update(app, a),
        None => Did::None,
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn screen(app: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    term.draw(|f| juri::tui::ui::view(&app.desk, &app.view, f))
        .unwrap();
    let buf = term.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn pin_error(app: &App) -> Option<String> {
    match &app.view.modal {
        Some(Modal::Pin(p)) => p.error.clone(),
        _ => None,
    }
}

/// Opens the scoring picker on the entry on stage (E14) with the cursor on juror `n` (0-based).
fn to_picker(app: &mut App, n: usize) {
    key(app, KeyCode::Char('3'));
    for _ in 0..n {
        key(app, KeyCode::Char('j'));
    }
}

#[test]
fn a_juror_sets_a_pin_then_needs_it_and_its_digits_are_never_drawn() {
    let mut a = app(true);
    to_picker(&mut a, 0);
    key(&mut a, KeyCode::Enter);
    assert!(
        matches!(a.view.modal, Some(Modal::Pin(_))),
        "a PIN is asked before the sheet opens"
    );
    typed(&mut a, "2580");
    let shown = screen(&a);
    assert!(
        !shown.contains("2580"),
        "typed digits are never drawn:\n{shown}"
    );
    assert!(shown.contains("● ● ● ●"));
    key(&mut a, KeyCode::Enter);
    typed(&mut a, "2580");
    assert_eq!(key(&mut a, KeyCode::Enter), Did::Save);
    assert_eq!(
        a.view.scoring.juror.as_deref(),
        Some("J1"),
        "the sheet opens once the PIN is set"
    );
    let hash = &a.desk.session.security.pin_hashes["J1"];
    assert!(hash.starts_with("$argon2id$") && !hash.contains("2580"));
    assert_eq!(a.journaled.last().unwrap().action, "pin.set");
    let text = serde_json::to_string(&a.desk.session).unwrap();
    assert!(
        !text.contains("\"2580\""),
        "the PIN itself is nowhere in the file"
    );

    // Leaving shows the hand-off screen; opening again needs the PIN.
    key(&mut a, KeyCode::Esc);
    assert!(a.view.scoring.handoff);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    typed(&mut a, "1111");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.view.scoring.juror, None);
    assert_eq!(pin_error(&a), Some(T::PinWrong.fill(Lang::En, &["4"])));
    typed(&mut a, "2580");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.view.scoring.juror.as_deref(), Some("J1"));
}

#[test]
fn a_new_pin_must_be_four_to_eight_digits_and_typed_twice_alike() {
    let mut a = app(true);
    to_picker(&mut a, 1);
    key(&mut a, KeyCode::Enter);
    typed(&mut a, "12");
    key(&mut a, KeyCode::Enter);
    assert_eq!(pin_error(&a).as_deref(), Some(T::PinInvalid.get(Lang::En)));
    typed(&mut a, "1234");
    key(&mut a, KeyCode::Enter);
    typed(&mut a, "4321");
    key(&mut a, KeyCode::Enter);
    assert_eq!(pin_error(&a).as_deref(), Some(T::PinMismatch.get(Lang::En)));
    assert!(a.desk.session.security.pin_hashes.is_empty());
    key(&mut a, KeyCode::Esc);
    assert!(a.view.modal.is_none());
    assert_eq!(a.view.scoring.juror, None, "cancelling opens nothing");
}

#[test]
fn five_wrong_tries_lock_the_pin_for_a_minute_and_are_audited() {
    let mut a = app(true);
    let hash = juri::model::pin::hash("2468").unwrap();
    a.desk
        .session
        .apply(
            "J2",
            Change::SetPin {
                who: "J2".into(),
                hash,
            },
            t0(),
        )
        .unwrap();
    to_picker(&mut a, 1);
    key(&mut a, KeyCode::Enter);
    for _ in 0..4 {
        typed(&mut a, "0000");
        assert_eq!(key(&mut a, KeyCode::Enter), Did::None);
    }
    typed(&mut a, "0000");
    assert_eq!(
        key(&mut a, KeyCode::Enter),
        Did::Save,
        "the lockout is saved"
    );
    let ev = a.journaled.last().unwrap();
    assert_eq!(
        (ev.action.as_str(), ev.subject.as_str()),
        ("pin.lockout", "J2")
    );
    assert_eq!(
        a.desk.session.security.lockouts["J2"],
        t0() + Duration::seconds(60)
    );
    // Even the right PIN is refused until the minute is over.
    typed(&mut a, "2468");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.view.scoring.juror, None);
    assert!(pin_error(&a).unwrap().contains("14:41:00"));
    a.desk.now = t0() + Duration::seconds(61);
    typed(&mut a, "2468");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.view.scoring.juror.as_deref(), Some("J2"));
    assert!(
        juri::standings::verify::verify(&a.desk.session, &a.journaled).is_ok(),
        "PIN events replay"
    );
}

#[test]
fn chair_actions_need_the_chair_pin_when_pins_are_on() {
    let mut a = app(true);
    let hash = juri::model::pin::hash("9999").unwrap();
    a.desk
        .session
        .apply(
            "chair",
            Change::SetPin {
                who: "chair".into(),
                hash,
            },
            t0(),
        )
        .unwrap();
    // Marking an entry absent asks for the chair's PIN; a juror's guess changes nothing.
    key(&mut a, KeyCode::Char('j'));
    let entry = a.desk.session.entries[a.view.agenda.selected].id.clone();
    key(&mut a, KeyCode::Char('a'));
    typed(&mut a, "1234");
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        a.desk.session.entry(&entry).unwrap().status.as_str(),
        "scheduled"
    );
    typed(&mut a, "9999");
    assert_eq!(key(&mut a, KeyCode::Enter), Did::Save);
    assert_eq!(
        a.desk.session.entry(&entry).unwrap().status.as_str(),
        "absent"
    );
    // Once given, the agenda stays unlocked while the chair stays on it.
    assert_eq!(key(&mut a, KeyCode::Char('b')), Did::Save);
    key(&mut a, KeyCode::Char('2'));
    key(&mut a, KeyCode::Char('1'));
    key(&mut a, KeyCode::Char('a'));
    assert!(
        matches!(a.view.modal, Some(Modal::Pin(_))),
        "leaving the agenda locks it again"
    );

    // Reopening a submitted sheet needs the chair's PIN, then a reason.
    key(&mut a, KeyCode::Esc);
    a.desk.session.current = Some("E01".into());
    a.view.scoring.entry = Some("E01".into());
    key(&mut a, KeyCode::Char('3'));
    key(&mut a, KeyCode::Char('R'));
    assert!(matches!(a.view.modal, Some(Modal::Pin(_))));
    typed(&mut a, "9999");
    key(&mut a, KeyCode::Enter);
    assert!(
        matches!(a.view.modal, Some(Modal::Editor { .. })),
        "then the reason"
    );
}

#[test]
fn without_pins_nothing_is_asked() {
    let mut a = app(false);
    to_picker(&mut a, 0);
    key(&mut a, KeyCode::Enter);
    assert!(a.view.modal.is_none());
    assert_eq!(a.view.scoring.juror.as_deref(), Some("J1"));
}

#[test]
fn the_hand_off_screen_shows_nothing_of_the_sheet() {
    let mut a = app(false);
    to_picker(&mut a, 0);
    key(&mut a, KeyCode::Enter);
    for v in ["81", "82", "83", "84", "85", "86", "87", "88"] {
        typed(&mut a, v);
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char('S'));
    assert_eq!(key(&mut a, KeyCode::Char('y')), Did::Save);
    assert!(a.view.scoring.handoff);
    let shown = screen(&a);
    assert!(shown.contains(T::Handoff.get(Lang::En)), "{shown}");
    for v in ["81", "84.", "88", "Problem analysis"] {
        assert!(
            !shown.contains(v),
            "{v:?} is on the hand-off screen:\n{shown}"
        );
    }
    key(&mut a, KeyCode::Enter);
    assert!(!a.view.scoring.handoff);
    assert!(screen(&a).contains(
        &T::PickJuror.fill(Lang::En, &["Data Terpadu Kesejahteraan Sosial Waktu Nyata"])
    ));
}

#[test]
fn masked_entry_draws_values_and_total_as_dots() {
    let mut a = app(false);
    to_picker(&mut a, 0);
    key(&mut a, KeyCode::Enter);
    typed(&mut a, "87");
    key(&mut a, KeyCode::Down);
    typed(&mut a, "9");
    key(&mut a, KeyCode::Char('*'));
    assert!(a.view.masked);
    let shown = screen(&a);
    assert!(!shown.contains("87"), "{shown}");
    assert!(shown.contains("••"), "{shown}");
    assert!(shown.contains("••.••"), "the total is masked too");
    key(&mut a, KeyCode::Char('*'));
    assert!(screen(&a).contains("87"));
}

#[test]
fn blind_standings_show_no_order_until_the_chair_reveals_them() {
    let mut a = app(false);
    key(&mut a, KeyCode::Char('4'));
    assert!(screen(&a).contains("JEMPOL PINK"));
    assert_eq!(key(&mut a, KeyCode::Char('B')), Did::Save);
    assert!(a.desk.session.security.blind);
    for tab in 0..3 {
        let shown = screen(&a);
        assert!(shown.contains(T::Hidden.get(Lang::En)), "{shown}");
        for leak in ["JEMPOL", "89.85", "E08", "CAKES"] {
            assert!(
                !shown.contains(leak),
                "{leak} shown while hidden (tab {tab}):\n{shown}"
            );
        }
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Char('m'));
        key(&mut a, KeyCode::Char('z'));
    }
    // Per-juror totals are not revealed while the standings are hidden.
    key(&mut a, KeyCode::Char('p'));
    assert!(!a.view.standings.reveal);
    assert_eq!(key(&mut a, KeyCode::Char('B')), Did::Save);
    assert!(!a.desk.session.security.blind);
    key(&mut a, KeyCode::Char('p'));
    assert!(a.view.standings.reveal);
    let shown = screen(&a);
    assert!(shown.contains(T::JurorTotals.get(Lang::En)), "{shown}");
    key(&mut a, KeyCode::Char('1'));
    assert!(
        !a.view.standings.reveal,
        "a reveal ends when the chair leaves the standings"
    );
    assert_eq!(a.view.screen, Screen::Agenda);
}

#[test]
fn turning_pins_on_makes_the_chair_choose_the_chair_pin_there_and_twice() {
    let mut a = app(false);
    assert_eq!(key(&mut a, KeyCode::Char('P')), Did::None);
    assert!(
        !a.desk.session.security.pins,
        "PINs stay off until the chair's PIN is chosen"
    );
    match &a.view.modal {
        Some(Modal::Pin(p)) => assert_eq!(p.who, "chair"),
        _ => panic!("the chair's PIN is asked for"),
    }
    assert!(screen(&a).contains(T::PinChairNew.get(Lang::En)));
    // Cancelling leaves PINs off.
    key(&mut a, KeyCode::Esc);
    assert!(!a.desk.session.security.pins && a.view.modal.is_none());

    key(&mut a, KeyCode::Char('P'));
    typed(&mut a, "4321");
    key(&mut a, KeyCode::Enter);
    typed(&mut a, "4322");
    key(&mut a, KeyCode::Enter);
    assert_eq!(pin_error(&a).as_deref(), Some(T::PinMismatch.get(Lang::En)));
    assert!(!a.desk.session.security.pins);
    typed(&mut a, "4321");
    key(&mut a, KeyCode::Enter);
    typed(&mut a, "4321");
    assert_eq!(key(&mut a, KeyCode::Enter), Did::Save);
    assert!(a.desk.session.security.pins);
    assert!(juri::model::pin::check(
        "4321",
        &a.desk.session.security.pin_hashes["chair"]
    ));
    let actions: Vec<&str> = a
        .journaled
        .iter()
        .rev()
        .take(2)
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(actions, ["security.pins", "pin.set"]);

    // Off again needs that PIN: a juror's guess changes nothing.
    key(&mut a, KeyCode::Char('2'));
    key(&mut a, KeyCode::Char('1'));
    key(&mut a, KeyCode::Char('P'));
    typed(&mut a, "1111");
    key(&mut a, KeyCode::Enter);
    assert_eq!(pin_error(&a), Some(T::PinWrong.fill(Lang::En, &["4"])));
    typed(&mut a, "4321");
    assert_eq!(key(&mut a, KeyCode::Enter), Did::Save);
    assert!(!a.desk.session.security.pins);
}

#[test]
fn no_chair_action_lets_whoever_presses_it_choose_the_chair_pin() {
    // PINs on without a chair's PIN (a file from an older juri): chair actions are refused
    // with the way out, never turned into "choose the chair's PIN".
    let mut a = app(true);
    a.desk.session.current = Some("E01".into());
    a.view.scoring.entry = Some("E01".into());
    key(&mut a, KeyCode::Char('3'));
    key(&mut a, KeyCode::Char('R'));
    assert!(a.view.modal.is_none(), "no PIN prompt");
    let (msg, error) = a.view.status.clone().unwrap();
    assert!(error && msg.contains("juri chair-pin"), "{msg}");
    key(&mut a, KeyCode::Char('1'));
    for k in ['a', 'P'] {
        key(&mut a, KeyCode::Char(k));
        assert!(a.view.modal.is_none(), "{k}");
    }
    assert!(a.desk.session.security.pin_hashes.is_empty());
    assert!(a.desk.session.security.pins);
}

#[test]
fn a_pin_refusal_clears_as_the_next_pin_is_typed_and_the_last_try_is_singular() {
    for lang in [Lang::En, Lang::Id] {
        let mut a = app(true);
        a.view.lang = lang;
        to_picker(&mut a, 2);
        key(&mut a, KeyCode::Enter);
        typed(&mut a, "12");
        key(&mut a, KeyCode::Enter);
        assert_eq!(pin_error(&a).as_deref(), Some(T::PinInvalid.get(lang)));
        typed(&mut a, "1");
        assert_eq!(pin_error(&a), None, "typing a new PIN clears the refusal");
        assert!(!screen(&a).contains(T::PinInvalid.get(lang)));
        typed(&mut a, "357");
        key(&mut a, KeyCode::Enter);
        typed(&mut a, "1357");
        key(&mut a, KeyCode::Enter);
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Enter);
        key(&mut a, KeyCode::Enter);
        for _ in 0..4 {
            typed(&mut a, "0000");
            key(&mut a, KeyCode::Enter);
        }
        assert_eq!(pin_error(&a).as_deref(), Some(T::PinWrongLast.get(lang)));
        assert!(screen(&a).contains(T::PinWrongLast.get(lang)));
    }
}

#[test]
fn a_submitted_sheet_is_read_by_its_juror_or_the_chair_without_reopening_it() {
    let mut a = app(true);
    for (who, pin) in [("chair", "9999"), ("J1", "2580")] {
        let hash = juri::model::pin::hash(pin).unwrap();
        let change = Change::SetPin {
            who: who.into(),
            hash,
        };
        a.desk.session.apply(who, change, t0()).unwrap();
    }
    a.desk.session.current = Some("E01".into());
    a.view.scoring.entry = Some("E01".into());
    // The PINs set by hand are still to be journaled: they count as made.
    let events = a.journaled.len() + a.desk.session.audit.len();
    let value = a
        .desk
        .session
        .sheet("E01", "J1")
        .unwrap()
        .values
        .get("novelty")
        .copied();
    let value = juri::i18n::fmt_num(value.unwrap());

    // J1's sheet: J1's PIN or the chair's; another juror's guess shows nothing.
    to_picker(&mut a, 0);
    key(&mut a, KeyCode::Enter);
    assert!(screen(&a).contains("PIN of Juri 1 (akademisi) or of the chair"));
    typed(&mut a, "1111");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.view.scoring.juror, None);
    for pin in ["9999", "2580"] {
        typed(&mut a, pin);
        assert_eq!(key(&mut a, KeyCode::Enter), Did::None);
        assert_eq!(a.ctx(), juri::tui::keymap::Ctx::View, "{pin}");
        let shown = screen(&a);
        assert!(shown.contains(&value), "{shown}");
        assert!(shown.contains("read only"), "{shown}");
        key(&mut a, KeyCode::Esc);
        assert!(a.view.scoring.handoff, "leaving hands the keyboard on");
        key(&mut a, KeyCode::Enter);
        key(&mut a, KeyCode::Enter);
    }
    key(&mut a, KeyCode::Esc);
    // J2 has no PIN: only the chair's opens J2's sheet.
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Enter);
    match &a.view.modal {
        Some(Modal::Pin(p)) => assert!(p.who == "chair" && !p.or_chair),
        _ => panic!("a PIN is asked"),
    }
    typed(&mut a, "9999");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.view.scoring.juror.as_deref(), Some("J2"));
    assert!(a.view.scoring.read_only);
    // Nothing was written: no reopen, no audit event (one wrong try is not a lockout).
    assert_eq!(a.journaled.len(), events);
    assert!(a.desk.session.sheet("E01", "J1").unwrap().is_submitted());
}
