//! The HTML report in a real browser: headless Chromium loads it, dumps the DOM it built
//! and prints it to PDF.
//!
//! A plain `cargo test` reports these tests as ignored, with the reason; `.ci/run` installs
//! Debian's chromium and runs them (`--include-ignored`), and a missing browser then fails.

use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ISO20K_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

/// The browser; only the ignored tests ask for it, so a missing one is a failure.
fn browser() -> PathBuf {
    chromium().expect(
        "no chromium on this machine: install Debian's `chromium` (bash .ci/run does), \
         or set ISO20K_CHROMIUM",
    )
}

/// Runs the browser on `page` with `extra` flags, with a fresh profile and a time limit.
fn browse(browser: &Path, work: &Path, page: &Path, extra: &[String]) -> String {
    let profile = tempfile::tempdir_in(work).unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut s);
        s
    });
    if !eventually(Duration::from_secs(120), || {
        child.try_wait().unwrap().is_some()
    }) {
        let _ = child.kill();
        panic!("chromium did not finish within 120 s");
    }
    reader.join().unwrap()
}

/// The part of `dom` inside the element that carries `id`, up to the closing `tag`.
fn element<'a>(dom: &'a str, id: &str, tag: &str) -> &'a str {
    let start = dom
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element #{id}"));
    let end = dom[start..]
        .find(&format!("</{tag}>"))
        .unwrap_or_else(|| panic!("#{id} is not closed"));
    &dom[start..start + end]
}

#[test]
#[ignore = "needs chromium; bash .ci/run installs it and runs ignored tests"]
fn html_report_renders_and_prints_in_chromium() {
    let browser = browser();
    let tmp = tempdir();
    let d = tmp.path();
    let page = d.join("report.html");
    let r = run(&[
        "report",
        "examples/acme-hosting.yaml",
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{r:?}");

    let dom = browse(&browser, d, &page, &["--dump-dom".into()]);
    assert!(
        dom.contains("<title>"),
        "chromium returned a DOM: {}",
        &dom[..dom.len().min(300)]
    );
    for id in [
        "cover",
        "summary",
        "readiness",
        "findings",
        "documented",
        "other-parties",
        "actions",
        "evidence",
        "method",
        "appendix",
    ] {
        let section = element(&dom, id, "section");
        assert!(section.contains("<h2"), "section #{id} has a heading");
    }
    let readiness = element(&dom, "chart-readiness", "svg");
    assert_eq!(
        readiness.matches("class=\"bar\"").count(),
        7,
        "one bar per top-level clause"
    );
    for clause in ["Context of the organization", "Improvement"] {
        assert!(readiness.contains(clause), "{clause} is labelled");
    }
    let findings = element(&dom, "chart-findings", "svg");
    assert_eq!(
        findings.matches("class=\"bar\"").count(),
        3,
        "major, minor, observation"
    );
    let score = run(&["score", "examples/acme-hosting.yaml"]);
    let shown = score
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Readiness "))
        .and_then(|l| l.split(',').next())
        .expect("score prints the overall readiness");
    assert!(
        dom.contains(shown),
        "the overall readiness as `score` shows it ({shown})"
    );
    assert!(!dom.contains("<script"), "no script in the built DOM");
    for needle in ["http://", "https://"] {
        assert!(
            !dom.contains(&format!("src=\"{needle}")) && !dom.contains(&format!("href=\"{needle}")),
            "nothing is loaded from the network"
        );
    }

    let pdf = d.join("report.pdf");
    browse(
        &browser,
        d,
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
    );
    let bytes = std::fs::read(&pdf).expect("chromium wrote the PDF");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    assert!(
        bytes.len() > 50_000,
        "a real document, {} bytes",
        bytes.len()
    );
}

#[test]
#[ignore = "needs chromium; bash .ci/run installs it and runs ignored tests"]
fn hostile_text_builds_no_elements_in_chromium() {
    let browser = browser();
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "h.yaml", None);
    let r = run_in(
        d,
        &[
            "answer",
            "h.yaml",
            "4.1-4",
            "initial",
            "--note",
            "<script>document.title='owned'</script><img src=x onerror=\"document.title='owned'\"> {{ report }}",
            "--owner",
            "<b>O</b>",
            "--action",
            "</td></tr></table><h1>x</h1>",
            "--due",
            "2026-12-01",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let r = run_in(
        d,
        &["report", "h.yaml", "--format", "html", "-o", "h.html"],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let dom = browse(&browser, d, &d.join("h.html"), &["--dump-dom".into()]);
    assert!(
        !dom.contains("<script") && !dom.contains("<img") && !dom.contains("<h1>x"),
        "{dom}"
    );
    assert!(!dom.contains("<title>owned"), "nothing ran");
    assert!(dom.contains("&lt;script&gt;document.title='owned'&lt;/script&gt;"));
}

#[test]
#[ignore = "needs chromium; bash .ci/run installs it and runs ignored tests"]
fn client_report_renders_and_prints_in_chromium() {
    let browser = browser();
    let t = Test::new()
        .file(
            "logo.png",
            iso20k::report::png::bar(60, 20, 30, [35, 69, 122], [255, 255, 255]),
        )
        .file(
            "brand.yaml",
            "firm: Whitfield & Partners\nlogo: logo.png\nconfidentiality: Confidential\n\
             sign_off:\n  - {name: Dana Whitfield, role: Lead consultant}\n",
        );
    let page = t.path("client.html");
    let acme = repo().join("examples/acme-hosting.yaml");
    let r = run_in(
        t.dir(),
        &[
            "report",
            acme.to_str().unwrap(),
            "--audience",
            "client",
            "--brand",
            "brand.yaml",
            "-o",
            "client.html",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let dom = browse(&browser, t.dir(), &page, &["--dump-dom".into()]);
    for id in [
        "cover",
        "summary",
        "readiness",
        "findings",
        "documented",
        "other-parties",
        "actions",
        "evidence",
        "method",
        "limitations",
    ] {
        let section = element(&dom, id, "section");
        assert!(section.contains("<h2"), "section #{id} has a heading");
    }
    assert!(!dom.contains("id=\"appendix\""), "no appendix");
    let cover = element(&dom, "cover", "section");
    assert!(
        cover.contains("<img class=\"logo\" src=\"data:image/png;base64,"),
        "the logo, embedded"
    );
    assert!(cover.contains("Whitfield &amp; Partners"));
    assert!(!dom.contains("<script"));

    let pdf = t.path("client.pdf");
    browse(
        &browser,
        t.dir(),
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
    );
    let bytes = std::fs::read(&pdf).expect("chromium wrote the PDF");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    assert!(
        bytes.len() > 30_000,
        "a real document, {} bytes",
        bytes.len()
    );
}
