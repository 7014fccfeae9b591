//! Progress over time: the remediation plan, evidence freshness, the readiness forecast
//! and the comparison of two assessments.

pub mod diff;
pub mod forecast;
pub mod freshness;
pub mod history;
pub mod plan;

use crate::assessment::Assessment;
use crate::catalogue::Catalogue;
use crate::score::Scores;
use jiff::civil::Date;

/// When and how strictly progress is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judging {
    /// The day overdue actions and stale evidence are judged on.
    pub as_of: Date,
    /// How old reviewed evidence may be.
    pub max_age: freshness::MaxAge,
}

/// Everything about progress that `score`, `check` and `report` show.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Stale evidence, and how it was judged.
    pub freshness: freshness::Freshness,
    /// The remediation plan, sorted.
    pub plan: Vec<plan::PlannedAction>,
    /// Counts over the plan.
    pub counts: plan::PlanCounts,
    /// The forecast.
    pub forecast: forecast::Forecast,
}

/// Computes progress.
pub fn progress(c: &Catalogue, a: &Assessment, s: &Scores, judging: Judging) -> Progress {
    let plan = plan::plan(c, a, s, judging.as_of);
    Progress {
        freshness: freshness::freshness(c, a, judging),
        counts: plan::counts(&plan),
        plan,
        forecast: forecast::forecast(c, a, s, judging.as_of),
    }
}
