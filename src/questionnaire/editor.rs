//! The text being typed into a field: a buffer, a cursor, the editing keys, and how it is
//! laid out in rows of the terminal's width.

use super::keys::Key;
use console::measure_text_width;

/// What a key did to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Keep editing.
    Editing,
    /// Enter: the text is given.
    Done,
    /// Escape: back out, nothing given.
    Cancel,
}

/// A field being edited.
#[derive(Debug, Clone, Default)]
pub struct Editor {
    text: String,
    /// A byte offset into `text`, on a character boundary.
    cursor: usize,
    multiline: bool,
}

impl Editor {
    /// A field holding `initial`, the cursor at its end; `multiline` lets it hold line
    /// breaks (typed with Alt-Enter or Ctrl-J, or pasted).
    pub fn new(initial: &str, multiline: bool) -> Self {
        let text = if multiline {
            initial.to_string()
        } else {
            initial.replace('\n', " ")
        };
        Editor {
            cursor: text.len(),
            text,
            multiline,
        }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Applies one key.
    pub fn key(&mut self, key: &Key) -> Outcome {
        match key {
            Key::Enter => return Outcome::Done,
            Key::Escape => return Outcome::Cancel,
            Key::Char(c) => self.insert(&c.to_string()),
            Key::NewLine if self.multiline => self.insert("\n"),
            Key::Paste(p) if self.multiline => self.insert(p),
            Key::Paste(p) => {
                let one: Vec<&str> = p.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
                self.insert(&one.join(" "));
            }
            Key::Backspace => {
                if let Some(prev) = self.before() {
                    self.text.replace_range(prev..self.cursor, "");
                    self.cursor = prev;
                }
            }
            Key::Delete => {
                if let Some(next) = self.after() {
                    self.text.replace_range(self.cursor..next, "");
                }
            }
            Key::Left => self.cursor = self.before().unwrap_or(self.cursor),
            Key::Right => self.cursor = self.after().unwrap_or(self.cursor),
            Key::Home => self.cursor = self.line_start(),
            Key::End => self.cursor = self.line_end(),
            Key::Up | Key::Down => self.vertical(matches!(key, Key::Up)),
            Key::KillStart => {
                let start = self.line_start();
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Key::KillEnd => {
                let end = self.line_end();
                self.text.replace_range(self.cursor..end, "");
            }
            Key::KillWord => {
                let head = &self.text[..self.cursor];
                let blanks = head.len() - head.trim_end_matches([' ', '\t']).len();
                let word = head[..head.len() - blanks]
                    .rfind([' ', '\t', '\n'])
                    .map_or(0, |i| i + 1);
                // At the start of a line, Ctrl-W joins it to the line before.
                let from = if word == self.cursor {
                    self.before().unwrap_or(self.cursor)
                } else {
                    word
                };
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            Key::NewLine | Key::Interrupt | Key::Other => {}
        }
        Outcome::Editing
    }

    fn insert(&mut self, s: &str) {
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
    }

    fn before(&self) -> Option<usize> {
        self.text[..self.cursor]
            .char_indices()
            .next_back()
            .map(|(i, _)| i)
    }

    fn after(&self) -> Option<usize> {
        self.text[self.cursor..]
            .chars()
            .next()
            .map(|c| self.cursor + c.len_utf8())
    }

    fn line_start(&self) -> usize {
        self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1)
    }

    fn line_end(&self) -> usize {
        self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor + i)
    }

    /// Moves to the line above or below, at the same column where it can.
    fn vertical(&mut self, up: bool) {
        let start = self.line_start();
        let column = self.text[start..self.cursor].chars().count();
        let (from, to) = if up {
            if start == 0 {
                return;
            }
            let prev_end = start - 1;
            (
                self.text[..prev_end].rfind('\n').map_or(0, |i| i + 1),
                prev_end,
            )
        } else {
            let end = self.line_end();
            if end == self.text.len() {
                return;
            }
            let next = end + 1;
            let next_end = self.text[next..]
                .find('\n')
                .map_or(self.text.len(), |i| next + i);
            (next, next_end)
        };
        self.cursor = self.text[from..to]
            .char_indices()
            .nth(column)
            .map_or(to, |(i, _)| from + i);
    }

    /// The field in rows of at most `width` columns (each line of the text broken where it
    /// would overflow), and the row and column of the cursor. What a file's text holds is
    /// shown visibly, so every character takes the columns it is measured at.
    pub fn rows(&self, width: usize) -> (Vec<String>, (usize, usize)) {
        let width = width.max(2);
        let mut rows = Vec::new();
        let mut cursor = (0, 0);
        let mut offset = 0;
        for line in self.text.split('\n') {
            let mut row = String::new();
            let mut used = 0;
            for (i, c) in line.char_indices() {
                let shown = crate::safe::visible(c.encode_utf8(&mut [0; 4])).into_owned();
                let w = measure_text_width(&shown);
                if used + w > width - 1 {
                    rows.push(std::mem::take(&mut row));
                    used = 0;
                }
                if offset + i == self.cursor {
                    cursor = (rows.len(), used);
                }
                row.push_str(&shown);
                used += w;
            }
            if offset + line.len() == self.cursor {
                cursor = (rows.len(), used);
            }
            rows.push(row);
            offset += line.len() + 1;
        }
        (rows, cursor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(e: &mut Editor, keys: &[Key]) {
        for k in keys {
            e.key(k);
        }
    }

    #[test]
    fn home_end_and_the_kill_keys_work_on_the_line_of_the_cursor() {
        let mut e = Editor::new("first line\nsecond words here", true);
        typed(&mut e, &[Key::KillWord]);
        assert_eq!(e.text(), "first line\nsecond words ");
        typed(
            &mut e,
            &[Key::Home, Key::Char('>'), Key::End, Key::Char('!')],
        );
        assert_eq!(e.text(), "first line\n>second words !");
        typed(&mut e, &[Key::Up]);
        typed(&mut e, &vec![Key::Left; 8]);
        typed(&mut e, &[Key::KillStart]);
        assert_eq!(e.text(), "rst line\n>second words !");
        typed(&mut e, &[Key::KillEnd]);
        assert_eq!(e.text(), "\n>second words !");
        assert_eq!(e.key(&Key::Enter), Outcome::Done);
        assert_eq!(e.key(&Key::Escape), Outcome::Cancel);
    }

    #[test]
    fn a_one_line_field_takes_a_paste_as_one_line() {
        let mut e = Editor::new("", false);
        typed(&mut e, &[Key::Paste("a\nb".into()), Key::NewLine]);
        assert_eq!(e.text(), "a b");
        let mut e = Editor::new("", true);
        typed(
            &mut e,
            &[Key::Paste("a\nb".into()), Key::NewLine, Key::Char('c')],
        );
        assert_eq!(e.text(), "a\nb\nc");
    }

    #[test]
    fn rows_break_long_lines_and_place_the_cursor() {
        let mut e = Editor::new("abcdefgh\nxy", true);
        assert_eq!(
            e.rows(5),
            (vec!["abcd".into(), "efgh".into(), "xy".into()], (2, 2))
        );
        typed(&mut e, &[Key::Up, Key::Home]);
        assert_eq!(e.rows(5).1, (0, 0));
        let e = Editor::new("é\u{1b}", false);
        assert_eq!(e.rows(20), (vec!["é\\x1b".into()], (0, 5)));
    }
}
