//! `diff`: what changed, as tables, Markdown for pull requests and CI summaries, and JSON.

use crate::assessment::CatalogueRef;
use crate::output::Output;
use crate::percent::Percent;
use crate::progress::diff::{ActionChange, CapabilityChange, Change, Diff, FindingChange};
use crate::report::template::markdown_escape;
use crate::safe::one_line;
use schemars::JsonSchema;
use serde::Serialize;

/// The names the two sides were given on the command line.
#[derive(Debug, Clone, Copy)]
pub struct Sides<'a> {
    /// The old side: a file, or `REV:PATH`.
    pub old: &'a str,
    /// The new side.
    pub new: &'a str,
}

/// The stable JSON of `diff --format json`: the names of both sides, then the comparison;
/// percentages keep their computed value.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DiffView<'a> {
    /// The old side as given: a file, or `REV:PATH`.
    pub old: &'a str,
    /// The new side as given.
    pub new: &'a str,
    /// The comparison.
    #[serde(flatten)]
    pub diff: &'a Diff,
}

impl<'a> DiffView<'a> {
    /// Builds the view.
    pub fn new(sides: &Sides<'a>, diff: &'a Diff) -> Self {
        DiffView {
            old: sides.old,
            new: sides.new,
            diff,
        }
    }
}

/// The change between two figures, agreeing with the figures as shown.
fn delta(before: Percent, after: Percent) -> String {
    after.delta_from(before)
}

fn cat(c: &CatalogueRef) -> String {
    format!("{} {}", c.id, c.version)
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
        .map(|f| format!("{} ({})", one_line(&f.requirement), f.finding.id()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn action_line(a: &ActionChange) -> String {
    format!(
        "{}: {} (owner {}, due {})",
        one_line(&a.requirement),
        one_line(&a.what),
        one_line(a.owner.as_deref().unwrap_or("none")),
        one_line(a.due.as_deref().unwrap_or("none"))
    )
}

/// `2 -> 1` when it changed, else `2`.
fn level(before: u8, after: u8) -> String {
    if before == after {
        after.to_string()
    } else {
        format!("{before} -> {after}")
    }
}

/// `none -> 3` when it changed, else `3` (or `none`).
fn target(before: Option<u8>, after: Option<u8>) -> String {
    let t = |x: Option<u8>| x.map_or("none".to_string(), |t| t.to_string());
    if before == after {
        t(after)
    } else {
        format!("{} -> {}", t(before), t(after))
    }
}

/// `2.1 P -> L, 2.2 - -> F` (`-`: not rated, which counts as N).
fn attribute_changes(p: &CapabilityChange) -> String {
    let r = |x: Option<crate::capability::Achievement>| x.map_or("-", |a| a.id());
    p.attributes
        .iter()
        .map(|a| format!("{} {} -> {}", a.attribute, r(a.before), r(a.after)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How a process's capability changed, in a word.
fn capability_kind(p: &CapabilityChange) -> &'static str {
    if p.regression {
        "regressed"
    } else if p.level_after > p.level_before {
        "improved"
    } else {
        "changed"
    }
}

/// The heading over capability regressions: they are listed, and gate only when asked.
const CAPABILITY_REGRESSIONS: &str =
    "Capability regressions (gated only with --fail-on-capability-regression)";

/// The closing line without a conformity regression; "conformity" when capability has one.
fn no_regression(d: &Diff) -> &'static str {
    if d.capability_regression {
        "No conformity regression.\n"
    } else {
        "No regression.\n"
    }
}

fn headline(sides: &Sides<'_>, d: &Diff) -> Vec<String> {
    let (b, a) = (&d.before, &d.after);
    let mut lines = vec![
        format!(
            "Readiness {} -> {} ({}), coverage {} -> {} ({})",
            b.readiness,
            a.readiness,
            delta(b.readiness, a.readiness),
            b.coverage,
            a.coverage,
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
            cat(&b.catalogue), sides.old, cat(&a.catalogue), sides.new
        ));
    }
    for (side, s) in [(&sides.old, b), (&sides.new, a)] {
        if !s.unknown_ids.is_empty() {
            lines.push(format!(
                "Only in {side} (not in the catalogue, not compared): {}",
                s.unknown_ids.join(", ")
            ));
        }
    }
    lines
}

/// The diff as tables for people.
pub fn table(sides: &Sides<'_>, d: &Diff, out: &Output) -> String {
    let mut text = format!("{} -> {}\n", sides.old, sides.new);
    for l in headline(sides, d) {
        text.push_str(&l);
        text.push('\n');
    }
    if !d.clauses.is_empty() {
        let mut t = super::table::new(out.width);
        t.set_header(vec!["Clause", "Title", "Readiness", "Change", "Coverage"]);
        for cl in d.clauses.iter().filter(|c| c.depth <= 2) {
            t.add_row(vec![
                one_line(&cl.id),
                format!("{}{}", "  ".repeat(cl.depth - 1), one_line(&cl.title)),
                format!("{} -> {}", cl.readiness_before, cl.readiness_after),
                delta(cl.readiness_before, cl.readiness_after),
                format!("{} -> {}", cl.coverage_before, cl.coverage_after),
            ]);
        }
        text.push_str(&format!(
            "{}\n",
            super::table::render(&mut t, out.painter())
        ));
    }
    if !d.changes.is_empty() {
        let mut t = super::table::new(out.width);
        t.set_header(vec!["Requirement", "Change", "Before", "After"]);
        for ch in &d.changes {
            t.add_row(vec![
                one_line(&ch.requirement),
                kind(ch).to_string(),
                rating(&ch.rating_before).to_string(),
                rating(&ch.rating_after).to_string(),
            ]);
        }
        text.push_str(&format!(
            "{}\n",
            super::table::render(&mut t, out.painter())
        ));
    }
    if !d.capability.is_empty() {
        let mut t = super::table::new(out.width);
        t.set_header(vec![
            "Process",
            "Capability",
            "Level",
            "Target",
            "Attributes",
        ]);
        for p in &d.capability {
            t.add_row(vec![
                one_line(&p.process),
                capability_kind(p).to_string(),
                level(p.level_before, p.level_after),
                target(p.target_before, p.target_after),
                attribute_changes(p),
            ]);
        }
        text.push_str(&format!(
            "{}\n",
            super::table::render(&mut t, out.painter())
        ));
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
        text.push_str(no_regression(d));
    }
    if d.capability_regression {
        text.push_str(&format!("{CAPABILITY_REGRESSIONS}:\n"));
        for r in &d.capability_regressions {
            text.push_str(&format!("  - {}\n", one_line(r)));
        }
    }
    text
}

/// The diff as Markdown, for a pull-request comment or a CI job summary.
pub fn markdown(sides: &Sides<'_>, d: &Diff) -> String {
    let e = markdown_escape;
    let mut m = format!("### iso20k: {} → {}\n\n", e(sides.old), e(sides.new));
    if d.regression {
        m.push_str("**Regression found.**\n\n");
    }
    m.push_str("| | Before | After | Change |\n|---|---:|---:|---:|\n");
    let (b, a) = (&d.before, &d.after);
    m.push_str(&format!(
        "| Readiness | {} | {} | {} |\n| Coverage | {} | {} | {} |\n| Verdict | `{}` | `{}` | |\n",
        b.readiness,
        a.readiness,
        delta(b.readiness, a.readiness),
        b.coverage,
        a.coverage,
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
    for l in headline(sides, d).into_iter().skip(3) {
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
                cl.readiness_before,
                cl.readiness_after,
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
                rating(&ch.rating_before),
                rating(&ch.rating_after)
            ));
        }
        m.push('\n');
    }
    if !d.capability.is_empty() {
        m.push_str("#### Process capability\n\n| Process | Title | Capability | Level | Target | Attributes |\n|---|---|---|---|---|---|\n");
        for p in &d.capability {
            m.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                e(&p.process),
                e(&p.title),
                capability_kind(p),
                level(p.level_before, p.level_after),
                target(p.target_before, p.target_after),
                attribute_changes(p)
            ));
        }
        m.push('\n');
        if d.capability_regression {
            m.push_str(&format!("**{CAPABILITY_REGRESSIONS}:**\n\n"));
            for r in &d.capability_regressions {
                m.push_str(&format!("- {}\n", e(r)));
            }
            m.push('\n');
        }
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
        m.push_str(no_regression(d));
    }
    m
}
