//! Large clock digits, readable from across the room or on a shared call.

/// 5x5 glyphs for the characters a clock shows.
fn glyph(c: char) -> [&'static str; 5] {
    match c {
        '0' => ["█████", "█   █", "█   █", "█   █", "█████"],
        '1' => ["  ██ ", "   █ ", "   █ ", "   █ ", "  ███"],
        '2' => ["█████", "    █", "█████", "█    ", "█████"],
        '3' => ["█████", "    █", " ████", "    █", "█████"],
        '4' => ["█   █", "█   █", "█████", "    █", "    █"],
        '5' => ["█████", "█    ", "█████", "    █", "█████"],
        '6' => ["█████", "█    ", "█████", "█   █", "█████"],
        '7' => ["█████", "    █", "   █ ", "  █  ", "  █  "],
        '8' => ["█████", "█   █", "█████", "█   █", "█████"],
        '9' => ["█████", "█   █", "█████", "    █", "█████"],
        ':' => ["     ", "  █  ", "     ", "  █  ", "     "],
        '+' => ["     ", "  █  ", "█████", "  █  ", "     "],
        '-' => ["     ", "     ", "█████", "     ", "     "],
        _ => ["     "; 5],
    }
}

/// The five lines of `text` in large glyphs, each glyph `scale` times as wide.
pub fn lines(text: &str, scale: usize) -> Vec<String> {
    (0..5)
        .map(|row| {
            text.chars()
                .map(|c| {
                    glyph(c)[row]
                        .chars()
                        .flat_map(|ch| std::iter::repeat_n(ch, scale))
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join(&" ".repeat(scale))
        })
        .collect()
}

/// Display width of `text` at `scale`.
pub fn width(text: &str, scale: usize) -> usize {
    let n = text.chars().count();
    if n == 0 {
        0
    } else {
        n * 5 * scale + (n - 1) * scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_digits_have_the_announced_width() {
        let l = lines("7:00", 1);
        assert_eq!(l.len(), 5);
        assert_eq!(l[0].chars().count(), width("7:00", 1));
        assert_eq!(lines("+1", 2)[0].chars().count(), width("+1", 2));
    }
}
