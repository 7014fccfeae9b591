//! The one place that decides what goes to stdout and stderr, and whether colour and
//! progress bars are drawn. The rest of the library writes through [`Output`] only, and
//! everything [`Output`] writes is made safe for a terminal or a CI log first
//! ([`crate::safe`]).

use crate::error::{Diagnostic, Error, Result};
use crate::safe::{Form, Painter};
use console::Style;
use std::io::{self, Write};
use std::path::Path;

/// Where output goes and how it looks.
pub struct Output {
    out: Box<dyn Write>,
    err: Box<dyn Write>,
    /// Whether stdout is a terminal that takes colour (and `NO_COLOR` is unset).
    pub color: bool,
    /// Whether stderr is a terminal (progress bars are drawn only then).
    pub stderr_is_terminal: bool,
    /// Whether stdout is a terminal.
    pub stdout_is_terminal: bool,
    /// The terminal width, when stdout is a terminal.
    pub width: Option<u16>,
    painter: Painter,
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
        let color = is_term && console::colors_enabled() && std::env::var_os("NO_COLOR").is_none();
        Output {
            out: Box::new(io::stdout()),
            err: Box::new(io::stderr()),
            color,
            stderr_is_terminal: console::Term::stderr().is_term(),
            stdout_is_terminal: is_term,
            width: if is_term { Some(term.size().1) } else { None },
            painter: Painter::new(color),
        }
    }

    /// Output captured in memory (tests): no colour, no terminal.
    pub fn captured(out: Box<dyn Write>, err: Box<dyn Write>) -> Self {
        Output {
            out,
            err,
            color: false,
            stderr_is_terminal: false,
            stdout_is_terminal: false,
            width: None,
            painter: Painter::new(false),
        }
    }

    /// Writes text (a table, prose, Markdown, CSV, HTML, XML) to stdout, ending it with a
    /// line break.
    pub fn text(&mut self, text: &str) -> Result<()> {
        self.stdout(text, Form::Text)
    }

    /// Writes CSV to stdout, after a UTF-8 byte order mark when `bom` is set (the mark is
    /// the one character the filter would otherwise show as an escape).
    pub fn csv(&mut self, text: &str, bom: bool) -> Result<()> {
        if bom {
            self.out
                .write_all(crate::report::csv::BOM)
                .map_err(|e| Error::io("cannot write to", Path::new("<stdout>"), e))?;
        }
        self.stdout(text, Form::Text)
    }

    /// Writes a binary file (a workbook) to stdout as it is, but never to a terminal,
    /// where it would only be noise and could hold escape sequences.
    pub fn binary(&mut self, bytes: &[u8]) -> Result<()> {
        if self.stdout_is_terminal {
            return Err(Error::Usage(
                "the workbook is a binary file: write it with -o FILE.xlsx, or redirect stdout to a file"
                    .into(),
            ));
        }
        self.out
            .write_all(bytes)
            .and_then(|()| self.out.flush())
            .map_err(|e| Error::io("cannot write to", Path::new("<stdout>"), e))
    }

    /// Writes JSON to stdout, ending it with a line break.
    pub fn json(&mut self, json: &str) -> Result<()> {
        self.stdout(json, Form::Json)
    }

    fn stdout(&mut self, text: &str, form: Form) -> Result<()> {
        let mut shown = self.painter.finish(text, form);
        if !shown.is_empty() && !shown.ends_with('\n') {
            shown.push('\n');
        }
        self.out
            .write_all(shown.as_bytes())
            .and_then(|()| self.out.flush())
            .map_err(|e| Error::io("cannot write to", Path::new("<stdout>"), e))
    }

    /// Writes a message for the person to stderr.
    pub fn note(&mut self, text: &str) {
        let shown = self.painter.finish(text, Form::Text);
        let _ = writeln!(self.err, "{shown}");
    }

    /// Writes a warning to stderr.
    pub fn warning(&mut self, d: &Diagnostic) {
        let label = self.paint(&Style::new().yellow().bold(), "warning");
        self.note(&crate::error::clip_long_runs(&format!("{label}: {d}")));
    }

    /// Writes text that iso20k wrote itself, with its own escape sequences (clap's
    /// coloured help), to stdout as it is.
    pub fn own(&mut self, text: &str) {
        let _ = self.out.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = self.out.write_all(b"\n");
        }
        let _ = self.out.flush();
    }

    /// Colours text when colour is on.
    pub fn paint(&self, style: &Style, text: &str) -> String {
        self.painter.paint(style, text)
    }

    /// The painter that the questionnaire draws its screens with.
    pub fn painter(&self) -> &Painter {
        &self.painter
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_binary_file_is_never_written_to_a_terminal() {
        let mut out = Output::captured(Box::new(io::sink()), Box::new(io::sink()));
        assert!(out.binary(b"PK\x03\x04").is_ok());
        out.stdout_is_terminal = true;
        let e = out.binary(b"PK\x03\x04").unwrap_err().to_string();
        assert!(e.contains("-o FILE.xlsx"), "{e}");
    }
}
