//! `juri serve`: one juri holds the session, and every member of the panel opens their own
//! screen on it over SSH, at the same time.
//!
//! One owner (src/serve/owner.rs) holds the session, its lock and its journal's writer, and
//! every connection's screen state; it applies keys and draws every screen. The SSH side
//! (ssh.rs) signs people in and carries bytes: input becomes keys (input.rs), frames go out
//! through a short queue that never makes the owner wait for a slow client (wire.rs).

pub mod hostkey;
pub mod input;
mod owner;
pub mod panel;
pub mod roles;
mod screen;
mod ssh;
pub mod wire;

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::Path;
use std::sync::Arc;

use crossterm::event::KeyEvent;
use tokio::sync::{mpsc, oneshot};

use crate::error::{Error, Result};
use crate::store;

/// A connection's number, unique while the server runs.
pub type ConnId = u64;

/// What the SSH side asks of, or tells, the owner of the session.
pub(crate) enum ToOwner {
    /// The PIN and invite hashes of `who`, or `None` for a user the session does not know.
    Credentials {
        who: String,
        reply: oneshot::Sender<Option<Credentials>>,
    },
    /// A secret typed at sign-in was right or wrong (wrong ones count toward the lockout).
    Tried {
        who: String,
        ok: bool,
    },
    /// `who` signed in with their invite code and chose a PIN (its hash): set it and use up
    /// the code; the answer says whether it was set.
    ChoosePin {
        who: String,
        hash: String,
        reply: oneshot::Sender<bool>,
    },
    /// A signed-in connection asks for its screen.
    Open {
        conn: ConnId,
        who: String,
        out: wire::Outbox,
        size: (u16, u16),
        kick: oneshot::Sender<Vec<u8>>,
        /// The client's LANG, if it sent one.
        lang: Option<String>,
    },
    Keys {
        conn: ConnId,
        keys: Vec<KeyEvent>,
    },
    Resize {
        conn: ConnId,
        size: (u16, u16),
    },
    /// A client read every queued frame after some were dropped: draw it again in full.
    Drained {
        conn: ConnId,
    },
    Closed {
        conn: ConnId,
    },
}

/// What sign-in checks a typed secret against.
#[derive(Clone)]
pub(crate) struct Credentials {
    pub pin: Option<String>,
    pub invite: Option<String>,
    pub locked: bool,
}

/// Where to listen: `HOST:PORT`, or a bare port on this machine only.
fn address(listen: &str) -> Result<SocketAddr> {
    let text = if listen.parse::<u16>().is_ok() {
        format!("127.0.0.1:{listen}")
    } else {
        listen.to_string()
    };
    text.to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| {
            Error::usage(crate::error::Msg::new(
                crate::i18n::T::ServeBadListen,
                &[&listen],
            ))
        })
}

/// Serves the session at `path` on `listen` until interrupted (Ctrl-C or SIGTERM).
pub fn run(path: &Path, listen: &str, lang: Option<&str>) -> Result<()> {
    let addr = address(listen)?;
    let lock = store::lock(path)?;
    let (mut session, in_file) = store::load_counting(path)?;
    store::check_before_write(path, &mut session)?;
    let key_path = hostkey::path_in(&store::data_dir()?);
    let key = hostkey::load_or_create(&key_path)?;
    let fingerprint = hostkey::fingerprint(&key);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("start", "the server", e))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::io("listen on", addr.to_string(), e))?;
        let local = listener
            .local_addr()
            .map_err(|e| Error::io("listen on", addr.to_string(), e))?;
        let owner = owner::Owner::open(session, in_file, path, lang, lock)?;
        println!("{}", owner.started(local, &fingerprint));
        use std::io::Write;
        let _ = std::io::stdout().flush();
        let (tx, rx) = mpsc::channel(256);
        tokio::spawn(ssh::accept(listener, Arc::new(ssh::config(key)), tx));
        owner.run(rx).await
    })
}
