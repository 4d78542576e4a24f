//! What each kind of screen on a served panel may do. The screens' own rules (PINs for chair
//! actions, conflicts, submitted sheets) still apply after this; this only keeps each person to
//! their part: a juror to their own sheets, the presenter to looking.

use crate::tui::action::{Action, Screen};

/// Who a served screen belongs to, from the SSH user name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Person {
    Chair,
    Juror(String),
    Presenter,
}

impl Person {
    pub fn of(who: &str) -> Person {
        match who {
            crate::model::pin::CHAIR => Person::Chair,
            crate::model::pin::PRESENTER => Person::Presenter,
            juror => Person::Juror(juror.to_string()),
        }
    }
}

/// Whether `person`, on `screen`, may do `action` (keys only: the owner's own actions, such as
/// ticks and resizes, are not asked about).
pub fn allowed(person: &Person, screen: Screen, action: &Action) -> bool {
    use Action::*;
    match person {
        // The share-safe screen: nothing to press but help away.
        Person::Presenter => matches!(action, Cancel),
        Person::Chair => match action {
            // The chair does not fill in or open jurors' sheets on a served panel: each juror
            // scores at their own screen. Reopening a submitted sheet stays the chair's.
            Select | Type(_) | NotAValue(_) | Backspace | StepUp | StepDown | EditNote
            | EditComment | Submit => screen != Screen::Scoring,
            _ => true,
        },
        Person::Juror(_) => match action {
            Help | Up | Down | PageUp | PageDown | Home | End | Confirm | Cancel | EditorKey(_)
            | EditorDone | EditorClear | ToggleMask => true,
            Show(s) => *s != Screen::Standings,
            // On their sheet only: the agenda and the stage are read-only for a juror.
            PrevEntry | NextEntry | StepUp | StepDown | Type(_) | NotAValue(_) | Backspace
            | EditNote | EditComment | Submit | Leave => screen == Screen::Scoring,
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_juror_scores_their_sheet_and_only_looks_at_the_rest() {
        let j = Person::of("J1");
        assert_eq!(j, Person::Juror("J1".into()));
        for a in Action::examples() {
            let on_agenda = allowed(&j, Screen::Agenda, &a);
            let chair_only = matches!(
                a,
                Action::Select
                    | Action::MarkAbsent
                    | Action::MarkWithdrawn
                    | Action::MarkBack
                    | Action::OrderUp
                    | Action::OrderDown
                    | Action::TogglePins
                    | Action::TimerToggle
                    | Action::TimerNext
                    | Action::TimerReset
                    | Action::TimerUndo
                    | Action::Reopen
                    | Action::ToggleBlind
                    | Action::CycleQuorum
                    | Action::Reveal
                    | Action::Export
                    | Action::Show(Screen::Standings)
            );
            if chair_only {
                assert!(!on_agenda && !allowed(&j, Screen::Scoring, &a), "{a:?}");
                assert!(
                    allowed(&Person::Chair, Screen::Agenda, &a)
                        || allowed(&Person::Chair, Screen::Standings, &a),
                    "{a:?}"
                );
            }
            assert!(!allowed(&Person::Presenter, Screen::Stage, &a) || a == Action::Cancel);
        }
        assert!(allowed(&j, Screen::Scoring, &Action::Type('7')));
        assert!(!allowed(&j, Screen::Agenda, &Action::Type('7')));
        assert!(!allowed(
            &Person::Chair,
            Screen::Scoring,
            &Action::Type('7')
        ));
        assert!(allowed(&Person::Chair, Screen::Scoring, &Action::Reopen));
    }
}
