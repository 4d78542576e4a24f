//! Regression tests for the fuzz targets in `fuzz/` (see fuzz/README.md), run by a plain
//! `cargo test`: no fuzzer and no nightly flags needed.
//!
//! The checks themselves live in `fuzz/src/checks.rs`, included here, so every input goes
//! through exactly the library calls and assertions of its fuzz target:
//! - `load_session`: bytes -> file -> `juri::store::load`;
//! - `parse_session_json`: `serde_json::from_slice::<Session>` + validate;
//! - `csv_import`: entries / jurors / scores parts (split at 0x1E) -> `read_entries`,
//!   `read_jurors`, `import_scores`.
//!
//! Any `Err` is fine; a panic, an `Ok` session with problems, a failed import that changed the
//! session, or a successful one that left it invalid fails the test.
//!
//! Inputs: the committed seed corpora (`fuzz/corpus/<target>/`), the project's fixtures, inputs
//! the fuzzer found (`fixtures/fuzz/<target>/`), and hand-made nasty inputs below.

#[path = "../fuzz/src/checks.rs"]
mod checks;
mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use common::fixtures::root;

/// The files of a folder, sorted by name (none if the folder does not exist).
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = read
        .map(|e| e.expect("folder entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// What the two session targets made of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SessionOutcome {
    loaded: bool,
    parsed: bool,
}

/// `bytes` through the `load_session` and `parse_session_json` checks.
fn session_targets(bytes: &[u8]) -> SessionOutcome {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fuzz-input.json");
    SessionOutcome {
        loaded: checks::load_bytes(&path, bytes).is_ok(),
        parsed: checks::parse_json(bytes).is_ok(),
    }
}

/// Runs every case, catching panics, and fails once at the end naming each case that panicked.
fn run_all<T>(cases: Vec<(String, Vec<u8>)>, f: impl Fn(&[u8]) -> T) -> Vec<(String, T)> {
    let mut panicked = Vec::new();
    let mut outcomes = Vec::new();
    for (name, bytes) in cases {
        match catch_unwind(AssertUnwindSafe(|| f(&bytes))) {
            Ok(out) => outcomes.push((name, out)),
            Err(e) => {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panicked.push(format!("{name}: {msg}"));
            }
        }
    }
    assert!(
        panicked.is_empty(),
        "{} input(s) panicked:\n{}",
        panicked.len(),
        panicked.join("\n")
    );
    outcomes
}

fn outcome<'a, T>(outcomes: &'a [(String, T)], name: &str) -> &'a T {
    &outcomes
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no case {name}"))
        .1
}

fn cases_from(dir: &str) -> Vec<(String, Vec<u8>)> {
    files_in(&root().join(dir))
        .into_iter()
        .map(|p| {
            let name = p.strip_prefix(root()).unwrap_or(&p).display().to_string();
            let bytes = read(&p);
            (name, bytes)
        })
        .collect()
}

/// Joins three CSV files into one `csv_import` input.
fn csv3(entries: &[u8], jurors: &[u8], scores: &[u8]) -> Vec<u8> {
    let mut v = entries.to_vec();
    v.push(checks::CSV_SEPARATOR);
    v.extend_from_slice(jurors);
    v.push(checks::CSV_SEPARATOR);
    v.extend_from_slice(scores);
    v
}

fn fixture(name: &str) -> Vec<u8> {
    read(&common::fixtures::path(name))
}

// ---------------------------------------------------------------------------------------------
// Seed corpora and fixtures

#[test]
fn seed_corpus_load_session() {
    let cases = cases_from("fuzz/corpus/load_session");
    assert!(cases.len() >= 3, "the seed corpus is missing");
    for (name, ok) in run_all(cases, session_targets) {
        // (Files a plain `cargo fuzz run` added are named by their SHA-1 and may be anything.)
        if name.contains("/session-") {
            assert!(ok.loaded, "{name} is a seed session and should load");
        }
    }
}

#[test]
fn seed_corpus_parse_session_json() {
    let cases = cases_from("fuzz/corpus/parse_session_json");
    assert!(cases.len() >= 3, "the seed corpus is missing");
    for (name, ok) in run_all(cases, |b| checks::parse_json(b).map(|_| ())) {
        if name.contains("/session-") {
            assert!(
                ok.is_ok(),
                "{name} is a seed session and should parse: {ok:?}"
            );
        }
    }
}

#[test]
fn seed_small_session_verifies() {
    // The seed the fuzzer mutates has an intact audit chain, so `verify` goes all the way.
    let s = checks::parse_json(&read(
        &root().join("fuzz/corpus/parse_session_json/session-small.json"),
    ))
    .expect("seed parses");
    let v = juri::standings::verify::verify(&s, &s.audit).expect("the small seed session verifies");
    assert_eq!((v.sheets, v.submitted), (3, 2));
}

#[test]
fn seed_corpus_csv_import() {
    let cases = cases_from("fuzz/corpus/csv_import");
    assert!(cases.len() >= 3, "the seed corpus is missing");
    let out = run_all(cases, checks::check_csv);
    let all_ok = checks::CsvOutcome {
        entries_ok: true,
        jurors_ok: true,
        scores_ok: true,
    };
    assert_eq!(*outcome(&out, "fuzz/corpus/csv_import/demo.csv3"), all_ok);
    assert_eq!(*outcome(&out, "fuzz/corpus/csv_import/small.csv3"), all_ok);
    let bad = outcome(&out, "fuzz/corpus/csv_import/bad-entries-out-of-range.csv3");
    assert!(!bad.entries_ok && !bad.scores_ok, "{bad:?}");
    let bad = outcome(&out, "fuzz/corpus/csv_import/bad-unknown-juror.csv3");
    assert!(bad.entries_ok && !bad.scores_ok, "{bad:?}");
}

#[test]
fn fixtures_through_the_session_targets() {
    let mut cases = cases_from("fixtures");
    cases.extend(cases_from("fixtures/bad"));
    cases.extend(cases_from("fixtures/real-data"));
    let out = run_all(cases, session_targets);
    let demo = outcome(&out, "fixtures/demo-session.json");
    assert!(demo.loaded && demo.parsed, "{demo:?}");
    for (name, ok) in &out {
        if !name.ends_with("demo-session.json") {
            assert!(!ok.loaded && !ok.parsed, "{name} is not a session: {ok:?}");
        }
    }
}

#[test]
fn fixtures_through_csv_import() {
    // Every fixture CSV in every slot, and the demo files with each bad file in its slot.
    let mut files = cases_from("fixtures");
    files.extend(cases_from("fixtures/bad"));
    files.extend(cases_from("fixtures/real-data"));
    files.retain(|(n, _)| n.ends_with(".csv"));
    let (e, j, s) = (
        fixture("demo-entries.csv"),
        fixture("demo-jurors.csv"),
        fixture("demo-scores.csv"),
    );
    let mut cases = Vec::new();
    for (name, bytes) in &files {
        cases.push((format!("{name} as entries"), csv3(bytes, &j, &s)));
        cases.push((format!("{name} as jurors"), csv3(&e, bytes, &s)));
        cases.push((format!("{name} as scores"), csv3(&e, &j, bytes)));
    }
    let out = run_all(cases, checks::check_csv);
    let ok = |n: &str| *outcome(&out, n);
    assert!(ok("fixtures/demo-scores.csv as scores").scores_ok);
    assert!(!ok("fixtures/bad/entries-broken-line.csv as entries").entries_ok);
    assert!(!ok("fixtures/bad/scores-out-of-range.csv as scores").scores_ok);
    assert!(!ok("fixtures/bad/scores-unknown-juror.csv as scores").scores_ok);
}

// ---------------------------------------------------------------------------------------------
// Inputs the fuzzer found

/// Every input kept under fixtures/fuzz/<target>/ still goes through its target without a
/// failure; those named `ok-*` (valid sessions the fuzzer made) must still load. Inputs of known,
/// unfixed bugs are named `bug-*`, are skipped here and have their own ignored test.
#[test]
fn fuzz_found_inputs_replay() {
    let file_name = |n: &str| {
        Path::new(n)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let not_bug = |cases: Vec<(String, Vec<u8>)>| -> Vec<(String, Vec<u8>)> {
        cases
            .into_iter()
            .filter(|(n, _)| !file_name(n).starts_with("bug-"))
            .collect()
    };
    let mut sessions = not_bug(cases_from("fixtures/fuzz/load_session"));
    sessions.extend(not_bug(cases_from("fixtures/fuzz/parse_session_json")));
    assert!(!sessions.is_empty(), "fixtures/fuzz/ is missing");
    for (name, out) in run_all(sessions, session_targets) {
        if file_name(&name).starts_with("ok-") {
            assert!(out.loaded && out.parsed, "{name}: {out:?}");
        }
    }
    run_all(
        not_bug(cases_from("fixtures/fuzz/csv_import")),
        checks::check_csv,
    );
}

// ---------------------------------------------------------------------------------------------
// Hand-made nasty session files

/// The small seed session as JSON, to be edited.
fn small_session() -> Value {
    serde_json::from_slice(&read(
        &root().join("fuzz/corpus/load_session/session-small.json"),
    ))
    .expect("seed JSON")
}

fn edited(f: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v = small_session();
    f(&mut v);
    serde_json::to_vec_pretty(&v).expect("serialise")
}

/// Replaces the text of `"key": <old>` for every criterion field `key` by `raw` (for numbers
/// serde_json cannot write, like 1e400).
fn raw_criteria_field(key: &str, raw: &str) -> Vec<u8> {
    let text = String::from_utf8(edited(|_| {})).expect("utf-8");
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with(&format!("\"{key}\": ")) && line.starts_with("        ") {
            let comma = if t.ends_with(',') { "," } else { "" };
            out.push_str(&format!("        \"{key}\": {raw}{comma}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.into_bytes()
}

fn criteria_mut(v: &mut Value) -> &mut Vec<Value> {
    v["rubric"]["criteria"].as_array_mut().expect("criteria")
}

fn nasty_sessions() -> Vec<(String, Vec<u8>)> {
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |name: &str, bytes: Vec<u8>| cases.push((name.to_string(), bytes));

    // Not sessions at all.
    add("empty", b"".to_vec());
    add("whitespace", b" \n\t\r\n".to_vec());
    add("bom only", b"\xEF\xBB\xBF".to_vec());
    add("two boms", b"\xEF\xBB\xBF\xEF\xBB\xBF{}".to_vec());
    add("null", b"null".to_vec());
    add("empty object", b"{}".to_vec());
    add(
        "invalid utf-8",
        b"{\"schema_version\":1,\"title\":\"\xff\xfe\"}".to_vec(),
    );
    add(
        "lone surrogate",
        br#"{"schema_version":1,"title":"\ud800"}"#.to_vec(),
    );
    add("NaN literal", br#"{"schema_version":NaN}"#.to_vec());
    let deep_array = "[".repeat(100_000);
    add("deep array", deep_array.clone().into_bytes());
    add(
        "deep array in a field",
        format!("{{\"schema_version\":1,\"extra\":{deep_array}").into_bytes(),
    );
    let deep_object = "{\"a\":".repeat(50_000) + "1" + &"}".repeat(50_000);
    add("deep object", deep_object.into_bytes());
    let closed = "[".repeat(200) + &"]".repeat(200);
    add(
        "nested 200 in an unknown field",
        edited(|v| v["extra"] = serde_json::from_str(&closed).unwrap_or(Value::Null)),
    );

    // schema_version edge cases.
    for (name, raw) in [
        ("schema 0", "0"),
        ("schema 3", "3"),
        ("schema u32 max + 1", "4294967296"),
        ("schema u64 max", "18446744073709551615"),
        ("schema u64 max + 1", "18446744073709551616"),
        ("schema -1", "-1"),
        ("schema 1.0", "1.0"),
        ("schema 1e30", "1e30"),
        ("schema string", "\"1\""),
    ] {
        let text = String::from_utf8(edited(|_| {})).expect("utf-8").replacen(
            "\"schema_version\": 2",
            &format!("\"schema_version\": {raw}"),
            1,
        );
        add(name, text.into_bytes());
    }

    // Huge, tiny and odd numbers in the rubric.
    add(
        "weights 1e308",
        edited(|v| {
            for c in criteria_mut(v) {
                c["weight"] = json!(1e308);
            }
        }),
    );
    add(
        "one weight 1e308",
        edited(|v| criteria_mut(v)[0]["weight"] = json!(1e308)),
    );
    add(
        "weights 1e12",
        edited(|v| {
            for c in criteria_mut(v) {
                c["weight"] = json!(1e12);
            }
        }),
    );
    add(
        "weights zero",
        edited(|v| {
            for c in criteria_mut(v) {
                c["weight"] = json!(0.0);
            }
        }),
    );
    add(
        "weights negative",
        edited(|v| {
            for c in criteria_mut(v) {
                c["weight"] = json!(-10.0);
            }
        }),
    );
    add(
        "weight 5e-324",
        edited(|v| criteria_mut(v)[0]["weight"] = json!(5e-324)),
    );
    add(
        "weight -0",
        edited(|v| criteria_mut(v)[0]["weight"] = json!(-0.0)),
    );
    add(
        "weight 1e-4",
        edited(|v| criteria_mut(v)[0]["weight"] = json!(1e-4)),
    );
    add(
        "weight 1e-5",
        edited(|v| criteria_mut(v)[0]["weight"] = json!(1e-5)),
    );
    add(
        "scale -1e308..1e308",
        edited(|v| {
            for c in criteria_mut(v) {
                c["min"] = json!(-1e308);
                c["max"] = json!(1e308);
            }
        }),
    );
    add(
        "scale max < min",
        edited(|v| {
            for c in criteria_mut(v) {
                c["min"] = json!(100.0);
                c["max"] = json!(0.0);
            }
        }),
    );
    add(
        "scale -1e12..1e12 step 1e-4",
        edited(|v| {
            for c in criteria_mut(v) {
                c["min"] = json!(-1e12);
                c["max"] = json!(1e12);
                c["step"] = json!(1e-4);
            }
        }),
    );
    add(
        "step negative",
        edited(|v| {
            for c in criteria_mut(v) {
                c["step"] = json!(-1.0);
            }
        }),
    );
    add(
        "step -1e308",
        edited(|v| criteria_mut(v)[0]["step"] = json!(-1e308)),
    );
    add(
        "step zero",
        edited(|v| {
            for c in criteria_mut(v) {
                c["step"] = json!(0.0);
            }
        }),
    );
    add(
        "step 1e308",
        edited(|v| criteria_mut(v)[0]["step"] = json!(1e308)),
    );
    add(
        "step 3 on 0..100",
        edited(|v| criteria_mut(v)[0]["step"] = json!(3.0)),
    );
    add("weight 1e400", raw_criteria_field("weight", "1e400"));
    add("weight -1e400", raw_criteria_field("weight", "-1e400"));
    add(
        "weight 400 digits",
        raw_criteria_field("weight", &"9".repeat(400)),
    );
    add("weight NaN literal", raw_criteria_field("weight", "NaN"));
    for s in [
        "\"NaN\"",
        "\"inf\"",
        "\"-Infinity\"",
        "\"1e308\"",
        "null",
        "true",
        "[]",
    ] {
        add(&format!("weight {s}"), raw_criteria_field("weight", s));
        add(&format!("step {s}"), raw_criteria_field("step", s));
    }
    add("no criteria", edited(|v| criteria_mut(v).clear()));
    add(
        "10000 criteria",
        edited(|v| {
            let first = criteria_mut(v)[0].clone();
            let list = criteria_mut(v);
            list.clear();
            for i in 0..10_000 {
                let mut c = first.clone();
                c["id"] = json!(format!("c{i}"));
                c["weight"] = json!(1e-4);
                list.push(c);
            }
            v["tie_break"] = json!(["c0", "c9999"]);
            v["scores"] = json!([]);
            v["audit"] = json!([]);
        }),
    );
    add(
        "duplicate criterion ids",
        edited(|v| {
            let first = criteria_mut(v)[0].clone();
            criteria_mut(v).push(first);
        }),
    );

    // Scores.
    for (name, value) in [
        ("score 1e308", json!(1e308)),
        ("score -1e308", json!(-1e308)),
        ("score 5e-324", json!(5e-324)),
        ("score -0", json!(-0.0)),
        ("score 100.00001", json!(100.00001)),
        ("score string NaN", json!("NaN")),
        ("score null", Value::Null),
    ] {
        add(
            name,
            edited(|v| v["scores"][0]["values"]["problem"] = value.clone()),
        );
    }
    add(
        "score for an unknown criterion",
        edited(|v| {
            v["scores"][0]["values"]["nope"] = json!(50.0);
        }),
    );
    add(
        "sheet for an unknown juror",
        edited(|v| v["scores"][0]["juror"] = json!("J9")),
    );
    add(
        "duplicate sheet",
        edited(|v| {
            let first = v["scores"][0].clone();
            v["scores"].as_array_mut().expect("scores").push(first);
        }),
    );
    add(
        "submitted sheet missing values",
        edited(|v| {
            v["scores"][0]["values"] = json!({});
        }),
    );

    // Other fields at their limits.
    add(
        "top_n 0",
        edited(|v| v["categories"][0]["top_n"] = json!(0)),
    );
    add(
        "top_n u32 max",
        edited(|v| v["categories"][0]["top_n"] = json!(u32::MAX)),
    );
    add(
        "slot minutes u32 max",
        edited(|v| {
            v["schedule"] = json!({"start": "23:59", "slot_minutes": u32::MAX});
        }),
    );
    add(
        "slot minutes 0",
        edited(|v| {
            v["schedule"] = json!({"start": "00:00", "slot_minutes": 0});
        }),
    );
    add(
        "schedule start 24:00",
        edited(|v| {
            v["schedule"] = json!({"start": "24:00", "slot_minutes": 25});
        }),
    );
    add(
        "schedule start non-ascii",
        edited(|v| {
            v["schedule"] = json!({"start": "٠٩:٠٠", "slot_minutes": 25});
        }),
    );
    add(
        "phase seconds u32 max",
        edited(|v| {
            v["rubric"]["presentation_seconds"] = json!(u32::MAX);
            v["rubric"]["interview_seconds"] = json!(u32::MAX);
        }),
    );
    add(
        "far future and past times",
        edited(|v| {
            v["created"] = json!("0001-01-01T00:00:00+23:59");
            v["updated"] = json!("9999-12-31T23:59:59-23:59");
        }),
    );
    add(
        "bad time",
        edited(|v| v["created"] = json!("2026-02-30T25:61:61+99:00")),
    );
    add(
        "long title",
        edited(|v| v["title"] = json!("x".repeat(1 << 20))),
    );
    add(
        "control characters",
        edited(|v| {
            v["title"] = json!("\u{0}\u{1b}[2J\u{7f}\u{202e}");
            v["entries"][0]["title"] = json!("\r\n\t\u{0}");
        }),
    );
    add("blank title", edited(|v| v["title"] = json!("   ")));
    add("unknown current", edited(|v| v["current"] = json!("E99")));
    add(
        "unknown tie-break",
        edited(|v| v["tie_break"] = json!(["nope"])),
    );
    add(
        "conflict with unknown entry",
        edited(|v| {
            v["jurors"][0]["conflicts"] = json!(["E99"]);
        }),
    );
    add(
        "duplicate entry ids",
        edited(|v| {
            let first = v["entries"][0].clone();
            v["entries"].as_array_mut().expect("entries").push(first);
        }),
    );
    add("audit emptied", edited(|v| v["audit"] = json!([])));
    add(
        "audit reversed",
        edited(|v| {
            v["audit"].as_array_mut().expect("audit").reverse();
        }),
    );
    add(
        "audit seq u64 max",
        edited(|v| v["audit"][0]["seq"] = json!(u64::MAX)),
    );
    add(
        "lockout far future",
        edited(|v| {
            v["security"] = json!({"pins": true, "blind": true, "lockouts": {"chair": "9999-12-31T23:59:59+00:00"}, "pin_hashes": {"chair": "not a hash"}});
        }),
    );
    add("timer run ends before it starts", {
        let mut s: Value = serde_json::from_slice(&read(
            &root().join("fuzz/corpus/load_session/session-timers.json"),
        ))
        .expect("seed");
        s["timers"][0]["phases"][0]["runs"][0]["end"] = json!("2000-01-01T00:00:00+00:00");
        s["timers"][0]["phases"][0]["planned_seconds"] = json!(u32::MAX);
        serde_json::to_vec(&s).expect("serialise")
    });
    add("duplicate keys", {
        let text = String::from_utf8(edited(|_| {})).expect("utf-8");
        text.replacen("\"title\": ", "\"title\": \"first\", \"title\": ", 1)
            .into_bytes()
    });
    add("truncated", {
        let mut b = edited(|_| {});
        b.truncate(b.len() / 2);
        b
    });
    add("bom + session", {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend(edited(|_| {}));
        b
    });
    cases
}

#[test]
fn nasty_session_files_give_an_error_or_a_valid_session() {
    let out = run_all(nasty_sessions(), session_targets);
    let loaded = |n: &str| outcome(&out, n).loaded;
    // A few that must be refused, and a few that must load.
    for refused in [
        "empty",
        "deep array",
        "deep object",
        "deep array in a field",
        "NaN literal",
        "invalid utf-8",
        "schema 3",
        "schema u64 max",
        "weight 1e400",
        "weight NaN literal",
        "weight \"NaN\"",
        "weights 1e308",
        "step negative",
        "score 1e308",
        "score for an unknown criterion",
        "truncated",
    ] {
        assert!(!loaded(refused), "{refused:?} loaded");
    }
    for accepted in [
        "bom + session",
        "nested 200 in an unknown field",
        "audit emptied",
    ] {
        assert!(loaded(accepted), "{accepted:?} did not load");
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-made nasty CSV files

fn nasty_csv() -> Vec<(String, Vec<u8>)> {
    // Part of the demo scores (the whole file is imported in `fixtures_through_csv_import`):
    // every successful import is followed by a full `verify`, which is slow in debug builds.
    let (e, j, s) = (
        fixture("demo-entries.csv"),
        fixture("demo-jurors.csv"),
        checks::demo_scores_part().into_bytes(),
    );
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    // Each damaged file in each of the three slots.
    let mut each_slot = |name: &str, bad: &dyn Fn(&[u8]) -> Vec<u8>| {
        cases.push((format!("{name} / entries"), csv3(&bad(&e), &j, &s)));
        cases.push((format!("{name} / jurors"), csv3(&e, &bad(&j), &s)));
        cases.push((format!("{name} / scores"), csv3(&e, &j, &bad(&s))));
    };
    let replace = |b: &[u8], from: &[u8], to: &[u8]| -> Vec<u8> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i..].starts_with(from) {
                out.extend_from_slice(to);
                i += from.len();
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        out
    };
    each_slot("as is", &|b| b.to_vec());
    each_slot("bom", &|b| [b"\xEF\xBB\xBF".as_slice(), b].concat());
    each_slot("two boms", &|b| {
        [b"\xEF\xBB\xBF\xEF\xBB\xBF".as_slice(), b].concat()
    });
    each_slot("crlf", &|b| replace(b, b"\n", b"\r\n"));
    each_slot("cr only", &|b| replace(b, b"\n", b"\r"));
    each_slot("lf cr", &|b| replace(b, b"\n", b"\n\r"));
    each_slot("blank lines", &|b| replace(b, b"\n", b"\n\n \n,,,\n"));
    each_slot("invalid utf-8 at start", &|b| {
        [b"\xff".as_slice(), b].concat()
    });
    each_slot("invalid utf-8 at end", &|b| {
        [b, b"\xc0\xaf".as_slice()].concat()
    });
    each_slot("lone continuation byte", &|b| replace(b, b"E0", b"E\x800"));
    each_slot("cut in a utf-8 character", &|b| {
        [b, b"\xe2\x82".as_slice()].concat()
    });
    each_slot("nul bytes", &|b| replace(b, b",", b",\0"));
    each_slot("semicolons", &|b| replace(b, b",", b";"));
    each_slot("tabs", &|b| replace(b, b",", b"\t"));
    each_slot("unbalanced quote", &|b| {
        [b, b"\"E99,open".as_slice()].concat()
    });
    each_slot("header only", &|b| {
        b.split(|&c| c == b'\n').next().unwrap_or_default().to_vec()
    });
    each_slot("empty", &|_| Vec::new());
    each_slot("upper-case header", &|b| {
        let (head, rest) = b.split_at(b.iter().position(|&c| c == b'\n').unwrap_or(b.len()));
        [head.to_ascii_uppercase().as_slice(), rest].concat()
    });
    each_slot("10000 extra columns", &|b| {
        replace(b, b"\n", &[b",".repeat(10_000), b"\n".to_vec()].concat())
    });
    each_slot("extra named column", &|b| replace(b, b"\n", b",x\n"));
    each_slot("every line twice", &|b| {
        let mut out = Vec::new();
        for (i, line) in b.split(|&c| c == b'\n').enumerate() {
            out.extend_from_slice(line);
            out.push(b'\n');
            if i > 0 && !line.is_empty() {
                out.extend_from_slice(line);
                out.push(b'\n');
            }
        }
        out
    });
    each_slot("1 MB field", &|b| {
        replace(
            b,
            b"E01,",
            &[b"E01".as_slice(), &b"x".repeat(1 << 20), b","].concat(),
        )
    });

    // Score values.
    let header = b"entry,juror,criterion,score,note\n".as_slice();
    for score in [
        "1e308",
        "-1e308",
        "1e400",
        "NaN",
        "nan",
        "inf",
        "-inf",
        "Infinity",
        "-0",
        "+80",
        "80.",
        ".5",
        "5e-324",
        "1e-4",
        "80.00001",
        "80,5",
        "0x50",
        "１００",
        "80 ",
        "",
        "9999999999999999999999",
        "-9223372036854775808",
        "100.0000000000000001",
    ] {
        let mut scores = header.to_vec();
        scores.extend_from_slice(format!("E01,J1,problem,{score},\n").as_bytes());
        cases.push((format!("score {score:?}"), csv3(&e, &j, &scores)));
        let mut note = header.to_vec();
        note.extend_from_slice(format!("E01,J1,problem,{score},a note\n").as_bytes());
        cases.push((format!("score {score:?} with a note"), csv3(&e, &j, &note)));
    }
    // A complete sheet with a silly value, then the same sheet again with `replace`.
    let mut sheet = header.to_vec();
    for c in [
        "problem",
        "novelty",
        "implementation",
        "impact",
        "sustainability",
        "replicability",
        "presentation",
        "interview",
    ] {
        sheet.extend_from_slice(format!("E02,J2,{c},100,\n").as_bytes());
    }
    cases.push(("complete sheet".into(), csv3(&e, &j, &sheet)));
    sheet.extend_from_slice(b"E02,J2,problem,0,twice\n");
    cases.push((
        "complete sheet, one criterion twice".into(),
        csv3(&e, &j, &sheet),
    ));
    // 10,000 rows.
    let mut many = header.to_vec();
    for i in 0..10_000 {
        many.extend_from_slice(
            format!("E{:02},J{},problem,{},\n", i % 20 + 1, i % 5 + 1, i % 101).as_bytes(),
        );
    }
    cases.push(("10000 score rows".into(), csv3(&e, &j, &many)));
    // Entries and jurors edge cases.
    let entries = b"id,title,institution,category\nE1,T,I,C\n".as_slice();
    for (name, jurors) in [
        (
            "conflicts separators only",
            "id,name,role,conflicts\nJ1,N,,;;; ;\n",
        ),
        ("conflict twice", "id,name,role,conflicts\nJ1,N,,E1;E1\n"),
        ("conflict unknown", "id,name,role,conflicts\nJ1,N,,E2\n"),
        ("juror id twice", "id,name\nJ1,N\nJ1,M\n"),
        ("column twice", "id,name,name\nJ1,N,M\n"),
        ("no header columns", ",,,\n,,,\n"),
        ("unknown column", "id,name,pin\nJ1,N,1234\n"),
    ] {
        cases.push((name.into(), csv3(entries, jurors.as_bytes(), b"")));
    }
    for (name, entries) in [
        (
            "entry id twice",
            "id,title,institution,category\nE1,T,I,C\nE1,U,I,C\n",
        ),
        ("empty category", "id,title,institution,category\nE1,T,I,\n"),
        (
            "quoted newlines",
            "id,title,institution,category\n\"E\n1\",\"T\r\n\",I,C\n",
        ),
        ("only separators", "\u{1e}\u{1e}"),
    ] {
        cases.push((
            name.into(),
            csv3(entries.as_bytes(), b"id,name\nJ1,N\n", b""),
        ));
    }
    cases
}

#[test]
fn nasty_csv_files_give_an_error_or_a_valid_session() {
    let out = run_all(nasty_csv(), checks::check_csv);
    let ok = |n: &str| *outcome(&out, n);
    for name in ["as is", "bom", "crlf", "blank lines", "upper-case header"] {
        let o = ok(&format!("{name} / scores"));
        assert!(o.entries_ok && o.jurors_ok && o.scores_ok, "{name}: {o:?}");
    }
    for name in [
        "invalid utf-8 at start",
        "invalid utf-8 at end",
        "lone continuation byte",
        "cut in a utf-8 character",
    ] {
        assert!(!ok(&format!("{name} / entries")).entries_ok, "{name}");
        assert!(!ok(&format!("{name} / scores")).scores_ok, "{name}");
    }
    for score in ["1e308", "1e400", "NaN", "inf", "80,5", "0x50", "80.00001"] {
        assert!(
            !ok(&format!("score {score:?}")).scores_ok,
            "score {score:?} was accepted"
        );
    }
    assert!(ok("complete sheet").scores_ok);
}
