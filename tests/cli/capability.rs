//! `iso20k capability`, the `capability` key of the assessment file, and how score, report
//! and check show it.

use super::support::*;

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

/// An assessment with 8.1 below its target 2 and 8.2.1 at its target 1.
fn rated() -> Test {
    let t = Test::new().assessment("a.yaml");
    for args in [
        &[
            "capability",
            "a.yaml",
            "8.1",
            "--pa",
            "1.1=F",
            "--pa",
            "2.1=P",
            "--target",
            "2",
        ][..],
        &[
            "capability",
            "a.yaml",
            "8.2.1",
            "--pa",
            "1.1=L",
            "--target",
            "1",
        ][..],
    ] {
        let r = run_in(t.dir(), args, None);
        assert_eq!(r.code, 0, "{r:?}");
    }
    t
}

#[test]
fn score_shows_level_against_target_per_process() {
    let t = rated().args(&["score", "a.yaml"]);
    let r = t.run();
    assert_eq!(r.code, 0, "{r:?}");
    let section: String = r
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Capability"))
        .take_while(|l| !l.starts_with("Forecast") && !l.starts_with("Actions"))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("score_capability_section", section);

    let r = run_in(t.dir(), &["score", "a.yaml", "--format", "json"], None);
    assert_eq!(r.code, 0, "{r:?}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let cap = v["capability"].as_array().unwrap();
    assert_eq!(cap.len(), 2);
    assert_eq!(cap[0]["process"], "8.1");
    assert_eq!(cap[0]["title"], "Operational planning and control");
    assert_eq!(cap[0]["level"], 1);
    assert_eq!(cap[0]["target"], 2);
    assert_eq!(cap[0]["below_target"], true);
    assert_eq!(cap[0]["attributes"]["2.1"], "P");
    assert_eq!(cap[1]["process"], "8.2.1");
    assert_eq!(cap[1]["below_target"], false);
}

#[test]
fn without_capability_score_has_no_capability_section() {
    let r = Test::new()
        .assessment("a.yaml")
        .args(&["score", "a.yaml"])
        .run();
    assert_eq!(r.code, 0, "{r:?}");
    assert!(!r.stdout.contains("Capability"), "{}", r.stdout);
}

#[test]
fn reports_have_a_capability_section() {
    let t = rated();
    let md = run_in(t.dir(), &["report", "a.yaml", "--format", "md"], None);
    assert_eq!(md.code, 0, "{md:?}");
    let section: String = md
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("## Process capability"))
        .take_while(|l| !l.starts_with("## Scoring method"))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("report_md_capability_section", section);

    let html = run_in(t.dir(), &["report", "a.yaml", "--format", "html"], None);
    assert_eq!(html.code, 0, "{html:?}");
    let h = &html.stdout;
    assert!(h.contains(r#"<section id="capability">"#));
    assert!(h.contains(r#"<svg id="chart-capability""#));
    assert!(h.contains("8.1 Operational planning and control: level 1, target 2"));
    assert!(!h.contains("<script"), "no script in the report");

    let json = run_in(t.dir(), &["report", "a.yaml", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["capability"][0]["level"], 1);
    assert_eq!(v["capability"][1]["process"], "8.2.1");
}

#[test]
fn check_capability_targets_fails_below_a_target_and_passes_once_met() {
    let t = rated();
    let gate = [
        "check",
        "a.yaml",
        "--min-readiness",
        "0",
        "--capability-targets",
    ];
    let r = run_in(t.dir(), &gate, None);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout
            .contains("FAIL  capability-targets: 1 of 2 process(es) below target")
            && r.stdout
                .contains("8.1 Operational planning and control: capability level 1, target 2"),
        "{}",
        r.stdout
    );
    let mut json_args = gate.to_vec();
    json_args.extend(["--format", "json"]);
    let j = run_in(t.dir(), &json_args, None);
    assert_eq!(j.code, 1, "{j:?}");
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    let c = v["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "capability-targets")
        .unwrap()
        .clone();
    assert_eq!(c["passed"], false);
    assert_eq!(c["actual"], 1);
    assert_eq!(c["details"].as_array().unwrap().len(), 1);
    let mut junit_args = gate.to_vec();
    junit_args.extend(["--format", "junit"]);
    let x = run_in(t.dir(), &junit_args, None);
    assert_eq!(x.code, 1);
    assert!(
        x.stdout.contains(r#"name="capability-targets""#),
        "{}",
        x.stdout
    );

    // Without the flag the targets do not gate.
    let r = run_in(t.dir(), &["check", "a.yaml", "--min-readiness", "0"], None);
    assert_eq!(r.code, 0, "{r:?}");

    let r = run_in(
        t.dir(),
        &[
            "capability",
            "a.yaml",
            "8.1",
            "--pa",
            "2.1=L",
            "--pa",
            "2.2=L",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let r = run_in(t.dir(), &gate, None);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("pass  capability-targets: 0 of 2"),
        "{}",
        r.stdout
    );
}

#[test]
fn fully_conforming_process_at_capability_zero_is_warned_about() {
    let t = Test::new().assessment("a.yaml");
    let text = String::from_utf8(t.read("a.yaml")).unwrap();
    let ids: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("  8.1-"))
        .map(|rest| format!("8.1-{}", rest.trim_end_matches(": ~")))
        .collect();
    assert!(!ids.is_empty());
    let run = |args: &[&str]| {
        let r = run_in(t.dir(), args, None);
        assert_eq!(r.code, 0, "{r:?}");
    };
    run(&["capability", "a.yaml", "8.1", "--pa", "1.1=P"]);
    let (last, rest) = ids.split_last().unwrap();
    for id in rest {
        run(&["answer", "a.yaml", id, "full"]);
    }
    let warning = "Warning: 8.1 Operational planning and control: every requirement is rated fully conforming, but its capability is level 0";
    // One requirement short of fully conforming: no warning.
    let r = run_in(t.dir(), &["score", "a.yaml"], None);
    assert!(!r.stdout.contains(warning), "{}", r.stdout);
    run(&["answer", "a.yaml", last, "full"]);
    let r = run_in(t.dir(), &["score", "a.yaml"], None);
    assert!(r.stdout.contains(warning), "{}", r.stdout);
    let md = run_in(t.dir(), &["report", "a.yaml", "--format", "md"], None);
    assert!(md.stdout.contains(warning), "{}", md.stdout);
    let j = run_in(t.dir(), &["score", "a.yaml", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    assert_eq!(v["capability_warnings"].as_array().unwrap().len(), 1);
    // Level 1 reached: the axes agree, no warning.
    run(&["capability", "a.yaml", "8.1", "--pa", "1.1=L"]);
    let r = run_in(t.dir(), &["score", "a.yaml"], None);
    assert!(!r.stdout.contains("Warning: 8.1"), "{}", r.stdout);
}

#[test]
fn merge_keeps_every_files_capability_and_lists_the_difference() {
    let t = Test::new().assessment("d.yaml").assessment("l.yaml");
    let ok = |args: &[&str]| {
        let r = run_in(t.dir(), args, None);
        assert_eq!(r.code, 0, "{r:?}");
        r
    };
    ok(&[
        "capability",
        "d.yaml",
        "8.1",
        "--pa",
        "1.1=F",
        "--target",
        "2",
    ]);
    ok(&["capability", "l.yaml", "8.1", "--pa", "1.1=P"]);
    ok(&["capability", "l.yaml", "8.2.1", "--pa", "1.1=L"]);
    let r = ok(&["merge", "o.yaml", "d.yaml", "l.yaml"]);
    assert!(
        r.stdout.contains("header capability differs")
            || r.stderr.contains("header capability differs"),
        "{r:?}"
    );
    let text = String::from_utf8(t.read("o.yaml")).unwrap();
    assert!(
        text.contains("capability:\n  '8.1':\n    attributes:\n      '1.1': P\n  8.2.1:\n    attributes:\n      '1.1': L\nanswers:"),
        "{text}"
    );
    ok(&["merge", "p.yaml", "d.yaml", "l.yaml", "--prefer", "d.yaml"]);
    let text = String::from_utf8(t.read("p.yaml")).unwrap();
    assert!(
        text.contains("  '8.1':\n    attributes:\n      '1.1': F\n    target: 2\n"),
        "{text}"
    );
}

#[test]
fn the_html_report_draws_a_radar_of_level_against_target() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    for p in ["8.1", "8.2.1", "8.2.2"] {
        let r = run_in(
            d,
            &["capability", "a.yaml", p, "--pa", "1.1=F", "--target", "2"],
            None,
        );
        assert_eq!(r.code, 0, "{r:?}");
    }
    let html = run_in(d, &["report", "a.yaml", "--format", "html"], None);
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(html.stdout.contains("id=\"chart-capability-radar\""));
    assert_eq!(
        html.stdout.matches("<polygon class=\"radar-").count(),
        2,
        "level and target"
    );
    for p in ["8.1", "8.2.1", "8.2.2"] {
        assert!(html.stdout.contains(&format!(">{p}</text>")), "{p}");
    }
}

#[test]
fn diff_shows_capability_per_process_and_gates_only_when_asked() {
    let t = rated();
    let d = t.dir();
    std::fs::copy(d.join("a.yaml"), d.join("old.yaml")).unwrap();
    for args in [
        // 8.1 climbs to its target, 8.2.1 falls below its own, 8.3.2 gets a target it misses.
        &[
            "capability",
            "a.yaml",
            "8.1",
            "--pa",
            "2.1=L",
            "--pa",
            "2.2=L",
        ][..],
        &["capability", "a.yaml", "8.2.1", "--pa", "1.1=P"][..],
        &["capability", "a.yaml", "8.3.2", "--target", "1"][..],
    ] {
        let r = run_in(d, args, None);
        assert_eq!(r.code, 0, "{r:?}");
    }
    for format in ["table", "md"] {
        let r = run_in(d, &["diff", "old.yaml", "a.yaml", "--format", format], None);
        assert_eq!(r.code, 0, "{r:?}");
        insta::assert_snapshot!(format!("diff_capability_{format}"), r.stdout);
    }
    let r = run_in(d, &["diff", "old.yaml", "a.yaml", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let cap = v["capability"].as_array().unwrap();
    let processes: Vec<&str> = cap.iter().map(|p| p["process"].as_str().unwrap()).collect();
    assert_eq!(processes, ["8.1", "8.2.1", "8.3.2"]);
    assert_eq!(
        (
            cap[0]["level_before"].as_u64(),
            cap[0]["level_after"].as_u64()
        ),
        (Some(1), Some(2))
    );
    assert_eq!(cap[0]["attributes"][0]["attribute"], "2.1");
    assert_eq!(cap[0]["attributes"][0]["before"], "P");
    assert_eq!(cap[0]["attributes"][1]["before"], serde_json::Value::Null);
    assert_eq!(cap[0]["regression"], false);
    assert_eq!(cap[1]["regression"], true, "level 1 -> 0, below target 1");
    assert_eq!(cap[2]["target_before"], serde_json::Value::Null);
    assert_eq!(cap[2]["regression"], true, "a new target it misses");
    assert_eq!(
        v["regression"], false,
        "capability is not a conformity regression"
    );
    assert_eq!(v["capability_regression"], true);

    // The default gate is conformity only; capability gates when asked.
    let gate = |flag: &str| run_in(d, &["diff", "old.yaml", "a.yaml", flag], None).code;
    assert_eq!(gate("--fail-on-regression"), 0);
    assert_eq!(gate("--fail-on-capability-regression"), 1);
    let back = run_in(
        d,
        &[
            "diff",
            "a.yaml",
            "old.yaml",
            "--fail-on-capability-regression",
        ],
        None,
    );
    assert_eq!(
        back.code, 1,
        "8.1 falls back to level 1, below its target 2"
    );
    let same = run_in(
        d,
        &[
            "diff",
            "a.yaml",
            "a.yaml",
            "--fail-on-capability-regression",
        ],
        None,
    );
    assert_eq!(same.code, 0);
    assert!(!same.stdout.contains("Capability"), "{}", same.stdout);
}

/// A process the catalogue does not rate (a typo, or a clause a later catalogue version
/// renumbered) is warned about with its place and kept: scoring leaves it out, and every
/// command that writes the file, `capability` and `migrate` among them, writes it back.
#[test]
fn a_process_the_catalogue_does_not_rate_is_kept_with_a_warning() {
    let t =
        with_capability("capability:\n  '8.77':\n    attributes:\n      '1.1': L\n    target: 2\n");
    let r = run_in(t.dir(), &["score", "a.yaml", "--format", "json"], None);
    assert_eq!(r.code, 0, "{r:?}");
    insta::assert_snapshot!(r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let s = v.to_string();
    assert!(!s.contains("8.77"), "not scored: {s}");

    let r = run_in(
        t.dir(),
        &["capability", "a.yaml", "8.1", "--pa", "1.1=F"],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let text = String::from_utf8(t.read("a.yaml")).unwrap();
    let at = |k: &str| text.find(k).unwrap_or_else(|| panic!("{k} in {text}"));
    assert!(
        at("  '8.1':") < at("  '8.77':"),
        "catalogue processes first: {text}"
    );
    assert!(
        text.contains("  '8.77':\n    attributes:\n      '1.1': L\n    target: 2\n"),
        "{text}"
    );

    let r = run_in(t.dir(), &["migrate", "a.yaml", "--format", "json"], None);
    assert_eq!(r.code, 0, "{r:?}");
    let m: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(m["capability_kept"], serde_json::json!(["8.77"]));
    let r = run_in(t.dir(), &["migrate", "a.yaml"], None);
    assert!(
        r.stdout.contains(
            "kept    capability of 8.77 (not a process this catalogue rates, not scored)"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(
        String::from_utf8(t.read("a.yaml")).unwrap(),
        text,
        "nothing lost"
    );
}
