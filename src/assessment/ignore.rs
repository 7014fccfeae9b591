//! Keeping the lock file out of git: a new assessment in a git work tree gets its lock's
//! name added to the `.gitignore` beside it, unless git ignores it already.

use super::lock::lock_path;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What [`ignore_lock`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ignored {
    /// Git ignores the lock file already.
    Already,
    /// The line was added to this `.gitignore`.
    Added(PathBuf, String),
    /// The folder is in no git work tree (or git is not installed): the line to add if
    /// it ever is.
    NotARepo(String),
    /// The `.gitignore` could not be written; the line to add by hand, and why.
    Failed(String, String),
}

/// The `.gitignore` line for a file name: anchored to its folder, every character git
/// would read as a pattern escaped.
fn pattern(name: &str) -> String {
    let mut out = String::from("/");
    for c in name.chars() {
        if matches!(c, '*' | '?' | '[' | '\\' | ' ' | '!' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn git(folder: &Path, args: &[&str]) -> Option<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
}

/// Makes git ignore the lock file of the assessment at `target` (a regular file's path).
pub fn ignore_lock(target: &Path) -> Ignored {
    let lock = lock_path(target);
    let name = lock
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let line = pattern(&name);
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let inside = git(&folder, &["rev-parse", "--is-inside-work-tree"])
        .is_some_and(|o| o.status.success() && o.stdout.starts_with(b"true"));
    if !inside {
        return Ignored::NotARepo(line);
    }
    match git(&folder, &["check-ignore", "-q", "--no-index", "--", &name])
        .and_then(|o| o.status.code())
    {
        Some(0) => return Ignored::Already,
        Some(1) => {}
        _ => return Ignored::Failed(line, "git check-ignore failed".into()),
    }
    let path = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(".gitignore"),
        _ => PathBuf::from(".gitignore"),
    };
    let mut text = match crate::source::Source::read(&path) {
        Ok(s) => s.text,
        Err(_) if !path.exists() => String::new(),
        Err(e) => return Ignored::Failed(line, e.to_string()),
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# iso20k's lock, there only while a save happens\n");
    text.push_str(&line);
    text.push('\n');
    match crate::fs::write_atomic(&path, text.as_bytes()) {
        Ok(()) => Ignored::Added(path, line),
        Err(e) => Ignored::Failed(line, e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_anchored_and_escaped() {
        assert_eq!(pattern(".a.yaml.lock"), "/.a.yaml.lock");
        assert_eq!(pattern(".x [1]*.yaml.lock"), "/.x\\ \\[1]\\*.yaml.lock");
    }
}
