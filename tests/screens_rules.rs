//! The Standings screen deciding the winners, read back from a `TestBackend` in English and
//! Bahasa Indonesia at a small and a large size: the national stage's overall Top 45 filled by
//! cluster quotas, a province's Top 20 and Top 10 in one category, a passing grade, the chair
//! changing a line (audited), every method side by side and the sheets far from the panel.

mod common;

use std::collections::BTreeSet;

use common::app::{Did, update};
use crossterm::event::{KeyCode, KeyEvent};
use juri::i18n::{Lang, T};
use juri::model::{Category, Session};
use juri::standings::{Options, compute};
use juri::tui::action::{Action, Screen};
use juri::tui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const LANGS: [Lang; 2] = [Lang::En, Lang::Id];
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn draw(app: &App, w: u16, h: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| juri::tui::ui::view(&app.desk, &app.view, f))
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

fn drawn(rows: &[String], needle: &str) -> bool {
    rows.iter().any(|r| r.contains(needle))
}

#[track_caller]
fn assert_drawn(rows: &[String], needle: &str, what: &str) {
    assert!(
        drawn(rows, needle),
        "{what}: {needle:?} not in\n{}",
        rows.join("\n")
    );
}

fn app(s: Session, lang: Lang) -> App {
    let mut a = common::app::app_of(s, "/tmp/juri-screens-rules.json", lang, true);
    update(&mut a, Action::Show(Screen::Standings));
    a
}

/// A national desk stage: 240 entries in six clusters of 40, quotas 8, 8, 8, 7, 7, 7 that
/// fill an overall Top 45.
fn national() -> Session {
    let mut s = juri::r#gen::generate(240, 5, 1.0, 7);
    s.categories = (0..6)
        .map(|c| Category {
            id: format!("K{}", c + 1),
            name: format!("Klaster {}", c + 1),
            top_n: Some(if c < 3 { 8 } else { 7 }),
        })
        .collect();
    for (i, e) in s.entries.iter_mut().enumerate() {
        e.category = format!("K{}", i % 6 + 1);
    }
    s.rules.overall = Some(45);
    s
}

/// Who is inside the overall Top 45, worked out here: each cluster's quota by its own ranks,
/// then the best others by overall rank.
fn top45(s: &Session) -> BTreeSet<String> {
    let st = compute(s, &Options::default()).unwrap();
    let mut inside: BTreeSet<String> = st
        .rows
        .iter()
        .filter(|r| {
            let q = s.category(&r.category).unwrap().top_n.unwrap();
            r.category_rank.is_some_and(|k| k <= q)
        })
        .map(|r| r.entry.clone())
        .collect();
    for r in st.rows.iter().filter(|r| r.rank.is_some()) {
        if inside.len() >= 45 {
            break;
        }
        inside.insert(r.entry.clone());
    }
    inside
}

#[test]
fn the_national_top_45_is_filled_by_cluster_quotas() {
    let s = national();
    let want = top45(&s);
    assert_eq!(want.len(), 45);
    for lang in LANGS {
        for (w, h) in SIZES {
            let what = format!("national {lang:?} {w}x{h}");
            let mut a = app(s.clone(), lang);
            update(&mut a, Action::ToggleChart);
            let rows = draw(&a, w, h);
            assert_drawn(&rows, &T::WinLegendOverall.fill(lang, &["✓", "45"]), &what);
            // Every entry drawn carries the mark exactly when it is inside.
            let mut seen = 0;
            for r in &rows {
                let Some(id) = entry_id(r) else {
                    continue;
                };
                if s.entry(id).is_none() || r.contains("──") {
                    continue;
                }
                seen += 1;
                assert_eq!(r.contains('✓'), want.contains(id), "{what}: {r}");
            }
            assert!(seen >= 5, "{what}: {seen} rows");
            // A cluster's quota is its line.
            update(&mut a, Action::NextTab);
            let rows = draw(&a, w, h);
            assert_drawn(&rows, &T::CutOff.fill(lang, &["8"]), &what);
            // Far down the overall list, past the quotas, the marks still follow the rule.
            update(&mut a, Action::PrevTab);
            for _ in 0..40 {
                update(&mut a, Action::Down);
            }
            let rows = draw(&a, w, h);
            for r in rows.iter().filter(|r| r.contains('✓')) {
                if let Some(id) = entry_id(r) {
                    assert!(want.contains(id), "{what}: {r}");
                }
            }
        }
    }
}

/// The entry id of a drawn table row (one that starts with its rank), if it is one.
fn entry_id(row: &str) -> Option<&str> {
    if !row
        .trim_start_matches(['│', ' '])
        .starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    row.split(|c: char| c.is_whitespace() || c == '│')
        .find(|t| t.len() > 1 && t.starts_with('E') && t[1..].chars().all(|c| c.is_ascii_digit()))
}

/// A province's final: 60 entries in one category, a Top 20 and then a Top 10.
fn ntt() -> Session {
    let mut s = juri::r#gen::generate(60, 5, 1.0, 3);
    s.categories = vec![Category {
        id: "NTT".into(),
        name: "NTT".into(),
        top_n: Some(20),
    }];
    for e in &mut s.entries {
        e.category = "NTT".into();
    }
    s.rules.lines.insert("NTT".into(), vec![20, 10]);
    s
}

#[test]
fn ntt_draws_its_top_20_and_its_top_10() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let what = format!("ntt {lang:?} {w}x{h}");
            let mut a = app(ntt(), lang);
            update(&mut a, Action::ToggleChart);
            update(&mut a, Action::NextTab);
            let ten = T::CutOff.fill(lang, &["10"]);
            let twenty = T::CutOff.fill(lang, &["20"]);
            let rows = draw(&a, w, h);
            assert_drawn(&rows, &ten, &what);
            // Scrolled down, the Top 20 comes after the Top 10.
            for _ in 0..22 {
                update(&mut a, Action::Down);
            }
            let rows = draw(&a, w, h);
            assert_drawn(&rows, &twenty, &what);
            let at = |needle: &str| rows.iter().position(|r| r.contains(needle));
            if let (Some(t), Some(tw)) = (at(&ten), at(&twenty)) {
                assert!(t < tw, "{what}");
            }
            // The tenth ranked row is just above the Top 10's line.
            let st = a.table().unwrap();
            let tenth = &st.rows[9];
            let eleventh = &st.rows[10];
            assert_eq!(tenth.category_rank, Some(10));
            assert_eq!(eleventh.category_rank, Some(11));
        }
    }
}

#[test]
fn a_passing_grade_marks_who_passes() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let what = format!("pass {lang:?} {w}x{h}");
            let mut s = common::app::demo_session();
            s.rules.pass = Some(85.0);
            let a = app(s, lang);
            let rows = draw(&a, w, h);
            let pass = T::WinPasses.get(lang);
            let row = |id: &str| {
                rows.iter()
                    .find(|r| r.contains(&format!("{id} ")))
                    .unwrap()
                    .clone()
            };
            assert!(row("E08").contains(pass), "{what}: {}", row("E08"));
            assert!(!row("E02").contains(pass), "{what}: {}", row("E02"));
            assert_drawn(&rows, &T::WinLegendPass.fill(lang, &[pass, "85"]), &what);
        }
    }
}

/// Enter on an editor, with the audit events it handed to the journal.
fn done(a: &mut App) -> Vec<String> {
    use juri::tui::update::Effect;
    a.update(Action::EditorDone)
        .into_iter()
        .flat_map(|e| match e {
            Effect::Journal { events, .. } => events.into_iter().map(|ev| ev.action).collect(),
            _ => Vec::new(),
        })
        .collect()
}

fn type_text(a: &mut App, text: &str) {
    update(a, Action::EditorClear);
    for ch in text.chars() {
        update(a, Action::EditorKey(KeyEvent::from(KeyCode::Char(ch))));
    }
}

#[test]
fn the_chair_changes_a_line_and_gives_an_award_on_the_screen() {
    for lang in LANGS {
        let mut a = app(common::app::demo_session(), lang);
        update(&mut a, Action::NextTab);
        update(&mut a, Action::NextTab);
        let cat = a.desk.session.categories[1].id.clone();
        update(&mut a, Action::EditLines);
        assert_eq!(a.ctx(), juri::tui::keymap::Ctx::Rule);
        let rows = draw(&a, 100, 30);
        assert_drawn(&rows, T::WinLinesHint.get(lang), "lines editor");
        // The footer says what Enter does here: it records, it reopens nothing.
        assert_drawn(&rows, T::KWinRecord.get(lang), "lines editor's footer");
        // Nonsense keeps the editor open and says what is wanted.
        type_text(&mut a, "ten");
        assert_eq!(update(&mut a, Action::EditorDone), Did::None);
        assert!(a.view.modal.is_some());
        type_text(&mut a, "5, 2");
        assert_eq!(done(&mut a), ["rules.set"]);
        assert_eq!(a.desk.session.rules.lines[&cat], vec![5, 2]);
        for (w, h) in SIZES {
            let rows = draw(&a, w, h);
            assert_drawn(&rows, &T::CutOff.fill(lang, &["2"]), "the new line");
        }
        update(&mut a, Action::GiveAward);
        type_text(&mut a, "E08; Top 5 Terpuji; dampak luas");
        assert_eq!(done(&mut a), ["award.give"]);
        assert_eq!(a.desk.session.awards.len(), 1);
        // The passing grade, then none again.
        update(&mut a, Action::EditPass);
        type_text(&mut a, "85");
        assert_eq!(done(&mut a), ["rules.set"]);
        assert_eq!(a.desk.session.rules.pass, Some(85.0));
        // An award for an entry that is not there is refused in the editor, in words.
        update(&mut a, Action::GiveAward);
        type_text(&mut a, "E99; X; y");
        assert!(done(&mut a).is_empty());
        assert_drawn(&draw(&a, 100, 30), "E99", "refused award");
    }
}

#[test]
fn every_method_side_by_side_and_the_sheets_far_from_the_panel() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let what = format!("sensitivity {lang:?} {w}x{h}");
            let mut s = common::app::demo_session();
            s.rules.divergence = Some(12.0);
            let mut a = app(s, lang);
            update(&mut a, Action::ToggleSensitivity);
            let rows = draw(&a, w, h);
            assert_drawn(&rows, T::WinSensitivity.get(lang), &what);
            assert_drawn(&rows, T::MethodMedian.get(lang), &what);
            assert_drawn(&rows, T::WinFragile.get(lang), &what);
            update(&mut a, Action::ToggleSensitivity);
            update(&mut a, Action::ToggleFlags);
            let rows = draw(&a, w, h);
            assert_drawn(&rows, T::WinDivergence.get(lang), &what);
            assert_drawn(&rows, "⚑", &what);
            update(&mut a, Action::ToggleFlags);
            assert!(!drawn(&draw(&a, w, h), "⚑"), "{what}: hidden again");
            // A change while the view is up makes it again: a passing grade makes E02 fragile
            // (its median passes, its mean does not).
            update(&mut a, Action::ToggleSensitivity);
            let fragile = |a: &App, id: &str| {
                let (_, rows) = a.view.standings.sensitivity.as_ref().unwrap();
                rows.iter().find(|r| r.entry == id).unwrap().fragile
            };
            let before = fragile(&a, "E01");
            update(&mut a, Action::EditPass);
            type_text(&mut a, "81");
            update(&mut a, Action::EditorDone);
            assert!(!before && fragile(&a, "E01"), "{what}");
        }
    }
}

#[test]
fn a_trimmed_mean_of_k_marks_entries_with_too_few_sheets_to_drop() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let what = format!("trim {lang:?} {w}x{h}");
            let mut s = common::app::demo_session();
            s.rules.method = Some("trimmed".into());
            s.rules.trim = Some(2);
            let a = app(s, lang);
            let rows = draw(&a, w, h);
            assert_drawn(&rows, &format!("{} (2)", T::MethodTrimmed.get(lang)), &what);
            // E13 has 3 sheets, fewer than 5: its plain mean, marked.
            let e13 = rows.iter().find(|r| r.contains("E13 ")).unwrap();
            assert!(e13.contains('†'), "{what}: {e13}");
            let e08 = rows.iter().find(|r| r.contains("E08 ")).unwrap();
            assert!(!e08.contains('†'), "{what}: {e08}");
            assert_drawn(&rows, &T::WinUntrimmedLegend.fill(lang, &["†", "2"]), &what);
        }
    }
}

#[test]
fn an_award_starts_from_the_highlighted_entry_of_the_group_shown() {
    let mut s = common::app::demo_session();
    // Every other entry in the group "replikasi": the group's first row is not the overall's.
    for (i, e) in s.entries.iter_mut().enumerate() {
        e.group = Some(if i % 2 == 1 { "replikasi" } else { "umum" }.into());
    }
    let mut a = app(s, Lang::En);
    update(&mut a, Action::CycleGroup);
    let group = a.view.standings.group.clone().expect("a group shown");
    update(&mut a, Action::GiveAward);
    let Some(juri::tui::app::Modal::Editor { text, .. }) = &a.view.modal else {
        panic!("the award editor is open");
    };
    let typed = text.lines().join("\n");
    let entry = typed.split(';').next().unwrap().trim().to_string();
    let e = a
        .desk
        .session
        .entry(&entry)
        .expect("an entry of the session");
    assert_eq!(e.group.as_deref(), Some(group.as_str()), "{typed}");
}
