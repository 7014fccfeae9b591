//! Running the binary the way a user would, with a clean environment.
//!
//! Most cases read as data through [`Test`]: files in a fresh directory, the arguments,
//! what goes to stdin, then one run whose outcome ([`Run`]) is asserted or snapshotted
//! with [`assert_run_snapshot!`].

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

/// One CLI test: a fresh directory with the files it needs, then one run of iso20k in it.
///
/// Files are written as they are added, so a case can read what an earlier step wrote
/// (`Test::new().assessment("a.yaml")` and then `read("a.yaml")`).
#[derive(Debug)]
pub struct Test {
    dir: tempfile::TempDir,
    args: Vec<String>,
    stdin: Option<String>,
    env: Vec<(String, String)>,
}

impl Default for Test {
    fn default() -> Self {
        Self::new()
    }
}

impl Test {
    /// An empty directory, no arguments, nothing on stdin.
    pub fn new() -> Self {
        Test {
            dir: tempdir(),
            args: Vec::new(),
            stdin: None,
            env: Vec::new(),
        }
    }

    /// The directory iso20k runs in.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// `rel` inside the directory.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir().join(rel)
    }

    /// Writes `contents` to `rel`, creating the folders on the way.
    pub fn file(self, rel: &str, contents: impl AsRef<[u8]>) -> Self {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, contents).unwrap();
        self
    }

    /// An assessment of the built-in catalogue at `rel`, written by `init`.
    pub fn assessment(self, rel: &str) -> Self {
        init(self.dir(), rel, None);
        self
    }

    /// Adds arguments.
    pub fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// What the run reads on stdin (by default: nothing, at once end of file).
    pub fn stdin(mut self, text: &str) -> Self {
        self.stdin = Some(text.to_string());
        self
    }

    /// Sets an environment variable on top of the clean environment of [`command`].
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// Runs iso20k.
    pub fn run(&self) -> Run {
        let mut c = command(self.dir());
        c.args(&self.args);
        for (k, v) in &self.env {
            c.env(k, v);
        }
        execute(c, self.stdin.as_deref())
    }

    /// Runs iso20k, killing it if it has not ended within `limit`: for input that could
    /// make it hang. `None` when it had to be killed.
    pub fn run_within(&self, limit: Duration) -> Option<Run> {
        let mut c = command(self.dir());
        c.args(&self.args);
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn iso20k");
        if let Some(s) = &self.stdin {
            let _ = child.stdin.take().unwrap().write_all(s.as_bytes());
        }
        drop(child.stdin.take());
        // Drain both pipes meanwhile, so that a full pipe cannot pass for a hang.
        let drain = |mut r: Box<dyn std::io::Read + Send>| {
            std::thread::spawn(move || {
                let mut v = Vec::new();
                let _ = r.read_to_end(&mut v);
                String::from_utf8_lossy(&v).into_owned()
            })
        };
        let stdout = drain(Box::new(child.stdout.take().unwrap()));
        let stderr = drain(Box::new(child.stderr.take().unwrap()));
        let mut status = None;
        let ended = eventually(limit, || {
            status = child.try_wait().unwrap();
            status.is_some()
        });
        if !ended {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        Some(Run {
            code: status.and_then(|s| s.code()).unwrap_or(-1),
            stdout: stdout.join().unwrap(),
            stderr: stderr.join().unwrap(),
        })
    }

    /// The bytes of `rel`.
    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Makes `rel` a symbolic link to `target` (which need not exist).
    pub fn symlink(self, rel: &str, target: &str) -> Self {
        std::os::unix::fs::symlink(target, self.path(rel)).unwrap();
        self
    }

    /// Makes `rel` a FIFO (named pipe), with `mkfifo`.
    pub fn fifo(self, rel: &str) -> Self {
        let st = Command::new("mkfifo").arg(self.path(rel)).status().unwrap();
        assert!(st.success(), "mkfifo {rel}");
        self
    }

    /// Every file below the directory and its bytes, to show that a run changed nothing.
    /// A link is not followed but shown as where it points, and a FIFO or other special
    /// file as its kind, never opened (opening a FIFO to read it would wait forever).
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                let Ok(meta) = std::fs::symlink_metadata(&p) else {
                    continue;
                };
                let t = meta.file_type();
                if t.is_dir() {
                    walk(&p, root, out);
                } else if t.is_symlink() {
                    let to = std::fs::read_link(&p).unwrap();
                    out.insert(rel, format!("<symlink to {}>", to.display()).into_bytes());
                } else if t.is_file() {
                    out.insert(rel, std::fs::read(&p).unwrap_or_default());
                } else {
                    out.insert(rel, format!("<{t:?}>").into_bytes());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(self.dir(), self.dir(), &mut out);
        out
    }
}

/// One `#[test]` per refusal (`assessment.rs`, `capability.rs`): exit 2, a snapshot of the
/// outcome, and `a.yaml` as it was before (still absent where there was none).
macro_rules! refused {
    ($($name:ident => $test:expr;)+) => {
        $(
            #[test]
            fn $name() {
                let t = $test;
                let before = std::fs::read(t.path("a.yaml")).ok();
                let r = t.run();
                assert_eq!(r.code, 2, "{r:?}");
                assert_run_snapshot!(t, r);
                assert_eq!(
                    std::fs::read(t.path("a.yaml")).ok(),
                    before,
                    "a.yaml as it was"
                );
            }
        )+
    };
}

/// Snapshots a run of a [`Test`] (exit code, stdout, stderr, its directory shown as
/// `[DIR]`) under the name of the test function.
macro_rules! assert_run_snapshot {
    ($test:expr, $run:expr) => {{
        let d = $test.dir();
        let r = &$run;
        insta::assert_snapshot!(r.snapshot(d));
    }};
}
pub(crate) use assert_run_snapshot;
pub(crate) use refused;

/// Polls `done` every few milliseconds until it holds (true) or `timeout` has passed
/// (false): for a state the program shows without printing anything, such as a lock it
/// has taken or a process that has ended.
pub fn eventually(timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
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

/// Runs `c` with `stdin` (or none: end of file at once) and collects the outcome.
fn execute(mut c: Command, stdin: Option<&str>) -> Run {
    c.stdin(Stdio::piped())
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

/// Runs iso20k in `dir` with `args` and optional stdin.
pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut c = command(dir);
    c.args(args);
    execute(c, stdin)
}

/// Runs iso20k in the repository root, with git kept out of the project's own repository
/// (the report's trend would follow this project's commits of the example).
pub fn run(args: &[&str]) -> Run {
    let mut c = command(&repo());
    c.env("GIT_DIR", repo().join("target/no-such-git-dir"))
        .args(args);
    execute(c, None)
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

/// Runs git in `dir` with a fixed identity and no system or user configuration.
pub fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "T")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "T")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

// Tests that need a program outside Rust (chromium, or the Python tools of
// `tests/requirements.txt`) are `#[ignore = "needs ..."]`: a plain `cargo test` reports them
// as ignored with the reason, and `bash .ci/run` installs what they need and runs them with
// `--include-ignored`, where a missing program is a failure, never a skip.

/// The Python of the virtual environment that `bash .ci/run` builds in `target/venv` from
/// `tests/requirements.txt` (or `ISO20K_PYTHON`). Only ignored tests call it, so a missing one is a failure with the way to get it.
pub fn venv_python() -> PathBuf {
    let p = std::env::var_os("ISO20K_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/venv/bin/python"));
    assert!(
        p.is_file(),
        "no Python with the test tools at {}: run `bash .ci/run` once, or \
         `python3 -m venv target/venv && target/venv/bin/pip install -r tests/requirements.txt`",
        p.display()
    );
    p
}

/// A program the venv installed (`actionlint`, `trestle`, `check-jsonschema` ...).
pub fn venv_tool(name: &str) -> PathBuf {
    let python = venv_python();
    let p = python.with_file_name(name);
    assert!(
        p.is_file(),
        "{name} is not in {}: `{} -m pip install -r tests/requirements.txt`",
        p.parent()
            .map(|d| d.display().to_string())
            .unwrap_or_default(),
        python.display()
    );
    p
}
