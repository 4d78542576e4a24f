//! The stage: the entry presenting now and its clock, in large digits.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::bigtext;
use crate::i18n::T;
use crate::model::timer::{EntryTimer, Phase, Urgency, clock};
use crate::tui::pair::Pair;

fn phase_name(app: &Pair<'_>, p: Phase) -> &'static str {
    app.t(match p {
        Phase::Presentation => T::PhasePresentation,
        Phase::Interview => T::PhaseInterview,
    })
}

pub fn draw(app: &Pair<'_>, f: &mut Frame, area: Rect) {
    let th = &app.view.theme;
    let s = &app.desk.session;
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(" {} ", app.t(T::ScreenStage)),
        th.title(),
    ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(entry) = s.current.as_ref().and_then(|c| s.entry(c)) else {
        f.render_widget(
            Paragraph::new(app.t(T::NoCurrent)).alignment(Alignment::Center),
            Rect {
                y: inner.y + inner.height / 2,
                height: 1,
                ..inner
            },
        );
        return;
    };
    // An entry whose clock never started has no log yet: show a fresh one.
    let fresh;
    let timer = match s.timer(&entry.id) {
        Some(t) => t,
        None => {
            fresh = EntryTimer::new(
                &entry.id,
                s.rubric.presentation_seconds,
                s.rubric.interview_seconds,
            );
            &fresh
        }
    };
    let Some(r) = timer.reading(app.desk.now) else {
        return;
    };
    let [head, state, big, phases, next] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(2),
        Constraint::Min(5),
        Constraint::Length(3),
        Constraint::Length(1),
    ])
    .areas(inner);

    let category = s
        .category(&entry.category)
        .map_or(entry.category.as_str(), |c| c.name.as_str());
    let mut who = vec![entry.institution.clone(), category.to_string()];
    who.extend(entry.region.clone());
    who.extend(entry.presenter.clone());
    let head_text = vec![
        Line::styled(format!("{} · {}", entry.id, entry.title), th.title()),
        Line::raw(who.join(" · ")),
        Line::styled(
            format!(
                "{} {}",
                super::agenda::symbol(entry.status),
                app.status_word(entry.status)
            ),
            super::agenda::status_style(app, entry.status),
        ),
    ];
    f.render_widget(Paragraph::new(head_text).alignment(Alignment::Center), head);

    let urgency = r.urgency();
    let (style, word) = if r.finished {
        (th.ok(), app.t(T::Finished))
    } else {
        match urgency {
            Urgency::Normal => (th.ok(), ""),
            Urgency::Warning => (th.warn(), app.t(T::OneMinute)),
            Urgency::Overtime => (th.danger(), app.t(T::Overtime)),
        }
    };
    let run_word = if r.finished {
        ""
    } else if r.running {
        app.t(T::Running)
    } else if r.elapsed_ms == 0 {
        app.t(T::NotStarted)
    } else {
        app.t(T::Paused)
    };
    let run_symbol = if r.running { "●" } else { "‖" };
    // Once both phases ended, the clock shows the real time on stage, not the time that was
    // left of the interview.
    let total_planned: i64 = timer
        .phases
        .iter()
        .map(|p| i64::from(p.planned_seconds))
        .sum();
    let (name, planned) = if r.finished {
        (app.t(T::RealOnStage), total_planned)
    } else {
        (phase_name(app, r.phase), r.planned_ms / 1000)
    };
    let planned = T::Planned.fill(app.view.lang, &[&clock(planned)]);
    let mut state_line = vec![
        Span::styled(name.to_string(), th.title()),
        Span::raw(format!("  ({planned})  ")),
    ];
    if !run_word.is_empty() {
        state_line.push(Span::styled(
            format!("{run_symbol} {run_word}  "),
            if r.running { th.ok() } else { th.warn() },
        ));
    }
    if !word.is_empty() {
        state_line.push(Span::styled(format!("■ {word}"), style));
    }
    f.render_widget(
        Paragraph::new(Line::from(state_line)).alignment(Alignment::Center),
        state,
    );

    let text = if r.finished {
        let ms: i64 = timer
            .phases
            .iter()
            .map(|p| p.elapsed_ms(app.desk.now))
            .sum();
        clock(ms / 1000)
    } else {
        let (over, secs) = r.display_seconds();
        format!("{}{}", if over { "+" } else { "" }, clock(secs))
    };
    let scale = if bigtext::width(&text, 2) + 4 <= usize::from(big.width) && big.height >= 5 {
        2
    } else {
        1
    };
    let lines: Vec<Line> = if big.height >= 5 && bigtext::width(&text, 1) <= usize::from(big.width)
    {
        bigtext::lines(&text, scale)
            .into_iter()
            .map(|l| Line::styled(l, style))
            .collect()
    } else {
        vec![Line::styled(text.clone(), style)]
    };
    let pad = big.height.saturating_sub(lines.len() as u16) / 2;
    let clock_area = Rect {
        y: big.y + pad,
        height: big.height - pad,
        ..big
    };
    f.render_widget(
        Paragraph::new(lines).alignment(Alignment::Center),
        clock_area,
    );

    let mut summary = Vec::new();
    for p in &timer.phases {
        let real = if p.runs.is_empty() {
            "-".to_string()
        } else {
            clock(p.elapsed_ms(app.desk.now) / 1000)
        };
        let over = p.elapsed_ms(app.desk.now) > i64::from(p.planned_seconds) * 1000;
        let mark = if p.ended.is_some() { "✓ " } else { "" };
        summary.push(Span::styled(
            format!("{mark}{}: ", phase_name(app, p.phase)),
            th.title(),
        ));
        summary.push(Span::styled(
            format!(
                "{} / {}    ",
                T::Real.fill(app.view.lang, &[&real]),
                T::Planned.fill(app.view.lang, &[&clock(i64::from(p.planned_seconds))])
            ),
            if over { th.danger() } else { Style::new() },
        ));
    }
    f.render_widget(
        Paragraph::new(vec![Line::raw(""), Line::from(summary)]).alignment(Alignment::Center),
        phases,
    );

    if let Some(n) = app.desk.next_up.as_deref().and_then(|id| s.entry(id)) {
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("{}: ", app.t(T::NextUp)), th.dim()),
                Span::raw(format!("{} · {} ({})", n.id, n.title, n.institution)),
            ]))
            .alignment(Alignment::Center),
            next,
        );
    }
}
