use std::path::PathBuf;
use chrono::TimeZone;
use juri::i18n::Lang;
use juri::tui::action::{Action, Screen};
use juri::tui::app::{App, Theme};
use juri::tui::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn t0() -> juri::model::Time {
    chrono::FixedOffset::east_opt(7 * 3600).unwrap().with_ymd_and_hms(2026, 11, 23, 14, 0, 0).unwrap()
}

fn dump(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| juri::tui::ui::view(app, f)).unwrap();
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w { out.push_str(buf[(x, y)].symbol()); }
        out.push('\n');
    }
    out
}

#[test]
fn explore() {
    let s = juri::cli::demo_session(t0()).unwrap();
    let mut app = App::new(s, PathBuf::from("/tmp/demo.json"), Lang::En, Theme { color: true }, t0());
    println!("{}", dump(&app, 80, 24));
    println!("{}", dump(&app, 120, 40));
    update(&mut app, Action::Show(Screen::Stage));
    println!("{}", dump(&app, 80, 24));
    update(&mut app, Action::TimerToggle);
    app.now = t0() + chrono::Duration::seconds(90);
    println!("{}", dump(&app, 80, 24));
    println!("{}", dump(&app, 120, 40));
    update(&mut app, Action::Show(Screen::Scoring));
    println!("{}", dump(&app, 80, 24));
    update(&mut app, Action::Select);
    println!("{}", dump(&app, 80, 24));
    update(&mut app, Action::Leave);
    update(&mut app, Action::Show(Screen::Standings));
    println!("{}", dump(&app, 80, 24));
    println!("{}", dump(&app, 120, 40));
    update(&mut app, Action::NextTab);
    println!("{}", dump(&app, 120, 40));
    update(&mut app, Action::Help);
    println!("{}", dump(&app, 100, 40));
}
