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
