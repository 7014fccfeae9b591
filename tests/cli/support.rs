//! Running the binary the way a user would, with a clean environment.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The outcome of one run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// A stable text of the whole outcome, for snapshots; `dir` is shown as `[DIR]`.
    pub fn snapshot(&self, dir: &Path) -> String {
        let d = dir.display().to_string();
        format!(
            "exit: {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code,
            self.stdout.replace(&d, "[DIR]").trim_end(),
            self.stderr.replace(&d, "[DIR]").trim_end()
        )
    }
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_iso20k")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    repo().join("tests/fixtures").join(rel)
}

/// A command with a clean environment: no colour, a fixed "today" and "now".
pub fn command(dir: &Path) -> Command {
    let mut c = Command::new(bin());
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .env("ISO20K_TODAY", "2026-11-30")
        .env("ISO20K_NOW", "2026-11-30T12:00:00Z")
        .current_dir(dir);
    c
}

/// Runs iso20k in `dir` with `args` and optional stdin.
pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut c = command(dir);
    c.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn iso20k");
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            let _ = input.write_all(s.as_bytes());
        }
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs iso20k in the repository root.
pub fn run(args: &[&str]) -> Run {
    run_in(&repo(), args, None)
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Creates an assessment file in `dir` and returns its path.
pub fn init(dir: &Path, name: &str, catalogue: Option<&Path>) -> PathBuf {
    let mut args = vec![
        "init",
        name,
        "--org",
        "Acme Hosting Ltd",
        "--scope",
        "Managed hosting",
        "--assessor",
        "Dana",
        "--date",
        "2026-11-30",
    ];
    let cat;
    if let Some(c) = catalogue {
        cat = c.display().to_string();
        args.push("--catalogue");
        args.push(&cat);
    }
    let r = run_in(dir, &args, None);
    assert_eq!(r.code, 0, "{r:?}");
    dir.join(name)
}
