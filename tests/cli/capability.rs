//! `iso20k capability`, the `capability` key of the assessment file, and how score, report
//! and check show it.

use super::support::*;

/// One `#[test]` per refusal: exit 2, a snapshot of the outcome, and `a.yaml` as it was.
macro_rules! refused {
    ($($name:ident => $test:expr;)+) => {
        $(
            #[test]
            fn $name() {
                let t = $test;
                let before = std::fs::read(t.path("a.yaml")).ok();
                let r = t.run();
                assert_eq!(r.code, 2, "{r:?}");
                assert_run_snapshot!(t, r);
                assert_eq!(
                    std::fs::read(t.path("a.yaml")).ok(),
                    before,
                    "a.yaml as it was"
                );
            }
        )+
    };
}

refused! {
    capability_unknown_process => Test::new()
        .assessment("a.yaml")
        .args(&["capability", "a.yaml", "8.77", "--pa", "1.1=F"]);
    capability_clause_that_is_no_leaf => Test::new()
        .assessment("a.yaml")
        .args(&["capability", "a.yaml", "8.2", "--pa", "1.1=F"]);
    capability_clause_outside_the_processes => Test::new()
        .assessment("a.yaml")
        .args(&["capability", "a.yaml", "4.1", "--pa", "1.1=F"]);
    capability_unknown_attribute => Test::new()
        .assessment("a.yaml")
        .args(&["capability", "a.yaml", "8.1", "--pa", "6.1=F"]);
    capability_unknown_rating => Test::new()
        .assessment("a.yaml")
        .args(&["capability", "a.yaml", "8.1", "--pa", "1.1=full"]);
    capability_pa_without_equals => Test::new()
        .assessment("a.yaml")
        .args(&["capability", "a.yaml", "8.1", "--pa", "1.1"]);
    capability_target_out_of_range => Test::new()
        .assessment("a.yaml")
        .args(&["capability", "a.yaml", "8.1", "--target", "6"]);
    capability_nothing_to_record => Test::new()
        .assessment("a.yaml")
        .args(&["capability", "a.yaml", "8.1"]);
    capability_missing_file => Test::new()
        .assessment("a.yaml")
        .args(&["capability", "missing.yaml", "8.1", "--pa", "1.1=F"]);
}

/// An assessment with a `capability` block put in by hand after `init`.
fn with_capability(block: &str) -> Test {
    let t = Test::new().assessment("a.yaml");
    let text = String::from_utf8(t.read("a.yaml")).unwrap();
    let text = text.replace("answers:\n", &format!("{block}answers:\n"));
    t.file("a.yaml", text)
}

refused! {
    file_capability_unknown_process => with_capability(
        "capability:\n  '8.77':\n    target: 2\n"
    ).args(&["score", "a.yaml"]);
    file_capability_bad_attribute_rating_and_target => with_capability(
        "capability:\n  '8.1':\n    attributes:\n      '1.1': F\n      '7.1': F\n      '2.1': Q\n    target: 9\n"
    ).args(&["score", "a.yaml"]);
}

#[test]
fn capability_sets_and_resets_and_prints_the_level_against_the_target() {
    let t = Test::new().assessment("a.yaml");
    let set = |args: &[&str]| {
        let mut all = vec!["capability", "a.yaml", "8.1"];
        all.extend(args);
        let r = run_in(t.dir(), &all, None);
        assert_eq!(r.code, 0, "{r:?}");
        r.stderr
    };
    let first = set(&[
        "--pa", "1.1=F", "--pa", "2.1=L", "--pa", "2.2=P", "--target", "2",
    ]);
    assert!(
        first.contains("8.1: capability level 1, below its target 2"),
        "{first}"
    );
    // Re-set one attribute: the others are kept, the level rises to the target.
    let second = set(&["--pa", "2.2=L"]);
    assert!(first != second);
    assert!(
        second.contains("8.1: capability level 2, target 2 met"),
        "{second}"
    );
    let text = String::from_utf8(t.read("a.yaml")).unwrap();
    let block: String = text
        .lines()
        .skip_while(|l| !l.starts_with("capability:"))
        .take_while(|l| !l.starts_with("answers:"))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("capability_block_after_reset", block);
}

#[test]
fn answers_and_capability_survive_each_others_rewrites_byte_for_byte() {
    let t = Test::new().assessment("a.yaml");
    let ok = |args: &[&str]| {
        let r = run_in(t.dir(), args, None);
        assert_eq!(r.code, 0, "{r:?}");
    };
    ok(&["answer", "a.yaml", "8.1-5", "full", "--note", "Planned"]);
    ok(&[
        "capability",
        "a.yaml",
        "8.2.1",
        "--pa",
        "1.1=L",
        "--target",
        "3",
    ]);
    ok(&[
        "capability",
        "a.yaml",
        "8.1",
        "--pa",
        "5.2=F",
        "--pa",
        "1.1=F",
    ]);
    ok(&["answer", "a.yaml", "8.1-6", "partial"]);
    let text = String::from_utf8(t.read("a.yaml")).unwrap();
    assert!(
        text.contains("  8.1-5:\n    rating: full\n    note: Planned\n"),
        "{text}"
    );
    assert!(text.contains("  8.1-6:\n    rating: partial\n"), "{text}");
    // Processes in catalogue order, attributes in level order.
    assert!(
        text.contains(
            "capability:\n  '8.1':\n    attributes:\n      '1.1': F\n      '5.2': F\n  8.2.1:\n    attributes:\n      '1.1': L\n    target: 3\nanswers:\n"
        ),
        "{text}"
    );
    // A rewrite that changes nothing else gives the same bytes for the capability block.
    let before = t.read("a.yaml");
    ok(&["capability", "a.yaml", "8.1", "--pa", "1.1=F"]);
    let after = t.read("a.yaml");
    let cut = |b: &[u8]| {
        let s = String::from_utf8(b.to_vec()).unwrap();
        s.lines()
            .filter(|l| !l.trim_start().starts_with("answered:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(cut(&before), cut(&after));
}
