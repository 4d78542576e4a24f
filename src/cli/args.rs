//! The command line's words: clap's arguments for every command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::io::report::Format;
use crate::model::Rubric;

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
    /// Print a one-time code for the chair, each juror and the presenter (`ID CODE` a line),
    /// to send each privately: the first login to `juri serve` uses it, then a PIN is chosen.
    Invite {
        /// The session file.
        file: PathBuf,
        /// Only these (juror ids, `chair`, `presenter`); everyone when none is given.
        who: Vec<String>,
        /// With the chair's PIN set, read it from the first line of standard input.
        #[arg(long)]
        chair_pin_stdin: bool,
    },
    /// Serve the session to every member of the panel over SSH, each at their own screen.
    Serve {
        /// The session file.
        file: PathBuf,
        /// Address to listen on; anything beyond this machine must be asked for explicitly.
        #[arg(long, default_value = "127.0.0.1:2222")]
        listen: String,
    },
    /// Write a fresh copy of the bundled demo session to the data folder and open it.
    Demo,
    /// Give an entry a special award with the reason, or withdraw one (a chair action).
    Award(super::AwardArgs),
    /// Merge sessions of one competition (parallel panels, days) that share a rubric into one.
    Merge(super::MergeArgs),
    /// Write a large generated session (a realistic KIPP final, scored by every juror) to try
    /// juri at the size of a national desk stage.
    Gen(GenArgs),
    /// Print the agenda (day, date, slot, entry, institution, status) in the session's language,
    /// to send to the innovators.
    Agenda(AgendaArgs),
    /// Write the next stage's session with the entries that passed (Top N of each category),
    /// their score in this stage and the link to this file.
    Advance(AdvanceArgs),
    /// Import an earlier stage's score per entry (from another tool) as a CSV: entry,score.
    ImportStage(ImportStageArgs),
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
    /// Top-N cut-off of a category, as CATEGORY=N; repeat for each category, and for a
    /// category with several lines (NTT=20 then NTT=10). Overall=N: a Top N across the
    /// categories, their own Top N being their quotas within it.
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
    #[command(flatten)]
    pub schedule: ScheduleArgs,
    /// Juror PINs: each juror sets a PIN the first time and needs it to open their sheet;
    /// chair actions need the chair's PIN, which is asked for here, twice (typed on the
    /// terminal without being shown, or two lines on standard input).
    #[arg(long)]
    pub pins: bool,
    /// Language of the session: en or id.
    #[arg(long = "session-lang", value_parser = ["en", "id"])]
    pub session_lang: Option<String>,
    /// How the session combines its totals: mean, median or trimmed (the screens, `juri
    /// standings` and `juri export` start from it; the recap states it).
    #[arg(long, value_enum)]
    pub method: Option<MethodArg>,
    #[command(flatten)]
    pub rules: super::RulesArgs,
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
    /// How an entry's submitted totals are combined: mean, median, or trimmed (drop the K
    /// highest and K lowest, see --trim, when there are at least 2K+1). Default: the
    /// session's, else mean.
    #[arg(long, value_enum)]
    pub method: Option<MethodArg>,
    /// zscore: replace each juror's totals by z-scores over the entries that juror submitted.
    #[arg(long, value_enum, default_value_t = NormalizeArg::None)]
    pub normalize: NormalizeArg,
    /// Only this category (its id), with its ranks and Top-N cut-off line.
    #[arg(long)]
    pub category: Option<String>,
    /// Criteria that break ties, in order, separated by commas (default: the session's).
    #[arg(long, value_delimiter = ',')]
    pub tie_break: Option<Vec<String>>,
    /// The session's rules, changed for this run only.
    #[command(flatten)]
    pub rules: super::RulesArgs,
    /// Only the entries of this group (kelompok), ranked among themselves.
    #[arg(long)]
    pub group: Option<String>,
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
    /// How totals are combined (default: the session's, else mean).
    #[arg(long, value_enum)]
    pub method: Option<MethodArg>,
    #[arg(long, value_enum, default_value_t = NormalizeArg::None)]
    pub normalize: NormalizeArg,
    /// The session's rules, changed for this export only.
    #[command(flatten)]
    pub rules: super::RulesArgs,
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

/// The agenda's days and the phases' lengths.
#[derive(Debug, Args, Default)]
pub struct ScheduleArgs {
    /// Start of the first slot, as HH:MM, for the agenda's planned times.
    #[arg(long)]
    pub start: Option<String>,
    /// Length of one slot in minutes (default: presentation and interview together, or 30).
    #[arg(long)]
    pub slot: Option<u32>,
    /// How many days the agenda spans; slots never cross a break or the end of a day.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub days: Option<u32>,
    /// The date of the first day, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub first_day: Option<chrono::NaiveDate>,
    /// Plan the days on working days only: Saturdays and Sundays are skipped.
    #[arg(long)]
    pub weekdays: bool,
    /// When each day starts, HH:MM (default: --start, or 09:00).
    #[arg(long, value_name = "HH:MM")]
    pub day_start: Option<String>,
    /// When each day ends, HH:MM: no slot runs past it.
    #[arg(long, value_name = "HH:MM")]
    pub day_end: Option<String>,
    /// A break of every day, HH:MM-HH:MM (lunch, ISHOMA); repeat for each.
    #[arg(long = "break", value_name = "HH:MM-HH:MM")]
    pub breaks: Vec<String>,
    /// Minutes of the presentation phase.
    #[arg(long, value_name = "MIN")]
    pub presentation: Option<u32>,
    /// Minutes of the interview phase.
    #[arg(long, value_name = "MIN")]
    pub interview: Option<u32>,
}

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// The session file.
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = AgendaFormat::Table)]
    pub format: AgendaFormat,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum AgendaFormat {
    Table,
    Csv,
    Md,
}

#[derive(Debug, Args)]
pub struct AdvanceArgs {
    /// The session file of the stage that ends.
    pub file: PathBuf,
    /// How many entries of each category pass (ties at the cut pass together).
    #[arg(long)]
    pub top: u32,
    /// Only these categories (id or name, any case); repeat for each. Default: every one.
    #[arg(long = "category")]
    pub categories: Vec<String>,
    /// The next stage's session file (refused if it exists).
    #[arg(short, long)]
    pub output: PathBuf,
    /// The next stage's title (default: the previous one's, unless that was only its file's
    /// name; then the new file's name).
    #[arg(long)]
    pub title: Option<String>,
    /// The name this stage's scores carry in the next (default: the session's stage).
    #[arg(long)]
    pub name: Option<String>,
    /// The weight of this stage's score in the final one, in percent; the next stage weighs
    /// the rest.
    #[arg(long)]
    pub weight: String,
    /// The next stage, e.g. "Presentasi dan wawancara".
    #[arg(long)]
    pub stage: Option<String>,
    /// The next stage's panel (default: this one's).
    #[arg(long)]
    pub jurors: Option<PathBuf>,
    /// The next stage's rubric, built in (default: this one's).
    #[arg(long, value_parser = Rubric::PRESETS)]
    pub preset: Option<String>,
    #[arg(long, value_enum, default_value_t = MethodArg::Mean)]
    pub method: MethodArg,
    #[command(flatten)]
    pub schedule: ScheduleArgs,
}

#[derive(Debug, Args)]
pub struct ImportStageArgs {
    /// The session file.
    pub file: PathBuf,
    /// The stage's scores: entry,score (0-100), one row per entry that competes.
    pub scores: PathBuf,
    /// The stage's name, e.g. desk.
    #[arg(long)]
    pub name: String,
    /// Its weight in the final score, in percent; this session's stage weighs the rest.
    #[arg(long)]
    pub weight: String,
    /// Replace the scores of a stage the session already has (refused without it).
    #[arg(long)]
    pub replace: bool,
    /// Read the chair's PIN from the first line of standard input (with PINs on).
    #[arg(long)]
    pub chair_pin_stdin: bool,
}
