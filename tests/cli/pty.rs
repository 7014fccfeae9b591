//! The real questionnaire in a pseudo-terminal of a set size (80x24, 120x40), its screen
//! read through a terminal emulator (vt100) as a person would see it. Every pause waits
//! for the screen to show what is expected, with a timeout (a hang fails the test).

use super::support::*;
use rexpect::process::{PtyProcess, WaitStatus};
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const DOWN: &str = "\x1b[B";
const ESC: &str = "\x1b";
const TIMEOUT: Duration = Duration::from_secs(15);

/// A terminal emulator fed with everything the program writes, and those bytes as written.
#[derive(Clone)]
struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    bytes: Arc<Mutex<Vec<u8>>>,
}

impl Screen {
    /// The screen's text, one line per row, blanks at the ends of rows removed.
    fn text(&self) -> String {
        let p = self.parser.lock().unwrap();
        let (_, cols) = p.screen().size();
        p.screen()
            .rows(0, cols.get())
            .map(|r| r.trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Everything written so far, as bytes.
    fn written(&self) -> Vec<u8> {
        self.bytes.lock().unwrap().clone()
    }
}

/// Waits until the screen's text satisfies `predicate`, and returns that text; fails with
/// the screen as it last was after `timeout`.
fn wait_for(screen: &Screen, predicate: impl Fn(&str) -> bool, timeout: Duration) -> String {
    let mut last = String::new();
    let ok = eventually(timeout, || {
        last = screen.text();
        predicate(&last)
    });
    assert!(ok, "the screen never showed what was expected:\n{last}");
    last
}

/// iso20k in a pseudo-terminal of `rows` x `cols`.
struct Tty {
    process: PtyProcess,
    input: std::fs::File,
    screen: Screen,
}

impl Tty {
    fn open(dir: &Path, args: &[&str], rows: u16, cols: u16) -> Tty {
        // The size is set on the terminal before iso20k starts, by the shell it replaces.
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!(
                "stty rows {rows} cols {cols} && exec \"$0\" \"$@\""
            ))
            .arg(bin())
            .args(args);
        let plain = command(dir);
        c.env_clear();
        for (k, v) in plain.get_envs() {
            if let Some(v) = v {
                c.env(k, v);
            }
        }
        c.env("TERM", "xterm").current_dir(dir);
        let mut process = PtyProcess::new(c).expect("spawn in a pty");
        process.set_kill_timeout(Some(5_000));
        let input = process.get_file_handle().expect("the pty");
        let mut output = process.get_file_handle().expect("the pty");
        let screen = Screen {
            parser: Arc::new(Mutex::new(vt100::Parser::new(
                rows.try_into().unwrap(),
                cols.try_into().unwrap(),
                0,
            ))),
            bytes: Arc::default(),
        };
        let feed = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            // Ends when the program has ended (the pty reads EIO then).
            while let Ok(n) = output.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.parser.lock().unwrap().process(&buf[..n]);
                feed.bytes.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Tty {
            process,
            input,
            screen,
        }
    }

    /// `iso20k assess a.yaml` and extra arguments.
    fn assess(dir: &Path, extra: &[&str], rows: u16, cols: u16) -> Tty {
        let mut args = vec!["assess", "a.yaml"];
        args.extend(extra);
        Tty::open(dir, &args, rows, cols)
    }

    /// Types `keys`.
    fn keys(&mut self, keys: &str) {
        self.input.write_all(keys.as_bytes()).unwrap();
        self.input.flush().unwrap();
    }

    /// Waits for `text` on the screen and returns the screen.
    fn sees(&self, text: &str) -> String {
        wait_for(&self.screen, |s| s.contains(text), TIMEOUT)
    }

    /// Waits for a requirement's screen (the key hint at its foot) showing `text`.
    fn at(&self, text: &str) -> String {
        wait_for(
            &self.screen,
            |s| s.contains(text) && s.contains("q save & quit"),
            TIMEOUT,
        )
    }

    /// Waits for a field whose label starts with `label` (the field's hint at its foot).
    fn field(&self, label: &str) -> String {
        wait_for(
            &self.screen,
            |s| s.contains("Enter saves") && s.lines().any(|l| l.starts_with(label)),
            TIMEOUT,
        )
    }

    /// Waits for a choice among values labelled `label`.
    fn choice(&self, label: &str) -> String {
        wait_for(
            &self.screen,
            |s| s.contains("or Enter choose") && s.lines().any(|l| l.starts_with(label)),
            TIMEOUT,
        )
    }

    /// Waits for the program to end and returns its exit code.
    fn exit_code(&mut self) -> i32 {
        match self.process.wait().expect("wait") {
            WaitStatus::Exited(_, code) => code,
            other => panic!("not a normal exit: {other:?}"),
        }
    }

    /// `q`, then the exit code, which must be 0.
    fn quit(&mut self) {
        self.keys("q");
        assert_eq!(self.exit_code(), 0, "{}", self.screen.text());
    }
}

fn read(d: &Path) -> String {
    std::fs::read_to_string(d.join("a.yaml")).unwrap()
}

/// The block of requirement `id` in the assessment file.
fn block(d: &Path, id: &str) -> String {
    read(d)
        .split("\n\n")
        .find(|b| b.trim_start().starts_with(&format!("{id}:")))
        .unwrap_or_else(|| panic!("no block for {id}"))
        .to_string()
}

/// Rates the requirement on screen at the top level and leaves note and evidence empty.
fn rate_full(t: &mut Tty) {
    t.keys("4");
    t.field("Note");
    t.keys("\r");
    t.field("Evidence");
    t.keys("\r");
}

#[test]
fn answer_with_digits_and_arrows_go_back_quit_and_resume() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let mut t = Tty::assess(d, &[], 40, 120);
    t.at("(1 of 345)");
    // A digit rates at once; then note, evidence and, below full, an action.
    t.keys("3");
    t.field("Note");
    t.keys("Context analysis seen, dated last year\r");
    t.field("Evidence");
    t.keys("Context analysis v3@2025-10-01; Board minutes\r");
    t.field("Action");
    t.keys("Refresh the context analysis\r");
    t.field("Owner");
    t.keys("Quality lead\r");
    t.field("Due date");
    t.keys("2027-01-31\r");
    // Arrow keys move the highlight; Enter confirms.
    t.at("(2 of 345)");
    t.keys(DOWN);
    t.keys(DOWN);
    t.keys("\r");
    t.field("Note");
    t.keys("\r");
    t.field("Evidence");
    t.keys("\r");
    t.field("Action");
    t.keys("\r");
    // Guidance on request, then back to the previous requirement, which shows its answer.
    t.at("(3 of 345)");
    t.keys("g");
    t.at("Typical evidence");
    t.keys("b");
    let s = t.at("Current answer: partial");
    assert!(s.contains("(2 of 345)"), "{s}");
    t.quit();
    assert!(
        t.sees("2 answer(s) saved to a.yaml")
            .contains("2 answer(s)")
    );

    insta::assert_snapshot!("pty_first_answer", block(d, "4.1-4"));
    assert!(read(d).contains("  4.1-3:\n    rating: partial\n"));

    // Run again: it resumes at the first unanswered requirement, answers intact.
    let text = read(d);
    let mut t = Tty::assess(d, &[], 40, 120);
    let s = t.at("(3 of 345)");
    assert!(s.contains("2/345 answered"), "{s}");
    t.quit();
    assert_eq!(read(d), text);
}

#[test]
fn ctrl_c_exits_130_with_confirmed_answers_saved_and_the_terminal_given_back() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let mut t = Tty::assess(d, &[], 24, 80);
    t.at("(1 of 345)");
    t.keys("4");
    t.field("Note");
    t.keys("All in place\r");
    t.field("Evidence");
    t.keys("\r");
    t.at("(2 of 345)");
    t.keys("\x03");
    t.sees("interrupted");
    assert_eq!(t.exit_code(), 130);
    assert!(
        block(d, "4.1-4").contains("  4.1-4:\n    rating: full\n    note: All in place\n"),
        "{}",
        read(d)
    );
    assert!(!d.join(".a.yaml.lock").exists(), "no lock file left");
    // Bracketed paste is off and the alternate screen left again.
    let p = t.screen.parser.lock().unwrap();
    assert!(!p.screen().bracketed_paste());
    assert!(!p.screen().alternate_screen());
}

#[test]
fn the_screen_shows_a_files_escape_sequences_without_obeying_them() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let r = run_in(
        d,
        &[
            "answer",
            "a.yaml",
            "4.1-4",
            "partial",
            "--note",
            "seen\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut t = Tty::assess(d, &["--clause", "4.1", "--review"], 40, 120);
    let s = t.at("Current answer: partial");
    assert!(
        s.contains("Note: seen\\x1b]0;pwned\\x07\\x1b[2J\\u{202e}"),
        "{s}"
    );
    let written = String::from_utf8_lossy(&t.screen.written()).into_owned();
    for raw in ["\u{1b}]0;pwned", "\u{7}", "\u{202e}"] {
        assert!(!written.contains(raw), "{raw:?} reached the terminal");
    }
    t.quit();
}

#[test]
fn changes_made_while_assess_is_open_are_kept() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let mut t = Tty::assess(d, &[], 24, 80);
    t.at("(1 of 345)");
    // No lock is held while the person thinks: another shell's `answer` goes through at once.
    assert!(
        !d.join(".a.yaml.lock").exists(),
        "no lock while waiting for a key"
    );
    let r = run_in(
        d,
        &[
            "answer",
            "a.yaml",
            "4.1-3",
            "partial",
            "--note",
            "from the other shell",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // And a hand edit of the header.
    std::fs::write(
        d.join("a.yaml"),
        read(d).replace("Acme Hosting Ltd", "Acme Hosting plc"),
    )
    .unwrap();
    rate_full(&mut t);
    // 4.1-3, second in the catalogue, is answered now: the next unanswered is third.
    t.at("(3 of 345)");
    t.quit();
    let text = read(d);
    assert!(text.contains("  4.1-4:\n    rating: full\n"), "{text}");
    assert!(
        text.contains("note: from the other shell"),
        "the other shell's answer: {text}"
    );
    assert!(
        text.contains("organization: Acme Hosting plc"),
        "the hand edit: {text}"
    );
    assert!(
        !d.join(".a.yaml.lock").exists(),
        "no lock file left after q"
    );
}

#[test]
fn a_conflict_on_the_same_requirement_is_shown_and_the_person_chooses() {
    for (choice, kept) in [
        ("n", "rating: none\n    note: theirs"),
        ("y", "rating: full\n"),
    ] {
        let tmp = tempdir();
        let d = tmp.path();
        init(d, "a.yaml", None);
        let mut t = Tty::assess(d, &[], 40, 120);
        t.at("(1 of 345)");
        let r = run_in(
            d,
            &["answer", "a.yaml", "4.1-4", "none", "--note", "theirs"],
            None,
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        rate_full(&mut t);
        let s = t.field("Keep yours (y) or take the file's (n)");
        assert!(
            s.contains(
                "4.1-4 was changed in the file since this screen was shown; it now says: none — theirs."
            ),
            "{s}"
        );
        // Clear the offered `y` first, then type the choice.
        t.keys("\u{7f}");
        t.keys(&format!("{choice}\r"));
        t.at("of 345)");
        t.quit();
        let text = read(d);
        assert!(
            text.contains(&format!("  4.1-4:\n    {kept}")),
            "{choice}: {text}"
        );
    }
}

#[test]
fn progress_stays_visible_past_ten_answers_and_back_walks_past_where_the_run_started() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let text = read(d);
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("  ")?.strip_suffix(": ~"))
        .take(12)
        .collect();
    for id in &ids {
        let r = run_in(d, &["answer", "a.yaml", id, "full"], None);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    for (rows, cols) in [(24, 80), (40, 120)] {
        let mut t = Tty::assess(d, &[], rows, cols);
        let s = t.at("(13 of 345)");
        assert!(s.contains("12/345 answered"), "{cols}: {s}");
        // Back goes to the requirement before in the catalogue, answered in an earlier run.
        t.keys("b");
        let s = t.at("(12 of 345)");
        assert!(s.contains("12/345 answered"), "{cols}: {s}");
        t.quit();
    }
}

#[test]
fn a_pasted_note_of_three_lines_is_one_note_and_editing_keys_work() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let mut t = Tty::assess(d, &[], 24, 80);
    t.at("(1 of 345)");
    t.keys("2");
    t.field("Note");
    // A paste as a terminal sends it in bracketed paste mode, CR LF line ends and all.
    assert!(t.screen.parser.lock().unwrap().screen().bracketed_paste());
    t.keys("\x1b[200~Context analysis seen\r\nnot reviewed since 2024\r\nowner left\x1b[201~");
    // Alt-Enter and Ctrl-J start new lines.
    t.keys("\x1b\rfourth line\nfifth");
    let s = t.sees("fifth");
    assert!(s.contains("› Context analysis seen\n  not reviewed since 2024\n  owner left\n  fourth line\n  fifth"), "{s}");
    t.keys("\r");
    // The paste did not spill into the next fields.
    let s = t.field("Evidence");
    assert!(
        !s.lines().any(|l| l.starts_with("› ") && l.len() > 2),
        "{s}"
    );
    // Ctrl-W, Home, End, Ctrl-A, Ctrl-E, Ctrl-U in a one-line field.
    t.keys("Policy draft v1");
    t.keys("\x17\x17v2");
    t.keys("\x1b[H\"\x1b[F\"");
    t.keys("\x01\x05 @2026-01-05");
    t.sees("\"Policy v2\" @2026-01-05");
    t.keys("\x15Board minutes v2\r");
    t.field("Action");
    // A long line wraps inside the field, never drawn twice.
    let long = "Write the context review procedure and have the management team approve it at their next meeting";
    t.keys(long);
    let s = t.sees("next meeting");
    assert_eq!(
        s.lines().filter(|l| l.starts_with("Action")).count(),
        1,
        "{s}"
    );
    assert!(s.lines().all(|l| l.chars().count() < 80), "{s}");
    t.keys("\r");
    t.field("Owner");
    t.keys("\r");
    t.field("Due date");
    t.keys("\r");
    t.at("(2 of 345)");
    t.quit();
    let b = block(d, "4.1-4");
    assert!(
        b.contains(
            "    note: |-\n      Context analysis seen\n      not reviewed since 2024\n      owner left\n      fourth line\n      fifth\n"
        ),
        "{b}"
    );
    assert!(b.contains("    evidence:\n    - Board minutes v2\n"), "{b}");
    assert!(b.contains(&format!("      what: {long}\n")), "{b}");
    assert!(!b.contains("200~"), "{b}");
    // Read back by the loader, and by a second YAML reader (libyaml's, through yaml_serde;
    // PyYAML reads the writer's block scalars in the hostile-input suite).
    let r = run_in(d, &["score", "a.yaml"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(d.join("a.yaml")).unwrap()).unwrap();
    assert_eq!(
        doc["answers"]["4.1-4"]["note"].as_str(),
        Some("Context analysis seen\nnot reviewed since 2024\nowner left\nfourth line\nfifth")
    );
}

#[test]
fn escape_after_the_rating_returns_to_the_rating_screen_with_nothing_saved() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let before = read(d);
    let mut t = Tty::assess(d, &[], 24, 80);
    t.at("(1 of 345)");
    // A mis-keyed rating: Escape in the note.
    t.keys("0");
    t.field("Note");
    t.keys("oops");
    t.keys(ESC);
    let s = t.at("Nothing saved for 4.1-4.");
    assert!(s.contains("(1 of 345)"), "{s}");
    // Escape in a later field, the due date, too.
    t.keys("1");
    t.field("Note");
    t.keys("seen\r");
    t.field("Evidence");
    t.keys("\r");
    t.field("Action");
    t.keys("fix\r");
    t.field("Owner");
    t.keys("\r");
    t.field("Due date");
    t.keys(ESC);
    let s = t.at("Nothing saved for 4.1-4.");
    assert!(s.contains("(1 of 345)"), "{s}");
    assert_eq!(read(d), before, "nothing written");
    // An old message is gone once the screen changes.
    t.keys("s");
    let s = t.at("(2 of 345)");
    assert!(!s.contains("Nothing saved"), "{s}");
    t.quit();
    assert_eq!(read(d), before);
}

#[test]
fn undo_takes_back_the_last_saves_one_by_one() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let r = run_in(
        d,
        &["answer", "a.yaml", "4.1-4", "partial", "--note", "before"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut t = Tty::assess(d, &["--review"], 40, 120);
    t.at("(1 of 345)");
    rate_full(&mut t);
    t.at("(2 of 345)");
    t.keys("3");
    t.field("Note");
    t.keys("\r");
    t.field("Evidence");
    t.keys("\r");
    t.field("Action");
    t.keys("\r");
    t.at("(3 of 345)");
    assert!(read(d).contains("  4.1-3:\n    rating: largely\n"));
    // The last save first: 4.1-3 goes back to unanswered, and its screen is shown.
    t.keys("u");
    let s = t.at("Undone: 4.1-3 is unanswered.");
    assert!(s.contains("(2 of 345)"), "{s}");
    assert!(read(d).contains("  4.1-3: ~\n"), "{}", read(d));
    // Then 4.1-4 back to what it was before this run.
    t.keys("u");
    let s = t.at("Undone: 4.1-4 is partial as before.");
    assert!(s.contains("(1 of 345)"), "{s}");
    assert!(s.contains("Note: before"), "{s}");
    t.keys("u");
    t.at("Nothing to undo");
    t.quit();
    assert!(
        block(d, "4.1-4").contains("  4.1-4:\n    rating: partial\n    note: before\n"),
        "{}",
        read(d)
    );
}

#[test]
fn every_field_is_reachable_from_the_details_key_and_shown() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let text = read(d);
    let ids: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("  8.5.3-")?.strip_suffix(": ~"))
        .map(|n| format!("8.5.3-{n}"))
        .collect();
    let id = ids[0].as_str();
    let r = run_in(
        d,
        &[
            "answer",
            "a.yaml",
            id,
            "partial",
            "--action",
            "Fix it",
            "--owner",
            "Ann",
            "--due",
            "2027-01-31",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut t = Tty::assess(d, &["--clause", "8.5.3", "--review"], 40, 120);
    t.at("Current answer: partial");
    t.keys("d");
    t.choice("Finding");
    t.keys("0");
    t.choice("Operated by");
    t.keys("3");
    t.field("Gap");
    t.keys("No review of the plan since the merger\r");
    t.field("Recommendation");
    t.keys("\x1b[200~Review the plan yearly\nand after each merger\x1b[201~\r");
    let s = t.field("Action");
    assert!(s.contains("› Fix it"), "the current value offered: {s}");
    t.keys("\r");
    t.field("Owner");
    t.keys("\r");
    t.field("Due date");
    t.keys("\r");
    t.choice("Action status");
    t.keys("1");
    t.choice("Action target");
    t.keys("3");
    t.field("Interviewees");
    t.keys("Ann Lee; Bob Roe\r");
    t.choice("Method");
    t.keys("0");
    t.field("Assessor");
    t.keys("Lee\r");
    let s = t.at(&format!("Saved the details of {id}."));
    for shown in [
        "Finding: major nonconformity (override)",
        "Operated by: External supplier",
        "Gap: No review of the plan since the merger",
        "Recommendation: Review the plan yearly (+1 more line)",
        "Action: Fix it · owner Ann · due 2027-01-31 · in-progress · target largely",
        "Interviewees: Ann Lee; Bob Roe",
        "Method: interview",
        "Assessor: Lee",
    ] {
        assert!(s.contains(shown), "{shown}: {s}");
    }
    // Escape in the details saves nothing either.
    let saved = read(d);
    t.keys("d");
    t.choice("Finding");
    t.keys(ESC);
    t.at(&format!("Nothing saved for {id}."));
    assert_eq!(read(d), saved);
    // Details belong to an answer: the next requirement has none yet.
    t.keys("s");
    t.at(&format!("{}   (", ids[1]));
    t.keys("d");
    t.at(&format!("Rate {} first", ids[1]));
    t.quit();
    let b = block(d, id);
    for line in [
        "    finding: major\n",
        "    operated_by: external-supplier\n",
        "    gap: No review of the plan since the merger\n",
        "    recommendation: |-\n      Review the plan yearly\n      and after each merger\n",
        "      status: in-progress\n      target: largely\n",
        "    assessor: Lee\n",
        "    method: interview\n",
    ] {
        assert!(b.contains(line), "{line}: {b}");
    }
    assert!(b.contains("Ann Lee") && b.contains("Bob Roe"), "{b}");
    let r = run_in(d, &["score", "a.yaml"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_party_is_not_offered_where_the_organization_must_meet_the_requirement_itself() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let r = run_in(d, &["answer", "a.yaml", "4.1-4", "full"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut t = Tty::assess(d, &["--review"], 24, 80);
    t.at("(1 of 345)");
    t.keys("d");
    t.choice("Finding");
    t.keys("-");
    // Straight to the gap: no "Operated by" for clause 4.
    t.field("Gap");
    t.keys(ESC);
    t.at("Nothing saved for 4.1-4.");
    t.quit();
}

/// The words of `text` are whole words of the screen: none was cut by a line break.
fn whole_words(screen: &str, text: &str) -> Vec<String> {
    let shown: std::collections::HashSet<&str> = screen.split_whitespace().collect();
    text.split_whitespace()
        .filter(|w| !shown.contains(w))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_screen_wraps_at_word_boundaries_and_fits_80x24_and_120x40() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let catalogue = run_in(
        d,
        &["catalogue", "show", "8.3.4.2-1", "--format", "json"],
        None,
    );
    assert_eq!(catalogue.code, 0, "{}", catalogue.stderr);
    let question =
        serde_json::from_str::<serde_json::Value>(&catalogue.stdout).unwrap()["question"]
            .as_str()
            .unwrap()
            .to_string();
    for (rows, cols) in [(24u16, 80u16), (40, 120)] {
        let mut t = Tty::assess(d, &["--clause", "8.3.4.2"], rows, cols);
        let s = t.at("(169 of 345)");
        let lines: Vec<&str> = s.lines().collect();
        assert!(lines.len() <= usize::from(rows));
        for l in &lines {
            assert!(
                l.chars().count() < usize::from(cols),
                "{cols}: too wide: {l}"
            );
        }
        for text in [
            question.as_str(),
            "Nothing is in place, or what exists is not used.",
            "Defined and in use in places, with clear gaps in coverage, records or control.",
            "Operation of the service management system",
            "q save & quit",
        ] {
            let cut = whole_words(&s, text);
            assert!(cut.is_empty(), "{cols}: cut words {cut:?}:\n{s}");
        }
        // The key hint wraps between its items, never inside one.
        assert!(s.lines().any(|l| l.contains("0-4 rate")), "{s}");
        // An error is shown, then gone once the screen changes.
        t.keys("9");
        t.at("Levels are 0 to 4.");
        t.keys("s");
        let s = t.at("(170 of 345)");
        assert!(!s.contains("Levels are"), "{s}");
        t.quit();
    }
}

#[test]
fn the_question_stays_visible_with_long_guidance_at_80x24() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let r = run_in(d, &["catalogue", "show", "4.1-3", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let question = v["question"].as_str().unwrap();
    let first_words: String = question
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    let mut t = Tty::assess(d, &["--clause", "4.1", "--review"], 24, 80);
    t.at("(1 of 345)");
    t.keys("s");
    t.at("(2 of 345)");
    t.keys("g");
    let s = t.at("… more");
    assert!(s.contains("Guidance"), "{s}");
    assert!(s.contains(&first_words), "the question is on screen: {s}");
    assert!(s.contains("(2 of 345)"), "{s}");
    assert_eq!(s.lines().count(), 24, "{s}");
    // The next part, the question still there.
    t.keys("g");
    let s = wait_for(
        &t.screen,
        |s| s.contains("Typical evidence") && s.contains("q save & quit"),
        TIMEOUT,
    );
    assert!(s.contains(&first_words), "{s}");
    t.quit();
}
