//! The real questionnaire in a pseudo-terminal: keys, digits, details, back, quit, resume,
//! and Ctrl-C. Each expectation times out (a hang fails the test).

use super::support::*;
use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};
use std::process::Command;
use std::time::Duration;

const DOWN: &str = "\x1b[B";

fn spawn(dir: &std::path::Path, file: &str) -> PtySession {
    let mut c = command(dir);
    c.env("TERM", "xterm").args(["assess", file]);
    spawn_command(c, Some(15_000)).expect("spawn in a pty")
}

/// Waits for a whole screen, then until the program reads keys: it draws the screen and
/// only then puts the terminal in raw mode to wait for one key, and a key typed before
/// that meets the terminal in line mode.
fn screen(p: &mut PtySession, marker: &str) {
    p.exp_string(marker).unwrap();
    p.exp_string("q save & quit").unwrap();
    assert!(
        eventually(Duration::from_secs(15), || raw(p)),
        "the terminal went to raw mode for a key after `{marker}`"
    );
}

/// Whether the program's terminal is in raw mode (no line editing): `stty` reads the
/// settings of the terminal through its master side.
fn raw(p: &PtySession) -> bool {
    let master = p.process().get_file_handle().expect("the pty");
    let out = Command::new("stty")
        .arg("-a")
        .stdin(master)
        .output()
        .expect("run stty");
    assert!(out.status.success(), "stty: {out:?}");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .any(|flag| flag == "-icanon")
}

/// Types keys (rexpect buffers until flushed).
fn key(p: &mut PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
}

/// Types a line and Enter.
fn line(p: &mut PtySession, text: &str) {
    p.send_line(text).unwrap();
    p.flush().unwrap();
}

fn exit_code(p: &mut PtySession) -> i32 {
    match p.process_mut().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("not a normal exit: {other:?}"),
    }
}

#[test]
fn answer_with_digits_and_arrows_go_back_quit_and_resume() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let mut p = spawn(d, "a.yaml");
    screen(&mut p, "(1 of 345)");
    // A digit rates at once; then note, evidence and, below full, an action.
    key(&mut p, "3");
    p.exp_string("Note").unwrap();
    line(&mut p, "Context analysis seen, dated last year");
    p.exp_string("Evidence").unwrap();
    line(&mut p, "Context analysis v3@2025-10-01; Board minutes");
    p.exp_string("Action").unwrap();
    line(&mut p, "Refresh the context analysis");
    p.exp_string("Owner").unwrap();
    line(&mut p, "Quality lead");
    p.exp_string("Due date").unwrap();
    line(&mut p, "2027-01-31");
    // Arrow keys move the highlight; Enter confirms.
    screen(&mut p, "(2 of 345)");
    key(&mut p, DOWN);
    key(&mut p, DOWN);
    key(&mut p, "\r");
    p.exp_string("Note").unwrap();
    line(&mut p, "");
    p.exp_string("Evidence").unwrap();
    line(&mut p, "");
    p.exp_string("Action").unwrap();
    line(&mut p, "");
    // Guidance on request, then back to the previous requirement, which shows its answer.
    screen(&mut p, "(3 of 345)");
    key(&mut p, "g");
    screen(&mut p, "Typical evidence");
    key(&mut p, "b");
    screen(&mut p, "Current answer: partial");
    key(&mut p, "q");
    p.exp_string("2 answer(s) saved to a.yaml").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&mut p), 0);

    let text = std::fs::read_to_string(d.join("a.yaml")).unwrap();
    let first = text
        .split("\n\n")
        .find(|b| b.trim_start().starts_with("4.1-4:"))
        .unwrap();
    insta::assert_snapshot!("pty_first_answer", first);
    assert!(text.contains("  4.1-3:\n    rating: partial\n"));

    // Run again: it resumes at the first unanswered requirement, answers intact.
    let mut p = spawn(d, "a.yaml");
    p.exp_string("2/345 answered").unwrap();
    screen(&mut p, "(3 of 345)");
    key(&mut p, "q");
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(std::fs::read_to_string(d.join("a.yaml")).unwrap(), text);
}

#[test]
fn ctrl_c_exits_130_with_confirmed_answers_saved() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let mut p = spawn(d, "a.yaml");
    screen(&mut p, "(1 of 345)");
    key(&mut p, "4");
    p.exp_string("Note").unwrap();
    line(&mut p, "All in place");
    p.exp_string("Evidence").unwrap();
    line(&mut p, "");
    screen(&mut p, "(2 of 345)");
    p.send_control('c').unwrap();
    let said = p.exp_string("interrupted").unwrap();
    assert_eq!(exit_code(&mut p), 130, "{said}");
    let text = std::fs::read_to_string(d.join("a.yaml")).unwrap();
    assert!(
        text.contains("  4.1-4:\n    rating: full\n    note: All in place\n"),
        "{text}"
    );
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
    let mut c = command(d);
    c.env("TERM", "xterm")
        .args(["assess", "a.yaml", "--clause", "4.1", "--review"]);
    let mut p = spawn_command(c, Some(15_000)).expect("spawn in a pty");
    let before = p.exp_string("q save & quit").unwrap();
    assert!(
        before.contains("seen\\x1b]0;pwned\\x07\\x1b[2J\\u{202e}\r\n"),
        "{before:?}"
    );
    // rexpect reads bytes as Latin-1: U+202E arrives as its three UTF-8 bytes.
    for raw in ["\u{1b}]0;pwned", "\u{7}", "\u{e2}\u{80}\u{ae}"] {
        assert!(
            !before.contains(raw),
            "{raw:?} reached the terminal: {before:?}"
        );
    }
    key(&mut p, "q");
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&mut p), 0);
}

/// `assess` open at its first screen, for tests that change the file meanwhile.
fn open_at_first(d: &std::path::Path) -> PtySession {
    let mut p = spawn(d, "a.yaml");
    screen(&mut p, "(1 of 345)");
    p
}

/// Rates the requirement on screen at the top level and leaves note and evidence empty.
fn rate_full(p: &mut PtySession) {
    key(p, "4");
    p.exp_string("Note").unwrap();
    line(p, "");
    p.exp_string("Evidence").unwrap();
    line(p, "");
}

#[test]
fn changes_made_while_assess_is_open_are_kept() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let mut p = open_at_first(d);
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
    let text = std::fs::read_to_string(d.join("a.yaml")).unwrap();
    std::fs::write(
        d.join("a.yaml"),
        text.replace("Acme Hosting Ltd", "Acme Hosting plc"),
    )
    .unwrap();
    rate_full(&mut p);
    // 4.1-3, second in the catalogue, is answered now: the next unanswered is third.
    screen(&mut p, "(3 of 345)");
    key(&mut p, "q");
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let text = std::fs::read_to_string(d.join("a.yaml")).unwrap();
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
        let mut p = open_at_first(d);
        let r = run_in(
            d,
            &["answer", "a.yaml", "4.1-4", "none", "--note", "theirs"],
            None,
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        rate_full(&mut p);
        p.exp_string(
            "4.1-4 was changed in the file since this screen was shown; it now says: none",
        )
        .unwrap();
        p.exp_string("theirs.").unwrap();
        p.exp_string("Keep yours (y) or take the file's (n)")
            .unwrap();
        // Clear the offered `y` first, then type the choice.
        key(&mut p, "\u{8}");
        line(&mut p, choice);
        screen(&mut p, "of 345)");
        key(&mut p, "q");
        p.exp_eof().unwrap();
        assert_eq!(exit_code(&mut p), 0);
        let text = std::fs::read_to_string(d.join("a.yaml")).unwrap();
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
    let text = std::fs::read_to_string(d.join("a.yaml")).unwrap();
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("  ")?.strip_suffix(": ~"))
        .take(12)
        .collect();
    for id in &ids {
        let r = run_in(d, &["answer", "a.yaml", id, "full"], None);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let mut p = spawn(d, "a.yaml");
    p.exp_string("12/345 answered").unwrap();
    screen(&mut p, "(13 of 345)");
    // Back goes to the requirement before in the catalogue, answered in an earlier run.
    key(&mut p, "b");
    p.exp_string("12/345 answered").unwrap();
    screen(&mut p, "(12 of 345)");
    key(&mut p, "q");
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&mut p), 0);
}
