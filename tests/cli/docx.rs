//! `report --format docx`: the Word report, byte for byte the same for the same input,
//! a well-formed package that keeps every answer, and (in CI) read back by python-docx.

use crate::support::*;
use std::io::Read;
use std::path::Path;

const ACME: &str = "examples/acme-hosting.yaml";

/// The entries of a zip archive: name, bytes and the DOS date and time it holds.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>, String)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            let t = f.last_modified().unwrap_or_default();
            let when = format!("{}-{:02}-{:02}", t.year(), t.month(), t.day());
            (f.name().unwrap().to_string(), v, when)
        })
        .collect()
}

/// The text of every paragraph of a WordprocessingML part, line breaks as `\n`.
fn paragraphs(xml: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(xml).unwrap();
    let doc = roxmltree::Document::parse(text).expect("well-formed XML");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "p")
        .map(|p| {
            p.descendants()
                .filter_map(|n| match n.tag_name().name() {
                    "t" => n.text().map(str::to_string),
                    "br" => Some("\n".into()),
                    "tab" => Some("\t".into()),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

fn context(args: &[&str], dir: &Path) -> serde_json::Value {
    let r = run_in(
        dir,
        &[&["report"], args, &["--format", "json"]].concat(),
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

#[test]
fn the_word_report_is_deterministic_and_keeps_every_answer() {
    let tmp = tempdir();
    let d = tmp.path();
    // A copy outside git: the project's own history of the example is no trend to draw.
    std::fs::copy(repo().join(ACME), d.join("acme.yaml")).unwrap();
    let acme = "acme.yaml";
    for out in ["one.docx", "two.docx"] {
        // -o *.docx chooses the format.
        let r = run_in(d, &["report", acme, "-o", out], None);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let one = std::fs::read(d.join("one.docx")).unwrap();
    assert_eq!(
        one,
        std::fs::read(d.join("two.docx")).unwrap(),
        "same bytes"
    );
    // Another day's clock changes nothing either.
    let r = command(d)
        .args(["report", acme, "-o", "three.docx"])
        .env("ISO20K_NOW", "2031-01-01T00:00:00Z")
        .output()
        .unwrap();
    assert!(r.status.success());
    assert_eq!(one, std::fs::read(d.join("three.docx")).unwrap());

    let parts = entries(&one);
    let names: Vec<&str> = parts.iter().map(|(n, ..)| n.as_str()).collect();
    for n in [
        "[Content_Types].xml",
        "word/document.xml",
        "word/styles.xml",
        "docProps/core.xml",
        "word/footer1.xml",
    ] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    assert!(
        parts.iter().all(|(.., when)| when == "2026-11-30"),
        "every entry dated at the as-of day"
    );
    let part = |name: &str| -> &[u8] { &parts.iter().find(|(n, ..)| n == name).expect(name).1 };
    let core = std::str::from_utf8(part("docProps/core.xml")).unwrap();
    assert!(core.contains("2026-11-30T00:00:00Z"), "{core}");
    assert!(
        core.contains("<dc:title>Gap assessment: Acme Hosting Ltd</dc:title>")
            && core.contains("<dc:creator>Dana Whitfield (lead consultant)</dc:creator>"),
        "{core}"
    );
    let styles = std::str::from_utf8(part("word/styles.xml")).unwrap();
    assert!(styles.contains("w:val=\"heading 1\"") && styles.contains("w:val=\"heading 2\""));
    let footer = std::str::from_utf8(part("word/footer1.xml")).unwrap();
    assert!(
        footer.contains("PAGE") && footer.contains("NUMPAGES"),
        "page N of M"
    );
    let document = std::str::from_utf8(part("word/document.xml")).unwrap();
    assert!(document.contains("TOC \\o &quot;1-2&quot;") || document.contains("TOC \\o \"1-2\""));
    assert_eq!(
        document.matches("<pic:pic").count(),
        7 + 3,
        "a bar per top-level clause and per severity"
    );
    let media = parts
        .iter()
        .filter(|(n, ..)| n.starts_with("word/media/") && n.ends_with(".png"))
        .count();
    assert!(
        (1..=10).contains(&media),
        "equal bars share one image: {media}"
    );

    // Every requirement, note, gap, recommendation, evidence reference and action.
    let text = paragraphs(part("word/document.xml")).join("\n");
    let ctx = context(&[acme], d);
    for r in ctx["requirements"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        assert!(text.contains(id), "{id}");
        for key in ["note", "gap", "recommendation"] {
            if let Some(v) = r[key].as_str() {
                assert!(text.contains(v), "{id} {key}: {v}");
            }
        }
        for e in r["evidence"].as_array().unwrap() {
            let reference = e["reference"].as_str().unwrap();
            assert!(text.contains(reference), "{id} evidence {reference}");
        }
        if let Some(what) = r["action"]["what"].as_str() {
            assert!(text.contains(what), "{id} action {what}");
        }
    }
}

#[test]
fn hostile_text_stays_text_in_the_word_report() {
    let t = Test::new().assessment("h.yaml");
    let note = "<w:p>&amp; </w:t>\"quoted\" 'single' \u{1b}[31m red\nsecond line";
    let r = run_in(
        t.dir(),
        &["answer", "h.yaml", "4.1-4", "initial", "--note", note],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(t.dir(), &["report", "h.yaml", "-o", "h.docx"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let parts = entries(&t.read("h.docx"));
    let document = &parts
        .iter()
        .find(|(n, ..)| n == "word/document.xml")
        .unwrap()
        .1;
    let text = paragraphs(document).join("\n");
    assert!(
        text.contains("<w:p>&amp; </w:t>\"quoted\" 'single' \\x1b[31m red\nsecond line"),
        "the note as text, the escape character shown"
    );
}

#[test]
fn an_svg_logo_is_for_html_only() {
    let t = Test::new()
        .assessment("a.yaml")
        .file(
            "logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
        )
        .file("brand.yaml", "firm: F\nlogo: logo.svg\n");
    let r = run_in(
        t.dir(),
        &["report", "a.yaml", "--brand", "brand.yaml", "-o", "r.docx"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("docx_svg_logo_warning", r.snapshot(t.dir()));
    let r = run_in(
        t.dir(),
        &["report", "a.yaml", "--brand", "brand.yaml", "-o", "r.html"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = String::from_utf8(t.read("r.html")).unwrap();
    assert!(html.contains("src=\"data:image/svg+xml;base64,"));
}

/// What python-docx reads from a file: each paragraph's style and text (the body's and the
/// tables'), the tables, and the header and footer text.
const READ_BACK: &str = r#"
import json, sys, docx
d = docx.Document(sys.argv[1])
paragraphs = [[p.style.name, p.text] for p in d.paragraphs]
cells = []
for t in d.tables:
    for row in t.rows:
        for c in row.cells:
            cells.append(c.text)
s = d.sections[0]
print(json.dumps({
    "paragraphs": paragraphs,
    "tables": len(d.tables),
    "cells": cells,
    "header": [p.text for p in s.header.paragraphs],
    "footer": [p.text for p in s.footer.paragraphs],
    "created": d.core_properties.created.isoformat() if d.core_properties.created else None,
    "author": d.core_properties.author,
    "title": d.core_properties.title,
}))
"#;

fn read_back(file: &Path) -> serde_json::Value {
    let out = std::process::Command::new(venv_python())
        .args(["-c", READ_BACK])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python-docx: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn headings(v: &serde_json::Value, style: &str) -> Vec<String> {
    v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p[0] == style)
        .map(|p| p[1].as_str().unwrap().to_string())
        .collect()
}

#[test]
#[ignore = "needs python-docx in target/venv; bash .ci/run installs it and runs ignored tests"]
fn python_docx_reads_every_section_answer_and_brand() {
    let t = Test::new()
        .file("logo.png", iso20k::report::png::bar(30, 10, 10, [0, 0, 0], [255, 255, 255]))
        .file(
            "brand.yaml",
            "firm: Whitfield & Partners\nlogo: logo.png\nconfidentiality: Confidential - Acme only\n\
             document_version: \"2.1\"\nsign_off:\n  - {name: Dana Whitfield, role: Lead consultant}\n",
        );
    let acme = repo().join(ACME);
    let acme = acme.to_str().unwrap();
    let r = run_in(t.dir(), &["report", acme, "-o", "full.docx"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let full = read_back(&t.path("full.docx"));
    let h1 = headings(&full, "Heading 1");
    assert_eq!(
        h1,
        [
            "Executive summary",
            "Readiness by clause",
            "Findings",
            "Documented information",
            "Other-party register",
            "Action plan",
            "Evidence freshness",
            "Scoring method",
            "Appendix: every requirement",
        ]
    );
    let h2 = headings(&full, "Heading 2");
    for h in [
        "Forecast",
        "Documents",
        "Records",
        "4 Context of the organization",
    ] {
        assert!(h2.iter().any(|x| x.starts_with(h)), "{h} in {h2:?}");
    }
    assert!(full["tables"].as_u64().unwrap() > 20, "{}", full["tables"]);
    assert!(
        full["footer"][0].as_str().unwrap().starts_with("Page "),
        "{}",
        full["footer"]
    );
    assert_eq!(full["created"], "2026-11-30T00:00:00+00:00");
    assert_eq!(full["title"], "Gap assessment: Acme Hosting Ltd");
    let mut text: Vec<&str> = full["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[1].as_str().unwrap())
        .collect();
    text.extend(
        full["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap()),
    );
    let text = text.join("\n");
    let ctx = context(&[acme], t.dir());
    for r in ctx["requirements"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        assert!(
            headings(&full, "Heading 3")
                .iter()
                .any(|h| h.starts_with(id)),
            "{id}"
        );
        for key in ["note", "gap", "recommendation"] {
            if let Some(v) = r[key].as_str() {
                assert!(text.contains(v), "{id} {key}");
            }
        }
        if let Some(what) = r["action"]["what"].as_str() {
            assert!(text.contains(what), "{id} action");
        }
    }

    let r = run_in(
        t.dir(),
        &[
            "report",
            acme,
            "--audience",
            "client",
            "--brand",
            "brand.yaml",
            "-o",
            "client.docx",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let client = read_back(&t.path("client.docx"));
    let h1 = headings(&client, "Heading 1");
    assert!(h1.contains(&"Method and limitations".to_string()), "{h1:?}");
    assert!(!h1.iter().any(|h| h.starts_with("Appendix")), "{h1:?}");
    assert!(
        headings(&client, "Heading 3").is_empty(),
        "no requirement headings"
    );
    let all = client.to_string();
    for text in [
        "Whitfield & Partners",
        "Confidential - Acme only",
        "2.1",
        "Dana Whitfield",
    ] {
        assert!(all.contains(text), "{text}");
    }
    assert_eq!(client["header"][0], "Confidential - Acme only");
    assert_eq!(client["author"], "Whitfield & Partners");
    assert!(
        client["footer"][0]
            .as_str()
            .unwrap()
            .starts_with("Confidential - Acme only"),
        "{}",
        client["footer"]
    );
    for id in ["stage-1-ready", "stage-2-ready"] {
        assert!(!all.contains(id), "{id}");
    }
}

/// LibreOffice's program, from `ISO20K_SOFFICE` or the path; only the ignored test asks.
fn soffice() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("ISO20K_SOFFICE") {
        return p.into();
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join("soffice"))
        .find(|p| p.is_file())
        .expect(
            "no LibreOffice on this machine: install Debian's `libreoffice-writer-nogui` \
             (bash .ci/run does), or set ISO20K_SOFFICE",
        )
}

#[test]
#[ignore = "needs LibreOffice (soffice); bash .ci/run installs it and runs ignored tests"]
fn libreoffice_opens_the_word_report_and_finds_every_answer() {
    let soffice = soffice();
    let t = Test::new();
    let acme = repo().join(ACME);
    let r = run_in(
        t.dir(),
        &["report", acme.to_str().unwrap(), "-o", "r.docx"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A profile of its own, so that parallel tests and a running LibreOffice do not meet.
    let out = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            t.path("profile").display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
        ])
        .arg(t.dir())
        .arg(t.path("r.docx"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(t.read("r.txt")).unwrap();
    for h in [
        "Executive summary",
        "Findings",
        "Action plan",
        "Appendix: every requirement",
    ] {
        assert!(text.lines().any(|l| l == h), "heading {h}");
    }
    assert!(
        !text.contains("TOC \\o"),
        "the contents field shows no field code"
    );
    let ctx = context(&[acme.to_str().unwrap()], t.dir());
    for r in ctx["requirements"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        assert!(text.contains(id), "{id}");
        if let Some(note) = r["note"].as_str() {
            for line in note.lines() {
                assert!(text.contains(line), "{id} note: {line}");
            }
        }
    }
}
