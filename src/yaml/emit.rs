//! Writing YAML strings that every reader reads back as the same string.
//!
//! Readers disagree about plain text: YAML 1.1 readers (PyYAML, libyaml, Ruby's Psych,
//! SnakeYAML) take `no` for false, `12:30` for 750 and `2024-01-01` for a date, and treat
//! U+0085, U+2028 and U+2029 as line breaks, which YAML 1.2 readers (ours) keep as text.
//! [`style`] decides, for one string, the plainest way to write it that every YAML 1.1 and
//! 1.2 reader (core and JSON schema) reads back as exactly that string; [`value`] and
//! [`key`] write it. The choices are libyaml's wherever libyaml's are safe, so that files
//! written before by yaml_serde keep their bytes.

/// How a string is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// As it is: `Acme Ltd`.
    Plain,
    /// Between single quotes, a `'` doubled: `'no'`, `'a: b'`.
    SingleQuoted,
    /// A literal block (`|-`, or `|` for one trailing line break), one line of the file per
    /// line of text, so that a note diffs line by line in git.
    Literal,
    /// Between double quotes, with escapes: `"tab\there"`, `"one\Ltwo"`.
    DoubleQuoted,
}

/// Where a string stands: a key must stay on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A mapping key.
    Key,
    /// A mapping value or a sequence item.
    Value,
}

/// The longest key written as an implicit `key:`, as libyaml does (YAML allows 1024
/// characters); a longer one takes the explicit form `? key` / `:`.
const IMPLICIT_KEY_MAX: usize = 128;

/// How to write `s` at `place` so that every YAML reader reads back exactly `s`.
pub fn style(s: &str, place: Place) -> Style {
    if !s.chars().all(|c| c == '\n' || printable(c)) {
        return Style::DoubleQuoted;
    }
    if s.contains('\n') {
        return match place {
            Place::Value if literal_keeps(s) => Style::Literal,
            _ => Style::DoubleQuoted,
        };
    }
    if plain_keeps(s) {
        Style::Plain
    } else {
        Style::SingleQuoted
    }
}

/// Characters that every reader takes as themselves in any style: printable, a line break
/// in no YAML version, not a byte order mark.
fn printable(c: char) -> bool {
    match c {
        ' '..='~' => true,
        // C0 controls (tab and CR among them), DEL, C1 controls (NEL among them).
        '\0'..='\u{9f}' => false,
        // Line and paragraph separator: line breaks in YAML 1.1, text in 1.2.
        '\u{2028}' | '\u{2029}' => false,
        '\u{feff}' | '\u{fffe}' | '\u{ffff}' => false,
        _ => true,
    }
}

/// Whether `s` (printable, one line) reads back as itself written plain.
fn plain_keeps(s: &str) -> bool {
    let mut chars = s.chars();
    let (Some(first), Some(last)) = (chars.next(), s.chars().next_back()) else {
        return false;
    };
    let second = chars.next();
    // `:name` is text to YAML, but Psych reads it as a Ruby symbol.
    let indicator = "#,[]{}&*!|>'\"%@`:".contains(first)
        || (matches!(first, '-' | '?') && second.is_none_or(|c| c == ' '))
        || s.starts_with("---")
        || s.starts_with("...");
    let inside = s.contains(": ") || s.ends_with(':') || s.contains(" #");
    !(indicator || inside || first.is_whitespace() || last.is_whitespace() || typed(s))
}

/// Whether `s` (printable, with a line break) reads back as itself in a literal block. Not
/// when a line ends in a space (editors strip it, and libyaml refuses it), when the text
/// ends in more than one line break (`|+` would take in the blank line that separates
/// answers), or when it is line breaks only (no line to set the indentation).
fn literal_keeps(s: &str) -> bool {
    let body = s.strip_suffix('\n').unwrap_or(s);
    !body.is_empty() && !body.ends_with('\n') && !s.contains(" \n") && !s.ends_with(' ')
}

/// Whether some YAML 1.1 or 1.2 reader takes `s`, written plain, for something other than
/// a string: a null, a boolean, a number, a date, or YAML 1.1's merge key `<<` and value
/// key `=`. Conservative: in any letter case, and numbers in every notation some reader has.
fn typed(s: &str) -> bool {
    const WORDS: [&str; 13] = [
        "", "~", "null", "true", "false", "y", "n", "yes", "no", "on", "off", "<<", "=",
    ];
    WORDS.iter().any(|w| s.eq_ignore_ascii_case(w)) || number(s) || date(s)
}

/// Integers and floats of YAML 1.2 (core and JSON), of YAML 1.1 (`_` separators, bases 2,
/// 8, 16 and 60), Psych's `,` separators, and the infinities and NaNs of Rust's `f64`
/// parser. Not `2.0.0`: YAML 1.1's float pattern allows any number of dots, but no reader
/// follows it there (PyYAML, libyaml, Psych, SnakeYAML, go-yaml, js-yaml read a string),
/// and quoting would change the catalogue version line of every file.
fn number(s: &str) -> bool {
    let t = s.strip_prefix(['+', '-']).unwrap_or(s).to_ascii_lowercase();
    if matches!(t.trim_start_matches('.'), "inf" | "infinity" | "nan") {
        return true;
    }
    if let Some(digits) = ["0x", "0o", "0b"].iter().find_map(|p| t.strip_prefix(p)) {
        let digits = digits.strip_prefix(['+', '-']).unwrap_or(digits);
        return !digits.is_empty()
            && digits
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b'_' || b == b',');
    }
    // ([0-9][0-9_,]*)? (:[0-9_,]+)* (.[0-9_,]*)? ([eE][-+]?[0-9]+)?, with a digit (or only
    // the dot) before the exponent.
    let b = t.as_bytes();
    if !b.first().is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
        return false;
    }
    let run = |i: usize, ok: fn(u8) -> bool| i + b[i..].iter().take_while(|&&c| ok(c)).count();
    let digit = |c: u8| c.is_ascii_digit() || c == b'_' || c == b',';
    let mut i = run(0, digit);
    while b.get(i) == Some(&b':') && run(i + 1, digit) > i + 1 {
        i = run(i + 1, digit);
    }
    if b.get(i) == Some(&b'.') {
        i = run(i + 1, digit);
    }
    // A lone `.` matches YAML 1.1's float pattern too.
    let mantissa = &b[..i];
    let numeric = mantissa.iter().any(u8::is_ascii_digit) || mantissa == b".";
    if b.get(i) == Some(&b'e') {
        let sign = usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
        let end = run(i + 1 + sign, |c| c.is_ascii_digit());
        if end == i + 1 + sign {
            return false;
        }
        i = end;
    }
    i == b.len() && numeric
}

/// YAML 1.1 dates and times, `2024-01-01` and `2024-1-1T10:00:00Z`: any such date alone or
/// followed by `T`, `t`, a space or a tab.
fn date(s: &str) -> bool {
    let mut parts = s.splitn(3, '-');
    let (Some(year), Some(month), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let day = rest.bytes().take_while(u8::is_ascii_digit).count();
    year.len() == 4
        && digits(year)
        && (1..=2).contains(&month.len())
        && digits(month)
        && (1..=2).contains(&day)
        && rest[day..]
            .chars()
            .next()
            .is_none_or(|c| matches!(c, 'T' | 't' | ' ' | '\t'))
}

/// Appends `s` as a mapping value or sequence item and ends the line. `indent` is the
/// column of its key or dash: a literal block's lines go two columns further in.
pub fn value(out: &mut String, s: &str, indent: usize) {
    match style(s, Place::Value) {
        Style::Literal => literal(out, s, indent + 2),
        other => {
            flow(out, s, other);
            out.push('\n');
        }
    }
}

/// Appends a mapping key at `indent`, through its colon: `key:`, or `? key` and `:` on the
/// next line for a key too long to be implicit.
pub fn key(out: &mut String, s: &str, indent: usize) {
    spaces(out, indent);
    let at = out.len();
    flow(out, s, style(s, Place::Key));
    if s.len() > IMPLICIT_KEY_MAX || out.len() - at > IMPLICIT_KEY_MAX {
        out.insert_str(at, "? ");
        out.push('\n');
        spaces(out, indent);
    }
    out.push(':');
}

fn spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// Writes a one-line style.
fn flow(out: &mut String, s: &str, style: Style) {
    match style {
        Style::Plain => out.push_str(s),
        Style::SingleQuoted => {
            out.push('\'');
            out.push_str(&s.replace('\'', "''"));
            out.push('\'');
        }
        Style::Literal | Style::DoubleQuoted => double_quoted(out, s),
    }
}

fn literal(out: &mut String, s: &str, indent: usize) {
    out.push('|');
    // Otherwise a reader would take the first line's leading spaces for indentation.
    if s.starts_with([' ', '\n']) {
        out.push('2');
    }
    let body = match s.strip_suffix('\n') {
        Some(body) => body,
        None => {
            out.push('-');
            s
        }
    };
    out.push('\n');
    for line in body.split('\n') {
        if !line.is_empty() {
            spaces(out, indent);
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// Escapes with a name, in every YAML version's double quotes.
#[rustfmt::skip]
const NAMED: [(char, char); 14] = [
    ('"', '"'), ('\\', '\\'), ('\0', '0'), ('\u{7}', 'a'), ('\u{8}', 'b'), ('\t', 't'),
    ('\n', 'n'), ('\u{b}', 'v'), ('\u{c}', 'f'), ('\r', 'r'), ('\u{1b}', 'e'), ('\u{85}', 'N'),
    ('\u{2028}', 'L'), ('\u{2029}', 'P'),
];

fn double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        if let Some(&(_, name)) = NAMED.iter().find(|(k, _)| *k == c) {
            out.push('\\');
            out.push(name);
        } else if printable(c) {
            out.push(c);
        } else {
            // Every character that is not printable is in the Basic Multilingual Plane.
            let n = u32::from(c);
            out.push_str(&if n <= 0xff {
                format!("\\x{n:02X}")
            } else {
                format!("\\u{n:04X}")
            });
        }
    }
    out.push('"');
}

#[cfg(test)]
#[path = "emit_tests.rs"]
mod tests;
