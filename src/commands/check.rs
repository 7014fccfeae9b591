//! `iso20k check`: the CI gate.

use crate::catalogue::Catalogue;
use crate::check::{Condition, Thresholds, evaluate};
use crate::cli::{CheckArgs, CheckFormat};
use crate::error::{EXIT_GATE, Error, Result};
use crate::output::Output;
use crate::percent::Percent;
use crate::progress::freshness::{Freshness, freshness};
use crate::score::{Scores, score};
use serde::Serialize;
use std::path::Path;

/// Runs `check`.
pub fn run(c: &Catalogue, args: CheckArgs, out: &mut Output) -> Result<u8> {
    for (flag, v) in [
        ("--min-readiness", args.min_readiness),
        ("--min-coverage", args.min_coverage),
    ] {
        if let Some(p) = v
            && !(0.0..=100.0).contains(&p)
        {
            return Err(Error::Usage(format!("{flag} {p} is outside 0..=100")));
        }
    }
    if let Some(n) = args.stage
        && n as usize > c.stages.len()
    {
        let stages: Vec<String> = c
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{} = {}", i + 1, s.verdict))
            .collect();
        return Err(Error::Usage(format!(
            "--stage {n}: catalogue `{}` has stages {}",
            c.id,
            stages.join(", ")
        )));
    }
    let t = Thresholds {
        min_readiness: args.min_readiness,
        min_coverage: args.min_coverage,
        max_major: args.max_major,
        max_minor: args.max_minor,
        stage: args.stage.map(usize::from),
        no_stale_evidence: args.fail_on_stale_evidence,
    }
    .or_default_stage();
    let judging = super::judging(&args.dating)?;
    let a = super::score::load(c, &args.file, out)?;
    let s = score(c, a);
    // The gate needs no forecast: only stale evidence.
    let p = freshness(c, a, judging);
    let conditions = evaluate(c, &s, &p, &t);
    let passed = conditions.iter().all(|x| x.passed);
    let text = match args.format {
        CheckFormat::Text => text(&args.file, &s, &p, &conditions, passed, out),
        CheckFormat::Json => serde_json::to_string_pretty(&CheckView {
            passed,
            readiness: Percent(s.overall.readiness),
            coverage: Percent(s.overall.coverage),
            verdict: &s.verdict,
            stale_evidence: p.stale.len(),
            conditions: &conditions,
        })
        .unwrap_or_default(),
        CheckFormat::Junit => junit(c, &args.file, &s, &conditions),
    };
    out.data(&text)
        .map_err(|e| Error::io("cannot write to", Path::new("<stdout>"), e))?;
    Ok(if passed { 0 } else { EXIT_GATE })
}

#[derive(Serialize)]
struct CheckView<'a> {
    passed: bool,
    readiness: Percent,
    coverage: Percent,
    verdict: &'a str,
    stale_evidence: usize,
    conditions: &'a [Condition],
}

fn text(
    file: &Path,
    s: &Scores,
    p: &Freshness,
    conditions: &[Condition],
    passed: bool,
    out: &Output,
) -> String {
    let ok = console::Style::new().green().bold();
    let bad = console::Style::new().red().bold();
    let mut t = String::new();
    for x in conditions {
        let mark = if x.passed {
            out.paint(&ok, "pass")
        } else {
            out.paint(&bad, "FAIL")
        };
        t.push_str(&format!(
            "{mark}  {}: {} (required {})\n",
            x.name, x.actual, x.required
        ));
        if !x.passed {
            for d in &x.details {
                t.push_str(&format!("        {d}\n"));
            }
        }
    }
    let gated = conditions.iter().any(|x| x.name == "no-stale-evidence");
    if !gated && !p.stale.is_empty() {
        t.push_str(&format!(
            "note  {} stale evidence reference(s), reviewed more than {} before {} (not gated; see --fail-on-stale-evidence)\n",
            p.stale.len(),
            p.judging.max_age,
            p.judging.as_of
        ));
    }
    let failed = conditions.iter().filter(|x| !x.passed).count();
    t.push_str(&format!(
        "{}: {} (readiness {}, verdict {})",
        file.display(),
        if passed {
            "gate passed".to_string()
        } else {
            format!("gate failed: {failed} of {} conditions", conditions.len())
        },
        Percent(s.overall.readiness),
        s.verdict
    ));
    t
}

/// Escapes text for XML attributes and content.
pub fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => o.push(c),
        }
    }
    o
}

fn junit(c: &Catalogue, file: &Path, s: &Scores, conditions: &[Condition]) -> String {
    let mut cases = Vec::new();
    for x in conditions {
        let failure = (!x.passed).then(|| {
            (
                format!("{}: {} (required {})", x.name, x.actual, x.required),
                x.details.join("\n"),
            )
        });
        cases.push(("iso20k.gate".to_string(), x.name.clone(), failure));
    }
    for &r in &c.roots {
        let cl = &c.clauses[r];
        let cs = &s.clauses[r];
        let majors: Vec<&str> = c.requirements[cl.requirements.clone()]
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                s.requirements[cl.requirements.start + i].finding
                    == crate::catalogue::Finding::Major
            })
            .map(|(_, r)| r.id.as_str())
            .collect();
        let failure = (!majors.is_empty()).then(|| {
            (
                format!("{} major nonconformities in clause {}", majors.len(), cl.id),
                format!(
                    "readiness {}; majors: {}",
                    Percent(cs.readiness),
                    majors.join(", ")
                ),
            )
        });
        cases.push((
            "iso20k.clauses".to_string(),
            format!("{} {}", cl.id, cl.title),
            failure,
        ));
    }
    let failures = cases.iter().filter(|c| c.2.is_some()).count();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!(
        "<testsuites name=\"iso20k check\" tests=\"{}\" failures=\"{failures}\">\n  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">\n",
        cases.len(),
        xml_escape(&file.display().to_string()),
        cases.len()
    ));
    for (class, name, failure) in cases {
        x.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml_escape(&class),
            xml_escape(&name)
        ));
        match failure {
            None => x.push_str("/>\n"),
            Some((message, body)) => x.push_str(&format!(
                ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                xml_escape(&message),
                xml_escape(&body)
            )),
        }
    }
    x.push_str("  </testsuite>\n</testsuites>");
    x
}
