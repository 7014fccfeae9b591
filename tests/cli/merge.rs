//! `iso20k merge`: several assessors' files of one organization merged into one.

use crate::support::*;
use std::path::Path;

/// Answers as `who` would at `when` (the time `answered` records).
fn answer_at(d: &Path, file: &str, when: &str, args: &[&str]) {
    let mut c = command(d);
    c.env("ISO20K_NOW", when).args(["answer", file]).args(args);
    let out = c.output().unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
}

/// Dana and Lee interviewed different people; they disagree on 4.1-4, Lee later.
fn two_assessors(d: &Path) {
    for (file, who) in [("dana.yaml", "Dana Whitfield"), ("lee.yaml", "Lee Okafor")] {
        let r = run_in(
            d,
            &[
                "init",
                file,
                "--org",
                "Acme",
                "--scope",
                "Hosting",
                "--assessor",
                who,
                "--date",
                "2026-11-20",
            ],
            None,
        );
        assert_eq!(r.code, 0, "{r:?}");
    }
    answer_at(
        d,
        "dana.yaml",
        "2026-11-20T10:00:00Z",
        &["4.1-4", "largely", "--note", "PESTLE seen, current"],
    );
    answer_at(d, "dana.yaml", "2026-11-20T10:05:00Z", &["5.1-1", "full"]);
    answer_at(
        d,
        "lee.yaml",
        "2026-11-25T09:00:00Z",
        &[
            "4.1-4",
            "partial",
            "--note",
            "PESTLE not revisited since March",
        ],
    );
    answer_at(
        d,
        "lee.yaml",
        "2026-11-25T09:10:00Z",
        &["8.1-5", "none", "--interviewee", "Head of Operations"],
    );
    // The same answer from both is no conflict.
    answer_at(d, "lee.yaml", "2026-11-25T09:20:00Z", &["5.1-1", "full"]);
}

#[test]
fn merge_keeps_every_answer_with_its_assessor_and_lists_the_conflict() {
    let tmp = tempdir();
    let d = tmp.path();
    two_assessors(d);
    let r = run_in(d, &["merge", "team.yaml", "dana.yaml", "lee.yaml"], None);
    assert_eq!(r.code, 0, "{r:?}");
    insta::assert_snapshot!("merge_conflict", r.snapshot(d));
    let team = std::fs::read_to_string(d.join("team.yaml")).unwrap();
    // Lee answered 4.1-4 later: Lee's answer, with Lee's name; Dana (the header) needs none.
    let block = |id: &str| {
        let at = team.find(&format!("\n  {id}:\n")).unwrap();
        team[at..].split("\n\n").next().unwrap().to_string()
    };
    assert!(
        block("4.1-4").contains("rating: partial"),
        "{}",
        block("4.1-4")
    );
    assert!(block("4.1-4").contains("assessor: Lee Okafor"));
    assert!(block("8.1-5").contains("assessor: Lee Okafor"));
    assert!(block("8.1-5").contains("Head of Operations"));
    assert!(!block("5.1-1").contains("assessor:"), "{}", block("5.1-1"));
    assert!(team.contains("assessor: Dana Whitfield\n"));
    // The merged file is an assessment like any other.
    let s = run_in(d, &["score", "team.yaml", "--format", "json"], None);
    assert_eq!(s.code, 0, "{s:?}");
    let v: serde_json::Value = serde_json::from_str(&s.stdout).unwrap();
    assert_eq!(v["answered"], 3);
    // Merging Lee's file again into the result adds nothing and changes nothing.
    let before = std::fs::read(d.join("team.yaml")).unwrap();
    let r = run_in(d, &["merge", "team.yaml", "team.yaml", "lee.yaml"], None);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("0 conflicts"), "{}", r.stdout);
    assert_eq!(std::fs::read(d.join("team.yaml")).unwrap(), before);
}

#[test]
fn merge_prefer_fail_on_conflict_and_dry_run() {
    let tmp = tempdir();
    let d = tmp.path();
    two_assessors(d);
    let r = run_in(
        d,
        &[
            "merge",
            "team.yaml",
            "dana.yaml",
            "lee.yaml",
            "--prefer",
            "dana.yaml",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("kept dana.yaml: largely"), "{}", r.stdout);
    let team = std::fs::read_to_string(d.join("team.yaml")).unwrap();
    assert!(team.contains("note: PESTLE seen, current"));
    // A conflict under --fail-on-conflict: exit 1, listed, nothing written.
    let r = run_in(
        d,
        &[
            "merge",
            "again.yaml",
            "dana.yaml",
            "lee.yaml",
            "--fail-on-conflict",
        ],
        None,
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains("conflict 4.1-4 (rating, note differ)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.ends_with("(nothing written)\n"), "{}", r.stdout);
    assert!(!d.join("again.yaml").exists());
    let r = run_in(
        d,
        &["merge", "dry.yaml", "dana.yaml", "lee.yaml", "--dry-run"],
        None,
    );
    assert_eq!(r.code, 0);
    assert!(!d.join("dry.yaml").exists());
}

#[test]
fn merge_refuses_what_it_cannot_do_safely() {
    let tmp = tempdir();
    let d = tmp.path();
    two_assessors(d);
    std::fs::write(d.join("notes.yaml"), "mine\n").unwrap();
    // An existing file that is not an input is never replaced.
    let r = run_in(d, &["merge", "notes.yaml", "dana.yaml", "lee.yaml"], None);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!("merge_existing_output", r.snapshot(d));
    assert_eq!(
        std::fs::read_to_string(d.join("notes.yaml")).unwrap(),
        "mine\n"
    );
    // --prefer names one of the inputs.
    let r = run_in(
        d,
        &[
            "merge",
            "t.yaml",
            "dana.yaml",
            "lee.yaml",
            "--prefer",
            "sam.yaml",
        ],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("--prefer sam.yaml is not one of the files merged"),
        "{}",
        r.stderr
    );
    // Files of another catalogue version: migrate them first.
    let old = std::fs::read_to_string(d.join("lee.yaml"))
        .unwrap()
        .replace("version: 2.0.0", "version: 1.0.0");
    std::fs::write(d.join("old.yaml"), old).unwrap();
    let r = run_in(d, &["merge", "t.yaml", "dana.yaml", "old.yaml"], None);
    assert_eq!(r.code, 2, "{r:?}");
    insta::assert_snapshot!("merge_other_version", r.snapshot(d));
    assert!(!d.join("t.yaml").exists());
    // One file is not a merge.
    assert_eq!(run_in(d, &["merge", "t.yaml", "dana.yaml"], None).code, 2);
}
