//! The bundled demo session, written fresh for `juri demo`.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::io::csv;
use crate::model::{Rubric, Schedule, Session, Status, Time};
use crate::store;

use super::*;

/// The bundled demo: a provincial final in Bahasa Indonesia, built from the fixture CSVs.
pub fn demo_session(now: Time) -> Result<Session> {
    let text = include_str!("../../fixtures/demo-session.json");
    let mut s: Session = serde_json::from_str(text).map_err(|e| Error::Parse {
        path: "fixtures/demo-session.json".into(),
        message: e.to_string(),
    })?;
    // The id stays: the audit chain of the demo's morning starts from it.
    s.created = now;
    s.updated = now;
    Ok(s)
}

/// Writes a fresh demo copy into the data folder and returns its path.
pub fn write_demo() -> Result<PathBuf> {
    let dir = store::data_dir()?;
    let path = dir.join("demo.json");
    let mut s = demo_session(now())?;
    let _lock = store::lock(&path)?;
    store::save(&path, &mut s)?;
    Ok(path)
}

/// Builds the demo session from the fixture CSVs (used to regenerate the bundled JSON): the
/// morning of a provincial final, with the entries that have marks already presented.
pub fn build_demo(fixtures: &Path, day_start: Time) -> Result<Session> {
    use crate::model::Change;
    use chrono::Duration;
    let p = |n: &str| fixtures.join(n);
    let mut s = Session::new(
        "Final KIPP Provinsi 2026",
        Rubric::preset("kipp").expect("built-in preset"),
        day_start - Duration::hours(1),
    );
    // A fixed id keeps the bundled file reproducible; the audit chain starts from it.
    s.id = "d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0".into();
    s.stage = "Presentasi dan wawancara".into();
    s.language = Some("id".into());
    s.place = Some("Ruang Rapat Bappeda (daring)".into());
    s.schedule = Some(Schedule {
        start: "09:00".into(),
        slot_minutes: 25,
        days: Vec::new(),
    });
    s.tie_break = vec!["impact".into(), "novelty".into()];
    let (cats, entries) = csv::read_entries("demo-entries.csv", open_csv(&p("demo-entries.csv"))?)?;
    s.jurors = csv::read_jurors(
        "demo-jurors.csv",
        open_csv(&p("demo-jurors.csv"))?,
        &entries,
    )?;
    s.categories = cats;
    for c in &mut s.categories {
        c.top_n = Some(10);
    }
    s.entries = entries;

    let mut scratch = s.clone();
    csv::import_scores(
        &mut scratch,
        "demo-scores.csv",
        open_csv(&p("demo-scores.csv"))?,
        false,
        day_start,
    )?;
    let marked = |id: &str| scratch.scores.iter().any(|sh| sh.entry == id);
    let ids: Vec<String> = s.entries.iter().map(|e| e.id.clone()).collect();
    let mut clock = day_start;
    let mut absent_done = false;
    for (i, id) in ids.iter().enumerate() {
        // Each presenter needs a few minutes to connect: the day drifts behind its slots.
        let planned = day_start + Duration::minutes(25 * i as i64);
        let slot = planned.max(clock + Duration::minutes(6));
        if marked(id) {
            let k = i as i64;
            let pres = Duration::seconds(400 + (k * 37) % 60);
            let interview = Duration::seconds(700 + (k * 53) % 150);
            let entry = || id.clone();
            s.apply(
                "chair",
                Change::SetCurrent {
                    entry: Some(entry()),
                },
                slot,
            )?;
            s.apply("chair", Change::TimerToggle { entry: entry() }, slot)?;
            s.apply("chair", Change::TimerNext { entry: entry() }, slot + pres)?;
            s.apply(
                "chair",
                Change::TimerNext { entry: entry() },
                slot + pres + interview,
            )?;
            clock = slot + pres + interview;
        } else if !absent_done && clock > day_start {
            let status = Status::Absent;
            s.apply(
                "chair",
                Change::SetStatus {
                    entry: id.clone(),
                    status,
                },
                slot,
            )?;
            absent_done = true;
        }
    }
    let after = clock + Duration::minutes(5);
    csv::import_scores(
        &mut s,
        "demo-scores.csv",
        open_csv(&p("demo-scores.csv"))?,
        false,
        after,
    )?;
    let next = s
        .entries
        .iter()
        .find(|e| e.status == Status::Scheduled && !marked(&e.id))
        .map(|e| e.id.clone());
    s.apply("chair", Change::SetCurrent { entry: next }, after)?;
    Ok(s)
}
