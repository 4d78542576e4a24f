//! The command line: everything that is not interactive.

use std::fs::File;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::error::{Error, Result};
use crate::io::csv;
use crate::io::report::{self, Format};
use crate::model::pin::CHAIR;
use crate::model::{Rubric, Schedule, Session, Status, Time};
use crate::standings::{self, Method, Normalize, Options};
use crate::store;

#[derive(Debug, Parser)]
#[command(
    name = "juri",
    version,
    about = "Run live jury sessions: agenda, timer, score sheets and standings, saved as JSON.",
    long_about = "Run live jury sessions of innovation competitions: an agenda of presentations, a \
timer per presentation, a score sheet per juror and live standings, all saved as JSON session \
files.\n\nWith no command, juri opens a fresh copy of the bundled demo session."
)]
pub struct Cli {
    /// Language of the screens: en or id (Bahasa Indonesia).
    #[arg(long, global = true, value_parser = ["en", "id"])]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a session file from a rubric, an entries CSV and a jurors CSV.
    New(NewArgs),
    /// Import submitted scores (from paper or another tool) from a CSV.
    ImportScores(ImportArgs),
    /// Print the standings: weighted totals, ranks with ties, per category.
    Standings(StandingsArgs),
    /// Write the recap of scores and the minutes (HTML, printable on A4), or the standings
    /// and every score as CSV, Markdown or JSON.
    Export(ExportArgs),
    /// Check a session file: every reference and range. Exit 0 when sound.
    Validate {
        /// The session file.
        file: PathBuf,
    },
    /// Replay the audit log: the chain is intact and gives exactly the file's scores, timer
    /// log and standings. Exit 0 with the file's fingerprint, or name the first change made
    /// outside juri.
    Verify {
        /// The session file.
        file: PathBuf,
    },
    /// Show what the backup (FILE.bak) holds and restore it after confirmation.
    Recover {
        /// The session file.
        file: PathBuf,
        /// Restore without asking.
        #[arg(long)]
        yes: bool,
        /// With PINs on, restoring is a chair action: read the chair's PIN from the first line
        /// of standard input instead of asking for it on the terminal.
        #[arg(long)]
        chair_pin_stdin: bool,
    },
    /// Set the chair's PIN: for a session whose PINs were turned on before juri asked the
    /// chair for one, or to change it (the current PIN is asked first). Typed on the terminal
    /// without being shown, or read as lines from standard input.
    ChairPin {
        /// The session file.
        file: PathBuf,
    },
    /// Open a session in the screens (agenda, stage, scoring, standings).
    Open {
        /// The session file (a bare name is also looked up in the data folder).
        file: PathBuf,
    },
    /// Write a fresh copy of the bundled demo session to the data folder and open it.
    Demo,
    /// Write a large generated session (a realistic KIPP final, scored by every juror) to try
    /// juri at the size of a national desk stage.
    Gen(GenArgs),
}

#[derive(Debug, Args)]
pub struct GenArgs {
    /// The session file to create (refused if it exists).
    pub file: PathBuf,
    /// How many entries.
    #[arg(long, default_value_t = 1000)]
    pub entries: usize,
    /// How many jurors on the panel.
    #[arg(long, default_value_t = crate::r#gen::DEFAULT_JURORS)]
    pub jurors: usize,
    /// The share of the agenda already presented and scored, 0 to 1; the next entry is then
    /// on stage with a few drafts.
    #[arg(long, default_value_t = 1.0)]
    pub scored: f64,
    /// The same seed gives the same session.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Put the middle entry on stage with its clock reset and reopen the first juror's sheet
    /// for it, ready for a juror to type.
    #[arg(long)]
    pub live: bool,
}

#[derive(Debug, Args)]
// Exactly one rubric source; when none is given, clap's message names both.
#[command(group(clap::ArgGroup::new("rubric_source").required(true).args(["preset", "rubric"])))]
pub struct NewArgs {
    /// The session file to create (refused if it exists).
    pub file: PathBuf,
    /// A built-in rubric: kipp (0-100) or kipp-10 (1-10, step 0.5).
    #[arg(long, value_parser = Rubric::PRESETS)]
    pub preset: Option<String>,
    /// A rubric JSON file (see fixtures/rubric-custom-example.json).
    #[arg(long)]
    pub rubric: Option<PathBuf>,
    /// Entries CSV: id,title,institution,category[,region,presenter].
    #[arg(long)]
    pub entries: PathBuf,
    /// Jurors CSV: id,name[,role,conflicts] (conflicts: entry ids separated by ';').
    #[arg(long)]
    pub jurors: PathBuf,
    /// Session title (default: the file name).
    #[arg(long)]
    pub title: Option<String>,
    /// Competition stage, e.g. "Presentasi dan wawancara".
    #[arg(long)]
    pub stage: Option<String>,
    /// Top-N cut-off of a category, as CATEGORY=N; repeat for each category.
    #[arg(long = "cutoff", value_name = "CATEGORY=N")]
    pub cutoffs: Vec<String>,
    /// Criteria that break ties, in order, separated by commas.
    #[arg(long, value_delimiter = ',')]
    pub tie_break: Vec<String>,
    /// The fewest submitted sheets an entry needs to be ranked; below it the entry is listed
    /// but not ranked (an entry that fewer jurors may score needs all of theirs). Ranks on
    /// fewer sheets than expected are marked provisional either way.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub quorum: Option<u32>,
    /// Start of the first slot, as HH:MM, for the agenda's planned times.
    #[arg(long)]
    pub start: Option<String>,
    /// Length of one slot in minutes.
    #[arg(long, default_value_t = 30)]
    pub slot: u32,
    /// Juror PINs: each juror sets a PIN the first time and needs it to open their sheet;
    /// chair actions need the chair's PIN, which is asked for here, twice (typed on the
    /// terminal without being shown, or two lines on standard input).
    #[arg(long)]
    pub pins: bool,
    /// Language of the session: en or id.
    #[arg(long = "session-lang", value_parser = ["en", "id"])]
    pub session_lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The session file.
    pub file: PathBuf,
    /// Scores CSV: entry,juror,criterion,score[,note].
    pub scores: PathBuf,
    /// Replace sheets that are already submitted (recorded in the audit log). With PINs on,
    /// this needs the chair's PIN.
    #[arg(long)]
    pub replace: bool,
    /// Read the chair's PIN from the first line of standard input instead of asking for it on
    /// the terminal (for scripts). A wrong PIN locks it for a minute.
    #[arg(long)]
    pub chair_pin_stdin: bool,
}

#[derive(Debug, Args)]
pub struct StandingsArgs {
    /// The session file.
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// How an entry's submitted totals are combined: mean, median, or trimmed (drop one
    /// highest and one lowest when there are at least 3).
    #[arg(long, value_enum, default_value_t = MethodArg::Mean)]
    pub method: MethodArg,
    /// zscore: replace each juror's totals by z-scores over the entries that juror submitted.
    #[arg(long, value_enum, default_value_t = NormalizeArg::None)]
    pub normalize: NormalizeArg,
    /// Only this category (its id), with its ranks and Top-N cut-off line.
    #[arg(long)]
    pub category: Option<String>,
    /// Criteria that break ties, in order, separated by commas (default: the session's).
    #[arg(long, value_delimiter = ',')]
    pub tie_break: Option<Vec<String>>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The session file.
    pub file: PathBuf,
    /// html: recap and minutes in one printable file; csv: the standings plus a second file
    /// with one row per entry, juror and criterion; md: for a message; json: the standings.
    #[arg(long, value_enum, default_value_t = crate::io::export::ExportFormat::Html)]
    pub format: crate::io::export::ExportFormat,
    /// Where to write (default: beside the session, e.g. final-recap.html).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = MethodArg::Mean)]
    pub method: MethodArg,
    #[arg(long, value_enum, default_value_t = NormalizeArg::None)]
    pub normalize: NormalizeArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum MethodArg {
    Mean,
    Median,
    Trimmed,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum NormalizeArg {
    None,
    Zscore,
}

pub fn generate(a: &GenArgs) -> Result<String> {
    if a.entries == 0 || a.jurors == 0 || !(0.0..=1.0).contains(&a.scored) {
        return Err(Error::Usage(
            "--entries and --jurors must be above 0 and --scored between 0 and 1".into(),
        ));
    }
    // Before the work of generating it.
    if a.file.exists() {
        return Err(Error::Exists {
            path: a.file.clone(),
        });
    }
    let mut s = crate::r#gen::generate(a.entries, a.jurors, a.scored, a.seed);
    if a.live {
        crate::r#gen::prepare_live(&mut s)?;
    }
    store::save_new(&a.file, &mut s)?;
    Ok(format!(
        "wrote {}: {}, {}, {} sheets ({} submitted), {} audit events",
        a.file.display(),
        csv::plural(s.entries.len(), "entry", "entries"),
        csv::plural(s.jurors.len(), "juror", "jurors"),
        s.scores.len(),
        s.scores.iter().filter(|x| x.is_submitted()).count(),
        s.log.events
    ))
}

pub fn now() -> Time {
    chrono::Local::now().fixed_offset()
}

/// A bare file name that is not in the current folder is looked up in the data folder.
pub fn resolve(path: &Path) -> PathBuf {
    if path.exists() || path.components().count() != 1 {
        return path.to_path_buf();
    }
    match store::data_dir() {
        Ok(dir) if dir.join(path).exists() => dir.join(path),
        _ => path.to_path_buf(),
    }
}

fn open_csv(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| Error::io("read", path, e))
}

fn label(path: &Path) -> String {
    path.display().to_string()
}

/// Asks for a secret with a prompt: the terminal without echo, or a line of standard input.
pub type AskSecret<'a> = &'a mut dyn FnMut(&str) -> Result<String>;

/// The chair's new PIN, typed twice alike.
fn new_chair_pin(ask: AskSecret) -> Result<String> {
    let pin = ask("The chair's PIN (4 to 8 digits): ")?;
    if !crate::model::pin::valid(&pin) {
        return Err(Error::Usage(
            "the chair's PIN must have 4 to 8 digits".into(),
        ));
    }
    if ask("The chair's PIN again: ")? != pin {
        return Err(Error::Usage(
            "the two PINs differ; nothing was changed".into(),
        ));
    }
    crate::model::pin::hash(&pin).map_err(Error::Rejected)
}

/// Sets (or, after the current one, changes) the chair's PIN of a session.
pub fn chair_pin(file: &Path, ask: AskSecret) -> Result<String> {
    let path = resolve(file);
    let _lock = store::lock(&path)?;
    let mut s = store::load(&path)?;
    if let Some(old) = s.security.pin_hashes.get(crate::model::pin::CHAIR) {
        if let Some(until) = s.security.lockouts.get(crate::model::pin::CHAIR)
            && *until > now()
        {
            return Err(Error::Rejected(format!(
                "the chair's PIN is locked until {} after wrong tries",
                until.format("%H:%M:%S")
            )));
        }
        let current = ask("The chair's current PIN: ")?;
        if !crate::model::pin::check(&current, old) {
            return Err(Error::Rejected(
                "that is not the chair's current PIN; nothing was changed".into(),
            ));
        }
    }
    let hash = new_chair_pin(ask)?;
    let who = crate::model::pin::CHAIR.to_string();
    s.apply("chair", crate::model::Change::SetPin { who, hash }, now())?;
    store::save(&path, &mut s)?;
    Ok(format!("the chair's PIN of {} is set", path.display()))
}

pub fn new_session(a: &NewArgs, ask: AskSecret) -> Result<String> {
    let rubric = match (&a.preset, &a.rubric) {
        (Some(p), _) => {
            Rubric::preset(p).ok_or_else(|| Error::Usage(format!("no preset {p:?}")))?
        }
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
            serde_json::from_str(&text).map_err(|e| {
                Error::Usage(format!(
                    "{} is not a rubric file ({e}); see fixtures/rubric-custom-example.json",
                    path.display()
                ))
            })?
        }
        (None, None) => return Err(Error::Usage("give --preset or --rubric".into())),
    };
    let title = a.title.clone().unwrap_or_else(|| {
        a.file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Session".into())
    });
    let mut s = Session::new(&title, rubric, now());
    s.stage = a.stage.clone().unwrap_or_default();
    s.language = a.session_lang.clone();
    for t in &a.tie_break {
        if s.rubric.criterion(t).is_none() {
            return Err(Error::Usage(unknown_criterion("--tie-break", t, &s.rubric)));
        }
    }
    s.tie_break = a.tie_break.clone();
    s.quorum = a.quorum;
    let (cats, entries) = csv::read_entries(&label(&a.entries), open_csv(&a.entries)?)?;
    s.jurors = csv::read_jurors(&label(&a.jurors), open_csv(&a.jurors)?, &entries)?;
    s.categories = cats;
    s.entries = entries;
    for c in &a.cutoffs {
        let (cat, n) = c
            .rsplit_once('=')
            .and_then(|(cat, n)| Some((cat.trim(), n.trim().parse::<u32>().ok()?)))
            .ok_or_else(|| Error::Usage(format!("--cutoff {c:?} is not CATEGORY=N")))?;
        let found = s
            .categories
            .iter_mut()
            .find(|k| k.id == cat || k.name == cat);
        let Some(k) = found else {
            let names: Vec<String> = s
                .categories
                .iter()
                .map(|k| format!("{:?}", k.name))
                .collect();
            return Err(Error::Usage(format!(
                "--cutoff: there is no category {cat:?}; the categories of {} are: {}",
                label(&a.entries),
                names.join(", ")
            )));
        };
        k.top_n = Some(n);
    }
    if let Some(start) = &a.start {
        s.schedule = Some(Schedule {
            start: start.clone(),
            slot_minutes: a.slot,
        });
    }
    // Nothing is written yet: the problems are in the command's inputs.
    let problems = crate::model::validate(&s);
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        return Err(Error::Usage(format!(
            "the session would not be valid: {}",
            list.join("; ")
        )));
    }
    if a.pins {
        // The chair's PIN is chosen now: no later chair action may be the one that sets it.
        let hash = new_chair_pin(ask)?;
        let who = crate::model::pin::CHAIR.to_string();
        s.apply("chair", crate::model::Change::SetPin { who, hash }, now())?;
        s.apply("chair", crate::model::Change::SetPins { on: true }, now())?;
    }
    store::save_new(&a.file, &mut s)?;
    Ok(format!(
        "created {}: {} in {}, {}, rubric {} ({})",
        a.file.display(),
        csv::plural(s.entries.len(), "entry", "entries"),
        csv::plural(s.categories.len(), "category", "categories"),
        csv::plural(s.jurors.len(), "juror", "jurors"),
        s.rubric.name,
        csv::plural(s.rubric.criteria.len(), "criterion", "criteria")
    ))
}

/// `flag` names no criterion: say which ids there are, and which one was meant when only the
/// case or the criterion's name was given.
fn unknown_criterion(flag: &str, given: &str, rubric: &Rubric) -> String {
    let ids: Vec<&str> = rubric.criteria.iter().map(|c| c.id.as_str()).collect();
    let meant = rubric.criteria.iter().find(|c| {
        let g = given.trim().to_lowercase();
        c.id.to_lowercase() == g || c.name.en.to_lowercase() == g || c.name.id.to_lowercase() == g
    });
    let mut text = format!(
        "{flag}: there is no criterion {given:?}; the criterion ids are: {}",
        ids.join(", ")
    );
    if let Some(c) = meant {
        text.push_str(&format!(" (did you mean {:?}?)", c.id));
    }
    text
}

/// `stdin` gives the chair's PIN with `--chair-pin-stdin`.
pub fn import_scores(a: &ImportArgs, stdin: &mut dyn std::io::BufRead) -> Result<String> {
    use std::io::Read;
    let path = resolve(&a.file);
    let _lock = store::lock(&path)?;
    let mut s = store::load(&path)?;
    // Before the import reads values off a file that may have been changed by hand.
    store::check_before_write(&path, &mut s)?;
    let mut text = Vec::new();
    open_csv(&a.scores)?
        .read_to_end(&mut text)
        .map_err(|e| Error::io("read", &a.scores, e))?;
    let file = label(&a.scores);
    let mut reopener = csv::IMPORT_ACTOR;
    if a.replace && s.security.pins {
        // Ask for the PIN only when the import does replace a submitted sheet.
        let mut probe = s.clone();
        let trial = csv::import_scores_by(&mut probe, &file, &text[..], true, CHAIR, now())?;
        if !trial.replaced.is_empty() {
            let what = format!(
                "replacing {}",
                csv::plural(trial.replaced.len(), "submitted sheet", "submitted sheets")
            );
            require_chair_pin(&path, &mut s, &what, a.chair_pin_stdin, stdin, true)?;
            reopener = CHAIR;
        }
    }
    let summary = csv::import_scores_by(&mut s, &file, &text[..], a.replace, reopener, now())?;
    store::save(&path, &mut s)?;
    Ok(summary.describe())
}

/// Checks the chair's PIN for a chair action (`what`) on a session with PINs on: from the first
/// line of `stdin` with `--chair-pin-stdin`, else asked on the terminal, else refused. As on the
/// screens, too many wrong tries lock the PIN for a minute, and the lockout is in the audit log;
/// a script has one try. Without `record`, the lockout is not written (the session at `path`
/// does not load) and only the wrong PIN is told.
fn require_chair_pin(
    path: &Path,
    s: &mut Session,
    what: &str,
    from_stdin: bool,
    stdin: &mut dyn std::io::BufRead,
    record: bool,
) -> Result<()> {
    use std::io::IsTerminal;
    let Some(hash) = s.security.pin_hashes.get(CHAIR).cloned() else {
        return Err(Error::ChairPin(format!(
            "{what} needs the chair's PIN, and the chair has not set one yet: set it in `juri open {}` (the first chair action asks for it)",
            path.display()
        )));
    };
    let at = now();
    if let Some(until) = s.security.lockouts.get(CHAIR).filter(|u| **u > at) {
        return Err(Error::ChairPin(format!(
            "{what} needs the chair's PIN, which is locked until {} after too many wrong tries",
            until.format("%H:%M:%S")
        )));
    }
    let tries = if from_stdin {
        1
    } else if std::io::stdin().is_terminal() {
        crate::model::pin::MAX_TRIES
    } else {
        return Err(Error::ChairPin(format!(
            "{what} needs the chair's PIN, and there is no terminal to ask for it"
        )));
    };
    for left in (0..tries).rev() {
        let pin = if from_stdin {
            let mut line = String::new();
            stdin
                .read_line(&mut line)
                .map_err(|e| Error::io("read", "standard input", e))?;
            line.trim().to_string()
        } else {
            ask_pin(&format!("{what}: the chair's PIN: "))?
        };
        if crate::model::pin::check(&pin, &hash) {
            return Ok(());
        }
        if left > 0 {
            eprintln!("wrong PIN; {left} more tries before it is locked for a minute");
        }
    }
    if !record {
        return Err(Error::ChairPin(format!("wrong chair's PIN for {what}")));
    }
    let until = now() + chrono::Duration::seconds(crate::model::pin::LOCKOUT_SECONDS);
    let lockout = crate::model::Change::PinLockout {
        who: CHAIR.into(),
        until,
    };
    s.apply(CHAIR, lockout, now())?;
    store::save(path, s)?;
    Err(Error::ChairPin(format!(
        "wrong chair's PIN for {what}; it is locked until {} (recorded in the audit log)",
        until.format("%H:%M:%S")
    )))
}

/// Reads a PIN on the terminal, drawing a dot per digit; Esc or Ctrl-C gives up.
pub fn ask_pin(prompt: &str) -> Result<String> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    use crossterm::terminal::{disable_raw_mode, enable_raw_mode};
    use std::io::Write;
    let tty = |e: std::io::Error| Error::io("use", "the terminal", e);
    let mut err = std::io::stderr();
    // Raw mode before the prompt shows: a PIN typed as soon as it appears is never echoed by
    // the terminal, and its Enter is not turned into a line feed.
    enable_raw_mode().map_err(tty)?;
    let _ = write!(err, "{prompt}").and_then(|()| err.flush());
    let mut pin = String::new();
    let outcome = loop {
        let key = match read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => k,
            Ok(_) => continue,
            Err(e) => break Err(tty(e)),
        };
        match key.code {
            KeyCode::Enter => break Ok(()),
            // A line feed (Ctrl-J) is how some terminals send Enter in raw mode.
            KeyCode::Char('j') if key.modifiers.contains(KeyModifiers::CONTROL) => break Ok(()),
            KeyCode::Esc => break Err(Error::Rejected("cancelled; nothing was changed".into())),
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                break Err(Error::Rejected("cancelled; nothing was changed".into()));
            }
            KeyCode::Char(c) if c.is_ascii_digit() && pin.len() < 8 => {
                pin.push(c);
                let _ = write!(err, "•");
            }
            KeyCode::Backspace if pin.pop().is_some() => {
                let _ = write!(err, "\x08 \x08");
            }
            _ => {}
        }
        let _ = err.flush();
    };
    let _ = disable_raw_mode();
    let _ = write!(err, "\r\n");
    outcome.map(|()| pin)
}

pub fn standings(a: &StandingsArgs) -> Result<String> {
    let s = store::load(&resolve(&a.file))?;
    if let Some(c) = &a.category
        && s.category(c).is_none()
    {
        let ids: Vec<&str> = s.categories.iter().map(|c| c.id.as_str()).collect();
        return Err(Error::Usage(format!(
            "there is no category {c:?}; the categories are: {}",
            ids.join(", ")
        )));
    }
    let opts = Options {
        method: a.method.method(),
        normalize: a.normalize.normalize(),
        // `--tie-break ""` turns the session's tie-break off for this run.
        tie_break: a
            .tie_break
            .as_ref()
            .map(|v| v.iter().filter(|c| !c.is_empty()).cloned().collect()),
    };
    let st = standings::compute(&s, &opts)?;
    Ok(report::render(&s, &st, a.format, a.category.as_deref()))
}

pub fn validate(file: &Path) -> Result<String> {
    let path = resolve(file);
    let s = store::load(&path)?;
    let submitted = s.scores.iter().filter(|x| x.is_submitted()).count();
    let absent = s.entries.iter().filter(|e| !e.status.competes()).count();
    Ok(format!(
        "{} is sound: \"{}\", {} entries ({} absent or withdrawn), {} jurors, {} sheets ({} submitted), {} audit events",
        path.display(),
        s.title,
        s.entries.len(),
        absent,
        s.jurors.len(),
        s.scores.len(),
        submitted,
        crate::model::audit::tip(&s).0
    ))
}

impl MethodArg {
    pub fn method(self) -> Method {
        match self {
            MethodArg::Mean => Method::Mean,
            MethodArg::Median => Method::Median,
            MethodArg::Trimmed => Method::Trimmed,
        }
    }
}

impl NormalizeArg {
    pub fn normalize(self) -> Normalize {
        match self {
            NormalizeArg::None => Normalize::None,
            NormalizeArg::Zscore => Normalize::Zscore,
        }
    }
}

pub fn export(a: &ExportArgs, lang: Option<&str>) -> Result<String> {
    let path = resolve(&a.file);
    let s = store::load(&path)?;
    let env_lang = std::env::var("LANG").ok();
    let lang = crate::i18n::Lang::choose(lang, s.language.as_deref(), env_lang.as_deref());
    let out = a
        .output
        .clone()
        .unwrap_or_else(|| crate::io::export::default_path(&path, a.format));
    let opts = Options {
        method: a.method.method(),
        normalize: a.normalize.normalize(),
        tie_break: None,
    };
    let log = store::read_log(&path, &s)?;
    let written = crate::io::export::write(&s, &log, &opts, a.format, &out, lang, now())?;
    let list: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    Ok(format!("wrote {}", list.join(" and ")))
}

pub fn verify(file: &Path) -> Result<String> {
    let path = resolve(file);
    let s = store::load(&path)?;
    let log = store::read_log(&path, &s)?;
    let v = crate::standings::verify::verify(&s, &log).map_err(|problem| Error::Tampered {
        path: path.clone(),
        problem,
    })?;
    Ok(format!(
        "{} verified: {} audit events chained from the session id, replay matches {} sheets ({} submitted), the timer log and the standings\nfingerprint {}",
        path.display(),
        v.events,
        v.sheets,
        v.submitted,
        v.fingerprint
    ))
}

/// One line about a session file: what it holds, and whether it verifies.
fn describe(path: &Path, s: &crate::model::Session) -> String {
    let submitted = s.scores.iter().filter(|x| x.is_submitted()).count();
    let verified = store::read_log(path, s)
        .map_err(|e| e.to_string())
        .and_then(|log| crate::standings::verify::verify(s, &log));
    let check = match verified {
        Ok(_) => "verifies".to_string(),
        Err(e) => format!("does not verify: {e}"),
    };
    format!(
        "\"{}\", saved {}, {} sheets ({} submitted), {} audit events; {}",
        s.title,
        s.updated.format("%Y-%m-%d %H:%M:%S"),
        s.scores.len(),
        submitted,
        crate::model::audit::tip(s).0,
        check
    )
}

/// `answer` gives the confirmation, after the chair's PIN with `chair_pin_stdin`.
pub fn recover(
    file: &Path,
    yes: bool,
    chair_pin_stdin: bool,
    answer: &mut dyn std::io::BufRead,
) -> Result<String> {
    let path = resolve(file);
    let bak = store::bak_path(&path);
    if !bak.exists() {
        return Err(Error::Rejected(format!(
            "there is no backup {}",
            bak.display()
        )));
    }
    let _lock = store::lock(&path)?;
    let old = store::load_backup(&path)?;
    let loaded = store::load(&path);
    let current = match &loaded {
        Ok(s) => format!("now:    {}", describe(&path, s)),
        Err(e) => format!("now:    cannot be loaded: {e}"),
    };
    // Restoring can undo submitted sheets: with PINs on it is a chair action. The PIN is the
    // one of the session as it is, or of the backup when the session does not load (a lockout
    // is then not recorded: the damaged file is not written).
    match loaded {
        Ok(mut s) if s.security.pins => {
            require_chair_pin(
                &path,
                &mut s,
                "restoring the backup",
                chair_pin_stdin,
                answer,
                true,
            )?;
        }
        Err(_) if old.security.pins => {
            let mut b = old.clone();
            require_chair_pin(
                &path,
                &mut b,
                "restoring the backup",
                chair_pin_stdin,
                answer,
                false,
            )?;
        }
        _ => {}
    }
    let mut out = format!("{current}\nbackup: {}\n", describe(&path, &old));
    if !yes {
        eprint!("{out}Restore {} from its backup? [y/N] ", path.display());
        let mut line = String::new();
        let _ = answer.read_line(&mut line);
        if !matches!(line.trim(), "y" | "Y" | "yes" | "ya") {
            return Ok("nothing changed".into());
        }
        out.clear();
    }
    // Keep what is there now, readable or not, beside the session.
    if path.exists() {
        let keep = path.with_file_name(format!(
            "{}.before-recover-{}",
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            now().format("%Y%m%d-%H%M%S%.f")
        ));
        if keep.exists() {
            return Err(Error::Exists { path: keep });
        }
        store::copy_new(&path, &keep)?;
        out.push_str(&format!("kept the current file as {}\n", keep.display()));
    }
    let bytes = store::read_session_bytes(&bak)?;
    store::restore(&path, &bytes)?;
    out.push_str(&format!(
        "restored {} from {}",
        path.display(),
        bak.display()
    ));
    Ok(out)
}

/// The bundled demo: a provincial final in Bahasa Indonesia, built from the fixture CSVs.
pub fn demo_session(now: Time) -> Result<Session> {
    let text = include_str!("../fixtures/demo-session.json");
    let mut s: Session = serde_json::from_str(text).map_err(|e| Error::Parse {
        path: "fixtures/demo-session.json".into(),
        message: e.to_string(),
    })?;
    // The id stays: the audit chain of the demo's morning starts from it.
    s.created = now;
    s.updated = now;
    Ok(s)
}

/// Writes a fresh demo copy into the data folder and returns its path.
pub fn write_demo() -> Result<PathBuf> {
    let dir = store::data_dir()?;
    let path = dir.join("demo.json");
    let mut s = demo_session(now())?;
    let _lock = store::lock(&path)?;
    store::save(&path, &mut s)?;
    Ok(path)
}

/// Builds the demo session from the fixture CSVs (used to regenerate the bundled JSON): the
/// morning of a provincial final, with the entries that have marks already presented.
pub fn build_demo(fixtures: &Path, day_start: Time) -> Result<Session> {
    use crate::model::Change;
    use chrono::Duration;
    let p = |n: &str| fixtures.join(n);
    let mut s = Session::new(
        "Final KIPP Provinsi 2026",
        Rubric::preset("kipp").expect("built-in preset"),
        day_start - Duration::hours(1),
    );
    // A fixed id keeps the bundled file reproducible; the audit chain starts from it.
    s.id = "d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0".into();
    s.stage = "Presentasi dan wawancara".into();
    s.language = Some("id".into());
    s.place = Some("Ruang Rapat Bappeda (daring)".into());
    s.schedule = Some(Schedule {
        start: "09:00".into(),
        slot_minutes: 25,
    });
    s.tie_break = vec!["impact".into(), "novelty".into()];
    let (cats, entries) = csv::read_entries("demo-entries.csv", open_csv(&p("demo-entries.csv"))?)?;
    s.jurors = csv::read_jurors(
        "demo-jurors.csv",
        open_csv(&p("demo-jurors.csv"))?,
        &entries,
    )?;
    s.categories = cats;
    for c in &mut s.categories {
        c.top_n = Some(10);
    }
    s.entries = entries;

    let mut scratch = s.clone();
    csv::import_scores(
        &mut scratch,
        "demo-scores.csv",
        open_csv(&p("demo-scores.csv"))?,
        false,
        day_start,
    )?;
    let marked = |id: &str| scratch.scores.iter().any(|sh| sh.entry == id);
    let ids: Vec<String> = s.entries.iter().map(|e| e.id.clone()).collect();
    let mut clock = day_start;
    let mut absent_done = false;
    for (i, id) in ids.iter().enumerate() {
        // Each presenter needs a few minutes to connect: the day drifts behind its slots.
        let planned = day_start + Duration::minutes(25 * i as i64);
        let slot = planned.max(clock + Duration::minutes(6));
        if marked(id) {
            let k = i as i64;
            let pres = Duration::seconds(400 + (k * 37) % 60);
            let interview = Duration::seconds(700 + (k * 53) % 150);
            let entry = || id.clone();
            s.apply(
                "chair",
                Change::SetCurrent {
                    entry: Some(entry()),
                },
                slot,
            )?;
            s.apply("chair", Change::TimerToggle { entry: entry() }, slot)?;
            s.apply("chair", Change::TimerNext { entry: entry() }, slot + pres)?;
            s.apply(
                "chair",
                Change::TimerNext { entry: entry() },
                slot + pres + interview,
            )?;
            clock = slot + pres + interview;
        } else if !absent_done && clock > day_start {
            let status = Status::Absent;
            s.apply(
                "chair",
                Change::SetStatus {
                    entry: id.clone(),
                    status,
                },
                slot,
            )?;
            absent_done = true;
        }
    }
    let after = clock + Duration::minutes(5);
    csv::import_scores(
        &mut s,
        "demo-scores.csv",
        open_csv(&p("demo-scores.csv"))?,
        false,
        after,
    )?;
    let next = s
        .entries
        .iter()
        .find(|e| e.status == Status::Scheduled && !marked(&e.id))
        .map(|e| e.id.clone());
    s.apply("chair", Change::SetCurrent { entry: next }, after)?;
    Ok(s)
}

/// A short next step for the person at the keyboard.
pub fn hint(e: &Error) -> Option<String> {
    match e {
        Error::Io { .. } => Some("check the path and its permissions".into()),
        Error::Parse { path, .. } | Error::Invalid { path, .. } => {
            let bak = crate::store::bak_path(path);
            Some(if bak.exists() {
                format!(
                    "the file was not changed; `juri recover {}` shows the previous version kept in {}",
                    path.display(),
                    bak.display()
                )
            } else {
                "the file was not changed; fix the field named above, or restore a copy".into()
            })
        }
        Error::Locked { .. } => Some(
            "close the other juri on this session first, or wait until it has finished".into(),
        ),
        Error::Exists { .. } => Some("choose another file name".into()),
        Error::Csv { reason, .. } if reason.contains("--replace") => {
            Some("add --replace to replace submitted sheets (each is recorded in the audit log); nothing was changed".into())
        }
        Error::Csv { .. } => Some("fix that line and run the command again; nothing was changed".into()),
        Error::Tampered { path, .. } => Some(format!(
            "nothing was written; `juri verify {0}` names what differs: compare with the backup (`juri recover {0}`) and the fingerprint on the signed minutes",
            path.display()
        )),
        Error::Journal { .. } => Some(
            "a session file and its audit journal (NAME.audit.jsonl beside it) belong together: copy, move and back them up as a pair; nothing was changed".into(),
        ),
        Error::Symlink { .. } => Some(
            "put the file itself at that name (or remove the link: a lock file is made again) and run the command again; nothing was changed".into(),
        ),
        Error::NotRegular { .. } => Some(
            "juri reads and writes plain files only: give the path of a session file; nothing was changed".into(),
        ),
        Error::TooLarge { .. } => Some(
            "this is not a file juri wrote: check the path; nothing was changed".into(),
        ),
        Error::Refused(_) | Error::Rejected(_) => None,
        Error::Usage(_) => Some("see `juri help`".into()),
        Error::ChairPin(_) => Some(
            "with PINs on, chair actions need the chair's PIN: run the command on a terminal to be asked for it, or give it on standard input with --chair-pin-stdin; no score was changed".into(),
        ),
        Error::NoTerminal(_) => Some(
            "run it in a terminal window; scripts can use `juri standings`, `juri export` or `juri validate`".into(),
        ),
    }
}
