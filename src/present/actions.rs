//! `actions`: the remediation plan as a table, JSON and CSV.

use crate::catalogue::Catalogue;
use crate::output::Output;
use crate::progress::plan::{PlanCounts, PlannedAction};
use crate::safe::one_line;
use comfy_table::{Cell, CellAlignment, Color};
use schemars::JsonSchema;
use serde::Serialize;

/// The stable JSON of `actions --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PlanView<'a> {
    /// The day overdue actions are judged on (YYYY-MM-DD).
    #[schemars(schema_with = "crate::schema::date")]
    pub as_of: String,
    /// Counts over the whole plan.
    pub counts: PlanCounts,
    /// How many actions the filters leave.
    pub shown: usize,
    /// Those actions: most severe finding first, then earliest due date.
    pub items: &'a [PlannedAction],
}

/// The plan as a table, with its counts.
pub fn table(
    c: &Catalogue,
    rows: &[PlannedAction],
    n: &PlanCounts,
    as_of: jiff::civil::Date,
    out: &Output,
) -> String {
    let mut text = String::new();
    if rows.is_empty() {
        text.push_str("No actions match.\n");
    } else {
        let mut t = super::table::new(out.width);
        if out.color {
            t.enforce_styling();
        }
        t.set_header(vec![
            "Requirement",
            "Clause",
            "Finding",
            "Action",
            "Owner",
            "Due",
            "Status",
            "Overdue",
        ]);
        for r in rows {
            let late = r.days_overdue.is_some();
            let cell = |s: String| {
                let cell = Cell::new(one_line(&s));
                if late && out.color {
                    cell.fg(Color::Red)
                } else {
                    cell
                }
            };
            let clause = c.clause(&r.clause).map_or("", |x| x.title.as_str());
            t.add_row(vec![
                cell(r.requirement_id.clone()),
                cell(format!("{} {clause}", r.clause)),
                cell(r.finding.id().to_string()),
                cell(r.what.clone()),
                cell(r.owner.clone().unwrap_or_else(|| "-".into())),
                cell(r.due.map_or_else(|| "-".into(), |d| d.to_string())),
                cell(r.status.id().to_string()),
                cell(
                    r.days_overdue
                        .map(|d| format!("{d} days late"))
                        .unwrap_or_default(),
                )
                .set_alignment(CellAlignment::Right),
            ]);
        }
        text.push_str(&format!(
            "{}\n",
            super::table::render(&mut t, out.painter())
        ));
    }
    text.push_str(&format!(
        "Showing {} of {} actions: {} open, {} in progress, {} done; {} overdue on {}; {} without an owner or a due date\n",
        rows.len(),
        n.total,
        n.open,
        n.in_progress,
        n.done,
        n.overdue,
        as_of,
        n.unplanned
    ));
    text
}

/// The plan as CSV in `style` (the byte order mark, if any, is the caller's to write).
pub fn csv(rows: &[PlannedAction], style: crate::report::csv::Style) -> String {
    let mut w = style.writer(Vec::new());
    let _ = w.write_record([
        "requirement",
        "clause",
        "finding",
        "what",
        "owner",
        "due",
        "status",
        "target",
        "days_overdue",
    ]);
    for r in rows {
        let _ = w.write_record([
            r.requirement_id.clone(),
            r.clause.clone(),
            r.finding.id().to_string(),
            crate::report::csv::text_cell(&r.what),
            crate::report::csv::text_cell(r.owner.as_deref().unwrap_or_default()),
            r.due.map(|d| d.to_string()).unwrap_or_default(),
            r.status.id().to_string(),
            r.target.clone(),
            r.days_overdue.map(|d| d.to_string()).unwrap_or_default(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
