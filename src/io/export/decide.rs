//! The recap's parts that decide the winners: the columns the rules add to every table (the
//! overall Top N, the passing grade), and the overall table across categories with its line.

use maud::{Markup, html as markup};

use super::text::Text;
use super::text::score_cell;
use crate::i18n::{Lang, T};
use crate::io::rules_text::{FRAGILE, overall_mark, pass_word};
use crate::model::Session;
use crate::standings::{Divergence, Lines, Row, Standings, divergences, rank_text, sensitivity};

/// Headers of the columns the rules add.
pub(super) fn extra_heads(lines: &Lines, lang: Lang) -> Vec<String> {
    let mut h = Vec::new();
    if let Some(n) = lines.overall {
        h.push(T::WinOverallHead.fill(lang, &[&n.to_string()]));
    }
    if lines.pass.is_some() {
        h.push(T::WinPassHead.get(lang).to_string());
    }
    h
}

pub(super) fn extra_cells(lines: &Lines, r: &Row, lang: Lang) -> Vec<String> {
    let mut c = Vec::new();
    if lines.overall.is_some() {
        c.push(overall_mark(lines, r));
    }
    if lines.pass.is_some() {
        c.push(pass_word(lines, r, lang).to_string());
    }
    c
}

/// Every ranked entry across the categories, best first, with the overall Top N marked and,
/// when it is a run of the best ranks, its line drawn.
pub(super) fn overall_section(s: &Session, st: &Standings, lang: Lang) -> Markup {
    let lines = Lines::new(s, st);
    let Some(n) = lines.overall else {
        return markup! {};
    };
    let rows: Vec<&Row> = st.rows.iter().filter(|r| r.rank.is_some()).collect();
    let cut = (!lines.by_quota)
        .then(|| rows.iter().position(|r| !lines.selected.contains(&r.entry)))
        .flatten();
    let extra = extra_heads(&lines, lang);
    let columns = 5 + extra.len();
    markup! {
        section.category {
            h2 { (T::WinOverallHead.fill(lang, &[&n.to_string()])) " · " (T::Overall.get(lang)) }
            table {
                thead {
                    tr {
                        th { (T::ColRank.get(lang)) }
                        th { (T::ColEntry.get(lang)) }
                        th { (T::WinCategory.get(lang)) }
                        th { (T::WinCat.get(lang)) }
                        th { (T::ColScore.get(lang)) }
                        @for h in &extra {
                            th { (h) }
                        }
                    }
                }
                tbody {
                    @for (i, r) in rows.iter().enumerate() {
                        @if cut == Some(i) {
                            tr.cut {
                                td colspan=(columns) {
                                    "— " (T::WinOverallCut.fill(lang, &[&n.to_string()])) " —"
                                }
                            }
                        }
                        @let title = s.entry(&r.entry).map_or("", |e| e.title.as_str());
                        @let cat = s.category(&r.category).map_or(r.category.as_str(), |c| c.name.as_str());
                        tr {
                            td.n { (r.rank.map(|k| rank_text(k, r.provisional())).unwrap_or_default()) }
                            td.entry { b { (Text(&r.entry)) } " " (Text(title)) }
                            td { (Text(cat)) }
                            td.n { (r.category_rank.map(|k| k.to_string()).unwrap_or_default()) }
                            td.n { b { (score_cell(st, r, lang)) } }
                            @for x in extra_cells(&lines, r, lang) {
                                td { (x) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One flagged sheet in words: "J3 gave E05 Novelty 20 where the panel's median is 85".
pub fn divergence_text(s: &Session, d: &Divergence, lang: Lang) -> String {
    let name = |x: &crate::model::num::Ratio| crate::i18n::fmt_num(x.to_f64());
    match &d.criterion {
        None => T::WinDivergesTotal.fill(
            lang,
            &[&d.juror, &d.entry, &d.value.fixed(2), &d.median.fixed(2)],
        ),
        Some(c) => {
            let crit = s
                .rubric
                .criterion(c)
                .map_or(c.as_str(), |k| k.name.get(lang.code()));
            T::WinDivergesCriterion.fill(
                lang,
                &[&d.juror, &d.entry, &name(&d.value), crit, &name(&d.median)],
            )
        }
    }
}

/// After the minutes: the special awards with their reasons, and the sheets far from the
/// panel (for the chair; the jurors had submitted them before anyone saw this).
pub(super) fn decisions_section(s: &Session, lang: Lang) -> Markup {
    let flagged = divergences(s).unwrap_or_default();
    let threshold = crate::i18n::fmt_num(s.rules.divergence());
    markup! {
        section.decisions {
            @if !s.sources.is_empty() {
                h3 { (T::WinSources.get(lang)) }
                table {
                    tbody {
                        @for src in &s.sources {
                            tr {
                                td { (Text(&src.file)) }
                                td { (Text(&src.title)) }
                                td.fingerprint { (Text(&src.fingerprint)) }
                            }
                        }
                    }
                }
            }
            @if !s.awards.is_empty() {
                h3 { (T::WinAwards.get(lang)) }
                table {
                    thead {
                        tr {
                            th { (T::WinAward.get(lang)) }
                            th { (T::ColEntry.get(lang)) }
                            th { (T::WinReason.get(lang)) }
                        }
                    }
                    tbody {
                        @for a in &s.awards {
                            @let title = s.entry(&a.entry).map_or("", |e| e.title.as_str());
                            tr {
                                td { (Text(&a.name)) }
                                td { b { (Text(&a.entry)) } " " (Text(title)) }
                                td { (Text(&a.reason)) }
                            }
                        }
                    }
                }
            }
            h3 { (T::WinDivergence.get(lang)) }
            @if flagged.is_empty() {
                p { (T::WinDivergenceNone.fill(lang, &[&threshold])) }
            } @else {
                p { (T::WinDivergenceIntro.fill(lang, &[&threshold])) }
                ul {
                    @for d in &flagged {
                        li { (Text(&divergence_text(s, d, lang))) }
                    }
                }
            }
        }
    }
}

/// Mean, median, trimmed mean and z-scores side by side, fragile entries marked.
pub(super) fn sensitivity_section(s: &Session, st: &Standings, lang: Lang) -> Markup {
    let Ok(rows) = sensitivity(s, Some(st.tie_break.clone())) else {
        return markup! {};
    };
    if rows.is_empty() {
        return markup! {};
    }
    markup! {
        section.category {
            h2 { (T::WinSensitivity.get(lang)) }
            p.small { (T::WinSensitivityIntro.fill(lang, &[FRAGILE])) }
            table {
                thead {
                    tr {
                        th { (T::ColEntry.get(lang)) }
                        @for w in way_names(lang) {
                            th { (w) }
                            th { (T::ColRank.get(lang)) }
                        }
                        th { "" }
                    }
                }
                tbody {
                    @for r in &rows {
                        tr {
                            td { b { (Text(&r.entry)) } }
                            @for (score, rank) in &r.ways {
                                td.n { (super::dec(score.as_deref().unwrap_or("—"), lang)) }
                                td.n { (rank.map(|k| k.to_string()).unwrap_or_default()) }
                            }
                            td { @if r.fragile { (FRAGILE) " " (T::WinFragile.get(lang)) } }
                        }
                    }
                }
            }
        }
    }
}

/// The names of the ways of combining totals, in [`WAYS`]' order.
pub fn way_names(lang: Lang) -> [&'static str; 4] {
    [
        T::MethodMean.get(lang),
        T::MethodMedian.get(lang),
        T::MethodTrimmed.get(lang),
        T::ColZ.get(lang),
    ]
}

/// The awards, the flagged sheets and the sensitivity for tools.
pub(super) fn add_json(s: &Session, st: &Standings, v: &mut serde_json::Value) {
    use serde_json::json;
    v["awards"] = json!(s.awards);
    v["divergences"] = divergences(s)
        .unwrap_or_default()
        .iter()
        .map(|d| {
            json!({
                "entry": d.entry,
                "juror": d.juror,
                "criterion": d.criterion,
                "value": d.value.to_f64(),
                "median": d.median.to_f64(),
                "distance": d.distance,
            })
        })
        .collect();
    v["sensitivity"] = sensitivity(s, Some(st.tie_break.clone()))
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let ways: Vec<_> = r
                .ways
                .iter()
                .map(|(score, rank)| json!({"score": score, "rank": rank}))
                .collect();
            json!({"entry": r.entry, "ways": ways, "fragile": r.fragile})
        })
        .collect();
}

/// The awards and the sensitivity in a Markdown recap.
pub(super) fn markdown(out: &mut String, s: &Session, st: &Standings, lang: Lang) {
    use crate::io::report::md_text;
    use std::fmt::Write as _;
    if !s.awards.is_empty() {
        let _ = writeln!(out, "## {}\n", T::WinAwards.get(lang));
        for a in &s.awards {
            let _ = writeln!(
                out,
                "- **{}**: {} — {}",
                md_text(&a.name),
                md_text(&a.entry),
                md_text(&a.reason)
            );
        }
        out.push('\n');
    }
    let Ok(rows) = sensitivity(s, Some(st.tie_break.clone())) else {
        return;
    };
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {}\n", T::WinSensitivity.get(lang));
    let _ = writeln!(
        out,
        "{}\n",
        md_text(&T::WinSensitivityIntro.fill(lang, &[FRAGILE]))
    );
    let names = way_names(lang);
    let _ = writeln!(
        out,
        "| {} | {} | |",
        T::ColEntry.get(lang),
        names.join(" | ")
    );
    let _ = writeln!(out, "|---|{}---|", "---:|".repeat(names.len()));
    for r in &rows {
        let cells: Vec<String> = r
            .ways
            .iter()
            .map(|(sc, k)| {
                format!(
                    "{} ({})",
                    sc.as_deref().unwrap_or("—"),
                    k.map(|k| k.to_string()).unwrap_or_default()
                )
            })
            .collect();
        let mark = if r.fragile { FRAGILE } else { "" };
        let _ = writeln!(
            out,
            "| {} | {} | {mark} |",
            md_text(&r.entry),
            cells.join(" | ")
        );
    }
    out.push('\n');
}
