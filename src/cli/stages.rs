//! `juri agenda`, `juri advance` and `juri import-stage`: a competition over several days and
//! stages.

use std::io::Read;

use crate::error::{Error, Result};
use crate::i18n::{Lang, T};
use crate::io::{agenda, csv};
use crate::model::stages::{Chain, EarlierStage, Link, exact_text};
use crate::model::{Change, Rubric, Session, Status};
use crate::standings::{self, Options, Score};
use crate::store;

use super::*;

pub fn agenda(a: &AgendaArgs, lang: Option<&str>) -> Result<String> {
    let s = store::load(&resolve(&a.file))?;
    let lang = Lang::choose(lang, s.language.as_deref(), None);
    Ok(match a.format {
        AgendaFormat::Table => agenda::table(&s, lang),
        AgendaFormat::Csv => agenda::csv(&s, lang),
        AgendaFormat::Md => agenda::md(&s, lang),
    })
}

/// A category named by id or name, in any case; a wrong one lists the real ones.
pub(super) fn find_category<'a>(s: &'a Session, flag: &str, given: &str) -> Result<&'a str> {
    let g = given.trim().to_lowercase();
    s.categories
        .iter()
        .find(|c| c.id.to_lowercase() == g || c.name.to_lowercase() == g)
        .map(|c| c.id.as_str())
        .ok_or_else(|| {
            let names: Vec<String> = s
                .categories
                .iter()
                .map(|c| format!("{:?}", c.name))
                .collect();
            Error::usage(format!(
                "{flag}: there is no category {given:?}; the categories are: {}",
                names.join(", ")
            ))
        })
}

pub fn advance(a: &AdvanceArgs) -> Result<String> {
    if a.top == 0 {
        return Err(Error::Plan(crate::error::PlanError::TopZero));
    }
    let path = resolve(&a.file);
    let prev = store::load(&path)?;
    let log = store::read_log(&path, &prev)?;
    // The link is only worth something if the file is what its log says.
    let fingerprint = crate::standings::verify::verify(&prev, &log)
        .map_err(|problem| Error::Tampered {
            path: path.clone(),
            problem,
        })?
        .fingerprint;
    let cats: Vec<&str> = if a.categories.is_empty() {
        prev.categories.iter().map(|c| c.id.as_str()).collect()
    } else {
        a.categories
            .iter()
            .map(|c| find_category(&prev, "--category", c))
            .collect::<Result<_>>()?
    };
    let opts = Options {
        method: a.method.method(),
        ..Options::default()
    };
    let st = standings::compute(&prev, &opts)?;
    let passed: Vec<&standings::Row> = st
        .rows
        .iter()
        .filter(|r| cats.contains(&r.category.as_str()))
        .filter(|r| r.category_rank.is_some_and(|k| k <= a.top) && r.rank.is_some())
        .collect();
    if passed.is_empty() {
        return Err(Error::usage(format!(
            "no entry of {} is ranked yet: submit the sheets first",
            path.display()
        )));
    }
    let name = a
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| Some(prev.stage.clone()).filter(|n| !n.trim().is_empty()))
        .unwrap_or_else(|| {
            format!(
                "stage {}",
                prev.chain.as_ref().map_or(0, |c| c.stages.len()) + 1
            )
        });
    // This stage's own score: the last of a row's stages when it already combines earlier ones.
    let own = |r: &standings::Row| match (r.stages.last(), &r.score) {
        (Some(Some(x)), _) => Some(*x),
        (_, Some(Score::Points(x))) => Some(*x),
        _ => None,
    };
    let scores = passed
        .iter()
        .filter_map(|r| Some((r.entry.clone(), exact_text(own(r)?))))
        .collect();
    let mut chain = prev.chain.clone().unwrap_or_else(Chain::default);
    // The earlier stages' scores go on with the entries that pass; those of the others stay in
    // the previous file, which the link names.
    for st in &mut chain.stages {
        st.scores
            .retain(|e, _| passed.iter().any(|r| &r.entry == e));
    }
    if chain.stages.iter().any(|x| x.name == name) {
        return Err(Error::usage(format!(
            "an earlier stage is already named {name:?}: give this one another --name"
        )));
    }
    chain.stages.push(EarlierStage {
        name: name.clone(),
        weight: a.weight.trim().to_string(),
        scores,
    });
    chain.previous = Some(Link {
        file: path.display().to_string(),
        session: prev.id.clone(),
        fingerprint: fingerprint.clone(),
    });
    let w = chain.stages.last().and_then(EarlierStage::weight);
    if w.is_none_or(|w| w <= crate::model::num::Ratio::int(0))
        || chain.this_weight() <= crate::model::num::Ratio::int(0)
    {
        return Err(Error::usage(format!(
            "--weight {}: {}",
            a.weight,
            crate::error::Refusal::StageWeight
        )));
    }

    let rubric = match &a.preset {
        Some(p) => Rubric::preset(p).ok_or_else(|| Error::usage(format!("no preset {p:?}")))?,
        None => prev.rubric.clone(),
    };
    let same_rubric = a.preset.is_none();
    // A title that was only the previous file's name ("desk") would mislabel this stage.
    let stem = |p: &std::path::Path| {
        p.file_stem()
            .map(|x| x.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let title = a.title.clone().unwrap_or_else(|| {
        if prev.title == stem(&path) {
            stem(&a.output)
        } else {
            prev.title.clone()
        }
    });
    let mut s = Session::new(&title, rubric, now());
    s.stage = a.stage.clone().unwrap_or_default();
    s.language = prev.language.clone();
    s.place = prev.place.clone();
    if same_rubric {
        s.tie_break = prev.tie_break.clone();
    }
    s.quorum = prev.quorum;
    s.categories = prev
        .categories
        .iter()
        .filter(|c| passed.iter().any(|r| r.category == c.id))
        .map(|c| crate::model::Category {
            top_n: None,
            ..c.clone()
        })
        .collect();
    // The next stage's agenda keeps this one's order.
    s.entries = prev
        .entries
        .iter()
        .filter(|e| passed.iter().any(|r| r.entry == e.id))
        .map(|e| crate::model::Entry {
            status: Status::Scheduled,
            reason: None,
            day: None,
            ..e.clone()
        })
        .collect();
    s.jurors = match &a.jurors {
        Some(j) => csv::read_jurors(&label(j), open_csv(j)?, &s.entries)?,
        None => prev
            .jurors
            .iter()
            .map(|j| crate::model::Juror {
                conflicts: j
                    .conflicts
                    .iter()
                    .filter(|c| s.entries.iter().any(|e| &e.id == *c))
                    .cloned()
                    .collect(),
                ..j.clone()
            })
            .collect(),
    };
    s.chain = Some(chain);
    if let Some(q) = s.quorum
        && q as usize > s.jurors.len()
    {
        s.quorum = None;
    }
    apply_schedule(&mut s, &a.schedule, &Default::default())?;
    crate::model::days::hold_days(&mut s);
    super::new::refuse_overflow(&s)?;
    let problems = crate::model::validate(&s);
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        return Err(Error::usage(format!(
            "the next stage would not be valid: {}",
            list.join("; ")
        )));
    }
    store::save_new(&a.output, &mut s)?;
    let formula = s
        .chain
        .as_ref()
        .map(|c| {
            c.formula(if s.stage.is_empty() {
                "this stage"
            } else {
                &s.stage
            })
        })
        .unwrap_or_default();
    let words = super::lang();
    let n = s.entries.len();
    let entries = match words {
        Lang::En => csv::plural(n, "entry", "entries"),
        _ => T::CliNEntries.fill(words, &[&n.to_string()]),
    };
    Ok(T::CliAdvanced.fill(
        words,
        &[
            &a.output.display().to_string(),
            &entries,
            &path.display().to_string(),
            &fingerprint.to_string(),
            &formula,
        ],
    ))
}

pub fn import_stage(
    a: &ImportStageArgs,
    lang: Option<&str>,
    stdin: &mut dyn std::io::BufRead,
) -> Result<String> {
    let path = resolve(&a.file);
    let _lock = store::lock(&path)?;
    let mut s = store::load(&path)?;
    store::check_before_write(&path, &mut s)?;
    let lang = Lang::choose(lang, s.language.as_deref(), None);
    // Scores already in the session (carried forward by `juri advance`, or imported before)
    // are replaced only when the chair says so.
    let name = a.name.trim();
    let had = s
        .chain
        .as_ref()
        .is_some_and(|c| c.stages.iter().any(|x| x.name == name));
    if had && !a.replace {
        return Err(Error::Refused(crate::error::Refusal::StageExists(
            name.to_string(),
        )));
    }
    // A file advanced from another still names that file as its link, whose scores these
    // no longer are.
    let unlinked = had
        .then(|| s.chain.as_ref().and_then(|c| c.previous.as_ref()))
        .flatten()
        .map(|l| T::StageUnlinked.fill(lang, &[name, &l.file]));
    let mut text = Vec::new();
    open_csv(&a.scores)?
        .read_to_end(&mut text)
        .map_err(|e| Error::io("read", &a.scores, e))?;
    let scores = csv::read_stage_scores(&label(&a.scores), &text[..], &s)?;
    if s.security.pins {
        let what = format!("importing the stage {:?}", a.name);
        require_chair_pin(&path, &mut s, &what, a.chair_pin_stdin, stdin, true)?;
    }
    let n = scores.len();
    let stage = EarlierStage {
        name: a.name.trim().to_string(),
        weight: a.weight.trim().to_string(),
        scores,
    };
    let w = stage
        .weight()
        .filter(|w| *w > crate::model::num::Ratio::int(0));
    let mut trial = s.chain.clone().unwrap_or_default();
    trial.stages.retain(|x| x.name != stage.name);
    trial.stages.push(stage.clone());
    if w.is_none() || trial.this_weight() <= crate::model::num::Ratio::int(0) {
        return Err(Error::usage(format!(
            "--weight {}: {}",
            a.weight,
            crate::error::Refusal::StageWeight
        )));
    }
    let actor = if s.security.pins {
        crate::model::pin::CHAIR
    } else {
        csv::IMPORT_ACTOR
    };
    s.apply(actor, Change::ImportStage { stage }, now())?;
    store::save(&path, &mut s)?;
    let formula = s
        .chain
        .as_ref()
        .map(|c| {
            c.formula(if s.stage.is_empty() {
                "this stage"
            } else {
                &s.stage
            })
        })
        .unwrap_or_default();
    let words = super::lang();
    let scores = match words {
        Lang::En => csv::plural(n, "score", "scores"),
        _ => T::CliNScores.fill(words, &[&n.to_string()]),
    };
    let done =
        T::CliStageImported.fill(words, &[&scores, &format!("{:?}", a.name.trim()), &formula]);
    Ok(match unlinked {
        Some(w) => format!("{w}\n{done}"),
        None => done,
    })
}
