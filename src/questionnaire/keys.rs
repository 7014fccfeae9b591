//! Keys from the bytes a terminal sends: arrows, editing keys, Alt-Enter, and a bracketed
//! paste as one piece of text.
//!
//! The terminal is held in raw mode, so every byte arrives as typed: Enter is a carriage
//! return, Ctrl-J a line feed, and a paste comes between `ESC [ 200 ~` and `ESC [ 201 ~`
//! (bracketed paste mode), whatever it holds. A lone Escape is told from the start of a
//! sequence by a short wait for the next byte.

use std::io;
use std::time::Duration;

/// One key, or one paste.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// A printable character.
    Char(char),
    /// Enter (carriage return).
    Enter,
    /// A new line inside a text: Alt-Enter or Ctrl-J.
    NewLine,
    /// Escape on its own.
    Escape,
    /// Backspace (DEL or Ctrl-H).
    Backspace,
    /// Delete (the key, or Ctrl-D).
    Delete,
    /// ←.
    Left,
    /// →.
    Right,
    /// ↑.
    Up,
    /// ↓.
    Down,
    /// Home or Ctrl-A.
    Home,
    /// End or Ctrl-E.
    End,
    /// Ctrl-U: delete to the start of the line.
    KillStart,
    /// Ctrl-K: delete to the end of the line.
    KillEnd,
    /// Ctrl-W: delete the word before the cursor.
    KillWord,
    /// Ctrl-C.
    Interrupt,
    /// Text pasted in bracketed paste mode, markers removed, line breaks as `\n`.
    Paste(String),
    /// Anything else (a function key, an unknown sequence).
    Other,
}

/// Where the bytes come from: a byte, waiting at most `wait` (`None`: as long as it
/// takes); `Ok(None)` when none came in time.
pub trait Bytes {
    /// The next byte.
    fn next_byte(&mut self, wait: Option<Duration>) -> io::Result<Option<u8>>;
    /// Puts a byte back, to be the next one read.
    fn unread(&mut self, b: u8);
}

/// How long the rest of an escape sequence may take to arrive after its `ESC`.
const SEQUENCE: Duration = Duration::from_millis(40);

/// Reads one key, waiting at most `wait` for it to begin (`None`: as long as it takes);
/// `Ok(None)` when none came in time.
pub fn read(src: &mut dyn Bytes, wait: Option<Duration>) -> io::Result<Option<Key>> {
    let Some(b) = src.next_byte(wait)? else {
        return match wait {
            Some(_) => Ok(None),
            None => Err(io::ErrorKind::UnexpectedEof.into()),
        };
    };
    Ok(Some(match b {
        0x1b => escape(src)?,
        b'\r' => Key::Enter,
        b'\n' => Key::NewLine,
        0x7f | 0x08 => Key::Backspace,
        0x01 => Key::Home,
        0x05 => Key::End,
        0x04 => Key::Delete,
        0x15 => Key::KillStart,
        0x0b => Key::KillEnd,
        0x17 => Key::KillWord,
        0x03 => Key::Interrupt,
        0x00..=0x1f => Key::Other,
        _ => match utf8(src, b)? {
            Some(c) => Key::Char(c),
            None => Key::Other,
        },
    }))
}

/// The character that starts with `first`; `None` for a byte that starts none.
fn utf8(src: &mut dyn Bytes, first: u8) -> io::Result<Option<char>> {
    let len = match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return Ok(None),
    };
    let mut buf = vec![first];
    for _ in 1..len {
        match src.next_byte(Some(SEQUENCE))? {
            Some(b) => buf.push(b),
            None => return Ok(None),
        }
    }
    Ok(std::str::from_utf8(&buf)
        .ok()
        .and_then(|s| s.chars().next()))
}

fn escape(src: &mut dyn Bytes) -> io::Result<Key> {
    let Some(b) = src.next_byte(Some(SEQUENCE))? else {
        return Ok(Key::Escape);
    };
    Ok(match b {
        b'\r' | b'\n' => Key::NewLine,
        b'[' => csi(src)?,
        b'O' => match src.next_byte(Some(SEQUENCE))? {
            Some(b'A') => Key::Up,
            Some(b'B') => Key::Down,
            Some(b'C') => Key::Right,
            Some(b'D') => Key::Left,
            Some(b'H') => Key::Home,
            Some(b'F') => Key::End,
            _ => Key::Other,
        },
        // Anything else (Alt and a letter, or Escape and a key typed fast after it, as
        // `Esc q`) is Escape, then that key.
        b => {
            src.unread(b);
            Key::Escape
        }
    })
}

/// `ESC [` parameters and a final byte.
fn csi(src: &mut dyn Bytes) -> io::Result<Key> {
    let mut params = String::new();
    let last = loop {
        match src.next_byte(Some(SEQUENCE))? {
            None => return Ok(Key::Other),
            Some(b @ 0x30..=0x3f) if params.len() < 16 => params.push(char::from(b)),
            Some(b) => break b,
        }
    };
    // `1;5C` (Ctrl-→) and the like: the modifiers are not used.
    let first = params.split(';').next().unwrap_or("");
    Ok(match (last, first) {
        (b'A', _) => Key::Up,
        (b'B', _) => Key::Down,
        (b'C', _) => Key::Right,
        (b'D', _) => Key::Left,
        (b'H', _) => Key::Home,
        (b'F', _) => Key::End,
        (b'~', "1" | "7") => Key::Home,
        (b'~', "4" | "8") => Key::End,
        (b'~', "3") => Key::Delete,
        (b'~', "200") => paste(src)?,
        _ => Key::Other,
    })
}

/// The pasted text up to `ESC [ 201 ~`. The text is taken as it is meant, not as keys: a
/// line break inside it is a line break, not Enter.
fn paste(src: &mut dyn Bytes) -> io::Result<Key> {
    const END: &[u8] = b"\x1b[201~";
    let mut bytes = Vec::new();
    // A paste that never ends (the terminal lost the marker) ends after a second of silence.
    while let Some(b) = src.next_byte(Some(Duration::from_secs(1)))? {
        bytes.push(b);
        if bytes.ends_with(END) {
            bytes.truncate(bytes.len() - END.len());
            break;
        }
    }
    Ok(Key::Paste(pasted(&String::from_utf8_lossy(&bytes))))
}

/// Pasted text as a field keeps it: every line break (CR LF, CR, LF) a `\n`, a tab a space,
/// other controls dropped, the blanks at the end of each line removed (invisible, and they
/// would keep a note from being saved as a readable block in the file).
pub fn pasted(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let line: String = line
            .chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                c if crate::safe::is_unsafe(c) => None,
                c => Some(c),
            })
            .collect();
        out.push_str(line.trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    struct Fed(VecDeque<u8>);

    impl Bytes for Fed {
        fn next_byte(&mut self, _: Option<Duration>) -> io::Result<Option<u8>> {
            Ok(self.0.pop_front())
        }
        fn unread(&mut self, b: u8) {
            self.0.push_front(b);
        }
    }

    fn keys(bytes: &[u8]) -> Vec<Key> {
        let mut src = Fed(bytes.iter().copied().collect());
        let mut out = Vec::new();
        while !src.0.is_empty() {
            out.extend(read(&mut src, None).unwrap());
        }
        out
    }

    #[test]
    fn a_bracketed_paste_is_one_text_with_its_line_breaks() {
        assert_eq!(
            keys(b"\x1b[200~one\r\ntwo  \nthree\x1b[201~\r"),
            vec![Key::Paste("one\ntwo\nthree".into()), Key::Enter]
        );
        // The markers never become text, even when the paste holds escape sequences.
        assert_eq!(
            keys(b"\x1b[200~a\x1b[2Jb\tc\x1b[201~"),
            vec![Key::Paste("a[2Jb c".into())]
        );
    }

    #[test]
    fn editing_keys_and_new_lines() {
        assert_eq!(
            keys(b"\x1b\r\n\r\x1b[H\x1b[F\x1bOH\x1b[4~\x01\x05\x15\x17\x0b\x7f\x1b[3~"),
            vec![
                Key::NewLine,
                Key::NewLine,
                Key::Enter,
                Key::Home,
                Key::End,
                Key::Home,
                Key::End,
                Key::Home,
                Key::End,
                Key::KillStart,
                Key::KillWord,
                Key::KillEnd,
                Key::Backspace,
                Key::Delete,
            ]
        );
        assert_eq!(
            keys("é\x1b[1;5C\x1bq\x1b\x1b\x1b".as_bytes()),
            vec![
                Key::Char('é'),
                Key::Right,
                Key::Escape,
                Key::Char('q'),
                Key::Escape,
                Key::Escape,
                Key::Escape
            ]
        );
    }
}
