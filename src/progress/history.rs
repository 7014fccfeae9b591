//! Readiness over time: every version of an assessment file scored, oldest first.

use crate::assessment::file;
use crate::catalogue::Catalogue;
use crate::git::{self, Batch};
use crate::percent::Percent;
use crate::score::{FindingCounts, score};
use crate::source::Source;
use schemars::JsonSchema;
use serde::Serialize;
use std::path::Path;

/// Where a version comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Origin {
    /// The commit id; `None` for the working tree.
    pub commit: Option<String>,
    /// The commit date (RFC 3339); `None` for the working tree.
    pub date: Option<String>,
    /// The commit's author; `None` for the working tree.
    pub author: Option<String>,
    /// The file's path in that version.
    pub path: String,
}

/// What a version scores.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Point {
    /// The assessment's own `as_of`.
    pub as_of: String,
    /// Overall readiness.
    pub readiness: Percent,
    /// Coverage.
    pub coverage: Percent,
    /// Readiness of the answered requirements.
    pub assessed_readiness: Option<Percent>,
    /// Answered requirements.
    pub answered: usize,
    /// All requirements.
    pub total: usize,
    /// Findings by severity.
    pub findings: FindingCounts,
    /// The verdict id.
    pub verdict: String,
    /// The verdict's label.
    pub verdict_label: String,
    /// The catalogue version the file names.
    pub catalogue_version: String,
    /// Whether it was carried to the loaded catalogue's version in memory to be scored.
    pub migrated: bool,
}

/// One version of the file.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Version {
    /// Where it comes from.
    #[serde(flatten)]
    pub origin: Origin,
    /// What it scores, or why it could not be read (one line).
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// A version's score, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Outcome {
    /// It was read and scored.
    Scored(Box<Point>),
    /// It could not be read as an assessment of this catalogue.
    Unreadable {
        /// Why, in one line.
        error: String,
    },
}

/// Scores one version's text: an older catalogue version is migrated in memory first, as
/// `iso20k migrate` would, so that every version is scored by the same rules.
pub fn score_version(c: &Catalogue, name: &str, text: &str) -> Outcome {
    let loaded = match file::parse(&Source::new(name, text), c) {
        Ok(l) => l,
        Err(e) => {
            return Outcome::Unreadable {
                error: crate::safe::one_line(&e.to_string()),
            };
        }
    };
    let mut a = loaded.assessment;
    if a.catalogue.id != c.id {
        return Outcome::Unreadable {
            error: format!("made for catalogue `{}`, not `{}`", a.catalogue.id, c.id),
        };
    }
    let named = a.catalogue.version.clone();
    let migrated = named != c.version;
    if migrated {
        crate::assessment::migrate::migrate(c, &mut a);
    }
    let s = score(c, &a);
    let o = &s.overall;
    Outcome::Scored(Box::new(Point {
        as_of: a.as_of.to_string(),
        readiness: Percent(o.readiness),
        coverage: Percent(o.coverage),
        assessed_readiness: o.assessed_readiness.map(Percent),
        answered: o.answered,
        total: o.total,
        findings: o.findings,
        verdict: s.verdict.id().to_string(),
        verdict_label: s.verdict.label().to_string(),
        catalogue_version: named,
        migrated,
    }))
}

/// The most commits read: some two centuries of weekly commits.
pub const MAX_VERSIONS: usize = 10_000;

/// Every committed version of `file` (git, renames followed), oldest first, each scored;
/// the working tree last when it holds something the last commit does not. Outside a
/// repository (or without git) this is an error naming the file.
pub fn collect(c: &Catalogue, file: &Path) -> crate::Result<Vec<Version>> {
    let shown = file.display().to_string();
    let mut commits = git::log_follow(file, MAX_VERSIONS)?;
    commits.reverse();
    let mut versions = Vec::with_capacity(commits.len() + 1);
    let mut newest: Option<String> = None;
    if !commits.is_empty() {
        let mut batch = Batch::start_in(&git::home_of(file).0).map_err(|e| {
            crate::error::Error::Invalid(vec![crate::error::Diagnostic::file(
                &shown,
                format!("git could not be run to read its history: {e}"),
            )])
        })?;
        for commit in commits {
            let name = format!("{}:{}", &commit.id[..commit.id.len().min(10)], commit.path);
            let text = batch.read(&format!("{}:{}", commit.id, commit.path));
            let outcome = match &text {
                Ok(Some(t)) => score_version(c, &name, t),
                Ok(None) => Outcome::Unreadable {
                    error: format!("{name}: git has no such file"),
                },
                Err(e) => Outcome::Unreadable {
                    error: format!("{name}: {e}"),
                },
            };
            newest = text.ok().flatten();
            versions.push(Version {
                origin: Origin {
                    commit: Some(commit.id),
                    date: Some(commit.date),
                    author: Some(commit.author),
                    path: commit.path,
                },
                outcome,
            });
        }
    }
    // The working tree, when it holds something the last commit does not.
    if std::fs::symlink_metadata(file).is_ok() {
        let source = Source::read(file)?;
        if newest.as_deref() != Some(source.text.as_str()) {
            versions.push(Version {
                origin: Origin {
                    commit: None,
                    date: None,
                    author: None,
                    path: shown.clone(),
                },
                outcome: score_version(c, &shown, &source.text),
            });
        }
    }
    Ok(versions)
}
