//! The bundled demo session is built from the fixture CSVs; this keeps the two in step.
//! After changing the CSVs or the builder, run `JURI_BLESS=1 cargo test --test demo_fixture`.

mod common;

use juri::model::{Session, SheetState, Status};

use common::fixtures;

fn built() -> Session {
    juri::cli::build_demo(&fixtures::dir(), common::app::demo_day(9, 0)).unwrap()
}

#[test]
fn bundled_demo_matches_its_csvs() {
    let path = fixtures::path("demo-session.json");
    let s = built();
    // One portable file: the demo carries its audit log inside; the first save moves it into
    // the journal beside the copy.
    let fields = serde_json::to_string_pretty(&s).unwrap();
    let audit = serde_json::to_string_pretty(&s.audit)
        .unwrap()
        .replace('\n', "\n  ");
    let text = format!(
        "{},\n  \"audit\": {audit}\n}}\n",
        fields.strip_suffix("\n}").unwrap()
    );
    if std::env::var_os("JURI_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let bundled = std::fs::read_to_string(&path).unwrap();
    assert!(
        bundled == text,
        "fixtures/demo-session.json is stale: run JURI_BLESS=1 cargo test --test demo_fixture"
    );
}

#[test]
fn demo_is_a_realistic_provincial_final() {
    let s = built();
    assert!(juri::model::validate(&s).is_empty());
    juri::standings::verify::verify(&s, &s.audit).unwrap();
    assert_eq!(s.language.as_deref(), Some("id"));
    assert_eq!(s.categories.len(), 2);
    assert!(s.categories.iter().all(|c| c.top_n == Some(10)));
    assert!((18..=22).contains(&s.entries.len()));
    assert_eq!(s.jurors.len(), 5);
    assert!(s.jurors.iter().any(|j| !j.conflicts.is_empty()));
    assert_eq!(
        s.entries
            .iter()
            .filter(|e| e.status == Status::Absent)
            .count(),
        1
    );
    let submitted = s
        .scores
        .iter()
        .filter(|x| x.state == SheetState::Submitted)
        .count();
    let drafts = s
        .scores
        .iter()
        .filter(|x| x.state == SheetState::Draft)
        .count();
    assert!(submitted >= 40, "{submitted} submitted");
    assert!(drafts >= 1);
    // Part of the day is still ahead: some entries have no sheet yet, and one is on stage next.
    assert!(s.entries.iter().any(|e| e.status == Status::Scheduled));
    let current = s.current.as_deref().unwrap();
    assert_eq!(s.entry(current).unwrap().status, Status::Scheduled);
    // Presented entries carry their real durations.
    assert!(
        s.entries
            .iter()
            .filter(|e| e.status == Status::Done)
            .all(|e| { s.timers.iter().any(|t| t.entry == e.id && t.finished()) })
    );
}
