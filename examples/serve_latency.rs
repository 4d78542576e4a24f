//! Key latency, memory and idle CPU of `juri serve` with a panel of 15 jurors connected over
//! loopback SSH, next to a blank ratatui frame sent over the same SSH path.
//!
//! ```sh
//! cargo build --release --bins --examples
//! cargo run --release --example serve_latency              # 200 entries, 40 keys per juror
//! cargo run --release --example serve_latency -- 1000 --keys 60
//! ```
//!
//! A generated session (15 jurors, `juri::gen::generate` then `prepare_live`) is invited and
//! served by the release `juri` in a temporary `JURI_HOME`. Fifteen russh clients sign in as
//! the fifteen jurors (120x40 each) and all type at once: each sends `↓`/`↑` on their own sheet,
//! and a key's latency is the time from sending it to the first bytes of that client's screen
//! answering it; the next key follows once its screen has been quiet for a moment. The floor is
//! the same clients against a russh server in this process that answers every key with a
//! minimal ratatui frame (one paragraph, as examples/minimal_ratatui.rs).
//!
//! Memory per connection: the server's VmRSS with 16 screens (the 15 jurors and the presenter)
//! less its VmRSS before any, over 16. Idle CPU: the server's utime+stime (/proc/PID/stat)
//! over 10 s with those 16 screens and the clock on stage running, as a percentage of one core.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::client::{self, KeyboardInteractiveAuthResponse};
use russh::keys::{HashAlg, PublicKeyOrCertificate};
use russh::server::{self, Auth, ChannelOpenHandle, Msg, Session};
use russh::{Channel, ChannelMsg};
use tokio::sync::mpsc;

const COLS: u16 = 120;
const ROWS: u16 = 40;
const SETTLE: Duration = Duration::from_millis(30);
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";

struct Trust(Option<String>);

impl client::Handler for Trust {
    type Error = russh::Error;
    async fn check_server_key(
        &mut self,
        key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(match (key, &self.0) {
            (PublicKeyOrCertificate::PublicKey { key, .. }, Some(f)) => {
                key.fingerprint(HashAlg::Sha256).to_string() == *f
            }
            (_, None) => true,
            _ => false,
        })
    }
}

/// One client's screen: the time of every data message it received.
struct Client {
    write: russh::ChannelWriteHalf<client::Msg>,
    got: Arc<Mutex<Vec<Instant>>>,
    _handle: client::Handle<Trust>,
}

async fn connect(port: u16, trust: Option<String>, user: &str, answers: &[String]) -> Client {
    let config = Arc::new(client::Config {
        nodelay: true,
        ..Default::default()
    });
    let mut h = client::connect(config, ("127.0.0.1", port), Trust(trust))
        .await
        .expect("connect");
    let mut reply = h
        .authenticate_keyboard_interactive_start(user, None)
        .await
        .expect("sign in");
    let mut answers = answers.iter();
    loop {
        match reply {
            KeyboardInteractiveAuthResponse::Success => break,
            KeyboardInteractiveAuthResponse::Failure { .. } => panic!("{user} refused"),
            KeyboardInteractiveAuthResponse::InfoRequest { prompts, .. } => {
                let r = prompts
                    .iter()
                    .map(|_| answers.next().cloned().unwrap_or_default())
                    .collect();
                reply = h
                    .authenticate_keyboard_interactive_respond(r)
                    .await
                    .expect("answer");
            }
        }
    }
    let channel = h.channel_open_session().await.expect("a channel");
    channel
        .request_pty(true, "xterm", COLS.into(), ROWS.into(), 0, 0, &[])
        .await
        .expect("pty");
    channel.request_shell(true).await.expect("shell");
    let (mut read, write) = channel.split();
    let got = Arc::new(Mutex::new(Vec::new()));
    let g = got.clone();
    tokio::spawn(async move {
        while let Some(m) = read.wait().await {
            if let ChannelMsg::Data { .. } = m {
                g.lock().unwrap().push(Instant::now());
            }
        }
    });
    Client {
        write,
        got,
        _handle: h,
    }
}

impl Client {
    async fn quiet(&self) {
        loop {
            let last = self.got.lock().unwrap().last().copied();
            if last.is_some_and(|t| t.elapsed() >= SETTLE) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Sends `keys` keys, one after the other settles; each key's latency.
    async fn type_keys(&self, keys: usize) -> Vec<Duration> {
        let mut out = Vec::new();
        self.quiet().await;
        for i in 0..keys {
            let before = self.got.lock().unwrap().len();
            let sent = Instant::now();
            let key = if i % 2 == 0 { DOWN } else { UP };
            self.write
                .data_bytes(key.as_bytes().to_vec())
                .await
                .expect("send");
            let answer = loop {
                if let Some(t) = self.got.lock().unwrap().get(before) {
                    break *t;
                }
                if sent.elapsed() > Duration::from_secs(30) {
                    panic!("no answer to a key in 30 s");
                }
                tokio::time::sleep(Duration::from_micros(200)).await;
            };
            out.push(answer.saturating_duration_since(sent));
            self.quiet().await;
        }
        out
    }
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// All clients type at once; the per-connection p50s and the p99 of every key.
async fn panel(clients: &[Client], keys: usize) -> (Vec<Duration>, Duration) {
    let mut all = Vec::new();
    let mut medians = Vec::new();
    let runs = clients.iter().map(|c| c.type_keys(keys));
    for mut l in futures_join(runs).await {
        l.sort();
        medians.push(pct(&l, 0.5));
        all.extend(l);
    }
    all.sort();
    (medians, pct(&all, 0.99))
}

async fn futures_join<F: std::future::Future<Output = Vec<Duration>>>(
    runs: impl Iterator<Item = F>,
) -> Vec<Vec<Duration>> {
    let mut set = Vec::new();
    for r in runs {
        set.push(r);
    }
    let mut out = Vec::new();
    // Driven together: each in its own task would need 'static clients.
    let mut pinned: Vec<_> = set.into_iter().map(Box::pin).collect();
    let mut done: Vec<Option<Vec<Duration>>> = vec![None; pinned.len()];
    std::future::poll_fn(|cx| {
        let mut all = true;
        for (i, f) in pinned.iter_mut().enumerate() {
            if done[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => done[i] = Some(v),
                    std::task::Poll::Pending => all = false,
                }
            }
        }
        if all {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    for d in done {
        out.push(d.unwrap_or_default());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The floor: a minimal ratatui frame per key, over russh.

#[derive(Clone)]
struct Blank;

struct BlankConn;

impl server::Server for Blank {
    type Handler = BlankConn;
    fn new_client(&mut self, _: Option<std::net::SocketAddr>) -> BlankConn {
        BlankConn
    }
}

impl server::Handler for BlankConn {
    type Error = russh::Error;

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        _: &str,
        _: &str,
        _: Option<server::Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        Ok(Auth::Accept)
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.accept().await;
        let (mut read, write) = channel.split();
        tokio::spawn(async move {
            let (tx, mut rx) = mpsc::unbounded_channel::<Vec<u8>>();
            let out = Sink(Vec::new(), tx);
            let mut term = ratatui::Terminal::with_options(
                ratatui::backend::CrosstermBackend::new(out),
                ratatui::TerminalOptions {
                    viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(
                        0, 0, COLS, ROWS,
                    )),
                },
            )
            .unwrap();
            let mut keys = 0u64;
            let draw = |term: &mut ratatui::Terminal<ratatui::backend::CrosstermBackend<Sink>>,
                        keys: u64| {
                let _ = term.draw(|f| {
                    let block = ratatui::widgets::Block::bordered().title(" minimal ratatui ");
                    f.render_widget(
                        ratatui::widgets::Paragraph::new(format!("keys: {keys}")).block(block),
                        f.area(),
                    );
                });
            };
            draw(&mut term, keys);
            loop {
                tokio::select! {
                    m = read.wait() => match m {
                        Some(ChannelMsg::Data { .. }) => { keys += 1; draw(&mut term, keys); }
                        Some(ChannelMsg::Eof | ChannelMsg::Close) | None => break,
                        _ => {}
                    },
                    f = rx.recv() => match f {
                        Some(f) => { if write.data_bytes(f).await.is_err() { break } }
                        None => break,
                    },
                }
            }
        });
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: russh::ChannelId,
        _: &str,
        _: u32,
        _: u32,
        _: u32,
        _: u32,
        _: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: russh::ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        Ok(())
    }
}

struct Sink(Vec<u8>, mpsc::UnboundedSender<Vec<u8>>);

impl std::io::Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        if !self.0.is_empty() {
            let _ = self.1.send(std::mem::take(&mut self.0));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------

fn proc_field(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    // Fields 14 and 15 (utime, stime), counted from after the command name (field 3 first).
    f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let entries: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(200);
    let keys: usize = args
        .iter()
        .position(|a| a == "--keys")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(40);
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/juri");
    assert!(bin.exists(), "build it first: cargo build --release --bins");
    let home = tempfile::Builder::new()
        .prefix("juri-serve-latency-")
        .tempdir()
        .unwrap();
    let file = home.path().join("gen.json");
    {
        let mut s = juri::r#gen::generate(entries, juri::r#gen::DEFAULT_JURORS, 1.0, 2026);
        juri::r#gen::prepare_live(&mut s).expect("a live session");
        juri::store::save(&file, &mut s).expect("save");
    }
    let invite = Command::new(&bin)
        .args(["invite"])
        .arg(&file)
        .env("JURI_HOME", home.path())
        .env("JURI_PIN_COST", "test")
        .output()
        .unwrap();
    assert!(
        invite.status.success(),
        "{}",
        String::from_utf8_lossy(&invite.stderr)
    );
    let codes: Vec<(String, String)> = String::from_utf8(invite.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let mut child = Command::new(&bin)
        .args(["--lang", "en", "serve"])
        .arg(&file)
        .args(["--listen", "127.0.0.1:0"])
        .env("JURI_HOME", home.path())
        .env("JURI_PIN_COST", "test")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let (mut port, mut fp) = (0u16, String::new());
    while port == 0 || fp.is_empty() {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            panic!("juri serve ended");
        }
        if let Some((_, p)) = line.trim().rsplit_once(" on 127.0.0.1:") {
            port = p.parse().unwrap();
        }
        if let Some(f) = line.trim().strip_prefix("host key fingerprint: ") {
            fp = f.to_string();
        }
    }
    std::thread::spawn(move || for _ in out.lines() {});
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rss_before = proc_field(pid, "VmRSS:");

    let jurors: Vec<&(String, String)> = codes
        .iter()
        .filter(|(w, _)| w != "chair" && w != "presenter")
        .collect();
    let mut clients = Vec::new();
    for (who, code) in &jurors {
        let answers = vec![code.clone(), "2468".into(), "2468".into()];
        clients.push(connect(port, Some(fp.clone()), who, &answers).await);
    }
    let presenter = codes.iter().find(|(w, _)| w == "presenter").unwrap();
    let p = connect(
        port,
        Some(fp.clone()),
        "presenter",
        &[presenter.1.clone(), "2468".into(), "2468".into()],
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_after = proc_field(pid, "VmRSS:");
    let conns = (clients.len() + 1) as u64;
    eprintln!(
        "{} jurors and the presenter connected; {entries} entries; {keys} keys per juror",
        clients.len()
    );

    let (medians, p99) = panel(&clients, keys).await;

    // The clock running on stage, for the idle CPU: the chair starts it.
    let chair = codes.iter().find(|(w, _)| w == "chair").unwrap();
    let c = connect(
        port,
        Some(fp.clone()),
        "chair",
        &[chair.1.clone(), "1357".into(), "1357".into()],
    )
    .await;
    c.quiet().await;
    c.write.data_bytes(b"2".to_vec()).await.unwrap();
    c.quiet().await;
    c.write.data_bytes(b" ".to_vec()).await.unwrap();
    drop(c);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let hz = 100.0;
    let t0 = cpu_ticks(pid);
    let w = Instant::now();
    tokio::time::sleep(Duration::from_secs(10)).await;
    let idle = (cpu_ticks(pid) - t0) as f64 / hz / w.elapsed().as_secs_f64() * 100.0;
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let _ = child.wait();
    drop(p);

    // The floor.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let bport = listener.local_addr().unwrap().port();
    let key = russh::keys::PrivateKey::from(
        russh::keys::ssh_key::private::Ed25519Keypair::from_seed(&[7; 32]),
    );
    let config = Arc::new(server::Config {
        keys: vec![key],
        nodelay: true,
        ..Default::default()
    });
    tokio::spawn(async move {
        use russh::server::Server as _;
        let _ = Blank.run_on_socket(config, &listener).await;
    });
    let mut blank = Vec::new();
    for _ in 0..jurors.len() {
        blank.push(connect(bport, None, "x", &[]).await);
    }
    let (bmedians, bp99) = panel(&blank, keys).await;

    let mut m = medians.clone();
    m.sort();
    let mut bm = bmedians.clone();
    bm.sort();
    println!(
        "| over loopback SSH, 120x40, {} jurors typing at once | juri serve | minimal ratatui frame |",
        jurors.len()
    );
    println!("|---|---:|---:|");
    println!(
        "| key, median per connection (lowest–highest) | {}–{} | {}–{} |",
        ms(m[0]),
        ms(m[m.len() - 1]),
        ms(bm[0]),
        ms(bm[bm.len() - 1])
    );
    println!(
        "| key, 99th percentile of all keys | {} | {} |",
        ms(p99),
        ms(bp99)
    );
    println!(
        "| highest median / highest floor median | {:.2}x | |",
        m[m.len() - 1].as_secs_f64() / bm[bm.len() - 1].as_secs_f64()
    );
    println!(
        "| memory per connection (VmRSS with {conns} screens less none, over {conns}) | {:.2} MB | |",
        rss_after.saturating_sub(rss_before) as f64 / conns as f64 / 1024.0
    );
    println!("| idle CPU, {conns} screens, clock running (10 s) | {idle:.2}% | |");
}
