//! The demo session and an `App` on it at a fixed time, for the screens without a terminal.

use std::path::PathBuf;

use chrono::{Duration, TimeZone};
use juri::i18n::Lang;
use juri::model::{Session, Time};
use juri::tui::app::{App, Theme};

/// `hh:mm` local time (UTC+7) on the day of the demo.
pub fn demo_day(hour: u32, minute: u32) -> Time {
    chrono::FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 23, hour, minute, 0)
        .unwrap()
}

/// 14:40 local time on the day of the demo: after the last presented entry, before E14 starts.
pub fn t0() -> Time {
    demo_day(14, 40)
}

/// `seconds` after [`t0`].
pub fn at(seconds: i64) -> Time {
    t0() + Duration::seconds(seconds)
}

/// The demo session as it stands at [`t0`].
pub fn demo_session() -> Session {
    juri::cli::demo_session(t0()).unwrap()
}

/// The app on `session` at [`t0`], as if opened from `file` (never written by these tests).
pub fn app_of(session: Session, file: &str, lang: Lang, color: bool) -> App {
    App::new(session, PathBuf::from(file), lang, Theme { color }, t0())
}

/// The app on the demo session at [`t0`].
pub fn demo_app(file: &str, lang: Lang, color: bool) -> App {
    app_of(demo_session(), file, lang, color)
}

/// What an action asked of the event loop, told in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Did {
    /// Nothing to write, export or quit.
    None,
    /// Changes to append to the journal.
    Save,
    Export,
    Quit,
}

/// Carries out `action` on `app`, as the event loop would, and says what it asked for.
pub fn update(app: &mut App, action: juri::tui::action::Action) -> Did {
    use juri::tui::update::Effect;
    let effects = app.update(action);
    let has = |f: fn(&Effect) -> bool| effects.iter().any(f);
    if has(|e| matches!(e, Effect::Quit)) {
        Did::Quit
    } else if has(|e| matches!(e, Effect::Export)) {
        Did::Export
    } else if has(|e| matches!(e, Effect::Journal { .. })) {
        Did::Save
    } else {
        Did::None
    }
}

/// The writer's answer that every change handed to it is on disk, fed back as the event loop
/// feeds it.
pub fn on_disk(app: &mut App) {
    let sent = app.desk.saving.sent;
    app.update(juri::tui::action::Action::Written(
        juri::store::Written::Journal(sent),
    ));
}
