//! The questionnaire in a real terminal: one screen per requirement, keys to rate and move,
//! fields edited in place.
//!
//! The terminal is held in raw mode on its alternate screen while the questionnaire runs,
//! with bracketed paste on, and given back as it was on every way out (the end, an error,
//! Ctrl-C). Every frame is laid out for the terminal's size and drawn whole from the top
//! left, each line cleared to its end: nothing scrolls, nothing from an earlier frame
//! stays, and the question is always on screen.
//!
//! Keys on a requirement's screen: ↑/↓ move, a digit rates at once, Enter confirms the
//! highlighted level, ← or `b` back, → or `s` skip, `g` guidance and typical evidence
//! (again: the next part, then hidden), `d` details (every other field of the answer),
//! `u` undo the last save, `c` jump to a clause, `q` save and quit. In a text field: Enter
//! gives it, Alt-Enter or Ctrl-J starts a new line (notes, gaps, recommendations), a paste
//! is taken whole, ←/→/↑/↓, Home/End (Ctrl-A/Ctrl-E), Ctrl-U/Ctrl-K delete to the start or
//! end of the line, Ctrl-W the word before the cursor, and Esc goes back to the rating
//! screen with nothing saved. Ctrl-C ends the program with exit code 130; every confirmed
//! answer is already on disk.

use super::editor::{Editor, Outcome};
use super::keys::{self, Bytes, Key};
use super::layout::{clip, clip_words, wrap, wrap_items};
use super::{Ask, Choice, Kind, Pick, Prompter, Reply, Screen};
use crate::assessment::{Rating, rating_id};
use crate::error::{Error, Result};
use crate::safe::{Form, Painter, visible};
use console::{Style, Term};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};
use rustix::termios::{OptionalActions, Termios, tcgetattr, tcsetattr};
use std::collections::VecDeque;
use std::io::{self, Write};
use std::os::fd::AsFd;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The terminal's settings before the questionnaire took it, for [`restore`].
static SAVED: Mutex<Option<Termios>> = Mutex::new(None);

/// Leaves the alternate screen, turns bracketed paste off and puts the terminal's settings
/// back as they were, if the questionnaire holds the terminal; otherwise does nothing.
/// Safe to call from a signal handler's thread (the Ctrl-C handler of `main`).
pub fn restore() {
    let saved = SAVED.lock().ok().and_then(|mut g| g.take());
    if let Some(t) = saved {
        let mut err = io::stderr();
        let _ = err.write_all(b"\x1b[?2004l\x1b[?25h\x1b[?1049l");
        let _ = err.flush();
        let _ = tcsetattr(io::stdin().as_fd(), OptionalActions::Drain, &t);
    }
}

/// Stdin in raw mode (output processing kept, so a line feed still returns the carriage),
/// read through a buffer.
#[derive(Debug)]
struct Tty {
    buffer: VecDeque<u8>,
}

impl Tty {
    fn open() -> io::Result<Tty> {
        let stdin = io::stdin();
        let original = tcgetattr(stdin.as_fd())?;
        let mut raw = original.clone();
        raw.make_raw();
        raw.output_modes = original.output_modes;
        if let Ok(mut g) = SAVED.lock() {
            *g = Some(original);
        }
        tcsetattr(stdin.as_fd(), OptionalActions::Drain, &raw)?;
        let mut err = io::stderr();
        err.write_all(b"\x1b[?1049h\x1b[?2004h")?;
        err.flush()?;
        Ok(Tty {
            buffer: VecDeque::new(),
        })
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        restore();
    }
}

impl Bytes for Tty {
    fn unread(&mut self, b: u8) {
        self.buffer.push_front(b);
    }

    fn next_byte(&mut self, wait: Option<Duration>) -> io::Result<Option<u8>> {
        if let Some(b) = self.buffer.pop_front() {
            return Ok(Some(b));
        }
        let stdin = io::stdin();
        let fd = stdin.as_fd();
        let timeout = wait
            .map(rustix::event::Timespec::try_from)
            .transpose()
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        loop {
            let mut fds = [rustix::event::PollFd::new(
                &fd,
                rustix::event::PollFlags::IN,
            )];
            match rustix::event::poll(&mut fds, timeout.as_ref()) {
                Ok(0) => return Ok(None),
                Ok(_) => break,
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        let mut chunk = [0u8; 4096];
        let n = loop {
            match rustix::io::read(fd, &mut chunk) {
                Ok(n) => break n,
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return Err(e.into()),
            }
        };
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        self.buffer.extend(&chunk[..n]);
        Ok(self.buffer.pop_front())
    }
}

/// A message for the person, and whether a frame has shown it yet.
#[derive(Debug)]
struct Message {
    text: String,
    seen: bool,
}

/// What the prompts after the rating show of the requirement: its screen's top part.
#[derive(Debug, Default, Clone)]
struct Header {
    file: String,
    answered: usize,
    total: usize,
    clause_path: String,
    id_line: String,
    question: String,
}

/// Drives the questionnaire with keys on the terminal (drawn on stderr).
#[derive(Debug)]
pub struct TerminalPrompter {
    tty: Tty,
    term: Term,
    painter: Painter,
    /// The part of the guidance shown (`None`: hidden), and whether more follows it.
    guidance: Option<usize>,
    guidance_more: bool,
    guidance_of: String,
    messages: Vec<Message>,
    header: Header,
    /// What was given since the rating, shown above the field being asked.
    round: Vec<(String, String)>,
}

/// Captures what indicatif draws, so the bar can sit inside our own screen.
#[derive(Debug, Clone, Default)]
struct Capture(Arc<Mutex<String>>, u16);

impl TermLike for Capture {
    fn width(&self) -> u16 {
        self.1
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
        // (once the line is as wide as the terminal those came last, and the progress line
        // vanished).
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

/// The progress bar and `12/345 answered (3%)` in at most `width` columns: the bar
/// shortens first, and below 40 columns only the count is left.
fn progress_line(answered: usize, total: usize, width: usize) -> String {
    let plain = format!("{answered}/{total} answered");
    let bar_width = width.saturating_sub(plain.len() + 8).min(40);
    if bar_width < 10 {
        return plain;
    }
    let capture = Capture(Arc::default(), width as u16);
    let bar = ProgressBar::with_draw_target(
        Some(total as u64),
        ProgressDrawTarget::term_like(Box::new(capture.clone())),
    );
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{{bar:{bar_width}.cyan/blue}} {{pos}}/{{len}} answered ({{percent}}%)"
    )) {
        bar.set_style(style.progress_chars("█▉▊▋▌▍▎▏ "));
    }
    bar.set_position(answered as u64);
    bar.force_draw();
    let line = capture.0.lock().map(|g| g.clone()).unwrap_or_default();
    if line.is_empty() || console::measure_text_width(&line) > width {
        plain
    } else {
        line
    }
}

/// How many rows of `block` fit in `room` rows, with a "more" line when they do not all
/// fit: the rows of part `part` (from 0), and whether another part follows.
fn part_of(block: &[String], room: usize, part: usize) -> (Vec<String>, bool) {
    if block.len() <= room {
        return (block.to_vec(), false);
    }
    let per = room.saturating_sub(1).max(1);
    let start = (part * per).min(block.len().saturating_sub(1));
    let end = (start + per).min(block.len());
    let mut rows = block[start..end].to_vec();
    let more = end < block.len();
    if more {
        rows.push(format!(
            "  … more: g for the next part (lines {}-{end} of {})",
            start + 1,
            block.len()
        ));
    }
    (rows, more)
}

impl TerminalPrompter {
    /// Takes the terminal: raw mode, the alternate screen, bracketed paste.
    pub fn new() -> Result<Self> {
        let tty = Tty::open().map_err(|e| {
            Error::io(
                "cannot use the terminal",
                std::path::Path::new("<terminal>"),
                e,
            )
        })?;
        Ok(TerminalPrompter {
            tty,
            term: Term::stderr(),
            painter: Painter::new(console::colors_enabled_stderr()),
            guidance: None,
            guidance_more: false,
            guidance_of: String::new(),
            messages: Vec::new(),
            header: Header::default(),
            round: Vec::new(),
        })
    }

    /// Rows and the widest line a frame may use (one column short of the terminal, so a
    /// full line never makes it wrap).
    fn size(&self) -> (usize, usize) {
        let (rows, cols) = self.term.size();
        (usize::from(rows).max(8), usize::from(cols).max(30) - 1)
    }

    fn paint(&self, style: &Style, text: &str) -> String {
        self.painter.paint(style, text)
    }

    /// Draws one frame: at most `height` rows, each cleared to its end, then the rest of
    /// the screen cleared, then the cursor shown at `cursor` (row, column) or hidden.
    fn show(&mut self, rows: &[String], cursor: Option<(usize, usize)>) -> Result<()> {
        let mut out = String::from("\x1b[?25l\x1b[H");
        for (n, row) in rows.iter().enumerate() {
            if n > 0 {
                out.push_str("\r\n");
            }
            out.push_str(&self.painter.finish(row, Form::Text));
            out.push_str("\x1b[K");
        }
        out.push_str("\x1b[J");
        if let Some((r, c)) = cursor {
            out.push_str(&format!("\x1b[{};{}H\x1b[?25h", r + 1, c + 1));
        }
        for m in &mut self.messages {
            m.seen = true;
        }
        let mut err = io::stderr();
        err.write_all(out.as_bytes())
            .and_then(|()| err.flush())
            .map_err(|e| {
                Error::io(
                    "cannot use the terminal",
                    std::path::Path::new("<terminal>"),
                    e,
                )
            })
    }

    /// The next key; [`Key::Other`] when the terminal changed size meanwhile, so that the
    /// frame is drawn again for the new size.
    fn key(&mut self) -> Result<Key> {
        let size = self.term.size();
        let mut read = || loop {
            match keys::read(&mut self.tty, Some(Duration::from_millis(250))) {
                Ok(Some(k)) => return Ok(k),
                Ok(None) if self.term.size() != size => return Ok(Key::Other),
                Ok(None) => {}
                Err(e) => return Err(e),
            }
        };
        match read() {
            Ok(Key::Interrupt) => Err(Error::Interrupted),
            Ok(k) => Ok(k),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(Error::Interrupted),
            Err(e) => Err(Error::io(
                "cannot use the terminal",
                std::path::Path::new("<terminal>"),
                e,
            )),
        }
    }

    /// A new prompt or screen: messages already shown are done with.
    fn turn(&mut self) {
        self.messages.retain(|m| !m.seen);
    }

    /// The top of every frame: the tool, the file, progress, the clause path, the id and
    /// the question.
    fn header_rows(&self, width: usize) -> Vec<String> {
        let h = &self.header;
        let dim = Style::new().dim();
        let bold = Style::new().bold();
        // The tool, the file and progress share the first row when they fit.
        let file = clip(&visible(&h.file), width.saturating_sub(40).max(10));
        let left = format!("iso20k assess  {file}  ");
        let room = width.saturating_sub(console::measure_text_width(&left));
        let title = format!(
            "{}  {}  ",
            self.paint(&bold, "iso20k assess"),
            self.paint(&dim, &file)
        );
        let mut rows = if room >= 40 {
            vec![format!(
                "{title}{}",
                self.painter
                    .adopt(&progress_line(h.answered, h.total, room))
            )]
        } else {
            vec![
                title,
                self.painter
                    .adopt(&progress_line(h.answered, h.total, width)),
            ]
        };
        for l in wrap(&visible(&h.clause_path), width, "", "") {
            rows.push(self.paint(&dim, &l));
        }
        rows.push(self.paint(&bold, &clip(&visible(&h.id_line), width)));
        rows.push(String::new());
        for l in wrap(&visible(&h.question), width, "  ", "  ") {
            rows.push(self.paint(&bold, &l));
        }
        rows
    }

    fn message_rows(&self, width: usize) -> Vec<String> {
        let warn = Style::new().yellow();
        self.messages
            .iter()
            .flat_map(|m| wrap(&visible(&m.text), width, "", "  "))
            .map(|l| self.paint(&warn, &l))
            .collect()
    }

    fn round_rows(&self, width: usize) -> Vec<String> {
        self.round
            .iter()
            .map(|(label, value)| {
                clip(
                    &format!("  {label}: {}", crate::safe::one_line(value)),
                    width,
                )
            })
            .collect()
    }

    /// The requirement's screen with `selected` highlighted, fitted to the terminal.
    fn draw(&mut self, s: &Screen<'_>, selected: usize) -> Result<()> {
        let (height, width) = self.size();
        let c = s.catalogue;
        let r = s.requirement;
        let dim = Style::new().dim();
        let bold = Style::new().bold();
        let mut top = self.header_rows(width);
        if !r.interview.is_empty() {
            let who = format!("Interview: {}", c.role_labels(r).join(", "));
            for l in wrap(&visible(&who), width, "  ", "    ") {
                top.push(self.paint(&dim, &l));
            }
        }
        if let Some(why) = s.current.and_then(|x| x.review.as_deref()) {
            top.extend(wrap(
                &visible(&format!("Review: {why}")),
                width,
                "  ",
                "    ",
            ));
        }

        let mut current = Vec::new();
        if let Some(cur) = s.current {
            current.push(clip(
                &format!("  Current answer: {}", rating_id(c, cur.rating)),
                width,
            ));
            for (label, value) in super::fields(c, cur) {
                current.push(clip(
                    &format!("    {label}: {}", crate::safe::one_line(&value)),
                    width,
                ));
            }
        }

        let label_width = c
            .scale
            .iter()
            .map(|l| l.label.chars().count())
            .max()
            .unwrap_or(0);
        let mut full = Vec::new();
        let mut compact = Vec::new();
        for (i, l) in c.scale.iter().enumerate() {
            let marker = if i == selected { "▸" } else { " " };
            let head = format!(
                " {marker} {i} {:<label_width$}  ",
                clip(&visible(&l.label), 30)
            );
            let indent = " ".repeat(console::measure_text_width(&head));
            let style = if i == selected {
                Style::new().cyan().bold()
            } else {
                Style::new()
            };
            let desc = visible(&l.description);
            for (n, line) in wrap(&desc, width, &head, &indent).into_iter().enumerate() {
                full.push(if i == selected || n > 0 || desc.is_empty() {
                    self.paint(&style, &line)
                } else {
                    let (h, d) = line.split_at(head.len().min(line.len()));
                    format!("{h}{}", self.paint(&dim, d))
                });
            }
            compact.push(self.paint(&style, &clip_words(&format!("{head}{desc}"), width)));
        }

        if self.guidance_of != r.id {
            self.guidance_of = r.id.clone();
            self.guidance = self.guidance.map(|_| 0);
        }
        let mut guidance = Vec::new();
        if self.guidance.is_some() {
            guidance.push(self.paint(&bold, "Guidance"));
            guidance.extend(wrap(&visible(&r.guidance), width, "  ", "  "));
            if !r.evidence.is_empty() {
                guidance.push(self.paint(&bold, "Typical evidence"));
                for e in &r.evidence {
                    guidance.extend(wrap(&visible(e), width, "  • ", "    "));
                }
            }
        }

        let items: Vec<String> = [
            "↑↓ move".to_string(),
            format!("0-{} rate", c.scale.len() - 1),
            "Enter confirm".into(),
            "g guidance".into(),
            "d details".into(),
            "u undo".into(),
            "← back".into(),
            "→ skip".into(),
            "c clause".into(),
            "q save & quit".into(),
        ]
        .to_vec();
        let hint: Vec<String> = wrap_items(&items, " · ", width)
            .iter()
            .map(|l| self.paint(&dim, l))
            .collect();
        let messages = self.message_rows(width);

        // Fit: the top (with the question) and the key hint always; the levels whole when
        // there is room, else one line each; then the current answer; the guidance gets
        // what is left, in parts.
        let blank = |v: &[String]| usize::from(!v.is_empty());
        let fixed = top.len() + 1 + hint.len() + messages.len() + 1;
        let wanted = fixed
            + full.len()
            + current.len()
            + blank(&current)
            + guidance.len()
            + blank(&guidance);
        let levels = if wanted <= height { full } else { compact };
        let mut room = height.saturating_sub(fixed + levels.len());
        let guidance_room = if guidance.is_empty() { 0 } else { room.min(4) };
        let current_room = room.saturating_sub(guidance_room);
        if current.len() + blank(&current) > current_room {
            let keep = current_room.saturating_sub(2);
            if keep == 0 {
                current.truncate(1.min(current_room));
                if let Some(first) = current.first_mut() {
                    *first = clip(&format!("{first} · d shows every field"), width);
                }
            } else {
                current.truncate(keep);
                current.push(clip("    … d shows every field", width));
            }
        }
        room = room.saturating_sub(current.len() + blank(&current));
        let (shown, more) = part_of(
            &guidance,
            room.saturating_sub(1),
            self.guidance.unwrap_or(0),
        );
        self.guidance_more = more;

        let mut rows = top;
        if !current.is_empty() {
            rows.push(String::new());
            rows.extend(current);
        }
        rows.push(String::new());
        rows.extend(levels);
        if !shown.is_empty() && room > 1 {
            rows.push(String::new());
            rows.extend(shown);
        }
        rows.push(String::new());
        rows.extend(hint);
        rows.extend(messages);
        rows.truncate(height);
        self.show(&rows, None)
    }

    /// A frame for a prompt after the rating: the header, what was given so far, the
    /// label, then `body` (the field or the choices) and `hint`. `cursor` is inside
    /// `body`; when the body does not fit, the rows around the cursor are shown.
    fn prompt_frame(
        &mut self,
        label: &str,
        body: &[String],
        cursor: Option<(usize, usize)>,
        hint: &[String],
    ) -> Result<()> {
        let (height, width) = self.size();
        let bold = Style::new().bold();
        let dim = Style::new().dim();
        let mut rows = self.header_rows(width);
        let mut round = self.round_rows(width);
        let labels: Vec<String> = wrap(&visible(label), width, "", "  ")
            .iter()
            .map(|l| self.paint(&bold, l))
            .collect();
        let hint: Vec<String> = wrap_items(hint, " · ", width)
            .iter()
            .map(|l| self.paint(&dim, l))
            .collect();
        let messages = self.message_rows(width);
        let fixed = rows.len() + 1 + labels.len() + 1 + hint.len() + messages.len();
        let body_room = height.saturating_sub(fixed).max(1);
        // What was given before yields to the field.
        let spare = body_room.saturating_sub(body.len());
        if round.len() + 1 > spare {
            let keep = spare.saturating_sub(1);
            round.drain(..round.len() - keep.min(round.len()));
        }
        let room = height
            .saturating_sub(fixed + round.len() + usize::from(!round.is_empty()))
            .max(1);
        let first = match cursor {
            Some((r, _)) if r >= room => r + 1 - room,
            _ => 0,
        };
        let shown: Vec<String> = body.iter().skip(first).take(room).cloned().collect();
        if !round.is_empty() {
            rows.push(String::new());
            rows.extend(round);
        }
        rows.push(String::new());
        rows.extend(labels);
        let at = rows.len();
        rows.extend(shown);
        rows.push(String::new());
        rows.extend(hint);
        rows.extend(messages);
        rows.truncate(height);
        let cursor = cursor
            .map(|(r, c)| (at + r - first, c))
            .filter(|(r, _)| *r < rows.len());
        self.show(&rows, cursor)
    }

    /// Edits a text field; `None` on Escape.
    fn edit(&mut self, label: &str, initial: Option<&str>, kind: Kind) -> Result<Option<String>> {
        self.turn();
        let mut e = Editor::new(&visible(initial.unwrap_or("")), kind == Kind::Lines);
        let mut hint: Vec<String> = vec!["Enter saves".into()];
        if kind == Kind::Lines {
            hint.push("Alt-Enter or Ctrl-J new line".into());
        }
        hint.push("Esc back, nothing saved".into());
        loop {
            let (_, width) = self.size();
            let (lines, (row, col)) = e.rows(width.saturating_sub(2));
            let body: Vec<String> = lines
                .iter()
                .enumerate()
                .map(|(n, l)| format!("{}{l}", if n == 0 { "› " } else { "  " }))
                .collect();
            self.prompt_frame(label, &body, Some((row, col + 2)), &hint)?;
            let mut key = self.key()?;
            if kind == Kind::List {
                // A list takes a paste's lines as its items.
                key = match key {
                    Key::Paste(p) => Key::Paste(
                        p.lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    Key::NewLine => Key::Paste("; ".into()),
                    k => k,
                };
            }
            match e.key(&key) {
                Outcome::Editing => {}
                Outcome::Done => {
                    // Unchanged: the value as it was, not as it was shown (a control
                    // character shown as `\x1b` stays the character).
                    let initial = initial.unwrap_or("");
                    if e.text().trim() == visible(initial).trim() {
                        return Ok(Some(initial.trim().to_string()));
                    }
                    // Blanks at the ends of lines are invisible, and they would keep a note
                    // from being saved as a readable block.
                    let text: String = e
                        .text()
                        .split('\n')
                        .map(str::trim_end)
                        .collect::<Vec<_>>()
                        .join("\n");
                    return Ok(Some(text.trim().to_string()));
                }
                Outcome::Cancel => return Ok(None),
            }
        }
    }
}

impl Drop for TerminalPrompter {
    fn drop(&mut self) {
        restore();
        // What was said last (how many answers were saved) stays on the terminal.
        let painter = Painter::new(false);
        let mut err = io::stderr();
        for m in self.messages.iter().filter(|m| !m.seen) {
            let _ = writeln!(err, "{}", painter.finish(&m.text, Form::Text));
        }
    }
}

impl TerminalPrompter {
    /// Records what a field was given, for the frames after it (a field asked again, as a
    /// date that was not one, shows its last value).
    fn given(&mut self, label: &str, value: String) {
        let name = label.split(" (").next().unwrap_or(label).to_string();
        self.round.retain(|(n, _)| *n != name);
        self.round.push((name, value));
    }
}

impl Prompter for TerminalPrompter {
    fn choose(&mut self, s: &Screen<'_>) -> Result<Choice> {
        self.turn();
        self.round.clear();
        let r = s.requirement;
        self.header = Header {
            file: s.file.to_string(),
            answered: s.answered,
            total: s.total,
            clause_path: s.clause_path.clone(),
            id_line: format!(
                "{}{}   ({} of {})",
                r.id,
                match r.documented {
                    Some(crate::catalogue::Documented::Document) => "  [document]",
                    Some(crate::catalogue::Documented::Record) => "  [records]",
                    None => "",
                },
                s.position,
                s.total
            ),
            question: r.question.clone(),
        };
        let levels = s.catalogue.scale.len();
        let mut selected = match s.current.map(|a| a.rating) {
            Some(Rating::Level(l)) => l,
            _ => 0,
        };
        loop {
            self.draw(s, selected)?;
            let key = self.key()?;
            if key != Key::Other {
                self.messages.clear();
            }
            let choice = match key {
                Key::Up | Key::Char('k') => {
                    selected = selected.checked_sub(1).unwrap_or(levels - 1);
                    None
                }
                Key::Down | Key::Char('j') => {
                    selected = (selected + 1) % levels;
                    None
                }
                Key::Enter => Some(Choice::Rate(Rating::Level(selected))),
                Key::Char(d) if d.is_ascii_digit() => {
                    let n = d as usize - '0' as usize;
                    if n < levels {
                        Some(Choice::Rate(Rating::Level(n)))
                    } else {
                        self.say(&format!("Levels are 0 to {}.", levels - 1));
                        None
                    }
                }
                Key::Left | Key::Char('b') => Some(Choice::Back),
                Key::Right | Key::Char('s') => Some(Choice::Skip),
                Key::Char('g' | '?') => {
                    self.guidance = match self.guidance {
                        None => Some(0),
                        Some(part) if self.guidance_more => Some(part + 1),
                        Some(_) => None,
                    };
                    None
                }
                Key::Char('d') => Some(Choice::Details),
                Key::Char('u') => Some(Choice::Undo),
                Key::Char('c') => self
                    .edit("Jump to clause (8.5.1)", None, Kind::Line)?
                    .filter(|id| !id.trim().is_empty())
                    .map(Choice::Jump),
                Key::Char('q') => Some(Choice::Quit),
                Key::Escape => {
                    if self.guidance.take().is_none() {
                        self.say("Esc leaves a field or the guidance; q saves and quits.");
                    }
                    None
                }
                Key::Paste(_) => {
                    self.say("Nothing pasted: rate first, then paste into the note.");
                    None
                }
                _ => None,
            };
            if let Some(choice) = choice {
                if let Choice::Rate(rating) = &choice {
                    self.round = vec![(
                        "Rating".to_string(),
                        rating_id(s.catalogue, *rating).to_string(),
                    )];
                }
                return Ok(choice);
            }
        }
    }

    fn text(&mut self, ask: &Ask<'_>) -> Result<Reply<Option<String>>> {
        Ok(match self.edit(ask.label, ask.current, ask.kind)? {
            None => Reply::Back,
            Some(v) => {
                let v = (!v.trim().is_empty()).then_some(v);
                self.given(ask.label, v.clone().unwrap_or_else(|| "—".into()));
                Reply::Given(v)
            }
        })
    }

    fn pick(&mut self, pick: &Pick<'_>) -> Result<Reply<Option<usize>>> {
        self.turn();
        let n = pick.options.len();
        // Position `n` is "none".
        let count = n + usize::from(pick.none.is_some());
        if count == 0 {
            return Ok(Reply::Given(None));
        }
        let mut selected = pick
            .current
            .unwrap_or(if pick.none.is_some() { n } else { 0 });
        let mut hint: Vec<String> = vec![
            "↑↓ move".into(),
            format!("0-{} or Enter choose", n.saturating_sub(1)),
        ];
        if pick.none.is_some() {
            hint.push("- none".into());
        }
        hint.push("Esc back, nothing saved".into());
        loop {
            let (_, width) = self.size();
            let hot = Style::new().cyan().bold();
            let mut body = Vec::new();
            for (i, o) in pick.options.iter().enumerate() {
                let marker = if i == selected { "▸" } else { " " };
                let line = clip(&format!(" {marker} {i} {}", visible(&o.label)), width);
                body.push(if i == selected {
                    self.paint(&hot, &line)
                } else {
                    line
                });
            }
            if let Some(none) = pick.none {
                let marker = if selected == n { "▸" } else { " " };
                let line = clip(&format!(" {marker} - {}", visible(none)), width);
                body.push(if selected == n {
                    self.paint(&hot, &line)
                } else {
                    line
                });
            }
            self.prompt_frame(pick.label, &body, None, &hint)?;
            let chosen = match self.key()? {
                Key::Up | Key::Char('k') => {
                    selected = selected.checked_sub(1).unwrap_or(count - 1);
                    None
                }
                Key::Down | Key::Char('j') => {
                    selected = (selected + 1) % count;
                    None
                }
                Key::Enter => Some(selected),
                Key::Char(d) if d.is_ascii_digit() && (d as usize - '0' as usize) < n => {
                    Some(d as usize - '0' as usize)
                }
                Key::Char('-') if pick.none.is_some() => Some(n),
                Key::Escape => return Ok(Reply::Back),
                _ => None,
            };
            if let Some(i) = chosen {
                let value = if i < n { Some(i) } else { None };
                let shown = value.map_or_else(
                    || pick.none.unwrap_or("—").to_string(),
                    |i| pick.options[i].label.clone(),
                );
                self.given(pick.label, shown);
                return Ok(Reply::Given(value));
            }
        }
    }

    fn say(&mut self, text: &str) {
        self.messages.push(Message {
            text: text.to_string(),
            seen: false,
        });
    }
}
