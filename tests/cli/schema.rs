//! `iso20k schema NAME`: the published schemas are the generated ones, the files iso20k
//! reads and every JSON it prints validate against them, and JSON keys keep one type.

use super::support::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const NAMES: [&str; 9] = [
    "catalogue",
    "assessment",
    "history",
    "report",
    "score",
    "check",
    "diff",
    "actions",
    "migrate",
];
const ACME: &str = "examples/acme-hosting.yaml";

fn schema(name: &str) -> Value {
    let r = run(&["schema", name]);
    assert_eq!(r.code, 0, "{r:?}");
    serde_json::from_str(&r.stdout).unwrap()
}

/// Every problem `instance` has against `schema`, one line each.
fn problems(schema: &Value, instance: &Value) -> Vec<String> {
    let v = jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap();
    v.iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(name: &str, what: &str, instance: &Value) {
    let found = problems(&schema(name), instance);
    assert!(
        found.is_empty(),
        "{what} does not validate against the {name} schema:\n{}",
        found.join("\n")
    );
}

/// A YAML file as an editor's YAML language server sees it (YAML 1.2).
fn yaml(path: &Path) -> Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn json_of(r: &Run) -> Value {
    assert!(r.code == 0 || r.code == 1, "{r:?}");
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

#[test]
fn the_published_schemas_are_the_generated_ones() {
    let bless = std::env::var_os("ISO20K_BLESS").is_some();
    let mut stale = Vec::new();
    for name in NAMES {
        let r = run(&["schema", name]);
        assert_eq!(r.code, 0, "{r:?}");
        let path = repo().join(format!("schemas/{name}.schema.json"));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(r.stdout.as_str()) {
            if bless {
                std::fs::write(&path, &r.stdout).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "out of date: {}\nregenerate them with `ISO20K_BLESS=1 cargo test --test cli schema` and commit schemas/",
        stale.join(", ")
    );
}

#[test]
fn every_schema_is_a_valid_2020_12_schema() {
    for name in NAMES {
        let s = schema(name);
        assert_eq!(
            s["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        if let Err(e) = jsonschema::meta::validate(&s) {
            panic!("{name}: {e}");
        }
    }
}

#[test]
fn catalogues_and_assessments_in_the_repository_validate() {
    for rel in [
        "clauses/iso20000-1-2018.yaml",
        "tests/fixtures/catalogues/iso20000-1-2018-v1.0.0.yaml",
        "tests/fixtures/catalogues/mini.yaml",
    ] {
        assert_valid("catalogue", rel, &yaml(&repo().join(rel)));
    }
    let mut assessments = vec![repo().join(ACME)];
    for e in std::fs::read_dir(fixture("assessments")).unwrap() {
        assessments.push(e.unwrap().path());
    }
    for path in &assessments {
        assert_valid("assessment", &path.display().to_string(), &yaml(path));
    }
}

#[test]
fn files_iso20k_writes_validate() {
    let t = Test::new().assessment("a.yaml");
    let answers: [&[&str]; 3] = [
        &[
            "4.1-4",
            "partial",
            "--note",
            "Seen: 12",
            "--evidence",
            "Context analysis v3@2026-01-02",
            "--evidence",
            "true",
            "--action",
            "Refresh it",
            "--owner",
            "Kim",
            "--due",
            "2027-01-31",
            "--status",
            "in-progress",
            "--target",
            "largely",
            "--finding",
            "major",
            "--method",
            "document-review",
            "--interviewee",
            "Quality lead",
            "--assessor",
            "Lee",
            "--gap",
            "No review",
            "--recommendation",
            "Review yearly",
        ],
        &["8.1-5", "largely", "--operated-by", "external-supplier"],
        &["9.2-8", "0"],
    ];
    for a in answers {
        let mut args = vec!["answer", "a.yaml"];
        args.extend_from_slice(a);
        let r = run_in(t.dir(), &args, None);
        assert_eq!(r.code, 0, "{r:?}");
    }
    assert_valid(
        "assessment",
        "a file written by answer",
        &yaml(&t.path("a.yaml")),
    );
    // What `migrate` writes from a format-1 file.
    let t = Test::new().file(
        "old.yaml",
        std::fs::read(fixture("assessments/acme-hosting-v1.0.0.yaml")).unwrap(),
    );
    let r = run_in(t.dir(), &["migrate", "old.yaml"], None);
    assert_eq!(r.code, 0, "{r:?}");
    assert_valid("assessment", "a migrated file", &yaml(&t.path("old.yaml")));
}

#[test]
fn the_schemas_refuse_what_iso20k_refuses() {
    let text = std::fs::read_to_string(repo().join(ACME)).unwrap();
    for (what, from, to) in [
        (
            "an unknown field",
            "    rating: largely\n",
            "    rating: largely\n    ratin: x\n",
        ),
        ("an unknown method", "method: interview", "method: chat"),
        ("an unknown status", "status: open", "status: started"),
        (
            "a date that is not one",
            "as_of: 2026-11-30",
            "as_of: 2026-13-40",
        ),
    ] {
        assert!(text.contains(from), "{what}: the example has {from:?}");
        let broken: Value = serde_yaml::from_str(&text.replacen(from, to, 1)).unwrap();
        assert!(
            !problems(&schema("assessment"), &broken).is_empty(),
            "the assessment schema accepts {what}"
        );
        let t = Test::new().file("a.yaml", text.replacen(from, to, 1));
        assert_eq!(
            run_in(t.dir(), &["score", "a.yaml"], None).code,
            2,
            "{what}"
        );
    }
    let cat = std::fs::read_to_string(repo().join("clauses/iso20000-1-2018.yaml")).unwrap();
    let broken: Value =
        serde_yaml::from_str(&cat.replacen("documented: document", "documented: policy", 1))
            .unwrap();
    assert!(!problems(&schema("catalogue"), &broken).is_empty());
}

/// Every JSON output of every command, with the schema it follows.
fn every_output() -> Vec<(String, &'static str, Value)> {
    let t = Test::new()
        .file(
            "old.yaml",
            std::fs::read(fixture("assessments/diff-old.yaml")).unwrap(),
        )
        .file(
            "new.yaml",
            std::fs::read(fixture("assessments/diff-new.yaml")).unwrap(),
        )
        .file(
            "v1.yaml",
            std::fs::read(fixture("assessments/acme-hosting-v1.0.0.yaml")).unwrap(),
        )
        .file("acme.yaml", std::fs::read(repo().join(ACME)).unwrap())
        .assessment("empty.yaml");
    let d = t.dir();
    let runs: Vec<(&'static str, Vec<&str>)> = vec![
        ("score", vec!["score", "acme.yaml"]),
        ("score", vec!["score", "empty.yaml"]),
        ("score", vec!["score", "new.yaml"]),
        ("check", vec!["check", "acme.yaml"]),
        ("check", vec!["check", "empty.yaml", "--min-coverage", "0"]),
        (
            "check",
            vec![
                "check",
                "acme.yaml",
                "--min-readiness",
                "70",
                "--min-coverage",
                "50",
                "--max-major",
                "0",
                "--max-minor",
                "200",
                "--stage",
                "2",
                "--fail-on-stale-evidence",
            ],
        ),
        ("diff", vec!["diff", "old.yaml", "new.yaml"]),
        ("diff", vec!["diff", "new.yaml", "new.yaml"]),
        ("diff", vec!["diff", "empty.yaml", "acme.yaml"]),
        ("actions", vec!["actions", "acme.yaml"]),
        ("actions", vec!["actions", "acme.yaml", "--overdue"]),
        ("actions", vec!["actions", "empty.yaml"]),
        ("report", vec!["report", "acme.yaml"]),
        ("report", vec!["report", "empty.yaml"]),
        ("report", vec!["report", "new.yaml"]),
        ("migrate", vec!["migrate", "v1.yaml", "--dry-run"]),
        ("migrate", vec!["migrate", "acme.yaml", "--dry-run"]),
        ("catalogue", vec!["catalogue", "list"]),
    ];
    let mut out = Vec::new();
    // history reads git: a folder of its own where the example is committed, then broken
    // in a commit (an unreadable version), then mended and changed in the working tree.
    let h = tempdir();
    let hd = h.path();
    let acme = std::fs::read(repo().join(ACME)).unwrap();
    git(hd, &["init", "-q", "-b", "main"]);
    std::fs::write(hd.join("acme.yaml"), &acme).unwrap();
    git(hd, &["add", "acme.yaml"]);
    git(hd, &["commit", "-q", "-m", "first"]);
    std::fs::write(hd.join("acme.yaml"), "not: an assessment\n").unwrap();
    git(hd, &["commit", "-q", "-am", "broken"]);
    std::fs::write(hd.join("acme.yaml"), &acme).unwrap();
    assert_eq!(
        run_in(hd, &["answer", "acme.yaml", "4.1-3", "full"], None).code,
        0
    );
    let r = run_in(hd, &["history", "acme.yaml", "--format", "json"], None);
    out.push((
        "history acme.yaml --format json".to_string(),
        "history",
        json_of(&r),
    ));
    for (name, mut args) in runs {
        args.extend(["--format", "json"]);
        if ["score", "check", "report"].contains(&args[0]) {
            args.extend(["--as-of", "2026-12-02"]);
        }
        let r = run_in(d, &args, None);
        out.push((args.join(" "), name, json_of(&r)));
    }
    out
}

#[test]
fn every_json_output_validates_against_its_schema() {
    for (what, name, v) in every_output() {
        assert_valid(name, &what, &v);
    }
    // `catalogue show` prints one clause or one requirement of the catalogue schema.
    let mut s = schema("catalogue");
    for (id, def) in [("8.5.1", "Clause"), ("9.2-8", "Requirement")] {
        s["$ref"] = format!("#/$defs/{def}").into();
        for key in ["properties", "required", "additionalProperties", "type"] {
            s.as_object_mut().unwrap().remove(key);
        }
        let v = json_of(&run(&["catalogue", "show", id, "--format", "json"]));
        let found = problems(&s, &v);
        assert!(found.is_empty(), "catalogue show {id}: {found:?}");
    }
}

/// Every key of a JSON value with the types it holds there (a list names its items' types).
fn key_types(v: &Value, place: &str, out: &mut BTreeMap<String, BTreeMap<String, String>>) {
    fn kind(v: &Value) -> String {
        match v {
            Value::Null => "null".into(),
            Value::Bool(_) => "boolean".into(),
            Value::Number(_) => "number".into(),
            Value::String(_) => "string".into(),
            Value::Object(_) => "object".into(),
            Value::Array(a) => {
                let mut items: Vec<String> = a.iter().map(kind).collect();
                items.sort();
                items.dedup();
                format!("list of {}", items.join(" | "))
            }
        }
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let here = format!("{place}.{k}");
                let t = kind(x);
                // Null is "absent", and an empty list says nothing of its items.
                if t != "null" && t != "list of " {
                    out.entry(k.clone())
                        .or_default()
                        .entry(t)
                        .or_insert(here.clone());
                }
                key_types(x, &here, out);
            }
        }
        Value::Array(a) => a
            .iter()
            .for_each(|x| key_types(x, &format!("{place}[]"), out)),
        _ => {}
    }
}

#[test]
fn a_key_has_one_type_in_every_json_output() {
    let mut types = BTreeMap::new();
    for (what, name, v) in every_output() {
        // The catalogue's JSON is its file format, with the keys its YAML has.
        if name != "catalogue" {
            key_types(&v, &what, &mut types);
        }
    }
    let mixed: Vec<String> = types
        .iter()
        .filter(|(_, t)| t.len() > 1)
        .map(|(k, t)| format!("`{k}`: {t:?}"))
        .collect();
    assert!(
        mixed.is_empty(),
        "keys with more than one type:\n{}",
        mixed.join("\n")
    );
    // The test sees the keys it is about.
    for key in ["stale_evidence", "actual", "requirement_ids", "catalogue"] {
        assert!(types.contains_key(key), "{key}");
    }
}

#[test]
fn the_editor_hint_is_written_and_a_files_own_survives_every_rewrite() {
    let t = Test::new().assessment("a.yaml");
    let text = std::fs::read_to_string(t.path("a.yaml")).unwrap();
    assert!(
        text.starts_with(
            "# yaml-language-server: $schema=assessment.schema.json\n# iso20k assessment"
        ),
        "{}",
        &text[..120]
    );
    let own = "# yaml-language-server: $schema=../schemas/assessment.schema.json";
    std::fs::write(
        t.path("a.yaml"),
        text.replacen(text.lines().next().unwrap(), own, 1),
    )
    .unwrap();
    let r = run_in(t.dir(), &["answer", "a.yaml", "4.1-4", "full"], None);
    assert_eq!(r.code, 0, "{r:?}");
    let r = run_in(
        t.dir(),
        &["assess", "a.yaml"],
        Some("largely\n\n\n\n\n\nq\n"),
    );
    assert_eq!(r.code, 0, "{r:?}");
    let after = std::fs::read_to_string(t.path("a.yaml")).unwrap();
    assert_eq!(after.lines().next(), Some(own));
    assert!(after.contains("  4.1-4:\n    rating: full"), "answer saved");
    assert!(
        after.contains("    rating: largely"),
        "assess saved: {after}"
    );
    // The example in this repository points at the published schema.
    let example = std::fs::read_to_string(repo().join(ACME)).unwrap();
    assert_eq!(example.lines().next(), Some(own));
    assert!(repo().join("schemas/assessment.schema.json").exists());
}
