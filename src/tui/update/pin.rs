//! PIN prompts and the chair's actions they guard.

use super::*;

/// A chair action: done at once without PINs, else after the chair's PIN.
pub(super) fn chair(app: &mut App, act: ChairAction) -> Effect {
    let chair = crate::model::pin::CHAIR;
    if !app.session.security.pins {
        if act == ChairAction::Agenda(Action::TogglePins) {
            // Whoever turns PINs on chooses the chair's PIN there and then, twice: it is never
            // left for a later chair action, where anyone at the keyboard could claim it.
            new_pin(app, chair, AfterPin::Chair(act));
            return Effect::None;
        }
        return perform(app, act);
    }
    if matches!(act, ChairAction::Agenda(_)) && app.chair_unlocked {
        return perform(app, act);
    }
    if !app.session.security.pin_hashes.contains_key(chair) {
        // PINs turned on by an older juri, without a chair's PIN: it is set outside the screens.
        let file = app.path.display().to_string();
        app.status = Some((T::NoChairPin.fill(app.lang, &[&file]), true));
        return Effect::None;
    }
    ask_pin(app, chair, AfterPin::Chair(act));
    Effect::None
}

pub(super) fn perform(app: &mut App, act: ChairAction) -> Effect {
    match act {
        ChairAction::Agenda(Action::TogglePins) => {
            let on = !app.session.security.pins;
            let e = change(app, "chair", Change::SetPins { on });
            if e == Effect::Save {
                info(app, app.t(if on { T::PinsOn } else { T::PinsOff }).into());
            }
            e
        }
        ChairAction::Agenda(a) => agenda_do(app, a),
        ChairAction::Reopen { entry, juror } => {
            let mut text = TextArea::default();
            text.set_placeholder_text("…");
            if !app.theme.color {
                text.set_placeholder_style(ratatui::style::Style::default());
            }
            app.modal = Some(Modal::Editor {
                kind: EditorKind::Reason { entry, juror },
                text: Box::new(text),
                error: None,
            });
            Effect::None
        }
        ChairAction::ToggleBlind => {
            let on = !app.session.security.blind;
            change(app, "chair", Change::SetBlind { on })
        }
        ChairAction::CycleQuorum => {
            // None, then 2 up to the whole panel (a quorum of 1 is what none already means).
            let jurors = app.session.jurors.len() as u32;
            let quorum = match app.session.quorum {
                None if jurors >= 2 => Some(2),
                Some(q) if q < jurors => Some(q.max(1) + 1),
                _ => None,
            };
            let e = change(app, "chair", Change::SetQuorum { quorum });
            if e == Effect::Save {
                // Who is ranked changes everywhere: the board is read again.
                app.refresh_all();
                info(
                    app,
                    match quorum {
                        Some(q) => T::QuorumSet.fill(app.lang, &[&q.to_string()]),
                        None => app.t(T::QuorumNone).into(),
                    },
                );
            }
            e
        }
        ChairAction::Reveal => {
            app.standings.reveal = !app.standings.reveal;
            Effect::None
        }
        ChairAction::Export if app.exporting => Effect::None,
        ChairAction::Export => {
            app.exporting = true;
            info(app, app.t(T::Exporting).into());
            Effect::Export
        }
    }
}

pub(super) fn ask_pin(app: &mut App, who: &str, then: AfterPin) {
    let stage = if app.session.security.pin_hashes.contains_key(who) {
        PinStage::Enter
    } else {
        PinStage::New
    };
    pin_prompt(app, who, then, stage);
}

/// A prompt to choose a new PIN for `who`, whether or not there is one.
pub(super) fn new_pin(app: &mut App, who: &str, then: AfterPin) {
    pin_prompt(app, who, then, PinStage::New);
}

pub(super) fn pin_prompt(app: &mut App, who: &str, then: AfterPin, stage: PinStage) {
    app.modal = Some(Modal::Pin(PinPrompt {
        who: who.into(),
        then,
        stage,
        input: String::new(),
        or_chair: false,
        error: None,
    }));
}

pub(super) fn pin_key(app: &mut App, action: Action) -> Effect {
    let Some(Modal::Pin(p)) = &mut app.modal else {
        return Effect::None;
    };
    match action {
        // The last refusal answered the last Enter; typing again starts a new try.
        Action::Type(d) => {
            if p.input.len() < 8 {
                p.input.push(d);
            }
            p.error = None;
            Effect::None
        }
        Action::Backspace => {
            p.input.pop();
            p.error = None;
            Effect::None
        }
        _ => submit_pin(app),
    }
}

/// Why `who`'s PIN cannot be tried now, if it is locked.
pub(super) fn locked(app: &App, who: &str) -> Option<String> {
    app.session
        .security
        .lockouts
        .get(who)
        .filter(|until| **until > app.now)
        .map(|until| T::PinLocked.fill(app.lang, &[&until.format("%H:%M:%S").to_string()]))
}

pub(super) fn submit_pin(app: &mut App) -> Effect {
    let Some(Modal::Pin(mut p)) = app.modal.take() else {
        return Effect::None;
    };
    let input = std::mem::take(&mut p.input);
    if let Some(msg) = locked(app, &p.who) {
        p.error = Some(msg);
        app.modal = Some(Modal::Pin(p));
        return Effect::None;
    }
    match p.stage.clone() {
        PinStage::Enter => {
            let hashes = &app.session.security.pin_hashes;
            let ok = hashes
                .get(&p.who)
                .is_some_and(|h| crate::model::pin::check(&input, h))
                || (p.or_chair
                    && hashes
                        .get(crate::model::pin::CHAIR)
                        .is_some_and(|h| crate::model::pin::check(&input, h)));
            if ok {
                app.pin_failures.remove(&p.who);
                return after_pin(app, p.then);
            }
            let tries = app.pin_failures.entry(p.who.clone()).or_default();
            *tries += 1;
            let left = crate::model::pin::MAX_TRIES.saturating_sub(*tries);
            let mut effect = Effect::None;
            if left == 0 {
                app.pin_failures.remove(&p.who);
                let until = app.now + chrono::Duration::seconds(crate::model::pin::LOCKOUT_SECONDS);
                let who = p.who.clone();
                effect = change(app, &who.clone(), Change::PinLockout { who, until });
                p.error = locked(app, &p.who);
            } else if left == 1 {
                p.error = Some(app.t(T::PinWrongLast).into());
            } else {
                p.error = Some(T::PinWrong.fill(app.lang, &[&left.to_string()]));
            }
            app.modal = Some(Modal::Pin(p));
            effect
        }
        PinStage::New => {
            if crate::model::pin::valid(&input) {
                p.stage = PinStage::Repeat(input);
                p.error = None;
            } else {
                p.error = Some(app.t(T::PinInvalid).into());
            }
            app.modal = Some(Modal::Pin(p));
            Effect::None
        }
        PinStage::Repeat(first) => {
            if input != first {
                p.stage = PinStage::New;
                p.error = Some(app.t(T::PinMismatch).into());
                app.modal = Some(Modal::Pin(p));
                return Effect::None;
            }
            let hash = match crate::model::pin::hash(&input) {
                Ok(h) => h,
                Err(e) => {
                    p.error = Some(e);
                    app.modal = Some(Modal::Pin(p));
                    return Effect::None;
                }
            };
            let who = p.who.clone();
            let e = change(app, &who.clone(), Change::SetPin { who, hash });
            if e != Effect::Save {
                return e;
            }
            after_pin(app, p.then);
            Effect::Save
        }
    }
}

pub(super) fn after_pin(app: &mut App, then: AfterPin) -> Effect {
    match then {
        AfterPin::OpenSheet { entry, juror } => {
            open_sheet(app, entry, juror);
            Effect::None
        }
        AfterPin::ViewSheet { entry, juror } => {
            open_sheet(app, entry, juror);
            app.scoring.read_only = true;
            Effect::None
        }
        AfterPin::Chair(act) => {
            if matches!(act, ChairAction::Agenda(_)) {
                app.chair_unlocked = true;
            }
            perform(app, act)
        }
    }
}
