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
