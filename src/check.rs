//! The CI gate: conditions evaluated on the scores, each passing or failing with its figures.

use crate::catalogue::{Catalogue, Severity};
use crate::percent::Percent;
use crate::progress::freshness::Freshness;
use crate::score::{Reason, Scores};
use schemars::JsonSchema;
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
    /// Fail when any process with a capability target is below it.
    pub capability_targets: bool,
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

/// How a condition compares what was found with what is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub enum Comparison {
    /// What was found must be at least what is required.
    #[serde(rename = ">=")]
    AtLeast,
    /// What was found must be at most what is required.
    #[serde(rename = "<=")]
    AtMost,
}

impl Comparison {
    /// Whether `actual` meets `required` this way.
    pub fn holds(self, actual: f64, required: f64) -> bool {
        match self {
            Comparison::AtLeast => actual >= required,
            Comparison::AtMost => actual <= required,
        }
    }
}

/// What a condition's figures count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// A percentage, 0 to 100 (full precision).
    Percent,
    /// A number of findings or references.
    Count,
    /// A number of readiness stages reached in order (0 = not ready, 1 = the first stage).
    Stage,
}

/// A figure of a condition: its number, and the words people read for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The number (a percentage, a count, or a number of stages).
    pub value: f64,
    /// The figure as the text and JUnit outputs show it: `69.5 %`, `>= 70.0 %`,
    /// `stage-1-ready or better`.
    pub text: String,
}

impl std::fmt::Display for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// One gate condition and its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// A stable name: `min-readiness`, `stage-1-ready` ...
    pub name: String,
    /// Whether it holds.
    pub passed: bool,
    /// What the figures count.
    pub unit: Unit,
    /// How `actual` must compare with `required`.
    pub comparison: Comparison,
    /// The figure found.
    pub actual: Figure,
    /// The figure required.
    pub required: Figure,
    /// Why it fails, one line each (lines may shorten long id lists; `reasons` never do).
    pub details: Vec<String>,
    /// For a stage condition, every rule of the stages up to it that does not hold.
    pub reasons: Vec<Reason>,
}

impl Condition {
    /// The figure found, as people read it (`69.5 %`, `not-ready`).
    pub fn actual_text(&self) -> &str {
        &self.actual.text
    }

    /// The figure required, as people read it (`>= 70.0 %`).
    pub fn required_text(&self) -> &str {
        &self.required.text
    }

    fn new(
        name: &str,
        unit: Unit,
        comparison: Comparison,
        actual: Figure,
        required: Figure,
    ) -> Self {
        Condition {
            name: name.to_string(),
            passed: comparison.holds(actual.value, required.value),
            unit,
            comparison,
            actual,
            required,
            details: Vec::new(),
            reasons: Vec::new(),
        }
    }
}

fn percent(v: f64) -> Figure {
    Figure {
        value: v,
        text: Percent(v).to_string(),
    }
}

fn count(n: usize) -> Figure {
    Figure {
        value: n as f64,
        text: n.to_string(),
    }
}

fn at_least(f: Figure) -> Figure {
    Figure {
        text: format!(">= {}", f.text),
        ..f
    }
}

fn at_most(f: Figure) -> Figure {
    Figure {
        text: format!("<= {}", f.text),
        ..f
    }
}

/// Evaluates the gate. `thresholds.stage` must not exceed the catalogue's stages (checked by
/// the caller, which can name the flag).
/// `capability` is every process with ratings or a target
/// ([`crate::capability::processes`]).
pub fn evaluate(
    c: &Catalogue,
    s: &Scores,
    p: &Freshness,
    capability: &[crate::capability::ProcessView],
    t: &Thresholds,
) -> Vec<Condition> {
    use Comparison::{AtLeast, AtMost};
    let mut out = Vec::new();
    if let Some(min) = t.min_readiness {
        out.push(Condition::new(
            "min-readiness",
            Unit::Percent,
            AtLeast,
            percent(s.overall.readiness),
            at_least(percent(min)),
        ));
    }
    if let Some(min) = t.min_coverage {
        let mut x = Condition::new(
            "min-coverage",
            Unit::Percent,
            AtLeast,
            percent(s.overall.coverage),
            at_least(percent(min)),
        );
        x.details = vec![format!(
            "{} of {} requirements answered",
            s.overall.answered, s.overall.total
        )];
        out.push(x);
    }
    if let Some(max) = t.max_major {
        // Systemic majors (several minors in one process) count as majors.
        out.push(Condition::new(
            "max-major",
            Unit::Count,
            AtMost,
            count(s.overall.findings.get(Severity::Major)),
            at_most(count(max)),
        ));
    }
    if let Some(max) = t.max_minor {
        out.push(Condition::new(
            "max-minor",
            Unit::Count,
            AtMost,
            count(s.overall.findings.minor),
            at_most(count(max)),
        ));
    }
    if let Some(n) = t.stage {
        let wanted = &c.stages[n - 1];
        let reached = s.stages.iter().take_while(|x| x.passed).count();
        let mut x = Condition::new(
            &wanted.verdict,
            Unit::Stage,
            AtLeast,
            Figure {
                value: reached as f64,
                text: s.verdict.to_string(),
            },
            Figure {
                value: n as f64,
                text: format!("{} or better", wanted.verdict),
            },
        );
        // A stage that includes another repeats its rules: list each reason once.
        for r in s.stages[..n].iter().flat_map(|x| x.reasons.iter()) {
            if !x.reasons.contains(r) {
                x.details.push(r.text.clone());
                x.reasons.push(r.clone());
            }
        }
        out.push(x);
    }
    if t.no_stale_evidence {
        let mut x = Condition::new(
            "no-stale-evidence",
            Unit::Count,
            AtMost,
            count(p.stale.len()),
            Figure {
                value: 0.0,
                text: format!(
                    "0 references reviewed more than {} before {}",
                    p.judging.max_age, p.judging.as_of
                ),
            },
        );
        x.details = p
            .stale
            .iter()
            .map(|x| {
                format!(
                    "{}: {} (reviewed {}, {} days ago)",
                    x.requirement_id, x.reference, x.reviewed, x.age_days
                )
            })
            .collect();
        out.push(x);
    }
    if t.capability_targets {
        let below = crate::capability::below_target(capability);
        let targets = capability.iter().filter(|v| v.target.is_some()).count();
        let mut x = Condition::new(
            "capability-targets",
            Unit::Count,
            AtMost,
            Figure {
                value: below.len() as f64,
                text: format!("{} of {targets} process(es) below target", below.len()),
            },
            Figure {
                value: 0.0,
                text: "0 below target".into(),
            },
        );
        x.details = below
            .iter()
            .map(|v| {
                format!(
                    "{} {}: capability level {}, target {}",
                    v.process,
                    v.title,
                    v.level,
                    v.target.unwrap_or(0)
                )
            })
            .collect();
        out.push(x);
    }
    out
}
