//! Standings as text for the command line and for other tools: table, CSV, JSON, Markdown.

use serde_json::{Value, json};

use crate::i18n::{Lang, T};
use crate::io::rules_text;
use crate::model::Session;
use crate::standings::{self, Lines, Method, Normalize, Row, Score, Standings, Unranked};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Md,
    // Mean, median, trimmed mean and z-scores side by side, fragile entries marked.
    Sensitivity,
}

fn opt2(x: Option<crate::model::num::Ratio>) -> String {
    x.map(|r| r.fixed(2)).unwrap_or_default()
}

fn sd_text(r: &Row) -> String {
    r.sd.map(|x| format!("{x:.2}")).unwrap_or_default()
}

/// A rank with the provisional mark where the row has fewer sheets than expected.
fn marked(row: &Row, rank: Option<u32>) -> String {
    rank.map_or_else(
        || "-".into(),
        |k| standings::rank_text(k, row.provisional()),
    )
}

/// The same, with a blank where a mark could be, so that digits stay aligned in a column.
fn aligned(row: &Row, rank: Option<u32>) -> String {
    let mut t = marked(row, rank);
    if rank.is_some() && !row.provisional() {
        t.push(' ');
    }
    t
}

/// What the provisional mark means, for the end of a table.
pub fn provisional_legend(lang: Lang) -> String {
    T::WinProvisional.fill(lang, &[&standings::PROVISIONAL.to_string()])
}

fn any_provisional(rows: &[&Row]) -> bool {
    rows.iter().any(|r| r.provisional())
}

/// The entry's title and institution, as the session has them.
fn names<'a>(s: &'a Session, r: &Row) -> (&'a str, &'a str) {
    s.entry(&r.entry)
        .map_or(("", ""), |e| (e.title.as_str(), e.institution.as_str()))
}

fn category_name(s: &Session, r: &Row) -> String {
    s.category(&r.category)
        .map_or_else(|| r.category.to_string(), |c| c.name.clone())
}

/// Why an entry has no rank, in words.
pub fn unranked_text(u: Unranked, lang: Lang) -> &'static str {
    match u {
        Unranked::Absent => T::WinUnAbsent,
        Unranked::Withdrawn => T::WinUnWithdrawn,
        Unranked::NoSheets => T::WinUnNoSheets,
        Unranked::BelowQuorum => T::WinUnBelowQuorum,
        Unranked::Ineligible => T::StIneligible,
        Unranked::NoStageScore => T::UnNoStageScore,
    }
    .get(lang)
}

fn note(r: &Row, lang: Lang) -> String {
    match (&r.unranked, &r.tie_break) {
        (Some(u), _) => unranked_text(*u, lang).into(),
        (None, Some(standings::TieBreak::Shared)) => {
            T::WinTie.fill(lang, &[T::WinShared.get(lang)])
        }
        (None, Some(t)) => T::WinTie.fill(lang, &[&t.label()]),
        _ => String::new(),
    }
}

/// Rows of the chosen category (or all), in standings order.
fn rows<'a>(st: &'a Standings, category: Option<&'a str>) -> Vec<&'a Row> {
    st.rows
        .iter()
        .filter(|r| category.is_none_or(|c| r.category == c))
        .collect()
}

/// A method's short name, as the header line gives it.
pub fn method_word(m: Method, lang: Lang) -> &'static str {
    match m {
        Method::Mean => T::WinMean,
        Method::Median => T::WinMedian,
        Method::Trimmed => T::WinTrimmed,
    }
    .get(lang)
}

fn header_line(s: &Session, st: &Standings, lang: Lang) -> String {
    let normalize = match st.normalize {
        Normalize::None => T::WinNormNone,
        Normalize::Zscore => T::WinNormZ,
    };
    let mut h = T::WinHead.fill(
        lang,
        &[&s.title, method_word(st.method, lang), normalize.get(lang)],
    );
    if !st.tie_break.is_empty() {
        h.push_str(&T::WinHeadTie.fill(lang, &[&st.tie_break.join(" > ")]));
    }
    if let Some(q) = s.quorum {
        h.push_str(&T::WinHeadQuorum.fill(lang, &[&q.to_string()]));
    }
    if let Some(note) = crate::io::stages::score_note(s, lang) {
        h.push_str(" · ");
        h.push_str(&note);
    }
    h
}

/// The standings in English (CSV and JSON are the same in every language).
pub fn render(s: &Session, st: &Standings, format: Format, category: Option<&str>) -> String {
    render_in(s, st, format, category, Lang::En)
}

/// The standings with the table's and Markdown's words in `lang`.
pub fn render_in(
    s: &Session,
    st: &Standings,
    format: Format,
    category: Option<&str>,
    lang: Lang,
) -> String {
    match format {
        Format::Table => table(s, st, category, lang),
        Format::Csv => csv(s, st, category),
        Format::Json => {
            let mut out = serde_json::to_string_pretty(&json(s, st, category)).unwrap_or_default();
            out.push('\n');
            out
        }
        Format::Md => markdown(s, st, category, lang),
        Format::Sensitivity => rules_text::sensitivity_table(s, st, category, lang),
    }
}

/// The header cells of the table, in `lang`.
fn heads(lang: Lang) -> [&'static str; 11] {
    [
        T::WinRank,
        T::WinCat,
        T::WinEntry,
        T::WinTitle,
        T::WinCategory,
        T::WinScore,
        T::WinSheets,
        T::WinMin,
        T::WinMax,
        T::WinSd,
        T::WinNote,
    ]
    .map(|t| t.get(lang))
}

/// The cut-off line goes above the first row ranked below the Top N (ties at N stay above it).
pub fn below_cut(r: &Row, n: u32) -> bool {
    r.category_rank.is_none_or(|k| k > n)
}

fn table(s: &Session, st: &Standings, category: Option<&str>, lang: Lang) -> String {
    let rows = rows(st, category);
    let lines = Lines::new(s, st);
    let mut head: Vec<String> = heads(lang).iter().map(|h| h.to_string()).collect();
    let mut right = vec![
        true, true, false, false, false, true, true, true, true, true, false,
    ];
    // The rules' own columns go before the note.
    let extra = extra_heads(&lines, lang);
    let at = head.len() - 1;
    for (i, h) in extra.iter().enumerate() {
        head.insert(at + i, h.clone());
        right.insert(at + i, false);
    }
    let mut cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut c = vec![
                aligned(r, r.rank),
                aligned(r, r.category_rank),
                r.entry.clone(),
                truncate(names(s, r).0, 36),
                category_name(s, r),
                shown(st, r),
                format!("{}/{}", r.sheets, r.expected),
                opt2(r.min),
                opt2(r.max),
                sd_text(r),
            ];
            c.extend(extra_cells(&lines, r, lang));
            c.push(note(r, lang));
            c
        })
        .collect();
    let widths: Vec<usize> = (0..head.len())
        .map(|i| {
            cells
                .iter()
                .map(|c| c[i].chars().count())
                .chain([head[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |c: &[String]| {
        let parts: Vec<String> = c
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let pad = widths[i].saturating_sub(v.chars().count());
                if right[i] {
                    format!("{}{v}", " ".repeat(pad))
                } else {
                    format!("{v}{}", " ".repeat(pad))
                }
            })
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    let mut out = header_line(s, st, lang);
    out.push('\n');
    for t in rules_text::statements(s, st, lang) {
        out.push_str(&t);
        out.push('\n');
    }
    out.push_str(&line(&head));
    out.push('\n');
    let total_width = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
    let cuts = cuts(s, &lines, &rows, category, lang);
    for (i, c) in cells.drain(..).enumerate() {
        for (_, label) in cuts.iter().filter(|(at, _)| *at == i) {
            out.push_str(&format!(
                "{:-<w$}\n",
                format!("-- {label} "),
                w = total_width
            ));
        }
        out.push_str(&line(&c));
        out.push('\n');
    }
    for l in legends(st, &rows, lang) {
        out.push_str(&l);
        out.push('\n');
    }
    out.push_str(&crate::io::stages::table_block(s, &rows, lang));
    out
}

/// The score as shown, "-" without one.
fn shown(st: &Standings, r: &Row) -> String {
    rules_text::score_shown(st, r).unwrap_or_else(|| "-".into())
}

/// Headers of the columns the rules add: the overall Top N, the passing grade.
fn extra_heads(lines: &Lines, lang: Lang) -> Vec<String> {
    let mut h = Vec::new();
    if let Some(n) = lines.overall {
        h.push(T::WinOverallHead.fill(lang, &[&n.to_string()]));
    }
    if lines.pass.is_some() {
        h.push(T::WinPassHead.get(lang).to_string());
    }
    h
}

fn extra_cells(lines: &Lines, r: &Row, lang: Lang) -> Vec<String> {
    let mut c = Vec::new();
    if lines.overall.is_some() {
        c.push(rules_text::overall_mark(lines, r));
    }
    if lines.pass.is_some() {
        c.push(rules_text::pass_word(lines, r, lang).to_string());
    }
    c
}

/// Where lines go in a table, as (row position, label): a category's lines when one category
/// is shown; the overall Top N when every category is, if it is a run of the best ranks.
fn cuts(
    s: &Session,
    lines: &Lines,
    rows: &[&Row],
    category: Option<&str>,
    lang: Lang,
) -> Vec<(usize, String)> {
    match category {
        Some(c) => standings::line_positions(rows, &standings::category_lines(s, c))
            .into_iter()
            .map(|(i, n)| (i, T::CutOff.fill(lang, &[&n.to_string()])))
            .collect(),
        None => match lines.overall {
            Some(n) if !lines.by_quota => rows
                .iter()
                .position(|r| !lines.selected.contains(&r.entry))
                .map(|i| (i, T::WinOverallCut.fill(lang, &[&n.to_string()])))
                .into_iter()
                .collect(),
            _ => Vec::new(),
        },
    }
}

/// The legends a table needs under it: the provisional mark, an untrimmed mean.
fn legends(st: &Standings, rows: &[&Row], lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if any_provisional(rows) {
        out.push(provisional_legend(lang));
    }
    if rows.iter().any(|r| st.untrimmed(r)) {
        out.push(T::WinUntrimmedLegend.fill(
            lang,
            &[&rules_text::UNTRIMMED.to_string(), &st.trim.to_string()],
        ));
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

fn csv(s: &Session, st: &Standings, category: Option<&str>) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> = [
        "rank",
        "category_rank",
        "entry",
        "title",
        "institution",
        "category",
        "score",
        "sheets",
        "expected",
        "min",
        "max",
        "sd",
        "tie_break",
        "unranked",
        "provisional",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    head.extend(s.rubric.criteria.iter().map(|c| format!("mean_{}", c.id)));
    // The rules' columns, only where the session uses them: files without stay as they were.
    let lines = Lines::new(s, st);
    let trimmed = st.method == Method::Trimmed;
    head.extend(
        [
            (lines.overall.is_some(), "overall_top"),
            (lines.pass.is_some(), "passes"),
            (trimmed, "untrimmed"),
        ]
        .iter()
        .filter(|x| x.0)
        .map(|x| x.1.to_string()),
    );
    head.extend(crate::io::stages::csv_head(s));
    let _ = w.write_record(&head);
    for r in rows(st, category) {
        let (title, institution) = names(s, r);
        let text = |t: &str| crate::io::csv::cell(t).into_owned();
        let mut rec = vec![
            r.rank.map(|x| x.to_string()).unwrap_or_default(),
            r.category_rank.map(|x| x.to_string()).unwrap_or_default(),
            text(&r.entry),
            text(title),
            text(institution),
            text(&r.category),
            st.score_text(r).unwrap_or_default(),
            r.sheets.to_string(),
            r.expected.to_string(),
            opt2(r.min),
            opt2(r.max),
            sd_text(r),
            text(&r.tie_break.as_ref().map(|t| t.label()).unwrap_or_default()),
            r.unranked
                .map(|u| u.as_str().to_string())
                .unwrap_or_default(),
            r.provisional().to_string(),
        ];
        rec.extend(r.criterion_means.iter().map(|m| opt2(*m)));
        if let Some(x) = lines.in_overall(r) {
            rec.push(x.to_string());
        }
        if lines.pass.is_some() {
            rec.push(lines.passes(r).map(|x| x.to_string()).unwrap_or_default());
        }
        if trimmed {
            rec.push(st.untrimmed(r).to_string());
        }
        rec.extend(crate::io::stages::cells(r));
        let _ = w.write_record(&rec);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A number rounded as displayed (2 decimals, 4 for z-scores).
fn num(text: &str) -> Value {
    text.parse::<f64>().map_or(Value::Null, |x| json!(x))
}

pub fn json(s: &Session, st: &Standings, category: Option<&str>) -> Value {
    let lines = Lines::new(s, st);
    let rows: Vec<Value> = rows(st, category)
        .into_iter()
        .map(|r| {
            let means: serde_json::Map<String, Value> = s
                .rubric
                .criteria
                .iter()
                .zip(&r.criterion_means)
                .map(|(c, m)| (c.id.clone(), m.map_or(Value::Null, |m| num(&m.fixed(2)))))
                .collect();
            let totals: serde_json::Map<String, Value> = r
                .totals
                .iter()
                .map(|(j, t)| (j.to_string(), num(&t.fixed(2))))
                .collect();
            let (title, institution) = names(s, r);
            let mut row = json!({
                "rank": r.rank,
                "category_rank": r.category_rank,
                "entry": r.entry,
                "title": title,
                "institution": institution,
                "category": r.category,
                "status": r.status.as_str(),
                "score": r.score.as_ref().map_or(Value::Null, |x| num(&x.display())),
                "score_exact": match &r.score {
                    Some(Score::Points(p)) => json!(format!("{}/{}", p.num(), p.den())),
                    _ => Value::Null,
                },
                "sheets": r.sheets,
                "expected": r.expected,
                "min": r.min.map_or(Value::Null, |m| num(&m.fixed(2))),
                "max": r.max.map_or(Value::Null, |m| num(&m.fixed(2))),
                "sd": r.sd.map_or(Value::Null, |x| num(&format!("{x:.2}"))),
                "tie_break": r.tie_break.as_ref().map(|t| t.label()),
                "unranked": r.unranked.map(|u| u.as_str()),
                "provisional": r.provisional(),
                "criterion_means": means,
                "juror_totals": totals,
                "score_shown": st.score_text(r),
                "untrimmed": st.untrimmed(r),
                "in_overall_top": lines.in_overall(r),
                "passes": lines.passes(r),
            });
            if let Some(stages) = crate::io::stages::json_row(s, r) {
                row["stages"] = stages;
            }
            row
        })
        .collect();
    let mut out = json!({
        "session": s.title,
        "method": st.method.as_str(),
        "normalize": st.normalize.as_str(),
        "tie_break_criteria": st.tie_break,
        "quorum": s.quorum,
        "category": category,
        "rules": s.rules,
        "standings": rows,
    });
    if let Some(f) = crate::io::stages::formula(s, crate::i18n::Lang::En) {
        out["formula"] = json!(f);
    }
    out
}

/// A text for a Markdown table cell or heading: the characters that would end a cell, a row or
/// a heading, or start HTML or an entity, are escaped; line breaks become spaces.
pub fn md_text(t: &str) -> String {
    let mut o = String::with_capacity(t.len());
    for ch in t.chars() {
        match ch {
            '\\' => o.push_str("\\\\"),
            '|' => o.push_str("\\|"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '&' => o.push_str("&amp;"),
            '\r' | '\n' => {
                if !o.ends_with(' ') {
                    o.push(' ');
                }
            }
            c => o.push(c),
        }
    }
    o
}

fn markdown(s: &Session, st: &Standings, category: Option<&str>, lang: Lang) -> String {
    let esc = md_text;
    // The rules' statements belong to the header's paragraph: an export that puts its own
    // heading in place of the header drops them with it.
    let mut head_par = vec![esc(&header_line(s, st, lang))];
    head_par.extend(rules_text::statements(s, st, lang).iter().map(|t| esc(t)));
    let mut out = format!("**{}**\n\n", head_par.join("**  \n**"));
    let lines = Lines::new(s, st);
    let h = heads(lang);
    let score_head = if st.normalize == Normalize::Zscore && st.z_scale.is_none() {
        T::WinZ.get(lang)
    } else {
        h[5]
    };
    let extra = extra_heads(&lines, lang);
    let extra_head: String = extra.iter().map(|x| format!(" {} |", esc(x))).collect();
    out.push_str(&format!(
        "| {} | {} | {} | {} | {score_head} | {} | {} | {} | {} |{extra_head} {} |\n",
        h[0], h[2], h[3], h[4], h[6], h[7], h[8], h[9], h[10]
    ));
    out.push_str(&format!(
        "|---:|---|---|---|---:|---:|---:|---:|---:|{}---|\n",
        "---|".repeat(extra.len())
    ));
    let rows = rows(st, category);
    let cuts = cuts(s, &lines, &rows, category, lang);
    let blanks = " |".repeat(extra.len());
    // A mark escaped, so Markdown does not read it as emphasis.
    let unstar = |t: String| {
        t.replace(
            standings::PROVISIONAL,
            &format!("\\{}", standings::PROVISIONAL),
        )
    };
    for (i, r) in rows.iter().enumerate() {
        for (_, label) in cuts.iter().filter(|(at, _)| *at == i) {
            out.push_str(&format!("| | | **— {label} —** | | | | | | |{blanks} |\n"));
        }
        let extra: String = extra_cells(&lines, r, lang)
            .iter()
            .map(|x| format!(" {} |", esc(x)))
            .collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {}/{} | {} | {} | {} |{extra} {} |\n",
            unstar(marked(r, r.rank)),
            esc(&r.entry),
            esc(names(s, r).0),
            esc(&category_name(s, r)),
            shown(st, r),
            r.sheets,
            r.expected,
            opt2(r.min),
            opt2(r.max),
            sd_text(r),
            esc(&note(r, lang)),
        ));
    }
    let legends = legends(st, &rows, lang);
    if !legends.is_empty() {
        let legends: Vec<String> = legends.into_iter().map(unstar).collect();
        out.push_str(&format!("\n{}\n", legends.join("  \n")));
    }
    if let Some(f) = crate::io::stages::formula(s, lang) {
        out.push_str(&format!("\n{}\n\n", md_text(&f)));
        let names = crate::io::stages::names(s, lang);
        out.push_str(&format!(
            "| {} | {} | {} |\n|---|{}---|\n",
            T::WinEntry.get(lang),
            names
                .iter()
                .map(|n| md_text(n))
                .collect::<Vec<_>>()
                .join(" | "),
            T::ColFinal.get(lang),
            "---|".repeat(names.len())
        ));
        for r in &rows {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                md_text(&r.entry),
                crate::io::stages::cells(r).join(" | "),
                shown(st, r)
            ));
        }
    }
    out
}
