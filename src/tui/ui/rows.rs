//! Tables whose rows are drawn once and copied while they stay the same.
//!
//! Most keys on a list (the agenda, the standings) change one or two of its rows: the
//! highlight moves. Laying out the text of the other thirty-odd rows again is most of the
//! frame's cost, so each row is drawn cell by cell as ratatui's `Table` draws it (a test holds
//! the two to the same cells), kept with exactly what it was drawn from (its texts and styles,
//! the column widths and the width), and copied into the next frame when that is the same. Nothing is kept that is not on the screen now, so a row
//! is never copied from anything but its own content.
//!
//! The copies are a cache and nothing more: a row is copied only when everything its cells are
//! drawn from is equal, so what is drawn never depends on what was drawn before. It lives
//! beside the drawing, not in the screens' state, because it changes nothing a screen shows.

use std::cell::RefCell;
use std::collections::HashMap;

use ratatui::Frame;
use ratatui::buffer::{Buffer, Cell as BufCell};
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;

/// One row as it is to be drawn: each cell's text and style, and the row's style.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TextRow {
    pub cells: Vec<(String, Style)>,
    pub style: Style,
}

impl TextRow {
    pub fn new(cells: Vec<(String, Style)>) -> TextRow {
        TextRow {
            cells,
            style: Style::new(),
        }
    }

    pub fn style(mut self, style: Style) -> TextRow {
        self.style = style;
        self
    }
}

/// A table's rows as on screen at its last frame, and what they were laid out with.
#[derive(Default)]
struct Drawn {
    layout: (u16, Vec<Constraint>, u16),
    rows: Vec<Option<(TextRow, Vec<BufCell>)>>,
}

thread_local! {
    static DRAWN: RefCell<HashMap<&'static str, Drawn>> = RefCell::new(HashMap::new());
}

/// Draws `header` and as many of `lines` as fit into `area`, like
/// `Table::new(rows, widths).header(header).column_spacing(spacing)` would.
pub fn table(
    f: &mut Frame,
    name: &'static str,
    area: Rect,
    header: TextRow,
    lines: Vec<TextRow>,
    widths: &[Constraint],
    spacing: u16,
) {
    if area.width == 0 {
        return;
    }
    let buf = f.buffer_mut();
    DRAWN.with(|d| {
        let mut d = d.borrow_mut();
        let mut before = d.remove(name).unwrap_or_default();
        let layout = (area.width, widths.to_vec(), spacing);
        if before.layout != layout {
            before.rows.clear();
        }
        let cols = columns(area.width, widths, spacing);
        let mut now = Vec::with_capacity(lines.len());
        // The header is drawn as the first row is, and kept the same way.
        for (i, line) in std::iter::once(header).chain(lines).enumerate() {
            let y = area.y + i as u16;
            if y >= area.bottom() {
                break;
            }
            // Most rows are where they were; after a scroll they are one or a page away.
            let same =
                |r: &Option<(TextRow, Vec<BufCell>)>| r.as_ref().is_some_and(|r| r.0 == line);
            let found = match before.rows.get(i) {
                Some(r) if same(r) => Some(i),
                _ => before.rows.iter().position(same),
            };
            // A row copied once is gone from the old frame: two equal rows are two copies.
            let cells = match found.and_then(|k| before.rows[k].take()) {
                Some((_, cells)) => cells,
                None => draw_one(area.width, &line, &cols),
            };
            copy(buf, area.x, y, &cells);
            now.push(Some((line, cells)));
        }
        d.insert(name, Drawn { layout, rows: now });
    });
}

/// What a column needs: never less than `min`, `want` when there is room for it, and a share
/// (by `grow`) of whatever no column wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col {
    pub min: u16,
    pub want: u16,
    pub grow: u16,
}

impl Col {
    /// Exactly as wide as its widest text.
    pub fn exact(w: u16) -> Col {
        Col {
            min: w,
            want: w,
            grow: 0,
        }
    }
}

/// Column widths for a table `total` columns wide: every column gets its `min`, then the
/// columns in `priority` order get up to their `want`, then what is left goes to the growing
/// columns. So no column is cut while another has blank space to spare.
pub fn fit(total: u16, spacing: u16, cols: &[Col], priority: &[usize]) -> Vec<Constraint> {
    let gaps = spacing.saturating_mul(cols.len().saturating_sub(1) as u16);
    let mut w: Vec<u16> = cols.iter().map(|c| c.min).collect();
    let mut left = total
        .saturating_sub(gaps)
        .saturating_sub(w.iter().fold(0u16, |a, &b| a.saturating_add(b)));
    for &i in priority {
        let add = cols[i].want.saturating_sub(w[i]).min(left);
        w[i] += add;
        left -= add;
    }
    let weights: u32 = cols.iter().map(|c| u32::from(c.grow)).sum();
    let share = u32::from(left);
    if let Some(per) = std::num::NonZeroU32::new(weights) {
        for (k, c) in cols.iter().enumerate() {
            let add = (share * u32::from(c.grow) / per) as u16;
            w[k] += add;
            left -= add;
        }
        // Rounding leftovers to the first growing column.
        if let Some(k) = cols.iter().position(|c| c.grow > 0) {
            w[k] += left;
        }
    }
    w.into_iter().map(Constraint::Length).collect()
}

/// Where `Table` puts its columns in a row of `width` (no highlight symbol).
fn columns(width: u16, widths: &[Constraint], spacing: u16) -> Vec<Rect> {
    Layout::horizontal(widths.iter().copied())
        .flex(Flex::Start)
        .spacing(spacing)
        .split(Rect::new(0, 0, width, 1))
        .to_vec()
}

/// One row drawn alone at the same width, cell by cell as `Table` draws it: the row's style
/// over the row, each cell's over its column, then its text, cut at the column's end.
fn draw_one(width: u16, line: &TextRow, cols: &[Rect]) -> Vec<BufCell> {
    let area = Rect::new(0, 0, width, 1);
    let mut b = Buffer::empty(area);
    b.set_style(area, line.style);
    for ((text, style), col) in line.cells.iter().zip(cols) {
        b.set_style(*col, *style);
        b.set_stringn(col.x, 0, text, usize::from(col.width), Style::new());
    }
    b.content
}

fn copy(buf: &mut Buffer, x: u16, y: u16, cells: &[BufCell]) {
    let n = usize::from(buf.area.right().saturating_sub(x)).min(cells.len());
    let start = buf.index_of(x, y);
    buf.content[start..start + n].clone_from_slice(&cells[..n]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Modifier};
    use ratatui::widgets::{Cell, Row, Table};

    /// The row as ratatui's own widget takes it.
    fn row(l: &TextRow) -> Row<'_> {
        Row::new(
            l.cells
                .iter()
                .map(|(t, s)| Cell::from(t.as_str()).style(*s)),
        )
        .style(l.style)
    }

    fn lines(selected: usize) -> Vec<TextRow> {
        (0..6)
            .map(|i| {
                let l = TextRow::new(vec![
                    (format!("{i:>2}"), Style::new()),
                    (
                        format!("E{i:02} Inovasi pelayanan publik yang panjang namanya"),
                        Style::new(),
                    ),
                    ("✓ selesai".into(), Style::new().fg(Color::Green)),
                    ("宽字符".into(), Style::new().add_modifier(Modifier::BOLD)),
                ]);
                if i == selected {
                    l.style(Style::new().bg(Color::Blue).fg(Color::White))
                } else {
                    l
                }
            })
            .collect()
    }

    const WIDTHS: [Constraint; 4] = [
        Constraint::Length(2),
        Constraint::Fill(3),
        Constraint::Length(9),
        Constraint::Fill(1),
    ];

    fn by_table(w: u16, h: u16, selected: usize) -> Buffer {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| {
            let all = lines(selected);
            let rows: Vec<Row> = all.iter().map(row).collect();
            f.render_widget(
                Table::new(rows, WIDTHS)
                    .header(
                        Row::new(["#", "Inovasi", "Status", "x"])
                            .style(Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)),
                    )
                    .column_spacing(1),
                f.area(),
            );
        })
        .unwrap();
        t.backend().buffer().clone()
    }

    fn by_rows(t: &mut Terminal<TestBackend>, selected: usize) -> Buffer {
        t.draw(|f| {
            let area = f.area();
            let header = TextRow::new(
                ["#", "Inovasi", "Status", "x"]
                    .map(|h| (h.to_string(), Style::new()))
                    .to_vec(),
            )
            .style(Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD));
            table(f, "test", area, header, lines(selected), &WIDTHS, 1);
        })
        .unwrap();
        t.backend().buffer().clone()
    }

    #[test]
    fn fit_gives_wants_in_priority_order_then_grows() {
        let title = Col {
            min: 10,
            want: 30,
            grow: 1,
        };
        let note = Col {
            min: 4,
            want: 12,
            grow: 0,
        };
        let cols = [Col::exact(4), title, note];
        let len = |v: Vec<Constraint>| -> Vec<u16> {
            v.into_iter()
                .map(|c| match c {
                    Constraint::Length(n) => n,
                    _ => 0,
                })
                .collect()
        };
        // 40 wide, 2 gaps: 38 to share; the note gets its 12 first, the title the rest.
        assert_eq!(len(fit(40, 1, &cols, &[2, 1])), vec![4, 22, 12]);
        // Too narrow for every want: minimums, and the note gets what there is.
        assert_eq!(len(fit(22, 1, &cols, &[2, 1])), vec![4, 10, 6]);
        // Wide: every want met, the rest grows the title.
        assert_eq!(len(fit(100, 1, &cols, &[2, 1])), vec![4, 82, 12]);
    }

    #[test]
    fn rows_copied_or_drawn_are_what_the_table_draws() {
        for (w, h) in [(60, 10), (33, 4), (8, 3), (120, 8)] {
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            // First drawn, then the highlight moves (two rows drawn, the rest copied), then
            // back, then the same again (all copied).
            for selected in [0, 1, 0, 0, 5, 3] {
                assert_eq!(
                    by_rows(&mut t, selected),
                    by_table(w, h, selected),
                    "{w}x{h}, row {selected} highlighted"
                );
            }
        }
    }
}
