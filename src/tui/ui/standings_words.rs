//! The words of the standings screen: method names, an entry's note, the legend, and how wide
//! a text is on screen.

use ratatui::text::Span;

use super::truncate;
use crate::i18n::T;
use crate::model::Criterion;
use crate::standings::{Method, PROVISIONAL, Row as SRow, TieBreak, Unranked};
use crate::tui::pair::Pair;
use crate::tui::ranking::Marks;

pub(super) fn method_name(app: &Pair<'_>, m: Method) -> &'static str {
    app.t(match m {
        Method::Mean => T::MethodMean,
        Method::Median => T::MethodMedian,
        Method::Trimmed => T::MethodTrimmed,
    })
}

pub(super) fn note(app: &Pair<'_>, r: &SRow) -> String {
    match (&r.unranked, &r.tie_break) {
        (Some(Unranked::Absent), _) => app.status_word(r.status).to_string(),
        (Some(Unranked::Withdrawn | Unranked::Ineligible), _) => {
            app.status_word(r.status).to_string()
        }
        (Some(Unranked::NoSheets), _) => app.t(T::UnNoSheets).to_string(),
        (Some(Unranked::NoStageScore), _) => app.t(T::UnNoStageScore).to_string(),
        (Some(Unranked::BelowQuorum), _) => T::UnBelowQuorum.fill(
            app.view.lang,
            &[&app.desk.session.quorum_for(&r.entry).to_string()],
        ),
        (None, Some(TieBreak::Shared)) => app.t(T::TieShared).to_string(),
        (None, Some(TieBreak::Criterion(c))) => {
            // The criterion's first word, as its column is headed: the legend says the rest.
            let name = app
                .desk
                .session
                .rubric
                .criterion(c)
                .map_or(c.as_str(), |c| short_name(app, c));
            T::TieBy.fill(app.view.lang, &[name])
        }
        (None, None) => String::new(),
    }
}

/// The note with what the rules say of the row first: inside the overall Top N, passing.
pub(super) fn marked_note(app: &Pair<'_>, lines: &crate::standings::Lines, r: &SRow) -> String {
    let mut parts = Vec::new();
    let mark = crate::io::rules_text::overall_mark(lines, r);
    if !mark.is_empty() {
        parts.push(mark);
    }
    // Only who passes is marked: a row of "below" words would drown the table.
    if lines.passes(r) == Some(true) {
        parts.push(app.t(T::WinPasses).to_string());
    }
    let n = note(app, r);
    if !n.is_empty() {
        parts.push(n);
    }
    parts.join(" · ")
}

/// A criterion's name in a word: the first of its name in the screen's language.
pub(super) fn short_name<'a>(app: &Pair<'_>, c: &'a Criterion) -> &'a str {
    c.name
        .get(app.view.lang.code())
        .split_whitespace()
        .next()
        .unwrap_or(&c.id)
}

/// The legend's parts that apply, packed into lines of `width` without cutting a part where
/// it can be helped; at most three lines.
pub(super) fn legend_lines(app: &Pair<'_>, marks: Marks, z: bool, width: u16) -> Vec<String> {
    let mut parts = vec![app.t(T::LegendSpread).to_string()];
    if z {
        parts.push(app.t(T::LegendZ).to_string());
    }
    if marks.provisional {
        parts.push(T::LegendProvisional.fill(app.view.lang, &[&PROVISIONAL.to_string()]));
    }
    if marks.tie_by {
        let tie = T::TieBy.fill(app.view.lang, &["…"]);
        parts.push(T::LegendTieBy.fill(app.view.lang, &[&tie]));
    }
    if marks.untrimmed {
        parts.push(T::WinUntrimmedLegend.fill(
            app.view.lang,
            &[
                &crate::io::rules_text::UNTRIMMED.to_string(),
                &app.desk.session.rules.trim().to_string(),
            ],
        ));
    }
    if marks.overall
        && let Some(n) = app.desk.session.rules.overall
    {
        parts.push(T::WinLegendOverall.fill(
            app.view.lang,
            &[&crate::io::rules_text::SELECTED.to_string(), &n.to_string()],
        ));
    }
    if marks.pass
        && let Some(p) = app.desk.session.rules.pass
    {
        parts.push(T::WinLegendPass.fill(
            app.view.lang,
            &[app.t(T::WinPasses), &crate::i18n::fmt_num(p)],
        ));
    }
    if marks.tie_shared {
        parts.push(T::LegendTieShared.fill(app.view.lang, &[app.t(T::TieShared)]));
    }
    let width = usize::from(width);
    let mut lines: Vec<String> = Vec::new();
    for p in parts {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 3 + p.chars().count() <= width => {
                l.push_str(" · ");
                l.push_str(&p);
            }
            _ => lines.push(p),
        }
    }
    lines.truncate(3);
    lines.iter().map(|l| truncate(l, width)).collect()
}

pub(super) fn text_width(s: &str) -> u16 {
    u16::try_from(Span::raw(s).width()).unwrap_or(u16::MAX)
}
