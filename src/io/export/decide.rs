//! The recap's parts that decide the winners: the columns the rules add to every table (the
//! overall Top N, the passing grade), and the overall table across categories with its line.

use maud::{Markup, html as markup};

use super::html::{Text, score_cell};
use crate::i18n::{Lang, T};
use crate::io::rules_text::{overall_mark, pass_word};
use crate::model::Session;
use crate::standings::{Lines, Row, Standings, rank_text};

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
