//! Hostile input: everything a person or a broken tool can hand iso20k. Each case must end
//! with exit 2 and one clear message naming the file and the place, with no panic and no
//! backtrace (even with RUST_BACKTRACE=1), and must leave every file as it was.
//!
//! One test per case; each snapshots the whole outcome and checks that the message names
//! the file and, where there is one, the place.
//!
//! Hostile text that is valid is saved so that other YAML readers read it back as given:
//! the last tests read saved files with PyYAML, whose YAML 1.1 takes `no` for false.

use crate::support::*;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

/// A valid assessment of the built-in catalogue, as `init` writes it.
fn assessment() -> String {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let tmp = tempdir();
        std::fs::read_to_string(init(tmp.path(), "a.yaml", None)).unwrap()
    })
    .clone()
}

/// A valid assessment of the mini catalogue.
fn mini_assessment() -> Vec<u8> {
    let tmp = tempdir();
    std::fs::read(init(
        tmp.path(),
        "m.yaml",
        Some(&fixture("catalogues/mini.yaml")),
    ))
    .unwrap()
}

fn catalogue() -> String {
    std::fs::read_to_string(fixture("catalogues/mini.yaml")).unwrap()
}

/// The assessment with `yaml` as the answer to 4.1-4.
fn with_answer(yaml: &str) -> Vec<u8> {
    assessment()
        .replace("  4.1-4: ~", &format!("  4.1-4:\n{yaml}"))
        .into_bytes()
}

/// Nine levels of aliases, each nine times the one below.
fn alias_bomb(top: &str) -> Vec<u8> {
    let mut s = format!(
        "{top}\nlol: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    );
    let mut prev = "a".to_string();
    for n in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
        s.push_str(&format!(
            "{n}: &{n} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
        prev = n.to_string();
    }
    s.into_bytes()
}

/// 50 MB, over the 16 MiB limit.
fn big() -> Vec<u8> {
    vec![b'#'; 50 * 1024 * 1024]
}

/// Bytes that are no text, with a NUL among them.
fn binary() -> Vec<u8> {
    let mut binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    binary[10] = 0;
    binary
}

/// Flow sequences nested 20,000 deep.
fn deep() -> String {
    format!("{}{}", "[".repeat(20_000), "]".repeat(20_000))
}

/// Three million characters on one line.
fn long() -> String {
    "x".repeat(3_000_000)
}

/// Runs a hostile case and checks what every one must show: exit 2, one short error
/// message naming `place`, nothing on stdout, no panic or backtrace, no file touched.
fn refused(t: Test, place: &str) -> (Test, Run) {
    let t = t.env("RUST_BACKTRACE", "1");
    let before = t.files();
    // Generous for a debug build on a busy machine; only a hang comes near it.
    let r = t
        .run_within(Duration::from_secs(120))
        .expect("iso20k ends instead of hanging");
    let stderr = &r.stderr;
    assert_eq!(r.code, 2, "exit code; stderr: {stderr}");
    assert!(stderr.starts_with("error: "), "one error message: {stderr}");
    assert!(stderr.contains(place), "message names `{place}`: {stderr}");
    for bad in ["panicked", "backtrace", "RUST_BACKTRACE", "unwrap"] {
        assert!(!stderr.contains(bad), "{bad} in {stderr}");
    }
    assert!(
        stderr.len() < 2_000,
        "a short message, not {} bytes",
        stderr.len()
    );
    assert!(r.stdout.is_empty(), "nothing on stdout");
    assert_eq!(t.files(), before, "no file created or changed");
    (t, r)
}

/// One `#[test]` per case: `name: "what the message must name" => the Test;`.
macro_rules! hostile {
    ($($name:ident: $place:literal => $test:expr;)+) => {
        $(
            #[test]
            fn $name() {
                let (t, r) = refused($test, $place);
                assert_run_snapshot!(t, r);
            }
        )+
        const _: () = assert!(
            [$(stringify!($name)),+].len() >= 40,
            "at least 40 hostile cases"
        );
    };
}

hostile! {
    // Assessment files.
    assessment_malformed_yaml: "a.yaml:" => Test::new()
        .file("a.yaml", "format: 1\nanswers: [\n  - {")
        .args(&["score", "a.yaml"]);
    assessment_wrong_type: "a.yaml:" => Test::new()
        .file("a.yaml", assessment().replace("answers:", "answers: 5\nx:"))
        .args(&["score", "a.yaml"]);
    assessment_unknown_rating: "a.yaml:14:13: answers.4.1-4.rating" => Test::new()
        .file("a.yaml", with_answer("    rating: mostly"))
        .args(&["score", "a.yaml"]);
    assessment_impossible_as_of_date: "a.yaml:10:" => Test::new()
        .file(
            "a.yaml",
            assessment().replace("as_of: 2026-11-30", "as_of: 2026-02-30"),
        )
        .args(&["score", "a.yaml"]);
    assessment_impossible_due_date: "answers.4.1-4.action.due" => Test::new()
        .file(
            "a.yaml",
            with_answer("    rating: initial\n    action:\n      what: Fix\n      due: 2027-13-45"),
        )
        .args(&["score", "a.yaml"]);
    assessment_duplicate_answer: "a.yaml:" => Test::new()
        .file(
            "a.yaml",
            assessment().replace("  4.1-3: ~", "  4.1-4:\n    rating: full"),
        )
        .args(&["score", "a.yaml"]);
    assessment_unknown_field: "a.yaml:" => Test::new()
        .file("a.yaml", with_answer("    ratin: full"))
        .args(&["score", "a.yaml"]);
    assessment_unknown_party: "answers.4.1-4.operated_by" => Test::new()
        .file("a.yaml", with_answer("    rating: full\n    operated_by: martians"))
        .args(&["score", "a.yaml"]);
    assessment_unknown_status: "answers.4.1-4.action.status" => Test::new()
        .file(
            "a.yaml",
            with_answer("    rating: initial\n    action:\n      what: Fix\n      status: started"),
        )
        .args(&["score", "a.yaml"]);
    assessment_empty_file: "a.yaml: is empty" => Test::new()
        .file("a.yaml", "")
        .args(&["score", "a.yaml"]);
    assessment_only_whitespace: "a.yaml: is empty" => Test::new()
        .file("a.yaml", "\n   \n\t\n")
        .args(&["score", "a.yaml"]);
    assessment_is_a_directory: "a.yaml: is a directory" => Test::new()
        .file("a.yaml/x", "x")
        .args(&["score", "a.yaml"]);
    assessment_missing: "a.yaml" => Test::new()
        .args(&["score", "a.yaml"]);
    assessment_binary_data: "a.yaml:" => Test::new()
        .file("a.yaml", binary())
        .args(&["score", "a.yaml"]);
    assessment_invalid_utf8: "a.yaml:" => Test::new()
        .file("a.yaml", [assessment().as_bytes(), b"\n  x: \xff\xfe\n"].concat())
        .args(&["score", "a.yaml"]);
    assessment_byte_order_mark_keeps_positions: "a.yaml:16:13: answers.4.1-3.rating" => Test::new()
        .file(
            "a.yaml",
            [
                b"\xEF\xBB\xBF".as_slice(),
                assessment()
                    .replace("  4.1-3: ~", "  4.1-3:\n    rating: mostly")
                    .as_bytes(),
            ]
            .concat(),
        )
        .args(&["score", "a.yaml"]);
    assessment_crlf_line_ends_keep_positions: "a.yaml:10:" => Test::new()
        .file(
            "a.yaml",
            assessment()
                .replace('\n', "\r\n")
                .replace("as_of: 2026-11-30", "as_of: 2026-13-01"),
        )
        .args(&["score", "a.yaml"]);
    assessment_yaml_alias_bomb: "a.yaml:" => Test::new()
        .file("a.yaml", alias_bomb("format: 1"))
        .args(&["score", "a.yaml"]);
    assessment_nesting_20000_levels_deep: "nesting is too deep" => Test::new()
        .file("a.yaml", deep())
        .args(&["score", "a.yaml"]);
    assessment_nesting_deep_inside_a_field: "answers.4.1-4.note" => Test::new()
        .file("a.yaml", with_answer(&format!("    rating: full\n    note: {}", deep())))
        .args(&["score", "a.yaml"]);
    assessment_50_mb_file: "a.yaml: is 52428800 bytes, over the 16 MiB limit" => Test::new()
        .file("a.yaml", big())
        .args(&["score", "a.yaml"]);
    assessment_multi_megabyte_rating: "answers.4.1-4.rating: unknown rating" => Test::new()
        .file("a.yaml", with_answer(&format!("    rating: {}", long())))
        .args(&["score", "a.yaml"]);
    assessment_multi_megabyte_key: "a.yaml:" => Test::new()
        .file(
            "a.yaml",
            assessment().replace("answers:", &format!("{}: 1\nanswers:", long())),
        )
        .args(&["score", "a.yaml"]);
    assessment_for_another_catalogue:
        "a.yaml:5:7: catalogue.id: this is an assessment for catalogue `mini`" => Test::new()
        .file("a.yaml", mini_assessment())
        .args(&["score", "a.yaml"]);
    assessment_newer_format: "a.yaml:3:9: format" => Test::new()
        .file("a.yaml", assessment().replace("format: 2", "format: 99"))
        .args(&["score", "a.yaml"]);

    // Catalogues.
    catalogue_malformed_yaml: "c.yaml:" => Test::new()
        .file("c.yaml", "id: [unclosed\n")
        .args(&["catalogue", "validate", "c.yaml"]);
    catalogue_wrong_type: "c.yaml:" => Test::new()
        .file("c.yaml", catalogue().replace("scale:\n", "scale: 5\nx:\n"))
        .args(&["catalogue", "validate", "c.yaml"]);
    catalogue_duplicate_requirement_id: "duplicate requirement id" => Test::new()
        .file("c.yaml", catalogue().replace("id: 1-2", "id: 1-1"))
        .args(&["catalogue", "validate", "c.yaml"]);
    catalogue_rule_names_an_unknown_level: "unknown level `mostly`" => Test::new()
        .file("c.yaml", catalogue().replacen("level: largely", "level: mostly", 1))
        .args(&["catalogue", "validate", "c.yaml"]);
    catalogue_empty: "c.yaml: is empty" => Test::new()
        .file("c.yaml", "")
        .args(&["--catalogue", "c.yaml", "catalogue", "list"]);
    catalogue_is_a_directory: "c.yaml: is a directory" => Test::new()
        .file("c.yaml/x", "x")
        .args(&["--catalogue", "c.yaml", "catalogue", "list"]);
    catalogue_binary_data: "c.yaml:" => Test::new()
        .file("c.yaml", binary())
        .args(&["--catalogue", "c.yaml", "catalogue", "list"]);
    catalogue_invalid_utf8: "c.yaml:" => Test::new()
        .file("c.yaml", [catalogue().as_bytes(), b"\xc3\x28"].concat())
        .args(&["catalogue", "validate", "c.yaml"]);
    catalogue_yaml_alias_bomb: "c.yaml:" => Test::new()
        .file("c.yaml", alias_bomb("id: x"))
        .args(&["catalogue", "validate", "c.yaml"]);
    catalogue_nesting_20000_levels_deep: "nesting is too deep" => Test::new()
        .file("c.yaml", deep())
        .args(&["catalogue", "validate", "c.yaml"]);
    catalogue_50_mb_file: "over the 16 MiB limit" => Test::new()
        .file("c.yaml", big())
        .args(&["catalogue", "validate", "c.yaml"]);
    catalogue_given_an_assessment: "c.yaml:" => Test::new()
        .file("c.yaml", assessment())
        .args(&["catalogue", "validate", "c.yaml"]);

    // Templates.
    template_missing: "t.tera" => Test::new()
        .file("a.yaml", assessment())
        .args(&["report", "a.yaml", "--template", "t.tera"]);
    template_syntax_error: "t.tera:2:" => Test::new()
        .file("a.yaml", assessment())
        .file("t.tera", "ok\n{% if summary.readiness > %}x{% endif %}\n")
        .args(&["report", "a.yaml", "--template", "t.tera"]);
    template_unclosed_block: "t.tera:3:" => Test::new()
        .file("a.yaml", assessment())
        .file("t.tera", "{% for r in requirements %}\n{{ r.id }}\n")
        .args(&["report", "a.yaml", "--template", "t.tera"]);
    template_undefined_variable: "t.tera:3:" => Test::new()
        .file("a.yaml", assessment())
        .file("t.tera", "\n\n{{ summary.nope }}")
        .args(&["report", "a.yaml", "--template", "t.tera"]);
    template_unknown_filter: "t.tera:1:" => Test::new()
        .file("a.yaml", assessment())
        .file("t.tera", "{{ 1 | nope }}")
        .args(&["report", "a.yaml", "--template", "t.tera"]);
    template_filter_runtime_error: "t.tera:1:" => Test::new()
        .file("a.yaml", assessment())
        .file("t.tera", "{{ summary.verdict | date }}")
        .args(&["report", "a.yaml", "--template", "t.tera"]);
    template_invalid_utf8: "t.tera:1:" => Test::new()
        .file("a.yaml", assessment())
        .file("t.tera", b"{{ x }}\xff")
        .args(&["report", "a.yaml", "--template", "t.tera"]);
    template_is_a_directory: "t.tera: is a directory" => Test::new()
        .file("a.yaml", assessment())
        .file("t.tera/x", "x")
        .args(&["report", "a.yaml", "--template", "t.tera"]);

    // Arguments and outputs.
    output_in_a_missing_folder: "no/such/dir/r.md" => Test::new()
        .file("a.yaml", assessment())
        .args(&["report", "a.yaml", "-o", "no/such/dir/r.md"]);
    output_is_a_directory: "out" => Test::new()
        .file("a.yaml", assessment())
        .file("out/keep", "k")
        .args(&["report", "a.yaml", "-o", "out"]);
    output_is_the_input: "a.yaml: -o would overwrite the assessment" => Test::new()
        .file("a.yaml", assessment())
        .args(&["report", "a.yaml", "-o", "a.yaml"]);
    output_is_the_template: "-o would overwrite the template" => Test::new()
        .file("a.yaml", assessment())
        .file("t.tera", "x")
        .args(&["report", "a.yaml", "--template", "t.tera", "-o", "t.tera"]);
    init_over_an_existing_file: "a.yaml" => Test::new()
        .file("a.yaml", assessment())
        .args(&["init", "a.yaml", "--org", "O", "--scope", "S", "--assessor", "A"]);
    answer_unknown_requirement: "4.1-99" => Test::new()
        .file("a.yaml", assessment())
        .args(&["answer", "a.yaml", "4.1-99", "full"]);
    answer_unknown_rating: "mostly" => Test::new()
        .file("a.yaml", assessment())
        .args(&["answer", "a.yaml", "4.1-4", "mostly"]);
    answer_impossible_due_date: "2027-02-29" => Test::new()
        .file("a.yaml", assessment())
        .args(&["answer", "a.yaml", "4.1-4", "partial", "--action", "x", "--due", "2027-02-29"]);
    answer_multi_megabyte_id: "characters in all" => Test::new()
        .file("a.yaml", assessment())
        .args(&["answer", "a.yaml", &"9".repeat(100_000), "full"]);
    check_threshold_out_of_range: "--min-readiness" => Test::new()
        .file("a.yaml", assessment())
        .args(&["check", "a.yaml", "--min-readiness", "150"]);
    actions_impossible_as_of_date: "--as-of" => Test::new()
        .file("a.yaml", assessment())
        .args(&["actions", "a.yaml", "--as-of", "2026-11-31"]);
    diff_unknown_git_revision: "nosuchrev:a.yaml" => Test::new()
        .file("a.yaml", assessment())
        .args(&["diff", "nosuchrev:a.yaml", "a.yaml"]);
    // Before, git took this for `git show --output=out:/pwned.txt` and wrote that file.
    diff_revision_that_is_a_git_option: "--output=out:/pwned.txt: is not a file, and a git revision cannot start with `-`" =>
        in_git(Test::new().file("a.yaml", assessment()).file("out:/keep", ""))
        .args(&["diff", "--", "--output=out:/pwned.txt", "a.yaml"]);
    diff_unknown_git_revision_in_a_repository: "nosuchrev:a.yaml: is not a file, and git has no revision nosuchrev" =>
        in_git(Test::new().file("a.yaml", assessment()))
        .args(&["diff", "nosuchrev:a.yaml", "a.yaml"]);
    diff_git_path_missing_in_the_revision: "HEAD:b.yaml: is not a file, and git has no file b.yaml in revision HEAD" =>
        in_git(Test::new().file("a.yaml", assessment()))
        .args(&["diff", "HEAD:b.yaml", "a.yaml"]);
    diff_git_revision_named_with_terminal_escapes: "\\x1b]0;pwned\\x07:a.yaml: is not a file" =>
        in_git(Test::new().file("a.yaml", assessment()))
        .args(&["diff", "\x1b]0;pwned\x07:a.yaml", "a.yaml"]);
    diff_git_path_outside_the_repository: "HEAD:../\\x1b[2Jx.yaml: is not a file, and git cannot read it: fatal:" =>
        in_git(Test::new().file("a.yaml", assessment()))
        .args(&["diff", "HEAD:../\x1b[2Jx.yaml", "a.yaml"]);
    diff_git_path_that_is_a_folder: "HEAD:sub: is a folder in git" =>
        in_git(Test::new().file("a.yaml", assessment()).file("sub/b.yaml", "b"))
        .args(&["diff", "HEAD:sub", "a.yaml"]);
    diff_git_blob_over_the_limit: "HEAD:big.yaml: is 17825792 bytes in git, over the 16 MiB limit" =>
        in_git(Test::new().file("a.yaml", assessment()).file("big.yaml", vec![b'#'; 17 * 1024 * 1024]))
        .args(&["diff", "HEAD:big.yaml", "a.yaml"]);
    unknown_flag: "--colour" => Test::new()
        .file("a.yaml", assessment())
        .args(&["score", "a.yaml", "--colour"]);

    // A lock file planted beside the assessment by someone who can write to the folder.
    lock_is_a_dangling_symlink: ".a.yaml.lock: is a symbolic link" => Test::new()
        .file("a.yaml", assessment())
        .symlink(".a.yaml.lock", "created-by-iso20k.txt")
        .args(&["answer", "a.yaml", "4.1-4", "full"]);
    lock_is_a_fifo: ".a.yaml.lock: is a FIFO" => Test::new()
        .file("a.yaml", assessment())
        .fifo(".a.yaml.lock")
        .args(&["answer", "a.yaml", "4.1-4", "full"]);
    lock_is_a_directory: ".a.yaml.lock: is a directory" => Test::new()
        .file("a.yaml", assessment())
        .file(".a.yaml.lock/x", "x")
        .args(&["answer", "a.yaml", "4.1-4", "full"]);
}

/// Makes the test's folder a git repository with everything in it committed.
fn in_git(t: Test) -> Test {
    git(t.dir(), &["init", "-q", "-b", "main"]);
    git(t.dir(), &["add", "."]);
    git(t.dir(), &["commit", "-q", "-m", "assessment"]);
    t
}

#[test]
fn a_side_from_the_same_repository_is_read() {
    // The repository the refusals above run in: a real REV:PATH there works.
    let t =
        in_git(Test::new().file("a.yaml", assessment())).args(&["diff", "HEAD:a.yaml", "a.yaml"]);
    let r = t.run();
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("HEAD:a.yaml"), "{}", r.stdout);
}

#[test]
fn lock_is_a_symlink_to_another_file() {
    let t = Test::new()
        .file("a.yaml", assessment())
        .file("victim.txt", "precious")
        .symlink(".a.yaml.lock", "victim.txt")
        .args(&["answer", "a.yaml", "4.1-4", "full"]);
    let victim = std::fs::metadata(t.path("victim.txt")).unwrap();
    // `refused` also shows that the victim's bytes and the link are as they were.
    let (t, r) = refused(t, ".a.yaml.lock: is a symbolic link");
    let now = std::fs::metadata(t.path("victim.txt")).unwrap();
    assert_eq!(
        (now.dev(), now.ino()),
        (victim.dev(), victim.ino()),
        "the same file"
    );
    let lock = std::fs::symlink_metadata(t.path(".a.yaml.lock")).unwrap();
    assert!(lock.file_type().is_symlink(), "the link is left as it was");
    assert_run_snapshot!(t, r);
}

#[test]
fn lock_held_by_another_process_is_not_quoted() {
    // Whoever holds the lock chose its content: here, a terminal title change.
    let t = Test::new()
        .file("a.yaml", assessment())
        .file(".a.yaml.lock", "\x1b]0;pwned\x07")
        .args(&["assess", "a.yaml"]);
    let held = std::fs::File::options()
        .read(true)
        .write(true)
        .open(t.path(".a.yaml.lock"))
        .unwrap();
    held.lock().unwrap();
    let (t, r) = refused(t, "a.yaml: another iso20k is editing this assessment;");
    assert!(!r.stderr.contains("pwned"), "{}", r.stderr);
    assert!(!r.stderr.contains('\x1b'), "{}", r.stderr);
    drop(held);
    assert_run_snapshot!(t, r);
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_fine() {
    let a = assessment().replace(
        "  4.1-4: ~",
        "  4.1-4:\n    rating: full\n    note: |\n      two\n      lines",
    );
    let crlf = [
        b"\xEF\xBB\xBF".as_slice(),
        a.replace('\n', "\r\n").as_bytes(),
    ]
    .concat();
    let r = Test::new()
        .file("a.yaml", crlf)
        .args(&["score", "a.yaml", "--format", "json"])
        .run();
    assert_eq!(r.code, 0, "{r:?}");
    let cat = [
        b"\xEF\xBB\xBF".as_slice(),
        catalogue().replace('\n', "\r\n").as_bytes(),
    ]
    .concat();
    let r = Test::new()
        .file("c.yaml", cat)
        .args(&["catalogue", "validate", "c.yaml"])
        .run();
    assert_eq!(r.code, 0, "{r:?}");
}

/// Loads a YAML file with PyYAML (YAML 1.1: `no` is false, `12:30` is 750, `2024-01-01`
/// a date, U+2028 a line break), with its pure-Python loader and, when built, libyaml's.
const PYYAML: &str = r#"
import json, sys, yaml
text = open(sys.argv[1], encoding="utf-8").read()
loaders = [yaml.SafeLoader] + ([yaml.CSafeLoader] if yaml.__with_libyaml__ else [])
print(json.dumps([yaml.load(text, Loader=l) for l in loaders], default=repr))
"#;

/// What each of PyYAML's loaders reads from `path`, as JSON (dates and times as their
/// Python `repr`, so that they do not pass for strings).
pub(crate) fn pyyaml(python: &Path, path: &Path) -> Vec<serde_json::Value> {
    let out = std::process::Command::new(python)
        .args(["-c", PYYAML])
        .arg(path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "PyYAML: {stderr}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
#[ignore = "needs PyYAML in target/venv; bash .ci/run installs it and runs ignored tests"]
fn saved_answers_read_the_same_in_pyyaml() {
    let python = venv_python();
    let note = "seen\u{2028}said\u{85}missing\n::error file=a.yaml::not a command\n  indented";
    // Requirement, note, action, owner: each one YAML 1.1 reads as something else plain.
    let answers = [
        ("4.1-4", note, "on", "no"),
        ("4.1-3", "yes", "1_000", "12:30"),
        ("4.2-4", "~", "2001-12-14t21:59:43.10-05:00", "2024-01-01"),
        ("4.2-3", "0o17", "<<", "Off"),
    ];
    let t = Test::new().assessment("a.yaml");
    for (id, note, what, owner) in answers {
        let r = run_in(
            t.dir(),
            &[
                "answer",
                "a.yaml",
                id,
                "partial",
                &format!("--note={note}"),
                &format!("--action={what}"),
                &format!("--owner={owner}"),
            ],
            None,
        );
        assert_eq!(r.code, 0, "{r:?}");
    }
    for doc in pyyaml(&python, &t.path("a.yaml")) {
        assert_eq!(doc["organization"], "Acme Hosting Ltd");
        for (id, note, what, owner) in answers {
            let a = &doc["answers"][id];
            assert_eq!(a["note"], note, "{id}");
            assert_eq!(a["action"]["what"], what, "{id}");
            assert_eq!(a["action"]["owner"], owner, "{id}");
            assert_eq!(a["rating"], "partial", "{id}");
        }
    }
}

#[test]
#[ignore = "needs PyYAML in target/venv; bash .ci/run installs it and runs ignored tests"]
fn every_awkward_string_saved_reads_the_same_in_pyyaml() {
    let python = venv_python();
    let all: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(fixture("awkward-strings.json")).unwrap())
            .unwrap();
    // An argument cannot hold a NUL; reading drops trailing line breaks from free text.
    let given: Vec<&String> = all.iter().filter(|s| !s.contains('\0')).collect();
    let t = Test::new().assessment("a.yaml");
    // 50 interviewees per answer at most (README, "Input limits"): spread over answers.
    let ids = ["4.1-4", "4.1-3", "4.2-4"];
    let chunks: Vec<&[&String]> = given.chunks(50).collect();
    assert!(chunks.len() <= ids.len());
    for (id, chunk) in ids.iter().zip(&chunks) {
        let mut args = vec![
            "answer".to_string(),
            "a.yaml".into(),
            id.to_string(),
            "full".into(),
        ];
        args.extend(chunk.iter().map(|s| format!("--interviewee={s}")));
        let r = run_in(
            t.dir(),
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
            None,
        );
        assert_eq!(r.code, 0, "{r:?}");
    }
    for doc in pyyaml(&python, &t.path("a.yaml")) {
        let wrong: Vec<String> = ids
            .iter()
            .zip(&chunks)
            .flat_map(|(id, chunk)| {
                let read = &doc["answers"][*id]["interviewees"];
                chunk
                    .iter()
                    .enumerate()
                    .map(move |(i, s)| (s.trim_end_matches(['\n', '\r']), read[i].clone()))
            })
            .filter(|(s, found)| found != s)
            .map(|(s, found)| format!("{s:?} read as {found}"))
            .collect();
        assert!(
            wrong.is_empty(),
            "{} of {} read back wrong:\n{}",
            wrong.len(),
            given.len(),
            wrong.join("\n")
        );
    }
}
