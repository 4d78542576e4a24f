//! PIN prompts and the chair's actions they guard.

use super::*;

/// A chair action: done at once without PINs, else after the chair's PIN.
pub(super) fn chair(app: &mut PairMut<'_>, act: ChairAction) -> Step {
    let chair = crate::model::pin::CHAIR;
    if !app.desk.session.security.pins {
        if act == ChairAction::Agenda(Action::TogglePins) {
            // Whoever turns PINs on chooses the chair's PIN there and then, twice: it is never
            // left for a later chair action, where anyone at the keyboard could claim it.
            new_pin(app, chair, AfterPin::Chair(act));
            return Step::None;
        }
        return perform(app, act);
    }
    if matches!(act, ChairAction::Agenda(_)) && app.view.chair_unlocked {
        return perform(app, act);
    }
    if !app.desk.session.security.pin_hashes.contains_key(chair) {
        // PINs turned on by an older juri, without a chair's PIN: it is set outside the screens.
        let file = app.desk.path.display().to_string();
        app.view.status = Some((T::NoChairPin.fill(app.view.lang, &[&file]), true));
        return Step::None;
    }
    ask_pin(app, chair, AfterPin::Chair(act));
    Step::None
}

pub(super) fn perform(app: &mut PairMut<'_>, act: ChairAction) -> Step {
    match act {
        ChairAction::Agenda(Action::TogglePins) => {
            let on = !app.desk.session.security.pins;
            let e = change(app, "chair", Change::SetPins { on });
            if e == Step::Save {
                info(app, app.t(if on { T::PinsOn } else { T::PinsOff }).into());
            }
            e
        }
        ChairAction::Agenda(a) => agenda_do(app, a),
        ChairAction::Reopen { entry, juror } => {
            let mut text = TextArea::default();
            text.set_placeholder_text("…");
            if !app.view.theme.color {
                text.set_placeholder_style(ratatui::style::Style::default());
            }
            app.view.modal = Some(Modal::Editor {
                kind: EditorKind::Reason { entry, juror },
                text: Box::new(text),
                error: None,
            });
            Step::None
        }
        ChairAction::ToggleBlind => {
            let on = !app.desk.session.security.blind;
            change(app, "chair", Change::SetBlind { on })
        }
        ChairAction::CycleQuorum => {
            // None, then 2 up to the whole panel (a quorum of 1 is what none already means).
            let jurors = app.desk.session.jurors.len() as u32;
            let quorum = match app.desk.session.quorum {
                None if jurors >= 2 => Some(2),
                Some(q) if q < jurors => Some(q.max(1) + 1),
                _ => None,
            };
            let e = change(app, "chair", Change::SetQuorum { quorum });
            if e == Step::Save {
                // Who is ranked changes everywhere: the board is read again.
                app.refresh_all();
                info(
                    app,
                    match quorum {
                        Some(q) => T::QuorumSet.fill(app.view.lang, &[&q.to_string()]),
                        None => app.t(T::QuorumNone).into(),
                    },
                );
            }
            e
        }
        ChairAction::Reveal => {
            app.view.standings.reveal = !app.view.standings.reveal;
            Step::None
        }
        ChairAction::Rule(kind) => super::decide::open(app, kind),
        ChairAction::ToggleFlags => super::decide::toggle_flags(app),
        ChairAction::Export if app.desk.exporting => Step::None,
        ChairAction::Export => {
            app.desk.exporting = true;
            info(app, app.t(T::Exporting).into());
            Step::Export
        }
    }
}

pub(super) fn ask_pin(app: &mut PairMut<'_>, who: &str, then: AfterPin) {
    let stage = if app.desk.session.security.pin_hashes.contains_key(who) {
        PinStage::Enter
    } else {
        PinStage::New
    };
    pin_prompt(app, who, then, stage);
}

/// A prompt to choose a new PIN for `who`, whether or not there is one.
pub(super) fn new_pin(app: &mut PairMut<'_>, who: &str, then: AfterPin) {
    pin_prompt(app, who, then, PinStage::New);
}

pub(super) fn pin_prompt(app: &mut PairMut<'_>, who: &str, then: AfterPin, stage: PinStage) {
    app.view.modal = Some(Modal::Pin(PinPrompt {
        who: who.into(),
        then,
        stage,
        input: String::new(),
        or_chair: false,
        error: None,
    }));
}

pub(super) fn pin_key(app: &mut PairMut<'_>, action: Action) -> Step {
    let Some(Modal::Pin(p)) = &mut app.view.modal else {
        return Step::None;
    };
    match action {
        // The last refusal answered the last Enter; typing again starts a new try.
        Action::Type(d) => {
            if p.input.len() < 8 {
                p.input.push(d);
            }
            p.error = None;
            Step::None
        }
        Action::Backspace => {
            p.input.pop();
            p.error = None;
            Step::None
        }
        _ => submit_pin(app),
    }
}

/// Why `who`'s PIN cannot be tried now, if it is locked.
pub(super) fn locked(app: &PairMut<'_>, who: &str) -> Option<String> {
    app.desk
        .session
        .security
        .lockouts
        .get(who)
        .filter(|until| **until > app.desk.now)
        .map(|until| T::PinLocked.fill(app.view.lang, &[&until.format("%H:%M:%S").to_string()]))
}

pub(super) fn submit_pin(app: &mut PairMut<'_>) -> Step {
    let Some(Modal::Pin(mut p)) = app.view.modal.take() else {
        return Step::None;
    };
    let input = std::mem::take(&mut p.input);
    if let Some(msg) = locked(app, &p.who) {
        p.error = Some(msg);
        app.view.modal = Some(Modal::Pin(p));
        return Step::None;
    }
    match p.stage.clone() {
        PinStage::Enter => {
            let hashes = &app.desk.session.security.pin_hashes;
            let ok = hashes
                .get(&p.who)
                .is_some_and(|h| crate::model::pin::check(&input, h))
                || (p.or_chair
                    && hashes
                        .get(crate::model::pin::CHAIR)
                        .is_some_and(|h| crate::model::pin::check(&input, h)));
            if ok {
                app.desk.pin_failures.remove(&p.who);
                return after_pin(app, p.then);
            }
            let tries = app.desk.pin_failures.entry(p.who.clone()).or_default();
            *tries += 1;
            let left = crate::model::pin::MAX_TRIES.saturating_sub(*tries);
            let mut effect = Step::None;
            if left == 0 {
                app.desk.pin_failures.remove(&p.who);
                let until =
                    app.desk.now + chrono::Duration::seconds(crate::model::pin::LOCKOUT_SECONDS);
                let who = p.who.clone();
                effect = change(app, &who.clone(), Change::PinLockout { who, until });
                p.error = locked(app, &p.who);
            } else if left == 1 {
                p.error = Some(app.t(T::PinWrongLast).into());
            } else {
                p.error = Some(T::PinWrong.fill(app.view.lang, &[&left.to_string()]));
            }
            app.view.modal = Some(Modal::Pin(p));
            effect
        }
        PinStage::New => {
            if crate::model::pin::valid(&input) {
                p.stage = PinStage::Repeat(input);
                p.error = None;
            } else {
                p.error = Some(app.t(T::PinInvalid).into());
            }
            app.view.modal = Some(Modal::Pin(p));
            Step::None
        }
        PinStage::Repeat(first) => {
            if input != first {
                p.stage = PinStage::New;
                p.error = Some(app.t(T::PinMismatch).into());
                app.view.modal = Some(Modal::Pin(p));
                return Step::None;
            }
            let hash = match crate::model::pin::hash(&input) {
                Ok(h) => h,
                Err(e) => {
                    p.error = Some(e);
                    app.view.modal = Some(Modal::Pin(p));
                    return Step::None;
                }
            };
            let who = p.who.clone();
            let e = change(app, &who.clone(), Change::SetPin { who, hash });
            if e != Step::Save {
                return e;
            }
            after_pin(app, p.then);
            Step::Save
        }
    }
}

pub(super) fn after_pin(app: &mut PairMut<'_>, then: AfterPin) -> Step {
    match then {
        AfterPin::OpenSheet { entry, juror } => {
            open_sheet(app, entry, juror);
            Step::None
        }
        AfterPin::ViewSheet { entry, juror } => {
            open_sheet(app, entry, juror);
            app.view.scoring.read_only = true;
            Step::None
        }
        AfterPin::Chair(act) => {
            if matches!(act, ChairAction::Agenda(_)) {
                app.view.chair_unlocked = true;
            }
            perform(app, act)
        }
    }
}
