//! What reaches a terminal or a CI log: text from files and arguments never brings escape
//! sequences, bidirectional controls or CI workflow commands with it, in any command or
//! format.

use crate::support::*;

/// Retitles the terminal.
const TITLE: &str = "\u{1b}]0;pwned\u{7}";
/// Writes the clipboard (OSC 52).
const CLIPBOARD: &str = "\u{1b}]52;c;ZXZpbA==\u{7}";
/// A hyperlink (OSC 8) and a screen clear.
const LINK: &str = "\u{1b}]8;;https://evil.example/\u{1b}\\click\u{1b}]8;;\u{1b}\\\u{1b}[2J";

/// What must never be printed as it is.
fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{2028}' | '\u{2029}')
}

/// An assessment whose every free-text field an attacker chose, and its unanswered twin.
fn hostile() -> Test {
    let t = Test::new();
    let org = format!("Acme{TITLE} Hosting\u{202e}dtL");
    let run = |args: &[&str]| {
        let r = run_in(t.dir(), args, None);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    };
    for name in ["old.yaml", "a.yaml"] {
        run(&[
            "init",
            name,
            "--org",
            &org,
            "--scope",
            &format!("Hosting{LINK}"),
            "--assessor",
            "Dana\u{9b}2J",
            "--date",
            "2026-11-30",
        ]);
    }
    run(&[
        "answer",
        "a.yaml",
        "4.1-3",
        "partial",
        "--note",
        &format!("seen {CLIPBOARD}\n::error file=README.md::Fake note"),
        "--action",
        "Fix it\n::error file=README.md::Fake",
        "--owner",
        "Ann\n::add-mask::Readiness",
        "--due",
        "2026-12-31",
        "--gap",
        &format!("gap{TITLE}\r\n##[error]Fake"),
        "--evidence",
        &format!("doc{LINK}"),
    ]);
    // An id the catalogue does not know, holding a screen clear.
    let mut text = std::fs::read_to_string(t.path("a.yaml")).unwrap();
    text.push_str("\n  \"X\\e[2J\\e]0;id\\a\":\n    rating: none\n");
    t.file("a.yaml", text)
}

/// Runs `args` and checks everything it printed.
fn printed_safely(t: &Test, args: &[&str]) -> Run {
    let r = run_in(t.dir(), args, Some("q\n"));
    for (stream, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        if let Some(c) = text.chars().find(|c| is_unsafe(*c)) {
            panic!(
                "{args:?} printed U+{:04X} raw on {stream}:\n{text}",
                c as u32
            );
        }
        for line in text.lines() {
            let start = line.trim_start();
            assert!(
                !start.starts_with("::") && !start.starts_with("##["),
                "{args:?}: a line on {stream} starts a CI command: {line:?}"
            );
        }
    }
    r
}

#[test]
fn no_command_prints_a_files_controls_or_ci_commands() {
    let t = hostile();
    let runs: &[&[&str]] = &[
        &["score", "a.yaml"],
        &["score", "a.yaml", "--format", "json"],
        &["actions", "a.yaml"],
        &["actions", "a.yaml", "--format", "csv"],
        &["actions", "a.yaml", "--format", "json"],
        &["diff", "old.yaml", "a.yaml"],
        &["diff", "old.yaml", "a.yaml", "--format", "md"],
        &["diff", "old.yaml", "a.yaml", "--format", "json"],
        &["check", "a.yaml"],
        &["check", "a.yaml", "--format", "junit"],
        &["check", "a.yaml", "--format", "json"],
        &["report", "a.yaml", "--format", "md"],
        &["report", "a.yaml", "--format", "html"],
        &["report", "a.yaml", "--format", "csv"],
        &["report", "a.yaml", "--format", "json"],
        &["report", "a.yaml", "--format", "oscal"],
        &["assess", "a.yaml", "--clause", "4.1", "--review"],
        &["answer", "a.yaml", "4.1-3", "largely", "--owner", TITLE],
    ];
    for args in runs {
        let r = printed_safely(&t, args);
        // 1 is a failed gate (`check`): the run still printed all it had to.
        assert!(r.code <= 1, "{args:?}: {}", r.stderr);
        assert!(
            !r.stdout.is_empty() || args[0] == "answer" || args[0] == "assess",
            "{args:?}"
        );
    }
}

#[test]
fn json_output_still_carries_the_exact_text() {
    let t = hostile();
    let r = printed_safely(&t, &["score", "a.yaml", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["organization"].as_str(),
        Some(format!("Acme{TITLE} Hosting\u{202e}dtL").as_str()),
        "{}",
        r.stdout
    );
}

#[test]
fn the_terminal_shows_controls_visibly() {
    let t = hostile();
    let r = printed_safely(&t, &["actions", "a.yaml"]);
    assert!(r.stdout.contains("Fix it⏎::error"), "{}", r.stdout);
    let r = printed_safely(&t, &["score", "a.yaml"]);
    assert!(
        r.stdout
            .contains("Acme\\x1b]0;pwned\\x07 Hosting\\u{202e}dtL"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("X\\x1b[2J"),
        "the unknown id: {}",
        r.stderr
    );
}

#[test]
fn an_argument_in_an_error_is_shown_visibly() {
    let t = Test::new();
    let r = printed_safely(&t, &["score", &format!("missing{TITLE}.yaml")]);
    assert_eq!(r.code, 2);
    let r = printed_safely(&t, &["score", "--format", TITLE, "a.yaml"]);
    assert_eq!(r.code, 2);
}
