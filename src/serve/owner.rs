//! The one owner of a served session: the desk (session, standings, saving), its lock and
//! journal writer, and every connection's screen. Keys are applied here one at a time, in the
//! order they arrive; after a change every screen follows it and is drawn again.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use crossterm::event::KeyEvent;
use tokio::sync::{mpsc, oneshot};

use super::screen::Screen;
use super::{ConnId, Credentials, ToOwner, roles, wire};
use crate::error::{Error, Result};
use crate::i18n::{Lang, T};
use crate::model::pin;
use crate::model::{Change, Session};
use crate::store;
use crate::tui::action::Action;
use crate::tui::desk::Desk;
use crate::tui::now;
use crate::tui::state::Theme;
use crate::tui::update::{Effect, update};
use crate::tui::view::{Role, View};
use crate::tui::{Ranker, keymap};

pub(super) struct Owner {
    desk: Desk,
    writer: store::Writer,
    _lock: store::Lock,
    screens: BTreeMap<ConnId, Screen>,
    /// A view for what comes back with no screen to show it (the writer's answers while no
    /// one is connected).
    spare: View,
    /// Wrong secrets typed at sign-in since the last right one, per person.
    tries: HashMap<String, u32>,
    lang: Lang,
    /// The language asked for with `--lang`, which every screen takes.
    lang_flag: Option<String>,
    ranker: Ranker,
    /// Work left by `update`, with the screen it came from, done after the next frames.
    held: Vec<(Option<ConnId>, Effect)>,
    export: Option<Receiver<std::result::Result<String, String>>>,
    /// The screen whose change was written last: "saved" messages are for it.
    last_writer: Option<ConnId>,
    last_change: Instant,
    building: Option<(u64, store::SnapshotBuilder)>,
    file_queued: u64,
}

/// Messages taken at once before the screens are drawn again.
const BURST: usize = 64;

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
        let lang_flag = lang;
        let lang = Lang::choose(lang, session.language.as_deref(), env_lang.as_deref());
        let mut desk = Desk::new(
            session,
            path.to_path_buf(),
            now(),
            crate::tui::ranking::Variant::default(),
            true,
        );
        desk.saving.file = in_file;
        desk.saving.durable = desk.session.log.events;
        let spare = View::new(&desk, lang, Theme { color: true }, Role::Shared);
        let mut owner = Owner {
            file_queued: in_file,
            desk,
            writer,
            _lock: lock,
            screens: BTreeMap::new(),
            spare,
            tries: HashMap::new(),
            lang,
            lang_flag: lang_flag.map(str::to_string),
            ranker: Ranker::start(),
            held: Vec::new(),
            export: None,
            last_writer: None,
            last_change: Instant::now(),
            building: None,
        };
        // A log carried inside the file (an older file) goes to the journal first.
        owner.after_change(None);
        Ok(owner)
    }

    /// The lines printed when the server starts: where, the host key's fingerprint, and the
    /// command each person types.
    pub fn started(&self, local: SocketAddr, fingerprint: &str) -> String {
        let host = local.ip();
        let ssh = match local.port() {
            22 => format!("ssh ID@{host}"),
            port => format!("ssh -p {port} ID@{host}"),
        };
        T::ServeStarted.fill(
            self.lang,
            &[
                &self.desk.path.display().to_string(),
                &local.to_string(),
                fingerprint,
                &ssh,
            ],
        )
    }

    /// Serves until the SSH side is gone or the process is told to stop; then writes
    /// everything out.
    pub async fn run(mut self, mut rx: mpsc::Receiver<ToOwner>) -> Result<()> {
        let mut stop = Box::pin(stop_signal());
        let mut next_tick = Instant::now();
        loop {
            self.take_answers();
            if self.screens.values().any(|s| s.dirty) {
                self.desk.now = now();
                let connected: Vec<String> = self.screens.values().map(|s| s.who.clone()).collect();
                let names: Vec<&str> = connected.iter().map(String::as_str).collect();
                for s in self.screens.values_mut() {
                    // Each screen's own message waiting for the disk, as drawing reads it.
                    self.desk.saving.confirm = s.confirm.clone();
                    s.draw(&self.desk, &names);
                }
                self.desk.saving.confirm = None;
            }
            // The answer to a key is on every screen first; then the work it started.
            self.carry_out();
            let at = Instant::now();
            let mut deadline = next_tick;
            let answer_due =
                !self.desk.saving.saved() && at < self.last_change + Duration::from_secs(10);
            if answer_due || self.export.is_some() || self.desk.exporting || self.ranker.busy() {
                deadline = deadline.min(at + crate::tui::WRITER_POLL);
            }
            if self.building.is_some() {
                deadline = at;
            } else if self.file_queued < self.desk.saving.sent {
                deadline = deadline.min(self.last_change + crate::tui::SNAPSHOT_IDLE);
            }
            tokio::select! {
                msg = rx.recv() => {
                    let Some(msg) = msg else { break };
                    self.handle(msg);
                    // Keys that arrived together, from many screens, are answered with one
                    // frame per screen rather than one frame per key: a burst does not queue
                    // the last juror behind fourteen redraws.
                    for _ in 0..BURST {
                        match rx.try_recv() {
                            Ok(more) => self.handle(more),
                            Err(_) => break,
                        }
                    }
                    continue;
                }
                () = tokio::time::sleep_until(deadline.into()) => {}
                () = &mut stop => break,
            }
            if self.step_snapshot() {
                continue;
            }
            if Instant::now() >= next_tick {
                self.desk.now = now();
                for s in self.screens.values_mut() {
                    let effects = update(&mut self.desk, &mut s.view, Action::Tick);
                    self.held.extend(effects.into_iter().map(|e| (None, e)));
                    s.dirty = true;
                }
                next_tick = Instant::now() + crate::tui::wait(&self.desk);
            }
        }
        self.close()
    }

    /// What the writer, the ranking thread and the recap report back.
    fn take_answers(&mut self) {
        let mut back = Vec::new();
        while let Some(r) = self.ranker.poll() {
            back.push((None, Action::Ranked(r)));
        }
        while let Some(w) = self.writer.poll() {
            back.push((self.last_writer, Action::Written(w)));
        }
        if let Some(done) = self.export.as_ref().and_then(|rx| rx.try_recv().ok()) {
            self.export = None;
            back.push((self.last_writer, Action::Exported(done)));
        }
        for (conn, a) in back {
            let durable = match &a {
                Action::Written(store::Written::Journal(n)) => Some(*n),
                _ => None,
            };
            self.apply(conn, a);
            if let Some(n) = durable {
                for s in self.screens.values_mut() {
                    if s.confirm.as_ref().is_some_and(|(need, _)| *need <= n)
                        && let Some((_, msg)) = s.confirm.take()
                    {
                        s.view.status = Some((msg, false));
                    }
                }
            }
            self.all_dirty(false);
        }
    }

    /// `action` on the screen `conn` (or the spare view); its work is held for later.
    fn apply(&mut self, conn: Option<ConnId>, action: Action) {
        let view = match conn.and_then(|c| self.screens.get_mut(&c)) {
            Some(s) => &mut s.view,
            None => &mut self.spare,
        };
        let effects = update(&mut self.desk, view, action);
        if let Some(c) = self.desk.saving.confirm.take()
            && let Some(s) = conn.and_then(|c| self.screens.get_mut(&c))
        {
            s.confirm = Some(c);
        }
        let changed = effects.iter().any(|e| matches!(e, Effect::Journal { .. }));
        self.held.extend(
            effects
                .into_iter()
                .filter(|e| !matches!(e, Effect::Quit))
                .map(|e| (conn, e)),
        );
        if changed {
            self.followed(conn);
        }
    }

    /// After a change: every other screen follows it, each keeps to its part, all redraw.
    fn followed(&mut self, by: Option<ConnId>) {
        for (c, s) in self.screens.iter_mut() {
            if Some(*c) != by {
                s.view.follow(&self.desk);
            }
            s.keep_to_part(&self.desk);
            s.dirty = true;
        }
    }

    /// A change made here rather than by a key (a PIN chosen, a lockout): to the journal.
    fn after_change(&mut self, conn: Option<ConnId>) {
        if let Some(e) = self.desk.take_journal() {
            self.held.push((conn, e));
            self.followed(conn);
        }
    }

    fn carry_out(&mut self) {
        let mut later = Vec::new();
        for (conn, effect) in std::mem::take(&mut self.held) {
            match effect {
                e @ Effect::Journal { .. } => {
                    if let Some(failed) = crate::tui::journal(&self.desk, &self.writer, e) {
                        later.push((conn, Action::Written(failed)));
                    }
                    if conn.is_some() {
                        self.last_writer = conn;
                    }
                    self.last_change = Instant::now();
                    self.building = None;
                }
                Effect::Rank(job) => self.ranker.ask(job),
                Effect::Export => {
                    let view = conn
                        .and_then(|c| self.screens.get(&c))
                        .map_or(&self.spare, |s| &s.view);
                    self.export = Some(crate::tui::start_export(&self.desk, view));
                }
                Effect::Quit => {}
            }
        }
        for (conn, a) in later {
            self.apply(conn, a);
            self.all_dirty(false);
        }
    }

    /// Between keys, after five idle seconds, the session file is written in steps; whether
    /// a step was taken.
    fn step_snapshot(&mut self) -> bool {
        if let Some((events, b)) = &mut self.building {
            if b.step(&self.desk.session, crate::tui::SNAPSHOT_STEP) {
                let events = *events;
                if let Some((_, b)) = self.building.take() {
                    self.writer.snapshot(events, b.finish());
                    self.file_queued = events;
                }
            }
            return true;
        }
        if self.file_queued < self.desk.saving.sent
            && Instant::now() >= self.last_change + crate::tui::SNAPSHOT_IDLE
        {
            self.building = Some((self.desk.saving.sent, store::SnapshotBuilder::new()));
            return true;
        }
        false
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
                lang,
            } => {
                // Each screen in its person's language: the --lang given, else the session's,
                // else the client's LANG, else the server's.
                let lang = match lang {
                    Some(l) => Lang::choose(
                        self.lang_flag.as_deref(),
                        self.desk.session.language.as_deref(),
                        Some(&l),
                    ),
                    None => self.lang,
                };
                self.open_screen(conn, who, out, size, kick, lang)
            }
            ToOwner::Keys { conn, keys } => {
                for k in keys {
                    self.key(conn, &k);
                }
            }
            ToOwner::Resize { conn, size } => {
                if let Some(s) = self.screens.get_mut(&conn) {
                    s.resize(size);
                }
                self.apply(Some(conn), Action::Resize(size.0, size.1));
            }
            ToOwner::Drained { conn } => {
                if let Some(s) = self.screens.get_mut(&conn) {
                    s.dirty = true;
                    s.full = true;
                }
            }
            ToOwner::Closed { conn } => {
                if self.screens.remove(&conn).is_some() {
                    self.all_dirty(false);
                }
            }
        }
    }

    /// One key from one screen, kept to what its person may do.
    fn key(&mut self, conn: ConnId, key: &KeyEvent) {
        let Some(s) = self.screens.get_mut(&conn) else {
            return;
        };
        // The chair's nudge, a key of a served panel only: no dialog open, not while typing.
        if s.person == roles::Person::Chair
            && key.code == crossterm::event::KeyCode::Char('N')
            && s.view.modal.is_none()
        {
            self.nudge(conn);
            return;
        }
        let Some(action) = keymap::action(s.view.ctx(), key) else {
            return;
        };
        s.dirty = true;
        if action == Action::Quit {
            s.close(T::ServeBye.get(s.view.lang));
            self.screens.remove(&conn);
            self.all_dirty(false);
            return;
        }
        if !roles::allowed(&s.person, s.view.screen, &action) {
            s.view.status = Some((s.view.t(T::ServeNotYours).into(), true));
            return;
        }
        self.desk.now = now();
        let leave = action == Action::Leave;
        self.apply(Some(conn), action);
        if let Some(s) = self.screens.get_mut(&conn) {
            // A juror leaving their sheet goes to the stage (there is no one to hand over to).
            if leave && matches!(s.person, roles::Person::Juror(_)) {
                s.view.screen = crate::tui::action::Screen::Stage;
                s.view.scoring = Default::default();
            }
            s.keep_to_part(&self.desk);
        }
    }

    /// Tells every juror still awaited for the entry on stage, on their screen, that the chair
    /// asks for their sheet; the chair is told whom.
    fn nudge(&mut self, chair: ConnId) {
        let (entry, waiting) = match super::panel::awaited(&self.desk.session) {
            Some((e, _, w)) if !w.is_empty() => (
                e.to_string(),
                w.iter().map(|j| j.to_string()).collect::<Vec<_>>(),
            ),
            _ => {
                if let Some(s) = self.screens.get_mut(&chair) {
                    s.view.status = Some((s.view.t(T::ServeNoOneToNudge).into(), false));
                    s.dirty = true;
                }
                return;
            }
        };
        for s in self.screens.values_mut() {
            if let roles::Person::Juror(j) = &s.person
                && waiting.contains(j)
            {
                s.view.status = Some((T::ServeNudged.fill(s.view.lang, &[&entry]), true));
                s.dirty = true;
            }
        }
        if let Some(s) = self.screens.get_mut(&chair) {
            s.view.status = Some((
                T::ServeNudgeSent.fill(s.view.lang, &[&waiting.join(", ")]),
                false,
            ));
            s.dirty = true;
        }
    }

    fn credentials(&self, who: &str) -> Option<Credentials> {
        let s = &self.desk.session;
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
            if self.desk.session.apply(who, change, now()).is_ok() {
                self.after_change(None);
            }
        }
    }

    /// The PIN chosen after signing in with an invite code: set, and the code used up.
    fn choose_pin(&mut self, who: &str, hash: String) -> bool {
        let at = now();
        let s = &mut self.desk.session;
        let change = Change::SetPin {
            who: who.to_string(),
            hash,
        };
        let clear = Change::ClearPin {
            who: pin::invite_key(who),
        };
        let ok = s.apply(who, change, at).is_ok() && s.apply(who, clear, at).is_ok();
        self.after_change(None);
        ok
    }

    fn open_screen(
        &mut self,
        conn: ConnId,
        who: String,
        out: wire::Outbox,
        size: (u16, u16),
        kick: oneshot::Sender<Vec<u8>>,
        lang: Lang,
    ) {
        // The same person signing in again takes the screen over: the older one is told and
        // closed (a laptop that dropped off comes back without waiting for its old connection
        // to time out). Their draft is in the session, not in the screen.
        let older: Vec<ConnId> = self
            .screens
            .iter()
            .filter(|(_, s)| s.who == who)
            .map(|(c, _)| *c)
            .collect();
        for c in older {
            if let Some(mut s) = self.screens.remove(&c) {
                s.close(T::ServeTakenOver.get(s.view.lang));
            }
        }
        self.desk.now = now();
        if let Some(s) = Screen::new(&self.desk, who, out, size, kick, lang) {
            self.screens.insert(conn, s);
            self.apply(Some(conn), Action::Resize(size.0, size.1));
        }
        self.all_dirty(false);
    }

    fn close(mut self) -> Result<()> {
        for s in self.screens.values_mut() {
            s.close(T::ServeStopped.get(s.view.lang));
        }
        self.carry_out();
        if let Some(e) = self.desk.take_journal() {
            let _ = crate::tui::journal(&self.desk, &self.writer, e);
        }
        if self.desk.saving.file < self.desk.saving.sent {
            self.writer
                .snapshot(self.desk.saving.sent, store::snapshot(&self.desk.session));
        }
        for w in self.writer.finish() {
            update(&mut self.desk, &mut self.spare, Action::Written(w));
        }
        let sv = &self.desk.saving;
        if sv.durable < sv.sent {
            return Err(Error::rejected(format!(
                "the last {} changes could not be written to {}: {}",
                sv.sent - sv.durable,
                store::journal_path(&self.desk.path).display(),
                sv.error.as_deref().unwrap_or("unknown error")
            )));
        }
        Ok(())
    }
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
