//! The note, comment and reason editors and the yes/no questions.

use super::*;

pub(super) fn open_editor(app: &mut PairMut<'_>, kind: EditorKind, text: &str) {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let area = if lines.is_empty() {
        TextArea::default()
    } else {
        TextArea::new(lines)
    };
    app.view.modal = Some(Modal::Editor {
        kind,
        text: Box::new(area),
        error: None,
    });
}

pub(super) fn editor(app: &mut PairMut<'_>, action: Action) -> Step {
    let Some(Modal::Editor { text, error, .. }) = &mut app.view.modal else {
        return Step::None;
    };
    // The keymap gives Esc to a note or comment (keeps it) and Enter to a reason (reopens);
    // Esc on a reason cancels like any dialog.
    match action {
        Action::EditorKey(ev) => {
            text.input(ev);
            *error = None;
            Step::None
        }
        Action::EditorClear => {
            **text = TextArea::default();
            *error = None;
            Step::None
        }
        Action::EditorDone => finish_editor(app),
        _ => Step::None,
    }
}

pub(super) fn finish_editor(app: &mut PairMut<'_>) -> Step {
    let Some(Modal::Editor { kind, text, .. }) = app.view.modal.take() else {
        return Step::None;
    };
    let value = text.lines().join("\n").trim_end().to_string();
    let (entry, juror) = (
        app.view.scoring.entry.clone().unwrap_or_default(),
        app.view.scoring.juror.clone().unwrap_or_default(),
    );
    match kind {
        EditorKind::Note(criterion) => change(
            app,
            &juror.clone(),
            Change::SetNote {
                entry,
                juror,
                criterion,
                note: value,
            },
        ),
        EditorKind::Comment => change(
            app,
            &juror.clone(),
            Change::SetComment {
                entry,
                juror,
                comment: value,
            },
        ),
        EditorKind::Rule(rule) => super::decide::finish(app, rule, text, value),
        EditorKind::Ineligible { entry } => {
            if value.trim().is_empty() {
                app.view.modal = Some(Modal::Editor {
                    kind: EditorKind::Ineligible { entry },
                    text,
                    error: Some(app.t(T::IneligibleReasonNeeded).into()),
                });
                return Step::None;
            }
            // An entry screened out on the day frees its slot: the later ones move up, and the
            // chair is told, since their times were already sent.
            let before = crate::model::days::plan(&app.desk.session);
            let e = change(
                app,
                "chair",
                Change::SetIneligible {
                    entry: entry.clone(),
                    reason: value,
                },
            );
            if e == Step::Save {
                let after = crate::model::days::plan(&app.desk.session);
                let moved = before
                    .iter()
                    .zip(&after)
                    .filter(|(b, a)| b.is_some() && a.is_some() && b != a)
                    .count();
                if moved > 0 {
                    let msg =
                        T::MarkedIneligibleShift.fill(app.view.lang, &[&entry, &moved.to_string()]);
                    app.view.status = Some((msg, true));
                } else {
                    info(app, T::MarkedIneligible.fill(app.view.lang, &[&entry]));
                }
            }
            e
        }
        EditorKind::Reason { entry, juror } => {
            if value.trim().is_empty() {
                // Keep the dialog open: a reopen needs a reason.
                app.view.modal = Some(Modal::Editor {
                    kind: EditorKind::Reason { entry, juror },
                    text,
                    error: Some(app.t(T::ReasonNeeded).into()),
                });
                return Step::None;
            }
            let name = app
                .desk
                .session
                .juror(&juror)
                .map(|j| j.name.clone())
                .unwrap_or_default();
            let e = change(
                app,
                "chair",
                Change::Reopen {
                    entry,
                    juror,
                    reason: value,
                },
            );
            if e == Step::Save {
                info(app, T::Reopened.fill(app.view.lang, &[&name]));
            }
            e
        }
    }
}

pub(super) fn confirm(app: &mut PairMut<'_>) -> Step {
    let Some(Modal::Confirm { pending, .. }) = app.view.modal.take() else {
        return Step::None;
    };
    match pending {
        Pending::Quit => Step::Quit,
        Pending::ResetTimer(entry) => change(app, "chair", Change::TimerReset { entry }),
        Pending::NextPhase(entry) => change(app, "chair", Change::TimerNext { entry }),
        Pending::Submit { entry, juror } => {
            let name = app
                .desk
                .session
                .juror(&juror)
                .map(|j| j.name.clone())
                .unwrap_or_default();
            let e = change(
                app,
                &juror.clone(),
                Change::Submit {
                    entry: entry.clone(),
                    juror,
                },
            );
            if e == Step::Save {
                leave_sheet(app);
                next_to_score(app, &entry);
                app.view.scoring.handoff = true;
                // "Submitted and saved" waits for the journal to have it on disk.
                let events = crate::model::audit::tip(&app.desk.session).0;
                app.desk.saving.confirm =
                    Some((events, T::SubmittedOk.fill(app.view.lang, &[&name])));
                info(app, T::SavingSheet.fill(app.view.lang, &[&name]));
            }
            e
        }
    }
}
