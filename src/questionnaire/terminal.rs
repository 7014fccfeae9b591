//! The questionnaire in a real terminal: one screen per requirement, keys to rate and move.
//!
//! Keys: ↑/↓ move, a digit rates at once, Enter confirms the highlighted level, ← or `b`
//! goes back, → or `s` skips, `g` shows guidance and typical evidence, `c` jumps to a
//! clause, `q` or Esc saves and quits. Ctrl-C ends the program with exit code 130; every
//! confirmed answer is already on disk.

use super::{Choice, Prompter, Screen};
use crate::assessment::{Rating, rating_id};
use crate::error::{Error, Result};
use crate::safe::{Form, Painter};
use console::{Key, Style, Term};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};
use std::io;
use std::sync::{Arc, Mutex};

/// Drives the questionnaire with keys on the terminal (drawn on stderr).
#[derive(Debug)]
pub struct TerminalPrompter {
    term: Term,
    guidance: bool,
    message: Option<String>,
    painter: Painter,
}

impl Default for TerminalPrompter {
    fn default() -> Self {
        TerminalPrompter {
            term: Term::stderr(),
            guidance: false,
            message: None,
            painter: Painter::new(console::colors_enabled_stderr()),
        }
    }
}

/// Captures what indicatif draws, so the bar can sit inside our own screen.
#[derive(Debug, Clone, Default)]
struct Capture(Arc<Mutex<String>>);

impl TermLike for Capture {
    fn width(&self) -> u16 {
        60
    }
    fn move_cursor_up(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn move_cursor_down(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn move_cursor_right(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn move_cursor_left(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn write_line(&self, s: &str) -> io::Result<()> {
        self.write_str(s)
    }
    fn write_str(&self, s: &str) -> io::Result<()> {
        // Only a drawn bar counts, not the blanks indicatif clears the line with after it
        // (once the line is as wide as the 60 columns, from 10 answers on, those came last
        // and the progress line vanished).
        if !s.trim().is_empty()
            && let Ok(mut g) = self.0.lock()
        {
            *g = s.to_string();
        }
        Ok(())
    }
    fn clear_line(&self) -> io::Result<()> {
        Ok(())
    }
    fn flush(&self) -> io::Result<()> {
        Ok(())
    }
}

fn progress_line(answered: usize, total: usize) -> String {
    let capture = Capture::default();
    let bar = ProgressBar::with_draw_target(
        Some(total as u64),
        ProgressDrawTarget::term_like(Box::new(capture.clone())),
    );
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40.cyan/blue} {pos}/{len} answered ({percent}%)")
    {
        bar.set_style(style.progress_chars("█▉▊▋▌▍▎▏ "));
    }
    bar.set_position(answered as u64);
    bar.force_draw();
    let line = capture.0.lock().map(|g| g.clone()).unwrap_or_default();
    if line.is_empty() {
        format!("{answered}/{total} answered")
    } else {
        line
    }
}

fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

impl TerminalPrompter {
    fn draw(&self, s: &Screen<'_>, selected: usize) -> io::Result<()> {
        let c = s.catalogue;
        let r = s.requirement;
        let width = (self.term.size().1 as usize).clamp(40, 100) - 4;
        let p = &self.painter;
        let dim = Style::new().dim();
        let bold = Style::new().bold();
        let mut t = String::new();
        t.push_str(&format!(
            "{}  {}\n",
            p.paint(&bold, "iso20k assess"),
            p.paint(&dim, s.file)
        ));
        t.push_str(&format!(
            "{}\n\n",
            p.adopt(&progress_line(s.answered, s.total))
        ));
        t.push_str(&format!("{}\n", p.paint(&dim, &s.clause_path)));
        t.push_str(&format!(
            "{}{}   ({} of {})\n\n",
            p.paint(&bold, &r.id),
            match r.documented {
                Some(crate::catalogue::Documented::Document) => "  [document]",
                Some(crate::catalogue::Documented::Record) => "  [records]",
                None => "",
            },
            s.position,
            s.total
        ));
        t.push_str(&format!(
            "{}\n",
            p.paint(&bold, wrap(&r.question, width, "  ").trim_end())
        ));
        if !r.interview.is_empty() {
            let who = format!("Interview: {}", c.role_labels(r).join(", "));
            t.push_str(&format!(
                "{}\n",
                p.paint(&dim, wrap(&who, width, "  ").trim_end())
            ));
        }
        if let Some(why) = s.current.and_then(|x| x.review.as_deref()) {
            t.push_str(&format!("  Review: {why}\n"));
        }
        if let Some(cur) = s.current {
            t.push_str(&format!("\n  Current answer: {}", rating_id(c, cur.rating)));
            if let Some(n) = &cur.note {
                t.push_str(&format!(" — {}", n.lines().next().unwrap_or("")));
            }
            t.push('\n');
        }
        t.push('\n');
        for (i, l) in c.scale.iter().enumerate() {
            let marker = if i == selected { "▸" } else { " " };
            let line = format!(
                " {marker} {i} {:<24} {}",
                l.label,
                p.paint(&dim, &l.description)
            );
            if i == selected {
                t.push_str(&format!(
                    "{}\n",
                    p.paint(&Style::new().cyan().bold(), &line)
                ));
            } else {
                t.push_str(&format!("{line}\n"));
            }
        }
        if self.guidance {
            t.push_str(&format!(
                "\n{}\n{}",
                p.paint(&bold, "Guidance"),
                wrap(&r.guidance, width, "  ")
            ));
            if !r.evidence.is_empty() {
                t.push_str(&format!("{}\n", p.paint(&bold, "Typical evidence")));
                for e in &r.evidence {
                    t.push_str(&format!("  • {e}\n"));
                }
            }
        }
        let hint = format!(
            "↑↓ move · 0-{} rate · Enter confirm · g guidance · ← back · → skip · c clause · q save & quit",
            c.scale.len() - 1
        );
        t.push_str(&format!("\n{}\n", p.paint(&dim, &hint)));
        if let Some(m) = &self.message {
            t.push_str(&format!("{}\n", p.paint(&Style::new().yellow(), m)));
        }
        self.term.clear_screen()?;
        self.term.write_str(&p.finish(&t, Form::Text))
    }

    fn input(&self, prompt: &str, initial: Option<&str>) -> Result<Option<String>> {
        let mut input = dialoguer::Input::<String>::new()
            .with_prompt(prompt)
            .allow_empty(true);
        if let Some(i) = initial {
            // Shown for editing as the questionnaire shows it: controls visibly.
            input = input.with_initial_text(crate::safe::visible(i));
        }
        let v = input
            .interact_text_on(&self.term)
            .map_err(|_| Error::Interrupted)?;
        let v = v.trim().to_string();
        Ok((!v.is_empty()).then_some(v))
    }
}

impl Prompter for TerminalPrompter {
    fn choose(&mut self, s: &Screen<'_>) -> Result<Choice> {
        let levels = s.catalogue.scale.len();
        let mut selected = match s.current.map(|a| a.rating) {
            Some(Rating::Level(l)) => l,
            _ => 0,
        };
        let io_err = |e: io::Error| {
            Error::io(
                "cannot use the terminal",
                std::path::Path::new("<terminal>"),
                e,
            )
        };
        let _ = self.term.hide_cursor();
        let result = loop {
            self.draw(s, selected).map_err(io_err)?;
            let key = match self.term.read_key() {
                Ok(key) => key,
                // Ctrl-C while the terminal is between raw reads arrives as SIGINT, which
                // interrupts the read: the same as Ctrl-C read as a key.
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                    return Err(Error::Interrupted);
                }
                Err(e) => return Err(io_err(e)),
            };
            self.message = None;
            match key {
                Key::ArrowUp | Key::Char('k') => {
                    selected = selected.checked_sub(1).unwrap_or(levels - 1)
                }
                Key::ArrowDown | Key::Char('j') => selected = (selected + 1) % levels,
                Key::Enter => break Choice::Rate(Rating::Level(selected)),
                Key::Char(d) if d.is_ascii_digit() => {
                    let n = d as usize - '0' as usize;
                    if n < levels {
                        break Choice::Rate(Rating::Level(n));
                    }
                    self.message = Some(format!("Levels are 0 to {}.", levels - 1));
                }
                Key::ArrowLeft | Key::Char('b') => break Choice::Back,
                Key::ArrowRight | Key::Char('s') => break Choice::Skip,
                Key::Char('g') | Key::Char('?') => self.guidance = !self.guidance,
                Key::Char('c') => {
                    let _ = self.term.show_cursor();
                    if let Some(id) = self.input("Jump to clause", None)? {
                        break Choice::Jump(id);
                    }
                }
                Key::Char('q') | Key::Escape => break Choice::Quit,
                Key::CtrlC => return Err(Error::Interrupted),
                _ => {}
            }
        };
        let _ = self.term.show_cursor();
        Ok(result)
    }

    fn text(&mut self, label: &str, current: Option<&str>) -> Result<Option<String>> {
        let _ = self.term.show_cursor();
        self.input(label, current)
    }

    fn say(&mut self, text: &str) {
        self.message = Some(text.to_string());
        let _ = self.term.write_line(&self.painter.finish(text, Form::Text));
    }
}
