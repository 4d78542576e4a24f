//! `juri new`: a session from a rubric, an agenda and a jury.

use crate::error::{Error, Result};
use crate::i18n::{Lang, T};
use crate::io::csv;
use crate::model::{Rubric, Session};
use crate::store;

use super::*;

/// `lang` is the command's `--lang`: without `--session-lang`, the session speaks it too, as
/// the chair who typed it expects.
pub fn new_session(a: &NewArgs, lang: Option<&str>, ask: AskSecret) -> Result<String> {
    let rubric = match (&a.preset, &a.rubric) {
        (Some(p), _) => {
            Rubric::preset(p).ok_or_else(|| Error::usage(format!("no preset {p:?}")))?
        }
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
            serde_json::from_str(&text).map_err(|e| {
                Error::usage(format!(
                    "{} is not a rubric file ({e}); see fixtures/rubric-custom-example.json",
                    path.display()
                ))
            })?
        }
        (None, None) => return Err(Error::usage("give --preset or --rubric")),
    };
    let title = a.title.clone().unwrap_or_else(|| {
        a.file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Session".into())
    });
    let mut s = Session::new(&title, rubric, now());
    s.stage = a.stage.clone().unwrap_or_default();
    s.language = a.session_lang.clone().or_else(|| {
        lang.map(|l| match Lang::choose(Some(l), None, None) {
            Lang::Id => "id".to_string(),
            Lang::En => "en".to_string(),
        })
    });
    for t in &a.tie_break {
        if s.rubric.criterion(t).is_none() {
            return Err(Error::usage(unknown_criterion("--tie-break", t, &s.rubric)));
        }
    }
    s.tie_break = a.tie_break.clone();
    s.quorum = a.quorum;
    let (cats, mut entries) = csv::read_entries(&label(&a.entries), open_csv(&a.entries)?)?;
    let slots = csv::read_slots(&label(&a.entries), open_csv(&a.entries)?)?;
    s.jurors = csv::read_jurors(&label(&a.jurors), open_csv(&a.jurors)?, &entries)?;
    // The screening is recorded in the audit log like any later one: taken off here, applied
    // as events once the session is defined.
    let screened: Vec<(String, String)> = entries
        .iter_mut()
        .filter_map(|e| {
            let reason = e.reason.take()?;
            e.status = crate::model::Status::Scheduled;
            Some((e.id.clone(), reason))
        })
        .collect();
    s.categories = cats;
    s.entries = entries;
    for c in &a.cutoffs {
        let (cat, n) = c
            .rsplit_once('=')
            .and_then(|(cat, n)| Some((cat.trim(), n.trim().parse::<u32>().ok()?)))
            .ok_or_else(|| Error::usage(format!("--cutoff {c:?} is not CATEGORY=N")))?;
        // Names are typed by hand: "provinsi" is "Provinsi".
        let same = |x: &str| x.to_lowercase() == cat.to_lowercase();
        let found = s
            .categories
            .iter_mut()
            .find(|k| same(&k.id) || same(&k.name));
        if found.is_none() && cat.eq_ignore_ascii_case("overall") {
            s.rules.overall = Some(n);
            continue;
        }
        let Some(k) = found else {
            let names: Vec<String> = s
                .categories
                .iter()
                .map(|k| format!("{:?}", k.name))
                .collect();
            return Err(Error::usage(format!(
                "--cutoff: there is no category {cat:?}; the categories of {} are: {}",
                label(&a.entries),
                names.join(", ")
            )));
        };
        // A second line of the category (a Top 20, then a Top 10): the rules list them all.
        match k.top_n {
            Some(first) if first != n => s
                .rules
                .lines
                .entry(k.id.clone())
                .or_insert_with(|| vec![first])
                .push(n),
            _ => k.top_n = Some(n),
        }
    }
    a.rules.apply(&mut s.rules)?;
    s.rules.method = a.method.map(|m| m.method().as_str().to_string());
    apply_schedule(&mut s, &a.schedule, &slots)?;
    // Nothing is written yet: the problems are in the command's inputs.
    let problems = crate::model::validate(&s);
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        return Err(Error::usage(format!(
            "the session would not be valid: {}",
            list.join("; ")
        )));
    }
    for (entry, reason) in screened {
        let change = crate::model::Change::SetIneligible { entry, reason };
        s.apply(csv::IMPORT_ACTOR, change, now())?;
    }
    // Once screened, every entry with a slot is held to its day, as the agenda announces it.
    crate::model::days::hold_days(&mut s);
    refuse_overflow(&s)?;
    if a.pins {
        // The chair's PIN is chosen now: no later chair action may be the one that sets it.
        let hash = new_chair_pin(ask)?;
        let who = crate::model::pin::CHAIR.to_string();
        s.apply("chair", crate::model::Change::SetPin { who, hash }, now())?;
        s.apply("chair", crate::model::Change::SetPins { on: true }, now())?;
    }
    store::save_new(&a.file, &mut s)?;
    let ineligible = s
        .entries
        .iter()
        .filter(|e| e.status == crate::model::Status::Ineligible)
        .count();
    let words = super::lang();
    let count = |n: usize, one: &str, many: &str, id: T| match words {
        Lang::En => csv::plural(n, one, many),
        _ => id.fill(words, &[&n.to_string()]),
    };
    let mut entries = count(s.entries.len(), "entry", "entries", T::CliNEntries);
    if ineligible > 0 {
        entries.push_str(&T::CliNIneligible.fill(words, &[&ineligible.to_string()]));
    }
    let created = T::CliCreated.fill(
        words,
        &[
            &a.file.display().to_string(),
            &entries,
            &count(
                s.categories.len(),
                "category",
                "categories",
                T::CliNCategories,
            ),
            &count(s.jurors.len(), "juror", "jurors", T::CliNJurors),
            &s.rubric.name,
            &count(
                s.rubric.criteria.len(),
                "criterion",
                "criteria",
                T::CliNCriteria,
            ),
        ],
    );
    Ok(match days_note(&s, lang) {
        Some(note) => format!("{created}\n{note}"),
        None => created,
    })
}

/// Days planned but left without an entry: the chair may have meant fewer, or shorter ones.
fn days_note(s: &Session, lang: Option<&str>) -> Option<String> {
    let sch = s.schedule.as_ref().filter(|x| !x.days.is_empty())?;
    let used = crate::model::days::plan(s)
        .iter()
        .flatten()
        .map(|p| p.day)
        .max()
        .map_or(0, |d| d + 1);
    let lang = Lang::choose(lang, s.language.as_deref(), None);
    (used < sch.days.len())
        .then(|| T::DaysUnused.fill(lang, &[&used.to_string(), &sch.days.len().to_string()]))
}

/// Entries that would get no slot: refused before a file is written, with the days needed.
pub(super) fn refuse_overflow(s: &Session) -> Result<()> {
    match crate::model::days::overflow(s) {
        Some((fit, total, days)) => Err(Error::Plan(crate::error::PlanError::TooManyEntries {
            fit,
            total,
            days,
        })),
        None => Ok(()),
    }
}
