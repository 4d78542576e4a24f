//! The stage: the clock of the entry presenting.

use super::*;

pub(super) fn stage(app: &mut App, action: Action) -> Effect {
    let Some(entry) = app.session.current.clone() else {
        info(app, app.t(T::NoCurrent).into());
        return Effect::None;
    };
    let clock_key = matches!(
        action,
        Action::TimerToggle | Action::TimerNext | Action::TimerReset | Action::TimerUndo
    );
    if clock_key && app.stage_settle.is_some_and(|until| app.now < until) {
        // Keys still arriving in a burst are the rest of what was being typed elsewhere.
        app.stage_settle = Some(app.now + settle());
        app.status = Some((app.t(T::StageSettling).into(), true));
        return Effect::None;
    }
    match action {
        Action::TimerToggle if app.session.timer(&entry).is_some_and(|t| t.finished()) => {
            app.status = Some((app.t(T::TimerFinished).into(), true));
            Effect::None
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
                        .session
                        .entry(&entry)
                        .map(|e| e.title.clone())
                        .unwrap_or_default();
                    T::ConfirmShortPhase.fill(
                        app.lang,
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
                    app.modal = Some(Modal::Confirm {
                        question,
                        pending: Pending::NextPhase(entry),
                    });
                    Effect::None
                }
                None => change(app, "chair", Change::TimerNext { entry }),
            }
        }
        Action::TimerUndo => {
            let ended = app
                .session
                .timer(&entry)
                .is_some_and(|t| t.phases.iter().any(|p| p.ended.is_some()));
            if !ended {
                app.status = Some((app.t(T::NothingToUndo).into(), true));
                return Effect::None;
            }
            let e = change(
                app,
                "chair",
                Change::TimerUndo {
                    entry: entry.clone(),
                },
            );
            if e == Effect::Save
                && let Some(r) = reading(app, &entry)
            {
                let phase = match r.phase {
                    crate::model::timer::Phase::Presentation => T::PhaseLowerPresentation,
                    crate::model::timer::Phase::Interview => T::PhaseLowerInterview,
                };
                info(app, T::PhaseUndone.fill(app.lang, &[app.t(phase)]));
            }
            e
        }
        Action::TimerReset => {
            let title = app
                .session
                .entry(&entry)
                .map(|e| e.title.clone())
                .unwrap_or_default();
            app.modal = Some(Modal::Confirm {
                question: T::ConfirmReset.fill(app.lang, &[&title]),
                pending: Pending::ResetTimer(entry),
            });
            Effect::None
        }
        _ => Effect::None,
    }
}
