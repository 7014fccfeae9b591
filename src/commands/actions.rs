//! `iso20k actions`: the remediation plan.

use crate::assessment::{self, ActionStatus};
use crate::catalogue::Catalogue;
use crate::cli::{ActionsArgs, ActionsFormat};
use crate::error::{Error, Result, closest};
use crate::output::Output;
use crate::present::actions::{PlanView, csv, table};
use crate::progress::plan::{Filter, counts, filtered, plan};
use crate::score::score;
use crate::util;

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
    let a = assessment::load(c, &args.file, out)?;
    let s = score(c, &a);
    let all = plan(c, &a, &s, as_of);
    let total = counts(&all);
    let filter = Filter {
        overdue: args.overdue,
        owner: args.owner.clone(),
        status,
    };
    let shown = filtered(all, &filter);
    if args.format != ActionsFormat::Csv {
        super::csv_only(&args.csv)?;
    }
    let text = match args.format {
        ActionsFormat::Json => {
            let mut t = serde_json::to_string_pretty(&PlanView {
                as_of: as_of.to_string(),
                counts: total,
                shown: shown.len(),
                items: &shown,
            })
            .unwrap_or_default();
            t.push('\n');
            t
        }
        ActionsFormat::Csv => csv(&shown, super::csv_style(&args.csv)),
        ActionsFormat::Table => table(c, &shown, &total, as_of, out),
    };
    match args.format {
        ActionsFormat::Json => out.json(&text)?,
        ActionsFormat::Csv => out.csv(&text, args.csv.bom)?,
        ActionsFormat::Table => out.text(&text)?,
    }
    Ok(0)
}
