//! Scoring: readiness and coverage per clause and overall, findings, and the verdict.
//!
//! Everything here follows the catalogue: the scale gives each rating its score and its
//! default finding, and the readiness rules decide the verdict. The method, so that a reader
//! can recompute every figure:
//! - readiness of a set of requirements = sum(weight x score) / sum(weight), an unanswered
//!   requirement scoring 0 and a not-applicable one left out of both sums;
//! - coverage = answered / all requirements;
//! - the finding of an answer = its override, else its level's default finding.

use crate::assessment::{Assessment, Rating};
use crate::catalogue::{Catalogue, Finding, Rule, Selector};
use serde::Serialize;

/// The verdict when no stage's rules hold.
pub const NOT_READY: &str = "not-ready";

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FindingCounts {
    /// Major nonconformities.
    pub major: usize,
    /// Minor nonconformities.
    pub minor: usize,
    /// Observations.
    pub observation: usize,
}

impl FindingCounts {
    fn add(&mut self, f: Finding) {
        match f {
            Finding::Major => self.major += 1,
            Finding::Minor => self.minor += 1,
            Finding::Observation => self.observation += 1,
            Finding::None => {}
        }
    }

    /// The count for one severity.
    pub fn get(&self, f: Finding) -> usize {
        match f {
            Finding::Major => self.major,
            Finding::Minor => self.minor,
            Finding::Observation => self.observation,
            Finding::None => 0,
        }
    }
}

/// The scored state of one requirement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RequirementScore {
    /// The rating, if answered.
    pub rating: Option<Rating>,
    /// Its score 0..=100 (0 when unanswered; `None` when not applicable).
    pub score: Option<f64>,
    /// Its finding (`None` severity when unanswered).
    pub finding: Finding,
}

/// Figures for one clause (and everything under it).
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseScore {
    /// Readiness 0..=100.
    pub readiness: f64,
    /// Coverage 0..=100.
    pub coverage: f64,
    /// Answered requirements.
    pub answered: usize,
    /// All requirements.
    pub total: usize,
    /// Findings by severity.
    pub findings: FindingCounts,
}

/// The result of one readiness stage's rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageResult {
    /// The verdict id of the stage.
    pub verdict: String,
    /// Its label.
    pub label: String,
    /// Whether all its rules hold.
    pub passed: bool,
    /// One line per rule that does not hold.
    pub reasons: Vec<String>,
}

/// Everything computed from an assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Per requirement, in catalogue order.
    pub requirements: Vec<RequirementScore>,
    /// Per clause, in catalogue order.
    pub clauses: Vec<ClauseScore>,
    /// Over all requirements.
    pub overall: ClauseScore,
    /// Each stage, lowest first.
    pub stages: Vec<StageResult>,
    /// The verdict: the highest stage reached in order, or [`NOT_READY`].
    pub verdict: String,
    /// The label of the verdict.
    pub verdict_label: String,
    /// What holds the verdict back from the next stage.
    pub reasons: Vec<String>,
}

/// What scoring needs to know about one answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Facts {
    /// The rating.
    pub rating: Rating,
    /// The finding (override, else the level's default).
    pub finding: Finding,
    /// Whether it has an action with an owner and a due date.
    pub planned: bool,
}

/// The facts of every requirement's answer, in catalogue order (`None`: unanswered).
pub fn facts(catalogue: &Catalogue, assessment: &Assessment) -> Vec<Option<Facts>> {
    catalogue
        .requirements
        .iter()
        .map(|r| {
            assessment.answer(&r.id).map(|a| Facts {
                rating: a.rating,
                finding: a.finding(catalogue),
                planned: a.action.as_ref().is_some_and(|x| x.is_planned()),
            })
        })
        .collect()
}

/// Scores an assessment.
pub fn score(catalogue: &Catalogue, assessment: &Assessment) -> Scores {
    score_facts(catalogue, &facts(catalogue, assessment))
}

/// Scores the facts of every requirement (see [`facts`]); the forecast scores projected
/// facts this way without copying the assessment.
pub fn score_facts(catalogue: &Catalogue, facts: &[Option<Facts>]) -> Scores {
    let requirements: Vec<RequirementScore> = facts
        .iter()
        .map(|f| match f {
            None => RequirementScore {
                rating: None,
                score: Some(0.0),
                finding: Finding::None,
            },
            Some(a) => RequirementScore {
                rating: Some(a.rating),
                score: match a.rating {
                    Rating::Level(l) => Some(catalogue.scale[l].score),
                    Rating::NotApplicable => None,
                },
                finding: a.finding,
            },
        })
        .collect();
    let weights: Vec<f64> = catalogue.requirements.iter().map(|r| r.weight).collect();
    let clauses = catalogue
        .clauses
        .iter()
        .map(|c| {
            aggregate(
                &requirements[c.requirements.clone()],
                &weights[c.requirements.clone()],
            )
        })
        .collect();
    let overall = aggregate(&requirements, &weights);
    let stages: Vec<StageResult> = catalogue
        .stages
        .iter()
        .map(|s| {
            let reasons: Vec<String> = s
                .rules
                .iter()
                .filter_map(|r| check_rule(r, catalogue, facts, &requirements, &overall))
                .collect();
            StageResult {
                verdict: s.verdict.clone(),
                label: s.label.clone(),
                passed: reasons.is_empty(),
                reasons,
            }
        })
        .collect();
    let reached = stages.iter().take_while(|s| s.passed).count();
    let (verdict, verdict_label) = match reached.checked_sub(1) {
        Some(i) => (stages[i].verdict.clone(), stages[i].label.clone()),
        None => (NOT_READY.to_string(), "Not ready".to_string()),
    };
    let reasons = stages
        .get(reached)
        .map(|s| s.reasons.clone())
        .unwrap_or_default();
    Scores {
        requirements,
        clauses,
        overall,
        stages,
        verdict,
        verdict_label,
        reasons,
    }
}

fn aggregate(reqs: &[RequirementScore], weights: &[f64]) -> ClauseScore {
    let mut sum = 0.0;
    let mut weight = 0.0;
    let mut answered = 0;
    let mut findings = FindingCounts::default();
    for (r, w) in reqs.iter().zip(weights) {
        if r.rating.is_some() {
            answered += 1;
        }
        if let Some(s) = r.score {
            sum += w * s;
            weight += w;
        }
        findings.add(r.finding);
    }
    let total = reqs.len();
    ClauseScore {
        // A clause whose every requirement is not applicable has nothing to fall short of.
        readiness: if weight > 0.0 { sum / weight } else { 100.0 },
        coverage: if total > 0 {
            answered as f64 * 100.0 / total as f64
        } else {
            100.0
        },
        answered,
        total,
        findings,
    }
}

/// Formats a percentage the one way every output uses: one decimal.
pub fn percent(p: f64) -> String {
    format!("{p:.1} %")
}

fn id_list(catalogue: &Catalogue, ix: &[usize]) -> String {
    const SHOWN: usize = 8;
    let shown: Vec<&str> = ix
        .iter()
        .take(SHOWN)
        .map(|&i| catalogue.requirements[i].id.as_str())
        .collect();
    let more = ix.len().saturating_sub(SHOWN);
    let mut out = shown.join(", ");
    if more > 0 {
        out.push_str(&format!(" and {more} more"));
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn check_rule(
    rule: &Rule,
    catalogue: &Catalogue,
    facts: &[Option<Facts>],
    reqs: &[RequirementScore],
    overall: &ClauseScore,
) -> Option<String> {
    match rule {
        Rule::MinLevel { level, selector } => {
            let below: Vec<usize> = catalogue
                .select(selector)
                .into_iter()
                .filter(|&i| match reqs[i].rating {
                    None => true,
                    Some(Rating::NotApplicable) => false,
                    Some(Rating::Level(l)) => l < *level,
                })
                .collect();
            if below.is_empty() {
                return None;
            }
            let unanswered = below.iter().filter(|&&i| reqs[i].rating.is_none()).count();
            let what = match selector {
                Selector::Documented => plural(
                    below.len(),
                    "documented requirement",
                    "documented requirements",
                ),
                Selector::Clauses(cs) => {
                    let names: Vec<&str> = cs
                        .iter()
                        .map(|&c| catalogue.clauses[c].id.as_str())
                        .collect();
                    format!(
                        "{} of {}",
                        plural(below.len(), "requirement", "requirements"),
                        names.join(" and ")
                    )
                }
            };
            let unanswered = if unanswered > 0 {
                format!(" ({unanswered} unanswered)")
            } else {
                String::new()
            };
            Some(format!(
                "{what} below {}{unanswered}: {}",
                catalogue.scale[*level].id,
                id_list(catalogue, &below)
            ))
        }
        Rule::MinCoverage { percent: min } => (overall.coverage < *min).then(|| {
            format!(
                "coverage {} is below {}: {} unanswered",
                percent(overall.coverage),
                percent(*min),
                plural(
                    overall.total - overall.answered,
                    "requirement",
                    "requirements"
                )
            )
        }),
        Rule::MaxFindings { finding, count } => {
            let hits: Vec<usize> = (0..reqs.len())
                .filter(|&i| reqs[i].finding == *finding)
                .collect();
            (hits.len() > *count).then(|| {
                format!(
                    "{} (at most {count} allowed): {}",
                    plural(hits.len(), finding.label(), finding.plural()),
                    id_list(catalogue, &hits)
                )
            })
        }
        Rule::ActionsPlanned { findings } => {
            let missing: Vec<usize> = (0..reqs.len())
                .filter(|&i| findings.contains(&reqs[i].finding))
                .filter(|&i| !facts[i].is_some_and(|f| f.planned))
                .collect();
            (!missing.is_empty()).then(|| {
                let kinds: Vec<&str> = findings.iter().map(|f| f.label()).collect();
                format!(
                    "{} ({}) without an action with an owner and a due date: {}",
                    plural(missing.len(), "finding", "findings"),
                    kinds.join(", "),
                    id_list(catalogue, &missing)
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{Answer, Assessment};
    use jiff::civil::Date;
    use proptest::prelude::*;

    fn catalogue() -> Catalogue {
        Catalogue::built_in().unwrap()
    }

    fn assessment(c: &Catalogue, ratings: &[Option<usize>]) -> Assessment {
        let mut a = Assessment::new(
            c,
            "O".into(),
            "S".into(),
            "A".into(),
            Date::constant(2026, 1, 1),
        );
        for (r, rating) in c.requirements.iter().zip(ratings) {
            if let Some(l) = rating {
                a.answers
                    .insert(r.id.clone(), Answer::rated(Rating::Level(*l)));
            }
        }
        a
    }

    fn ratings(n: usize, levels: usize) -> impl Strategy<Value = Vec<Option<usize>>> {
        proptest::collection::vec(proptest::option::of(0..levels), n)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn scores_stay_within_0_and_100(rs in ratings(236, 5)) {
            let c = catalogue();
            let s = score(&c, &assessment(&c, &rs));
            for x in s.clauses.iter().chain(std::iter::once(&s.overall)) {
                prop_assert!((0.0..=100.0).contains(&x.readiness));
                prop_assert!((0.0..=100.0).contains(&x.coverage));
            }
        }

        #[test]
        fn raising_one_rating_never_lowers_any_readiness(rs in ratings(236, 5), pick in 0usize..236) {
            let c = catalogue();
            let before = score(&c, &assessment(&c, &rs));
            let mut raised = rs.clone();
            raised[pick] = Some(match rs[pick] { None => 0, Some(l) => (l + 1).min(4) });
            let after = score(&c, &assessment(&c, &raised));
            for (b, a) in before.clauses.iter().zip(&after.clauses) {
                prop_assert!(a.readiness >= b.readiness - 1e-9);
                prop_assert!(a.coverage >= b.coverage);
            }
            prop_assert!(after.overall.readiness >= before.overall.readiness - 1e-9);
            prop_assert!(after.overall.coverage >= before.overall.coverage);
        }

        #[test]
        fn overall_is_the_weighted_mean_of_requirements(rs in ratings(236, 5)) {
            let c = catalogue();
            let s = score(&c, &assessment(&c, &rs));
            let (mut num, mut den) = (0.0, 0.0);
            for (r, x) in c.requirements.iter().zip(&rs) {
                num += r.weight * x.map_or(0.0, |l| c.scale[l].score);
                den += r.weight;
            }
            prop_assert!((s.overall.readiness - num / den).abs() < 1e-9);
            let answered = rs.iter().filter(|x| x.is_some()).count();
            prop_assert!((s.overall.coverage - answered as f64 * 100.0 / 236.0).abs() < 1e-9);
        }
    }
}
