//! Feedback for the coaching clinic that follows a final: one printable page per scored entry
//! with its score and rank, its criterion means against the panel's, and the jurors' notes and
//! comments without their names ("Juror A", "Juror B").

use maud::{DOCTYPE, Markup, PreEscaped, html as markup};

use super::dec;
use super::text::Text;
use crate::i18n::{Lang, T};
use crate::io::rules_text::score_shown;
use crate::model::Session;
use crate::model::num::Ratio;
use crate::standings::{Row, Standings, rank_text};

const CSS: &str = r#"
@page { size: A4 portrait; margin: 16mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #111; }
section.entry { page-break-after: always; }
h1 { font-size: 15pt; margin: 0 0 2pt; }
h2 { font-size: 11pt; margin: 12pt 0 4pt; border-bottom: 1pt solid #333; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #999; padding: 3pt 4pt; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.big { font-size: 13pt; font-weight: bold; }
.bar { display: inline-block; height: 8pt; background: #4a7bb7; }
.bar.panel { background: #bbb; }
td.remark { white-space: pre-wrap; }
"#;

/// Letters for the jurors of one entry, in panel order: A, B, ... Z, then AA, AB.
fn letter(i: usize) -> String {
    let a = |k: usize| char::from(b'A' + u8::try_from(k % 26).unwrap_or(0));
    if i < 26 {
        a(i).to_string()
    } else {
        format!("{}{}", a(i / 26 - 1), a(i))
    }
}

/// Each criterion's mean over every submitted sheet of the session's ranked entries.
fn panel_means(st: &Standings, n: usize) -> Vec<Option<f64>> {
    (0..n)
        .map(|c| {
            let (sum, k) = st
                .rows
                .iter()
                .filter(|r| r.rank.is_some())
                .filter_map(|r| {
                    r.criterion_means
                        .get(c)
                        .copied()
                        .flatten()
                        .map(|m| (m, r.sheets))
                })
                .fold((0.0, 0usize), |(s, k), (m, n)| {
                    (s + m.to_f64() * n as f64, k + n)
                });
            (k > 0).then(|| sum / k as f64)
        })
        .collect()
}

pub fn feedback(s: &Session, st: &Standings, lang: Lang) -> String {
    let panel = panel_means(st, s.rubric.criteria.len());
    let page = markup! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                title { (Text(&s.title)) " — " (T::WinFeedback.get(lang)) }
                style { (PreEscaped(CSS)) }
            }
            body {
                @for r in st.rows.iter().filter(|r| r.sheets > 0) {
                    (entry_page(s, st, r, &panel, lang))
                }
            }
        }
    };
    let mut h = page.into_string();
    h.push('\n');
    h
}

fn entry_page(s: &Session, st: &Standings, r: &Row, panel: &[Option<f64>], lang: Lang) -> Markup {
    let e = s.entry(&r.entry);
    let title = e.map_or("", |e| e.title.as_str());
    let institution = e.map_or("", |e| e.institution.as_str());
    let category = s
        .category(&r.category)
        .map_or(r.category.as_str(), |c| c.name.as_str());
    let in_cat = st
        .category(&r.category)
        .filter(|x| x.rank.is_some())
        .count();
    let mean = |m: Option<Ratio>| m.map(|m| dec(&m.fixed(1), lang)).unwrap_or_default();
    // Sheets with remarks, jurors named by letter only.
    let remarks: Vec<(String, Vec<(&str, &str)>)> = s
        .jurors
        .iter()
        .filter(|j| !s.conflicted(&j.id, &r.entry))
        .filter_map(|j| s.sheet(&r.entry, &j.id).filter(|sh| sh.is_submitted()))
        .enumerate()
        .map(|(i, sh)| {
            let label = T::WinJurorLetter.fill(lang, &[&letter(i)]);
            (label, super::sheet_remarks(s, sh, lang))
        })
        .filter(|(_, list)| !list.is_empty())
        .collect();
    markup! {
        section.entry {
            h1 { (Text(&r.entry)) " " (Text(title)) }
            p { (Text(institution)) " · " (Text(category)) }
            p.big {
                (T::ColScore.get(lang)) ": "
                (score_shown(st, r).map_or_else(|| "—".into(), |x| dec(&x, lang)))
                @if let Some(k) = r.category_rank {
                    " · " (T::ColRank.get(lang)) " " (rank_text(k, r.provisional()))
                    " / " (in_cat) " (" (Text(category)) ")"
                }
            }
            h2 { (T::WinFeedbackCriteria.get(lang)) }
            table {
                thead {
                    tr {
                        th { (T::ColCriterion.get(lang)) }
                        th { (T::WinFeedbackThis.get(lang)) }
                        th { (T::WinFeedbackPanel.get(lang)) }
                        th { "" }
                    }
                }
                tbody {
                    @for ((c, m), p) in s.rubric.criteria.iter().zip(&r.criterion_means).zip(panel) {
                        @let span = (c.max - c.min).max(1e-9);
                        @let w = |x: f64| format!("width: {:.0}mm", ((x - c.min) / span * 60.0).clamp(0.0, 60.0));
                        tr {
                            td { (Text(c.name.get(lang.code()))) }
                            td.n { (mean(*m)) }
                            td.n { (p.map(|p| dec(&format!("{p:.1}"), lang)).unwrap_or_default()) }
                            td {
                                span.bar style=(w(m.map_or(c.min, |m| m.to_f64()))) {} br;
                                span.bar.panel style=(w(p.unwrap_or(c.min))) {}
                            }
                        }
                    }
                }
            }
            @if !remarks.is_empty() {
                h2 { (T::XRemarks.get(lang)) }
                table {
                    tbody {
                        @for (label, list) in &remarks {
                            @for (about, text) in list {
                                tr {
                                    td { (label) }
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
