//! The standings the screens show, kept so that no keystroke waits for a ranking.
//!
//! A [`Board`] holds what the standings need and is brought up to date entry by entry as
//! sheets are submitted or reopened and statuses change. Ranking it is pure work on plain data
//! (`standings::rank`): the event loop gives it to a thread of its own and the screen shows the
//! last table until the new one arrives, marked as being updated; tests and benchmarks rank in
//! place. Each table also knows which of its rows each category tab shows, and where that tab's
//! Top-N line goes, so that drawing touches only the rows on screen.

use std::sync::Arc;

use crate::error::Error;
use crate::model::{Category, Rules, Session};
use crate::standings::{self, Board, Method, Normalize, Options, Standings};

/// Which standings: how totals are combined, and whether as z-scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Variant {
    pub method: Method,
    pub zscore: bool,
}

impl Variant {
    pub fn options(self) -> Options {
        Options {
            method: self.method,
            normalize: if self.zscore {
                Normalize::Zscore
            } else {
                Normalize::None
            },
            tie_break: None,
        }
    }
}

/// One tab of the standings screen: the overall list or one category.
#[derive(Debug, Clone, PartialEq)]
pub struct Tab {
    /// Positions in `Table::standings.rows`, best first, then the unranked.
    pub rows: Vec<u32>,
    /// How many of them have a rank (they come first).
    pub ranked: usize,
    /// The Top-N line goes just above this position of `rows`.
    pub cut: Option<usize>,
    /// Every line the tab draws, top to bottom: just above which position of `rows`, and
    /// which line (a category's Top N, or the overall Top N on the overall tab).
    pub lines: Vec<(usize, TabLine)>,
    /// What the tab's legend has to explain.
    pub marks: Marks,
}

/// A line drawn through a tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabLine {
    /// A category's Top N.
    Top(u32),
    /// The Top N across every category.
    Overall(u32),
}

/// Marks some row of a tab carries, each explained under the table when present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Marks {
    /// A rank on fewer sheets than expected.
    pub provisional: bool,
    /// A tie separated by a criterion.
    pub tie_by: bool,
    /// A tie still shared after every tie-break criterion.
    pub tie_shared: bool,
    /// Some row is inside the overall Top N.
    pub overall: bool,
    /// The session has a passing grade.
    pub pass: bool,
    /// A trimmed mean that dropped nothing (too few sheets).
    pub untrimmed: bool,
}

/// Standings as the screen draws them.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub standings: Standings,
    /// The overall tab, then one per category in the session's order.
    pub tabs: Vec<Tab>,
    /// Who is inside the overall Top N, who passes.
    pub lines: standings::Lines,
}

impl Table {
    pub fn new(standings: Standings, categories: &[Category]) -> Table {
        Table::with_rules(standings, categories, &Rules::default())
    }

    /// The tabs with every line the rules draw.
    pub fn with_rules(standings: Standings, categories: &[Category], rules: &Rules) -> Table {
        let lines = standings::Lines::of(rules, categories, &standings);
        let rows = &standings.rows;
        let tab = |keep: &dyn Fn(&standings::Row) -> bool, tops: Vec<u32>| {
            let top = tops.first().copied();
            let list: Vec<u32> = (0..rows.len() as u32)
                .filter(|&i| keep(&rows[i as usize]))
                .collect();
            let ranked = list
                .iter()
                .take_while(|&&i| rows[i as usize].rank.is_some())
                .count();
            let cut = top.and_then(|n| {
                list.iter()
                    .position(|&i| crate::io::report::below_cut(&rows[i as usize], n))
                    .filter(|&p| p > 0)
            });
            let refs: Vec<&standings::Row> = list.iter().map(|&i| &rows[i as usize]).collect();
            let mut tab_lines: Vec<(usize, TabLine)> = standings::line_positions(&refs, &tops)
                .into_iter()
                .filter(|&(p, _)| p > 0)
                .map(|(p, n)| (p, TabLine::Top(n)))
                .collect();
            let mut marks = Marks {
                pass: lines.pass.is_some(),
                ..Marks::default()
            };
            for &i in &list[..ranked] {
                let r = &rows[i as usize];
                marks.provisional |= r.provisional();
                marks.overall |= lines.in_overall(r) == Some(true);
                marks.untrimmed |= standings.untrimmed(r);
                match r.tie_break {
                    Some(standings::TieBreak::Criterion(_)) => marks.tie_by = true,
                    Some(standings::TieBreak::Shared) => marks.tie_shared = true,
                    None => {}
                }
            }
            tab_lines.sort_by_key(|l| l.0);
            Tab {
                rows: list,
                ranked,
                cut,
                lines: tab_lines,
                marks,
            }
        };
        let mut tabs = vec![tab(&|_| true, Vec::new())];
        // The overall tab's line, where the overall Top N is a run of the best ranks.
        if let Some(n) = lines.overall.filter(|_| !lines.by_quota)
            && let Some(p) = tabs[0]
                .rows
                .iter()
                .position(|&i| !lines.selected.contains(&rows[i as usize].entry))
                .filter(|&p| p > 0)
        {
            tabs[0].lines.push((p, TabLine::Overall(n)));
        }
        for c in categories {
            let tops = rules.lines_of(&c.id, c.top_n);
            tabs.push(tab(&|r| r.category == c.id.as_str(), tops));
        }
        Table {
            standings,
            tabs,
            lines,
        }
    }
}

/// A ranking to make: of which version of the board, for which variant.
pub struct Job {
    pub version: u64,
    pub variant: Variant,
    board: Arc<Board>,
    categories: Arc<Vec<Category>>,
    rules: Arc<Rules>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("version", &self.version)
            .field("variant", &self.variant)
            .finish_non_exhaustive()
    }
}

impl Job {
    /// Ranks the board (pure, and can run on any thread).
    pub fn run(self) -> Ranked {
        let table = standings::rank(&self.board, &self.variant.options())
            .map(|st| Arc::new(Table::with_rules(st, &self.categories, &self.rules)))
            .map_err(Arc::new);
        Ranked {
            version: self.version,
            variant: self.variant,
            table,
        }
    }
}

/// A ranking made.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub version: u64,
    pub variant: Variant,
    pub table: Result<Arc<Table>, Arc<Error>>,
}

// Rankings are told apart by what they are of; their tables follow from it.
impl PartialEq for Ranked {
    fn eq(&self, o: &Ranked) -> bool {
        (self.version, self.variant) == (o.version, o.variant)
    }
}

impl Eq for Ranked {}

pub struct Ranking {
    board: Result<Arc<Board>, Arc<Error>>,
    /// Bumped at every change to the board.
    version: u64,
    categories: Arc<Vec<Category>>,
    rules: Arc<Rules>,
    /// The newest table of each variant made so far, with the version it is of.
    tables: Vec<(u64, Variant, Arc<Table>)>,
    /// Why the last ranking failed, if it did.
    error: Option<Arc<Error>>,
    /// Rankings are made by the event loop's thread; otherwise here, when asked.
    pub background: bool,
}

impl Ranking {
    pub fn new(s: &Session) -> Ranking {
        Ranking {
            board: Board::new(s).map(Arc::new).map_err(Arc::new),
            version: 0,
            categories: Arc::new(s.categories.clone()),
            rules: Arc::new(s.rules.clone()),
            tables: Vec::new(),
            error: None,
            background: false,
        }
    }

    /// After a change to one entry's sheets or status.
    pub fn changed_entry(&mut self, s: &Session, entry: &str) {
        if let Ok(b) = &mut self.board {
            Arc::make_mut(b).update_entry(s, entry);
        }
        self.version += 1;
    }

    /// After the agenda's order changed.
    pub fn reordered(&mut self, s: &Session) {
        if let Ok(b) = &mut self.board {
            Arc::make_mut(b).reorder(s);
        }
        self.version += 1;
    }

    /// After one entry moved on the agenda from `from` to `to`.
    pub fn moved(&mut self, s: &Session, from: usize, to: usize) {
        if let Ok(b) = &mut self.board {
            Arc::make_mut(b).moved(s, from, to);
        }
        self.version += 1;
    }

    /// The newest table of `v`, and whether it is of the board as it is now; until there is
    /// one, the newest of another variant (never fresh), so that the screen keeps its rows
    /// while the new ones are ranked.
    pub fn table(&self, v: Variant) -> Option<(&Table, bool)> {
        match self.tables.iter().find(|(_, w, _)| *w == v) {
            Some((ver, _, t)) => Some((&**t, *ver == self.version)),
            None => self.tables.last().map(|(_, _, t)| (&**t, false)),
        }
    }

    /// Why the standings cannot be shown, if they cannot.
    pub fn error(&self) -> Option<&Error> {
        self.board
            .as_ref()
            .err()
            .or(self.error.as_ref())
            .map(|e| &**e)
    }

    /// The ranking `v` still needs, if any.
    pub fn wanted(&self, v: Variant) -> Option<Job> {
        let board = self.board.as_ref().ok()?;
        if self.table(v).is_some_and(|(_, fresh)| fresh) {
            return None;
        }
        Some(Job {
            version: self.version,
            variant: v,
            board: Arc::clone(board),
            categories: Arc::clone(&self.categories),
            rules: Arc::clone(&self.rules),
        })
    }

    /// Keeps a ranking made, unless a newer one of its variant is already here.
    pub fn store(&mut self, r: Ranked) {
        match r.table {
            Ok(table) => {
                self.error = None;
                match self.tables.iter().position(|(_, v, _)| *v == r.variant) {
                    Some(i) if self.tables[i].0 > r.version => {}
                    // The newest last: it stands in for a variant not ranked yet.
                    Some(i) => {
                        self.tables.remove(i);
                        self.tables.push((r.version, r.variant, table));
                    }
                    None => self.tables.push((r.version, r.variant, table)),
                }
                // Old tables of other variants only cost memory: a fresh one is made when
                // the screen turns to them.
                let now = self.version;
                let shown = r.variant;
                self.tables.retain(|(ver, v, _)| *v == shown || *ver == now);
            }
            Err(why) => self.error = Some(why),
        }
    }

    /// Ranks `v` here and now if it needs it (when there is no background thread).
    pub fn settle(&mut self, v: Variant) {
        if !self.background
            && let Some(job) = self.wanted(v)
        {
            self.store(job.run());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Change;
    use chrono::TimeZone;

    fn demo() -> Session {
        let day = chrono::FixedOffset::east_opt(7 * 3600)
            .unwrap()
            .from_local_datetime(
                &chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
                    .unwrap()
                    .and_hms_opt(14, 40, 0)
                    .unwrap(),
            )
            .unwrap();
        crate::cli::demo_session(day).unwrap()
    }

    #[test]
    fn a_ranking_made_elsewhere_is_kept_until_the_board_moves_on() {
        let mut s = demo();
        let mut r = Ranking::new(&s);
        r.background = true;
        let mean = Variant::default();
        assert!(r.table(mean).is_none());
        r.settle(mean);
        assert!(
            r.table(mean).is_none(),
            "in the background, nothing is ranked here"
        );
        let job = r.wanted(mean).expect("a first ranking is wanted");
        r.store(job.run());
        let (t, fresh) = r.table(mean).unwrap();
        assert!(fresh);
        assert_eq!(
            t.standings,
            standings::compute(&s, &mean.options()).unwrap()
        );
        assert!(r.wanted(mean).is_none());

        // A submit: the table stays up, no longer fresh, and a new ranking is wanted.
        let (entry, juror) = ("E14".to_string(), "J1".to_string());
        for c in &s.rubric.criteria.clone() {
            let set = Change::SetValue {
                entry: entry.clone(),
                juror: juror.clone(),
                criterion: c.id.clone(),
                value: Some(80.0),
            };
            s.apply(&juror, set, s.updated).unwrap();
        }
        let submit = Change::Submit {
            entry: entry.clone(),
            juror: juror.clone(),
        };
        s.apply(&juror, submit, s.updated).unwrap();
        let old = r.wanted(mean);
        assert!(old.is_none());
        r.changed_entry(&s, &entry);
        assert!(!r.table(mean).unwrap().1, "stale");
        let old_job = Job {
            version: 0,
            variant: mean,
            board: r.board.clone().unwrap(),
            categories: r.categories.clone(),
            rules: r.rules.clone(),
        };
        let new = r.wanted(mean).expect("ranking the change");
        assert_eq!(new.version, 1);
        let new = new.run();
        r.store(new);
        // A slower, older ranking arriving late does not replace the newer one.
        r.store(old_job.run());
        let (t, fresh) = r.table(mean).unwrap();
        assert!(fresh);
        assert_eq!(
            t.standings,
            standings::compute(&s, &mean.options()).unwrap()
        );

        // Another method: the last table stands in, not fresh, until it is ranked.
        let median = Variant {
            method: Method::Median,
            zscore: true,
        };
        assert!(!r.table(median).unwrap().1);
        assert_eq!(r.table(median).unwrap().0.standings.method, Method::Mean);
        r.store(r.wanted(median).unwrap().run());
        let (t, fresh) = r.table(median).unwrap();
        assert!(fresh && t.standings.method == Method::Median);
    }

    #[test]
    fn each_tab_lists_its_rows_and_where_its_cut_off_goes() {
        let s = demo();
        let st = standings::compute(&s, &Options::default()).unwrap();
        let t = Table::new(st.clone(), &s.categories);
        assert_eq!(t.tabs.len(), s.categories.len() + 1);
        assert_eq!(t.tabs[0].rows.len(), st.rows.len());
        assert_eq!(t.tabs[0].cut, None, "the overall list has no cut-off");
        let mut seen = 0;
        for (c, tab) in s.categories.iter().zip(&t.tabs[1..]) {
            let rows: Vec<&standings::Row> =
                tab.rows.iter().map(|&i| &st.rows[i as usize]).collect();
            assert!(rows.iter().all(|r| r.category == c.id.as_str()));
            assert_eq!(rows.len(), st.category(&c.id).count());
            assert_eq!(tab.ranked, rows.iter().filter(|r| r.rank.is_some()).count());
            let n = c.top_n.unwrap();
            let first_below = rows
                .iter()
                .position(|r| crate::io::report::below_cut(r, n))
                .filter(|&p| p > 0);
            assert_eq!(tab.cut, first_below);
            seen += rows.len();
        }
        assert_eq!(seen, st.rows.len());
    }
}
