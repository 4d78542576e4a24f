//! The one owner of the session: what every screen on the panel shares. A terminal's own
//! state is its [`View`](super::view::View); only `update` changes either.

use std::path::PathBuf;

use super::effect::Effect;
use super::ranking::{Ranking, Variant};
use super::state::{Refresh, SaveState};
use crate::model::{Session, Time};
use crate::standings::Standings;

pub struct Desk {
    pub session: Session,
    pub path: PathBuf,
    /// The clock as of the last event: drawing and updating never read the time themselves.
    pub now: Time,
    /// The standings, kept up to date change by change; drawing never ranks.
    pub ranking: Ranking,
    /// The session's day, once a clock started (see `schedule::Day`).
    pub day: Option<crate::model::schedule::Day>,
    /// The entry whose clock started last on that day (the day's slip is judged by it).
    pub latest_start: Option<(Time, String)>,
    /// The next entry still to present after the one on stage.
    pub next_up: Option<String>,
    pub saving: SaveState,
    /// A recap is asked for (it waits until every change is on disk).
    pub exporting: bool,
    /// The recap asked for is being written.
    pub export_started: bool,
    /// Wrong PIN tries in a row, per juror id or "chair".
    pub pin_failures: std::collections::HashMap<String, u32>,
}

impl Desk {
    /// The session's shared state; the standings are ranked at once for `v` unless
    /// `background` (then the event loop ranks them on a thread of its own).
    pub fn new(session: Session, path: PathBuf, now: Time, v: Variant, background: bool) -> Desk {
        let events = crate::model::audit::tip(&session).0;
        let mut ranking = Ranking::new(&session);
        ranking.background = background;
        let mut desk = Desk {
            saving: SaveState::at(events, events),
            session,
            path,
            now,
            ranking,
            day: None,
            latest_start: None,
            next_up: None,
            exporting: false,
            export_started: false,
            pin_failures: Default::default(),
        };
        desk.ranking.settle(v);
        desk.refresh_slip();
        desk.refresh_next();
        desk
    }

    /// The changes made since the last call, as the work of writing them to the journal.
    pub fn take_journal(&mut self) -> Option<Effect> {
        if self.session.audit.is_empty() {
            return None;
        }
        // A PIN set reaches the journal as a digest: its hash goes to disk first.
        let pins = self
            .session
            .audit
            .iter()
            .any(|ev| matches!(ev.change, Some(crate::model::Change::PinSet { .. })))
            .then(|| self.session.security.pin_hashes.clone());
        let events = self.session.audit.clone();
        let lines = crate::store::take_pending(&mut self.session);
        self.saving.sent = self.session.log.events;
        Some(Effect::Journal {
            upto: self.saving.sent,
            events,
            lines,
            pins,
        })
    }

    /// Brings what is derived from the session up to date after a change that can move the
    /// standings (ranked for `v`, the variant the screen shows).
    pub fn refresh(&mut self, what: Refresh, v: Variant) {
        match what {
            Refresh::Entry(e) => self.ranking.changed_entry(&self.session, &e),
            Refresh::Moved { from, to } => self.ranking.moved(&self.session, from, to),
        }
        self.ranking.settle(v);
    }

    /// Derives everything again from the session, after it was replaced or edited other than
    /// through `apply`.
    pub fn refresh_all(&mut self, v: Variant) {
        let background = self.ranking.background;
        self.ranking = Ranking::new(&self.session);
        self.ranking.background = background;
        self.ranking.settle(v);
        self.refresh_slip();
        self.refresh_next();
    }

    /// The standings as last ranked for `v`, if there are any yet.
    pub fn table(&self, v: Variant) -> Option<&Standings> {
        self.ranking.table(v).map(|(t, _)| &t.standings)
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

    /// Only the entry on stage has a running clock: putting another on stage stops the rest.
    pub fn timer_running(&self) -> bool {
        self.session
            .current
            .as_deref()
            .and_then(|c| self.session.timer(c))
            .is_some_and(|t| t.running())
    }
}
