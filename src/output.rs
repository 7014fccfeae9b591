//! The one place that decides what goes to stdout and stderr, and whether colour and
//! progress bars are drawn. The rest of the library writes through [`Output`] only.

use crate::error::Diagnostic;
use console::Style;
use std::io::{self, Write};

/// Where output goes and how it looks.
pub struct Output {
    out: Box<dyn Write>,
    err: Box<dyn Write>,
    /// Whether stdout is a terminal that takes colour (and `NO_COLOR` is unset).
    pub color: bool,
    /// Whether stderr is a terminal (progress bars are drawn only then).
    pub stderr_is_terminal: bool,
    /// The terminal width, when stdout is a terminal.
    pub width: Option<u16>,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output")
            .field("color", &self.color)
            .finish()
    }
}

impl Output {
    /// The process's real stdout and stderr.
    pub fn terminal() -> Self {
        let term = console::Term::stdout();
        let is_term = term.is_term();
        Output {
            out: Box::new(io::stdout()),
            err: Box::new(io::stderr()),
            color: is_term && console::colors_enabled() && std::env::var_os("NO_COLOR").is_none(),
            stderr_is_terminal: console::Term::stderr().is_term(),
            width: if is_term { Some(term.size().1) } else { None },
        }
    }

    /// Output captured in memory (tests): no colour, no terminal.
    pub fn captured(out: Box<dyn Write>, err: Box<dyn Write>) -> Self {
        Output {
            out,
            err,
            color: false,
            stderr_is_terminal: false,
            width: None,
        }
    }

    /// Writes data to stdout.
    pub fn data(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(text.as_bytes())?;
        if !text.ends_with('\n') && !text.is_empty() {
            self.out.write_all(b"\n")?;
        }
        self.out.flush()
    }

    /// Writes raw bytes to stdout.
    pub fn bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.out.flush()
    }

    /// Writes a message for the person to stderr.
    pub fn note(&mut self, text: &str) {
        let _ = writeln!(self.err, "{text}");
    }

    /// Writes a warning to stderr.
    pub fn warning(&mut self, d: &Diagnostic) {
        let label = self.paint(&Style::new().yellow().bold(), "warning");
        let d = crate::error::escape_controls(&d.to_string());
        let text = crate::error::clip_long_runs(&format!("{label}: {d}"));
        let _ = writeln!(self.err, "{text}");
    }

    /// Colours text when colour is on.
    pub fn paint(&self, style: &Style, text: &str) -> String {
        if self.color {
            style.clone().force_styling(true).apply_to(text).to_string()
        } else {
            text.to_string()
        }
    }
}
