//! One module per command: each loads what it needs, computes, and presents.

pub mod actions;
pub mod answer;
pub mod assess;
pub mod capability;
pub mod catalogue;
pub mod check;
pub mod diff;
pub mod history;
pub mod import;
pub mod init;
pub mod merge;
pub mod migrate;
pub mod report;
pub mod schema;
pub mod score;

use crate::cli::{CsvArgs, JudgingArgs};
use crate::error::{Error, Result};
use crate::progress::Judging;
use crate::progress::freshness::MaxAge;
use crate::util;

/// Turns `--as-of` and `--evidence-max-age` into the settings progress is judged with.
pub fn judging(d: &JudgingArgs) -> Result<Judging> {
    let as_of = match &d.as_of {
        Some(s) => util::parse_date("--as-of", s)?,
        None => util::today(),
    };
    let max_age = MaxAge::parse(&d.evidence_max_age)
        .map_err(|e| Error::Usage(format!("--evidence-max-age: {e}")))?;
    Ok(Judging { as_of, max_age })
}

/// The CSV style `--bom` and `--delimiter` ask for.
pub fn csv_style(a: &CsvArgs) -> crate::report::csv::Style {
    let default = crate::report::csv::Style::default();
    crate::report::csv::Style {
        bom: a.bom,
        delimiter: a.delimiter.unwrap_or(default.delimiter),
    }
}

/// `--bom` and `--delimiter` given for an output that is not CSV: bad usage, not ignored.
pub fn csv_only(a: &CsvArgs) -> Result<()> {
    if a.bom || a.delimiter.is_some() {
        return Err(crate::error::Error::Usage(
            "--bom and --delimiter are for CSV output: add --format csv (or -o FILE.csv)".into(),
        ));
    }
    Ok(())
}
