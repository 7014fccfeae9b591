//! `report --audience client` and `--brand FILE`: what a client's management reads, the
//! brand on the cover, and the brand file's errors.

use crate::support::*;

/// A PNG of `w` x `h` pixels, as iso20k's own encoder makes one (any valid PNG would do).
fn png(w: u32, h: u32) -> Vec<u8> {
    iso20k::report::png::bar(w, h, w / 2, [35, 69, 122], [255, 255, 255])
}

const BRAND: &str = "firm: Whitfield & Partners <Consulting>
logo: art/logo.png
confidentiality: \"Confidential: Acme only\"
document_version: 1.0
distribution:
  - R. Patel, SMS manager
  - Board of Acme Hosting Ltd
sign_off:
  - {name: Dana Whitfield, role: Lead consultant, date: 2026-12-01}
  - {name: Priya Patel, role: SMS manager}
";

/// An interim assessment (five answers of many): a major with gap, recommendation and
/// action, a minor, an observation, a document requirement answered and another not.
fn interim() -> Test {
    let t = Test::new()
        .assessment("a.yaml")
        .file("brand.yaml", BRAND)
        .file("art/logo.png", png(40, 20));
    let answers: [&[&str]; 4] = [
        &[
            "4.3-1",
            "none",
            "--note",
            "No scope statement exists.",
            "--gap",
            "GAP-4.3: the SMS scope is not written down",
            "--recommendation",
            "REC-4.3: write the scope with its boundaries",
            "--action",
            "ACT-4.3: draft and approve the scope",
            "--owner",
            "R. Patel",
            "--due",
            "2027-01-31",
            "--method",
            "interview",
            "--interviewee",
            "R. Patel (SMS manager)",
            "--interviewee",
            "S. Novak",
        ],
        &[
            "5.2.2-1",
            "partial",
            "--note",
            "NOTE-5.2: the policy exists but is not communicated",
            "--method",
            "document-review",
            "--evidence",
            "POL-001 Service management policy@2026-10-01",
        ],
        &[
            "4.1-3",
            "largely",
            "--note",
            "OBS-4.1: climate change is considered informally",
            "--recommendation",
            "REC-4.1: record the climate-change decision",
            "--interviewee",
            "S. Novak",
            "--evidence",
            "POL-001 Service management policy",
        ],
        &["4.1-4", "full", "--method", "interview"],
    ];
    for args in answers {
        let r = run_in(t.dir(), &[&["answer", "a.yaml"], args].concat(), None);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    t
}

/// The part of `html` from the element with `id` up to the next `</section>`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section #{id}"));
    let end = html[start..].find("</section>").expect("closed");
    &html[start..start + end]
}

/// The text a reader sees: everything outside tags, without the style sheet.
fn visible_text(html: &str) -> String {
    let body = &html[html.find("<body>").expect("a body")..];
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The table row that holds `needle`.
fn row_with<'a>(html: &'a str, needle: &str) -> &'a str {
    let at = html.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    let start = html[..at].rfind("<tr").expect("in a row");
    let end = at + html[at..].find("</tr>").expect("row closed");
    &html[start..end]
}

#[test]
fn the_client_report_holds_what_management_reads() {
    let t = interim();
    let r = run_in(
        t.dir(),
        &[
            "report",
            "a.yaml",
            "--audience",
            "client",
            "--brand",
            "brand.yaml",
            "-o",
            "c.html",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = String::from_utf8(t.read("c.html")).unwrap();

    // Each nonconformity with its gap, recommendation and action side by side.
    let major = row_with(&html, "GAP-4.3");
    for cell in [
        "4.3-1",
        "REC-4.3: write the scope",
        "ACT-4.3: draft and approve",
        "R. Patel",
        "31 Jan 2027",
    ] {
        assert!(major.contains(cell), "{cell} in the row of 4.3-1: {major}");
    }
    assert_eq!(
        major.matches("<td").count(),
        4,
        "requirement, gap, recommendation, action"
    );
    // Without a gap, the note says what is missing.
    assert!(row_with(&html, "NOTE-5.2").contains("5.2.2-1"));
    // Observations in one table, no card per finding; no appendix.
    let observation = row_with(&html, "OBS-4.1");
    assert!(observation.contains("REC-4.1: record"), "{observation}");
    assert_eq!(html.matches("class=\"register observations\"").count(), 1);
    assert!(!html.contains("<article"), "no cards");
    assert!(!html.contains("id=\"appendix\"") && !html.contains("href=\"#appendix\""));

    // Interim: the assessed scope's readiness beside the overall figure, from the context.
    let ctx: serde_json::Value = serde_json::from_str(
        &run_in(t.dir(), &["report", "a.yaml", "--format", "json"], None).stdout,
    )
    .unwrap();
    let assessed = ctx["summary"]["assessed_readiness"].as_f64().unwrap();
    let shown = iso20k::percent::Percent(assessed).show(1);
    let figure = &html[html.find("id=\"assessed-readiness\"").expect("figure")..];
    assert!(
        figure[..400].contains(&shown),
        "{shown}: {}",
        &figure[..400]
    );
    // ... and leaves out what was not assessed.
    let documented = section(&html, "documented");
    assert!(documented.contains("4.3-1") && documented.contains("5.2.2-1"));
    assert!(
        !documented.contains("6.1-2"),
        "an unanswered document requirement"
    );
    assert!(documented.contains("not yet assessed"));

    // Client words, never ids, in prose.
    let prose = visible_text(&html);
    assert!(!html.contains("<code>"));
    for id in ["stage-1-ready", "stage-2-ready", "not-ready"] {
        assert!(!prose.contains(id), "{id}");
    }
    for (i, _) in prose.match_indices("largely") {
        assert!(
            prose[i..].starts_with("largely implemented"),
            "a level id in prose: {}",
            &prose[i.saturating_sub(60)..i + 40]
        );
    }
    assert!(!prose.contains(" partial "), "the id `partial` in prose");
    assert!(prose.contains("Largely implemented"));

    // The brand on the cover; no tool on the cover, it is on the method page.
    let cover = section(&html, "cover");
    for text in [
        "Whitfield &amp; Partners &lt;Consulting&gt;",
        "src=\"data:image/png;base64,iVBORw0KGgo",
        "Confidential: Acme only",
        "<dd>1.0</dd>",
        "R. Patel, SMS manager",
        "Board of Acme Hosting Ltd",
        "Dana Whitfield",
        "Lead consultant",
        "1 December 2026",
        "Priya Patel",
    ] {
        assert!(cover.contains(text), "{text} on the cover");
    }
    assert!(!cover.contains("iso20k"), "no tool name on the cover");
    assert!(!cover.contains(env!("CARGO_PKG_VERSION")));
    // The marking in the print header and footer, escaped for CSS.
    assert!(
        html.contains("@top-center { content: \"Confidential\\3a  Acme only\""),
        "{}",
        &html[html.find("@top-center").unwrap()..][..120]
    );
    assert!(html.contains("@bottom-left { content: \"Confidential\\3a  Acme only\""));

    // The method and its limits.
    let method = section(&html, "limitations");
    for text in [
        "Method and limitations",
        "Dana",
        "R. Patel (SMS manager) <span class=\"muted\">(1 answer)",
        "S. Novak <span class=\"muted\">(2 answers)",
        "Interview (2)",
        "Document review (1)",
        "not recorded (1)",
        "1 evidence reference cited, by 2 of the 4 answers",
        &format!(
            "4 of {} requirements were assessed",
            ctx["summary"]["total"]
        ),
        "Not yet assessed",
        &format!("iso20k {}", env!("CARGO_PKG_VERSION")),
    ] {
        assert!(method.contains(text), "{text} in: {method}");
    }
}

#[test]
fn the_full_report_stays_as_it_was_and_both_reach_templates() {
    let t = interim();
    let plain = run_in(t.dir(), &["report", "a.yaml", "--format", "html"], None);
    let full = run_in(
        t.dir(),
        &["report", "a.yaml", "--format", "html", "--audience", "full"],
        None,
    );
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert_eq!(plain.stdout, full.stdout, "full is the default");
    assert!(plain.stdout.contains("id=\"appendix\""));
    assert!(!plain.stdout.contains("id=\"limitations\""));

    // A custom template sees the audience and the brand; so does the JSON context.
    let t = t.file(
        "t.md.tera",
        "{{ audience }} | {{ brand.firm }} | {{ brand.sign_off[1].name }} | {{ method_summary.people_interviewed | length }}\n",
    );
    let r = run_in(
        t.dir(),
        &[
            "report",
            "a.yaml",
            "--template",
            "t.md.tera",
            "--audience",
            "client",
            "--brand",
            "brand.yaml",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "client | Whitfield & Partners <Consulting> | Priya Patel | 2\n"
    );
    let r = run_in(
        t.dir(),
        &[
            "report",
            "a.yaml",
            "--format",
            "json",
            "--brand",
            "brand.yaml",
        ],
        None,
    );
    let ctx: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(ctx["audience"], "full");
    assert_eq!(ctx["brand"]["document_version"], "1.0");
    assert_eq!(ctx["brand"]["logo"]["width"], 40);
    assert_eq!(ctx["brand"]["sign_off"][0]["date"], "2026-12-01");
}

#[test]
fn brand_and_audience_are_refused_where_they_mean_nothing() {
    let t = interim();
    for args in [
        &["--format", "csv", "--brand", "brand.yaml"][..],
        &["--format", "oscal", "--audience", "client"],
        &["--format", "md", "--brand", "brand.yaml"],
    ] {
        let r = run_in(t.dir(), &[&["report", "a.yaml"], args].concat(), None);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(
            r.stderr
                .contains("--brand and --audience client are for the HTML and Word reports"),
            "{}",
            r.stderr
        );
    }
    let r = run_in(t.dir(), &["report", "a.yaml", "--format", "docx"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("write it with -o FILE.docx"),
        "{}",
        r.stderr
    );
    let r = run_in(
        t.dir(),
        &[
            "report",
            "a.yaml",
            "-o",
            "brand.yaml",
            "--brand",
            "brand.yaml",
        ],
        None,
    );
    assert_eq!(r.code, 2, "never over the brand file");
    assert_eq!(String::from_utf8(t.read("brand.yaml")).unwrap(), BRAND);
    let logo = t.read("art/logo.png");
    let r = run_in(
        t.dir(),
        &[
            "report",
            "a.yaml",
            "--format",
            "html",
            "-o",
            "art/logo.png",
            "--brand",
            "brand.yaml",
        ],
        None,
    );
    assert_eq!(r.code, 2, "never over the logo: {}", r.stderr);
    assert_eq!(t.read("art/logo.png"), logo);
}

#[test]
fn brand_file_errors_name_the_place_and_what_is_valid() {
    let big = vec![0u8; 1024 * 1024 + 1];
    let cases: [(&str, &str); 9] = [
        ("unknown_key", "firm: X\nconfidental: secret\n"),
        ("wrong_type", "firm: X\ndistribution: 5\n"),
        (
            "bad_date",
            "sign_off:\n  - name: A\n    role: B\n    date: 2026-02-30\n",
        ),
        ("sign_off_without_role", "sign_off:\n  - name: A\n"),
        ("empty_firm", "firm: \"  \"\n"),
        ("missing_logo", "firm: X\nlogo: nowhere.png\n"),
        ("logo_not_an_image", "logo: brand.yaml\n"),
        ("logo_too_big", "logo: big.png\n"),
        ("not_a_mapping", "- firm\n"),
    ];
    for (name, text) in cases {
        let t = Test::new()
            .assessment("a.yaml")
            .file("brand.yaml", text)
            .file("big.png", &big);
        let r = run_in(
            t.dir(),
            &[
                "report",
                "a.yaml",
                "--format",
                "html",
                "--brand",
                "brand.yaml",
                "-o",
                "r.html",
            ],
            None,
        );
        assert_eq!(r.code, 2, "{name}: {r:?}");
        assert!(
            r.stderr.starts_with("error: brand.yaml:"),
            "{name}: {}",
            r.stderr
        );
        assert!(!t.path("r.html").exists(), "{name}: nothing written");
        insta::assert_snapshot!(format!("brand_error_{name}"), r.snapshot(t.dir()));
    }
}

#[test]
fn the_example_brand_file_brands_both_reports() {
    let tmp = tempdir();
    for out in ["c.html", "c.docx"] {
        let o = tmp.path().join(out);
        let r = run(&[
            "report",
            "examples/acme-hosting.yaml",
            "--audience",
            "client",
            "--brand",
            "examples/brand/whitfield.yaml",
            "-o",
            o.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 0, "{out}: {}", r.stderr);
        assert!(!r.stderr.contains("warning"), "{out}: {}", r.stderr);
    }
    let html = std::fs::read_to_string(tmp.path().join("c.html")).unwrap();
    assert!(html.contains("Whitfield &amp; Partners"));
    assert!(html.contains("src=\"data:image/png;base64,"));
}
