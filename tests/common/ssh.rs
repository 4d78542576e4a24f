//! `juri serve` in a sandbox, and SSH clients (russh's) on it whose screens are read through
//! vt100.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::ChannelMsg;
use russh::client::{self, Handle, KeyboardInteractiveAuthResponse};
use russh::keys::HashAlg;
use russh::keys::PublicKeyOrCertificate;

use super::sandbox::Sandbox;

/// A running `juri serve FILE --listen 127.0.0.1:0`: its port and host key fingerprint.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub fingerprint: String,
    pub printed: String,
}

impl Server {
    pub fn start(sb: &Sandbox, file: &str) -> Server {
        let mut child = sb
            .command(&["serve", file, "--listen", "127.0.0.1:0"])
            .env("JURI_PIN_COST", "test")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start juri serve");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut printed = String::new();
        let (mut port, mut fingerprint) = (None, None);
        while port.is_none() || fingerprint.is_none() || !printed.contains("ssh -p") {
            let mut line = String::new();
            if out.read_line(&mut line).unwrap() == 0 {
                let mut err = String::new();
                let _ = std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err);
                panic!("juri serve ended before listening:\n{printed}\n{err}");
            }
            printed.push_str(&line);
            if let Some(rest) = line.trim().rsplit_once(" on 127.0.0.1:") {
                port = rest.1.parse().ok();
            }
            if let Some(f) = line.trim().strip_prefix("host key fingerprint: ") {
                fingerprint = Some(f.to_string());
            }
        }
        // The rest of what it prints is not read: keep the pipe open in a thread.
        std::thread::spawn(move || {
            let mut sink = String::new();
            while out.read_line(&mut sink).is_ok_and(|n| n > 0) {
                sink.clear();
            }
        });
        Server {
            child,
            port: port.unwrap(),
            fingerprint: fingerprint.unwrap(),
            printed,
        }
    }

    pub fn kill_9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, then waits for it to end; its exit code.
    pub fn stop(&mut self) -> Option<i32> {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        self.child.wait().ok().and_then(|s| s.code())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Trusts only the host key with the fingerprint juri printed.
pub struct Known(pub String);

impl client::Handler for Known {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(match key {
            PublicKeyOrCertificate::PublicKey { key, .. } => {
                key.fingerprint(HashAlg::Sha256).to_string() == self.0
            }
            _ => false,
        })
    }
}

pub fn config() -> Arc<client::Config> {
    Arc::new(client::Config {
        inactivity_timeout: Some(Duration::from_secs(120)),
        nodelay: true,
        ..Default::default()
    })
}

/// Connects and signs in as `user`, answering the prompts with `answers` in turn; `None`
/// when the server refuses.
pub async fn sign_in(server: &Server, user: &str, answers: &[&str]) -> Option<Handle<Known>> {
    sign_in_from(server, "127.0.0.1", user, answers).await
}

/// [`sign_in`] from the loopback address `from` (127.0.0.2 is another machine to the server).
pub async fn sign_in_from(
    server: &Server,
    from: &str,
    user: &str,
    answers: &[&str],
) -> Option<Handle<Known>> {
    let socket = tokio::net::TcpSocket::new_v4().ok()?;
    socket.bind(format!("{from}:0").parse().ok()?).ok()?;
    let stream = socket
        .connect(format!("127.0.0.1:{}", server.port).parse().ok()?)
        .await
        .ok()?;
    stream.set_nodelay(true).ok()?;
    let mut h = client::connect_stream(config(), stream, Known(server.fingerprint.clone()))
        .await
        .ok()?;
    let mut reply = h
        .authenticate_keyboard_interactive_start(user, None)
        .await
        .ok()?;
    let mut answers = answers.iter();
    loop {
        match reply {
            KeyboardInteractiveAuthResponse::Success => return Some(h),
            KeyboardInteractiveAuthResponse::Failure { .. } => return None,
            KeyboardInteractiveAuthResponse::InfoRequest { prompts, .. } => {
                let mut r = Vec::new();
                for _ in &prompts {
                    r.push(answers.next()?.to_string());
                }
                reply = h.authenticate_keyboard_interactive_respond(r).await.ok()?;
            }
        }
    }
}

/// A signed-in screen: what the client's terminal shows.
pub struct Screen {
    pub handle: Handle<Known>,
    write: russh::ChannelWriteHalf<client::Msg>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    pub closed: Arc<std::sync::atomic::AtomicBool>,
    /// Bytes of screen received.
    pub bytes: Arc<std::sync::atomic::AtomicUsize>,
}

impl Screen {
    pub async fn open(handle: Handle<Known>, width: u16, height: u16) -> Screen {
        Screen::open_reading(handle, width, height, None, None).await
    }

    /// [`Screen::open`] from a client that sends its `LANG`.
    pub async fn open_with_lang(
        handle: Handle<Known>,
        width: u16,
        height: u16,
        lang: &str,
    ) -> Screen {
        Screen::open_reading(handle, width, height, None, Some(lang)).await
    }

    /// A screen whose client reads nothing until `resume` is notified (a laptop asleep, a
    /// network gone quiet): what the server sends piles up.
    pub async fn open_paused(
        handle: Handle<Known>,
        width: u16,
        height: u16,
        resume: Arc<tokio::sync::Notify>,
    ) -> Screen {
        Screen::open_reading(handle, width, height, Some(resume), None).await
    }

    async fn open_reading(
        handle: Handle<Known>,
        width: u16,
        height: u16,
        resume: Option<Arc<tokio::sync::Notify>>,
        lang: Option<&str>,
    ) -> Screen {
        let channel = handle.channel_open_session().await.unwrap();
        if let Some(l) = lang {
            channel.set_env(false, "LANG", l).await.unwrap();
        }
        channel
            .request_pty(true, "xterm", width.into(), height.into(), 0, 0, &[])
            .await
            .unwrap();
        channel.request_shell(true).await.unwrap();
        let (mut read, write) = channel.split();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(height), nz(width), 0)));
        let closed = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let bytes = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (p, c, b) = (parser.clone(), closed.clone(), bytes.clone());
        tokio::spawn(async move {
            if let Some(r) = resume {
                r.notified().await;
            }
            while let Some(msg) = read.wait().await {
                match msg {
                    ChannelMsg::Data { data } => {
                        b.fetch_add(data.len(), std::sync::atomic::Ordering::Relaxed);
                        p.lock().unwrap().process(&data);
                    }
                    ChannelMsg::Eof | ChannelMsg::Close => break,
                    _ => {}
                }
            }
            c.store(true, std::sync::atomic::Ordering::Relaxed);
        });
        Screen {
            handle,
            write,
            parser,
            closed,
            bytes,
        }
    }

    pub fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub async fn send(&self, bytes: &str) {
        self.write
            .data_bytes(bytes.as_bytes().to_vec())
            .await
            .unwrap();
    }

    /// [`Screen::send`] as a future that owns its bytes (to send on many screens at once).
    pub async fn send_owned(&self, bytes: String) {
        self.send(&bytes).await
    }

    pub async fn resize(&self, width: u16, height: u16) {
        self.parser.lock().unwrap().set_size(nz(height), nz(width));
        self.write
            .window_change(width.into(), height.into(), 0, 0)
            .await
            .unwrap();
    }

    /// Waits until the screen shows every one of `texts`; the screen, or a panic naming what
    /// it showed.
    pub async fn wait_for(&self, texts: &[&str], timeout: Duration) -> String {
        let until = Instant::now() + timeout;
        loop {
            let t = self.text();
            if texts.iter().all(|x| t.contains(x)) {
                return t;
            }
            if Instant::now() > until {
                panic!("waited {timeout:?} for {texts:?}; the screen shows:\n{t}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(std::sync::atomic::Ordering::Relaxed)
    }
}

fn nz(v: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(v.max(1)).unwrap()
}
