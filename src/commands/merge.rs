//! `iso20k merge`: several assessors' files of one organization merged into one.

use crate::assessment::merge::merge;
use crate::assessment::{file, lock::Lock};
use crate::catalogue::Catalogue;
use crate::cli::MergeArgs;
use crate::error::{Diagnostic, EXIT_GATE, Error, Result};
use crate::output::Output;
use crate::present::merge::text;
use std::path::Path;

/// The same file, by device and inode (a path may be spelt several ways, or be a link).
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// Runs `merge`.
pub fn run(c: &Catalogue, args: MergeArgs, out: &mut Output) -> Result<u8> {
    let into_input = args.files.iter().any(|f| same_file(f, &args.out));
    if std::fs::symlink_metadata(&args.out).is_ok() && !into_input {
        return Err(Error::Invalid(vec![
            Diagnostic::file(
                args.out.display().to_string(),
                "exists and is not one of the files merged; merging would replace it".to_string(),
            )
            .with_help("name a new file, or add it to the FILEs to merge the others into it"),
        ]));
    }
    let prefer = match &args.prefer {
        None => None,
        Some(p) => Some(
            args.files
                .iter()
                .position(|f| f == p || same_file(f, p))
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "--prefer {} is not one of the files merged",
                        p.display()
                    ))
                })?,
        ),
    };
    let target = crate::fs::assessment_path(&args.out)?;
    let _lock = (!args.dry_run)
        .then(|| Lock::acquire_within(&target, std::time::Duration::from_secs(10)))
        .transpose()?;
    let mut inputs = Vec::with_capacity(args.files.len());
    for f in &args.files {
        let loaded = file::load(f, c)?;
        let a = loaded.assessment;
        if a.catalogue.id != c.id || a.catalogue.version != c.version {
            return Err(Error::Invalid(vec![
                Diagnostic::file(
                    f.display().to_string(),
                    format!(
                        "was made for catalogue `{}` version {}, but `{}` version {} is loaded; merge takes files of one catalogue version",
                        a.catalogue.id, a.catalogue.version, c.id, c.version
                    ),
                )
                .with_help(format!(
                    "carry it to version {} first: iso20k migrate {}",
                    c.version,
                    f.display()
                )),
            ]));
        }
        for w in &loaded.warnings {
            out.warning(w);
        }
        inputs.push(a);
    }
    let m = merge(c, &inputs.iter().collect::<Vec<_>>(), prefer);
    let failing = args.fail_on_conflict && !m.conflicts.is_empty();
    let write = !args.dry_run && !failing;
    if write {
        file::save(&target, &m.assessment, c)?;
    }
    let names: Vec<String> = args.files.iter().map(|f| f.display().to_string()).collect();
    out.text(&text(c, &names, &args.out.display().to_string(), &m, write))?;
    Ok(if failing { EXIT_GATE } else { 0 })
}
