//! A screen and the desk it shows, borrowed together: what drawing reads and `update` changes.

use super::desk::Desk;
use super::state::Refresh;
use super::view::View;
use crate::i18n::T;
use crate::standings::Standings;

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
both!(Pair<'_>, PairMut<'_>);

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
both_mut!(PairMut<'_>);

// The single terminal's App reads and changes its desk and view the same way.
pub(super) use {both, both_mut};
