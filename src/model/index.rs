//! Lookups by id, so that a keystroke costs the same in a session of 20 entries and of 10,000.
//!
//! The index is derived from the session's lists and never saved. `Session::apply` keeps it up
//! to date; code that edits the lists directly (building a session, tests) leaves it stale,
//! which the lookups notice from the lists' lengths: they then search one by one, and the next
//! `apply` or `reindex` rebuilds it.

// Ids are short and come from the chair's own files: a fast hash serves every look-up by id
// on the screens' hot paths (agenda rows, the picker, the standings rows).
use rustc_hash::FxHashMap as HashMap;

use compact_str::CompactString;

use super::Session;

#[derive(Clone, Default)]
pub(crate) struct Index {
    /// Lengths of entries, jurors, scores and timers when the index was last brought up to date.
    shape: [usize; 4],
    entries: HashMap<CompactString, EntryIx>,
    jurors: HashMap<CompactString, u32>,
}

#[derive(Clone, Default)]
struct EntryIx {
    pos: u32,
    timer: Option<u32>,
    /// (juror position, sheet position) of each sheet of the entry.
    sheets: Vec<(u32, u32)>,
}

// The index is a cache: two sessions with the same content are equal whatever their indexes.
impl PartialEq for Index {
    fn eq(&self, _: &Index) -> bool {
        true
    }
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Index({} entries)", self.entries.len())
    }
}

fn shape(s: &Session) -> [usize; 4] {
    [
        s.entries.len(),
        s.jurors.len(),
        s.scores.len(),
        s.timers.len(),
    ]
}

impl Session {
    /// Whether the index describes the lists as they are.
    fn indexed(&self) -> bool {
        self.index.shape == shape(self)
    }

    /// Rebuilds the index from the lists.
    pub fn reindex(&mut self) {
        let mut ix = Index {
            shape: shape(self),
            entries: HashMap::with_capacity_and_hasher(self.entries.len(), Default::default()),
            jurors: HashMap::with_capacity_and_hasher(self.jurors.len(), Default::default()),
        };
        for (i, e) in self.entries.iter().enumerate() {
            ix.entries.insert(
                CompactString::new(&e.id),
                EntryIx {
                    pos: i as u32,
                    ..EntryIx::default()
                },
            );
        }
        for (i, j) in self.jurors.iter().enumerate() {
            ix.jurors.insert(CompactString::new(&j.id), i as u32);
        }
        for (i, sh) in self.scores.iter().enumerate() {
            let jp = ix.jurors.get(sh.juror.as_str()).copied();
            if let (Some(e), Some(jp)) = (ix.entries.get_mut(sh.entry.as_str()), jp) {
                e.sheets.push((jp, i as u32));
            }
        }
        for (i, t) in self.timers.iter().enumerate() {
            if let Some(e) = ix.entries.get_mut(t.entry.as_str()) {
                e.timer.get_or_insert(i as u32);
            }
        }
        self.index = ix;
    }

    /// Brings the index up to date before a change.
    pub(crate) fn ensure_index(&mut self) {
        if !self.indexed() {
            self.reindex();
        }
    }

    /// Records a sheet just pushed onto `scores`.
    pub(crate) fn index_new_sheet(&mut self) {
        let i = self.scores.len() - 1;
        let sh = &self.scores[i];
        let jp = self.index.jurors.get(sh.juror.as_str()).copied();
        if let (Some(e), Some(jp)) = (self.index.entries.get_mut(sh.entry.as_str()), jp) {
            e.sheets.push((jp, i as u32));
        }
        self.index.shape = shape(self);
    }

    /// Records a timer just pushed onto `timers`.
    pub(crate) fn index_new_timer(&mut self) {
        let i = self.timers.len() - 1;
        if let Some(e) = self.index.entries.get_mut(self.timers[i].entry.as_str()) {
            e.timer.get_or_insert(i as u32);
        }
        self.index.shape = shape(self);
    }

    /// Renumbers the agenda positions between `a` and `b` after a move.
    pub(crate) fn index_moved(&mut self, a: usize, b: usize) {
        let (lo, hi) = (a.min(b), a.max(b));
        for i in lo..=hi.min(self.entries.len().saturating_sub(1)) {
            if let Some(e) = self.index.entries.get_mut(self.entries[i].id.as_str()) {
                e.pos = i as u32;
            }
        }
    }

    /// Position of an entry on the agenda.
    pub fn entry_pos(&self, id: &str) -> Option<usize> {
        if self.indexed() {
            self.index.entries.get(id).map(|e| e.pos as usize)
        } else {
            self.entries.iter().position(|e| e.id == id)
        }
    }

    /// Position of a juror on the panel.
    pub fn juror_pos(&self, id: &str) -> Option<usize> {
        if self.indexed() {
            self.index.jurors.get(id).map(|&j| j as usize)
        } else {
            self.jurors.iter().position(|j| j.id == id)
        }
    }

    /// Position of a sheet in `scores`.
    pub fn sheet_pos(&self, entry: &str, juror: &str) -> Option<usize> {
        if self.indexed() {
            let jp = *self.index.jurors.get(juror)?;
            let e = self.index.entries.get(entry)?;
            e.sheets
                .iter()
                .find(|(j, _)| *j == jp)
                .map(|&(_, i)| i as usize)
        } else {
            self.scores
                .iter()
                .position(|s| s.entry == entry && s.juror == juror)
        }
    }

    /// Positions in `scores` of the sheets of an entry, in the order they were created.
    pub fn sheets_of<'a>(&'a self, entry: &str) -> Box<dyn Iterator<Item = usize> + 'a> {
        if self.indexed() {
            match self.index.entries.get(entry) {
                Some(e) => Box::new(e.sheets.iter().map(|&(_, i)| i as usize)),
                None => Box::new(std::iter::empty()),
            }
        } else {
            let entry = CompactString::new(entry);
            Box::new(
                self.scores
                    .iter()
                    .enumerate()
                    .filter(move |(_, s)| s.entry == entry)
                    .map(|(i, _)| i),
            )
        }
    }

    /// Position of an entry's timer in `timers`.
    pub fn timer_pos(&self, entry: &str) -> Option<usize> {
        if self.indexed() {
            self.index.entries.get(entry)?.timer.map(|t| t as usize)
        } else {
            self.timers.iter().position(|t| t.entry == entry)
        }
    }
}
