//! Making text safe to print: the one place that decides what of a file's text may reach
//! a terminal or a CI log.
//!
//! Text from catalogues, assessments, templates and arguments can hold anything: escape
//! sequences that retitle the terminal, clear the screen, write the clipboard (OSC 52) or
//! plant links (OSC 8), bidirectional controls that reorder what is shown, or a line break
//! followed by a CI workflow command (`::error ...`, `::add-mask::`, `##vso[...]`). Every
//! byte that [`Output`](crate::output::Output) and the questionnaire write passes through
//! [`Painter::finish`], so no command can forget it:
//!
//! - controls are shown visibly: C0 (except line feed and tab; CR only before LF), DEL and
//!   C1 as `\x1b`, bidirectional controls, line and paragraph separators, the byte-order
//!   mark and noncharacters as `\u{202e}`; in JSON as `\u001b`, which reads back as the
//!   same string;
//! - a line whose first non-blank text would start a CI workflow command (`::`, `##[`,
//!   `##vso[`) gets a `\` in front, so no runner takes it for one; iso20k's own output never
//!   starts a line that way;
//! - colour is drawn only where [`Painter::paint`] asked for it: it marks its text with a
//!   key drawn at random per process, and only marks with that key become escape
//!   sequences, so a file cannot smuggle one in by imitating them.

use console::Style;
use std::hash::{BuildHasher, Hasher};

/// How the text being printed is read, which decides how a control is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Text for people: tables, prose, Markdown, CSV, HTML, XML.
    Text,
    /// JSON, where controls can only stand inside strings and `\u001b` is a valid escape.
    Json,
}

/// Whether `c` must not reach a terminal as it is.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Bidirectional marks, embeddings, overrides and isolates.
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        // Line and paragraph separators, which some terminals and readers break lines at.
        | '\u{2028}' | '\u{2029}'
        // The byte-order mark (a zero-width no-break space) and noncharacters.
        | '\u{feff}' | '\u{fdd0}'..='\u{fdef}' | '\u{fffe}' | '\u{ffff}')
}

/// `c` written visibly: `\x1b` for C0, DEL and C1, `\u{202e}` for the others.
fn push_visible(out: &mut String, c: char, form: Form) {
    use std::fmt::Write;
    let n = u32::from(c);
    let _ = match (form, n) {
        (Form::Json, _) => write!(out, "\\u{n:04x}"),
        (Form::Text, 0..=0xff) => write!(out, "\\x{n:02x}"),
        (Form::Text, _) => write!(out, "\\u{{{n:x}}}"),
    };
}

/// `text` with every unsafe character shown visibly; line breaks and tabs stay.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(|c: char| is_unsafe(c)) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            push_visible(&mut out, c, Form::Text);
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// One line of text for a table cell or a one-line message: line breaks become `⏎` and
/// every other unsafe character is shown visibly.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('⏎'),
            c if is_unsafe(c) => push_visible(&mut out, c, Form::Text),
            c => out.push(c),
        }
    }
    out
}

/// Draws colour for one process: see the module's documentation.
#[derive(Debug, Clone)]
pub struct Painter {
    colour: bool,
    key: String,
}

/// Marks the start and end of a colour mark (noncharacters: never in real text, and
/// shown visibly when a file holds them).
const OPEN: char = '\u{fdd0}';
const CLOSE: char = '\u{fdd1}';

impl Painter {
    /// A painter that draws colour only when `colour` is on.
    pub fn new(colour: bool) -> Self {
        let random = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        // The key is written in noncharacters too, so it never looks like text.
        let key = (0..8)
            .map(|i| {
                let digit = (random >> (i * 4)) & 0xf;
                char::from_u32(0xfdd2 + digit as u32).unwrap_or(CLOSE)
            })
            .collect();
        Painter { colour, key }
    }

    /// `text` in `style`, when colour is on. What `text` holds is shown visibly first, so
    /// that a file's text painted here cannot bring escape sequences of its own.
    pub fn paint(&self, style: &Style, text: &str) -> String {
        if !self.colour {
            return text.to_string();
        }
        let text = visible(text);
        self.adopt(&style.clone().force_styling(true).apply_to(text).to_string())
    }

    /// Whether colour is drawn.
    pub fn colour(&self) -> bool {
        self.colour
    }

    /// Adopts the colour in text that iso20k styled itself (a table whose every cell was
    /// made safe): each `ESC [ params m` becomes a keyed mark, so that it survives
    /// [`Painter::finish`]. Never call it on text with a file's content in it unchecked.
    pub fn adopt(&self, styled: &str) -> String {
        let mut out = String::with_capacity(styled.len() + 32);
        let mut rest = styled;
        while let Some(at) = rest.find("\u{1b}[") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 2..];
            match after.find('m') {
                Some(end) => {
                    out.push(OPEN);
                    out.push_str(&self.key);
                    out.push_str(&after[..end]);
                    out.push(CLOSE);
                    rest = &after[end + 1..];
                }
                None => {
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The text to write: colour marks made by this painter become escape sequences,
    /// everything else unsafe is shown visibly, and no line starts a CI command.
    pub fn finish(&self, text: &str, form: Form) -> String {
        self.finish_from(text, form, true)
    }

    /// Like [`Painter::finish`] for text that continues a line already begun, when
    /// `at_start` is false (something other than blanks was written before it on its line).
    fn finish_from(&self, text: &str, form: Form, at_start: bool) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        for (n, line) in text.split('\n').enumerate() {
            if n > 0 {
                out.push('\n');
            }
            let body = line.trim_start_matches([' ', '\t']);
            if (n > 0 || at_start) && ["::", "##[", "##vso["].iter().any(|p| body.starts_with(p)) {
                out.push_str(&line[..line.len() - body.len()]);
                out.push('\\');
                self.line(&mut out, body, form);
            } else {
                self.line(&mut out, line, form);
            }
        }
        out
    }

    fn line(&self, out: &mut String, line: &str, form: Form) {
        let mut rest = line;
        while let Some((at, c)) = rest.char_indices().find(|(_, c)| is_unsafe(*c)) {
            out.push_str(&rest[..at]);
            let after = &rest[at + c.len_utf8()..];
            if c == '\r' && after.is_empty() {
                // CR LF line ends (CSV) stay as they are.
                out.push('\r');
                rest = after;
                continue;
            }
            if c == OPEN
                && let Some(marked) = after.strip_prefix(self.key.as_str())
                && let Some(end) = marked.find(CLOSE)
                && marked[..end]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b';')
            {
                if self.colour {
                    out.push_str("\u{1b}[");
                    out.push_str(&marked[..end]);
                    out.push('m');
                }
                rest = &marked[end + CLOSE.len_utf8()..];
                continue;
            }
            push_visible(out, c, form);
            rest = after;
        }
        out.push_str(rest);
    }
}

/// A writer that passes everything through [`Painter::finish`] (without colour), for
/// prompts written straight to a stream (the line-by-line questionnaire). Lines are held
/// until they end or the writer is flushed, so a CI command split across writes is still
/// seen at the start of its line.
pub struct SafeWriter<W: std::io::Write> {
    inner: W,
    painter: Painter,
    pending: Vec<u8>,
    /// Whether the line being written has had something other than blanks.
    begun: bool,
}

impl<W: std::io::Write> std::fmt::Debug for SafeWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SafeWriter")
    }
}

impl<W: std::io::Write> SafeWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        SafeWriter {
            inner,
            painter: Painter::new(false),
            pending: Vec::new(),
            begun: false,
        }
    }

    fn emit(&mut self, upto: usize) -> std::io::Result<()> {
        let bytes: Vec<u8> = self.pending.drain(..upto).collect();
        let text = String::from_utf8_lossy(&bytes);
        let shown = self.painter.finish_from(&text, Form::Text, !self.begun);
        let last = text.rsplit('\n').next().unwrap_or("");
        self.begun = if text.contains('\n') {
            !last.trim_start_matches([' ', '\t']).is_empty()
        } else {
            self.begun || !last.trim_start_matches([' ', '\t']).is_empty()
        };
        self.inner.write_all(shown.as_bytes())
    }
}

impl<W: std::io::Write> std::io::Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(nl) = self.pending.iter().rposition(|b| *b == b'\n') {
            self.emit(nl + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(s) => s.len(),
            Err(e) => e.valid_up_to(),
        };
        if valid > 0 {
            self.emit(valid)?;
        }
        self.inner.flush()
    }
}

impl<W: std::io::Write> Drop for SafeWriter<W> {
    fn drop(&mut self) {
        let _ = std::io::Write::flush(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> String {
        Painter::new(false).finish(text, Form::Text)
    }

    #[test]
    fn escape_sequences_from_files_are_shown_not_obeyed() {
        assert_eq!(plain("a\u{1b}]0;title\u{7}b"), "a\\x1b]0;title\\x07b");
        assert_eq!(plain("\u{1b}[2J"), "\\x1b[2J");
        assert_eq!(plain("x\u{9b}31m"), "x\\x9b31m");
        assert_eq!(plain("abc\u{202e}cba"), "abc\\u{202e}cba");
        assert_eq!(plain("tab\tand\nline"), "tab\tand\nline");
        assert_eq!(plain("over\rwrite"), "over\\x0dwrite");
        assert_eq!(plain("csv\r\nline\r\n"), "csv\r\nline\r\n");
    }

    #[test]
    fn json_escapes_read_back_as_the_same_string() {
        let json = serde_json::to_string(&"a\u{1b}[2J\u{9b}\u{202e}\u{2028}z").unwrap();
        let shown = Painter::new(false).finish(&json, Form::Json);
        assert!(!shown.chars().any(is_unsafe), "{shown}");
        let back: String = serde_json::from_str(&shown).unwrap();
        assert_eq!(back, "a\u{1b}[2J\u{9b}\u{202e}\u{2028}z");
    }

    #[test]
    fn no_line_starts_a_ci_command() {
        let shown = plain("Fix it\n::error file=README.md::Fake\n  ::add-mask::x\n##vso[task]");
        for line in shown.lines().skip(1) {
            assert!(line.trim_start().starts_with('\\'), "{line}");
        }
        assert_eq!(plain("a :: b"), "a :: b");
    }

    #[test]
    fn only_this_painters_marks_become_colour() {
        let ours = Painter::new(true);
        let theirs = Painter::new(true);
        let red = Style::new().red();
        let text = format!(
            "{} {}",
            ours.paint(&red, "FAIL"),
            theirs.paint(&red, "pass")
        );
        let smuggled = ours.paint(&red, "\u{1b}[8mhidden");
        assert!(ours.finish(&smuggled, Form::Text).contains("\\x1b[8m"));
        let shown = ours.finish(&text, Form::Text);
        assert!(shown.starts_with("\u{1b}[31mFAIL\u{1b}[0m "), "{shown:?}");
        assert!(shown.contains("\\u{fdd0}"), "{shown:?}");
        assert_eq!(shown.matches('\u{1b}').count(), 2, "{shown:?}");
        // Without colour, the marks are not even made.
        let off = Painter::new(false);
        assert_eq!(off.finish(&off.paint(&red, "FAIL"), Form::Text), "FAIL");
    }

    #[test]
    fn a_writer_sees_line_starts_across_writes() {
        use std::io::Write;
        let mut buf = Vec::new();
        {
            let mut w = SafeWriter::new(&mut buf);
            write!(w, "note: ").unwrap();
            w.flush().unwrap();
            write!(w, "::not a start\n  ").unwrap();
            w.flush().unwrap();
            writeln!(w, "::error x\u{1b}]0;t\u{7}").unwrap();
        }
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "note: ::not a start\n  \\::error x\\x1b]0;t\\x07\n"
        );
    }

    #[test]
    fn one_line_shows_line_breaks() {
        assert_eq!(one_line("Ann\n::add-mask::x"), "Ann⏎::add-mask::x");
        assert_eq!(one_line("a\r\nb\u{2028}c\u{1b}"), "a⏎b⏎c\\x1b");
    }
}
