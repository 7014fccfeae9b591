//! The questionnaire over plain lines: for scripts, pipes and anything without a terminal.
//!
//! Per requirement it reads one line: a digit or level id rates; `s` skips, `b` goes back,
//! `j CLAUSE` jumps, `d` edits the details, `u` undoes the last save, `q` saves and quits,
//! `?` shows guidance. After a rating it reads the note, the evidence (`;`-separated,
//! `REF@YYYY-MM-DD` for a review date) and, below the top level, an action, its owner and
//! its due date. An empty line keeps what was there; `-` clears it; a line holding only
//! Escape (`\x1b`) goes back to the rating with nothing saved, as Esc does in a terminal.
//! A choice among fixed values takes its number or its id. End of input quits, keeping
//! every confirmed answer.

use super::{Ask, Choice, Pick, Prompter, Reply, Screen};
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

    /// Asks with a current value: empty keeps it, `-` clears it, Escape backs out.
    fn ask_keep(&mut self, label: &str, current: Option<&str>) -> Result<Reply<Option<String>>> {
        let shown = current.map(|c| format!(" [{c}]")).unwrap_or_default();
        Ok(match self.ask(&format!("{label}{shown}: "))? {
            None => Reply::Given(current.map(str::to_string)),
            Some(s) if s.trim() == "\u{1b}" => Reply::Back,
            Some(s) if s.trim().is_empty() => Reply::Given(current.map(str::to_string)),
            Some(s) if s.trim() == "-" => Reply::Given(None),
            Some(s) => Reply::Given(Some(s.trim().to_string())),
        })
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
            for (label, value) in super::fields(s.catalogue, cur) {
                let _ = writeln!(
                    self.out,
                    "  {}: {}",
                    label.to_lowercase(),
                    crate::safe::one_line(&value)
                );
            }
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
                "rating ({}; s skip, b back, j CLAUSE, d details, u undo, ? guidance, q quit): ",
                levels.join(" ")
            ))?
            else {
                return Ok(Choice::Quit);
            };
            let t = line.trim();
            match t {
                "q" | "quit" => return Ok(Choice::Quit),
                "d" | "details" => return Ok(Choice::Details),
                "u" | "undo" => return Ok(Choice::Undo),
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
                Some(rating) => {
                    let _ = writeln!(
                        self.out,
                        "Rated {}: {}",
                        r.id,
                        crate::assessment::rating_id(s.catalogue, rating)
                    );
                    return Ok(Choice::Rate(rating));
                }
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

    fn text(&mut self, ask: &Ask<'_>) -> Result<Reply<Option<String>>> {
        self.ask_keep(ask.label, ask.current)
    }

    fn pick(&mut self, pick: &Pick<'_>) -> Result<Reply<Option<usize>>> {
        let mut choices: Vec<String> = pick
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| format!("{i}={}", o.id))
            .collect();
        if let Some(none) = pick.none {
            choices.push(format!("-={none}"));
        }
        let current = pick.current.map(|i| pick.options[i].id.as_str());
        loop {
            let label = format!("{} ({})", pick.label, choices.join(" "));
            let Reply::Given(v) = self.ask_keep(&label, current)? else {
                return Ok(Reply::Back);
            };
            let Some(v) = v else {
                if pick.none.is_some() {
                    return Ok(Reply::Given(None));
                }
                continue;
            };
            let found = pick
                .options
                .iter()
                .position(|o| o.id == v)
                .or_else(|| v.parse::<usize>().ok().filter(|&i| i < pick.options.len()));
            match found {
                Some(i) => return Ok(Reply::Given(Some(i))),
                None => {
                    let _ = writeln!(self.out, "unknown `{v}`; valid: {}", choices.join(" "));
                }
            }
        }
    }

    fn say(&mut self, text: &str) {
        let _ = writeln!(self.out, "{text}");
    }
}
