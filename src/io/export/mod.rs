//! Exports for the secretariat: the printable recap of scores and the minutes (one
//! self-contained HTML file), CSV for spreadsheets, Markdown for messages, JSON for tools.

mod days;
mod decide;
mod feedback;
mod html;
mod minutes;
mod text;

pub use decide::divergence_text;
pub use html::html;

use crate::model::audit::AuditEvent;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::i18n::{Lang, T};
use crate::io::report::{self, Format};
use crate::model::{Entry, Juror, Session, Sheet, SheetState, Time};
use crate::standings::{Method, Normalize, Options, Standings, compute};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Html,
    Csv,
    Md,
    Json,
    /// One printable page per entry for the coaching clinic, jurors unnamed.
    Feedback,
}

impl ExportFormat {
    fn suffix(self) -> &'static str {
        match self {
            ExportFormat::Html => "-recap.html",
            ExportFormat::Csv => "-standings.csv",
            ExportFormat::Md => "-standings.md",
            ExportFormat::Json => "-standings.json",
            ExportFormat::Feedback => "-feedback.html",
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
        ExportFormat::Feedback => {
            put(out, &feedback::feedback(s, &st, lang))?;
            Ok(vec![out.to_path_buf()])
        }
        ExportFormat::Json => {
            // The standings as `juri standings --format json` gives them, plus the remarks.
            let mut v = report::json(s, &st, None);
            v["remarks"] = remarks_json(s);
            decide::add_json(s, &st, &mut v);
            let mut text = serde_json::to_string_pretty(&v).unwrap_or_default();
            text.push('\n');
            put(out, &text)?;
            Ok(vec![out.to_path_buf()])
        }
    }
}

/// One row per entry, juror and criterion: every value and note, ready for a spreadsheet; a
/// sheet's overall comment is a row of its own with the criterion left empty. Texts that would
/// run as formulas are guarded (see [`crate::io::csv::cell`]).
pub fn scores_csv(s: &Session) -> String {
    use crate::io::csv::cell;
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
                let value = sh.values.get(&c.id).map(|v| crate::i18n::fmt_num(*v));
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
    for t in crate::io::rules_text::statements(s, st, lang) {
        out.push_str(&report::md_text(&t));
        out.push_str("\n\n");
    }
    for c in &s.categories {
        out.push_str(&format!("## {}\n\n", report::md_text(&c.name)));
        let table = report::render_in(s, st, Format::Md, Some(&c.id), lang);
        // The report starts with its own header line; the heading above replaces it.
        let body = table.split_once("\n\n").map_or(table.as_str(), |(_, b)| b);
        out.push_str(body);
        out.push('\n');
    }
    decide::markdown(&mut out, s, st, lang);
    if let Some(f) = crate::io::stages::formula(s, lang) {
        out.push_str(&format!("{}\n\n", report::md_text(&f)));
        let names = crate::io::stages::names(s, lang);
        out.push_str(&format!(
            "| {} | {} | {} |\n|---|{}---|\n",
            T::AgEntry.get(lang),
            names
                .iter()
                .map(|n| report::md_text(n))
                .collect::<Vec<_>>()
                .join(" | "),
            T::ColFinal.get(lang),
            "---|".repeat(names.len())
        ));
        for r in &st.rows {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                report::md_text(&r.entry),
                crate::io::stages::cells(r).join(" | "),
                r.score.as_ref().map_or_else(|| "-".into(), |x| x.display())
            ));
        }
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

/// A number as the reader's locale writes it: Bahasa Indonesia uses a decimal comma.
fn dec(text: &str, lang: Lang) -> String {
    if lang == Lang::Id {
        text.replace('.', ",")
    } else {
        text.to_string()
    }
}

fn method_text(s: &Session, st: &Standings, lang: Lang) -> String {
    let m = match st.method {
        Method::Mean => T::MethodMean,
        Method::Median => T::MethodMedian,
        Method::Trimmed => T::MethodTrimmed,
    };
    // In a chained session the Score column is the final score, not this stage's mean.
    let method = match crate::io::stages::weights(s, lang) {
        Some(w) => T::XMethodStage.fill(lang, &[m.get(lang), &w]),
        None => T::XMethod.fill(lang, &[m.get(lang)]),
    };
    let mut t = format!("{} {method}", T::XTotalFormula.get(lang));
    if st.normalize == Normalize::Zscore {
        t.push(' ');
        t.push_str(T::XZ.get(lang));
    }
    t
}

/// The method, and the quorum when the session has one.
fn rules_text(s: &Session, st: &Standings, lang: Lang) -> String {
    let mut t = method_text(s, st, lang);
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
