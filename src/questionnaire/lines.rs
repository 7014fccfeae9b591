//! The questionnaire over plain lines: for scripts, pipes and anything without a terminal.
//!
//! Per requirement it reads one line: a digit or level id rates; `s` skips, `b` goes back,
//! `j CLAUSE` jumps, `q` saves and quits, `?` shows guidance. After a rating it reads the
//! note, the evidence (`;`-separated, `REF@YYYY-MM-DD` for a review date) and, below the top
//! level, an action, its owner and its due date. An empty line keeps what was there; `-`
//! clears it. End of input quits, keeping every confirmed answer.

use super::{Choice, Prompter, Screen};
use crate::assessment::parse_rating;
use crate::error::{Error, Result};
use std::io::{BufRead, Write};

/// Reads answers from lines, writes prompts to `out`.
pub struct LinePrompter<R, W: Write> {
    input: R,
    out: crate::safe::SafeWriter<W>,
}

impl<R, W: Write> std::fmt::Debug for LinePrompter<R, W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinePrompter")
    }
}

impl<R: BufRead, W: Write> LinePrompter<R, W> {
    /// A prompter over a reader and a writer.
    pub fn new(input: R, out: W) -> Self {
        LinePrompter {
            input,
            out: crate::safe::SafeWriter::new(out),
        }
    }

    fn ask(&mut self, prompt: &str) -> Result<Option<String>> {
        let _ = write!(self.out, "{prompt}");
        let _ = self.out.flush();
        let mut line = String::new();
        let n = self
            .input
            .read_line(&mut line)
            .map_err(|e| Error::io("cannot read", std::path::Path::new("<stdin>"), e))?;
        if n == 0 {
            let _ = writeln!(self.out);
            return Ok(None);
        }
        Ok(Some(line.trim_end_matches(['\n', '\r']).to_string()))
    }

    /// Asks with a current value: empty keeps it, `-` clears it.
    fn ask_keep(&mut self, label: &str, current: Option<&str>) -> Result<Option<String>> {
        let shown = current.map(|c| format!(" [{c}]")).unwrap_or_default();
        match self.ask(&format!("{label}{shown}: "))? {
            None => Ok(current.map(str::to_string)),
            Some(s) if s.trim().is_empty() => Ok(current.map(str::to_string)),
            Some(s) if s.trim() == "-" => Ok(None),
            Some(s) => Ok(Some(s.trim().to_string())),
        }
    }
}

impl<R: BufRead, W: Write> Prompter for LinePrompter<R, W> {
    fn choose(&mut self, s: &Screen<'_>) -> Result<Choice> {
        let r = s.requirement;
        let _ = writeln!(
            self.out,
            "\n[{}/{} answered] {}",
            s.answered, s.total, s.clause_path
        );
        let _ = writeln!(
            self.out,
            "{}{}: {}",
            r.id,
            r.documented
                .map_or(String::new(), |k| format!(" ({})", k.id())),
            r.question
        );
        if !r.interview.is_empty() {
            let _ = writeln!(
                self.out,
                "interview: {}",
                s.catalogue.role_labels(r).join(", ")
            );
        }
        if let Some(why) = s.current.and_then(|x| x.review.as_deref()) {
            let _ = writeln!(self.out, "review: {why}");
        }
        if let Some(cur) = s.current {
            let _ = writeln!(
                self.out,
                "current: {}",
                crate::assessment::rating_id(s.catalogue, cur.rating)
            );
        }
        let levels: Vec<String> = s
            .catalogue
            .scale
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{i}={}", l.id))
            .collect();
        loop {
            let Some(line) = self.ask(&format!(
                "rating ({}; s skip, b back, j CLAUSE, ? guidance, q quit): ",
                levels.join(" ")
            ))?
            else {
                return Ok(Choice::Quit);
            };
            let t = line.trim();
            match t {
                "q" | "quit" => return Ok(Choice::Quit),
                "s" | "skip" => return Ok(Choice::Skip),
                "b" | "back" => return Ok(Choice::Back),
                "?" | "g" | "guidance" => {
                    let _ = writeln!(
                        self.out,
                        "guidance: {}\nevidence: {}",
                        r.guidance,
                        r.evidence.join("; ")
                    );
                    continue;
                }
                "" => {
                    if let Some(cur) = s.current {
                        return Ok(Choice::Rate(cur.rating));
                    }
                    continue;
                }
                _ => {}
            }
            if let Some(clause) = t.strip_prefix("j ").or_else(|| t.strip_prefix("jump ")) {
                return Ok(Choice::Jump(clause.trim().to_string()));
            }
            match parse_rating(s.catalogue, t) {
                Some(r) => return Ok(Choice::Rate(r)),
                None => {
                    let _ = writeln!(
                        self.out,
                        "unknown rating `{t}`; valid: {}",
                        s.catalogue.rating_choices()
                    );
                }
            }
        }
    }

    fn text(&mut self, label: &str, current: Option<&str>) -> Result<Option<String>> {
        self.ask_keep(label, current)
    }

    fn say(&mut self, text: &str) {
        let _ = writeln!(self.out, "{text}");
    }
}
