//! The rules that decide the winners, through the command line: the standings in the chosen
//! language, the trimmed mean of k, rounding, weights per kind of juror, lines, a passing grade,
//! merged panels.

use std::path::{Path, PathBuf};

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

/// An exact fraction "n/d" from the JSON's `score_exact`, as (n, d).
fn frac(v: &Value) -> (i128, i128) {
    let t = v["score_exact"].as_str().unwrap();
    let (n, d) = t.split_once('/').unwrap();
    (n.parse().unwrap(), d.parse().unwrap())
}

fn row<'a>(j: &'a Value, entry: &str) -> &'a Value {
    j["standings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["entry"] == entry)
        .unwrap()
}

/// The juror totals of a row in hundredths (they are whole hundredths under `--round 2`).
fn hundredths(r: &Value) -> Vec<(String, i128)> {
    r["juror_totals"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(j, t)| (j.clone(), (t.as_f64().unwrap() * 100.0).round() as i128))
        .collect()
}

#[test]
fn rounded_totals_weighted_by_kind_of_juror_give_the_exact_weighted_mean() {
    let sb = Sandbox::new();
    let path = scored(&sb, &[]);
    let j = json(
        &sb,
        &[
            "standings",
            p(&path),
            "--format",
            "json",
            "--round",
            "2",
            "--weight",
            "Akademisi=2",
            "--weight",
            "Jurnalis=1.5",
        ],
    );
    assert_eq!(j["rules"]["weights"]["Akademisi"], 2.0);
    let weight = |juror: &str| match juror {
        "J1" | "J2" => 4,
        "J3" => 3,
        _ => 2,
    };
    for r in j["standings"].as_array().unwrap() {
        if r["score_exact"].is_null() {
            continue;
        }
        let t = hundredths(r);
        let num: i128 = t.iter().map(|(j, x)| weight(j) * x).sum();
        let den: i128 = t.iter().map(|(j, _)| weight(j) * 100).sum();
        let (n, d) = frac(r);
        assert_eq!(n * den, num * d, "{}", r["entry"]);
    }
    // The file is not changed by options given to one run.
    let again = json(&sb, &["standings", p(&path), "--format", "json"]);
    assert_eq!(again["rules"], serde_json::json!({}));
}

#[test]
fn trimming_k_at_each_end_and_the_plain_mean_below_2k_plus_1_sheets() {
    let sb = Sandbox::new();
    let path = scored(&sb, &[]);
    let run = |extra: &[&str]| {
        let mut a = vec!["standings", p(&path), "--format", "json", "--round", "2"];
        a.extend_from_slice(extra);
        json(&sb, &a)
    };
    let two = run(&["--method", "trimmed", "--trim", "2"]);
    let mean = run(&["--method", "mean"]);
    for r in two["standings"].as_array().unwrap() {
        if r["score_exact"].is_null() {
            continue;
        }
        let mut t: Vec<i128> = hundredths(r).into_iter().map(|x| x.1).collect();
        t.sort();
        let e = r["entry"].as_str().unwrap();
        let (n, d) = frac(r);
        if t.len() >= 5 {
            // 5 sheets: the middle one alone.
            assert_eq!(r["untrimmed"], false);
            let mid: i128 = t[2..t.len() - 2].iter().sum();
            assert_eq!(n * 100 * (t.len() as i128 - 4), mid * d, "{e}");
        } else {
            assert_eq!(r["untrimmed"], true, "{e}");
            assert_eq!(frac(r), frac(row(&mean, e)), "{e}");
        }
    }
    let table = sb.run(&["standings", p(&path), "--method", "trimmed", "--trim", "2"]);
    assert!(
        table.stdout.contains("the 2 highest and 2 lowest"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("†"), "{}", table.stdout);
    let none = sb.run(&["standings", p(&path), "--round", "9"]);
    assert_ne!(none.code, Some(0));
}

#[test]
fn an_overall_top_n_with_quotas_several_lines_and_a_passing_grade() {
    let sb = Sandbox::new();
    let path = scored(
        &sb,
        &[
            "--cutoff",
            "Overall=10",
            "--cutoff",
            "Kabupaten/Kota=3",
            "--cutoff",
            "Perangkat Daerah Provinsi=4",
            "--cutoff",
            "Perangkat Daerah Provinsi=2",
            "--pass",
            "85",
        ],
    );
    let file: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(file["rules"]["overall"], 10);
    assert_eq!(file["rules"]["pass"], 85.0);
    assert_eq!(
        file["rules"]["lines"]["Perangkat Daerah Provinsi"],
        serde_json::json!([4, 2])
    );
    let j = json(&sb, &["standings", p(&path), "--format", "json"]);
    let rows = j["standings"].as_array().unwrap();
    let inside: Vec<&Value> = rows
        .iter()
        .filter(|r| r["in_overall_top"] == true)
        .collect();
    // The quotas give 8 (a tie at Kabupaten/Kota's third place), the best two others the rest.
    assert_eq!(inside.len(), 10);
    // Every category's quota is inside, and the rest are the best others by overall rank.
    for r in rows {
        let quota = match r["category"].as_str().unwrap() {
            "Kabupaten/Kota" => 3,
            "Perangkat Daerah Provinsi" => 4,
            _ => 0,
        };
        if r["category_rank"].as_u64().is_some_and(|k| k <= quota) {
            assert_eq!(r["in_overall_top"], true, "{}", r["entry"]);
        }
        let passes = r["score"].as_f64().map(|x| x >= 85.0);
        if r["rank"].is_null() {
            assert!(r["passes"].is_null());
        } else {
            // No score lies within a rounding of 85 in the demo.
            assert_eq!(r["passes"].as_bool(), passes, "{}", r["entry"]);
        }
    }
    let worst_in = inside
        .iter()
        .filter(|r| {
            let quota = if r["category"] == "Kabupaten/Kota" {
                3
            } else {
                4
            };
            r["category_rank"].as_u64().unwrap() > quota
        })
        .map(|r| r["rank"].as_u64().unwrap())
        .max()
        .unwrap();
    for r in rows.iter().filter(|r| r["in_overall_top"] == false) {
        assert!(
            r["rank"].as_u64().is_none_or(|k| k > worst_in),
            "{}",
            r["entry"]
        );
    }
    // Both lines of a category, the smaller first.
    let pd = sb.run(&[
        "standings",
        p(&path),
        "--category",
        "Perangkat Daerah Provinsi",
    ]);
    let two = pd.stdout.find("-- Top 2 cut-off").unwrap();
    let four = pd.stdout.find("-- Top 4 cut-off").unwrap();
    assert!(two < four, "{}", pd.stdout);
    let all = sb.run(&["--lang", "id", "standings", p(&path)]);
    assert!(
        all.stdout.contains("Nilai batas lulus: 85 poin"),
        "{}",
        all.stdout
    );
    assert!(
        all.stdout.contains("10 besar keseluruhan"),
        "{}",
        all.stdout
    );
    assert!(all.stdout.contains("lulus"));
    let csv = sb.run(&["standings", p(&path), "--format", "csv"]);
    assert!(
        csv.stdout
            .lines()
            .next()
            .unwrap()
            .ends_with(",overall_top,passes")
    );
}

#[test]
fn the_chair_gives_and_withdraws_awards_and_the_minutes_tell_them_and_the_far_sheets() {
    let sb = Sandbox::new();
    let path = scored(&sb, &["--divergence", "12"]);
    let give = sb.run(&[
        "award",
        p(&path),
        "E08",
        "Top 5 Terpuji",
        "--reason",
        "dampak luas bagi ibu hamil",
    ]);
    give.ok();
    sb.run(&[
        "award",
        p(&path),
        "E02",
        "Sponsor",
        "--reason",
        "pilihan sponsor",
    ])
    .ok();
    let none = sb.run(&["award", p(&path), "E99", "Sponsor", "--reason", "x"]);
    assert_ne!(none.code, Some(0));
    assert!(none.stderr.contains("E99"), "{}", none.stderr);
    let back = sb.run(&[
        "award",
        p(&path),
        "E02",
        "Sponsor",
        "--withdraw",
        "--reason",
        "salah peserta",
    ]);
    back.ok();
    sb.run(&["verify", p(&path)]).ok();
    let out = sb.path("r.html");
    sb.run(&["--lang", "id", "export", p(&path), "-o", p(&out)])
        .ok();
    let h = std::fs::read_to_string(&out).unwrap();
    assert!(h.contains("Penghargaan khusus") && h.contains("Top 5 Terpuji"));
    assert!(h.contains("dampak luas bagi ibu hamil"));
    assert!(!h.contains("pilihan sponsor"), "a withdrawn award is gone");
    assert!(h.contains("Lembar yang jauh dari panel"));
    assert!(
        h.contains("padahal median panel"),
        "the demo has far sheets at 12 points"
    );
    assert!(h.contains("Kepekaan peringkat"));
    let j = sb.path("r.json");
    sb.run(&["export", p(&path), "--format", "json", "-o", p(&j)])
        .ok();
    let v: Value = serde_json::from_slice(&std::fs::read(&j).unwrap()).unwrap();
    assert_eq!(v["awards"].as_array().unwrap().len(), 1);
    let far = v["divergences"].as_array().unwrap();
    assert!(!far.is_empty());
    assert!(far.iter().all(|d| d["distance"].as_f64().unwrap() > 12.0));
}

#[test]
fn sensitivity_side_by_side_with_fragile_entries() {
    let sb = Sandbox::new();
    let path = scored(&sb, &[]);
    let out = sb.run(&["standings", p(&path), "--format", "sensitivity"]);
    out.ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[2].starts_with("Entry") && lines[2].contains("trimmed mean"));
    // Every ranked entry, one line each.
    assert_eq!(lines.len(), 3 + 12, "{}", out.stdout);
    // E04 and E10 share third by the mean; other methods part them.
    let e04 = lines.iter().find(|l| l.starts_with("E04")).unwrap();
    assert!(e04.contains("⚠"), "{e04}");
}

/// The demo scores of the entries `keep` says yes to, as a CSV in the sandbox.
fn part_of_scores(sb: &Sandbox, name: &str, keep: impl Fn(&str) -> bool) -> PathBuf {
    let text = std::fs::read_to_string(SCORES).unwrap();
    let mut lines = text.lines();
    let mut out = format!("{}\n", lines.next().unwrap());
    for l in lines.filter(|l| keep(l.split(',').next().unwrap())) {
        out.push_str(l);
        out.push('\n');
    }
    let path = sb.path(name);
    std::fs::write(&path, out).unwrap();
    path
}

fn new_with(sb: &Sandbox, file: &str, preset: &str, scores: &Path) -> PathBuf {
    sb.run(&[
        "new",
        file,
        "--entries",
        ENTRIES,
        "--jurors",
        JURORS,
        "--preset",
        preset,
    ])
    .ok();
    let path = sb.path(file);
    sb.run(&["import-scores", p(&path), p(scores)]).ok();
    path
}

#[test]
fn two_panels_merged_rank_as_one_session_holding_all_sheets() {
    let sb = Sandbox::new();
    let all = scored(&sb, &[]);
    let early = |e: &str| e < "E10";
    let a = part_of_scores(&sb, "a.csv", early);
    let b = part_of_scores(&sb, "b.csv", |e| !early(e));
    let pa = new_with(&sb, "A.json", "kipp", &a);
    let pb = new_with(&sb, "B.json", "kipp", &b);
    let out = sb.run(&["merge", p(&pa), p(&pb), "-o", "ALL.json"]);
    out.ok();
    assert!(out.stdout.contains("from 2 files"), "{}", out.stdout);
    let merged = sb.path("ALL.json");
    sb.run(&["verify", p(&merged)]).ok();
    for method in ["mean", "median", "trimmed"] {
        let one = json(
            &sb,
            &["standings", p(&all), "--format", "json", "--method", method],
        );
        let two = json(
            &sb,
            &[
                "standings",
                p(&merged),
                "--format",
                "json",
                "--method",
                method,
            ],
        );
        assert_eq!(one["standings"], two["standings"], "{method}");
    }
    // The minutes name both sources with their fingerprints.
    let fp = |path: &Path| {
        let v = sb.run(&["verify", p(path)]);
        v.stdout
            .lines()
            .nth(1)
            .unwrap()
            .trim_start_matches("fingerprint ")
            .to_string()
    };
    let html = sb.path("m.html");
    sb.run(&["export", p(&merged), "-o", p(&html)]).ok();
    let h = std::fs::read_to_string(&html).unwrap();
    assert!(h.contains("Merged from"));
    assert!(h.contains(&fp(&pa)) && h.contains(&fp(&pb)));
    // Another rubric is refused with the reason, and nothing is written.
    let c = new_with(
        &sb,
        "C.json",
        "kipp-10",
        &part_of_scores(&sb, "c.csv", |_| false),
    );
    let bad = sb.run(&["merge", p(&pa), p(&c), "-o", "BAD.json"]);
    assert_ne!(bad.code, Some(0));
    assert!(bad.stderr.contains("another rubric"), "{}", bad.stderr);
    assert!(!sb.path("BAD.json").exists());
    // The same sheet in both files is refused too.
    let twice = sb.run(&["merge", p(&pa), p(&all), "-o", "TWICE.json"]);
    assert!(
        twice.stderr.contains("each sheet must come from one file"),
        "{}",
        twice.stderr
    );
}

#[test]
fn calibrated_panels_are_shifted_by_their_offset_on_the_shared_entry() {
    let sb = Sandbox::new();
    let all = scored(&sb, &[]);
    // Panel B is another panel (other names) scoring 5 points lower on everything; both
    // scored E09.
    let jurors = std::fs::read_to_string(JURORS)
        .unwrap()
        .replace("Juri ", "Juri B");
    let jb = sb.path("jb.csv");
    std::fs::write(&jb, jurors).unwrap();
    let a = part_of_scores(&sb, "a.csv", |e| e <= "E09");
    let text = std::fs::read_to_string(SCORES).unwrap();
    let mut lower = String::new();
    for (i, l) in text.lines().enumerate() {
        let f: Vec<&str> = l.split(',').collect();
        if i == 0 {
            lower.push_str(l);
        } else if f[0] >= "E09" {
            let v: i64 = f[3].parse::<i64>().unwrap() - 5;
            lower.push_str(&format!(
                "{},{},{},{v},{}",
                f[0],
                f[1],
                f[2],
                f[4..].join(",")
            ));
        } else {
            continue;
        }
        lower.push('\n');
    }
    let b = sb.path("b.csv");
    std::fs::write(&b, lower).unwrap();
    let pa = new_with(&sb, "A.json", "kipp", &a);
    sb.run(&[
        "new",
        "B.json",
        "--entries",
        ENTRIES,
        "--jurors",
        p(&jb),
        "--preset",
        "kipp",
    ])
    .ok();
    let pb = sb.path("B.json");
    sb.run(&["import-scores", p(&pb), p(&b)]).ok();
    sb.run(&["merge", p(&pa), p(&pb), "-o", "CAL.json", "--calibrate"])
        .ok();
    let cal = sb.path("CAL.json");
    sb.run(&["verify", p(&cal)]).ok();
    let one = json(&sb, &["standings", p(&all), "--format", "json"]);
    let two = json(&sb, &["standings", p(&cal), "--format", "json"]);
    // A is shifted by -2.5, B by +2.5: every entry scores its one-panel mean less 2.5.
    for r in one["standings"].as_array().unwrap() {
        let e = r["entry"].as_str().unwrap();
        let m = row(&two, e);
        assert_eq!(r["rank"], m["rank"], "{e}");
        if r["score_exact"].is_null() {
            continue;
        }
        let (n, d) = frac(r);
        let (n2, d2) = frac(m);
        assert_eq!((2 * n - 5 * d) * d2, 2 * n2 * d, "{e}");
    }
    let t = sb.run(&["standings", p(&cal)]);
    assert!(t.stdout.contains("Panels calibrated"), "{}", t.stdout);
    assert!(t.stdout.contains("-2.50 (P1-J1"), "{}", t.stdout);
    // Without a shared entry there is nothing to calibrate on.
    let c = part_of_scores(&sb, "c.csv", |e| e >= "E10");
    let pc = new_with(&sb, "C.json", "kipp", &c);
    let bad = sb.run(&["merge", p(&pa), p(&pc), "-o", "X.json", "--calibrate"]);
    assert!(
        bad.stderr.contains("shares no scored entry"),
        "{}",
        bad.stderr
    );
}

#[test]
fn the_sessions_method_is_the_default_and_is_stated() {
    let sb = Sandbox::new();
    let path = scored(&sb, &["--method", "trimmed", "--trim", "2"]);
    let j = json(&sb, &["standings", p(&path), "--format", "json"]);
    assert_eq!(j["method"], "trimmed");
    assert_eq!(j["rules"]["trim"], 2);
    let mean = json(
        &sb,
        &[
            "standings",
            p(&path),
            "--format",
            "json",
            "--method",
            "mean",
        ],
    );
    assert_eq!(mean["method"], "mean");
    let out = sb.path("r.html");
    sb.run(&["--lang", "id", "export", p(&path), "-o", p(&out)])
        .ok();
    let h = std::fs::read_to_string(&out).unwrap();
    assert!(
        h.contains("Rata-rata terpangkas: 2 total tertinggi"),
        "the recap states it"
    );
    let s = juri::store::load(&path).unwrap();
    let app = juri::tui::app::App::new(
        s,
        path.clone(),
        juri::i18n::Lang::En,
        juri::tui::app::Theme { color: false },
        juri::cli::now(),
    );
    assert_eq!(app.view.standings.method, juri::standings::Method::Trimmed);
    assert_eq!(
        app.table().unwrap().method,
        juri::standings::Method::Trimmed
    );
}
