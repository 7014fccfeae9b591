//! Reading files from git: nothing the user typed is taken as an option, a blob's size is
//! checked before any of it is read, and git's own words are cleaned of control characters
//! (a crafted ref name or path could carry terminal escape sequences).

use crate::error::{Diagnostic, Error, Result};
use crate::source::MAX_INPUT_BYTES;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// Reads `PATH` at `REV`, as `diff` takes a side `REV:PATH` (`given`, for messages). The
/// path is relative to the current folder. `None` when the revision exists but has no such
/// file.
pub fn show(given: &str, rev: &str, file: &str) -> Result<Option<String>> {
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
                return Ok(None);
            }
            _ => format!("is not a file, and git has no revision {rev}"),
        }));
    }
    let oid = String::from_utf8_lossy(&found.stdout).trim().to_string();
    if oid.is_empty() || !oid.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(fail("is not a file, and git gave no object for it".into()));
    }
    let mut batch = Batch::start().map_err(cannot_run)?;
    match batch.read(&oid) {
        Ok(Some(text)) => Ok(Some(text)),
        Ok(None) => Err(fail("is not a file, and git cannot read it as one".into())),
        Err(e) => Err(fail(e.to_string())),
    }
}

/// `git rev-parse` of one revision, which git never takes for an option.
pub fn rev_parse(spec: &str) -> std::io::Result<std::process::Output> {
    Command::new("git")
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options", spec])
        .stdin(Stdio::null())
        .output()
}

/// Why a blob could not be read, in words that follow its name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlobError {
    /// The object is a folder.
    #[error("is a folder in git, not a file")]
    Tree,
    /// Another kind of object (a commit, for a submodule).
    #[error("is a {0} in git, not a file")]
    NotBlob(String),
    /// Over the input limit.
    #[error("is {0} bytes in git, over the {limit} MiB limit for inputs", limit = MAX_INPUT_BYTES / 1024 / 1024)]
    TooLarge(u64),
    /// Not UTF-8.
    #[error("is not UTF-8 text")]
    NotText,
    /// git stopped, or could not be talked to.
    #[error("could not be read from git: {0}")]
    Broken(String),
}

/// One `git cat-file --batch` process, asked for one object at a time (each answer is read
/// before the next question, so neither side can block the other).
#[derive(Debug)]
pub struct Batch {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Batch {
    /// Starts git in the current folder.
    pub fn start() -> std::io::Result<Batch> {
        Self::start_in(std::path::Path::new("."))
    }

    /// Starts git in `dir`, for the repository that holds it.
    pub fn start_in(dir: &std::path::Path) -> std::io::Result<Batch> {
        let mut child = Command::new("git")
            .args(["cat-file", "--batch"])
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other("git's pipes could not be opened"));
        };
        Ok(Batch {
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
        })
    }

    /// The text of the blob `object` names (an object id, or `REV:PATH` with a path from
    /// the repository's root): `None` when there is no such object. The header gives the
    /// type and size before any content, and no more than [`MAX_INPUT_BYTES`] is read.
    pub fn read(&mut self, object: &str) -> std::result::Result<Option<String>, BlobError> {
        let broken = |e: std::io::Error| BlobError::Broken(e.to_string());
        if object.contains('\n') {
            return Ok(None);
        }
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| BlobError::Broken("git has stopped".into()))?;
        writeln!(stdin, "{object}").map_err(broken)?;
        stdin.flush().map_err(broken)?;
        let mut header = String::new();
        (&mut self.stdout)
            .take(4096)
            .read_line(&mut header)
            .map_err(broken)?;
        // `<oid> <type> <size>`, or `<name> missing` (or `ambiguous`).
        let mut fields = header.rsplitn(3, ' ');
        let size = fields.next().map(|s| s.trim_end().parse::<u64>());
        let kind = fields.next();
        let size = match (kind, size) {
            (Some("blob"), Some(Ok(size))) => size,
            (Some(kind), Some(Ok(size))) => {
                // Another kind of object: skip its content and the line break after it.
                self.skip(size + 1).map_err(broken)?;
                return Err(if kind == "tree" {
                    BlobError::Tree
                } else {
                    BlobError::NotBlob(crate::safe::one_line(kind))
                });
            }
            _ if header.trim_end().ends_with(" missing")
                || header.trim_end().ends_with(" ambiguous") =>
            {
                return Ok(None);
            }
            _ => return Err(BlobError::Broken("git gave no answer".into())),
        };
        if size > MAX_INPUT_BYTES {
            // The rest of this answer is never read: stop asking.
            self.stop();
            return Err(BlobError::TooLarge(size));
        }
        // Never more than the size the header gave, itself within the limit.
        let mut bytes = Vec::with_capacity(size as usize);
        (&mut self.stdout)
            .take(size)
            .read_to_end(&mut bytes)
            .map_err(broken)?;
        let mut end = [0u8; 1];
        if bytes.len() as u64 != size || self.stdout.read_exact(&mut end).is_err() {
            self.stop();
            return Err(BlobError::Broken(
                "git ended before the whole file was read".into(),
            ));
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| BlobError::NotText)
    }

    fn skip(&mut self, n: u64) -> std::io::Result<()> {
        std::io::copy(&mut (&mut self.stdout).take(n), &mut std::io::sink()).map(|_| ())
    }

    fn stop(&mut self) {
        self.stdin = None;
        let _ = self.child.kill();
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Over the limit, git may still be writing a blob: stop it rather than drain it.
        self.stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One commit that changed a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full object id.
    pub id: String,
    /// The commit date (RFC 3339, as git gives it).
    pub date: String,
    /// The author's name.
    pub author: String,
    /// The file's path at that commit, from the repository's root.
    pub path: String,
}

/// The folder git runs in for `file`, and the file's name from there: git finds the
/// repository that holds the file wherever the command was started.
pub fn home_of(file: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = file
        .file_name()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| file.to_path_buf());
    (dir, name)
}

/// Every commit that changed `file`, following renames, newest first, at most `limit`. git
/// runs in the file's folder ([`home_of`]); the path goes after `--`, so git never reads it
/// as an option; user settings that would change the output are overridden.
pub fn log_follow(file: &std::path::Path, limit: usize) -> Result<Vec<Commit>> {
    let shown = file.display().to_string();
    let (dir, name) = home_of(file);
    let out = Command::new("git")
        .current_dir(&dir)
        .args([
            // Settings of the repository that would run a program or change the output
            // are overridden: a repository can come from anyone.
            "-c",
            "log.showSignature=false",
            "-c",
            "core.fsmonitor=false",
            "-c",
            "diff.renames=true",
            "log",
            "--follow",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--name-status",
            "-z",
            "--format=%x1e%H%x1f%cI%x1f%an",
        ])
        .arg(format!("--max-count={limit}"))
        .arg("--")
        .arg(&name)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            Error::Invalid(vec![Diagnostic::file(
                &shown,
                format!("git could not be run to read its history: {e}"),
            )])
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let line = err.lines().next().map(str::trim).unwrap_or_default();
        return Err(Error::Invalid(vec![
            Diagnostic::file(
                &shown,
                format!(
                    "git cannot read its history: {}",
                    crate::safe::one_line(line)
                ),
            )
            .with_help("history reads the commits of a file in a git repository"),
        ]));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut commits = Vec::new();
    for record in text.split('\u{1e}').filter(|r| !r.is_empty()) {
        // `id US date US author NUL LF status NUL path [NUL path] NUL`
        let (head, changes) = record.split_once("\0").unwrap_or((record, ""));
        let mut f = head.split('\u{1f}');
        let (Some(id), Some(date), Some(author)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        let fields: Vec<&str> = changes
            .trim_start_matches('\n')
            .split('\0')
            .filter(|x| !x.is_empty())
            .collect();
        // The last path of the change is the file's name at this commit (the new one of a
        // rename); a commit that deletes it has nothing to read and is left out.
        if fields.first().is_some_and(|s| s.starts_with('D')) {
            continue;
        }
        let Some(path) = fields.last().filter(|_| fields.len() >= 2) else {
            continue;
        };
        commits.push(Commit {
            id: id.to_string(),
            date: date.to_string(),
            author: author.to_string(),
            path: (*path).to_string(),
        });
    }
    Ok(commits)
}
