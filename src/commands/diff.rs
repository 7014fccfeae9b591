//! `iso20k diff`: what changed between two assessments, for people, pull requests and CI.

use crate::assessment::{Assessment, file};
use crate::catalogue::Catalogue;
use crate::cli::{DiffArgs, DiffFormat};
use crate::error::{Diagnostic, EXIT_GATE, Error, Result};
use crate::output::Output;
use crate::present::diff::{Sides, json, markdown, table};
use crate::progress::diff::{Input, diff};
use crate::score::score;
use crate::source::{MAX_INPUT_BYTES, Source};
use std::path::Path;
use std::process::Command;

/// Runs `diff`.
pub fn run(c: &Catalogue, args: DiffArgs, out: &mut Output) -> Result<u8> {
    let old = load_side(c, &args.old, out)?;
    let new = load_side(c, &args.new, out)?;
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
        old: &args.old,
        new: &args.new,
    };
    let text = match args.format {
        DiffFormat::Json => {
            let mut t = serde_json::to_string_pretty(&json(&sides, &d)).unwrap_or_default();
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
    Ok(if args.fail_on_regression && d.regression {
        EXIT_GATE
    } else {
        0
    })
}

/// Reads a side: a file, or `REV:PATH` from git when no such file exists.
fn load_side(c: &Catalogue, given: &str, out: &mut Output) -> Result<Assessment> {
    let path = Path::new(given);
    let from_git = given
        .split_once(':')
        .filter(|(rev, file)| !rev.is_empty() && !file.is_empty() && !path.exists());
    let source = match from_git {
        Some((rev, file)) => Source::new(given, &git_show(given, rev, file)?),
        None => Source::read(path)?,
    };
    let loaded = file::parse(&source, c)?;
    for w in &loaded.warnings {
        out.warning(w);
    }
    Ok(loaded.assessment)
}

fn git_show(given: &str, rev: &str, file: &str) -> Result<String> {
    // `./` makes git resolve the path from the current folder, as the user typed it.
    let spec = if file.starts_with("./") || file.starts_with('/') {
        format!("{rev}:{file}")
    } else {
        format!("{rev}:./{file}")
    };
    let fail = |msg: String| {
        Error::Invalid(vec![Diagnostic::file(given, msg).with_help(
            "a side is a file, or REV:PATH for a file in git, e.g. main:assessment.yaml or HEAD~1:assessment.yaml",
        )])
    };
    let output = Command::new("git")
        .args(["show", "--no-textconv", &spec])
        .output()
        .map_err(|e| {
            fail(format!(
                "is not a file, and git could not be run to read it: {e}"
            ))
        })?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        let err = err.lines().next().unwrap_or("git show failed").trim();
        return Err(fail(format!(
            "is not a file, and git cannot read it: {err}"
        )));
    }
    if output.stdout.len() as u64 > MAX_INPUT_BYTES {
        return Err(fail(format!(
            "is over the {} MiB limit for inputs",
            MAX_INPUT_BYTES / 1024 / 1024
        )));
    }
    String::from_utf8(output.stdout).map_err(|_| fail("is not UTF-8 text".into()))
}
