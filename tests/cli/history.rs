//! `iso20k history`: every committed version of a file scored, following renames, with a
//! catalogue migration on the way; each version cross-checked against `score`.

use crate::support::*;
use std::path::Path;
use std::process::Command;

/// git with a fixed identity and fixed dates, so commit ids are the same on every run.
fn git_at(dir: &Path, when: &str, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Dana \u{1b}[31mWhitfield")
        .env("GIT_AUTHOR_EMAIL", "dana@example.org")
        .env("GIT_COMMITTER_NAME", "Dana Whitfield")
        .env("GIT_COMMITTER_EMAIL", "dana@example.org")
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// A repository whose assessment starts on catalogue 1.0.0 (the first stage's), is
/// migrated, renamed, and improved over four more commits; the working tree has one more
/// answer.
fn repository(d: &Path) {
    git_at(d, "2026-06-01T09:00:00Z", &["init", "-q", "-b", "main"]);
    std::fs::copy(
        fixture("assessments/acme-hosting-v1.0.0.yaml"),
        d.join("acme.yaml"),
    )
    .unwrap();
    git_at(d, "2026-06-01T09:00:00Z", &["add", "acme.yaml"]);
    git_at(
        d,
        "2026-06-01T09:00:00Z",
        &["commit", "-q", "-m", "first assessment"],
    );
    let r = run_in(d, &["migrate", "acme.yaml"], None);
    assert_eq!(r.code, 0, "{r:?}");
    git_at(
        d,
        "2026-06-08T09:00:00Z",
        &["commit", "-q", "-am", "catalogue 2.0.0"],
    );
    git_at(
        d,
        "2026-06-15T09:00:00Z",
        &["mv", "acme.yaml", "assessment.yaml"],
    );
    git_at(d, "2026-06-15T09:00:00Z", &["commit", "-q", "-m", "rename"]);
    for (i, (id, rating)) in [
        ("4.1-3", "full"),
        ("6.1-2", "largely"),
        ("8.4.1-2", "partial"),
    ]
    .iter()
    .enumerate()
    {
        let r = run_in(d, &["answer", "assessment.yaml", id, rating], None);
        assert_eq!(r.code, 0, "{r:?}");
        let when = format!("2026-06-{}T09:00:00Z", 22 + 7 * i.min(1) + i);
        git_at(d, &when, &["commit", "-q", "-am", &format!("improve {id}")]);
    }
    let r = run_in(d, &["answer", "assessment.yaml", "9.2-8", "full"], None);
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn history_scores_every_version_following_renames_and_migrations() {
    let tmp = tempdir();
    let d = tmp.path();
    repository(d);
    let r = run_in(d, &["history", "assessment.yaml"], None);
    assert_eq!(r.code, 0, "{r:?}");
    insta::assert_snapshot!("history_table", r.snapshot(d));
    let md = run_in(d, &["history", "assessment.yaml", "--format", "md"], None);
    insta::assert_snapshot!("history_md", md.snapshot(d));
    let json = run_in(d, &["history", "assessment.yaml", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let versions = v["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 7, "six commits and the working tree");
    assert_eq!(versions[0]["path"], "acme.yaml");
    assert_eq!(versions[0]["catalogue_version"], "1.0.0");
    assert_eq!(versions[0]["migrated"], true);
    assert_eq!(versions[2]["path"], "assessment.yaml");
    assert!(versions[6]["commit"].is_null());
    // Each version scores as `score` scores that version's file (migrated first where it
    // names an older catalogue).
    let log = git_at(
        d,
        "2026-07-01T00:00:00Z",
        &["log", "--format=%H", "--follow", "--", "assessment.yaml"],
    );
    let mut ids: Vec<&str> = log.lines().collect();
    ids.reverse();
    for (i, id) in ids.iter().enumerate() {
        let path = versions[i]["path"].as_str().unwrap();
        assert_eq!(versions[i]["commit"], *id);
        let text = git_at(
            d,
            "2026-07-01T00:00:00Z",
            &["show", &format!("{id}:{path}")],
        );
        let file = format!("v{i}.yaml");
        std::fs::write(d.join(&file), text).unwrap();
        if versions[i]["migrated"] == true {
            assert_eq!(run_in(d, &["migrate", &file], None).code, 0);
        }
        let s = run_in(d, &["score", &file, "--format", "json"], None);
        let s: serde_json::Value = serde_json::from_str(&s.stdout).unwrap();
        for key in ["readiness", "coverage", "answered", "verdict"] {
            assert_eq!(versions[i][key], s[key], "version {i}: {key}");
        }
        assert_eq!(
            versions[i]["findings"], s["findings"],
            "version {i}: findings"
        );
    }
}

#[test]
fn history_needs_a_file_git_knows_or_one_on_disk() {
    let tmp = tempdir();
    let d = tmp.path();
    // Outside a repository: git's word, cleaned, and exit 2.
    init(d, "a.yaml", None);
    let r = run_in(d, &["history", "a.yaml"], None);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("git cannot read its history"),
        "{}",
        r.stderr
    );
    // In a repository, a file never committed: only the working tree.
    git_at(d, "2026-06-01T09:00:00Z", &["init", "-q", "-b", "main"]);
    std::fs::write(d.join("README"), "the assessments\n").unwrap();
    git_at(d, "2026-06-01T09:00:00Z", &["add", "README"]);
    git_at(d, "2026-06-01T09:00:00Z", &["commit", "-q", "-m", "start"]);
    let r = run_in(d, &["history", "a.yaml", "--format", "json"], None);
    assert_eq!(r.code, 0, "{r:?}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["versions"].as_array().unwrap().len(), 1);
    // Neither: exit 2. A name that looks like an option is a path to git.
    let r = run_in(d, &["history", "--", "--output=x.yaml"], None);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(!d.join("x.yaml").exists());
    insta::assert_snapshot!("history_nothing", r.snapshot(d));
}

#[test]
fn history_from_another_folder_finds_the_files_repository() {
    let tmp = tempdir();
    let d = tmp.path().join("repo");
    std::fs::create_dir(&d).unwrap();
    repository(&d);
    let r = run_in(
        tmp.path(),
        &["history", "repo/assessment.yaml", "--format", "json"],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["versions"].as_array().unwrap().len(), 7);
}

#[test]
fn the_report_shows_readiness_over_time_when_git_has_versions() {
    let tmp = tempdir();
    let d = tmp.path();
    repository(d);
    let json = run_in(d, &["report", "assessment.yaml", "--format", "json"], None);
    assert_eq!(json.code, 0, "{json:?}");
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let points = v["trend"]["points"].as_array().unwrap();
    assert_eq!(points.len(), 7, "six commits and the working tree");
    let dates: Vec<&str> = points.iter().map(|p| p["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable();
    assert_eq!(dates, sorted, "on a time axis");
    assert_eq!(points[6]["version"], "working tree");
    assert_eq!(
        points[6]["date"], "2026-11-30",
        "the working tree is dated as of today"
    );
    assert_eq!(v["trend"]["from"], "2026-06-01");
    // The same figures as history.
    let h = run_in(d, &["history", "assessment.yaml", "--format", "json"], None);
    let h: serde_json::Value = serde_json::from_str(&h.stdout).unwrap();
    for (p, x) in points.iter().zip(h["versions"].as_array().unwrap()) {
        assert_eq!(p["readiness"], x["readiness"]);
    }
    let html = run_in(d, &["report", "assessment.yaml", "--format", "html"], None);
    assert!(
        html.stdout
            .contains("<h3 id=\"trend\">Readiness over time</h3>")
    );
    let line = html
        .stdout
        .lines()
        .find(|l| l.contains("class=\"trend-line\""))
        .expect("the line");
    assert_eq!(line.matches(',').count(), 7, "{line}");
    let r = run_in(d, &["report", "assessment.yaml", "-o", "r.docx"], None);
    assert_eq!(r.code, 0, "{r:?}");
    let mut z = zip::ZipArchive::new(std::fs::File::open(d.join("r.docx")).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("Readiness over time"));
    assert!(
        xml.contains("versions of the assessment in git, from"),
        "the chart's caption"
    );
    // The trend chart is a 600 x 220 PNG among the document's pictures.
    let sizes: Vec<(u32, u32)> = (0..z.len())
        .filter_map(|i| {
            let mut f = z.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            if !name.starts_with("word/media/") {
                return None;
            }
            let mut png = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut png).unwrap();
            assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
            let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
            Some((be(16), be(20)))
        })
        .collect();
    assert!(sizes.contains(&(600, 220)), "{sizes:?}");
    // Outside git there is no trend, and nothing else changes.
    let out = tempdir();
    std::fs::copy(d.join("assessment.yaml"), out.path().join("a.yaml")).unwrap();
    let v = run_in(out.path(), &["report", "a.yaml", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_str(&v.stdout).unwrap();
    assert!(v["trend"].is_null());
}

/// A repository comes from anyone: its settings that would run a program when git reads
/// the history (an fsmonitor hook, an external diff, a textconv filter) are not obeyed.
#[test]
fn history_runs_no_program_a_repository_names() {
    let tmp = tempdir();
    let d = tmp.path();
    repository(d);
    let mark = d.join("ran");
    let cmd = format!("touch {} #", mark.display());
    for (key, value) in [
        ("core.fsmonitor", cmd.as_str()),
        ("diff.external", cmd.as_str()),
        ("diff.yaml.textconv", cmd.as_str()),
        ("core.pager", cmd.as_str()),
    ] {
        git_at(d, "2026-07-01T00:00:00Z", &["config", key, value]);
    }
    std::fs::write(d.join(".gitattributes"), "*.yaml diff=yaml\n").unwrap();
    for args in [
        &["history", "assessment.yaml"][..],
        &["report", "assessment.yaml", "--format", "json"][..],
        &["diff", "HEAD~1:assessment.yaml", "assessment.yaml"][..],
    ] {
        let r = run_in(d, args, None);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        assert!(
            !mark.exists(),
            "{args:?} ran a program the repository names"
        );
    }
}
