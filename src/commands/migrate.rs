//! `iso20k migrate`: carry an assessment to the loaded catalogue's content version.

use crate::assessment::migrate::migrate;
use crate::assessment::{file, lock::Lock};
use crate::catalogue::Catalogue;
use crate::cli::{MigrateArgs, TextOrJson};
use crate::error::{Error, Result};
use crate::output::Output;
use crate::present::migrate::{MigrateView, text};

/// Runs `migrate`.
pub fn run(c: &Catalogue, args: MigrateArgs, out: &mut Output) -> Result<u8> {
    let target = crate::fs::assessment_path(&args.file)?;
    let _lock = (!args.dry_run)
        .then(|| Lock::acquire_within(&target, std::time::Duration::from_secs(10)))
        .transpose()?;
    // The loader's warnings (an older version, ids it does not know) are what the list of
    // moves below answers, so they are not repeated.
    let mut a = file::load(&args.file, c)?.assessment;
    if a.catalogue.id != c.id {
        return Err(Error::Usage(format!(
            "{} was made for catalogue `{}`, but `{}` is loaded; pass the catalogue it was made with: --catalogue PATH",
            args.file.display(),
            a.catalogue.id,
            c.id
        )));
    }
    let m = migrate(c, &mut a);
    let text = match args.format {
        TextOrJson::Json => {
            serde_json::to_string_pretty(&MigrateView::new(&args.file, c, &m, !args.dry_run))
                .unwrap_or_default()
        }
        TextOrJson::Text => text(&args.file, c, &m, args.dry_run),
    };
    if !args.dry_run {
        file::save(&target, &a, c)?;
    }
    out.text(&text)?;
    Ok(0)
}
