//! `iso20k migrate`: the 1.0.0 example carried to catalogue 2.0.0 with nothing lost.

use crate::support::*;
use serde_json::Value;

/// Every note, evidence reference and action text of an assessment, with the answer's id.
fn texts(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for r in v["requirements"].as_array().unwrap() {
        if let Some(n) = r["note"].as_str() {
            out.push(n.to_string());
        }
        for e in r["evidence"].as_array().unwrap() {
            out.push(e["reference"].as_str().unwrap().to_string());
        }
        if let Some(w) = r["action"]["what"].as_str() {
            out.push(w.to_string());
        }
    }
    out
}

fn report_json(d: &std::path::Path, file: &str, catalogue: Option<&str>) -> Value {
    let mut args = vec!["report", file, "--format", "json"];
    if let Some(c) = catalogue {
        args.extend(["--catalogue", c]);
    }
    let r = run_in(d, &args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

#[test]
fn the_1_0_0_example_moves_to_2_0_0_with_every_note_evidence_and_action() {
    let tmp = tempdir();
    let d = tmp.path();
    std::fs::copy(
        fixture("assessments/acme-hosting-v1.0.0.yaml"),
        d.join("a.yaml"),
    )
    .unwrap();
    std::fs::copy(
        fixture("catalogues/iso20000-1-2018-v1.0.0.yaml"),
        d.join("old.yaml"),
    )
    .unwrap();
    let before = report_json(d, "a.yaml", Some("old.yaml"));
    let original = std::fs::read(d.join("a.yaml")).unwrap();

    // A dry run lists the moves and writes nothing.
    let dry = run_in(d, &["migrate", "a.yaml", "--dry-run"], None);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(
        dry.stdout.contains("version 1.0.0 -> 2.0.0 (dry run"),
        "{}",
        dry.stdout
    );
    assert_eq!(std::fs::read(d.join("a.yaml")).unwrap(), original);

    let r = run_in(d, &["migrate", "a.yaml", "--format", "json"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let m: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(m["from_version"], "1.0.0");
    assert_eq!(m["to_version"], "2.0.0");
    let moves = m["moves"].as_array().unwrap();
    let kind = |k: &str| moves.iter().filter(|x| x["kind"] == k).count();
    assert!(kind("split") > 0 && kind("merged") > 0 && kind("moved") > 0);
    assert_eq!(kind("unknown"), 0, "every 1.0.0 id is known to 2.0.0");
    // A split copies the answer to every successor, each marked for review.
    let split = moves.iter().find(|x| x["from"] == "5.1-8").unwrap();
    assert_eq!(split["kind"], "split");
    assert_eq!(split["to"].as_array().unwrap().len(), 4);

    let after = report_json(d, "a.yaml", None);
    assert_eq!(after["catalogue"]["version"], "2.0.0");
    let mut lost: Vec<String> = Vec::new();
    let kept = texts(&after).join("\n");
    for t in texts(&before) {
        if !kept.contains(&t) {
            lost.push(t);
        }
    }
    // An answer whose id was retired with no successor stays in the file, listed apart.
    let unknown: Vec<&str> = after["unknown_answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(unknown, ["8.2.5-3", "8.3.1-1", "8.5.1.2-3"]);
    let file = std::fs::read_to_string(d.join("a.yaml")).unwrap();
    lost.retain(|t| !file.contains(t.lines().next().unwrap_or(t)));
    assert!(lost.is_empty(), "lost in migration: {lost:#?}");
    for r in after["requirements"].as_array().unwrap() {
        if r["id"] == "5.1-11" {
            assert!(r["review"].as_str().unwrap().contains("5.1-8"), "{r}");
        }
    }
    // Migrating again moves nothing and changes nothing.
    let again = run_in(d, &["migrate", "a.yaml"], None);
    assert_eq!(again.code, 0);
    assert!(
        again.stdout.contains("0 answers moved, 0 split, 0 merged"),
        "{}",
        again.stdout
    );
    assert_eq!(std::fs::read_to_string(d.join("a.yaml")).unwrap(), file);
}

#[test]
fn an_assessment_for_another_catalogue_is_refused() {
    let tmp = tempdir();
    let d = tmp.path();
    std::fs::copy(fixture("catalogues/mini.yaml"), d.join("mini.yaml")).unwrap();
    let init = run_in(
        d,
        &[
            "init",
            "a.yaml",
            "--org",
            "O",
            "--scope",
            "S",
            "--catalogue",
            "mini.yaml",
        ],
        None,
    );
    assert_eq!(init.code, 0, "{}", init.stderr);
    let r = run_in(d, &["migrate", "a.yaml"], None);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--catalogue"), "{}", r.stderr);
}
