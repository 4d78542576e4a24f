//! How fast juri is on large sessions: loading, writing the session file, drawing each screen
//! and one keystroke on a score sheet, for 100, 1,000 and 10,000 entries (15 jurors, fully
//! scored). The standings have a benchmark of their own (`benches/standings.rs`).
//!
//! ```sh
//! cargo bench --bench speed                           # every size (about 10 minutes)
//! JURI_BENCH_SIZES=100,1000 cargo bench --bench speed # skip the slow 10,000 size
//! cargo bench --bench speed -- standings              # only benchmarks whose name has this
//! ```
//!
//! Each size is generated once per run (`juri::gen::generate`, then `prepare_live`: the middle
//! entry on stage, the first juror's sheet for it reopened) and saved into a temporary folder.
//! Under `cargo test --all-targets` criterion runs every benchmark once, on 100 entries only.

mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion};
use juri::r#gen::{DEFAULT_JURORS, generate, prepare_live};
use juri::i18n::Lang;
use juri::model::Session;
use juri::store;
use juri::tui::action::{Action, Screen};
use juri::tui::app::{App, Theme};
use juri::tui::update::{Effect, update};

/// Carries out `action` on the app's only screen; the effects it asks for.
fn act(app: &mut App, action: Action) -> Vec<Effect> {
    update(&mut app.desk, &mut app.view, action)
}

/// The journal lines of a change, and the count of events they bring the log to.
fn journal(effects: Vec<Effect>) -> Option<(u64, Vec<u8>)> {
    effects.into_iter().find_map(|e| match e {
        Effect::Journal { upto, lines, .. } => Some((upto, lines)),
        _ => None,
    })
}
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SEED: u64 = 2026;
const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

struct Fixture {
    entries: usize,
    _dir: tempfile::TempDir,
    path: PathBuf,
    session: Session,
}

fn fixture(entries: usize) -> Fixture {
    let t = std::time::Instant::now();
    let mut session = generate(entries, DEFAULT_JURORS, 1.0, SEED);
    prepare_live(&mut session).expect("a generated session can be made live");
    let dir = tempfile::Builder::new()
        .prefix(&format!("juri-bench-{entries}-"))
        .tempdir()
        .expect("a temporary folder");
    let path = dir.path().join(format!("gen-{entries}.json"));
    store::save(&path, &mut session).expect("saving the generated session");
    let mb = std::fs::metadata(&path).map_or(0, |m| m.len()) / 1_000_000;
    eprintln!(
        "{entries} entries: {} audit events, {mb} MB on disk, generated and saved in {:.1} s",
        session.log.events,
        t.elapsed().as_secs_f64()
    );
    Fixture {
        entries,
        _dir: dir,
        path,
        session,
    }
}

fn group<'a>(
    c: &'a mut Criterion,
    name: &str,
    entries: usize,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    common::group(c, name, entries, 1_000, 10)
}

fn bench_store(c: &mut Criterion, f: &Fixture) {
    let n = f.entries;
    let mut g = group(c, "load_validate", n);
    g.bench_function(BenchmarkId::from_parameter(n), |b| {
        b.iter_with_large_drop(|| store::load(&f.path).expect("load"))
    });
    g.finish();

    // The session file: built (on the screens' thread, a few hundred records between keys),
    // then written (on the writer's thread: temporary file, sync, backup, rename).
    let mut g = group(c, "session_file", n);
    g.bench_function(format!("build/{n}"), |b| {
        b.iter_with_large_drop(|| store::snapshot(black_box(&f.session)))
    });
    let out = f.path.with_file_name("saved.json");
    let bytes = store::snapshot(&f.session);
    g.bench_function(format!("write/{n}"), |b| {
        b.iter(|| store::write_snapshot(&out, &bytes).expect("write"))
    });
    // The longest the screens wait for one step between two keys.
    g.bench_function(format!("step/{n}"), |b| {
        let mut builder = store::SnapshotBuilder::new();
        b.iter(|| {
            if builder.step(&f.session, juri::tui::SNAPSHOT_STEP) {
                builder = store::SnapshotBuilder::new();
            }
        })
    });
    g.finish();
}

fn app_of(f: Fixture) -> (App, tempfile::TempDir) {
    let now = f.session.updated;
    let mut app = App::new(f.session, f.path, Lang::Id, Theme { color: true }, now);
    app.view.size = (WIDTH, HEIGHT);
    (app, f._dir)
}

fn bench_screens(c: &mut Criterion, app: &mut App, n: usize) {
    let mut g = group(c, "render_200x60", n);
    let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal");
    for screen in Screen::ALL {
        act(app, Action::Show(screen));
        let name = match screen {
            Screen::Agenda => "agenda",
            Screen::Stage => "stage",
            Screen::Scoring => {
                // The first juror's sheet for the entry on stage (reopened by prepare_live).
                act(app, Action::Select);
                assert!(app.view.scoring.juror.is_some(), "the sheet opens");
                "scoring_sheet"
            }
            Screen::Standings => "standings",
        };
        let app = &*app;
        g.bench_function(format!("{name}/{n}"), |b| {
            b.iter(|| {
                term.draw(|frame| juri::tui::ui::view(&app.desk, &app.view, frame))
                    .map(|_| ())
                    .expect("draw")
            })
        });
    }
    g.finish();
}

/// One value kept on the open sheet (a digit typed, then the key that moves on and saves it:
/// typing alone changes nothing): `update` (the change and its audit event) alone; with
/// what the event loop does after it on the same thread (the event's journal line handed to
/// the writer); and until the writer reports it on disk (appended and synced, on its own
/// thread: what the screen waits for before it says "saved").
fn bench_keystroke(c: &mut Criterion, app: &mut App, n: usize) {
    act(app, Action::Show(Screen::Scoring));
    assert!(app.view.scoring.juror.is_some(), "the sheet is open");
    let mut digit = 0u32;
    // What the previous key left to write (the first key also takes the generated log).
    let mut key = |app: &mut App| -> (u64, Vec<u8>) {
        digit = digit % 9 + 1;
        let ch = char::from_digit(digit, 10).expect("a digit");
        app.view.scoring.row = 0;
        app.view.scoring.buffer = Some(ch.to_string());
        app.view.scoring.error = None;
        journal(act(app, Action::Down)).expect("a valid value kept changes the sheet")
    };
    let writer = store::Writer::start(&app.desk.path, &app.desk.session.log).expect("the writer");
    let mut g = group(c, "keystroke", n);
    // `update` alone (its journal lines taken off the session, as every change's are); the
    // lines go to the writer afterwards, so that the journal stays whole.
    let mut held: (u64, Vec<u8>) = (0, Vec::new());
    g.bench_function(format!("update/{n}"), |b| {
        b.iter(|| {
            let (upto, lines) = key(app);
            held.0 = upto;
            held.1.extend(lines);
        })
    });
    if !held.1.is_empty() {
        writer.append(held.0, held.1);
    }
    g.bench_function(format!("update_and_queue/{n}"), |b| {
        b.iter(|| {
            let (events, lines) = key(app);
            writer.append(events, lines);
        })
    });
    g.bench_function(format!("until_on_disk/{n}"), |b| {
        b.iter(|| {
            let (events, lines) = key(app);
            writer.append(events, lines);
            loop {
                match writer.poll() {
                    Some(store::Written::Journal(k)) if k >= events => break,
                    Some(store::Written::Failed(e)) => panic!("{e}"),
                    Some(_) => {}
                    None => std::thread::yield_now(),
                }
            }
        })
    });
    g.finish();
    drop(writer);
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
        .configure_from_args();
    for n in common::sizes(&[100, 1_000, 10_000]) {
        let f = fixture(n);
        bench_store(&mut c, &f);
        let (mut app, _dir) = app_of(f);
        bench_screens(&mut c, &mut app, n);
        bench_keystroke(&mut c, &mut app, n);
    }
    c.final_summary();
}
