//! Drawing: pure functions of the app state. Nothing here changes state or reads the clock.

pub mod agenda;
pub mod bigtext;
mod decide;
mod groups;
mod rows;
mod scoring;
mod stage;
pub mod standings;
mod standings_words;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::action::Screen;
use super::desk::Desk;
use super::keymap;
use super::pair::Pair;
use super::state::{EditorKind, Modal, PinPrompt, PinStage, Theme};
use super::view::View;
use crate::i18n::T;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Styles with meaning; without color they fall back to modifiers so the meaning stays.
impl Theme {
    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }
    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }
    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn danger(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn selected(&self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
    pub fn cutoff(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }
}

/// Draws one screen of the session: what `view` shows of `desk`. Reads both, changes neither.
pub fn view(desk: &Desk, view: &View, f: &mut Frame) {
    draw(&Pair { desk, view }, f);
}

/// The presenter's screen of a served panel, safe to share on a call: the stage alone (the
/// entry on stage, its clock in large digits, the next entry), no keys, no status.
pub fn presenter(desk: &Desk, view: &View, f: &mut Frame) {
    let app = Pair { desk, view };
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(&app, f, area);
        return;
    }
    stage::draw(&app, f, area);
}

fn draw(app: &Pair<'_>, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(app, f, area);
        return;
    }
    let [header, body, status, footer] = frame_areas(area);
    draw_header(app, f, header);
    match app.view.screen {
        Screen::Agenda => agenda::draw(app, f, body),
        Screen::Stage => stage::draw(app, f, body),
        Screen::Scoring => scoring::draw(app, f, body),
        Screen::Standings => standings::draw(app, f, body),
    }
    draw_status(app, f, status);
    draw_footer(app, f, footer);
    match &app.view.modal {
        Some(Modal::Help) => draw_help(app, f, body),
        Some(Modal::Pin(p)) => draw_pin(app, f, body, p),
        Some(Modal::Confirm { question, .. }) => draw_confirm(app, f, body, question),
        Some(Modal::Editor { kind, text, error }) => {
            draw_editor(app, f, body, kind, text, error.as_deref())
        }
        None => {}
    }
}

/// The header, the screen's body, the status line and the footer.
fn frame_areas(area: Rect) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(2),
    ])
    .areas(area)
}

/// Where a screen draws in a frame of `area`; nothing when it is too small to draw in.
pub fn body_area(area: Rect) -> Option<Rect> {
    (area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT).then(|| frame_areas(area)[1])
}

fn too_small(app: &Pair<'_>, f: &mut Frame, area: Rect) {
    let msg = T::Enlarge.fill(
        app.view.lang,
        &[
            &MIN_WIDTH.to_string(),
            &MIN_HEIGHT.to_string(),
            &area.width.to_string(),
            &area.height.to_string(),
        ],
    );
    let y = area.height / 2;
    let rect = Rect::new(
        area.x,
        area.y + y.saturating_sub(1),
        area.width,
        area.height - y.saturating_sub(1),
    );
    f.render_widget(
        Paragraph::new(msg)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .style(app.view.theme.warn()),
        rect,
    );
}

fn screen_label(s: Screen) -> T {
    match s {
        Screen::Agenda => T::ScreenAgenda,
        Screen::Stage => T::ScreenStage,
        Screen::Scoring => T::ScreenScoring,
        Screen::Standings => T::ScreenStandings,
    }
}

fn draw_header(app: &Pair<'_>, f: &mut Frame, area: Rect) {
    let th = &app.view.theme;
    let mut spans = vec![
        Span::styled(" juri ", th.title().add_modifier(Modifier::REVERSED)),
        Span::raw(" "),
    ];
    for (i, s) in Screen::ALL.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, app.t(screen_label(*s)));
        let style = if *s == app.view.screen {
            th.selected()
        } else {
            th.dim()
        };
        // The active screen is marked by brackets too, not by color alone.
        let label = if *s == app.view.screen {
            format!("[{}]", label.trim())
        } else {
            label
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    if app.desk.session.security.pins {
        spans.push(Span::styled("PIN ", th.warn()));
    }
    if app.view.masked {
        spans.push(Span::styled("•• ", th.warn()));
    }
    let left = Line::from(spans);
    let clock = app.desk.now.format("%H:%M").to_string();
    // The title gets what the screen tabs leave free, never drawn over them.
    let free = usize::from(area.width).saturating_sub(left.width() + clock.len() + 4);
    let right = if free >= 8 {
        format!(
            "{}  {} ",
            truncate(&app.desk.session.title, free.min(40)),
            clock
        )
    } else {
        format!("{clock} ")
    };
    f.render_widget(Paragraph::new(left), area);
    f.render_widget(
        Paragraph::new(right)
            .alignment(Alignment::Right)
            .style(th.title()),
        area,
    );
}

fn draw_status(app: &Pair<'_>, f: &mut Frame, area: Rect) {
    let th = &app.view.theme;
    let sv = &app.desk.saving;
    let line = match (&app.view.status, &sv.error) {
        (_, Some(why)) => Line::styled(
            format!(" ✗ {}", T::NotSaved.fill(app.view.lang, &[why])),
            th.danger(),
        ),
        (Some((msg, true)), _) => Line::styled(format!(" ✗ {msg}"), th.danger()),
        // A message waiting for the disk is not marked as done.
        (Some((msg, false)), _) if sv.confirm.is_some() || app.desk.exporting => {
            Line::styled(format!(" … {msg}"), th.warn())
        }
        (Some((msg, false)), _) => Line::styled(format!(" ✓ {msg}"), th.ok()),
        (None, _) if !sv.saved() => Line::styled(
            format!(" … {} · {}", app.t(T::Saving), app.desk.path.display()),
            th.dim(),
        ),
        (None, _) => Line::styled(
            format!(" ✓ {} · {}", app.t(T::Saved), app.desk.path.display()),
            th.dim(),
        ),
    };
    f.render_widget(Paragraph::new(line), area);
}

fn draw_footer(app: &Pair<'_>, f: &mut Frame, area: Rect) {
    let lines = footer_lines(app, usize::from(area.width), usize::from(area.height));
    f.render_widget(Paragraph::new(lines), area);
}

/// The footer's hints in `rows` lines of `width`, whole hints only, in order of need: a hint
/// that does not fit is left out, never cut, and a shorter one after it may still take its
/// place. Help and quit come first, so they always show.
fn footer_lines(app: &Pair<'_>, width: usize, rows: usize) -> Vec<Line<'static>> {
    let th = &app.view.theme;
    let mut lines: Vec<Vec<Span<'static>>> = vec![vec![Span::raw(" ")]; rows];
    let mut used = vec![1usize; rows];
    let mut row = 0;
    // The screening dialog shares the reopen dialog's keys, not its words.
    let screening = matches!(
        &app.view.modal,
        Some(crate::tui::state::Modal::Editor {
            kind: EditorKind::Ineligible { .. },
            ..
        })
    );
    for (keys, label) in keymap::hints(app.ctx()) {
        let label = match label {
            T::KReopenDo if screening => T::KMarkIneligibleDo,
            other => other,
        };
        let label = app.t(label);
        let keys = Span::styled(keys, th.key());
        let text = Span::raw(format!(" {label}"));
        let need = keys.width() + text.width();
        let sep = |used: usize| if used > 1 { 2 } else { 0 };
        // The current line, else the next ones, in order.
        let Some(r) = (row..rows).find(|&r| used[r] + sep(used[r]) + need <= width) else {
            continue;
        };
        if sep(used[r]) > 0 {
            lines[r].push(Span::raw("  "));
        }
        used[r] += sep(used[r]) + need;
        lines[r].push(keys);
        lines[r].push(text);
        row = r;
    }
    lines.into_iter().map(Line::from).collect()
}

/// A centered box of the given size inside `area`, cleared.
fn popup(f: &mut Frame, area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    f.render_widget(Clear, r);
    r
}

fn draw_help(app: &Pair<'_>, f: &mut Frame, area: Rect) {
    let th = &app.view.theme;
    let sections = keymap::help_sections();
    // Keys sharing a label sit on one line and may be wider than the column: a space still
    // parts them from their label.
    let column: usize = 18;
    let mut lines = Vec::new();
    for (heading, keys) in sections {
        lines.push(Line::styled(app.t(heading).to_string(), th.title()));
        for (keys, label) in keys {
            let pad = column.saturating_sub(keys.chars().count()).max(1);
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys}{:pad$}", ""), th.key()),
                Span::raw(app.t(label).to_string()),
            ]));
        }
    }
    let r = popup(f, area, area.width.min(110), area.height);
    let rows = usize::from(r.height.saturating_sub(2)).max(1);
    // The drawing keeps within the lines even when `update` judged another size.
    let top = app.view.help_scroll.min(lines.len().saturating_sub(rows));
    let shown = T::HelpLines.fill(
        app.view.lang,
        &[
            &(top + 1).to_string(),
            &(top + rows).min(lines.len()).to_string(),
            &lines.len().to_string(),
        ],
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} · {shown} ", app.t(T::Help)))
        .title_bottom(Line::from(format!(" {} ", app.t(T::PressKeyToClose))));
    let visible: Vec<Line> = lines.into_iter().skip(top).take(rows).collect();
    f.render_widget(Paragraph::new(visible).block(block), r);
}

fn draw_pin(app: &Pair<'_>, f: &mut Frame, area: Rect, p: &PinPrompt) {
    let name = if p.who == crate::model::pin::CHAIR {
        app.t(T::ChairName).to_string()
    } else {
        app.desk
            .session
            .juror(&p.who)
            .map_or(p.who.clone(), |j| j.name.clone())
    };
    let title = match p.stage {
        PinStage::Enter if p.or_chair => T::PinForOrChair,
        PinStage::Enter => T::PinFor,
        // The chair chooses a PIN only while turning PINs on.
        PinStage::New if p.who == crate::model::pin::CHAIR => T::PinChairNew,
        PinStage::New => T::PinNew,
        PinStage::Repeat(_) => T::PinRepeat,
    }
    .fill(app.view.lang, &[&name]);
    let r = popup(f, area, 60, 8);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.view.theme.warn())
        .title(format!(" {title} "));
    // One dot per digit typed, so the juror sees their keys land; never the digits.
    let dots = "● ".repeat(p.input.len());
    let mut lines = vec![
        Line::raw(""),
        Line::styled(format!("  {dots}▏"), app.view.theme.title()),
        Line::raw(""),
    ];
    if let Some(e) = &p.error {
        lines.push(Line::styled(format!("✗ {e}"), app.view.theme.danger()));
    }
    lines.push(Line::styled(
        app.t(T::PinHint).to_string(),
        app.view.theme.dim(),
    ));
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        r,
    );
}

fn draw_confirm(app: &Pair<'_>, f: &mut Frame, area: Rect, question: &str) {
    let r = popup(f, area, 64, 7);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.view.theme.warn())
        .title(format!(" {} ", app.t(T::ConfirmTitle)));
    let text = vec![
        Line::raw(question.to_string()),
        Line::raw(""),
        Line::styled(app.t(T::ConfirmHint).to_string(), app.view.theme.key()),
    ];
    f.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }).block(block),
        r,
    );
}

fn draw_editor(
    app: &Pair<'_>,
    f: &mut Frame,
    area: Rect,
    kind: &EditorKind,
    text: &ratatui_textarea::TextArea<'static>,
    error: Option<&str>,
) {
    let (title, hint, height) = match kind {
        EditorKind::Note(c) => {
            let name = app
                .desk
                .session
                .rubric
                .criterion(c)
                .map(|c| c.name.get(app.view.lang.code()).to_string())
                .unwrap_or_default();
            (T::EditNote.fill(app.view.lang, &[&name]), T::EditorHint, 10)
        }
        EditorKind::Comment => (app.t(T::EditComment).to_string(), T::EditorHint, 12),
        EditorKind::Rule(rule) => {
            use crate::tui::state::RuleEdit;
            let title = match rule {
                RuleEdit::Lines(Some(c)) => {
                    let name = app
                        .desk
                        .session
                        .category(c)
                        .map_or(c.as_str(), |k| k.name.as_str());
                    T::WinEditLines.fill(app.view.lang, &[name])
                }
                RuleEdit::Lines(None) => app.t(T::WinEditOverall).to_string(),
                RuleEdit::Pass => app.t(T::WinEditPass).to_string(),
                RuleEdit::Award => app.t(T::WinEditAward).to_string(),
            };
            (title, T::WinRuleHint, 8)
        }
        EditorKind::Reason { juror, .. } => {
            let name = app
                .desk
                .session
                .juror(juror)
                .map(|j| j.name.clone())
                .unwrap_or_default();
            (
                T::ReopenReason.fill(app.view.lang, &[&name]),
                T::ReasonHint,
                8,
            )
        }
        EditorKind::Ineligible { entry } => (
            T::IneligibleTitle.fill(app.view.lang, &[entry]),
            T::IneligibleHint,
            8,
        ),
    };
    let r = popup(f, area, 70, height);
    // The title is never cut mid-word by the border: it is shortened with an ellipsis.
    let title = truncate(&title, usize::from(r.width.saturating_sub(4)));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .title_bottom(Line::from(format!(" {} ", app.t(hint))))
        .border_style(app.view.theme.title());
    let inner = block.inner(r);
    f.render_widget(block, r);
    let why_text = match kind {
        EditorKind::Reason { .. } => T::ReopenWhy,
        EditorKind::Ineligible { .. } => T::IneligibleWhy,
        EditorKind::Rule(crate::tui::state::RuleEdit::Lines(_)) => T::WinLinesHint,
        EditorKind::Rule(crate::tui::state::RuleEdit::Pass) => T::WinPassHint,
        EditorKind::Rule(crate::tui::state::RuleEdit::Award) => T::WinAwardHint,
        _ => {
            f.render_widget(text, inner);
            return;
        }
    };
    let [why, field, refusal] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    f.render_widget(
        Paragraph::new(app.t(why_text)).style(app.view.theme.dim()),
        why,
    );
    f.render_widget(text, field);
    if let Some(e) = error {
        f.render_widget(
            Paragraph::new(format!("✗ {e}")).style(app.view.theme.danger()),
            refusal,
        );
    }
}

pub fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else if n == 0 {
        String::new()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
