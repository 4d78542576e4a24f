//! The screens of a competition over several days and stages: the agenda by day, the chair's
//! screening and day moves, the standings per stage and per group; in both languages, at a
//! small and a large size.

mod common;

use chrono::{NaiveDate, TimeZone};
use common::app::{Did, update};
use juri::i18n::{Lang, T};
use juri::model::stages::{Chain, EarlierStage};
use juri::model::{Category, Change, Entry, Juror, Rubric, Schedule, Session, Status, Time};
use juri::tui::action::{Action, Screen};
use juri::tui::app::{App, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const LANGS: [Lang; 2] = [Lang::En, Lang::Id];
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// 09:10 on the second day of the agenda.
fn now() -> Time {
    chrono::FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 24, 9, 10, 0)
        .unwrap()
}

/// Six entries over three days of two slots; a desk stage that counts 40%; every entry but
/// E6 scored by both jurors.
fn session() -> Session {
    let mut s = Session::new("Final", Rubric::preset("kipp").unwrap(), now());
    s.stage = "interview".into();
    s.categories.push(Category {
        id: "K".into(),
        name: "Kabupaten".into(),
        top_n: None,
    });
    for i in 1..=6 {
        s.entries.push(Entry {
            id: format!("E{i}"),
            title: format!("Inovasi {i}"),
            institution: format!("Dinas {i}"),
            category: "K".into(),
            group: Some(if i % 2 == 0 { "khusus" } else { "umum" }.into()),
            ..Default::default()
        });
    }
    for j in 1..=2 {
        s.jurors.push(Juror {
            id: format!("J{j}"),
            name: format!("Juri {j}"),
            role: None,
            conflicts: vec![],
        });
    }
    let first = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    s.schedule = Some(Schedule {
        start: "09:00".into(),
        slot_minutes: 30,
        days: juri::model::days::make_days(first, 3, "09:00", "10:00", &[]).unwrap(),
    });
    // As `juri new` plans them: each entry held to its day.
    juri::model::days::hold_days(&mut s);
    s.chain = Some(Chain {
        stages: vec![EarlierStage {
            name: "desk".into(),
            weight: "40".into(),
            scores: (1..=6)
                .map(|i| (format!("E{i}"), format!("{}", 60 + i * 5)))
                .collect(),
        }],
        previous: None,
    });
    let ids: Vec<String> = s.rubric.criteria.iter().map(|c| c.id.clone()).collect();
    for i in 1..=5 {
        for j in ["J1", "J2"] {
            for c in &ids {
                let change = Change::SetValue {
                    entry: format!("E{i}"),
                    juror: j.into(),
                    criterion: c.clone(),
                    value: Some(f64::from(90 - i * 4)),
                };
                s.apply(j, change, now()).unwrap();
            }
            let submit = Change::Submit {
                entry: format!("E{i}"),
                juror: j.into(),
            };
            s.apply(j, submit, now()).unwrap();
        }
    }
    s
}

fn app(lang: Lang) -> App {
    App::new(
        session(),
        std::path::PathBuf::from("/tmp/juri-screens-stages.json"),
        lang,
        Theme { color: true },
        now(),
    )
}

fn draw(app: &App, w: u16, h: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| juri::tui::ui::view(&app.desk, &app.view, f))
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

#[track_caller]
fn drawn(rows: &[String], needle: &str, what: &str) {
    assert!(
        rows.iter().any(|r| r.contains(needle)),
        "{what}: {needle:?} not drawn:\n{}",
        rows.join("\n")
    );
}

fn row_of<'a>(rows: &'a [String], entry: &str) -> &'a str {
    let needle = format!("{entry} Inovasi");
    rows.iter()
        .find(|r| r.contains(&needle))
        .map_or("", |r| r.as_str())
}

#[test]
fn the_agenda_reads_as_days_and_opens_on_todays_first_entry() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let what = format!("{lang:?} {w}x{h}");
            let app = app(lang);
            // Today is day 2: its first entry is highlighted.
            assert_eq!(app.view.agenda.selected, 2, "{what}");
            let rows = draw(&app, w, h);
            drawn(
                &rows,
                &format!("{} 2/3 2026-11-24", T::AgDay.get(lang)),
                &what,
            );
            // Each day's first entry names its day; the others leave it blank.
            let day_cell = |e: &str| {
                let r = row_of(&rows, e);
                r.split_whitespace().nth(2).unwrap_or("").to_string()
            };
            assert_eq!(day_cell("E1"), "1", "{what}: {:?}", row_of(&rows, "E1"));
            assert_eq!(day_cell("E3"), "2", "{what}: {:?}", row_of(&rows, "E3"));
            assert_eq!(day_cell("E5"), "3", "{what}: {:?}", row_of(&rows, "E5"));
            assert!(row_of(&rows, "E4").contains("09:30"), "{what}");
            assert!(!row_of(&rows, "E4").contains(" 2 "), "{what}");
        }
    }
}

#[test]
fn the_agenda_opens_with_todays_entries_in_view_at_a_small_size() {
    for lang in LANGS {
        // Three days of ten entries; today is day 2 (E11 to E20).
        let mut s = session();
        s.chain = None;
        s.scores.clear();
        s.audit.clear();
        s.log = Default::default();
        for i in 7..=30 {
            s.entries.push(Entry {
                id: format!("E{i}"),
                title: format!("Inovasi {i}"),
                institution: format!("Dinas {i}"),
                category: "K".into(),
                ..Default::default()
            });
        }
        for e in &mut s.entries {
            e.day = None;
        }
        let first = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        s.schedule.as_mut().unwrap().days =
            juri::model::days::make_days(first, 3, "09:00", "14:00", &[]).unwrap();
        juri::model::days::hold_days(&mut s);
        let mut app = App::new(
            s,
            std::path::PathBuf::from("/tmp/juri-screens-stages.json"),
            lang,
            Theme { color: true },
            now(),
        );
        assert_eq!(app.view.agenda.selected, 10);
        update(&mut app, Action::Resize(80, 24));
        let rows = draw(&app, 80, 24);
        for e in ["E11", "E12", "E20"] {
            assert!(!row_of(&rows, e).is_empty(), "{e}:\n{}", rows.join("\n"));
        }
    }
}

#[test]
fn the_chair_marks_an_entry_ineligible_with_its_reason() {
    use crossterm::event::{KeyCode, KeyEvent};
    for lang in LANGS {
        let mut app = app(lang);
        app.view.agenda.selected = 5;
        assert_eq!(update(&mut app, Action::MarkIneligible), Did::None);
        let rows = draw(&app, 80, 24);
        drawn(&rows, &T::IneligibleTitle.fill(lang, &["E6"]), "dialog");
        // The footer says what Enter does here: mark, not reopen.
        let footer = rows.iter().rev().find(|r| !r.trim().is_empty()).unwrap();
        assert!(
            footer.contains(T::KMarkIneligibleDo.get(lang))
                && !footer.contains(T::KReopenDo.get(lang)),
            "{footer:?}"
        );
        // Without a reason it stays open and says why.
        assert_eq!(update(&mut app, Action::EditorDone), Did::None);
        let rows = draw(&app, 80, 24);
        drawn(&rows, T::IneligibleReasonNeeded.get(lang), "no reason");
        for ch in "no letter".chars() {
            update(
                &mut app,
                Action::EditorKey(KeyEvent::from(KeyCode::Char(ch))),
            );
        }
        assert_eq!(update(&mut app, Action::EditorDone), Did::Save);
        let e = app.desk.session.entry("E6").unwrap();
        assert_eq!(e.status, Status::Ineligible);
        assert_eq!(e.reason.as_deref(), Some("no letter"));
        let rows = draw(&app, 120, 40);
        drawn(
            &rows,
            &T::MarkedIneligible.fill(lang, &["E6"]),
            "status line",
        );
        // Never slotted: its row has no time.
        assert!(
            !row_of(&rows, "E6").contains("09:"),
            "{:?}",
            row_of(&rows, "E6")
        );
        // And never scored.
        let err = app
            .desk
            .session
            .clone()
            .apply(
                "J1",
                Change::SetValue {
                    entry: "E6".into(),
                    juror: "J1".into(),
                    criterion: "novelty".into(),
                    value: Some(50.0),
                },
                now(),
            )
            .unwrap_err();
        assert!(err.text(lang).contains("E6"), "{}", err.text(lang));
    }
}

/// The chair marks the selected entry ineligible through the dialog.
fn mark_ineligible(app: &mut App, reason: &str) {
    use crossterm::event::{KeyCode, KeyEvent};
    assert_eq!(update(app, Action::MarkIneligible), Did::None);
    for ch in reason.chars() {
        update(app, Action::EditorKey(KeyEvent::from(KeyCode::Char(ch))));
    }
    assert_eq!(update(app, Action::EditorDone), Did::Save);
}

#[test]
fn marking_an_entry_ineligible_on_the_day_tells_the_chair_which_slots_move() {
    for lang in LANGS {
        let mut app = app(lang);
        // E3 is day 2's first: E4 moves up from 09:30 to 09:00; day 3 keeps its plan.
        app.view.agenda.selected = 2;
        mark_ineligible(&mut app, "no letter");
        let rows = draw(&app, 120, 40);
        drawn(
            &rows,
            &T::MarkedIneligibleShift.fill(lang, &["E3", "1"]),
            "status line",
        );
        assert!(
            row_of(&rows, "E4").contains("09:00"),
            "{:?}",
            row_of(&rows, "E4")
        );
    }
}

#[test]
fn an_ineligible_entry_stays_so_until_the_chair_lifts_it() {
    for lang in LANGS {
        let mut app = app(lang);
        app.view.agenda.selected = 5;
        mark_ineligible(&mut app, "no letter");
        // Absent or withdrawn would erase the screening and its reason: refused, and said.
        for a in [Action::MarkAbsent, Action::MarkWithdrawn] {
            assert_eq!(update(&mut app, a), Did::None);
            let e = app.desk.session.entry("E6").unwrap();
            assert_eq!(e.status, Status::Ineligible);
            assert_eq!(e.reason.as_deref(), Some("no letter"));
            let rows = draw(&app, 120, 40);
            drawn(
                &rows,
                &T::RStillIneligible.fill(lang, &["\"E6\""]),
                "refused",
            );
        }
        // The scoring picker opens no sheet for it, and says why.
        update(&mut app, Action::Show(Screen::Scoring));
        app.view.scoring.entry = Some("E6".into());
        assert_eq!(update(&mut app, Action::Select), Did::None);
        assert_eq!(app.view.scoring.juror, None, "no sheet is open");
        let rows = draw(&app, 80, 24);
        let why = juri::error::Refusal::NotScorable {
            entry: "E6".into(),
            status: "ineligible",
        };
        drawn(&rows, &why.text(lang), "cannot be scored");
        update(&mut app, Action::Show(Screen::Agenda));
        // The chair lifts it explicitly.
        assert_eq!(update(&mut app, Action::MarkBack), Did::Save);
        let e = app.desk.session.entry("E6").unwrap();
        assert_eq!(e.status, Status::Scheduled);
        assert_eq!(e.reason, None);
    }
}

#[test]
fn the_chair_moves_an_entry_to_the_next_day() {
    for lang in LANGS {
        let mut app = app(lang);
        // Every day holds two entries: day 2 is full, so E1 stays where it is, and says why.
        app.view.agenda.selected = 0;
        assert_eq!(update(&mut app, Action::DayLater), Did::None);
        assert_eq!(app.desk.session.entry("E1").unwrap().day, Some(1));
        assert_eq!(app.desk.session.entries[0].id, "E1");
        let rows = draw(&app, 80, 24);
        drawn(&rows, &T::RDayFull.fill(lang, &["2"]), "day 2 is full");
        // E6 withdrawn frees a slot on day 3: E4 (day 2) goes there and says so.
        app.view.agenda.selected = 5;
        assert_eq!(update(&mut app, Action::MarkWithdrawn), Did::Save);
        app.view.agenda.selected = 3;
        assert_eq!(update(&mut app, Action::DayLater), Did::Save);
        let ids: Vec<&str> = app
            .desk
            .session
            .entries
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(ids, ["E1", "E2", "E3", "E5", "E6", "E4"]);
        assert_eq!(app.desk.session.entry("E4").unwrap().day, Some(3));
        assert_eq!(app.view.agenda.selected, 5);
        let plan = juri::model::days::plan(&app.desk.session);
        assert_eq!(plan[5].map(|p| p.day), Some(2), "on the day announced");
        let rows = draw(&app, 120, 40);
        drawn(
            &rows,
            &T::MovedToDay.fill(lang, &["E4", "3"]),
            "status line",
        );
        assert!(
            row_of(&rows, "E4").contains("09:30"),
            "{:?}",
            row_of(&rows, "E4")
        );
        // Nothing after the last day, and it says so.
        assert_eq!(update(&mut app, Action::DayLater), Did::None);
        let rows = draw(&app, 120, 40);
        drawn(&rows, &T::NoDayAfter.fill(lang, &["E4"]), "last day");
        // And back to the day it came from, which has room again.
        assert_eq!(update(&mut app, Action::DayEarlier), Did::Save);
        assert_eq!(app.desk.session.entry("E4").unwrap().day, Some(2));
        let plan = juri::model::days::plan(&app.desk.session);
        let at = app.desk.session.entry_pos("E4").unwrap();
        assert_eq!(plan[at].map(|p| p.day), Some(1));
        // Nothing before the first day either.
        app.view.agenda.selected = 0;
        assert_eq!(update(&mut app, Action::DayEarlier), Did::None);
        let rows = draw(&app, 120, 40);
        drawn(&rows, &T::NoDayBefore.fill(lang, &["E1"]), "first day");
    }
}

#[test]
fn standings_show_each_stage_the_final_score_and_one_group() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let what = format!("{lang:?} {w}x{h}");
            let mut app = app(lang);
            update(&mut app, Action::Show(Screen::Standings));
            let rows = draw(&app, w, h);
            let formula = T::StageFormula.fill(lang, &["40% desk + 60% interview"]);
            drawn(&rows, &formula, &what);
            drawn(&rows, T::ColFinal.get(lang), &what);
            drawn(&rows, "desk", &what);
            // E1: desk 65, interview 86: 0.4 * 65 + 0.6 * 86 = 77.6.
            let e1 = row_of(&rows, "E1");
            for n in ["77.60", "65.00", "86.00"] {
                assert!(e1.contains(n), "{what}: {n} in {e1:?}");
            }
            // One group, ranked among itself: E2 and E4 (E6 has no sheet).
            update(&mut app, Action::CycleGroup);
            update(&mut app, Action::CycleGroup);
            assert_eq!(app.view.standings.group.as_deref(), Some("khusus"));
            let rows = draw(&app, w, h);
            drawn(&rows, &format!("{}: khusus", T::Group.get(lang)), &what);
            assert!(row_of(&rows, "E1").is_empty(), "{what}: E1 is umum");
            assert!(
                row_of(&rows, "E2")
                    .trim_start_matches('│')
                    .trim_start()
                    .starts_with('1'),
                "{what}: {:?}",
                row_of(&rows, "E2")
            );
            assert!(
                row_of(&rows, "E4")
                    .trim_start_matches('│')
                    .trim_start()
                    .starts_with('2'),
                "{what}: {:?}",
                row_of(&rows, "E4")
            );
            update(&mut app, Action::CycleGroup);
            assert_eq!(app.view.standings.group, None);
        }
    }
}

#[test]
fn the_slip_is_todays_on_an_agenda_of_several_days() {
    for lang in LANGS {
        let mut app = app(lang);
        // E3 is today's first, planned at 09:00; its clock starts at 09:10.
        app.view.agenda.selected = 2;
        update(&mut app, Action::Select);
        app.view.stage_settle = None;
        assert_eq!(update(&mut app, Action::TimerToggle), Did::Save);
        update(&mut app, Action::Show(Screen::Agenda));
        let rows = draw(&app, 80, 24);
        drawn(&rows, &T::SlipBehind.fill(lang, &["10"]), "today");
        // Seen the next day, there is no slip to speak of.
        app.desk.now = now() + chrono::Duration::days(1);
        let rows = draw(&app, 80, 24);
        assert!(
            !rows
                .iter()
                .any(|r| r.contains(&format!("· {}: ", T::Slip.get(lang)))),
            "{}",
            rows.join("\n")
        );
    }
}
