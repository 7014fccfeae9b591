//! Typed errors of the library, each carrying the place it is about.
//!
//! Every problem with a user's input is a [`Diagnostic`]: the file, the line and column
//! (or the key path) and a hint at what would be valid. The binary maps [`Error`] to the
//! documented exit codes with [`Error::exit_code`].

use std::fmt;
use std::path::{Path, PathBuf};

/// The exit code for a failed gate or a regression.
pub const EXIT_GATE: u8 = 1;
/// The exit code for bad usage or bad input.
pub const EXIT_INPUT: u8 = 2;
/// The exit code for an interrupted questionnaire.
pub const EXIT_INTERRUPTED: u8 = 130;

/// A position in a text file, 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub column: usize,
}

/// One problem found in one input, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (or `<built-in catalogue>`).
    pub file: String,
    /// Line and column, where known.
    pub position: Option<Position>,
    /// The key path inside the document, where known (`clauses[3].requirements[0].id`).
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What would be valid, or how to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem with a whole file.
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            position: None,
            key: None,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint at what would be valid.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds the key path the problem is about.
    #[must_use]
    pub fn at_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Adds the line and column.
    #[must_use]
    pub fn at(mut self, position: Option<Position>) -> Self {
        self.position = position;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        write!(f, ": ")?;
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in an input file (exit 2).
    #[error("{}", render_list(.0))]
    Invalid(Vec<Diagnostic>),
    /// A file could not be read or written (exit 2).
    #[error("{}: {action}: {source}", .path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Bad usage that clap cannot see (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The questionnaire was interrupted (exit 130).
    #[error("interrupted; every confirmed answer is saved")]
    Interrupted,
}

fn render_list(list: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in list.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&d.to_string());
    }
    if list.len() > 1 {
        out.push_str(&format!("\n{} problems found", list.len()));
    }
    out
}

impl Error {
    /// One diagnostic as an error.
    pub fn invalid(d: Diagnostic) -> Self {
        Error::Invalid(vec![d])
    }

    /// An I/O failure on a path.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// The documented exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Interrupted => EXIT_INTERRUPTED,
            _ => EXIT_INPUT,
        }
    }
}

/// Shortens any unbroken run of more than 200 characters (a value echoed back from a
/// hostile or broken input) to its start and its length, so that one message stays one
/// readable message.
pub fn clip_long_runs(text: &str) -> String {
    const LONGEST: usize = 200;
    const KEPT: usize = 60;
    let mut out = String::with_capacity(text.len().min(4096));
    let mut run = String::new();
    let mut run_chars = 0usize;
    let flush = |out: &mut String, run: &mut String, run_chars: &mut usize| {
        if *run_chars > LONGEST {
            out.extend(run.chars().take(KEPT));
            out.push_str(&format!("... ({} characters in all)", *run_chars));
        } else {
            out.push_str(run);
        }
        run.clear();
        *run_chars = 0;
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut out, &mut run, &mut run_chars);
            out.push(c);
        } else {
            run_chars += 1;
            // Keep memory bounded: past the limit only the count grows.
            if run_chars <= LONGEST + 1 {
                run.push(c);
            }
        }
    }
    flush(&mut out, &mut run, &mut run_chars);
    out
}

/// Replaces every character that could steer a terminal or reorder what it shows with a
/// visible escape: C0 controls but the line break (`\x1b`), DEL (`\x7f`), C1 controls
/// (`\u{9b}`) and the bidirectional overrides and isolates (`\u{202e}`). For text from
/// elsewhere (git's messages, names the user was handed) echoed back in a message; the
/// line break stays, as messages are built of lines.
pub fn escape_controls(text: &str) -> String {
    let steers = |c: char| {
        (c.is_control() && c != '\n')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if !text.chars().any(steers) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !steers(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    out
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The closest of `choices` to `given`, when it is close enough to be a likely typo.
pub fn closest<'a>(given: &str, choices: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Nothing long is a typo of an id, and comparing it would cost time for nothing.
    if given.len() > 64 {
        return None;
    }
    choices
        .into_iter()
        .map(|c| (strsim::jaro_winkler(given, c), c))
        .filter(|(score, _)| *score > 0.8)
        // Ties go to the smallest choice, so that the hint never depends on the order the
        // choices come in (some come from hash maps).
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(
            escape_controls("a\u{1b}]0;x\u{7}b\tc\u{7f}\u{9b}2J\u{202e}d\u{2066}"),
            "a\\x1b]0;x\\x07b\\x09c\\x7f\\u{9b}2J\\u{202e}d\\u{2066}"
        );
        assert_eq!(escape_controls("line\n  help: é ✓"), "line\n  help: é ✓");
    }
}
