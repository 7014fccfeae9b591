//! `diff`, `actions`, evidence freshness and the forecast, from the outside.

use crate::support::*;
use std::path::Path;

fn copy_fixture(dir: &Path, name: &str) -> std::path::PathBuf {
    let to = dir.join(name);
    std::fs::copy(fixture(&format!("assessments/{name}")), &to).unwrap();
    to
}

#[test]
fn diff_lists_every_kind_of_change_in_three_formats() {
    let tmp = tempdir();
    let d = tmp.path();
    copy_fixture(d, "diff-old.yaml");
    copy_fixture(d, "diff-new.yaml");
    for format in ["table", "md", "json"] {
        let r = run_in(
            d,
            &["diff", "diff-old.yaml", "diff-new.yaml", "--format", format],
            None,
        );
        assert_eq!(
            r.code, 0,
            "without --fail-on-regression a diff is not a failure"
        );
        insta::assert_snapshot!(format!("diff_{format}"), r.snapshot(d));
    }
    let r = run_in(
        d,
        &["diff", "diff-old.yaml", "diff-new.yaml", "--format", "json"],
        None,
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let kinds: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["regressed", "unanswered", "newly-answered", "improved"]
    );
    assert_eq!(v["regression"], true);
    assert_eq!(v["actions_newly_overdue"][0]["requirement"], "4.3-3");
    assert_eq!(v["before"]["unknown_ids"][0], "4.9-1");
    assert_eq!(v["after"]["unknown_ids"][0], "11.1-1");
}

#[test]
fn fail_on_regression_exit_codes() {
    let tmp = tempdir();
    let d = tmp.path();
    copy_fixture(d, "diff-old.yaml");
    copy_fixture(d, "diff-new.yaml");
    let flag = "--fail-on-regression";
    let r = run_in(d, &["diff", "diff-old.yaml", "diff-new.yaml", flag], None);
    assert_eq!(r.code, 1, "{r:?}");
    // Going back is a regression too: 4.3-1 falls from full to partial.
    let r = run_in(d, &["diff", "diff-new.yaml", "diff-old.yaml", flag], None);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains("4.3-1 went down from full to partial"),
        "{}",
        r.stdout
    );
    let r = run_in(d, &["diff", "diff-new.yaml", "diff-new.yaml", flag], None);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("No regression."), "{}", r.stdout);
    // Improvement only: raise one rating.
    std::fs::copy(d.join("diff-new.yaml"), d.join("better.yaml")).unwrap();
    let r = run_in(d, &["answer", "better.yaml", "4.3-3", "largely"], None);
    assert_eq!(r.code, 0);
    let r = run_in(d, &["diff", "diff-new.yaml", "better.yaml", flag], None);
    assert_eq!(r.code, 0, "{r:?}");
    // Bad input is 2, with or without the flag.
    let r = run_in(d, &["diff", "diff-new.yaml", "missing.yaml", flag], None);
    assert_eq!(r.code, 2, "{r:?}");
    std::fs::write(d.join("broken.yaml"), "format: 1\nanswers: [").unwrap();
    let r = run_in(d, &["diff", "broken.yaml", "diff-new.yaml"], None);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("broken.yaml:"), "{}", r.stderr);
}

#[test]
fn a_side_can_be_read_from_git() {
    let tmp = tempdir();
    let d = tmp.path();
    git(d, &["init", "-q", "-b", "main"]);
    std::fs::create_dir(d.join("sms")).unwrap();
    std::fs::copy(
        fixture("assessments/diff-old.yaml"),
        d.join("sms/assessment.yaml"),
    )
    .unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "first assessment"]);
    std::fs::copy(
        fixture("assessments/diff-new.yaml"),
        d.join("sms/assessment.yaml"),
    )
    .unwrap();
    let from_git = run_in(
        d,
        &[
            "diff",
            "main:sms/assessment.yaml",
            "sms/assessment.yaml",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(from_git.code, 0, "{from_git:?}");
    copy_fixture(d, "diff-old.yaml");
    let from_file = run_in(
        d,
        &[
            "diff",
            "diff-old.yaml",
            "sms/assessment.yaml",
            "--format",
            "json",
        ],
        None,
    );
    let strip = |s: &str| {
        let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
        v.as_object_mut().unwrap().remove("old");
        v
    };
    assert_eq!(strip(&from_git.stdout), strip(&from_file.stdout));
    // From inside a sub-folder the path is relative to it, as typed.
    let sub = run_in(
        &d.join("sms"),
        &[
            "diff",
            "HEAD:assessment.yaml",
            "assessment.yaml",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(sub.code, 0, "{sub:?}");
    let r = run_in(
        d,
        &[
            "diff",
            "nosuchrev:sms/assessment.yaml",
            "sms/assessment.yaml",
        ],
        None,
    );
    assert_eq!(r.code, 2, "{r:?}");
    insta::assert_snapshot!("diff_bad_rev", r.snapshot(d));
}

fn actions_fixture(d: &Path) {
    copy_fixture(d, "diff-new.yaml");
    // A minor with an action that has neither owner nor due date: listed after dated ones.
    let r = run_in(
        d,
        &[
            "answer",
            "diff-new.yaml",
            "4.1-4",
            "partial",
            "--action",
            "Revisit the context analysis",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn actions_sorted_by_severity_then_due_date_with_filters() {
    let tmp = tempdir();
    let d = tmp.path();
    actions_fixture(d);
    let base = ["actions", "diff-new.yaml", "--as-of", "2027-01-15"];
    let with = |extra: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        run_in(d, &args, None)
    };
    let r = with(&[]);
    assert_eq!(r.code, 0, "{r:?}");
    insta::assert_snapshot!("actions_table", r.snapshot(d));
    let r = with(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let order: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["requirement"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["4.3-2", "4.3-3", "4.3-4", "4.1-4", "4.3-1"]);
    assert_eq!(
        v["items"][1]["days_overdue"], 15,
        "due 2026-12-31, as of 2027-01-15"
    );
    assert_eq!(v["counts"]["overdue"], 1);
    let r = with(&["--format", "csv"]);
    insta::assert_snapshot!("actions_csv", r.stdout);
    let ids = |r: &Run| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["requirement"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&with(&["--overdue", "--format", "json"])), ["4.3-3"]);
    assert_eq!(
        ids(&with(&["--owner", "sam", "--format", "json"])),
        ["4.3-4"]
    );
    assert_eq!(
        ids(&with(&["--status", "done", "--format", "json"])),
        ["4.3-1"]
    );
    // Later, more is overdue; earlier, nothing is.
    let r = run_in(
        d,
        &[
            "actions",
            "diff-new.yaml",
            "--as-of",
            "2027-04-01",
            "--overdue",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(ids(&r), ["4.3-2", "4.3-3", "4.3-4"]);
    let r = run_in(
        d,
        &[
            "actions",
            "diff-new.yaml",
            "--as-of",
            "2026-01-01",
            "--overdue",
        ],
        None,
    );
    assert!(r.stdout.contains("No actions match."), "{}", r.stdout);
    let r = with(&["--status", "finished"]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!("actions_bad_status", r.snapshot(d));
    let r = run_in(
        d,
        &["actions", "diff-new.yaml", "--as-of", "2027-02-30"],
        None,
    );
    assert_eq!(r.code, 2, "{r:?}");
}

#[test]
fn stale_evidence_is_shown_and_can_gate() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let r = run_in(
        d,
        &[
            "answer",
            "a.yaml",
            "4.1-4",
            "full",
            "--evidence",
            "Context analysis@2025-10-01",
            "--evidence",
            "Fresh minutes@2026-10-01",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let r = run_in(d, &["check", "a.yaml", "--max-major", "0"], None);
    assert_eq!(r.code, 0, "not gated by default: {r:?}");
    assert!(
        r.stdout.contains("1 stale evidence reference"),
        "{}",
        r.stdout
    );
    let r = run_in(
        d,
        &[
            "check",
            "a.yaml",
            "--max-major",
            "0",
            "--fail-on-stale-evidence",
        ],
        None,
    );
    assert_eq!(r.code, 1, "{r:?}");
    insta::assert_snapshot!("check_stale_evidence", r.snapshot(d));
    let r = run_in(
        d,
        &[
            "check",
            "a.yaml",
            "--max-major",
            "0",
            "--fail-on-stale-evidence",
            "--evidence-max-age",
            "18m",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let r = run_in(
        d,
        &[
            "check",
            "a.yaml",
            "--fail-on-stale-evidence",
            "--as-of",
            "2027-10-02",
            "--format",
            "json",
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["stale_evidence"].as_array().map(Vec::len),
        Some(2),
        "both are stale a year on"
    );
    let r = run_in(d, &["score", "a.yaml"], None);
    assert!(
        r.stdout.contains("Stale evidence: 1 reference"),
        "{}",
        r.stdout
    );
    let r = run_in(
        d,
        &["check", "a.yaml", "--evidence-max-age", "12 parsecs"],
        None,
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--evidence-max-age"), "{}", r.stderr);
}

#[test]
fn score_shows_the_forecast() {
    let tmp = tempdir();
    let d = tmp.path();
    actions_fixture(d);
    let r = run_in(
        d,
        &[
            "score",
            "diff-new.yaml",
            "--format",
            "json",
            "--as-of",
            "2027-01-15",
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["forecast"]["open_actions"], 4);
    assert_eq!(v["forecast"]["ready_by"], serde_json::Value::Null);
    assert!(!v["forecast"]["blockers"].as_array().unwrap().is_empty());
}
