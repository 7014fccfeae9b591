//! Fitting text to the terminal: words wrapped at the width (never cut inside a word
//! that fits on a line), lines clipped with `…`, items of a key hint kept whole.
//!
//! Widths are display columns (`é` and `›` take one column, a wide character two), measured
//! on text already made safe to show ([`crate::safe::visible`]).

use console::measure_text_width;

/// `text` in lines of at most `width` columns: the first line starts with `first`, the
/// others with `rest` (a hanging indent). Words are kept whole; a word longer than a line
/// is broken.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = first.to_string();
    let mut used = measure_text_width(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        let w = measure_text_width(word);
        if !empty && used + 1 + w > width {
            out.push(std::mem::replace(&mut line, rest.to_string()));
            used = measure_text_width(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
            used += 1;
        }
        if used + w <= width {
            line.push_str(word);
            used += w;
        } else {
            // Longer than a whole line: broken where the line ends.
            for c in word.chars() {
                let cw = measure_text_width(c.encode_utf8(&mut [0; 4]));
                if used + cw > width && used > measure_text_width(rest) {
                    out.push(std::mem::replace(&mut line, rest.to_string()));
                    used = measure_text_width(rest);
                }
                line.push(c);
                used += cw;
            }
        }
        empty = false;
    }
    if !empty || out.is_empty() {
        out.push(line);
    }
    out
}

/// Items joined by `sep` in lines of at most `width` columns, each item whole on one line
/// (a key hint: `q save & quit` is never split).
pub fn wrap_items(items: &[String], sep: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for item in items {
        if !line.is_empty()
            && measure_text_width(&line) + measure_text_width(sep) + measure_text_width(item)
                > width
        {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push_str(sep);
        }
        line.push_str(item);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// `text` on one line of at most `width` columns, ending in `…` when cut.
pub fn clip(text: &str, width: usize) -> String {
    if measure_text_width(text) <= width {
        return text.to_string();
    }
    console::truncate_str(text, width, "…").into_owned()
}

/// `text` on one line of at most `width` columns, cut after a whole word and ended with
/// `…` when it does not fit.
pub fn clip_words(text: &str, width: usize) -> String {
    if measure_text_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for (i, word) in text.split(' ').enumerate() {
        let next = if i == 0 {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if measure_text_width(&next) + 1 > width {
            break;
        }
        out = next;
    }
    if out.trim().is_empty() {
        return clip(text, width);
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_stay_whole_with_a_hanging_indent() {
        let lines = wrap(
            "Defined and in use in places, with clear gaps in coverage",
            30,
            "  2 Partial  ",
            "             ",
        );
        assert_eq!(
            lines,
            [
                "  2 Partial  Defined and in",
                "             use in places,",
                "             with clear gaps",
                "             in coverage",
            ]
        );
        assert!(lines.iter().all(|l| measure_text_width(l) <= 30));
        assert_eq!(wrap("abcdefghij", 4, "", ""), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10, "> ", ""), ["> "]);
        assert_eq!(
            wrap("4 Context › 4.1 Understanding", 14, "", ""),
            ["4 Context ›", "4.1", "Understanding"]
        );
    }

    #[test]
    fn hint_items_are_never_split_and_clips_end_in_an_ellipsis() {
        let items: Vec<String> = ["0-4 rate", "g guidance", "q save & quit"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            wrap_items(&items, " · ", 24),
            ["0-4 rate · g guidance", "q save & quit"]
        );
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
        assert_eq!(
            clip_words("  2 Partial  Defined and in use", 22),
            "  2 Partial  Defined…"
        );
    }
}
