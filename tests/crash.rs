//! "Nothing lost": juri is killed with SIGKILL at random moments, hundreds of times, while scores
//! are imported and typed. After every kill the session file loads, its audit chain verifies
//! (in the library and, every few kills, with the `juri verify` binary), its backup loads and
//! verifies too, every sheet confirmed before the kill is there with exactly its values, and the
//! folder holds nothing but the session, its backup, a lock, and what one interrupted save can
//! leave. The next juri on the file is never blocked by the lock the killed one left.
//!
//! 1. Imports: the demo scores split into one CSV per sheet; `juri import-scores` is started and
//!    killed after a pseudo-random delay (a fixed-seed xorshift, scaled to how long an import
//!    takes on this machine so that kills land before, during and after the save). An import
//!    that exited with success before the kill is confirmed.
//! 2. Typing: `juri open` in a pseudo-terminal of its own; a juror opens a sheet, types values, and
//!    sometimes submits; juri is killed at a random point. A sheet is confirmed once
//!    "submitted and saved" was on the screen.
//!
//! Run with `--nocapture` to see the one-line summary.

#![cfg(unix)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use juri::i18n::{Lang, T};
use juri::model::Session;

use common::BIN;
use common::fixtures::{ENTRIES, JURORS, SCORES};
use common::pty::Pty;

/// Kills of `juri import-scores` (processes that really died of SIGKILL).
const IMPORT_KILLS: usize = 160;
/// Kills of `juri open` while a juror types.
const SCREEN_KILLS: usize = 60;
/// What the requirement asks for in all.
const REQUIRED_KILLS: usize = 200;

const SESSION: &str = "S.json";

// ---------------------------------------------------------------------------------------------
// Shared

/// xorshift64*: the same sequence of choices on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A duration between `lo` and `hi`.
    fn between(&mut self, lo: Duration, hi: Duration) -> Duration {
        let (lo, hi) = (lo.as_micros() as u64, hi.as_micros() as u64);
        Duration::from_micros(lo + self.below(hi.saturating_sub(lo) + 1))
    }
}

/// An (entry, juror) pair: one sheet.
type Key = (String, String);

/// What the test knows about a sheet's content.
#[derive(Debug, Clone, PartialEq)]
struct Marks {
    values: BTreeMap<String, f64>,
    notes: BTreeMap<String, String>,
}

impl Marks {
    fn of(sheet: &juri::model::Sheet) -> Marks {
        Marks {
            values: sheet
                .values
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            notes: sheet.notes.clone(),
        }
    }
}

/// What both parts count, for the summary.
#[derive(Debug, Default)]
struct Tally {
    import_kills: usize,
    screen_kills: usize,
    /// Each confirmed sheet found intact after a kill counts once per kill.
    confirmed_checks: usize,
    /// Sheets confirmed (an import that exited 0, or "submitted and saved" on the screen).
    confirmed_sheets: usize,
    /// `.S.json.tmp-*` / `.S.json.bak-*` files left in the folders at the end.
    tmp_left: usize,
    bak_left: usize,
    /// Times a lock file left by a killed juri was there when the next one started.
    stale_locks: usize,
    binary_verifies: usize,
    /// Runs that started with the session and its backup as one file (a kill between the
    /// backup and the rename) and still left no link.
    stuck_links: usize,
    /// Sheets confirmed on the screen (part of `confirmed_sheets`).
    screen_confirmed: usize,
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// The pid in a temporary name `.S.json.KIND-PID-N`.
fn temp_pid(name: &str, kind: &str) -> Option<u32> {
    let rest = name.strip_prefix(&format!(".{SESSION}.{kind}-"))?;
    // `.NAME.KIND-PID-N-RANDOM`: the counter, then 8 hex digits of randomness.
    let mut parts = rest.split('-');
    let pid = parts.next()?;
    parts.next()?.parse::<u64>().ok()?;
    let salt = parts.next()?;
    if salt.len() != 8 || !salt.bytes().all(|b| b.is_ascii_hexdigit()) || parts.next().is_some() {
        return None;
    }
    pid.parse().ok()
}

fn listing(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// The session folder before a run of juri.
struct Before {
    names: BTreeSet<String>,
    /// The session and its backup are one file (hard links): the last juri was killed after
    /// making the backup and before renaming its new version into place.
    linked: bool,
}

impl Before {
    fn of(dir: &Path) -> Before {
        let path = dir.join(SESSION);
        Before {
            names: listing(dir),
            linked: same_file(&path, &juri::store::bak_path(&path)),
        }
    }
}

/// Checks the session folder after a run of juri with `pid`, `killed` or ended by itself.
/// Returns the names of the temporary files that run left.
fn check_folder(
    dir: &Path,
    before: &Before,
    pid: u32,
    killed: bool,
    what: &str,
    tally: &mut Tally,
) -> Vec<String> {
    let now = listing(dir);
    for name in &now {
        let known = name == SESSION
            || *name == format!("{SESSION}.bak")
            || *name == format!("{SESSION}.lock")
            || *name == format!("{SESSION}.audit.jsonl")
            || temp_pid(name, "tmp").is_some()
            || temp_pid(name, "bak").is_some();
        assert!(
            known,
            "{what}: unexpected file {name:?} in the session folder: {now:?}"
        );
    }
    let new: Vec<String> = now
        .difference(&before.names)
        .filter(|n| temp_pid(n, "tmp").is_some() || temp_pid(n, "bak").is_some())
        .cloned()
        .collect();
    for n in &new {
        let from = temp_pid(n, "tmp").or(temp_pid(n, "bak"));
        assert_eq!(
            from,
            Some(pid),
            "{what}: {n} is not from the juri just run (pid {pid})"
        );
        // A leftover holds scores: it must be as private as the session.
        assert_eq!(mode(&dir.join(n)), 0o600, "{what}: {n} is not private");
    }
    let tmp = new.iter().filter(|n| temp_pid(n, "tmp").is_some()).count();
    let bak: Vec<&String> = new
        .iter()
        .filter(|n| temp_pid(n, "bak").is_some())
        .collect();
    // One interrupted save leaves at most its temporary copy and its backup link.
    let interrupted = usize::from(killed);
    assert!(tmp <= interrupted, "{what}: {tmp} .tmp files left: {new:?}");
    // Also when the session and its backup were one file (a kill between the backup and the
    // rename): the next save's backup rename is then a no-op, and its link must still go.
    assert!(
        bak.len() <= interrupted,
        "{what}: {} .bak- files left: {new:?}",
        bak.len()
    );
    if before.linked {
        tally.stuck_links += 1;
    }
    if !killed {
        assert!(
            !now.contains(&format!("{SESSION}.lock")),
            "{what}: a juri that finished left its lock file"
        );
    }
    new
}

/// Contents (by SHA-256) already loaded and verified: the same bytes give the same answer,
/// so a file a kill left unchanged, or a backup that is an earlier version of the session, is
/// not replayed again (verifying replays the whole audit log, which is slow in a debug build).
type Verified = BTreeSet<String>;

/// Loads and verifies the session at `path` (or, with `backup`, its previous version) with its
/// journal, unless these exact bytes were verified before.
fn load_verified(session: &Path, backup: bool, what: &str, seen: &mut Verified) -> Session {
    let file = if backup {
        juri::store::bak_path(session)
    } else {
        session.to_path_buf()
    };
    let mut bytes = fs::read(&file).unwrap_or_else(|e| panic!("{what}: {}: {e}", file.display()));
    bytes.extend(fs::read(juri::store::journal_path(session)).unwrap_or_default());
    let loaded = if backup {
        juri::store::load_backup(session)
    } else {
        juri::store::load(session)
    };
    let path = &file;
    let s = loaded.unwrap_or_else(|e| {
        panic!(
            "{what}: {} does not load after the kill: {e}",
            path.display()
        )
    });
    assert_eq!(
        mode(path),
        0o600,
        "{what}: {} is not private",
        path.display()
    );
    if seen.insert(juri::model::audit::sha256_hex(&bytes)) {
        let log = juri::store::read_log(session, &s).expect("the journal reads");
        juri::standings::verify::verify(&s, &log).unwrap_or_else(|e| {
            panic!(
                "{what}: {} does not verify after the kill: {e}",
                path.display()
            )
        });
    }
    s
}

/// Loads the session and its backup, verifies both, and returns the session.
fn load_and_verify(path: &Path, what: &str, seen: &mut Verified) -> Session {
    let s = load_verified(path, false, what, seen);
    if juri::store::read_bak(path).is_some() {
        load_verified(path, true, what, seen);
    }
    s
}

/// Runs the `juri verify` binary: exit 0, and the fingerprint of `s`.
fn binary_verify(path: &Path, s: &Session, what: &str) {
    let o = Command::new(BIN)
        .arg("verify")
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .expect("run juri verify");
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(o.status.success(), "{what}: juri verify failed: {out}{err}");
    let fp = juri::standings::verify::fingerprint(s);
    assert!(
        out.contains(" verified: ") && out.contains(&format!("fingerprint {fp}\n")),
        "{what}: juri verify printed {out}"
    );
}

/// The data folder (`JURI_HOME`) for a session folder: beside it, so that the session folder
/// holds only what juri writes for the session.
fn home_of(folder: &Path) -> PathBuf {
    folder.with_file_name("home")
}

/// `juri new S.json` in `dir` from the demo entries and jurors (kipp rubric).
fn juri_new(dir: &Path) -> PathBuf {
    let o = Command::new(BIN)
        .args(["new", SESSION, "--preset", "kipp"])
        .args(["--entries", ENTRIES, "--jurors", JURORS])
        .current_dir(dir)
        .env("JURI_HOME", home_of(dir))
        .stdin(Stdio::null())
        .output()
        .expect("run juri new");
    assert!(
        o.status.success(),
        "juri new: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    dir.join(SESSION)
}

// ---------------------------------------------------------------------------------------------
// 1. Imports

/// One sheet of the demo scores: its CSV rows (entry, juror, criterion, score, note).
struct DemoSheet {
    key: Key,
    rows: Vec<[String; 5]>,
}

fn demo_sheets() -> Vec<DemoSheet> {
    let mut r = csv::Reader::from_path(SCORES).unwrap();
    let mut sheets: Vec<DemoSheet> = Vec::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        let row: [String; 5] = std::array::from_fn(|i| rec.get(i).unwrap_or("").to_string());
        let key = (row[0].clone(), row[1].clone());
        match sheets.iter_mut().find(|s| s.key == key) {
            Some(s) => s.rows.push(row),
            None => sheets.push(DemoSheet {
                key,
                rows: vec![row],
            }),
        }
    }
    sheets
}

/// The sheet's CSV for round `round`: the demo values in round 0, then other valid values
/// (imported with `--replace`). Returns the file and what the sheet holds once it is imported.
fn sheet_csv(dir: &Path, sheet: &DemoSheet, round: u64) -> (PathBuf, Marks) {
    let path = dir.join(format!("{}-{}-r{round}.csv", sheet.key.0, sheet.key.1));
    let mut marks = Marks {
        values: BTreeMap::new(),
        notes: BTreeMap::new(),
    };
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(["entry", "juror", "criterion", "score", "note"])
        .unwrap();
    for row in &sheet.rows {
        let v: u64 = row[3].parse().expect("demo scores are whole numbers");
        let v = (v + 13 * round) % 101;
        marks.values.insert(row[2].clone(), v as f64);
        if !row[4].is_empty() {
            marks.notes.insert(row[2].clone(), row[4].clone());
        }
        let score = v.to_string();
        w.write_record([&row[0], &row[1], &row[2], &score, &row[4]])
            .unwrap();
    }
    w.flush().unwrap();
    (path, marks)
}

/// How one run of `juri import-scores` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// Exited 0 by itself: its sheet is confirmed.
    Done,
    Killed,
}

/// Starts `cmd`, kills it with SIGKILL after `delay` unless it ended first.
fn run_and_kill(mut cmd: Command, delay: Duration) -> (Ending, Output, Duration, u32) {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start juri");
    let pid = child.id();
    let mut exited = false;
    while start.elapsed() < delay {
        if child.try_wait().unwrap().is_some() {
            exited = true;
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let took = start.elapsed();
    if !exited {
        // SIGKILL on Unix; an error only means it has just exited.
        let _ = child.kill();
    }
    let out = child.wait_with_output().unwrap();
    let ending = if out.status.signal() == Some(9) {
        Ending::Killed
    } else if out.status.success() {
        Ending::Done
    } else {
        panic!(
            "juri import-scores failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    (ending, out, took, pid)
}

fn median(xs: &[Duration]) -> Option<Duration> {
    let mut v: Vec<Duration> = xs.iter().rev().take(7).copied().collect();
    v.sort();
    v.get(v.len() / 2).copied()
}

/// Sheets per session file, and imports of each (the demo values, then other values with
/// `--replace`). A fresh session after that keeps the files, and the imports, small.
const SHEETS_PER_SESSION: usize = 15;
const ROUNDS_PER_SESSION: usize = 3;

/// What the import part counts.
#[derive(Debug, Default)]
struct Imports {
    runs: usize,
    done: usize,
    /// Kills that changed nothing / left a temporary file / came after the rename.
    before_write: usize,
    during_write: usize,
    after_rename: usize,
    durations: Vec<Duration>,
    /// Where most kills are aimed: moves towards the moment of the save.
    aim: Duration,
}

fn kill_imports(rng: &mut Rng, tally: &mut Tally) {
    let dir = tempfile::tempdir().unwrap();
    let sheets_dir = dir.path().join("sheets");
    fs::create_dir_all(&sheets_dir).unwrap();
    let sheets = demo_sheets();
    assert!(sheets.len() >= 50, "{} demo sheets", sheets.len());
    let mut im = Imports {
        aim: Duration::from_millis(15),
        ..Imports::default()
    };
    let mut sessions = 0;
    while tally.import_kills < IMPORT_KILLS {
        let first = sessions * SHEETS_PER_SESSION;
        sessions += 1;
        let folder = dir.path().join(format!("session-{sessions}"));
        fs::create_dir_all(&folder).unwrap();
        let chosen: Vec<&DemoSheet> = (first..first + SHEETS_PER_SESSION)
            .map(|i| &sheets[i % sheets.len()])
            .collect();
        import_session(rng, tally, &mut im, &folder, &sheets_dir, &chosen);
    }
    eprintln!(
        "imports: {} runs in {sessions} session files, {} killed ({} before the save wrote \
         anything, {} during the save, {} after the rename), {} finished; typical import \
         {:.1?}, kills aimed at {:.1?}",
        im.runs,
        tally.import_kills,
        im.before_write,
        im.during_write,
        im.after_rename,
        im.done,
        median(&im.durations).unwrap_or_default(),
        im.aim
    );
    assert!(im.done > 0, "no import finished: nothing was confirmed");
    assert!(
        im.during_write + im.after_rename > 0,
        "no kill landed during a save ({} before, {} finished)",
        im.before_write,
        im.done
    );
}

/// Imports `chosen` into a fresh session, `ROUNDS_PER_SESSION` times each, killing juri at
/// random moments, until every import is in or enough kills were made.
fn import_session(
    rng: &mut Rng,
    tally: &mut Tally,
    im: &mut Imports,
    folder: &Path,
    sheets_dir: &Path,
    chosen: &[&DemoSheet],
) {
    let path = juri_new(folder);
    // What the file must hold: every sheet confirmed, or seen in the file after a kill.
    let mut expect: BTreeMap<Key, Marks> = BTreeMap::new();
    let mut confirmed: BTreeSet<Key> = BTreeSet::new();
    let mut verified = Verified::new();
    let mut job = 0usize;
    while job < chosen.len() * ROUNDS_PER_SESSION && tally.import_kills < IMPORT_KILLS {
        im.runs += 1;
        assert!(
            im.runs < IMPORT_KILLS * 4,
            "{} imports for {} kills: the delays do not reach the imports",
            im.runs,
            tally.import_kills
        );
        let sheet = chosen[job % chosen.len()];
        let round = (job / chosen.len()) as u64;
        let (csv, marks) = sheet_csv(sheets_dir, sheet, round);
        let what = format!(
            "import {} ({}/{} round {round})",
            im.runs, sheet.key.0, sheet.key.1
        );

        // Delays scaled to a recent import on this machine: some kill it while it starts or
        // works, most near `aim` (where the save happens), some after it is likely done.
        let typical = median(&im.durations).unwrap_or(Duration::from_millis(20));
        let aim = im.aim;
        let delay = match rng.below(100) {
            0..10 => rng.between(Duration::ZERO, typical / 4),
            10..30 => rng.between(typical / 4, typical),
            30..85 => rng.between(aim.saturating_sub(typical / 8), aim + typical / 8),
            _ => rng.between(typical, typical * 3 / 2),
        };

        let before_bytes = fs::read(&path).unwrap();
        let before = Before::of(folder);
        if before.names.contains(&format!("{SESSION}.lock")) {
            tally.stale_locks += 1;
        }
        let mut cmd = Command::new(BIN);
        cmd.arg("import-scores")
            .arg(&path)
            .arg(&csv)
            .current_dir(folder)
            .env("JURI_HOME", home_of(folder));
        if expect.contains_key(&sheet.key) {
            cmd.arg("--replace");
        }
        let (ending, out, took, pid) = run_and_kill(cmd, delay);

        let left = match ending {
            Ending::Done => {
                im.durations.push(took);
                im.done += 1;
                let text = String::from_utf8_lossy(&out.stdout);
                assert!(text.starts_with("imported "), "{what}: {text}");
                // Confirmed: it must be in the file from now on, exactly so.
                expect.insert(sheet.key.clone(), marks.clone());
                confirmed.insert(sheet.key.clone());
                check_folder(folder, &before, pid, false, &what, tally)
            }
            Ending::Killed => {
                tally.import_kills += 1;
                check_folder(folder, &before, pid, true, &what, tally)
            }
        };

        let s = load_and_verify(&path, &what, &mut verified);
        let changed = fs::read(&path).unwrap() != before_bytes;
        // Every sheet in the file is one the test knows, or the one being imported.
        let mut landed = false;
        for sh in &s.scores {
            let key = (sh.entry.to_string(), sh.juror.to_string());
            let got = Marks::of(sh);
            if expect.get(&key) != Some(&got) {
                assert!(
                    key == sheet.key && got == marks,
                    "{what}: the file has {key:?} = {got:?}, expected {:?} (or the import's {marks:?})",
                    expect.get(&key)
                );
                landed = true;
            }
            assert_eq!(
                sh.is_submitted(),
                got.values.len() == s.rubric.criteria.len(),
                "{what}: {key:?} is submitted exactly when complete"
            );
        }
        // Nothing confirmed (or seen before) is missing; only the import may have replaced
        // its own sheet (checked above).
        for (key, m) in &expect {
            let sh = s.sheet(&key.0, &key.1).unwrap_or_else(|| {
                panic!("{what}: the sheet {key:?} ({m:?}) is gone from the file")
            });
            if !(landed && *key == sheet.key) {
                assert_eq!(&Marks::of(sh), m, "{what}: {key:?}");
            }
        }
        tally.confirmed_checks += confirmed.len();

        // `aim` moves towards the moment of the save: later after a kill that came before
        // it, earlier after one that came after it (or an import that finished).
        let step = typical / 25;
        if ending == Ending::Killed {
            if changed {
                assert!(landed, "{what}: the file changed but not to the import");
                im.after_rename += 1;
                im.aim = im.aim.saturating_sub(step);
            } else if !left.is_empty() {
                im.during_write += 1;
            } else {
                im.before_write += 1;
                im.aim = (im.aim + step).min(typical * 2);
            }
        } else {
            im.aim = im.aim.saturating_sub(step);
        }
        if landed || ending == Ending::Done {
            // In the file now: later kills must not take it away.
            expect.insert(sheet.key.clone(), marks);
            job += 1;
        }
        if im.runs.is_multiple_of(10) {
            binary_verify(&path, &s, &what);
            tally.binary_verifies += 1;
        }
    }
    finish_folder(folder, &path, tally);
    tally.confirmed_sheets += confirmed.len();
}

/// At the end of a session file: the command line reads it with the leftovers beside it, which
/// are counted.
fn finish_folder(folder: &Path, path: &Path, tally: &mut Tally) {
    let o = Command::new(BIN)
        .arg("validate")
        .arg(path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let names = listing(folder);
    tally.tmp_left += names
        .iter()
        .filter(|n| temp_pid(n, "tmp").is_some())
        .count();
    tally.bak_left += names
        .iter()
        .filter(|n| temp_pid(n, "bak").is_some())
        .count();
}

// ---------------------------------------------------------------------------------------------
// 2. Typing in the screens

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

const WAIT: Duration = Duration::from_secs(10);

/// juri in a terminal of its own (tests/common/pty.rs), started again after each kill.
struct Screen {
    pty: Option<Pty>,
}

impl Screen {
    fn start(&mut self, home: &Path, path: &Path) -> u32 {
        let args = ["open", path_str(path), "--lang", "en"];
        let pty = Pty::spawn(BIN, &args, &[("JURI_HOME", path_str(home))], 100, 30);
        let pid = pty.pid();
        self.pty = Some(pty);
        pid
    }

    fn pty(&mut self) -> &mut Pty {
        self.pty.as_mut().expect("juri was started")
    }

    fn screen(&mut self) -> String {
        self.pty().screen()
    }

    fn send(&mut self, keys: &[&str]) {
        self.pty().send(keys);
    }

    /// Polls the screen until `done`; fails with the screen if juri dies or time runs out.
    fn wait(&mut self, what: &str, done: impl Fn(&str) -> bool) -> String {
        self.pty().wait_until(what, WAIT, done)
    }

    fn wait_for(&mut self, text: &str) -> String {
        self.wait(&format!("{text:?}"), |s| s.contains(text))
    }
}

/// The sheet a round works on: the first juror without a conflict and without a submitted
/// sheet, for the entry on stage or the next entry that has one.
fn next_sheet(s: &Session) -> Option<(usize, usize)> {
    let from = s
        .current
        .as_ref()
        .and_then(|c| s.entries.iter().position(|e| &e.id == c))
        .unwrap_or(0);
    (from..s.entries.len()).find_map(|e| free_juror(s, e, 0).map(|j| (e, j)))
}

/// The first juror at or after `from` who may still score entry `e`.
fn free_juror(s: &Session, e: usize, from: usize) -> Option<usize> {
    let entry = &s.entries[e].id;
    (from..s.jurors.len()).find(|&j| {
        let id = &s.jurors[j].id;
        !s.conflicted(id, entry) && s.sheet(entry, id).is_none_or(|sh| !sh.is_submitted())
    })
}

/// Keys that type `values` into the first criteria of a sheet, moving down after each.
fn typing_keys(values: &[u32]) -> Vec<String> {
    let mut keys = Vec::new();
    for v in values {
        keys.extend(v.to_string().chars().map(String::from));
        keys.push("Down".into());
    }
    keys
}

/// Every value the screen may have saved while `v` was typed digit by digit: 85 -> 8, 85.
fn prefixes(v: u32) -> Vec<f64> {
    let t = v.to_string();
    (1..=t.len())
        .map(|n| t[..n].parse::<f64>().unwrap())
        .collect()
}

struct Screens {
    path: PathBuf,
    criteria: Vec<String>,
    /// Sheets seen "submitted and saved", with their values.
    confirmed: BTreeMap<Key, juri::model::Values>,
    /// The last full set of values typed for a sheet before it was submitted.
    submitted_typed: BTreeMap<Key, juri::model::Values>,
    /// Every value a sheet's criterion may hold from the typing.
    allowed: BTreeMap<Key, BTreeMap<String, BTreeSet<u64>>>,
    verified: Verified,
}

impl Screens {
    fn allow(&mut self, key: &Key, values: &[u32]) {
        let a = self.allowed.entry(key.clone()).or_default();
        for (c, v) in self.criteria.iter().zip(values) {
            a.entry(c.clone())
                .or_default()
                .extend(prefixes(*v).into_iter().map(f64::to_bits));
        }
    }

    fn full(&self, values: &[u32]) -> juri::model::Values {
        self.criteria
            .iter()
            .zip(values)
            .map(|(c, v)| (c.clone(), f64::from(*v)))
            .collect()
    }

    /// After a kill: the file loads and verifies, every confirmed sheet is there, submitted,
    /// with its values, and no value is one that was never typed.
    fn check(&mut self, what: &str, tally: &mut Tally) -> Session {
        let s = load_and_verify(&self.path, what, &mut self.verified);
        for (key, values) in &self.confirmed {
            let sh = s.sheet(&key.0, &key.1).unwrap_or_else(|| {
                panic!("{what}: the confirmed sheet {key:?} is gone from the file")
            });
            assert!(
                sh.is_submitted(),
                "{what}: {key:?} is not submitted: {sh:?}"
            );
            assert_eq!(&sh.values, values, "{what}: the values of {key:?}");
        }
        tally.confirmed_checks += self.confirmed.len();
        for sh in &s.scores {
            let key = (sh.entry.to_string(), sh.juror.to_string());
            if sh.is_submitted() {
                assert_eq!(
                    Some(&sh.values),
                    self.submitted_typed.get(&key),
                    "{what}: submitted {key:?} holds other values than were typed"
                );
            }
            let allowed = self
                .allowed
                .get(&key)
                .unwrap_or_else(|| panic!("{what}: {key:?} was never typed: {sh:?}"));
            for (c, v) in &sh.values {
                assert!(
                    allowed.get(c).is_some_and(|a| a.contains(&v.to_bits())),
                    "{what}: {key:?} {c} = {v} was never typed"
                );
            }
        }
        s
    }
}

/// Rounds (one kill each) per session file: every typed digit is a saved event, and a fresh
/// file every so often keeps the saves, and the test, quick.
const ROUNDS_PER_SCREEN_SESSION: usize = 15;

/// juri's terminal and what the screen part counts.
struct ScreenRun {
    t: Screen,
    /// Rounds killed while typing / just after "y" / after a confirmed submit.
    modes: [usize; 3],
    round: usize,
}

fn kill_screens(rng: &mut Rng, tally: &mut Tally) {
    let dir = tempfile::tempdir().unwrap();
    let mut run = ScreenRun {
        t: Screen { pty: None },
        modes: [0; 3],
        round: 0,
    };
    let mut sessions = 0;
    while tally.screen_kills < SCREEN_KILLS {
        sessions += 1;
        let folder = dir.path().join(format!("session-{sessions}"));
        fs::create_dir_all(&folder).unwrap();
        screen_session(rng, tally, &mut run, &folder);
    }
    eprintln!(
        "screens: {} kills in {sessions} session files ({} while typing, {} just after \
         submitting, {} after a confirmed submit)",
        tally.screen_kills, run.modes[0], run.modes[1], run.modes[2],
    );
}

/// Rounds on one fresh session file: start juri, score, kill, check.
fn screen_session(rng: &mut Rng, tally: &mut Tally, run: &mut ScreenRun, folder: &Path) {
    let path = juri_new(folder);
    let s0 = juri::store::load(&path).unwrap();
    let mut st = Screens {
        path: path.clone(),
        criteria: s0.rubric.criteria.iter().map(|c| c.id.clone()).collect(),
        confirmed: BTreeMap::new(),
        submitted_typed: BTreeMap::new(),
        allowed: BTreeMap::new(),
        verified: Verified::new(),
    };
    let n = st.criteria.len();
    let home = home_of(folder);
    let t = &mut run.t;
    let modes = &mut run.modes;

    for _ in 0..ROUNDS_PER_SCREEN_SESSION {
        if tally.screen_kills >= SCREEN_KILLS {
            break;
        }
        run.round += 1;
        let round = run.round;
        let what = format!("screen round {round}");
        if folder.join(format!("{SESSION}.lock")).exists() {
            tally.stale_locks += 1;
        }
        // Every temporary file this juri leaves behind is new against this listing.
        let before = Before::of(folder);
        let pid = t.start(&home, &path);
        t.wait(&format!("{what}: the agenda"), |s| s.contains("[1 Agenda]"));
        let s = juri::store::load(&path).unwrap();
        let (e, j) = next_sheet(&s).expect("a sheet left to score");
        let entry = s.entries[e].id.clone();
        if s.current.as_deref() != Some(entry.as_str()) {
            // The agenda: to the top, down to the entry, put it on stage.
            let mut keys = vec!["g".to_string()];
            keys.extend(std::iter::repeat_n("j".to_string(), e));
            keys.push("Enter".into());
            t.send(&keys.iter().map(String::as_str).collect::<Vec<_>>());
            t.wait(&format!("{what}: {entry} on stage"), |s| {
                s.contains("[2 Stage]") && s.contains(&format!("{entry} · "))
            });
        }
        t.send(&["3"]);
        t.wait(&format!("{what}: choose a juror for {entry}"), |s| {
            s.contains("Who is scoring") && s.contains(&format!("Scoring · {entry} "))
        });
        let open = |t: &mut Screen, from: usize, j: usize| {
            let mut keys: Vec<&str> = vec!["j"; j - from];
            keys.push("Enter");
            t.send(&keys);
        };
        open(t, 0, j);
        let juror = s.jurors[j].clone();
        t.wait_for(&T::SheetOf.fill(Lang::En, &[&juror.name, ""]));
        let key = (entry.clone(), juror.id.clone());
        let values: Vec<u32> = (0..n).map(|_| rng.below(101) as u32).collect();
        st.allow(&key, &values);
        let ok_text = T::SubmittedOk.fill(Lang::En, &[&juror.name]);
        let question = format!("Submit the sheet of {}", juror.name);
        let mut all = typing_keys(&values);
        all.push("S".into());
        let all: Vec<&str> = all.iter().map(String::as_str).collect();

        let mode = rng.below(100);
        let mut raced = false;
        if mode < 45 {
            // Killed while typing: some values, maybe not all saved yet.
            modes[0] += 1;
            let k = 1 + rng.below(n as u64) as usize;
            let keys = typing_keys(&values[..k]);
            t.send(&keys.iter().map(String::as_str).collect::<Vec<_>>());
            std::thread::sleep(rng.between(Duration::ZERO, Duration::from_millis(8 * k as u64)));
        } else if mode < 65 {
            // Killed just after "y": the submit may or may not be on disk.
            modes[1] += 1;
            t.send(&all);
            t.wait_for(&question);
            st.submitted_typed.insert(key.clone(), st.full(&values));
            t.send(&["y"]);
            std::thread::sleep(rng.between(Duration::ZERO, Duration::from_millis(25)));
            raced = true;
        } else {
            // Submitted and confirmed on screen, then killed while the next juror types.
            modes[2] += 1;
            t.send(&all);
            t.wait_for(&question);
            st.submitted_typed.insert(key.clone(), st.full(&values));
            t.send(&["y"]);
            t.wait_for(&ok_text);
            st.confirmed.insert(key.clone(), st.full(&values));
            let s_now = juri::store::load(&path).unwrap();
            match free_juror(&s_now, e, j + 1) {
                Some(j2) => {
                    let key2 = (entry.clone(), s.jurors[j2].id.clone());
                    let more: Vec<u32> = (0..1 + rng.below(n as u64))
                        .map(|_| rng.below(101) as u32)
                        .collect();
                    st.allow(&key2, &more);
                    // Pass the keyboard on, open the next juror (the picker is already on
                    // the next one still to score), type.
                    t.send(&["Enter"]);
                    open(t, j2, j2);
                    let keys = typing_keys(&more);
                    t.send(&keys.iter().map(String::as_str).collect::<Vec<_>>());
                    std::thread::sleep(rng.between(Duration::ZERO, Duration::from_millis(40)));
                }
                None => std::thread::sleep(rng.between(Duration::ZERO, Duration::from_millis(10))),
            }
        }

        t.pty().kill_9();
        tally.screen_kills += 1;
        if raced && t.screen().contains(&ok_text) {
            // The screen said so before juri died: confirmed.
            st.confirmed.insert(key.clone(), st.full(&values));
        }
        let _ = check_folder(folder, &before, pid, true, &what, tally);
        let s = st.check(&what, tally);
        if round.is_multiple_of(5) {
            binary_verify(&path, &s, &what);
            tally.binary_verifies += 1;
        }
    }
    finish_folder(folder, &path, tally);
    tally.confirmed_sheets += st.confirmed.len();
    tally.screen_confirmed += st.confirmed.len();
}

// ---------------------------------------------------------------------------------------------
// The tests

#[test]
fn sigkill_at_random_moments_loses_nothing_confirmed() {
    let started = Instant::now();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut tally = Tally::default();
    kill_imports(&mut rng, &mut tally);
    let imports_took = started.elapsed();
    kill_screens(&mut rng, &mut tally);
    assert!(
        tally.screen_confirmed > 0,
        "no sheet was confirmed on the screen"
    );
    let kills = tally.import_kills + tally.screen_kills;
    eprintln!(
        "crash summary: {kills} SIGKILLs ({} imports in {:.1?}, {} screens in {:.1?}); \
         {} confirmed sheets, checked {} times; {} temp files left ({} .tmp, {} .bak-), \
         ignored by the loader; {} runs started from a session linked to its backup and \
         left no link; {} stale locks taken over; {} `juri verify` runs",
        tally.import_kills,
        imports_took,
        tally.screen_kills,
        started.elapsed() - imports_took,
        tally.confirmed_sheets,
        tally.confirmed_checks,
        tally.tmp_left + tally.bak_left,
        tally.tmp_left,
        tally.bak_left,
        tally.stuck_links,
        tally.stale_locks,
        tally.binary_verifies
    );
    assert!(kills >= REQUIRED_KILLS, "only {kills} kills");
}

/// A killed juri leaves `.S.json.tmp-PID-0` (counted above). When a later juri gets the same
/// pid (pids are reused), its first save wants that very name and fails.
#[test]
fn a_temp_file_left_by_a_killed_juri_does_not_block_a_later_save() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("session");
    fs::create_dir_all(&dir).unwrap();
    let path = juri_new(&dir);
    let sheet = &demo_sheets()[0];
    let (csv, marks) = sheet_csv(&dir, sheet, 0);
    // `exec` keeps the shell's pid: juri runs with the pid whose leftover is in the folder, as
    // when the pid of a killed juri is given to a new process.
    let script = format!(
        "printf '{{\"schema_version\": 1,' > .{SESSION}.tmp-$$-0 && exec {} import-scores {SESSION} {}",
        sh_quote(BIN),
        sh_quote(path_str(&csv))
    );
    let o = Command::new("/bin/sh")
        .args(["-c", &script])
        .current_dir(&dir)
        .env("JURI_HOME", home_of(&dir))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "the import failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let s = juri::store::load(&path).unwrap();
    let sh = s.sheet(&sheet.key.0, &sheet.key.1).expect("the sheet");
    assert_eq!(Marks::of(sh), marks);
}

/// A juri killed after its backup step and before its final rename leaves the session and
/// `S.json.bak` as one file (two hard links). The next save links the session to
/// `.S.json.bak-PID-N` and renames that over `S.json.bak`: the same file, so `rename` does
/// nothing and succeeds; the save must still leave no link behind.
#[test]
fn a_save_after_a_kill_between_backup_and_rename_leaves_no_link() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("session");
    fs::create_dir_all(&dir).unwrap();
    let path = juri_new(&dir);
    let sheets = demo_sheets();
    let import = |csv: &Path| {
        let o = Command::new(BIN)
            .arg("import-scores")
            .arg(&path)
            .arg(csv)
            .env("JURI_HOME", home_of(&dir))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let (first, _) = sheet_csv(&dir, &sheets[0], 0);
    import(&first);
    // What the kill leaves: the backup made (a link to the session), the rename not done.
    let bak = juri::store::bak_path(&path);
    fs::remove_file(&bak).unwrap();
    fs::hard_link(&path, &bak).unwrap();
    let before = fs::read(&path).unwrap();

    let (second, _) = sheet_csv(&dir, &sheets[1], 0);
    import(&second);
    assert_eq!(
        fs::read(&bak).unwrap(),
        before,
        "the backup is the previous version"
    );
    let left: Vec<String> = listing(&dir)
        .into_iter()
        .filter(|n| temp_pid(n, "bak").is_some() || temp_pid(n, "tmp").is_some())
        .collect();
    assert!(left.is_empty(), "a save that succeeded left {left:?}");
}

/// Killed juris leave their temporary copies behind (57 MB after 140 kills of a large
/// session). The next save that succeeds removes those of this session whose process is gone,
/// and leaves alone those of a live process and of other sessions.
#[test]
fn temp_files_left_by_killed_juris_go_at_the_next_save() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("session");
    fs::create_dir_all(&dir).unwrap();
    let path = juri_new(&dir);
    // A pid that is gone: a process that has finished.
    let mut gone = Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let copy = fs::read(&path).unwrap();
    let stale = [
        format!(".{SESSION}.tmp-{dead}-0-0123abcd"),
        format!(".{SESSION}.tmp-{dead}-7-89abcdef"),
        format!(".{SESSION}.bak-{dead}-3-deadbeef"),
    ];
    let kept = [
        // pid 1 is alive: never taken for a leftover.
        format!(".{SESSION}.tmp-1-0-0123abcd"),
        format!(".other.json.tmp-{dead}-0-0123abcd"),
        format!("{SESSION}.tmp-{dead}-0-0123abcd"),
        format!(".{SESSION}.tmp-x{dead}-0-0123abcd"),
    ];
    for n in stale.iter().chain(&kept) {
        fs::write(dir.join(n), &copy).unwrap();
    }
    let (csv, _) = sheet_csv(&dir, &demo_sheets()[0], 0);
    let o = Command::new(BIN)
        .arg("import-scores")
        .arg(&path)
        .arg(&csv)
        .env("JURI_HOME", home_of(&dir))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let now = listing(&dir);
    for n in &stale {
        assert!(!now.contains(n), "{n} is still there: {now:?}");
    }
    for n in &kept {
        assert!(now.contains(n), "{n} was removed: {now:?}");
    }
}
