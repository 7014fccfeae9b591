//! `iso20k diff`: what changed between two assessments, for people, pull requests and CI.

use crate::assessment::{Assessment, file};
use crate::catalogue::Catalogue;
use crate::cli::{DiffArgs, DiffFormat};
use crate::error::{Diagnostic, EXIT_GATE, Error, Result};
use crate::output::Output;
use crate::present::diff::{DiffView, Sides, markdown, table};
use crate::progress::diff::{Input, diff};
use crate::score::score;
use crate::source::{MAX_INPUT_BYTES, Source};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{ChildStdin, ChildStdout, Command, Stdio};

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

/// Reads `PATH` at `REV` from git, with nothing the user typed taken as an option, the
/// blob's size checked before any of it is read, and git's own words cleaned of control
/// characters (a crafted ref name or path could carry terminal escape sequences).
fn git_show(given: &str, rev: &str, file: &str) -> Result<String> {
    let fail = |msg: String| {
        Error::Invalid(vec![Diagnostic::file(given, msg).with_help(
            "a side is a file, or REV:PATH for a file in git, e.g. main:assessment.yaml or HEAD~1:assessment.yaml",
        )])
    };
    if rev.starts_with('-') {
        return Err(fail(
            "is not a file, and a git revision cannot start with `-`".into(),
        ));
    }
    // `./` makes git resolve the path from the current folder, as the user typed it.
    let spec = if file.starts_with("./") || file.starts_with('/') {
        format!("{rev}:{file}")
    } else {
        format!("{rev}:./{file}")
    };
    let cannot_run = |e: std::io::Error| {
        fail(format!(
            "is not a file, and git could not be run to read it: {e}"
        ))
    };
    let found = rev_parse(&spec).map_err(cannot_run)?;
    if !found.status.success() {
        // `--quiet` leaves stderr empty for a missing revision or path (exit 1); anything
        // else (not a repository, a path outside it) is git's to explain.
        let err = String::from_utf8_lossy(&found.stderr);
        return Err(fail(match err.lines().next().map(str::trim) {
            Some(line) if !line.is_empty() => format!(
                "is not a file, and git cannot read it: {}",
                crate::safe::one_line(line)
            ),
            _ if rev_parse(&format!("{rev}^{{tree}}")).is_ok_and(|o| o.status.success()) => {
                format!("is not a file, and git has no file {file} in revision {rev}")
            }
            _ => format!("is not a file, and git has no revision {rev}"),
        }));
    }
    let oid = String::from_utf8_lossy(&found.stdout).trim().to_string();
    if oid.is_empty() || !oid.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(fail("is not a file, and git gave no object for it".into()));
    }
    read_blob(&oid, &fail)
}

/// `git rev-parse` of one revision, which git never takes for an option.
fn rev_parse(spec: &str) -> std::io::Result<std::process::Output> {
    Command::new("git")
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options", spec])
        .stdin(Stdio::null())
        .output()
}

/// The blob `oid`, through `git cat-file --batch`: its header gives the type and size
/// before the content, and no more than [`MAX_INPUT_BYTES`] of it is ever read.
fn read_blob(oid: &str, fail: &dyn Fn(String) -> Error) -> Result<String> {
    let mut git = Command::new("git")
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| {
            fail(format!(
                "is not a file, and git could not be run to read it: {e}"
            ))
        })?;
    let result = match (git.stdin.take(), git.stdout.take()) {
        (Some(stdin), Some(stdout)) => read_batch(oid, stdin, stdout, fail),
        _ => Err(fail("is not a file, and git could not be read".into())),
    };
    // Over the limit, git may still be writing the blob: stop it rather than drain it.
    let _ = git.kill();
    let _ = git.wait();
    result
}

fn read_batch(
    oid: &str,
    mut stdin: ChildStdin,
    stdout: ChildStdout,
    fail: &dyn Fn(String) -> Error,
) -> Result<String> {
    let broken = |e: std::io::Error| fail(format!("is not a file, and git could not be read: {e}"));
    writeln!(stdin, "{oid}").map_err(broken)?;
    drop(stdin);
    let mut reader = BufReader::new(stdout);
    let mut header = String::new();
    (&mut reader)
        .take(256)
        .read_line(&mut header)
        .map_err(broken)?;
    // `<oid> <type> <size>`, or `<oid> missing`.
    let mut fields = header.split_whitespace().skip(1);
    let size = match (fields.next(), fields.next().map(str::parse::<u64>)) {
        (Some("blob"), Some(Ok(size))) => size,
        (Some("tree"), _) => return Err(fail("is a folder in git, not a file".into())),
        _ => return Err(fail("is not a file, and git cannot read it as one".into())),
    };
    if size > MAX_INPUT_BYTES {
        return Err(fail(format!(
            "is {size} bytes in git, over the {} MiB limit for inputs",
            MAX_INPUT_BYTES / 1024 / 1024
        )));
    }
    // Never more than the size the header gave, itself within the limit.
    let mut bytes = Vec::with_capacity(size as usize);
    reader.take(size).read_to_end(&mut bytes).map_err(broken)?;
    if bytes.len() as u64 != size {
        return Err(fail(
            "is cut short: git ended before the whole file was read".into(),
        ));
    }
    String::from_utf8(bytes).map_err(|_| fail("is not UTF-8 text".into()))
}
