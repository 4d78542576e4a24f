//! The board: what each entry contributes, brought up to date one entry at a time.

use std::sync::{Arc, OnceLock};

use compact_str::CompactString;
use num_bigint::BigInt;
use num_traits::ToPrimitive;

use super::*;
use crate::error::Result;
use crate::model::num::{Ratio, UNIT};
use crate::model::{Session, Status};

/// An entry as the standings see it.
#[derive(Debug, Clone)]
pub(super) struct EntryData {
    /// The entry's row without rank, score or tie-break.
    pub(super) row: Row,
    /// Position of its category in the board's list.
    pub(super) cat: u32,
    /// (panel position, total in ticks) of each counted sheet, in panel order.
    pub(super) sheets: Vec<(u32, i128)>,
    /// Whether a juror has two counted sheets (only a hand-edited file has).
    pub(super) twice: bool,
    /// Per method (`Method::index`), the aggregate of the totals in ticks, made when first
    /// ranked (a median needs the totals sorted).
    pub(super) agg: [OnceLock<(i128, i128)>; 3],
    /// Per method, the aggregate in points, made when first shown.
    pub(super) points: [OnceLock<Ratio>; 3],
}

/// Memo of fractions already reduced: a panel's totals and means repeat, and reducing a
/// fraction costs divisions. Two slots per hash value hold the last two fractions met there.
pub(super) struct Memo {
    pub(super) totals: Vec<(i128, Ratio)>,
    pub(super) means: Vec<(i128, i128, Ratio)>,
    pub(super) shift: u32,
}

/// The key of a slot that holds nothing yet (a mean's slot also has denominator 0).
pub(super) const EMPTY: i128 = i128::MIN;

impl Memo {
    pub(super) fn new(bits: u32) -> Memo {
        Memo {
            totals: vec![(EMPTY, Ratio::int(0)); 1 << bits],
            means: vec![(EMPTY, 0, Ratio::int(0)); 1 << bits],
            shift: 64 - bits,
        }
    }

    // A hash: the high bits of `x` are folded in and cut off as meant, and the slot is below
    // `1 << bits`, the length of the tables.
    #[inline]
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    pub(super) fn slot(&self, x: i128) -> usize {
        let h = ((x as u64) ^ ((x >> 64) as u64)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> self.shift) as usize
    }

    #[inline]
    pub(super) fn total(&mut self, ticks: &Ticks, t: i128) -> Ratio {
        if t == EMPTY {
            return ticks.points(t, 1);
        }
        // Two slots per hash, the most recent first: two totals that hash alike both stay.
        let i = self.slot(t) & !1;
        let set = &mut self.totals[i..i + 2];
        if set[0].0 == t {
            return set[0].1;
        }
        if set[1].0 == t {
            set.swap(0, 1);
            return set[0].1;
        }
        let r = ticks.points(t, 1);
        set[1] = set[0];
        set[0] = (t, r);
        r
    }

    #[inline]
    pub(super) fn mean(&mut self, sum: i128, den: i128) -> Ratio {
        let i = self.slot(sum ^ (den << 40)) & !1;
        let set = &mut self.means[i..i + 2];
        if (set[0].0, set[0].1) == (sum, den) {
            return set[0].2;
        }
        if (set[1].0, set[1].1) == (sum, den) {
            set.swap(0, 1);
            return set[0].2;
        }
        let r = Ratio::new(sum, den);
        set[1] = set[0];
        set[0] = (sum, den, r);
        r
    }
}

impl EntryData {
    pub(super) fn new(
        p: &Panel,
        e: &crate::model::Entry,
        cat: u32,
        mut sheets: Vec<(u32, i128)>,
        sums: &[i128],
        memo: &mut Memo,
    ) -> EntryData {
        if !sheets.is_sorted_by_key(|s| s.0) {
            // Stable: two sheets of one juror (a hand-edited file) keep their file order.
            sheets.sort_by_key(|s| s.0);
        }
        let n = sheets.len();
        let expected = p.jurors.len()
            - p.conflicts
                .get(e.id.as_str())
                .map_or(0, |c| c.len().min(p.jurors.len()));
        let unranked = match e.status {
            Status::Absent => Some(Unranked::Absent),
            Status::Withdrawn => Some(Unranked::Withdrawn),
            Status::Ineligible => Some(Unranked::Ineligible),
            _ if n == 0 => Some(Unranked::NoSheets),
            _ if n < p.quorum.min(expected) => Some(Unranked::BelowQuorum),
            _ => None,
        };
        let totals: Vec<(CompactString, Ratio)> = sheets
            .iter()
            .map(|&(j, t)| (p.jurors[j as usize].clone(), memo.total(&p.ticks, t)))
            .collect();
        let (mut lo, mut hi) = (0, 0);
        for (i, s) in sheets.iter().enumerate() {
            if s.1 < sheets[lo].1 {
                lo = i;
            }
            if s.1 > sheets[hi].1 {
                hi = i;
            }
        }
        let (min, max, sd) = if n == 0 {
            (None, None, None)
        } else {
            (
                Some(totals[lo].1),
                Some(totals[hi].1),
                Some(spread(&sheets) * p.ticks.scale.to_f64()),
            )
        };
        let criterion_means = sums
            .iter()
            .map(|&sum| (n > 0).then(|| memo.mean(sum, n as i128 * i128::from(UNIT))))
            .collect();
        EntryData {
            row: Row {
                entry: e.id.clone(),
                category: CompactString::new(&e.category),
                status: e.status,
                rank: None,
                category_rank: None,
                score: None,
                sheets: n,
                expected,
                min,
                max,
                sd,
                criterion_means,
                totals,
                tie_break: None,
                unranked,
                stages: Vec::new(),
            },
            cat,
            twice: sheets.windows(2).any(|w| w[0].0 == w[1].0),
            sheets,
            agg: Default::default(),
            points: Default::default(),
        }
    }

    /// The aggregate of `method` in ticks (an entry with sheets).
    pub(super) fn agg(&self, p: &Panel, method: Method) -> (i128, i128) {
        *self.agg[method.index()].get_or_init(|| {
            if let Some(w) = &p.weights {
                let mut v: Vec<(i128, i128)> = self
                    .sheets
                    .iter()
                    .map(|&(j, t)| (t, w[j as usize]))
                    .collect();
                v.sort_by_key(|x| x.0);
                return aggregate_weighted(method, &v, p.trim);
            }
            let mut small = [0i128; 32];
            let mut large = Vec::new();
            let totals: &mut [i128] = if self.sheets.len() <= small.len() {
                &mut small[..self.sheets.len()]
            } else {
                large.resize(self.sheets.len(), 0);
                &mut large
            };
            for (t, s) in totals.iter_mut().zip(&self.sheets) {
                *t = s.1;
            }
            if method != Method::Mean {
                totals.sort_unstable();
            }
            aggregate(method, totals, p.trim)
        })
    }

    /// The aggregate of `method` in points.
    pub(super) fn points(&self, p: &Panel, method: Method) -> Ratio {
        let m = method.index();
        *self.points[m].get_or_init(|| {
            let (num, den) = self.agg(p, method);
            let r = Ratio::new(num, den);
            p.ticks.points(r.num(), r.den())
        })
    }

    /// Ranked: competing, with at least one counted sheet and the quorum.
    pub(super) fn ranked(&self) -> bool {
        self.row.unranked.is_none()
    }
}

/// Population standard deviation of the sheets' totals in ticks, as `f64`.
pub(super) fn spread(sheets: &[(u32, i128)]) -> f64 {
    let n = sheets.len() as i128;
    let sum: i128 = sheets.iter().map(|s| s.1).sum();
    // (n * sum(x^2) - sum(x)^2) * n, exact until the square root; in machine words where the
    // deviations fit one.
    let words = || {
        let (n, sum) = (i64::try_from(n).ok()?, i64::try_from(sum).ok()?);
        sheets.iter().try_fold(0i128, |acc, s| {
            let d = i64::try_from(s.1).ok()?.checked_mul(n)?.checked_sub(sum)?;
            acc.checked_add(i128::from(d) * i128::from(d))
        })
    };
    let wide = || {
        sheets.iter().try_fold(0i128, |acc, s| {
            let d = s.1.checked_mul(n)?.checked_sub(sum)?;
            acc.checked_add(d.checked_mul(d)?)
        })
    };
    let totals = sheets.iter().map(|s| s.1);
    let var = match words().or_else(wide) {
        Some(v) => v as f64,
        None => totals
            .map(|t| (BigInt::from(t) * BigInt::from(n) - BigInt::from(sum)).pow(2))
            .sum::<BigInt>()
            .to_f64()
            .unwrap_or(0.0),
    };
    var.sqrt() / (n as f64) / (n as f64).sqrt()
}

/// What the standings need from a session: per entry its submitted, non-conflicted sheets as
/// integer ticks (total and per criterion), its status and category. Plain owned data, `Send`
/// and `Sync`, with no references into the session, so ranking can run on another thread.
/// Cloning is cheap: each entry's data sits behind an `Arc`, and bringing one entry up to date
/// on a clone copies only that entry.
#[derive(Clone)]
pub struct Board {
    pub(super) panel: Arc<Panel>,
    /// Agenda order.
    pub(super) entries: Vec<Arc<EntryData>>,
    /// Entry id -> position in `entries`.
    pub(super) pos: Arc<IdMap<CompactString, u32>>,
    /// Category ids, in the order first met.
    pub(super) categories: Arc<Vec<CompactString>>,
}

impl std::fmt::Debug for Board {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Board({} entries)", self.entries.len())
    }
}

impl Board {
    /// Reads every sheet once.
    pub fn new(s: &Session) -> Result<Board> {
        let panel = Panel::new(s)?;
        let nc = panel.criteria.len();
        let mut pos: IdMap<CompactString, u32> = id_map(s.entries.len());
        for (i, e) in s.entries.iter().enumerate() {
            pos.entry(CompactString::new(&e.id)).or_insert(ix(i));
        }
        let mut sheets: Vec<Vec<(u32, i128)>> = s
            .entries
            .iter()
            .map(|_| Vec::with_capacity(panel.jurors.len()))
            .collect();
        // Per entry and criterion, the sum of the counted sheets' values in units.
        let mut sums = vec![0i128; s.entries.len() * nc];
        let conflicted: Vec<&[u32]> = s
            .entries
            .iter()
            .map(|e| {
                panel
                    .conflicts
                    .get(e.id.as_str())
                    .map_or(&[][..], Vec::as_slice)
            })
            .collect();
        // Sheets usually come entry by entry and juror by juror: remember the last ones.
        let mut last_entry: Option<(&str, u32)> = None;
        let mut last_juror = u32::MAX;
        for (k, sh) in s.scores.iter().enumerate() {
            if k % WARM == 0 {
                warm(&s.scores[k..(k + WARM).min(s.scores.len())]);
            }
            if !sh.is_submitted() {
                continue;
            }
            let ep = match last_entry {
                Some((id, p)) if same_id(id.as_bytes(), sh.entry.as_bytes()) => p,
                _ => match pos.get(sh.entry.as_str()) {
                    Some(&p) => {
                        last_entry = Some((sh.entry.as_str(), p));
                        p
                    }
                    None => continue,
                },
            };
            let next = last_juror.wrapping_add(1) as usize;
            let jp = if next < panel.jurors.len()
                && same_id(panel.jurors[next].as_bytes(), sh.juror.as_bytes())
            {
                ix(next)
            } else {
                match panel.juror_pos.get(sh.juror.as_str()) {
                    Some(&j) => j,
                    None => continue,
                }
            };
            last_juror = jp;
            if conflicted[ep as usize].contains(&jp) {
                continue;
            }
            let e = ep as usize;
            let t = panel.read(s, sh, &mut sums[e * nc..(e + 1) * nc]);
            sheets[e].push((jp, panel.calibrated(jp, t)));
        }
        // Sized for the distinct totals a panel gives (a few thousand on a 0-100 scale), not
        // for the sheets: a larger table costs more to clear than it saves.
        let mut memo = Memo::new(match s.scores.len() {
            0..=4096 => 8,
            4097..=65536 => 10,
            _ => 12,
        });
        let mut categories: Vec<CompactString> = Vec::new();
        let mut cat_pos: IdMap<CompactString, u32> = id_map(8);
        let entries = s
            .entries
            .iter()
            .zip(sheets)
            .enumerate()
            .map(|(k, (e, sh))| {
                let sm = &sums[k * nc..(k + 1) * nc];
                let cat = *cat_pos
                    .entry(CompactString::new(&e.category))
                    .or_insert_with(|| {
                        categories.push(CompactString::new(&e.category));
                        ix(categories.len() - 1)
                    });
                Arc::new(EntryData::new(&panel, e, cat, sh, sm, &mut memo))
            })
            .collect();
        Ok(Board {
            panel: Arc::new(panel),
            entries,
            pos: Arc::new(pos),
            categories: Arc::new(categories),
        })
    }

    /// After a change to one entry's sheets (submit, reopen) or its status: reads that entry's
    /// sheets only.
    pub fn update_entry(&mut self, s: &Session, entry: &str) {
        let here = self.pos.get(entry).map(|&i| i as usize);
        let there = s.entry_pos(entry);
        let (Some(i), Some(k)) = (here, there) else {
            // An entry added or removed: not a live change, but keep the board true.
            if here.is_some() || there.is_some() {
                self.reorder(s);
            }
            return;
        };
        self.entries[i] = Arc::new(self.read_entry(s, &s.entries[k]));
    }

    /// After one entry moved on the agenda from position `from` to `to` (as
    /// `Change::MoveEntry` moves it): only the entries between the two are renumbered. Falls
    /// back to [`Board::reorder`] when the board did not have the agenda as it was.
    pub fn moved(&mut self, s: &Session, from: usize, to: usize) {
        let n = self.entries.len();
        let fits = from < n
            && to < n
            && n == s.entries.len()
            && self.entries[from].row.entry == s.entries[to].id;
        if !fits {
            return self.reorder(s);
        }
        let e = self.entries.remove(from);
        self.entries.insert(to, e);
        let pos = Arc::make_mut(&mut self.pos);
        for i in from.min(to)..=from.max(to) {
            if let Some(p) = pos.get_mut(self.entries[i].row.entry.as_str()) {
                *p = ix(i);
            }
        }
    }

    /// After the agenda order changed (an entry moved): the unranked rows and the listing of
    /// shared ranks follow the agenda.
    pub fn reorder(&mut self, s: &Session) {
        let mut pos: IdMap<CompactString, u32> = id_map(s.entries.len());
        let mut entries = Vec::with_capacity(s.entries.len());
        for e in &s.entries {
            let slot = pos.entry(CompactString::new(&e.id));
            if let std::collections::hash_map::Entry::Vacant(v) = slot {
                v.insert(ix(entries.len()));
            }
            let known = self
                .pos
                .get(e.id.as_str())
                .map(|&i| &self.entries[i as usize])
                .filter(|d| d.row.entry == e.id);
            entries.push(match known {
                Some(d) => d.clone(),
                None => Arc::new(self.read_entry(s, e)),
            });
        }
        self.entries = entries;
        self.pos = Arc::new(pos);
    }

    pub(super) fn read_entry(&mut self, s: &Session, e: &crate::model::Entry) -> EntryData {
        let p = &self.panel;
        let nc = p.criteria.len();
        let conflicted = p
            .conflicts
            .get(e.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let mut sheets = Vec::with_capacity(p.jurors.len());
        let mut sums = vec![0i128; nc];
        for i in s.sheets_of(&e.id) {
            let sh = &s.scores[i];
            if !sh.is_submitted() || sh.entry != e.id.as_str() {
                continue;
            }
            let Some(&jp) = p.juror_pos.get(sh.juror.as_str()) else {
                continue;
            };
            if conflicted.contains(&jp) {
                continue;
            }
            let t = p.read(s, sh, &mut sums);
            sheets.push((jp, p.calibrated(jp, t)));
        }
        let cat = match self
            .categories
            .iter()
            .position(|c| c == e.category.as_str())
        {
            Some(c) => ix(c),
            None => {
                let cats = Arc::make_mut(&mut self.categories);
                cats.push(CompactString::new(&e.category));
                ix(cats.len() - 1)
            }
        };
        let mut memo = Memo::new(4);
        EntryData::new(p, e, cat, sheets, &sums, &mut memo)
    }
}
