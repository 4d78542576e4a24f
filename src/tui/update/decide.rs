//! The chair deciding the winners on the Standings screen: the lines of a tab, the passing
//! grade and special awards (one-line editors, audited changes), the sheets far from the
//! panel, and every method side by side.

use super::*;
use crate::tui::state::RuleEdit;

/// A key that needs the chair: its PIN first when PINs are on.
pub(super) fn ask(app: &mut PairMut<'_>, action: Action) -> Step {
    let tab = app.view.standings.tab;
    let act = match action {
        Action::EditLines => {
            let cat = tab
                .checked_sub(1)
                .and_then(|i| app.desk.session.categories.get(i))
                .map(|c| c.id.clone());
            ChairAction::Rule(RuleEdit::Lines(cat))
        }
        Action::EditPass => ChairAction::Rule(RuleEdit::Pass),
        Action::GiveAward => ChairAction::Rule(RuleEdit::Award),
        _ => ChairAction::ToggleFlags,
    };
    chair(app, act)
}

/// The editor, filled with the rule as it stands.
pub(super) fn open(app: &mut PairMut<'_>, kind: RuleEdit) -> Step {
    let s = &app.desk.session;
    let list = |v: Vec<u32>| {
        v.iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let text = match &kind {
        RuleEdit::Lines(Some(c)) => list(crate::standings::category_lines(s, c)),
        RuleEdit::Lines(None) => list(s.rules.overall.into_iter().collect()),
        RuleEdit::Pass => s.rules.pass.map(fmt_num).unwrap_or_default(),
        RuleEdit::Award => {
            // The highlighted entry, ready for the award's name.
            let pair = crate::tui::pair::Pair {
                desk: app.desk,
                view: app.view,
            };
            let entry = crate::tui::ui::standings::highlighted_entry(&pair).unwrap_or_default();
            format!("{entry}; ")
        }
    };
    open_editor(app, EditorKind::Rule(kind), &text);
    if let Some(Modal::Editor { text, .. }) = &mut app.view.modal {
        text.move_cursor(ratatui_textarea::CursorMove::End);
    }
    Step::None
}

/// Enter on a rule's editor: the change, or the editor kept open with why not.
pub(super) fn finish(
    app: &mut PairMut<'_>,
    rule: RuleEdit,
    text: Box<TextArea<'static>>,
    value: String,
) -> Step {
    let lang = app.view.lang;
    let mut rules = app.desk.session.rules.clone();
    let parsed: Result<Change, String> = match &rule {
        RuleEdit::Lines(cat) => numbers(&value)
            .ok_or_else(|| app.t(T::WinLinesHint).to_string())
            .map(|mut v| {
                v.sort_unstable_by(|a, b| b.cmp(a));
                v.dedup();
                match cat {
                    Some(c) => {
                        rules.lines.insert(c.clone(), v);
                    }
                    None => rules.overall = v.first().copied(),
                }
                Change::SetRules { rules }
            }),
        RuleEdit::Pass => {
            let t = value.trim().replace(',', ".");
            if t.is_empty() {
                rules.pass = None;
                Ok(Change::SetRules { rules })
            } else {
                match t.parse::<f64>() {
                    Ok(p) => {
                        rules.pass = Some(p);
                        Ok(Change::SetRules { rules })
                    }
                    Err(_) => Err(app.t(T::WinPassHint).to_string()),
                }
            }
        }
        RuleEdit::Award => {
            let parts: Vec<&str> = value.splitn(3, ';').map(str::trim).collect();
            match parts.as_slice() {
                [entry, name, reason] if !entry.is_empty() && !name.is_empty() => {
                    Ok(Change::GiveAward {
                        award: crate::model::Award {
                            name: name.to_string(),
                            entry: entry.to_string(),
                            reason: reason.to_string(),
                        },
                    })
                }
                _ => Err(app.t(T::WinAwardHint).to_string()),
            }
        }
    };
    let refuse = |app: &mut PairMut<'_>, why: String| {
        app.view.modal = Some(Modal::Editor {
            kind: EditorKind::Rule(rule.clone()),
            text: text.clone(),
            error: Some(why),
        });
        Step::None
    };
    let change_made = match parsed {
        Ok(c) => c,
        Err(why) => return refuse(app, why),
    };
    let now = app.desk.now;
    if let Err(e) = app.desk.session.apply("chair", change_made, now) {
        let why = match &e {
            crate::error::Error::Refused(r) => r.text(lang),
            other => other.to_string(),
        };
        return refuse(app, why);
    }
    // Lines and grades move what every tab draws: the tables are made again.
    app.refresh_all();
    info(app, app.t(T::WinRulesSaved).into());
    Step::Save
}

/// Whole numbers separated by commas or blanks; none is an empty list.
fn numbers(text: &str) -> Option<Vec<u32>> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| t.parse::<u32>().ok().filter(|&n| n > 0))
        .collect()
}

pub(super) fn toggle_flags(app: &mut PairMut<'_>) -> Step {
    let st = &mut app.view.standings;
    if st.flags.take().is_some() {
        return Step::None;
    }
    app.view.standings.flags = Some(flags(&app.desk.session, app.view.lang));
    Step::None
}

pub(super) fn toggle_sensitivity(app: &mut PairMut<'_>) {
    let st = &mut app.view.standings;
    if st.sensitivity.take().is_some() {
        return;
    }
    app.view.standings.sensitivity = Some(sensitivity(&app.desk.session));
}

/// Audit events so far: what the lists shown are dated by.
fn events(s: &crate::model::Session) -> u64 {
    s.log.events + s.audit.len() as u64
}

fn flags(s: &crate::model::Session, lang: crate::i18n::Lang) -> (u64, Vec<String>) {
    let texts = crate::standings::divergences(s)
        .unwrap_or_default()
        .iter()
        .map(|d| crate::io::export::divergence_text(s, d, lang))
        .collect();
    (events(s), texts)
}

fn sensitivity(s: &crate::model::Session) -> (u64, Vec<crate::standings::SensitivityRow>) {
    (
        events(s),
        crate::standings::sensitivity(s, None).unwrap_or_default(),
    )
}

/// The lists the chair has up are made again after a change (a sheet submitted, a rule set),
/// on this screen or another.
pub fn follow_decisions(desk: &Desk, view: &mut View) {
    let s = &desk.session;
    let now = events(s);
    if view.standings.flags.as_ref().is_some_and(|f| f.0 != now) {
        view.standings.flags = Some(flags(s, view.lang));
    }
    if view
        .standings
        .sensitivity
        .as_ref()
        .is_some_and(|f| f.0 != now)
    {
        view.standings.sensitivity = Some(sensitivity(s));
    }
}
