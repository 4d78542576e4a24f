//! The state of the screens. Only `update` changes it; drawing only reads it.

use std::path::PathBuf;

use ratatui_textarea::TextArea;

use super::action::Screen;
use super::keymap::Ctx;
use super::ranking::{Ranking, Variant};
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
    /// The first row on screen, kept by the drawing as ratatui's `TableState` is: the list
    /// scrolls only when the highlight would leave it. Empty: the highlight on the last line,
    /// with as much as fits before it.
    pub offset: std::cell::Cell<Option<usize>>,
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
    pub offset: std::cell::Cell<Option<usize>>,
    /// The chair has shown per-juror totals of the highlighted entry.
    pub reveal: bool,
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

pub struct App {
    pub session: Session,
    pub path: PathBuf,
    pub lang: Lang,
    pub theme: Theme,
    /// The clock as of the last event: drawing and updating never read the time themselves.
    pub now: Time,
    pub screen: Screen,
    pub modal: Option<Modal>,
    pub agenda: AgendaState,
    pub scoring: ScoringState,
    pub standings: StandingsState,
    /// The standings, kept up to date change by change; drawing never ranks.
    pub ranking: Ranking,
    /// The session's day, once a clock started (see `schedule::Day`).
    pub day: Option<crate::model::schedule::Day>,
    /// The entry whose clock started last on that day (the day's slip is judged by it).
    pub latest_start: Option<(Time, String)>,
    /// The next entry still to present after the one on stage.
    pub next_up: Option<String>,
    /// The last message for the status line, and whether it is an error.
    pub status: Option<(String, bool)>,
    pub saving: SaveState,
    /// A recap is being written (it waits until every change is on disk).
    pub exporting: bool,
    pub quit: bool,
    pub size: (u16, u16),
    /// Typed values are drawn as dots (for screens shared on a call).
    pub masked: bool,
    /// The first line of the help shown.
    pub help_scroll: usize,
    /// Until when the Stage's clock keys are not taken: a screen key (`2`) lands on the Stage
    /// in the middle of whatever was being typed, and the next keys must not start, end or
    /// reset a clock.
    pub stage_settle: Option<Time>,
    /// The chair's PIN was given on this screen: agenda changes need it only once.
    pub chair_unlocked: bool,
    /// Wrong PIN tries in a row, per juror id or "chair".
    pub pin_failures: std::collections::HashMap<String, u32>,
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
        let events = crate::model::audit::tip(&session).0;
        let mut ranking = Ranking::new(&session);
        ranking.background = background;
        let mut app = App {
            saving: SaveState::at(events, events),
            agenda: AgendaState {
                selected: session
                    .current
                    .as_ref()
                    .and_then(|c| session.entries.iter().position(|e| &e.id == c))
                    .unwrap_or(0),
                offset: Default::default(),
            },
            session,
            path,
            lang,
            theme,
            now,
            screen: Screen::Agenda,
            modal: None,
            scoring: ScoringState::default(),
            standings: StandingsState {
                chart: true,
                ..StandingsState::default()
            },
            ranking,
            day: None,
            latest_start: None,
            next_up: None,
            status: None,
            exporting: false,
            quit: false,
            size: (80, 24),
            masked: false,
            help_scroll: 0,
            stage_settle: None,
            chair_unlocked: false,
            pin_failures: Default::default(),
        };
        let v = app.variant();
        app.ranking.settle(v);
        app.refresh_slip();
        app.refresh_next();
        app
    }

    /// Hands the changes made since the last call to the journal: the count of events they
    /// bring the log to, and their lines. Called by the event loop after `update` asked to save.
    pub fn take_pending(&mut self) -> Option<(u64, Vec<u8>)> {
        if self.session.audit.is_empty() {
            return None;
        }
        // A PIN set reaches the journal as a digest: its hash goes to disk first.
        if let Err(e) = crate::store::keep_pins(&self.path, &self.session) {
            self.saving.error = Some(e.to_string());
        }
        let lines = crate::store::take_pending(&mut self.session);
        self.saving.sent = self.session.log.events;
        Some((self.saving.sent, lines))
    }

    pub fn t(&self, t: T) -> &'static str {
        t.get(self.lang)
    }

    /// Brings what is derived from the session up to date after a change that can move the
    /// standings.
    pub fn refresh(&mut self, what: Refresh) {
        match what {
            Refresh::Entry(e) => self.ranking.changed_entry(&self.session, &e),
            Refresh::Moved { from, to } => self.ranking.moved(&self.session, from, to),
        }
        self.ranking.settle(self.variant());
        let n = self.session.entries.len();
        self.agenda.selected = self.agenda.selected.min(n.saturating_sub(1));
    }

    /// Derives everything again from the session, after it was replaced or edited other than
    /// through `apply`.
    pub fn refresh_all(&mut self) {
        let background = self.ranking.background;
        self.ranking = Ranking::new(&self.session);
        self.ranking.background = background;
        self.ranking.settle(self.variant());
        self.refresh_slip();
        self.refresh_next();
    }

    /// The standings the screen is set to show.
    pub fn variant(&self) -> Variant {
        Variant {
            method: self.standings.method,
            zscore: self.standings.zscore,
        }
    }

    /// The standings as last ranked for the screen's method, if there are any yet.
    pub fn table(&self) -> Option<&Standings> {
        self.ranking
            .table(self.variant())
            .map(|(t, _)| &t.standings)
    }

    /// After a change to the agenda (a status, the order, the entry on stage).
    pub fn refresh_next(&mut self) {
        let s = &self.session;
        self.next_up = s
            .current
            .as_deref()
            .and_then(|c| s.entry_pos(c))
            .and_then(|pos| {
                s.entries[pos + 1..]
                    .iter()
                    .find(|e| e.status == crate::model::Status::Scheduled)
            })
            .map(|e| e.id.clone());
    }

    pub fn refresh_slip(&mut self) {
        self.day = crate::model::schedule::day(&self.session);
        self.latest_start = self
            .day
            .and_then(|d| crate::model::schedule::latest_start(&self.session, d));
    }

    /// Minutes the day runs behind its plan (negative: ahead); nothing on another day.
    pub fn slip(&self) -> Option<i64> {
        crate::model::schedule::slip_of(
            &self.session,
            self.day?,
            self.latest_start.as_ref()?,
            self.now,
        )
    }

    /// The entry the scoring screen is about.
    pub fn scoring_entry(&self) -> Option<&str> {
        self.scoring
            .entry
            .as_deref()
            .or(self.session.current.as_deref())
            .or_else(|| {
                self.session
                    .entries
                    .get(self.agenda.selected)
                    .map(|e| e.id.as_str())
            })
    }

    /// Lines of the help that fit on screen at once (inside its box, between the header, the
    /// status line and the footer).
    pub fn help_rows(&self) -> usize {
        usize::from(self.size.1.saturating_sub(6)).max(1)
    }

    /// What the juror is typing into the highlighted value of the open sheet, read as a value
    /// of its criterion: `None` when nothing is typed, `Some(None)` when it is not (or not yet)
    /// a value of the scale.
    pub fn typed_value(&self) -> Option<Option<f64>> {
        let buf = self.scoring.buffer.as_deref()?;
        let crit = self.session.rubric.criteria.get(self.scoring.row)?;
        Some(
            buf.parse::<f64>()
                .ok()
                .filter(|v| crit.check_value(*v).is_ok()),
        )
    }

    /// Where keys go now.
    pub fn ctx(&self) -> Ctx {
        match &self.modal {
            Some(Modal::Help) => Ctx::Help,
            Some(Modal::Pin(_)) => Ctx::Pin,
            Some(Modal::Confirm { .. }) => Ctx::Confirm,
            Some(Modal::Editor {
                kind: EditorKind::Reason { .. },
                ..
            }) => Ctx::Reason,
            Some(Modal::Editor { .. }) => Ctx::Editor,
            None => match self.screen {
                Screen::Agenda => Ctx::Agenda,
                Screen::Stage => Ctx::Stage,
                Screen::Scoring if self.scoring.handoff => Ctx::Handoff,
                Screen::Scoring if self.scoring.juror.is_some() && self.scoring.read_only => {
                    Ctx::View
                }
                Screen::Scoring if self.scoring.juror.is_some() => Ctx::Sheet,
                Screen::Scoring => Ctx::Pick,
                Screen::Standings => Ctx::Standings,
            },
        }
    }

    /// Only the entry on stage has a running clock: putting another on stage stops the rest.
    pub fn timer_running(&self) -> bool {
        self.session
            .current
            .as_deref()
            .and_then(|c| self.session.timer(c))
            .is_some_and(|t| t.running())
    }

    /// A localized name for an entry status.
    pub fn status_word(&self, s: crate::model::Status) -> &'static str {
        use crate::model::Status::*;
        self.t(match s {
            Scheduled => T::StScheduled,
            Presenting => T::StPresenting,
            Interviewing => T::StInterviewing,
            Done => T::StDone,
            Absent => T::StAbsent,
            Withdrawn => T::StWithdrawn,
            Ineligible => T::StIneligible,
        })
    }
}
