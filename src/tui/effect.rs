//! The work `update` hands to the event loop (or the server's owner), which carries it out and
//! reports back as actions.

/// Work `update` asks of the event loop, which carries it out and reports back as an action.
#[derive(Debug)]
pub enum Effect {
    /// Append these changes to the journal: the lines of `events`, which bring the log to
    /// `upto` events (reported back as `Written`). With `pins`, the PIN file is written with
    /// these hashes first: a PIN set reaches the journal only as a digest.
    Journal {
        upto: u64,
        events: Vec<crate::model::audit::AuditEvent>,
        lines: Vec<u8>,
        pins: Option<std::collections::BTreeMap<String, String>>,
    },
    /// Rank the standings (reported back as `Ranked`).
    Rank(super::ranking::Job),
    /// Write the printable recap beside the session file, now that every change is on disk
    /// (reported back as `Exported`).
    Export,
    Quit,
}
