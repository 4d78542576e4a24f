//! Exports for the secretariat: the printable recap of scores and the minutes (one
//! self-contained HTML file), CSV for spreadsheets, Markdown for messages, JSON for tools.

use crate::audit::AuditEvent;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::i18n::{Lang, T};
use crate::model::{Entry, Juror, Session, Sheet, SheetState, Status, Time};
use crate::report::{self, Format, below_cut};
use crate::standings::{
    Method, Normalize, Options, PROVISIONAL, Row, Score, Standings, TieBreak, Unranked, compute,
    rank_text,
};
use crate::timer::{Phase, clock};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Html,
    Csv,
    Md,
    Json,
}

impl ExportFormat {
    fn suffix(self) -> &'static str {
        match self {
            ExportFormat::Html => "-recap.html",
            ExportFormat::Csv => "-standings.csv",
            ExportFormat::Md => "-standings.md",
            ExportFormat::Json => "-standings.json",
        }
    }
}

/// Where an export goes by default: beside the session file.
pub fn default_path(session_path: &Path, format: ExportFormat) -> PathBuf {
    let stem = session_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "session".into());
    session_path.with_file_name(format!("{stem}{}", format.suffix()))
}

/// The second CSV file: one row per entry, juror and criterion.
pub fn scores_path(standings_csv: &Path) -> PathBuf {
    let stem = standings_csv
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.strip_suffix("-standings").unwrap_or(&stem).to_string();
    standings_csv.with_file_name(format!("{stem}-scores.csv"))
}

/// Writes the export(s) and returns the paths written.
pub fn write(
    s: &Session,
    log: &[AuditEvent],
    opts: &Options,
    format: ExportFormat,
    out: &Path,
    lang: Lang,
    now: Time,
) -> Result<Vec<PathBuf>> {
    let st = compute(s, opts)?;
    // Recaps hold every juror's marks before the results are announced: written as session
    // files are (owner-only, atomic, never through a link).
    let put = |path: &Path, text: &str| crate::store::write_private_atomic(path, text.as_bytes());
    match format {
        ExportFormat::Html => {
            put(out, &html(s, log, &st, lang, now))?;
            Ok(vec![out.to_path_buf()])
        }
        ExportFormat::Csv => {
            put(out, &report::render(s, &st, Format::Csv, None))?;
            let long = scores_path(out);
            put(&long, &scores_csv(s))?;
            Ok(vec![out.to_path_buf(), long])
        }
        ExportFormat::Md => {
            put(out, &markdown(s, &st, lang))?;
            Ok(vec![out.to_path_buf()])
        }
        ExportFormat::Json => {
            // The standings as `juri standings --format json` gives them, plus the remarks.
            let mut v = report::json(s, &st, None);
            v["remarks"] = remarks_json(s);
            let mut text = serde_json::to_string_pretty(&v).unwrap_or_default();
            text.push('\n');
            put(out, &text)?;
            Ok(vec![out.to_path_buf()])
        }
    }
}

/// One row per entry, juror and criterion: every value and note, ready for a spreadsheet; a
/// sheet's overall comment is a row of its own with the criterion left empty. Texts that would
/// run as formulas are guarded (see [`crate::csv_io::cell`]).
pub fn scores_csv(s: &Session) -> String {
    use crate::csv_io::cell;
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "entry",
        "title",
        "category",
        "juror",
        "juror_name",
        "criterion",
        "value",
        "note",
        "sheet",
        "comment",
    ]);
    for e in &s.entries {
        for j in &s.jurors {
            let Some(sh) = s.sheet(&e.id, &j.id) else {
                continue;
            };
            let state = match sh.state {
                SheetState::Submitted => "submitted",
                SheetState::Draft => "draft",
            };
            for c in &s.rubric.criteria {
                let value = sh
                    .values
                    .get(&c.id)
                    .map(|v| crate::model::rubric::fmt_num(*v));
                let note = sh.notes.get(&c.id).cloned().unwrap_or_default();
                if value.is_none() && note.is_empty() {
                    continue;
                }
                let _ = w.write_record([
                    &*cell(&e.id),
                    &*cell(&e.title),
                    &*cell(&e.category),
                    &*cell(&j.id),
                    &*cell(&j.name),
                    &*cell(&c.id),
                    value.as_deref().unwrap_or(""),
                    &*cell(&note),
                    state,
                    "",
                ]);
            }
            // The overall comment belongs to the sheet, not to a criterion: a row of its own.
            if !sh.comment.is_empty() {
                let _ = w.write_record([
                    &*cell(&e.id),
                    &*cell(&e.title),
                    &*cell(&e.category),
                    &*cell(&j.id),
                    &*cell(&j.name),
                    "",
                    "",
                    "",
                    state,
                    &*cell(&sh.comment),
                ]);
            }
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Markdown for pasting into a message: one table per category.
pub fn markdown(s: &Session, st: &Standings, lang: Lang) -> String {
    let mut out = format!(
        "# {} — {}\n\n",
        report::md_text(&s.title),
        T::XRecap.get(lang)
    );
    out.push_str(&rules_text(s, st, lang));
    out.push_str("\n\n");
    for c in &s.categories {
        out.push_str(&format!("## {}\n\n", report::md_text(&c.name)));
        let table = report::render(s, st, Format::Md, Some(&c.id));
        // The report starts with its own header line; the heading above replaces it.
        let body = table.split_once("\n\n").map_or(table.as_str(), |(_, b)| b);
        out.push_str(body);
        out.push('\n');
    }
    remarks_markdown(&mut out, s, lang);
    out
}

/// Every sheet with a note or an overall comment, in agenda and panel order.
fn remarks(s: &Session) -> impl Iterator<Item = (&Entry, &Juror, &Sheet)> {
    s.entries.iter().flat_map(move |e| {
        s.jurors.iter().filter_map(move |j| {
            s.sheet(&e.id, &j.id)
                .filter(|sh| !sh.notes.is_empty() || !sh.comment.is_empty())
                .map(|sh| (e, j, sh))
        })
    })
}

/// A sheet's notes in rubric order, then its overall comment: (what it is about, text).
fn sheet_remarks<'a>(s: &'a Session, sh: &'a Sheet, lang: Lang) -> Vec<(&'a str, &'a str)> {
    let mut out: Vec<(&str, &str)> = s
        .rubric
        .criteria
        .iter()
        .filter_map(|c| {
            sh.notes
                .get(&c.id)
                .filter(|n| !n.is_empty())
                .map(|n| (c.name.get(lang.code()), n.as_str()))
        })
        .collect();
    if !sh.comment.is_empty() {
        out.push((T::Comment.get(lang), sh.comment.as_str()));
    }
    out
}

fn juror_label(j: &Juror, sh: &Sheet, lang: Lang) -> String {
    match sh.state {
        SheetState::Submitted => j.name.clone(),
        SheetState::Draft => format!("{} ({})", j.name, T::JurorDraft.get(lang)),
    }
}

/// The jurors' notes and comments after the tables, one list per entry.
fn remarks_markdown(out: &mut String, s: &Session, lang: Lang) {
    let mut current: Option<&str> = None;
    for (e, j, sh) in remarks(s) {
        if current.is_none() {
            let _ = writeln!(out, "## {}", T::XRemarks.get(lang));
        }
        if current != Some(e.id.as_str()) {
            let _ = write!(
                out,
                "\n### {} {}\n\n",
                report::md_text(&e.id),
                report::md_text(&e.title)
            );
            current = Some(e.id.as_str());
        }
        for (about, text) in sheet_remarks(s, sh, lang) {
            // Continuation lines are indented so a multi-line note stays in its list item.
            // Each line is escaped on its own: a note may not open HTML or break the list.
            let text = text
                .lines()
                .map(report::md_text)
                .collect::<Vec<_>>()
                .join("  \n  ");
            let _ = writeln!(
                out,
                "- **{}** · {}: {text}",
                report::md_text(&juror_label(j, sh, lang)),
                report::md_text(about)
            );
        }
    }
}

/// The jurors' notes and comments for tools: one object per sheet that has any.
pub fn remarks_json(s: &Session) -> serde_json::Value {
    let sheets: Vec<serde_json::Value> = remarks(s)
        .map(|(e, j, sh)| {
            serde_json::json!({
                "entry": e.id,
                "juror": j.id,
                "juror_name": j.name,
                "sheet": match sh.state {
                    SheetState::Submitted => "submitted",
                    SheetState::Draft => "draft",
                },
                "notes": sh.notes,
                "comment": sh.comment,
            })
        })
        .collect();
    serde_json::Value::Array(sheets)
}

fn esc(t: &str) -> String {
    let mut o = String::with_capacity(t.len());
    for ch in t.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A number as the reader's locale writes it: Bahasa Indonesia uses a decimal comma.
fn dec(text: &str, lang: Lang) -> String {
    if lang == Lang::Id {
        text.replace('.', ",")
    } else {
        text.to_string()
    }
}

fn method_text(st: &Standings, lang: Lang) -> String {
    let m = match st.method {
        Method::Mean => T::MethodMean,
        Method::Median => T::MethodMedian,
        Method::Trimmed => T::MethodTrimmed,
    };
    let mut t = format!(
        "{} {}",
        T::XTotalFormula.get(lang),
        T::XMethod.fill(lang, &[m.get(lang)])
    );
    if st.normalize == Normalize::Zscore {
        t.push(' ');
        t.push_str(T::XZ.get(lang));
    }
    t
}

/// The method, and the quorum when the session has one.
fn rules_text(s: &Session, st: &Standings, lang: Lang) -> String {
    let mut t = method_text(st, lang);
    if let Some(q) = s.quorum {
        t.push(' ');
        t.push_str(&T::XQuorum.fill(lang, &[&q.to_string()]));
    }
    t
}

fn ties_text(s: &Session, st: &Standings, lang: Lang) -> String {
    if st.tie_break.is_empty() {
        return T::XTiesNone.get(lang).into();
    }
    let names: Vec<&str> = st
        .tie_break
        .iter()
        .map(|id| {
            s.rubric
                .criterion(id)
                .map_or(id.as_str(), |c| c.name.get(lang.code()))
        })
        .collect();
    T::XTies.fill(lang, &[&names.join(" → ")])
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

fn long_date(t: Time, lang: Lang) -> String {
    use chrono::Datelike;
    let months = if lang == Lang::Id {
        MONTHS_ID
    } else {
        MONTHS_EN
    };
    format!("{} {} {}", t.day(), months[t.month0() as usize], t.year())
}

/// The day of the session: when its first clock started, else when it was created.
fn session_day(s: &Session) -> Time {
    s.timers
        .iter()
        .flat_map(|t| t.phases.iter().flat_map(|p| p.runs.first()))
        .map(|r| r.start)
        .min()
        .unwrap_or(s.created)
}

const CSS: &str = r#"
@page { size: A4 landscape; margin: 12mm 12mm 14mm 12mm; }
@page minutes { size: A4 portrait; margin: 14mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9pt; color: #111; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2pt; }
h2 { font-size: 12pt; margin: 12pt 0 4pt; border-bottom: 1pt solid #333; padding-bottom: 2pt; }
h3 { font-size: 10pt; margin: 10pt 0 3pt; }
p { margin: 3pt 0; }
.meta td { border: none; padding: 0 10pt 0 0; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
th, td { border: 0.5pt solid #999; padding: 2pt 3pt; vertical-align: top; }
th { background: #eee; font-weight: bold; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { page-break-inside: avoid; }
thead { display: table-header-group; }
tr.cut td { border-top: 2pt solid #a00; color: #a00; font-weight: bold; text-align: center; padding: 1pt; }
tr.unranked td { color: #666; }
.small { font-size: 7.5pt; color: #444; }
section.category { page-break-before: always; }
section.category:first-of-type { page-break-before: auto; }
section.remarks { page-break-before: always; }
td.remark { white-space: pre-wrap; }
section.minutes { page-break-before: always; page: minutes; }
td.entry { min-width: 62mm; }
div.chart { page-break-inside: avoid; }
td.n.total { font-weight: bold; }
.fingerprint { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; word-break: break-all; }
.bad { color: #a00; font-weight: bold; }
.signs { display: flex; flex-wrap: wrap; gap: 10pt 18pt; margin-top: 8pt; }
.sign { width: 46%; page-break-inside: avoid; padding-top: 28pt; }
.sign .line { border-top: 0.8pt solid #000; padding-top: 2pt; }
svg text { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9px; }
@media screen { body { max-width: 210mm; margin: 10mm auto; } }
"#;

/// The printable recap and minutes, in one self-contained HTML file. `log` is the session's
/// whole audit log (`store::read_log`): the minutes list the reopened sheets and the fingerprint.
pub fn html(s: &Session, log: &[AuditEvent], st: &Standings, lang: Lang, now: Time) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        lang.code(),
        esc(&s.title),
        T::XRecap.get(lang)
    );
    let _ = write!(
        h,
        "<header>\n<h1>{} — {}</h1>\n<table class=\"meta\"><tr><td>{}: {}</td><td>{}: {}</td><td>{}: {}</td></tr></table>\n<p>{}</p>\n<p>{}</p>\n</header>\n",
        T::XRecap.get(lang),
        esc(&s.title),
        T::XStage.get(lang),
        esc(if s.stage.is_empty() { "—" } else { &s.stage }),
        T::XDate.get(lang),
        long_date(session_day(s), lang),
        T::XPlace.get(lang),
        esc(s.place.as_deref().unwrap_or("—")),
        esc(&rules_text(s, st, lang)),
        esc(&ties_text(s, st, lang)),
    );
    for c in &s.categories {
        category_section(&mut h, s, st, &c.id, lang);
    }
    remarks_section(&mut h, s, lang);
    let made = T::XGenerated.fill(lang, &[&now.format("%Y-%m-%d %H:%M").to_string()]);
    minutes(&mut h, s, log, lang, &made);
    h.push_str("</body>\n</html>\n");
    h
}

fn score_cell(r: &Row, lang: Lang) -> String {
    r.score
        .as_ref()
        .map_or_else(|| "—".into(), |x| dec(&x.display(), lang))
}

fn category_section(h: &mut String, s: &Session, st: &Standings, cat: &str, lang: Lang) {
    let Some(c) = s.category(cat) else { return };
    let rows: Vec<&Row> = st.category(cat).collect();
    let _ = write!(h, "<section class=\"category\">\n<h2>{}", esc(&c.name));
    if let Some(n) = c.top_n {
        let _ = write!(h, " · Top {n}");
    }
    h.push_str("</h2>\n<table>\n<thead><tr>");
    let score_head = if st.normalize == Normalize::Zscore {
        T::ColZ
    } else {
        T::ColScore
    };
    let _ = write!(
        h,
        "<th>{}</th><th>{}</th>",
        T::ColRank.get(lang),
        T::ColEntry.get(lang)
    );
    for j in &s.jurors {
        let _ = write!(h, "<th title=\"{}\">{}</th>", esc(&j.name), esc(&j.id));
    }
    for cr in &s.rubric.criteria {
        let _ = write!(
            h,
            "<th title=\"{}\">{}</th>",
            esc(cr.name.get(lang.code())),
            esc(&cr.id.chars().take(5).collect::<String>())
        );
    }
    let _ = write!(
        h,
        "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        score_head.get(lang),
        T::XMin.get(lang),
        T::XMax.get(lang),
        T::XSd.get(lang),
        T::ColNote.get(lang)
    );
    let columns = 2 + s.jurors.len() + s.rubric.criteria.len() + 5;
    let mut cut = c.top_n;
    for r in &rows {
        if let Some(n) = cut.filter(|&n| below_cut(r, n)) {
            let _ = writeln!(
                h,
                "<tr class=\"cut\"><td colspan=\"{columns}\">— {} —</td></tr>",
                esc(&T::CutOff.fill(lang, &[&n.to_string()]))
            );
            cut = None;
        }
        let (title, institution) = s
            .entry(&r.entry)
            .map_or(("", ""), |e| (e.title.as_str(), e.institution.as_str()));
        let class = if r.rank.is_none() {
            " class=\"unranked\""
        } else {
            ""
        };
        let _ = write!(
            h,
            "<tr{class}><td class=\"n\">{}</td><td class=\"entry\"><b>{}</b> {}<br><span class=\"small\">{}</span></td>",
            r.category_rank
                .map(|k| rank_text(k, r.provisional()))
                .unwrap_or_else(|| "—".into()),
            esc(&r.entry),
            esc(title),
            esc(institution)
        );
        for j in &s.jurors {
            let cell = if s.conflicted(&j.id, &r.entry) {
                T::XConflict.get(lang).to_string()
            } else if let Some((_, t)) = r.totals.iter().find(|(id, _)| id.as_str() == j.id) {
                dec(&t.fixed(2), lang)
            } else {
                String::new()
            };
            let _ = write!(h, "<td class=\"n\">{cell}</td>");
        }
        for m in &r.criterion_means {
            let _ = write!(
                h,
                "<td class=\"n\">{}</td>",
                m.map(|m| dec(&m.fixed(1), lang)).unwrap_or_default()
            );
        }
        let note = match (&r.unranked, &r.tie_break) {
            (Some(_), _) if !r.status.competes() => status_word(r.status, lang).to_string(),
            (Some(Unranked::BelowQuorum), _) => {
                T::UnBelowQuorum.fill(lang, &[&s.quorum_for(&r.entry).to_string()])
            }
            (Some(_), _) => T::XNotScored.get(lang).to_string(),
            (None, Some(TieBreak::Shared)) => T::TieShared.get(lang).to_string(),
            (None, Some(TieBreak::Criterion(id))) => T::TieBy.fill(
                lang,
                &[s.rubric
                    .criterion(id)
                    .map_or(id.as_str(), |c| c.name.get(lang.code()))],
            ),
            (None, None) => String::new(),
        };
        let _ = writeln!(
            h,
            "<td class=\"n\"><b>{}</b></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            score_cell(r, lang),
            r.min.map(|m| dec(&m.fixed(2), lang)).unwrap_or_default(),
            r.max.map(|m| dec(&m.fixed(2), lang)).unwrap_or_default(),
            r.sd.map(|x| dec(&format!("{x:.2}"), lang))
                .unwrap_or_default(),
            esc(&note)
        );
    }
    h.push_str("</tbody>\n</table>\n");
    if rows.iter().any(|r| r.provisional()) {
        let _ = writeln!(
            h,
            "<p class=\"small\">{}</p>",
            esc(&T::XProvisional.fill(lang, &[&PROVISIONAL.to_string()]))
        );
    }
    if s.jurors.iter().any(|j| !j.conflicts.is_empty()) {
        let _ = writeln!(
            h,
            "<p class=\"small\">{}</p>",
            esc(T::XConflictNote.get(lang))
        );
    }
    chart(h, s, &rows, lang);
    h.push_str("</section>\n");
}

/// An inline SVG bar chart of the ranked entries' scores.
fn chart(h: &mut String, s: &Session, rows: &[&Row], lang: Lang) {
    let ranked: Vec<&&Row> = rows.iter().filter(|r| r.rank.is_some()).collect();
    if ranked.is_empty() {
        return;
    }
    let values: Vec<f64> = ranked
        .iter()
        .map(|r| r.score.as_ref().map_or(0.0, Score::to_f64))
        .collect();
    // Points run from 0; z-scores from the lowest shown.
    let lo = values.iter().copied().fold(0.0f64, f64::min);
    let hi = values
        .iter()
        .copied()
        .fold(f64::MIN, f64::max)
        .max(lo + 1e-9);
    let (label_w, bar_w, row_h) = (230.0, 420.0, 14.0);
    let height = row_h * ranked.len() as f64 + 6.0;
    let _ = write!(
        h,
        "<div class=\"chart\"><h3>{}</h3>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" viewBox=\"0 0 {} {height}\" role=\"img\">\n",
        T::XChart.get(lang),
        label_w + bar_w + 60.0
    );
    for (i, (r, v)) in ranked.iter().zip(&values).enumerate() {
        let y = 3.0 + row_h * i as f64;
        let w = ((v - lo) / (hi - lo) * bar_w).max(1.0);
        let title = s.entry(&r.entry).map_or("", |e| e.title.as_str());
        let label: String = format!("{} {title}", r.entry).chars().take(42).collect();
        let _ = writeln!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"#4a7bb7\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            label_w - 4.0,
            y + 10.0,
            esc(&label),
            y + 1.0,
            row_h - 3.0,
            label_w + w + 3.0,
            y + 10.0,
            score_cell(r, lang)
        );
    }
    h.push_str("</svg></div>\n");
}

/// The jurors' notes and comments, for the deliberation: one table per entry that has any.
fn remarks_section(h: &mut String, s: &Session, lang: Lang) {
    let mut current: Option<&str> = None;
    for (e, j, sh) in remarks(s) {
        if current != Some(e.id.as_str()) {
            if current.is_none() {
                let _ = writeln!(
                    h,
                    "<section class=\"remarks\">\n<h2>{}</h2>",
                    T::XRemarks.get(lang)
                );
            } else {
                h.push_str("</tbody></table>\n");
            }
            let _ = writeln!(
                h,
                "<h3>{} {}</h3>\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                esc(&e.id),
                esc(&e.title),
                T::XJuror.get(lang),
                T::ColCriterion.get(lang),
                T::ColNote.get(lang)
            );
            current = Some(e.id.as_str());
        }
        for (about, text) in sheet_remarks(s, sh, lang) {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"remark\">{}</td></tr>",
                esc(&juror_label(j, sh, lang)),
                esc(about),
                esc(text)
            );
        }
    }
    if current.is_some() {
        h.push_str("</tbody></table>\n</section>\n");
    }
}

fn status_word(st: Status, lang: Lang) -> &'static str {
    match st {
        Status::Absent => T::StAbsent.get(lang),
        Status::Withdrawn => T::StWithdrawn.get(lang),
        Status::Scheduled => T::StScheduled.get(lang),
        Status::Presenting => T::StPresenting.get(lang),
        Status::Interviewing => T::StInterviewing.get(lang),
        Status::Done => T::StDone.get(lang),
    }
}

fn minutes(h: &mut String, s: &Session, log: &[AuditEvent], lang: Lang, made: &str) {
    let _ = write!(
        h,
        "<section class=\"minutes\">\n<h2>{} — {}</h2>\n<h3>{}</h3>\n<table><thead><tr><th>#</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        T::XMinutes.get(lang),
        esc(&s.title),
        T::XPanel.get(lang),
        T::XName.get(lang),
        T::XRole.get(lang)
    );
    for (i, j) in s.jurors.iter().enumerate() {
        let _ = writeln!(
            h,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            i + 1,
            esc(&j.name),
            esc(j.role.as_deref().unwrap_or(""))
        );
    }
    h.push_str("</tbody></table>\n");

    let _ = writeln!(h, "<h3>{}</h3>", T::XConflictsDeclared.get(lang));
    let conflicts: Vec<String> = s
        .jurors
        .iter()
        .filter(|j| !j.conflicts.is_empty())
        .map(|j| {
            let list: Vec<String> = j
                .conflicts
                .iter()
                .map(|e| match s.entry(e) {
                    Some(x) => format!("{} {}", x.id, x.title),
                    None => e.clone(),
                })
                .collect();
            format!("<li>{}: {}</li>", esc(&j.name), esc(&list.join("; ")))
        })
        .collect();
    list_or_none(h, &conflicts, lang);

    let _ = writeln!(h, "<h3>{}</h3>", T::XAbsentWithdrawn.get(lang));
    let gone: Vec<String> = s
        .entries
        .iter()
        .filter(|e| !e.status.competes())
        .map(|e| {
            format!(
                "<li>{} {} ({}): {}</li>",
                esc(&e.id),
                esc(&e.title),
                esc(&e.institution),
                status_word(e.status, lang)
            )
        })
        .collect();
    list_or_none(h, &gone, lang);

    let _ = write!(
        h,
        "<h3>{}</h3>\n<table><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        T::XDurations.get(lang),
        T::ColEntry.get(lang),
        T::PhasePresentation.get(lang),
        T::PhaseInterview.get(lang)
    );
    for (i, e) in s.entries.iter().enumerate() {
        let Some(t) = s.timer(&e.id) else {
            continue;
        };
        let cell = |p: Phase| {
            let log = t.phases.iter().find(|x| x.phase == p);
            let planned = log.map_or(0, |x| i64::from(x.planned_seconds));
            let real = log
                .filter(|x| !x.runs.is_empty())
                .map(|x| clock(x.elapsed_ms(s.updated) / 1000))
                .unwrap_or_else(|| "—".into());
            format!("{} / {}", real, clock(planned))
        };
        let _ = writeln!(
            h,
            "<tr><td class=\"n\">{}</td><td>{} {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            i + 1,
            esc(&e.id),
            esc(&e.title),
            cell(Phase::Presentation),
            cell(Phase::Interview)
        );
    }
    h.push_str("</tbody></table>\n");
    let _ = writeln!(
        h,
        "<p class=\"small\">{} / {}</p>",
        T::Real.fill(lang, &["m:ss"]),
        T::Planned.fill(lang, &["m:ss"])
    );

    let _ = writeln!(h, "<h3>{}</h3>", T::XReopened.get(lang));
    let reopened: Vec<&AuditEvent> = log.iter().filter(|e| e.action == "sheet.reopen").collect();
    if reopened.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", T::XNone.get(lang));
    } else {
        let _ = writeln!(
            h,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            T::XWhen.get(lang),
            T::ColEntry.get(lang),
            T::XBy.get(lang),
            T::XReason.get(lang)
        );
        for ev in reopened {
            let (entry, juror) = ev.subject.split_once('/').unwrap_or((&ev.subject, ""));
            let who = s.juror(juror).map_or(juror, |j| j.name.as_str());
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{} · {}</td><td>{}</td><td>{}</td></tr>",
                ev.at.format("%Y-%m-%d %H:%M"),
                esc(entry),
                esc(who),
                esc(&ev.actor),
                esc(ev.reason.as_deref().unwrap_or(""))
            );
        }
        h.push_str("</tbody></table>\n");
    }

    let _ = writeln!(h, "<h3>{}</h3>", T::XFingerprint.get(lang));
    match crate::verify::verify(s, log) {
        Ok(v) => {
            let _ = writeln!(h, "<p class=\"fingerprint\">{}</p>", v.fingerprint);
        }
        Err(e) => {
            let _ = writeln!(
                h,
                "<p class=\"bad\">{}</p>",
                esc(&T::XNotVerified.fill(lang, &[&e]))
            );
        }
    }

    let _ = write!(
        h,
        "<h3>{}</h3>\n<div class=\"signs\">\n",
        T::XSignatures.get(lang)
    );
    let mut signers: Vec<(String, String)> = s
        .jurors
        .iter()
        .map(|j| (j.name.clone(), j.role.clone().unwrap_or_default()))
        .collect();
    signers.push((String::new(), T::XChair.get(lang).to_string()));
    for (name, role) in signers {
        let _ = writeln!(
            h,
            "<div class=\"sign\"><div class=\"line\">{}{}</div></div>",
            if name.is_empty() {
                format!("{}: ", T::XName.get(lang))
            } else {
                esc(&name)
            },
            if role.is_empty() {
                String::new()
            } else {
                format!(" — {}", esc(&role))
            }
        );
    }
    let _ = write!(
        h,
        "</div>\n<p class=\"small\">{}</p>\n</section>\n",
        esc(made)
    );
}

fn list_or_none(h: &mut String, items: &[String], lang: Lang) {
    if items.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", T::XNone.get(lang));
    } else {
        let _ = write!(h, "<ul>\n{}\n</ul>\n", items.join("\n"));
    }
}
