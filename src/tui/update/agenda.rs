//! The agenda: the order of the day, statuses, the entry on stage.

use super::*;

pub(super) fn agenda(app: &mut PairMut<'_>, action: Action) -> Step {
    match action {
        Action::Select
        | Action::MarkAbsent
        | Action::MarkWithdrawn
        | Action::MarkBack
        | Action::OrderUp
        | Action::OrderDown
        | Action::MarkIneligible
        | Action::DayLater
        | Action::DayEarlier
        | Action::TogglePins => chair(app, ChairAction::Agenda(action)),
        other => agenda_do(app, other),
    }
}

pub(super) fn agenda_do(app: &mut PairMut<'_>, action: Action) -> Step {
    let n = app.desk.session.entries.len();
    let Some(entry) = app
        .desk
        .session
        .entries
        .get(app.view.agenda.selected)
        .map(|e| e.id.clone())
    else {
        return Step::None;
    };
    let page = usize::from(app.view.size.1.saturating_sub(8)).max(1);
    let status = |s: Status| Change::SetStatus {
        entry: entry.clone(),
        status: s,
    };
    match action {
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Home
        | Action::End => {
            app.view.agenda.selected = moved(app.view.agenda.selected, n, &action, page);
            Step::None
        }
        Action::Select => {
            app.view.scoring = Default::default();
            let e = change(app, "chair", Change::SetCurrent { entry: Some(entry) });
            if e == Step::Save {
                // Putting an entry on stage is deliberate: its clock keys work at once.
                app.view.screen = Screen::Stage;
                app.view.stage_settle = None;
            }
            e
        }
        Action::MarkAbsent => change(app, "chair", status(Status::Absent)),
        Action::MarkWithdrawn => change(app, "chair", status(Status::Withdrawn)),
        Action::MarkBack => change(app, "chair", status(Status::Scheduled)),
        Action::MarkIneligible => {
            let mut text = TextArea::default();
            text.set_placeholder_text("…");
            if !app.view.theme.color {
                text.set_placeholder_style(ratatui::style::Style::default());
            }
            app.view.modal = Some(Modal::Editor {
                kind: EditorKind::Ineligible { entry },
                text: Box::new(text),
                error: None,
            });
            Step::None
        }
        Action::DayLater | Action::DayEarlier => {
            let s = &app.desk.session;
            let days = s.schedule.as_ref().map_or(0, |x| x.days.len());
            if days < 2 {
                app.view.status = Some((app.t(T::NoDays).into(), true));
                return Step::None;
            }
            let i = app.view.agenda.selected;
            // The day it is planned on, as the Agenda shows it; else the one it is held to.
            let now_on = crate::model::days::plan(s)
                .get(i)
                .copied()
                .flatten()
                .map(|p| p.day + 1)
                .or_else(|| s.entries[i].day.map(|d| d as usize))
                .unwrap_or(1);
            let later = action == Action::DayLater;
            if (later && now_on >= days) || (!later && now_on <= 1) {
                let t = if later { T::NoDayAfter } else { T::NoDayBefore };
                app.view.status = Some((t.fill(app.view.lang, &[&entry]), true));
                return Step::None;
            }
            let day = if later { now_on + 1 } else { now_on - 1 };
            let day = day as u32;
            let to = crate::model::days::position_for_day(s, &entry, day);
            let e = change(
                app,
                "chair",
                Change::MoveDay {
                    entry: entry.clone(),
                    day,
                    to,
                },
            );
            if e == Step::Save {
                app.view.agenda.selected = to;
                info(
                    app,
                    T::MovedToDay.fill(app.view.lang, &[&entry, &day.to_string()]),
                );
            }
            e
        }
        Action::OrderUp | Action::OrderDown => {
            let i = app.view.agenda.selected;
            let to = if action == Action::OrderUp {
                i.checked_sub(1)
            } else {
                (i + 1 < n).then_some(i + 1)
            };
            let Some(to) = to else { return Step::None };
            let e = change(app, "chair", Change::MoveEntry { entry, to });
            if e == Step::Save {
                app.view.agenda.selected = to;
            }
            e
        }
        _ => Step::None,
    }
}
