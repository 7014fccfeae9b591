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
use crate::catalogue::{Catalogue, Documented, Rule, Selector, Severity};
use crate::percent::Percent;
use jiff::civil::Date;
use serde::Serialize;

pub use crate::verdict::{NOT_READY, Verdict};

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FindingCounts {
    /// Major nonconformities of single requirements.
    pub major: usize,
    /// Minor nonconformities.
    pub minor: usize,
    /// Observations.
    pub observation: usize,
    /// Systemic majors: leaf clauses with so many minors that together they are one major.
    pub systemic: usize,
}

impl FindingCounts {
    fn add(&mut self, f: Severity) {
        match f {
            Severity::Major => self.major += 1,
            Severity::Minor => self.minor += 1,
            Severity::Observation => self.observation += 1,
            Severity::None => {}
        }
    }

    /// The count for one severity; majors include the systemic ones.
    pub fn get(&self, f: Severity) -> usize {
        match f {
            Severity::Major => self.major + self.systemic,
            Severity::Minor => self.minor,
            Severity::Observation => self.observation,
            Severity::None => 0,
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
    pub finding: Severity,
}

/// Figures for one clause (and everything under it).
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseScore {
    /// Readiness 0..=100.
    pub readiness: f64,
    /// Coverage 0..=100.
    pub coverage: f64,
    /// Readiness of the assessed scope: the same sum over answered requirements only
    /// (what an interim figure means while coverage is below 100 %); `None` when nothing
    /// scored is answered.
    pub assessed_readiness: Option<f64>,
    /// Answered requirements.
    pub answered: usize,
    /// All requirements.
    pub total: usize,
    /// Findings by severity.
    pub findings: FindingCounts,
}

/// Why a readiness rule does not hold: a line for people, and every requirement and clause
/// it is about (the line may shorten the lists; these never do).
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// The kind of rule, as the catalogue names it (`min-level`, `operating-period` ...).
    pub rule: &'static str,
    /// The reason in one line.
    pub text: String,
    /// Every requirement the reason is about (indices, in catalogue order).
    pub requirements: Vec<usize>,
    /// Every clause the reason is about (indices).
    pub clauses: Vec<usize>,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// A systemic failure: so many minor nonconformities in one leaf clause (one process) that
/// a certification body would judge them one major.
#[derive(Debug, Clone, PartialEq)]
pub struct Systemic {
    /// The leaf clause (index).
    pub clause: usize,
    /// Its requirements with a minor nonconformity (indices).
    pub members: Vec<usize>,
}

/// The result of one readiness stage's rules.
#[derive(Debug, Clone, PartialEq)]
pub struct StageResult {
    /// The verdict id of the stage.
    pub verdict: String,
    /// Its label.
    pub label: String,
    /// Whether all its rules hold.
    pub passed: bool,
    /// One per rule that does not hold.
    pub reasons: Vec<Reason>,
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
    /// Systemic failures, in catalogue order.
    pub systemic: Vec<Systemic>,
    /// Each stage, lowest first.
    pub stages: Vec<StageResult>,
    /// The verdict: the highest stage reached in order, or not ready.
    pub verdict: Verdict,
    /// What holds the verdict back from the next stage.
    pub reasons: Vec<Reason>,
    /// Areas of concern: the failing rules particular to the stages after the first (for
    /// ISO/IEC 20000-1, what would become a nonconformity at the Stage 2 audit).
    pub concerns: Vec<Reason>,
}

/// What scoring needs to know about one answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Facts {
    /// The rating.
    pub rating: Rating,
    /// The finding (override, else the requirement's default for the level).
    pub finding: Severity,
    /// Whether it has an action with an owner and a due date.
    pub planned: bool,
    /// Whether it cites at least one evidence reference.
    pub evidenced: bool,
    /// Whether another party (not the organization itself) operates the process.
    pub other_party: bool,
}

/// What scoring needs to know about the assessment as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Situation {
    /// The day the verdict speaks for.
    pub as_of: Date,
    /// Since when the SMS has operated as designed, if known.
    pub operating_since: Option<Date>,
}

impl Situation {
    /// The situation an assessment records.
    pub fn of(a: &Assessment) -> Situation {
        Situation {
            as_of: a.as_of,
            operating_since: a.operating_since,
        }
    }
}

/// The facts of every requirement's answer, in catalogue order (`None`: unanswered).
pub fn facts(catalogue: &Catalogue, assessment: &Assessment) -> Vec<Option<Facts>> {
    catalogue
        .requirements
        .iter()
        .map(|r| {
            assessment.answer(&r.id).map(|a| Facts {
                rating: a.rating,
                finding: a.finding(catalogue, r),
                planned: a.action.as_ref().is_some_and(|x| x.is_planned()),
                evidenced: !a.evidence.is_empty(),
                other_party: a
                    .operated_by
                    .as_deref()
                    .is_some_and(|p| catalogue.parties.iter().any(|x| x.id == p && !x.own)),
            })
        })
        .collect()
}

/// Scores an assessment.
pub fn score(catalogue: &Catalogue, assessment: &Assessment) -> Scores {
    score_facts(
        catalogue,
        &facts(catalogue, assessment),
        Situation::of(assessment),
    )
}

/// Scores the facts of every requirement (see [`facts`]); the forecast scores projected
/// facts this way without copying the assessment.
pub fn score_facts(catalogue: &Catalogue, facts: &[Option<Facts>], at: Situation) -> Scores {
    let requirements: Vec<RequirementScore> = facts
        .iter()
        .map(|f| match f {
            None => RequirementScore {
                rating: None,
                score: Some(0.0),
                finding: Severity::None,
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
    let mut clauses: Vec<ClauseScore> = catalogue
        .clauses
        .iter()
        .map(|c| {
            aggregate(
                &requirements[c.requirements.clone()],
                &weights[c.requirements.clone()],
            )
        })
        .collect();
    let mut overall = aggregate(&requirements, &weights);
    let systemic = systemic(catalogue, &requirements);
    for s in &systemic {
        for c in catalogue.ancestry(s.clause) {
            clauses[c].findings.systemic += 1;
        }
        overall.findings.systemic += 1;
    }
    let judge = Judge {
        catalogue,
        facts,
        reqs: &requirements,
        clauses: &clauses,
        overall: &overall,
        systemic: &systemic,
        at,
    };
    let mut concerns: Vec<Reason> = Vec::new();
    // Each rule's outcome, per stage; a stage that includes another reuses its outcomes.
    let mut outcomes: Vec<Vec<Option<Reason>>> = Vec::with_capacity(catalogue.stages.len());
    for (si, s) in catalogue.stages.iter().enumerate() {
        let mut mine: Vec<Option<Reason>> = match s.includes {
            Some(i) => outcomes[i].clone(),
            None => Vec::new(),
        };
        for r in &s.rules[mine.len()..] {
            let outcome = judge.rule(r);
            if si > 0
                && let Some(reason) = &outcome
                && !concerns.contains(reason)
            {
                concerns.push(reason.clone());
            }
            mine.push(outcome);
        }
        outcomes.push(mine);
    }
    let stages: Vec<StageResult> = catalogue
        .stages
        .iter()
        .zip(outcomes)
        .map(|(s, outcome)| {
            let reasons: Vec<Reason> = outcome.into_iter().flatten().collect();
            StageResult {
                verdict: s.verdict.clone(),
                label: s.label.clone(),
                passed: reasons.is_empty(),
                reasons,
            }
        })
        .collect();
    let reached = stages.iter().take_while(|s| s.passed).count();
    let verdict = match reached.checked_sub(1) {
        Some(i) => Verdict::stage(reached, &stages[i].verdict, &stages[i].label),
        None => Verdict::not_ready(),
    };
    let reasons = stages
        .get(reached)
        .map(|s| s.reasons.clone())
        .unwrap_or_default();
    Scores {
        requirements,
        clauses,
        overall,
        systemic,
        stages,
        verdict,
        reasons,
        concerns,
    }
}

fn aggregate(reqs: &[RequirementScore], weights: &[f64]) -> ClauseScore {
    let mut sum = 0.0;
    let mut weight = 0.0;
    let mut answered_weight = 0.0;
    let mut answered = 0;
    let mut findings = FindingCounts::default();
    for (r, w) in reqs.iter().zip(weights) {
        if r.rating.is_some() {
            answered += 1;
        }
        if let Some(s) = r.score {
            sum += w * s;
            weight += w;
            if r.rating.is_some() {
                answered_weight += w;
            }
        }
        findings.add(r.finding);
    }
    let total = reqs.len();
    ClauseScore {
        // A clause whose every requirement is not applicable has nothing to fall short of.
        readiness: if weight > 0.0 { sum / weight } else { 100.0 },
        // Unanswered requirements add 0 to the sum, so it is the answered ones' sum too.
        assessed_readiness: (answered_weight > 0.0).then(|| sum / answered_weight),
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

/// The leaf clauses whose minors reach the catalogue's systemic threshold.
fn systemic(catalogue: &Catalogue, reqs: &[RequirementScore]) -> Vec<Systemic> {
    let Some(rule) = catalogue.systemic else {
        return Vec::new();
    };
    catalogue
        .clauses
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_leaf())
        .filter_map(|(i, c)| {
            let members: Vec<usize> = c
                .requirements
                .clone()
                .filter(|&r| reqs[r].finding == Severity::Minor)
                .collect();
            (members.len() >= rule.minors).then_some(Systemic { clause: i, members })
        })
        .collect()
}

/// How many ids a reason's line shows before "and N more".
const SHOWN: usize = 8;

/// The first few of `total` items, then "and N more" (only those shown are formatted).
fn shorten(items: impl Iterator<Item = String>, total: usize) -> String {
    crate::util::shortened(items, total, SHOWN)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Evaluates rules on one set of scores.
struct Judge<'a> {
    catalogue: &'a Catalogue,
    facts: &'a [Option<Facts>],
    reqs: &'a [RequirementScore],
    clauses: &'a [ClauseScore],
    overall: &'a ClauseScore,
    systemic: &'a [Systemic],
    at: Situation,
}

impl Judge<'_> {
    fn clause_ids(&self, ix: &[usize]) -> Vec<String> {
        ix.iter()
            .map(|&i| self.catalogue.clauses[i].id.clone())
            .collect()
    }

    fn below(&self, ix: impl IntoIterator<Item = usize>, level: usize) -> Vec<usize> {
        ix.into_iter()
            .filter(|&i| match self.reqs[i].rating {
                None => true,
                Some(Rating::NotApplicable) => false,
                Some(Rating::Level(l)) => l < level,
            })
            .collect()
    }

    fn leaves(&self, clauses: &[usize]) -> Vec<usize> {
        let mut out: Vec<usize> = clauses
            .iter()
            .flat_map(|&c| self.catalogue.leaves_under(c))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn reason(
        &self,
        rule: &'static str,
        text: String,
        reqs: &[usize],
        clauses: &[usize],
    ) -> Option<Reason> {
        Some(Reason {
            rule,
            text,
            requirements: reqs.to_vec(),
            clauses: clauses.to_vec(),
        })
    }

    /// The first requirement ids of a list, for a reason's line.
    fn shown_ids(&self, ix: &[usize]) -> String {
        shorten(
            ix.iter()
                .map(|&i| self.catalogue.requirements[i].id.clone()),
            ix.len(),
        )
    }

    fn rule(&self, rule: &Rule) -> Option<Reason> {
        let c = self.catalogue;
        match rule {
            Rule::MinLevel {
                level,
                selector,
                evidence,
            } => {
                let selected = c.select(selector);
                let mut below = self.below(selected.iter().copied(), *level);
                let low = below.len();
                if *evidence {
                    let uncited: Vec<usize> = selected
                        .iter()
                        .copied()
                        .filter(|i| !below.contains(i))
                        .filter(|&i| self.facts[i].is_some_and(|f| !f.evidenced))
                        .collect();
                    below.extend(uncited);
                    below.sort_unstable();
                }
                if below.is_empty() {
                    return None;
                }
                let unanswered = below
                    .iter()
                    .filter(|&&i| self.reqs[i].rating.is_none())
                    .count();
                let what = match selector {
                    Selector::All => plural(below.len(), "requirement", "requirements"),
                    Selector::Documented(Documented::Document) => {
                        plural(below.len(), "document requirement", "document requirements")
                    }
                    Selector::Documented(Documented::Record) => {
                        plural(below.len(), "record requirement", "record requirements")
                    }
                    Selector::Clauses(cs) => format!(
                        "{} of {}",
                        plural(below.len(), "requirement", "requirements"),
                        self.clause_ids(cs).join(" and ")
                    ),
                };
                let mut why = format!("below {}", c.scale[*level].id);
                if *evidence && below.len() > low {
                    why.push_str(&format!(
                        " or without evidence ({} with no reference)",
                        below.len() - low
                    ));
                }
                if unanswered > 0 {
                    why.push_str(&format!(" ({unanswered} unanswered)"));
                }
                let clauses = match selector {
                    Selector::Clauses(cs) => cs.clone(),
                    _ => Vec::new(),
                };
                Some(Reason {
                    rule: "min-level",
                    text: format!("{what} {why}: {}", self.shown_ids(&below)),
                    requirements: below,
                    clauses,
                })
            }
            Rule::NoAbsentProcess { clauses } => {
                let absent: Vec<usize> =
                    self.leaves(clauses)
                        .into_iter()
                        .filter(|&leaf| {
                            c.clauses[leaf].requirements.clone().all(|i| {
                                match self.reqs[i].rating {
                                    None => true,
                                    Some(Rating::NotApplicable) => false,
                                    Some(Rating::Level(l)) => l == 0,
                                }
                            })
                        })
                        .collect();
                if absent.is_empty() {
                    return None;
                }
                let reqs: Vec<usize> = absent
                    .iter()
                    .flat_map(|&l| c.clauses[l].requirements.clone())
                    .collect();
                self.reason(
                    "no-absent-process",
                    format!(
                        "{} absent (nothing rated above {}): {}",
                        plural(absent.len(), "process", "processes"),
                        c.scale[0].id,
                        shorten(
                            absent.iter().map(|&l| c.clauses[l].id.clone()),
                            absent.len()
                        )
                    ),
                    &reqs,
                    &absent,
                )
            }
            Rule::MinLeafReadiness { clauses, level } => {
                let min = c.scale[*level].score;
                let low: Vec<usize> = self
                    .leaves(clauses)
                    .into_iter()
                    .filter(|&leaf| self.clauses[leaf].readiness < min)
                    .collect();
                if low.is_empty() {
                    return None;
                }
                let shown = low.iter().map(|&l| {
                    format!(
                        "{} ({})",
                        c.clauses[l].id,
                        Percent(self.clauses[l].readiness)
                    )
                });
                let reqs = self.below(
                    low.iter().flat_map(|&l| c.clauses[l].requirements.clone()),
                    *level,
                );
                self.reason(
                    "min-leaf-readiness",
                    format!(
                        "{} below {} ({}) on average: {}",
                        plural(low.len(), "process", "processes"),
                        c.scale[*level].id,
                        Percent(min),
                        shorten(shown, low.len())
                    ),
                    &reqs,
                    &low,
                )
            }
            Rule::OtherPartiesDetermined { clauses, level } => {
                let operated: Vec<usize> = (0..self.facts.len())
                    .filter(|&i| self.facts[i].is_some_and(|f| f.other_party))
                    .collect();
                if operated.is_empty() {
                    return None;
                }
                let below = self.below(c.select(&Selector::Clauses(clauses.clone())), *level);
                if below.is_empty() {
                    return None;
                }
                self.reason(
                    "other-parties-determined",
                    format!(
                        "other parties operate processes ({} answers), but what they operate is not determined: {} below {}: {}",
                        operated.len(),
                        self.clause_ids(clauses).join(" and "),
                        c.scale[*level].id,
                        self.shown_ids(&below)
                    ),
                    &below,
                    clauses,
                )
            }
            Rule::OperatingPeriod { days } => {
                let text = match self.at.operating_since {
                    None => format!(
                        "operating period unknown: record since when the SMS has operated as designed (`operating_since`); {days} days are needed"
                    ),
                    Some(since) => {
                        let ran = (self.at.as_of - since).get_days();
                        if i64::from(ran) >= i64::from(*days) {
                            return None;
                        }
                        let from = since
                            .checked_add(jiff::Span::new().days(i64::from(*days)))
                            .map(|d| format!("; reached on {d}"))
                            .unwrap_or_default();
                        format!(
                            "the SMS has operated {} since {since}, {days} are needed{from}",
                            plural(ran.max(0) as usize, "day", "days")
                        )
                    }
                };
                self.reason("operating-period", text, &[], &[])
            }
            Rule::MinCoverage { percent: min } => (self.overall.coverage < *min)
                .then(|| {
                    let missing: Vec<usize> = (0..self.reqs.len())
                        .filter(|&i| self.reqs[i].rating.is_none())
                        .collect();
                    self.reason(
                        "min-coverage",
                        format!(
                            "coverage {} is below {}: {} unanswered",
                            Percent(self.overall.coverage),
                            Percent(*min),
                            plural(missing.len(), "requirement", "requirements")
                        ),
                        &missing,
                        &[],
                    )
                })
                .flatten(),
            Rule::MaxFindings { finding, count } => {
                let hits: Vec<usize> = (0..self.reqs.len())
                    .filter(|&i| self.reqs[i].finding == *finding)
                    .collect();
                let systemic: &[Systemic] = if *finding == Severity::Major {
                    self.systemic
                } else {
                    &[]
                };
                if hits.len() + systemic.len() <= *count {
                    return None;
                }
                let mut text = format!(
                    "{} (at most {count} allowed)",
                    plural(
                        hits.len() + systemic.len(),
                        finding.label(),
                        finding.plural()
                    )
                );
                if !hits.is_empty() {
                    text.push_str(&format!(": {}", self.shown_ids(&hits)));
                }
                if !systemic.is_empty() {
                    let parts = systemic.iter().map(|s| {
                        format!("{} ({} minors)", c.clauses[s.clause].id, s.members.len())
                    });
                    text.push_str(&format!(
                        "{}{} systemic, several minors in one process: {}",
                        if hits.is_empty() { ": " } else { "; " },
                        systemic.len(),
                        shorten(parts, systemic.len())
                    ));
                }
                let mut reqs = hits;
                reqs.extend(systemic.iter().flat_map(|s| s.members.iter().copied()));
                reqs.sort_unstable();
                reqs.dedup();
                let clauses: Vec<usize> = systemic.iter().map(|s| s.clause).collect();
                self.reason("max-findings", text, &reqs, &clauses)
            }
            Rule::ActionsPlanned { findings } => {
                let missing: Vec<usize> = (0..self.reqs.len())
                    .filter(|&i| findings.contains(&self.reqs[i].finding))
                    .filter(|&i| !self.facts[i].is_some_and(|f| f.planned))
                    .collect();
                if missing.is_empty() {
                    return None;
                }
                let kinds: Vec<&str> = findings.iter().map(|f| f.label()).collect();
                self.reason(
                    "actions-planned",
                    format!(
                        "{} ({}) without an action with an owner and a due date: {}",
                        plural(missing.len(), "finding", "findings"),
                        kinds.join(", "),
                        self.shown_ids(&missing)
                    ),
                    &missing,
                    &[],
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{Answer, Assessment};
    use crate::catalogue::Requirement;
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

    fn count() -> usize {
        catalogue().requirements.len()
    }

    fn ratings(n: usize, levels: usize) -> impl Strategy<Value = Vec<Option<usize>>> {
        proptest::collection::vec(proptest::option::of(0..levels), n)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn scores_stay_within_0_and_100(rs in ratings(count(), 5)) {
            let c = catalogue();
            let s = score(&c, &assessment(&c, &rs));
            for x in s.clauses.iter().chain(std::iter::once(&s.overall)) {
                prop_assert!((0.0..=100.0).contains(&x.readiness));
                prop_assert!((0.0..=100.0).contains(&x.coverage));
            }
        }

        #[test]
        fn raising_one_rating_never_lowers_any_readiness(rs in ratings(count(), 5), pick in 0usize..count()) {
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
        fn overall_is_the_weighted_mean_of_requirements(rs in ratings(count(), 5)) {
            let c = catalogue();
            let s = score(&c, &assessment(&c, &rs));
            let (mut num, mut den) = (0.0, 0.0);
            for (r, x) in c.requirements.iter().zip(&rs) {
                num += r.weight * x.map_or(0.0, |l| c.scale[l].score);
                den += r.weight;
            }
            prop_assert!((s.overall.readiness - num / den).abs() < 1e-9);
            let answered = rs.iter().filter(|x| x.is_some()).count();
            prop_assert!((s.overall.coverage - answered as f64 * 100.0 / count() as f64).abs() < 1e-9);
        }
    }

    /// An assessment with every requirement rated by `level`, every answer citing evidence
    /// and every nonconformity planned, operating since `days` before the as-of date.
    fn rated(
        c: &Catalogue,
        days: Option<i64>,
        level: impl Fn(&Requirement) -> usize,
    ) -> Assessment {
        let mut a = assessment(c, &[]);
        a.operating_since = days.map(|d| a.as_of.checked_sub(jiff::Span::new().days(d)).unwrap());
        for r in &c.requirements {
            let mut ans = Answer::rated(Rating::Level(level(r)));
            ans.evidence = vec![crate::assessment::Evidence {
                reference: format!("record for {}", r.id),
                reviewed: None,
            }];
            ans.action = Some(crate::assessment::Action {
                what: "Close the gap".into(),
                owner: Some("Kim".into()),
                due: Some(Date::constant(2026, 3, 1)),
                status: crate::assessment::ActionStatus::Open,
                target: None,
            });
            a.answers.insert(r.id.clone(), ans);
        }
        a
    }

    const NONE: usize = 0;
    const INITIAL: usize = 1;
    const PARTIAL: usize = 2;
    const LARGELY: usize = 3;
    const FULL: usize = 4;

    fn in_clause(c: &Catalogue, r: &Requirement, clause: &str) -> bool {
        let ix = c.clause_position(clause).unwrap();
        c.clauses[ix]
            .requirements
            .contains(&c.requirement_position(&r.id).unwrap())
    }

    /// The requirement ids of a reason.
    fn rids(c: &Catalogue, r: &Reason) -> Vec<String> {
        r.requirements
            .iter()
            .map(|&i| c.requirements[i].id.clone())
            .collect()
    }

    /// The clause ids of a reason.
    fn cids(c: &Catalogue, r: &Reason) -> Vec<String> {
        r.clauses.iter().map(|&i| c.clauses[i].id.clone()).collect()
    }

    fn rules_failing(s: &Scores) -> Vec<&'static str> {
        s.reasons.iter().map(|r| r.rule).collect()
    }

    #[test]
    fn documents_and_reviews_largely_with_initial_processes_is_not_ready() {
        // The counterexample of the lead auditor's review: every document and every
        // requirement of 9.2 and 9.3 largely, everything else initial with a planned action.
        let c = catalogue();
        let a = rated(&c, Some(200), |r| {
            if r.documented == Some(Documented::Document)
                || in_clause(&c, r, "9.2")
                || in_clause(&c, r, "9.3")
            {
                LARGELY
            } else {
                INITIAL
            }
        });
        let s = score(&c, &a);
        assert_eq!(s.verdict, NOT_READY, "{:#?}", s.reasons);
        assert_eq!(rules_failing(&s), ["min-leaf-readiness"]);
        // Every clause 8 process but those carried by documents is named.
        assert!(
            cids(&c, &s.reasons[0]).iter().any(|c| c == "8.6.1"),
            "{:?}",
            s.reasons[0]
        );
        assert!(s.overall.readiness < 45.0, "{}", s.overall.readiness);
        // Stage 2 would fail on the very things a lead auditor names.
        let concerns: Vec<&str> = s.concerns.iter().map(|r| r.rule).collect();
        for rule in ["min-level", "min-leaf-readiness", "max-findings"] {
            assert!(concerns.contains(&rule), "{concerns:?}");
        }
        assert!(!s.systemic.is_empty());
    }

    #[test]
    fn everything_full_with_records_and_a_long_operating_period_is_stage_2_ready() {
        let c = catalogue();
        let s = score(&c, &rated(&c, Some(200), |_| FULL));
        assert_eq!(s.verdict, "stage-2-ready", "{:#?}", s.reasons);
        assert!(s.concerns.is_empty());
    }

    #[test]
    fn an_operating_period_of_29_days_holds_stage_2_back() {
        let c = catalogue();
        let s = score(&c, &rated(&c, Some(29), |_| FULL));
        assert_eq!(s.verdict, "stage-1-ready");
        assert_eq!(rules_failing(&s), ["operating-period"]);
        assert!(s.reasons[0].text.contains("29 days"), "{}", s.reasons[0]);
        assert!(s.reasons[0].text.contains("90"), "{}", s.reasons[0]);
    }

    #[test]
    fn an_unknown_operating_period_is_a_reason_not_a_pass() {
        let c = catalogue();
        let s = score(&c, &rated(&c, None, |_| FULL));
        assert_eq!(s.verdict, "stage-1-ready");
        assert_eq!(rules_failing(&s), ["operating-period"]);
        assert!(s.reasons[0].text.contains("unknown"), "{}", s.reasons[0]);
    }

    #[test]
    fn one_clause_8_process_absent_is_not_ready_and_names_it() {
        let c = catalogue();
        let s = score(
            &c,
            &rated(&c, Some(200), |r| {
                if in_clause(&c, r, "8.4.1") {
                    NONE
                } else {
                    FULL
                }
            }),
        );
        assert_eq!(s.verdict, NOT_READY);
        let absent = s
            .reasons
            .iter()
            .find(|r| r.rule == "no-absent-process")
            .unwrap();
        assert_eq!(cids(&c, absent), ["8.4.1"]);
        let ids: Vec<&str> = c.requirements[c.clause("8.4.1").unwrap().requirements.clone()]
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(rids(&c, absent), ids);
    }

    #[test]
    fn a_requirement_drawn_from_a_note_never_gives_a_nonconformity() {
        let c = catalogue();
        let capped: Vec<&Requirement> = c
            .requirements
            .iter()
            .filter(|r| r.max_finding.is_some())
            .collect();
        assert!(
            capped.iter().any(|r| r.id == "4.2-3"),
            "the climate note of 4.2 is capped"
        );
        for r in capped {
            assert_eq!(r.max_finding, Some(Severity::Observation));
            let mut a = assessment(&c, &[]);
            let mut ans = Answer::rated(Rating::Level(NONE));
            a.answers.insert(r.id.clone(), ans.clone());
            let ix = c.requirement_position(&r.id).unwrap();
            assert_eq!(
                score(&c, &a).requirements[ix].finding,
                Severity::Observation
            );
            // Not even an assessor's override makes it one.
            ans.finding = Some(Severity::Major);
            a.answers.insert(r.id.clone(), ans);
            assert_eq!(
                score(&c, &a).requirements[ix].finding,
                Severity::Observation
            );
        }
    }

    #[test]
    fn three_minors_in_one_process_are_one_systemic_major() {
        let c = catalogue();
        let leaf = c.clause("8.5.1.3").unwrap();
        let first: Vec<&str> = c.requirements[leaf.requirements.clone()]
            .iter()
            .take(3)
            .map(|r| r.id.as_str())
            .collect();
        let two = score(
            &c,
            &rated(&c, Some(200), |r| {
                if first[..2].contains(&r.id.as_str()) {
                    PARTIAL
                } else {
                    FULL
                }
            }),
        );
        assert_eq!(two.verdict, "stage-2-ready", "{:#?}", two.reasons);
        let three = score(
            &c,
            &rated(&c, Some(200), |r| {
                if first.contains(&r.id.as_str()) {
                    PARTIAL
                } else {
                    FULL
                }
            }),
        );
        assert_eq!(three.verdict, "stage-1-ready");
        assert_eq!(three.overall.findings.systemic, 1);
        assert_eq!(three.overall.findings.get(Severity::Major), 1);
        let why = three
            .reasons
            .iter()
            .find(|r| r.rule == "max-findings")
            .unwrap();
        assert_eq!(cids(&c, why), ["8.5.1.3"]);
        assert_eq!(rids(&c, why), first);
    }

    #[test]
    fn other_parties_need_what_they_operate_determined() {
        let c = catalogue();
        let weak = c.requirements[c.clause("8.2.3").unwrap().requirements.clone()][0]
            .id
            .clone();
        let level = |r: &Requirement| if r.id == weak { INITIAL } else { FULL };
        let own = rated(&c, Some(200), level);
        let s = score(&c, &own);
        assert_eq!(s.verdict, "stage-1-ready", "{:#?}", s.reasons);
        let mut outsourced = own.clone();
        outsourced.answers.get_mut("8.6.1-1").unwrap().operated_by =
            Some("external-supplier".into());
        let s = score(&c, &outsourced);
        assert_eq!(s.verdict, NOT_READY);
        let why = s
            .reasons
            .iter()
            .find(|r| r.rule == "other-parties-determined")
            .unwrap();
        assert_eq!(rids(&c, why), [weak]);
        // The organization operating a process itself is no other party.
        let mut itself = own;
        itself.answers.get_mut("8.6.1-1").unwrap().operated_by = Some("organization".into());
        assert_eq!(score(&c, &itself).verdict, "stage-1-ready");
    }

    #[test]
    fn records_need_an_evidence_reference_for_stage_2() {
        let c = catalogue();
        let mut a = rated(&c, Some(200), |_| FULL);
        let record = c
            .requirements
            .iter()
            .find(|r| r.documented == Some(Documented::Record))
            .unwrap();
        a.answers.get_mut(&record.id).unwrap().evidence.clear();
        let s = score(&c, &a);
        assert_eq!(s.verdict, "stage-1-ready");
        assert_eq!(rules_failing(&s), ["min-level"]);
        assert_eq!(rids(&c, &s.reasons[0]), std::slice::from_ref(&record.id));
        assert!(
            s.reasons[0].text.contains("without evidence"),
            "{}",
            s.reasons[0]
        );
    }

    #[test]
    fn a_minor_without_a_planned_action_holds_stage_2_back() {
        let c = catalogue();
        // A requirement for no documented information, so that only the action is missing.
        let id = c
            .requirements
            .iter()
            .find(|r| r.documented.is_none() && in_clause(&c, r, "8.6.1"))
            .unwrap()
            .id
            .clone();
        let mut a = rated(&c, Some(200), |r| if r.id == id { PARTIAL } else { FULL });
        a.answers
            .get_mut(&id)
            .unwrap()
            .action
            .as_mut()
            .unwrap()
            .owner = None;
        let s = score(&c, &a);
        assert_eq!(s.verdict, "stage-1-ready");
        assert_eq!(rules_failing(&s), ["actions-planned"]);
        assert_eq!(rids(&c, &s.reasons[0]), [id]);
    }

    #[test]
    fn json_reasons_carry_every_id_while_the_line_shortens() {
        let c = catalogue();
        let s = score(&c, &assessment(&c, &[]));
        let docs = s.reasons.iter().find(|r| r.rule == "min-level").unwrap();
        let all = c.select(&Selector::Documented(Documented::Document)).len();
        assert_eq!(docs.requirements.len(), all);
        assert!(
            docs.text.contains(&format!("and {} more", all - 8)),
            "{}",
            docs.text
        );
    }

    fn rank(s: &Scores) -> usize {
        s.stages.iter().take_while(|x| x.passed).count()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn raising_one_rating_never_lowers_the_verdict(
            levels in proptest::collection::vec(0usize..5, count()),
            pick in 0usize..count(),
            days in proptest::option::of(0i64..400),
        ) {
            let c = catalogue();
            let before = rated(&c, days, |r| levels[c.requirement_position(&r.id).unwrap()]);
            let mut after = before.clone();
            let id = &c.requirements[pick].id;
            let ans = after.answers.get_mut(id).unwrap();
            if let Rating::Level(l) = ans.rating {
                ans.rating = Rating::Level((l + 1).min(FULL));
            }
            prop_assert!(rank(&score(&c, &after)) >= rank(&score(&c, &before)));
        }
    }
}
