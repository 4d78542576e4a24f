//! The plain state the screens keep: dialogs, cursors, what is being typed, how far the disk
//! follows. Desk and View hold it; drawing reads it; only `update` changes it.

use ratatui_textarea::TextArea;

use crate::standings::Method;

/// How long the Stage must have been shown before its clock keys are taken, after a screen
/// key brought it up; every key refused meanwhile starts the wait again.
pub const STAGE_SETTLE_MS: i64 = 1000;

/// Colors carry meaning but never alone; with `NO_COLOR` only bold/reverse/underline remain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

/// What to do when the chair answers "yes".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Quit,
    ResetTimer(String),
    /// End the current phase of the entry's clock, though it ran less than half its time.
    NextPhase(String),
    Submit {
        entry: String,
        juror: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorKind {
    Note(String),
    Comment,
    /// The chair's reason to reopen a submitted sheet.
    Reason {
        entry: String,
        juror: String,
    },
    /// The chair's reason an entry did not pass the administrative screening.
    Ineligible {
        entry: String,
    },
    /// The chair's line of a rule: a tab's lines, the passing grade, an award.
    Rule(RuleEdit),
}

/// Which rule the chair edits on the Standings screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleEdit {
    /// A category's lines, or (`None`) the overall Top N.
    Lines(Option<String>),
    Pass,
    /// "ENTRY; NAME; REASON".
    Award,
}

/// What a PIN prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterPin {
    OpenSheet {
        entry: String,
        juror: String,
    },
    /// A submitted sheet, read-only, for its juror or the chair.
    ViewSheet {
        entry: String,
        juror: String,
    },
    Chair(ChairAction),
}

/// Actions only the chair may take when PINs are on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChairAction {
    /// An agenda change (status, order, the entry on stage).
    Agenda(super::action::Action),
    Reopen {
        entry: String,
        juror: String,
    },
    ToggleBlind,
    CycleQuorum,
    Reveal,
    Export,
    /// Edit a rule (a PIN first when PINs are on).
    Rule(RuleEdit),
    /// Show or hide the sheets far from the panel.
    ToggleFlags,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinStage {
    Enter,
    New,
    Repeat(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinPrompt {
    /// A juror id or "chair".
    pub who: String,
    pub then: AfterPin,
    pub stage: PinStage,
    /// Typed digits: kept only until Enter, never drawn.
    pub input: String,
    /// The chair's PIN is taken too (a submitted sheet is shown to its juror or the chair).
    pub or_chair: bool,
    pub error: Option<String>,
}

pub enum Modal {
    Pin(PinPrompt),
    Help,
    Confirm {
        question: String,
        pending: Pending,
    },
    Editor {
        kind: EditorKind,
        text: Box<TextArea<'static>>,
        /// Why the last Enter was refused (a reopen without a reason).
        error: Option<String>,
    },
}

#[derive(Debug, Clone, Default)]
pub struct AgendaState {
    pub selected: usize,
    /// The first row on screen, kept by `update` as the highlight moves and the screen's
    /// size changes: the list scrolls only when the highlight would leave it. Empty: the
    /// highlight on the last line, with as much as fits before it.
    pub offset: Option<usize>,
}

/// The first row to show so that `selected` stays on screen, moving from `offset` as little as
/// possible (or, with no offset yet, with `selected` on the last line).
pub fn follow(offset: Option<usize>, selected: usize, visible: usize) -> usize {
    let visible = visible.max(1);
    match offset {
        None => (selected + 1).saturating_sub(visible),
        Some(o) if selected < o => selected,
        Some(o) if selected >= o + visible => selected + 1 - visible,
        Some(o) => o,
    }
}

#[derive(Debug, Clone, Default)]
pub struct ScoringState {
    /// The entry being scored; follows the entry on stage until changed here.
    pub entry: Option<String>,
    pub juror_cursor: usize,
    /// The juror whose sheet is open, if any.
    pub juror: Option<String>,
    pub row: usize,
    /// What is being typed into the highlighted value, before it is valid.
    pub buffer: Option<String>,
    /// The neutral "pass the keyboard" screen is up.
    pub handoff: bool,
    /// Why the typed value is not accepted.
    pub error: Option<String>,
    /// The open sheet is a submitted one, shown read-only.
    pub read_only: bool,
}

#[derive(Debug, Clone, Default)]
pub struct StandingsState {
    /// 0 = overall, then one tab per category.
    pub tab: usize,
    pub method: Method,
    pub zscore: bool,
    pub chart: bool,
    pub scroll: usize,
    /// The first row on screen (see `AgendaState::offset`).
    pub offset: Option<usize>,
    /// The chair has shown per-juror totals of the highlighted entry.
    pub reveal: bool,
    /// The sheets far from the panel, in words, while the chair shows them, with the count
    /// of audit events they were made at (made again when a change comes).
    pub flags: Option<(u64, Vec<String>)>,
    /// Every method side by side, while shown, with the same count.
    pub sensitivity: Option<(u64, Vec<crate::standings::SensitivityRow>)>,
    /// Only the entries of this group (*kelompok*), ranked among themselves.
    pub group: Option<String>,
}

/// What a change did that the standings follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refresh {
    /// An entry's sheets or status changed.
    Entry(String),
    /// An entry moved on the agenda, from one position to another.
    Moved { from: usize, to: usize },
}

/// How far the session on disk follows the one on screen, counted in audit events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveState {
    /// Events handed to the writer: every change made so far.
    pub sent: u64,
    /// Events known to be on disk, in the journal.
    pub durable: u64,
    /// Events the session file itself reflects (the rest is replayed from the journal).
    pub file: u64,
    /// Why the last write failed, until one succeeds.
    pub error: Option<String>,
    /// A message that may be shown only once the journal holds this many events (a sheet
    /// is "submitted and saved" only when it is).
    pub confirm: Option<(u64, String)>,
}

impl SaveState {
    pub fn at(events: u64, file: u64) -> SaveState {
        SaveState {
            sent: events,
            durable: events,
            file,
            ..SaveState::default()
        }
    }

    /// Every change is on disk.
    pub fn saved(&self) -> bool {
        self.durable >= self.sent && self.error.is_none()
    }
}
