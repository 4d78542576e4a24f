//! Scoring: the juror picker, the sheet, typed values.

use super::*;

pub(super) fn open_sheet(app: &mut PairMut<'_>, entry: String, juror: String) {
    app.view.scoring.entry = Some(entry);
    app.view.scoring.juror = Some(juror);
    app.view.scoring.row = 0;
    app.view.scoring.buffer = None;
    app.view.scoring.error = None;
    app.view.scoring.handoff = false;
    app.view.scoring.read_only = false;
}

pub(super) fn pick(app: &mut PairMut<'_>, action: Action) -> Step {
    let Some(entry) = app.scoring_entry().map(str::to_string) else {
        return Step::None;
    };
    let n = app.desk.session.jurors.len();
    match action {
        Action::Up | Action::Down => {
            app.view.scoring.juror_cursor = moved(app.view.scoring.juror_cursor, n, &action, 1);
            Step::None
        }
        Action::PrevEntry | Action::NextEntry => {
            let entries = &app.desk.session.entries;
            if let Some(i) = app.desk.session.entry_pos(&entry) {
                let j = if action == Action::PrevEntry {
                    i.saturating_sub(1)
                } else {
                    (i + 1).min(entries.len() - 1)
                };
                app.view.scoring.entry = Some(entries[j].id.clone());
            }
            Step::None
        }
        Action::Select => {
            let Some(j) = app.desk.session.jurors.get(app.view.scoring.juror_cursor) else {
                return Step::None;
            };
            let (jid, name) = (j.id.clone(), j.name.clone());
            if app.desk.session.conflicted(&jid, &entry) {
                app.view.status = Some((format!("{name}: {}", app.t(T::JurorConflict)), true));
                return Step::None;
            }
            if app
                .desk
                .session
                .sheet(&entry, &jid)
                .is_some_and(|s| s.is_submitted())
            {
                return view(app, entry, jid);
            }
            // An entry that does not compete is never scored: no sheet opens for it.
            if let Some(e) = app.desk.session.entry(&entry)
                && !e.status.competes()
            {
                let why = crate::error::Refusal::NotScorable {
                    entry: entry.clone(),
                    status: e.status.as_str(),
                };
                app.view.status = Some((why.text(app.view.lang), true));
                return Step::None;
            }
            if app.desk.session.security.pins {
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
            Step::None
        }
        Action::ToggleMask => {
            app.view.masked = !app.view.masked;
            Step::None
        }
        Action::Reopen => {
            let Some(j) = app.desk.session.jurors.get(app.view.scoring.juror_cursor) else {
                return Step::None;
            };
            let jid = j.id.clone();
            if app
                .desk
                .session
                .sheet(&entry, &jid)
                .is_some_and(|s| s.is_submitted())
            {
                return chair(app, ChairAction::Reopen { entry, juror: jid });
            }
            app.view.status = Some((app.t(T::NotSubmitted).into(), true));
            Step::None
        }
        _ => Step::None,
    }
}

/// A submitted sheet, read-only, for its juror or the chair: nothing is written, not even to
/// the audit log. With PINs on, either one's PIN opens it.
pub(super) fn view(app: &mut PairMut<'_>, entry: String, juror: String) -> Step {
    let then = AfterPin::ViewSheet {
        entry: entry.clone(),
        juror: juror.clone(),
    };
    if !app.desk.session.security.pins {
        return after_pin(app, then);
    }
    let hashes = &app.desk.session.security.pin_hashes;
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
        let file = app.desk.path.display().to_string();
        app.view.status = Some((T::NoChairPin.fill(app.view.lang, &[&file]), true));
        return Step::None;
    }
    pin_prompt(app, who, then, PinStage::Enter);
    if let Some(Modal::Pin(p)) = &mut app.view.modal {
        p.or_chair = own && chair;
    }
    Step::None
}

pub(super) fn view_sheet(app: &mut PairMut<'_>, action: Action) -> Step {
    let n = app.desk.session.rubric.criteria.len();
    match action {
        Action::Up | Action::Down => {
            app.view.scoring.row = moved(app.view.scoring.row, n, &action, 1);
        }
        Action::Leave => {
            leave_sheet(app);
            app.view.scoring.handoff = true;
        }
        Action::ToggleMask => app.view.masked = !app.view.masked,
        _ => {}
    }
    Step::None
}

pub(super) fn sheet(app: &mut PairMut<'_>, action: Action) -> Step {
    let (Some(entry), Some(juror)) = (
        app.view.scoring.entry.clone(),
        app.view.scoring.juror.clone(),
    ) else {
        return Step::None;
    };
    let crits = &app.desk.session.rubric.criteria;
    let Some(crit) = crits.get(app.view.scoring.row).cloned() else {
        return Step::None;
    };
    let current = app
        .desk
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
                return Step::None;
            };
            let n = app.desk.session.rubric.criteria.len();
            app.view.scoring.row = moved(app.view.scoring.row, n, &action, 1);
            effect
        }
        Action::Type(ch) => {
            let ch = if ch == ',' { '.' } else { ch };
            let mut buf = app.view.scoring.buffer.take().unwrap_or_default();
            if buf.len() < 12 {
                buf.push(ch);
            }
            typed(app, buf)
        }
        Action::NotAValue(key) => {
            let (lo, hi, step) = (fmt_num(crit.min), fmt_num(crit.max), fmt_num(crit.step));
            let msg = if crit.step == 1.0 {
                T::ValueTakes.fill(app.view.lang, &[&key.to_string(), &lo, &hi])
            } else {
                T::ValueTakesStep.fill(app.view.lang, &[&key.to_string(), &lo, &hi, &step])
            };
            app.view.status = Some((msg, true));
            Step::None
        }
        // Erasing edits what the cell shows; an emptied cell is cleared when the juror
        // moves on, like any typed value.
        Action::Backspace => {
            let mut buf = match app.view.scoring.buffer.take() {
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
                .view
                .scoring
                .buffer
                .take()
                .and_then(|b| check_typed(app, &b).ok())
                .or(current);
            app.view.scoring.error = None;
            let v = crit.stepped(from, steps);
            if Some(v) == current {
                return Step::None;
            }
            change(app, &juror, set(Some(v)))
        }
        Action::EditNote => {
            // The note is about the value: what is typed is kept first, if it can be.
            let Some(effect) = keep_typed(app) else {
                return Step::None;
            };
            let note = app
                .desk
                .session
                .sheet(&entry, &juror)
                .and_then(|s| s.notes.get(&crit.id).cloned())
                .unwrap_or_default();
            open_editor(app, EditorKind::Note(crit.id.clone()), &note);
            effect
        }
        Action::EditComment => {
            let Some(effect) = keep_typed(app) else {
                return Step::None;
            };
            let comment = app
                .desk
                .session
                .sheet(&entry, &juror)
                .map(|s| s.comment.clone())
                .unwrap_or_default();
            open_editor(app, EditorKind::Comment, &comment);
            effect
        }
        Action::Submit => {
            let Some(effect) = keep_typed(app) else {
                return Step::None;
            };
            let crits = &app.desk.session.rubric.criteria;
            let sheet = app.desk.session.sheet(&entry, &juror);
            let filled = sheet.map_or(0, |s| {
                crits
                    .iter()
                    .filter(|c| s.values.contains_key(&c.id))
                    .count()
            });
            if filled < crits.len() {
                let missing = (crits.len() - filled).to_string();
                let msg = T::Missing.fill(app.view.lang, &[&missing, &crits.len().to_string()]);
                app.view.status = Some((msg, true));
                return effect;
            }
            let total = if app.view.masked {
                "••.••".to_string()
            } else {
                sheet
                    .and_then(|s| partial_total(&app.desk.session, &s.values))
                    .map(|t| t.fixed(2))
                    .unwrap_or_default()
            };
            let name = app
                .desk
                .session
                .juror(&juror)
                .map(|j| j.name.clone())
                .unwrap_or_default();
            let title = app
                .desk
                .session
                .entry(&entry)
                .map(|e| e.title.clone())
                .unwrap_or_default();
            app.view.modal = Some(Modal::Confirm {
                question: T::ConfirmSubmit.fill(app.view.lang, &[&name, &title, &total]),
                pending: Pending::Submit { entry, juror },
            });
            effect
        }
        Action::Leave => {
            let Some(effect) = keep_typed(app) else {
                return Step::None;
            };
            leave_sheet(app);
            app.view.scoring.handoff = true;
            effect
        }
        Action::ToggleMask => {
            app.view.masked = !app.view.masked;
            Step::None
        }
        _ => Step::None,
    }
}

/// A typed value is saved when the juror moves on from it (`keep_typed`): until then any
/// prefix may be on its way to another value ("15" to "150", "7" to "7.5"), and none is ever
/// stored as if the juror had chosen it. A refusal is shown as soon as no more keys can make
/// the value one of the scale.
pub(super) fn typed(app: &mut PairMut<'_>, buf: String) -> Step {
    if buf.is_empty() {
        app.view.scoring.buffer = Some(buf);
        app.view.scoring.error = None;
        return Step::None;
    }
    let crit = &app.desk.session.rubric.criteria[app.view.scoring.row];
    // "7." is on its way to decimals (or to 7: Enter keeps it).
    let grows = (buf.ends_with('.') && buf.matches('.').count() == 1) || crit.may_grow(&buf);
    let check = check_typed(app, &buf);
    app.view.scoring.buffer = Some(buf);
    app.view.scoring.error = match check {
        Err(why) if !grows => Some(why),
        _ => None,
    };
    Step::None
}

/// The typed text as a value of the highlighted criterion, or why it is not one.
pub(super) fn check_typed(app: &PairMut<'_>, buf: &str) -> Result<f64, String> {
    let crit = &app.desk.session.rubric.criteria[app.view.scoring.row];
    match buf.parse::<f64>() {
        // With masked entry on, a refusal says why without repeating the value.
        Ok(v) => crit.check_value(v).map(|_| v).map_err(|why| {
            if app.view.masked {
                app.t(T::ValueRefused).to_string()
            } else {
                why.text(app.view.lang)
            }
        }),
        Err(_) if app.view.masked => Err(app.t(T::ValueRefused).to_string()),
        Err(_) => Err(ValueError::NotANumber { text: buf.into() }.text(app.view.lang)),
    }
}

/// The value saved for the highlighted criterion of the open sheet.
pub(super) fn saved_value(app: &PairMut<'_>) -> Option<f64> {
    let (entry, juror) = (
        app.view.scoring.entry.as_deref()?,
        app.view.scoring.juror.as_deref()?,
    );
    let crit = app.desk.session.rubric.criteria.get(app.view.scoring.row)?;
    app.desk
        .session
        .sheet(entry, juror)?
        .values
        .get(&crit.id)
        .copied()
}

/// Before the juror moves on from a value: saves what is typed if it is a value (the effect of
/// saving it), or refuses to move on (`None`) and says why.
pub(super) fn keep_typed(app: &mut PairMut<'_>) -> Option<Step> {
    let Some(buf) = app.view.scoring.buffer.clone() else {
        return Some(Step::None);
    };
    let typed = if buf.is_empty() {
        Ok(None)
    } else {
        check_typed(app, &buf).map(Some)
    };
    match typed {
        Ok(v) => {
            app.view.scoring.buffer = None;
            app.view.scoring.error = None;
            if saved_value(app) == v {
                return Some(Step::None);
            }
            let juror = app.view.scoring.juror.clone().unwrap_or_default();
            let entry = app.view.scoring.entry.clone().unwrap_or_default();
            let criterion = app.desk.session.rubric.criteria[app.view.scoring.row]
                .id
                .clone();
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
            (effect == Step::Save).then_some(effect)
        }
        Err(why) => {
            app.view.scoring.error = Some(why);
            app.view.status = Some((app.t(T::FixFirst).into(), true));
            None
        }
    }
}

/// Why a value does not fit a criterion's scale, in the screen's language.
pub(super) fn leave_sheet(app: &mut PairMut<'_>) {
    app.view.scoring.juror = None;
    app.view.scoring.read_only = false;
    app.view.scoring.buffer = None;
    app.view.scoring.error = None;
    app.view.scoring.row = 0;
}

/// Puts the picker on the next juror after the cursor (wrapping) who still has to score
/// `entry`: the one who just submitted is done.
pub(super) fn next_to_score(app: &mut PairMut<'_>, entry: &str) {
    let s = &app.desk.session;
    let n = s.jurors.len();
    let from = app.view.scoring.juror_cursor;
    let next = (1..=n).map(|k| (from + k) % n).find(|&i| {
        let id = &s.jurors[i].id;
        !s.conflicted(id, entry) && s.sheet(entry, id).is_none_or(|sh| !sh.is_submitted())
    });
    if let Some(i) = next {
        app.view.scoring.juror_cursor = i;
    }
}
