//! `init`, `answer` and the assessment file: errors, bytes, merges, kills and locks.

use super::support::*;
use std::process::Stdio;
use std::time::Duration;

refused! {
    init_missing_org => Test::new()
        .args(&["init", "a.yaml", "--scope", "S"]);
    init_bad_date => Test::new()
        .args(&["init", "a.yaml", "--org", "O", "--scope", "S", "--date", "2026-02-30"]);
    init_exists => Test::new()
        .assessment("a.yaml")
        .args(&["init", "a.yaml", "--org", "O", "--scope", "S"]);
    answer_unknown_id => Test::new()
        .assessment("a.yaml")
        .args(&["answer", "a.yaml", "4.1-9", "full"]);
    answer_unknown_rating => Test::new()
        .assessment("a.yaml")
        .args(&["answer", "a.yaml", "4.1-4", "largly"]);
    answer_digit_out_of_range => Test::new()
        .assessment("a.yaml")
        .args(&["answer", "a.yaml", "4.1-4", "7"]);
    answer_bad_due => Test::new()
        .assessment("a.yaml")
        .args(&["answer", "a.yaml", "4.1-4", "1", "--action", "Fix", "--due", "31/01/2027"]);
    answer_bad_finding => Test::new()
        .assessment("a.yaml")
        .args(&["answer", "a.yaml", "4.1-4", "1", "--finding", "critical"]);
    answer_party_on_clause_4 => Test::new()
        .assessment("a.yaml")
        .args(&["answer", "a.yaml", "4.1-4", "1", "--operated-by", "external-supplier"]);
    answer_unknown_party => Test::new()
        .assessment("a.yaml")
        .args(&["answer", "a.yaml", "8.6.1-1", "1", "--operated-by", "vendor"]);
    answer_owner_without_action => Test::new()
        .assessment("a.yaml")
        .args(&["answer", "a.yaml", "4.1-4", "1", "--owner", "Ann"]);
    answer_missing_file => Test::new()
        .assessment("a.yaml")
        .args(&["answer", "missing.yaml", "4.1-4", "1"]);
}

#[test]
fn answer_writes_catalogue_order_and_keeps_unknown_ids() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    for args in [
        vec![
            "answer",
            "a.yaml",
            "8.6.1-1",
            "largely",
            "--note",
            "Tickets in the tool",
            "--evidence",
            "INC-1001@2026-10-01",
            "--operated-by",
            "external-supplier",
        ],
        vec![
            "answer",
            "a.yaml",
            "4.1-4",
            "1",
            "--note",
            "Draft only\nsecond line",
            "--action",
            "Finish the context analysis",
            "--owner",
            "Quality lead",
            "--due",
            "2027-01-31",
        ],
        vec![
            "answer",
            "a.yaml",
            "4.1-4",
            "partial",
            "--status",
            "in-progress",
        ],
    ] {
        let r = run_in(d, &args, None);
        assert_eq!(r.code, 0, "{r:?}");
    }
    let text = std::fs::read_to_string(d.join("a.yaml")).unwrap();
    let head: String = text.lines().take(28).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!("file_head_after_answers", head);
    assert!(text.find("4.1-4:").unwrap() < text.find("8.6.1-1:").unwrap());

    // An answer the catalogue does not know is kept through a rewrite, with a warning.
    let with_unknown = text.replace("answers:\n", "answers:\n\n  99.1-1:\n    rating: full\n");
    std::fs::write(d.join("a.yaml"), with_unknown).unwrap();
    let r = run_in(d, &["answer", "a.yaml", "4.1-3", "full"], None);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains("warning: a.yaml:") && r.stderr.contains("99.1-1"),
        "{}",
        r.stderr
    );
    let text = std::fs::read_to_string(d.join("a.yaml")).unwrap();
    assert!(
        text.trim_end().ends_with("99.1-1:\n    rating: full"),
        "unknown answer kept at the end"
    );
}

#[test]
fn saving_the_same_content_gives_identical_bytes() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let args = [
        "answer",
        "a.yaml",
        "8.6.1-1",
        "largely",
        "--note",
        "Tickets: all in the tool",
        "--evidence",
        "INC-1001@2026-10-01",
        "--action",
        "Close gaps",
        "--owner",
        "Ann",
        "--due",
        "2027-01-31",
    ];
    assert_eq!(run_in(d, &args, None).code, 0);
    let first = std::fs::read(d.join("a.yaml")).unwrap();
    assert_eq!(run_in(d, &args, None).code, 0);
    assert_eq!(std::fs::read(d.join("a.yaml")).unwrap(), first);
    // And a rewrite of the example (same content) changes nothing but nothing at all.
    std::fs::copy(
        repo().join("examples/acme-hosting.yaml"),
        d.join("acme.yaml"),
    )
    .unwrap();
    let before = std::fs::read_to_string(d.join("acme.yaml")).unwrap();
    let r = run_in(d, &["score", "acme.yaml"], None);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.is_empty(),
        "the example loads without warnings: {}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(d.join("acme.yaml")).unwrap(),
        before
    );
}

#[test]
fn edits_to_different_requirements_merge_without_conflict() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "base.yaml", None);
    std::fs::copy(d.join("base.yaml"), d.join("ours.yaml")).unwrap();
    std::fs::copy(d.join("base.yaml"), d.join("theirs.yaml")).unwrap();
    // Neighbouring requirements, the hardest case for a line merge.
    assert_eq!(
        run_in(
            d,
            &["answer", "ours.yaml", "4.1-4", "largely", "--note", "Ours"],
            None
        )
        .code,
        0
    );
    assert_eq!(
        run_in(
            d,
            &[
                "answer",
                "theirs.yaml",
                "4.1-3",
                "partial",
                "--note",
                "Theirs",
                "--action",
                "Fix",
                "--owner",
                "Bo",
                "--due",
                "2027-03-01"
            ],
            None
        )
        .code,
        0
    );
    let st = std::process::Command::new("git")
        .args(["merge-file", "ours.yaml", "base.yaml", "theirs.yaml"])
        .current_dir(d)
        .status()
        .unwrap();
    assert_eq!(st.code(), Some(0), "no conflicts");
    let r = run_in(d, &["score", "ours.yaml", "--format", "json"], None);
    assert_eq!(r.code, 0, "{r:?}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["answered"], 2);
}

/// The line-mode script used by the kill and lock tests: rate every requirement `2` with a
/// note, no evidence, and no action.
fn script(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!("2\nnote {i}\n\n\n"));
    }
    s
}

#[test]
fn scripted_assess_over_stdin() {
    let input = "3\nSeen the PESTLE\nContext v1@2026-01-05; Board minutes\nUpdate yearly\nQuality lead\n2027-02-30\n2027-02-28\nb\n4\n\n\n\ns\nj 9.2\n0\n\n\nPlan the audit\nAnn\n2027-01-31\nq\n";
    let t = Test::new()
        .assessment("a.yaml")
        .args(&["assess", "a.yaml"])
        .stdin(input);
    let d = t.dir();
    let r = t.run();
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("`2027-02-30` is not a date"),
        "{}",
        r.stderr
    );
    let text = std::fs::read_to_string(d.join("a.yaml")).unwrap();
    insta::assert_snapshot!(
        "scripted_assess_first_answers",
        text.lines().take(24).collect::<Vec<_>>().join("\n")
    );
    let r = run_in(d, &["score", "a.yaml", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["answered"], 2,
        "4.1-4 re-answered after going back, and 9.2-8"
    );
    // A second run resumes at the first unanswered requirement: 4.1-3 (skipped).
    let r = run_in(d, &["assess", "a.yaml"], Some("q\n"));
    assert!(r.stderr.contains("4.1-3"), "{}", r.stderr);
}

#[test]
fn killed_assess_leaves_a_loadable_file_with_every_confirmed_answer() {
    let tmp = tempdir();
    let d = tmp.path();
    let input = script(236);
    for round in 0..40u64 {
        let name = format!("k{round}.yaml");
        init(d, &name, None);
        let mut child = command(d)
            .args(["assess", &name])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feeder = {
            let input = input.clone();
            std::thread::spawn(move || {
                use std::io::Write;
                let _ = stdin.write_all(input.as_bytes());
            })
        };
        // Kill at a different moment each round, from before the first save to mid-run.
        std::thread::sleep(Duration::from_millis(round * 7 % 120));
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        let _ = feeder.join();
        let stderr = String::from_utf8_lossy(&out.stderr);
        // Each screen shows how many answers were saved before it was drawn.
        let shown = stderr
            .lines()
            .filter_map(|l| {
                l.strip_prefix('[')
                    .and_then(|l| l.split('/').next())
                    .and_then(|n| n.parse::<usize>().ok())
            })
            .max()
            .unwrap_or(0);
        let r = run_in(d, &["score", &name, "--format", "json"], None);
        assert_eq!(r.code, 0, "round {round}: the file loads: {r:?}");
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let answered = v["answered"].as_u64().unwrap() as usize;
        assert!(
            answered >= shown,
            "round {round}: {answered} on disk, {shown} confirmed"
        );
        // A kill in the middle of a save may leave its temporary file behind; the next
        // session that takes the lock sweeps it away.
        let r = run_in(d, &["answer", &name, "10.2-1", "full"], None);
        assert_eq!(r.code, 0, "round {round}: {r:?}");
        let prefix = format!(".{name}.");
        let leftovers: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&prefix))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
}

#[test]
fn two_editors_at_once_keep_each_others_answers() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    // The first assess waits on its stdin for its first rating, holding no lock meanwhile.
    let mut first = command(d)
        .args(["assess", "a.yaml"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lock = d.join(".a.yaml.lock");
    // A second assess and an `answer` (for scripts) go through beside it.
    let second = run_in(
        d,
        &["assess", "a.yaml", "--clause", "5.1"],
        Some("3\n\n\n\nq\n"),
    );
    assert_eq!(second.code, 0, "{}", second.stderr);
    let r = run_in(d, &["answer", "a.yaml", "4.1-3", "full"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    {
        use std::io::Write;
        let mut stdin = first.stdin.take().unwrap();
        stdin.write_all(b"4\n\n\nq\n").unwrap();
    }
    let out = first.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(!lock.exists(), "no lock file is left");
    let r = run_in(d, &["score", "a.yaml", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["answered"], 3, "all three editors' answers are kept");
}

#[test]
fn a_stale_lock_from_a_killed_session_is_taken_over() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    std::fs::write(d.join(".a.yaml.lock"), "pid 999999").unwrap();
    // A half-written save of a.yaml from the killed session, and one of another file.
    std::fs::write(
        d.join(".a.yaml.00000000deadbeef.iso20k-tmp"),
        "answers:\n  4.1",
    )
    .unwrap();
    std::fs::write(d.join(".b.yaml.00000000deadbeef.iso20k-tmp"), "b").unwrap();
    let r = run_in(d, &["answer", "a.yaml", "4.1-4", "full"], None);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(!d.join(".a.yaml.lock").exists(), "the lock is released");
    assert!(
        !d.join(".a.yaml.00000000deadbeef.iso20k-tmp").exists(),
        "swept"
    );
    assert!(
        d.join(".b.yaml.00000000deadbeef.iso20k-tmp").exists(),
        "not ours to remove"
    );
}

/// One `#[test]` per broken assessment file: `b.yaml` is the file `init` writes with one
/// replacement, and `score` refuses it with exit 2, naming line and key.
macro_rules! invalid {
    ($($name:ident: $from:literal => $to:literal;)+) => {
        $(
            #[test]
            fn $name() {
                let t = Test::new().assessment("a.yaml");
                let good = String::from_utf8(t.read("a.yaml")).unwrap();
                let t = t
                    .file("b.yaml", good.replace($from, $to))
                    .args(&["score", "b.yaml"]);
                let r = t.run();
                assert_eq!(r.code, 2, "{r:?}");
                assert_run_snapshot!(t, r);
            }
        )+
    };
}

invalid! {
    invalid_rating_unknown: "  4.1-4: ~" => "  4.1-4:\n    rating: mostly";
    invalid_due_impossible: "  4.1-4: ~" =>
        "  4.1-4:\n    rating: initial\n    action:\n      what: Fix\n      due: 2027-02-30";
    invalid_wrong_type: "as_of: 2026-11-30" => "as_of: [2026]";
    invalid_duplicate_answer: "  4.1-3: ~" => "  4.1-4:\n    rating: full";
    invalid_status_unknown: "  4.1-4: ~" =>
        "  4.1-4:\n    rating: initial\n    action:\n      what: Fix\n      status: started";
}

#[test]
fn init_in_a_git_work_tree_keeps_the_lock_out_of_git() {
    let tmp = tempdir();
    let d = tmp.path();
    git(d, &["init", "-q"]);
    std::fs::write(d.join(".gitignore"), "target/").unwrap();
    let r = run_in(d, &["init", "a.yaml", "--org", "A", "--scope", "S"], None);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr
            .contains("added `/.a.yaml.lock` to .gitignore so that git never shows the lock"),
        "{}",
        r.stderr
    );
    let ignore = std::fs::read_to_string(d.join(".gitignore")).unwrap();
    assert!(ignore.starts_with("target/\n# iso20k"), "{ignore}");
    assert!(ignore.ends_with("\n/.a.yaml.lock\n"), "{ignore}");
    // A lock file there does not show in `git status`.
    std::fs::write(d.join(".a.yaml.lock"), "pid 1").unwrap();
    let status = std::process::Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=all"])
        .current_dir(d)
        .env("HOME", d)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(!status.contains("lock"), "{status}");
    std::fs::remove_file(d.join(".a.yaml.lock")).unwrap();
    // Already ignored: nothing added a second time.
    let r = run_in(
        d,
        &["init", "a.yaml", "--org", "A", "--scope", "S", "--force"],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(!r.stderr.contains("gitignore"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(d.join(".gitignore")).unwrap(),
        ignore
    );
}

#[test]
fn init_outside_git_only_says_which_line_to_ignore() {
    let tmp = tempdir();
    let d = tmp.path();
    let r = run_in(d, &["init", "a.yaml", "--org", "A", "--scope", "S"], None);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr
            .contains("not in a git work tree; if you keep the file in git, add `/.a.yaml.lock`"),
        "{}",
        r.stderr
    );
    assert!(!d.join(".gitignore").exists());
}

#[test]
fn scripted_details_escape_and_undo() {
    let t = Test::new().assessment("a.yaml");
    let d = t.dir();
    let r = run_in(
        d,
        &["answer", "a.yaml", "8.5.3-1", "partial", "--note", "before"],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    // On 8.5.3-1: details (finding major, external supplier, a gap, no recommendation kept,
    // an action with status and target, interviewees, method, assessor); then a rating
    // abandoned with Escape; then undo, which takes the details back.
    let input = [
        "d",
        "major",
        "3",
        "No review since the merger",
        "",
        "Write the plan",
        "Ann",
        "2027-01-31",
        "in-progress",
        "largely",
        "Ann Lee; Bob Roe",
        "interview",
        "Lee",
        "1",
        "\u{1b}",
        "q",
    ]
    .join("\n");
    let r = run_in(
        d,
        &["assess", "a.yaml", "--clause", "8.5.3", "--review"],
        Some(&format!("{input}\n")),
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("Saved the details of 8.5.3-1."),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("Nothing saved for 8.5.3-1."),
        "{}",
        r.stderr
    );
    for shown in [
        "  finding: major nonconformity (override)",
        "  operated by: External supplier",
        "  action: Write the plan · owner Ann · due 2027-01-31 · in-progress · target largely",
        "  interviewees: Ann Lee; Bob Roe",
    ] {
        assert!(r.stderr.contains(shown), "{shown}: {}", r.stderr);
    }
    let text = std::fs::read_to_string(d.join("a.yaml")).unwrap();
    for line in [
        "    finding: major\n",
        "    operated_by: external-supplier\n",
        "    gap: No review since the merger\n",
        "      status: in-progress\n      target: largely\n",
        "    interviewees:\n    - Ann Lee\n    - Bob Roe\n",
        "    method: interview\n",
        "    assessor: Lee\n",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    // Undo, the first thing in a new run: nothing saved in this run yet.
    let r = run_in(
        d,
        &["assess", "a.yaml", "--clause", "8.5.3", "--review"],
        Some("u\nq\n"),
    );
    assert!(r.stderr.contains("Nothing to undo"), "{}", r.stderr);
    // A party where the organization must meet the requirement itself is not offered,
    // and a text over the limit is refused with the loader's message, then asked again.
    let r = run_in(d, &["answer", "a.yaml", "4.1-4", "full"], None);
    assert_eq!(r.code, 0, "{r:?}");
    let long = "x".repeat(20_001);
    let input = format!("d\n-\n{long}\nshort gap\n\n\n\n\n\nq\n");
    let r = run_in(d, &["assess", "a.yaml", "--review"], Some(&input));
    assert_eq!(r.code, 0, "{r:?}");
    assert!(!r.stderr.contains("Operated by"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("Not taken: gap: 20001 characters, over the limit of 20000."),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("Saved the details of 4.1-4."),
        "{}",
        r.stderr
    );
    let text = std::fs::read_to_string(d.join("a.yaml")).unwrap();
    assert!(
        text.contains("  4.1-4:\n    rating: full\n    gap: short gap\n"),
        "{text}"
    );
}
