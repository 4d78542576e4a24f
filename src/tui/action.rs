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
}
