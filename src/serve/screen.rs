//! One served screen: whose it is, its view of the session, and its terminal over SSH. Each
//! kind of person sees their part: a juror their own sheet (and the agenda and stage, without
//! changing them), the chair today's screens with the panel's state at the bottom, the
//! presenter the stage alone.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tokio::sync::oneshot;

use super::roles::Person;
use super::{panel, wire};
use crate::i18n::Lang;
use crate::tui::action::Screen as Shown;
use crate::tui::desk::Desk;
use crate::tui::state::{ScoringState, Theme};
use crate::tui::view::{Role, View};

pub(super) type Term = Terminal<wire::SshBackend>;

pub(super) struct Screen {
    pub who: String,
    pub person: Person,
    pub view: View,
    pub term: Term,
    pub kick: Option<oneshot::Sender<Vec<u8>>>,
    /// A message for this screen once the journal holds this many events ("submitted and
    /// saved"): the desk keeps one for a single screen, a served panel one per screen.
    pub confirm: Option<(u64, String)>,
    /// Drawn again at the next turn; `full` also clears the client's terminal first.
    pub dirty: bool,
    pub full: bool,
}

pub(super) fn rect((w, h): (u16, u16)) -> Rect {
    Rect::new(0, 0, w.max(1), h.max(1))
}

impl Screen {
    pub fn new(
        desk: &Desk,
        who: String,
        out: wire::Outbox,
        size: (u16, u16),
        kick: oneshot::Sender<Vec<u8>>,
        lang: Lang,
    ) -> Option<Screen> {
        let options = TerminalOptions {
            viewport: Viewport::Fixed(rect(size)),
        };
        let term = Terminal::with_options(wire::SshBackend::new(out, size), options).ok()?;
        let person = Person::of(&who);
        let role = match &person {
            Person::Chair => Role::Chair,
            Person::Juror(j) => Role::Juror(j.clone()),
            Person::Presenter => Role::Presenter,
        };
        let mut view = View::new(desk, lang, Theme { color: true }, role);
        view.size = size;
        match person {
            Person::Presenter => view.screen = Shown::Stage,
            Person::Juror(_) => {
                view.screen = if desk.session.current.is_some() {
                    Shown::Scoring
                } else {
                    Shown::Agenda
                }
            }
            // The chair signed in with the chair's PIN: agenda changes do not ask for it again.
            Person::Chair => view.chair_unlocked = true,
        }
        let mut screen = Screen {
            who,
            person,
            view,
            term,
            kick: Some(kick),
            confirm: None,
            dirty: true,
            full: true,
        };
        screen.keep_to_part(desk);
        Some(screen)
    }

    pub fn resize(&mut self, size: (u16, u16)) {
        self.term.backend_mut().set_size(size);
        let _ = self.term.resize(rect(size));
        self.dirty = true;
        self.full = true;
    }

    /// Keeps the screen to its person's part after any change: a juror on the Scoring screen
    /// always has their own sheet open (read-only once submitted), never the picker, another
    /// juror's sheet or the "pass the keyboard" screen; the presenter stays on the stage.
    pub fn keep_to_part(&mut self, desk: &Desk) {
        let v = &mut self.view;
        match &self.person {
            Person::Presenter => {
                v.screen = Shown::Stage;
                v.modal = None;
            }
            Person::Chair => {}
            Person::Juror(me) => {
                if v.screen == Shown::Standings {
                    v.screen = Shown::Stage;
                }
                if v.screen != Shown::Scoring {
                    return;
                }
                let s = &desk.session;
                let Some(entry) = v.scoring.entry.clone().or_else(|| s.current.clone()) else {
                    v.screen = Shown::Agenda;
                    return;
                };
                if s.conflicted(me, &entry) {
                    v.scoring = ScoringState::default();
                    v.screen = Shown::Stage;
                    v.status = Some((v.t(crate::i18n::T::JurorConflict).into(), true));
                    return;
                }
                let submitted = s.sheet(&entry, me).is_some_and(|sh| sh.is_submitted());
                let sc = &mut v.scoring;
                if sc.juror.as_deref() != Some(me.as_str())
                    || sc.handoff
                    || sc.read_only != submitted
                    || sc.entry.as_deref() != Some(entry.as_str())
                {
                    let row = if sc.juror.as_deref() == Some(me.as_str())
                        && sc.entry.as_deref() == Some(entry.as_str())
                    {
                        sc.row
                    } else {
                        0
                    };
                    *sc = ScoringState {
                        entry: Some(entry),
                        juror: Some(me.clone()),
                        row,
                        read_only: submitted,
                        ..ScoringState::default()
                    };
                }
            }
        }
    }

    /// Draws the screen if it changed; the chair's has the panel's state on its last line.
    pub fn draw(&mut self, desk: &Desk, connected: &[&str]) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        if std::mem::take(&mut self.full) {
            let _ = self.term.clear();
        }
        let (view, person) = (&self.view, &self.person);
        let _ = self.term.draw(|f| match person {
            Person::Presenter => crate::tui::ui::presenter(desk, view, f),
            Person::Juror(me) => {
                crate::tui::ui::view(desk, view, f);
                let area = f.area();
                if area.width >= crate::tui::ui::MIN_WIDTH
                    && area.height >= crate::tui::ui::MIN_HEIGHT
                {
                    let name = desk
                        .session
                        .juror(me)
                        .map_or(me.clone(), |j| format!("{me} · {}", j.name));
                    let text = crate::i18n::T::ServeYou.fill(view.lang, &[&name]);
                    // Away from their sheet, a juror's keys are few: the chair's are not shown.
                    if view.screen != Shown::Scoring && view.modal.is_none() {
                        let keys = Rect::new(area.x, area.bottom() - 2, area.width, 1);
                        f.render_widget(ratatui::widgets::Clear, keys);
                        f.render_widget(
                            Paragraph::new(format!(" {}", view.t(crate::i18n::T::ServeJurorKeys))),
                            keys,
                        );
                    }
                    let last = Rect::new(area.x, area.bottom() - 1, area.width, 1);
                    f.render_widget(ratatui::widgets::Clear, last);
                    f.render_widget(
                        Paragraph::new(Line::styled(format!(" {text}"), view.theme.title())),
                        last,
                    );
                }
            }
            Person::Chair => {
                crate::tui::ui::view(desk, view, f);
                let area = f.area();
                if area.width >= crate::tui::ui::MIN_WIDTH
                    && area.height >= crate::tui::ui::MIN_HEIGHT
                {
                    let mut text = panel::connected(&desk.session, connected, view.lang);
                    if let Some(line) = panel::submitted(&desk.session, view.lang) {
                        text = format!("{text} · {line}");
                    }
                    let last = Rect::new(area.x, area.bottom() - 1, area.width, 1);
                    f.render_widget(ratatui::widgets::Clear, last);
                    f.render_widget(
                        Paragraph::new(Line::styled(format!(" {text}"), view.theme.warn())),
                        last,
                    );
                }
            }
        });
    }

    /// Tells the client why its screen ends, then closes it.
    pub fn close(&mut self, text: &str) {
        if let Some(k) = self.kick.take() {
            let _ = k.send(format!("\x1b[?25h\x1b[2J\x1b[H{text}\r\n").into_bytes());
        }
    }
}
