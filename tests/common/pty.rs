//! A terminal for end-to-end tests: a program in a pseudo-terminal (portable-pty), its output
//! read by a terminal emulator (vt100), keys written as a person types them. Nothing but Rust:
//! no tmux, no shell unless a test asks for one.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const POLL: Duration = Duration::from_millis(10);

/// What the reader thread keeps: the emulated screen, and whether the program closed it.
struct Shared {
    parser: vt100::Parser,
    closed: bool,
}

/// A program running in a terminal of its own. Dropping it kills the program.
pub struct Pty {
    shared: Arc<Mutex<Shared>>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    status: Option<i32>,
}

impl Pty {
    /// Starts `program ARGS` in a `width`x`height` terminal, in a clean environment: a known
    /// terminal type, a UTF-8 locale, the caller's PATH and HOME, and `env` on top.
    pub fn spawn(
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        width: u16,
        height: u16,
    ) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: height,
                cols: width,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        for var in ["PATH", "HOME", "TMPDIR"] {
            if let Some(v) = std::env::var_os(var) {
                cmd.env(var, v);
            }
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut reader = pair
            .master
            .try_clone_reader()
            .expect("the terminal's reader");
        let writer = pair.master.take_writer().expect("the terminal's writer");
        let child = pair
            .slave
            .spawn_command(cmd)
            .expect("start in the terminal");
        drop(pair.slave);
        let shared = Arc::new(Mutex::new(Shared {
            // Scrollback, so a shell's earlier lines can be read after a full-screen program.
            parser: vt100::Parser::new(nz(height), nz(width), 1000),
            closed: false,
        }));
        let sink = Arc::clone(&shared);
        // Reads all the time, so the program never blocks on a full terminal.
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            loop {
                let n = reader.read(&mut buf).unwrap_or(0);
                let mut s = sink.lock().expect("screen lock");
                if n == 0 {
                    s.closed = true;
                    return;
                }
                s.parser.process(&buf[..n]);
            }
        });
        Pty {
            shared,
            master: pair.master,
            writer,
            child,
            status: None,
        }
    }

    /// The program's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a process id")
    }

    /// The screen as text, one line a row, trailing blanks trimmed.
    pub fn screen(&self) -> String {
        let s = self.shared.lock().expect("screen lock");
        let (_, cols) = s.parser.screen().size();
        s.parser
            .screen()
            .rows(0, cols.get())
            .map(|r| r.trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Whether the program draws on the alternate screen.
    pub fn alternate_screen(&self) -> bool {
        let s = self.shared.lock().expect("screen lock");
        s.parser.screen().alternate_screen()
    }

    /// Whether the cursor is hidden.
    pub fn cursor_hidden(&self) -> bool {
        let s = self.shared.lock().expect("screen lock");
        s.parser.screen().hide_cursor()
    }

    /// Sends keys, each a key name as tmux spells it (`Enter`, `Down`, `Space`, `C-c`, `F1`)
    /// or else text typed as it is.
    pub fn send(&mut self, keys: &[&str]) {
        for k in keys {
            let bytes = key_bytes(k);
            self.writer
                .write_all(&bytes)
                .expect("type into the terminal");
            // An Escape on its own must not merge with the next key into an Alt chord.
            if *k == "Escape" {
                self.writer.flush().expect("flush the terminal");
                std::thread::sleep(Duration::from_millis(30));
            }
        }
        self.writer.flush().expect("flush the terminal");
    }

    /// Types `text` as it is, then Enter (for a shell).
    pub fn type_line(&mut self, text: &str) {
        self.writer
            .write_all(text.as_bytes())
            .and_then(|()| self.writer.write_all(b"\r"))
            .and_then(|()| self.writer.flush())
            .expect("type into the terminal");
    }

    /// Resizes the terminal; the program gets SIGWINCH.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.shared
            .lock()
            .expect("screen lock")
            .parser
            .set_size(nz(height), nz(width));
        self.master
            .resize(PtySize {
                rows: height,
                cols: width,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the terminal");
    }

    /// Polls the screen until `done` holds; panics with the last screen after `timeout`, or
    /// as soon as the program has ended without it.
    pub fn wait_until(
        &mut self,
        what: &str,
        timeout: Duration,
        done: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            let ended = self.exited();
            if ended.is_some() || start.elapsed() > timeout {
                // The last bytes may have arrived with the end.
                let screen = self.screen();
                if done(&screen) {
                    return screen;
                }
                panic!(
                    "waited {:?} for {what} (program ended: {ended:?}); the last screen was:\n{screen}",
                    start.elapsed()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until `text` is on the screen; returns the screen.
    pub fn wait_for(&mut self, text: &str, timeout: Duration) -> String {
        self.wait_until(&format!("{text:?}"), timeout, |s| s.contains(text))
    }

    /// Waits until every one of `texts` is on one screen; returns that screen.
    pub fn wait_all(&mut self, texts: &[&str], timeout: Duration) -> String {
        self.wait_until(&format!("all of {texts:?}"), timeout, |s| {
            texts.iter().all(|t| s.contains(t))
        })
    }

    /// The exit code, once the program has ended (a signal counts as 128 + its number).
    pub fn exited(&mut self) -> Option<i32> {
        if self.status.is_none() {
            let st = self
                .child
                .try_wait()
                .expect("ask for the program's status")?;
            self.status = Some(exit_code(&st));
        }
        self.status
    }

    /// Waits until the program has ended; returns its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> i32 {
        let start = Instant::now();
        loop {
            if let Some(code) = self.exited() {
                // Let the reader take the last frame (the restored terminal) off the pty.
                let settle = Instant::now();
                while !self.shared.lock().expect("screen lock").closed
                    && settle.elapsed() < Duration::from_millis(500)
                {
                    std::thread::sleep(POLL);
                }
                return code;
            }
            assert!(
                start.elapsed() < timeout,
                "the program did not end within {timeout:?}; the last screen was:\n{}",
                self.screen()
            );
            std::thread::sleep(POLL);
        }
    }

    /// Kills the program with SIGKILL and waits for it to be gone.
    pub fn kill_9(&mut self) {
        if self.exited().is_some() {
            return;
        }
        let st = std::process::Command::new("kill")
            .args(["-9", &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(st.success(), "kill -9 {} failed", self.pid());
        self.wait_exit(Duration::from_secs(10));
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // Runs on failure too; a failing test keeps its own message.
        if self.exited().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).expect("at least 1")
}

fn exit_code(st: &portable_pty::ExitStatus) -> i32 {
    // portable-pty reports a signal as failure with code 1 and the signal's name; the code is
    // what a shell would print for a normal end.
    if st.signal().is_some() {
        return 128;
    }
    i32::try_from(st.exit_code()).unwrap_or(i32::MAX)
}

/// The bytes a terminal sends for a key named as tmux names it.
fn key_bytes(key: &str) -> Vec<u8> {
    let named: Option<&[u8]> = match key {
        "Enter" => Some(b"\r"),
        "Space" => Some(b" "),
        "Tab" => Some(b"\t"),
        "BTab" => Some(b"\x1b[Z"),
        "Escape" => Some(b"\x1b"),
        "BSpace" => Some(b"\x7f"),
        "Up" => Some(b"\x1b[A"),
        "Down" => Some(b"\x1b[B"),
        "Right" => Some(b"\x1b[C"),
        "Left" => Some(b"\x1b[D"),
        "Home" => Some(b"\x1b[H"),
        "End" => Some(b"\x1b[F"),
        "PageUp" | "PPage" => Some(b"\x1b[5~"),
        "PageDown" | "NPage" => Some(b"\x1b[6~"),
        "Delete" | "DC" => Some(b"\x1b[3~"),
        "F1" => Some(b"\x1bOP"),
        "F2" => Some(b"\x1bOQ"),
        "F3" => Some(b"\x1bOR"),
        "F4" => Some(b"\x1bOS"),
        _ => None,
    };
    if let Some(b) = named {
        return b.to_vec();
    }
    // Control chords: C-c, C-s, ...
    if let Some(c) = key.strip_prefix("C-")
        && let [b] = c.as_bytes()
        && b.is_ascii_alphabetic()
    {
        return vec![b.to_ascii_lowercase() - b'a' + 1];
    }
    key.as_bytes().to_vec()
}
