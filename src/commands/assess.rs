//! `iso20k assess`: the interactive questionnaire.

use crate::assessment::{Answer, Assessment, file, lock::Lock};
use crate::catalogue::Catalogue;
use crate::cli::AssessArgs;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::questionnaire::{
    self, Saved, Settings, lines::LinePrompter, terminal::TerminalPrompter,
};
use crate::util;
use std::io::IsTerminal;
use std::time::Duration;

/// Runs `assess`.
pub fn run(c: &Catalogue, args: AssessArgs, out: &mut Output) -> Result<u8> {
    let clause = match &args.clause {
        None => None,
        Some(id) => Some(c.clause_position(id).ok_or_else(|| {
            let hint = crate::error::closest(id, c.clauses.iter().map(|x| x.id.as_str()))
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            Error::Usage(format!("--clause {id}: no such clause in catalogue `{}`; {hint}clause numbers look like 8.5.1", c.id))
        })?),
    };
    // A link is followed once; the file it names is locked and replaced, in its folder.
    let target = crate::fs::assessment_path(&args.file)?;
    let patience = Duration::from_secs(10);
    // The lock is held only while the file is read or written, never while the person
    // thinks: `answer` from another shell, a hand edit or a `git pull` meanwhile are kept.
    let mut a = {
        let _lock = Lock::acquire_within(&target, patience)?;
        if args.file.exists() {
            let loaded = file::load(&args.file, c)?;
            for w in &loaded.warnings {
                out.warning(w);
            }
            loaded.assessment
        } else {
            let a = questionnaire::start::new_assessment(c, &args.identity, &args.file)?;
            file::save(&target, &a, c)?;
            out.note(&format!("created {}", args.file.display()));
            questionnaire::start::note_ignore(&target, out);
            a
        }
    };
    let settings = Settings {
        clause,
        review: args.review,
        file: args.file.display().to_string(),
        today: util::today(),
    };
    let mut save = |a: &mut Assessment, id: &str, base: Option<&Answer>| -> Result<Saved> {
        let _lock = Lock::acquire_within(&target, patience)?;
        // Read what the file holds now and put this one change on top of it.
        let mut now = if target.exists() {
            file::load(&args.file, c)?.assessment
        } else {
            a.clone()
        };
        let theirs = now.answers.get(id);
        if theirs != base && theirs != a.answers.get(id) {
            return Ok(Saved::Conflict(theirs.cloned().map(Box::new)));
        }
        match a.answers.get(id) {
            Some(x) => now.answers.insert(id.to_string(), x.clone()),
            None => now.answers.remove(id),
        };
        file::save(&target, &now, c)?;
        *a = now;
        Ok(Saved::Done)
    };
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if interactive {
        let mut p = TerminalPrompter::new()?;
        questionnaire::run(c, &mut a, &settings, &mut p, &mut save, &util::now)?;
    } else {
        let stdin = std::io::stdin();
        let mut p = LinePrompter::new(stdin.lock(), std::io::stderr());
        questionnaire::run(c, &mut a, &settings, &mut p, &mut save, &util::now)?;
    }
    let s = crate::score::score(c, &a);
    let mut summary = format!(
        "{}: {} of {} answered; readiness {}{}; verdict {}",
        args.file.display(),
        s.overall.answered,
        s.overall.total,
        crate::percent::Percent(s.overall.readiness),
        crate::present::score::interim(&s.overall),
        s.verdict
    );
    if !s.systemic.is_empty() {
        summary.push_str(&format!("; {} systemic finding(s)", s.systemic.len()));
    }
    if !s.concerns.is_empty() {
        summary.push_str(&format!("; {} area(s) of concern", s.concerns.len()));
    }
    out.note(&format!(
        "{summary}. `iso20k score {}` gives the reasons.",
        args.file.display()
    ));
    Ok(0)
}
