//! The rules that decide the winners, through the command line: the standings in the chosen
//! language, the trimmed mean of k, rounding, weights per kind of juror, lines, a passing grade,
//! merged panels.

use std::path::PathBuf;

use serde_json::Value;

mod common;

use common::fixtures::{ENTRIES, JURORS, SCORES};
use common::sandbox::{Sandbox, p};

/// `juri new S.json` from the demo entries and jurors with `extra`, and the demo scores.
fn scored(sb: &Sandbox, extra: &[&str]) -> PathBuf {
    let mut args = vec![
        "new",
        "S.json",
        "--entries",
        ENTRIES,
        "--jurors",
        JURORS,
        "--preset",
        "kipp",
    ];
    args.extend_from_slice(extra);
    sb.run(&args).ok();
    let path = sb.path("S.json");
    sb.run(&["import-scores", p(&path), SCORES]).ok();
    path
}

fn json(sb: &Sandbox, args: &[&str]) -> Value {
    let out = sb.run(args);
    out.ok();
    serde_json::from_str(&out.stdout).expect("JSON")
}

#[test]
fn standings_table_speaks_the_chosen_language() {
    let sb = Sandbox::new();
    let path = scored(&sb, &["--cutoff", "Kabupaten/Kota=10"]);
    let id = sb.run(&["--lang", "id", "standings", p(&path)]);
    id.ok();
    let head = id.stdout.lines().nth(1).unwrap();
    assert!(head.starts_with("Pkt"), "{head}");
    assert!(head.contains("Peserta") && head.contains("Nilai"), "{head}");
    assert!(!head.contains("Rank") && !head.contains("Entry"), "{head}");
    assert!(
        id.stdout
            .lines()
            .next()
            .unwrap()
            .contains("metode rata-rata")
    );
    let cut = sb.run(&[
        "--lang",
        "id",
        "standings",
        p(&path),
        "--category",
        "Kabupaten/Kota",
    ]);
    assert!(cut.stdout.contains("Batas 10 besar"), "{}", cut.stdout);
    let md = sb.run(&["--lang", "id", "standings", p(&path), "--format", "md"]);
    assert!(md.stdout.contains("| Pkt | Peserta |"), "{}", md.stdout);
    // English stays the default, and the session's language counts when no flag is given.
    let en = sb.run(&["standings", p(&path)]);
    assert!(en.stdout.lines().nth(1).unwrap().starts_with("Rank"));
    // The machine formats keep their keys in every language.
    let j = json(
        &sb,
        &["--lang", "id", "standings", p(&path), "--format", "json"],
    );
    assert_eq!(j["method"], "mean");
}

#[test]
fn standings_follow_the_sessions_language_without_a_flag() {
    let sb = Sandbox::new();
    let path = scored(&sb, &["--session-lang", "id"]);
    let out = sb.run(&["standings", p(&path)]);
    assert!(
        out.stdout.lines().nth(1).unwrap().starts_with("Pkt"),
        "{}",
        out.stdout
    );
    let en = sb.run(&["--lang", "en", "standings", p(&path)]);
    assert!(en.stdout.lines().nth(1).unwrap().starts_with("Rank"));
}
