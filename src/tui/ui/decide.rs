//! The Standings screen's views for deciding the winners: every method side by side, and the
//! chair's list of sheets far from the panel.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::i18n::T;
use crate::io::rules_text::FRAGILE;
use crate::standings::SensitivityRow;
use crate::tui::pair::Pair;

/// Mean, median, trimmed mean and z-scores with their ranks, fragile entries marked.
pub(super) fn draw_sensitivity(app: &Pair<'_>, f: &mut Frame, area: Rect, rows: &[SensitivityRow]) {
    let th = &app.view.theme;
    let names = [
        app.t(T::MethodMean),
        app.t(T::MethodMedian),
        app.t(T::MethodTrimmed),
        app.t(T::ColZ),
    ];
    let mut table: Vec<Vec<String>> = vec![{
        let mut h = vec![app.t(T::ColEntry).to_string()];
        for n in names {
            h.push(n.to_string());
            h.push("#".into());
        }
        h.push(String::new());
        h
    }];
    for r in rows {
        let mut l = vec![r.entry.clone()];
        for (score, rank) in &r.ways {
            l.push(score.clone().unwrap_or_else(|| "—".into()));
            l.push(rank.map(|k| k.to_string()).unwrap_or_default());
        }
        l.push(if r.fragile {
            format!("{FRAGILE} {}", app.t(T::WinFragile))
        } else {
            String::new()
        });
        table.push(l);
    }
    let widths: Vec<usize> = (0..table[0].len())
        .map(|i| {
            table
                .iter()
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut lines = vec![Line::styled(
        T::WinSensitivityIntro.fill(app.view.lang, &[FRAGILE]),
        th.dim(),
    )];
    let skip = app.view.standings.scroll.min(rows.len().saturating_sub(1));
    for (k, l) in table.iter().enumerate() {
        if k > 0 && k <= skip {
            continue;
        }
        let cells: Vec<String> = l
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = " ".repeat(w.saturating_sub(c.chars().count()));
                if i == 0 || i + 1 == l.len() {
                    format!("{c}{pad}")
                } else {
                    format!("{pad}{c}")
                }
            })
            .collect();
        let text = cells.join("  ");
        lines.push(if k == 0 {
            Line::styled(text, th.title())
        } else if rows[k - 1].fragile {
            Line::styled(text, th.warn())
        } else {
            Line::raw(text)
        });
    }
    let block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" {} ", app.t(T::WinSensitivity)));
    f.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(block),
        area,
    );
}

/// The sheets far from the panel, in words, for the chair.
pub(super) fn draw_flags(app: &Pair<'_>, f: &mut Frame, area: Rect, flags: &[String]) {
    let th = &app.view.theme;
    let lines: Vec<Line> = if flags.is_empty() {
        vec![Line::raw(app.t(T::WinFlagsNone))]
    } else {
        flags
            .iter()
            .map(|t| Line::styled(format!("⚑ {t}"), th.warn()))
            .collect()
    };
    let title = format!(
        " {} · {} ",
        app.t(T::WinDivergence),
        crate::i18n::fmt_num(app.desk.session.rules.divergence())
    );
    f.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .block(Block::default().borders(Borders::TOP).title(title)),
        area,
    );
}
