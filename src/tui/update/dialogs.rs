//! The note, comment and reason editors and the yes/no questions.

use super::*;

pub(super) fn open_editor(app: &mut App, kind: EditorKind, text: &str) {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let area = if lines.is_empty() {
        TextArea::default()
    } else {
        TextArea::new(lines)
    };
    app.modal = Some(Modal::Editor {
        kind,
        text: Box::new(area),
        error: None,
    });
}

pub(super) fn editor(app: &mut App, action: Action) -> Effect {
    let Some(Modal::Editor { text, error, .. }) = &mut app.modal else {
        return Effect::None;
    };
    // The keymap gives Esc to a note or comment (keeps it) and Enter to a reason (reopens);
    // Esc on a reason cancels like any dialog.
    match action {
        Action::EditorKey(ev) => {
            text.input(ev);
            *error = None;
            Effect::None
        }
        Action::EditorClear => {
            **text = TextArea::default();
            *error = None;
            Effect::None
        }
        Action::EditorDone => finish_editor(app),
        _ => Effect::None,
    }
}

pub(super) fn finish_editor(app: &mut App) -> Effect {
    let Some(Modal::Editor { kind, text, .. }) = app.modal.take() else {
        return Effect::None;
    };
    let value = text.lines().join("\n").trim_end().to_string();
    let (entry, juror) = (
        app.scoring.entry.clone().unwrap_or_default(),
        app.scoring.juror.clone().unwrap_or_default(),
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
        EditorKind::Reason { entry, juror } => {
            if value.trim().is_empty() {
                // Keep the dialog open: a reopen needs a reason.
                app.modal = Some(Modal::Editor {
                    kind: EditorKind::Reason { entry, juror },
                    text,
                    error: Some(app.t(T::ReasonNeeded).into()),
                });
                return Effect::None;
            }
            let name = app
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
            if e == Effect::Save {
                info(app, T::Reopened.fill(app.lang, &[&name]));
            }
            e
        }
    }
}

pub(super) fn confirm(app: &mut App) -> Effect {
    let Some(Modal::Confirm { pending, .. }) = app.modal.take() else {
        return Effect::None;
    };
    match pending {
        Pending::Quit => {
            app.quit = true;
            Effect::Quit
        }
        Pending::ResetTimer(entry) => change(app, "chair", Change::TimerReset { entry }),
        Pending::NextPhase(entry) => change(app, "chair", Change::TimerNext { entry }),
        Pending::Submit { entry, juror } => {
            let name = app
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
            if e == Effect::Save {
                leave_sheet(app);
                next_to_score(app, &entry);
                app.scoring.handoff = true;
                // "Submitted and saved" waits for the journal to have it on disk.
                let events = crate::model::audit::tip(&app.session).0;
                app.saving.confirm = Some((events, T::SubmittedOk.fill(app.lang, &[&name])));
                info(app, T::SavingSheet.fill(app.lang, &[&name]));
            }
            e
        }
    }
}
