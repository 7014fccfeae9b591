//! `iso20k score`: readiness, coverage and findings per clause, and the verdict.

use crate::assessment;
use crate::catalogue::Catalogue;
use crate::cli::{ScoreArgs, TableOrJson};
use crate::error::Result;
use crate::output::Output;
use crate::present::score::{ScoreView, progress_text, table};
use crate::progress::progress;
use crate::score::score;

/// Runs `score`.
pub fn run(c: &Catalogue, args: ScoreArgs, out: &mut Output) -> Result<u8> {
    let judging = super::judging(&args.judging)?;
    let a = assessment::load(c, &args.file, out)?;
    let s = score(c, &a);
    let p = progress(c, &a, &s, judging);
    let text = match args.format {
        TableOrJson::Json => {
            serde_json::to_string_pretty(&ScoreView::new(c, &a, &s, &p)).unwrap_or_default()
        }
        TableOrJson::Table => {
            let mut text = table(c, &a, &s, args.depth as usize, out);
            text.push_str(&progress_text(&p));
            text
        }
    };
    match args.format {
        TableOrJson::Json => out.json(&text)?,
        TableOrJson::Table => out.text(&text)?,
    }
    Ok(0)
}
