//! A competition as it runs: administrative screening, agendas over several days, stages
//! carried forward and groups, through the real `juri` binary.

use std::fmt::Write as _;
use std::fs;

use serde_json::Value;

mod common;

use common::sandbox::{Sandbox, p};

/// Five entries; E2 did not pass the screening.
const SCREENED: &str = "id,title,institution,category,screening,reason,group\n\
E1,Satu,Dinas A,Provinsi,,,umum\n\
E2,Dua,Dinas B,Provinsi,ineligible,no letter from the regent,umum\n\
E3,Tiga,Dinas C,Provinsi,lolos,,replikasi\n\
E4,Empat,Dinas D,Kabupaten/Kota,,,umum\n\
E5,Lima,Dinas E,Kabupaten/Kota,,,khusus\n";

const JURORS: &str = "jurors.csv";

fn jurors(sb: &Sandbox, n: usize) {
    let mut t = String::from("id,name\n");
    for j in 1..=n {
        writeln!(t, "J{j},Juri {j}").unwrap();
    }
    fs::write(sb.path(JURORS), t).unwrap();
}

fn read_json(path: &std::path::Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn new_screened(sb: &Sandbox) -> std::path::PathBuf {
    fs::write(sb.path("entries.csv"), SCREENED).unwrap();
    jurors(sb, 3);
    sb.run(&[
        "new",
        "S.json",
        "--preset",
        "kipp",
        "--entries",
        "entries.csv",
        "--jurors",
        JURORS,
    ])
    .ok();
    sb.path("S.json")
}

/// Every criterion of the kipp rubric for one juror and entry.
fn sheet(out: &mut String, entry: &str, juror: &str, base: u32) {
    for (k, c) in [
        "problem",
        "novelty",
        "implementation",
        "impact",
        "sustainability",
        "replicability",
        "presentation",
        "interview",
    ]
    .iter()
    .enumerate()
    {
        writeln!(out, "{entry},{juror},{c},{}", base + k as u32).unwrap();
    }
}

#[test]
fn import_scores_refuses_values_for_an_ineligible_entry() {
    let sb = Sandbox::new();
    let path = new_screened(&sb);
    let v = read_json(&path);
    assert_eq!(v["entries"][1]["status"], "ineligible");
    assert_eq!(v["entries"][1]["reason"], "no letter from the regent");
    assert_eq!(v["entries"][2]["group"], "replikasi");
    let mut csv = String::from("entry,juror,criterion,score\n");
    sheet(&mut csv, "E1", "J1", 70);
    sheet(&mut csv, "E2", "J1", 70);
    fs::write(sb.path("scores.csv"), &csv).unwrap();
    let before = fs::read(&path).unwrap();
    sb.run(&["import-scores", p(&path), "scores.csv"])
        .refused(&["line 10", "\"E2\" is ineligible and cannot be scored"]);
    assert_eq!(fs::read(&path).unwrap(), before, "nothing was imported");
    // The screening is in the audit log and replays.
    let out = sb.run(&["verify", p(&path)]);
    out.ok();
}

#[test]
fn an_ineligible_entry_without_a_reason_is_refused() {
    let sb = Sandbox::new();
    fs::write(
        sb.path("entries.csv"),
        "id,title,institution,category,screening,reason\nE1,a,b,c,ineligible,\n",
    )
    .unwrap();
    jurors(&sb, 3);
    sb.run(&[
        "new",
        "S.json",
        "--preset",
        "kipp",
        "--entries",
        "entries.csv",
        "--jurors",
        JURORS,
    ])
    .refused(&["line 2", "reason"]);
}

#[test]
fn a_cutoff_names_its_category_in_any_case_and_a_wrong_one_lists_the_real_ones() {
    let sb = Sandbox::new();
    fs::write(sb.path("entries.csv"), SCREENED).unwrap();
    jurors(&sb, 3);
    let args = |cut: &'static str| {
        vec![
            "new",
            "S.json",
            "--preset",
            "kipp",
            "--entries",
            "entries.csv",
            "--jurors",
            JURORS,
            "--cutoff",
            cut,
        ]
    };
    sb.run(&args("provinsi=2")).ok();
    assert_eq!(read_json(&sb.path("S.json"))["categories"][0]["top_n"], 2);
    fs::remove_file(sb.path("S.json")).unwrap();
    sb.run(&args("Propinsi=2")).refused(&[
        "no category \"Propinsi\"",
        "\"Provinsi\", \"Kabupaten/Kota\"",
    ]);
}

const CRITERIA: [(&str, i64); 8] = [
    ("problem", 10),
    ("novelty", 15),
    ("implementation", 10),
    ("impact", 15),
    ("sustainability", 10),
    ("replicability", 10),
    ("presentation", 15),
    ("interview", 15),
];

/// A juror's value for a criterion of an entry: varied, whole, 40 to 99.
fn value(stage: i64, entry: i64, juror: i64, k: i64) -> i64 {
    let x = (entry * 2_654_435_761 + juror * 40_503 + k * 9_973 + stage * 7_919) % 1_000_003;
    40 + (x * x) % 60
}

/// A juror's total exactly: 100 * sum(w * v / 100) / sum(w), the weights summing to 100.
fn total(stage: i64, entry: i64, juror: i64) -> num_rational::BigRational {
    let sum: i64 = CRITERIA
        .iter()
        .enumerate()
        .map(|(k, (_, w))| w * value(stage, entry, juror, k as i64))
        .sum();
    num_rational::BigRational::new(sum.into(), 100.into())
}

fn mean_total(stage: i64, entry: i64, jurors: i64) -> num_rational::BigRational {
    let mut sum = num_rational::BigRational::from_integer(0.into());
    for j in 1..=jurors {
        sum += total(stage, entry, j);
    }
    sum / num_rational::BigRational::from_integer(jurors.into())
}

fn scores_csv(stage: i64, entries: &[i64], jurors: i64) -> String {
    let mut out = String::from("entry,juror,criterion,score\n");
    for &e in entries {
        for j in 1..=jurors {
            for (k, (c, _)) in CRITERIA.iter().enumerate() {
                writeln!(out, "P{e:02},J{j},{c},{}", value(stage, e, j, k as i64)).unwrap();
            }
        }
    }
    out
}

fn exact(v: &Value) -> num_rational::BigRational {
    let t = v.as_str().unwrap();
    let (a, b) = t.split_once('/').unwrap();
    num_rational::BigRational::new(a.parse().unwrap(), b.parse().unwrap())
}

/// A province's chain: 80 registrants, 12 of them ineligible; the desk evaluation scored by
/// three jurors; the Top 20 advanced to presentations and interviews; the final standings are
/// 40% desk and 60% interview, equal to an exact reference.
#[test]
fn a_provinces_chain_from_registration_to_the_combined_standings() {
    let sb = Sandbox::new();
    jurors(&sb, 3);
    let mut entries = String::from("id,title,institution,category,screening,reason,group\n");
    let ineligible: Vec<i64> = (1..=80).filter(|e| e % 7 == 3).take(12).collect();
    assert_eq!(ineligible.len(), 12);
    for e in 1..=80i64 {
        let (screen, reason) = if ineligible.contains(&e) {
            ("ineligible", format!("missing document {e}"))
        } else {
            ("", String::new())
        };
        let group = ["umum", "replikasi", "khusus"][(e % 3) as usize];
        writeln!(
            entries,
            "P{e:02},Inovasi {e},Dinas {e},Provinsi,{screen},{reason},{group}"
        )
        .unwrap();
    }
    fs::write(sb.path("registrants.csv"), entries).unwrap();
    let out = sb.run(&[
        "new",
        "desk.json",
        "--preset",
        "kipp",
        "--entries",
        "registrants.csv",
        "--jurors",
        JURORS,
        "--stage",
        "desk",
    ]);
    out.ok();
    assert!(
        out.stdout.contains("80 entries (12 ineligible)"),
        "{}",
        out.stdout
    );
    let eligible: Vec<i64> = (1..=80).filter(|e| !ineligible.contains(e)).collect();
    assert_eq!(eligible.len(), 68);
    // Scores for an ineligible entry are refused; those of the 68 go in.
    fs::write(sb.path("bad.csv"), scores_csv(1, &ineligible[..1], 1)).unwrap();
    sb.run(&["import-scores", "desk.json", "bad.csv"])
        .refused(&["is ineligible"]);
    fs::write(sb.path("desk-scores.csv"), scores_csv(1, &eligible, 3)).unwrap();
    sb.run(&["import-scores", "desk.json", "desk-scores.csv"])
        .ok();
    let verified = sb.run(&["verify", "desk.json"]);
    verified.ok();
    let fingerprint = verified
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("fingerprint "))
        .unwrap()
        .to_string();

    // The reference Top 20 of the desk stage.
    let mut desk: Vec<(num_rational::BigRational, i64)> =
        eligible.iter().map(|&e| (mean_total(1, e, 3), e)).collect();
    desk.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    assert!(desk[19].0 > desk[20].0, "no tie at the cut in this data");
    let mut top: Vec<i64> = desk[..20].iter().map(|x| x.1).collect();
    top.sort();

    let out = sb.run(&[
        "advance",
        "desk.json",
        "--top",
        "20",
        "--weight",
        "40",
        "--stage",
        "interview",
        "-o",
        "interview.json",
    ]);
    out.ok();
    assert!(
        out.stdout
            .contains("final score = 40% desk + 60% interview"),
        "{}",
        out.stdout
    );
    let next = read_json(&sb.path("interview.json"));
    let ids: Vec<&str> = next["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    let want: Vec<String> = top.iter().map(|e| format!("P{e:02}")).collect();
    assert_eq!(ids, want);
    assert_eq!(
        next["chain"]["previous"]["fingerprint"],
        fingerprint.as_str()
    );
    assert_eq!(next["chain"]["stages"][0]["name"], "desk");
    // desk.json's title was only its file's name: the next stage is not titled "desk".
    assert_eq!(next["title"], "interview");
    // Jurors' sheets hold this stage's criteria only: the desk score is not on them.
    assert_eq!(next["rubric"]["criteria"].as_array().unwrap().len(), 8);

    // The desk scores carried forward are not overwritten by an import by mistake; replaced on
    // request, with a word that they no longer match the linked file.
    fs::copy(sb.path("interview.json"), sb.path("copy.json")).unwrap();
    let mut desk_csv = String::from("entry,score\n");
    for e in &top {
        writeln!(desk_csv, "P{e:02},50").unwrap();
    }
    fs::write(sb.path("other-desk.csv"), desk_csv).unwrap();
    let import = |extra: &[&str]| {
        let mut args = vec![
            "import-stage",
            "copy.json",
            "other-desk.csv",
            "--name",
            "desk",
            "--weight",
            "40",
        ];
        args.extend_from_slice(extra);
        sb.run(&args)
    };
    let out = import(&[]);
    out.refused(&["already has the stage \"desk\""]);
    assert!(out.hint().contains("--replace"), "{}", out.hint());
    assert_eq!(
        read_json(&sb.path("copy.json"))["chain"],
        next["chain"],
        "nothing changed"
    );
    let out = import(&["--replace"]);
    out.ok();
    assert!(
        out.stdout.contains("no longer match") && out.stdout.contains("desk.json"),
        "{}",
        out.stdout
    );
    sb.run(&["verify", "copy.json"]).ok();

    fs::write(sb.path("interview-scores.csv"), scores_csv(2, &top, 3)).unwrap();
    sb.run(&["import-scores", "interview.json", "interview-scores.csv"])
        .ok();
    sb.run(&["verify", "interview.json"]).ok();
    let out = sb.run(&["standings", "interview.json", "--format", "json"]);
    out.ok();
    let st: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(st["formula"], "Final score = 40% desk + 60% interview");
    let rows = st["standings"].as_array().unwrap();
    assert_eq!(rows.len(), 20);
    let (w1, w2) = (
        num_rational::BigRational::new(40.into(), 100.into()),
        num_rational::BigRational::new(60.into(), 100.into()),
    );
    let mut reference: Vec<(num_rational::BigRational, i64)> = top
        .iter()
        .map(|&e| (&w1 * mean_total(1, e, 3) + &w2 * mean_total(2, e, 3), e))
        .collect();
    reference.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (k, (row, (score, e))) in rows.iter().zip(&reference).enumerate() {
        assert_eq!(row["entry"], format!("P{e:02}"), "position {k}");
        assert_eq!(&exact(&row["score_exact"]), score, "P{e:02}");
        // Equal final scores share the rank (the session has no tie-break criteria).
        let above = reference.iter().filter(|x| &x.0 > score).count();
        assert_eq!(row["rank"], above as u64 + 1, "position {k}");
        assert!(row["stages"]["desk"]["exact"].is_string());
    }
    // The table shows each stage and the formula.
    let table = sb.run(&["standings", "interview.json"]);
    table.ok();
    assert!(
        table
            .stdout
            .contains("Final score = 40% desk + 60% interview")
    );
    assert!(
        table.stdout.contains("desk  interview  Final"),
        "{}",
        table.stdout
    );
    // A third stage: the Top 5 of the interview go to the final, with the desk and the
    // interview scores of those five only.
    let out = sb.run(&[
        "advance",
        "interview.json",
        "--top",
        "5",
        "--weight",
        "30",
        "--stage",
        "final",
        "-o",
        "final.json",
    ]);
    out.ok();
    assert!(
        out.stdout
            .contains("final score = 40% desk + 30% interview + 30% final"),
        "{}",
        out.stdout
    );
    let fin = read_json(&sb.path("final.json"));
    assert_eq!(fin["title"], "final");
    let five: Vec<&str> = fin["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(five.len(), 5);
    for stage in fin["chain"]["stages"].as_array().unwrap() {
        let keys: Vec<&str> = stage["scores"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut want = five.clone();
        want.sort();
        assert_eq!(keys, want, "{}", stage["name"]);
    }
    sb.run(&["verify", "final.json"]).ok();
}

#[test]
fn an_earlier_stage_imported_from_another_tool_counts_by_its_weight() {
    let sb = Sandbox::new();
    let path = new_screened(&sb);
    fs::write(sb.path("desk.csv"), "entry,score\nE1,80\nE3,70.5\nE4,90\n").unwrap();
    // E5 competes and has no score.
    sb.run(&[
        "import-stage",
        p(&path),
        "desk.csv",
        "--name",
        "desk",
        "--weight",
        "40",
    ])
    .refused(&["no score for E5"]);
    fs::write(
        sb.path("desk.csv"),
        "entry,score\nE1,80\nE3,70.5\nE4,90\nE5,60\n",
    )
    .unwrap();
    sb.run(&[
        "import-stage",
        p(&path),
        "desk.csv",
        "--name",
        "desk",
        "--weight",
        "100",
    ])
    .refused(&["less than 100"]);
    let out = sb.run(&[
        "import-stage",
        p(&path),
        "desk.csv",
        "--name",
        "desk",
        "--weight",
        "40",
    ]);
    out.ok();
    assert!(
        out.stdout.contains("40% desk + 60% this stage"),
        "{}",
        out.stdout
    );
    sb.run(&["verify", p(&path)]).ok();
    // A stage score edited by hand is caught.
    let mut v = read_json(&path);
    v["chain"]["stages"][0]["scores"]["E1"] = "99".into();
    fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    assert_eq!(sb.run(&["verify", p(&path)]).code, Some(1));
}

#[test]
fn standings_of_one_group() {
    let sb = Sandbox::new();
    let path = new_screened(&sb);
    let mut csv = String::from("entry,juror,criterion,score\n");
    for e in ["E1", "E3", "E4", "E5"] {
        for j in ["J1", "J2", "J3"] {
            sheet(&mut csv, e, j, if e == "E4" { 80 } else { 60 });
        }
    }
    fs::write(sb.path("scores.csv"), &csv).unwrap();
    sb.run(&["import-scores", p(&path), "scores.csv"]).ok();
    let out = sb.run(&["standings", p(&path), "--group", "UMUM", "--format", "csv"]);
    out.ok();
    let ids: Vec<&str> = out
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert_eq!(ids, ["E4", "E1", "E2"]);
    assert!(out.stdout.lines().nth(2).unwrap().starts_with("2,"));
    sb.run(&["standings", p(&path), "--group", "lain"])
        .refused(&["no group \"lain\"", "\"umum\", \"replikasi\", \"khusus\""]);
}

/// The national stage: 99 entries in 6 clusters, 10 jurors, 13 days from 09:00 to 14:20 with a
/// lunch break. Every slot lies inside its day and outside the break.
#[test]
fn a_national_stage_over_thirteen_days_keeps_every_slot_inside_its_day() {
    let sb = Sandbox::new();
    jurors(&sb, 10);
    let mut entries = String::from("id,title,institution,category\n");
    for e in 1..=99 {
        writeln!(
            entries,
            "N{e:03},Inovasi {e},Instansi {e},Klaster {}",
            e % 6 + 1
        )
        .unwrap();
    }
    fs::write(sb.path("national.csv"), entries).unwrap();
    sb.run(&[
        "new",
        "N.json",
        "--preset",
        "kipp",
        "--entries",
        "national.csv",
        "--jurors",
        JURORS,
        "--days",
        "13",
        "--first-day",
        "2026-07-06",
        "--day-start",
        "09:00",
        "--day-end",
        "14:20",
        "--break",
        "12:00-13:00",
        "--presentation",
        "7",
        "--interview",
        "13",
        "--session-lang",
        "id",
    ])
    .ok();
    let v = read_json(&sb.path("N.json"));
    assert_eq!(v["rubric"]["presentation_seconds"], 420);
    assert_eq!(v["schedule"]["slot_minutes"], 20);
    assert_eq!(v["schedule"]["days"].as_array().unwrap().len(), 13);
    let out = sb.run(&["agenda", "N.json", "--format", "csv"]);
    out.ok();
    let minutes = |t: &str| {
        let (h, m) = t.split_once(':').unwrap();
        h.parse::<u32>().unwrap() * 60 + m.parse::<u32>().unwrap()
    };
    let mut rows = 0;
    let mut last = (0, 0);
    for line in out.stdout.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        let (day, date, slot) = (c[0].parse::<u32>().unwrap(), c[1], minutes(c[2]));
        assert!((1..=13).contains(&day), "{line}");
        assert_eq!(date, format!("2026-07-{:02}", 5 + day), "{line}");
        assert!(
            slot >= 9 * 60 && slot + 20 <= 14 * 60 + 20,
            "{line}: past the day"
        );
        assert!(
            slot + 20 <= 12 * 60 || slot >= 13 * 60,
            "{line}: across the break"
        );
        assert!((day, slot) > last, "{line}: in order");
        last = (day, slot);
        rows += 1;
    }
    assert_eq!(rows, 99);
    // 13 slots a day: the 99 entries take 8 days.
    assert_eq!(last.0, 8);
    // In the session's language, to send to the innovators.
    let table = sb.run(&["agenda", "N.json"]);
    table.ok();
    assert!(
        table.stdout.contains("Hari  Tanggal     Jadwal"),
        "{}",
        table.stdout
    );
    let md = sb.run(&["agenda", "N.json", "--format", "md", "--lang", "en"]);
    md.ok();
    assert!(md.stdout.contains("## Day 8 2026-07-13"), "{}", md.stdout);
}

/// The agenda planned elsewhere: `day` and `slot` columns give the days and their breaks.
#[test]
fn an_agenda_file_with_day_and_slot_columns_gives_the_days() {
    let sb = Sandbox::new();
    jurors(&sb, 3);
    fs::write(
        sb.path("agenda.csv"),
        "id,title,institution,category,day,slot\n\
         A1,a,b,K,1,09:00\nA2,a,b,K,1,09:30\nA3,a,b,K,1,13:00\nA4,a,b,K,2,10:00\n",
    )
    .unwrap();
    sb.run(&[
        "new",
        "A.json",
        "--preset",
        "kipp",
        "--entries",
        "agenda.csv",
        "--jurors",
        JURORS,
        "--slot",
        "30",
        "--first-day",
        "2026-08-03",
    ])
    .ok();
    let out = sb.run(&["agenda", "A.json", "--format", "csv"]);
    out.ok();
    let slots: Vec<String> = out
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(3).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        slots,
        [
            "1 2026-08-03 09:00",
            "1 2026-08-03 09:30",
            "1 2026-08-03 13:00",
            "2 2026-08-04 10:00"
        ]
    );
}

/// The agenda of a `juri new` as `juri agenda --format csv` gives it: "day date slot entry".
fn agenda_of(sb: &Sandbox, file: &str) -> Vec<String> {
    let out = sb.run(&["agenda", file, "--format", "csv"]);
    out.ok();
    out.stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(4).collect::<Vec<_>>().join(" "))
        .collect()
}

fn new_from(sb: &Sandbox, file: &str, csv: &str, extra: &[&str]) -> common::sandbox::Out {
    fs::write(sb.path("ag.csv"), csv).unwrap();
    let mut args = vec![
        "new",
        file,
        "--preset",
        "kipp",
        "--entries",
        "ag.csv",
        "--jurors",
        JURORS,
        "--first-day",
        "2026-12-03",
    ];
    args.extend_from_slice(extra);
    sb.run(&args)
}

/// The chair's times are kept as written, in whatever order the rows come; times that cannot be
/// kept are refused with the line that names them.
#[test]
fn an_agenda_file_keeps_the_chairs_times_in_any_row_order_or_names_the_line() {
    let sb = Sandbox::new();
    jurors(&sb, 3);
    // A day-1 row after the day-2 rows, and 9:00 without its leading zero.
    let head = "id,title,institution,category,screening,reason,day,slot\n";
    let rows = "A1,a,b,K,,,1,09:00\nA2,a,b,K,,,2,9:00\nA3,a,b,K,,,2,09:20\n\
                A4,a,b,K,ineligible,no letter,,\nA5,a,b,K,,,1,13:00\n";
    new_from(
        &sb,
        "A.json",
        &format!("{head}{rows}"),
        &["--presentation", "7", "--interview", "13"],
    )
    .ok();
    assert_eq!(
        agenda_of(&sb, "A.json"),
        [
            "1 2026-12-03 09:00 A1",
            "1 2026-12-03 13:00 A5",
            "2 2026-12-04 09:00 A2",
            "2 2026-12-04 09:20 A3",
            "   A4"
        ]
    );
    // Slots 10 minutes apart with slots of 20: the later line is named.
    let rows = "A1,a,b,K,,,1,09:00\nA2,a,b,K,,,1,09:10\nA3,a,b,K,,,2,09:00\n";
    new_from(
        &sb,
        "B.json",
        &format!("{head}{rows}"),
        &["--presentation", "7", "--interview", "13"],
    )
    .refused(&["ag.csv", "line 3", "A2", "09:10", "09:20"]);
    assert!(!sb.path("B.json").exists());
    // An entry that competes without a slot, when the others have theirs.
    let rows = "A1,a,b,K,,,1,09:00\nA2,a,b,K,,,1,\n";
    new_from(&sb, "C.json", &format!("{head}{rows}"), &[]).refused(&["ag.csv", "line 3", "A2"]);
    // And in Bahasa Indonesia.
    let rows = "A1,a,b,K,,,1,09:00\nA2,a,b,K,,,1,09:10\n";
    let out = new_from(&sb, "D.json", &format!("{head}{rows}"), &["--lang", "id"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.first_err_line().contains("baris 3: A2 pukul 09:10"),
        "{}",
        out.stderr
    );
}

/// More entries than the days hold: refused, with what fits and the days needed.
#[test]
fn more_entries_than_the_days_hold_are_refused_with_the_days_needed() {
    let sb = Sandbox::new();
    jurors(&sb, 3);
    fs::write(sb.path("entries.csv"), SCREENED).unwrap();
    let new = |file: &str, end: &str| {
        sb.run(&[
            "new",
            file,
            "--preset",
            "kipp",
            "--entries",
            "entries.csv",
            "--jurors",
            JURORS,
            "--days",
            "1",
            "--day-end",
            end,
        ])
    };
    // Four entries compete (E2 is ineligible); two slots of 30 minutes in a day to 10:00.
    new("x.json", "10:00").refused(&["2 of 4", "2 days"]);
    assert!(!sb.path("x.json").exists());
    // Until 11:00 they fit.
    let out = new("y.json", "11:00");
    out.ok();
    assert!(!out.stdout.contains("note:"), "{}", out.stdout);
    // Days planned beyond what the entries fill are named.
    let out = sb.run(&[
        "new",
        "z.json",
        "--preset",
        "kipp",
        "--entries",
        "entries.csv",
        "--jurors",
        JURORS,
        "--days",
        "5",
        "--day-end",
        "10:00",
    ]);
    out.ok();
    assert!(
        out.stdout.contains("the first 2 of the 5 days planned"),
        "{}",
        out.stdout
    ); // On working days only: 2026-12-04 is a Friday, the next day is Monday.
    sb.run(&[
        "new",
        "w.json",
        "--preset",
        "kipp",
        "--entries",
        "entries.csv",
        "--jurors",
        JURORS,
        "--days",
        "2",
        "--day-end",
        "10:00",
        "--first-day",
        "2026-12-04",
        "--weekdays",
    ])
    .ok();
    let dates: Vec<String> = agenda_of(&sb, "w.json")
        .iter()
        .filter_map(|l| l.split(' ').nth(1).map(String::from))
        .filter(|d| !d.is_empty())
        .collect();
    assert_eq!(
        dates,
        ["2026-12-04", "2026-12-04", "2026-12-07", "2026-12-07"]
    );
}

/// Phase lengths, slots and breaks that cannot make an agenda are refused, each for its own
/// reason.
#[test]
fn a_slot_shorter_than_its_phases_and_other_impossible_days_are_refused_for_their_reason() {
    let sb = Sandbox::new();
    let path = new_screened(&sb);
    let new = |file: &str, extra: &[&str]| {
        let mut args = vec![
            "new",
            file,
            "--preset",
            "kipp",
            "--entries",
            "entries.csv",
            "--jurors",
            JURORS,
            "--days",
            "2",
            "--day-end",
            "14:00",
        ];
        args.extend_from_slice(extra);
        sb.run(&args)
    };
    new(
        "a.json",
        &["--presentation", "7", "--interview", "13", "--slot", "10"],
    )
    .refused(&["slot of 10 minutes", "(20 minutes)"]);
    new("b.json", &["--presentation", "0", "--interview", "0"]).refused(&["0 minutes"]);
    new("c.json", &["--break", "13:00-12:00"])
        .refused(&["break 13:00-12:00 ends before it starts"]);
    for f in ["a.json", "b.json", "c.json"] {
        assert!(!sb.path(f).exists(), "{f}");
    }
    new(
        "d.json",
        &["--presentation", "7", "--interview", "13", "--slot", "25"],
    )
    .ok();
    sb.run(&[
        "advance",
        p(&path),
        "--top",
        "0",
        "--weight",
        "40",
        "-o",
        "next.json",
    ])
    .refused(&["--top is at least 1"]);
}

/// `juri new --lang id` makes a session that speaks Bahasa Indonesia, as `--session-lang id`
/// does; `--session-lang` still wins.
#[test]
fn a_new_session_speaks_the_language_it_was_made_in() {
    let sb = Sandbox::new();
    jurors(&sb, 3);
    fs::write(sb.path("entries.csv"), SCREENED).unwrap();
    let new = |file: &str, extra: &[&str]| {
        let mut args = vec![
            "new",
            file,
            "--preset",
            "kipp",
            "--entries",
            "entries.csv",
            "--jurors",
            JURORS,
            "--days",
            "2",
            "--day-end",
            "12:00",
        ];
        args.extend_from_slice(extra);
        sb.run(&args).ok();
    };
    new("id.json", &["--lang", "id"]);
    assert_eq!(read_json(&sb.path("id.json"))["language"], "id");
    let out = sb.run(&["agenda", "id.json"]);
    out.ok();
    assert!(out.stdout.contains("Hari"), "{}", out.stdout);
    new("en.json", &["--lang", "id", "--session-lang", "en"]);
    assert_eq!(read_json(&sb.path("en.json"))["language"], "en");
    new("none.json", &[]);
    let none = read_json(&sb.path("none.json"));
    assert!(
        none.get("language").is_none_or(Value::is_null),
        "{}",
        none["language"]
    );
}

/// Every export states the stages and the formula; the minutes list the ineligible entries with
/// their reasons and the agenda day by day.
#[test]
fn exports_show_the_stages_the_screening_and_the_days() {
    let sb = Sandbox::new();
    fs::write(sb.path("entries.csv"), SCREENED).unwrap();
    jurors(&sb, 3);
    sb.run(&[
        "new",
        "S.json",
        "--preset",
        "kipp",
        "--entries",
        "entries.csv",
        "--jurors",
        JURORS,
        "--days",
        "2",
        "--first-day",
        "2026-09-01",
        "--day-end",
        "10:00",
        "--stage",
        "presentasi",
    ])
    .ok();
    let path = sb.path("S.json");
    fs::write(
        sb.path("desk.csv"),
        "entry,score\nE1,80\nE3,70.5\nE4,90\nE5,60\n",
    )
    .unwrap();
    sb.run(&[
        "import-stage",
        p(&path),
        "desk.csv",
        "--name",
        "desk",
        "--weight",
        "40",
    ])
    .ok();
    let mut csv = String::from("entry,juror,criterion,score\n");
    for e in ["E1", "E3", "E4", "E5"] {
        for j in ["J1", "J2", "J3"] {
            sheet(&mut csv, e, j, 60);
        }
    }
    fs::write(sb.path("scores.csv"), &csv).unwrap();
    sb.run(&["import-scores", p(&path), "scores.csv"]).ok();
    for (format, lang, needles) in [
        (
            "html",
            "id",
            vec![
                "Nilai akhir = 40% desk + 60% presentasi",
                "no letter from the regent",
                "Hari 2",
                "Peserta yang tidak lolos administrasi",
            ],
        ),
        (
            "html",
            "en",
            vec![
                "Final score = 40% desk + 60% presentasi",
                "The agenda, day by day",
                "2026-09-02",
            ],
        ),
        (
            "md",
            "en",
            vec![
                "Final score = 40% desk + 60% presentasi",
                "| Entry | desk | presentasi | Final |",
            ],
        ),
        ("csv", "en", vec!["stage_desk,stage_presentasi"]),
        (
            "json",
            "en",
            vec!["\"formula\": \"Final score = 40% desk + 60% presentasi\""],
        ),
    ] {
        let out = sb.path(&format!("out.{format}"));
        sb.run(&[
            "export",
            p(&path),
            "--format",
            format,
            "-o",
            p(&out),
            "--lang",
            lang,
        ])
        .ok();
        let text = fs::read_to_string(&out).unwrap();
        for n in needles {
            assert!(text.contains(n), "{format} {lang}: {n:?} missing");
        }
    }
    // The recap says what its Score column holds (the final score), and the stage table writes
    // numbers as the rest of the recap does: a decimal comma in Bahasa Indonesia.
    let recap = |lang: &str| {
        let out = sb.path(&format!("recap-{lang}.html"));
        sb.run(&[
            "export",
            p(&path),
            "--format",
            "html",
            "-o",
            p(&out),
            "--lang",
            lang,
        ])
        .ok();
        fs::read_to_string(&out).unwrap()
    };
    let id = recap("id");
    assert!(
        id.contains("kolom Nilai adalah nilai akhir, 40% desk + 60% presentasi"),
        "id recap"
    );
    assert!(
        id.contains(">70,50<") && !id.contains(">70.50<"),
        "id commas"
    );
    let en = recap("en");
    assert!(en.contains("the Score column is the final score, 40% desk + 60% presentasi"));
    assert!(!en.contains("Scores are the mean of the jurors' weighted totals"));
    // The Markdown and `juri standings` speak the chosen language in the stage columns, and
    // say what Score is.
    let md = sb.path("out-id.md");
    sb.run(&[
        "export",
        p(&path),
        "--format",
        "md",
        "-o",
        p(&md),
        "--lang",
        "id",
    ])
    .ok();
    let md = fs::read_to_string(&md).unwrap();
    assert!(
        md.contains("| Peserta | desk | presentasi | Akhir |"),
        "{md}"
    );
    assert!(!md.contains("Final score ="), "{md}");
    let out = sb.run(&["standings", p(&path), "--lang", "id"]);
    out.ok();
    assert!(
        out.stdout.contains("Nilai akhir = 40% desk"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("Nilai adalah nilai akhir, 40% desk + 60% presentasi"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Final"), "{}", out.stdout);
}

/// Values for an absent or a withdrawn entry are refused as for an ineligible one, and the
/// session is left as it was.
#[test]
fn import_scores_refuses_values_for_absent_and_withdrawn_entries() {
    use juri::model::{Change, Status};
    let sb = Sandbox::new();
    let path = new_screened(&sb);
    for (entry, status, word) in [
        ("E4", Status::Absent, "absent"),
        ("E5", Status::Withdrawn, "withdrawn"),
    ] {
        let mut s = juri::store::load(&path).unwrap();
        let now = s.updated;
        s.apply(
            "chair",
            Change::SetStatus {
                entry: entry.into(),
                status,
            },
            now,
        )
        .unwrap();
        let before = s.clone();
        let mut csv = String::from("entry,juror,criterion,score\n");
        sheet(&mut csv, "E1", "J1", 70);
        sheet(&mut csv, entry, "J1", 70);
        let err = juri::io::csv::import_scores(&mut s, "scores.csv", csv.as_bytes(), false, now)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!(
                "line 10: entry \"{entry}\" is {word} and cannot be scored"
            )),
            "{err}"
        );
        assert_eq!(s, before);
    }
}
