//! `iso20k diff`: what changed between two assessments, for people, pull requests and CI.

use crate::assessment::{Assessment, file};
use crate::catalogue::Catalogue;
use crate::cli::{DiffArgs, DiffFormat};
use crate::error::{Diagnostic, EXIT_GATE, Error, Result};
use crate::output::Output;
use crate::percent::Percent;
use crate::progress::diff::{ActionChange, Change, Diff, FindingChange, Input, diff};
use crate::report::template::markdown_escape;
use crate::score::score;
use crate::source::{MAX_INPUT_BYTES, Source};
use std::path::Path;
use std::process::Command;

/// Runs `diff`.
pub fn run(c: &Catalogue, args: DiffArgs, out: &mut Output) -> Result<u8> {
    let old = load_side(c, &args.old, out)?;
    let new = load_side(c, &args.new, out)?;
    let (s0, s1) = (score(c, &old), score(c, &new));
    let d = diff(
        c,
        Input {
            assessment: &old,
            scores: &s0,
        },
        Input {
            assessment: &new,
            scores: &s1,
        },
    );
    let text = match args.format {
        DiffFormat::Json => {
            let mut t = serde_json::to_string_pretty(&rounded(&args, &d)).unwrap_or_default();
            t.push('\n');
            t
        }
        DiffFormat::Md => markdown(&args, &d),
        DiffFormat::Table => table(&args, &d, out),
    };
    out.bytes(text.as_bytes())
        .map_err(|e| Error::io("cannot write to", Path::new("<stdout>"), e))?;
    Ok(if args.fail_on_regression && d.regression {
        EXIT_GATE
    } else {
        0
    })
}

/// Reads a side: a file, or `REV:PATH` from git when no such file exists.
fn load_side(c: &Catalogue, given: &str, out: &mut Output) -> Result<Assessment> {
    let path = Path::new(given);
    let from_git = given
        .split_once(':')
        .filter(|(rev, file)| !rev.is_empty() && !file.is_empty() && !path.exists());
    let source = match from_git {
        Some((rev, file)) => Source::new(given, &git_show(given, rev, file)?),
        None => Source::read(path)?,
    };
    let loaded = file::parse(&source, c)?;
    for w in &loaded.warnings {
        out.warning(w);
    }
    Ok(loaded.assessment)
}

fn git_show(given: &str, rev: &str, file: &str) -> Result<String> {
    // `./` makes git resolve the path from the current folder, as the user typed it.
    let spec = if file.starts_with("./") || file.starts_with('/') {
        format!("{rev}:{file}")
    } else {
        format!("{rev}:./{file}")
    };
    let fail = |msg: String| {
        Error::Invalid(vec![Diagnostic::file(given, msg).with_help(
            "a side is a file, or REV:PATH for a file in git, e.g. main:assessment.yaml or HEAD~1:assessment.yaml",
        )])
    };
    let output = Command::new("git")
        .args(["show", "--no-textconv", &spec])
        .output()
        .map_err(|e| {
            fail(format!(
                "is not a file, and git could not be run to read it: {e}"
            ))
        })?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        let err = err.lines().next().unwrap_or("git show failed").trim();
        return Err(fail(format!(
            "is not a file, and git cannot read it: {err}"
        )));
    }
    if output.stdout.len() as u64 > MAX_INPUT_BYTES {
        return Err(fail(format!(
            "is over the {} MiB limit for inputs",
            MAX_INPUT_BYTES / 1024 / 1024
        )));
    }
    String::from_utf8(output.stdout).map_err(|_| fail("is not UTF-8 text".into()))
}

/// The diff as JSON, with the names of both sides; percentages keep their computed value.
fn rounded(args: &DiffArgs, d: &Diff) -> serde_json::Value {
    let mut v = serde_json::to_value(d).unwrap_or_default();
    if let serde_json::Value::Object(m) = &mut v {
        m.insert("old".into(), args.old.clone().into());
        m.insert("new".into(), args.new.clone().into());
    }
    v
}

/// The change between two figures, agreeing with the figures as shown.
fn delta(before: f64, after: f64) -> String {
    Percent(after).delta_from(Percent(before))
}

fn rating(r: &Option<String>) -> &str {
    r.as_deref().unwrap_or("unanswered")
}

fn kind(ch: &Change) -> &'static str {
    use crate::progress::diff::ChangeKind::*;
    match ch.kind {
        Regressed => "regressed",
        Unanswered => "lost its answer",
        Improved => "improved",
        NewlyAnswered => "newly answered",
        Changed => "changed",
    }
}

fn finding_list(list: &[FindingChange]) -> String {
    list.iter()
        .map(|f| format!("{} ({})", f.requirement, f.finding.id()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn action_line(a: &ActionChange) -> String {
    format!(
        "{}: {} (owner {}, due {})",
        a.requirement,
        a.what,
        a.owner.as_deref().unwrap_or("none"),
        a.due.as_deref().unwrap_or("none")
    )
}

fn headline(args: &DiffArgs, d: &Diff) -> Vec<String> {
    let (b, a) = (&d.before, &d.after);
    let mut lines = vec![
        format!(
            "Readiness {} -> {} ({}), coverage {} -> {} ({})",
            Percent(b.readiness),
            Percent(a.readiness),
            delta(b.readiness, a.readiness),
            Percent(b.coverage),
            Percent(a.coverage),
            delta(b.coverage, a.coverage)
        ),
        format!("Verdict {} -> {}", b.verdict, a.verdict),
        format!(
            "Findings: major {} -> {}, minor {} -> {}, observation {} -> {}",
            b.findings.major,
            a.findings.major,
            b.findings.minor,
            a.findings.minor,
            b.findings.observation,
            a.findings.observation
        ),
    ];
    if b.catalogue != a.catalogue {
        lines.push(format!(
            "The files name different catalogues ({} in {}, {} in {}); compared on the ids the loaded catalogue knows",
            b.catalogue, args.old, a.catalogue, args.new
        ));
    }
    for (side, s) in [(&args.old, b), (&args.new, a)] {
        if !s.unknown_ids.is_empty() {
            lines.push(format!(
                "Only in {side} (not in the catalogue, not compared): {}",
                s.unknown_ids.join(", ")
            ));
        }
    }
    lines
}

fn table(args: &DiffArgs, d: &Diff, out: &Output) -> String {
    let mut text = format!("{} -> {}\n", args.old, args.new);
    for l in headline(args, d) {
        text.push_str(&l);
        text.push('\n');
    }
    if !d.clauses.is_empty() {
        let mut t = super::table::new(out.width);
        t.set_header(vec!["Clause", "Title", "Readiness", "Change", "Coverage"]);
        for cl in d.clauses.iter().filter(|c| c.depth <= 2) {
            t.add_row(vec![
                cl.id.clone(),
                format!("{}{}", "  ".repeat(cl.depth - 1), cl.title),
                format!(
                    "{} -> {}",
                    Percent(cl.readiness_before),
                    Percent(cl.readiness_after)
                ),
                delta(cl.readiness_before, cl.readiness_after),
                format!(
                    "{} -> {}",
                    Percent(cl.coverage_before),
                    Percent(cl.coverage_after)
                ),
            ]);
        }
        text.push_str(&format!("{t}\n"));
    }
    if !d.changes.is_empty() {
        let mut t = super::table::new(out.width);
        t.set_header(vec!["Requirement", "Change", "Before", "After"]);
        for ch in &d.changes {
            t.add_row(vec![
                ch.requirement.clone(),
                kind(ch).to_string(),
                rating(&ch.before).to_string(),
                rating(&ch.after).to_string(),
            ]);
        }
        text.push_str(&format!("{t}\n"));
    }
    for (label, list) in [
        ("Findings opened", &d.findings_opened),
        ("Findings closed", &d.findings_closed),
    ] {
        if !list.is_empty() {
            text.push_str(&format!("{label}: {}\n", finding_list(list)));
        }
    }
    for (label, list) in [
        ("Actions opened", &d.actions_opened),
        ("Actions done", &d.actions_done),
        ("Actions newly overdue", &d.actions_newly_overdue),
    ] {
        if !list.is_empty() {
            text.push_str(&format!("{label}:\n"));
            for a in list {
                text.push_str(&format!("  - {}\n", action_line(a)));
            }
        }
    }
    if d.regression {
        let bad = console::Style::new().red().bold();
        text.push_str(&format!("{}:\n", out.paint(&bad, "Regressions")));
        for r in &d.regressions {
            text.push_str(&format!("  - {r}\n"));
        }
    } else {
        text.push_str("No regression.\n");
    }
    text
}

fn markdown(args: &DiffArgs, d: &Diff) -> String {
    let e = markdown_escape;
    let mut m = format!("### iso20k: {} → {}\n\n", e(&args.old), e(&args.new));
    if d.regression {
        m.push_str("**Regression found.**\n\n");
    }
    m.push_str("| | Before | After | Change |\n|---|---:|---:|---:|\n");
    let (b, a) = (&d.before, &d.after);
    m.push_str(&format!(
        "| Readiness | {} | {} | {} |\n| Coverage | {} | {} | {} |\n| Verdict | `{}` | `{}` | |\n",
        Percent(b.readiness),
        Percent(a.readiness),
        delta(b.readiness, a.readiness),
        Percent(b.coverage),
        Percent(a.coverage),
        delta(b.coverage, a.coverage),
        b.verdict,
        a.verdict
    ));
    for (label, x, y) in [
        ("Major nonconformities", b.findings.major, a.findings.major),
        ("Minor nonconformities", b.findings.minor, a.findings.minor),
        (
            "Observations",
            b.findings.observation,
            a.findings.observation,
        ),
    ] {
        let change = match y as i64 - x as i64 {
            0 => "±0".to_string(),
            d => format!("{d:+}"),
        };
        m.push_str(&format!("| {label} | {x} | {y} | {change} |\n"));
    }
    m.push('\n');
    for l in headline(args, d).into_iter().skip(3) {
        m.push_str(&format!("{}\n\n", e(&l)));
    }
    if d.regression {
        m.push_str("#### Regressions\n\n");
        for r in &d.regressions {
            m.push_str(&format!("- {}\n", e(r)));
        }
        m.push('\n');
    }
    if !d.clauses.is_empty() {
        m.push_str("#### Readiness by clause\n\n| Clause | Title | Before | After | Change |\n|---|---|---:|---:|---:|\n");
        for cl in d.clauses.iter().filter(|c| c.depth <= 2) {
            m.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                cl.id,
                e(&cl.title),
                Percent(cl.readiness_before),
                Percent(cl.readiness_after),
                delta(cl.readiness_before, cl.readiness_after)
            ));
        }
        m.push('\n');
    }
    if !d.changes.is_empty() {
        m.push_str(
            "#### Requirements\n\n| Requirement | Change | Before | After |\n|---|---|---|---|\n",
        );
        for ch in &d.changes {
            m.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                ch.requirement,
                kind(ch),
                rating(&ch.before),
                rating(&ch.after)
            ));
        }
        m.push('\n');
    }
    for (label, list) in [
        ("Findings opened", &d.findings_opened),
        ("Findings closed", &d.findings_closed),
    ] {
        if !list.is_empty() {
            m.push_str(&format!("**{label}:** {}\n\n", finding_list(list)));
        }
    }
    for (label, list) in [
        ("Actions opened", &d.actions_opened),
        ("Actions done", &d.actions_done),
        ("Actions newly overdue", &d.actions_newly_overdue),
    ] {
        if !list.is_empty() {
            m.push_str(&format!("**{label}:**\n\n"));
            for a in list {
                m.push_str(&format!("- {}\n", e(&action_line(a))));
            }
            m.push('\n');
        }
    }
    if !d.regression {
        m.push_str("No regression.\n");
    }
    m
}
