//! The remediation plan: every action of an assessment, with its finding and lateness.

use crate::assessment::{ActionStatus, Assessment};
use crate::catalogue::{Catalogue, Severity};
use crate::score::Scores;
use jiff::civil::Date;
use serde::Serialize;

/// One action of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PlannedAction {
    /// The requirement's index in the catalogue.
    #[serde(skip)]
    pub requirement: usize,
    /// The requirement's id.
    #[serde(rename = "requirement")]
    pub requirement_id: String,
    /// The id of the clause the requirement belongs to.
    pub clause: String,
    /// The finding of the requirement's answer.
    pub finding: Severity,
    /// What is to be done.
    pub what: String,
    /// Who owns it.
    pub owner: Option<String>,
    /// When it is due.
    #[schemars(schema_with = "crate::schema::optional_date")]
    pub due: Option<Date>,
    /// Where it stands.
    pub status: ActionStatus,
    /// The rating expected once done (a level id).
    pub target: String,
    /// Days past due on the as-of date, when open and late.
    pub days_overdue: Option<i64>,
    /// Whether it has both an owner and a due date.
    pub planned: bool,
}

/// Which actions to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only actions past due.
    pub overdue: bool,
    /// Only actions of this owner (case-insensitive).
    pub owner: Option<String>,
    /// Only actions in this status.
    pub status: Option<ActionStatus>,
}

impl Filter {
    fn keeps(&self, a: &PlannedAction) -> bool {
        (!self.overdue || a.days_overdue.is_some())
            && self.owner.as_deref().is_none_or(|o| {
                a.owner
                    .as_deref()
                    .is_some_and(|x| x.trim().eq_ignore_ascii_case(o.trim()))
            })
            && self.status.is_none_or(|s| a.status == s)
    }
}

/// The plan: most severe finding first, then earliest due date (undated last), then
/// catalogue order.
pub fn plan(c: &Catalogue, a: &Assessment, s: &Scores, as_of: Date) -> Vec<PlannedAction> {
    let mut out: Vec<PlannedAction> = c
        .requirements
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let action = a.answer(&r.id)?.action.as_ref()?;
            let top = c.scale.len() - 1;
            Some(PlannedAction {
                requirement: i,
                requirement_id: r.id.clone(),
                clause: c.clauses[r.clause].id.clone(),
                finding: s.requirements[i].finding,
                what: action.what.clone(),
                owner: action.owner.clone(),
                due: action.due,
                status: action.status,
                target: c.scale[action.target.unwrap_or(top)].id.clone(),
                days_overdue: action.days_overdue(as_of),
                planned: action.is_planned(),
            })
        })
        .collect();
    out.sort_by(|x, y| {
        (x.finding, x.due.is_none(), x.due, x.requirement).cmp(&(
            y.finding,
            y.due.is_none(),
            y.due,
            y.requirement,
        ))
    });
    out
}

/// The plan, filtered.
pub fn filtered(plan: Vec<PlannedAction>, f: &Filter) -> Vec<PlannedAction> {
    plan.into_iter().filter(|a| f.keeps(a)).collect()
}

/// Counts over a plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PlanCounts {
    /// Every action.
    pub total: usize,
    /// Not started.
    pub open: usize,
    /// Under way.
    pub in_progress: usize,
    /// Finished.
    pub done: usize,
    /// Open or under way and past due.
    pub overdue: usize,
    /// Without an owner or a due date.
    pub unplanned: usize,
}

/// Counts the plan's actions.
pub fn counts(plan: &[PlannedAction]) -> PlanCounts {
    let mut n = PlanCounts {
        total: plan.len(),
        ..PlanCounts::default()
    };
    for a in plan {
        match a.status {
            ActionStatus::Open => n.open += 1,
            ActionStatus::InProgress => n.in_progress += 1,
            ActionStatus::Done => n.done += 1,
        }
        n.overdue += usize::from(a.days_overdue.is_some());
        n.unplanned += usize::from(!a.planned);
    }
    n
}
