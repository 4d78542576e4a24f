use super::*;
use crate::error::{Error, Result};
use crate::model::{Rubric, SheetState};
use crate::model::{Session, Status, Time};
use chrono::TimeZone;
use std::collections::HashSet;
use std::io::Read;

fn now() -> Time {
    chrono::FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .unwrap()
}

const ENTRIES: &str = "\
id,title,institution,category,region,presenter
E01,SIPANDU Gizi,Dinas Kesehatan Provinsi,Perangkat Daerah Provinsi,Kota Semarang,Kepala Dinas
E02,CAKES,Dinas Kesehatan Kabupaten Belu,Kabupaten/Kota,Kabupaten Belu,
E03,\"Antrean Daring, Pulang Tanpa Menunggu\",RSUD Provinsi,Perangkat Daerah Provinsi,,
";
const JURORS: &str = "id,name,role,conflicts\nJ1,Juri 1,Akademisi,\nJ2,Juri 2,Jurnalis,E03\n";

/// Every kipp criterion for one sheet, with `value` everywhere.
fn sheet_rows(entry: &str, juror: &str, value: u32) -> String {
    let r = Rubric::preset("kipp").unwrap();
    r.criteria
        .iter()
        .map(|c| format!("{entry},{juror},{},{value},\n", c.id))
        .collect()
}

fn session() -> Session {
    let mut s = Session::new("Uji", Rubric::preset("kipp").unwrap(), now());
    let (cats, entries) = read_entries("entries.csv", ENTRIES.as_bytes()).unwrap();
    s.jurors = read_jurors("jurors.csv", JURORS.as_bytes(), &entries).unwrap();
    s.categories = cats;
    s.entries = entries;
    s
}

fn import(s: &mut Session, text: &str, replace: bool) -> Result<ImportSummary> {
    import_scores(s, "scores.csv", text.as_bytes(), replace, now())
}

/// The (line, reason) of a CSV error.
fn csv_error(r: Result<impl std::fmt::Debug>) -> (u64, String) {
    match r {
        Err(Error::Csv { line, reason, .. }) => (line, reason),
        other => panic!("expected a CSV error, got {other:?}"),
    }
}

fn entries_error(text: &str) -> (u64, String) {
    csv_error(read_entries("entries.csv", text.as_bytes()))
}

fn scores_error(text: &str) -> (u64, String) {
    let mut s = session();
    let before = s.clone();
    let err = csv_error(import(&mut s, text, false));
    assert_eq!(s, before, "a failed import leaves the session unchanged");
    err
}

fn fixture(name: &str) -> std::fs::File {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn entries_are_read_with_categories_in_order() {
    let (cats, entries) = read_entries("entries.csv", ENTRIES.as_bytes()).unwrap();
    let names: Vec<&str> = cats.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Perangkat Daerah Provinsi", "Kabupaten/Kota"]);
    assert!(cats.iter().all(|c| c.id == c.name && c.top_n.is_none()));
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[2].title, "Antrean Daring, Pulang Tanpa Menunggu");
    assert_eq!(entries[0].region.as_deref(), Some("Kota Semarang"));
    assert_eq!(entries[1].presenter, None);
    assert_eq!(entries[2].region, None);
    assert_eq!(entries[1].status, Status::Scheduled);
}

#[test]
fn bom_case_spaces_blank_lines_and_quotes() {
    let text = "\u{feff} ID , Title,INSTITUTION,category\r\n\r\n  E1 ,\"Samsat \"\"Jemput Bola\"\", Desa\" ,Bapenda, Prov \r\n\n,,,\nE2,b,c,Prov\n";
    let (cats, entries) = read_entries("e.csv", text.as_bytes()).unwrap();
    assert_eq!(cats.len(), 1);
    assert_eq!(entries[0].id, "E1");
    assert_eq!(entries[0].title, "Samsat \"Jemput Bola\", Desa");
    assert_eq!(entries[0].category, "Prov");
    // Blank lines are skipped but still counted.
    let (line, reason) =
        entries_error("\u{feff}id,title,institution,category\n\nE1,a,b,c\n\nE1,a,b,c\n");
    assert_eq!(line, 5);
    assert_eq!(
        reason,
        "the entry id \"E1\" is used twice (first on line 3)"
    );
    // Values over several lines and CRLF line ends do not shift the line numbers.
    let text = "id,title,institution,category\r\nE1,\"a\r\nb\",c,d\r\n\r\nE2,a,b\r\n";
    assert_eq!(entries_error(text).0, 5);
}

#[test]
fn entry_errors_name_the_line() {
    let (line, reason) = entries_error("id,title,category\nE1,a,b\n");
    assert_eq!(line, 1);
    assert!(
        reason.contains("missing column \"institution\""),
        "{reason}"
    );
    let (line, reason) = entries_error("id,title,institution,category,regoin\n");
    assert_eq!(line, 1);
    assert!(reason.contains("unknown column \"regoin\""), "{reason}");
    let (line, reason) = entries_error("id,title,institution,category,id\n");
    assert_eq!(
        (line, reason.as_str()),
        (1, "the column \"id\" appears twice")
    );
    let (line, reason) = entries_error("");
    assert_eq!(line, 1);
    assert!(reason.starts_with("is empty"), "{reason}");
    for (text, want) in [
        (
            "id,title,institution,category\nE1,a,b,c\n ,a,b,c\n",
            "id is empty",
        ),
        (
            "id,title,institution,category\nE1,a,b,c\nE2,,b,c\n",
            "title is empty",
        ),
        (
            "id,title,institution,category\nE1,a,b,c\nE2,a, ,c\n",
            "institution is empty",
        ),
        (
            "id,title,institution,category\nE1,a,b,c\nE2,a,b,\n",
            "category is empty",
        ),
    ] {
        assert_eq!(entries_error(text), (3, want.to_string()), "{text}");
    }
    let (line, reason) = entries_error("id,title,institution,category\nE1,a,b,c\nE2,a,b\n");
    assert_eq!(line, 3);
    assert!(
        reason.starts_with("has 3 value(s) but the header has 4"),
        "{reason}"
    );
    // An unnamed trailing column from a spreadsheet is fine as long as it stays empty.
    assert!(
        read_entries(
            "e.csv",
            "id,title,institution,category,\nE1,a,b,c,\n".as_bytes()
        )
        .is_ok()
    );
    let (line, reason) = entries_error("id,title,institution,category,\nE1,a,b,c,\nE2,a,b,c,x\n");
    assert_eq!(line, 3);
    assert!(reason.contains("no name in the header"), "{reason}");
    let bad_utf8: &[u8] = b"id,title,institution,category\nE1,a,b,c\nE2,caf\xE9,b,c\n";
    let (line, reason) = csv_error(read_entries("e.csv", bad_utf8));
    assert_eq!(line, 3);
    assert!(reason.contains("UTF-8"), "{reason}");
}

#[test]
fn the_separator_is_read_from_the_header_or_named() {
    let (_, entries) = read_entries(
        "e.csv",
        "id;title;institution;category\nE1;a, b;c;d\n".as_bytes(),
    )
    .unwrap();
    assert_eq!(entries[0].title, "a, b");
    let (_, reason) = entries_error("id\ttitle\tinstitution\tcategory\nE1\ta\tb\tc\n");
    assert!(reason.contains("separated by tabs"), "{reason}");
    let (_, reason) = entries_error("id;title;institution,category\n");
    assert!(reason.contains("mixes ';' and ','"), "{reason}");
    let (line, reason) = entries_error("id;title;institution;category\nE1;a;b;c;d\n");
    assert_eq!(line, 2);
    assert!(reason.contains("a missing semicolon"), "{reason}");
    // A comma in a score is a decimal comma only where `;` separates the values.
    assert_eq!(parse_score("7,5", true), Ok(7.5));
    assert!(
        parse_score("7,5", false)
            .unwrap_err()
            .contains("with a dot: 7.5")
    );
    assert!(parse_score("1,000,5", true).is_err());
}

#[test]
fn error_display_names_file_and_line() {
    let err = read_entries("agenda.csv", "id,title\n".as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "agenda.csv, line 1: missing column \"institution\"; the header must have: id,title,institution,category"
    );
}

#[test]
fn jurors_and_conflicts() {
    let (_, entries) = read_entries("entries.csv", ENTRIES.as_bytes()).unwrap();
    let text = "Id,Name,Role,Conflicts\nJ1,Juri 1 (akademisi),Akademisi,\nJ2,Juri 2,, E01 ; E03;;E01 \nJ3,Juri 3\n";
    let err = csv_error(read_jurors("j.csv", text.as_bytes(), &entries));
    assert_eq!(err.0, 4, "a row with a missing column");
    let text = "id,name,conflicts\nJ1,Juri 1 (akademisi),\nJ2,Juri 2, E01 ; E03;;E01 \n";
    let jurors = read_jurors("j.csv", text.as_bytes(), &entries).unwrap();
    assert_eq!(jurors[0].conflicts, Vec::<String>::new());
    assert_eq!(jurors[0].role, None);
    assert_eq!(jurors[1].conflicts, ["E01", "E03"]);
    let only_required = read_jurors("j.csv", "id,name\nJ1,Juri 1\n".as_bytes(), &entries).unwrap();
    assert_eq!(only_required.len(), 1);
    for (text, line, want) in [
        (
            "id,name\nJ1,a\nJ1,b\n",
            3,
            "the juror id \"J1\" is used twice (first on line 2)",
        ),
        ("id,name\nJ1,a\n,b\n", 3, "id is empty"),
        ("id,name\nJ1,a\nJ2,\n", 3, "name is empty"),
        (
            "id,name,conflicts\nJ1,a,E01;E09\n",
            2,
            "the conflict \"E09\" is not an entry id of the agenda",
        ),
    ] {
        let got = csv_error(read_jurors("j.csv", text.as_bytes(), &entries));
        assert_eq!(got, (line, want.to_string()), "{text}");
    }
    let (line, reason) = csv_error(read_jurors("j.csv", "id,role\n".as_bytes(), &entries));
    assert_eq!(line, 1);
    assert!(reason.contains("missing column \"name\""), "{reason}");
}

#[test]
fn score_errors_name_the_line_and_change_nothing() {
    let head = "entry,juror,criterion,score,note\nE01,J1,problem,80,\n";
    for (row, want) in [
        ("E09,J1,novelty,80,", "there is no entry \"E09\""),
        ("E01,J7,novelty,80,", "there is no juror \"J7\""),
        (
            "E01,J1,kebaruan,80,",
            "there is no criterion \"kebaruan\" in the rubric",
        ),
        (
            "E01,J1,novelty,delapan puluh,",
            "the score \"delapan puluh\" is not a number",
        ),
        (
            "E01,J1,novelty,\"80,5\",",
            "the score \"80,5\" is not a number (write decimals with a dot: 80.5)",
        ),
        ("E01,J1,novelty,NaN,", "the score \"NaN\" is not a number"),
        (
            "E01,J1,novelty,101,",
            "novelty: 101 is above the scale maximum 100",
        ),
        (
            "E01,J1,novelty,-1,",
            "novelty: -1 is below the scale minimum 0",
        ),
        (
            "E01,J1,novelty,80.5,",
            "novelty: 80.5 is not on the scale's step of 1 from 0",
        ),
        ("E01,J1,novelty,,", "the score is empty"),
        (
            "E03,J2,novelty,80,",
            "juror \"J2\" has a conflict of interest with entry \"E03\" and may not score it",
        ),
        (
            "E01,J1,problem,81,",
            "E01/J1/problem is given twice (first on line 2)",
        ),
        (",J1,problem,81,", "entry is empty"),
        ("E01,J1,,81,", "criterion is empty"),
    ] {
        let (line, reason) = scores_error(&format!("{head}\n{row}\n"));
        assert_eq!(line, 4, "{row}");
        assert!(reason.starts_with(want), "{row}: {reason}");
    }
    let (line, reason) = scores_error("entry,juror,score\n");
    assert_eq!(line, 1);
    assert!(reason.contains("missing column \"criterion\""), "{reason}");
    let err = import(
        &mut session(),
        &format!("{head}E01,J1,novelty,101,\n"),
        false,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "scores.csv, line 3: novelty: 101 is above the scale maximum 100"
    );
}

#[test]
fn import_is_all_or_nothing() {
    let mut s = session();
    import(&mut s, &sheet_rows("E02", "J1", 70), false)
        .map(|_| ())
        .unwrap_err();
    let mut text = String::from("entry,juror,criterion,score\n");
    text.push_str(&sheet_rows("E01", "J1", 80).replace(",\n", "\n"));
    text.push_str(&sheet_rows("E02", "J1", 75).replace(",\n", "\n"));
    let s0 = s.clone();
    // A bad last line: nothing of the good sheets before it is kept, not even in the audit.
    let bad = format!("{text}E02,J2,novelty,101\n");
    let (line, _) = csv_error(import(&mut s, &bad, false));
    assert_eq!(line, 18);
    assert_eq!(s, s0);
    assert!(s.scores.is_empty() && s.audit.is_empty());
    // The same file without the bad line goes in whole.
    let sum = import(&mut s, &text, false).unwrap();
    assert_eq!(sum.values, 16);
    assert_eq!(
        sum.submitted,
        [("E01".into(), "J1".into()), ("E02".into(), "J1".into())]
    );
    assert!(s.audit.iter().all(|e| e.actor == IMPORT_ACTOR));
    assert_eq!(
        s.audit
            .iter()
            .filter(|e| e.action == "sheet.submit")
            .count(),
        2
    );
}

#[test]
fn submitted_sheets_are_refused_unless_replaced() {
    let mut s = session();
    let head = "entry,juror,criterion,score,note\n";
    import(
        &mut s,
        &format!("{head}{}", sheet_rows("E01", "J1", 80)),
        false,
    )
    .unwrap();
    let fix = format!("{head}E02,J1,novelty,70,\nE01,J1,novelty,90,ketik ulang\n");
    let before = s.clone();
    let (line, reason) = csv_error(import(&mut s, &fix, false));
    assert_eq!(line, 3);
    assert_eq!(
        reason,
        "the sheet of J1 for E01 is already submitted; use --replace to replace it"
    );
    assert_eq!(s, before);

    let sum = import(&mut s, &fix, true).unwrap();
    assert_eq!(sum.replaced, [("E01".into(), "J1".into())]);
    assert_eq!(
        sum.submitted,
        [("E01".into(), "J1".into())],
        "the other values stay, so it is complete"
    );
    assert_eq!(sum.drafts.len(), 1);
    let sheet = s.sheet("E01", "J1").unwrap();
    assert!(sheet.is_submitted());
    assert_eq!(sheet.values["novelty"], 90.0);
    assert_eq!(sheet.values["problem"], 80.0);
    assert_eq!(sheet.notes["novelty"], "ketik ulang");
    let reopen = s.audit.iter().find(|e| e.action == "sheet.reopen").unwrap();
    assert_eq!(reopen.actor, "import");
    assert_eq!(reopen.subject, "E01/J1");
    assert_eq!(
        reopen.reason.as_deref(),
        Some("replaced by import of scores.csv")
    );
    let after: Vec<&str> = s
        .audit
        .iter()
        .skip_while(|e| e.action != "sheet.reopen")
        .map(|e| e.action.as_str())
        .collect();
    // The import is one batch in the log.
    assert_eq!(
        after,
        [
            "sheet.reopen",
            "score.set",
            "note.set",
            "sheet.submit",
            "batch.end"
        ]
    );
    let start = s.audit.iter().rev().find(|e| e.action == "batch.start");
    assert_eq!(
        start.map(|e| e.subject.as_str()),
        Some("import of scores.csv")
    );
    assert!(crate::model::validate(&s).is_empty());
}

#[test]
fn incomplete_sheets_stay_drafts_and_complete_later() {
    let mut s = session();
    let text = "entry,juror,criterion,score,note\n\
        E02,J1,problem,80,\nE02,J1,novelty,85,\nE02,J1,implementation,70,\n\
        E02,J1,sustainability,75,\nE02,J1,replicability,60,\nE02,J1,presentation,90,\n\
        E01,J2,interview,,tanya soal anggaran\n";
    let sum = import(&mut s, text, false).unwrap();
    assert_eq!(sum.values, 6);
    assert!(sum.submitted.is_empty());
    assert_eq!(
        sum.drafts[0],
        (
            "E02".into(),
            "J1".into(),
            vec!["impact".into(), "interview".into()]
        )
    );
    assert_eq!(sum.drafts[1].2.len(), 8);
    assert_eq!(
        sum.describe(),
        "imported 6 values: 0 sheets submitted, 2 kept as draft (E02/J1: missing impact, interview; \
         E01/J2: missing problem, novelty, implementation, impact, sustainability, replicability, presentation, interview)"
    );
    assert_eq!(s.sheet("E02", "J1").unwrap().state, SheetState::Draft);
    assert_eq!(
        s.sheet("E01", "J2").unwrap().notes["interview"],
        "tanya soal anggaran"
    );
    // The rest of the draft arrives in a second file: together they are complete.
    let sum = import(
        &mut s,
        "entry,juror,criterion,score\nE02,J1,impact,88\nE02,J1,interview,77\n",
        false,
    )
    .unwrap();
    assert_eq!(sum.describe(), "imported 2 values: 1 sheet submitted");
    assert!(s.sheet("E02", "J1").unwrap().is_submitted());
}

#[test]
fn describe_lists_replacements_and_shortens_long_lists() {
    let pair = |e: &str, j: &str| (e.to_string(), j.to_string());
    let sum = ImportSummary {
        submitted: vec![pair("E01", "J1"), pair("E02", "J1"), pair("E05", "J1")],
        drafts: (1..=5)
            .map(|i| (format!("E0{i}"), "J2".into(), vec!["impact".into()]))
            .collect(),
        replaced: vec![pair("E01", "J1")],
        values: 12,
    };
    assert_eq!(
        sum.describe(),
        "imported 12 values: 3 sheets submitted, 5 kept as draft (E01/J2: missing impact; \
         E02/J2: missing impact; E03/J2: missing impact; and 2 more)\n1 submitted sheet replaced (E01/J1)"
    );
}

#[test]
fn written_scores_import_back_equal() {
    let mut s = session();
    let mut text = String::from("entry,juror,criterion,score,note\n");
    text.push_str(&sheet_rows("E01", "J1", 80));
    text.push_str(&sheet_rows("E01", "J2", 65));
    text.push_str("E02,J1,novelty,77,\"Unik, tetapi \"\"mahal\"\"\"\nE02,J1,impact,,cek data\n");
    import(&mut s, &text, false).unwrap();
    let mut out = Vec::new();
    write_scores(&s, &mut out).unwrap();
    let written = String::from_utf8(out).unwrap();
    assert!(
        written.starts_with("entry,juror,criterion,score,note\nE01,J1,problem,80,\n"),
        "{written}"
    );
    assert!(
        written.contains("E02,J1,novelty,77,\"Unik, tetapi \"\"mahal\"\"\"\n"),
        "{written}"
    );

    let mut fresh = session();
    let sum = import(&mut fresh, &written, false).unwrap();
    assert_eq!(sum.values, 17);
    assert_eq!(fresh.scores.len(), s.scores.len());
    for (a, b) in s.scores.iter().zip(&fresh.scores) {
        assert_eq!(
            (&a.entry, &a.juror, &a.values, &a.notes, a.state),
            (&b.entry, &b.juror, &b.values, &b.notes, b.state)
        );
    }
}

#[test]
fn decimal_scales_round_trip() {
    let mut s = session();
    s.rubric = Rubric::preset("kipp-10").unwrap();
    import(
        &mut s,
        "entry,juror,criterion,score\nE01,J1,novelty,7.5\nE01,J1,impact,10\n",
        false,
    )
    .unwrap();
    let mut out = Vec::new();
    write_scores(&s, &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "entry,juror,criterion,score,note\nE01,J1,novelty,7.5,\nE01,J1,impact,10,\n"
    );
    let (line, reason) = csv_error(import(
        &mut s,
        "entry,juror,criterion,score\nE01,J1,problem,7.3\n",
        false,
    ));
    assert_eq!(
        (line, reason.as_str()),
        (2, "problem: 7.3 is not on the scale's step of 0.5 from 1")
    );
}

/// The demo day: 20 entries, 5 jurors, 12 entries scored, E07 left for the absent one.
#[test]
fn demo_fixtures_build_a_session() {
    use crate::standings::{Options, TieBreak, compute};
    let mut s = Session::new(
        "Final KIPP Provinsi",
        Rubric::preset("kipp").unwrap(),
        now(),
    );
    let (cats, entries) = read_entries("demo-entries.csv", fixture("demo-entries.csv")).unwrap();
    s.jurors = read_jurors("demo-jurors.csv", fixture("demo-jurors.csv"), &entries).unwrap();
    s.categories = cats;
    s.entries = entries;
    assert_eq!(s.entries.len(), 20);
    assert_eq!(s.jurors.len(), 5);
    let names: Vec<&str> = s.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Perangkat Daerah Provinsi", "Kabupaten/Kota"]);
    for c in &s.categories {
        assert_eq!(s.entries.iter().filter(|e| e.category == c.id).count(), 10);
    }
    assert_eq!(
        s.entry("E06").unwrap().title,
        "Antrean Daring, Pulang Tanpa Menunggu"
    );
    assert_eq!(s.entry("E03").unwrap().title, "Samsat \"Jemput Bola\" Desa");
    assert_eq!(s.juror("J4").unwrap().conflicts, ["E05", "E11"]);

    let sum = import_scores(
        &mut s,
        "demo-scores.csv",
        fixture("demo-scores.csv"),
        false,
        now(),
    )
    .unwrap();
    assert_eq!(sum.submitted.len(), 56);
    assert_eq!(
        sum.drafts,
        [
            ("E13".into(), "J2".into(), vec!["interview".into()]),
            (
                "E13".into(),
                "J5".into(),
                vec!["presentation".into(), "interview".into()]
            ),
        ]
    );
    assert!(sum.replaced.is_empty());
    assert_eq!(sum.values, 56 * 8 + 7 + 6);
    assert!(
        s.scores
            .iter()
            .all(|sh| !s.conflicted(&sh.juror, &sh.entry))
    );
    assert!(
        s.scores.iter().all(|sh| sh.entry != "E07"),
        "E07 is the absent one"
    );
    let scored: HashSet<&str> = s.scores.iter().map(|sh| sh.entry.as_str()).collect();
    assert_eq!(scored.len(), 12);
    assert!(
        crate::model::validate(&s).is_empty(),
        "{:?}",
        crate::model::validate(&s)
    );

    // Two exact ties: E03 = E09 (split by impact), E04 = E10 (shared, even on impact and novelty).
    s.tie_break = vec!["impact".into(), "novelty".into()];
    let st = compute(&s, &Options::default()).unwrap();
    let row = |id: &str| st.rows.iter().find(|r| r.entry == id).unwrap();
    assert_eq!(row("E03").score, row("E09").score);
    assert_eq!(row("E03").rank.unwrap() + 1, row("E09").rank.unwrap());
    assert_eq!(
        row("E03").tie_break,
        Some(TieBreak::Criterion("impact".into()))
    );
    assert_eq!(row("E04").score, row("E10").score);
    assert_eq!(row("E04").rank, row("E10").rank);
    assert_eq!(row("E10").tie_break, Some(TieBreak::Shared));
    let ranked: Vec<&str> = st
        .rows
        .iter()
        .filter(|r| r.rank.is_some())
        .map(|r| r.entry.as_str())
        .collect();
    assert_eq!(ranked.len(), 12);
    assert_eq!(row("E08").rank, Some(1));
}

#[test]
fn bad_fixtures_fail_on_the_right_line() {
    let (line, reason) = csv_error(read_entries("x", fixture("bad/entries-broken-line.csv")));
    assert_eq!(line, 4);
    assert!(
        reason.starts_with("has 5 value(s) but the header has 6"),
        "{reason}"
    );

    let mut s = Session::new("Uji", Rubric::preset("kipp").unwrap(), now());
    let (cats, entries) = read_entries("demo-entries.csv", fixture("demo-entries.csv")).unwrap();
    s.jurors = read_jurors("demo-jurors.csv", fixture("demo-jurors.csv"), &entries).unwrap();
    s.categories = cats;
    s.entries = entries;
    let before = s.clone();
    let err = import_scores(
        &mut s,
        "scores-out-of-range.csv",
        fixture("bad/scores-out-of-range.csv"),
        false,
        now(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "scores-out-of-range.csv, line 7: replicability: 101 is above the scale maximum 100"
    );
    let err = import_scores(
        &mut s,
        "scores-unknown-juror.csv",
        fixture("bad/scores-unknown-juror.csv"),
        false,
        now(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "scores-unknown-juror.csv, line 4: there is no juror \"J6\""
    );
    assert_eq!(s, before);
}

#[test]
fn rubric_fixtures_match_and_validate() {
    let read = |name: &str| {
        let mut text = String::new();
        fixture(name).read_to_string(&mut text).unwrap();
        text
    };
    let kipp = Rubric::preset("kipp").unwrap();
    let text = read("rubric-kipp.json");
    let from_file: Rubric = serde_json::from_str(&text).unwrap();
    assert_eq!(
        from_file, kipp,
        "fixtures/rubric-kipp.json is the kipp preset"
    );
    assert_eq!(
        text.trim_end(),
        serde_json::to_string_pretty(&kipp).unwrap()
    );

    let custom: Rubric = serde_json::from_str(&read("rubric-custom-example.json")).unwrap();
    assert_eq!(custom.criteria.len(), 4);
    assert!(
        custom
            .criteria
            .iter()
            .all(|c| (c.min, c.max, c.step) == (1.0, 10.0, 0.5))
    );
    let s = Session::new("Contoh", custom, now());
    assert!(
        crate::model::validate(&s).is_empty(),
        "{:?}",
        crate::model::validate(&s)
    );
}
