//! `iso20k actions`: the remediation plan.

use crate::assessment::ActionStatus;
use crate::catalogue::Catalogue;
use crate::cli::{ActionsArgs, ActionsFormat};
use crate::error::{Error, Result, closest};
use crate::output::Output;
use crate::progress::plan::{Filter, PlanCounts, PlannedAction, counts, filtered, plan};
use crate::score::score;
use crate::util;
use comfy_table::{Cell, CellAlignment, Color};
use serde::Serialize;
use std::path::Path;

/// Runs `actions`.
pub fn run(c: &Catalogue, args: ActionsArgs, out: &mut Output) -> Result<u8> {
    let status = match &args.status {
        None => None,
        Some(s) => Some(ActionStatus::parse(s).ok_or_else(|| {
            let ids = ActionStatus::ALL.map(|x| x.id());
            let hint = closest(s, ids)
                .map(|x| format!("; did you mean `{x}`?"))
                .unwrap_or_default();
            Error::Usage(format!(
                "--status `{s}` is not one of {}{hint}",
                ids.join(", ")
            ))
        })?),
    };
    let as_of = match &args.as_of {
        Some(d) => util::parse_date("--as-of", d)?,
        None => util::today(),
    };
    let a = super::score::load(c, &args.file, out)?;
    let s = score(c, a);
    let all = plan(c, a, &s, as_of);
    let total = counts(&all);
    let filter = Filter {
        overdue: args.overdue,
        owner: args.owner.clone(),
        status,
    };
    let shown = filtered(all, &filter);
    let text = match args.format {
        ActionsFormat::Json => {
            let mut t = serde_json::to_string_pretty(&PlanView {
                as_of: as_of.to_string(),
                counts: total,
                shown: shown.len(),
                actions: &shown,
            })
            .unwrap_or_default();
            t.push('\n');
            t
        }
        ActionsFormat::Csv => csv(&shown),
        ActionsFormat::Table => table(c, &shown, &total, as_of, out),
    };
    out.bytes(text.as_bytes())
        .map_err(|e| Error::io("cannot write to", Path::new("<stdout>"), e))?;
    Ok(0)
}

#[derive(Serialize)]
struct PlanView<'a> {
    as_of: String,
    counts: PlanCounts,
    shown: usize,
    actions: &'a [PlannedAction],
}

fn table(
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
                let cell = Cell::new(s);
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
        text.push_str(&format!("{t}\n"));
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

fn csv(rows: &[PlannedAction]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
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
