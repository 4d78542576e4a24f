//! The agenda: every entry in order, with its slot, status, real durations and sheets.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::rows::TextRow;

use super::truncate;
use crate::i18n::T;
use crate::model::Status;
use crate::model::schedule::{hhmm, planned_starts, real_durations};
use crate::model::timer::clock;
use crate::tui::pair::Pair;

/// A symbol for each status, so the status never depends on color alone.
pub fn symbol(s: Status) -> &'static str {
    match s {
        Status::Scheduled => "·",
        Status::Presenting => "▶",
        Status::Interviewing => "◆",
        Status::Done => "✓",
        Status::Absent => "✗",
        Status::Withdrawn => "⊘",
        Status::Ineligible => "⨯",
    }
}

pub fn status_style(app: &Pair<'_>, s: Status) -> Style {
    let th = &app.view.theme;
    match s {
        Status::Scheduled => Style::new(),
        Status::Presenting | Status::Interviewing => th.warn(),
        Status::Done => th.ok(),
        Status::Absent | Status::Withdrawn | Status::Ineligible => {
            th.dim().add_modifier(Modifier::CROSSED_OUT)
        }
    }
}

fn slip_text(app: &Pair<'_>) -> Option<(String, Style)> {
    let m = app.slip()?;
    let th = &app.view.theme;
    Some(match m {
        0 => (app.t(T::SlipOnTime).into(), th.ok()),
        m if m > 0 => (
            T::SlipBehind.fill(app.view.lang, &[&m.to_string()]),
            if m >= 15 { th.danger() } else { th.warn() },
        ),
        m => (
            T::SlipAhead.fill(app.view.lang, &[&(-m).to_string()]),
            th.ok(),
        ),
    })
}

/// The agenda's lines for entries on a screen of `size` (its header aside), laid out as
/// `draw` lays them out; none when the screen is too small to draw in.
pub fn visible_rows(size: (u16, u16)) -> Option<usize> {
    let area = super::body_area(Rect::new(0, 0, size.0, size.1))?;
    let inner = Block::default().borders(Borders::ALL).inner(area);
    Some(usize::from(inner.height.saturating_sub(1)).max(1))
}

pub fn draw(app: &Pair<'_>, f: &mut Frame, area: Rect) {
    let th = &app.view.theme;
    let s = &app.desk.session;
    let mut title = vec![Span::styled(
        format!(" {} ", app.t(T::ScreenAgenda)),
        th.title(),
    )];
    if let Some(cur) = s.current.as_ref().and_then(|c| s.entry(c)) {
        title.push(Span::raw(format!("· {}: {} ", app.t(T::OnStage), cur.id)));
    }
    // On an agenda of several days: which day today is.
    let days = s.schedule.as_ref().map_or(&[][..], |x| x.days.as_slice());
    let today = crate::model::days::day_of_date(s, app.desk.now.date_naive());
    if let Some(d) = today {
        title.push(Span::raw(format!(
            "· {} {}/{} {} ",
            app.t(T::AgDay),
            d + 1,
            days.len(),
            days[d].date
        )));
    }
    if let Some((text, style)) = slip_text(app) {
        title.push(Span::raw(format!("· {}: ", app.t(T::Slip))));
        title.push(Span::styled(format!("{text} "), style));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::from(title));
    let inner = block.inner(area);
    f.render_widget(block, area);

    // Only the rows that fit are built, whatever the length of the agenda.
    let visible = usize::from(inner.height.saturating_sub(1)).max(1);
    let sel = app.view.agenda.selected;
    let offset = crate::tui::state::follow(app.view.agenda.offset, sel, visible);
    let wide = inner.width >= 110;
    // Each day's first entry names its day: the agenda reads as days, today's marked.
    let plan = (!days.is_empty()).then(|| crate::model::days::plan(s));
    let day_of = |i: usize| {
        plan.as_ref()
            .and_then(|p| p.get(i).copied().flatten())
            .map(|p| p.day)
    };
    // One pass over the entries before the window, not one per row drawn.
    let starts = match &plan {
        Some(_) => Vec::new(),
        None => planned_starts(s, offset, visible),
    };
    let rows: Vec<TextRow> = s
        .entries
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, e)| {
            let current = s.current.as_deref() == Some(e.id.as_str());
            let slot = match &plan {
                Some(p) => p.get(i).copied().flatten().map(|p| hhmm(p.start)),
                None => starts.get(i - offset).copied().flatten().map(hhmm),
            }
            .unwrap_or_default();
            let day =
                day_of(i).filter(|&d| i == offset || (0..i).rev().find_map(day_of) != Some(d));
            let [p, q] = real_durations(s, &e.id, app.desk.now);
            let dur = match (p, q) {
                (None, None) => String::new(),
                (p, q) => format!(
                    "{}/{}",
                    p.map(clock).unwrap_or_else(|| "-".into()),
                    q.map(clock).unwrap_or_else(|| "-".into())
                ),
            };
            let category = s
                .category(&e.category)
                .map_or(e.category.as_str(), |c| c.name.as_str());
            let category = if wide {
                category.to_string()
            } else {
                truncate(category, 10)
            };
            let sheets = format!("{}/{}", s.submitted_sheets(&e.id), s.expected_sheets(&e.id));
            let plain = Style::new();
            let mut cells = vec![
                ((if current { "▶" } else { " " }).to_string(), plain),
                (format!("{:>2}", i + 1), plain),
            ];
            if plan.is_some() {
                let style = if day.is_some() && day == today {
                    th.title()
                } else {
                    plain
                };
                cells.push((day.map(|d| (d + 1).to_string()).unwrap_or_default(), style));
            }
            cells.extend([
                (slot, plain),
                (
                    format!("{} {}", symbol(e.status), app.status_word(e.status)),
                    status_style(app, e.status),
                ),
                (format!("{} {}", e.id, e.title), plain),
                (category, plain),
            ]);
            if wide {
                cells.push((e.institution.clone(), plain));
            }
            cells.push((dur, plain));
            cells.push((sheets, plain));
            let row = TextRow::new(cells);
            if i == sel {
                row.style(th.selected())
            } else {
                row
            }
        })
        .collect();
    let mut header = vec!["", app.t(T::ColNo)];
    if plan.is_some() {
        header.push(app.t(T::AgDay));
    }
    header.extend([
        app.t(T::ColSlot),
        app.t(T::ColStatus),
        app.t(T::ColEntry),
        app.t(T::ColCategory),
    ]);
    // The slot ("09:00") and number columns are never narrower than their headers ("Jadwal").
    let head_w = |h: &str| h.chars().count() as u16;
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(3.max(head_w(app.t(T::ColNo)))),
    ];
    if plan.is_some() {
        widths.push(Constraint::Length(2.max(head_w(app.t(T::AgDay)))));
    }
    widths.extend([
        Constraint::Length(5.max(head_w(app.t(T::ColSlot)))),
        Constraint::Length(13),
        Constraint::Fill(3),
        if wide {
            Constraint::Fill(1)
        } else {
            Constraint::Length(10)
        },
    ]);
    if wide {
        header.push(app.t(T::ColInstitution));
        widths.push(Constraint::Fill(2));
    }
    header.extend([app.t(T::ColDurations), app.t(T::ColSheets)]);
    widths.extend([Constraint::Length(11), Constraint::Length(6)]);
    let header = TextRow::new(
        header
            .into_iter()
            .map(|h| (truncate(h, 14), Style::new()))
            .collect(),
    )
    .style(th.title());
    super::rows::table(f, "agenda", inner, header, rows, &widths, 1);
}
