//! `iso20k report`: the built-in formats, custom templates, escaping and errors.

use crate::support::*;
use std::path::Path;

const ACME: &str = "examples/acme-hosting.yaml";

#[test]
fn markdown_csv_and_json_reports_of_the_example() {
    for (format, name) in [
        ("md", "report_acme_md"),
        ("csv", "report_acme_csv"),
        ("json", "report_acme_json"),
    ] {
        let r = run(&["report", ACME, "--format", format]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        insta::assert_snapshot!(name, r.stdout);
    }
    // Markdown is the default.
    assert_eq!(
        run(&["report", ACME]).stdout,
        run(&["report", ACME, "--format", "md"]).stdout
    );
}

#[test]
fn every_figure_matches_score() {
    let report: serde_json::Value =
        serde_json::from_str(&run(&["report", ACME, "--format", "json"]).stdout).unwrap();
    let score: serde_json::Value =
        serde_json::from_str(&run(&["score", ACME, "--format", "json", "--depth", "8"]).stdout)
            .unwrap();
    let s = &report["summary"];
    for key in [
        "readiness",
        "coverage",
        "answered",
        "total",
        "verdict",
        "reasons",
        "findings",
    ] {
        assert_eq!(s[key], score[key], "{key}");
    }
    assert_eq!(report["forecast"], score["forecast"]);
    // Every clause, at every depth.
    fn walk(v: &serde_json::Value, out: &mut Vec<(String, serde_json::Value, serde_json::Value)>) {
        for c in v["clauses"].as_array().unwrap() {
            out.push((
                c["id"].as_str().unwrap().into(),
                c["readiness"].clone(),
                c["findings"].clone(),
            ));
            walk(c, out);
        }
    }
    let mut from_score = Vec::new();
    walk(&score, &mut from_score);
    let from_report: Vec<_> = report["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["readiness"].clone(),
                c["findings"].clone(),
            )
        })
        .collect();
    assert_eq!(from_report, from_score);
    // The findings register holds exactly the counted findings.
    for g in report["findings"].as_array().unwrap() {
        let sev = g["severity"].as_str().unwrap();
        assert_eq!(g["count"], s["findings"][sev], "{sev}");
        assert_eq!(
            g["items"].as_array().unwrap().len() as u64,
            g["count"].as_u64().unwrap()
        );
    }
}

/// An assessment whose user-written strings try to break every format.
fn hostile(d: &Path) {
    let r = run_in(
        d,
        &[
            "init",
            "h.yaml",
            "--org",
            "Evil <script>alert(1)</script> & Co",
            "--scope",
            "Scope {{ scope }} | pipes",
            "--assessor",
            "A \"quoted\" 'one'",
            "--date",
            "2026-11-30",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let r = run_in(
        d,
        &[
            "answer",
            "h.yaml",
            "4.1-4",
            "initial",
            "--note",
            "<script>alert('x')</script> <img src=x onerror=alert(1)> {{ summary.readiness }} {% if %}\n| a | b |\n=cmd()",
            "--evidence",
            "Doc <b>bold</b>, \"quoted\"@2026-01-01",
            "--action",
            "=HYPERLINK(\"http://x\")",
            "--owner",
            "<i>Owner</i>",
            "--due",
            "2026-12-01",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn user_text_is_escaped_in_every_format() {
    let tmp = tempdir();
    let d = tmp.path();
    hostile(d);
    let html = run_in(d, &["report", "h.yaml", "--format", "html"], None);
    assert_eq!(html.code, 0, "{}", html.stderr);
    let h = &html.stdout;
    assert!(!h.contains("<script"), "no script element at all");
    assert!(!h.contains("<img"), "no image from data");
    assert!(!h.contains("<i>Owner"), "no markup from data");
    assert!(
        h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the organization shows as text"
    );
    assert!(h.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(
        h.contains("{{ summary.readiness }}"),
        "template syntax in data is never evaluated"
    );

    let md = run_in(d, &["report", "h.yaml", "--format", "md"], None);
    assert_eq!(md.code, 0, "{}", md.stderr);
    let m = &md.stdout;
    assert!(
        !m.contains("<script") && !m.contains("<img") && !m.contains("<i>"),
        "{m}"
    );
    assert!(m.contains("&lt;script&gt;alert('x')&lt;/script&gt;"));
    assert!(m.contains("{{ summary.readiness }} {% if %}"));
    // The note's line breaks and pipes cannot break a table row or start a new block.
    for line in m.lines().filter(|l| l.contains("&lt;img")) {
        assert!(!line.contains(" | a | b |"), "{line}");
    }

    let csv = run_in(d, &["report", "h.yaml", "--format", "csv"], None);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let mut rows = csv::Reader::from_reader(csv.stdout.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let id = headers.iter().position(|h| h == "id").unwrap();
    let row = rows
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[id] == "4.1-4")
        .unwrap();
    let field = |name: &str| row[headers.iter().position(|h| h == name).unwrap()].to_string();
    assert!(
        field("note").starts_with("<script>alert('x')</script> <img"),
        "kept verbatim"
    );
    assert!(field("note").ends_with("| a | b |\n=cmd()"));
    assert_eq!(
        field("action"),
        "'=HYPERLINK(\"http://x\")",
        "a formula is defused"
    );
    assert_eq!(field("evidence"), "Doc <b>bold</b>, \"quoted\"");
    assert_eq!(field("evidence_reviewed"), "2026-01-01");
    assert_eq!(rows.records().count(), 344, "one row per requirement");
}

#[test]
fn output_file_is_written_atomically_and_never_over_an_input() {
    let tmp = tempdir();
    let d = tmp.path();
    let a = init(d, "a.yaml", None);
    let before = std::fs::read(&a).unwrap();
    let r = run_in(
        d,
        &[
            "report",
            "a.yaml",
            "--format",
            "html",
            "-o",
            "out/report.html",
        ],
        None,
    );
    assert_eq!(r.code, 2, "a missing folder is bad input: {r:?}");
    assert!(!d.join("out").exists());
    let r = run_in(
        d,
        &["report", "a.yaml", "--format", "html", "-o", "report.html"],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stdout, "", "the report goes to the file only");
    assert!(
        std::fs::read_to_string(d.join("report.html"))
            .unwrap()
            .starts_with("<!")
    );
    let r = run_in(d, &["report", "a.yaml", "-o", "a.yaml"], None);
    assert_eq!(r.code, 2, "{r:?}");
    insta::assert_snapshot!("report_output_is_input", r.snapshot(d));
    assert_eq!(
        std::fs::read(&a).unwrap(),
        before,
        "the assessment is untouched"
    );
    let leftovers: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn init_templates_writes_the_built_ins_which_render_the_same() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let r = run_in(d, &["report", "--init-templates", "tpl"], None);
    assert_eq!(r.code, 0, "{r:?}");
    insta::assert_snapshot!("report_init_templates", r.snapshot(d));
    let built_in = run_in(d, &["report", "a.yaml"], None).stdout;
    let custom = run_in(
        d,
        &["report", "a.yaml", "--template", "tpl/report.md.tera"],
        None,
    )
    .stdout;
    assert_eq!(built_in, custom);
    let built_in = run_in(d, &["report", "a.yaml", "--format", "html"], None).stdout;
    let custom = run_in(
        d,
        &["report", "a.yaml", "--template", "tpl/report.html.tera"],
        None,
    )
    .stdout;
    assert_eq!(built_in, custom, "escaping follows the .html.tera name");
    let r = run_in(d, &["report", "--init-templates", "tpl"], None);
    assert_eq!(r.code, 2, "never overwrites: {r:?}");
}

#[test]
fn the_example_custom_template_renders() {
    let r = run(&[
        "report",
        ACME,
        "--template",
        "examples/templates/management-summary.md.tera",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("report_management_summary", r.stdout);
}

#[test]
fn template_errors_name_the_template_line_and_column() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    let cases = [
        (
            "syntax",
            "# {{ assessment.organization }}\n\n{% for r in requirements %}\n- {{ r.id }}\n",
        ),
        (
            "undefined",
            "Readiness: {{ summary.readiness | percent }}\nOwner: {{ summary.owner }}\n",
        ),
        ("unknown_filter", "{{ summary.readiness | percentage }}\n"),
        ("bad_filter_input", "line\n  {{ summary.verdict | date }}\n"),
    ];
    for (name, text) in cases {
        std::fs::write(d.join("t.tera"), text).unwrap();
        let r = run_in(
            d,
            &["report", "a.yaml", "--template", "t.tera", "-o", "out.md"],
            None,
        );
        assert_eq!(r.code, 2, "{name}: {r:?}");
        assert!(
            r.stderr.starts_with("error: t.tera:"),
            "{name}: {}",
            r.stderr
        );
        assert!(!d.join("out.md").exists(), "{name}: no output on error");
        insta::assert_snapshot!(format!("template_error_{name}"), r.snapshot(d));
    }
    let r = run_in(d, &["report", "a.yaml", "--template", "missing.tera"], None);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!("template_error_missing", r.snapshot(d));
    std::fs::create_dir(d.join("dir.tera")).unwrap();
    let r = run_in(d, &["report", "a.yaml", "--template", "dir.tera"], None);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!("template_error_directory", r.snapshot(d));
}

#[test]
fn o_takes_the_format_from_the_extension_unless_format_is_given() {
    let t = Test::new().assessment("a.yaml");
    for (out, starts) in [
        ("r.html", "<!doctype html>"),
        ("r.HTM", "<!doctype html>"),
        ("r.json", "{"),
        ("r.csv", "clause,clause_title,id,question"),
        ("r.md", "# Gap assessment"),
        ("r.txt", "# Gap assessment"),
    ] {
        let r = run_in(t.dir(), &["report", "a.yaml", "-o", out], None);
        assert_eq!(r.code, 0, "{out}: {}", r.stderr);
        let text = String::from_utf8(t.read(out)).unwrap();
        assert!(
            text.starts_with(starts),
            "{out}: {}",
            &text[..text.len().min(80)]
        );
    }
    // An explicit --format wins over the extension.
    let r = run_in(
        t.dir(),
        &["report", "a.yaml", "--format", "md", "-o", "x.html"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        String::from_utf8(t.read("x.html"))
            .unwrap()
            .starts_with("# Gap assessment")
    );
}

/// `--bom` and `--delimiter`: what Excel on Windows and a semicolon locale need, on stdout
/// and in files, for the report and the action plan; read back by a CSV reader.
#[test]
fn csv_for_spreadsheets_bom_and_delimiter() {
    let t = Test::new().assessment("a.yaml");
    let d = t.dir();
    let bom = "\u{feff}";
    for args in [
        ["report", "examples/acme-hosting.yaml", "--format", "csv"],
        ["actions", "examples/acme-hosting.yaml", "--format", "csv"],
    ] {
        let r = run(&[&args[..], &["--bom", "--delimiter", ";"]].concat());
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        let body = r
            .stdout
            .strip_prefix(bom)
            .expect("starts with the byte order mark");
        let mut rows = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(body.as_bytes());
        let width = rows.headers().unwrap().len();
        assert!(width > 5, "{args:?}: split on `;`");
        let records: Vec<_> = rows.records().map(|r| r.unwrap()).collect();
        assert!(
            !records.is_empty(),
            "{args:?}: {}",
            &body[..body.len().min(300)]
        );
        assert!(records.iter().all(|r| r.len() == width));
    }
    // In a file, the same bytes as on stdout.
    let r = run_in(
        d,
        &[
            "report",
            "a.yaml",
            "-o",
            "r.csv",
            "--bom",
            "--delimiter",
            "tab",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let file = String::from_utf8(t.read("r.csv")).unwrap();
    let stdout = run_in(
        d,
        &[
            "report",
            "a.yaml",
            "--format",
            "csv",
            "--bom",
            "--delimiter",
            "tab",
        ],
        None,
    );
    assert_eq!(file, stdout.stdout);
    assert!(
        file.starts_with("\u{feff}clause\tclause_title\tid\t"),
        "{}",
        &file[..40]
    );
    // Without the options: no mark, commas.
    let plain = run_in(d, &["report", "a.yaml", "--format", "csv"], None);
    assert!(plain.stdout.starts_with("clause,clause_title,id,"));
    // Asked for another format, or an unknown separator: bad usage, nothing written.
    let r = run_in(d, &["report", "a.yaml", "--format", "html", "--bom"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("--bom and --delimiter are for CSV output"),
        "{}",
        r.stderr
    );
    let r = run_in(d, &["actions", "a.yaml", "--delimiter", ";"], None);
    assert_eq!(r.code, 2);
    let r = run_in(
        d,
        &["report", "a.yaml", "--format", "csv", "--delimiter", "x"],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("expected one of"), "{}", r.stderr);
}

/// The columns a consultant sorts by, each with the value the assessment holds.
#[test]
fn csv_columns_carry_every_answer_field() {
    let r = run(&["report", "examples/acme-hosting.yaml", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut rows = csv::Reader::from_reader(r.stdout.as_bytes());
    let headers: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
    for h in [
        "clause_title",
        "documented",
        "finding_overridden",
        "gap",
        "recommendation",
        "evidence_reviewed",
        "target",
        "operated_by",
        "assessor",
        "answered",
    ] {
        assert!(headers.iter().any(|x| x == h), "column {h}");
    }
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let records: Vec<_> = rows.records().map(|r| r.unwrap()).collect();
    // Every documented value is a kind, every answered date a day.
    assert!(records.iter().any(|r| &r[col("documented")] == "document"));
    assert!(records.iter().any(|r| &r[col("documented")] == "record"));
    assert!(
        records
            .iter()
            .all(|r| r[col("answered")].is_empty() || r[col("answered")].len() == 10)
    );
    // As many review dates as references, in the same order, where any is given.
    for r in &records {
        let refs = r[col("evidence")].split("; ").count();
        let reviewed = &r[col("evidence_reviewed")];
        if !reviewed.is_empty() {
            assert_eq!(reviewed.split("; ").count(), refs, "{:?}", r);
        }
    }
}
