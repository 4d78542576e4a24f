//! The SSH side of a served panel (russh): accepting connections within limits, who is who
//! (the SSH user name is the juror's id, `chair` or `presenter`; the secret is the person's PIN,
//! or once their invite code, after which they choose a PIN), and one screen per connection.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::server::{Auth, ChannelOpenHandle, Config, Handler, Msg, Response, Session};
use russh::{Channel, ChannelId, ChannelMsg, MethodKind, MethodSet};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, mpsc, oneshot};

use super::{ConnId, Credentials, ToOwner, input, wire};
use crate::model::pin;

/// Connections not yet signed in, from one address and in all: a flood of handshakes is
/// refused at the door instead of costing the others.
pub const PENDING_PER_ADDRESS: usize = 8;
pub const PENDING_TOTAL: usize = 32;
/// Connections in all, signed in or not.
pub const CONNECTIONS_TOTAL: usize = 128;
/// Time to sign in before the connection is closed.
pub const SIGN_IN_WITHIN: Duration = Duration::from_secs(60);
/// PIN checks running at once (each takes about 64 MiB and half a second).
pub const CHECKS_AT_ONCE: usize = 2;
/// Longest SSH user name looked up.
const MAX_USER: usize = 64;

/// The russh configuration of a served panel.
pub fn config(key: russh::keys::PrivateKey) -> Config {
    Config {
        methods: MethodSet::from(&[MethodKind::KeyboardInteractive, MethodKind::Password][..]),
        auth_rejection_time: Duration::from_millis(500),
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: 6,
        keys: vec![key],
        inactivity_timeout: Some(Duration::from_secs(3600)),
        keepalive_interval: Some(Duration::from_secs(30)),
        nodelay: true,
        ..Default::default()
    }
}

/// Counts of connections, to keep within the limits above.
#[derive(Default)]
struct Counts {
    pending: HashMap<IpAddr, usize>,
    pending_total: usize,
    total: usize,
}

/// A connection's place in [`Counts`], given back when it ends or signs in.
struct Ticket {
    counts: Arc<Mutex<Counts>>,
    ip: IpAddr,
    pending: bool,
}

impl Ticket {
    fn take(counts: &Arc<Mutex<Counts>>, ip: IpAddr) -> Option<Ticket> {
        let mut c = counts.lock().ok()?;
        let here = c.pending.get(&ip).copied().unwrap_or(0);
        if c.total >= CONNECTIONS_TOTAL
            || c.pending_total >= PENDING_TOTAL
            || here >= PENDING_PER_ADDRESS
        {
            return None;
        }
        c.total += 1;
        c.pending_total += 1;
        *c.pending.entry(ip).or_default() += 1;
        Some(Ticket {
            counts: counts.clone(),
            ip,
            pending: true,
        })
    }

    fn signed_in(&mut self) {
        if std::mem::replace(&mut self.pending, false)
            && let Ok(mut c) = self.counts.lock()
        {
            unpend(&mut c, self.ip);
        }
    }
}

fn unpend(c: &mut Counts, ip: IpAddr) {
    c.pending_total -= 1;
    if let Some(n) = c.pending.get_mut(&ip) {
        *n -= 1;
        if *n == 0 {
            c.pending.remove(&ip);
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if let Ok(mut c) = self.counts.lock() {
            c.total -= 1;
            if self.pending {
                unpend(&mut c, self.ip);
            }
        }
    }
}

/// Accepts connections on `listener` until the owner is gone.
pub async fn accept(listener: TcpListener, config: Arc<Config>, owner: mpsc::Sender<ToOwner>) {
    let counts = Arc::new(Mutex::new(Counts::default()));
    let checks = Arc::new(Semaphore::new(CHECKS_AT_ONCE));
    let mut next: ConnId = 0;
    loop {
        let Ok((stream, peer)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        if owner.is_closed() {
            return;
        }
        let Some(ticket) = Ticket::take(&counts, peer.ip()) else {
            // Over the limits: closed at once, before any cryptography.
            drop(stream);
            continue;
        };
        next += 1;
        let conn = Conn {
            id: next,
            peer,
            owner: owner.clone(),
            checks: checks.clone(),
            ticket: Some(ticket),
            user: None,
            stage: Stage::Secret,
            opened: false,
            signed_in: Arc::new(std::sync::atomic::AtomicBool::new(false)),
        };
        let signed_in = conn.signed_in.clone();
        let config = config.clone();
        let task = tokio::spawn(async move {
            if let Ok(session) = russh::server::run_stream(config, stream, conn).await {
                let _ = session.await;
            }
        });
        // A connection that does not sign in in time is closed.
        tokio::spawn(async move {
            tokio::time::sleep(SIGN_IN_WITHIN).await;
            if !signed_in.load(std::sync::atomic::Ordering::Relaxed) {
                task.abort();
            }
        });
    }
}

/// Where a keyboard-interactive sign-in stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Asking for the PIN or the invite code.
    Secret,
    /// The invite code was right: asking for a new PIN, twice.
    NewPin,
}

/// One SSH connection.
struct Conn {
    id: ConnId,
    #[allow(dead_code)]
    peer: SocketAddr,
    owner: mpsc::Sender<ToOwner>,
    checks: Arc<Semaphore>,
    ticket: Option<Ticket>,
    /// Who signed in (or is signing in).
    user: Option<String>,
    stage: Stage,
    opened: bool,
    signed_in: Arc<std::sync::atomic::AtomicBool>,
}

/// What a secret typed at sign-in turned out to be.
enum Checked {
    Pin,
    Invite,
    Wrong,
    /// Unknown person, or locked: refused without a try counted.
    Refused,
}

impl Conn {
    async fn credentials(&self, user: &str) -> Option<Credentials> {
        if user.len() > MAX_USER {
            return None;
        }
        let (reply, answer) = oneshot::channel();
        self.owner
            .send(ToOwner::Credentials {
                who: user.to_string(),
                reply,
            })
            .await
            .ok()?;
        answer.await.ok().flatten()
    }

    /// Checks `secret` against `user`'s PIN and invite code, counting a wrong one.
    async fn check(&self, user: &str, secret: &str, invite_allowed: bool) -> Checked {
        let Some(creds) = self.credentials(user).await else {
            return Checked::Refused;
        };
        if creds.locked {
            return Checked::Refused;
        }
        let Ok(_permit) = self.checks.acquire().await else {
            return Checked::Refused;
        };
        let secret = secret.to_string();
        let verdict = tokio::task::spawn_blocking(move || {
            if let Some(h) = &creds.pin
                && pin::valid(&secret)
                && pin::check(&secret, h)
            {
                return Checked::Pin;
            }
            if invite_allowed
                && let Some(h) = &creds.invite
                && pin::check(&pin::normal_code(&secret), h)
            {
                return Checked::Invite;
            }
            Checked::Wrong
        })
        .await
        .unwrap_or(Checked::Refused);
        let ok = match verdict {
            Checked::Pin | Checked::Invite => Some(true),
            Checked::Wrong => Some(false),
            Checked::Refused => None,
        };
        if let Some(ok) = ok {
            let _ = self
                .owner
                .send(ToOwner::Tried {
                    who: user.to_string(),
                    ok,
                })
                .await;
        }
        verdict
    }

    fn accept(&mut self, user: &str) -> Auth {
        self.user = Some(user.to_string());
        self.signed_in
            .store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = &mut self.ticket {
            t.signed_in();
        }
        Auth::Accept
    }
}

fn prompt(text: &'static str) -> (std::borrow::Cow<'static, str>, bool) {
    (text.into(), false)
}

impl Handler for Conn {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        Ok(Auth::Reject {
            proceed_with_methods: None,
            partial_success: false,
        })
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        // A password is a PIN: an invite code needs the prompts that choose a PIN after it.
        Ok(match self.check(user, password, false).await {
            Checked::Pin => self.accept(user),
            _ => Auth::reject(),
        })
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        response: Option<Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        let Some(response) = response else {
            if self.credentials(user).await.is_none_or(|c| c.locked) {
                return Ok(Auth::reject());
            }
            self.stage = Stage::Secret;
            self.user = Some(user.to_string());
            return Ok(Auth::Partial {
                name: "juri".into(),
                instructions: "".into(),
                prompts: vec![prompt("PIN (or your invite code): ")].into(),
            });
        };
        let answers: Vec<String> = response
            .take(2)
            .map(|b| String::from_utf8_lossy(&b).trim().to_string())
            .collect();
        if self.user.as_deref() != Some(user) {
            return Ok(Auth::reject());
        }
        match self.stage {
            Stage::Secret => match self
                .check(user, answers.first().map_or("", String::as_str), true)
                .await
            {
                Checked::Pin => Ok(self.accept(user)),
                Checked::Invite => {
                    self.stage = Stage::NewPin;
                    Ok(Auth::Partial {
                        name: "juri".into(),
                        instructions:
                            "Choose your PIN: 4 to 8 digits, typed at every later sign-in.".into(),
                        prompts: vec![
                            prompt("New PIN (4 to 8 digits): "),
                            prompt("The new PIN again: "),
                        ]
                        .into(),
                    })
                }
                Checked::Wrong | Checked::Refused => Ok(Auth::reject()),
            },
            Stage::NewPin => {
                let (a, b) = match answers.as_slice() {
                    [a, b] => (a.clone(), b.clone()),
                    _ => return Ok(Auth::reject()),
                };
                if a != b || !pin::valid(&a) {
                    return Ok(Auth::Partial {
                        name: "juri".into(),
                        instructions: "The two PINs differ or are not 4 to 8 digits; again.".into(),
                        prompts: vec![
                            prompt("New PIN (4 to 8 digits): "),
                            prompt("The new PIN again: "),
                        ]
                        .into(),
                    });
                }
                let Ok(permit) = self.checks.clone().acquire_owned().await else {
                    return Ok(Auth::reject());
                };
                let hash = tokio::task::spawn_blocking(move || {
                    let _permit = permit;
                    pin::hash(&a)
                })
                .await
                .ok()
                .and_then(Result::ok);
                let Some(hash) = hash else {
                    return Ok(Auth::reject());
                };
                let (reply, answer) = oneshot::channel();
                let sent = self
                    .owner
                    .send(ToOwner::ChoosePin {
                        who: user.to_string(),
                        hash,
                        reply,
                    })
                    .await;
                if sent.is_ok() && answer.await.is_ok_and(|r| r) {
                    Ok(self.accept(user))
                } else {
                    Ok(Auth::reject())
                }
            }
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(who) = self.user.clone().filter(|_| !self.opened) else {
            // One screen a connection.
            drop(reply);
            return Ok(());
        };
        self.opened = true;
        reply.accept().await;
        let (read, write) = channel.split();
        tokio::spawn(screen(
            self.id,
            who,
            read,
            write,
            session.handle(),
            self.owner.clone(),
        ));
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        _col_width: u32,
        _row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Read by the screen (LANG); accepted so that no client complains.
        session.channel_success(channel)?;
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // juri serves screens only.
        session.channel_failure(channel)?;
        Ok(())
    }
}

/// A terminal size from what a client asked, at least 1x1.
fn size(cols: u32, rows: u32) -> (u16, u16) {
    let clamp = |v: u32| u16::try_from(v).unwrap_or(u16::MAX).clamp(1, 1000);
    (clamp(cols), clamp(rows))
}

/// One connection's screen: input from the client to the owner, frames from the owner to the
/// client, until either end goes.
async fn screen(
    conn: ConnId,
    who: String,
    mut read: russh::ChannelReadHalf,
    write: russh::ChannelWriteHalf<Msg>,
    handle: russh::server::Handle,
    owner: mpsc::Sender<ToOwner>,
) {
    let (out, mut inbox) = wire::outbox();
    let (kick_tx, mut kick) = oneshot::channel::<Vec<u8>>();
    let mut size_now = (80, 24);
    // The client's language (ssh sends LANG where its configuration says SendEnv LANG).
    let mut lang: Option<String> = None;
    let mut opened = false;
    let mut out = Some(out);
    let mut kick_tx = Some(kick_tx);
    let open = |size: (u16, u16),
                out: wire::Outbox,
                kick: oneshot::Sender<Vec<u8>>,
                lang: Option<String>| ToOwner::Open {
        conn,
        who: who.clone(),
        out,
        size,
        kick,
        lang,
    };
    loop {
        tokio::select! {
            // A screen closed by the owner is told why before its frames are seen to end.
            biased;
            why = &mut kick => {
                // Signed in elsewhere, or the server stops: say so, then close.
                if let Ok(bytes) = why {
                    let _ = tokio::time::timeout(Duration::from_secs(2), write.data_bytes(bytes)).await;
                }
                let _ = write.eof().await;
                let _ = write.close().await;
                break;
            }
            msg = read.wait() => {
                let Some(msg) = msg else { break };
                match msg {
                    ChannelMsg::RequestPty { col_width, row_height, .. } => {
                        size_now = size(col_width, row_height);
                        if opened {
                            let _ = owner.send(ToOwner::Resize { conn, size: size_now }).await;
                        }
                    }
                    ChannelMsg::RequestShell { .. } if !opened => {
                        if let (Some(o), Some(k)) = (out.take(), kick_tx.take()) {
                            opened = owner.send(open(size_now, o, k, lang.take())).await.is_ok();
                        }
                    }
                    ChannelMsg::WindowChange { col_width, row_height, .. } => {
                        size_now = size(col_width, row_height);
                        if opened {
                            let _ = owner.send(ToOwner::Resize { conn, size: size_now }).await;
                        }
                    }
                    ChannelMsg::Data { data } if opened => {
                        let keys = input::keys(&data);
                        if !keys.is_empty() && owner.send(ToOwner::Keys { conn, keys }).await.is_err() {
                            break;
                        }
                    }
                    ChannelMsg::SetEnv { variable_name, variable_value, .. }
                        if matches!(variable_name.as_str(), "LANG" | "LC_ALL" | "LC_MESSAGES")
                            && variable_value.len() <= 64 =>
                    {
                        lang = Some(variable_value);
                    }
                    ChannelMsg::Eof | ChannelMsg::Close => break,
                    _ => {}
                }
            }
            frame = inbox.frames.recv() => {
                let Some(frame) = frame else { break };
                if write.data_bytes(frame).await.is_err() {
                    break;
                }
                if inbox.drained_after_drop() {
                    let _ = owner.send(ToOwner::Drained { conn }).await;
                }
            }
        }
    }
    let _ = owner.send(ToOwner::Closed { conn }).await;
    let _ = handle
        .disconnect(
            russh::Disconnect::ByApplication,
            String::new(),
            String::new(),
        )
        .await;
}
