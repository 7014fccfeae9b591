//! `iso20k init`: create an assessment file.

use crate::assessment::{file, lock::Lock};
use crate::catalogue::Catalogue;
use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::questionnaire::start::{new_assessment, note_ignore};

/// Runs `init`.
pub fn run(c: &Catalogue, args: InitArgs, out: &mut Output) -> Result<u8> {
    if args.file.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} already exists; pass --force to replace it, or choose another name",
            args.file.display()
        )));
    }
    let target = crate::fs::assessment_path(&args.file)?;
    let _lock = Lock::acquire(&target)?;
    let a = new_assessment(c, &args.identity, &args.file)?;
    file::save(&target, &a, c)?;
    out.note(&format!(
        "created {} for {} against {} version {} ({} requirements); next: iso20k assess {}",
        args.file.display(),
        a.organization,
        c.id,
        c.version,
        c.requirements.len(),
        args.file.display()
    ));
    note_ignore(&target, out);
    Ok(0)
}
