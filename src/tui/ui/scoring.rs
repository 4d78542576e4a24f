//! The scoring screen: choose the juror, then that juror's sheet for the entry. Other jurors'
//! values for the entry are never drawn here.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

use super::truncate;
use crate::i18n::T;
use crate::i18n::fmt_num;
use crate::standings::partial_total;
use crate::tui::pair::Pair;

pub fn draw(app: &Pair<'_>, f: &mut Frame, area: Rect) {
    let th = &app.view.theme;
    let Some(entry) = app
        .scoring_entry()
        .and_then(|id| app.desk.session.entry(id))
    else {
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", app.t(T::ScreenScoring)));
        f.render_widget(Paragraph::new(app.t(T::NoCurrent)).block(block), area);
        return;
    };
    let title = Line::from(vec![
        Span::styled(format!(" {} ", app.t(T::ScreenScoring)), th.title()),
        Span::raw(format!("· {} {} ", entry.id, truncate(&entry.title, 50))),
    ]);
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if app.view.scoring.handoff {
        draw_handoff(app, f, inner);
        return;
    }
    match &app.view.scoring.juror {
        None => draw_pick(app, f, inner, &entry.id, &entry.title),
        Some(j) => draw_sheet(app, f, inner, &entry.id, j),
    }
}

/// Between two jurors: nothing of the last sheet, only what to do next.
fn draw_handoff(app: &Pair<'_>, f: &mut Frame, area: Rect) {
    let th = &app.view.theme;
    let mid = area.height / 2;
    let lines = vec![
        Line::styled(app.t(T::Handoff).to_string(), th.title()),
        Line::raw(""),
        Line::raw(app.t(T::HandoffMore).to_string()),
    ];
    let r = Rect {
        y: area.y + mid.saturating_sub(2),
        height: area.height - mid.saturating_sub(2),
        ..area
    };
    f.render_widget(
        Paragraph::new(lines)
            .alignment(ratatui::layout::Alignment::Center)
            .wrap(Wrap { trim: true }),
        r,
    );
}

fn draw_pick(app: &Pair<'_>, f: &mut Frame, area: Rect, entry: &str, title: &str) {
    let th = &app.view.theme;
    let s = &app.desk.session;
    let mut lines = vec![
        Line::styled(T::PickJuror.fill(app.view.lang, &[title]), th.title()),
        Line::raw(""),
    ];
    if s.jurors.is_empty() {
        lines.push(Line::raw(app.t(T::NoJurors)));
    }
    // Names get what the state words leave, up to 44 columns.
    let name_w = usize::from(area.width).saturating_sub(44).clamp(12, 44);
    for (i, j) in s.jurors.iter().enumerate() {
        let sel = i == app.view.scoring.juror_cursor;
        let (state, style) = if s.conflicted(&j.id, entry) {
            (
                format!("✗ {}", app.t(T::JurorConflict)),
                th.dim().add_modifier(Modifier::CROSSED_OUT),
            )
        } else {
            match s.sheet(entry, &j.id) {
                Some(sh) if sh.is_submitted() => {
                    let when = sh
                        .submitted
                        .map(|t| t.format(" %H:%M").to_string())
                        .unwrap_or_default();
                    (format!("✓ {}{when}", app.t(T::JurorSubmitted)), th.ok())
                }
                Some(sh) => {
                    let n = s
                        .rubric
                        .criteria
                        .iter()
                        .filter(|c| sh.values.contains_key(&c.id))
                        .count();
                    (
                        format!("✎ {} {n}/{}", app.t(T::JurorDraft), s.rubric.criteria.len()),
                        th.warn(),
                    )
                }
                None => (format!("· {}", app.t(T::JurorEmpty)), th.dim()),
            }
        };
        // Demo-style names already carry the role ("Juri 1 (akademisi)").
        let role = j
            .role
            .as_deref()
            .filter(|r| {
                let name = j.name.to_lowercase();
                !r.to_lowercase()
                    .split(['/', ' ', ','])
                    .any(|w| !w.is_empty() && name.contains(w))
            })
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let name = format!("{} {}{role}", if sel { "▸" } else { " " }, j.name);
        let line = Line::from(vec![
            Span::styled(
                format!("{:<w$}", truncate(&name, name_w - 1), w = name_w),
                if sel {
                    th.selected()
                } else {
                    ratatui::style::Style::new()
                },
            ),
            Span::styled(format!(" {state}"), style),
        ]);
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), area);
}

fn draw_sheet(app: &Pair<'_>, f: &mut Frame, area: Rect, entry: &str, juror: &str) {
    let th = &app.view.theme;
    let s = &app.desk.session;
    let lang = app.view.lang.code();
    let sheet = s.sheet(entry, juror);
    let name = s.juror(juror).map_or(juror, |j| j.name.as_str());
    let title = s.entry(entry).map_or(entry, |e| e.title.as_str());
    let crits = &s.rubric.criteria;
    let [head, table_area, detail] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(crits.len() as u16 + 1),
        Constraint::Min(4),
    ])
    .areas(area);
    // The entry's title takes the rest of the line, cut only where the line ends.
    let room = usize::from(head.width)
        .saturating_sub(T::SheetOf.fill(app.view.lang, &[name, ""]).chars().count());
    let mut top = vec![Line::styled(
        T::SheetOf.fill(app.view.lang, &[name, &truncate(title, room)]),
        th.title(),
    )];
    if app.view.scoring.read_only {
        let when = sheet
            .and_then(|sh| sh.submitted)
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default();
        top.push(Line::styled(
            format!("✓ {}", T::ReadOnly.fill(app.view.lang, &[&when])),
            th.ok(),
        ));
    }
    f.render_widget(Paragraph::new(top), head);

    let rows: Vec<Row> = crits
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let sel = i == app.view.scoring.row;
            let value = sheet.and_then(|sh| sh.values.get(&c.id)).copied();
            let shown = match (&app.view.scoring.buffer, sel) {
                (Some(b), true) if app.view.masked => format!("{}▏", "•".repeat(b.chars().count())),
                (Some(b), true) => format!("{b}▏"),
                _ if app.view.masked => value.map_or_else(|| "—".into(), |_| "••".into()),
                _ => value.map(fmt_num).unwrap_or_else(|| "—".into()),
            };
            let has_note = sheet.is_some_and(|sh| sh.notes.contains_key(&c.id));
            let scale = if c.step == 1.0 {
                format!("{}–{}", fmt_num(c.min), fmt_num(c.max))
            } else {
                format!("{}–{} ·{}", fmt_num(c.min), fmt_num(c.max), fmt_num(c.step))
            };
            let value_style = if sel && app.view.scoring.error.is_some() {
                th.danger()
            } else {
                ratatui::style::Style::new().add_modifier(Modifier::BOLD)
            };
            let row = Row::new(vec![
                Cell::from(if sel { "▸" } else { " " }),
                Cell::from(c.name.get(lang).to_string()),
                Cell::from(fmt_num(c.weight)),
                Cell::from(scale),
                Cell::from(shown).style(value_style),
                Cell::from(if has_note { "✎" } else { "" }),
            ]);
            if sel { row.style(th.selected()) } else { row }
        })
        .collect();
    let header = Row::new(vec![
        Cell::from(""),
        Cell::from(app.t(T::ColCriterion)),
        Cell::from(app.t(T::ColWeight)),
        Cell::from(app.t(T::ColScale)),
        Cell::from(app.t(T::ColValue)),
        Cell::from(app.t(T::ColNote)),
    ])
    .style(th.title());
    let widths = [
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Length(12),
        Constraint::Length(10),
        Constraint::Length(7),
    ];
    f.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        table_area,
    );

    // The total and the count are of the values the sheet holds, with a value being typed
    // counted once it is one of the scale; until then the saved value is, and the line above
    // the total says which.
    let mut counted = sheet.map(|sh| sh.values.clone()).unwrap_or_default();
    let row = crits.get(app.view.scoring.row);
    let saved = row.and_then(|c| counted.get(&c.id).copied());
    let typed = app.typed_value();
    let erased = app.view.scoring.buffer.as_deref() == Some("");
    match (row, typed) {
        (Some(c), Some(Some(v))) => {
            counted.insert(&c.id, v);
        }
        (Some(c), _) if erased => {
            counted.remove(&c.id);
        }
        _ => {}
    }
    let shown_value = |v: f64| {
        if app.view.masked {
            "••".into()
        } else {
            fmt_num(v)
        }
    };
    let counted_note = || match saved {
        Some(v) => T::CountedBefore.fill(app.view.lang, &[&shown_value(v)]),
        None => app.t(T::NotCounted).to_string(),
    };
    let mut lines = Vec::new();
    if let Some(err) = &app.view.scoring.error {
        lines.push(Line::styled(
            format!("✗ {err} · {}", counted_note()),
            th.danger(),
        ));
    } else if let Some(Some(v)) = typed.filter(|t| *t != saved) {
        lines.push(Line::styled(
            format!(
                "… {}",
                T::NotSavedYet.fill(app.view.lang, &[&shown_value(v)])
            ),
            th.warn(),
        ));
    } else if erased && saved.is_some() {
        lines.push(Line::styled(
            format!("… {}", T::NotSavedYet.fill(app.view.lang, &["—"])),
            th.warn(),
        ));
    } else if typed == Some(None) && !erased {
        lines.push(Line::styled(format!("… {}", counted_note()), th.warn()));
    } else if let Some(c) = row {
        lines.push(Line::styled(c.description.get(lang).to_string(), th.dim()));
    }
    let filled = crits.iter().filter(|c| counted.contains_key(&c.id)).count();
    let total = if app.view.masked {
        "••.••".to_string()
    } else {
        partial_total(s, &counted)
            .map(|t| t.fixed(2))
            .unwrap_or_else(|| "0.00".into())
    };
    let progress = if app.view.scoring.read_only {
        Span::styled(format!("✓ {}", app.t(T::JurorSubmitted)), th.ok())
    } else if filled == crits.len() {
        Span::styled(format!("✓ {}", app.t(T::Complete)), th.ok())
    } else {
        Span::styled(
            T::Missing.fill(
                app.view.lang,
                &[
                    &(crits.len() - filled).to_string(),
                    &crits.len().to_string(),
                ],
            ),
            th.warn(),
        )
    };
    lines.push(Line::from(vec![
        Span::styled(format!("{}: ", app.t(T::Total)), th.title()),
        Span::styled(format!("{total}   "), th.title()),
        progress,
    ]));
    if let Some(c) = crits.get(app.view.scoring.row)
        && let Some(note) = sheet.and_then(|sh| sh.notes.get(&c.id))
    {
        lines.push(Line::raw(format!(
            "✎ {}: {}",
            app.t(T::ColNote),
            note.replace('\n', " / ")
        )));
    }
    let comment = sheet.map(|sh| sh.comment.as_str()).unwrap_or("");
    lines.push(Line::raw(format!(
        "{}: {}",
        app.t(T::Comment),
        if comment.is_empty() {
            "—".to_string()
        } else {
            comment.replace('\n', " / ")
        }
    )));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), detail);
}
