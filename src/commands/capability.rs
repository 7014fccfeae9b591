//! `iso20k capability`: rate one process's attributes and set its target, without prompts.

use crate::assessment;
use crate::assessment::read::RATINGS_HELP;
use crate::capability::{self, Achievement, MAX_LEVEL};
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
        let (id, r) = (id.trim(), r.trim());
        if !capability::is_attribute(id) {
            return Err(Error::Usage(format!(
                "--pa `{id}` is not a process attribute; the attributes of ISO/IEC 33020 are {}",
                capability::attribute_ids()
            )));
        }
        let Some(r) = Achievement::parse(r) else {
            return Err(Error::Usage(format!(
                "--pa {id}: `{r}` is not an attribute rating; {RATINGS_HELP}"
            )));
        };
        ratings.push((id.to_string(), r));
    }
    let target = match args.target.as_deref() {
        None => None,
        Some(t) => match t.trim().parse::<u8>() {
            Ok(n) if n <= MAX_LEVEL => Some(n),
            _ => {
                return Err(Error::Usage(format!(
                    "--target `{t}` is not a capability level; give a level from 0 to {MAX_LEVEL}"
                )));
            }
        },
    };
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
        let shown = format!(
            "{}: capability level {}{}",
            process.id,
            pc.level(),
            match pc.target {
                Some(t) if pc.level() < t => format!(", below its target {t}"),
                Some(t) => format!(", target {t} met"),
                None => String::new(),
            }
        );
        Ok(shown)
    })?;
    out.note(&format!("{shown}, saved to {}", args.file.display()));
    Ok(0)
}
