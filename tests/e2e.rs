//! End-to-end tests: the real `juri` binary in a pseudo-terminal, driven as a chair would
//! drive it (tests/common/pty.rs: portable-pty and the vt100 terminal emulator, nothing but
//! Rust). Every test gets a fresh `JURI_HOME`. The tests wait for text on the screen instead of
//! sleeping, and assert nothing about timing.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

use common::BIN;
use common::pty::Pty;

const TIMEOUT: Duration = Duration::from_secs(10);
const WIDTH: u16 = 100;
const HEIGHT: u16 = 30;
/// The start of E15's row on the agenda and in the standings (its title begins so).
const E15: &str = "E15 Sekolah Anggaran Desa";

fn path_str(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// `juri ARGS` in a terminal of its own, with `JURI_HOME=home`.
fn juri_pty(home: &Path, args: &[&str]) -> Pty {
    Pty::spawn(BIN, args, &[("JURI_HOME", path_str(home))], WIDTH, HEIGHT)
}

/// A plain bash with the prompt `READY$ ` in a terminal of its own.
fn shell(home: &Path) -> Pty {
    Pty::spawn(
        "bash",
        &["--norc", "--noprofile"],
        &[("JURI_HOME", path_str(home)), ("PS1", "READY$ ")],
        WIDTH,
        HEIGHT,
    )
}

// ---------------------------------------------------------------------------------------------
// Reading the screen

/// The first screen line with `text` (e.g. an agenda or standings row: "E15 Sekolah").
fn line_of<'a>(screen: &'a str, text: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(text))
}

/// The stage's line for the current phase: "PRESENTATION  (planned 7:00)  ● RUNNING".
fn phase_line(screen: &str) -> Option<&str> {
    line_of(screen, "(planned ")
}

/// Seconds in "M:SS" or "H:MM:SS".
fn parse_clock(s: &str) -> Option<u64> {
    s.split(':')
        .try_fold(0u64, |acc, part| Some(acc * 60 + part.parse::<u64>().ok()?))
}

/// The real duration the stage shows for a phase: "PRESENTATION: real 0:03" -> 3.
fn real_seconds(screen: &str, phase: &str) -> Option<u64> {
    let key = format!("{phase}: real ");
    let rest = &screen[screen.find(&key)? + key.len()..];
    parse_clock(rest.split_whitespace().next()?)
}

// ---------------------------------------------------------------------------------------------
// The kipp rubric

/// The kipp criteria in sheet order, with their weights (they sum to 100).
const KIPP: [(&str, u32); 8] = [
    ("problem", 10),
    ("novelty", 15),
    ("implementation", 10),
    ("impact", 15),
    ("sustainability", 10),
    ("replicability", 10),
    ("presentation", 15),
    ("interview", 15),
];

/// The weighted total on the 0-100 scale, in hundredths: sum(w * v) / 100 * 100.
fn total_hundredths(values: &[u32; 8]) -> u32 {
    KIPP.iter().zip(values).map(|((_, w), v)| w * v).sum()
}

fn two_decimals(hundredths: u32) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// Opens the highlighted juror's sheet, types the values (one per criterion), submits it and
/// passes the keyboard on, back to the choice of juror.
fn score_sheet(t: &mut Pty, juror_name: &str, values: &[u32; 8]) {
    t.send(&["Enter"]);
    t.wait_for(
        &format!("Sheet of {juror_name} for Sekolah Anggaran Desa"),
        TIMEOUT,
    );
    for v in values {
        t.send(&[&v.to_string(), "Down"]);
    }
    let total = two_decimals(total_hundredths(values));
    t.wait_for(&format!("Weighted total: {total}"), TIMEOUT);
    t.wait_for("complete: ready to submit", TIMEOUT);
    t.send(&["S"]);
    t.wait_for(&format!("Submit the sheet of {juror_name}"), TIMEOUT);
    t.send(&["y"]);
    t.wait_for(
        &format!("Sheet of {juror_name} submitted and saved."),
        TIMEOUT,
    );
    // A neutral screen hides the sheet until the keyboard is passed on.
    t.wait_until("the hand-off screen, with no values", TIMEOUT, |s| {
        s.contains("Pass the keyboard to the next juror.") && !s.contains("Weighted total")
    });
    t.send(&["Enter"]);
    t.wait_for(
        "Who is scoring Sekolah Anggaran Desa (Sekar Desa)?",
        TIMEOUT,
    );
}

// ---------------------------------------------------------------------------------------------
// The session file

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read the session file");
    serde_json::from_str(&text).expect("the session file is JSON")
}

fn juri(home: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("JURI_HOME", home)
        .stdin(Stdio::null())
        .output()
        .expect("run juri")
}

fn time(v: &Value) -> chrono::DateTime<chrono::FixedOffset> {
    let s = v.as_str().unwrap_or_else(|| panic!("{v} is not a time"));
    chrono::DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn check_saved_session(path: &Path, sheets: &[(&str, [u32; 8])]) {
    let s = load(path);
    assert_eq!(s["current"], "E15");
    let entry = s["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "E15")
        .expect("E15 is in the session");
    assert_eq!(entry["status"], "interviewing");

    // The two sheets: submitted, with exactly the typed values.
    let scores = s["scores"].as_array().expect("scores");
    let e15: Vec<&Value> = scores.iter().filter(|x| x["entry"] == "E15").collect();
    assert_eq!(e15.len(), sheets.len(), "E15's sheets: {e15:?}");
    for (juror, values) in sheets {
        let sheet = e15
            .iter()
            .find(|x| x["juror"] == *juror)
            .unwrap_or_else(|| panic!("no sheet of {juror} for E15"));
        assert_eq!(sheet["state"], "submitted", "{sheet}");
        assert!(sheet["submitted"].is_string(), "{sheet}");
        let got: BTreeMap<&str, f64> = sheet["values"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_f64().expect("a number")))
            .collect();
        let want: BTreeMap<&str, f64> = KIPP
            .iter()
            .zip(values)
            .map(|((c, _), v)| (*c, f64::from(*v)))
            .collect();
        assert_eq!(got, want, "values of {juror}");
    }

    // The timer: the presentation ended after a real second or more, the interview runs.
    let timer = s["timers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["entry"] == "E15")
        .expect("a timer log for E15");
    let phases = timer["phases"].as_array().unwrap();
    let phase = |name: &str| {
        phases
            .iter()
            .find(|p| p["phase"] == name)
            .unwrap_or_else(|| panic!("no {name} phase in {timer}"))
    };
    let pres = phase("presentation");
    assert!(
        pres["ended"].is_string(),
        "the presentation has ended: {pres}"
    );
    let runs = pres["runs"].as_array().unwrap();
    assert!(!runs.is_empty(), "{pres}");
    let pres_ms: i64 = runs
        .iter()
        .map(|r| (time(&r["end"]) - time(&r["start"])).num_milliseconds())
        .sum();
    assert!(
        pres_ms >= 1000,
        "the presentation lasted {pres_ms} ms: {pres}"
    );
    let interview = phase("interview");
    assert!(
        interview["ended"].is_null(),
        "the interview goes on: {interview}"
    );
    let runs = interview["runs"].as_array().unwrap();
    let last = runs.last().expect("the interview has a run");
    assert!(last["start"].is_string(), "{interview}");
    assert!(
        last["end"].is_null(),
        "the interview run has no end: {interview}"
    );

    // The audit log: the journal beside the file, one event a line.
    let journal = std::fs::read_to_string(juri::store::journal_path(path)).expect("a journal");
    let audit: Vec<Value> = journal
        .lines()
        .map(|l| serde_json::from_str(l).expect("a journal line is an event"))
        .collect();
    let about_e15 = |action: &str| {
        audit
            .iter()
            .filter(|a| a["action"] == action)
            .filter(|a| a["subject"].as_str().is_some_and(|x| x.starts_with("E15")))
            .count()
    };
    assert!(about_e15("score.set") >= 16, "a score.set per typed value");
    assert_eq!(about_e15("sheet.submit"), 2);
    assert_eq!(about_e15("timer.start"), 1);
    assert_eq!(about_e15("timer.phase_end"), 1);
}

// ---------------------------------------------------------------------------------------------
// The tests

#[test]
fn a_chair_runs_an_entry_from_the_agenda_to_the_standings_and_it_survives_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("demo.json");
    let j1 = [80, 81, 82, 83, 84, 85, 86, 87];
    let j2 = [70, 75, 60, 90, 65, 72, 88, 92];
    let (t1, t2) = (total_hundredths(&j1), total_hundredths(&j2));
    assert_eq!(
        (t1 + t2) % 2,
        0,
        "choose values whose mean has two exact decimals"
    );
    let mean = two_decimals(u32::midpoint(t1, t2));

    run_an_entry(home.path(), &j1, &j2, &mean);
    assert!(
        !home.path().join("demo.json.lock").exists(),
        "the lock file is removed when juri quits"
    );

    check_saved_session(&path, &[("J1", j1), ("J2", j2)]);
    let o = juri(home.path(), &["validate", path_str(&path)]);
    assert!(
        o.status.success(),
        "juri validate: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );

    // Reopen: the state survives a restart, and the interview clock kept running.
    reopen(home.path(), &path);
}

/// In a fresh demo: E15 on stage, its presentation timed, the interview started, J1 and J2
/// score it, the standings rank it with `mean`; then quit.
fn run_an_entry(home: &Path, j1: &[u32; 8], j2: &[u32; 8], mean: &str) {
    let mut t = juri_pty(home, &["demo", "--lang", "en"]);
    t.wait_until("the agenda, E15 scheduled with 0/5 sheets", TIMEOUT, |s| {
        s.contains("[1 Agenda]")
            && s.contains("On stage: E14")
            && line_of(s, E15).is_some_and(|l| l.contains("· scheduled") && l.contains(" 0/5 "))
    });

    // Agenda: to the top, down to E15 (the 15th entry), on stage.
    t.send(&["g"]);
    for _ in 0..14 {
        t.send(&["j"]);
    }
    t.send(&["Enter"]);
    t.wait_all(
        &[
            "[2 Stage]",
            "E15 · Sekolah Anggaran Desa (Sekar Desa)",
            "NOT STARTED",
        ],
        TIMEOUT,
    );

    // Stage: start the presentation, let it count a second, on to the interview.
    t.send(&["Space"]);
    t.wait_until("the presentation clock to run", TIMEOUT, |s| {
        phase_line(s).is_some_and(|l| l.contains("PRESENTATION") && l.contains("RUNNING"))
    });
    // The clock itself is drawn in block digits: the phase summary shows it as text.
    t.wait_until("the presentation to count a second", TIMEOUT, |s| {
        real_seconds(s, "PRESENTATION").is_some_and(|x| x >= 1)
    });
    // A presentation ended this early is confirmed first.
    t.send(&["n"]);
    t.wait_for("y: yes   n/Esc: no", TIMEOUT);
    t.send(&["y"]);
    t.wait_until("the interview clock to run", TIMEOUT, |s| {
        phase_line(s).is_some_and(|l| l.contains("INTERVIEW") && l.contains("RUNNING"))
            && s.contains("◆ interview")
            && s.contains("✓ PRESENTATION: real")
            && real_seconds(s, "INTERVIEW").is_some()
    });

    // Scoring: J1, then J2.
    t.send(&["3"]);
    t.wait_for(
        "Who is scoring Sekolah Anggaran Desa (Sekar Desa)?",
        TIMEOUT,
    );
    score_sheet(&mut t, "Juri 1 (akademisi)", j1);
    // After a submit the picker is already on the next juror still to score.
    score_sheet(&mut t, "Juri 2 (akademisi)", j2);
    t.wait_until("two sheets submitted", TIMEOUT, |s| {
        s.matches("✓ submitted").count() == 2
    });

    // Standings: E15 is ranked with the mean of the two totals, from 2 of 5 sheets: a
    // provisional rank, marked.
    t.send(&["4"]);
    t.wait_until(&format!("E15 ranked with {mean} from 2/5"), TIMEOUT, |s| {
        // The standings row (the chart under the table names E15 too, without its sheets).
        s.contains("[4 Standings]")
            && s.lines().filter(|l| l.contains("E15 Sekolah")).any(|l| {
                let rank = l.trim_start_matches(['│', ' ']).split_whitespace().next();
                // Ranked on 2 of 5 sheets: provisional, marked `*`.
                rank.is_some_and(|r| {
                    r.strip_suffix('*')
                        .is_some_and(|n| n.parse::<u32>().is_ok())
                }) && l.contains(&format!(" {mean} "))
                    && l.contains(" 2/5 ")
            })
    });

    // Quit: a timer runs, so juri asks first.
    quit_with_a_timer_running(&mut t);
}

/// Opens the saved session again: E15 is still in its interview, with its clock running.
fn reopen(home: &Path, path: &Path) {
    let mut t = juri_pty(home, &["open", path_str(path), "--lang", "en"]);
    t.wait_until(
        "the agenda, E15 in its interview with 2/5 sheets",
        TIMEOUT,
        |s| {
            s.contains("[1 Agenda]")
                && s.contains("On stage: E15")
                && line_of(s, E15).is_some_and(|l| l.contains("◆ interview") && l.contains(" 2/5 "))
        },
    );
    t.send(&["2"]);
    t.wait_until("the stage, the interview clock running", TIMEOUT, |s| {
        s.contains("[2 Stage]")
            && s.contains("◆ interview")
            && phase_line(s).is_some_and(|l| {
                l.contains("INTERVIEW") && l.contains("(planned 13:00)") && l.contains("RUNNING")
            })
            && real_seconds(s, "PRESENTATION").is_some_and(|x| x >= 1)
            && real_seconds(s, "INTERVIEW").is_some()
    });
    quit_with_a_timer_running(&mut t);
}

/// Quits juri while a timer runs: juri asks first, then exits with 0.
fn quit_with_a_timer_running(t: &mut Pty) {
    t.send(&["q"]);
    t.wait_for("A timer is running", TIMEOUT);
    t.send(&["y"]);
    assert_eq!(t.wait_exit(TIMEOUT), 0, "juri's exit status");
}

#[test]
fn a_session_open_in_the_screens_refuses_an_import_and_is_left_unchanged() {
    let home = tempfile::tempdir().unwrap();
    // Without a terminal, `juri demo` writes the demo session and prints its standings.
    let o = juri(home.path(), &["demo"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let path = home.path().join("demo.json");
    let csv = home.path().join("scores.csv");
    let mut rows = String::from("entry,juror,criterion,score\n");
    for (c, _) in KIPP {
        writeln!(rows, "E15,J3,{c},70").unwrap();
    }
    std::fs::write(&csv, rows).unwrap();

    let mut t = juri_pty(home.path(), &["open", path_str(&path), "--lang", "en"]);
    t.wait_for("On stage: E14", TIMEOUT);
    let before = std::fs::read(&path).unwrap();
    let o = juri(
        home.path(),
        &["import-scores", path_str(&path), path_str(&csv)],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "the import must be refused: {stderr}");
    assert!(
        stderr.contains("is being written by another juri (pid"),
        "the lock message: {stderr}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the session file changed"
    );

    // The screens still work, and quit at once: no timer runs.
    t.send(&["4"]);
    t.wait_for("[4 Standings]", TIMEOUT);
    t.send(&["q"]);
    assert_eq!(t.wait_exit(TIMEOUT), 0, "juri's exit status");

    // Once juri is closed, the same import goes through.
    let o = juri(
        home.path(),
        &["import-scores", path_str(&path), path_str(&csv)],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_ne!(std::fs::read(&path).unwrap(), before);
}

/// The terminal modes a shell reports, as printed by `report_modes`: "isig,icanon,echo".
fn modes(screen: &str, marker: &str) -> Option<Vec<String>> {
    let prefix = format!("{marker}=");
    let line = screen.lines().find(|l| l.starts_with(&prefix))?;
    Some(
        line[prefix.len()..]
            .trim()
            .split(',')
            .map(str::to_string)
            .collect(),
    )
}

/// Makes the shell print its terminal's line modes after `marker=`.
fn report_modes(t: &mut Pty, marker: &str) -> Vec<String> {
    t.type_line(&format!(
        "echo \"{marker}=$(stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo|isig)' | paste -sd, -)\""
    ));
    let screen = t.wait_until(&format!("a line {marker}=…"), TIMEOUT, |s| {
        modes(s, marker).is_some()
    });
    modes(&screen, marker).unwrap()
}

/// The shell is back at its prompt: the last line with text is a bare prompt.
fn at_prompt(screen: &str) -> bool {
    screen.lines().rev().find(|l| !l.trim().is_empty()) == Some("READY$")
}

#[test]
fn the_terminal_is_restored_after_quitting_and_a_small_window_asks_to_be_enlarged() {
    let home = tempfile::tempdir().unwrap();
    let mut t = shell(home.path());
    t.wait_until("the prompt", TIMEOUT, at_prompt);
    let mut cooked = report_modes(&mut t, "BEFORE");
    cooked.sort();
    assert_eq!(
        cooked,
        ["echo", "icanon", "isig"],
        "the shell's terminal starts cooked"
    );
    assert!(!t.alternate_screen());

    t.type_line(&format!("'{BIN}' demo --lang en"));
    t.wait_for("On stage: E14", TIMEOUT);
    assert!(t.alternate_screen(), "juri draws on the alternate screen");

    // Too small: a notice instead of the screens; back to size: the screens again.
    t.resize(60, 15);
    t.wait_until("the notice alone", TIMEOUT, |s| {
        s.contains("Enlarge the terminal to at least 80x24 (now 60x15).") && !s.contains("Agenda")
    });
    t.resize(WIDTH, HEIGHT);
    t.wait_until("the agenda to come back", TIMEOUT, |s| {
        s.contains("[1 Agenda]")
            && s.contains("On stage: E14")
            && s.contains("E20 Klinik Tanaman")
            && !s.contains("Enlarge")
    });

    // Quit (no timer runs, so at once); the shell gets its terminal back as it was.
    t.send(&["q"]);
    t.wait_until("the shell's prompt after juri", TIMEOUT, |s| {
        at_prompt(s) && s.contains("BEFORE=")
    });
    t.type_line("echo \"EXIT=$?\"");
    let screen = t.wait_until("juri's exit status", TIMEOUT, |s| {
        s.lines().any(|l| l.starts_with("EXIT="))
    });
    assert!(
        screen.lines().any(|l| l == "EXIT=0"),
        "juri's exit status:\n{screen}"
    );
    let mut after = report_modes(&mut t, "AFTER");
    after.sort();
    assert_eq!(after, ["echo", "icanon", "isig"], "raw mode was left");
    assert!(!t.alternate_screen(), "the alternate screen was left");
    assert!(!t.cursor_hidden(), "the cursor is shown again");
    let screen = t.screen();
    assert!(
        modes(&screen, "BEFORE").is_some(),
        "the shell's screen from before juri is back:\n{screen}"
    );
}

#[test]
fn on_a_terminal_replacing_a_submitted_sheet_asks_for_the_chairs_pin_as_dots() {
    let home = tempfile::tempdir().unwrap();
    let o = juri(home.path(), &["demo"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let path = home.path().join("demo.json");
    // PINs on, and the chair's PIN 2468, as the screens would set them.
    let mut s = juri::store::load(&path).unwrap();
    let now = chrono::Local::now().fixed_offset();
    s.apply("chair", juri::model::Change::SetPins { on: true }, now)
        .unwrap();
    let hash = juri::model::pin::hash("2468").unwrap();
    let set = juri::model::Change::SetPin {
        who: "chair".into(),
        hash,
    };
    s.apply("chair", set, now).unwrap();
    juri::store::save(&path, &mut s).unwrap();
    let csv = home.path().join("scores.csv");
    let mut rows = String::from("entry,juror,criterion,score\n");
    for (c, _) in KIPP {
        writeln!(rows, "E01,J1,{c},70").unwrap();
    }
    std::fs::write(&csv, rows).unwrap();

    let args = [
        "import-scores",
        path_str(&path),
        path_str(&csv),
        "--replace",
    ];
    let mut t = juri_pty(home.path(), &args);
    t.wait_for("replacing 1 submitted sheet: the chair's PIN:", TIMEOUT);
    t.send(&["1", "1", "1", "1", "Enter"]);
    let screen = t.wait_for("wrong PIN; 4 more tries", TIMEOUT);
    assert!(screen.contains("••••"), "{screen}");
    t.send(&["2", "4", "6", "8", "Enter"]);
    let screen = t.wait_for("1 submitted sheet replaced (E01/J1)", TIMEOUT);
    assert!(
        !screen.contains("2468") && !screen.contains("1111"),
        "{screen}"
    );
    assert_eq!(t.wait_exit(TIMEOUT), 0, "juri's exit status");
    let journal = std::fs::read_to_string(juri::store::journal_path(&path)).unwrap();
    let reopen: Vec<Value> = journal
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["action"] == "sheet.reopen")
        .collect();
    assert_eq!(reopen.len(), 1);
    assert_eq!(reopen[0]["actor"], "chair");
}
