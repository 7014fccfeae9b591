//! Starting an assessment file, for `init` and for the first `assess` that creates one:
//! the organization, scope and assessor (asked for at a terminal when not given), and the
//! line that keeps the save lock out of git.

use crate::assessment::Assessment;
use crate::catalogue::Catalogue;
use crate::cli::Identity;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::util;
use std::io::IsTerminal;
use std::path::Path;

/// Tells what was done to keep the lock file (`.NAME.lock`, there only while a save
/// happens) out of git.
pub fn note_ignore(target: &Path, out: &mut Output) {
    use crate::assessment::ignore::{Ignored, ignore_lock};
    match ignore_lock(target) {
        Ignored::Already => {}
        Ignored::Added(path, line) => out.note(&format!(
            "added `{line}` to {} so that git never shows the lock iso20k holds while saving",
            path.display()
        )),
        Ignored::NotARepo(line) => out.note(&format!(
            "not in a git work tree; if you keep the file in git, add `{line}` to the .gitignore beside it (the lock iso20k holds while saving)"
        )),
        Ignored::Failed(line, why) => out.note(&format!(
            "could not add `{line}` to .gitignore ({why}); add it by hand so that git never shows the lock"
        )),
    }
}

/// Builds a new assessment from the flags, asking for what is missing when a person is at a
/// terminal; without one, a missing organization or scope is bad usage.
pub fn new_assessment(c: &Catalogue, id: &Identity, file: &Path) -> Result<Assessment> {
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let ask = |label: &str, given: &Option<String>, required: bool| -> Result<String> {
        if let Some(v) = given {
            if required && v.trim().is_empty() {
                return Err(Error::Usage(format!(
                    "--{} must not be empty",
                    flag_of(label)
                )));
            }
            return Ok(v.trim().to_string());
        }
        if !interactive {
            if required {
                return Err(Error::Usage(format!(
                    "{}: the {label} is required: pass --{} \"...\" (no terminal to ask on)",
                    file.display(),
                    flag_of(label)
                )));
            }
            return Ok(String::new());
        }
        dialoguer::Input::<String>::new()
            .with_prompt(label)
            .allow_empty(!required)
            .interact_text()
            .map_err(|_| Error::Interrupted)
    };
    let organization = ask("organization", &id.org, true)?;
    let scope = ask("scope of the service management system", &id.scope, true)?;
    let assessor = ask("assessor", &id.assessor, false)?;
    let as_of = match &id.date {
        Some(d) => util::parse_date("--date", d)?,
        None => util::today(),
    };
    let mut a = Assessment::new(c, organization, scope, assessor, as_of);
    a.operating_since = id
        .operating_since
        .as_deref()
        .map(|d| util::parse_date("--operating-since", d))
        .transpose()?;
    Ok(a)
}

fn flag_of(label: &str) -> &'static str {
    match label.split_whitespace().next() {
        Some("organization") => "org",
        Some("scope") => "scope",
        _ => "assessor",
    }
}
