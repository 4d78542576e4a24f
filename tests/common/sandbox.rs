//! The real `juri` binary in a temporary folder of its own, with its own data folder
//! (`JURI_HOME`) inside, so nothing touches the user's data; and what one run did.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::BIN;

/// A temporary working folder with its own data folder (`JURI_HOME`, `home/`) inside it.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    pub home: PathBuf,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        Sandbox { dir, home }
    }

    /// `NAME` in the sandbox folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Every regular file directly in the sandbox folder (not the data folder), with its bytes.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let mut map = BTreeMap::new();
        for e in fs::read_dir(self.dir.path()).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                let name = e.file_name().to_string_lossy().into_owned();
                map.insert(name, fs::read(e.path()).unwrap());
            }
        }
        map
    }

    /// `juri ARGS` in the sandbox folder, with the sandbox's data folder, no terminal, no
    /// language from the environment, and backtraces on (so that a panic shows).
    pub fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .current_dir(self.dir.path())
            .env("JURI_HOME", &self.home)
            .env("HOME", self.dir.path())
            .env("RUST_BACKTRACE", "1")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .stdin(Stdio::null());
        c
    }

    /// Runs `juri ARGS` (see [`Sandbox::command`]) and checks that it did not panic.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Out {
        Out::of(self.command(args).output().expect("run juri"))
    }

    /// Runs `juri ARGS` with `input` on standard input (a pipe, not a terminal) and checks that
    /// it did not panic.
    pub fn run_with_input<S: AsRef<OsStr>>(&self, args: &[S], input: &str) -> Out {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run juri");
        let mut stdin = child.stdin.take().unwrap();
        // juri may exit without reading its input (a closed pipe is not the test's failure).
        let _ = stdin.write_all(input.as_bytes());
        drop(stdin);
        Out::of(child.wait_with_output().expect("wait for juri"))
    }
}

/// A path as an argument (the temporary folders and the checkout have UTF-8 names).
pub fn p(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Out {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// The run's exit code and text, checked for a panic.
    pub fn of(out: Output) -> Out {
        let out = Out {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        };
        out.no_panic();
        out
    }

    /// Exit 0, whatever is on stderr (a prompt, a report on the file).
    pub fn succeeded(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(0),
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Exit 0 and nothing on stderr.
    pub fn ok(&self) -> &Self {
        self.succeeded();
        assert!(self.stderr.is_empty(), "stderr on success: {}", self.stderr);
        self
    }

    pub fn first_err_line(&self) -> &str {
        self.stderr.lines().next().unwrap_or("")
    }

    /// A refusal as the user should see it: exit 1, nothing on stdout, `error:` first with every
    /// `needle` on that line, a `hint:` line, and no panic.
    pub fn refused(&self, needles: &[&str]) -> &Self {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        assert!(self.stdout.is_empty(), "stdout on failure: {}", self.stdout);
        let first = self.first_err_line();
        assert!(first.starts_with("error: "), "first stderr line: {first:?}");
        for n in needles {
            assert!(first.contains(n), "{n:?} not in the error line {first:?}");
        }
        self.hint();
        self.no_panic();
        self
    }

    /// The text of the `hint:` line.
    pub fn hint(&self) -> &str {
        self.stderr
            .lines()
            .find_map(|l| l.strip_prefix("hint: "))
            .unwrap_or_else(|| panic!("no hint line:\n{}", self.stderr))
    }

    pub fn no_panic(&self) {
        for text in [&self.stdout, &self.stderr] {
            assert!(!text.contains("panicked"), "panic:\n{text}");
            assert!(!text.contains("RUST_BACKTRACE"), "panic:\n{text}");
            assert!(!text.contains("stack backtrace"), "panic:\n{text}");
        }
    }
}
