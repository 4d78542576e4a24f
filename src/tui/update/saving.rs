//! What the writer reports back.

use super::*;

/// What the writer reports: the status line follows the disk, never runs ahead of it.
pub(super) fn written(app: &mut PairMut<'_>, w: crate::store::Written) {
    use crate::store::Written;
    let sv = &mut app.desk.saving;
    match w {
        Written::Journal(n) => {
            sv.durable = sv.durable.max(n);
            sv.error = None;
            if let Some((need, _)) = &sv.confirm
                && sv.durable >= *need
                && let Some((_, msg)) = sv.confirm.take()
            {
                info(app, msg);
            }
        }
        Written::Snapshot(n) => {
            sv.file = sv.file.max(n);
            // A session file written says nothing of changes still to reach the journal.
            if sv.durable >= sv.sent {
                sv.error = None;
            }
        }
        Written::Failed(why) => sv.error = Some(why),
    }
}
