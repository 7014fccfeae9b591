//! `iso20k diff`: what changed between two assessments, for people, pull requests and CI.

use crate::assessment::{Assessment, file};
use crate::catalogue::Catalogue;
use crate::cli::{DiffArgs, DiffFormat};
use crate::error::{Diagnostic, EXIT_GATE, Error, Result};
use crate::output::Output;
use crate::present::diff::{DiffView, Sides, markdown, table};
use crate::progress::diff::{Input, diff};
use crate::score::score;
use crate::source::Source;
use std::path::Path;

/// Runs `diff`.
pub fn run(c: &Catalogue, args: DiffArgs, out: &mut Output) -> Result<u8> {
    let old = load_side(c, &args.old, out)?;
    let new = load_side(c, &args.new, out)?.ok_or_else(|| missing(&args.new, false))?;
    let mut old_label = args.old.clone();
    let old = match old {
        Some(a) => a,
        // The first pull request that adds the assessment: the base has no file yet, and
        // every answer is new. The header is the new side's, so that only answers differ.
        None if args.old_missing_ok => {
            old_label.push_str(" (missing: compared as an empty assessment)");
            Assessment::new(
                c,
                new.organization.clone(),
                new.scope.clone(),
                new.assessor.clone(),
                new.as_of,
            )
        }
        None => return Err(missing(&args.old, true)),
    };
    let (s0, s1) = (score(c, &old), score(c, &new));
    let d = diff(
        c,
        Input {
            assessment: &old,
            scores: &s0,
        },
        Input {
            assessment: &new,
            scores: &s1,
        },
    );
    let sides = Sides {
        old: &old_label,
        new: &args.new,
    };
    let text = match args.format {
        DiffFormat::Json => {
            let mut t =
                serde_json::to_string_pretty(&DiffView::new(&sides, &d)).unwrap_or_default();
            t.push('\n');
            t
        }
        DiffFormat::Md => markdown(&sides, &d),
        DiffFormat::Table => table(&sides, &d, out),
    };
    match args.format {
        DiffFormat::Json => out.json(&text)?,
        DiffFormat::Md | DiffFormat::Table => out.text(&text)?,
    }
    let gated = (args.fail_on_regression && d.regression)
        || (args.fail_on_capability_regression && d.capability_regression);
    Ok(if gated { EXIT_GATE } else { 0 })
}

/// The error for a side that does not exist.
fn missing(given: &str, old: bool) -> Error {
    let what = match given.split_once(':') {
        Some((rev, file)) if !rev.is_empty() && !file.is_empty() => {
            format!("is not a file, and git has no file {file} in revision {rev}")
        }
        _ => "does not exist".to_string(),
    };
    let d = Diagnostic::file(given, what).with_help(if old {
        "a side is a file, or REV:PATH for a file in git; --old-missing-ok compares a missing old side as an empty assessment (the first pull request that adds the file)"
    } else {
        "a side is a file, or REV:PATH for a file in git, e.g. main:assessment.yaml or HEAD~1:assessment.yaml"
    });
    Error::Invalid(vec![d])
}

/// Reads a side: a file, or `REV:PATH` from git when no such file exists. `None` when
/// there is no such file: neither on disk nor in an existing revision (a revision that
/// does not exist, or git failing, is an error).
fn load_side(c: &Catalogue, given: &str, out: &mut Output) -> Result<Option<Assessment>> {
    let path = Path::new(given);
    let from_git = given
        .split_once(':')
        .filter(|(rev, file)| !rev.is_empty() && !file.is_empty() && !path.exists());
    let source = match from_git {
        Some((rev, file)) => match crate::git::show(given, rev, file)? {
            Some(text) => Source::new(given, &text),
            None => return Ok(None),
        },
        None if std::fs::symlink_metadata(path).is_err() => return Ok(None),
        None => Source::read(path)?,
    };
    let loaded = file::parse(&source, c)?;
    for w in &loaded.warnings {
        out.warning(w);
    }
    Ok(Some(loaded.assessment))
}
