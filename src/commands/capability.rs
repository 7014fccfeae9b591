//! `iso20k capability`: rate one process's attributes and set its target, without prompts.

use crate::assessment;
use crate::capability;
use crate::catalogue::Catalogue;
use crate::cli::CapabilityArgs;
use crate::error::{Error, Result, closest};
use crate::output::Output;

/// Runs `capability`.
pub fn run(c: &Catalogue, args: CapabilityArgs, out: &mut Output) -> Result<u8> {
    let processes = c.processes();
    let Some(process) = processes.iter().find(|p| p.id == args.process) else {
        if processes.is_empty() {
            return Err(Error::Usage(format!(
                "catalogue `{}` names no processes whose capability can be rated (its `capability.processes`)",
                c.id
            )));
        }
        let hint = closest(&args.process, processes.iter().map(|p| p.id.as_str()))
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "`{}` is not a process whose capability can be rated; {hint}processes are the leaf clauses under {}, e.g. {}",
            args.process,
            c.capability_roots.join(", "),
            processes[0].id
        )));
    };
    let mut ratings = Vec::new();
    for pa in &args.pa {
        let Some((id, r)) = pa.split_once('=') else {
            return Err(Error::Usage(format!(
                "--pa `{pa}` is not ID=RATING; e.g. --pa 1.1=F"
            )));
        };
        let id = capability::check_attribute(id.trim())
            .map_err(|e| Error::Usage(format!("--pa {e}")))?;
        let r = capability::parse_achievement(r)
            .map_err(|e| Error::Usage(format!("--pa {id}: {e}")))?;
        ratings.push((id.to_string(), r));
    }
    let target = args
        .target
        .as_deref()
        .map(capability::parse_target)
        .transpose()
        .map_err(|e| Error::Usage(format!("--target {e}")))?;
    if ratings.is_empty() && target.is_none() {
        return Err(Error::Usage(
            "nothing to record: give --pa ID=RATING (e.g. --pa 1.1=F) or --target N".into(),
        ));
    }
    let shown = assessment::edit(c, &args.file, out, |a| {
        let pc = a.capability.entry(process.id.clone()).or_default();
        pc.attributes.extend(ratings);
        if target.is_some() {
            pc.target = target;
        }
        let shown = capability::summary(&process.id, pc);
        Ok(shown)
    })?;
    out.note(&format!("{shown}, saved to {}", args.file.display()));
    Ok(0)
}
