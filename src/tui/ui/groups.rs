//! One group (*kelompok*) of the standings at a time: its rows, ranked among themselves.

use crate::tui::pair::Pair;
use crate::tui::ranking::{Tab, Table};

/// The rows a tab shows: all of them, or those of the group chosen. With a group, each row's
/// rank is its place among the group (rows tied overall stay tied).
pub(super) fn shown<'a>(
    app: &Pair<'_>,
    table: &Table,
    tab: &'a Tab,
) -> (std::borrow::Cow<'a, [u32]>, Option<Vec<Option<u32>>>) {
    let Some(g) = &app.view.standings.group else {
        return (std::borrow::Cow::Borrowed(&tab.rows), None);
    };
    let s = &app.desk.session;
    let rows = &table.standings.rows;
    let list: Vec<u32> = tab
        .rows
        .iter()
        .copied()
        .filter(|&i| {
            s.entry(&rows[i as usize].entry)
                .and_then(|e| e.group.as_deref())
                == Some(g.as_str())
        })
        .collect();
    let mut ranks = Vec::with_capacity(list.len());
    let mut prev: Option<(Option<u32>, u32)> = None;
    for (k, &i) in list.iter().enumerate() {
        let r = &rows[i as usize];
        let rank = r.rank.map(|overall| match prev {
            Some((Some(p), shared)) if p == overall => shared,
            _ => k as u32 + 1,
        });
        prev = rank.map(|x| (r.rank, x));
        ranks.push(rank);
    }
    (std::borrow::Cow::Owned(list), Some(ranks))
}
