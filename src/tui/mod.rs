//! The interactive screens. Input -> keymap -> `Action` -> `update` -> `Effect`; `view` draws.

pub mod action;
pub mod app;
pub mod desk;
pub mod effect;
pub mod keymap;
pub mod pair;
pub mod ranking;
pub mod state;
pub mod ui;
pub mod update;
pub mod view;

use std::path::Path;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::DefaultTerminal;

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::store;
use app::{App, Desk, Theme, View};
use update::{Effect, update};

pub fn now() -> crate::model::Time {
    chrono::Local::now().fixed_offset()
}

/// Whether colors may be used: `NO_COLOR` set to anything non-empty turns them off.
pub fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Opens `path` in the screens until the chair quits. The session stays locked meanwhile.
pub fn run(path: &Path, lang: Option<&str>) -> Result<()> {
    let _lock = store::lock(path)?;
    let (mut session, in_file) = store::load_counting(path)?;
    // A file that does not load is told first; then, before the journal's writer and
    // ratatui::init (which would panic and leave escape codes on stdout), the terminal.
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Err(Error::NoTerminal("input"));
    }
    if !std::io::stdout().is_terminal() {
        return Err(Error::NoTerminal("output"));
    }
    // Every key may write: a file changed outside juri is refused now, not at the first key.
    store::check_before_write(path, &mut session)?;
    let writer = store::Writer::start(path, &session.log)?;
    let env_lang = std::env::var("LANG").ok();
    let lang = Lang::choose(lang, session.language.as_deref(), env_lang.as_deref());
    let theme = Theme {
        color: color_allowed(),
    };
    let mut app = App::open(session, path.to_path_buf(), lang, theme, now());
    let App { desk, view, .. } = &mut app;
    // A log carried inside the file (the demo, an older file) is pending: the event loop
    // hands it to the journal after its first frame, as it does every change, and the screen
    // says "saved" only once the journal has it.
    desk.saving.file = in_file;
    desk.saving.durable = desk.session.log.events;
    // ratatui::init puts the terminal in raw mode and installs a panic hook that restores it.
    let mut terminal = ratatui::init();
    let mut held = Vec::new();
    let result = event_loop(&mut terminal, desk, view, &writer, &mut held);
    ratatui::restore();
    let closed = close(desk, view, writer, held);
    result.and(closed)
}

/// Writes what is still queued and the session file as it is now; reports a change that
/// could not be written.
fn close(desk: &mut Desk, view: &mut View, writer: store::Writer, held: Vec<Effect>) -> Result<()> {
    for effect in held.into_iter().chain(desk.take_journal()) {
        // `journal` carries out only the journal's effects; the rest end with the screens.
        if let Some(w) = journal(desk, &writer, effect) {
            update(desk, view, action::Action::Written(w));
        }
    }
    if desk.saving.file < desk.saving.sent {
        writer.snapshot(desk.saving.sent, store::snapshot(&desk.session));
    }
    for w in writer.finish() {
        update(desk, view, action::Action::Written(w));
    }
    if desk.saving.durable < desk.saving.sent {
        return Err(Error::rejected(format!(
            "the last {} changes could not be written to {}: {}",
            desk.saving.sent - desk.saving.durable,
            store::journal_path(&desk.path).display(),
            desk.saving.error.as_deref().unwrap_or("unknown error")
        )));
    }
    if let Some(why) = &desk.saving.error {
        // Every change is in the journal, and the next open replays it.
        eprintln!(
            "juri: {} was not rewritten ({why}); its journal holds every change",
            desk.path.display()
        );
    }
    Ok(())
}

/// Hands a `Journal` effect to the writer, the PIN file first; what failed at once is
/// returned to be fed back.
pub(crate) fn journal(
    desk: &Desk,
    writer: &store::Writer,
    effect: Effect,
) -> Option<store::Written> {
    let Effect::Journal {
        upto, lines, pins, ..
    } = effect
    else {
        return None;
    };
    let failed = pins.and_then(|p| store::write_pins(&desk.path, &p).err());
    writer.append(upto, lines);
    failed.map(|e| store::Written::Failed(e.to_string()))
}

fn io(e: std::io::Error) -> Error {
    Error::io("use", "the terminal", e)
}

/// How long to wait for input: until the next second on the clock while a timer runs,
/// otherwise until the next minute (the header clock and the schedule slip).
pub(crate) fn wait(desk: &Desk) -> Duration {
    let ms_into_second = u64::from(desk.now.timestamp_subsec_millis());
    if desk.timer_running() {
        Duration::from_millis(1000 - ms_into_second.min(999) + 5)
    } else {
        let s = u64::try_from(desk.now.timestamp().rem_euclid(60)).unwrap_or(0);
        Duration::from_millis((60 - s) * 1000 - ms_into_second + 5)
    }
}

/// After this long without a change, the session file is brought up to date.
pub(crate) const SNAPSHOT_IDLE: Duration = Duration::from_secs(5);
/// Records of the session file written between two looks at the keyboard.
pub const SNAPSHOT_STEP: usize = 64;
/// How often to look for the writer's answer while a change is on its way to the disk.
pub(crate) const WRITER_POLL: Duration = Duration::from_millis(2);
/// How long after a change the writer's answer is looked for that often.
const WRITER_PATIENCE: Duration = Duration::from_secs(10);

/// Carries out the effects of `update` and feeds their results back as actions; the
/// effects of a key wait until the frame that answers it is drawn.
fn event_loop(
    terminal: &mut DefaultTerminal,
    desk: &mut Desk,
    view: &mut View,
    writer: &store::Writer,
    held: &mut Vec<Effect>,
) -> Result<()> {
    let size = terminal.size().map_err(io)?;
    held.extend(update(
        desk,
        view,
        action::Action::Resize(size.width, size.height),
    ));
    let mut dirty = true;
    let mut next_tick = Instant::now();
    let mut last_change = Instant::now();
    // The session file being written between keys: as of how many events, and how far.
    let mut building: Option<(u64, store::SnapshotBuilder)> = None;
    let mut file_queued = desk.saving.file;
    let mut export: Option<std::sync::mpsc::Receiver<std::result::Result<String, String>>> = None;
    let mut ranker = Ranker::start();
    loop {
        let mut back = Vec::new();
        while let Some(r) = ranker.poll() {
            back.push(action::Action::Ranked(r));
        }
        while let Some(w) = writer.poll() {
            back.push(action::Action::Written(w));
        }
        if let Some(done) = export.as_ref().and_then(|rx| rx.try_recv().ok()) {
            export = None;
            back.push(action::Action::Exported(done));
        }
        for a in back {
            held.extend(update(desk, view, a));
            dirty = true;
        }
        if dirty {
            desk.now = now();
            terminal.draw(|f| ui::view(desk, view, f)).map_err(io)?;
            dirty = false;
            next_tick = Instant::now() + wait(desk);
        }
        // The answer to a key is on the screen first; then the work it started begins, on the
        // other threads, without competing with that frame.
        let mut later = Vec::new();
        for effect in held.drain(..) {
            match effect {
                e @ Effect::Journal { .. } => {
                    if let Some(failed) = journal(desk, writer, e) {
                        later.extend(update(desk, view, action::Action::Written(failed)));
                        dirty = true;
                    }
                    // A session file begun before this change would mix two states.
                    last_change = Instant::now();
                    building = None;
                }
                Effect::Rank(job) => ranker.ask(job),
                Effect::Export => export = Some(start_export(desk, view)),
                Effect::Quit => return Ok(()),
            }
        }
        held.extend(later);

        let at = Instant::now();
        let mut deadline = next_tick;
        // Look for the writer's answer often while one is due: shortly after a change (a
        // disk that keeps failing is not asked every 2 ms), and while a recap is on its way.
        let answer_due = !desk.saving.saved() && at < last_change + WRITER_PATIENCE;
        if answer_due || export.is_some() || desk.exporting || ranker.busy() {
            deadline = deadline.min(at + WRITER_POLL);
        }
        if building.is_some() {
            deadline = at;
        } else if file_queued < desk.saving.sent {
            deadline = deadline.min(last_change + SNAPSHOT_IDLE);
        }
        if event::poll(deadline.saturating_duration_since(at)).map_err(io)? {
            let action = match event::read().map_err(io)? {
                Event::Key(k) if k.kind != KeyEventKind::Release => keymap::action(view.ctx(), &k),
                Event::Resize(w, h) => Some(action::Action::Resize(w, h)),
                _ => None,
            };
            let Some(action) = action else { continue };
            desk.now = now();
            dirty = true;
            let effects = update(desk, view, action);
            // Quitting does not wait for a frame; what it leaves to write, `close` writes.
            if effects.iter().any(|e| matches!(e, Effect::Quit)) {
                held.extend(effects);
                return Ok(());
            }
            held.extend(effects);
            continue;
        }
        // No key: use the time.
        if let Some((events, b)) = &mut building {
            if b.step(&desk.session, SNAPSHOT_STEP) {
                let events = *events;
                if let Some((_, b)) = building.take() {
                    writer.snapshot(events, b.finish());
                    file_queued = events;
                }
            }
            continue;
        }
        if file_queued < desk.saving.sent && Instant::now() >= last_change + SNAPSHOT_IDLE {
            building = Some((desk.saving.sent, store::SnapshotBuilder::new()));
            continue;
        }
        if Instant::now() >= next_tick {
            desk.now = now();
            held.extend(update(desk, view, action::Action::Tick));
            dirty = true;
        }
    }
}

/// Ranks the standings on a thread of its own: the screen shows the last table meanwhile.
pub(crate) struct Ranker {
    jobs: std::sync::mpsc::Sender<ranking::Job>,
    done: std::sync::mpsc::Receiver<ranking::Ranked>,
    /// The last ranking asked for (board version and variant), until it comes back.
    asked: Option<(u64, ranking::Variant)>,
}

impl Ranker {
    pub(crate) fn start() -> Ranker {
        let (jobs, rx) = std::sync::mpsc::channel::<ranking::Job>();
        let (tx, done) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(mut job) = rx.recv() {
                // Only the newest question matters: the board or the method moved on.
                while let Ok(newer) = rx.try_recv() {
                    job = newer;
                }
                if tx.send(job.run()).is_err() {
                    break;
                }
            }
        });
        Ranker {
            jobs,
            done,
            asked: None,
        }
    }

    /// Asks for `job` unless it was asked for already.
    pub(crate) fn ask(&mut self, job: ranking::Job) {
        let what = Some((job.version, job.variant));
        if self.asked != what {
            self.asked = what;
            let _ = self.jobs.send(job);
        }
    }

    pub(crate) fn poll(&mut self) -> Option<ranking::Ranked> {
        let r = self.done.try_recv().ok()?;
        if self.asked == Some((r.version, r.variant)) {
            self.asked = None;
        }
        Some(r)
    }

    pub(crate) fn busy(&self) -> bool {
        self.asked.is_some()
    }
}

/// Writes the recap (HTML) beside the session, from the session as it is on disk (every
/// change is, by now), with the standings as shown; on a thread, as a recap verifies the whole
/// audit log first.
pub(crate) fn start_export(
    desk: &Desk,
    view: &View,
) -> std::sync::mpsc::Receiver<std::result::Result<String, String>> {
    use crate::io::export::{ExportFormat, default_path, write};
    let opts = view.variant().options();
    let (path, lang, at) = (desk.path.clone(), view.lang, desk.now);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let out = default_path(&path, ExportFormat::Html);
        let result = store::load(&path)
            .and_then(|s| {
                let log = store::read_log(&path, &s)?;
                write(&s, &log, &opts, ExportFormat::Html, &out, lang, at)
            })
            .map(|_| out.display().to_string())
            .map_err(|e| e.to_string());
        let _ = tx.send(result);
    });
    rx
}
