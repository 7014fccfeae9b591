//! `iso20k migrate`: carry an assessment to the loaded catalogue's content version.

use crate::assessment::migrate::{MoveKind, migrate};
use crate::assessment::{file, lock::Lock};
use crate::catalogue::Catalogue;
use crate::cli::{MigrateArgs, TextOrJson};
use crate::error::{Error, Result};
use crate::output::Output;
use std::path::Path;

/// Runs `migrate`.
pub fn run(c: &Catalogue, args: MigrateArgs, out: &mut Output) -> Result<u8> {
    let _lock = (!args.dry_run)
        .then(|| Lock::acquire_within(&args.file, std::time::Duration::from_secs(10)))
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
            let mut v = serde_json::to_value(&m).unwrap_or_default();
            v["file"] = args.file.display().to_string().into();
            v["catalogue"] = c.id.clone().into();
            v["written"] = (!args.dry_run).into();
            serde_json::to_string_pretty(&v).unwrap_or_default()
        }
        TextOrJson::Text => {
            let mut t = format!(
                "{}: catalogue {} version {} -> {}{}\n",
                args.file.display(),
                c.id,
                m.from_version,
                m.to_version,
                if args.dry_run {
                    " (dry run: nothing written)"
                } else {
                    ""
                }
            );
            for mv in &m.moves {
                let (word, detail) = match mv.kind {
                    MoveKind::Moved => ("moved", format!("-> {}", mv.to.join(", "))),
                    MoveKind::Split => (
                        "split",
                        format!("-> {} (each marked for review)", mv.to.join(", ")),
                    ),
                    MoveKind::Merged => (
                        "merged",
                        format!(
                            "-> {} (combined with others, marked for review)",
                            mv.to.join(", ")
                        ),
                    ),
                    MoveKind::Conflict => ("kept", format!("({})", mv.why)),
                    MoveKind::Dropped => (
                        "kept",
                        format!("(retired with no successor, not scored: {})", mv.why),
                    ),
                    MoveKind::Unknown => {
                        ("kept", "(not an id of this catalogue, not scored)".into())
                    }
                };
                t.push_str(&format!("  {word:<7} {} {detail}\n", mv.from));
            }
            let count = |k: MoveKind| m.moves.iter().filter(|x| x.kind == k).count();
            t.push_str(&format!(
                "{} answers moved, {} split, {} merged, {} kept under their old id\n",
                count(MoveKind::Moved),
                count(MoveKind::Split),
                count(MoveKind::Merged),
                count(MoveKind::Conflict) + count(MoveKind::Dropped) + count(MoveKind::Unknown)
            ));
            t
        }
    };
    if !args.dry_run {
        file::save(&args.file, &a, c)?;
    }
    out.data(&text)
        .map_err(|e| Error::io("cannot write to", Path::new("<stdout>"), e))?;
    Ok(0)
}
