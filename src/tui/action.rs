//! What a key press means. Every key goes through the keymap to one of these.

use crossterm::event::KeyEvent;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    Agenda,
    Stage,
    Scoring,
    Standings,
}

impl Screen {
    pub const ALL: [Screen; 4] = [
        Screen::Agenda,
        Screen::Stage,
        Screen::Scoring,
        Screen::Standings,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Show(Screen),
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    /// Enter: the obvious thing for the highlighted line.
    Select,
    // Agenda.
    MarkAbsent,
    MarkWithdrawn,
    MarkBack,
    OrderUp,
    OrderDown,
    // Stage.
    TimerToggle,
    TimerNext,
    TimerReset,
    TimerUndo,
    // Scoring.
    PrevEntry,
    NextEntry,
    StepUp,
    StepDown,
    Type(char),
    /// A key that is neither a value nor bound, typed on a sheet: said, not ignored.
    NotAValue(char),
    Backspace,
    EditNote,
    EditComment,
    Submit,
    Reopen,
    Leave,
    ToggleMask,
    // Standings.
    ToggleBlind,
    CycleQuorum,
    Reveal,
    Export,
    // Agenda.
    TogglePins,
    // Standings.
    NextTab,
    PrevTab,
    CycleMethod,
    ToggleZ,
    ToggleChart,
    // Dialogs and editors.
    Confirm,
    Cancel,
    EditorKey(KeyEvent),
    EditorDone,
    EditorClear,
    // From the event loop.
    Tick,
    Resize(u16, u16),
    /// The background writer finished (or failed) a write.
    Written(crate::store::Written),
    /// A ranking made in the background.
    Ranked(super::ranking::Ranked),
    /// The recap was written (its path) or could not be (why).
    Exported(Result<String, String>),
    // Standings: deciding the winners (the chair's).
    EditLines,
    EditPass,
    GiveAward,
    ToggleFlags,
    ToggleSensitivity,
    // Agenda over days and screening.
    /// The chair marks the entry ineligible (a reason is asked for).
    MarkIneligible,
    /// The chair holds the entry to the next agenda day.
    DayLater,
    /// The chair holds the entry to the day before.
    DayEarlier,
    // Standings.
    /// Shows the next group only (kelompok), then all again.
    CycleGroup,
}

impl Action {
    /// One example of every action, and of the data-carrying ones a few values: what tests and
    /// fuzzers send at random. Every variant is here: [`Action::kind`] matches them all without a
    /// wildcard, so a new action does not compile until it has a kind, and the test below fails
    /// until it has an example.
    pub fn examples() -> Vec<Action> {
        use Action::*;
        use crossterm::event::KeyCode;
        let mut v = vec![
            Quit,
            Help,
            Up,
            Down,
            PageUp,
            PageDown,
            Home,
            End,
            Select,
            MarkAbsent,
            MarkWithdrawn,
            MarkBack,
            OrderUp,
            OrderDown,
            TimerToggle,
            TimerNext,
            TimerReset,
            TimerUndo,
            PrevEntry,
            NextEntry,
            StepUp,
            StepDown,
            Type('7'),
            Type('.'),
            Type(','),
            NotAValue('x'),
            Backspace,
            EditNote,
            EditComment,
            Submit,
            Reopen,
            Leave,
            ToggleMask,
            ToggleBlind,
            CycleQuorum,
            Reveal,
            Export,
            TogglePins,
            NextTab,
            PrevTab,
            CycleMethod,
            ToggleZ,
            ToggleChart,
            Confirm,
            Cancel,
            EditorKey(KeyEvent::from(KeyCode::Char('x'))),
            EditorKey(KeyEvent::from(KeyCode::Enter)),
            EditorDone,
            EditorClear,
            Tick,
            Resize(80, 24),
            Resize(20, 5),
            Written(crate::store::Written::Journal(0)),
            Written(crate::store::Written::Snapshot(0)),
            Written(crate::store::Written::Failed("disk full".into())),
            Ranked(super::ranking::Ranked {
                version: 0,
                variant: super::ranking::Variant::default(),
                table: Err(std::sync::Arc::new(crate::error::Error::rejected(
                    "no ranking",
                ))),
            }),
            Exported(Ok("recap.html".into())),
            Exported(Err("cannot write the recap".into())),
            EditLines,
            EditPass,
            GiveAward,
            ToggleFlags,
            ToggleSensitivity,
            MarkIneligible,
            DayLater,
            DayEarlier,
            CycleGroup,
        ];
        v.extend(Screen::ALL.map(Show));
        v
    }

    /// How many kinds of action there are (see [`Action::kind`]).
    pub const KINDS: usize = 61;

    /// Which kind of action this is, `0..KINDS`, whatever it carries. The match names every
    /// variant (no wildcard), so adding one is a compile error here until it is numbered.
    pub fn kind(&self) -> usize {
        use Action::*;
        match self {
            Quit => 0,
            Help => 1,
            Show(_) => 2,
            Up => 3,
            Down => 4,
            PageUp => 5,
            PageDown => 6,
            Home => 7,
            End => 8,
            Select => 9,
            MarkAbsent => 10,
            MarkWithdrawn => 11,
            MarkBack => 12,
            OrderUp => 13,
            OrderDown => 14,
            TimerToggle => 15,
            TimerNext => 16,
            TimerReset => 17,
            TimerUndo => 18,
            PrevEntry => 19,
            NextEntry => 20,
            StepUp => 21,
            StepDown => 22,
            Type(_) => 23,
            NotAValue(_) => 24,
            Backspace => 25,
            EditNote => 26,
            EditComment => 27,
            Submit => 28,
            Reopen => 29,
            Leave => 30,
            ToggleMask => 31,
            ToggleBlind => 32,
            CycleQuorum => 33,
            Reveal => 34,
            Export => 35,
            TogglePins => 36,
            NextTab => 37,
            PrevTab => 38,
            CycleMethod => 39,
            ToggleZ => 40,
            ToggleChart => 41,
            Confirm => 42,
            Cancel => 43,
            EditorKey(_) => 44,
            EditorDone => 45,
            EditorClear => 46,
            Tick => 47,
            Resize(..) => 48,
            Written(_) => 49,
            Ranked(_) => 50,
            Exported(_) => 51,
            MarkIneligible => 52,
            DayLater => 53,
            DayEarlier => 54,
            CycleGroup => 55,
            EditLines => 56,
            EditPass => 57,
            GiveAward => 58,
            ToggleFlags => 59,
            ToggleSensitivity => 60,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_hold_every_kind_of_action_and_every_screen() {
        let mut seen = [false; Action::KINDS];
        for a in Action::examples() {
            let k = a.kind();
            assert!(k < Action::KINDS, "{a:?} is kind {k}: KINDS is too small");
            seen[k] = true;
        }
        let missing: Vec<usize> = (0..Action::KINDS).filter(|&k| !seen[k]).collect();
        assert!(missing.is_empty(), "no example of the kinds {missing:?}");
        for s in Screen::ALL {
            assert!(Action::examples().contains(&Action::Show(s)), "{s:?}");
        }
    }
}
