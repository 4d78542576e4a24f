//! The stage: the clock of the entry presenting.

use super::*;

pub(super) fn stage(app: &mut PairMut<'_>, action: Action) -> Step {
    let Some(entry) = app.desk.session.current.clone() else {
        info(app, app.t(T::NoCurrent).into());
        return Step::None;
    };
    let clock_key = matches!(
        action,
        Action::TimerToggle | Action::TimerNext | Action::TimerReset | Action::TimerUndo
    );
    if clock_key
        && app
            .view
            .stage_settle
            .is_some_and(|until| app.desk.now < until)
    {
        // Keys still arriving in a burst are the rest of what was being typed elsewhere.
        app.view.stage_settle = Some(app.desk.now + settle());
        app.view.status = Some((app.t(T::StageSettling).into(), true));
        return Step::None;
    }
    match action {
        Action::TimerToggle if app.desk.session.timer(&entry).is_some_and(|t| t.finished()) => {
            app.view.status = Some((app.t(T::TimerFinished).into(), true));
            Step::None
        }
        Action::TimerToggle => change(app, "chair", Change::TimerToggle { entry }),
        Action::TimerNext => {
            // A phase cut short is most often a key pressed twice: ask before ending it.
            let short = reading(app, &entry)
                .filter(|r| !r.finished && r.elapsed_ms * 2 < r.planned_ms)
                .map(|r| {
                    let phase = match r.phase {
                        crate::model::timer::Phase::Presentation => T::PhaseLowerPresentation,
                        crate::model::timer::Phase::Interview => T::PhaseLowerInterview,
                    };
                    let title = app
                        .desk
                        .session
                        .entry(&entry)
                        .map(|e| e.title.clone())
                        .unwrap_or_default();
                    T::ConfirmShortPhase.fill(
                        app.view.lang,
                        &[
                            app.t(phase),
                            &title,
                            &crate::model::timer::clock(r.elapsed_ms / 1000),
                            &crate::model::timer::clock(r.planned_ms / 1000),
                        ],
                    )
                });
            match short {
                Some(question) => {
                    app.view.modal = Some(Modal::Confirm {
                        question,
                        pending: Pending::NextPhase(entry),
                    });
                    Step::None
                }
                None => change(app, "chair", Change::TimerNext { entry }),
            }
        }
        Action::TimerUndo => {
            let ended = app
                .desk
                .session
                .timer(&entry)
                .is_some_and(|t| t.phases.iter().any(|p| p.ended.is_some()));
            if !ended {
                app.view.status = Some((app.t(T::NothingToUndo).into(), true));
                return Step::None;
            }
            let e = change(
                app,
                "chair",
                Change::TimerUndo {
                    entry: entry.clone(),
                },
            );
            if e == Step::Save
                && let Some(r) = reading(app, &entry)
            {
                let phase = match r.phase {
                    crate::model::timer::Phase::Presentation => T::PhaseLowerPresentation,
                    crate::model::timer::Phase::Interview => T::PhaseLowerInterview,
                };
                info(app, T::PhaseUndone.fill(app.view.lang, &[app.t(phase)]));
            }
            e
        }
        Action::TimerReset => {
            let title = app
                .desk
                .session
                .entry(&entry)
                .map(|e| e.title.clone())
                .unwrap_or_default();
            app.view.modal = Some(Modal::Confirm {
                question: T::ConfirmReset.fill(app.view.lang, &[&title]),
                pending: Pending::ResetTimer(entry),
            });
            Step::None
        }
        _ => Step::None,
    }
}
