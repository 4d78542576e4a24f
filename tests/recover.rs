//! A damaged or hand-edited session file, end to end with the real `juri` binary.
//!
//! - A file that no longer loads (truncated, a byte flipped, emptied, from a newer juri, a score
//!   out of range) is refused by every command with an error that names the problem, and is
//!   never overwritten; `juri recover` shows what the file and its backup hold, changes nothing
//!   on "n", and on "y" (or `--yes`) restores the backup, keeping the broken file aside.
//!   The backup is read with the journal, so it comes back with every change made after it.
//! - A file that loads but was edited outside juri (a score changed to another valid value, an
//!   audit event in the journal changed or moved) passes `juri validate` but fails `juri verify`,
//!   which names the field or the event. A journal with events removed is refused on loading.
//!
//! Every test runs in its own temporary folder with its own `JURI_HOME`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;

use common::fixtures::{ENTRIES, JURORS, SCORES};
use common::sandbox::{Sandbox, p};

// ---------------------------------------------------------------------------------------------
// Harness (the sandbox and the runner are in tests/common/sandbox.rs)

impl Sandbox {
    fn session(&self) -> PathBuf {
        self.path("S.json")
    }

    /// `juri new S.json` from the demo entries and jurors (the first save: no backup yet).
    fn new_session(&self) -> PathBuf {
        self.run(&[
            "new",
            "S.json",
            "--preset",
            "kipp",
            "--entries",
            ENTRIES,
            "--jurors",
            JURORS,
        ])
        .succeeded();
        self.session()
    }

    /// A scores CSV in the sandbox with the demo rows of `entries` only.
    fn scores_of(&self, name: &str, entries: &[&str]) -> PathBuf {
        let text = fs::read_to_string(SCORES).unwrap();
        let mut lines = text.lines();
        let mut out = format!("{}\n", lines.next().unwrap());
        for l in lines.filter(|l| entries.iter().any(|e| l.starts_with(&format!("{e},")))) {
            out.push_str(l);
            out.push('\n');
        }
        let path = self.path(name);
        fs::write(&path, out).unwrap();
        path
    }

    /// A session saved three times (new, then two imports), so its `.bak` holds scores too.
    fn saved_session(&self) -> PathBuf {
        let s = self.new_session();
        let first = self.scores_of("first.csv", &["E01", "E02"]);
        let second = self.scores_of("second.csv", &["E03"]);
        self.run(&["import-scores", "S.json", p(&first)])
            .succeeded();
        self.run(&["import-scores", "S.json", p(&second)])
            .succeeded();
        assert!(bak(&s).is_file(), "two saves leave a backup");
        s
    }
}

fn bak(path: &Path) -> PathBuf {
    juri::store::bak_path(path)
}

#[cfg(unix)]
fn assert_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{} has mode {mode:o}", path.display());
}

#[cfg(not(unix))]
fn assert_private(_: &Path) {}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).expect("the session file is JSON")
}

fn write_json(path: &Path, v: &Value) {
    let mut text = serde_json::to_string_pretty(v).unwrap();
    text.push('\n');
    fs::write(path, text).unwrap();
}

/// The names in `snapshot` that start with `prefix`.
fn names_starting(snapshot: &BTreeMap<String, Vec<u8>>, prefix: &str) -> Vec<String> {
    snapshot
        .keys()
        .filter(|k| k.starts_with(prefix))
        .cloned()
        .collect()
}

// ---------------------------------------------------------------------------------------------
// A file that does not load

/// How a test breaks the session file, and what the error must say about it.
struct Damage {
    name: &'static str,
    /// Words the `error:` line must contain.
    needles: &'static [&'static str],
    /// Answer "y" on stdin (or else pass `--yes`).
    answer_y: bool,
    apply: fn(&Path),
}

const DAMAGES: &[Damage] = &[
    Damage {
        name: "truncated",
        needles: &[
            "is not a readable session file",
            "ends early at line",
            "(truncated?)",
        ],
        answer_y: true,
        apply: |path| {
            let b = fs::read(path).unwrap();
            fs::write(path, &b[..b.len() / 2]).unwrap();
        },
    },
    Damage {
        name: "a byte flipped in the middle",
        needles: &[
            "is not a readable session file",
            "it is not valid JSON",
            " at line ",
        ],
        answer_y: false,
        apply: |path| {
            let mut b = fs::read(path).unwrap();
            let i = b.len() / 2;
            b[i] ^= 0xFF;
            fs::write(path, &b).unwrap();
        },
    },
    Damage {
        name: "emptied",
        needles: &["is not a readable session file", "the file is empty"],
        answer_y: true,
        apply: |path| fs::write(path, "").unwrap(),
    },
    Damage {
        name: "schema_version 99",
        needles: &[
            "is not a readable session file",
            "written by a newer juri (schema_version 99",
        ],
        answer_y: false,
        apply: |path| {
            let text = fs::read_to_string(path).unwrap();
            let edited = text.replacen("\"schema_version\": 2,", "\"schema_version\": 99,", 1);
            assert_ne!(edited, text, "the file starts with schema_version 2");
            fs::write(path, edited).unwrap();
        },
    },
    Damage {
        name: "a score above the scale",
        needles: &["scores[1].values.novelty: 101 is above the scale maximum 100"],
        answer_y: true,
        apply: |path| {
            let mut v = read_json(path);
            v["scores"][1]["values"]["novelty"] = Value::from(101.0);
            write_json(path, &v);
        },
    },
];

/// Every command that reads the file refuses it, names the problem and changes nothing.
fn every_command_refuses(sb: &Sandbox, d: &Damage) {
    let before = sb.snapshot();
    let csv = sb.scores_of("more.csv", &["E04"]);
    let before_csv = sb.snapshot();
    let commands: [&[&str]; 6] = [
        &["validate", "S.json"],
        &["standings", "S.json"],
        &["verify", "S.json"],
        &["export", "S.json", "--format", "md"],
        &["export", "S.json"],
        &["import-scores", "S.json", p(&csv)],
    ];
    for args in commands {
        let out = sb.run(args);
        out.refused(d.needles);
        assert!(
            out.stderr.lines().next().unwrap().contains("S.json"),
            "{}: {args:?} names the file: {}",
            d.name,
            out.stderr
        );
        assert_eq!(
            out.hint(),
            "the file was not changed; `juri recover S.json` shows the previous version kept in S.json.bak",
            "{}: {args:?}",
            d.name
        );
        assert_eq!(
            sb.snapshot(),
            before_csv,
            "{}: `juri {args:?}` changed a file",
            d.name
        );
    }
    fs::remove_file(&csv).unwrap();
    assert_eq!(sb.snapshot(), before);
}

#[test]
fn a_file_that_does_not_load_is_refused_and_recovered_from_its_backup() {
    for d in DAMAGES {
        let sb = Sandbox::new();
        let path = sb.saved_session();
        let bak_bytes = fs::read(bak(&path)).unwrap();
        (d.apply)(&path);
        let broken = fs::read(&path).unwrap();
        assert!(
            juri::store::load(&path).is_err(),
            "{}: the damaged file still loads",
            d.name
        );

        every_command_refuses(&sb, d);

        // "n": both versions are described, nothing changes.
        let before = sb.snapshot();
        let out = sb.run_with_input(&["recover", "S.json"], "n\n");
        out.succeeded();
        assert_eq!(out.stdout, "nothing changed\n", "{}", d.name);
        let now = out
            .stderr
            .lines()
            .find(|l| l.starts_with("now:"))
            .unwrap_or_else(|| panic!("{}: no now: line\n{}", d.name, out.stderr));
        assert!(now.contains("cannot be loaded: "), "{}: {now}", d.name);
        for n in d.needles {
            assert!(now.contains(n), "{}: {n:?} not in {now:?}", d.name);
        }
        let backup = out
            .stderr
            .lines()
            .find(|l| l.starts_with("backup:"))
            .unwrap_or_else(|| panic!("{}: no backup: line\n{}", d.name, out.stderr));
        assert!(
            backup.contains("15 sheets (15 submitted)") && backup.ends_with("; verifies"),
            "{}: the backup, with the journal's later events, holds both imports and verifies: {backup}",
            d.name
        );
        assert!(
            out.stderr.contains("Restore S.json from its backup? [y/N]"),
            "{}: {}",
            d.name,
            out.stderr
        );
        assert_eq!(sb.snapshot(), before, "{}: \"n\" changed a file", d.name);

        // "y" (or --yes): the backup is back, the broken file is kept aside.
        let out = if d.answer_y {
            sb.run_with_input(&["recover", "S.json"], "y\n")
        } else {
            sb.run(&["recover", "S.json", "--yes"])
        };
        out.succeeded();
        assert_eq!(
            fs::read(&path).unwrap(),
            bak_bytes,
            "{}: the file is now the backup",
            d.name
        );
        assert_eq!(
            fs::read(bak(&path)).unwrap(),
            bak_bytes,
            "{}: the backup is left as it was",
            d.name
        );
        let after = sb.snapshot();
        let kept = names_starting(&after, "S.json.before-recover-");
        assert_eq!(kept.len(), 1, "{}: {:?}", d.name, after.keys());
        assert_eq!(
            after[&kept[0]], broken,
            "{}: the broken file is kept as it was",
            d.name
        );
        assert!(
            out.stdout
                .contains(&format!("kept the current file as {}\n", kept[0])),
            "{}: {}",
            d.name,
            out.stdout
        );
        assert!(
            out.stdout
                .trim_end()
                .ends_with("restored S.json from S.json.bak"),
            "{}: {}",
            d.name,
            out.stdout
        );
        if !d.answer_y {
            // --yes prints what it restored over.
            assert!(
                out.stdout.starts_with("now:    cannot be loaded: "),
                "{}",
                out.stdout
            );
            assert!(out.stdout.contains("\nbackup: "), "{}", out.stdout);
        }
        // No lock and no temporary file is left; the files are the owner's only.
        let mut names: Vec<&str> = after.keys().map(String::as_str).collect();
        names.retain(|n| !n.starts_with("S.json.before-recover-"));
        assert_eq!(
            names,
            [
                "S.json",
                "S.json.audit.jsonl",
                "S.json.bak",
                "first.csv",
                "second.csv"
            ],
            "{}",
            d.name
        );
        for f in [path.clone(), bak(&path), sb.path(&kept[0])] {
            assert_private(&f);
        }
        let v = sb.run(&["verify", "S.json"]);
        v.succeeded();
        assert!(v.stdout.contains("S.json verified: "), "{}", v.stdout);
        let v = sb.run(&["validate", "S.json"]);
        v.succeeded();
        assert!(
            v.stdout.contains("15 sheets (15 submitted)"),
            "{}",
            v.stdout
        );
    }
}

#[test]
fn recover_without_a_backup_says_so_and_changes_nothing() {
    let sb = Sandbox::new();
    let path = sb.new_session();
    assert!(!bak(&path).exists(), "one save has no backup");
    assert_private(&path);
    let before = sb.snapshot();
    for input in ["y\n", ""] {
        let out = sb.run_with_input(&["recover", "S.json", "--yes"], input);
        assert_eq!(out.code, Some(1), "{out:?}");
        assert!(out.stdout.is_empty(), "{out:?}");
        assert_eq!(out.stderr, "error: there is no backup S.json.bak\n");
        assert_eq!(sb.snapshot(), before);
    }
    let out = sb.run_with_input(&["recover", "S.json"], "y\n");
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(out.stderr, "error: there is no backup S.json.bak\n");
    assert_eq!(sb.snapshot(), before);
    // A second save makes one, private like the session.
    let csv = sb.scores_of("one.csv", &["E01"]);
    sb.run(&["import-scores", "S.json", p(&csv)]).succeeded();
    assert_eq!(fs::read(bak(&path)).unwrap(), before["S.json"]);
    assert_private(&path);
    assert_private(&bak(&path));
}

#[test]
fn a_backup_that_does_not_load_is_not_restored() {
    let sb = Sandbox::new();
    let path = sb.saved_session();
    fs::write(bak(&path), "{\"schema_version\": 1,").unwrap();
    let before = sb.snapshot();
    let out = sb.run(&["recover", "S.json", "--yes"]);
    out.refused(&["S.json.bak is not a readable session file", "ends early"]);
    assert_eq!(sb.snapshot(), before, "nothing changed");
}

// ---------------------------------------------------------------------------------------------
// A file that loads but was edited outside juri

/// A session with every demo score imported, then one sheet replaced (a reopen in the log).
fn audited_session(sb: &Sandbox) -> PathBuf {
    let path = sb.new_session();
    sb.run(&["import-scores", "S.json", SCORES]).succeeded();
    let replace = sb.path("replace.csv");
    fs::write(
        &replace,
        "entry,juror,criterion,score\nE02,J3,novelty,64\nE02,J3,impact,71\n",
    )
    .unwrap();
    sb.run(&["import-scores", "S.json", p(&replace), "--replace"])
        .succeeded();
    path
}

/// `juri validate` passes, `juri verify` exits 1 naming `needle`, and neither writes anything.
fn validate_passes_verify_names(sb: &Sandbox, what: &str, needles: &[&str]) {
    let before = sb.snapshot();
    let out = sb.run(&["validate", "S.json"]);
    assert_eq!(
        out.code,
        Some(0),
        "{what}: validate should pass: {}",
        out.stderr
    );
    assert!(
        out.stdout.starts_with("S.json is sound: "),
        "{}",
        out.stdout
    );
    let out = sb.run(&["verify", "S.json"]);
    out.refused(&["S.json was changed outside juri: "]);
    let first = out.stderr.lines().next().unwrap();
    for n in needles {
        assert!(first.contains(n), "{what}: {n:?} not in {first:?}");
    }
    assert!(
        out.hint().contains("juri recover S.json"),
        "{what}: {}",
        out.stderr
    );
    assert_eq!(sb.snapshot(), before, "{what}: a file changed");
}

#[test]
fn an_untouched_file_verifies_with_its_fingerprint() {
    let sb = Sandbox::new();
    let path = audited_session(&sb);
    let out = sb.run(&["verify", "S.json"]);
    out.succeeded();
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    let s = juri::store::load(&path).unwrap();
    assert_eq!(s.scores.len(), 58);
    assert!(s.scores.iter().filter(|x| x.is_submitted()).count() >= 50);
    assert_eq!(
        lines[0],
        format!(
            "S.json verified: {} audit events chained from the session id, replay matches {} sheets ({} submitted), the timer log and the standings",
            juri::model::audit::tip(&s).0,
            s.scores.len(),
            s.scores.iter().filter(|x| x.is_submitted()).count()
        )
    );
    let fp = lines[1]
        .strip_prefix("fingerprint ")
        .expect("a fingerprint line");
    assert_eq!(fp.len(), 64, "{fp}");
    assert!(
        fp.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
        "{fp}"
    );
    assert_eq!(fp, juri::standings::verify::fingerprint(&s));

    // Rewritten with other formatting and key order, it is the same session: still verifies,
    // with the same fingerprint.
    let v = read_json(&path);
    fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
    let again = sb.run(&["verify", "S.json"]);
    again.succeeded();
    assert_eq!(again.stdout, out.stdout);
}

#[test]
fn a_score_changed_to_another_valid_value_is_named_by_verify() {
    let sb = Sandbox::new();
    let path = audited_session(&sb);
    let mut v = read_json(&path);
    let i = 7;
    let sheet = &mut v["scores"][i];
    assert_eq!(sheet["state"], "submitted", "{sheet}");
    let old = sheet["values"]["impact"].as_f64().unwrap();
    let new = if old < 100.0 { old + 1.0 } else { old - 1.0 };
    sheet["values"]["impact"] = Value::from(new);
    write_json(&path, &v);
    validate_passes_verify_names(
        &sb,
        "a score changed",
        &[&format!(
            "scores[{i}].values.impact is {new:.1} in the file but {old:.1} by the audit log"
        )],
    );
    // recover describes the file as loading but not verifying.
    let out = sb.run_with_input(&["recover", "S.json"], "n\n");
    out.succeeded();
    let now = out.stderr.lines().find(|l| l.starts_with("now:")).unwrap();
    assert!(
        now.contains(&format!("does not verify: scores[{i}].values.impact")),
        "{now}"
    );
    assert_eq!(out.stdout, "nothing changed\n");
}

/// The journal's lines.
fn journal(path: &Path) -> Vec<String> {
    fs::read_to_string(juri::store::journal_path(path))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn write_journal(path: &Path, lines: &[String]) {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    fs::write(juri::store::journal_path(path), text).unwrap();
}

#[test]
fn a_journal_with_events_removed_is_refused() {
    let sb = Sandbox::new();
    let path = audited_session(&sb);
    let original = journal(&path);
    for (what, k) in [("an event", 20), ("the last event", original.len() - 1)] {
        let mut lines = original.clone();
        lines.remove(k);
        write_journal(&path, &lines);
        let before = sb.snapshot();
        for cmd in ["validate", "verify", "standings"] {
            let out = sb.run(&[cmd, "S.json"]);
            out.refused(&["S.json.audit.jsonl: ", "events were removed"]);
            assert!(
                out.hint().contains("belong together"),
                "{what}: {}",
                out.stderr
            );
        }
        assert_eq!(sb.snapshot(), before, "{what}: a file changed");
    }
}

#[test]
fn an_edited_audit_event_is_named_by_verify() {
    let sb = Sandbox::new();
    let path = audited_session(&sb);
    let mut lines = journal(&path);
    let k = 20;
    // The same event a year earlier: the chain breaks at the event after it.
    let edited = lines[k].replacen("\"at\":\"2026-", "\"at\":\"2025-", 1);
    assert_ne!(edited, lines[k]);
    lines[k] = edited;
    write_journal(&path, &lines);
    validate_passes_verify_names(
        &sb,
        "an event edited",
        &[&format!(
            "audit[{}] (event {}) does not follow from event {}: event {} was changed",
            k + 1,
            k + 2,
            k + 1,
            k + 1
        )],
    );
}

#[test]
fn swapped_audit_events_are_named() {
    let sb = Sandbox::new();
    let path = audited_session(&sb);
    let original = journal(&path);
    let i = 30;

    // Swapped as they are: their numbers are out of order.
    let mut lines = original.clone();
    lines.swap(i, i + 1);
    write_journal(&path, &lines);
    validate_passes_verify_names(
        &sb,
        "two events swapped",
        &[&format!(
            "audit[{i}] is numbered {} where {} was expected",
            i + 2,
            i + 1
        )],
    );

    // Swapped and renumbered: the chain names the first moved event.
    let (a, b) = (format!("\"seq\":{},", i + 1), format!("\"seq\":{},", i + 2));
    lines[i] = lines[i].replacen(&b, &a, 1);
    lines[i + 1] = lines[i + 1].replacen(&a, &b, 1);
    write_journal(&path, &lines);
    validate_passes_verify_names(
        &sb,
        "two events swapped and renumbered",
        &[&format!(
            "audit[{i}] (event {}) does not follow from event {i}",
            i + 1
        )],
    );
}

/// `juri recover` names the copy it keeps by the second. Run twice within one second (say,
/// `--yes` repeated by accident), the second run's copy (of the file it just restored)
/// replaces the first run's copy, and the broken file that was "kept aside" is gone.
#[test]
fn two_recovers_in_one_second_keep_both_files() {
    let sb = Sandbox::new();
    let path = sb.saved_session();
    fs::write(&path, "not a session\n").unwrap();
    // Start just after a second begins, so that both runs (a few ms each) fall in it.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    std::thread::sleep(std::time::Duration::from_nanos(
        1_000_000_000 - u64::from(now.subsec_nanos()) + 5_000_000,
    ));
    sb.run(&["recover", "S.json", "--yes"]).succeeded();
    sb.run(&["recover", "S.json", "--yes"]).succeeded();
    let after = sb.snapshot();
    let kept = names_starting(&after, "S.json.before-recover-");
    assert!(
        kept.iter().any(|k| after[k] == b"not a session\n"),
        "the broken file is no longer kept: {kept:?}"
    );
    assert_eq!(kept.len(), 2, "{kept:?}");
}
