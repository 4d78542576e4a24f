//! Live standings: a tab per category and overall, the cut-off line, spread, and a bar chart.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Tabs};

use super::rows::{Col, TextRow, fit};
use super::truncate;
use crate::i18n::T;
use crate::standings::{Method, Row as SRow, Score, rank_text};
use crate::tui::pair::Pair;
use crate::tui::ranking::{Tab, TabLine, Table};

use super::groups::shown;
use super::standings_words::{legend_lines, marked_note, method_name, short_name, text_width};

/// Where a ranked tab's parts go in the standings' body: the table, and under it the chart,
/// the highlighted entry's means and the legend, as they fit.
struct Parts {
    table: Rect,
    chart: Option<Rect>,
    detail: Option<Rect>,
    legend: Vec<String>,
    legend_area: Option<Rect>,
    /// Per-criterion means are columns of the table.
    means: bool,
}

fn parts(app: &Pair<'_>, body: Rect, table: &Table, tab: &Tab) -> Parts {
    let st = &app.view.standings;
    let s = &app.desk.session;
    let nothing_ranked = tab.ranked == 0;
    let show_chart = st.chart && tab.ranked > 0 && body.height >= 18;
    let (table_area, chart_area) = if show_chart {
        let [a, b] = Layout::vertical([Constraint::Min(8), Constraint::Length(8)]).areas(body);
        (a, Some(b))
    } else {
        (body, None)
    };

    // Per-criterion means as columns where they fit, else for the highlighted entry below.
    let crit = &s.rubric.criteria;
    // Only where each criterion's name fits whole over its column: else the highlighted
    // entry's means are listed under the table with the names in full.
    let means_width: u16 = crit
        .iter()
        .map(|c| text_width(short_name(app, c)).max(5) + 1)
        .sum();
    let means = table_area.width >= 100 + means_width;
    let (table_area, detail_area) = if means {
        (table_area, None)
    } else {
        let [a, b] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(table_area);
        (a, Some(b))
    };
    // What the spread, the marks and the ties drawn mean, on the lines under the table.
    let z = table.standings.normalize == crate::standings::Normalize::Zscore;
    let legend = if nothing_ranked {
        Vec::new()
    } else {
        legend_lines(app, tab.marks, z, table_area.width)
    };
    let (table_area, legend_area) = if legend.is_empty() {
        (table_area, None)
    } else {
        let [a, b] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(legend.len() as u16)])
                .areas(table_area);
        (a, Some(b))
    };
    Parts {
        table: table_area,
        chart: chart_area,
        detail: detail_area,
        legend,
        legend_area,
        means,
    }
}

/// The table's lines for rows on a screen of `size` (the header and the cut-off's line
/// aside), laid out as `draw` lays them out, and the rows of the tab shown; none while
/// nothing is ranked to show.
pub fn visible_rows(app: &Pair<'_>, size: (u16, u16)) -> Option<(usize, usize)> {
    let s = &app.desk.session;
    if s.security.blind {
        return None;
    }
    let area = super::body_area(Rect::new(0, 0, size.0, size.1))?;
    let inner = Block::default().borders(Borders::ALL).inner(area);
    let [_, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    let (table, _) = app.desk.ranking.table(app.variant())?;
    let tab = &table.tabs[app.view.standings.tab.min(table.tabs.len().checked_sub(1)?)];
    let table_area = parts(app, body, table, tab).table;
    let visible = usize::from(table_area.height.saturating_sub(1)).max(1);
    Some((visible.saturating_sub(1), shown(app, table, tab).0.len()))
}

/// The entry the highlight is on, among the rows the tab shows (one group's, when one is
/// chosen), as `draw` highlights it.
pub fn highlighted_entry(app: &Pair<'_>) -> Option<String> {
    let (table, _) = app.desk.ranking.table(app.variant())?;
    let tab = &table.tabs[app.view.standings.tab.min(table.tabs.len().checked_sub(1)?)];
    let (list, _) = shown(app, table, tab);
    let i = *list.get(app.view.standings.scroll.min(list.len().checked_sub(1)?))?;
    Some(table.standings.rows[i as usize].entry.clone())
}

pub fn draw(app: &Pair<'_>, f: &mut Frame, area: Rect) {
    let th = &app.view.theme;
    let s = &app.desk.session;
    let st = &app.view.standings;
    let mut mode = vec![
        Span::styled(format!(" {} ", app.t(T::ScreenStandings)), th.title()),
        Span::raw(format!(
            "· {}: {}{} ",
            app.t(T::Method),
            method_name(app, st.method),
            // How many the trimmed mean drops at each end, when it is not the usual one.
            match s.rules.trim() {
                k if st.method == Method::Trimmed && k != 1 => format!(" ({k})"),
                _ => String::new(),
            }
        )),
    ];
    if st.zscore {
        mode.push(Span::styled(format!("· {} ", app.t(T::ZOn)), th.warn()));
    }
    if let Some(q) = s.quorum {
        mode.push(Span::raw(format!(
            "· {} ",
            T::QuorumMark.fill(app.view.lang, &[&q.to_string()])
        )));
    }
    if let Some(g) = &st.group {
        mode.push(Span::styled(
            format!("· {}: {g} ", app.t(T::Group)),
            th.warn(),
        ));
    }
    if let Some(f) = crate::io::stages::formula(s, app.view.lang) {
        mode.push(Span::raw(format!("· {f} ")));
    }
    let ranked_table = app.desk.ranking.table(app.variant());
    if !s.security.blind && !ranked_table.is_some_and(|(_, fresh)| fresh) {
        // The last table stays up until the new one is ranked; it says so.
        mode.push(Span::styled(
            format!("· {} ", app.t(T::Updating)),
            th.warn(),
        ));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::from(mode));
    let inner = block.inner(area);
    f.render_widget(block, area);

    if s.security.blind {
        // Nothing that could betray an order: no table, no chart, no per-entry figures.
        let lines = vec![
            Line::raw(""),
            Line::styled(format!("🔒 {}", app.t(T::Hidden)), th.warn()),
        ];
        f.render_widget(
            Paragraph::new(lines)
                .alignment(ratatui::layout::Alignment::Center)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let mut names = vec![app.t(T::Overall).to_string()];
    names.extend(s.categories.iter().map(|c| c.name.clone()));
    let category = st.tab.checked_sub(1).and_then(|i| s.categories.get(i));
    let [tabs_area, body] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    f.render_widget(
        Tabs::new(names)
            .select(st.tab)
            .highlight_style(th.selected())
            .divider("│"),
        tabs_area,
    );
    if let Some((_, rows)) = &st.sensitivity {
        super::decide::draw_sensitivity(app, f, body, rows);
        return;
    }
    // The chair's list of sheets far from the panel, under the table while shown.
    let body = match &st.flags {
        Some((_, flags)) => {
            let h = (flags.len().max(1) as u16 + 2).min(body.height / 2);
            let [a, b] = Layout::vertical([Constraint::Min(1), Constraint::Length(h)]).areas(body);
            super::decide::draw_flags(app, f, b, flags);
            a
        }
        None => body,
    };
    let Some((table, _)) = ranked_table else {
        if let Some(why) = app.desk.ranking.error() {
            f.render_widget(
                Paragraph::new(why.text(app.view.lang)).style(th.danger()),
                body,
            );
        }
        return;
    };
    // Only the rows on screen are looked at: the tab knows which rows are its own.
    let tab = &table.tabs[st.tab.min(table.tabs.len() - 1)];
    let all = &table.standings.rows;
    let (list, group_ranks) = shown(app, table, tab);
    let row_at = |i: usize| &all[list[i] as usize];
    let count = list.len();
    // Ranked rows come first: the first row tells whether any is.
    let nothing_ranked = list.first().is_none_or(|&i| all[i as usize].rank.is_none());
    // Each stage's score beside the final one, when earlier stages count.
    let stage_names = crate::io::stages::names(s, app.view.lang);

    let Parts {
        table: table_area,
        chart: chart_area,
        detail: detail_area,
        legend,
        legend_area,
        means,
    } = parts(app, body, table, tab);
    let z = table.standings.normalize == crate::standings::Normalize::Zscore;
    let crit = &s.rubric.criteria;
    let selected = st.scroll.min(count.saturating_sub(1));
    let wide = table_area.width >= 110;
    // The lines are the category's (or the overall list's): not drawn over one group's rows.
    let tab_lines: &[(usize, TabLine)] = if group_ranks.is_none() {
        &tab.lines
    } else {
        &[]
    };
    let rank_of = |i: usize, r: &SRow| {
        if let Some(g) = &group_ranks {
            g[i]
        } else if category.is_some() {
            r.category_rank
        } else {
            r.rank
        }
    };

    // The table's own: while the screen's new method is ranked, the last one stays up.
    let mut header = vec![
        app.t(T::ColRank).to_string(),
        app.t(T::ColEntry).to_string(),
    ];
    if wide {
        header.push(app.t(T::ColInstitution).into());
    }
    if category.is_none() {
        header.push(app.t(T::ColCategory).into());
    }
    let final_head = if stage_names.is_empty() {
        T::ColScore
    } else {
        T::ColFinal
    };
    header.push(app.t(if z { T::ColZ } else { final_head }).into());
    header.extend(stage_names.iter().cloned());
    if means {
        header.extend(crit.iter().map(|c| short_name(app, c).to_string()));
    }
    header.push(app.t(T::ColSheets).into());
    header.push(app.t(T::ColSpread).into());
    header.push(String::new());
    let columns = header.len();

    let visible = usize::from(table_area.height.saturating_sub(1)).max(1);
    // Lines kept free for the rules drawn across the table.
    let offset = crate::tui::state::follow(
        st.offset,
        selected,
        visible.saturating_sub(tab_lines.len().max(1)),
    );
    let plain = Style::new();
    let mut out: Vec<TextRow> = Vec::new();
    // The widest text of each column among the rows drawn, the headers included.
    let mut natural: Vec<u16> = header.iter().map(|h| text_width(h)).collect();
    for i in offset..count {
        let r = row_at(i);
        for (_, line) in tab_lines.iter().filter(|(at, _)| *at == i) {
            // A rule across the whole table, with the line named in words.
            let words = match line {
                TabLine::Top(n) => T::CutOff.fill(app.view.lang, &[&n.to_string()]),
                TabLine::Overall(n) => T::WinOverallCut.fill(app.view.lang, &[&n.to_string()]),
            };
            let label = format!("── {words} ");
            let rule = "─".repeat(usize::from(table_area.width));
            let mut cells = vec![(rule.clone(), plain), (format!("{label}{rule}"), plain)];
            cells.extend((2..columns).map(|_| (rule.clone(), plain)));
            out.push(TextRow::new(cells).style(th.cutoff()));
        }
        if out.len() >= visible {
            break;
        }
        let score =
            crate::io::rules_text::score_shown(&table.standings, r).unwrap_or_else(|| "—".into());
        let spread = match (r.min, r.max, r.sd) {
            (Some(lo), Some(hi), Some(sd)) => format!("{}–{} σ{:.1}", lo.fixed(1), hi.fixed(1), sd),
            _ => String::new(),
        };
        let cat_name = s
            .category(&r.category)
            .map_or(r.category.as_str(), |c| c.name.as_str());
        let (title, institution) = s
            .entry(&r.entry)
            .map_or(("", ""), |e| (e.title.as_str(), e.institution.as_str()));
        let mut cells = vec![
            (
                rank_of(i, r)
                    .map(|k| rank_text(k, r.provisional()))
                    .unwrap_or_else(|| "-".into()),
                plain,
            ),
            (format!("{} {title}", r.entry), plain),
        ];
        if wide {
            cells.push((institution.to_string(), plain));
        }
        if category.is_none() {
            cells.push((truncate(cat_name, 30), plain));
        }
        cells.push((score, th.title()));
        if !stage_names.is_empty() {
            for k in 0..stage_names.len() {
                let v = r.stages.get(k).copied().flatten();
                cells.push((v.map(|v| v.fixed(2)).unwrap_or_else(|| "—".into()), plain));
            }
        }
        if means {
            for m in &r.criterion_means {
                cells.push((m.map(|m| m.fixed(1)).unwrap_or_default(), plain));
            }
        }
        cells.push((format!("{}/{}", r.sheets, r.expected), plain));
        cells.push((spread, plain));
        cells.push((marked_note(app, &table.lines, r), plain));
        for (w, (text, _)) in natural.iter_mut().zip(&cells) {
            *w = (*w).max(text_width(text));
        }
        let style = if i == selected {
            th.selected()
        } else if r.rank.is_none() {
            th.dim()
        } else {
            Style::new()
        };
        out.push(TextRow::new(cells).style(style));
    }

    // Short columns as wide as their widest text; then the reasons and ties, a readable
    // title, the criterion names, the category and the institution get room in that order,
    // and what is left widens the title and institution.
    let digits = count.max(1).ilog10() as u16 + 1;
    let mut cols: Vec<Col> = Vec::with_capacity(columns);
    let mut priority = Vec::new();
    // Rank: room for the largest rank and its provisional mark.
    cols.push(Col::exact(natural[0].max(digits + 1)));
    cols.push(Col {
        min: text_width(&header[1]).max(16),
        want: natural[1].min(32),
        grow: 3,
    });
    let entry_col = 1;
    let mut k = 2;
    let mut institution_col = None;
    if wide {
        cols.push(Col {
            min: text_width(&header[k]),
            want: natural[k].min(24),
            grow: 2,
        });
        institution_col = Some(k);
        k += 1;
    }
    let mut category_col = None;
    if category.is_none() {
        cols.push(Col {
            min: text_width(&header[k]),
            want: natural[k],
            grow: 0,
        });
        category_col = Some(k);
        k += 1;
    }
    cols.push(Col::exact(natural[k]));
    k += 1;
    for _ in &stage_names {
        cols.push(Col::exact(natural[k]));
        k += 1;
    }
    let first_mean = k;
    if means {
        for _ in crit {
            // At least the widest mean ("100.0"); the criterion's name when there is room.
            cols.push(Col {
                min: 5,
                want: natural[k],
                grow: 0,
            });
            k += 1;
        }
    }
    let means_cols = first_mean..k;
    cols.push(Col::exact(natural[k]));
    cols.push(Col::exact(natural[k + 1]));
    let note_col = k + 2;
    cols.push(Col {
        min: natural[note_col].min(8),
        want: natural[note_col],
        grow: 0,
    });
    priority.push(note_col);
    priority.push(entry_col);
    priority.extend(means_cols.clone());
    priority.extend(category_col);
    priority.extend(institution_col);
    let widths = fit(table_area.width, 1, &cols, &priority);
    // A criterion's name cut to its column says so.
    for (i, h) in header.iter_mut().enumerate() {
        if let Constraint::Length(w) = widths[i]
            && means_cols.contains(&i)
        {
            *h = truncate(h, usize::from(w));
        }
    }
    let header =
        TextRow::new(header.into_iter().map(|h| (h, Style::new())).collect()).style(th.title());
    super::rows::table(f, "standings", table_area, header, out, &widths, 1);
    if let Some(area) = legend_area {
        let lines: Vec<Line> = legend
            .into_iter()
            .map(|l| Line::styled(l, th.dim()))
            .collect();
        f.render_widget(Paragraph::new(lines), area);
    }

    if nothing_ranked {
        // On the free line under the tabs, where no table row can cover it.
        let last = Rect {
            y: tabs_area.y + 1,
            height: 1,
            ..tabs_area
        };
        f.render_widget(
            Paragraph::new(app.t(T::NothingRanked)).style(th.warn()),
            last,
        );
    }
    let selected_row = (selected < count).then(|| row_at(selected));
    if st.reveal
        && let Some(r) = selected_row
    {
        let area = detail_area.unwrap_or(Rect {
            y: table_area.bottom().saturating_sub(1),
            height: 1,
            ..table_area
        });
        let mut spans = vec![Span::styled(
            format!("{} · {}: ", r.entry, app.t(T::JurorTotals)),
            th.warn(),
        )];
        for (j, t) in &r.totals {
            let name = s.juror(j).map_or(&**j, |j| j.name.as_str());
            spans.push(Span::raw(format!("{name} {}  ", t.fixed(2))));
        }
        f.render_widget(
            Paragraph::new(Line::from(spans)).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
    } else if let (Some(area), Some(r)) = (detail_area, selected_row) {
        let mut spans = vec![Span::styled(format!("{} ", r.entry), th.title())];
        for (c, m) in crit.iter().zip(&r.criterion_means) {
            let short = short_name(app, c);
            spans.push(Span::styled(format!("{short} "), th.dim()));
            spans.push(Span::raw(format!(
                "{}  ",
                m.map(|m| m.fixed(1)).unwrap_or_else(|| "—".into())
            )));
        }
        f.render_widget(
            Paragraph::new(Line::from(spans)).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
    }
    if let Some(chart) = chart_area {
        let top: Vec<&SRow> = (0..count.min(6))
            .map(row_at)
            .take_while(|r| r.rank.is_some())
            .collect();
        draw_chart(app, f, chart, &top);
    }
}

/// The best ranked rows, at most six, as bars.
fn draw_chart(app: &Pair<'_>, f: &mut Frame, area: Rect, top: &[&SRow]) {
    let th = &app.view.theme;
    let floor = top
        .iter()
        .filter_map(|r| r.score.as_ref().map(Score::to_f64))
        .fold(0.0f64, f64::min);
    let bars: Vec<Bar> = top
        .iter()
        .map(|r| {
            let v = r.score.as_ref().map_or(0.0, Score::to_f64);
            let title = app
                .desk
                .session
                .entry(&r.entry)
                .map_or("", |e| e.title.as_str());
            Bar::default()
                .value(((v - floor) * 100.0).max(0.0) as u64)
                .text_value(r.score.as_ref().map(Score::display).unwrap_or_default())
                .label(Line::from(truncate(&format!("{} {title}", r.entry), 30)))
                .style(th.ok())
        })
        .collect();
    let chart = BarChart::default()
        .block(
            Block::default()
                .borders(Borders::TOP)
                .title(format!(" {} ", app.t(T::TopChart))),
        )
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .data(BarGroup::default().bars(&bars));
    f.render_widget(chart, area);
}
