//! What the fuzz targets check, as plain functions.
//!
//! This one file is shared: the fuzz targets use it through the `juri_fuzz` library, and
//! `tests/fuzz_regressions.rs` includes it with `#[path]`, so a crash input replayed by
//! `cargo test` goes through exactly the library calls the fuzzer made. It may use only `juri`,
//! `serde_json` and `chrono` (all regular dependencies of `juri`), and nothing from libFuzzer.
//!
//! Every function panics only when a property of juri is broken:
//! - the session loader (`store::load`) returns `Ok` only for a session with no problems
//!   (`model::validate` is empty), and a loaded session can be ranked (`standings::compute` with
//!   the default options), checked (`standings::verify::verify`) and saved and read back;
//! - the CSV importers return `Err` for bad input, an `import_scores` that fails leaves the
//!   session as it was (all or nothing), and one that succeeds leaves a valid session that still
//!   passes `verify` (the import is in the audit log).

use std::path::Path;
use std::sync::OnceLock;

use juri::io::csv;
use juri::model::{Rubric, Session, Time, validate};
use juri::standings::{self, Options, verify};

/// The byte that splits a `csv_import` input into entries / jurors / scores (ASCII "record
/// separator", which no real CSV contains).
pub const CSV_SEPARATOR: u8 = 0x1E;

/// The properties every successfully loaded session must have. Panics if one is broken.
pub fn check_loaded(s: &Session) {
    let problems = validate(s);
    assert!(
        problems.is_empty(),
        "a session that loaded has problems: {problems:?}"
    );
    // Errors are fine (e.g. a tie-break criterion or a category that the options do not know),
    // panics are not.
    let _ = standings::compute(s, &Options::default());
    let _ = verify::verify(s, &s.audit);
    // What `store::save` writes must read back as a valid session.
    let text = serde_json::to_string_pretty(s).expect("a loaded session serialises");
    let back: Session = serde_json::from_str(&text).expect("a saved session parses again");
    let problems = validate(&back);
    assert!(
        problems.is_empty(),
        "a saved session is invalid when read back: {problems:?}"
    );
}

/// `load_session`: writes `bytes` to `path` and loads it with `juri::store::load`.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> juri::Result<Session> {
    std::fs::write(path, bytes).expect("write the fuzz input to a temporary file");
    let loaded = juri::store::load(path);
    if let Ok(s) = &loaded {
        check_loaded(s);
    }
    loaded
}

/// `parse_session_json`: `serde_json::from_slice` into a `Session`, then the checks of the
/// loader (no file, no BOM handling, no migration). `Err` names why it is not a valid session.
pub fn parse_json(bytes: &[u8]) -> Result<Session, String> {
    let s: Session = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let problems = validate(&s);
    if !problems.is_empty() {
        return Err(format!(
            "{} problem(s), first: {}",
            problems.len(),
            problems[0]
        ));
    }
    check_loaded(&s);
    Ok(s)
}

/// The fixed time the CSV checks use as "now".
pub fn fixed_now() -> Time {
    chrono::DateTime::parse_from_rfc3339("2026-11-23T15:00:00+07:00").expect("fixed time")
}

/// A kipp session with these categories, entries and jurors, and a fixed id.
fn session_with(
    categories: Vec<juri::model::Category>,
    entries: Vec<juri::model::Entry>,
    jurors: Vec<juri::model::Juror>,
) -> Session {
    let created = chrono::DateTime::parse_from_rfc3339("2026-11-23T08:00:00+07:00").expect("time");
    let mut s = Session::new(
        "Fuzz session",
        Rubric::preset("kipp").expect("the kipp preset"),
        created,
    );
    s.id = "f022f022f022f022f022f022f022f022".into();
    s.categories = categories;
    s.entries = entries;
    s.jurors = jurors;
    s
}

/// The small fixed session of `csv_import`: kipp preset, demo entries and demo jurors, no
/// scores yet. Built once.
pub fn demo_session() -> &'static Session {
    static DEMO: OnceLock<Session> = OnceLock::new();
    DEMO.get_or_init(|| {
        let (categories, entries) = csv::read_entries(
            "demo-entries.csv",
            include_str!("../../fixtures/demo-entries.csv").as_bytes(),
        )
        .expect("demo entries read");
        let jurors = csv::read_jurors(
            "demo-jurors.csv",
            include_str!("../../fixtures/demo-jurors.csv").as_bytes(),
            &entries,
        )
        .expect("demo jurors read");
        let s = session_with(categories, entries, jurors);
        let problems = validate(&s);
        assert!(
            problems.is_empty(),
            "the fixed demo session is invalid: {problems:?}"
        );
        s
    })
}

/// The rows of fixtures/demo-scores.csv that `scored_demo_session` imports: every sheet of E01
/// and E02 (submitted) and the first three values of E03/J1 (a draft). Only a part of the file,
/// because `verify` replays the whole audit log after each successful import, and the full demo
/// log makes the target about ten times slower.
pub fn demo_scores_part() -> String {
    let mut draft = 0;
    include_str!("../../fixtures/demo-scores.csv")
        .lines()
        .enumerate()
        .filter(|(i, line)| {
            let keep_draft = line.starts_with("E03,J1,") && draft < 3;
            if keep_draft {
                draft += 1;
            }
            *i == 0 || line.starts_with("E01,") || line.starts_with("E02,") || keep_draft
        })
        .map(|(_, line)| format!("{line}\n"))
        .collect()
}

/// The fixed session with `demo_scores_part` imported, so that it has submitted sheets (where
/// `replace` matters) and a draft. Built once.
pub fn scored_demo_session() -> &'static Session {
    static SCORED: OnceLock<Session> = OnceLock::new();
    SCORED.get_or_init(|| {
        let mut s = demo_session().clone();
        csv::import_scores(
            &mut s,
            "demo-scores.csv",
            demo_scores_part().as_bytes(),
            false,
            fixed_now(),
        )
        .expect("demo scores import");
        s
    })
}

/// Imports `scores` into a copy of `base`; checks all-or-nothing and validity afterwards.
pub fn import_into(base: &Session, scores: &[u8], replace: bool) -> bool {
    let mut s = base.clone();
    match csv::import_scores(&mut s, "scores.csv", scores, replace, fixed_now()) {
        Ok(_) => {
            let problems = validate(&s);
            assert!(
                problems.is_empty(),
                "import_scores (replace={replace}) succeeded but left an invalid session: {problems:?}"
            );
            let _ = standings::compute(&s, &Options::default());
            // The import is recorded in the audit log: a session that verified still does.
            let after = verify::verify(&s, &s.audit);
            assert!(
                after.is_ok() || verify::verify(base, &base.audit).is_err(),
                "import_scores (replace={replace}) succeeded but the session no longer verifies: {after:?}"
            );
            true
        }
        Err(_) => {
            assert!(
                s == *base,
                "import_scores (replace={replace}) failed but changed the session"
            );
            false
        }
    }
}

/// What `check_csv` saw: which steps accepted their part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CsvOutcome {
    pub entries_ok: bool,
    pub jurors_ok: bool,
    pub scores_ok: bool,
}

/// Splits `data` at the first two `CSV_SEPARATOR` bytes into (entries, jurors, scores). Missing
/// parts are empty.
pub fn split3(data: &[u8]) -> (&[u8], &[u8], &[u8]) {
    let mut parts = data.splitn(3, |b| *b == CSV_SEPARATOR);
    let a = parts.next().unwrap_or_default();
    let b = parts.next().unwrap_or_default();
    let c = parts.next().unwrap_or_default();
    (a, b, c)
}

/// `csv_import`: the three parts go through `read_entries`, `read_jurors` and `import_scores`.
///
/// - entries: `read_entries`;
/// - jurors: `read_jurors` against the demo entries (and against the fuzzed entries, if read);
/// - scores: `import_scores` into the demo session (no scores yet, `replace` false), into the
///   demo session with the demo scores (`replace` false and true), and into a session made of the
///   fuzzed entries and jurors when both were read and make a valid session.
pub fn check_csv(data: &[u8]) -> CsvOutcome {
    let (entries_csv, jurors_csv, scores_csv) = split3(data);
    let mut out = CsvOutcome::default();

    let read = csv::read_entries("entries.csv", entries_csv);
    let demo = demo_session();
    let jurors_demo = csv::read_jurors("jurors.csv", jurors_csv, &demo.entries);
    out.jurors_ok = jurors_demo.is_ok();

    if let Ok((categories, entries)) = read {
        out.entries_ok = true;
        if let Ok(jurors) = csv::read_jurors("jurors.csv", jurors_csv, &entries) {
            out.jurors_ok = true;
            let own = session_with(categories, entries, jurors);
            if validate(&own).is_empty() {
                let _ = standings::compute(&own, &Options::default());
                out.scores_ok |= import_into(&own, scores_csv, false);
            }
        }
    }

    out.scores_ok |= import_into(demo, scores_csv, false);
    let scored = scored_demo_session();
    out.scores_ok |= import_into(scored, scores_csv, false);
    out.scores_ok |= import_into(scored, scores_csv, true);
    out
}
