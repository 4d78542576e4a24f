//! What the screens draw, read back from a `TestBackend`, in English and Bahasa Indonesia.
//!
//! Every expected word comes from the catalog (`T::X.get(lang)` / `.fill(..)`) or from the
//! session itself, so these tests follow wording changes instead of breaking on them.

mod common;

use chrono::Duration;
use common::app::{Did, on_disk, update};
use juri::i18n::fmt_num;
use juri::i18n::{Lang, T};
use juri::model::schedule::{hhmm, planned_start, real_durations, slip_minutes};
use juri::model::timer::clock;
use juri::model::{SheetState, Status};
use juri::standings::Method;
use juri::tui::action::{Action, Screen};
use juri::tui::app::App;
use juri::tui::keymap::{self, Ctx};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use common::app::{at, t0};

const LANGS: [Lang; 2] = [Lang::En, Lang::Id];

fn demo_with(lang: Lang, color: bool) -> App {
    common::app::demo_app("/tmp/juri-screens-test.json", lang, color)
}

fn demo(lang: Lang) -> App {
    demo_with(lang, true)
}

/// The Stage, up for a moment already: its clock keys are taken (a screen key brings it up
/// with its clock keys held back for a moment, see `STAGE_SETTLE_MS`).
fn show_stage(app: &mut App) {
    update(app, Action::Show(Screen::Stage));
    app.view.stage_settle = None;
}

fn render(app: &App, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| juri::tui::ui::view(&app.desk, &app.view, f))
        .unwrap();
    terminal.backend().buffer().clone()
}

fn rows_of(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    (0..area.height)
        .map(|y| (0..area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

/// The screen as one string per row.
fn draw(app: &App, w: u16, h: u16) -> Vec<String> {
    rows_of(&render(app, w, h))
}

/// Text with every run of blanks (line ends included) made one space, for wrapped messages.
fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn screen_text(rows: &[String]) -> String {
    rows.join("\n")
}

#[track_caller]
fn assert_drawn(rows: &[String], needle: &str, what: &str) {
    assert!(
        rows.iter().any(|r| r.contains(needle)),
        "{what}: {needle:?} is not drawn on\n{}",
        screen_text(rows)
    );
}

#[track_caller]
fn assert_not_drawn(rows: &[String], needle: &str, what: &str) {
    assert!(
        !rows.iter().any(|r| r.contains(needle)),
        "{what}: {needle:?} should not be drawn on\n{}",
        screen_text(rows)
    );
}

/// The (first) drawn row containing `needle`.
#[track_caller]
fn row_with<'a>(rows: &'a [String], needle: &str) -> &'a str {
    rows.iter()
        .find(|r| r.contains(needle))
        .unwrap_or_else(|| panic!("no row contains {needle:?} on\n{}", screen_text(rows)))
}

/// The drawn row of an entry in a table: its id followed by the start of its title.
#[track_caller]
fn entry_row<'a>(rows: &'a [String], app: &App, id: &str) -> &'a str {
    let title: String = app
        .desk
        .session
        .entry(id)
        .unwrap()
        .title
        .chars()
        .take(3)
        .collect();
    row_with(rows, &format!("{id} {title}"))
}

/// The text inside the box whose top border carries `title`, its lines joined by spaces.
#[track_caller]
fn boxed_text(rows: &[String], title: &str) -> String {
    let top = rows
        .iter()
        .position(|r| r.contains(&format!("┌ {title} ")))
        .unwrap_or_else(|| panic!("no box {title:?} on\n{}", screen_text(rows)));
    let chars: Vec<char> = rows[top].chars().collect();
    let head = format!("┌ {title} ");
    let left = (0..chars.len())
        .find(|&i| chars[i..].iter().collect::<String>().starts_with(&head))
        .unwrap();
    let right = (left + 1..chars.len()).find(|&i| chars[i] == '┐').unwrap();
    let mut out = Vec::new();
    for r in &rows[top + 1..] {
        let cs: Vec<char> = r.chars().collect();
        if cs[left] == '└' {
            break;
        }
        out.push(cs[left + 1..right].iter().collect::<String>());
    }
    words(&out.join(" "))
}

fn entry_index(app: &App, id: &str) -> usize {
    app.desk
        .session
        .entries
        .iter()
        .position(|e| e.id == id)
        .unwrap()
}

fn juror_index(app: &App, id: &str) -> usize {
    app.desk
        .session
        .jurors
        .iter()
        .position(|j| j.id == id)
        .unwrap()
}

/// Opens the scoring screen on `entry`, with the cursor on `juror`.
fn pick(app: &mut App, entry: &str, juror: &str) {
    update(app, Action::Show(Screen::Scoring));
    app.view.scoring.entry = None;
    let ids: Vec<String> = app
        .desk
        .session
        .entries
        .iter()
        .map(|e| e.id.clone())
        .collect();
    let from = ids
        .iter()
        .position(|id| Some(id.as_str()) == app.scoring_entry())
        .unwrap();
    let to = entry_index(app, entry);
    for _ in to..from {
        update(app, Action::PrevEntry);
    }
    for _ in from..to {
        update(app, Action::NextEntry);
    }
    assert_eq!(app.scoring_entry(), Some(entry));
    for _ in 0..app.desk.session.jurors.len() {
        update(app, Action::Up);
    }
    for _ in 0..juror_index(app, juror) {
        update(app, Action::Down);
    }
}

/// Opens `juror`'s sheet for `entry`.
fn open_sheet(app: &mut App, entry: &str, juror: &str) {
    pick(app, entry, juror);
    update(app, Action::Select);
    assert_eq!(
        app.view.scoring.juror.as_deref(),
        Some(juror),
        "{:?}",
        app.view.status
    );
}

fn type_value(app: &mut App, value: &str) {
    for ch in value.chars() {
        update(app, Action::Type(ch));
    }
}

/// Fills every criterion of the open sheet with `value`, row by row.
fn fill_all(app: &mut App, value: &str) {
    let n = app.desk.session.rubric.criteria.len();
    for _ in 0..n {
        update(app, Action::Up);
    }
    for i in 0..n {
        type_value(app, value);
        if i + 1 < n {
            update(app, Action::Down);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Agenda

#[test]
fn agenda_shows_slots_statuses_durations_sheets_marker_and_slip() {
    for lang in LANGS {
        for (w, h) in [(80, 24), (120, 40)] {
            let app = demo(lang);
            let rows = draw(&app, w, h);
            let what = format!("agenda {lang:?} {w}x{h}");
            for s in [
                T::ScreenAgenda,
                T::ScreenStage,
                T::ScreenScoring,
                T::ScreenStandings,
            ] {
                assert!(
                    rows[0].contains(s.get(lang)),
                    "{what}: header lacks {:?}: {:?}",
                    s.get(lang),
                    rows[0]
                );
            }
            let s = &app.desk.session;
            // E01..E14 all fit, whatever the size: the current entry (E14) is the 14th.
            for (i, e) in s.entries.iter().enumerate().take(14) {
                let row = entry_row(&rows, &app, &e.id);
                let slot = hhmm(planned_start(s, i).unwrap());
                assert!(row.contains(&slot), "{what}: {} slot {slot}: {row:?}", e.id);
                assert!(
                    row.contains(app.status_word(e.status)),
                    "{what}: {} status {:?}: {row:?}",
                    e.id,
                    app.status_word(e.status)
                );
                let sheets = format!("{}/{}", s.submitted_sheets(&e.id), s.expected_sheets(&e.id));
                assert!(
                    row.contains(&sheets),
                    "{what}: {} sheets {sheets}: {row:?}",
                    e.id
                );
                if e.status == Status::Done {
                    let [p, q] = real_durations(s, &e.id, app.desk.now);
                    let dur = format!("{}/{}", clock(p.unwrap()), clock(q.unwrap()));
                    assert!(
                        row.contains(&dur),
                        "{what}: {} durations {dur}: {row:?}",
                        e.id
                    );
                }
            }
            // The demo's known facts, literally.
            let e01 = entry_row(&rows, &app, "E01");
            assert!(
                e01.contains("09:00") && e01.contains("6:40/11:40"),
                "{what}: {e01:?}"
            );
            assert!(e01.contains(T::StDone.get(lang)), "{what}: {e01:?}");
            let e07 = entry_row(&rows, &app, "E07");
            assert!(e07.contains(T::StAbsent.get(lang)), "{what}: {e07:?}");
            let e14 = entry_row(&rows, &app, "E14");
            assert!(e14.contains(T::StScheduled.get(lang)), "{what}: {e14:?}");
            for id in ["E05", "E11"] {
                let r = entry_row(&rows, &app, id);
                assert!(r.contains("4/4"), "{what}: J4's conflict: {r:?}");
            }
            // The other language's words are not used.
            let other = if lang == Lang::En { Lang::Id } else { Lang::En };
            assert_not_drawn(&rows, T::StScheduled.get(other), &what);
            assert_not_drawn(&rows, T::StAbsent.get(other), &what);

            // ▶ marks the current entry, and only it.
            let marked: Vec<&String> = rows
                .iter()
                .filter(|r| r.chars().nth(1) == Some('▶'))
                .collect();
            assert_eq!(marked.len(), 1, "{what}: {marked:?}");
            assert!(marked[0].contains("E14 "), "{what}: {marked:?}");

            // How far behind the day runs, in words.
            let m = slip_minutes(s, app.desk.now).unwrap();
            let slip = match m {
                0 => T::SlipOnTime.get(lang).to_string(),
                m if m > 0 => T::SlipBehind.fill(lang, &[&m.to_string()]),
                m => T::SlipAhead.fill(lang, &[&(-m).to_string()]),
            };
            assert!(m > 0, "the demo day runs behind");
            assert_drawn(&rows, &format!("{}: {slip}", T::Slip.get(lang)), &what);
        }
    }
}

#[test]
fn agenda_slip_follows_the_entry_that_starts() {
    for lang in LANGS {
        let mut app = demo(lang);
        show_stage(&mut app);
        assert_eq!(update(&mut app, Action::TimerToggle), Did::Save);
        update(&mut app, Action::Show(Screen::Agenda));
        // E14 was planned at 14:25 and starts at 14:40.
        assert_eq!(hhmm(planned_start(&app.desk.session, 13).unwrap()), "14:25");
        let rows = draw(&app, 80, 24);
        let slip = T::SlipBehind.fill(lang, &["15"]);
        assert_drawn(&rows, &slip, "slip after E14 starts");
        let e14 = entry_row(&rows, &app, "E14");
        assert!(e14.contains(T::StPresenting.get(lang)), "{e14:?}");
    }
}

#[test]
fn agenda_slip_says_nothing_on_another_day_and_ignores_its_clocks() {
    for lang in LANGS {
        let mut app = demo(lang);
        let slip_word = format!("{}: ", T::Slip.get(lang));
        // The demo opened ten days after its day, at 06:15 on a laptop set to UTC.
        let utc = chrono::FixedOffset::east_opt(0).unwrap();
        let later = (t0() + Duration::days(10)).with_timezone(&utc);
        let later = later
            .with_time(chrono::NaiveTime::from_hms_opt(6, 15, 0).unwrap())
            .unwrap();
        app.desk.now = later;
        let rows = draw(&app, 100, 30);
        assert_not_drawn(&rows, &slip_word, "slip on another day");
        // Starting the entry on stage that morning is not the demo day's slip either.
        show_stage(&mut app);
        assert_eq!(update(&mut app, Action::TimerToggle), Did::Save);
        update(&mut app, Action::Show(Screen::Agenda));
        let rows = draw(&app, 100, 30);
        assert_not_drawn(&rows, &slip_word, "slip after a start on another day");
        // Back on the demo day (read in its own time zone), the slip is the day's own again.
        app.desk.now = t0().with_timezone(&utc);
        let rows = draw(&app, 100, 30);
        let m = slip_minutes(&app.desk.session, app.desk.now).unwrap();
        assert!(m > 0, "the demo day runs behind");
        assert_drawn(
            &rows,
            &format!("{slip_word}{}", T::SlipBehind.fill(lang, &[&m.to_string()])),
            "the day's own slip",
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Stage

/// Rows of the big clock: made of block glyphs.
fn glyph_rows(rows: &[String]) -> usize {
    rows.iter().filter(|r| r.contains('█')).count()
}

#[test]
fn stage_clock_runs_warns_goes_overtime_and_records_the_presentation() {
    for lang in LANGS {
        for (w, h) in [(80, 24), (120, 40)] {
            let what = format!("stage {lang:?} {w}x{h}");
            let mut app = demo(lang);
            show_stage(&mut app);
            let rows = draw(&app, w, h);
            assert_drawn(&rows, T::NotStarted.get(lang), &what);
            assert!(
                glyph_rows(&rows) >= 5,
                "{what}: big clock\n{}",
                screen_text(&rows)
            );

            assert_eq!(update(&mut app, Action::TimerToggle), Did::Save);
            app.desk.now = at(90);
            let rows = draw(&app, w, h);
            assert!(
                glyph_rows(&rows) >= 5,
                "{what}: big clock\n{}",
                screen_text(&rows)
            );
            let state = row_with(&rows, T::Running.get(lang));
            assert!(
                state.contains(T::PhasePresentation.get(lang)),
                "{what}: state line {state:?}"
            );
            assert_not_drawn(&rows, T::OneMinute.get(lang), &what);
            assert_not_drawn(&rows, T::Overtime.get(lang), &what);
            // The phase summary shows the real time so far.
            assert_drawn(&rows, &T::Real.fill(lang, &["1:30"]), &what);

            app.desk.now = at(6 * 60 + 30);
            let rows = draw(&app, w, h);
            assert_drawn(&rows, T::OneMinute.get(lang), &what);
            assert_not_drawn(&rows, T::Overtime.get(lang), &what);

            app.desk.now = at(7 * 60 + 12);
            let rows = draw(&app, w, h);
            assert_drawn(&rows, T::Overtime.get(lang), &what);
            assert_not_drawn(&rows, T::OneMinute.get(lang), &what);
            assert!(glyph_rows(&rows) >= 5, "{what}: big clock in overtime");

            assert_eq!(update(&mut app, Action::TimerNext), Did::Save);
            let rows = draw(&app, w, h);
            let state = row_with(&rows, T::Running.get(lang));
            assert!(
                state.contains(T::PhaseInterview.get(lang)),
                "{what}: state line after next phase {state:?}"
            );
            assert_not_drawn(&rows, T::Overtime.get(lang), &what);
            assert_drawn(&rows, &T::Real.fill(lang, &["7:12"]), &what);
            assert_drawn(&rows, T::StInterviewing.get(lang), &what);
        }
    }
}

/// Whether the big clock shows `text` (in large glyphs, at either width).
fn big_clock_shows(rows: &[String], text: &str) -> bool {
    [1, 2].iter().any(|&scale| {
        let glyphs = juri::tui::ui::bigtext::lines(text, scale);
        rows.windows(glyphs.len()).any(|w| {
            w.iter()
                .zip(&glyphs)
                .all(|(row, g)| row.contains(g.trim_end()) && g.trim() != "")
        })
    })
}

#[test]
fn stage_finished_shows_the_real_time_on_stage_not_the_time_left() {
    for lang in LANGS {
        for (w, h) in [(80, 24), (120, 40)] {
            let what = format!("finished stage {lang:?} {w}x{h}");
            let mut app = demo(lang);
            show_stage(&mut app);
            update(&mut app, Action::TimerToggle);
            app.desk.now = at(400);
            assert_eq!(update(&mut app, Action::TimerNext), Did::Save);
            app.desk.now = at(941);
            assert_eq!(update(&mut app, Action::TimerNext), Did::Save);
            // Later on the clock still says the same.
            app.desk.now = at(3000);
            let rows = draw(&app, w, h);
            assert_drawn(&rows, T::Finished.get(lang), &what);
            let state = row_with(&rows, T::Finished.get(lang));
            assert!(
                state.contains(T::RealOnStage.get(lang))
                    && state.contains(&T::Planned.fill(lang, &["20:00"])),
                "{what}: state line {state:?}"
            );
            // 400 s of presentation and 541 s of interview: 15:41 on stage, where 3:59 of the
            // interview was left.
            assert!(
                big_clock_shows(&rows, "15:41"),
                "{what}: big clock\n{}",
                screen_text(&rows)
            );
            assert!(!big_clock_shows(&rows, "3:59"), "{what}: time left shown");
            assert_drawn(&rows, &T::Real.fill(lang, &["6:40"]), &what);
            assert_drawn(&rows, &T::Real.fill(lang, &["9:01"]), &what);
        }
    }
}

#[test]
fn stage_without_an_entry_on_stage_says_how_to_pick_one() {
    for lang in LANGS {
        let mut app = demo(lang);
        app.desk.session.current = None;
        show_stage(&mut app);
        let text = words(&screen_text(&draw(&app, 100, 30)));
        assert!(text.contains(&words(T::NoCurrent.get(lang))), "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Scoring

/// The state word a juror's line on the picker must show.
fn juror_state(app: &App, entry: &str, juror: &str) -> T {
    let s = &app.desk.session;
    if s.conflicted(juror, entry) {
        return T::JurorConflict;
    }
    match s.sheet(entry, juror) {
        Some(sh) if sh.state == SheetState::Submitted => T::JurorSubmitted,
        Some(_) => T::JurorDraft,
        None => T::JurorEmpty,
    }
}

#[test]
fn picker_lists_every_juror_with_the_state_of_their_sheet() {
    for lang in LANGS {
        // E05: J4 has a conflict; E13: some sheets are still open; E14: nothing yet.
        for entry in ["E05", "E13", "E14"] {
            let mut app = demo(lang);
            pick(&mut app, entry, "J1");
            let rows = draw(&app, 120, 40);
            let what = format!("picker {lang:?} {entry}");
            assert_drawn(&rows, &format!("{entry} "), &what);
            let jurors = app.desk.session.jurors.clone();
            assert_eq!(jurors.len(), 5);
            for j in &jurors {
                let row = row_with(&rows, &j.name);
                let state = juror_state(&app, entry, &j.id);
                assert!(
                    row.contains(state.get(lang)),
                    "{what}: {} should say {:?}: {row:?}",
                    j.id,
                    state.get(lang)
                );
            }
        }
        let app = demo(lang);
        assert!(app.desk.session.conflicted("J4", "E05"));
    }
}

#[test]
fn picker_shows_the_whole_conflict_text_on_e05() {
    for lang in LANGS {
        let mut app = demo(lang);
        pick(&mut app, "E05", "J4");
        let rows = draw(&app, 120, 40);
        let row = row_with(&rows, "Juri 4");
        assert!(
            row.contains(T::JurorConflict.get(lang)),
            "{lang:?}: {row:?}"
        );
        // Enter on the conflicted juror says why, in the status line.
        update(&mut app, Action::Select);
        assert!(app.view.scoring.juror.is_none());
        let rows = draw(&app, 120, 40);
        let status = &rows[rows.len() - 3];
        assert!(
            status.contains(T::JurorConflict.get(lang)),
            "{lang:?}: {status:?}"
        );
    }
}

#[test]
fn picker_shows_the_whole_conflict_text_at_the_minimum_size() {
    for lang in LANGS {
        let mut app = demo(lang);
        pick(&mut app, "E05", "J1");
        let rows = draw(&app, 80, 24);
        let row = row_with(&rows, "Juri 4");
        assert!(
            row.contains(T::JurorConflict.get(lang)),
            "{lang:?}: {row:?}"
        );
    }
}

#[test]
fn sheet_lists_every_criterion_with_weight_and_scale() {
    for lang in LANGS {
        for (w, h) in [(80, 24), (120, 40)] {
            let what = format!("sheet {lang:?} {w}x{h}");
            let mut app = demo(lang);
            open_sheet(&mut app, "E14", "J2");
            let rows = draw(&app, w, h);
            let name = app.desk.session.juror("J2").unwrap().name.clone();
            assert_drawn(&rows, &name, &what);
            for h in [T::ColCriterion, T::ColWeight, T::ColScale, T::ColValue] {
                assert_drawn(&rows, h.get(lang), &what);
            }
            for c in &app.desk.session.rubric.criteria {
                let row = row_with(&rows, c.name.get(lang.code()));
                assert!(
                    row.contains(&fmt_num(c.weight)),
                    "{what}: {} weight: {row:?}",
                    c.id
                );
                assert!(row.contains("0–100"), "{what}: {} scale: {row:?}", c.id);
            }
            // The names of the other language are not shown (where they differ).
            let other = if lang == Lang::En { "id" } else { "en" };
            let novelty = app.desk.session.rubric.criterion("novelty").unwrap();
            assert_not_drawn(&rows, novelty.name.get(other), &what);
            // The first criterion's description explains it.
            let first = &app.desk.session.rubric.criteria[0];
            assert!(
                words(&screen_text(&rows)).contains(&words(first.description.get(lang.code()))),
                "{what}: description"
            );
            let empty = T::Missing.fill(lang, &["8", "8"]);
            assert_drawn(&rows, &empty, &what);
        }
    }
}

/// A refusal of the session itself (not caught by the screen first) is told in the screen's
/// language: here a phase ended on a clock whose both phases have ended.
#[test]
fn stage_draws_the_both_phases_ended_refusal_in_the_screen_language() {
    for lang in LANGS {
        let what = format!("finished stage refusal {lang:?}");
        let mut app = demo(lang);
        show_stage(&mut app);
        update(&mut app, Action::TimerToggle);
        app.desk.now = at(400);
        assert_eq!(update(&mut app, Action::TimerNext), Did::Save);
        app.desk.now = at(941);
        assert_eq!(update(&mut app, Action::TimerNext), Did::Save);
        app.desk.now = at(960);
        assert_eq!(update(&mut app, Action::TimerNext), Did::None);
        let (msg, error) = app.view.status.clone().expect("the refusal is told");
        assert!(error, "{what}: {msg:?}");
        assert_eq!(msg, T::TimerFinished.get(lang), "{what}");
        let rows = draw(&app, 120, 40);
        assert!(
            words(&screen_text(&rows)).contains(&words(&msg)),
            "{what}: {msg:?} not drawn on\n{}",
            screen_text(&rows)
        );
        if lang == Lang::Id {
            assert_not_drawn(&rows, "both phases have ended", &what);
        }
    }
}

/// A value with more decimals than juri keeps is refused for what it is, in the screen's
/// language, not as a value above the maximum.
#[test]
fn sheet_draws_a_too_precise_value_in_the_screen_language() {
    for lang in LANGS {
        let mut app = demo(lang);
        open_sheet(&mut app, "E14", "J1");
        type_value(&mut app, "50.12345");
        let err = app.view.scoring.error.clone().expect("50.12345 is refused");
        assert_eq!(err, T::TooPrecise.fill(lang, &["50.12345"]), "{lang:?}");
        let rows = draw(&app, 120, 40);
        assert!(
            words(&screen_text(&rows)).contains(&words(&err)),
            "{lang:?}: {err:?} not drawn on\n{}",
            screen_text(&rows)
        );
        if lang == Lang::Id {
            assert_not_drawn(&rows, "is not a number", "id sheet");
            assert_not_drawn(
                &rows,
                T::AboveMax.fill(lang, &["50.12345", "100"]).as_str(),
                "id sheet",
            );
        }
    }
}

#[test]
fn sheet_draws_why_a_typed_value_is_refused() {
    for lang in LANGS {
        let mut app = demo(lang);
        open_sheet(&mut app, "E14", "J1");
        type_value(&mut app, "105");
        let err = app.view.scoring.error.clone().expect("105 is refused");
        let rows = draw(&app, 80, 24);
        let text = words(&screen_text(&rows));
        assert!(
            text.contains(&words(&err)),
            "{lang:?}: {err:?} not drawn on\n{}",
            rows.join("\n")
        );
        // In the screen's language, naming the value and the maximum.
        assert_eq!(err, T::AboveMax.fill(lang, &["105", "100"]));
        // What is being typed stays visible in the value column.
        let row = row_with(
            &rows,
            app.desk.session.rubric.criteria[0].name.get(lang.code()),
        );
        assert!(row.contains("105"), "{row:?}");

        // Not a number: two decimal points.
        update(&mut app, Action::Backspace);
        update(&mut app, Action::Backspace);
        update(&mut app, Action::Backspace);
        type_value(&mut app, "1.2.");
        let rows = draw(&app, 80, 24);
        let err = T::NotANumber.fill(lang, &["1.2."]);
        assert!(
            words(&screen_text(&rows)).contains(&words(&err)),
            "{lang:?}: {err:?} not drawn"
        );
    }
}

#[test]
fn sheet_weighted_total_follows_the_typed_values() {
    for lang in LANGS {
        let mut app = demo(lang);
        open_sheet(&mut app, "E14", "J1");
        let total = |app: &App| -> String {
            let rows = draw(app, 80, 24);
            row_with(&rows, &format!("{}:", T::Total.get(lang))).to_string()
        };
        assert!(total(&app).contains("0.00"), "{}", total(&app));
        // problem (weight 10 of 100) = 80 -> 8.00
        type_value(&mut app, "80");
        assert!(total(&app).contains(" 8.00"), "{}", total(&app));
        // novelty (15) = 90 -> 8 + 13.5
        update(&mut app, Action::Down);
        type_value(&mut app, "90");
        assert!(total(&app).contains("21.50"), "{}", total(&app));
        // implementation (10) = 75 -> + 7.5
        update(&mut app, Action::Down);
        type_value(&mut app, "75");
        assert!(total(&app).contains("29.00"), "{}", total(&app));
        // One step up: 76 -> + 0.1
        update(&mut app, Action::StepUp);
        assert!(total(&app).contains("29.10"), "{}", total(&app));
        // One step down from nothing on the next row: the scale's top, 100 -> + 15
        update(&mut app, Action::Down);
        update(&mut app, Action::StepDown);
        assert!(total(&app).contains("44.10"), "{}", total(&app));
        assert!(
            total(&app).contains(&T::Missing.fill(lang, &["4", "8"])),
            "{}",
            total(&app)
        );
    }
}

#[test]
fn sheet_never_shows_another_jurors_values() {
    for lang in LANGS {
        let mut app = demo(lang);
        open_sheet(&mut app, "E14", "J1");
        fill_all(&mut app, "77");
        // Submitting keeps the last value typed first.
        assert_eq!(update(&mut app, Action::Submit), Did::Save);
        assert_eq!(update(&mut app, Action::Confirm), Did::Save);
        assert!(app.desk.session.sheet("E14", "J1").unwrap().state == SheetState::Submitted);
        assert!(app.view.scoring.juror.is_none());
        // The hand-off screen shows nothing of the sheet.
        assert!(app.view.scoring.handoff);
        for (w, h) in [(80, 24), (120, 40)] {
            let rows = draw(&app, w, h);
            assert_drawn(&rows, T::Handoff.get(lang), "hand-off");
            assert_not_drawn(&rows, "77", &format!("hand-off {lang:?} {w}x{h}"));
        }
        update(&mut app, Action::Select);
        assert!(!app.view.scoring.handoff);
        for (w, h) in [(80, 24), (120, 40)] {
            // Not on the picker...
            let rows = draw(&app, w, h);
            assert_not_drawn(&rows, "77", &format!("picker {lang:?} {w}x{h}"));
            // ...nor on the next juror's sheet.
            let mut other = demo(lang);
            other.desk.session = app.desk.session.clone();
            other.refresh_all();
            open_sheet(&mut other, "E14", "J2");
            let rows = draw(&other, w, h);
            assert_not_drawn(&rows, "77", &format!("J2's sheet {lang:?} {w}x{h}"));
            // Typing into J2's sheet still does not reveal J1's.
            type_value(&mut other, "60");
            let rows = draw(&other, w, h);
            assert_not_drawn(&rows, "77", &format!("J2's sheet {lang:?} {w}x{h}"));
        }
    }
}

#[test]
fn sheet_shows_notes_and_the_comment() {
    for lang in LANGS {
        let mut app = demo(lang);
        open_sheet(&mut app, "E14", "J3");
        update(&mut app, Action::EditNote);
        let rows = draw(&app, 80, 24);
        let crit = app.desk.session.rubric.criteria[0]
            .name
            .get(lang.code())
            .to_string();
        assert_drawn(
            &rows,
            &T::EditNote.fill(lang, &[&crit]),
            "note editor title",
        );
        for ch in "Bagus ✓ café".chars() {
            let ev = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(ch));
            update(&mut app, Action::EditorKey(ev));
        }
        let rows = draw(&app, 80, 24);
        assert_drawn(&rows, "Bagus ✓ café", "note being typed");
        assert_eq!(update(&mut app, Action::EditorDone), Did::Save);
        let rows = draw(&app, 80, 24);
        assert_drawn(&rows, "Bagus ✓ café", "note under the sheet");
        let row = row_with(&rows, &crit);
        assert!(row.contains('✎'), "note mark: {row:?}");
        let comment = format!("{}: —", T::Comment.get(lang));
        assert_drawn(&rows, &comment, "no comment yet");
    }
}

#[test]
fn masked_entry_draws_dots_instead_of_values() {
    for lang in LANGS {
        let mut app = demo(lang);
        open_sheet(&mut app, "E14", "J1");
        update(&mut app, Action::ToggleMask);
        assert!(app.view.masked);
        type_value(&mut app, "83");
        update(&mut app, Action::Down);
        type_value(&mut app, "91");
        for (w, h) in [(80, 24), (120, 40)] {
            let rows = draw(&app, w, h);
            let what = format!("masked {lang:?} {w}x{h}");
            assert_drawn(&rows, "••", &what);
            for v in ["83", "91", "8.30", "21.95"] {
                assert_not_drawn(&rows, v, &what);
            }
        }
        update(&mut app, Action::ToggleMask);
        let rows = draw(&app, 80, 24);
        assert_drawn(&rows, "21.95", "unmasked total: 8.3 + 13.65");
    }
}

#[test]
fn masked_entry_shows_no_value_in_messages_or_dialogs() {
    for lang in LANGS {
        let mut app = demo(lang);
        open_sheet(&mut app, "E14", "J1");
        update(&mut app, Action::ToggleMask);
        type_value(&mut app, "105");
        let rows = draw(&app, 80, 24);
        assert_not_drawn(&rows, "105", &format!("masked error {lang:?}"));
        for _ in 0..3 {
            update(&mut app, Action::Backspace);
        }
        fill_all(&mut app, "77");
        update(&mut app, Action::Submit);
        assert!(app.view.modal.is_some());
        let rows = draw(&app, 80, 24);
        assert_not_drawn(&rows, "77", &format!("masked confirmation {lang:?}"));
    }
}

// ---------------------------------------------------------------------------------------------
// Standings

#[test]
fn standings_overall_and_category_tabs_with_the_cut_off() {
    for lang in LANGS {
        for (w, h) in [(80, 24), (120, 40)] {
            let what = format!("standings {lang:?} {w}x{h}");
            let mut app = demo(lang);
            update(&mut app, Action::Show(Screen::Standings));
            let rows = draw(&app, w, h);
            assert_drawn(&rows, T::Overall.get(lang), &what);
            for c in &app.desk.session.categories {
                assert_drawn(&rows, &c.name, &what);
            }
            let method = format!("{}: {}", T::Method.get(lang), T::MethodMean.get(lang));
            assert_drawn(&rows, &method, &what);
            assert_drawn(&rows, T::ColScore.get(lang), &what);
            // The best entry overall, with its score.
            let table = app.table().unwrap();
            let best = &table.rows[0];
            assert_eq!(best.rank, Some(1));
            let row = entry_row(&rows, &app, &best.entry);
            let score = best.score.as_ref().unwrap().display();
            assert!(row.contains(&score), "{what}: {row:?}");
            // No cut-off line overall.
            let cut = T::CutOff.fill(lang, &["10"]);
            assert_not_drawn(&rows, &cut, &what);

            for tab in 1..=app.desk.session.categories.len() {
                update(&mut app, Action::NextTab);
                assert_eq!(app.view.standings.tab, tab);
                let rows = draw(&app, w, h);
                assert_drawn(&rows, &cut, &format!("{what} tab {tab}"));
                // Only this category's entries are listed.
                let cat = app.desk.session.categories[tab - 1].id.clone();
                for e in app
                    .desk
                    .session
                    .entries
                    .iter()
                    .filter(|e| e.category != cat)
                {
                    assert_not_drawn(&rows, &format!("{} ", e.id), &format!("{what} tab {tab}"));
                }
            }
        }
    }
}

#[test]
fn standings_method_and_z_scores_change_what_is_drawn() {
    for lang in LANGS {
        let mut app = demo(lang);
        update(&mut app, Action::Show(Screen::Standings));
        for (m, t) in [
            (Method::Median, T::MethodMedian),
            (Method::Trimmed, T::MethodTrimmed),
            (Method::Mean, T::MethodMean),
        ] {
            update(&mut app, Action::CycleMethod);
            assert_eq!(app.table().unwrap().method, m);
            let rows = draw(&app, 120, 40);
            let method = format!("{}: {}", T::Method.get(lang), t.get(lang));
            assert_drawn(&rows, &method, &format!("{lang:?} {m:?}"));
        }
        update(&mut app, Action::ToggleZ);
        let rows = draw(&app, 120, 40);
        assert_drawn(&rows, T::ColZ.get(lang), "z-score header");
        assert_drawn(&rows, T::ZOn.get(lang), "z-score title");
        let best = &app.table().unwrap().rows[0];
        let z = best.score.as_ref().unwrap().display();
        assert!(
            z.contains('.') && z.split('.').nth(1).unwrap().len() == 4,
            "{z}"
        );
        assert_drawn(&rows, &z, "z-score value");
        update(&mut app, Action::ToggleZ);
        let rows = draw(&app, 120, 40);
        assert_not_drawn(&rows, T::ZOn.get(lang), "z-scores off");
        assert_drawn(&rows, T::ColScore.get(lang), "score header");
    }
}

/// Checks that the unranked entries' rows carry their reason: E07 is absent, E14 has no sheet.
/// With `down`, the highlight is first moved that many rows down the list.
fn check_unranked_reasons(lang: Lang, w: u16, h: u16, ids: &[&str], down: usize) {
    let mut app = demo(lang);
    update(&mut app, Action::Show(Screen::Standings));
    for _ in 0..down {
        update(&mut app, Action::Down);
    }
    let rows = draw(&app, w, h);
    let what = format!("standings {lang:?} {w}x{h}");
    for &id in ids {
        let row = entry_row(&rows, &app, id);
        let reason = match id {
            "E07" => T::StAbsent,
            _ => T::UnNoSheets,
        };
        assert!(
            row.contains(reason.get(lang)),
            "{what}: {id}: {:?} in {row:?}",
            reason.get(lang)
        );
        // Unranked rows have no rank number.
        assert!(
            row.trim_start_matches('│').starts_with('-'),
            "{what}: {row:?}"
        );
    }
}

#[test]
fn standings_unranked_entries_show_their_reason() {
    // Wide enough for the reason column to hold the longest reason.
    for lang in LANGS {
        check_unranked_reasons(lang, 300, 50, &["E07", "E14"], 0);
    }
}

#[test]
fn standings_unranked_reasons_are_readable_at_usual_sizes() {
    for lang in LANGS {
        // At 80x24 the unranked entries are below the fold until the highlight moves there.
        check_unranked_reasons(lang, 80, 24, &["E07", "E14"], 14);
        check_unranked_reasons(lang, 120, 40, &["E07", "E14"], 0);
    }
}

/// E13 is ranked on 3 of its 5 sheets: its rank carries the provisional mark; with a quorum of
/// 4 it is listed without a rank, saying why.
#[test]
fn standings_mark_provisional_ranks_and_entries_below_the_quorum() {
    for lang in LANGS {
        for (w, h) in [(80, 24), (120, 40), (200, 50)] {
            let what = format!("{lang:?} {w}x{h}");
            let mut app = demo(lang);
            update(&mut app, Action::Show(Screen::Standings));
            // The entry's own category tab, where it is near the top.
            update(&mut app, Action::NextTab);
            update(&mut app, Action::NextTab);
            let table = app.table().unwrap();
            let e13 = table.rows.iter().find(|r| r.entry == "E13").unwrap();
            assert!(e13.provisional());
            let rank = e13.category_rank.unwrap();
            let rows = draw(&app, w, h);
            let row = entry_row(&rows, &app, "E13");
            assert!(
                row.trim_start_matches('│')
                    .starts_with(&format!("{rank}* ")),
                "{what}: {row:?}"
            );
            let e08 = entry_row(&rows, &app, "E08");
            assert!(
                !e08.contains('*'),
                "{what}: complete entries are not marked: {e08:?}"
            );

            app.desk.session.quorum = Some(4);
            app.refresh_all();
            let rows = draw(&app, w, h);
            let row = entry_row(&rows, &app, "E13");
            assert!(
                row.trim_start_matches('│').starts_with("- "),
                "{what}: {row:?}"
            );
            let why = T::UnBelowQuorum.fill(lang, &["4"]);
            assert!(row.contains(&why), "{what}: {why:?} in {row:?}");
        }
    }
}

#[test]
fn standings_rank_header_is_whole() {
    for lang in LANGS {
        let mut app = demo(lang);
        update(&mut app, Action::Show(Screen::Standings));
        for (w, h) in [(80, 24), (120, 40)] {
            let rows = draw(&app, w, h);
            let header = row_with(&rows, T::ColEntry.get(lang));
            let rank = format!("│{} ", T::ColRank.get(lang));
            assert!(header.starts_with(&rank), "{lang:?} {w}x{h}: {header:?}");
        }
    }
}

#[test]
fn standings_bar_chart_at_120x40() {
    for lang in LANGS {
        let mut app = demo(lang);
        update(&mut app, Action::Show(Screen::Standings));
        let rows = draw(&app, 120, 40);
        assert_drawn(&rows, T::TopChart.get(lang), "chart title");
        assert!(
            rows.iter().filter(|r| r.contains("██")).count() >= 3,
            "bars"
        );
        update(&mut app, Action::ToggleChart);
        let rows = draw(&app, 120, 40);
        assert_not_drawn(&rows, T::TopChart.get(lang), "chart hidden");
    }
}

#[test]
fn standings_with_no_submitted_sheet_say_so() {
    for lang in LANGS {
        let mut app = demo(lang);
        for sh in &mut app.desk.session.scores {
            sh.state = SheetState::Draft;
            sh.submitted = None;
        }
        app.refresh_all();
        update(&mut app, Action::Show(Screen::Standings));
        for (w, h) in [(80, 24), (120, 40)] {
            let rows = draw(&app, w, h);
            let text = words(&screen_text(&rows));
            assert!(
                text.contains(&words(T::NothingRanked.get(lang))),
                "{lang:?} {w}x{h}:\n{}",
                rows.join("\n")
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Help, small terminals, every size, NO_COLOR

/// Checks that the help drawn at `w`x`h` names every binding of `ctxs`: label and keys.
/// Every page of the help at `w`x`h`, paged through with its own keys as the chair would.
fn help_pages(lang: Lang, w: u16, h: u16) -> Vec<Vec<String>> {
    let mut app = demo(lang);
    update(&mut app, Action::Resize(w, h));
    update(&mut app, Action::Help);
    let mut pages = vec![draw(&app, w, h)];
    loop {
        let before = app.view.help_scroll;
        let pgdn = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::PageDown);
        let action = keymap::action(app.ctx(), &pgdn).expect("PgDn pages the help");
        update(&mut app, action);
        if app.view.help_scroll == before {
            break;
        }
        pages.push(draw(&app, w, h));
        assert!(pages.len() < 50, "the help never ends");
    }
    pages
}

/// Keys that share a label sit on one line; however long that line of keys, a space parts it
/// from its label ("… End G move", never "End Gmove").
#[test]
fn help_keys_never_run_into_their_labels() {
    for lang in LANGS {
        let pages = help_pages(lang, 100, 30);
        let text = pages
            .iter()
            .map(|p| screen_text(p))
            .collect::<Vec<_>>()
            .join("\n");
        for (_, keys) in keymap::help_sections() {
            for (k, label) in keys {
                let label = label.get(lang);
                let line = text
                    .lines()
                    .find(|l| l.contains(&k) && l.contains(label))
                    .unwrap_or_else(|| panic!("{lang:?}: {k:?} and {label:?} on one line"));
                assert!(line.contains(&format!("{k} ")), "{lang:?}: {line:?}");
            }
        }
    }
}

fn check_help(lang: Lang, w: u16, h: u16, ctxs: &[Ctx]) {
    let pages = help_pages(lang, w, h);
    let text = pages
        .iter()
        .map(|p| screen_text(p))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains(T::Help.get(lang)), "help title");
    for b in keymap::bindings().iter().filter(|b| ctxs.contains(&b.ctx)) {
        let label = b.label.get(lang);
        assert!(
            text.contains(label),
            "{lang:?} {w}x{h}: label {label:?} of {:?} in {:?} missing:\n{text}",
            b.action,
            b.ctx
        );
        for k in &b.keys {
            let key = k.label();
            assert!(
                text.contains(&key),
                "{lang:?} {w}x{h}: key {key:?} of {:?} missing:\n{text}",
                b.action
            );
        }
    }
}

/// Every context that has bindings.
const ALL_CTX: [Ctx; 14] = [
    Ctx::Global,
    Ctx::Agenda,
    Ctx::Stage,
    Ctx::Pick,
    Ctx::Handoff,
    Ctx::Sheet,
    Ctx::Standings,
    Ctx::Confirm,
    Ctx::Help,
    Ctx::Pin,
    Ctx::Editor,
    Ctx::Reason,
    Ctx::Rule,
    Ctx::View,
];

#[test]
fn help_lists_every_binding() {
    for lang in LANGS {
        for (w, h) in [(80, 24), (100, 30), (100, 70), (200, 50)] {
            check_help(lang, w, h, &ALL_CTX);
        }
    }
}

#[test]
fn help_scrolls_to_its_end_with_one_heading_per_section() {
    for lang in LANGS {
        for (w, h) in [(80, 24), (100, 30)] {
            let what = format!("help {lang:?} {w}x{h}");
            let pages = help_pages(lang, w, h);
            assert!(
                pages.len() > 1,
                "{what}: the help is longer than one screen"
            );
            // What was cut off at 100x30 is reached by paging: the scoring picker's keys, the
            // PIN prompt, the dialogs, the editor.
            let all: Vec<&String> = pages.iter().flatten().collect();
            let has = |needle: &str| all.iter().any(|r| r.contains(needle));
            for t in [
                T::KReset,
                T::KPrevEntry,
                T::KNextEntry,
                T::KReopen,
                T::HelpPin,
                T::HelpConfirm,
                T::HelpEditor,
                T::KTypeText,
                T::KTypeValue,
            ] {
                assert!(has(t.get(lang)), "{what}: {t:?} never shown");
            }
            // Each section has one heading, each heading is its own.
            let headings: Vec<T> = keymap::help_sections().iter().map(|(h, _)| *h).collect();
            let unique: std::collections::HashSet<&str> =
                headings.iter().map(|h| h.get(lang)).collect();
            assert_eq!(
                unique.len(),
                headings.len(),
                "{what}: two sections share a heading"
            );
            // Backspace erases, and says so.
            let backspace = all
                .iter()
                .find(|r| r.contains("Backspace"))
                .expect("Backspace in the help");
            assert!(
                backspace.contains(T::KErase.get(lang)),
                "{what}: {backspace:?}"
            );
            // The last page ends with the last line of the help, and says where it is.
            let last = pages.last().unwrap();
            let n = keymap::help_len().to_string();
            assert_drawn(last, &format!("{n} "), &what);
            assert_drawn(last, T::KBottom.get(lang), &what);
        }
    }
}

#[test]
fn help_end_and_home_jump_and_j_k_scroll_by_a_line() {
    let mut app = demo(Lang::En);
    update(&mut app, Action::Resize(100, 30));
    update(&mut app, Action::Help);
    let key = |app: &mut App, code| {
        let ev = crossterm::event::KeyEvent::from(code);
        let a = keymap::action(app.ctx(), &ev).unwrap();
        update(app, a);
        app.view.help_scroll
    };
    use crossterm::event::KeyCode;
    assert_eq!(key(&mut app, KeyCode::Char('j')), 1);
    assert_eq!(key(&mut app, KeyCode::Char('k')), 0);
    assert_eq!(key(&mut app, KeyCode::Up), 0, "not above the top");
    let end = keymap::help_len() - app.help_rows();
    assert_eq!(key(&mut app, KeyCode::End), end);
    assert_eq!(key(&mut app, KeyCode::Char('j')), end, "not past the end");
    let rows = draw(&app, 100, 30);
    assert_drawn(&rows, T::KBottom.get(Lang::En), "the last line");
    assert_eq!(key(&mut app, KeyCode::Char('g')), 0);
    // Opening the help again starts at the top.
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Esc);
    update(&mut app, Action::Help);
    assert_eq!(app.view.help_scroll, 0);
}

#[test]
fn too_small_terminals_ask_to_enlarge() {
    for lang in LANGS {
        for (w, h) in [(79, 24), (40, 10), (80, 23), (120, 12)] {
            let app = demo(lang);
            let rows = draw(&app, w, h);
            let msg = T::Enlarge.fill(lang, &["80", "24", &w.to_string(), &h.to_string()]);
            let text = words(&screen_text(&rows));
            assert!(
                text.contains(&words(&msg)),
                "{lang:?} {w}x{h}: {msg:?} not in\n{}",
                rows.join("\n")
            );
        }
        // At the minimum size the screen itself is drawn.
        let rows = draw(&demo(lang), 80, 24);
        let msg = T::Enlarge.fill(lang, &["80", "24", "80", "24"]);
        assert!(!words(&screen_text(&rows)).contains(&words(&msg)));
    }
}

/// Apps in every screen and dialog, for the drawing sweeps.
fn every_state(lang: Lang, color: bool) -> Vec<(String, App)> {
    let mut out = Vec::new();
    let base = || demo_with(lang, color);

    out.push(("agenda".into(), base()));

    let mut a = base();
    show_stage(&mut a);
    update(&mut a, Action::TimerToggle);
    a.desk.now = at(7 * 60 + 12);
    out.push(("stage overtime".into(), a));

    let mut a = base();
    show_stage(&mut a);
    update(&mut a, Action::TimerToggle);
    a.desk.now = at(6 * 60 + 30);
    out.push(("stage warning".into(), a));

    let mut a = base();
    pick(&mut a, "E05", "J4");
    update(&mut a, Action::Select);
    out.push(("picker with conflict".into(), a));

    let mut a = base();
    open_sheet(&mut a, "E14", "J1");
    type_value(&mut a, "105");
    out.push(("sheet with error".into(), a));

    let mut a = base();
    update(&mut a, Action::Show(Screen::Standings));
    out.push(("standings".into(), a));

    let mut a = base();
    update(&mut a, Action::Show(Screen::Standings));
    update(&mut a, Action::NextTab);
    update(&mut a, Action::ToggleZ);
    out.push(("standings category z".into(), a));

    let mut a = base();
    update(&mut a, Action::Help);
    out.push(("help".into(), a));

    let mut a = base();
    show_stage(&mut a);
    update(&mut a, Action::TimerReset);
    out.push(("confirm reset".into(), a));

    let mut a = base();
    open_sheet(&mut a, "E14", "J1");
    update(&mut a, Action::EditComment);
    for ch in "Bagus ✓ café".chars() {
        let ev = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(ch));
        update(&mut a, Action::EditorKey(ev));
    }
    out.push(("comment editor".into(), a));

    out
}

/// Every state of `every_state`, plus the reopen-reason dialog.
fn every_state_and_reason(lang: Lang) -> Vec<(String, App)> {
    let mut states = every_state(lang, true);
    let mut a = demo(lang);
    pick(&mut a, "E01", "J1");
    update(&mut a, Action::Reopen);
    assert!(a.view.modal.is_some());
    states.push(("reason editor".into(), a));
    states
}

#[test]
fn drawing_at_every_size_never_panics() {
    let mut sizes: Vec<(u16, u16)> = Vec::new();
    for w in (1..=130).step_by(4) {
        for h in (1..=45).step_by(4) {
            sizes.push((w, h));
        }
    }
    for (w, h) in [
        (79, 23),
        (79, 24),
        (80, 23),
        (80, 24),
        (81, 25),
        (130, 45),
        (1, 45),
        (130, 1),
    ] {
        sizes.push((w, h));
    }
    for lang in LANGS {
        let n = every_state_and_reason(lang).len();
        // One thread per state (an App is not Sync, so each builds its own): the sweep is
        // long in a debug build.
        std::thread::scope(|scope| {
            for i in 0..n {
                let sizes = &sizes;
                scope.spawn(move || {
                    let (name, app) = every_state_and_reason(lang).swap_remove(i);
                    for &(w, h) in sizes {
                        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            render(&app, w, h)
                        }));
                        assert!(r.is_ok(), "{lang:?} {name}: drawing at {w}x{h} panicked");
                    }
                });
            }
        });
    }
}

/// Cells that carry a color, as "x,y fg/bg".
fn colored_cells(buf: &Buffer) -> Vec<String> {
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            if c.fg != Color::Reset || c.bg != Color::Reset {
                out.push(format!("{x},{y} {:?} {:?}/{:?}", c.symbol(), c.fg, c.bg));
            }
        }
    }
    out
}

#[test]
fn no_color_draws_no_color_and_keeps_the_meaning() {
    for lang in LANGS {
        for (name, app) in every_state(lang, false) {
            for (w, h) in [(80, 24), (120, 40), (40, 10)] {
                let buf = render(&app, w, h);
                let colored = colored_cells(&buf);
                assert!(
                    colored.is_empty(),
                    "{lang:?} {name} {w}x{h}: colored cells {:?}",
                    &colored[..colored.len().min(10)]
                );
            }
        }
        // The meaning stays in words and symbols.
        let states = every_state(lang, false);
        let overtime = &states
            .iter()
            .find(|(n, _)| n == "stage overtime")
            .unwrap()
            .1;
        let rows = draw(overtime, 80, 24);
        assert_drawn(&rows, T::Overtime.get(lang), "NO_COLOR overtime word");
        let warning = &states.iter().find(|(n, _)| n == "stage warning").unwrap().1;
        assert_drawn(
            &draw(warning, 80, 24),
            T::OneMinute.get(lang),
            "NO_COLOR warning word",
        );
        let agenda = &states[0].1;
        let rows = draw(agenda, 80, 24);
        // The active screen is bracketed, not only highlighted.
        assert!(
            rows[0].contains(&format!("[1 {}]", T::ScreenAgenda.get(lang))),
            "{:?}",
            rows[0]
        );
        assert!(
            entry_row(&rows, agenda, "E07").contains('✗'),
            "absent symbol"
        );
        assert!(entry_row(&rows, agenda, "E01").contains('✓'), "done symbol");
        let sheet = &states
            .iter()
            .find(|(n, _)| n == "sheet with error")
            .unwrap()
            .1;
        assert!(
            draw(sheet, 80, 24).iter().any(|r| r.contains("✗ ")),
            "the refused value is marked by a symbol"
        );
    }
}

#[test]
fn no_color_reason_editor_has_no_color() {
    for lang in LANGS {
        let mut app = demo_with(lang, false);
        pick(&mut app, "E01", "J1");
        update(&mut app, Action::Reopen);
        assert!(app.view.modal.is_some());
        let colored = colored_cells(&render(&app, 80, 24));
        assert!(colored.is_empty(), "{lang:?}: {colored:?}");
    }
}

#[test]
fn submit_confirmation_fits_at_the_minimum_size() {
    for lang in LANGS {
        // E16 has the longest title of the entries still to score.
        for entry in ["E14", "E16"] {
            let mut app = demo(lang);
            open_sheet(&mut app, entry, "J1");
            fill_all(&mut app, "77");
            update(&mut app, Action::Submit);
            let rows = draw(&app, 80, 24);
            let text = boxed_text(&rows, T::ConfirmTitle.get(lang));
            let name = app.desk.session.juror("J1").unwrap().name.clone();
            let title = app.desk.session.entry(entry).unwrap().title.clone();
            let question = T::ConfirmSubmit.fill(lang, &[&name, &title, "77.00"]);
            assert!(
                text.contains(&words(&question)),
                "{lang:?} {entry}:\n{}",
                rows.join("\n")
            );
            assert!(
                text.contains(&words(T::ConfirmHint.get(lang))),
                "{lang:?} {entry}: hint"
            );
        }
    }
}

#[test]
fn the_status_line_follows_the_disk_never_runs_ahead_of_it() {
    use juri::store::Written;
    for lang in LANGS {
        let mut app = demo(lang);
        let path = app.desk.path.display().to_string();
        let saved = format!("✓ {} · {path}", T::Saved.get(lang));
        assert_drawn(&draw(&app, 100, 30), &saved, "a session as loaded is saved");
        // A value typed: on its way to the disk until the writer says it is there.
        open_sheet(&mut app, "E14", "J1");
        app.view.scoring.buffer = None;
        // Saved as the juror moves on from it.
        type_value(&mut app, "75");
        assert_eq!(update(&mut app, Action::Down), Did::Save);
        let events = app.desk.saving.sent;
        let rows = draw(&app, 100, 30);
        assert_drawn(
            &rows,
            &format!("… {} · {path}", T::Saving.get(lang)),
            "saving",
        );
        assert_not_drawn(&rows, &saved, "not saved yet");
        update(&mut app, Action::Written(Written::Journal(events)));
        assert_drawn(&draw(&app, 100, 30), &saved, "on disk");
        // A failed write says why, and stays until a write succeeds.
        type_value(&mut app, "90");
        update(&mut app, Action::Down);
        let events = app.desk.saving.sent;
        update(
            &mut app,
            Action::Written(Written::Failed("No space left on device".into())),
        );
        let not_saved = format!("✗ {}", T::NotSaved.fill(lang, &["No space left on device"]));
        assert_drawn(&draw(&app, 100, 30), &not_saved, "the failure");
        update(&mut app, Action::Written(Written::Snapshot(events - 1)));
        assert_drawn(
            &draw(&app, 100, 30),
            &not_saved,
            "an older file is not the change",
        );
        update(&mut app, Action::Written(Written::Journal(events)));
        assert_drawn(&draw(&app, 100, 30), &saved, "written on the retry");
    }
}

#[test]
fn the_agenda_scrolls_only_when_the_highlight_would_leave_the_screen() {
    let mut app = demo(Lang::En);
    update(&mut app, Action::Show(Screen::Agenda));
    // 80x24: 17 rows of the list, from the 4th line of the screen.
    let first_row = |app: &App| draw(app, 80, 24)[3].clone();
    let top = first_row(&app);
    assert!(top.contains("E01 "), "{top}");
    // The highlight moves down to the last line and back: the rows stay where they are.
    while app.view.agenda.selected < 16 {
        update(&mut app, Action::Down);
        assert_eq!(first_row(&app), top, "no scrolling inside the screen");
    }
    for a in [Action::Up, Action::Up, Action::Down, Action::Down] {
        update(&mut app, a);
        assert_eq!(first_row(&app), top, "no scrolling inside the screen");
    }
    // One past the last line: the list moves by one row, and then stays again.
    update(&mut app, Action::Down);
    let moved = first_row(&app);
    assert!(moved.contains("E02 "), "{moved}");
    update(&mut app, Action::Up);
    assert_eq!(first_row(&app), moved);
    // Back above the first line: it follows up.
    while app.view.agenda.selected > 0 {
        update(&mut app, Action::Up);
    }
    assert_eq!(first_row(&app), top);
}

#[test]
fn the_lists_scroll_by_update_on_a_move_and_a_resize_and_drawing_changes_nothing() {
    let mut app = demo(Lang::En);
    update(&mut app, Action::Resize(80, 24));
    assert_eq!(
        app.view.agenda.offset,
        Some(0),
        "the list starts at the top"
    );
    // 80x24: 17 rows of the list. Down to the 18th entry: one row up, without a frame.
    while app.view.agenda.selected < 17 {
        update(&mut app, Action::Down);
    }
    assert_eq!(app.view.agenda.offset, Some(1));
    // A taller screen shows all 20: the list stays where it is, then comes back to the top
    // as the highlight goes up.
    update(&mut app, Action::Resize(80, 30));
    assert_eq!(app.view.agenda.offset, Some(1));
    update(&mut app, Action::Home);
    assert_eq!(app.view.agenda.offset, Some(0));
    // Down to the last entry, then a lower screen: the highlight stays on its last line.
    update(&mut app, Action::End);
    assert_eq!(app.view.agenda.offset, Some(0));
    update(&mut app, Action::Resize(80, 24));
    assert_eq!(app.view.agenda.offset, Some(3));
    let rows = draw(&app, 80, 24);
    assert!(rows[3].contains("E04 "), "{}", rows[3]);
    assert!(rows[19].contains("E20 "), "{}", rows[19]);
    assert_eq!(app.view.agenda.offset, Some(3), "drawing moved nothing");

    // The standings scroll the same way, each tab from its top.
    update(&mut app, Action::Resize(80, 24));
    update(&mut app, Action::Show(Screen::Standings));
    assert_eq!(app.view.standings.offset, Some(0));
    for _ in 0..30 {
        update(&mut app, Action::Down);
    }
    let scrolled = app.view.standings.offset.expect("an offset");
    assert!(scrolled > 0, "the table scrolled");
    let rows = draw(&app, 80, 24);
    assert_eq!(
        app.view.standings.offset,
        Some(scrolled),
        "drawing moved nothing"
    );
    assert_eq!(rows, draw(&app, 80, 24), "the same state draws the same");
    update(&mut app, Action::NextTab);
    assert_eq!(
        app.view.standings.offset,
        Some(0),
        "a new tab starts at its top"
    );
}

/// The footer: the last two rows.
fn footer(rows: &[String]) -> Vec<String> {
    rows[rows.len() - 2..].to_vec()
}

#[test]
fn footers_always_show_help_and_quit_and_only_whole_hints() {
    for lang in LANGS {
        let mut states = every_state(lang, true);
        let mut a = demo(lang);
        open_sheet(&mut a, "E14", "J1");
        update(&mut a, Action::Leave);
        states.push(("hand-off".into(), a));
        for (name, app) in states {
            let ctx = app.ctx();
            let hints: Vec<String> = keymap::hints(ctx)
                .into_iter()
                .map(|(k, t)| format!("{k} {}", t.get(lang)))
                .collect();
            for (w, h) in [(80, 24), (100, 30), (200, 50)] {
                let what = format!("{name} {lang:?} {w}x{h}");
                let rows = draw(&app, w, h);
                let foot = footer(&rows);
                // Every piece of the footer is a whole hint: none is cut at the edge.
                for piece in foot.iter().flat_map(|r| r.split("  ")) {
                    let piece = piece.trim();
                    assert!(
                        piece.is_empty() || hints.iter().any(|h| h == piece),
                        "{what}: {piece:?} is not a whole hint in\n{}",
                        foot.join("\n")
                    );
                }
                if matches!(
                    ctx,
                    Ctx::Agenda
                        | Ctx::Stage
                        | Ctx::Pick
                        | Ctx::Sheet
                        | Ctx::Standings
                        | Ctx::Handoff
                ) {
                    for hint in &hints[..2] {
                        assert!(
                            foot.iter().any(|r| r.contains(hint.as_str())),
                            "{what}: {hint:?} missing from\n{}",
                            foot.join("\n")
                        );
                    }
                    assert!(hints[0].starts_with("? ") && hints[1].contains(T::KQuit.get(lang)));
                }
            }
        }
    }
}

#[test]
fn footers_show_the_chairs_keys_where_they_fit() {
    for lang in LANGS {
        let shows = |app: &App, w: u16, h: u16, key: &str, t: T| {
            let hint = format!("{key} {}", t.get(lang));
            let rows = draw(app, w, h);
            assert!(
                footer(&rows).iter().any(|r| r.contains(&hint)),
                "{lang:?} {w}x{h}: {hint:?} missing from\n{}",
                footer(&rows).join("\n")
            );
        };
        let app = demo(lang);
        shows(&app, 100, 30, "P", T::KPins);
        let mut app = demo(lang);
        update(&mut app, Action::Show(Screen::Standings));
        for (w, h) in [(80, 24), (100, 30)] {
            shows(&app, w, h, "p", T::KReveal);
            shows(&app, w, h, "B", T::KBlind);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Column widths

const SIZES: [(u16, u16); 7] = [
    (80, 24),
    (100, 30),
    (120, 40),
    (148, 40),
    (160, 45),
    (180, 50),
    (200, 50),
];

/// Runs of two or more x positions (inside the box) blank on every one of `rows`: width a
/// column could have had.
fn blank_runs(rows: &[&str]) -> Vec<(usize, usize)> {
    let grid: Vec<Vec<char>> = rows.iter().map(|r| r.chars().collect()).collect();
    let width = grid.iter().map(Vec::len).min().unwrap_or(0);
    let mut runs = Vec::new();
    let mut start = None;
    for x in 1..width.saturating_sub(1) {
        let blank = grid.iter().all(|r| r[x] == ' ');
        match (blank, start) {
            (true, None) => start = Some(x),
            (false, Some(s)) => {
                if x - s >= 2 {
                    runs.push((s, x));
                }
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start
        && width - 1 - s >= 2
    {
        runs.push((s, width - 1));
    }
    runs
}

/// Whether `word` stands whole in the header row: not cut, not run into the next column.
fn whole(header: &str, word: &str) -> bool {
    header.match_indices(word).any(|(i, _)| {
        let after = header[i + word.len()..].chars().next();
        after.is_none_or(|c| c == ' ' || c == '│')
    })
}

/// At every size from 80x24 to 200x50, in both languages, on every tab, with and without
/// z-scores: the standings' header words are whole, and a criterion's name is cut only when no
/// column has blank width to give it. Ties and reasons are whole.
#[test]
fn standings_headers_are_whole_while_there_is_room() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut app = demo(lang);
            update(&mut app, Action::Show(Screen::Standings));
            for z in [false, true] {
                if z {
                    update(&mut app, Action::ToggleZ);
                }
                for tab in 0..=app.desk.session.categories.len() {
                    let what = format!("{lang:?} {w}x{h} tab {tab} z {z}");
                    let rows = draw(&app, w, h);
                    let head_at = rows
                        .iter()
                        .position(|r| r.starts_with(&format!("│{} ", T::ColRank.get(lang))))
                        .unwrap_or_else(|| panic!("{what}: no header\n{}", rows.join("\n")));
                    let header = rows[head_at].as_str();
                    let mut table = vec![header];
                    table.extend(
                        rows[head_at + 1..]
                            .iter()
                            .map(String::as_str)
                            .take_while(|r| {
                                r.chars()
                                    .nth(1)
                                    .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '─')
                            }),
                    );
                    let mut words = vec![
                        T::ColEntry.get(lang),
                        if z { T::ColZ } else { T::ColScore }.get(lang),
                        T::ColSheets.get(lang),
                        T::ColSpread.get(lang),
                    ];
                    if w >= 112 {
                        words.push(T::ColInstitution.get(lang));
                    }
                    if tab == 0 {
                        words.push(T::ColCategory.get(lang));
                    }
                    for word in words {
                        assert!(whole(header, word), "{what}: {word:?} in {header:?}");
                    }
                    let names: Vec<&str> = app
                        .desk
                        .session
                        .rubric
                        .criteria
                        .iter()
                        .map(|c| c.name.get(lang.code()).split_whitespace().next().unwrap())
                        .collect();
                    let shown = header.contains(names[0]) || header.contains("…");
                    if shown && !names.iter().all(|n| whole(header, n)) {
                        assert_eq!(
                            blank_runs(&table),
                            vec![],
                            "{what}: a criterion is cut while there is room:\n{}",
                            table.join("\n")
                        );
                    }
                    // Ties and reasons are whole where their rows are drawn.
                    let t = app.table().unwrap();
                    for r in t.rows.iter() {
                        let Some(line) =
                            table.iter().find(|l| l.contains(&format!(" {} ", r.entry)))
                        else {
                            continue;
                        };
                        let text = match (&r.tie_break, r.unranked) {
                            (Some(juri::standings::TieBreak::Shared), None) => {
                                T::TieShared.get(lang).to_string()
                            }
                            (Some(juri::standings::TieBreak::Criterion(c)), None) => {
                                let name = app
                                    .desk
                                    .session
                                    .rubric
                                    .criterion(c)
                                    .unwrap()
                                    .name
                                    .get(lang.code());
                                T::TieBy.fill(lang, &[name.split_whitespace().next().unwrap()])
                            }
                            (_, Some(juri::standings::Unranked::NoSheets)) => {
                                T::UnNoSheets.get(lang).to_string()
                            }
                            _ => continue,
                        };
                        assert!(line.contains(&text), "{what}: {text:?} in {line:?}");
                    }
                    update(&mut app, Action::NextTab);
                }
            }
        }
    }
}

/// The agenda's header words are whole at every size, in both languages ("Jadwal", not
/// "Jadwa").
#[test]
fn agenda_headers_are_whole_at_every_size() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let app = demo(lang);
            let rows = draw(&app, w, h);
            let header = row_with(&rows, T::ColDurations.get(lang));
            let mut words = vec![
                T::ColNo,
                T::ColSlot,
                T::ColStatus,
                T::ColEntry,
                T::ColCategory,
                T::ColDurations,
                T::ColSheets,
            ];
            if w >= 112 {
                words.push(T::ColInstitution);
            }
            for word in words {
                assert!(
                    whole(header, word.get(lang)),
                    "{lang:?} {w}x{h}: {:?} in {header:?}",
                    word.get(lang)
                );
            }
        }
    }
}

/// The sheet's title line holds the whole entry title when the line has room for it.
#[test]
fn the_sheet_title_is_whole_when_there_is_room() {
    for lang in LANGS {
        for (w, h) in [(120, 40), (200, 50)] {
            let mut app = demo(lang);
            open_sheet(&mut app, "E14", "J1");
            let rows = draw(&app, w, h);
            let title = &app.desk.session.entry("E14").unwrap().title;
            let name = &app.desk.session.juror("J1").unwrap().name;
            let line = T::SheetOf.fill(lang, &[name, title]);
            assert_drawn(&rows, &line, &format!("{lang:?} {w}x{h}"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The status line answers the last key

#[test]
fn a_message_clears_on_the_next_key_and_saved_shows_while_scoring() {
    for lang in LANGS {
        let mut app = demo(lang);
        let saved = format!("✓ {}", T::Saved.get(lang));
        // A refusal on the Stage does not follow the next juror to their sheet.
        app.desk.session.current = Some("E01".into());
        show_stage(&mut app);
        update(&mut app, Action::TimerToggle);
        let rows = draw(&app, 100, 30);
        assert_drawn(&rows, T::TimerFinished.get(lang), "the refusal");
        open_sheet(&mut app, "E14", "J2");
        type_value(&mut app, "7");
        let rows = draw(&app, 100, 30);
        assert_not_drawn(&rows, T::TimerFinished.get(lang), "a juror typing");
        assert_drawn(&rows, &saved, "a juror typing");

        // "Fix first" answers the key that was refused, and is an error, not a success.
        type_value(&mut app, "05");
        update(&mut app, Action::Down);
        let rows = draw(&app, 100, 30);
        assert_drawn(&rows, &format!("✗ {}", T::FixFirst.get(lang)), "refused");
        update(&mut app, Action::Backspace);
        for (what, action) in [
            ("fixed", None),
            ("the note editor", Some(Action::EditNote)),
            ("back on the sheet", Some(Action::EditorDone)),
            ("the submit dialog", Some(Action::Submit)),
        ] {
            if action == Some(Action::Submit) {
                fill_all(&mut app, "80");
            }
            if let Some(a) = action {
                update(&mut app, a);
            }
            // The value kept on the way reaches the disk, as the writer reports.
            on_disk(&mut app);
            let rows = draw(&app, 100, 30);
            assert_not_drawn(&rows, T::FixFirst.get(lang), what);
            assert_drawn(&rows, &saved, what);
        }
    }
}

#[test]
fn a_letter_in_a_value_cell_says_what_the_cell_takes() {
    use crossterm::event::{KeyCode, KeyEvent};
    for lang in LANGS {
        let mut app = demo(lang);
        open_sheet(&mut app, "E14", "J1");
        type_value(&mut app, "85");
        let before = app.journaled.len();
        let ev = KeyEvent::from(KeyCode::Char('x'));
        let action = keymap::action(app.ctx(), &ev).expect("a letter is answered");
        assert_eq!(update(&mut app, action), Did::None);
        assert_eq!(app.journaled.len(), before, "nothing changes");
        let rows = draw(&app, 80, 24);
        let msg = T::ValueTakes.fill(lang, &["x", "0", "100"]);
        assert_drawn(&rows, &format!("✗ {msg}"), "the whole answer at 80x24");
        assert_drawn(&rows, "85", "the value stays");

        // A scale with a step says the step.
        app.desk.session.rubric.criteria[0].min = 1.0;
        app.desk.session.rubric.criteria[0].max = 10.0;
        app.desk.session.rubric.criteria[0].step = 0.5;
        let action = keymap::action(app.ctx(), &KeyEvent::from(KeyCode::Char('Q'))).unwrap();
        update(&mut app, action);
        let rows = draw(&app, 80, 24);
        let msg = T::ValueTakesStep.fill(lang, &["Q", "1", "10", "0.5"]);
        assert_drawn(&rows, &format!("✗ {msg}"), "the step at 80x24");
    }
}

#[test]
fn the_reopen_dialog_has_a_whole_title_says_why_enter_does_nothing_and_agrees_with_the_footer() {
    for lang in LANGS {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = demo(lang);
            pick(&mut app, "E01", "J1");
            update(&mut app, Action::Reopen);
            assert_eq!(app.ctx(), Ctx::Reason);
            let name = app.desk.session.juror("J1").unwrap().name.clone();
            let title = T::ReopenReason.fill(lang, &[&name]);
            let rows = draw(&app, w, h);
            assert_drawn(&rows, &format!("┌ {title} "), "the whole title");
            assert_drawn(&rows, T::ReopenWhy.get(lang), "where the reason goes");
            // The dialog and the footer say the same of Esc and Enter.
            let hint = T::ReasonHint.get(lang);
            assert_drawn(&rows, hint, "the dialog's keys");
            let footer = words(&rows[rows.len() - 2..].join(" "));
            assert!(
                footer.contains(&format!("Esc {}", T::KCancel.get(lang)))
                    && footer.contains(&format!("Enter {}", T::KReopenDo.get(lang))),
                "{footer}"
            );
            assert!(!footer.contains(T::KDone.get(lang)), "{footer}");
            // Enter with no reason says why.
            let ev = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter);
            let action = keymap::action(app.ctx(), &ev).unwrap();
            assert_eq!(update(&mut app, action), Did::None);
            let rows = draw(&app, w, h);
            assert_drawn(
                &rows,
                &format!("✗ {}", T::ReasonNeeded.get(lang)),
                "refusal",
            );
        }
    }
}

#[test]
fn a_submitted_sheet_opens_read_only_with_its_values_and_no_editing_keys() {
    for lang in LANGS {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = demo(lang);
            pick(&mut app, "E01", "J1");
            update(&mut app, Action::Select);
            assert_eq!(app.ctx(), Ctx::View);
            let sheet = app.desk.session.sheet("E01", "J1").unwrap();
            let when = sheet.submitted.unwrap().format("%H:%M").to_string();
            let novelty = fmt_num(*sheet.values.get("novelty").unwrap());
            let rows = draw(&app, w, h);
            let banner = format!("✓ {}", T::ReadOnly.fill(lang, &[&when]));
            assert_drawn(&rows, &banner, "read only, and when it was submitted");
            let crit = app.desk.session.rubric.criterion("novelty").unwrap();
            assert!(row_with(&rows, crit.name.get(lang.code())).contains(&novelty));
            let footer = words(&rows[rows.len() - 2..].join(" "));
            assert!(footer.contains(T::KLeave.get(lang)), "{footer}");
            assert!(!footer.contains(T::KSubmit.get(lang)), "{footer}");
            assert!(!footer.contains(T::KStepUp.get(lang)), "{footer}");
        }
    }
}

/// Under the standings table, one or two lines say what the spread, the provisional mark, the
/// ties and z-scores mean, each only where the tab shows it.
#[test]
fn standings_legend_says_what_spread_marks_ties_and_z_scores_mean() {
    let tie_by = |lang| T::LegendTieBy.fill(lang, &[&T::TieBy.fill(lang, &["…"])]);
    let shared = |lang| T::LegendTieShared.fill(lang, &[T::TieShared.get(lang)]);
    let provisional = |lang| T::LegendProvisional.fill(lang, &["*"]);
    for lang in LANGS {
        for (w, h) in [(80, 24), (120, 40), (200, 50)] {
            let what = format!("{lang:?} {w}x{h}");
            let mut app = demo(lang);
            update(&mut app, Action::Show(Screen::Standings));
            let rows = draw(&app, w, h);
            for part in [
                T::LegendSpread.get(lang).to_string(),
                provisional(lang),
                tie_by(lang),
                shared(lang),
            ] {
                assert_drawn(&rows, &part, &what);
            }
            assert_not_drawn(&rows, T::LegendZ.get(lang), &what);
            let legend = rows
                .iter()
                .filter(|r| r.contains(T::LegendSpread.get(lang)) || r.contains(&shared(lang)))
                .count();
            assert!(legend <= 2, "{what}: the legend takes at most two lines");

            update(&mut app, Action::ToggleZ);
            assert_drawn(&draw(&app, w, h), T::LegendZ.get(lang), &what);
            update(&mut app, Action::ToggleZ);
            // The provincial agencies' tab has no provisional rank (E13 is a regency's).
            update(&mut app, Action::NextTab);
            let rows = draw(&app, w, h);
            assert_drawn(&rows, T::LegendSpread.get(lang), &what);
            assert_not_drawn(&rows, &provisional(lang), &format!("{what} tab 1"));
        }
    }
}
