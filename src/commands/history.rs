//! `iso20k history`: readiness, coverage, findings and verdict of every committed version
//! of an assessment file, oldest first.

use crate::catalogue::Catalogue;
use crate::cli::{HistoryArgs, HistoryFormat};
use crate::error::{Diagnostic, Error, Result};
use crate::output::Output;
use crate::present::history::{CatalogueView, HistoryView, markdown, table};
use crate::progress::history::collect;

/// Runs `history`.
pub fn run(c: &Catalogue, args: HistoryArgs, out: &mut Output) -> Result<u8> {
    let shown = args.file.display().to_string();
    let versions = collect(c, &args.file)?;
    if versions.is_empty() {
        return Err(Error::Invalid(vec![
            Diagnostic::file(&shown, "has no history: git has no commit of it, and there is no such file".to_string())
                .with_help("history reads the commits of an assessment file in a git repository; commit it first"),
        ]));
    }
    match args.format {
        HistoryFormat::Table => out.text(&table(&shown, &versions, out))?,
        HistoryFormat::Md => out.text(&markdown(&shown, &versions))?,
        HistoryFormat::Json => out.json(
            &serde_json::to_string_pretty(&HistoryView {
                file: &shown,
                catalogue: CatalogueView {
                    id: &c.id,
                    version: &c.version,
                },
                versions: &versions,
            })
            .unwrap_or_default(),
        )?,
    }
    Ok(0)
}
