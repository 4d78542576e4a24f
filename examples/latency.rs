//! End-to-end key latency of the real `juri` binary in a pseudo-terminal, next to two floors.
//!
//! ```sh
//! cargo build --release --bins --examples     # juri and minimal_ratatui, optimized
//! cargo run --release --example latency       # 1,000 and 10,000 entries (about 3 minutes)
//! cargo run --release --example latency -- 1000 --keys 60
//! ```
//!
//! For each size a fully scored session (15 jurors, `juri::gen::generate` then `prepare_live`)
//! is saved into a temporary `JURI_HOME`, and `juri --lang en open FILE` runs in a 120x40
//! pseudo-terminal. A key's latency is the time from writing its bytes to the master side of
//! the terminal to the first byte of the screen's answer read back from it (a reader thread
//! stamps every read with `Instant::now()`); the next key is sent once the output has been
//! quiet for a moment; the time to the last byte before that quiet is reported too ("settled":
//! the screen as it ends up, e.g. "saved" once the journal has the change, or a new ranking).
//! Keys: Agenda `j`/`k`; Stage `Space` (start/pause: a change); the Scoring sheet digits and
//! `↓`/`↑` (which keep the value typed: a change); Standings `j`/`k` and `m` (another method, ranked on juri's ranking
//! thread). The generated files are synced before juri starts.
//!
//! The two floors are measured the same way in the same run:
//! - `cat` in raw mode (`stty raw -echo; exec cat`): the pseudo-terminal path itself;
//! - `examples/minimal_ratatui.rs`: ratatui + crossterm drawing one paragraph per key.
//!
//! Also printed: time from spawn to the first frame, peak memory (VmHWM from
//! /proc/PID/status just before the process is stopped) and idle CPU (CPU time of all the
//! process's threads, from /proc/PID/task/*/schedstat, over 3 s with no key, as a percentage
//! of one core; /proc/PID/stat utime+stime counts only whole 10 ms ticks and is shown too),
//! once on the Agenda with no clock running, with the window kept clear of juri's once-a-minute
//! redraw, and once on the Stage with the clock running (a redraw every second), after juri has
//! had time to write its session file again.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const COLS: u16 = 120;
const ROWS: u16 = 40;
/// Output quiet for this long means the answer to a key is complete.
const SETTLE: Duration = Duration::from_millis(40);
/// The longest a key may take before the run gives up on it.
const KEY_TIMEOUT: Duration = Duration::from_secs(120);
const IDLE: Duration = Duration::from_secs(3);
/// Longer than juri waits, after a change, before it writes its session file again.
const FILE_WRITTEN: Duration = Duration::from_secs(8);

const DOWN: &[u8] = b"\x1b[B";
const UP: &[u8] = b"\x1b[A";
const ENTER: &[u8] = b"\r";
const ESC: &[u8] = b"\x1b";

/// Everything read from the terminal, with the time each read returned.
#[derive(Default)]
struct Log {
    chunks: Vec<(Instant, usize)>,
    bytes: Vec<u8>,
    closed: bool,
}

struct Term {
    name: String,
    child: Box<dyn Child + Send + Sync>,
    pid: u32,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    log: Arc<(Mutex<Log>, Condvar)>,
    spawned: Instant,
    /// For each key pressed, the time to the last byte of its answer.
    done: Vec<Duration>,
}

impl Term {
    fn spawn(name: &str, cmd: CommandBuilder) -> Term {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut reader = pair
            .master
            .try_clone_reader()
            .expect("the terminal's reader");
        let writer = pair.master.take_writer().expect("the terminal's writer");
        let log: Arc<(Mutex<Log>, Condvar)> = Arc::default();
        let spawned = Instant::now();
        let child = pair
            .slave
            .spawn_command(cmd)
            .expect("spawn in the terminal");
        drop(pair.slave);
        let pid = child.process_id().expect("a process id");
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            loop {
                let n = reader.read(&mut buf).unwrap_or(0);
                let at = Instant::now();
                let (lock, cv) = &*sink;
                let mut l = lock.lock().expect("log lock");
                if n == 0 {
                    l.closed = true;
                    cv.notify_all();
                    return;
                }
                l.chunks.push((at, n));
                l.bytes.extend_from_slice(&buf[..n]);
                cv.notify_all();
            }
        });
        Term {
            name: name.into(),
            child,
            pid,
            _master: pair.master,
            writer,
            log,
            spawned,
            done: Vec::new(),
        }
    }

    fn chunks(&self) -> usize {
        self.log.0.lock().expect("log lock").chunks.len()
    }

    /// Waits until `done` holds for the log, or `timeout`; returns whether it held.
    fn wait_for(&self, timeout: Duration, mut done: impl FnMut(&Log) -> bool) -> bool {
        let (lock, cv) = &*self.log;
        let end = Instant::now() + timeout;
        let mut l = lock.lock().expect("log lock");
        loop {
            if done(&l) {
                return true;
            }
            let now = Instant::now();
            if now >= end || l.closed {
                return false;
            }
            l = cv.wait_timeout(l, end - now).expect("log lock").0;
        }
    }

    /// Waits until no output has come for `SETTLE`.
    fn settle(&self) {
        loop {
            let seen = self.chunks();
            std::thread::sleep(SETTLE);
            if self.chunks() == seen {
                return;
            }
        }
    }

    /// The time from spawning to the first output that contains `marker`.
    fn first_frame(&self, marker: &str, timeout: Duration) -> Option<Duration> {
        let m = marker.as_bytes();
        let mut at = None;
        self.wait_for(timeout, |l| {
            // The chunk in which the marker is complete.
            let mut end = 0;
            for (t, n) in &l.chunks {
                end += n;
                if l.bytes[..end].windows(m.len()).any(|w| w == m) {
                    at = Some(*t);
                    return true;
                }
            }
            false
        });
        at.map(|t| t - self.spawned)
    }

    fn send(&mut self, key: &[u8]) {
        self.writer.write_all(key).expect("write to the terminal");
        self.writer.flush().expect("flush the terminal");
    }

    /// Sends `key` and returns the time to the first byte of the answer, after which the
    /// output is left to settle.
    /// The output must have settled before (it has after `press`, `first_frame` + `settle`).
    fn press(&mut self, key: &[u8]) -> Duration {
        let before = self.chunks();
        let t0 = Instant::now();
        self.send(key);
        let mut first = None;
        let answered = self.wait_for(KEY_TIMEOUT, |l| {
            first = l.chunks.get(before).map(|c| c.0);
            first.is_some()
        });
        assert!(
            answered,
            "{}: no answer to key {key:?} within {KEY_TIMEOUT:?}",
            self.name
        );
        let latency = first.expect("an answer") - t0;
        self.settle();
        // The last byte of the answer: the screen as it ends up (a ranking that arrives after
        // the first frame, a clock that starts).
        let done = {
            let l = self.log.0.lock().expect("log lock");
            l.chunks.last().map_or(latency, |c| c.0 - t0)
        };
        self.done.push(done);
        latency
    }

    /// Sends `key` and waits for the answer without recording it (moving between screens).
    fn go(&mut self, key: &[u8]) {
        let _ = self.press(key);
    }

    fn peak_kb(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid)).ok()?;
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }

    /// CPU time of every thread of the process, in nanoseconds.
    fn cpu_ns(&self) -> Option<u64> {
        let tasks = std::fs::read_dir(format!("/proc/{}/task", self.pid)).ok()?;
        let mut sum = 0;
        for t in tasks.flatten() {
            let s = std::fs::read_to_string(t.path().join("schedstat")).ok()?;
            sum += s.split_whitespace().next()?.parse::<u64>().ok()?;
        }
        Some(sum)
    }

    /// utime + stime from /proc/PID/stat, in clock ticks (1/100 s).
    fn cpu_ticks(&self) -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid)).ok()?;
        let rest = &stat[stat.rfind(')')? + 2..];
        let f: Vec<&str> = rest.split_whitespace().collect();
        Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
    }

    /// CPU use over `IDLE` with no key, in percent of one core: (schedstat, stat ticks).
    fn idle_cpu(&mut self) -> (Option<f64>, Option<f64>) {
        self.settle();
        // juri redraws once a minute (the header clock): keep that tick out of the window,
        // it is reported apart as the cost of one redraw.
        let into_minute = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() % 60.0);
        if into_minute > 60.0 - IDLE.as_secs_f64() - 0.5 {
            std::thread::sleep(Duration::from_secs_f64(60.0 - into_minute + 0.5));
            self.settle();
        }
        let (ns0, t0, w0) = (self.cpu_ns(), self.cpu_ticks(), Instant::now());
        std::thread::sleep(IDLE);
        let (ns1, t1, wall) = (self.cpu_ns(), self.cpu_ticks(), w0.elapsed());
        let pct = |used_s: f64| 100.0 * used_s / wall.as_secs_f64();
        (
            ns0.zip(ns1).map(|(a, b)| pct((b - a) as f64 / 1e9)),
            t0.zip(t1).map(|(a, b)| pct((b - a) as f64 / 100.0)),
        )
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What one program measured.
struct Run {
    program: String,
    first_frame: Option<Duration>,
    peak_kb: Option<u64>,
    idle: (Option<f64>, Option<f64>),
    /// The same on the Stage screen with the clock running (juri only).
    idle_clock: Option<(Option<f64>, Option<f64>)>,
    /// Per screen: its latencies.
    screens: Vec<(String, Keys)>,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn stats(lat: &[Duration]) -> (Duration, Duration) {
    let mut v = lat.to_vec();
    v.sort();
    (percentile(&v, 50.0), percentile(&v, 99.0))
}

/// Per key pressed: the time to the first byte of its answer, and to the last.
#[derive(Default, Clone)]
struct Keys {
    first: Vec<Duration>,
    done: Vec<Duration>,
}

impl Keys {
    fn push(&mut self, t: &mut Term, key: &[u8]) {
        self.first.push(t.press(key));
        self.done.push(*t.done.last().expect("pressed"));
    }
}

/// Presses keys from `keys` in turn until `count` are done or `budget` is spent (at least 5).
fn drive(t: &mut Term, keys: &[&[u8]], count: usize, budget: Duration) -> Keys {
    drive_labeled(
        t,
        &keys.iter().map(|k| ("", *k)).collect::<Vec<_>>(),
        count,
        budget,
    )
    .remove(0)
    .1
}

/// Like `drive`, with the latencies kept apart by the label of each key, in first-seen order.
fn drive_labeled(
    t: &mut Term,
    keys: &[(&str, &[u8])],
    count: usize,
    budget: Duration,
) -> Vec<(String, Keys)> {
    let start = Instant::now();
    let mut out: Vec<(String, Keys)> = Vec::new();
    for (done, (label, key)) in keys.iter().cycle().enumerate() {
        if done >= count || (done >= 5 && start.elapsed() > budget) {
            break;
        }
        let i = match out.iter().position(|(l, _)| l == label) {
            Some(i) => i,
            None => {
                out.push((label.to_string(), Keys::default()));
                out.len() - 1
            }
        };
        out[i].1.push(t, key);
    }
    out
}

fn floor_cat(keys: usize) -> Run {
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", "stty raw -echo; exec cat"]);
    let mut t = Term::spawn("cat", cmd);
    // Let stty switch the terminal to raw mode before the first key.
    std::thread::sleep(Duration::from_millis(300));
    t.settle();
    let lat = drive(&mut t, &[b"a"], keys, Duration::from_secs(20));
    let idle = t.idle_cpu();
    let peak = t.peak_kb();
    t.stop();
    Run {
        program: "cat (raw)".into(),
        first_frame: None,
        peak_kb: peak,
        idle,
        idle_clock: None,
        screens: vec![("echo".into(), lat)],
    }
}

fn floor_ratatui(bin: &Path, keys: usize) -> Run {
    let mut cmd = CommandBuilder::new(bin);
    cmd.env("TERM", "xterm-256color");
    let mut t = Term::spawn("minimal_ratatui", cmd);
    // Unchanged cells (the blank after the colon) are skipped by ratatui's diff: no spaces.
    let first = t.first_frame("keys:", Duration::from_secs(10));
    assert!(first.is_some(), "minimal_ratatui drew no frame");
    t.settle();
    let lat = drive(&mut t, &[b"x"], keys, Duration::from_secs(20));
    let idle = t.idle_cpu();
    let peak = t.peak_kb();
    t.stop();
    Run {
        program: "minimal ratatui".into(),
        first_frame: first,
        peak_kb: peak,
        idle,
        idle_clock: None,
        screens: vec![("paragraph".into(), lat)],
    }
}

fn juri(bin: &Path, entries: usize, keys: usize, budget: Duration) -> Run {
    let home = tempfile::Builder::new()
        .prefix("juri-latency-")
        .tempdir()
        .expect("a temporary JURI_HOME");
    let file = home.path().join(format!("gen-{entries}.json"));
    let t = Instant::now();
    {
        let mut s = juri::r#gen::generate(entries, juri::r#gen::DEFAULT_JURORS, 1.0, 2026);
        juri::r#gen::prepare_live(&mut s).expect("a live session");
        juri::store::save(&file, &mut s).expect("save the generated session");
    }
    // The files just written would otherwise be flushed to disk while juri is being measured.
    let _ = std::process::Command::new("sync").status();
    let mb = std::fs::metadata(&file).map_or(0, |m| m.len()) / 1_000_000;
    eprintln!(
        "  {entries} entries: generated and saved ({mb} MB) in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let mut cmd = CommandBuilder::new(bin);
    cmd.args(["--lang", "en", "open"]);
    cmd.arg(&file);
    cmd.env("JURI_HOME", home.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    let mut t = Term::spawn(&format!("juri {entries}"), cmd);
    // The header's tab of the first screen.
    let first = t.first_frame("Agenda", Duration::from_secs(300));
    assert!(
        first.is_some(),
        "juri drew no first frame: {}",
        String::from_utf8_lossy(&t.log.0.lock().expect("log").bytes)
    );
    t.settle();
    // Idle on the agenda, no clock running (prepare_live reset the one on stage).
    let idle = t.idle_cpu();

    let mut screens = Vec::new();
    eprintln!("  agenda");
    screens.push((
        "Agenda j/k".into(),
        drive(&mut t, &[b"j", b"k"], keys, budget),
    ));

    eprintln!("  stage");
    t.go(b"2");
    // The Stage takes its clock keys only once it has been up a moment.
    std::thread::sleep(Duration::from_millis(1200));
    let mut stage = drive(&mut t, &[b" ", b" "], keys, budget);
    if stage.first.len() % 2 == 1 {
        // Leave the clock paused.
        stage.push(&mut t, b" ");
    }
    screens.push(("Stage Space".into(), stage));
    // With the clock running juri redraws every second. The start of the clock is a change:
    // let juri write its session file first (it does so after a few idle seconds), so that
    // the window measures the steady state.
    t.go(b" ");
    std::thread::sleep(FILE_WRITTEN);
    let idle_clock = t.idle_cpu();
    t.go(b" ");

    eprintln!("  scoring");
    t.go(b"3");
    t.go(ENTER); // the first juror's sheet, reopened by prepare_live
    let mut sheet: Vec<(&str, &[u8])> = Vec::new();
    for row in 0..14 {
        sheet.extend([
            ("Sheet digit", b"8" as &[u8]),
            ("Sheet digit", b"1" as &[u8]),
        ]);
        // Down to the last criterion, then up again: every key changes the screen.
        sheet.push(if row < 7 {
            ("Sheet Down/Up", DOWN)
        } else {
            ("Sheet Down/Up", UP)
        });
    }
    screens.extend(drive_labeled(&mut t, &sheet, keys * 3 / 2, budget));

    eprintln!("  standings");
    t.go(ESC); // leave the sheet: the hand-off screen
    t.go(b"4");
    screens.push((
        "Standings j/k".into(),
        drive(&mut t, &[b"j", b"k"], keys, budget),
    ));
    screens.push((
        "Standings m".into(),
        drive(&mut t, &[b"m"], keys.min(15), budget),
    ));

    let peak = t.peak_kb();
    t.stop();
    Run {
        program: format!("juri {entries}"),
        first_frame: first,
        peak_kb: peak,
        idle,
        idle_clock: Some(idle_clock),
        screens,
    }
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.2}")
    }
}

fn idle_text(idle: (Option<f64>, Option<f64>)) -> String {
    match idle {
        (Some(ns), Some(t)) => format!("{ns:.2} ({t:.1})"),
        (Some(ns), None) => format!("{ns:.2}"),
        _ => "?".into(),
    }
}

fn print(runs: &[Run]) {
    let p50_of = |r: &Run| stats(&r.screens[0].1.first).0;
    let p99_of = |r: &Run| stats(&r.screens[0].1.first).1;
    let (cat50, cat99) = (p50_of(&runs[0]), p99_of(&runs[0]));
    let (rat50, rat99) = (p50_of(&runs[1]), p99_of(&runs[1]));
    println!();
    println!(
        "| program | keys | n | p50 ms | p99 ms | p50 / cat | p50 / ratatui | p99 / ratatui | p50 settled ms | first frame ms | peak MB | idle CPU % |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in runs {
        for (i, (screen, keys)) in r.screens.iter().enumerate() {
            let lat = &keys.first;
            let (p50, p99) = stats(lat);
            let (done50, _) = stats(&keys.done);
            let ratio =
                |a: Duration, b: Duration| format!("{:.1}x", a.as_secs_f64() / b.as_secs_f64());
            let (first, peak, idle) = if i == 0 {
                (
                    r.first_frame.map_or("—".into(), ms),
                    r.peak_kb
                        .map_or("?".into(), |kb| format!("{:.1}", kb as f64 / 1024.0)),
                    idle_text(r.idle),
                )
            } else if i == 1 && r.idle_clock.is_some() {
                (
                    String::new(),
                    String::new(),
                    format!(
                        "clock running: {}",
                        idle_text(r.idle_clock.unwrap_or_default())
                    ),
                )
            } else {
                (String::new(), String::new(), String::new())
            };
            println!(
                "| {} | {screen} | {} | {} | {} | {} | {} | {} | {} | {first} | {peak} | {idle} |",
                if i == 0 { r.program.as_str() } else { "" },
                lat.len(),
                ms(p50),
                ms(p99),
                ratio(p50, cat50),
                ratio(p50, rat50),
                ratio(p99, rat99),
                ms(done50),
            );
        }
    }
    println!();
    println!(
        "floors: cat p50 {} / p99 {} ms; minimal ratatui p50 {} / p99 {} ms. Idle CPU: schedstat \
         (in brackets: /proc/PID/stat utime+stime, 10 ms ticks) over {} s.",
        ms(cat50),
        ms(cat99),
        ms(rat50),
        ms(rat99),
        IDLE.as_secs()
    );
}

fn binary(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    if !p.is_file() {
        eprintln!(
            "{} is missing: build it first with `cargo build --release --bins --examples`",
            p.display()
        );
        std::process::exit(2);
    }
    p
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut keys = 40;
    let mut sizes = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--keys" => keys = it.next().and_then(|k| k.parse().ok()).expect("--keys N"),
            n => sizes.push(n.replace('_', "").parse::<usize>().expect("an entry count")),
        }
    }
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000];
    }
    // target/release/examples/latency -> target/release/juri
    let exe = std::env::current_exe().expect("the harness's own path");
    let examples = exe.parent().expect("examples folder");
    let release = examples.parent().expect("profile folder");
    let juri_bin = binary(release, "juri");
    let minimal = binary(examples, "minimal_ratatui");
    if cfg!(debug_assertions) {
        eprintln!("note: the harness is a debug build; run it with --release");
    }

    let started = Instant::now();
    eprintln!("floors");
    let mut runs = vec![floor_cat(100), floor_ratatui(&minimal, 100)];
    for n in sizes {
        eprintln!("juri");
        // The budget per screen keeps a run of the slow sizes to a few minutes.
        runs.push(juri(&juri_bin, n, keys, Duration::from_secs(20)));
    }
    print(&runs);
    println!(
        "binary: {}; terminal {COLS}x{ROWS}; whole run {:.0} s",
        juri_bin.display(),
        started.elapsed().as_secs_f64()
    );
}
