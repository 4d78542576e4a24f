//! The one owner of a served session: the session, its lock and journal writer, and every
//! connection's screen. Keys are applied here one at a time, in the order they arrive; after
//! each change every screen is drawn again.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tokio::sync::{mpsc, oneshot};

use super::{ConnId, Credentials, ToOwner, wire};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::model::pin;
use crate::model::{Change, Session};
use crate::store;
use crate::tui::app::{App, Theme};

type Term = Terminal<CrosstermBackend<wire::Outbox>>;

/// One connected screen.
struct Screen {
    who: String,
    term: Term,
    kick: Option<oneshot::Sender<Vec<u8>>>,
    /// Drawn again at the next turn; `full` also clears the client's terminal first.
    dirty: bool,
    full: bool,
}

pub(super) struct Owner {
    app: App,
    writer: store::Writer,
    _lock: store::Lock,
    screens: BTreeMap<ConnId, Screen>,
    /// Wrong secrets typed at sign-in since the last right one, per person.
    tries: HashMap<String, u32>,
    lang: Lang,
}

fn now() -> crate::model::Time {
    chrono::Local::now().fixed_offset()
}

impl Owner {
    pub fn open(
        session: Session,
        in_file: u64,
        path: &Path,
        lang: Option<&str>,
        lock: store::Lock,
    ) -> Result<Owner> {
        let writer = store::Writer::start(path, &session.log)?;
        let env_lang = std::env::var("LANG").ok();
        let lang = Lang::choose(lang, session.language.as_deref(), env_lang.as_deref());
        let mut app = App::open(
            session,
            path.to_path_buf(),
            lang,
            Theme { color: true },
            now(),
        );
        app.saving.file = in_file;
        app.saving.durable = app.session.log.events;
        Ok(Owner {
            app,
            writer,
            _lock: lock,
            screens: BTreeMap::new(),
            tries: HashMap::new(),
            lang,
        })
    }

    /// The lines printed when the server starts: where, the host key's fingerprint, and the
    /// command each person types.
    pub fn started(&self, local: SocketAddr, fingerprint: &str) -> String {
        let host = local.ip();
        let port = local.port();
        let ssh = if port == 22 {
            format!("ssh ID@{host}")
        } else {
            format!("ssh -p {port} ID@{host}")
        };
        format!(
            "juri serves {} on {local}\nhost key fingerprint: {fingerprint}\neach person connects with: {ssh}\n(ID: a juror's id, chair or presenter; first sign-in with the invite code from `juri invite`)",
            self.app.path.display()
        )
    }

    /// Serves until the SSH side is gone or the process is told to stop; then writes
    /// everything out.
    pub async fn run(mut self, mut rx: mpsc::Receiver<ToOwner>) -> Result<()> {
        let mut stop = Box::pin(stop_signal());
        let mut next_tick = Instant::now();
        loop {
            while let Some(w) = self.writer.poll() {
                crate::tui::update::update(&mut self.app, crate::tui::action::Action::Written(w));
                self.all_dirty(false);
            }
            self.draw();
            if let Some((events, lines)) = self.app.take_pending() {
                self.writer.append(events, lines);
            }
            let wait = if self.app.saving.saved() {
                next_tick.saturating_duration_since(Instant::now())
            } else {
                Duration::from_millis(2)
            };
            tokio::select! {
                msg = rx.recv() => {
                    let Some(msg) = msg else { break };
                    self.handle(msg);
                }
                () = tokio::time::sleep(wait) => {
                    if Instant::now() >= next_tick {
                        next_tick = Instant::now() + Duration::from_secs(1);
                        self.all_dirty(false);
                    }
                }
                () = &mut stop => break,
            }
        }
        self.close()
    }

    fn all_dirty(&mut self, full: bool) {
        for s in self.screens.values_mut() {
            s.dirty = true;
            s.full |= full;
        }
    }

    fn handle(&mut self, msg: ToOwner) {
        match msg {
            ToOwner::Credentials { who, reply } => {
                let _ = reply.send(self.credentials(&who));
            }
            ToOwner::Tried { who, ok } => self.tried(&who, ok),
            ToOwner::ChoosePin { who, hash, reply } => {
                let _ = reply.send(self.choose_pin(&who, hash));
            }
            ToOwner::Open {
                conn,
                who,
                out,
                size,
                kick,
            } => self.open_screen(conn, who, out, size, kick),
            ToOwner::Keys { conn, keys } => {
                if let Some(s) = self.screens.get_mut(&conn) {
                    let _ = keys;
                    s.dirty = true;
                }
            }
            ToOwner::Resize { conn, size } => {
                if let Some(s) = self.screens.get_mut(&conn) {
                    let _ = s.term.resize(rect(size));
                    s.dirty = true;
                    s.full = true;
                }
            }
            ToOwner::Drained { conn } => {
                if let Some(s) = self.screens.get_mut(&conn) {
                    s.dirty = true;
                    s.full = true;
                }
            }
            ToOwner::Closed { conn } => {
                self.screens.remove(&conn);
                self.all_dirty(false);
            }
        }
    }

    fn credentials(&self, who: &str) -> Option<Credentials> {
        let s = &self.app.session;
        if who.starts_with(pin::INVITE_PREFIX) || !s.may_hold_pin(who) {
            return None;
        }
        let hashes = &s.security.pin_hashes;
        let pin = hashes.get(who).cloned();
        let invite = hashes.get(&pin::invite_key(who)).cloned();
        if pin.is_none() && invite.is_none() {
            // Not invited and no PIN: not someone who may sign in.
            return None;
        }
        let locked = s.security.lockouts.get(who).is_some_and(|u| *u > now());
        Some(Credentials {
            pin,
            invite,
            locked,
        })
    }

    /// Counts a wrong secret; the last allowed one locks the person out, in the audit log.
    fn tried(&mut self, who: &str, ok: bool) {
        if ok {
            self.tries.remove(who);
            return;
        }
        let n = self.tries.entry(who.to_string()).or_default();
        *n += 1;
        if *n >= pin::MAX_TRIES {
            self.tries.remove(who);
            let until = now() + chrono::Duration::seconds(pin::LOCKOUT_SECONDS);
            let change = Change::PinLockout {
                who: who.to_string(),
                until,
            };
            let _ = self.app.session.apply(who, change, now());
        }
    }

    fn choose_pin(&mut self, who: &str, hash: String) -> bool {
        let at = now();
        let s = &mut self.app.session;
        let set = s.apply(
            who,
            Change::SetPin {
                who: who.to_string(),
                hash,
            },
            at,
        );
        set.is_ok()
            && s.apply(
                who,
                Change::ClearPin {
                    who: pin::invite_key(who),
                },
                at,
            )
            .is_ok()
    }

    fn open_screen(
        &mut self,
        conn: ConnId,
        who: String,
        out: wire::Outbox,
        size: (u16, u16),
        kick: oneshot::Sender<Vec<u8>>,
    ) {
        // The same person signing in again takes the screen over: the older one is told and
        // closed (a dropped laptop comes back without waiting for the old connection to time out).
        let older: Vec<ConnId> = self
            .screens
            .iter()
            .filter(|(_, s)| s.who == who)
            .map(|(c, _)| *c)
            .collect();
        for c in older {
            if let Some(mut s) = self.screens.remove(&c)
                && let Some(k) = s.kick.take()
            {
                let text = crate::i18n::T::ServeTakenOver.get(self.lang);
                let _ = k.send(format!("\x1b[2J\x1b[H{text}\r\n").into_bytes());
            }
        }
        let options = TerminalOptions {
            viewport: Viewport::Fixed(rect(size)),
        };
        let Ok(term) = Terminal::with_options(CrosstermBackend::new(out), options) else {
            return;
        };
        self.screens.insert(
            conn,
            Screen {
                who,
                term,
                kick: Some(kick),
                dirty: true,
                full: true,
            },
        );
        self.all_dirty(false);
    }

    fn draw(&mut self) {
        let names: Vec<String> = self.screens.values().map(|s| s.who.clone()).collect();
        for s in self.screens.values_mut() {
            if !s.dirty {
                continue;
            }
            s.dirty = false;
            if std::mem::take(&mut s.full) {
                let _ = s.term.clear();
            }
            let who = s.who.clone();
            let text = format!("{who}: {}", names.join(", "));
            let _ = s.term.draw(|f| {
                f.render_widget(ratatui::widgets::Paragraph::new(text.clone()), f.area());
            });
        }
    }

    fn close(mut self) -> Result<()> {
        for s in self.screens.values_mut() {
            if let Some(k) = s.kick.take() {
                let text = crate::i18n::T::ServeStopped.get(self.lang);
                let _ = k.send(format!("\x1b[2J\x1b[H{text}\r\n").into_bytes());
            }
        }
        if let Some((events, lines)) = self.app.take_pending() {
            self.writer.append(events, lines);
        }
        if self.app.saving.file < self.app.saving.sent {
            self.writer
                .snapshot(self.app.saving.sent, store::snapshot(&self.app.session));
        }
        for w in self.writer.finish() {
            crate::tui::update::update(&mut self.app, crate::tui::action::Action::Written(w));
        }
        if self.app.saving.durable < self.app.saving.sent {
            return Err(Error::Rejected(format!(
                "the last {} changes could not be written: {}",
                self.app.saving.sent - self.app.saving.durable,
                self.app.saving.error.as_deref().unwrap_or("unknown error")
            )));
        }
        Ok(())
    }
}

fn rect((w, h): (u16, u16)) -> Rect {
    Rect::new(0, 0, w.max(1), h.max(1))
}

/// Resolves when the process is asked to stop (Ctrl-C, SIGTERM).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut term) = signal(SignalKind::terminate()) else {
            let _ = tokio::signal::ctrl_c().await;
            return;
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
