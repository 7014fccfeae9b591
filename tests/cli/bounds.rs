//! Any input iso20k accepts is handled in bounded memory: the largest files within the
//! limits (README, "Input limits") run every heavy command under 1 GB peak, and a file past
//! them is refused before it costs much. Peak memory is the child's maximum resident set
//! size, from the kernel's rusage as GNU time reports it. Time is not asserted here; it is
//! in BENCHMARKS.md.

use crate::support::*;

/// The child's peak resident memory in MB, and its outcome.
fn peak_mb(t: &Test, args: &[&str]) -> (f64, i32, String) {
    let out = std::process::Command::new("/usr/bin/time")
        .arg("-f")
        .arg("peak-kb %M")
        .arg(bin())
        .args(args)
        .current_dir(t.dir())
        .env_clear()
        .env("ISO20K_TODAY", "2026-11-30")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .output()
        .expect("GNU time at /usr/bin/time (Debian package `time`; .ci/run installs it)");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let kb: f64 = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("peak-kb "))
        .next_back()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak in {stderr}"));
    // GNU time passes the child's exit code on.
    let code = out.status.code().unwrap_or(-1);
    (kb / 1024.0, code, stderr)
}

/// The assessment's text up to and including `answers:`.
fn head() -> String {
    let t = Test::new().assessment("a.yaml");
    let text = String::from_utf8(t.read("a.yaml")).unwrap();
    let end = text.find("answers:\n").unwrap() + "answers:\n".len();
    text[..end].to_string()
}

fn ids() -> Vec<String> {
    let t = Test::new().assessment("a.yaml");
    String::from_utf8(t.read("a.yaml"))
        .unwrap()
        .lines()
        .filter_map(|l| {
            l.strip_prefix("  ")?
                .strip_suffix(": ~")
                .map(str::to_string)
        })
        .collect()
}

/// Every requirement answered with 200 evidence references, filling the 16 MiB limit.
fn most_evidence() -> String {
    let ids = ids();
    let per = (16 * 1024 * 1024 - 200_000) / (ids.len() * 200) - 8;
    let mut s = head();
    for (n, id) in ids.iter().enumerate() {
        s.push_str(&format!("  {id}:\n    rating: partial\n    evidence:\n"));
        for k in 0..200 {
            s.push_str(&format!("      - {:x<per$}\n", format!("r{n}-{k}-")));
        }
    }
    s
}

/// As many answers to unknown ids as the value limit lets through.
fn most_entries() -> String {
    let mut s = head();
    for i in 0..240_000 {
        s.push_str(&format!("  u{i:07}:\n    rating: none\n"));
    }
    s
}

const GB: f64 = 1024.0;

#[test]
fn the_largest_accepted_inputs_stay_under_a_gigabyte() {
    for (name, text) in [
        ("evidence.yaml", most_evidence()),
        ("entries.yaml", most_entries()),
    ] {
        assert!(
            text.len() < 16 * 1024 * 1024,
            "{name} is within the size limit"
        );
        let t = Test::new().file(name, &text);
        for args in [
            vec!["score", name],
            vec!["report", name, "--format", "html", "-o", "out.html"],
            vec!["report", name, "--format", "json", "-o", "out.json"],
            vec!["answer", name, "4.1-3", "full"],
        ] {
            let (mb, code, stderr) = peak_mb(&t, &args);
            assert_eq!(code, 0, "{args:?} is accepted: {stderr}");
            assert!(mb < GB, "{args:?} peaked at {mb:.0} MB");
        }
    }
}

#[test]
fn a_file_past_the_value_limit_is_refused_early() {
    // 8 million one-letter evidence references fit in 16 MiB.
    let refs = vec!["e"; 8_000_000].join(",");
    let text = format!(
        "{}  4.1-3:\n    rating: none\n    evidence: [{refs}]\n",
        head()
    );
    let t = Test::new().file("a.yaml", &text);
    let (mb, code, stderr) = peak_mb(&t, &["report", "a.yaml", "--format", "html"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("a.yaml:") && stderr.contains("more than 1000000 values"),
        "{stderr}"
    );
    assert!(mb < 300.0, "refused at {mb:.0} MB");
}

/// Every requirement answered with a note and a gap at the 20,000-character limit.
fn longest_texts() -> String {
    let mut s = head();
    for (n, id) in ids().iter().enumerate() {
        let text = format!("{:y<20000}", format!("t{n}-"));
        s.push_str(&format!(
            "  {id}:\n    rating: partial\n    note: {text}\n    gap: {text}\n"
        ));
    }
    s
}

#[test]
fn the_workbook_of_the_largest_accepted_inputs_stays_under_a_gigabyte_out_and_back() {
    for (name, text) in [
        ("texts.yaml", longest_texts()),
        ("entries.yaml", most_entries()),
    ] {
        assert!(
            text.len() < 16 * 1024 * 1024,
            "{name} is within the size limit"
        );
        let t = Test::new().file(name, &text);
        for args in [
            vec!["report", name, "-o", "out.xlsx"],
            vec!["import", name, "out.xlsx"],
        ] {
            let (mb, code, stderr) = peak_mb(&t, &args);
            assert_eq!(code, 0, "{args:?} is accepted: {stderr}");
            assert!(mb < GB, "{args:?} peaked at {mb:.0} MB");
        }
    }
    // 200 long references in one cell are more than Excel holds: refused, not cut.
    let t = Test::new().file("evidence.yaml", most_evidence());
    let (mb, code, stderr) = peak_mb(&t, &["report", "evidence.yaml", "-o", "out.xlsx"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("over the 32767 one Excel cell holds"),
        "{stderr}"
    );
    assert!(mb < GB, "peaked at {mb:.0} MB");
    assert!(!t.path("out.xlsx").exists());
}
