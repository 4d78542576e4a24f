//! The append-only audit log: who changed what, when, from what to what.
//!
//! Each event carries the SHA-256 of the event before it; the first carries the hash of the
//! session's random id and its definition (rubric, quorum, categories, entries, jurors). Each event also
//! carries the change itself, so replaying the log rebuilds the scores and timers exactly: an
//! edit made outside juri breaks the chain or disagrees with the replay.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::model::{Change, Session, Time};

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
    /// The change as made, for replay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// SHA-256 (hex) of the previous event, or of the session's genesis for the first.
    #[serde(default)]
    pub prev: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

/// The hash the chain starts from: the session id and everything a score depends on, as it is
/// when the first event is recorded.
pub fn genesis(s: &Session) -> String {
    // The agenda in its order before the first event; statuses change through events.
    let entries: Vec<Value> = s
        .entries
        .iter()
        .map(|e| {
            json!([
                e.id,
                e.title,
                e.institution,
                e.category,
                e.region,
                e.presenter
            ])
        })
        .collect();
    let mut def = json!({
        "id": s.id,
        "rubric": s.rubric,
        "tie_break": s.tie_break,
        "categories": s.categories,
        "entries": entries,
        "jurors": s.jurors,
    });
    // Only when set: a session without a quorum keeps the genesis it always had.
    if let Some(q) = s.quorum {
        def["quorum"] = json!(q);
    }
    // Likewise the rules, when the session was made with some.
    if !s.rules.is_default() {
        def["rules"] = json!(s.rules);
    }
    // And the sessions a merged one was made from.
    if !s.sources.is_empty() {
        def["sources"] = json!(s.sources);
    }
    // Likewise the earlier stages' scores, which count toward the final one.
    if let Some(c) = &s.chain {
        def["chain"] = json!(c);
    }
    sha256_hex(def.to_string().as_bytes())
}

/// SHA-256 of one event as written (its canonical JSON).
pub fn event_hash(ev: &AuditEvent) -> String {
    sha256_hex(serde_json::to_string(ev).unwrap_or_default().as_bytes())
}

/// The hash the next event must carry: of the last event, or the genesis.
pub fn head(s: &Session) -> String {
    match s.audit.last() {
        Some(ev) => match &s.tip.0 {
            Some((seq, hash)) if *seq == ev.seq => hash.clone(),
            _ => event_hash(ev),
        },
        None if s.log.events > 0 => s.log.head.clone(),
        None => genesis(s),
    }
}

/// The number the next event gets.
pub fn next_seq(s: &Session) -> u64 {
    s.audit.last().map_or(s.log.events + 1, |e| e.seq + 1)
}

/// The whole log's length and last hash: the journal's and then the events in memory.
pub fn tip(s: &Session) -> (u64, String) {
    (next_seq(s) - 1, head(s))
}

/// Appends an event, numbering it after the last one; `prev` is `head` from before the change.
#[allow(clippy::too_many_arguments)]
pub fn record(
    s: &mut Session,
    prev: String,
    at: Time,
    actor: &str,
    action: &str,
    subject: String,
    old: Value,
    new: Value,
    reason: Option<String>,
    change: Change,
) {
    let seq = next_seq(s);
    let ev = AuditEvent {
        seq,
        at,
        actor: actor.into(),
        action: action.into(),
        subject,
        old,
        new,
        reason,
        change: Some(change),
        prev,
    };
    // Hashed once here, so that the next change does not serialize this one again.
    s.tip.0 = Some((seq, event_hash(&ev)));
    s.audit.push(ev);
}
