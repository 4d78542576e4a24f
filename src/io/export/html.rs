//! The printable recap of scores: one landscape A4 section per category (table, Top-N line,
//! bar chart), then the jurors' remarks, in one self-contained HTML file with the minutes.
//!
//! Built with maud, which escapes every interpolated value unless it is marked `PreEscaped`
//! (only the style sheet below is): a title with `<` or `&` cannot break the page or add markup.

use maud::{DOCTYPE, Markup, PreEscaped, html as markup};

use super::ties_text;
use super::{dec, juror_label, long_date, remarks, rules_text, session_day, sheet_remarks};
use crate::i18n::{Lang, T};
use crate::io::rules_text;
use crate::model::audit::AuditEvent;
use crate::model::{Session, Time};
use crate::standings::{Lines, category_lines, line_positions, rank_text};
use crate::standings::{Normalize, PROVISIONAL, Row, Score, Standings, TieBreak, Unranked};

pub(super) use super::text::{Text, score_cell};

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
section.decisions { page: minutes; }
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
    let made = T::XGenerated.fill(lang, &[&now.format("%Y-%m-%d %H:%M").to_string()]);
    let stage = if s.stage.is_empty() { "—" } else { &s.stage };
    let page = markup! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                title { (Text(&s.title)) " — " (T::XRecap.get(lang)) }
                // The one unescaped text: a constant of this file.
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { (T::XRecap.get(lang)) " — " (Text(&s.title)) }
                    table.meta {
                        tr {
                            td { (T::XStage.get(lang)) ": " (Text(stage)) }
                            td { (T::XDate.get(lang)) ": " (long_date(session_day(s), lang)) }
                            td {
                                (T::XPlace.get(lang)) ": "
                                (Text(s.place.as_deref().unwrap_or("—")))
                            }
                        }
                    }
                    p { (Text(&rules_text(s, st, lang))) }
                    @for t in rules_text::statements(s, st, lang) {
                        p { (Text(&t)) }
                    }
                    p { (Text(&ties_text(s, st, lang))) }
                }
                (super::days::stages(s, st, lang))
                @for c in &s.categories {
                    (category_section(s, st, &c.id, lang))
                }
                (super::decide::overall_section(s, st, lang))
                (super::decide::sensitivity_section(s, st, lang))
                (remarks_section(s, lang))
                (super::minutes::minutes(s, log, lang, &made))
                (super::decide::decisions_section(s, lang))
            }
        }
    };
    let mut h = page.into_string();
    h.push('\n');
    h
}

/// Why a row has no rank, or how its tie was broken; empty for a plain rank.
fn row_note(s: &Session, r: &Row, lang: Lang) -> String {
    match (&r.unranked, &r.tie_break) {
        (Some(_), _) if !r.status.competes() => r.status.word(lang).to_string(),
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
    }
}

/// A juror's total for a row: "conflict" where the juror declared one, else blank if none.
fn juror_cell(s: &Session, r: &Row, juror: &str, lang: Lang) -> String {
    if s.conflicted(juror, &r.entry) {
        T::XConflict.get(lang).to_string()
    } else if let Some((_, t)) = r.totals.iter().find(|(id, _)| id.as_str() == juror) {
        dec(&t.fixed(2), lang)
    } else {
        String::new()
    }
}

fn category_section(s: &Session, st: &Standings, cat: &str, lang: Lang) -> Markup {
    let Some(c) = s.category(cat) else {
        return markup! {};
    };
    let rows: Vec<&Row> = st.category(cat).collect();
    let score_head = if st.normalize == Normalize::Zscore {
        T::ColZ
    } else {
        T::ColScore
    };
    let lines = Lines::new(s, st);
    let extra = super::decide::extra_heads(&lines, lang);
    let columns = 2 + s.jurors.len() + s.rubric.criteria.len() + 5 + extra.len();
    // Each line goes above the first row below it, once; ties at N stay above.
    let all_lines = category_lines(s, cat);
    let cuts = line_positions(&rows, &all_lines);
    markup! {
        section.category {
            h2 {
                (Text(&c.name))
                @for n in &all_lines { " · Top " (n) }
            }
            table {
                thead {
                    tr {
                        th { (T::ColRank.get(lang)) }
                        th { (T::ColEntry.get(lang)) }
                        @for j in &s.jurors {
                            th title=(Text(&j.name)) { (Text(&j.id)) }
                        }
                        @for cr in &s.rubric.criteria {
                            th title=(Text(cr.name.get(lang.code()))) {
                                (Text(&cr.id.chars().take(5).collect::<String>()))
                            }
                        }
                        th { (score_head.get(lang)) }
                        th { (T::XMin.get(lang)) }
                        th { (T::XMax.get(lang)) }
                        th { (T::XSd.get(lang)) }
                        @for h in &extra {
                            th { (h) }
                        }
                        th { (T::ColNote.get(lang)) }
                    }
                }
                tbody {
                    @for (i, r) in rows.iter().enumerate() {
                        @for (_, n) in cuts.iter().filter(|&&(at, _)| at == i) {
                            tr.cut {
                                td colspan=(columns) {
                                    "— " (T::CutOff.fill(lang, &[&n.to_string()])) " —"
                                }
                            }
                        }
                        (entry_row(s, st, &lines, r, lang))
                    }
                }
            }
            @if rows.iter().any(|r| r.provisional()) {
                p.small { (T::XProvisional.fill(lang, &[&PROVISIONAL.to_string()])) }
            }
            @if rows.iter().any(|r| st.untrimmed(r)) {
                p.small {
                    (T::WinUntrimmedLegend.fill(
                        lang,
                        &[&rules_text::UNTRIMMED.to_string(), &st.trim.to_string()],
                    ))
                }
            }
            @if s.jurors.iter().any(|j| !j.conflicts.is_empty()) {
                p.small { (T::XConflictNote.get(lang)) }
            }
            (chart(s, st, &rows, lang))
        }
    }
}

fn entry_row(s: &Session, st: &Standings, lines: &Lines, r: &Row, lang: Lang) -> Markup {
    let (title, institution) = s
        .entry(&r.entry)
        .map_or(("", ""), |e| (e.title.as_str(), e.institution.as_str()));
    let rank = r
        .category_rank
        .map(|k| rank_text(k, r.provisional()))
        .unwrap_or_else(|| "—".into());
    markup! {
        tr class=[r.rank.is_none().then_some("unranked")] {
            td.n { (rank) }
            td.entry {
                b { (Text(&r.entry)) } " " (Text(title)) br;
                span.small { (Text(institution)) }
            }
            @for j in &s.jurors {
                td.n { (juror_cell(s, r, &j.id, lang)) }
            }
            @for m in &r.criterion_means {
                td.n { (m.map(|m| dec(&m.fixed(1), lang)).unwrap_or_default()) }
            }
            td.n { b { (score_cell(st, r, lang)) } }
            td.n { (r.min.map(|m| dec(&m.fixed(2), lang)).unwrap_or_default()) }
            td.n { (r.max.map(|m| dec(&m.fixed(2), lang)).unwrap_or_default()) }
            td.n { (r.sd.map(|x| dec(&format!("{x:.2}"), lang)).unwrap_or_default()) }
            @for x in super::decide::extra_cells(lines, r, lang) {
                td { (x) }
            }
            td { (Text(&row_note(s, r, lang))) }
        }
    }
}

/// An inline SVG bar chart of the ranked entries' scores.
fn chart(s: &Session, st: &Standings, rows: &[&Row], lang: Lang) -> Markup {
    let ranked: Vec<&&Row> = rows.iter().filter(|r| r.rank.is_some()).collect();
    if ranked.is_empty() {
        return markup! {};
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
    let view_box = format!("0 0 {} {height}", label_w + bar_w + 60.0);
    let px = |v: f64| format!("{v:.1}");
    // Every SVG element is closed explicitly: in HTML, a `<rect>` left open would take the
    // label after it as its child, and that label would not be drawn.
    markup! {
        div.chart {
            h3 { (T::XChart.get(lang)) }
            svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox=(view_box) role="img" {
                @for (i, (r, v)) in ranked.iter().zip(&values).enumerate() {
                    @let y = 3.0 + row_h * i as f64;
                    @let w = ((v - lo) / (hi - lo) * bar_w).max(1.0);
                    @let title = s.entry(&r.entry).map_or("", |e| e.title.as_str());
                    @let label: String = format!("{} {title}", r.entry).chars().take(42).collect();
                    text x=(px(label_w - 4.0)) y=(px(y + 10.0)) text-anchor="end" { (Text(&label)) }
                    rect x=(label_w) y=(px(y + 1.0)) width=(px(w)) height=(px(row_h - 3.0))
                        fill="#4a7bb7" {}
                    text x=(px(label_w + w + 3.0)) y=(px(y + 10.0)) { (score_cell(st, r, lang)) }
                }
            }
        }
    }
}

/// The jurors' notes and comments, for the deliberation: one table per entry that has any.
fn remarks_section(s: &Session, lang: Lang) -> Markup {
    // Sheets with remarks, grouped by entry in agenda order (`remarks` keeps that order).
    let mut groups: Vec<(&crate::model::Entry, Vec<_>)> = Vec::new();
    for (e, j, sh) in remarks(s) {
        match groups.last_mut() {
            Some((last, sheets)) if last.id == e.id => sheets.push((j, sh)),
            _ => groups.push((e, vec![(j, sh)])),
        }
    }
    if groups.is_empty() {
        return markup! {};
    }
    markup! {
        section.remarks {
            h2 { (T::XRemarks.get(lang)) }
            @for (e, sheets) in &groups {
                h3 { (Text(&e.id)) " " (Text(&e.title)) }
                table {
                    thead {
                        tr {
                            th { (T::XJuror.get(lang)) }
                            th { (T::ColCriterion.get(lang)) }
                            th { (T::ColNote.get(lang)) }
                        }
                    }
                    tbody {
                        @for (j, sh) in sheets {
                            @for (about, text) in sheet_remarks(s, sh, lang) {
                                tr {
                                    td { (Text(&juror_label(j, sh, lang))) }
                                    td { (Text(about)) }
                                    td.remark { (Text(text)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
