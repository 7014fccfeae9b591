//! Comparing two assessments of the same catalogue: score deltas, changed requirements,
//! findings opened and closed, action changes and the verdict before and after.
//!
//! Process capability (ISO/IEC 33020, a second axis) is compared per process: level, target
//! and attribute ratings. Its regressions are listed apart and are not part of
//! [`Diff::regression`], the conformity gate, just as `check` counts capability only with
//! `--capability-targets`; `diff --fail-on-capability-regression` gates on them.
//!
//! Answers are matched by requirement id. Both sides are scored against one catalogue;
//! answer ids that catalogue does not know cannot be compared and are listed per side.

use crate::assessment::{ActionStatus, Assessment, CatalogueRef, ProcessCapability, rating_id};
use crate::capability::Achievement;
use crate::catalogue::{Catalogue, Severity};
use crate::percent::Percent;
use crate::score::{FindingCounts, Scores};

/// Differences smaller than this are rounding, not change.
const EPSILON: f64 = 1e-9;
use schemars::JsonSchema;
use serde::Serialize;

/// One side of the comparison, summarised.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Side {
    /// Overall readiness.
    pub readiness: Percent,
    /// Coverage.
    pub coverage: Percent,
    /// Answered requirements.
    pub answered: usize,
    /// The verdict.
    pub verdict: String,
    /// Its label.
    pub verdict_label: String,
    /// Findings by severity.
    pub findings: FindingCounts,
    /// The catalogue id and version the file names.
    pub catalogue: CatalogueRef,
    /// The file's as-of date.
    #[schemars(schema_with = "crate::schema::date")]
    pub as_of: String,
    /// Answer ids the catalogue does not know (not compared).
    pub unknown_ids: Vec<String>,
}

/// How a requirement's answer changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// Its score went down.
    Regressed,
    /// It was answered before and is not now.
    Unanswered,
    /// Its score went up.
    Improved,
    /// It was not answered before.
    NewlyAnswered,
    /// Its rating changed to or from not applicable.
    Changed,
}

/// A requirement whose rating changed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Change {
    /// The requirement id.
    pub requirement: String,
    /// Its clause id.
    pub clause: String,
    /// How it changed.
    pub kind: ChangeKind,
    /// The rating before (a level id), if answered.
    pub rating_before: Option<String>,
    /// The rating after, if answered.
    pub rating_after: Option<String>,
    /// The score before (unanswered counts 0; not applicable has none).
    pub score_before: Option<f64>,
    /// The score after.
    pub score_after: Option<f64>,
}

/// A finding that appeared or went away.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FindingChange {
    /// The requirement id.
    pub requirement: String,
    /// The severity.
    pub finding: Severity,
}

/// An action that changed state.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ActionChange {
    /// The requirement id.
    pub requirement: String,
    /// What is to be done.
    pub what: String,
    /// Who owns it.
    pub owner: Option<String>,
    /// When it is due.
    #[schemars(schema_with = "crate::schema::optional_date")]
    pub due: Option<String>,
}

/// Readiness and coverage of one clause, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ClauseDelta {
    /// The clause id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its depth (1 for a top-level clause).
    pub depth: usize,
    /// Readiness before.
    pub readiness_before: Percent,
    /// Readiness after.
    pub readiness_after: Percent,
    /// Coverage before.
    pub coverage_before: Percent,
    /// Coverage after.
    pub coverage_after: Percent,
}

/// An attribute whose rating changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct AttributeChange {
    /// The attribute id (`1.1` ... `5.2`).
    pub attribute: String,
    /// The rating before (null when not rated, which counts as N).
    pub before: Option<Achievement>,
    /// The rating after.
    pub after: Option<Achievement>,
}

/// A process whose capability level, target or attribute ratings changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CapabilityChange {
    /// The process: its clause id.
    pub process: String,
    /// The clause title.
    pub title: String,
    /// The level before (0 to 5).
    pub level_before: u8,
    /// The level after.
    pub level_after: u8,
    /// The target before (null when none was set).
    pub target_before: Option<u8>,
    /// The target after.
    pub target_after: Option<u8>,
    /// Whether it was below its target before.
    pub below_target_before: bool,
    /// Whether it is below its target after.
    pub below_target_after: bool,
    /// The attributes whose rating changed, in level order.
    pub attributes: Vec<AttributeChange>,
    /// Whether this is a capability regression: the level fell, or the process is now
    /// below its target and was not before.
    pub regression: bool,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Diff {
    /// The old side.
    pub before: Side,
    /// The new side.
    pub after: Side,
    /// Clauses whose readiness or coverage changed, in catalogue order.
    pub clauses: Vec<ClauseDelta>,
    /// Requirements whose rating changed, regressions first, then in catalogue order.
    pub changes: Vec<Change>,
    /// Findings present after and not before, most severe first.
    pub findings_opened: Vec<FindingChange>,
    /// Findings present before and not after, most severe first.
    pub findings_closed: Vec<FindingChange>,
    /// Actions that are new or were reopened.
    pub actions_opened: Vec<ActionChange>,
    /// Actions that became done.
    pub actions_done: Vec<ActionChange>,
    /// Open actions past due on the new side's as-of date that were not on the old side's.
    pub actions_newly_overdue: Vec<ActionChange>,
    /// Processes whose capability changed, in catalogue order.
    pub capability: Vec<CapabilityChange>,
    /// Whether anything counts as a regression of conformity (the default gate; capability
    /// is not part of it).
    pub regression: bool,
    /// Why, one line each.
    pub regressions: Vec<String>,
    /// Whether a process's capability regressed (the gate of
    /// `--fail-on-capability-regression`).
    pub capability_regression: bool,
    /// Why, one line each.
    pub capability_regressions: Vec<String>,
}

/// One side to compare: the assessment and its scores.
#[derive(Debug)]
pub struct Input<'a> {
    /// The assessment.
    pub assessment: &'a Assessment,
    /// Its scores against the catalogue.
    pub scores: &'a Scores,
}

impl Change {
    /// A score that went down: a lower rating, or a scored answer removed.
    pub fn is_regression(&self) -> bool {
        match self.kind {
            ChangeKind::Regressed => true,
            ChangeKind::Unanswered => self.score_before.is_some_and(|s| s > 0.0),
            _ => false,
        }
    }
}

/// Compares two assessments scored against the same catalogue.
pub fn diff(c: &Catalogue, old: Input<'_>, new: Input<'_>) -> Diff {
    let (a0, s0, a1, s1) = (old.assessment, old.scores, new.assessment, new.scores);
    let mut changes = Vec::new();
    let mut opened = Vec::new();
    let mut closed = Vec::new();
    let mut actions_opened = Vec::new();
    let mut actions_done = Vec::new();
    let mut newly_overdue = Vec::new();
    for (i, r) in c.requirements.iter().enumerate() {
        let (x0, x1) = (&s0.requirements[i], &s1.requirements[i]);
        let kind = match (x0.rating, x1.rating) {
            (None, None) => None,
            (None, Some(_)) => Some(ChangeKind::NewlyAnswered),
            (Some(_), None) => Some(ChangeKind::Unanswered),
            (Some(p), Some(q)) if p == q => None,
            (Some(_), Some(_)) => Some(match (x0.score, x1.score) {
                (Some(p), Some(q)) if q < p => ChangeKind::Regressed,
                (Some(p), Some(q)) if q > p => ChangeKind::Improved,
                _ => ChangeKind::Changed,
            }),
        };
        if let Some(kind) = kind {
            changes.push(Change {
                requirement: r.id.clone(),
                clause: c.clauses[r.clause].id.clone(),
                kind,
                rating_before: x0.rating.map(|x| rating_id(c, x).to_string()),
                rating_after: x1.rating.map(|x| rating_id(c, x).to_string()),
                score_before: x0.score,
                score_after: x1.score,
            });
        }
        if x0.finding != x1.finding {
            if x1.finding != Severity::None {
                opened.push(FindingChange {
                    requirement: r.id.clone(),
                    finding: x1.finding,
                });
            }
            if x0.finding != Severity::None {
                closed.push(FindingChange {
                    requirement: r.id.clone(),
                    finding: x0.finding,
                });
            }
        }
        let act0 = a0.answer(&r.id).and_then(|a| a.action.as_ref());
        let act1 = a1.answer(&r.id).and_then(|a| a.action.as_ref());
        if let Some(act) = act1 {
            let view = || ActionChange {
                requirement: r.id.clone(),
                what: act.what.clone(),
                owner: act.owner.clone(),
                due: act.due.map(|d| d.to_string()),
            };
            let was_open = act0.is_some_and(|p| p.status != ActionStatus::Done);
            let is_open = act.status != ActionStatus::Done;
            if is_open && !was_open {
                actions_opened.push(view());
            }
            if !is_open && act0.is_some_and(|p| p.status != ActionStatus::Done) {
                actions_done.push(view());
            }
            let late0 = act0.is_some_and(|p| p.days_overdue(a0.as_of).is_some());
            if act.days_overdue(a1.as_of).is_some() && !late0 {
                newly_overdue.push(view());
            }
        }
    }
    // Regressions first; the sort is stable, so catalogue order holds within each group.
    changes.sort_by_key(|ch| !ch.is_regression());
    let mut regressions: Vec<String> = changes
        .iter()
        .filter(|ch| ch.is_regression())
        .map(|ch| match ch.kind {
            ChangeKind::Unanswered => format!(
                "{} lost its answer (was {})",
                ch.requirement,
                ch.rating_before.as_deref().unwrap_or("answered")
            ),
            _ => format!(
                "{} went down from {} to {}",
                ch.requirement,
                ch.rating_before.as_deref().unwrap_or("-"),
                ch.rating_after.as_deref().unwrap_or("-")
            ),
        })
        .collect();
    let majors: Vec<&str> = opened
        .iter()
        .filter(|f| f.finding == Severity::Major)
        .map(|f| f.requirement.as_str())
        .collect();
    if !majors.is_empty() {
        regressions.push(format!(
            "{} opened: {}",
            if majors.len() == 1 {
                "a major nonconformity".to_string()
            } else {
                format!("{} major nonconformities", majors.len())
            },
            majors.join(", ")
        ));
    }
    if s1.overall.readiness < s0.overall.readiness - EPSILON {
        regressions.push(format!(
            "overall readiness fell from {} to {}",
            Percent(s0.overall.readiness),
            Percent(s1.overall.readiness)
        ));
    }
    opened.sort_by_key(|f| f.finding);
    closed.sort_by_key(|f| f.finding);
    let clauses = c
        .clauses
        .iter()
        .enumerate()
        .filter(|&(i, _)| {
            let (p, q) = (&s0.clauses[i], &s1.clauses[i]);
            (p.readiness - q.readiness).abs() > EPSILON || (p.coverage - q.coverage).abs() > EPSILON
        })
        .map(|(i, cl)| ClauseDelta {
            id: cl.id.clone(),
            title: cl.title.clone(),
            depth: cl.depth,
            readiness_before: Percent(s0.clauses[i].readiness),
            readiness_after: Percent(s1.clauses[i].readiness),
            coverage_before: Percent(s0.clauses[i].coverage),
            coverage_after: Percent(s1.clauses[i].coverage),
        })
        .collect();
    let capability = capability(c, a0, a1);
    let capability_regressions: Vec<String> = capability
        .iter()
        .filter(|p| p.regression)
        .map(|p| {
            let target = p
                .target_after
                .map_or(String::new(), |t| format!(", target {t}"));
            if p.level_after < p.level_before {
                format!(
                    "{} capability fell from level {} to {}{target}",
                    p.process, p.level_before, p.level_after
                )
            } else {
                format!(
                    "{} capability level {} is now below its target{}",
                    p.process,
                    p.level_after,
                    p.target_after.map_or(String::new(), |t| format!(" {t}"))
                )
            }
        })
        .collect();
    Diff {
        before: side(c, a0, s0),
        after: side(c, a1, s1),
        clauses,
        changes,
        findings_opened: opened,
        findings_closed: closed,
        actions_opened,
        actions_done,
        actions_newly_overdue: newly_overdue,
        capability,
        regression: !regressions.is_empty(),
        regressions,
        capability_regression: !capability_regressions.is_empty(),
        capability_regressions,
    }
}

/// The processes of the catalogue whose capability differs between the sides.
fn capability(c: &Catalogue, a0: &Assessment, a1: &Assessment) -> Vec<CapabilityChange> {
    let none = ProcessCapability::default();
    c.processes()
        .into_iter()
        .filter_map(|cl| {
            let p0 = a0.capability.get(&cl.id).unwrap_or(&none);
            let p1 = a1.capability.get(&cl.id).unwrap_or(&none);
            if p0 == p1 {
                return None;
            }
            let attributes: Vec<AttributeChange> = crate::capability::LEVELS
                .iter()
                .flat_map(|l| l.iter())
                .filter_map(|id| {
                    let (before, after) = (
                        p0.attributes.get(*id).copied(),
                        p1.attributes.get(*id).copied(),
                    );
                    (before != after).then(|| AttributeChange {
                        attribute: (*id).to_string(),
                        before,
                        after,
                    })
                })
                .collect();
            let (level_before, level_after) = (p0.level(), p1.level());
            let (below_target_before, below_target_after) = (p0.below_target(), p1.below_target());
            Some(CapabilityChange {
                process: cl.id.clone(),
                title: cl.title.clone(),
                level_before,
                level_after,
                target_before: p0.target,
                target_after: p1.target,
                below_target_before,
                below_target_after,
                attributes,
                regression: level_after < level_before
                    || (below_target_after && !below_target_before),
            })
        })
        .collect()
}

fn side(c: &Catalogue, a: &Assessment, s: &Scores) -> Side {
    Side {
        readiness: Percent(s.overall.readiness),
        coverage: Percent(s.overall.coverage),
        answered: s.overall.answered,
        verdict: s.verdict.id().to_string(),
        verdict_label: s.verdict.label().to_string(),
        findings: s.overall.findings,
        catalogue: a.catalogue.clone(),
        as_of: a.as_of.to_string(),
        unknown_ids: a.unknown_ids(c).into_iter().map(String::from).collect(),
    }
}
