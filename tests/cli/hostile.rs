//! Hostile input: everything a person or a broken tool can hand iso20k. Each case must end
//! with exit 2 and one clear message naming the file and the place, with no panic and no
//! backtrace (even with RUST_BACKTRACE=1), and must leave every file as it was.

use crate::support::*;
use std::collections::BTreeMap;
use std::path::Path;

struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: Vec<String>,
    /// Must appear in the message: the file and, where there is one, the place.
    expect: &'static str,
}

fn case(
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: &[&str],
    expect: &'static str,
) -> Case {
    Case {
        name,
        files,
        args: args.iter().map(|s| s.to_string()).collect(),
        expect,
    }
}

/// A valid assessment of the built-in catalogue, as `init` writes it.
fn assessment() -> String {
    let tmp = tempdir();
    std::fs::read_to_string(init(tmp.path(), "a.yaml", None)).unwrap()
}

fn catalogue() -> String {
    std::fs::read_to_string(fixture("catalogues/mini.yaml")).unwrap()
}

fn with_answer(yaml: &str) -> Vec<u8> {
    assessment()
        .replace("  4.1-4: ~", &format!("  4.1-4:\n{yaml}"))
        .into_bytes()
}

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

fn snapshot_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walk(dir) {
        let rel = e.strip_prefix(dir).unwrap().display().to_string();
        out.insert(rel, std::fs::read(&e).unwrap_or_default());
    }
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn cases() -> Vec<Case> {
    let a = assessment();
    let cat = catalogue();
    let big = vec![b'#'; 50 * 1024 * 1024];
    let mut binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    binary[10] = 0;
    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let long = "x".repeat(3_000_000);
    let crlf_bad = a
        .replace('\n', "\r\n")
        .replace("as_of: 2026-11-30", "as_of: 2026-13-01");
    let bom_bad = [
        b"\xEF\xBB\xBF".as_slice(),
        a.replace("  4.1-3: ~", "  4.1-3:\n    rating: mostly")
            .as_bytes(),
    ]
    .concat();
    vec![
        // Assessment files.
        case(
            "assessment: malformed YAML",
            vec![("a.yaml", b"format: 1\nanswers: [\n  - {".to_vec())],
            &["score", "a.yaml"],
            "a.yaml:",
        ),
        case(
            "assessment: wrong type",
            vec![(
                "a.yaml",
                a.replace("answers:", "answers: 5\nx:").into_bytes(),
            )],
            &["score", "a.yaml"],
            "a.yaml:",
        ),
        case(
            "assessment: unknown rating",
            vec![("a.yaml", with_answer("    rating: mostly"))],
            &["score", "a.yaml"],
            "a.yaml:13:13: answers.4.1-4.rating",
        ),
        case(
            "assessment: impossible as-of date",
            vec![(
                "a.yaml",
                a.replace("as_of: 2026-11-30", "as_of: 2026-02-30")
                    .into_bytes(),
            )],
            &["score", "a.yaml"],
            "a.yaml:9:",
        ),
        case(
            "assessment: impossible due date",
            vec![(
                "a.yaml",
                with_answer(
                    "    rating: initial\n    action:\n      what: Fix\n      due: 2027-13-45",
                ),
            )],
            &["score", "a.yaml"],
            "answers.4.1-4.action.due",
        ),
        case(
            "assessment: duplicate answer",
            vec![(
                "a.yaml",
                a.replace("  4.1-3: ~", "  4.1-4:\n    rating: full")
                    .into_bytes(),
            )],
            &["score", "a.yaml"],
            "a.yaml:",
        ),
        case(
            "assessment: unknown field",
            vec![("a.yaml", with_answer("    ratin: full"))],
            &["score", "a.yaml"],
            "a.yaml:",
        ),
        case(
            "assessment: unknown party",
            vec![(
                "a.yaml",
                with_answer("    rating: full\n    operated_by: martians"),
            )],
            &["score", "a.yaml"],
            "answers.4.1-4.operated_by",
        ),
        case(
            "assessment: unknown status",
            vec![(
                "a.yaml",
                with_answer(
                    "    rating: initial\n    action:\n      what: Fix\n      status: started",
                ),
            )],
            &["score", "a.yaml"],
            "answers.4.1-4.action.status",
        ),
        case(
            "assessment: empty file",
            vec![("a.yaml", Vec::new())],
            &["score", "a.yaml"],
            "a.yaml: is empty",
        ),
        case(
            "assessment: only whitespace",
            vec![("a.yaml", b"\n   \n\t\n".to_vec())],
            &["score", "a.yaml"],
            "a.yaml: is empty",
        ),
        case(
            "assessment: a directory",
            vec![("a.yaml/x", b"x".to_vec())],
            &["score", "a.yaml"],
            "a.yaml: is a directory",
        ),
        case(
            "assessment: missing",
            vec![],
            &["score", "a.yaml"],
            "a.yaml",
        ),
        case(
            "assessment: binary data",
            vec![("a.yaml", binary.clone())],
            &["score", "a.yaml"],
            "a.yaml:",
        ),
        case(
            "assessment: invalid UTF-8",
            vec![("a.yaml", [a.as_bytes(), b"\n  x: \xff\xfe\n"].concat())],
            &["score", "a.yaml"],
            "a.yaml:",
        ),
        case(
            "assessment: byte-order mark keeps positions",
            vec![("a.yaml", bom_bad)],
            &["score", "a.yaml"],
            "a.yaml:15:13: answers.4.1-3.rating",
        ),
        case(
            "assessment: CRLF line ends keep positions",
            vec![("a.yaml", crlf_bad.into_bytes())],
            &["score", "a.yaml"],
            "a.yaml:9:",
        ),
        case(
            "assessment: YAML alias bomb",
            vec![("a.yaml", alias_bomb("format: 1"))],
            &["score", "a.yaml"],
            "a.yaml:",
        ),
        case(
            "assessment: nesting 20,000 levels deep",
            vec![("a.yaml", deep.clone().into_bytes())],
            &["score", "a.yaml"],
            "nesting is too deep",
        ),
        case(
            "assessment: nesting deep inside a field",
            vec![(
                "a.yaml",
                with_answer(&format!("    rating: full\n    note: {deep}")),
            )],
            &["score", "a.yaml"],
            "answers.4.1-4.note",
        ),
        case(
            "assessment: a 50 MB file",
            vec![("a.yaml", big.clone())],
            &["score", "a.yaml"],
            "a.yaml: is 52428800 bytes, over the 16 MiB limit",
        ),
        case(
            "assessment: a multi-megabyte rating",
            vec![("a.yaml", with_answer(&format!("    rating: {long}")))],
            &["score", "a.yaml"],
            "answers.4.1-4.rating: unknown rating",
        ),
        case(
            "assessment: a multi-megabyte key",
            vec![(
                "a.yaml",
                a.replace("answers:", &format!("{long}: 1\nanswers:"))
                    .into_bytes(),
            )],
            &["score", "a.yaml"],
            "a.yaml:",
        ),
        case(
            "assessment: for another catalogue",
            vec![("a.yaml", {
                let tmp = tempdir();
                std::fs::read(init(
                    tmp.path(),
                    "m.yaml",
                    Some(&fixture("catalogues/mini.yaml")),
                ))
                .unwrap()
            })],
            &["score", "a.yaml"],
            "a.yaml:4:7: catalogue.id: this is an assessment for catalogue `mini`",
        ),
        case(
            "assessment: a newer format",
            vec![("a.yaml", a.replace("format: 2", "format: 99").into_bytes())],
            &["score", "a.yaml"],
            "a.yaml:2:9: format",
        ),
        // Catalogues.
        case(
            "catalogue: malformed YAML",
            vec![("c.yaml", b"id: [unclosed\n".to_vec())],
            &["catalogue", "validate", "c.yaml"],
            "c.yaml:",
        ),
        case(
            "catalogue: wrong type",
            vec![(
                "c.yaml",
                cat.replace("scale:\n", "scale: 5\nx:\n").into_bytes(),
            )],
            &["catalogue", "validate", "c.yaml"],
            "c.yaml:",
        ),
        case(
            "catalogue: duplicate requirement id",
            vec![("c.yaml", cat.replace("id: 1-2", "id: 1-1").into_bytes())],
            &["catalogue", "validate", "c.yaml"],
            "duplicate requirement id",
        ),
        case(
            "catalogue: rule names an unknown level",
            vec![(
                "c.yaml",
                cat.replacen("level: largely", "level: mostly", 1)
                    .into_bytes(),
            )],
            &["catalogue", "validate", "c.yaml"],
            "unknown level `mostly`",
        ),
        case(
            "catalogue: empty",
            vec![("c.yaml", Vec::new())],
            &["--catalogue", "c.yaml", "catalogue", "list"],
            "c.yaml: is empty",
        ),
        case(
            "catalogue: a directory",
            vec![("c.yaml/x", b"x".to_vec())],
            &["--catalogue", "c.yaml", "catalogue", "list"],
            "c.yaml: is a directory",
        ),
        case(
            "catalogue: binary data",
            vec![("c.yaml", binary)],
            &["--catalogue", "c.yaml", "catalogue", "list"],
            "c.yaml:",
        ),
        case(
            "catalogue: invalid UTF-8",
            vec![("c.yaml", [cat.as_bytes(), b"\xc3\x28"].concat())],
            &["catalogue", "validate", "c.yaml"],
            "c.yaml:",
        ),
        case(
            "catalogue: YAML alias bomb",
            vec![("c.yaml", alias_bomb("id: x"))],
            &["catalogue", "validate", "c.yaml"],
            "c.yaml:",
        ),
        case(
            "catalogue: nesting 20,000 levels deep",
            vec![("c.yaml", deep.into_bytes())],
            &["catalogue", "validate", "c.yaml"],
            "nesting is too deep",
        ),
        case(
            "catalogue: a 50 MB file",
            vec![("c.yaml", big)],
            &["catalogue", "validate", "c.yaml"],
            "over the 16 MiB limit",
        ),
        case(
            "catalogue: an assessment given as catalogue",
            vec![("c.yaml", a.clone().into_bytes())],
            &["catalogue", "validate", "c.yaml"],
            "c.yaml:",
        ),
        // Templates.
        case(
            "template: missing",
            vec![("a.yaml", a.clone().into_bytes())],
            &["report", "a.yaml", "--template", "t.tera"],
            "t.tera",
        ),
        case(
            "template: syntax error",
            vec![
                ("a.yaml", a.clone().into_bytes()),
                (
                    "t.tera",
                    b"ok\n{% if summary.readiness > %}x{% endif %}\n".to_vec(),
                ),
            ],
            &["report", "a.yaml", "--template", "t.tera"],
            "t.tera:2:",
        ),
        case(
            "template: unclosed block",
            vec![
                ("a.yaml", a.clone().into_bytes()),
                (
                    "t.tera",
                    b"{% for r in requirements %}\n{{ r.id }}\n".to_vec(),
                ),
            ],
            &["report", "a.yaml", "--template", "t.tera"],
            "t.tera:3:",
        ),
        case(
            "template: undefined variable",
            vec![
                ("a.yaml", a.clone().into_bytes()),
                ("t.tera", b"\n\n{{ summary.nope }}".to_vec()),
            ],
            &["report", "a.yaml", "--template", "t.tera"],
            "t.tera:3:",
        ),
        case(
            "template: unknown filter",
            vec![
                ("a.yaml", a.clone().into_bytes()),
                ("t.tera", b"{{ 1 | nope }}".to_vec()),
            ],
            &["report", "a.yaml", "--template", "t.tera"],
            "t.tera:1:",
        ),
        case(
            "template: filter runtime error",
            vec![
                ("a.yaml", a.clone().into_bytes()),
                ("t.tera", b"{{ summary.verdict | date }}".to_vec()),
            ],
            &["report", "a.yaml", "--template", "t.tera"],
            "t.tera:1:",
        ),
        case(
            "template: invalid UTF-8",
            vec![
                ("a.yaml", a.clone().into_bytes()),
                ("t.tera", b"{{ x }}\xff".to_vec()),
            ],
            &["report", "a.yaml", "--template", "t.tera"],
            "t.tera:1:",
        ),
        case(
            "template: a directory",
            vec![
                ("a.yaml", a.clone().into_bytes()),
                ("t.tera/x", b"x".to_vec()),
            ],
            &["report", "a.yaml", "--template", "t.tera"],
            "t.tera: is a directory",
        ),
        // Arguments and outputs.
        case(
            "output: folder that does not exist",
            vec![("a.yaml", a.clone().into_bytes())],
            &["report", "a.yaml", "-o", "no/such/dir/r.md"],
            "no/such/dir/r.md",
        ),
        case(
            "output: a directory",
            vec![
                ("a.yaml", a.clone().into_bytes()),
                ("out/keep", b"k".to_vec()),
            ],
            &["report", "a.yaml", "-o", "out"],
            "out",
        ),
        case(
            "output: the input itself",
            vec![("a.yaml", a.clone().into_bytes())],
            &["report", "a.yaml", "-o", "a.yaml"],
            "a.yaml: -o would overwrite the assessment",
        ),
        case(
            "output: the template itself",
            vec![
                ("a.yaml", a.clone().into_bytes()),
                ("t.tera", b"x".to_vec()),
            ],
            &["report", "a.yaml", "--template", "t.tera", "-o", "t.tera"],
            "-o would overwrite the template",
        ),
        case(
            "init: an existing file",
            vec![("a.yaml", a.clone().into_bytes())],
            &[
                "init",
                "a.yaml",
                "--org",
                "O",
                "--scope",
                "S",
                "--assessor",
                "A",
            ],
            "a.yaml",
        ),
        case(
            "answer: unknown requirement",
            vec![("a.yaml", a.clone().into_bytes())],
            &["answer", "a.yaml", "4.1-99", "full"],
            "4.1-99",
        ),
        case(
            "answer: unknown rating",
            vec![("a.yaml", a.clone().into_bytes())],
            &["answer", "a.yaml", "4.1-4", "mostly"],
            "mostly",
        ),
        case(
            "answer: impossible due date",
            vec![("a.yaml", a.clone().into_bytes())],
            &[
                "answer",
                "a.yaml",
                "4.1-4",
                "partial",
                "--action",
                "x",
                "--due",
                "2027-02-29",
            ],
            "2027-02-29",
        ),
        case(
            "answer: a multi-megabyte id",
            vec![("a.yaml", a.clone().into_bytes())],
            &["answer", "a.yaml", &"9".repeat(100_000), "full"],
            "characters in all",
        ),
        case(
            "check: threshold out of range",
            vec![("a.yaml", a.clone().into_bytes())],
            &["check", "a.yaml", "--min-readiness", "150"],
            "--min-readiness",
        ),
        case(
            "actions: impossible as-of date",
            vec![("a.yaml", a.clone().into_bytes())],
            &["actions", "a.yaml", "--as-of", "2026-11-31"],
            "--as-of",
        ),
        case(
            "diff: unknown git revision",
            vec![("a.yaml", a.clone().into_bytes())],
            &["diff", "nosuchrev:a.yaml", "a.yaml"],
            "nosuchrev:a.yaml",
        ),
        case(
            "unknown flag",
            vec![("a.yaml", a.into_bytes())],
            &["score", "a.yaml", "--colour"],
            "--colour",
        ),
    ]
}

#[test]
fn every_hostile_input_is_a_clean_exit_2() {
    let all = cases();
    assert!(all.len() >= 40, "{} cases", all.len());
    for c in all {
        let tmp = tempdir();
        let d = tmp.path();
        for (name, bytes) in &c.files {
            let p = d.join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, bytes).unwrap();
        }
        let before = snapshot_files(d);
        let out = command(d)
            .env("RUST_BACKTRACE", "1")
            .args(&c.args)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let name = c.name;
        eprintln!("== {name}\n{stderr}");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{name}: exit code; stderr: {stderr}"
        );
        assert!(
            stderr.starts_with("error: "),
            "{name}: one error message: {stderr}"
        );
        assert!(
            stderr.contains(c.expect),
            "{name}: message names `{}`: {stderr}",
            c.expect
        );
        for bad in ["panicked", "backtrace", "RUST_BACKTRACE", "unwrap"] {
            assert!(!stderr.contains(bad), "{name}: {bad} in {stderr}");
        }
        assert!(
            stderr.len() < 2_000,
            "{name}: a short message, not {} bytes",
            stderr.len()
        );
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
        assert_eq!(
            snapshot_files(d),
            before,
            "{name}: no file created or changed"
        );
    }
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_fine() {
    let tmp = tempdir();
    let d = tmp.path();
    let a = assessment().replace(
        "  4.1-4: ~",
        "  4.1-4:\n    rating: full\n    note: |\n      two\n      lines",
    );
    let crlf = [
        b"\xEF\xBB\xBF".as_slice(),
        a.replace('\n', "\r\n").as_bytes(),
    ]
    .concat();
    std::fs::write(d.join("a.yaml"), crlf).unwrap();
    let r = run_in(d, &["score", "a.yaml", "--format", "json"], None);
    assert_eq!(r.code, 0, "{r:?}");
    let cat = [
        b"\xEF\xBB\xBF".as_slice(),
        catalogue().replace('\n', "\r\n").as_bytes(),
    ]
    .concat();
    std::fs::write(d.join("c.yaml"), cat).unwrap();
    let r = run_in(d, &["catalogue", "validate", "c.yaml"], None);
    assert_eq!(r.code, 0, "{r:?}");
}
