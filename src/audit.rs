//! The append-only audit log: who changed what, when, from what to what.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::Time;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// 1-based position in the log; never reused.
    pub seq: u64,
    pub at: Time,
    /// "chair", a juror id, or "import" for changes from files.
    pub actor: String,
    /// What happened, e.g. "score.set", "sheet.submit", "sheet.reopen", "entry.status".
    pub action: String,
    /// What it happened to, e.g. "E01/J2/novelty" or "E01".
    pub subject: String,
    #[serde(default)]
    pub old: Value,
    #[serde(default)]
    pub new: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Appends an event, numbering it after the last one.
pub fn record(
    log: &mut Vec<AuditEvent>,
    at: Time,
    actor: &str,
    action: &str,
    subject: String,
    old: Value,
    new: Value,
) {
    let seq = log.last().map_or(1, |e| e.seq + 1);
    log.push(AuditEvent {
        seq,
        at,
        actor: actor.into(),
        action: action.into(),
        subject,
        old,
        new,
        reason: None,
    });
}
