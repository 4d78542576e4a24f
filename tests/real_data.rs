//! The engine against a real panel: the men's snowboard halfpipe final of the 2026 Winter
//! Olympics. Six judges mark each run 0-100; the official score drops the highest and lowest
//! mark and averages the middle four, which is juri's `trimmed` method on a one-criterion rubric.

mod common;

use std::collections::BTreeMap;

use chrono::TimeZone;
use juri::model::{
    Category, Criterion, Entry, Juror, Rubric, Session, Sheet, SheetState, Status, Text,
};
use juri::standings::{Method, Options, compute};

#[test]
fn trimmed_mean_reproduces_every_official_run_score() {
    let now = chrono::FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 2, 13, 19, 30, 0)
        .unwrap();
    let rubric = Rubric {
        name: "halfpipe".into(),
        criteria: vec![Criterion {
            id: "run".into(),
            name: Text::new("Run", "Run"),
            description: Text::default(),
            weight: 1.0,
            min: 0.0,
            max: 100.0,
            step: 1.0,
        }],
        presentation_seconds: 60,
        interview_seconds: 0,
    };
    let mut s = Session::new("Halfpipe final", rubric, now);
    s.categories.push(Category {
        id: "men".into(),
        name: "Men".into(),
        top_n: Some(3),
    });
    for j in 1..=6 {
        s.jurors.push(Juror {
            id: format!("judge{j}"),
            name: format!("Judge {j}"),
            role: None,
            conflicts: vec![],
        });
    }
    let path = common::fixtures::path("real-data/halfpipe-2026-mens-final-judges.csv");
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap();
    let mut official = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        if &rec[4] == "DNI" {
            continue;
        }
        let id = format!("{} run {}", &rec[0], &rec[3]);
        s.entries.push(Entry {
            id: id.clone(),
            title: id.clone(),
            institution: rec[1].to_string(),
            category: "men".into(),
            region: None,
            presenter: None,
            status: Status::Done,
            ..Default::default()
        });
        for j in 1..=6 {
            let mark: f64 = rec[4 + 2 * j].parse().unwrap();
            s.scores.push(Sheet {
                entry: id.as_str().into(),
                juror: format!("judge{j}").into(),
                values: [("run", mark)].into_iter().collect(),
                notes: BTreeMap::new(),
                comment: String::new(),
                state: SheetState::Submitted,
                created: now,
                updated: now,
                submitted: Some(now),
            });
        }
        official.insert(id, rec[4].to_string());
    }
    assert!(juri::model::validate(&s).is_empty());
    assert_eq!(official.len(), 24, "24 scored runs in the final");
    let st = compute(
        &s,
        &Options {
            method: Method::Trimmed,
            ..Options::default()
        },
    )
    .unwrap();
    for row in &st.rows {
        let got = row.score.as_ref().unwrap().display();
        assert_eq!(got, official[&row.entry], "{}", row.entry);
    }
    // The best run of the night was 95.00 (Yuto Totsuka, run 2), alone at rank 1.
    assert_eq!(st.rows[0].entry, "Yuto TOTSUKA run 2");
    assert_eq!(st.rows[0].rank, Some(1));
    assert_eq!(st.rows[1].rank, Some(2));
}
