//! Typed text in the recap and minutes.

use maud::Render;

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
