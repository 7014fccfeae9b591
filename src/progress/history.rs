//! Readiness over time: every version of an assessment file scored, oldest first.

use crate::assessment::file;
use crate::catalogue::Catalogue;
use crate::percent::Percent;
use crate::score::{FindingCounts, score};
use crate::source::Source;
use schemars::JsonSchema;
use serde::Serialize;

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
        verdict: s.verdict.clone(),
        verdict_label: s.verdict_label.clone(),
        catalogue_version: named,
        migrated,
    }))
}
