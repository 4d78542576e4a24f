//! Scoring: the juror picker, the sheet, typed values.

use super::*;

pub(super) fn open_sheet(app: &mut App, entry: String, juror: String) {
    app.scoring.entry = Some(entry);
    app.scoring.juror = Some(juror);
    app.scoring.row = 0;
    app.scoring.buffer = None;
    app.scoring.error = None;
    app.scoring.handoff = false;
    app.scoring.read_only = false;
}

pub(super) fn pick(app: &mut App, action: Action) -> Effect {
    let Some(entry) = app.scoring_entry().map(str::to_string) else {
        return Effect::None;
    };
    let n = app.session.jurors.len();
    match action {
        Action::Up | Action::Down => {
            app.scoring.juror_cursor = moved(app.scoring.juror_cursor, n, &action, 1);
            Effect::None
        }
        Action::PrevEntry | Action::NextEntry => {
            let entries = &app.session.entries;
            if let Some(i) = app.session.entry_pos(&entry) {
                let j = if action == Action::PrevEntry {
                    i.saturating_sub(1)
                } else {
                    (i + 1).min(entries.len() - 1)
                };
                app.scoring.entry = Some(entries[j].id.clone());
            }
            Effect::None
        }
        Action::Select => {
            let Some(j) = app.session.jurors.get(app.scoring.juror_cursor) else {
                return Effect::None;
            };
            let (jid, name) = (j.id.clone(), j.name.clone());
            if app.session.conflicted(&jid, &entry) {
                app.status = Some((format!("{name}: {}", app.t(T::JurorConflict)), true));
                return Effect::None;
            }
            if app
                .session
                .sheet(&entry, &jid)
                .is_some_and(|s| s.is_submitted())
            {
                return view(app, entry, jid);
            }
            if app.session.security.pins {
                ask_pin(
                    app,
                    &jid,
                    AfterPin::OpenSheet {
                        entry,
                        juror: jid.clone(),
                    },
                );
            } else {
                open_sheet(app, entry, jid);
            }
            Effect::None
        }
        Action::ToggleMask => {
            app.masked = !app.masked;
            Effect::None
        }
        Action::Reopen => {
            let Some(j) = app.session.jurors.get(app.scoring.juror_cursor) else {
                return Effect::None;
            };
            let jid = j.id.clone();
            if app
                .session
                .sheet(&entry, &jid)
                .is_some_and(|s| s.is_submitted())
            {
                return chair(app, ChairAction::Reopen { entry, juror: jid });
            }
            app.status = Some((app.t(T::NotSubmitted).into(), true));
            Effect::None
        }
        _ => Effect::None,
    }
}

/// A submitted sheet, read-only, for its juror or the chair: nothing is written, not even to
/// the audit log. With PINs on, either one's PIN opens it.
pub(super) fn view(app: &mut App, entry: String, juror: String) -> Effect {
    let then = AfterPin::ViewSheet {
        entry: entry.clone(),
        juror: juror.clone(),
    };
    if !app.session.security.pins {
        return after_pin(app, then);
    }
    let hashes = &app.session.security.pin_hashes;
    let (own, chair) = (
        hashes.contains_key(&juror),
        hashes.contains_key(crate::model::pin::CHAIR),
    );
    let who = if own {
        juror.as_str()
    } else {
        crate::model::pin::CHAIR
    };
    if !own && !chair {
        let file = app.path.display().to_string();
        app.status = Some((T::NoChairPin.fill(app.lang, &[&file]), true));
        return Effect::None;
    }
    pin_prompt(app, who, then, PinStage::Enter);
    if let Some(Modal::Pin(p)) = &mut app.modal {
        p.or_chair = own && chair;
    }
    Effect::None
}

pub(super) fn view_sheet(app: &mut App, action: Action) -> Effect {
    let n = app.session.rubric.criteria.len();
    match action {
        Action::Up | Action::Down => {
            app.scoring.row = moved(app.scoring.row, n, &action, 1);
        }
        Action::Leave => {
            leave_sheet(app);
            app.scoring.handoff = true;
        }
        Action::ToggleMask => app.masked = !app.masked,
        _ => {}
    }
    Effect::None
}

pub(super) fn sheet(app: &mut App, action: Action) -> Effect {
    let (Some(entry), Some(juror)) = (app.scoring.entry.clone(), app.scoring.juror.clone()) else {
        return Effect::None;
    };
    let crits = &app.session.rubric.criteria;
    let Some(crit) = crits.get(app.scoring.row).cloned() else {
        return Effect::None;
    };
    let current = app
        .session
        .sheet(&entry, &juror)
        .and_then(|s| s.values.get(&crit.id).copied());
    let set = |value: Option<f64>| Change::SetValue {
        entry: entry.clone(),
        juror: juror.clone(),
        criterion: crit.id.clone(),
        value,
    };
    match action {
        // Moving on keeps what was typed; a value that is not accepted is not silently
        // dropped: it is fixed or cleared first.
        Action::Up | Action::Down => {
            let Some(effect) = keep_typed(app) else {
                return Effect::None;
            };
            let n = app.session.rubric.criteria.len();
            app.scoring.row = moved(app.scoring.row, n, &action, 1);
            effect
        }
        Action::Type(ch) => {
            let ch = if ch == ',' { '.' } else { ch };
            let mut buf = app.scoring.buffer.take().unwrap_or_default();
            if buf.len() < 12 {
                buf.push(ch);
            }
            typed(app, buf)
        }
        Action::NotAValue(key) => {
            let (lo, hi, step) = (fmt_num(crit.min), fmt_num(crit.max), fmt_num(crit.step));
            let msg = if crit.step == 1.0 {
                T::ValueTakes.fill(app.lang, &[&key.to_string(), &lo, &hi])
            } else {
                T::ValueTakesStep.fill(app.lang, &[&key.to_string(), &lo, &hi, &step])
            };
            app.status = Some((msg, true));
            Effect::None
        }
        // Erasing edits what the cell shows; an emptied cell is cleared when the juror
        // moves on, like any typed value.
        Action::Backspace => {
            let mut buf = match app.scoring.buffer.take() {
                Some(b) => b,
                None => current.map(fmt_num).unwrap_or_default(),
            };
            buf.pop();
            typed(app, buf)
        }
        Action::StepUp | Action::StepDown => {
            let steps = if action == Action::StepUp { 1 } else { -1 };
            // From what is typed, when it is a value; else from what is saved.
            let from = app
                .scoring
                .buffer
                .take()
                .and_then(|b| check_typed(app, &b).ok())
                .or(current);
            app.scoring.error = None;
            let v = crit.stepped(from, steps);
            if Some(v) == current {
                return Effect::None;
            }
            change(app, &juror, set(Some(v)))
        }
        Action::EditNote => {
            // The note is about the value: what is typed is kept first, if it can be.
            let Some(effect) = keep_typed(app) else {
                return Effect::None;
            };
            let note = app
                .session
                .sheet(&entry, &juror)
                .and_then(|s| s.notes.get(&crit.id).cloned())
                .unwrap_or_default();
            open_editor(app, EditorKind::Note(crit.id.clone()), &note);
            effect
        }
        Action::EditComment => {
            let Some(effect) = keep_typed(app) else {
                return Effect::None;
            };
            let comment = app
                .session
                .sheet(&entry, &juror)
                .map(|s| s.comment.clone())
                .unwrap_or_default();
            open_editor(app, EditorKind::Comment, &comment);
            effect
        }
        Action::Submit => {
            let Some(effect) = keep_typed(app) else {
                return Effect::None;
            };
            let crits = &app.session.rubric.criteria;
            let sheet = app.session.sheet(&entry, &juror);
            let filled = sheet.map_or(0, |s| {
                crits
                    .iter()
                    .filter(|c| s.values.contains_key(&c.id))
                    .count()
            });
            if filled < crits.len() {
                let missing = (crits.len() - filled).to_string();
                let msg = T::Missing.fill(app.lang, &[&missing, &crits.len().to_string()]);
                app.status = Some((msg, true));
                return effect;
            }
            let total = if app.masked {
                "••.••".to_string()
            } else {
                sheet
                    .and_then(|s| partial_total(&app.session, &s.values))
                    .map(|t| t.fixed(2))
                    .unwrap_or_default()
            };
            let name = app
                .session
                .juror(&juror)
                .map(|j| j.name.clone())
                .unwrap_or_default();
            let title = app
                .session
                .entry(&entry)
                .map(|e| e.title.clone())
                .unwrap_or_default();
            app.modal = Some(Modal::Confirm {
                question: T::ConfirmSubmit.fill(app.lang, &[&name, &title, &total]),
                pending: Pending::Submit { entry, juror },
            });
            effect
        }
        Action::Leave => {
            let Some(effect) = keep_typed(app) else {
                return Effect::None;
            };
            leave_sheet(app);
            app.scoring.handoff = true;
            effect
        }
        Action::ToggleMask => {
            app.masked = !app.masked;
            Effect::None
        }
        _ => Effect::None,
    }
}

/// A typed value is saved when the juror moves on from it (`keep_typed`): until then any
/// prefix may be on its way to another value ("15" to "150", "7" to "7.5"), and none is ever
/// stored as if the juror had chosen it. A refusal is shown as soon as no more keys can make
/// the value one of the scale.
pub(super) fn typed(app: &mut App, buf: String) -> Effect {
    if buf.is_empty() {
        app.scoring.buffer = Some(buf);
        app.scoring.error = None;
        return Effect::None;
    }
    let crit = &app.session.rubric.criteria[app.scoring.row];
    // "7." is on its way to decimals (or to 7: Enter keeps it).
    let grows = (buf.ends_with('.') && buf.matches('.').count() == 1) || crit.may_grow(&buf);
    let check = check_typed(app, &buf);
    app.scoring.buffer = Some(buf);
    app.scoring.error = match check {
        Err(why) if !grows => Some(why),
        _ => None,
    };
    Effect::None
}

/// The typed text as a value of the highlighted criterion, or why it is not one.
pub(super) fn check_typed(app: &App, buf: &str) -> Result<f64, String> {
    let crit = &app.session.rubric.criteria[app.scoring.row];
    match buf.parse::<f64>() {
        // With masked entry on, a refusal says why without repeating the value.
        Ok(v) => crit.check_value(v).map(|_| v).map_err(|why| {
            if app.masked {
                app.t(T::ValueRefused).to_string()
            } else {
                why.text(app.lang)
            }
        }),
        Err(_) if app.masked => Err(app.t(T::ValueRefused).to_string()),
        Err(_) => Err(ValueError::NotANumber { text: buf.into() }.text(app.lang)),
    }
}

/// The value saved for the highlighted criterion of the open sheet.
pub(super) fn saved_value(app: &App) -> Option<f64> {
    let (entry, juror) = (app.scoring.entry.as_deref()?, app.scoring.juror.as_deref()?);
    let crit = app.session.rubric.criteria.get(app.scoring.row)?;
    app.session
        .sheet(entry, juror)?
        .values
        .get(&crit.id)
        .copied()
}

/// Before the juror moves on from a value: saves what is typed if it is a value (the effect of
/// saving it), or refuses to move on (`None`) and says why.
pub(super) fn keep_typed(app: &mut App) -> Option<Effect> {
    let Some(buf) = app.scoring.buffer.clone() else {
        return Some(Effect::None);
    };
    let typed = if buf.is_empty() {
        Ok(None)
    } else {
        check_typed(app, &buf).map(Some)
    };
    match typed {
        Ok(v) => {
            app.scoring.buffer = None;
            app.scoring.error = None;
            if saved_value(app) == v {
                return Some(Effect::None);
            }
            let juror = app.scoring.juror.clone().unwrap_or_default();
            let entry = app.scoring.entry.clone().unwrap_or_default();
            let criterion = app.session.rubric.criteria[app.scoring.row].id.clone();
            let effect = change(
                app,
                &juror.clone(),
                Change::SetValue {
                    entry,
                    juror,
                    criterion,
                    value: v,
                },
            );
            (effect == Effect::Save).then_some(effect)
        }
        Err(why) => {
            app.scoring.error = Some(why);
            app.status = Some((app.t(T::FixFirst).into(), true));
            None
        }
    }
}

/// Why a value does not fit a criterion's scale, in the screen's language.
pub(super) fn leave_sheet(app: &mut App) {
    app.scoring.juror = None;
    app.scoring.read_only = false;
    app.scoring.buffer = None;
    app.scoring.error = None;
    app.scoring.row = 0;
}

/// Puts the picker on the next juror after the cursor (wrapping) who still has to score
/// `entry`: the one who just submitted is done.
pub(super) fn next_to_score(app: &mut App, entry: &str) {
    let s = &app.session;
    let n = s.jurors.len();
    let from = app.scoring.juror_cursor;
    let next = (1..=n).map(|k| (from + k) % n).find(|&i| {
        let id = &s.jurors[i].id;
        !s.conflicted(id, entry) && s.sheet(entry, id).is_none_or(|sh| !sh.is_submitted())
    });
    if let Some(i) = next {
        app.scoring.juror_cursor = i;
    }
}
