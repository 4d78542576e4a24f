//! The agenda: the order of the day, statuses, the entry on stage.

use super::*;

pub(super) fn agenda(app: &mut App, action: Action) -> Effect {
    match action {
        Action::Select
        | Action::MarkAbsent
        | Action::MarkWithdrawn
        | Action::MarkBack
        | Action::OrderUp
        | Action::OrderDown
        | Action::TogglePins => chair(app, ChairAction::Agenda(action)),
        other => agenda_do(app, other),
    }
}

pub(super) fn agenda_do(app: &mut App, action: Action) -> Effect {
    let n = app.session.entries.len();
    let Some(entry) = app
        .session
        .entries
        .get(app.agenda.selected)
        .map(|e| e.id.clone())
    else {
        return Effect::None;
    };
    let page = usize::from(app.size.1.saturating_sub(8)).max(1);
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
            app.agenda.selected = moved(app.agenda.selected, n, &action, page);
            Effect::None
        }
        Action::Select => {
            app.scoring = Default::default();
            let e = change(app, "chair", Change::SetCurrent { entry: Some(entry) });
            if e == Effect::Save {
                // Putting an entry on stage is deliberate: its clock keys work at once.
                app.screen = Screen::Stage;
                app.stage_settle = None;
            }
            e
        }
        Action::MarkAbsent => change(app, "chair", status(Status::Absent)),
        Action::MarkWithdrawn => change(app, "chair", status(Status::Withdrawn)),
        Action::MarkBack => change(app, "chair", status(Status::Scheduled)),
        Action::OrderUp | Action::OrderDown => {
            let i = app.agenda.selected;
            let to = if action == Action::OrderUp {
                i.checked_sub(1)
            } else {
                (i + 1 < n).then_some(i + 1)
            };
            let Some(to) = to else { return Effect::None };
            let e = change(app, "chair", Change::MoveEntry { entry, to });
            if e == Effect::Save {
                app.agenda.selected = to;
            }
            e
        }
        _ => Effect::None,
    }
}
