//! Text in the recap and minutes: what the users typed, and an entry's score.

use maud::Render;

use super::dec;
use crate::i18n::Lang;
use crate::io::rules_text;
use crate::standings::{Row, Standings};

/// Text the users typed (titles, names, notes). Escaped as maud escapes everything, and its
/// apostrophes too, as the recap always wrote them.
pub(super) struct Text<'a>(pub &'a str);

impl Render for Text<'_> {
    fn render_to(&self, buf: &mut String) {
        use std::fmt::Write as _;
        for (i, part) in self.0.split('\'').enumerate() {
            if i > 0 {
                buf.push_str("&#39;");
            }
            let _ = maud::Escaper::new(buf).write_str(part);
        }
    }
}

/// An entry's score as the recap's tables show it: by the session's rules, in the recap's
/// language, or a dash.
pub(super) fn score_cell(st: &Standings, r: &Row, lang: Lang) -> String {
    rules_text::score_shown(st, r).map_or_else(|| "—".into(), |x| dec(&x, lang))
}
