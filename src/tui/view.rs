//! One screen's state: what a terminal shows of the session the [`Desk`] holds. Only `update`
//! changes it; drawing only reads it.

use super::action::Screen;
use super::desk::Desk;
use super::keymap::Ctx;
use super::ranking::Variant;
use super::state::{AgendaState, EditorKind, Modal, Pending, ScoringState, StandingsState, Theme};
use crate::i18n::{Lang, T};
use crate::model::Time;

/// Who sits at a screen. Every role behaves as the shared keyboard for now: the others are
/// there for screens of their own, one per juror, the chair's and the presenter's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Role {
    /// One keyboard for the whole panel, handed from juror to juror.
    #[default]
    Shared,
    Chair,
    Juror(String),
    Presenter,
}

pub struct View {
    pub role: Role,
    pub lang: Lang,
    pub theme: Theme,
    pub screen: Screen,
    pub modal: Option<Modal>,
    pub agenda: AgendaState,
    pub scoring: ScoringState,
    pub standings: StandingsState,
    /// The last message for the status line, and whether it is an error.
    pub status: Option<(String, bool)>,
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
}

impl View {
    /// A screen on the agenda, its highlight on the entry on stage.
    pub fn new(desk: &Desk, lang: Lang, theme: Theme, role: Role) -> View {
        let s = &desk.session;
        View {
            role,
            lang,
            theme,
            screen: Screen::Agenda,
            modal: None,
            agenda: AgendaState {
                // The entry on stage; else, on an agenda of several days, today's first.
                selected: s
                    .current
                    .as_ref()
                    .and_then(|c| s.entries.iter().position(|e| &e.id == c))
                    .or_else(|| {
                        let today = crate::model::days::day_of_date(s, desk.now.date_naive())?;
                        crate::model::days::plan(s)
                            .iter()
                            .position(|p| p.is_some_and(|p| p.day == today))
                    })
                    .unwrap_or(0),
                offset: Default::default(),
            },
            scoring: ScoringState::default(),
            standings: StandingsState {
                chart: true,
                // The session's own method first.
                method: crate::standings::Method::of(s),
                ..StandingsState::default()
            },
            status: None,
            size: (80, 24),
            masked: false,
            help_scroll: 0,
            stage_settle: None,
            chair_unlocked: false,
        }
    }

    pub fn t(&self, t: T) -> &'static str {
        t.get(self.lang)
    }

    /// The standings the screen is set to show.
    pub fn variant(&self) -> Variant {
        Variant {
            method: self.standings.method,
            zscore: self.standings.zscore,
        }
    }

    /// Lines of the help that fit on screen at once (inside its box, between the header, the
    /// status line and the footer).
    pub fn help_rows(&self) -> usize {
        usize::from(self.size.1.saturating_sub(6)).max(1)
    }

    /// Where keys go now.
    pub fn ctx(&self) -> Ctx {
        match &self.modal {
            Some(Modal::Help) => Ctx::Help,
            Some(Modal::Pin(_)) => Ctx::Pin,
            Some(Modal::Confirm { .. }) => Ctx::Confirm,
            Some(Modal::Editor {
                kind: EditorKind::Reason { .. } | EditorKind::Ineligible { .. },
                ..
            }) => Ctx::Reason,
            Some(Modal::Editor {
                kind: EditorKind::Rule(_),
                ..
            }) => Ctx::Rule,
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

    /// A localized name for an entry status.
    pub fn status_word(&self, s: crate::model::Status) -> &'static str {
        s.word(self.lang)
    }

    /// The part of [`View::follow`] (in update/, beside the scroll offsets it also sets) that
    /// needs only the session: a highlight past the end of the agenda, an entry removed, a
    /// sheet open here that was submitted elsewhere, and a question about submitting it.
    pub(super) fn put_right(&mut self, desk: &Desk) {
        let s = &desk.session;
        let n = s.entries.len();
        self.agenda.selected = self.agenda.selected.min(n.saturating_sub(1));
        if self
            .scoring
            .entry
            .as_deref()
            .is_some_and(|e| s.entry(e).is_none())
        {
            self.scoring = ScoringState::default();
        }
        let submitted = |entry: &str, juror: &str| {
            s.sheet(entry, juror)
                .is_some_and(|sh| sh.submitted.is_some())
        };
        if let (Some(juror), false) = (self.scoring.juror.clone(), self.scoring.read_only) {
            let entry = self.scoring.entry.clone().or_else(|| s.current.clone());
            if entry.is_some_and(|e| submitted(&e, &juror)) {
                self.scoring.juror = None;
                self.scoring.buffer = None;
                self.scoring.error = None;
                self.scoring.handoff = false;
                if matches!(self.modal, Some(Modal::Editor { .. })) {
                    self.modal = None;
                }
            }
        }
        if let Some(Modal::Confirm {
            pending: Pending::Submit { entry, juror },
            ..
        }) = &self.modal
            && submitted(entry, juror)
        {
            self.modal = None;
        }
    }
}
