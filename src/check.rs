//! The CI gate: conditions evaluated on the scores, each passing or failing with its figures.

use crate::catalogue::{Catalogue, Severity};
use crate::percent::Percent;
use crate::progress::freshness::Freshness;
use crate::score::Scores;
use serde::Serialize;

/// What the gate requires.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thresholds {
    /// Minimum overall readiness.
    pub min_readiness: Option<f64>,
    /// Minimum coverage.
    pub min_coverage: Option<f64>,
    /// Most major nonconformities.
    pub max_major: Option<usize>,
    /// Most minor nonconformities.
    pub max_minor: Option<usize>,
    /// Readiness stage to reach (1-based).
    pub stage: Option<usize>,
    /// Fail on any stale evidence.
    pub no_stale_evidence: bool,
}

impl Thresholds {
    /// With no threshold at all the gate is the first readiness stage.
    pub fn or_default_stage(mut self) -> Self {
        let none = self.min_readiness.is_none()
            && self.min_coverage.is_none()
            && self.max_major.is_none()
            && self.max_minor.is_none()
            && self.stage.is_none();
        if none {
            self.stage = Some(1);
        }
        self
    }
}

/// One gate condition and its outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    /// A stable name: `min-readiness`, `stage-1-ready` ...
    pub name: String,
    /// Whether it holds.
    pub passed: bool,
    /// The figure found.
    pub actual: String,
    /// The figure required.
    pub required: String,
    /// Why it fails, one line each.
    pub details: Vec<String>,
}

/// Evaluates the gate. `thresholds.stage` must not exceed the catalogue's stages (checked by
/// the caller, which can name the flag).
pub fn evaluate(c: &Catalogue, s: &Scores, p: &Freshness, t: &Thresholds) -> Vec<Condition> {
    let mut out = Vec::new();
    if let Some(min) = t.min_readiness {
        out.push(Condition {
            name: "min-readiness".into(),
            passed: s.overall.readiness >= min,
            actual: Percent(s.overall.readiness).to_string(),
            required: format!(">= {}", Percent(min)),
            details: Vec::new(),
        });
    }
    if let Some(min) = t.min_coverage {
        out.push(Condition {
            name: "min-coverage".into(),
            passed: s.overall.coverage >= min,
            actual: Percent(s.overall.coverage).to_string(),
            required: format!(">= {}", Percent(min)),
            details: vec![format!(
                "{} of {} requirements answered",
                s.overall.answered, s.overall.total
            )],
        });
    }
    if let Some(max) = t.max_major {
        out.push(Condition {
            name: "max-major".into(),
            // Systemic majors (several minors in one process) count as majors.
            passed: s.overall.findings.get(Severity::Major) <= max,
            actual: s.overall.findings.get(Severity::Major).to_string(),
            required: format!("<= {max}"),
            details: Vec::new(),
        });
    }
    if let Some(max) = t.max_minor {
        out.push(Condition {
            name: "max-minor".into(),
            passed: s.overall.findings.minor <= max,
            actual: s.overall.findings.minor.to_string(),
            required: format!("<= {max}"),
            details: Vec::new(),
        });
    }
    if let Some(n) = t.stage {
        let wanted = &c.stages[n - 1];
        let reached = s.stages.iter().take_while(|x| x.passed).count();
        // A stage that includes another repeats its rules: list each reason once.
        let mut details: Vec<String> = Vec::new();
        for r in s.stages[..n].iter().flat_map(|x| x.reasons.iter()) {
            if !details.contains(&r.text) {
                details.push(r.text.clone());
            }
        }
        out.push(Condition {
            name: wanted.verdict.clone(),
            passed: reached >= n,
            actual: s.verdict.clone(),
            required: format!("{} or better", wanted.verdict),
            details,
        });
    }
    if t.no_stale_evidence {
        out.push(Condition {
            name: "no-stale-evidence".into(),
            passed: p.stale.is_empty(),
            actual: p.stale.len().to_string(),
            required: format!(
                "0 references reviewed more than {} before {}",
                p.judging.max_age, p.judging.as_of
            ),
            details: p
                .stale
                .iter()
                .map(|x| {
                    format!(
                        "{}: {} (reviewed {}, {} days ago)",
                        x.requirement_id, x.reference, x.reviewed, x.age_days
                    )
                })
                .collect(),
        });
    }
    out
}
