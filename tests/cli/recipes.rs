//! The CI recipes in `examples/ci/`: valid for the schemas GitHub's and GitLab's validators
//! use, clean under actionlint, and their commands run in a real repository with a base
//! branch, for the pull requests that broke them: the first one that adds the assessment,
//! one that regresses, one from a fork.

use crate::support::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn recipe(name: &str) -> PathBuf {
    repo().join("examples/ci").join(name)
}

fn yaml(name: &str) -> serde_yaml::Value {
    let text = std::fs::read_to_string(recipe(name)).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
#[ignore = "needs check-jsonschema and actionlint in target/venv; bash .ci/run installs them and runs ignored tests"]
fn ci_recipes_pass_the_github_and_gitlab_schemas_and_actionlint() {
    // check-jsonschema carries the schemas it validates with (SchemaStore's GitHub
    // workflow schema and GitLab's own CI schema), so this runs offline.
    for (name, schema) in [
        ("github-actions.yml", "vendor.github-workflows"),
        ("gitlab-ci.yml", "vendor.gitlab-ci"),
    ] {
        let out = Command::new(venv_tool("check-jsonschema"))
            .args(["--builtin-schema", schema])
            .arg(recipe(name))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name} against {schema}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = Command::new(venv_tool("actionlint"))
        .args(["-no-color"])
        .arg(recipe("github-actions.yml"))
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && said.trim().is_empty(),
        "actionlint: {said}"
    );
}

/// `script` as a CI runner runs it (`bash -e -o pipefail`) in `work`, with iso20k first on
/// the PATH and a fixed day.
fn ci_shell(work: &Path, script: &str) -> Command {
    let bin_dir = Path::new(bin()).parent().unwrap().to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let mut c = Command::new("bash");
    c.args([
        "--noprofile",
        "--norc",
        "-e",
        "-o",
        "pipefail",
        "-c",
        script,
    ])
    .current_dir(work)
    .env("PATH", path)
    .env("HOME", work)
    .env("NO_COLOR", "1")
    .env("ISO20K_TODAY", "2026-11-30");
    c
}

/// A step of the GitHub recipe that runs a command.
struct Step {
    name: String,
    run: String,
    env: BTreeMap<String, String>,
    condition: Option<String>,
}

fn github_steps() -> (BTreeMap<String, String>, Vec<Step>) {
    let w = yaml("github-actions.yml");
    let strings = |v: &serde_yaml::Value| -> BTreeMap<String, String> {
        v.as_mapping()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| {
                        (
                            k.as_str().unwrap().to_string(),
                            v.as_str().unwrap().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let env = strings(&w["env"]);
    let steps = w["jobs"]["readiness"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| {
            Some(Step {
                name: s["name"].as_str()?.to_string(),
                run: s["run"].as_str()?.to_string(),
                env: strings(&s["env"]),
                condition: s["if"].as_str().map(str::to_string),
            })
        })
        .collect();
    (env, steps)
}

/// A repository as a pull request's checkout sees it: `origin/main` holds `base` (or no
/// assessment at all), the working tree `head`.
fn pull_request(dir: &Path, base: Option<&str>, head: &str) -> PathBuf {
    let origin = dir.join("origin.git");
    let work = dir.join("work");
    git(dir, &["init", "-q", "--bare", "-b", "main", "origin.git"]);
    git(dir, &["clone", "-q", "origin.git", "work"]);
    std::fs::write(
        work.join("README"),
        "the repository that holds the assessment\n",
    )
    .unwrap();
    if let Some(base) = base {
        std::fs::write(work.join("assessment.yaml"), base).unwrap();
    }
    git(&work, &["add", "."]);
    git(&work, &["commit", "-q", "-m", "base"]);
    git(&work, &["push", "-q", "origin", "HEAD:main"]);
    git(&work, &["checkout", "-q", "-b", "change"]);
    std::fs::write(work.join("assessment.yaml"), head).unwrap();
    git(&work, &["add", "assessment.yaml"]);
    git(&work, &["commit", "-q", "-m", "change"]);
    assert!(origin.is_dir());
    work
}

/// An assessment of the built-in catalogue with every requirement at `rating`, except
/// `lower` at `none`.
fn every_requirement(dir: &Path, rating: &str, lower: Option<&str>) -> String {
    let f = init(dir, "template.yaml", None);
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::remove_file(f).unwrap();
    text.lines()
        .map(|l| match l.strip_suffix(": ~") {
            Some(id) if l.starts_with("  ") => {
                let r = if Some(id.trim()) == lower {
                    "none"
                } else {
                    rating
                };
                format!("{id}:\n    rating: {r}\n")
            }
            _ => format!("{l}\n"),
        })
        .collect()
}

/// Runs each command step as GitHub's runner does (`bash -e -o pipefail`), with the
/// workflow's and the step's environment, `${{ github.base_ref }}` as `main`, iso20k on the
/// PATH; skips the install and the comment (they need the network). Returns each step's
/// exit code by name, and the job summary.
fn run_github(work: &Path) -> (BTreeMap<String, i32>, String) {
    let (env, steps) = github_steps();
    let summary = work.join("summary.md");
    std::fs::write(&summary, "").unwrap();
    let mut codes = BTreeMap::new();
    let mut failed = false;
    for step in steps {
        if step.name == "Install iso20k" || step.run.contains("gh pr comment") {
            continue;
        }
        // A step without `if` runs only while every step before it passed.
        let always = step
            .condition
            .as_deref()
            .is_some_and(|c| c.contains("always()"));
        if failed && !always {
            continue;
        }
        let mut c = ci_shell(work, &step.run);
        c.env("GITHUB_STEP_SUMMARY", &summary);
        for (k, v) in env.iter().chain(step.env.iter()) {
            let v = v.replace("${{ github.base_ref }}", "main");
            assert!(
                !v.contains("${{"),
                "{}: {k}: no stand-in for {v}",
                step.name
            );
            c.env(k, v);
        }
        let out = c.output().unwrap();
        let code = out.status.code().unwrap_or(-1);
        failed |= code != 0;
        codes.insert(step.name, code);
    }
    (codes, std::fs::read_to_string(summary).unwrap())
}

#[test]
fn github_recipe_gates_the_first_pull_request_that_adds_the_assessment() {
    let tmp = tempdir();
    let head = every_requirement(tmp.path(), "full", None);
    let work = pull_request(tmp.path(), None, &head);
    let (codes, summary) = run_github(&work);
    assert_eq!(
        codes,
        BTreeMap::from([
            ("Diff against the base branch".to_string(), 0),
            ("No regression".to_string(), 0),
            ("Readiness gate".to_string(), 0),
        ])
    );
    assert!(
        summary.contains("compared as an empty assessment"),
        "{summary}"
    );
    let junit = std::fs::read_to_string(work.join("iso20k-junit.xml")).unwrap();
    assert!(junit.contains("failures=\"0\""), "{junit}");
}

#[test]
fn github_recipe_fails_a_regression_and_still_shows_the_diff() {
    let tmp = tempdir();
    let base = every_requirement(tmp.path(), "full", None);
    let head = every_requirement(tmp.path(), "full", Some("8.1-5"));
    let work = pull_request(tmp.path(), Some(&base), &head);
    let (codes, summary) = run_github(&work);
    assert_eq!(codes["Diff against the base branch"], 0);
    assert_eq!(codes["No regression"], 1, "{codes:?}");
    assert!(
        !codes.contains_key("Readiness gate"),
        "a failed step stops the job: {codes:?}"
    );
    assert!(summary.contains("8.1-5"), "{summary}");
}

#[test]
fn github_recipe_posts_only_where_the_token_can_write() {
    let (_, steps) = github_steps();
    let post = steps
        .iter()
        .find(|s| s.run.contains("gh pr comment"))
        .expect("a step posts the diff");
    let condition = post.condition.as_deref().unwrap_or_default();
    // A fork's pull request gets a read-only token: the comment is skipped there, after
    // the gates have run, and whatever they said.
    assert!(
        condition.contains("github.event.pull_request.head.repo.full_name == github.repository"),
        "{condition}"
    );
    assert!(condition.contains("always()"), "{condition}");
    let names: Vec<&str> = steps.iter().map(|s| s.name.as_str()).collect();
    let at = |n: &str| names.iter().position(|x| *x == n).unwrap();
    assert!(at("Readiness gate") < at(&post.name) && at("No regression") < at(&post.name));
    let w = yaml("github-actions.yml");
    assert!(
        w["permissions"]["checks"].is_null(),
        "no permission it never uses"
    );
    // Expressions from the event never go into a script's text (script injection).
    for s in &steps {
        assert!(!s.run.contains("${{"), "{}: {}", s.name, s.run);
    }
}

#[test]
fn gitlab_recipe_gates_the_first_merge_request_that_adds_the_assessment() {
    let tmp = tempdir();
    let head = every_requirement(tmp.path(), "full", None);
    let work = pull_request(tmp.path(), None, &head);
    let job = &yaml("gitlab-ci.yml")["iso20k"];
    let script: Vec<&str> = job["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .filter(|l| !l.starts_with("cargo install"))
        .collect();
    let mut c = ci_shell(&work, &script.join("\n"));
    c.env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main");
    for (k, v) in job["variables"].as_mapping().unwrap() {
        c.env(k.as_str().unwrap(), v.as_str().unwrap());
    }
    let out = c.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let diff = std::fs::read_to_string(work.join("diff.md")).unwrap();
    assert!(diff.contains("compared as an empty assessment"), "{diff}");
    // The note is posted after the script, whatever the gates said.
    assert!(job["after_script"][0].as_str().unwrap().contains("/notes"));
}

#[test]
fn old_missing_ok_still_refuses_a_revision_that_does_not_exist() {
    let tmp = tempdir();
    let head = every_requirement(tmp.path(), "full", None);
    let work = pull_request(tmp.path(), None, &head);
    let ok = run_in(
        &work,
        &[
            "diff",
            "main:assessment.yaml",
            "assessment.yaml",
            "--old-missing-ok",
        ],
        None,
    );
    assert_eq!(ok.code, 0, "{ok:?}");
    let r = run_in(
        &work,
        &[
            "diff",
            "mian:assessment.yaml",
            "assessment.yaml",
            "--old-missing-ok",
        ],
        None,
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("git has no revision mian"),
        "{}",
        r.stderr
    );
    // Without the flag, a missing old side is bad input that says how to accept it.
    let r = run_in(
        &work,
        &["diff", "main:assessment.yaml", "assessment.yaml"],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--old-missing-ok"), "{}", r.stderr);
}
