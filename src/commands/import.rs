//! `iso20k import`: a filled-in workbook or CSV applied to an assessment.

use crate::assessment::{file, lock::Lock};
use crate::catalogue::Catalogue;
use crate::cli::{ImportArgs, PreferSide, TextOrJson};
use crate::error::Result;
use crate::import::{self, Prefer, Table};
use crate::output::Output;
use crate::source::{Source, read_bytes};
use std::path::Path;

/// Runs `import`.
pub fn run(c: &Catalogue, args: ImportArgs, out: &mut Output) -> Result<u8> {
    // Saved as `answer` saves: a link followed once, the file locked while it is read,
    // changed and written, and written atomically.
    let target = crate::fs::assessment_path(&args.file)?;
    let _lock = (!args.dry_run)
        .then(|| Lock::acquire_within(&target, std::time::Duration::from_secs(10)))
        .transpose()?;
    let mut a = crate::assessment::load(c, &args.file, out)?;
    let table = read(&args.source)?;
    let prefer = args.prefer.map(|p| match p {
        PreferSide::Workbook => Prefer::Workbook,
        PreferSide::File => Prefer::File,
    });
    let plan = import::plan(c, &a, &table, prefer, crate::util::now())?;
    if !plan.changes.is_empty() && !args.dry_run {
        plan.apply_to(&mut a);
        file::save(&target, &a, c)?;
    }
    match args.format {
        TextOrJson::Json => {
            let mut v = serde_json::to_value(&plan).unwrap_or_default();
            v["file"] = args.file.display().to_string().into();
            v["source"] = args.source.display().to_string().into();
            v["written"] = (!args.dry_run && !plan.changes.is_empty()).into();
            v["ignored_columns"] = table.ignored.clone().into();
            out.json(&serde_json::to_string_pretty(&v).unwrap_or_default())?;
        }
        TextOrJson::Text => out.text(&crate::present::import::text(
            &args.file,
            &args.source,
            &plan,
            args.dry_run,
            &table.ignored,
        ))?,
    }
    Ok(0)
}

/// A workbook (by its extension, or by the zip signature it starts with) or a CSV.
fn read(path: &Path) -> Result<Table> {
    let name = path.display().to_string();
    let bytes = read_bytes(path, crate::source::MAX_INPUT_BYTES, "inputs", || {
        "a workbook or CSV of one assessment is far smaller; is this the right file?".into()
    })?;
    let by_name = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let zipped = bytes.starts_with(b"PK\x03\x04");
    if by_name.as_deref() == Some("xlsx") || zipped {
        return import::xlsx::read(&name, bytes);
    }
    let text = Source::new(
        name.clone(),
        String::from_utf8(bytes).map_err(|_| {
            crate::error::Error::invalid(
                crate::error::Diagnostic::file(
                    &name,
                    "is neither a workbook (.xlsx) nor UTF-8 CSV text",
                )
                .with_help("save it from the spreadsheet as .xlsx, or as CSV UTF-8"),
            )
        })?,
    );
    import::csv::read(&name, &text.text)
}
