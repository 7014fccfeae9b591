//! `iso20k check`: the CI gate.

use crate::assessment;
use crate::catalogue::Catalogue;
use crate::check::{Thresholds, evaluate};
use crate::cli::{CheckArgs, CheckFormat};
use crate::error::{EXIT_GATE, Error, Result};
use crate::output::Output;
use crate::present::check::{CheckView, junit, text};
use crate::progress::freshness::freshness;
use crate::score::score;

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
        capability_targets: args.capability_targets,
    }
    .or_default_stage();
    let judging = super::judging(&args.judging)?;
    let a = assessment::load(c, &args.file, out)?;
    let s = score(c, &a);
    // The gate needs no forecast: only stale evidence.
    let p = freshness(c, &a, judging);
    let capability = crate::capability::processes(c, &a);
    let conditions = evaluate(c, &s, &p, &capability, &t);
    let passed = conditions.iter().all(|x| x.passed);
    let text = match args.format {
        CheckFormat::Text => text(&args.file, &s, &p, &conditions, passed, out),
        CheckFormat::Json => {
            serde_json::to_string_pretty(&CheckView::new(c, &s, &p, &conditions, passed))
                .unwrap_or_default()
        }
        CheckFormat::Junit => junit(c, &args.file, &s, &p, &conditions),
    };
    match args.format {
        CheckFormat::Json => out.json(&text)?,
        CheckFormat::Text | CheckFormat::Junit => out.text(&text)?,
    }
    Ok(if passed { 0 } else { EXIT_GATE })
}
