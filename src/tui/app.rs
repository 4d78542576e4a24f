//! The state of the screens: the session's [`Desk`], shared by every screen, and one
//! screen's [`View`]; `App` pairs them for a single terminal. Only `update` changes them;
//! drawing only reads them.

use std::path::PathBuf;

pub use super::desk::Desk;
use super::effect::Effect;
pub use super::pair::{Pair, PairMut};
pub use super::state::*;
pub use super::view::{Role, View};
use crate::i18n::{Lang, T};
use crate::model::{Session, Time};
use crate::standings::Standings;

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

super::pair::both!(App);
super::pair::both_mut!(App);
