//! The command line end to end: every test runs the real `juri` binary in its own temporary
//! folder, with `JURI_HOME` pointing into that folder so nothing touches the real data folder,
//! and checks what a user would see: exit codes, the text on stdout and stderr, and the bytes of
//! the files written (or, on every failure, not written).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

mod common;

use common::fixture;
use common::fixtures::{ENTRIES, JURORS, SCORES};
use common::sandbox::{Out, Sandbox, p};

// ---------------------------------------------------------------------------------------------
// Harness (the sandbox and the runner are in tests/common/sandbox.rs)

/// `juri new FILE` from the demo entries and jurors, then `extra` (which picks the rubric).
fn new_args<'a>(file: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["new", file, "--entries", ENTRIES, "--jurors", JURORS];
    args.extend_from_slice(extra);
    args
}

impl Sandbox {
    /// `juri new S.json --preset kipp` with the demo entries and jurors, a title and a cut-off.
    fn new_session(&self) -> PathBuf {
        let out = self.run(&new_args(
            "S.json",
            &[
                "--preset",
                "kipp",
                "--title",
                "T",
                "--cutoff",
                "Kabupaten/Kota=10",
            ],
        ));
        out.ok();
        assert_eq!(
            out.stdout,
            "created S.json: 20 entries in 2 categories, 5 jurors, rubric kipp (8 criteria)\n"
        );
        self.path("S.json")
    }

    /// A session with the demo scores imported (so it also has a `.bak`).
    fn scored_session(&self) -> PathBuf {
        let path = self.new_session();
        self.run(&["import-scores", p(&path), SCORES]).ok();
        assert!(bak(&path).is_file());
        path
    }

    fn standings_json(&self, path: &Path, extra: &[&str]) -> Value {
        let mut args = vec!["standings", p(path), "--format", "json"];
        args.extend_from_slice(extra);
        let out = self.run(&args);
        out.ok();
        serde_json::from_str(&out.stdout).expect("standings --format json is JSON")
    }
}

fn bak(path: &Path) -> PathBuf {
    juri::store::bak_path(path)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).expect("session file is JSON")
}

/// The whole audit log of a session: its journal's lines, then any events the file carries.
fn read_audit(path: &Path) -> Vec<Value> {
    let journal = juri::store::journal_path(path);
    let mut out: Vec<Value> = fs::read_to_string(&journal)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a journal line is JSON"))
        .collect();
    if let Some(a) = read_json(path)["audit"].as_array() {
        out.extend(a.iter().cloned());
    }
    out
}

/// Writes `v` as juri does (pretty, one newline at the end).
fn write_json(path: &Path, v: &Value) {
    fs::write(path, serde_json::to_string_pretty(v).unwrap() + "\n").unwrap();
}

/// The standings rows, by entry id.
fn rows_by_entry(v: &Value) -> BTreeMap<String, Value> {
    v["standings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["entry"].as_str().unwrap().to_string(), r.clone()))
        .collect()
}

fn all_entry_ids() -> BTreeSet<String> {
    (1..=20).map(|i| format!("E{i:02}")).collect()
}

const KAB: &str = "Kabupaten/Kota";
const PROV: &str = "Perangkat Daerah Provinsi";
const KAB_ENTRIES: [&str; 10] = [
    "E02", "E04", "E05", "E08", "E10", "E11", "E13", "E15", "E17", "E19",
];

// ---------------------------------------------------------------------------------------------
// 1. new

#[cfg(unix)]
#[test]
fn new_creates_a_private_session_file_from_the_csvs() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let path = sb.new_session();
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
    let v = read_json(&path);
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["title"], "T");
    assert_eq!(v["rubric"]["name"], "kipp");
    assert_eq!(v["rubric"]["criteria"].as_array().unwrap().len(), 8);
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 20);
    let ids: BTreeSet<String> = entries
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, all_entry_ids());
    assert_eq!(v["jurors"].as_array().unwrap().len(), 5);
    assert_eq!(
        v["jurors"][3]["conflicts"],
        serde_json::json!(["E05", "E11"])
    );
    let cats: Vec<(String, Value)> = v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap().to_string(), c["top_n"].clone()))
        .collect();
    assert_eq!(
        cats,
        vec![
            (PROV.to_string(), Value::Null),
            (KAB.to_string(), Value::from(10))
        ]
    );
    assert_eq!(v["scores"].as_array().unwrap().len(), 0);
    // Nothing else was written: no backup, no temporary file, no lock, no data folder.
    let names: Vec<String> = sb.snapshot().into_keys().collect();
    assert_eq!(names, ["S.json"]);
    assert!(!sb.home.exists());
}

#[test]
fn new_refuses_an_existing_file_and_leaves_it_alone() {
    let sb = Sandbox::new();
    let path = sb.new_session();
    let before = sb.snapshot();
    // Even with other contents (another rubric and title), the existing file is kept.
    let out = sb.run(&new_args(
        "S.json",
        &["--preset", "kipp-10", "--title", "Other"],
    ));
    out.refused(&["S.json already exists"]);
    assert_eq!(
        out.stderr,
        "error: S.json already exists\nhint: choose another file name\n"
    );
    assert_eq!(sb.snapshot(), before);
    assert_eq!(read_json(&path)["title"], "T");
}

#[test]
fn new_with_a_custom_rubric_file() {
    let sb = Sandbox::new();
    let out = sb.run(&new_args(
        "custom.json",
        &["--rubric", fixture!("rubric-custom-example.json")],
    ));
    out.ok();
    assert_eq!(
        out.stdout,
        "created custom.json: 20 entries in 2 categories, 5 jurors, rubric contoh-1-10 (4 criteria)\n"
    );
    let v = read_json(&sb.path("custom.json"));
    // The title defaults to the file stem; the rubric is the file's, criterion for criterion.
    assert_eq!(v["title"], "custom");
    let rubric: Value =
        serde_json::from_slice(&fs::read(fixture!("rubric-custom-example.json")).unwrap()).unwrap();
    assert_eq!(v["rubric"], rubric);
    let ids: Vec<&str> = v["rubric"]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["novelty", "benefit", "sustainability", "presentation"]
    );
    // The kipp demo scores do not fit this rubric: the first row's criterion is refused.
    let before = sb.snapshot();
    let out = sb.run(&["import-scores", "custom.json", SCORES]);
    out.refused(&[
        "demo-scores.csv, line 2:",
        "there is no criterion \"problem\" in the rubric",
        "novelty, benefit, sustainability, presentation",
    ]);
    assert_eq!(sb.snapshot(), before);
}

#[test]
fn new_needs_exactly_one_rubric_source() {
    let sb = Sandbox::new();
    let base = ["new", "S.json", "--entries", ENTRIES, "--jurors", JURORS];
    let out = sb.run(&base);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.starts_with("error:"), "{}", out.stderr);
    assert!(out.stderr.contains("--preset"), "{}", out.stderr);
    let mut both = base.to_vec();
    both.extend(["--preset", "kipp", "--rubric", fixture!("rubric-kipp.json")]);
    let out = sb.run(&both);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("cannot be used with"), "{}", out.stderr);
    assert!(!sb.path("S.json").exists());
}

#[test]
fn new_refuses_a_cutoff_for_an_unknown_category() {
    let sb = Sandbox::new();
    let out = sb.run(&new_args(
        "S.json",
        &["--preset", "kipp", "--cutoff", "Kota=10"],
    ));
    out.refused(&["--cutoff: there is no category \"Kota\""]);
    assert!(sb.snapshot().is_empty());
}

/// The demo's entries and jurors as Excel writes "CSV" in an Indonesian locale: `;` between
/// values, conflicts quoted.
fn semicolon(text: &str) -> String {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for rec in r.records() {
        w.write_record(&rec.unwrap()).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn new_reads_a_semicolon_separated_csv_from_a_spreadsheet() {
    let sb = Sandbox::new();
    let entries = semicolon(&fs::read_to_string(ENTRIES).unwrap());
    let jurors = semicolon(&fs::read_to_string(JURORS).unwrap());
    assert!(entries.starts_with("id;title;institution;category"));
    assert!(jurors.contains("\"E05; E11\""), "{jurors}");
    fs::write(sb.path("e.csv"), entries).unwrap();
    fs::write(sb.path("j.csv"), jurors).unwrap();
    let out = sb.run(&[
        "new",
        "S.json",
        "--entries",
        "e.csv",
        "--jurors",
        "j.csv",
        "--preset",
        "kipp",
    ]);
    out.ok();
    assert_eq!(
        out.stdout,
        "created S.json: 20 entries in 2 categories, 5 jurors, rubric kipp (8 criteria)\n"
    );
    let v = read_json(&sb.path("S.json"));
    assert_eq!(
        v["jurors"][3]["conflicts"],
        serde_json::json!(["E05", "E11"])
    );
    assert_eq!(v["entries"][0]["title"], first_entry_title());
    // Scores from the same spreadsheet: `;` between values, a decimal comma in the score.
    let scores = semicolon(&fs::read_to_string(SCORES).unwrap());
    fs::write(sb.path("s.csv"), scores).unwrap();
    sb.run(&["import-scores", "S.json", "s.csv"]).ok();
    let out = sb.run(&[
        "new",
        "T.json",
        "--entries",
        "e.csv",
        "--jurors",
        "j.csv",
        "--preset",
        "kipp-10",
    ]);
    out.ok();
    fs::write(
        sb.path("half.csv"),
        "entry;juror;criterion;score\nE01;J1;novelty;7,5\n",
    )
    .unwrap();
    sb.run(&["import-scores", "T.json", "half.csv"]).ok();
    let v = read_json(&sb.path("T.json"));
    assert_eq!(v["scores"][0]["values"]["novelty"], 7.5);
}

fn first_entry_title() -> String {
    let text = fs::read_to_string(ENTRIES).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records().next().unwrap().unwrap()[1].to_string()
}

#[test]
fn new_names_what_a_mistyped_option_could_have_been() {
    let sb = Sandbox::new();
    let out = sb.run(&new_args(
        "S.json",
        &["--preset", "kipp", "--cutoff", "Kabupaten=10"],
    ));
    out.refused(&[
        "--cutoff: there is no category \"Kabupaten\"",
        "\"Perangkat Daerah Provinsi\", \"Kabupaten/Kota\"",
    ]);
    let out = sb.run(&new_args(
        "S.json",
        &["--preset", "kipp", "--tie-break", "Impact"],
    ));
    out.refused(&[
        "--tie-break: there is no criterion \"Impact\"",
        "problem, novelty, implementation, impact,",
        "(did you mean \"impact\"?)",
    ]);
    let out = sb.run(&["new", "S.json", "--entries", ENTRIES, "--jurors", JURORS]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("--preset"), "{}", out.stderr);
    assert!(out.stderr.contains("--rubric"), "{}", out.stderr);
    // A jurors file with only its header is no panel.
    fs::write(sb.path("j.csv"), "id,name,role,conflicts\n").unwrap();
    let out = sb.run(&[
        "new",
        "S.json",
        "--entries",
        ENTRIES,
        "--jurors",
        "j.csv",
        "--preset",
        "kipp",
    ]);
    out.refused(&["j.csv, line 2: has no jurors below the header"]);
    fs::write(sb.path("e.csv"), "id,title,institution,category\n\n").unwrap();
    let out = sb.run(&[
        "new",
        "S.json",
        "--entries",
        "e.csv",
        "--jurors",
        JURORS,
        "--preset",
        "kipp",
    ]);
    out.refused(&["e.csv, line 2: has no entries below the header"]);
    assert!(!sb.path("S.json").exists());
    // One of a kind is not "1 categories".
    fs::write(
        sb.path("e.csv"),
        "id,title,institution,category\nE01,a,b,Kota\n",
    )
    .unwrap();
    fs::write(sb.path("j.csv"), "id,name\nJ1,Ana\n").unwrap();
    let out = sb.run(&[
        "new",
        "S.json",
        "--entries",
        "e.csv",
        "--jurors",
        "j.csv",
        "--preset",
        "kipp",
    ]);
    out.ok();
    assert_eq!(
        out.stdout,
        "created S.json: 1 entry in 1 category, 1 juror, rubric kipp (8 criteria)\n"
    );
}

// ---------------------------------------------------------------------------------------------
// 2. import-scores and standings

#[cfg(unix)]
#[test]
fn import_scores_submits_complete_sheets_and_keeps_drafts() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let path = sb.new_session();
    let created = fs::read(&path).unwrap();
    let out = sb.run(&["import-scores", "S.json", SCORES]);
    out.ok();
    assert_eq!(
        out.stdout,
        "imported 461 values: 56 sheets submitted, 2 kept as draft \
         (E13/J2: missing interview; E13/J5: missing presentation, interview)\n"
    );
    // The previous version is the backup; both files are private; no lock is left.
    assert_eq!(fs::read(bak(&path)).unwrap(), created);
    for f in [path.clone(), bak(&path)] {
        let mode = fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}: {mode:o}", f.display());
    }
    let names: Vec<String> = sb.snapshot().into_keys().collect();
    assert_eq!(names, ["S.json", "S.json.audit.jsonl", "S.json.bak"]);
    let v = read_json(&path);
    let sheets = v["scores"].as_array().unwrap();
    assert_eq!(sheets.len(), 58);
    let submitted = sheets.iter().filter(|s| s["state"] == "submitted").count();
    assert_eq!(submitted, 56);
    let drafts: Vec<(&str, &str)> = sheets
        .iter()
        .filter(|s| s["state"] == "draft")
        .map(|s| (s["entry"].as_str().unwrap(), s["juror"].as_str().unwrap()))
        .collect();
    assert_eq!(drafts, [("E13", "J2"), ("E13", "J5")]);
    // The juror with conflicts has no sheet for those entries.
    assert!(
        !sheets
            .iter()
            .any(|s| s["juror"] == "J4" && (s["entry"] == "E05" || s["entry"] == "E11"))
    );
    // The note of a row is kept on its criterion.
    let e01j1 = sheets
        .iter()
        .find(|s| s["entry"] == "E01" && s["juror"] == "J1")
        .unwrap();
    assert_eq!(e01j1["values"]["problem"], 71.0);
    assert!(
        e01j1["notes"]["impact"]
            .as_str()
            .unwrap()
            .starts_with("Angka stunting turun")
    );
    // Every change is audited as made by the import.
    let audit = read_audit(&path);
    assert!(!audit.is_empty());
    let count = |action: &str| audit.iter().filter(|a| a["action"] == action).count();
    assert_eq!(count("score.set"), 461);
    assert_eq!(count("sheet.submit"), 56);
    assert_eq!(count("sheet.reopen"), 0);
    assert!(audit.iter().all(|a| a["actor"] == "import"), "{audit:?}");
}

#[test]
fn standings_json_has_every_entry_once_in_rank_order() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let v = sb.standings_json(&path, &[]);
    assert_eq!(v["method"], "mean");
    assert_eq!(v["normalize"], "none");
    assert_eq!(v["session"], "T");
    assert_eq!(v["category"], Value::Null);
    let rows = v["standings"].as_array().unwrap();
    assert_eq!(rows.len(), 20);
    let ids: BTreeSet<String> = rows
        .iter()
        .map(|r| r["entry"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, all_entry_ids());
    for r in rows {
        for key in [
            "rank",
            "category_rank",
            "entry",
            "title",
            "category",
            "score",
            "sheets",
            "expected",
            "min",
            "max",
            "sd",
            "tie_break",
        ] {
            assert!(r.get(key).is_some(), "row without {key}: {r}");
        }
    }
    // Ranked rows first, competition ranking (1, 2, 3, 3, 5): a rank repeats only for a shared
    // tie and is otherwise the row's position.
    let ranked = rows.iter().take_while(|r| !r["rank"].is_null()).count();
    assert_eq!(ranked, 12);
    assert!(rows[ranked..].iter().all(|r| r["rank"].is_null()
        && r["category_rank"].is_null()
        && r["score"].is_null()
        && r["sheets"] == 0
        && r["unranked"] == "no submitted sheet"));
    let mut prev: Option<(u64, f64)> = None;
    for (i, r) in rows[..ranked].iter().enumerate() {
        let rank = r["rank"].as_u64().unwrap();
        let score = r["score"].as_f64().unwrap();
        match prev {
            Some((pr, ps)) if pr == rank => {
                assert_eq!(r["tie_break"], "shared", "{r}");
                assert_eq!(ps, score, "{r}");
            }
            Some((pr, ps)) => {
                assert!(rank > pr, "{r}");
                assert!(ps >= score, "{r}");
                assert_eq!(rank, i as u64 + 1, "{r}");
            }
            None => assert_eq!(rank, 1),
        }
        prev = Some((rank, score));
    }
    // Category ranks count within each category in the same way.
    for cat in [KAB, PROV] {
        let ranks: Vec<u64> = rows
            .iter()
            .filter(|r| r["category"] == cat)
            .filter_map(|r| r["category_rank"].as_u64())
            .collect();
        assert_eq!(ranks[0], 1);
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{cat}: {ranks:?}");
    }
    let by = rows_by_entry(&v);
    let e08 = &by["E08"];
    assert_eq!(e08["rank"], 1);
    assert_eq!(e08["score"], 89.85);
    assert_eq!(e08["sheets"], 5);
    assert_eq!(e08["expected"], 5);
    assert_eq!(e08["min"], 82.9);
    assert_eq!(e08["max"], 94.9);
    assert_eq!(e08["sd"], 4.15);
    assert_eq!(e08["tie_break"], Value::Null);
    // The conflicted juror is not expected on E05 and E11; E13 has two drafts.
    assert_eq!(
        (&by["E05"]["sheets"], &by["E05"]["expected"]),
        (&4.into(), &4.into())
    );
    assert_eq!(
        (&by["E13"]["sheets"], &by["E13"]["expected"]),
        (&3.into(), &5.into())
    );
}

#[test]
fn ties_are_shared_unless_a_tie_break_criterion_separates_them() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let rank = |by: &BTreeMap<String, Value>, e: &str| by[e]["rank"].as_u64().unwrap();

    let by = rows_by_entry(&sb.standings_json(&path, &[]));
    assert_eq!(by["E03"]["score"], 78.1);
    assert_eq!(by["E09"]["score"], 78.1);
    assert_eq!((rank(&by, "E03"), rank(&by, "E09")), (7, 7));
    assert_eq!(by["E03"]["tie_break"], "shared");
    assert_eq!(by["E09"]["tie_break"], "shared");
    assert_eq!(by["E04"]["score"], 82.04);
    assert_eq!(by["E10"]["score"], 82.04);
    assert_eq!((rank(&by, "E04"), rank(&by, "E10")), (3, 3));
    assert_eq!(by["E04"]["tie_break"], "shared");
    assert_eq!(by["E10"]["tie_break"], "shared");
    assert_eq!(
        rank(&by, "E13"),
        5,
        "the rank after a shared 3rd place is 5"
    );

    // impact puts E03 ahead; E04 and E10 have the same impact mean and stay shared.
    let v = sb.standings_json(&path, &["--tie-break", "impact"]);
    assert_eq!(v["tie_break_criteria"], serde_json::json!(["impact"]));
    let by = rows_by_entry(&v);
    assert_eq!((rank(&by, "E03"), rank(&by, "E09")), (7, 8));
    assert_eq!(by["E03"]["tie_break"], "impact");
    assert_eq!(by["E09"]["tie_break"], "impact");
    assert_eq!(by["E03"]["score"], by["E09"]["score"]);
    assert_eq!((rank(&by, "E04"), rank(&by, "E10")), (3, 3));
    assert_eq!(by["E04"]["tie_break"], "shared");

    // novelty puts E09 ahead instead: the order comes from the criterion, not the agenda.
    let by = rows_by_entry(&sb.standings_json(&path, &["--tie-break", "novelty"]));
    assert_eq!((rank(&by, "E09"), rank(&by, "E03")), (7, 8));
    assert_eq!(by["E03"]["tie_break"], "novelty");

    // sustainability leaves them equal; the next criterion in the list decides.
    let by = rows_by_entry(&sb.standings_json(&path, &["--tie-break", "sustainability"]));
    assert_eq!((rank(&by, "E03"), rank(&by, "E09")), (7, 7));
    assert_eq!(by["E03"]["tie_break"], "shared");
    let by = rows_by_entry(&sb.standings_json(&path, &["--tie-break", "sustainability,impact"]));
    assert_eq!((rank(&by, "E03"), rank(&by, "E09")), (7, 8));
    assert_eq!(by["E09"]["tie_break"], "impact");

    // The table says the same in its note column.
    let out = sb.run(&["standings", "S.json", "--tie-break", "impact"]);
    out.ok();
    assert!(
        out.stdout
            .starts_with("T — method mean, normalize none, tie-break impact\n")
    );
    let line = |id: &str| {
        out.stdout
            .lines()
            .find(|l| l.contains(&format!("  {id}  ")))
            .unwrap()
            .to_string()
    };
    assert!(
        line("E03").trim_start().starts_with("7 "),
        "{}",
        line("E03")
    );
    assert!(line("E03").ends_with("tie: impact"), "{}", line("E03"));
    assert!(
        line("E09").trim_start().starts_with("8 "),
        "{}",
        line("E09")
    );
    assert!(line("E04").ends_with("tie: shared"), "{}", line("E04"));
}

#[test]
fn the_sessions_tie_break_is_the_default() {
    let sb = Sandbox::new();
    let out = sb.run(&new_args(
        "S.json",
        &["--preset", "kipp", "--tie-break", "impact,novelty"],
    ));
    out.ok();
    assert_eq!(
        read_json(&sb.path("S.json"))["tie_break"],
        serde_json::json!(["impact", "novelty"])
    );
    sb.run(&["import-scores", "S.json", SCORES]).ok();
    let path = sb.path("S.json");
    let v = sb.standings_json(&path, &[]);
    assert_eq!(
        v["tie_break_criteria"],
        serde_json::json!(["impact", "novelty"])
    );
    let by = rows_by_entry(&v);
    assert_eq!(
        (&by["E03"]["rank"], &by["E09"]["rank"]),
        (&7.into(), &8.into())
    );
    assert_eq!(by["E03"]["tie_break"], "impact");
    // E04 and E10 are equal on impact and novelty too.
    assert_eq!(
        (&by["E04"]["rank"], &by["E10"]["rank"]),
        (&3.into(), &3.into())
    );
    // --tie-break replaces the session's list for one run.
    let by = rows_by_entry(&sb.standings_json(&path, &["--tie-break", "novelty"]));
    assert_eq!(
        (&by["E09"]["rank"], &by["E03"]["rank"]),
        (&7.into(), &8.into())
    );
    let out = sb.run(&["standings", "S.json"]);
    out.ok();
    assert!(
        out.stdout
            .starts_with("S — method mean, normalize none, tie-break impact > novelty\n")
    );
}

#[test]
fn an_unknown_tie_break_criterion_is_refused() {
    let sb = Sandbox::new();
    sb.scored_session();
    let out = sb.run(&["standings", "S.json", "--tie-break", "bogus"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.is_empty());
    assert_eq!(
        out.first_err_line(),
        "error: tie-break criterion \"bogus\" is not in the rubric; its criteria are problem, \
         novelty, implementation, impact, sustainability, replicability, presentation, interview"
    );
}

#[test]

fn an_unknown_tie_break_criterion_comes_with_a_hint() {
    let sb = Sandbox::new();
    sb.scored_session();
    let out = sb.run(&["standings", "S.json", "--tie-break", "bogus"]);
    out.refused(&["bogus"]);
}

#[test]
fn methods_and_zscores_give_different_scores() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let score = |v: &Value, e: &str| rows_by_entry(v)[e]["score"].as_f64().unwrap();
    let mean = sb.standings_json(&path, &[]);
    let median = sb.standings_json(&path, &["--method", "median"]);
    let trimmed = sb.standings_json(&path, &["--method", "trimmed"]);
    let z = sb.standings_json(&path, &["--normalize", "zscore"]);
    assert_eq!(median["method"], "median");
    assert_eq!(trimmed["method"], "trimmed");
    assert_eq!(z["normalize"], "zscore");
    assert_eq!(z["method"], "mean");
    // E08's totals are 82.90, 88.60, 89.75, 93.10, 94.90.
    assert_eq!(score(&mean, "E08"), 89.85);
    assert_eq!(score(&median, "E08"), 89.75);
    assert_eq!(score(&trimmed, "E08"), 90.48);
    let ze08 = score(&z, "E08");
    assert!(ze08 > 1.0 && ze08 < 3.0, "{ze08}");
    // E13 has 3 submitted totals: median and trimmed both keep the middle one.
    assert_eq!(score(&median, "E13"), score(&trimmed, "E13"));
    assert_ne!(score(&mean, "E13"), score(&median, "E13"));
    // The orders differ too: under the median E10 passes E04.
    let rank = |v: &Value, e: &str| rows_by_entry(v)[e]["rank"].as_u64().unwrap();
    assert_eq!((rank(&median, "E10"), rank(&median, "E04")), (3, 4));
    assert_eq!((rank(&z, "E10"), rank(&z, "E04")), (3, 4));
    // Each method changes at least one entry's score.
    let all = |v: &Value| -> Vec<Value> {
        v["standings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["score"].clone())
            .collect()
    };
    assert_ne!(all(&mean), all(&median));
    assert_ne!(all(&mean), all(&trimmed));
    assert_ne!(all(&median), all(&trimmed));
    // z-scores are shown with 4 decimals (points with 2), on both sides of 0.
    let zs: Vec<f64> = z["standings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["score"].as_f64())
        .collect();
    assert_eq!(zs.len(), 12);
    assert!(zs.iter().any(|x| *x < 0.0) && zs.iter().any(|x| *x > 0.0));
    for x in &zs {
        assert!(((x * 1e4).round() - x * 1e4).abs() < 1e-6, "{x}");
    }
    assert!(
        zs.iter()
            .any(|x| ((x * 100.0).round() - x * 100.0).abs() > 1e-6)
    );
    let out = sb.run(&[
        "standings",
        "S.json",
        "--normalize",
        "zscore",
        "--format",
        "csv",
    ]);
    out.ok();
    let mut r = csv::Reader::from_reader(out.stdout.as_bytes());
    let col = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "score")
        .unwrap();
    let mut shown = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        let s = &rec[col];
        if s.is_empty() {
            continue;
        }
        let (_, decimals) = s.split_once('.').unwrap_or_else(|| panic!("{s}"));
        assert_eq!(decimals.len(), 4, "{s}");
        shown += 1;
    }
    assert_eq!(shown, 12);
    let out = sb.run(&["standings", "S.json", "--normalize", "zscore"]);
    out.ok();
    assert!(
        out.stdout
            .starts_with("T — method mean, normalize zscore\n")
    );
    let e08 = out.stdout.lines().find(|l| l.contains(" E08 ")).unwrap();
    assert!(e08.contains(&format!(" {ze08:.4} ")), "{e08}");
}

#[test]
fn standings_as_csv_and_markdown() {
    let sb = Sandbox::new();
    sb.scored_session();
    let out = sb.run(&["standings", "S.json", "--format", "csv"]);
    out.ok();
    let mut lines = out.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "rank,category_rank,entry,title,institution,category,score,sheets,expected,min,max,sd,\
         tie_break,unranked,provisional,mean_problem,mean_novelty,mean_implementation,mean_impact,\
         mean_sustainability,mean_replicability,mean_presentation,mean_interview"
    );
    let mut r = csv::Reader::from_reader(out.stdout.as_bytes());
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), 20);
    let ids: BTreeSet<String> = recs.iter().map(|r| r[2].to_string()).collect();
    assert_eq!(ids, all_entry_ids());
    assert!(recs.iter().all(|r| r.len() == 23));
    let top = &recs[0];
    assert_eq!(
        (&top[0], &top[1], &top[2], &top[3], &top[5]),
        ("1", "1", "E08", "JEMPOL PINK", KAB)
    );
    assert_eq!(&recs[0][6], "89.85");
    // A title with quotes and commas survives the CSV round trip.
    let e03 = recs.iter().find(|r| &r[2] == "E03").unwrap();
    assert_eq!(&e03[3], "Samsat \"Jemput Bola\" Desa");
    let e06 = recs.iter().find(|r| &r[2] == "E06").unwrap();
    assert_eq!(&e06[3], "Antrean Daring, Pulang Tanpa Menunggu");
    let e20 = recs.iter().find(|r| &r[2] == "E20").unwrap();
    assert_eq!((&e20[0], &e20[6], &e20[13]), ("", "", "no submitted sheet"));

    let out = sb.run(&["standings", "S.json", "--format", "md"]);
    out.ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "**T — method mean, normalize none**");
    assert_eq!(lines[1], "");
    assert_eq!(
        lines[2],
        "| Rank | Entry | Title | Category | Score | Sheets | Min | Max | SD | Note |"
    );
    assert_eq!(lines[3], "|---:|---|---|---|---:|---:|---:|---:|---:|---|");
    // The table, then the provisional mark's legend (E13 is ranked on 3 of 5 sheets).
    assert_eq!(lines.len(), 4 + 20 + 2);
    assert!(lines[4].starts_with("| 1 | E08 | JEMPOL PINK | Kabupaten/Kota | 89.85 | 5/5 |"));
    assert!(
        lines[4..24]
            .iter()
            .all(|l| l.starts_with("| ") && l.ends_with(" |"))
    );
    assert!(lines[25].starts_with("\\* provisional: fewer sheets than jurors expected"));
    let out = sb.run(&[
        "standings",
        "S.json",
        "--format",
        "md",
        "--normalize",
        "zscore",
    ]);
    out.ok();
    assert!(
        out.stdout
            .contains("| Rank | Entry | Title | Category | z-score |")
    );
}

/// E13 has 3 of its 5 sheets: a provisional rank everywhere, or with `--quorum 4` listed as
/// below the quorum and not ranked.
#[test]
fn provisional_ranks_are_marked_and_a_quorum_unranks_entries_below_it() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let v = sb.standings_json(&path, &[]);
    assert_eq!(v["quorum"], Value::Null);
    let rows = rows_by_entry(&v);
    assert_eq!(rows["E13"]["provisional"], true);
    assert!(rows["E13"]["rank"].is_u64());
    assert_eq!(rows["E08"]["provisional"], false);
    let rank13 = rows["E13"]["rank"].as_u64().unwrap();
    let out = sb.run(&["standings", p(&path)]);
    out.ok();
    let line = out.stdout.lines().find(|l| l.contains("E13")).unwrap();
    assert!(
        line.trim_start().starts_with(&format!("{rank13}*")),
        "{line}"
    );
    assert!(
        out.stdout.ends_with(
            "* provisional: fewer sheets than jurors expected; the rank may still move\n"
        )
    );
    let csv = sb.run(&["standings", p(&path), "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv.stdout.as_bytes());
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let e13 = recs.iter().find(|r| &r[2] == "E13").unwrap();
    assert_eq!((&e13[0], &e13[14]), (rank13.to_string().as_str(), "true"));

    sb.run(&[
        "new",
        "Q.json",
        "--entries",
        ENTRIES,
        "--jurors",
        JURORS,
        "--preset",
        "kipp",
        "--quorum",
        "4",
    ])
    .ok();
    sb.run(&["import-scores", "Q.json", SCORES]).ok();
    assert_eq!(read_json(&sb.path("Q.json"))["quorum"], 4);
    sb.run(&["verify", "Q.json"]).ok();
    let v = sb.standings_json(&sb.path("Q.json"), &[]);
    assert_eq!(v["quorum"], 4);
    let rows = rows_by_entry(&v);
    assert_eq!(rows["E13"]["rank"], Value::Null);
    assert_eq!(rows["E13"]["unranked"], "below quorum");
    assert_eq!(rows["E13"]["provisional"], false);
    let out = sb.run(&["standings", "Q.json"]);
    assert!(
        out.stdout
            .lines()
            .next()
            .unwrap()
            .ends_with(", quorum 4 sheets"),
        "{}",
        out.stdout
    );
    let line = out.stdout.lines().find(|l| l.contains("E13")).unwrap();
    assert!(
        line.trim_start().starts_with("-") && line.ends_with("below quorum"),
        "{line}"
    );
    let md = sb.run(&["standings", "Q.json", "--format", "md"]);
    assert!(md.stdout.contains("| - | E13 |") && md.stdout.contains("below quorum |"));

    let zero = sb.run(&new_args("Z.json", &["--preset", "kipp", "--quorum", "0"]));
    assert_eq!(zero.code, Some(2), "a usage error, as clap gives");
    assert!(zero.stderr.contains("--quorum"), "{}", zero.stderr);
    sb.run(&new_args("N.json", &["--preset", "kipp", "--quorum", "6"]))
        .refused(&["quorum", "6 is more than the panel's 5 jurors"]);
    assert!(!sb.path("Z.json").exists() && !sb.path("N.json").exists());
}

#[test]
fn standings_of_one_category_with_its_cutoff() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let v = sb.standings_json(&path, &["--category", KAB]);
    assert_eq!(v["category"], KAB);
    let rows = v["standings"].as_array().unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r["entry"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, KAB_ENTRIES);
    assert!(rows.iter().all(|r| r["category"] == KAB));
    let cat_ranks: Vec<Value> = rows.iter().map(|r| r["category_rank"].clone()).collect();
    let expected: Vec<Value> = [1, 2, 3, 3, 5, 6, 7]
        .into_iter()
        .map(Value::from)
        .chain(std::iter::repeat_n(Value::Null, 3))
        .collect();
    assert_eq!(cat_ranks, expected);

    let out = sb.run(&["standings", "S.json", "--category", KAB]);
    out.ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    // The header, the rows, the cut-off line and the provisional mark's legend (E13: 3 of 5).
    assert_eq!(lines.len(), 2 + 10 + 1 + 1, "{}", out.stdout);
    assert!(lines[6].starts_with("  5*   5*  E13"), "{}", out.stdout);
    assert!(lines[5].starts_with("  3    3   E10"), "{}", out.stdout);
    assert!(lines[1].starts_with("Rank  Cat  Entry"));
    // Seven entries are ranked, all inside the Top 10; the line comes before the unranked ones.
    assert!(
        lines[9].starts_with("-- Top 10 cut-off --"),
        "{}",
        out.stdout
    );
    assert!(lines[9].ends_with("---"));
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("Top 10 cut-off"))
            .count(),
        1
    );
    assert!(
        lines[2..9]
            .iter()
            .all(|l| l.contains(KAB) && !l.contains(" - "))
    );
    assert!(
        lines[10..13]
            .iter()
            .all(|l| l.ends_with("no submitted sheet"))
    );
    assert!(lines[13].starts_with("* provisional"));
    assert!(!out.stdout.contains(PROV));
    let out = sb.run(&["standings", "S.json", "--category", KAB, "--format", "md"]);
    out.ok();
    assert!(
        out.stdout
            .contains("| | | **— Top 10 cut-off —** | | | | | | | |\n")
    );

    // The other category has no cut-off, and the whole list shows none.
    let out = sb.run(&["standings", "S.json", "--category", PROV]);
    out.ok();
    assert!(!out.stdout.contains("cut-off"), "{}", out.stdout);
    assert!(!out.stdout.contains(KAB));
    let out = sb.run(&["standings", "S.json"]);
    out.ok();
    assert!(!out.stdout.contains("cut-off"));
    assert_eq!(
        out.stdout.lines().count(),
        2 + 20 + 1,
        "with the provisional legend"
    );

    let out = sb.run(&["standings", "S.json", "--category", "Kota"]);
    out.refused(&[
        "there is no category \"Kota\"",
        "the categories are: Perangkat Daerah Provinsi, Kabupaten/Kota",
    ]);
}

#[test]
fn standings_refuses_an_unknown_format() {
    let sb = Sandbox::new();
    sb.scored_session();
    let out = sb.run(&["standings", "S.json", "--format", "xml"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stdout.is_empty());
    assert!(out.stderr.starts_with("error:"), "{}", out.stderr);
    assert!(
        out.stderr.contains("table, csv, json, md"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// 3. importing again

#[test]
fn importing_the_same_scores_again_is_refused_unless_replace() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let before = sb.snapshot();
    let events_before = read_audit(&path).len();
    let out = sb.run(&["import-scores", "S.json", SCORES]);
    out.refused(&[
        "demo-scores.csv, line 2:",
        "the sheet of J1 for E01 is already submitted",
        "--replace",
    ]);
    assert_eq!(sb.snapshot(), before, "a refused import changes no file");

    let out = sb.run(&["import-scores", "S.json", SCORES, "--replace"]);
    out.ok();
    assert_eq!(
        out.stdout,
        "imported 461 values: 56 sheets submitted, 2 kept as draft \
         (E13/J2: missing interview; E13/J5: missing presentation, interview)\n\
         56 submitted sheets replaced (E01/J1, E01/J2, E01/J3 and 53 more)\n"
    );
    // The version before the replacement is now the backup.
    assert_eq!(fs::read(bak(&path)).unwrap(), before["S.json"]);
    let audit = read_audit(&path);
    let reopen: Vec<&Value> = audit[events_before..]
        .iter()
        .filter(|a| a["action"] == "sheet.reopen")
        .collect();
    assert_eq!(reopen.len(), 56);
    let r = reopen[0];
    assert_eq!(r["actor"], "import");
    assert_eq!(r["subject"], "E01/J1");
    assert_eq!(r["old"], "submitted");
    assert_eq!(r["new"], "draft");
    let reason = r["reason"].as_str().unwrap();
    assert!(reason.starts_with("replaced by import of ") && reason.ends_with("demo-scores.csv"));
    // Nothing was reopened before, and the events are numbered on from the old log.
    assert!(
        audit[..events_before]
            .iter()
            .all(|a| a["action"] != "sheet.reopen")
    );
    let seqs: Vec<u64> = audit.iter().map(|a| a["seq"].as_u64().unwrap()).collect();
    assert!(
        seqs.windows(2).all(|w| w[1] == w[0] + 1),
        "audit seq has gaps"
    );
    // Same scores, so the same standings.
    let v = read_json(&path);
    let sheets = v["scores"].as_array().unwrap();
    assert_eq!(
        sheets.iter().filter(|s| s["state"] == "submitted").count(),
        56
    );
    assert_eq!(
        rows_by_entry(&sb.standings_json(&path, &[]))["E08"]["score"],
        89.85
    );
}

fn reopens(path: &Path) -> Vec<Value> {
    read_audit(path)
        .into_iter()
        .filter(|a| a["action"] == "sheet.reopen")
        .collect()
}

#[test]
fn with_pins_replacing_submitted_sheets_needs_the_chairs_pin() {
    let sb = Sandbox::new();
    let path = sb.pinned_session(true);
    let before = sb.snapshot();
    let replace = ["import-scores", "S.json", SCORES, "--replace"];
    // No terminal to ask on, and no PIN given.
    let out = sb.run(&replace);
    out.refused(&[
        "replacing 56 submitted sheets needs the chair's PIN",
        "no terminal to ask for it",
    ]);
    assert!(out.stderr.contains("--chair-pin-stdin"), "{}", out.stderr);
    assert_eq!(sb.snapshot(), before, "a refused import changes no file");
    // The PIN from a script: the reopening is the chair's in the audit log.
    let mut args = replace.to_vec();
    args.push("--chair-pin-stdin");
    let out = sb.run_with_input(&args, "2468\n");
    out.ok();
    assert!(
        out.stdout.contains("56 submitted sheets replaced"),
        "{}",
        out.stdout
    );
    let r = reopens(&path);
    assert_eq!(r.len(), 56);
    assert!(r.iter().all(|a| a["actor"] == "chair"), "{:?}", r[0]);
    sb.run(&["verify", "S.json"]).ok();
    // A scores file that replaces nothing needs no PIN.
    fs::write(sb.path("new.csv"), "entry,juror,criterion,score\n").unwrap();
    sb.run(&["import-scores", "S.json", "new.csv", "--replace"])
        .ok();
}

#[test]
fn a_wrong_chair_pin_on_the_command_line_locks_it_and_is_audited() {
    let sb = Sandbox::new();
    let path = sb.pinned_session(true);
    let scores_before = read_json(&path)["scores"].clone();
    let args = [
        "import-scores",
        "S.json",
        SCORES,
        "--replace",
        "--chair-pin-stdin",
    ];
    let out = sb.run_with_input(&args, "1111\n");
    out.refused(&[
        "wrong chair's PIN",
        "locked until",
        "recorded in the audit log",
    ]);
    let audit = read_audit(&path);
    let last = audit.last().unwrap();
    assert_eq!(last["action"], "pin.lockout");
    assert_eq!(last["actor"], "chair");
    assert!(reopens(&path).is_empty());
    assert_eq!(read_json(&path)["scores"], scores_before);
    // Locked: even the right PIN is refused for now.
    let out = sb.run_with_input(&args, "2468\n");
    out.refused(&["locked until"]);
    assert!(reopens(&path).is_empty());
    sb.run(&["verify", "S.json"]).ok();
}

#[test]
fn with_pins_restoring_the_backup_needs_the_chairs_pin() {
    let sb = Sandbox::new();
    sb.pinned_session(true);
    let before = sb.snapshot();
    let out = sb.run(&["recover", "S.json", "--yes"]);
    out.refused(&["restoring the backup needs the chair's PIN"]);
    assert_eq!(sb.snapshot(), before);
    let out = sb.run_with_input(&["recover", "S.json", "--chair-pin-stdin"], "2468\ny\n");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout.contains("restored S.json from S.json.bak"),
        "{}",
        out.stdout
    );
}

#[test]
fn with_pins_but_no_chair_pin_yet_replacing_is_refused() {
    let sb = Sandbox::new();
    sb.pinned_session(false);
    let before = sb.snapshot();
    let out = sb.run_with_input(
        &[
            "import-scores",
            "S.json",
            SCORES,
            "--replace",
            "--chair-pin-stdin",
        ],
        "2468\n",
    );
    out.refused(&["the chair has not set one yet", "juri open S.json"]);
    assert_eq!(sb.snapshot(), before);
}

/// Replaces `S.json` by its text with `from` (once) replaced by `to`, and checks that
/// `validate`, `standings` and `open` refuse it with `needles` on the error line, and change
/// nothing.
fn refused_when_edited(sb: &Sandbox, good: &str, from: &str, to: &str, needles: &[&str]) {
    assert!(good.contains(from), "{from}");
    fs::write(sb.path("S.json"), good.replacen(from, to, 1)).unwrap();
    let before = sb.snapshot();
    for args in [
        vec!["validate", "S.json"],
        vec!["standings", "S.json"],
        vec!["open", "S.json"],
    ] {
        let out = sb.run(&args);
        out.refused(needles);
        assert!(out.first_err_line().len() < 200, "{}", out.first_err_line());
        assert_eq!(sb.snapshot(), before, "{args:?} changed a file");
    }
}

#[test]
fn what_validate_and_open_accept_is_what_verify_accepts() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let good = fs::read_to_string(&path).unwrap();
    let id = read_json(&path)["id"].as_str().unwrap().to_string();
    let sheet = "\"values\":{\"impact\":80.0,";
    for (to, needle) in [
        (
            "\"values\":{\"impact\":80.0000000001,",
            "scores[0].values.impact: 80.0000000001 is not a number with at most 4 decimals",
        ),
        (
            "\"values\":{\"impact\":5e-324,",
            "scores[0].values.impact: 5e-324 is not a number with at most 4 decimals",
        ),
        // Hundreds of digits would bury the line: the number is quoted short.
        (
            "\"values\":{\"impact\":1e308,",
            "scores[0].values.impact: 1e308 is not a number with at most 4 decimals",
        ),
        (
            "\"values\":{\"impact\":80.0,\"impact\":95.0,",
            "scores[0].values.impact: is given twice",
        ),
    ] {
        refused_when_edited(&sb, &good, sheet, to, &[needle]);
    }
    refused_when_edited(
        &sb,
        &good,
        &format!("\"id\": \"{id}\""),
        "\"id\": \"x\"",
        &["S.json: id: \"x\" is not a session id"],
    );
    fs::write(&path, &good).unwrap();
    sb.run(&["validate", "S.json"]).ok();
    sb.run(&["verify", "S.json"]).ok();
}

#[test]
fn a_journal_replaced_by_a_folder_is_called_a_folder() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let journal = juri::store::journal_path(&path);
    fs::remove_file(&journal).unwrap();
    fs::create_dir(&journal).unwrap();
    for args in [vec!["validate", "S.json"], vec!["open", "S.json"]] {
        let out = sb.run(&args);
        out.refused(&["S.json.audit.jsonl is not a regular file but a folder"]);
        assert!(!out.stderr.contains("bytes"), "{}", out.stderr);
        assert!(
            !out.stderr.contains("events were removed"),
            "{}",
            out.stderr
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 4. bad inputs

#[test]
fn new_with_a_broken_entries_line_writes_nothing() {
    let sb = Sandbox::new();
    let out = sb.run(&[
        "new",
        "S.json",
        "--preset",
        "kipp",
        "--entries",
        fixture!("bad/entries-broken-line.csv"),
        "--jurors",
        JURORS,
    ]);
    out.refused(&[
        "entries-broken-line.csv, line 4:",
        "has 5 value(s) but the header has 6 column(s)",
    ]);
    assert!(!sb.path("S.json").exists());
    assert!(sb.snapshot().is_empty(), "{:?}", sb.snapshot().keys());
}

#[test]
fn import_of_a_score_out_of_range_changes_nothing() {
    let sb = Sandbox::new();
    sb.scored_session();
    let before = sb.snapshot();
    let out = sb.run(&[
        "import-scores",
        "S.json",
        fixture!("bad/scores-out-of-range.csv"),
    ]);
    out.refused(&[
        "scores-out-of-range.csv, line 7:",
        "101 is above the scale maximum 100",
        "replicability",
    ]);
    assert_eq!(sb.snapshot(), before);
    // Into a fresh session too: the rows before line 7 are not imported either.
    let sb = Sandbox::new();
    sb.new_session();
    let before = sb.snapshot();
    let out = sb.run(&[
        "import-scores",
        "S.json",
        fixture!("bad/scores-out-of-range.csv"),
    ]);
    out.refused(&["line 7:", "101 is above the scale maximum 100"]);
    assert!(out.stderr.contains("nothing was changed"));
    assert_eq!(sb.snapshot(), before);
}

#[test]
fn import_with_an_unknown_juror_changes_nothing() {
    let sb = Sandbox::new();
    sb.scored_session();
    let before = sb.snapshot();
    let out = sb.run(&[
        "import-scores",
        "S.json",
        fixture!("bad/scores-unknown-juror.csv"),
    ]);
    out.refused(&[
        "scores-unknown-juror.csv, line 4:",
        "there is no juror \"J6\"",
    ]);
    assert_eq!(sb.snapshot(), before);
}

/// Replaces `S.json` (which has a `.bak`) with `bytes` and checks that `standings`, `validate`
/// and `import-scores` each refuse it with `needles` on the error line, changing no file.
fn refused_everywhere(sb: &Sandbox, bytes: &[u8], needles: &[&str]) {
    fs::write(sb.path("S.json"), bytes).unwrap();
    let before = sb.snapshot();
    assert!(before.contains_key("S.json.bak"));
    let runs: [Vec<&str>; 3] = [
        vec!["standings", "S.json"],
        vec!["validate", "S.json"],
        vec!["import-scores", "S.json", SCORES],
    ];
    for args in runs {
        let out = sb.run(&args);
        let mut all = vec!["S.json"];
        all.extend_from_slice(needles);
        out.refused(&all);
        assert_eq!(sb.snapshot(), before, "{args:?} changed a file");
    }
}

#[test]
fn a_truncated_session_file_is_refused_and_kept() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let full = fs::read(&path).unwrap();
    refused_everywhere(
        &sb,
        &full[..full.len() / 2],
        &[
            "is not a readable session file",
            "it ends early at line",
            "(truncated?)",
        ],
    );
    let out = sb.run(&["validate", "S.json"]);
    assert!(
        out.stderr
            .contains("hint: the file was not changed; `juri recover S.json` shows the previous version kept in S.json.bak")
    );
}

#[test]
fn an_empty_session_file_is_refused_and_kept() {
    let sb = Sandbox::new();
    sb.scored_session();
    refused_everywhere(
        &sb,
        b"",
        &["is not a readable session file: the file is empty"],
    );
    refused_everywhere(&sb, b"  \n", &["the file is empty"]);
}

#[test]
fn a_session_from_a_newer_juri_is_refused_and_kept() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let mut v = read_json(&path);
    v["schema_version"] = Value::from(99);
    let text = serde_json::to_string_pretty(&v).unwrap();
    refused_everywhere(
        &sb,
        text.as_bytes(),
        &[
            "written by a newer juri",
            "schema_version 99",
            "update juri",
        ],
    );
}

#[test]
fn a_hand_edited_score_above_the_scale_is_named_by_its_path() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let mut v = read_json(&path);
    let n = v["scores"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["entry"] == "E08" && s["juror"] == "J3")
        .unwrap();
    v["scores"][n]["values"]["impact"] = Value::from(101);
    write_json(&path, &v);
    let problem = format!("scores[{n}].values.impact: 101 is above the scale maximum 100");
    refused_everywhere(
        &sb,
        &fs::read(&path).unwrap(),
        &[&format!("S.json: {problem}")],
    );

    // Two problems: validate prints both.
    let m = v["scores"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["entry"] == "E02" && s["juror"] == "J5")
        .unwrap();
    v["scores"][m]["values"]["novelty"] = Value::from(-3);
    write_json(&path, &v);
    let before = sb.snapshot();
    let out = sb.run(&["validate", "S.json"]);
    out.refused(&["S.json has 2 problems:"]);
    let second = format!("scores[{m}].values.novelty: -3 is below the scale minimum 0");
    let (first_at, second_at) = if n < m {
        (&problem, &second)
    } else {
        (&second, &problem)
    };
    assert_eq!(
        out.first_err_line(),
        "error: S.json has 2 problems:",
        "{}",
        out.stderr
    );
    let listed: Vec<&str> = out
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .collect();
    assert_eq!(
        listed,
        [first_at.as_str(), second_at.as_str()],
        "{}",
        out.stderr
    );
    assert_eq!(sb.snapshot(), before);
}

#[test]
fn a_second_writer_is_refused_while_the_lock_is_held() {
    let sb = Sandbox::new();
    // A session with no scores yet: the import has something to do once it may run.
    let path = sb.new_session();
    let args = ["import-scores", "S.json", SCORES];

    let lock = juri::store::lock(&path).unwrap();
    let lock_file = juri::store::lock_path(&path);
    assert_eq!(lock.path(), lock_file);
    let before = sb.snapshot();
    let out = sb.run(&args);
    out.refused(&[
        "S.json is being written by another juri",
        &format!("(pid {} on ", std::process::id()),
        " since ",
    ]);
    assert!(
        out.stderr
            .lines()
            .any(|l| l.starts_with("hint: close the other juri")),
        "{}",
        out.stderr
    );
    assert_eq!(sb.snapshot(), before, "the refused writer changed a file");
    // Readers are not blocked by the lock.
    sb.run(&["standings", "S.json"]).ok();
    sb.run(&["validate", "S.json"]).ok();

    drop(lock);
    assert!(!lock_file.exists());
    let out = sb.run(&args);
    out.ok();
    assert!(
        out.stdout
            .starts_with("imported 461 values: 56 sheets submitted")
    );
    assert_eq!(fs::read(bak(&path)).unwrap(), before["S.json"]);
    assert!(!lock_file.exists(), "the import left its lock file");
    assert_eq!(read_json(&path)["scores"].as_array().unwrap().len(), 58);
}

#[test]
fn gen_writes_a_large_session_that_validates_and_verifies() {
    let sb = Sandbox::new();
    let out = sb.run(&[
        "gen",
        "G.json",
        "--entries",
        "30",
        "--jurors",
        "5",
        "--live",
    ]);
    out.ok();
    assert!(
        out.stdout
            .starts_with("wrote G.json: 30 entries, 5 jurors, "),
        "{}",
        out.stdout
    );
    let path = sb.path("G.json");
    let s = juri::store::load(&path).unwrap();
    assert_eq!((s.entries.len(), s.jurors.len()), (30, 5));
    // Live: an entry on stage, its clock reset, and the first juror's sheet open again.
    let current = s.current.clone().expect("an entry on stage");
    let sheet = s
        .sheet(&current, &s.jurors[0].id)
        .expect("the first juror's sheet");
    assert!(!sheet.is_submitted());
    assert!(s.timer(&current).is_some_and(|t| !t.running()));
    sb.run(&["verify", "G.json"]).ok();
    let events = read_audit(&path).len() as u64;
    assert_eq!(events, s.log.events);
    assert!(events > 30 * 5 * 8, "{events} events");
    // Never over an existing session; the same seed gives the same definition.
    sb.run(&["gen", "G.json"])
        .refused(&["G.json already exists"]);
    sb.run(&["gen", "H.json", "--entries", "30", "--jurors", "5"])
        .ok();
    let (a, b) = (read_json(&path), read_json(&sb.path("H.json")));
    assert_eq!(a["entries"].as_array().unwrap().len(), 30);
    assert_eq!(a["jurors"], b["jurors"]);
    sb.run(&["gen", "Z.json", "--scored", "2"])
        .refused(&["--scored between 0 and 1"]);
}

#[test]
fn a_missing_session_file_is_an_error_not_a_new_file() {
    let sb = Sandbox::new();
    for args in [
        vec!["standings", "nope.json"],
        vec!["validate", "nope.json"],
        vec!["import-scores", "nope.json", SCORES],
    ] {
        let out = sb.run(&args);
        out.refused(&["cannot read nope.json"]);
        assert!(
            sb.snapshot().is_empty(),
            "{args:?} wrote {:?}",
            sb.snapshot().keys()
        );
    }
}

#[test]
fn new_with_a_bad_rubric_file_names_it_as_a_rubric() {
    let sb = Sandbox::new();
    let out = sb.run(&new_args("S.json", &["--rubric", JURORS]));
    out.refused(&["demo-jurors.csv", "not a rubric"]);
    assert!(!sb.path("S.json").exists());
    assert!(
        !out.first_err_line().contains("session file"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains(".bak"), "{}", out.stderr);
}

#[test]
fn new_with_an_unknown_tie_break_gives_a_usable_hint() {
    let sb = Sandbox::new();
    let out = sb.run(&new_args(
        "S.json",
        &["--preset", "kipp", "--tie-break", "bogus"],
    ));
    out.refused(&[
        "--tie-break: there is no criterion \"bogus\"; the criterion ids are: problem, novelty, \
         implementation, impact, sustainability, replicability, presentation, interview",
    ]);
    assert!(!sb.path("S.json").exists());
    assert!(
        !out.stderr.contains("juri validate S.json"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_closed_stdout_is_not_a_panic() {
    let sb = Sandbox::new();
    sb.scored_session();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = sb
        .command(&["standings", "S.json", "--format", "json"])
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// 5. validate

#[test]
fn validate_says_a_good_file_is_sound() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let before = sb.snapshot();
    let out = sb.run(&["validate", p(&path)]);
    out.ok();
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    assert!(
        out.stdout
            .starts_with(&format!("{} is sound: \"T\", 20 entries", path.display())),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("5 jurors, 58 sheets (56 submitted)"),
        "{}",
        out.stdout
    );
    let out = sb.run(&["validate", "S.json"]);
    out.ok();
    assert!(out.stdout.starts_with("S.json is sound: "));
    assert_eq!(sb.snapshot(), before, "validate writes nothing");
}

// ---------------------------------------------------------------------------------------------
// 6. demo

#[cfg(unix)]
#[test]
fn demo_without_a_terminal_writes_a_fresh_copy_and_prints_standings() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let demo = sb.home.join("demo.json");
    // The demo session is in Bahasa Indonesia; its standings follow `--lang` first.
    let out = sb.run(&["--lang", "en", "demo"]);
    out.ok();
    let mut lines = out.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        format!("demo session written to {}", demo.display())
    );
    assert_eq!(lines.next().unwrap(), "");
    assert_eq!(
        lines.next().unwrap(),
        "Final KIPP Provinsi 2026 — method mean, normalize none, tie-break impact > novelty"
    );
    assert!(lines.next().unwrap().starts_with("Rank  Cat  Entry  Title"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(
        rows.len(),
        20 + 1,
        "the entries and the provisional mark's legend"
    );
    assert!(rows[0].contains(" E08 ") && rows[0].trim_start().starts_with("1 "));
    assert!(rows.iter().any(|l| l.ends_with("absent")), "{}", out.stdout);
    let mode = fs::metadata(&demo).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // Nothing is written outside the data folder.
    assert!(sb.snapshot().is_empty());

    let out = sb.run(&["validate", p(&demo)]);
    out.ok();
    assert!(out.stdout.starts_with(&format!(
        "{} is sound: \"Final KIPP Provinsi 2026\", 20 entries (1 absent or withdrawn), 5 jurors",
        demo.display()
    )));
    // A bare name is found in the data folder.
    let out = sb.run(&["validate", "demo.json"]);
    out.ok();
    assert!(
        out.stdout
            .starts_with(&format!("{} is sound", demo.display()))
    );

    // Spoil the copy; the next demo run starts from a fresh one.
    let mut v = read_json(&demo);
    let created = v["created"].clone();
    v["title"] = Value::from("Spoiled");
    v["scores"] = Value::Array(Vec::new());
    write_json(&demo, &v);
    let first = sb.run(&["demo"]);
    first.ok();
    let v = read_json(&demo);
    assert_eq!(v["title"], "Final KIPP Provinsi 2026");
    assert_eq!(v["scores"].as_array().unwrap().len(), 58);
    assert_ne!(
        v["created"], created,
        "the copy is made anew, at the time of the run"
    );
    assert_eq!(read_json(&bak(&demo))["title"], "Spoiled");
    // Every run prints the same.
    let again = sb.run(&["demo"]);
    again.ok();
    assert_eq!(again.stdout, first.stdout);
    // With no command at all, juri does the same.
    let bare: [&str; 0] = [];
    let out = sb.run(&bare);
    out.ok();
    assert!(
        out.stdout
            .starts_with(&format!("demo session written to {}\n\n", demo.display()))
    );
    sb.run(&["validate", p(&demo)]).ok();
    assert!(!juri::store::lock_path(&demo).exists());
}

#[test]
fn open_without_a_terminal_says_so_in_one_line_and_exits_2() {
    let sb = Sandbox::new();
    let path = sb.new_session();
    let before = sb.snapshot();
    let out = sb.run(&["open", p(&path)]);
    assert_eq!(out.code, Some(2), "{out:?}");
    // No escape codes: nothing at all on stdout.
    assert!(out.stdout.is_empty(), "{:?}", out.stdout);
    assert_eq!(
        out.first_err_line(),
        "error: juri open needs a terminal: its input is not one"
    );
    assert!(
        out.stderr.contains("hint: run it in a terminal"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains('\x1b'), "{:?}", out.stderr);
    assert_eq!(sb.snapshot(), before);
    assert!(!juri::store::lock_path(&path).exists());
}

// ---------------------------------------------------------------------------------------------
// 7. help

#[test]
fn help_lists_every_command() {
    let sb = Sandbox::new();
    let out = sb.run(&["--help"]);
    out.ok();
    let commands: Vec<&str> = out
        .stdout
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for c in [
        "new",
        "import-scores",
        "standings",
        "validate",
        "open",
        "demo",
        "help",
    ] {
        assert_eq!(
            commands.iter().filter(|x| **x == c).count(),
            1,
            "{c} not listed once in\n{}",
            out.stdout
        );
    }
    // Each command has its one-line description.
    let described = out
        .stdout
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .all(|l| l.split_whitespace().count() > 2);
    assert!(described, "{}", out.stdout);
    assert!(out.stdout.contains("Usage: juri [OPTIONS] [COMMAND]"));
    assert!(
        sb.snapshot().is_empty() && !sb.home.exists(),
        "help wrote files"
    );
}

#[test]
fn help_of_standings_documents_its_options() {
    let sb = Sandbox::new();
    let out = sb.run(&["help", "standings"]);
    out.ok();
    assert!(
        out.stdout
            .contains("Usage: juri standings [OPTIONS] <FILE>")
    );
    for (flag, doc) in [
        (
            "--format <FORMAT>",
            "[possible values: table, csv, json, md, sensitivity]",
        ),
        (
            "--method <METHOD>",
            "[possible values: mean, median, trimmed]",
        ),
        ("--normalize <NORMALIZE>", "[possible values: none, zscore]"),
        ("--category <CATEGORY>", "Top-N cut-off"),
        ("--tie-break <TIE_BREAK>", "Criteria that break ties"),
    ] {
        let line = out
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(flag))
            .unwrap_or_else(|| panic!("no {flag} in\n{}", out.stdout));
        assert!(line.contains(doc), "{flag}: {line}");
    }
    let out = sb.run(&["standings", "--help"]);
    out.ok();
    assert!(out.stdout.contains("--tie-break <TIE_BREAK>"));
    let out = sb.run(&["help", "new"]);
    out.ok();
    for flag in [
        "--preset",
        "--rubric",
        "--entries",
        "--jurors",
        "--title",
        "--cutoff",
    ] {
        assert!(out.stdout.contains(flag), "{flag} not in help new");
    }
}

impl Sandbox {
    /// A scored session made with `--pins`, and the chair's PIN 2468 when `chair_pin`.
    fn pinned_session(&self, chair_pin: bool) -> PathBuf {
        let path = self.path("S.json");
        if chair_pin {
            // `juri new --pins` asks for the chair's PIN twice (lines on standard input).
            let args = new_args("S.json", &["--preset", "kipp", "--pins"]);
            self.run_with_input(&args, "2468\n2468\n").ok();
        } else {
            // PINs on without a chair's PIN: what a file from before the chair chose it at
            // `P` holds.
            self.run(&new_args("S.json", &["--preset", "kipp"])).ok();
            let mut s = juri::store::load(&path).unwrap();
            let on = juri::model::Change::SetPins { on: true };
            s.apply("chair", on, chrono::Local::now().fixed_offset())
                .unwrap();
            juri::store::save(&path, &mut s).unwrap();
        }
        self.run(&["import-scores", "S.json", SCORES]).ok();
        path
    }
}

#[test]
fn new_with_pins_asks_the_chair_pin_twice_and_keeps_only_its_hash() {
    let sb = Sandbox::new();
    let args = new_args("P.json", &["--preset", "kipp", "--pins"]);
    // Without a PIN, or with two different ones, nothing is created.
    sb.run(&args).refused(&["4 to 8 digits"]);
    sb.run_with_input(&args, "2468\n2469\n")
        .refused(&["differ"]);
    assert!(!sb.path("P.json").exists());

    sb.run_with_input(&args, "2468\n2468\n").ok();
    let s = juri::store::load(&sb.path("P.json")).unwrap();
    assert!(s.security.pins);
    let hash = &s.security.pin_hashes["chair"];
    assert!(juri::model::pin::check("2468", hash));
    assert!(
        !fs::read_to_string(sb.path("P.json"))
            .unwrap()
            .contains("2468")
    );
    sb.run(&["verify", "P.json"]).ok();

    // Changing it asks the current one first.
    let wrong = sb.run_with_input(&["chair-pin", "P.json"], "1111\n1357\n1357\n");
    assert_eq!(wrong.code, Some(1));
    assert!(wrong.stderr.contains("not the chair's current PIN"));
    sb.run_with_input(&["chair-pin", "P.json"], "2468\n1357\n1357\n")
        .ok();
    let s = juri::store::load(&sb.path("P.json")).unwrap();
    assert!(juri::model::pin::check(
        "1357",
        &s.security.pin_hashes["chair"]
    ));
    sb.run(&["verify", "P.json"]).ok();
}

// ---------------------------------------------------------------------------------------------
// 8. links, pipes and sizes: juri writes only files it owns, and reads only regular ones

/// A file the user may write, outside juri's names, with its bytes and mode.
#[cfg(unix)]
fn victim(sb: &Sandbox) -> (PathBuf, Vec<u8>) {
    use std::os::unix::fs::PermissionsExt;
    let path = sb.path("victim.txt");
    let bytes = b"the secretariat's notes\n".to_vec();
    fs::write(&path, &bytes).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    (path, bytes)
}

#[cfg(unix)]
fn assert_untouched(path: &Path, bytes: &[u8]) {
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        fs::read(path).unwrap(),
        bytes,
        "{} was written",
        path.display()
    );
    let mode = fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "{} was chmod-ed", path.display());
}

#[cfg(unix)]
#[test]
fn a_lock_file_that_is_a_symbolic_link_is_refused_and_its_target_untouched() {
    let sb = Sandbox::new();
    let path = sb.new_session();
    let (target, bytes) = victim(&sb);
    let lock = juri::store::lock_path(&path);
    std::os::unix::fs::symlink(&target, &lock).unwrap();
    let before = fs::read(&path).unwrap();
    sb.run(&["import-scores", "S.json", SCORES])
        .refused(&["S.json.lock", "is a symbolic link"]);
    assert_untouched(&target, &bytes);
    assert!(
        fs::symlink_metadata(&lock)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_journal_that_is_a_symbolic_link_is_refused_and_its_target_untouched() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let journal = juri::store::journal_path(&path);
    // The real journal moved elsewhere and linked back: reading it is fine, writing is not.
    let moved = sb.path("elsewhere.jsonl");
    fs::rename(&journal, &moved).unwrap();
    std::os::unix::fs::symlink(&moved, &journal).unwrap();
    let kept = fs::read(&moved).unwrap();
    sb.run(&["verify", "S.json"]).ok();
    sb.run(&["import-scores", "S.json", SCORES, "--replace"])
        .refused(&["S.json.audit.jsonl", "is a symbolic link"]);
    assert_eq!(fs::read(&moved).unwrap(), kept);
    // A link to somewhere else entirely when a new session is made.
    let (target, bytes) = victim(&sb);
    std::os::unix::fs::symlink(&target, sb.path("N.json.audit.jsonl")).unwrap();
    sb.run(&new_args("N.json", &["--preset", "kipp"]))
        .refused(&["N.json.audit.jsonl"]);
    assert_untouched(&target, &bytes);
    assert!(!sb.path("N.json").exists());
}

#[cfg(unix)]
#[test]
fn a_session_file_that_is_a_symbolic_link_is_refused_not_replaced() {
    let sb = Sandbox::new();
    let path = sb.new_session();
    let real = sb.path("real.json");
    fs::rename(&path, &real).unwrap();
    std::os::unix::fs::symlink(&real, &path).unwrap();
    let before = fs::read(&real).unwrap();
    sb.run(&["import-scores", "S.json", SCORES])
        .refused(&["S.json", "is a symbolic link"]);
    assert!(
        fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(&real).unwrap(), before);
    assert!(!bak(&path).exists());
}

#[cfg(unix)]
#[test]
fn a_backup_that_is_a_symbolic_link_is_refused_and_its_target_untouched() {
    let sb = Sandbox::new();
    let path = sb.new_session();
    let (target, bytes) = victim(&sb);
    std::os::unix::fs::symlink(&target, bak(&path)).unwrap();
    let before = sb.snapshot();
    sb.run(&["import-scores", "S.json", SCORES])
        .refused(&["S.json.bak", "is a symbolic link"]);
    assert_untouched(&target, &bytes);
    assert!(
        fs::symlink_metadata(bak(&path))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        sb.snapshot(),
        before,
        "the session or its journal was written"
    );
}

/// Runs `juri ARGS`, killing it if it has not finished within 20 s (a read that hangs).
#[cfg(unix)]
fn run_or_hang(sb: &Sandbox, args: &[&str]) -> Out {
    let mut child = sb
        .command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("juri {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Out::of(child.wait_with_output().unwrap())
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_session_that_is_a_device_or_a_pipe_is_refused_at_once() {
    let sb = Sandbox::new();
    std::os::unix::fs::symlink("/dev/zero", sb.path("Z.json")).unwrap();
    mkfifo(&sb.path("F.json"));
    for (file, kind) in [("Z.json", "a device"), ("F.json", "a named pipe")] {
        for cmd in ["standings", "validate", "verify"] {
            run_or_hang(&sb, &[cmd, file]).refused(&[file, "is not a regular file", kind]);
        }
    }
    // A writer refuses the link before it reads anything.
    run_or_hang(&sb, &["import-scores", "Z.json", SCORES]).refused(&["is a symbolic link"]);
    run_or_hang(&sb, &["import-scores", "F.json", SCORES]).refused(&["a named pipe"]);
    assert!(!sb.path("F.json.audit.jsonl").exists());
    assert!(!sb.path("F.json.lock").exists());
}

#[cfg(unix)]
#[test]
fn a_journal_or_backup_that_is_a_pipe_is_refused_at_once() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let journal = juri::store::journal_path(&path);
    let kept = sb.path("kept.jsonl");
    fs::rename(&journal, &kept).unwrap();
    mkfifo(&journal);
    for args in [
        vec!["standings", "S.json"],
        vec!["verify", "S.json"],
        vec!["import-scores", "S.json", SCORES, "--replace"],
    ] {
        run_or_hang(&sb, &args).refused(&["S.json.audit.jsonl", "a named pipe"]);
    }
    fs::remove_file(&journal).unwrap();
    fs::rename(&kept, &journal).unwrap();
    fs::remove_file(bak(&path)).unwrap();
    mkfifo(&bak(&path));
    run_or_hang(&sb, &["recover", "S.json", "--yes"]).refused(&["S.json.bak", "a named pipe"]);
}

#[cfg(unix)]
#[test]
fn a_session_file_larger_than_any_juri_writes_is_refused_unread() {
    let sb = Sandbox::new();
    let path = sb.path("Big.json");
    // Sparse: it takes no room on the disk, and would take a gigabyte of memory to read.
    let f = fs::File::create(&path).unwrap();
    f.set_len(juri::store::SESSION_MAX_BYTES + 1).unwrap();
    drop(f);
    let started = std::time::Instant::now();
    run_or_hang(&sb, &["validate", "Big.json"]).refused(&[
        "Big.json holds 1073741825 bytes",
        "more than juri reads from such a file (1073741824 bytes)",
    ]);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

// ---------------------------------------------------------------------------------------------
// 9. a file changed outside juri is not written over

#[test]
fn a_session_edited_outside_juri_is_not_written_and_its_backup_is_kept() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    // One more change, so that the backup is a version juri wrote after the import.
    sb.run(&["import-scores", "S.json", SCORES, "--replace"])
        .ok();
    let good_bak = fs::read(bak(&path)).unwrap();
    // A submitted score raised by hand: the file still loads.
    let text = fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("\"state\":\"submitted\"") && l.contains("\"novelty\":"))
        .unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let at = lines[line].find("\"novelty\":").unwrap() + "\"novelty\":".len();
    let end = at + lines[line][at..].find([',', '}']).unwrap();
    lines[line].replace_range(at..end, "100.0");
    let edited = lines.join("\n") + "\n";
    assert_ne!(edited, text);
    fs::write(&path, &edited).unwrap();
    sb.run(&["standings", "S.json"]).ok();
    let journal = fs::read(juri::store::journal_path(&path)).unwrap();
    sb.run(&["import-scores", "S.json", SCORES, "--replace"])
        .refused(&["S.json was changed outside juri", "novelty"])
        .stderr
        .contains("juri verify S.json")
        .then_some(())
        .expect("the hint names juri verify");
    assert_eq!(
        fs::read(bak(&path)).unwrap(),
        good_bak,
        "the good backup was rotated out"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);
    assert_eq!(fs::read(juri::store::journal_path(&path)).unwrap(), journal);
    // Written back as juri wrote it, the session is written again.
    fs::write(&path, &text).unwrap();
    sb.run(&["import-scores", "S.json", SCORES, "--replace"])
        .ok();
}

#[test]
fn a_session_reformatted_outside_juri_but_not_changed_is_still_written() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    // Another tool rewrote the file in its own layout, without juri's seal: checked in full.
    let v = read_json(&path);
    write_json(&path, &v);
    sb.run(&["import-scores", "S.json", SCORES, "--replace"])
        .ok();
    sb.run(&["verify", "S.json"]).ok();
}

#[test]
fn errors_and_hints_are_told_in_bahasa_indonesia_with_lang_id() {
    let sb = Sandbox::new();
    let out = sb.run(&["--lang", "id", "validate", "missing.json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let first = out.first_err_line();
    assert!(
        first.starts_with(
            "galat: tidak dapat membaca missing.json: berkas atau folder itu tidak ada"
        ),
        "{first:?}"
    );
    assert!(
        out.stderr
            .lines()
            .any(|l| l == "saran: periksa jalur dan izinnya"),
        "{}",
        out.stderr
    );
    // The system's language is taken when there is no --lang, as the screens take it.
    let out = Out::of(
        sb.command(&["validate", "missing.json"])
            .env("LANG", "id_ID.UTF-8")
            .output()
            .unwrap(),
    );
    assert!(
        out.first_err_line().starts_with("galat: "),
        "{}",
        out.stderr
    );
    // English stays what it was.
    sb.run(&["validate", "missing.json"])
        .refused(&["cannot read missing.json", "No such file or directory"]);
}

#[test]
fn a_score_import_refused_is_told_in_the_chosen_language() {
    let sb = Sandbox::new();
    let path = sb.new_session();
    let cases = [
        (
            "entry,juror,criterion,score\nE01,J1,novelty,105\n",
            "novelty: 105 is above the scale maximum 100",
            "novelty: 105 melebihi nilai maksimum skala 100",
        ),
        (
            "entry,juror,criterion,score\nE99,J1,novelty,80\n",
            "there is no entry \"E99\"",
            "Tidak ada peserta",
        ),
    ];
    for (i, (csv, en, id)) in cases.iter().enumerate() {
        let file = format!("bad{i}.csv");
        fs::write(sb.path(&file), csv).unwrap();
        let before = fs::read(&path).unwrap();
        sb.run(&["import-scores", p(&path), &file])
            .refused(&[&format!("{file}, line 2: {en}")]);
        let out = sb.run(&["--lang", "id", "import-scores", p(&path), &file]);
        let first = out.first_err_line();
        assert!(
            first.starts_with(&format!("galat: {file}, baris 2: {id}")),
            "{first:?}"
        );
        assert!(
            out.stderr.contains("saran: perbaiki baris itu"),
            "{}",
            out.stderr
        );
        assert_eq!(fs::read(&path).unwrap(), before, "nothing was changed");
    }
}

#[test]
fn the_chairs_pin_on_the_command_line_is_told_in_the_chosen_language() {
    let sb = Sandbox::new();
    let path = sb.new_session();
    let out = sb.run_with_input(&["--lang", "id", "chair-pin", p(&path)], "1234\n5678\n");
    assert_eq!(
        out.first_err_line(),
        "galat: kedua PIN berbeda; tidak ada yang diubah",
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("saran: lihat `juri help`"),
        "{}",
        out.stderr
    );
    let out = sb.run_with_input(&["--lang", "id", "chair-pin", p(&path)], "1234\n1234\n");
    out.succeeded();
    assert_eq!(
        out.stdout.trim(),
        format!("PIN ketua untuk {} sudah ditetapkan", p(&path))
    );
    // English stays as it was.
    let out = sb.run_with_input(&["chair-pin", p(&path)], "9999\n");
    assert_eq!(
        out.first_err_line(),
        "error: that is not the chair's current PIN; nothing was changed"
    );
}

#[test]
fn validate_verify_and_export_answer_in_the_chosen_language() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let out = sb.run(&["--lang", "id", "validate", p(&path)]);
    out.ok();
    assert!(
        out.stdout
            .starts_with(&format!("{} sehat: \"T\", 20 peserta", p(&path))),
        "{}",
        out.stdout
    );
    let out = sb.run(&["--lang", "id", "verify", p(&path)]);
    out.ok();
    assert!(out.stdout.contains(" terverifikasi: "), "{}", out.stdout);
    assert!(out.stdout.contains("\nsidik jari "), "{}", out.stdout);
    let out = sb.run(&["--lang", "id", "export", p(&path), "--format", "md"]);
    out.ok();
    assert!(out.stdout.starts_with("menulis "), "{}", out.stdout);
    let en = sb.run(&["verify", p(&path)]);
    assert!(en.stdout.contains(" verified: "), "{}", en.stdout);
}

#[test]
fn new_and_import_scores_answer_in_the_chosen_language() {
    let sb = Sandbox::new();
    let mut args = new_args("S.json", &["--preset", "kipp"]);
    args.insert(0, "id");
    args.insert(0, "--lang");
    let out = sb.run(&args);
    out.ok();
    assert_eq!(
        out.stdout,
        "S.json dibuat: 20 peserta dalam 2 kategori, 5 juri, rubrik kipp (8 kriteria)\n"
    );
    let out = sb.run(&["--lang", "id", "import-scores", "S.json", SCORES]);
    out.ok();
    assert!(out.stdout.starts_with("mengimpor "), "{}", out.stdout);
    assert!(out.stdout.contains(" nilai: "), "{}", out.stdout);
    assert!(out.stdout.contains(" lembar terkirim"), "{}", out.stdout);
}

#[test]
fn an_award_is_told_in_the_chosen_language() {
    let sb = Sandbox::new();
    let path = sb.scored_session();
    let out = sb.run(&[
        "--lang",
        "id",
        "award",
        p(&path),
        "E08",
        "Top 5 Terpuji",
        "--reason",
        "dampak luas",
    ]);
    out.ok();
    assert_eq!(
        out.stdout.trim(),
        "E08 menerima penghargaan \"Top 5 Terpuji\""
    );
    let out = sb.run(&[
        "award",
        p(&path),
        "E08",
        "Top 5 Terpuji",
        "--reason",
        "salah catat",
        "--withdraw",
    ]);
    out.ok();
    assert_eq!(out.stdout.trim(), "withdrew \"Top 5 Terpuji\" from E08");
}
