//! Errors are values: every failure names its cause and, where one helps, a hint for the user.

use std::path::PathBuf;

use crate::i18n::{Lang, T, fmt_num};

/// One problem found while checking a session, named by its JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// What a command says when it refuses: words of the catalog with their arguments, or a text
/// composed elsewhere (a reader's own words, a list of problems).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Key(T, Vec<String>),
    Text(String),
}

impl Msg {
    pub fn new(key: T, args: &[&dyn std::fmt::Display]) -> Msg {
        Msg::Key(key, args.iter().map(|a| a.to_string()).collect())
    }

    pub fn text(&self, lang: Lang) -> String {
        match self {
            Msg::Key(key, args) => fill(*key, lang, args),
            Msg::Text(t) => t.clone(),
        }
    }
}

impl From<String> for Msg {
    fn from(t: String) -> Msg {
        Msg::Text(t)
    }
}

impl From<&str> for Msg {
    fn from(t: &str) -> Msg {
        Msg::Text(t.into())
    }
}

impl From<T> for Msg {
    fn from(key: T) -> Msg {
        Msg::Key(key, Vec::new())
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// `Display` is the English text; [`Error::text`] gives it in either language.
#[derive(Debug)]
pub enum Error {
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    Parse {
        path: PathBuf,
        message: String,
    },
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
    Locked {
        path: PathBuf,
        holder: String,
    },
    Exists {
        path: PathBuf,
    },
    Csv {
        file: String,
        line: u64,
        /// The command line's English words.
        reason: String,
        /// The refusal behind it, when a change was refused: told in the user's language.
        why: Option<Refusal>,
    },
    Tampered {
        path: PathBuf,
        problem: String,
    },
    /// The audit journal beside a session does not fit it.
    Journal {
        path: PathBuf,
        problem: String,
    },
    /// A file juri would write, or a session file it would replace, is a symbolic link.
    Symlink {
        path: PathBuf,
    },
    /// Something other than a plain file where juri reads or writes one.
    NotRegular {
        path: PathBuf,
        kind: &'static str,
    },
    /// A file too large to be one of juri's (see `store::SESSION_MAX_BYTES`).
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// A change `Session::apply` (or the clock) refuses; the session is left as it was.
    Refused(Refusal),
    Rejected(Msg),
    Usage(Msg),
    /// A chair action on the command line without the chair's PIN, or with a wrong one.
    ChairPin(Msg),
    /// The screens were asked for without a terminal to draw them on.
    NoTerminal(&'static str),
    /// An agenda that cannot be planned as asked.
    Plan(PlanError),
}

/// Why the agenda's days cannot be planned from the command's flags or the entries file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// Two planned slots of a day overlap: the later starts before the earlier ends.
    SlotOverlap {
        file: String,
        line: u64,
        entry: String,
        slot: String,
        free_at: String,
    },
    /// A row that competes has no day and slot while other rows have theirs.
    SlotMissing {
        file: String,
        line: u64,
        entry: String,
    },
    /// The days hold fewer entries than compete.
    TooManyEntries {
        fit: usize,
        total: usize,
        days: usize,
    },
    /// A slot shorter than the presentation and the interview together.
    SlotTooShort { slot: u32, phases: u32 },
    /// Phases of 0 minutes leave no slot to plan.
    NoPhases,
    /// A break that ends before it starts.
    BreakBackwards(String),
    /// `juri advance --top 0`: no entry would go on.
    TopZero,
}

impl PlanError {
    pub fn key(&self) -> T {
        match self {
            PlanError::SlotOverlap { .. } => T::PlanSlotOverlap,
            PlanError::SlotMissing { .. } => T::PlanSlotMissing,
            PlanError::TooManyEntries { .. } => T::PlanTooMany,
            PlanError::SlotTooShort { .. } => T::PlanSlotTooShort,
            PlanError::NoPhases => T::PlanNoPhases,
            PlanError::BreakBackwards(_) => T::PlanBreakBackwards,
            PlanError::TopZero => T::PlanTopZero,
        }
    }

    pub fn hint(&self) -> T {
        match self {
            PlanError::SlotOverlap { .. } => T::HintSlotOverlap,
            PlanError::SlotMissing { .. } => T::HintSlotMissing,
            PlanError::TooManyEntries { .. } => T::HintTooMany,
            PlanError::SlotTooShort { .. } => T::HintSlotTooShort,
            PlanError::NoPhases => T::HintNoPhases,
            PlanError::BreakBackwards(_) | PlanError::TopZero => T::HintUsage,
        }
    }

    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<String> = match self {
            PlanError::SlotOverlap {
                file,
                line,
                entry,
                slot,
                free_at,
            } => vec![
                file.clone(),
                line.to_string(),
                entry.clone(),
                slot.clone(),
                free_at.clone(),
            ],
            PlanError::SlotMissing { file, line, entry } => {
                vec![file.clone(), line.to_string(), entry.clone()]
            }
            PlanError::TooManyEntries { fit, total, days } => {
                vec![fit.to_string(), total.to_string(), days.to_string()]
            }
            PlanError::SlotTooShort { slot, phases } => vec![slot.to_string(), phases.to_string()],
            PlanError::NoPhases | PlanError::TopZero => vec![],
            PlanError::BreakBackwards(b) => vec![b.clone()],
        };
        fill(self.key(), lang, &args)
    }
}

impl Error {
    /// The process exit code: 2 for a command that cannot run where it was started (as for a
    /// usage error), 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::NoTerminal(_) => 2,
            _ => 1,
        }
    }

    /// The error in `lang`, as the screens and the command line show it. Paths, the words of
    /// a CSV or JSON reader and messages typed by a person are quoted as they are.
    pub fn text(&self, lang: Lang) -> String {
        let p = |p: &std::path::Path| p.display().to_string();
        match self {
            Error::Io {
                action,
                path,
                source,
            } => fill(
                T::ErrIo,
                lang,
                &[verb(action, lang), p(path), io_text(source, lang)],
            ),
            Error::Parse { path, message } => fill(T::ErrParse, lang, &[p(path), message.clone()]),
            Error::Invalid { path, problems } => match problems.as_slice() {
                [one] => format!("{}: {one}", p(path)),
                many => fill(T::ErrInvalidMany, lang, &[p(path), many.len().to_string()]),
            },
            Error::Locked { path, holder } => fill(T::ErrLocked, lang, &[p(path), holder.clone()]),
            Error::Exists { path } => fill(T::ErrExists, lang, &[p(path)]),
            Error::Csv {
                file,
                line,
                why: Some(why),
                ..
            } if lang != Lang::En => fill(
                T::ErrCsv,
                lang,
                &[file.clone(), line.to_string(), why.text(lang)],
            ),
            Error::Csv {
                file, line, reason, ..
            } => fill(
                T::ErrCsv,
                lang,
                &[file.clone(), line.to_string(), reason.clone()],
            ),
            Error::Tampered { path, problem } => {
                fill(T::ErrTampered, lang, &[p(path), problem.clone()])
            }
            Error::Journal { path, problem } => format!("{}: {problem}", p(path)),
            Error::Symlink { path } => fill(T::ErrSymlink, lang, &[p(path)]),
            Error::NotRegular { path, kind } => {
                fill(T::ErrNotRegular, lang, &[p(path), kind_text(kind, lang)])
            }
            Error::TooLarge { path, size, limit } => fill(
                T::ErrTooLarge,
                lang,
                &[p(path), size.to_string(), limit.to_string()],
            ),
            Error::Refused(r) => r.text(lang),
            Error::Rejected(m) | Error::Usage(m) | Error::ChairPin(m) => m.text(lang),
            Error::NoTerminal(which) => {
                let which = match *which {
                    "input" => T::ErrTermInput.get(lang),
                    "output" => T::ErrTermOutput.get(lang),
                    other => other,
                };
                fill(T::ErrNoTerminal, lang, &[which.to_string()])
            }
            Error::Plan(p) => p.text(lang),
        }
    }

    /// A command used wrongly (a flag, a name that does not exist).
    pub fn usage(m: impl Into<Msg>) -> Self {
        Error::Usage(m.into())
    }

    /// A command that cannot do what was asked of this session.
    pub fn rejected(m: impl Into<Msg>) -> Self {
        Error::Rejected(m.into())
    }

    /// A chair action on the command line refused for the chair's PIN.
    pub fn chair_pin(m: impl Into<Msg>) -> Self {
        Error::ChairPin(m.into())
    }

    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Self {
        Error::Refused(r)
    }
}

/// Why a number is not a value of a criterion's scale. `Display` is the English text (the
/// command line's); [`ValueError::text`] gives it in either language, for the screens.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValueError {
    #[error("{} is above the scale maximum {}", fmt_num(*.value), fmt_num(*.max))]
    AboveMax { value: f64, max: f64 },
    #[error("{} is below the scale minimum {}", fmt_num(*.value), fmt_num(*.min))]
    BelowMin { value: f64, min: f64 },
    #[error("{} is not on the scale's step of {} from {}", fmt_num(*.value), fmt_num(*.step), fmt_num(*.from))]
    OffStep { value: f64, step: f64, from: f64 },
    #[error("{} is not a number with at most 4 decimals", crate::i18n::show_num(*.value))]
    TooPrecise { value: f64 },
    #[error("{text:?} is not a number")]
    NotANumber { text: String },
}

impl ValueError {
    /// The catalog's words for this error.
    pub fn key(&self) -> T {
        match self {
            ValueError::AboveMax { .. } => T::AboveMax,
            ValueError::BelowMin { .. } => T::BelowMin,
            ValueError::OffStep { .. } => T::OffStep,
            ValueError::TooPrecise { .. } => T::TooPrecise,
            ValueError::NotANumber { .. } => T::NotANumber,
        }
    }

    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<String> = match self {
            ValueError::AboveMax { value, max } => vec![fmt_num(*value), fmt_num(*max)],
            ValueError::BelowMin { value, min } => vec![fmt_num(*value), fmt_num(*min)],
            ValueError::OffStep { value, step, from } => {
                vec![fmt_num(*value), fmt_num(*step), fmt_num(*from)]
            }
            ValueError::TooPrecise { value } => vec![crate::i18n::show_num(*value)],
            ValueError::NotANumber { text } => vec![text.clone()],
        };
        fill(self.key(), lang, &args)
    }
}

/// A change refused: each names its cause, in English by `Display` (the command line's words)
/// and in the screen's language by [`Refusal::text`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    #[error("there is no entry {0:?}")]
    NoEntry(String),
    #[error("there is no juror {0:?}")]
    NoJuror(String),
    #[error("there is no criterion {0:?} in the rubric")]
    NoCriterion(String),
    #[error("juror {juror:?} has a conflict of interest with entry {entry:?} and may not score it")]
    Conflict { juror: String, entry: String },
    #[error(
        "the sheet of juror {juror:?} for entry {entry:?} is submitted; the chair must reopen it first"
    )]
    SheetSubmitted { juror: String, entry: String },
    #[error("the sheet cannot be submitted: no value yet for {}", .0.join(", "))]
    Incomplete(Vec<String>),
    #[error("reopening a sheet needs a reason")]
    ReasonNeeded,
    #[error("juror {juror:?} has no submitted sheet for entry {entry:?}")]
    NotSubmitted { juror: String, entry: String },
    #[error("a quorum is at least 1 sheet")]
    QuorumZero,
    #[error("a quorum of {quorum} is more than the panel's {jurors} jurors")]
    QuorumAbovePanel { quorum: u32, jurors: usize },
    #[error("a PIN is stored only as an Argon2id hash")]
    PinNotHashed,
    /// The clock of an entry whose both phases have ended cannot be started again.
    #[error("both phases have ended; reset the timer to run it again")]
    TimerFinished,
    /// No phase is left to end.
    #[error("both phases have ended")]
    PhasesEnded,
    #[error("no phase has ended yet")]
    NoPhaseEnded,
    #[error("{criterion}: {error}")]
    Value {
        criterion: String,
        error: ValueError,
    },
    /// Weights and scales whose exact sums would not fit juri's arithmetic.
    #[error("the rubric's weights and scales are too large to rank exactly")]
    TooLargeToRank,
    /// Rules that cannot decide anything (a weight of 0, a grade above 100).
    #[error("the rules cannot be used: {0}")]
    BadRules(String),
    #[error("entry {entry:?} has no award {name:?}")]
    NoAward { name: String, entry: String },
    /// Absent, withdrawn and ineligible entries are not scored.
    #[error("entry {entry:?} is {status} and cannot be scored")]
    NotScorable { entry: String, status: &'static str },
    #[error("there is no agenda day {0}")]
    NoDay(u32),
    /// An ineligible entry changes only when the chair lifts its ineligibility (back to
    /// scheduled); marking it absent or withdrawn would erase the screening and its reason.
    #[error("entry {0:?} did not pass the screening; lift that first (b) to change its status")]
    StillIneligible(String),
    /// An earlier stage the session already has: its scores are replaced only on request.
    #[error("the session already has the stage {0:?}; nothing was changed")]
    StageExists(String),
    /// An entry held to a day that has no free slot left.
    #[error("day {0} is full: move another entry off it first")]
    DayFull(u32),
    /// Earlier stages weigh more than 0 and, together, less than 100 percent.
    #[error(
        "a stage's weight is a percent above 0, and the earlier stages together weigh less than 100"
    )]
    StageWeight,
}

impl Refusal {
    /// The catalog's words for this refusal.
    pub fn key(&self) -> T {
        match self {
            Refusal::NoEntry(_) => T::RNoEntry,
            Refusal::NoJuror(_) => T::RNoJuror,
            Refusal::NoCriterion(_) => T::RNoCriterion,
            Refusal::Conflict { .. } => T::RConflict,
            Refusal::SheetSubmitted { .. } => T::RSheetSubmitted,
            Refusal::Incomplete(_) => T::RIncomplete,
            Refusal::ReasonNeeded => T::ReasonNeeded,
            Refusal::NotSubmitted { .. } => T::RNotSubmitted,
            Refusal::QuorumZero => T::RQuorumZero,
            Refusal::QuorumAbovePanel { .. } => T::RQuorumAbovePanel,
            Refusal::PinNotHashed => T::RPinNotHashed,
            Refusal::TimerFinished | Refusal::PhasesEnded => T::TimerFinished,
            Refusal::NoPhaseEnded => T::RNoPhaseEnded,
            Refusal::Value { .. } => T::RValue,
            Refusal::TooLargeToRank => T::RTooLargeToRank,
            Refusal::BadRules(_) => T::WinBadRules,
            Refusal::NoAward { .. } => T::WinNoAward,
            Refusal::NotScorable { .. } => T::RNotScorable,
            Refusal::NoDay(_) => T::RNoDay,
            Refusal::DayFull(_) => T::RDayFull,
            Refusal::StillIneligible(_) => T::RStillIneligible,
            Refusal::StageExists(_) => T::RStageExists,
            Refusal::StageWeight => T::RStageWeight,
        }
    }

    pub fn text(&self, lang: Lang) -> String {
        let q = |s: &str| format!("\"{s}\"");
        let args: Vec<String> = match self {
            Refusal::NoEntry(x)
            | Refusal::NoJuror(x)
            | Refusal::NoCriterion(x)
            | Refusal::StillIneligible(x)
            | Refusal::StageExists(x) => vec![q(x)],
            Refusal::Conflict { juror, entry }
            | Refusal::SheetSubmitted { juror, entry }
            | Refusal::NotSubmitted { juror, entry } => vec![q(juror), q(entry)],
            Refusal::Incomplete(missing) => vec![missing.join(", ")],
            Refusal::QuorumAbovePanel { quorum, jurors } => {
                vec![quorum.to_string(), jurors.to_string()]
            }
            Refusal::Value { criterion, error } => vec![criterion.clone(), error.text(lang)],
            Refusal::BadRules(why) => vec![why.clone()],
            Refusal::NoAward { name, entry } => vec![q(entry), q(name)],
            Refusal::NotScorable { entry, status } => vec![q(entry), status_word(status, lang)],
            Refusal::NoDay(d) | Refusal::DayFull(d) => vec![d.to_string()],
            Refusal::ReasonNeeded
            | Refusal::QuorumZero
            | Refusal::PinNotHashed
            | Refusal::TimerFinished
            | Refusal::PhasesEnded
            | Refusal::NoPhaseEnded
            | Refusal::TooLargeToRank
            | Refusal::StageWeight => vec![],
        };
        fill(self.key(), lang, &args)
    }
}

/// A status as the catalog names it.
fn status_word(status: &str, lang: Lang) -> String {
    let key = match status {
        "absent" => T::StAbsent,
        "withdrawn" => T::StWithdrawn,
        _ => T::StIneligible,
    };
    key.get(lang).to_string()
}

fn fill(key: T, lang: Lang, args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    key.fill(lang, &args)
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // The command line's words for a refusal (the screens' are `Refusal::text`).
            Error::Refused(r) => write!(f, "{r}"),
            other => f.write_str(&other.text(Lang::En)),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Refused(r) => Some(r),
            _ => None,
        }
    }
}

/// What juri was doing with a file, as `Error::io` names it.
fn verb(action: &str, lang: Lang) -> String {
    let key = match action {
        "read" => T::VerbRead,
        "write" => T::VerbWrite,
        "create" => T::VerbCreate,
        "lock" => T::VerbLock,
        "back up" => T::VerbBackUp,
        "use" => T::VerbUse,
        "start the writer for" => T::VerbStartWriter,
        other => return other.to_string(),
    };
    key.get(lang).to_string()
}

/// The system's reason, in English as the system gives it; the common ones in Bahasa Indonesia.
fn io_text(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    if lang == Lang::En {
        return e.to_string();
    }
    let key = match e.kind() {
        K::NotFound => T::IoNotFound,
        K::PermissionDenied => T::IoPermission,
        K::AlreadyExists => T::IoExists,
        K::StorageFull => T::IoFull,
        K::ReadOnlyFilesystem => T::IoReadOnly,
        K::IsADirectory => T::IoIsFolder,
        K::NotADirectory => T::IoNotFolder,
        _ => return e.to_string(),
    };
    key.get(lang).to_string()
}

/// What stands where a plain file was expected (see `store::atomic::kind_of`).
fn kind_text(kind: &str, lang: Lang) -> String {
    let key = match kind {
        "a named pipe" => T::KindPipe,
        "a device" => T::KindDevice,
        "a socket" => T::KindSocket,
        "a folder" => T::KindFolder,
        "a special file" => T::KindSpecial,
        other => return other.to_string(),
    };
    key.get(lang).to_string()
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Vec<ValueError> {
        let all = vec![
            ValueError::AboveMax {
                value: 105.0,
                max: 100.0,
            },
            ValueError::BelowMin {
                value: 0.5,
                min: 1.0,
            },
            ValueError::OffStep {
                value: 7.3,
                step: 0.5,
                from: 1.0,
            },
            ValueError::TooPrecise { value: 7.12345 },
            ValueError::NotANumber {
                text: "7,5x".into(),
            },
        ];
        // A new variant must be added above: this match does not compile without it.
        for v in &all {
            match v {
                ValueError::AboveMax { .. }
                | ValueError::BelowMin { .. }
                | ValueError::OffStep { .. }
                | ValueError::TooPrecise { .. }
                | ValueError::NotANumber { .. } => {}
            }
        }
        all
    }

    fn refusals() -> Vec<Refusal> {
        let (j, e) = (|| String::from("J1"), || String::from("E1"));
        let mut all = vec![
            Refusal::NoEntry(e()),
            Refusal::NoJuror(j()),
            Refusal::NoCriterion("nope".into()),
            Refusal::Conflict {
                juror: j(),
                entry: e(),
            },
            Refusal::SheetSubmitted {
                juror: j(),
                entry: e(),
            },
            Refusal::Incomplete(vec!["novelty".into(), "impact".into()]),
            Refusal::ReasonNeeded,
            Refusal::NotSubmitted {
                juror: j(),
                entry: e(),
            },
            Refusal::QuorumZero,
            Refusal::QuorumAbovePanel {
                quorum: 9,
                jurors: 5,
            },
            Refusal::PinNotHashed,
            Refusal::TimerFinished,
            Refusal::PhasesEnded,
            Refusal::NoPhaseEnded,
            Refusal::TooLargeToRank,
            Refusal::BadRules("a weight of 0".into()),
            Refusal::NoAward {
                name: "Top 5".into(),
                entry: e(),
            },
            Refusal::NotScorable {
                entry: e(),
                status: "withdrawn",
            },
            Refusal::NoDay(14),
            Refusal::DayFull(2),
            Refusal::StillIneligible(e()),
            Refusal::StageExists("desk".into()),
            Refusal::StageWeight,
        ];
        all.extend(values().into_iter().map(|error| Refusal::Value {
            criterion: "novelty".into(),
            error,
        }));
        // A new variant must be added above: this match does not compile without it.
        for r in &all {
            match r {
                Refusal::NoEntry(_)
                | Refusal::NoJuror(_)
                | Refusal::NoCriterion(_)
                | Refusal::Conflict { .. }
                | Refusal::SheetSubmitted { .. }
                | Refusal::Incomplete(_)
                | Refusal::ReasonNeeded
                | Refusal::NotSubmitted { .. }
                | Refusal::QuorumZero
                | Refusal::QuorumAbovePanel { .. }
                | Refusal::PinNotHashed
                | Refusal::TimerFinished
                | Refusal::PhasesEnded
                | Refusal::NoPhaseEnded
                | Refusal::Value { .. }
                | Refusal::TooLargeToRank
                | Refusal::BadRules(_)
                | Refusal::NoAward { .. }
                | Refusal::NotScorable { .. }
                | Refusal::NoDay(_)
                | Refusal::DayFull(_)
                | Refusal::StillIneligible(_)
                | Refusal::StageExists(_)
                | Refusal::StageWeight => {}
            }
        }
        all
    }

    #[test]
    fn every_refusal_and_value_error_has_both_texts() {
        let texts = |en: String, id: String, english: String, what: String| {
            assert!(!en.is_empty() && !id.is_empty(), "{what}");
            assert_ne!(en, id, "{what}: the same text in both languages");
            assert!(
                !english.is_empty(),
                "{what}: no English text for the command line"
            );
            // Every argument is filled in: no hole is left, in either language.
            assert!(!en.contains("{}") && !id.contains("{}"), "{what}");
        };
        for v in values() {
            texts(
                v.text(Lang::En),
                v.text(Lang::Id),
                v.to_string(),
                format!("{v:?}"),
            );
            // On the screens in English, the command line's words.
            assert_eq!(v.text(Lang::En), v.to_string(), "{v:?}");
        }
        for r in refusals() {
            texts(
                r.text(Lang::En),
                r.text(Lang::Id),
                r.to_string(),
                format!("{r:?}"),
            );
            let e = Error::from(r.clone());
            assert_eq!(e.text(Lang::Id), r.text(Lang::Id));
            assert_eq!(e.to_string(), r.to_string());
        }
    }

    #[test]
    fn a_value_refusal_names_the_criterion_and_the_value_in_either_language() {
        let r = Refusal::Value {
            criterion: "novelty".into(),
            error: ValueError::AboveMax {
                value: 101.0,
                max: 100.0,
            },
        };
        assert_eq!(r.to_string(), "novelty: 101 is above the scale maximum 100");
        assert_eq!(
            r.text(Lang::Id),
            "novelty: 101 melebihi nilai maksimum skala 100"
        );
        assert_eq!(
            Refusal::PhasesEnded.text(Lang::Id),
            T::TimerFinished.get(Lang::Id)
        );
    }

    fn every_error() -> Vec<Error> {
        let p = || std::path::PathBuf::from("S.json");
        let io = |k| std::io::Error::from(k);
        vec![
            Error::io("read", p(), io(std::io::ErrorKind::NotFound)),
            Error::io("write", p(), io(std::io::ErrorKind::PermissionDenied)),
            Error::Parse {
                path: p(),
                message: "expected value at line 1".into(),
            },
            Error::Invalid {
                path: p(),
                problems: vec![Problem::new("a", "b"), Problem::new("c", "d")],
            },
            Error::Locked {
                path: p(),
                holder: "pid 7".into(),
            },
            Error::Exists { path: p() },
            Error::Csv {
                file: "e.csv".into(),
                line: 3,
                reason: "x".into(),
                why: None,
            },
            Error::Tampered {
                path: p(),
                problem: "seal".into(),
            },
            Error::Symlink { path: p() },
            Error::NotRegular {
                path: p(),
                kind: "a named pipe",
            },
            Error::TooLarge {
                path: p(),
                size: 9,
                limit: 8,
            },
            Error::NoTerminal("input"),
            Error::Plan(PlanError::SlotOverlap {
                file: "e.csv".into(),
                line: 3,
                entry: "A2".into(),
                slot: "09:10".into(),
                free_at: "09:30".into(),
            }),
            Error::Plan(PlanError::SlotMissing {
                file: "e.csv".into(),
                line: 4,
                entry: "A3".into(),
            }),
        ]
    }

    #[test]
    fn every_planning_error_has_both_texts_and_a_hint() {
        let all = [
            PlanError::SlotOverlap {
                file: "e.csv".into(),
                line: 3,
                entry: "A2".into(),
                slot: "09:10".into(),
                free_at: "09:30".into(),
            },
            PlanError::SlotMissing {
                file: "e.csv".into(),
                line: 4,
                entry: "A3".into(),
            },
            PlanError::TooManyEntries {
                fit: 3,
                total: 34,
                days: 12,
            },
            PlanError::SlotTooShort {
                slot: 10,
                phases: 20,
            },
            PlanError::NoPhases,
            PlanError::BreakBackwards("13:00-12:00".into()),
            PlanError::TopZero,
        ];
        for p in all {
            let (en, id) = (p.text(Lang::En), p.text(Lang::Id));
            assert!(!en.is_empty() && en != id, "{p:?}");
            assert!(!p.hint().get(Lang::Id).is_empty());
        }
    }

    #[test]
    fn every_error_of_a_file_is_told_in_either_language() {
        for e in every_error() {
            let (en, id) = (e.text(Lang::En), e.text(Lang::Id));
            assert_eq!(en, e.to_string(), "Display is the English text");
            assert_ne!(en, id, "{e:?} has no Indonesian words");
            assert!(
                id.contains("S.json") || id.contains("e.csv") || matches!(e, Error::NoTerminal(_))
            );
        }
        assert_eq!(
            every_error()[0].text(Lang::Id),
            "tidak dapat membaca S.json: berkas atau folder itu tidak ada"
        );
        assert_eq!(
            every_error()[0].to_string(),
            "cannot read S.json: entity not found"
        );
    }
}
