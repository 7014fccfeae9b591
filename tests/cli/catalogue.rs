//! The built-in catalogue and `catalogue list | show | validate`.

use super::support::*;
use std::collections::HashSet;

#[test]
fn built_in_catalogue_is_complete() {
    let r = run(&["catalogue", "list", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["id"], "iso-iec-20000-1-2018");
    assert_eq!(v["edition"], "2018 + Amd 1:2024");

    let mut headings = 0;
    let mut leaves = 0;
    let mut reqs = Vec::new();
    let mut documented_clauses = HashSet::new();
    fn walk(
        c: &serde_json::Value,
        h: &mut usize,
        l: &mut usize,
        reqs: &mut Vec<String>,
        docs: &mut HashSet<String>,
    ) {
        *h += 1;
        let id = c["id"].as_str().unwrap().to_string();
        let children = c["clauses"].as_array().unwrap();
        let rs = c["requirements"].as_array().unwrap();
        if children.is_empty() {
            *l += 1;
            assert!(
                !rs.is_empty() || c["informative"] == true,
                "leaf {id} has requirements or is informative"
            );
        }
        for r in rs {
            let rid = r["id"].as_str().unwrap();
            let (clause, n) = rid.rsplit_once('-').unwrap();
            assert_eq!(clause, id, "{rid} is numbered under its clause");
            assert!(n.parse::<u32>().unwrap() >= 1);
            for field in ["question", "guidance"] {
                assert!(
                    r[field].as_str().unwrap().len() > 20,
                    "{rid} has a real {field}"
                );
            }
            assert!(
                !r["evidence"].as_array().unwrap().is_empty(),
                "{rid} lists evidence"
            );
            if !r["documented"].is_null() {
                docs.insert(id.clone());
            }
            reqs.push(rid.to_string());
        }
        for ch in children {
            walk(ch, h, l, reqs, docs);
        }
    }
    for c in v["clauses"].as_array().unwrap() {
        walk(
            c,
            &mut headings,
            &mut leaves,
            &mut reqs,
            &mut documented_clauses,
        );
    }
    assert_eq!(headings, 77);
    assert_eq!(leaves, 57);
    assert!(reqs.len() >= 200, "{} requirements", reqs.len());
    let unique: HashSet<&String> = reqs.iter().collect();
    assert_eq!(unique.len(), reqs.len(), "requirement ids are unique");

    // Every clause for which the standard requires documented information.
    for clause in [
        "4.3", "5.2.2", "6.1", "6.2.1", "6.3", "7.2", "7.5.4", "8.2.2", "8.2.4", "8.2.6", "8.3.2",
        "8.3.3", "8.3.4.1", "8.3.4.2", "8.5.1.1", "8.5.1.2", "8.6.1", "8.6.2", "8.6.3", "8.7.1",
        "8.7.2", "8.7.3.1", "8.7.3.3", "9.1", "9.2", "9.3", "9.4", "10.1", "10.2",
    ] {
        assert!(
            documented_clauses.contains(clause),
            "{clause} has a documented requirement"
        );
    }
    // The climate-change item of Amd 1:2024 sits under 4.1.
    assert!(r.stdout.to_lowercase().contains("climate"));
}

#[test]
fn validate_built_in_reports_counts() {
    let r = run(&["catalogue", "validate", "clauses/iso20000-1-2018.yaml"]);
    insta::assert_snapshot!("validate_built_in", r.snapshot(&repo()));
}

#[test]
fn catalogue_list_table() {
    let r = run(&["catalogue", "list", "--depth", "2"]);
    insta::assert_snapshot!("catalogue_list_depth_2", r.snapshot(&repo()));
}

#[test]
fn catalogue_show_clause_and_requirement() {
    let r = run(&[
        "catalogue",
        "show",
        "8.5.1",
        "--catalogue",
        "tests/fixtures/catalogues/mini.yaml",
    ]);
    assert_eq!(r.code, 2, "8.5.1 is not in the mini catalogue");
    let r = run(&[
        "catalogue",
        "show",
        "2",
        "--catalogue",
        "tests/fixtures/catalogues/mini.yaml",
    ]);
    insta::assert_snapshot!("show_clause_mini", r.snapshot(&repo()));
    let r = run(&["catalogue", "show", "8.6.1-1"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with("8.6.1 Incident management\n\n8.6.1-1"),
        "{}",
        r.stdout
    );
    let r = run(&["catalogue", "show", "8.6.1-1", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["id"], "8.6.1-1");
    let r = run(&["catalogue", "show", "8.61"]);
    insta::assert_snapshot!("show_unknown", r.snapshot(&repo()));
}

#[test]
fn every_broken_catalogue_exits_2_naming_the_place() {
    let dir = fixture("catalogues");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("broken-"))
        .collect();
    names.sort();
    assert!(names.len() >= 15);
    for name in names {
        let r = run_in(&dir, &["catalogue", "validate", &name], None);
        assert_eq!(r.code, 2, "{name}: {r:?}");
        assert!(r.stdout.is_empty());
        assert!(
            r.stderr.starts_with(&format!("error: {name}:")),
            "{name} names the file: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"));
        insta::assert_snapshot!(name.trim_end_matches(".yaml").to_string(), r.snapshot(&dir));
        // The same catalogue given with --catalogue to another command fails the same way.
        let r2 = run_in(&dir, &["catalogue", "list", "--catalogue", &name], None);
        assert_eq!(r2.code, 2);
        assert_eq!(r2.stderr, r.stderr);
    }
}

#[test]
fn unreadable_catalogue_inputs() {
    let tmp = tempdir();
    std::fs::write(tmp.path().join("empty.yaml"), "").unwrap();
    std::fs::write(tmp.path().join("binary.yaml"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    for args in [
        vec!["catalogue", "validate", "empty.yaml"],
        vec!["catalogue", "validate", "binary.yaml"],
        vec!["catalogue", "validate", "."],
        vec!["catalogue", "validate", "missing.yaml"],
    ] {
        let r = run_in(tmp.path(), &args, None);
        assert_eq!(r.code, 2, "{args:?}");
        insta::assert_snapshot!(
            format!("unreadable_{}", args[2].replace('.', "dot")),
            r.snapshot(tmp.path())
        );
    }
}

#[test]
fn bad_usage_is_exit_2() {
    let r = run(&["score"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("Usage:"));
    let r = run(&["frobnicate"]);
    assert_eq!(r.code, 2);
}

#[test]
fn a_catalogue_rebuilt_from_its_json_behaves_the_same() {
    let json = run(&["catalogue", "list", "--format", "json"]);
    assert_eq!(json.code, 0, "{json:?}");
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    // The keys the YAML has, as it has them: what other parties operate, a stage that
    // includes another (its own rules only), a clause's defaults for its requirements.
    assert_eq!(v["clauses"][4]["id"], "8");
    assert_eq!(v["clauses"][4]["other_parties"], true);
    assert_eq!(v["readiness"][1]["includes"], "stage-1-ready");
    let yaml: serde_json::Value = serde_yaml::from_str(
        &std::fs::read_to_string(repo().join("clauses/iso20000-1-2018.yaml")).unwrap(),
    )
    .unwrap();
    let rules = |v: &serde_json::Value| v["readiness"][1]["rules"].as_array().unwrap().len();
    assert_eq!(rules(&v), rules(&yaml));
    assert!(v["clauses"][0]["clauses"][0]["interview"].is_array());
    let t = Test::new().file("built-in.json", &json.stdout).file(
        "acme.yaml",
        std::fs::read(repo().join("examples/acme-hosting.yaml")).unwrap(),
    );
    let d = t.dir();
    for args in [
        &["score", "acme.yaml", "--as-of", "2026-12-02"][..],
        &[
            "score",
            "acme.yaml",
            "--as-of",
            "2026-12-02",
            "--format",
            "json",
        ],
        &[
            "check",
            "acme.yaml",
            "--stage",
            "2",
            "--as-of",
            "2026-12-02",
        ],
        &["report", "acme.yaml", "--as-of", "2026-12-02"],
        &["catalogue", "list", "--format", "json"],
        &["catalogue", "show", "8.2.3", "--format", "json"],
    ] {
        let built_in = run_in(d, args, None);
        let mut rebuilt_args = vec!["--catalogue", "built-in.json"];
        rebuilt_args.extend_from_slice(args);
        let rebuilt = run_in(d, &rebuilt_args, None);
        assert_eq!(rebuilt.code, built_in.code, "{args:?}: {}", rebuilt.stderr);
        assert_eq!(rebuilt.stdout, built_in.stdout, "{args:?}");
    }
    // Answers may still record who operates a clause 8 process.
    let r = run_in(
        d,
        &[
            "--catalogue",
            "built-in.json",
            "answer",
            "acme.yaml",
            "8.1-5",
            "partial",
            "--operated-by",
            "external-supplier",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let r = run_in(
        d,
        &[
            "--catalogue",
            "built-in.json",
            "answer",
            "acme.yaml",
            "4.1-4",
            "partial",
            "--operated-by",
            "external-supplier",
        ],
        None,
    );
    assert_eq!(r.code, 2, "clause 4 stays the organization's own: {r:?}");
}
