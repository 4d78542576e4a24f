//! The changes of a competition over several days and stages: the screening, an entry held
//! to another day, an earlier stage's scores. Made and recorded as every change is (see `ops`).

use serde_json::json;

use super::{Session, Status};
use crate::error::{Error, Refusal, Result};
use crate::model::Change;

fn rejected(why: Refusal) -> Error {
    Error::Refused(why)
}

impl Session {
    /// Makes one of this file's changes; see `Session::make` for what it returns.
    #[allow(clippy::type_complexity)]
    pub(super) fn make_stages(
        &mut self,
        change: Change,
    ) -> Result<(
        &'static str,
        String,
        serde_json::Value,
        serde_json::Value,
        Option<String>,
    )> {
        Ok(match change {
            Change::SetIneligible { entry, reason } => {
                if reason.trim().is_empty() {
                    return Err(rejected(Refusal::ReasonNeeded));
                }
                let i = self.entry_index(&entry)?;
                let e = &mut self.entries[i];
                let old = std::mem::replace(&mut e.status, Status::Ineligible);
                e.reason = Some(reason.clone());
                (
                    "entry.ineligible",
                    entry,
                    json!(old),
                    json!("ineligible"),
                    Some(reason),
                )
            }
            Change::MoveDay { entry, day, to } => {
                if day == 0
                    || self
                        .schedule
                        .as_ref()
                        .is_some_and(|s| day as usize > s.days.len().max(1))
                {
                    return Err(rejected(Refusal::NoDay(day)));
                }
                let i = self.entry_index(&entry)?;
                let to = to.min(self.entries.len() - 1);
                let old_day = self.entries[i].day;
                let mut e = self.entries.remove(i);
                e.day = Some(day);
                self.entries.insert(to, e);
                self.index_moved(i, to);
                (
                    "entry.day",
                    entry,
                    json!({"pos": i, "day": old_day}),
                    json!({"pos": to, "day": day}),
                    None,
                )
            }
            Change::ImportStage { stage } => {
                let w = stage
                    .weight()
                    .ok_or_else(|| rejected(Refusal::StageWeight))?;
                let chain = self.chain.get_or_insert_with(Default::default);
                let old = match chain.stages.iter().position(|x| x.name == stage.name) {
                    Some(i) => Some(std::mem::replace(&mut chain.stages[i], stage.clone())),
                    None => {
                        chain.stages.push(stage.clone());
                        None
                    }
                };
                if w <= crate::model::num::Ratio::int(0)
                    || chain.this_weight() <= crate::model::num::Ratio::int(0)
                {
                    // Put it back as it was: a refused change changes nothing.
                    match &old {
                        Some(o) => {
                            if let Some(x) = chain.stages.iter_mut().find(|x| x.name == stage.name)
                            {
                                *x = o.clone();
                            }
                        }
                        None => {
                            chain.stages.pop();
                        }
                    }
                    if chain.stages.is_empty() && chain.previous.is_none() {
                        self.chain = None;
                    }
                    return Err(rejected(Refusal::StageWeight));
                }
                (
                    "stage.import",
                    stage.name.clone(),
                    json!(old),
                    json!(stage),
                    None,
                )
            }
            other => {
                return Err(Error::rejected(format!(
                    "{other:?} is not a change of stages or days"
                )));
            }
        })
    }
}
