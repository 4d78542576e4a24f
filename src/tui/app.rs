//! The state of the screens: the session's [`Desk`], shared by every screen, and one
//! screen's [`View`]; `App` pairs them for a single terminal. Only `update` changes them;
//! drawing only reads them.

use std::path::PathBuf;

use ratatui_textarea::TextArea;

pub use super::desk::Desk;
use super::update::Effect;
pub use super::view::{Role, View};
use crate::i18n::{Lang, T};
use crate::model::{Session, Time};
use crate::standings::{Method, Standings};

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

/// One terminal on the session: the desk and its only view.
pub struct App {
    pub desk: Desk,
    pub view: View,
    /// The audit events the session carried when it was made and those of every change made
    /// through [`App::update`], oldest first (the desk keeps none once they are handed to the
    /// journal).
    pub journaled: Vec<crate::model::audit::AuditEvent>,
}

impl App {
    /// The screens' state, with the standings ranked at once.
    pub fn new(session: Session, path: PathBuf, lang: Lang, theme: Theme, now: Time) -> App {
        App::build(session, path, lang, theme, now, false)
    }

    /// The screens' state for the event loop, which ranks the standings on a thread of its
    /// own: the first frame does not wait for them.
    pub fn open(session: Session, path: PathBuf, lang: Lang, theme: Theme, now: Time) -> App {
        App::build(session, path, lang, theme, now, true)
    }

    fn build(
        session: Session,
        path: PathBuf,
        lang: Lang,
        theme: Theme,
        now: Time,
        background: bool,
    ) -> App {
        // The standings open on the session's own method.
        let variant = super::ranking::Variant {
            method: crate::standings::Method::of(&session),
            zscore: false,
        };
        let desk = Desk::new(session, path, now, variant, background);
        let view = View::new(&desk, lang, theme, Role::Shared);
        let mut app = App {
            desk,
            view,
            journaled: Vec::new(),
        };
        // Off the event loop, a log carried inside the file counts as written, as it was when
        // the file was opened; the event loop hands it to the journal after its first frame.
        if !background && let Some(Effect::Journal { events, .. }) = app.desk.take_journal() {
            app.journaled = events;
        }
        app
    }

    /// Carries out `action` on this terminal; what the journal was handed is kept in
    /// [`App::journaled`] as well.
    pub fn update(&mut self, action: super::action::Action) -> Vec<Effect> {
        let effects = super::update::update(&mut self.desk, &mut self.view, action);
        for e in &effects {
            if let Effect::Journal { events, .. } = e {
                self.journaled.extend(events.iter().cloned());
            }
        }
        effects
    }

    /// The pair as drawing and the helpers read it.
    pub fn pair(&self) -> Pair<'_> {
        Pair {
            desk: &self.desk,
            view: &self.view,
        }
    }
}

/// A screen and the desk it shows, as drawing reads them.
#[derive(Clone, Copy)]
pub struct Pair<'a> {
    pub desk: &'a Desk,
    pub view: &'a View,
}

/// A screen and the desk it shows, as `update` changes them.
pub struct PairMut<'a> {
    pub desk: &'a mut Desk,
    pub view: &'a mut View,
}

/// What is read from the desk and the view together, on every kind of pair.
macro_rules! both {
    ($($ty:ty),*) => {$(
        impl $ty {
            pub fn t(&self, t: T) -> &'static str {
                self.view.t(t)
            }

            pub fn ctx(&self) -> super::keymap::Ctx {
                self.view.ctx()
            }

            pub fn variant(&self) -> super::ranking::Variant {
                self.view.variant()
            }

            pub fn status_word(&self, s: crate::model::Status) -> &'static str {
                self.view.status_word(s)
            }

            pub fn help_rows(&self) -> usize {
                self.view.help_rows()
            }

            pub fn timer_running(&self) -> bool {
                self.desk.timer_running()
            }

            pub fn slip(&self) -> Option<i64> {
                self.desk.slip()
            }

            /// The standings as last ranked for the screen's method, if there are any yet.
            pub fn table(&self) -> Option<&Standings> {
                self.desk.table(self.view.variant())
            }

            /// The entry the scoring screen is about.
            pub fn scoring_entry(&self) -> Option<&str> {
                let s = &self.desk.session;
                self.view
                    .scoring
                    .entry
                    .as_deref()
                    .or(s.current.as_deref())
                    .or_else(|| s.entries.get(self.view.agenda.selected).map(|e| e.id.as_str()))
            }

            /// What the juror is typing into the highlighted value of the open sheet, read as
            /// a value of its criterion: `None` when nothing is typed, `Some(None)` when it is
            /// not (or not yet) a value of the scale.
            pub fn typed_value(&self) -> Option<Option<f64>> {
                let buf = self.view.scoring.buffer.as_deref()?;
                let crit = self.desk.session.rubric.criteria.get(self.view.scoring.row)?;
                Some(
                    buf.parse::<f64>()
                        .ok()
                        .filter(|v| crit.check_value(*v).is_ok()),
                )
            }
        }
    )*};
}
both!(App, Pair<'_>, PairMut<'_>);

/// What changes the desk for the screen's variant, on the pairs that may change.
macro_rules! both_mut {
    ($($ty:ty),*) => {$(
        impl $ty {
            /// Brings what is derived from the session up to date after a change that can
            /// move the standings.
            pub fn refresh(&mut self, what: Refresh) {
                let v = self.view.variant();
                self.desk.refresh(what, v);
                let n = self.desk.session.entries.len();
                self.view.agenda.selected = self.view.agenda.selected.min(n.saturating_sub(1));
            }

            /// Derives everything again from the session.
            pub fn refresh_all(&mut self) {
                let v = self.view.variant();
                self.desk.refresh_all(v);
            }
        }
    )*};
}
both_mut!(App, PairMut<'_>);
